//! Money: nominal to real values with a deflator, indexed to a base year (`deflators`: US CPI-U,
//! US GDP deflator, Japan GDP deflator, and price levels implied by SIPRI).
//!
//! Exchange rates have one API, [`CurrencyRates`](crate::analysis::CurrencyRates) (any currency
//! of the Federal Reserve's annual averages). The yen-only [`ExchangeRates`] and the free
//! functions [`jpy_per_usd`], [`yen_to_usd`], [`usd_to_yen`], [`yen_to_usd_at`] and
//! [`usd_to_yen_at`] remain for one release, deprecated.

use std::collections::BTreeMap;

use polars::prelude::*;

use crate::analysis::milex::SIPRI;
use crate::analysis::plan::{
    collect, distinct, distinct_ints, div, pick_vintage, with_vintage_order,
};
use crate::analysis::table::{TableBuilder, floats, ints};
use crate::analysis::{Table, Vintage};
use crate::data::{Provenance, load};
use crate::error::ensure;
use crate::{Error, Result};

const FX: &str = crate::data::ids::USD_JPY_ANNUAL.as_str();
const DEFLATORS: &str = crate::data::ids::DEFLATORS.as_str();

/// Converts yen to dollars at a rate in yen per dollar: `jpy / jpy_per_usd`.
#[deprecated(
    note = "divide by the rate, or use `CurrencyRates::of(\"JPY\")?.to_usd(amount, year)`"
)]
pub fn yen_to_usd_at(jpy: f64, jpy_per_usd: f64) -> Result<f64> {
    check_rate(jpy_per_usd)?;
    Ok(jpy / jpy_per_usd)
}

/// Converts dollars to yen at a rate in yen per dollar: `usd × jpy_per_usd`.
#[deprecated(
    note = "multiply by the rate, or use `CurrencyRates::of(\"JPY\")?.from_usd(amount, year)`"
)]
pub fn usd_to_yen_at(usd: f64, jpy_per_usd: f64) -> Result<f64> {
    check_rate(jpy_per_usd)?;
    Ok(usd * jpy_per_usd)
}

fn check_rate(rate: f64) -> Result<()> {
    if rate > 0.0 && rate.is_finite() {
        Ok(())
    } else {
        Err(Error::argument(
            "exchange rate",
            format!("yen per dollar must be positive and finite; got {rate}"),
        ))
    }
}

/// Annual average USD/JPY rates (yen per dollar) from `usd_jpy_annual`, with their provenance.
#[derive(Debug, Clone)]
#[deprecated(
    note = "use `CurrencyRates::of(\"JPY\")`: the same Federal Reserve rates, any currency"
)]
pub struct ExchangeRates {
    rates: BTreeMap<i64, f64>,
    provenance: Provenance,
}

#[allow(deprecated)]
impl ExchangeRates {
    /// Loads the rates.
    pub fn load() -> Result<ExchangeRates> {
        let d = load(FX)?;
        Ok(ExchangeRates {
            rates: year_values(d.lazy(), FX, "jpy_per_usd")?,
            provenance: d.provenance(),
        })
    }

    /// Yen per dollar, annual average of a calendar year.
    pub fn jpy_per_usd(&self, year: i64) -> Result<f64> {
        self.rates.get(&year).copied().ok_or_else(|| {
            Error::not_found(
                format!("year in {FX}"),
                year.to_string(),
                span(self.rates.keys()),
            )
        })
    }

    /// Yen to dollars at the year's average rate.
    pub fn yen_to_usd(&self, jpy: f64, year: i64) -> Result<f64> {
        yen_to_usd_at(jpy, self.jpy_per_usd(year)?)
    }

    /// Dollars to yen at the year's average rate.
    pub fn usd_to_yen(&self, usd: f64, year: i64) -> Result<f64> {
        usd_to_yen_at(usd, self.jpy_per_usd(year)?)
    }

    /// The years covered, in order.
    pub fn years(&self) -> Vec<i64> {
        self.rates.keys().copied().collect()
    }

    /// The provenance of the rates.
    pub fn provenance(&self) -> &Provenance {
        &self.provenance
    }

