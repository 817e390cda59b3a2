//! Importers: read a publisher's own file (as downloaded) and write the curated CSV of a dataset.
//!
//! These publishers' files are read:
//!
//! | kind | file | datasets written |
//! |---|---|---|
//! | [`ImportKind::CensusCountry`] (`census-country`) | Census `country.xlsx` (sheet `country`) | `us_japan_goods_trade`, `us_goods_trade_by_partner` (annual), `us_goods_trade_by_partner_monthly` (every partner, every published month) |
//! | [`ImportKind::CensusCountryJson`] (`census-country-json`) | a third party's JSON transcription of Census `country.xlsx`: the folder `pipeline/output` (`countries.json`, `trade_by_country/YYYY.json`, `trade_national.json`) of GitHub `corbett-hobbs/congress-ideology` | the same three datasets, one vintage per snapshot of the copy |
//! | [`ImportKind::CensusEnduse`] (`census-enduse`) | Census `enduse_imports.xlsx` (sheet `EnduseImp`) | `us_imports_by_enduse` (every partner of the file) |
//! | [`ImportKind::Dmdc`] (`dmdc`) | DMDC quarterly reports compiled in one CSV | `us_troops_in_japan`, `us_troops_by_country` (every country, territory and report) |
//! | [`ImportKind::DmdcLocation`] (`dmdc-location`) | DMDC quarterly location reports as parsed into `troops_location.json` (GitHub `corbett-hobbs/congress-ideology`), with its fetch manifest | `us_troops_in_japan`, `us_troops_by_country` (every overseas place and report, as its own vintage) |
//! | [`ImportKind::Sipri`] (`sipri`) | SIPRI Military Expenditure Database: SIPRI's own xlsx workbook (every sheet, recognised by its content), or a release exported as a zip of JSON sheets | `sipri_milex`; from the workbook also `sipri_milex_countries` (currency, financial year, notes) and `sipri_milex_footnotes` |
//! | [`ImportKind::Fx`] (`fx`) | Federal Reserve G.5A annual rates, `data/annual.csv` of GitHub `datasets/exchange-rates` | `fx_annual` |
//! | [`ImportKind::CensusPage`] (`census-page`) | Census c5880 page (Trade in Goods with Japan) as kept in the reference pack's tidy CSV, one release per import | `us_japan_goods_trade` (annual rows of that release) |
//! | [`ImportKind::Partners`] (`partners`) | Debian iso-codes `iso_3166-1.json`, with the keys of the datasets in the data folder | `partners` |
//! | [`ImportKind::CensusNational`] (`census-national`) | US trade with the world, BOP and Census basis, `trade_national.json` of GitHub `corbett-hobbs/congress-ideology` (`pipeline/output/`) | `us_trade_totals` (every complete year, as its own vintage) |
//! | [`ImportKind::CensusDuties`] (`census-duties`) | the same project's `pipeline/output` **folder**: `duties_by_country/YYYY.json` (Census calculated duties and imports for consumption) with `countries.json` | `us_duties_by_partner` |
//!
//! [`import`] tags every row with the file's vintage (derived from the file, e.g.
//! `census-country-xlsx-2023-01` from the latest month present, or set with
//! [`ImportOptions::vintage`]), then merges into `DATA_DIR/ID.csv` (or `ID.csv.gz` where that file exists): rows of other vintages stay
//! untouched, rows of this vintage are replaced, rows are sorted by key, the `sha256` line of the
//! sidecar is rewritten in place and the result is validated by the normal loader before and
//! after writing. A vintage the sidecar does not declare gets a new `[[sources]]` entry.
//!
//! Errors name the file, sheet, cell (`B7`) or row, and value. A publisher's missing mark such as
//! `(D)` or `NA` becomes an empty value with the reason in the `missing` column, never a zero.
//!
//! ```no_run
//! use tradedef::data::import::{import, ImportKind, ImportOptions};
//!
//! let kind: ImportKind = "census-country".parse()?;
//! let summary = import(kind, "country.xlsx", &ImportOptions::new().data_dir("data"))?;
//! println!("{summary}");
//! # Ok::<(), tradedef::Error>(())
//! ```

mod census_country;
mod census_country_json;
mod census_duties;
mod census_enduse;
mod census_national;
mod census_page;
mod dmdc;
mod dmdc_location;
mod figure;
mod fx;
mod json_rows;
mod merge;
mod partners;
mod sipri;
mod sipri_xlsx;
mod stored;
mod workbook;

use crate::data::ids;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::{Error, Result};
pub use census_country_json::SNAPSHOT_TOLERANCE;
#[cfg(any(test, feature = "products"))]
pub(crate) use figure::month_number;
pub(crate) use figure::{MONTHS, month_name};

