//! Importing the publisher's files into the product trade dataset: rows of the same vintage and
//! key are replaced, every other row stays; each year touched is rewritten with its checksum.

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use polars::prelude::*;

use super::layout::{COLUMNS, InputEntry, KEY, ProductSidecar, ProductWriter, VintageEntry};
use super::{Flow, HsLevel, ProductTrade, census_api, usatrade_csv};
use crate::data::sha256_hex;
use crate::{Error, Result};

/// Which publisher's file a product import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProductImportKind {
    /// A response of the Census International Trade API, `intltrade/imports/hs` or
    /// `intltrade/exports/hs` (JSON array of arrays).
    CensusApiHs,
    /// A CSV export of the Census trade database (USA Trade Online): `Commodity`, `Country`,
    /// `Time` and a value column.
    UsaTradeCsv,
}

impl ProductImportKind {
    /// Every kind.
    pub const ALL: [ProductImportKind; 2] = [
        ProductImportKind::CensusApiHs,
        ProductImportKind::UsaTradeCsv,
    ];

    /// `census-api-hs` or `usatrade-csv`, the names of `tradedef data import`.
    pub fn name(self) -> &'static str {
        match self {
            ProductImportKind::CensusApiHs => "census-api-hs",
            ProductImportKind::UsaTradeCsv => "usatrade-csv",
        }
    }
}

impl fmt::Display for ProductImportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ProductImportKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        ProductImportKind::ALL
            .into_iter()
            .find(|k| k.name() == s)
            .ok_or_else(|| {
                Error::not_found(
                    "product import kind",
                    s,
                    ProductImportKind::ALL.map(|k| k.name()),
                )
            })
    }
}

/// One row read from a publisher's file.
pub(crate) struct Row<'a> {
    pub flow: Flow,
    pub cty_code: &'a str,
    pub cty_name: &'a str,
    pub commodity: &'a str,
    pub level: HsLevel,
    pub year: i32,
    pub month: i32,
    pub value: Option<f64>,
    pub con_value: Option<f64>,
    pub vintage: &'a str,
    pub missing: Option<String>,
}

/// Rows read so far, column by column.
#[derive(Default)]
pub(crate) struct Rows {
    flow: Vec<&'static str>,
    cty_code: Vec<String>,
    cty_name: Vec<String>,
    commodity: Vec<String>,
    comm_lvl: Vec<&'static str>,
    hs2: Vec<String>,
    year: Vec<i32>,
    month: Vec<i32>,
    value: Vec<Option<f64>>,
    con_value: Vec<Option<f64>>,
    vintage: Vec<String>,
    missing: Vec<Option<String>>,
}

impl Rows {
    pub fn push(&mut self, r: Row<'_>) {
        self.flow.push(r.flow.name());
        self.cty_code.push(r.cty_code.to_string());
        self.cty_name.push(r.cty_name.to_string());
        self.commodity.push(r.commodity.to_string());
        self.comm_lvl.push(r.level.name());
        self.hs2.push(r.commodity[..2].to_string());
        self.year.push(r.year);
        self.month.push(r.month);
        self.value.push(r.value);
        self.con_value.push(r.con_value);
        self.vintage.push(r.vintage.to_string());
        self.missing.push(r.missing);
    }

    pub fn len(&self) -> usize {
        self.flow.len()
    }

    /// The rows as a DataFrame: the stored columns and `year`.
    pub fn into_frame(self) -> Result<DataFrame> {
        let err = |e| Error::polars("collecting the imported rows", e);
        DataFrame::new_infer_height(vec![
            Column::new("flow".into(), self.flow),
            Column::new("cty_code".into(), self.cty_code),
            Column::new("cty_name".into(), self.cty_name),
            Column::new("commodity".into(), self.commodity),
            Column::new("comm_lvl".into(), self.comm_lvl),
            Column::new("hs2".into(), self.hs2),
            Column::new("month".into(), self.month),
            Column::new("value_usd".into(), self.value),
            Column::new("con_value_usd".into(), self.con_value),
            Column::new("vintage".into(), self.vintage),
            Column::new("missing".into(), self.missing),
            Column::new("year".into(), self.year),
        ])
        .map_err(err)
    }
}

