//! `tradedef check FILE [--format table|csv|json|md] [--strict] [--out DIR] [--against
//! PREVIOUS.json] [--publisher NAME] [--review-url URL] [--review-date YYYY-MM-DD]`: checks a
//! story's claims file against the data and prints a verdict per claim, with the rows and
//! sources behind it.
//!
//! The exit code reports errors in the claims file (bad TOML, a missing field, an unknown
//! dataset, column, analysis or country…), not how many claims the data refute: a wrong claim is
//! a verdict, not a failure, and a claim whose figure the data do not hold (a year they do not
//! cover, a partner with no rows) is "not checkable", with the reason. With `--strict`, such a
//! claim fails the check too.
//!
//! Publishing a fact-check: `--out DIR` writes `verdicts.csv`, `verdicts.json`, `verdicts.md`,
//! `claim-review.jsonld` (schema.org ClaimReview, one per claim) and `index.html` (the
//! fact-check page, self-contained) into DIR, and still prints the verdicts in `--format`.
//! `--publisher NAME` (default `tradedef`), `--review-url URL` (the page's address; each
//! review is `URL#claim-ID`) and `--review-date YYYY-MM-DD` (default today, UTC; set it for the
//! same bytes on every run) fill the review's author, address and date.
//!
//! `--against PREVIOUS.json` reads the `--format json` output (or `verdicts.json`) of an earlier
//! check and prints, instead of the verdicts, the verdicts and the measured figures that changed
//! since, with the old and new figure and the dataset releases used before and after (as JSON
//! with `--format json`, CSV with `--format csv`); with `--out`, also into `changes.json`. A
//! change is not a failure. The output ends quietly when its reader closes the pipe
//! (`tradedef check … | head`).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use tradedef::claims::{Ledger, PublishOptions, RecordedVerdicts, Verdicts};

/// Arguments of `tradedef check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The claims file (TOML), e.g. data/claims/japan-dilemma-2025.toml, or `embedded:NAME` for
    /// a claims file built into the crate.
    pub file: PathBuf,
    /// How to print the verdicts (or, with --against, the changes).
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
    /// Also write verdicts.csv, verdicts.json, verdicts.md, claim-review.jsonld (schema.org
    /// ClaimReview) and index.html (the fact-check page) into this folder (made if missing).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The JSON output of an earlier check (`--format json`, or verdicts.json): print the
    /// verdicts and measured figures that changed since, with the releases before and after.
    #[arg(long, value_name = "PREVIOUS.json")]
    pub against: Option<PathBuf>,
    /// The organisation publishing the fact-check (the ClaimReview's author).
    #[arg(long, value_name = "NAME", default_value = "tradedef")]
    pub publisher: String,
    /// The address the fact-check page will have (each claim's review is URL#claim-ID).
    #[arg(long, value_name = "URL")]
    pub review_url: Option<String>,
    /// The date of the review, YYYY-MM-DD (default: today, UTC).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub review_date: Option<String>,
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
    // the options first: a mistyped date or URL fails before the data are read
    let mut options = PublishOptions::new().publisher(args.publisher.as_str());
    if let Some(url) = &args.review_url {
        options = options.review_url(url)?;
    }
    if let Some(date) = &args.review_date {
        options = options.review_date_text(date)?;
    }
    let previous = match &args.against {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            Some(RecordedVerdicts::from_json(
                &text,
                &path.display().to_string(),
            )?)
        }
        None => None,
    };
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
    let changes = previous.map(|p| verdicts.compare(&p));
    if let Some(dir) = &args.out {
        write_files(dir, &verdicts, &options)?;
        if let Some(c) = &changes {
            write(&dir.join("changes.json"), &(c.to_json()? + "\n"))?;
        }
    }
    let text = match (&changes, args.format) {
        (Some(c), Format::Json) => c.to_json()? + "\n",
        (Some(c), Format::Csv) => c.to_csv(),
        (Some(c), _) => c.to_string(),
        (None, Format::Table) => verdicts.to_string(),
        (None, Format::Csv) => verdicts.to_csv()?,
        (None, Format::Json) => verdicts.to_json()? + "\n",
        (None, Format::Md) => verdicts.to_markdown(),
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

/// The published fact-check: the verdicts in every format, the ClaimReview JSON-LD, the page.
fn write_files(dir: &Path, verdicts: &Verdicts, options: &PublishOptions) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("making {}", dir.display()))?;
    let files = [
        ("verdicts.csv", verdicts.to_csv()?),
        ("verdicts.json", verdicts.to_json()? + "\n"),
        ("verdicts.md", verdicts.to_markdown()),
        (
            "claim-review.jsonld",
            verdicts.to_claim_review_json(options)? + "\n",
        ),
        ("index.html", verdicts.to_html_page(options)?),
    ];
    for (name, text) in files {
        write(&dir.join(name), &text)?;
    }
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}
