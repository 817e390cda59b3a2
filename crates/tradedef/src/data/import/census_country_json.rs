//! Census "U.S. Trade in Goods by Country" (`country.xlsx`) as a third party transcribed it to
//! JSON: the folder `pipeline/output` of GitHub `corbett-hobbs/congress-ideology`, holding
//!
//! - `countries.json`: the project's crosswalk, one entry per Census code: its key
//!   (`country_code`: ISO alpha-3, `AGG_<code>` for Census aggregates, `UNALLOC_<code>` for the
//!   two residuals), `census_code`, `name` (Census Schedule C) and the years the code is used;
//! - `trade_by_country/YYYY.json`: one entry per key and year, twelve monthly `exports` and
//!   `imports` (`null` where the month is not published yet), the annual totals and balance,
//!   in millions of dollars rounded to 0.1;
//! - `trade_national.json`: the world totals (Census basis goods, monthly not seasonally adjusted
//!   and seasonally adjusted, and annual not seasonally adjusted; the balance-of-payments rows are
//!   not read).
//!
//! Writes the datasets of the `census-country` importer, with the same rows and codes: every key
//! goes back to its Census code (a key the project merged from two Census codes, e.g. Ethiopia
//! 7740/7749, goes to the code whose years hold the row's year) and to the Census name the rows
//! of `us_goods_trade_by_partner` already in the data folder use for that code (the crosswalk's
//! Schedule C names are longer: "South Korea (Republic of Korea)" for country.xlsx's "Korea,
//! South"; the import notes list each such name); the world rows 0015 (not seasonally adjusted)
//! and 0004 (seasonally adjusted, monthly only) come from `trade_national.json`.
//!
//! **Snapshots.** A copy holds figures of the moment each file was last rebuilt. The snapshot of
//! `trade_national.json` ends at its latest month (tag `census-country-YYYY-MM`); the by-country
//! files of the complete years before it, and the file of its year if it ends in the same month,
//! belong to it, and their partners must add up to its world totals in every month (within
//! [`SNAPSHOT_TOLERANCE`]), or the import fails. A by-country file that ends in another month is
//! a snapshot of its own, tagged with its own latest month, so that shares and ranks are always
//! taken within one snapshot. Months after a file's latest published month (`null` for every
//! partner) are not written; a `null` within the published months is an empty value with its
//! reason. The annual datasets take complete years only.

use crate::data::ids;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use serde_json::{Map, Value};

use super::census_country::{
    JAPAN, JAPAN_COLUMNS, NOT_PARTNERS, PARTNER_COLUMNS, PARTNER_MONTHLY_COLUMNS, UNIT, flows,
    partner_kind,
};
use super::figure::{Figure, one_decimal};
use super::merge::{Output, SourceTemplate};
use crate::data::storage::read_bounded;
use crate::{Error, Location, Result};

/// The crosswalk file in the folder.
pub(crate) const COUNTRIES: &str = "countries.json";
/// The world totals file in the folder.
pub(crate) const NATIONAL: &str = "trade_national.json";
/// The sub-folder of the by-country files `YYYY.json`.
pub(crate) const BY_COUNTRY: &str = "trade_by_country";
/// The largest JSON file read (the real ones are 45-150 kB).
const MAX_JSON_BYTES: u64 = 64 << 20;

/// How far (as a fraction) the partners of a by-country file may add up away from the world total
/// of `trade_national.json` in a month and still be taken as the same snapshot: 0.001%. In the
/// copy of 2026 the largest gap in a month of 2022-2025 is 0.0007% (rounding of about 240 figures
/// to 0.1); the later `2026.json` differs by up to 0.105% from the earlier world totals.
pub const SNAPSHOT_TOLERANCE: f64 = 1e-5;

/// The Census code of the world total, not seasonally adjusted.
const WORLD_NSA: &str = "0015";
/// The Census code of the world total, seasonally adjusted.
const WORLD_SA: &str = "0004";

/// The reason written for a `null` within a file's published months.
const NULL_MONTH: &str =
    "no figure for this partner and month in the copy (null, while other partners have one)";

const SOURCE: SourceTemplate = SourceTemplate {
    producer: "U.S. Census Bureau, Foreign Trade Division (transcribed to JSON by a third party)",
    table: "U.S. Trade in Goods by Country, country.xlsx, as transcribed in pipeline/output (trade_by_country/YYYY.json, countries.json, trade_national.json)",
    url: "https://www.census.gov/foreign-trade/balance/country.xlsx",
};

/// One entry of the crosswalk.
#[derive(Debug, Clone, PartialEq)]
struct Crossing {
    key: String,
    code: String,
    name: String,
    years: (i64, i64),
}

/// The crosswalk: every key with its Census code(s).
struct Crosswalk {
    by_key: HashMap<String, Vec<Crossing>>,
    shown: String,
}

/// A partner's row of one by-country file.
struct PartnerYear {
    key: String,
    row: usize,
    /// [exports, imports] × 12 months.
    months: [[Option<f64>; 12]; 2],
    /// exports_year, imports_year, balance_year.
    annual: [Option<f64>; 3],
}

/// One `trade_by_country/YYYY.json`.
struct YearFile {
    shown: String,
    year: i64,
    rows: Vec<PartnerYear>,
    /// Months 1..=published have a figure for some partner.
    published: usize,
}

/// The Census-basis goods totals of `trade_national.json`.
struct National {
    shown: String,
    /// (year, month) → [exports, imports, balance], not seasonally adjusted and adjusted.
    nsa: BTreeMap<(i64, usize), [f64; 3]>,
    sa: BTreeMap<(i64, usize), [f64; 3]>,
    /// year → [exports, imports, balance], not seasonally adjusted.
    annual: BTreeMap<i64, [f64; 3]>,
}