/// Which publisher's file an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ImportKind {
    /// Census "U.S. Trade in Goods by Country", `country.xlsx`.
    CensusCountry,
    /// Census "U.S. Trade in Goods by Country" as a third party transcribed it to JSON: the
    /// folder `pipeline/output` of GitHub `corbett-hobbs/congress-ideology` (the FILE argument
    /// is that folder).
    CensusCountryJson,
    /// Census "U.S. Imports by 5-digit End-Use Code and Country", `enduse_imports.xlsx`.
    CensusEnduse,
    /// DMDC quarterly personnel reports, compiled in one CSV.
    Dmdc,
    /// DMDC quarterly location reports as parsed into one JSON array (`troops_location.json` of
    /// GitHub `corbett-hobbs/congress-ideology`; its fetch manifest is read when beside it).
    DmdcLocation,
    /// SIPRI Military Expenditure Database: SIPRI's xlsx workbook (`SIPRI-Milex-data-1949-2025_v1.2.xlsx`,
    /// every sheet), or a release exported as a zip of JSON sheets (`Current_US.json`, …).
    Sipri,
    /// Federal Reserve G.5A annual exchange rates, `data/annual.csv` of `datasets/exchange-rates`.
    Fx,
    /// Census "Trade in Goods with Japan" page (c5880) as kept in the reference pack's tidy CSV
    /// (`A1_us_japan_goods_trade.csv`): the annual rows of one release of the page.
    CensusPage,
    /// Debian iso-codes' ISO 3166-1 list (`iso_3166-1.json`): the partner registry, with the
    /// Census, SIPRI, DMDC and currency keys of the datasets in the data folder.
    Partners,
    /// US trade with the world (balance-of-payments goods, services and goods and services;
    /// Census-basis goods), `trade_national.json` of the project `corbett-hobbs/congress-ideology`.
    CensusNational,
    /// Census calculated duties and imports for consumption by partner: the `pipeline/output`
    /// folder of the project `corbett-hobbs/congress-ideology` (`duties_by_country/YYYY.json` and
    /// `countries.json`). Its FILE is a folder, as for [`ImportKind::CensusCountryJson`].
    CensusDuties,
}

impl ImportKind {
    /// Every kind, in the order shown to users.
    pub const ALL: [ImportKind; 11] = [
        ImportKind::CensusCountry,
        ImportKind::CensusCountryJson,
        ImportKind::CensusEnduse,
        ImportKind::Dmdc,
        ImportKind::DmdcLocation,
        ImportKind::Sipri,
        ImportKind::Fx,
        ImportKind::Partners,
        ImportKind::CensusPage,
        ImportKind::CensusNational,
        ImportKind::CensusDuties,
    ];

    /// The name used on the command line: `census-country`, `census-country-json`,
    /// `census-enduse`, `dmdc`, `sipri`, `fx`, `partners`, `census-page`, `census-national` or
    /// `census-duties`.
    ///
    /// ```
    /// use tradedef::data::import::ImportKind;
    /// assert_eq!(ImportKind::Dmdc.name(), "dmdc");
    /// assert_eq!("census-enduse".parse::<ImportKind>().unwrap(), ImportKind::CensusEnduse);
    /// assert_eq!("sipri".parse::<ImportKind>().unwrap().datasets()[0], "sipri_milex");
    /// assert_eq!("fx".parse::<ImportKind>().unwrap().datasets(), ["fx_annual"]);
    /// assert_eq!("census-duties".parse::<ImportKind>().unwrap().datasets(), ["us_duties_by_partner"]);
    /// assert!("census".parse::<ImportKind>().unwrap_err().to_string().contains("census-country"));
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            ImportKind::CensusCountry => "census-country",
            ImportKind::CensusCountryJson => "census-country-json",
            ImportKind::CensusEnduse => "census-enduse",
            ImportKind::Dmdc => "dmdc",
            ImportKind::DmdcLocation => "dmdc-location",
            ImportKind::Sipri => "sipri",
            ImportKind::Fx => "fx",
            ImportKind::Partners => "partners",
            ImportKind::CensusPage => "census-page",
            ImportKind::CensusNational => "census-national",
            ImportKind::CensusDuties => "census-duties",
        }
    }

    /// The ids of the datasets this kind writes.
    pub fn datasets(self) -> &'static [&'static str] {
        match self {
            ImportKind::CensusCountry | ImportKind::CensusCountryJson => {
                const {
                    &[
                        ids::US_JAPAN_GOODS_TRADE.as_str(),
                        ids::US_GOODS_TRADE_BY_PARTNER.as_str(),
                        ids::US_GOODS_TRADE_BY_PARTNER_MONTHLY.as_str(),
                    ]
                }
            }
            ImportKind::CensusEnduse => const { &[ids::US_IMPORTS_BY_ENDUSE.as_str()] },
            ImportKind::Dmdc | ImportKind::DmdcLocation => {
                const {
                    &[
                        ids::US_TROOPS_IN_JAPAN.as_str(),
                        ids::US_TROOPS_BY_COUNTRY.as_str(),
                    ]
                }
            }
            ImportKind::Sipri => {
                const {
                    &[
                        ids::SIPRI_MILEX.as_str(),
                        ids::SIPRI_MILEX_COUNTRIES.as_str(),
                        ids::SIPRI_MILEX_FOOTNOTES.as_str(),
                    ]
                }
            }
            ImportKind::Fx => const { &[ids::FX_ANNUAL.as_str()] },
            ImportKind::Partners => const { &[ids::PARTNERS.as_str()] },
            ImportKind::CensusPage => const { &[ids::US_JAPAN_GOODS_TRADE.as_str()] },
            ImportKind::CensusNational => const { &[ids::US_TRADE_TOTALS.as_str()] },
            ImportKind::CensusDuties => const { &[ids::US_DUTIES_BY_PARTNER.as_str()] },
        }
    }
}

