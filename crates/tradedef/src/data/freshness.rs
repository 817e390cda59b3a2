//! How current each dataset is: the last period held, the release it comes from, when the
//! publisher normally releases the next figures (the `[freshness]` calendar of the sidecar),
//! whether that release is overdue on a given date, and the URL and command that refresh it.

use std::fmt;

use chrono::NaiveDate;
use polars::prelude::*;

use super::catalog::{catalog, entry, scan};
use super::metadata::DatasetMeta;
use super::release::order_key_in;
use crate::{Error, Location, Result};

/// The freshness of one dataset on a date (see [`status`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetStatus {
    /// The dataset id.
    pub id: String,
    /// The last period held: `YYYY`, `YYYY-MM` (monthly or quarterly rows), `FYYYYY` or a date.
    pub last_period: String,
    /// The release the newest rows come from: the latest tag of the `vintage` column, or the
    /// sidecar's `vintage` where the dataset has no such column.
    pub release: String,
    /// The publisher's cadence: `annual`, `quarterly`, `monthly`, `irregular` or `none`.
    pub cadence: String,
    /// When the publisher normally releases the next figures, if the calendar says.
    pub next_release: Option<NaiveDate>,
    /// What that release brings.
    pub next_release_brings: Option<String>,
    /// Whether `next_release` is before the date asked about: newer figures should exist.
    pub overdue: bool,
    /// The file a user downloads to refresh the dataset, or the page the figures are published on.
    pub url: String,
    /// The command that imports the new release, if an importer exists.
    pub import: Option<String>,
}

impl DatasetStatus {
    /// "overdue", "due YYYY-MM-DD" or "no calendar" (irregular or closed series).
    pub fn state(&self) -> String {
        match (self.next_release, self.overdue) {
            (Some(d), true) => format!("overdue since {d}"),
            (Some(d), false) => format!("next due {d}"),
            (None, _) => format!("{} (no release date)", self.cadence),
        }
    }
}

impl fmt::Display for DatasetStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: last period {} from {}; {}",
            self.id,
            self.last_period,
            self.release,
            self.state()
        )
    }
}

/// The largest value of an integer-like column (a year, or a date as its day number) among the
/// rows of `rows`, if any. Only that column is read.
fn largest(rows: LazyFrame, column: &str, id: &str) -> Result<Option<i64>> {
    let out = rows
        .select([col(column).cast(DataType::Int64).max()])
        .collect()
        .map_err(|e| Error::polars(id, e))?;
    Ok(out
        .column(column)
        .ok()
        .and_then(|c| c.i64().ok().and_then(|v| v.get(0))))
}

/// The last period of a dataset's rows: the latest year with, where the dataset has a `month`
/// column, the latest month of that year; or the latest fiscal year, report or effective date.
/// Reads only the columns it needs, through [`scan`].
fn last_period(meta: &DatasetMeta) -> Result<String> {
    let id = meta.id.as_str();
    let has = |c: &str| meta.has_column(c);
    if has("year")
        && let Some(last) = largest(scan(id)?, "year", id)?
    {
        if has("month") {
            // a month whose figure is a gap (not yet published) is not a period held
            let published = if has("value") {
                col("value").is_not_null()
            } else {
                lit(true)
            };
            let in_last_year = scan(id)?.filter(
                col("year")
                    .cast(DataType::Int64)
                    .eq(lit(last))
                    .and(col("month").is_not_null())
                    .and(published),
            );
            if let Some(m) = largest(in_last_year, "month", id)? {
                return Ok(format!("{last}-{m:02}"));
            }
        }
        return Ok(last.to_string());
    }
    if has("fiscal_year")
        && let Some(last) = largest(scan(id)?, "fiscal_year", id)?
    {
        return Ok(format!("FY{last}"));
    }
    for c in ["report_date", "effective_date", "date"] {
        if has(c)
            && let Some(days) = largest(scan(id)?, c, id)?
        {
            let date = NaiveDate::from_num_days_from_ce_opt((days + 719_163) as i32);
            return Ok(date.map_or_else(|| days.to_string(), |d| d.to_string()));
        }
    }
    Ok("—".into())
}

/// The latest release among the `vintage` column's tags, or the sidecar's vintage.
fn latest_release(meta: &DatasetMeta) -> Result<String> {
    if !meta.has_column("vintage") {
        return Ok(meta.vintage.clone());
    }
    let tags = scan(&meta.id)?
        .select([col("vintage").unique()])
        .collect()
        .map_err(|e| Error::polars(meta.id.as_str(), e))?;
    let latest = tags
        .column("vintage")
        .ok()
        .and_then(|c| c.str().ok().cloned())
        .and_then(|t| {
            t.iter()
                .flatten()
                .max_by_key(|v| order_key_in(meta, v))
                .map(str::to_string)
        });
    Ok(latest.unwrap_or_else(|| meta.vintage.clone()))
}

/// Parses `YYYY-MM-DD`, naming the sidecar in the error.
fn date(text: &str, id: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        Error::invalid(
            Location::file(format!("{id}.toml"))
                .column("freshness.next_release")
                .value(text),
            "expected a date YYYY-MM-DD",
        )
    })
}

/// The freshness of one dataset on `as_of`.
///
/// ```
/// use chrono::NaiveDate;
/// let day = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
/// let s = tradedef::data::dataset_status("sipri_milex", day("2026-11-30"))?;
/// assert_eq!(s.last_period, "2025");
/// assert_eq!(s.release, "sipri-milex-2026-04");
/// assert!(!s.overdue, "SIPRI's April 2027 release is not out by November 2026");
/// let late = tradedef::data::dataset_status("sipri_milex", day("2027-06-01"))?;
/// assert!(late.overdue);
/// assert!(s.import.unwrap().contains("data import sipri"));
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn dataset_status(id: impl AsRef<str>, as_of: NaiveDate) -> Result<DatasetStatus> {
    let id = id.as_ref();
    let meta = &entry(id)?.meta;
    let fresh = meta.freshness.as_ref().ok_or_else(|| {
        Error::invalid(
            Location::file(format!("{id}.toml")),
            "the sidecar has no [freshness] table (cadence, next_release, import)",
        )
    })?;
    let next_release = fresh
        .next_release
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .map(|t| date(t, id))
        .transpose()?;
    Ok(DatasetStatus {
        id: id.to_string(),
        last_period: last_period(meta)?,
        release: latest_release(meta)?,
        cadence: fresh.cadence.clone(),
        next_release,
        next_release_brings: fresh.next_release_brings.clone(),
        overdue: next_release.is_some_and(|n| n < as_of),
        url: meta
            .url_download
            .clone()
            .unwrap_or_else(|| meta.url_main.clone()),
        import: fresh.import.clone().filter(|c| !c.trim().is_empty()),
    })
}

/// The freshness of every dataset of the catalog on `as_of`, in catalog order.
///
/// ```
/// let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
/// let all = tradedef::data::status(today)?;
/// assert_eq!(all.len(), tradedef::data::catalog().len());
/// assert!(all.iter().any(|s| s.overdue));
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn status(as_of: NaiveDate) -> Result<Vec<DatasetStatus>> {
    catalog()
        .iter()
        .map(|e| dataset_status(&e.meta.id, as_of))
        .collect()
}
