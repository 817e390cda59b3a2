//! Reading a dataset's CSV against its metadata: every rule is checked, every failure names the
//! file, row, column and value, and nothing is dropped or coerced.

use chrono::NaiveDate;
use polars::prelude::*;
use sha2::{Digest, Sha256};

use super::metadata::{DType, DatasetMeta};
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

/// The distinct values of one key column, numbered in order of appearance, so that a row's key is
/// a few integers instead of copies of its text (hashed with polars' fast hasher). Numbers and dates are numbered by value (so `7`
/// and `07` are the same key), text by its exact characters; an empty cell has its own number.
#[derive(Default)]
struct KeyValues {
    text: PlHashMap<String, u32>,
    numbers: PlHashMap<i64, u32>,
}

impl KeyValues {
    const EMPTY: u32 = u32::MAX;

    fn next_id(&self) -> u32 {
        (self.text.len() + self.numbers.len()) as u32
    }

    fn text(&mut self, s: Option<&str>) -> u32 {
        let Some(s) = s else { return Self::EMPTY };
        if let Some(&id) = self.text.get(s) {
            return id;
        }
        let id = self.next_id();
        self.text.insert(s.to_string(), id);
        id
    }

    fn number(&mut self, x: Option<i64>) -> u32 {
        let Some(x) = x else { return Self::EMPTY };
        let id = self.next_id();
        *self.numbers.entry(x).or_insert(id)
    }
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
    let reason_idx = meta
        .checks
        .missing_reason_column
        .as_ref()
        .and_then(|r| meta.columns.iter().position(|c| &c.name == r));
    let source_idx = meta
        .checks
        .source_column
        .as_ref()
        .and_then(|s| meta.columns.iter().position(|c| &c.name == s));
    let key_idx: Vec<usize> = meta
        .key
        .iter()
        .filter_map(|k| meta.columns.iter().position(|c| &c.name == k))
        .collect();
    // the position of each column in the key, if it is a key column
    let mut key_slot: Vec<Option<usize>> = vec![None; meta.columns.len()];
    for (k, &c) in key_idx.iter().enumerate() {
        key_slot[c].get_or_insert(k);
    }
    let mut key_values: Vec<KeyValues> = key_idx.iter().map(|_| KeyValues::default()).collect();
    let mut row_key: Vec<u32> = vec![KeyValues::EMPTY; key_idx.len()];
    let mut seen_keys: PlHashMap<Vec<u32>, usize> =
        PlHashMap::with_capacity_and_hasher(capacity, Default::default());
    // for the balance check: each row's key without the flow column, and its flow
    let balance = meta.checks.balance.as_ref().map(|b| {
        let group: Vec<usize> = key_idx
            .iter()
            .enumerate()
            .filter(|&(_, &c)| meta.columns[c].name != b.flow_column)
            .map(|(k, _)| k)
            .collect();
        (b, group)
    });
    let mut group_keys: Vec<u32> = Vec::new();
    let mut rows = 0usize;

