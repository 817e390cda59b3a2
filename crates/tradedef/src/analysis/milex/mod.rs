//! Military expenditure of any country in SIPRI's data, and of the world: every measure SIPRI
//! publishes by year, growth between two years, and a country's rank and share of the world
//! total in a year.
//!
//! Countries are named as SIPRI spells them (`"Korea, South"`), or by any word the partner
//! registry resolves (`"South Korea"`, `"KOR"`); SIPRI's regional and world totals by their
//! SIPRI names (`"World"`, `"Europe"`).
//!
//! **One release per series.** `sipri_milex` holds several SIPRI releases side by side (the
//! `vintage` column), and each April SIPRI revises the whole series and moves the price base of
//! its constant dollars (constant 2023 US$ in the April 2025 release, constant 2024 US$ in the
//! April 2026 one). Every series, growth, ranking and share here comes from one release: the
//! latest that holds the figures ([`Vintage::LatestCovering`]: latest *for the whole series*,
//! never year by year) or the one named ([`Vintage::Named`], e.g. `"sipri-milex-2025-04"`).
//! A growth or a share is computed inside one table of one release, so it cannot span two
//! price bases; the tables state the release and its price base in their units and notes
//! ([`milex_price_base`]).

mod share;

pub use share::{
    defence_share_of_gdp, defence_share_of_gdp_in, military_spending_comparison,
    military_spending_comparison_in,
};

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use polars::prelude::*;

use crate::analysis::plan::{self, distinct_ints};
use crate::analysis::table::{TableBuilder, floats, ints, texts};
use crate::analysis::vintage::order_key;
use crate::analysis::{IntoPartner, Table, Vintage};
use crate::data::{Dataset, DatasetMeta, Provenance, entry, load, scan};
use crate::error::{bail, ensure};
use crate::{Error, Result};

pub(crate) const SIPRI: &str = crate::data::ids::SIPRI_MILEX.as_str();

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
    let names: Vec<String> = plan::distinct(scan(SIPRI)?, "country", SIPRI)?
        .into_iter()
        .collect();
    if let Some(n) = names.iter().find(|n| n.eq_ignore_ascii_case(query.trim())) {
        return Ok(n.clone());
    }
    let partner = query.into_partner();
    if let Ok(p) = &partner
        && let Some(n) = &p.sipri_name
        && names.contains(n)
    {
        return Ok(n.clone());
    }
    // SIPRI's own spellings, typed another way ("Korea, South", "United States")
    let set: std::collections::BTreeSet<&str> = names.iter().map(String::as_str).collect();
    match crate::similar::matching(query, &set).as_slice() {
        [one] => return Ok(one.to_string()),
        [] => {}
        several => bail!(Error::argument(
            format!("country in {SIPRI}"),
            format!(
                "country `{query}` matches several SIPRI names ({})",
                several.join("; ")
            ),
        )),
    }
    Err(match partner {
        Ok(p) => Error::not_found(
            format!(
                "country in {SIPRI} ({} has no series in SIPRI's data)",
                p.name
            ),
            query,
            names,
        ),
        Err(_) => Error::not_found(format!("country in {SIPRI}"), query, names),
    })
}

/// The SIPRI release that `rows` (rows of `sipri_milex`) are read from: the one named, which
/// must hold a figure among them, or the latest holding any. `what` names the rows in errors.
pub(crate) fn release_of_rows(rows: LazyFrame, vintage: &Vintage, what: &str) -> Result<String> {
    let held = plan::distinct(rows.filter(col("value").is_not_null()), "vintage", SIPRI)?;
    match vintage {
        Vintage::Named(v) if held.contains(v) => Ok(v.clone()),
        Vintage::Named(v) => {
            let all = distinct(&load(SIPRI)?, "vintage")?;
            Err(Error::not_found(
                format!("SIPRI release (vintage of {SIPRI}) with figures for {what}"),
                v,
                if held.is_empty() {
                    all
                } else {
                    held.into_iter().collect()
                },
            ))
        }
        Vintage::LatestCovering => held
            .into_iter()
            .max_by_key(|v| order_key(v))
            .ok_or_else(|| {
                Error::argument(
                    format!("military spending ({SIPRI})"),
                    format!("no SIPRI release has a figure for {what}"),
                )
            }),
    }
}

