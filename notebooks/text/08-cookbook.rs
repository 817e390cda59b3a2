// -*- coding: utf-8 -*-
// ---
// jupyter:
//   jupytext:
//     text_representation:
//       extension: .rs
//       format_name: percent
//       format_version: '1.3'
//       jupytext_version: 1.19.6
//   kernelspec:
//     display_name: Rust (tradedef)
//     language: rust
//     name: tradedef
// ---

// %% [markdown]
// # 08 — Cookbook: what a journalist does with the data
//
// Twenty recipes, each in the fewest honest lines: polars for the table work, `tradedef` for the
// sourced datasets, the analyses, the charts and their source lines. No `.unwrap()` (a cell
// returns the error with `?`), no conversion to vectors: charts are built from tables by naming
// columns (`line_from`, `lines_by`, `bars_from`, `columns_by`, `panels_by`, `rows_from`).
//
// **One rule for charts in a cell** (see [README](README.md#a-chart-shows-as-an-image)): when a
// cell defines a variable and ends with a chart that uses it, pass the variable borrowed
// (`&rows`), or put the chart in a `let` and end the cell with its name.

// %%
use tradedef::prelude::*;
use tradedef::analysis::deflate;

// %% [markdown]
// ## 1. Load a dataset and see where it comes from
// A `Dataset` shows as a table with the unit of each number in its header and the source line under it.
//
// A year can sit in several releases of a dataset (Census revises three years every June; the `vintage` column names each row's release). `latest_releases` keeps, for each year, the newest release holding it, so every figure below comes from one release per year; `latest_complete_year()` is the newest complete year of the trade data.

// %%
let releases = load("us_goods_trade_by_partner")?;
let trade = latest_releases(&releases)?;
let year = latest_complete_year()?;
trade

// %% [markdown]
// ## 2. Filter a partner and a year, in every release that holds it
// `lazy()` gives a polars `LazyFrame`; `collect()?` runs it.

// %%
releases.lazy()
    .filter(col("partner").eq(lit("Japan")).and(col("year").eq(lit(2022))))
    .select([col("year"), col("partner"), col("flow"), col("value"), col("vintage")])
    .collect()?

// %% [markdown]
// ## 3. Keep the units and the source through a query
// `Table::from_query` runs the same polars query but keeps the unit of each column and the
// dataset's source, so tables and charts made from it still say where the figures come from.

// %%
let japan = Table::from_query("US goods trade with Japan", &trade, |rows| {
    rows.filter(col("partner").eq(lit("Japan")).and(col("flow").eq(lit("balance"))))
        .select([col("year"), col("value")])
})?;
japan

// %% [markdown]
// ## 4. Pivot flows: one column per flow
// A conditional sum per flow, grouped by year, is a pivot.

// %%
let flows = trade.lazy()
    .filter(col("partner").eq(lit("Japan")))
    .group_by([col("year")])
    .agg([
        col("value").filter(col("flow").eq(lit("exports"))).sum().alias("exports"),
        col("value").filter(col("flow").eq(lit("imports"))).sum().alias("imports"),
        col("value").filter(col("flow").eq(lit("balance"))).sum().alias("balance"),
    ])
    .sort(["year"], SortMultipleOptions::default())
    .collect()?;
flows.tail(Some(5))

// %% [markdown]
// ## 5. Year-on-year change, percent

// %%
flows.clone().lazy()
    .with_columns([((col("imports") / col("imports").shift(lit(1)) - lit(1.0)) * lit(100.0)).alias("imports_yoy_pct")])
    .select([col("year"), col("imports"), col("imports_yoy_pct")])
    .collect()?
    .tail(Some(5))

// %% [markdown]
// ## 6. Rank partners by the US deficit in a year
// Countries only (`partner_kind = country`: aggregates such as "World" or "Asia" overlap them).

// %%
let deficits = trade.lazy()
    .filter(col("year").eq(lit(year)).and(col("flow").eq(lit("balance"))).and(col("partner_kind").eq(lit("country"))))
    .sort(["value"], SortMultipleOptions::default())
    .with_row_index("rank", Some(1))
    .select([col("rank"), col("partner"), col("value")]);