/// Imports the publisher's `files` of `kind` into the dataset in `dir`, tagging their rows with
/// `vintage` (default: derived from the files, `census-api-hs-YYYY-MM` or `usatrade-csv-YYYY-MM`
/// from the latest month present). Returns the dataset as written.
///
/// Within a year, a row with the key of an imported row (same flow, partner, commodity, month
/// and vintage) is replaced; all other rows stay. Errors name the file, row, column and value.
pub fn import_products(
    kind: ProductImportKind,
    files: &[PathBuf],
    dir: impl AsRef<Path>,
    vintage: Option<&str>,
) -> Result<ProductTrade> {
    let mut inputs = Vec::new();
    let mut contents = Vec::new();
    for file in files {
        let bytes = std::fs::read(file).map_err(|e| Error::io(file, e))?;
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| file.display().to_string());
        inputs.push(InputEntry {
            source: name,
            sha256: sha256_hex(&bytes),
        });
        contents.push((file.display().to_string(), bytes));
    }
    // the vintage is needed in every row: read once with a placeholder, then set it
    const PENDING: &str = "\u{0}";
    let tag = vintage.unwrap_or(PENDING);
    let mut rows = Rows::default();
    for (shown, bytes) in &contents {
        match kind {
            ProductImportKind::CensusApiHs => census_api::read(bytes, shown, tag, &mut rows)?,
            ProductImportKind::UsaTradeCsv => usatrade_csv::read(bytes, shown, tag, &mut rows)?,
        }
    }
    if rows.len() == 0 {
        return Err(Error::argument(
            format!("importing {kind}"),
            "the files hold no data rows (a request without results?)",
        ));
    }
    let latest = rows
        .year
        .iter()
        .zip(&rows.month)
        .map(|(y, m)| (*y, *m))
        .max()
        .unwrap_or_default();
    let vintage = vintage
        .map(str::to_string)
        .unwrap_or_else(|| format!("{kind}-{:04}-{:02}", latest.0, latest.1));
    let years: BTreeSet<i32> = rows.year.iter().copied().collect();
    let frame = rows
        .into_frame()?
        .lazy()
        .with_column(lit(vintage.as_str()).alias("vintage"))
        .collect()
        .map_err(|e| Error::polars("tagging the vintage", e))?;

    let mut writer = ProductWriter::new(&dir, ProductSidecar::census())?;
    for year in years {
        let new = frame
            .clone()
            .lazy()
            .filter(col("year").eq(lit(year)))
            .select(COLUMNS.iter().map(|(n, _)| col(*n)).collect::<Vec<_>>());
        let merged = match writer.existing(year)? {
            // new rows first, so `unique` keeps them over stored rows of the same key
            Some(old) => concat([new, old.lazy()], UnionArgs::default())
                .map_err(|e| Error::polars("merging with the stored rows", e))?
                .unique_stable_generic(
                    Some(KEY.iter().map(|k| col(*k)).collect()),
                    UniqueKeepStrategy::First,
                ),
            None => new,
        };
        let merged = merged
            .collect()
            .map_err(|e| Error::polars(format!("merging the rows of {year}"), e))?;
        writer.write_year(year, merged)?;
    }
    writer.add_vintage(VintageEntry {
        vintage,
        inputs,
        date_accessed: today(),
    });
    writer.finish()
}

/// Today's date (UTC) as `YYYY-MM-DD`.
pub(crate) fn today() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() / 86_400)
        .unwrap_or_default();
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|d| d.checked_add_days(chrono::Days::new(days)))
        .map(|d| d.to_string())
        .unwrap_or_default()
}
