//! DMDC's quarterly location reports ("Military and Civilian Personnel by Service/Agency by
//! State/Country", files `DMDC_Website_Location_Report_YYMM.xlsx`) as parsed into one JSON array
//! by a third party (`troops_location.json` of GitHub `corbett-hobbs/congress-ideology`): one
//! object per report period and place of the reports' overseas section, with the active-duty
//! count of each service and the report's total.
//!
//! Writes the rows of one vintage (`dmdc-location-reports-YYYY-MM`, the latest period) into
//! `us_troops_by_country` (every place) and `us_troops_in_japan` (ISO code `JPN`), in their
//! schema:
//!
//! - `country` is the copy's canonical name, `location` DMDC's label as the copy gives it
//!   (legacy and current labels printed in one period are summed by the copy and joined with
//!   ` + `), `iso3` the copy's code (empty where it gives none), `entry` 1;
//! - `country_kind` is the copy's `class`: `host` (a foreign place), `us_territory` (`territory`:
//!   American Samoa, Guam, the Northern Mariana Islands, Puerto Rico, the U.S. Virgin Islands),
//!   `afloat_unassigned` (people DMDC cannot place);
//! - `region` is not in the copy: it is the World Bank region that the dataset's rows of other
//!   vintages (the troopdata compilation) give for the same ISO code — a join on identifiers —
//!   and empty where they give none;
//! - a figure the copy does not give is empty with the reason: a suppressed row (`state`
//!   `suppressed`, every count `null`), a quarter in which the Army did not report (`state`
//!   `null`: `army` and `total` are `null`), Space Force before its own column (`null` through
//!   June 2023). Never a zero.
//! - a row `total` that differs from the sum of its services is kept as published (the import
//!   summary counts such rows).
//!
//! The copy's fetch manifest, `../raw/dmdc-location/manifest.json` beside the file's folder (the
//! copy's own layout), lists DMDC's file name, upload date and SHA-256 of each report read; when
//! present it must describe exactly the file's periods, and the new `[[sources]]` entry of the
//! vintage lists them, so anyone holding DMDC's originals can verify them.

use crate::data::{DatasetId, ids};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use serde_json::{Map, Value};

use super::dmdc::{COLUMNS, COUNTRY_COLUMNS, month_end};
use super::merge::{Output, SourceTemplate};
use crate::data::storage::{MAX_CSV_BYTES, read_bounded};
use crate::data::table::utf8_text;
use crate::{Error, Location, Result};

/// What is counted (the copy carries the active-duty columns only).
const BASIS: &str = "active_duty";

/// The count fields of a row, in the order they are written; `total` last.
const COUNTS: [&str; 7] = [
    "army",
    "navy",
    "marine_corps",
    "air_force",
    "space_force",
    "coast_guard",
    "total",
];

/// The text fields of a row.
const TEXTS: [&str; 6] = ["period", "name", "source_name", "class", "iso3", "state"];

/// The dataset the region of a place is read from (rows of other vintages).
const BY_COUNTRY: DatasetId = ids::US_TROOPS_BY_COUNTRY;

const SOURCE: SourceTemplate = SourceTemplate {
    producer: "U.S. Department of Defense, Defense Manpower Data Center (DMDC)",
    table: "Military and Civilian Personnel by Service/Agency by State/Country (quarterly location reports, DMDC_Website_Location_Report_YYMM.xlsx), active-duty columns of the overseas section, as parsed in troops_location.json",
    url: "https://dwp.dmdc.osd.mil/dwp/app/dod-data-reports/workforce-reports",
};

/// The first report date after the Space Force was established (2019-12-20).
fn space_force_exists(date: NaiveDate) -> bool {
    date >= NaiveDate::from_ymd_opt(2019, 12, 20).unwrap_or(date)
}

/// The first report with a Space Force column of its own in the copy (September 2023); from
/// December 2021 to June 2023 DMDC printed one AIR FORCE/SPACE FORCE column.
fn space_force_split(date: NaiveDate) -> bool {
    date >= NaiveDate::from_ymd_opt(2023, 9, 1).unwrap_or(date)
}

