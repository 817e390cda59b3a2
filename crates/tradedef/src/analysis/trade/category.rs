//! A category of US imports by Census end-use code, and the end-use rows of a partner or of the
//! world.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use polars::prelude::*;

use crate::analysis::Vintage;
use crate::analysis::plan::{by_year, distinct, pick_vintage, with_vintage_order};
use crate::analysis::subject::{census_code, names_of};
use crate::data::{Partner, entry, scan};
use crate::error::{bail, ensure};
use crate::{Error, Result};

/// The dataset of US imports by end-use code and partner.
pub(crate) const ENDUSE: &str = crate::data::ids::US_IMPORTS_BY_ENDUSE.as_str();

/// A category of US imports from Japan, by Census end-use code (a prefix of the 5-digit code).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Category {
    /// End-use 3: automotive vehicles, parts and engines (codes starting `3`).
    Autos,
    /// End-use 300: passenger cars, new and used.
    PassengerCars,
    /// End-use 301: trucks, buses and special-purpose vehicles.
    TrucksBuses,
    /// End-use 302: parts, engines, bodies, tires.
    Parts,
    /// Any end-use code prefix, e.g. `"2"` (capital goods).
    EndUse(String),
}

impl Category {
    /// Parses `autos`, `passenger_cars` (or `cars`), `trucks`, `parts`, or digits (an end-use prefix).
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// assert_eq!(Category::parse("autos")?, Category::Autos);
    /// assert_eq!(Category::parse("300")?, Category::EndUse("300".into()));
    /// assert!(Category::parse("bananas").is_err());
    /// # Ok::<(), tradedef::Error>(())
    /// ```
    pub fn parse(s: &str) -> Result<Category> {
        let t = s.trim().to_ascii_lowercase();
        Ok(match t.as_str() {
            "autos" | "automotive" => Category::Autos,
            "passenger_cars" | "cars" => Category::PassengerCars,
            "trucks" | "trucks_buses" => Category::TrucksBuses,
            "parts" => Category::Parts,
            d if !d.is_empty() && d.len() <= 5 && d.chars().all(|c| c.is_ascii_digit()) => {
                Category::EndUse(d.to_string())
            }
            _ => {
                bail!(Error::not_found(
                    "category",
                    s,
                    [
                        "autos",
                        "passenger_cars",
                        "trucks",
                        "parts",
                        "an end-use code prefix such as 3 or 300",
                    ],
                ));
            }
        })
    }

    /// The category of an end-use code prefix: the named one where there is one (`"3"` is
    /// [`Category::Autos`], `"300"` [`Category::PassengerCars`]), else [`Category::EndUse`].
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// assert_eq!(Category::of_prefix("3"), Category::Autos);
    /// assert_eq!(Category::of_prefix("2"), Category::EndUse("2".into()));
    /// ```
    pub fn of_prefix(prefix: &str) -> Category {
        [
            Category::Autos,
            Category::PassengerCars,
            Category::TrucksBuses,
            Category::Parts,
        ]
        .into_iter()
        .find(|c| c.prefix() == prefix)
        .unwrap_or_else(|| Category::EndUse(prefix.to_string()))
    }

    /// The end-use code prefix.
    pub fn prefix(&self) -> &str {
        match self {
            Category::Autos => "3",
            Category::PassengerCars => "300",
            Category::TrucksBuses => "301",
            Category::Parts => "302",
            Category::EndUse(p) => p,
        }
    }

    /// A label for titles.
    pub fn label(&self) -> String {
        match self {
            Category::Autos => "automotive vehicles, parts and engines (end-use 3)".into(),
            Category::PassengerCars => "passenger cars (end-use 300)".into(),
            Category::TrucksBuses => "trucks, buses, special-purpose vehicles (end-use 301)".into(),
            Category::Parts => "parts, engines, bodies, tires (end-use 302)".into(),
            Category::EndUse(p) => format!("end-use codes {p}…"),
        }
    }

