//! The claims ledger: checks a story's figures against the data.
//!
//! A story's numeric claims live in a human-editable TOML file (see [`ClaimsFile`] for the
//! format; `data/claims/japan-dilemma-2025.toml` is a complete example). Each claim quotes the
//! sentence, states the claimed value with unit and period, and lists one or more
//! **measures**, each under an explicit definition (goods vs goods and services, gross vs net,
//! calendar vs fiscal year, the exchange rate used…). A measure is a dataset selection
//! (filter, column, aggregate, scale, vintage), a derived value (an [`Expression`] over named
//! selections), or a named analysis from [`analyses`]: the US goods deficit with any partner
//! (`us_goods_deficit`), a category's share of it (`category_share_of_deficit`), a country's or
//! the world's military expenditure, its growth, share of GDP, rank and share of the world
//! (`milex`, `milex_growth`, `milex_share_of_gdp`, `milex_rank`, `milex_share_of_world`), and
//! the Japan-only analyses; each with its arguments in the table of [`analyses`].
//!
//! [`Ledger::check`] measures every claim and gives a [`Verdict`] from a small scale — accurate,
//! roughly right, right number but wrong definition, outdated, inaccurate, not checkable (see
//! [`decide`]) — with the measured value, the differences, the source line with vintages and
//! the exact rows used. A file that names an unknown dataset, column, analysis or country is an
//! error naming the claim and what exists; a figure the data do not hold (a year they do not
//! cover, a partner with no rows) makes its claim "not checkable" with the reason, and the
//! other claims are still checked ([`Ledger::check_strict`] makes it an error). Nothing is
//! skipped silently.
//!
//! The verdicts are published as a table, CSV, JSON or Markdown ([`Verdicts`]), as schema.org
//! ClaimReview JSON-LD and as an HTML fact-check page, and compared with an earlier check to
//! list what a new release of the data changed: see [`publish`].
//!
//! ```
//! use tradedef::prelude::*;
//! let text = r#"
//! [story]
//! id = "demo"
//! title = "A demo story"
//!
//! [[claims]]
//! id = "deficit-2022"
//! quote = "the US ran a $68 billion goods deficit with Japan in 2022"
//! claimed = { value = 68, unit = "USD billions", period = "2022" }
//!
//! [[claims.measures]]
//! definition = "goods, Census basis, calendar 2022 (March 2023 file)"
//! dataset = "us_japan_goods_trade"
//! filter = { flow = "balance", year = 2022 }
//! vintage = "census-country-xlsx-2023-01"
//! empty = ["month"]
//! scale = -0.001
//! "#;
//! let verdicts = Ledger::from_toml_str(text, "demo.toml")?.check()?;
//! let check = verdicts.get("deficit-2022")?;
//! assert!(check.measured().unwrap() > 60.0);
//! assert!(check.rows_text().contains("us_japan_goods_trade"));
//! println!("{verdicts}");
//! # Ok::<(), tradedef::Error>(())
//! ```

mod draft;
mod file;
mod ledger;
pub mod publish;
mod report;
mod verdict;

pub use crate::analysis::figures::{Analysis, AnalysisArg, analyses};

/// What a claims file's defects are reported under before the ledger names the file, the claim
/// and the measure: `Error::Argument { context: DEFECT, … }`.
pub(crate) const DEFECT: &str = "claims file";

/// A defect of a claims file (an unknown name, a value of the wrong type, an impossible period,
/// a filter that matches several rows): what is wrong, in the words the file uses. The ledger
/// adds where ([`Ledger::check`]); a figure the data do not hold is not a defect but a gap
/// ([`crate::Error::NoData`]), and its claim is "not checkable".
pub(crate) fn defect(message: impl Into<String>) -> crate::Error {
    crate::Error::argument(DEFECT, message)
}

/// The words of an error for a claim's location: a defect's message alone (the ledger says
/// where), a gap's reason alone, anything else as it displays.
pub(crate) fn words_of(error: &crate::Error) -> String {
    match error {
        crate::Error::Argument { context, message } if context == DEFECT => message.clone(),
        other => crate::analysis::traced::words_of(other),
    }
}
pub use crate::analysis::traced::{
    Aggregate, Expression, InputUsed, ReleasePick, RowsUsed, Selection, story_day,
};
pub use draft::{
    Coverage, Draft, DraftClaim, Drafter, Figure, FigureKind, Proposal, coverage, draft,
};
pub use file::{
    Bound, ClaimSpec, Claimed, ClaimsFile, Defaults, Direction, MeasureSpec, Role, Story,
    Tolerance, ToleranceKind,
};
pub use ledger::Ledger;
pub use publish::{
    Changes, FigureChange, PublishOptions, RecordedClaim, RecordedMeasure, RecordedVerdicts,
    ReviewRating, VerdictChange, review_rating,
};
pub use report::{AsPublished, ClaimCheck, MeasureCheck, Verdicts};
pub use verdict::{Closeness, Verdict, decide, differences, grade, grade_claim};
