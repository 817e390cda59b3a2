//! US military personnel in Japan by year (DMDC reports).

use std::collections::BTreeMap;

use crate::Result;
use crate::analysis::Table;
use crate::analysis::table::{TableBuilder, ints, texts};
use crate::data::{Provenance, load};

const TROOPS: &str = "us_troops_in_japan";

/// (report date, basis) → (year, total row, sum of the services).
type ReportTotals = BTreeMap<(String, String), (i64, Option<i64>, Option<i64>)>;

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
/// let t = troops_in_japan()?;
/// assert!(t.unit("personnel").is_some_and(|u| u.contains("persons")));
/// assert!(t.value_at("year", 2020, "personnel")? > 40_000.0);
/// # Ok::<(), tradedef::Error>(())
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