fn combined_air_space(date: NaiveDate) -> bool {
    date >= NaiveDate::from_ymd_opt(2021, 12, 1).unwrap_or(date) && !space_force_split(date)
}

/// `country_kind` of the copy's `class`.
fn kind_of(class: &str) -> Option<&'static str> {
    match class {
        "host" => Some("host"),
        "territory" => Some("us_territory"),
        "afloat_unassigned" => Some("afloat_unassigned"),
        _ => None,
    }
}

/// What the copy's `state` of a row says about its counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Every count is a number (Space Force aside, before its own column).
    Value,
    /// The Army did not report this quarter (DMDC prints N/A): `army` and `total` are null.
    ArmyNotReported,
    /// DMDC printed a blank starred row: every count is null.
    Suppressed,
}

impl State {
    fn parse(text: &str) -> Option<State> {
        match text {
            "value" => Some(State::Value),
            "null" => Some(State::ArmyNotReported),
            "suppressed" => Some(State::Suppressed),
            _ => None,
        }
    }
}

/// Why a count is null, or an error message when the copy's rules do not allow it to be.
fn null_reason(
    state: State,
    field: &str,
    date: NaiveDate,
) -> std::result::Result<String, &'static str> {
    match (state, field) {
        (State::Suppressed, _) => Ok(
            "suppressed by DMDC: the report prints a blank starred row for this place".to_string(),
        ),
        (State::ArmyNotReported, "army") => {
            Ok("the Army did not report this quarter (DMDC prints N/A)".to_string())
        }
        (State::ArmyNotReported, "total") => Ok(
            "no total: the Army did not report this quarter (DMDC prints N/A), so the report gives none"
                .to_string(),
        ),
        (_, "space_force") if !space_force_exists(date) => {
            Ok("the Space Force did not exist yet (established 2019-12-20)".to_string())
        }
        (_, "space_force") if combined_air_space(date) => Ok(
            "not reported apart: the report prints one AIR FORCE/SPACE FORCE column, given under air_force"
                .to_string(),
        ),
        (_, "space_force") if !space_force_split(date) => Ok(
            "not reported apart in this report as parsed (Space Force has its own figures from September 2023)"
                .to_string(),
        ),
        (State::Value, _) => Err("a number of persons: the row's state is `value`"),
        (State::ArmyNotReported, _) => Err(
            "a number of persons: in a row of state `null` only army and total may be null",
        ),
    }
}

/// One place of one report, read.
struct Place {
    date: NaiveDate,
    name: String,
    label: String,
    kind: &'static str,
    iso3: String,
    /// `(count field, persons or the reason it is missing)`, in [`COUNTS`] order.
    counts: Vec<(&'static str, std::result::Result<i64, String>)>,
}

/// A text field of an object, or an error naming the row and field.
fn text<'a>(obj: &'a Map<String, Value>, field: &str, at: &Location) -> Result<Option<&'a str>> {
    match obj.get(field) {
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(Value::Null) => Ok(None),
        Some(other) => Err(Error::invalid(
            at.clone().column(field).value(other.to_string()),
            "expected text (or null)",
        )),
        None => Err(Error::invalid(
            at.clone().column(field),
            "field missing: every row has period, name, source_name, class, iso3, state and the seven counts",
        )),
    }
}

/// A text field that may not be null or empty.
fn required<'a>(obj: &'a Map<String, Value>, field: &str, at: &Location) -> Result<&'a str> {
    match text(obj, field, at)? {
        Some(s) if !s.trim().is_empty() => Ok(s),
        other => Err(Error::invalid(
            at.clone().column(field).value(other.unwrap_or("null")),
            "expected non-empty text",
        )),
    }
}

/// `YYYY-MM` → the last day of that month.
fn period_date(text: &str) -> Option<NaiveDate> {
    let (y, m) = text.split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    month_end(y.parse().ok()?, m.parse().ok()?)
}

