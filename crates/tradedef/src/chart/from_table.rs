//! Charts from tables: the data a chart draws, read from a DataFrame, a LazyFrame, a
//! [`Table`](crate::analysis::Table) or a [`Dataset`] by naming its columns.
//!
//! Every chart kind has builder methods taking `&data` and column names — `line_from` /
//! `lines_by` ([`LineChart`](super::LineChart)), `bars_from` ([`BarChart`](super::BarChart)),
//! `columns_from` / `columns_by` ([`ColumnChart`](super::ColumnChart)), `rows_from`
//! ([`DotPlot`](super::DotPlot)), `panels_by` ([`SmallMultiples`](super::SmallMultiples)). The
//! `_by` methods read a long-format table: one line (column series, panel) per value of the
//! named column, in order of first appearance. Numbers are read with polars casts (any integer
//! or float column; a date column becomes a decimal year); a null is a gap, never a zero.
//! The unit of the value column becomes the axis label and the source of the data becomes the
//! source line, unless the chart already has them. A missing column is an error naming the
//! closest columns; a text column where numbers are needed is an error naming its type.
//!
//! The data are always borrowed (`&df`), which also keeps notebook cells safe: see
//! `notebooks/README.md` ("A chart shows as an image").
//!
//! ```
//! use tradedef::prelude::*;
//! let df = df!(
//!     "year" => [2022i64, 2023, 2022, 2023],
//!     "partner" => ["Japan", "Japan", "Mexico", "Mexico"],
//!     "balance" => [-67.9, -71.4, -130.5, -152.4],
//! )?;
//! let chart = LineChart::new("US goods balance").lines_by(&df, "year", "balance", "partner")?;
//! assert_eq!(chart.series_list().len(), 2);
//! assert_eq!(chart.series_list()[1].name, "Mexico");
//! assert_eq!(chart.series_list()[1].points, vec![(2022.0, -130.5), (2023.0, -152.4)]);
//! let err = LineChart::new("t").line_from(&df, "year", "balnce").unwrap_err();
//! assert!(err.to_string().contains("did you mean `balance`?"));
//! let err = LineChart::new("t").line_from(&df, "year", "partner").unwrap_err();
//! assert!(err.to_string().contains("`partner` holds text (str)"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;

use polars::prelude::*;

use crate::data::{Dataset, Provenance};
use crate::{Error, Result};

/// Rows a chart can be built from by naming columns: implemented for [`DataFrame`],
/// [`LazyFrame`], [`Dataset`] and [`Table`](crate::analysis::Table) (and references to them).
///
/// A `Dataset` gives the unit of each column from its sidecar and its source line; a `Table`
/// gives the units and provenance its analysis recorded; a bare DataFrame or LazyFrame has
/// neither (set them with `.y_label(..)` / `.source(..)`).
pub trait ChartData {
    /// The rows (a LazyFrame is collected here).
    fn chart_rows(&self) -> Result<Cow<'_, DataFrame>>;

    /// The unit of `column`, if recorded. Default none.
    fn column_unit(&self, _column: &str) -> Option<String> {
        None
    }

    /// Where the rows come from, if recorded. Default none.
    fn chart_provenance(&self) -> Option<Provenance> {
        None
    }
}

impl ChartData for DataFrame {
    fn chart_rows(&self) -> Result<Cow<'_, DataFrame>> {
        Ok(Cow::Borrowed(self))
    }
}

impl ChartData for LazyFrame {
    fn chart_rows(&self) -> Result<Cow<'_, DataFrame>> {
        self.clone()
            .collect()
            .map(Cow::Owned)
            .map_err(|e| Error::polars("collecting the rows of a chart", e))
    }
}

impl ChartData for Dataset {
    fn chart_rows(&self) -> Result<Cow<'_, DataFrame>> {
        Ok(Cow::Borrowed(self.frame()))
    }

    fn column_unit(&self, column: &str) -> Option<String> {
        let spec = self.meta().column(column).ok()?;
        let numeric = matches!(
            spec.dtype,
            crate::data::DType::Float | crate::data::DType::Int
        );
        (numeric && !spec.unit.trim().is_empty()).then(|| spec.unit.clone())
    }

    fn chart_provenance(&self) -> Option<Provenance> {
        Some(self.provenance())
    }
}

