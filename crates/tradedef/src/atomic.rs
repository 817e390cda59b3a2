//! Writing output so that a run that fails or is killed midway leaves the previous files as they
//! were: files are written beside their target under a temporary name and renamed into place
//! only when every one of them is complete (a rename within one folder is atomic).
//!
//! For tests, a failure can be injected: with `TRADEDEF_FAIL_WRITE=N` in the environment the
//! N-th file written by the process fails with an error, and with `TRADEDEF_ABORT_WRITE=N` the
//! process aborts there, as if killed.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::{Error, Result};

/// Counts the files written by this process, for the injected failures.
static WRITES: AtomicUsize = AtomicUsize::new(0);

/// The write number an environment variable names, read once.
fn injected(var: &'static str, cell: &'static OnceLock<Option<usize>>) -> Option<usize> {
    *cell.get_or_init(|| std::env::var(var).ok().and_then(|v| v.trim().parse().ok()))
}

/// Writes `bytes` to `path` (a temporary file, not yet in place), failing or aborting where a
/// test asked for it.
fn write_counted(path: &Path, bytes: &[u8]) -> Result<()> {
    static FAIL: OnceLock<Option<usize>> = OnceLock::new();
    static ABORT: OnceLock<Option<usize>> = OnceLock::new();
    let n = WRITES.fetch_add(1, Ordering::SeqCst) + 1;
    if injected("TRADEDEF_ABORT_WRITE", &ABORT) == Some(n) {
        // half a file, then the process dies: what a kill or a power cut leaves
        let _ = std::fs::write(path, &bytes[..bytes.len() / 2]);
        std::process::abort();
    }
    if injected("TRADEDEF_FAIL_WRITE", &FAIL) == Some(n) {
        return Err(Error::io(
            path,
            std::io::Error::other(format!(
                "injected failure at write {n} (TRADEDEF_FAIL_WRITE)"
            )),
        ));
    }
    std::fs::write(path, bytes).map_err(|e| Error::io(path, e))
}

/// The temporary name of `path` while it is written: `.NAME.partial` in the same folder.
fn partial_of(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.partial"))
}

/// Files written beside their targets, put in place together by [`Staged::commit`]; dropped
/// without a commit, the temporary files are removed and the targets never touched.
#[derive(Debug, Default)]
pub(crate) struct Staged {
    files: Vec<(PathBuf, PathBuf)>,
}

impl Staged {
    /// Nothing staged yet.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Writes the future content of `target` beside it.
    pub(crate) fn write(&mut self, target: &Path, bytes: &[u8]) -> Result<()> {
        let partial = partial_of(target);
        // registered first, so that a failed write's leftovers are removed too
        self.files.push((partial.clone(), target.to_path_buf()));
        write_counted(&partial, bytes)
    }

    /// Renames every staged file into place.
    pub(crate) fn commit(mut self) -> Result<()> {
        for (partial, target) in std::mem::take(&mut self.files) {
            std::fs::rename(&partial, &target).map_err(|e| Error::io(&target, e))?;
        }
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        for (partial, _) in &self.files {
            let _ = std::fs::remove_file(partial);
        }
    }
}

/// The file names a report folder may hold: a folder holding anything else is not replaced.
const REPORT_ENTRIES: [&str; 5] = [
    "index.html",
    "charts",
    "tables",
    "claims.csv",
    "manifest.json",
];

/// A folder built beside its target (`.NAME.partial`), then swapped into place whole by
/// [`StagedDir::commit`]: the previous folder stays as it was until the new one is complete.
/// Dropped without a commit, the partial folder is removed.
#[derive(Debug)]
pub(crate) struct StagedDir {
    target: PathBuf,
    partial: PathBuf,
    committed: bool,
}

