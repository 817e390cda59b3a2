//! The results of checking a claims file: [`Verdicts`], one [`ClaimCheck`] per claim, one
//! [`MeasureCheck`] per definition, each traced to rows; shown as a table, CSV, JSON, Markdown
//! or a DataFrame.

use std::fmt;

use polars::prelude::{Column, DataFrame};
use serde::Serialize;

use super::file::{Claimed, Role, Story, Tolerance};
use super::verdict::{Closeness, Verdict};
use crate::analysis::traced::InputUsed;
use crate::data::Provenance;
use crate::output::{NumberFormat, decimals_of};
use crate::{Error, Location, Result};

/// A claim measured under one definition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureCheck {
    /// The definition, as labelled in the claims file.
    pub definition: String,
    /// Headline, alternative or earlier.
    pub role: Role,
    /// How it is computed: `selection`, `value = …` or `analysis name(args) → value = …`.
    pub method: String,
    /// The measured value in the claim's unit, if the data hold it.
    pub measured: Option<f64>,
    /// Why there is no measured value (a missing cell and its reason, a division by zero).
    pub unavailable: Option<String>,
    /// claimed − measured.
    pub difference: Option<f64>,
    /// (claimed − measured) / |measured|.
    pub relative_difference: Option<f64>,
    /// How close it comes to the claim.
    pub closeness: Closeness,
    /// The inputs, each with its rows.
    pub inputs: Vec<InputUsed>,
    /// The datasets used, with their vintages.
    pub provenance: Provenance,
    /// The measure's note from the claims file.
    pub note: Option<String>,
    /// The same measure on the release current on the story's date, when that release differs
    /// from the latest one (see `claims::ReleasePick`).
    pub as_published: Option<AsPublished>,
}

/// A measure read from the release that was current on the story's date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AsPublished {
    /// The rule that picked the release, e.g. "the release current on 2025-04-28".
    pub rule: String,
    /// The value then, in the claim's unit, if that release holds it.
    pub measured: Option<f64>,
    /// Why that release gives no value.
    pub unavailable: Option<String>,
    /// How close the value then comes to the claim.
    pub closeness: Closeness,
    /// The inputs, each with its rows (their vintages in the keys).
    pub inputs: Vec<InputUsed>,
    /// The datasets used.
    pub provenance: Provenance,
}

