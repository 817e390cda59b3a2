//! Tariff scenarios: a documented static partial-equilibrium model of a US tariff on one
//! category of imports from Japan, with a sensitivity grid over the two parameters that matter.
//!
//! # The model
//!
//! One category of imports, one period (a year), everything else held fixed (no retaliation,
//! no exchange-rate response, no trade diversion to or from other suppliers, no change in US
//! production). Inputs:
//!
//! - `V0`: base-year imports of the category from Japan, customs value (the value *before*
//!   duty, which is what the exporter receives), USD; by default from `us_imports_by_enduse`;
//! - `t0`, `t1`: the old and new ad-valorem tariff rates (as fractions in the formulas,
//!   percent in the API);
//! - `ε` (elasticity, ≥ 0): the price elasticity of US import demand for the category, in
//!   absolute value: a 1% rise in the duty-inclusive price cuts the quantity by ε%;
//! - `p` (pass-through, 0–1): the share of the tariff increase that shows up in the
//!   duty-inclusive price US buyers pay; the exporter absorbs `1 − p` by cutting its price.
//!
//! Then, with `τ = (1 + t1) / (1 + t0) − 1` (the rise of the duty-inclusive price if the
//! exporter's price did not move):
//!
//! - duty-inclusive price: `P_b1 / P_b0 = 1 + p·τ`;
//! - exporter's (pre-duty) price: `P1 / P0 = (1 + p·τ)(1 + t0) / (1 + t1)`;
//! - volume (constant-elasticity demand): `Q1 / Q0 = (1 + p·τ)^(−ε)`;
//! - import value (customs value, = exporters' revenue): `V1 = V0 · (P1/P0) · (Q1/Q0)`;
//! - tariff revenue: `R0 = t0·V0`, `R1 = t1·V1`;
//! - loss of exporters' revenue: `L = V0 − V1`, split into a price part `V0·(1 − P1/P0)·(Q1/Q0)`
//!   and a volume part `V0·(1 − Q1/Q0)`;
//! - US buyers' outlay, duty included: `(1 + t1)·V1` against `(1 + t0)·V0`.
//!
//! With full pass-through (`p = 1`) the exporter's price does not move and all the loss comes
//! from volume; with none (`p = 0`) volumes do not move and the exporter loses
//! `V0·(t1 − t0)/(1 + t1)` in price.
//!
//! # Default parameters and where their ranges come from
//!
//! - **Pass-through**, default `1.0`, grid 0–1. Studies of the 2018–19 US tariffs found
//!   complete or near-complete pass-through of the tariffs into the duty-inclusive prices paid
//!   by US importers: Amiti, Redding and Weinstein, "The Impact of the 2018 Tariffs on Prices
//!   and Welfare", *Journal of Economic Perspectives* 33(4), 2019, 187–210; Fajgelbaum,
//!   Goldberg, Kennedy and Khandelwal, "The Return to Protectionism", *Quarterly Journal of
//!   Economics* 135(1), 2020, 1–55; Cavallo, Gopinath, Neiman and Tang, "Tariff Passthrough at
//!   the Border and at the Store: Evidence from US Trade Policy" (2019 working paper; Harvard
//!   Kennedy School). Amiti, Redding and Weinstein, "Who's Paying for the U.S. Tariffs? A
//!   Longer-Term Perspective" (NBER w26610 / CEPR DP14229, 2019–20) found the same with a
//!   further year of data, with exceptions such as steel, where foreign exporters cut prices.
//!   The low end matters for Japanese cars in 2025: press reports of Japanese trade and price
//!   statistics (Bank of Japan export price index for vehicles to North America −19.4% year on
//!   year in June 2025, as reported by CBT News; Japan Ministry of Finance June 2025 figures,
//!   export value to the US −26.7% with volume +3.4%, as reported by the Yomiuri Shimbun,
//!   2025-07-19) indicate that Japanese carmakers absorbed much of the 25% levy, i.e. a
//!   pass-through well below 1 in the first months.
//! - **Import demand elasticity**, default `2.5`, grid 0.5–5. Estimates vary widely by good and
//!   method: Kee, Nicita and Olarreaga, "Import Demand Elasticities and Trade Distortions"
//!   (World Bank WPS 3452, 2004; *Review of Economics and Statistics*, 2008) estimate import
//!   demand elasticities for 4,625 goods in 117 countries; Bajzík, Havránek, Iršová and Schwarz
//!   (2020; VoxEU summary 2020-09-23) survey 3,524 estimates of the Armington elasticity and
//!   put it at 2.5–5.1 after correcting for publication bias (median 3.8). The default takes the
//!   low end of that range (a year's response is smaller than the long run); the grid reaches
//!   down to 0.5 for a short-run response.
//! - **Old rate** (the starting rate), unless set with [`TariffScenario::old_rate`], comes from
//!   the data ([`TariffScenario::starting_rate`]): for Japan's cars and light trucks the explicit
//!   rate of `tariff_events` — 2.5%, the US most-favoured-nation duty on passenger cars (HTS
//!   8703), for autos (end-use 3, whose light trucks pay 25% and parts various rates, so the true
//!   average of end-use 3 differs) and passenger cars (300); 25% on light trucks (HTS 8704) for
//!   end-use 301. For any other partner or category, the average duty actually collected on all
//!   US imports from the partner in the base year (`us_duties_by_partner`: Census calculated
//!   duties over imports for consumption; the data give no rate by category), or in the latest
//!   complete year the data hold when the base year is not one; 0% only where neither dataset
//!   holds a rate for the partner, and the outcome says which.
//! - **New rate**, default 27.5%: 2.5% plus the 25% Section 232 levy from April 2025. The 2025
//!   US–Japan agreement set 15% all-in: `new_rate(15.0)`.
//!
//! ```
//! use tradedef::prelude::*;
//! let s = TariffScenario::autos().partner(&partner("Japan")?).base_imports(50_000.0).new_rate(27.5).elasticity(2.0).pass_through(1.0);
//! let o = s.run()?;
//! assert!(o.exporters_revenue_loss_usd_mn > 0.0);
//! assert!((o.import_value_after_usd_mn + o.exporters_revenue_loss_usd_mn - 50_000.0).abs() < 1e-6);
//! # Ok::<(), tradedef::Error>(())
//! ```

