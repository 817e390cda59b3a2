//! The fact-check of a story's claims, for the report.

use std::path::Path;

use crate::Result;
use crate::claims::Ledger;
use crate::study::exhibit::FactCheckRow;

/// The claims file of the study's own story, embedded in the crate.
pub const STORY_CLAIMS: &str = "japan-dilemma-2025";

/// Checks a claims file (default: the embedded `japan-dilemma-2025`) and returns a label for the
/// story, the fact-check rows and the text of `claims.csv`.
///
/// ```
/// let (story, rows, csv) = tradedef::study::fact_check(None)?;
/// assert!(story.contains("Japan"));
/// assert!(rows.len() >= 10);
/// assert!(csv.lines().count() > rows.len());
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn fact_check(claims_file: Option<&Path>) -> Result<(String, Vec<FactCheckRow>, String)> {
    let ledger = match claims_file {
        Some(path) => Ledger::from_file(path)?,
        None => Ledger::embedded(STORY_CLAIMS)?,
    };
    fact_check_of(&ledger)
}

/// The fact-check of a ledger: its label, one row per claim, and the text of `claims.csv`.
pub(crate) fn fact_check_of(ledger: &Ledger) -> Result<(String, Vec<FactCheckRow>, String)> {
    let verdicts = ledger.check()?;
    let label = match &verdicts.story.outlet {
        Some(outlet) => format!("{} ({outlet})", verdicts.story.title),
        None => verdicts.story.title.clone(),
    };
    let rows = verdicts
        .checks
        .iter()
        .map(|c| {
            let unit = &c.claimed.unit;
            let measured = c.measured().map_or_else(
                || "—".to_string(),
                |m| format!("{} {unit}", number(m, unit)),
            );
            let definition = match (c.definition(), &c.reason) {
                (Some(d), _) => d.to_string(),
                (None, Some(r)) => r.clone(),
                (None, None) => String::new(),
            };
            FactCheckRow {
                id: c.id.clone(),
                quote: c.quote.clone(),
                claimed: format!("{} {unit}", number(c.claimed.value, unit)),
                measured,
                verdict: c.verdict.name().to_string(),
                definition,
                source: c.source_line(),
            }
        })
        .collect();
    Ok((label, rows, verdicts.to_csv()?))
}

/// A figure for the fact-check table: the reader's figure of [`crate::output::NumberFormat`],
/// without separators when the unit is a year.
fn number(x: f64, unit: &str) -> String {
    let format = crate::output::NumberFormat::figure();
    if crate::output::is_year_or_code(unit) {
        format.plain().format(x)
    } else {
        format.format(x)
    }
}
