//! Census "U.S. Imports by 5-digit End-Use Code and Country" (`enduse_imports.xlsx`, sheet
//! `EnduseImp`): general imports, customs value, in dollars, one column per year (`value_16` …).
//!
//! Produces `us_imports_by_enduse` for every partner of the file (countries, the world total
//! 0000), every end-use code the file gives each, converted exactly to USD millions. The partner
//! is named as the file names it (`CTY_DESC`); the file must hold Japan (5880) and the world
//! total (0000), which the analyses read.

use crate::data::ids;
use std::collections::HashMap;
use std::path::Path;

use super::census_country::partner_kind;
use super::figure::dollars_as_millions;
use super::merge::{Output, SourceTemplate};
use super::workbook::Sheet;
use crate::{Error, Result};

/// The sheet the importer reads.
pub(crate) const SHEET: &str = "EnduseImp";
/// Columns of `us_imports_by_enduse`.
pub(crate) const COLUMNS: &[&str] = &[
    "year",
    "partner_code",
    "partner",
    "partner_kind",
    "enduse_code",
    "enduse_label",
    "value",
    "unit",
    "vintage",
    "source",
    "missing",
];
/// The partners the file must hold, by Census code: Japan and the world total.
const REQUIRED_PARTNERS: [(&str, &str); 2] = [("5880", "Japan"), ("0000", "the world total")];
const UNIT: &str = "USD millions";

const SOURCE: SourceTemplate = SourceTemplate {
    producer: "U.S. Census Bureau, Foreign Trade Division",
    table: "U.S. Imports by 5-digit End-Use Code and Country, enduse_imports.xlsx (sheet EnduseImp), general imports, customs value",
    url: "https://www.census.gov/foreign-trade/statistics/product/enduse/imports/index.html",
};

/// Reads the workbook and returns the vintage and the rows of `us_imports_by_enduse`.
pub(crate) fn read(file: &Path, vintage: Option<&str>) -> Result<(String, Vec<Output>)> {
    let sheet = Sheet::open(file, SHEET, "census-enduse")?;
    let header = sheet.find_header(&["CTY_CODE", "CTY_DESC", "END_USE", "COMM_DESC"])?;
    let mut year_cols: Vec<(i64, u32)> = header
        .columns
        .iter()
        .filter_map(|(name, &col)| {
            let yy = name
                .strip_prefix("value_")
                .or_else(|| name.strip_prefix("VALUE_"))?;
            let yy: i64 = yy.parse().ok()?;
            Some((if yy < 100 { 2000 + yy } else { yy }, col))
        })
        .collect();
    year_cols.sort();
    let (Some(first), Some(last)) = (year_cols.first().copied(), year_cols.last().copied()) else {
        return Err(Error::invalid(
            sheet.at(header.row, 0),
            "header has no year columns: looked for columns named value_YY (e.g. value_16 … value_25)",
        ));
    };
    let vintage = vintage
        .map(str::to_string)
        .unwrap_or_else(|| format!("census-enduse-imports-xlsx-{}", last.0));
    let col = |name: &str| header.col(name).unwrap_or(0);
    let (c_code, c_desc, c_enduse, c_label) = (
        col("CTY_CODE"),
        col("CTY_DESC"),
        col("END_USE"),
        col("COMM_DESC"),
    );

    let mut rows = Vec::new();
    let mut seen: HashMap<(String, String), u32> = HashMap::new();
    let end = sheet.last_row().unwrap_or(header.row);
    for row in header.row + 1..=end {
        if sheet.row_is_blank(row) {
            continue;
        }
        let code = sheet.country_code(row, c_code)?;
        let partner = sheet.text(row, c_desc);
        if partner.is_empty() {
            return Err(Error::invalid(
                sheet.at(row, c_desc).value(""),
                format!("no partner name (CTY_DESC) for CTY_CODE {code}"),
            ));
        }
        let raw_enduse = sheet.text(row, c_enduse);
        let enduse = match raw_enduse.parse::<u32>() {
            Ok(c) if raw_enduse.len() <= 5 && c < 100_000 => format!("{c:05}"),
            _ => {
                return Err(Error::invalid(
                    sheet.at(row, c_enduse).value(&raw_enduse),
                    "expected a 5-digit end-use code",
                ));
            }
        };
        let label = sheet.text(row, c_label);
        if let Some(first_row) = seen.insert((code.clone(), enduse.clone()), row) {
            return Err(Error::invalid(
                sheet.at(row, c_enduse).value(&enduse),
                format!(
                    "duplicate row: {partner} (CTY_CODE {code}), end-use {enduse} already at sheet row {}",
                    first_row + 1
                ),
            ));
        }
        for &(year, c) in &year_cols {
            let figure = sheet.figure(row, c)?;
            rows.push(vec![
                year.to_string(),
                code.clone(),
                partner.clone(),
                partner_kind(&code).to_string(),
                enduse.clone(),
                label.clone(),
                figure.value().map(dollars_as_millions).unwrap_or_default(),
                UNIT.to_string(),
                vintage.clone(),
                vintage.clone(),
                figure.reason().to_string(),
            ]);
        }
    }
    for (code, partner) in REQUIRED_PARTNERS {
        if !seen.keys().any(|(c, _)| c == code) {
            return Err(Error::invalid(
                sheet.at_sheet(),
                format!(
                    "no rows for {partner} (CTY_CODE {code}) in the file ({}–{})",
                    first.0, last.0
                ),
            ));
        }
    }
    Ok((
        vintage,
        vec![Output {
            id: ids::US_IMPORTS_BY_ENDUSE,
            columns: COLUMNS,
            rows,
            year_column: "year",
            source: SOURCE,
        }],
    ))
}