/// The price base of a SIPRI release's constant-dollar figures, read from the unit of its
/// `constant_usd_millions` rows: `"constant 2024 US$"` for `sipri-milex-2026-04`, `"constant
/// 2023 US$"` for `sipri-milex-2025-04`. Growth and comparisons in constant dollars hold only
/// within one price base.
///
/// ```
/// use tradedef::analysis::milex::milex_price_base;
/// assert_eq!(milex_price_base("sipri-milex-2026-04")?, "constant 2024 US$");
/// assert_eq!(milex_price_base("sipri-milex-2025-04")?, "constant 2023 US$");
/// assert!(milex_price_base("sipri-milex-1999-04").is_err());
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn milex_price_base(vintage: &str) -> Result<String> {
    // a release's price base is a fact of the embedded data: read once per process
    static BASES: OnceLock<Mutex<HashMap<String, String>>> = OnceLock::new();
    let bases = BASES.get_or_init(Default::default);
    if let Some(b) = bases.lock().ok().and_then(|m| m.get(vintage).cloned()) {
        return Ok(b);
    }
    let base = read_price_base(vintage)?;
    if let Ok(mut m) = bases.lock() {
        m.insert(vintage.to_string(), base.clone());
    }
    Ok(base)
}

/// [`milex_price_base`], read from the data.
fn read_price_base(vintage: &str) -> Result<String> {
    let units = plan::distinct(
        scan(SIPRI)?.filter(
            col("vintage")
                .eq(lit(vintage))
                .and(col("measure").eq(lit("constant_usd_millions"))),
        ),
        "unit",
        SIPRI,
    )?;
    let bases: Vec<String> = units.iter().filter_map(|u| price_base_of(u)).collect();
    match bases.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(Error::not_found(
            format!("SIPRI release with constant-dollar figures in {SIPRI}"),
            vintage,
            plan::distinct(scan(SIPRI)?, "vintage", SIPRI)?,
        )),
        several => Err(Error::argument(
            format!("price base of {SIPRI} release {vintage}"),
            format!(
                "the release's constant-dollar rows have several price bases ({}): a data error",
                several.join(", ")
            ),
        )),
    }
}

/// `"constant 2024 US$"` from a unit such as `"USD millions (constant 2024)"`.
fn price_base_of(unit: &str) -> Option<String> {
    let (_, rest) = unit.split_once("(constant ")?;
    let year = rest.strip_suffix(')')?;
    (year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("constant {year} US$"))
}

/// The note every SIPRI table carries: the release its figures come from and the price base of
/// its constant dollars.
pub(crate) fn release_note(vintage: &str) -> String {
    match milex_price_base(vintage) {
        Ok(base) => format!(
            "SIPRI release {vintage}: every figure from this one release; constant-dollar figures in {base}"
        ),
        Err(_) => format!("SIPRI release {vintage}: every figure from this one release"),
    }
}

/// The dataset's provenance, its vintage being that of the release used (the sidecar's source
/// of that release, which names its price base), so a chart's source line says which release.
pub(crate) fn release_provenance(meta: &DatasetMeta, vintage: &str) -> Provenance {
    let mut p = meta.provenance();
    if let Some(s) = meta.source(vintage) {
        for note in &mut p.sources {
            note.vintage = format!("{} ({vintage})", s.vintage);
        }
    }
    p
}

