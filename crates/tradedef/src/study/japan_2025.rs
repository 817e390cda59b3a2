//! The story the project was born from (Japan's trade-versus-defence dilemma, February 2025):
//! one chart function and one table function per question, for the notebooks that follow the
//! story step by step (`use tradedef::study::japan_2025::*;`). The report builds the story from
//! its description, `data/studies/japan-dilemma-2025.toml`, through the general sections
//! ([`Study::japan_2025`](crate::study::Study::japan_2025)); [`exhibits`] is that study's list.

use polars::prelude::*;

use crate::analysis::plan::{collect, contains_text, lower};
use crate::analysis::tariff::DEFAULT_ELASTICITY;
use crate::analysis::{
    CurrencyRates, DefenceBudget, GoodsBalance, Table, TariffScenario,
    defence_share_of_gdp, deficit_share_by_partner,
};
use crate::analysis::{TableBuilder, ints};
use crate::chart::{BarChart, ColumnChart, DotPlot, LineChart, ValueFormat};
use crate::data::load;
use crate::study::exhibit::{
    Exhibit, labelled, points, tariff_grid_line_chart, vintage_spans,
};
use crate::{Error, Result};

/// The story's partner.
const PARTNER: &str = "Japan";

/// The story's date, 7 February 2025, as a fractional year for chart annotations.
pub const STORY_DATE: f64 = 2025.1;

/// The US goods trade with Japan, 1985 to the latest year, latest vintage for each year.
pub fn balance_table() -> Result<Table> {
    GoodsBalance::of(&crate::data::partner(PARTNER)?).annual()
}

/// US exports to, imports from and balance with Japan, USD billions, with the story's date marked.
pub fn balance_chart() -> Result<LineChart> {
    let t = balance_table()?;
    let years = t.ints("year")?;
    let (first, last) = (
        years.first().copied().flatten(),
        years.last().copied().flatten(),
    );
    let span = match (first, last) {
        (Some(a), Some(b)) => format!("{a}–{b}"),
        _ => String::new(),
    };
    Ok(
        LineChart::new("The US buys far more from Japan than it sells there")
            .subtitle(format!(
                "US goods trade with Japan, {span}, USD billions (nominal, Census basis)"
            ))
            .series(
                "US imports from Japan",
                points(&t, "year", "imports_usd_mn", 1e-3)?,
            )
            .series(
                "US exports to Japan",
                points(&t, "year", "exports_usd_mn", 1e-3)?,
            )
            .series(
                "Balance (exports − imports)",
                points(&t, "year", "balance_usd_mn", 1e-3)?,
            )
            .annotate(STORY_DATE, "Story, Feb 2025")
            .y_label("USD billions")
            .y_format(ValueFormat::usd_billions())
            .include_zero(true)
            .source(t.provenance())
            .note(format!(
                "Each year from the latest vintage covering it: {}.",
                vintage_spans(&t)?
            )),
    )
}

/// US goods balance by partner for a year, ranked (countries only).
pub fn partner_ranking_table(year: i64) -> Result<Table> {
    deficit_share_by_partner(year)
}

/// Horizontal bars: the largest US goods deficits by partner in `year`, Japan highlighted.
pub fn partner_ranking_chart(year: i64) -> Result<BarChart> {
    let t = partner_ranking_table(year)?;
    let bars = labelled(&t, "partner", "balance_usd_bn", |rows| {
        rows.filter(
            col("partner")
                .is_not_null()
                .and(col("balance_usd_bn").lt(lit(0.0))),
        )
        .limit(12)
    })?;
    Ok(BarChart::new(format!(
        "Japan is one of the larger US goods deficits, not the largest ({year})"
    ))
    .subtitle(format!(
        "US goods balance by partner, {year}, USD billions (negative = US deficit)"
    ))
    .bars(bars)
    .value_format(ValueFormat::usd_billions().decimals(1))
    .value_label("USD billions")
    .highlight("Japan")
    .source(t.provenance())
    .note("Countries only; the European Union, an aggregate, is left out of the ranking."))
}

/// US goods balance with the largest deficit and surplus partners of `year` (Census country file).
pub fn partner_balances_table(year: i64) -> Result<Table> {
    deficit_share_by_partner(year)
}

