//! `cargo xtask bench-report [--runs 5] [--no-write] [--skip-all-partners]`: how long the
//! `tradedef` command's own jobs take and how much memory they need, beside a Python peer
//! measured in the same run (issue #30).
//!
//! The jobs, each run by the release CLI (`cargo build --release -p tradedef-cli`, which this
//! command runs first) in a process of its own:
//!
//! - `tradedef report --out DIR`: the Japan study (charts, tables, claims, index.html);
//! - `tradedef report --partner Vietnam --out DIR`: one partner's profile;
//! - `tradedef data validate`: every embedded dataset checked;
//! - `tradedef report --all-partners --out DIR`: every partner's profile (slow: at most
//!   [`ALL_PARTNERS_RUNS`] runs; `--skip-all-partners` leaves it out);
//! - the Python peer of the Japan study, `python crates/xtask/py/report_peer.py DIR` (pandas and
//!   matplotlib pinned in `target/bench-venv-report`, which this command creates): it reads every
//!   dataset the catalog embeds (each `data/*.csv` and `data/*.csv.gz` with a `.toml` sidecar;
//!   the command fails unless the peer read as many as there are), with the sidecar's column
//!   types and checksum, and draws the study's ten exhibits as PNG and SVG charts beside their
//!   tables as CSV.
//!
//! Each job runs `--runs` times, the jobs taking turns run by run (the machine is shared: a
//! burst of load then falls on every job alike, not on one), each report into a fresh output
//! folder under `target/bench-report/`. Time is the process's wall time, start-up included
//! (median, and the range, of the runs); memory its peak resident set (`/usr/bin/time -v`, the
//! highest of the runs). A job that exits with an error fails the command, with its stderr.
//! The table, the machine, its load average before the runs, the versions, the commit built
//! and the date go into `docs/benchmarks.md` (between the `bench-report` markers; the section
//! is added at the top of the page when it has none).

use crate::bench_scale::{Venv, bench_venv, command_output, locked_version, replace_block};
use crate::project::{Project, run_command};
use anyhow::{Context, Result, bail};
use clap::Args;
use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// The Python peer's environment: the pandas of bench-scale's peers and the current matplotlib.
const REPORT_VENV: Venv = Venv {
    dir: "target/bench-venv-report",
    requirements: &["pandas==3.1.1", "matplotlib==3.11.2"],
};

/// Runs of `report --all-partners` at most, whatever `--runs` says.
const ALL_PARTNERS_RUNS: usize = 2;

/// The cache folder of the jobs that read the columnar copies, made before the runs.
const WARM_CACHE: &str = "cache";
/// The cache folder emptied before each run of the first-run job.
const COLD_CACHE: &str = "cold-cache";

const MARK_START: &str = "<!-- bench-report:start -->";
const MARK_END: &str = "<!-- bench-report:end -->";
const HEADING: &str = "## The command's own jobs (issue #30)";

/// Arguments of `cargo xtask bench-report`.
#[derive(Debug, Args)]
pub struct BenchReportArgs {
    /// Runs of each job (the median is reported); `report --all-partners` runs at most twice.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Print the table without writing docs/benchmarks.md.
    #[arg(long)]
    no_write: bool,
    /// Leave out `tradedef report --all-partners` (the slow job).
    #[arg(long)]
    skip_all_partners: bool,
}

/// What a job should stay within: its wall time and its peak memory.
#[derive(Clone, Copy)]
struct Target {
    seconds: f64,
    mib: Option<f64>,
}

/// A job to measure and what it measured.
struct Job {
    /// Its row in the table.
    label: &'static str,
    /// The program and its arguments; the output folder is appended when `out` is set.
    argv: Vec<OsString>,
    /// The output folder's name under `target/bench-report/`.
    out: Option<&'static str>,
    /// The folder of tradedef's columnar copies under `target/bench-report/`: `cache` (made
    /// before the runs, so the jobs read the copies), or one emptied before each run (the
    /// first run on a machine).
    cache: &'static str,
    runs: usize,
    target: Option<Target>,
    seconds: Vec<f64>,
    peak_mib: Option<f64>,
}

