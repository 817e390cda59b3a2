//! `tradedef`: rebuild the study, check a story's claims, run tariff scenarios, manage the
//! datasets and the notebook kernel.

use anyhow::Result;
use clap::{Parser, Subcommand};

mod cmd;

/// Reproducible analysis of US–Japan trade and Japan's defence figures.
#[derive(Debug, Parser)]
#[command(name = "tradedef", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Rebuild the whole study (charts, tables, fact-check, index.html) from the data.
    Report(cmd::report::ReportArgs),
    /// Check a story's claims (a TOML claims file) against the data.
    Check(cmd::check::CheckArgs),
    /// Draft a story's claims file from its text.
    #[command(subcommand)]
    Claims(cmd::claims::ClaimsCommand),
    /// Run a scenario model (e.g. a tariff on Japanese autos).
    #[command(subcommand)]
    Scenario(cmd::scenario::ScenarioCommand),
    /// List, show, validate, import and rehash datasets.
    #[command(subcommand)]
    Data(cmd::data::DataCommand),
    /// Install or inspect the "Rust (tradedef)" Jupyter kernel.
    #[command(subcommand)]
    Kernel(cmd::kernel::KernelCommand),
}

fn main() -> Result<()> {
    ends_quietly_when_the_reader_leaves();
    let cli = Cli::parse();
    match cli.command {
        Command::Report(args) => cmd::report::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::Claims(c) => cmd::claims::run(c),
        Command::Scenario(c) => cmd::scenario::run(c),
        Command::Data(c) => cmd::data::run(c),
        Command::Kernel(c) => cmd::kernel::run(c),
    }
}

/// A reader that stops early (`tradedef data status | head -1`) closes the pipe: the command
/// then ends at its next write, as Unix tools do, instead of panicking on "Broken pipe". Rust
/// programs ignore SIGPIPE by default; this restores the default action.
#[cfg(unix)]
fn ends_quietly_when_the_reader_leaves() {
    // SAFETY: `signal` with SIG_DFL installs no handler, so nothing runs in signal context; it
    // is called first thing in `main`, before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn ends_quietly_when_the_reader_leaves() {}
