//! DMDC "Military and Civilian Personnel by Service/Agency by State/Country" quarterly reports as
//! compiled in one CSV (the troopdata rebuild: one row per country and report, `NA` for figures a
//! report does not give).
//!
//! Produces `us_troops_in_japan`: active-duty personnel in Japan by report and service. Rows whose
//! `Location` is the Ryukyu Islands (Okinawa under US administration until May 1972) are not
//! Japan and are skipped there.
//!
//! Also produces `us_troops_by_country`: every row of the file (every `countryname`, the United
//! States itself, territories and areas, every report) on the same basis, with the row's
//! `Location` as a column, so no row is dropped (the Ryukyu rows stay, under Japan, with their
//! location). Where the file gives two different rows for the same country, location and report,
//! both are kept (`entry` 1 and 2); a line repeated word for word is an error.

use crate::data::ids;
use std::collections::HashMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use super::figure::missing_mark;
use super::merge::{Output, SourceTemplate};
use crate::data::storage::{MAX_CSV_BYTES, read_bounded};
use crate::data::table::{record_error, utf8_text};
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

/// Columns of `us_troops_by_country`.
pub(crate) const COUNTRY_COLUMNS: &[&str] = &[
    "report_date",
    "year",
    "month",
    "country",
    "iso3",
    "region",
    "country_kind",
    "location",
    "entry",
    "service",
    "personnel",
    "basis",
    "vintage",
    "source",
    "missing",
];

/// What is counted in both datasets.
const BASIS: &str = "active_duty";

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

/// The last day of a month.
pub(super) fn month_end(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).and_then(|d| d.pred_opt())
}

/// The kind of a `countryname` row, from what the compilation itself says: the United States
/// (ISO code `USA`: personnel stationed at home), a country (the compilation gives it a World
/// Bank region), or a territory or area without a region (US and foreign territories, islands,
/// bases such as Diego Garcia, Antarctica).
fn country_kind(iso3: &str, region: &str) -> &'static str {
    if iso3.eq_ignore_ascii_case("USA") {
        "united_states"
    } else if region.is_empty() {
        "territory_or_area"
    } else {
        "country"
    }
}

/// A text field of the compilation: `NA` (its mark for a missing value) becomes empty.
fn text_or_empty(raw: &str) -> &str {
    if raw.eq_ignore_ascii_case("NA") {
        ""
    } else {
        raw
    }
}

/// One service's figure of a report row: persons, or the reason it is missing.
type ServiceFigure = (&'static str, Option<i64>, String);

/// One data row of the compilation, read.
struct Report {
    /// 1-based data row in the file (the header is row 0).
    row: usize,
    date: NaiveDate,
    country: String,
    iso3: String,
    region: String,
    location: String,
    figures: Vec<ServiceFigure>,
}

impl Report {
    fn is_japan(&self) -> bool {
        self.country.eq_ignore_ascii_case("Japan")
            && !self.location.to_ascii_lowercase().contains("ryukyu")
    }
}

/// The service figures of one record, each from the first report column that gives it.
fn service_figures<'r>(
    field: &dyn Fn(&str) -> &'r str,
    at: &dyn Fn(&str, &str) -> Location,
    date: NaiveDate,
) -> Result<Vec<ServiceFigure>> {
    let mut figures = Vec::with_capacity(SERVICES.len());
    for (service, cols) in SERVICES {
        let mut value = None;
        let mut reason = String::new();
        for &c in cols {
            let raw = field(c);
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
                    at(c, raw),
                    "text in a number: expected a whole number of persons or NA",
                )
            })?;
            if n < 0 {
                return Err(Error::invalid(at(c, raw), "negative number of persons"));
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
    Ok(figures)
}

