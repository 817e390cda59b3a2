//! [`Table`]: the result of an analysis — a DataFrame, the unit of each column, notes on how it
//! was computed, and the [`Provenance`] of the data it was computed from.

use std::fmt;

use polars::prelude::*;

use crate::data::Provenance;
use crate::{Error, Result};

/// The result of an analysis: a DataFrame with the unit of every column, notes (vintages used,
/// base years, assumptions) and the provenance of its inputs, so a chart or table made from it
/// can print its source line.
///
/// Columns are plain `Int64`, `Float64` or `String` columns; the column names carry a unit
/// suffix (`_usd_mn`, `_jpy_bn`, `_pct`) and [`Table::unit`] gives the full unit text.
///
/// ```
/// use tradedef::prelude::*;
/// let balance = bilateral_balance("Japan")?;
/// assert!(balance.unit("balance_usd_mn").unwrap().contains("USD millions"));
/// assert!(balance.source_line().contains("Census"));
/// let b2022 = balance.value_at("year", 2022, "balance_usd_mn")?;
/// assert!(b2022 < 0.0);
/// # Ok::<(), tradedef::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Table {
    name: String,
    frame: DataFrame,
    units: Vec<(String, String)>,
    notes: Vec<String>,
    provenance: Provenance,
}

impl Table {
    /// What the table holds, e.g. "US goods balance with Japan".
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The DataFrame.
    pub fn frame(&self) -> &DataFrame {
        &self.frame
    }

    /// The DataFrame, by value.
    pub fn into_frame(self) -> DataFrame {
        self.frame
    }

    /// The number of rows.
    pub fn height(&self) -> usize {
        self.frame.height()
    }

    /// `(column, unit)` for every column, in column order.
    pub fn units(&self) -> &[(String, String)] {
        &self.units
    }

    /// The unit of a column, if the column exists.
    pub fn unit(&self, column: &str) -> Option<&str> {
        self.units
            .iter()
            .find(|(c, _)| c == column)
            .map(|(_, u)| u.as_str())
    }

    /// Notes on how the table was computed: vintages used, base years, assumptions.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// The datasets the table was computed from.
    pub fn provenance(&self) -> &Provenance {
        &self.provenance
    }

    /// The text after "Source: " on a chart made from the table.
    pub fn source_line(&self) -> String {
        self.provenance.source_line()
    }

    /// The column names.
    pub fn columns(&self) -> Vec<String> {
        self.frame
            .get_column_names()
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    /// A numeric column as `f64` values (`None` where the figure is missing).
    pub fn floats(&self, column: &str) -> Result<Vec<Option<f64>>> {
        floats(&self.frame, &self.name, column)
    }

    /// An integer column (such as `year`).
    pub fn ints(&self, column: &str) -> Result<Vec<Option<i64>>> {
        ints(&self.frame, &self.name, column)
    }

    /// A text column.
    pub fn texts(&self, column: &str) -> Result<Vec<Option<String>>> {
        texts(&self.frame, &self.name, column)
    }

    /// The value of `column` in the first row where integer column `key` equals `at`, e.g.
    /// `value_at("year", 2022, "balance_usd_mn")`. Errors name the key values that exist.
    pub fn value_at(&self, key: &str, at: i64, column: &str) -> Result<f64> {
        let keys = self.ints(key)?;
        let values = self.floats(column)?;
        let i = keys.iter().position(|k| *k == Some(at)).ok_or_else(|| {
            Error::not_found(
                format!("{key} in {}", self.name),
                at.to_string(),
                keys.iter().flatten().map(|k| k.to_string()),
            )
        })?;
        values[i].ok_or_else(|| {
            Error::not_found(
                format!(
                    "value of `{column}` in {} ({key} {at} is missing)",
                    self.name
                ),
                at.to_string(),
                keys.iter()
                    .zip(&values)
                    .filter(|(_, v)| v.is_some())
                    .flat_map(|(k, _)| *k),
            )
        })
    }

    /// The value of `column` in the first row where text column `key` equals `at`
    /// (case-insensitive), e.g. `value_where("partner", "Japan", "share_of_deficit_pct")`.
    pub fn value_where(&self, key: &str, at: &str, column: &str) -> Result<f64> {
        let keys = self.texts(key)?;
        let values = self.floats(column)?;
        let i = keys
            .iter()
            .position(|k| k.as_deref().is_some_and(|k| k.eq_ignore_ascii_case(at)))
            .ok_or_else(|| {
                Error::not_found(format!("{key} in {}", self.name), at, keys.iter().flatten())
            })?;
        values[i].ok_or_else(|| {
            Error::argument(
                format!("{} `{column}`", self.name),
                format!("no figure for {key} `{at}`"),
            )
        })
    }
}

impl Table {
    /// The table as CSV text, written by [`crate::output::CsvText`]: a header row, then one
    /// line per row; numbers in their shortest round-trip form, missing figures as empty cells,
    /// text quoted when it holds a comma, quote or line break.
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// let csv = bilateral_balance("Japan")?.to_csv();
    /// assert!(csv.starts_with("year,exports_usd_mn,imports_usd_mn,balance_usd_mn,vintage\n"));
    /// # Ok::<(), tradedef::Error>(())
    /// ```
    pub fn to_csv(&self) -> String {
        let cells = self.cells();
        let mut w = crate::output::CsvText::new(self.columns());
        for i in 0..self.height() {
            w.record(cells.iter().map(|c| match &c[i] {
                Cell::Number(x) => crate::output::csv_number(*x),
                Cell::Text(t) => t.clone(),
                Cell::Missing => String::new(),
            }));
        }
        w.finish()
    }

