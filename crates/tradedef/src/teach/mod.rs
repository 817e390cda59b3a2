//! Teaching: checks for exercise notebooks that compare a student's value, table or chart with
//! the solution computed from the same data, and answer in plain words.
//!
//! An exercise cell ends in a `let` whose value the student writes; the student copy of a
//! notebook holds [`todo_answer()`] there instead, so it compiles and runs to the end, and the
//! check cell after it says "Not done yet". A check returns a [`Check`], which shows in a
//! notebook as a coloured box (HTML) and as text: what was expected, what came, and a hint when
//! the answer shows a common mistake ([`Mistake`]: a flipped balance sign, millions vs billions,
//! another vintage, nominal for real, another year).
//!
//! ```
//! use tradedef::prelude::*;
//! use tradedef::teach::*;
//! // The student copy: the placeholder.
//! let balance = todo_answer();
//! assert!(check_bilateral_balance(balance).to_string().starts_with("Not done yet"));
//! // A wrong answer: imports minus exports.
//! let t = bilateral_balance("Japan")?;
//! let wrong = t.value_at("year", 2024, "imports_usd_mn")? - t.value_at("year", 2024, "exports_usd_mn")?;
//! let check = check_bilateral_balance(wrong);
//! assert!(!check.passed());
//! assert!(check.to_string().contains("Hint: Your number has the right size but the wrong sign"));
//! # Ok::<(), tradedef::Error>(())
//! ```
//!
//! The exercises' own checks are in [`exercises`]; [`ValueCheck`], [`TableCheck`] and
//! [`ChartCheck`] build new ones.

mod answer;
mod chart;
mod check;
pub mod exercises;
mod mistake;
mod table;
mod value;

pub use answer::{Answer, IntoAnswer, Todo, todo_answer};
pub use chart::ChartCheck;
pub use check::{Check, Outcome};
pub use exercises::{
    check_bilateral_balance, check_claim_growth, check_partner_ranking, check_real_dollars,
    check_source_chart,
};
pub use mistake::{Mistake, diagnose, matches};
pub use table::TableCheck;
pub use value::{DEFAULT_TOLERANCE, ValueCheck};
