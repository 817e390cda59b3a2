//! Reading a dataset's CSV against its metadata: every rule is checked, every failure names the
//! file, row, column and value, and nothing is dropped or coerced.

use polars::prelude::*;
use sha2::{Digest, Sha256};

use super::metadata::DatasetMeta;
use super::validate::validate;
use crate::{Error, Location, Result};

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

/// Whether the checksum is checked: curated data and files with a sidecar are; a user's file read
/// against the embedded schema is not (a newer download has another checksum).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Checksum {
    Verify,
    Skip,
}

/// Parses and validates `bytes` (the CSV named `file`) against `meta`, returning the DataFrame.
///
/// The CSV is first split into text columns (one pass of the `csv` reader, which reports a ragged
/// or unreadable row where it meets it); every other rule is then checked on whole columns with
/// polars expressions (see [`validate`]).
pub(crate) fn read_csv(
    bytes: &[u8],
    file: &str,
    meta: &DatasetMeta,
    checksum: Checksum,
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

    let raw = tokenize(&mut reader, meta, file)?;
    validate(raw, meta, file)
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

/// Splits the records of `reader` into one text column per declared column (an empty cell is
/// the empty string), in file order. The header has been checked: every record has its width, or
/// the reader's error names the row.
fn tokenize(reader: &mut csv::Reader<&[u8]>, meta: &DatasetMeta, file: &str) -> Result<DataFrame> {
    // a first guess of the number of rows, so the columns grow without copying
    let capacity = reader.get_ref().len() / 96;
    let mut columns: Vec<StringChunkedBuilder> = meta
        .columns
        .iter()
        .map(|c| StringChunkedBuilder::new(PlSmallStr::from(c.name.as_str()), capacity))
        .collect();
    let mut record = csv::ByteRecord::new();
    let mut rows = 0usize;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                return Err(record_error(
                    &e,
                    Location::file(file).row(rows + 1),
                    "unreadable CSV",
                ));
            }
        }
        rows += 1;
        for (builder, cell) in columns.iter_mut().zip(record.iter()) {
            // the whole text is UTF-8 and the reader splits at ASCII bytes only
            builder.append_value(std::str::from_utf8(cell).unwrap_or_default());
        }
    }
    if rows == 0 {
        return Err(Error::invalid(
            Location::file(file),
            "file has a header but no data rows",
        ));
    }
    DataFrame::new_infer_height(
        columns
            .into_iter()
            .map(|b| b.finish().into_series().into_column())
            .collect(),
    )
    .map_err(|e| Error::polars(format!("reading {file}"), e))
}