impl fmt::Display for ImportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ImportKind {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        ImportKind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| Error::not_found("import kind", s, ImportKind::ALL.map(|k| k.name())))
    }
}

/// Options of [`import`], built with chained calls.
///
/// ```
/// use tradedef::data::import::ImportOptions;
/// let o = ImportOptions::new().data_dir("/tmp/data").vintage("census-country-xlsx-2025-12");
/// assert_eq!(o.data_dir_path(), std::path::Path::new("/tmp/data"));
/// assert_eq!(ImportOptions::default().data_dir_path(), std::path::Path::new("data"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    data_dir: PathBuf,
    vintage: Option<String>,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            data_dir: PathBuf::from("data"),
            vintage: None,
        }
    }
}

impl ImportOptions {
    /// The defaults: data folder `data`, vintage derived from the file.
    pub fn new() -> Self {
        Self::default()
    }

    /// The folder holding `ID.csv` and `ID.toml` of each dataset. By default, `data`.
    pub fn data_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.data_dir = dir.into();
        self
    }

    /// The vintage tag written in the `vintage` and `source` columns of the imported rows. By
    /// default it is derived from the file: `census-country-xlsx-YYYY-MM` (latest month present),
    /// `census-enduse-imports-xlsx-YYYY` (last year column), `dmdc-troopdata-reports-YYYY-MM`
    /// (latest report), `dmdc-location-reports-YYYY-MM` (latest report), `sipri-milex-YYYY-04` (SIPRI's April release after the last year),
    /// `exchange-rates-annual-csv-YYYY` (last year), `census-country-YYYY-MM` (the latest month of
    /// each snapshot of a JSON transcription; a folder of several snapshots takes no vintage
    /// option), `census-c5880-page-YYYY-MM` (the latest
    /// release of the page in the file; name another to read it), `census-bea-YYYY-MM` (the latest
    /// month of `trade_national.json`), `census-api-duties-YYYY-MM` (the latest month of the
    /// duties files), `partners from iso_3166-1.json` (the
    /// registry has no vintage column: an import replaces it whole).
    pub fn vintage(mut self, vintage: impl Into<String>) -> Self {
        self.vintage = Some(vintage.into());
        self
    }

    /// The data folder in use.
    pub fn data_dir_path(&self) -> &Path {
        &self.data_dir
    }
}

/// What an import wrote into one dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetSummary {
    /// The dataset id.
    pub id: String,
    /// Rows of the file's vintage written.
    pub rows_imported: usize,
    /// Rows of the same vintage that were in the file before and were replaced.
    pub rows_replaced: usize,
    /// Rows of other vintages kept untouched.
    pub rows_kept: usize,
    /// Rows per vintage in the dataset as written.
    pub rows_by_vintage: BTreeMap<String, usize>,
    /// First and last year of the imported rows.
    pub years: Option<(i64, i64)>,
    /// The new SHA-256 of the CSV (also written into the sidecar).
    pub sha256: String,
}

