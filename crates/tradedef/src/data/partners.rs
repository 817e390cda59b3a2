//! The partner registry: one row per trade partner (country, territory, former state, area or
//! Census aggregate) with its key in every dataset — ISO 3166-1 alpha-3, Census country code and
//! name, SIPRI name, DMDC name, currency — so a user's word resolves to the right key everywhere.
//!
//! The registry is the embedded dataset `partners`, written by `tradedef data import partners`
//! (see `data/README.md` for its sources and matching rules). [`partner`] resolves a word
//! case- and accent-insensitively over names, codes and aliases; a word that matches nothing is
//! an error listing the closest names, a word that matches several partners is an error listing
//! them.
//!
//! ```
//! use tradedef::data::partner;
//!
//! let korea = partner("korea, south")?;
//! assert_eq!(korea.name, "South Korea");
//! assert_eq!(korea.census_code.as_deref(), Some("5800"));
//! assert_eq!(partner("KOR")?, korea);
//! assert!(partner("Korea").unwrap_err().to_string().contains("North Korea"));
//! # Ok::<(), tradedef::Error>(())
//! ```

use crate::data::ids;
use std::fmt;
use std::sync::OnceLock;

use serde::Serialize;

use super::catalog::{entry, load};
use crate::similar::{CLOSE, fold, score_folded};
use crate::{Error, Location, Result};

/// The registry's dataset id.
const ID: &str = ids::PARTNERS.as_str();

/// A trade partner and its key in each publisher's data. An empty key (`None`) means the
/// publisher has no such key for this partner; the dataset's `missing` column says why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Partner {
    /// Display name: a common English short name, e.g. "South Korea".
    pub name: String,
    /// ISO 3166-1 alpha-3 code, e.g. "KOR" (none for former states, areas and aggregates).
    pub iso3: Option<String>,
    /// The ISO 3166-1 short name, e.g. "Korea, Republic of".
    pub iso_name: Option<String>,
    /// Census country code (CTY_CODE, 4 digits), the `partner_code` of
    /// `us_goods_trade_by_partner`, e.g. "5800".
    pub census_code: Option<String>,
    /// Census country name, the `partner` of `us_goods_trade_by_partner`, e.g. "Korea, South".
    pub census_name: Option<String>,
    /// The `country` of `sipri_milex` (SIPRI's spelling), e.g. "Korea, South".
    pub sipri_name: Option<String>,
    /// The DMDC troop reports' `countryname` (the `country` of `us_troops_by_country`).
    pub dmdc_name: Option<String>,
    /// ISO 4217 code of the partner's currency, e.g. "KRW", where known.
    pub currency: Option<String>,
    /// Other names users type, e.g. "Republic of Korea".
    pub aliases: Vec<String>,
    /// `country` (an ISO 3166-1 country or territory), `former` (a former state, or a Census
    /// code no longer used), `area` (a place with its own key but no ISO 3166-1 code),
    /// `aggregate` (a Census group such as the European Union) or `other`.
    pub kind: String,
}

impl fmt::Display for Partner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl Partner {
    /// Every name and code the partner is known by, display name first.
    fn keys(&self) -> impl Iterator<Item = &str> {
        [
            Some(&self.name),
            self.iso3.as_ref(),
            self.census_code.as_ref(),
            self.iso_name.as_ref(),
            self.census_name.as_ref(),
            self.sipri_name.as_ref(),
            self.dmdc_name.as_ref(),
        ]
        .into_iter()
        .flatten()
        .chain(&self.aliases)
        .map(String::as_str)
    }

    /// Its display name, ISO code and Census code, for lists of candidates.
    fn label(&self) -> String {
        let codes: Vec<String> = [
            self.iso3.clone(),
            self.census_code.as_ref().map(|c| format!("Census {c}")),
        ]
        .into_iter()
        .flatten()
        .collect();
        if codes.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, codes.join(", "))
        }
    }
}

/// Every partner of the registry, in the dataset's order (by name). Loaded once per process
/// (validated and checksum-checked) and then shared.
///
/// ```
/// let all = tradedef::data::partners()?;
/// assert!(all.iter().any(|p| p.iso3.as_deref() == Some("JPN")));
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn partners() -> Result<&'static [Partner]> {
    static REGISTRY: OnceLock<Vec<Partner>> = OnceLock::new();
    if let Some(all) = REGISTRY.get() {
        return Ok(all);
    }
    let all = read_registry()?;
    Ok(REGISTRY.get_or_init(|| all))
}

fn read_registry() -> Result<Vec<Partner>> {
    load(ID)?;
    let e = entry(ID)?;
    let text = e.csv()?;
    let mut reader = csv::Reader::from_reader(&*text);
    let header = reader
        .headers()
        .map_err(|err| Error::invalid(Location::file(e.file).row(0), err.to_string()))?
        .clone();
    let col = |name: &str| {
        header.iter().position(|h| h == name).ok_or_else(|| {
            Error::invalid(Location::file(e.file).row(0), format!("no column `{name}`"))
        })
    };
    let [
        name,
        iso3,
        iso_name,
        census_code,
        census_name,
        sipri_name,
        dmdc_name,
        currency,
        aliases,
        kind,
    ] = [
        col("name")?,
        col("iso3")?,
        col("iso_name")?,
        col("census_code")?,
        col("census_name")?,
        col("sipri_name")?,
        col("dmdc_name")?,
        col("currency")?,
        col("aliases")?,
        col("kind")?,
    ];
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record
            .map_err(|err| Error::invalid(Location::file(e.file).row(i + 1), err.to_string()))?;
        let get = |c: usize| record.get(c).unwrap_or("").to_string();
        let opt = |c: usize| Some(get(c)).filter(|s| !s.is_empty());
        out.push(Partner {
            name: get(name),
            iso3: opt(iso3),
            iso_name: opt(iso_name),
            census_code: opt(census_code),
            census_name: opt(census_name),
            sipri_name: opt(sipri_name),
            dmdc_name: opt(dmdc_name),
            currency: opt(currency),
            aliases: get(aliases)
                .split('|')
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .collect(),
            kind: get(kind),
        });
    }
    Ok(out)
}

