//! Choosing among vintages (releases) of the same figures.

use std::collections::BTreeSet;

use crate::{Error, Result};

/// Which vintage of a series an analysis uses, when several releases cover the same period.
///
/// The default, [`Vintage::LatestCovering`], takes for each period the latest vintage that has a
/// figure for it, so a long series mixes releases only where the newest release does not reach
/// back; results carry a `vintage` column (or a note) saying which vintage each figure is from.
/// "Latest" compares the last date written in the vintage tag (`…-2023-01` or `…2025…`), then the
/// tag itself.
///
/// ```
/// use tradedef::prelude::*;
/// assert_eq!(Vintage::default(), Vintage::LatestCovering);
/// let v = Vintage::named("census-country-xlsx-2023-01");
/// assert_eq!(v, Vintage::Named("census-country-xlsx-2023-01".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Vintage {
    /// For each period, the latest vintage with a figure for it (the default).
    #[default]
    LatestCovering,
    /// Exactly this vintage tag (as in the dataset's `vintage` column).
    Named(String),
}

impl Vintage {
    /// A named vintage.
    pub fn named(tag: impl Into<String>) -> Self {
        Vintage::Named(tag.into())
    }

    /// Checks that a named vintage exists among `all` (the dataset's vintages).
    pub(crate) fn check(&self, dataset: &str, all: &BTreeSet<String>) -> Result<()> {
        match self {
            Vintage::Named(v) if !all.contains(v) => Err(Error::not_found(
                format!("vintage in {dataset}"),
                v,
                all.iter(),
            )),
            _ => Ok(()),
        }
    }

    /// The vintage to use among those that have a figure for one period.
    pub(crate) fn choose<'a>(
        &self,
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> Option<String> {
        let mut candidates = candidates.into_iter();
        match self {
            Vintage::LatestCovering => candidates.max_by_key(|v| order_key(v)).map(str::to_string),
            Vintage::Named(want) => candidates.find(|v| v == want).map(str::to_string),
        }
    }
}

/// Sort key of a vintage tag: the last `YYYY` (with `-MM` when present) written in it, as
/// `YYYY*100+MM`, then the tag itself.
pub(crate) fn order_key(tag: &str) -> (i64, String) {
    let b = tag.as_bytes();
    let mut best = 0i64;
    let mut i = 0;
    while i + 4 <= b.len() {
        let four = &b[i..i + 4];
        let boundary_before = i == 0 || !b[i - 1].is_ascii_digit();
        let boundary_after = i + 4 == b.len() || !b[i + 4].is_ascii_digit();
        if four.iter().all(u8::is_ascii_digit) && boundary_before && boundary_after {
            let year: i64 = tag[i..i + 4].parse().unwrap_or(0);
            if (1900..=2100).contains(&year) {
                let mut month = 0;
                if i + 7 <= b.len()
                    && b[i + 4] == b'-'
                    && b[i + 5].is_ascii_digit()
                    && b[i + 6].is_ascii_digit()
                    && (i + 7 == b.len() || !b[i + 7].is_ascii_digit())
                {
                    month = tag[i + 5..i + 7].parse().unwrap_or(0);
                }
                best = year * 100 + month;
            }
            i += 4;
        } else {
            i += 1;
        }
    }
    (best, tag.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_dates_sort_later() {
        assert!(
            order_key("census-country-xlsx-2023-01") < order_key("census-country-xlsx-2026-03")
        );
        assert!(order_key("2024") < order_key("x-2024-05"));
        assert_eq!(order_key("no date").0, 0);
        let v = Vintage::LatestCovering.choose(["a-2023-01", "b-2026-02", "c-2025-12"]);
        assert_eq!(v.as_deref(), Some("b-2026-02"));
    }
}
