//! The rules of a dataset's metadata, checked on the typed columns as one polars plan.
//!
//! The reader (`table.rs`) turns the CSV into typed columns and stops at the first cell that is
//! not of its column's type. Everything the metadata says about the values is checked here, on
//! whole columns: an empty number needs a reason, numbers stay within `min`/`max`, text is one of
//! the `allowed` values, source ids are declared, the key is unique, and balances equal exports
//! minus imports. Each rule yields the first row that breaks it; the error reported is the one a
//! reader going row by row, column by column would meet first (within a row: the cells in column
//! order, then the row's source id, then its key). The balance rule needs whole groups of rows
//! and comes after all of them. Only the faulty row is read again, for its text.

use polars::prelude::*;

use super::metadata::{BalanceCheck, DType, DatasetMeta};
use crate::{Error, Location, Result};

/// The 1-based data row of each record (the header is row 0).
const ROW: &str = "__row";

/// Where in a row a rule looks: a cell (by column), the row's source id, or the row's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    Cell(usize),
    Source,
    Key,
}

/// What a broken rule says about its cell.
#[derive(Debug, Clone, Copy)]
enum Broken {
    EmptyWithoutReason,
    Below(f64),
    Above(f64),
    NotAllowed,
    UndeclaredSource,
}

/// One rule on whole columns: the rows where `bad` is true break it.
struct Rule {
    place: Place,
    broken: Broken,
    bad: Expr,
}

/// The rules of `meta` on its typed columns (the names of `meta.columns`).
fn rules(meta: &DatasetMeta) -> Vec<Rule> {
    let reason = meta.checks.missing_reason_column.as_deref();
    let mut rules = Vec::new();
    for (j, spec) in meta.columns.iter().enumerate() {
        let value = col(spec.name.as_str());
        let number = matches!(spec.dtype, DType::Int | DType::Float);
        if let Some(reason) = reason
            && number
            && spec.nullable
            && spec.empty_means.is_none()
        {
            rules.push(Rule {
                place: Place::Cell(j),
                broken: Broken::EmptyWithoutReason,
                bad: value.clone().is_null().and(col(reason).is_null()),
            });
        }
        if number {
            let as_float = value.clone().cast(DataType::Float64);
            if let Some(lo) = spec.min {
                rules.push(Rule {
                    place: Place::Cell(j),
                    broken: Broken::Below(lo),
                    bad: as_float.clone().lt(lit(lo)),
                });
            }
            if let Some(hi) = spec.max {
                rules.push(Rule {
                    place: Place::Cell(j),
                    broken: Broken::Above(hi),
                    bad: as_float.gt(lit(hi)),
                });
            }
        }
        if let (DType::Str, Some(allowed)) = (spec.dtype, &spec.allowed) {
            rules.push(Rule {
                place: Place::Cell(j),
                broken: Broken::NotAllowed,
                bad: not_one_of(value, allowed.iter().map(String::as_str)),
            });
        }
    }
    if let Some(source) = &meta.checks.source_column {
        rules.push(Rule {
            place: Place::Source,
            broken: Broken::UndeclaredSource,
            bad: not_one_of(
                col(source.as_str()),
                meta.sources.iter().map(|s| s.id.as_str()),
            ),
        });
    }
    rules
}

/// True where a text cell is filled and not one of `values`.
fn not_one_of<'a>(value: Expr, values: impl Iterator<Item = &'a str>) -> Expr {
    let values = Series::new(PlSmallStr::EMPTY, values.collect::<Vec<_>>());
    value
        .clone()
        .is_not_null()
        .and(value.is_in(lit(values).implode(false), false).not())
}