impl Job {
    fn new(
        label: &'static str,
        program: &Path,
        args: &[&str],
        out: Option<&'static str>,
        target: Option<Target>,
    ) -> Job {
        let mut argv = vec![program.as_os_str().to_owned()];
        argv.extend(args.iter().map(OsString::from));
        Job {
            label,
            argv,
            out,
            cache: WARM_CACHE,
            runs: 0,
            target,
            seconds: Vec::new(),
            peak_mib: None,
        }
    }

    /// The median of the runs' times (the mean of the middle two for an even count).
    fn median(&self) -> f64 {
        let mut s = self.seconds.clone();
        s.sort_by(f64::total_cmp);
        match s.len() {
            0 => f64::NAN,
            n if n % 2 == 1 => s[n / 2],
            n => (s[n / 2 - 1] + s[n / 2]) / 2.0,
        }
    }

    fn range(&self) -> (f64, f64) {
        self.seconds
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
                (lo.min(x), hi.max(x))
            })
    }

    /// Whether the median time and the peak memory are within the target (`None`: no target).
    fn met(&self) -> Option<bool> {
        let t = self.target?;
        let memory_ok = match (t.mib, self.peak_mib) {
            (Some(limit), Some(peak)) => peak <= limit,
            (Some(_), None) => false,
            (None, _) => true,
        };
        Some(self.median() <= t.seconds && memory_ok)
    }
}

