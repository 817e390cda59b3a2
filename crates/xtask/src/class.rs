//! A class on one machine: several "Rust (tradedef)" kernels started at the same moment.
//!
//! - `cargo xtask class-check` (a step of the test command): three students' kernels, each in a
//!   folder of its own, run an exercise notebook at once beside a kernel whose cell aborts and
//!   one whose cell never ends. Every student's notebook must pass, what a cell writes must land
//!   in its own folder, and no kernel may compile polars: a kernel that finds slot 0 taken gets a
//!   new slot seeded from it by the launcher (`seed.sh`), whose compiled crates are hard links.
//! - `cargo xtask bench-class`: one kernel alone, then N at once (2, 4, 8 by default), each
//!   time from a state where only slot 0 is built; each kernel's time to ready and to its first
//!   table, the machine's peak memory and the build dirs' disk use, written into
//!   notebooks/README.md between the bench-class markers.

use crate::project::{KERNEL_NAME, Project};
use anyhow::{Context, Result, bail};
use clap::Args;
use serde::Deserialize;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

/// Arguments of `cargo xtask bench-class`.
#[derive(Debug, Args)]
pub struct ClassArgs {
    /// How many kernels to start at once, one run each (after a single start).
    #[arg(long, value_delimiter = ',', default_value = "2,4,8")]
    kernels: Vec<usize>,
    /// Print the table without writing it into notebooks/README.md.
    #[arg(long)]
    no_write: bool,
}

/// The first cell every kernel runs: a table, as a notebook's first cell shows one.
const TABLE_CELL: &str = "load(\"us_japan_goods_trade\").unwrap().frame().tail(Some(6))";
/// The notebook every student's kernel of the check runs.
const EXERCISE: &str = "notebooks/exercises/E1-bilateral-balance.ipynb";
const MARK_START: &str = "<!-- bench-class:start -->";
const MARK_END: &str = "<!-- bench-class:end -->";

/// One run of the benchmark: how many kernels, with or without rust-analyzer's background load.
struct Row {
    kernels: usize,
    preload: bool,
    run: ClassRun,
}

/// What the driver's `class` command reports.
#[derive(Debug, Deserialize)]
struct ClassRun {
    members: Vec<Member>,
    memory_baseline: u64,
    memory_peak: u64,
    disk_before: Option<u64>,
    disk_after: Option<u64>,
}

#[derive(Debug, Deserialize)]
struct Member {
    role: String,
    folder: String,
    ok: bool,
    #[serde(default)]
    ready: Option<f64>,
    #[serde(default)]
    first_table: Option<f64>,
    #[serde(default)]
    build_dir: Option<String>,
    #[serde(default)]
    failures: Vec<serde_json::Value>,
}

/// The test step: a class of three at once, with a crashing and a runaway kernel beside it.
pub fn check(project: &Project) -> Result<()> {
    free_new_slots(project)?;
    let run = class_run(
        project,
        3,
        &["--crash", "--runaway", "--notebook", EXERCISE],
        true,
    )?;
    let mut problems = Vec::new();
    for member in &run.members {
        println!(
            "class-check: {} in {}: {} (ready {}, first table {}, build dir {})",
            member.role,
            member.folder,
            if member.ok { "ok" } else { "FAILED" },
            seconds(member.ready),
            seconds(member.first_table),
            member.build_dir.as_deref().unwrap_or("unknown"),
        );
        if !member.ok {
            problems.push(format!(
                "{} in {}: {:?}",
                member.role, member.folder, member.failures
            ));
        }
    }
    let students: Vec<&Member> = run.members.iter().filter(|m| m.role == "student").collect();
    let mut dirs: Vec<&str> = students
        .iter()
        .filter_map(|m| m.build_dir.as_deref())
        .collect();
    dirs.sort();
    dirs.dedup();
    if dirs.len() != students.len() {
        problems.push(format!("students shared build dirs: {dirs:?}"));
    }
    for dir in dirs {
        if let Some(problem) = compiled_polars_again(project, Path::new(dir))? {
            problems.push(problem);
        }
    }
    println!(
        "class-check: peak memory {} MiB above the {} MiB in use before; build dirs {} → {} MiB",
        (run.memory_peak.saturating_sub(run.memory_baseline)) >> 20,
        run.memory_baseline >> 20,
        run.disk_before.unwrap_or(0) >> 20,
        run.disk_after.unwrap_or(0) >> 20,
    );
    free_new_slots(project)?;
    if !problems.is_empty() {
        bail!("class check failed:\n{}", problems.join("\n"));
    }
    Ok(())
}

