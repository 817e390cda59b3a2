//! Which figures of a story no claim of a claims file covers.

use std::fmt;

use super::{Figure, draft};
use crate::claims::ClaimsFile;

/// The figures of a story and the claims that quote them. Made by [`coverage`].
#[derive(Debug, Clone, PartialEq)]
pub struct Coverage {
    /// How many figures the story has (as [`super::draft`] finds them).
    pub found: usize,
    /// The figures no claim covers, each with its sentence.
    pub uncovered: Vec<(Figure, String)>,
}

impl Coverage {
    /// How many figures a claim covers.
    pub fn covered(&self) -> usize {
        self.found - self.uncovered.len()
    }
}

/// Folds what editors change between a story and a quote: curly quotes and apostrophes, dashes,
/// spaces.
fn folded(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '’' | '‘' | 'ʼ' | '`' => '\'',
            '“' | '”' | '„' => '"',
            '—' | '–' => '-',
            c => c,
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The figures of `story` (its text) that no claim of `file` covers. A claim covers a figure
/// when its quote contains the figure's sentence, or the figure as written when it has digits
/// ("$68 billion", not "record").
///
/// ```
/// use tradedef::claims::{ClaimsFile, coverage};
/// let file = ClaimsFile::parse(r#"
/// [story]
/// id = "s"
/// title = "S"
/// [[claims]]
/// id = "a"
/// quote = "exports rose 4%"
/// claimed = { value = 4, unit = "percent" }
/// verdict = "not checkable"
/// reason = "a demo"
/// "#, "s.toml")?;
/// let c = coverage("In 2024 exports rose 4%. Imports fell to $3 billion.", &file);
/// assert_eq!((c.found, c.covered()), (2, 1));
/// assert_eq!(c.uncovered[0].0.text, "$3 billion");
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn coverage(story: &str, file: &ClaimsFile) -> Coverage {
    let d = draft(story);
    let quotes: Vec<String> = file.claims.iter().map(|c| folded(&c.quote)).collect();
    let uncovered: Vec<(Figure, String)> = d
        .claims()
        .iter()
        .filter(|c| {
            let sentence = folded(&c.quote);
            let text = folded(&c.figure.text);
            // a figure in words ("record", "top") is too common to stand for its sentence
            let numeric = text.chars().any(|ch| ch.is_ascii_digit());
            !quotes
                .iter()
                .any(|q| q.contains(&sentence) || (numeric && q.contains(&text)))
        })
        .map(|c| (c.figure.clone(), c.quote.clone()))
        .collect();
    Coverage {
        found: d.found(),
        uncovered,
    }
}

impl fmt::Display for Coverage {
    /// The counts, then one line per figure no claim covers.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} figures found in the story; {} covered by a claim's quote; {} not covered",
            self.found,
            self.covered(),
            self.uncovered.len()
        )?;
        for (fig, sentence) in &self.uncovered {
            writeln!(f, "  {:<20} {:<14} {}", fig.text, fig.kind.name(), sentence)?;
        }
        Ok(())
    }
}