use std::fmt;

use polars::prelude::*;

use crate::analysis::plan::{collect, pick_vintage, with_vintage_order};
use crate::analysis::table::{TableBuilder, floats, texts};
use crate::analysis::trade::{ENDUSE, Importer, category_imports};
use crate::analysis::{Category, Table};
use crate::data::{Partner, Provenance, load};
use crate::error::bail;
use crate::{Error, Result};

/// Default import demand elasticity (see the module docs).
pub const DEFAULT_ELASTICITY: f64 = 2.5;
/// Default pass-through (see the module docs).
pub const DEFAULT_PASS_THROUGH: f64 = 1.0;
/// The old tariff rate of the story's case, percent: the US MFN duty on passenger cars, as in
/// `tariff_events` (a scenario without [`TariffScenario::old_rate`] reads its starting rate from
/// the data: see [`TariffScenario::starting_rate`]).
pub const DEFAULT_OLD_RATE: f64 = 2.5;
/// Default new tariff rate, percent (2.5% + the 25% Section 232 levy of 2025).
pub const DEFAULT_NEW_RATE: f64 = 27.5;
/// Default base year for imports.
pub const DEFAULT_BASE_YEAR: i64 = 2024;
/// Elasticities of the default sensitivity grid.
pub const GRID_ELASTICITIES: [f64; 7] = [0.5, 1.0, 1.5, 2.0, 2.5, 3.5, 5.0];
/// Pass-throughs of the default sensitivity grid.
pub const GRID_PASS_THROUGHS: [f64; 5] = [0.0, 0.25, 0.5, 0.75, 1.0];

/// A tariff scenario on one category of US imports from Japan (see the [module docs](self)
/// for the model, the formulas and where the defaults come from).
///
/// Defaults: category autos (end-use 3), base year 2024 (imports from `us_imports_by_enduse`),
/// old rate from the data (2.5% for Japan's autos, see [`TariffScenario::starting_rate`]), new
/// rate 27.5%, elasticity 2.5, pass-through 1.0.
///
/// ```
/// use tradedef::prelude::*;
/// let o = TariffScenario::autos().partner(&partner("Japan")?).base_imports(40_000.0).new_rate(15.0).pass_through(0.0).run()?;
/// // With no pass-through, volumes do not move and the exporter's price absorbs the duty.
/// assert!((o.volume_change_pct).abs() < 1e-12);
/// let expected = 40_000.0 * (0.15 - 0.025) / 1.15;
/// assert!((o.exporters_revenue_loss_usd_mn - expected).abs() < 1e-6);
/// # Ok::<(), tradedef::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TariffScenario {
    partner: Option<Partner>,
    category: Category,
    base_year: i64,
    base_imports: Option<f64>,
    /// The old rate, percent; `None`: the starting rate from the data.
    old_rate: Option<f64>,
    new_rate: f64,
    /// Percentage points added to the old rate, when the new rate is given that way.
    added: Option<f64>,
    elasticity: f64,
    pass_through: f64,
}

impl Default for TariffScenario {
    fn default() -> Self {
        TariffScenario::autos()
    }
}

