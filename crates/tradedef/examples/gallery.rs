//! Draws every chart kind from the embedded datasets and writes SVG and PNG files to
//! `target/gallery/` (or the folder given as the first argument).
//!
//! ```sh
//! cargo run -p tradedef --example gallery
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a bench/example, not library code

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tradedef::chart::decimal_year;
use tradedef::prelude::*;

fn main() -> tradedef::Result<()> {
    let out: PathBuf = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/gallery"));
    std::fs::create_dir_all(&out).map_err(|e| tradedef::Error::io(&out, e))?;

    write(&out, "line_us_japan_trade", &trade_line()?)?;
    write(&out, "bar_deficit_by_partner", &partner_ranking()?)?;
    write(&out, "diverging_balance_by_partner", &partner_diverging()?)?;
    write(
        &out,
        "stacked_imports_from_japan_by_enduse",
        &enduse_columns(true)?,
    )?;
    write(
        &out,
        "grouped_imports_from_japan_by_enduse",
        &enduse_columns(false)?,
    )?;
    write(&out, "dot_defence_share_of_gdp", &defence_dots()?)?;
    write(
        &out,
        "multiples_defence_share_of_gdp",
        &defence_multiples()?,
    )?;
    Ok(())
}

fn write(out: &Path, name: &str, chart: &impl Chart) -> tradedef::Result<()> {
    let svg = out.join(format!("{name}.svg"));
    let png = out.join(format!("{name}.png"));
    chart.save_svg(&svg)?;
    chart.save_png(&png)?;
    println!("{}\n{}", svg.display(), png.display());
    Ok(())
}

/// One text column as owned strings (nulls as None).
fn strings(df: &DataFrame, name: &str) -> tradedef::Result<Vec<Option<String>>> {
    let c = df
        .column(name)
        .map_err(|e| tradedef::Error::polars(name, e))?;
    let c = c
        .cast(&DataType::String)
        .map_err(|e| tradedef::Error::polars(name, e))?;
    let s = c.str().map_err(|e| tradedef::Error::polars(name, e))?;
    Ok((0..s.len()).map(|i| s.get(i).map(str::to_string)).collect())
}

/// One numeric column as f64 (nulls as None).
fn numbers(df: &DataFrame, name: &str) -> tradedef::Result<Vec<Option<f64>>> {
    let c = df
        .column(name)
        .map_err(|e| tradedef::Error::polars(name, e))?;
    let c = c
        .cast(&DataType::Float64)
        .map_err(|e| tradedef::Error::polars(name, e))?;
    let s = c.f64().map_err(|e| tradedef::Error::polars(name, e))?;
    Ok((0..s.len()).map(|i| s.get(i)).collect())
}

/// US goods exports, imports and balance with Japan, annual, latest vintage per year, in USD
/// billions, with the story's date and the 2025 tariff changes marked.
fn trade_line() -> tradedef::Result<LineChart> {
    let trade = load("us_japan_goods_trade")?;
    let df = trade.frame();
    let (years, months, flows, values, vintages) = (
        numbers(df, "year")?,
        numbers(df, "month")?,
        strings(df, "flow")?,
        numbers(df, "value")?,
        strings(df, "vintage")?,
    );
    // (flow, year) -> (vintage, value): later vintages (sorting after earlier ones) win, and a
    // withheld (null) figure never replaces a published one.
    let mut best: BTreeMap<(String, i64), (String, f64)> = BTreeMap::new();
    for i in 0..df.height() {
        let (Some(year), None, Some(flow), Some(value), Some(vintage)) = (
            years[i],
            months[i],
            flows[i].clone(),
            values[i],
            vintages[i].clone(),
        ) else {
            continue;
        };
        let key = (flow, year as i64);
        if best.get(&key).is_none_or(|(v, _)| vintage > *v) {
            best.insert(key, (vintage, value));
        }
    }
    let series = |flow: &str| -> Vec<(f64, f64)> {
        best.iter()
            .filter(|((f, _), _)| f == flow)
            .map(|((_, y), (_, v))| (*y as f64, v / 1000.0))
            .collect()
    };
    let mut provenance = trade.provenance();
    let mut chart = LineChart::new("US goods trade with Japan, 1985–2025")
        .subtitle("Exports, imports and balance, USD billions, annual, nominal; latest published vintage per year")
        .y_label("USD billions")
        .y_format(ValueFormat::usd_billions())
        .series("Imports from Japan", series("imports"))
        .series("Exports to Japan", series("exports"))
        .series("Balance", series("balance"))
        .annotate(decimal_year(2025, 2, 7)?, "Story, 7 Feb 2025");
    let tariffs = load("tariff_events")?;
    let tf = tariffs.frame();
    let (dates, measures) = (strings(tf, "effective_date")?, strings(tf, "measure")?);
    let mut marked = Vec::new();
    for (date, measure) in dates.iter().zip(&measures) {
        let (Some(date), Some(measure)) = (date, measure) else {
            continue;
        };
        if measure != "section_232_additional" || marked.contains(date) {
            continue;
        }
        let parts: Vec<u32> = date.split('-').filter_map(|p| p.parse().ok()).collect();
        if let [y, m, d] = parts[..] {
            chart = chart.annotate(
                decimal_year(y as i32, m, d)?,
                format!("Sec. 232 car tariff, {date}"),
            );
            marked.push(date.clone());
        }
    }
    provenance = provenance.merge(&tariffs.provenance());
    Ok(chart
        .source(&provenance)
        .note("Balance = exports minus imports; negative means a US deficit. 2023 balance from the 2026-06 page (the 2026-03 figure is withheld)."))
}