/// Runs the benchmark.
pub fn run(project: &Project, args: &BenchReportArgs) -> Result<()> {
    let runs = args.runs.max(1);
    let timer = Path::new("/usr/bin/time");
    if !timer.is_file() {
        bail!("/usr/bin/time is missing (GNU time measures the peak memory): apt-get install time");
    }
    let tree = working_tree(project);
    println!("{tree}");
    run_command(
        project
            .cargo()
            .args(["build", "--release", "-p", "tradedef-cli"]),
    )?;
    let root = project.root.join("target/bench-report");
    std::fs::create_dir_all(&root)?;
    // a copy of the CLI runs the jobs: a shared target folder may get another build meanwhile
    let exe = root.join("tradedef");
    std::fs::copy(project.root.join("target/release/tradedef"), &exe)
        .context("copying target/release/tradedef")?;
    let python = bench_venv(project, &REPORT_VENV)?;
    let catalogued = catalogued_files(&project.root.join("data"))?;
    let peer_script = project.root.join("crates/xtask/py/report_peer.py");

    let japan = Target {
        seconds: 0.3,
        mib: Some(100.0),
    };
    let mut first_run = Job::new(
        "Japan study, first run on a machine (cache empty: every copy is made from its CSV)",
        &exe,
        &["report", "--out"],
        Some("japan-first-run"),
        None,
    );
    first_run.cache = COLD_CACHE;
    let mut jobs = vec![
        Job::new(
            "Japan study: `tradedef report`",
            &exe,
            &["report", "--out"],
            Some("japan"),
            Some(japan),
        ),
        first_run,
        Job::new(
            "Python peer of the Japan study (pandas, matplotlib)",
            &python,
            &[&peer_script.to_string_lossy()],
            Some("python-peer"),
            None,
        ),
        Job::new(
            "One partner's profile: `tradedef report --partner Vietnam`",
            &exe,
            &["report", "--partner", "Vietnam", "--out"],
            Some("vietnam"),
            Some(Target {
                seconds: 0.25,
                mib: Some(100.0),
            }),
        ),
        Job::new(
            "Every dataset checked: `tradedef data validate`",
            &exe,
            &["data", "validate"],
            None,
            None,
        ),
    ];
    if !args.skip_all_partners {
        jobs.push(Job::new(
            "Every partner's profile: `tradedef report --all-partners`",
            &exe,
            &["report", "--all-partners", "--out"],
            Some("all-partners"),
            Some(Target {
                seconds: 30.0,
                mib: None,
            }),
        ));
    }
    // the copies the jobs read, made once before the runs (not timed)
    let warm = root.join(WARM_CACHE);
    timed(
        timer,
        &[
            exe.clone().into(),
            "report".into(),
            "--out".into(),
            root.join("warm-up").into(),
        ],
        &warm,
    )
    .context("making the columnar copies before the runs")?;
    let cache = cache_state(&warm);
    println!("{cache}");
    let load = std::fs::read_to_string("/proc/loadavg")
        .map(|t| t.split_whitespace().take(3).collect::<Vec<_>>().join(", "))
        .unwrap_or_default();
    println!("load average before the runs (1, 5, 15 min): {load}");
    for i in 0..runs {
        for job in &mut jobs {
            let limit = if job.out == Some("all-partners") {
                ALL_PARTNERS_RUNS
            } else {
                runs
            };
            if i >= limit {
                continue;
            }
            let mut argv = job.argv.clone();
            if let Some(name) = job.out {
                let dir = root.join(name);
                if dir.exists() {
                    std::fs::remove_dir_all(&dir)
                        .with_context(|| format!("removing {}", dir.display()))?;
                }
                argv.push(dir.into());
            }
            let cache = root.join(job.cache);
            if job.cache == COLD_CACHE && cache.exists() {
                std::fs::remove_dir_all(&cache)
                    .with_context(|| format!("removing {}", cache.display()))?;
            }
            let (seconds, peak_mib, stdout) = timed(timer, &argv, &cache)
                .with_context(|| format!("{}, run {}", job.label, i + 1))?;
            if job.out == Some("python-peer") {
                check_peer_read(&stdout, catalogued)?;
            }
            println!(
                "run {}  {:<60} {seconds:>8.3} s  peak {peak_mib:.0} MiB",
                i + 1,
                job.label
            );
            job.runs += 1;
            job.seconds.push(seconds);
            job.peak_mib = Some(job.peak_mib.map_or(peak_mib, |p: f64| p.max(peak_mib)));
        }
    }
    let setting = Setting {
        runs,
        load,
        tree,
        cache,
        catalogued,
    };
    let measured = report(project, &python, &jobs, &setting)?;
    println!("\n{measured}");
    if !args.no_write {
        let page = project.root.join("docs/benchmarks.md");
        let old = std::fs::read_to_string(&page).unwrap_or_default();
        std::fs::write(&page, merge_page(&old, &measured))?;
        println!("wrote {}", page.display());
    }
    Ok(())
}

/// Runs `argv` under `/usr/bin/time -v`, with tradedef's cache of columnar copies in `cache`:
/// its wall time in seconds, its peak resident set in MiB and its stdout; fails with its stderr
/// when it exits with an error.
fn timed(timer: &Path, argv: &[OsString], cache: &Path) -> Result<(f64, f64, String)> {
    let started = Instant::now();
    let output = Command::new(timer)
        .arg("-v")
        .args(argv)
        .env(tradedef::data::CACHE_DIR_VAR, cache)
        .env_remove(tradedef::data::VALIDATE_VAR)
        .output()
        .with_context(|| format!("could not start {argv:?}"))?;
    let seconds = started.elapsed().as_secs_f64();
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        bail!("{argv:?} failed ({}):\n{stderr}", output.status);
    }
    let peak_kib: f64 = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|kb| kb.trim().parse().ok())
        .with_context(|| format!("no peak memory in the output of /usr/bin/time: {stderr}"))?;
    Ok((seconds, peak_kib / 1024.0, stdout))
}

