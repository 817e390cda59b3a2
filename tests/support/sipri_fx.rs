//! Fixtures for the `sipri` and `fx` importers: a SIPRI release zip of JSON sheets written by the
//! tests (invented figures), and readers for the datasets they write (plain or gzip CSV).
//!
//! The figures are invented by the tests, never real data.

use std::io::Write;
use std::path::Path;

use serde_json::{Map, Value, json};

/// The sheets of SIPRI's release, in the zip as `NAME.json`.
pub const SIPRI_SHEETS: [&str; 8] = [
    "Current_US",
    "Constant_2023_US",
    "Local_currency_calendar_years",
    "Local_currency_financial_years",
    "Share_of_GDP",
    "Share_of_Govt_spending",
    "Per_capita",
    "Regional_totals",
];

/// One sheet of a fixture release: its name and its JSON text.
#[derive(Debug, Clone, PartialEq)]
pub struct SipriSheet {
    /// The sheet name (the zip entry is `NAME.json`).
    pub name: String,
    /// The JSON text.
    pub json: String,
}

/// An entry of a sheet: the name and figures by year (`None` for SIPRI's null), and extra fields.
pub fn sipri_entry(name: &str, figures: &[(&str, Option<f64>)], extra: &[(&str, Value)]) -> Value {
    let mut object = Map::new();
    for (year, figure) in figures {
        object.insert(year.to_string(), figure.map_or(Value::Null, |x| json!(x)));
    }
    object.insert("country".into(), json!(name));
    for (key, value) in extra {
        object.insert(key.to_string(), value.clone());
    }
    Value::Object(object)
}

/// The default fixture release: in every country sheet Japan (2023 and 2024 given, 1949 null,
/// footnote 7), Korea, South and the European Union (1949 and 2023 null); in the regional totals
/// World and Europe (1988 null for Europe).
pub fn sipri_release() -> Vec<SipriSheet> {
    SIPRI_SHEETS
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let k = (i + 1) as f64;
            let entries = if *name == "Regional_totals" {
                vec![
                    sipri_entry(
                        "World",
                        &[("1988", Some(1000.5)), ("2024", Some(2000.5))],
                        &[],
                    ),
                    sipri_entry("Europe", &[("1988", None), ("2024", Some(600.25))], &[]),
                ]
            } else {
                let scale = if name.starts_with("Local_currency") {
                    1.0e6
                } else {
                    1.0
                };
                vec![
                    sipri_entry(
                        "Japan",
                        &[
                            ("1949", None),
                            ("2023", Some(100.0 * k * scale)),
                            ("2024", Some((100.5 * k + 0.25) * scale)),
                        ],
                        &[("Notes", json!(7))],
                    ),
                    sipri_entry(
                        "Korea, South",
                        &[
                            ("1949", None),
                            ("2023", Some(50.0 * k * scale)),
                            ("2024", Some(60.0 * k * scale)),
                        ],
                        &[("Notes", Value::Null)],
                    ),
                    sipri_entry(
                        "European Union",
                        &[("1949", None), ("2023", None), ("2024", Some(k * scale))],
                        &[],
                    ),
                ]
            };
            SipriSheet {
                name: name.to_string(),
                json: Value::Array(entries).to_string(),
            }
        })
        .collect()
}

/// Writes `sheets` as a zip of `NAME.json` files (deflated) at `path`.
pub fn write_sipri_zip(path: &Path, sheets: &[SipriSheet]) -> anyhow::Result<()> {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path)?);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for sheet in sheets {
        zip.start_file(format!("{}.json", sheet.name), options)?;
        zip.write_all(sheet.json.as_bytes())?;
    }
    zip.finish()?;
    Ok(())
}

/// A dataset file (`ID.csv` or `ID.csv.gz`) as a header and rows of text.
pub fn read_stored_rows(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let stored = std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let csv = tradedef::data::csv_text(&stored, &path.display().to_string())
        .unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8(csv.to_vec()).expect("utf-8 CSV");
    let mut lines = text.lines();
    let header = lines
        .next()
        .map(crate::scratch::split_csv_line)
        .unwrap_or_default();
    let rows = lines
        .filter(|l| !l.is_empty())
        .map(crate::scratch::split_csv_line)
        .collect();
    (header, rows)
}

/// Rows of a dataset file as maps from column name to text.
pub fn stored_records(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let (header, rows) = read_stored_rows(path);
    rows.into_iter()
        .map(|r| header.iter().cloned().zip(r).collect())
        .collect()
}
