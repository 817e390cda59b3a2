//! Finds the figures of a story in its tokens: money with scale and currency, percentages and
//! percentage points, counts, fractions, multiples and ratios, ranks, superlatives and records;
//! and the years, dates and periods they refer to (context, not figures to check). Each figure
//! gets the bound word before it ("more than", "nearly") and the direction words around it
//! ("rose", "fell").

use super::lexicon::*;
use super::sentences::{Span, clause};
use super::tokens::{Kind, Token};
use super::{Bound, Direction, Figure, FigureKind};

/// What a year or period is to the figures around it, from the word before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// "in 2024", "for 2025", "during 2024": the period of a figure.
    At,
    /// "from 2023", "compared to 2023", "than in 2023": the base of a change.
    From,
    /// "since 1989": the start of a record.
    Since,
    /// "to 2025", "through 2024", "by 2030".
    To,
    /// A date ("February 7, 2025"): when something happened, not a period of a figure.
    Date,
    /// A year used as a name or adjective ("the 1960 treaty", "2018 tariffs").
    Name,
}

/// A year, date or period found in the text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Period {
    /// The year, or for a relative period ("last year") the offset from its base.
    pub year: i32,
    /// Whether `year` is an offset: from the story's publication ("last year") or from the
    /// figure's year ("the previous year").
    pub relative: Option<Relative>,
    pub role: Role,
    /// Whether it is a fiscal year ("fiscal 2025", "FY2025").
    pub fiscal: bool,
    /// The text as written.
    pub text: String,
    /// Token range.
    pub first: usize,
    pub end: usize,
    /// Set when a superlative took it as its "since" year.
    pub taken: bool,
}

/// The base of a relative period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Relative {
    /// "last year", "this year": from the story's publication.
    Publication,
    /// "the previous year", "a year earlier", "year-on-year": from the figure's year.
    Figure,
}

/// Everything found in one sentence.
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub figures: Vec<Figure>,
    pub periods: Vec<Period>,
}

fn word(t: &[Token], i: usize, end: usize) -> Option<&str> {
    (i < end && t[i].is_word()).then(|| t[i].lower.as_str())
}

/// The end of `phrase` when its words start at `i` (hyphens between words allowed).
fn phrase_at(t: &[Token], i: usize, end: usize, phrase: &[&str]) -> Option<usize> {
    let mut j = i;
    for (n, w) in phrase.iter().enumerate() {
        if n > 0 && j < end && t[j].punct('-') {
            j += 1;
        }
        if word(t, j, end)? != *w {
            return None;
        }
        j += 1;
    }
    Some(j)
}

/// The start of `phrase` when its words end just before `i`.
fn phrase_before(t: &[Token], i: usize, first: usize, phrase: &[&str]) -> Option<usize> {
    let start = i.checked_sub(phrase.len())?;
    (start >= first && phrase_at(t, start, i, phrase) == Some(i)).then_some(start)
}

fn is_month(t: &[Token], i: usize, end: usize) -> bool {
    word(t, i, end).is_some_and(|w| MONTHS.contains(&w)) && t[i].capitalised()
}

fn scale_at(t: &[Token], i: usize, end: usize) -> Option<(f64, &'static str)> {
    let w = word(t, i, end)?;
    let (_, f, unit) = SCALES.iter().find(|(s, ..)| *s == w)?;
    // a one-letter scale only right after the number ("1.2b", "$5m")
    (w.len() > 1 || !t[i].spaced).then_some((*f, unit))
}

fn currency_word(t: &[Token], i: usize, end: usize) -> Option<(&'static str, usize)> {
    // "U.S. dollars", "US dollars"
    if let Some(j) = phrase_at(t, i, end, &["u"]) {
        let mut k = j;
        if k < end && t[k].punct('.') {
            k += 1;
        }
        if word(t, k, end) == Some("s") {
            k += 1;
            if k < end && t[k].punct('.') {
                k += 1;
            }
            if matches!(word(t, k, end), Some("dollars" | "dollar")) {
                return Some(("USD", k + 1));
            }
        }
    }
    if matches!(word(t, i, end), Some("us")) && matches!(word(t, i + 1, end), Some("dollars")) {
        return Some(("USD", i + 2));
    }
    let w = word(t, i, end)?;
    CURRENCY_WORDS
        .iter()
        .find(|(c, _)| *c == w)
        .map(|(_, code)| (*code, i + 1))
}