    let mut record = csv::StringRecord::new();
    loop {
        let row = rows + 1;
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(record_error(&e, at().row(row), "unreadable CSV")),
        }
        rows += 1;
        let reason = reason_idx
            .map(|r| record.get(r).unwrap_or("").trim())
            .unwrap_or("");
        for (j, spec) in meta.columns.iter().enumerate() {
            let raw = record.get(j).unwrap_or("");
            let here = || at().row(row).column(spec.name.clone()).value(raw);
            if raw != raw.trim() {
                return Err(Error::invalid(here(), "leading or trailing spaces"));
            }
            if raw.is_empty() {
                if !spec.nullable {
                    return Err(Error::invalid(
                        here(),
                        "empty cell in a column that may not be empty",
                    ));
                }
                if matches!(spec.dtype, DType::Int | DType::Float)
                    && spec.empty_means.is_none()
                    && reason_idx.is_some()
                    && reason.is_empty()
                {
                    return Err(Error::invalid(
                        here(),
                        format!(
                            "empty number without a reason: say why it is missing in column `{}`",
                            meta.checks
                                .missing_reason_column
                                .as_deref()
                                .unwrap_or_default()
                        ),
                    ));
                }
            }
            match (&mut cells[j], spec.dtype) {
                (Cells::Int(v), _) => {
                    let parsed = if raw.is_empty() {
                        None
                    } else {
                        Some(
                            raw.parse::<i64>()
                                .map_err(|_| number_error(here(), raw, "a whole number"))?,
                        )
                    };
                    if let Some(x) = parsed {
                        check_range(x as f64, spec.min, spec.max, here)?;
                    }
                    if let Some(k) = key_slot[j] {
                        row_key[k] = key_values[k].number(parsed);
                    }
                    v.push(parsed);
                }
                (Cells::Float(v), _) => {
                    let parsed = if raw.is_empty() {
                        None
                    } else {
                        let x = raw
                            .parse::<f64>()
                            .map_err(|_| number_error(here(), raw, "a number"))?;
                        if !x.is_finite() {
                            return Err(Error::invalid(here(), "not a finite number"));
                        }
                        Some(x)
                    };
                    if let Some(x) = parsed {
                        check_range(x, spec.min, spec.max, here)?;
                    }
                    if let Some(k) = key_slot[j] {
                        // by value: 0.0 and -0.0 are one key
                        let bits = parsed.map(|x| (x + 0.0).to_bits() as i64);
                        row_key[k] = key_values[k].number(bits);
                    }
                    v.push(parsed);
                }
                (Cells::Str(v), _) => {
                    if let (Some(allowed), false) = (&spec.allowed, raw.is_empty())
                        && !allowed.iter().any(|a| a == raw)
                    {
                        let what = if spec.name == "unit" {
                            "wrong unit"
                        } else {
                            "value not allowed"
                        };
                        return Err(Error::invalid(
                            here(),
                            format!("{what}: expected one of [{}]", allowed.join(", ")),
                        ));
                    }
                    let cell = (!raw.is_empty()).then_some(raw);
                    if let Some(k) = key_slot[j] {
                        row_key[k] = key_values[k].text(cell);
                    }
                    v.append_option(cell);
                }
                (Cells::Date(v), _) => {
                    let parsed = if raw.is_empty() {
                        None
                    } else {
                        Some(epoch_days(
                            NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| {
                                Error::invalid(here(), "not a date in the form YYYY-MM-DD")
                            })?,
                        ))
                    };
                    if let Some(k) = key_slot[j] {
                        row_key[k] = key_values[k].number(parsed.map(i64::from));
                    }
                    v.push(parsed);
                }
            }
        }
        if let Some(s) = source_idx {
            let id = record.get(s).unwrap_or("");
            if !id.is_empty() && meta.source(id).is_none() {
                return Err(Error::invalid(
                    at().row(row).column(meta.columns[s].name.clone()).value(id),
                    format!(
                        "source id not declared in the sidecar's [[sources]]: declared are [{}]",
                        meta.sources
                            .iter()
                            .map(|s| s.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        }
        if let Some((_, group)) = &balance {
            group_keys.extend(group.iter().map(|&k| row_key[k]));
        }
        if let Some(first) = seen_keys.insert(row_key.clone(), row) {
            let shown: Vec<String> = meta
                .key
                .iter()
                .zip(key_idx.iter().map(|&k| record.get(k).unwrap_or("")))
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            return Err(Error::invalid(
                at().row(row).column(meta.key.join(", ")),
                format!(
                    "duplicate key ({}) first seen at row {first}",
                    shown.join(", ")
                ),
            ));
        }
    }
    if rows == 0 {
        return Err(Error::invalid(at(), "file has a header but no data rows"));
    }
    let frame = to_frame(meta, cells, file)?;
    if let Some((b, group)) = &balance {
        check_balance(&frame, b, &group_keys, group.len(), file)?;
    }
    Ok(frame)
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

fn check_range(
    x: f64,
    min: Option<f64>,
    max: Option<f64>,
    here: impl Fn() -> Location,
) -> Result<()> {
    if let Some(lo) = min
        && x < lo
    {
        return Err(Error::invalid(
            here(),
            format!("implausible value: below the minimum {lo}"),
        ));
    }
    if let Some(hi) = max
        && x > hi
    {
        return Err(Error::invalid(
            here(),
            format!("implausible value: above the maximum {hi}"),
        ));
    }
    Ok(())
}

fn to_frame(meta: &DatasetMeta, cells: Vec<Cells>, file: &str) -> Result<DataFrame> {
    let columns: Vec<Column> = meta
        .columns
        .iter()
        .zip(cells)
        .map(|(spec, cells)| {
            let name = PlSmallStr::from(spec.name.as_str());
            Ok(match cells {
                Cells::Int(v) => Series::new(name, v).into_column(),
                Cells::Float(v) => Series::new(name, v).into_column(),
                Cells::Str(v) => v.finish().into_series().into_column(),
                Cells::Date(days) => Series::new(name, days)
                    .cast(&DataType::Date)
                    .map_err(|e| Error::polars(format!("dates of {file}"), e))?
                    .into_column(),
            })
        })
        .collect::<Result<_>>()?;
    DataFrame::new_infer_height(columns)
        .map_err(|e| Error::polars(format!("building dataset from {file}"), e))
}

/// Checks `balance = exports - imports` in each group of rows that share their key without the
/// flow column: `group_keys` holds, row after row, the `group_len` numbers of those key values.
fn check_balance(
    frame: &DataFrame,
    b: &super::metadata::BalanceCheck,
    group_keys: &[u32],
    group_len: usize,
    file: &str,
) -> Result<()> {
    let flows = frame
        .column(&b.flow_column)
        .and_then(|c| c.str().cloned())
        .map_err(|e| Error::polars(format!("balance check in {file}"), e))?;
    let values = frame
        .column(&b.value_column)
        .and_then(|c| c.f64().cloned())
        .map_err(|e| Error::polars(format!("balance check in {file}"), e))?;
    #[derive(Default)]
    struct Triple {
        exports: Option<f64>,
        imports: Option<f64>,
        balance: Option<(f64, usize)>,
    }
    let mut groups: PlHashMap<&[u32], Triple> = PlHashMap::default();
    let keys = (0..frame.height()).map(|i| &group_keys[i * group_len..(i + 1) * group_len]);
    for (i, ((key, flow), v)) in keys.zip(flows.iter()).zip(values.iter()).enumerate() {
        let (Some(flow), Some(v)) = (flow, v) else {
            continue;
        };
        let t = groups.entry(key).or_default();
        if flow == b.exports {
            t.exports = Some(v);
        } else if flow == b.imports {
            t.imports = Some(v);
        } else if flow == b.balance {
            t.balance = Some((v, i + 1));
        }
    }
    for t in groups.values() {
        if let (Some(x), Some(m), Some((bal, row))) = (t.exports, t.imports, t.balance) {
            let diff = (x - m - bal).abs();
            if diff > b.tolerance + 1e-9 {
                return Err(Error::invalid(
                    Location::file(file)
                        .row(row)
                        .column(b.value_column.clone())
                        .value(format!("{bal}")),
                    format!(
                        "balance is not exports minus imports: {x} - {m} = {:.3}, off by {diff:.3} (tolerance {})",
                        x - m,
                        b.tolerance
                    ),
                ));
            }
        }
    }
    Ok(())
}
