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
// # 02 — Cars and tariffs
//
// **Question.** How much of the US goods deficit with Japan is cars, and what would a 25% US tariff on Japanese cars — or the 15% all-in rate of the 2025 US–Japan deal — do to US imports, US tariff revenue and Japanese exporters?
//
// The story says Japan's auto sector "accounts for 75% of the imbalance" and that "25% auto levies might cost Japan $20 billion yearly". This notebook measures the first and models the second.
//
// **Inputs:** `us_imports_by_enduse` (US imports from Japan by end-use code), `us_auto_exports_to_japan`, `us_japan_goods_trade`, `tariff_events`. **Outputs:** the autos-share chart and table, the tariff outcomes (25-point levy, 15% deal), the sensitivity chart and grid, the check of the $20 billion, findings.

// %% [markdown]
// ## The data
//
// "Cars" here is Census end-use category 3: automotive vehicles, parts and engines (end-use codes starting with 3), US general imports at customs value. The table shows the dataset's rows; the source line names the workbook and its vintage.

// %%
use tradedef::prelude::*;
use tradedef::study::japan_2025::*;
use tradedef::analysis::tariff::{DEFAULT_ELASTICITY, DEFAULT_PASS_THROUGH};
load("us_imports_by_enduse")?

// %% [markdown]
// ## How much of the deficit is cars?
//
// Two definitions, because "75% of the imbalance" can mean either:
//
// - **gross share** = US imports of end-use 3 from Japan ÷ the US goods deficit with Japan;
// - **net share** = (those imports − US automotive exports to Japan, HTS chapter 87) ÷ the same deficit.
//
// Neither says that cars *cause* three quarters of the deficit; both compare one flow with a balance. The chart shows the gross comparison.

// %%
auto_share_chart()?

// %%
auto_share_table()?

// %%
fn auto_share(year: i64, column: &str) -> Result<f64> {
    auto_share_table()?.value_at("year", year, column)
}
let gross_2024 = auto_share(2024, "gross_share_pct")?;
let net_2024 = auto_share(2024, "net_share_pct")?;
let japan_share_2024 = auto_share(2024, "partner_share_of_us_imports_pct")?;
println!("2024: gross share {gross_2024:.1}%, net share {net_2024:.1}% of the US goods deficit with Japan.");
println!("Japan supplied {japan_share_2024:.1}% of all US imports of end-use 3 in 2024.");

// %% [markdown]
// ## The tariff rates
//
// The US most-favoured-nation duty on passenger cars was 2.5% until April 2025, when a 25% Section 232 levy was added on top; the 2025 US–Japan agreement set a 15% all-in rate. The dates and rates, with their sources:

// %%
load("tariff_events")?

// %% [markdown]
// ## The model
//
// `TariffScenario` is a static partial-equilibrium model of one year (its assumptions and the literature behind its defaults are in the docs of `tradedef::analysis::tariff`):
//
// - base: 2024 US imports of end-use 3 from Japan (customs value, which is what Japanese exporters receive);
// - the duty rises from the old to the new rate; **pass-through** is the share of that rise that US buyers pay (default 1: the exporter keeps its price), the exporter absorbs the rest by cutting its price;
// - US import volume falls with the buyers' price, by the **import demand elasticity** (default 2.5);
// - no retaliation, no exchange-rate response, no shift to other suppliers.
//
// First the story's case: 25 points on top of the 2.5% MFN rate (27.5% all-in), default parameters.

// %%
TariffScenario::autos().partner(&partner("Japan")?).additional_rate(25.0).run()?.table()?

// %% [markdown]
// The 2025 deal: 15% all-in instead, same parameters.

// %%
TariffScenario::autos().partner(&partner("Japan")?).new_rate(15.0).run()?.table()?

// %%
let levy = TariffScenario::autos().partner(&partner("Japan")?).additional_rate(25.0).run()?;
let deal = TariffScenario::autos().partner(&partner("Japan")?).new_rate(15.0).run()?;
for (name, o) in [("25-point levy", &levy), ("15% deal", &deal)] {
    println!(
        "{name}: imports {:.1} → {:.1} USD bn ({:+.1}% in volume), tariff revenue {:.2} → {:.2} USD bn, exporters lose {:.2} USD bn a year.",
        o.base_imports_usd_mn / 1e3, o.import_value_after_usd_mn / 1e3, o.volume_change_pct,
        o.tariff_revenue_before_usd_mn / 1e3, o.tariff_revenue_after_usd_mn / 1e3, o.exporters_revenue_loss_usd_mn / 1e3
    );
}
println!("Base: {}", levy.base_source);

// %% [markdown]
// ## How much depends on the assumptions
//
// Neither parameter is known well: estimates of import demand elasticities range widely, and in 2025 Japanese carmakers cut their export prices, i.e. pass-through was well below 1. The grid runs the 25-point levy over both; the flat line is the story's $20 billion.

// %%
tariff_grid_chart()?

// %%
tariff_grid_table()?

// %% [markdown]
// ## The story's "$20 billion"
//
// `check_claim` runs the scenario and, for each pass-through of the grid, solves for the elasticity at which exporters' yearly revenue loss reaches the claimed amount (USD millions).

// %%
let claim = TariffScenario::autos().partner(&partner("Japan")?).additional_rate(25.0).check_claim(20_000.0)?;
println!("{claim}");

// %% [markdown]
// ## Findings
//
// Built from the values computed above:

// %%
println!("1. In 2024 US imports of Japanese vehicles, parts and engines equalled {gross_2024:.1}% of the US goods deficit with Japan (gross); net of US automotive exports to Japan, {net_2024:.1}%.");
println!(
    "2. A 25-point levy with pass-through {:.0}% and elasticity {:.1} cuts import volume by {:.1}%, raises US tariff revenue from ${:.1}bn to ${:.1}bn and costs Japanese exporters ${:.1}bn a year.",
    DEFAULT_PASS_THROUGH * 100.0, DEFAULT_ELASTICITY, -levy.volume_change_pct, levy.tariff_revenue_before_usd_mn / 1e3, levy.tariff_revenue_after_usd_mn / 1e3, levy.exporters_revenue_loss_usd_mn / 1e3
);
println!("3. The deal's 15% all-in rate, same assumptions: exporters lose ${:.1}bn a year.", deal.exporters_revenue_loss_usd_mn / 1e3);
let mechanical_bn = 0.25 * levy.base_imports_usd_mn / 1e3;
let needs: Vec<String> = claim
    .required
    .iter()
    .map(|(pass_through, elasticity)| match elasticity {
        Some(e) => format!("{e:.2} at pass-through {:.0}%", pass_through * 100.0),
        None => format!("none at pass-through {:.0}% (out of reach)", pass_through * 100.0),
    })
    .collect();
println!(
    "4. 25% of 2024 imports is ${mechanical_bn:.1}bn, {} the story's $20bn. In the model a loss of $20bn a year needs an import demand elasticity of {}.",
    if mechanical_bn < 20.0 { "less than" } else { "at least" },
    needs.join("; ")
);
