//! The kernel's home outside a checkout: what `tradedef kernel install` unpacks, copies and
//! builds there so a notebook can `use tradedef::prelude::*;` on a machine without the
//! repository.
//!
//! The home holds the files the kernel needs at the same relative paths as a checkout, so the
//! rest of `tradedef kernel` treats both alike:
//!
//! ```text
//! HOME/Cargo.toml, Cargo.lock, rust-toolchain.toml   a workspace of the two crates below
//! HOME/crates/tradedef, crates/tradedef-notebook     the library the kernel preloads
//! HOME/data/                                         the data it embeds
//! HOME/kernel/                                       the kernel binary's crate and its patches
//! HOME/target/tools/bin/evcxr_jupyter (+ .stamp)     the kernel binary
//! HOME/target/kernel/{config,launch.sh}              evcxr's config and the launcher
//! HOME/target/evcxr/slot-N                           the kernels' persistent build dirs
//! HOME/.tradedef-home                                the id of the archive unpacked here
//! ```
//!
//! The archive is built by this crate's build script (build.rs, which documents its format) and
//! embedded in the binary.

use super::build::{self, cargo, run};
use super::{EVCXR_VERSION, Layout, SEED_FUNCTION};
use anyhow::{Context, Result, bail};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The file naming the archive unpacked into a home; its presence marks a folder as a home.
pub const STAMP: &str = ".tradedef-home";

/// The compressed archive of the notebook library's sources, data, lockfile and kernel crate.
const ARCHIVE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/home.tar.gz"));
/// The archive's id (a hash and the length of its uncompressed bytes).
const ARCHIVE_ID: &str = env!("TRADEDEF_HOME_ARCHIVE_ID");
/// The magic line that starts the uncompressed archive.
const MAGIC: &[u8] = b"tradedef-home 1\n";
/// The top-level entries the archive writes; a new archive replaces them whole.
const UNPACKED: [&str; 8] = [
    "Cargo.toml",
    "Cargo.lock",
    "rust-toolchain.toml",
    "LICENSE-MIT",
    "LICENSE-APACHE",
    "crates",
    "data",
    "kernel",
];

/// `$XDG_DATA_HOME/tradedef/VERSION`, else `~/.local/share/tradedef/VERSION`.
pub fn default_home() -> Result<PathBuf> {
    let data = match std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => std::env::var_os("HOME")
            .map(|home| PathBuf::from(home).join(".local/share"))
            .context("neither $XDG_DATA_HOME nor $HOME is set: pass --home DIR")?,
    };
    Ok(data.join("tradedef").join(env!("CARGO_PKG_VERSION")))
}

/// Unpacks the archive into `home` unless the same archive is already there; an older one's
/// files are removed first (the build dirs under `target/` are kept).
pub fn unpack(home: &Path) -> Result<()> {
    let stamp = home.join(STAMP);
    if fs::read_to_string(&stamp).is_ok_and(|s| s.trim() == ARCHIVE_ID) {
        println!("home: sources and data present ({ARCHIVE_ID})");
        return Ok(());
    }
    fs::create_dir_all(home).with_context(|| format!("creating {}", home.display()))?;
    for entry in UNPACKED {
        let path = home.join(entry);
        if path.is_dir() {
            fs::remove_dir_all(&path).with_context(|| format!("removing {}", path.display()))?;
        } else if path.exists() {
            fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
        }
    }
    let files = read_archive(ARCHIVE)?;
    for file in &files {
        let path = home.join(&file.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        fs::write(&path, &file.bytes).with_context(|| format!("writing {}", path.display()))?;
        if file.executable {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o755))?;
        }
    }
    fs::write(&stamp, format!("{ARCHIVE_ID}\n"))?;
    println!(
        "home: unpacked {} files of the notebook library, its data and the kernel crate into {}",
        files.len(),
        home.display()
    );
    Ok(())
}

/// One file of the archive.
#[derive(Debug)]
struct Entry {
    path: String,
    executable: bool,
    bytes: Vec<u8>,
}

/// The files of a compressed archive (see build.rs for the format); an error names what is
/// wrong and where.
fn read_archive(compressed: &[u8]) -> Result<Vec<Entry>> {
    let mut raw = Vec::new();
    flate2::read::GzDecoder::new(compressed)
        .read_to_end(&mut raw)
        .context("the embedded archive is not valid gzip")?;
    let mut rest = raw
        .strip_prefix(MAGIC)
        .context("the embedded archive does not start with its magic line")?;
    let mut files = Vec::new();
    loop {
        let offset = raw.len() - rest.len();
        let path_len = u32::from_le_bytes(take(&mut rest, 4, offset)?.try_into()?) as usize;
        if path_len == 0 {
            break;
        }
        let path = String::from_utf8(take(&mut rest, path_len, offset)?.to_vec())
            .with_context(|| format!("archive entry at byte {offset}: path is not UTF-8"))?;
        if path.starts_with('/') || path.split('/').any(|part| part == ".." || part.is_empty()) {
            bail!("archive entry at byte {offset}: path {path:?} leaves the home");
        }
        let executable = take(&mut rest, 1, offset)?[0] & 1 == 1;
        let len = u64::from_le_bytes(take(&mut rest, 8, offset)?.try_into()?);
        let len = usize::try_from(len)
            .with_context(|| format!("archive entry {path:?}: length {len} too large"))?;
        let bytes = take(&mut rest, len, offset)?.to_vec();
        files.push(Entry {
            path,
            executable,
            bytes,
        });
    }
    Ok(files)
}

