//! The kernel binary, built from `kernel/`: evcxr_jupyter 0.22.0 and evcxr 0.22.0 as crates.io
//! published them (each `.crate` checked against its sha256), each patched by
//! `kernel/<crate>.patch`, then `cargo build --release --locked` of `kernel/Cargo.toml`.
//!
//! One builder for both layouts: a checkout (`cargo xtask setup` runs `tradedef kernel install`)
//! and a home outside one. A stamp beside the binary records a sha256 of every input, so the
//! next install rebuilds only when one of them changed (kernel/README.md).

use super::{EVCXR_VERSION, Layout};
use anyhow::{Context, Result, bail};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A crate the kernel patches: its name and the sha256 of its published `.crate`.
struct Published {
    name: &'static str,
    sha256: &'static str,
}

/// The patched crates. The checksums are crates.io's: evcxr's as the published evcxr_jupyter
/// 0.22.0's Cargo.lock gives it, evcxr_jupyter's as kernel/Cargo.lock held it before that crate
/// was patched too.
const PUBLISHED: [Published; 2] = [
    Published {
        name: "evcxr",
        sha256: "ee69caeeefc311959b85962458e370d8eccb165123edbc5270134aaee6d7ed80",
    },
    Published {
        name: "evcxr_jupyter",
        sha256: "3ce0d7b3058f68a9673df4f1266b641942fea0ec131881d095306e509a382764",
    },
];

/// What the binary is built from: a change to any of them makes the next install rebuild it.
const INPUTS: [&str; 5] = [
    "kernel/evcxr.patch",
    "kernel/evcxr_jupyter.patch",
    "kernel/Cargo.toml",
    "kernel/Cargo.lock",
    "kernel/src/main.rs",
];

/// The stamp of a binary built from the inputs under `root` now: its first words are the
/// version (`Layout::evcxr_version` reads them), then a sha256 over every input.
pub(super) fn stamp(root: &Path) -> Result<String> {
    let mut all = Vec::new();
    for input in INPUTS {
        let path = root.join(input);
        let bytes = fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        all.extend_from_slice(input.as_bytes());
        all.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        all.extend_from_slice(&bytes);
    }
    Ok(format!(
        "evcxr_jupyter {EVCXR_VERSION} (evcxr_jupyter and evcxr {EVCXR_VERSION} + kernel/*.patch, inputs sha256 {})\n",
        tradedef::data::sha256_hex(&all)
    ))
}

/// Whether the layout's binary was built from its inputs as they are now.
pub(super) fn current(layout: &Layout) -> bool {
    layout.evcxr_jupyter().is_file()
        && stamp(&layout.root).ok() == fs::read_to_string(layout.evcxr_stamp()).ok()
}

