//! The common mistakes of the beat, how to recognise them in a number, and the hint for each.

/// A mistake an answer shows, with the hint a check prints for it.
#[derive(Debug, Clone, PartialEq)]
pub enum Mistake {
    /// The answer has the opposite sign: imports − exports instead of exports − imports.
    SignFlipped,
    /// The answer is the expected value times `factor` (1000: thousands of the unit, e.g.
    /// millions given for billions; 0.001 the other way; 100 / 0.01: percent vs fraction).
    Scale(f64),
    /// The figure of another release (vintage) of the same data.
    WrongVintage {
        /// The vintage the answer matches.
        used: String,
        /// The vintage asked for.
        wanted: String,
    },
    /// Nominal (current-price) figures where real (constant-price) ones were asked for.
    NominalForReal,
    /// Real (constant-price) figures where nominal (current-price) ones were asked for.
    RealForNominal,
    /// A figure of another year.
    WrongYear {
        /// What the year is of, e.g. "the exchange rate" or "the data".
        what: String,
        /// The year the answer matches.
        used: i64,
        /// The year asked for.
        wanted: i64,
    },
    /// Rows in another order than asked.
    WrongOrder(String),
    /// Another mistake, explained in the text.
    Other(String),
}

impl Mistake {
    /// The hint in plain words.
    ///
    /// ```
    /// use tradedef::teach::Mistake;
    /// assert!(Mistake::Scale(1000.0).hint().contains("1,000 times too large"));
    /// ```
    pub fn hint(&self) -> String {
        match self {
            Mistake::SignFlipped => "Your number has the right size but the wrong sign. A balance \
                is exports minus imports: negative means a US deficit. Did you subtract the other \
                way round?"
                .to_string(),
            Mistake::Scale(factor) => scale_hint(*factor),
            Mistake::WrongVintage { used, wanted } => format!(
                "Your number matches an older or other release of the data (vintage {used}). The \
                 exercise asks for vintage {wanted}: filter the `vintage` column, or use the \
                 latest release that covers the year."
            ),
            Mistake::NominalForReal => "Your number is in nominal terms (prices of each year). \
                The exercise asks for real terms (constant prices): deflate, or take the \
                constant-price measure."
                .to_string(),
            Mistake::RealForNominal => "Your number is in real terms (constant prices). The \
                exercise asks for nominal terms (prices of each year): do not deflate, or take \
                the current-price measure."
                .to_string(),
            Mistake::WrongYear { what, used, wanted } => format!(
                "Your number uses {what} of {used}; the exercise asks for {what} of {wanted}."
            ),
            Mistake::WrongOrder(detail) => detail.clone(),
            Mistake::Other(text) => text.clone(),
        }
    }
}

fn scale_hint(factor: f64) -> String {
    let sign = if factor < 0.0 {
        " It also has the wrong sign (a balance is exports minus imports)."
    } else {
        ""
    };
    let size = factor.abs();
    let text = if close(size, 1000.0) {
        "Your number is 1,000 times too large: millions where the answer is in billions? \
         Divide by 1,000."
    } else if close(size, 0.001) {
        "Your number is 1,000 times too small: billions where the answer is in millions? \
         Multiply by 1,000."
    } else if close(size, 1e6) {
        "Your number is a million times too large: look at the unit of the data and of the answer."
    } else if close(size, 1e-6) {
        "Your number is a million times too small: look at the unit of the data and of the answer."
    } else if close(size, 100.0) {
        "Your number is 100 times too large: a percent where a fraction is asked?"
    } else if close(size, 0.01) {
        "Your number is 100 times too small: a fraction (0.057) where a percent (5.7) is asked? \
         Multiply by 100."
    } else {
        return format!("Your number is {size} times the expected one: look at the units.{sign}");
    };
    format!("{text}{sign}")
}

/// The scale factors [`diagnose`] recognises.
const SCALES: [f64; 6] = [1000.0, 0.001, 1e6, 1e-6, 100.0, 0.01];

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Whether `got` is `expected` within `tolerance` (relative, with a floor of `1e-9` absolute).
pub fn matches(got: f64, expected: f64, tolerance: f64) -> bool {
    (got - expected).abs() <= (tolerance * expected.abs()).max(1e-9)
}

