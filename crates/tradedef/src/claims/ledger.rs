//! [`Ledger`]: a claims file, read and checked against the datasets.

use std::path::Path;

use super::file::{ClaimSpec, ClaimsFile, MeasureKind, MeasureSpec, Role};
use super::report::{AsPublished, ClaimCheck, MeasureCheck, Verdicts};
use super::verdict::{Closeness, Verdict, decide, differences};
use super::words_of;
use crate::analysis::figures;
use crate::analysis::traced::{Gap, InputUsed, Recipe, ReleasePick, story_day};
use crate::claims::defect;
use crate::data::Provenance;
use crate::error::ensure;
use crate::{Error, Location, Result};

/// The claims files embedded in the crate, by name (the file stem in `data/claims/`).
const EMBEDDED: &[(&str, &str)] = &[
    (
        "japan-dilemma-2025",
        include_str!("../../../../data/claims/japan-dilemma-2025.toml"),
    ),
    (
        "world-milex-2024",
        include_str!("../../../../data/claims/world-milex-2024.toml"),
    ),
    (
        "mexico-deficit-2024",
        include_str!("../../../../data/claims/mexico-deficit-2024.toml"),
    ),
    (
        "germany-milex-2024",
        include_str!("../../../../data/claims/germany-milex-2024.toml"),
    ),
];

/// The largest claims file read (a story's claims take a few kilobytes).
const MAX_CLAIMS_BYTES: u64 = 16 << 20;

/// A story's claims, ready to be checked against the data.
///
/// ```
/// use tradedef::prelude::*;
/// let ledger = Ledger::embedded("japan-dilemma-2025")?;
/// let verdicts = ledger.check()?;
/// assert_eq!(verdicts.checks.len(), ledger.file().claims.len());
/// // Every checked claim names the rows it was measured on.
/// for c in verdicts.checks.iter().filter(|c| c.verdict != Verdict::NotCheckable) {
///     assert!(!c.rows_text().is_empty(), "{}", c.id);
/// }
/// # Ok::<(), tradedef::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Ledger {
    file: ClaimsFile,
}

