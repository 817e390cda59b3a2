//! Analyses of product-level trade ([`crate::data::products`]): each function takes the
//! LazyFrame of [`ProductTrade::scan`](crate::data::products::ProductTrade::scan) (filtered as
//! the caller likes) and returns a LazyFrame plan; [`collect`] runs a plan with polars' streaming
//! engine, so tens of millions of rows are answered without loading them.
//!
//! The data must hold one commodity level and one vintage (else values are counted twice):
//! [`one_level`] keeps one of each.
//!
//! - [`monthly_balance`], [`annual_balance`]: exports, imports and balance by partner;
//! - [`chapter_share_of_deficits`]: an HS chapter's part of each bilateral deficit;
//! - [`top_deficit_partners`]: the largest deficits of each year;
//! - [`rolling_imports`]: 12-month rolling imports of a chapter from a partner;
//! - [`top_products_behind_change`]: the commodities that moved a flow most between two periods;
//! - [`before_after`]: each chapter's flow in the months before and after a date (a tariff).
//!
//! Values are US dollars (nominal); `balance` is exports minus imports, so a deficit is negative.
//!
//! ```
//! use tradedef::analysis::products::{annual_balance, collect};
//! use tradedef::polars::prelude::*;
//!
//! let rows = df!(
//!     "year" => [2024, 2024, 2024],
//!     "month" => [1, 1, 2],
//!     "flow" => ["imports", "exports", "imports"],
//!     "cty_code" => ["5880", "5880", "5880"],
//!     "hs2" => ["87", "87", "84"],
//!     "commodity" => ["8703", "8703", "8471"],
//!     "value_usd" => [100.0, 30.0, 20.0],
//! ).unwrap();
//! let balance = collect(annual_balance(rows.lazy()), "annual balance").unwrap();
//! assert_eq!(balance.column("balance").unwrap().f64().unwrap().get(0), Some(-90.0));
//! ```

use polars::prelude::*;

use crate::data::products::{Flow, HsLevel};
use crate::{Error, Result};

/// Runs a plan with the streaming engine; `what` names the query in errors.
///
/// Without polars' hive pre-partitioning: that optimisation turns a group-by over the `year`
/// partitions into one scan and group-by per year, and polars 0.55's streaming engine runs them
/// side by side, each decoding its own row group, which raised the peak memory of a group-by
/// over every year by 30–70% at 10M rows for no gain in time. A filter on `year` still skips
/// the other years' files.
pub fn collect(plan: LazyFrame, what: &str) -> Result<DataFrame> {
    let flags = plan.get_current_optimizations() & !OptFlags::PARTITION_HIVE;
    plan.with_optimizations(flags)
        .collect_with_engine(Engine::Streaming)
        // one plan has one sink, so one frame
        .map(|r| r.unwrap_single())
        .map_err(|e| Error::polars(what.to_string(), e))
}

/// Keeps the rows of one commodity level and one vintage.
pub fn one_level(rows: LazyFrame, level: HsLevel, vintage: &str) -> LazyFrame {
    rows.filter(
        col("comm_lvl")
            .eq(lit(level.name()))
            .and(col("vintage").eq(lit(vintage))),
    )
}

/// The sum of `value` over the rows where `condition` holds (0 when none does).
///
/// Written as `when(condition).then(value).otherwise(0).sum()`, not `value.filter(condition)
/// .sum()`: polars 0.55's streaming engine lowers a filter inside an aggregation into a branch
/// of its own (the rows are copied to each branch and grouped again), which at 10M rows took
/// 2–5 times the memory of the whole query; a plain sum of an element-wise expression streams.
fn sum_where(value: Expr, condition: Expr) -> Expr {
    when(condition).then(value).otherwise(lit(0.0)).sum()
}

fn flow_sum(flow: Flow) -> Expr {
    sum_where(col("value_usd"), col("flow").eq(lit(flow.name())))
}

/// The value with the sign of the balance: exports positive, imports negative.
fn signed_value() -> Expr {
    when(col("flow").eq(lit(Flow::Exports.name())))
        .then(col("value_usd"))
        .otherwise(-col("value_usd"))
}

fn balance_by(rows: LazyFrame, keys: &[&str]) -> LazyFrame {
    rows.group_by(keys.iter().map(|k| col(*k)).collect::<Vec<_>>())
        .agg([
            flow_sum(Flow::Exports).alias("exports"),
            flow_sum(Flow::Imports).alias("imports"),
        ])
        .with_column((col("exports") - col("imports")).alias("balance"))
        .sort(keys.to_vec(), SortMultipleOptions::default())
}

