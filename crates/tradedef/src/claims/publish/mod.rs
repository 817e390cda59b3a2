//! Publishing a fact-check: the verdicts of a claims file as schema.org ClaimReview JSON-LD
//! ([`Verdicts::to_claim_review`]), as one self-contained HTML page ([`Verdicts::to_html_page`]),
//! and what changed since an earlier check ([`Verdicts::compare`]).
//!
//! # Publishing a fact-check
//!
//! From the command line, `tradedef check FILE --out DIR` writes everything a desk hands on:
//!
//! | file | what |
//! |---|---|
//! | `verdicts.csv` | one row per claim ([`Verdicts::to_csv`]) |
//! | `verdicts.json` | everything, nested: claims, measures, inputs, rows ([`Verdicts::to_json`]) |
//! | `verdicts.md` | a summary table and a section per claim ([`Verdicts::to_markdown`]) |
//! | `claim-review.jsonld` | one schema.org `ClaimReview` per claim, in a `@graph` ([`Verdicts::to_claim_review`]) |
//! | `index.html` | the fact-check page: each quote, its verdict, the figure claimed and measured, the definitions tried, the rows behind them, the sources and releases ([`Verdicts::to_html_page`]) |
//!
//! `--publisher NAME` names the organisation that publishes the review (default `tradedef`),
//! `--review-url URL` the address the page will have (each claim's review is `URL#claim-ID`),
//! `--review-date YYYY-MM-DD` the review's date (default today, UTC; give it for output that is
//! the same bytes on every run). `--against PREVIOUS.json`, with the `verdicts.json` of an
//! earlier check, lists the verdicts and the measured figures that changed since, with the old
//! and new figure and the dataset releases used before and after ([`Changes`]).
//!
//! # The verdict as a rating
//!
//! A ClaimReview rates each claim on a numeric scale, named by `alternateName`. The scale is
//! [`Verdict::ALL`] without "not checkable", best first: with today's six verdicts, accurate
//! is 5, roughly right 4, right number but wrong definition 3, outdated 2, inaccurate 1
//! (`bestRating` 5, `worstRating` 1). "Not checkable" has no place on it: its rating carries
//! the name only. See [`review_rating`].
//!
//! # Numbers
//!
//! A claimed figure is written as the claim writes it, a measured figure and its difference
//! with one decimal more ([`crate::output::NumberFormat::against`]): "68" claimed, "68.0"
//! measured. No output writes arithmetic's binary noise.
//!
//! # Example
//!
//! ```
//! use tradedef::prelude::*;
//! use tradedef::claims::{PublishOptions, RecordedVerdicts};
//! let verdicts = Ledger::embedded("japan-dilemma-2025")?.check()?;
//! let options = PublishOptions::new()
//!     .publisher("The Desk")
//!     .review_url("https://example.org/fact-checks/japan")?
//!     .review_date_text("2026-08-01")?;
//!
//! let reviews = verdicts.to_claim_review(&options);
//! let first = &reviews["@graph"][0];
//! assert_eq!(first["@type"], "ClaimReview");
//! assert_eq!(first["author"]["name"], "The Desk");
//! assert_eq!(first["datePublished"], "2026-08-01");
//! assert_eq!(first["url"], "https://example.org/fact-checks/japan#claim-us-japan-deficit-2024");
//!
//! let page = verdicts.to_html_page(&options)?;
//! assert!(page.starts_with("<!DOCTYPE html>"));
//! assert!(page.contains("<script type=\"application/ld+json\">"));
//! assert_eq!(page, verdicts.to_html_page(&options)?); // the same bytes every time
//!
//! // nothing changed since the same check
//! let previous = RecordedVerdicts::from_json(&verdicts.to_json()?, "verdicts.json")?;
//! assert!(verdicts.compare(&previous).is_empty());
//! # Ok::<(), tradedef::Error>(())
//! ```

mod claim_review;
mod compare;
mod page;

pub use claim_review::{ReviewRating, review_rating};
pub use compare::{
    Changes, FigureChange, RecordedClaim, RecordedMeasure, RecordedVerdicts, VerdictChange,
};

use chrono::NaiveDate;

use super::report::MeasureCheck;
use crate::analysis::traced::RowsUsed;
#[cfg(doc)]
use crate::claims::{Verdict, Verdicts};
use crate::data::Provenance;
use crate::{Error, Result};

