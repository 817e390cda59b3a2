//! CSV exports of the Census trade database (USA Trade Online): a few title lines, then a header
//! with `Commodity` (code, then its description), `Country` (a name), `Time` (`January 2023` or
//! `2023-01`) and one or more value columns, one row per commodity, country and month. Imports
//! have `Customs Value (Gen) ($US)` (general imports) and may have `Customs Value (Cons) ($US)`
//! (imports for consumption); exports have `Total Exports Value ($US)`. Values may carry
//! thousands separators.
//!
//! Countries are resolved to their Census code through the partner registry
//! ([`crate::data::partner`]); a name it does not know is an error naming the row.

use std::collections::HashMap;

use super::import::{Row, Rows};
use super::{Flow, HsLevel};
use crate::data::partner;
use crate::data::table::record_error;
use crate::{Error, Location, Result};

/// Reads one CSV export into `rows`, tagging each row with `vintage`.
pub(crate) fn read(bytes: &[u8], file: &str, vintage: &str, rows: &mut Rows) -> Result<()> {
    let at = || Location::file(file);
    let text = crate::data::table::utf8_text(bytes, at())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // skip the title lines above the header
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let first = line.trim_start_matches('"').to_ascii_lowercase();
        if first.starts_with("commodity") {
            break;
        }
        offset += line.len();
        if offset >= text.len() {
            return Err(Error::invalid(
                at(),
                "no header line starting with `Commodity` (is this a USA Trade Online CSV export?)",
            ));
        }
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(&text.as_bytes()[offset..]);
    let names: Vec<String> = reader
        .headers()
        .map_err(|e| record_error(&e, at().row(0), "cannot read the header"))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let find = |f: &dyn Fn(&str) -> bool| names.iter().position(|n| f(&n.to_ascii_lowercase()));
    let missing = |what: &str| {
        Error::invalid(
            at().row(0),
            format!("no `{what}` column; the header is [{}]", names.join(", ")),
        )
    };
    let commodity = find(&|n| n == "commodity").ok_or_else(|| missing("Commodity"))?;
    let country = find(&|n| n == "country").ok_or_else(|| missing("Country"))?;
    let time = find(&|n| n == "time").ok_or_else(|| missing("Time"))?;
    let general = find(&|n| n.contains("value") && n.contains("gen"));
    let consumption = find(&|n| n.contains("value") && n.contains("cons"));
    let exports = find(&|n| n.contains("value") && n.contains("export"));
    let (flow, value) = match (general, exports) {
        (Some(v), None) => (Flow::Imports, v),
        (None, Some(v)) => (Flow::Exports, v),
        _ => {
            return Err(Error::invalid(
                at().row(0),
                format!(
                    "expected one value column, `Customs Value (Gen) ($US)` (imports) or `Total Exports Value ($US)` (exports); the header is [{}]",
                    names.join(", ")
                ),
            ));
        }
    };
    let mut codes: HashMap<String, (String, String)> = HashMap::new();
    for (i, record) in reader.records().enumerate() {
        // rows count from the header of the table (title lines are not rows)
        let row = i + 1;
        let record = record.map_err(|e| record_error(&e, at().row(row), "unreadable CSV"))?;
        let cell = |j: usize| record.get(j).unwrap_or("").trim();
        let here = |j: usize| {
            at().row(row)
                .column(names[j].clone())
                .value(cell(j).to_string())
        };
        let code = cell(commodity).split_whitespace().next().unwrap_or("");
        let level = HsLevel::of_code(code).ok_or_else(|| {
            Error::invalid(
                here(commodity),
                "does not start with an HS code of 2, 4, 6 or 10 digits",
            )
        })?;
        let (year, month) = parse_month(cell(time)).ok_or_else(|| {
            Error::invalid(here(time), "not a month (`January 2023` or `2023-01`)")
        })?;
        let name = cell(country);
        if !codes.contains_key(name) {
            let p = partner(name).map_err(|e| Error::invalid(here(country), e.to_string()))?;
            let census = p.census_code.clone().ok_or_else(|| {
                Error::invalid(
                    here(country),
                    format!("{} has no Census country code", p.name),
                )
            })?;
            codes.insert(
                name.to_string(),
                (census, p.census_name.clone().unwrap_or(p.name.clone())),
            );
        }
        let (cty_code, cty_name) = &codes[name];
        let value_of = |j: usize| -> Result<Option<f64>> {
            let raw = cell(j).replace(',', "");
            if raw.is_empty() {
                return Ok(None);
            }
            match raw.parse::<f64>() {
                Ok(x) if x.is_finite() && x >= 0.0 => Ok(Some(x)),
                _ => Err(Error::invalid(here(j), "not a number of dollars")),
            }
        };
        let v = value_of(value)?;
        let con = match (flow, consumption) {
            (Flow::Imports, Some(c)) => value_of(c)?,
            _ => None,
        };
        let mut why = Vec::new();
        if v.is_none() {
            why.push(format!("value_usd: `{}` empty in the export", names[value]));
        }
        match (flow, consumption, con) {
            (Flow::Exports, _, _) => why.push("con_value_usd: not defined for exports".to_string()),
            (Flow::Imports, None, _) => why.push("con_value_usd: not in the export".to_string()),
            (Flow::Imports, Some(c), None) => {
                why.push(format!("con_value_usd: `{}` empty in the export", names[c]))
            }
            _ => {}
        }
        rows.push(Row {
            flow,
            cty_code,
            cty_name,
            commodity: code,
            level,
            year,
            month,
            value: v,
            con_value: con,
            vintage,
            missing: (!why.is_empty()).then(|| why.join("; ")),
        });
    }
    Ok(())
}

/// `January 2023`, `Jan 2023` or `2023-01` as (year, month).
fn parse_month(s: &str) -> Option<(i32, i32)> {
    if let Some(ym) = super::census_api::parse_time(s) {
        return Some(ym);
    }
    let mut words = s.split_whitespace();
    let (name, year) = (words.next()?.to_ascii_lowercase(), words.next()?);
    if words.next().is_some() || name.parse::<u32>().is_ok() {
        return None;
    }
    let month = crate::data::import::month_number(&name)? as i32;
    let year = year.parse::<i32>().ok().filter(|_| year.len() == 4)?;
    Some((year, month))
}

#[cfg(test)]
mod tests {
    use super::parse_month;

    #[test]
    fn months_by_name_or_number() {
        assert_eq!(parse_month("January 2023"), Some((2023, 1)));
        assert_eq!(parse_month("Sep 2024"), Some((2024, 9)));
        assert_eq!(parse_month("2024-12"), Some((2024, 12)));
        assert_eq!(parse_month("2023"), None);
        assert_eq!(parse_month("Ju 2023"), None);
    }
}
