//! Evaluates a [`Selection`]: the rows of a dataset that match a filter, one column aggregated,
//! and the trace of exactly which rows were used.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};

use polars::prelude::AnyValue;
use serde::{Deserialize, Serialize};

use super::invalid;
use super::release::ReleasePick;
use crate::Error;
use crate::Result;
use crate::data::{ColumnSpec, DType, Dataset, Provenance, load};
use crate::error::{bail, ensure};
use crate::similar::closest;

/// How the selected cells of the matching rows become one number.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Aggregate {
    /// Exactly one row must match (the default: a filter that matches more is an error).
    #[default]
    Only,
    /// The sum.
    Sum,
    /// The mean.
    Mean,
    /// The first matching row (in file order, or by `sort_by`).
    First,
    /// The last matching row (in file order, or by `sort_by`).
    Last,
    /// The smallest value.
    Min,
    /// The largest value.
    Max,
    /// The number of matching rows.
    Count,
}

impl fmt::Display for Aggregate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Aggregate::Only => "only",
            Aggregate::Sum => "sum",
            Aggregate::Mean => "mean",
            Aggregate::First => "first",
            Aggregate::Last => "last",
            Aggregate::Min => "min",
            Aggregate::Max => "max",
            Aggregate::Count => "count",
        })
    }
}

/// Rows of one dataset, filtered, one column aggregated, scaled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Selection {
    /// The dataset id (see `tradedef data list`).
    pub dataset: String,
    /// Column = value pairs that rows must match. A value may be a number, text, a date as
    /// `YYYY-MM-DD` text, a list (any of), or a range `{ from = …, to = … }` (inclusive).
    #[serde(default)]
    pub filter: toml::Table,
    /// Columns whose cell must be empty (e.g. `month` empty = annual total).
    #[serde(default)]
    pub empty: Vec<String>,
    /// Shorthand for `filter.vintage`.
    #[serde(default)]
    pub vintage: Option<String>,
    /// The numeric column to aggregate. By default `value`.
    #[serde(default)]
    pub column: Option<String>,
    /// By default [`Aggregate::Only`].
    #[serde(default)]
    pub aggregate: Aggregate,
    /// Orders rows for `first`/`last`. By default file order.
    #[serde(default)]
    pub sort_by: Option<String>,
    /// Multiplies the result, e.g. 0.001 for millions → billions. By default 1.
    #[serde(default)]
    pub scale: Option<f64>,
}

/// The rows a measured value was computed from: enough to find them again in the CSV.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowsUsed {
    /// The dataset id.
    pub dataset: String,
    /// Where the data were read from (`embedded:data/<id>.csv`).
    pub origin: String,
    /// The filter, as text: `flow = balance, year = 2024, month empty`.
    pub filter: String,
    /// The aggregated column.
    pub column: String,
    /// How the cells were combined.
    pub aggregate: Aggregate,
    /// The factor applied to the aggregate.
    pub scale: f64,
    /// The 1-based data rows (the header is row 0; CSV line = row + 1).
    pub rows: Vec<usize>,
    /// Each row's key (the dataset's key columns), e.g. `year=2024 month= flow=balance vintage=…`.
    pub keys: Vec<String>,
    /// Each row's cell in `column` (`None` if empty).
    pub values: Vec<Option<f64>>,
    /// The row-level sources cited in the rows (`producer, table (vintage)`), if the dataset has a source column.
    pub row_sources: Vec<String>,
}

