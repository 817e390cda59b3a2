//! The profile of one US trading partner: the questions of the Japan story asked of any partner.
//! Each section is built when the data hold what it needs; otherwise it is listed, with the
//! reason, among the sections left out.

use polars::prelude::*;

use crate::analysis::plan::{collect, div};
use crate::analysis::tariff::{DEFAULT_ELASTICITY, GRID_ELASTICITIES, GRID_PASS_THROUGHS};
use crate::analysis::{
    Category, DEFAULT_MILEX_MEASURE, DeficitShares, IntoPartner, Table, TariffScenario, Vintage,
    bilateral_balance, composition_year, enduse_category_label, import_composition,
    latest_complete_year, milex_growth_in, milex_price_base, milex_standing_in, military_spending,
    military_spending_in, year_to_date,
};
use crate::analysis::{floats, ints};
use crate::chart::{BarChart, LineChart, ValueFormat};
use crate::data::Partner;
use crate::error::bail;
use crate::study::exhibit::{
    Exhibit, labelled, pct, points, render, tariff_grid_line_chart, usd_bn,
};
use crate::study::{METHODOLOGY, Study, Unavailable};
use crate::{Error, Result};

/// Options of a partner profile, built with chained calls.
///
/// Defaults: the ranking in the latest year the by-partner trade data cover; the composition
/// and the tariff scenario in the latest year with both end-use imports and a goods balance for
/// the partner; a tariff of 25 points on the partner's largest end-use category, on top of the
/// current rate in the data (`TariffScenario::starting_rate`: the average duty actually collected
/// on all imports from the partner, the data giving no rate by category), elasticity 2.5;
/// military spending compared with the United States and the world.
///
/// ```
/// use tradedef::prelude::*;
/// let study = ProfileOptions::new().tariff_points(10.0).study("Mexico")?;
/// assert!(study.exhibits.iter().any(|e| e.id.ends_with("tariff")));
/// # Ok::<(), tradedef::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct ProfileOptions {
    rank_year: Option<i64>,
    composition_year: Option<i64>,
    tariff_points: f64,
    elasticity: f64,
    peers: Vec<String>,
}

impl Default for ProfileOptions {
    fn default() -> Self {
        ProfileOptions {
            rank_year: None,
            composition_year: None,
            tariff_points: 25.0,
            elasticity: DEFAULT_ELASTICITY,
            peers: vec!["United States of America".to_string()],
        }
    }
}

impl ProfileOptions {
    /// The defaults.
    pub fn new() -> Self {
        Self::default()
    }
    /// The year of the partner ranking (default: the latest in the data). Any integer type, so
    /// a notebook's `let year = 2022;` (an `i32`) works as it is.
    pub fn rank_year(mut self, year: impl Into<i64>) -> Self {
        self.rank_year = Some(year.into());
        self
    }
    /// The year of the composition and the tariff base (default: the latest with data).
    pub fn composition_year(mut self, year: impl Into<i64>) -> Self {
        self.composition_year = Some(year.into());
        self
    }
    /// The tariff, in percentage points added to the current rate (default 25).
    pub fn tariff_points(mut self, points: f64) -> Self {
        self.tariff_points = points;
        self
    }
    /// The import demand elasticity of the scenario's headline (default 2.5).
    pub fn elasticity(mut self, elasticity: f64) -> Self {
        self.elasticity = elasticity;
        self
    }
    /// Countries (SIPRI names or registry words) to compare military burden with, beside the
    /// world (default: the United States).
    pub fn peers(mut self, peers: Vec<String>) -> Self {
        self.peers = peers;
        self
    }

    /// Builds the profile of `partner`.
    pub fn study(&self, partner: impl IntoPartner) -> Result<Study> {
        let p = partner.into_partner()?;
        let mut exhibits = Vec::new();
        let mut unavailable = Vec::new();
        let sections: [(&str, Section); 6] = [
            ("US goods trade", balance),
            ("Rank among US trading partners", rank),
            ("What US imports are made of", composition),
            ("A tariff on the largest category", tariff),
            ("Military spending beside the world", defence),
            ("US military personnel assigned there", troops),
        ];
        for (i, (title, section)) in sections.into_iter().enumerate() {
            match section(self, &p, &format!("{:02}", i + 1)) {
                Ok(e) => exhibits.push(e),
                Err(e) if is_data_gap(&e) => unavailable.push(Unavailable {
                    section: title.to_string(),
                    reason: e.to_string(),
                }),
                Err(e) => bail!(e),
            }
        }
        Ok(Study {
            id: format!("partner-{}", slug(&p.name)),
            title: format!("{}: trade with the US and defence, in figures", p.name),
            lede: format!(
                "The US goods balance with {name}, its rank among US trading partners, what US imports from {name} \
                 are made of, what a tariff on its largest category would cost, its military spending beside the \
                 world's, and the US military personnel DMDC counts as assigned there — each rebuilt from sourced data by tradedef report.",
                name = p.name
            ),
            exhibits,
            unavailable,
            fact_check: None,
            methodology: METHODOLOGY.iter().map(|s| s.to_string()).collect(),
        })
    }
}