/// Diverging bars: the ten largest US deficits and five largest surpluses of `year`.
pub fn partner_balances_chart(year: i64) -> Result<BarChart> {
    let t = partner_balances_table(year)?;
    // rows are in rank order: the largest deficits first, the largest surpluses last
    let known = col("partner")
        .is_not_null()
        .and(col("balance_usd_bn").is_not_null());
    let mut chosen = labelled(&t, "partner", "balance_usd_bn", |rows| {
        rows.filter(known.clone().and(col("balance_usd_bn").lt(lit(0.0))))
            .limit(10)
    })?;
    chosen.extend(labelled(&t, "partner", "balance_usd_bn", |rows| {
        rows.filter(known.and(col("balance_usd_bn").gt(lit(0.0))))
            .reverse()
            .limit(5)
    })?);
    Ok(BarChart::new(format!(
        "Deficits and surpluses: US goods balance by country, {year}"
    ))
    .subtitle("Ten largest US deficits and five largest surpluses, USD billions")
    .bars(chosen)
    .diverging()
    .sign_labels("US surplus", "US deficit")
    .sort_by_value(false)
    .value_format(ValueFormat::usd_billions().decimals(1))
    .highlight("Japan")
    .source(t.provenance()))
}

/// Autos' gross and net share of the US goods deficit with Japan, per year.
pub fn auto_share_table() -> Result<Table> {
    crate::analysis::partner_category_share(PARTNER, &crate::analysis::Category::Autos)
}

/// Grouped columns: US imports of Japanese autos and parts beside the whole deficit, per year.
pub fn auto_share_chart() -> Result<ColumnChart> {
    let t = auto_share_table()?;
    let years: Vec<String> = t
        .ints("year")?
        .into_iter()
        .flatten()
        .map(|y| y.to_string())
        .collect();
    let imports: Vec<f64> = t
        .floats("imports_usd_mn")?
        .into_iter()
        .map(|v| v.unwrap_or(f64::NAN) / 1e3)
        .collect();
    let deficit: Vec<f64> = t
        .floats("balance_usd_mn")?
        .into_iter()
        .map(|v| -v.unwrap_or(f64::NAN) / 1e3)
        .collect();
    Ok(ColumnChart::new("Cars and parts match most of the US deficit with Japan")
        .subtitle("US imports from Japan of automotive vehicles, parts and engines, and the US goods deficit with Japan, USD billions")
        .categories(years)
        .series("US goods deficit with Japan", deficit)
        .series("US imports of Japanese vehicles, parts, engines", imports)
        .grouped()
        .y_label("USD billions")
        .y_format(ValueFormat::usd_billions())
        .source(t.provenance())
        .note("Gross measure: imports of the category over the deficit; US auto exports to Japan are not netted out here (the table has the net share)."))
}

/// The story's scenario: a 25-point levy on Japanese autos on top of the 2.5% MFN rate.
fn story_scenario() -> TariffScenario {
    TariffScenario::autos()
        .additional_rate(25.0)
        .elasticity(DEFAULT_ELASTICITY)
}

/// The sensitivity grid of the 25% auto levy: exporters' revenue loss over elasticity and pass-through.
pub fn tariff_grid_table() -> Result<Table> {
    story_scenario().default_grid()
}

/// Lines: Japanese exporters' yearly revenue loss against the import demand elasticity, one line
/// per pass-through, with the story's $20 billion for reference.
pub fn tariff_grid_chart() -> Result<LineChart> {
    let t = tariff_grid_table()?;
    let e = t.floats("elasticity")?;
    let mut chart = tariff_grid_line_chart(
        "Whether a 25% levy costs Japan $20bn a year depends on the elasticity",
        "Japanese exporters' revenue loss from a 25-point US tariff on autos and parts, USD billions a year, by pass-through to US prices",
        "Static partial equilibrium on 2024 imports of end-use 3; pass-through = share of the tariff in US buyers' prices, the rest absorbed by exporters.",
        &t,
    )?;
    let (lo, hi) = e
        .iter()
        .flatten()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
            (a.min(x), b.max(x))
        });
    if lo.is_finite() {
        chart = chart.series("the story's $20bn", vec![(lo, 20.0), (hi, 20.0)]);
    }
    Ok(chart)
}

