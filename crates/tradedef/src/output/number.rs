//! The one number formatter: every figure a reader sees in a table, a fact-check, a notebook
//! display or an exercise's feedback is written here.
//!
//! The rules, in every mode:
//!
//! - thousands separators for amounts (`68,253.3`), never for years or codes: a column named
//!   `year`, `fiscal_year`, `month`, `code` or `*_code` (see [`is_year_or_code`]) or an integer
//!   column whose values all lie in 1800–2100 (see [`looks_like_years`]) prints `2022`;
//! - a sign is never lost: a non-zero value never prints as `0`, `0.000` or `-0` — it gets more
//!   decimals (three significant digits by default) or, below one millionth, scientific
//!   notation (`1.23e-7`); a value that is zero prints without a sign;
//! - NaN, infinities and missing values print as [`MISSING`] (an em dash).
//!
//! Charts write their axis labels with [`crate::chart::ValueFormat`], which adds currency and
//! unit affixes on top of the same grouping ([`group_thousands`]).

use polars::prelude::{AnyValue, DataType};

/// What a missing figure (a null, NaN or an infinity) prints as.
pub const MISSING: &str = "—";

/// How a figure is written.
///
/// [`NumberFormat::figure`] (a reader's figure) picks the decimals by magnitude: one from 100 up,
/// two from 1 up, three significant digits below 1, trailing zeros dropped.
/// [`NumberFormat::fixed`] writes a fixed number of decimals (a table column).
///
/// ```
/// use tradedef::output::NumberFormat;
/// let f = NumberFormat::figure();
/// assert_eq!(f.format(-68253.27), "-68,253.3");
/// assert_eq!(f.format(29.4238), "29.42");
/// assert_eq!(f.format(0.25), "0.25");
/// assert_eq!(f.format(0.000123), "0.000123");
/// assert_eq!(f.format(f64::NAN), "—");
/// assert_eq!(NumberFormat::fixed(3).format(0.0001), "0.0001");
/// assert_eq!(NumberFormat::fixed(1).signed().format(2.0), "+2.0");
/// assert_eq!(NumberFormat::figure().plain().format(2022.0), "2022");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberFormat {
    /// Fixed decimals, or `None` for decimals by magnitude.
    decimals: Option<usize>,
    /// Significant digits of a value below 1 (by magnitude) or of a small value that would
    /// otherwise show as zero.
    significant: usize,
    separators: bool,
    signed: bool,
    trim: bool,
}

impl NumberFormat {
    /// A reader's figure: one decimal from 100 up, two from 1 up, three significant digits
    /// below 1; trailing zeros dropped; thousands separators.
    pub fn figure() -> Self {
        NumberFormat {
            decimals: None,
            significant: 3,
            separators: true,
            signed: false,
            trim: true,
        }
    }

    /// Exactly `decimals` decimals (at most 12), with thousands separators; a non-zero value
    /// that would show as zero gets three significant digits instead.
    pub fn fixed(decimals: usize) -> Self {
        NumberFormat {
            decimals: Some(decimals.min(12)),
            trim: false,
            ..Self::figure()
        }
    }

    /// Without thousands separators (years, codes).
    pub fn plain(mut self) -> Self {
        self.separators = false;
        self
    }

    /// With `+` before positive values (changes, differences).
    pub fn signed(mut self) -> Self {
        self.signed = true;
        self
    }

    /// The significant digits of small values (default 3, at least 1, at most 12).
    pub fn significant(mut self, digits: usize) -> Self {
        self.significant = digits.clamp(1, 12);
        self
    }

    /// A claimed figure as the claim writes it: the decimals of `claimed` ([`decimals_of`]),
    /// separators. `68` → `68`, `1.21` → `1.21`, `2700` → `2,700`.
    ///
    /// ```
    /// use tradedef::output::NumberFormat;
    /// assert_eq!(NumberFormat::claim(1.21).format(1.21), "1.21");
    /// assert_eq!(NumberFormat::claim(2700.0).format(2700.0), "2,700");
    /// ```
    pub fn claim(claimed: f64) -> Self {
        NumberFormat::fixed(decimals_of(claimed))
    }

