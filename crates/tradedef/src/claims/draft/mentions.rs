//! Finds the partners and countries a story names: every name, Census and SIPRI spelling and
//! alias of the partner registry (`data/partners.csv`), plus the words stories use for them
//! ("U.S.", "America", "Washington", "Beijing", "Chinese", "global" for the world). Groupings the
//! data do not hold (NATO, the G7) are found too, so that a figure about them is not given to a
//! country named nearby.

use std::collections::HashMap;

use super::tokens::{Kind, Token, tokens};
use crate::data::{Partner, partner, partners};

/// What a mention names.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Target {
    /// A partner of the registry, by its display name.
    Partner {
        name: String,
        /// It has a Census code (US trade figures exist for it).
        census: bool,
        /// It has a SIPRI name (military expenditure figures exist for it).
        sipri: bool,
    },
    /// The world (SIPRI's world total; for US trade, the US total with the world).
    World,
    /// A grouping no dataset holds ("NATO").
    Unknown(String),
}

impl Target {
    pub fn is_us(&self) -> bool {
        matches!(self, Target::Partner { name, .. } if name == "United States")
    }
}

/// A partner named in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mention {
    pub target: Target,
    /// Token range.
    pub first: usize,
    pub end: usize,
    /// The words as written.
    pub text: String,
    /// A comparison base, not a subject: "the world's second-largest", "of worldwide spending",
    /// "Europe's biggest spender".
    pub base: bool,
}

/// Extra names: story words for a partner, by the registry name they resolve to.
const EXTRA: &[(&str, &[&str])] = &[
    (
        "United States",
        &[
            "U.S.",
            "US",
            "USA",
            "U.S.A.",
            "America",
            "American",
            "Americans",
            "Washington",
        ],
    ),
    ("China", &["Beijing", "Chinese"]),
    ("Japan", &["Tokyo", "Japanese"]),
    ("Russia", &["Moscow", "Russian", "Kremlin"]),
    ("Ukraine", &["Kyiv", "Kiev", "Ukrainian"]),
    ("Germany", &["Berlin", "German"]),
    ("France", &["Paris", "French"]),
    (
        "United Kingdom",
        &["Britain", "British", "London", "U.K.", "UK"],
    ),
    ("Canada", &["Ottawa", "Canadian"]),
    ("Mexico", &["Mexican"]),
    ("India", &["New Delhi", "Indian"]),
    ("South Korea", &["Seoul", "South Korean"]),
    ("North Korea", &["Pyongyang", "North Korean"]),
    ("Taiwan", &["Taipei", "Taiwanese"]),
    ("Israel", &["Israeli"]),
    ("Poland", &["Warsaw", "Polish"]),
    ("Sweden", &["Swedish"]),
    ("Vietnam", &["Hanoi", "Vietnamese"]),
    ("Ireland", &["Dublin", "Irish"]),
    ("Italy", &["Rome", "Italian"]),
    ("Spain", &["Madrid", "Spanish"]),
    ("Turkey", &["Ankara", "Turkish"]),
    ("Saudi Arabia", &["Riyadh", "Saudi"]),
    ("Iran", &["Tehran", "Iranian"]),
    ("European Union", &["E.U.", "Brussels"]),
    ("Australia", &["Canberra", "Australian"]),
    ("Brazil", &["Brazilian"]),
    ("Switzerland", &["Swiss"]),
    ("Netherlands", &["Dutch"]),
    ("Norway", &["Norwegian"]),
    ("Finland", &["Finnish"]),
    ("Pakistan", &["Pakistani"]),
];

/// Words for the world, matched in any case.
const WORLD: &[&str] = &["world", "global", "worldwide", "globally"];

/// Groupings no dataset holds.
const UNKNOWN: &[&str] = &["NATO", "G7", "G20", "OPEC", "ASEAN", "BRICS", "OECD"];

/// The names to look for, by their first word.
#[derive(Debug, Default)]
pub(crate) struct Gazetteer {
    by_first: HashMap<String, Vec<(Vec<String>, Target)>>,
}

fn words_of(name: &str) -> Vec<String> {
    tokens(name)
        .into_iter()
        .filter(|t| t.kind == Kind::Word || t.number().is_some())
        .map(|t| t.text)
        .collect()
}

/// "Korea, South" → "South Korea".
fn reordered(name: &str) -> String {
    match name.rsplit_once(',') {
        Some((head, tail)) if !tail.trim().is_empty() => format!("{} {}", tail.trim(), head.trim()),
        _ => name.to_string(),
    }
}

fn target_of(p: &Partner) -> Target {
    Target::Partner {
        name: p.name.clone(),
        census: p.census_code.is_some(),
        sipri: p.sipri_name.is_some(),
    }
}

