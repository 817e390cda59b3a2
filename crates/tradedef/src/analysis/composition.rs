//! What US imports from a partner are made of: imports by end-use category (the first digit of
//! the Census 5-digit end-use code), each category's share of the partner's goods, its gross
//! share of the bilateral deficit and the partner's share of US imports of the category.

use std::collections::BTreeMap;

use polars::prelude::*;

use crate::analysis::Table;
use crate::analysis::bilateral::bilateral_balance;
use crate::analysis::plan::{collect, distinct, distinct_ints, pick_vintage, with_vintage_order};
use crate::analysis::subject::IntoPartner;
use crate::analysis::table::TableBuilder;
use crate::analysis::trade::{ENDUSE, Importer, enduse_rows};
use crate::analysis::vintage::{by_year_and_vintage, pair_by_period};
use crate::analysis::{Vintage, plan};
use crate::data::entry;
use crate::{Error, Result};

/// The end-use categories of the Census classification (first digit of the end-use code).
pub const ENDUSE_CATEGORIES: [(&str, &str); 6] = [
    ("0", "Foods, feeds and beverages"),
    ("1", "Industrial supplies and materials"),
    ("2", "Capital goods, except automotive"),
    ("3", "Automotive vehicles, parts and engines"),
    ("4", "Consumer goods"),
    ("5", "Other goods"),
];

/// The name of an end-use category by its first digit.
pub fn enduse_category_label(digit: &str) -> String {
    ENDUSE_CATEGORIES
        .iter()
        .find(|(d, _)| *d == digit)
        .map_or_else(|| format!("end-use {digit}"), |(_, l)| (*l).to_string())
}

/// Imports from one importer by end-use category in `year`, latest vintage of the year:
/// `(category, USD millions)` and the vintage.
fn by_category(who: &Importer, year: i64) -> Result<(DataFrame, String)> {
    let rows = enduse_rows(who)?.filter(col("year").eq(lit(year)));
    let latest = pick_vintage(
        with_vintage_order(rows, ENDUSE)?,
        &Vintage::LatestCovering,
        &[],
    )?;
    let vintage = distinct(latest.clone(), "vintage", ENDUSE)?
        .into_iter()
        .next()
        .ok_or_else(|| {
            Error::argument(
                format!("US end-use imports in {year} ({ENDUSE})"),
                "no rows for this importer and year",
            )
        })?;
    let frame = collect(
        latest
            .filter(col("enduse_code").is_not_null())
            .group_by([col("enduse_code").str().head(lit(1)).alias("category")])
            .agg([col("value").sum().alias("imports_usd_mn")])
            .sort(["category"], SortMultipleOptions::default()),
        ENDUSE,
    )?;
    Ok((frame, vintage))
}

/// The latest year for which both the partner's end-use imports and the bilateral balance
/// exist.
///
/// ```
/// use tradedef::prelude::*;
/// assert_eq!(composition_year("Japan")?, 2025);
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn composition_year(partner: impl IntoPartner) -> Result<i64> {
    let p = partner.into_partner()?;
    let rows = enduse_rows(&Importer::Partner(Box::new(p.clone())))?;
    let bal = bilateral_balance(&p)?;
    let both = distinct_ints(
        rows.clone().join(
            bal.frame().clone().lazy().select([col("year")]),
            [col("year")],
            [col("year")],
            JoinArgs::new(JoinType::Inner),
        ),
        "year",
        ENDUSE,
    )?;
    both.last().copied().ok_or_else(|| -> Error {
        let years = |lf: LazyFrame, what: &str| -> Result<Vec<i64>> {
            Ok(distinct_ints(lf, "year", what)?.into_iter().collect())
        };
        match (
            years(rows, ENDUSE),
            years(bal.frame().clone().lazy(), bal.name()),
        ) {
            (Ok(have), Ok(bal_years)) => Error::no_data(
                format!("composition of US imports from {}", p.name),
                format!(
                    "no year has both end-use imports ({}) and a goods balance ({})",
                    span_text(&have),
                    span_text(&bal_years)
                ),
            ),
            (Err(e), _) | (_, Err(e)) => e,
        }
    })
}

fn span_text(years: &[i64]) -> String {
    match (years.iter().min(), years.iter().max()) {
        (Some(a), Some(b)) => format!("{a}–{b}"),
        _ => "none".to_string(),
    }
}