    /// A figure measured against a claim, without binary noise: under 100, one decimal more
    /// than the claim writes ([`decimals_of`]), so the reader sees which way it rounds; from
    /// 100 up, as many as the claim (a claimed 55,000 troops is measured as 52,603, not
    /// 52,603.0). A non-zero value that would show as zero keeps three significant digits.
    ///
    /// ```
    /// use tradedef::output::NumberFormat;
    /// assert_eq!(NumberFormat::against(68.0).format(68.01270000000001), "68.0");
    /// assert_eq!(NumberFormat::against(1.21).format(0.91838), "0.918");
    /// assert_eq!(NumberFormat::against(75.0).signed().format(3.6999999999999957), "+3.7");
    /// assert_eq!(NumberFormat::against(68.0).signed().format(-0.0127), "-0.0127");
    /// assert_eq!(NumberFormat::against(55000.0).format(52603.0), "52,603");
    /// assert_eq!(NumberFormat::against(675.0).format(680.23), "680");
    /// ```
    pub fn against(claimed: f64) -> Self {
        let extra = usize::from(claimed.abs() < 100.0);
        NumberFormat::fixed(decimals_of(claimed) + extra)
    }

    /// Writes `value`; NaN and infinities as [`MISSING`].
    pub fn format(&self, value: f64) -> String {
        if !value.is_finite() {
            return MISSING.to_string();
        }
        if value == 0.0 {
            return self.digits(0.0, self.decimals.unwrap_or(0), self.trim);
        }
        let wanted = match self.decimals {
            Some(d) => d,
            None if value.abs() >= 100.0 => 1,
            None if value.abs() >= 1.0 => 2,
            None => self.small_decimals(value),
        };
        // a small value that would show as zero: its significant digits, trailing zeros dropped
        let (decimals, trim) = if shows_as_zero(value, wanted) {
            (self.small_decimals(value), true)
        } else {
            (wanted, self.trim)
        };
        if decimals > 8 {
            return self.scientific(value);
        }
        self.digits(value, decimals, trim)
    }

    /// Writes `value`, or [`MISSING`] for `None`.
    pub fn format_opt(&self, value: Option<f64>) -> String {
        value.map_or_else(|| MISSING.to_string(), |v| self.format(v))
    }

    /// The decimals that show `significant` significant digits of `value` (|value| < 1).
    fn small_decimals(&self, value: f64) -> usize {
        let magnitude = value.abs().log10().floor();
        // magnitude is negative for |value| < 1: 0.25 → -1, 0.000123 → -4
        let leading_zeros = (-magnitude - 1.0).max(0.0) as usize;
        leading_zeros + self.significant
    }

    fn scientific(&self, value: f64) -> String {
        let text = format!("{:.*e}", self.significant - 1, value.abs());
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        let mantissa = if mantissa.contains('.') {
            mantissa.trim_end_matches('0').trim_end_matches('.')
        } else {
            mantissa
        };
        format!("{}{mantissa}e{exponent}", self.sign(value))
    }

    fn digits(&self, value: f64, decimals: usize, trim: bool) -> String {
        let mut digits = format!("{:.*}", decimals, value.abs());
        if trim && digits.contains('.') {
            digits = digits
                .trim_end_matches('0')
                .trim_end_matches('.')
                .to_string();
        }
        let zero = digits.chars().all(|c| c == '0' || c == '.');
        let sign = if zero { "" } else { self.sign(value) };
        let digits = if self.separators {
            group_thousands(&digits)
        } else {
            digits
        };
        format!("{sign}{digits}")
    }

    fn sign(&self, value: f64) -> &'static str {
        if value < 0.0 {
            "-"
        } else if self.signed && value > 0.0 {
            "+"
        } else {
            ""
        }
    }
}

impl Default for NumberFormat {
    fn default() -> Self {
        Self::figure()
    }
}

