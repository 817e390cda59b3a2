//! Sections that draw a dataset of their own, named by the study description: a national
//! defence budget, one measure of a dataset by year, and a partner's trade with a third country.

use polars::prelude::*;

use super::{Context, Parts, Words, parts};
use crate::analysis::plan::{collect, keep_order};
use crate::analysis::{CurrencyRates, DefenceBudget, GrowthBasis, TableBuilder};
use crate::chart::{ColumnChart, LineChart, ValueFormat};
use crate::data::load;
use crate::study::exhibit::{frame_series, long_series, pct, usd_bn};
use crate::study::spec::StateValue;
use crate::{Error, Result};

/// The currency code of a unit such as `JPY billions`, if the unit starts with one.
fn currency_of(unit: &str) -> Option<&str> {
    let code = unit.split_whitespace().next()?;
    (code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase())).then_some(code)
}

/// A money amount in a currency's own sign where it has a common one (`¥7.9 trillion`), else
/// with its code.
pub(crate) fn money_sign(code: &str) -> String {
    match code {
        "JPY" => "¥".into(),
        "EUR" => "€".into(),
        "GBP" => "£".into(),
        "KRW" => "₩".into(),
        "CNY" => "CN¥".into(),
        other => format!("{other} "),
    }
}

pub(super) fn defence_budget(
    ctx: &Context,
    w: &Words,
    dataset: &str,
    base_year: i64,
    growth: &[[i64; 2]],
) -> Result<Parts<LineChart>> {
    let budget = DefenceBudget::new().dataset(dataset)?;
    let t = budget.table()?;
    let name = &ctx.partner.name;
    let currency = budget.currency();
    let index = collect(
        t.frame()
            .clone()
            .lazy()
            .filter(col("fiscal_year").gt_eq(lit(base_year))),
        t.name(),
    )?;
    let based = |column: &str| -> Result<f64> { t.value_at("fiscal_year", base_year, column) };
    let series = [
        ("budget_jpy_bn", format!("in {currency} (nominal)")),
        (
            "budget_real_jpy_bn",
            format!("in {currency} (real, consumer prices)"),
        ),
        ("budget_usd_bn", "in US dollars (nominal)".to_string()),
        ("budget_real_usd_bn", "in US dollars (real)".to_string()),
    ];
    let mut scaled = Vec::new();
    for (column, label) in series {
        scaled.push((column, label, 100.0 / based(column)?));
    }
    let lines = frame_series(
        &index,
        t.name(),
        "fiscal_year",
        &scaled
            .iter()
            .map(|(c, l, s)| (*c, l.clone(), *s))
            .collect::<Vec<_>>(),
    )?;
    let chart = LineChart::new(w.headline(format!(
        "{name}'s defence budget in {currency} and in dollars"
    )))
    .subtitle(format!(
        "{}, index FY{base_year} = 100",
        t.name()
    ))
    .lines_by(&lines, "fiscal_year", "value", "series")?
    .y_label(format!("index, FY{base_year} = 100"))
    .y_format(ValueFormat::number().decimals(0))
    .source(t.provenance())
    .note(format!(
        "Dollars at the calendar-year average rate of the year the fiscal year starts; real dollars with the US GDP deflator; real {currency} with the consumer prices implied by SIPRI (its latest release, one price base)."
    ));
    let sign = money_sign(currency);
    let years: Vec<i64> = t.ints("fiscal_year")?.into_iter().flatten().collect();
    let last = *years.last().ok_or_else(|| {
        Error::no_data(
            format!("defence budget in {dataset}"),
            "no fiscal year has a figure",
        )
    })?;
    let mut findings = vec![format!(
        "FY{last}'s budget is {sign}{:.1} trillion, {} at {sign}{:.1} per dollar.",
        t.value_at("fiscal_year", last, "budget_jpy_bn")? / 1e3,
        usd_bn(t.value_at("fiscal_year", last, "budget_usd_bn")?),
        t.value_at("fiscal_year", last, "jpy_per_usd")?
    )];
    for [from, to] in growth {
        let g = budget.growth(*from, *to)?;
        let change = |basis| g.basis(basis).map(|c| c.change_pct);
        findings.push(format!(
            "FY{from} to FY{to} it grew {} in {currency}, {} in real {currency}, {} in dollars and {} in real dollars.",
            pct(change(GrowthBasis::NominalYen)?),
            pct(change(GrowthBasis::RealYen)?),
            pct(change(GrowthBasis::NominalDollars)?),
            pct(change(GrowthBasis::RealDollars)?)
        ));
    }
    parts(
        &w.id("defence-budget"),
        &w.title(format!("{name}'s defence budget")),
        &w.question(format!(
            "How fast is {name}'s defence budget growing, in {currency}, in dollars and in real terms?"
        )),
        &chart,
        &t,
        findings,
    )
}

