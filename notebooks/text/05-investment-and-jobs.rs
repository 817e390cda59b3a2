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
// # 05 — Japanese investment and jobs in the US
//
// **Question.** How much have Japanese firms invested in the United States, and how many Americans work for them — and on which basis is each figure measured?
//
// The story cites a Japanese investment stock of "$675 billion" and "1.5 million U.S. workers". Investment figures come on two bases that must not be chained into one line, and the job figures count only some affiliates, so every figure below carries its basis and release.
//
// **Inputs:** `japan_investment_in_us` (BEA figures, mostly as quoted by JETRO, the State Department and others). **Outputs:** the investment chart and table, the employment rows, the latest figure on each basis, findings.

// %% [markdown]
// ## The data
//
// One row per year, measure and release. `measure` says the basis:
//
// - `fdi_position_historical_cost`: Japan's direct investment position in the US at historical cost, **by country of the foreign parent** (the classic BEA country basis; the 2017–2018 rows do not state their basis);
// - `fdi_position_ultimate_owner`: the same position **by ultimate beneficial owner** (UBO: traced to the company that ultimately owns the investor), published from 2019;
// - `affiliate_employment` and `affiliate_employment_manufacturing`: employment at **majority-owned** US affiliates of Japanese companies (BEA's statistics on multinational enterprises).
//
// The `note` column says what each row is (rounded, derived, lower bound). The table shows the first and last ten rows; the source line is under it.

// %%
use tradedef::prelude::*;
use tradedef::study::japan_2025::*;
load("japan_investment_in_us")?

// %% [markdown]
// ## The investment position
//
// The chart keeps to the historical-cost (foreign-parent) rows and leaves out years without a sourced figure instead of interpolating. The table lists the dollar rows on both bases, with the release of each.

// %%
investment_chart()?

// %%
investment_table()?

// %% [markdown]
// ## Jobs at Japanese-owned affiliates
//
// The employment rows, in thousands of employees (all industries, and manufacturing alone). Selected with a polars filter on the dataset's `unit` column:

// %%
load("japan_investment_in_us")?
    .lazy()
    .filter(col("unit").eq(lit("thousand employees")))
    .select([col("year"), col("measure"), col("value"), col("vintage"), col("note")])
    .sort(["measure", "year"], SortMultipleOptions::default())
    .collect()?

// %% [markdown]
// ## The latest figure on each basis
//
// `latest(measure)` returns the most recent year of a measure with its value and release, straight from the dataset.

// %%
fn latest(measure: &str) -> std::result::Result<(i64, f64, String), Box<dyn std::error::Error>> {
    let dataset = load("japan_investment_in_us")?;
    let frame = dataset.frame();
    let measures = frame.column("measure")?.str()?;
    let years = frame.column("year")?.i64()?;
    let values = frame.column("value")?.f64()?;
    let vintages = frame.column("vintage")?.str()?;
    (0..frame.height())
        .filter(|&i| measures.get(i) == Some(measure))
        .filter_map(|i| Some((years.get(i)?, values.get(i)?, vintages.get(i)?.to_string())))
        .max_by_key(|row| row.0)
        .ok_or_else(|| "no rows for the measure".into())
}
let historical_cost = latest("fdi_position_historical_cost")?;
let ultimate_owner = latest("fdi_position_ultimate_owner")?;
let jobs = latest("affiliate_employment")?;
let manufacturing_jobs = latest("affiliate_employment_manufacturing")?;
println!("FDI position, historical cost, foreign-parent basis: ${:.1}bn at end-{} ({})", historical_cost.1, historical_cost.0, historical_cost.2);
println!("FDI position, ultimate-beneficial-owner basis:        ${:.1}bn at end-{} ({})", ultimate_owner.1, ultimate_owner.0, ultimate_owner.2);
println!("Employment, majority-owned affiliates, all industries: {:.1} thousand in {} ({})", jobs.1, jobs.0, jobs.2);
println!("Employment, majority-owned affiliates, manufacturing:  {:.1} thousand in {} ({})", manufacturing_jobs.1, manufacturing_jobs.0, manufacturing_jobs.2);

// %% [markdown]
// ## Findings
//
// Built from the values computed above; each sentence states its basis:

// %%
println!(
    "1. Japan's direct investment position in the US was ${:.1}bn at the end of {} on the historical-cost, foreign-parent basis ({}), and ${:.1}bn at the end of {} by ultimate beneficial owner ({}). The two bases differ and are not chained.",
    historical_cost.1, historical_cost.0, historical_cost.2, ultimate_owner.1, ultimate_owner.0, ultimate_owner.2
);
println!("2. Majority-owned US affiliates of Japanese companies employed {:.0} thousand people in {} ({}).", jobs.1, jobs.0, jobs.2);
if manufacturing_jobs.0 == jobs.0 {
    println!("   {:.0} thousand of them ({:.0}%) worked in manufacturing.", manufacturing_jobs.1, 100.0 * manufacturing_jobs.1 / jobs.1);
}
println!("3. The latest employment figure in the dataset is for {}: the BEA figures found stop there (see the dataset's gaps).", jobs.0);
