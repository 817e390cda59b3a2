//! `cargo xtask bench-scale [--rows 1M,10M,50M] [--runs 3] [--with spark]`: four questions over
//! synthetic product-level trade (`cargo xtask gen-trade`), answered by tradedef's API (this
//! program, built in release), Python polars, DuckDB and pandas (pinned in `target/bench-venv`,
//! which this command creates), and the Python polars release built from the same engine as the
//! Rust polars crate tradedef uses (pinned in `target/bench-venv-same-engine`), on the same Parquet
//! files; with `--with spark`, also Apache Spark in local mode (PySpark pinned in
//! `target/bench-venv-spark`, on the distribution's JDK, which this command installs with apt-get
//! when `java` is missing):
//!
//! - (a) annual balance for every partner;
//! - (b) HS chapter 87's share of every bilateral deficit;
//! - (c) top-10 deficit partners per year;
//! - (d) 12-month rolling imports of chapter 87 from Japan (5880).
//!
//! Each engine answers each question in a process of its own, `--runs` times: the median time
//! and the process's peak resident memory (`/usr/bin/time -v`; Spark: its JVM's and Python's
//! peaks added, with the session's start-up and the first run timed apart) are reported, and the
//! answers of all engines are compared (same rows, numbers within 1e-9 relative): any
//! disagreement fails the command; an engine that runs out of memory is recorded in the table as
//! such. The table, the machine, the versions and the date go into `docs/benchmarks.md`: a run
//! without Spark writes the main table; a run with Spark writes the page's Spark section (Spark
//! beside the engines of the same run) and leaves the main table as it is.
//!
//! `--check` (used by `cargo xtask test`): 100k rows, one run, nothing written, the tradedef
//! engine in this (debug) binary, no Spark (a JVM's start-up per question would make the test
//! command slow) — it fails if any engine disagrees.

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
pub(crate) struct Venv {
    pub(crate) dir: &'static str,
    pub(crate) requirements: &'static [&'static str],
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

/// Apache Spark's Python API; its wheel carries Spark itself (the jars), which runs on a JVM:
/// Spark 4 needs Java 17 or 21 (see [`ensure_java`]).
const SPARK_VENV: Venv = Venv {
    dir: "target/bench-venv-spark",
    requirements: &["pyspark==4.3.0", "py4j==0.10.9.9"],
};

/// The distribution's Java runtimes Spark 4 runs on, in order of preference: the first that
/// `apt-get` knows is installed when `java` is missing (17 on Debian 12, 21 on Debian 13).
const JAVA_PACKAGES: [&str; 2] = ["openjdk-17-jre-headless", "openjdk-21-jre-headless"];
/// The oldest Java major version Spark 4 runs on.
const JAVA_MIN: u32 = 17;

/// Where an engine runs: in this program (tradedef) or in one of the Python environments.
#[derive(Clone, Copy, PartialEq)]
enum Runner {
    ThisProgram,
    Peers,
    SameEngine,
    Spark,
}

