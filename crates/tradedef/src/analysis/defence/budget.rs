//! Japan's defence budget (Ministry of Defense, initial budgets by fiscal year) in yen, in
//! dollars and in real terms, and its growth on each basis.

use std::fmt;

use polars::prelude::*;

use crate::analysis::money::span;
use crate::analysis::plan::{
    collect, distinct, distinct_ints, keep_order, pick_vintage, with_vintage_order,
};
use crate::analysis::series::{cagr, percent_change};
use crate::analysis::table::TableBuilder;
use crate::analysis::{CurrencyRates, Deflator, DeflatorSeries, Table, Vintage};
use crate::data::{Provenance, load};
use crate::error::ensure;
use crate::{Error, Result};

const BUDGET: &str = crate::data::ids::JAPAN_DEFENSE_BUDGET.as_str();

/// Which total of Japan's defence budget (Ministry of Defense, initial budget, fiscal year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum BudgetMeasure {
    /// Defence-related expenditure excluding SACO-related costs and the US-forces-realignment
    /// (local-burden-reduction) portion: the series comparable across the years (the default).
    #[default]
    ExclSacoRealignment,
    /// Including SACO-related and realignment costs.
    InclSacoRealignment,
}

impl BudgetMeasure {
    /// Every measure.
    pub const ALL: [BudgetMeasure; 2] = [
        BudgetMeasure::ExclSacoRealignment,
        BudgetMeasure::InclSacoRealignment,
    ];

    /// The measure whose [`id`](BudgetMeasure::id) is `id`; an error lists the ids.
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// use tradedef::analysis::defence::*;
    /// assert_eq!(BudgetMeasure::from_id("incl_saco_realignment")?, BudgetMeasure::InclSacoRealignment);
    /// assert!(BudgetMeasure::from_id("incl_saco").unwrap_err().to_string().contains("excl_saco_realignment"));
    /// # Ok::<(), tradedef::Error>(())
    /// ```
    pub fn from_id(id: &str) -> Result<BudgetMeasure> {
        BudgetMeasure::ALL
            .into_iter()
            .find(|m| m.id() == id)
            .ok_or_else(|| {
                Error::not_found("budget measure", id, BudgetMeasure::ALL.map(|m| m.id()))
            })
    }

    /// The id in the dataset's `measure` column.
    pub fn id(self) -> &'static str {
        match self {
            BudgetMeasure::ExclSacoRealignment => "excl_saco_realignment",
            BudgetMeasure::InclSacoRealignment => "incl_saco_realignment",
        }
    }
}

/// Options for Japan's defence budget series.
///
/// Defaults: [`BudgetMeasure::ExclSacoRealignment`]; dollars at the calendar-year average
/// USD/JPY rate of the year the fiscal year starts (FY2025 = April 2025–March 2026 → 2025
/// rate); real yen with the Japan GDP deflator and real dollars with the US GDP deflator, base
/// year = the latest year up to the end of the span that the deflator covers; latest vintage of
/// the budget covering each fiscal year. Real columns are left empty (with a note) where the
/// deflator lacks a year.
///
/// ```
/// use tradedef::prelude::*;
/// use tradedef::analysis::defence::*;
/// let t = DefenceBudget::new().measure(BudgetMeasure::ExclSacoRealignment).table()?;
/// assert!(t.unit("budget_usd_bn").unwrap().contains("USD billions"));
/// # Ok::<(), tradedef::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct DefenceBudget {
    measure: BudgetMeasure,
    base_year: Option<i64>,
    vintage: Vintage,
}

/// How a budget change is measured: in yen or in dollars, nominal or real.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum GrowthBasis {
    /// Nominal yen (`budget_jpy_bn`).
    NominalYen,
    /// Nominal dollars at each year's average rate (`budget_usd_bn`).
    NominalDollars,
    /// Real yen (`budget_real_jpy_bn`).
    RealYen,
    /// Real dollars (`budget_real_usd_bn`).
    RealDollars,
}

