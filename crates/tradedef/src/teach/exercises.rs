//! The checks of the exercise notebooks (notebooks/exercises/): each computes the solution from
//! the data in `data/`, lists the wrong answers the common mistakes give, and checks an answer.
//! A solution the data cannot give (a dataset changed) is reported as such, never as the
//! student's fault.

use polars::prelude::{Column, DataFrame};

use crate::Result;
use crate::analysis::{
    CurrencyRates, DefenceBudget, DeficitShares, Deflator, DeflatorSeries, GoodsBalance, Table,
    Vintage, bilateral_balance, military_spending_in,
};
use crate::chart::{LineChart, ValueFormat};
use crate::data::load;

use super::answer::IntoAnswer;
use super::chart::ChartCheck;
use super::check::Check;
use super::mistake::Mistake;
use super::table::TableCheck;
use super::value::ValueCheck;

/// The partner of E1 and E5 (the exercises follow the story the project started from).
const EXERCISE_PARTNER: &str = "Japan";

/// The goods balance the exercises E1 and E5 ask about.
fn exercise_balance() -> Result<Table> {
    bilateral_balance(EXERCISE_PARTNER)
}

/// The same, from one vintage.
fn exercise_balance_in(vintage: &str) -> Result<Table> {
    GoodsBalance::of(&crate::data::partner(EXERCISE_PARTNER)?)
        .vintage(Vintage::named(vintage))
        .annual()
}

/// E1's task.
const E1: &str =
    "E1 — the US goods balance with Japan in 2024 (exports minus imports, latest vintage)";
/// E2's task.
const E2: &str = "E2 — Japan's FY2015 defence budget in US dollars of 2024 prices";
/// E3's task.
const E3: &str = "E3 — the five countries with the largest US goods deficits in 2022";
/// E4's task.
const E4: &str = "E4 — the real change of US military spending from 2023 to 2024 (claim: 5.7 %)";
/// E5's task.
const E5: &str = "E5 — a line chart of the US goods balance with Japan, with its source line";

/// The year of E1.
const E1_YEAR: i64 = 2024;
/// The fiscal year of E2's budget and the price year of its dollars.
const E2_YEARS: (i64, i64) = (2015, 2024);
/// The year of E3's ranking and the number of partners ranked.
const E3_YEAR: i64 = 2022;
const E3_TOP: usize = 5;
/// The two years of E4's change.
const E4_YEARS: (i64, i64) = (2023, 2024);
/// The SIPRI release E4's story reported (April 2025): the claim is checked against it, not
/// against a later release that revised the figures and moved the price base.
const E4_RELEASE: &str = "sipri-milex-2025-04";

/// Runs `build`; a solution the data cannot give becomes a check saying so.
fn checked<C>(
    task: &str,
    build: impl FnOnce() -> Result<C>,
    check: impl FnOnce(C) -> Check,
) -> Check {
    match build() {
        Ok(c) => check(c),
        Err(e) => Check::unavailable(task, &e.to_string()),
    }
}

/// E1: the US goods balance with Japan in 2024, USD millions, from the latest vintage covering
/// 2024. Recognises: sign flipped, billions, another vintage, 2023 or 2025.
///
/// ```
/// use tradedef::prelude::*;
/// use tradedef::teach::*;
/// let t = bilateral_balance("Japan")?;
/// let mine = t.value_at("year", 2024, "exports_usd_mn")? - t.value_at("year", 2024, "imports_usd_mn")?;
/// assert!(check_bilateral_balance(mine).passed());
/// assert!(check_bilateral_balance(-mine).hint().unwrap().contains("exports minus imports"));
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn check_bilateral_balance(answer: impl IntoAnswer<f64>) -> Check {
    checked(E1, bilateral_balance_check, |c| c.check(answer))
}

