//! The partner registry (`partners`), built from Debian iso-codes' ISO 3166-1 list and the keys
//! of the other datasets in the data folder: Census codes and names
//! (`us_goods_trade_by_partner`), SIPRI names (`sipri_milex`), DMDC names and ISO codes
//! (`us_troops_by_country`) and currencies (`fx_annual`), with the project's hand-written
//! concordance `partner_concordance.toml` for what names alone cannot match.
//!
//! A publisher's name is matched, in this order, by the concordance (an explicit entry always
//! wins), by the ISO alpha-3 code the publisher gives (DMDC), then by normalised-name equality
//! with one partner's display, ISO, official or alias names: case, accents, punctuation, the
//! words "the", "and", "of", "St" for "Saint" and the order around a comma ("Korea, South" =
//! "South Korea") do not matter. Every name it cannot match, or that would give one partner two
//! keys of a publisher, is listed in the import summary; a source dataset absent from the data
//! folder leaves its columns empty, and the summary says so.

use crate::data::ids;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use serde::Deserialize;

use super::merge::{Output, SourceTemplate};
use super::stored::stored_columns_with;
use crate::data::DatasetId;
use crate::data::storage::{MAX_CSV_BYTES, read_bounded};
use crate::similar::fold;
use crate::{Error, Location, Result};

/// Columns of `partners`.
pub(crate) const COLUMNS: &[&str] = &[
    "name",
    "kind",
    "iso3",
    "iso_name",
    "census_code",
    "census_name",
    "sipri_name",
    "dmdc_name",
    "currency",
    "aliases",
    "missing",
];

/// The concordance file in the data folder.
pub(crate) const CONCORDANCE: &str = "partner_concordance.toml";

const SOURCE: SourceTemplate = SourceTemplate {
    producer: "tradedef partner registry (Debian iso-codes ISO 3166-1 and the keys of the curated datasets)",
    table: "partners",
    url: "https://salsa.debian.org/iso-codes-team/iso-codes",
};

/// Kinds of partners the concordance may add.
const EXTRA_KINDS: [&str; 4] = ["former", "area", "aggregate", "other"];

#[derive(Deserialize)]
struct IsoFile {
    #[serde(rename = "3166-1")]
    entries: Vec<IsoEntry>,
}

#[derive(Deserialize)]
struct IsoEntry {
    alpha_3: String,
    name: String,
    common_name: Option<String>,
    official_name: Option<String>,
}

/// The project's hand-written concordance (identifiers only).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Concordance {
    /// ISO alpha-3 -> display name, where the ISO short name is not the common English name.
    #[serde(default)]
    names: BTreeMap<String, String>,
    /// Partner (ISO alpha-3 or extra partner's name) -> other names users type.
    #[serde(default)]
    aliases: BTreeMap<String, Vec<String>>,
    /// ISO alpha-3 -> ISO 4217 currency code.
    #[serde(default)]
    currency: BTreeMap<String, String>,
    /// Census name or 4-digit code -> partner.
    #[serde(default)]
    census: BTreeMap<String, String>,
    /// SIPRI name -> partner.
    #[serde(default)]
    sipri: BTreeMap<String, String>,
    /// DMDC countryname -> partner.
    #[serde(default)]
    dmdc: BTreeMap<String, String>,
    /// Federal Reserve country name -> partner.
    #[serde(default)]
    fx: BTreeMap<String, String>,
    /// Partners without an ISO 3166-1 code.
    #[serde(default)]
    extra: Vec<Extra>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Extra {
    name: String,
    kind: String,
    why: String,
    #[serde(default)]
    aliases: Vec<String>,
}

/// One partner being built.
#[derive(Default)]
struct Row {
    name: String,
    kind: String,
    iso3: Option<String>,
    iso_name: Option<String>,
    census: Option<(String, String)>,
    sipri_name: Option<String>,
    /// DMDC name with the last year and the number of rows it is used in.
    dmdc: Option<(String, i64, usize)>,
    currency: Option<String>,
    aliases: Vec<String>,
    no_iso: Option<String>,
}

