//! SIPRI Military Expenditure Database, read from a release exported as a zip of JSON sheets (one
//! `SHEET.json` per sheet of SIPRI's workbook, each an array of objects with year keys `"1949"`…,
//! a `country` and SIPRI's remarks such as `Notes`; `null` where SIPRI has no figure).
//!
//! Produces `sipri_milex`: every country (and the European Union), every sheet's measure and every
//! year as published, plus SIPRI's regional and world totals. A `null` becomes an empty value with
//! the reason in `missing`, never a dropped row. Local-currency figures are converted from units to
//! millions; everything else is written as published.

use crate::data::ids;
use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::Path;

use serde_json::Value;

use super::figure::shortest;
use super::merge::{Output, SourceTemplate};
use crate::{Error, Location, Result};

/// Columns of `sipri_milex`.
pub(crate) const COLUMNS: &[&str] = &[
    "country", "kind", "year", "measure", "value", "unit", "vintage", "source", "missing", "note",
];

/// One sheet of the release: its name (the zip entry `NAME.json`), the measure id and unit it
/// becomes, and the divisor applied to its figures (local currency units → millions).
struct Sheet {
    name: &'static str,
    measure: &'static str,
    unit: &'static str,
    divisor: f64,
}

const fn sheet(name: &'static str, measure: &'static str, unit: &'static str) -> Sheet {
    Sheet {
        name,
        measure,
        unit,
        divisor: 1.0,
    }
}

/// The sheet of regional and world totals (rows are regions, not countries).
const REGIONAL: &str = "Regional_totals";

/// The sheets read, in the order of SIPRI's workbook.
const SHEETS: [Sheet; 8] = [
    Sheet {
        divisor: 1.0e6,
        ..sheet(
            "Local_currency_financial_years",
            "local_currency_fy_millions",
            "local currency millions",
        )
    },
    Sheet {
        divisor: 1.0e6,
        ..sheet(
            "Local_currency_calendar_years",
            "local_currency_millions",
            "local currency millions",
        )
    },
    sheet(
        "Constant_2023_US",
        "constant_usd_millions",
        "USD millions (constant 2023)",
    ),
    sheet(
        "Current_US",
        "current_usd_millions",
        "USD millions (current)",
    ),
    sheet("Share_of_GDP", "share_of_gdp_pct", "percent of GDP"),
    sheet(
        "Per_capita",
        "per_capita_current_usd",
        "USD (current) per person",
    ),
    sheet(
        "Share_of_Govt_spending",
        "share_of_govt_spending_pct",
        "percent of government spending",
    ),
    // SIPRI's regional totals are in constant (2023) US$ billions: the World row grows 9.4% in
    // real terms from 2023 to 2024, as SIPRI's April 2025 fact sheet states, and each year it is
    // about 1.03 times the sum of the country figures in constant 2023 US$ millions / 1000 (SIPRI
    // adds estimates for countries without figures); the current-dollar sum is half of it in 1988.
    sheet(
        REGIONAL,
        "constant_usd_billions",
        "USD billions (constant 2023)",
    ),
];

/// Fields of a sheet's objects that are not years: written to the `note` column when not null.
const FIELDS: [&str; 6] = [
    "country",
    "Notes",
    "Currency",
    "Fiscal Year (Jan-Dec if not stated)",
    "Reporting year",
    "",
];

/// Names in the country sheets that are not countries.
const ORGANISATIONS: [&str; 1] = ["European Union"];

/// The reason written in `missing` for a `null` in a country sheet.
const NO_FIGURE: &str =
    "no figure (null in the release: SIPRI's '..' not available or 'xxx' did not exist)";

/// The reason written in `missing` for a `null` in the regional totals.
const NO_TOTAL: &str = "no regional total in the SIPRI release for this year (null in the sheet)";

/// The largest sheet read (a guard against a corrupt or hostile zip).
const MAX_SHEET_BYTES: u64 = 256 << 20;

const SOURCE: SourceTemplate = SourceTemplate {
    producer: "Stockholm International Peace Research Institute (SIPRI)",
    table: "SIPRI Military Expenditure Database (JSON export of the release's sheets)",
    url: "https://www.sipri.org/databases/milex",
};

/// A sheet's rows after reading: for each entry, the name, its figures by year and its note.
struct SheetRows {
    entries: Vec<Entry>,
}

struct Entry {
    country: String,
    figures: BTreeMap<i64, Option<f64>>,
    note: String,
}

