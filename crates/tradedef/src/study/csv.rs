//! DataFrames to CSV text, deterministically (what a graphics desk imports).

use polars::prelude::*;

use crate::{Error, Result};

/// Writes a DataFrame as CSV: a header row, then one line per row; numbers in Rust's shortest
/// round-trip form, missing values as empty cells, dates as `YYYY-MM-DD`.
///
/// ```
/// use tradedef::prelude::*;
/// let df = df!("year" => [2023i64, 2024], "value" => [Some(1.5), None]).unwrap();
/// assert_eq!(tradedef::study::frame_to_csv(&df).unwrap(), "year,value\n2023,1.5\n2024,\n");
/// ```
pub fn frame_to_csv(frame: &DataFrame) -> Result<String> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let names: Vec<String> = frame
        .get_column_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    let fail = |e: csv::Error| Error::argument("writing CSV", e.to_string());
    w.write_record(&names).map_err(fail)?;
    for i in 0..frame.height() {
        let mut record: Vec<String> = Vec::with_capacity(names.len());
        for c in frame.columns() {
            let v = c.get(i).map_err(|e| Error::polars("writing CSV", e))?;
            record.push(cell(&v));
        }
        w.write_record(&record).map_err(fail)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::argument("writing CSV", e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| Error::argument("writing CSV", e.to_string()))
}

fn cell(v: &AnyValue) -> String {
    match v {
        AnyValue::Null => String::new(),
        AnyValue::String(s) => s.to_string(),
        AnyValue::StringOwned(s) => s.to_string(),
        AnyValue::Float64(x) => format!("{x}"),
        AnyValue::Float32(x) => format!("{x}"),
        AnyValue::Int64(x) => x.to_string(),
        AnyValue::Int32(x) => x.to_string(),
        AnyValue::UInt32(x) => x.to_string(),
        AnyValue::UInt64(x) => x.to_string(),
        AnyValue::Boolean(b) => b.to_string(),
        other => other.to_string().trim_matches('"').to_string(),
    }
}