/// The decimals a figure is written with: the fewest (0 to 6) that write `value` as the nearest
/// `f64` to it, so `68` → 0, `29.4` → 1, `1.21` → 2, `0.0125` → 4; a value with more (or NaN)
/// → 6. The precision of a claimed figure, which sets how its measured figure is written
/// ([`NumberFormat::claim`], [`NumberFormat::against`]).
///
/// ```
/// use tradedef::output::decimals_of;
/// assert_eq!((decimals_of(68.0), decimals_of(29.4), decimals_of(1.21)), (0, 1, 2));
/// assert_eq!((decimals_of(-0.0125), decimals_of(1.0 / 3.0)), (4, 6));
/// ```
pub fn decimals_of(value: f64) -> usize {
    if !value.is_finite() {
        return 6;
    }
    (0..=6)
        .find(|d| {
            format!("{:.*}", d, value)
                .parse::<f64>()
                .is_ok_and(|back| back == value)
        })
        .unwrap_or(6)
}

/// Whether `value` (non-zero) prints as zero with `decimals` decimals.
fn shows_as_zero(value: f64, decimals: usize) -> bool {
    value != 0.0
        && format!("{:.*}", decimals, value.abs())
            .chars()
            .all(|c| c == '0' || c == '.')
}

/// A ratio as a signed percentage with one decimal: `-0.0144` → `-1.4%`, `None` → [`MISSING`]
/// (a small non-zero ratio keeps its sign: `+0.00123%`).
///
/// ```
/// assert_eq!(tradedef::output::percent_change(Some(-0.0144)), "-1.4%");
/// assert_eq!(tradedef::output::percent_change(Some(0.0)), "0.0%");
/// assert_eq!(tradedef::output::percent_change(None), "—");
/// ```
pub fn percent_change(ratio: Option<f64>) -> String {
    match ratio.filter(|r| r.is_finite()) {
        Some(r) => format!("{}%", NumberFormat::fixed(1).signed().format(r * 100.0)),
        None => MISSING.to_string(),
    }
}

