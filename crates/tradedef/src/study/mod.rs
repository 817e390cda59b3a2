//! The study: the exhibits (question, chart, table, findings) of the Japan trade-versus-defence
//! story, and the fact-check of its claims. The report and the notebooks call the same functions,
//! so their charts and numbers are the same.

use std::path::Path;

use crate::report::{Exhibit, FactCheckRow};
use crate::Result;

/// Every exhibit of the study, in reading order.
pub fn exhibits() -> Result<Vec<Exhibit>> {
    Ok(Vec::new())
}

/// Checks a claims file (default: the embedded `japan-dilemma-2025`) and returns its label, the
/// fact-check rows and `claims.csv`.
pub fn fact_check(claims_file: Option<&Path>) -> Result<(String, Vec<FactCheckRow>, String)> {
    let _ = claims_file;
    Ok((String::new(), Vec::new(), String::new()))
}