impl GrowthBasis {
    /// Every basis, in the order of [`BudgetGrowth::changes`].
    pub const ALL: [GrowthBasis; 4] = [
        GrowthBasis::NominalYen,
        GrowthBasis::NominalDollars,
        GrowthBasis::RealYen,
        GrowthBasis::RealDollars,
    ];

    /// The words for it: "nominal yen", "nominal dollars", "real yen", "real dollars".
    pub fn label(self) -> &'static str {
        match self {
            GrowthBasis::NominalYen => "nominal yen",
            GrowthBasis::NominalDollars => "nominal dollars",
            GrowthBasis::RealYen => "real yen",
            GrowthBasis::RealDollars => "real dollars",
        }
    }

    /// The column of the budget table ([`DefenceBudget::table`]) it reads.
    fn column(self) -> &'static str {
        match self {
            GrowthBasis::NominalYen => "budget_jpy_bn",
            GrowthBasis::NominalDollars => "budget_usd_bn",
            GrowthBasis::RealYen => "budget_real_jpy_bn",
            GrowthBasis::RealDollars => "budget_real_usd_bn",
        }
    }
}

impl fmt::Display for GrowthBasis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One way of measuring a budget change between two fiscal years.
#[derive(Debug, Clone, PartialEq)]
pub struct BudgetChange {
    /// How the change is measured.
    pub basis: GrowthBasis,
    /// The unit of the two values.
    pub unit: String,
    /// The value in the first fiscal year.
    pub from_value: f64,
    /// The value in the last fiscal year.
    pub to_value: f64,
    /// Total change, percent.
    pub change_pct: f64,
    /// Compound annual growth, percent a year.
    pub cagr_pct: f64,
}

/// Growth of Japan's defence budget between two fiscal years, on several bases.
#[derive(Debug, Clone)]
pub struct BudgetGrowth {
    /// First fiscal year.
    pub from: i64,
    /// Last fiscal year.
    pub to: i64,
    /// The budget total used.
    pub measure: BudgetMeasure,
    /// Yen per dollar in the first year (calendar-year average).
    pub jpy_per_usd_from: f64,
    /// Yen per dollar in the last year (calendar-year average).
    pub jpy_per_usd_to: f64,
    /// The changes: nominal yen, nominal dollars, and real yen / real dollars when the deflators
    /// cover both years.
    pub changes: Vec<BudgetChange>,
    /// Vintages, base years, why a basis is missing.
    pub notes: Vec<String>,
    /// The provenance.
    pub provenance: Provenance,
}

impl BudgetGrowth {
    /// The change on a basis; an error when it was not computed (a real basis without the
    /// deflator's years: [`BudgetGrowth::notes`] says why).
    pub fn basis(&self, basis: GrowthBasis) -> Result<&BudgetChange> {
        self.changes
            .iter()
            .find(|c| c.basis == basis)
            .ok_or_else(|| {
                Error::not_found(
                    "basis of budget growth",
                    basis.label(),
                    self.changes.iter().map(|c| c.basis.label()),
                )
            })
    }

    /// The changes as a table: `basis`, `unit`, `from_value`, `to_value`, `change_pct`, `cagr_pct`.
    pub fn table(&self) -> Result<Table> {
        let mut t = TableBuilder::new(format!(
            "Japan defence budget growth FY{}–FY{}",
            self.from, self.to
        ))
        .text(
            "basis",
            "how the budget is measured",
            self.changes
                .iter()
                .map(|c| Some(c.basis.label().to_string()))
                .collect(),
        )
        .text(
            "unit",
            "unit of the two values",
            self.changes.iter().map(|c| Some(c.unit.clone())).collect(),
        )
        .float(
            "from_value",
            format!("FY{} value, in `unit`", self.from),
            self.changes.iter().map(|c| Some(c.from_value)).collect(),
        )
        .float(
            "to_value",
            format!("FY{} value, in `unit`", self.to),
            self.changes.iter().map(|c| Some(c.to_value)).collect(),
        )
        .float(
            "change_pct",
            "percent, total change",
            self.changes.iter().map(|c| Some(c.change_pct)).collect(),
        )
        .float(
            "cagr_pct",
            "percent a year, compound",
            self.changes.iter().map(|c| Some(c.cagr_pct)).collect(),
        );
        for n in &self.notes {
            t = t.note(n.clone());
        }
        t.build(self.provenance.clone())
    }
}