impl fmt::Display for RowsUsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.rows.is_empty() {
            return write!(
                f,
                "{} where {} → no rows",
                self.dataset,
                if self.filter.is_empty() {
                    "(all rows)"
                } else {
                    &self.filter
                }
            );
        }
        let rows: Vec<String> = self.rows.iter().map(|r| r.to_string()).collect();
        write!(
            f,
            "{} where {} → {} of `{}` over row{} {}",
            self.dataset,
            if self.filter.is_empty() {
                "(all rows)"
            } else {
                &self.filter
            },
            self.aggregate,
            self.column,
            if self.rows.len() == 1 { "" } else { "s" },
            abbreviate(&rows, 12)
        )?;
        if self.scale != 1.0 {
            write!(f, ", × {}", self.scale)?;
        }
        if self.keys.len() <= 3 {
            let shown: Vec<String> = self
                .keys
                .iter()
                .zip(&self.values)
                .map(|(k, v)| {
                    format!(
                        "[{k}] {}",
                        v.map(|x| x.to_string()).unwrap_or_else(|| "empty".into())
                    )
                })
                .collect();
            write!(f, " ({})", shown.join("; "))?;
        }
        Ok(())
    }
}

/// Why the data hold no figure for what a claims file asks (no row matches, an empty cell, no
/// release of the day): a gap, whose claim is "not checkable", not a defect of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Gap(pub String);

impl fmt::Display for Gap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A selection's result: the value (or why there is none), its rows, and the dataset's provenance.
#[derive(Debug, Clone)]
pub(crate) struct Selected {
    pub value: std::result::Result<f64, Gap>,
    pub rows: RowsUsed,
    pub provenance: Provenance,
}

impl Selected {
    /// No value, with why: no rows were used.
    fn missing(
        reason: String,
        dataset: &Dataset,
        filter: String,
        column: String,
        selection: &Selection,
    ) -> Selected {
        Selected {
            value: Err(Gap(reason)),
            rows: RowsUsed {
                dataset: dataset.id().to_string(),
                origin: dataset.origin().to_string(),
                filter,
                column,
                aggregate: selection.aggregate,
                scale: selection.scale.unwrap_or(1.0),
                rows: Vec::new(),
                keys: Vec::new(),
                values: Vec::new(),
                row_sources: Vec::new(),
            },
            provenance: dataset.provenance(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, PartialOrd)]
enum Cell {
    Null,
    Num(f64),
    Text(String),
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cell::Null => Ok(()),
            Cell::Num(x) => write!(f, "{x}"),
            Cell::Text(s) => f.write_str(s),
        }
    }
}

enum Pattern {
    Is(Cell),
    AnyOf(Vec<Cell>),
    Range(Option<Cell>, Option<Cell>),
    Empty,
}

impl Pattern {
    fn matches(&self, cell: &Cell) -> bool {
        match self {
            Pattern::Empty => *cell == Cell::Null,
            _ if *cell == Cell::Null => false,
            Pattern::Is(want) => same(cell, want),
            Pattern::AnyOf(wants) => wants.iter().any(|w| same(cell, w)),
            Pattern::Range(from, to) => {
                from.as_ref()
                    .is_none_or(|lo| cell.partial_cmp(lo).is_some_and(|o| o.is_ge()))
                    && to
                        .as_ref()
                        .is_none_or(|hi| cell.partial_cmp(hi).is_some_and(|o| o.is_le()))
            }
        }
    }
}

fn same(a: &Cell, b: &Cell) -> bool {
    match (a, b) {
        (Cell::Num(x), Cell::Num(y)) => (x - y).abs() <= 1e-9 * x.abs().max(1.0),
        _ => a == b,
    }
}

fn abbreviate(items: &[String], max: usize) -> String {
    if items.len() > max {
        format!("{}, … ({} in all)", items[..max].join(", "), items.len())
    } else {
        items.join(", ")
    }
}

/// The first and last `n` items, with a count, when there are many: "1985, 1986, …, 2025 (41 in all)".
fn ends(items: &[String], n: usize) -> String {
    if items.len() > 2 * n + 4 {
        format!(
            "{}, …, {} ({} in all)",
            items[..n].join(", "),
            items[items.len() - n..].join(", "),
            items.len()
        )
    } else {
        items.join(", ")
    }
}

