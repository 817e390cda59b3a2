//! Defence: Japan's defence budget in yen, in dollars and in real terms (the same budget grows
//! at different rates in the two currencies), military spending as a share of GDP and compared
//! with allies (SIPRI), US troops in Japan over time, and host-nation support per US service
//! member.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::analysis::money::span;
use crate::analysis::series::{cagr, percent_change};
use crate::analysis::table::{TableBuilder, floats, ints, texts};
use crate::analysis::{Deflator, DeflatorSeries, ExchangeRates, Table, Vintage};
use crate::data::{Provenance, load};
use crate::{Error, Result};

const BUDGET: &str = "japan_defense_budget";
const SIPRI: &str = "sipri_milex";
const TROOPS: &str = "us_troops_in_japan";
const HNS: &str = "japan_host_nation_support";

/// Which total of Japan's defence budget (Ministry of Defense, initial budget, fiscal year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BudgetMeasure {
    /// Defence-related expenditure excluding SACO-related costs and the US-forces-realignment
    /// (local-burden-reduction) portion: the series comparable across the years (the default).
    #[default]
    ExclSacoRealignment,
    /// Including SACO-related and realignment costs.
    InclSacoRealignment,
}

impl BudgetMeasure {
    /// The id in the dataset's `measure` column.
    pub fn id(self) -> &'static str {
        match self {
            BudgetMeasure::ExclSacoRealignment => "excl_saco_realignment",
            BudgetMeasure::InclSacoRealignment => "incl_saco_realignment",
        }
    }
}

/// Fiscal year → (JPY billions, vintage).
type BudgetByYear = BTreeMap<i64, (f64, String)>;

/// Measure → (vintage, value) of one country in one year.
type MeasuresOf = BTreeMap<String, (String, Option<f64>)>;

/// (report date, basis) → (year, total row, sum of the services).
type ReportTotals = BTreeMap<(String, String), (i64, Option<i64>, Option<i64>)>;

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

/// One way of measuring a budget change between two fiscal years.
#[derive(Debug, Clone, PartialEq)]
pub struct BudgetChange {
    /// "nominal yen", "nominal dollars", "real yen", "real dollars".
    pub basis: String,
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
    /// Yen per dollar in the first and last year (calendar-year averages).
    pub jpy_per_usd: (f64, f64),
    /// The changes: nominal yen, nominal dollars, and real yen / real dollars when the deflators
    /// cover both years.
    pub changes: Vec<BudgetChange>,
    /// Vintages, base years, why a basis is missing.
    pub notes: Vec<String>,
    /// The provenance.
    pub provenance: Provenance,
}