impl StagedDir {
    /// Starts building the folder `target`. A `target` that exists must be a folder holding only
    /// what a report writes (so `--out .` or a folder of other files is never replaced).
    pub(crate) fn new(target: &Path) -> Result<Self> {
        let target = if target.as_os_str().is_empty() {
            Path::new(".")
        } else {
            target
        };
        let target = std::path::absolute(target).map_err(|e| Error::io(target, e))?;
        if target.exists() {
            let entries = std::fs::read_dir(&target).map_err(|e| Error::io(&target, e))?;
            for entry in entries {
                let name = entry.map_err(|e| Error::io(&target, e))?.file_name();
                let name = name.to_string_lossy();
                if !REPORT_ENTRIES.contains(&name.as_ref()) {
                    return Err(Error::argument(
                        format!("report --out {}", target.display()),
                        format!(
                            "the folder holds `{name}`, which a report does not write: the report replaces the whole folder, so choose an empty folder or a previous report's"
                        ),
                    ));
                }
            }
        }
        if target.parent().is_none() {
            return Err(Error::argument(
                "report --out",
                "the report cannot replace the root folder",
            ));
        }
        let partial = partial_of(&target);
        if partial.exists() {
            // left by a run that was killed
            std::fs::remove_dir_all(&partial).map_err(|e| Error::io(&partial, e))?;
        }
        std::fs::create_dir_all(&partial).map_err(|e| Error::io(&partial, e))?;
        Ok(StagedDir {
            target,
            partial,
            committed: false,
        })
    }

    /// The folder the files end up in.
    pub(crate) fn target(&self) -> &Path {
        &self.target
    }

    /// Writes a file of the folder (`rel` may name sub-folders).
    pub(crate) fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.partial.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        write_counted(&path, bytes)
    }

    /// Puts the folder in place of the target: the old folder is moved aside, the new one
    /// renamed in, the old one removed.
    pub(crate) fn commit(mut self) -> Result<()> {
        let old = self.partial.with_file_name(format!(
            "{}.old",
            self.partial
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
        ));
        if old.exists() {
            std::fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
        }
        let had_old = self.target.exists();
        if had_old {
            std::fs::rename(&self.target, &old).map_err(|e| Error::io(&self.target, e))?;
        }
        if let Err(e) = std::fs::rename(&self.partial, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(Error::io(&self.target, e));
        }
        self.committed = true;
        if had_old {
            std::fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
        }
        Ok(())
    }
}

impl Drop for StagedDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.partial);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(label: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("tradedef-atomic-{label}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn staged_files_appear_together_or_not_at_all() {
        let dir = scratch("files");
        let (a, b) = (dir.join("a.csv"), dir.join("b.toml"));
        std::fs::write(&a, "old a").unwrap();
        {
            let mut s = Staged::new();
            s.write(&a, b"new a").unwrap();
            s.write(&b, b"new b").unwrap();
            // dropped without commit
        }
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "old a");
        assert!(!b.exists());
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            1,
            "no partial file left"
        );
        let mut s = Staged::new();
        s.write(&a, b"new a").unwrap();
        s.write(&b, b"new b").unwrap();
        s.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "new a");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "new b");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_folder_is_replaced_whole_and_a_foreign_folder_never() {
        let dir = scratch("dir");
        let out = dir.join("report");
        std::fs::create_dir_all(out.join("charts")).unwrap();
        std::fs::write(out.join("index.html"), "old").unwrap();
        std::fs::write(out.join("charts/gone.svg"), "old chart").unwrap();
        {
            let s = StagedDir::new(&out).unwrap();
            s.write("index.html", b"half").unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        let s = StagedDir::new(&out).unwrap();
        s.write("index.html", b"new").unwrap();
        s.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "new"
        );
        assert!(
            !out.join("charts/gone.svg").exists(),
            "files of the old report do not linger"
        );
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            1,
            "nothing left beside it"
        );

        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        let err = StagedDir::new(&out).unwrap_err().to_string();
        assert!(err.contains("notes.txt"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