/// 2022 US goods balance by country partner (the by-partner file's latest full year).
fn partner_balances(year: i64) -> tradedef::Result<(Vec<(String, f64)>, Provenance)> {
    let ds = load("us_goods_trade_by_partner")?;
    let df = ds.frame();
    let (years, kinds, flows, partners, values) = (
        numbers(df, "year")?,
        strings(df, "partner_kind")?,
        strings(df, "flow")?,
        strings(df, "partner")?,
        numbers(df, "value")?,
    );
    let mut rows = Vec::new();
    for i in 0..df.height() {
        if years[i] == Some(year as f64)
            && kinds[i].as_deref() == Some("country")
            && flows[i].as_deref() == Some("balance")
            && let (Some(p), Some(v)) = (&partners[i], values[i])
        {
            rows.push((p.clone(), v / 1000.0));
        }
    }
    rows.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    Ok((rows, ds.provenance()))
}

fn partner_ranking() -> tradedef::Result<BarChart> {
    let (rows, provenance) = partner_balances(2022)?;
    let top: Vec<(String, f64)> = rows.into_iter().take(15).collect();
    Ok(
        BarChart::new("The 15 largest US goods deficits by partner, 2022")
            .subtitle("US goods balance with each country, USD billions; Japan highlighted")
            .bars(top)
            .highlight("Japan")
            .value_format(ValueFormat::usd_billions().decimals(1))
            .value_label("USD billions")
            .source(&provenance)
            .note("Census basis, nominal. Negative values are US deficits."),
    )
}

fn partner_diverging() -> tradedef::Result<BarChart> {
    let (rows, provenance) = partner_balances(2022)?;
    let n = rows.len();
    let mut shown: Vec<(String, f64)> = rows[..8.min(n)].to_vec();
    shown.extend(rows[n.saturating_sub(6)..].iter().rev().cloned());
    Ok(
        BarChart::new("US goods balance with selected partners, 2022")
            .subtitle("The eight largest deficits and six largest surpluses, USD billions")
            .bars(shown)
            .sort_by_value(true)
            .diverging()
            .sign_labels("US surplus", "US deficit")
            .value_format(ValueFormat::usd_billions().decimals(1))
            .value_label("USD billions")
            .source(&provenance),
    )
}

