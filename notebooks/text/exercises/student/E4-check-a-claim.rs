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
// # E4 — Check a claim from a news story
//
// **The claim.** Africanews, 28 April 2025, reporting SIPRI's figures for 2024: "The United States, by far the biggest spender, increased expenditure by 5.7 percent, reaching nearly a trillion dollars."
//
// **Data.** `military_spending_in("United States", &Vintage::named("sipri-milex-2025-04"))` gives the figures of SIPRI's April 2025 release, the one the story reported, by `year`: `constant_usd_millions` (US dollars of 2023 prices: real) and `current_usd_millions` (dollars of each year: nominal), among others. SIPRI states changes in real terms. (`military_spending("United States")` reads SIPRI's latest release, April 2026, which revises 2024 and counts in 2024 prices: a story is checked against the release it reported.)
//
// **Task.** Compute the change of US military spending from 2023 to 2024 in real terms, in percent (5.7 means 5.7 %). Replace `todo_answer()` in the exercise cell with your computation. Then write your verdict on the claim in the last cell.
//
// The check recognises: nominal instead of real, a fraction instead of a percent, the change of a year earlier.
//
// If the exercise cell shows a red error, fix that first: the check needs the cell to run. (Hand the check a `Result` without `?` and it reports the error in words.)

// %%
use tradedef::teach::*;
let us = military_spending_in("United States", &Vintage::named("sipri-milex-2025-04"))?;
us

// %% tags=["solution"]
// Exercise: the real change of US military spending from 2023 to 2024, percent.
let change_pct = {
    todo_answer() // your answer here: replace todo_answer() and run this cell
};

// %%
check_claim_growth(&change_pct)

// %% [markdown]
// **Your verdict.** Does the claim hold? Is "nearly a trillion dollars" right in current dollars (`current_usd_millions` for 2024)? Write two sentences here.
