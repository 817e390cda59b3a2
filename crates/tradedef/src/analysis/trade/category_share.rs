//! A category's gross and net share of the US goods deficit with a partner.

use std::collections::BTreeMap;

use polars::prelude::*;

use crate::analysis::plan::{by_year, over, pick_vintage, with_vintage_order};
use crate::analysis::subject::IntoPartner;
use crate::analysis::table::TableBuilder;
use crate::analysis::vintage::{by_year_and_vintage, pair_by_period};
use crate::analysis::{Table, Vintage};
use crate::data::{Dataset, load};
use crate::error::bail;
use crate::{Error, Result};

use super::category::{Category, ENDUSE, Importer, category_imports};

/// US exports of a category to a partner by year, from the partner's own series of category
/// exports (a sidecar's `partner_series`): per year the first scope of `scopes` with a figure,
/// latest vintage; `year → (value, scope)`.
fn category_exports(d: &Dataset, scopes: &[&str]) -> Result<BTreeMap<i64, (f64, String)>> {
    // the rank of the row's scope among `scopes` (rows of other scopes dropped)
    let rank =
        scopes
            .iter()
            .enumerate()
            .rev()
            .fold(lit(NULL).cast(DataType::Int64), |other, (i, s)| {
                when(col("scope").eq(lit(*s)))
                    .then(lit(i as i64))
                    .otherwise(other)
            });
    let rows = d.lazy().with_column(rank.alias("scope_rank")).filter(
        col("scope_rank")
            .is_not_null()
            .and(col("year").is_not_null())
            .and(col("value").is_not_null())
            .and(col("vintage").is_not_null()),
    );
    // per year the best scope, then its latest vintage
    let best = rows.filter(col("scope_rank").eq(over(col("scope_rank").min(), &["year"])?));
    let latest = pick_vintage(
        with_vintage_order(best, d.id())?,
        &Vintage::LatestCovering,
        &["year"],
    )?
    .group_by_stable([col("year")])
    .agg([col("value").first(), col("scope").first()]);
    by_year(latest, ["year", "value", "scope"], d.id())
}

