//! Splits a story's text into tokens: words, numbers (with thousands separators and decimals),
//! currency and percent signs, punctuation; each with its byte range and the whitespace before it.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Kind {
    /// Letters only ("Japan", "s" of "'s", "bn" of "1.2bn").
    Word,
    /// Digits with `,` thousands separators and one decimal point (or a decimal comma).
    Number(f64),
    /// `$`, `¥`, `€`, `£`, `%`, `~`.
    Symbol(char),
    /// Anything else that is not a space; curly apostrophes and quotes are folded to `'` and `"`.
    Punct(char),
}

/// One token of the text.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Token {
    pub kind: Kind,
    /// Byte range in the story's text.
    pub start: usize,
    pub end: usize,
    /// The text as written.
    pub text: String,
    /// Lower case, for matching words.
    pub lower: String,
    /// Newlines in the whitespace before the token.
    pub newlines: usize,
    /// Whether whitespace comes before the token.
    pub spaced: bool,
}

impl Token {
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }

    pub fn word(&self, w: &str) -> bool {
        self.kind == Kind::Word && self.lower == w
    }

    pub fn punct(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }

    pub fn number(&self) -> Option<f64> {
        match self.kind {
            Kind::Number(v) => Some(v),
            _ => None,
        }
    }

    pub fn capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// A whole number of four digits from 1900 to 2100, written without separators.
    pub fn year(&self) -> Option<i32> {
        let v = self.number()?;
        let plain = self.text.len() == 4 && self.text.chars().all(|c| c.is_ascii_digit());
        (plain && (1900.0..=2100.0).contains(&v)).then_some(v as i32)
    }
}

fn fold_punct(c: char) -> char {
    match c {
        '’' | '‘' | 'ʼ' | '`' | '′' => '\'',
        '“' | '”' | '„' | '«' | '»' => '"',
        other => other,
    }
}

/// The tokens of `text`.
pub(super) fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let offset = |i: usize| chars.get(i).map_or(text.len(), |&(o, _)| o);
    let mut out = Vec::new();
    let mut i = 0;
    let mut newlines = 0;
    let mut spaced = false;
    while let Some(c) = at(i) {
        if c.is_whitespace() {
            if c == '\n' {
                newlines += 1;
            }
            spaced = true;
            i += 1;
            continue;
        }
        let start = i;
        let kind = if c.is_ascii_digit() {
            i = number_end(&chars, i);
            let raw: String = chars[start..i].iter().map(|&(_, c)| c).collect();
            Kind::Number(parse_number(&raw))
        } else if c.is_alphabetic() {
            while at(i).is_some_and(char::is_alphabetic) {
                i += 1;
            }
            Kind::Word
        } else {
            i += 1;
            match c {
                '$' | '¥' | '€' | '£' | '%' | '~' | '％' => {
                    Kind::Symbol(if c == '％' { '%' } else { c })
                }
                other => Kind::Punct(fold_punct(other)),
            }
        };
        let raw = &text[offset(start)..offset(i)];
        out.push(Token {
            kind,
            start: offset(start),
            end: offset(i),
            text: raw.to_string(),
            lower: raw.to_lowercase(),
            newlines,
            spaced,
        });
        newlines = 0;
        spaced = false;
    }
    out
}

/// The end of the number starting at `i`: digits, `,` followed by three digits (thousands), one
/// `.` followed by a digit, or a decimal comma (`30,75`) when no thousands separator came before.
fn number_end(chars: &[(usize, char)], mut i: usize) -> usize {
    let digit = |i: usize| chars.get(i).is_some_and(|&(_, c)| c.is_ascii_digit());
    let digits_from = |mut j: usize| {
        let s = j;
        while digit(j) {
            j += 1;
        }
        j - s
    };
    let lead = digits_from(i);
    i += lead;
    let mut thousands = false;
    let mut decimal = false;
    while let Some(&(_, c)) = chars.get(i) {
        if c == ',' && !decimal {
            let n = digits_from(i + 1);
            if n == 3 && (thousands || lead <= 3) {
                thousands = true;
                i += 1 + n;
                continue;
            }
            if (n == 1 || n == 2) && !thousands && lead <= 3 {
                i += 1 + n;
            }
            break;
        }
        if c == '.' && !decimal && digit(i + 1) {
            decimal = true;
            i += 1 + digits_from(i + 1);
            continue;
        }
        break;
    }
    i
}

fn parse_number(raw: &str) -> f64 {
    let thousands = raw.matches(',').count() > 0
        && raw
            .split(',')
            .skip(1)
            .all(|g| g.split('.').next().is_some_and(|d| d.len() == 3));
    let cleaned = if thousands {
        raw.replace(',', "")
    } else {
        raw.replace(',', ".")
    };
    cleaned.parse().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(String, Kind)> {
        tokens(text).into_iter().map(|t| (t.text, t.kind)).collect()
    }

    #[test]
    fn numbers_keep_separators_decimals_and_split_from_scales() {
        let t = kinds("54,000 troops, $1.2bn. 30,75 and 2023-24 FY2025");
        assert_eq!(t[0], ("54,000".into(), Kind::Number(54000.0)));
        assert_eq!(t[3], ("$".into(), Kind::Symbol('$')));
        assert_eq!(t[4], ("1.2".into(), Kind::Number(1.2)));
        assert_eq!(t[5].0, "bn");
        assert_eq!(t[6], (".".into(), Kind::Punct('.')));
        assert_eq!(t[7], ("30,75".into(), Kind::Number(30.75)));
        assert_eq!(t[9].1, Kind::Number(2023.0));
        assert_eq!(t[11].1, Kind::Number(24.0));
        assert_eq!(t[12].0, "FY");
        assert_eq!(t[13].1, Kind::Number(2025.0));
    }

    #[test]
    fn curly_apostrophes_fold_and_years_are_plain_four_digit_numbers() {
        let t = tokens("Japan’s 2024 and 2,024");
        assert_eq!(t[1].kind, Kind::Punct('\''));
        assert_eq!(t[3].year(), Some(2024));
        assert_eq!(t[5].year(), None);
    }
}