impl BudgetGrowth {
    /// The change on a basis ("nominal yen", "nominal dollars", "real yen", "real dollars").
    pub fn basis(&self, basis: &str) -> Result<&BudgetChange> {
        self.changes
            .iter()
            .find(|c| c.basis == basis)
            .ok_or_else(|| {
                Error::not_found(
                    "basis of budget growth",
                    basis,
                    self.changes.iter().map(|c| c.basis.clone()),
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
            self.changes.iter().map(|c| Some(c.basis.clone())).collect(),
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
                c.basis, c.from_value, c.to_value, c.unit, c.change_pct, c.cagr_pct
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

    fn budget(&self) -> Result<(BudgetByYear, Provenance)> {
        let d = load(BUDGET)?;
        let f = d.frame();
        let years = ints(f, BUDGET, "fiscal_year")?;
        let measures = texts(f, BUDGET, "measure")?;
        let values = floats(f, BUDGET, "value")?;
        let vintages = texts(f, BUDGET, "vintage")?;
        let all_measures: BTreeSet<String> = measures.iter().flatten().cloned().collect();
        if !all_measures.contains(self.measure.id()) {
            return Err(Error::not_found(
                format!("measure in {BUDGET}"),
                self.measure.id(),
                all_measures,
            ));
        }
        let all_vintages: BTreeSet<String> = vintages.iter().flatten().cloned().collect();
        self.vintage.check(BUDGET, &all_vintages)?;
        let mut by: BTreeMap<i64, Vec<(String, f64)>> = BTreeMap::new();
        for i in 0..f.height() {
            if measures[i].as_deref() != Some(self.measure.id()) {
                continue;
            }
            if let (Some(y), Some(x), Some(v)) = (years[i], values[i], &vintages[i]) {
                by.entry(y).or_default().push((v.clone(), x));
            }
        }
        let out = by
            .into_iter()
            .filter_map(|(y, rows)| {
                let v = self.vintage.choose(rows.iter().map(|r| r.0.as_str()))?;
                Some((y, (rows.iter().find(|r| r.0 == v)?.1, v)))
            })
            .collect();
        Ok((out, d.provenance()))
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
        let fx = ExchangeRates::load()?;
        provenance = provenance.merge(fx.provenance());
        let years: Vec<i64> = budget.keys().copied().collect();
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
        // constant-dollar series (through 2024), said in the notes.
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
        let yen: Vec<Option<f64>> = years.iter().map(|y| Some(budget[y].0)).collect();
        let rate: Vec<Option<f64>> = years.iter().map(|y| fx.jpy_per_usd(*y).ok()).collect();
        let usd: Vec<Option<f64>> = yen
            .iter()
            .zip(&rate)
            .map(|(j, r)| Some(j.as_ref()? / r.as_ref()?))
            .collect();
        let real_jpy: Vec<Option<f64>> = years
            .iter()
            .zip(&yen)
            .map(|(y, j)| jp.as_ref()?.real((*j)?, *y).ok())
            .collect();
        let real_usd: Vec<Option<f64>> = years
            .iter()
            .zip(&usd)
            .map(|(y, u)| us.as_ref()?.real((*u)?, *y).ok())
            .collect();
        let real_jpy_unit = jp
            .as_ref()
            .map(|d| d.unit("JPY billions"))
            .unwrap_or_else(|| "JPY billions, real (not computed)".into());
        let real_usd_unit = us
            .as_ref()
            .map(|d| d.unit("USD billions"))
            .unwrap_or_else(|| "USD billions, real (not computed)".into());
        let mut t = TableBuilder::new(format!("Japan defence budget ({})", self.measure.id()))
            .int(
                "fiscal_year",
                "Japanese fiscal year (April–March)",
                years.iter().map(|y| Some(*y)).collect(),
            )
            .float("budget_jpy_bn", "JPY billions, nominal", yen)
            .float("jpy_per_usd", "JPY per USD, calendar-year average", rate)
            .float("budget_usd_bn", "USD billions, nominal", usd)
            .float("budget_real_jpy_bn", real_jpy_unit, real_jpy)
            .float("budget_real_usd_bn", real_usd_unit, real_usd)
            .text(
                "vintage",
                "release of the budget figure",
                years.iter().map(|y| Some(budget[y].1.clone())).collect(),
            );
        for n in notes {
            t = t.note(n);
        }
        t.build(provenance)
    }

    /// Growth between fiscal years `from` and `to`, nominal and real, in yen and in dollars.
    pub fn growth(&self, from: i64, to: i64) -> Result<BudgetGrowth> {
        if from >= to {
            return Err(Error::argument(
                "defence_budget_growth",
                format!("`from` ({from}) must be before `to` ({to})"),
            ));
        }
        let t = self.table()?;
        let years: BTreeSet<i64> = t.ints("fiscal_year")?.into_iter().flatten().collect();
        for y in [from, to] {
            if !years.contains(&y) {
                return Err(Error::not_found(
                    format!("fiscal year in {BUDGET} ({})", self.measure.id()),
                    y.to_string(),
                    span(years.iter()),
                ));
            }
        }
        let n = (to - from) as f64;
        let mut changes = Vec::new();
        let mut notes: Vec<String> = t.notes().to_vec();
        for (basis, col) in [
            ("nominal yen", "budget_jpy_bn"),
            ("nominal dollars", "budget_usd_bn"),
            ("real yen", "budget_real_jpy_bn"),
            ("real dollars", "budget_real_usd_bn"),
        ] {
            match (
                t.value_at("fiscal_year", from, col),
                t.value_at("fiscal_year", to, col),
            ) {
                (Ok(a), Ok(b)) => changes.push(BudgetChange {
                    basis: basis.to_string(),
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
        let fx = ExchangeRates::load()?;
        Ok(BudgetGrowth {
            from,
            to,
            measure: self.measure,
            jpy_per_usd: (fx.jpy_per_usd(from)?, fx.jpy_per_usd(to)?),
            changes,
            notes,
            provenance: t.provenance().clone(),
        })
    }
}

/// Japan's defence budget, every fiscal year, with the defaults of [`DefenceBudget`].
///
/// ```
/// use tradedef::prelude::*;
/// if let Ok(t) = defence_budget() {
///     assert!(t.columns().contains(&"budget_usd_bn".to_string()));
/// }
/// ```
pub fn defence_budget() -> Result<Table> {
    DefenceBudget::new().table()
}

/// Growth of Japan's defence budget between two fiscal years in nominal yen, nominal dollars,
/// real yen and real dollars (defaults of [`DefenceBudget`]).
///
/// ```
/// use tradedef::prelude::*;
/// if let Ok(g) = defence_budget_growth(2015, 2025) {
///     let yen = g.basis("nominal yen")?;
///     assert!(yen.change_pct > 0.0);
///     println!("{g}");
/// }
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn defence_budget_growth(from: i64, to: i64) -> Result<BudgetGrowth> {
    DefenceBudget::new().growth(from, to)
}

/// SIPRI military expenditure as a share of GDP for a country, every year: `year`,
/// `share_of_gdp_pct`, `vintage`. The country is SIPRI's name or any word the partner registry
/// resolves; errors list the closest names.
///
/// ```
/// use tradedef::prelude::*;
/// let t = defence_share_of_gdp("Japan")?;
/// assert!(t.value_at("year", 2020, "share_of_gdp_pct")? > 0.5);
/// let korea = defence_share_of_gdp("South Korea")?;
/// assert!(korea.name().starts_with("Korea, South"));
/// assert!(defence_share_of_gdp("Atlantis").unwrap_err().to_string().contains("Atlantis"));
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn defence_share_of_gdp(country: &str) -> Result<Table> {
    let d = load(SIPRI)?;
    let f = d.frame();
    let countries = texts(f, SIPRI, "country")?;
    let years = ints(f, SIPRI, "year")?;
    let measures = texts(f, SIPRI, "measure")?;
    let values = floats(f, SIPRI, "value")?;
    let vintages = texts(f, SIPRI, "vintage")?;
    let name = crate::analysis::milex::sipri_country(country)?;
    let mut by: BTreeMap<i64, Vec<(String, Option<f64>)>> = BTreeMap::new();
    for i in 0..f.height() {
        if countries[i].as_deref() == Some(name.as_str())
            && measures[i].as_deref() == Some("share_of_gdp_pct")
            && let (Some(y), Some(v)) = (years[i], &vintages[i])
        {
            by.entry(y).or_default().push((v.clone(), values[i]));
        }
    }
    let rows: Vec<(i64, Option<f64>, String)> = by
        .into_iter()
        .filter_map(|(y, r)| {
            let v = Vintage::LatestCovering.choose(r.iter().map(|x| x.0.as_str()))?;
            Some((y, r.iter().find(|x| x.0 == v)?.1, v))
        })
        .collect();
    TableBuilder::new(format!("{name}: military expenditure as a share of GDP"))
        .int(
            "year",
            "calendar year",
            rows.iter().map(|r| Some(r.0)).collect(),
        )
        .float(
            "share_of_gdp_pct",
            "percent of GDP (SIPRI)",
            rows.iter().map(|r| r.1).collect(),
        )
        .text(
            "vintage",
            "release",
            rows.iter().map(|r| Some(r.2.clone())).collect(),
        )
        .build(d.provenance())
}

/// Every country in `sipri_milex` in one year: `country`, `current_usd_mn`, `constant_usd_mn`,
/// `share_of_gdp_pct`, `share_of_govt_spending_pct` (empty where SIPRI has no figure), sorted by
/// current dollars, largest first.
///
/// ```
/// use tradedef::prelude::*;
/// let t = military_spending_comparison(2023)?;
/// assert!(t.value_where("country", "Japan", "share_of_gdp_pct")? > 0.5);
/// assert!(military_spending_comparison(1800).is_err());
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn military_spending_comparison(year: i64) -> Result<Table> {
    let d = load(SIPRI)?;
    let f = d.frame();
    let countries = texts(f, SIPRI, "country")?;
    let years = ints(f, SIPRI, "year")?;
    let measures = texts(f, SIPRI, "measure")?;
    let values = floats(f, SIPRI, "value")?;
    let units = texts(f, SIPRI, "unit")?;
    let vintages = texts(f, SIPRI, "vintage")?;
    // Countries only: SIPRI's regional and world totals (and the EU) are not countries.
    let kinds = texts(f, SIPRI, "kind").ok();
    let is_country = |i: usize| {
        kinds
            .as_ref()
            .is_none_or(|k| k[i].as_deref() == Some("country"))
    };
    let mut by: BTreeMap<String, MeasuresOf> = BTreeMap::new();
    let mut unit_of: BTreeMap<String, String> = BTreeMap::new();
    for i in 0..f.height() {
        if years[i] != Some(year) || !is_country(i) {
            continue;
        }
        let (Some(c), Some(m), Some(v)) = (&countries[i], &measures[i], &vintages[i]) else {
            continue;
        };
        let e = by.entry(c.clone()).or_default();
        let newer = e.get(m).is_none_or(|old| {
            crate::analysis::vintage::order_key(v) > crate::analysis::vintage::order_key(&old.0)
        });
        if newer {
            e.insert(m.clone(), (v.clone(), values[i]));
        }
        if let Some(u) = &units[i] {
            unit_of.insert(m.clone(), u.clone());
        }
    }
    if by.is_empty() {
        let ys: BTreeSet<i64> = years.iter().flatten().copied().collect();
        return Err(Error::not_found(
            format!("year in {SIPRI}"),
            year.to_string(),
            span(ys.iter()),
        ));
    }
    let mut rows: Vec<(&String, &MeasuresOf)> = by.iter().collect();
    let get = |m: &MeasuresOf, k: &str| m.get(k).and_then(|x| x.1);
    rows.sort_by(|a, b| {
        get(b.1, "current_usd_millions")
            .unwrap_or(f64::MIN)
            .total_cmp(&get(a.1, "current_usd_millions").unwrap_or(f64::MIN))
    });
    let col = |k: &str| rows.iter().map(|r| get(r.1, k)).collect::<Vec<_>>();
    let unit = |k: &str, fallback: &str| {
        unit_of
            .get(k)
            .cloned()
            .unwrap_or_else(|| fallback.to_string())
    };
    TableBuilder::new(format!("Military expenditure, {year} (SIPRI)"))
        .text(
            "country",
            "country",
            rows.iter().map(|r| Some(r.0.clone())).collect(),
        )
        .float(
            "current_usd_mn",
            unit("current_usd_millions", "USD millions (current)"),
            col("current_usd_millions"),
        )
        .float(
            "constant_usd_mn",
            unit("constant_usd_millions", "USD millions (constant)"),
            col("constant_usd_millions"),
        )
        .float(
            "share_of_gdp_pct",
            "percent of GDP",
            col("share_of_gdp_pct"),
        )
        .float(
            "share_of_govt_spending_pct",
            "percent of government spending",
            col("share_of_govt_spending_pct"),
        )
        .build(d.provenance())
}

/// A report's total personnel, by report date.
struct TroopReport {
    date: String,
    year: i64,
    personnel: i64,
    basis: String,
    summed: bool,
}

fn troop_reports() -> Result<(Vec<TroopReport>, Provenance)> {
    let d = load(TROOPS)?;
    let f = d.frame();
    let dates = texts(f, TROOPS, "report_date")?;
    let years = ints(f, TROOPS, "year")?;
    let services = texts(f, TROOPS, "service")?;
    let people = ints(f, TROOPS, "personnel")?;
    let bases = texts(f, TROOPS, "basis")?;
    // (date, basis) → (year, total row, sum of services)
    let mut by: ReportTotals = BTreeMap::new();
    for i in 0..f.height() {
        let (Some(dt), Some(y), Some(s)) = (&dates[i], years[i], &services[i]) else {
            continue;
        };
        let e = by
            .entry((dt.clone(), bases[i].clone().unwrap_or_default()))
            .or_insert((y, None, Some(0)));
        if s == "total" {
            e.1 = people[i];
        } else {
            e.2 = match (e.2, people[i]) {
                (Some(a), Some(b)) => Some(a + b),
                _ => None,
            };
        }
    }
    let reports = by
        .into_iter()
        .filter_map(|((date, basis), (year, total, sum))| {
            let (personnel, summed) = match (total, sum) {
                (Some(t), _) => (t, false),
                (None, Some(s)) if s > 0 => (s, true),
                _ => return None,
            };
            Some(TroopReport {
                date,
                year,
                personnel,
                basis,
                summed,
            })
        })
        .collect();
    Ok((reports, d.provenance()))
}

/// US military personnel in Japan, one row per year (the year's latest report): `year`,
/// `report_date`, `personnel`, `basis`. Where reports use several bases, the basis with the
/// most reports is used. `personnel` is the report's `total` row, or the sum of the services
/// where a report has no total (noted).
///
/// ```
/// use tradedef::prelude::*;
/// if let Ok(t) = troops_in_japan() {
///     assert!(t.unit("personnel").unwrap().contains("persons"));
/// }
/// ```
pub fn troops_in_japan() -> Result<Table> {
    let (reports, provenance) = troop_reports()?;
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &reports {
        *count.entry(r.basis.as_str()).or_default() += 1;
    }
    let basis = count
        .iter()
        .max_by_key(|(_, n)| **n)
        .map(|(b, _)| b.to_string())
        .unwrap_or_default();
    let mut latest: BTreeMap<i64, &TroopReport> = BTreeMap::new();
    for r in reports.iter().filter(|r| r.basis == basis) {
        if latest.get(&r.year).is_none_or(|old| r.date > old.date) {
            latest.insert(r.year, r);
        }
    }
    let rows: Vec<&TroopReport> = latest.values().copied().collect();
    let summed: Vec<String> = rows
        .iter()
        .filter(|r| r.summed)
        .map(|r| r.date.clone())
        .collect();
    let mut t = TableBuilder::new("US military personnel in Japan")
        .int(
            "year",
            "calendar year",
            rows.iter().map(|r| Some(r.year)).collect(),
        )
        .text(
            "report_date",
            "date of the DMDC report (the year's latest)",
            rows.iter().map(|r| Some(r.date.clone())).collect(),
        )
        .int(
            "personnel",
            "persons",
            rows.iter().map(|r| Some(r.personnel)).collect(),
        )
        .text(
            "basis",
            "who is counted",
            rows.iter().map(|r| Some(r.basis.clone())).collect(),
        )
        .note(format!(
            "basis used: `{basis}` (the basis with the most reports)"
        ));
    if !summed.is_empty() {
        t = t.note(format!(
            "no total row; sum of services used for {}",
            summed.join(", ")
        ));
    }
    t.build(provenance)
}

/// Options for host-nation support per US service member in Japan.
///
/// Defaults: the measure of `japan_host_nation_support` with a yen figure for the fiscal year,
/// preferring `hns_budget`, then the annual average of a Special Measures Agreement, then the
/// budget request (multi-year totals are never used by default); troops = the latest DMDC report of the same calendar year (see
/// [`troops_in_japan`]); dollars at the calendar-year average rate of that year.
///
/// ```
/// use tradedef::prelude::*;
/// if let Ok(h) = HostNationSupport::new(2022).run() {
///     assert!(h.per_member_usd > 0.0);
/// }
/// ```
#[derive(Debug, Clone)]
pub struct HostNationSupport {
    fiscal_year: i64,
    measure: Option<String>,
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
    /// Yen per dollar used (calendar-year average).
    pub jpy_per_usd: f64,
    /// US service members counted, and the report date.
    pub personnel: (i64, String),
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
        }
    }

    /// Which measure of the dataset. By default `hns_budget` or the nearest annual measure.
    pub fn measure(mut self, measure: impl Into<String>) -> Self {
        self.measure = Some(measure.into());
        self
    }

    /// Computes the figure.
    pub fn run(&self) -> Result<HostNationSupportPerMember> {
        let d = load(HNS)?;
        let f = d.frame();
        let years = ints(f, HNS, "fiscal_year")?;
        let measures = texts(f, HNS, "measure")?;
        let values = floats(f, HNS, "value")?;
        let units = texts(f, HNS, "unit")?;
        let vintages = texts(f, HNS, "vintage")?;
        let yen_rows: Vec<usize> = (0..f.height())
            .filter(|&i| {
                years[i] == Some(self.fiscal_year)
                    && units[i].as_deref() == Some("JPY billions")
                    && values[i].is_some()
            })
            .collect();
        let available: BTreeSet<String> = yen_rows
            .iter()
            .filter_map(|&i| measures[i].clone())
            .collect();
        let measure = match &self.measure {
            Some(m) if available.contains(m) => m.clone(),
            Some(m) => {
                return Err(Error::not_found(
                    format!("measure in {HNS} (JPY, FY{})", self.fiscal_year),
                    m,
                    available,
                ));
            }
            None => default_measure(&available).ok_or_else(|| {
                let ys: BTreeSet<i64> = years.iter().flatten().copied().collect();
                Error::not_found(
                    format!("fiscal year with a yen figure in {HNS}"),
                    self.fiscal_year.to_string(),
                    ys,
                )
            })?,
        };
        let rows: Vec<usize> = yen_rows
            .into_iter()
            .filter(|&i| measures[i].as_deref() == Some(measure.as_str()))
            .collect();
        let v = Vintage::LatestCovering
            .choose(rows.iter().filter_map(|&i| vintages[i].as_deref()))
            .unwrap_or_default();
        let yen = rows
            .iter()
            .find(|&&i| vintages[i].as_deref() == Some(v.as_str()))
            .and_then(|&i| values[i])
            .unwrap_or_default();
        let troops = troops_in_japan()?;
        let personnel = troops.value_at("year", self.fiscal_year, "personnel")?;
        if personnel <= 0.0 {
            return Err(Error::argument(
                "host-nation support per member",
                format!("no personnel counted in {}", self.fiscal_year),
            ));
        }
        let date = troops
            .ints("year")?
            .iter()
            .position(|y| *y == Some(self.fiscal_year))
            .and_then(|i| troops.texts("report_date").ok()?.get(i).cloned().flatten())
            .unwrap_or_default();
        let fx = ExchangeRates::load()?;
        let rate = fx.jpy_per_usd(self.fiscal_year)?;
        let per_member_jpy = yen * 1e9 / personnel;
        Ok(HostNationSupportPerMember {
            fiscal_year: self.fiscal_year,
            measure,
            support_jpy_bn: yen,
            jpy_per_usd: rate,
            personnel: (personnel as i64, date),
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
/// if let Ok(h) = host_nation_support_per_service_member(2022) {
///     assert!((h.per_member_jpy / h.jpy_per_usd - h.per_member_usd).abs() < 1e-6);
/// }
/// ```
pub fn host_nation_support_per_service_member(
    fiscal_year: i64,
) -> Result<HostNationSupportPerMember> {
    HostNationSupport::new(fiscal_year).run()
}
