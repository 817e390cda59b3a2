//! `tradedef report`: rebuild the whole study from the embedded data.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Args;
use tradedef::report::{Part, ReportOptions, build_report};

/// Arguments of `tradedef report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Output folder.
    #[arg(long, default_value = "report")]
    out: PathBuf,
    /// Only these parts, comma-separated: charts, tables, claims, html (html brings the others).
    #[arg(long, value_delimiter = ',')]
    format: Vec<String>,
    /// Check another story's claims file instead of the embedded japan-dilemma-2025.
    #[arg(long)]
    claims: Option<PathBuf>,
}

/// Runs `tradedef report`.
pub fn run(args: ReportArgs) -> Result<()> {
    let started = Instant::now();
    let mut options = ReportOptions::new().out_dir(&args.out);
    if !args.format.is_empty() {
        let parts = args
            .format
            .iter()
            .map(|p| p.parse::<Part>())
            .collect::<Result<Vec<_>, _>>()?;
        options = options.parts(parts);
    }
    if let Some(c) = &args.claims {
        options = options.claims_file(c);
    }
    let mut step = 0;
    let summary = build_report(&options, &mut |line| {
        if line.starts_with("  ") {
            println!("      {}", line.trim_start());
        } else {
            step += 1;
            println!("[{step}] {line} ({:.1} s)", started.elapsed().as_secs_f64());
        }
    })
    .with_context(|| format!("building the report in {}", args.out.display()))?;
    println!(
        "\nWrote {} files to {}/ in {:.1} s:",
        summary.files.len(),
        summary.out_dir.display(),
        started.elapsed().as_secs_f64()
    );
    for name in ["index.html", "claims.csv", "manifest.json"] {
        if summary.files.contains_key(name) {
            println!("  {}", summary.out_dir.join(name).display());
        }
    }
    let charts = summary
        .files
        .keys()
        .filter(|f| f.starts_with("charts/"))
        .count();
    let tables = summary
        .files
        .keys()
        .filter(|f| f.starts_with("tables/"))
        .count();
    println!(
        "  {}/charts/ ({charts} files), {}/tables/ ({tables} files)",
        summary.out_dir.display(),
        summary.out_dir.display()
    );
    if summary.claims_checked > 0 {
        println!("  {} claims checked", summary.claims_checked);
    }
    if summary.files.contains_key("index.html") {
        println!(
            "\nOpen {} in a browser.",
            summary.out_dir.join("index.html").display()
        );
    }
    Ok(())
}
