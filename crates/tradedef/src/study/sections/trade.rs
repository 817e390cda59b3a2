//! Trade sections: the goods balance, the partner's rank, deficits and surpluses by country,
//! what imports are made of, a category's share of the deficit, and a tariff scenario.

use polars::prelude::*;

use super::{Context, Parts, Words, parts};
use crate::analysis::plan::{collect, div};
use crate::analysis::tariff::{DEFAULT_ELASTICITY, GRID_ELASTICITIES, GRID_PASS_THROUGHS};
use crate::analysis::{
    Category, DeficitShares, Table, TariffScenario, bilateral_balance, composition_year,
    enduse_category_label, import_composition, latest_complete_year, partner_category_share,
    year_to_date,
};
use crate::analysis::{floats, ints};
use crate::chart::{BarChart, ColumnChart, LineChart, ValueFormat};
use crate::data::Partner;
use crate::study::exhibit::{long_series, pct, tariff_grid_line_chart, usd_bn, vintage_spans};
use crate::{Error, Result};

pub(super) fn balance(ctx: &Context, w: &Words, years: &[i64]) -> Result<Parts<LineChart>> {
    let p = &ctx.partner;
    let t = bilateral_balance(p)?;
    let all: Vec<i64> = t.ints("year")?.into_iter().flatten().collect();
    let (Some(&first), Some(&last)) = (all.first(), all.last()) else {
        return Err(Error::no_data(
            format!("the goods balance with {}", p.name),
            "no year has a figure",
        ));
    };
    let name = &p.name;
    let lines = long_series(
        &t,
        "year",
        &[
            ("imports_usd_mn", format!("US imports from {name}"), 1e-3),
            ("exports_usd_mn", format!("US exports to {name}"), 1e-3),
            ("balance_usd_mn", "Balance (exports − imports)".into(), 1e-3),
        ],
    )?;
    let mut chart = LineChart::new(w.headline(format!("US goods trade with {name}, {first}–{last}")))
        .subtitle(format!(
            "US exports to, imports from and balance with {name}, {first}–{last}, USD billions (nominal, Census basis)"
        ))
        .lines_by(&lines, "year", "value", "series")?
        .y_label("USD billions")
        .y_format(ValueFormat::usd_billions())
        .sign_words("surplus", "deficit")
        .include_zero(true)
        .source(t.provenance())
        .note(format!(
            "Each year from the latest vintage covering it: {}.",
            vintage_spans(&t)?
        ));
    if let Some((x, label)) = &ctx.story {
        chart = chart.annotate(*x, label.clone());
    }
    let mut findings = Vec::new();
    let mut stated: Vec<i64> = years.iter().copied().filter(|y| *y != last).collect();
    stated.push(last);
    for y in stated {
        let b = t.value_at("year", y, "balance_usd_mn")?;
        findings.push(if b < 0.0 {
            format!(
                "In {y} the US bought {} more goods from {name} than it sold there (Census basis, latest vintage).",
                usd_bn(-b / 1e3)
            )
        } else {
            format!(
                "In {y} the US sold {} more goods to {name} than it bought there (Census basis, latest vintage).",
                usd_bn(b / 1e3)
            )
        });
    }
    // the year of the lowest balance (the first such year)
    let lowest = collect(
        t.frame()
            .clone()
            .lazy()
            .filter(
                col("year")
                    .is_not_null()
                    .and(col("balance_usd_mn").is_not_null()),
            )
            .sort(
                ["balance_usd_mn"],
                SortMultipleOptions::default().with_maintain_order(true),
            )
            .limit(1),
        t.name(),
    )?;
    if let Some((worst_year, worst)) = ints(&lowest, t.name(), "year")?
        .into_iter()
        .zip(floats(&lowest, t.name(), "balance_usd_mn")?)
        .find_map(|(y, b)| Some((y?, b?)))
        && worst < 0.0
        && worst_year != last
    {
        findings.push(format!(
            "The largest US deficit with {name} in these data: {} in {worst_year}.",
            usd_bn(-worst / 1e3)
        ));
    }
    if let Some(ytd) = partial_year(p, last)? {
        findings.push(ytd);
    }
    parts(
        &w.id("balance"),
        &w.title(format!("The US goods balance with {name}")),
        &w.question(format!(
            "How big is the US goods balance with {name}, and how has it moved since {first}?"
        )),
        &chart,
        &t,
        findings,
    )
}

