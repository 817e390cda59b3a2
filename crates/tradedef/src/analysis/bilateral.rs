//! The US goods balance with one partner, annual and monthly, and its vintages compared.
//!
//! Data: `us_goods_trade_by_partner` (annual, every partner), `us_goods_trade_by_partner_monthly`
//! (monthly, every partner) and, for partners that have one, a dataset of their own with more
//! releases (`us_japan_goods_trade` for Japan, Census code 5880). A release held by the
//! partner's own dataset is read from it; the by-partner datasets add the releases it lacks.
//! All selection, reshaping (one row per period and release) and the choice of release are
//! polars lazy plans.

use std::collections::BTreeSet;

use polars::prelude::*;

use crate::analysis::plan::{
    abs, balance_from_flows, collect, distinct, distinct_ints, pick_vintage, trailing_sum,
    with_vintage_order,
};
use crate::analysis::subject::{IntoPartner, census_code};
use crate::analysis::table::TableBuilder;
use crate::analysis::{Table, Vintage};
use crate::data::{Partner, Provenance, entry, partner, scan};
use crate::error::{bail, ensure};
use crate::{Error, Result};

pub(crate) const BY_PARTNER: &str = crate::data::ids::US_GOODS_TRADE_BY_PARTNER.as_str();
pub(crate) const BY_PARTNER_MONTHLY: &str =
    crate::data::ids::US_GOODS_TRADE_BY_PARTNER_MONTHLY.as_str();

/// One partner's flows, one row per (year, month, vintage): `year`, `month` (null for annual
/// totals), `vintage`, `exports`, `imports`, `balance` (exports − imports where both exist,
/// else the published balance), `vintage_order`. Only rows with a balance.
pub(crate) struct PeriodFlows {
    pub(crate) frame: DataFrame,
    pub(crate) datasets: Vec<String>,
    pub(crate) provenance: Provenance,
}

fn rows_of(id: &str, code: &str, monthly: bool) -> Result<Option<(LazyFrame, Provenance)>> {
    let meta = match entry(id) {
        Ok(e) => &e.meta,
        Err(Error::NotFound { .. }) => return Ok(None),
        Err(e) => bail!(e),
    };
    let mut lf = scan(id)?;
    let has = |c: &str| meta.has_column(c);
    if has("partner_code") {
        lf = lf.filter(col("partner_code").eq(lit(code)));
    }
    let month = if has("month") {
        col("month").cast(DataType::Int64)
    } else {
        lit(NULL).cast(DataType::Int64).alias("month")
    };
    lf = lf.select([
        col("year").cast(DataType::Int64),
        month,
        col("flow"),
        col("value").cast(DataType::Float64),
        col("vintage"),
    ]);
    lf = if monthly {
        lf.filter(col("month").is_not_null())
    } else {
        lf.filter(col("month").is_null())
    };
    Ok(Some((lf, meta.provenance())))
}

/// Every release of one partner's annual or monthly flows (see [`PeriodFlows`]).
pub(crate) fn period_flows(p: &Partner, monthly: bool) -> Result<PeriodFlows> {
    let code = census_code(p, "US goods trade by partner")?;
    let shared = if monthly {
        BY_PARTNER_MONTHLY
    } else {
        BY_PARTNER
    };
    // a partner with a series of its own (more releases than the by-partner files), as its
    // sidecar declares
    let own = crate::data::partner_series(&code, crate::data::SeriesHolds::GoodsTrade)
        .map(|e| e.meta.id.as_str());
    let mut parts: Vec<(String, LazyFrame, Provenance)> = Vec::new();
    let mut own_vintages: Vec<String> = Vec::new();
    if let Some(id) = own
        && let Some((lf, prov)) = rows_of(id, &code, monthly)?
    {
        own_vintages = distinct(lf.clone(), "vintage", id)?.into_iter().collect();
        parts.push((id.to_string(), lf, prov));
    }
    if let Some((lf, prov)) = rows_of(shared, &code, monthly)? {
        let skip = Series::new("own".into(), own_vintages.clone());
        let lf = lf.filter(col("vintage").is_in(lit(skip).implode(false), false).not());
        parts.push((shared.to_string(), lf, prov));
    }
    let mut frames = Vec::new();
    let mut datasets = Vec::new();
    let mut provenance: Option<Provenance> = None;
    for (id, lf, prov) in parts {
        let f = collect(lf, &id)?;
        if f.height() > 0 {
            datasets.push(id);
            provenance = Some(match provenance {
                Some(p) => p.merge(&prov),
                None => prov,
            });
            frames.push(f.lazy());
        }
    }
    let Some(provenance) = provenance else {
        bail!(Error::argument(
            format!(
                "{} US goods trade with {} (Census code {code})",
                if monthly { "monthly" } else { "annual" },
                p.name
            ),
            format!(
                "no rows in {shared}{}",
                own.map(|o| format!(" or {o}")).unwrap_or_default()
            ),
        ));
    };
    let flow = |name: &str| {
        col("value")
            .filter(col("flow").eq(lit(name)))
            .first()
            .alias(name)
    };
    let wide = concat(frames, UnionArgs::default())
        .map_err(|e| Error::polars("US goods trade by partner", e))?
        .group_by([col("year"), col("month"), col("vintage")])
        .agg([flow("exports"), flow("imports"), flow("balance")])
        .with_column(balance_from_flows())
        .filter(col("balance").is_not_null());
    let frame = collect(
        with_vintage_order(wide, "US goods trade by partner")?.sort(
            ["year", "month", "vintage_order"],
            SortMultipleOptions::default().with_nulls_last(false),
        ),
        "US goods trade by partner",
    )?;
    Ok(PeriodFlows {
        frame,
        datasets,
        provenance,
    })
}