pub(super) fn dataset_columns(
    _ctx: &Context,
    w: &Words,
    dataset: &str,
    measure: &str,
    unit: &str,
    series_label: Option<&str>,
    state: &[StateValue],
) -> Result<Parts<ColumnChart>> {
    let d = load(dataset)?;
    let rows = collect(
        d.lazy().filter(col("unit").eq(lit(unit))).select([
            col("year").cast(DataType::Int64),
            col("measure"),
            col("value").cast(DataType::Float64),
            col("vintage"),
        ]),
        dataset,
    )?;
    let title = d.meta().title.clone();
    let t = TableBuilder::new(title.clone())
        .frame(
            rows,
            &[
                ("year", "calendar year".into()),
                ("measure", "measure, as the dataset names it".into()),
                ("value", unit.to_string()),
                ("vintage", "release".into()),
            ],
        )
        .build(d.provenance())?;
    let drawn = collect(
        t.frame()
            .clone()
            .lazy()
            .filter(
                col("measure")
                    .eq(lit(measure))
                    .and(col("value").is_not_null()),
            )
            .select([
                col("year").cast(DataType::String),
                col("value"),
                lit(series_label.unwrap_or(measure)).alias("series"),
            ]),
        dataset,
    )?;
    if drawn.height() == 0 {
        return Err(Error::not_found(
            format!("measure in {unit} of {dataset}"),
            measure,
            crate::analysis::plan::distinct(t.frame().clone().lazy(), "measure", dataset)?,
        ));
    }
    let chart = ColumnChart::new(w.headline(title.clone()))
        .subtitle(format!("{title}, {measure}, {unit}"))
        .columns_by(&drawn, "year", "value", "series")?
        .y_label(unit)
        .y_format(if unit == "USD billions" {
            ValueFormat::usd_billions()
        } else {
            ValueFormat::number()
        })
        .source(t.provenance())
        .note("Years without a sourced figure are left out, not interpolated.");
    let mut findings = Vec::new();
    for s in state {
        let v = collect(
            t.frame().clone().lazy().filter(
                col("measure")
                    .eq(lit(s.measure.as_str()))
                    .and(col("year").eq(lit(s.year))),
            ),
            dataset,
        )?;
        let value = crate::analysis::floats(&v, dataset, "value")?
            .into_iter()
            .flatten()
            .next()
            .ok_or_else(|| {
                Error::not_found(
                    format!("{} in {dataset}", s.measure),
                    s.year.to_string(),
                    t.ints("year").unwrap_or_default().into_iter().flatten(),
                )
            })?;
        let figure = if unit == "USD billions" {
            usd_bn(value)
        } else {
            format!("{value} {unit}")
        };
        findings.push(format!("{}: {figure}.", s.says));
    }
    parts(
        &w.id(dataset),
        &w.title(title.clone()),
        &w.question(format!("What does {dataset} show?")),
        &chart,
        &t,
        findings,
    )
}