    /// The rates as a table: `year`, `jpy_per_usd`.
    pub fn table(&self) -> Result<Table> {
        TableBuilder::new("USD/JPY annual average")
            .int(
                "year",
                "calendar year",
                self.rates.keys().map(|y| Some(*y)).collect(),
            )
            .float(
                "jpy_per_usd",
                "JPY per USD, calendar-year average",
                self.rates.values().map(|v| Some(*v)).collect(),
            )
            .build(self.provenance.clone())
    }
}

/// Yen per dollar, the annual average of a calendar year (`usd_jpy_annual`).
#[deprecated(note = "use `CurrencyRates::of(\"JPY\")?.units_per_usd(year)`")]
#[allow(deprecated)]
pub fn jpy_per_usd(year: i64) -> Result<f64> {
    ExchangeRates::load()?.jpy_per_usd(year)
}

/// Yen to dollars at the annual average rate of `year`.
#[deprecated(note = "use `CurrencyRates::of(\"JPY\")?.to_usd(jpy, year)`")]
#[allow(deprecated)]
pub fn yen_to_usd(jpy: f64, year: i64) -> Result<f64> {
    ExchangeRates::load()?.yen_to_usd(jpy, year)
}

/// Dollars to yen at the annual average rate of `year`.
#[deprecated(note = "use `CurrencyRates::of(\"JPY\")?.from_usd(usd, year)`")]
#[allow(deprecated)]
pub fn usd_to_yen(usd: f64, year: i64) -> Result<f64> {
    ExchangeRates::load()?.usd_to_yen(usd, year)
}

/// A price index series in the `deflators` dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DeflatorSeries {
    /// US consumer price index, all urban consumers (BLS CPI-U).
    UsCpiU,
    /// US GDP implicit price deflator (BEA).
    UsGdpDeflator,
    /// Japan GDP deflator (Cabinet Office).
    JapanGdpDeflator,
    /// Japan's price level implied by SIPRI: its calendar-year military expenditure in yen over the
    /// same in constant US dollars, both from the latest SIPRI release (constant 2024 US$ in the
    /// April 2026 release, through 2025). SIPRI makes constant dollars with the country's CPI and
    /// the base year's exchange rate, so the ratio is Japan's CPI up to a constant: a
    /// consumer-price deflator for yen. The release is the deflator's vintage.
    JapanSipriCpi,
}

impl DeflatorSeries {
    /// The id in the dataset's `series` column.
    pub fn id(self) -> &'static str {
        match self {
            DeflatorSeries::UsCpiU => "us_cpi_u",
            DeflatorSeries::UsGdpDeflator => "us_gdp_deflator",
            DeflatorSeries::JapanGdpDeflator => "japan_gdp_deflator",
            DeflatorSeries::JapanSipriCpi => "japan_cpi_implied_by_sipri",
        }
    }

    /// A short label for units, e.g. "US CPI-U".
    pub fn label(self) -> &'static str {
        match self {
            DeflatorSeries::UsCpiU => "US CPI-U",
            DeflatorSeries::UsGdpDeflator => "US GDP deflator",
            DeflatorSeries::JapanGdpDeflator => "Japan GDP deflator",
            DeflatorSeries::JapanSipriCpi => "Japan CPI implied by SIPRI (yen ÷ constant US$)",
        }
    }
}

/// A deflator rebased to a base year: turns nominal values into real values at base-year prices.
///
/// `real = nominal × index(base) / index(year)`, so real equals nominal in the base year. All
/// years come from one vintage of the series (indexes of different releases can have different
/// base periods); by default the latest vintage that covers the base year.
///
/// ```
/// use tradedef::prelude::*;
/// let d = Deflator::load(DeflatorSeries::UsGdpDeflator, 2020)?;
/// assert_eq!(d.real(500.0, 2020)?, 500.0);
/// assert!(d.unit("JPY billions").contains("2020 prices"));
/// # Ok::<(), tradedef::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Deflator {
    series: DeflatorSeries,
    base_year: i64,
    vintage: String,
    index: BTreeMap<i64, f64>,
    provenance: Provenance,
}