/// Inserts `,` every three digits in the integer part of a plain decimal string (`"1234.5"` →
/// `"1,234.5"`); a leading `-` is kept in front.
///
/// ```
/// assert_eq!(tradedef::output::group_thousands("-1234567.25"), "-1,234,567.25");
/// ```
pub fn group_thousands(digits: &str) -> String {
    let (sign, digits) = match digits.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", digits),
    };
    let (integer, fraction) = match digits.find('.') {
        Some(i) => (&digits[..i], &digits[i..]),
        None => (digits, ""),
    };
    let mut out = String::with_capacity(digits.len() + integer.len() / 3 + 1);
    out.push_str(sign);
    for (i, c) in integer.chars().enumerate() {
        if i > 0 && (integer.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out.push_str(fraction);
    out
}

/// Whether a column's name says it holds years or codes, written without separators: one of
/// its `_`-separated words is `year`, `month` or `code` (`year`, `fiscal_year`, `enduse_code`,
/// `code`; not `local_currency_fy_millions`, an amount), whatever the case. A unit such as
/// `year` or `calendar year` counts too.
///
/// ```
/// use tradedef::output::is_year_or_code;
/// assert!(is_year_or_code("fiscal_year") && is_year_or_code("HS_code") && is_year_or_code("year"));
/// assert!(!is_year_or_code("troops") && !is_year_or_code("years_of_growth"));
/// ```
pub fn is_year_or_code(column: &str) -> bool {
    column
        .to_lowercase()
        .split(['_', ' ', '-'])
        .any(|w| matches!(w, "year" | "month" | "code"))
}

/// Whether integer values look like years: at least one, and all between 1800 and 2100.
///
/// ```
/// use tradedef::output::looks_like_years;
/// assert!(looks_like_years([1985, 2022]));
/// assert!(!looks_like_years([1985, 55000]) && !looks_like_years(std::iter::empty()));
/// ```
pub fn looks_like_years(values: impl IntoIterator<Item = i64>) -> bool {
    let mut any = false;
    for v in values {
        if !(1800..=2100).contains(&v) {
            return false;
        }
        any = true;
    }
    any
}

/// Formats the shown values of one column for a data tool's table (a `None` value is a null
/// or the place of the `…` row; it stays `None`): numbers with the fewest decimals (at most 3)
/// that show every finite value as stored to that precision, small values with more (see
/// [`NumberFormat::fixed`]), NaN as [`MISSING`]; separators except in years and codes; text as
/// it is; other types as polars writes them.
///
/// ```
/// use tradedef::prelude::*;
/// use tradedef::output::format_cells;
/// let years = [Some(AnyValue::Int64(2022)), None];
/// assert_eq!(format_cells("year", &DataType::Int64, &years), [Some("2022".to_string()), None]);
/// let values = [Some(AnyValue::Float64(-1234.5)), Some(AnyValue::Float64(0.0002))];
/// let cells = format_cells("value", &DataType::Float64, &values);
/// assert_eq!(cells, [Some("-1,234.5".to_string()), Some("0.0002".to_string())]);
/// ```
pub fn format_cells(
    column: &str,
    dtype: &DataType,
    values: &[Option<AnyValue>],
) -> Vec<Option<String>> {
    fn present<'v>(v: &Option<AnyValue<'v>>) -> Option<AnyValue<'v>> {
        v.clone().filter(|v| !v.is_null())
    }
    if dtype.is_float() {
        let numbers: Vec<Option<f64>> = values
            .iter()
            .map(|v| present(v).and_then(|v| v.extract::<f64>()))
            .collect();
        let decimals = column_decimals(numbers.iter().flatten().copied());
        let mut format = NumberFormat::fixed(decimals);
        if is_year_or_code(column) {
            format = format.plain();
        }
        numbers
            .iter()
            .map(|v| v.map(|v| format.format(v)))
            .collect()
    } else if dtype.is_integer() {
        let numbers: Vec<Option<i64>> = values
            .iter()
            .map(|v| present(v).and_then(|v| v.extract::<i64>()))
            .collect();
        let plain = is_year_or_code(column) || looks_like_years(numbers.iter().flatten().copied());
        numbers
            .iter()
            .map(|v| {
                v.map(|v| {
                    if plain {
                        v.to_string()
                    } else {
                        group_thousands(&v.to_string())
                    }
                })
            })
            .collect()
    } else {
        values
            .iter()
            .map(|v| {
                present(v).map(|v| match v.get_str() {
                    Some(s) => s.to_string(),
                    None => v.to_string(),
                })
            })
            .collect()
    }
}

