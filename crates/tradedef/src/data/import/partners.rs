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

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use serde::Deserialize;

use super::merge::{Output, SourceTemplate};
use crate::data::storage::{MAX_CSV_BYTES, csv_text, data_file, read_bounded};
use crate::data::table::record_error;
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

/// A source dataset's rows, restricted to `columns` (in that order), or `None` when the data
/// folder does not hold the dataset. `optional` columns may be absent (empty values).
fn read_columns(
    data_dir: &Path,
    id: &str,
    columns: &[&str],
    optional: &[&str],
) -> Result<Option<Vec<Vec<String>>>> {
    let path = data_file(data_dir, id);
    if !path.is_file() {
        return Ok(None);
    }
    let shown = path.display().to_string();
    let stored = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
    let text = csv_text(&stored, &shown)?;
    let mut reader = csv::Reader::from_reader(&*text);
    let header = reader
        .headers()
        .map_err(|e| record_error(&e, Location::file(&shown).row(0), "unreadable header"))?
        .clone();
    let mut idx = Vec::new();
    for c in columns.iter().chain(optional) {
        match header.iter().position(|h| h == *c) {
            Some(i) => idx.push(Some(i)),
            None if optional.contains(c) => idx.push(None),
            None => {
                return Err(Error::invalid(
                    Location::file(&shown).row(0).column(*c),
                    format!(
                        "no column `{c}`: the partners importer reads [{}] from `{id}`",
                        columns.join(", ")
                    ),
                ));
            }
        }
    }
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record
            .map_err(|e| record_error(&e, Location::file(&shown).row(i + 1), "unreadable row"))?;
        rows.push(
            idx.iter()
                .map(|j| {
                    j.and_then(|j| record.get(j))
                        .unwrap_or("")
                        .trim()
                        .to_string()
                })
                .collect(),
        );
    }
    Ok(Some(rows))
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

    // Census: aggregates and others become partners of their own unless the concordance maps them
    let census = read_columns(
        data_dir,
        "us_goods_trade_by_partner",
        &["partner_code", "partner", "partner_kind", "year"],
        &[],
    )?;
    let mut census_codes: BTreeMap<String, (String, String, i64)> = BTreeMap::new();
    for r in census.iter().flatten() {
        let year: i64 = r[3].parse().unwrap_or(i64::MIN);
        let e = census_codes
            .entry(r[0].clone())
            .or_insert((r[1].clone(), r[2].clone(), year));
        if year >= e.2 {
            *e = (r[1].clone(), r[2].clone(), year);
        }
    }
    for (code, (name, kind, _)) in &census_codes {
        let mapped = concordance.census.contains_key(code) || concordance.census.contains_key(name);
        if kind != "country" && !mapped {
            rows.push(Row {
                name: name.clone(),
                kind: if kind == "aggregate" {
                    "aggregate"
                } else {
                    "other"
                }
                .into(),
                census: Some((code.clone(), name.clone())),
                no_iso: Some(format!("a Census {kind} code, not a country")),
                ..Row::default()
            });
        }
    }
    let targets = Index::new(&rows);
    for (key, aliases) in &concordance.aliases {
        let i = targets.target(key, || conc_at("aliases", key))?;
        rows[i].aliases.extend(aliases.iter().cloned());
    }
    let index = Index::new(&rows);

    let mut tally = Tally::default();
    for (code, (name, kind, _)) in &census_codes {
        if kind != "country"
            && !(concordance.census.contains_key(code) || concordance.census.contains_key(name))
        {
            continue;
        }
        tally.names += 1;
        let explicit = match concordance
            .census
            .get(code)
            .map(|t| (code, t))
            .or_else(|| concordance.census.get(name).map(|t| (name, t)))
        {
            Some((key, t)) => Some(index.target(t, || conc_at("census", key))?),
            None => None,
        };
        match resolve(&index, &rows, explicit, None, name) {
            Ok(i) => match &rows[i].census {
                Some((other, _)) => tally.unmatched.push(format!(
                    "{code} `{name}` (its name matches {}, which already has code {other}: map one code in [census])",
                    rows[i].name
                )),
                None => {
                    rows[i].census = Some((code.clone(), name.clone()));
                    tally.matched += 1;
                }
            },
            Err(why) => tally.unmatched.push(format!("{code} `{name}` ({why})")),
        }
    }
    notes.push(match census {
        Some(_) => tally.line("Census codes (us_goods_trade_by_partner, countries and mapped codes)"),
        None => "us_goods_trade_by_partner is not in the data folder: census_code and census_name left empty".into(),
    });

    // SIPRI
    let sipri = read_columns(data_dir, "sipri_milex", &["country"], &[])?;
    let sipri_names: BTreeSet<String> = sipri.iter().flatten().map(|r| r[0].clone()).collect();
    let mut tally = Tally::default();
    for name in &sipri_names {
        tally.names += 1;
        let explicit = match concordance.sipri.get(name) {
            Some(t) => Some(index.target(t, || conc_at("sipri", name))?),
            None => None,
        };
        match resolve(&index, &rows, explicit, None, name) {
            Ok(i) if rows[i].sipri_name.is_some() => tally.unmatched.push(format!(
                "`{name}` (matches {}, which already has SIPRI name `{}`)",
                rows[i].name,
                rows[i].sipri_name.as_deref().unwrap_or_default()
            )),
            Ok(i) => {
                rows[i].sipri_name = Some(name.clone());
                tally.matched += 1;
            }
            Err(why) => tally.unmatched.push(format!("`{name}` ({why})")),
        }
    }
    notes.push(match sipri {
        Some(_) => tally.line("SIPRI names (sipri_milex)"),
        None => "sipri_milex is not in the data folder: sipri_name left empty".into(),
    });

    // DMDC: a name per (name, iso3) pair; each partner keeps its most recently used name
    let dmdc = read_columns(
        data_dir,
        "us_troops_by_country",
        &["country", "iso3"],
        &["year"],
    )?;
    let mut pairs: BTreeMap<(String, String), (i64, usize)> = BTreeMap::new();
    for r in dmdc.iter().flatten() {
        let iso3 = if r[1] == "NA" {
            String::new()
        } else {
            r[1].clone()
        };
        let year = r[2].parse().unwrap_or(i64::MIN);
        let e = pairs.entry((r[0].clone(), iso3)).or_insert((year, 0));
        e.0 = e.0.max(year);
        e.1 += 1;
    }
    let mut tally = Tally::default();
    for ((name, iso3), (year, count)) in &pairs {
        tally.names += 1;
        let explicit = match concordance.dmdc.get(name) {
            Some(t) => Some(index.target(t, || conc_at("dmdc", name))?),
            None => None,
        };
        let iso3 = Some(iso3.as_str()).filter(|c| !c.is_empty());
        match resolve(&index, &rows, explicit, iso3, name) {
            Ok(i) => {
                tally.matched += 1;
                if let (None, Some(code), Found::One(j)) = (explicit, iso3, index.by_name(name))
                    && j != i
                {
                    notes.push(format!(
                        "DMDC `{name}` is given with iso3 {code} ({count} rows, to {year}); the name is {}'s: kept under {} as the code says",
                        rows[j].name, rows[i].name
                    ));
                }
                let better = rows[i]
                    .dmdc
                    .as_ref()
                    .is_none_or(|(_, y, n)| (*year, *count) > (*y, *n));
                if better {
                    rows[i].dmdc = Some((name.clone(), *year, *count));
                }
            }
            Err(why) => tally.unmatched.push(format!(
                "`{name}`{} ({why})",
                iso3.map(|c| format!(" [{c}]")).unwrap_or_default()
            )),
        }
    }
    notes.push(match dmdc {
        Some(_) => tally.line("DMDC names (us_troops_by_country, name and iso3 pairs)"),
        None => "us_troops_by_country is not in the data folder: dmdc_name left empty".into(),
    });

    // currencies: the concordance, then the Federal Reserve's table
    for (code, currency) in &concordance.currency {
        let i = index.target(code, || conc_at("currency", code))?;
        rows[i].currency = Some(currency.clone());
    }
    let fx = read_columns(data_dir, "fx_annual", &["currency", "country"], &[])?;
    let fx_pairs: BTreeSet<(String, String)> = fx
        .iter()
        .flatten()
        .map(|r| (r[1].clone(), r[0].clone()))
        .collect();
    let mut tally = Tally::default();
    for (name, currency) in &fx_pairs {
        tally.names += 1;
        let explicit = match concordance.fx.get(name) {
            Some(t) => Some(index.target(t, || conc_at("fx", name))?),
            None => None,
        };
        match resolve(&index, &rows, explicit, None, name) {
            Ok(i) => match &rows[i].currency {
                Some(c) if c != currency => tally.unmatched.push(format!(
                    "`{name}` {currency} (matches {}, whose currency in the concordance is {c})",
                    rows[i].name
                )),
                _ => {
                    rows[i].currency = Some(currency.clone());
                    tally.matched += 1;
                }
            },
            Err(why) => tally.unmatched.push(format!("`{name}` {currency} ({why})")),
        }
    }
    notes.push(match fx {
        Some(_) => tally.line("Federal Reserve currencies (fx_annual)"),
        None => "fx_annual is not in the data folder: currencies only from the concordance".into(),
    });

    let sources = [
        (census.is_some(), "us_goods_trade_by_partner"),
        (sipri.is_some(), "sipri_milex"),
        (dmdc.is_some(), "us_troops_by_country"),
        (fx.is_some(), "fx_annual"),
    ];
    let mut names = BTreeSet::new();
    let mut out = Vec::new();
    for r in rows {
        if !names.insert(r.name.clone()) {
            return Err(Error::invalid(
                Location::file(&conc_path).value(&r.name),
                "two partners have this display name: give one another name in [names]",
            ));
        }
        out.push(row_cells(r, &sources));
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
            id: "partners",
            columns: COLUMNS,
            rows: out,
            year_column: "year",
            source: SOURCE,
        }],
        notes,
    ))
}

/// A partner's CSV cells, with the reasons for its empty keys in `missing`.
fn row_cells(r: Row, sources: &[(bool, &str); 4]) -> Vec<String> {
    let mut missing = Vec::new();
    if r.iso3.is_none() {
        missing.push(format!(
            "iso3: {}",
            r.no_iso.as_deref().unwrap_or("no ISO 3166-1 code")
        ));
    }
    let absent = |(present, id): (bool, &str)| {
        if present {
            format!("not in {id}")
        } else {
            format!("{id} not in the data folder")
        }
    };
    if r.census.is_none() {
        missing.push(format!("census: {}", absent(sources[0])));
    }
    if r.sipri_name.is_none() {
        missing.push(format!("sipri: {}", absent(sources[1])));
    }
    if r.dmdc.is_none() {
        missing.push(format!("dmdc: {}", absent(sources[2])));
    }
    if r.currency.is_none() {
        missing.push(if sources[3].0 {
            "currency: not in fx_annual or the concordance".to_string()
        } else {
            "currency: not in the concordance (fx_annual not in the data folder)".to_string()
        });
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
