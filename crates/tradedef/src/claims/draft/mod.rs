//! Drafts a claims file from a story's text: finds every figure, keeps its sentence as the
//! quote, resolves the partner or country named nearby through the partner registry, proposes
//! the analysis and arguments the words suggest, and writes a claims file for a person to review
//! ([`Draft::to_toml`]). A figure it cannot place is written as a claim to fill in (`verdict =
//! "not checkable"`, a commented measure stub), never dropped. [`coverage`] lists the figures of
//! a story that no claim of a claims file quotes.
//!
//! What counts as a figure: money with its scale and currency ("$68 billion", "¥8.7 trillion",
//! "US$ 1.2bn", "68 billion dollars"), percentages and percentage points, counts ("54,000
//! troops"), fractions ("a third of", "two-thirds"), multiples ("doubled") and ratios ("twice as
//! much"), ranks and superlatives ("the largest", "second-biggest", "top"), records ("a record",
//! "the highest since 2008"). Each carries the bound before it ("more than", "nearly", "about",
//! "under", "up to") and the direction around it ("rose", "fell"). Years, dates and periods ("in
//! 2024", "fiscal 2025", "last year", "January–August") are read as the context of the figures,
//! not as figures to check; the year after "since" belongs to the superlative before it.
//!
//! ```
//! use tradedef::claims::{draft, FigureKind, Ledger};
//! let story = "The U.S. goods deficit with Mexico rose 10% to a record $170 billion in 2024. \
//!              Mexico's military spending was about $10 billion.";
//! let d = draft(story);
//! let kinds: Vec<FigureKind> = d.figures().iter().map(|f| f.kind).collect();
//! assert_eq!(kinds, [FigureKind::Percent, FigureKind::Record, FigureKind::Money, FigureKind::Money]);
//! let growth = &d.claims()[0];
//! assert_eq!(growth.proposal.analysis.as_deref(), Some("trade_growth"));
//! let toml = d.to_toml();
//! assert!(toml.contains(r#"args = { partner = "Mexico", flow = "deficit", from = 2023, to = 2024 }"#), "{toml}");
//! assert!(toml.contains(r#"args = { country = "Mexico", year = 2024 }"#), "{toml}");
//! // a valid claims file, ready for review
//! let ledger = Ledger::from_toml_str(&toml, "draft.toml")?;
//! assert_eq!(ledger.file().claims.len(), 4);
//! # Ok::<(), tradedef::Error>(())
//! ```

mod analyses;
mod coverage;
mod figures;
mod lexicon;
mod mentions;
mod place;
mod sentences;
mod tokens;
mod write;

use std::fmt;

pub use coverage::{Coverage, coverage};

pub use super::file::{Bound, Direction};
use super::file::{Claimed, Story};
use crate::{Error, Result};

/// What kind of figure a [`Figure`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FigureKind {
    /// An amount of money: "$68 billion" (value 68, unit "USD billions").
    Money,
    /// A percentage: "9.3%", "5.7 percent", "1.8 per cent".
    Percent,
    /// A difference of percentages: "2 percentage points".
    PercentagePoints,
    /// A count of people or things: "54,000 troops" (unit "persons"), "100 countries".
    Count,
    /// A share in words: "a third of" (value 33.3, unit "percent"), "half of", "two-thirds".
    Fraction,
    /// A change in words: "doubled" (value 100: a rise of 100%), "tripled", "halved".
    Multiple,
    /// A ratio of two figures: "twice as much" (value 2, unit "times").
    Ratio,
    /// A rank: "the largest" (1), "second-biggest" (2), "top".
    Rank,
    /// A record level: "a record", "the highest since 2008".
    Record,
    /// A record change: "the fastest rise since 1989".
    RecordChange,
}

impl FigureKind {
    /// Its name in the drafted file's comments: "money", "percent"….
    pub fn name(self) -> &'static str {
        match self {
            FigureKind::Money => "money",
            FigureKind::Percent => "percent",
            FigureKind::PercentagePoints => "percentage points",
            FigureKind::Count => "count",
            FigureKind::Fraction => "fraction",
            FigureKind::Multiple => "multiple",
            FigureKind::Ratio => "ratio",
            FigureKind::Rank => "rank",
            FigureKind::Record => "record",
            FigureKind::RecordChange => "record change",
        }
    }
}