deficits.clone().limit(10).collect()?

// %% [markdown]
// ## 7. One partner's rank, from the library (shown as a table with its basis and source)

// %%
deficit_rank("Japan", year)

// %% [markdown]
// ## 8. Share of a total, percent

// %%
deficits.clone()
    .filter(col("value").lt(lit(0.0)))
    .with_columns([(col("value") / col("value").sum() * lit(100.0)).alias("share_of_deficits_pct")])
    .limit(5)
    .collect()?

// %% [markdown]
// ## 9. Join two datasets on the year
// The goods balance with Japan beside the yen's average rate that year.

// %%
let yen = load("usd_jpy_annual")?;
let balance_and_yen = japan.frame().clone().lazy()
    .join(yen.lazy().select([col("year"), col("jpy_per_usd")]), [col("year")], [col("year")], JoinArgs::new(JoinType::Inner))
    .collect()?;
balance_and_yen.tail(Some(5))

// %% [markdown]
// ## 10. Convert a currency
// A column: Japan's defence budget (JPY billions) in USD billions at each year's average rate.
// A single figure: `yen_to_usd`, or `CurrencyRates` for any currency with a Fed G.5A rate.

// %%
let budget = load("japan_defense_budget")?;
budget.lazy()
    .filter(col("measure").eq(lit("excl_saco_realignment")))
    .join(yen.lazy(), [col("fiscal_year")], [col("year")], JoinArgs::new(JoinType::Inner))
    .select([col("fiscal_year"), col("value").alias("jpy_bn"), col("jpy_per_usd"), (col("value") / col("jpy_per_usd")).alias("usd_bn")])
    .collect()?
    .tail(Some(5))

// %%
println!("¥1 trillion in 2024: ${:.2} billion", CurrencyRates::of("JPY")?.to_usd(1e12, 2024)? / 1e9);
println!("₩1 trillion in 2024: ${:.2} billion", CurrencyRates::of("KRW")?.to_usd(1e12, 2024)? / 1e9);

// %% [markdown]
// ## 11. Deflate: nominal dollars at another year's prices
// A single figure with `deflate`; a whole column by joining the deflator's table.

// %%
println!("$100 of 1985 at 2022 prices (US CPI-U): ${:.0}", deflate(100.0, 1985, DeflatorSeries::UsCpiU, 2022)?);
let cpi = Deflator::load(DeflatorSeries::UsCpiU, 2022)?.table()?;
japan.frame().clone().lazy()
    .join(cpi.frame().clone().lazy(), [col("year")], [col("year")], JoinArgs::new(JoinType::Inner))
    .with_columns([(col("value") / col("index") * lit(100.0)).alias("value_2022_prices")])
    .collect()?
    .head(Some(5))

// %% [markdown]
// ## 12. Index to a base year (2015 = 100)

// %%
flows.clone().lazy()
    .with_columns([(col("imports") / col("imports").filter(col("year").eq(lit(2015))).first() * lit(100.0)).alias("imports_index")])
    .select([col("year"), col("imports"), col("imports_index")])
    .collect()?
    .tail(Some(5))

// %% [markdown]
// ## 13. Chart a table
// Name the columns; the unit of `value` becomes the axis label and the table's source the source line.

// %%
LineChart::new("US goods balance with Japan")
    .subtitle("Calendar years, USD millions; negative = US deficit")
    .line_from(&japan, "year", "value")?
    .y_format(ValueFormat::usd_millions())

// %% [markdown]
// ## 14. Several partners on one chart (a long table, one line per partner)

// %%
let partners = Table::from_query("US goods balance, four partners", &trade, |rows| {
    rows.filter(col("flow").eq(lit("balance")).and(col("partner").eq(lit("Japan")).or(col("partner").eq(lit("Mexico"))).or(col("partner").eq(lit("Germany"))).or(col("partner").eq(lit("Korea, South")))))
})?;
LineChart::new("US goods balance with four partners")
    .lines_by(&partners, "year", "value", "partner")?
    .y_format(ValueFormat::usd_millions())

