//! `cargo xtask bench-scale [--rows 1M,10M,50M] [--runs 3]`: four questions over synthetic
//! product-level trade (`cargo xtask gen-trade`), answered by tradedef's API (this program, built
//! in release), Python polars, DuckDB and pandas (pinned in `target/bench-venv`, which this
//! command creates), and the Python polars release built from the same engine as the Rust polars
//! crate tradedef uses (pinned in `target/bench-venv-same-engine`), on the same Parquet files:
//!
//! - (a) annual balance for every partner;
//! - (b) HS chapter 87's share of every bilateral deficit;
//! - (c) top-10 deficit partners per year;
//! - (d) 12-month rolling imports of chapter 87 from Japan (5880).
//!
//! Each engine answers each question in a process of its own, `--runs` times: the median time
//! and the process's peak resident memory (`/usr/bin/time -v`) are reported, and the answers of
//! all engines are compared (same rows, numbers within 1e-9 relative): any disagreement fails the
//! command; an engine that runs out of memory is recorded in the table as such. The table, the
//! machine, the versions and the date go into `docs/benchmarks.md`.
//!
//! `--check` (used by `cargo xtask test`): 100k rows, one run, nothing written, the tradedef
//! engine in this (debug) binary — it fails if any engine disagrees.

use crate::gen_trade::{self, GenArgs, parse_count};
use crate::project::Project;
use anyhow::{Context, Result, bail};
use clap::Args;
use polars::prelude::*;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;
use tradedef::analysis::products as q;
use tradedef::data::products::ProductTrade;

/// A Python environment of the benchmark: its folder under the project and what is pinned in it.
struct Venv {
    dir: &'static str,
    requirements: &'static [&'static str],
}

/// The peers: the newest Python polars, DuckDB and pandas.
const PEERS_VENV: Venv = Venv {
    dir: "target/bench-venv",
    requirements: &[
        "polars==2.1.0",
        "duckdb==2.0.0",
        "pandas==3.1.1",
        "pyarrow==26.0.1",
    ],
};

/// Python polars 1.43.2, whose engine is the one of the Rust polars 0.55 crates tradedef is
/// built on (the Rust 0.55 release notes: "DSL matches Python Polars 1.43.2",
/// <https://github.com/pola-rs/polars/pull/28697>). Against it, "tradedef / polars" measures
/// tradedef's own layer; against the newest release it also measures the engine's progress.
const SAME_ENGINE_VENV: Venv = Venv {
    dir: "target/bench-venv-same-engine",
    requirements: &["polars==1.43.2"],
};

/// Where an engine runs: in this program (tradedef) or in one of the two Python environments.
#[derive(Clone, Copy, PartialEq)]
enum Runner {
    ThisProgram,
    Peers,
    SameEngine,
}

/// The engines, in the order they run: name (as `bench_scale.py` knows it) and where it runs.
const ENGINES: [(&str, Runner); 5] = [
    ("tradedef", Runner::ThisProgram),
    ("polars-same-engine", Runner::SameEngine),
    ("polars", Runner::Peers),
    ("duckdb", Runner::Peers),
    ("pandas", Runner::Peers),
];
const QUESTIONS: [(&str, &str); 4] = [
    ("a", "annual balance, every partner"),
    ("b", "chapter 87's share of every bilateral deficit"),
    ("c", "top-10 deficit partners per year"),
    ("d", "12-month rolling imports, chapter 87 from Japan"),
];
const CHAPTER: &str = "87";
const PARTNER: &str = "5880";
const TOP: usize = 10;
const WINDOW: u32 = 12;
const SEED: u64 = 12;

/// Arguments of `cargo xtask bench-scale`.
#[derive(Debug, Args)]
pub struct BenchScaleArgs {
    /// Dataset sizes, comma-separated (e.g. 1M,10M,50M).
    #[arg(long, value_delimiter = ',', default_value = "1M,10M,50M", value_parser = parse_count)]
    rows: Vec<u64>,
    /// Runs per engine and question (the median is reported).
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Skip these engines (e.g. `--skip pandas` at sizes where it cannot fit in memory).
    #[arg(long, value_delimiter = ',')]
    skip: Vec<String>,
    /// Only check that every engine agrees at 100k rows (one run, nothing written).
    #[arg(long)]
    check: bool,
    /// Print the table without writing docs/benchmarks.md.
    #[arg(long)]
    no_write: bool,
}

/// Arguments of the hidden `bench-query` command: one question with tradedef's API.
#[derive(Debug, Args)]
pub struct QueryArgs {
    question: String,
    data: PathBuf,
    runs: usize,
    out: PathBuf,
}