/// A currency written before the number: `$`, `US$`, `USD`, `PLN`…; its code and the next token.
fn currency_before_number(t: &[Token], i: usize, end: usize) -> Option<(&'static str, usize)> {
    if let Kind::Symbol(c) = t.get(i)?.kind {
        return SIGNS
            .iter()
            .find(|(s, _)| *s == c)
            .map(|(_, code)| (*code, i + 1));
    }
    // "US$", "C$", "A$"
    if t[i].is_word()
        && i + 1 < end
        && matches!(t[i + 1].kind, Kind::Symbol('$'))
        && !t[i + 1].spaced
    {
        let code = match t[i].lower.as_str() {
            "us" => "USD",
            "c" | "ca" => "CAD",
            "a" | "au" => "AUD",
            "nz" => "NZD",
            "hk" => "HKD",
            _ => return None,
        };
        return Some((code, i + 2));
    }
    // an ISO code in capitals right before the number ("USD 5 billion", "PLN 115.6bn")
    let w = word(t, i, end)?;
    if t[i].text.chars().all(|c| c.is_ascii_uppercase())
        && t[i].text.len() == 3
        && t.get(i + 1).is_some_and(|n| n.number().is_some())
    {
        return CURRENCY_WORDS
            .iter()
            .find(|(c, _)| *c == w)
            .map(|(_, code)| (*code, i + 1));
    }
    None
}

fn money(t: &[Token], i: usize, end: usize) -> Option<(usize, f64, String)> {
    let (mut currency, mut j) = match currency_before_number(t, i, end) {
        Some((c, j)) => (Some(c), j),
        None => (None, i),
    };
    let value = match t.get(j).and_then(Token::number) {
        Some(v) if j < end => {
            j += 1;
            v
        }
        _ if word(t, j, end) == Some("a") && scale_at(t, j + 1, end).is_some() => {
            j += 1;
            1.0
        }
        _ => return None,
    };
    let scale = scale_at(t, j, end);
    if scale.is_some() {
        j += 1;
    }
    if let Some((code, k)) = currency_word(t, j, end) {
        // "$68 billion dollars": the sign and the word name the same currency
        if currency.is_none() || currency == Some(code) {
            currency = Some(code);
            j = k;
        }
    }
    let currency = currency?;
    let unit = match scale {
        Some((_, s)) => format!("{currency} {s}"),
        None => currency.to_string(),
    };
    Some((j, value, unit))
}

fn number_at(t: &[Token], i: usize, end: usize) -> Option<f64> {
    if let Some(v) = t.get(i).and_then(Token::number).filter(|_| i < end) {
        return Some(v);
    }
    let w = word(t, i, end)?;
    NUMBER_WORDS.iter().find(|(n, _)| *n == w).map(|(_, v)| *v)
}

fn percent(t: &[Token], i: usize, end: usize) -> Option<(usize, f64, FigureKind)> {
    let value = number_at(t, i, end)?;
    let j = i + 1;
    let after = if j < end && matches!(t[j].kind, Kind::Symbol('%')) {
        j + 1
    } else if let Some(k) = phrase_at(t, j, end, &["percent"])
        .or_else(|| phrase_at(t, j, end, &["per", "cent"]))
        .or_else(|| phrase_at(t, j, end, &["pct"]))
    {
        k
    } else if let Some(k) = phrase_at(t, j, end, &["percentage", "points"])
        .or_else(|| phrase_at(t, j, end, &["percentage", "point"]))
    {
        return Some((k, value, FigureKind::PercentagePoints));
    } else {
        return None;
    };
    if let Some(k) =
        phrase_at(t, after, end, &["points"]).or_else(|| phrase_at(t, after, end, &["point"]))
    {
        return Some((k, value, FigureKind::PercentagePoints));
    }
    Some((after, value, FigureKind::Percent))
}