/// Reads one row of the array (`row` is 1-based).
fn read_place(value: &Value, row: usize, at: &Location) -> Result<Place> {
    let at = at.clone().row(row);
    let Value::Object(obj) = value else {
        return Err(Error::invalid(
            at.value(value.to_string().chars().take(80).collect::<String>()),
            "expected an object with the fields period, name, source_name, class, iso3, state and the counts",
        ));
    };
    if let Some(extra) = obj
        .keys()
        .find(|k| !TEXTS.contains(&k.as_str()) && !COUNTS.contains(&k.as_str()))
    {
        return Err(Error::invalid(
            at.column(extra.as_str()),
            format!(
                "unexpected field: the importer reads [{}, {}]; a new field may be a count it would drop",
                TEXTS.join(", "),
                COUNTS.join(", ")
            ),
        ));
    }
    let period = required(obj, "period", &at)?;
    let date = period_date(period).ok_or_else(|| {
        Error::invalid(
            at.clone().column("period").value(period),
            "expected a report month written YYYY-MM",
        )
    })?;
    let name = required(obj, "name", &at)?.trim().to_string();
    let label = required(obj, "source_name", &at)?.trim().to_string();
    let class = required(obj, "class", &at)?;
    let kind = kind_of(class).ok_or_else(|| {
        Error::invalid(
            at.clone().column("class").value(class),
            "expected host, territory or afloat_unassigned",
        )
    })?;
    let iso3 = text(obj, "iso3", &at)?.unwrap_or("").trim().to_string();
    if !iso3.is_empty() && (iso3.len() != 3 || !iso3.bytes().all(|b| b.is_ascii_uppercase())) {
        return Err(Error::invalid(
            at.column("iso3").value(iso3),
            "expected a three-letter code in capitals, or null",
        ));
    }
    let state_text = required(obj, "state", &at)?;
    let state = State::parse(state_text).ok_or_else(|| {
        Error::invalid(
            at.clone().column("state").value(state_text),
            "expected value, null or suppressed",
        )
    })?;
    let mut counts = Vec::with_capacity(COUNTS.len());
    for field in COUNTS {
        let cell = at.clone().column(field);
        let count = match obj.get(field) {
            None => {
                return Err(Error::invalid(
                    cell,
                    "field missing: every row has the seven counts",
                ));
            }
            Some(Value::Null) => Err(null_reason(state, field, date)
                .map_err(|expected| Error::invalid(cell.value("null"), expected))?),
            Some(v) => {
                let n = v.as_i64().filter(|n| *n >= 0).ok_or_else(|| {
                    Error::invalid(
                        cell.clone().value(v.to_string()),
                        "expected a whole number of persons (0 or more), or null",
                    )
                })?;
                if state == State::Suppressed
                    || (state == State::ArmyNotReported && (field == "army" || field == "total"))
                {
                    return Err(Error::invalid(
                        cell.value(n.to_string()),
                        format!(
                            "a number where the row's state `{state_text}` says the count is not given"
                        ),
                    ));
                }
                Ok(n)
            }
        };
        counts.push((field, count));
    }
    Ok(Place {
        date,
        name,
        label,
        kind,
        iso3,
        counts,
    })
}

/// ISO code → World Bank region, from the rows of `us_troops_by_country` in `data_dir` whose
/// vintage is not `vintage` (the troopdata compilation gives the region). A code given two
/// regions is left out. `None` when the data folder does not hold the dataset.
fn regions(data_dir: &Path, vintage: &str) -> Result<Option<HashMap<String, String>>> {
    let Some(rows) = super::stored::stored_columns(
        data_dir,
        BY_COUNTRY,
        &["iso3", "region", "vintage"],
        "the dmdc-location importer reads iso3, region and vintage from it",
    )?
    else {
        return Ok(None);
    };
    let mut found: HashMap<String, BTreeSet<String>> = HashMap::new();
    for row in rows {
        let [iso, region, v] = <[String; 3]>::try_from(row).unwrap_or_default();
        if v == vintage || iso.is_empty() || region.is_empty() {
            continue;
        }
        found.entry(iso).or_default().insert(region);
    }
    Ok(Some(
        found
            .into_iter()
            .filter_map(|(iso, r)| {
                (r.len() == 1).then(|| r.into_iter().next().map(|r| (iso, r)))?
            })
            .collect(),
    ))
}