/// US imports from a partner in `year` by end-use category: `category` (first digit of the
/// end-use code), `label`, `imports_usd_mn`, `share_of_imports_pct` (of the partner's goods),
/// `gross_share_of_deficit_pct` (imports / −balance; empty when the US has no deficit with the
/// partner that year), `partner_share_of_us_imports_pct` (of US imports of the category from
/// the world). The net share needs US exports by end-use category, which the data do not hold:
/// a note says so.
///
/// ```
/// use tradedef::prelude::*;
/// let t = import_composition("Mexico", 2022)?;
/// let total: f64 = t.floats("share_of_imports_pct")?.into_iter().flatten().sum();
/// assert!((total - 100.0).abs() < 1e-6);
/// assert!(t.value_where("category", "3", "imports_usd_mn")? > 50_000.0);
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn import_composition(partner: impl IntoPartner, year: i64) -> Result<Table> {
    let p = partner.into_partner()?;
    let (mine, vintage) = by_category(&Importer::Partner(Box::new(p.clone())), year)?;
    let (world, _) = by_category(&Importer::World, year)?;
    let bal = bilateral_balance(&p)?;
    // the balance of the release paired with the imports (the pairing rule, data/README.md),
    // as `partner_category_share` divides by; the latest where no release holds both
    let flows = crate::analysis::bilateral::period_flows(&p, false)?;
    let datasets: Vec<&str> = flows.datasets.iter().map(String::as_str).collect();
    let total: f64 = crate::analysis::floats(&mine, ENDUSE, "imports_usd_mn")?
        .into_iter()
        .flatten()
        .sum();
    let paired = pair_by_period(
        ENDUSE,
        &BTreeMap::from([(year, (total, vintage.clone()))]),
        &datasets,
        &by_year_and_vintage(&flows.frame, &flows.datasets.join(" + "), "balance")?,
    );
    let balance = match paired.get(&year) {
        Some((b, v, true)) => Some((*b, format!("release {v}, paired with the imports"))),
        _ => bal
            .value_at("year", year, "balance_usd_mn")
            .ok()
            .map(|b| (b, bal.source_line())),
    };
    let deficit = balance.as_ref().filter(|(b, _)| *b < 0.0).map(|(b, _)| -b);
    let labels = df!(
        "category" => ENDUSE_CATEGORIES.iter().map(|(d, _)| *d).collect::<Vec<_>>(),
        "label" => ENDUSE_CATEGORIES.iter().map(|(_, l)| *l).collect::<Vec<_>>(),
    )
    .map_err(|e| Error::polars("end-use categories", e))?;
    let gross = match deficit {
        Some(x) => plan::div(lit(100.0) * col("imports_usd_mn"), lit(x)),
        None => lit(NULL).cast(DataType::Float64),
    };
    let joined = collect(
        mine.lazy()
            .join(
                world
                    .lazy()
                    .select([col("category"), col("imports_usd_mn").alias("world_usd_mn")]),
                [col("category")],
                [col("category")],
                plan::keep_order(JoinType::Left),
            )
            .join(
                labels.lazy(),
                [col("category")],
                [col("category")],
                plan::keep_order(JoinType::Left),
            )
            .select([
                col("category"),
                col("label").fill_null(lit("end-use ") + col("category")),
                col("imports_usd_mn"),
                (lit(100.0) * col("imports_usd_mn") / col("imports_usd_mn").sum())
                    .alias("share_of_imports_pct"),
                gross.alias("gross_share_of_deficit_pct"),
                (lit(100.0) * col("imports_usd_mn") / col("world_usd_mn"))
                    .alias("partner_share_of_us_imports_pct"),
            ]),
        ENDUSE,
    )?;
    let name = &p.name;
    let mut t = TableBuilder::new(format!("US imports from {name} by end-use category, {year}"))
        .frame(
            joined,
            &[
                ("category", "first digit of the Census end-use code".into()),
                ("label", "end-use category".into()),
                (
                    "imports_usd_mn",
                    format!("USD millions, nominal (US general imports from {name}, customs value)"),
                ),
                (
                    "share_of_imports_pct",
                    format!("percent of US imports from {name}"),
                ),
                (
                    "gross_share_of_deficit_pct",
                    format!("percent of the US goods deficit with {name} (imports / deficit)"),
                ),
                (
                    "partner_share_of_us_imports_pct",
                    "percent of US imports of the category from the world".into(),
                ),
            ],
        )
        .note(format!("{ENDUSE}, vintage {vintage}; general imports, customs value"))
        .note(
            "net shares (imports − US exports of the category) are not computed: the data hold no US exports by end-use category",
        );
    t = match (deficit, &balance) {
        (Some(x), Some((_, from))) => t.note(format!(
            "deficit = −(US goods balance with {name}) in {year} = {x:.1} USD millions ({from})"
        )),
        _ => t.note(format!(
            "no US goods deficit with {name} in {year} in the data: deficit shares left empty"
        )),
    };
    t.build(entry(ENDUSE)?.meta.provenance().merge(bal.provenance()))
}