/// The bound words right before token `i` (after skipping "an estimated", "a").
fn bound_before(t: &[Token], i: usize, first: usize) -> Option<Bound> {
    let skips: [&[&str]; 4] = [&["an", "estimated"], &["estimated"], &["a"], &["an"]];
    let i = skips
        .iter()
        .find_map(|p| phrase_before(t, i, first, p))
        .unwrap_or(i);
    BOUNDS
        .iter()
        .find(|(phrase, _)| phrase_before(t, i, first, phrase).is_some())
        .map(|(_, b)| *b)
}

/// The direction said in the clause: a word up to eight tokens before the figure, or a direction
/// noun right after it ("a 9.4% hike").
fn direction_near(t: &[Token], span: &Span, first: usize, end: usize) -> Option<Direction> {
    let c = clause(t, span, first);
    let after = (end..(end + 2).min(c.end))
        .find_map(|k| word(t, k, c.end).filter(|w| DIRECTION_NOUNS.contains(w)));
    if let Some(w) = after {
        return DIRECTIONS.iter().find(|(d, _)| *d == w).map(|(_, d)| *d);
    }
    let from = first.saturating_sub(8).max(c.first);
    (from..first).rev().find_map(|k| {
        let w = word(t, k, first)?;
        // "up"/"down" only right before the figure ("up 6%"), not "set up"
        if matches!(w, "up" | "down") && first - k > 2 {
            return None;
        }
        DIRECTIONS.iter().find(|(d, _)| *d == w).map(|(_, d)| *d)
    })
}

fn superlative(w: &str) -> bool {
    SUPERLATIVES.contains(&w) || CHANGE_SUPERLATIVES.contains(&w)
}

/// A rank or superlative at `i`: its end, rank and whether it ranks a change.
fn rank(t: &[Token], i: usize, span: &Span) -> Option<(usize, u32, bool)> {
    let end = span.end;
    let w = word(t, i, end)?;
    // "second-largest", "fourth biggest", "tenth place"
    if let Some((_, n)) = ORDINALS.iter().find(|(o, _)| *o == w) {
        let mut j = i + 1;
        if j < end && t[j].punct('-') {
            j += 1;
        }
        let next = word(t, j, end)?;
        if superlative(next) || next == "place" {
            return Some((j + 1, *n, changes_after(t, j, end, next)));
        }
        return None;
    }
    if !superlative(w) {
        return None;
    }
    // the word before makes it a rank: "the", a possessive, "its", "their", "by far"
    let before_ok = i > span.first && {
        let b = &t[i - 1];
        matches!(
            b.lower.as_str(),
            "the" | "its" | "their" | "his" | "her" | "s"
        ) || (b.lower == "s" && i >= 2 && t[i - 2].punct('\''))
    };
    if !before_ok {
        return None;
    }
    match w {
        // "the top five", "at the top"
        "top" => {
            let next = word(t, i + 1, end)?;
            if NUMBER_WORDS.iter().any(|(n, _)| *n == next) || next == "of" {
                return None;
            }
        }
        // "most of", "the most" + adjective is a superlative of that adjective
        "most" | "least" => {
            if matches!(word(t, i + 1, end), Some("of")) {
                return None;
            }
        }
        _ => {}
    }
    Some((i + 1, 1, changes_after(t, i, end, w)))
}

/// Whether the superlative at `i` ranks a change ("fastest", "largest annual increase").
fn changes_after(t: &[Token], i: usize, end: usize, w: &str) -> bool {
    CHANGE_SUPERLATIVES.contains(&w)
        || (i + 1..(i + 4).min(end))
            .any(|k| word(t, k, end).is_some_and(|x| CHANGE_NOUNS.contains(&x)))
}

