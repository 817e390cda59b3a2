//! DataFrames to CSV text: moved to [`crate::output::frame_to_csv`], the one CSV writer.

use polars::prelude::DataFrame;

use crate::Result;

/// Writes a DataFrame as CSV (see [`crate::output::frame_to_csv`], which this calls).
///
/// ```
/// # #![allow(deprecated)]
/// use tradedef::prelude::*;
/// let df = df!("year" => [2023i64, 2024], "value" => [Some(1.5), None]).unwrap();
/// assert_eq!(tradedef::study::frame_to_csv(&df).unwrap(), "year,value\n2023,1.5\n2024,\n");
/// ```
#[deprecated(note = "use tradedef::output::frame_to_csv")]
pub fn frame_to_csv(frame: &DataFrame) -> Result<String> {
    crate::output::frame_to_csv(frame)
}
