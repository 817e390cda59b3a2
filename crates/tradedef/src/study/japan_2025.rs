//! The story the project was born from (Japan's trade-versus-defence dilemma, February 2025),
//! one chart function and one table function per question, for the notebooks that follow the
//! story step by step (`use tradedef::study::japan_2025::*;`). Each is a section of the story's
//! description, `data/studies/japan-dilemma-2025.toml`, built by the general section builders:
//! the report ([`Study::japan_2025`](crate::study::Study::japan_2025)) and these functions give
//! the same chart and the same table, from one computation.
//!
//! ```
//! use tradedef::study::japan_2025::*;
//! let t = balance_table()?;
//! assert!(t.value_at("year", 2024, "balance_usd_mn")? < 0.0);
//! assert!(balance_chart()?.to_svg()?.contains("Census"));
//! # use tradedef::chart::Chart;
//! # Ok::<(), tradedef::Error>(())
//! ```

use crate::Error;
use crate::Result;
use crate::analysis::Table;
use crate::chart::{BarChart, ColumnChart, DotPlot, LineChart};
use crate::study::exhibit::Exhibit;
use crate::study::sections::{AnyParts, Context, build_parts};
use crate::study::spec::{SectionKind, StudySpec};
use crate::study::{STORY_CLAIMS, Study};

/// The story's date, 7 February 2025, as a fractional year for chart annotations.
pub const STORY_DATE: f64 = 2025.1;

/// The parts of the story's section `id`, with `adjust` applied to its kind first.
fn section(id: &str, adjust: impl FnOnce(&mut SectionKind)) -> Result<AnyParts> {
    let spec = StudySpec::named(STORY_CLAIMS)?;
    let (index, section) = spec
        .sections
        .iter()
        .enumerate()
        .find(|(_, s)| s.wording.id.as_deref() == Some(id))
        .ok_or_else(|| {
            Error::not_found(
                "section of the story",
                id,
                spec.sections.iter().filter_map(|s| s.wording.id.clone()),
            )
        })?;
    let mut section = section.clone();
    adjust(&mut section.kind);
    let ctx = Context {
        partner: crate::data::partner(spec.partner.as_str())?,
        story: spec.story_mark(),
        composition_year: None,
    };
    build_parts(&ctx, &section, index)
}

fn as_is(_: &mut SectionKind) {}

/// The year of a rank or partner-balances section.
fn in_year(year: i64) -> impl FnOnce(&mut SectionKind) {
    move |kind| match kind {
        SectionKind::Rank { year: y, .. } => *y = Some(year),
        SectionKind::PartnerBalances { year: y, .. } => *y = year,
        _ => {}
    }
}

/// The US goods trade with Japan, 1985 to the latest year, latest vintage for each year.
pub fn balance_table() -> Result<Table> {
    Ok(section("01-us-japan-balance", as_is)?.table())
}

/// US exports to, imports from and balance with Japan, USD billions, with the story's date marked.
pub fn balance_chart() -> Result<LineChart> {
    section("01-us-japan-balance", as_is)?.line()
}

/// US goods balance by partner for a year, ranked (countries only).
pub fn partner_ranking_table(year: i64) -> Result<Table> {
    Ok(section("02-deficit-partners-2024", in_year(year))?.table())
}

/// Bars: the largest US goods deficits by partner in `year`, Japan highlighted.
pub fn partner_ranking_chart(year: i64) -> Result<BarChart> {
    section("02-deficit-partners-2024", in_year(year))?.bar()
}

/// US goods balance by country in `year` (Census country file), ranked.
pub fn partner_balances_table(year: i64) -> Result<Table> {
    Ok(section("03-partner-balances-2022", in_year(year))?.table())
}

/// Diverging bars: the ten largest US deficits and five largest surpluses of `year`.
pub fn partner_balances_chart(year: i64) -> Result<BarChart> {
    section("03-partner-balances-2022", in_year(year))?.bar()
}

/// Autos' gross and net share of the US goods deficit with Japan, per year.
pub fn auto_share_table() -> Result<Table> {
    Ok(section("04-autos-share", as_is)?.table())
}

/// Grouped columns: US imports of Japanese autos and parts beside the whole deficit, per year.
pub fn auto_share_chart() -> Result<ColumnChart> {
    section("04-autos-share", as_is)?.column()
}

/// The sensitivity grid of the 25% auto levy: exporters' revenue loss over elasticity and
/// pass-through.
pub fn tariff_grid_table() -> Result<Table> {
    Ok(section("05-tariff-sensitivity", as_is)?.table())
}

/// Lines: Japanese exporters' yearly revenue loss against the import demand elasticity, one line
/// per pass-through, with the story's $20 billion for reference.
pub fn tariff_grid_chart() -> Result<LineChart> {
    section("05-tariff-sensitivity", as_is)?.line()
}

/// Japan's defence budget by fiscal year in yen, dollars and real dollars.
pub fn defence_budget_table() -> Result<Table> {
    Ok(section("06-defence-budget", as_is)?.table())
}

/// Lines: the budget as an index (FY2015 = 100) in nominal and real yen and dollars.
pub fn defence_budget_chart() -> Result<LineChart> {
    section("06-defence-budget", as_is)?.line()
}

/// Military expenditure as a share of GDP, every country in SIPRI's data in 2024.
pub fn defence_share_table() -> Result<Table> {
    Ok(section("07-defence-share-of-gdp", as_is)?.table())
}

/// Dumbbells: share of GDP spent on the military, Japan beside allies and rivals, 2014 and 2024.
pub fn defence_share_chart() -> Result<DotPlot> {
    section("07-defence-share-of-gdp", as_is)?.dot()
}

/// US military personnel in Japan, the year's latest report (`us_troops_in_japan`).
pub fn troops_table() -> Result<Table> {
    Ok(section("08-us-forces-in-japan", as_is)?.table())
}

/// The definitional break of a troops series in DMDC's location labels: the years that count
/// the mainland only, before the first report that counts Okinawa; and that first year.
pub fn okinawa_break(t: &Table) -> Result<(Vec<i64>, Option<i64>)> {
    crate::study::sections::okinawa_break(t)
}

/// Line: US military personnel in Japan over time, the story's date and the Okinawa break marked.
pub fn troops_chart() -> Result<LineChart> {
    section("08-us-forces-in-japan", as_is)?.line()
}

/// Japan's direct investment position in the US, by basis (USD billions).
pub fn investment_table() -> Result<Table> {
    Ok(section("09-investment", as_is)?.table())
}

/// Columns: Japan's direct investment position in the US on the historical-cost basis.
pub fn investment_chart() -> Result<ColumnChart> {
    section("09-investment", as_is)?.column()
}

/// Japan's trade with China per calendar year (MOF, yen), with dollars at the annual average rate.
pub fn japan_china_trade_table() -> Result<Table> {
    Ok(section("10-japan-china-trade", as_is)?.table())
}

/// Line: Japan's total trade with China in dollars.
pub fn japan_china_trade_chart() -> Result<LineChart> {
    section("10-japan-china-trade", as_is)?.line()
}

/// Every exhibit of the story, rendered (SVG, PNG, CSV), in reading order: the sections of
/// `data/studies/japan-dilemma-2025.toml`.
pub fn exhibits() -> Result<Vec<Exhibit>> {
    Ok(Study::from_spec(&StudySpec::named(STORY_CLAIMS)?, None)?.exhibits)
}
