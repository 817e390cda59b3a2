//! US trade with the world, from `pipeline/output/trade_national.json` of the project
//! `corbett-hobbs/congress-ideology`: a JSON array of rows `period, frequency, basis, scope,
//! adjustment, exports, imports, balance` in USD millions, built by the project from Census and
//! BEA tables — balance-of-payments (`bop`) goods, services and goods and services, annual; and
//! Census-basis goods (World), monthly not seasonally adjusted (`nsa`) and adjusted (`sa`), and
//! annual `nsa`.
//!
//! Produces the annual rows of `us_trade_totals` for every **complete** year: each `bop` scope
//! and the `census` goods, exports, imports and balance, in USD billions. Converting from
//! millions is the only change, done exactly by moving the decimal point (414083 → 414.083). A
//! year whose Census monthly rows are fewer than twelve (the year to date at the end of the file)
//! is not written as a year: the summary's notes say which year and which months it holds.
//! Monthly rows are read to find the vintage (`census-bea-YYYY-MM`, the latest month) and to check
//! each written Census-basis year against the sum of its months. A `null` becomes an empty value
//! with the reason in `missing`.
//!
//! Checks that fail the import, naming the file, entry, field and value: an unknown frequency,
//! basis, scope or adjustment, a period that does not match its frequency, a repeated row,
//! exports − imports differing from the balance by more than the rounding of three whole-million
//! figures (1.5), and a Census year differing from its twelve months by more than their rounding.

use crate::data::ids;
use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Number;

use super::figure::millions_as_billions;
use super::json_rows::{self, Row};
use super::merge::{Output, SourceTemplate};
use crate::{Error, Location, Result};

/// Columns of `us_trade_totals`.
const COLUMNS: &[&str] = &[
    "year", "basis", "measure", "flow", "value", "unit", "vintage", "source", "missing", "note",
];
const UNIT: &str = "USD billions";
const FLOWS: [&str; 3] = ["exports", "imports", "balance"];
/// Rounding accepted between exports − imports and the balance (three whole-million figures).
const BALANCE_TOLERANCE: f64 = 1.5;
/// Rounding accepted between a Census year and the sum of its twelve months (thirteen figures
/// rounded to 0.1 million).
const MONTHS_TOLERANCE: f64 = 0.65;
const WHAT: &str = "trade_national.json of corbett-hobbs/congress-ideology";

const SOURCE: SourceTemplate = SourceTemplate {
    producer: "U.S. Census Bureau and U.S. Bureau of Economic Analysis",
    table: "U.S. trade in goods and services, annual: balance-of-payments basis goods, services and goods and services; Census-basis goods (World, NSA), as compiled in trade_national.json",
    url: "https://www.census.gov/foreign-trade/statistics/historical/index.html",
};

/// The dataset's `measure` for the file's `scope`.
fn measure(scope: &str) -> Option<&'static str> {
    match scope {
        "goods" => Some("goods"),
        "services" => Some("services"),
        "goods_services" => Some("goods_and_services"),
        _ => None,
    }
}

/// The `note` written on the rows of a basis.
fn note(basis: &str) -> &'static str {
    if basis == "bop" {
        "balance-of-payments basis (FT-900 annual); USD millions / 1000"
    } else {
        "World (CTY_CODE 0015), NSA; exports = total exports F.A.S., imports = general imports customs value; USD millions / 1000"
    }
}

/// What makes a row unique: annual or not, year, month, basis, scope, adjustment.
type RowKey = (
    bool,
    i64,
    Option<u32>,
    &'static str,
    &'static str,
    &'static str,
);

/// One row of the file, checked.
struct Entry<'a> {
    row: Row<'a>,
    annual: bool,
    year: i64,
    month: Option<u32>,
    basis: &'static str,
    scope: &'static str,
    adjustment: &'static str,
    flows: [Option<&'a Number>; 3],
}