/// The cells of a column. Read once per dataset (by its origin) and column: the datasets a
/// selection reads are the embedded ones, which do not change while the process runs.
fn column_cells(dataset: &Dataset, name: &str) -> Result<Arc<Vec<Cell>>> {
    type Cells = Arc<Vec<Cell>>;
    static CACHE: OnceLock<Mutex<HashMap<(String, String), Cells>>> = OnceLock::new();
    let key = (dataset.origin().to_string(), name.to_string());
    let cache = CACHE.get_or_init(Default::default);
    if let Some(cells) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Ok(cells);
    }
    let cells = Arc::new(read_cells(dataset, name)?);
    if let Ok(mut c) = cache.lock() {
        c.insert(key, cells.clone());
    }
    Ok(cells)
}

fn read_cells(dataset: &Dataset, name: &str) -> Result<Vec<Cell>> {
    let frame = dataset.frame();
    let column = frame
        .column(name)
        .map_err(|e| Error::polars(format!("dataset `{}`", dataset.id()), e))?;
    (0..frame.height())
        .map(|i| {
            let v = column.get(i).map_err(|e| {
                Error::polars(format!("dataset `{}`, column `{name}`", dataset.id()), e)
            })?;
            Ok(match v {
                AnyValue::Null => Cell::Null,
                AnyValue::Date(days) => Cell::Text(
                    chrono::NaiveDate::from_num_days_from_ce_opt(days + 719_163)
                        .map(|d| d.format("%Y-%m-%d").to_string())
                        .unwrap_or_else(|| days.to_string()),
                ),
                ref other => match other.get_str() {
                    Some(s) => Cell::Text(s.to_string()),
                    None => other
                        .extract::<f64>()
                        .map(Cell::Num)
                        .unwrap_or_else(|| Cell::Text(other.to_string())),
                },
            })
        })
        .collect()
}

fn spec<'a>(dataset: &'a Dataset, name: &str, role: &str) -> Result<&'a ColumnSpec> {
    dataset.meta().column(name).map_err(|_| {
        let names: Vec<&str> = dataset
            .meta()
            .columns
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        invalid(format!(
            "{role} column `{name}` is not a column of `{}`; columns: {}",
            dataset.id(),
            names.join(", ")
        ))
    })
}

fn scalar(value: &toml::Value, column: &ColumnSpec, dataset: &str) -> Result<Cell> {
    let wrong = |found: &str| {
        invalid(format!(
            "filter `{}` = {value} is {found}, but column `{}` of `{dataset}` holds {}",
            column.name,
            column.name,
            match column.dtype {
                DType::Int => "whole numbers",
                DType::Float => "numbers",
                DType::Str => "text (write it in quotes)",
                DType::Date => "dates (write them as \"YYYY-MM-DD\")",
            }
        ))
    };
    match (column.dtype, value) {
        (DType::Int, toml::Value::Integer(i)) => Ok(Cell::Num(*i as f64)),
        (DType::Float, toml::Value::Integer(i)) => Ok(Cell::Num(*i as f64)),
        (DType::Float, toml::Value::Float(x)) => Ok(Cell::Num(*x)),
        (DType::Str, toml::Value::String(s)) => Ok(Cell::Text(s.clone())),
        (DType::Date, toml::Value::String(s)) => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(|d| Cell::Text(d.format("%Y-%m-%d").to_string()))
            .map_err(|_| wrong("not a date")),
        (_, toml::Value::String(_)) => Err(wrong("text")),
        (_, toml::Value::Integer(_)) => Err(wrong("a whole number")),
        (_, toml::Value::Float(_)) => Err(wrong("a decimal number")),
        (_, toml::Value::Boolean(_)) => Err(wrong("a boolean")),
        (_, other) => Err(wrong(other.type_str())),
    }
}