/// `cargo xtask bench-class`.
pub fn bench(project: &Project, args: &ClassArgs) -> Result<()> {
    let load_at_start = crate::bench::load_average();
    let mut rows = Vec::new();
    let sizes: Vec<usize> = std::iter::once(1)
        .chain(args.kernels.iter().copied())
        .collect();
    // Each size with rust-analyzer's background load (the default), then again without it
    // (`TRADEDEF_KERNEL_PRELOAD=0`, the class-server setting).
    for preload in [true, false] {
        for &kernels in &sizes {
            free_new_slots(project)?;
            println!("bench-class: {kernels} kernel(s) at once, preload {preload} ...");
            let run = class_run(project, kernels, &[], preload)?;
            if let Some(failed) = run.members.iter().find(|m| !m.ok) {
                bail!("a kernel failed in the run of {kernels}: {failed:?}");
            }
            rows.push(Row {
                kernels,
                preload,
                run,
            });
        }
    }
    free_new_slots(project)?;
    let table = render(project, &rows, &load_at_start);
    println!("{table}");
    if !args.no_write {
        crate::bench::write_between(
            &project.notebooks_dir().join("README.md"),
            MARK_START,
            MARK_END,
            &table,
        )?;
        println!("bench-class: table written into notebooks/README.md");
    }
    Ok(())
}