/// The engines, in the order they run: name (as `bench_scale.py` or `bench_spark.py` knows it)
/// and where it runs. The ones of [`OPT_IN`] run only when asked for with `--with`.
const ENGINES: [(&str, Runner); 6] = [
    ("tradedef", Runner::ThisProgram),
    ("polars-same-engine", Runner::SameEngine),
    ("polars", Runner::Peers),
    ("duckdb", Runner::Peers),
    ("pandas", Runner::Peers),
    ("spark", Runner::Spark),
];
/// Engines that run only with `--with NAME`: Spark starts a JVM for each question (seconds).
const OPT_IN: [&str; 1] = ["spark"];
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
    /// Also run these opt-in engines: `spark` (Apache Spark in local mode; installs the JDK with
    /// apt-get if `java` is missing). A run with Spark writes the Spark section of
    /// docs/benchmarks.md, not the main table.
    #[arg(long = "with", value_delimiter = ',')]
    with: Vec<String>,
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
    /// The first run's time (Spark: a cold JVM).
    first: f64,
    /// Starting the engine's session, timed apart from the runs (Spark: JVM and SparkContext).
    session: Option<f64>,
    /// The versions the engine reported of itself (Spark: Spark, PySpark, Java).
    versions: Option<String>,
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
    for name in args.skip.iter().chain(&args.with) {
        if !ENGINES.iter().any(|(e, _)| e == name) {
            let known: Vec<&str> = ENGINES.iter().map(|(e, _)| *e).collect();
            bail!("no engine `{name}` (engines: {})", known.join(", "));
        }
    }
    if let Some(name) = args.with.iter().find(|w| !OPT_IN.contains(&w.as_str())) {
        bail!(
            "`--with {name}`: {name} runs anyway; `--with` adds an opt-in engine ({})",
            OPT_IN.join(", ")
        );
    }
    let engines: Vec<(&str, Runner)> = ENGINES
        .into_iter()
        .filter(|(e, _)| !OPT_IN.contains(e) || args.with.iter().any(|w| w == e))
        .filter(|(e, _)| !args.skip.iter().any(|s| s == e))
        .collect();
    let with_spark = engines.iter().any(|&(_, r)| r == Runner::Spark);
    let python = bench_venv(project, &PEERS_VENV)?;
    let same_engine_python = bench_venv(project, &SAME_ENGINE_VENV)?;
    let spark_python = if with_spark {
        let java = ensure_java()?;
        println!("Spark runs on: {}", java.lines().next().unwrap_or_default());
        Some(bench_venv(project, &SPARK_VENV)?)
    } else {
        None
    };
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
            for &(engine, runner) in &engines {
                let python = match (runner, &spark_python) {
                    (Runner::SameEngine, _) => &same_engine_python,
                    (Runner::Spark, Some(spark)) => spark,
                    _ => &python,
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
                    "{rows:>10} rows  ({question}) {engine:<18} median {:>8.3} s  peak {}{}{}",
                    m.median,
                    m.peak_mib
                        .map_or("n/a".to_string(), |p| format!("{p:.0} MiB")),
                    m.session.map_or(String::new(), |s| format!(
                        "  (session start {s:.3} s, first run {:.3} s)",
                        m.first
                    )),
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
        let new = if with_spark {
            let measured = spark_report(project, &pythons, &measures, args, runs)?;
            merge_spark_section(&old, &measured)
        } else {
            merge_page(&old, &report(project, &pythons, &measures, runs)?)
        };
        std::fs::write(&page, new)?;
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
            with: Vec::new(),
            check: true,
            no_write: true,
        },
    )
}