fn bilateral_balance_check() -> Result<ValueCheck> {
    let t = exercise_balance()?;
    let expected = t.value_at("year", E1_YEAR, "exports_usd_mn")?
        - t.value_at("year", E1_YEAR, "imports_usd_mn")?;
    let wanted = vintage_of(&t, E1_YEAR)?;
    let mut check = ValueCheck::new(E1, expected, "USD millions");
    for vintage in vintages(crate::data::ids::US_JAPAN_GOODS_TRADE.as_str())? {
        let other = exercise_balance_in(&vintage)
            .and_then(|o| o.value_at("year", E1_YEAR, "balance_usd_mn"));
        if let Ok(value) = other {
            check = check.known_mistake(
                value,
                Mistake::WrongVintage {
                    used: vintage.clone(),
                    wanted: wanted.clone(),
                },
            );
        }
    }
    for year in [E1_YEAR - 1, E1_YEAR + 1] {
        if let Ok(value) = t.value_at("year", year, "balance_usd_mn") {
            check = check.known_mistake(value, data_year(year, E1_YEAR));
        }
    }
    Ok(check)
}

/// E2: Japan's FY2015 defence budget (the default measure of [`DefenceBudget`]) converted to US
/// dollars at the 2015 average rate and deflated with the US CPI-U to 2024 prices, USD billions.
/// Recognises: nominal dollars, the 2024 exchange rate, the GDP deflator, deflating in yen,
/// millions.
///
/// ```
/// use tradedef::prelude::*;
/// use tradedef::teach::*;
/// let yen = tradedef::analysis::defence::defence_budget()?.value_at("fiscal_year", 2015, "budget_jpy_bn")?;
/// let nominal = CurrencyRates::of("JPY")?.to_usd(yen, 2015)?;
/// let real = tradedef::analysis::deflate(nominal, 2015, DeflatorSeries::UsCpiU, 2024)?;
/// assert!(check_real_dollars(real).passed());
/// assert!(check_real_dollars(nominal).hint().unwrap().contains("nominal"));
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn check_real_dollars(answer: impl IntoAnswer<f64>) -> Check {
    checked(E2, real_dollars_check, |c| c.check(answer))
}

fn real_dollars_check() -> Result<ValueCheck> {
    let (year, prices) = E2_YEARS;
    let yen = DefenceBudget::new()
        .table()?
        .value_at("fiscal_year", year, "budget_jpy_bn")?;
    let fx = CurrencyRates::of("JPY")?;
    let cpi = Deflator::load(DeflatorSeries::UsCpiU, prices)?;
    let nominal = fx.to_usd(yen, year)?;
    let expected = cpi.real(nominal, year)?;
    let mut check = ValueCheck::new(E2, expected, "USD billions, 2024 prices (US CPI-U)")
        .known_mistake(nominal, Mistake::NominalForReal);
    let late_rate = fx.to_usd(yen, prices)?;
    check = check
        .known_mistake(
            cpi.real(late_rate, year)?,
            Mistake::WrongYear {
                what: "the exchange rate".into(),
                used: prices,
                wanted: year,
            },
        )
        .known_mistake(
            late_rate,
            Mistake::Other(format!(
                "You converted at the {prices} exchange rate and did not deflate. Convert the \
                 {year} yen at the {year} rate (yen of {year} buy dollars of {year}), then \
                 deflate those dollars to {prices} prices with the US CPI-U."
            )),
        );
    if let Ok(gdp) = Deflator::load(DeflatorSeries::UsGdpDeflator, prices) {
        check = check.known_mistake(
            gdp.real(nominal, year)?,
            Mistake::Other(
                "You deflated with the US GDP deflator; the exercise asks for the US CPI-U \
                 (`DeflatorSeries::UsCpiU`)."
                    .into(),
            ),
        );
    }
    if let Ok(japan) = Deflator::load(DeflatorSeries::JapanGdpDeflator, prices) {
        check = check.known_mistake(
            fx.to_usd(japan.real(yen, year)?, prices)?,
            Mistake::Other(format!(
                "You deflated in yen (Japan's deflator) and converted at the {prices} rate: a \
                 valid method, but not the one asked. Convert first at the {year} rate, then \
                 deflate with the US CPI-U."
            )),
        );
    }
    Ok(check)
}