/// Exports, imports and balance by partner and month: `year`, `month`, `cty_code`, `exports`,
/// `imports`, `balance`.
pub fn monthly_balance(rows: LazyFrame) -> LazyFrame {
    balance_by(rows, &["cty_code", "year", "month"])
}

/// Exports, imports and balance by partner and year: `year`, `cty_code`, `exports`, `imports`,
/// `balance`.
pub fn annual_balance(rows: LazyFrame) -> LazyFrame {
    balance_by(rows, &["year", "cty_code"])
}

/// For each year and partner with a deficit, HS chapter `chapter`'s balance and its share of
/// the deficit: `year`, `cty_code`, `balance`, `chapter_balance`, `share_pct` (positive when the
/// chapter is in deficit too).
///
/// ```
/// use tradedef::analysis::products::{chapter_share_of_deficits, collect};
/// use tradedef::polars::prelude::*;
/// let rows = df!(
///     "year" => [2024, 2024, 2024],
///     "flow" => ["imports", "imports", "exports"],
///     "cty_code" => ["5880", "5880", "5880"],
///     "hs2" => ["87", "84", "87"],
///     "value_usd" => [80.0, 40.0, 20.0],
/// ).unwrap();
/// let t = collect(chapter_share_of_deficits(rows.lazy(), "87"), "share").unwrap();
/// // deficit 100, of which chapter 87 is 60
/// assert_eq!(t.column("share_pct").unwrap().f64().unwrap().get(0), Some(60.0));
/// ```
pub fn chapter_share_of_deficits(rows: LazyFrame, chapter: &str) -> LazyFrame {
    rows.group_by([col("year"), col("cty_code")])
        .agg([
            signed_value().sum().alias("balance"),
            sum_where(signed_value(), col("hs2").eq(lit(chapter))).alias("chapter_balance"),
        ])
        .filter(col("balance").lt(lit(0.0)))
        .with_column((col("chapter_balance") / col("balance") * lit(100.0)).alias("share_pct"))
        .sort(["year", "cty_code"], SortMultipleOptions::default())
}

/// The `n` partners with the largest deficits of each year, largest first: `year`, `cty_code`,
/// `balance` (ties in code order).
pub fn top_deficit_partners(rows: LazyFrame, n: usize) -> LazyFrame {
    rows.group_by([col("year"), col("cty_code")])
        .agg([signed_value().sum().alias("balance")])
        .filter(col("balance").lt(lit(0.0)))
        .sort(
            ["year", "balance", "cty_code"],
            SortMultipleOptions::default(),
        )
        .group_by_stable([col("year")])
        .head(Some(n))
}

/// The month as one number, `year * 12 + month - 1`.
fn month_index() -> Expr {
    col("year").cast(DataType::Int64) * lit(12i64) + col("month").cast(DataType::Int64) - lit(1i64)
}

/// Monthly imports of HS chapter `chapter` from partner `cty_code` and their sum over the
/// `window` months ending with each month (months without trade count as zero): `year`,
/// `month`, `imports`, `rolling`, for each month with imports.
///
/// ```
/// use tradedef::analysis::products::{collect, rolling_imports};
/// use tradedef::polars::prelude::*;
/// let rows = df!(
///     "year" => [2023, 2023, 2024],
///     "month" => [1, 12, 1],
///     "flow" => ["imports", "imports", "imports"],
///     "cty_code" => ["5880", "5880", "5880"],
///     "hs2" => ["87", "87", "87"],
///     "value_usd" => [1.0, 2.0, 4.0],
/// ).unwrap();
/// let t = collect(rolling_imports(rows.lazy(), "87", "5880", 12), "rolling").unwrap();
/// let rolling: Vec<Option<f64>> = t.column("rolling").unwrap().f64().unwrap().iter().collect();
/// // January 2024's window is February 2023 to January 2024
/// assert_eq!(rolling, [Some(1.0), Some(3.0), Some(6.0)]);
/// ```
pub fn rolling_imports(rows: LazyFrame, chapter: &str, cty_code: &str, window: u32) -> LazyFrame {
    // One pass over the rows: the monthly totals (a few hundred rows) sorted by month, then each
    // month's window summed from the rows before it. Months are unique, so the months of a
    // window are among the `window - 1` rows before; a row counts if its month is in the window.
    // (A self-join of the monthly totals needs them twice; in polars 0.55 the `.cache()` that
    // shares them stops the filter from reaching the Parquet scan, and every row is decoded.)
    // (at most 2,400 terms: a window longer than 200 years reaches no further back in any data)
    let span = i64::from(window.clamp(1, 2400));
    let first_in_window = col("m") - lit(span - 1);
    let rolling = (0..span)
        .map(|k| {
            when(col("m").shift(lit(k)).gt_eq(first_in_window.clone()))
                .then(col("imports").shift(lit(k)))
                .otherwise(lit(0.0))
        })
        .reduce(|sum, term| sum + term)
        .unwrap_or_else(|| col("imports"));
    rows.filter(
        col("flow")
            .eq(lit(Flow::Imports.name()))
            .and(col("hs2").eq(lit(chapter)))
            .and(col("cty_code").eq(lit(cty_code))),
    )
    .group_by([col("year"), col("month")])
    .agg([col("value_usd").sum().alias("imports")])
    .with_column(month_index().alias("m"))
    .sort(["m"], SortMultipleOptions::default())
    .with_column(rolling.alias("rolling"))
    .select([col("year"), col("month"), col("imports"), col("rolling")])
}