/// Japan's defence budget by fiscal year in yen, dollars and real dollars.
pub fn defence_budget_table() -> Result<Table> {
    DefenceBudget::new().table()
}

/// Lines: the budget as an index (FY2015 = 100) in nominal yen, nominal dollars and real dollars.
pub fn defence_budget_chart() -> Result<LineChart> {
    let t = defence_budget_table()?;
    let base_year = 2015;
    let index = |col: &str| -> Result<Vec<(f64, f64)>> {
        let pts = points(&t, "fiscal_year", col, 1.0)?;
        let base = pts
            .iter()
            .find(|(x, _)| *x == base_year as f64)
            .map(|(_, y)| *y)
            .ok_or_else(|| {
                Error::not_found(
                    format!("FY{base_year} in column {col} of {}", t.name()),
                    base_year.to_string(),
                    pts.iter().map(|(x, _)| *x),
                )
            })?;
        Ok(pts
            .into_iter()
            .filter(|(x, _)| *x >= base_year as f64)
            .map(|(x, y)| (x, y / base * 100.0))
            .collect())
    };
    Ok(LineChart::new("The same budget grows faster in yen than in dollars")
        .subtitle(format!("Japan's defence budget (MoD initial, excl. SACO and realignment), index FY{base_year} = 100"))
        .series("in yen (nominal)", index("budget_jpy_bn")?)
        .series("in yen (real, Japan consumer prices)", index("budget_real_jpy_bn")?)
        .series("in US dollars (nominal)", index("budget_usd_bn")?)
        .series("in US dollars (real, 2025 prices)", index("budget_real_usd_bn")?)
        .y_label(format!("index, FY{base_year} = 100"))
        .y_format(ValueFormat::number().decimals(0))
        .source(t.provenance())
        .note("Dollars at the calendar-year average rate of the year the fiscal year starts; real dollars with the US GDP deflator; real yen with Japan's CPI as implied by SIPRI (its latest release, one price base)."))
}

/// Military expenditure as a share of GDP, Japan beside allies and rivals, 2014 and 2024.
pub fn defence_share_table() -> Result<Table> {
    crate::analysis::military_spending_comparison(2024)
}

/// Dumbbells: share of GDP spent on the military, 2014 and 2024.
pub fn defence_share_chart() -> Result<DotPlot> {
    let countries = [
        "Japan",
        "United States",
        "China",
        "South Korea",
        "Taiwan",
        "Australia",
        "United Kingdom",
        "France",
        "Germany",
        "Italy",
        "Canada",
        "India",
        "Philippines",
    ];
    let mut rows = Vec::new();
    let mut provenance = None;
    // every country from one SIPRI release: Japan's latest
    let release = defence_share_of_gdp("Japan")?
        .texts("vintage")?
        .into_iter()
        .flatten()
        .next()
        .unwrap_or_default();
    let one_release = crate::analysis::Vintage::named(release.as_str());
    for c in countries {
        // Rows are labelled with the registry's display name; SIPRI's spelling may differ.
        let t = crate::analysis::defence::defence_share_of_gdp_in(c, &one_release)?;
        let pts = points(&t, "year", "share_of_gdp_pct", 1.0)?;
        let at = |y: f64| pts.iter().find(|(x, _)| *x == y).map(|(_, v)| *v);
        if let (Some(a), Some(b)) = (at(2014.0), at(2024.0)) {
            rows.push((c.to_string(), a, b));
        }
        provenance.get_or_insert_with(|| t.provenance().clone());
    }
    let provenance = provenance.unwrap_or_default();
    Ok(
        DotPlot::new("Japan still spends a smaller share of GDP on defence than its allies")
            .subtitle(format!(
                "Military expenditure, percent of GDP, 2014 and 2024 (SIPRI release {release})"
            ))
            .measures("2014", "2024")
            .rows(rows)
            .sort_by_second()
            .reference(2.0, "NATO 2% guideline")
            .value_format(ValueFormat::percent().decimals(1))
            .value_label("percent of GDP")
            .include_zero(true)
            .source(&provenance),
    )
}