type Section = fn(&ProfileOptions, &Partner, &str) -> Result<Exhibit>;

/// Errors that mean "the data hold nothing for this partner here" (a section to leave out), as
/// opposed to broken data (which fail the study).
fn is_data_gap(e: &Error) -> bool {
    matches!(e, Error::NotFound { .. } | Error::Argument { .. })
}

/// A lowercase file-name form of a name: `South Korea` → `south-korea`.
///
/// ```
/// assert_eq!(tradedef::study::slug("Korea, South"), "korea-south");
/// ```
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn balance(_: &ProfileOptions, p: &Partner, n: &str) -> Result<Exhibit> {
    let t = bilateral_balance(p)?;
    let years: Vec<i64> = t.ints("year")?.into_iter().flatten().collect();
    let (Some(&first), Some(&last)) = (years.first(), years.last()) else {
        bail!(Error::argument(
            format!("balance of {}", p.name),
            "the goods balance has no year with a figure",
        ));
    };
    let b_last = t.value_at("year", last, "balance_usd_mn")?;
    let name = &p.name;
    let chart = LineChart::new(format!("US goods trade with {name}, {first}–{last}"))
        .subtitle(format!(
            "US exports to, imports from and balance with {name}, USD billions (nominal, Census basis)"
        ))
        .series(format!("US imports from {name}"), points(&t, "year", "imports_usd_mn", 1e-3)?)
        .series(format!("US exports to {name}"), points(&t, "year", "exports_usd_mn", 1e-3)?)
        .series("Balance (exports − imports)", points(&t, "year", "balance_usd_mn", 1e-3)?)
        .y_label("USD billions")
        .y_format(ValueFormat::usd_billions())
        .include_zero(true)
        .source(t.provenance())
        .note("Each year from the latest vintage covering it.");
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
    let (worst_year, worst) = ints(&lowest, t.name(), "year")?
        .into_iter()
        .zip(floats(&lowest, t.name(), "balance_usd_mn")?)
        .find_map(|(y, b)| Some((y?, b?)))
        .unwrap_or((last, b_last));
    let mut findings = vec![if b_last < 0.0 {
        format!(
            "In {last} the US bought {} more goods from {name} than it sold there.",
            usd_bn(-b_last / 1e3)
        )
    } else {
        format!(
            "In {last} the US sold {} more goods to {name} than it bought there.",
            usd_bn(b_last / 1e3)
        )
    }];
    if worst < 0.0 && worst_year != last {
        findings.push(format!(
            "The largest US deficit with {name} in these data: {} in {worst_year}.",
            usd_bn(-worst / 1e3)
        ));
    }
    if let Some(ytd) = partial_year(p, last)? {
        findings.push(ytd);
    }
    render(
        &format!("{n}-balance"),
        &format!("The US goods balance with {name}"),
        &format!(
            "How big is the US goods balance with {name}, and how has it moved since {first}?"
        ),
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
        Err(e) if is_data_gap(&e) => return Ok(None),
        Err(e) => bail!(e),
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

fn rank_year(o: &ProfileOptions) -> Result<i64> {
    match o.rank_year {
        Some(y) => Ok(y),
        None => latest_complete_year(),
    }
}

fn rank(o: &ProfileOptions, p: &Partner, n: &str) -> Result<Exhibit> {
    let year = rank_year(o)?;
    let shares = DeficitShares::new(year);
    let r = shares.partner(p)?;
    let t = shares.table()?;
    let mut bars = labelled(&t, "partner", "balance_usd_bn", |rows| {
        rows.filter(
            col("partner")
                .is_not_null()
                .and(col("balance_usd_bn").is_not_null()),
        )
        .limit(12)
    })?;
    if !bars.iter().any(|(c, _)| *c == r.row.partner) {
        bars.push((r.row.partner.clone(), r.row.balance_usd_bn));
    }
    let name = &p.name;
    let chart = BarChart::new(format!("Where {name} stands among US trading partners, {year}"))
        .subtitle(format!(
            "US goods balance with the twelve largest deficit partners and {name}, {year}, USD billions (negative = US deficit)"
        ))
        .bars(bars)
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
    render(
        &format!("{n}-rank"),
        &format!("{name} among US trading partners, {year}"),
        &format!("Where does {name} rank among the countries the US trades with?"),
        &chart,
        &t,
        vec![finding],
    )
}

fn the_composition_year(o: &ProfileOptions, p: &Partner) -> Result<i64> {
    match o.composition_year {
        Some(y) => Ok(y),
        None => composition_year(p),
    }
}

/// The partner's largest end-use category in `year`: (first digit, USD millions); of equal
/// ones, the last.
fn largest_category(t: &Table) -> Result<(String, f64)> {
    labelled(t, "category", "imports_usd_mn", |rows| {
        rows.filter(
            col("category")
                .is_not_null()
                .and(col("imports_usd_mn").is_not_null()),
        )
        .with_row_index("row", None)
        .sort(
            ["imports_usd_mn", "row"],
            SortMultipleOptions::default().with_order_descending(true),
        )
        .limit(1)
    })?
    .into_iter()
    .next()
    .ok_or_else(|| Error::argument(t.name(), "no end-use imports"))
}

fn composition(o: &ProfileOptions, p: &Partner, n: &str) -> Result<Exhibit> {
    let year = the_composition_year(o, p)?;
    let t = import_composition(p, year)?;
    let name = &p.name;
    let bars = labelled(&t, "label", "imports_usd_bn", |rows| {
        rows.with_column(div(col("imports_usd_mn"), lit(1e3)).alias("imports_usd_bn"))
    })?;
    let chart = BarChart::new(format!("What the US imports from {name}, {year}"))
        .subtitle(format!(
            "US general imports from {name} by end-use category, {year}, USD billions"
        ))
        .bars(bars)
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
    render(
        &format!("{n}-composition"),
        &format!("What US imports from {name} are made of, {year}"),
        &format!(
            "Which kinds of goods make up US imports from {name}, and how do they compare with the deficit?"
        ),
        &chart,
        &t,
        findings,
    )
}

fn tariff(o: &ProfileOptions, p: &Partner, n: &str) -> Result<Exhibit> {
    let year = the_composition_year(o, p)?;
    let comp = import_composition(p, year)?;
    let (digit, _) = largest_category(&comp)?;
    let label = enduse_category_label(&digit).to_lowercase();
    let scenario = TariffScenario::category(Category::EndUse(digit.clone()))
        .partner(p)
        .base_year(year)
        .additional_rate(o.tariff_points)
        .elasticity(o.elasticity);
    let headline = scenario.run()?;
    let t = scenario.grid(&GRID_ELASTICITIES, &GRID_PASS_THROUGHS)?;
    let name = &p.name;
    let chart = tariff_grid_line_chart(
        format!(
            "What a {:.0}-point tariff on {label} could cost {name}'s exporters",
            o.tariff_points
        ),
        format!(
            "Exporters' yearly revenue loss, USD billions, against the import demand elasticity, by pass-through to US prices ({year} imports)"
        ),
        format!(
            "Static partial equilibrium; the current rate is {}.",
            headline.old_rate_source
        ),
        &t,
    )?;
    render(
        &format!("{n}-tariff"),
        &format!(
            "A {:.0}-point tariff on {name}'s largest category",
            o.tariff_points
        ),
        &format!("What would a tariff on US imports of {label} from {name} cost its exporters?"),
        &chart,
        &t,
        vec![format!(
            "On {year} imports of {} from {name}, a {:.0}-point tariff on top of the current rate ({}), fully passed on to US buyers at elasticity {}, costs exporters {} a year.",
            usd_bn(headline.base_imports_usd_mn / 1e3),
            o.tariff_points,
            headline.old_rate_source,
            o.elasticity,
            usd_bn(headline.exporters_revenue_loss_usd_mn / 1e3)
        )],
    )
}

fn defence(o: &ProfileOptions, p: &Partner, n: &str) -> Result<Exhibit> {
    let sipri = p.sipri_name.clone().ok_or_else(|| {
        Error::argument(
            "military spending",
            format!(
                "{} has no series in SIPRI's data (no SIPRI name in the partner registry)",
                p.name
            ),
        )
    })?;
    let t = military_spending(&sipri)?;
    // every figure of the section from the one SIPRI release of the partner's series
    let release = t
        .texts("vintage")?
        .into_iter()
        .flatten()
        .next()
        .unwrap_or_default();
    let base = milex_price_base(&release).unwrap_or_else(|_| "constant US$".into());
    let one_release = Vintage::named(release.as_str());
    let name = &p.name;
    let share = "share_of_gdp_pct";
    let mut chart = LineChart::new(format!("{name}'s military burden"))
        .subtitle(format!(
            "Military expenditure, percent of GDP (SIPRI, release {release}), with the comparison countries"
        ))
        .series(name.clone(), points(&t, "year", share, 1.0)?)
        .y_label("percent of GDP")
        .y_format(ValueFormat::percent().decimals(1))
        .include_zero(true)
        .source(t.provenance());
    for peer in &o.peers {
        let peer = crate::analysis::milex::sipri_country(peer)?;
        if peer == sipri {
            continue;
        }
        // a peer without figures in the partner's release is left out, never taken from another
        let Ok(pt) = military_spending_in(&peer, &one_release) else {
            continue;
        };
        if pt.columns().iter().any(|c| c == share) {
            chart = chart.series(peer, points(&pt, "year", share, 1.0)?);
        }
    }
    let years: Vec<i64> = t.ints("year")?.into_iter().flatten().collect();
    let last = *years
        .last()
        .ok_or_else(|| Error::argument("military spending", "no years"))?;
    let mut findings = Vec::new();
    if let Ok(s) = t.value_at("year", last, share) {
        findings.push(format!(
            "SIPRI puts {name}'s military expenditure at {} of GDP in {last}.",
            pct(s)
        ));
    }
    if let Ok(s) = milex_standing_in(&sipri, last, DEFAULT_MILEX_MEASURE, &one_release) {
        findings.push(format!(
            "In current dollars it ranked {} of {} countries in {last}.",
            s.rank, s.of
        ));
    }
    if let Ok(s) = milex_standing_in(&sipri, last, "constant_usd_millions", &one_release)
        && let Some(w) = s.share_of_world_pct
    {
        findings.push(format!(
            "That is {} of SIPRI's world total ({base}).",
            pct(w)
        ));
    }
    if let Ok(g) = milex_growth_in(
        &sipri,
        last - 10,
        last,
        "constant_usd_millions",
        &one_release,
    ) {
        findings.push(format!(
            "In constant dollars ({base}, SIPRI release {release}) its spending changed by {} from {} to {last}.",
            pct(g.growth_pct),
            last - 10
        ));
    }
    render(
        &format!("{n}-military-spending"),
        &format!("{name}'s military spending"),
        &format!("How much does {name} spend on its military, and how does its burden compare?"),
        &chart,
        &t,
        findings,
    )
}

fn troops(_: &ProfileOptions, p: &Partner, n: &str) -> Result<Exhibit> {
    use crate::analysis::troops::WHAT_IS_COUNTED;
    let t = crate::analysis::troops_in(p)?;
    let name = &p.name;
    let chart = LineChart::new(format!("US military personnel assigned to {name}"))
        .subtitle(format!(
            "US active-duty military personnel permanently assigned to {name}, latest DMDC report of each year; rotational and deployed forces are not included"
        ))
        .series(
            "active-duty personnel assigned",
            points(&t, "year", "personnel", 1.0)?,
        )
        .y_label("persons")
        .y_format(ValueFormat::number().decimals(0))
        .include_zero(true)
        .note(WHAT_IS_COUNTED)
        .source(t.provenance());
    let last = t
        .ints("year")?
        .into_iter()
        .flatten()
        .max()
        .unwrap_or_default();
    let report = t
        .texts("report_date")?
        .into_iter()
        .zip(t.ints("year")?)
        .find(|(_, y)| *y == Some(last))
        .and_then(|(d, _)| d)
        .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
        .map(|d| d.format("%B %Y").to_string())
        .unwrap_or_else(|| last.to_string());
    render(
        &format!("{n}-us-forces"),
        &format!("US military personnel assigned to {name}"),
        &format!("How many US military personnel are permanently assigned to {name}?"),
        &chart,
        &t,
        vec![format!(
            "DMDC counted {} US active-duty personnel assigned to {name} in {report}; rotational and deployed forces are not included.",
            ValueFormat::number()
                .decimals(0)
                .format(t.value_at("year", last, "personnel")?)
        )],
    )
}
