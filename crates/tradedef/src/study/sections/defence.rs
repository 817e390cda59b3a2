//! Defence sections: a partner's military spending beside peers, the burden of several countries
//! in two years, and the US military personnel assigned to the partner (with what the host pays,
//! where a dataset holds it).

use polars::prelude::*;

use super::{Context, Parts, Words, parts};
use crate::analysis::milex::sipri_country;
use crate::analysis::plan::{collect, contains_text, lower};
use crate::analysis::troops::WHAT_IS_COUNTED;
use crate::analysis::{
    DEFAULT_MILEX_MEASURE, HostNationSupport, Table, Vintage, milex_growth_in, milex_price_base,
    milex_standing_in, military_spending as sipri_series, military_spending_in, troops_in,
};
use crate::chart::{DotPlot, LineChart, ValueFormat};
use crate::study::exhibit::{long_series, pct, usd_bn};
use crate::{Error, Result};

/// The partner's name in SIPRI's data, or a data gap saying the registry has none.
fn sipri_name(ctx: &Context) -> Result<String> {
    ctx.partner.sipri_name.clone().ok_or_else(|| {
        Error::no_data(
            format!("military spending of {}", ctx.partner.name),
            "the partner registry gives it no SIPRI name (SIPRI's data have no series for it)",
        )
    })
}

/// The one SIPRI release a table of SIPRI figures comes from.
fn release_of(t: &Table) -> Result<String> {
    Ok(t.texts("vintage")?
        .into_iter()
        .flatten()
        .next()
        .unwrap_or_default())
}

pub(super) fn military_spending(
    ctx: &Context,
    w: &Words,
    peers: &[String],
) -> Result<Parts<LineChart>> {
    let sipri = sipri_name(ctx)?;
    let t = sipri_series(&sipri)?;
    // every figure of the section from the one SIPRI release of the partner's series
    let release = release_of(&t)?;
    let base = milex_price_base(&release).unwrap_or_else(|_| "constant US$".into());
    let one_release = Vintage::named(release.as_str());
    let name = &ctx.partner.name;
    let share = "share_of_gdp_pct";
    if !t.columns().iter().any(|c| c == share) {
        return Err(Error::no_data(
            format!("military burden of {name}"),
            format!("SIPRI's release {release} gives no share of GDP for {sipri}"),
        ));
    }
    let mut lines = vec![(name.clone(), t.clone())];
    for peer in peers {
        let peer = sipri_country(peer)?;
        if peer == sipri {
            continue;
        }
        // a peer without figures in the partner's release is left out, never taken from another
        let Ok(pt) = military_spending_in(&peer, &one_release) else {
            continue;
        };
        if pt.columns().iter().any(|c| c == share) {
            lines.push((peer, pt));
        }
    }
    let mut chart = LineChart::new(w.headline(format!("{name}'s military burden")))
        .subtitle(format!(
            "Military expenditure, percent of GDP (SIPRI, release {release}), with the comparison countries"
        ))
        .y_label("percent of GDP")
        .y_format(ValueFormat::percent().decimals(1))
        .include_zero(true)
        .source(t.provenance());
    for (label, table) in &lines {
        let one = long_series(table, "year", &[(share, label.clone(), 1.0)])?;
        chart = chart.lines_by(&one, "year", "value", "series")?;
    }
    let years: Vec<i64> = t.ints("year")?.into_iter().flatten().collect();
    let last = *years.last().ok_or_else(|| {
        Error::no_data(
            format!("military spending of {name}"),
            "no year has a figure",
        )
    })?;
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
    parts(
        &w.id("military-spending"),
        &w.title(format!("{name}'s military spending")),
        &w.question(format!(
            "How much does {name} spend on its military, and how does its burden compare?"
        )),
        &chart,
        &t,
        findings,
    )
}

pub(super) fn military_burden(
    ctx: &Context,
    w: &Words,
    countries: &[String],
    from: i64,
    to: i64,
) -> Result<Parts<DotPlot>> {
    let sipri = sipri_name(ctx)?;
    let name = &ctx.partner.name;
    // every country from one SIPRI release: the partner's latest
    let partner_series = sipri_series(&sipri)?;
    let release = release_of(&partner_series)?;
    let one_release = Vintage::named(release.as_str());
    let mut listed: Vec<String> = countries.to_vec();
    if !listed
        .iter()
        .any(|c| sipri_country(c).is_ok_and(|s| s == sipri))
    {
        listed.insert(0, name.clone());
    }
    let share = "share_of_gdp_pct";
    let mut rows: Vec<DataFrame> = Vec::new();
    for c in &listed {
        // rows are labelled as the description names them; SIPRI's spelling may differ
        let t = military_spending_in(c, &one_release)?;
        let at = |y: i64| t.value_at("year", y, share).ok();
        if let (Some(a), Some(b)) = (at(from), at(to)) {
            rows.push(
                df!("country" => [c.as_str()], "first" => [a], "second" => [b])
                    .map_err(|e| Error::polars("military burden rows", e))?,
            );
        }
    }
    let table = collect(
        concat(
            rows.into_iter().map(|f| f.lazy()).collect::<Vec<_>>(),
            UnionArgs::default(),
        )
        .map_err(|e| Error::polars("military burden rows", e))?,
        "military burden",
    )?;
    let chart = DotPlot::new(w.headline(format!(
        "{name}'s military burden beside other countries, {from} and {to}"
    )))
    .subtitle(format!(
        "Military expenditure, percent of GDP, {from} and {to} (SIPRI release {release})"
    ))
    .measures(from.to_string(), to.to_string())
    .rows_from(&table, "country", "first", "second")?
    .sort_by_second()
    .reference(2.0, "NATO 2% guideline")
    .value_format(ValueFormat::percent().decimals(1))
    .value_label("percent of GDP")
    .include_zero(true)
    .source(partner_series.provenance());
    // the table from the dots' release too: one section, one release
    let comparison = crate::analysis::defence::military_spending_comparison_in(to, &one_release)?;
    parts(
        &w.id("military-burden"),
        &w.title("Defence burden beside other countries".into()),
        &w.question(format!(
            "How does {name}'s military spending compare with other countries' as a share of GDP?"
        )),
        &chart,
        &comparison,
        vec![format!(
            "SIPRI puts {name}'s military expenditure at {} of GDP in {to}, against {} in {from}.",
            pct(partner_series.value_at("year", to, share)?),
            pct(partner_series.value_at("year", from, share)?)
        )],
    )
}