impl Deflator {
    /// The series rebased to `base_year`, latest vintage covering the base year.
    pub fn load(series: DeflatorSeries, base_year: i64) -> Result<Deflator> {
        Deflator::load_vintage(series, base_year, &Vintage::LatestCovering)
    }

    /// The series rebased to `base_year`, from a chosen vintage.
    pub fn load_vintage(
        series: DeflatorSeries,
        base_year: i64,
        vintage: &Vintage,
    ) -> Result<Deflator> {
        if series == DeflatorSeries::JapanSipriCpi {
            return Deflator::implied_by_sipri(base_year);
        }
        let d = load(DEFLATORS)?;
        let all_series = distinct(d.lazy(), "series", DEFLATORS)?;
        ensure!(
            all_series.contains(series.id()),
            Error::not_found(format!("series in {DEFLATORS}"), series.id(), all_series,)
        );
        let rows = d.lazy().filter(
            col("series")
                .eq(lit(series.id()))
                .and(col("year").is_not_null())
                .and(col("value").is_not_null())
                .and(col("vintage").is_not_null()),
        );
        let all_vintages = distinct(rows.clone(), "vintage", DEFLATORS)?;
        vintage.check(DEFLATORS, &all_vintages)?;
        let covering = with_vintage_order(
            rows.clone().filter(col("year").eq(lit(base_year))),
            DEFLATORS,
        )?;
        let Some(chosen) = distinct(pick_vintage(covering, vintage, &[])?, "vintage", DEFLATORS)?
            .into_iter()
            .next()
        else {
            return Err(Error::not_found(
                format!("base year in {DEFLATORS} series {}", series.id()),
                base_year.to_string(),
                span(distinct_ints(rows, "year", DEFLATORS)?.iter()),
            ));
        };
        let of_vintage = rows.filter(col("vintage").eq(lit(chosen.as_str())));
        let base = year_values(of_vintage.clone(), DEFLATORS, "value")?[&base_year];
        ensure!(
            base != 0.0,
            Error::argument(
                "deflator",
                format!("{} is zero in {base_year}", series.id()),
            )
        );
        let index = year_values(
            of_vintage.with_column(
                div(lit(100.0) * col("value").cast(DataType::Float64), lit(base)).alias("value"),
            ),
            DEFLATORS,
            "value",
        )?;
        Ok(Deflator {
            series,
            base_year,
            vintage: chosen,
            index,
            provenance: d.provenance(),
        })
    }

    /// Japan's CPI implied by SIPRI's yen and constant-dollar series of one release (the latest
    /// holding them), rebased to `base_year`.
    fn implied_by_sipri(base_year: i64) -> Result<Deflator> {
        let meta = &crate::data::entry(SIPRI)?.meta;
        let measure = |m: &str| {
            col("value")
                .cast(DataType::Float64)
                .filter(col("measure").eq(lit(m)))
                .last()
        };
        let rows = crate::data::scan(SIPRI)?.filter(
            col("country")
                .eq(lit("Japan"))
                .and(col("year").is_not_null())
                .and(col("value").is_not_null())
                .and(
                    col("measure")
                        .eq(lit("local_currency_millions"))
                        .or(col("measure").eq(lit("constant_usd_millions"))),
                ),
        );
        // one release for the whole index: yen and constant dollars of the same price base
        let vintage = crate::analysis::milex::release_of_rows(
            rows.clone()
                .filter(col("measure").eq(lit("constant_usd_millions"))),
            &Vintage::LatestCovering,
            "Japan's constant-dollar military expenditure",
        )?;
        let rows = rows.filter(col("vintage").eq(lit(vintage.as_str())));
        // yen over constant dollars, per year, where the constant-dollar figure is positive
        let raw = rows
            .group_by([col("year")])
            .agg([
                measure("local_currency_millions").alias("yen"),
                measure("constant_usd_millions").alias("constant"),
            ])
            .filter(col("constant").gt(lit(0.0)).and(col("yen").is_not_null()))
            .select([col("year"), (col("yen") / col("constant")).alias("value")]);
        let prices = year_values(raw.clone(), SIPRI, "value")?;
        let base = prices.get(&base_year).copied().ok_or_else(|| {
            Error::not_found(
                "base year of the Japan price index implied by sipri_milex",
                base_year.to_string(),
                span(prices.keys()),
            )
        })?;
        let index = year_values(
            raw.with_column(div(lit(100.0) * col("value"), lit(base)).alias("value")),
            SIPRI,
            "value",
        )?;
        Ok(Deflator {
            series: DeflatorSeries::JapanSipriCpi,
            base_year,
            vintage,
            index,
            provenance: meta.provenance(),
        })
    }