/// The outcome of a [`TariffScenario`]. Money is USD millions a year, nominal, base-year prices.
#[derive(Debug, Clone, PartialEq)]
pub struct TariffOutcome {
    /// The scenario, with its old and new rates as used.
    pub scenario: TariffScenario,
    /// The old (starting) rate used, percent.
    pub old_rate_pct: f64,
    /// The new rate used, percent.
    pub new_rate_pct: f64,
    /// Where the old rate comes from ("given", the `tariff_events` rate of the category, or the
    /// average duty actually collected on all imports from the partner in a year).
    pub old_rate_source: String,
    /// Base-year imports, customs value.
    pub base_imports_usd_mn: f64,
    /// Where the base came from ("us_imports_by_enduse, 2024, vintage …" or "given").
    pub base_source: String,
    /// Change in the duty-inclusive price US buyers pay, percent.
    pub buyer_price_change_pct: f64,
    /// Change in the exporter's (pre-duty) price, percent.
    pub exporter_price_change_pct: f64,
    /// Change in import volume, percent.
    pub volume_change_pct: f64,
    /// Imports after the change, customs value.
    pub import_value_after_usd_mn: f64,
    /// Change in import value (customs value).
    pub import_value_change_usd_mn: f64,
    /// Tariff revenue before.
    pub tariff_revenue_before_usd_mn: f64,
    /// Tariff revenue after.
    pub tariff_revenue_after_usd_mn: f64,
    /// Loss of exporters' revenue, `V0 − V1`.
    pub exporters_revenue_loss_usd_mn: f64,
    /// The part of the loss due to lower prices.
    pub loss_from_price_usd_mn: f64,
    /// The part of the loss due to lower volumes.
    pub loss_from_volume_usd_mn: f64,
    /// US buyers' outlay including duty, before and after.
    pub buyers_outlay_usd_mn: (f64, f64),
    /// The provenance of the base.
    pub provenance: Provenance,
}

/// The pure model: outcome values for base `v0` (any money unit), rates as fractions.
/// Returns (buyer price factor, exporter price factor, volume factor, V1).
fn model(v0: f64, t0: f64, t1: f64, elasticity: f64, pass_through: f64) -> (f64, f64, f64, f64) {
    let tau = (1.0 + t1) / (1.0 + t0) - 1.0;
    let buyer = 1.0 + pass_through * tau;
    let exporter = buyer * (1.0 + t0) / (1.0 + t1);
    let volume = buyer.powf(-elasticity);
    (buyer, exporter, volume, v0 * exporter * volume)
}

/// A rate in percent for text: as written when it has at most two decimals (`2.5`), else
/// rounded to two (`3.81`).
fn pct(x: f64) -> String {
    if (x * 100.0).fract() == 0.0 {
        format!("{x}")
    } else {
        format!("{x:.2}")
    }
}

/// The dataset of explicit US tariff rates on Japanese cars and light trucks.
const TARIFF_EVENTS: &str = crate::data::ids::TARIFF_EVENTS.as_str();

/// The explicit rate a partner's own series of tariff events (a sidecar's `partner_series`
/// with `holds = "tariff-rates"`, today `tariff_events`) gives its category, if any: the MFN
/// duty on passenger cars for autos (end-use 3) and passenger cars (300), on light trucks for
/// trucks (301). Returns the rate, where it comes from, and the provenance.
fn category_rate(p: &Partner, category: &Category) -> Result<Option<(f64, String, Provenance)>> {
    let declared = p
        .census_code
        .as_deref()
        .and_then(|c| crate::data::partner_series(c, crate::data::SeriesHolds::TariffRates));
    if declared.is_none_or(|e| e.meta.id != TARIFF_EVENTS) {
        return Ok(None);
    }
    let (product, scope) = match category.prefix() {
        "3" => (
            "passenger_cars",
            ", applied to all of end-use 3 (light trucks pay 25%, parts various rates)",
        ),
        "300" => ("passenger_cars", ""),
        "301" => ("light_trucks", ", applied to all of end-use 301"),
        _ => return Ok(None),
    };
    let d = load(TARIFF_EVENTS)?;
    let rows = d.lazy().filter(
        col("product")
            .eq(lit(product))
            .and(col("measure").eq(lit("mfn"))),
    );
    let latest = collect(
        pick_vintage(
            with_vintage_order(rows, TARIFF_EVENTS)?,
            &crate::analysis::Vintage::LatestCovering,
            &[],
        )?
        .select([col("rate_pct").cast(DataType::Float64), col("description")]),
        TARIFF_EVENTS,
    )?;
    let rates = floats(&latest, TARIFF_EVENTS, "rate_pct")?;
    let descriptions = texts(&latest, TARIFF_EVENTS, "description")?;
    Ok(rates
        .into_iter()
        .zip(descriptions)
        .find_map(|(r, d)| Some((r?, d.unwrap_or_default())))
        .map(|(rate, description)| {
            (
                rate,
                format!(
                    "{}%, the {description}, from {TARIFF_EVENTS}{scope}",
                    pct(rate)
                ),
                d.provenance(),
            )
        }))
}

impl TariffScenario {
    /// Autos: end-use 3 (automotive vehicles, parts and engines), with the defaults.
    pub fn autos() -> Self {
        TariffScenario::category(Category::Autos)
    }

    /// Any category, with the defaults.
    pub fn category(category: Category) -> Self {
        TariffScenario {
            partner: None,
            category,
            base_year: DEFAULT_BASE_YEAR,
            base_imports: None,
            old_rate: None,
            new_rate: DEFAULT_NEW_RATE,
            added: None,
            elasticity: DEFAULT_ELASTICITY,
            pass_through: DEFAULT_PASS_THROUGH,
        }
    }

