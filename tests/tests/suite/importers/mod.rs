//! The importers, run on publisher files generated in the real layouts (small, invented figures),
//! on malformed files (which must fail with messages naming sheet, cell, row and value), and on
//! the real downloads in ../shared/reference/raw (ignored tests: they must reproduce the
//! committed CSV rows of their vintage to the digit, and the reference pack's figures).
//!
//! - [`census_country`]: Census's country workbook → the Japan and partner goods trade.
//! - [`census_enduse`]: Census's end-use imports workbook.
//! - [`dmdc`]: DMDC's troop reports.
//! - [`rehash`]: re-signing a hand edit.
//! - [`reference`]: the real downloads (ignored unless asked for).

mod census_country;
mod census_enduse;
mod dmdc;
mod reference;
mod rehash;

use std::path::Path;

use tradedef_tests::scratch::{data_file, read_csv_rows};

const JAPAN_ID: &str = "us_japan_goods_trade";
const PARTNER_ID: &str = "us_goods_trade_by_partner";
const ENDUSE_ID: &str = "us_imports_by_enduse";
const TROOPS_ID: &str = "us_troops_in_japan";

/// Rows of a dataset CSV as maps from column name to text.
fn rows_of(dir: &Path, id: &str) -> Vec<std::collections::HashMap<String, String>> {
    let (header, rows) = read_csv_rows(&data_file(dir, id));
    rows.into_iter()
        .map(|r| header.iter().cloned().zip(r).collect())
        .collect()
}

fn find<'a>(
    rows: &'a [std::collections::HashMap<String, String>],
    want: &[(&str, &str)],
) -> Vec<&'a std::collections::HashMap<String, String>> {
    rows.iter()
        .filter(|r| {
            want.iter()
                .all(|(k, v)| r.get(*k).map(String::as_str) == Some(*v))
        })
        .collect()
}

fn one<'a>(
    rows: &'a [std::collections::HashMap<String, String>],
    want: &[(&str, &str)],
) -> &'a std::collections::HashMap<String, String> {
    let found = find(rows, want);
    assert_eq!(
        found.len(),
        1,
        "expected one row for {want:?}, found {}",
        found.len()
    );
    found[0]
}

/// The error of a result that must fail, as text.
fn err_text<T: std::fmt::Debug>(r: tradedef::Result<T>) -> String {
    r.expect_err("the import should fail").to_string()
}
