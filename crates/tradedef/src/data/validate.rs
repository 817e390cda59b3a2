//! The rules of a dataset's metadata, checked on whole columns.
//!
//! Polars expressions parse every column at once and find, for each rule, the first row that
//! breaks it; only the first offending cell of the file is then looked at again, to word the
//! error (file, row, column, value and what is wrong). The error is the one a reader going row by
//! row, column by column would meet first: within a row, cell rules come before the row's source
//! id, which comes before the row's key; the balance rule, which needs whole groups of rows, comes
//! after all of them.

use polars::prelude::*;

use super::metadata::{BalanceCheck, ColumnSpec, DType, DatasetMeta};
use crate::{Error, Location, Result};

/// Tokens publishers write for a missing figure. In a number column of a curated file they are an
/// error that explains to write an empty cell and the reason in the missing-reason column.
const MISSING_TOKENS: [&str; 9] = ["..", "(D)", "(X)", "(NA)", "(S)", "(Z)", "NA", "N/A", "-"];

/// The 1-based data row of each record (the header is row 0).
const ROW: &str = "__row";

/// The name of column `j`'s typed values beside its text.
fn typed_name(j: usize) -> PlSmallStr {
    format!("__typed_{j}").into()
}

/// Whether a fault was found in a row's cells, its source id or its key (in the order a reader
/// meets them within one row).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Phase {
    Cell,
    Source,
    Key,
}

/// Checks `raw` (one text column per declared column, in file order, an empty cell being the
/// empty string) against `meta`'s rules and returns the typed DataFrame: `Int64`, `Float64`,
/// `String` and `Date` columns, empty cells as nulls.
pub(crate) fn validate(raw: DataFrame, meta: &DatasetMeta, file: &str) -> Result<DataFrame> {
    let err = |e| Error::polars(format!("validating {file}"), e);
    let typed: Vec<Expr> = meta
        .columns
        .iter()
        .enumerate()
        .map(|(j, spec)| typed_value(spec).alias(typed_name(j)))
        .collect();
    let both = raw
        .lazy()
        .with_row_index(ROW, Some(1))
        .with_columns(typed)
        .collect()
        .map_err(err)?;

    let mut faults: Vec<(usize, Phase, usize)> = first_faults(&both, meta).map_err(err)?;
    if let Some(key) = first_duplicate(&both, meta).map_err(err)? {
        faults.push((key.0, Phase::Key, 0));
        faults.sort();
        if faults[0].1 == Phase::Key {
            return Err(duplicate_error(&both, meta, file, key));
        }
    }
    faults.sort();
    if let Some(&(row, phase, j)) = faults.first() {
        return Err(cell_error(&both, meta, file, row, phase, j));
    }
    if let Some(b) = &meta.checks.balance {
        check_balance(&both, meta, b, file)?;
    }
    let out: Vec<Column> = meta
        .columns
        .iter()
        .enumerate()
        .map(|(j, spec)| {
            both.column(typed_name(j).as_str())
                .map(|c| c.clone().with_name(spec.name.as_str().into()))
        })
        .collect::<PolarsResult<_>>()
        .map_err(err)?;
    DataFrame::new_infer_height(out).map_err(err)
}

/// The typed value of a text column: null where the cell is empty or does not parse.
fn typed_value(spec: &ColumnSpec) -> Expr {
    let c = col(spec.name.as_str());
    let empty = c.clone().eq(lit(""));
    let value = match spec.dtype {
        DType::Int => c.cast(DataType::Int64),
        DType::Float => c.cast(DataType::Float64) + lit(0.0), // -0.0 and 0.0 are one key
        DType::Str => c,
        DType::Date => c.str().to_date(StrptimeOptions {
            format: Some("%Y-%m-%d".into()),
            strict: false,
            exact: true,
            cache: true,
        }),
    };
    when(empty).then(lit(NULL)).otherwise(value)
}

/// Whether a cell of column `j` breaks one of its rules (spaces, emptiness, type, range,
/// allowed values), as an expression over the text and typed columns.
fn cell_fault(meta: &DatasetMeta, j: usize) -> Expr {
    let spec = &meta.columns[j];
    let text = col(spec.name.as_str());
    let value = col(typed_name(j));
    let empty = text.clone().eq(lit(""));
    let filled = empty.clone().not();
    let mut bad = text.clone().neq(text.clone().str().strip_chars(lit(NULL)));
    let number = matches!(spec.dtype, DType::Int | DType::Float);
    if !spec.nullable {
        bad = bad.or(empty.clone());
    } else if number
        && spec.empty_means.is_none()
        && let Some(reason) = &meta.checks.missing_reason_column
        && meta.columns.iter().any(|c| &c.name == reason)
    {
        let no_reason = col(reason.as_str())
            .str()
            .strip_chars(lit(NULL))
            .eq(lit(""));
        bad = bad.or(empty.clone().and(no_reason));
    }
    match spec.dtype {
        DType::Int | DType::Date => bad = bad.or(filled.and(value.clone().is_null())),
        DType::Float => {
            bad = bad.or(filled.and(value.clone().is_null().or(value.clone().is_finite().not())))
        }
        DType::Str => {
            if let Some(allowed) = &spec.allowed {
                let listed = text.is_in(lit(Series::new("".into(), allowed)).implode(false), false);
                bad = bad.or(filled.and(listed.not()));
            }
        }
    }
    if number {
        if let Some(lo) = spec.min {
            bad = bad.or(value.clone().lt(lit(lo)));
        }
        if let Some(hi) = spec.max {
            bad = bad.or(value.gt(lit(hi)));
        }
    }
    bad.fill_null(lit(false))
}