impl fmt::Display for BudgetGrowth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Japan defence budget ({}), FY{} → FY{}",
            self.measure.id(),
            self.from,
            self.to
        )?;
        for c in &self.changes {
            writeln!(
                f,
                "  {:<16} {:>10.1} → {:>10.1} {}  {:+.1}% ({:+.2}% a year)",
                c.basis.label(),
                c.from_value,
                c.to_value,
                c.unit,
                c.change_pct,
                c.cagr_pct
            )?;
        }
        for n in &self.notes {
            writeln!(f, "  Note: {n}")?;
        }
        write!(f, "Source: {}", self.provenance.source_line())
    }
}

impl DefenceBudget {
    /// The defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// The budget dataset to read. Only datasets this analysis knows the schema, currency and
    /// fiscal year of are accepted (today `japan_defense_budget`); any other id is an error
    /// listing them.
    pub fn dataset(self, id: &str) -> Result<Self> {
        if id == BUDGET {
            Ok(self)
        } else {
            Err(Error::not_found(
                "defence budget dataset with an analysis",
                id,
                [BUDGET],
            ))
        }
    }

    /// The ISO code of the budget's currency.
    pub fn currency(&self) -> &'static str {
        "JPY"
    }

    /// Which budget total. By default [`BudgetMeasure::ExclSacoRealignment`].
    pub fn measure(mut self, measure: BudgetMeasure) -> Self {
        self.measure = measure;
        self
    }

    /// The base year of the real columns. By default the latest year the deflator covers.
    pub fn base_year(mut self, year: i64) -> Self {
        self.base_year = Some(year);
        self
    }

    /// Which vintage of the budget. By default the latest covering each fiscal year.
    pub fn vintage(mut self, vintage: Vintage) -> Self {
        self.vintage = vintage;
        self
    }

    /// The chosen figure of every fiscal year, in year order: `fiscal_year`, `budget_jpy_bn`,
    /// `vintage` (the first row of the chosen vintage).
    fn budget(&self) -> Result<(LazyFrame, Provenance)> {
        let d = load(BUDGET)?;
        let all_measures = distinct(d.lazy(), "measure", BUDGET)?;
        ensure!(
            all_measures.contains(self.measure.id()),
            Error::not_found(
                format!("measure in {BUDGET}"),
                self.measure.id(),
                all_measures,
            )
        );
        self.vintage
            .check(BUDGET, &distinct(d.lazy(), "vintage", BUDGET)?)?;
        let rows = d.lazy().filter(
            col("measure")
                .eq(lit(self.measure.id()))
                .and(col("fiscal_year").is_not_null())
                .and(col("value").is_not_null())
                .and(col("vintage").is_not_null()),
        );
        let chosen = pick_vintage(
            with_vintage_order(rows, BUDGET)?,
            &self.vintage,
            &["fiscal_year"],
        )?
        .group_by_stable([col("fiscal_year").cast(DataType::Int64)])
        .agg([
            col("value")
                .cast(DataType::Float64)
                .first()
                .alias("budget_jpy_bn"),
            col("vintage").first(),
        ])
        .sort(["fiscal_year"], SortMultipleOptions::default());
        Ok((chosen, d.provenance()))
    }

    fn deflator(
        &self,
        series: DeflatorSeries,
        up_to: i64,
        notes: &mut Vec<String>,
    ) -> Option<Deflator> {
        let base = match self.base_year {
            Some(b) => b,
            None => {
                let t = Deflator::load(series, up_to).ok().map(|_| up_to);
                match t {
                    Some(b) => b,
                    None => (up_to - 15..up_to)
                        .rev()
                        .find(|y| Deflator::load(series, *y).is_ok())
                        .unwrap_or(up_to),
                }
            }
        };
        match Deflator::load(series, base) {
            Ok(d) => Some(d),
            Err(e) => {
                notes.push(format!(
                    "real values with the {} not computed: {e}",
                    series.label()
                ));
                None
            }
        }
    }

    /// Every fiscal year: `fiscal_year`, `budget_jpy_bn`, `jpy_per_usd`, `budget_usd_bn`,
    /// `budget_real_jpy_bn`, `budget_real_usd_bn`, `vintage`.
    pub fn table(&self) -> Result<Table> {
        let (budget, mut provenance) = self.budget()?;
        let fx = CurrencyRates::of(self.currency())?;
        provenance = provenance.merge(fx.provenance());
        let budget = collect(
            budget.join(
                fx.table()?
                    .into_frame()
                    .lazy()
                    .select([col("year"), col("units_per_usd").alias("jpy_per_usd")]),
                [col("fiscal_year")],
                [col("year")],
                keep_order(JoinType::Left),
            ),
            BUDGET,
        )?;
        let years = distinct_ints(budget.clone().lazy(), "fiscal_year", BUDGET)?;
        let last = years.last().copied().unwrap_or(0);
        let mut notes = vec![
            format!(
                "measure: {}; Japan MoD initial budget, fiscal years (April–March)",
                self.measure.id()
            ),
            "dollars at the calendar-year average rate of the year the fiscal year starts"
                .to_string(),
        ];
        // Japan's GDP deflator where sourced; otherwise the CPI implied by SIPRI's yen and
        // constant-dollar series (one SIPRI release, through its last year), said in the notes.
        let mut gdp_notes = Vec::new();
        let jp = match self.deflator(DeflatorSeries::JapanGdpDeflator, last, &mut gdp_notes) {
            Some(d) => {
                notes.append(&mut gdp_notes);
                Some(d)
            }
            None => {
                notes.push(format!(
                    "real yen with the {} (no Japan GDP deflator in `deflators`); a consumer-price deflator, calendar years",
                    DeflatorSeries::JapanSipriCpi.label()
                ));
                self.deflator(DeflatorSeries::JapanSipriCpi, last, &mut notes)
            }
        };
        let us = self.deflator(DeflatorSeries::UsGdpDeflator, last, &mut notes);
        for d in [&jp, &us].into_iter().flatten() {
            provenance = provenance.merge(d.provenance());
            notes.push(format!("{}: vintage {}", d.series().label(), d.vintage()));
        }
        let usd = (col("budget_jpy_bn") / col("jpy_per_usd")).alias("budget_usd_bn");
        let table = budget.lazy().with_column(usd);
        let table = with_real(table, &jp, "budget_jpy_bn", "budget_real_jpy_bn")?;
        let table = with_real(table, &us, "budget_usd_bn", "budget_real_usd_bn")?.select(
            [
                "fiscal_year",
                "budget_jpy_bn",
                "jpy_per_usd",
                "budget_usd_bn",
                "budget_real_jpy_bn",
                "budget_real_usd_bn",
                "vintage",
            ]
            .map(col),
        );
        let real_jpy_unit = jp
            .as_ref()
            .map(|d| d.unit("JPY billions"))
            .unwrap_or_else(|| "JPY billions, real (not computed)".into());
        let real_usd_unit = us
            .as_ref()
            .map(|d| d.unit("USD billions"))
            .unwrap_or_else(|| "USD billions, real (not computed)".into());
        let mut t = TableBuilder::new(format!("Japan defence budget ({})", self.measure.id()))
            .frame(
                collect(table, BUDGET)?,
                &[
                    ("fiscal_year", "Japanese fiscal year (April–March)".into()),
                    ("budget_jpy_bn", "JPY billions, nominal".into()),
                    ("jpy_per_usd", "JPY per USD, calendar-year average".into()),
                    ("budget_usd_bn", "USD billions, nominal".into()),
                    ("budget_real_jpy_bn", real_jpy_unit),
                    ("budget_real_usd_bn", real_usd_unit),
                    ("vintage", "release of the budget figure".into()),
                ],
            );
        for n in notes {
            t = t.note(n);
        }
        t.build(provenance)
    }

    /// Growth between fiscal years `from` and `to`, nominal and real, in yen and in dollars.
    pub fn growth(&self, from: i64, to: i64) -> Result<BudgetGrowth> {
        ensure!(
            from < to,
            Error::argument(
                "defence_budget_growth",
                format!("`from` ({from}) must be before `to` ({to})"),
            )
        );
        let t = self.table()?;
        let years = distinct_ints(t.frame().clone().lazy(), "fiscal_year", BUDGET)?;
        for y in [from, to] {
            ensure!(
                years.contains(&y),
                Error::not_found(
                    format!("fiscal year in {BUDGET} ({})", self.measure.id()),
                    y.to_string(),
                    span(years.iter()),
                )
            );
        }
        let n = (to - from) as f64;
        let mut changes = Vec::new();
        let mut notes: Vec<String> = t.notes().to_vec();
        for basis in GrowthBasis::ALL {
            let col = basis.column();
            match (
                t.value_at("fiscal_year", from, col),
                t.value_at("fiscal_year", to, col),
            ) {
                (Ok(a), Ok(b)) => changes.push(BudgetChange {
                    basis,
                    unit: t.unit(col).unwrap_or_default().to_string(),
                    from_value: a,
                    to_value: b,
                    change_pct: percent_change(a, b)?,
                    cagr_pct: cagr(a, b, n)?,
                }),
                (Err(e), _) | (_, Err(e)) => {
                    let why = if t.unit(col).unwrap_or_default().contains("not computed") {
                        "the deflator is not available (see the note above)".to_string()
                    } else {
                        e.to_string()
                    };
                    notes.push(format!("{basis}: not computed: {why}"))
                }
            }
        }
        let fx = CurrencyRates::of(self.currency())?;
        Ok(BudgetGrowth {
            from,
            to,
            measure: self.measure,
            jpy_per_usd_from: fx.units_per_usd(from)?,
            jpy_per_usd_to: fx.units_per_usd(to)?,
            changes,
            notes,
            provenance: t.provenance().clone(),
        })
    }
}

