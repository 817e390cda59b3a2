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
// # 04 — US forces in Japan
//
// **Question.** How many US military personnel are assigned to Japan (DMDC counts permanently assigned personnel, not rotational or deployed forces), how has that changed over time, and what does Japan pay to host them — per service member, and at which exchange rate?
//
// The story speaks of "55,000 U.S. troops" in Japan and of what Japan pays toward their upkeep ("host-nation support"). Notebook 06 checks those two claims; this one shows the series behind them.
//
// **Inputs:** `us_troops_in_japan` (DoD DMDC reports), `japan_host_nation_support` (Government of Japan, as reported), `usd_jpy_annual` (Federal Reserve). **Outputs:** the troops chart and table, host-nation support per service member by fiscal year, the exchange rates used, findings.

// %% [markdown]
// ## The data
//
// US active-duty military personnel in Japan by report date and service, from the Defense Manpower Data Center's reports (September reports to 2012, quarterly afterwards where compiled). The source line names the compilation; the dataset's caveats (e.g. Okinawa before 1972, afloat personnel in some reports) are in `data/us_troops_in_japan.toml`.

// %%
use tradedef::prelude::*;
use tradedef::study::japan_2025::*;
use tradedef::analysis::defence::*;
load("us_troops_in_japan")?

// %% [markdown]
// ## Troops over time
//
// `troops_in_japan()` keeps one figure per year: the total of the year's latest report (or the sum of the services where a report has no total, noted under the table).

// %%
troops_chart()?

// %%
troops_table()?

// %%
fn count(x: f64) -> String {
    ValueFormat::number().format(x)
}
fn personnel(year: i64) -> Result<f64> {
    troops_table()?.value_at("year", year, "personnel")
}
let (first_year, last_year, peak_year, peak) = {
    let t = troops_table()?;
    let rows: Vec<(i64, f64)> = t
        .ints("year")?
        .into_iter()
        .zip(t.floats("personnel")?)
        .filter_map(|(y, p)| Some((y?, p?)))
        .collect();
    let peak = rows.iter().copied().fold((0, f64::NEG_INFINITY), |best, row| if row.1 > best.1 { row } else { best });
    (rows[0].0, rows[rows.len() - 1].0, peak.0, peak.1)
};
let last_report = troops_table()?.texts("report_date")?.last().cloned().flatten().unwrap_or_default();
println!("{first_year}: {} personnel; peak {} in {peak_year}; {last_year}: {} (report of {last_report}).", count(personnel(first_year)?), count(peak), count(personnel(last_year)?));
println!("2024: {} personnel.", count(personnel(2024)?));

// %% [markdown]
// ## What Japan pays: host-nation support
//
// Host-nation support (HNS, the "sympathy budget") under the Special Measures Agreements covers base workers' wages, utilities, facilities and training relocation. It excludes the SACO and realignment costs, which sit in the defence budget. Some rows are requests or multi-year totals, not enacted annual budgets: the `measure` column says which.

// %%
load("japan_host_nation_support")?

// %% [markdown]
// `host_nation_support_per_service_member(fy)` divides the fiscal year's support (the enacted budget if there is one, else the annual average of the Special Measures Agreement, else the budget request; never a multi-year total) by the personnel of the same calendar year's latest report, and converts at that calendar year's average yen–dollar rate. First the current agreement (FY2022–26):

// %%
let hns_2022 = host_nation_support_per_service_member(2022)?;
println!("Fiscal year {}: measure `{}`", hns_2022.fiscal_year, hns_2022.measure);
println!("  support: ¥{:.1} billion, at ¥{:.2} per dollar = ${:.2} billion", hns_2022.support_jpy_bn, hns_2022.jpy_per_usd, hns_2022.support_jpy_bn / hns_2022.jpy_per_usd);
println!("  personnel: {} (DMDC report of {})", count(hns_2022.personnel as f64), hns_2022.personnel_report_date);
println!("  per service member: ¥{} = ${}", count(hns_2022.per_member_jpy), count(hns_2022.per_member_usd));
println!("Source: {}", hns_2022.provenance.source_line());

// %% [markdown]
// Every fiscal year of the dataset that has an annual yen figure, on the same basis (years with only multi-year totals, or none, are counted and skipped):

// %%
let (hns_first, hns_last) = load("japan_host_nation_support")?.span("fiscal_year").ok_or("no fiscal years")?;
let mut skipped = 0;
for fy in hns_first..=hns_last {
    match host_nation_support_per_service_member(fy) {
        Ok(h) => println!(
            "FY{}: ¥{:.1} bn ({}) ÷ {} personnel at ¥{:.2}/$ = ${} per service member",
            h.fiscal_year, h.support_jpy_bn, h.measure, count(h.personnel as f64), h.jpy_per_usd, count(h.per_member_usd)
        ),
        Err(_) => skipped += 1,
    }
}
println!("{skipped} fiscal years between FY{hns_first} and FY{hns_last} have no annual yen figure.");

// %% [markdown]
// The exchange rates used (Federal Reserve G.5A annual averages, yen per dollar). The dollar figures depend on them: the same yen amount was worth far fewer dollars after the yen fell from 2022.

// %%
CurrencyRates::of("JPY")?.table()?

// %% [markdown]
// ## Findings
//
// Built from the values computed above:

// %%
println!("1. DMDC counted {} US active-duty personnel in Japan in {last_year} (report of {last_report}) and {} in 2024; the series peaked at {} in {peak_year}.", count(personnel(last_year)?), count(personnel(2024)?), count(peak));
println!(
    "2. Under the 2022 agreement Japan's host-nation support averages ¥{:.1} billion a year: ${:.2} billion at FY2022's rate of ¥{:.2} per dollar.",
    hns_2022.support_jpy_bn, hns_2022.support_jpy_bn / hns_2022.jpy_per_usd, hns_2022.jpy_per_usd
);
println!(
    "3. That is ¥{:.1} million, or ${}, per US service member in Japan ({} personnel, report of {}).",
    hns_2022.per_member_jpy / 1e6, count(hns_2022.per_member_usd), count(hns_2022.personnel as f64), hns_2022.personnel_report_date
);