impl MeasureCheck {
    /// "dataset where filter → rows …" for every input, joined with "; ".
    pub fn rows_text(&self) -> String {
        self.inputs
            .iter()
            .map(|i| {
                if self.inputs.len() == 1 && i.name == "value" {
                    i.rows.to_string()
                } else {
                    format!("{} = {}", i.name, i.rows)
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// The verdict on one claim, with every measure that informed it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimCheck {
    /// The claim's id.
    pub id: String,
    /// The sentence as quoted.
    pub quote: String,
    /// The figure as claimed.
    pub claimed: Claimed,
    /// The tolerance applied.
    pub tolerance: Tolerance,
    /// The verdict.
    pub verdict: Verdict,
    /// The index in `measures` of the measure that decided the verdict, if one matched.
    pub decided_by: Option<usize>,
    /// Every definition measured, in file order.
    pub measures: Vec<MeasureCheck>,
    /// The reasoning from the claims file.
    pub notes: Option<String>,
    /// Why the claim is not checkable, when it is not.
    pub reason: Option<String>,
}

impl ClaimCheck {
    /// The measure that decided the verdict, or else the headline one.
    pub fn deciding_measure(&self) -> Option<&MeasureCheck> {
        self.decided_by
            .and_then(|i| self.measures.get(i))
            .or_else(|| self.measures.iter().find(|m| m.role == Role::Headline))
    }

    /// The measured value shown with the verdict (of [`ClaimCheck::deciding_measure`]).
    pub fn measured(&self) -> Option<f64> {
        self.deciding_measure().and_then(|m| m.measured)
    }

    /// claimed − measured.
    pub fn difference(&self) -> Option<f64> {
        self.deciding_measure().and_then(|m| m.difference)
    }

    /// (claimed − measured) / |measured|.
    pub fn relative_difference(&self) -> Option<f64> {
        self.deciding_measure().and_then(|m| m.relative_difference)
    }

    /// The definition of the measured value shown.
    pub fn definition(&self) -> Option<&str> {
        self.deciding_measure().map(|m| m.definition.as_str())
    }

    /// The datasets, with vintages, behind the measured value shown: "A (vintage); B (vintage)".
    pub fn source_line(&self) -> String {
        self.deciding_measure()
            .map(|m| m.provenance.source_line())
            .unwrap_or_default()
    }

    /// Every dataset any of the claim's measures used, with vintages.
    pub fn all_sources(&self) -> Provenance {
        self.measures
            .iter()
            .fold(Provenance::default(), |p, m| p.merge(&m.provenance))
    }

    /// The rows behind the measured value shown.
    pub fn rows_text(&self) -> String {
        self.deciding_measure()
            .map(|m| m.rows_text())
            .unwrap_or_default()
    }

    /// One sentence on why the verdict is what it is, with the figures in the claim's precision
    /// ([`measured_text`](Self::measured_text)): "The story says more than 33.3 percent; the
    /// data give 34.1 percent under “exports plus imports”." The verdicts table, the Markdown,
    /// the fact-check page and its ClaimReview all give this sentence.
    pub fn explanation(&self) -> String {
        let unit = &self.claimed.unit;
        let show = |m: &MeasureCheck| match m.measured {
            Some(x) => format!("{} {unit} under “{}”", self.measured_text(x), m.definition),
            None => format!(
                "no figure under “{}” ({})",
                m.definition,
                m.unavailable.as_deref().unwrap_or("unavailable")
            ),
        };
        let said = self
            .claimed
            .form()
            .map(|form| format!("The story says {form}; "))
            .unwrap_or_default();
        let then = self
            .deciding_measure()
            .and_then(|m| m.as_published.as_ref().map(|p| (m, p)))
            .filter(|_| self.verdict == Verdict::AccurateAsPublished);
        if let Some((m, p)) = then {
            let was = match p.measured {
                Some(x) => format!("{} {unit}", self.measured_text(x)),
                None => "no figure".into(),
            };
            return sentence(&format!(
                "{said}accurate as published: {was} under “{}” on {}; revised since: {}",
                m.definition,
                p.rule,
                show(m)
            ));
        }
        let text = match (self.verdict, self.deciding_measure()) {
            (Verdict::NotCheckable, None) => self.reason.clone().unwrap_or_default(),
            (Verdict::NotCheckable, Some(m)) => format!("The data hold {}", show(m)),
            (Verdict::Inaccurate, Some(m)) => {
                format!("No definition comes close; the headline gives {}", show(m))
            }
            (_, Some(m)) => format!("The data give {}", show(m)),
            (_, None) => String::new(),
        };
        if text.is_empty() {
            text
        } else if said.is_empty() {
            sentence(&text)
        } else {
            sentence(&format!("{said}{}", lowercase_first(&text)))
        }
    }

    /// A figure measured against this claim, in its precision: a year without separators; a
    /// whole number measured against a whole number (a rank, a count) without decimals; else
    /// the claim's decimals and one more.
    pub fn measured_text(&self, x: f64) -> String {
        let claimed = self.claimed.value;
        let format = if x.fract() == 0.0 && decimals_of(claimed) == 0 {
            NumberFormat::claim(claimed)
        } else {
            NumberFormat::against(claimed)
        };
        self.plain_for_years(format).format(x)
    }

    /// The claimed figure as the claim writes it (a year without separators).
    pub fn claimed_text(&self) -> String {
        self.plain_for_years(NumberFormat::claim(self.claimed.value))
            .format(self.claimed.value)
    }

    fn plain_for_years(&self, format: NumberFormat) -> NumberFormat {
        if crate::output::is_year_or_code(&self.claimed.unit) {
            format.plain()
        } else {
            format
        }
    }
}

/// The verdicts on every claim of a file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdicts {
    /// The claims file checked.
    pub file: String,
    /// The story.
    pub story: Story,
    /// One check per claim, in file order.
    pub checks: Vec<ClaimCheck>,
}

/// A claimed or measured figure in the text, Markdown and explanations: the reader's figure
/// of [`crate::output::NumberFormat`], without separators (a claim's figure may be a year).
/// A claimed figure as the claims file writes it: every digit it gives (the shortest text that
/// reads back as the same number), no more.
pub(crate) fn fmt_claimed(x: f64) -> String {
    format!("{x}")
}

pub(crate) fn fmt_num(x: f64) -> String {
    crate::output::NumberFormat::figure().plain().format(x)
}

fn fmt_opt(x: Option<f64>) -> String {
    crate::output::NumberFormat::figure().plain().format_opt(x)
}

fn fmt_pct(x: Option<f64>) -> String {
    crate::output::percent_change(x)
}

fn fmt_signed(x: Option<f64>) -> String {
    crate::output::NumberFormat::figure()
        .plain()
        .signed()
        .format_opt(x)
}

/// The significant digits of the measured figures (measured, difference, relative difference)
/// in the claims CSV: enough for any claim's precision, without arithmetic's binary noise.
const CSV_SIGNIFICANT_DIGITS: usize = 6;

impl Verdicts {
    /// The check of a claim by id.
    pub fn get(&self, id: &str) -> Result<&ClaimCheck> {
        self.checks.iter().find(|c| c.id == id).ok_or_else(|| {
            Error::not_found(
                format!("claim in {}", self.file),
                id,
                self.checks.iter().map(|c| c.id.clone()),
            )
        })
    }

    /// How many claims got each verdict, in the order of [`Verdict::ALL`] (zeros left out).
    pub fn counts(&self) -> Vec<(Verdict, usize)> {
        Verdict::ALL
            .into_iter()
            .map(|v| (v, self.checks.iter().filter(|c| c.verdict == v).count()))
            .filter(|(_, n)| *n > 0)
            .collect()
    }

    /// One row per claim: id, verdict, claimed, unit, period, measured, difference,
    /// relative_difference, definition, role, source, rows, quote.
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// let verdicts = Ledger::embedded("japan-dilemma-2025")?.check()?;
    /// let frame = verdicts.to_frame()?;
    /// assert_eq!(frame.height(), verdicts.checks.len());
    /// assert!(frame.column("verdict").is_ok());
    /// # Ok::<(), tradedef::Error>(())
    /// ```
    pub fn to_frame(&self) -> Result<DataFrame> {
        let text = |name: &str, f: &dyn Fn(&ClaimCheck) -> String| {
            Column::new(
                name.into(),
                self.checks.iter().map(f).collect::<Vec<String>>(),
            )
        };
        let number = |name: &str, f: &dyn Fn(&ClaimCheck) -> Option<f64>| {
            Column::new(
                name.into(),
                self.checks.iter().map(f).collect::<Vec<Option<f64>>>(),
            )
        };
        let columns = vec![
            text("id", &|c| c.id.clone()),
            text("verdict", &|c| c.verdict.to_string()),
            number("claimed", &|c| Some(c.claimed.value)),
            text("unit", &|c| c.claimed.unit.clone()),
            text("period", &|c| c.claimed.period.clone().unwrap_or_default()),
            number("measured", &|c| c.measured()),
            number("difference", &|c| c.difference()),
            number("relative_difference", &|c| c.relative_difference()),
            text("definition", &|c| {
                c.definition().unwrap_or_default().to_string()
            }),
            text("role", &|c| {
                c.deciding_measure()
                    .map(|m| m.role.to_string())
                    .unwrap_or_default()
            }),
            text("source", &|c| c.source_line()),
            text("rows", &|c| c.rows_text()),
            text("quote", &|c| c.quote.clone()),
        ];
        DataFrame::new(self.checks.len(), columns)
            .map_err(|e| Error::polars(format!("verdicts of {}", self.file), e))
    }

    /// The same rows as [`Verdicts::to_frame`], as CSV, written by
    /// [`crate::output::CsvText`]. The claimed value is written as the claims file gives it;
    /// measured, difference and relative_difference are rounded to 6 significant digits
    /// (`78.4269`, not `78.42686456546991`).
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// let csv = Ledger::embedded("japan-dilemma-2025")?.check()?.to_csv()?;
    /// assert!(csv.starts_with("id,verdict,claimed,unit,period,measured,"));
    /// # Ok::<(), tradedef::Error>(())
    /// ```
    pub fn to_csv(&self) -> Result<String> {
        use crate::output::{csv_number, round_significant};
        let mut w = crate::output::CsvText::new([
            "id",
            "verdict",
            "claimed",
            "unit",
            "period",
            "measured",
            "difference",
            "relative_difference",
            "definition",
            "role",
            "source",
            "rows",
            "quote",
        ]);
        let measured = |x: Option<f64>| {
            x.map(|v| csv_number(round_significant(v, CSV_SIGNIFICANT_DIGITS)))
                .unwrap_or_default()
        };
        for c in &self.checks {
            w.record([
                c.id.clone(),
                c.verdict.to_string(),
                csv_number(c.claimed.value),
                c.claimed.unit.clone(),
                c.claimed.period.clone().unwrap_or_default(),
                measured(c.measured()),
                measured(c.difference()),
                measured(c.relative_difference()),
                c.definition().unwrap_or_default().to_string(),
                c.deciding_measure()
                    .map(|m| m.role.to_string())
                    .unwrap_or_default(),
                c.source_line(),
                c.rows_text(),
                c.quote.clone(),
            ]);
        }
        Ok(w.finish())
    }

    /// Everything, nested (claims → measures → inputs → rows), as pretty JSON, written by
    /// [`crate::output::to_json_pretty`]: floats to 12 significant digits, without binary noise
    /// (`29.4238`, not `29.42379999999999`).
    pub fn to_json(&self) -> Result<String> {
        crate::output::to_json_pretty(self).map_err(|e| {
            Error::invalid(
                Location::file(&self.file),
                format!("cannot write JSON: {e}"),
            )
        })
    }

    /// A Markdown summary table, then each claim with every definition and its rows.
    pub fn to_markdown(&self) -> String {
        let esc = |s: &str| s.replace('|', "\\|").replace('\n', " ");
        let mut out = format!("## Claims check: {}\n\n", esc(&self.story.title));
        out.push_str(&format!(
            "Claims file: `{}`. {}\n\n",
            self.file,
            self.counts_text()
        ));
        out.push_str("| claim | claimed | measured | difference | verdict | definition |\n|---|---:|---:|---:|---|---|\n");
        for c in &self.checks {
            out.push_str(&format!(
                "| `{}` | {} {} | {} | {} ({}) | **{}** | {} |\n",
                c.id,
                fmt_claimed(c.claimed.value),
                esc(&c.claimed.unit),
                fmt_opt(c.measured()),
                fmt_signed(c.difference()),
                fmt_pct(c.relative_difference()),
                c.verdict,
                esc(c.definition().unwrap_or("—"))
            ));
        }
        for c in &self.checks {
            out.push_str(&format!(
                "\n### `{}`: {}\n\n> {}\n\n",
                c.id,
                c.verdict,
                esc(&c.quote)
            ));
            out.push_str(&format!("{}\n\n", esc(&c.explanation())));
            for m in &c.measures {
                out.push_str(&format!(
                    "- *{}* ({}): {} — {}; rows: {}; source: {}\n",
                    esc(&m.definition),
                    m.role,
                    fmt_opt(m.measured),
                    m.closeness,
                    esc(&m.rows_text()),
                    esc(&m.provenance.source_line())
                ));
            }
            if let Some(n) = &c.notes {
                out.push_str(&format!("\nNotes: {}\n", esc(n)));
            }
        }
        out
    }

    fn counts_text(&self) -> String {
        let parts: Vec<String> = self
            .counts()
            .iter()
            .map(|(v, n)| format!("{v}: {n}"))
            .collect();
        format!("{} claims — {}", self.checks.len(), parts.join(", "))
    }
}

impl fmt::Display for Verdicts {
    /// A summary table, then each claim's definitions, values, rows and sources.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Claims check: {} ({})", self.story.title, self.file)?;
        writeln!(f, "{}", self.counts_text())?;
        writeln!(f)?;
        let claimed: Vec<String> = self
            .checks
            .iter()
            .map(|c| {
                format!(
                    "{} {}",
                    fmt_claimed(c.claimed.value),
                    short_unit(&c.claimed.unit)
                )
            })
            .collect();
        let diffs: Vec<String> = self
            .checks
            .iter()
            .map(|c| {
                format!(
                    "{} ({})",
                    fmt_signed(c.difference()),
                    fmt_pct(c.relative_difference())
                )
            })
            .collect();
        let w_id = self
            .checks
            .iter()
            .map(|c| c.id.chars().count())
            .max()
            .unwrap_or(5)
            .max(5);
        let w_claimed = claimed
            .iter()
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(7)
            .max(7);
        let w_diff = diffs
            .iter()
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(10)
            .max(10);
        let w_verdict = Verdict::ALL
            .iter()
            .map(|v| v.name().len())
            .max()
            .unwrap_or(7);
        writeln!(
            f,
            "{:<w_id$}  {:>w_claimed$}  {:>10}  {:>w_diff$}  {:<w_verdict$}  definition",
            "claim", "claimed", "measured", "difference", "verdict"
        )?;
        for (i, c) in self.checks.iter().enumerate() {
            writeln!(
                f,
                "{:<w_id$}  {:>w_claimed$}  {:>10}  {:>w_diff$}  {:<w_verdict$}  {}",
                c.id,
                claimed[i],
                fmt_opt(c.measured()),
                diffs[i],
                c.verdict.name(),
                c.definition().unwrap_or("—")
            )?;
        }
        for c in &self.checks {
            writeln!(f)?;
            writeln!(f, "[{}] {}: \"{}\"", c.verdict, c.id, c.quote)?;
            let period = c
                .claimed
                .period
                .as_ref()
                .map(|p| format!(" ({p})"))
                .unwrap_or_default();
            if c.measures.is_empty() {
                writeln!(
                    f,
                    "  claimed {} {}{period}",
                    fmt_claimed(c.claimed.value),
                    c.claimed.unit
                )?;
            } else {
                writeln!(
                    f,
                    "  claimed {} {}{period}; tolerance: {}",
                    fmt_claimed(c.claimed.value),
                    c.claimed.unit,
                    c.tolerance
                )?;
            }
            writeln!(f, "  {}", c.explanation())?;
            for (i, m) in c.measures.iter().enumerate() {
                let mark = if Some(i) == c.decided_by { "*" } else { "-" };
                writeln!(
                    f,
                    "  {mark} {} [{}]: {} ({} {}) → {}",
                    m.definition,
                    m.role,
                    fmt_opt(m.measured),
                    fmt_signed(m.difference),
                    fmt_pct(m.relative_difference),
                    m.closeness
                )?;
                if m.method != "selection" {
                    writeln!(f, "      {}", m.method)?;
                }
                for input in &m.inputs {
                    let name = if m.inputs.len() == 1 && input.name == "value" {
                        String::new()
                    } else {
                        format!("{} = ", input.name)
                    };
                    writeln!(f, "      rows: {name}{}", input.rows)?;
                    if !input.rows.row_sources.is_empty() {
                        writeln!(f, "        cited: {}", input.rows.row_sources.join("; "))?;
                    }
                }
                let source = m.provenance.source_line();
                if !source.is_empty() {
                    writeln!(f, "      source: {source}")?;
                }
                if let Some(u) = &m.unavailable {
                    writeln!(f, "      unavailable: {u}")?;
                }
                if let Some(p) = &m.as_published {
                    match p.measured {
                        Some(x) => writeln!(
                            f,
                            "      as published ({}): {} → {}",
                            p.rule,
                            fmt_num(x),
                            p.closeness
                        )?,
                        None => writeln!(
                            f,
                            "      as published ({}): no figure ({})",
                            p.rule,
                            p.unavailable.as_deref().unwrap_or("unavailable")
                        )?,
                    }
                    for input in &p.inputs {
                        writeln!(f, "        rows then: {} = {}", input.name, input.rows)?;
                    }
                }
            }
        }
        Ok(())
    }
}

fn short_unit(unit: &str) -> String {
    match unit {
        "USD billions" => "$bn".into(),
        "USD trillions" => "$tn".into(),
        "percent" => "%".into(),
        other => other.to_string(),
    }
}

/// `text` as a sentence: trimmed, with a full stop unless it ends with one (or `?`, `!`, `…`).
pub(crate) fn sentence(text: &str) -> String {
    let text = text.trim();
    if text.ends_with(['.', '?', '!', '…']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

/// The text with its first letter in lower case ("The data give" → "the data give").
fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