/// The months published so far of the year after the chart's last complete year, as a finding
/// that names its months and compares them with the same months of the year before; `None` when
/// the monthly data hold no such partial year for the partner.
fn partial_year(p: &Partner, last_complete: i64) -> Result<Option<String>> {
    let ytd = match year_to_date(p) {
        Ok(Some(y)) if y.year > last_complete => y,
        Ok(_) => return Ok(None),
        Err(e) if e.is_data_gap() => return Ok(None),
        Err(e) => return Err(e),
    };
    let b = ytd.current.balance_usd_mn;
    let side = |b: f64| {
        if b < 0.0 {
            format!("a US deficit of {}", usd_bn(-b / 1e3))
        } else {
            format!("a US surplus of {}", usd_bn(b / 1e3))
        }
    };
    let mut text = format!(
        "{} (year to date, not a full year): {}",
        ytd.period(),
        side(b)
    );
    if let Some(prev) = ytd.previous {
        text.push_str(&format!(
            ", against {} in {} {}",
            side(prev.balance_usd_mn),
            ytd.months(),
            ytd.year - 1
        ));
        if !ytd.one_release {
            text.push_str(" (the two periods come from different releases)");
        }
    }
    text.push('.');
    Ok(Some(text))
}

pub(super) fn rank(
    ctx: &Context,
    w: &Words,
    year: Option<i64>,
    bars: usize,
) -> Result<Parts<BarChart>> {
    let p = &ctx.partner;
    let year = match year {
        Some(y) => y,
        None => latest_complete_year()?,
    };
    let shares = DeficitShares::new(year);
    let r = shares.partner(p)?;
    let t = shares.table()?;
    let limit = u32::try_from(bars).unwrap_or(u32::MAX);
    let shown = collect(
        t.frame()
            .clone()
            .lazy()
            .filter(
                col("partner")
                    .is_not_null()
                    .and(col("balance_usd_bn").is_not_null()),
            )
            .with_row_index("row", None)
            .filter(
                col("row")
                    .lt(lit(limit))
                    .or(col("partner").eq(lit(r.row.partner.clone()))),
            ),
        t.name(),
    )?;
    let name = &p.name;
    let chart = BarChart::new(w.headline(format!(
        "Where {name} stands among US trading partners, {year}"
    )))
    .subtitle(format!(
        "US goods balance with the {} largest deficit partners{}, {year}, USD billions (negative = US deficit)",
        number_word(bars),
        if r.row.rank <= bars {
            String::new()
        } else {
            format!(" and {name}")
        }
    ))
    .bars_from(&shown, "partner", "balance_usd_bn")?
    .diverging()
    .sign_labels("US surplus", "US deficit")
    .sort_by_value(false)
    .value_format(ValueFormat::usd_billions().decimals(1))
    .value_label("USD billions")
    .highlight(r.row.partner.clone())
    .source(t.provenance())
    .note("Countries only; aggregates such as the European Union are not ranked.");
    let finding = if r.row.balance_usd_bn < 0.0 {
        format!(
            "{name} ranked {} of {} partners by the size of the US goods deficit in {year}: {} of the US total deficit of {}.",
            r.row.rank,
            r.of,
            pct(r.row.share_pct),
            usd_bn(-r.total_usd_bn)
        )
    } else {
        format!(
            "The US ran a goods surplus of {} with {name} in {year} (rank {} of {} by deficit).",
            usd_bn(r.row.balance_usd_bn),
            r.row.rank,
            r.of
        )
    };
    parts(
        &w.id("rank"),
        &w.title(format!("{name} among US trading partners, {year}")),
        &w.question(format!(
            "Where does {name} rank among the countries the US trades with?"
        )),
        &chart,
        &t,
        vec![finding],
    )
}

/// A small count in words for subtitles ("twelve"), else digits.
fn number_word(n: usize) -> String {
    const WORDS: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| w.to_string())
}