/// A figure found in a story.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// What kind of figure it is.
    pub kind: FigureKind,
    /// The figure as written ("$68 billion", "9.4%", "second-largest").
    pub text: String,
    /// Its byte range in the story's text.
    pub start: usize,
    /// The end of that range.
    pub end: usize,
    /// The index of its sentence (see [`Draft::sentences`]).
    pub sentence: usize,
    /// The number as written, in `unit` (a rank for ranks and records).
    pub value: f64,
    /// "USD billions", "percent", "persons", "rank"….
    pub unit: String,
    /// The bound before it, if any.
    pub bound: Option<Bound>,
    /// The direction around it, if any.
    pub direction: Option<Direction>,
    /// For a record or superlative: the year after "since".
    pub since: Option<i32>,
    pub(crate) first: usize,
    pub(crate) last: usize,
}

/// The analysis proposed for a figure, or why none is.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    /// The named analysis (see [`super::analyses`]), `None` when the figure could not be placed.
    pub analysis: Option<String>,
    /// Its arguments, in the table's order.
    pub args: Vec<(String, toml::Value)>,
    /// Multiplies the analysis' value into the claim's unit (0.001 for billions → trillions).
    pub scale: Option<f64>,
    /// What the analysis measures, in words: the measure's definition.
    pub definition: String,
    /// The words that suggested the partner, the topic and the period.
    pub why: Vec<String>,
    /// For a figure not placed: what is missing.
    pub todo: Option<String>,
    /// The period of the claim: "2024", "FY2025", "2023 to 2024".
    pub period: Option<String>,
}

/// A drafted claim: a figure, its sentence and the proposal.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftClaim {
    /// Unique id within the draft ("mexico-deficit-growth-2024").
    pub id: String,
    /// The figure.
    pub figure: Figure,
    /// Its sentence, on one line.
    pub quote: String,
    /// The figure as claimed.
    pub claimed: Claimed,
    /// The analysis proposed, or what is missing.
    pub proposal: Proposal,
}

/// A claims file drafted from a story's text, with the figures found. Made by [`draft`] or
/// [`Drafter::draft`]; written with [`Draft::to_toml`].
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    story: Story,
    source: Option<String>,
    sentences: Vec<String>,
    periods: Vec<String>,
    claims: Vec<DraftClaim>,
    notes: Vec<String>,
}

/// Drafts a claims file from a story's text with no story details (id "draft"; the title is the
/// first line when it reads as a headline). See [`Draft`] for what it holds, and [`Drafter`] to
/// name the story and its date (which dates "last year").
///
/// ```
/// let d = tradedef::claims::draft("The deficit with Canada shrank by about 5% in 2024.");
/// assert_eq!(d.figures().len(), 1);
/// assert!(d.to_toml().contains("bound = \"about\""));
/// ```
pub fn draft(text: &str) -> Draft {
    Drafter::new().draft(text)
}

/// Drafts claims files: the story's id, title, date and address, then [`Drafter::draft`].
///
/// ```
/// use tradedef::claims::Drafter;
/// let d = Drafter::new()
///     .id("milex-demo")
///     .published("2025-04-28")?
///     .draft("Germany's military spending rose 28% last year.");
/// assert_eq!(d.claims()[0].proposal.period.as_deref(), Some("2023 to 2024"));
/// assert!(Drafter::new().published("April 2025").is_err());
/// # Ok::<(), tradedef::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Drafter {
    story: Story,
    published: Option<i32>,
    source: Option<String>,
}

impl Default for Drafter {
    fn default() -> Self {
        Drafter::new()
    }
}

impl Drafter {
    /// A drafter with no story details: id "draft", no title, no date.
    pub fn new() -> Self {
        Drafter {
            story: Story {
                id: "draft".into(),
                title: String::new(),
                outlet: None,
                published: None,
                url: None,
                figures_as_of: None,
                notes: None,
            },
            published: None,
            source: None,
        }
    }

