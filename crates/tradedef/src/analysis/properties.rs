//! Property tests of the analysis arithmetic.

#![allow(deprecated)] // the deprecated yen functions are tested for as long as they remain

use proptest::prelude::*;

use crate::analysis::{
    CurrencyRates, Deflator, DeflatorSeries, balance, shares_pct, usd_to_yen_at, yen_to_usd_at,
};

proptest! {
    #[test]
    fn balance_is_exports_minus_imports(x in 0.0f64..1e7, m in 0.0f64..1e7) {
        let b = balance(x, m);
        prop_assert!((b - (x - m)).abs() <= 1e-9 * (x + m).max(1.0));
        prop_assert!((b + m - x).abs() <= 1e-9 * (x + m).max(1.0));
    }

    #[test]
    fn shares_of_one_total_sum_to_100(parts in prop::collection::vec(0.001f64..1e6, 1..40)) {
        let total: f64 = parts.iter().sum();
        let shares = shares_pct(&parts, total).unwrap();
        let sum: f64 = shares.iter().sum();
        prop_assert!((sum - 100.0).abs() < 1e-9, "sum {}", sum);
    }

    #[test]
    fn yen_dollar_yen_round_trips(jpy in -1e12f64..1e12, rate in 50.0f64..400.0) {
        let back = usd_to_yen_at(yen_to_usd_at(jpy, rate).unwrap(), rate).unwrap();
        prop_assert!((back - jpy).abs() <= 1e-9 * jpy.abs().max(1.0));
    }

    #[test]
    fn yen_dollar_yen_round_trips_at_annual_rates(jpy in 0.0f64..1e12, pick in 0usize..1000) {
        let fx = CurrencyRates::of("JPY").unwrap();
        let years = fx.years();
        let y = years[pick % years.len()];
        let back = fx.from_usd(fx.to_usd(jpy, y).unwrap(), y).unwrap();
        prop_assert!((back - jpy).abs() <= 1e-9 * jpy.max(1.0));
    }

    #[test]
    fn real_equals_nominal_in_the_base_year(nominal in -1e9f64..1e9, pick in 0usize..1000) {
        for series in [DeflatorSeries::UsCpiU, DeflatorSeries::UsGdpDeflator] {
            let years = Deflator::load(series, 2020).unwrap().table().unwrap().ints("year").unwrap();
            let base = years[pick % years.len()].unwrap();
            let d = Deflator::load(series, base).unwrap();
            let real = d.real(nominal, base).unwrap();
            prop_assert!((real - nominal).abs() <= 1e-9 * nominal.abs().max(1.0));
        }
    }
}