impl National {
    /// The latest month of the not seasonally adjusted series.
    fn latest(&self) -> Option<(i64, usize)> {
        self.nsa.keys().next_back().copied()
    }
}

/// The vintage tag of a snapshot whose latest month is (year, month).
fn tag(year: i64, month: usize) -> String {
    format!("census-country-{year}-{month:02}")
}

fn read_json(path: &Path) -> Result<Value> {
    let bytes = read_bounded(path, MAX_JSON_BYTES)?;
    serde_json::from_slice(&bytes).map_err(|e| {
        Error::invalid(
            Location::file(path.display().to_string()),
            format!(
                "malformed JSON at line {} column {}: {e}",
                e.line(),
                e.column()
            ),
        )
    })
}

/// The entries of a file that must be a JSON array of objects, with their 1-based numbers.
fn objects<'a>(value: &'a Value, shown: &str, what: &str) -> Result<Vec<&'a Map<String, Value>>> {
    let Value::Array(items) = value else {
        return Err(Error::invalid(
            Location::file(shown),
            format!("expected a JSON array of objects (one per {what})"),
        ));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| match item {
            Value::Object(o) => Ok(o),
            other => Err(Error::invalid(
                Location::file(shown).row(i + 1).value(short(other)),
                format!("expected an object (one per {what})"),
            )),
        })
        .collect()
}

/// A value as text for an error message, cut to 60 characters.
fn short(v: &Value) -> String {
    let s = v.to_string();
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

/// A field that must be a non-empty string.
fn text_field(o: &Map<String, Value>, field: &str, at: &Location) -> Result<String> {
    match o.get(field) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.trim().to_string()),
        other => Err(Error::invalid(
            at.clone()
                .column(field)
                .value(other.map(short).unwrap_or_else(|| "absent".into())),
            "expected text",
        )),
    }
}

/// A field that must be a whole number (a year).
fn year_field(o: &Map<String, Value>, field: &str, at: &Location) -> Result<i64> {
    match o.get(field).and_then(Value::as_i64) {
        Some(y) if (1900..=2100).contains(&y) => Ok(y),
        _ => Err(Error::invalid(
            at.clone()
                .column(field)
                .value(o.get(field).map(short).unwrap_or_else(|| "absent".into())),
            "expected a year (a whole number 1900-2100)",
        )),
    }
}

/// A figure: a finite JSON number within the plausible range, or `null` (`None`).
fn figure(v: &Value, at: &Location) -> Result<Option<f64>> {
    match v {
        Value::Null => Ok(None),
        Value::Number(n) => match n.as_f64() {
            Some(x) if x.is_finite() && x.abs() < super::workbook::MAX_FIGURE => Ok(Some(x)),
            _ => Err(Error::invalid(
                at.clone().value(n.to_string()),
                "number out of range",
            )),
        },
        other => Err(Error::invalid(
            at.clone().value(short(other)),
            "expected a number (millions of dollars) or null",
        )),
    }
}

fn read_crosswalk(folder: &Path) -> Result<Crosswalk> {
    let path = folder.join(COUNTRIES);
    let shown = path.display().to_string();
    let value = read_json(&path)?;
    let mut by_key: HashMap<String, Vec<Crossing>> = HashMap::new();
    let mut codes: HashMap<String, usize> = HashMap::new();
    for (i, o) in objects(&value, &shown, "Census code")?
        .into_iter()
        .enumerate()
    {
        let at = Location::file(&shown).row(i + 1);
        let key = text_field(o, "country_code", &at)?;
        let code = text_field(o, "census_code", &at)?;
        if code.len() != 4 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::invalid(
                at.column("census_code").value(code),
                "expected a Census code of 4 digits",
            ));
        }
        if let Some(first) = codes.insert(code.clone(), i + 1) {
            return Err(Error::invalid(
                at.column("census_code").value(code),
                format!("duplicate Census code: already at entry {first}"),
            ));
        }
        let name = text_field(o, "name", &at)?;
        let years = (
            year_field(o, "first_year", &at)?,
            year_field(o, "last_year", &at)?,
        );
        if years.0 > years.1 {
            return Err(Error::invalid(
                at.column("last_year").value(years.1.to_string()),
                format!("last_year before first_year {}", years.0),
            ));
        }
        by_key.entry(key.clone()).or_default().push(Crossing {
            key,
            code,
            name,
            years,
        });
    }
    Ok(Crosswalk { by_key, shown })
}

impl Crosswalk {
    /// The Census code of a key in a year: the entry whose years hold the year, or the key's only
    /// entry. A key with several entries for one year (a merged recode's changeover year) or none
    /// is an error: its figures cannot be given to one Census code.
    fn entry(&self, key: &str, year: i64, at: &Location) -> Result<&Crossing> {
        let Some(entries) = self.by_key.get(key) else {
            return Err(Error::invalid(
                at.clone().column("country_code").value(key),
                format!("key not in {}: no Census code for it", self.shown),
            ));
        };
        let holding: Vec<&Crossing> = entries
            .iter()
            .filter(|e| (e.years.0..=e.years.1).contains(&year))
            .collect();
        match (holding.as_slice(), entries.as_slice()) {
            ([one], _) => Ok(one),
            ([], [only]) => Ok(only),
            (several, _) => {
                let codes: Vec<String> = entries
                    .iter()
                    .map(|e| format!("{} ({}-{})", e.code, e.years.0, e.years.1))
                    .collect();
                let why = if several.is_empty() {
                    "none of them is used in"
                } else {
                    "more than one is used in"
                };
                Err(Error::invalid(
                    at.clone().column("country_code").value(key),
                    format!(
                        "{} maps the key to the Census codes [{}], and {why} {year}: the merged figures cannot be given to one code",
                        self.shown,
                        codes.join(", ")
                    ),
                ))
            }
        }
    }

