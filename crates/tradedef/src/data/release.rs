//! The order of releases (vintages): each release's date is data, the `[[releases]]` of the
//! dataset's sidecar ([`Release`]); a tag no sidecar lists is dated by the rule that dated every
//! tag before the dates were data, its last `YYYY` (with `-MM` when written), see [`tag_date`].
//! "Latest" is the latest date, then the tag itself.

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::NaiveDate;

use super::catalog::catalog;
use super::metadata::{DatasetMeta, DatePrecision, Release, ReleaseDate};

/// The date a vintage tag gives by itself: the last four-digit year from 1900 to 2100 written
/// in it (digits on neither side), with its month where `-MM` follows; `None` for a tag
/// without one. A sidecar records this as the date of a release whose publication date its
/// sources do not give (`basis = "tag"`).
///
/// ```
/// use tradedef::data::release::tag_date;
/// assert_eq!(tag_date("census-country-xlsx-2023-01").unwrap().to_string(), "2023-01");
/// assert_eq!(tag_date("Defense of Japan 2008").unwrap().to_string(), "2008");
/// assert_eq!(tag_date("FY2018 budget (Cabinet draft 2017-12-22)").unwrap().to_string(), "2017-12");
/// assert_eq!(tag_date("no date"), None);
/// ```
pub fn tag_date(tag: &str) -> Option<ReleaseDate> {
    let b = tag.as_bytes();
    let mut best = None;
    let mut i = 0;
    while i + 4 <= b.len() {
        let four = &b[i..i + 4];
        let boundary_before = i == 0 || !b[i - 1].is_ascii_digit();
        let boundary_after = i + 4 == b.len() || !b[i + 4].is_ascii_digit();
        if four.iter().all(u8::is_ascii_digit) && boundary_before && boundary_after {
            let year: i32 = tag[i..i + 4].parse().unwrap_or(0);
            if (1900..=2100).contains(&year) {
                let month: Option<u32> = (i + 7 <= b.len()
                    && b[i + 4] == b'-'
                    && b[i + 5].is_ascii_digit()
                    && b[i + 6].is_ascii_digit()
                    && (i + 7 == b.len() || !b[i + 7].is_ascii_digit()))
                .then(|| tag[i + 5..i + 7].parse().ok())
                .flatten()
                .filter(|m| (1..=12).contains(m));
                best = match month {
                    Some(m) => NaiveDate::from_ymd_opt(year, m, 1).map(|date| ReleaseDate {
                        date,
                        precision: DatePrecision::Month,
                    }),
                    None => NaiveDate::from_ymd_opt(year, 1, 1).map(|date| ReleaseDate {
                        date,
                        precision: DatePrecision::Year,
                    }),
                };
            }
            i += 4;
        } else {
            i += 1;
        }
    }
    best
}

/// The releases of every catalog dataset by tag (a tag several datasets share has one date: the
/// tests check they agree).
fn catalog_releases() -> &'static HashMap<&'static str, &'static Release> {
    static RELEASES: OnceLock<HashMap<&'static str, &'static Release>> = OnceLock::new();
    RELEASES.get_or_init(|| {
        catalog()
            .iter()
            .flat_map(|e| &e.meta.releases)
            .map(|r| (r.vintage.as_str(), r))
            .collect()
    })
}

/// The date of a release: as a catalog sidecar's `[[releases]]` gives it, else from the tag
/// ([`tag_date`]).
pub fn release_date(tag: &str) -> Option<ReleaseDate> {
    match catalog_releases().get(tag) {
        Some(r) => r.date,
        None => tag_date(tag),
    }
}

/// Sort key of a release tag: its date ([`release_date`], as [`ReleaseDate::sort_number`], 0
/// when it has none), then the tag itself. The latest release has the largest key.
///
/// ```
/// use tradedef::data::release::order_key;
/// assert!(order_key("census-country-xlsx-2023-01") < order_key("census-country-xlsx-2025-02"));
/// assert!(order_key("2024") < order_key("x-2024-05"));
/// assert_eq!(order_key("no date").0, 0);
/// ```
pub fn order_key(tag: &str) -> (i64, String) {
    key(release_date(tag), tag)
}

/// Sort key of a release tag of one dataset: the date its own sidecar gives (`meta` may be a
/// data folder's sidecar, newer than the catalog's), else as [`order_key`].
pub fn order_key_in(meta: &DatasetMeta, tag: &str) -> (i64, String) {
    match meta.release(tag) {
        Some(r) => key(r.date, tag),
        None => order_key(tag),
    }
}

fn key(date: Option<ReleaseDate>, tag: &str) -> (i64, String) {
    (date.map_or(0, ReleaseDate::sort_number), tag.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tag_rule_reads_the_last_plausible_year_and_month() {
        let shown = |t: &str| tag_date(t).map(|d| d.to_string());
        assert_eq!(shown("x-2024-13").as_deref(), Some("2024"));
        assert_eq!(shown("a 2019, b 2021-07").as_deref(), Some("2021-07"));
        assert_eq!(shown("1850 and 21000"), None);
        assert!(order_key("a-1999") < order_key("b-2000-01"));
    }
}