fn pattern(value: &toml::Value, column: &ColumnSpec, dataset: &str) -> Result<Pattern> {
    match value {
        toml::Value::Array(items) => {
            ensure!(
                !items.is_empty(),
                invalid(format!(
                    "filter `{}` is an empty list: it would match no row",
                    column.name
                ))
            );
            Ok(Pattern::AnyOf(
                items
                    .iter()
                    .map(|v| scalar(v, column, dataset))
                    .collect::<Result<_, _>>()?,
            ))
        }
        toml::Value::Table(t) => {
            if let Some(k) = t.keys().find(|k| *k != "from" && *k != "to") {
                bail!(invalid(format!(
                    "filter `{}`: a range takes `from` and `to`, not `{k}`",
                    column.name
                )));
            }
            let bound = |k: &str| t.get(k).map(|v| scalar(v, column, dataset)).transpose();
            let (from, to) = (bound("from")?, bound("to")?);
            if from.is_none() && to.is_none() {
                bail!(invalid(format!(
                    "filter `{}`: a range needs `from`, `to` or both",
                    column.name
                )));
            }
            Ok(Pattern::Range(from, to))
        }
        v => Ok(Pattern::Is(scalar(v, column, dataset)?)),
    }
}

fn describe(name: &str, value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => format!("{name} = {s}"),
        toml::Value::Array(items) => {
            let parts: Vec<String> = items
                .iter()
                .map(|v| v.as_str().map(str::to_string).unwrap_or(v.to_string()))
                .collect();
            format!("{name} in [{}]", parts.join(", "))
        }
        toml::Value::Table(t) => {
            let show = |k: &str| {
                t.get(k)
                    .map(|v| v.as_str().map(str::to_string).unwrap_or(v.to_string()))
            };
            format!(
                "{name} from {} to {}",
                show("from").unwrap_or_else(|| "…".into()),
                show("to").unwrap_or_else(|| "…".into())
            )
        }
        v => format!("{name} = {v}"),
    }
}