/// Who publishes a fact-check, where and when: the options of [`Verdicts::to_claim_review`]
/// and [`Verdicts::to_html_page`].
///
/// ```
/// use tradedef::claims::PublishOptions;
/// let options = PublishOptions::new().review_date_text("2026-08-01")?;
/// assert_eq!(options.publisher_name(), "tradedef");
/// assert_eq!(options.date().to_string(), "2026-08-01");
/// assert!(PublishOptions::new().review_date_text("1 August").is_err());
/// assert!(PublishOptions::new().review_url("example.org/page").is_err());
/// # Ok::<(), tradedef::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishOptions {
    publisher: String,
    publisher_url: Option<String>,
    review_url: Option<String>,
    review_date: Option<NaiveDate>,
}

impl Default for PublishOptions {
    fn default() -> Self {
        PublishOptions {
            publisher: "tradedef".to_string(),
            publisher_url: None,
            review_url: None,
            review_date: None,
        }
    }
}

impl PublishOptions {
    /// The defaults: published by "tradedef", at no URL, dated today.
    pub fn new() -> Self {
        Self::default()
    }

    /// The organisation that publishes the review (the ClaimReview's `author`). By default,
    /// "tradedef"; an empty or blank name keeps the default.
    pub fn publisher(mut self, name: impl Into<String>) -> Self {
        let name = name.into();
        if !name.trim().is_empty() {
            self.publisher = name.trim().to_string();
        }
        self
    }

    /// The publisher's web address (the `url` of the review's author). By default, none.
    /// Must be an absolute `http` or `https` URL.
    pub fn publisher_url(mut self, url: &str) -> Result<Self> {
        self.publisher_url = Some(check_url(url, "publisher URL")?);
        Ok(self)
    }

    /// The address the fact-check page will be published at; each claim's review is at
    /// `URL#claim-ID`. By default, none (the reviews have no `url`). Must be an absolute
    /// `http` or `https` URL.
    pub fn review_url(mut self, url: &str) -> Result<Self> {
        self.review_url = Some(check_url(url, "review URL")?);
        Ok(self)
    }

    /// The date of the review. By default, the day the output is made (UTC): set it for
    /// output that is the same bytes on every run.
    pub fn review_date(mut self, date: NaiveDate) -> Self {
        self.review_date = Some(date);
        self
    }

    /// [`PublishOptions::review_date`] from `YYYY-MM-DD`; an error names the form expected.
    pub fn review_date_text(self, text: &str) -> Result<Self> {
        let date =
            NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|e| Error::Argument {
                context: "review date".into(),
                message: format!("`{text}` is not a date written YYYY-MM-DD ({e})"),
            })?;
        Ok(self.review_date(date))
    }

    /// The publisher's name.
    pub fn publisher_name(&self) -> &str {
        &self.publisher
    }

    /// The publisher's web address, if set.
    pub fn publisher_address(&self) -> Option<&str> {
        self.publisher_url.as_deref()
    }

    /// The page's address, if set.
    pub fn page_url(&self) -> Option<&str> {
        self.review_url.as_deref()
    }

    /// The review's date: the one set, or today (UTC).
    pub fn date(&self) -> NaiveDate {
        self.review_date.unwrap_or_else(today)
    }

    /// The address of one claim's review: the page's address with `#claim-ID`.
    pub fn claim_url(&self, claim_id: &str) -> Option<String> {
        self.review_url
            .as_ref()
            .map(|u| format!("{}#{}", u.split('#').next().unwrap_or(u), anchor(claim_id)))
    }
}

/// Today's date, UTC, from the system clock (1970-01-01 if the clock is before it).
fn today() -> NaiveDate {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    chrono::DateTime::from_timestamp(i64::try_from(seconds).unwrap_or(0), 0)
        .map(|t| t.date_naive())
        .unwrap_or_default()
}

fn check_url(url: &str, what: &str) -> Result<String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !url.contains(char::is_whitespace) => Ok(url.to_string()),
        _ => Err(Error::Argument {
            context: what.into(),
            message: format!(
                "`{url}` is not an absolute http(s) URL (e.g. https://example.org/fact-check)"
            ),
        }),
    }
}

/// The HTML id (and URL fragment) of a claim's section: `claim-` and the id, with every
/// character other than a letter, digit, `-`, `_` or `.` written `-`.
pub(crate) fn anchor(claim_id: &str) -> String {
    let safe: String = claim_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("claim-{safe}")
}