/// The words of a name that matter for matching, in each order a comma allows.
fn match_keys(name: &str) -> Vec<String> {
    let mut forms = vec![name.to_string()];
    if let Some((a, b)) = name.split_once(',') {
        forms.push(format!("{b} {a}"));
    }
    let mut keys: Vec<String> = forms
        .iter()
        .map(|f| {
            fold(f)
                .split(' ')
                .filter(|w| !matches!(*w, "the" | "and" | "of"))
                .map(|w| if w == "st" { "saint" } else { w })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|k| !k.is_empty())
        .collect();
    keys.dedup();
    keys
}

/// Partners by every match key of their names.
struct Index {
    by_key: HashMap<String, BTreeSet<usize>>,
    by_iso3: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
}

enum Found {
    One(usize),
    None,
    Several(Vec<usize>),
}

impl Index {
    fn new(rows: &[Row]) -> Index {
        let mut by_key: HashMap<String, BTreeSet<usize>> = HashMap::new();
        for (i, r) in rows.iter().enumerate() {
            let names = std::iter::once(&r.name)
                .chain(r.iso_name.as_ref())
                .chain(&r.aliases);
            for key in names.flat_map(|n| match_keys(n)) {
                by_key.entry(key).or_default().insert(i);
            }
        }
        Index {
            by_key,
            by_iso3: rows
                .iter()
                .enumerate()
                .filter_map(|(i, r)| r.iso3.clone().map(|c| (c, i)))
                .collect(),
            by_name: rows
                .iter()
                .enumerate()
                .map(|(i, r)| (r.name.clone(), i))
                .collect(),
        }
    }

    fn by_name(&self, name: &str) -> Found {
        let hits: BTreeSet<usize> = match_keys(name)
            .iter()
            .filter_map(|k| self.by_key.get(k))
            .flatten()
            .copied()
            .collect();
        match hits.len() {
            0 => Found::None,
            1 => Found::One(hits.into_iter().next().unwrap_or_default()),
            _ => Found::Several(hits.into_iter().collect()),
        }
    }

    /// The partner a concordance entry names: an ISO alpha-3 code or a partner's display name.
    fn target(&self, target: &str, at: impl Fn() -> Location) -> Result<usize> {
        self.by_iso3
            .get(target)
            .or_else(|| self.by_name.get(target))
            .copied()
            .ok_or_else(|| {
                Error::invalid(
                    at().value(target),
                    "names no partner: use an ISO alpha-3 code or the name of an [[extra]] partner",
                )
            })
    }
}

/// The registry key a source dataset gives each partner.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    /// Census code and name: one name per code (its latest); aggregates and other codes become
    /// partners of their own unless the concordance maps them.
    Census,
    /// SIPRI's name.
    Sipri,
    /// DMDC's name with the ISO code DMDC gives; each partner keeps its most recently used name.
    Dmdc,
    /// The Federal Reserve's currency code of a country.
    Currency,
}

/// A dataset the registry takes keys from: which columns hold the publisher's name of a partner
/// and its code, and how the names map (the concordance table and the key filled).
struct Source {
    id: DatasetId,
    /// The column with the publisher's name of the partner.
    name: &'static str,
    /// The column with the publisher's code beside the name (Census code, ISO code, currency).
    code: Option<&'static str>,
    /// Further columns read: the Census kind of code, the year a name is used in.
    more: &'static [&'static str],
    /// Columns read when present.
    optional: &'static [&'static str],
    key: Key,
    /// The summary's name of what is matched.
    label: &'static str,
    /// The summary's note when the data folder does not hold the dataset.
    absent: &'static str,
}

/// The datasets the registry is built from, in the order they are read; `data/partners.toml`
/// declares the same ids as `derived_from`, and the tests check the two agree.
const SOURCES: [Source; 4] = [
    Source {
        id: ids::US_GOODS_TRADE_BY_PARTNER,
        name: "partner",
        code: Some("partner_code"),
        more: &["partner_kind", "year"],
        optional: &[],
        key: Key::Census,
        label: "Census codes (us_goods_trade_by_partner, countries and mapped codes)",
        absent: "us_goods_trade_by_partner is not in the data folder: census_code and census_name left empty",
    },
    Source {
        id: ids::SIPRI_MILEX,
        name: "country",
        code: None,
        more: &[],
        optional: &[],
        key: Key::Sipri,
        label: "SIPRI names (sipri_milex)",
        absent: "sipri_milex is not in the data folder: sipri_name left empty",
    },
    Source {
        id: ids::US_TROOPS_BY_COUNTRY,
        name: "country",
        code: Some("iso3"),
        more: &[],
        optional: &["year"],
        key: Key::Dmdc,
        label: "DMDC names (us_troops_by_country, name and iso3 pairs)",
        absent: "us_troops_by_country is not in the data folder: dmdc_name left empty",
    },
    Source {
        id: ids::FX_ANNUAL,
        name: "country",
        code: Some("currency"),
        more: &[],
        optional: &[],
        key: Key::Currency,
        label: "Federal Reserve currencies (fx_annual)",
        absent: "fx_annual is not in the data folder: currencies only from the concordance",
    },
];

