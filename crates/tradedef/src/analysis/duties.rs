//! Tariffs actually paid: the effective tariff rate on all US imports from a partner — Census
//! calculated duties over imports for consumption — by year, from `us_duties_by_partner`.
//!
//! The rate is an average over every good imported from the partner, recomputed here from the
//! year's duties and imports (not the dataset's rounded rate). It is not a statutory rate, and the
//! data give no rate by category. Calculated duties are Census's computation from entry data, not
//! Treasury customs receipts. A year whose months are not all published (2026: January-August) is
//! a year to date: its `period` says so and [`EffectiveRate::is_full_year`] is false.

use polars::prelude::*;

use crate::analysis::Table;
use crate::analysis::Vintage;
use crate::analysis::plan::{collect, pick_vintage, with_vintage_order};
use crate::analysis::subject::{IntoPartner, census_code};
use crate::analysis::table::{TableBuilder, floats, ints, texts};
use crate::data::{Partner, Provenance, entry, scan};
use crate::{Error, Result};

/// The dataset of calculated duties and imports for consumption by partner.
pub(crate) const DUTIES: &str = crate::data::ids::US_DUTIES_BY_PARTNER.as_str();

/// The effective tariff rate on all US imports from a partner in one year (or year to date).
#[derive(Debug, Clone, PartialEq)]
pub struct EffectiveRate {
    /// The partner's display name.
    pub partner: String,
    /// The calendar year.
    pub year: i64,
    /// How many months the figures cover: 12 for a full year, fewer for a year to date.
    pub months: i64,
    /// Census calculated duties, USD (nominal).
    pub duties_usd: f64,
    /// Imports for consumption, customs value, USD (nominal).
    pub imports_usd: f64,
    /// 100 × duties / imports for consumption, percent.
    pub rate_pct: f64,
    /// The vintage (release) of the figures.
    pub vintage: String,
    /// The provenance (`us_duties_by_partner`).
    pub provenance: Provenance,
}

impl EffectiveRate {
    /// Whether the figures cover all twelve months of the year.
    pub fn is_full_year(&self) -> bool {
        self.months == 12
    }

    /// "2025" for a full year, "January-August 2026 (year to date)" otherwise.
    pub fn period_label(&self) -> String {
        if self.is_full_year() {
            self.year.to_string()
        } else {
            format!(
                "January-{} {} (year to date)",
                crate::data::import::month_name(u32::try_from(self.months).unwrap_or(0)),
                self.year
            )
        }
    }
}

/// Every year's rate of a partner (latest vintage of each year), oldest first; empty when the
/// dataset has no rows for the partner's Census code.
pub(crate) fn annual_rates(p: &Partner) -> Result<Vec<EffectiveRate>> {
    let Some(code) = p.census_code.clone() else {
        return Ok(Vec::new());
    };
    let what = format!("effective tariff rate of {}", p.name);
    let rows = scan(DUTIES)?.filter(
        col("partner_code")
            .eq(lit(code))
            .and(col("month").is_null()),
    );
    let rows = pick_vintage(
        with_vintage_order(rows, &what)?,
        &Vintage::LatestCovering,
        &["year"],
    )?;
    let measure = |m: &str| {
        col("value")
            .filter(col("measure").eq(lit(m)))
            .first()
            .cast(DataType::Float64)
    };
    let frame = collect(
        rows.group_by([col("year"), col("months"), col("vintage")])
            .agg([
                measure("calculated_duties").alias("duties"),
                measure("imports_for_consumption").alias("imports"),
            ])
            .sort(["year"], SortMultipleOptions::default()),
        &what,
    )?;
    let years = ints(&frame, &what, "year")?;
    let months = ints(&frame, &what, "months")?;
    let vintages = texts(&frame, &what, "vintage")?;
    let duties = floats(&frame, &what, "duties")?;
    let imports = floats(&frame, &what, "imports")?;
    let provenance = entry(DUTIES)?.meta.provenance();
    Ok(years
        .into_iter()
        .zip(months)
        .zip(vintages)
        .zip(duties.into_iter().zip(imports))
        .filter_map(|(((y, m), v), (dut, imp))| {
            let (dut, imp, year, months) = (dut?, imp?, y?, m?);
            (imp > 0.0).then(|| EffectiveRate {
                partner: p.name.clone(),
                year,
                months,
                duties_usd: dut,
                imports_usd: imp,
                rate_pct: 100.0 * dut / imp,
                vintage: v.unwrap_or_default(),
                provenance: provenance.clone(),
            })
        })
        .collect())
}

