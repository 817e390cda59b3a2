// -*- coding: utf-8 -*-
// ---
// jupyter:
//   jupytext:
//     cell_metadata_filter: tags,-all
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
// # E5 — A chart with a source line
//
// **Question.** How has the US goods balance with Japan moved since 1985? Show it in a chart a newsroom could publish: every chart names its source.
//
// **Data.** `bilateral_balance("Japan")`: `year` and `balance_usd_mn` (USD millions, nominal, the latest vintage covering each year); `.ints("year")?` and `.floats("balance_usd_mn")?` give the columns as vectors (a missing value is `None`); `.provenance()` is where the figures come from.
//
// **Task.** Draw a line chart of the balance in USD billions, one point per year with a figure (leave out years without one), with a title and the source line of the data: `LineChart::new("…").series("balance", points).source(balance.provenance())`. Replace `todo_answer()` in the exercise cell with your chart.
//
// The check recognises: no source line, a source typed by hand, millions instead of billions, the sign, missing years.
//
// If the exercise cell shows a red error, fix that first: the check needs the cell to run. (Hand the check a `Result` without `?` and it reports the error in words.)

// %%
use tradedef::teach::*;
let balance = bilateral_balance("Japan")?;

// %% tags=["solution"]
// Exercise: a line chart of the US goods balance with Japan, USD billions, with its source line.
let chart = {
    todo_answer() // your answer here: replace todo_answer() and run this cell
};

// %%
check_source_chart(&chart)

// %%
chart
