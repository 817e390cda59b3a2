//! Military expenditure of any country in SIPRI's data, and of the world: every measure SIPRI
//! publishes by year, growth between two years, and a country's rank and share of the world
//! total in a year.
//!
//! Countries are named as SIPRI spells them (`"Korea, South"`), or by any word the partner
//! registry resolves (`"South Korea"`, `"KOR"`); SIPRI's regional and world totals by their
//! SIPRI names (`"World"`, `"Europe"`).

use polars::prelude::*;

use crate::analysis::plan::{self, distinct_ints};
use crate::analysis::table::{TableBuilder, floats, ints, texts};
use crate::analysis::vintage::order_key;
use crate::analysis::{IntoPartner, Table};
use crate::data::{Dataset, load};
use crate::error::{bail, ensure};
use crate::{Error, Result};

pub(crate) const SIPRI: &str = "sipri_milex";

/// The measure ranks and shares use by default: current US dollars (SIPRI's headline).
pub const DEFAULT_MILEX_MEASURE: &str = "current_usd_millions";

/// The name SIPRI's world total goes by.
pub const WORLD: &str = "World";

fn collect(lf: LazyFrame) -> Result<DataFrame> {
    plan::collect(lf, SIPRI)
}

fn distinct(d: &Dataset, column: &str) -> Result<Vec<String>> {
    Ok(plan::distinct(d.lazy(), column, SIPRI)?
        .into_iter()
        .collect())
}

/// SIPRI's name for a country, region or the world: the name as SIPRI spells it, else the
/// `sipri_name` of the partner the registry resolves. An unknown name lists the closest ones.
///
/// ```
/// use tradedef::analysis::milex::sipri_country;
/// assert_eq!(sipri_country("japan")?, "Japan");
/// assert_eq!(sipri_country("World")?, "World");
/// assert!(sipri_country("Atlantis").is_err());
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn sipri_country(query: &str) -> Result<String> {
    let d = load(SIPRI)?;
    let names = distinct(&d, "country")?;
    if let Some(n) = names.iter().find(|n| n.eq_ignore_ascii_case(query.trim())) {
        return Ok(n.clone());
    }
    match query.into_partner() {
        Ok(p) => match &p.sipri_name {
            Some(n) if names.contains(n) => Ok(n.clone()),
            _ => Err(Error::not_found(
                format!(
                    "country in {SIPRI} ({} has no series in SIPRI's data)",
                    p.name
                ),
                query,
                names,
            )),
        },
        Err(_) => Err(Error::not_found(
            format!("country in {SIPRI}"),
            query,
            names,
        )),
    }
}

/// Every measure SIPRI publishes for a country (or region, or the world), by year: `year`, one
/// column per measure id of `sipri_milex` (e.g. `current_usd_millions`, `share_of_gdp_pct`)
/// with its unit, and `vintage`. Years where SIPRI gives no figure at all are left out; a
/// measure without a figure in a year is empty (the dataset's `missing` column says why).
///
/// ```
/// use tradedef::prelude::*;
/// let t = military_spending("South Korea")?;
/// assert!(t.value_at("year", 2024, "share_of_gdp_pct")? > 2.0);
/// assert!(military_spending("Atlantis").is_err());
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn military_spending(country: &str) -> Result<Table> {
    let name = sipri_country(country)?;
    let d = load(SIPRI)?;
    let rows = d.lazy().filter(col("country").eq(lit(name.as_str())));
    let units = collect(
        rows.clone()
            .filter(col("value").is_not_null())
            .group_by([col("measure")])
            .agg([col("unit").first(), col("vintage").max()])
            .sort(["measure"], SortMultipleOptions::default()),
    )?;
    let measures: Vec<String> = texts(&units, SIPRI, "measure")?
        .into_iter()
        .flatten()
        .collect();
    let unit_of: Vec<String> = texts(&units, SIPRI, "unit")?
        .into_iter()
        .map(Option::unwrap_or_default)
        .collect();
    ensure!(
        !measures.is_empty(),
        Error::argument(
            format!("military spending of {name} ({SIPRI})"),
            "SIPRI gives no figure in any measure",
        )
    );
    let pick = |m: &str| {
        col("value")
            .cast(DataType::Float64)
            .filter(col("measure").eq(lit(m)))
            .first()
            .alias(m)
    };
    let any = measures
        .iter()
        .fold(lit(false), |acc, m| acc.or(col(m.as_str()).is_not_null()));
    let mut aggs: Vec<Expr> = measures.iter().map(|m| pick(m)).collect();
    aggs.push(col("vintage").max().alias("vintage"));
    let wide = collect(
        rows.group_by([col("year")])
            .agg(aggs)
            .filter(any)
            .with_column(col("year").cast(DataType::Int64))
            .sort(["year"], SortMultipleOptions::default()),
    )?;
    let mut units: Vec<(&str, String)> = vec![("year", "calendar year".into())];
    units.extend(measures.iter().map(String::as_str).zip(unit_of));
    units.push(("vintage", "SIPRI release".into()));
    TableBuilder::new(format!("Military expenditure: {name} (SIPRI)"))
        .frame(wide, &units)
        .note(format!("{SIPRI}: every measure SIPRI publishes for {name}"))
        .build(d.provenance())
}