/// The plan's rows with a column `out`: `nominal` (keyed by `fiscal_year`) at the deflator's
/// base-year prices, as [`Deflator::real`] computes it; empty without a deflator or where it
/// lacks the year.
fn with_real(
    rows: LazyFrame,
    deflator: &Option<Deflator>,
    nominal: &str,
    out: &str,
) -> Result<LazyFrame> {
    let Some(d) = deflator else {
        return Ok(rows.with_column(lit(NULL).cast(DataType::Float64).alias(out)));
    };
    let index = format!("{out}_index");
    Ok(rows
        .join(
            d.table()?
                .into_frame()
                .lazy()
                .select([col("year"), col("index").alias(index.as_str())]),
            [col("fiscal_year")],
            [col("year")],
            keep_order(JoinType::Left),
        )
        .with_column((col(nominal) * lit(100.0) / col(index.as_str())).alias(out)))
}

/// Japan's defence budget, every fiscal year, with the defaults of [`DefenceBudget`].
///
/// ```
/// use tradedef::prelude::*;
/// use tradedef::analysis::defence::*;
/// let t = defence_budget()?;
/// assert!(t.columns().contains(&"budget_usd_bn".to_string()));
/// assert!(t.value_at("fiscal_year", 2025, "budget_jpy_bn")? > 7_000.0);
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn defence_budget() -> Result<Table> {
    DefenceBudget::new().table()
}

/// Growth of Japan's defence budget between two fiscal years in nominal yen, nominal dollars,
/// real yen and real dollars (defaults of [`DefenceBudget`]).
///
/// ```
/// use tradedef::prelude::*;
/// use tradedef::analysis::defence::*;
/// let g = defence_budget_growth(2015, 2025)?;
/// let yen = g.basis(GrowthBasis::NominalYen)?;
/// assert!(yen.change_pct > 0.0);
/// // The yen fell over the decade: the same budget grew less in dollars.
/// assert!(g.basis(GrowthBasis::NominalDollars)?.change_pct < yen.change_pct);
/// println!("{g}");
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn defence_budget_growth(from: i64, to: i64) -> Result<BudgetGrowth> {
    DefenceBudget::new().growth(from, to)
}
