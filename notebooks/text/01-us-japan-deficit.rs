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
// # 01 — The US goods deficit with Japan, 1985–2025
//
// **Question.** How large is the US goods deficit with Japan, how has it moved since 1985, and where does Japan rank among the countries the US runs goods deficits with?
//
// The story under check (*Defense or Defiance? Japan's Dilemma as Trump Demands Trade Concessions*, February 2025) speaks of "the $68 billion U.S. trade deficit" with Japan. This notebook rebuilds the series from the Census Bureau's figures and places Japan among US trading partners. Every number below is computed in a cell; none is typed in.
//
// **Inputs:** `us_japan_goods_trade`, `us_goods_balance_top_partners` (2024 ranking), `us_goods_trade_by_partner` (2022, every country). **Outputs:** the balance chart and table, the revision table, the two partner rankings, findings.

// %% [markdown]
// ## The data
//
// US exports to Japan, imports from Japan and the balance, as published by the Census Bureau (Foreign Trade Division). The figures come in several releases ("vintages"): the `country.xlsx` file holding January 2023 for 1985–2022, and the Census country page for 2023–2025. The table shows the dataset's rows (first and last ten); the source line under it names producer, table and vintage.

// %%
use tradedef::prelude::*;
use tradedef::study::japan_2025::*;
load("us_japan_goods_trade")?

// %% [markdown]
// ## Exports, imports and the balance
//
// `balance_chart()` takes, for each year, the figure of the latest vintage that covers it and computes balance = exports − imports. It is the same chart the `tradedef report` draws.

// %%
balance_chart()?

// %% [markdown]
// The numbers behind the chart, in USD millions (the vintage column says which release each year comes from):

// %%
balance_table()?

// %% [markdown]
// ## Which release?
//
// The Census Bureau revises past years every June, so "the 2024 deficit" depends on the release one reads. `compare_partner_vintages("Japan", "balance")` lists every release of each year's balance next to the latest one; the last rows show the revisions of 2023–2025.

// %%
compare_partner_vintages("Japan", "balance")?

// %% [markdown]
// ## Key figures
//
// Read from the table by year and column (a small function, so no figure is copied by hand). Deficits are shown as positive numbers.

// %%
fn deficit_bn(year: i64) -> Result<f64> {
    Ok(-balance_table()?.value_at("year", year, "balance_usd_mn")? / 1e3)
}
let (first_year, last_year, peak_year, peak_deficit_bn, deficit_years, years) = {
    let t = balance_table()?;
    let rows: Vec<(i64, f64)> = t
        .ints("year")?
        .into_iter()
        .zip(t.floats("balance_usd_mn")?)
        .filter_map(|(y, b)| Some((y?, -b? / 1e3)))
        .collect();
    let peak = rows.iter().copied().fold((0, f64::NEG_INFINITY), |best, row| if row.1 > best.1 { row } else { best });
    let deficit_years = rows.iter().filter(|row| row.1 > 0.0).count();
    (rows[0].0, rows[rows.len() - 1].0, peak.0, peak.1, deficit_years, rows.len())
};
println!("US goods deficit with Japan: {first_year} ${:.1}bn, 2024 ${:.1}bn, {last_year} ${:.1}bn.", deficit_bn(first_year)?, deficit_bn(2024)?, deficit_bn(last_year)?);
println!("Largest deficit of the series: ${peak_deficit_bn:.1}bn in {peak_year}. Years with a US deficit: {deficit_years} of {years}.");

// %% [markdown]
// ## Japan among US deficit partners, 2024
//
// For 2024 the project holds the Census Bureau's list of the largest US goods-deficit partners (the 5 February 2025 release, as reported), not every country, so Japan is ranked among those partners. The share is Japan's balance over the total US goods balance. Japan is highlighted.

// %%
partner_ranking_chart(2024)?

// %%
partner_ranking_table(2024)?

// %%
let rank_2024 = deficit_rank("Japan", 2024)?;
println!(
    "{}: Japan ranks {} of {} partners listed, balance {:.1} USD billions, {:.1}% of the US goods balance ({:.1} USD billions).",
    rank_2024.year, rank_2024.row.rank, rank_2024.of, rank_2024.row.balance_usd_bn, rank_2024.row.share_pct, rank_2024.total_usd_bn
);
println!("Basis: {}", rank_2024.basis);

// %% [markdown]
// ## 2022: every country
//
// The Census country file covers every country through 2022, so for that year Japan can be ranked among all of them. The chart shows the ten largest US deficits and the five largest surpluses.

// %%
partner_balances_chart(2022)?

// %%
let rank_2022 = deficit_rank("Japan", 2022)?;
println!(
    "{}: Japan ranks {} of {} countries, balance {:.1} USD billions, {:.1}% of the US goods balance ({:.1} USD billions).",
    rank_2022.year, rank_2022.row.rank, rank_2022.of, rank_2022.row.balance_usd_bn, rank_2022.row.share_pct, rank_2022.total_usd_bn
);
println!("Basis: {}", rank_2022.basis);

// %% [markdown]
// ## Findings
//
// Built from the values computed above:

// %%
println!("1. In 2024 the US bought ${:.1}bn more goods from Japan than it sold there (Census basis, latest release); in {last_year} the gap was ${:.1}bn.", deficit_bn(2024)?, deficit_bn(last_year)?);
println!("2. The deficit was ${:.1}bn in {first_year} and peaked at ${peak_deficit_bn:.1}bn in {peak_year}; the US ran a goods deficit with Japan in {deficit_years} of the {years} years.", deficit_bn(first_year)?);
println!("3. In 2024 Japan ranked {} among the {} largest US deficit partners, with {:.1}% of the US goods deficit.", rank_2024.row.rank, rank_2024.of, rank_2024.row.share_pct);
println!("4. Among all {} countries in the 2022 Census file, Japan ranked {} with {:.1}% of the deficit.", rank_2022.of, rank_2022.row.rank, rank_2022.row.share_pct);