/// "a record", "record high", "all-time high", "new high": the end of the phrase.
fn record(t: &[Token], i: usize, span: &Span) -> Option<usize> {
    let end = span.end;
    if let Some(j) = phrase_at(t, i, end, &["all", "time", "high"])
        .or_else(|| phrase_at(t, i, end, &["all", "time", "low"]))
        .or_else(|| phrase_at(t, i, end, &["new", "high"]))
        .or_else(|| phrase_at(t, i, end, &["new", "record"]))
        .or_else(|| phrase_at(t, i, end, &["all", "time", "record"]))
    {
        return Some(j);
    }
    if word(t, i, end) != Some("record") {
        return None;
    }
    let before = (i > span.first).then(|| t[i - 1].lower.as_str());
    if matches!(before, Some("on" | "track" | "the" | "for")) {
        return None;
    }
    if matches!(
        word(t, i + 1, end),
        Some("high" | "low" | "level" | "levels")
    ) {
        return Some(i + 2);
    }
    Some(i + 1)
}

/// Looks ahead from a superlative for "since YYYY" (within the sentence) or "ever".
fn since_after(t: &[Token], i: usize, span: &Span, periods: &mut [Period]) -> Option<i32> {
    let stop = (i + 14).min(span.end);
    let at = (i..stop).find(|&k| t[k].word("since"))?;
    let p = periods
        .iter_mut()
        .find(|p| p.first > at && p.first <= at + 10 && p.relative.is_none())?;
    p.taken = true;
    p.role = Role::Since;
    Some(p.year)
}

/// The role of a year from the words before it.
fn role_before(t: &[Token], i: usize, first: usize) -> Role {
    let w = |k: usize| (k >= first && k < i).then(|| t[k].lower.as_str());
    let prev = i.checked_sub(1).and_then(w);
    let prev2 = i.checked_sub(2).and_then(w);
    match (prev2, prev) {
        (_, Some("in" | "for" | "during" | "of" | "throughout" | "within")) => match prev2 {
            Some("than") => Role::From,
            _ => Role::At,
        },
        (Some("compared"), Some("to" | "with")) => Role::From,
        (Some("up" | "down" | "rise" | "increase"), Some("from")) => Role::From,
        (_, Some("from" | "than" | "over" | "versus" | "vs" | "on")) => Role::From,
        (_, Some("since")) => Role::Since,
        (_, Some("to" | "through" | "until" | "till" | "by" | "and")) => Role::To,
        (_, Some("fiscal" | "fy")) => Role::At,
        _ => Role::Name,
    }
}

