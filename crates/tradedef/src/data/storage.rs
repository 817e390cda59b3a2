//! How a dataset's CSV is stored on disk: plain `ID.csv`, or gzip-compressed `ID.csv.gz` for the
//! datasets that hold every partner or country (hundreds of thousands of rows).
//!
//! Whatever the storage, the sidecar's `sha256` is the checksum of the **CSV text** (the
//! decompressed bytes), so the contract "the checksum of the CSV" does not depend on the
//! compressor. Compression is deterministic (no file name, no timestamp, a fixed level), so an
//! importer run twice on the same file writes the same bytes.

use std::borrow::Cow;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;

use crate::{Error, Location, Result};

/// The two bytes every gzip stream starts with.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// The largest CSV a compressed file may expand to (a guard against decompression bombs).
pub const MAX_CSV_BYTES: u64 = 1 << 30;

/// Reads a whole file of at most `max` bytes. A larger file is refused from its size before
/// anything is read (a 2 GB download never reaches memory); one that grows while read is cut
/// at `max` + 1 bytes and refused too.
pub(crate) fn read_bounded(path: &Path, max: u64) -> Result<Vec<u8>> {
    let too_big = |size: u64| {
        Error::invalid(
            Location::file(path.display().to_string()).value(format!("{size} bytes")),
            format!("file larger than the {max} bytes read; refusing it"),
        )
    };
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let size = file.metadata().map_err(|e| Error::io(path, e))?.len();
    if size > max {
        return Err(too_big(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > max {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Whether `bytes` are a gzip stream.
pub(crate) fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&GZIP_MAGIC)
}

/// The CSV text of a stored file: the bytes themselves, or their gzip decompression. `file`
/// names the file in errors. A stream that is corrupt, truncated or expands past
/// [`MAX_CSV_BYTES`] is an error, never a partial table.
///
/// ```
/// use tradedef::data::csv_text;
/// assert_eq!(&*csv_text(b"a,b\n1,2\n", "plain.csv").unwrap(), b"a,b\n1,2\n");
/// let err = csv_text(&[0x1f, 0x8b, 0, 1, 2], "broken.csv.gz").unwrap_err();
/// assert!(err.to_string().contains("broken.csv.gz"));
/// ```
pub fn csv_text<'a>(stored: &'a [u8], file: &str) -> Result<Cow<'a, [u8]>> {
    if !is_gzip(stored) {
        return Ok(Cow::Borrowed(stored));
    }
    let mut out = Vec::with_capacity(stored.len() * 8);
    let read = GzDecoder::new(stored)
        .take(MAX_CSV_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| {
            Error::invalid(
                Location::file(file),
                format!("gzip stream is corrupt or truncated: {e}"),
            )
        })?;
    if read as u64 > MAX_CSV_BYTES {
        return Err(Error::invalid(
            Location::file(file),
            format!("gzip stream expands beyond {MAX_CSV_BYTES} bytes; refusing to read it"),
        ));
    }
    Ok(Cow::Owned(out))
}

/// Compresses CSV text for an `ID.csv.gz` file, deterministically.
pub(crate) fn compress(csv: &[u8]) -> Result<Vec<u8>> {
    let err = |e: std::io::Error| Error::argument("compressing the dataset CSV", e.to_string());
    let mut encoder = GzEncoder::new(Vec::new(), Compression::new(9));
    encoder.write_all(csv).map_err(err)?;
    encoder.finish().map_err(err)
}

/// The bytes to store for CSV text at `path`: compressed when the path ends in `.gz`.
pub(crate) fn stored_bytes(path: &Path, csv: &[u8]) -> Result<Vec<u8>> {
    if is_gz_path(path) {
        compress(csv)
    } else {
        Ok(csv.to_vec())
    }
}

fn is_gz_path(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
}

/// The data file of dataset `id` in `dir`: `ID.csv.gz` when it exists, else `ID.csv`.
pub(crate) fn data_file(dir: &Path, id: &str) -> PathBuf {
    let gz = dir.join(format!("{id}.csv.gz"));
    if gz.is_file() {
        gz
    } else {
        dir.join(format!("{id}.csv"))
    }
}

/// The dataset id a data file is named after: `x` for `x.csv` and `x.csv.gz`.
pub(crate) fn stem_of(path: &Path) -> String {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(name);
    name.strip_suffix(".csv").unwrap_or(name).to_string()
}

/// The sidecar beside a data file: `x.toml` for `x.csv` and `x.csv.gz`.
pub(crate) fn sidecar_of(path: &Path) -> PathBuf {
    path.with_file_name(format!("{}.toml", stem_of(path)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_is_deterministic() {
        let csv = b"year,value\n2020,1.5\n".repeat(1000);
        let a = compress(&csv).unwrap();
        assert_eq!(a, compress(&csv).unwrap());
        assert!(a.len() < csv.len() / 10);
        assert_eq!(&*csv_text(&a, "x.csv.gz").unwrap(), csv.as_slice());
        let truncated = &a[..a.len() / 2];
        assert!(
            csv_text(truncated, "x.csv.gz")
                .unwrap_err()
                .to_string()
                .contains("truncated")
        );
    }

    #[test]
    fn names_of_stored_files() {
        assert_eq!(stem_of(Path::new("data/sipri_milex.csv.gz")), "sipri_milex");
        assert_eq!(stem_of(Path::new("a/b.csv")), "b");
        assert_eq!(
            sidecar_of(Path::new("data/sipri_milex.csv.gz")),
            Path::new("data/sipri_milex.toml")
        );
    }
}
