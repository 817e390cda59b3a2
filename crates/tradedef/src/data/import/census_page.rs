//! Census "Trade in Goods with Japan" page (`c5880.html`) as kept in the reference pack's tidy
//! CSV (`A1_us_japan_goods_trade.csv`: `year,indicator,value,unit,source,source_url,vintage,notes`,
//! one row per figure, values scraped from the page by a third-party mirror).
//!
//! Produces the annual rows of `us_japan_goods_trade` of one release of the page: the rows whose
//! `source_url` is the c5880 page and whose `vintage` text names that release ("Census data as
//! displayed Feb-Mar 2026" → `census-c5880-page-2026-03`, "… displayed 2026-06-17 …" →
//! `census-c5880-page-2026-06`). Without `--vintage`, the latest release in the file is read; a
//! tag the file does not hold is an error listing those it holds. Where exports − imports on the
//! page differs from the page's balance by more than rounding (0.15), the balance is withheld with
//! the reason; the other two figures are kept.

use crate::data::ids;
use std::collections::BTreeMap;
use std::path::Path;

use super::merge::{Output, SourceTemplate};
use crate::data::release::order_key;
use crate::{Error, Location, Result};

/// Columns of `us_japan_goods_trade`.
const COLUMNS: &[&str] = &[
    "year", "month", "flow", "value", "unit", "vintage", "source", "missing",
];
/// The page whose rows are read.
const PAGE: &str = "https://www.census.gov/foreign-trade/balance/c5880.html";
/// The pack's indicators and the dataset's flows.
const FLOWS: [(&str, &str); 3] = [
    ("us_exports_to_japan", "exports"),
    ("us_imports_from_japan", "imports"),
    ("us_goods_balance_with_japan", "balance"),
];
/// Rounding accepted between the page's balance and its exports − imports.
const TOLERANCE: f64 = 0.15;
const UNIT: &str = "USD millions";

const SOURCE: SourceTemplate = SourceTemplate {
    producer: "U.S. Census Bureau, Foreign Trade Division",
    table: "Trade in Goods with Japan (c5880 page), annual totals, as scraped by a third-party mirror",
    url: PAGE,
};

