//! Scratch folders for tests that write files: a fresh temporary folder per test, removed on
//! drop, and copies of the repository's `data/` files (stored as `ID.csv` or `ID.csv.gz`).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The repository root (the parent of the `tests` crate).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The repository's `data/` folder.
pub fn repo_data() -> PathBuf {
    repo_root().join("data")
}

/// The data file of dataset `id` in `dir`: `ID.csv.gz` when it exists, else `ID.csv` (the rule
/// the library's loader and importers follow).
pub fn data_file(dir: &Path, id: &str) -> PathBuf {
    let gz = dir.join(format!("{id}.csv.gz"));
    if gz.is_file() {
        gz
    } else {
        dir.join(format!("{id}.csv"))
    }
}

/// A temporary folder, deleted when dropped.
pub struct Scratch {
    path: PathBuf,
}

impl Scratch {
    /// A new empty folder named after `label` under the system temp folder.
    pub fn new(label: &str) -> Scratch {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let path =
            std::env::temp_dir().join(format!("tradedef-{label}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create scratch folder");
        Scratch { path }
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A path inside the folder.
    pub fn join(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }

    /// Copies `data/ID.toml` (and the data file, `data/ID.csv` or `data/ID.csv.gz`, when
    /// `with_csv`) of each dataset into `sub`, returning that folder.
    pub fn copy_data(&self, sub: &str, ids: &[&str], with_csv: bool) -> PathBuf {
        let dir = self.path.join(sub);
        std::fs::create_dir_all(&dir).expect("create data copy");
        for id in ids {
            let mut files = vec![repo_data().join(format!("{id}.toml"))];
            if with_csv {
                files.push(data_file(&repo_data(), id));
            }
            for from in files {
                let name = from.file_name().expect("a file name");
                std::fs::copy(&from, dir.join(name))
                    .unwrap_or_else(|e| panic!("copy {}: {e}", from.display()));
            }
        }
        dir
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Splits one CSV line into fields (double-quoted fields may hold commas and `""`).
pub fn split_csv_line(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    fields.push(field);
    fields
}

/// The text of a data file, decompressed when it is gzip (`ID.csv.gz`).
pub fn read_csv_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return String::from_utf8(bytes)
            .unwrap_or_else(|e| panic!("{} is not UTF-8: {e}", path.display()));
    }
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes.as_slice())
        .read_to_string(&mut text)
        .unwrap_or_else(|e| panic!("decompress {}: {e}", path.display()));
    text
}

/// Reads a CSV file (one record per line, no line breaks inside fields), plain or
/// gzip-compressed, as a header and rows. Find a dataset's file with [`data_file`].
pub fn read_csv_rows(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = read_csv_text(path);
    let mut lines = text.lines();
    let header = lines.next().map(split_csv_line).unwrap_or_default();
    (
        header,
        lines
            .filter(|l| !l.is_empty())
            .map(split_csv_line)
            .collect(),
    )
}

/// The rows of the repository's `data/ID.csv` (or `data/ID.csv.gz`) as header → cell maps, read by
/// the tests' own quote-aware reader (no tradedef code).
pub fn data_rows(id: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let (header, records) = read_csv_rows(&data_file(&repo_data(), id));
    records
        .into_iter()
        .map(|r| header.iter().cloned().zip(r).collect())
        .collect()
}

/// A number cell of a row from [`data_rows`]; `None` when empty.
pub fn number(row: &std::collections::BTreeMap<String, String>, column: &str) -> Option<f64> {
    row.get(column)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().expect("a number"))
}

/// One row of a dataset's data file, column name → cell.
pub type KeyedRow = std::collections::BTreeMap<String, String>;

/// The rows of dataset `id`'s data file in `dir` as column → cell maps.
pub fn keyed_rows(dir: &Path, id: &str) -> Vec<KeyedRow> {
    let (header, rows) = read_csv_rows(&data_file(dir, id));
    rows.into_iter()
        .map(|r| header.iter().cloned().zip(r).collect())
        .collect()
}

/// The rows whose cells equal every `(column, value)` of `want`.
pub fn find_rows<'a>(rows: &'a [KeyedRow], want: &[(&str, &str)]) -> Vec<&'a KeyedRow> {
    rows.iter()
        .filter(|r| {
            want.iter()
                .all(|(k, v)| r.get(*k).map(String::as_str) == Some(*v))
        })
        .collect()
}

/// The one row matching `want` (the test fails when there are none or several).
pub fn one_row<'a>(rows: &'a [KeyedRow], want: &[(&str, &str)]) -> &'a KeyedRow {
    let found = find_rows(rows, want);
    assert_eq!(found.len(), 1, "expected one row for {want:?}");
    found[0]
}
