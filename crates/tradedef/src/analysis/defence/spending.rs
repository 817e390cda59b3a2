//! SIPRI military expenditure: a country's share of GDP by year, and every country in a year.

use std::collections::{BTreeMap, BTreeSet};

use crate::analysis::money::span;
use crate::analysis::table::{TableBuilder, floats, ints, texts};
use crate::analysis::{Table, Vintage};
use crate::data::load;
use crate::error::bail;
use crate::{Error, Result};

const SIPRI: &str = "sipri_milex";

/// Measure → (vintage, value) of one country in one year.
type MeasuresOf = BTreeMap<String, (String, Option<f64>)>;

/// SIPRI military expenditure as a share of GDP for a country, every year: `year`,
/// `share_of_gdp_pct`, `vintage`. The country is SIPRI's name or any word the partner registry
/// resolves; errors list the closest names.
///
/// ```
/// use tradedef::prelude::*;
/// let t = defence_share_of_gdp("Japan")?;
/// assert!(t.value_at("year", 2020, "share_of_gdp_pct")? > 0.5);
/// let korea = defence_share_of_gdp("South Korea")?;
/// assert!(korea.name().starts_with("Korea, South"));
/// assert!(defence_share_of_gdp("Atlantis").unwrap_err().to_string().contains("Atlantis"));
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn defence_share_of_gdp(country: &str) -> Result<Table> {
    let d = load(SIPRI)?;
    let f = d.frame();
    let countries = texts(f, SIPRI, "country")?;
    let years = ints(f, SIPRI, "year")?;
    let measures = texts(f, SIPRI, "measure")?;
    let values = floats(f, SIPRI, "value")?;
    let vintages = texts(f, SIPRI, "vintage")?;
    let name = crate::analysis::milex::sipri_country(country)?;
    let mut by: BTreeMap<i64, Vec<(String, Option<f64>)>> = BTreeMap::new();
    for i in 0..f.height() {
        if countries[i].as_deref() == Some(name.as_str())
            && measures[i].as_deref() == Some("share_of_gdp_pct")
            && let (Some(y), Some(v)) = (years[i], &vintages[i])
        {
            by.entry(y).or_default().push((v.clone(), values[i]));
        }
    }
    let rows: Vec<(i64, Option<f64>, String)> = by
        .into_iter()
        .filter_map(|(y, r)| {
            let v = Vintage::LatestCovering.choose(r.iter().map(|x| x.0.as_str()))?;
            Some((y, r.iter().find(|x| x.0 == v)?.1, v))
        })
        .collect();
    TableBuilder::new(format!("{name}: military expenditure as a share of GDP"))
        .int(
            "year",
            "calendar year",
            rows.iter().map(|r| Some(r.0)).collect(),
        )
        .float(
            "share_of_gdp_pct",
            "percent of GDP (SIPRI)",
            rows.iter().map(|r| r.1).collect(),
        )
        .text(
            "vintage",
            "release",
            rows.iter().map(|r| Some(r.2.clone())).collect(),
        )
        .build(d.provenance())
}

/// Every country in `sipri_milex` in one year: `country`, `current_usd_mn`, `constant_usd_mn`,
/// `share_of_gdp_pct`, `share_of_govt_spending_pct` (empty where SIPRI has no figure), sorted by
/// current dollars, largest first.
///
/// ```
/// use tradedef::prelude::*;
/// let t = military_spending_comparison(2023)?;
/// assert!(t.value_where("country", "Japan", "share_of_gdp_pct")? > 0.5);
/// assert!(military_spending_comparison(1800).is_err());
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn military_spending_comparison(year: i64) -> Result<Table> {
    let d = load(SIPRI)?;
    let f = d.frame();
    let countries = texts(f, SIPRI, "country")?;
    let years = ints(f, SIPRI, "year")?;
    let measures = texts(f, SIPRI, "measure")?;
    let values = floats(f, SIPRI, "value")?;
    let units = texts(f, SIPRI, "unit")?;
    let vintages = texts(f, SIPRI, "vintage")?;
    // Countries only: SIPRI's regional and world totals (and the EU) are not countries.
    let kinds = texts(f, SIPRI, "kind").ok();
    let is_country = |i: usize| {
        kinds
            .as_ref()
            .is_none_or(|k| k[i].as_deref() == Some("country"))
    };
    let mut by: BTreeMap<String, MeasuresOf> = BTreeMap::new();
    let mut unit_of: BTreeMap<String, String> = BTreeMap::new();
    for i in 0..f.height() {
        if years[i] != Some(year) || !is_country(i) {
            continue;
        }
        let (Some(c), Some(m), Some(v)) = (&countries[i], &measures[i], &vintages[i]) else {
            continue;
        };
        let e = by.entry(c.clone()).or_default();
        let newer = e.get(m).is_none_or(|old| {
            crate::analysis::vintage::order_key(v) > crate::analysis::vintage::order_key(&old.0)
        });
        if newer {
            e.insert(m.clone(), (v.clone(), values[i]));
        }
        if let Some(u) = &units[i] {
            unit_of.insert(m.clone(), u.clone());
        }
    }
    if by.is_empty() {
        let ys: BTreeSet<i64> = years.iter().flatten().copied().collect();
        bail!(Error::not_found(
            format!("year in {SIPRI}"),
            year.to_string(),
            span(ys.iter()),
        ));
    }
    let mut rows: Vec<(&String, &MeasuresOf)> = by.iter().collect();
    let get = |m: &MeasuresOf, k: &str| m.get(k).and_then(|x| x.1);
    rows.sort_by(|a, b| {
        get(b.1, "current_usd_millions")
            .unwrap_or(f64::MIN)
            .total_cmp(&get(a.1, "current_usd_millions").unwrap_or(f64::MIN))
    });
    let col = |k: &str| rows.iter().map(|r| get(r.1, k)).collect::<Vec<_>>();
    let unit = |k: &str, fallback: &str| {
        unit_of
            .get(k)
            .cloned()
            .unwrap_or_else(|| fallback.to_string())
    };
    TableBuilder::new(format!("Military expenditure, {year} (SIPRI)"))
        .text(
            "country",
            "country",
            rows.iter().map(|r| Some(r.0.clone())).collect(),
        )
        .float(
            "current_usd_mn",
            unit("current_usd_millions", "USD millions (current)"),
            col("current_usd_millions"),
        )
        .float(
            "constant_usd_mn",
            unit("constant_usd_millions", "USD millions (constant)"),
            col("constant_usd_millions"),
        )
        .float(
            "share_of_gdp_pct",
            "percent of GDP",
            col("share_of_gdp_pct"),
        )
        .float(
            "share_of_govt_spending_pct",
            "percent of government spending",
            col("share_of_govt_spending_pct"),
        )
        .build(d.provenance())
}