/// The next `n` bytes of `rest`, or an error naming the entry that starts at `offset`.
fn take<'a>(rest: &mut &'a [u8], n: usize, offset: usize) -> Result<&'a [u8]> {
    if rest.len() < n {
        bail!("the embedded archive ends inside the entry at byte {offset}");
    }
    let (head, tail) = rest.split_at(n);
    *rest = tail;
    Ok(head)
}

/// Puts the patched evcxr_jupyter into the home: `--evcxr PATH` when given; else keeps one
/// already there; else copies the one `cargo xtask setup` built in the checkout this binary was
/// built from (found through its build's target dir), else builds it from `kernel/`.
pub fn provide_evcxr(layout: &Layout, given: Option<&Path>) -> Result<()> {
    if let Some(binary) = given {
        if !binary.is_file() {
            bail!("--evcxr {}: no such file", binary.display());
        }
        return copy_evcxr(layout, binary);
    }
    if build::current(layout) {
        println!(
            "home: evcxr_jupyter {EVCXR_VERSION} present ({})",
            layout.evcxr_jupyter().display()
        );
        return Ok(());
    }
    // The checkout's binary, when it was built from the same inputs as the home's kernel/.
    let wanted = build::stamp(&layout.root)?;
    let built_from = [
        option_env!("TRADEDEF_BUILD_TARGET_DIR").map(PathBuf::from),
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target")),
    ];
    for target in built_from.into_iter().flatten() {
        let binary = target.join("tools/bin/evcxr_jupyter");
        let stamp =
            fs::read_to_string(target.join("tools/evcxr_jupyter.stamp")).unwrap_or_default();
        if binary.is_file() && stamp == wanted {
            return copy_evcxr(layout, &binary);
        }
    }
    build::build(layout)
}

/// Copies `binary` to the home's `target/tools/bin/evcxr_jupyter`. Its stamp: the stamp of a
/// binary built from the home's own inputs when the one beside `binary` is exactly that (so the
/// next install finds it current), else a line naming where it came from.
fn copy_evcxr(layout: &Layout, binary: &Path) -> Result<()> {
    let destination = layout.evcxr_jupyter();
    if let Some(dir) = destination.parent() {
        fs::create_dir_all(dir)?;
    }
    let fresh = destination.with_extension("new");
    fs::copy(binary, &fresh)
        .with_context(|| format!("copying {} into the home", binary.display()))?;
    fs::rename(&fresh, &destination)?;
    let beside = binary
        .parent()
        .and_then(Path::parent)
        .and_then(|tools| fs::read_to_string(tools.join("evcxr_jupyter.stamp")).ok());
    let stamp = match beside {
        Some(stamp) if build::stamp(&layout.root).ok().as_ref() == Some(&stamp) => stamp,
        beside => {
            let origin = beside
                .and_then(|s| s.lines().next().map(str::to_string))
                .unwrap_or_else(|| format!("evcxr_jupyter {EVCXR_VERSION} (given, not checked)"));
            format!("{origin}; copied from {}\n", binary.display())
        }
    };
    fs::write(layout.evcxr_stamp(), stamp)?;
    println!("home: evcxr_jupyter copied from {}", binary.display());
    Ok(())
}

/// Downloads the crates of the home's lockfile that cargo's cache lacks: the kernel builds
/// offline (`:offline 1`). Not `--locked`: the home's workspace has fewer members than the
/// checkout's, so cargo drops the lockfile's unused entries (the versions it keeps are the same).
pub fn fetch(home: &Path) -> Result<()> {
    run(Command::new(cargo())
        .args(["fetch", "--quiet", "--manifest-path"])
        .arg(home.join("Cargo.toml"))
        .current_dir(home))
    .context("downloading the notebook library's dependencies (the kernel builds offline)")
}

