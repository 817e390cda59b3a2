//! Closeness of names: folding (case, accents, punctuation) and a ranking of candidate names by
//! similarity to what was asked, for "did you mean" errors and searches.

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