    /// The table as JSON: `{"name", "columns": [{"name", "unit"}], "rows": [{column: value}],
    /// "notes", "source"}`; missing figures are `null`.
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// let j = bilateral_balance("Japan")?.to_json();
    /// assert!(j["rows"][0]["year"].is_number());
    /// assert!(j["source"].as_str().unwrap().contains("Census"));
    /// # Ok::<(), tradedef::Error>(())
    /// ```
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::{Map, Value, json};
        let cells = self.cells();
        let names = self.columns();
        let rows: Vec<Value> = (0..self.height())
            .map(|i| {
                let mut m = Map::new();
                for (n, c) in names.iter().zip(&cells) {
                    let v = match &c[i] {
                        Cell::Number(x) => serde_json::Number::from_f64(*x)
                            .map(Value::Number)
                            .unwrap_or(Value::Null),
                        Cell::Text(t) => Value::String(t.clone()),
                        Cell::Missing => Value::Null,
                    };
                    m.insert(n.clone(), v);
                }
                Value::Object(m)
            })
            .collect();
        json!({
            "name": self.name,
            "columns": self.units.iter().map(|(c, u)| json!({"name": c, "unit": u})).collect::<Vec<_>>(),
            "rows": rows,
            "notes": self.notes,
            "source": self.source_line(),
        })
    }

    fn cells(&self) -> Vec<Vec<Cell>> {
        self.frame
            .columns()
            .iter()
            .map(|c| {
                let name = c.name().to_string();
                if c.dtype().is_primitive_numeric() {
                    if c.dtype().is_integer() {
                        self.ints(&name)
                            .map(|v| {
                                v.into_iter()
                                    .map(|x| x.map_or(Cell::Missing, |x| Cell::Number(x as f64)))
                                    .collect()
                            })
                            .unwrap_or_default()
                    } else {
                        self.floats(&name)
                            .map(|v| {
                                v.into_iter()
                                    .map(|x| x.map_or(Cell::Missing, Cell::Number))
                                    .collect()
                            })
                            .unwrap_or_default()
                    }
                } else {
                    self.texts(&name)
                        .map(|v| {
                            v.into_iter()
                                .map(|x| x.map_or(Cell::Missing, Cell::Text))
                                .collect()
                        })
                        .unwrap_or_default()
                }
            })
            .collect()
    }
}

enum Cell {
    Number(f64),
    Text(String),
    Missing,
}

