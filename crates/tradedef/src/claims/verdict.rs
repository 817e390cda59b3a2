//! The verdict scale, and how a claim's measures decide its verdict.
//!
//! | verdict | when |
//! |---|---|
//! | accurate | the headline measure is within the `accurate` tolerance |
//! | roughly right | the headline measure is within `roughly_right` |
//! | accurate as published | on the release current on the story's date the headline was accurate, and on the latest it is only roughly right or off; or it was roughly right then and is off now (see `claims::ReleasePick`); the verdict gives both figures |
//! | right number, wrong definition | the headline is off, but an alternative definition is within `roughly_right` (an accurate one preferred) |
//! | outdated | neither the headline nor an alternative matches, but an earlier period or vintage does |
//! | inaccurate | no measure matches |
//! | not checkable | set by hand with a reason, or the headline figure is missing from the data and nothing else matches |
//!
//! ## How a measured value is graded against the claim's words
//!
//! `d` is the distance of the tolerance (relative: |claimed − measured| ÷ |measured|; absolute:
//! the difference in the claim's unit); `a` and `r` are its `accurate` and `roughly_right`.
//!
//! | the claim says | accurate | roughly right | off |
//! |---|---|---|---|
//! | a figure (no form), `about`, `around` | d ≤ a | d ≤ r | beyond |
//! | `more_than` X ("over", "above") | measured > X | on the wrong side, d ≤ r | beyond |
//! | `at_least` X | measured ≥ X | on the wrong side, d ≤ r | beyond |
//! | `under` X ("less than", "below") | measured < X | on the wrong side, d ≤ r | beyond |
//! | `at_most` X ("up to") | measured ≤ X | on the wrong side, d ≤ r | beyond |
//! | `nearly` X ("almost", "just under") | measured ≤ X and d ≤ r | above X, d ≤ a | beyond |
//! | `just_over` X | measured ≥ X and d ≤ r | below X, d ≤ a | beyond |
//! | `range` [L, H] ("between L and H") | L ≤ measured ≤ H | outside, d ≤ r from the nearer end | beyond |
//! | `rounded_to` s (the figure as printed) | \|measured − X\| ≤ s ÷ 2: it rounds to X | d ≤ r | beyond |
//! | `direction` rise / fall, with any of the above | the measured change has the sign, and its size is graded as above against \|X\| | | the sign is wrong |
//!
//! A superlative is a rank or a record measured as a number: "the largest" is rank 1 (an
//! analysis such as `trade_rank` or `milex_rank`, absolute tolerance 0), "a record" is no
//! earlier year as high (`trade_record` = 0), "the highest since 2008" is the latest earlier year
//! as high (`trade_highest_since` = 2008). A multiple ("twice as much") is a ratio measure with
//! `unit = "times"`.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::file::{Bound, Claimed, Direction, Role, Tolerance, ToleranceKind};
use crate::Result;

/// The verdict on one claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Verdict {
    /// The headline definition measures what the story says.
    Accurate,
    /// The headline definition is close, within the looser tolerance.
    RoughlyRight,
    /// The headline figure was right on the release current when the story was published, and
    /// has been revised since.
    AccurateAsPublished,
    /// The number is what another definition (not the one the words mean) gives.
    RightNumberWrongDefinition,
    /// The number was right for an earlier period or an earlier release.
    Outdated,
    /// No definition the data offer comes close.
    Inaccurate,
    /// These data cannot confirm or refute it.
    NotCheckable,
}

impl Verdict {
    /// Every verdict, from best to "not checkable".
    pub const ALL: [Verdict; 7] = [
        Verdict::Accurate,
        Verdict::RoughlyRight,
        Verdict::AccurateAsPublished,
        Verdict::RightNumberWrongDefinition,
        Verdict::Outdated,
        Verdict::Inaccurate,
        Verdict::NotCheckable,
    ];