/// Years, dates, months and relative periods in the sentence.
fn periods(t: &[Token], span: &Span) -> Vec<Period> {
    let (first, end) = (span.first, span.end);
    let mut out = Vec::new();
    let mut i = first;
    let text = |a: usize, b: usize| -> String {
        t[a..b]
            .iter()
            .enumerate()
            .fold(String::new(), |mut s, (n, tok)| {
                if n > 0 && tok.spaced {
                    s.push(' ');
                }
                s.push_str(&tok.text);
                s
            })
    };
    while i < end {
        let push = |out: &mut Vec<Period>, year, relative, role, fiscal, a, b| {
            out.push(Period {
                year,
                relative,
                role,
                fiscal,
                text: text(a, b),
                first: a,
                end: b,
                taken: false,
            })
        };
        // "February 7, 2025", "7 February 2025"
        if is_month(t, i, end) {
            let mut j = i + 1;
            if let Some(d) = t.get(j).filter(|_| j < end).and_then(Token::number)
                && (1.0..=31.0).contains(&d)
                && t[j].year().is_none()
            {
                j += 1;
                if j < end && t[j].punct(',') {
                    j += 1;
                }
                if let Some(y) = t.get(j).filter(|_| j < end).and_then(Token::year) {
                    push(&mut out, y, None, Role::Date, false, i, j + 1);
                    i = j + 1;
                    continue;
                }
            }
            // "January–August 2025", "January 2025"
            let mut k = i + 1;
            let joins = k + 1 < end
                && (matches!(t[k].kind, Kind::Punct('-' | '–' | '—'))
                    || matches!(word(t, k, end), Some("to" | "through")));
            if joins && is_month(t, k + 1, end) {
                k += 2;
            }
            let year = t.get(k).filter(|_| k < end).and_then(Token::year);
            let role = role_before(t, i, first);
            let role = if role == Role::Name { Role::At } else { role };
            match year {
                Some(y) => {
                    push(&mut out, y, None, role, false, i, k + 1);
                    i = k + 1;
                }
                None if k > i + 1 => {
                    push(&mut out, 0, Some(Relative::Publication), role, false, i, k);
                    i = k;
                }
                None => i += 1,
            }
            continue;
        }
        if let Some(d) = t[i].number() {
            // 02/07/2025
            if i + 4 < end
                && t[i + 1].punct('/')
                && t[i + 3].punct('/')
                && t[i + 2].number().is_some()
                && (1.0..=31.0).contains(&d)
                && let Some(y) = t[i + 4].year()
            {
                push(&mut out, y, None, Role::Date, false, i, i + 5);
                i += 5;
                continue;
            }
        }
        // "fiscal 2025", "fiscal year 2025", "FY2025", "FY 2025"
        if matches!(word(t, i, end), Some("fiscal" | "fy")) {
            let mut j = i + 1;
            if word(t, j, end) == Some("year") {
                j += 1;
            }
            if let Some(y) = t.get(j).filter(|_| j < end).and_then(Token::year) {
                let role = role_before(t, i, first);
                let role = if role == Role::Name { Role::At } else { role };
                push(&mut out, y, None, role, true, i, j + 1);
                i = j + 1;
                continue;
            }
        }
        if let Some(y) = t[i].year() {
            // not money or a count ("$2024", "2024 troops" are not years)
            let after_money = i > first && matches!(t[i - 1].kind, Kind::Symbol(_));
            let unit_after = i + 1 < end
                && (matches!(t[i + 1].kind, Kind::Symbol('%'))
                    || scale_at(t, i + 1, end).is_some()
                    || word(t, i + 1, end).is_some_and(|w| PEOPLE.contains(&w) || w == "percent"));
            if !after_money && !unit_after {
                let mut j = i + 1;
                let mut year = y;
                // "2023-24", "2023–2024": the period ends in the later year
                if j + 1 < end
                    && matches!(t[j].kind, Kind::Punct('-' | '–' | '/'))
                    && !t[j].spaced
                    && let Some(v) = t[j + 1].number()
                {
                    let later = if v < 100.0 {
                        y / 100 * 100 + v as i32
                    } else {
                        v as i32
                    };
                    if later > y && later - y <= 5 {
                        year = later;
                        j += 2;
                    }
                }
                // "the 1980s"
                if word(t, j, end) == Some("s") && !t[j].spaced {
                    push(&mut out, y, None, Role::Name, false, i, j + 1);
                    i = j + 1;
                    continue;
                }
                let role = role_before(t, i, first);
                push(&mut out, year, None, role, false, i, j);
                i = j;
                continue;
            }
        }
        // relative periods
        let relative: &[(&[&str], i32, Relative, Role)] = &[
            (&["last", "year"], -1, Relative::Publication, Role::At),
            (&["this", "year"], 0, Relative::Publication, Role::At),
            (&["next", "year"], 1, Relative::Publication, Role::At),
            (&["previous", "year"], -1, Relative::Figure, Role::From),
            (&["prior", "year"], -1, Relative::Figure, Role::From),
            (&["year", "earlier"], -1, Relative::Figure, Role::From),
            (&["year", "before"], -1, Relative::Figure, Role::From),
            (&["year", "ago"], -1, Relative::Figure, Role::From),
            (&["year", "on", "year"], -1, Relative::Figure, Role::From),
            (&["year", "over", "year"], -1, Relative::Figure, Role::From),
        ];
        if let Some((j, off, base, role)) = relative.iter().find_map(|(p, off, base, role)| {
            phrase_at(t, i, end, p).map(|j| (j, *off, *base, *role))
        }) {
            push(&mut out, off, Some(base), role, false, i, j);
            i = j;
            continue;
        }
        i += 1;
    }
    out
}