impl Table {
    /// A table from a polars query on a dataset: the rows `query` returns, each column keeping
    /// the unit of the dataset column of the same name (rename a column when its unit changes),
    /// and the dataset's provenance — so a chart or display of the result still carries the
    /// units and the source line.
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// let trade = load("us_goods_trade_by_partner")?;
    /// let japan = Table::from_query("US goods trade with Japan", &trade, |rows| {
    ///     rows.filter(col("partner").eq(lit("Japan")))
    /// })?;
    /// assert_eq!(japan.unit("value"), Some("USD millions (nominal)"));
    /// assert!(japan.source_line().contains("Census"));
    /// # Ok::<(), tradedef::Error>(())
    /// ```
    pub fn from_query(
        name: impl Into<String>,
        dataset: &crate::data::Dataset,
        query: impl FnOnce(LazyFrame) -> LazyFrame,
    ) -> Result<Table> {
        let name = name.into();
        let frame = query(dataset.lazy())
            .collect()
            .map_err(|e| Error::polars(format!("{name} (query on {})", dataset.id()), e))?;
        let units = frame
            .get_column_names()
            .iter()
            .filter_map(|c| {
                let spec = dataset.meta().column(c).ok()?;
                (!spec.unit.trim().is_empty()).then(|| (c.to_string(), spec.unit.clone()))
            })
            .collect();
        Ok(Table {
            name,
            frame,
            units,
            notes: Vec::new(),
            provenance: dataset.provenance(),
        })
    }

    /// Adds (or replaces) a computed column (crate-internal).
    pub(crate) fn push_column(&mut self, column: Column, unit: impl Into<String>) -> Result<()> {
        let name = column.name().to_string();
        self.frame
            .with_column(column)
            .map_err(|e| Error::polars(format!("adding `{name}` to {}", self.name), e))?;
        self.units.push((name, unit.into()));
        Ok(())
    }
}

impl crate::chart::ChartData for Table {
    fn chart_rows(&self) -> Result<std::borrow::Cow<'_, DataFrame>> {
        Ok(std::borrow::Cow::Borrowed(&self.frame))
    }

    fn column_unit(&self, column: &str) -> Option<String> {
        self.unit(column)
            .filter(|u| !u.trim().is_empty())
            .map(str::to_string)
    }

    fn chart_provenance(&self) -> Option<Provenance> {
        Some(self.provenance.clone())
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.name)?;
        writeln!(f, "{}", self.frame)?;
        for (c, u) in &self.units {
            writeln!(f, "  {c}: {u}")?;
        }
        for n in &self.notes {
            writeln!(f, "Note: {n}")?;
        }
        write!(f, "Source: {}", self.source_line())
    }
}

/// Assembles a [`Table`] column by column (crate-internal).
#[derive(Debug, Default)]
pub(crate) struct TableBuilder {
    name: String,
    columns: Vec<Column>,
    units: Vec<(String, String)>,
    notes: Vec<String>,
    /// The partners the table is about, `(ISO alpha-3 code, name)`: a break of a dataset that
    /// concerns other partners only is not listed (none: every break is).
    partners: Vec<(Option<String>, String)>,
}

impl TableBuilder {
    pub(crate) fn new(name: impl Into<String>) -> Self {
        TableBuilder {
            name: name.into(),
            ..Default::default()
        }
    }

    pub(crate) fn int(
        mut self,
        name: &str,
        unit: impl Into<String>,
        values: Vec<Option<i64>>,
    ) -> Self {
        self.columns.push(Column::new(name.into(), values));
        self.units.push((name.to_string(), unit.into()));
        self
    }

    pub(crate) fn float(
        mut self,
        name: &str,
        unit: impl Into<String>,
        values: Vec<Option<f64>>,
    ) -> Self {
        self.columns.push(Column::new(name.into(), values));
        self.units.push((name.to_string(), unit.into()));
        self
    }