impl<T: ChartData + ?Sized> ChartData for &T {
    fn chart_rows(&self) -> Result<Cow<'_, DataFrame>> {
        (**self).chart_rows()
    }

    fn column_unit(&self, column: &str) -> Option<String> {
        (**self).column_unit(column)
    }

    fn chart_provenance(&self) -> Option<Provenance> {
        (**self).chart_provenance()
    }
}

/// The rows of one chart's data with what the chart needs from them; errors name the chart.
pub(crate) struct Rows<'a> {
    chart: &'a str,
    frame: Cow<'a, DataFrame>,
}

/// One group of a long-format table: its name and its columns' values.
pub(crate) struct Group {
    pub name: String,
    pub values: Vec<Vec<f64>>,
    pub labels: Vec<String>,
}

impl Group {
    /// The (x, y) pairs of a group read with two numeric columns.
    pub fn points(&self) -> Vec<(f64, f64)> {
        self.values[0]
            .iter()
            .copied()
            .zip(self.values[1].iter().copied())
            .collect()
    }
}

impl<'a> Rows<'a> {
    pub fn new(chart: &'a str, data: &'a impl ChartData) -> Result<Self> {
        Ok(Rows {
            chart,
            frame: data.chart_rows()?,
        })
    }

    fn column(&self, name: &str) -> Result<&Column> {
        self.frame.column(name).map_err(|_| {
            Error::not_found(
                format!("column (data of chart `{}`)", self.chart),
                name,
                self.frame.get_column_names().iter().map(|s| s.to_string()),
            )
        })
    }

    /// `name` as Float64, nulls as NaN: any integer or float column, or a date as a decimal year.
    fn number(&self, name: &str, role: &str) -> Result<Expr> {
        let dtype = self.column(name)?.dtype().clone();
        let value = if dtype.is_primitive_numeric() {
            col(name).cast(DataType::Float64)
        } else if dtype == DataType::Date {
            let days = col(name).dt().is_leap_year().cast(DataType::Float64) + lit(365.0);
            col(name).dt().year().cast(DataType::Float64)
                + (col(name).dt().ordinal_day().cast(DataType::Float64) - lit(1.0)) / days
        } else {
            return Err(super::canvas::chart_error(
                self.chart,
                format!(
                    "column `{name}` holds text ({dtype}); the {role} needs numbers (an integer, float or date column)"
                ),
            ));
        };
        Ok(value.fill_null(lit(f64::NAN)).alias(name))
    }

    /// `name` as text (numbers written out, e.g. a year).
    fn label(&self, name: &str) -> Result<Expr> {
        self.column(name)?;
        Ok(col(name).cast(DataType::String).alias(name))
    }

    fn collect(&self, exprs: Vec<Expr>) -> Result<DataFrame> {
        self.frame
            .as_ref()
            .clone()
            .lazy()
            .select(exprs)
            .collect()
            .map_err(|e| Error::polars(format!("reading the data of chart `{}`", self.chart), e))
    }

    /// The columns `numbers` as floats and `labels` as text, row by row in the table's order.
    pub fn read(&self, numbers: &[(&str, &str)], labels: &[&str]) -> Result<Group> {
        let mut exprs = numbers
            .iter()
            .map(|(name, role)| self.number(name, role))
            .collect::<Result<Vec<_>>>()?;
        for name in labels {
            exprs.push(self.label(name)?);
        }
        let frame = self.collect(exprs)?;
        self.group_of(String::new(), &frame, numbers.len(), labels)
    }