/// The result of [`import`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    /// The kind of file read.
    pub kind: ImportKind,
    /// The file read.
    pub file: PathBuf,
    /// The vintage tag of the imported rows (where the file holds several snapshots, as a
    /// `census-country-json` folder may, the tag of the main one; each dataset's
    /// `rows_by_vintage` and the notes list them all).
    pub vintage: String,
    /// One entry per dataset written.
    pub datasets: Vec<DatasetSummary>,
    /// What the reader reports besides rows, e.g. the publishers' names the partner registry
    /// could not match.
    pub notes: Vec<String>,
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "imported {} ({}) as vintage `{}`",
            self.file.display(),
            self.kind,
            self.vintage
        )?;
        for d in &self.datasets {
            let years = d
                .years
                .map(|(a, b)| format!("{a}–{b}"))
                .unwrap_or_else(|| "no years".into());
            writeln!(
                f,
                "  {}: {} rows imported ({years}), {} replaced, {} of other vintages kept",
                d.id, d.rows_imported, d.rows_replaced, d.rows_kept
            )?;
            for (v, n) in &d.rows_by_vintage {
                writeln!(f, "    {v}: {n} rows")?;
            }
        }
        for note in &self.notes {
            writeln!(f, "  note: {note}")?;
        }
        Ok(())
    }
}

/// Reads a publisher's `file` of the given kind and merges its rows into the datasets in
/// `options`' data folder (see the [module docs](self)). Nothing is written if the file or the
/// merged dataset fails validation.
pub fn import(
    kind: ImportKind,
    file: impl AsRef<Path>,
    options: &ImportOptions,
) -> Result<ImportSummary> {
    let file = file.as_ref();
    let folder = matches!(
        kind,
        ImportKind::CensusDuties | ImportKind::CensusCountryJson
    );
    if !(if folder {
        file.is_dir()
    } else {
        file.is_file()
    }) {
        return Err(Error::io(
            file,
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                if folder {
                    format!(
                        "no such folder ({} reads the project's pipeline/output folder)",
                        kind.name()
                    )
                } else {
                    "no such file".to_string()
                },
            ),
        ));
    }
    let vintage_option = options.vintage.as_deref().map(str::trim);
    if vintage_option.is_some_and(|v| v.is_empty() || v.contains(['\n', '"', ','])) {
        return Err(Error::argument(
            "import --vintage",
            "the vintage must be a non-empty tag without commas, quotes or line breaks",
        ));
    }
    let no_notes = |(vintage, outputs)| (vintage, outputs, Vec::new());
    // the note of a new vintage's `[[sources]]` entry, where the reader has more to say
    let mut source_note = None;
    let (vintage, outputs, notes) = match kind {
        ImportKind::CensusCountry => no_notes(census_country::read(file, vintage_option)?),
        ImportKind::CensusCountryJson => {
            census_country_json::read(file, &options.data_dir, vintage_option)?
        }
        ImportKind::CensusEnduse => no_notes(census_enduse::read(file, vintage_option)?),
        ImportKind::Dmdc => no_notes(dmdc::read(file, vintage_option)?),
        ImportKind::DmdcLocation => {
            let read = dmdc_location::read(file, &options.data_dir, vintage_option)?;
            source_note = Some(read.source_note);
            (read.vintage, read.outputs, read.notes)
        }
        ImportKind::Partners => partners::read(file, &options.data_dir, vintage_option)?,
        ImportKind::Sipri => no_notes(sipri::read(file, vintage_option)?),
        ImportKind::Fx => no_notes(fx::read(file, vintage_option)?),
        ImportKind::CensusPage => no_notes(census_page::read(file, vintage_option)?),
        ImportKind::CensusNational => census_national::read(file, vintage_option)?,
        ImportKind::CensusDuties => census_duties::read(file, &options.data_dir, vintage_option)?,
    };
    let file_name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // every dataset is merged and validated before any file is written
    let merged = outputs
        .iter()
        .map(|output| {
            merge::merge(
                &options.data_dir,
                output,
                &vintage,
                &file_name,
                source_note.as_deref(),
            )
        })
        .collect::<Result<Vec<_>>>()?;
    // every file is written beside its target, then all are renamed into place together
    let mut staged = crate::atomic::Staged::new();
    let datasets = merged
        .into_iter()
        .map(|m| m.stage(&mut staged))
        .collect::<Result<Vec<_>>>()?;
    staged.commit()?;
    for d in &datasets {
        merge::check_written(&options.data_dir, &d.id)?;
    }
    Ok(ImportSummary {
        kind,
        file: file.to_path_buf(),
        vintage,
        datasets,
        notes,
    })
}

/// Recomputes the SHA-256 of `data_dir/ID.csv` after a hand edit, writes it into the `sha256`
/// line of `data_dir/ID.toml` (comments and layout kept) and validates the dataset. Returns the
/// new checksum. The sidecar is left unchanged if the CSV fails validation.
///
/// ```no_run
/// let sha = tradedef::data::import::rehash("data", "us_japan_goods_trade")?;
/// assert_eq!(sha.len(), 64);
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn rehash(data_dir: impl AsRef<Path>, id: &str) -> Result<String> {
    merge::rehash(data_dir.as_ref(), id)
}
