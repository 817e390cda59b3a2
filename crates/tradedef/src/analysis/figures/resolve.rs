//! Resolves a partner or country as a person types it ("South Korea", "Korea, South", "5800",
//! "Viet Nam", "United States") to the name or code a dataset uses, and lists the closest names
//! when nothing matches.
//!
//! Names are first looked up in the partner registry (aliases, ISO codes), then matched through
//! the datasets' own spellings: the Census names and codes of
//! `us_goods_trade_by_partner`, and the SIPRI names of `sipri_milex`. Two names match when they
//! are equal once case, accents, punctuation and spaces are ignored and a trailing ", X" is
//! moved to the front ("Korea, South" = "South Korea"), or when the typed words begin exactly
//! one dataset name ("United States" = "United States of America").

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use polars::prelude::DataType;

use crate::Result;
use crate::analysis::traced::ReleasePick;
use crate::analysis::traced::invalid;
use crate::data::load;
use crate::error::{bail, ensure};
use crate::similar::{closest, key, matching};

/// The dataset holding the Census partner codes and names.
pub(crate) const CENSUS_PARTNERS: &str = crate::data::ids::US_GOODS_TRADE_BY_PARTNER.as_str();
/// The dataset holding SIPRI's country names.
pub(crate) use crate::analysis::milex::SIPRI;
/// SIPRI's name of the world total.
pub(crate) const WORLD: &str = "World";

/// Census's code of the world total, not seasonally adjusted ("World, Not Seasonally Adjusted").
pub(crate) const WORLD_CENSUS_CODE: &str = "0015";
/// Census's codes of the world total: not seasonally adjusted, and seasonally adjusted.
pub(crate) const WORLD_CENSUS_CODES: [&str; 2] = [WORLD_CENSUS_CODE, "0004"];

/// A Census partner: its code (CTY_CODE) and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CensusPartner {
    pub code: String,
    pub name: String,
}

/// Rows of text cells.
type TextRows = Vec<Vec<String>>;