/// Growth of a country's military spending between two years, percent, in one measure.
#[derive(Debug, Clone, PartialEq)]
pub struct MilexGrowth {
    /// SIPRI's name of the country.
    pub country: String,
    /// The measure id.
    pub measure: String,
    /// First year and its value.
    pub from: (i64, f64),
    /// Last year and its value.
    pub to: (i64, f64),
    /// `100 × (to / from − 1)`.
    pub growth_pct: f64,
}

/// Growth of a country's (or the world's) military spending from `from` to `to` in `measure`
/// (for real growth use `constant_usd_millions`, SIPRI's constant-dollar series).
///
/// ```
/// use tradedef::prelude::*;
/// let g = milex_growth("Japan", 2014, 2024, "constant_usd_millions")?;
/// assert!(g.growth_pct > 0.0);
/// assert!(milex_growth("Japan", 2014, 1800, "constant_usd_millions").is_err());
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn milex_growth(country: &str, from: i64, to: i64, measure: &str) -> Result<MilexGrowth> {
    let t = military_spending(country)?;
    ensure!(
        t.columns().iter().any(|c| c == measure),
        Error::not_found(
            format!("measure for {country} in {SIPRI}"),
            measure,
            t.columns()
                .into_iter()
                .filter(|c| c != "year" && c != "vintage"),
        )
    );
    let a = t.value_at("year", from, measure)?;
    let b = t.value_at("year", to, measure)?;
    ensure!(
        a != 0.0,
        Error::argument(
            "military spending growth",
            format!("{country}'s {measure} is zero in {from}"),
        )
    );
    Ok(MilexGrowth {
        country: sipri_country(country)?,
        measure: measure.to_string(),
        from: (from, a),
        to: (to, b),
        growth_pct: 100.0 * (b / a - 1.0),
    })
}