    /// The `scope`s of `us_auto_exports_to_japan` that stand for this category's exports, best
    /// match first (for autos: end-use 3, then "automobiles and parts", then HTS chapter 87,
    /// which also counts motorcycles and tractors). Empty where there is none.
    pub fn export_scopes(&self) -> &'static [&'static str] {
        match self {
            Category::Autos => &[
                "automotive_vehicles_parts_engines",
                "automobiles_and_parts",
                "hs87_vehicles_and_parts",
            ],
            Category::PassengerCars => &["passenger_cars"],
            _ => &[],
        }
    }
}

/// Whose end-use imports to read: one partner (by Census code) or the world total.
#[derive(Debug, Clone)]
pub(crate) enum Importer {
    /// A partner.
    Partner(Box<Partner>),
    /// All countries (Census code 0000).
    World,
}

/// The Census code of the world total in the end-use workbook.
const WORLD_CODE: &str = "0000";

/// The rows of `us_imports_by_enduse` for one importer: by `partner_code` where the dataset has
/// it, else by the partner's names.
pub(crate) fn enduse_rows(who: &Importer) -> Result<LazyFrame> {
    let by_code = entry(ENDUSE)?.meta.has_column("partner_code");
    let d = scan(ENDUSE)?;
    Ok(match (who, by_code) {
        (Importer::World, true) => d.filter(col("partner_code").eq(lit(WORLD_CODE))),
        (Importer::World, false) => d.filter(col("partner").eq(lit("World"))),
        (Importer::Partner(p), true) => {
            let code = census_code(p, ENDUSE)?;
            d.filter(col("partner_code").eq(lit(code)))
        }
        (Importer::Partner(p), false) => {
            let names = Series::new("names".into(), names_of(p));
            d.filter(col("partner").is_in(lit(names).implode(false), false))
        }
    })
}

/// Every end-use code of `us_imports_by_enduse`, read once per process (one column of every
/// partner's rows).
fn all_enduse_codes() -> Result<&'static BTreeSet<String>> {
    static CODES: OnceLock<BTreeSet<String>> = OnceLock::new();
    if let Some(codes) = CODES.get() {
        return Ok(codes);
    }
    let all = distinct(scan(ENDUSE)?, "enduse_code", ENDUSE)?;
    Ok(CODES.get_or_init(|| all))
}

/// The end-use codes of `us_imports_by_enduse` that start with a category's prefix; an error
/// listing the codes when none does.
pub(crate) fn category_codes(category: &Category) -> Result<Vec<String>> {
    let all = all_enduse_codes()?;
    let codes: Vec<String> = all
        .iter()
        .filter(|c| c.starts_with(category.prefix()))
        .cloned()
        .collect();
    ensure!(
        !codes.is_empty(),
        Error::not_found(
            format!("end-use code prefix in {ENDUSE}"),
            category.prefix(),
            all,
        )
    );
    Ok(codes)
}

/// Imports of a category by year from one importer, from one vintage per year (the latest
/// with a figure): `year → (USD millions, vintage)`.
pub(crate) fn category_imports(
    category: &Category,
    who: &Importer,
) -> Result<BTreeMap<i64, (f64, String)>> {
    let codes = Series::new("codes".into(), category_codes(category)?);
    let sums = enduse_rows(who)?
        .filter(col("enduse_code").is_in(lit(codes).implode(false), false))
        .group_by([col("year"), col("vintage")])
        .agg([
            col("value").sum().alias("sum"),
            col("value").count().alias("figures"),
        ])
        .filter(col("figures").gt(lit(0)));
    // the latest vintage of each year
    let latest = pick_vintage(
        with_vintage_order(sums, ENDUSE)?,
        &Vintage::LatestCovering,
        &["year"],
    )?;
    by_year(latest, ["year", "sum", "vintage"], ENDUSE)
}
