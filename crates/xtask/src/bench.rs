//! `cargo xtask bench-notebooks`: how long until a notebook shows its first table.
//!
//! Scenarios, each a fresh kernel started through Jupyter (jupyter_client) from a folder
//! without evcxr.toml, with kernelspecs written under `target/bench/jupyter`:
//! - tradedef kernel, cold: empty evcxr build dir and empty `:cache` (a fresh machine);
//! - tradedef kernel, warm: the same again (a restart, or opening the next notebook);
//! - stock setup, cold and warm: evcxr_jupyter without config, `:dep polars` in the first cell,
//!   a fresh temporary build dir per start (evcxr's default) and no `:cache`;
//! - the shipped notebooks through `cargo xtask notebooks`: median seconds per code cell;
//! - with `--baseline BIN`: the warm tradedef scenario again with another evcxr_jupyter binary
//!   (the stock 0.22.0, to compare with the patched one of kernel/), then the patched one again;
//!   `--warm-build-dir DIR` runs in an already built dir and skips the cold row.
//!
//! Every scenario starts `target/tools/bin/evcxr_jupyter` (the patched build) unless named
//! otherwise: the "stock" rows are the stock *set-up* (`:dep polars`, no config).
//!
//! Prints the table and writes it into notebooks/README.md between the bench markers.

use crate::notebooks::{self, NotebooksArgs};
use crate::project::Project;
use anyhow::{Context, Result, bail};
use clap::Args;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Arguments of `cargo xtask bench-notebooks`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Skip the stock-setup scenarios (each compiles polars from scratch: ~6 minutes).
    #[arg(long)]
    skip_stock: bool,
    /// Print the table without writing it into notebooks/README.md.
    #[arg(long)]
    no_write: bool,
    /// Run the tradedef kernel in this already built evcxr build dir (e.g. target/evcxr/slot-0,
    /// while no kernel uses it) instead of an empty one, and skip the cold row: warm rows only,
    /// minutes instead of a full cold build.
    #[arg(long, value_name = "DIR")]
    warm_build_dir: Option<PathBuf>,
    /// Also run the warm tradedef scenario with this evcxr_jupyter binary (e.g. the stock
    /// 0.22.0, `cargo install evcxr_jupyter --version 0.22.0`), same build dir and cells.
    #[arg(long, value_name = "BIN")]
    baseline: Option<PathBuf>,
}

const TABLE_CELL: &str = "load(\"us_japan_goods_trade\").unwrap().frame().tail(Some(6))";
/// The first `let` of a session: evcxr's embedded rust-analyzer infers its type, and its first
/// inference analyses the whole dependency graph. A plain integer isolates that one-off cost.
const FIRST_LET_CELL: &str = "let warm_up = 1;";
const VARIABLE_CELL: &str = "let trade = load(\"us_japan_goods_trade\").unwrap();";
const SIMPLE_CELL: &str = "1 + 1";
/// The cell shape notebook users write most, early in a session: define, then show.
const DEFINE_AND_SHOW_CELL: &str =
    "let partners = load(\"partners\")?;\npartners.meta().id.clone()";
/// A chart built from a value its own `let` moved into it (the patched kernel shows the image).
const CHART_MOVES_LET_CELL: &str =
    "let points = vec![(2020.0, 1.0), (2021.0, 2.0)];\nLineChart::new(\"A\").series(\"a\", points)";
/// A table with a filter on the lazy engine, the cookbook's most common shape.
const LAZY_TABLE_CELL: &str = "load(\"us_goods_trade_by_partner\")?.lazy().filter(col(\"year\").eq(lit(2024))).collect()?.head(Some(3))";
const STOCK_DEP_CELL: &str = ":dep polars = { version = \"=0.55.2\", default-features = false, features = [\"lazy\", \"fmt\"] }";
const STOCK_TABLE_CELL: &str =
    "use polars::prelude::*;\ndf!(\"year\" => [2023, 2024], \"value\" => [1.5, 2.5]).unwrap()";
const STOCK_VARIABLE_CELL: &str =
    "let frame = df!(\"year\" => [2023, 2024], \"value\" => [1.5, 2.5]).unwrap();";
const MARK_START: &str = "<!-- bench-notebooks:start -->";
const MARK_END: &str = "<!-- bench-notebooks:end -->";

struct Session {
    startup: f64,
    cells: Vec<f64>,
}