/// One name (with its code) a source gives, with the last year and the number of rows it is
/// used in, and (Census) the kind of code.
struct Named {
    name: String,
    code: String,
    kind: String,
    year: i64,
    count: usize,
}

impl Source {
    /// The source's names as stored in `data_dir`, each once; `None` when the folder does not
    /// hold the dataset.
    fn names(&self, data_dir: &Path) -> Result<Option<Vec<Named>>> {
        let mut columns = vec![self.name];
        columns.extend(self.code);
        columns.extend(self.more);
        let why = format!(
            "the partners importer reads [{}] from `{}`",
            columns.join(", "),
            self.id
        );
        let Some(rows) = stored_columns_with(data_dir, self.id, &columns, self.optional, &why)?
        else {
            return Ok(None);
        };
        let cell = |r: &[String], c: &str| {
            columns
                .iter()
                .chain(self.optional)
                .position(|x| *x == c)
                .and_then(|i| r.get(i))
                .cloned()
                .unwrap_or_default()
        };
        let mut named: BTreeMap<(String, String), Named> = BTreeMap::new();
        for r in &rows {
            let year = cell(r, "year").parse().unwrap_or(i64::MIN);
            let mut code = self.code.map(|c| cell(r, c)).unwrap_or_default();
            if self.key == Key::Dmdc && code == "NA" {
                code.clear();
            }
            let name = cell(r, self.name);
            let kind = cell(r, "partner_kind");
            // Census: one name per code, the one of its latest year (the last row of that year)
            let at = match self.key {
                Key::Census => (code.clone(), String::new()),
                _ => (name.clone(), code.clone()),
            };
            let e = named.entry(at).or_insert(Named {
                name: name.clone(),
                code,
                kind: kind.clone(),
                year,
                count: 0,
            });
            if self.key == Key::Census && year >= e.year {
                (e.name, e.kind) = (name, kind);
            }
            e.year = e.year.max(year);
            e.count += 1;
        }
        Ok(Some(named.into_values().collect()))
    }

    /// The concordance's table for this source's names, and its name in errors.
    fn table<'c>(&self, c: &'c Concordance) -> (&'c BTreeMap<String, String>, &'static str) {
        match self.key {
            Key::Census => (&c.census, "census"),
            Key::Sipri => (&c.sipri, "sipri"),
            Key::Dmdc => (&c.dmdc, "dmdc"),
            Key::Currency => (&c.fx, "fx"),
        }
    }

    /// The concordance entry for a name (Census: its code first), as `(key, target)`.
    fn mapped<'c>(&self, c: &'c Concordance, n: &'c Named) -> Option<(&'c String, &'c String)> {
        let (table, _) = self.table(c);
        let by_code = (self.key == Key::Census)
            .then(|| table.get(&n.code).map(|t| (&n.code, t)))
            .flatten();
        by_code.or_else(|| table.get(&n.name).map(|t| (&n.name, t)))
    }

    /// A name as the summary lists it.
    fn shown(&self, n: &Named) -> String {
        match self.key {
            Key::Census => format!("{} `{}`", n.code, n.name),
            Key::Sipri => format!("`{}`", n.name),
            Key::Dmdc if n.code.is_empty() => format!("`{}`", n.name),
            Key::Dmdc => format!("`{}` [{}]", n.name, n.code),
            Key::Currency => format!("`{}` {}", n.name, n.code),
        }
    }

    /// Gives partner `r` the name's key; `Err` says why not (the partner has another).
    fn assign(&self, r: &mut Row, n: &Named) -> std::result::Result<(), String> {
        match self.key {
            Key::Census => match &r.census {
                Some((other, _)) => Err(format!(
                    "its name matches {}, which already has code {other}: map one code in [census]",
                    r.name
                )),
                None => {
                    r.census = Some((n.code.clone(), n.name.clone()));
                    Ok(())
                }
            },
            Key::Sipri => match &r.sipri_name {
                Some(other) => Err(format!(
                    "matches {}, which already has SIPRI name `{other}`",
                    r.name
                )),
                None => {
                    r.sipri_name = Some(n.name.clone());
                    Ok(())
                }
            },
            Key::Dmdc => {
                let better = r
                    .dmdc
                    .as_ref()
                    .is_none_or(|(_, y, c)| (n.year, n.count) > (*y, *c));
                if better {
                    r.dmdc = Some((n.name.clone(), n.year, n.count));
                }
                Ok(())
            }
            Key::Currency => match &r.currency {
                Some(c) if *c != n.code => Err(format!(
                    "matches {}, whose currency in the concordance is {c}",
                    r.name
                )),
                _ => {
                    r.currency = Some(n.code.clone());
                    Ok(())
                }
            },
        }
    }
}

