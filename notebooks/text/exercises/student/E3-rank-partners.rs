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
// # E3 — Rank the partners
//
// **Question.** With which countries did the United States run its largest goods deficits in 2022?
//
// **Data.** `load("us_goods_trade_by_partner")`: one row per `year`, `partner` and `flow` (`exports`, `imports`, `balance`), the `value` in USD millions (Census basis). The column `partner_kind` is `country` or `aggregate`: regions and groups such as Asia, Europe or the European Union are aggregates and are not ranked. A year sits in several releases of the dataset (the `vintage` column: Census revises three years every June); `latest_releases` keeps each year's newest release, so each partner appears once.
//
// **Task.** Make a DataFrame of the five countries with the largest US goods deficits in 2022, largest deficit first, with two columns: `partner` and `balance_usd_bn` (USD billions, negative = US deficit). With polars: `.lazy()`, `.filter(…)`, `.sort(…)`, `.limit(5)`, `.select([…, (col("value") / lit(1000.0)).alias("balance_usd_bn")])`, `.collect()?`.
//
// The check recognises: regions in the list, another order, millions instead of billions, another year.
//
// If the exercise cell shows a red error, fix that first: the check needs the cell to run. (Hand the check a `Result` without `?` and it reports the error in words.)

// %%
use tradedef::teach::*;
let by_partner = latest_releases(&load("us_goods_trade_by_partner")?)?;
by_partner.frame().head(Some(6))

// %% tags=["solution"]
// Exercise: the top five countries by US goods deficit in 2022 (partner, balance_usd_bn).
let top5 = {
    todo_answer() // your answer here: replace todo_answer() and run this cell
};

// %%
check_partner_ranking(&top5)

// %% [markdown]
// **To think about.** Put the European Union back in: where would it rank, and why is it left out of a ranking of countries?
