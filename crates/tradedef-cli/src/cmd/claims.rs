//! `tradedef claims draft STORY.txt [--out FILE] [--id ID] [--title T] [--published DATE]
//! [--url URL]`: drafts a claims file from a story's text, for a person to review; and the
//! coverage report of `tradedef check FILE --coverage STORY.txt`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use tradedef::claims::{Drafter, Ledger, coverage};

/// `tradedef claims …`
#[derive(Debug, Subcommand)]
pub enum ClaimsCommand {
    /// Draft a claims file from a story's text: every figure as a claim quoting its sentence,
    /// with the analysis and arguments its words suggest; review it before checking.
    Draft(DraftArgs),
}

/// Arguments of `tradedef claims draft`.
#[derive(Debug, Args)]
pub struct DraftArgs {
    /// The story's text (plain UTF-8 text).
    pub story: PathBuf,
    /// Write the claims file here instead of to standard output (an existing file is refused).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The story's id (by default the text file's stem).
    #[arg(long)]
    pub id: Option<String>,
    /// The headline (by default the story's first line, when it reads as one).
    #[arg(long)]
    pub title: Option<String>,
    /// When it was published (YYYY, YYYY-MM or YYYY-MM-DD): dates "last year" and the year of
    /// figures that state none.
    #[arg(long)]
    pub published: Option<String>,
    /// Where it was published.
    #[arg(long)]
    pub url: Option<String>,
}

/// Runs `tradedef claims …`.
pub fn run(command: ClaimsCommand) -> Result<()> {
    match command {
        ClaimsCommand::Draft(args) => draft(args),
    }
}

/// The text of a story file.
pub fn read_story(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{}: not UTF-8 text (byte {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

fn draft(args: DraftArgs) -> Result<()> {
    let text = read_story(&args.story)?;
    let stem = args
        .story
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "draft".into());
    let mut drafter = Drafter::new()
        .id(args.id.unwrap_or(stem))
        .source(args.story.display().to_string());
    if let Some(t) = args.title {
        drafter = drafter.title(t);
    }
    if let Some(u) = args.url {
        drafter = drafter.url(u);
    }
    if let Some(p) = &args.published {
        drafter = drafter.published(p)?;
    }
    let d = drafter.draft(&text);
    let toml = d.to_toml();
    // the draft must read back as a claims file
    Ledger::from_toml_str(&toml, "the draft").context("the drafted claims file does not parse")?;
    let summary = format!(
        "{} figures found, {} placed with a proposed analysis, {} to fill in",
        d.found(),
        d.placed(),
        d.found() - d.placed()
    );
    match &args.out {
        Some(out) => {
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(out)
                .with_context(|| {
                    format!(
                        "creating {} (an existing file is not overwritten)",
                        out.display()
                    )
                })?;
            file.write_all(toml.as_bytes())
                .with_context(|| format!("writing {}", out.display()))?;
            eprintln!("{summary}; wrote {}", out.display());
            Ok(())
        }
        None => {
            eprintln!("{summary}");
            write_out(&toml, "writing the draft")
        }
    }
}

/// `tradedef check FILE --coverage STORY.txt`: the figures of the story no claim quotes.
pub fn coverage_report(file: &Path, story: &Path) -> Result<()> {
    let shown = file.display().to_string();
    let ledger = match shown.strip_prefix("embedded:") {
        Some(name) => Ledger::embedded(name)?,
        None => Ledger::from_file(file)?,
    };
    let text = read_story(story)?;
    let report = coverage(&text, ledger.file());
    write_out(&report.to_string(), "writing the coverage")
}

/// Writes to standard output; a closed pipe (`… | head`) ends quietly.
fn write_out(text: &str, what: &'static str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e).context(what),
        _ => Ok(()),
    }
}