    pub(crate) fn text(
        mut self,
        name: &str,
        unit: impl Into<String>,
        values: Vec<Option<String>>,
    ) -> Self {
        self.columns.push(Column::new(name.into(), values));
        self.units.push((name.to_string(), unit.into()));
        self
    }

    /// Adds every column of a computed frame, in its order, with the unit given for its name
    /// in `units` (an empty unit for a column not listed).
    pub(crate) fn frame(mut self, frame: DataFrame, units: &[(&str, String)]) -> Self {
        for c in frame.columns() {
            let name = c.name().to_string();
            let unit = units
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, u)| u.clone())
                .unwrap_or_default();
            self.columns.push(c.clone());
            self.units.push((name, unit));
        }
        self
    }

    pub(crate) fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Declares the partner the table is about, so that only the breaks concerning it are listed.
    pub(crate) fn partner(mut self, partner: &crate::data::Partner) -> Self {
        self.partners
            .push((partner.iso3.clone(), partner.name.clone()));
        self
    }

    pub(crate) fn build(mut self, provenance: Provenance) -> Result<Table> {
        // breaks are data: every table of a dataset with a definitional break shows it, when the
        // break concerns the table's partner (a table about no partner in particular shows all)
        for s in &provenance.sources {
            if let Some(e) = crate::data::catalog()
                .iter()
                .find(|e| e.meta.id == s.dataset)
            {
                for b in &e.meta.breaks {
                    let concerned = self.partners.is_empty()
                        || self
                            .partners
                            .iter()
                            .any(|(iso3, name)| b.concerns(iso3.as_deref(), name));
                    if !concerned {
                        continue;
                    }
                    let note = format!("break in {}: {}", s.dataset, b.text);
                    if !self.notes.contains(&note) {
                        self.notes.push(note);
                    }
                }
            }
        }
        let height = self.columns.first().map(|c| c.len()).unwrap_or(0);
        let frame = DataFrame::new(height, self.columns)
            .map_err(|e| Error::polars(format!("building table `{}`", self.name), e))?;
        Ok(Table {
            name: self.name,
            frame,
            units: self.units,
            notes: self.notes,
            provenance,
        })
    }
}

fn column<'a>(frame: &'a DataFrame, what: &str, name: &str) -> Result<&'a Column> {
    frame.column(name).map_err(|_| {
        Error::not_found(
            format!("column in {what}"),
            name,
            frame.get_column_names().iter().map(|s| s.to_string()),
        )
    })
}

/// A column as `f64` values, whatever its numeric type.
pub(crate) fn floats(frame: &DataFrame, what: &str, name: &str) -> Result<Vec<Option<f64>>> {
    let c = column(frame, what, name)?;
    let s = c
        .as_materialized_series()
        .cast(&DataType::Float64)
        .map_err(|e| Error::polars(format!("{what}: column `{name}` as numbers"), e))?;
    let ca = s
        .f64()
        .map_err(|e| Error::polars(format!("{what}: column `{name}`"), e))?;
    Ok(ca.iter().collect())
}

/// A column as `i64` values.
pub(crate) fn ints(frame: &DataFrame, what: &str, name: &str) -> Result<Vec<Option<i64>>> {
    let c = column(frame, what, name)?;
    let s = c
        .as_materialized_series()
        .cast(&DataType::Int64)
        .map_err(|e| Error::polars(format!("{what}: column `{name}` as integers"), e))?;
    let ca = s
        .i64()
        .map_err(|e| Error::polars(format!("{what}: column `{name}`"), e))?;
    Ok(ca.iter().collect())
}

/// A column as text.
pub(crate) fn texts(frame: &DataFrame, what: &str, name: &str) -> Result<Vec<Option<String>>> {
    let c = column(frame, what, name)?;
    let s = c
        .as_materialized_series()
        .cast(&DataType::String)
        .map_err(|e| Error::polars(format!("{what}: column `{name}` as text"), e))?;
    let ca = s
        .str()
        .map_err(|e| Error::polars(format!("{what}: column `{name}`"), e))?;
    Ok(ca.iter().map(|v| v.map(str::to_string)).collect())
}