fn one_of(row: &Row, field: &str, allowed: &[&'static str]) -> Result<&'static str> {
    let text = row.text(field)?;
    allowed.iter().copied().find(|a| *a == text).ok_or_else(|| {
        Error::invalid(
            row.at(field),
            format!("expected one of {}", allowed.join(", ")),
        )
    })
}

/// `YYYY` (annual) or `YYYY-MM` (monthly) as year and month.
fn period(row: &Row, annual: bool) -> Result<(i64, Option<u32>)> {
    let text = row.text("period")?;
    let bad = || {
        Error::invalid(
            row.at("period"),
            if annual {
                "expected YYYY for an annual row"
            } else {
                "expected YYYY-MM for a monthly row"
            },
        )
    };
    let (y, m) = match (annual, text.split_once('-')) {
        (true, None) => (text, None),
        (false, Some((y, m))) => (y, Some(m)),
        _ => return Err(bad()),
    };
    let year: i64 = y
        .parse()
        .ok()
        .filter(|year| (1900..=2100).contains(year) && y.len() == 4)
        .ok_or_else(bad)?;
    let month = match m {
        None => None,
        Some(m) => Some(
            m.parse::<u32>()
                .ok()
                .filter(|n| (1..=12).contains(n) && m.len() == 2)
                .ok_or_else(bad)?,
        ),
    };
    Ok((year, month))
}

fn entry<'a>(row: Row<'a>) -> Result<Entry<'a>> {
    let annual = one_of(&row, "frequency", &["annual", "monthly"])? == "annual";
    let (year, month) = period(&row, annual)?;
    let basis = one_of(&row, "basis", &["bop", "census"])?;
    let scope = one_of(&row, "scope", &["goods", "services", "goods_services"])?;
    if basis == "census" && scope != "goods" {
        return Err(Error::invalid(
            row.at("scope"),
            "the Census basis covers goods only",
        ));
    }
    let adjustment = one_of(&row, "adjustment", &["nsa", "sa"])?;
    let flows = [
        row.number(FLOWS[0])?,
        row.number(FLOWS[1])?,
        row.number(FLOWS[2])?,
    ];
    if let [Some(x), Some(m), Some(b)] = flows.map(|f| f.and_then(Number::as_f64)) {
        let gap = x - m - b;
        if gap.abs() > BALANCE_TOLERANCE + 1e-9 {
            return Err(Error::invalid(
                row.at("balance"),
                format!(
                    "exports - imports = {:.1} but the balance is {b}: the {:.1} gap exceeds rounding",
                    x - m,
                    gap.abs()
                ),
            ));
        }
    }
    Ok(Entry {
        row,
        annual,
        year,
        month,
        basis,
        scope,
        adjustment,
        flows,
    })
}

/// The figure of a flow as a value cell (USD billions) and a missing reason.
fn cell(e: &Entry, i: usize) -> Result<(String, String)> {
    match e.flows[i] {
        None => Ok((String::new(), "no figure in the file (null)".to_string())),
        Some(n) => {
            let text = n.to_string();
            let value = millions_as_billions(&text).ok_or_else(|| {
                Error::invalid(
                    e.row.at(FLOWS[i]),
                    "expected a plain decimal number of USD millions",
                )
            })?;
            Ok((value, String::new()))
        }
    }
}

