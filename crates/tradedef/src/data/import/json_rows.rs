//! A JSON file holding one array of row objects (the shape of the pipeline outputs of the
//! project `corbett-hobbs/congress-ideology`: `trade_national.json`, `countries.json`,
//! `duties_by_country/YYYY.json`), and the fields of a row, with errors that name the file, the
//! entry (1-based, shown as the row), the field and the value.

use std::path::Path;

use serde_json::{Map, Number, Value};

use crate::data::storage::{MAX_CSV_BYTES, read_bounded};
use crate::data::table::utf8_text;
use crate::{Error, Location, Result};

/// The row objects of a JSON array file.
pub(crate) struct JsonRows {
    /// The file as shown in messages.
    pub(crate) file: String,
    rows: Vec<Map<String, Value>>,
}

/// Reads `path` as a JSON array of objects; `what` names the expected file in messages (e.g.
/// "trade_national.json of corbett-hobbs/congress-ideology").
pub(crate) fn read(path: &Path, what: &str) -> Result<JsonRows> {
    let file = path.display().to_string();
    let bytes = read_bounded(path, MAX_CSV_BYTES)?;
    parse(&bytes, &file, what)
}

/// Parses the bytes of a JSON array of objects (see [`read`]).
pub(crate) fn parse(bytes: &[u8], file: &str, what: &str) -> Result<JsonRows> {
    let at = || Location::file(file);
    let text = utf8_text(bytes, at())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value = serde_json::from_str(text).map_err(|e| {
        Error::invalid(
            at(),
            format!(
                "malformed JSON at line {} column {}: {e} (expected {what})",
                e.line(),
                e.column()
            ),
        )
    })?;
    let Value::Array(items) = value else {
        return Err(Error::invalid(
            at(),
            format!("expected a JSON array of row objects ({what})"),
        ));
    };
    let rows = items
        .into_iter()
        .enumerate()
        .map(|(i, item)| match item {
            Value::Object(map) => Ok(map),
            other => Err(Error::invalid(
                at().row(i + 1).value(short(&other)),
                format!("entry {} is not an object ({what})", i + 1),
            )),
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(JsonRows {
        file: file.to_string(),
        rows,
    })
}

impl JsonRows {
    /// The rows, each with its 1-based entry number.
    pub(crate) fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.rows.iter().enumerate().map(|(i, map)| Row {
            file: &self.file,
            entry: i + 1,
            map,
        })
    }
}

/// A value shortened for an error message.
fn short(v: &Value) -> String {
    let s = v.to_string();
    match s.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s,
    }
}

/// One row object of a [`JsonRows`] file.
#[derive(Clone, Copy)]
pub(crate) struct Row<'a> {
    file: &'a str,
    /// The 1-based entry number in the array.
    pub(crate) entry: usize,
    map: &'a Map<String, Value>,
}

impl<'a> Row<'a> {
    /// The location of a field of this row, with its value when present.
    pub(crate) fn at(&self, field: &str) -> Location {
        let loc = Location::file(self.file).row(self.entry).column(field);
        match self.map.get(field) {
            Some(v) => loc.value(short(v)),
            None => loc,
        }
    }

    fn field(&self, field: &str) -> Result<&'a Value> {
        self.map.get(field).ok_or_else(|| {
            Error::invalid(
                self.at(field),
                format!("entry {} has no field `{field}`", self.entry),
            )
        })
    }

    /// A field that must be a string.
    pub(crate) fn text(&self, field: &str) -> Result<&'a str> {
        match self.field(field)? {
            Value::String(s) => Ok(s),
            _ => Err(Error::invalid(self.at(field), "expected a string")),
        }
    }

    /// A field that is a string or `null`.
    pub(crate) fn text_or_null(&self, field: &str) -> Result<Option<&'a str>> {
        match self.field(field)? {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(s)),
            _ => Err(Error::invalid(self.at(field), "expected a string or null")),
        }
    }

    /// A field that must be a whole number.
    pub(crate) fn int(&self, field: &str) -> Result<i64> {
        self.field(field)?
            .as_i64()
            .ok_or_else(|| Error::invalid(self.at(field), "expected a whole number"))
    }

    /// A field that is a finite number or `null` (`None`).
    pub(crate) fn number(&self, field: &str) -> Result<Option<&'a Number>> {
        number_or_null(self.field(field)?, || self.at(field))
    }

    /// A field that must be an array of `len` numbers or `null`s.
    pub(crate) fn numbers(&self, field: &str, len: usize) -> Result<Vec<Option<&'a Number>>> {
        let Value::Array(items) = self.field(field)? else {
            return Err(Error::invalid(
                self.at(field),
                format!("expected an array of {len} numbers or nulls"),
            ));
        };
        if items.len() != len {
            return Err(Error::invalid(
                self.at(field),
                format!(
                    "expected an array of {len} numbers or nulls, found {}",
                    items.len()
                ),
            ));
        }
        items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                number_or_null(v, || {
                    Location::file(self.file)
                        .row(self.entry)
                        .column(format!("{field}[{i}]"))
                        .value(short(v))
                })
            })
            .collect()
    }
}

fn number_or_null(v: &Value, at: impl Fn() -> Location) -> Result<Option<&Number>> {
    match v {
        Value::Null => Ok(None),
        Value::Number(n) if n.as_f64().is_some_and(f64::is_finite) => Ok(Some(n)),
        _ => Err(Error::invalid(at(), "expected a number or null")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_entry_and_field() {
        let err = |json: &str| {
            parse(json.as_bytes(), "x.json", "a test file")
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert!(err("{\"a\": 1}").contains("expected a JSON array"));
        assert!(err("[1, 2").contains("malformed JSON at line 1"));
        assert!(err("[{}, 3]").contains("entry 2 is not an object"));
        let rows = parse(br#"[{"a": "x", "b": [1, "y"], "c": null}]"#, "x.json", "t").unwrap();
        let row = rows.rows().next().unwrap();
        let e = row.int("a").unwrap_err().to_string();
        assert!(
            e.contains("x.json, row 1, column `a`, value `\"x\"`"),
            "{e}"
        );
        let e = row.numbers("b", 2).unwrap_err().to_string();
        assert!(e.contains("column `b[1]`"), "{e}");
        assert!(
            row.numbers("b", 3)
                .unwrap_err()
                .to_string()
                .contains("found 2")
        );
        assert!(
            row.text("z")
                .unwrap_err()
                .to_string()
                .contains("no field `z`")
        );
        assert_eq!(row.number("c").unwrap(), None);
        assert_eq!(row.text_or_null("c").unwrap(), None);
        assert_eq!(rows.rows().count(), 1);
    }
}
