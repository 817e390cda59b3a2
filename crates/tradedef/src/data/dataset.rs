//! A loaded dataset: its validated DataFrame and its metadata.

use polars::prelude::*;

use super::metadata::DatasetMeta;
use super::provenance::Provenance;

/// A dataset loaded and validated: the DataFrame with its declared schema, and its metadata.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub(crate) meta: DatasetMeta,
    pub(crate) frame: DataFrame,
    pub(crate) origin: String,
}

impl Dataset {
    /// The metadata (producer, table, URL, vintage, licence, columns and units, gaps).
    pub fn meta(&self) -> &DatasetMeta {
        &self.meta
    }

    /// The id.
    pub fn id(&self) -> &str {
        &self.meta.id
    }

    /// The validated data.
    pub fn frame(&self) -> &DataFrame {
        &self.frame
    }

    /// The data as a LazyFrame, to filter and aggregate.
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// let japan = load("us_japan_goods_trade").unwrap()
    ///     .lazy()
    ///     .filter(col("flow").eq(lit("balance")))
    ///     .collect()
    ///     .unwrap();
    /// assert!(japan.height() > 30);
    /// ```
    pub fn lazy(&self) -> LazyFrame {
        self.frame.clone().lazy()
    }

    /// Where the data was read from: `embedded:<id>.csv` or a file path.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The provenance to carry into results.
    pub fn provenance(&self) -> Provenance {
        self.meta.provenance()
    }

    /// The smallest and largest value of an integer column such as `year`, if it has any.
    ///
    /// ```
    /// let trade = tradedef::data::load("us_japan_goods_trade").unwrap();
    /// assert_eq!(trade.span("year").map(|(first, _)| first), Some(1985));
    /// assert_eq!(trade.span("no_such_column"), None);
    /// ```
    pub fn span(&self, column: &str) -> Option<(i64, i64)> {
        let s = self
            .frame
            .column(column)
            .ok()?
            .as_materialized_series()
            .cast(&DataType::Int64)
            .ok()?;
        let values = s.i64().ok()?;
        let (mut lo, mut hi) = (i64::MAX, i64::MIN);
        for v in values.iter().flatten() {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        (lo <= hi).then_some((lo, hi))
    }
}