    /// The entry of a Census code.
    fn of_code(&self, code: &str) -> Option<&Crossing> {
        self.entries().find(|e| e.code == code)
    }

    /// Every entry, in the order of Census codes.
    fn entries(&self) -> impl Iterator<Item = &Crossing> {
        let mut all: Vec<&Crossing> = self.by_key.values().flatten().collect();
        all.sort_by(|a, b| a.code.cmp(&b.code));
        all.into_iter()
    }
}

/// The twelve months of a field (an array of 12 numbers or nulls).
fn months(o: &Map<String, Value>, field: &str, at: &Location) -> Result<[Option<f64>; 12]> {
    let Some(Value::Array(items)) = o.get(field) else {
        return Err(Error::invalid(
            at.clone()
                .column(field)
                .value(o.get(field).map(short).unwrap_or_else(|| "absent".into())),
            "expected an array of 12 monthly figures",
        ));
    };
    if items.len() != 12 {
        return Err(Error::invalid(
            at.clone().column(field).value(short(&o[field])),
            format!(
                "expected 12 monthly figures, found {} (a transcription of country.xlsx has January to December)",
                items.len()
            ),
        ));
    }
    let mut out = [None; 12];
    for (m, v) in items.iter().enumerate() {
        out[m] = figure(v, &at.clone().column(format!("{field}[{m}]")))?;
    }
    Ok(out)
}

fn read_year_file(path: &Path, year: i64) -> Result<YearFile> {
    let shown = path.display().to_string();
    let value = read_json(path)?;
    let mut rows = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, o) in objects(&value, &shown, "partner")?.into_iter().enumerate() {
        let at = Location::file(&shown).row(i + 1);
        let key = text_field(o, "country_code", &at)?;
        let at = Location::file(format!("{shown}, partner `{key}`")).row(i + 1);
        let y = year_field(o, "year", &at)?;
        if y != year {
            return Err(Error::invalid(
                at.column("year").value(y.to_string()),
                format!("the file of {year} holds a row of another year"),
            ));
        }
        if let Some(first) = seen.insert(key.clone(), i + 1) {
            return Err(Error::invalid(
                at.column("country_code").value(key),
                format!("duplicate partner: already at entry {first}"),
            ));
        }
        let months = [months(o, "exports", &at)?, months(o, "imports", &at)?];
        let mut annual = [None; 3];
        for (slot, field) in ["exports_year", "imports_year", "balance_year"]
            .into_iter()
            .enumerate()
        {
            annual[slot] = figure(
                o.get(field).unwrap_or(&Value::Null),
                &at.clone().column(field),
            )?;
        }
        if let [Some(x), Some(m), Some(b)] = annual
            && ((x - m - b) * 10.0).round().abs() > 1.0
        {
            return Err(Error::invalid(
                at.column("balance_year").value(one_decimal(b)),
                format!(
                    "balance_year is not exports_year - imports_year ({} - {} = {}) within rounding (0.1)",
                    one_decimal(x),
                    one_decimal(m),
                    one_decimal(x - m)
                ),
            ));
        }
        rows.push(PartnerYear {
            key,
            row: i + 1,
            months,
            annual,
        });
    }
    if rows.is_empty() {
        return Err(Error::invalid(
            Location::file(&shown),
            "the file holds no partner",
        ));
    }
    let published = (0..12)
        .rev()
        .find(|&m| {
            rows.iter()
                .any(|r| r.months[0][m].is_some() || r.months[1][m].is_some())
        })
        .map_or(0, |m| m + 1);
    if published == 0 {
        return Err(Error::invalid(
            Location::file(&shown),
            "no month of the file has a figure: nothing published",
        ));
    }
    Ok(YearFile {
        shown,
        year,
        rows,
        published,
    })
}

/// The `YYYY.json` files of `trade_by_country`, by year.
fn read_year_files(folder: &Path) -> Result<Vec<YearFile>> {
    let dir = folder.join(BY_COUNTRY);
    let entries = std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))?;
    let mut years = BTreeMap::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(&dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".json") else {
            continue;
        };
        match stem.parse::<i64>() {
            Ok(y) if stem.len() == 4 && (1900..=2100).contains(&y) => {
                years.insert(y, entry.path());
            }
            _ => {
                return Err(Error::invalid(
                    Location::file(entry.path().display().to_string()),
                    "not a by-country file: expected YYYY.json",
                ));
            }
        }
    }
    if years.is_empty() {
        return Err(Error::invalid(
            Location::file(dir.display().to_string()),
            "no YYYY.json file in the folder",
        ));
    }
    years
        .into_iter()
        .map(|(y, path)| read_year_file(&path, y))
        .collect()
}