/// The definitional break of a troops series: the years whose reports count the mainland only
/// (no location label names Okinawa or the Ryukyu Islands), before the first report that
/// counts Okinawa under the host; and that first year. Read from the `locations` of a table of
/// [`troops_in`] (DMDC's location labels, by country). Empty for a host whose labels never
/// name Okinawa.
pub(crate) fn okinawa_break(t: &Table) -> Result<(Vec<i64>, Option<i64>)> {
    let rows = t.frame().clone().lazy();
    let label = lower(col("locations").cast(DataType::String));
    let first = collect(
        rows.clone()
            .filter(contains_text(label.clone(), "incl okinawa"))
            .select([col("year").cast(DataType::Int64)])
            .limit(1),
        t.name(),
    )?;
    let first_incl = crate::analysis::ints(&first, t.name(), "year")?
        .into_iter()
        .next()
        .flatten();
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
    let excluded = crate::analysis::ints(&excluded, t.name(), "year")?
        .into_iter()
        .flatten()
        .collect();
    Ok((excluded, first_incl))
}

/// Years as ranges: `1950–1963, 1965, 1973`.
pub(crate) fn year_ranges(years: &[i64]) -> String {
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

pub(super) fn troops(
    ctx: &Context,
    w: &Words,
    host_support: Option<&str>,
    host_support_year: Option<i64>,
    series: Option<&str>,
) -> Result<Parts<LineChart>> {
    let p = &ctx.partner;
    let name = &p.name;
    let by_country = troops_in(p)?;
    let t = match series {
        Some(dataset) => crate::analysis::defence::troops_from_reports(dataset, p)?,
        None => by_country.clone(),
    };
    let mut chart = LineChart::new(w.headline(format!("US military personnel assigned to {name}")));
    let (excluded, first_incl) = okinawa_break(&by_country)?;
    if let Some(first) = first_incl {
        chart = chart.annotate(
            first as f64,
            format!(
                "Okinawa counted from {first}; {} exclude it",
                year_ranges(&excluded)
            ),
        );
    }
    let line = long_series(
        &t,
        "year",
        &[("personnel", "active-duty personnel assigned".into(), 1.0)],
    )?;
    chart = chart
        .subtitle(format!(
            "US active-duty military personnel permanently assigned to {name}, latest DMDC report of each year; rotational and deployed forces are not included"
        ))
        .lines_by(&line, "year", "value", "series")?;
    if let Some((x, label)) = &ctx.story {
        chart = chart.annotate(*x, label.clone());
    }
    let chart = chart
        .y_label("persons")
        .y_format(ValueFormat::number().decimals(0))
        .include_zero(true)
        .note(WHAT_IS_COUNTED)
        .source(t.provenance());
    let last =
        t.ints("year")?.into_iter().flatten().max().ok_or_else(|| {
            Error::no_data(format!("US personnel in {name}"), "no year has a figure")
        })?;
    let report = t
        .texts("report_date")?
        .into_iter()
        .zip(t.ints("year")?)
        .find(|(_, y)| *y == Some(last))
        .and_then(|(d, _)| d)
        .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
        .map(|d| d.format("%B %Y").to_string())
        .unwrap_or_else(|| last.to_string());
    let mut findings = vec![format!(
        "DMDC counted {} US active-duty personnel assigned to {name} in {report}; rotational and deployed forces are not included.",
        ValueFormat::number()
            .decimals(0)
            .format(t.value_at("year", last, "personnel")?)
    )];
    if let Some(dataset) = host_support {
        let year = host_support_year.ok_or_else(|| {
            Error::argument(
                "troops section",
                "`host_support` needs `host_support_year` (the agreement's fiscal year)",
            )
        })?;
        let hns = HostNationSupport::new(year)
            .dataset(dataset)?
            .troops(t.clone())
            .run()?;
        findings.push(format!(
            "Host-nation support under the {year} agreement averages {}{:.1} billion a year, about {} at FY{year}'s rate: ${:.0} per service member.",
            super::datasets::money_sign(&hns.currency),
            hns.support_jpy_bn,
            usd_bn(hns.support_jpy_bn / hns.jpy_per_usd),
            hns.per_member_usd
        ));
    }
    parts(
        &w.id("us-forces"),
        &w.title(format!("US military personnel assigned to {name}")),
        &w.question(format!(
            "How many US military personnel are permanently assigned to {name}?"
        )),
        &chart,
        &t,
        findings,
    )
}
