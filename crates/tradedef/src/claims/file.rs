//! The claims file: a story's numeric claims, written in TOML by a person, read into
//! [`ClaimsFile`]. Parsing checks the shape (fields, types, duplicate ids, names of verdicts,
//! roles and aggregates); checking against the data happens in [`super::Ledger::check`].
//!
//! ```toml
//! [story]
//! id = "japan-dilemma-2025"
//! title = "Defense or Defiance? Japan's Dilemma as Trump Demands Trade Concessions"
//! published = "2025-02"
//!
//! [defaults.tolerance]            # optional; built-in: relative, 0.02 and 0.10
//! kind = "relative"
//! accurate = 0.02
//! roughly_right = 0.10
//!
//! [[claims]]
//! id = "us-japan-goods-deficit-2024"
//! quote = "…the $68 billion U.S. trade deficit."
//! claimed = { value = 68, unit = "USD billions", period = "2024" }
//! notes = "Why this definition is the headline one."
//!
//! [[claims.measures]]
//! definition = "goods, Census basis, calendar 2024"
//! dataset = "us_japan_goods_trade"
//! filter = { flow = "balance", year = 2024 }
//! empty = ["month"]                # month empty = annual total
//! column = "value"                 # default "value"
//! aggregate = "only"               # default "only": exactly one row
//! scale = -0.001                   # USD millions → billions, deficit = −balance
//! ```

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::verdict::Verdict;
use crate::analysis::traced::{Aggregate, Selection};
use crate::claims::defect;
use crate::error::{bail, ensure};
use crate::{Error, Location, Result, TextPosition};

/// The whole claims file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimsFile {
    /// Where it was read from (a path or `embedded:<name>`), used in every error.
    pub file: String,
    /// The story the claims come from.
    pub story: Story,
    /// Defaults for claims that do not set them.
    pub defaults: Defaults,
    /// The claims, in file order.
    pub claims: Vec<ClaimSpec>,
}

/// The story the claims are quoted from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Story {
    /// Short id, usually the claims file's stem.
    pub id: String,
    /// The headline.
    pub title: String,
    /// The outlet, if known.
    #[serde(default)]
    pub outlet: Option<String>,
    /// When it was published (`YYYY-MM-DD` or `YYYY-MM`).
    #[serde(default)]
    pub published: Option<String>,
    /// Where it was published.
    #[serde(default)]
    pub url: Option<String>,
    /// The day whose releases hold the figures the story quoted, when it is not `published`
    /// (`YYYY-MM-DD` or `YYYY-MM`): e.g. a story of 5 February quoting figures these data hold
    /// first in a file of April that carried them unchanged. Say why in `notes`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figures_as_of: Option<String>,
    /// Remarks on the story as a whole.
    #[serde(default)]
    pub notes: Option<String>,
}

/// File-wide defaults.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    /// The tolerance of claims that set none. By default [`Tolerance::default`].
    #[serde(default)]
    pub tolerance: Option<Tolerance>,
}

/// How close a measured value must be to the claimed one.
///
/// `relative`: |claimed − measured| / |measured|; `absolute`: |claimed − measured| in the
/// claim's unit (percentage points for a share or a growth rate).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tolerance {
    /// Relative or absolute. By default relative.
    #[serde(default)]
    pub kind: ToleranceKind,
    /// Up to this difference the claim is "accurate".
    pub accurate: f64,
    /// Up to this difference it is "roughly right"; beyond, it is off.
    pub roughly_right: f64,
}

impl Default for Tolerance {
    /// Relative: within 2% accurate, within 10% roughly right.
    fn default() -> Self {
        Tolerance {
            kind: ToleranceKind::Relative,
            accurate: 0.02,
            roughly_right: 0.10,
        }
    }
}

impl fmt::Display for Tolerance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ToleranceKind::Relative => write!(
                f,
                "accurate within {}%, roughly right within {}%",
                // 0.07 × 100 is 7.000000000000001: rounded, so no binary noise is written
                crate::output::round_significant(self.accurate * 100.0, 12),
                crate::output::round_significant(self.roughly_right * 100.0, 12)
            ),
            ToleranceKind::Absolute => {
                write!(
                    f,
                    "accurate within ±{}, roughly right within ±{}",
                    self.accurate, self.roughly_right
                )
            }
        }
    }
}

