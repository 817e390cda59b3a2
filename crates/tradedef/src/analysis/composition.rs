//! What US imports from a partner are made of: imports by end-use category (the first digit of
//! the Census 5-digit end-use code), each category's share of the partner's goods, its gross
//! share of the bilateral deficit and the partner's share of US imports of the category.

use polars::prelude::*;

use crate::analysis::Table;
use crate::analysis::bilateral::bilateral_balance;
use crate::analysis::subject::IntoPartner;
use crate::analysis::table::{TableBuilder, floats, ints, texts};
use crate::analysis::trade::{ENDUSE, Importer, enduse_rows};
use crate::analysis::vintage::order_key;
use crate::data::load;
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
fn by_category(d: &crate::data::Dataset, who: &Importer, year: i64) -> Result<(DataFrame, String)> {
    let rows = enduse_rows(d, who)?.filter(col("year").eq(lit(year)));
    let vintages = rows
        .clone()
        .select([col("vintage")])
        .unique(None, UniqueKeepStrategy::Any)
        .collect()
        .map_err(|e| Error::polars(ENDUSE, e))?;
    let vintage = texts(&vintages, ENDUSE, "vintage")?
        .into_iter()
        .flatten()
        .max_by_key(|v| order_key(v))
        .ok_or_else(|| {
            Error::argument(
                format!("US end-use imports in {year} ({ENDUSE})"),
                "no rows for this importer and year",
            )
        })?;
    let rows = rows.filter(col("vintage").eq(lit(vintage.as_str())));
    let codes = rows
        .clone()
        .select([col("enduse_code")])
        .unique(None, UniqueKeepStrategy::Any)
        .collect()
        .map_err(|e| Error::polars(ENDUSE, e))?;
    let codes: Vec<String> = texts(&codes, ENDUSE, "enduse_code")?
        .into_iter()
        .flatten()
        .collect();
    let firsts: Vec<String> = codes.iter().map(|c| c.chars().take(1).collect()).collect();
    let mapping =
        df!("enduse_code" => codes, "category" => firsts).map_err(|e| Error::polars(ENDUSE, e))?;
    let frame = rows
        .join(
            mapping.lazy(),
            [col("enduse_code")],
            [col("enduse_code")],
            JoinArgs::new(JoinType::Inner),
        )
        .group_by([col("category")])
        .agg([col("value").sum().alias("imports_usd_mn")])
        .sort(["category"], SortMultipleOptions::default())
        .collect()
        .map_err(|e| Error::polars(ENDUSE, e))?;
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
    let d = load(ENDUSE)?;
    let years = enduse_rows(&d, &Importer::Partner(Box::new(p.clone())))?
        .select([col("year")])
        .unique(None, UniqueKeepStrategy::Any)
        .collect()
        .map_err(|e| Error::polars(ENDUSE, e))?;
    let have: Vec<i64> = ints(&years, ENDUSE, "year")?
        .into_iter()
        .flatten()
        .collect();
    let bal = bilateral_balance(&p)?;
    let bal_years: Vec<i64> = bal.ints("year")?.into_iter().flatten().collect();
    have.iter()
        .copied()
        .filter(|y| bal_years.contains(y))
        .max()
        .ok_or_else(|| {
            Error::argument(
                format!("composition of US imports from {}", p.name),
                format!(
                    "no year has both end-use imports ({}) and a goods balance ({})",
                    span_text(&have),
                    span_text(&bal_years)
                ),
            )
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
    let d = load(ENDUSE)?;
    let (mine, vintage) = by_category(&d, &Importer::Partner(Box::new(p.clone())), year)?;
    let (world, _) = by_category(&d, &Importer::World, year)?;
    let bal = bilateral_balance(&p)?;
    let deficit = bal
        .value_at("year", year, "balance_usd_mn")
        .ok()
        .filter(|b| *b < 0.0)
        .map(|b| -b);
    let joined = mine
        .lazy()
        .join(
            world
                .lazy()
                .select([col("category"), col("imports_usd_mn").alias("world_usd_mn")]),
            [col("category")],
            [col("category")],
            JoinArgs::new(JoinType::Left),
        )
        .with_columns([
            (lit(100.0) * col("imports_usd_mn") / col("imports_usd_mn").sum())
                .alias("share_of_imports_pct"),
            (lit(100.0) * col("imports_usd_mn") / col("world_usd_mn"))
                .alias("partner_share_of_us_imports_pct"),
        ])
        .collect()
        .map_err(|e| Error::polars(ENDUSE, e))?;
    let what = ENDUSE;
    let categories = texts(&joined, what, "category")?;
    let imports = floats(&joined, what, "imports_usd_mn")?;
    let gross: Vec<Option<f64>> = imports
        .iter()
        .map(|m| Some(100.0 * (*m)? / deficit?))
        .collect();
    let name = &p.name;
    let mut t = TableBuilder::new(format!("US imports from {name} by end-use category, {year}"))
        .text("category", "first digit of the Census end-use code", categories.clone())
        .text(
            "label",
            "end-use category",
            categories
                .iter()
                .map(|c| c.as_deref().map(enduse_category_label))
                .collect(),
        )
        .float(
            "imports_usd_mn",
            format!("USD millions, nominal (US general imports from {name}, customs value)"),
            imports,
        )
        .float(
            "share_of_imports_pct",
            format!("percent of US imports from {name}"),
            floats(&joined, what, "share_of_imports_pct")?,
        )
        .float(
            "gross_share_of_deficit_pct",
            format!("percent of the US goods deficit with {name} (imports / deficit)"),
            gross,
        )
        .float(
            "partner_share_of_us_imports_pct",
            "percent of US imports of the category from the world",
            floats(&joined, what, "partner_share_of_us_imports_pct")?,
        )
        .note(format!("{ENDUSE}, vintage {vintage}; general imports, customs value"))
        .note(
            "net shares (imports − US exports of the category) are not computed: the data hold no US exports by end-use category",
        );
    t = match deficit {
        Some(x) => t.note(format!(
            "deficit = −(US goods balance with {name}) in {year} = {x:.1} USD millions ({})",
            bal.source_line()
        )),
        None => t.note(format!(
            "no US goods deficit with {name} in {year} in the data: deficit shares left empty"
        )),
    };
    t.build(d.provenance().merge(bal.provenance()))
}
