//! Project automation, run as `cargo xtask <command>` (alias in .cargo/config.toml).
//!
//! - `cargo xtask setup`: idempotent set-up of everything the notebooks need.
//! - `cargo xtask notebooks [--update] [--param NAME=VALUE…] [NOTEBOOK…]`: execute and check
//!   notebooks through Jupyter (with `--param`, run injected copies of parameterised notebooks).
//! - `cargo xtask test`: THE project test command (set-up, fmt, clippy, tests, notebooks).
//! - `cargo xtask fuzz [--seconds N] [TARGET…]`: the readers' fuzz targets (stable + RUSTC_BOOTSTRAP).
//! - `cargo xtask licences`: dependencies' licences, bans and sources against licences.toml.
//! - `cargo xtask bench-notebooks`: kernel start-up and cell-time benchmark.
//! - `cargo xtask bench-class`, `class-check`: several kernels at once (a class on one machine).
//! - `cargo xtask output-check`: printing cells on a loaded machine lose no line.
//! - `cargo xtask teaching [--sync]`: exercise notebooks' student and solution copies and the
//!   text pairs of every notebook (`--sync`: only the text pairs).
//! - `cargo xtask gen-trade --rows N --out DIR`: synthetic product-level trade (Parquet by year).
//! - `cargo xtask bench-scale [--rows 1M,10M,50M] [--with spark]`: tradedef, Python polars, DuckDB
//!   and pandas (and, opt-in, Spark in local mode) on four questions over that data; writes
//!   docs/benchmarks.md.
//! - `cargo xtask bench-report [--runs 5]`: the `tradedef` command's own jobs (report, one
//!   partner, validate, all partners) timed beside a Python peer; writes docs/benchmarks.md.
//! - `cargo xtask lab-screenshot [NOTEBOOK]`: the notebook run in a real JupyterLab from headless
//!   Chromium, with a screenshot.

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

mod a11y;
mod bench;
mod bench_report;
mod bench_scale;
mod class;
mod display_check;
mod fuzz;
mod gen_trade;
mod kernel_check;
mod lab;
mod licences;
mod notebooks;
mod output_check;
mod params;
mod project;
mod setup;
mod steps;
mod teaching;

#[derive(Debug, Parser)]
#[command(name = "cargo xtask", about = "Project automation for tradedef")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// axe-core in headless Chromium over the report, the atlas and a fact-check page, light and
    /// dark: fails on a serious or critical violation.
    A11y,
    /// Install what the notebooks need (rust-src, evcxr_jupyter, .venv with Jupyter, kernel).
    Setup,
    /// Execute notebooks top to bottom in fresh kernels and compare outputs with the committed ones.
    Notebooks(notebooks::NotebooksArgs),
    /// The full test run: setup, fmt, clippy, cargo test, notebooks, 07 for other partners, the
    /// must-fail notebooks.
    Test,
    /// Run the display regression notebooks (notebooks/tests/display/) and check each tagged
    /// cell shows as an image, an HTML table or an error message.
    DisplayCheck,
    /// Run the fuzz targets of fuzz/ (cargo fuzz on stable), growing the committed corpus.
    Fuzz(fuzz::FuzzArgs),
    /// Check every dependency's licence, name and source against licences.toml (offline).
    Licences,
    /// Measure kernel start-up (cold, warm, stock) and cell times; update notebooks/README.md.
    BenchNotebooks(bench::BenchArgs),
    /// Start one kernel, then N at once (a class on one machine): time to ready and to the first
    /// table, peak memory, disk; update notebooks/README.md.
    BenchClass(class::ClassArgs),
    /// Three students' kernels at once beside a crashing and a runaway one (a test step).
    ClassCheck,
    /// Many printing cells in one kernel on a loaded machine: no line of output lost.
    OutputCheck(output_check::OutputArgs),
    /// Write the exercises' student copies (committed) and solution copies, and the notebooks'
    /// text pairs; `--sync` regenerates only the text pairs.
    Teaching(teaching::TeachingArgs),
    /// Write synthetic product-level trade in the layout of `tradedef::data::products`.
    GenTrade(gen_trade::GenArgs),
    /// Four questions over synthetic product trade with tradedef, Python polars, DuckDB and pandas
    /// (and Spark with `--with spark`).
    BenchScale(bench_scale::BenchScaleArgs),
    /// The `tradedef` command's own jobs (report, one partner, validate, all partners), timed
    /// beside a Python peer (pandas, matplotlib) in the same run.
    BenchReport(bench_report::BenchReportArgs),
    /// Open a notebook in a real JupyterLab, run it there on the kernel from headless Chromium,
    /// save a screenshot.
    LabScreenshot(lab::LabArgs),
    /// One bench-scale question with tradedef's API (run by bench-scale).
    #[command(hide = true)]
    BenchQuery(bench_scale::QueryArgs),
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    let project = project::Project::locate()?;
    match cli.command {
        Command::A11y => a11y::run(&project),
        Command::Setup => setup::run(&project),
        Command::Notebooks(args) => notebooks::run(&project, &args),
        Command::Test => steps::test(&project),
        Command::DisplayCheck => display_check::run(&project),
        Command::BenchNotebooks(args) => bench::run(&project, &args),
        Command::BenchClass(args) => class::bench(&project, &args),
        Command::ClassCheck => class::check(&project),
        Command::OutputCheck(args) => output_check::run(&project, &args),
        Command::Teaching(args) => teaching::run(&project, &args),
        Command::Licences => licences::run(&project),
        Command::Fuzz(args) => fuzz::run(&project, &args),
        Command::GenTrade(args) => gen_trade::run(&project, &args),
        Command::BenchScale(args) => bench_scale::run(&project, &args),
        Command::BenchReport(args) => bench_report::run(&project, &args),
        Command::BenchQuery(args) => bench_scale::query(&args),
        Command::LabScreenshot(args) => lab::run(&project, &args),
    }
}

/// Paths given on the command line, made absolute against the current directory.
fn absolute(paths: &[PathBuf]) -> Vec<PathBuf> {
    let cwd = std::env::current_dir().unwrap_or_default();
    paths.iter().map(|p| cwd.join(p)).collect()
}
