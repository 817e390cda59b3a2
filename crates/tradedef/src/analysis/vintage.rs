//! Choosing among vintages (releases) of the same figures.

use std::collections::{BTreeMap, BTreeSet};

use crate::{Error, Result};

/// Which vintage of a series an analysis uses, when several releases cover the same period.
///
/// The default, [`Vintage::LatestCovering`], takes for each period the latest vintage that has a
/// figure for it, so a long series mixes releases only where the newest release does not reach
/// back; results carry a `vintage` column (or a note) saying which vintage each figure is from.
/// "Latest" compares the last date written in the vintage tag (`…-2023-01` or `…2025…`), then the
/// tag itself.
///
/// ```
/// use tradedef::prelude::*;
/// assert_eq!(Vintage::default(), Vintage::LatestCovering);
/// let v = Vintage::named("census-country-xlsx-2023-01");
/// assert_eq!(v, Vintage::Named("census-country-xlsx-2023-01".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Vintage {
    /// For each period, the latest vintage with a figure for it (the default).
    #[default]
    LatestCovering,
    /// Exactly this vintage tag (as in the dataset's `vintage` column).
    Named(String),
}

impl Vintage {
    /// A named vintage.
    pub fn named(tag: impl Into<String>) -> Self {
        Vintage::Named(tag.into())
    }

    /// Checks that a named vintage exists among `all` (the dataset's vintages).
    pub(crate) fn check(&self, dataset: &str, all: &BTreeSet<String>) -> Result<()> {
        match self {
            Vintage::Named(v) if !all.contains(v) => Err(Error::not_found(
                format!("vintage in {dataset}"),
                v,
                all.iter(),
            )),
            _ => Ok(()),
        }
    }

    /// The vintage to use among those that have a figure for one period (the analyses choose
    /// in their plans with `plan::pick_vintage`; this states the rule for the tests).
    #[cfg(test)]
    pub(crate) fn choose<'a>(
        &self,
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> Option<String> {
        let mut candidates = candidates.into_iter();
        match self {
            Vintage::LatestCovering => candidates.max_by_key(|v| order_key(v)).map(str::to_string),
            Vintage::Named(want) => candidates.find(|v| v == want).map(str::to_string),
        }
    }
}

/// The dataset with each year taken from one release: the newest vintage holding that year.
/// Several releases of the same year sit side by side in a dataset (each tagged in its
/// `vintage` column; Census revises three years every June); a ranking, a share or a long
/// series reads one release per year, as the analyses do. The result keeps the dataset's
/// metadata and source, so queries, tables and charts made from it still carry them.
///
/// ```
/// use tradedef::prelude::*;
/// let releases = load("us_goods_trade_by_partner")?;
/// let both = releases.lazy().filter(col("year").eq(lit(2022))).collect()?;
/// assert!(both.column("vintage")?.n_unique()? > 1); // 2022 is in several releases
/// let trade = latest_releases(&releases)?;
/// let japan_2022 = trade.lazy()
///     .filter(col("year").eq(lit(2022)))
///     .filter(col("partner").eq(lit("Japan")).and(col("flow").eq(lit("balance"))))
///     .collect()?;
/// assert_eq!(japan_2022.height(), 1); // one release: one row
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn latest_releases(dataset: &crate::data::Dataset) -> Result<crate::data::Dataset> {
    use crate::analysis::plan::{collect, pick_vintage, with_vintage_order};
    use polars::prelude::col;
    let what = dataset.id();
    let columns: Vec<_> = dataset
        .frame()
        .get_column_names()
        .into_iter()
        .map(|c| col(c.as_str()))
        .collect();
    let rows = with_vintage_order(dataset.lazy(), what)?;
    let frame = collect(
        pick_vintage(rows, &Vintage::LatestCovering, &["year"])?.select(columns),
        what,
    )?;
    Ok(crate::data::Dataset {
        meta: dataset.meta().clone(),
        frame,
        origin: format!("{} (each year's newest release)", dataset.origin()),
    })
}

/// The release (revision basis) a vintage of a dataset belongs to: the `release` of the sidecar
/// source whose id is the vintage tag, if the sidecar says. Vintages of different datasets with
/// the same release are consistent with each other (e.g. Census figures published between two
/// annual revisions).
///
/// ```
/// use tradedef::analysis::release_of;
/// assert_eq!(
///     release_of("us_imports_by_enduse", "census-enduse-imports-xlsx-2025").as_deref(),
///     release_of("us_japan_goods_trade", "census-c5880-page-2026-03").as_deref(),
/// );
/// assert_eq!(release_of("us_japan_goods_trade", "no-such-vintage"), None);
/// ```
pub fn release_of(dataset: &str, vintage: &str) -> Option<String> {
    crate::data::catalog()
        .iter()
        .find(|e| e.meta.id == dataset)?
        .meta
        .source(vintage)?
        .release
        .clone()
}

/// The vintages of the two sides of a ratio for one period, chosen by the pairing rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pairing {
    /// The numerator's vintage.
    pub numerator: String,
    /// The denominator's vintage.
    pub denominator: String,
    /// The release both belong to; `None` when no release holds both sides (then each side is
    /// its latest vintage, and the table's notes must say so).
    pub release: Option<String>,
}

