//! Number formatting for axes and labels: currency and unit affixes and a compact form
//! ("$1.2tn") over the thousands grouping of [`crate::output`] (the one number formatter that
//! tables, fact-checks and notebook displays use) — with fixed decimals so output never depends
//! on float printing.

/// How a value is written on a chart: `prefix`, the number with thousands separators, `suffix`.
///
/// Values are given in their dataset's unit; `magnitude` says what one unit is worth (1e6 for
/// "USD millions"), which only matters for [`ValueFormat::compact`]. Non-finite values print as
/// `n/a`; a value that rounds to zero never prints a minus sign.
///
/// ```
/// use tradedef::chart::ValueFormat;
/// assert_eq!(ValueFormat::usd_millions().format(68253.4), "$68,253m");
/// assert_eq!(ValueFormat::usd_millions().compact().format(-1_204_000.0), "-$1.2tn");
/// assert_eq!(ValueFormat::number().format(55000.0), "55,000");
/// assert_eq!(ValueFormat::percent().format(1.84), "1.8%");
/// assert_eq!(ValueFormat::number().format(f64::NAN), "n/a");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ValueFormat {
    prefix: String,
    suffix: String,
    decimals: usize,
    magnitude: f64,
    compact: bool,
    signed: bool,
}

impl Default for ValueFormat {
    fn default() -> Self {
        ValueFormat::number()
    }
}

impl ValueFormat {
    /// A plain number with thousands separators and no decimals: `55,000`.
    ///
    /// ```
    /// assert_eq!(tradedef::chart::ValueFormat::number().format(-1234.6), "-1,235");
    /// ```
    pub fn number() -> Self {
        ValueFormat {
            prefix: String::new(),
            suffix: String::new(),
            decimals: 0,
            magnitude: 1.0,
            compact: false,
            signed: false,
        }
    }

    /// US dollars for values in millions: `$68,253m`.
    ///
    /// ```
    /// assert_eq!(tradedef::chart::ValueFormat::usd_millions().format(-500.0), "-$500m");
    /// ```
    pub fn usd_millions() -> Self {
        ValueFormat {
            prefix: "$".into(),
            suffix: "m".into(),
            magnitude: 1e6,
            ..Self::number()
        }
    }

    /// US dollars for values in billions: `$68bn`.
    ///
    /// ```
    /// assert_eq!(tradedef::chart::ValueFormat::usd_billions().format(68.2), "$68bn");
    /// ```
    pub fn usd_billions() -> Self {
        ValueFormat {
            prefix: "$".into(),
            suffix: "bn".into(),
            magnitude: 1e9,
            ..Self::number()
        }
    }

    /// A percentage with one decimal, for values already in percent: `1.8%`.
    ///
    /// ```
    /// assert_eq!(tradedef::chart::ValueFormat::percent().format(2.0), "2.0%");
    /// ```
    pub fn percent() -> Self {
        ValueFormat {
            suffix: "%".into(),
            decimals: 1,
            ..Self::number()
        }
    }

    /// Sets the text before the number (after any minus sign), e.g. `"¥"`. Default none.
    ///
    /// ```
    /// let f = tradedef::chart::ValueFormat::number().prefix("¥");
    /// assert_eq!(f.format(-3.0), "-¥3");
    /// ```
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// Sets the text after the number, e.g. `" troops"`. Default none.
    ///
    /// ```
    /// let f = tradedef::chart::ValueFormat::number().suffix(" troops");
    /// assert_eq!(f.format(55000.0), "55,000 troops");
    /// ```
    pub fn suffix(mut self, suffix: impl Into<String>) -> Self {
        self.suffix = suffix.into();
        self
    }

    /// Sets the number of decimals. Default 0 (1 for [`ValueFormat::percent`]).
    ///
    /// ```
    /// let f = tradedef::chart::ValueFormat::number().decimals(2);
    /// assert_eq!(f.format(1234.5), "1,234.50");
    /// ```
    pub fn decimals(mut self, decimals: usize) -> Self {
        self.decimals = decimals.min(12);
        self
    }

    /// Sets what one unit of the values is worth (1e6 for millions). Default 1; the currency
    /// constructors set it. Only [`ValueFormat::compact`] uses it.
    ///
    /// ```
    /// let f = tradedef::chart::ValueFormat::number().prefix("¥").magnitude(1e8).compact();
    /// assert_eq!(f.format(79_172.0), "¥7.9tn");
    /// ```
    pub fn magnitude(mut self, magnitude: f64) -> Self {
        if magnitude.is_finite() && magnitude > 0.0 {
            self.magnitude = magnitude;
        }
        self
    }