/// Whether a tolerance is a fraction of the measured value or a difference in the claim's unit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ToleranceKind {
    /// A fraction of the measured value (0.02 = 2%).
    #[default]
    Relative,
    /// A difference in the claim's unit, e.g. percentage points.
    Absolute,
}

/// The figure as the story states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claimed {
    /// The number, in `unit`.
    pub value: f64,
    /// The unit, e.g. "USD billions" or "percent".
    pub unit: String,
    /// The period the story means or implies, e.g. "2024" or "FY2025".
    #[serde(default)]
    pub period: Option<String>,
    /// The words that bound the figure ("more than", "nearly", …); none means "about this
    /// figure", within the tolerance. See [`Bound`] and the rules in `claims::verdict`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound: Option<Bound>,
    /// A range the story gives ("between 5 and 6 percent"), `[low, high]`; `value` is then the
    /// figure shown with the verdict (e.g. the middle). The measured value must lie in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<[f64; 2]>,
    /// The direction the words give a change ("rose", "fell"): the measured change must have
    /// that sign, and `value` is compared with its size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// The step the figure is rounded to as printed (`0.1` for "$2.7 trillion", `1` for "54,000
    /// troops" written in thousands as 54): the figure is accurate when the measured value
    /// rounds to it, i.e. lies within half a step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounded_to: Option<f64>,
}

impl Claimed {
    /// A claimed figure with its unit, no period and no form.
    ///
    /// ```
    /// use tradedef::claims::{Bound, Claimed};
    /// let c = Claimed::new(33.3, "percent").bound(Bound::MoreThan);
    /// assert_eq!(c.form().unwrap(), "more than 33.3 percent");
    /// ```
    pub fn new(value: f64, unit: impl Into<String>) -> Self {
        Claimed {
            value,
            unit: unit.into(),
            period: None,
            bound: None,
            range: None,
            direction: None,
            rounded_to: None,
        }
    }

    /// The same figure with a bound.
    pub fn bound(mut self, bound: Bound) -> Self {
        self.bound = Some(bound);
        self
    }

    /// The same figure as a range.
    pub fn range(mut self, low: f64, high: f64) -> Self {
        self.range = Some([low, high]);
        self
    }

    /// The same figure as a change in a direction.
    pub fn direction(mut self, direction: Direction) -> Self {
        self.direction = Some(direction);
        self
    }

    /// The same figure, rounded to a step as printed.
    pub fn rounded_to(mut self, step: f64) -> Self {
        self.rounded_to = Some(step);
        self
    }

    /// The claim's form in words ("more than 33.3 percent", "a fall of 5 percent"), or `None`
    /// for a plain figure.
    pub fn form(&self) -> Option<String> {
        let figure = |x: f64| format!("{} {}", super::report::fmt_claimed(x), self.unit);
        let base = match (self.range, self.bound) {
            (Some([lo, hi]), _) => Some(format!(
                "between {} and {}",
                super::report::fmt_claimed(lo),
                figure(hi)
            )),
            (None, Some(b)) => Some(format!("{} {}", b.words(), figure(self.value))),
            (None, None) if self.rounded_to.is_some() => Some(format!(
                "{} (rounded to {})",
                figure(self.value),
                super::report::fmt_claimed(self.rounded_to.unwrap_or(1.0))
            )),
            (None, None) => None,
        };
        match (self.direction, base) {
            (Some(d), Some(b)) => Some(format!("{} of {b}", d.words())),
            (Some(d), None) => Some(format!("{} of {}", d.words(), figure(self.value))),
            (None, b) => b,
        }
    }

    /// Grades a measured value against this claim under a tolerance (the rules of
    /// `claims::verdict`).
    pub fn grade(&self, measured: Option<f64>, tolerance: &Tolerance) -> super::Closeness {
        super::verdict::grade_claim(self, measured, tolerance)
    }
}

/// The words that bound a claimed figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Bound {
    /// "more than", "over", "above", "exceeds": the measured value is above the figure.
    #[serde(alias = "over", alias = "above")]
    MoreThan,
    /// "at least": at or above.
    AtLeast,
    /// "just over", "just above": above, and within the roughly-right tolerance.
    JustOver,
    /// "nearly", "almost", "just under", "close to": at or below, within the roughly-right
    /// tolerance.
    #[serde(alias = "almost", alias = "just_under")]
    Nearly,
    /// "about", "around", "roughly", "some": either side, within the tolerance (as a plain
    /// figure).
    #[serde(alias = "around", alias = "roughly")]
    About,
    /// "under", "less than", "below": below the figure.
    #[serde(alias = "less_than", alias = "below")]
    Under,
    /// "at most", "up to", "no more than": at or below.
    #[serde(alias = "up_to")]
    AtMost,
}

