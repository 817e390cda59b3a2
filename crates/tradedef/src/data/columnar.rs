//! The columnar copy of a dataset: its validated rows as an Arrow IPC file, written once per
//! machine from the CSV (see [`super::cache`]) and read instead of parsing the CSV again.
//!
//! The file holds one record batch per *group*: with a scan key (a column named by the
//! sidecar's `scan_key`, such as `partner_code`), one group per value of that column, so a
//! question about one partner reads that partner's batch alone; without one, groups of
//! [`ROWS_PER_GROUP`] rows in the CSV's order. A grouped file carries the CSV row number of
//! each row in a hidden column ([`ROW`]), so that any set of groups is returned in the CSV's
//! order, exactly as the CSV reader would have returned it.
//!
//! The footer records, as JSON under the key `tradedef`, the dataset id, the SHA-256 of the CSV
//! the file was made from, and each group's key, row count and the CRC-32 of its bytes in the
//! file (the CSV's SHA-256 is checked when the copy is made; the CRC guards the copy against
//! damage since, at about 10 GB/s where SHA-256 takes 90 ms for the largest copy). A read checks the id and the CSV checksum against the sidecar, the schema against the
//! sidecar's columns, and the checksum of every group it reads: a stale, foreign or damaged
//! file is an error, never a silently different table.

use std::cell::RefCell;
use std::fs::File;
use std::io::{Cursor, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use polars::prelude::*;
use polars_arrow::io::ipc::read::{Dictionaries, FileMetadata, read_batch, read_file_metadata};
use polars_arrow::io::ipc::write::{FileWriter, WriteOptions};
use serde::{Deserialize, Serialize};

use super::metadata::{DType, DatasetMeta};
use crate::{Error, Location, Result};

/// The format written in the footer; a file of another format is rebuilt, not read.
const FORMAT: &str = "tradedef-columnar-2";

/// The footer key of the file's description.
const FOOTER_KEY: &str = "tradedef";

/// The hidden column of a grouped file: the row's number in the CSV (0-based).
pub(crate) const ROW: &str = "__tradedef_row";

/// The rows per group of a file without a scan key.
pub(crate) const ROWS_PER_GROUP: usize = 65_536;

/// One record batch of the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Group {
    /// The scan key's value in every row of the group (`None`: no scan key, or an empty cell).
    pub key: Option<String>,
    /// The rows.
    pub rows: usize,
    /// The CRC-32 of the batch's bytes in the file.
    crc32: u32,
}

/// What the footer says of the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Footer {
    format: String,
    dataset: String,
    csv_sha256: String,
    scan_key: Option<String>,
    groups: Vec<Group>,
}

/// An open columnar file: its footer read and checked against the dataset's sidecar.
#[derive(Debug)]
pub(crate) struct Columnar {
    path: PathBuf,
    arrow: FileMetadata,
    footer: Footer,
    /// The dataset's columns as polars types (without the hidden row column).
    schema: SchemaRef,
    /// Each group's position in the file: offset and length of its bytes.
    blocks: Vec<(u64, usize)>,
}

/// The polars type of a column type.
pub(crate) fn polars_dtype(d: DType) -> DataType {
    match d {
        DType::Int => DataType::Int64,
        DType::Float => DataType::Float64,
        DType::Str => DataType::String,
        DType::Date => DataType::Date,
    }
}

/// The positions that put a frame's rows in the order of their CSV row numbers ([`ROW`]).
fn csv_order(frame: &DataFrame) -> PolarsResult<IdxCa> {
    let rows = frame.column(ROW)?.u32()?;
    let n = frame.height();
    let mut order: Vec<IdxSize> = vec![0; n];
    // every row of the dataset (row numbers 0..n): each row's place is its number
    let dense = rows.null_count() == 0 && rows.iter().flatten().all(|r| (r as usize) < n);
    let mut placed = vec![false; if dense { n } else { 0 }];
    let mut is_permutation = dense;
    if dense {
        for (pos, r) in rows.iter().flatten().enumerate() {
            let r = r as usize;
            is_permutation &= !placed[r];
            placed[r] = true;
            order[r] = pos as IdxSize;
        }
    }
    if !is_permutation {
        let mut pairs: Vec<(u32, IdxSize)> = rows
            .iter()
            .enumerate()
            .map(|(pos, r)| (r.unwrap_or(u32::MAX), pos as IdxSize))
            .collect();
        pairs.sort_unstable();
        order = pairs.into_iter().map(|(_, pos)| pos).collect();
    }
    Ok(IdxCa::from_vec("order".into(), order))
}

