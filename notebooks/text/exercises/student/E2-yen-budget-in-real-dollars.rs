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
// # E2 — A yen budget in real dollars
//
// **Question.** Japan's defence budget has grown in yen, and the yen has fallen against the dollar. How large was the FY2015 budget in US dollars of 2024 prices?
//
// **Data.** `defence_budget()` gives Japan's defence budget per `fiscal_year` (column `budget_jpy_bn`: JPY billions, nominal). `CurrencyRates::of("JPY")?.units_per_usd(year)` is the Federal Reserve's annual average exchange rate (yen per dollar). `deflate(value, year, DeflatorSeries::UsCpiU, base_year)` turns dollars of `year` into dollars of `base_year` prices with the US consumer price index (CPI-U).
//
// **Task.** Convert the FY2015 budget into US dollars at the 2015 average rate, then into 2024 prices with the US CPI-U. Answer in USD billions. Replace `todo_answer()` in the exercise cell with your computation.
//
// The check recognises: stopping at nominal dollars, converting at the 2024 rate, another deflator, deflating in yen, millions instead of billions.
//
// If the exercise cell shows a red error, fix that first: the check needs the cell to run. (Hand the check a `Result` without `?` and it reports the error in words.)

// %%
use tradedef::teach::*;
use tradedef::analysis::{deflate, defence::defence_budget};
let budget = defence_budget()?;
budget

// %% tags=["solution"]
// Exercise: Japan's FY2015 defence budget in USD billions of 2024 prices.
let real_usd_bn = {
    todo_answer() // your answer here: replace todo_answer() and run this cell
};

// %%
check_real_dollars(&real_usd_bn)

// %% [markdown]
// **To think about.** Convert at the 2024 rate instead and run the check again: why is that figure so different, and which one answers the question?