impl Bound {
    /// Its name in a claims file, e.g. "more_than".
    pub fn name(self) -> &'static str {
        match self {
            Bound::MoreThan => "more_than",
            Bound::AtLeast => "at_least",
            Bound::JustOver => "just_over",
            Bound::Nearly => "nearly",
            Bound::About => "about",
            Bound::Under => "under",
            Bound::AtMost => "at_most",
        }
    }

    /// The words, e.g. "more than".
    pub fn words(self) -> &'static str {
        match self {
            Bound::MoreThan => "more than",
            Bound::AtLeast => "at least",
            Bound::JustOver => "just over",
            Bound::Nearly => "nearly",
            Bound::About => "about",
            Bound::Under => "under",
            Bound::AtMost => "at most",
        }
    }
}

/// The direction of a claimed change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Direction {
    /// "rose", "increased", "climbed", "jumped", "up": the change is positive.
    #[serde(alias = "up", alias = "rose", alias = "increase")]
    Rise,
    /// "fell", "declined", "shrank", "dropped", "down": the change is negative.
    #[serde(alias = "down", alias = "fell", alias = "decrease")]
    Fall,
}

impl Direction {
    /// Its name in a claims file: "rise" or "fall".
    pub fn name(self) -> &'static str {
        match self {
            Direction::Rise => "rise",
            Direction::Fall => "fall",
        }
    }

    /// The words, e.g. "a rise".
    pub fn words(self) -> &'static str {
        match self {
            Direction::Rise => "a rise",
            Direction::Fall => "a fall",
        }
    }
}

/// One claim of the story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimSpec {
    /// Unique id within the file.
    pub id: String,
    /// The sentence as quoted.
    pub quote: String,
    /// The claimed figure.
    pub claimed: Claimed,
    /// How close is close enough; the file's default if absent.
    #[serde(default)]
    pub tolerance: Option<Tolerance>,
    /// Definitions and the reasoning behind the measures.
    #[serde(default)]
    pub notes: Option<String>,
    /// Only `"not checkable"` may be set by hand (with a `reason`); every other verdict is computed.
    #[serde(default)]
    pub verdict: Option<String>,
    /// Why the claim cannot be checked with these data.
    #[serde(default)]
    pub reason: Option<String>,
    /// The ways of measuring the claim, each under one definition.
    #[serde(default)]
    pub measures: Vec<MeasureSpec>,
}

/// What a measure stands for in the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Role {
    /// The definition the story's words mean; it decides "accurate" and "roughly right".
    Headline,
    /// Another definition of the same figure; a match gives "right number, wrong definition".
    Alternative,
    /// The same definition for an earlier period or vintage; a match gives "outdated".
    Earlier,
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Role::Headline => "headline",
            Role::Alternative => "alternative",
            Role::Earlier => "earlier",
        })
    }
}

/// One way of measuring a claim, under one definition. Exactly one of: a dataset selection
/// (`dataset`, `filter`, …), a derived value (`inputs` + `value`), or a named `analysis`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureSpec {
    /// What is measured, in words: "goods, Census basis, calendar 2024, Feb 2025 release".
    pub definition: String,
    /// By default the first measure is the headline and the others are alternatives.
    #[serde(default)]
    pub role: Option<Role>,
    /// A remark shown with the result.
    #[serde(default)]
    pub note: Option<String>,
    /// Selection: the dataset.
    #[serde(default)]
    pub dataset: Option<String>,
    /// Selection: see [`Selection::filter`].
    #[serde(default)]
    pub filter: Option<toml::Table>,
    /// Selection: see [`Selection::empty`].
    #[serde(default)]
    pub empty: Option<Vec<String>>,
    /// Selection: see [`Selection::vintage`].
    #[serde(default)]
    pub vintage: Option<String>,
    /// Selection: see [`Selection::column`].
    #[serde(default)]
    pub column: Option<String>,
    /// Selection: see [`Selection::aggregate`].
    #[serde(default)]
    pub aggregate: Option<Aggregate>,
    /// Selection: see [`Selection::sort_by`].
    #[serde(default)]
    pub sort_by: Option<String>,
    /// Derived: named selections, used by `value`.
    #[serde(default)]
    pub inputs: Option<BTreeMap<String, Selection>>,
    /// Derived: an [`super::Expression`] over the inputs, e.g. `"new / old * 100 - 100"`.
    #[serde(default)]
    pub value: Option<String>,
    /// A named analysis (see [`super::analyses`]).
    #[serde(default)]
    pub analysis: Option<String>,
    /// The analysis' arguments.
    #[serde(default)]
    pub args: Option<toml::Table>,
    /// Multiplies the measured value (after aggregation or the expression). By default 1.
    #[serde(default)]
    pub scale: Option<f64>,
}