fn enduse_columns(stacked: bool) -> tradedef::Result<ColumnChart> {
    let ds = load("us_imports_by_enduse")?;
    let df = ds.frame();
    let (years, partners, codes, values) = (
        numbers(df, "year")?,
        strings(df, "partner")?,
        strings(df, "enduse_code")?,
        numbers(df, "value")?,
    );
    const GROUPS: [(char, &str); 6] = [
        ('3', "Automotive"),
        ('2', "Capital goods"),
        ('1', "Industrial supplies"),
        ('4', "Consumer goods"),
        ('0', "Foods, feeds, beverages"),
        ('9', "Other"),
    ];
    let mut totals: BTreeMap<(usize, i64), f64> = BTreeMap::new();
    let mut all_years = std::collections::BTreeSet::new();
    for i in 0..df.height() {
        let (Some(year), Some(partner), Some(code), Some(value)) =
            (years[i], &partners[i], &codes[i], values[i])
        else {
            continue;
        };
        if partner != "Japan" {
            continue;
        }
        let first = code.chars().next().unwrap_or('9');
        let group = GROUPS
            .iter()
            .position(|(c, _)| *c == first)
            .unwrap_or(GROUPS.len() - 1);
        *totals.entry((group, year as i64)).or_insert(0.0) += value / 1000.0;
        all_years.insert(year as i64);
    }
    let years: Vec<i64> = if stacked {
        all_years.into_iter().collect()
    } else {
        all_years.into_iter().rev().take(4).rev().collect()
    };
    let mut chart = ColumnChart::new(if stacked {
        "US goods imports from Japan by end use, 2016–2025"
    } else {
        "US goods imports from Japan by end use, 2022–2025"
    })
    .categories(years.iter().map(|y| y.to_string()))
    .y_format(ValueFormat::usd_billions())
    .y_label("USD billions")
    .source(&ds.provenance())
    .note("End-use categories by the first digit of the Census end-use code; general imports, customs value, nominal.");
    for (g, (_, name)) in GROUPS.iter().enumerate() {
        let values: Vec<f64> = years
            .iter()
            .map(|y| totals.get(&(g, *y)).copied().unwrap_or(0.0))
            .collect();
        if values.iter().any(|v| *v != 0.0) {
            chart = chart.series(*name, values);
        }
    }
    Ok(if stacked {
        chart
            .stacked()
            .subtitle("Stacked by end-use category, USD billions")
    } else {
        chart
            .grouped()
            .subtitle("By end-use category, USD billions")
    })
}

/// `country -> year -> value`.
type SharesByCountry = BTreeMap<String, BTreeMap<i64, f64>>;

/// SIPRI military expenditure as a share of GDP: `country -> year -> %`, every figure from the
/// latest SIPRI release in the dataset (tags `sipri-milex-YYYY-04` sort by date), never mixed.
fn defence_shares() -> tradedef::Result<(SharesByCountry, Provenance)> {
    let ds = load("sipri_milex")?;
    let df = ds.frame();
    let (countries, years, measures, values, vintages) = (
        strings(df, "country")?,
        numbers(df, "year")?,
        strings(df, "measure")?,
        numbers(df, "value")?,
        strings(df, "vintage")?,
    );
    let latest = vintages.iter().flatten().max().cloned();
    let mut out: BTreeMap<String, BTreeMap<i64, f64>> = BTreeMap::new();
    for i in 0..df.height() {
        if measures[i].as_deref() != Some("share_of_gdp_pct") || vintages[i] != latest {
            continue;
        }
        if let (Some(c), Some(y), Some(v)) = (&countries[i], years[i], values[i]) {
            out.entry(c.clone()).or_default().insert(y as i64, v);
        }
    }
    Ok((out, ds.provenance()))
}

fn defence_dots() -> tradedef::Result<DotPlot> {
    let (shares, provenance) = defence_shares()?;
    let rows: Vec<(String, f64, f64)> = shares
        .iter()
        .map(|(c, by_year)| {
            let get = |y| by_year.get(&y).copied().unwrap_or(f64::NAN);
            (c.clone(), get(2014), get(2024))
        })
        .collect();
    Ok(
        DotPlot::new("Military expenditure as a share of GDP, 2014 and 2024")
            .subtitle("Per cent of GDP, SIPRI estimates; sorted by 2024")
            .measures("2014", "2024")
            .rows(rows)
            .sort_by_second()
            .value_format(ValueFormat::percent())
            .reference(2.0, "NATO guideline: 2% of GDP")
            .source(&provenance),
    )
}

fn defence_multiples() -> tradedef::Result<SmallMultiples> {
    let (shares, provenance) = defence_shares()?;
    let mut chart = SmallMultiples::new("Military expenditure as a share of GDP, 1990–2024")
        .subtitle("Per cent of GDP, SIPRI estimates; same scale in every panel")
        .y_format(ValueFormat::percent().decimals(0))
        .columns(3)
        .source(&provenance);
    for country in [
        "Japan",
        "United States of America",
        "China",
        "Korea, South",
        "Taiwan",
        "Australia",
        "Germany",
        "United Kingdom",
        "India",
    ] {
        if let Some(by_year) = shares.get(country) {
            chart = chart.panel(country, by_year.iter().map(|(y, v)| (*y as f64, *v)));
        }
    }
    Ok(chart)
}
