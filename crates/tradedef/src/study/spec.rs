//! Study descriptions: a small TOML file that names a study's partner, its title and lede, the
//! sections to draw (each a kind from [`SectionKind`] with its arguments), the story's date and
//! claims file, and methodology notes. [`Study::from_spec`](super::Study::from_spec) builds it;
//! `data/studies/` holds the descriptions shipped with the crate.
//!
//! ```
//! use tradedef::study::StudySpec;
//! let spec = StudySpec::parse(r#"
//! id = "korea-trade"
//! title = "South Korea and the US"
//! lede = "Balance and rank."
//! partner = "South Korea"
//!
//! [[section]]
//! kind = "balance"
//!
//! [[section]]
//! kind = "rank"
//! year = 2024
//! "#, "korea.toml")?;
//! assert_eq!(spec.sections.len(), 2);
//! let typo = StudySpec::parse("id = \"x\"\ntitle = \"t\"\nlede = \"l\"\npartner = \"Japan\"\n\
//!     [[section]]\nkind = \"rank\"\nyaer = 2024\n", "typo.toml").unwrap_err();
//! assert!(typo.to_string().contains("yaer"), "{typo}");
//! # Ok::<(), tradedef::Error>(())
//! ```

use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::{Error, Location, Result};

/// The study descriptions embedded in the crate, by id (the file stem in `data/studies/`).
const EMBEDDED: &[(&str, &str)] = &[
    (
        "japan-dilemma-2025",
        include_str!("../../../../data/studies/japan-dilemma-2025.toml"),
    ),
    (
        "korea-trade-security-2025",
        include_str!("../../../../data/studies/korea-trade-security-2025.toml"),
    ),
];

/// A study description, as read from its TOML file.
#[derive(Debug, Clone, PartialEq)]
pub struct StudySpec {
    /// A short id, e.g. `japan-dilemma-2025`: the report's folder name.
    pub id: String,
    /// The page title.
    pub title: String,
    /// What the study answers, in a sentence or two.
    pub lede: String,
    /// The partner, as the registry resolves it (name, code or ISO code).
    pub partner: String,
    /// The date of the story the study follows, marked on its time charts.
    pub story_date: Option<NaiveDate>,
    /// The label of that mark (default "Story, Mon YYYY").
    pub story_label: Option<String>,
    /// The id of the embedded claims file to fact-check (in `data/claims/`).
    pub claims: Option<String>,
    /// Methodology notes this study adds to the shared ones.
    pub methodology: Vec<String>,
    /// The sections, in reading order.
    pub sections: Vec<SectionSpec>,
}

/// One section of a study: what to draw (its kind and arguments) and, optionally, its own words.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionSpec {
    /// The section's own words; each falls back to the kind's default phrasing.
    pub wording: Wording,
    /// What the section shows.
    pub kind: SectionKind,
}

/// The words a section may set itself: its id (file stem and anchor), heading, question and the
/// chart's headline. Unset, each is phrased from the kind and the partner.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Wording {
    /// File stem and anchor (default: the section's number and kind, e.g. `02-rank`).
    pub id: Option<String>,
    /// The heading.
    pub title: Option<String>,
    /// The question the section answers.
    pub question: Option<String>,
    /// The chart's title: a headline that says what the chart shows.
    pub headline: Option<String>,
}