/// Fills `to` (the home's first build dir) from the prepared evcxr build dir `from` when `to`
/// has no build yet: with the launcher's `seed_build_dir` (hard links to the compiled crates,
/// copies of what cargo rewrites), else, where hard links cannot be made (another filesystem,
/// another user's files), by copying the whole tree with every file's modification time (cargo
/// compares them to decide what is fresh). Takes the source slot's lock file when it has one, so
/// no kernel starts in it while it is copied; a kernel already running there is named and the
/// copy goes ahead (what it changes meanwhile is rebuilt at the first start).
pub fn seed(from: &Path, to: &Path) -> Result<()> {
    if to.join("target").is_dir() {
        println!(
            "home: {} already holds a build; --seed-from ignored",
            to.display()
        );
        return Ok(());
    }
    let lock_path = PathBuf::from(format!("{}.lock", from.display()));
    let _lock = fs::OpenOptions::new()
        .append(true)
        .open(&lock_path)
        .ok()
        .inspect(|file| {
            if !try_lock(file) {
                println!(
                    "home: a kernel is running in {}: copying it anyway",
                    from.display()
                );
            }
        });
    let started = std::time::Instant::now();
    let partial = PathBuf::from(format!("{}.seeding", to.display()));
    if partial.exists() {
        fs::remove_dir_all(&partial)?;
    }
    if to.exists() {
        fs::remove_dir_all(to)?;
    }
    let linked = Command::new("/bin/sh")
        .arg("-c")
        .arg(format!("{SEED_FUNCTION}\nseed_build_dir \"$1\" \"$2\""))
        .args([Path::new("seed_build_dir"), from, to])
        .status()
        .is_ok_and(|status| status.success());
    let how = if linked {
        "hard links to the compiled crates".to_string()
    } else {
        let _ = fs::remove_dir_all(to);
        let bytes = copy_tree(from, &partial)
            .with_context(|| format!("copying {} to {}", from.display(), partial.display()))?;
        fs::rename(&partial, to)?;
        format!(
            "a copy of {} MiB: hard links could not be made",
            bytes >> 20
        )
    };
    println!(
        "home: seeded {} from {} in {:.0} s ({how})",
        to.display(),
        from.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

#[cfg(unix)]
fn try_lock(file: &fs::File) -> bool {
    use std::os::fd::AsRawFd;
    // SAFETY: flock on a file descriptor this function borrows; released when `file` closes.
    unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) == 0 }
}

#[cfg(not(unix))]
fn try_lock(_: &fs::File) -> bool {
    true
}

/// Copies the tree `from` to `to` with modification times kept (symbolic links are copied as
/// links); returns the bytes copied. `evcxr-analysis` (rust-analyzer's copy of the manifest) is
/// left out: the kernel writes its own.
fn copy_tree(from: &Path, to: &Path) -> Result<u64> {
    fs::create_dir_all(to)?;
    let mut bytes = 0;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if name == "evcxr-analysis" || name == ".cargo-lock" {
            continue;
        }
        let (source, target) = (entry.path(), to.join(&name));
        let kind = entry.file_type()?;
        if kind.is_dir() {
            bytes += copy_tree(&source, &target)?;
        } else if kind.is_symlink() {
            #[cfg(unix)]
            std::os::unix::fs::symlink(fs::read_link(&source)?, &target)?;
        } else {
            bytes += fs::copy(&source, &target)?;
            let modified = entry.metadata()?.modified()?;
            fs::File::options()
                .write(true)
                .open(&target)?
                .set_modified(modified)?;
        }
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_archive_holds_what_the_kernel_compiles() {
        let files = read_archive(ARCHIVE).unwrap();
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        for needed in [
            "Cargo.toml",
            "Cargo.lock",
            "rust-toolchain.toml",
            "crates/tradedef/Cargo.toml",
            "crates/tradedef/src/lib.rs",
            "crates/tradedef/src/prelude.rs",
            // the products module's sources (the skipped data/products is the fetched data)
            "crates/tradedef/src/data/products/mod.rs",
            "crates/tradedef-notebook/Cargo.toml",
            "crates/tradedef-notebook/src/lib.rs",
            "data/deflators.toml",
            "kernel/Cargo.toml",
            "kernel/evcxr.patch",
        ] {
            assert!(paths.contains(&needed), "{needed} not in the archive");
        }
        let manifest = &files.iter().find(|f| f.path == "Cargo.toml").unwrap().bytes;
        let manifest = String::from_utf8_lossy(manifest);
        assert!(
            manifest.contains("members = [\"crates/tradedef\", \"crates/tradedef-notebook\"]"),
            "{manifest}"
        );
        assert!(!manifest.contains("default-members"), "{manifest}");
        assert!(manifest.contains("[workspace.dependencies]"), "{manifest}");
    }

    #[test]
    fn a_damaged_archive_is_an_error_naming_where() {
        use std::io::Write;
        let mut raw = MAGIC.to_vec();
        raw.extend_from_slice(&5u32.to_le_bytes());
        raw.extend_from_slice(b"../x");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&raw).unwrap();
        let err = read_archive(&gz.finish().unwrap()).unwrap_err();
        assert!(
            err.to_string().contains("ends inside the entry at byte 16"),
            "{err}"
        );
        let mut raw = MAGIC.to_vec();
        raw.extend_from_slice(&4u32.to_le_bytes());
        raw.extend_from_slice(b"../x");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&raw).unwrap();
        let err = read_archive(&gz.finish().unwrap()).unwrap_err();
        assert!(err.to_string().contains("leaves the home"), "{err}");
        assert!(read_archive(b"not gzip").is_err());
    }
}
