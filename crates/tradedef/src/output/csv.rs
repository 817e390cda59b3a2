//! The one CSV writer: the report's tables, [`crate::analysis::Table::to_csv`] and the claims
//! CSV all write through it, deterministically (what a graphics desk imports).
//!
//! The rules: a header row, then one line per row, each ended by `\n`; a field is quoted (`"`,
//! with inner quotes doubled) when it holds a comma, a quote or a line break, and a record of a
//! single empty field is written `""` so the line is not blank; numbers in Rust's shortest
//! form that reads back as the same `f64` (`{}`: `0.1`, `2022`, `-68253.2`); missing values as
//! empty cells; dates as `YYYY-MM-DD`.
//!
//! A figure computed by arithmetic (a measured claim, a difference, a ratio) carries binary
//! noise (`29.42379999999999`); a writer that publishes one rounds it first with
//! [`round_significant`] and says to how many digits (the claims CSV: 6 significant digits).

use polars::prelude::{AnyValue, DataFrame};

use crate::{Error, Result};

/// CSV text, built record by record.
///
/// ```
/// use tradedef::output::CsvText;
/// let mut w = CsvText::new(["partner", "value"]);
/// w.record(["Korea, South", "1.5"]);
/// w.record(["say \"hi\"", ""]);
/// assert_eq!(w.finish(), "partner,value\n\"Korea, South\",1.5\n\"say \"\"hi\"\"\",\n");
/// ```
#[derive(Debug, Clone, Default)]
pub struct CsvText {
    text: String,
}

impl CsvText {
    /// A writer whose first line is `header`.
    pub fn new<S: AsRef<str>>(header: impl IntoIterator<Item = S>) -> Self {
        let mut w = CsvText::default();
        w.record(header);
        w
    }

    /// Appends one record.
    pub fn record<S: AsRef<str>>(&mut self, fields: impl IntoIterator<Item = S>) {
        let mut count = 0;
        let mut only_empty = true;
        for f in fields {
            let f = f.as_ref();
            if count > 0 {
                self.text.push(',');
            }
            push_field(&mut self.text, f);
            only_empty &= f.is_empty();
            count += 1;
        }
        if count == 1 && only_empty {
            self.text.push_str("\"\"");
        }
        self.text.push('\n');
    }

    /// The CSV text.
    pub fn finish(self) -> String {
        self.text
    }
}

fn push_field(out: &mut String, field: &str) {
    if field.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

/// A number as written in CSV: the shortest text that reads back as the same `f64`.
///
/// ```
/// assert_eq!(tradedef::output::csv_number(0.1 + 0.2), "0.30000000000000004");
/// assert_eq!(tradedef::output::csv_number(2022.0), "2022");
/// ```
pub fn csv_number(x: f64) -> String {
    format!("{x}")
}

/// `x` rounded to `digits` significant digits (1 to 17), as the nearest `f64`, so that
/// [`csv_number`] writes it without binary noise; non-finite values and zero unchanged.
///
/// ```
/// use tradedef::output::{csv_number, round_significant};
/// assert_eq!(csv_number(round_significant(29.42379999999999, 6)), "29.4238");
/// assert_eq!(csv_number(round_significant(-0.014492753623188406, 6)), "-0.0144928");
/// assert_eq!(csv_number(round_significant(68253.2, 6)), "68253.2");
/// ```
pub fn round_significant(x: f64, digits: usize) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    let digits = digits.clamp(1, 17);
    // The decimal text of the rounded value parses to the f64 nearest to it.
    format!("{:.*e}", digits - 1, x).parse().unwrap_or(x)
}

/// A cell of a DataFrame as CSV text (before quoting): empty for null, numbers as
/// [`csv_number`] (integers as integers), text as it is, dates and other types as polars
/// writes them (`2024-01-31`).
pub fn csv_cell(value: &AnyValue) -> String {
    match value {
        AnyValue::Null => String::new(),
        AnyValue::String(s) => s.to_string(),
        AnyValue::StringOwned(s) => s.to_string(),
        AnyValue::Float64(x) => csv_number(*x),
        AnyValue::Float32(x) => format!("{x}"),
        AnyValue::Int64(x) => x.to_string(),
        AnyValue::Int32(x) => x.to_string(),
        AnyValue::Int16(x) => x.to_string(),
        AnyValue::Int8(x) => x.to_string(),
        AnyValue::UInt64(x) => x.to_string(),
        AnyValue::UInt32(x) => x.to_string(),
        AnyValue::UInt16(x) => x.to_string(),
        AnyValue::UInt8(x) => x.to_string(),
        AnyValue::Boolean(b) => b.to_string(),
        other => other.to_string().trim_matches('"').to_string(),
    }
}