    /// The story's id (by default "draft").
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.story.id = id.into();
        self
    }

    /// The headline (by default the story's first line, when it reads as one).
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.story.title = title.into();
        self
    }

    /// The outlet.
    pub fn outlet(mut self, outlet: impl Into<String>) -> Self {
        self.story.outlet = Some(outlet.into());
        self
    }

    /// The address of the story.
    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.story.url = Some(url.into());
        self
    }

    /// Where the text was read from, named in the file's header.
    pub fn source(mut self, source: impl Into<String>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// When the story was published: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. Dates "last year" and
    /// sets the year of figures that state none (the year before). An error when not a date.
    pub fn published(mut self, date: &str) -> Result<Self> {
        let date = date.trim();
        let parts: Vec<&str> = date.split('-').collect();
        let number = |s: &str, n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_digit());
        let ok = match parts.as_slice() {
            [y] => number(y, 4),
            [y, m] => number(y, 4) && number(m, 2),
            [y, m, d] => number(y, 4) && number(m, 2) && number(d, 2),
            _ => false,
        } && chrono::NaiveDate::parse_from_str(
            &format!(
                "{}{}",
                date,
                ["-01-01", "-01", ""][parts.len().clamp(1, 3) - 1]
            ),
            "%Y-%m-%d",
        )
        .is_ok();
        if !ok {
            return Err(Error::argument(
                "published date",
                format!("`{date}` is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"),
            ));
        }
        self.published = parts[0].parse().ok();
        self.story.published = Some(date.to_string());
        Ok(self)
    }

    /// Drafts the claims of `text`. Never fails: a figure it cannot place is a claim to fill in,
    /// and a partner registry that cannot be read leaves every figure unplaced, with a note.
    pub fn draft(&self, text: &str) -> Draft {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let toks = tokens::tokens(text);
        let spans = sentences::sentences(&toks);
        let mut notes = Vec::new();
        let gazetteer = mentions::Gazetteer::from_registry().unwrap_or_else(|e| {
            notes.push(format!(
                "the partner registry could not be read ({e}): no figure was placed with a partner"
            ));
            mentions::Gazetteer::default()
        });
        let found: Vec<figures::Found> = spans
            .iter()
            .enumerate()
            .map(|(n, s)| figures::find(text, &toks, s, n))
            .collect();
        let mentioned: Vec<Vec<mentions::Mention>> = spans
            .iter()
            .map(|s| gazetteer.mentions(&toks, s.first, s.end))
            .collect();
        let quotes: Vec<String> = spans
            .iter()
            .map(|s| sentences::text_of(text, &toks, s))
            .collect();
        let default_year = match self.published {
            Some(y) => Some((y - 1, "the year before publication".to_string())),
            None => found
                .iter()
                .flat_map(|f| &f.periods)
                .filter(|p| {
                    p.role == figures::Role::At && p.relative.is_none() && !p.fiscal && !p.taken
                })
                .filter(|p| {
                    toks.get(p.first.wrapping_sub(1))
                        .is_some_and(|t| t.word("in"))
                })
                .map(|p| p.year)
                .max()
                .map(|y| (y, "the latest year the story gives \"in\"".to_string())),
        };
        let milex_story = {
            let count = |ws: &[&str]| {
                toks.iter()
                    .filter(|t| t.is_word() && ws.contains(&t.lower.as_str()))
                    .count()
            };
            count(&[
                "military", "defence", "defense", "arms", "sipri", "spender", "armed",
            ]) > count(&[
                "trade",
                "deficit",
                "deficits",
                "surplus",
                "exports",
                "imports",
                "tariffs",
                "tariff",
                "imbalance",
            ])
        };
        let cx = place::Context {
            tokens: &toks,
            sentences: &spans,
            found: &found,
            mentions: &mentioned,
            published: self.published,
            default_year,
            milex_story,
        };
        let proposals = place::place_all(&cx);
        let figures: Vec<&Figure> = found.iter().flat_map(|f| &f.figures).collect();
        let mut ids = std::collections::HashSet::new();
        let claims = figures
            .into_iter()
            .zip(proposals)
            .map(|(f, proposal)| {
                let mut why = proposal.why.clone();
                why.insert(
                    0,
                    format!("clause: \"{}\"", place::clause_words(&toks, &spans, f)),
                );
                let proposal = Proposal { why, ..proposal };
                let id = unique_id(&mut ids, claim_id(f, &proposal));
                DraftClaim {
                    id,
                    quote: quotes.get(f.sentence).cloned().unwrap_or_default(),
                    claimed: claimed_of(f, proposal.period.clone()),
                    figure: f.clone(),
                    proposal,
                }
            })
            .collect();
        let periods = found
            .iter()
            .flat_map(|f| f.periods.iter().map(|p| p.text.clone()))
            .collect();
        let mut story = self.story.clone();
        if story.title.is_empty() {
            story.title =
                headline(&toks, &spans, &quotes).unwrap_or_else(|| "(title: fill in)".into());
        }
        Draft {
            story,
            source: self.source.clone(),
            sentences: quotes,
            periods,
            claims,
            notes,
        }
    }
}

/// The first sentence when it has no final punctuation and is short: a headline.
fn headline(
    toks: &[tokens::Token],
    spans: &[sentences::Span],
    quotes: &[String],
) -> Option<String> {
    let first = spans.first()?;
    let last = toks.get(first.end.checked_sub(1)?)?;
    let q = quotes.first()?;
    (!matches!(last.kind, tokens::Kind::Punct('.' | '!' | '?' | '"')) && q.len() <= 150)
        .then(|| q.clone())
}