fn read_national(folder: &Path) -> Result<National> {
    let path = folder.join(NATIONAL);
    let shown = path.display().to_string();
    let value = read_json(&path)?;
    let mut national = National {
        shown: shown.clone(),
        nsa: BTreeMap::new(),
        sa: BTreeMap::new(),
        annual: BTreeMap::new(),
    };
    for (i, o) in objects(&value, &shown, "period")?.into_iter().enumerate() {
        let at = Location::file(&shown).row(i + 1);
        let field = |f: &str| text_field(o, f, &at);
        if field("basis")? != "census" || field("scope")? != "goods" {
            continue;
        }
        let (frequency, adjustment, period) =
            (field("frequency")?, field("adjustment")?, field("period")?);
        let mut flows = [0.0; 3];
        for (slot, f) in ["exports", "imports", "balance"].into_iter().enumerate() {
            let at = at.clone().column(f);
            flows[slot] = figure(o.get(f).unwrap_or(&Value::Null), &at)?.ok_or_else(|| {
                Error::invalid(at.value("null"), "expected a number for a world total")
            })?;
        }
        let bad_period = || {
            Error::invalid(
                at.clone().column("period").value(&period),
                format!("expected a period YYYY-MM for {frequency} rows, YYYY for annual rows"),
            )
        };
        let duplicate = || {
            Error::invalid(
                at.clone().column("period").value(&period),
                format!("duplicate {frequency} {adjustment} row"),
            )
        };
        match (frequency.as_str(), adjustment.as_str()) {
            ("monthly", adj @ ("nsa" | "sa")) => {
                let month = period
                    .split_once('-')
                    .and_then(|(y, m)| Some((y.parse::<i64>().ok()?, m.parse::<usize>().ok()?)))
                    .filter(|(_, m)| (1..=12).contains(m))
                    .ok_or_else(bad_period)?;
                let series = if adj == "nsa" {
                    &mut national.nsa
                } else {
                    &mut national.sa
                };
                if series.insert(month, flows).is_some() {
                    return Err(duplicate());
                }
            }
            ("annual", "nsa") => {
                let year: i64 = period.parse().map_err(|_| bad_period())?;
                if national.annual.insert(year, flows).is_some() {
                    return Err(duplicate());
                }
            }
            ("annual", _) => {}
            _ => {
                return Err(Error::invalid(
                    at.column("frequency")
                        .value(format!("{frequency}/{adjustment}")),
                    "expected monthly (nsa or sa) or annual rows",
                ));
            }
        }
    }
    if national.nsa.is_empty() {
        return Err(Error::invalid(
            Location::file(&shown),
            "no monthly Census-basis goods row (basis census, scope goods, adjustment nsa)",
        ));
    }
    Ok(national)
}

/// The partner rows of one period: (exports, imports) figures and, for annual rows, the file's
/// balance.
struct Period<'a> {
    year: i64,
    month: Option<usize>,
    code: &'a str,
    name: &'a str,
    exports: Figure,
    imports: Figure,
    balance: Option<f64>,
    vintage: &'a str,
}

impl Period<'_> {
    /// (flow, value, missing) of exports, imports and balance: the balance is the file's where it
    /// gives one, else exports - imports.
    fn cells(&self) -> [(&'static str, String, String); 3] {
        let mut cells = flows(&self.imports, &self.exports);
        if let (Some(b), Figure::Value(_), Figure::Value(_)) =
            (self.balance, &self.exports, &self.imports)
        {
            cells[2].1 = one_decimal(b);
        }
        cells
    }

    fn partner_rows(&self, rows: &mut Vec<Vec<String>>) {
        for (flow, value, missing) in self.cells() {
            let mut row = Vec::with_capacity(PARTNER_MONTHLY_COLUMNS.len());
            row.push(self.year.to_string());
            row.extend(self.month.map(|m| m.to_string()));
            row.extend([
                self.code.to_string(),
                self.name.to_string(),
                partner_kind(self.code).to_string(),
                flow.to_string(),
                value,
                UNIT.to_string(),
                self.vintage.to_string(),
                self.vintage.to_string(),
                missing,
            ]);
            rows.push(row);
        }
    }

    fn japan_rows(&self, rows: &mut Vec<Vec<String>>) {
        for (flow, value, missing) in self.cells() {
            rows.push(vec![
                self.year.to_string(),
                self.month.map(|m| m.to_string()).unwrap_or_default(),
                flow.to_string(),
                value,
                UNIT.to_string(),
                self.vintage.to_string(),
                self.vintage.to_string(),
                missing,
            ]);
        }
    }

    /// Writes the rows of the period into the three datasets' row lists.
    fn write(&self, out: &mut Rows) {
        if self.code == JAPAN {
            self.japan_rows(&mut out.japan);
        }
        if self.month.is_some() {
            self.partner_rows(&mut out.monthly);
        } else {
            self.partner_rows(&mut out.annual);
        }
    }
}

#[derive(Default)]
struct Rows {
    japan: Vec<Vec<String>>,
    annual: Vec<Vec<String>>,
    monthly: Vec<Vec<String>>,
}

/// Codes of the crosswalk whose by-country rows are not written: the product group 0007 (not a
/// partner) and the world totals (taken from the national file).
fn not_written(code: &str) -> bool {
    NOT_PARTNERS.contains(&code) || code == WORLD_NSA || code == WORLD_SA
}

fn as_figure(x: Option<f64>, reason: &str) -> Figure {
    x.map_or_else(|| Figure::Missing(reason.to_string()), Figure::Value)
}

