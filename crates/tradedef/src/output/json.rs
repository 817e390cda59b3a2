//! The one JSON writer for published figures: pretty JSON whose floating-point numbers are
//! rounded to [`JSON_SIGNIFICANT_DIGITS`] significant digits, so a figure computed by
//! arithmetic (`29.42379999999999`) is written as the figure it is (`29.4238`), while every value
//! read from a file (`-68012.7`, `0.02`) keeps all its digits. Keys stay in the order the
//! serialized type declares them.

use std::io;

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

use super::csv::round_significant;

/// The significant digits of every float [`to_json_pretty`] writes: a measured figure keeps 12
/// (far beyond any claim's precision) and loses only arithmetic's binary noise, which lies in
/// the 16th and 17th.
pub const JSON_SIGNIFICANT_DIGITS: usize = 12;

/// `value` as pretty JSON (two-space indents, like `serde_json::to_string_pretty`), every float
/// rounded to [`JSON_SIGNIFICANT_DIGITS`] significant digits; integers, text and key order as
/// serde writes them.
///
/// ```
/// #[derive(serde::Serialize)]
/// struct Check { measured: f64, year: i64, claimed: f64 }
/// let json = tradedef::output::to_json_pretty(&Check {
///     measured: 29.42379999999999, year: 2022, claimed: 0.1 + 0.2,
/// }).unwrap();
/// assert_eq!(json, "{\n  \"measured\": 29.4238,\n  \"year\": 2022,\n  \"claimed\": 0.3\n}");
/// ```
pub fn to_json_pretty<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::with_capacity(1024);
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, Rounded::default());
    value.serialize(&mut serializer)?;
    // serde_json writes UTF-8 only
    String::from_utf8(out).map_err(|e| serde_json::Error::io(io::Error::other(e)))
}

/// serde_json's pretty formatter, with floats rounded.
#[derive(Default)]
struct Rounded<'a> {
    pretty: PrettyFormatter<'a>,
}

impl Formatter for Rounded<'_> {
    fn write_f64<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        CompactFormatter.write_f64(writer, round_significant(value, JSON_SIGNIFICANT_DIGITS))
    }

    fn write_f32<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f32) -> io::Result<()> {
        self.write_f64(writer, f64::from(value))
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.begin_array(writer)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.pretty.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.begin_object(writer)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.pretty.begin_object_key(writer, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.pretty.end_object_value(writer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_layout_as_serde_json_pretty_without_the_noise() {
        let value = serde_json::json!({
            "a": [1, 2.5, {"b": null, "c": []}],
            "d": {},
            "e": "text \"quoted\" <b>",
            "f": -68012.7,
        });
        assert_eq!(
            to_json_pretty(&value).unwrap(),
            serde_json::to_string_pretty(&value).unwrap()
        );
        let noisy = serde_json::json!({"x": 29.42379999999999, "y": [0.1 + 0.2, 1e-300]});
        assert_eq!(
            to_json_pretty(&noisy).unwrap(),
            "{\n  \"x\": 29.4238,\n  \"y\": [\n    0.3,\n    1e-300\n  ]\n}"
        );
        // every finite value reads back within 12 significant digits
        for x in [1.0 / 3.0, -2.0 / 7.0, 123456789.12345679, f64::MAX] {
            let back: f64 = to_json_pretty(&x).unwrap().parse().unwrap();
            assert!((back - x).abs() <= x.abs() * 1e-11, "{x} → {back}");
        }
    }
}
