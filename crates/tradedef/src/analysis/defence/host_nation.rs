//! Host-nation support per US service member in Japan.

use std::collections::BTreeSet;

use polars::prelude::*;

use crate::analysis::plan::{collect, distinct, distinct_ints, pick_vintage, with_vintage_order};
use crate::analysis::table::{floats, texts};
use crate::analysis::{CurrencyRates, Vintage};
use crate::data::{Provenance, load};
use crate::error::{bail, ensure};
use crate::{Error, Result};

use super::troops_from_reports;
use crate::analysis::Table;

const HNS: &str = crate::data::ids::JAPAN_HOST_NATION_SUPPORT.as_str();

/// Options for host-nation support per US service member in Japan.
///
/// Defaults: the measure of `japan_host_nation_support` with a yen figure for the fiscal year,
/// preferring `hns_budget`, then the annual average of a Special Measures Agreement, then the
/// budget request (multi-year totals are never used by default); troops = the latest DMDC report
/// of the same calendar year (see [`troops_from_reports`], or give a series with
/// [`HostNationSupport::troops`]); dollars at the calendar-year average rate of that year.
///
/// ```
/// use tradedef::prelude::*;
/// use tradedef::analysis::defence::*;
/// let h = HostNationSupport::new(2022).run()?;
/// assert!(h.per_member_usd > 0.0);
/// assert!(h.personnel_report_date.starts_with("2022"));
/// # Ok::<(), tradedef::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct HostNationSupport {
    fiscal_year: i64,
    measure: Option<String>,
    troops: Option<Table>,
}

/// Host-nation support per US service member in one year.
#[derive(Debug, Clone, PartialEq)]
pub struct HostNationSupportPerMember {
    /// The fiscal year.
    pub fiscal_year: i64,
    /// The host-nation-support measure used.
    pub measure: String,
    /// Host-nation support, JPY billions.
    pub support_jpy_bn: f64,
    /// The ISO code of the support's currency.
    pub currency: String,
    /// Yen per dollar used (calendar-year average).
    pub jpy_per_usd: f64,
    /// US service members counted.
    pub personnel: i64,
    /// The date of the DMDC report they were counted in.
    pub personnel_report_date: String,
    /// Yen per service member.
    pub per_member_jpy: f64,
    /// Dollars per service member.
    pub per_member_usd: f64,
    /// The provenance.
    pub provenance: Provenance,
}

impl HostNationSupport {
    /// Support in `fiscal_year`.
    pub fn new(fiscal_year: i64) -> Self {
        HostNationSupport {
            fiscal_year,
            measure: None,
            troops: None,
        }
    }

    /// The support dataset to read. Only datasets this analysis knows the schema and currency
    /// of are accepted (today `japan_host_nation_support`); any other id is an error listing them.
    pub fn dataset(self, id: &str) -> Result<Self> {
        if id == HNS {
            Ok(self)
        } else {
            Err(Error::not_found(
                "host-nation support dataset with an analysis",
                id,
                [HNS],
            ))
        }
    }

    /// The personnel series to divide by (a table with `year`, `report_date` and `personnel`,
    /// e.g. from [`troops_in`](crate::analysis::troops_in)). By default the reports of
    /// `us_troops_in_japan`.
    pub fn troops(mut self, troops: Table) -> Self {
        self.troops = Some(troops);
        self
    }

    /// Which measure of the dataset. By default `hns_budget` or the nearest annual measure.
    pub fn measure(mut self, measure: impl Into<String>) -> Self {
        self.measure = Some(measure.into());
        self
    }

    /// Computes the figure.
    pub fn run(&self) -> Result<HostNationSupportPerMember> {
        let d = load(HNS)?;
        let yen_rows = d.lazy().filter(
            col("fiscal_year")
                .eq(lit(self.fiscal_year))
                .and(col("unit").eq(lit("JPY billions")))
                .and(col("value").is_not_null()),
        );
        let available = distinct(yen_rows.clone(), "measure", HNS)?;
        let measure = match &self.measure {
            Some(m) if available.contains(m) => m.clone(),
            Some(m) => {
                bail!(Error::not_found(
                    format!("measure in {HNS} (JPY, FY{})", self.fiscal_year),
                    m,
                    available,
                ));
            }
            None => match default_measure(&available) {
                Some(m) => m,
                None => bail!(Error::not_found(
                    format!("fiscal year with a yen figure in {HNS}"),
                    self.fiscal_year.to_string(),
                    distinct_ints(d.lazy(), "fiscal_year", HNS)?,
                )),
            },
        };
        // the first figure of the latest vintage
        let latest = collect(
            pick_vintage(
                with_vintage_order(
                    yen_rows.filter(col("measure").eq(lit(measure.as_str()))),
                    HNS,
                )?,
                &Vintage::LatestCovering,
                &[],
            )?
            .select([col("value").cast(DataType::Float64).first()]),
            HNS,
        )?;
        let yen = floats(&latest, HNS, "value")?
            .into_iter()
            .flatten()
            .next()
            .unwrap_or_default();
        let troops = match &self.troops {
            Some(t) => t.clone(),
            None => troops_from_reports(super::troops::TROOPS, &crate::data::partner("JPN")?)?,
        };
        let personnel = troops.value_at("year", self.fiscal_year, "personnel")?;
        ensure!(
            personnel.is_finite() && personnel > 0.0,
            Error::argument(
                "host-nation support per member",
                format!("no personnel counted in {}", self.fiscal_year),
            )
        );
        let report = collect(
            troops
                .frame()
                .clone()
                .lazy()
                .filter(col("year").eq(lit(self.fiscal_year)))
                .select([col("report_date").first()]),
            HNS,
        )?;
        let date = texts(&report, HNS, "report_date")?
            .into_iter()
            .flatten()
            .next()
            .unwrap_or_default();
        let fx = CurrencyRates::of("JPY")?;
        let rate = fx.units_per_usd(self.fiscal_year)?;
        let per_member_jpy = yen * 1e9 / personnel;
        Ok(HostNationSupportPerMember {
            fiscal_year: self.fiscal_year,
            measure,
            currency: "JPY".to_string(),
            support_jpy_bn: yen,
            jpy_per_usd: rate,
            personnel: personnel as i64,
            personnel_report_date: date,
            per_member_jpy,
            per_member_usd: per_member_jpy / rate,
            provenance: d
                .provenance()
                .merge(troops.provenance())
                .merge(fx.provenance()),
        })
    }
}

/// The default measure: `hns_budget`, else an `sma_annual_average…`, else `hns_budget_request`,
/// else the first that is not a multi-year total.
fn default_measure(available: &BTreeSet<String>) -> Option<String> {
    let rank = |m: &str| match m {
        "hns_budget" => 0,
        m if m.starts_with("sma_annual_average") => 1,
        "hns_budget_request" => 2,
        _ => 3,
    };
    available
        .iter()
        .filter(|m| !m.contains("total"))
        .min_by_key(|m| rank(m))
        .cloned()
}

/// Host-nation support per US service member in a fiscal year (defaults of [`HostNationSupport`]).
///
/// ```
/// use tradedef::prelude::*;
/// use tradedef::analysis::defence::*;
/// let h = host_nation_support_per_service_member(2022)?;
/// assert!((h.per_member_jpy / h.jpy_per_usd - h.per_member_usd).abs() < 1e-6);
/// assert!(h.personnel > 10_000);
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn host_nation_support_per_service_member(
    fiscal_year: i64,
) -> Result<HostNationSupportPerMember> {
    HostNationSupport::new(fiscal_year).run()
}