    /// The name as written in files and reports, e.g. "roughly right".
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Accurate => "accurate",
            Verdict::RoughlyRight => "roughly right",
            Verdict::AccurateAsPublished => "accurate as published",
            Verdict::RightNumberWrongDefinition => "right number, wrong definition",
            Verdict::Outdated => "outdated",
            Verdict::Inaccurate => "inaccurate",
            Verdict::NotCheckable => "not checkable",
        }
    }

    /// Reads a verdict name (case, `_`/`-` and a comma or "but" are ignored); the error lists the scale.
    ///
    /// ```
    /// use tradedef::claims::Verdict;
    /// assert_eq!(Verdict::from_name("Not_Checkable").unwrap(), Verdict::NotCheckable);
    /// assert_eq!(Verdict::from_name("right number but wrong definition").unwrap(),
    ///            Verdict::RightNumberWrongDefinition);
    /// let e = Verdict::from_name("mostly true").unwrap_err().to_string();
    /// assert!(e.contains("unknown verdict `mostly true`") && e.contains("accurate, roughly right"));
    /// ```
    pub fn from_name(name: &str) -> Result<Verdict> {
        let norm = |s: &str| {
            s.to_lowercase()
                .replace(['_', '-', ','], " ")
                .split_whitespace()
                .filter(|w| *w != "but")
                .collect::<Vec<_>>()
                .join(" ")
        };
        let wanted = norm(name);
        Verdict::ALL
            .into_iter()
            .find(|v| norm(v.name()) == wanted)
            .ok_or_else(|| {
                crate::Error::argument(
                    "verdict name",
                    format!(
                        "unknown verdict `{name}`; the scale is: {}",
                        Verdict::ALL
                            .iter()
                            .map(|v| v.name())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How close one measure comes to the claimed value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Closeness {
    /// Within the `accurate` tolerance.
    Accurate,
    /// Within `roughly_right`.
    Roughly,
    /// Beyond.
    Off,
    /// The data hold no figure for it (a missing cell, a division by zero).
    Unavailable,
}

impl fmt::Display for Closeness {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Closeness::Accurate => "accurate",
            Closeness::Roughly => "roughly",
            Closeness::Off => "off",
            Closeness::Unavailable => "unavailable",
        })
    }
}

/// The differences of a claimed value from a measured one:
/// `(claimed − measured, (claimed − measured) / |measured|)`; the relative one is `None` when
/// the measured value is zero.
pub fn differences(claimed: f64, measured: f64) -> (f64, Option<f64>) {
    let abs = claimed - measured;
    let rel = if measured == 0.0 {
        None
    } else {
        Some(abs / measured.abs())
    };
    (abs, rel)
}

/// Grades a measured value against the claim under a tolerance.
///
/// ```
/// use tradedef::claims::{grade, Closeness, Tolerance};
/// let t = Tolerance::default(); // relative: 2% accurate, 10% roughly right
/// assert_eq!(grade(68.0, Some(68.47), &t), Closeness::Accurate);
/// assert_eq!(grade(55.1, Some(57.45), &t), Closeness::Roughly);
/// assert_eq!(grade(2.0, Some(1.39), &t), Closeness::Off);
/// assert_eq!(grade(2.0, None, &t), Closeness::Unavailable);
/// ```
pub fn grade(claimed: f64, measured: Option<f64>, tolerance: &Tolerance) -> Closeness {
    let Some(measured) = measured else {
        return Closeness::Unavailable;
    };
    let (abs, rel) = differences(claimed, measured);
    let distance = match tolerance.kind {
        ToleranceKind::Absolute => abs.abs(),
        ToleranceKind::Relative => match rel {
            Some(r) => r.abs(),
            None if abs == 0.0 => 0.0,
            None => f64::INFINITY,
        },
    };
    // A small allowance for floating-point noise at the boundary.
    let eps = 1e-9;
    if distance <= tolerance.accurate + eps {
        Closeness::Accurate
    } else if distance <= tolerance.roughly_right + eps {
        Closeness::Roughly
    } else {
        Closeness::Off
    }
}

/// Grades a measured value against a claim's figure and form: its bound, range, direction and
/// rounding (see the table of the module docs).
///
/// ```
/// use tradedef::claims::{grade_claim, Bound, Claimed, Closeness, Direction, Tolerance};
/// let t = Tolerance::default(); // relative: 2% accurate, 10% roughly right
/// let third = Claimed::new(33.3, "percent").bound(Bound::MoreThan);
/// assert_eq!(grade_claim(&third, Some(35.2), &t), Closeness::Accurate);
/// assert_eq!(grade_claim(&third, Some(32.0), &t), Closeness::Roughly);
/// assert_eq!(grade_claim(&third, Some(25.0), &t), Closeness::Off);
/// let nearly = Claimed::new(1000.0, "USD billions").bound(Bound::Nearly);
/// assert_eq!(grade_claim(&nearly, Some(997.0), &t), Closeness::Accurate);
/// assert_eq!(grade_claim(&nearly, Some(1010.0), &t), Closeness::Roughly);
/// let fell = Claimed::new(5.0, "percent").direction(Direction::Fall);
/// assert_eq!(grade_claim(&fell, Some(-5.05), &t), Closeness::Accurate);
/// assert_eq!(grade_claim(&fell, Some(5.05), &t), Closeness::Off);
/// let printed = Claimed::new(2.7, "USD trillions").rounded_to(0.1);
/// assert_eq!(grade_claim(&printed, Some(2.718), &t), Closeness::Accurate);
/// assert_eq!(grade_claim(&printed, Some(2.76), &t), Closeness::Roughly);
/// ```
pub fn grade_claim(claimed: &Claimed, measured: Option<f64>, tolerance: &Tolerance) -> Closeness {
    let Some(mut measured) = measured else {
        return Closeness::Unavailable;
    };
    let mut value = claimed.value;
    if let Some(direction) = claimed.direction {
        let right_sign = match direction {
            Direction::Rise => measured > 0.0,
            Direction::Fall => measured < 0.0,
        };
        if !right_sign {
            return Closeness::Off;
        }
        measured = measured.abs();
        value = value.abs();
    }
    let plain = grade(value, Some(measured), tolerance);
    let within = |limit: f64, x: f64| {
        let eps = 1e-9;
        distance(x, measured, tolerance) <= limit + eps
    };
    // On the right side of a bound: accurate; on the wrong side: roughly right when close.
    let sided = |right_side: bool, x: f64| {
        if right_side {
            Closeness::Accurate
        } else if within(tolerance.roughly_right, x) {
            Closeness::Roughly
        } else {
            Closeness::Off
        }
    };
    // Near a figure on one side: accurate on it within roughly_right, roughly right just past
    // it within accurate.
    let near = |below: bool, x: f64| {
        if below && within(tolerance.roughly_right, x) {
            Closeness::Accurate
        } else if !below && within(tolerance.accurate, x) {
            Closeness::Roughly
        } else {
            Closeness::Off
        }
    };
    if let Some([lo, hi]) = claimed.range {
        let nearer = if measured < lo { lo } else { hi };
        return sided((lo..=hi).contains(&measured), nearer);
    }
    match claimed.bound {
        Some(Bound::MoreThan) => sided(measured > value, value),
        Some(Bound::AtLeast) => sided(measured >= value, value),
        Some(Bound::Under) => sided(measured < value, value),
        Some(Bound::AtMost) => sided(measured <= value, value),
        Some(Bound::Nearly) => near(measured <= value, value),
        Some(Bound::JustOver) => near(measured >= value, value),
        Some(Bound::About) | None => match claimed.rounded_to {
            Some(step) if (measured - value).abs() <= step / 2.0 + 1e-9 => Closeness::Accurate,
            Some(_) if within(tolerance.roughly_right, value) => Closeness::Roughly,
            Some(_) => Closeness::Off,
            None => plain,
        },
    }
}

/// The distance of a claimed figure from a measured value under a tolerance's kind.
fn distance(claimed: f64, measured: f64, tolerance: &Tolerance) -> f64 {
    let (abs, rel) = differences(claimed, measured);
    match tolerance.kind {
        ToleranceKind::Absolute => abs.abs(),
        ToleranceKind::Relative => match rel {
            Some(r) => r.abs(),
            None if abs == 0.0 => 0.0,
            None => f64::INFINITY,
        },
    }
}

/// Decides a claim's verdict from its measures' roles and grades (see the module docs for the
/// rules). Returns the verdict and the index of the measure that decided it (`None` when no
/// measure matched).
///
/// ```
/// use tradedef::claims::{decide, Closeness, Role, Verdict};
/// let graded = [(Role::Headline, Closeness::Off), (Role::Alternative, Closeness::Accurate)];
/// assert_eq!(decide(&graded), (Verdict::RightNumberWrongDefinition, Some(1)));
/// let graded = [(Role::Headline, Closeness::Off), (Role::Earlier, Closeness::Roughly)];
/// assert_eq!(decide(&graded), (Verdict::Outdated, Some(1)));
/// ```
pub fn decide(graded: &[(Role, Closeness)]) -> (Verdict, Option<usize>) {
    let find = |role: Role, closeness: Closeness| {
        graded
            .iter()
            .position(|&(r, c)| r == role && c == closeness)
    };
    let headline = graded.iter().position(|&(r, _)| r == Role::Headline);
    let headline_grade = headline.map(|i| graded[i].1);
    match headline_grade {
        Some(Closeness::Accurate) => return (Verdict::Accurate, headline),
        Some(Closeness::Roughly) => return (Verdict::RoughlyRight, headline),
        _ => {}
    }
    if let Some(i) = find(Role::Alternative, Closeness::Accurate)
        .or_else(|| find(Role::Alternative, Closeness::Roughly))
    {
        return (Verdict::RightNumberWrongDefinition, Some(i));
    }
    if let Some(i) =
        find(Role::Earlier, Closeness::Accurate).or_else(|| find(Role::Earlier, Closeness::Roughly))
    {
        return (Verdict::Outdated, Some(i));
    }
    if headline_grade == Some(Closeness::Unavailable) || headline.is_none() {
        return (Verdict::NotCheckable, None);
    }
    (Verdict::Inaccurate, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_verdict_round_trips_through_its_name() {
        for v in Verdict::ALL {
            assert_eq!(Verdict::from_name(v.name()).unwrap(), v);
        }
    }

    #[test]
    fn absolute_tolerance_is_in_the_claims_unit() {
        let t = Tolerance {
            kind: ToleranceKind::Absolute,
            accurate: 1.0,
            roughly_right: 5.0,
        };
        assert_eq!(grade(75.0, Some(75.9), &t), Closeness::Accurate);
        assert_eq!(grade(75.0, Some(78.4), &t), Closeness::Roughly);
        assert_eq!(grade(75.0, Some(80.4), &t), Closeness::Off);
    }

    #[test]
    fn relative_difference_of_zero_measured() {
        assert_eq!(differences(1.0, 0.0), (1.0, None));
        assert_eq!(
            grade(0.0, Some(0.0), &Tolerance::default()),
            Closeness::Accurate
        );
        assert_eq!(grade(1.0, Some(0.0), &Tolerance::default()), Closeness::Off);
    }

    #[test]
    fn headline_accurate_beats_everything_and_missing_headline_is_not_checkable() {
        let all = [
            (Role::Headline, Closeness::Accurate),
            (Role::Alternative, Closeness::Accurate),
        ];
        assert_eq!(decide(&all), (Verdict::Accurate, Some(0)));
        let roughly = [
            (Role::Headline, Closeness::Roughly),
            (Role::Alternative, Closeness::Accurate),
        ];
        assert_eq!(decide(&roughly), (Verdict::RoughlyRight, Some(0)));
        let missing = [
            (Role::Headline, Closeness::Unavailable),
            (Role::Alternative, Closeness::Off),
        ];
        assert_eq!(decide(&missing), (Verdict::NotCheckable, None));
        let off = [
            (Role::Headline, Closeness::Off),
            (Role::Earlier, Closeness::Off),
        ];
        assert_eq!(decide(&off), (Verdict::Inaccurate, None));
    }
}