/// Options for the US goods balance with one partner.
///
/// Defaults: every year (or month) in the data; for each period the latest vintage that covers
/// it ([`Vintage::LatestCovering`]). The balance is computed as exports − imports (the Census
/// balance agrees within rounding; where only the balance is published, it is used).
/// [`bilateral_balance`] and [`bilateral_monthly_balance`] are this builder with its defaults.
///
/// ```
/// use tradedef::prelude::*;
/// let japan = partner("Japan")?;
/// let t = GoodsBalance::of(&japan).years(1985, 2022).annual()?;
/// assert_eq!(t.height(), 38);
/// assert!(t.columns().contains(&"vintage".to_string()));
/// assert!(GoodsBalance::of(&japan).years(1900, 2022).annual().is_err());
/// let korea = GoodsBalance::of(&partner("South Korea")?).annual()?;
/// assert!(korea.name().contains("Korea"));
/// assert!(korea.value_at("year", 2022, "balance_usd_mn")? < 0.0);
/// # Ok::<(), tradedef::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct GoodsBalance {
    partner: Option<Partner>,
    vintage: Vintage,
    years: Option<(i64, i64)>,
}

impl GoodsBalance {
    /// The balance with `partner`, with the defaults.
    pub fn of(partner: &Partner) -> Self {
        GoodsBalance {
            partner: Some(partner.clone()),
            ..Self::default()
        }
    }

    /// The defaults with the partner of the story the project started from.
    #[deprecated(note = "use `GoodsBalance::of(&partner(\"Japan\")?)`: the partner is an argument")]
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the partner.
    pub fn partner(mut self, partner: &Partner) -> Self {
        self.partner = Some(partner.clone());
        self
    }

    /// Which vintage to use. By default the latest vintage covering each period.
    pub fn vintage(mut self, vintage: Vintage) -> Self {
        self.vintage = vintage;
        self
    }

    /// Only years `from..=to` (both must be in the data). By default every year.
    pub fn years(mut self, from: i64, to: i64) -> Self {
        self.years = Some((from, to));
        self
    }

    /// Annual totals: `year`, `exports_usd_mn`, `imports_usd_mn`, `balance_usd_mn`, `vintage`.
    pub fn annual(&self) -> Result<Table> {
        self.build(false)
    }

    /// Months: `year`, `month`, the three flows, their rolling 12-month sums
    /// (`*_12m_usd_mn`, `None` until 12 consecutive months exist) and `vintage`.
    pub fn monthly(&self) -> Result<Table> {
        self.build(true)
    }

    fn the_partner(&self) -> Result<Partner> {
        match &self.partner {
            Some(p) => Ok(p.clone()),
            // only through the deprecated `new()` / `Default`, kept one release
            None => partner(DEPRECATED_DEFAULT_PARTNER),
        }
    }