/// What a section shows. Every kind works for any partner the registry resolves; a kind that
/// reads a dataset of its own (a national budget, a survey) takes the dataset's id.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum SectionKind {
    /// US exports to, imports from and balance with the partner, every year of the data; the
    /// findings state the latest year and each year of `years`.
    Balance {
        /// Years to state in the findings besides the latest.
        #[serde(default)]
        years: Vec<i64>,
    },
    /// The partner among the largest US deficit partners of `year` (default: the latest complete
    /// year), countries only.
    Rank {
        /// The year (default: the latest complete year).
        year: Option<i64>,
        /// How many of the largest deficits to draw (default 12).
        #[serde(default = "twelve")]
        bars: usize,
    },
    /// The largest US deficits and surpluses of `year` by country, the partner highlighted.
    PartnerBalances {
        /// The year.
        year: i64,
        /// How many deficits to draw (default 10).
        #[serde(default = "ten")]
        deficits: usize,
        /// How many surpluses to draw (default 5).
        #[serde(default = "five")]
        surpluses: usize,
    },
    /// US imports from the partner by end-use category in `year` (default: the latest year with
    /// both end-use imports and a goods balance).
    Composition {
        /// The year.
        year: Option<i64>,
    },
    /// A product category's imports beside the whole deficit with the partner, per year, with its
    /// gross and net shares.
    CategoryShare {
        /// The category, as [`Category::parse`](crate::analysis::Category::parse) reads it
        /// (`autos`, an end-use code such as `3` or `30000`).
        category: String,
        /// The year the findings state (default: the latest in the table).
        year: Option<i64>,
    },
    /// A tariff scenario on a category of imports from the partner: the sensitivity grid of the
    /// exporters' revenue loss, and optionally a claimed loss to test and an all-in rate to compare.
    Tariff {
        /// The category (default: the partner's largest end-use category).
        category: Option<String>,
        /// The base year of the imports (default: the composition's year).
        year: Option<i64>,
        /// Percentage points added to the current rate (default 25).
        #[serde(default = "twenty_five")]
        points: f64,
        /// The import demand elasticity of the headline (default 2.5).
        elasticity: Option<f64>,
        /// A claimed yearly loss to exporters, USD billions, drawn and tested.
        claim_usd_bn: Option<f64>,
        /// An all-in rate (percent) whose cost is stated beside the scenario's.
        compare_rate: Option<f64>,
    },
    /// The partner's military spending as a share of GDP (SIPRI), with peers, one release.
    MilitarySpending {
        /// Countries to draw beside the partner (SIPRI names or registry words).
        #[serde(default)]
        peers: Vec<String>,
    },
    /// Military burden of several countries in two years (dumbbells), one SIPRI release.
    MilitaryBurden {
        /// The countries (the partner is added when missing).
        countries: Vec<String>,
        /// The first year.
        from: i64,
        /// The second year.
        to: i64,
    },
    /// US military personnel assigned to the partner (DMDC), latest report of each year.
    Troops {
        /// A dataset of what the host pays toward US forces (optional), stated per member.
        host_support: Option<String>,
        /// The agreement year of that support.
        host_support_year: Option<i64>,
        /// A dataset of the partner's own troop series to draw instead of DMDC's by-country file.
        series: Option<String>,
    },
    /// A national defence budget in its own currency, in dollars and in real terms, as an index.
    DefenceBudget {
        /// The budget's dataset.
        dataset: String,
        /// The index's base year.
        base_year: i64,
        /// The fiscal years whose growth the findings state, as `[from, to]` pairs.
        #[serde(default)]
        growth: Vec<[i64; 2]>,
    },
    /// One measure of a dataset by year (columns), e.g. an investment position.
    DatasetColumns {
        /// The dataset.
        dataset: String,
        /// The measure drawn (`measure` column); the table keeps every measure in `unit`.
        measure: String,
        /// The unit of the rows kept (`unit` column).
        unit: String,
        /// The legend's name for the drawn measure (default: the measure's id).
        series_label: Option<String>,
        /// Measures and years the findings state.
        #[serde(default)]
        state: Vec<StateValue>,
    },
    /// A partner's trade with a third country in its own currency and in dollars (a dataset of
    /// yearly totals, converted at the annual average rate).
    ThirdCountryTrade {
        /// The dataset.
        dataset: String,
        /// The third country, as the findings name it.
        with: String,
        /// Keep only rows of this `source` (one producer's series), when set.
        source: Option<String>,
    },
}

/// A measure in a year, to state in a section's findings.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateValue {
    /// The measure.
    pub measure: String,
    /// The year.
    pub year: i64,
    /// What the figure is, in a reader's words; the finding reads "SAYS: FIGURE."
    pub says: String,
}

fn five() -> usize {
    5
}
fn ten() -> usize {
    10
}
fn twelve() -> usize {
    12
}
fn twenty_five() -> f64 {
    25.0
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    id: String,
    title: String,
    lede: String,
    partner: String,
    story_date: Option<toml::value::Datetime>,
    story_label: Option<String>,
    claims: Option<String>,
    #[serde(default)]
    methodology: Vec<String>,
    #[serde(default, rename = "section")]
    sections: Vec<toml::Table>,
}