/// Runs the benchmark.
pub fn run(project: &Project, args: &BenchArgs) -> Result<()> {
    if !project.python().is_file() || !project.evcxr_jupyter().is_file() {
        bail!("run `cargo xtask setup` first");
    }
    let load_at_start = load_average();
    let bench = project.root.join("target/bench");
    let work = bench.join("work");
    std::fs::create_dir_all(&work)?;
    let toolchain = toolchain(project);
    let tradedef_build = match &args.warm_build_dir {
        Some(dir) => crate::absolute(std::slice::from_ref(dir)).remove(0),
        None => bench.join("tradedef-build"),
    };
    let tradedef_cache = bench.join("cache-tradedef");
    let stock_cache = bench.join("cache-stock");
    let stock_config = bench.join("stock-config");
    std::fs::create_dir_all(&stock_config)?;
    write_spec(
        project,
        &bench,
        "bench-tradedef",
        &[
            (
                "EVCXR_CONFIG_DIR",
                project.root.join("target/kernel/config"),
            ),
            ("EVCXR_TMPDIR", tradedef_build.clone()),
            ("XDG_CACHE_HOME", tradedef_cache.clone()),
        ],
        &toolchain,
    )?;
    write_spec(
        project,
        &bench,
        "bench-stock",
        &[
            ("EVCXR_CONFIG_DIR", stock_config.clone()),
            ("XDG_CACHE_HOME", stock_cache.clone()),
        ],
        &toolchain,
    )?;

    let mut rows = Vec::new();
    let mut dirs_to_empty = vec![&tradedef_cache];
    if args.warm_build_dir.is_none() {
        dirs_to_empty.push(&tradedef_build);
    }
    for dir in dirs_to_empty {
        remove_dir(dir)?;
    }
    std::fs::create_dir_all(&tradedef_build)?;
    std::fs::copy(
        project.root.join("Cargo.lock"),
        tradedef_build.join("Cargo.lock"),
    )?;
    let tradedef_cells = [
        TABLE_CELL,
        FIRST_LET_CELL,
        VARIABLE_CELL,
        SIMPLE_CELL,
        DEFINE_AND_SHOW_CELL,
        CHART_MOVES_LET_CELL,
        LAZY_TABLE_CELL,
    ];
    let labels: &[&str] = if args.warm_build_dir.is_some() {
        &["tradedef kernel, warm (build dir kept)"]
    } else {
        &[
            "tradedef kernel, cold (empty build dir and cache)",
            "tradedef kernel, warm (second start)",
        ]
    };
    for label in labels {
        println!("bench: {label} ...");
        let s = session(project, &bench, &work, "bench-tradedef", &tradedef_cells)?;
        rows.push((label.to_string(), s));
    }
    if let Some(binary) = &args.baseline {
        let env = [
            (
                "EVCXR_CONFIG_DIR",
                project.root.join("target/kernel/config"),
            ),
            ("EVCXR_TMPDIR", tradedef_build.clone()),
            ("XDG_CACHE_HOME", tradedef_cache.clone()),
        ];
        write_spec_with(binary, &bench, "bench-baseline", &env, &toolchain)?;
        let label = format!(
            "same build dir, warm, baseline kernel binary (`--baseline {}`)",
            binary.display()
        );
        println!("bench: {label} ...");
        let s = session(project, &bench, &work, "bench-baseline", &tradedef_cells)?;
        rows.push((label, s));
        // The patched kernel again after the baseline: both orders in one run.
        let label = "tradedef kernel, warm, again after the baseline";
        println!("bench: {label} ...");
        let s = session(project, &bench, &work, "bench-tradedef", &tradedef_cells)?;
        rows.push((label.to_string(), s));
    }
    if !args.skip_stock {
        remove_dir(&stock_cache)?;
        let stock_cells = [
            STOCK_DEP_CELL,
            STOCK_TABLE_CELL,
            FIRST_LET_CELL,
            STOCK_VARIABLE_CELL,
            SIMPLE_CELL,
        ];
        for label in [
            "stock evcxr, `:dep polars` in cell 1, cold",
            "stock evcxr, second start (no :cache, fresh tmpdir)",
        ] {
            println!("bench: {label} ...");
            let s = session(project, &bench, &work, "bench-stock", &stock_cells)?;
            // Fold the :dep cell into start-up: it is the price paid before the first table.
            let startup = s.startup + s.cells[0];
            rows.push((
                label.to_string(),
                Session {
                    startup,
                    cells: s.cells[1..].to_vec(),
                },
            ));
        }
    }
    println!("bench: shipped notebooks ...");
    let timings_file = bench.join("notebook-timings.json");
    let _ = std::fs::remove_file(&timings_file);
    let notebook_result = notebooks::run(
        project,
        &NotebooksArgs {
            timings_json: Some(timings_file.clone()),
            ..NotebooksArgs::default()
        },
    );
    let notebook_cells = read_timings(&timings_file).unwrap_or_default();

    let table = render(
        &toolchain,
        &load_at_start,
        &rows,
        &notebook_cells,
        notebook_result.is_ok(),
    );
    println!("{table}");
    if !args.no_write {
        write_readme(project, &table)?;
        println!("bench: table written into notebooks/README.md");
    }
    Ok(())
}