    fn build(&self, monthly: bool) -> Result<Table> {
        let p = self.the_partner()?;
        let flows = period_flows(&p, monthly)?;
        let what = flows.datasets.join(" + ");
        let all = distinct(flows.frame.clone().lazy(), "vintage", &what)?;
        self.vintage.check(&what, &all)?;
        // per period, the chosen vintage's row (periods are in order, oldest first)
        let chosen = pick_vintage(
            flows.frame.clone().lazy(),
            &self.vintage,
            &["year", "month"],
        )?;
        let have = distinct_ints(chosen.clone(), "year", &what)?;
        ensure!(
            !have.is_empty(),
            Error::not_found(
                format!(
                    "{} rows in {what} for vintage",
                    if monthly { "monthly" } else { "annual" }
                ),
                format!("{:?}", self.vintage),
                all,
            )
        );
        check_years(&what, self.years, &have)?;
        let mut picked = chosen;
        if let Some((a, b)) = self.years {
            picked = picked.filter(col("year").gt_eq(lit(a)).and(col("year").lt_eq(lit(b))));
        }
        let mut columns = vec![col("year")];
        if monthly {
            columns.push(col("month"));
        }
        columns.extend([
            col("exports").alias("exports_usd_mn"),
            col("imports").alias("imports_usd_mn"),
            col("balance").alias("balance_usd_mn"),
        ]);
        if monthly {
            // rolling sums only over 12 consecutive months
            let ordinal = col("year") * lit(12) + col("month");
            let consecutive = (ordinal.clone() - ordinal.shift(lit(11))).eq(lit(11));
            for flow in ["exports", "imports", "balance"] {
                columns.push(
                    when(consecutive.clone())
                        .then(trailing_sum(flow, 12))
                        .otherwise(lit(NULL).cast(DataType::Float64))
                        .alias(format!("{flow}_12m_usd_mn")),
                );
            }
        }
        columns.push(col("vintage"));
        let picked = collect(picked.select(columns), &what)?;
        let used = distinct(picked.clone().lazy(), "vintage", &what)?;
        let name = &p.name;
        let title = if monthly {
            format!("US goods trade with {name}, monthly")
        } else {
            format!("US goods trade with {name}, annual")
        };
        let twelve = || "USD millions, sum of the 12 months to this month".to_string();
        TableBuilder::new(title)
            .frame(
                picked,
                &[
                    ("year", "calendar year".into()),
                    ("month", "month of year".into()),
                    (
                        "exports_usd_mn",
                        format!("USD millions, nominal (US exports to {name})"),
                    ),
                    (
                        "imports_usd_mn",
                        format!("USD millions, nominal (US general imports from {name})"),
                    ),
                    (
                        "balance_usd_mn",
                        "USD millions, nominal (exports − imports; negative = US deficit)".into(),
                    ),
                    ("exports_12m_usd_mn", twelve()),
                    ("imports_12m_usd_mn", twelve()),
                    ("balance_12m_usd_mn", twelve()),
                    ("vintage", "release the figures come from".into()),
                ],
            )
            .note(format!(
                "vintages used: {}",
                used.into_iter().collect::<Vec<_>>().join(", ")
            ))
            .note("Census basis, not seasonally adjusted, nominal US dollars")
            .build(flows.provenance)
    }
}

pub(crate) fn check_years(
    what: &str,
    want: Option<(i64, i64)>,
    have: &BTreeSet<i64>,
) -> Result<()> {
    if let Some((a, b)) = want {
        ensure!(
            a <= b,
            Error::argument(what, format!("the span {a}–{b} runs backwards"),)
        );
        for y in [a, b] {
            ensure!(
                have.contains(&y),
                Error::not_found(
                    format!("year in {what}"),
                    y.to_string(),
                    crate::analysis::money::span(have.iter()),
                )
            );
        }
    }
    Ok(())
}

/// The annual US goods balance with any partner, every year in the data, latest vintage
/// covering each year: `year`, `exports_usd_mn`, `imports_usd_mn`, `balance_usd_mn`, `vintage`.
///
/// ```
/// use tradedef::prelude::*;
/// let mexico = bilateral_balance("Mexico")?;
/// assert!(mexico.value_at("year", 2022, "imports_usd_mn")? > 100_000.0);
/// let err = bilateral_balance("Atlantis").unwrap_err().to_string();
/// assert!(err.contains("Atlantis"));
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn bilateral_balance(partner: impl IntoPartner) -> Result<Table> {
    GoodsBalance::of(&partner.into_partner()?).annual()
}

