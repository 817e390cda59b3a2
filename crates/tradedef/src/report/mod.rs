//! The whole study as files: `index.html`, `charts/` (SVG and PNG), `tables/` (the data behind
//! each chart as CSV), `claims.csv` and `manifest.json` (every file with its SHA-256, and the
//! versions and vintages used). Two runs give the same bytes.
//!
//! ```no_run
//! use tradedef::report::{build_report, ReportOptions};
//! let summary = build_report(&ReportOptions::new().out_dir("report"), &mut |step| println!("{step}"))?;
//! println!("{} files in {}", summary.files.len(), summary.out_dir.display());
//! # Ok::<(), tradedef::Error>(())
//! ```

mod atlas;
mod compare;
mod html;
mod regions;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use crate::atomic::StagedDir;
use crate::data::{DatasetMeta, catalog, sha256_hex};
use crate::study::Study;
use crate::{Error, Result};

#[allow(deprecated)]
pub use crate::study::frame_to_csv;
pub use crate::study::{Exhibit, FactCheckRow};
pub use atlas::{Atlas, AtlasRow};
pub use regions::RegionTotal;

/// The parts of the report to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Part {
    /// `charts/*.svg` (each also drawn for a phone's width, `*-narrow.svg`) and `charts/*.png`.
    Charts,
    /// `tables/*.csv`.
    Tables,
    /// `claims.csv`.
    Claims,
    /// `index.html` (which needs the charts and tables it links, so they are written too).
    Html,
}

impl std::str::FromStr for Part {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "charts" => Ok(Part::Charts),
            "tables" => Ok(Part::Tables),
            "claims" => Ok(Part::Claims),
            "html" => Ok(Part::Html),
            other => Err(Error::not_found(
                "report part",
                other,
                ["charts", "tables", "claims", "html"],
            )),
        }
    }
}

/// Options of [`build_report`].
#[derive(Debug, Clone)]
pub struct ReportOptions {
    out_dir: PathBuf,
    parts: Vec<Part>,
    claims_file: Option<PathBuf>,
    partner: Option<String>,
    study: Option<String>,
    index_link: Option<String>,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            out_dir: PathBuf::from("report"),
            parts: vec![Part::Charts, Part::Tables, Part::Claims, Part::Html],
            claims_file: None,
            partner: None,
            study: None,
            index_link: None,
        }
    }
}

impl ReportOptions {
    /// Defaults: out dir `report`, every part, the Japan story with its own claims file.
    pub fn new() -> Self {
        Self::default()
    }
    /// Where to write (default `report`).
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = dir.into();
        self
    }
    /// Which parts to write (default all). `Html` implies charts and tables.
    pub fn parts(mut self, parts: Vec<Part>) -> Self {
        self.parts = parts;
        self
    }
    /// Another story's claims file to check instead of the embedded `japan-dilemma-2025`.
    pub fn claims_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.claims_file = Some(file.into());
        self
    }
    /// A profile of this partner (any name the registry resolves) instead of the Japan story.
    /// With a claims file, its fact-check is added to the profile.
    pub fn partner(mut self, partner: impl Into<String>) -> Self {
        self.partner = Some(partner.into());
        self
    }
    /// A study description instead of the Japan story: the id of an embedded one
    /// (`data/studies/ID.toml`) or the path of a `.toml` file.
    pub fn study_spec(mut self, id_or_file: impl Into<String>) -> Self {
        self.study = Some(id_or_file.into());
        self
    }
    /// A link at the top of the page to an index of pages, e.g. `../index.html` for a
    /// profile in the partner atlas ([`Atlas`]). Default none.
    pub fn index_link(mut self, href: impl Into<String>) -> Self {
        self.index_link = Some(href.into());
        self
    }
    /// The study the options ask for.
    pub fn study(&self) -> Result<Study> {
        if let Some(s) = &self.study {
            let spec = if s.ends_with(".toml") {
                crate::study::StudySpec::from_file(std::path::Path::new(s))?
            } else {
                crate::study::StudySpec::named(s)?
            };
            return Study::from_spec(&spec, self.claims_file.as_deref());
        }
        match &self.partner {
            None => Study::japan_2025(self.claims_file.as_deref()),
            Some(p) => {
                let study = Study::partner(p.as_str())?;
                match &self.claims_file {
                    Some(f) => study.with_fact_check(f),
                    None => Ok(study),
                }
            }
        }
    }
    fn wants(&self, part: Part) -> bool {
        self.parts.contains(&part)
            || (self.parts.contains(&Part::Html)
                && matches!(part, Part::Charts | Part::Tables | Part::Claims))
    }
}

/// What [`build_report`] wrote.
#[derive(Debug, Clone)]
pub struct ReportSummary {
    /// The output folder.
    pub out_dir: PathBuf,
    /// Every file written, relative to `out_dir`, with its SHA-256.
    pub files: BTreeMap<String, String>,
    /// Claims checked, if any.
    pub claims_checked: usize,
}

