//! Building blocks of the analyses' polars plans: collecting with a clear error, the distinct
//! values of a column, and choosing a vintage per period inside a plan (crate-internal).

use std::collections::{BTreeMap, BTreeSet};

use polars::prelude::*;

use crate::analysis::Vintage;
use crate::analysis::vintage::order_key;
use crate::{Error, Result};

/// Runs a plan; errors name the computation (`what`).
pub(crate) fn collect(lf: LazyFrame, what: &str) -> Result<DataFrame> {
    lf.collect().map_err(|e| Error::polars(what, e))
}

/// The distinct non-null values of a column of a plan, cast to `dtype`, as a one-column frame.
fn distinct_values(lf: LazyFrame, column: &str, dtype: DataType, what: &str) -> Result<DataFrame> {
    collect(
        lf.select([col(column).cast(dtype)])
            .filter(col(column).is_not_null())
            .unique(None, UniqueKeepStrategy::Any),
        what,
    )
}

/// The distinct non-null values of a column of a plan, as text, sorted.
pub(crate) fn distinct(lf: LazyFrame, column: &str, what: &str) -> Result<BTreeSet<String>> {
    let f = distinct_values(lf, column, DataType::String, what)?;
    Ok(crate::analysis::table::texts(&f, what, column)?
        .into_iter()
        .flatten()
        .collect())
}

/// The rows of a plan with a `vintage_order` column added: the rank of the row's vintage among
/// the plan's vintages by [`order_key`] (0 = oldest). Rows without a vintage are dropped.
pub(crate) fn with_vintage_order(lf: LazyFrame, what: &str) -> Result<LazyFrame> {
    let mut ordered: Vec<String> = distinct(lf.clone(), "vintage", what)?.into_iter().collect();
    ordered.sort_by_key(|v| order_key(v));
    let order = df!(
        "vintage" => ordered.clone(),
        "vintage_order" => (0..ordered.len() as i64).collect::<Vec<_>>(),
    )
    .map_err(|e| Error::polars("vintage order", e))?;
    Ok(lf.join(
        order.lazy(),
        [col("vintage")],
        [col("vintage")],
        keep_order(JoinType::Inner),
    ))
}

/// Join arguments that keep the order of the left rows.
pub(crate) fn keep_order(how: JoinType) -> JoinArgs {
    let mut args = JoinArgs::new(how);
    args.maintain_order = MaintainOrderJoin::Left;
    args
}

/// Keeps the rows of the vintage `vintage` chooses within each group of `per` (every row of the
/// plan when `per` is empty): the named vintage, or the latest among the group's rows. The plan
/// must have a `vintage_order` column ([`with_vintage_order`]).
pub(crate) fn pick_vintage(lf: LazyFrame, vintage: &Vintage, per: &[&str]) -> Result<LazyFrame> {
    Ok(match vintage {
        Vintage::Named(v) => lf.filter(col("vintage").eq(lit(v.as_str()))),
        Vintage::LatestCovering => {
            let latest = col("vintage_order").max();
            let latest = if per.is_empty() {
                latest
            } else {
                over(latest, per)?
            };
            lf.filter(col("vintage_order").eq(latest))
        }
    })
}

/// A window expression: `expr` computed within each group of the columns `per`.
pub(crate) fn over(expr: Expr, per: &[&str]) -> Result<Expr> {
    expr.over(per.iter().map(|c| col(*c)).collect::<Vec<_>>())
        .map_err(|e| Error::polars(format!("window over {}", per.join(", ")), e))
}

/// Whether a text expression contains `part` as a literal substring (null stays null), with
/// the `strings` feature only: splitting on `part` gives more than one piece.
pub(crate) fn contains_text(text: Expr, part: &str) -> Expr {
    text.str().split(lit(part)).list().len().gt(lit(1))
}

/// The text expression in lower case (for case-insensitive comparisons).
pub(crate) fn lower(text: Expr) -> Expr {
    text.str().to_lowercase()
}

/// The absolute value of a numeric expression (without polars' `abs` feature).
pub(crate) fn abs(x: Expr) -> Expr {
    when(x.clone().lt(lit(0.0)))
        .then(x.clone() * lit(-1.0))
        .otherwise(x)
}

/// The distinct non-null values of an integer column of a plan, sorted.
pub(crate) fn distinct_ints(lf: LazyFrame, column: &str, what: &str) -> Result<BTreeSet<i64>> {
    let f = distinct_values(lf, column, DataType::Int64, what)?;
    Ok(crate::analysis::table::ints(&f, what, column)?
        .into_iter()
        .flatten()
        .collect())
}

/// The sum of `x` over the `window` rows up to this one (in the plan's order), null until the
/// window is full or where a value in it is missing; summed oldest first, as
/// [`rolling_sum`](crate::analysis::rolling_sum) does.
pub(crate) fn trailing_sum(x: &str, window: i64) -> Expr {
    (0..window)
        .rev()
        .map(|k| col(x).shift(lit(k)))
        .reduce(|a, b| a + b)
        .unwrap_or(lit(NULL))
}

/// A number rounded half away from zero to an `Int64` (without polars' `round_series` feature).
pub(crate) fn round_to_int(x: Expr) -> Expr {
    when(x.clone().gt_eq(lit(0.0)))
        .then((x.clone() + lit(0.5)).cast(DataType::Int64))
        .otherwise((x - lit(0.5)).cast(DataType::Int64))
}

/// `num / den` computed value by value, exactly as Rust's `/`. polars divides a column by a
/// single number (a literal or an aggregate) by multiplying with its reciprocal, which can differ
/// in the last digit; spreading `den` over the rows of `num` (`den + num × 0`, exact for the
/// finite figures of the datasets) keeps the division elementwise.
pub(crate) fn div(num: Expr, den: Expr) -> Expr {
    num.clone() / (den + num * lit(0.0))
}

/// The balance of a row of flows: exports minus imports where both are given, otherwise the
/// published balance (a partner or month for which the publisher gives only the balance).
pub(crate) fn balance_from_flows() -> Expr {
    when(
        col("exports")
            .is_not_null()
            .and(col("imports").is_not_null()),
    )
    .then(col("exports") - col("imports"))
    .otherwise(col("balance"))
    .alias("balance")
}

/// `year → (value, label)` from a plan's rows with a year, a value and a label (rows with one
/// of them missing are skipped; of two rows of a year, the last one counts).
pub(crate) fn by_year(
    lf: LazyFrame,
    [year, value, label]: [&str; 3],
    what: &str,
) -> Result<BTreeMap<i64, (f64, String)>> {
    let f = collect(lf, what)?;
    let table = crate::analysis::table::ints(&f, what, year)?
        .into_iter()
        .zip(crate::analysis::table::floats(&f, what, value)?)
        .zip(crate::analysis::table::texts(&f, what, label)?);
    Ok(table
        .filter_map(|((y, x), l)| Some((y?, (x?, l?))))
        .collect())
}

/// The non-null values of a text column of a plan, in the plan's order (for notes and messages).
pub(crate) fn texts_in_order(lf: LazyFrame, column: &str, what: &str) -> Result<Vec<String>> {
    let f = collect(lf.select([col(column)]), what)?;
    Ok(crate::analysis::table::texts(&f, what, column)?
        .into_iter()
        .flatten()
        .collect())
}