/// E3: the five countries with the largest US goods deficits in 2022, largest first: columns
/// `partner` and `balance_usd_bn` (negative). Recognises: regions or groups in the list, order,
/// millions, another year.
///
/// ```
/// use tradedef::prelude::*;
/// use tradedef::teach::*;
/// let mine = deficit_share_by_partner(2022)?.into_frame().head(Some(5))
///     .select(["partner", "balance_usd_bn"])?;
/// assert!(check_partner_ranking(mine).passed());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check_partner_ranking(answer: impl IntoAnswer<DataFrame>) -> Check {
    checked(E3, partner_ranking_check, |c| c.check(answer))
}

fn top_partners(year: i64) -> Result<DataFrame> {
    let t = DeficitShares::new(year).table()?;
    let partners: Vec<Option<String>> = t.texts("partner")?.into_iter().take(E3_TOP).collect();
    let balances: Vec<Option<f64>> = t
        .floats("balance_usd_bn")?
        .into_iter()
        .take(E3_TOP)
        .collect();
    DataFrame::new(
        partners.len(),
        vec![
            Column::new("partner".into(), partners),
            Column::new("balance_usd_bn".into(), balances),
        ],
    )
    .map_err(|e| crate::Error::polars("the E3 solution table", e))
}

fn partner_ranking_check() -> Result<TableCheck> {
    let mut check = TableCheck::new(E3, top_partners(E3_YEAR)?)
        .order("largest deficit first (most negative balance first)")
        .extra_row_hint(
            "Only countries are ranked: leave out regions and groups (rows whose partner_kind \
             is \"aggregate\", such as Asia, Europe or the European Union).",
        );
    if let Ok(earlier) = top_partners(E3_YEAR - 1) {
        check = check.known_mistake(earlier, data_year(E3_YEAR - 1, E3_YEAR));
    }
    Ok(check)
}

/// E4: the change of US military spending from 2023 to 2024 in constant dollars (SIPRI's April
/// 2025 release, the one the story reported), in percent. Recognises: current dollars, a
/// fraction, the change of a year earlier.
///
/// ```
/// use tradedef::prelude::*;
/// use tradedef::teach::*;
/// let us = military_spending_in("United States", &Vintage::named("sipri-milex-2025-04"))?;
/// let (a, b) = (us.value_at("year", 2023, "constant_usd_millions")?, us.value_at("year", 2024, "constant_usd_millions")?);
/// assert!(check_claim_growth((b / a - 1.0) * 100.0).passed());
/// assert!(check_claim_growth(b / a - 1.0).hint().unwrap().contains("percent"));
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn check_claim_growth(answer: impl IntoAnswer<f64>) -> Check {
    checked(E4, claim_growth_check, |c| c.check(answer))
}

fn claim_growth_check() -> Result<ValueCheck> {
    let us = military_spending_in("United States", &Vintage::named(E4_RELEASE))?;
    let change = |measure: &str, from: i64, to: i64| -> Result<f64> {
        Ok((us.value_at("year", to, measure)? / us.value_at("year", from, measure)? - 1.0) * 100.0)
    };
    let (from, to) = E4_YEARS;
    let expected = change("constant_usd_millions", from, to)?;
    let mut check =
        ValueCheck::new(E4, expected, "percent (real, constant US dollars)").tolerance(5e-3);
    if let Ok(nominal) = change("current_usd_millions", from, to) {
        check = check.known_mistake(nominal, Mistake::NominalForReal);
    }
    if let Ok(earlier) = change("constant_usd_millions", from - 1, to - 1) {
        check = check.known_mistake(
            earlier,
            Mistake::WrongYear {
                what: "the change".into(),
                used: to - 1,
                wanted: to,
            },
        );
    }
    Ok(check)
}