/// Whether a row's source id is not declared in the sidecar.
fn source_fault(meta: &DatasetMeta, column: &str) -> Expr {
    let ids: Vec<&str> = meta.sources.iter().map(|s| s.id.as_str()).collect();
    let text = col(column);
    let declared = text
        .clone()
        .is_in(lit(Series::new("".into(), ids)).implode(false), false);
    text.neq(lit("")).and(declared.not()).fill_null(lit(false))
}

/// The first faulty row of each cell rule and of the source rule: `(row, phase, column index)`.
fn first_faults(both: &DataFrame, meta: &DatasetMeta) -> PolarsResult<Vec<(usize, Phase, usize)>> {
    let mut rules: Vec<(Phase, usize, Expr)> = (0..meta.columns.len())
        .map(|j| (Phase::Cell, j, cell_fault(meta, j)))
        .collect();
    if let Some(s) = &meta.checks.source_column
        && let Some(j) = meta.columns.iter().position(|c| &c.name == s)
    {
        rules.push((Phase::Source, j, source_fault(meta, s)));
    }
    let firsts: Vec<Expr> = rules
        .iter()
        .enumerate()
        .map(|(i, (_, _, bad))| {
            col(ROW)
                .filter(bad.clone())
                .min()
                .cast(DataType::Int64)
                .alias(format!("rule_{i}"))
        })
        .collect();
    let found = both.clone().lazy().select(firsts).collect()?;
    let mut faults = Vec::new();
    for (i, (phase, j, _)) in rules.iter().enumerate() {
        if let Some(row) = found.column(&format!("rule_{i}"))?.i64()?.get(0) {
            faults.push((row as usize, *phase, *j));
        }
    }
    Ok(faults)
}

/// The first row whose key (typed values: `7` and `07` are one key) appeared in an earlier row,
/// and that earlier row.
fn first_duplicate(both: &DataFrame, meta: &DatasetMeta) -> PolarsResult<Option<(usize, usize)>> {
    let keys: Vec<Expr> = key_columns(meta)
        .into_iter()
        .map(|j| col(typed_name(j)))
        .collect();
    if keys.is_empty() {
        return Ok(None);
    }
    let first = both
        .clone()
        .lazy()
        .select([col(ROW), col(ROW).min().over(keys)?.alias("first")])
        .filter(col(ROW).neq(col("first")))
        .sort([ROW], Default::default())
        .limit(1)
        .collect()?;
    if first.height() == 0 {
        return Ok(None);
    }
    let row = first.column(ROW)?.cast(&DataType::Int64)?.i64()?.get(0);
    let seen = first.column("first")?.cast(&DataType::Int64)?.i64()?.get(0);
    Ok(row.zip(seen).map(|(r, f)| (r as usize, f as usize)))
}

/// The positions of the key columns among the declared columns.
fn key_columns(meta: &DatasetMeta) -> Vec<usize> {
    meta.key
        .iter()
        .filter_map(|k| meta.columns.iter().position(|c| &c.name == k))
        .collect()
}

/// The text of column `j` in data row `row` (1-based).
fn cell_text(both: &DataFrame, meta: &DatasetMeta, row: usize, j: usize) -> String {
    both.column(meta.columns[j].name.as_str())
        .ok()
        .and_then(|c| {
            c.str()
                .ok()
                .and_then(|s| s.get(row - 1).map(str::to_string))
        })
        .unwrap_or_default()
}

fn duplicate_error(
    both: &DataFrame,
    meta: &DatasetMeta,
    file: &str,
    (row, first): (usize, usize),
) -> Error {
    let shown: Vec<String> = meta
        .key
        .iter()
        .zip(key_columns(meta))
        .map(|(k, j)| format!("{k}={}", cell_text(both, meta, row, j)))
        .collect();
    Error::invalid(
        Location::file(file).row(row),
        format!(
            "duplicate key ({}) first seen at row {first}",
            shown.join(", ")
        ),
    )
}