/// Every figure and period of one sentence.
pub(crate) fn find(text: &str, t: &[Token], span: &Span, sentence: usize) -> Found {
    let mut periods = periods(t, span);
    let in_period =
        |k: usize, periods: &[Period]| periods.iter().any(|p| p.first <= k && k < p.end);
    let mut figures: Vec<Figure> = Vec::new();
    let end = span.end;
    let mut i = span.first;
    while i < end {
        if in_period(i, &periods) {
            i += 1;
            continue;
        }
        let mut found: Option<(usize, FigureKind, f64, String, Option<i32>)> = None;
        if let Some((j, v, unit)) = money(t, i, end) {
            found = Some((j, FigureKind::Money, v, unit, None));
        } else if let Some((j, v, kind)) = percent(t, i, end) {
            let unit = match kind {
                FigureKind::PercentagePoints => "percentage points",
                _ => "percent",
            };
            found = Some((j, kind, v, unit.into(), None));
        } else if let Some(j) = record(t, i, span) {
            let since = since_after(t, i, span, &mut periods);
            found = Some((j, FigureKind::Record, 1.0, "rank".into(), since));
        } else if let Some((j, n, change)) = rank(t, i, span) {
            let since = since_after(t, i, span, &mut periods);
            let record_like = since.is_some()
                || (j..(j + 8).min(end)).any(|k| t[k].word("ever") || t[k].word("since"));
            let kind = match (change, record_like) {
                (true, _) => FigureKind::RecordChange,
                (false, true) if n == 1 => FigureKind::Record,
                _ => FigureKind::Rank,
            };
            found = Some((j, kind, f64::from(n), "rank".into(), since));
        } else if let Some((j, v)) = fraction(t, i, span) {
            found = Some((j, FigureKind::Fraction, v, "percent".into(), None));
        } else if let Some((j, v)) = word(t, i, end)
            .and_then(|w| MULTIPLIED.iter().find(|(m, _)| *m == w))
            .map(|(_, v)| (i + 1, *v))
        {
            found = Some((j, FigureKind::Multiple, v, "percent".into(), None));
        } else if let Some((j, v)) = ratio(t, i, end) {
            found = Some((j, FigureKind::Ratio, v, "times".into(), None));
        } else if let Some((j, v, unit)) = count(t, i, span, &periods) {
            found = Some((j, FigureKind::Count, v, unit, None));
        }
        let Some((j, kind, value, unit, since)) = found else {
            i += 1;
            continue;
        };
        let bound = bound_before(t, i, span.first);
        let direction = match kind {
            FigureKind::Multiple => Some(if value < 0.0 {
                Direction::Fall
            } else {
                Direction::Rise
            }),
            FigureKind::Money
            | FigureKind::Percent
            | FigureKind::PercentagePoints
            | FigureKind::Count => direction_near(t, span, i, j),
            _ => None,
        };
        let (a, b) = (t[i].start, t[j - 1].end);
        figures.push(Figure {
            kind,
            text: text.get(a..b).unwrap_or_default().to_string(),
            start: a,
            end: b,
            sentence,
            value,
            unit,
            bound,
            direction,
            since,
            first: i,
            last: j,
        });
        i = j;
    }
    Found { figures, periods }
}

/// "a third of", "two-thirds", "nearly half of": the end and the share in percent.
fn fraction(t: &[Token], i: usize, span: &Span) -> Option<(usize, f64)> {
    let end = span.end;
    let (j, v, words) = FRACTIONS
        .iter()
        .find_map(|(p, v)| phrase_at(t, i, end, p).map(|j| (j, *v, p.len())))?;
    // "the first half of 2024", "a third country": not a share
    if i > span.first && ORDINALS.iter().any(|(o, _)| t[i - 1].lower == *o) {
        return None;
    }
    let next = word(t, j, end);
    let ok = words >= 2 && !matches!(t[i].lower.as_str(), "a" | "one")
        || matches!(next, Some("of" | "the" | "its" | "their"));
    ok.then_some((j, v))
}