/// The fewest decimals (0 to 3) that show every finite value exactly as stored to that
/// precision; 3 when none does. Values too small to show with 3 decimals are left out: they
/// get their own significant digits.
fn column_decimals(values: impl Iterator<Item = f64> + Clone) -> usize {
    (0..=3)
        .find(|d| {
            let scale = 10f64.powi(*d);
            values
                .clone()
                .filter(|v| v.is_finite() && v.abs() >= 0.0005)
                .all(|v| ((v * scale).round() - v * scale).abs() < 1e-6)
        })
        .map_or(3, |d| d as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_by_magnitude() {
        let f = NumberFormat::figure();
        assert_eq!(f.format(68253.27), "68,253.3");
        assert_eq!(f.format(-1_234_567.0), "-1,234,567");
        assert_eq!(f.format(29.42379999999999), "29.42");
        assert_eq!(f.format(1.0), "1");
        assert_eq!(f.format(0.25), "0.25");
        assert_eq!(f.format(0.012345), "0.0123");
        assert_eq!(f.format(0.0), "0");
        assert_eq!(f.format(-0.0), "0");
    }

    #[test]
    fn years_and_codes_have_no_separators() {
        assert_eq!(NumberFormat::figure().plain().format(2022.0), "2022");
        assert!(is_year_or_code("year") && is_year_or_code("fiscal_year"));
        assert!(is_year_or_code("enduse_code") && is_year_or_code("Census code"));
        assert!(!is_year_or_code("value") && !is_year_or_code("yearly_total_usd_mn"));
        assert!(!is_year_or_code("local_currency_fy_millions"));
        let cells = format_cells(
            "fiscal_year",
            &DataType::Int64,
            &[Some(AnyValue::Int64(2022))],
        );
        assert_eq!(cells, [Some("2022".to_string())]);
        let codes = format_cells(
            "partner_code",
            &DataType::Int64,
            &[Some(AnyValue::Int64(58800))],
        );
        assert_eq!(codes, [Some("58800".to_string())]);
        // an unnamed integer column of years: no separators; of amounts: separators
        let years = format_cells(
            "period",
            &DataType::Int32,
            &[Some(AnyValue::Int32(1999)), Some(AnyValue::Int32(2024))],
        );
        assert_eq!(years, [Some("1999".to_string()), Some("2024".to_string())]);
        let amounts = format_cells(
            "troops",
            &DataType::Int64,
            &[Some(AnyValue::Int64(2024)), Some(AnyValue::Int64(55_000))],
        );
        assert_eq!(
            amounts,
            [Some("2,024".to_string()), Some("55,000".to_string())]
        );
    }

    #[test]
    fn small_values_never_show_as_zero_and_keep_their_sign() {
        assert_eq!(NumberFormat::fixed(3).format(0.0004), "0.0004");
        assert_eq!(NumberFormat::fixed(3).format(-0.0004), "-0.0004");
        assert_eq!(NumberFormat::fixed(3).format(0.00012345), "0.000123");
        assert_eq!(NumberFormat::fixed(1).format(-0.04), "-0.04");
        assert_eq!(NumberFormat::figure().format(-0.0000001234), "-1.23e-7");
        assert_eq!(NumberFormat::figure().format(3.2e-12), "3.2e-12");
        assert_eq!(NumberFormat::fixed(0).format(-0.4), "-0.4");
        assert_eq!(NumberFormat::fixed(2).format(1234.5), "1,234.50");
        let cells = format_cells(
            "share_pct",
            &DataType::Float64,
            &[
                Some(AnyValue::Float64(12.5)),
                Some(AnyValue::Float64(0.0001)),
            ],
        );
        assert_eq!(
            cells,
            [Some("12.5".to_string()), Some("0.0001".to_string())]
        );
    }

    #[test]
    fn signs() {
        let f = NumberFormat::figure().signed();
        assert_eq!(f.format(1.5), "+1.5");
        assert_eq!(f.format(-1.5), "-1.5");
        assert_eq!(f.format(0.0), "0");
        assert_eq!(percent_change(Some(0.00001)), "+0.001%");
        assert_eq!(percent_change(Some(-0.5)), "-50.0%");
        assert_eq!(group_thousands("-999"), "-999");
        assert_eq!(group_thousands("1000"), "1,000");
    }

    #[test]
    fn nan_and_null_are_a_dash() {
        assert_eq!(NumberFormat::figure().format(f64::NAN), MISSING);
        assert_eq!(NumberFormat::fixed(2).format(f64::INFINITY), MISSING);
        assert_eq!(NumberFormat::figure().format_opt(None), MISSING);
        let cells = format_cells(
            "value",
            &DataType::Float64,
            &[
                Some(AnyValue::Float64(f64::NAN)),
                Some(AnyValue::Null),
                Some(AnyValue::Float64(1.5)),
            ],
        );
        assert_eq!(
            cells,
            [Some(MISSING.to_string()), None, Some("1.5".to_string())]
        );
    }

    #[test]
    fn text_and_other_types() {
        let cells = format_cells(
            "partner",
            &DataType::String,
            &[Some(AnyValue::String("Japan")), Some(AnyValue::Null)],
        );
        assert_eq!(cells, [Some("Japan".to_string()), None]);
        let flags = format_cells("flag", &DataType::Boolean, &[Some(AnyValue::Boolean(true))]);
        assert_eq!(flags, [Some("true".to_string())]);
    }
}
