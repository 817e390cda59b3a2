//! Census "U.S. Trade in Goods by Country" (`country.xlsx`): monthly and annual exports (`E…`)
//! and general imports (`I…`) by country code, in millions of dollars.
//!
//! Produces `us_japan_goods_trade` (code 5880, annual and monthly), `us_goods_trade_by_partner`
//! (every country and area, annual) and `us_goods_trade_by_partner_monthly` (every country and
//! area, every published month). The last year of the file is usually incomplete: months
//! after the latest published one are zeros in the file and are skipped, and so is that year's
//! annual column (a year-to-date sum, not an annual total).

use crate::data::ids;
use std::collections::HashMap;
use std::path::Path;

use super::figure::{Figure, one_decimal};
use super::merge::{Output, SourceTemplate};
use super::workbook::Sheet;
use crate::{Error, Result};

/// The sheet the importer reads.
pub(crate) const SHEET: &str = "country";
/// Census's code for Japan.
pub(crate) const JAPAN: &str = "5880";
const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
/// The unit of every value written.
pub(crate) const UNIT: &str = "USD millions";

/// Columns of `us_japan_goods_trade`.
pub(crate) const JAPAN_COLUMNS: &[&str] = &[
    "year", "month", "flow", "value", "unit", "vintage", "source", "missing",
];
/// Columns of `us_goods_trade_by_partner`.
pub(crate) const PARTNER_COLUMNS: &[&str] = &[
    "year",
    "partner_code",
    "partner",
    "partner_kind",
    "flow",
    "value",
    "unit",
    "vintage",
    "source",
    "missing",
];

/// Columns of `us_goods_trade_by_partner_monthly`.
pub(crate) const PARTNER_MONTHLY_COLUMNS: &[&str] = &[
    "year",
    "month",
    "partner_code",
    "partner",
    "partner_kind",
    "flow",
    "value",
    "unit",
    "vintage",
    "source",
    "missing",
];

const SOURCE: SourceTemplate = SourceTemplate {
    producer: "U.S. Census Bureau, Foreign Trade Division",
    table: "U.S. Trade in Goods by Country, country.xlsx (monthly I/E columns, annual totals IYR/EYR)",
    url: "https://www.census.gov/foreign-trade/balance/country.xlsx",
};

/// Census codes that are not trading partners: 0007 "Advanced Technology Products" is a product
/// group, not a country or area.
pub(crate) const NOT_PARTNERS: [&str; 1] = ["0007"];

/// The kind of a Census country code: 0001–0999 are areas, groupings and the world totals;
/// 1000–7999 are countries and territories; 8000 and above are "Unidentified Countries" and
/// "International Organizations".
pub(crate) fn partner_kind(code: &str) -> &'static str {
    match code.parse::<u32>() {
        Ok(c) if c < 1000 => "aggregate",
        Ok(c) if c < 8000 => "country",
        _ => "other",
    }
}

/// One row of the workbook: a year and country with its monthly and annual figures.
struct Record {
    year: i64,
    code: String,
    name: String,
    /// [imports, exports], each 12 months then the annual total.
    figures: [Vec<Figure>; 2],
}

/// The vintage tag derived from the latest month with figures, e.g. `census-country-xlsx-2023-01`.
fn derived_vintage(latest: (i64, usize)) -> String {
    format!("census-country-xlsx-{}-{:02}", latest.0, latest.1)
}

fn read_records(sheet: &Sheet) -> Result<Vec<Record>> {
    let mut required: Vec<String> = vec!["year".into(), "CTY_CODE".into(), "CTYNAME".into()];
    for p in ["I", "E"] {
        required.extend(MONTHS.iter().map(|m| format!("{p}{m}")));
        required.push(format!("{p}YR"));
    }
    let required_refs: Vec<&str> = required.iter().map(String::as_str).collect();
    let header = sheet.find_header(&required_refs)?;
    let col = |name: &str| header.col(name).unwrap_or(0);
    let (c_year, c_code, c_name) = (col("year"), col("CTY_CODE"), col("CTYNAME"));
    let value_cols: [[u32; 13]; 2] = [
        std::array::from_fn(|i| {
            if i < 12 {
                col(&format!("I{}", MONTHS[i]))
            } else {
                col("IYR")
            }
        }),
        std::array::from_fn(|i| {
            if i < 12 {
                col(&format!("E{}", MONTHS[i]))
            } else {
                col("EYR")
            }
        }),
    ];
    let last = sheet.last_row().unwrap_or(header.row);
    let mut records = Vec::new();
    let mut seen: HashMap<(i64, String), u32> = HashMap::new();
    for row in header.row + 1..=last {
        if sheet.row_is_blank(row) {
            continue;
        }
        let year = sheet.whole(row, c_year, "a calendar year")?;
        if !(1900..=2100).contains(&year) {
            return Err(Error::invalid(
                sheet.at(row, c_year).value(year.to_string()),
                "implausible year",
            ));
        }
        let code = sheet.country_code(row, c_code)?;
        let name = sheet.text(row, c_name);
        if let Some(first) = seen.insert((year, code.clone()), row) {
            return Err(Error::invalid(
                sheet.at(row, c_code).value(&code),
                format!(
                    "duplicate row: year {year}, country code {code} already at sheet row {}",
                    first + 1
                ),
            ));
        }
        let mut figures: [Vec<Figure>; 2] = [Vec::with_capacity(13), Vec::with_capacity(13)];
        for (flow, cols) in value_cols.iter().enumerate() {
            for &c in cols {
                figures[flow].push(sheet.figure(row, c)?);
            }
        }
        records.push(Record {
            year,
            code,
            name,
            figures,
        });
    }
    if records.is_empty() {
        return Err(Error::invalid(
            sheet.at_sheet(),
            "no data rows below the header",
        ));
    }
    Ok(records)
}