/// One engine's answer to one question at one size.
struct Measure {
    rows: u64,
    engine: String,
    question: String,
    median: f64,
    peak_mib: Option<f64>,
    /// Set when the engine ran out of memory (then `median` is NaN and there is no answer).
    out_of_memory: bool,
}

/// Runs the benchmark.
pub fn run(project: &Project, args: &BenchScaleArgs) -> Result<()> {
    if !args.check && cfg!(debug_assertions) {
        // measure optimised code: run this command again from a release build
        return crate::project::rerun_in_release(project, "bench-scale");
    }
    let sizes = if args.check {
        vec![100_000]
    } else {
        args.rows.clone()
    };
    let runs = if args.check { 1 } else { args.runs.max(1) };
    let python = bench_venv(project, &PEERS_VENV)?;
    let same_engine_python = bench_venv(project, &SAME_ENGINE_VENV)?;
    let root = project.root.join("target/bench-scale");
    std::fs::create_dir_all(&root)?;
    // a copy of this program runs the tradedef engine: a shared target folder may get another
    // build of `xtask` while the benchmark runs
    let engine_exe = root.join("tradedef-engine");
    std::fs::copy(std::env::current_exe()?, &engine_exe).context("copying the engine program")?;
    let mut measures = Vec::new();
    for &rows in &sizes {
        let data = root.join(format!("rows-{rows}"));
        ensure_data(&data, rows)?;
        let answers = root.join(format!("answers-{rows}"));
        std::fs::create_dir_all(&answers)?;
        for (question, label) in QUESTIONS {
            let mut files = Vec::new();
            for (engine, runner) in ENGINES {
                if args.skip.iter().any(|s| s == engine) {
                    continue;
                }
                let python = if runner == Runner::SameEngine {
                    &same_engine_python
                } else {
                    &python
                };
                let out = answers.join(format!("{question}-{engine}.csv"));
                let m = measure(
                    project,
                    python,
                    &engine_exe,
                    engine,
                    question,
                    &data,
                    runs,
                    &out,
                    args.check,
                )
                .with_context(|| format!("{engine}, question ({question}) {label}, {rows} rows"))?;
                println!(
                    "{rows:>10} rows  ({question}) {engine:<18} median {:>8.3} s  peak {}{}",
                    m.median,
                    m.peak_mib
                        .map_or("n/a".to_string(), |p| format!("{p:.0} MiB")),
                    if m.out_of_memory {
                        "  (out of memory)"
                    } else {
                        ""
                    }
                );
                if !m.out_of_memory {
                    files.push((engine, out));
                }
                measures.push(Measure { rows, ..m });
            }
            agree(question, &files)?;
        }
    }
    println!("every engine agrees on every question");
    if !args.check && !args.no_write {
        let page = project.root.join("docs/benchmarks.md");
        std::fs::create_dir_all(page.parent().unwrap_or(&project.root))?;
        let old = std::fs::read_to_string(&page).unwrap_or_default();
        let pythons = [&python, &same_engine_python];
        std::fs::write(
            &page,
            merge_page(&old, &report(project, &pythons, &measures, runs)?),
        )?;
        println!("wrote {}", page.display());
    }
    Ok(())
}

/// The step of `cargo xtask test`: every engine agrees at 100k rows.
pub fn check(project: &Project) -> Result<()> {
    run(
        project,
        &BenchScaleArgs {
            rows: vec![100_000],
            runs: 1,
            skip: Vec::new(),
            check: true,
            no_write: true,
        },
    )
}

