//! Studies: the exhibits (question, chart, table, findings) that answer a story's questions, the
//! sections left out for want of data, and the fact-check of a story's claims. The report writer
//! renders any [`Study`]; the notebooks call the same functions, so their charts and numbers are
//! the same.
//!
//! - [`Study::japan_2025`]: the story the project started from (February 2025, Japan's
//!   trade-versus-defence dilemma), with its fact-check.
//! - [`Study::partner`]: the same questions for any US trading partner the registry resolves —
//!   balance history, rank, what the deficit is made of, a tariff scenario on its largest
//!   category, its military spending beside the world's, US forces there. A section without
//!   data for that partner is listed in [`Study::unavailable`] with the reason, never drawn
//!   empty.
//!
//! ```
//! use tradedef::prelude::*;
//! let chart = tradedef::study::balance_chart()?;
//! assert!(chart.to_svg()?.contains("Census"));
//! let korea = Study::partner("South Korea")?;
//! assert!(korea.title.contains("South Korea"));
//! assert!(!korea.exhibits.is_empty());
//! # Ok::<(), tradedef::Error>(())
//! ```

mod csv;
mod exhibit;
mod fact_check;
pub mod japan_2025;
mod profile;
mod sections;
mod spec;

use std::path::Path;

use serde::Serialize;

use crate::Result;
use crate::analysis::IntoPartner;

#[allow(deprecated)]
pub use csv::frame_to_csv;
pub use exhibit::{Exhibit, FactCheckRow};
pub use fact_check::{STORY_CLAIMS, fact_check};
pub use japan_2025::{
    STORY_DATE, auto_share_chart, auto_share_table, balance_chart, balance_table,
    defence_budget_chart, defence_budget_table, defence_share_chart, defence_share_table, exhibits,
    investment_chart, investment_table, japan_china_trade_chart, japan_china_trade_table,
    partner_balances_chart, partner_balances_table, partner_ranking_chart, partner_ranking_table,
    tariff_grid_chart, tariff_grid_table, troops_chart, troops_table,
};
pub use profile::{ProfileOptions, slug};
pub use spec::{SectionKind, SectionSpec, StateValue, StudySpec, Wording};

/// A section a study leaves out, and why (no data for the partner, a key missing from the
/// registry, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unavailable {
    /// The section's title.
    pub section: String,
    /// Why it is left out, in words a reader understands.
    pub reason: String,
}

/// The fact-check of a story's claims.
#[derive(Debug, Clone, Default)]
pub struct FactCheck {
    /// The story's title (and outlet).
    pub label: String,
    /// One row per claim.
    pub rows: Vec<FactCheckRow>,
    /// The text of `claims.csv`.
    pub csv: String,
}

/// A study: its title and lede, the exhibits in reading order, the sections left out, the
/// fact-check of a story's claims (if any) and the methodology notes that apply.
#[derive(Debug, Clone, Default)]
pub struct Study {
    /// A short id, e.g. `japan-dilemma-2025` or `partner-south-korea`.
    pub id: String,
    /// The page title.
    pub title: String,
    /// What the study answers, in a sentence or two.
    pub lede: String,
    /// The exhibits, in reading order.
    pub exhibits: Vec<Exhibit>,
    /// Sections left out, with the reason.
    pub unavailable: Vec<Unavailable>,
    /// The fact-check, when the study checks a story.
    pub fact_check: Option<FactCheck>,
    /// Methodology notes for the page.
    pub methodology: Vec<String>,
}

impl Study {
    /// The story the project was born from, `data/studies/japan-dilemma-2025.toml`: Japan's
    /// trade-versus-defence dilemma (February 2025), its ten sections and the fact-check of its
    /// claims (`claims_file`, or the description's own claims file when `None`).
    pub fn japan_2025(claims_file: Option<&Path>) -> Result<Study> {
        Study::from_spec(&StudySpec::named(STORY_CLAIMS)?, claims_file)
    }

    /// An embedded study description (`data/studies/ID.toml`) built; an unknown id lists the
    /// closest.
    ///
    /// ```
    /// let korea = tradedef::study::Study::named("korea-trade-security-2025")?;
    /// assert!(korea.exhibit("balance")?.has_chart());
    /// # Ok::<(), tradedef::Error>(())
    /// ```
    pub fn named(id: &str) -> Result<Study> {
        Study::from_spec(&StudySpec::named(id)?, None)
    }