pub(super) fn partner_balances(
    ctx: &Context,
    w: &Words,
    year: i64,
    deficits: usize,
    surpluses: usize,
) -> Result<Parts<BarChart>> {
    let p = &ctx.partner;
    let shares = DeficitShares::new(year);
    let t = shares.table()?;
    let r = shares.partner(p)?;
    // rows are in rank order: the largest deficits first, the largest surpluses last
    let known = t.frame().clone().lazy().filter(
        col("partner")
            .is_not_null()
            .and(col("balance_usd_bn").is_not_null()),
    );
    let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let chosen = collect(
        concat(
            [
                known
                    .clone()
                    .filter(col("balance_usd_bn").lt(lit(0.0)))
                    .limit(to_u32(deficits)),
                known
                    .filter(col("balance_usd_bn").gt(lit(0.0)))
                    .reverse()
                    .limit(to_u32(surpluses)),
            ],
            UnionArgs::default(),
        )
        .map_err(|e| Error::polars(t.name(), e))?,
        t.name(),
    )?;
    let name = &p.name;
    let chart = BarChart::new(w.headline(format!(
        "Deficits and surpluses: US goods balance by country, {year}"
    )))
    .subtitle(format!(
        "{} largest US deficits and {} largest surpluses, USD billions",
        capitalised(&number_word(deficits)),
        number_word(surpluses)
    ))
    .bars_from(&chosen, "partner", "balance_usd_bn")?
    .diverging()
    .sign_labels("US surplus", "US deficit")
    .sort_by_value(false)
    .value_format(ValueFormat::usd_billions().decimals(1))
    .highlight(r.row.partner.clone())
    .source(t.provenance());
    parts(
        &w.id("partner-balances"),
        &w.title(format!("Deficits and surpluses by country, {year}")),
        &w.question(format!(
            "With which countries does the US run its largest deficits and surpluses in {year}?"
        )),
        &chart,
        &t,
        vec![format!(
            "Among all {} countries in the Census file, {name} ranked {} in {year} with {} of the US goods deficit.",
            r.of,
            r.row.rank,
            pct(r.row.share_pct)
        )],
    )
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn the_composition_year(ctx: &Context, year: Option<i64>) -> Result<i64> {
    match year.or(ctx.composition_year) {
        Some(y) => Ok(y),
        None => composition_year(&ctx.partner),
    }
}

/// The partner's largest end-use category in a composition table: (first digit, USD millions);
/// of equal ones, the last.
fn largest_category(t: &Table) -> Result<(String, f64)> {
    let top = collect(
        t.frame()
            .clone()
            .lazy()
            .filter(
                col("category")
                    .is_not_null()
                    .and(col("imports_usd_mn").is_not_null()),
            )
            .with_row_index("row", None)
            .sort(
                ["imports_usd_mn", "row"],
                SortMultipleOptions::default().with_order_descending(true),
            )
            .limit(1),
        t.name(),
    )?;
    crate::analysis::texts(&top, t.name(), "category")?
        .into_iter()
        .zip(floats(&top, t.name(), "imports_usd_mn")?)
        .find_map(|(c, v)| Some((c?, v?)))
        .ok_or_else(|| Error::no_data(t.name(), "no end-use imports"))
}

pub(super) fn composition(ctx: &Context, w: &Words, year: Option<i64>) -> Result<Parts<BarChart>> {
    let p = &ctx.partner;
    let year = the_composition_year(ctx, year)?;
    let t = import_composition(p, year)?;
    let name = &p.name;
    let bars = collect(
        t.frame()
            .clone()
            .lazy()
            .with_column(div(col("imports_usd_mn"), lit(1e3)).alias("imports_usd_bn")),
        t.name(),
    )?;
    let chart = BarChart::new(w.headline(format!("What the US imports from {name}, {year}")))
        .subtitle(format!(
            "US general imports from {name} by end-use category, {year}, USD billions"
        ))
        .bars_from(&bars, "label", "imports_usd_bn")?
        .sort_by_value(true)
        .value_format(ValueFormat::usd_billions().decimals(1))
        .value_label("USD billions")
        .source(t.provenance());
    let (digit, top) = largest_category(&t)?;
    let share = t.value_where("category", &digit, "share_of_imports_pct")?;
    let mut findings = vec![format!(
        "{} was the largest category of US imports from {name} in {year}: {}, {} of the total.",
        enduse_category_label(&digit),
        usd_bn(top / 1e3),
        pct(share)
    )];
    if let Ok(g) = t.value_where("category", &digit, "gross_share_of_deficit_pct") {
        findings.push(format!(
            "Its imports equal {} of the US goods deficit with {name} that year (gross share; no US exports by end-use category are in the data, so no net share).",
            pct(g)
        ));
    }
    parts(
        &w.id("composition"),
        &w.title(format!("What US imports from {name} are made of, {year}")),
        &w.question(format!(
            "Which kinds of goods make up US imports from {name}, and how do they compare with the deficit?"
        )),
        &chart,
        &t,
        findings,
    )
}

pub(super) fn category_share(
    ctx: &Context,
    w: &Words,
    category: &str,
    year: Option<i64>,
) -> Result<Parts<ColumnChart>> {
    let p = &ctx.partner;
    let name = &p.name;
    let category = Category::parse(category)?;
    let label = category.label();
    let t = partner_category_share(p, &category)?;
    let deficit = collect(
        t.frame()
            .clone()
            .lazy()
            .with_column((-col("balance_usd_mn")).alias("deficit_usd_mn")),
        t.name(),
    )?;
    let columns = crate::study::exhibit::frame_series(
        &deficit,
        t.name(),
        "year",
        &[
            (
                "deficit_usd_mn",
                format!("US goods deficit with {name}"),
                1e-3,
            ),
            (
                "imports_usd_mn",
                format!("US imports of {label} from {name}"),
                1e-3,
            ),
        ],
    )?;
    let chart = ColumnChart::new(w.headline(format!(
        "US imports of {label} from {name} beside the deficit"
    )))
    .subtitle(format!(
        "US imports from {name} of {label}, and the US goods deficit with {name}, USD billions"
    ))
    .columns_by(&columns, "year", "value", "series")?
    .grouped()
    .y_label("USD billions")
    .y_format(ValueFormat::usd_billions())
    .source(t.provenance())
    .note(format!(
        "Gross measure: imports of the category over the deficit; US exports of the category to {name} are not netted out here (the table has the net share where the data hold them)."
    ));
    let years: Vec<i64> = t.ints("year")?.into_iter().flatten().collect();
    let year = match year.or(years.last().copied()) {
        Some(y) => y,
        None => {
            return Err(Error::no_data(
                format!("{label} imports from {name}"),
                "no year holds both the imports and the balance",
            ));
        }
    };
    let gross = t.value_at("year", year, "gross_share_pct")?;
    let finding = match t.value_at("year", year, "net_share_pct") {
        Ok(net) => format!(
            "In {year} US imports of {label} from {name} equalled {} of the goods deficit with {name} (gross); net of US exports of the category to {name}, {}.",
            pct(gross),
            pct(net)
        ),
        // an empty net share: no exports of the category in the data (other errors are errors)
        Err(Error::NotFound { .. }) => format!(
            "In {year} US imports of {label} from {name} equalled {} of the goods deficit with {name} (gross; the data hold no US exports of the category to {name}, so no net share).",
            pct(gross)
        ),
        Err(e) => return Err(e),
    };
    parts(
        &w.id("category-share"),
        &w.title(format!("How much of the deficit is {label}?")),
        &w.question(format!(
            "What share of the US goods deficit with {name} do imports of {label} account for?"
        )),
        &chart,
        &t,
        vec![finding],
    )
}

/// A tariff section's arguments (see [`SectionKind::Tariff`](crate::study::SectionKind::Tariff)).
pub(super) struct TariffArgs<'a> {
    pub category: Option<&'a str>,
    pub year: Option<i64>,
    pub points: f64,
    pub elasticity: Option<f64>,
    pub claim_usd_bn: Option<f64>,
    pub compare_rate: Option<f64>,
}

