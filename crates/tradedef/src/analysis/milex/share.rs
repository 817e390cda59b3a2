//! SIPRI military expenditure: a country's share of GDP by year, and every country in a year,
//! each from one SIPRI release (see [`crate::analysis::milex`]: a series or a comparison never
//! mixes releases, whose constant dollars have different price bases).

use polars::prelude::*;

use super::{SIPRI, release_note, release_of_rows, release_provenance};
use crate::analysis::money::span;
use crate::analysis::plan::{collect, distinct_ints};
use crate::analysis::table::{TableBuilder, texts};
use crate::analysis::{Table, Vintage};
use crate::data::{entry, scan};
use crate::error::bail;
use crate::{Error, Result};

/// SIPRI military expenditure as a share of GDP for a country, every year, from the latest
/// SIPRI release holding the country's shares (the whole series from that release): `year`,
/// `share_of_gdp_pct`, `vintage`. The country is SIPRI's name or any word the partner registry
/// resolves; errors list the closest names. [`defence_share_of_gdp_in`] reads a named release.
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
    defence_share_of_gdp_in(country, &Vintage::LatestCovering)
}

/// [`defence_share_of_gdp`] from the SIPRI release `vintage` chooses: the named one, or the
/// latest holding the country's shares.
///
/// ```
/// use tradedef::prelude::*;
/// use tradedef::analysis::defence::defence_share_of_gdp_in;
/// let t = defence_share_of_gdp_in("Japan", &Vintage::named("sipri-milex-2025-04"))?;
/// assert_eq!(t.value_at("year", 2024, "share_of_gdp_pct")?, 1.37);
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn defence_share_of_gdp_in(country: &str, vintage: &Vintage) -> Result<Table> {
    let name = crate::analysis::milex::sipri_country(country)?;
    let rows = scan(SIPRI)?.filter(
        col("country")
            .eq(lit(name.as_str()))
            .and(col("measure").eq(lit("share_of_gdp_pct")))
            .and(col("year").is_not_null()),
    );
    let release = release_of_rows(rows.clone(), vintage, &format!("{name}'s share of GDP"))?;
    // every year from the one release
    let rows = collect(
        rows.filter(col("vintage").eq(lit(release.as_str())))
            .group_by([col("year").cast(DataType::Int64)])
            .agg([
                col("value")
                    .cast(DataType::Float64)
                    .first()
                    .alias("share_of_gdp_pct"),
                col("vintage").first(),
            ])
            .sort(["year"], SortMultipleOptions::default()),
        SIPRI,
    )?;
    TableBuilder::new(format!("{name}: military expenditure as a share of GDP"))
        .frame(
            rows,
            &[
                ("year", "calendar year".into()),
                ("share_of_gdp_pct", "percent of GDP (SIPRI)".into()),
                ("vintage", "release".into()),
            ],
        )
        .note(release_note(&release))
        .build(release_provenance(&entry(SIPRI)?.meta, &release))
}

/// Every country in `sipri_milex` in one year: `country`, `current_usd_mn`, `constant_usd_mn`,
/// `share_of_gdp_pct`, `share_of_govt_spending_pct` (empty where SIPRI has no figure), sorted by
/// current dollars, largest first. Every figure comes from the latest SIPRI release with
/// figures for the year; the unit of `constant_usd_mn` and the notes name its price base.
///
/// ```
/// use tradedef::prelude::*;
/// let t = military_spending_comparison(2023)?;
/// assert!(t.value_where("country", "Japan", "share_of_gdp_pct")? > 0.5);
/// assert_eq!(t.unit("constant_usd_mn"), Some("USD millions (constant 2024)"));
/// assert!(military_spending_comparison(1800).is_err());
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn military_spending_comparison(year: i64) -> Result<Table> {
    military_spending_comparison_in(year, &Vintage::LatestCovering)
}