    /// Builds a study from its description: each section through the builder of its kind, for
    /// the description's partner. A section the data hold nothing for is listed in
    /// [`Study::unavailable`] with the reason; any other error fails the study. The fact-check
    /// reads `claims_file`, else the description's `claims`, else none.
    pub fn from_spec(spec: &StudySpec, claims_file: Option<&Path>) -> Result<Study> {
        let partner = spec.partner.as_str().into_partner()?;
        let ctx = sections::Context {
            partner,
            story: spec.story_mark(),
            composition_year: None,
        };
        let (exhibits, unavailable) = build_sections(&ctx, &spec.sections)?;
        let mut methodology: Vec<String> = METHODOLOGY.iter().map(|s| s.to_string()).collect();
        methodology.extend(spec.methodology.iter().cloned());
        let fact_check = match (claims_file, &spec.claims) {
            (Some(file), _) => Some(check(Some(file))?),
            (None, Some(id)) => Some(check_embedded(id)?),
            (None, None) => None,
        };
        Ok(Study {
            id: spec.id.clone(),
            title: spec.title.clone(),
            lede: spec.lede.clone(),
            exhibits,
            unavailable,
            fact_check,
            methodology,
        })
    }

    /// The profile of any US trading partner, with the default [`ProfileOptions`].
    pub fn partner(partner: impl IntoPartner) -> Result<Study> {
        ProfileOptions::new().study(partner)
    }

    /// The exhibit whose id is or ends with `name` (`"balance"` finds `01-balance`); an error
    /// lists the exhibits and the sections left out.
    ///
    /// ```
    /// let study = tradedef::study::Study::partner("Mexico")?;
    /// assert!(study.exhibit("balance")?.has_chart());
    /// assert!(study.exhibit("no-such-section").is_err());
    /// # Ok::<(), tradedef::Error>(())
    /// ```
    pub fn exhibit(&self, name: &str) -> Result<&Exhibit> {
        self.exhibits
            .iter()
            .find(|e| e.id == name || e.id.ends_with(&format!("-{name}")))
            .ok_or_else(|| {
                crate::Error::not_found(
                    format!("exhibit of {}", self.title),
                    name,
                    self.exhibits.iter().map(|e| e.id.clone()).chain(
                        self.unavailable
                            .iter()
                            .map(|u| format!("(left out: {})", u.section)),
                    ),
                )
            })
    }

    /// Adds the fact-check of a claims file to the study.
    pub fn with_fact_check(mut self, claims_file: &Path) -> Result<Study> {
        self.fact_check = Some(check(Some(claims_file))?);
        Ok(self)
    }
}

/// Builds every section; a data gap becomes an entry of the sections left out.
pub(crate) fn build_sections(
    ctx: &sections::Context,
    specs: &[SectionSpec],
) -> Result<(Vec<Exhibit>, Vec<Unavailable>)> {
    let mut exhibits = Vec::new();
    let mut unavailable = Vec::new();
    for (i, section) in specs.iter().enumerate() {
        match sections::build(ctx, section, i) {
            Ok(e) => exhibits.push(e),
            Err(e) if e.is_data_gap() => unavailable.push(Unavailable {
                section: sections::title_of(section, &ctx.partner),
                reason: e.to_string(),
            }),
            Err(e) => return Err(e),
        }
    }
    Ok((exhibits, unavailable))
}

fn check_embedded(id: &str) -> Result<FactCheck> {
    let (label, rows, csv) = fact_check::fact_check_of(&crate::claims::Ledger::embedded(id)?)?;
    Ok(FactCheck { label, rows, csv })
}

fn check(claims_file: Option<&Path>) -> Result<FactCheck> {
    let (label, rows, csv) = fact_check(claims_file)?;
    Ok(FactCheck { label, rows, csv })
}

/// Methodology notes every trade-and-defence study shares.
pub(crate) const METHODOLOGY: &[&str] = &[
    "Trade figures are Census-basis US goods trade (exports F.A.S., general imports at customs value), nominal US dollars, not seasonally adjusted. Where releases disagree, each vintage is kept apart and the chart or table names the one it uses.",
    "Shares of the deficit: a category's gross share is its imports over the bilateral goods deficit; its net share subtracts US exports of the same category first. Gross shares of a deficit can exceed 100%.",
    "Money: foreign currencies are converted to dollars at the Federal Reserve's annual average rate of the year (calendar-year rate for a fiscal year starting in April, stated where used). Real values use the deflator named in each table, indexed to the stated base year.",
    "The tariff scenario is a static partial-equilibrium model: imports respond to the price change passed on to US buyers through a constant import-demand elasticity; exporters absorb the rest of the tariff. It ignores retaliation, exchange-rate moves, supply-chain re-routing and production shifts to US plants, so it bounds first-year effects rather than forecasting them.",
];