pub(super) fn third_country_trade(
    ctx: &Context,
    w: &Words,
    dataset: &str,
    with: &str,
    source: Option<&str>,
) -> Result<Parts<LineChart>> {
    let d = load(dataset)?;
    let name = &ctx.partner.name;
    let units = crate::analysis::plan::distinct(
        d.lazy()
            .filter(col("month").is_null().and(col("flow").eq(lit("total")))),
        "unit",
        dataset,
    )?;
    let Some((unit, code)) = units
        .iter()
        .find_map(|u| currency_of(u).map(|c| (u.clone(), c.to_string())))
    else {
        return Err(Error::argument(
            format!("third-country trade in {dataset}"),
            format!(
                "no yearly total in a currency's billions; units: {}",
                Vec::from_iter(units).join(", ")
            ),
        ));
    };
    let fx = CurrencyRates::of(&code)?;
    let own = format!("total_trade_{}_bn", code.to_lowercase());
    let rate = format!("{}_per_usd", code.to_lowercase());
    // the producer's yearly totals, each year with its average rate
    let rows = collect(
        d.lazy()
            .filter(
                col("month")
                    .is_null()
                    .and(col("flow").eq(lit("total")))
                    .and(col("unit").eq(lit(unit.as_str())))
                    .and(match source {
                        Some(s) => col("source").eq(lit(s)),
                        None => lit(true),
                    })
                    .and(col("year").is_not_null())
                    .and(col("value").is_not_null()),
            )
            .select([
                col("year").cast(DataType::Int64),
                col("value").cast(DataType::Float64).alias(own.as_str()),
            ])
            .join(
                fx.table()?
                    .into_frame()
                    .lazy()
                    .select([col("year"), col("units_per_usd").alias(rate.as_str())]),
                [col("year")],
                [col("year")],
                keep_order(JoinType::Left),
            )
            .with_column((col(own.as_str()) / col(rate.as_str())).alias("total_trade_usd_bn")),
        dataset,
    )?;
    let unrated = collect(
        rows.clone()
            .lazy()
            .filter(col(rate.as_str()).is_null())
            .select([col("year")]),
        dataset,
    )?;
    if let Some(y) = crate::analysis::ints(&unrated, dataset, "year")?
        .into_iter()
        .flatten()
        .next()
    {
        fx.units_per_usd(y)?;
    }
    let title = format!("{name}'s trade with {with} (exports + imports)");
    let t = TableBuilder::new(title.clone())
        .frame(
            rows,
            &[
                ("year", "calendar year".into()),
                (
                    own.as_str(),
                    format!("{unit}, nominal (sum of monthly exports and imports)"),
                ),
                (
                    rate.as_str(),
                    format!("{code} per USD, calendar-year average"),
                ),
                (
                    "total_trade_usd_bn",
                    format!("USD billions, nominal ({code} at the annual average rate)"),
                ),
            ],
        )
        .note(match source {
            Some(s) => format!(
                "the `{s}` series only; points from other producers stay out of this series"
            ),
            None => "every source of the dataset's yearly totals".to_string(),
        })
        .build(d.provenance().merge(fx.table()?.provenance()))?;
    let line = long_series(
        &t,
        "year",
        &[("total_trade_usd_bn", "total trade".into(), 1.0)],
    )?;
    let chart = LineChart::new(w.headline(format!("{name}'s trade with {with}")))
        .subtitle(format!(
            "{name}'s exports to plus imports from {with}, USD billions ({code} at the annual average rate)"
        ))
        .lines_by(&line, "year", "value", "series")?
        .y_label("USD billions")
        .y_format(ValueFormat::usd_billions())
        .include_zero(true)
        .source(t.provenance());
    let last = t
        .ints("year")?
        .into_iter()
        .flatten()
        .max()
        .ok_or_else(|| Error::no_data(title.clone(), "no year has a total"))?;
    let sign = money_sign(&code);
    parts(
        &w.id(dataset),
        &w.title(format!("{name}'s trade with {with}")),
        &w.question(format!("How large is {name}'s trade with {with}?")),
        &chart,
        &t,
        vec![format!(
            "In {last}, {name}'s exports to and imports from {with} summed to {sign}{:.1} trillion, {} at the annual average rate.",
            t.value_at("year", last, own.as_str())? / 1e3,
            usd_bn(t.value_at("year", last, "total_trade_usd_bn")?)
        )],
    )
}
