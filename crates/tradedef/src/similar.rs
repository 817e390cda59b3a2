//! Closeness of names: folding (case, accents, punctuation) and a ranking of candidate names by
//! similarity to what was asked, for "did you mean" errors and searches.

use std::collections::BTreeSet;

/// A score at or below this marks a candidate as close enough to suggest ("did you mean").
pub(crate) const CLOSE: f64 = 0.34;

/// Lower-case ASCII letters and digits of `s`, words separated by one space: accents are
/// stripped (`Türkiye` → `turkiye`), apostrophes dropped (`Côte d'Ivoire` → `cote divoire`) and
/// every other punctuation mark becomes a space.
pub(crate) fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            '\'' | '’' | 'ʼ' | '`' | '‘' => {}
            c if c.is_ascii_alphanumeric() => out.push(c),
            c => match unaccent(c) {
                Some(plain) => out.push_str(plain),
                None => out.push(' '),
            },
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The plain letters of a lower-case accented Latin letter.
fn unaccent(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => "i",
        'ł' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' => "r",
        'ś' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`.
fn edits(a: &[char], b: &[char]) -> usize {
    let mut before = vec![0usize; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(before[j - 2] + 1);
            }
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Edits per character between two folded strings: 0 when equal, 1 when nothing is shared.
fn relative_edits(a: &str, b: &str) -> f64 {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let longest = a.len().max(b.len()).max(1);
    edits(&a, &b) as f64 / longest as f64
}

/// How far `candidate` is from `query`, both already [folded](fold): 0 for the same text, small
/// for a prefix, a whole-word match or a typo, up to 1 for nothing in common.
pub(crate) fn score_folded(query: &str, candidate: &str) -> f64 {
    if query.is_empty() {
        return 1.0;
    }
    if query == candidate {
        return 0.0;
    }
    let mut best = relative_edits(query, candidate);
    let words: Vec<&str> = candidate.split(' ').collect();
    let asked: Vec<&str> = query.split(' ').collect();
    if candidate.starts_with(query) {
        best = best.min(0.1);
    }
    if asked.iter().all(|w| words.contains(w)) {
        best = best.min(0.15);
    }
    for w in &words {
        best = best.min(relative_edits(query, w) + 0.05);
    }
    let prefix: String = candidate.chars().take(query.chars().count()).collect();
    best.min(relative_edits(query, &prefix) + 0.1)
}

/// How far `candidate` is from `query` (see [`score_folded`]), folding both first.
#[cfg(test)]
fn score(query: &str, candidate: &str) -> f64 {
    score_folded(&fold(query), &fold(candidate))
}

/// The indices of `candidates` ordered closest first to `query` (ties keep their order).
pub(crate) fn rank<S: AsRef<str>>(query: &str, candidates: &[S]) -> Vec<(usize, f64)> {
    let q = fold(query);
    let mut scored: Vec<(usize, f64)> = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| (i, score_folded(&q, &fold(c.as_ref()))))
        .collect();
    scored.sort_by(|a, b| a.1.total_cmp(&b.1));
    scored
}

// Names as a person types them (partners, countries): a comparison key that also moves a
// trailing ", X" to the front, and the closest names by edit distance.

/// The comparison key of a name: "Korea, South" and "south korea" both give "southkorea".
pub(crate) fn key(name: &str) -> String {
    let name = name.trim();
    let name = match name.rsplit_once(',') {
        Some((head, tail)) if !tail.trim().is_empty() => format!("{} {}", tail.trim(), head),
        _ => name.to_string(),
    };
    let lower = fold_accents(&name.to_lowercase());
    let lower = lower.strip_prefix("the ").unwrap_or(&lower).to_string();
    lower.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The words of a name after the same folding as [`key`].
pub(crate) fn words(name: &str) -> Vec<String> {
    let name = match name.trim().rsplit_once(',') {
        Some((head, tail)) if !tail.trim().is_empty() => format!("{} {}", tail.trim(), head),
        _ => name.trim().to_string(),
    };
    fold_accents(&name.to_lowercase())
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn fold_accents(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            other => other,
        })
        .collect()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut last = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let old = row[j + 1];
            row[j + 1] = (old + 1).min(row[j] + 1).min(last + usize::from(ca != cb));
            last = old;
        }
    }
    row[b.len()]
}

/// Up to `n` names close to `query`, best first: names containing it or contained in it, then
/// by the edit distance to the whole name or its nearest word. Names further than a third of
/// the query's length (at least 2 edits) are left out, so the list may be empty.
pub(crate) fn closest<'a>(
    query: &str,
    names: impl IntoIterator<Item = &'a str>,
    n: usize,
) -> Vec<&'a str> {
    let q = key(query);
    let mut scored: Vec<(usize, &str)> = names
        .into_iter()
        .map(|name| {
            let k = key(name);
            let contained = !q.is_empty() && (k.contains(&q) || q.contains(&k));
            let distance = words(name)
                .iter()
                .map(|w| edit_distance(&q, w))
                .fold(edit_distance(&q, &k), usize::min);
            (
                if contained {
                    distance.min(1)
                } else {
                    distance + 1
                },
                name,
            )
        })
        .collect();
    let limit = (q.chars().count() / 3).max(2) + 1;
    scored.retain(|(score, _)| *score <= limit);
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(n).map(|(_, s)| s).collect()
}

/// The names of `names` that `query` means: equal keys, or else the one name whose words
/// begin with the query's words.
pub(crate) fn matching<'a>(query: &str, names: &BTreeSet<&'a str>) -> Vec<&'a str> {
    let q = key(query);
    let equal: Vec<&str> = names.iter().copied().filter(|n| key(n) == q).collect();
    if !equal.is_empty() {
        return equal;
    }
    let qw = words(query);
    if qw.is_empty() {
        return Vec::new();
    }
    let prefixed: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| words(n).starts_with(&qw))
        .collect();
    if prefixed.len() == 1 {
        prefixed
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_drops_case_accents_and_punctuation() {
        assert_eq!(fold("Türkiye"), "turkiye");
        assert_eq!(fold("Côte D’ivoire"), "cote divoire");
        assert_eq!(fold("  Korea,   South "), "korea south");
        assert_eq!(fold("Réunion"), "reunion");
    }

    #[test]
    fn typos_rank_before_unrelated_names() {
        let names = ["France", "Germany", "Georgia", "Guernsey"];
        let ranked = rank("Germny", &names);
        assert_eq!(names[ranked[0].0], "Germany");
        assert!(ranked[0].1 <= CLOSE, "{ranked:?}");
        assert!(ranked[3].1 > CLOSE, "{ranked:?}");
        assert_eq!(edits(&['a', 'b'], &['b', 'a']), 1);
        assert!(score("us_japan_goods", "us_japan_goods_trade") <= CLOSE);
        assert!(score("korea", "korea south") <= CLOSE);
        assert!(score("xyz", "germany") > CLOSE);
    }
}