/// Whether a zip entry's path is absolute or has a `..` component (the "zip slip" of an archive
/// made to write outside the folder it is extracted into).
fn climbs_out(name: &str) -> bool {
    name.starts_with(['/', '\\'])
        || name.get(1..2) == Some(":")
        || name.split(['/', '\\']).any(|part| part == "..")
}

/// Reads the release and returns the vintage and the rows of `sipri_milex`: SIPRI's own xlsx
/// workbook goes to [`super::sipri_xlsx`] (which also writes the companion datasets), a zip of
/// JSON sheets is read here.
pub(crate) fn read(file: &Path, vintage: Option<&str>) -> Result<(String, Vec<Output>)> {
    if super::sipri_xlsx::is_workbook(file) {
        return super::sipri_xlsx::read(file, vintage);
    }
    let shown = file.display().to_string();
    let handle = std::fs::File::open(file).map_err(|e| Error::io(file, e))?;
    let mut archive = zip::ZipArchive::new(handle).map_err(|e| {
        Error::invalid(
            Location::file(&shown),
            format!(
                "not a zip archive ({e}): expected SIPRI's Military Expenditure Database workbook (.xlsx) or its release as a zip of JSON sheets"
            ),
        )
    })?;
    if let Some(name) = archive
        .file_names()
        .filter_map(|n| n.ok())
        .find(|n| climbs_out(n))
    {
        return Err(Error::invalid(
            Location::file(&shown).value(name),
            "zip entry path is absolute or climbs out of its folder (`..`): refusing a hostile archive",
        ));
    }
    let entries: HashMap<String, String> = archive
        .file_names()
        .filter_map(|n| n.ok())
        .filter_map(|n| {
            let base = n.rsplit('/').next().unwrap_or(&n).to_string();
            base.strip_suffix(".json")
                .map(|stem| (stem.to_string(), n.to_string()))
        })
        .collect();
    let mut read_sheets = Vec::new();
    for sheet in &SHEETS {
        let at = Location::file(format!("{shown}, sheet `{}`", sheet.name));
        let Some(entry) = entries.get(sheet.name) else {
            let mut present: Vec<&str> = entries.keys().map(String::as_str).collect();
            present.sort_unstable();
            return Err(Error::invalid(
                at,
                format!(
                    "sheet missing from the zip (no `{}.json`); sheets present: [{}]",
                    sheet.name,
                    present.join(", ")
                ),
            ));
        };
        let mut bytes = Vec::new();
        archive
            .by_name(entry)
            .map_err(|e| e.to_string())
            .and_then(|f| {
                f.take(MAX_SHEET_BYTES + 1)
                    .read_to_end(&mut bytes)
                    .map_err(|e| e.to_string())
            })
            .map_err(|e| Error::invalid(at.clone(), format!("cannot read the zip entry: {e}")))?;
        if bytes.len() as u64 > MAX_SHEET_BYTES {
            return Err(Error::invalid(
                at,
                format!("sheet larger than {MAX_SHEET_BYTES} bytes; refusing to read it"),
            ));
        }
        let rows = parse_sheet(&bytes, &shown, sheet.name)?;
        read_sheets.push((sheet, rows));
    }
    let last_year = read_sheets
        .iter()
        .flat_map(|(_, s)| s.entries.iter())
        .filter_map(|e| e.figures.keys().next_back().copied())
        .max()
        .ok_or_else(|| Error::invalid(Location::file(&shown), "the sheets hold no years"))?;
    // SIPRI publishes each April the figures up to the previous year.
    let vintage = vintage
        .map(str::to_string)
        .unwrap_or_else(|| format!("sipri-milex-{}-04", last_year + 1));
    let mut rows = Vec::new();
    for (sheet, sheet_rows) in &read_sheets {
        for e in &sheet_rows.entries {
            let kind = if sheet.name != REGIONAL {
                if ORGANISATIONS.contains(&e.country.as_str()) {
                    "organisation"
                } else {
                    "country"
                }
            } else if e.country == "World" {
                "world"
            } else {
                "region"
            };
            for (year, figure) in &e.figures {
                let (value, missing) = match figure {
                    Some(x) => (shortest(x / sheet.divisor), ""),
                    None if sheet.name == REGIONAL => (String::new(), NO_TOTAL),
                    None => (String::new(), NO_FIGURE),
                };
                rows.push(vec![
                    e.country.clone(),
                    kind.to_string(),
                    year.to_string(),
                    sheet.measure.to_string(),
                    value,
                    sheet.unit.to_string(),
                    vintage.clone(),
                    vintage.clone(),
                    missing.to_string(),
                    e.note.clone(),
                ]);
            }
        }
    }
    Ok((
        vintage,
        vec![Output {
            id: ids::SIPRI_MILEX,
            columns: COLUMNS,
            rows,
            year_column: "year",
            source: SOURCE,
        }],
    ))
}