impl Gazetteer {
    /// The registry's names, or an error when it cannot be read.
    pub fn from_registry() -> crate::Result<Gazetteer> {
        let mut g = Gazetteer::default();
        for p in partners()? {
            // Census's seasonally adjusted world rows and trade-agreement groups are not names
            // a story uses
            if p.kind == "other" || p.name.contains('(') || p.name.contains("Seasonally") {
                continue;
            }
            let target = target_of(p);
            let names = [
                Some(&p.name),
                p.census_name.as_ref(),
                p.sipri_name.as_ref(),
                p.iso_name.as_ref(),
            ]
            .into_iter()
            .flatten()
            .chain(&p.aliases);
            for name in names {
                g.add(&reordered(name), target.clone());
            }
        }
        for (name, extra) in EXTRA {
            let Ok(p) = partner(name) else { continue };
            for e in *extra {
                g.add(e, target_of(&p));
            }
        }
        for w in WORLD {
            g.add(w, Target::World);
        }
        for u in UNKNOWN {
            g.add(u, Target::Unknown((*u).to_string()));
        }
        Ok(g)
    }

    fn add(&mut self, name: &str, target: Target) {
        let words = words_of(name);
        let Some(first) = words.first() else { return };
        // one- or two-letter names only as capitals ("EU", "UK"), never "of" or "us"
        if words.len() == 1 && first.len() <= 2 && !first.chars().all(|c| c.is_ascii_uppercase()) {
            return;
        }
        let list = self.by_first.entry(first.to_lowercase()).or_default();
        if !list.iter().any(|(w, _)| *w == words) {
            list.push((words, target));
            list.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        }
    }

    /// The partners named in tokens `first..end`.
    pub fn mentions(&self, t: &[Token], first: usize, end: usize) -> Vec<Mention> {
        let mut out = Vec::new();
        let mut i = first;
        while i < end {
            let Some(list) = (t[i].is_word())
                .then(|| self.by_first.get(&t[i].lower))
                .flatten()
            else {
                i += 1;
                continue;
            };
            let hit = list.iter().find_map(|(words, target)| {
                let j = match_at(t, i, end, words, *target == Target::World)?;
                Some((j, target.clone()))
            });
            let Some((j, target)) = hit else {
                i += 1;
                continue;
            };
            let text = t[i..j].iter().map(|x| x.text.as_str()).collect::<String>();
            let base = is_base(t, first, i, j, end, &target);
            out.push(Mention {
                target,
                first: i,
                end: j,
                text,
                base,
            });
            i = j;
        }
        out
    }
}

/// The end of `words` when they are written from token `i` (full stops of abbreviations and
/// hyphens between them allowed); case must match except for the world's words.
fn match_at(t: &[Token], i: usize, end: usize, words: &[String], any_case: bool) -> Option<usize> {
    let mut j = i;
    for (n, w) in words.iter().enumerate() {
        if n > 0 {
            while j < end && (t[j].punct('.') || t[j].punct('-')) && !t[j].spaced {
                j += 1;
            }
        }
        let tok = t.get(j).filter(|_| j < end)?;
        let same = if any_case {
            tok.lower == w.to_lowercase()
        } else {
            tok.text == *w
        };
        if !same {
            return None;
        }
        j += 1;
    }
    // the full stop closing an abbreviation ("U.S.")
    if words.len() > 1
        && words.iter().all(|w| w.chars().count() == 1)
        && j < end
        && t[j].punct('.')
        && !t[j].spaced
    {
        j += 1;
    }
    // a word continues: "Americas" is not "America", "Japanese" is not "Japan"
    if t.get(j).is_some_and(|x| x.is_word() && !x.spaced) {
        return None;
    }
    Some(j)
}

/// Whether a mention is a comparison base: followed by "'s" and a rank or superlative
/// ("the world's second-largest", "Europe's biggest spender"), or the world after "of".
fn is_base(t: &[Token], first: usize, i: usize, j: usize, end: usize, target: &Target) -> bool {
    let possessive = j + 1 < end && t[j].punct('\'') && t[j + 1].word("s");
    if possessive {
        let k = j + 2;
        let next = (k < end).then(|| t[k].lower.as_str());
        let ranks = [
            "largest", "biggest", "highest", "lowest", "top", "leading", "second", "third",
            "fourth", "fifth", "most", "smallest", "greatest",
        ];
        if next.is_some_and(|w| ranks.contains(&w)) {
            return true;
        }
    }
    if *target == Target::World {
        let before: Vec<&str> = (first..i)
            .rev()
            .take(2)
            .map(|k| t[k].lower.as_str())
            .collect();
        if matches!(
            before.as_slice(),
            ["of", ..] | ["the", "of"] | ["the", "in"] | ["in", ..]
        ) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(String, bool)> {
        let g = Gazetteer::from_registry().unwrap();
        let t = tokens(text);
        g.mentions(&t, 0, t.len())
            .into_iter()
            .map(|m| {
                let name = match m.target {
                    Target::Partner { name, .. } => name,
                    Target::World => "World".into(),
                    Target::Unknown(n) => format!("?{n}"),
                };
                (name, m.base)
            })
            .collect()
    }

    #[test]
    fn partners_resolve_as_typed() {
        let n = names(
            "The U.S. deficit with China, South Korea, the European Union and Mexico; Korea's and Japanese cars; NATO and the world's largest buyer.",
        );
        let plain: Vec<&str> = n.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(
            plain,
            [
                "United States",
                "China",
                "South Korea",
                "European Union",
                "Mexico",
                "Japan",
                "?NATO",
                "World"
            ],
            "{n:?}"
        );
        assert!(
            n.last().is_some_and(|(_, base)| *base),
            "the world's largest is a base"
        );
    }
}