/// E5: a line chart of the annual US goods balance with Japan (every year with a figure, latest
/// vintage covering each year) in USD billions, its source line from the data. Recognises:
/// no source line, a typed source, millions, sign, missing years.
///
/// ```
/// use tradedef::prelude::*;
/// use tradedef::teach::*;
/// let t = bilateral_balance("Japan")?;
/// let points: Vec<(f64, f64)> = t.ints("year")?.into_iter().zip(t.floats("balance_usd_mn")?)
///     .filter_map(|(y, b)| Some((y? as f64, b? / 1000.0))).collect();
/// let chart = LineChart::new("US goods balance with Japan").series("balance", points).source(t.provenance());
/// assert!(check_source_chart(chart).passed());
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn check_source_chart(answer: impl IntoAnswer<LineChart>) -> Check {
    checked(E5, source_chart_check, |c| c.check(answer))
}

fn source_chart_check() -> Result<ChartCheck> {
    let t = exercise_balance()?;
    let points: Vec<(f64, f64)> = t
        .ints("year")?
        .into_iter()
        .zip(t.floats("balance_usd_mn")?)
        .filter_map(|(y, b)| Some((y? as f64, b? / 1000.0)))
        .collect();
    let chart = LineChart::new("US goods balance with Japan")
        .series("balance", points)
        .y_format(ValueFormat::usd_billions())
        .source(t.provenance());
    Ok(
        ChartCheck::new(E5, chart, "USD billions").also_accept_source(
            &load(crate::data::ids::US_JAPAN_GOODS_TRADE.as_str())?
                .provenance()
                .source_line(),
        ),
    )
}

/// The vintage a table's row for `year` comes from.
fn vintage_of(t: &Table, year: i64) -> Result<String> {
    let years = t.ints("year")?;
    let vintages = t.texts("vintage")?;
    years
        .iter()
        .zip(vintages)
        .find(|(y, _)| **y == Some(year))
        .and_then(|(_, v)| v)
        .ok_or_else(|| {
            crate::Error::not_found(
                "vintage of the year",
                year.to_string(),
                Vec::<String>::new(),
            )
        })
}

/// The distinct vintages of a dataset, sorted.
fn vintages(dataset: &str) -> Result<Vec<String>> {
    let d = load(dataset)?;
    let all: std::collections::BTreeSet<String> =
        crate::analysis::texts(d.frame(), dataset, "vintage")?
            .into_iter()
            .flatten()
            .collect();
    Ok(all.into_iter().collect())
}

