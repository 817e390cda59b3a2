//! `cargo xtask setup`'s kernel step: evcxr_jupyter 0.22.0 built on a patched evcxr 0.22.0.
//!
//! `kernel/` is a crate of its own (outside the workspace, with the lockfile evcxr_jupyter 0.22.0
//! was published with) whose `[patch.crates-io]` points `evcxr` at `target/evcxr-patched`:
//! evcxr 0.22.0 as published, with `kernel/evcxr.patch` applied (kernel/README.md gives the
//! reason for each change). The step, skipped when the stamp says the installed binary was built
//! from the same inputs:
//! 1. `cargo fetch` of a manifest depending on `evcxr = "=0.22.0"` alone puts the published
//!    `evcxr-0.22.0.crate` into cargo's cache (skipped when it is there); its sha256 is checked
//!    against the one crates.io published;
//! 2. `tar` extracts it into `target/evcxr-patched`, `patch -p1` applies the patch;
//! 3. `cargo build --release --locked` of `kernel/` (target dir `target/tools-build`), the binary
//!    copied to `target/tools/bin/evcxr_jupyter`, where the kernelspec starts it;
//! 4. the stamp `target/tools/evcxr_jupyter.stamp`: the version and a hash of the inputs.

use crate::project::{EVCXR_VERSION, Project, run_command};
use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// sha256 of `evcxr-0.22.0.crate` as published on crates.io (evcxr_jupyter 0.22.0's Cargo.lock).
const EVCXR_CRATE_SHA256: &str = "ee69caeeefc311959b85962458e370d8eccb165123edbc5270134aaee6d7ed80";

/// The files the binary is built from: a change to any of them rebuilds it.
const INPUTS: [&str; 4] = [
    "kernel/evcxr.patch",
    "kernel/Cargo.toml",
    "kernel/Cargo.lock",
    "kernel/src/main.rs",
];

