//! Reading a dataset's CSV against its metadata: the header, then every cell into a typed column
//! (trimmed, filled where required, of the column's type), then the rules on whole columns
//! (`rules.rs`). Every failure names the file, row, column and value; nothing is dropped or
//! coerced. A cell that cannot be read is reported unless a rule is broken in an earlier row.

use chrono::NaiveDate;
use polars::prelude::*;
use sha2::{Digest, Sha256};

use super::metadata::{ColumnSpec, DType, DatasetMeta};
use super::rules;
use crate::{Error, Location, Result};

/// Tokens publishers write for a missing figure. In a number column of a curated file they are an
/// error that explains to write an empty cell and the reason in the missing-reason column.
const MISSING_TOKENS: [&str; 9] = ["..", "(D)", "(X)", "(NA)", "(S)", "(Z)", "NA", "N/A", "-"];

/// Bytes as UTF-8 text, or an error at `at` giving the offset of the first bad byte.
pub(crate) fn utf8_text(bytes: &[u8], at: Location) -> Result<&str> {
    std::str::from_utf8(bytes).map_err(|e| {
        Error::invalid(
            at,
            format!(
                "not UTF-8 text (first bad byte at offset {})",
                e.valid_up_to()
            ),
        )
    })
}

/// The lowercase hex SHA-256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A typed, validated column before it becomes a polars Series. Text goes straight into polars'
/// string builder (no `String` per cell); dates are kept as days since 1970-01-01.
enum Cells {
    Int(Vec<Option<i64>>),
    Float(Vec<Option<f64>>),
    Str(StringChunkedBuilder),
    Date(Vec<Option<i32>>),
}

/// The day number (since 1970-01-01) of a date.
fn epoch_days(d: NaiveDate) -> i32 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(d);
    (d - epoch).num_days() as i32
}

/// Whether the checksum is checked: curated data and files with a sidecar are; a user's file read
/// against the embedded schema is not (a newer download has another checksum).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Checksum {
    Verify,
    Skip,
}

/// Parses and validates `bytes` (the CSV named `file`) against `meta`, returning the DataFrame.
pub(crate) fn read_csv(
    bytes: &[u8],
    file: &str,
    meta: &DatasetMeta,
    checksum: Checksum,
) -> Result<DataFrame> {
    read_csv_with(bytes, file, meta, checksum, Rules::Check)
}

/// Parses a curated CSV whose rules were checked when it was imported (and are checked by
/// `tradedef data validate` and the tests): its checksum must match the sidecar's, and every cell
/// is still read into its typed column, but the rules on whole columns (ranges, allowed values,
/// keys, balances) are trusted.
pub(crate) fn read_csv_trusted(bytes: &[u8], file: &str, meta: &DatasetMeta) -> Result<DataFrame> {
    read_csv_with(bytes, file, meta, Checksum::Verify, Rules::Trust)
}

/// Whether the rules on whole columns are run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rules {
    Check,
    Trust,
}

fn read_csv_with(
    bytes: &[u8],
    file: &str,
    meta: &DatasetMeta,
    checksum: Checksum,
    rules: Rules,
) -> Result<DataFrame> {
    let at = || Location::file(file);
    if bytes.is_empty() {
        return Err(Error::invalid(
            at(),
            "file is empty: expected a header row and data rows",
        ));
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Err(Error::invalid(
            at().row(0),
            "file starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 without BOM",
        ));
    }
    if checksum == Checksum::Verify {
        let actual = sha256_hex(bytes);
        if actual != meta.sha256 {
            return Err(Error::invalid(
                at(),
                format!(
                    "checksum mismatch: the sidecar of `{}` records sha256 {} but the file has {}; \
                     the data changed since its metadata was written",
                    meta.id, meta.sha256, actual
                ),
            ));
        }
    }
    let text = utf8_text(bytes, at())?;
    if text.contains('\r') {
        return Err(Error::invalid(
            at(),
            "file has CR (Windows) line endings; curated CSVs use LF",
        ));
    }

    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| Error::invalid(at().row(0), format!("cannot read the header: {e}")))?
        .iter()
        .map(str::to_string)
        .collect();
    let expected: Vec<&str> = meta.columns.iter().map(|c| c.name.as_str()).collect();
    if header.len() == 1 && expected.len() > 1 {
        let h = &header[0];
        if let Some(d) = [';', '\t', '|'].into_iter().find(|d| h.contains(*d)) {
            return Err(Error::invalid(
                at().row(0),
                format!(
                    "header `{h}` is one column: the file seems delimited by {d:?}, expected commas"
                ),
            ));
        }
    }
    if header != expected {
        let missing: Vec<&str> = expected
            .iter()
            .copied()
            .filter(|e| !header.iter().any(|h| h == e))
            .collect();
        let extra: Vec<&str> = header
            .iter()
            .map(String::as_str)
            .filter(|h| !expected.contains(h))
            .collect();
        let detail = if !missing.is_empty() || !extra.is_empty() {
            format!(
                "missing column(s) [{}], unexpected column(s) [{}]",
                missing.join(", "),
                extra.join(", ")
            )
        } else {
            "the columns are in another order".to_string()
        };
        return Err(Error::invalid(
            at().row(0),
            format!(
                "header [{}] does not match dataset `{}`: expected [{}]; {detail}",
                header.join(", "),
                meta.id,
                expected.join(", ")
            ),
        ));
    }

    // a first guess of the number of rows, so the columns grow without copying
    let capacity = text.len() / 96;
    let mut cells: Vec<Cells> = meta
        .columns
        .iter()
        .map(|c| match c.dtype {
            DType::Int => Cells::Int(Vec::with_capacity(capacity)),
            DType::Float => Cells::Float(Vec::with_capacity(capacity)),
            DType::Str => Cells::Str(StringChunkedBuilder::new(
                PlSmallStr::from(c.name.as_str()),
                capacity,
            )),
            DType::Date => Cells::Date(Vec::with_capacity(capacity)),
        })
        .collect();
    let mut rows = 0usize;
    let mut record = csv::StringRecord::new();
    let mut fault = None;
    'rows: loop {
        let row = rows + 1;
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                fault = Some(record_error(&e, at().row(row), "unreadable CSV"));
                break;
            }
        }
        for (j, spec) in meta.columns.iter().enumerate() {
            let raw = record.get(j).unwrap_or("");
            if let Err(e) = read_cell(&mut cells[j], spec, raw, || {
                at().row(row).column(spec.name.clone()).value(raw)
            }) {
                fault = Some(e);
                break 'rows;
            }
        }
        rows += 1;
    }
    // the rows read in full; a faulty row's first cells are left out
    let frame = to_frame(meta, cells, rows, file)?;
    if rules == Rules::Check {
        rules::check_rows(&frame, meta, file, text)?;
    }
    if let Some(fault) = fault {
        return Err(fault);
    }
    if rows == 0 {
        return Err(Error::invalid(at(), "file has a header but no data rows"));
    }
    if let Some(b) = &meta.checks.balance
        && rules == Rules::Check
    {
        rules::check_balance(&frame, meta, b, file)?;
    }
    Ok(frame)
}