/// The effective tariff rate on all US imports from a partner, one row per year: `year`,
/// `period` (`full year`, or `year to date` for a year not yet complete), `months`,
/// `duties_usd_mn` (Census calculated duties), `imports_usd_mn` (imports for consumption,
/// customs value), `rate_pct` (100 × duties / imports) and `vintage`. The partner is any name,
/// code or alias the registry resolves; one the data hold no duties for is an error saying so.
///
/// ```
/// use tradedef::prelude::*;
/// let t = effective_tariff_rates("Viet Nam")?;
/// let rate = t.value_at("year", 2025, "rate_pct")?;
/// let duties = t.value_at("year", 2025, "duties_usd_mn")?;
/// let imports = t.value_at("year", 2025, "imports_usd_mn")?;
/// assert!((rate - 100.0 * duties / imports).abs() < 1e-9);
/// assert!(t.notes().iter().any(|n| n.contains("not Treasury customs receipts")));
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn effective_tariff_rates(partner: impl IntoPartner) -> Result<Table> {
    let p = partner.into_partner()?;
    census_code(&p, DUTIES)?;
    let rates = annual_rates(&p)?;
    if rates.is_empty() {
        return Err(Error::argument(
            format!("effective tariff rate of {}", p.name),
            format!("{DUTIES} holds no duties for {}", p.name),
        ));
    }
    let col_f = |f: &dyn Fn(&EffectiveRate) -> f64| rates.iter().map(|r| Some(f(r))).collect();
    let mut b = TableBuilder::new(format!("Tariffs actually paid on US imports from {}", p.name))
        .int(
            "year",
            "calendar year",
            rates.iter().map(|r| Some(r.year)).collect(),
        )
        .text(
            "period",
            "full year, or year to date",
            rates
                .iter()
                .map(|r| {
                    Some(if r.is_full_year() {
                        "full year".to_string()
                    } else {
                        "year to date".to_string()
                    })
                })
                .collect(),
        )
        .int(
            "months",
            "months covered",
            rates.iter().map(|r| Some(r.months)).collect(),
        )
        .float(
            "duties_usd_mn",
            "USD millions, Census calculated duties",
            col_f(&|r| r.duties_usd / 1e6),
        )
        .float(
            "imports_usd_mn",
            "USD millions, imports for consumption, customs value",
            col_f(&|r| r.imports_usd / 1e6),
        )
        .float(
            "rate_pct",
            "percent, duties / imports for consumption",
            col_f(&|r| r.rate_pct),
        )
        .text(
            "vintage",
            "release",
            rates.iter().map(|r| Some(r.vintage.clone())).collect(),
        )
        .partner(&p)
        .note("Census calculated duties (computed from entry data), not Treasury customs receipts")
        .note("imports for consumption, customs value: not the general imports of the goods-trade datasets")
        .note("an average over all goods from the partner: the data give no rate by category");
    for r in rates.iter().filter(|r| !r.is_full_year()) {
        b = b.note(format!("{}: {}, not a full year", r.year, r.period_label()));
    }
    b.build(rates[0].provenance.clone())
}

/// The effective tariff rate on all US imports from a partner in one year: calculated duties over
/// imports for consumption (see [`effective_tariff_rates`]). A year the data do not hold is an
/// error listing the years they do; a year to date (2026) is returned with `months` < 12.
///
/// ```
/// use tradedef::prelude::*;
/// let japan = effective_tariff_rate("Japan", 2025)?;
/// assert!(japan.is_full_year());
/// assert!((japan.rate_pct - 100.0 * japan.duties_usd / japan.imports_usd).abs() < 1e-12);
/// // The 2025 tariffs: Japan's rate rose from about 1.5% in 2024 to about 10.9%.
/// assert!((10.8..11.0).contains(&japan.rate_pct));
/// assert!(effective_tariff_rate("JPN", 2024)?.rate_pct < 2.0);
/// let ytd = effective_tariff_rate("5880", 2026)?;
/// assert_eq!((ytd.months, ytd.period_label().as_str()), (8, "January-August 2026 (year to date)"));
/// assert!(effective_tariff_rate("Japan", 2019).unwrap_err().to_string().contains("2025"));
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn effective_tariff_rate(partner: impl IntoPartner, year: i64) -> Result<EffectiveRate> {
    let p = partner.into_partner()?;
    census_code(&p, DUTIES)?;
    let rates = annual_rates(&p)?;
    rates
        .iter()
        .find(|r| r.year == year)
        .cloned()
        .ok_or_else(|| {
            Error::not_found(
                format!(
                    "year of the effective tariff rate of {} in {DUTIES}",
                    p.name
                ),
                year.to_string(),
                rates.iter().map(|r| r.year.to_string()),
            )
        })
}

/// The partner's effective rate for `year` if the data hold that full year, else the latest full
/// year they hold (`true` = the latest full year stands in for `year`); `None` when they hold no
/// full year for the partner.
pub(crate) fn full_year_rate(p: &Partner, year: i64) -> Result<Option<(EffectiveRate, bool)>> {
    let rates: Vec<EffectiveRate> = annual_rates(p)?
        .into_iter()
        .filter(EffectiveRate::is_full_year)
        .collect();
    if let Some(r) = rates.iter().find(|r| r.year == year) {
        return Ok(Some((r.clone(), false)));
    }
    Ok(rates.last().map(|r| (r.clone(), true)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partner_without_a_census_code_has_no_rates() {
        let mut p = crate::data::partner("Japan").unwrap();
        p.census_code = None;
        assert!(annual_rates(&p).unwrap().is_empty());
        let e = effective_tariff_rates(p).unwrap_err().to_string();
        assert!(e.contains("no Census country code"), "{e}");
    }

    #[test]
    fn the_year_to_date_is_not_a_full_year_and_stands_in_for_nothing() {
        let japan = crate::data::partner("Japan").unwrap();
        let (r, fallback) = full_year_rate(&japan, 2026).unwrap().unwrap();
        assert!(fallback && r.is_full_year() && r.year == 2025);
        let (r, fallback) = full_year_rate(&japan, 2024).unwrap().unwrap();
        assert!(!fallback && r.year == 2024);
        let t = effective_tariff_rates(&japan).unwrap();
        assert!(
            t.notes()
                .iter()
                .any(|n| n.contains("2026: January-August 2026 (year to date), not a full year"))
        );
    }
}