fn toolchain(project: &Project) -> String {
    std::fs::read_to_string(project.root.join("rust-toolchain.toml"))
        .ok()
        .and_then(|t| {
            t.lines().find_map(|l| {
                l.trim().strip_prefix("channel").map(|r| {
                    r.trim()
                        .trim_start_matches('=')
                        .trim()
                        .trim_matches('"')
                        .to_string()
                })
            })
        })
        .unwrap_or_else(|| "stable".into())
}

fn remove_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    Ok(())
}

fn write_spec(
    project: &Project,
    bench: &Path,
    name: &str,
    env: &[(&str, PathBuf)],
    toolchain: &str,
) -> Result<()> {
    write_spec_with(&project.evcxr_jupyter(), bench, name, env, toolchain)
}

/// A kernelspec `name` under `bench` that starts `binary`.
fn write_spec_with(
    binary: &Path,
    bench: &Path,
    name: &str,
    env: &[(&str, PathBuf)],
    toolchain: &str,
) -> Result<()> {
    let dir = bench.join("jupyter/kernels").join(name);
    std::fs::create_dir_all(&dir)?;
    let mut env_json: Vec<String> = env
        .iter()
        .map(|(k, v)| format!("{k:?}: {:?}", v.display().to_string()))
        .collect();
    env_json.push(format!("\"RUSTUP_TOOLCHAIN\": {toolchain:?}"));
    let json = format!(
        "{{\"argv\": [{:?}, \"--control_file\", \"{{connection_file}}\"],\n \"display_name\": {name:?},\n \"language\": \"rust\",\n \"interrupt_mode\": \"message\",\n \"env\": {{{}}}}}\n",
        binary.display().to_string(),
        env_json.join(", ")
    );
    std::fs::write(dir.join("kernel.json"), json)?;
    Ok(())
}

