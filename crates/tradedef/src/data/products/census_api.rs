//! The Census International Trade API's HS responses (`timeseries/intltrade/imports/hs` and
//! `…/exports/hs`): a JSON array of arrays whose first array is the header (the variables asked
//! for with `get=` and then the predicates, e.g. `COMM_LVL`, `CTY_CODE`, `time`) and each other
//! array one row, every cell a string.
//!
//! Imports carry `I_COMMODITY`, `GEN_VAL_MO` (general imports, customs value) and, when asked,
//! `CON_VAL_MO` (imports for consumption); exports carry `E_COMMODITY` and `ALL_VAL_MO` (total
//! exports, f.a.s. value). The month is `time` (`YYYY-MM`) or `YEAR` and `MONTH`.

use serde_json::Value;

use super::Flow;
use super::import::Rows;
use crate::{Error, Location, Result};

/// The columns of a response this importer reads, by their API names.
struct Header {
    cty_code: usize,
    cty_name: Option<usize>,
    commodity: usize,
    flow: Flow,
    value: usize,
    con_value: Option<usize>,
    comm_lvl: Option<usize>,
    time: Option<usize>,
    year_month: Option<(usize, usize)>,
}

impl Header {
    fn find(names: &[String], file: &str) -> Result<Header> {
        let at = |name: &str| names.iter().position(|n| n.eq_ignore_ascii_case(name));
        let need = |name: &str, why: &str| {
            at(name).ok_or_else(|| {
                Error::invalid(
                    Location::file(file).row(0).column(name),
                    format!(
                        "the response has no `{name}` variable ({why}); its header is [{}]: ask for it with get=",
                        names.join(", ")
                    ),
                )
            })
        };
        let (flow, commodity, value) = match (at("I_COMMODITY"), at("E_COMMODITY")) {
            (Some(c), _) => (
                Flow::Imports,
                c,
                need("GEN_VAL_MO", "general imports value of the month")?,
            ),
            (None, Some(c)) => (
                Flow::Exports,
                c,
                need("ALL_VAL_MO", "total exports value of the month")?,
            ),
            (None, None) => {
                return Err(Error::invalid(
                    Location::file(file).row(0),
                    format!(
                        "the response has neither `I_COMMODITY` (imports/hs) nor `E_COMMODITY` (exports/hs); its header is [{}]",
                        names.join(", ")
                    ),
                ));
            }
        };
        let time = at("time");
        let year_month = at("YEAR").zip(at("MONTH"));
        if time.is_none() && year_month.is_none() {
            return Err(Error::invalid(
                Location::file(file).row(0).column("time"),
                format!(
                    "the response has neither `time` nor `YEAR` and `MONTH`; its header is [{}]",
                    names.join(", ")
                ),
            ));
        }
        Ok(Header {
            cty_code: need("CTY_CODE", "the partner's Census code")?,
            cty_name: at("CTY_NAME"),
            commodity,
            flow,
            value,
            con_value: if flow == Flow::Imports {
                at("CON_VAL_MO")
            } else {
                None
            },
            comm_lvl: at("COMM_LVL"),
            time,
            year_month,
        })
    }
}