/// How many data files the catalog embeds: `data/*.csv` and `data/*.csv.gz` with a `.toml`
/// sidecar beside them.
fn catalogued_files(data: &Path) -> Result<usize> {
    let mut count = 0;
    for entry in std::fs::read_dir(data).with_context(|| format!("reading {}", data.display()))? {
        let name = entry?.file_name().to_string_lossy().to_string();
        let stem = name
            .strip_suffix(".csv.gz")
            .or_else(|| name.strip_suffix(".csv"));
        if let Some(stem) = stem
            && data.join(format!("{stem}.toml")).is_file()
        {
            count += 1;
        }
    }
    Ok(count)
}

/// Fails unless the peer says it read every catalogued dataset (`read N datasets: …`).
fn check_peer_read(stdout: &str, catalogued: usize) -> Result<()> {
    let read = stdout
        .lines()
        .find_map(|l| {
            l.strip_prefix("read ")?
                .split_once(" datasets")?
                .0
                .parse::<usize>()
                .ok()
        })
        .with_context(|| {
            format!("the Python peer did not say how many datasets it read: {stdout}")
        })?;
    if read != catalogued {
        bail!("the Python peer read {read} datasets; data/ has {catalogued} with a sidecar");
    }
    Ok(())
}

/// The commit built and what `git status` shows uncommitted, above all in the data layer that
/// is being changed (read-only git).
fn working_tree(project: &Project) -> String {
    let root = project.root.to_string_lossy();
    let commit = command_output("git", &["-C", &root, "log", "-1", "--format=%h (%cs)"]);
    let status = command_output("git", &["-C", &root, "status", "--porcelain"]);
    let changed: Vec<&str> = status.lines().collect();
    let data = changed
        .iter()
        .filter(|l| l.contains("crates/tradedef/src/data/"))
        .count();
    format!(
        "commit {commit}, with {} uncommitted changes in the working tree at build time (git status), {data} of them under crates/tradedef/src/data/",
        changed.len()
    )
}

/// tradedef's cache of columnar copies of the datasets the jobs read (made by the first load on
/// a machine, read by every later one): how many copies it held before the runs.
fn cache_state(dir: &Path) -> String {
    let copies = std::fs::read_dir(dir).map_or(0, |d| d.count());
    format!(
        "tradedef's columnar copies ({}) were made before the runs: {copies} files; the \
         first-run job empties its own cache folder before each run",
        dir.display()
    )
}

/// What the report says of the run besides the jobs' figures.
struct Setting {
    runs: usize,
    /// The load average before the runs.
    load: String,
    /// The commit built and the working tree's changes.
    tree: String,
    /// The state of tradedef's cache before the runs.
    cache: String,
    /// Data files the catalog embeds.
    catalogued: usize,
}

/// The machine from /proc: CPU model, cores, memory.
fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(key, _)| key.trim() == "model name")
        .map_or("unknown CPU", |(_, value)| value.trim());
    let cores = cpuinfo
        .lines()
        .filter(|l| l.starts_with("processor"))
        .count();
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or("unknown memory".to_string(), |kib| {
            format!("{:.1} GiB memory", kib / 1024.0 / 1024.0)
        });
    format!("{model}, {cores} cores, {memory}")
}

