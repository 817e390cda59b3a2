//! Which release a claim is judged against.
//!
//! A story quotes the figures of the release that was out when it was written; publishers
//! revise them later. When a measure pins no vintage and the rows it matches come from several
//! releases, the ledger reads them twice:
//!
//! - **as published**: the latest release dated on or before the story's date (`published` in
//!   `[story]`; a month alone, `"2025-04"`, counts to the month's last day), by the dates of the
//!   dataset's `[[releases]]`;
//! - **latest**: the newest release that holds the rows.
//!
//! The verdict is the latest release's; a figure right as published and off since gets
//! "accurate as published" with both figures (see [`super::Verdict::AccurateAsPublished`]). A
//! measure whose rows no release out on the story's date holds is measured on the latest only,
//! and says so. The choice is made per selection and per claim: it never stops the file.

use std::collections::BTreeSet;
use std::fmt;

use chrono::{Datelike, NaiveDate};

use super::select::Gap;
use crate::data::DatasetMeta;
use crate::data::release::{order_key_in, release_date};

/// The rule that picks one release among those holding a selection's rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReleasePick {
    /// The newest release (the default, and the rule when a story has no date).
    #[default]
    Latest,
    /// The newest release dated on or before the day.
    AsOf(NaiveDate),
}

impl fmt::Display for ReleasePick {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReleasePick::Latest => f.write_str("the latest release"),
            ReleasePick::AsOf(day) => write!(f, "the release current on {day}"),
        }
    }
}

impl ReleasePick {
    /// Picks one of `vintages` (the releases holding the rows) of a dataset, or says why none
    /// can be picked (no release was out on the day).
    pub(crate) fn choose(
        self,
        meta: &DatasetMeta,
        vintages: &BTreeSet<String>,
    ) -> std::result::Result<String, Gap> {
        let newest = |tags: &mut dyn Iterator<Item = &String>| {
            tags.max_by_key(|t| order_key_in(meta, t)).cloned()
        };
        match self {
            ReleasePick::Latest => newest(&mut vintages.iter())
                .ok_or_else(|| Gap(format!("`{}` holds no release of these rows", meta.id))),
            ReleasePick::AsOf(day) => {
                let out_by = |t: &&String| released_on(meta, t).is_some_and(|d| d <= day);
                newest(&mut vintages.iter().filter(out_by)).ok_or_else(|| {
                    let dated: Vec<String> = vintages
                        .iter()
                        .map(|t| match released_on(meta, t) {
                            Some(d) => format!("{t} (out {d})"),
                            None => format!("{t} (undated)"),
                        })
                        .collect();
                    Gap(format!(
                        "no release of `{}` holding these rows was out on {day}: {}",
                        meta.id,
                        dated.join(", ")
                    ))
                })
            }
        }
    }
}

/// The day a release came out: its sidecar's date (the first day of the month or year when only
/// those are known), else the date its tag gives.
fn released_on(meta: &DatasetMeta, tag: &str) -> Option<NaiveDate> {
    meta.release(tag)
        .and_then(|r| r.date)
        .or_else(|| release_date(tag))
        .map(|d| d.date)
}

/// The day a story's `published` field stands for: `YYYY-MM-DD` as written; `YYYY-MM` the last
/// day of the month; `YYYY` the last day of the year. `None` for anything else.
///
/// ```
/// # use tradedef::claims::story_day;
/// assert_eq!(story_day("2025-04-28").unwrap().to_string(), "2025-04-28");
/// assert_eq!(story_day("2025-02").unwrap().to_string(), "2025-02-28");
/// assert_eq!(story_day("2024").unwrap().to_string(), "2024-12-31");
/// assert_eq!(story_day("spring 2025"), None);
/// ```
pub fn story_day(published: &str) -> Option<NaiveDate> {
    let text = published.trim();
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(day);
    }
    let parts: Vec<&str> = text.split('-').collect();
    let number = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (year, month) = match parts.as_slice() {
        [y] => (number(y, 4)?, 12),
        [y, m] => (number(y, 4)?, number(m, 2)?),
        _ => return None,
    };
    let first_of_next = if month == 12 {
        NaiveDate::from_ymd_opt(i32::try_from(year).ok()? + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month + 1, 1)?
    };
    first_of_next
        .pred_opt()
        .filter(|d| d.year() == i32::try_from(year).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::load;

    #[test]
    fn the_pick_follows_the_sidecar_dates() {
        let data = load("us_goods_trade_by_partner").unwrap();
        let meta = data.meta();
        let all: BTreeSet<String> = [
            "census-country-xlsx-2023-01",
            "census-country-xlsx-2025-02",
            "census-country-2026-07",
        ]
        .map(String::from)
        .into();
        assert_eq!(
            ReleasePick::Latest.choose(meta, &all).unwrap(),
            "census-country-2026-07"
        );
        let day = |s| ReleasePick::AsOf(story_day(s).unwrap());
        // Out 2023-03-07: current for a story of 2024; the 2025 file (dated 2025-04) not yet.
        assert_eq!(
            day("2024-06-01").choose(meta, &all).unwrap(),
            "census-country-xlsx-2023-01"
        );
        assert_eq!(
            day("2025-05").choose(meta, &all).unwrap(),
            "census-country-xlsx-2025-02"
        );
        let e = day("2023-03-06")
            .choose(meta, &all)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("was out on 2023-03-06") && e.contains("(out 2023-03-07)"),
            "{e}"
        );
    }

    #[test]
    fn story_days_reject_what_is_not_a_date() {
        assert_eq!(story_day("2025-13"), None);
        assert_eq!(story_day("25-01"), None);
        assert_eq!(story_day("2024-02").unwrap().to_string(), "2024-02-29");
    }
}
