//! The result of a check: correct, not yet right (with what was expected, what came and a hint),
//! not done yet, or the student's computation failed. Shows as HTML and text in a notebook.

use std::fmt;

use crate::html::escape;
use crate::notebook::{NotebookDisplay, mime_block};

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The answer matches the solution.
    Correct,
    /// The answer differs from the solution.
    Wrong,
    /// The exercise cell still holds the placeholder.
    NotDone,
    /// The student's computation returned an error.
    Failed,
}

/// A check's answer to the student, in plain words.
///
/// ```
/// use tradedef::teach::{Check, Outcome};
/// let c = Check::not_done("the US goods balance with Japan in 2024", "USD millions");
/// assert_eq!(c.outcome(), Outcome::NotDone);
/// assert!(c.to_string().starts_with("Not done yet"));
/// ```
///
/// `{:?}` prints the same plain text as `{}`: evcxr falls back to `Debug` when it cannot call
/// the rich display (e.g. a cell that moves a variable), and the student still reads words.
#[derive(Clone, PartialEq)]
pub struct Check {
    task: String,
    outcome: Outcome,
    expected: String,
    got: Option<String>,
    hint: Option<String>,
}

impl Check {
    /// A correct answer to `task`: the expected and given values, as text.
    pub fn correct(task: impl Into<String>, expected: impl Into<String>, got: String) -> Self {
        Check {
            task: task.into(),
            outcome: Outcome::Correct,
            expected: expected.into(),
            got: Some(got),
            hint: None,
        }
    }

    /// A wrong answer: what was expected, what came, and a hint when the mistake is recognised.
    pub fn wrong(
        task: impl Into<String>,
        expected: impl Into<String>,
        got: impl Into<String>,
        hint: Option<String>,
    ) -> Self {
        Check {
            task: task.into(),
            outcome: Outcome::Wrong,
            expected: expected.into(),
            got: Some(got.into()),
            hint,
        }
    }

    /// The placeholder is still there; `expected` says what kind of answer is asked for (never
    /// the value).
    pub fn not_done(task: impl Into<String>, expected: impl Into<String>) -> Self {
        Check {
            task: task.into(),
            outcome: Outcome::NotDone,
            expected: expected.into(),
            got: None,
            hint: None,
        }
    }

    /// The student's computation returned `error`.
    pub fn failed(task: impl Into<String>, expected: impl Into<String>, error: &str) -> Self {
        Check {
            task: task.into(),
            outcome: Outcome::Failed,
            expected: expected.into(),
            got: Some(format!("an error: {error}")),
            hint: Some(
                "Your computation returned an error instead of an answer (under \"Yours\"). \
                 Read it: it names what was not found and what is available."
                    .to_string(),
            ),
        }
    }

    /// The solution could not be computed from the data (`error` says why): not the student's
    /// fault, and said so.
    pub fn unavailable(task: impl Into<String>, error: &str) -> Self {
        Check {
            task: task.into(),
            outcome: Outcome::Failed,
            expected: "a solution computed from the data in data/".to_string(),
            got: None,
            hint: Some(format!(
                "This check could not compute the solution from the data ({error}). This is a \
                 problem of the data or the set-up, not of your answer: tell your teacher."
            )),
        }
    }

    /// How the check came out.
    pub fn outcome(&self) -> Outcome {
        self.outcome
    }

    /// Whether the answer is correct.
    pub fn passed(&self) -> bool {
        self.outcome == Outcome::Correct
    }

    /// Whether the exercise cell still holds the placeholder.
    pub fn is_not_done(&self) -> bool {
        self.outcome == Outcome::NotDone
    }

    /// The task checked.
    pub fn task(&self) -> &str {
        &self.task
    }

    /// The hint, if the mistake was recognised.
    pub fn hint(&self) -> Option<&str> {
        self.hint.as_deref()
    }

    fn headline(&self) -> &'static str {
        match self.outcome {
            Outcome::Correct => "Correct",
            Outcome::Wrong => "Not right yet",
            Outcome::NotDone => "Not done yet",
            Outcome::Failed => "Your computation failed",
        }
    }

    /// The lines under the headline: (label, text).
    fn lines(&self) -> Vec<(&'static str, String)> {
        let mut lines = Vec::new();
        match self.outcome {
            Outcome::NotDone => {
                lines.push(("Asked for", self.expected.clone()));
                lines.push((
                    "To do",
                    "replace `todo_answer()` in the exercise cell above with your answer, run \
                     that cell, then run this check again."
                        .to_string(),
                ));
            }
            _ => {
                lines.push(("Expected", self.expected.clone()));
                if let Some(got) = &self.got {
                    lines.push(("Yours", got.clone()));
                }
            }
        }
        if let Some(hint) = &self.hint {
            lines.push(("Hint", hint.clone()));
        }
        lines
    }

    /// The check as HTML: a coloured box with the headline and one line per item.
    pub fn html(&self) -> String {
        let colour = match self.outcome {
            Outcome::Correct => "#1a7f37",
            Outcome::Wrong | Outcome::Failed => "#b35900",
            Outcome::NotDone => "#57606a",
        };
        let mut html = format!(
            "<div class=\"tradedef-check\" style=\"border-left:4px solid {colour};padding:4px 10px\">\n\
             <p><strong style=\"color:{colour}\">{}</strong>: {}</p>\n<ul>\n",
            self.headline(),
            escape(&self.task)
        );
        for (label, text) in self.lines() {
            html.push_str(&format!(
                "<li><strong>{label}:</strong> {}</li>\n",
                escape(&text)
            ));
        }
        html.push_str("</ul>\n</div>");
        html
    }
}

impl fmt::Display for Check {
    /// "Headline: task" and one indented line per item.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}: {}", self.headline(), self.task)?;
        for (label, text) in self.lines() {
            writeln!(f, "  {label}: {text}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Check {
    /// The plain text, as [`fmt::Display`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl NotebookDisplay for Check {
    fn display_text(&self) -> String {
        mime_block("text/html", &self.html()) + &mime_block("text/plain", &self.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_done_never_shows_the_expected_value_and_says_what_to_do() {
        let c = Check::not_done("the balance", "a number in USD millions");
        let text = c.to_string();
        assert!(text.starts_with("Not done yet: the balance\n"));
        assert!(text.contains("todo_answer()"));
        assert!(!text.contains("Expected"));
    }

    #[test]
    fn debug_is_the_plain_text() {
        let c = Check::wrong("t", "1", "2", Some("h".into()));
        assert_eq!(format!("{c:?}"), c.to_string());
    }

    #[test]
    fn wrong_shows_expected_yours_and_hint_in_text_and_html() {
        let c = Check::wrong("t", "-68,253.3", "68,253.3", Some("flip <it>".into()));
        let text = c.to_string();
        assert!(text.contains("Expected: -68,253.3") && text.contains("Yours: 68,253.3"));
        assert!(text.contains("Hint: flip <it>"));
        let display = c.display_text();
        assert!(display.contains("text/html") && display.contains("flip &lt;it&gt;"));
        assert!(display.contains("text/plain\nNot right yet: t"));
    }
}
