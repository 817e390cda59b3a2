//! `cargo xtask setup`: everything the notebooks need, installed idempotently.
//!
//! 1. the `rust-src` component (evcxr uses rust-analyzer on the standard library);
//! 2. `.venv/` with the pinned Python packages of notebooks/requirements.txt;
//! 3. `cargo fetch --locked`: every crate of Cargo.lock downloaded, because the kernel builds
//!    offline (`:offline 1`);
//! 4. `tradedef kernel install --sys-prefix`: the kernel binary (evcxr_jupyter 0.22.0 on evcxr
//!    0.22.0, both patched by kernel/*.patch, built into `target/tools/` when its inputs changed;
//!    crates/tradedef-cli/src/cmd/kernel/build.rs), the kernelspec into `.venv`, and a first
//!    build of the notebook library and its dependencies;
//! 5. Chromium (`apt-get install chromium`), the headless browser a test opens the report in.
//!
//! Each step is skipped when its result is already in place.

use crate::project::{Project, run_command};
use anyhow::{Context, Result, bail};
use std::process::Command;

/// Runs the whole set-up.
pub fn run(project: &Project) -> Result<()> {
    rust_src(project)?;
    python_env(project)?;
    fetch(project)?;
    kernel(project)?;
    chromium()?;
    println!("setup: done");
    Ok(())
}

fn rust_src(project: &Project) -> Result<()> {
    let output = Command::new("rustup")
        .args(["component", "list", "--installed"])
        .current_dir(&project.root)
        .output()
        .context("could not run `rustup`: install Rust with rustup (https://rustup.rs)")?;
    if String::from_utf8_lossy(&output.stdout)
        .lines()
        .any(|l| l.starts_with("rust-src"))
    {
        println!("setup: rust-src present");
        return Ok(());
    }
    println!("setup: adding rust-src");
    run_command(
        Command::new("rustup")
            .args(["component", "add", "rust-src"])
            .current_dir(&project.root),
    )
}

/// A Python ≥ 3.9 to create the virtualenv with: $PYTHON, else python3.11, else python3.
fn base_python() -> Result<String> {
    let candidates = std::env::var("PYTHON")
        .into_iter()
        .chain(["python3.11".to_string(), "python3".to_string()]);
    for candidate in candidates {
        let ok = Command::new(&candidate)
            .args([
                "-c",
                "import sys, venv; sys.exit(sys.version_info < (3, 9))",
            ])
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
        if ok {
            return Ok(candidate);
        }
    }
    bail!(
        "no Python 3.9+ with the venv module found: install python3 and python3-venv (or set $PYTHON)"
    )
}

fn python_env(project: &Project) -> Result<()> {
    if !project.python().is_file() {
        let python = base_python()?;
        println!("setup: creating {} with {python}", project.venv().display());
        run_command(
            Command::new(&python)
                .args(["-m", "venv"])
                .arg(project.venv()),
        )?;
    }
    let wanted = std::fs::read_to_string(project.requirements())
        .with_context(|| format!("reading {}", project.requirements().display()))?;
    let stamp = project.venv().join("requirements.installed.txt");
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str()) {
        println!("setup: Python packages up to date");
        return Ok(());
    }
    println!("setup: installing pinned Python packages from notebooks/requirements.txt");
    crate::project::pip_install(
        &project.python(),
        [
            std::ffi::OsStr::new("-r"),
            project.requirements().as_os_str(),
        ],
    )?;
    std::fs::write(&stamp, wanted)?;
    Ok(())
}

/// Downloads every locked crate (a no-op when all are in cargo's cache): the kernel resolves and
/// builds offline.
fn fetch(project: &Project) -> Result<()> {
    println!("setup: cargo fetch --locked (the kernel builds offline)");
    let mut command = project.cargo();
    command.args(["fetch", "--locked", "--quiet"]);
    run_command(&mut command)
}

fn kernel(project: &Project) -> Result<()> {
    let mut command = Command::new(project.build_tradedef()?);
    command
        .current_dir(&project.root)
        .args(["kernel", "install", "--sys-prefix"]);
    crate::project::remove_cargo_run_vars(&mut command);
    if project.kernel_build_dir().join("slot-0/target").is_dir() {
        // Already built once: the next kernel start rebuilds only what changed.
        command.arg("--no-prebuild");
    }
    command.env("VIRTUAL_ENV", project.venv());
    run_command(&mut command)
}

/// Where a test looks for Chromium.
const CHROMIUM: [&str; 3] = [
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
];

/// The installed Chromium, if any.
pub fn chromium_path() -> Option<std::path::PathBuf> {
    CHROMIUM
        .iter()
        .map(std::path::PathBuf::from)
        .find(|p| p.is_file())
}

/// Installs Chromium with apt-get (as root, or through sudo) unless one is present.
fn chromium() -> Result<()> {
    if let Some(found) = chromium_path().map(|p| p.display().to_string()) {
        println!("setup: chromium present ({found})");
        return Ok(());
    }
    println!("setup: installing chromium (apt-get)");
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0"));
    let apt = |args: &[&str]| {
        let mut cmd = if root {
            Command::new("apt-get")
        } else {
            let mut c = Command::new("sudo");
            c.arg("apt-get");
            c
        };
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    run_command(&mut apt(&["update", "-q"]))?;
    run_command(&mut apt(&["install", "-y", "-q", "chromium"]))
        .context("could not install chromium: install it with your package manager")
}