/// The environment's Python, creating the venv with its pinned packages when missing or out of
/// date.
pub(crate) fn bench_venv(project: &Project, spec: &Venv) -> Result<PathBuf> {
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

/// The Java runtime Spark runs on (`$JAVA_HOME/bin/java` when `JAVA_HOME` is set, as PySpark
/// does, else `java` on the PATH): its `java -version` text. When there is none, installs the
/// first of [`JAVA_PACKAGES`] the distribution has with `apt-get` (as root; `apt-get update`
/// first); fails naming what to do when that fails or the runtime is older than Java 17.
fn ensure_java() -> Result<String> {
    let java = match std::env::var_os("JAVA_HOME") {
        Some(home) if !home.is_empty() => PathBuf::from(home).join("bin/java"),
        _ => PathBuf::from("java"),
    };
    let version = |java: &Path| -> Option<String> {
        let output = Command::new(java).arg("-version").output().ok()?;
        // `java -version` writes to stderr
        let text = String::from_utf8_lossy(&output.stderr).trim().to_string();
        (output.status.success() && !text.is_empty()).then_some(text)
    };
    let text = match version(&java) {
        Some(text) => text,
        None => {
            println!(
                "no Java runtime ({} -version failed): installing one with apt-get for Spark",
                java.display()
            );
            install_java().context(
                "Spark needs a Java runtime (17 or 21): installing one with apt-get failed; \
                 install a JDK 17 or 21 (e.g. `apt-get install openjdk-17-jre-headless`) or set \
                 JAVA_HOME, then run again",
            )?;
            version(&java).with_context(|| {
                format!(
                    "a Java runtime was installed with apt-get, but `{} -version` still fails \
                     (is /usr/bin on the PATH, or JAVA_HOME wrong?)",
                    java.display()
                )
            })?
        }
    };
    let major = java_major(&text)
        .with_context(|| format!("no version in the output of `java -version`: {text}"))?;
    if major < JAVA_MIN {
        bail!(
            "Spark 4 needs Java {JAVA_MIN} or newer; `{} -version` says: {text}",
            java.display()
        );
    }
    Ok(text)
}

/// `apt-get update`, then `apt-get install` of the first of [`JAVA_PACKAGES`] that the
/// distribution knows.
fn install_java() -> Result<()> {
    crate::project::run_command(Command::new("apt-get").args(["update", "-qq"]))?;
    let known = |package: &str| {
        Command::new("apt-cache")
            .args(["show", package])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let Some(package) = JAVA_PACKAGES.into_iter().find(|p| known(p)) else {
        bail!(
            "apt-get knows none of {} (apt-cache show)",
            JAVA_PACKAGES.join(", ")
        );
    };
    crate::project::run_command(
        Command::new("apt-get")
            .args(["install", "-y", "-qq", "--no-install-recommends", package])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

/// The major version in `java -version`'s text: 17 in `openjdk version "17.0.15" 2025-04-15`,
/// 8 in `java version "1.8.0_402"`.
fn java_major(text: &str) -> Option<u32> {
    let quoted = text.split('"').nth(1)?;
    let mut parts = quoted.split(['.', '-', '+', '_']);
    let first: u32 = parts.next()?.parse().ok()?;
    if first == 1 {
        parts.next()?.parse().ok()
    } else {
        Some(first)
    }
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
    // flush the new files to disk now, so the first engine to read them (tradedef) does not
    // pay for writing them out
    crate::project::run_command(&mut Command::new("sync"))
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
        let script = if engine == "spark" {
            "bench_spark.py"
        } else {
            "bench_scale.py"
        };
        argv.push(python.into());
        argv.push(project.root.join("crates/xtask/py").join(script).into());
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
                first: f64::NAN,
                session: None,
                versions: None,
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
    let first = seconds.first().copied().unwrap_or(f64::NAN);
    seconds.sort_by(f64::total_cmp);
    let median = seconds.get(seconds.len() / 2).copied().unwrap_or(f64::NAN);
    // an engine of more than one process (Spark: Python and the JVM, which `time` does not
    // see) measures its peak itself
    let peak_mib = json["peak_kib"]
        .as_f64()
        .map(|kib| kib / 1024.0)
        .or(peak_mib);
    Ok(Measure {
        rows: 0,
        engine: engine.to_string(),
        question: question.to_string(),
        median,
        peak_mib,
        out_of_memory: false,
        first,
        session: json["session_seconds"].as_f64(),
        versions: json["versions"].as_str().map(str::to_string),
    })
}

/// Whether a failed engine process ran out of memory: killed by the kernel's OOM killer
/// (SIGKILL), or an allocation failure reported by Python (`MemoryError`), DuckDB, Rust or the
/// JVM (Spark).
fn ran_out_of_memory(status: &std::process::ExitStatus, stderr: &str) -> bool {
    use std::os::unix::process::ExitStatusExt;
    status.signal() == Some(9)
        || stderr.contains("Command terminated by signal 9")
        || stderr.contains("MemoryError")
        || stderr.contains("Out of Memory")
        || stderr.contains("memory allocation of")
        || stderr.contains("java.lang.OutOfMemoryError")
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

pub(crate) fn command_output(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

const MARK_START: &str = "<!-- bench-scale:start -->";
const MARK_END: &str = "<!-- bench-scale:end -->";

const SPARK_START: &str = "<!-- bench-scale-spark:start -->";
const SPARK_END: &str = "<!-- bench-scale-spark:end -->";

/// `old` with the text between the markers `start` and `end` replaced by `measured`, or `None`
/// when the markers are missing.
pub(crate) fn replace_block(old: &str, start: &str, end: &str, measured: &str) -> Option<String> {
    let block = format!("{start}\n{measured}{end}\n");
    match (old.find(start), old.find(end)) {
        (Some(a), Some(b)) if a < b => Some(format!(
            "{}{block}\n{}",
            &old[..a],
            old[b + end.len()..].trim_start_matches('\n')
        )),
        _ => None,
    }
}

/// The page with the measured part replaced by `measured`: the text outside the markers (a
/// reading of the figures, written by hand) stays.
fn merge_page(old: &str, measured: &str) -> String {
    replace_block(old, MARK_START, MARK_END, measured).unwrap_or_else(|| {
        format!(
            "# Benchmarks: product-level trade at scale\n\n{MARK_START}\n{measured}{MARK_END}\n"
        )
    })
}

/// The page with its Spark section's measured part replaced by `measured` (the section is added
/// at the end of the page when it has none); the rest of the page stays.
fn merge_spark_section(old: &str, measured: &str) -> String {
    replace_block(old, SPARK_START, SPARK_END, measured).unwrap_or_else(|| {
        format!(
            "{}\n\n## Spark (local mode)\n\n{SPARK_START}\n{measured}{SPARK_END}\n",
            old.trim_end()
        )
    })
}

/// What a report says of the run's setting: date, machine, the versions of the engines.
struct Setting {
    date: String,
    /// The bullets naming the machine, tradedef's build and the Python peers' versions.
    bullets: String,
    same_engine_version: String,
}

/// The run's setting, read from this machine and the Python environments.
fn setting(project: &Project, pythons: &[&PathBuf; 2]) -> Result<Setting> {
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
    let mut bullets = String::new();
    writeln!(
        bullets,
        "- Machine: {cpu}, {cores} cores, {memory}; shared with other jobs while measuring (timings are noisy)."
    )?;
    writeln!(
        bullets,
        "- tradedef: polars {rust_polars} (Rust, streaming engine), {rustc}, release build."
    )?;
    writeln!(bullets, "- {versions} (pinned in `{}`).", PEERS_VENV.dir)?;
    Ok(Setting {
        date,
        bullets,
        same_engine_version,
    })
}

/// The measured part of the benchmarks page.
fn report(
    project: &Project,
    pythons: &[&PathBuf; 2],
    measures: &[Measure],
    runs: usize,
) -> Result<String> {
    let Setting {
        date,
        bullets,
        same_engine_version,
    } = setting(project, pythons)?;
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
    page.push_str(&bullets);
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
    for cells in table_rows(measures) {
        writeln!(
            page,
            "| {} | ({}) | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            human(cells.rows),
            cells.question,
            cells.time("tradedef"),
            cells.time("polars-same-engine"),
            cells.time("polars"),
            cells.time("duckdb"),
            cells.time("pandas"),
            cells.mem("tradedef"),
            cells.mem("polars-same-engine"),
            cells.mem("polars"),
            cells.mem("duckdb"),
            cells.mem("pandas"),
            cells.ratio("tradedef", "polars-same-engine"),
            cells.ratio("tradedef", "polars"),
            cells.ratio("pandas", "tradedef"),
            cells.ratio("tradedef", "duckdb"),
        )?;
    }
    Ok(page)
}

/// The measured part of the Spark section of the benchmarks page: Spark beside the engines of
/// the same run.
fn spark_report(
    project: &Project,
    pythons: &[&PathBuf; 2],
    measures: &[Measure],
    args: &BenchScaleArgs,
    runs: usize,
) -> Result<String> {
    let Setting { date, bullets, .. } = setting(project, pythons)?;
    let spark_versions = measures
        .iter()
        .find_map(|m| m.versions.clone())
        .unwrap_or_else(|| "(Spark reported no versions)".to_string());
    let mut command = format!(
        "cargo xtask bench-scale --rows {} --runs {runs} --with {}",
        args.rows
            .iter()
            .map(|&r| human(r))
            .collect::<Vec<_>>()
            .join(","),
        args.with.join(",")
    );
    if !args.skip.is_empty() {
        write!(command, " --skip {}", args.skip.join(","))?;
    }
    let mut page = String::new();
    writeln!(
        page,
        "Written by `{command}` on {date}; every figure below was measured by that run, not by the \
         run of the main table. Apache Spark in local mode (`local[2]`: one JVM, two worker threads \
         for the machine's two cores; Spark's defaults otherwise, among them a driver heap of 1 GiB \
         and adaptive query execution) answers the four questions over the same Parquet files \
         (`spark.read.parquet(DIR)` with Spark's partition discovery; \
         `crates/xtask/py/bench_spark.py`); its answers were compared with those of every other \
         engine of the run (text equal, numbers within 1e-9 relative), or the run would have \
         failed. For each question one process starts one Spark session and answers {runs} times. \
         **Spark s** is the median of those runs, each reading the files and collecting the answer \
         into Python as the other engines do, *the session already started*: the JVM's start-up is \
         not in it but given apart, **session start s** (starting the JVM and the SparkContext); \
         **first run s** is the first of the runs, in a cold JVM (class loading, JIT compilation). \
         A question asked from a fresh process takes session start + first run. **Spark MiB** is \
         the peak resident set of the JVM plus that of the Python driver (each process's `VmHWM`, \
         added): `/usr/bin/time -v` sees only the Python process, as the JVM is not a child it \
         waits for. The other columns are from the same run, measured as in the main table \
         (median of {runs} runs, peak resident set by `/usr/bin/time -v`).\n"
    )?;
    page.push_str(&bullets);
    writeln!(
        page,
        "- {spark_versions} (PySpark pinned in `{}`; Java from the distribution's package).\n",
        SPARK_VENV.dir
    )?;
    writeln!(
        page,
        "| rows | question | Spark s | Spark first run s | Spark session start s | tradedef s | polars s | DuckDB s | pandas s | Spark MiB | tradedef MiB | Spark / tradedef | Spark / DuckDB |"
    )?;
    writeln!(
        page,
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )?;
    for cells in table_rows(measures) {
        let spark = cells.find("spark");
        let seconds = |x: Option<f64>| x.map_or("—".to_string(), |s| format!("{s:.3}"));
        writeln!(
            page,
            "| {} | ({}) | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            human(cells.rows),
            cells.question,
            cells.time("spark"),
            seconds(spark.map(|m| m.first).filter(|s| s.is_finite())),
            seconds(spark.and_then(|m| m.session)),
            cells.time("tradedef"),
            cells.time("polars"),
            cells.time("duckdb"),
            cells.time("pandas"),
            cells.mem("spark"),
            cells.mem("tradedef"),
            cells.ratio("spark", "tradedef"),
            cells.ratio("spark", "duckdb"),
        )?;
    }
    Ok(page)
}

/// The figures of one size and one question, as table cells.
struct Cells<'a> {
    measures: &'a [Measure],
    rows: u64,
    question: &'static str,
}

/// A table's rows: every size measured, in the order run, and every question.
fn table_rows(measures: &[Measure]) -> Vec<Cells<'_>> {
    let mut sizes: Vec<u64> = measures.iter().map(|m| m.rows).collect();
    sizes.dedup();
    sizes
        .into_iter()
        .flat_map(|rows| {
            QUESTIONS.iter().map(move |&(question, _)| Cells {
                measures,
                rows,
                question,
            })
        })
        .collect()
}

impl Cells<'_> {
    /// The measure of `engine`, if it ran.
    fn find(&self, engine: &str) -> Option<&Measure> {
        self.measures
            .iter()
            .find(|m| m.rows == self.rows && m.question == self.question && m.engine == engine)
    }

    /// The median time in seconds, "out of memory", or "—" for an engine that did not run.
    fn time(&self, engine: &str) -> String {
        match self.find(engine) {
            Some(m) if m.out_of_memory => "out of memory".to_string(),
            Some(m) => format!("{:.3}", m.median),
            None => "—".to_string(),
        }
    }

    /// The peak resident memory in MiB.
    fn mem(&self, engine: &str) -> String {
        self.find(engine)
            .and_then(|m| m.peak_mib)
            .map_or("—".to_string(), |p| format!("{p:.0}"))
    }

    /// The ratio of the median times of `a` and `b`.
    fn ratio(&self, a: &str, b: &str) -> String {
        match (self.find(a), self.find(b)) {
            (Some(x), Some(y)) if x.median.is_finite() && y.median > 0.0 => {
                format!("{:.2}", x.median / y.median)
            }
            _ => "—".to_string(),
        }
    }
}

/// The version of `package` in the workspace's Cargo.lock.
pub(crate) fn locked_version(root: &Path, package: &str) -> Option<String> {
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