fn session(
    project: &Project,
    bench: &Path,
    work: &Path,
    kernel: &str,
    cells: &[&str],
) -> Result<Session> {
    let mut command = Command::new(project.python());
    command
        .arg(project.driver())
        .args(["bench", "--kernel", kernel, "--cwd"])
        .arg(work)
        .env("JUPYTER_PATH", bench.join("jupyter"))
        .env("PYTHONDONTWRITEBYTECODE", "1");
    crate::project::remove_cargo_run_vars(&mut command);
    for cell in cells {
        command.arg("--cell").arg(cell);
    }
    let output = command.output().context("running the bench driver")?;
    let text = String::from_utf8_lossy(&output.stdout);
    let line = text.lines().last().unwrap_or("");
    if !output.status.success() {
        bail!(
            "bench session {kernel} failed:\n{text}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    // The driver prints one JSON object; pick the numbers out without a JSON dependency.
    let startup = number_after(line, "\"startup_seconds\": ").context("no startup_seconds")?;
    let cells = line
        .match_indices("\"seconds\": ")
        .filter_map(|(i, m)| number_after(&line[i..], m))
        .collect();
    Ok(Session { startup, cells })
}

fn number_after(text: &str, key: &str) -> Option<f64> {
    let start = text.find(key)? + key.len();
    let rest = &text[start..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}

fn read_timings(path: &Path) -> Option<Vec<f64>> {
    let text = std::fs::read_to_string(path).ok()?;
    // {"nb": [1.2, 3.4], ...}: every number inside brackets.
    let mut values = Vec::new();
    for part in text.split('[').skip(1) {
        let inside = part.split(']').next()?;
        values.extend(
            inside
                .split(',')
                .filter_map(|v| v.trim().parse::<f64>().ok()),
        );
    }
    Some(values)
}

fn median(values: &[f64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| a.total_cmp(b));
    sorted.get(sorted.len() / 2).copied()
}

fn machine(toolchain: &str, load_at_start: &str) -> String {
    format!(
        "{date}, {cores_cpu}, Rust {toolchain}, evcxr_jupyter {v} on evcxr {v} + \
         kernel/evcxr.patch (the `baseline` row: the binary named there); load average \
         (1/5/15 min) {load_at_start} at the start, {load_at_end} at the end",
        date = today(),
        cores_cpu = cores_and_cpu(),
        v = crate::project::EVCXR_VERSION,
        load_at_end = load_average()
    )
}

/// "N cores (CPU model)" of this machine.
fn cores_and_cpu() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    format!("{cores} cores ({cpu})")
}

/// The machine and the kernel a benchmark ran on, in words: cores, CPU, Rust, evcxr_jupyter.
pub(crate) fn machine_words(project: &Project) -> String {
    format!(
        "{}, Rust {}, evcxr_jupyter {v} on evcxr {v} + kernel/evcxr.patch",
        cores_and_cpu(),
        toolchain(project),
        v = crate::project::EVCXR_VERSION,
    )
}

/// Today's date (UTC), as `YYYY-MM-DD`.
pub(crate) fn today() -> String {
    Command::new("date")
        .args(["-u", "+%Y-%m-%d"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

/// The 1-, 5- and 15-minute load averages (other work on a shared machine skews every figure).
pub(crate) fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|t| t.split_whitespace().take(3).collect::<Vec<_>>().join(" / "))
        .unwrap_or_else(|| "unknown".into())
}

fn render(
    toolchain: &str,
    load_at_start: &str,
    rows: &[(String, Session)],
    notebook_cells: &[f64],
    notebooks_ok: bool,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Measured by `cargo xtask bench-notebooks` on {}.\n",
        machine(toolchain, load_at_start)
    );
    let _ = writeln!(
        out,
        "| scenario | kernel ready | first table cell | start → first table | first `let` of the session | keep a table in a variable (a later `let`) | `1 + 1` | define and show | chart from a moved `let` | lazy filter to a table |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|---|");
    for (label, s) in rows {
        let cell = |i: usize| {
            s.cells
                .get(i)
                .map(|v| format!("{v:.2} s"))
                .unwrap_or_else(|| "–".into())
        };
        let first = s
            .cells
            .first()
            .map(|v| format!("{:.1} s", s.startup + v))
            .unwrap_or_else(|| "–".into());
        let _ = writeln!(
            out,
            "| {label} | {:.1} s | {} | {first} | {} | {} | {} | {} | {} | {} |",
            s.startup,
            cell(0),
            cell(1),
            cell(2),
            cell(3),
            cell(4),
            cell(5),
            cell(6)
        );
    }
    match median(notebook_cells) {
        Some(m) => {
            let _ = writeln!(
                out,
                "\nShipped notebooks: median {m:.2} s per code cell over {} cells{}.",
                notebook_cells.len(),
                if notebooks_ok {
                    ""
                } else {
                    " (some notebooks failed and are not counted)"
                }
            );
        }
        None => {
            let _ = writeln!(out, "\nShipped notebooks: no timings (the run failed).");
        }
    }
    if rows.iter().any(|(label, _)| label.starts_with("stock")) {
        let _ = writeln!(
            out,
            "For the stock rows, \"kernel ready\" includes the `:dep polars` cell, which compiles polars."
        );
    }
    out
}

fn write_readme(project: &Project, table: &str) -> Result<()> {
    write_between(
        &project.notebooks_dir().join("README.md"),
        MARK_START,
        MARK_END,
        table,
    )
}

/// Writes `table` into the file at `path` between the markers `start` and `end` (appended under a
/// heading of its own when the file has no markers yet).
pub(crate) fn write_between(path: &Path, start: &str, end: &str, table: &str) -> Result<()> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let block = format!("{start}\n{table}{end}");
    let updated = match (text.find(start), text.find(end)) {
        (Some(at), Some(until)) if until > at => {
            format!("{}{block}{}", &text[..at], &text[until + end.len()..])
        }
        _ => format!("{text}\n## Benchmark\n\n{block}\n"),
    };
    std::fs::write(path, updated).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}