/// The kind of a measure, once its fields are checked.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum MeasureKind {
    Selection(Selection),
    Derived {
        inputs: BTreeMap<String, Selection>,
        value: String,
    },
    Analysis {
        name: String,
        args: toml::Table,
    },
}

impl MeasureSpec {
    /// The measure's kind; an error if it mixes or lacks the fields of the three kinds.
    pub(crate) fn kind(&self) -> Result<MeasureKind> {
        let selection_fields = [
            ("filter", self.filter.is_some()),
            ("empty", self.empty.is_some()),
            ("vintage", self.vintage.is_some()),
            ("column", self.column.is_some()),
            ("aggregate", self.aggregate.is_some()),
            ("sort_by", self.sort_by.is_some()),
        ];
        let stray_selection: Vec<&str> = selection_fields
            .iter()
            .filter(|(_, set)| *set)
            .map(|(n, _)| *n)
            .collect();
        let kinds = [
            self.dataset.is_some(),
            self.inputs.is_some() || self.value.is_some(),
            self.analysis.is_some(),
        ];
        match kinds {
            [true, false, false] => {
                ensure!(
                    self.args.is_none(),
                    defect("`args` belongs to an `analysis`, not to a `dataset` selection")
                );
                Ok(MeasureKind::Selection(Selection {
                    dataset: self.dataset.clone().unwrap_or_default(),
                    filter: self.filter.clone().unwrap_or_default(),
                    empty: self.empty.clone().unwrap_or_default(),
                    vintage: self.vintage.clone(),
                    column: self.column.clone(),
                    aggregate: self.aggregate.unwrap_or_default(),
                    sort_by: self.sort_by.clone(),
                    scale: None,
                }))
            }
            [false, true, false] => {
                if !stray_selection.is_empty() || self.args.is_some() {
                    bail!(defect(format!(
                        "a derived measure (`inputs` + `value`) takes no {}; put selections under `inputs`",
                        if self.args.is_some() {
                            "`args`".to_string()
                        } else {
                            format!("`{}`", stray_selection.join("`, `"))
                        }
                    )));
                }
                match (&self.inputs, &self.value) {
                    (Some(inputs), Some(value)) if !inputs.is_empty() => Ok(MeasureKind::Derived {
                        inputs: inputs.clone(),
                        value: value.clone(),
                    }),
                    (_, None) => Err(defect(
                        "a measure with `inputs` needs a `value` expression over them",
                    )),
                    _ => Err(defect(
                        "a measure with a `value` expression needs `inputs` (named selections)",
                    )),
                }
            }
            [false, false, true] => {
                ensure!(
                    stray_selection.is_empty(),
                    defect(format!(
                        "an `analysis` measure takes its options in `args`, not `{}`",
                        stray_selection.join("`, `")
                    ))
                );
                Ok(MeasureKind::Analysis {
                    name: self.analysis.clone().unwrap_or_default(),
                    args: self.args.clone().unwrap_or_default(),
                })
            }
            [false, false, false] => Err(defect(
                "a measure needs one of: `dataset` (a selection), `inputs` + `value` (derived), or `analysis`",
            )),
            _ => Err(defect(
                "a measure is one of `dataset`, `inputs` + `value`, or `analysis`, not several",
            )),
        }
    }
}

