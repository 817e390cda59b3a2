//! The curated datasets embedded in the crate, and the loaders.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

use polars::prelude::LazyFrame;

use super::cache;
use super::columnar::Columnar;
use super::dataset::Dataset;
use super::metadata::{DatasetMeta, SeriesHolds};
use super::scan::ColumnarScan;
use super::storage::{MAX_CSV_BYTES, csv_text, read_bounded, sidecar_of, stem_of};
use super::table::{Checksum, read_csv};
use crate::{Error, Location, Result};
use std::sync::Arc;

/// A dataset of the catalog: its metadata and its embedded data file.
#[derive(Debug, Clone)]
pub struct CatalogEntry {
    /// The metadata.
    pub meta: DatasetMeta,
    /// The data file as committed in `data/`: CSV text, or gzip-compressed CSV (see
    /// [`CatalogEntry::csv`]).
    pub stored: &'static [u8],
    /// The file's path in the repository, e.g. `data/sipri_milex.csv.gz`.
    pub file: &'static str,
}

impl CatalogEntry {
    /// The CSV text (decompressed when the file is stored as `.csv.gz`).
    ///
    /// ```
    /// let e = tradedef::data::entry("usd_jpy_annual").unwrap();
    /// assert!(e.csv().unwrap().starts_with(b"year,"));
    /// ```
    pub fn csv(&self) -> Result<std::borrow::Cow<'static, [u8]>> {
        csv_text(self.stored, self.file)
    }
}

struct Embedded {
    id: &'static str,
    file: &'static str,
    stored: &'static [u8],
    sidecar: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// Every dataset embedded in the crate, in catalog order.
///
/// # Panics
/// If an embedded sidecar is not valid TOML for [`DatasetMeta`]: a build defect, which the
/// crate's tests catch. Data files read at run time never panic; they return errors.
///
/// ```
/// let ids: Vec<&str> = tradedef::data::catalog().iter().map(|e| e.meta.id.as_str()).collect();
/// assert!(ids.contains(&"us_japan_goods_trade"));
/// ```
pub fn catalog() -> &'static [CatalogEntry] {
    catalog_entries()
}

/// The dataset that declares itself the own series of the partner with Census code
/// `census_code` holding `holds` ([`DatasetMeta::partner_series`]), if any.
///
/// ```
/// use tradedef::data::{SeriesHolds, partner, partner_series};
/// let japan = partner("Japan")?;
/// let own = partner_series(japan.census_code.as_deref().unwrap(), SeriesHolds::GoodsTrade);
/// assert_eq!(own.map(|e| e.meta.id.as_str()), Some("us_japan_goods_trade"));
/// assert!(partner_series("5800", SeriesHolds::GoodsTrade).is_none()); // Korea: the shared files only
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn partner_series(census_code: &str, holds: SeriesHolds) -> Option<&'static CatalogEntry> {
    catalog_entries().iter().find(|e| {
        e.meta
            .partner_series
            .as_ref()
            .is_some_and(|s| s.census_code == census_code && s.holds == holds)
    })
}

#[allow(
    clippy::panic,
    reason = "the sidecars are compiled into the crate: an invalid one is a build defect, caught by the tests"
)]
fn catalog_entries() -> &'static [CatalogEntry] {
    static CATALOG: OnceLock<Vec<CatalogEntry>> = OnceLock::new();
    CATALOG.get_or_init(|| {
        EMBEDDED
            .iter()
            .map(|e| {
                let file = format!("data/{}.toml", e.id);
                let meta = DatasetMeta::from_toml(e.sidecar, &file)
                    .unwrap_or_else(|err| panic!("embedded metadata is invalid: {err}"));
                assert_eq!(meta.id, e.id, "{file}: id does not match the file name");
                CatalogEntry {
                    meta,
                    stored: e.stored,
                    file: e.file,
                }
            })
            .collect()
    })
}

