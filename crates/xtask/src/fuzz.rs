//! `cargo xtask fuzz [--seconds N] [TARGET…]`: runs the fuzz targets of `fuzz/` (one per reader)
//! with cargo-fuzz, each for N seconds, growing the corpus in `fuzz/corpus/<target>/`.
//!
//! It runs on the pinned stable toolchain: cargo-fuzz needs only `-Z` flags that
//! `RUSTC_BOOTSTRAP=1` unlocks, and with `--sanitizer none` no sanitizer runtime. The
//! instrumented build goes to `<target dir>/fuzz` (several GB; delete it when done). cargo-fuzz
//! is installed into `target/tools/` when no `cargo fuzz` is found. Not part of `setup` or
//! `test`: the test command only replays the corpus (tests/tests/suite/fuzz_corpus.rs).
//!
//! A crash leaves its input in `fuzz/artifacts/<target>/`; copy it into the corpus (it becomes a
//! regression input of the replay test), fix the reader, and add a case to
//! tests/tests/suite/bad_input.rs.

use crate::project::{Project, run_command};
use anyhow::{Context, Result, bail};
use clap::Args;
use std::process::Command;
use std::time::Instant;

/// Every fuzz target: the stems of `fuzz/fuzz_targets/*.rs`, sorted (read from the folder, so
/// a new target needs no list of its own here).
fn all_targets(fuzz_dir: &std::path::Path) -> Result<Vec<String>> {
    let dir = fuzz_dir.join("fuzz_targets");
    let mut names = Vec::new();
    for entry in std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "rs")
            && let Some(stem) = path.file_stem().and_then(|s| s.to_str())
        {
            names.push(stem.to_string());
        }
    }
    names.sort();
    Ok(names)
}

/// Options of `cargo xtask fuzz`.
#[derive(Debug, Args)]
pub struct FuzzArgs {
    /// How long each target runs.
    #[arg(long, default_value_t = 150)]
    seconds: u64,
    /// The targets to run (default: all).
    targets: Vec<String>,
}

/// Runs the targets one after the other; prints a table of runs, executions and crashes.
pub fn run(project: &Project, args: &FuzzArgs) -> Result<()> {
    let cargo_fuzz = ensure_cargo_fuzz(project)?;
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| project.root.join("target"), std::path::PathBuf::from)
        .join("fuzz");
    let fuzz_dir = project.root.join("fuzz");
    let known = all_targets(&fuzz_dir)?;
    let targets: Vec<&str> = if args.targets.is_empty() {
        known.iter().map(String::as_str).collect()
    } else {
        args.targets.iter().map(String::as_str).collect()
    };
    if let Some(unknown) = targets.iter().find(|t| !known.iter().any(|k| k == *t)) {
        bail!("no fuzz target `{unknown}`; targets: {}", known.join(", "));
    }
    let mut rows = Vec::new();
    for target in targets {
        let corpus = fuzz_dir.join("corpus").join(target);
        std::fs::create_dir_all(&corpus)?;
        println!("fuzz: {target} for {} s", args.seconds);
        let started = Instant::now();
        let output = cargo_fuzz_command(&cargo_fuzz)
            .args([
                "run",
                "--sanitizer",
                "none",
                "-O",
                "--debug-assertions",
                "--codegen-units",
                "16",
            ])
            .arg("--target-dir")
            .arg(&target_dir)
            .arg(target)
            .arg(&corpus)
            .args([
                "--",
                &format!("-max_total_time={}", args.seconds),
                "-timeout=20",
                "-rss_limit_mb=3072",
                "-max_len=262144",
                "-print_final_stats=1",
            ])
            .current_dir(&fuzz_dir)
            .env("RUSTC_BOOTSTRAP", "1")
            .output()?;
        let log = String::from_utf8_lossy(&output.stderr);
        let execs = stat(&log, "stat::number_of_executed_units:");
        let crashed = !output.status.success();
        if crashed {
            let tail: Vec<&str> = log.lines().rev().take(30).collect();
            println!("{}", tail.into_iter().rev().collect::<Vec<_>>().join("\n"));
        }
        rows.push((
            target,
            started.elapsed().as_secs(),
            execs,
            std::fs::read_dir(&corpus)?.count(),
            crashed,
        ));
    }
    println!("\n| target | seconds | executions | corpus files | crash |");
    println!("|---|---:|---:|---:|---|");
    for (target, seconds, execs, corpus, crashed) in &rows {
        println!(
            "| {target} | {seconds} | {} | {corpus} | {} |",
            execs.map_or("?".into(), |e| e.to_string()),
            if *crashed {
                "yes (see fuzz/artifacts)"
            } else {
                "none"
            }
        );
    }
    if rows.iter().any(|r| r.4) {
        bail!("a fuzz target crashed");
    }
    Ok(())
}

/// A number of libFuzzer's final statistics.
fn stat(log: &str, name: &str) -> Option<u64> {
    log.lines()
        .find_map(|l| l.strip_prefix(name))
        .and_then(|v| v.trim().parse().ok())
}

/// `cargo fuzz` as found: the `cargo-fuzz` on PATH, or the one installed in `target/tools/`.
fn cargo_fuzz_command(binary: &std::path::Path) -> Command {
    let mut command = Command::new(binary);
    command.arg("fuzz");
    command
}

/// The cargo-fuzz binary: on PATH if it answers, else `target/tools/bin/cargo-fuzz`, installed
/// there (from crates.io, `--locked`) when missing.
fn ensure_cargo_fuzz(project: &Project) -> Result<std::path::PathBuf> {
    let answers = |binary: &std::path::Path| {
        cargo_fuzz_command(binary)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let on_path = std::path::PathBuf::from("cargo-fuzz");
    if answers(&on_path) {
        return Ok(on_path);
    }
    let local = project.tools_root().join("bin/cargo-fuzz");
    if !answers(&local) {
        println!(
            "fuzz: installing cargo-fuzz into {} (a few minutes)",
            project.tools_root().display()
        );
        run_command(
            project
                .cargo()
                .args(["install", "--locked", "cargo-fuzz", "--root"])
                .arg(project.tools_root()),
        )?;
    }
    Ok(local)
}