/// Runs the driver's `class` command with `kernels` students (and `extra` arguments).
fn class_run(project: &Project, kernels: usize, extra: &[&str], preload: bool) -> Result<ClassRun> {
    if !project.kernelspec().is_file() {
        bail!(
            "run `cargo xtask setup` first (no kernelspec at {})",
            project.kernelspec().display()
        );
    }
    let root = project.root.join("target/class");
    if root.exists() {
        std::fs::remove_dir_all(&root).with_context(|| format!("removing {}", root.display()))?;
    }
    let mut command = Command::new(project.python());
    command
        .arg(project.driver())
        .args(["class", "--kernel", KERNEL_NAME, "--kernels"])
        .arg(kernels.to_string())
        .arg("--root")
        .arg(&root)
        .arg("--build-dirs")
        .arg(project.kernel_build_dir())
        .arg("--cell")
        .arg(TABLE_CELL)
        .args(extra)
        .current_dir(&project.root)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("TRADEDEF_KERNEL_PRELOAD", if preload { "1" } else { "0" });
    crate::project::remove_cargo_run_vars(&mut command);
    let output = command
        .output()
        .context("running the notebook driver's class command")?;
    let text = String::from_utf8_lossy(&output.stdout);
    let line = text.lines().last().unwrap_or("");
    let run: ClassRun = serde_json::from_str(line).with_context(|| {
        format!(
            "the class run printed no report:\n{text}\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    })?;
    Ok(run)
}

/// Removes the build dirs of slots 1 and up, so the next kernels seed them from slot 0; fails
/// when a kernel is running in one (its lock file is held).
fn free_new_slots(project: &Project) -> Result<()> {
    let base = project.kernel_build_dir();
    let Ok(entries) = std::fs::read_dir(&base) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let Some(slot) = name
            .strip_prefix("slot-")
            .map(|rest| rest.trim_end_matches(".seeding"))
            .filter(|n| n.parse::<u32>().is_ok_and(|n| n > 0))
        else {
            continue;
        };
        let lock = base.join(format!("slot-{slot}.lock"));
        if lock.exists() {
            let free = Command::new("flock")
                .arg("-n")
                .arg(&lock)
                .arg("true")
                .status()
                .is_ok_and(|s| s.success());
            if !free {
                bail!(
                    "a kernel is running in slot-{slot} of {}: stop it first",
                    base.display()
                );
            }
        }
        if entry.path().is_dir() {
            std::fs::remove_dir_all(entry.path())
                .with_context(|| format!("removing {}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// Whether the kernel in `dir` compiled polars itself: slot 0 is the prepared build; any other
/// slot must hold polars as hard links to it (seeded), never a file of its own.
fn compiled_polars_again(project: &Project, dir: &Path) -> Result<Option<String>> {
    use std::os::unix::fs::MetadataExt;
    if dir == project.kernel_build_dir().join("slot-0") {
        return Ok(None);
    }
    let mut found = 0;
    for profile in [
        "target/debug/deps",
        "target/x86_64-unknown-linux-gnu/debug/deps",
    ] {
        let Ok(entries) = std::fs::read_dir(dir.join(profile)) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if name.starts_with("libpolars_core-") && name.ends_with(".rlib") {
                found += 1;
                if entry.metadata()?.nlink() < 2 {
                    return Ok(Some(format!(
                        "{} compiled polars itself ({name} is no link to slot 0's)",
                        dir.display()
                    )));
                }
            }
        }
    }
    if found == 0 {
        return Ok(Some(format!("{}: no polars build found", dir.display())));
    }
    Ok(None)
}

fn seconds(value: Option<f64>) -> String {
    value.map_or("–".into(), |v| format!("{v:.1} s"))
}

/// Smallest, median and largest of `values`, as "a / b / c s".
fn spread(values: &[f64]) -> String {
    if values.is_empty() {
        return "–".into();
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() / 2];
    format!(
        "{:.1} / {:.1} / {:.1} s",
        sorted[0],
        median,
        sorted[sorted.len() - 1]
    )
}

fn worst(members: &[Member], pick: fn(&Member) -> Option<f64>) -> Option<f64> {
    members.iter().filter_map(pick).max_by(f64::total_cmp)
}

fn render(project: &Project, rows: &[Row], load_at_start: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Measured by `cargo xtask bench-class` on {}, {}; load average (1/5/15 min) {} at the start, {} at the end. Each run starts its kernels at the same moment, each in a folder of its own, with only slot 0 built (the other slots deleted before it); the cell is `{}`. \"preload on\" is the default kernel (rust-analyzer loads in the background once the machine has a core to spare); \"off\" sets `TRADEDEF_KERNEL_PRELOAD=0`, the class-server setting.\n",
        crate::bench::today(),
        crate::bench::machine_words(project),
        load_at_start,
        crate::bench::load_average(),
        TABLE_CELL.replace('|', "\\|"),
    );
    out.push_str("| kernels at once | rust-analyzer preload | ready (fastest / median / slowest) | start → first table (fastest / median / slowest) | peak memory added | build dirs' disk (before → after) |\n|---|---|---|---|---|---|\n");
    for row in rows {
        let run = &row.run;
        let ready: Vec<f64> = run.members.iter().filter_map(|m| m.ready).collect();
        let table: Vec<f64> = run.members.iter().filter_map(|m| m.first_table).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} MiB | {} → {} MiB |",
            row.kernels,
            if row.preload { "on" } else { "off" },
            spread(&ready),
            spread(&table),
            run.memory_peak.saturating_sub(run.memory_baseline) >> 20,
            run.disk_before.unwrap_or(0) >> 20,
            run.disk_after.unwrap_or(0) >> 20,
        );
    }
    let _ = writeln!(out, "\nTargets (issue 27):\n");
    for row in rows {
        let single = rows
            .iter()
            .find(|r| r.kernels == 1 && r.preload == row.preload);
        let setting = if row.preload {
            "preload on"
        } else {
            "preload off"
        };
        let ready = worst(&row.run.members, |m| m.ready);
        let table = worst(&row.run.members, |m| m.first_table);
        let verdict = match row.kernels {
            8 => Some(format!(
                "8 at once ({setting}): every kernel ready ≤ 15 s (slowest {}) and its first table ≤ 30 s (slowest {}): **{}**",
                seconds(ready),
                seconds(table),
                met(ready.is_some_and(|r| r <= 15.0) && table.is_some_and(|t| t <= 30.0)),
            )),
            2 => single.map(|alone| {
                let (r1, t1) = (
                    worst(&alone.run.members, |m| m.ready),
                    worst(&alone.run.members, |m| m.first_table),
                );
                format!(
                    "2 at once within 1.5× of a single start ({setting}): ready {} against {} alone, first table {} against {}: **{}**",
                    seconds(ready),
                    seconds(r1),
                    seconds(table),
                    seconds(t1),
                    met(matches!((ready, r1, table, t1), (Some(r), Some(a), Some(t), Some(b)) if r <= 1.5 * a && t <= 1.5 * b)),
                )
            }),
            _ => None,
        };
        if let Some(line) = verdict {
            let _ = writeln!(out, "- {line}");
        }
    }
    out
}

fn met(ok: bool) -> &'static str {
    if ok { "met" } else { "not met" }
}