fn round(v: f64) -> f64 {
    let r = (v * 1000.0).round() / 1000.0;
    if r.is_finite() { r } else { 0.0 }
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn claim_id(f: &Figure, p: &Proposal) -> String {
    let arg = |k: &str| {
        p.args.iter().find(|(n, _)| n == k).map(|(_, v)| match v {
            toml::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    };
    let mut parts: Vec<String> = Vec::new();
    if let Some(who) = arg("partner").or_else(|| arg("country")) {
        parts.push(who);
    }
    match &p.analysis {
        Some(a) => {
            parts.push(arg("flow").unwrap_or_default());
            parts.push(
                a.trim_start_matches("trade_")
                    .replace("_value", "")
                    .to_string(),
            );
            parts.push(p.period.clone().unwrap_or_default());
        }
        None => {
            parts.push(f.kind.name().to_string());
            parts.push(f.text.clone());
        }
    }
    let id = slug(&parts.join(" "));
    if id.is_empty() { "figure".into() } else { id }
}

fn unique_id(seen: &mut std::collections::HashSet<String>, id: String) -> String {
    let mut candidate = id.clone();
    let mut n = 2;
    while !seen.insert(candidate.clone()) {
        candidate = format!("{id}-{n}");
        n += 1;
    }
    candidate
}

impl Draft {
    /// Every figure found, in the order of the text (years, dates and periods are not figures:
    /// see [`Draft::periods`]).
    ///
    /// ```
    /// let d = tradedef::claims::draft("In 2024 exports rose 4% to more than $2 trillion.");
    /// let f = &d.figures()[1];
    /// assert_eq!((f.text.as_str(), f.value, f.unit.as_str()), ("$2 trillion", 2.0, "USD trillions"));
    /// assert_eq!(f.bound, Some(tradedef::claims::Bound::MoreThan));
    /// assert_eq!(d.periods(), ["2024"]);
    /// ```
    pub fn figures(&self) -> Vec<&Figure> {
        self.claims.iter().map(|c| &c.figure).collect()
    }

    /// The drafted claims, one per figure, in the order of the text.
    pub fn claims(&self) -> &[DraftClaim] {
        &self.claims
    }

    /// The years, dates and periods recognised, as written (context of the figures).
    pub fn periods(&self) -> &[String] {
        &self.periods
    }

    /// The story's sentences, on one line each.
    pub fn sentences(&self) -> &[String] {
        &self.sentences
    }

    /// The story's details as they will be written.
    pub fn story(&self) -> &Story {
        &self.story
    }

    /// How many figures were found.
    pub fn found(&self) -> usize {
        self.claims.len()
    }

    /// How many figures got an analysis.
    pub fn placed(&self) -> usize {
        self.claims
            .iter()
            .filter(|c| c.proposal.analysis.is_some())
            .count()
    }

    /// Notes on the draft as a whole (e.g. a registry that could not be read).
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// The claims file, in TOML: a header saying it is a draft to review with the counts, the
    /// story, then one claim per figure with a comment naming the words behind its proposal.
    /// Placed claims carry the proposed measure; the others are `not checkable` with a measure
    /// stub in comments. [`super::Ledger::from_toml_str`] reads it.
    ///
    /// ```
    /// let d = tradedef::claims::draft("Polls put approval at 28%.");
    /// let toml = d.to_toml();
    /// assert!(toml.contains("verdict = \"not checkable\""));
    /// assert!(toml.contains("# TODO: choose an analysis"));
    /// tradedef::claims::Ledger::from_toml_str(&toml, "draft.toml")?;
    /// # Ok::<(), tradedef::Error>(())
    /// ```
    pub fn to_toml(&self) -> String {
        write::to_toml(self)
    }
}

impl fmt::Display for Draft {
    /// One line per figure: the figure, its kind and the analysis proposed or what is missing.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} figures found, {} placed",
            self.found(),
            self.placed()
        )?;
        for c in &self.claims {
            let what = match &c.proposal.analysis {
                Some(a) => a.clone(),
                None => format!("to fill in: {}", c.proposal.todo.as_deref().unwrap_or("")),
            };
            writeln!(
                f,
                "  {:<18} {:<14} {}",
                c.figure.text,
                c.figure.kind.name(),
                what
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;

/// The claimed figure of a found figure, in the claims file's terms: its bound and direction
/// as the words give them; a record as no earlier year as high (the value `trade_record` and
/// `milex_record` measure).
fn claimed_of(f: &Figure, period: Option<String>) -> Claimed {
    let mut c = if matches!(f.kind, FigureKind::Record) {
        Claimed::new(0.0, "earlier years as high")
    } else {
        Claimed::new(round(f.value), f.unit.clone())
    };
    c.period = period;
    c.bound = f.bound;
    c.direction = f.direction;
    c
}