/// Reads the compiled CSV and returns the vintage and the rows of `us_troops_in_japan` and
/// `us_troops_by_country`.
pub(crate) fn read(file: &Path, vintage: Option<&str>) -> Result<(String, Vec<Output>)> {
    let shown = file.display().to_string();
    let at = || Location::file(&shown);
    let bytes = read_bounded(file, MAX_CSV_BYTES)?;
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
    let text = utf8_text(&bytes, at())?;
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
    let mut required: Vec<&str> = vec![
        "countryname",
        "year",
        "month",
        "Location",
        "iso3c",
        "region",
    ];
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
    let (c_country, c_year, c_month, c_location, c_iso3, c_region) = (
        idx("countryname"),
        idx("year"),
        idx("month"),
        idx("Location"),
        idx("iso3c"),
        idx("region"),
    );

    let mut reports: Vec<Report> = Vec::new();
    let mut japan_seen: HashMap<NaiveDate, usize> = HashMap::new();
    // (date, country, location) → the rows read for them, with their fields
    let mut seen: HashMap<(NaiveDate, String, String), Vec<(usize, csv::StringRecord)>> =
        HashMap::new();
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
        let month = super::figure::month_number(month_text).ok_or_else(|| {
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
        let country = text_or_empty(field(c_country)).to_string();
        if country.is_empty() {
            return Err(Error::invalid(
                at().row(row).column("countryname").value(field(c_country)),
                "no country name: every row of the compilation names its country",
            ));
        }
        let report = Report {
            row,
            date,
            iso3: text_or_empty(field(c_iso3)).to_string(),
            region: text_or_empty(field(c_region)).to_string(),
            location: text_or_empty(field(c_location)).to_string(),
            figures: service_figures(
                &|c| field(idx(c)),
                &|c, raw| at().row(row).column(c).value(raw),
                date,
            )?,
            country,
        };
        if report.is_japan()
            && let Some(first) = japan_seen.insert(date, row)
        {
            return Err(Error::invalid(
                at().row(row)
                    .column("month")
                    .value(format!("{month_text} {year}")),
                format!(
                    "duplicate report for Japan: the same report date is already at row {first}"
                ),
            ));
        }
        let same = seen
            .entry((date, report.country.clone(), report.location.clone()))
            .or_default();
        if let Some((first, _)) = same.iter().find(|(_, r)| *r == record) {
            return Err(Error::invalid(
                at().row(row).column("countryname").value(&report.country),
                format!(
                    "duplicate line: row {first} is the same report ({month_text} {year}, location `{}`) word for word",
                    report.location
                ),
            ));
        }
        same.push((row, record.clone()));
        reports.push(report);
    }
    let Some(latest) = latest else {
        return Err(Error::invalid(at(), "file has a header but no data rows"));
    };
    if japan_seen.is_empty() {
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
    let mut japan_rows = Vec::new();
    let mut country_rows = Vec::new();
    for r in &reports {
        let date = r.date.format("%Y-%m-%d").to_string();
        let (year, month) = (r.date.year().to_string(), r.date.month().to_string());
        let entry = seen
            .get(&(r.date, r.country.clone(), r.location.clone()))
            .and_then(|rows| rows.iter().position(|(row, _)| *row == r.row))
            .map_or(1, |p| p + 1);
        for (service, value, reason) in &r.figures {
            let personnel = value.map(|v| v.to_string()).unwrap_or_default();
            if r.is_japan() {
                japan_rows.push(vec![
                    date.clone(),
                    year.clone(),
                    month.clone(),
                    service.to_string(),
                    personnel.clone(),
                    BASIS.to_string(),
                    vintage.clone(),
                    vintage.clone(),
                    reason.clone(),
                ]);
            }
            country_rows.push(vec![
                date.clone(),
                year.clone(),
                month.clone(),
                r.country.clone(),
                r.iso3.clone(),
                r.region.clone(),
                country_kind(&r.iso3, &r.region).to_string(),
                r.location.clone(),
                entry.to_string(),
                service.to_string(),
                personnel,
                BASIS.to_string(),
                vintage.clone(),
                vintage.clone(),
                reason.clone(),
            ]);
        }
    }
    Ok((
        vintage,
        vec![
            Output {
                id: ids::US_TROOPS_IN_JAPAN,
                columns: COLUMNS,
                rows: japan_rows,
                year_column: "year",
                source: SOURCE,
            },
            Output {
                id: ids::US_TROOPS_BY_COUNTRY,
                columns: COUNTRY_COLUMNS,
                rows: country_rows,
                year_column: "year",
                source: SOURCE,
            },
        ],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_dates_are_month_ends() {
        assert_eq!(month_end(2024, 2), NaiveDate::from_ymd_opt(2024, 2, 29));
        assert_eq!(month_end(2025, 12), NaiveDate::from_ymd_opt(2025, 12, 31));
        assert_eq!(crate::data::import::month_number("September"), Some(9));
        assert_eq!(crate::data::import::month_number("Sept"), Some(9));
        assert_eq!(crate::data::import::month_number("13"), None);
    }

    #[test]
    fn row_kinds_come_from_the_file() {
        assert_eq!(country_kind("USA", "North America"), "united_states");
        assert_eq!(country_kind("JPN", "East Asia & Pacific"), "country");
        assert_eq!(country_kind("", ""), "territory_or_area");
        assert_eq!(text_or_empty("NA"), "");
    }
}