impl ClaimsFile {
    /// Parses a claims file. `file` names it in errors. Checks the shape of every claim, that ids
    /// are unique, that hand-set verdicts are `"not checkable"` with a reason, that each claim
    /// has measures or that verdict, that tolerances are ordered, and that each measure is of
    /// exactly one kind.
    ///
    /// ```
    /// use tradedef::claims::ClaimsFile;
    /// let text = r#"
    /// [story]
    /// id = "demo"
    /// title = "Demo"
    /// [[claims]]
    /// id = "approval"
    /// quote = "polling at 28% approval"
    /// claimed = { value = 28, unit = "percent" }
    /// verdict = "not checkable"
    /// reason = "no opinion polls in these data"
    /// "#;
    /// let file = ClaimsFile::parse(text, "demo.toml").unwrap();
    /// assert_eq!(file.claims.len(), 1);
    /// let bad = text.replace("not checkable", "half true");
    /// assert!(ClaimsFile::parse(&bad, "demo.toml").unwrap_err().to_string().contains("half true"));
    /// ```
    pub fn parse(text: &str, file: &str) -> Result<Self> {
        // A BOM (as some editors write) is not part of the text.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        // Every error names the line and column: of the TOML fault, or of the claim at fault.
        let at = |span: Option<std::ops::Range<usize>>| match span {
            Some(span) => Location::file(file).position(TextPosition::of_offset(text, span.start)),
            None => Location::file(file),
        };
        let table: toml::Table = toml::from_str(text).map_err(|e| {
            Error::invalid(
                at(e.span()),
                format!("not valid TOML: {}", one_line(e.message())),
            )
        })?;
        match table.get("claims") {
            None => bail!(Error::invalid(
                at(None),
                "no `[[claims]]`: a claims file lists at least one claim",
            )),
            Some(toml::Value::Array(_)) => {}
            Some(other) => bail!(Error::invalid(
                at(None),
                format!(
                    "`claims` must be an array of tables (`[[claims]]`), found {}",
                    other.type_str()
                ),
            )),
        }
        // Where each claim is and what it is called, to name the claim an error falls in.
        let outline: Outline = toml::from_str(text)
            .map_err(|e| Error::invalid(at(e.span()), one_line(e.message())))?;
        // A `[[claims]]` table's span is its header: the claim runs to the next one's.
        let name_at = |offset: usize| {
            let i = outline
                .claims
                .iter()
                .rposition(|c| c.span().start <= offset)?;
            Some(claim_name(outline.claims[i].get_ref(), i))
        };
        let document: Document = toml::from_str(text).map_err(|e| {
            let message = one_line(e.message());
            let name = e.span().and_then(|span| name_at(span.start));
            Error::invalid(
                at(e.span()),
                match name {
                    Some(name) => format!("{name}: {message}"),
                    None => message,
                },
            )
        })?;
        if let Some(day) = &document.story.figures_as_of
            && crate::analysis::traced::story_day(day).is_none()
        {
            return Err(Error::invalid(
                at(None),
                format!("story.figures_as_of = `{day}` is not a date (YYYY-MM-DD or YYYY-MM)"),
            ));
        }
        if let Some(t) = &document.defaults.tolerance {
            check_tolerance(t)
                .map_err(|m| Error::invalid(at(None), format!("defaults.tolerance: {m}")))?;
        }
        let mut claims = Vec::with_capacity(document.claims.len());
        let mut seen = HashSet::new();
        for (i, spanned) in document.claims.into_iter().enumerate() {
            let span = spanned.span();
            let claim = spanned.into_inner();
            let name = outline.claims.get(i).map_or_else(
                || format!("claim #{}", i + 1),
                |c| claim_name(c.get_ref(), i),
            );
            let fail = |m: String| Error::invalid(at(Some(span.clone())), format!("{name}: {m}"));
            ensure!(!claim.id.trim().is_empty(), fail("`id` is empty".into()));
            ensure!(
                seen.insert(claim.id.clone()),
                fail("duplicate claim id: every claim needs its own `id`".into())
            );
            check_claim(&claim).map_err(|e| fail(super::words_of(&e)))?;
            claims.push(claim);
        }
        Ok(ClaimsFile {
            file: file.to_string(),
            story: document.story,
            defaults: document.defaults,
            claims,
        })
    }
}

/// The claims of a file, untyped, with where each is.
#[derive(Deserialize)]
struct Outline {
    claims: Vec<toml::Spanned<toml::Value>>,
}

/// "claim `id`", or "claim #n (no id)".
fn claim_name(claim: &toml::Value, index: usize) -> String {
    claim
        .get("id")
        .and_then(|v| v.as_str())
        .map(|s| format!("claim `{s}`"))
        .unwrap_or_else(|| format!("claim #{} (no id)", index + 1))
}

