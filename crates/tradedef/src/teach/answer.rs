//! What a student hands in: a value, a table or a chart, or the placeholder [`todo_answer`]
//! that marks an exercise as not done yet.

use std::fmt::Display;

use polars::prelude::DataFrame;

use crate::analysis::Table;
use crate::chart::LineChart;

/// A student's answer as a check sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer<T> {
    /// The exercise cell still holds the placeholder ([`todo_answer`] or `None`).
    Todo,
    /// An answer to compare with the solution.
    Given(T),
    /// The student's computation returned an error; the text says which.
    Failed(String),
}

/// The placeholder of an exercise cell in the student copy: the cell compiles and runs, and the
/// check after it says "not done yet" instead of failing.
///
/// ```
/// use tradedef::prelude::*;
/// use tradedef::teach::*;
/// let balance = todo_answer();
/// assert!(check_bilateral_balance(balance).is_not_done());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Todo;

impl crate::notebook::NotebookDisplay for Todo {
    /// "Not done yet", so a cell that shows the answer still runs in the student copy.
    fn display_text(&self) -> String {
        crate::notebook::mime_block(
            "text/plain",
            "Not done yet: nothing to show until `todo_answer()` is replaced by your answer.",
        )
    }
}

/// The placeholder a student replaces with their answer (see [`Todo`]).
pub fn todo_answer() -> Todo {
    Todo
}

/// Anything a check accepts as an answer of type `T`: the value itself, `Option` (`None` = not
/// done yet), a `Result` (an error is reported in words), [`Todo`], or a reference to any of these.
pub trait IntoAnswer<T> {
    /// The answer as a check sees it.
    fn into_answer(self) -> Answer<T>;
}

impl<T> IntoAnswer<T> for Todo {
    fn into_answer(self) -> Answer<T> {
        Answer::Todo
    }
}

impl<T> IntoAnswer<T> for Answer<T> {
    fn into_answer(self) -> Answer<T> {
        self
    }
}

impl<T, A: IntoAnswer<T>> IntoAnswer<T> for Option<A> {
    fn into_answer(self) -> Answer<T> {
        match self {
            None => Answer::Todo,
            Some(a) => a.into_answer(),
        }
    }
}

impl<T, A: IntoAnswer<T>, E: Display> IntoAnswer<T> for std::result::Result<A, E> {
    fn into_answer(self) -> Answer<T> {
        match self {
            Ok(a) => a.into_answer(),
            Err(e) => Answer::Failed(e.to_string()),
        }
    }
}

impl<T, A: IntoAnswer<T> + Clone> IntoAnswer<T> for &A {
    fn into_answer(self) -> Answer<T> {
        self.clone().into_answer()
    }
}

macro_rules! number_answer {
    ($($t:ty),*) => {$(
        impl IntoAnswer<f64> for $t {
            fn into_answer(self) -> Answer<f64> {
                Answer::Given(self as f64)
            }
        }
    )*};
}
number_answer!(f64, f32, i64, i32, usize);

impl IntoAnswer<DataFrame> for DataFrame {
    fn into_answer(self) -> Answer<DataFrame> {
        Answer::Given(self)
    }
}

impl IntoAnswer<DataFrame> for Table {
    fn into_answer(self) -> Answer<DataFrame> {
        Answer::Given(self.into_frame())
    }
}

impl IntoAnswer<LineChart> for LineChart {
    fn into_answer(self) -> Answer<LineChart> {
        Answer::Given(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(a: impl IntoAnswer<f64>) -> Answer<f64> {
        a.into_answer()
    }

    #[test]
    fn placeholders_are_not_done() {
        assert_eq!(value(todo_answer()), Answer::Todo);
        assert_eq!(value(None::<f64>), Answer::Todo);
        let placeholder: Answer<f64> = todo_answer().into_answer();
        assert_eq!(value(&placeholder), Answer::Todo);
        assert_eq!(value(placeholder), Answer::Todo);
        assert_eq!(value(Some(Todo)), Answer::Todo);
    }

    #[test]
    fn values_and_errors_come_through() {
        assert_eq!(value(-68.5), Answer::Given(-68.5));
        assert_eq!(value(3), Answer::Given(3.0));
        assert_eq!(value(Some(2.5)), Answer::Given(2.5));
        let failed: std::result::Result<f64, String> = Err("no year 2031".into());
        assert_eq!(value(failed), Answer::Failed("no year 2031".into()));
    }
}