    /// As [`Rows::read`], once per value of column `by` (in order of first appearance).
    pub fn read_by(
        &self,
        by: &str,
        numbers: &[(&str, &str)],
        labels: &[&str],
    ) -> Result<Vec<Group>> {
        const KEY: &str = "__tradedef_group";
        let mut exprs = numbers
            .iter()
            .map(|(name, role)| self.number(name, role))
            .collect::<Result<Vec<_>>>()?;
        for name in labels {
            exprs.push(self.label(name)?);
        }
        let key = self.label(by)?.alias(KEY);
        let grouped = self
            .frame
            .as_ref()
            .clone()
            .lazy()
            .group_by_stable([key])
            .agg(exprs)
            .collect()
            .map_err(|e| {
                Error::polars(
                    format!("grouping the data of chart `{}` by `{by}`", self.chart),
                    e,
                )
            })?;
        let names = self.texts(&grouped, KEY)?;
        let mut groups = Vec::with_capacity(names.len());
        for (i, name) in names.into_iter().enumerate() {
            let name = name.ok_or_else(|| {
                super::canvas::chart_error(
                    self.chart,
                    format!("column `{by}` has empty cells; filter them out or fill them"),
                )
            })?;
            let row = grouped.slice(i as i64, 1);
            let exploded = row
                .drop(KEY)
                .and_then(|f| {
                    f.explode(
                        f.get_column_names_owned(),
                        ExplodeOptions {
                            empty_as_null: false,
                            keep_nulls: true,
                        },
                    )
                })
                .map_err(|e| Error::polars(format!("data of chart `{}`", self.chart), e))?;
            groups.push(self.group_of(name, &exploded, numbers.len(), labels)?);
        }
        Ok(groups)
    }

    fn group_of(
        &self,
        name: String,
        frame: &DataFrame,
        numbers: usize,
        labels: &[&str],
    ) -> Result<Group> {
        let columns = frame.columns();
        let mut values = Vec::with_capacity(numbers);
        for c in &columns[..numbers] {
            let ca = c
                .as_materialized_series()
                .f64()
                .map_err(|e| Error::polars(format!("data of chart `{}`", self.chart), e))?
                .clone();
            values.push(ca.iter().map(|v| v.unwrap_or(f64::NAN)).collect());
        }
        let mut texts = Vec::new();
        for name in labels {
            for (row, t) in self.texts(frame, name)?.into_iter().enumerate() {
                texts.push(t.ok_or_else(|| {
                    super::canvas::chart_error(
                        self.chart,
                        format!("row {} of column `{name}` is empty; every bar or category needs a label", row + 1),
                    )
                })?);
            }
        }
        Ok(Group {
            name,
            values,
            labels: texts,
        })
    }

    fn texts(&self, frame: &DataFrame, name: &str) -> Result<Vec<Option<String>>> {
        let c = frame
            .column(name)
            .map_err(|e| Error::polars(format!("data of chart `{}`", self.chart), e))?;
        Ok(c.as_materialized_series()
            .str()
            .map_err(|e| Error::polars(format!("data of chart `{}`", self.chart), e))?
            .iter()
            .map(|s| s.map(str::to_string))
            .collect())
    }

    /// Fails if an x value appears twice: the table holds several rows per point (another flow,
    /// vintage or partner) and needs a filter or a series column.
    pub fn unique_x(&self, series: &str, xs: &[f64]) -> Result<()> {
        let mut sorted: Vec<f64> = xs.iter().copied().filter(|x| x.is_finite()).collect();
        sorted.sort_by(f64::total_cmp);
        if let Some(w) = sorted.windows(2).find(|w| w[0] == w[1]) {
            return Err(super::canvas::chart_error(
                self.chart,
                format!(
                    "x = {} appears more than once in series `{series}`: filter the table to one row per x (one flow, one vintage…) or name a series column",
                    w[0]
                ),
            ));
        }
        Ok(())
    }
}

/// What a chart takes from its data besides the rows: the unit of a column and the provenance.
pub(crate) fn unit_and_source(
    data: &impl ChartData,
    column: &str,
) -> (Option<String>, Option<Provenance>) {
    (
        data.column_unit(column),
        data.chart_provenance().filter(|p| !p.is_empty()),
    )
}
