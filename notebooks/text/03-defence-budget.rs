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
// # 03 — Japan's defence budget
//
// **Question.** How large is Japan's record FY2025 defence budget, how fast is it growing — in yen, in dollars and in real terms — and how does Japan's defence burden compare with its allies' as a share of GDP?
//
// The story gives the FY2025 budget in dollars and its growth in percent. Because the yen fell sharply against the dollar from 2021, the *same* budget grows at very different rates depending on the currency it is counted in; this notebook shows both.
//
// **Inputs:** `japan_defense_budget` (Ministry of Defense), `usd_jpy_annual` (Federal Reserve), `deflators` (BEA/BLS), `sipri_milex` (SIPRI). **Outputs:** the budget table and index chart, growth tables FY2024→FY2025 and FY2015→FY2025, the share-of-GDP chart and comparison table, findings.

// %% [markdown]
// ## The data
//
// Japan's defence-related expenditure, initial budget by fiscal year (April–March), from the Ministry of Defense's white papers and budget documents. Two totals exist: **excluding** SACO-related and US-forces-realignment costs (the series comparable across years, used by default here) and **including** them (the headline figure of recent budgets).

// %%
use tradedef::prelude::*;
use tradedef::study::japan_2025::*;
use tradedef::analysis::defence::*;
load("japan_defense_budget")?

// %% [markdown]
// ## One budget, three currencies
//
// `defence_budget_table()` puts each fiscal year in nominal yen, in dollars at the calendar-year average rate of the year the fiscal year starts (`jpy_per_usd`), and in real terms (deflated to the latest year's prices).

// %%
defence_budget_table()?

// %%
fn budget(fiscal_year: i64, column: &str) -> Result<f64> {
    defence_budget_table()?.value_at("fiscal_year", fiscal_year, column)
}
let (record_fy, record_jpy_bn) = {
    let t = defence_budget_table()?;
    t.ints("fiscal_year")?
        .into_iter()
        .zip(t.floats("budget_jpy_bn")?)
        .filter_map(|(y, v)| Some((y?, v?)))
        .fold((0, f64::NEG_INFINITY), |best, row| if row.1 > best.1 { row } else { best })
};
let incl_2025_jpy_bn = DefenceBudget::new()
    .measure(BudgetMeasure::InclSacoRealignment)
    .table()?
    .value_at("fiscal_year", 2025, "budget_jpy_bn")?;
println!("Largest initial budget of the series (excl. SACO/realignment): FY{record_fy}, ¥{:.2} trillion.", record_jpy_bn / 1e3);
println!(
    "FY2025: ¥{:.2} trillion excl. SACO/realignment (${:.1}bn at ¥{:.1} per dollar); ¥{:.2} trillion including them.",
    budget(2025, "budget_jpy_bn")? / 1e3, budget(2025, "budget_usd_bn")?, budget(2025, "jpy_per_usd")?, incl_2025_jpy_bn / 1e3
);

// %% [markdown]
// The chart indexes the three series to FY2015 = 100, so their growth can be compared directly: the gap between the yen and the dollar lines is the yen's fall.

// %%
defence_budget_chart()?

// %% [markdown]
// ## Growth rates
//
// `defence_budget_growth(from, to)` gives the total and the compound yearly change on every basis. First the last year (the story's "record" budget), then the decade since FY2015.

// %%
defence_budget_growth(2024, 2025)?.table()?

// %%
defence_budget_growth(2015, 2025)?.table()?

// %%
let one_year = defence_budget_growth(2024, 2025)?;
let decade = defence_budget_growth(2015, 2025)?;
fn change(growth: &BudgetGrowth, basis: GrowthBasis) -> Result<f64> {
    Ok(growth.basis(basis)?.change_pct)
}
for g in [&one_year, &decade] {
    println!(
        "FY{} → FY{}: {:+.1}% in yen, {:+.1}% in dollars, {:+.1}% in real dollars (¥{:.1} → ¥{:.1} per dollar).",
        g.from, g.to, change(g, GrowthBasis::NominalYen)?, change(g, GrowthBasis::NominalDollars)?, change(g, GrowthBasis::RealDollars)?, g.jpy_per_usd_from, g.jpy_per_usd_to
    );
};

// %% [markdown]
// ## Defence burden beside allies and rivals
//
// For comparisons across countries the national budget is the wrong yardstick: SIPRI's military expenditure applies one definition to every country and gives it as a share of GDP. That definition is broader than Japan's defence-related budget (it includes, for example, pensions, paramilitary forces and some coast-guard spending; see the dataset's caveats), so SIPRI's yen total for Japan is higher than the Ministry's.

// %%
load("sipri_milex")?

// %%
defence_share_chart()?

// %%
military_spending_comparison(2024)?

// %%
let japan_2014 = defence_share_of_gdp("Japan")?.value_at("year", 2014, "share_of_gdp_pct")?;
let japan_2024 = defence_share_of_gdp("Japan")?.value_at("year", 2024, "share_of_gdp_pct")?;
let us_2024 = defence_share_of_gdp("United States")?.value_at("year", 2024, "share_of_gdp_pct")?;
let (japan_rank, countries) = {
    let t = military_spending_comparison(2024)?;
    let shares: Vec<f64> = t.floats("share_of_gdp_pct")?.into_iter().flatten().collect();
    (1 + shares.iter().filter(|s| **s > japan_2024).count(), shares.len())
};
println!("Japan: {japan_2014:.2}% of GDP in 2014, {japan_2024:.2}% in 2024; United States {us_2024:.2}% in 2024.");
println!("Japan ranks {japan_rank} of the {countries} countries compared by share of GDP in 2024.");

// %% [markdown]
// ## Findings
//
// Built from the values computed above:

// %%
println!(
    "1. FY2025's initial defence budget is ¥{:.2} trillion excluding SACO/realignment costs (¥{:.2} trillion including them); {}.",
    budget(2025, "budget_jpy_bn")? / 1e3,
    incl_2025_jpy_bn / 1e3,
    if record_fy == 2025 { "the largest of the series".to_string() } else { format!("below the FY{record_fy} peak") }
);
println!(
    "2. On FY2024 it grew {:+.1}% in yen but {:+.1}% in dollars, because the yen moved from ¥{:.1} to ¥{:.1} per dollar.",
    change(&one_year, GrowthBasis::NominalYen)?, change(&one_year, GrowthBasis::NominalDollars)?, one_year.jpy_per_usd_from, one_year.jpy_per_usd_to
);
println!(
    "3. Since FY2015 the budget grew {:+.1}% in yen, {:+.1}% in dollars and {:+.1}% in real dollars.",
    change(&decade, GrowthBasis::NominalYen)?, change(&decade, GrowthBasis::NominalDollars)?, change(&decade, GrowthBasis::RealDollars)?
);
println!(
    "4. SIPRI puts Japan's military expenditure at {japan_2024:.2}% of GDP in 2024 (from {japan_2014:.2}% in 2014), rank {japan_rank} of {countries} compared; the United States spent {us_2024:.2}%."
);
