//! `tradedef check FILE [--format table|csv|json|md] [--strict]`: checks a story's claims file
//! against the data and prints a verdict per claim, with the rows and sources behind it.
//!
//! The exit code reports errors in the claims file (bad TOML, a missing field, an unknown
//! dataset, column, analysis or country…), not how many claims the data refute: a wrong claim is
//! a verdict, not a failure, and a claim whose figure the data do not hold (a year they do not
//! cover, a partner with no rows) is "not checkable", with the reason. With `--strict`, such a
//! claim fails the check too.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use tradedef::claims::Ledger;

/// Arguments of `tradedef check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The claims file (TOML), e.g. data/claims/japan-dilemma-2025.toml, or `embedded:NAME` for
    /// a claims file built into the crate.
    pub file: PathBuf,
    /// How to print the verdicts.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Fail when a claim is not checkable because the data do not hold its figure (claims set
    /// to "not checkable" by hand in the file do not count).
    #[arg(long)]
    pub strict: bool,
    /// Instead of checking, list every figure of this story text that no claim's quote covers,
    /// with the counts of figures found and covered.
    #[arg(long, value_name = "STORY.txt")]
    pub coverage: Option<PathBuf>,
}

/// Output formats of `tradedef check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A summary table, then every claim with its definitions, rows and sources.
    Table,
    /// One row per claim.
    Csv,
    /// Everything, nested: claims, measures, inputs, rows.
    Json,
    /// Markdown: a summary table and a section per claim.
    Md,
}

/// Runs `tradedef check`.
pub fn run(args: CheckArgs) -> Result<()> {
    if let Some(story) = &args.coverage {
        return super::claims::coverage_report(&args.file, story);
    }
    let shown = args.file.display().to_string();
    let ledger = match shown.strip_prefix("embedded:") {
        Some(name) => Ledger::embedded(name)?,
        None => Ledger::from_file(&args.file)?,
    };
    let verdicts = if args.strict {
        ledger.check_strict()
    } else {
        ledger.check()
    }
    .with_context(|| format!("checking {shown}"))?;
    let text = match args.format {
        Format::Table => verdicts.to_string(),
        Format::Csv => verdicts.to_csv()?,
        Format::Json => verdicts.to_json()? + "\n",
        Format::Md => verdicts.to_markdown(),
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        // A closed pipe (`tradedef check … | head`) is not an error in the claims file.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(e).context("writing the verdicts")
        }
        _ => Ok(()),
    }
}