/// "twice as much", "three times", "twice": a ratio.
fn ratio(t: &[Token], i: usize, end: usize) -> Option<(usize, f64)> {
    if word(t, i, end) == Some("twice") {
        return Some((i + 1, 2.0));
    }
    if word(t, i, end) == Some("thrice") {
        return Some((i + 1, 3.0));
    }
    let v = number_at(t, i, end)?;
    let j = phrase_at(t, i + 1, end, &["times"])?;
    matches!(
        word(t, j, end),
        Some("as" | "more" | "larger" | "bigger" | "higher" | "the" | "that" | "what")
    )
    .then_some((j, v))
}

/// A number counting something: "55,000 U.S. troops", "over 100 countries", "1.5 million workers".
fn count(t: &[Token], i: usize, span: &Span, periods: &[Period]) -> Option<(usize, f64, String)> {
    let end = span.end;
    let numeric = t[i].number().is_some();
    let mut v = number_at(t, i, end)?;
    if t[i].year().is_some() || periods.iter().any(|p| p.first <= i && i < p.end) {
        return None;
    }
    // identifiers: "Article 9", "No. 3", times "01:51"
    if i > span.first + 1 && t[i - 1].is_word() && t[i - 1].capitalised() && numeric && v < 100.0 {
        return None;
    }
    if i + 1 < end && matches!(t[i + 1].kind, Kind::Punct(':' | '/' | '.')) && !t[i + 1].spaced {
        return None;
    }
    let mut j = i + 1;
    if let Some((f, _)) = scale_at(t, j, end) {
        v *= f;
        j += 1;
    }
    // skip modifiers ("U.S.", "active-duty")
    let mut k = j;
    let mut noun = None;
    while k < end && k < j + 6 {
        let tok = &t[k];
        if tok.punct('.') || tok.punct('-') {
            k += 1;
            continue;
        }
        if !tok.is_word() {
            break;
        }
        if COUNT_MODIFIERS.contains(&tok.lower.as_str()) && !(PEOPLE.contains(&tok.lower.as_str()))
        {
            k += 1;
            continue;
        }
        noun = Some(k);
        break;
    }
    let n = noun?;
    let w = t[n].lower.as_str();
    if NOT_COUNTED.contains(&w) || MONTHS.contains(&w) || SCALES.iter().any(|(s, ..)| *s == w) {
        return None;
    }
    if !numeric && !w.ends_with('s') {
        return None;
    }
    // "service members"
    let (unit, last) = if w == "service" && word(t, n + 1, end) == Some("members") {
        ("persons".to_string(), n + 2)
    } else if PEOPLE.contains(&w) {
        ("persons".to_string(), n + 1)
    } else {
        (w.to_string(), n + 1)
    };
    Some((last, v, unit))
}

#[cfg(test)]
mod tests {
    use super::super::sentences::sentences;
    use super::super::tokens::tokens;
    use super::*;

    fn found(text: &str) -> Found {
        let t = tokens(text);
        let s = sentences(&t);
        let mut all = Found::default();
        for (n, span) in s.iter().enumerate() {
            let f = find(text, &t, span, n);
            all.figures.extend(f.figures);
            all.periods.extend(f.periods);
        }
        all
    }

    fn figures(text: &str) -> Vec<(FigureKind, f64, String)> {
        found(text)
            .figures
            .into_iter()
            .map(|f| (f.kind, f.value, f.unit))
            .collect()
    }

    #[test]
    fn money_with_scale_and_currency() {
        let f = figures(
            "Widgets cost $68 billion, then $2.7 trillion, ¥8.7 trillion, US$ 1.2bn, 68 billion dollars, $916 million and 115.6 billion PLN.",
        );
        let want = [
            (68.0, "USD billions"),
            (2.7, "USD trillions"),
            (8.7, "JPY trillions"),
            (1.2, "USD billions"),
            (68.0, "USD billions"),
            (916.0, "USD millions"),
            (115.6, "PLN billions"),
        ];
        assert_eq!(f.len(), want.len(), "{f:?}");
        for ((kind, v, unit), (wv, wu)) in f.iter().zip(want) {
            assert_eq!((*kind, *v, unit.as_str()), (FigureKind::Money, wv, wu));
        }
        let f = figures("Spending reached nearly a trillion dollars.");
        assert_eq!(f, [(FigureKind::Money, 1.0, "USD trillions".into())]);
    }