/// The partners that `words` (folded) names exactly, by the strongest kind of match: first the
/// display name, ISO code or Census code; then any other name or alias (with every partner whose
/// display name holds all the words); then every word of the query among the words of one of
/// its names ("Korea" in "Korea, South").
fn matches<'a>(all: &'a [Partner], words: &str) -> Vec<&'a Partner> {
    let primary = |p: &Partner| {
        [Some(&p.name), p.iso3.as_ref(), p.census_code.as_ref()]
            .into_iter()
            .flatten()
            .any(|k| fold(k) == words)
    };
    let any_name = |p: &Partner| p.keys().any(|k| fold(k) == words);
    let asked: Vec<&str> = words.split(' ').collect();
    let contains = |p: &Partner| {
        p.keys().any(|k| {
            let folded = fold(k);
            let have: Vec<&str> = folded.split(' ').collect();
            asked.iter().all(|w| have.contains(w))
        })
    };
    let in_display = |p: &Partner| {
        let folded = fold(&p.name);
        let have: Vec<&str> = folded.split(' ').collect();
        asked.iter().all(|w| have.contains(w))
    };
    let found: Vec<&Partner> = all.iter().filter(|p| primary(p)).collect();
    if !found.is_empty() {
        return found;
    }
    let mut found: Vec<&Partner> = all.iter().filter(|p| any_name(p)).collect();
    if !found.is_empty() {
        // a secondary name that another partner's display name also holds is ambiguous
        // (ISO's "Congo" is the Republic of the Congo's short name, but "DR Congo" holds it too)
        let others: Vec<&Partner> = all
            .iter()
            .filter(|p| in_display(p) && !found.iter().any(|f| std::ptr::eq(*f, *p)))
            .collect();
        found.extend(others);
        return found;
    }
    all.iter().filter(|p| contains(p)).collect()
}

/// Resolves a word to one partner: case- and accent-insensitively over the display name, ISO
/// alpha-3 code, Census code, the ISO, Census, SIPRI and DMDC names and the aliases.
///
/// # Errors
/// A word that matches no partner is an [`Error::NotFound`] listing the closest names first
/// ("Germny": did you mean `Germany`?); a word that matches several partners (e.g. "Korea",
/// "Congo") is an [`Error::Argument`] listing them.
///
/// ```
/// use tradedef::data::partner;
/// assert_eq!(partner("Türkiye")?.name, partner("turkey")?.name);
/// assert_eq!(partner("Japan")?.currency.as_deref(), Some("JPY"));
/// assert!(partner("Germny").unwrap_err().to_string().contains("did you mean `Germany`"));
/// assert!(partner("Congo").is_err());
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn partner(query: &str) -> Result<Partner> {
    let all = partners()?;
    let words = fold(query);
    let found = if words.is_empty() {
        Vec::new()
    } else {
        matches(all, &words)
    };
    match found.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(Error::not_found(
            "partner",
            query,
            search(all, &words, f64::INFINITY)
                .into_iter()
                .map(|p| p.name.clone()),
        )),
        many => Err(Error::argument(
            format!("partner `{query}`"),
            format!(
                "ambiguous: it matches {} partners: {}; ask for one of them by name or code",
                many.len(),
                many.iter()
                    .map(|p| p.label())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        )),
    }
}

/// The partners whose names or codes are closest to `words` (folded), closest first, keeping
/// those scoring at most `limit`.
fn search<'a>(all: &'a [Partner], words: &str, limit: f64) -> Vec<&'a Partner> {
    let exact = matches(all, words);
    let mut scored: Vec<(f64, &Partner)> = all
        .iter()
        .map(|p| {
            let best = if exact.iter().any(|e| std::ptr::eq(*e, p)) {
                0.0
            } else {
                p.keys()
                    .map(|k| score_folded(words, &fold(k)))
                    .fold(f64::INFINITY, f64::min)
            };
            (best, p)
        })
        .filter(|(s, _)| *s <= limit)
        .collect();
    scored.sort_by(|a, b| a.0.total_cmp(&b.0));
    scored.into_iter().map(|(_, p)| p).collect()
}

/// The partners whose names or codes resemble `query`, closest first: those it names exactly,
/// then prefixes, whole words and near spellings. Empty when nothing is close (and when the
/// registry cannot be loaded; [`partner`] reports that error).
///
/// ```
/// let found = tradedef::data::search_partners("korea");
/// assert!(found.len() >= 2);
/// assert!(found[..2].iter().all(|p| p.name.contains("Korea")));
/// ```
pub fn search_partners(query: &str) -> Vec<Partner> {
    let Ok(all) = partners() else {
        return Vec::new();
    };
    let words = fold(query);
    if words.is_empty() {
        return Vec::new();
    }
    search(all, &words, 2.0 * CLOSE)
        .into_iter()
        .cloned()
        .collect()
}
