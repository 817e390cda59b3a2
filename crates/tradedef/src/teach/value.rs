//! Checking a single number against the solution.

use crate::output::NumberFormat;

use super::answer::{Answer, IntoAnswer};
use super::check::Check;
use super::mistake::{Mistake, diagnose, matches};

/// The default relative tolerance of a value check: 0.1 % (an answer rounded to four
/// significant digits passes).
pub const DEFAULT_TOLERANCE: f64 = 1e-3;

/// A check of one number: the solution, its unit, and the wrong answers a known mistake gives.
///
/// ```
/// use tradedef::teach::{Mistake, ValueCheck};
/// let check = ValueCheck::new("the US goods balance with Japan, 2024", -68253.3, "USD millions")
///     .known_mistake(-71426.8, Mistake::WrongYear { what: "the data".into(), used: 2023, wanted: 2024 });
/// assert!(check.check(-68253.3).passed());
/// let wrong = check.check(-71426.8);
/// assert!(wrong.hint().unwrap().contains("of 2023"));
/// assert!(check.check(tradedef::teach::todo_answer()).is_not_done());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ValueCheck {
    task: String,
    expected: f64,
    unit: String,
    tolerance: f64,
    known: Vec<(f64, Mistake)>,
}

impl ValueCheck {
    /// A check that the answer to `task` is `expected`, in `unit`.
    pub fn new(task: impl Into<String>, expected: f64, unit: impl Into<String>) -> Self {
        ValueCheck {
            task: task.into(),
            expected,
            unit: unit.into(),
            tolerance: DEFAULT_TOLERANCE,
            known: Vec::new(),
        }
    }

    /// The relative tolerance. Default [`DEFAULT_TOLERANCE`].
    pub fn tolerance(mut self, relative: f64) -> Self {
        self.tolerance = relative;
        self
    }

    /// A wrong answer `value` that `mistake` gives, so the check can name the mistake. A value
    /// equal to the solution is ignored.
    pub fn known_mistake(mut self, value: f64, mistake: Mistake) -> Self {
        if !matches(value, self.expected, self.tolerance) {
            self.known.push((value, mistake));
        }
        self
    }

    /// The solution.
    pub fn expected(&self) -> f64 {
        self.expected
    }

    /// Checks an answer.
    pub fn check(&self, answer: impl IntoAnswer<f64>) -> Check {
        let expected = self.show(self.expected);
        match answer.into_answer() {
            Answer::Todo => Check::not_done(&self.task, format!("a number, in {}", self.unit)),
            Answer::Failed(e) => Check::failed(&self.task, expected, &e),
            Answer::Given(got) if !got.is_finite() => Check::wrong(
                &self.task,
                expected,
                got.to_string(),
                Some(
                    "Your answer is not a number (NaN or infinite): a division by zero, or a \
                     missing value carried into the sum?"
                        .to_string(),
                ),
            ),
            Answer::Given(got) if matches(got, self.expected, self.tolerance) => {
                Check::correct(&self.task, expected, self.number(got))
            }
            Answer::Given(got) => {
                let hint = diagnose(got, self.expected, &self.known, self.tolerance)
                    .map(|m| m.hint())
                    .or_else(|| Some(self.generic_hint(got)));
                Check::wrong(&self.task, expected, self.number(got), hint)
            }
        }
    }

    fn generic_hint(&self, got: f64) -> String {
        let pct = (got - self.expected) / self.expected.abs() * 100.0;
        format!(
            "Your number is off by {pct:+.1} % and matches no common mistake this check knows. \
             Check the filters (partner, year, flow, measure) and the unit ({}).",
            self.unit
        )
    }

    /// The value and the unit.
    fn show(&self, v: f64) -> String {
        format!("{} {}", self.number(v), self.unit)
    }

    /// The value with thousands separators and enough decimals to tell answers apart (a
    /// student's number is shown without the unit: it may be in another one): the reader's
    /// figure of [`NumberFormat`], with four significant digits below 1.
    fn number(&self, v: f64) -> String {
        NumberFormat::figure().significant(4).format(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::teach::todo_answer;

    fn balance() -> ValueCheck {
        ValueCheck::new("balance", -68253.3, "USD millions")
    }

    #[test]
    fn outcomes() {
        assert!(balance().check(-68253.3).passed());
        assert!(balance().check(-68250.0).passed()); // within 0.1 %
        assert!(!balance().check(-68000.0).passed());
        assert!(balance().check(todo_answer()).is_not_done());
        let failed: crate::Result<f64> = Err(crate::Error::argument("year", "no 2031"));
        let c = balance().check(failed);
        assert!(
            c.to_string().contains("Your computation failed") && c.to_string().contains("no 2031")
        );
    }

    #[test]
    fn wrong_answers_show_expected_and_yours_with_the_unit() {
        let text = balance().check(68253.3).to_string();
        assert!(text.contains("Expected: -68,253.3 USD millions"), "{text}");
        assert!(text.contains("Yours: 68,253.3\n"), "{text}");
        assert!(text.contains("wrong sign"), "{text}");
    }

    #[test]
    fn unknown_mistakes_get_the_generic_hint() {
        let text = balance().check(-60000.0).to_string();
        assert!(text.contains("matches no common mistake"), "{text}");
    }

    #[test]
    fn not_a_number_is_explained() {
        let text = balance().check(f64::NAN).to_string();
        assert!(text.contains("not a number"), "{text}");
    }
}
