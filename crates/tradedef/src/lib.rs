//! # tradedef
//!
//! Sourced figures on US trade with any partner and any country's defence, as [polars]
//! DataFrames with their provenance, plus the analyses, publication charts, studies and
//! fact-checking a story about them needs.
//!
//! The crate is built for notebooks first: `use tradedef::prelude::*;` brings every public name a
//! study uses into scope, together with the display trait that makes charts and tables show
//! inline in the evcxr Jupyter kernel.
//!
//! - [`data`]: the catalog of embedded datasets, their metadata (producer, table, URL, vintage,
//!   licence, units, gaps), loaders with validation, and importers for the publishers' own files.
//! - [`analysis`]: trade balances and shares, money (exchange rates, deflators), defence burden and
//!   growth, tariff scenarios.
//! - [`chart`]: a theme, a frame (title, subtitle, source line, notes) and the chart kinds of the
//!   studies, drawn with plotters to SVG or PNG, byte-for-byte reproducible.
//! - [`claims`]: a claims ledger that checks a story's figures against the data.
//! - [`study`]: studies written as data (`data/studies/*.toml`): a partner and its sections,
//!   each a kind of the general core; the partner profile; the report renders any of them.
//! - [`notebook`]: rich display of tables and charts in evcxr.
//! - [`output`]: the one number formatter, CSV writer and HTML table renderer every layer uses.
//!
//! ```
//! use tradedef::prelude::*;
//!
//! let datasets = catalog();
//! assert!(datasets.len() >= 10);
//! let trade = load("us_japan_goods_trade").unwrap();
//! assert!(trade.frame().height() > 0);
//! ```
#![deny(missing_docs)]
// Unit tests may unwrap; library code may not (workspace lints).
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod analysis;
mod atomic;
pub mod chart;
pub mod claims;
pub mod data;
mod error;
pub mod html;
pub mod notebook;
pub mod output;
pub mod prelude;
pub mod report;
mod similar;
pub mod study;
pub mod teach;
mod toml_text;

pub use error::{Error, Location, Result, TextPosition};

/// plotters, at the version this crate is built with.
pub use plotters;
/// polars, at the version this crate is built with (notebooks use it through this re-export).
pub use polars;