/// Countries ranked by military spending in `year` (1 = largest), with each country's share of
/// SIPRI's world total where SIPRI publishes one in the same measure: `rank`, `country`,
/// `value`, `share_of_world_pct`. Only rows of kind `country` are ranked (regional and world
/// totals, where the dataset marks them, are not).
///
/// ```
/// use tradedef::prelude::*;
/// let t = milex_ranking(2024, DEFAULT_MILEX_MEASURE)?;
/// assert_eq!(t.texts("country")?[0].as_deref(), Some("United States of America"));
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn milex_ranking(year: i64, measure: &str) -> Result<Table> {
    let d = load(SIPRI)?;
    let measures = distinct(&d, "measure")?;
    ensure!(
        measures.iter().any(|m| m == measure),
        Error::not_found(format!("measure in {SIPRI}"), measure, measures,)
    );
    let mut rows = d.lazy().filter(
        col("year")
            .eq(lit(year))
            .and(col("measure").eq(lit(measure)))
            .and(col("value").is_not_null()),
    );
    let world = collect(rows.clone().filter(col("country").eq(lit(WORLD))))?;
    let mut world_value = floats(&world, SIPRI, "value")?.into_iter().flatten().next();
    let mut world_note = None;
    if world_value.is_none()
        && let Some(stem) = measure.strip_suffix("_millions")
    {
        // SIPRI publishes its world total in billions: the same measure, a thousand times less.
        let billions = format!("{stem}_billions");
        let w = collect(
            d.lazy().filter(
                col("year")
                    .eq(lit(year))
                    .and(col("measure").eq(lit(billions.as_str())))
                    .and(col("country").eq(lit(WORLD))),
            ),
        )?;
        world_value = floats(&w, SIPRI, "value")?
            .into_iter()
            .flatten()
            .next()
            .map(|b| b * 1000.0);
        if world_value.is_some() {
            world_note = Some(format!("world total from {billions} × 1000"));
        }
    }
    if d.frame().column("kind").is_ok() {
        rows = rows.filter(col("kind").eq(lit("country")));
    } else {
        rows = rows.filter(col("country").neq(lit(WORLD)));
    }
    let share = match world_value {
        Some(w) => plan::div(lit(100.0) * col("value").cast(DataType::Float64), lit(w)),
        None => lit(NULL).cast(DataType::Float64),
    };
    let ranked = collect(
        rows.sort(
            ["value"],
            SortMultipleOptions::default().with_order_descending(true),
        )
        .with_row_index("rank", Some(1))
        .select([
            col("rank").cast(DataType::Int64),
            col("country"),
            col("value").cast(DataType::Float64),
            share.alias("share_of_world_pct"),
            col("unit"),
            col("vintage"),
        ]),
    )?;
    if ranked.height() == 0 {
        let years = distinct_ints(d.lazy(), "year", SIPRI)?;
        bail!(Error::not_found(
            format!("year with {measure} figures in {SIPRI}"),
            year.to_string(),
            crate::analysis::money::span(years.iter()),
        ));
    }
    let unit = texts(
        &collect(
            ranked
                .clone()
                .lazy()
                .select([col("unit").drop_nulls().first()]),
        )?,
        SIPRI,
        "unit",
    )?
    .into_iter()
    .flatten()
    .next()
    .unwrap_or_default();
    let vintage = plan::distinct(ranked.clone().lazy(), "vintage", SIPRI)?
        .into_iter()
        .max_by_key(|v| order_key(v))
        .unwrap_or_default();
    let mut t = TableBuilder::new(format!(
        "Military expenditure by country, {year} ({measure})"
    ))
    .frame(
        ranked.drop_many(["unit", "vintage"]),
        &[
            ("rank", "1 = largest".into()),
            ("country", "SIPRI's name".into()),
            ("value", unit.clone()),
            (
                "share_of_world_pct",
                "percent of SIPRI's world total (same measure)".into(),
            ),
        ],
    )
    .note(format!(
        "{SIPRI}, vintage {vintage}; countries with a figure for {year} only"
    ));
    if let Some(n) = world_note {
        t = t.note(n);
    }
    t = match world_value {
        Some(w) => t.note(format!("world total ({WORLD}, {measure}): {w} {unit}")),
        None => t.note(format!(
            "SIPRI publishes no world total in {measure} in these data: shares of the world left empty"
        )),
    };
    t.build(d.provenance())
}

/// A country's standing in a year: its rank and share of the world (see [`milex_ranking`]).
#[derive(Debug, Clone, PartialEq)]
pub struct MilexStanding {
    /// SIPRI's name.
    pub country: String,
    /// The year.
    pub year: i64,
    /// 1 = largest spender.
    pub rank: usize,
    /// How many countries have a figure that year.
    pub of: usize,
    /// The value, in the measure's unit.
    pub value: f64,
    /// Share of SIPRI's world total, percent, where published.
    pub share_of_world_pct: Option<f64>,
}

/// A country's rank and share of world military spending in `year`, in `measure`.
///
/// ```
/// use tradedef::prelude::*;
/// let s = milex_standing("Japan", 2024, DEFAULT_MILEX_MEASURE)?;
/// assert!(s.rank >= 1 && s.rank <= s.of);
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn milex_standing(country: &str, year: i64, measure: &str) -> Result<MilexStanding> {
    let name = sipri_country(country)?;
    let t = milex_ranking(year, measure)?;
    let row = collect(
        t.frame()
            .clone()
            .lazy()
            .filter(col("country").eq(lit(name.as_str()))),
    )?;
    let rank = ints(&row, SIPRI, "rank")?.into_iter().flatten().next();
    let Some(rank) = rank.and_then(|r| usize::try_from(r).ok()) else {
        bail!(Error::not_found(
            format!("country with a {measure} figure for {year} in {SIPRI}"),
            &name,
            t.texts("country")?.into_iter().flatten(),
        ));
    };
    Ok(MilexStanding {
        country: name,
        year,
        rank,
        of: t.height(),
        value: floats(&row, SIPRI, "value")?[0].unwrap_or(f64::NAN),
        share_of_world_pct: floats(&row, SIPRI, "share_of_world_pct")?[0],
    })
}