/// SIPRI's regional groups: every country of SIPRI's latest country list with the group SIPRI
/// lists it under in its country sheets (`"East Asia"`, `"Western Europe"`,
/// `"sub-Saharan Africa"`, …): columns `country` (SIPRI's spelling) and `group`, in order of
/// name. SIPRI's regional totals carry these names where it publishes a total for the group
/// ([`military_spending`] of the name); its latest release totals Central and Western Europe
/// as one.
///
/// ```
/// use tradedef::analysis::milex::sipri_groups;
/// let t = sipri_groups()?;
/// let countries = t.texts("country")?;
/// let groups = t.texts("group")?;
/// let group_of = |name: &str| {
///     countries.iter().zip(&groups)
///         .find(|(c, _)| c.as_deref() == Some(name))
///         .and_then(|(_, g)| g.clone())
/// };
/// assert_eq!(group_of("Japan").as_deref(), Some("East Asia"));
/// assert_eq!(group_of("Mexico").as_deref(), Some("Central America and the Caribbean"));
/// assert!(t.height() > 150);
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn sipri_groups() -> Result<Table> {
    let id = crate::data::ids::SIPRI_MILEX_COUNTRIES.as_str();
    let meta = &entry(id)?.meta;
    let frame = plan::collect(
        scan(id)?
            .filter(col("kind").eq(lit("country")))
            .select([col("country"), col("sipri_group").alias("group")])
            .sort(["country"], SortMultipleOptions::default()),
        id,
    )?;
    TableBuilder::new("SIPRI's regional groups of countries")
        .frame(frame, &[])
        .note("group: the region heading SIPRI lists the country under in its country sheets")
        .build(meta.provenance())
}

/// Every measure SIPRI publishes for a country (or region, or the world), by year, from the
/// latest SIPRI release that holds the country: `year`, one column per measure id of
/// `sipri_milex` (e.g. `current_usd_millions`, `share_of_gdp_pct`) with its unit (the
/// constant-dollar unit names the price base, e.g. `USD millions (constant 2024)`), and
/// `vintage` (one release for the whole series). Years where SIPRI gives no figure at all are
/// left out; a measure without a figure in a year is empty (the dataset's `missing` column says
/// why). [`military_spending_in`] reads a named release.
///
/// ```
/// use tradedef::prelude::*;
/// let t = military_spending("South Korea")?;
/// assert!(t.value_at("year", 2024, "share_of_gdp_pct")? > 2.0);
/// assert_eq!(t.unit("constant_usd_millions"), Some("USD millions (constant 2024)"));
/// assert!(t.notes().iter().any(|n| n.contains("constant 2024 US$")));
/// assert!(military_spending("Atlantis").is_err());
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn military_spending(country: &str) -> Result<Table> {
    military_spending_in(country, &Vintage::LatestCovering)
}

/// [`military_spending`] from the SIPRI release `vintage` chooses: [`Vintage::Named`] reads
/// that release (an error if it has no figure for the country), [`Vintage::LatestCovering`] the
/// latest release holding the country. The whole series comes from the one release.
///
/// ```
/// use tradedef::prelude::*;
/// use tradedef::analysis::milex::military_spending_in;
/// let t = military_spending_in("United States", &Vintage::named("sipri-milex-2025-04"))?;
/// assert_eq!(t.unit("constant_usd_millions"), Some("USD millions (constant 2023)"));
/// assert_eq!(t.value_at("year", 2024, "current_usd_millions")?, 997309.0);
/// assert!(military_spending_in("Japan", &Vintage::named("sipri-milex-1999-04")).is_err());
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn military_spending_in(country: &str, vintage: &Vintage) -> Result<Table> {
    let name = sipri_country(country)?;
    let rows = scan(SIPRI)?.filter(col("country").eq(lit(name.as_str())));
    let release = release_of_rows(rows.clone(), vintage, &name)?;
    let rows = rows.filter(col("vintage").eq(lit(release.as_str())));
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
        .note(release_note(&release))
        .build(release_provenance(&entry(SIPRI)?.meta, &release))
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
    /// The SIPRI release both values come from (one release: one price base).
    pub vintage: String,
    /// The unit of both values, e.g. `USD millions (constant 2024)`.
    pub unit: String,
}

