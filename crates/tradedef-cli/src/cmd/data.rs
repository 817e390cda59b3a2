//! `tradedef data`: list, show, validate, import and rehash datasets.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use tradedef::data::{self, DatasetMeta, catalog, load, validate_bytes};

/// Subcommands of `tradedef data`.
#[derive(Debug, Subcommand)]
pub enum DataCommand {
    /// List every embedded dataset: id, title, span, producer, vintage.
    List,
    /// Show a dataset's provenance, columns and first rows.
    Show {
        /// The dataset id (see `tradedef data list`).
        id: String,
        /// How many rows to print.
        #[arg(long, default_value_t = 12)]
        rows: usize,
    },
    /// Validate every embedded dataset, or the given CSV files (a sidecar `NAME.toml` beside a file is
    /// used when present; otherwise the catalog dataset named like the file).
    Validate {
        /// CSV files to validate instead of the embedded data.
        files: Vec<PathBuf>,
        /// Validate the files as this dataset (catalog schema; checksum not compared).
        #[arg(long = "as")]
        as_id: Option<String>,
    },
    /// Import a publisher's file (as downloaded) into the curated CSV of its dataset(s).
    Import {
        /// The file's kind: census-country, census-enduse, census-page, dmdc, dmdc-location
        /// (troops_location.json), sipri, fx or partners; census-country-json (FILE is the folder `pipeline/output` of a JSON
        /// transcription of country.xlsx); or, for product-level trade (written to
        /// DATA_DIR/products), census-api-hs or usatrade-csv.
        kind: String,
        /// The downloaded file (or folder, for census-country-json).
        file: PathBuf,
        /// The data folder to write into.
        #[arg(long, default_value = "data")]
        data_dir: PathBuf,
        /// The vintage label of the file's rows (default: derived from the file).
        #[arg(long)]
        vintage: Option<String>,
    },
    /// List the partner registry, or resolve a name or code to a partner and print all its keys.
    Partners {
        /// A name, ISO alpha-3 code or Census code, e.g. "South Korea", "KOR", "5800".
        query: Option<String>,
    },
    /// Download product-level trade (HS commodity × partner × month) from the Census
    /// International Trade API and import it into DATA_DIR/products (Parquet by year).
    #[cfg(feature = "products")]
    Fetch(super::products::FetchArgs),
    /// (Product-level trade needs a build with the `products` feature.)
    #[cfg(not(feature = "products"))]
    #[command(hide = true, disable_help_flag = true)]
    Fetch {
        /// The arguments, not read.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// How current each dataset is: last period held, its release, the publisher's next release
    /// (overdue or not), and the URL and import command that refresh it.
    Status {
        /// The date to judge against (YYYY-MM-DD); default today (UTC).
        #[arg(long = "as-of")]
        as_of: Option<String>,
    },
    /// Recompute a dataset's checksum after a hand edit of its CSV and write it into its sidecar.
    Rehash {
        /// The dataset id.
        id: String,
        /// The data folder.
        #[arg(long, default_value = "data")]
        data_dir: PathBuf,
    },
}

/// Runs `tradedef data …`.
pub fn run(c: DataCommand) -> Result<()> {
    match c {
        DataCommand::List => list(),
        DataCommand::Show { id, rows } => show(&id, rows),
        DataCommand::Validate { files, as_id } => validate(&files, as_id.as_deref()),
        DataCommand::Import {
            kind,
            file,
            data_dir,
            vintage,
        } => import(&kind, &file, &data_dir, vintage),
        DataCommand::Partners { query } => partners(query.as_deref()),
        #[cfg(feature = "products")]
        DataCommand::Fetch(args) => super::products::fetch(&args),
        #[cfg(not(feature = "products"))]
        DataCommand::Fetch { .. } => Err(without_products("data fetch")),
        DataCommand::Status { as_of } => status(as_of.as_deref()),
        DataCommand::Rehash { id, data_dir } => {
            let sha = data::import::rehash(&data_dir, &id)?;
            println!(
                "{id}: sha256 {sha} written to {}",
                data_dir.join(format!("{id}.toml")).display()
            );
            Ok(())
        }
    }
}

fn status(as_of: Option<&str>) -> Result<()> {
    let day = match as_of {
        Some(t) => chrono::NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d")
            .with_context(|| format!("--as-of `{t}`: expected a date YYYY-MM-DD"))?,
        None => chrono::Utc::now().date_naive(),
    };
    let all = data::status(day)?;
    let overdue = all.iter().filter(|s| s.overdue).count();
    println!(
        "Freshness as of {day}: {overdue} of {} datasets are behind a release the publisher has normally made by now.\n",
        all.len()
    );
    for s in &all {
        println!("{}", s.id);
        println!("  last period:  {}", s.last_period);
        println!("  release:      {}", s.release);
        println!("  next release: {} ({})", s.state(), s.cadence);
        if let Some(b) = &s.next_release_brings {
            println!("                {b}");
        }
        println!("  refresh from: {}", s.url);
        match &s.import {
            Some(c) => println!("  import with:  {c}"),
            None => {
                println!("  import with:  (no importer: curated from the sources in the sidecar)")
            }
        }
    }
    Ok(())
}

/// The span of a dataset: its first and last year (or fiscal year, or report date).
fn span(d: &data::Dataset) -> String {
    for c in ["year", "fiscal_year"] {
        if let Some((a, b)) = d.span(c) {
            let prefix = if c == "fiscal_year" { "FY" } else { "" };
            return format!("{prefix}{a}–{prefix}{b}");
        }
    }
    if let Some((a, b)) = d.span("effective_date") {
        return format!("{}–{}", date_from_days(a), date_from_days(b));
    }
    "—".to_string()
}

/// Days since 1970-01-01 (how polars stores a Date) as `YYYY-MM-DD`.
fn date_from_days(days: i64) -> String {
    const DAYS_FROM_CE_TO_1970: i64 = 719_163;
    i32::try_from(days + DAYS_FROM_CE_TO_1970)
        .ok()
        .and_then(chrono::NaiveDate::from_num_days_from_ce_opt)
        .map_or_else(|| days.to_string(), |d| d.to_string())
}

fn list() -> Result<()> {
    let mut rows = vec![
        ["id", "title", "span", "rows", "producer", "vintage"]
            .map(String::from)
            .to_vec(),
    ];
    for e in catalog() {
        let d = load(&e.meta.id).with_context(|| format!("loading dataset `{}`", e.meta.id))?;
        rows.push(vec![
            e.meta.id.clone(),
            e.meta.title.clone(),
            span(&d),
            d.frame().height().to_string(),
            e.meta.producer.clone(),
            e.meta.vintage.clone(),
        ]);
    }
    print_table(&rows, &[40, 48, 14, 6, 40, 60]);
    println!(
        "\n{} datasets. `tradedef data show ID` prints rows and full provenance.",
        catalog().len()
    );
    Ok(())
}

/// `tradedef data partners [QUERY]`: the registry as a table, or one partner with every key.
fn partners(query: Option<&str>) -> Result<()> {
    let Some(query) = query else {
        let mut rows = vec![
            [
                "name",
                "kind",
                "iso3",
                "census",
                "SIPRI name",
                "DMDC name",
                "currency",
            ]
            .map(String::from)
            .to_vec(),
        ];
        let all = data::partners()?;
        for p in all {
            let cell = |v: &Option<String>| v.clone().unwrap_or_default();
            rows.push(vec![
                p.name.clone(),
                p.kind.clone(),
                cell(&p.iso3),
                cell(&p.census_code),
                cell(&p.sipri_name),
                cell(&p.dmdc_name),
                cell(&p.currency),
            ]);
        }
        print_table(&rows, &[36, 9, 4, 6, 28, 28, 8]);
        println!(
            "\n{} partners. `tradedef data partners NAME` resolves a name or code; `tradedef data show partners` gives the sources.",
            all.len()
        );
        return Ok(());
    };
    let p = data::partner(query)?;
    let none = || "—".to_string();
    let show = |v: &Option<String>| v.clone().unwrap_or_else(none);
    let lines = [
        ("name", p.name.clone()),
        ("kind", p.kind.clone()),
        ("iso3", show(&p.iso3)),
        ("ISO name", show(&p.iso_name)),
        ("census code", show(&p.census_code)),
        ("census name", show(&p.census_name)),
        ("SIPRI name", show(&p.sipri_name)),
        ("DMDC name", show(&p.dmdc_name)),
        ("currency", show(&p.currency)),
        (
            "aliases",
            if p.aliases.is_empty() {
                none()
            } else {
                p.aliases.join(" | ")
            },
        ),
    ];
    for (k, v) in lines {
        println!("{k:<12} {v}");
    }
    Ok(())
}

fn truncate(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let cut: String = s.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

fn print_table(rows: &[Vec<String>], max_widths: &[usize]) {
    let n = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..n)
        .map(|j| {
            rows.iter()
                .map(|r| r[j].chars().count())
                .max()
                .unwrap_or(0)
                .min(max_widths[j])
        })
        .collect();
    for (i, r) in rows.iter().enumerate() {
        let line: Vec<String> = r
            .iter()
            .zip(&widths)
            .map(|(c, &w)| format!("{:<w$}", truncate(c, w)))
            .collect();
        println!("{}", line.join("  ").trim_end());
        if i == 0 {
            println!(
                "{}",
                widths
                    .iter()
                    .map(|&w| "-".repeat(w))
                    .collect::<Vec<_>>()
                    .join("  ")
            );
        }
    }
}

fn provenance(meta: &DatasetMeta) {
    println!("{} — {}", meta.id, meta.title);
    println!("{}\n", meta.description);
    println!("producer:     {}", meta.producer);
    println!("table:        {}", meta.source_table);
    println!("url:          {}", meta.url_main);
    if let Some(u) = &meta.url_download {
        println!("download:     {u}");
    }
    println!("vintage:      {}", meta.vintage);
    if let Some(p) = &meta.date_published {
        println!("published:    {p}");
    }
    println!("accessed:     {}", meta.date_accessed);
    println!("licence:      {}", meta.licence);
    println!("source line:  Source: {}", meta.source_line());
    println!("sha256:       {}", meta.sha256);
    println!("key:          {}", meta.key.join(", "));
    println!("\ncolumns:");
    for c in &meta.columns {
        let unit = if c.unit.is_empty() {
            String::new()
        } else {
            format!(" [{}]", c.unit)
        };
        println!("  {:<22} {:?}{unit}: {}", c.name, c.dtype, c.description);
    }
    if !meta.sources.is_empty() {
        println!("\nsources cited by rows:");
        for s in &meta.sources {
            println!(
                "  {}: {}, {} ({}) <{}>",
                s.id, s.producer, s.table, s.vintage, s.url
            );
            if let Some(n) = &s.note {
                println!("      note: {n}");
            }
        }
    }
    for (label, items) in [("gaps", &meta.gaps), ("caveats", &meta.caveats)] {
        if !items.is_empty() {
            println!("\n{label}:");
            for g in items {
                println!("  - {g}");
            }
        }
    }
}

fn show(id: &str, rows: usize) -> Result<()> {
    let d = load(id)?;
    provenance(d.meta());
    println!(
        "\nfirst {} of {} rows:",
        rows.min(d.frame().height()),
        d.frame().height()
    );
    // SAFETY of the env var: set before polars formats anything, in this single-threaded command.
    unsafe {
        std::env::set_var("POLARS_FMT_MAX_COLS", "20");
        std::env::set_var("POLARS_FMT_STR_LEN", "40");
        std::env::set_var("POLARS_TABLE_WIDTH", "220");
        std::env::set_var("POLARS_FMT_MAX_ROWS", rows.to_string());
    }
    println!("{}", d.frame().head(Some(rows)));
    Ok(())
}

fn validate(files: &[PathBuf], as_id: Option<&str>) -> Result<()> {
    if files.is_empty() {
        let mut failures = 0;
        for e in catalog() {
            match validate_bytes(e.stored, e.file, &e.meta) {
                Ok(n) => println!(
                    "ok    {:<36} {n:>6} rows  sha256 {}",
                    e.meta.id,
                    &e.meta.sha256[..12]
                ),
                Err(err) => {
                    failures += 1;
                    println!("FAIL  {err}");
                }
            }
        }
        if failures > 0 {
            bail!(
                "{failures} of {} embedded datasets failed validation",
                catalog().len()
            );
        }
        println!("all {} embedded datasets are valid", catalog().len());
        return Ok(());
    }
    let mut failures = 0;
    for f in files {
        let result = match as_id {
            Some(id) => data::load_file_as(id, f),
            None => data::load_file(f),
        };
        match result {
            Ok(d) => println!(
                "ok    {} ({} rows, dataset {})",
                f.display(),
                d.frame().height(),
                d.id()
            ),
            Err(err) => {
                failures += 1;
                println!("FAIL  {err}");
            }
        }
    }
    if failures > 0 {
        bail!("{failures} of {} files failed validation", files.len());
    }
    Ok(())
}

/// The product-level import kinds (Parquet), named here for the build without them.
#[cfg(not(feature = "products"))]
const PRODUCT_KINDS: &[&str] = &["census-api-hs", "usatrade-csv"];

/// The error of a product-level command in a build without the `products` feature.
#[cfg(not(feature = "products"))]
fn without_products(command: &str) -> anyhow::Error {
    anyhow::anyhow!(
        "`tradedef {command}` reads and writes product-level trade (Parquet), which this build \
         leaves out to keep polars' cloud stack out of it; install the command with it: \
         `cargo install --path crates/tradedef-cli --features products` (or run it from the \
         repository with `cargo run --release --features products -- {command} …`)"
    )
}

fn import(kind: &str, file: &Path, data_dir: &Path, vintage: Option<String>) -> Result<()> {
    #[cfg(feature = "products")]
    if let Ok(product_kind) = kind.parse::<data::products::ProductImportKind>() {
        return super::products::import(product_kind, file, data_dir, vintage.as_deref());
    }
    #[cfg(not(feature = "products"))]
    if PRODUCT_KINDS.contains(&kind) {
        return Err(without_products(&format!("data import {kind}")));
    }
    let kind: data::import::ImportKind = kind.parse()?;
    let mut options = data::import::ImportOptions::new().data_dir(data_dir);
    if let Some(v) = vintage {
        options = options.vintage(v);
    }
    let summary = data::import::import(kind, file, &options)
        .with_context(|| format!("importing {} as {}", file.display(), kind.name()))?;
    print!("{summary}");
    println!("Rebuild (cargo build) so the crate embeds the new figures.");
    Ok(())
}