/// A category's share of the US goods deficit with a partner, per year.
///
/// - gross share = 100 × imports of the category from the partner / deficit
/// - net share = 100 × (imports − US exports of the category to the partner) / deficit
///
/// where deficit = −(US goods balance with the partner) (from [`bilateral_balance`](crate::analysis::bilateral_balance)). Imports
/// are Census end-use imports (`us_imports_by_enduse`, customs value); exports exist only where
/// a dataset holds them (`us_auto_exports_to_japan`, for Japan; the net share is empty
/// otherwise, with a note). The shares are empty in a year the US has no deficit or the balance
/// is missing. Also `partner_share_of_us_imports_pct` = the partner's share of US imports of the
/// category from the world.
///
/// ```
/// use tradedef::prelude::*;
/// let t = partner_category_share("South Korea", &Category::Autos)?;
/// assert!(t.columns().contains(&"gross_share_pct".to_string()));
/// assert!(t.value_at("year", 2022, "gross_share_pct")? > 0.0);
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn partner_category_share(partner: impl IntoPartner, category: &Category) -> Result<Table> {
    let p = partner.into_partner()?;
    let name = p.name.clone();
    let japan = category_imports(category, &Importer::Partner(Box::new(p.clone())))?;
    let world = category_imports(category, &Importer::World)?;
    let flows = crate::analysis::bilateral::period_flows(&p, false)?;
    let balance_data = flows.datasets.join(" + ");
    let datasets: Vec<&str> = flows.datasets.iter().map(String::as_str).collect();
    let paired = pair_by_period(
        ENDUSE,
        &japan,
        &datasets,
        &by_year_and_vintage(&flows.frame, &balance_data, "balance")?,
    );
    let by: BTreeMap<i64, (Option<f64>, Option<String>)> = paired
        .iter()
        .map(|(y, (b, v, _))| (*y, (Some(*b), Some(v.clone()))))
        .collect();
    let unmatched: Vec<String> = paired
        .iter()
        .filter(|(_, (_, _, matched))| !matched)
        .map(|(y, _)| y.to_string())
        .collect();
    let mut provenance = crate::data::entry(ENDUSE)?
        .meta
        .provenance()
        .merge(&flows.provenance);
    let mut notes = vec![
        format!(
            "category: {}; imports from {ENDUSE}, general imports, customs value",
            category.label()
        ),
        format!(
            "deficit = −(US goods balance with {name}), {balance_data}, from the release of the import figures (pairing rule, data/README.md)"
        ),
    ];
    if !unmatched.is_empty() {
        notes.push(format!(
            "no release holds both the imports and the balance for {}: each is its latest vintage (see imports_vintage, balance_vintage)",
            unmatched.join(", ")
        ));
    }
    // the partner's own series of category exports, as its sidecar declares
    let own_exports = p
        .census_code
        .as_deref()
        .and_then(|c| crate::data::partner_series(c, crate::data::SeriesHolds::CategoryExports))
        .map(|e| e.meta.id.as_str());
    let (scopes, exports_id) = match own_exports {
        Some(id) => (category.export_scopes(), id),
        None => (&[][..], ""),
    };
    let exports = match scopes.is_empty() {
        false => match load(exports_id) {
            Ok(e) => {
                provenance = provenance.merge(&e.provenance());
                notes.push(format!(
                    "exports: {exports_id}, first scope with a figure among {} (see exports_scope; net share only where a figure exists)",
                    scopes.join(", ")
                ));
                category_exports(&e, scopes)?
            }
            Err(Error::NotFound { .. }) => {
                notes.push(format!(
                    "net share not computed: dataset {exports_id} is not in the catalog"
                ));
                BTreeMap::new()
            }
            Err(e) => bail!(e),
        },
        true => {
            notes.push(format!(
                "net share not computed: no series of US exports of this category to {name} in the data"
            ));
            BTreeMap::new()
        }
    };
    let years: Vec<i64> = japan.keys().copied().collect();
    let missing_balance: Vec<String> = years
        .iter()
        .filter(|y| by.get(y).and_then(|b| b.0).is_none())
        .map(|y| y.to_string())
        .collect();
    if !missing_balance.is_empty() {
        notes.push(format!(
            "no US goods balance with {name} for {}: shares left empty",
            missing_balance.join(", ")
        ));
    }
    let imports: Vec<Option<f64>> = years.iter().map(|y| Some(japan[y].0)).collect();
    let ex: Vec<Option<f64>> = years.iter().map(|y| exports.get(y).map(|e| e.0)).collect();
    let ex_scope: Vec<Option<String>> = years
        .iter()
        .map(|y| exports.get(y).map(|e| e.1.clone()))
        .collect();
    let balance: Vec<Option<f64>> = years.iter().map(|y| by.get(y).and_then(|b| b.0)).collect();
    let deficit = |i: usize| balance[i].filter(|b| *b < 0.0).map(|b| -b);
    let gross: Vec<Option<f64>> = (0..years.len())
        .map(|i| Some(100.0 * imports[i]? / deficit(i)?))
        .collect();
    let net: Vec<Option<f64>> = (0..years.len())
        .map(|i| Some(100.0 * (imports[i]? - ex[i]?) / deficit(i)?))
        .collect();
    let japan_share: Vec<Option<f64>> = years
        .iter()
        .map(|y| {
            world
                .get(y)
                .filter(|w| w.0 != 0.0)
                .map(|w| 100.0 * japan[y].0 / w.0)
        })
        .collect();
    let mut t = TableBuilder::new(format!(
        "Share of the US goods deficit with {name}: {}",
        category.label()
    ))
    .int(
        "year",
        "calendar year",
        years.iter().map(|y| Some(*y)).collect(),
    )
    .float(
        "imports_usd_mn",
        format!("USD millions, nominal (US imports of the category from {name})"),
        imports,
    )
    .float(
        "exports_usd_mn",
        format!("USD millions, nominal (US exports of the category to {name}; empty = no figure)"),
        ex,
    )
    .text(
        "exports_scope",
        "which export series the exports figure is",
        ex_scope,
    )
    .float(
        "balance_usd_mn",
        format!("USD millions, nominal (US goods balance with {name}, all goods)"),
        balance,
    )
    .float(
        "gross_share_pct",
        format!("percent of the US goods deficit with {name} (imports / deficit)"),
        gross,
    )
    .float(
        "net_share_pct",
        format!("percent of the US goods deficit with {name} ((imports − exports) / deficit)"),
        net,
    )
    .float(
        "partner_share_of_us_imports_pct",
        "percent of US imports of the category from the world",
        japan_share,
    )
    .text(
        "imports_vintage",
        "release of the import figures",
        years.iter().map(|y| Some(japan[y].1.clone())).collect(),
    )
    .text(
        "balance_vintage",
        "release of the balance",
        years
            .iter()
            .map(|y| by.get(y).and_then(|b| b.1.clone()))
            .collect(),
    );
    for n in notes {
        t = t.note(n);
    }
    t.build(provenance)
}

/// A category's share of the US goods deficit with Japan, the story's partner (see
/// [`partner_category_share`]).
#[deprecated(
    note = "use `partner_category_share(\"Japan\", category)`: the partner is an argument"
)]
pub fn category_share_of_deficit(category: &Category) -> Result<Table> {
    partner_category_share("Japan", category)
}

/// Autos' (end-use 3) gross and net share of the US goods deficit with Japan, per year.
#[deprecated(
    note = "use `partner_category_share(\"Japan\", &Category::Autos)`: the partner is an argument"
)]
pub fn auto_share_of_deficit() -> Result<Table> {
    partner_category_share("Japan", &Category::Autos)
}