fn data_year(used: i64, wanted: i64) -> Mistake {
    Mistake::WrongYear {
        what: "the data".into(),
        used,
        wanted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::deflate;

    fn yen_to_usd(yen: f64, year: i64) -> Result<f64> {
        CurrencyRates::of("JPY")?.to_usd(yen, year)
    }
    use crate::teach::todo_answer;

    fn hint(c: Check) -> String {
        assert!(!c.passed(), "{c}");
        c.hint().unwrap_or_default().to_string()
    }

    #[test]
    fn e1_vintage_year_sign_and_scale() {
        let t = exercise_balance().unwrap();
        let right = t.value_at("year", 2024, "exports_usd_mn").unwrap()
            - t.value_at("year", 2024, "imports_usd_mn").unwrap();
        assert!(check_bilateral_balance(right).passed());
        assert!(check_bilateral_balance(todo_answer()).is_not_done());
        let old = super::exercise_balance_in("census-c5880-page-2026-03")
            .unwrap()
            .value_at("year", 2024, "balance_usd_mn")
            .unwrap();
        assert!(hint(check_bilateral_balance(old)).contains("vintage census-c5880-page-2026-03"));
        let y2023 = t.value_at("year", 2023, "balance_usd_mn").unwrap();
        assert!(hint(check_bilateral_balance(y2023)).contains("the data of 2023"));
        assert!(hint(check_bilateral_balance(-right)).contains("exports minus imports"));
        assert!(hint(check_bilateral_balance(right / 1000.0)).contains("1,000 times too small"));
    }

    #[test]
    fn e2_nominal_rate_year_and_deflator() {
        let yen = DefenceBudget::new()
            .table()
            .unwrap()
            .value_at("fiscal_year", 2015, "budget_jpy_bn")
            .unwrap();
        let nominal = yen_to_usd(yen, 2015).unwrap();
        let real = deflate(nominal, 2015, DeflatorSeries::UsCpiU, 2024).unwrap();
        assert!(check_real_dollars(real).passed());
        assert!(hint(check_real_dollars(nominal)).contains("nominal terms"));
        let late = deflate(
            yen_to_usd(yen, 2024).unwrap(),
            2015,
            DeflatorSeries::UsCpiU,
            2024,
        )
        .unwrap();
        assert!(hint(check_real_dollars(late)).contains("the exchange rate of 2024"));
        let gdp = deflate(nominal, 2015, DeflatorSeries::UsGdpDeflator, 2024).unwrap();
        assert!(hint(check_real_dollars(gdp)).contains("GDP deflator"));
        assert!(hint(check_real_dollars(real * 1000.0)).contains("1,000 times too large"));
    }

    #[test]
    fn e3_year_and_regions() {
        assert!(check_partner_ranking(top_partners(2022).unwrap()).passed());
        assert!(
            hint(check_partner_ranking(top_partners(2021).unwrap())).contains("the data of 2021")
        );
        let with_asia = polars::df!(
            "partner" => ["Asia", "China", "Mexico", "Vietnam", "Canada"],
            "balance_usd_bn" => [-814.7, -382.9, -130.6, -116.1, -81.6]
        )
        .unwrap();
        assert!(hint(check_partner_ranking(with_asia)).contains("leave out regions"));
    }

    #[test]
    fn e4_nominal_fraction_and_year() {
        let us = military_spending_in("United States", &Vintage::named(E4_RELEASE)).unwrap();
        let g = |m: &str, a: i64, b: i64| {
            (us.value_at("year", b, m).unwrap() / us.value_at("year", a, m).unwrap() - 1.0) * 100.0
        };
        let real = g("constant_usd_millions", 2023, 2024);
        assert!(check_claim_growth(real).passed());
        assert!(
            hint(check_claim_growth(g("current_usd_millions", 2023, 2024))).contains("nominal")
        );
        assert!(hint(check_claim_growth(real / 100.0)).contains("percent"));
        assert!(
            hint(check_claim_growth(g("constant_usd_millions", 2022, 2023)))
                .contains("the change of 2023")
        );
    }

    #[test]
    fn e5_dataset_source_is_accepted_and_millions_are_not() {
        let t = exercise_balance().unwrap();
        let points = |scale: f64| -> Vec<(f64, f64)> {
            t.ints("year")
                .unwrap()
                .into_iter()
                .zip(t.floats("balance_usd_mn").unwrap())
                .filter_map(|(y, b)| Some((y? as f64, b? * scale)))
                .collect()
        };
        let source = load(crate::data::ids::US_JAPAN_GOODS_TRADE.as_str())
            .unwrap()
            .provenance();
        let right = LineChart::new("b")
            .series("b", points(0.001))
            .source(&source);
        assert!(check_source_chart(right).passed());
        let millions = LineChart::new("b").series("b", points(1.0)).source(&source);
        assert!(hint(check_source_chart(millions)).contains("1,000 times too large"));
        let unsourced = LineChart::new("b").series("b", points(0.001));
        assert!(hint(check_source_chart(unsourced)).contains("names its source"));
    }
}