/// The catalog entry of a dataset, by id: a constant of [`ids`](super::ids) or its text.
///
/// ```
/// use tradedef::data::{entry, ids};
/// assert_eq!(entry(ids::SIPRI_MILEX)?.file, "data/sipri_milex.csv.gz");
/// assert!(entry("no_such_dataset").is_err());
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn entry(id: impl AsRef<str>) -> Result<&'static CatalogEntry> {
    let id = id.as_ref();
    catalog()
        .iter()
        .find(|e| e.meta.id == id)
        .ok_or_else(|| Error::not_found("dataset", id, catalog().iter().map(|e| e.meta.id.clone())))
}

/// Loads a curated dataset, checksum-checked, every row and column. Results are cached per
/// process.
///
/// The first load on a machine reads the embedded CSV (its checksum checked against the sidecar,
/// every cell typed) and keeps a columnar copy in the cache folder
/// ([`cache_dir`](super::cache_dir)); later loads, in any process, read that copy. The rules on whole columns were checked when the dataset was
/// imported and are checked by `tradedef data validate`: loads trust them, unless
/// `TRADEDEF_VALIDATE=full` is set, which makes every load parse the CSV and run every rule.
/// A question about some rows reads less through [`scan`].
///
/// ```
/// let fx = tradedef::data::load("usd_jpy_annual").unwrap();
/// assert_eq!(fx.meta().producer, "Board of Governors of the Federal Reserve System");
/// assert!(tradedef::data::load("no_such_dataset").unwrap_err().to_string().contains("available"));
/// ```
pub fn load(id: impl AsRef<str>) -> Result<Dataset> {
    let id = id.as_ref();
    if let Some(d) = loaded(id) {
        return Ok(d);
    }
    let e = entry(id)?;
    let origin = format!("embedded:{}", e.file);
    let from_copy = |copy: Option<Arc<Columnar>>| match copy {
        Some(copy) => copy.read(None, None),
        None => read_csv(&e.csv()?, &origin, &e.meta, Checksum::Verify),
    };
    // a copy damaged since it was written is made again once
    let frame = match from_copy(cache::columnar(e)?) {
        Ok(frame) => frame,
        Err(_) => from_copy(cache::remake(e)?)?,
    };
    let d = Dataset {
        meta: e.meta.clone(),
        frame,
        origin,
    };
    if let Ok(mut c) = process_cache().lock() {
        c.insert(id.to_string(), d.clone());
    }
    Ok(d)
}

/// The datasets this process has loaded.
fn process_cache() -> &'static Mutex<HashMap<String, Dataset>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Dataset>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// A dataset this process has loaded already.
fn loaded(id: &str) -> Option<Dataset> {
    process_cache().lock().ok().and_then(|c| c.get(id).cloned())
}

/// A curated dataset as a lazy frame that reads only what the query needs: for a dataset whose
/// sidecar names a `scan_key` (such as `partner_code`), a filter on that column reads only the
/// matching rows of the columnar copy, and only the columns the query uses. The rows come in
/// the CSV's order, as from [`load`]. A dataset already loaded in the process, or without a
/// scan key or a cache folder, is scanned from memory.
///
/// ```
/// use tradedef::prelude::*;
/// let vietnam = tradedef::data::scan("us_goods_trade_by_partner_monthly")?
///     .filter(col("partner_code").eq(lit("5520")))
///     .select([col("year"), col("month"), col("flow"), col("value")])
///     .collect()?;
/// assert!(vietnam.height() > 1000);
/// assert_eq!(vietnam.width(), 4);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn scan(id: impl AsRef<str>) -> Result<LazyFrame> {
    let id = id.as_ref();
    if let Some(d) = loaded(id) {
        return Ok(d.lazy());
    }
    let e = entry(id)?;
    match cache::columnar(e)? {
        Some(copy) if copy.scan_key().is_some() => ColumnarScan::lazy(e, copy)
            .map_err(|err| Error::polars(format!("scanning `{id}`"), err)),
        _ => Ok(load(id)?.lazy()),
    }
}

