//! Where the columnar copies of the embedded datasets live, and when they are made.
//!
//! The first load of an embedded dataset on a machine checks the CSV's checksum against its
//! sidecar, reads every cell into its typed column, and writes the result as a columnar copy
//! ([`super::columnar`]) into the cache folder; every later load, in any process, reads that
//! copy instead (checking the CSV checksum it was made from, the schema and the CRC-32 of
//! each group it reads). The rules on whole columns (ranges, allowed values, keys, balances)
//! were checked when the dataset was imported, and are checked again by `tradedef data
//! validate` and the tests: loads trust them. With `TRADEDEF_VALIDATE=full` in the environment
//! every load parses the CSV and runs every rule, without the cache.
//!
//! The cache folder is `$TRADEDEF_CACHE_DIR` if set (an empty value turns the cache off), else
//! `$XDG_CACHE_HOME/tradedef`, else `$HOME/.cache/tradedef`. A copy is named after the dataset
//! and the CSV checksum it was made from, so a new release of a dataset gets a new copy and an
//! old one is never read for it. A folder that cannot be written is not an error: loads then
//! parse the CSV each time. A copy that fails its checks is made again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use super::catalog::CatalogEntry;
use super::columnar::{Columnar, encode};
use super::table::read_csv_trusted;
use crate::Result;

/// The environment variable naming the cache folder.
pub const CACHE_DIR_VAR: &str = "TRADEDEF_CACHE_DIR";

/// The environment variable that, set to `full`, makes every load run every rule.
pub const VALIDATE_VAR: &str = "TRADEDEF_VALIDATE";

/// Whether loads run every rule on the CSV instead of reading the columnar copies.
pub(crate) fn full_validation() -> bool {
    std::env::var(VALIDATE_VAR).is_ok_and(|v| v.trim().eq_ignore_ascii_case("full"))
}

/// The cache folder, if there is one (see the module's documentation).
///
/// ```
/// // the folder the columnar copies of this process go to (None: no cache)
/// let dir = tradedef::data::cache_dir();
/// assert!(dir.is_none_or(|d| d.ends_with("tradedef") || std::env::var_os("TRADEDEF_CACHE_DIR").is_some()));
/// ```
pub fn cache_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(CACHE_DIR_VAR) {
        return (!dir.is_empty()).then(|| PathBuf::from(dir));
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|d| !d.is_empty())
                .map(|h| PathBuf::from(h).join(".cache"))
        })?;
    Some(base.join("tradedef"))
}

/// The file of the columnar copy of a catalog dataset in `dir`.
fn copy_path(dir: &Path, e: &CatalogEntry) -> PathBuf {
    let short = e.meta.sha256.get(..16).unwrap_or(&e.meta.sha256);
    dir.join(format!("{}-{short}.arrow", e.meta.id))
}

/// The columnar copy of a catalog dataset, made from its CSV when the cache does not hold a
/// good one; `None` when there is no cache folder, it cannot be written, or every rule is to be
/// run. Opened once per process.
pub(crate) fn columnar(e: &CatalogEntry) -> Result<Option<Arc<Columnar>>> {
    if full_validation() {
        return Ok(None);
    }
    let Some(dir) = cache_dir() else {
        return Ok(None);
    };
    if let Some(c) = opened()
        .lock()
        .ok()
        .and_then(|m| m.get(&e.meta.id).cloned())
    {
        return Ok(Some(c));
    }
    let path = copy_path(&dir, e);
    let copy = match Columnar::open(&path, &e.meta) {
        Ok(c) => c,
        // missing, stale or with a damaged footer: made again from the CSV
        Err(_) => match make(e, &dir, &path)? {
            Some(c) => c,
            None => return Ok(None),
        },
    };
    let copy = Arc::new(copy);
    if let Ok(mut m) = opened().lock() {
        m.insert(e.meta.id.clone(), Arc::clone(&copy));
    }
    Ok(Some(copy))
}

/// The copies this process has opened, by dataset id.
fn opened() -> &'static Mutex<HashMap<String, Arc<Columnar>>> {
    static OPEN: OnceLock<Mutex<HashMap<String, Arc<Columnar>>>> = OnceLock::new();
    OPEN.get_or_init(Default::default)
}

/// Makes the copy of a catalog dataset again, after a read found a group damaged (its
/// checksum failed): the CSV is read again and the copy replaced. `None` as for [`columnar`].
pub(crate) fn remake(e: &CatalogEntry) -> Result<Option<Arc<Columnar>>> {
    if let Ok(mut m) = opened().lock() {
        m.remove(&e.meta.id);
    }
    let Some(dir) = cache_dir().filter(|_| !full_validation()) else {
        return Ok(None);
    };
    let path = copy_path(&dir, e);
    let Some(copy) = make(e, &dir, &path)? else {
        return Ok(None);
    };
    let copy = Arc::new(copy);
    if let Ok(mut m) = opened().lock() {
        m.insert(e.meta.id.clone(), Arc::clone(&copy));
    }
    Ok(Some(copy))
}

/// Reads the CSV of a catalog dataset (checksum checked, every cell typed) and writes its
/// columnar copy at `path`; `None` when the copy cannot be written or read back.
fn make(e: &CatalogEntry, dir: &Path, path: &Path) -> Result<Option<Columnar>> {
    let origin = format!("embedded:{}", e.file);
    let frame = read_csv_trusted(&e.csv()?, &origin, &e.meta)?;
    let bytes = encode(&frame, &e.meta, &e.meta.sha256)?;
    if write_atomically(dir, path, &bytes).is_err() {
        return Ok(None);
    }
    Ok(Columnar::open(path, &e.meta).ok())
}

/// Writes `bytes` to `path` under a temporary name in the same folder, then renames it into
/// place: a process that reads the copy meanwhile sees the old file or the whole new one.
fn write_atomically(dir: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("copy");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}