/// The whole file, typed.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    story: Story,
    #[serde(default)]
    defaults: Defaults,
    claims: Vec<toml::Spanned<ClaimSpec>>,
}

fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn check_tolerance(t: &Tolerance) -> Result<()> {
    if !(t.accurate >= 0.0 && t.roughly_right >= t.accurate && t.roughly_right.is_finite()) {
        bail!(defect(format!(
            "tolerance needs 0 <= accurate <= roughly_right, found accurate = {}, roughly_right = {}",
            t.accurate, t.roughly_right
        )));
    }
    Ok(())
}

fn check_claim(claim: &ClaimSpec) -> Result<()> {
    if let Some(t) = &claim.tolerance {
        check_tolerance(t)?;
    }
    ensure!(
        claim.claimed.value.is_finite(),
        defect("`claimed.value` must be a finite number")
    );
    if let Some([lo, hi]) = claim.claimed.range {
        ensure!(
            lo.is_finite() && hi.is_finite() && lo <= hi,
            defect(format!(
                "`claimed.range` = [{lo}, {hi}] must be two finite numbers, low first"
            ))
        );
        ensure!(
            claim.claimed.bound.is_none(),
            defect("`claimed` has both a `range` and a `bound`; a range is its own bound")
        );
    }
    if let Some(step) = claim.claimed.rounded_to {
        ensure!(
            step.is_finite() && step > 0.0,
            defect(format!(
                "`claimed.rounded_to` = {step} must be a positive number (e.g. 0.1)"
            ))
        );
    }
    match &claim.verdict {
        Some(v) => {
            let verdict = Verdict::from_name(v)?;
            if verdict != Verdict::NotCheckable {
                bail!(defect(format!(
                    "verdict `{v}` cannot be set by hand; only `not checkable` can (with a `reason`), the others are computed from the measures"
                )));
            }
            if claim.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
                bail!(defect("a `not checkable` claim needs a `reason`"));
            }
            if !claim.measures.is_empty() {
                bail!(defect(
                    "a `not checkable` claim has no `measures`; remove the verdict to check it"
                ));
            }
        }
        None => {
            ensure!(
                !claim.measures.is_empty(),
                defect(
                    "no `[[claims.measures]]`: add a measure, or set `verdict = \"not checkable\"` with a `reason`"
                )
            );
        }
    }
    let headlines = claim
        .measures
        .iter()
        .filter(|m| m.role == Some(Role::Headline))
        .count();
    if headlines > 1 {
        bail!(defect(format!(
            "{headlines} measures have `role = \"headline\"`; at most one may"
        )));
    }
    let mut labels = HashSet::new();
    for m in &claim.measures {
        if !labels.insert(m.definition.as_str()) {
            bail!(defect(format!(
                "two measures share the definition `{}`; each needs its own label",
                m.definition
            )));
        }
        m.kind().map_err(|e| {
            defect(format!(
                "measure `{}`: {}",
                m.definition,
                super::words_of(&e)
            ))
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "[story]\nid = \"s\"\ntitle = \"S\"\n\n[[claims]]\nid = \"a\"\nquote = \"q\"\nclaimed = { value = 1, unit = \"percent\" }\nverdict = \"not checkable\"\nreason = \"r\"\n";

    fn location(text: &str) -> (Location, String) {
        match ClaimsFile::parse(text, "s.toml") {
            Err(Error::Invalid { location, message }) => (location, message),
            other => panic!("expected an invalid-file error, got {other:?}"),
        }
    }

    #[test]
    fn errors_carry_the_line_and_column() {
        assert!(ClaimsFile::parse(FILE, "s.toml").is_ok());
        // A TOML fault: the line and column of the fault itself.
        let (at, message) = location(&FILE.replace("quote = \"q\"", "quote = q"));
        assert_eq!(at.position.as_ref().map(|p| p.line), Some(7), "{message}");
        assert!(message.starts_with("not valid TOML"), "{message}");
        // A field the schema does not know: its line, and the claim it is in.
        let (at, message) = location(&FILE.replace("reason = \"r\"", "reason = \"r\"\nsauce = 1"));
        assert_eq!(
            at.position.as_ref().map(|p| (p.line, p.column)),
            Some((11, 1)),
            "{message}"
        );
        assert!(
            message.contains("claim `a`") && message.contains("sauce"),
            "{message}"
        );
        assert!(at.to_string().contains("s.toml, line 11, column 1"), "{at}");
    }
}