/// A span of months, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Months {
    /// The first month, (year, month).
    pub from: (i32, i32),
    /// The last month, (year, month).
    pub to: (i32, i32),
}

impl Months {
    /// The calendar year `year`.
    pub fn year(year: i32) -> Months {
        Months {
            from: (year, 1),
            to: (year, 12),
        }
    }

    fn contains(self) -> Expr {
        let index = |(y, m): (i32, i32)| i64::from(y) * 12 + i64::from(m) - 1;
        month_index()
            .gt_eq(lit(index(self.from)))
            .and(month_index().lt_eq(lit(index(self.to))))
    }
}

/// The `n` commodities whose `flow` with partner `cty_code` changed most (in absolute dollars)
/// from `before` to `after`: `commodity`, `before`, `after`, `change`, `share_of_change_pct` (of
/// the total change of the flow with the partner), largest change first.
pub fn top_products_behind_change(
    rows: LazyFrame,
    cty_code: &str,
    flow: Flow,
    before: Months,
    after: Months,
    n: usize,
) -> LazyFrame {
    let rows = rows.filter(
        col("cty_code")
            .eq(lit(cty_code))
            .and(col("flow").eq(lit(flow.name()))),
    );
    let value_in = |m: Months| sum_where(col("value_usd"), m.contains());
    rows.filter(before.contains().or(after.contains()))
        .group_by([col("commodity")])
        .agg([
            value_in(before).alias("before"),
            value_in(after).alias("after"),
        ])
        .with_column((col("after") - col("before")).alias("change"))
        .with_column(
            (col("change") / col("change").sum() * lit(100.0)).alias("share_of_change_pct"),
        )
        .with_column(
            when(col("change").lt(lit(0.0)))
                .then(-col("change"))
                .otherwise(col("change"))
                .alias("size"),
        )
        .sort_by_exprs(
            [col("size"), col("commodity")],
            SortMultipleOptions::default().with_order_descending_multi([true, false]),
        )
        .limit(n as IdxSize)
        .drop(Selector::ByName {
            names: Arc::new([PlSmallStr::from("size")]),
            strict: true,
        })
}

/// Each HS chapter's `flow` with partner `cty_code` in the `months` months before the month of
/// a date (a tariff's effective month, not included) and the `months` months from it on:
/// `hs2`, `before`, `after`, `change`, `change_pct`, largest `before` first.
pub fn before_after(
    rows: LazyFrame,
    cty_code: &str,
    flow: Flow,
    date: (i32, i32),
    months: u32,
) -> LazyFrame {
    let start = i64::from(date.0) * 12 + i64::from(date.1) - 1;
    let span = i64::from(months);
    let m = month_index();
    let before = m
        .clone()
        .gt_eq(lit(start - span))
        .and(m.clone().lt(lit(start)));
    let after = m.clone().gt_eq(lit(start)).and(m.lt(lit(start + span)));
    rows.filter(
        col("cty_code")
            .eq(lit(cty_code))
            .and(col("flow").eq(lit(flow.name()))),
    )
    .group_by([col("hs2")])
    .agg([
        sum_where(col("value_usd"), before).alias("before"),
        sum_where(col("value_usd"), after).alias("after"),
    ])
    .with_column((col("after") - col("before")).alias("change"))
    .with_column((col("change") / col("before") * lit(100.0)).alias("change_pct"))
    .sort_by_exprs(
        [col("before"), col("hs2")],
        SortMultipleOptions::default().with_order_descending_multi([true, false]),
    )
}