/// Builds the binary into the layout's `target/tools/bin/evcxr_jupyter` and writes its stamp
/// (several minutes: evcxr pulls in rust-analyzer's crates).
pub(super) fn build(layout: &Layout) -> Result<()> {
    let root = &layout.root;
    let target = root.join("target");
    println!(
        "kernel: building evcxr_jupyter {EVCXR_VERSION} on evcxr {EVCXR_VERSION}, both patched by \
         kernel/*.patch, into {} (about 6 minutes on 2 cores) ...",
        layout.evcxr_jupyter().display()
    );
    let started = std::time::Instant::now();
    fs::create_dir_all(&target).with_context(|| format!("creating {}", target.display()))?;
    for published in &PUBLISHED {
        let crate_file = published_crate(root, published)?;
        extract_and_patch(root, published, &crate_file)?;
    }
    let build_dir = target.join("tools-build");
    run(Command::new(cargo())
        .args(["build", "--release", "--locked", "--manifest-path"])
        .arg(root.join("kernel/Cargo.toml"))
        .arg("--target-dir")
        .arg(&build_dir)
        .current_dir(root))?;
    let binary = layout.evcxr_jupyter();
    let dir = binary
        .parent()
        .context("the kernel binary's path has no folder")?;
    fs::create_dir_all(dir)?;
    let fresh = dir.join(".evcxr_jupyter.new");
    fs::copy(build_dir.join("release/evcxr_jupyter"), &fresh)
        .context("copying the built evcxr_jupyter")?;
    fs::rename(&fresh, &binary)?;
    fs::write(layout.evcxr_stamp(), stamp(root)?)?;
    println!(
        "kernel: evcxr_jupyter built in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Extracts the published crate into `target/<name>-patched` and applies its patch.
fn extract_and_patch(root: &Path, published: &Published, crate_file: &Path) -> Result<()> {
    let target = root.join("target");
    let extracted = target.join(format!("{}-{EVCXR_VERSION}", published.name));
    let patched = target.join(format!("{}-patched", published.name));
    for dir in [&extracted, &patched] {
        if dir.exists() {
            fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
        }
    }
    run(Command::new("tar")
        .arg("-xzf")
        .arg(crate_file)
        .arg("-C")
        .arg(&target))
    .with_context(|| format!("extracting {} with `tar` (install tar)", published.name))?;
    fs::rename(&extracted, &patched).with_context(|| {
        format!(
            "{} did not hold {}-{EVCXR_VERSION}",
            crate_file.display(),
            published.name
        )
    })?;
    let patch = root.join(format!("kernel/{}.patch", published.name));
    run(Command::new("patch")
        .args(["-p1", "--batch", "--forward", "--quiet", "-d"])
        .arg(&patched)
        .arg("-i")
        .arg(&patch))
    .with_context(|| format!("applying {} with `patch` (install patch)", patch.display()))
}

/// The published `NAME-VERSION.crate` in cargo's cache, checked against its sha256; fetched
/// (with a one-line manifest) when the cache lacks it.
fn published_crate(root: &Path, published: &Published) -> Result<PathBuf> {
    if let Some(found) = cached_crate(published)? {
        return Ok(found);
    }
    let fetch_dir = root.join("target/kernel-fetch");
    fs::create_dir_all(&fetch_dir)?;
    fs::write(
        fetch_dir.join("Cargo.toml"),
        format!(
            "# Written by `tradedef kernel install` to fetch the published crates it patches.\n\
             [package]\nname = \"kernel-fetch\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
             publish = false\n\n[lib]\npath = \"lib.rs\"\n\n[dependencies]\n\
             evcxr = \"={EVCXR_VERSION}\"\nevcxr_jupyter = \"={EVCXR_VERSION}\"\n\n[workspace]\n"
        ),
    )?;
    fs::write(fetch_dir.join("lib.rs"), "")?;
    fs::copy(root.join("kernel/Cargo.lock"), fetch_dir.join("Cargo.lock"))?;
    run(Command::new(cargo())
        .args(["fetch", "--quiet", "--manifest-path"])
        .arg(fetch_dir.join("Cargo.toml")))?;
    cached_crate(published)?.with_context(|| {
        format!(
            "cargo fetched {} {EVCXR_VERSION}, but its .crate is not in cargo's cache",
            published.name
        )
    })
}

fn cached_crate(published: &Published) -> Result<Option<PathBuf>> {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .context("neither $CARGO_HOME nor $HOME is set")?;
    let Ok(registries) = fs::read_dir(cargo_home.join("registry/cache")) else {
        return Ok(None);
    };
    for registry in registries {
        let candidate = registry?
            .path()
            .join(format!("{}-{EVCXR_VERSION}.crate", published.name));
        if candidate.is_file() {
            let digest = tradedef::data::sha256_hex(&fs::read(&candidate)?);
            if digest == published.sha256 {
                return Ok(Some(candidate));
            }
            println!(
                "kernel: {} has sha256 {digest}, not the published {}; ignored",
                candidate.display(),
                published.sha256
            );
        }
    }
    Ok(None)
}

/// `cargo` as the user runs it ($CARGO when a cargo started this program).
pub(super) fn cargo() -> std::ffi::OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// Runs a command with inherited output; fails naming it.
pub(super) fn run(command: &mut Command) -> Result<()> {
    let shown = format!("{command:?}");
    let status = command
        .status()
        .with_context(|| format!("could not start {shown}"))?;
    if !status.success() {
        bail!("{shown} failed ({status})");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stamp_changes_with_any_input() {
        let root = std::env::temp_dir().join(format!("tradedef-stamp-{}", std::process::id()));
        fs::create_dir_all(root.join("kernel/src")).unwrap();
        for input in INPUTS {
            fs::write(root.join(input), input).unwrap();
        }
        let first = stamp(&root).unwrap();
        assert!(first.starts_with(&format!("evcxr_jupyter {EVCXR_VERSION} ")));
        assert_eq!(stamp(&root).unwrap(), first);
        for input in INPUTS {
            fs::write(root.join(input), "changed").unwrap();
            assert_ne!(stamp(&root).unwrap(), first, "{input} is not in the stamp");
            fs::write(root.join(input), input).unwrap();
        }
        fs::remove_file(root.join(INPUTS[1])).unwrap();
        assert!(stamp(&root).unwrap_err().to_string().contains(INPUTS[1]));
        fs::remove_dir_all(&root).unwrap();
    }
}