/// Evaluates a selection. An `Err` is a defect of the claims file (unknown dataset or column,
/// wrong type, several rows where one is expected, several vintages); a figure the data do not
/// hold is an `Ok` whose `value` is an `Err` with the reason: no row matches (what was asked and
/// what the column holds, with the closest names), or the cell is empty (the publisher's reason).
///
/// When the selection pins no vintage and its rows come from several releases, `pick` chooses
/// one ([`ReleasePick`]), and the rows of the others are left out; the filter text names the
/// release and the rule. A pick no release satisfies leaves the value unavailable, with why.
pub(crate) fn evaluate(selection: &Selection, pick: ReleasePick) -> Result<Selected> {
    let dataset = load(&selection.dataset)?;
    let id = dataset.id().to_string();
    let height = dataset.frame().height();

    let mut filters: Vec<(String, toml::Value)> = selection
        .filter
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if let Some(v) = &selection.vintage {
        if selection.filter.contains_key("vintage") {
            bail!(invalid(
                "both `vintage` and `filter.vintage` are set; keep one"
            ));
        }
        filters.push(("vintage".into(), toml::Value::String(v.clone())));
    }
    let mut steps: Vec<(String, String, Pattern)> = Vec::new();
    for (name, value) in &filters {
        let column = spec(&dataset, name, "filter")?;
        steps.push((
            name.clone(),
            describe(name, value),
            pattern(value, column, &id)?,
        ));
    }
    for name in &selection.empty {
        let column = spec(&dataset, name, "`empty`")?;
        ensure!(
            column.nullable,
            invalid(format!(
                "`empty` names column `{name}` of `{id}`, which is never empty"
            ))
        );
        steps.push((name.clone(), format!("{name} empty"), Pattern::Empty));
    }
    let value_name = selection
        .column
        .clone()
        .unwrap_or_else(|| "value".to_string());
    let value_spec = spec(&dataset, &value_name, "value")?;
    if !matches!(value_spec.dtype, DType::Int | DType::Float) {
        bail!(invalid(format!(
            "column `{value_name}` of `{id}` is not numeric; choose a number column with `column = …`"
        )));
    }

    let mut candidates: Vec<usize> = (0..height).collect();
    for (name, text, pattern) in &steps {
        let cells = column_cells(&dataset, name)?;
        let kept: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&i| pattern.matches(&cells[i]))
            .collect();
        if kept.is_empty() && selection.aggregate == Aggregate::Count {
            // Counting rows: none is a count of zero, not a missing figure.
            candidates = kept;
            break;
        }
        if kept.is_empty() {
            let mut left: Vec<Cell> = candidates.iter().map(|&i| cells[i].clone()).collect();
            left.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
            left.dedup();
            let shown: Vec<String> = left
                .iter()
                .map(|c| {
                    if *c == Cell::Null {
                        "(empty)".to_string()
                    } else {
                        c.to_string()
                    }
                })
                .collect();
            let all: Vec<&str> = steps.iter().map(|(_, t, _)| t.as_str()).collect();
            let nearest = match pattern {
                Pattern::Is(Cell::Text(wanted)) => {
                    let texts = left.iter().filter_map(|c| match c {
                        Cell::Text(t) => Some(t.as_str()),
                        _ => None,
                    });
                    let near = closest(wanted, texts, 5);
                    if near.is_empty() {
                        String::new()
                    } else {
                        format!("; closest: {}", near.join("; "))
                    }
                }
                _ => String::new(),
            };
            let reason = format!(
                "no rows of `{id}` match {}: `{text}` leaves none; `{name}` has {}{}{nearest}",
                all.join(", "),
                if candidates.len() == height {
                    ""
                } else {
                    "(among the rows the other filters keep) "
                },
                ends(&shown, 8)
            );
            return Ok(Selected::missing(
                reason,
                &dataset,
                all.join(", "),
                value_name,
                selection,
            ));
        }
        candidates = kept;
    }

    if let Some(sort) = &selection.sort_by {
        spec(&dataset, sort, "`sort_by`")?;
        let cells = column_cells(&dataset, sort)?;
        candidates.sort_by(|&a, &b| {
            cells[a]
                .partial_cmp(&cells[b])
                .unwrap_or(std::cmp::Ordering::Equal)
        });
    }

    let key_cells: Vec<(String, Arc<Vec<Cell>>)> = dataset
        .meta()
        .key
        .iter()
        .map(|k| column_cells(&dataset, k).map(|c| (k.clone(), c)))
        .collect::<Result<_, _>>()?;
    let key_of = |i: usize| {
        key_cells
            .iter()
            .map(|(k, c)| format!("{k}={}", c[i]))
            .collect::<Vec<_>>()
            .join(" ")
    };

    let mut filter_text: Vec<String> = steps.iter().map(|(_, t, _)| t.clone()).collect();
    let has_vintage = dataset.meta().columns.iter().any(|c| c.name == "vintage");
    if has_vintage && !filters.iter().any(|(k, _)| k == "vintage") {
        let cells = column_cells(&dataset, "vintage")?;
        let vintages: BTreeSet<String> = candidates.iter().map(|&i| cells[i].to_string()).collect();
        if vintages.len() > 1 {
            // The rows as keys without their vintage: the release picked must hold them all.
            let unversioned = |i: usize| {
                key_cells
                    .iter()
                    .filter(|(k, _)| k != "vintage")
                    .map(|(_, c)| c[i].to_string())
                    .collect::<Vec<_>>()
            };
            let wanted: BTreeSet<Vec<String>> =
                candidates.iter().map(|&i| unversioned(i)).collect();
            let chosen = pick.choose(dataset.meta(), &vintages).and_then(|chosen| {
                let held = candidates
                    .iter()
                    .filter(|&&i| cells[i].to_string() == chosen)
                    .map(|&i| unversioned(i))
                    .collect::<BTreeSet<_>>()
                    .len();
                if held == wanted.len() {
                    Ok(chosen)
                } else {
                    Err(Gap(format!(
                        "{pick} of `{id}`, {chosen}, holds {held} of the {} rows asked for (the others are in {}); pin a `vintage` to read one release",
                        wanted.len(),
                        vintages
                            .iter()
                            .filter(|v| **v != chosen)
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(", ")
                    )))
                }
            });
            match chosen {
                Ok(chosen) => {
                    candidates.retain(|&i| cells[i].to_string() == chosen);
                    filter_text.push(format!(
                        "vintage = {chosen} ({pick}, of {})",
                        vintages.into_iter().collect::<Vec<_>>().join(", ")
                    ));
                }
                Err(Gap(reason)) => {
                    return Ok(Selected::missing(
                        reason,
                        &dataset,
                        filter_text.join(", "),
                        value_name,
                        selection,
                    ));
                }
            }
        }
    }

    let used: Vec<usize> = match selection.aggregate {
        Aggregate::Only => {
            if candidates.len() > 1 {
                let keys: Vec<String> = candidates
                    .iter()
                    .map(|&i| format!("row {} [{}]", i + 1, key_of(i)))
                    .collect();
                bail!(invalid(format!(
                    "the filter matches {} rows of `{id}`, not one: {}; narrow the filter or set `aggregate` (sum, mean, first, last, min, max, count)",
                    candidates.len(),
                    abbreviate(&keys, 6)
                )));
            }
            candidates.clone()
        }
        Aggregate::First => vec![candidates[0]],
        Aggregate::Last => vec![candidates[candidates.len() - 1]],
        _ => candidates.clone(),
    };

    let cells = column_cells(&dataset, &value_name)?;
    let values: Vec<Option<f64>> = used
        .iter()
        .map(|&i| match &cells[i] {
            Cell::Num(x) => Some(*x),
            _ => None,
        })
        .collect();
    let scale = selection.scale.unwrap_or(1.0);

    let missing_reason = |i: usize| -> String {
        dataset
            .meta()
            .checks
            .missing_reason_column
            .as_ref()
            .and_then(|c| column_cells(&dataset, c).ok())
            .map(|c| c[i].to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "no reason given".into())
    };
    let value: std::result::Result<f64, Gap> = if selection.aggregate == Aggregate::Count {
        Ok(used.len() as f64 * scale)
    } else if let Some(pos) = values.iter().position(Option::is_none) {
        let i = used[pos];
        Err(Gap(format!(
            "`{value_name}` is empty in row {} of `{id}` [{}]: {}",
            i + 1,
            key_of(i),
            missing_reason(i)
        )))
    } else {
        let xs: Vec<f64> = values.iter().flatten().copied().collect();
        let v = match selection.aggregate {
            Aggregate::Sum => xs.iter().sum(),
            Aggregate::Mean => xs.iter().sum::<f64>() / xs.len() as f64,
            Aggregate::Min => xs.iter().copied().fold(f64::INFINITY, f64::min),
            Aggregate::Max => xs.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            _ => xs[0],
        };
        Ok(v * scale)
    };

    let mut row_sources = Vec::new();
    if let Some(source_column) = &dataset.meta().checks.source_column {
        let cells = column_cells(&dataset, source_column)?;
        let ids: BTreeSet<String> = used.iter().map(|&i| cells[i].to_string()).collect();
        for sid in ids {
            match dataset.meta().source(&sid) {
                Some(s) => row_sources.push(format!("{}, {} ({})", s.producer, s.table, s.vintage)),
                None => row_sources.push(sid),
            }
        }
    }

    Ok(Selected {
        value,
        rows: RowsUsed {
            dataset: id.clone(),
            origin: dataset.origin().to_string(),
            filter: filter_text.join(", "),
            column: value_name,
            aggregate: selection.aggregate,
            scale,
            rows: used.iter().map(|i| i + 1).collect(),
            keys: used.iter().map(|&i| key_of(i)).collect(),
            values,
            row_sources,
        },
        provenance: dataset.provenance(),
    })
}