    #[test]
    fn percentages_points_and_counts() {
        let f = figures(
            "Sales grew 9.3% and 5.7 percent, then 1.8 per cent; the share rose 2 percentage points. About 50,000 U.S. service members and 54,000 troops stay.",
        );
        let kinds: Vec<_> = f.iter().map(|(k, v, u)| (*k, *v, u.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (FigureKind::Percent, 9.3, "percent"),
                (FigureKind::Percent, 5.7, "percent"),
                (FigureKind::Percent, 1.8, "percent"),
                (FigureKind::PercentagePoints, 2.0, "percentage points"),
                (FigureKind::Count, 50000.0, "persons"),
                (FigureKind::Count, 54000.0, "persons"),
            ]
        );
    }

    #[test]
    fn fractions_multiples_ranks_and_records() {
        let f = figures(
            "A third of the gap and two-thirds of sales came from widgets; half of them doubled. It sold twice as much. It is the largest buyer and the second-biggest seller, a record, the highest since 2008.",
        );
        let kinds: Vec<_> = f.iter().map(|(k, v, _)| (*k, *v)).collect();
        assert_eq!(
            kinds,
            [
                (FigureKind::Fraction, 100.0 / 3.0),
                (FigureKind::Fraction, 200.0 / 3.0),
                (FigureKind::Fraction, 50.0),
                (FigureKind::Multiple, 100.0),
                (FigureKind::Ratio, 2.0),
                (FigureKind::Rank, 1.0),
                (FigureKind::Rank, 2.0),
                (FigureKind::Record, 1.0),
                (FigureKind::Record, 1.0),
            ]
        );
        let all = found("It was the highest since 2008.");
        assert_eq!(all.figures[0].since, Some(2008));
        assert_eq!(all.periods[0].role, Role::Since);
    }

    #[test]
    fn bounds_before_figures() {
        let text = "More than $5 billion, over 3%, at least 40 ships, nearly $2 billion, almost 4%, about $1 billion, around 2%, roughly 7%, some $8 billion, under 5%, less than $3 billion, just over 9%, just under 4%, up to 6%, an estimated $149 billion.";
        let bounds: Vec<_> = found(text).figures.iter().map(|f| f.bound).collect();
        use Bound::*;
        assert_eq!(
            bounds,
            [
                Some(MoreThan),
                Some(MoreThan),
                Some(AtLeast),
                Some(Nearly),
                Some(Nearly),
                Some(About),
                Some(About),
                Some(About),
                Some(About),
                Some(Under),
                Some(Under),
                Some(JustOver),
                Some(Nearly),
                Some(AtMost),
                None,
            ]
        );
    }

    #[test]
    fn directions_around_figures() {
        let f = found(
            "Exports rose 4%. Imports fell by $3 billion. Output was up 6%, a 9% hike. Sales declined to $2 billion. Stocks stood at $5 billion.",
        )
        .figures;
        let d: Vec<_> = f.iter().map(|f| f.direction).collect();
        use Direction::*;
        assert_eq!(
            d,
            [
                Some(Rise),
                Some(Fall),
                Some(Rise),
                Some(Rise),
                Some(Fall),
                None
            ]
        );
    }

    #[test]
    fn years_dates_and_periods_are_context() {
        let all = found(
            "On February 7, 2025, in fiscal 2025 and from 2023, sales in January–August 2024 beat last year and the 1980s; since 1989 the 1960 treaty held.",
        );
        assert!(all.figures.is_empty(), "{:?}", all.figures);
        let p: Vec<_> = all
            .periods
            .iter()
            .map(|p| (p.year, p.role, p.fiscal))
            .collect();
        assert_eq!(
            p,
            [
                (2025, Role::Date, false),
                (2025, Role::At, true),
                (2023, Role::From, false),
                (2024, Role::At, false),
                (-1, Role::At, false),
                (1980, Role::Name, false),
                (1989, Role::Since, false),
                (1960, Role::Name, false),
            ]
        );
    }
}
