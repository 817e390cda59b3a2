//! Provenance carried by results, so a chart or table made from them can print its source line.

use serde::{Deserialize, Serialize};

use super::metadata::DatasetMeta;

/// One dataset a result was computed from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SourceNote {
    /// The dataset id.
    pub dataset: String,
    /// Who produced the figures.
    pub producer: String,
    /// The short attribution printed on charts.
    pub attribution: String,
    /// The vintage of the figures used.
    pub vintage: String,
    /// The page the figures are published on.
    pub url: String,
}

impl SourceNote {
    /// The note for a dataset's metadata.
    pub fn from_meta(meta: &DatasetMeta) -> Self {
        SourceNote {
            dataset: meta.id.clone(),
            producer: meta.producer.clone(),
            attribution: meta.attribution_short.clone(),
            vintage: meta.vintage.clone(),
            url: meta.url_main.clone(),
        }
    }
}

/// The datasets a result was computed from, in the order first used, without repeats.
///
/// ```
/// use tradedef::prelude::*;
/// let trade = load("us_japan_goods_trade").unwrap();
/// let p = trade.provenance();
/// assert!(p.source_line().contains("Census"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// The datasets.
    pub sources: Vec<SourceNote>,
}

impl Provenance {
    /// Provenance with one source.
    pub fn single(note: SourceNote) -> Self {
        Provenance {
            sources: vec![note],
        }
    }

    /// Adds the sources of `other` that are not there yet.
    pub fn merge(mut self, other: &Provenance) -> Self {
        for s in &other.sources {
            if !self.sources.contains(s) {
                self.sources.push(s.clone());
            }
        }
        self
    }

    /// "A (vintage); B (vintage)": the text after "Source: " on a chart.
    pub fn source_line(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        for s in &self.sources {
            let p = format!("{} ({})", s.attribution, s.vintage);
            if !parts.contains(&p) {
                parts.push(p);
            }
        }
        parts.join("; ")
    }

    /// Whether no source is recorded.
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }
}