/// [`military_spending_comparison`] within the SIPRI release `vintage` chooses: the named one,
/// or the latest with figures for the year.
///
/// ```
/// use tradedef::prelude::*;
/// use tradedef::analysis::defence::military_spending_comparison_in;
/// let t = military_spending_comparison_in(2024, &Vintage::named("sipri-milex-2025-04"))?;
/// assert_eq!(t.unit("constant_usd_mn"), Some("USD millions (constant 2023)"));
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn military_spending_comparison_in(year: i64, vintage: &Vintage) -> Result<Table> {
    let meta = &entry(SIPRI)?.meta;
    // the year's rows of every country, read once
    let year_rows = collect(scan(SIPRI)?.filter(col("year").eq(lit(year))), SIPRI)?;
    let mut rows = year_rows.lazy().filter(
        col("country")
            .is_not_null()
            .and(col("measure").is_not_null()),
    );
    // Countries only: SIPRI's regional and world totals (and the EU) are not countries.
    if meta.has_column("kind") {
        rows = rows.filter(col("kind").eq(lit("country")));
    }
    let release = match release_of_rows(rows.clone(), vintage, &format!("the year {year}")) {
        Ok(r) => r,
        Err(_) if *vintage == Vintage::LatestCovering => {
            let ys = distinct_ints(scan(SIPRI)?, "year", SIPRI)?;
            bail!(Error::not_found(
                format!("year in {SIPRI}"),
                year.to_string(),
                span(ys.iter()),
            ));
        }
        Err(e) => return Err(e),
    };
    let rows = rows.filter(col("vintage").eq(lit(release.as_str())));
    // the unit of each measure: the last one given in the year
    let units = collect(
        rows.clone()
            .group_by([col("measure")])
            .agg([col("unit").drop_nulls().last()]),
        SIPRI,
    )?;
    let unit_of: Vec<(String, String)> = texts(&units, SIPRI, "measure")?
        .into_iter()
        .zip(texts(&units, SIPRI, "unit")?)
        .filter_map(|(m, u)| Some((m?, u?)))
        .collect();
    let unit = |k: &str, fallback: &str| {
        unit_of
            .iter()
            .find(|(m, _)| m == k)
            .map(|(_, u)| u.clone())
            .unwrap_or_else(|| fallback.to_string())
    };
    // per country and measure, the figure of the one release; one row per country
    let measure = |m: &str, name: &str| {
        col("value")
            .cast(DataType::Float64)
            .filter(col("measure").eq(lit(m)))
            .first()
            .alias(name)
    };
    let table = collect(
        rows.group_by([col("country")])
            .agg([
                measure("current_usd_millions", "current_usd_mn"),
                measure("constant_usd_millions", "constant_usd_mn"),
                measure("share_of_gdp_pct", "share_of_gdp_pct"),
                measure("share_of_govt_spending_pct", "share_of_govt_spending_pct"),
            ])
            .sort_by_exprs(
                [col("current_usd_mn"), col("country")],
                SortMultipleOptions::default()
                    .with_order_descending_multi([true, false])
                    .with_nulls_last(true),
            ),
        SIPRI,
    )?;
    if table.height() == 0 {
        let ys = distinct_ints(scan(SIPRI)?, "year", SIPRI)?;
        bail!(Error::not_found(
            format!("year in {SIPRI}"),
            year.to_string(),
            span(ys.iter()),
        ));
    }
    TableBuilder::new(format!("Military expenditure, {year} (SIPRI)"))
        .frame(
            table,
            &[
                ("country", "country".into()),
                (
                    "current_usd_mn",
                    unit("current_usd_millions", "USD millions (current)"),
                ),
                (
                    "constant_usd_mn",
                    unit("constant_usd_millions", "USD millions (constant)"),
                ),
                ("share_of_gdp_pct", "percent of GDP".into()),
                (
                    "share_of_govt_spending_pct",
                    "percent of government spending".into(),
                ),
            ],
        )
        .note(release_note(&release))
        .build(release_provenance(meta, &release))
}