/// Checks that a curated dataset can be read as its sidecar describes it, without reading its
/// rows when it need not: its columnar copy was made from the CSV whose checksum the sidecar
/// records, with the sidecar's columns (the copy is made now if the cache lacks it). Without a
/// cache folder, or with `TRADEDEF_VALIDATE=full`, the CSV is read and checked in full.
///
/// ```
/// tradedef::data::verify("sipri_milex")?;
/// assert!(tradedef::data::verify("no_such_dataset").is_err());
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn verify(id: impl AsRef<str>) -> Result<()> {
    let id = id.as_ref();
    if loaded(id).is_some() {
        return Ok(());
    }
    let e = entry(id)?;
    match cache::columnar(e)? {
        Some(_) => Ok(()),
        None => load(id).map(|_| ()),
    }
}

/// Loads a user's CSV file of a dataset through the same checks as the curated data.
///
/// The schema comes from the sidecar next to the file (`name.toml` beside `name.csv` or
/// `name.csv.gz`), whose checksum is then checked too; without a sidecar, from the catalog
/// dataset whose id is the file's stem (a newer download has another checksum, so it is not
/// compared). A gzip-compressed file is decompressed first.
pub fn load_file(path: impl AsRef<Path>) -> Result<Dataset> {
    let path = path.as_ref();
    let shown = path.display().to_string();
    let stored = read_bounded(path, MAX_CSV_BYTES)?;
    let bytes = csv_text(&stored, &shown)?;
    let sidecar = sidecar_of(path);
    let (meta, checksum) = if sidecar.is_file() {
        let shown_sidecar = sidecar.display().to_string();
        let raw = std::fs::read(&sidecar).map_err(|e| Error::io(&sidecar, e))?;
        let text = crate::toml_text::text_of(&raw, Location::file(&shown_sidecar))?;
        let meta = DatasetMeta::from_toml(text, &shown_sidecar)?;
        check_units_agree(&meta, &shown_sidecar)?;
        (meta, Checksum::Verify)
    } else {
        let stem = stem_of(path);
        let e = entry(&stem).map_err(|_| {
            Error::invalid(
                Location::file(&shown),
                format!(
                    "no sidecar `{}` and no catalog dataset named `{stem}`: name the file after a dataset id or put its sidecar beside it",
                    sidecar.display()
                ),
            )
        })?;
        (e.meta.clone(), Checksum::Skip)
    };
    let frame = read_csv(&bytes, &shown, &meta, checksum)?;
    Ok(Dataset {
        meta,
        frame,
        origin: shown,
    })
}

/// A sidecar of a catalog dataset must give each column the catalog's unit: a figure in "USD
/// thousands" read as "USD millions" is off by a thousand while every check passes.
fn check_units_agree(meta: &DatasetMeta, sidecar: &str) -> Result<()> {
    let Ok(e) = entry(&meta.id) else {
        return Ok(());
    };
    for c in &meta.columns {
        let Some(known) = e.meta.columns.iter().find(|k| k.name == c.name) else {
            continue;
        };
        if known.unit != c.unit {
            return Err(Error::invalid(
                Location::file(sidecar).column(&c.name).value(&c.unit),
                format!(
                    "unit differs from the catalog's dataset `{}`, which gives `{}`: fix the sidecar, or give the dataset another id",
                    meta.id, known.unit
                ),
            ));
        }
    }
    Ok(())
}

/// Loads a user's CSV file as dataset `id`: the catalog schema and rules, without the checksum.
pub fn load_file_as(id: impl AsRef<str>, path: impl AsRef<Path>) -> Result<Dataset> {
    let path = path.as_ref();
    let e = entry(id)?;
    let stored = read_bounded(path, MAX_CSV_BYTES)?;
    let shown = path.display().to_string();
    let frame = read_csv(&csv_text(&stored, &shown)?, &shown, &e.meta, Checksum::Skip)?;
    Ok(Dataset {
        meta: e.meta.clone(),
        frame,
        origin: shown,
    })
}

/// Validates a data file's bytes (CSV text, or gzip-compressed CSV) against a dataset's
/// metadata, checksum included: the check behind `tradedef data validate`.
pub fn validate_bytes(bytes: &[u8], file: &str, meta: &DatasetMeta) -> Result<usize> {
    read_csv(&csv_text(bytes, file)?, file, meta, Checksum::Verify).map(|f| f.height())
}
