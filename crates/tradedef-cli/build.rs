//! Packs what the notebook kernel needs outside the checkout into one compressed archive, which
//! `tradedef kernel install` unpacks into the kernel's home (see src/cmd/kernel/home.rs):
//!
//! - the sources of `crates/tradedef` and `crates/tradedef-notebook` (the library the kernel
//!   preloads) and `data/` (which `crates/tradedef` embeds with `include_bytes!`);
//! - `Cargo.lock` and `rust-toolchain.toml` (the same versions and compiler as the checkout);
//! - `kernel/` (the kernel binary's crate and `evcxr.patch`, to build `evcxr_jupyter` when no
//!   built one is given);
//! - a `Cargo.toml` made from the workspace's: the same `[workspace.package]`, dependencies,
//!   lints and profiles, with only the two crates above as members.
//!
//! Format (gzip-compressed): the magic line `tradedef-home 1\n`, then per file a little-endian
//! `u32` path length, the path (UTF-8, `/`-separated, relative), one byte of flags (1 =
//! executable) and a little-endian `u64` length followed by the bytes; a path length of 0 ends it.

use std::fs;
use std::hash::{DefaultHasher, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Folders and files of the repository that go into the archive, relative to its root.
const DIRS: [&str; 4] = [
    "crates/tradedef",
    "crates/tradedef-notebook",
    "data",
    "kernel",
];
const FILES: [&str; 4] = [
    "Cargo.lock",
    "rust-toolchain.toml",
    "LICENSE-MIT",
    "LICENSE-APACHE",
];

/// Left out: product-level trade that `tradedef data fetch` writes into the checkout (Parquet,
/// read at run time from a folder the user names, never compiled in).
const SKIPPED: [&str; 1] = ["data/products"];

/// The magic line that starts an archive (the reader checks it).
const MAGIC: &[u8] = b"tradedef-home 1\n";

fn main() {
    if let Err(message) = run() {
        // A build script reports a failure by exiting non-zero; cargo shows its stderr.
        eprintln!("tradedef-cli build script: {message}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let manifest_dir = PathBuf::from(env_var("CARGO_MANIFEST_DIR")?);
    let root = manifest_dir.join("../..");
    let out_dir = PathBuf::from(env_var("OUT_DIR")?);

    let mut files: Vec<(String, Vec<u8>, bool)> = Vec::new();
    println!(
        "cargo:rerun-if-changed={}",
        root.join("Cargo.toml").display()
    );
    files.push((
        "Cargo.toml".into(),
        home_manifest(&read(&root.join("Cargo.toml"))?)?.into_bytes(),
        false,
    ));
    for file in FILES {
        let path = root.join(file);
        println!("cargo:rerun-if-changed={}", path.display());
        files.push((file.to_string(), read_bytes(&path)?, false));
    }
    for dir in DIRS {
        let path = root.join(dir);
        println!("cargo:rerun-if-changed={}", path.display());
        collect(&root, &path, &mut files)?;
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));

    let mut raw = Vec::new();
    raw.extend_from_slice(MAGIC);
    for (path, bytes, executable) in &files {
        let len = u32::try_from(path.len()).map_err(|_| format!("path too long: {path}"))?;
        raw.extend_from_slice(&len.to_le_bytes());
        raw.extend_from_slice(path.as_bytes());
        raw.push(u8::from(*executable));
        raw.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        raw.extend_from_slice(bytes);
    }
    raw.extend_from_slice(&0u32.to_le_bytes());

    let mut hasher = DefaultHasher::new();
    hasher.write(&raw);
    // Level 1: the script reruns whenever the library or the data change, unoptimised in debug
    // builds. Measured 2026-12-06 on 17.7 MB: level 1 1.7 s and 10.0 MB, level 6 2.8 s and 9.5 MB.
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder
        .write_all(&raw)
        .and_then(|()| encoder.finish())
        .and_then(|gz| fs::write(out_dir.join("home.tar.gz"), gz))
        .map_err(|e| format!("writing the archive into {}: {e}", out_dir.display()))?;
    println!(
        "cargo:rustc-env=TRADEDEF_HOME_ARCHIVE_ID={:016x}-{}",
        hasher.finish(),
        raw.len()
    );
    // A hint only: where this build's target dir is (OUT_DIR is TARGET/PROFILE/build/PKG/out),
    // so `tradedef kernel install` can reuse an evcxr_jupyter built there by `cargo xtask setup`.
    if let Some(target) = out_dir.ancestors().nth(4) {
        println!(
            "cargo:rustc-env=TRADEDEF_BUILD_TARGET_DIR={}",
            target.display()
        );
    }
    Ok(())
}

fn env_var(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("${name} is not set"))
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, String> {
    fs::read(path).map_err(|e| format!("reading {}: {e}", path.display()))
}

/// Every file under `dir` (skipping `target` folders and hidden entries), with its path relative
/// to `root`.
fn collect(
    root: &Path,
    dir: &Path,
    files: &mut Vec<(String, Vec<u8>, bool)>,
) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("reading {}: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("reading {}: {e}", dir.display()))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || name == "target" {
            continue;
        }
        let path = entry.path();
        if SKIPPED.iter().any(|skipped| path == root.join(skipped)) {
            continue;
        }
        let kind = entry
            .file_type()
            .map_err(|e| format!("reading {}: {e}", path.display()))?;
        if kind.is_dir() {
            collect(root, &path, files)?;
        } else if kind.is_file() {
            let relative = path
                .strip_prefix(root)
                .map_err(|_| format!("{} is outside {}", path.display(), root.display()))?
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            files.push((relative, read_bytes(&path)?, is_executable(&entry)));
        }
    }
    Ok(())
}

#[cfg(unix)]
fn is_executable(entry: &fs::DirEntry) -> bool {
    use std::os::unix::fs::PermissionsExt;
    entry
        .metadata()
        .map(|m| m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

#[cfg(not(unix))]
fn is_executable(_: &fs::DirEntry) -> bool {
    false
}

/// The workspace's manifest with only the notebook library's crates as members: the `members`
/// list is replaced and `default-members` dropped; everything else (package fields that the
/// crates inherit, the pinned dependencies, lints, profiles) is kept as written.
fn home_manifest(workspace: &str) -> Result<String, String> {
    let mut out = String::from(
        "# Written by the tradedef CLI's build script from the workspace's Cargo.toml: the crates\n\
         # the notebook kernel compiles, outside the checkout (`tradedef kernel install`).\n",
    );
    let mut lines = workspace.lines();
    let mut replaced = false;
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("members") && trimmed.contains('[') && !replaced {
            if !trimmed.contains(']') {
                loop {
                    match lines.next() {
                        Some(l) if l.trim_start().starts_with(']') => break,
                        Some(_) => {}
                        None => return Err("Cargo.toml: `members = [` is never closed".into()),
                    }
                }
            }
            out.push_str("members = [\"crates/tradedef\", \"crates/tradedef-notebook\"]\n");
            replaced = true;
        } else if trimmed.starts_with("default-members") {
            continue;
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    if !replaced {
        return Err("Cargo.toml: no `members = [...]` list in [workspace]".into());
    }
    Ok(out)
}