/// Reads `trade_national.json` and returns the vintage, the rows of `us_trade_totals` and notes
/// (the partial year left out).
pub(crate) fn read(
    file: &Path,
    vintage: Option<&str>,
) -> Result<(String, Vec<Output>, Vec<String>)> {
    let json = json_rows::read(file, WHAT)?;
    let entries = json.rows().map(entry).collect::<Result<Vec<_>>>()?;
    let mut seen: BTreeMap<RowKey, usize> = BTreeMap::new();
    for e in &entries {
        let key = (e.annual, e.year, e.month, e.basis, e.scope, e.adjustment);
        if let Some(first) = seen.insert(key, e.row.entry) {
            return Err(Error::invalid(
                e.row.at("period"),
                format!("the same row was already given in entry {first}"),
            ));
        }
    }
    // Census-basis months (NSA) of each year, and the latest month of any series
    let mut months: BTreeMap<i64, Vec<&Entry>> = BTreeMap::new();
    for e in entries
        .iter()
        .filter(|e| !e.annual && e.adjustment == "nsa")
    {
        months.entry(e.year).or_default().push(e);
    }
    let latest = entries
        .iter()
        .filter_map(|e| Some((e.year, e.month?)))
        .max()
        .ok_or_else(|| {
            Error::invalid(
                Location::file(&json.file),
                format!("no monthly rows: cannot tell the vintage of {WHAT}"),
            )
        })?;
    let vintage = vintage.map_or_else(
        || format!("census-bea-{}-{:02}", latest.0, latest.1),
        str::to_string,
    );

    let mut rows = Vec::new();
    let mut notes = Vec::new();
    for e in entries.iter().filter(|e| e.annual) {
        let held = months.get(&e.year).map_or(0, Vec::len);
        if (1..12).contains(&held) {
            if e.basis == "census" {
                notes.push(format!(
                    "{}: the file's annual Census-basis row holds January to {} only ({held} months, year to date); not written as a year",
                    e.year,
                    super::month_name(u32::try_from(held).unwrap_or(0))
                ));
            } else {
                notes.push(format!(
                    "{}: the {} {} row is left out with the year to date",
                    e.year, e.basis, e.scope
                ));
            }
            continue;
        }
        if e.basis == "census" && held == 12 {
            check_months(e, &months[&e.year])?;
        }
        let measure = measure(e.scope).unwrap_or(e.scope);
        for (i, flow) in FLOWS.iter().enumerate() {
            let (value, missing) = cell(e, i)?;
            rows.push(vec![
                e.year.to_string(),
                e.basis.to_string(),
                measure.to_string(),
                flow.to_string(),
                value,
                UNIT.to_string(),
                vintage.clone(),
                vintage.clone(),
                missing,
                note(e.basis).to_string(),
            ]);
        }
    }
    if rows.is_empty() {
        return Err(Error::invalid(
            Location::file(&json.file),
            format!("no annual row of a complete year in {WHAT}"),
        ));
    }
    Ok((
        vintage,
        vec![Output {
            id: ids::US_TRADE_TOTALS,
            columns: COLUMNS,
            rows,
            year_column: "year",
            source: SOURCE,
        }],
        notes,
    ))
}