/// One report of the copy's fetch manifest.
struct ManifestFile {
    period: String,
    file_name: String,
    upload_date: String,
    sha256: String,
}

/// Where the copy keeps its fetch manifest, relative to the folder of `troops_location.json`.
fn manifest_path(file: &Path) -> Option<PathBuf> {
    Some(
        file.parent()?
            .parent()?
            .join("raw")
            .join("dmdc-location")
            .join("manifest.json"),
    )
}

/// Reads the copy's fetch manifest: `{"files": [{"period", "fileName", "uploadDate",
/// "sha256", …}, …]}`.
fn read_manifest(path: &Path) -> Result<Vec<ManifestFile>> {
    let shown = path.display().to_string();
    let bytes = read_bounded(path, MAX_CSV_BYTES)?;
    let text = utf8_text(&bytes, Location::file(&shown))?;
    let value: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
        Error::invalid(
            Location::file(&shown),
            format!("not JSON (line {}, column {}): {e}", e.line(), e.column()),
        )
    })?;
    let Some(files) = value.get("files").and_then(Value::as_array) else {
        return Err(Error::invalid(
            Location::file(&shown).column("files"),
            "expected an object with a `files` array",
        ));
    };
    let mut out = Vec::with_capacity(files.len());
    for (i, f) in files.iter().enumerate() {
        let at = Location::file(&shown).row(i + 1);
        let Value::Object(obj) = f else {
            return Err(Error::invalid(at, "expected an object per file"));
        };
        let field = |name: &str| required(obj, name, &at).map(|s| s.trim().to_string());
        let period = field("period")?;
        if period_date(&period).is_none() {
            return Err(Error::invalid(
                at.clone().column("period").value(period),
                "expected a report month written YYYY-MM",
            ));
        }
        let sha256 = field("sha256")?;
        if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Error::invalid(
                at.clone().column("sha256").value(sha256),
                "expected 64 hex digits",
            ));
        }
        out.push(ManifestFile {
            period,
            file_name: field("fileName")?,
            upload_date: field("uploadDate")?,
            sha256: sha256.to_ascii_lowercase(),
        });
    }
    Ok(out)
}

/// The `note` of the vintage's new `[[sources]]` entry: DMDC's files as the manifest lists them.
fn manifest_note(manifest: Option<&[ManifestFile]>) -> String {
    match manifest {
        None => "The copy's fetch manifest (../raw/dmdc-location/manifest.json beside the file's folder) was not found: DMDC's file names, upload dates and SHA-256 are not listed.".to_string(),
        Some(files) => {
            let listed: Vec<String> = files
                .iter()
                .map(|f| {
                    let uploaded = f.upload_date.trim_end_matches(".0");
                    format!("{} {} (uploaded {uploaded}, sha256 {})", f.period, f.file_name, f.sha256)
                })
                .collect();
            format!(
                "DMDC's files as listed in the copy's fetch manifest (pipeline/raw/dmdc-location/manifest.json: report, file name, DMDC upload date, SHA-256 of the xlsx): {}.",
                listed.join("; ")
            )
        }
    }
}

/// What [`read`] returns: the vintage, the rows of each dataset, the summary's notes and the
/// note of the vintage's `[[sources]]` entry.
pub(crate) struct Read {
    pub(crate) vintage: String,
    pub(crate) outputs: Vec<Output>,
    pub(crate) notes: Vec<String>,
    pub(crate) source_note: String,
}