/// The cells of the given columns of a dataset as text (empty for an empty cell), row by row.
/// Read once per dataset and columns: the embedded data do not change while the process runs.
fn text_columns(dataset: &str, columns: &[&str]) -> Result<Arc<TextRows>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<TextRows>>>> = OnceLock::new();
    let cache_key = format!("{dataset}:{}", columns.join(","));
    let cache = CACHE.get_or_init(Default::default);
    if let Some(rows) = cache.lock().ok().and_then(|c| c.get(&cache_key).cloned()) {
        return Ok(rows);
    }
    let data = load(dataset)?;
    let frame = data.frame();
    let fail =
        |e: polars::error::PolarsError| crate::Error::polars(format!("dataset `{dataset}`"), e);
    let cols = columns
        .iter()
        .map(|c| {
            frame
                .column(c)
                .and_then(|col| col.cast(&DataType::String))
                .map_err(fail)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let texts = cols
        .iter()
        .map(|c| c.str().map_err(fail))
        .collect::<Result<Vec<_>, _>>()?;
    let mut rows = vec![Vec::with_capacity(columns.len()); frame.height()];
    for t in &texts {
        for (row, cell) in rows.iter_mut().zip(t.iter()) {
            row.push(cell.unwrap_or_default().to_string());
        }
    }
    let rows = Arc::new(rows);
    if let Ok(mut c) = cache.lock() {
        c.insert(cache_key, rows.clone());
    }
    Ok(rows)
}

/// The distinct cells of a text column of a dataset.
pub(crate) fn distinct(dataset: &str, column: &str) -> Result<BTreeSet<String>> {
    Ok(text_columns(dataset, &[column])?
        .iter()
        .map(|r| r[0].clone())
        .collect())
}

/// The measures `sipri_milex` holds for a country (or the world total) in one SIPRI release.
pub(crate) fn sipri_measures(country: &str, vintage: &str) -> Result<BTreeSet<String>> {
    Ok(text_columns(SIPRI, &["country", "measure", "vintage"])?
        .iter()
        .filter(|r| r[0] == country && r[2] == vintage)
        .map(|r| r[1].clone())
        .collect())
}

/// The SIPRI release in `sipri_milex` a rule picks: the newest, or the one current on a day.
pub(crate) fn sipri_release(pick: ReleasePick) -> Result<String> {
    let data = load(SIPRI)?;
    pick.choose(data.meta(), &distinct(SIPRI, "vintage")?)
        .map_err(|gap| crate::Error::no_data(format!("a release of `{SIPRI}`"), gap.0))
}

/// The releases (vintages) of a dataset that hold rows of `code` (in `code_column`) for every
/// one of `years`.
pub(crate) fn releases_holding(
    dataset: &str,
    code_column: &str,
    code: &str,
    years: &[i64],
) -> Result<BTreeSet<String>> {
    let rows = text_columns(dataset, &[code_column, "year", "vintage"])?;
    let mut held: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for r in rows.iter().filter(|r| r[0] == code) {
        held.entry(&r[2]).or_default().insert(&r[1]);
    }
    let wanted: Vec<String> = years.iter().map(i64::to_string).collect();
    Ok(held
        .into_iter()
        .filter(|(_, ys)| wanted.iter().all(|y| ys.contains(y.as_str())))
        .map(|(v, _)| v.to_string())
        .collect())
}

/// The years a release of a dataset holds for `code`, sorted.
pub(crate) fn years_held(
    dataset: &str,
    code_column: &str,
    code: &str,
    vintage: &str,
) -> Result<Vec<i64>> {
    let rows = text_columns(dataset, &[code_column, "year", "vintage"])?;
    let years: BTreeSet<i64> = rows
        .iter()
        .filter(|r| r[0] == code && r[2] == vintage)
        .filter_map(|r| r[1].parse().ok())
        .collect();
    Ok(years.into_iter().collect())
}

/// The 5-digit end-use codes `us_imports_by_enduse` holds for a partner code in every one of
/// `years`, sorted.
pub(crate) fn enduse_codes(partner_code: &str, years: &[i64]) -> Result<Vec<String>> {
    let enduse = crate::analysis::trade::ENDUSE;
    let rows = text_columns(enduse, &["partner_code", "enduse_code", "year"])?;
    let mut by_code: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for r in rows.iter().filter(|r| r[0] == partner_code) {
        by_code.entry(&r[1]).or_default().insert(&r[2]);
    }
    let wanted: Vec<String> = years.iter().map(i64::to_string).collect();
    Ok(by_code
        .into_iter()
        .filter(|(_, ys)| wanted.iter().all(|y| ys.contains(y.as_str())))
        .map(|(c, _)| c.to_string())
        .collect())
}

/// The Census kind of a partner code: "country" or "aggregate" (a grouping or the world).
pub(crate) fn census_kind(code: &str) -> Result<Option<String>> {
    Ok(
        text_columns(CENSUS_PARTNERS, &["partner_code", "partner_kind"])?
            .iter()
            .find(|r| r[0] == code)
            .map(|r| r[1].clone()),
    )
}

/// The code of a Census partner in `us_imports_by_enduse`: the same code, or for the world
/// total that dataset's own world row. (A partner that dataset does not hold keeps its code:
/// its selections find no rows, and the claim is not checkable, with the reason.)
pub(crate) fn enduse_partner(partner: &CensusPartner) -> Result<String> {
    let enduse = crate::analysis::trade::ENDUSE;
    if partner.code == WORLD_CENSUS_CODE {
        let rows = text_columns(enduse, &["partner_code", "partner"])?;
        if let Some(r) = rows.iter().find(|r| key(&r[1]).starts_with("world")) {
            return Ok(r[0].clone());
        }
    }
    Ok(partner.code.clone())
}

/// Whether a dataset has a column.
pub(crate) fn has_column(dataset: &str, column: &str) -> Result<bool> {
    let data = load(dataset)?;
    Ok(data.meta().columns.iter().any(|c| c.name == column))
}

fn unknown(what: &str, query: &str, names: &BTreeSet<&str>, datasets: &str) -> String {
    let near = closest(query, names.iter().copied(), 6);
    if near.is_empty() {
        format!(
            "unknown {what} `{query}` (not a name in {datasets}, and no name is close); names: {}",
            names
                .iter()
                .take(12)
                .copied()
                .collect::<Vec<_>>()
                .join("; ")
        ) + if names.len() > 12 { "; …" } else { "" }
    } else {
        format!(
            "unknown {what} `{query}` (not a name in {datasets}); closest names: {}",
            near.join("; ")
        )
    }
}

/// Resolves a partner, given as a Census code ("5800") or a name, to its Census code and name.
/// When a name has several codes (a code replaced over time), the one holding `year` and the
/// most years is taken.
pub(crate) fn census_partner(query: &str, year: Option<i64>) -> Result<CensusPartner> {
    let rows = text_columns(CENSUS_PARTNERS, &["partner_code", "partner", "year"])?;
    // code → (name, years)
    let mut codes: BTreeMap<&str, (&str, BTreeSet<&str>)> = BTreeMap::new();
    for r in rows.iter() {
        codes
            .entry(&r[0])
            .or_insert((&r[1], BTreeSet::new()))
            .1
            .insert(&r[2]);
    }
    let trimmed = query.trim();
    // "World" (or "the world") is the US total: Census's world row, not seasonally adjusted
    // (annual totals are sums of the unadjusted months).
    let trimmed = if ["world", "theworld", "worldtotal", "total"].contains(&key(trimmed).as_str()) {
        WORLD_CENSUS_CODE
    } else {
        trimmed
    };
    if let Some((name, _)) = codes.get(trimmed) {
        return Ok(CensusPartner {
            code: trimmed.to_string(),
            name: name.to_string(),
        });
    }
    // The partner registry knows aliases and ISO codes ("USA", "Republic of Korea").
    if let Ok(p) = crate::data::partner(trimmed)
        && let (Some(code), Some(name)) = (&p.census_code, &p.census_name)
        && codes.contains_key(code.as_str())
    {
        return Ok(CensusPartner {
            code: code.clone(),
            name: name.clone(),
        });
    }
    let names: BTreeSet<&str> = codes.values().map(|(n, _)| *n).collect();
    let found = matching(query, &names);
    ensure!(
        !found.is_empty(),
        invalid(unknown("partner", query, &names, CENSUS_PARTNERS))
    );
    if found.len() > 1 {
        bail!(invalid(format!(
            "partner `{query}` matches several Census names ({}); give one, or its code",
            found.join("; ")
        )));
    }
    let name = found[0];
    let year_text = year.map(|y| y.to_string());
    let best = codes
        .iter()
        .filter(|(_, (n, _))| *n == name)
        .max_by_key(|(_, (_, years))| {
            (
                year_text.as_deref().is_some_and(|y| years.contains(y)),
                years.len(),
            )
        })
        .map(|(code, _)| code.to_string())
        .unwrap_or_default();
    Ok(CensusPartner {
        code: best,
        name: name.to_string(),
    })
}

/// Resolves a country to SIPRI's spelling in `sipri_milex`. "World" is SIPRI's world total. A
/// country the data do not hold but that is a known Census partner resolves to its name as
/// typed, so that its selection finds no rows and the claim is "not checkable"; a name known to
/// neither dataset is an error listing the closest names.
pub(crate) fn sipri_country(query: &str) -> Result<String> {
    // SIPRI's spelling as the analyses resolve it: one rule for the report and the fact-check
    match crate::analysis::milex::sipri_country(query) {
        Ok(name) => return Ok(name),
        Err(crate::Error::NotFound { .. }) => {}
        Err(crate::Error::Argument { message, .. }) => bail!(invalid(message)),
        Err(e) => return Err(e),
    }
    let rows = text_columns(SIPRI, &["country"])?;
    let names: BTreeSet<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    let census = text_columns(CENSUS_PARTNERS, &["partner", "partner_kind"])?;
    let census_names: BTreeSet<&str> = census
        .iter()
        .filter(|r| r[1] == "country")
        .map(|r| r[0].as_str())
        .collect();
    if !matching(query, &census_names).is_empty() {
        return Ok(query.trim().to_string());
    }
    let all: BTreeSet<&str> = names.union(&census_names).copied().collect();
    Err(invalid(unknown(
        "country",
        query,
        &all,
        &format!("{SIPRI} or {CENSUS_PARTNERS}"),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_order_case_accents_and_spaces() {
        assert_eq!(key("Korea, South"), key("south korea"));
        assert_eq!(key("Viet Nam"), key("Vietnam"));
        assert_eq!(key("Türkiye"), key("turkiye"));
        assert_eq!(key("The Bahamas"), key("Bahamas"));
        assert_ne!(key("Korea, North"), key("South Korea"));
    }

    #[test]
    fn typed_words_may_begin_one_name() {
        let names = BTreeSet::from(["United States of America", "United Kingdom", "Japan"]);
        assert_eq!(
            matching("United States", &names),
            vec!["United States of America"]
        );
        assert!(
            matching("United", &names).is_empty(),
            "two names begin with it"
        );
        assert_eq!(matching("japan", &names), vec!["Japan"]);
    }

    #[test]
    fn closest_names_come_first() {
        let names = ["Japan", "Jamaica", "Korea, South", "Korea, North", "Canada"];
        assert_eq!(
            closest("Koria", names, 2),
            vec!["Korea, North", "Korea, South"]
        );
        assert_eq!(closest("Japn", names, 1), vec!["Japan"]);
    }
}
