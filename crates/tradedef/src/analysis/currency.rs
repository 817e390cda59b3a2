//! Any currency to dollars and back, at the Federal Reserve's annual average rates (`fx_annual`,
//! G.5A): the yen conversions of the Japan story, for every currency with an official rate.
//!
//! A currency is named by its ISO 4217 code (`"KRW"`) or by any word the partner registry
//! resolves (`"South Korea"` → KRW). A partner whose currency has no Fed rate is an error that
//! says so and lists the currencies the data hold; nothing is estimated.

use std::collections::BTreeMap;

use polars::prelude::*;

use crate::analysis::Table;
use crate::analysis::money::{span, year_values};
use crate::analysis::plan::distinct;
use crate::analysis::table::TableBuilder;
use crate::data::{Provenance, load, partner};
use crate::error::bail;
use crate::{Error, Result};

const FX_ALL: &str = crate::data::ids::FX_ANNUAL.as_str();

/// Annual average rates of one currency, units per US dollar.
///
/// ```
/// use tradedef::prelude::*;
/// let won = CurrencyRates::of("South Korea")?;
/// assert_eq!(won.currency(), "KRW");
/// let usd = won.to_usd(1_000_000.0, 2024)?;
/// assert!((won.from_usd(usd, 2024)? - 1_000_000.0).abs() < 1e-6);
/// let yen = CurrencyRates::of("JPY")?;
/// assert!(yen.units_per_usd(2024)? > 100.0);
/// assert!((yen.from_usd(yen.to_usd(1000.0, 2024)?, 2024)? - 1000.0).abs() < 1e-9);
/// assert!(yen.units_per_usd(1900).unwrap_err().to_string().contains("available"));
/// let err = CurrencyRates::of("Tuvalu").unwrap_err().to_string();
/// assert!(err.contains("no official"), "{err}");
/// # Ok::<(), tradedef::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct CurrencyRates {
    currency: String,
    rates: BTreeMap<i64, f64>,
    provenance: Provenance,
}

impl CurrencyRates {
    /// The rates of a currency given by ISO code or by a partner the registry resolves.
    pub fn of(currency_or_partner: &str) -> Result<CurrencyRates> {
        let d = load(FX_ALL)?;
        let codes = distinct(d.lazy(), "currency", FX_ALL)?;
        let asked = currency_or_partner.trim();
        let code = match codes.iter().find(|c| c.eq_ignore_ascii_case(asked)) {
            Some(c) => c.clone(),
            None => {
                let p = partner(asked)?;
                match &p.currency {
                    Some(c) if codes.contains(c) => c.clone(),
                    other => {
                        bail!(Error::argument(
                            format!("exchange rate of {}", p.name),
                            format!(
                                "no official annual rate in {FX_ALL} for {} ({}); the Federal Reserve's G.5A release covers: {}",
                                p.name,
                                other.as_deref().unwrap_or("currency not in the registry"),
                                Vec::from_iter(codes).join(", ")
                            ),
                        ));
                    }
                }
            }
        };
        let rates = year_values(
            d.lazy().filter(col("currency").eq(lit(code.as_str()))),
            FX_ALL,
            "units_per_usd",
        )?;
        Ok(CurrencyRates {
            currency: code,
            rates,
            provenance: d.provenance(),
        })
    }

    /// The ISO 4217 code.
    pub fn currency(&self) -> &str {
        &self.currency
    }

    /// Units of the currency per US dollar, annual average of a calendar year.
    pub fn units_per_usd(&self, year: i64) -> Result<f64> {
        self.rates.get(&year).copied().ok_or_else(|| {
            Error::not_found(
                format!("year of the {} rate in {FX_ALL}", self.currency),
                year.to_string(),
                span(self.rates.keys()),
            )
        })
    }

    /// An amount of the currency in dollars at the year's average rate.
    pub fn to_usd(&self, amount: f64, year: i64) -> Result<f64> {
        Ok(amount / self.units_per_usd(year)?)
    }

    /// Dollars in the currency at the year's average rate.
    pub fn from_usd(&self, usd: f64, year: i64) -> Result<f64> {
        Ok(usd * self.units_per_usd(year)?)
    }

    /// The years covered, in order.
    pub fn years(&self) -> Vec<i64> {
        self.rates.keys().copied().collect()
    }

    /// The provenance of the rates.
    pub fn provenance(&self) -> &Provenance {
        &self.provenance
    }

    /// The rates as a table: `year`, `units_per_usd`.
    pub fn table(&self) -> Result<Table> {
        TableBuilder::new(format!("{} per US dollar, annual average", self.currency))
            .int(
                "year",
                "calendar year",
                self.rates.keys().map(|y| Some(*y)).collect(),
            )
            .float(
                "units_per_usd",
                format!("{} per USD, calendar-year average", self.currency),
                self.rates.values().map(|v| Some(*v)).collect(),
            )
            .build(self.provenance.clone())
    }
}
