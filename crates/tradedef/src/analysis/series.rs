//! Arithmetic on annual and monthly series: changes, growth rates, rolling sums, indexes, shares.
//!
//! The free functions work on plain slices, so they can be used on any figures; the [`Table`]
//! methods apply them to a column of an analysis result and state the unit of what they add.

use polars::prelude::*;

use crate::analysis::Table;
use crate::analysis::plan::{abs, collect, keep_order};
use crate::error::bail;
use crate::{Error, Result};

/// Percentage change from `from` to `to`: `100 × (to − from) / |from|`.
///
/// Dividing by `|from|` keeps the sign meaningful for negative series such as a deficit: a
/// balance going from −50 to −60 is a −20% change (it got worse).
///
/// ```
/// use tradedef::prelude::*;
/// assert_eq!(percent_change(100.0, 125.0)?, 25.0);
/// assert_eq!(percent_change(-50.0, -60.0)?, -20.0);
/// assert!(percent_change(0.0, 1.0).is_err());
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn percent_change(from: f64, to: f64) -> Result<f64> {
    if from == 0.0 || !from.is_finite() || !to.is_finite() {
        bail!(Error::argument(
            "percent_change",
            format!(
                "cannot compute a change from {from} to {to} (the start must be finite and not zero)"
            ),
        ));
    }
    Ok(100.0 * (to - from) / from.abs())
}

/// Compound annual growth rate in percent: `100 × ((last / first)^(1 / years) − 1)`.
///
/// Both values must be positive and `years` greater than zero.
///
/// ```
/// use tradedef::prelude::*;
/// let g = cagr(100.0, 121.0, 2.0)?;
/// assert!((g - 10.0).abs() < 1e-9);
/// assert!(cagr(-1.0, 5.0, 3.0).is_err());
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn cagr(first: f64, last: f64, years: f64) -> Result<f64> {
    let valid = first > 0.0 && last > 0.0 && years > 0.0 && first.is_finite() && last.is_finite();
    if !valid {
        bail!(Error::argument(
            "cagr",
            format!(
                "needs positive start and end values and a positive span; got {first} → {last} over {years} years"
            ),
        ));
    }
    Ok(100.0 * ((last / first).powf(1.0 / years) - 1.0))
}

/// Year-on-year percentage change for each entry, against the entry whose year is one less
/// (`None` where that year or either value is missing). Years need not be sorted.
///
/// ```
/// use tradedef::prelude::*;
/// let yoy = year_on_year(&[2020, 2021, 2023], &[Some(100.0), Some(110.0), Some(50.0)]);
/// assert_eq!(yoy[0], None);
/// assert!((yoy[1].unwrap() - 10.0).abs() < 1e-9);
/// assert_eq!(yoy[2], None); // no 2022
/// ```
pub fn year_on_year(years: &[i64], values: &[Option<f64>]) -> Vec<Option<f64>> {
    years
        .iter()
        .zip(values)
        .map(|(y, v)| {
            let prev = years
                .iter()
                .position(|p| *p == y - 1)
                .and_then(|i| values.get(i).copied().flatten());
            match (prev, v) {
                (Some(p), Some(v)) => percent_change(p, *v).ok(),
                _ => None,
            }
        })
        .collect()
}

/// Rolling sum over `window` consecutive entries (e.g. 12 months); `None` until the window is
/// full and wherever a value inside the window is missing.
///
/// ```
/// use tradedef::prelude::*;
/// let s = rolling_sum(&[Some(1.0), Some(2.0), Some(3.0), None, Some(5.0)], 2);
/// assert_eq!(s, vec![None, Some(3.0), Some(5.0), None, None]);
/// ```
pub fn rolling_sum(values: &[Option<f64>], window: usize) -> Vec<Option<f64>> {
    (0..values.len())
        .map(|i| {
            if window == 0 || i + 1 < window {
                return None;
            }
            values[i + 1 - window..=i]
                .iter()
                .copied()
                .sum::<Option<f64>>()
        })
        .collect()
}