    /// The partner whose exports to the US the tariff hits. There is no default: a scenario
    /// without one needs its base imports and starting rate given (`.base_imports(…)`,
    /// `.old_rate(…)`).
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// let korea = partner("South Korea")?;
    /// let o = TariffScenario::autos().partner(&korea).base_year(2024).new_rate(25.0).run()?;
    /// assert!(o.base_source.contains("Korea"));
    /// assert!(o.exporters_revenue_loss_usd_mn > 0.0);
    /// # Ok::<(), tradedef::Error>(())
    /// ```
    pub fn partner(mut self, partner: &Partner) -> Self {
        self.partner = Some(partner.clone());
        self
    }

    /// The partner's display name ("the partner" when none is set).
    pub fn partner_name(&self) -> &str {
        self.partner
            .as_ref()
            .map_or("the partner", |p| p.name.as_str())
    }

    /// The partner, needed to read the base imports or the starting rate from the data.
    fn the_partner(&self, to: &str) -> Result<Partner> {
        self.partner.clone().ok_or_else(|| {
            Error::argument(
                "tariff scenario",
                format!(
                    "no partner to {to}: set one with `.partner(&partner(\"…\")?)`, or give the figure (`.base_imports(…)`, `.old_rate(…)`)"
                ),
            )
        })
    }

    /// The year whose imports are the base.
    pub fn imports_year(&self) -> i64 {
        self.base_year
    }

    /// The year whose imports are the base. By default 2024.
    pub fn base_year(mut self, year: i64) -> Self {
        self.base_year = year;
        self
    }

    /// Base imports given directly (USD millions, customs value) instead of read from the data.
    /// By default read from `us_imports_by_enduse`.
    pub fn base_imports(mut self, usd_mn: f64) -> Self {
        self.base_imports = Some(usd_mn);
        self
    }

    /// The tariff before, percent. By default the starting rate in the data
    /// ([`TariffScenario::starting_rate`]).
    pub fn old_rate(mut self, pct: f64) -> Self {
        self.old_rate = Some(pct);
        self
    }

    /// The tariff after, percent, all-in (not added to the old rate). By default 27.5.
    pub fn new_rate(mut self, pct: f64) -> Self {
        self.new_rate = pct;
        self.added = None;
        self
    }

    /// The tariff after as the old rate plus `points` percentage points (e.g. `25.0` for the
    /// 2025 Section 232 levy on top of the MFN duty), whatever the old rate turns out to be.
    pub fn additional_rate(mut self, points: f64) -> Self {
        self.added = Some(points);
        self
    }

    /// The old (starting) rate, percent, and where it comes from. A rate set with
    /// [`TariffScenario::old_rate`] is "given". Otherwise, from the data:
    ///
    /// 1. Japan's autos (end-use 3) and passenger cars (300): the US MFN duty on passenger cars
    ///    of `tariff_events` (2.5%); trucks (301): its MFN duty on light trucks (25%) — explicit
    ///    rates of the category;
    /// 2. else the average duty actually collected on all US imports from the partner in the
    ///    base year (`us_duties_by_partner`: calculated duties / imports for consumption), or in
    ///    the latest complete year the data hold when the base year is not one;
    /// 3. else 0%, saying that no dataset holds a rate for the partner.
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// let (rate, why) = TariffScenario::autos().partner(&partner("Japan")?).starting_rate()?;
    /// assert_eq!((rate, why.contains("tariff_events")), (2.5, true));
    /// let vietnam = partner("Vietnam")?;
    /// let (rate, why) = TariffScenario::category(Category::parse("4")?).partner(&vietnam).base_year(2025).starting_rate()?;
    /// assert_eq!(rate, effective_tariff_rate("Vietnam", 2025)?.rate_pct);
    /// assert!(why.starts_with("the average duty actually collected on all US imports from Vietnam in 2025"), "{why}");
    /// // 2026 is a year to date in the data: the latest complete year, 2025, is used and said.
    /// let (later, why) = TariffScenario::autos().partner(&vietnam).base_year(2026).starting_rate()?;
    /// assert_eq!(later, rate);
    /// assert!(why.contains("2026 is not a complete year"), "{why}");
    /// # Ok::<(), tradedef::Error>(())
    /// ```
    pub fn starting_rate(&self) -> Result<(f64, String)> {
        self.start_rate().map(|(rate, why, _)| (rate, why))
    }

    /// [`TariffScenario::starting_rate`], with the provenance of the rate.
    fn start_rate(&self) -> Result<(f64, String, Provenance)> {
        if let Some(rate) = self.old_rate {
            return Ok((
                rate,
                format!("given, {}%", pct(rate)),
                Provenance::default(),
            ));
        }
        let p = self.the_partner("read the starting rate")?;
        if let Some(found) = category_rate(&p, &self.category)? {
            return Ok(found);
        }
        match crate::analysis::duties::full_year_rate(&p, self.base_year)? {
            Some((r, stands_in)) => {
                let year = if stands_in {
                    format!(
                        "{} ({} is not a complete year in {}, so the latest complete year is used)",
                        r.year,
                        self.base_year,
                        crate::analysis::duties::DUTIES
                    )
                } else {
                    r.year.to_string()
                };
                Ok((
                    r.rate_pct,
                    format!(
                        "the average duty actually collected on all US imports from {} in {year}, {:.2}%: the data give no rate by category",
                        p.name, r.rate_pct
                    ),
                    r.provenance,
                ))
            }
            None => Ok((
                0.0,
                format!(
                    "taken as 0%: neither tariff_events nor {} holds a rate for {}",
                    crate::analysis::duties::DUTIES,
                    p.name
                ),
                Provenance::default(),
            )),
        }
    }