/// A DataFrame as CSV: the column names, then one line per row ([`csv_cell`] for each cell).
///
/// ```
/// use tradedef::prelude::*;
/// let df = df!("year" => [2023i64, 2024], "value" => [Some(1.5), None]).unwrap();
/// assert_eq!(tradedef::output::frame_to_csv(&df).unwrap(), "year,value\n2023,1.5\n2024,\n");
/// ```
pub fn frame_to_csv(frame: &DataFrame) -> Result<String> {
    let mut w = CsvText::new(frame.get_column_names().iter().map(|s| s.as_str()));
    let mut record: Vec<String> = Vec::with_capacity(frame.width());
    for i in 0..frame.height() {
        record.clear();
        for c in frame.columns() {
            let v = c.get(i).map_err(|e| {
                Error::polars(format!("writing CSV: row {i}, column `{}`", c.name()), e)
            })?;
            record.push(csv_cell(&v));
        }
        w.record(&record);
    }
    Ok(w.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::*;

    #[test]
    fn floats_round_trip() {
        for x in [
            0.1,
            1.0 / 3.0,
            -68253.2,
            1e-300,
            123456789.123,
            29.42379999999999,
            f64::MAX,
            f64::MIN_POSITIVE,
        ] {
            let text = csv_number(x);
            assert_eq!(text.parse::<f64>().unwrap(), x, "{text}");
        }
        assert_eq!(csv_number(2022.0), "2022");
        let df = df!("v" => [0.1 + 0.2, -1.0 / 3.0]).unwrap();
        let csv = frame_to_csv(&df).unwrap();
        let back: Vec<f64> = csv.lines().skip(1).map(|l| l.parse().unwrap()).collect();
        assert_eq!(back, [0.1 + 0.2, -1.0 / 3.0]);
    }

    #[test]
    fn rounding_removes_binary_noise_only() {
        assert_eq!(
            csv_number(round_significant(29.42379999999999, 6)),
            "29.4238"
        );
        assert_eq!(
            csv_number(round_significant(78.42686456546991, 6)),
            "78.4269"
        );
        assert_eq!(csv_number(round_significant(-3.0, 6)), "-3");
        assert_eq!(csv_number(round_significant(1234567.0, 6)), "1234570");
        assert!(round_significant(f64::NAN, 6).is_nan());
        assert_eq!(round_significant(0.0, 6), 0.0);
    }

    #[test]
    fn quoting() {
        let mut w = CsvText::new(["a,b", "c"]);
        w.record(["line\nbreak", "carriage\rreturn"]);
        w.record(["\"quoted\"", "plain"]);
        assert_eq!(
            w.finish(),
            "\"a,b\",c\n\"line\nbreak\",\"carriage\rreturn\"\n\"\"\"quoted\"\"\",plain\n"
        );
        let mut one = CsvText::new(["only"]);
        one.record([""]);
        assert_eq!(one.finish(), "only\n\"\"\n");
    }

    #[test]
    fn the_csv_crate_reads_back_what_was_written() {
        let df = df!(
            "partner" => ["Korea, South", "say \"hi\"", "multi\nline"],
            "value" => [Some(-1.5), None, Some(0.1 + 0.2)],
            "year" => [2023i64, 2024, 2025],
        )
        .unwrap();
        let text = frame_to_csv(&df).unwrap();
        let mut r = ::csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<Vec<String>> = r
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        assert_eq!(rows[0], ["Korea, South", "-1.5", "2023"]);
        assert_eq!(rows[1], ["say \"hi\"", "", "2024"]);
        assert_eq!(rows[2][0], "multi\nline");
        assert_eq!(rows[2][1].parse::<f64>().unwrap(), 0.1 + 0.2);
    }

    #[test]
    fn dates_and_nulls() {
        let dates = Column::new("d".into(), [Some(19723i32), None])
            .cast(&DataType::Date)
            .unwrap();
        let df = DataFrame::new(2, vec![dates]).unwrap();
        // a record of one empty field is `""`, not a blank line
        assert_eq!(frame_to_csv(&df).unwrap(), "d\n2024-01-01\n\"\"\n");
    }
}