fn read_iso(file: &Path) -> Result<Vec<Row>> {
    let shown = file.display().to_string();
    let bytes = read_bounded(file, MAX_CSV_BYTES)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let iso: IsoFile = serde_json::from_slice(bytes).map_err(|e| {
        Error::invalid(
            Location::file(&shown),
            format!(
                "not the iso-codes ISO 3166-1 JSON (an object with a \"3166-1\" list of entries with alpha_3 and name): {e}"
            ),
        )
    })?;
    if iso.entries.is_empty() {
        return Err(Error::invalid(
            Location::file(&shown),
            "the \"3166-1\" list is empty",
        ));
    }
    let mut seen = BTreeSet::new();
    let mut rows = Vec::new();
    for (i, e) in iso.entries.into_iter().enumerate() {
        let at = || Location::file(&shown).row(i + 1).column("alpha_3");
        if e.alpha_3.len() != 3 || !e.alpha_3.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(Error::invalid(
                at().value(&e.alpha_3),
                "expected three capital letters",
            ));
        }
        if !seen.insert(e.alpha_3.clone()) {
            return Err(Error::invalid(at().value(&e.alpha_3), "code listed twice"));
        }
        // iso-codes gives common_name where the short name is formal ("Korea, Republic of")
        let name = e.common_name.clone().unwrap_or_else(|| e.name.clone());
        let aliases = [e.common_name, e.official_name]
            .into_iter()
            .flatten()
            .collect();
        rows.push(Row {
            name,
            kind: "country".into(),
            iso3: Some(e.alpha_3),
            iso_name: Some(e.name),
            aliases,
            ..Row::default()
        });
    }
    Ok(rows)
}

fn read_concordance(data_dir: &Path) -> Result<Option<Concordance>> {
    let path = data_dir.join(CONCORDANCE);
    if !path.is_file() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    toml::from_str(&text)
        .map(Some)
        .map_err(|e| Error::invalid(Location::file(path.display().to_string()), e.to_string()))
}

/// What matching one publisher's names found, for the summary.
#[derive(Default)]
struct Tally {
    names: usize,
    matched: usize,
    unmatched: Vec<String>,
}

impl Tally {
    fn line(&self, what: &str) -> String {
        let mut s = format!("{what}: {} of {} matched", self.matched, self.names);
        if !self.unmatched.is_empty() {
            s.push_str(&format!(
                "; NOT matched ({}): {}",
                self.unmatched.len(),
                self.unmatched.join("; ")
            ));
        }
        s
    }
}