    /// The old and new rates, percent, where the old comes from, and its provenance.
    fn rates(&self) -> Result<(f64, f64, String, Provenance)> {
        let (old, why, provenance) = self.start_rate()?;
        let new = self.added.map_or(self.new_rate, |points| old + points);
        Ok((old, new, why, provenance))
    }

    /// Import demand elasticity (absolute value). By default 2.5.
    pub fn elasticity(mut self, e: f64) -> Self {
        self.elasticity = e;
        self
    }

    /// Share of the tariff increase passed into US buyers' duty-inclusive price, 0–1. By default 1.
    pub fn pass_through(mut self, p: f64) -> Self {
        self.pass_through = p;
        self
    }

    /// Share of the tariff increase the exporter absorbs, 0–1 (= 1 − pass-through).
    pub fn exporter_absorbs(mut self, share: f64) -> Self {
        self.pass_through = 1.0 - share;
        self
    }

    /// The category.
    pub fn category_of(&self) -> &Category {
        &self.category
    }

    fn validate(&self) -> Result<()> {
        let ctx = "tariff scenario";
        let rates = [
            ("old rate", self.old_rate.unwrap_or(0.0)),
            ("new rate", self.new_rate),
            ("additional rate", self.added.unwrap_or(0.0)),
        ];
        for (name, v) in rates {
            if !(v.is_finite() && v >= 0.0) {
                bail!(Error::argument(
                    ctx,
                    format!("{name} must be a percentage ≥ 0; got {v}"),
                ));
            }
        }
        if !(self.elasticity.is_finite() && self.elasticity >= 0.0) {
            bail!(Error::argument(
                ctx,
                format!(
                    "elasticity must be ≥ 0 (absolute value); got {}",
                    self.elasticity
                ),
            ));
        }
        if !(0.0..=1.0).contains(&self.pass_through) {
            bail!(Error::argument(
                ctx,
                format!(
                    "pass-through must be between 0 and 1; got {}",
                    self.pass_through
                ),
            ));
        }
        if let Some(b) = self.base_imports
            && !(b.is_finite() && b >= 0.0)
        {
            bail!(Error::argument(
                ctx,
                format!("base imports must be ≥ 0; got {b}"),
            ));
        }
        Ok(())
    }

    /// Base imports (USD millions), where they come from, and their provenance.
    fn base(&self) -> Result<(f64, String, Provenance)> {
        if let Some(b) = self.base_imports {
            return Ok((b, "given".to_string(), Provenance::default()));
        }
        let p = self.the_partner("read the base imports")?;
        let by_year = category_imports(&self.category, &Importer::Partner(Box::new(p.clone())))?;
        let (v, vintage) = by_year.get(&self.base_year).cloned().ok_or_else(|| {
            Error::not_found(
                format!(
                    "base year of US imports from {} ({}) in {ENDUSE}",
                    p.name,
                    self.category.label()
                ),
                self.base_year.to_string(),
                by_year.keys(),
            )
        })?;
        Ok((
            v,
            format!(
                "{ENDUSE}, US imports from {}, {}, {} (vintage {vintage})",
                p.name,
                self.base_year,
                self.category.label()
            ),
            crate::data::entry(ENDUSE)?.meta.provenance(),
        ))
    }

    /// Runs the scenario.
    pub fn run(&self) -> Result<TariffOutcome> {
        self.validate()?;
        let (v0, base_source, provenance) = self.base()?;
        let (old, new, why, rate_provenance) = self.rates()?;
        Ok(self.resolved(old, new).outcome(
            v0,
            base_source,
            provenance.merge(&rate_provenance),
            why,
        ))
    }

    /// The scenario with its rates as used (the old rate given, the new rate all-in).
    fn resolved(&self, old: f64, new: f64) -> TariffScenario {
        let mut s = self.clone();
        s.old_rate = Some(old);
        s.new_rate = new;
        s.added = None;
        s
    }