/// The dataset releases a measure's rows come from, e.g.
/// `us_japan_goods_trade: census-country-xlsx-2023-01`: the `vintage` of each row when the
/// dataset tags its rows with one, or else the sources the rows cite, or else the dataset's
/// vintage. In first-use order, without repeats; none for an input no row matched.
pub(crate) fn releases(measure: &MeasureCheck) -> Vec<String> {
    releases_of(
        measure.inputs.iter().map(|i| {
            let r: &RowsUsed = &i.rows;
            (
                r.dataset.as_str(),
                r.keys.as_slice(),
                r.row_sources.as_slice(),
            )
        }),
        &measure.provenance,
    )
}

/// [`releases`] from the parts of the rows (shared with the reading of an earlier JSON output).
pub(crate) fn releases_of<'a>(
    rows: impl Iterator<Item = (&'a str, &'a [String], &'a [String])>,
    provenance: &Provenance,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: String| {
        if !out.contains(&s) {
            out.push(s);
        }
    };
    for (dataset, keys, row_sources) in rows {
        if keys.is_empty() {
            // no row matched: no release was used
            continue;
        }
        let vintages: Vec<&str> = keys
            .iter()
            .filter_map(|k| key_value(k, "vintage"))
            .collect();
        if !vintages.is_empty() {
            for v in vintages {
                push(format!("{dataset}: {v}"));
            }
        } else if !row_sources.is_empty() {
            for s in row_sources {
                push(format!("{dataset}: {s}"));
            }
        } else {
            for s in provenance.sources.iter().filter(|s| s.dataset == dataset) {
                push(format!("{dataset}: {}", s.vintage));
            }
        }
    }
    out
}

/// The value of `name` in a row key written `a=1 b=two words c=`.
fn key_value<'k>(key: &'k str, name: &str) -> Option<&'k str> {
    key_pairs(key)
        .into_iter()
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty())
}

/// The `name=value` pairs of a row key (a value may hold spaces: `partner=Korea, South`).
pub(crate) fn key_pairs(key: &str) -> Vec<(&str, &str)> {
    let is_name = |s: &str| {
        !s.is_empty()
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !s.starts_with(|c: char| c.is_ascii_digit())
    };
    // the byte offsets where a pair starts: the beginning, or after a space, of `name=`
    let mut starts = Vec::new();
    for (i, _) in key.char_indices() {
        if (i == 0 || key[..i].ends_with(' '))
            && let Some(eq) = key[i..].find('=')
            && is_name(&key[i..i + eq])
        {
            starts.push((i, i + eq));
        }
    }
    starts
        .iter()
        .enumerate()
        .map(|(n, &(start, eq))| {
            let end = starts.get(n + 1).map_or(key.len(), |&(s, _)| s);
            (&key[start..eq], key[eq + 1..end].trim_end())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_keys_split_into_pairs() {
        assert_eq!(
            key_pairs("year=2022 month= flow=balance vintage=census-country-xlsx-2023-01"),
            [
                ("year", "2022"),
                ("month", ""),
                ("flow", "balance"),
                ("vintage", "census-country-xlsx-2023-01")
            ]
        );
        assert_eq!(
            key_pairs("partner=Korea, South year=2024"),
            [("partner", "Korea, South"), ("year", "2024")]
        );
        assert_eq!(key_pairs("note=a=b"), [("note", "a=b")]);
        assert!(key_pairs("").is_empty());
        assert_eq!(key_value("year=2022 vintage=x", "vintage"), Some("x"));
        assert_eq!(key_value("year=2022 vintage=", "vintage"), None);
    }

    #[test]
    fn anchors_and_urls() {
        assert_eq!(
            anchor("us-japan-deficit-2024"),
            "claim-us-japan-deficit-2024"
        );
        assert_eq!(anchor("a b<c>"), "claim-a-b-c-");
        let o = PublishOptions::new()
            .review_url("https://example.org/x#top")
            .unwrap();
        assert_eq!(
            o.claim_url("c1").as_deref(),
            Some("https://example.org/x#claim-c1")
        );
        assert!(
            PublishOptions::new()
                .review_url("javascript:alert(1)")
                .is_err()
        );
        assert!(PublishOptions::new().review_url("https://").is_err());
        assert_eq!(
            PublishOptions::new().publisher("  ").publisher_name(),
            "tradedef"
        );
        assert!(today() > NaiveDate::default());
    }
}
