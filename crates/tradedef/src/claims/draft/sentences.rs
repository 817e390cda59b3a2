//! Splits a story into sentences and sentences into clauses, over its tokens.
//!
//! A sentence ends at `.`, `!` or `?` followed by a space and a capital letter, a quote, a digit
//! or a sign, unless the full stop closes an abbreviation ("U.S.", "Mr.", "Jan.", an initial);
//! at a blank line; and at a line break before a capital letter or after a line without final
//! punctuation (a headline). Decimals ("9.3") never split, being one number token.

use super::tokens::{Kind, Token};

/// Words after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "lt", "col", "capt", "sgt", "gov",
    "sen", "rep", "pres", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "no", "nos", "vs", "inc", "corp", "co", "ltd", "est", "approx", "fig", "e", "i",
    "eg", "ie", "al",
];

/// A sentence: its tokens (a range of the story's tokens) and its byte range in the text.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Span {
    /// First token.
    pub first: usize,
    /// One past the last token.
    pub end: usize,
}

/// The sentences of the story, as token ranges (never empty).
pub(super) fn sentences(tokens: &[Token]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut first = 0;
    for i in 0..tokens.len() {
        let next = tokens.get(i + 1);
        let ends = match next {
            None => true,
            Some(n) => ends_after(tokens, i, n),
        };
        if ends {
            out.push(Span { first, end: i + 1 });
            first = i + 1;
        }
    }
    out
}

fn ends_after(tokens: &[Token], i: usize, next: &Token) -> bool {
    let t = &tokens[i];
    if next.newlines >= 2 {
        return true;
    }
    let opens = next.capitalised()
        || matches!(
            next.kind,
            Kind::Punct('"') | Kind::Punct('\'') | Kind::Symbol(_) | Kind::Number(_)
        );
    // a closing quote or bracket after the full stop: the sentence ends after it
    let stop_at = if matches!(
        t.kind,
        Kind::Punct('"') | Kind::Punct('\'') | Kind::Punct(')')
    ) && i > 0
    {
        i - 1
    } else {
        i
    };
    let terminal = matches!(tokens[stop_at].kind, Kind::Punct('.' | '!' | '?' | '…'));
    if next.newlines == 1 {
        let starts =
            next.capitalised() || matches!(next.kind, Kind::Punct('"') | Kind::Punct('\''));
        return starts || terminal || t.punct(':');
    }
    if !terminal || !next.spaced || !opens {
        return false;
    }
    // a full stop after an abbreviation or an initial ("U.S.", "Mr.", "J.") ends nothing
    if tokens[stop_at].punct('.') && stop_at > 0 {
        let before = &tokens[stop_at - 1];
        if before.is_word()
            && (ABBREVIATIONS.contains(&before.lower.as_str())
                || (before.text.chars().count() == 1 && before.capitalised()))
        {
            return false;
        }
    }
    true
}

/// Whether a token separates clauses: `,` `;` `:` `(` `)` dashes, and a spaced hyphen.
pub(super) fn clause_break(t: &Token) -> bool {
    match t.kind {
        Kind::Punct(',' | ';' | ':' | '(' | ')' | '—' | '–' | '[' | ']') => true,
        Kind::Punct('-') => t.spaced,
        _ => false,
    }
}

/// The clause of token `i` within `span`: the token range between the clause breaks around it.
pub(super) fn clause(tokens: &[Token], span: &Span, i: usize) -> Span {
    let mut first = i;
    while first > span.first && !clause_break(&tokens[first - 1]) {
        first -= 1;
    }
    let mut end = i + 1;
    while end < span.end && !clause_break(&tokens[end]) {
        end += 1;
    }
    Span { first, end }
}

/// The sentence's text as written, on one line.
pub(super) fn text_of(text: &str, tokens: &[Token], span: &Span) -> String {
    let (Some(a), Some(b)) = (
        tokens.get(span.first),
        tokens.get(span.end.saturating_sub(1)),
    ) else {
        return String::new();
    };
    text.get(a.start..b.end)
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokens;
    use super::*;

    fn split(text: &str) -> Vec<String> {
        let t = tokens(text);
        sentences(&t).iter().map(|s| text_of(text, &t, s)).collect()
    }

    #[test]
    fn abbreviations_decimals_and_scales_do_not_end_sentences() {
        let s =
            split("The U.S. deficit was 9.3% wider. Mr. Smith said it cost $1.2bn. Then it fell.");
        assert_eq!(
            s,
            [
                "The U.S. deficit was 9.3% wider.",
                "Mr. Smith said it cost $1.2bn.",
                "Then it fell."
            ]
        );
    }

    #[test]
    fn lines_headlines_and_quotes_split() {
        let s = split("A headline\nThe body starts here. “It rose,” she said.\n\nnext paragraph.");
        assert_eq!(
            s,
            [
                "A headline",
                "The body starts here.",
                "“It rose,” she said.",
                "next paragraph."
            ]
        );
    }

    #[test]
    fn hard_wrapped_lines_stay_one_sentence() {
        let s = split("Imports rose to\n$50 billion in\nthe year.");
        assert_eq!(s, ["Imports rose to $50 billion in the year."]);
    }
}
