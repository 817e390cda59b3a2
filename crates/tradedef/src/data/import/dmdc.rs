//! DMDC "Military and Civilian Personnel by Service/Agency by State/Country" quarterly reports as
//! compiled in one CSV (the troopdata rebuild: one row per country and report, `NA` for figures a
//! report does not give).
//!
//! Produces `us_troops_in_japan`: active-duty personnel in Japan by report and service. Rows whose
//! `Location` is the Ryukyu Islands (Okinawa under US administration until May 1972) are not
//! Japan and are skipped.

use std::collections::HashMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use super::figure::missing_mark;
use super::merge::{Output, SourceTemplate};
use crate::data::table::record_error;
use crate::{Error, Location, Result};

/// Columns of `us_troops_in_japan`.
pub(crate) const COLUMNS: &[&str] = &[
    "report_date",
    "year",
    "month",
    "service",
    "personnel",
    "basis",
    "vintage",
    "source",
    "missing",
];

/// Each service, with the report columns that give it, in order of preference: the "Active
/// Duty" columns of the 2008+ reports, else the service totals of the older reports.
const SERVICES: [(&str, &[&str]); 7] = [
    ("army", &["Army Active Duty", "Army Total"]),
    ("navy", &["Navy Active Duty", "Navy Total"]),
    (
        "marine_corps",
        &["Marine Corps Active Duty", "Marine Corps Total"],
    ),
    ("air_force", &["Air Force Active Duty", "Air Force Total"]),
    ("space_force", &["Space Force Active Duty"]),
    ("coast_guard", &["Coast Guard Active Duty"]),
    ("total", &["Total Active Duty", "Total"]),
];

const SOURCE: SourceTemplate = SourceTemplate {
    producer: "U.S. Department of Defense, Defense Manpower Data Center (DMDC)",
    table: "Military and Civilian Personnel by Service/Agency by State/Country (quarterly reports), as compiled in the troopdata rebuild CSV",
    url: "https://dwp.dmdc.osd.mil/dwp/app/dod-data-reports/workforce-reports",
};

const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The last day of a month.
fn month_end(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).and_then(|d| d.pred_opt())
}

fn parse_month(text: &str) -> Option<u32> {
    let t = text.trim().to_ascii_lowercase();
    if let Ok(n) = t.parse::<u32>() {
        return (1..=12).contains(&n).then_some(n);
    }
    MONTH_NAMES
        .iter()
        .position(|m| *m == t || (t.len() >= 3 && m.starts_with(&t)))
        .map(|i| i as u32 + 1)
}

