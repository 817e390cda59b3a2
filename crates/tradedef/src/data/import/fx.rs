//! Annual average exchange rates of the Federal Reserve's G.5A release, as republished in the
//! Data Package `datasets/exchange-rates` (`data/annual.csv`: `Date,Country,Exchange rate`, one
//! row per currency and year, dated `YYYY-01-01`; the mirror reads FRED's annual series).
//!
//! Produces `fx_annual`: units of currency per US dollar for every currency in the file. The
//! mirror already inverts the currencies the Fed quotes as US dollars per unit (Australia, Euro,
//! New Zealand, and Ireland and the United Kingdom where present) to units per dollar, rounding
//! `1/x` to four decimals; their rows say so in `note`. The Fed's country or area name is mapped
//! to its ISO 4217 code by [`CURRENCIES`].

use crate::data::ids;
use std::collections::HashMap;
use std::path::Path;

use super::figure::{Figure, parse_text, shortest};
use super::merge::{Output, SourceTemplate};
use crate::data::storage::{MAX_CSV_BYTES, read_bounded};
use crate::data::table::{record_error, utf8_text};
use crate::{Error, Location, Result};

/// Columns of `fx_annual`.
pub(crate) const COLUMNS: &[&str] = &[
    "currency",
    "country",
    "year",
    "units_per_usd",
    "vintage",
    "source",
    "missing",
    "note",
];

/// The concordance from the Fed's country or area name (as the mirror writes it) to the ISO 4217
/// code of its currency. Venezuela's code depends on the year (see [`venezuela`]).
const CURRENCIES: [(&str, &str); 25] = [
    ("Australia", "AUD"),
    ("Brazil", "BRL"),
    ("Canada", "CAD"),
    ("China", "CNY"),
    ("Denmark", "DKK"),
    ("Euro", "EUR"),
    ("Hong Kong", "HKD"),
    ("India", "INR"),
    ("Ireland", "IEP"),
    ("Japan", "JPY"),
    ("Malaysia", "MYR"),
    ("Mexico", "MXN"),
    ("New Zealand", "NZD"),
    ("Norway", "NOK"),
    ("Singapore", "SGD"),
    ("South Africa", "ZAR"),
    ("South Korea", "KRW"),
    ("Sri Lanka", "LKR"),
    ("Sweden", "SEK"),
    ("Switzerland", "CHF"),
    ("Taiwan", "TWD"),
    ("Thailand", "THB"),
    ("United Kingdom", "GBP"),
    ("Venezuela", "VES"),
    ("Venezuela", "VEF"),
];

/// The areas the Fed quotes as US dollars per unit, which the mirror inverts.
const INVERTED_BY_MIRROR: [&str; 5] = [
    "Australia",
    "Euro",
    "Ireland",
    "New Zealand",
    "United Kingdom",
];

const INVERTED_NOTE: &str = "the Fed quotes US dollars per unit; the mirror inverted it to units per US dollar, 1/x rounded to 4 decimals";

const VENEZUELA_NOTE: &str = "the bolivar series spans redenominations (VEB to VEF 1:1000 in 2008, VEF to VES 1:100000 in 2018, VES 1:1000000 in 2021): figures before 2008 are on the VEF scale, and the series is not on one scale across 2017-2018 and 2021-2022; do not compare across them";

/// Venezuela's ISO code for a year: VEF (bolivar fuerte, also the scale of the earlier figures)
/// before 2018, VES (bolivar soberano) from 2018.
fn venezuela(year: i64) -> &'static str {
    if year < 2018 { "VEF" } else { "VES" }
}

const SOURCE: SourceTemplate = SourceTemplate {
    producer: "Board of Governors of the Federal Reserve System",
    table: "G.5A Foreign Exchange Rates (annual), via FRED, republished in GitHub datasets/exchange-rates data/annual.csv",
    url: "https://github.com/datasets/exchange-rates/blob/main/data/annual.csv",
};