/// Reads `troops_location.json` (and its manifest, when beside it in the copy's layout) and the
/// regions of the other vintages in `data_dir`.
pub(crate) fn read(file: &Path, data_dir: &Path, vintage: Option<&str>) -> Result<Read> {
    let shown = file.display().to_string();
    let at = Location::file(&shown);
    let bytes = read_bounded(file, MAX_CSV_BYTES)?;
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(Error::invalid(
            at,
            "this is a zip/xlsx workbook: the dmdc-location importer reads the parsed reports, troops_location.json",
        ));
    }
    let text = utf8_text(&bytes, at.clone())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::invalid(
            at,
            "file is empty: expected a JSON array of report rows",
        ));
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        Error::invalid(
            at.clone(),
            format!("not JSON (line {}, column {}): {e}", e.line(), e.column()),
        )
    })?;
    let Value::Array(items) = value else {
        return Err(Error::invalid(
            at,
            "expected a JSON array of report rows (one object per period and place)",
        ));
    };
    let mut places = Vec::with_capacity(items.len());
    let mut seen: HashMap<(NaiveDate, String), usize> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        let place = read_place(item, i + 1, &at)?;
        if let Some(first) = seen.insert((place.date, place.name.clone()), i + 1) {
            return Err(Error::invalid(
                at.clone().row(i + 1).column("name").value(&place.name),
                format!(
                    "duplicate place: row {first} is the same place in the same report ({})",
                    place.date.format("%Y-%m")
                ),
            ));
        }
        places.push(place);
    }
    let Some(latest) = places.iter().map(|p| p.date).max() else {
        return Err(Error::invalid(at, "the array holds no rows"));
    };
    if !places.iter().any(|p| p.iso3 == "JPN") {
        return Err(Error::invalid(
            at,
            "no rows for Japan (iso3 JPN) in the file",
        ));
    }
    let vintage = vintage.map(str::to_string).unwrap_or_else(|| {
        format!(
            "dmdc-location-reports-{}-{:02}",
            latest.year(),
            latest.month()
        )
    });

    let mut notes = Vec::new();
    let periods: BTreeSet<String> = places
        .iter()
        .map(|p| p.date.format("%Y-%m").to_string())
        .collect();
    let manifest = match manifest_path(file).filter(|p| p.is_file()) {
        Some(path) => {
            let files = read_manifest(&path)?;
            let listed: BTreeSet<String> = files.iter().map(|f| f.period.clone()).collect();
            if listed != periods || listed.len() != files.len() {
                let only = |a: &BTreeSet<String>, b: &BTreeSet<String>| {
                    a.difference(b).cloned().collect::<Vec<_>>().join(", ")
                };
                return Err(Error::invalid(
                    Location::file(path.display().to_string()),
                    format!(
                        "the manifest does not list the file's reports once each: only in the manifest [{}], only in the file [{}], {} entries for {} reports",
                        only(&listed, &periods),
                        only(&periods, &listed),
                        files.len(),
                        listed.len()
                    ),
                ));
            }
            notes.push(format!(
                "manifest: {} DMDC files listed with upload date and SHA-256 (written into the new [[sources]] note)",
                files.len()
            ));
            Some(files)
        }
        None => {
            notes.push("no manifest at ../raw/dmdc-location/manifest.json beside the file's folder: DMDC's file names and checksums are not listed".to_string());
            None
        }
    };

    let regions = regions(data_dir, &vintage)?;
    if regions.is_none() {
        notes.push(format!(
            "{BY_COUNTRY} is not in the data folder: region left empty (the copy gives none)"
        ));
    }
    let regions = regions.unwrap_or_default();

    let mut japan_rows = Vec::new();
    let mut country_rows = Vec::new();
    let (mut with_region, mut off_total, mut suppressed, mut army_na) = (0, 0, 0, 0);
    for p in &places {
        let date = p.date.format("%Y-%m-%d").to_string();
        let (year, month) = (p.date.year().to_string(), p.date.month().to_string());
        let region = regions.get(&p.iso3).cloned().unwrap_or_default();
        if !region.is_empty() {
            with_region += 1;
        }
        let services: i64 = p.counts[..COUNTS.len() - 1]
            .iter()
            .filter_map(|(_, c)| c.as_ref().ok())
            .sum();
        match p.counts.last().map(|(_, c)| c) {
            Some(Ok(total)) if services != *total => off_total += 1,
            Some(Err(_)) if p.counts.iter().all(|(_, c)| c.is_err()) => suppressed += 1,
            Some(Err(_)) => army_na += 1,
            _ => {}
        }
        for (service, count) in &p.counts {
            let (personnel, missing) = match count {
                Ok(n) => (n.to_string(), String::new()),
                Err(why) => (String::new(), why.clone()),
            };
            if p.iso3 == "JPN" {
                japan_rows.push(vec![
                    date.clone(),
                    year.clone(),
                    month.clone(),
                    service.to_string(),
                    personnel.clone(),
                    BASIS.to_string(),
                    vintage.clone(),
                    vintage.clone(),
                    missing.clone(),
                ]);
            }
            country_rows.push(vec![
                date.clone(),
                year.clone(),
                month.clone(),
                p.name.clone(),
                p.iso3.clone(),
                region.clone(),
                p.kind.to_string(),
                p.label.clone(),
                "1".to_string(),
                service.to_string(),
                personnel,
                BASIS.to_string(),
                vintage.clone(),
                vintage.clone(),
                missing,
            ]);
        }
    }
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for p in &places {
        *by_kind.entry(p.kind).or_default() += 1;
    }
    notes.push(format!(
        "{} rows of {} reports ({}–{}): {}",
        places.len(),
        periods.len(),
        periods.first().cloned().unwrap_or_default(),
        periods.last().cloned().unwrap_or_default(),
        by_kind
            .iter()
            .map(|(k, n)| format!("{n} {k}"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    notes.push(format!(
        "{suppressed} suppressed rows and {army_na} rows without the Army (N/A) written as gaps with their reason; {off_total} rows whose total differs from the sum of their services, total kept as published"
    ));
    notes.push(format!(
        "region: {with_region} of {} rows take the region the other vintages give for their ISO code (a join on identifiers); the rest are empty",
        places.len()
    ));
    Ok(Read {
        vintage,
        outputs: vec![
            Output {
                id: ids::US_TROOPS_IN_JAPAN,
                columns: COLUMNS,
                rows: japan_rows,
                year_column: "year",
                source: SOURCE,
            },
            Output {
                id: BY_COUNTRY,
                columns: COUNTRY_COLUMNS,
                rows: country_rows,
                year_column: "year",
                source: SOURCE,
            },
        ],
        notes,
        source_note: manifest_note(manifest.as_deref()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(extra: &str) -> String {
        let base = r#""period":"2026-03","name":"Japan","source_name":"JAPAN","class":"host","iso3":"JPN","state":"value","army":1,"navy":2,"marine_corps":3,"air_force":4,"space_force":5,"coast_guard":6,"total":21"#;
        format!("{{{}}}", merge_fields(base, extra))
    }

    /// `base` with the fields of `extra` (`"k":v,…`) replacing or added.
    fn merge_fields(base: &str, extra: &str) -> String {
        let mut obj: Map<String, Value> =
            serde_json::from_str(&format!("{{{base}}}")).expect("base row");
        if !extra.is_empty() {
            let more: Map<String, Value> =
                serde_json::from_str(&format!("{{{extra}}}")).expect("extra fields");
            obj.extend(more);
        }
        let text = Value::Object(obj).to_string();
        text[1..text.len() - 1].to_string()
    }

    fn place(extra: &str) -> Result<Place> {
        let v: Value = serde_json::from_str(&row(extra)).expect("json");
        read_place(&v, 7, &Location::file("troops_location.json"))
    }

    fn error(extra: &str) -> String {
        match place(extra) {
            Ok(_) => panic!("row {extra} was accepted"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn a_value_row_keeps_every_count() {
        let p = place("").expect("a good row");
        assert_eq!(p.date, NaiveDate::from_ymd_opt(2026, 3, 31).expect("date"));
        assert_eq!(p.kind, "host");
        let counts: Vec<i64> = p
            .counts
            .iter()
            .filter_map(|(_, c)| c.clone().ok())
            .collect();
        assert_eq!(counts, [1, 2, 3, 4, 5, 6, 21]);
    }

    #[test]
    fn missing_counts_are_gaps_with_their_reason_never_zeros() {
        let p = place(
            r#""period":"2022-12","state":"null","army":null,"total":null,"space_force":null"#,
        )
        .expect("an Army N/A row");
        let reason = |f: &str| {
            p.counts
                .iter()
                .find(|(s, _)| *s == f)
                .and_then(|(_, c)| c.clone().err())
                .unwrap_or_default()
        };
        assert!(reason("army").contains("Army did not report"));
        assert!(reason("total").contains("no total"));
        assert!(reason("space_force").contains("AIR FORCE/SPACE FORCE"));
        assert!(p.counts.iter().filter(|(_, c)| c.is_ok()).count() == 4);
        let s = place(
            r#""period":"2019-09","state":"suppressed","army":null,"navy":null,"marine_corps":null,"air_force":null,"space_force":null,"coast_guard":null,"total":null"#,
        )
        .expect("a suppressed row");
        assert!(s.counts.iter().all(|(_, c)| {
            c.as_ref()
                .is_err_and(|r| r.starts_with("suppressed by DMDC"))
        }));
        let old = place(r#""period":"2017-09","space_force":null"#).expect("before 2019");
        assert!(
            old.counts[4]
                .1
                .as_ref()
                .is_err_and(|r| r.contains("did not exist"))
        );
    }

    #[test]
    fn bad_rows_fail_naming_row_field_and_value() {
        let e = error(r#""navy":null"#);
        assert!(
            e.contains("row 7") && e.contains("navy") && e.contains("null"),
            "{e}"
        );
        let e = error(r#""army":-3"#);
        assert!(
            e.contains("row 7") && e.contains("army") && e.contains("-3"),
            "{e}"
        );
        let e = error(r#""army":"12""#);
        assert!(e.contains("army") && e.contains("\"12\""), "{e}");
        let e = error(r#""period":"2026-3""#);
        assert!(e.contains("period") && e.contains("2026-3"), "{e}");
        let e = error(r#""class":"base""#);
        assert!(e.contains("class") && e.contains("base"), "{e}");
        let e = error(r#""state":"n/a""#);
        assert!(e.contains("state") && e.contains("n/a"), "{e}");
        let e = error(r#""reserve":4"#);
        assert!(
            e.contains("reserve") && e.contains("unexpected field"),
            "{e}"
        );
        let e = error(r#""state":"suppressed","army":3"#);
        assert!(e.contains("army") && e.contains("not given"), "{e}");
        let e = error(r#""iso3":"jp""#);
        assert!(e.contains("iso3") && e.contains("jp"), "{e}");
        let e = error(r#""name":"""#);
        assert!(e.contains("name") && e.contains("non-empty"), "{e}");
        let e = error(r#""space_force":null,"period":"2024-03""#);
        assert!(
            e.contains("space_force") && e.contains("state is `value`"),
            "{e}"
        );
    }

    #[test]
    fn the_manifest_note_lists_each_file() {
        let files = [ManifestFile {
            period: "2026-03".into(),
            file_name: "DMDC_Website_Location_Report_2603.xlsx".into(),
            upload_date: "2026-05-07 20:39:02.0".into(),
            sha256: "b".repeat(64),
        }];
        let note = manifest_note(Some(&files));
        assert!(note.contains(&format!(
            "2026-03 DMDC_Website_Location_Report_2603.xlsx (uploaded 2026-05-07 20:39:02, sha256 {})",
            "b".repeat(64)
        )));
        assert!(manifest_note(None).contains("not found"));
    }
}