/// Growth of a country's (or the world's) military spending from `from` to `to` in `measure`
/// (for real growth use `constant_usd_millions`, SIPRI's constant-dollar series), both years
/// from the latest SIPRI release holding the country: a growth never spans two releases (two
/// price bases). [`milex_growth_in`] reads a named release.
///
/// ```
/// use tradedef::prelude::*;
/// let g = milex_growth("Japan", 2014, 2024, "constant_usd_millions")?;
/// assert!(g.growth_pct > 0.0);
/// assert_eq!(g.unit, "USD millions (constant 2024)");
/// assert!(milex_growth("Japan", 2014, 1800, "constant_usd_millions").is_err());
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn milex_growth(country: &str, from: i64, to: i64, measure: &str) -> Result<MilexGrowth> {
    milex_growth_in(country, from, to, measure, &Vintage::LatestCovering)
}

/// [`milex_growth`] within the SIPRI release `vintage` chooses (see [`military_spending_in`]).
///
/// ```
/// use tradedef::prelude::*;
/// use tradedef::analysis::milex::milex_growth_in;
/// let april_2025 = Vintage::named("sipri-milex-2025-04");
/// let g = milex_growth_in("United States", 2023, 2024, "constant_usd_millions", &april_2025)?;
/// assert!((g.growth_pct - 5.72).abs() < 0.01);
/// assert_eq!(g.vintage, "sipri-milex-2025-04");
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn milex_growth_in(
    country: &str,
    from: i64,
    to: i64,
    measure: &str,
    vintage: &Vintage,
) -> Result<MilexGrowth> {
    let t = military_spending_in(country, vintage)?;
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
    let release = t
        .texts("vintage")?
        .into_iter()
        .flatten()
        .next()
        .unwrap_or_default();
    Ok(MilexGrowth {
        country: sipri_country(country)?,
        measure: measure.to_string(),
        from: (from, a),
        to: (to, b),
        growth_pct: 100.0 * (b / a - 1.0),
        vintage: release,
        unit: t.unit(measure).unwrap_or_default().to_string(),
    })
}

/// Countries ranked by military spending in `year` (1 = largest), with each country's share of
/// SIPRI's world total where SIPRI publishes one in the same measure: `rank`, `country`,
/// `value`, `share_of_world_pct`. Only rows of kind `country` are ranked (regional and world
/// totals, where the dataset marks them, are not). Every figure, the world total included,
/// comes from the latest SIPRI release with figures for the year; [`milex_ranking_in`] reads a
/// named release.
///
/// ```
/// use tradedef::prelude::*;
/// let t = milex_ranking(2024, DEFAULT_MILEX_MEASURE)?;
/// assert_eq!(t.texts("country")?[0].as_deref(), Some("United States of America"));
/// assert!(t.notes().iter().any(|n| n.contains("sipri-milex-2026-04")));
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn milex_ranking(year: i64, measure: &str) -> Result<Table> {
    milex_ranking_in(year, measure, &Vintage::LatestCovering)
}

/// [`milex_ranking`] within the SIPRI release `vintage` chooses: the named release, or the
/// latest with figures in `measure` for `year`.
///
/// ```
/// use tradedef::prelude::*;
/// use tradedef::analysis::milex::milex_ranking_in;
/// let t = milex_ranking_in(2024, "constant_usd_millions", &Vintage::named("sipri-milex-2025-04"))?;
/// assert_eq!(t.unit("value"), Some("USD millions (constant 2023)"));
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn milex_ranking_in(year: i64, measure: &str, vintage: &Vintage) -> Result<Table> {
    ranking(year, measure, vintage).map(|(t, _)| t)
}