/// The measured part of the section: how it was measured, the setting, the table.
fn report(project: &Project, python: &Path, jobs: &[Job], setting: &Setting) -> Result<String> {
    let Setting {
        runs,
        load,
        tree,
        cache,
        catalogued,
    } = setting;
    let date = command_output("date", &["-u", "+%Y-%m-%d %H:%M UTC"]);
    let rustc = command_output("rustc", &["--version"]);
    let polars = locked_version(&project.root, "polars")
        .unwrap_or_else(|| "(version not found in Cargo.lock)".to_string());
    let pythons = command_output(
        &python.to_string_lossy(),
        &[
            "-c",
            "import sys, pandas, matplotlib, numpy; print(f'Python {sys.version.split()[0]}, pandas {pandas.__version__}, matplotlib {matplotlib.__version__}, numpy {numpy.__version__}')",
        ],
    );
    let mut page = String::new();
    writeln!(
        page,
        "Written by `cargo xtask bench-report --runs {runs}` on {date}; every figure below was measured by that run. \
         Each job ran in processes of its own, `--runs` times (every partner's profiles at most {ALL_PARTNERS_RUNS} times), \
         the jobs taking turns run by run, each report into a fresh output folder under `target/bench-report/`. \
         Time is the process's wall time, start-up included: the median of the runs and their range; \
         memory is its peak resident set (`/usr/bin/time -v`, the highest of the runs). \
         The Python peer (`crates/xtask/py/report_peer.py`) does a job comparable to the Japan study: it reads \
         every dataset the catalog embeds ({catalogued} files: `data/*.csv` and `data/*.csv.gz` with a sidecar) with \
         the sidecar's column types and checks its checksum, then computes the study's ten exhibits from the same \
         columns and writes each one's chart (SVG and PNG, matplotlib) and table (CSV). It writes no fact-check, \
         `index.html` or `manifest.json`, which `tradedef report` also writes: the difference in work favours the peer. \
         tradedef's loads read the columnar copies of its cache (made from the checksum-checked CSV by the first \
         load on a machine), as they do for any user after the first load; the peer parses the CSV files each run.\n"
    )?;
    writeln!(
        page,
        "- Machine: {}; load average before the runs (1, 5, 15 min): {load}; shared with other jobs while measuring (timings are noisy).",
        machine()
    )?;
    writeln!(
        page,
        "- tradedef: polars {polars}, {rustc}, release build (`cargo build --release -p tradedef-cli`) of {tree}; {cache}."
    )?;
    writeln!(
        page,
        "- Python peer: {pythons} (pinned in `{}`).\n",
        REPORT_VENV.dir
    )?;
    writeln!(
        page,
        "| job | runs | median s | min–max s | peak MiB | target | met? | tradedef / Python peer |"
    )?;
    writeln!(page, "|---|---:|---:|---:|---:|---|---|---|")?;
    let peer = jobs.iter().find(|j| j.out == Some("python-peer"));
    for job in jobs {
        let (lo, hi) = job.range();
        let target = job.target.map_or("—".to_string(), |t| match t.mib {
            Some(mib) => format!("≤ {} s and ≤ {mib} MiB", t.seconds),
            None => format!("≤ {} s", t.seconds),
        });
        let met = match job.met() {
            Some(true) => "yes",
            Some(false) => "no",
            None => "—",
        };
        let ratio = match peer {
            Some(p) if job.out == Some("japan") => format!(
                "time {:.2}, memory {}",
                job.median() / p.median(),
                match (job.peak_mib, p.peak_mib) {
                    (Some(a), Some(b)) => format!("{:.2}", a / b),
                    _ => "—".to_string(),
                }
            ),
            _ => "—".to_string(),
        };
        writeln!(
            page,
            "| {} | {} | {:.3} | {lo:.3}–{hi:.3} | {} | {target} | {met} | {ratio} |",
            job.label,
            job.runs,
            job.median(),
            job.peak_mib.map_or("—".to_string(), |p| format!("{p:.0}")),
        )?;
    }
    Ok(page)
}

/// The page with the measured part of this section replaced by `measured`; a page without the
/// section gets it at the top, under the page's title.
fn merge_page(old: &str, measured: &str) -> String {
    replace_block(old, MARK_START, MARK_END, measured).unwrap_or_else(|| {
        let section = format!("{HEADING}\n\n{MARK_START}\n{measured}{MARK_END}\n\n");
        match old.split_once('\n') {
            Some((title, rest)) if title.starts_with("# ") => {
                format!("{title}\n\n{section}{}", rest.trim_start_matches('\n'))
            }
            _ => format!("{section}{old}"),
        }
    })
}