impl Ledger {
    /// Reads a claims file (TOML) from disk.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Ledger> {
        let path = path.as_ref();
        let bytes = crate::data::read_bounded(path, MAX_CLAIMS_BYTES)?;
        let shown = path.display().to_string();
        let text = crate::toml_text::text_of(&bytes, crate::Location::file(&shown))?;
        Ledger::from_toml_str(text, &shown)
    }

    /// Reads claims from TOML text; `file` names it in errors.
    pub fn from_toml_str(text: &str, file: &str) -> Result<Ledger> {
        Ok(Ledger {
            file: ClaimsFile::parse(text, file)?,
        })
    }

    /// A claims file embedded in the crate, by name (see [`Ledger::embedded_names`]).
    pub fn embedded(name: &str) -> Result<Ledger> {
        let (_, text) = EMBEDDED.iter().find(|(n, _)| *n == name).ok_or_else(|| {
            Error::not_found("embedded claims file", name, Ledger::embedded_names())
        })?;
        Ledger::from_toml_str(text, &format!("embedded:data/claims/{name}.toml"))
    }

    /// The names of the embedded claims files.
    pub fn embedded_names() -> Vec<&'static str> {
        EMBEDDED.iter().map(|(n, _)| *n).collect()
    }

    /// The parsed claims file.
    pub fn file(&self) -> &ClaimsFile {
        &self.file
    }

    /// Measures every claim under each of its definitions and gives the verdicts.
    ///
    /// An error means the claims file is wrong (an unknown dataset, column, analysis, argument
    /// or country; a filter of the wrong type, or one that matches several rows or vintages; a
    /// bad expression) and names the claim, the measure and what exists. A claim the data
    /// refute is not an error: it is a verdict. Nor is a figure the data do not hold (a year
    /// they do not cover, a partner with no rows, an empty cell): its measure is unavailable,
    /// with the reason (what was asked, what the data hold), and a claim whose headline is
    /// unavailable and that no other measure matches is "not checkable"; the other claims are
    /// still checked. [`Ledger::check_strict`] makes those claims an error.
    pub fn check(&self) -> Result<Verdicts> {
        let checks = self
            .file
            .claims
            .iter()
            .map(|c| self.check_claim(c))
            .collect::<Result<Vec<_>>>()?;
        Ok(Verdicts {
            file: self.file.file.clone(),
            story: self.file.story.clone(),
            checks,
        })
    }

    /// Like [`Ledger::check`], but a claim that the data could not check (its headline figure
    /// unavailable, no other measure matching) is an error naming every such claim and why.
    /// Claims set to "not checkable" by hand, with a reason, are not: that is the file's verdict.
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// let text = r#"
    /// [story]
    /// id = "demo"
    /// title = "A demo story"
    ///
    /// [[claims]]
    /// id = "deficit-2031"
    /// quote = "a $70 billion goods deficit with Japan in 2031"
    /// claimed = { value = 70, unit = "USD billions", period = "2031" }
    ///
    /// [[claims.measures]]
    /// definition = "goods, Census basis, calendar 2031"
    /// analysis = "us_goods_deficit"
    /// args = { partner = "Japan", year = 2031 }
    /// "#;
    /// let ledger = Ledger::from_toml_str(text, "demo.toml")?;
    /// let verdicts = ledger.check()?;
    /// assert_eq!(verdicts.get("deficit-2031")?.verdict, Verdict::NotCheckable);
    /// let e = ledger.check_strict().unwrap_err().to_string();
    /// assert!(e.contains("claim `deficit-2031`") && e.contains("year = 2031"), "{e}");
    /// # Ok::<(), tradedef::Error>(())
    /// ```
    pub fn check_strict(&self) -> Result<Verdicts> {
        let verdicts = self.check()?;
        let unchecked: Vec<String> = verdicts
            .checks
            .iter()
            .zip(&self.file.claims)
            .filter(|(c, spec)| c.verdict == Verdict::NotCheckable && spec.verdict.is_none())
            .map(|(c, _)| {
                let measure = c
                    .deciding_measure()
                    .map(|m| format!(", measure `{}`", m.definition))
                    .unwrap_or_default();
                format!(
                    "claim `{}`{measure}: not checkable: {}",
                    c.id,
                    c.reason.as_deref().unwrap_or("no figure")
                )
            })
            .collect();
        if unchecked.is_empty() {
            Ok(verdicts)
        } else {
            Err(Error::invalid(
                Location::file(&self.file.file),
                format!(
                    "{} claim{} not checkable with these data (strict): {}",
                    unchecked.len(),
                    if unchecked.len() == 1 { " is" } else { "s are" },
                    unchecked.join("; ")
                ),
            ))
        }
    }

    /// The release rule of the story's date (`figures_as_of`, else `published`), when the
    /// story gives one.
    fn story_pick(&self) -> Option<ReleasePick> {
        let story = &self.file.story;
        story
            .figures_as_of
            .as_deref()
            .or(story.published.as_deref())
            .and_then(story_day)
            .map(ReleasePick::AsOf)
    }

    fn check_claim(&self, claim: &ClaimSpec) -> Result<ClaimCheck> {
        let tolerance = claim
            .tolerance
            .or(self.file.defaults.tolerance)
            .unwrap_or_default();
        let mut measures = Vec::with_capacity(claim.measures.len());
        let any_headline = claim
            .measures
            .iter()
            .any(|m| m.role == Some(Role::Headline));
        for (i, spec) in claim.measures.iter().enumerate() {
            let role = spec.role.unwrap_or(if i == 0 && !any_headline {
                Role::Headline
            } else {
                Role::Alternative
            });
            let fail = |e: Error| {
                Error::invalid(
                    Location::file(&self.file.file),
                    format!(
                        "claim `{}`, measure `{}`: {}",
                        claim.id,
                        spec.definition,
                        words_of(&e)
                    ),
                )
            };
            let (method, value, inputs, provenance) =
                measure(spec, ReleasePick::Latest).map_err(fail)?;
            let as_published = match self.story_pick() {
                // The same measure on the release current on the story's date. The claims file
                // was read once already: what fails now is a release the day lacks, a gap.
                Some(pick) => match measure(spec, pick) {
                    Ok((_, then, then_inputs, then_provenance)) => {
                        let then_measured = then.as_ref().ok().copied();
                        let rows = |used: &[InputUsed]| {
                            used.iter().map(|i| i.rows.rows.clone()).collect::<Vec<_>>()
                        };
                        (rows(&then_inputs) != rows(&inputs)
                            || !same_figure(then_measured, value.as_ref().ok().copied()))
                        .then(|| AsPublished {
                            rule: pick.to_string(),
                            measured: then_measured,
                            unavailable: then.err().map(|gap| gap.0),
                            closeness: claim.claimed.grade(then_measured, &tolerance),
                            inputs: then_inputs,
                            provenance: then_provenance,
                        })
                    }
                    Err(reason) => Some(AsPublished {
                        rule: pick.to_string(),
                        measured: None,
                        unavailable: Some(words_of(&reason)),
                        closeness: Closeness::Unavailable,
                        inputs: Vec::new(),
                        provenance: Provenance::default(),
                    }),
                },
                None => None,
            };
            let measured = value.as_ref().ok().copied();
            let (difference, relative_difference) = match measured {
                Some(m) => {
                    let (a, r) = differences(claim.claimed.value, m);
                    (Some(a), r)
                }
                None => (None, None),
            };
            measures.push(MeasureCheck {
                definition: spec.definition.clone(),
                role,
                method,
                measured,
                unavailable: value.err().map(|gap| gap.0),
                difference,
                relative_difference,
                closeness: claim.claimed.grade(measured, &tolerance),
                inputs,
                provenance,
                note: spec.note.clone(),
                as_published,
            });
        }
        let (verdict, decided_by) = if claim.verdict.is_some() {
            (Verdict::NotCheckable, None)
        } else {
            let graded: Vec<(Role, Closeness)> =
                measures.iter().map(|m| (m.role, m.closeness)).collect();
            let (verdict, by) = decide(&graded);
            // Right on the release current on the story's date, and less right on the latest.
            let headline_then = |wanted: &[Closeness]| {
                measures.iter().position(|m| {
                    m.role == Role::Headline
                        && m.as_published
                            .as_ref()
                            .is_some_and(|p| wanted.contains(&p.closeness))
                })
            };
            match verdict {
                Verdict::Accurate => (verdict, by),
                Verdict::RoughlyRight => match headline_then(&[Closeness::Accurate]) {
                    Some(i) => (Verdict::AccurateAsPublished, Some(i)),
                    None => (verdict, by),
                },
                _ => match headline_then(&[Closeness::Accurate, Closeness::Roughly]) {
                    Some(i) => (Verdict::AccurateAsPublished, Some(i)),
                    None => (verdict, by),
                },
            }
        };
        let reason = match (
            &claim.reason,
            verdict,
            measures.iter().find(|m| m.role == Role::Headline),
        ) {
            (Some(r), _, _) => Some(r.clone()),
            (None, Verdict::NotCheckable, Some(h)) => h.unavailable.clone(),
            _ => None,
        };
        Ok(ClaimCheck {
            id: claim.id.clone(),
            quote: claim.quote.clone(),
            claimed: claim.claimed.clone(),
            tolerance,
            verdict,
            decided_by,
            measures,
            notes: claim.notes.clone(),
            reason,
        })
    }
}

