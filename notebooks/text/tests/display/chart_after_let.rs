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
// # Display regression test (not a must-fail notebook)
//
// `cargo xtask display-check` runs this notebook in a fresh kernel and checks each tagged cell's output: `expect-image` → an `image/png` or `image/svg+xml` bundle and no `text/plain` Debug dump; `expect-html` → a `text/html` table; `expect-error` → a `text/plain` message starting `error:`. See `notebooks/README.md`, "A chart shows as an image".

// %%
use tradedef::prelude::*;

// %% [markdown]
// A `let` consumed by the chart in the same cell (issue #17): pass the variable borrowed.

// %% tags=["expect-image"]
let p = vec![(2020.0, 1.0), (2021.0, 2.0)];
LineChart::new("A").series("a", &p)

// %% [markdown]
// The same with the variable moved into the chart: the patched kernel keeps the image (kernel/README.md, `eval_context.rs`), where stock evcxr 0.22 showed a `Debug` dump.

// %% tags=["expect-image"]
let moved = vec![(2020.0, 1.0), (2021.0, 2.0)];
LineChart::new("A2").series("a", moved)

// %% tags=["expect-html"]
let partners = load("partners")?;
partners

// %% tags=["expect-image"]
let p = vec![(2020.0, 1.0), (2021.0, 2.0)];
let chart = LineChart::new("B").series("b", p);
chart

// %% tags=["expect-image"]
let df = df!("year" => [2020i64, 2021, 2022], "value" => [1.0, 2.0, 1.5])?;
LineChart::new("C").line_from(&df, "year", "value")?

// %% tags=["expect-image"]
let trade = load("us_goods_trade_by_partner")?;
let top = trade.lazy()
    .filter(col("year").eq(lit(2022)).and(col("flow").eq(lit("balance"))).and(col("partner_kind").eq(lit("country"))))
    .sort(["value"], SortMultipleOptions::default())
    .limit(5);
BarChart::new("D").bars_from(&top, "partner", "value")

// %% tags=["expect-html"]
deficit_rank("Japan", 2022)

// %% tags=["expect-error"]
deficit_rank("Japan", 1066)