/// A Census-basis year equals the sum of its twelve months, within their rounding.
fn check_months(year: &Entry, months: &[&Entry]) -> Result<()> {
    for (i, flow) in FLOWS.iter().enumerate() {
        let Some(annual) = year.flows[i].and_then(Number::as_f64) else {
            continue;
        };
        let values: Vec<f64> = months
            .iter()
            .filter_map(|m| m.flows[i].and_then(Number::as_f64))
            .collect();
        if values.len() < 12 {
            continue;
        }
        let sum: f64 = values.iter().sum();
        if (sum - annual).abs() > MONTHS_TOLERANCE + 1e-9 {
            return Err(Error::invalid(
                year.row.at(flow),
                format!(
                    "the twelve monthly {flow} of {} sum to {sum:.1}, not {annual}: more than rounding apart",
                    year.year
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fixture file in a folder of its own, removed when dropped.
    struct Fixture(std::path::PathBuf);

    impl std::ops::Deref for Fixture {
        type Target = Path;
        fn deref(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for Fixture {
        fn drop(&mut self) {
            if let Some(dir) = self.0.parent() {
                let _ = std::fs::remove_dir_all(dir);
            }
        }
    }

    fn write(name: &str, json: &str) -> Fixture {
        let dir = std::env::temp_dir().join(format!(
            "tradedef-census-national-{}-{name}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("trade_national.json");
        std::fs::write(&file, json).unwrap();
        Fixture(file)
    }

    fn row(
        period: &str,
        freq: &str,
        basis: &str,
        scope: &str,
        adj: &str,
        x: f64,
        m: f64,
    ) -> String {
        format!(
            r#"{{"period":"{period}","frequency":"{freq}","basis":"{basis}","scope":"{scope}","adjustment":"{adj}","exports":{x},"imports":{m},"balance":{}}}"#,
            x - m
        )
    }

    /// 2024 complete (12 months summing to the year), 2025 with two months.
    fn fixture(extra: &[String]) -> String {
        let mut rows = vec![
            row("2024", "annual", "bop", "goods", "nsa", 2000.0, 3000.0),
            row(
                "2024",
                "annual",
                "bop",
                "goods_services",
                "nsa",
                3000.0,
                4000.0,
            ),
            row("2024", "annual", "census", "goods", "nsa", 1200.0, 2400.0),
            row("2025", "annual", "census", "goods", "nsa", 200.0, 400.0),
        ];
        for m in 1..=12 {
            rows.push(row(
                &format!("2024-{m:02}"),
                "monthly",
                "census",
                "goods",
                "nsa",
                100.0,
                200.0,
            ));
        }
        for m in 1..=2 {
            rows.push(row(
                &format!("2025-{m:02}"),
                "monthly",
                "census",
                "goods",
                "nsa",
                100.0,
                200.0,
            ));
        }
        rows.extend(extra.iter().cloned());
        format!("[{}]", rows.join(",\n"))
    }

    #[test]
    fn complete_years_in_billions_and_the_partial_year_left_out() {
        let file = write("ok", &fixture(&[]));
        let (vintage, out, notes) = read(&file, None).unwrap();
        assert_eq!(vintage, "census-bea-2025-02");
        let rows = &out[0].rows;
        assert_eq!(
            rows.len(),
            9,
            "three 2024 rows of three flows; 2025 left out"
        );
        assert!(rows.iter().all(|r| r[0] == "2024"));
        let gs = rows
            .iter()
            .find(|r| r[2] == "goods_and_services" && r[3] == "balance")
            .unwrap();
        assert_eq!((gs[4].as_str(), gs[1].as_str()), ("-1.0", "bop"));
        let census = rows
            .iter()
            .find(|r| r[1] == "census" && r[3] == "imports")
            .unwrap();
        assert_eq!(census[4], "2.4");
        assert!(notes[0].starts_with("2025: ") && notes[0].contains("February only (2 months"));
    }

    #[test]
    fn bad_rows_are_named() {
        let err = |extra: String| {
            let file = write("bad", &fixture(&[extra]));
            read(&file, None)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        let e = err(row("2023", "annual", "bop", "tariffs", "nsa", 1.0, 1.0));
        assert!(
            e.contains("row 19, column `scope`, value `\"tariffs\"`"),
            "{e}"
        );
        let e = err(row(
            "2023-13", "monthly", "census", "goods", "nsa", 1.0, 1.0,
        ));
        assert!(
            e.contains("column `period`") && e.contains("YYYY-MM"),
            "{e}"
        );
        let e = err(row("2024", "annual", "bop", "goods", "nsa", 1.0, 1.0));
        assert!(e.contains("already given in entry 1"), "{e}");
        let e = err(
            r#"{"period":"2023","frequency":"annual","basis":"bop","scope":"goods","adjustment":"nsa","exports":10,"imports":5,"balance":1}"#
                .into(),
        );
        assert!(
            e.contains("column `balance`") && e.contains("exceeds rounding"),
            "{e}"
        );
        let e = err(
            r#"{"period":"2023","frequency":"annual","basis":"bop","scope":"goods","adjustment":"nsa","exports":"ten","imports":5,"balance":1}"#
                .into(),
        );
        assert!(
            e.contains("column `exports`") && e.contains("number or null"),
            "{e}"
        );
    }

    #[test]
    fn a_year_that_is_not_its_months_fails() {
        let text = fixture(&[]).replace(
            r#""period":"2024","frequency":"annual","basis":"census","scope":"goods","adjustment":"nsa","exports":1200,"imports":2400,"balance":-1200"#,
            r#""period":"2024","frequency":"annual","basis":"census","scope":"goods","adjustment":"nsa","exports":1201,"imports":2400,"balance":-1199"#,
        );
        let file = write("months", &text);
        let e = read(&file, None)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            e.contains("twelve monthly exports of 2024 sum to 1200.0, not 1201"),
            "{e}"
        );
    }
}