/// The pairing rule for a ratio of two datasets (see data/README.md, "Pairing releases"):
/// among the numerator's vintages with a figure for the period (`numerator`, of dataset
/// `numerator_data`) and the denominator's (`denominator`, of any of `denominator_data`), take
/// the latest release both hold, and in it the latest vintage of each side; where no release
/// holds both, the latest vintage of each, unmatched. `None` when a side has no vintage.
///
/// ```
/// use tradedef::analysis::pair_releases;
/// let p = pair_releases(
///     "us_imports_by_enduse",
///     ["census-enduse-imports-xlsx-2025"],
///     &["us_japan_goods_trade"],
///     ["census-c5880-page-2026-03", "census-c5880-page-2026-06"],
/// )
/// .unwrap();
/// assert_eq!(p.denominator, "census-c5880-page-2026-03");
/// assert_eq!(p.release.as_deref(), Some("census-annual-revision-2025"));
/// let q = pair_releases("us_imports_by_enduse", ["census-enduse-imports-xlsx-2025"],
///     &["us_japan_goods_trade"], ["census-c5880-page-2026-06"]).unwrap();
/// assert_eq!((q.denominator.as_str(), q.release), ("census-c5880-page-2026-06", None));
/// ```
pub fn pair_releases<'a>(
    numerator_data: &str,
    numerator: impl IntoIterator<Item = &'a str>,
    denominator_data: &[&str],
    denominator: impl IntoIterator<Item = &'a str>,
) -> Option<Pairing> {
    let num: Vec<&str> = numerator.into_iter().collect();
    let den: Vec<&str> = denominator.into_iter().collect();
    let den_release = |v: &str| denominator_data.iter().find_map(|d| release_of(d, v));
    let latest = |vs: &mut dyn Iterator<Item = &'a str>| vs.max_by_key(|v| order_key(v));
    let mut best: Option<Pairing> = None;
    for &n in &num {
        let Some(release) = release_of(numerator_data, n) else {
            continue;
        };
        let Some(d) = latest(
            &mut den
                .iter()
                .copied()
                .filter(|d| den_release(d).as_deref() == Some(release.as_str())),
        ) else {
            continue;
        };
        let better = match &best {
            None => true,
            Some(b) => {
                let old = b.release.as_deref().unwrap_or_default();
                (order_key(&release), order_key(n)) > (order_key(old), order_key(&b.numerator))
            }
        };
        if better {
            best = Some(Pairing {
                numerator: n.to_string(),
                denominator: d.to_string(),
                release: Some(release),
            });
        }
    }
    best.or_else(|| {
        Some(Pairing {
            numerator: latest(&mut num.iter().copied())?.to_string(),
            denominator: latest(&mut den.iter().copied())?.to_string(),
            release: None,
        })
    })
}

/// A figure of the denominator paired with the numerator of each period: `(value, vintage,
/// matched)`, where `matched` says both sides come from one release ([`pair_releases`]). The
/// numerator holds one vintage per period; the denominator every vintage with a figure.
pub(crate) fn pair_by_period(
    numerator_data: &str,
    numerator: &BTreeMap<i64, (f64, String)>,
    denominator_data: &[&str],
    denominator: &BTreeMap<i64, BTreeMap<String, f64>>,
) -> BTreeMap<i64, (f64, String, bool)> {
    numerator
        .iter()
        .filter_map(|(period, (_, v))| {
            let den = denominator.get(period)?;
            let p = pair_releases(
                numerator_data,
                [v.as_str()],
                denominator_data,
                den.keys().map(String::as_str),
            )?;
            Some((
                *period,
                (den[&p.denominator], p.denominator, p.release.is_some()),
            ))
        })
        .collect()
}

/// `year → vintage → value` of a frame with columns `year`, `vintage` and `value_column` (rows
/// without a value are left out), for [`pair_by_period`].
pub(crate) fn by_year_and_vintage(
    frame: &polars::prelude::DataFrame,
    what: &str,
    value_column: &str,
) -> Result<BTreeMap<i64, BTreeMap<String, f64>>> {
    use crate::analysis::table::{floats, ints, texts};
    let years = ints(frame, what, "year")?;
    let vintages = texts(frame, what, "vintage")?;
    let values = floats(frame, what, value_column)?;
    let mut by: BTreeMap<i64, BTreeMap<String, f64>> = BTreeMap::new();
    for ((y, v), x) in years.into_iter().zip(vintages).zip(values) {
        if let (Some(y), Some(v), Some(x)) = (y, v, x) {
            by.entry(y).or_default().insert(v, x);
        }
    }
    Ok(by)
}

/// Sort key of a vintage tag: its release date as the sidecars give it, then the tag itself
/// (see [`crate::data::release::order_key`], where the release order now lives).
// TODO(#28): a thin wrapper kept so the analyses compile unchanged; remove once they call
// `crate::data::release::order_key` directly.
pub(crate) fn order_key(tag: &str) -> (i64, String) {
    crate::data::release::order_key(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_dates_sort_later() {
        assert!(
            order_key("census-country-xlsx-2023-01") < order_key("census-country-xlsx-2026-03")
        );
        assert!(order_key("2024") < order_key("x-2024-05"));
        assert_eq!(order_key("no date").0, 0);
        let v = Vintage::LatestCovering.choose(["a-2023-01", "b-2026-02", "c-2025-12"]);
        assert_eq!(v.as_deref(), Some("b-2026-02"));
    }
}