    /// The outcome of a [`resolved`](Self::resolved) scenario.
    fn outcome(
        &self,
        v0: f64,
        base_source: String,
        provenance: Provenance,
        old_rate_source: String,
    ) -> TariffOutcome {
        let old_rate = self.old_rate.unwrap_or(0.0);
        let (t0, t1) = (old_rate / 100.0, self.new_rate / 100.0);
        let (buyer, exporter, volume, v1) = model(v0, t0, t1, self.elasticity, self.pass_through);
        TariffOutcome {
            scenario: self.clone(),
            old_rate_pct: old_rate,
            new_rate_pct: self.new_rate,
            old_rate_source,
            base_imports_usd_mn: v0,
            base_source,
            buyer_price_change_pct: 100.0 * (buyer - 1.0),
            exporter_price_change_pct: 100.0 * (exporter - 1.0),
            volume_change_pct: 100.0 * (volume - 1.0),
            import_value_after_usd_mn: v1,
            import_value_change_usd_mn: v1 - v0,
            tariff_revenue_before_usd_mn: t0 * v0,
            tariff_revenue_after_usd_mn: t1 * v1,
            exporters_revenue_loss_usd_mn: v0 - v1,
            loss_from_price_usd_mn: v0 * (1.0 - exporter) * volume,
            loss_from_volume_usd_mn: v0 * (1.0 - volume),
            buyers_outlay_usd_mn: ((1.0 + t0) * v0, (1.0 + t1) * v1),
            provenance,
        }
    }

    /// The sensitivity grid over elasticities and pass-throughs (the scenario's other settings
    /// held): one row per pair, with `elasticity`, `pass_through`, `volume_change_pct`,
    /// `import_value_change_usd_mn`, `tariff_revenue_after_usd_mn`,
    /// `exporters_revenue_loss_usd_mn`.
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// let g = TariffScenario::autos().partner(&partner("Japan")?).base_imports(1000.0).grid(&[1.0, 2.0], &[0.5, 1.0])?;
    /// assert_eq!(g.height(), 4);
    /// # Ok::<(), tradedef::Error>(())
    /// ```
    pub fn grid(&self, elasticities: &[f64], pass_throughs: &[f64]) -> Result<Table> {
        self.validate()?;
        let (v0, base_source, provenance) = self.base()?;
        let (old, new, why, rate_provenance) = self.rates()?;
        let resolved = self.resolved(old, new);
        let mut rows = Vec::new();
        for &e in elasticities {
            for &p in pass_throughs {
                let s = resolved.clone().elasticity(e).pass_through(p);
                s.validate()?;
                rows.push(s.outcome(
                    v0,
                    base_source.clone(),
                    Provenance::default(),
                    String::new(),
                ));
            }
        }
        let col =
            |f: &dyn Fn(&TariffOutcome) -> f64| rows.iter().map(|o| Some(f(o))).collect::<Vec<_>>();
        TableBuilder::new(format!(
            "Tariff scenario grid: {}, {}% → {}%",
            self.category.label(),
            pct(old),
            pct(new)
        ))
        .float("elasticity", "import demand elasticity (absolute value)", col(&|o| o.scenario.elasticity))
        .float("pass_through", "share of the tariff in US buyers' price (0–1)", col(&|o| o.scenario.pass_through))
        .float("volume_change_pct", "percent", col(&|o| o.volume_change_pct))
        .float("import_value_change_usd_mn", "USD millions a year, customs value", col(&|o| o.import_value_change_usd_mn))
        .float("tariff_revenue_after_usd_mn", "USD millions a year", col(&|o| o.tariff_revenue_after_usd_mn))
        .float("exporters_revenue_loss_usd_mn", "USD millions a year", col(&|o| o.exporters_revenue_loss_usd_mn))
        .note(format!("base imports {v0:.1} USD millions: {base_source}"))
        .note(format!("old rate: {why}"))
        .note("static partial equilibrium; see tradedef::analysis::tariff for formulas and sources of the ranges")
        .build(provenance.merge(&rate_provenance))
    }

    /// The grid over [`GRID_ELASTICITIES`] × [`GRID_PASS_THROUGHS`].
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// let g = TariffScenario::autos().partner(&partner("Japan")?).base_imports(1000.0).default_grid()?;
    /// assert_eq!(g.height(), 35);
    /// # Ok::<(), tradedef::Error>(())
    /// ```
    pub fn default_grid(&self) -> Result<Table> {
        self.grid(&GRID_ELASTICITIES, &GRID_PASS_THROUGHS)
    }

    /// The elasticity at which exporters' revenue loss reaches `loss_usd_mn` at the scenario's
    /// pass-through (`None` if no elasticity in 0–100 gets there: with pass-through 0 the loss
    /// does not depend on the elasticity, and no loss can exceed the base).
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// let s = TariffScenario::autos().partner(&partner("Japan")?).base_imports(1000.0);
    /// let e = s.required_elasticity(300.0)?.unwrap();
    /// let o = s.clone().elasticity(e).run()?;
    /// assert!((o.exporters_revenue_loss_usd_mn - 300.0).abs() < 1e-3);
    /// # Ok::<(), tradedef::Error>(())
    /// ```
    pub fn required_elasticity(&self, loss_usd_mn: f64) -> Result<Option<f64>> {
        self.validate()?;
        let (v0, ..) = self.base()?;
        let (old, new, ..) = self.rates()?;
        Ok(self.resolved(old, new).solve_elasticity(v0, loss_usd_mn))
    }