/// The latest (year, month) with any non-zero monthly figure in the file.
fn latest_month(records: &[Record]) -> Option<(i64, usize)> {
    records
        .iter()
        .flat_map(|r| {
            (0..12).filter_map(move |m| {
                let nonzero = r
                    .figures
                    .iter()
                    .any(|f| f[m].value().is_some_and(|v| v != 0.0));
                nonzero.then_some((r.year, m + 1))
            })
        })
        .max()
}

/// (exports, imports, balance) cells as (value text, missing reason).
pub(crate) fn flows(imports: &Figure, exports: &Figure) -> [(&'static str, String, String); 3] {
    let cell = |f: &Figure| {
        (
            f.value().map(one_decimal).unwrap_or_default(),
            f.reason().to_string(),
        )
    };
    let balance = match (exports, imports) {
        (Figure::Value(x), Figure::Value(m)) => (one_decimal(x - m), String::new()),
        (Figure::Missing(reason), _) => (
            String::new(),
            format!("not computed: exports missing ({reason})"),
        ),
        (_, Figure::Missing(reason)) => (
            String::new(),
            format!("not computed: imports missing ({reason})"),
        ),
    };
    let (xv, xr) = cell(exports);
    let (mv, mr) = cell(imports);
    [
        ("exports", xv, xr),
        ("imports", mv, mr),
        ("balance", balance.0, balance.1),
    ]
}

/// Reads the workbook and returns the vintage and the rows of the three datasets.
pub(crate) fn read(file: &Path, vintage: Option<&str>) -> Result<(String, Vec<Output>)> {
    let sheet = Sheet::open(file, SHEET, "census-country")?;
    let records = read_records(&sheet)?;
    let latest = latest_month(&records).ok_or_else(|| {
        Error::invalid(
            sheet.at_sheet(),
            "no monthly figure in the file is non-zero: nothing to import",
        )
    })?;
    let vintage = vintage
        .map(str::to_string)
        .unwrap_or_else(|| derived_vintage(latest));
    let source = vintage.clone();
    let published = |year: i64, month: usize| (year, month) <= latest;

    // the rows of one partner and period: year, [month,] code, name, kind, flow, value, …
    let partner_rows_of = |r: &Record, month: Option<usize>, rows: &mut Vec<Vec<String>>| {
        let idx = month.map_or(12, |m| m - 1);
        for (flow, value, missing) in flows(&r.figures[0][idx], &r.figures[1][idx]) {
            let mut row = Vec::with_capacity(PARTNER_MONTHLY_COLUMNS.len());
            row.push(r.year.to_string());
            row.extend(month.map(|m| m.to_string()));
            row.extend([
                r.code.clone(),
                r.name.clone(),
                partner_kind(&r.code).to_string(),
                flow.to_string(),
                value,
                UNIT.to_string(),
                vintage.clone(),
                source.clone(),
                missing,
            ]);
            rows.push(row);
        }
    };

    let mut japan_rows = Vec::new();
    let mut partner_rows = Vec::new();
    let mut monthly_rows = Vec::new();
    for r in &records {
        let annual_complete = published(r.year, 12);
        if r.code == JAPAN {
            for month in 1..=13usize {
                let (is_annual, m) = (month == 13, month.min(12));
                if (is_annual && !annual_complete) || (!is_annual && !published(r.year, m)) {
                    continue;
                }
                let idx = month - 1;
                let month_text = if is_annual {
                    String::new()
                } else {
                    m.to_string()
                };
                for (flow, value, missing) in flows(&r.figures[0][idx], &r.figures[1][idx]) {
                    japan_rows.push(vec![
                        r.year.to_string(),
                        month_text.clone(),
                        flow.to_string(),
                        value,
                        UNIT.to_string(),
                        vintage.clone(),
                        source.clone(),
                        missing,
                    ]);
                }
            }
        }
        if NOT_PARTNERS.contains(&r.code.as_str()) {
            continue;
        }
        if annual_complete {
            partner_rows_of(r, None, &mut partner_rows);
        }
        for month in (1..=12).filter(|&m| published(r.year, m)) {
            partner_rows_of(r, Some(month), &mut monthly_rows);
        }
    }
    if japan_rows.is_empty() {
        return Err(Error::invalid(
            sheet.at_sheet(),
            format!("no rows for Japan (CTY_CODE {JAPAN}) in the file"),
        ));
    }
    Ok((
        vintage,
        vec![
            Output {
                id: ids::US_JAPAN_GOODS_TRADE,
                columns: JAPAN_COLUMNS,
                rows: japan_rows,
                year_column: "year",
                source: SOURCE,
            },
            Output {
                id: ids::US_GOODS_TRADE_BY_PARTNER,
                columns: PARTNER_COLUMNS,
                rows: partner_rows,
                year_column: "year",
                source: SOURCE,
            },
            Output {
                id: ids::US_GOODS_TRADE_BY_PARTNER_MONTHLY,
                columns: PARTNER_MONTHLY_COLUMNS,
                rows: monthly_rows,
                year_column: "year",
                source: SOURCE,
            },
        ],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_scheme() {
        assert_eq!(partner_kind("0015"), "aggregate");
        assert_eq!(partner_kind("5880"), "country");
        assert_eq!(partner_kind("8220"), "other");
    }

    #[test]
    fn balance_of_a_missing_flow_is_missing() {
        let rows = flows(
            &Figure::Missing("suppressed (D)".into()),
            &Figure::Value(2.0),
        );
        assert_eq!(rows[0].1, "2.0");
        assert_eq!(rows[1].1, "");
        assert!(rows[2].2.contains("imports missing"));
    }
}