/// A year key: four digits, 1900–2100.
fn year_of(key: &str) -> Option<i64> {
    (key.len() == 4 && key.bytes().all(|b| b.is_ascii_digit()))
        .then(|| key.parse().ok())
        .flatten()
        .filter(|y| (1900..=2100).contains(y))
}

/// A non-null remark field as text for the `note` column.
fn remark(key: &str, value: &Value) -> Option<String> {
    let text = match value {
        Value::Null => return None,
        Value::String(s) if s.trim().is_empty() => return None,
        Value::String(s) => s.trim().to_string(),
        other => other.to_string(),
    };
    Some(match key {
        "Notes" => format!("SIPRI footnote {text}"),
        "" => format!("unnamed field: {text}"),
        _ => format!("{key}: {text}"),
    })
}

/// Parses one sheet: a JSON array of objects, one per country (or region).
fn parse_sheet(bytes: &[u8], file: &str, sheet: &str) -> Result<SheetRows> {
    let at_sheet = || Location::file(format!("{file}, sheet `{sheet}`"));
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        Error::invalid(
            at_sheet(),
            format!(
                "malformed JSON at line {} column {}: {e}",
                e.line(),
                e.column()
            ),
        )
    })?;
    let Value::Array(items) = value else {
        return Err(Error::invalid(
            at_sheet(),
            "expected a JSON array of objects (one per country)",
        ));
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut entries = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let row = i + 1;
        let Value::Object(object) = item else {
            return Err(Error::invalid(
                at_sheet().row(row),
                "expected an object with `country` and year keys",
            ));
        };
        let country = match object.get("country") {
            Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
            other => {
                return Err(Error::invalid(
                    at_sheet()
                        .row(row)
                        .column("country")
                        .value(other.map(Value::to_string).unwrap_or_default()),
                    "expected the country's name as text",
                ));
            }
        };
        let at =
            || Location::file(format!("{file}, sheet `{sheet}`, country `{country}`")).row(row);
        if let Some(first) = seen.insert(country.clone(), row) {
            return Err(Error::invalid(
                at().column("country").value(&country),
                format!("duplicate country in the sheet: already at entry {first}"),
            ));
        }
        let mut figures = BTreeMap::new();
        let mut notes = Vec::new();
        for (key, value) in object {
            if FIELDS.contains(&key.as_str()) {
                if key != "country" {
                    notes.extend(remark(key, value));
                }
                continue;
            }
            let year = year_of(key).ok_or_else(|| {
                Error::invalid(
                    at().column(key).value(value.to_string()),
                    format!(
                        "key is not a year (four digits, 1900-2100) nor one of SIPRI's fields [{}]",
                        FIELDS.join(", ")
                    ),
                )
            })?;
            let figure = match value {
                Value::Null => None,
                Value::Number(n) => {
                    Some(n.as_f64().filter(|x| x.is_finite()).ok_or_else(|| {
                        Error::invalid(at().column(key).value(n.to_string()), "number out of range")
                    })?)
                }
                other => {
                    return Err(Error::invalid(
                        at().column(key).value(other.to_string()),
                        "value is not a number: expected a JSON number, or null for no figure",
                    ));
                }
            };
            if figure.is_some_and(|x| x < 0.0) {
                return Err(Error::invalid(
                    at().column(key).value(value.to_string()),
                    "negative military expenditure",
                ));
            }
            figures.insert(year, figure);
        }
        entries.push(Entry {
            country,
            figures,
            note: notes.join("; "),
        });
    }
    if entries.is_empty() {
        return Err(Error::invalid(at_sheet(), "the sheet holds no countries"));
    }
    Ok(SheetRows { entries })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_keys_and_remarks() {
        assert_eq!(year_of("1949"), Some(1949));
        assert_eq!(year_of("19x9"), None);
        assert_eq!(year_of("0001"), None);
        assert_eq!(year_of("20245"), None);
        assert!(
            remark("Notes", &Value::from(14))
                .unwrap()
                .contains("footnote 14")
        );
        assert_eq!(remark("Currency", &Value::Null), None);
        assert_eq!(
            remark("Currency", &Value::from("JPY")).as_deref(),
            Some("Currency: JPY")
        );
    }

    #[test]
    fn every_sheet_has_its_own_measure() {
        let mut measures: Vec<&str> = SHEETS.iter().map(|s| s.measure).collect();
        measures.sort_unstable();
        measures.dedup();
        assert_eq!(measures.len(), SHEETS.len());
    }
}