/// The error for the faulty cell of column `j` in `row`: the rules of the column, in order, are
/// checked again on that one cell to say which failed.
fn cell_error(
    both: &DataFrame,
    meta: &DatasetMeta,
    file: &str,
    row: usize,
    phase: Phase,
    j: usize,
) -> Error {
    let spec = &meta.columns[j];
    let raw = cell_text(both, meta, row, j);
    let here = || {
        Location::file(file)
            .row(row)
            .column(spec.name.clone())
            .value(raw.as_str())
    };
    if phase == Phase::Source {
        return Error::invalid(
            here(),
            format!(
                "source id not declared in the sidecar's [[sources]]: declared are [{}]",
                meta.sources
                    .iter()
                    .map(|s| s.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
    if raw != raw.trim() {
        return Error::invalid(here(), "leading or trailing spaces");
    }
    if raw.is_empty() {
        if !spec.nullable {
            return Error::invalid(here(), "empty cell in a column that may not be empty");
        }
        return Error::invalid(
            here(),
            format!(
                "empty number without a reason: say why it is missing in column `{}`",
                meta.checks
                    .missing_reason_column
                    .as_deref()
                    .unwrap_or_default()
            ),
        );
    }
    let in_range = |x: f64| -> Option<Error> {
        if let Some(lo) = spec.min
            && x < lo
        {
            return Some(Error::invalid(
                here(),
                format!("implausible value: below the minimum {lo}"),
            ));
        }
        if let Some(hi) = spec.max
            && x > hi
        {
            return Some(Error::invalid(
                here(),
                format!("implausible value: above the maximum {hi}"),
            ));
        }
        None
    };
    match spec.dtype {
        DType::Int => match raw.parse::<i64>() {
            Err(_) => number_error(here(), &raw, "a whole number"),
            Ok(x) => {
                in_range(x as f64).unwrap_or_else(|| number_error(here(), &raw, "a whole number"))
            }
        },
        DType::Float => match raw.parse::<f64>() {
            Err(_) => number_error(here(), &raw, "a number"),
            Ok(x) if !x.is_finite() => Error::invalid(here(), "not a finite number"),
            Ok(x) => in_range(x).unwrap_or_else(|| number_error(here(), &raw, "a number")),
        },
        DType::Str => {
            let what = if spec.name == "unit" {
                "wrong unit"
            } else {
                "value not allowed"
            };
            Error::invalid(
                here(),
                format!(
                    "{what}: expected one of [{}]",
                    spec.allowed.as_deref().unwrap_or_default().join(", ")
                ),
            )
        }
        DType::Date => Error::invalid(here(), "not a date in the form YYYY-MM-DD"),
    }
}

fn number_error(location: Location, raw: &str, expected: &str) -> Error {
    if MISSING_TOKENS.contains(&raw) {
        Error::invalid(
            location,
            format!(
                "`{raw}` is a publisher's mark for a missing figure, not {expected}: write an empty cell \
                 and the reason in the missing-reason column"
            ),
        )
    } else if raw.contains(',') || raw.contains(' ') {
        Error::invalid(
            location,
            format!("text in a number: expected {expected} without thousands separators"),
        )
    } else {
        Error::invalid(location, format!("text in a number: expected {expected}"))
    }
}

/// Checks `balance = exports - imports` in each group of rows that share their key without the
/// flow column; the first row (in file order) of a balance that is off is reported.
fn check_balance(both: &DataFrame, meta: &DatasetMeta, b: &BalanceCheck, file: &str) -> Result<()> {
    let err = |e| Error::polars(format!("balance check in {file}"), e);
    let position = |name: &str| meta.columns.iter().position(|c| c.name == name);
    let (Some(f), Some(v)) = (position(&b.flow_column), position(&b.value_column)) else {
        return Ok(());
    };
    let mut group: Vec<Expr> = key_columns(meta)
        .into_iter()
        .filter(|&j| j != f)
        .map(|j| col(typed_name(j)))
        .collect();
    if group.is_empty() {
        group.push(lit(0).alias("__all"));
    }
    let flow = col(typed_name(f));
    let value = col(typed_name(v));
    let of = |name: &str| value.clone().filter(flow.clone().eq(lit(name))).last();
    let off = (col("x") - col("m") - col("b")).alias("off");
    let tolerance = b.tolerance + 1e-9;
    let found = both
        .clone()
        .lazy()
        .filter(flow.clone().is_not_null().and(value.clone().is_not_null()))
        .group_by(group)
        .agg([
            of(&b.exports).alias("x"),
            of(&b.imports).alias("m"),
            of(&b.balance).alias("b"),
            col(ROW)
                .filter(flow.eq(lit(b.balance.as_str())))
                .last()
                .alias("row"),
        ])
        .with_column(off)
        .filter(
            col("off")
                .gt(lit(tolerance))
                .or(col("off").lt(lit(-tolerance))),
        )
        .sort(["row"], Default::default())
        .limit(1)
        .collect()
        .map_err(err)?;
    if found.height() == 0 {
        return Ok(());
    }
    let get = |name: &str| -> Result<Option<f64>> {
        Ok(found
            .column(name)
            .and_then(|c| c.cast(&DataType::Float64))
            .map_err(err)?
            .f64()
            .map_err(err)?
            .get(0))
    };
    let (Some(x), Some(m), Some(bal), Some(row)) = (get("x")?, get("m")?, get("b")?, get("row")?)
    else {
        return Ok(());
    };
    let diff = (x - m - bal).abs();
    Err(Error::invalid(
        Location::file(file)
            .row(row as usize)
            .column(b.value_column.clone())
            .value(format!("{bal}")),
        format!(
            "balance is not exports minus imports: {x} - {m} = {:.3}, off by {diff:.3} (tolerance {})",
            x - m,
            b.tolerance
        ),
    ))
}