/// The monthly US goods balance with any partner, with rolling 12-month sums (see
/// [`GoodsBalance::monthly`]).
///
/// ```
/// use tradedef::prelude::*;
/// let t = bilateral_monthly_balance("Vietnam")?;
/// assert!(t.height() > 300); // trade resumed in the 1990s
/// let twelve: f64 = t.floats("balance_usd_mn")?.iter().rev().take(13).skip(1).flatten().sum();
/// let last_12m = t.floats("balance_12m_usd_mn")?.iter().rev().nth(1).copied().flatten();
/// assert!((last_12m.unwrap() - twelve).abs() < 1e-6);
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn bilateral_monthly_balance(partner: impl IntoPartner) -> Result<Table> {
    GoodsBalance::of(&partner.into_partner()?).monthly()
}

/// The annual US goods balance with Japan, the story's partner (= `bilateral_balance("Japan")`).
///
#[deprecated(note = "use `bilateral_balance(\"Japan\")`: the partner is an argument")]
pub fn goods_balance() -> Result<Table> {
    bilateral_balance(DEPRECATED_DEFAULT_PARTNER)
}

/// The partner the deprecated partner-less functions default to, for one release.
const DEPRECATED_DEFAULT_PARTNER: &str = "Japan";

/// The monthly US goods balance with Japan with rolling 12-month sums (see
/// [`GoodsBalance::monthly`]).
///
#[deprecated(note = "use `bilateral_monthly_balance(\"Japan\")`: the partner is an argument")]
pub fn monthly_goods_balance() -> Result<Table> {
    bilateral_monthly_balance(DEPRECATED_DEFAULT_PARTNER)
}

/// Every vintage of an annual flow (`exports`, `imports` or `balance`) of US goods trade with a
/// partner, side by side: `year`, `vintage`, `value_usd_mn`, `latest_usd_mn` (the latest vintage
/// covering the year), `revision_usd_mn` (= latest − this vintage), `revision_pct`.
///
/// ```
/// use tradedef::prelude::*;
/// let t = compare_partner_vintages("Japan", "balance")?;
/// assert!(t.height() >= 38);
/// assert!(compare_partner_vintages("Japan", "surplus").unwrap_err().to_string().contains("exports"));
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn compare_partner_vintages(partner: impl IntoPartner, flow: &str) -> Result<Table> {
    ensure!(
        ["exports", "imports", "balance"].contains(&flow),
        Error::not_found("flow", flow, ["exports", "imports", "balance"],)
    );
    let p = partner.into_partner()?;
    let flows = period_flows(&p, false)?;
    let what = flows.datasets.join(" + ");
    // The latest vintage with a figure for the flow, per year, joined back onto every vintage.
    let latest = flows
        .frame
        .clone()
        .lazy()
        .filter(col(flow).is_not_null())
        .group_by([col("year")])
        .agg([col(flow).last().alias("latest_usd_mn")]);
    let out = collect(
        flows
            .frame
            .clone()
            .lazy()
            .filter(col(flow).is_not_null())
            .join(
                latest,
                [col("year")],
                [col("year")],
                JoinArgs::new(JoinType::Inner),
            )
            .sort(["year", "vintage"], SortMultipleOptions::default())
            .select([
                col("year"),
                col("vintage"),
                col(flow).alias("value_usd_mn"),
                col("latest_usd_mn"),
                (col("latest_usd_mn") - col(flow)).alias("revision_usd_mn"),
                when(col(flow).neq(lit(0.0)))
                    .then(lit(100.0) * (col("latest_usd_mn") - col(flow)) / abs(col(flow)))
                    .otherwise(lit(NULL).cast(DataType::Float64))
                    .alias("revision_pct"),
            ]),
        &what,
    )?;
    TableBuilder::new(format!("US goods {flow} with {} by vintage", p.name))
        .frame(
            out,
            &[
                ("year", "calendar year".into()),
                ("vintage", "release".into()),
                (
                    "value_usd_mn",
                    "USD millions, nominal, as published in this vintage".into(),
                ),
                (
                    "latest_usd_mn",
                    "USD millions, nominal, latest vintage covering the year".into(),
                ),
                (
                    "revision_usd_mn",
                    "USD millions (latest − this vintage)".into(),
                ),
                ("revision_pct", "percent of this vintage's figure".into()),
            ],
        )
        .build(flows.provenance)
}

/// Every vintage of an annual flow of US goods trade with Japan, the story's partner (see
/// [`compare_partner_vintages`]).
#[deprecated(note = "use `compare_partner_vintages(\"Japan\", flow)`: the partner is an argument")]
pub fn compare_vintages(flow: &str) -> Result<Table> {
    compare_partner_vintages(DEPRECATED_DEFAULT_PARTNER, flow)
}