/// The mistake that explains `got` where `expected` was right: first the known wrong answers
/// (`(value, mistake)`, e.g. the figure of another vintage), then a flipped sign, then a unit
/// scale (×1000, ×100, …, with or without a flipped sign). `None` when nothing explains it.
///
/// ```
/// use tradedef::teach::{Mistake, diagnose};
/// assert_eq!(diagnose(68.3, -68.3, &[], 1e-3), Some(Mistake::SignFlipped));
/// assert_eq!(diagnose(-68300.0, -68.3, &[], 1e-3), Some(Mistake::Scale(1000.0)));
/// assert_eq!(diagnose(12.0, -68.3, &[], 1e-3), None);
/// ```
pub fn diagnose(
    got: f64,
    expected: f64,
    known: &[(f64, Mistake)],
    tolerance: f64,
) -> Option<Mistake> {
    if let Some((_, mistake)) = known.iter().find(|(v, _)| matches(got, *v, tolerance)) {
        return Some(mistake.clone());
    }
    if let Some((_, mistake)) = known
        .iter()
        .find(|(v, _)| *v != 0.0 && matches(got, -*v, tolerance))
    {
        return Some(Mistake::Other(format!(
            "{} It also has the wrong sign (a balance is exports minus imports).",
            mistake.hint()
        )));
    }
    if expected != 0.0 && matches(got, -expected, tolerance) {
        return Some(Mistake::SignFlipped);
    }
    for factor in SCALES.iter().flat_map(|f| [*f, -*f]) {
        if expected != 0.0 && matches(got, expected * factor, tolerance) {
            return Some(Mistake::Scale(factor));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOL: f64 = 1e-3;

    #[test]
    fn sign_flipped_says_exports_minus_imports() {
        let m = diagnose(68253.3, -68253.3, &[], TOL).unwrap();
        assert_eq!(m, Mistake::SignFlipped);
        assert!(m.hint().contains("exports minus imports"));
    }

    #[test]
    fn millions_for_billions_is_a_thousand_times_too_large() {
        let m = diagnose(-68253.3, -68.2533, &[], TOL).unwrap();
        assert_eq!(m, Mistake::Scale(1000.0));
        assert!(m.hint().contains("1,000 times too large"));
        assert!(m.hint().contains("Divide by 1,000"));
    }

    #[test]
    fn billions_for_millions_is_a_thousand_times_too_small() {
        let m = diagnose(-68.2533, -68253.3, &[], TOL).unwrap();
        assert_eq!(m, Mistake::Scale(0.001));
        assert!(m.hint().contains("1,000 times too small"));
    }

    #[test]
    fn scale_and_sign_together() {
        let m = diagnose(68.2533, -68253.3, &[], TOL).unwrap();
        assert_eq!(m, Mistake::Scale(-0.001));
        assert!(m.hint().contains("too small") && m.hint().contains("wrong sign"));
    }

    #[test]
    fn fraction_for_percent() {
        let m = diagnose(0.057, 5.7, &[], TOL).unwrap();
        assert!(m.hint().contains("fraction"));
    }

    #[test]
    fn wrong_vintage_names_both_vintages() {
        let known = [(
            -69392.1,
            Mistake::WrongVintage {
                used: "census-c5880-page-2026-03".into(),
                wanted: "census-c5880-page-2026-06".into(),
            },
        )];
        let m = diagnose(-69392.1, -68253.3, &known, TOL).unwrap();
        let hint = m.hint();
        assert!(hint.contains("vintage census-c5880-page-2026-03"), "{hint}");
        assert!(
            hint.contains("asks for vintage census-c5880-page-2026-06"),
            "{hint}"
        );
    }

    #[test]
    fn nominal_for_real() {
        let known = [(50.1, Mistake::NominalForReal)];
        let m = diagnose(50.1, 58.4, &known, TOL).unwrap();
        assert!(m.hint().contains("nominal terms") && m.hint().contains("deflate"));
        assert!(Mistake::RealForNominal.hint().contains("do not deflate"));
    }

    #[test]
    fn wrong_year_names_both_years() {
        let known = [(
            -71426.8,
            Mistake::WrongYear {
                what: "the data".into(),
                used: 2023,
                wanted: 2024,
            },
        )];
        let m = diagnose(-71426.8, -68253.3, &known, TOL).unwrap();
        assert_eq!(
            m.hint(),
            "Your number uses the data of 2023; the exercise asks for the data of 2024."
        );
    }

    #[test]
    fn a_known_mistake_with_the_sign_flipped_says_both() {
        let known = [(-71426.8, Mistake::NominalForReal)];
        let m = diagnose(71426.8, -68253.3, &known, TOL).unwrap();
        assert!(m.hint().contains("nominal") && m.hint().contains("wrong sign"));
    }

    #[test]
    fn unexplained_numbers_get_no_hint() {
        assert_eq!(diagnose(1.0, -68253.3, &[], TOL), None);
        assert_eq!(diagnose(5.0, 0.0, &[], TOL), None);
    }
}