/// Checks `frame` (the typed columns of `file`, rows in file order) against every rule of `meta`
/// but the balance, returning the first broken rule as an error. `text` is the file's CSV text,
/// read again only to quote the faulty row.
pub(crate) fn check_rows(
    frame: &DataFrame,
    meta: &DatasetMeta,
    file: &str,
    text: &str,
) -> Result<()> {
    let err = |e| Error::polars(format!("checking the rules of {file}"), e);
    if frame.height() == 0 {
        return Ok(());
    }
    let rules = rules(meta);
    let firsts: Vec<Expr> = rules
        .iter()
        .enumerate()
        .map(|(i, r)| {
            col(ROW)
                .filter(r.bad.clone().fill_null(lit(false)))
                .min()
                .alias(format!("r{i}"))
        })
        .collect();
    let numbered = frame.clone().lazy().with_row_index(ROW, Some(1));
    let mut faults: Vec<(usize, Place, usize)> = Vec::new();
    if !firsts.is_empty() {
        let found = numbered.clone().select(firsts).collect().map_err(err)?;
        for (i, rule) in rules.iter().enumerate() {
            if let Some(row) = first_row(&found, &format!("r{i}")).map_err(err)? {
                faults.push((row, rule.place, i));
            }
        }
    }
    let duplicate = first_duplicate(numbered, meta).map_err(err)?;
    if let Some((row, _)) = duplicate {
        faults.push((row, Place::Key, usize::MAX));
    }
    let Some(&(row, place, i)) = faults.iter().min() else {
        return Ok(());
    };
    let record = record_at(text, row, file)?;
    let cell = |j: usize| record.get(j).unwrap_or("").to_string();
    if place == Place::Key {
        let first = duplicate.map_or(row, |(_, first)| first);
        let shown: Vec<String> = meta
            .key
            .iter()
            .map(|k| {
                let j = meta.columns.iter().position(|c| &c.name == k);
                format!("{k}={}", j.map(cell).unwrap_or_default())
            })
            .collect();
        return Err(Error::invalid(
            Location::file(file).row(row).column(meta.key.join(", ")),
            format!(
                "duplicate key ({}) first seen at row {first}",
                shown.join(", ")
            ),
        ));
    }
    let Some(rule) = rules.get(i) else {
        return Ok(());
    };
    let j = match rule.place {
        Place::Cell(j) => j,
        _ => meta
            .checks
            .source_column
            .as_ref()
            .and_then(|s| meta.columns.iter().position(|c| &c.name == s))
            .unwrap_or_default(),
    };
    let spec = &meta.columns[j];
    let at = Location::file(file)
        .row(row)
        .column(spec.name.clone())
        .value(cell(j));
    let message = match rule.broken {
        Broken::EmptyWithoutReason => format!(
            "empty number without a reason: say why it is missing in column `{}`",
            meta.checks
                .missing_reason_column
                .as_deref()
                .unwrap_or_default()
        ),
        Broken::Below(lo) => format!("implausible value: below the minimum {lo}"),
        Broken::Above(hi) => format!("implausible value: above the maximum {hi}"),
        Broken::NotAllowed => format!(
            "{}: expected one of [{}]",
            if spec.name == "unit" {
                "wrong unit"
            } else {
                "value not allowed"
            },
            spec.allowed.as_deref().unwrap_or_default().join(", ")
        ),
        Broken::UndeclaredSource => format!(
            "source id not declared in the sidecar's [[sources]]: declared are [{}]",
            meta.sources
                .iter()
                .map(|s| s.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Err(Error::invalid(at, message))
}

/// The key columns but `leave_out`, as expressions that compare by value (a float's `-0.0` and
/// `0.0` are one key).
fn key_values(meta: &DatasetMeta, leave_out: Option<&str>) -> Vec<Expr> {
    meta.key
        .iter()
        .filter(|k| Some(k.as_str()) != leave_out)
        .filter_map(|k| meta.columns.iter().find(|c| &c.name == k))
        .map(|c| match c.dtype {
            DType::Float => (col(c.name.as_str()) + lit(0.0)).alias(c.name.as_str()),
            _ => col(c.name.as_str()),
        })
        .collect()
}

/// The first row whose key was seen before, and the row where it was first seen.
fn first_duplicate(
    numbered: LazyFrame,
    meta: &DatasetMeta,
) -> PolarsResult<Option<(usize, usize)>> {
    let keys = key_values(meta, None);
    if keys.is_empty() {
        return Ok(None);
    }
    let names: Vec<Expr> = meta.key.iter().map(|k| col(k.as_str())).collect();
    // the cheap pass: each key's first row and how many rows share it
    let repeated = numbered
        .clone()
        .select(
            [col(ROW)]
                .into_iter()
                .chain(keys.clone())
                .collect::<Vec<_>>(),
        )
        .group_by(names.clone())
        .agg([col(ROW).min().alias("first"), len().alias("rows")])
        .filter(col("rows").gt(lit(1)));
    // only when a key repeats: its rows after the first
    let found = numbered
        .select([col(ROW)].into_iter().chain(keys).collect::<Vec<_>>())
        .join(
            repeated,
            names.clone(),
            names,
            // an empty key cell is a value of its own, as in the group_by
            JoinArgs {
                nulls_equal: true,
                ..JoinArgs::new(JoinType::Inner)
            },
        )
        .filter(col(ROW).neq(col("first")))
        .sort([ROW], Default::default())
        .limit(1)
        .select([col(ROW).alias("again"), col("first")])
        .collect()?;
    Ok(first_row(&found, "again")?.zip(first_row(&found, "first")?))
}

/// The row number in column `name` of a one-row result (`None` if the result is empty or the
/// number null).
pub(crate) fn first_row(found: &DataFrame, name: &str) -> PolarsResult<Option<usize>> {
    if found.height() == 0 {
        return Ok(None);
    }
    Ok(found
        .column(name)?
        .cast(&DataType::Int64)?
        .i64()?
        .get(0)
        .map(|r| r as usize))
}

/// The record at data row `row` (1-based) of the CSV text.
fn record_at(text: &str, row: usize, file: &str) -> Result<csv::StringRecord> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .records()
        .nth(row - 1)
        .and_then(|r| r.ok())
        .ok_or_else(|| {
            Error::invalid(
                Location::file(file).row(row),
                "row could not be read again to report its fault",
            )
        })
}

/// Checks `balance = exports - imports` in each group of rows that share their key without the
/// flow column; the first faulty balance row (in file order) is reported.
pub(crate) fn check_balance(
    frame: &DataFrame,
    meta: &DatasetMeta,
    b: &BalanceCheck,
    file: &str,
) -> Result<()> {
    let err = |e| Error::polars(format!("balance check in {file}"), e);
    let mut group = key_values(meta, Some(&b.flow_column));
    if group.is_empty() {
        group.push(lit(0).alias("__all"));
    }
    let flow = col(b.flow_column.as_str());
    let value = col(b.value_column.as_str());
    // each flow's value in a column of its own, so the group_by needs only plain aggregations
    let of = |name: &str, what: Expr| {
        when(flow.clone().eq(lit(name)))
            .then(what)
            .otherwise(lit(NULL))
            .max()
    };
    let tolerance = b.tolerance + 1e-9;
    let found = frame
        .clone()
        .lazy()
        .with_row_index(ROW, Some(1))
        .filter(flow.clone().is_not_null().and(value.clone().is_not_null()))
        .group_by(group)
        .agg([
            of(&b.exports, value.clone()).alias("x"),
            of(&b.imports, value.clone()).alias("m"),
            of(&b.balance, value).alias("b"),
            of(&b.balance, col(ROW)).alias("row"),
        ])
        .with_column((col("x") - col("m") - col("b")).alias("off"))
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

#[cfg(test)]
mod tests {
    use crate::data::entry;
    use crate::data::table::{Checksum, read_csv};

    const HEADER: &str = "year,month,flow,value,unit,vintage,source,missing\n";
    const SOURCE: &str = "census-country-xlsx-2023-01";

    /// A row of the US–Japan trade dataset (annual when `month` is empty).
    fn row(year: u32, month: &str, flow: &str, value: &str) -> String {
        format!("{year},{month},{flow},{value},USD millions,v1,{SOURCE},\n")
    }

    /// Reads `rows` as the US–Japan trade dataset and checks that it fails at data row `row`
    /// with a message that says `says`.
    fn assert_fault(rows: &[String], row: usize, says: &str) {
        let meta = &entry(crate::data::ids::US_JAPAN_GOODS_TRADE)
            .expect("catalog")
            .meta;
        let text = format!("{HEADER}{}", rows.concat());
        match read_csv(text.as_bytes(), "t.csv", meta, Checksum::Skip) {
            Ok(f) => panic!("accepted {} rows; expected row {row}: {says}", f.height()),
            Err(e) => {
                let e = e.to_string();
                assert!(e.contains(&format!("row {row}")) && e.contains(says), "{e}");
            }
        }
    }

    #[test]
    fn a_good_table_is_read_with_its_rows_in_order() {
        let meta = &entry(crate::data::ids::US_JAPAN_GOODS_TRADE)
            .expect("catalog")
            .meta;
        let rows = [
            row(1990, "", "exports", "10.0"),
            row(1990, "", "imports", "4.0"),
            row(1990, "", "balance", "6.0"),
            row(1990, "1", "exports", "1.0"),
        ];
        let text = format!("{HEADER}{}", rows.concat());
        let frame = read_csv(text.as_bytes(), "t.csv", meta, Checksum::Skip).expect("valid");
        assert_eq!(frame.height(), 4);
    }

    #[test]
    fn a_rule_broken_in_an_earlier_row_comes_before_an_unreadable_cell() {
        let later_unreadable = row(1991, "1", "exports", "one");
        assert_fault(
            &[row(1990, "13", "exports", "1.0"), later_unreadable.clone()],
            1,
            "above the maximum 12",
        );
        assert_fault(
            &[row(1990, "1", "exports", "1.0"), later_unreadable],
            2,
            "text in a number",
        );
    }

    #[test]
    fn within_a_row_cells_come_in_column_order_then_the_source_then_the_key() {
        let first = row(1990, "1", "exports", "1.0");
        let foreign = first.replace(SOURCE, "nowhere");
        let sideways = foreign.replace("exports", "sideways");
        assert_fault(&[first.clone(), sideways], 2, "value not allowed");
        assert_fault(&[first, foreign], 2, "source id not declared");
    }

    #[test]
    fn an_empty_key_cell_is_a_value_that_can_repeat() {
        let rows = [
            row(1990, "", "exports", "1.0"),
            row(1990, "2", "exports", "1.0"),
            row(1990, "", "exports", "2.0"),
        ];
        let says =
            "duplicate key (year=1990, month=, flow=exports, vintage=v1) first seen at row 1";
        assert_fault(&rows, 3, says);
    }

    #[test]
    fn the_first_faulty_balance_in_the_file_is_reported() {
        let mut rows = Vec::new();
        for (year, balance) in [(1995, "5.0"), (1990, "6.0"), (1991, "5.0")] {
            rows.push(row(year, "", "exports", "10.0"));
            rows.push(row(year, "", "imports", "4.0"));
            rows.push(row(year, "", "balance", balance));
        }
        assert_fault(&rows, 3, "balance is not exports minus imports");
    }
}