/// The ranking table and the release it comes from.
fn ranking(year: i64, measure: &str, vintage: &Vintage) -> Result<(Table, String)> {
    let measures: Vec<String> = plan::distinct(scan(SIPRI)?, "measure", SIPRI)?
        .into_iter()
        .collect();
    ensure!(
        measures.iter().any(|m| m == measure),
        Error::not_found(format!("measure in {SIPRI}"), measure, measures,)
    );
    // the year's rows of every country, read once (every country's group, one year of each)
    let year_rows = collect(scan(SIPRI)?.filter(col("year").eq(lit(year))))?;
    let in_year = year_rows.clone().lazy().filter(
        col("measure")
            .eq(lit(measure))
            .and(col("value").is_not_null()),
    );
    let release = match release_of_rows(in_year.clone(), vintage, &format!("{measure} in {year}")) {
        Ok(r) => r,
        Err(_) if *vintage == Vintage::LatestCovering => {
            let years = distinct_ints(scan(SIPRI)?, "year", SIPRI)?;
            bail!(Error::not_found(
                format!("year with {measure} figures in {SIPRI}"),
                year.to_string(),
                crate::analysis::money::span(years.iter()),
            ));
        }
        Err(e) => return Err(e),
    };
    let of_release = col("vintage").eq(lit(release.as_str()));
    let mut rows = in_year.filter(of_release.clone());
    let world = collect(rows.clone().filter(col("country").eq(lit(WORLD))))?;
    let mut world_value = floats(&world, SIPRI, "value")?.into_iter().flatten().next();
    let mut world_note = None;
    if world_value.is_none()
        && let Some(stem) = measure.strip_suffix("_millions")
    {
        // SIPRI publishes its world total in billions: the same measure, a thousand times less.
        let billions = format!("{stem}_billions");
        let w = collect(
            year_rows.clone().lazy().filter(
                col("measure")
                    .eq(lit(billions.as_str()))
                    .and(col("country").eq(lit(WORLD)))
                    .and(of_release),
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
    if entry(SIPRI)?.meta.has_column("kind") {
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
        .with_row_index("row", Some(1))
        // tied values share the better rank, as the `milex_rank` figure counts them
        .with_column(plan::over(col("row").min(), &["value"])?.alias("rank"))
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
        let years = distinct_ints(
            scan(SIPRI)?.filter(col("vintage").eq(lit(release.as_str()))),
            "year",
            SIPRI,
        )?;
        bail!(Error::not_found(
            format!("year with {measure} figures for countries in {SIPRI} release {release}"),
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
        "{SIPRI}, vintage {release}; countries with a figure for {year} only"
    ))
    .note(release_note(&release));
    if let Some(n) = world_note {
        t = t.note(n);
    }
    t = match world_value {
        Some(w) => t.note(format!("world total ({WORLD}, {measure}): {w} {unit}")),
        None => t.note(format!(
            "SIPRI publishes no world total in {measure} in these data: shares of the world left empty"
        )),
    };
    Ok((
        t.build(release_provenance(&entry(SIPRI)?.meta, &release))?,
        release,
    ))
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
    /// The SIPRI release of the value, the ranking and the world total.
    pub vintage: String,
    /// The unit of the value, e.g. `USD millions (current)`.
    pub unit: String,
}

/// A country's rank and share of world military spending in `year`, in `measure`, from the
/// latest SIPRI release with figures for the year (see [`milex_ranking`]).
///
/// ```
/// use tradedef::prelude::*;
/// let s = milex_standing("Japan", 2024, DEFAULT_MILEX_MEASURE)?;
/// assert!(s.rank >= 1 && s.rank <= s.of);
/// assert_eq!(s.vintage, "sipri-milex-2026-04");
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn milex_standing(country: &str, year: i64, measure: &str) -> Result<MilexStanding> {
    milex_standing_in(country, year, measure, &Vintage::LatestCovering)
}

/// [`milex_standing`] within the SIPRI release `vintage` chooses (see [`milex_ranking_in`]).
pub fn milex_standing_in(
    country: &str,
    year: i64,
    measure: &str,
    vintage: &Vintage,
) -> Result<MilexStanding> {
    let name = sipri_country(country)?;
    let (t, release) = ranking(year, measure, vintage)?;
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
        vintage: release,
        unit: t.unit("value").unwrap_or_default().to_string(),
    })
}