/// Each value as an index, base year = 100. Errors if the base year is absent or its value is
/// missing or zero.
///
/// ```
/// use tradedef::prelude::*;
/// let idx = index_to_base(&[2020, 2021], &[Some(80.0), Some(100.0)], 2021)?;
/// assert_eq!(idx, vec![Some(80.0), Some(100.0)]);
/// assert!(index_to_base(&[2020], &[Some(1.0)], 1999).is_err());
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn index_to_base(
    years: &[i64],
    values: &[Option<f64>],
    base_year: i64,
) -> Result<Vec<Option<f64>>> {
    let base = years
        .iter()
        .position(|y| *y == base_year)
        .and_then(|i| values.get(i).copied().flatten())
        .filter(|b| *b != 0.0)
        .ok_or_else(|| {
            Error::not_found(
                "base year with a non-zero figure",
                base_year.to_string(),
                years
                    .iter()
                    .zip(values)
                    .filter(|(_, v)| v.is_some_and(|v| v != 0.0))
                    .map(|(y, _)| y),
            )
        })?;
    Ok(values.iter().map(|v| v.map(|v| 100.0 * v / base)).collect())
}

/// Each part as a percentage of `total`.
///
/// ```
/// use tradedef::prelude::*;
/// let s = shares_pct(&[1.0, 3.0], 4.0)?;
/// assert_eq!(s, vec![25.0, 75.0]);
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn shares_pct(parts: &[f64], total: f64) -> Result<Vec<f64>> {
    if total == 0.0 || !total.is_finite() {
        bail!(Error::argument(
            "shares_pct",
            format!("the total must be finite and not zero; got {total}"),
        ));
    }
    Ok(parts.iter().map(|p| 100.0 * p / total).collect())
}

impl Table {
    /// The table with two more columns for a numeric column `c`: `c_yoy_change` (same unit) and
    /// `c_yoy_pct` (percent, against the previous year's row; needs a `year` column).
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// let t = bilateral_balance("Japan")?.with_year_on_year("imports_usd_mn")?;
    /// let pct = t.value_at("year", 2022, "imports_usd_mn_yoy_pct")?;
    /// let i21 = t.value_at("year", 2021, "imports_usd_mn")?;
    /// let i22 = t.value_at("year", 2022, "imports_usd_mn")?;
    /// assert!((pct - 100.0 * (i22 - i21) / i21).abs() < 1e-9);
    /// # Ok::<(), tradedef::Error>(())
    /// ```
    pub fn with_year_on_year(mut self, column: &str) -> Result<Table> {
        let what = format!("year-on-year change of `{column}` in {}", self.name());
        let unit = self.unit(column).unwrap_or("").to_string();
        // each row's previous year: the value of that year's first row
        let previous = self
            .frame()
            .clone()
            .lazy()
            .select([
                (col("year").cast(DataType::Int64) + lit(1i64)).alias("next_year"),
                col(column).cast(DataType::Float64).alias("previous"),
            ])
            .filter(col("next_year").is_not_null())
            .group_by_stable([col("next_year")])
            .agg([col("previous").first()]);
        let (now, prev) = (col(column).cast(DataType::Float64), col("previous"));
        let computable = prev
            .clone()
            .neq(lit(0.0))
            .and(prev.clone().is_finite())
            .and(now.clone().is_finite());
        let changes = collect(
            self.frame()
                .clone()
                .lazy()
                .with_column(col("year").cast(DataType::Int64).alias("this_year"))
                .join(
                    previous,
                    [col("this_year")],
                    [col("next_year")],
                    keep_order(JoinType::Left),
                )
                .select([
                    (now.clone() - prev.clone()).alias(format!("{column}_yoy_change")),
                    // as `percent_change`, value by value
                    when(computable)
                        .then(lit(100.0) * (now - prev.clone()) / abs(prev))
                        .otherwise(lit(NULL).cast(DataType::Float64))
                        .alias(format!("{column}_yoy_pct")),
                ]),
            &what,
        )?;
        let [change, pct] = [0, 1].map(|i| changes.columns()[i].clone());
        self.push_column(change, format!("{unit}, change on previous year"))?;
        self.push_column(pct, "percent change on previous year")?;
        Ok(self)
    }

    /// Compound annual growth rate (percent) of a numeric column between two years of the
    /// table's `year` column.
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// let t = bilateral_balance("Japan")?;
    /// let g = t.cagr("exports_usd_mn", 1985, 2022)?;
    /// let (a, b) = (t.value_at("year", 1985, "exports_usd_mn")?, t.value_at("year", 2022, "exports_usd_mn")?);
    /// assert!((g - cagr(a, b, 37.0)?).abs() < 1e-12);
    /// # Ok::<(), tradedef::Error>(())
    /// ```
    pub fn cagr(&self, column: &str, from: i64, to: i64) -> Result<f64> {
        let a = self.value_at("year", from, column)?;
        let b = self.value_at("year", to, column)?;
        cagr(a, b, (to - from) as f64)
    }
}