const WORDING_KEYS: [&str; 4] = ["id", "title", "question", "headline"];

impl StudySpec {
    /// Parses a study description; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<StudySpec> {
        let at = Location::file(file);
        let doc: Document = toml::from_str(text)
            .map_err(|e| crate::toml_text::error(text, &e, at.clone(), "study description"))?;
        let story_date = match doc.story_date {
            None => None,
            Some(d) => Some(
                NaiveDate::parse_from_str(&d.to_string(), "%Y-%m-%d").map_err(|_| {
                    Error::invalid(
                        at.clone().column("story_date"),
                        format!("`{d}` is not a date (YYYY-MM-DD)"),
                    )
                })?,
            ),
        };
        let mut sections = Vec::new();
        for (i, mut table) in doc.sections.into_iter().enumerate() {
            let mut take = |key: &str| -> Result<Option<String>> {
                match table.remove(key) {
                    None => Ok(None),
                    Some(toml::Value::String(s)) => Ok(Some(s)),
                    Some(other) => Err(Error::invalid(
                        at.clone().column(format!("section {} `{key}`", i + 1)),
                        format!("expected text, found {}", other.type_str()),
                    )),
                }
            };
            let wording = Wording {
                id: take(WORDING_KEYS[0])?,
                title: take(WORDING_KEYS[1])?,
                question: take(WORDING_KEYS[2])?,
                headline: take(WORDING_KEYS[3])?,
            };
            let kind = SectionKind::deserialize(toml::Value::Table(table)).map_err(|e| {
                Error::invalid(
                    at.clone().column(format!("section {}", i + 1)),
                    format!(
                        "{} (a section has `kind` and its arguments, plus optional {})",
                        e.message().split_whitespace().collect::<Vec<_>>().join(" "),
                        WORDING_KEYS.join(", ")
                    ),
                )
            })?;
            sections.push(SectionSpec { wording, kind });
        }
        if sections.is_empty() {
            return Err(Error::invalid(
                at,
                "a study description needs at least one [[section]]",
            ));
        }
        Ok(StudySpec {
            id: doc.id,
            title: doc.title,
            lede: doc.lede,
            partner: doc.partner,
            story_date,
            story_label: doc.story_label,
            claims: doc.claims,
            methodology: doc.methodology,
            sections,
        })
    }

    /// Reads a study description from a file.
    pub fn from_file(path: &Path) -> Result<StudySpec> {
        let at = Location::file(path.display().to_string());
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = crate::toml_text::text_of(&bytes, at)?;
        StudySpec::parse(text, &path.display().to_string())
    }

    /// An embedded study description by id; an unknown id lists the closest.
    ///
    /// ```
    /// let spec = tradedef::study::StudySpec::named("japan-dilemma-2025")?;
    /// assert_eq!(spec.partner, "Japan");
    /// assert!(tradedef::study::StudySpec::named("japan-dilema").is_err());
    /// # Ok::<(), tradedef::Error>(())
    /// ```
    pub fn named(id: &str) -> Result<StudySpec> {
        match EMBEDDED.iter().find(|(name, _)| *name == id) {
            Some((name, text)) => StudySpec::parse(text, &format!("data/studies/{name}.toml")),
            None => Err(Error::not_found(
                "study description",
                id,
                EMBEDDED.iter().map(|(name, _)| *name),
            )),
        }
    }

    /// The ids of the embedded study descriptions.
    pub fn embedded() -> Vec<&'static str> {
        EMBEDDED.iter().map(|(name, _)| *name).collect()
    }

    /// The label of the story's mark on time charts: `story_label`, else "Story, Mon YYYY".
    pub fn story_mark(&self) -> Option<(f64, String)> {
        let date = self.story_date?;
        use chrono::Datelike;
        let x = date.year() as f64 + (date.ordinal0() as f64 / 365.0);
        let label = self
            .story_label
            .clone()
            .unwrap_or_else(|| format!("Story, {}", date.format("%b %Y")));
        Some((x, label))
    }
}