/// Reads the compiled CSV and returns the vintage and the rows of `us_troops_in_japan`.
pub(crate) fn read(file: &Path, vintage: Option<&str>) -> Result<(String, Vec<Output>)> {
    let shown = file.display().to_string();
    let at = || Location::file(&shown);
    let bytes = std::fs::read(file).map_err(|e| Error::io(file, e))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::invalid(
            at(),
            "file is empty: expected the DMDC compiled reports CSV with a header row",
        ));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(Error::invalid(
            at(),
            "this is a zip/xlsx workbook: the dmdc importer reads the compiled reports CSV",
        ));
    }
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        Error::invalid(
            at(),
            format!(
                "not UTF-8 text (first bad byte at offset {})",
                e.valid_up_to()
            ),
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| Error::invalid(at().row(0), format!("cannot read the header: {e}")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    if header.len() == 1 {
        let h = &header[0];
        let hint = [';', '\t', '|']
            .into_iter()
            .find(|d| h.contains(*d))
            .map(|d| format!(": the file seems delimited by {d:?}, expected commas"))
            .unwrap_or_default();
        return Err(Error::invalid(
            at().row(0).value(h.chars().take(80).collect::<String>()),
            format!("header is a single column{hint}"),
        ));
    }
    let mut required: Vec<&str> = vec!["countryname", "year", "month", "Location"];
    for (_, cols) in SERVICES {
        required.extend(cols.iter().copied());
    }
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|r| !header.iter().any(|h| h == r))
        .collect();
    if !missing.is_empty() {
        return Err(Error::invalid(
            at().row(0),
            format!(
                "header lacks the column(s) [{}]: looked for [{}]",
                missing.join(", "),
                required.join(", ")
            ),
        ));
    }
    let idx = |name: &str| header.iter().position(|h| h == name).unwrap_or(0);
    let (c_country, c_year, c_month, c_location) = (
        idx("countryname"),
        idx("year"),
        idx("month"),
        idx("Location"),
    );

    struct Report {
        date: NaiveDate,
        figures: Vec<(&'static str, Option<i64>, String)>,
    }
    let mut reports: Vec<Report> = Vec::new();
    let mut seen: HashMap<NaiveDate, usize> = HashMap::new();
    let mut latest: Option<NaiveDate> = None;
    for (i, record) in reader.records().enumerate() {
        let row = i + 1;
        let record = record.map_err(|e| record_error(&e, at().row(row), "unreadable CSV row"))?;
        let field = |c: usize| record.get(c).unwrap_or("").trim();
        let year_text = field(c_year);
        let year: i32 = year_text.parse().map_err(|_| {
            Error::invalid(
                at().row(row).column("year").value(year_text),
                "expected a calendar year",
            )
        })?;
        let month_text = field(c_month);
        let month = parse_month(month_text).ok_or_else(|| {
            Error::invalid(
                at().row(row).column("month").value(month_text),
                "expected a month name such as September",
            )
        })?;
        let date = month_end(year, month).ok_or_else(|| {
            Error::invalid(
                at().row(row).column("year").value(year_text),
                "not a valid report date",
            )
        })?;
        latest = latest.max(Some(date));
        if !field(c_country).eq_ignore_ascii_case("Japan")
            || field(c_location).to_ascii_lowercase().contains("ryukyu")
        {
            continue;
        }
        if let Some(first) = seen.insert(date, row) {
            return Err(Error::invalid(
                at().row(row)
                    .column("month")
                    .value(format!("{month_text} {year}")),
                format!(
                    "duplicate report for Japan: the same report date is already at row {first}"
                ),
            ));
        }
        let mut figures = Vec::new();
        for (service, cols) in SERVICES {
            let mut value = None;
            let mut reason = String::new();
            for &c in cols {
                let raw = field(idx(c));
                if let Some(why) = missing_mark(raw)
                    .or_else(|| raw.is_empty().then(|| "blank in the file".to_string()))
                {
                    if reason.is_empty() {
                        reason = format!("not given in this report: {why}");
                    }
                    continue;
                }
                let n: i64 = raw.parse().map_err(|_| {
                    Error::invalid(
                        at().row(row).column(c).value(raw),
                        "text in a number: expected a whole number of persons or NA",
                    )
                })?;
                if n < 0 {
                    return Err(Error::invalid(
                        at().row(row).column(c).value(raw),
                        "negative number of persons",
                    ));
                }
                value = Some(n);
                break;
            }
            if value.is_some() {
                reason.clear();
            } else if service == "space_force"
                && date < NaiveDate::from_ymd_opt(2019, 12, 20).unwrap_or(date)
            {
                reason = "the Space Force did not exist yet (established 2019-12-20)".to_string();
            }
            figures.push((service, value, reason));
        }
        reports.push(Report { date, figures });
    }
    let Some(latest) = latest else {
        return Err(Error::invalid(at(), "file has a header but no data rows"));
    };
    if reports.is_empty() {
        return Err(Error::invalid(
            at(),
            "no rows for Japan (column `countryname` = Japan) in the file",
        ));
    }
    let vintage = vintage.map(str::to_string).unwrap_or_else(|| {
        format!(
            "dmdc-troopdata-reports-{}-{:02}",
            latest.year(),
            latest.month()
        )
    });
    let mut rows = Vec::new();
    for r in &reports {
        for (service, value, reason) in &r.figures {
            rows.push(vec![
                r.date.format("%Y-%m-%d").to_string(),
                r.date.year().to_string(),
                r.date.month().to_string(),
                service.to_string(),
                value.map(|v| v.to_string()).unwrap_or_default(),
                "active_duty".to_string(),
                vintage.clone(),
                vintage.clone(),
                reason.clone(),
            ]);
        }
    }
    Ok((
        vintage,
        vec![Output {
            id: "us_troops_in_japan",
            columns: COLUMNS,
            rows,
            year_column: "year",
            source: SOURCE,
        }],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_dates_are_month_ends() {
        assert_eq!(month_end(2024, 2), NaiveDate::from_ymd_opt(2024, 2, 29));
        assert_eq!(month_end(2025, 12), NaiveDate::from_ymd_opt(2025, 12, 31));
        assert_eq!(parse_month("September"), Some(9));
        assert_eq!(parse_month("Sept"), Some(9));
        assert_eq!(parse_month("13"), None);
    }
}