/// Reads one cell into its typed column: the cell's text must be trimmed, filled where the
/// column may not be empty, and of the column's type (a finite number, a whole number, a date).
/// The rules on values (ranges, allowed values, reasons) are checked afterwards on whole columns.
fn read_cell(
    cells: &mut Cells,
    spec: &ColumnSpec,
    raw: &str,
    here: impl Fn() -> Location,
) -> Result<()> {
    if raw != raw.trim() {
        return Err(Error::invalid(here(), "leading or trailing spaces"));
    }
    if raw.is_empty() && !spec.nullable {
        return Err(Error::invalid(
            here(),
            "empty cell in a column that may not be empty",
        ));
    }
    let filled = (!raw.is_empty()).then_some(raw);
    match cells {
        Cells::Int(v) => v.push(
            filled
                .map(|raw| {
                    raw.parse::<i64>()
                        .map_err(|_| number_error(here(), raw, "a whole number"))
                })
                .transpose()?,
        ),
        Cells::Float(v) => {
            let x = filled
                .map(|raw| {
                    raw.parse::<f64>()
                        .map_err(|_| number_error(here(), raw, "a number"))
                })
                .transpose()?;
            if x.is_some_and(|x| !x.is_finite()) {
                return Err(Error::invalid(here(), "not a finite number"));
            }
            v.push(x);
        }
        Cells::Str(v) => v.append_option(filled),
        Cells::Date(v) => v.push(
            filled
                .map(|raw| {
                    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                        .map(epoch_days)
                        .map_err(|_| Error::invalid(here(), "not a date in the form YYYY-MM-DD"))
                })
                .transpose()?,
        ),
    }
    Ok(())
}

/// The error for a CSV record the reader could not read, at `location`: a row with another
/// number of fields than the header is called truncated or unquoted; any other failure is
/// `unreadable` followed by the reader's message.
pub(crate) fn record_error(e: &csv::Error, location: Location, unreadable: &str) -> Error {
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!(
            "row has {len} field(s), the header has {expected_len}: the file is truncated or a field is not quoted"
        ),
        _ => format!("{unreadable}: {e}"),
    };
    Error::invalid(location, message)
}

fn number_error(location: Location, raw: &str, expected: &str) -> Error {
    if MISSING_TOKENS.contains(&raw) {
        Error::invalid(
            location,
            format!(
                "`{raw}` is a publisher's mark for a missing figure, not {expected}: write an empty cell \
                 and the reason in the missing-reason column"
            ),
        )
    } else if raw.contains(',') || raw.contains(' ') {
        Error::invalid(
            location,
            format!("text in a number: expected {expected} without thousands separators"),
        )
    } else {
        Error::invalid(location, format!("text in a number: expected {expected}"))
    }
}

/// The typed columns as a DataFrame of their first `rows` rows (a row that failed midway left
/// cells in its first columns).
fn to_frame(meta: &DatasetMeta, cells: Vec<Cells>, rows: usize, file: &str) -> Result<DataFrame> {
    let columns: Vec<Column> = meta
        .columns
        .iter()
        .zip(cells)
        .map(|(spec, cells)| {
            let name = PlSmallStr::from(spec.name.as_str());
            Ok(match cells {
                Cells::Int(mut v) => {
                    v.truncate(rows);
                    Series::new(name, v).into_column()
                }
                Cells::Float(mut v) => {
                    v.truncate(rows);
                    Series::new(name, v).into_column()
                }
                Cells::Str(v) => v.finish().into_series().slice(0, rows).into_column(),
                Cells::Date(mut days) => {
                    days.truncate(rows);
                    Series::new(name, days)
                        .cast(&DataType::Date)
                        .map_err(|e| Error::polars(format!("dates of {file}"), e))?
                        .into_column()
                }
            })
        })
        .collect::<Result<_>>()?;
    DataFrame::new_infer_height(columns)
        .map_err(|e| Error::polars(format!("building dataset from {file}"), e))
}
