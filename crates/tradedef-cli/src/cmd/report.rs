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
    /// Check another story's claims file instead of the embedded japan-dilemma-2025 (with
    /// --partner: add its fact-check to the partner's profile).
    #[arg(long)]
    claims: Option<PathBuf>,
    /// Build the profile of this US trading partner (any name, code or alias `tradedef data
    /// partners` lists) instead of the Japan story.
    #[arg(long, conflicts_with = "all_partners")]
    partner: Option<String>,
    /// Build the study a description gives instead of the Japan story: the id of an embedded
    /// one (japan-dilemma-2025, korea-trade-security-2025) or a path to a .toml file of the same
    /// form (see data/studies/)
    #[arg(long, conflicts_with_all = ["all_partners", "partner"])]
    study: Option<String>,
    /// Build a profile for every partner in the registry, each in OUT/<partner>/, and the
    /// partner atlas, OUT/index.html (every partner in one sortable, searchable table linking
    /// each profile) with OUT/index.csv, OUT/world.html and OUT/regions/ (SIPRI's regional
    /// groups and the Census groupings) and OUT/compare.html (two to four partners side by
    /// side); list the sections left out for want of data.
    #[arg(long)]
    all_partners: bool,
    /// With --all-partners: only these partners, comma-separated (any name, code or alias the
    /// registry resolves), e.g. for a quick look at the atlas.
    #[arg(long, value_delimiter = ',', requires = "all_partners")]
    only: Vec<String>,
}

/// Runs `tradedef report`.
pub fn run(args: ReportArgs) -> Result<()> {
    if args.all_partners {
        return all_partners(&args);
    }
    let started = Instant::now();
    let mut options = ReportOptions::new().out_dir(&args.out);
    if let Some(s) = &args.study {
        options = options.study_spec(s);
    }
    if let Some(p) = &args.partner {
        options = options.partner(p);
    }
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

/// `--all-partners`: one profile per registry partner; fails only on an error that is not a
/// data gap (a gap is a section left out, listed in each report).
fn all_partners(args: &ReportArgs) -> Result<()> {
    let started = Instant::now();
    let partners: Vec<tradedef::data::Partner> = if args.only.is_empty() {
        tradedef::data::partners()?.to_vec()
    } else {
        let mut chosen: Vec<tradedef::data::Partner> = Vec::new();
        for name in &args.only {
            let p = tradedef::data::partner(name.trim())?;
            if !chosen.iter().any(|c| c.name == p.name) {
                chosen.push(p);
            }
        }
        chosen
    };
    // Every profile reads every partner-wide dataset: held in memory once, each profile's scans
    // read them there instead of from the columnar copies, 282 times.
    for e in tradedef::data::catalog() {
        tradedef::data::load(&e.meta.id)?;
    }
    let mut left_out = 0;
    let mut without_any = Vec::new();
    for p in &partners {
        let dir = args.out.join(tradedef::study::slug(&p.name));
        let options = ReportOptions::new()
            .out_dir(&dir)
            .partner(p.name.clone())
            .index_link("../index.html");
        let mut gaps = 0;
        build_report(&options, &mut |line| {
            if line.starts_with("  left out") {
                gaps += 1;
            }
        })
        .with_context(|| format!("building the profile of {} in {}", p.name, dir.display()))?;
        left_out += gaps;
        if gaps == 6 {
            without_any.push(p.name.clone());
        }
    }
    let profiles_done = started.elapsed().as_secs_f64();
    let atlas =
        tradedef::report::Atlas::compute(&partners).context("computing the partner atlas")?;
    atlas
        .write(&args.out)
        .with_context(|| format!("writing the partner atlas in {}", args.out.display()))?;
    let without = if without_any.is_empty() {
        "no partner without any section".to_string()
    } else {
        format!(
            "{} partners without any section: {}",
            without_any.len(),
            without_any.join(", ")
        )
    };
    println!(
        "Wrote {} partner profiles to {}/ in {profiles_done:.1} s and the atlas, {} with index.csv, compare.html, world.html and {} regional pages in regions/, in {:.1} s more; {left_out} sections left out for want of data; {without}",
        partners.len(),
        args.out.display(),
        args.out.join("index.html").display(),
        // the world's total comes first, then one per regional group
        atlas.regions.len().saturating_sub(1),
        started.elapsed().as_secs_f64() - profiles_done,
    );
    Ok(())
}
