//! Output shared by every layer: the one number formatter ([`NumberFormat`], [`format_cells`]),
//! the one CSV writer ([`CsvText`], [`frame_to_csv`]), the one JSON writer of published figures
//! ([`to_json_pretty`]) and the one HTML table renderer ([`HtmlTable`]). The report, the notebook
//! displays, the fact-check, the claims files and the exercises all write numbers, CSV, JSON and
//! tables through these, so a figure reads the same everywhere.
//!
//! The module sits with [`crate::html`] below the data layer: it imports nothing of the crate
//! but the error type and the HTML escaping.

mod csv;
mod json;
mod number;
mod table;

pub use csv::{CsvText, csv_cell, csv_number, frame_to_csv, round_significant};
pub use json::{JSON_SIGNIFICANT_DIGITS, to_json_pretty};
pub use number::{
    MISSING, NumberFormat, decimals_of, format_cells, group_thousands, is_year_or_code,
    looks_like_years, percent_change,
};
pub use table::{DEFAULT_MAX_COLUMNS, DEFAULT_MAX_ROWS, HtmlTable};