/// US military personnel in Japan, the year's latest report.
pub fn troops_table() -> Result<Table> {
    crate::analysis::defence::troops_from_reports("us_troops_in_japan", &crate::data::partner(PARTNER)?)
}

/// The definitional break of the troops series: the years whose reports count mainland Japan
/// only (no location label names Okinawa or the Ryukyu Islands), before the first report that
/// counts Okinawa under Japan; and that first year. Read from the `locations` of a table of
/// [`troops_in`](crate::analysis::troops_in) (DMDC's location labels, by country).
pub fn okinawa_break(t: &Table) -> Result<(Vec<i64>, Option<i64>)> {
    let rows = t.frame().clone().lazy();
    let label = lower(col("locations").cast(DataType::String));
    let first = collect(
        rows.clone()
            .filter(contains_text(label.clone(), "incl okinawa"))
            .select([col("year").cast(DataType::Int64)])
            .limit(1),
        t.name(),
    )?;
    let first_incl = ints(&first, t.name(), "year")?.into_iter().next().flatten();
    let Some(first_year) = first_incl else {
        return Ok((Vec::new(), None));
    };
    let names_okinawa = contains_text(label.clone(), "okinawa")
        .or(contains_text(label, "ryukyu"))
        .fill_null(lit(false));
    let excluded = collect(
        rows.filter(
            names_okinawa
                .not()
                .and(col("year").cast(DataType::Int64).lt(lit(first_year))),
        )
        .select([col("year").cast(DataType::Int64)]),
        t.name(),
    )?;
    let excluded = ints(&excluded, t.name(), "year")?
        .into_iter()
        .flatten()
        .collect();
    Ok((excluded, first_incl))
}

/// Years as ranges: `1950–1963, 1965, 1973`.
fn year_ranges(years: &[i64]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < years.len() {
        let mut j = i;
        while j + 1 < years.len() && years[j + 1] == years[j] + 1 {
            j += 1;
        }
        parts.push(if i == j {
            years[i].to_string()
        } else {
            format!("{}–{}", years[i], years[j])
        });
        i = j + 1;
    }
    parts.join(", ")
}

/// Line: US military personnel in Japan over time, with the story's 55,000 in view, and the
/// Okinawa break marked (read from DMDC's location labels, by country).
pub fn troops_chart() -> Result<LineChart> {
    let t = troops_table()?;
    let (excluded, first_incl) = okinawa_break(&crate::analysis::troops_in("Japan")?)?;
    let mut chart = LineChart::new("About 55,000 US military personnel are assigned to Japan");
    if let Some(first) = first_incl {
        chart = chart.annotate(
            first as f64,
            format!(
                "Okinawa counted from {first}; {} exclude it",
                year_ranges(&excluded)
            ),
        );
    }
    Ok(chart
        .subtitle(
            "US active-duty military personnel permanently assigned to Japan, latest DMDC report of each year; rotational and deployed forces are not included",
        )
        .series(
            "active-duty personnel",
            points(&t, "year", "personnel", 1.0)?,
        )
        .annotate(STORY_DATE, "Story, Feb 2025")
        .y_label("persons")
        .y_format(ValueFormat::number().decimals(0))
        .include_zero(true)
        .note(crate::analysis::troops::WHAT_IS_COUNTED)
        .source(t.provenance()))
}

/// Japan's direct investment position in the US, by basis (USD billions).
pub fn investment_table() -> Result<Table> {
    let d = load("japan_investment_in_us")?;
    let rows = collect(
        d.lazy()
            .filter(col("unit").eq(lit("USD billions")))
            .select([
                col("year").cast(DataType::Int64),
                col("measure"),
                col("value").cast(DataType::Float64),
                col("vintage"),
            ]),
        "japan_investment_in_us",
    )?;
    TableBuilder::new("Japan's direct investment position in the US")
        .frame(
            rows,
            &[
                ("year", "calendar year (position at year end)".into()),
                (
                    "measure",
                    "basis: historical cost by foreign parent, or by ultimate beneficial owner"
                        .into(),
                ),
                ("value", "USD billions".into()),
                ("vintage", "release".into()),
            ],
        )
        .build(d.provenance())
}