/// The environment's Python, creating the venv with its pinned packages when missing or out of
/// date.
fn bench_venv(project: &Project, spec: &Venv) -> Result<PathBuf> {
    let venv = project.root.join(spec.dir);
    let python = venv.join("bin/python");
    let stamp = venv.join("tradedef-requirements.txt");
    let wanted = spec.requirements.join("\n");
    if python.is_file() && std::fs::read_to_string(&stamp).ok().as_deref() == Some(&wanted) {
        return Ok(python);
    }
    let started = Instant::now();
    println!(
        "creating {} ({})",
        venv.display(),
        spec.requirements.join(", ")
    );
    crate::project::run_command(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    crate::project::pip_install(&python, spec.requirements)?;
    std::fs::write(&stamp, &wanted)?;
    println!(
        "bench venv ready in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(python)
}

/// Generates the synthetic dataset of `rows` rows in `dir` unless it is there already.
fn ensure_data(dir: &Path, rows: u64) -> Result<()> {
    if let Ok(d) = ProductTrade::open(dir)
        && d.rows() == rows
        && d.sidecar().source_table.contains(&format!("seed {SEED}"))
        && d.sidecar()
            .source_table
            .contains(&format!("(generator {})", gen_trade::GENERATOR))
    {
        return Ok(());
    }
    let started = Instant::now();
    gen_trade::generate(&GenArgs {
        rows,
        out: dir.to_path_buf(),
        seed: SEED,
        first_year: 2015,
        years: 10,
    })?;
    println!(
        "generated {rows} rows in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Runs one engine on one question in a child process under `/usr/bin/time -v`.
#[allow(clippy::too_many_arguments)]
fn measure(
    project: &Project,
    python: &Path,
    engine_exe: &Path,
    engine: &str,
    question: &str,
    data: &Path,
    runs: usize,
    out: &Path,
    check: bool,
) -> Result<Measure> {
    let mut argv: Vec<std::ffi::OsString> = Vec::new();
    if engine == "tradedef" {
        argv.push(engine_exe.into());
        argv.push("bench-query".into());
    } else {
        argv.push(python.into());
        argv.push(project.root.join("crates/xtask/py/bench_scale.py").into());
        argv.push(engine.into());
    }
    argv.push(question.into());
    argv.push(data.into());
    argv.push(runs.to_string().into());
    argv.push(out.into());
    let timer = Path::new("/usr/bin/time");
    let output = if timer.is_file() && !check {
        Command::new(timer).arg("-v").args(&argv).output()?
    } else {
        Command::new(&argv[0]).args(&argv[1..]).output()?
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let peak_mib = stderr
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|kb| kb.trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0);
    if !output.status.success() {
        if ran_out_of_memory(&output.status, &stderr) {
            // recorded in the table, not a failure of the benchmark
            return Ok(Measure {
                rows: 0,
                engine: engine.to_string(),
                question: question.to_string(),
                median: f64::NAN,
                peak_mib,
                out_of_memory: true,
            });
        }
        bail!("{} failed ({}): {stdout}\n{stderr}", engine, output.status);
    }
    let line = stdout
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .with_context(|| format!("no result line in: {stdout}"))?;
    let json: serde_json::Value = serde_json::from_str(line)?;
    let mut seconds: Vec<f64> = json["seconds"]
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_f64()).collect())
        .unwrap_or_default();
    seconds.sort_by(f64::total_cmp);
    let median = seconds.get(seconds.len() / 2).copied().unwrap_or(f64::NAN);
    Ok(Measure {
        rows: 0,
        engine: engine.to_string(),
        question: question.to_string(),
        median,
        peak_mib,
        out_of_memory: false,
    })
}

/// Whether a failed engine process ran out of memory: killed by the kernel's OOM killer
/// (SIGKILL), or an allocation failure reported by Python (`MemoryError`), DuckDB or Rust.
fn ran_out_of_memory(status: &std::process::ExitStatus, stderr: &str) -> bool {
    use std::os::unix::process::ExitStatusExt;
    status.signal() == Some(9)
        || stderr.contains("Command terminated by signal 9")
        || stderr.contains("MemoryError")
        || stderr.contains("Out of Memory")
        || stderr.contains("memory allocation of")
}

/// `cargo xtask bench-query Q DATA RUNS OUT`: one question with tradedef's API; prints the
/// JSON result line and writes the answer as CSV.
pub fn query(args: &QueryArgs) -> Result<()> {
    let mut seconds = Vec::new();
    let mut answer = DataFrame::empty();
    for _ in 0..args.runs.max(1) {
        let started = Instant::now();
        let rows = ProductTrade::scan(&args.data)?;
        let plan = match args.question.as_str() {
            "a" => q::annual_balance(rows),
            "b" => q::chapter_share_of_deficits(rows, CHAPTER),
            "c" => q::top_deficit_partners(rows, TOP),
            "d" => q::rolling_imports(rows, CHAPTER, PARTNER, WINDOW),
            other => bail!("no question `{other}` (a, b, c or d)"),
        };
        answer = q::collect(plan, "bench question")?;
        seconds.push(started.elapsed().as_secs_f64());
    }
    let columns: &[&str] = match args.question.as_str() {
        "a" => &["year", "cty_code", "exports", "imports", "balance"],
        "b" => &[
            "year",
            "cty_code",
            "balance",
            "chapter_balance",
            "share_pct",
        ],
        "c" => &["year", "cty_code", "balance"],
        _ => &["year", "month", "imports", "rolling"],
    };
    let mut text = String::new();
    for i in 0..answer.height() {
        let cells: Vec<String> = columns
            .iter()
            .map(|c| {
                let v = answer
                    .column(c)
                    .and_then(|s| s.get(i))
                    .map(|v| v.into_static());
                match v {
                    Ok(AnyValue::Float64(x)) => format!("{x:?}"),
                    Ok(AnyValue::String(s)) => s.to_string(),
                    Ok(AnyValue::StringOwned(s)) => s.to_string(),
                    Ok(other) => other.to_string(),
                    Err(e) => format!("error: {e}"),
                }
            })
            .collect();
        text.push_str(&cells.join(","));
        text.push('\n');
    }
    std::fs::write(&args.out, text)?;
    println!(
        "{}",
        serde_json::json!({"engine": "tradedef", "question": args.question, "seconds": seconds, "rows": answer.height()})
    );
    Ok(())
}

/// Fails unless every engine's answer file has the same rows: text cells equal, numbers within
/// 1e-9 relative (sums in another order differ in the last bits).
fn agree(question: &str, files: &[(&str, PathBuf)]) -> Result<()> {
    let read = |p: &PathBuf| -> Result<Vec<Vec<String>>> {
        Ok(std::fs::read_to_string(p)?
            .lines()
            .map(|l| l.split(',').map(str::to_string).collect())
            .collect())
    };
    let Some((first_engine, first)) = files.first() else {
        return Ok(());
    };
    let reference = read(first)?;
    if reference.is_empty() {
        bail!("question ({question}): {first_engine} gave no rows");
    }
    for (engine, file) in &files[1..] {
        let other = read(file)?;
        if other.len() != reference.len() {
            bail!(
                "question ({question}): {engine} gave {} rows, {first_engine} {}",
                other.len(),
                reference.len()
            );
        }
        for (i, (a, b)) in reference.iter().zip(&other).enumerate() {
            let same = a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|(x, y)| match (x.parse::<f64>(), y.parse::<f64>()) {
                        (Ok(x), Ok(y)) => (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0),
                        _ => x == y,
                    });
            if !same {
                bail!(
                    "question ({question}), row {}: {first_engine} says [{}], {engine} says [{}]",
                    i + 1,
                    a.join(", "),
                    b.join(", ")
                );
            }
        }
    }
    Ok(())
}

fn command_output(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

const MARK_START: &str = "<!-- bench-scale:start -->";
const MARK_END: &str = "<!-- bench-scale:end -->";

/// The page with the measured part replaced by `measured`: the text outside the markers (a
/// reading of the figures, written by hand) stays.
fn merge_page(old: &str, measured: &str) -> String {
    let block = format!("{MARK_START}\n{measured}{MARK_END}\n");
    match (old.find(MARK_START), old.find(MARK_END)) {
        (Some(a), Some(b)) if a < b => {
            format!(
                "{}{block}\n{}",
                &old[..a],
                old[b + MARK_END.len()..].trim_start_matches('\n')
            )
        }
        _ => format!("# Benchmarks: product-level trade at scale\n\n{block}"),
    }
}

/// The measured part of the benchmarks page.
fn report(
    project: &Project,
    pythons: &[&PathBuf; 2],
    measures: &[Measure],
    runs: usize,
) -> Result<String> {
    let [peers, same_engine] = pythons.map(|p| p.to_string_lossy().to_string());
    let versions = command_output(
        &peers,
        &[
            "-c",
            "import sys, polars, duckdb, pandas, pyarrow; print(f'Python {sys.version.split()[0]}, polars {polars.__version__}, DuckDB {duckdb.__version__}, pandas {pandas.__version__}, pyarrow {pyarrow.__version__}')",
        ],
    );
    let same_engine_version = command_output(
        &same_engine,
        &["-c", "import polars; print(polars.__version__)"],
    );
    let rust_polars = locked_version(&project.root, "polars")
        .unwrap_or_else(|| "(version not found in Cargo.lock)".to_string());
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines().find_map(|l| {
                l.strip_prefix("model name")
                    .map(|r| r.trim_start_matches([' ', '\t', ':']).to_string())
            })
        })
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|t| t.lines().next().map(str::to_string))
        .unwrap_or_default();
    let date = command_output("date", &["-u", "+%Y-%m-%d %H:%M UTC"]);
    let rustc = command_output("rustc", &["--version"]);
    let mut page = String::new();
    writeln!(
        page,
        "Written by `cargo xtask bench-scale` on {date}; every figure below was measured by that run. \
         Synthetic data (`cargo xtask gen-trade`, seed {SEED}: HS-10 codes under real HS-2 chapters, \
         the partner registry's countries and areas, 2015–2024, heavy-tailed values) in the hive layout \
         of `tradedef::data::products`. Each engine answers each question in a process of its own, \
         reading the same Parquet files each run; time is the median of {runs} runs (reading included), \
         memory the process's peak resident set (`/usr/bin/time -v`). All engines gave the same answers \
         (text equal, numbers within 1e-9 relative) or the run would have failed; an engine that runs \
         out of memory (killed by the kernel, or an allocation failure) is shown as such.\n"
    )?;
    writeln!(
        page,
        "- Machine: {cpu}, {cores} cores, {memory}; shared with other jobs while measuring (timings are noisy)."
    )?;
    writeln!(
        page,
        "- tradedef: polars {rust_polars} (Rust, streaming engine), {rustc}, release build."
    )?;
    writeln!(page, "- {versions} (pinned in `{}`).", PEERS_VENV.dir)?;
    writeln!(
        page,
        "- Same engine as tradedef's: Python polars {same_engine_version} (pinned in `{}`; the Rust polars 0.55 release notes: \"DSL matches Python Polars 1.43.2\"). `tradedef / polars {same_engine_version}` is the cost of tradedef's layer; `tradedef / polars` (the newest release) adds the engine's progress since.\n",
        SAME_ENGINE_VENV.dir
    )?;
    writeln!(
        page,
        "Questions: (a) annual balance for every partner; (b) HS chapter 87's share of every bilateral deficit; (c) top-10 deficit partners per year; (d) 12-month rolling imports of chapter 87 from Japan.\n"
    )?;
    writeln!(
        page,
        "| rows | question | tradedef s | polars {same_engine_version} s | polars s | DuckDB s | pandas s | tradedef MiB | polars {same_engine_version} MiB | polars MiB | DuckDB MiB | pandas MiB | tradedef / polars {same_engine_version} | tradedef / polars | pandas / tradedef | tradedef / DuckDB |"
    )?;
    writeln!(
        page,
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )?;
    let mut sizes: Vec<u64> = measures.iter().map(|m| m.rows).collect();
    sizes.dedup();
    for rows in sizes {
        for (question, _) in QUESTIONS {
            let find = |e: &str| {
                measures
                    .iter()
                    .find(|m| m.rows == rows && m.question == question && m.engine == e)
            };
            let time = |e: &str| match find(e) {
                Some(m) if m.out_of_memory => "out of memory".to_string(),
                Some(m) => format!("{:.3}", m.median),
                None => "—".to_string(),
            };
            let mem = |e: &str| {
                find(e)
                    .and_then(|m| m.peak_mib)
                    .map_or("—".to_string(), |p| format!("{p:.0}"))
            };
            let ratio = |a: &str, b: &str| match (find(a), find(b)) {
                (Some(x), Some(y)) if x.median.is_finite() && y.median > 0.0 => {
                    format!("{:.2}", x.median / y.median)
                }
                _ => "—".to_string(),
            };
            writeln!(
                page,
                "| {} | ({question}) | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                human(rows),
                time("tradedef"),
                time("polars-same-engine"),
                time("polars"),
                time("duckdb"),
                time("pandas"),
                mem("tradedef"),
                mem("polars-same-engine"),
                mem("polars"),
                mem("duckdb"),
                mem("pandas"),
                ratio("tradedef", "polars-same-engine"),
                ratio("tradedef", "polars"),
                ratio("pandas", "tradedef"),
                ratio("tradedef", "duckdb"),
            )?;
        }
    }
    Ok(page)
}

/// The version of `package` in the workspace's Cargo.lock.
fn locked_version(root: &Path, package: &str) -> Option<String> {
    let text = std::fs::read_to_string(root.join("Cargo.lock")).ok()?;
    let name = format!("name = \"{package}\"");
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line == name {
            return lines
                .next()?
                .strip_prefix("version = \"")?
                .strip_suffix('"')
                .map(str::to_string);
        }
    }
    None
}

fn human(rows: u64) -> String {
    if rows >= 1_000_000 && rows.is_multiple_of(1_000_000) {
        format!("{}M", rows / 1_000_000)
    } else if rows >= 1_000 && rows.is_multiple_of(1_000) {
        format!("{}k", rows / 1_000)
    } else {
        rows.to_string()
    }
}