pub(super) fn tariff(ctx: &Context, w: &Words, a: &TariffArgs) -> Result<Parts<LineChart>> {
    let p = &ctx.partner;
    let name = &p.name;
    let elasticity = a.elasticity.unwrap_or(DEFAULT_ELASTICITY);
    let year = the_composition_year(ctx, a.year)?;
    let category = match a.category {
        Some(c) => Category::parse(c)?,
        None => {
            let comp = import_composition(p, year)?;
            let (digit, _) = largest_category(&comp)?;
            Category::EndUse(digit)
        }
    };
    let label = category.label().to_lowercase();
    let scenario = TariffScenario::category(category)
        .partner(p)
        .additional_rate(a.points)
        .elasticity(elasticity)
        .base_year(year);
    let headline = scenario.run()?;
    let base_year = headline.scenario.imports_year();
    let t = scenario.grid(&GRID_ELASTICITIES, &GRID_PASS_THROUGHS)?;
    let points = a.points;
    let mut chart = tariff_grid_line_chart(
        w.headline(format!(
            "What a {points:.0}-point tariff on {label} could cost {name}'s exporters"
        )),
        format!(
            "Exporters' yearly revenue loss from a {points:.0}-point US tariff on {label}, USD billions, against the import demand elasticity, by pass-through to US prices ({base_year} imports)"
        ),
        format!(
            "Static partial equilibrium on {base_year} imports; the current rate is {}; pass-through = share of the tariff in US buyers' prices, the rest absorbed by exporters.",
            headline.old_rate_source
        ),
        &t,
    )?;
    let mut findings = vec![format!(
        "On {base_year} imports of {} from {name}, a {points:.0}-point tariff on top of the current rate ({}), fully passed on to US buyers at elasticity {elasticity:.1}, cuts imports by {} and costs exporters {} a year; US tariff revenue rises to {}.",
        usd_bn(headline.base_imports_usd_mn / 1e3),
        headline.old_rate_source,
        pct(-headline.volume_change_pct),
        usd_bn(headline.exporters_revenue_loss_usd_mn / 1e3),
        usd_bn(headline.tariff_revenue_after_usd_mn / 1e3)
    )];
    if let Some(claim) = a.claim_usd_bn {
        let e = t.floats("elasticity")?;
        let (lo, hi) = e
            .iter()
            .flatten()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                (a.min(x), b.max(x))
            });
        let claimed = usd_bn(claim);
        if lo.is_finite() {
            chart = chart.series(
                format!("the story's {claimed}"),
                vec![(lo, claim), (hi, claim)],
            );
        }
        let check = scenario.check_claim(claim * 1e3)?;
        let mut required: Vec<&(f64, Option<f64>)> = check.required.iter().collect();
        required.sort_by(|a, b| b.0.total_cmp(&a.0));
        let reach: Vec<String> = required
            .iter()
            .filter_map(|(p, e)| e.map(|e| format!("{e:.2} at {:.0}% pass-through", p * 100.0)))
            .collect();
        let beyond: Vec<String> = required
            .iter()
            .filter(|(_, e)| e.is_none())
            .map(|(p, _)| format!("{:.0}%", p * 100.0))
            .collect();
        let mut sentence = if reach.is_empty() {
            format!("The claimed {claimed} a year is reached at no elasticity")
        } else {
            format!(
                "The claimed {claimed} a year is reached from an import demand elasticity of {}",
                reach.join(", ")
            )
        };
        if !beyond.is_empty() {
            sentence.push_str(&format!(
                "; no elasticity gets there at {} pass-through, where exporters absorb the whole tariff",
                beyond.join(", ")
            ));
        }
        findings.push(sentence + ".");
    }
    if let Some(rate) = a.compare_rate {
        let other = scenario.clone().new_rate(rate).run()?;
        findings.push(format!(
            "An all-in rate of {rate}%, under the same assumptions, costs exporters {} a year.",
            usd_bn(other.exporters_revenue_loss_usd_mn / 1e3)
        ));
    }
    parts(
        &w.id("tariff"),
        &w.title(format!("A {points:.0}-point tariff on {label} from {name}")),
        &w.question(format!(
            "What would a tariff on US imports of {label} from {name} cost its exporters?"
        )),
        &chart,
        &t,
        findings,
    )
}
