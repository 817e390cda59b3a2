//! One figure read from a publisher's file: a number, or a missing mark with its reason.

/// A publisher's cell after reading: a number, or the reason it is missing.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Figure {
    /// The number as published.
    Value(f64),
    /// The figure is missing; the text says why (it goes to the `missing` column).
    Missing(String),
}

impl Figure {
    /// The number, if there is one.
    pub(crate) fn value(&self) -> Option<f64> {
        match self {
            Figure::Value(v) => Some(*v),
            Figure::Missing(_) => None,
        }
    }

    /// The missing reason, or "" for a number.
    pub(crate) fn reason(&self) -> &str {
        match self {
            Figure::Value(_) => "",
            Figure::Missing(r) => r,
        }
    }
}

/// Marks publishers write for a figure that is not given, with what each means.
const MISSING_MARKS: [(&str, &str); 10] = [
    (
        "(D)",
        "suppressed by the publisher to avoid disclosing data of individual companies",
    ),
    ("(X)", "not applicable"),
    ("(NA)", "not available"),
    (
        "(S)",
        "withheld by the publisher: does not meet publication standards",
    ),
    (
        "(Z)",
        "less than half the unit shown, not published as a number",
    ),
    ("NA", "not available"),
    ("N/A", "not available"),
    ("..", "not available"),
    ("-", "not reported"),
    ("(*)", "not published"),
];

/// If `text` is a publisher's missing mark, the reason to record, e.g.
/// "suppressed by the publisher … (publisher's mark `(D)`)".
pub(crate) fn missing_mark(text: &str) -> Option<String> {
    let t = text.trim();
    MISSING_MARKS
        .iter()
        .find(|(mark, _)| mark.eq_ignore_ascii_case(t))
        .map(|(mark, meaning)| format!("{meaning} (publisher's mark `{mark}`)"))
}

/// Reads a number written as text: plain digits with an optional sign and decimal point, or a
/// missing mark. Anything else (thousands separators, words) is `Err` with what was expected.
pub(crate) fn parse_text(text: &str) -> Result<Figure, String> {
    let t = text.trim();
    if let Some(reason) = missing_mark(t) {
        return Ok(Figure::Missing(reason));
    }
    let plain = !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
        && t.chars().any(|c| c.is_ascii_digit());
    match t.parse::<f64>() {
        Ok(x) if plain && x.is_finite() => Ok(Figure::Value(x)),
        _ if t.contains(',') => {
            Err("text in a number: expected a number without thousands separators".into())
        }
        _ => Err(
            "text in a number: expected a number or a publisher's missing mark such as (D) or NA"
                .into(),
        ),
    }
}

/// Formats a value in millions with one decimal, as Census publishes (`-0.0` is written `0.0`).
pub(crate) fn one_decimal(x: f64) -> String {
    let s = format!("{x:.1}");
    if s == "-0.0" { "0.0".to_string() } else { s }
}

/// Formats whole dollars as millions with six decimals, exactly (no floating-point rounding).
pub(crate) fn dollars_as_millions(dollars: f64) -> String {
    if dollars.fract() == 0.0 && dollars.abs() < 9.0e15 {
        let d = dollars as i64;
        let sign = if d < 0 { "-" } else { "" };
        let a = d.unsigned_abs();
        format!("{sign}{}.{:06}", a / 1_000_000, a % 1_000_000)
    } else {
        format!("{:.6}", dollars / 1.0e6)
    }
}

/// Formats a number in its shortest decimal form that reads back to the same `f64`, with `.0` on
/// whole numbers and never an exponent (`1.37`, `308084.0`, `24358000000000000.0`).
pub(crate) fn shortest(x: f64) -> String {
    let s = x.to_string();
    if x.is_finite() && !s.contains('.') {
        s + ".0"
    } else {
        s
    }
}

/// Writes a plain decimal number of millions (`414083`, `-845759.3`) as billions by moving the
/// decimal point three places, exactly (no floating-point rounding): `414.083`, `-845.7593`;
/// trailing zeros are dropped but one decimal is kept (`2000.0`). `None` for anything that is not
/// a plain decimal (an exponent, a sign but no digits).
pub(crate) fn millions_as_billions(text: &str) -> Option<String> {
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let plain = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if int.is_empty() || !plain(int) || !plain(frac) {
        return None;
    }
    let padded = format!("{int:0>4}");
    let (whole, moved) = padded.split_at(padded.len() - 3);
    let whole = match whole.trim_start_matches('0') {
        "" => "0",
        w => w,
    };
    let fraction = format!("{moved}{frac}");
    let fraction = match fraction.trim_end_matches('0') {
        "" => "0",
        f => f,
    };
    let sign = if whole == "0" && fraction == "0" {
        ""
    } else {
        sign
    };
    Some(format!("{sign}{whole}.{fraction}"))
}

/// The months' English names, January first.
pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The English name of month 1–12 (`?` for any other number).
pub(crate) fn month_name(month: u32) -> &'static str {
    usize::try_from(month)
        .ok()
        .and_then(|m| m.checked_sub(1))
        .and_then(|i| MONTHS.get(i))
        .copied()
        .unwrap_or("?")
}

/// A month as publishers write it — `7`, `July`, `jul` (three letters or more, any case) — as
/// its number 1–12; anything else is `None`.
pub(crate) fn month_number(text: &str) -> Option<u32> {
    let t = text.trim().to_ascii_lowercase();
    if let Ok(n) = t.parse::<u32>() {
        return (1..=12).contains(&n).then_some(n);
    }
    MONTHS
        .iter()
        .map(|m| m.to_ascii_lowercase())
        .position(|m| m == t || (t.len() >= 3 && m.starts_with(&t)))
        .map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_become_reasons_and_numbers_parse() {
        assert!(missing_mark("(D)").unwrap().contains("(D)"));
        assert_eq!(parse_text(" 12.5 "), Ok(Figure::Value(12.5)));
        assert!(matches!(parse_text("na"), Ok(Figure::Missing(_))));
        assert!(parse_text("1,234").unwrap_err().contains("thousands"));
        assert!(parse_text("abc").unwrap_err().contains("text in a number"));
        assert!(parse_text("inf").is_err());
    }

    #[test]
    fn formatting_is_exact() {
        assert_eq!(one_decimal(22630.899999999998), "22630.9");
        assert_eq!(one_decimal(-0.04), "0.0");
        assert_eq!(dollars_as_millions(350750.0), "0.350750");
        assert_eq!(dollars_as_millions(54220798939.0), "54220.798939");
        assert_eq!(dollars_as_millions(-1.0), "-0.000001");
        assert_eq!(shortest(308084.0), "308084.0");
        assert_eq!(shortest(325129314000.0 / 1.0e6), "325129.314");
        assert_eq!(shortest(2.4358e22 / 1.0e6), "24358000000000000.0");
        assert_eq!(shortest(1.0e-7), "0.0000001");
        let b = |s: &str| millions_as_billions(s);
        assert_eq!(b("414083").as_deref(), Some("414.083"));
        assert_eq!(b("-845759.3").as_deref(), Some("-845.7593"));
        assert_eq!(b("2000000").as_deref(), Some("2000.0"));
        assert_eq!(b("5").as_deref(), Some("0.005"));
        assert_eq!(b("-0").as_deref(), Some("0.0"));
        assert_eq!(b("45802.10").as_deref(), Some("45.8021"));
        assert_eq!(b("1e21"), None);
        assert_eq!(b("-"), None);
        assert_eq!(b("1.2.3"), None);
    }
}
