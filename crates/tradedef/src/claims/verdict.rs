//! The verdict scale, and how a claim's measures decide its verdict.
//!
//! | verdict | when |
//! |---|---|
//! | accurate | the headline measure is within the `accurate` tolerance |
//! | roughly right | the headline measure is within `roughly_right` |
//! | right number, wrong definition | the headline is off, but an alternative definition is within `roughly_right` (an accurate one preferred) |
//! | outdated | neither the headline nor an alternative matches, but an earlier period or vintage does |
//! | inaccurate | no measure matches |
//! | not checkable | set by hand with a reason, or the headline figure is missing from the data and nothing else matches |

use std::fmt;

use serde::{Deserialize, Serialize};

use super::file::{Role, Tolerance, ToleranceKind};

/// The verdict on one claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Verdict {
    /// The headline definition measures what the story says.
    Accurate,
    /// The headline definition is close, within the looser tolerance.
    RoughlyRight,
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
    pub const ALL: [Verdict; 6] = [
        Verdict::Accurate,
        Verdict::RoughlyRight,
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
    /// assert!(Verdict::from_name("mostly true").unwrap_err().contains("accurate, roughly right"));
    /// ```
    pub fn from_name(name: &str) -> Result<Verdict, String> {
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
                format!(
                    "unknown verdict `{name}`; the scale is: {}",
                    Verdict::ALL
                        .iter()
                        .map(|v| v.name())
                        .collect::<Vec<_>>()
                        .join(", ")
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