/// The tag of a release named in the pack's `vintage` text: `census-c5880-page-YYYY-MM` from
/// "displayed Feb-Mar 2026" (the last month named) or "displayed 2026-06-17".
fn tag_of(text: &str) -> Option<String> {
    let rest = text.split("displayed").nth(1)?.trim();
    if let Some(date) = rest.get(..7)
        && date.as_bytes()[4] == b'-'
        && date[..4].parse::<u16>().is_ok()
        && date[5..7].parse::<u8>().is_ok()
    {
        return Some(format!("census-c5880-page-{date}"));
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut words = rest.split([' ', '-', '(']).filter(|w| !w.is_empty());
    let mut month = None;
    for w in words.by_ref() {
        if let Some(m) = MONTHS.iter().position(|m| w.starts_with(m)) {
            month = Some(m + 1);
        } else if let (Some(m), Ok(y)) = (month, w.parse::<u16>()) {
            return Some(format!("census-c5880-page-{y}-{m:02}"));
        }
    }
    None
}

/// One figure of the page: (year, flow) → value, with the CSV row it came from.
type Figures = BTreeMap<(i64, &'static str), (f64, usize)>;

/// Reads the pack CSV and returns the vintage and the rows of `us_japan_goods_trade`.
pub(crate) fn read(file: &Path, vintage: Option<&str>) -> Result<(String, Vec<Output>)> {
    let shown = file.display().to_string();
    let bytes = std::fs::read(file).map_err(|e| Error::io(file, e))?;
    let mut reader = csv::ReaderBuilder::new().from_reader(&*bytes);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| Error::invalid(Location::file(&shown).row(0), format!("header: {e}")))?
        .iter()
        .map(str::to_string)
        .collect();
    let col = |name: &str| {
        header.iter().position(|h| h == name).ok_or_else(|| {
            Error::invalid(
                Location::file(&shown).row(0),
                format!(
                    "no column `{name}`: expected the reference pack's header year,indicator,value,unit,source,source_url,vintage,notes"
                ),
            )
        })
    };
    let (c_year, c_ind, c_value, c_url, c_vintage) = (
        col("year")?,
        col("indicator")?,
        col("value")?,
        col("source_url")?,
        col("vintage")?,
    );
    let mut releases: BTreeMap<String, Figures> = BTreeMap::new();
    for (i, record) in reader.records().enumerate() {
        let row = i + 1;
        let record = record.map_err(|e| {
            Error::invalid(
                Location::file(&shown).row(row),
                format!("unreadable row: {e}"),
            )
        })?;
        let at = |c: usize| {
            Location::file(&shown)
                .row(row)
                .column(header[c].clone())
                .value(record.get(c).unwrap_or(""))
        };
        if record.get(c_url).map(str::trim) != Some(PAGE) {
            continue;
        }
        let Some(&(_, flow)) = FLOWS
            .iter()
            .find(|(ind, _)| record.get(c_ind) == Some(*ind))
        else {
            continue;
        };
        let text = record.get(c_vintage).unwrap_or("");
        let tag = tag_of(text).ok_or_else(|| {
            Error::invalid(
                at(c_vintage),
                "cannot tell the release: expected \"… displayed Mon-Mon YYYY\" or \"… displayed YYYY-MM-DD\"",
            )
        })?;
        let year: i64 = record
            .get(c_year)
            .and_then(|y| y.trim().parse().ok())
            .filter(|y| (1900..=2100).contains(y))
            .ok_or_else(|| Error::invalid(at(c_year), "expected a calendar year"))?;
        let value: f64 = record
            .get(c_value)
            .and_then(|v| v.trim().parse().ok())
            .filter(|v: &f64| v.is_finite())
            .ok_or_else(|| Error::invalid(at(c_value), "expected a number (USD millions)"))?;
        if let Some((_, first)) = releases
            .entry(tag.clone())
            .or_default()
            .insert((year, flow), (value, row))
        {
            return Err(Error::invalid(
                at(c_value),
                format!("{flow} {year} of release {tag} is already given in row {first}"),
            ));
        }
    }
    let held: Vec<String> = {
        let mut v: Vec<String> = releases.keys().cloned().collect();
        v.sort_by_key(|t| order_key(t));
        v
    };
    let vintage = match vintage {
        Some(v) => v.to_string(),
        None => held.last().cloned().ok_or_else(|| {
            Error::invalid(
                Location::file(&shown),
                format!("no rows of the c5880 page ({PAGE}) in the file"),
            )
        })?,
    };
    let figures = releases
        .remove(&vintage)
        .ok_or_else(|| Error::not_found(format!("release in {shown}"), &vintage, held.iter()))?;
    let mut rows = Vec::new();
    for (&(year, flow), &(value, _)) in &figures {
        let mut cell = format!("{value:.1}");
        let mut missing = String::new();
        if flow == "balance"
            && let (Some((x, _)), Some((m, _))) = (
                figures.get(&(year, "exports")),
                figures.get(&(year, "imports")),
            )
        {
            let computed = x - m;
            if (computed - value).abs() > TOLERANCE + 1e-9 {
                missing = format!(
                    "withheld: the page showed {value:.1} but exports - imports on the same page is {computed:.1}; the {:.1} gap exceeds rounding (see gaps)",
                    (computed - value).abs()
                );
                cell.clear();
            }
        }
        rows.push(vec![
            year.to_string(),
            String::new(),
            flow.to_string(),
            cell,
            UNIT.to_string(),
            vintage.clone(),
            vintage.clone(),
            missing,
        ]);
    }
    Ok((
        vintage,
        vec![Output {
            id: ids::US_JAPAN_GOODS_TRADE,
            columns: COLUMNS,
            rows,
            year_column: "year",
            source: SOURCE,
        }],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_tags_from_the_pack_text() {
        assert_eq!(
            tag_of("Census data as displayed Feb-Mar 2026").as_deref(),
            Some("census-c5880-page-2026-03")
        );
        assert_eq!(
            tag_of("Census data as displayed 2026-06-17 (later revision)").as_deref(),
            Some("census-c5880-page-2026-06")
        );
        assert_eq!(tag_of("Census data"), None);
    }
}