/// The partner a publisher's name is matched to (see the module docs), or why not.
fn resolve(
    index: &Index,
    rows: &[Row],
    explicit: Option<usize>,
    iso3: Option<&str>,
    name: &str,
) -> std::result::Result<usize, String> {
    if let Some(i) = explicit {
        return Ok(i);
    }
    if let Some(&i) = iso3.and_then(|c| index.by_iso3.get(c)) {
        return Ok(i);
    }
    match index.by_name(name) {
        Found::One(i) => Ok(i),
        Found::None => Err("no partner has this name".to_string()),
        Found::Several(is) => Err(format!(
            "several partners have this name: {}",
            is.iter()
                .map(|&i| rows[i].name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Reads the ISO list and the data folder and returns the registry rows and the summary notes.
pub(crate) fn read(
    file: &Path,
    data_dir: &Path,
    vintage: Option<&str>,
) -> Result<(String, Vec<Output>, Vec<String>)> {
    let mut rows = read_iso(file)?;
    let mut notes = Vec::new();
    let concordance = read_concordance(data_dir)?;
    if concordance.is_none() {
        notes.push(format!(
            "{CONCORDANCE} is not in {}: only names equal after normalising are matched",
            data_dir.display()
        ));
    }
    let concordance = concordance.unwrap_or_default();
    let conc_path = data_dir.join(CONCORDANCE).display().to_string();
    let conc_at =
        |table: &str, key: &str| Location::file(&conc_path).column(format!("{table}.\"{key}\""));

    for e in &concordance.extra {
        if !EXTRA_KINDS.contains(&e.kind.as_str()) {
            return Err(Error::invalid(
                conc_at("extra", &e.name).value(&e.kind),
                format!("kind must be one of {EXTRA_KINDS:?}"),
            ));
        }
        rows.push(Row {
            name: e.name.clone(),
            kind: e.kind.clone(),
            aliases: e.aliases.clone(),
            no_iso: Some(e.why.clone()),
            ..Row::default()
        });
    }
    for r in rows.iter_mut() {
        if let Some(display) = r.iso3.as_ref().and_then(|c| concordance.names.get(c)) {
            r.name = display.clone();
        }
    }

    // Census aggregates and others become partners of their own unless the concordance maps them
    let mut found = Vec::new();
    for source in &SOURCES {
        found.push(source.names(data_dir)?);
    }
    for (source, names) in SOURCES.iter().zip(&found) {
        for n in names.iter().flatten() {
            if source.key == Key::Census
                && n.kind != "country"
                && source.mapped(&concordance, n).is_none()
            {
                rows.push(Row {
                    name: n.name.clone(),
                    kind: if n.kind == "aggregate" {
                        "aggregate"
                    } else {
                        "other"
                    }
                    .into(),
                    census: Some((n.code.clone(), n.name.clone())),
                    no_iso: Some(format!("a Census {} code, not a country", n.kind)),
                    ..Row::default()
                });
            }
        }
    }
    let targets = Index::new(&rows);
    for (key, aliases) in &concordance.aliases {
        let i = targets.target(key, || conc_at("aliases", key))?;
        rows[i].aliases.extend(aliases.iter().cloned());
    }
    let index = Index::new(&rows);

    for (source, names) in SOURCES.iter().zip(&found) {
        if source.key == Key::Currency {
            // currencies: the concordance, then the Federal Reserve's table
            for (code, currency) in &concordance.currency {
                let i = index.target(code, || conc_at("currency", code))?;
                rows[i].currency = Some(currency.clone());
            }
        }
        let Some(names) = names else {
            notes.push(source.absent.to_string());
            continue;
        };
        let mut tally = Tally::default();
        for n in names {
            if source.key == Key::Census
                && n.kind != "country"
                && source.mapped(&concordance, n).is_none()
            {
                continue;
            }
            tally.names += 1;
            let explicit = match source.mapped(&concordance, n) {
                Some((key, t)) => {
                    Some(index.target(t, || conc_at(source.table(&concordance).1, key))?)
                }
                None => None,
            };
            let iso3 = Some(n.code.as_str()).filter(|c| source.key == Key::Dmdc && !c.is_empty());
            let i = match resolve(&index, &rows, explicit, iso3, &n.name) {
                Ok(i) => i,
                Err(why) => {
                    tally.unmatched.push(format!("{} ({why})", source.shown(n)));
                    continue;
                }
            };
            if let (Key::Dmdc, None, Some(code), Found::One(j)) =
                (source.key, explicit, iso3, index.by_name(&n.name))
                && j != i
            {
                notes.push(format!(
                    "DMDC `{}` is given with iso3 {code} ({} rows, to {}); the name is {}'s: kept under {} as the code says",
                    n.name, n.count, n.year, rows[j].name, rows[i].name
                ));
            }
            match source.assign(&mut rows[i], n) {
                Ok(()) => tally.matched += 1,
                Err(why) => tally.unmatched.push(format!("{} ({why})", source.shown(n))),
            }
        }
        notes.push(tally.line(source.label));
    }

    let present: Vec<(Key, bool, DatasetId)> = SOURCES
        .iter()
        .zip(&found)
        .map(|(s, f)| (s.key, f.is_some(), s.id))
        .collect();
    let mut names = BTreeSet::new();
    let mut out = Vec::new();
    for r in rows {
        if !names.insert(r.name.clone()) {
            return Err(Error::invalid(
                Location::file(&conc_path).value(&r.name),
                "two partners have this display name: give one another name in [names]",
            ));
        }
        out.push(row_cells(r, &present));
    }
    let file_name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let vintage = vintage
        .map(str::to_string)
        .unwrap_or_else(|| format!("partners from {file_name}"));
    Ok((
        vintage,
        vec![Output {
            id: ids::PARTNERS,
            columns: COLUMNS,
            rows: out,
            year_column: "year",
            source: SOURCE,
        }],
        notes,
    ))
}

/// A partner's CSV cells, with the reasons for its empty keys in `missing`.
fn row_cells(r: Row, sources: &[(Key, bool, DatasetId)]) -> Vec<String> {
    let mut missing = Vec::new();
    if r.iso3.is_none() {
        missing.push(format!(
            "iso3: {}",
            r.no_iso.as_deref().unwrap_or("no ISO 3166-1 code")
        ));
    }
    for &(key, present, id) in sources {
        let (empty, what) = match key {
            Key::Census => (r.census.is_none(), "census"),
            Key::Sipri => (r.sipri_name.is_none(), "sipri"),
            Key::Dmdc => (r.dmdc.is_none(), "dmdc"),
            Key::Currency => (r.currency.is_none(), "currency"),
        };
        missing.extend(empty.then(|| match (key, present) {
            (Key::Currency, true) => format!("currency: not in {id} or the concordance"),
            (Key::Currency, false) => {
                format!("currency: not in the concordance ({id} not in the data folder)")
            }
            (_, true) => format!("{what}: not in {id}"),
            (_, false) => format!("{what}: {id} not in the data folder"),
        }));
    }
    let display = fold(&r.name);
    let mut aliases: Vec<String> = Vec::new();
    for a in r.aliases.iter().chain(r.iso_name.as_ref()) {
        let a = a.trim().replace('|', "/");
        if fold(&a) != display && !aliases.iter().any(|x| fold(x) == fold(&a)) {
            aliases.push(a);
        }
    }
    let (census_code, census_name) = r.census.unwrap_or_default();
    vec![
        r.name,
        r.kind,
        r.iso3.unwrap_or_default(),
        r.iso_name.unwrap_or_default(),
        census_code,
        census_name,
        r.sipri_name.unwrap_or_default(),
        r.dmdc.map(|d| d.0).unwrap_or_default(),
        r.currency.unwrap_or_default(),
        aliases.join("|"),
        missing.join("; "),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sources_read_are_those_the_sidecar_declares() {
        let declared = &crate::data::entry(ids::PARTNERS)
            .expect("catalog")
            .meta
            .derived_from;
        let read: Vec<&str> = SOURCES.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(read, *declared, "data/partners.toml derived_from");
    }

    /// Whether two names share a match key.
    fn same(a: &str, b: &str) -> bool {
        let theirs = match_keys(b);
        match_keys(a).iter().any(|k| theirs.contains(k))
    }

    #[test]
    fn names_match_across_comma_order_and_spelling() {
        assert!(same("Korea, South", "South Korea"));
        assert!(same("Gambia, The", "Gambia"));
        assert!(same("Korea, Republic of", "Republic of Korea"));
        assert!(same("St Lucia", "Saint Lucia"));
        assert!(same("Bosnia & Herzegovina", "Bosnia and Herzegovina"));
        assert!(same("Côte D’ivoire", "Cote d'Ivoire"));
        assert!(!same("Congo (Kinshasa)", "Congo"));
        assert!(!same("Korea, North", "Korea, South"));
    }
}
