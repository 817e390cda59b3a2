//! Scratch folders for tests that write files: a fresh temporary folder per test, removed on
//! drop, and copies of the repository's `data/` files.

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

    /// Copies `data/ID.toml` (and `data/ID.csv` when `with_csv`) of each dataset into `sub`,
    /// returning that folder.
    pub fn copy_data(&self, sub: &str, ids: &[&str], with_csv: bool) -> PathBuf {
        let dir = self.path.join(sub);
        std::fs::create_dir_all(&dir).expect("create data copy");
        for id in ids {
            let mut exts = vec!["toml"];
            if with_csv {
                exts.push("csv");
            }
            for ext in exts {
                let from = repo_data().join(format!("{id}.{ext}"));
                std::fs::copy(&from, dir.join(format!("{id}.{ext}")))
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

/// Reads a CSV file (one record per line, no line breaks inside fields) as a header and rows.
pub fn read_csv_rows(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
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