    /// The elasticity reaching `target` in a [`resolved`](Self::resolved) scenario.
    fn solve_elasticity(&self, v0: f64, target: f64) -> Option<f64> {
        let (t0, t1) = (self.old_rate.unwrap_or(0.0) / 100.0, self.new_rate / 100.0);
        let loss = |e: f64| v0 - model(v0, t0, t1, e, self.pass_through).3;
        let (mut lo, mut hi) = (0.0_f64, 100.0_f64);
        if loss(lo) >= target {
            return Some(0.0);
        }
        if loss(hi) < target {
            return None;
        }
        for _ in 0..200 {
            let mid = 0.5 * (lo + hi);
            if loss(mid) < target {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        Some(0.5 * (lo + hi))
    }

    /// Checks a claimed yearly loss for Japan's exporters (e.g. the story's "$20 billion") against
    /// the model: the loss at the scenario's parameters, and for each pass-through of the
    /// default grid the elasticity needed to reach the claim.
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// let c = TariffScenario::autos().partner(&partner("Japan")?).base_imports(55_000.0).check_claim(20_000.0)?;
    /// assert_eq!(c.required.len(), tradedef::analysis::tariff::GRID_PASS_THROUGHS.len());
    /// println!("{c}");
    /// # Ok::<(), tradedef::Error>(())
    /// ```
    pub fn check_claim(&self, claimed_loss_usd_mn: f64) -> Result<TariffClaimCheck> {
        let outcome = self.run()?;
        let required = GRID_PASS_THROUGHS
            .iter()
            .map(|&p| {
                (
                    p,
                    outcome
                        .scenario
                        .clone()
                        .pass_through(p)
                        .solve_elasticity(outcome.base_imports_usd_mn, claimed_loss_usd_mn),
                )
            })
            .collect();
        Ok(TariffClaimCheck {
            claimed_loss_usd_mn,
            outcome,
            required,
        })
    }
}

/// How a claimed yearly loss compares with the model (see [`TariffScenario::check_claim`]).
#[derive(Debug, Clone, PartialEq)]
pub struct TariffClaimCheck {
    /// The claimed loss, USD millions a year.
    pub claimed_loss_usd_mn: f64,
    /// The outcome at the scenario's own parameters.
    pub outcome: TariffOutcome,
    /// For each pass-through, the elasticity needed to reach the claim (`None` = out of reach).
    pub required: Vec<(f64, Option<f64>)>,
}

impl TariffClaimCheck {
    /// Whether the scenario's own parameters give at least the claimed loss.
    pub fn holds_at_scenario(&self) -> bool {
        self.outcome.exporters_revenue_loss_usd_mn >= self.claimed_loss_usd_mn
    }
}

impl fmt::Display for TariffClaimCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let o = &self.outcome;
        writeln!(
            f,
            "Claim: exporters lose {:.0} USD millions a year. Model at elasticity {}, pass-through {}: {:.0} ({}).",
            self.claimed_loss_usd_mn,
            o.scenario.elasticity,
            o.scenario.pass_through,
            o.exporters_revenue_loss_usd_mn,
            if self.holds_at_scenario() {
                "claim reached"
            } else {
                "claim not reached"
            }
        )?;
        for (p, e) in &self.required {
            match e {
                Some(e) => writeln!(
                    f,
                    "  pass-through {p:.2}: needs an import demand elasticity of {e:.2}"
                )?,
                None => writeln!(f, "  pass-through {p:.2}: out of reach at any elasticity")?,
            }
        }
        write!(
            f,
            "Base: {:.0} USD millions ({})",
            o.base_imports_usd_mn, o.base_source
        )
    }
}

impl TariffOutcome {
    /// The outcome as a table: `measure`, `value`, `unit`.
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// let t = TariffScenario::autos().partner(&partner("Japan")?).base_imports(1000.0).run()?.table()?;
    /// assert!(t.value_where("measure", "exporters_revenue_loss", "value")? > 0.0);
    /// # Ok::<(), tradedef::Error>(())
    /// ```
    pub fn table(&self) -> Result<Table> {
        let s = &self.scenario;
        let rows: Vec<(&str, f64, &str)> = vec![
            (
                "base_imports",
                self.base_imports_usd_mn,
                "USD millions a year, customs value",
            ),
            ("old_rate", self.old_rate_pct, "percent"),
            ("new_rate", self.new_rate_pct, "percent"),
            ("elasticity", s.elasticity, "absolute value"),
            ("pass_through", s.pass_through, "share, 0–1"),
            ("buyer_price_change", self.buyer_price_change_pct, "percent"),
            (
                "exporter_price_change",
                self.exporter_price_change_pct,
                "percent",
            ),
            ("volume_change", self.volume_change_pct, "percent"),
            (
                "import_value_after",
                self.import_value_after_usd_mn,
                "USD millions a year",
            ),
            (
                "import_value_change",
                self.import_value_change_usd_mn,
                "USD millions a year",
            ),
            (
                "tariff_revenue_before",
                self.tariff_revenue_before_usd_mn,
                "USD millions a year",
            ),
            (
                "tariff_revenue_after",
                self.tariff_revenue_after_usd_mn,
                "USD millions a year",
            ),
            (
                "exporters_revenue_loss",
                self.exporters_revenue_loss_usd_mn,
                "USD millions a year",
            ),
            (
                "loss_from_price",
                self.loss_from_price_usd_mn,
                "USD millions a year",
            ),
            (
                "loss_from_volume",
                self.loss_from_volume_usd_mn,
                "USD millions a year",
            ),
            (
                "buyers_outlay_before",
                self.buyers_outlay_usd_mn.0,
                "USD millions a year, duty included",
            ),
            (
                "buyers_outlay_after",
                self.buyers_outlay_usd_mn.1,
                "USD millions a year, duty included",
            ),
        ];
        TableBuilder::new(format!(
            "Tariff scenario: {}, US imports from {}",
            s.category.label(),
            s.partner_name()
        ))
        .text(
            "measure",
            "what",
            rows.iter().map(|r| Some(r.0.to_string())).collect(),
        )
        .float(
            "value",
            "see `unit`",
            rows.iter().map(|r| Some(r.1)).collect(),
        )
        .text(
            "unit",
            "unit of `value`",
            rows.iter().map(|r| Some(r.2.to_string())).collect(),
        )
        .note(format!("base: {}", self.base_source))
        .note(format!("old rate: {}", self.old_rate_source))
        .note("static partial equilibrium; see tradedef::analysis::tariff for formulas and sources")
        .build(self.provenance.clone())
    }
}

