//! Product-level trade: US imports and exports by HS commodity (2 to 10 digits), partner and
//! month, as the Census Bureau publishes them, stored as a Parquet dataset partitioned by year.
//!
//! Tens of millions of rows do not fit the embedded CSV catalog, so this data lives in a folder
//! of its own (by default `data/products/`, not committed), in the hive layout that polars,
//! DuckDB, DataFusion and Spark read as is:
//!
//! ```text
//! DIR/_product_trade.toml         sidecar: provenance, vintages, sha256 of every file
//! DIR/year=2023/part-0.parquet    one file per year (the `year` column lives in the path)
//! DIR/year=2024/part-0.parquet
//! ```
//!
//! Every row is one flow of one commodity with one partner in one month:
//!
//! | column | type | unit / meaning |
//! |---|---|---|
//! | `flow` | String | `imports` (general imports) or `exports` (total exports) |
//! | `cty_code` | String | Census country code (Schedule C, 4 digits; `CTY_CODE`) |
//! | `cty_name` | String | Census country name (`CTY_NAME`) |
//! | `commodity` | String | HS code, 2 to 10 digits (`I_COMMODITY` / `E_COMMODITY`) |
//! | `comm_lvl` | String | `HS2`, `HS4`, `HS6` or `HS10` (`COMM_LVL`) |
//! | `hs2` | String | the HS chapter: the first two digits of `commodity` |
//! | `month` | Int32 | 1–12 (the year is the partition) |
//! | `value_usd` | Float64 | US dollars, nominal: general imports, customs value (`GEN_VAL_MO`), or total exports, f.a.s. value (`ALL_VAL_MO`) |
//! | `con_value_usd` | Float64 | US dollars, nominal: imports for consumption (`CON_VAL_MO`); empty for exports |
//! | `vintage` | String | the release the row comes from |
//! | `missing` | String | why a value is empty, else empty |
//!
//! The key is (`flow`, `cty_code`, `commodity`, `year`, `month`, `vintage`). Rows reach the dataset
//! through [`import_products`] (the publisher's own files: API responses or CSV exports) or
//! [`fetch`](fetch::fetch) (which downloads them first); [`ProductTrade::scan`] reads it lazily
//! and [`crate::analysis::products`] answers questions over it with the streaming engine.
//!
//! ```
//! use tradedef::data::products::{HsLevel, ProductTrade};
//! use tradedef::polars::prelude::*;
//!
//! let dir = std::env::temp_dir().join(format!("tradedef-doc-products-{}", std::process::id()));
//! let response = r#"[["CTY_CODE","CTY_NAME","I_COMMODITY","GEN_VAL_MO","CON_VAL_MO","COMM_LVL","time"],
//!   ["5880","JAPAN","8703","4734557339","4731219917","HS4","2023-01"],
//!   ["5880","JAPAN","8703","5103001962","5101129880","HS4","2023-02"]]"#;
//! let file = dir.join("response.json");
//! std::fs::create_dir_all(&dir).unwrap();
//! std::fs::write(&file, response).unwrap();
//! tradedef::data::products::import_products(
//!     tradedef::data::products::ProductImportKind::CensusApiHs, &[file], &dir, None,
//! ).unwrap();
//! let rows = ProductTrade::scan(&dir).unwrap()
//!     .filter(col("comm_lvl").eq(lit(HsLevel::Hs4.name())))
//!     .collect().unwrap();
//! assert_eq!(rows.height(), 2);
//! assert_eq!(rows.column("year").unwrap().cast(&DataType::Int32).unwrap().i32().unwrap().get(0), Some(2023));
//! std::fs::remove_dir_all(&dir).unwrap();
//! ```

mod census_api;
pub mod fetch;
mod import;
mod layout;
mod usatrade_csv;

use std::fmt;
use std::str::FromStr;

pub use import::{ProductImportKind, import_products};
pub use layout::{
    FileEntry, InputEntry, ProductSidecar, ProductTrade, ProductWriter, SIDECAR, VintageEntry,
};

use crate::{Error, Result};

/// The direction of a flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flow {
    /// US general imports (customs value).
    Imports,
    /// US total exports (f.a.s. value).
    Exports,
}

impl Flow {
    /// `imports` or `exports`: the value of the `flow` column and of `--flow`.
    pub fn name(self) -> &'static str {
        match self {
            Flow::Imports => "imports",
            Flow::Exports => "exports",
        }
    }
}

impl fmt::Display for Flow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Flow {
    type Err = Error;
    fn from_str(s: &str) -> Result<Flow> {
        match s.to_ascii_lowercase().as_str() {
            "imports" | "import" => Ok(Flow::Imports),
            "exports" | "export" => Ok(Flow::Exports),
            _ => Err(Error::not_found("flow", s, ["imports", "exports"])),
        }
    }
}

/// A commodity aggregation level of the Harmonized System (`COMM_LVL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HsLevel {
    /// Chapters, 2 digits.
    Hs2,
    /// Headings, 4 digits.
    Hs4,
    /// Subheadings, 6 digits.
    Hs6,
    /// Statistical reporting numbers, 10 digits.
    Hs10,
}

impl HsLevel {
    /// Every level, coarsest first.
    pub const ALL: [HsLevel; 4] = [HsLevel::Hs2, HsLevel::Hs4, HsLevel::Hs6, HsLevel::Hs10];

    /// `HS2`, `HS4`, `HS6` or `HS10`, as the API writes it.
    ///
    /// ```
    /// use tradedef::data::products::HsLevel;
    /// assert_eq!("hs6".parse::<HsLevel>().unwrap(), HsLevel::Hs6);
    /// assert_eq!(HsLevel::Hs10.name(), "HS10");
    /// assert_eq!(HsLevel::of_code("870323").unwrap(), HsLevel::Hs6);
    /// assert!(HsLevel::of_code("870").is_none());
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            HsLevel::Hs2 => "HS2",
            HsLevel::Hs4 => "HS4",
            HsLevel::Hs6 => "HS6",
            HsLevel::Hs10 => "HS10",
        }
    }

    /// The number of digits of a code at this level.
    pub fn digits(self) -> usize {
        match self {
            HsLevel::Hs2 => 2,
            HsLevel::Hs4 => 4,
            HsLevel::Hs6 => 6,
            HsLevel::Hs10 => 10,
        }
    }

    /// The level of a code from its length, if the code is all digits of a level's length.
    pub fn of_code(code: &str) -> Option<HsLevel> {
        if !code.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        HsLevel::ALL.into_iter().find(|l| l.digits() == code.len())
    }
}

impl fmt::Display for HsLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for HsLevel {
    type Err = Error;
    fn from_str(s: &str) -> Result<HsLevel> {
        HsLevel::ALL
            .into_iter()
            .find(|l| l.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| Error::not_found("HS level", s, HsLevel::ALL.map(HsLevel::name)))
    }
}