/// Reads one response into `rows`, tagging each row with `vintage`. `file` names the response
/// in errors (row numbers count the data rows after the header, from 1).
pub(crate) fn read(bytes: &[u8], file: &str, vintage: &str, rows: &mut Rows) -> Result<()> {
    let at = || Location::file(file);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        // the API answers a valid request without results with 204 No Content: an empty body
        return Ok(());
    }
    let json: Value = serde_json::from_slice(bytes).map_err(|e| {
        let start = String::from_utf8_lossy(&bytes[..bytes.len().min(120)]).to_string();
        Error::invalid(
            at(),
            format!(
                "not a JSON response of the Census API ({e}); it starts with `{start}` (an error page or a key problem?)"
            ),
        )
    })?;
    let Value::Array(records) = json else {
        return Err(Error::invalid(
            at(),
            "the response is not a JSON array of arrays (header row, then data rows)",
        ));
    };
    let mut records = records.into_iter();
    let names: Vec<String> = match records.next() {
        Some(Value::Array(h)) => h
            .iter()
            .map(|v| v.as_str().unwrap_or_default().to_string())
            .collect(),
        _ => {
            return Err(Error::invalid(
                at().row(0),
                "the first element is not the header array",
            ));
        }
    };
    let h = Header::find(&names, file)?;
    for (i, record) in records.enumerate() {
        let row = i + 1;
        let Value::Array(cells) = record else {
            return Err(Error::invalid(at().row(row), "the row is not an array"));
        };
        if cells.len() != names.len() {
            return Err(Error::invalid(
                at().row(row),
                format!(
                    "row has {} cells, the header has {}",
                    cells.len(),
                    names.len()
                ),
            ));
        }
        let cell = |j: usize| -> Option<&str> { cells[j].as_str() };
        let here = |j: usize| {
            at().row(row)
                .column(names[j].clone())
                .value(cells[j].to_string().trim_matches('"').to_string())
        };
        let (year, month) = match (h.time, h.year_month) {
            (Some(t), _) => parse_time(cell(t).unwrap_or_default())
                .ok_or_else(|| Error::invalid(here(t), "not a month in the form YYYY-MM"))?,
            (None, Some((y, m))) => {
                let year = cell(y).and_then(|s| s.parse::<i32>().ok());
                let month = cell(m).and_then(|s| s.parse::<i32>().ok());
                match (year, month) {
                    (Some(year), Some(month)) if (1..=12).contains(&month) => (year, month),
                    (None, _) => return Err(Error::invalid(here(y), "not a year")),
                    _ => return Err(Error::invalid(here(m), "not a month 1–12")),
                }
            }
            (None, None) => unreachable!("Header::find requires a month"),
        };
        let code = cell(h.cty_code).unwrap_or_default();
        if code.is_empty() {
            return Err(Error::invalid(here(h.cty_code), "empty country code"));
        }
        let commodity = cell(h.commodity).unwrap_or_default();
        let level = super::HsLevel::of_code(commodity).ok_or_else(|| {
            Error::invalid(here(h.commodity), "not an HS code of 2, 4, 6 or 10 digits")
        })?;
        if let Some(l) = h.comm_lvl
            && !cell(l)
                .unwrap_or_default()
                .eq_ignore_ascii_case(level.name())
        {
            return Err(Error::invalid(
                here(l),
                format!(
                    "COMM_LVL does not match the commodity `{commodity}` ({} digits)",
                    commodity.len()
                ),
            ));
        }
        let value = parse_value(cell(h.value), || here(h.value))?;
        let con_value = match h.con_value {
            Some(c) => parse_value(cell(c), || here(c))?,
            None => None,
        };
        let mut missing = Vec::new();
        if value.is_none() {
            missing.push(format!(
                "value_usd: {} not published in the response",
                names[h.value]
            ));
        }
        match (h.flow, h.con_value, con_value) {
            (Flow::Exports, _, _) => {
                missing.push("con_value_usd: not defined for exports".to_string())
            }
            (Flow::Imports, None, _) => {
                missing.push("con_value_usd: CON_VAL_MO not requested".to_string())
            }
            (Flow::Imports, Some(c), None) => missing.push(format!(
                "con_value_usd: {} not published in the response",
                names[c]
            )),
            _ => {}
        }
        rows.push(super::import::Row {
            flow: h.flow,
            cty_code: code,
            cty_name: h.cty_name.and_then(cell).unwrap_or_default(),
            commodity,
            level,
            year,
            month,
            value,
            con_value,
            vintage,
            missing: (!missing.is_empty()).then(|| missing.join("; ")),
        });
    }
    Ok(())
}

/// `YYYY-MM` as (year, month).
pub(crate) fn parse_time(s: &str) -> Option<(i32, i32)> {
    let (y, m) = s.split_once('-')?;
    let (year, month) = (y.parse::<i32>().ok()?, m.parse::<i32>().ok()?);
    (y.len() == 4 && m.len() == 2 && (1..=12).contains(&month)).then_some((year, month))
}

/// A value cell: a whole or decimal number of dollars; an empty cell or JSON `null` is a value
/// the response does not publish (`None`); anything else is an error.
fn parse_value(cell: Option<&str>, here: impl Fn() -> Location) -> Result<Option<f64>> {
    let Some(s) = cell.filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(Some(x)),
        Ok(_) => Err(Error::invalid(here(), "value is negative or not finite")),
        Err(_) => Err(Error::invalid(here(), "not a number of dollars")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_year_dash_month() {
        assert_eq!(parse_time("2024-03"), Some((2024, 3)));
        assert_eq!(parse_time("2024-13"), None);
        assert_eq!(parse_time("2024-3"), None);
        assert_eq!(parse_time("202403"), None);
    }
}