impl fmt::Display for TariffOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.scenario;
        writeln!(
            f,
            "Tariff on {}: {}% → {}% (elasticity {}, pass-through {})",
            s.category.label(),
            pct(self.old_rate_pct),
            pct(self.new_rate_pct),
            s.elasticity,
            s.pass_through
        )?;
        writeln!(f, "  old rate              {}", self.old_rate_source)?;
        writeln!(
            f,
            "  base imports          {:>10.0} USD mn ({})",
            self.base_imports_usd_mn, self.base_source
        )?;
        writeln!(
            f,
            "  buyer price           {:>+10.1} %",
            self.buyer_price_change_pct
        )?;
        writeln!(
            f,
            "  exporter price        {:>+10.1} %",
            self.exporter_price_change_pct
        )?;
        writeln!(
            f,
            "  import volume         {:>+10.1} %",
            self.volume_change_pct
        )?;
        writeln!(
            f,
            "  import value change   {:>+10.0} USD mn",
            self.import_value_change_usd_mn
        )?;
        writeln!(
            f,
            "  tariff revenue        {:>10.0} → {:.0} USD mn",
            self.tariff_revenue_before_usd_mn, self.tariff_revenue_after_usd_mn
        )?;
        writeln!(
            f,
            "  exporters' loss       {:>10.0} USD mn (price {:.0}, volume {:.0})",
            self.exporters_revenue_loss_usd_mn,
            self.loss_from_price_usd_mn,
            self.loss_from_volume_usd_mn
        )?;
        write!(f, "Source: {}", self.provenance.source_line())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn loss_splits_into_price_and_volume(v0 in 1.0f64..1e6, t0 in 0.0f64..0.3, dt in 0.0f64..0.5,
                                             e in 0.0f64..6.0, p in 0.0f64..=1.0) {
            let s = TariffScenario::autos().partner(&crate::data::partner("Japan").unwrap()).old_rate(100.0 * t0).new_rate(100.0 * (t0 + dt)).elasticity(e).pass_through(p);
            let o = s.outcome(v0, "given".into(), Provenance::default(), "given".into());
            let parts = o.loss_from_price_usd_mn + o.loss_from_volume_usd_mn;
            prop_assert!((parts - o.exporters_revenue_loss_usd_mn).abs() < 1e-6 * v0.max(1.0));
            prop_assert!(o.exporters_revenue_loss_usd_mn >= -1e-9 * v0);
            prop_assert!(o.exporters_revenue_loss_usd_mn <= v0 + 1e-9);
        }

        #[test]
        fn full_pass_through_keeps_exporter_price(t0 in 0.0f64..0.3, dt in 0.0f64..0.5, e in 0.0f64..6.0) {
            let (_, exporter, _, _) = model(1.0, t0, t0 + dt, e, 1.0);
            prop_assert!((exporter - 1.0).abs() < 1e-12);
        }

        #[test]
        fn higher_elasticity_never_lowers_loss(e1 in 0.0f64..5.0, de in 0.0f64..5.0, p in 0.0f64..=1.0) {
            let l = |e: f64| 1.0 - model(1.0, 0.025, 0.275, e, p).3;
            prop_assert!(l(e1 + de) >= l(e1) - 1e-12);
        }
    }

    #[test]
    fn rejects_bad_parameters() {
        assert!(
            TariffScenario::autos()
                .partner(&crate::data::partner("Japan").unwrap())
                .base_imports(1.0)
                .pass_through(1.5)
                .run()
                .is_err()
        );
        assert!(
            TariffScenario::autos()
                .partner(&crate::data::partner("Japan").unwrap())
                .base_imports(1.0)
                .elasticity(-1.0)
                .run()
                .is_err()
        );
        assert!(
            TariffScenario::autos()
                .partner(&crate::data::partner("Japan").unwrap())
                .base_imports(1.0)
                .new_rate(f64::NAN)
                .run()
                .is_err()
        );
    }
}