/// Reads `annual.csv` and returns the vintage and the rows of `fx_annual`.
pub(crate) fn read(file: &Path, vintage: Option<&str>) -> Result<(String, Vec<Output>)> {
    let shown = file.display().to_string();
    let at = || Location::file(&shown);
    let bytes = read_bounded(file, MAX_CSV_BYTES)?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::invalid(
            at(),
            "file is empty: expected data/annual.csv with the header Date,Country,Exchange rate",
        ));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(Error::invalid(
            at(),
            "this is a zip/xlsx file: the fx importer reads the mirror's data/annual.csv",
        ));
    }
    let text = utf8_text(&bytes, at())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| Error::invalid(at().row(0), format!("cannot read the header: {e}")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let required = ["Date", "Country", "Exchange rate"];
    let idx: Vec<usize> = required
        .iter()
        .map(|name| {
            header.iter().position(|h| h == name).ok_or_else(|| {
                Error::invalid(
                    at().row(0).value(header.join(",")),
                    format!(
                        "header lacks the column `{name}`: expected [{}]",
                        required.join(", ")
                    ),
                )
            })
        })
        .collect::<Result<_>>()?;
    let (c_date, c_country, c_rate) = (idx[0], idx[1], idx[2]);

    let mut rows = Vec::new();
    let mut seen: HashMap<(String, i64), usize> = HashMap::new();
    for (i, record) in reader.records().enumerate() {
        let row = i + 1;
        let record = record.map_err(|e| record_error(&e, at().row(row), "unreadable CSV row"))?;
        let field = |c: usize| record.get(c).unwrap_or("").trim();
        let date = field(c_date);
        let year = date
            .strip_suffix("-01-01")
            .filter(|y| y.len() == 4)
            .and_then(|y| y.parse::<i64>().ok())
            .ok_or_else(|| {
                Error::invalid(
                    at().row(row).column("Date").value(date),
                    "expected an annual date YYYY-01-01",
                )
            })?;
        let country = field(c_country);
        let currency = match country {
            "Venezuela" => venezuela(year),
            _ => CURRENCIES
                .iter()
                .find(|(name, _)| *name == country)
                .map(|(_, code)| *code)
                .ok_or_else(|| {
                    Error::invalid(
                        at().row(row).column("Country").value(country),
                        "no ISO 4217 code known for this country or area: add it to the concordance in fx.rs",
                    )
                })?,
        };
        if let Some(first) = seen.insert((country.to_string(), year), row) {
            return Err(Error::invalid(
                at().row(row)
                    .column("Country")
                    .value(format!("{country} {year}")),
                format!("duplicate row: the same country and year are already at row {first}"),
            ));
        }
        let raw = field(c_rate);
        let figure = if raw.is_empty() {
            Figure::Missing(
                "no figure in the file (FRED's '.' for not available, written empty by the mirror)"
                    .into(),
            )
        } else {
            parse_text(raw)
                .map_err(|m| Error::invalid(at().row(row).column("Exchange rate").value(raw), m))?
        };
        if figure.value().is_some_and(|x| x <= 0.0) {
            return Err(Error::invalid(
                at().row(row).column("Exchange rate").value(raw),
                "an exchange rate must be positive",
            ));
        }
        let note = if INVERTED_BY_MIRROR.contains(&country) {
            INVERTED_NOTE
        } else if country == "Venezuela" {
            VENEZUELA_NOTE
        } else {
            ""
        };
        rows.push((currency, country.to_string(), year, figure, note));
    }
    let Some(last_year) = rows.iter().map(|r| r.2).max() else {
        return Err(Error::invalid(at(), "file has a header but no data rows"));
    };
    let vintage = vintage
        .map(str::to_string)
        .unwrap_or_else(|| format!("exchange-rates-annual-csv-{last_year}"));
    let rows = rows
        .into_iter()
        .map(|(currency, country, year, figure, note)| {
            vec![
                currency.to_string(),
                country,
                year.to_string(),
                figure.value().map(shortest).unwrap_or_default(),
                vintage.clone(),
                vintage.clone(),
                figure.reason().to_string(),
                note.to_string(),
            ]
        })
        .collect();
    Ok((
        vintage,
        vec![Output {
            id: ids::FX_ANNUAL,
            columns: COLUMNS,
            rows,
            year_column: "year",
            source: SOURCE,
        }],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concordance_codes_are_iso_shaped_and_names_unique_but_venezuela() {
        for (name, code) in CURRENCIES {
            assert!(
                code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()),
                "{name}"
            );
            let n = CURRENCIES.iter().filter(|(m, _)| *m == name).count();
            assert!(n == 1 || name == "Venezuela", "{name} appears {n} times");
        }
        for name in INVERTED_BY_MIRROR {
            assert!(CURRENCIES.iter().any(|(m, _)| *m == name), "{name}");
        }
        assert_eq!(venezuela(2017), "VEF");
        assert_eq!(venezuela(2018), "VES");
    }
}