/// Builds and installs the kernel binary unless the stamp matches its inputs.
pub fn install(project: &Project) -> Result<()> {
    let stamp = stamp_text(project)?;
    if project.evcxr_jupyter().is_file()
        && std::fs::read_to_string(project.evcxr_stamp())
            .ok()
            .as_deref()
            == Some(stamp.as_str())
    {
        println!("setup: evcxr_jupyter {EVCXR_VERSION} (patched evcxr) present");
        return Ok(());
    }
    println!(
        "setup: building evcxr_jupyter {EVCXR_VERSION} on evcxr {EVCXR_VERSION} + kernel/evcxr.patch \
         into {} (about 6 minutes on 2 cores)",
        project.tools_root().display()
    );
    let started = Instant::now();
    let crate_file = published_crate(project)?;
    extract_and_patch(project, &crate_file)?;
    let target_dir = project.root.join("target/tools-build");
    run_command(
        project
            .cargo()
            .args(["build", "--release", "--locked", "--manifest-path"])
            .arg(project.root.join("kernel/Cargo.toml"))
            .arg("--target-dir")
            .arg(&target_dir),
    )?;
    // Copy, then rename: a running kernel keeps its (old) binary.
    let bin = project.evcxr_jupyter();
    let dir = bin.parent().context("kernel binary path has no parent")?;
    std::fs::create_dir_all(dir)?;
    let fresh = dir.join(".evcxr_jupyter.new");
    std::fs::copy(target_dir.join("release/evcxr_jupyter"), &fresh)
        .context("copying the built evcxr_jupyter")?;
    std::fs::rename(&fresh, &bin)?;
    std::fs::write(project.evcxr_stamp(), stamp)?;
    println!(
        "setup: evcxr_jupyter built in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `evcxr_jupyter VERSION (evcxr VERSION + kernel/evcxr.patch, inputs sha256 …)`.
fn stamp_text(project: &Project) -> Result<String> {
    let mut hasher = Sha256::new();
    for input in INPUTS {
        let path = project.root.join(input);
        let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        hasher.update(input.as_bytes());
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    Ok(format!(
        "evcxr_jupyter {EVCXR_VERSION} (evcxr {EVCXR_VERSION} + kernel/evcxr.patch, inputs sha256 {})\n",
        hex(&hasher.finalize())
    ))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The published `evcxr-VERSION.crate` in cargo's cache, fetched by cargo when missing.
fn published_crate(project: &Project) -> Result<PathBuf> {
    if let Some(found) = cached_crate()? {
        return Ok(found);
    }
    let fetch_dir = project.root.join("target/evcxr-fetch");
    std::fs::create_dir_all(&fetch_dir)?;
    std::fs::write(
        fetch_dir.join("Cargo.toml"),
        format!(
            "# Written by `cargo xtask setup` to fetch the published evcxr {EVCXR_VERSION}.\n\
             [package]\nname = \"evcxr-fetch\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
             publish = false\n\n[lib]\npath = \"lib.rs\"\n\n[dependencies]\n\
             evcxr = \"={EVCXR_VERSION}\"\n\n[workspace]\n"
        ),
    )?;
    std::fs::write(fetch_dir.join("lib.rs"), "")?;
    // The kernel's lockfile keeps the dependencies at the versions it locks.
    std::fs::copy(
        project.root.join("kernel/Cargo.lock"),
        fetch_dir.join("Cargo.lock"),
    )?;
    run_command(
        project
            .cargo()
            .args(["fetch", "--quiet", "--manifest-path"])
            .arg(fetch_dir.join("Cargo.toml")),
    )?;
    cached_crate()?.with_context(|| {
        format!("cargo fetched evcxr {EVCXR_VERSION}, but its .crate is not in cargo's cache")
    })
}

/// `$CARGO_HOME/registry/cache/*/evcxr-VERSION.crate` with the published checksum, if present.
fn cached_crate() -> Result<Option<PathBuf>> {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .context("neither $CARGO_HOME nor $HOME is set")?;
    let Ok(registries) = std::fs::read_dir(cargo_home.join("registry/cache")) else {
        return Ok(None);
    };
    for registry in registries {
        let candidate = registry?
            .path()
            .join(format!("evcxr-{EVCXR_VERSION}.crate"));
        if candidate.is_file() {
            let digest = hex(&Sha256::digest(std::fs::read(&candidate)?));
            if digest == EVCXR_CRATE_SHA256 {
                return Ok(Some(candidate));
            }
            println!(
                "setup: {} has sha256 {digest}, not the published {EVCXR_CRATE_SHA256}; ignored",
                candidate.display()
            );
        }
    }
    Ok(None)
}

/// A fresh `target/evcxr-patched`: the published sources with kernel/evcxr.patch applied.
fn extract_and_patch(project: &Project, crate_file: &Path) -> Result<()> {
    let target = project.root.join("target");
    let extracted = target.join(format!("evcxr-{EVCXR_VERSION}"));
    let patched = target.join("evcxr-patched");
    for dir in [&extracted, &patched] {
        if dir.exists() {
            std::fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
        }
    }
    run_command(
        Command::new("tar")
            .arg("-xzf")
            .arg(crate_file)
            .arg("-C")
            .arg(&target),
    )
    .context("extracting evcxr with `tar` (install tar)")?;
    if !extracted.join("Cargo.toml").is_file() {
        bail!(
            "{} did not hold evcxr-{EVCXR_VERSION}/Cargo.toml",
            crate_file.display()
        );
    }
    std::fs::rename(&extracted, &patched)?;
    run_command(
        Command::new("patch")
            .args(["-p1", "--batch", "--forward", "--quiet", "-d"])
            .arg(&patched)
            .arg("-i")
            .arg(project.root.join("kernel/evcxr.patch")),
    )
    .context("applying kernel/evcxr.patch with `patch` (install patch)")
}