/// Columns: Japan's direct investment position in the US on the historical-cost basis.
pub fn investment_chart() -> Result<ColumnChart> {
    let t = investment_table()?;
    let rows = labelled(&t, "year", "value", |rows| {
        rows.filter(col("measure").eq(lit("fdi_position_historical_cost")))
    })?;
    Ok(
        ColumnChart::new("Japan is the largest foreign direct investor in the US")
            .subtitle(
                "Japan's direct investment position in the US, historical-cost basis, USD billions",
            )
            .categories(rows.iter().map(|(y, _)| y.clone()))
            .series("position at year end", rows.iter().map(|(_, v)| *v))
            .y_label("USD billions")
            .y_format(ValueFormat::usd_billions())
            .source(t.provenance())
            .note("Years without a sourced figure are left out, not interpolated."),
    )
}

/// Japan's trade with China per calendar year (MOF, yen), with dollars at the annual average rate.
pub fn japan_china_trade_table() -> Result<Table> {
    let d = load("japan_china_trade")?;
    let fx = CurrencyRates::of("JPY")?;
    let what = "japan_china_trade";
    // MOF's annual totals, each year with its average rate
    let rows = collect(
        d.lazy()
            .filter(
                col("month")
                    .is_null()
                    .and(col("flow").eq(lit("total")))
                    .and(col("unit").eq(lit("JPY billions")))
                    .and(col("source").eq(lit("mof-monthly")))
                    .and(col("year").is_not_null())
                    .and(col("value").is_not_null()),
            )
            .select([
                col("year").cast(DataType::Int64),
                col("value")
                    .cast(DataType::Float64)
                    .alias("total_trade_jpy_bn"),
            ])
            .join(
                fx.table()?
                    .into_frame()
                    .lazy()
                    .select([col("year"), col("units_per_usd").alias("jpy_per_usd")]),
                [col("year")],
                [col("year")],
                crate::analysis::plan::keep_order(JoinType::Left),
            )
            .with_column(
                (col("total_trade_jpy_bn") / col("jpy_per_usd")).alias("total_trade_usd_bn"),
            ),
        what,
    )?;
    let unrated = collect(
        rows.clone()
            .lazy()
            .filter(col("jpy_per_usd").is_null())
            .select([col("year")]),
        what,
    )?;
    if let Some(y) = ints(&unrated, what, "year")?.into_iter().flatten().next() {
        fx.units_per_usd(y)?;
    }
    TableBuilder::new("Japan's trade with China (exports + imports)")
        .frame(
            rows,
            &[
                ("year", "calendar year".into()),
                (
                    "total_trade_jpy_bn",
                    "JPY billions, nominal (MOF, sum of monthly exports and imports)".into(),
                ),
                ("jpy_per_usd", "JPY per USD, calendar-year average".into()),
                (
                    "total_trade_usd_bn",
                    "USD billions, nominal (yen at the annual average rate)".into(),
                ),
            ],
        )
        .note("MOF monthly series only; points from other producers (JETRO, press) stay out of this series")
        .build(d.provenance().merge(fx.provenance()))
}

/// Line: Japan's total trade with China in dollars.
pub fn japan_china_trade_chart() -> Result<LineChart> {
    let t = japan_china_trade_table()?;
    Ok(LineChart::new("Japan's trade with China is worth about $300bn a year")
        .subtitle("Japan's exports to plus imports from China, USD billions (yen at the annual average rate)")
        .series("total trade", points(&t, "year", "total_trade_usd_bn", 1.0)?)
        .y_label("USD billions")
        .y_format(ValueFormat::usd_billions())
        .include_zero(true)
        .source(t.provenance()))
}

/// Every exhibit of the story, rendered (SVG, PNG, CSV), in reading order: the sections of
/// `data/studies/japan-dilemma-2025.toml`.
pub fn exhibits() -> Result<Vec<Exhibit>> {
    Ok(crate::study::Study::from_spec(
        &crate::study::StudySpec::named(crate::study::STORY_CLAIMS)?,
        None,
    )?
    .exhibits)
}
