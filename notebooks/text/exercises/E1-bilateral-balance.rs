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
// # E1 — The US goods balance with Japan, from exports and imports
//
// **Question.** In February 2025 a news story spoke of "the $68 billion U.S. trade deficit" with Japan. What is the US goods balance with Japan in 2024 in the latest release of the Census data?
//
// **Data.** `bilateral_balance("Japan")` gives, for every year, US goods exports to Japan and imports from Japan (columns `exports_usd_mn` and `imports_usd_mn`: USD millions, nominal, Census basis) from the latest release (the `vintage` column) that covers the year. `bilateral_balance("Mexico")` gives the same for any partner; `load("us_japan_goods_trade")` is the raw dataset with every vintage.
//
// **Task.** Compute the balance for 2024 as exports minus imports, in USD millions, from the latest vintage. Replace `todo_answer()` in the exercise cell with your computation and run it; the check cell after it tells you whether your answer is right.
//
// The check recognises the common mistakes: the sign (a US deficit is a negative balance), billions instead of millions, an older vintage, another year.
//
// If the exercise cell shows a red error, fix that first: the check needs the cell to run. (Hand the check a `Result` without `?` and it reports the error in words.)

// %%
use tradedef::teach::*;
let trade = bilateral_balance("Japan")?;
trade

// %% tags=["solution"]
// Exercise: the US goods balance with Japan in 2024, USD millions (negative = US deficit).
let balance_2024 = {
    // BEGIN SOLUTION
    trade.value_at("year", 2024, "exports_usd_mn")? - trade.value_at("year", 2024, "imports_usd_mn")?
    // END SOLUTION
};

// %%
check_bilateral_balance(&balance_2024)

// %% [markdown]
// **To think about.** The story's $68 billion was the first release (February 2025). Compare your figure with `compare_partner_vintages("Japan", "balance")`: how much did the revisions move it?