// %% [markdown]
// ## 15. Add an annotation

// %%
LineChart::new("US goods balance with Japan")
    .line_from(&japan, "year", "value")?
    .y_format(ValueFormat::usd_millions())
    .annotate(2009.0, "Global financial crisis")
    .note("Annotations mark events; the figures come from the table.")

// %% [markdown]
// ## 16. A bar chart of the ten largest deficits in a year, from a filtered frame
// A bare DataFrame has no metadata: give the unit and the source yourself.

// %%
let top10 = deficits.clone().limit(10).collect()?;
BarChart::new(format!("The ten largest US goods deficits, {year}"))
    .bars_from(&top10, "partner", "value")?
    .value_format(ValueFormat::usd_millions())
    .value_label("USD millions")
    .source(&trade.provenance())

// %% [markdown]
// ## 17. Exports and imports side by side (a column chart from a long table)

// %%
let recent = Table::from_query(format!("US goods trade with Japan, {}–{year}", year - 4), &trade, |rows| {
    rows.filter(col("partner").eq(lit("Japan")).and(col("year").gt_eq(lit(year - 4))).and(col("flow").neq(lit("balance"))))
})?;
ColumnChart::new("US goods trade with Japan")
    .columns_by(&recent, "year", "value", "flow")?
    .y_format(ValueFormat::usd_millions())

// %% [markdown]
// ## 18. Small multiples: one panel per partner

// %%
SmallMultiples::new("US goods balance, four partners")
    .panels_by(&partners, "year", "value", "partner")?
    .y_format(ValueFormat::usd_millions())
    .columns(2)

// %% [markdown]
// ## 19. Export a CSV for the graphics desk, with its source line
// The CSV holds the figures as stored; the source line travels in a second file.

// %%
let folder = std::env::temp_dir().join("tradedef-cookbook");
std::fs::create_dir_all(&folder)?;
std::fs::write(folder.join("us-japan-balance.csv"), japan.to_csv())?;
std::fs::write(folder.join("us-japan-balance.source.txt"), format!("Source: {}\n", japan.source_line()))?;
println!("{}", japan.to_csv().lines().take(3).collect::<Vec<_>>().join("\n"));

// %% [markdown]
// ## 20. Save a chart as PNG and SVG for the web

// %%
let chart = LineChart::new("US goods balance with Japan").line_from(&japan, "year", "value")?;
chart.save_png(folder.join("us-japan-balance.png"))?;
chart.save_svg(folder.join("us-japan-balance.svg"))?;
println!("saved {} bytes of PNG", std::fs::metadata(folder.join("us-japan-balance.png"))?.len());

// %% [markdown]
// ## 21. Check one claim of a story
// The claims ledger measures the claim under each definition it lists and gives a verdict.

// %%
let verdicts = Ledger::embedded("japan-dilemma-2025")?.check()?;
verdicts.get("us-global-deficit-2024")?

// %% [markdown]
// ---
// ## A notebook written from the README and this cookbook only
//
// Three things a reader asked for: a partner's balance chart, a top-10 bar chart from a filtered
// frame, and a rank shown as a table.

// %%
let korea = Table::from_query("US goods balance with South Korea", &trade, |rows| {
    rows.filter(col("partner").eq(lit("Korea, South")).and(col("flow").eq(lit("balance"))))
})?;
LineChart::new("US goods balance with South Korea")
    .line_from(&korea, "year", "value")?
    .y_format(ValueFormat::usd_millions())

// %%
let surpluses = trade.lazy()
    .filter(col("year").eq(lit(year)).and(col("flow").eq(lit("balance"))).and(col("partner_kind").eq(lit("country"))))
    .sort(["value"], SortMultipleOptions::default().with_order_descending(true))
    .limit(10)
    .collect()?;
BarChart::new(format!("The ten largest US goods surpluses, {year}"))
    .bars_from(&surpluses, "partner", "value")?
    .value_format(ValueFormat::usd_millions())
    .source(&trade.provenance())

// %%
deficit_rank("Korea, South", year)