/// Checks that the partners of a file of the national snapshot add up to its world totals in
/// every published month (countries and the two residuals; aggregates left out; a month where
/// some partner has no figure is not checked).
fn check_same_snapshot(
    file: &YearFile,
    national: &National,
    codes: &[&str],
    snapshot: &str,
) -> Result<()> {
    for m in 0..file.published {
        let Some(world) = national.nsa.get(&(file.year, m + 1)) else {
            return Err(Error::invalid(
                Location::file(&national.shown),
                format!(
                    "no world total for {}-{:02}, a month of {}: the by-country file and the world totals are not one snapshot",
                    file.year,
                    m + 1,
                    file.shown
                ),
            ));
        };
        for (f, flow) in ["exports", "imports"].into_iter().enumerate() {
            let figures: Option<Vec<f64>> = file
                .rows
                .iter()
                .zip(codes)
                .filter(|(_, code)| partner_kind(code) != "aggregate")
                .map(|(r, _)| r.months[f][m])
                .collect();
            // a month where a partner has no figure cannot be added up: it is not checked
            let Some(figures) = figures else {
                continue;
            };
            let sum: f64 = figures.iter().sum();
            let gap = (sum - world[f]) / world[f];
            if !gap.is_finite() || gap.abs() > SNAPSHOT_TOLERANCE {
                return Err(Error::invalid(
                    Location::file(&file.shown).column(format!("{flow}[{m}]")),
                    format!(
                        "the partners' {flow} of {}-{:02} add up to {} but the world total of {} ({snapshot}) is {} ({:+.4}%, more than {}%): the file is not of that snapshot",
                        file.year,
                        m + 1,
                        one_decimal(sum),
                        national.shown,
                        one_decimal(world[f]),
                        gap * 100.0,
                        SNAPSHOT_TOLERANCE * 100.0
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Reads the folder and returns the vintage of the national snapshot, the rows of the three
/// datasets and the notes (names, snapshots, codes the copy lacks).
pub(crate) fn read(
    folder: &Path,
    data_dir: &Path,
    vintage: Option<&str>,
) -> Result<(String, Vec<Output>, Vec<String>)> {
    let crosswalk = read_crosswalk(folder)?;
    let files = read_year_files(folder)?;
    let national = read_national(folder)?;
    let latest = national
        .latest()
        .ok_or_else(|| Error::invalid(Location::file(&national.shown), "no monthly world total"))?;

    // each file's snapshot: the national one, or its own latest month
    let snapshot_of = |f: &YearFile| -> String {
        let of_national = (f.year < latest.0 && f.published == 12)
            || (f.year == latest.0 && f.published == latest.1);
        if of_national {
            tag(latest.0, latest.1)
        } else {
            tag(f.year, f.published)
        }
    };
    let mut tags: BTreeSet<String> = files.iter().map(snapshot_of).collect();
    let main = tag(latest.0, latest.1);
    tags.insert(main.clone());
    let (main, rename) = match vintage {
        Some(_) if tags.len() > 1 => {
            return Err(Error::argument(
                "import --vintage",
                format!(
                    "the folder holds {} snapshots ({}): a single vintage cannot name them; import without --vintage",
                    tags.len(),
                    tags.iter().cloned().collect::<Vec<_>>().join(", ")
                ),
            ));
        }
        Some(v) => (v.to_string(), true),
        None => (main, false),
    };
    let vintage_of = |f: &YearFile| {
        if rename { main.clone() } else { snapshot_of(f) }
    };

    let mut imported = tags.clone();
    imported.insert(main.clone());
    let names = super::stored::census_names(data_dir, &imported)?.unwrap_or_default();
    let mut notes = Vec::new();
    let mut renamed: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut unnamed: BTreeSet<String> = BTreeSet::new();
    let mut name_of = |e: &Crossing| -> String {
        match names.get(&e.code) {
            Some(n) => {
                if *n != e.name {
                    renamed.insert(e.code.clone(), (e.name.clone(), n.clone()));
                }
                n.clone()
            }
            None => {
                unnamed.insert(format!("{} `{}`", e.code, e.name));
                e.name.clone()
            }
        }
    };

    let mut out = Rows::default();
    let mut skipped: BTreeSet<String> = BTreeSet::new();
    let mut held: BTreeSet<String> = BTreeSet::new();
    let mut main_years = BTreeSet::new();
    for f in &files {
        let v = vintage_of(f);
        let codes: Vec<&Crossing> = f
            .rows
            .iter()
            .map(|r| crosswalk.entry(&r.key, f.year, &Location::file(&f.shown).row(r.row)))
            .collect::<Result<_>>()?;
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for (r, e) in f.rows.iter().zip(&codes) {
            if let Some(other) = seen.insert(&e.code, &r.key) {
                return Err(Error::invalid(
                    Location::file(&f.shown)
                        .row(r.row)
                        .column("country_code")
                        .value(&r.key),
                    format!(
                        "key `{other}` of the same file maps to the same Census code {}",
                        e.code
                    ),
                ));
            }
        }
        if snapshot_of(f) == tag(latest.0, latest.1) {
            let code_texts: Vec<&str> = codes.iter().map(|e| e.code.as_str()).collect();
            check_same_snapshot(f, &national, &code_texts, &v)?;
            main_years.insert(f.year);
        }
        let in_file: BTreeSet<&str> = codes.iter().map(|e| e.code.as_str()).collect();
        let absent: Vec<String> = crosswalk
            .entries()
            .filter(|e| (e.years.0..=e.years.1).contains(&f.year))
            .filter(|e| !in_file.contains(e.code.as_str()) && !not_written(&e.code))
            .map(|e| format!("{} `{}`", e.code, e.name))
            .collect();
        if !absent.is_empty() {
            notes.push(format!(
                "{BY_COUNTRY}/{}.json has no row for [{}], though {COUNTRIES} lists them as used in {}: absent, not zero",
                f.year,
                absent.join(", "),
                f.year
            ));
        }
        let complete = f.published == 12;
        for (r, e) in f.rows.iter().zip(codes) {
            if not_written(&e.code) {
                skipped.insert(format!("{} `{}` ({})", e.code, e.name, e.key));
                continue;
            }
            held.insert(e.code.clone());
            let name = name_of(e);
            let mut period = Period {
                year: f.year,
                month: None,
                code: &e.code,
                name: &name,
                exports: Figure::Missing(String::new()),
                imports: Figure::Missing(String::new()),
                balance: None,
                vintage: &v,
            };
            for m in 0..f.published {
                period.month = Some(m + 1);
                period.exports = as_figure(r.months[0][m], NULL_MONTH);
                period.imports = as_figure(r.months[1][m], NULL_MONTH);
                period.write(&mut out);
            }
            if complete {
                let reason = "no annual figure in the copy (null)";
                period.month = None;
                period.exports = as_figure(r.annual[0], reason);
                period.imports = as_figure(r.annual[1], reason);
                period.balance = r.annual[2];
                period.write(&mut out);
            }
        }
        if !complete {
            notes.push(format!(
                "{BY_COUNTRY}/{}.json: months {}-12 not published in the copy (null): not written; no annual row for {} (incomplete year)",
                f.year,
                f.published + 1,
                f.year
            ));
        }
    }

    // the world totals of the national snapshot, for the years of its by-country files and the
    // year of its latest month
    main_years.insert(latest.0);
    let world_vintage = main.clone();
    for (code, series, adjustment) in [
        (WORLD_NSA, &national.nsa, "not seasonally adjusted"),
        (WORLD_SA, &national.sa, "seasonally adjusted"),
    ] {
        let Some(e) = crosswalk.of_code(code) else {
            return Err(Error::invalid(
                Location::file(&crosswalk.shown),
                format!("no entry for the world total {code} ({adjustment})"),
            ));
        };
        let name = name_of(e);
        for (&(year, month), flows) in series {
            if !main_years.contains(&year) || (year, month) > latest {
                continue;
            }
            Period {
                year,
                month: Some(month),
                code,
                name: &name,
                exports: Figure::Value(flows[0]),
                imports: Figure::Value(flows[1]),
                balance: Some(flows[2]),
                vintage: &world_vintage,
            }
            .write(&mut out);
        }
        if code == WORLD_NSA {
            for (&year, flows) in &national.annual {
                let complete = (1..=12).all(|m| national.nsa.contains_key(&(year, m)));
                if !main_years.contains(&year) || !complete {
                    continue;
                }
                Period {
                    year,
                    month: None,
                    code,
                    name: &name,
                    exports: Figure::Value(flows[0]),
                    imports: Figure::Value(flows[1]),
                    balance: Some(flows[2]),
                    vintage: &world_vintage,
                }
                .write(&mut out);
            }
        }
    }

    // what the notes say
    for t in &tags {
        let years: Vec<String> = files
            .iter()
            .filter(|f| vintage_of(f) == *t)
            .map(|f| f.year.to_string())
            .collect();
        notes.push(format!(
            "snapshot {t}: by-country files [{}]{}",
            years.join(", "),
            if *t == main {
                format!(
                    ", world totals of {NATIONAL} to {}-{:02}",
                    latest.0, latest.1
                )
            } else {
                String::new()
            }
        ));
    }
    for (code, (crosswalk_name, written)) in &renamed {
        notes.push(format!(
            "Census code {code}: written `{written}` (the dataset's name) for the crosswalk's `{crosswalk_name}`"
        ));
    }
    if !unnamed.is_empty() {
        notes.push(format!(
            "no name in the data folder's us_goods_trade_by_partner for [{}]: the crosswalk's name is written",
            unnamed.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    if !skipped.is_empty() {
        notes.push(format!(
            "not partners, not written from the by-country files: [{}]",
            skipped.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    let (first, last) = (
        files.first().map_or(0, |f| f.year),
        files.last().map_or(0, |f| f.year),
    );
    let mut lacking: Vec<String> = crosswalk
        .entries()
        .filter(|e| e.years.1 >= first && e.years.0 <= last)
        .filter(|e| !held.contains(&e.code) && !not_written(&e.code))
        .map(|e| format!("{} `{}` ({}-{})", e.code, e.name, e.years.0, e.years.1))
        .collect();
    lacking.sort();
    if !lacking.is_empty() {
        notes.push(format!(
            "Census codes of the crosswalk used in {first}-{last} with no row in any by-country file: [{}]",
            lacking.join(", ")
        ));
    }
    let merged: Vec<String> = {
        let mut m: Vec<String> = crosswalk
            .by_key
            .iter()
            .filter(|(_, e)| e.len() > 1)
            .map(|(k, e)| {
                let codes: Vec<String> = e
                    .iter()
                    .map(|e| format!("{} {}-{}", e.code, e.years.0, e.years.1))
                    .collect();
                format!("{k} = [{}]", codes.join(", "))
            })
            .collect();
        m.sort();
        m
    };
    if !merged.is_empty() {
        notes.push(format!(
            "keys merging two Census codes (rows go to the code used in the row's year): {}",
            merged.join("; ")
        ));
    }

    if out.japan.is_empty() {
        return Err(Error::invalid(
            Location::file(folder.display().to_string()),
            format!("no rows for Japan (Census code {JAPAN}) in the by-country files"),
        ));
    }
    Ok((
        main,
        vec![
            Output {
                id: ids::US_JAPAN_GOODS_TRADE,
                columns: JAPAN_COLUMNS,
                rows: out.japan,
                year_column: "year",
                source: SOURCE,
            },
            Output {
                id: ids::US_GOODS_TRADE_BY_PARTNER,
                columns: PARTNER_COLUMNS,
                rows: out.annual,
                year_column: "year",
                source: SOURCE,
            },
            Output {
                id: ids::US_GOODS_TRADE_BY_PARTNER_MONTHLY,
                columns: PARTNER_MONTHLY_COLUMNS,
                rows: out.monthly,
                year_column: "year",
                source: SOURCE,
            },
        ],
        notes,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A folder of the transcription's shape: Japan and Canada (and the product group 0007) in
    /// 2025 (complete) and 2026 (January-February), world totals to February 2026.
    struct Fixture {
        dir: std::path::PathBuf,
    }

    impl Drop for Fixture {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }

    fn months(first: f64, published: usize) -> Value {
        Value::Array(
            (0..12)
                .map(|m| {
                    if m < published {
                        json!(first + m as f64)
                    } else {
                        Value::Null
                    }
                })
                .collect(),
        )
    }

    fn partner(key: &str, year: i64, exports: f64, imports: f64, published: usize) -> Value {
        let sum = |first: f64| (0..published).map(|m| first + m as f64).sum::<f64>();
        json!({
            "country_code": key, "year": year,
            "exports": months(exports, published), "imports": months(imports, published),
            "exports_year": sum(exports), "imports_year": sum(imports),
            "balance_year": sum(exports) - sum(imports),
        })
    }

    impl Fixture {
        fn new(label: &str) -> Fixture {
            static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
            let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let dir = std::env::temp_dir().join(format!(
                "tradedef-country-json-{label}-{}-{n}",
                std::process::id()
            ));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(dir.join(BY_COUNTRY)).unwrap();
            let f = Fixture { dir };
            f.write(
                COUNTRIES,
                json!([
                    {"country_code": "JPN", "census_code": "5880", "name": "Japan", "first_year": 1991, "last_year": 2026},
                    {"country_code": "CAN", "census_code": "1220", "name": "Canada", "first_year": 1991, "last_year": 2026},
                    {"country_code": "AGG_0007", "census_code": "0007", "name": "Advanced Technology Products", "first_year": 1991, "last_year": 2026},
                    {"country_code": "AGG_0015", "census_code": "0015", "name": "World, Not Seasonally Adjusted", "first_year": 1991, "last_year": 2026},
                    {"country_code": "AGG_0004", "census_code": "0004", "name": "World, Seasonally Adjusted", "first_year": 1991, "last_year": 2026},
                    {"country_code": "SDN", "census_code": "7320", "name": "Sudan", "first_year": 1992, "last_year": 2011},
                    {"country_code": "SDN", "census_code": "7321", "name": "Sudan", "first_year": 2011, "last_year": 2026},
                ]),
            );
            let year = |y: i64, published: usize| {
                json!([
                    partner("JPN", y, 6000.0, 12000.0, published),
                    partner("CAN", y, 25000.0, 30000.0, published),
                    partner("AGG_0007", y, 9.0, 9.0, published),
                ])
            };
            f.write(&format!("{BY_COUNTRY}/2025.json"), year(2025, 12));
            f.write(&format!("{BY_COUNTRY}/2026.json"), year(2026, 2));
            // the world: the two partners' sums
            let mut national = Vec::new();
            for (y, published) in [(2025, 12), (2026, 2)] {
                let (mut xs, mut ms) = (0.0, 0.0);
                for m in 0..published {
                    let (x, i) = (31000.0 + 2.0 * m as f64, 42000.0 + 2.0 * m as f64);
                    xs += x;
                    ms += i;
                    for adj in ["nsa", "sa"] {
                        national.push(
                            json!({"period": format!("{y}-{:02}", m + 1), "frequency": "monthly",
                            "basis": "census", "scope": "goods", "adjustment": adj,
                            "exports": x, "imports": i, "balance": x - i}),
                        );
                    }
                }
                national.push(json!({"period": y.to_string(), "frequency": "annual", "basis": "census",
                    "scope": "goods", "adjustment": "nsa", "exports": xs, "imports": ms, "balance": xs - ms}));
                national.push(json!({"period": y.to_string(), "frequency": "annual", "basis": "bop",
                    "scope": "goods", "adjustment": "nsa", "exports": 1.0, "imports": 2.0, "balance": -1.0}));
            }
            f.write(NATIONAL, Value::Array(national));
            f
        }

        fn write(&self, name: &str, value: Value) {
            std::fs::write(self.dir.join(name), value.to_string()).unwrap();
        }

        fn edit(&self, name: &str, edit: impl FnOnce(&mut Value)) {
            let path = self.dir.join(name);
            let mut v: Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            edit(&mut v);
            self.write(name, v);
        }

        fn read(&self, vintage: Option<&str>) -> Result<(String, Vec<Output>, Vec<String>)> {
            // no data folder: names come from the crosswalk
            read(&self.dir, &self.dir.join("no-data"), vintage)
        }

        fn error(&self) -> String {
            self.read(None)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        }
    }

    fn rows(outputs: &[Output], id: crate::data::DatasetId) -> &[Vec<String>] {
        &outputs.iter().find(|o| o.id == id).unwrap().rows
    }

    #[test]
    fn two_snapshots_complete_years_and_world_rows() {
        let f = Fixture::new("ok");
        let (vintage, outputs, notes) = f.read(None).unwrap();
        assert_eq!(vintage, "census-country-2026-02");
        // 2025 and the world totals are of the snapshot of trade_national.json; 2026.json ends in
        // the same month, so it is too
        let annual = rows(&outputs, ids::US_GOODS_TRADE_BY_PARTNER);
        // Japan, Canada and the world NSA, 2025 only (2026 incomplete), 3 flows
        assert_eq!(annual.len(), 3 * 3);
        assert!(annual.iter().all(|r| r[0] == "2025" && r[7] == vintage));
        assert!(annual.iter().all(|r| r[1] != "0007"), "not a partner");
        let monthly = rows(&outputs, ids::US_GOODS_TRADE_BY_PARTNER_MONTHLY);
        // (2 partners + 0015 + 0004) × 14 months × 3 flows
        assert_eq!(monthly.len(), 4 * 14 * 3);
        let japan = rows(&outputs, ids::US_JAPAN_GOODS_TRADE);
        assert_eq!(japan.len(), (13 + 2) * 3);
        let jan_2026 = japan
            .iter()
            .find(|r| r[0] == "2026" && r[1] == "1" && r[2] == "exports")
            .unwrap();
        assert_eq!(jan_2026[3], "6000.0");
        assert!(
            notes
                .iter()
                .any(|n| n.contains("months 3-12 not published"))
        );
    }

    #[test]
    fn a_later_file_is_its_own_snapshot_and_takes_no_single_vintage() {
        let f = Fixture::new("later");
        // 2026.json with March published: one month past the world totals
        f.write(
            &format!("{BY_COUNTRY}/2026.json"),
            json!([
                partner("JPN", 2026, 6000.0, 12000.0, 3),
                partner("CAN", 2026, 25000.0, 30000.0, 3)
            ]),
        );
        let (vintage, outputs, _) = f.read(None).unwrap();
        assert_eq!(vintage, "census-country-2026-02");
        let monthly = rows(&outputs, ids::US_GOODS_TRADE_BY_PARTNER_MONTHLY);
        let later: Vec<_> = monthly
            .iter()
            .filter(|r| r[8] == "census-country-2026-03")
            .collect();
        assert_eq!(later.len(), 2 * 3 * 3, "2 partners × 3 months × 3 flows");
        assert!(later.iter().all(|r| r[2] != "0015" && r[2] != "0004"));
        let e = f.read(Some("mine")).err().unwrap().to_string();
        assert!(
            e.contains("2 snapshots") && e.contains("census-country-2026-03"),
            "{e}"
        );
    }

    #[test]
    fn a_null_within_the_published_months_is_a_gap_with_its_reason() {
        let f = Fixture::new("null");
        f.edit(&format!("{BY_COUNTRY}/2026.json"), |v| {
            v[1]["exports"][1] = Value::Null;
        });
        let (_, outputs, _) = f.read(None).unwrap();
        let monthly = rows(&outputs, ids::US_GOODS_TRADE_BY_PARTNER_MONTHLY);
        let feb: Vec<_> = monthly
            .iter()
            .filter(|r| r[0] == "2026" && r[1] == "2" && r[2] == "1220")
            .collect();
        assert_eq!(feb.len(), 3);
        assert_eq!((feb[0][5].as_str(), feb[0][6].as_str()), ("exports", ""));
        assert!(feb[0][10].contains("null"), "{:?}", feb[0]);
        assert!(feb[2][10].starts_with("not computed"), "{:?}", feb[2]);
    }

    #[test]
    fn bad_rows_are_errors_naming_file_row_field_and_value() {
        let f = Fixture::new("bad");
        f.edit(&format!("{BY_COUNTRY}/2025.json"), |v| {
            v[1]["imports"][3] = json!("12,000");
        });
        let e = f.error();
        assert!(
            e.contains("2025.json, partner `CAN`, row 2, column `imports[3]`, value `\"12,000\"`"),
            "{e}"
        );
        let f = Fixture::new("short");
        f.edit(&format!("{BY_COUNTRY}/2025.json"), |v| {
            v[0]["exports"].as_array_mut().unwrap().pop();
        });
        let e = f.error();
        assert!(
            e.contains("row 1, column `exports`") && e.contains("found 11"),
            "{e}"
        );
        let f = Fixture::new("key");
        f.edit(&format!("{BY_COUNTRY}/2025.json"), |v| {
            v[0]["country_code"] = json!("XYZ");
        });
        let e = f.error();
        assert!(
            e.contains("row 1, column `country_code`, value `XYZ`"),
            "{e}"
        );
        let f = Fixture::new("balance");
        f.edit(&format!("{BY_COUNTRY}/2025.json"), |v| {
            v[0]["balance_year"] = json!(1.0);
        });
        let e = f.error();
        assert!(
            e.contains("column `balance_year`") && e.contains("within rounding"),
            "{e}"
        );
    }

    #[test]
    fn a_file_off_the_world_totals_is_refused() {
        let f = Fixture::new("off");
        f.edit(&format!("{BY_COUNTRY}/2025.json"), |v| {
            v[0]["imports"][4] = json!(13000.0);
        });
        let e = f.error();
        assert!(
            e.contains("2025-05 add up to") && e.contains("not of that snapshot"),
            "{e}"
        );
    }

    #[test]
    fn a_merged_key_goes_to_the_code_of_its_year() {
        let f = Fixture::new("sudan");
        for year in ["2025", "2026"] {
            f.edit(&format!("{BY_COUNTRY}/{year}.json"), |v| {
                v[1]["country_code"] = json!("SDN");
            });
        }
        let (_, outputs, notes) = f.read(None).unwrap();
        let annual = rows(&outputs, ids::US_GOODS_TRADE_BY_PARTNER);
        assert!(annual.iter().any(|r| r[1] == "7321" && r[2] == "Sudan"));
        assert!(!annual.iter().any(|r| r[1] == "7320"));
        assert!(
            notes
                .iter()
                .any(|n| n.contains("SDN = [7320 1992-2011, 7321 2011-2026]"))
        );
        let cw = read_crosswalk(&f.dir).unwrap();
        let at = Location::file("f");
        assert_eq!(cw.entry("SDN", 2000, &at).unwrap().code, "7320");
        let e = cw.entry("SDN", 2011, &at).unwrap_err().to_string();
        assert!(
            e.contains("7320") && e.contains("7321") && e.contains("2011"),
            "{e}"
        );
    }
}