type Measured = (
    String,
    std::result::Result<f64, Gap>,
    Vec<InputUsed>,
    Provenance,
);

/// Whether two measurements are one figure: both missing, or equal to 1 part in 10⁹ (an
/// analysis's figure and the same rows read again may differ in the last bits).
fn same_figure(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0),
        (a, b) => a == b,
    }
}

/// A measure of a claims file, evaluated: a selection or a derived value as a
/// [`Recipe`], a named analysis through [`figures::compute`], which returns the rows it used.
fn measure(spec: &MeasureSpec, pick: ReleasePick) -> Result<Measured> {
    let scale = spec.scale.unwrap_or(1.0);
    ensure!(
        scale.is_finite() && scale != 0.0,
        defect(format!(
            "`scale` = {scale} must be a finite, non-zero number"
        ))
    );
    let traced = match spec.kind()? {
        MeasureKind::Selection(s) => {
            let mut t = Recipe::selection(s).scaled(scale).evaluate(pick)?;
            t.method = "selection".to_string();
            t
        }
        MeasureKind::Derived { inputs, value } => {
            Recipe::new(inputs, value).scaled(scale).evaluate(pick)?
        }
        MeasureKind::Analysis { name, args } => {
            let mut t = figures::compute(&name, &args, pick)?;
            // a claims file's own unit on top of the figure's
            t.value = t.value.map(|v| v * scale);
            t
        }
    };
    let value = match (traced.value, traced.unavailable) {
        (Some(v), _) => Ok(v),
        (None, reason) => Err(Gap(reason.unwrap_or_else(|| "no figure".into()))),
    };
    Ok((traced.method, value, traced.inputs, traced.provenance))
}