/// The dataset's columns as a polars schema, in the sidecar's order.
pub(crate) fn schema_of(meta: &DatasetMeta) -> Schema {
    meta.columns
        .iter()
        .map(|c| Field::new(c.name.as_str().into(), polars_dtype(c.dtype)))
        .collect()
}

fn polars_error(path: &Path, what: &str, e: PolarsError) -> Error {
    Error::invalid(
        Location::file(path.display().to_string()),
        format!("{what}: {e}"),
    )
}

/// A writer into a buffer the caller shares, so each batch's bytes can be hashed before the
/// footer that records the hashes is written.
struct Shared(Rc<RefCell<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The bytes of the columnar file of `frame`, the validated rows of dataset `meta` read from a
/// CSV whose SHA-256 is `csv_sha256`.
pub(crate) fn encode(frame: &DataFrame, meta: &DatasetMeta, csv_sha256: &str) -> Result<Vec<u8>> {
    let what = format!("columnar copy of `{}`", meta.id);
    let fail = |e: PolarsError| Error::polars(what.clone(), e);
    let key = meta.scan_key.as_deref();
    // the frame to write, and the groups as (key, offset, length) over it
    let (frame, slices): (DataFrame, Vec<(Option<String>, usize, usize)>) = match key {
        Some(key) => {
            let n = frame.height();
            let rows = UInt32Chunked::from_iter_values(ROW.into(), 0..n as u32).into_series();
            let mut with_row = frame.clone();
            with_row.with_column(rows.into_column()).map_err(fail)?;
            let sorted = with_row
                .lazy()
                .sort(
                    [key],
                    SortMultipleOptions::default()
                        .with_maintain_order(true)
                        .with_nulls_last(true),
                )
                .collect()
                .map_err(fail)?;
            let keys = sorted
                .column(key)
                .map_err(fail)?
                .str()
                .map_err(fail)?
                .clone();
            let mut slices: Vec<(Option<String>, usize, usize)> = Vec::new();
            for (i, k) in keys.iter().enumerate() {
                match slices.last_mut() {
                    Some((last, _, len)) if last.as_deref() == k => *len += 1,
                    _ => slices.push((k.map(str::to_string), i, 1)),
                }
            }
            (sorted, slices)
        }
        None => {
            let n = frame.height();
            let slices = (0..n)
                .step_by(ROWS_PER_GROUP)
                .map(|start| (None, start, ROWS_PER_GROUP.min(n - start)))
                .collect();
            (frame.clone(), slices)
        }
    };
    let arrow_schema = Arc::new(frame.schema().to_arrow(CompatLevel::newest()));
    let bytes = Rc::new(RefCell::new(Vec::new()));
    let mut writer = FileWriter::try_new(
        Shared(Rc::clone(&bytes)),
        arrow_schema,
        None,
        WriteOptions { compression: None },
    )
    .map_err(fail)?;
    let mut groups = Vec::with_capacity(slices.len());
    let mut ranges = Vec::with_capacity(slices.len());
    for (key, offset, len) in slices {
        let mut part = frame.slice(offset as i64, len);
        part.rechunk_mut();
        let start = bytes.borrow().len();
        for batch in part.iter_chunks(CompatLevel::newest(), false) {
            writer.write(&batch, None).map_err(fail)?;
        }
        let end = bytes.borrow().len();
        ranges.push((start, end));
        groups.push(Group {
            key,
            rows: len,
            crc32: 0,
        });
    }
    // the footer is written by `finish`; the batches' bytes are final before it
    for (g, (start, end)) in groups.iter_mut().zip(&ranges) {
        g.crc32 = crc32fast::hash(&bytes.borrow()[*start..*end]);
    }
    let footer = Footer {
        format: FORMAT.to_string(),
        dataset: meta.id.clone(),
        csv_sha256: csv_sha256.to_string(),
        scan_key: key.map(str::to_string),
        groups,
    };
    let json =
        serde_json::to_string(&footer).map_err(|e| Error::argument(what.clone(), e.to_string()))?;
    writer.set_custom_metadata(vec![(FOOTER_KEY.to_string(), json)]);
    writer.finish().map_err(fail)?;
    drop(writer);
    Ok(bytes.take())
}

impl Columnar {
    /// Opens the columnar file at `path` of dataset `meta`: reads its footer and checks that it
    /// was made from the CSV the sidecar vouches for, with the sidecar's columns.
    pub(crate) fn open(path: &Path, meta: &DatasetMeta) -> Result<Columnar> {
        let shown = || Location::file(path.display().to_string());
        let mut file = File::open(path).map_err(|e| Error::io(path, e))?;
        let arrow = read_file_metadata(&mut file)
            .map_err(|e| polars_error(path, "not an Arrow IPC file", e))?;
        let json = arrow
            .custom_metadata
            .as_ref()
            .and_then(|m| m.get(FOOTER_KEY))
            .ok_or_else(|| Error::invalid(shown(), "no tradedef footer: not a columnar copy"))?;
        let footer: Footer = serde_json::from_str(json)
            .map_err(|e| Error::invalid(shown(), format!("unreadable tradedef footer: {e}")))?;
        if footer.format != FORMAT {
            return Err(Error::invalid(
                shown().value(&footer.format),
                format!("columnar format is not {FORMAT}"),
            ));
        }
        if footer.dataset != meta.id || footer.csv_sha256 != meta.sha256 {
            return Err(Error::invalid(
                shown(),
                format!(
                    "made from dataset `{}` with CSV sha256 {}, not from `{}` with sha256 {}: the copy is stale",
                    footer.dataset, footer.csv_sha256, meta.id, meta.sha256
                ),
            ));
        }
        if footer.scan_key != meta.scan_key {
            return Err(Error::invalid(
                shown(),
                format!(
                    "grouped by {:?}, but the sidecar's scan key is {:?}",
                    footer.scan_key, meta.scan_key
                ),
            ));
        }
        let schema = schema_of(meta);
        let mut expected = schema.clone();
        if footer.scan_key.is_some() {
            expected.with_column(ROW.into(), DataType::UInt32);
        }
        let expected = expected.to_arrow(CompatLevel::newest());
        let same = expected.len() == arrow.schema.len()
            && expected
                .iter_values()
                .zip(arrow.schema.iter_values())
                .all(|(a, b)| a.name == b.name && a.dtype == b.dtype);
        if !same {
            return Err(Error::invalid(
                shown(),
                format!(
                    "its columns differ from the sidecar's of `{}` ({})",
                    meta.id,
                    meta.columns
                        .iter()
                        .map(|c| c.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        if footer.groups.len() != arrow.blocks.len() {
            return Err(Error::invalid(
                shown(),
                format!(
                    "the footer describes {} groups but the file holds {} batches",
                    footer.groups.len(),
                    arrow.blocks.len()
                ),
            ));
        }
        let mut blocks = Vec::with_capacity(arrow.blocks.len());
        for b in &arrow.blocks {
            let offset = u64::try_from(b.offset).ok();
            let len = usize::try_from(i64::from(b.meta_data_length) + b.body_length).ok();
            match (offset, len) {
                (Some(o), Some(l)) if o + l as u64 <= arrow.size => blocks.push((o, l)),
                _ => return Err(Error::invalid(shown(), "a batch lies outside the file")),
            }
        }
        Ok(Columnar {
            path: path.to_path_buf(),
            arrow,
            footer,
            schema: Arc::new(schema),
            blocks,
        })
    }

    /// The dataset's columns (without the hidden row column).
    pub(crate) fn schema(&self) -> &SchemaRef {
        &self.schema
    }

    /// The groups, in file order.
    pub(crate) fn groups(&self) -> &[Group] {
        &self.footer.groups
    }

    /// The scan key, if the file is grouped by one.
    pub(crate) fn scan_key(&self) -> Option<&str> {
        self.footer.scan_key.as_deref()
    }

    /// The rows of the groups `which` (indices into [`Columnar::groups`]; `None`: all), of the
    /// columns `columns` (`None`: all), in the CSV's order.
    pub(crate) fn read(
        &self,
        which: Option<&[usize]>,
        columns: Option<&[PlSmallStr]>,
    ) -> Result<DataFrame> {
        self.read_where(which, columns, None)
    }

    /// [`Columnar::read`], keeping only the rows that pass `filter` (which may read only the
    /// columns read). The filter runs on every [`ROWS_PER_GROUP`] rows read, so a query that
    /// keeps few rows of many groups never holds them all.
    pub(crate) fn read_where(
        &self,
        which: Option<&[usize]>,
        columns: Option<&[PlSmallStr]>,
        filter: Option<&Expr>,
    ) -> Result<DataFrame> {
        let all: Vec<usize>;
        let which = match which {
            Some(w) => w,
            None => {
                all = (0..self.blocks.len()).collect();
                &all
            }
        };
        let grouped = self.footer.scan_key.is_some();
        // the file's column positions to read: those asked for, plus the row numbers
        let projection: Option<Vec<usize>> = columns.map(|cols| {
            let mut p: Vec<usize> = self
                .arrow
                .schema
                .iter_values()
                .enumerate()
                .filter(|(_, f)| cols.contains(&f.name) || (grouped && f.name == ROW))
                .map(|(i, _)| i)
                .collect();
            p.sort_unstable();
            p
        });
        let mut file = File::open(&self.path).map_err(|e| Error::io(&self.path, e))?;
        let shown = || Location::file(self.path.display().to_string());
        // the groups read since the last filter, and the filtered parts
        let (mut pending, mut pending_rows, mut parts) = (Vec::new(), 0usize, Vec::new());
        let (mut bytes, mut message, mut data) = (Vec::new(), Vec::new(), Vec::new());
        let dictionaries = Dictionaries::default();
        for &i in which {
            let (Some(&(offset, len)), Some(group)) =
                (self.blocks.get(i), self.footer.groups.get(i))
            else {
                return Err(Error::argument(
                    format!("reading {}", self.path.display()),
                    format!("no group {i}"),
                ));
            };
            bytes.clear();
            bytes.resize(len, 0);
            file.seek(SeekFrom::Start(offset))
                .and_then(|_| file.read_exact(&mut bytes))
                .map_err(|e| Error::io(&self.path, e))?;
            if crc32fast::hash(&bytes) != group.crc32 {
                return Err(Error::invalid(
                    shown().row(i),
                    format!(
                        "checksum mismatch in group {i} ({:?}): the file is damaged",
                        group.key
                    ),
                ));
            }
            let batch = read_batch(
                &mut Cursor::new(&bytes[..]),
                &dictionaries,
                &self.arrow,
                projection.as_deref(),
                None,
                i,
                true,
                &mut message,
                &mut data,
                Default::default(),
            )
            .map_err(|e| polars_error(&self.path, "unreadable batch", e))?;
            if batch.height() != group.rows {
                return Err(Error::invalid(
                    shown().row(i),
                    format!(
                        "group {i} holds {} rows, its footer {}",
                        batch.height(),
                        group.rows
                    ),
                ));
            }
            pending_rows += batch.height();
            pending.push(DataFrame::from(batch));
            if pending_rows >= ROWS_PER_GROUP {
                parts.push(self.stack(std::mem::take(&mut pending), filter)?);
                pending_rows = 0;
            }
        }
        if !pending.is_empty() || parts.is_empty() {
            parts.push(self.stack(pending, filter)?);
        }
        let mut frame = self.stack(parts, None)?;
        if frame.width() == 0 {
            frame = self.empty(columns);
        }
        frame.rechunk_mut();
        if grouped && frame.column(ROW).is_ok() {
            let order = (!self.in_csv_order(which))
                .then(|| csv_order(&frame))
                .transpose()
                .map_err(|e| polars_error(&self.path, "restoring the CSV order", e))?;
            frame = frame
                .drop(ROW)
                .map_err(|e| polars_error(&self.path, "dropping the row numbers", e))?;
            if let Some(order) = order {
                frame = frame
                    .take(&order)
                    .map_err(|e| polars_error(&self.path, "restoring the CSV order", e))?;
            }
        }
        Ok(frame)
    }

    /// The frames one below the other, filtered.
    fn stack(&self, frames: Vec<DataFrame>, filter: Option<&Expr>) -> Result<DataFrame> {
        let mut frames = frames.into_iter();
        let Some(mut first) = frames.next() else {
            return Ok(DataFrame::empty());
        };
        for f in frames {
            first
                .vstack_mut_owned(f)
                .map_err(|e| polars_error(&self.path, "joining the groups", e))?;
        }
        match filter {
            Some(f) => first
                .lazy()
                .filter(f.clone())
                .collect()
                .map_err(|e| polars_error(&self.path, "filtering the rows read", e)),
            None => Ok(first),
        }
    }

    /// Whether groups `which`, read in this order, are already in the CSV's order: a single
    /// group always is.
    fn in_csv_order(&self, which: &[usize]) -> bool {
        which.len() <= 1
    }

    /// An empty frame of the columns asked for.
    fn empty(&self, columns: Option<&[PlSmallStr]>) -> DataFrame {
        let fields = self
            .schema
            .iter_fields()
            .filter(|f| columns.is_none_or(|c| c.contains(f.name())));
        DataFrame::empty_with_schema(&fields.collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::table::{Checksum, read_csv};

    fn meta(scan_key: Option<&str>) -> DatasetMeta {
        let mut m = crate::data::entry(crate::data::ids::US_GOODS_TRADE_BY_PARTNER_MONTHLY)
            .expect("embedded")
            .meta
            .clone();
        m.scan_key = scan_key.map(str::to_string);
        m
    }

    fn frame(m: &DatasetMeta) -> DataFrame {
        let e = crate::data::entry(&m.id).expect("embedded");
        read_csv(&e.csv().expect("csv"), "x.csv", m, Checksum::Verify).expect("valid")
    }

    fn write(dir: &Path, name: &str, f: &DataFrame, m: &DatasetMeta) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, encode(f, m, &m.sha256).expect("encodes")).expect("written");
        path
    }

    #[test]
    fn a_copy_reads_back_the_csv_rows_in_order_whole_or_by_group() {
        let dir = std::env::temp_dir().join(format!("tradedef-columnar-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let keyed = meta(Some("partner_code"));
        let f = frame(&keyed);
        let path = write(&dir, "keyed.arrow", &f, &keyed);
        let copy = Columnar::open(&path, &keyed).expect("opens");
        assert!(copy.read(None, None).expect("reads").equals_missing(&f));
        // one partner's group, two columns
        let i = copy
            .groups()
            .iter()
            .position(|g| g.key.as_deref() == Some("5880"))
            .expect("Japan's group");
        let cols: Vec<PlSmallStr> = vec!["year".into(), "value".into()];
        let japan = copy.read(Some(&[i]), Some(&cols)).expect("reads");
        let expected = f
            .clone()
            .lazy()
            .filter(col("partner_code").eq(lit("5880")))
            .select([col("year"), col("value")])
            .collect()
            .expect("filters");
        assert!(japan.equals_missing(&expected));
        // without a scan key: groups of rows in the CSV's order
        let plain = meta(None);
        let path = write(&dir, "plain.arrow", &f, &plain);
        let copy = Columnar::open(&path, &plain).expect("opens");
        assert_eq!(copy.groups().len(), f.height().div_ceil(ROWS_PER_GROUP));
        assert!(copy.read(None, None).expect("reads").equals_missing(&f));
        // read as another dataset, or for another release of the CSV: refused
        let mut other = keyed.clone();
        other.sha256 = "0".repeat(64);
        let path = dir.join("keyed.arrow");
        let err = Columnar::open(&path, &other).expect_err("stale");
        assert!(err.to_string().contains("stale"), "{err}");
        // a damaged byte in a group: its checksum names it
        let mut bytes = std::fs::read(&path).expect("read");
        let copy = Columnar::open(&path, &keyed).expect("opens");
        let (offset, len) = copy.blocks[i];
        bytes[offset as usize + len - 3] ^= 0x55;
        let damaged = dir.join("damaged.arrow");
        std::fs::write(&damaged, &bytes).expect("written");
        let copy = Columnar::open(&damaged, &keyed).expect("the footer is intact");
        let err = copy.read(Some(&[i]), None).expect_err("damaged");
        assert!(err.to_string().contains("damaged"), "{err}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