    /// Writes values compactly with one decimal and the largest fitting of `k`, `m`, `bn`, `tn`
    /// (replacing the suffix): `$68.3bn`, `-$1.2tn`. Default off.
    ///
    /// ```
    /// let f = tradedef::chart::ValueFormat::usd_millions().compact();
    /// assert_eq!(f.format(68253.0), "$68.3bn");
    /// assert_eq!(f.format(0.5), "$500k");
    /// ```
    pub fn compact(mut self) -> Self {
        self.compact = true;
        self
    }

    /// Prefixes positive values with `+` (for changes). Default off.
    ///
    /// ```
    /// let f = tradedef::chart::ValueFormat::percent().signed();
    /// assert_eq!(f.format(0.26), "+0.3%");
    /// assert_eq!(f.format(0.0), "0.0%");
    /// ```
    pub fn signed(mut self) -> Self {
        self.signed = true;
        self
    }

    /// The same format with as many decimals as ticks `step` apart need (for axis labels).
    pub(crate) fn for_step(&self, step: f64) -> ValueFormat {
        let mut f = self.clone();
        if !f.compact && step.is_finite() && step > 0.0 {
            let mut needed = 0;
            while needed < 6 && (step * 10f64.powi(needed as i32)).fract().abs() > 1e-6 {
                needed += 1;
            }
            f.decimals = needed;
        }
        f
    }

    /// Writes `value` in this format with at least the decimals that show it to about three
    /// significant digits (one from 1 up, two from 0.1 up, three below), for a sentence that
    /// states a figure: an axis reads "$14bn", a description "$14.3bn".
    pub(crate) fn format_precise(&self, value: f64) -> String {
        if self.compact || !value.is_finite() {
            return self.format(value);
        }
        let magnitude = value.abs();
        let wanted = if magnitude == 0.0 || magnitude >= 100.0 {
            0
        } else if magnitude >= 1.0 {
            1
        } else if magnitude >= 0.1 {
            2
        } else {
            3
        };
        let mut f = self.clone();
        f.decimals = f.decimals.max(wanted);
        f.format(value)
    }

    /// Writes `value` in this format.
    ///
    /// ```
    /// let f = tradedef::chart::ValueFormat::usd_billions().decimals(1);
    /// assert_eq!(f.format(-0.01), "$0.0bn");
    /// ```
    pub fn format(&self, value: f64) -> String {
        if !value.is_finite() {
            return "n/a".to_string();
        }
        let (scaled, suffix, decimals) = if self.compact {
            let absolute = (value * self.magnitude).abs();
            let (divisor, suffix) = [(1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k")]
                .into_iter()
                .find(|(d, _)| absolute >= *d * 0.9995)
                .unwrap_or((1.0, ""));
            let decimals = if divisor == 1.0 { 0 } else { 1 };
            let shown = value * self.magnitude / divisor;
            // "500k" rather than "500.0k": drop a zero decimal below 1,000 of the unit.
            let decimals = if decimals == 1 && (shown * 10.0).round() % 10.0 == 0.0 {
                0
            } else {
                decimals
            };
            (shown, suffix.to_string(), decimals)
        } else {
            (value, self.suffix.clone(), self.decimals)
        };
        let digits = format!("{:.*}", decimals, scaled.abs());
        let is_zero = digits.chars().all(|c| c == '0' || c == '.');
        let sign = if is_zero {
            ""
        } else if scaled < 0.0 {
            "-"
        } else if self.signed {
            "+"
        } else {
            ""
        };
        format!(
            "{sign}{}{}{suffix}",
            self.prefix,
            crate::output::group_thousands(&digits)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_and_signs() {
        assert_eq!(ValueFormat::number().format(0.0), "0");
        assert_eq!(ValueFormat::number().format(-0.4), "0");
        assert_eq!(ValueFormat::number().format(999.0), "999");
        assert_eq!(ValueFormat::number().format(1000.0), "1,000");
        assert_eq!(ValueFormat::number().format(-1_234_567.0), "-1,234,567");
        assert_eq!(
            ValueFormat::usd_millions().compact().format(999_600.0),
            "$1tn"
        );
        assert_eq!(
            ValueFormat::usd_millions().compact().format(-68_253.0),
            "-$68.3bn"
        );
    }

    #[test]
    fn step_decimals() {
        assert_eq!(ValueFormat::number().for_step(0.5).format(1.0), "1.0");
        assert_eq!(ValueFormat::number().for_step(0.25).format(1.0), "1.00");
        assert_eq!(
            ValueFormat::number().for_step(20000.0).format(40000.0),
            "40,000"
        );
    }
}