#[derive(Serialize)]
struct Manifest<'a> {
    generator: String,
    versions: BTreeMap<&'static str, String>,
    datasets: Vec<ManifestDataset<'a>>,
    claims: String,
    files: &'a BTreeMap<String, String>,
}

#[derive(Serialize)]
struct ManifestDataset<'a> {
    id: &'a str,
    vintage: &'a str,
    sha256: &'a str,
    producer: &'a str,
    url: &'a str,
}

/// The version of a package as locked in the workspace's `Cargo.lock` (read at build time).
fn locked_version(name: &str) -> String {
    const LOCK: &str = include_str!("../../../../Cargo.lock");
    let needle = format!("name = \"{name}\"\nversion = \"");
    LOCK.find(&needle)
        .and_then(|i| LOCK[i + needle.len()..].split('"').next())
        .unwrap_or("unknown")
        .to_string()
}

/// Writes the report's files into a folder beside the output folder, recording their checksums.
struct Writer {
    dir: StagedDir,
    files: BTreeMap<String, String>,
}

impl Writer {
    fn write(&mut self, rel: &str, bytes: &[u8]) -> Result<()> {
        self.dir.write(rel, bytes)?;
        self.files.insert(rel.to_string(), sha256_hex(bytes));
        Ok(())
    }
}

/// Builds the report into `options.out_dir`, calling `progress` with a line per step.
///
/// The files are written into `.NAME.partial` beside the output folder, which replaces the
/// folder whole only once every file is complete: a run that fails or is killed leaves the
/// previous report byte for byte as it was. An existing output folder must hold only what a
/// report writes (`index.html`, `charts/`, `tables/`, `claims.csv`, `manifest.json`); any other
/// file is an error, never deleted.
pub fn build_report(
    options: &ReportOptions,
    progress: &mut dyn FnMut(&str),
) -> Result<ReportSummary> {
    let mut w = Writer {
        dir: StagedDir::new(&options.out_dir)?,
        files: BTreeMap::new(),
    };
    let out = options.out_dir.clone();

    progress("checking the embedded datasets against their sidecars");
    for e in catalog() {
        crate::data::verify(&e.meta.id)?;
    }

    progress("computing the exhibits (analyses and charts)");
    let study = options.study()?;
    for u in &study.unavailable {
        progress(&format!("  left out: {} ({})", u.section, u.reason));
    }
    for e in &study.exhibits {
        if options.wants(Part::Charts) && e.has_chart() {
            progress(&format!("  chart  charts/{}.svg, -narrow.svg, .png", e.id));
            w.write(&format!("charts/{}.svg", e.id), e.svg.as_bytes())?;
            w.write(
                &format!("charts/{}-narrow.svg", e.id),
                e.svg_narrow.as_bytes(),
            )?;
            w.write(&format!("charts/{}.png", e.id), &e.png)?;
        }
        if options.wants(Part::Tables) {
            progress(&format!("  table  tables/{}.csv", e.id));
            w.write(&format!("tables/{}.csv", e.id), e.csv.as_bytes())?;
        }
    }

    let fact_check = match (&study.fact_check, options.wants(Part::Claims)) {
        (Some(f), true) => {
            progress("writing the fact-check of the story's claims");
            w.write("claims.csv", f.csv.as_bytes())?;
            Some(f)
        }
        _ => None,
    };
    let claims_label = fact_check.map(|f| f.label.clone()).unwrap_or_default();

    let datasets: Vec<&DatasetMeta> = catalog().iter().map(|e| &e.meta).collect();
    let version = env!("CARGO_PKG_VERSION");
    if options.parts.contains(&Part::Html) {
        progress("writing index.html");
        let page = html::index_html(
            &study,
            fact_check,
            &datasets,
            version,
            options.index_link.as_deref(),
        );
        w.write("index.html", page.as_bytes())?;
    }

    progress("writing manifest.json");
    let mut versions = BTreeMap::new();
    versions.insert("tradedef", version.to_string());
    for dep in ["polars", "plotters", "serde", "chrono"] {
        versions.insert(dep, locked_version(dep));
    }
    let manifest = Manifest {
        generator: format!("tradedef {version} report"),
        versions,
        datasets: datasets
            .iter()
            .map(|m| ManifestDataset {
                id: &m.id,
                vintage: &m.vintage,
                sha256: &m.sha256,
                producer: &m.producer,
                url: &m.url_main,
            })
            .collect(),
        claims: claims_label,
        files: &w.files,
    };
    let json = serde_json::to_string_pretty(&manifest)
        .map_err(|e| Error::argument("writing manifest.json", e.to_string()))?;
    let claims_checked = fact_check.map_or(0, |f| f.rows.len());
    let files = w.files.clone();
    w.write("manifest.json", format!("{json}\n").as_bytes())?;
    let mut files_all = files;
    files_all.insert("manifest.json".into(), w.files["manifest.json"].clone());
    progress(&format!(
        "moving the report into {}",
        w.dir.target().display()
    ));
    w.dir.commit()?;
    Ok(ReportSummary {
        out_dir: out,
        files: files_all,
        claims_checked,
    })
}