    /// The series.
    pub fn series(&self) -> DeflatorSeries {
        self.series
    }

    /// The base year (index = 100).
    pub fn base_year(&self) -> i64 {
        self.base_year
    }

    /// The vintage used.
    pub fn vintage(&self) -> &str {
        &self.vintage
    }

    /// The index in `year`, base year = 100.
    pub fn index(&self, year: i64) -> Result<f64> {
        self.index.get(&year).copied().ok_or_else(|| {
            Error::not_found(
                format!(
                    "year in {DEFLATORS} series {} ({})",
                    self.series.id(),
                    self.vintage
                ),
                year.to_string(),
                span(self.index.keys()),
            )
        })
    }

    /// A nominal value of `year` at base-year prices.
    pub fn real(&self, nominal: f64, year: i64) -> Result<f64> {
        Ok(nominal * 100.0 / self.index(year)?)
    }

    /// The unit of a real column, e.g. "JPY billions, 2020 prices (Japan GDP deflator, 2020 = 100)".
    pub fn unit(&self, currency_unit: &str) -> String {
        format!(
            "{currency_unit}, {} prices ({}, {} = 100)",
            self.base_year,
            self.series.label(),
            self.base_year
        )
    }

    /// The provenance of the deflator.
    pub fn provenance(&self) -> &Provenance {
        &self.provenance
    }

    /// The index as a table: `year`, `index` (base year = 100).
    pub fn table(&self) -> Result<Table> {
        TableBuilder::new(format!(
            "{} ({} = 100)",
            self.series.label(),
            self.base_year
        ))
        .int(
            "year",
            "year",
            self.index.keys().map(|y| Some(*y)).collect(),
        )
        .float(
            "index",
            format!("index, {} = 100", self.base_year),
            self.index.values().map(|v| Some(*v)).collect(),
        )
        .note(format!("vintage used: {}", self.vintage))
        .build(self.provenance.clone())
    }
}

/// A nominal value of `year` at `base_year` prices, with a deflator series.
///
/// ```
/// use tradedef::prelude::*;
/// let v = tradedef::analysis::deflate(100.0, 2024, DeflatorSeries::UsCpiU, 2024)?;
/// assert_eq!(v, 100.0);
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn deflate(nominal: f64, year: i64, series: DeflatorSeries, base_year: i64) -> Result<f64> {
    Deflator::load(series, base_year)?.real(nominal, year)
}

/// `year → value` of a plan's `year` and `value_column` (rows without either left out; the last
/// row of a year wins): the lookup table a rate or deflator object holds.
pub(crate) fn year_values(
    lf: LazyFrame,
    what: &str,
    value_column: &str,
) -> Result<BTreeMap<i64, f64>> {
    let f = collect(
        lf.select([
            col("year").cast(DataType::Int64),
            col(value_column).cast(DataType::Float64),
        ]),
        what,
    )?;
    Ok(ints(&f, what, "year")?
        .into_iter()
        .zip(floats(&f, what, value_column)?)
        .filter_map(|(y, v)| Some((y?, v?)))
        .collect())
}

/// "1985–2024" or the list, for error messages about years.
pub(crate) fn span<'a>(years: impl Iterator<Item = &'a i64>) -> Vec<String> {
    let ys: Vec<i64> = years.copied().collect();
    match (ys.first(), ys.last()) {
        (Some(a), Some(b)) if ys.len() as i64 == b - a + 1 && ys.len() > 3 => {
            vec![format!("{a}–{b}")]
        }
        _ => ys.iter().map(|y| y.to_string()).collect(),
    }
}
