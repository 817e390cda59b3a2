//! The profile of one US trading partner: the questions of the Japan story asked of any partner,
//! as the six sections of [`ProfileOptions::sections`]. Each section is built when the data hold
//! what it needs; otherwise it is listed, with the reason, among the sections left out.

use crate::Result;
use crate::analysis::IntoPartner;
use crate::analysis::tariff::DEFAULT_ELASTICITY;
use crate::study::sections::Context;
use crate::study::spec::{SectionKind, SectionSpec, Wording};
use crate::study::{METHODOLOGY, Study, build_sections};

/// Options of a partner profile, built with chained calls.
///
/// Defaults: the ranking in the latest year the by-partner trade data cover; the composition
/// and the tariff scenario in the latest year with both end-use imports and a goods balance for
/// the partner; a tariff of 25 points on the partner's largest end-use category, on top of the
/// current rate in the data (`TariffScenario::starting_rate`: the average duty actually collected
/// on all imports from the partner, the data giving no rate by category), elasticity 2.5;
/// military spending compared with the United States and the world.
///
/// ```
/// use tradedef::prelude::*;
/// let study = ProfileOptions::new().tariff_points(10.0).study("Mexico")?;
/// assert!(study.exhibits.iter().any(|e| e.id.ends_with("tariff")));
/// # Ok::<(), tradedef::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct ProfileOptions {
    rank_year: Option<i64>,
    composition_year: Option<i64>,
    tariff_points: f64,
    elasticity: f64,
    peers: Vec<String>,
}

impl Default for ProfileOptions {
    fn default() -> Self {
        ProfileOptions {
            rank_year: None,
            composition_year: None,
            tariff_points: 25.0,
            elasticity: DEFAULT_ELASTICITY,
            peers: vec!["United States of America".to_string()],
        }
    }
}

impl ProfileOptions {
    /// The defaults.
    pub fn new() -> Self {
        Self::default()
    }
    /// The year of the partner ranking (default: the latest in the data). Any integer type, so
    /// a notebook's `let year = 2022;` (an `i32`) works as it is.
    pub fn rank_year(mut self, year: impl Into<i64>) -> Self {
        self.rank_year = Some(year.into());
        self
    }
    /// The year of the composition and the tariff base (default: the latest with data).
    pub fn composition_year(mut self, year: impl Into<i64>) -> Self {
        self.composition_year = Some(year.into());
        self
    }
    /// The tariff, in percentage points added to the current rate (default 25).
    pub fn tariff_points(mut self, points: f64) -> Self {
        self.tariff_points = points;
        self
    }
    /// The import demand elasticity of the scenario's headline (default 2.5).
    pub fn elasticity(mut self, elasticity: f64) -> Self {
        self.elasticity = elasticity;
        self
    }
    /// Countries (SIPRI names or registry words) to compare military burden with, beside the
    /// world (default: the United States).
    pub fn peers(mut self, peers: Vec<String>) -> Self {
        self.peers = peers;
        self
    }

    /// The sections of the profile, as a study description would list them.
    pub fn sections(&self) -> Vec<SectionSpec> {
        let section = |kind| SectionSpec {
            wording: Wording::default(),
            kind,
        };
        vec![
            section(SectionKind::Balance { years: Vec::new() }),
            section(SectionKind::Rank {
                year: self.rank_year,
                bars: 12,
            }),
            section(SectionKind::Composition {
                year: self.composition_year,
            }),
            section(SectionKind::Tariff {
                category: None,
                year: self.composition_year,
                points: self.tariff_points,
                elasticity: Some(self.elasticity),
                claim_usd_bn: None,
                compare_rate: None,
            }),
            section(SectionKind::MilitarySpending {
                peers: self.peers.clone(),
            }),
            section(SectionKind::Troops {
                host_support: None,
                host_support_year: None,
                series: None,
            }),
        ]
    }

    /// Builds the profile of `partner`.
    pub fn study(&self, partner: impl IntoPartner) -> Result<Study> {
        let p = partner.into_partner()?;
        let ctx = Context {
            partner: p.clone(),
            story: None,
            composition_year: self.composition_year,
        };
        let (exhibits, unavailable) = build_sections(&ctx, &self.sections())?;
        Ok(Study {
            id: format!("partner-{}", slug(&p.name)),
            title: format!("{}: trade with the US and defence, in figures", p.name),
            lede: format!(
                "The US goods balance with {name}, its rank among US trading partners, what US imports from {name} \
                 are made of, what a tariff on its largest category would cost, its military spending beside the \
                 world's, and the US military personnel DMDC counts as assigned there — each rebuilt from sourced data by tradedef report.",
                name = p.name
            ),
            exhibits,
            unavailable,
            fact_check: None,
            methodology: METHODOLOGY.iter().map(|s| s.to_string()).collect(),
        })
    }
}

/// A lowercase file-name form of a name: `South Korea` → `south-korea`.
///
/// ```
/// assert_eq!(tradedef::study::slug("Korea, South"), "korea-south");
/// ```
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}
