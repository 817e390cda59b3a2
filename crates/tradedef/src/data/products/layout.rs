//! The on-disk layout of the product-level trade dataset: one Parquet file per year under
//! `year=YYYY/`, and the sidecar that records provenance and a checksum per file.

use std::path::{Path, PathBuf};

use polars::prelude::*;
use serde::{Deserialize, Serialize};

use crate::data::sha256_hex;
use crate::{Error, Location, Result};

/// The sidecar's file name inside the dataset folder. The leading `_` makes Spark, pyarrow (so
/// pandas) and Hive skip it when they list the folder as a dataset, as they skip `_SUCCESS`.
pub const SIDECAR: &str = "_product_trade.toml";

/// The columns stored in each Parquet file, in order, with their types (`year` is the partition).
pub(crate) const COLUMNS: [(&str, DataType); 11] = [
    ("flow", DataType::String),
    ("cty_code", DataType::String),
    ("cty_name", DataType::String),
    ("commodity", DataType::String),
    ("comm_lvl", DataType::String),
    ("hs2", DataType::String),
    ("month", DataType::Int32),
    ("value_usd", DataType::Float64),
    ("con_value_usd", DataType::Float64),
    ("vintage", DataType::String),
    ("missing", DataType::String),
];

/// The key of a row, besides `year`.
pub(crate) const KEY: [&str; 5] = ["flow", "cty_code", "commodity", "month", "vintage"];

/// One data file of the dataset, as recorded in the sidecar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    /// The path inside the dataset folder, e.g. `year=2023/part-0.parquet`.
    pub path: String,
    /// The year of its rows.
    pub year: i32,
    /// Its number of rows.
    pub rows: u64,
    /// The SHA-256 of the file's bytes.
    pub sha256: String,
}

/// A release of the publisher that rows were imported from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VintageEntry {
    /// The `vintage` value of its rows.
    pub vintage: String,
    /// The publisher's files (or requests) read, with the SHA-256 of each as read.
    pub inputs: Vec<InputEntry>,
    /// When the files were read or downloaded (`YYYY-MM-DD`).
    pub date_accessed: String,
}

/// A publisher's file read by an import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputEntry {
    /// The file name, or the URL it was downloaded from.
    pub source: String,
    /// The SHA-256 of its bytes.
    pub sha256: String,
}

/// The sidecar of a product-level trade dataset (`_product_trade.toml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductSidecar {
    /// Always `product_trade`.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Who produced the figures.
    pub producer: String,
    /// The publisher's table or API endpoint.
    pub source_table: String,
    /// The page the figures are published on.
    pub url_main: String,
    /// The licence of the figures.
    pub licence: String,
    /// The unit of `value_usd` and `con_value_usd`.
    pub units: String,
    /// How the files are laid out.
    pub layout: String,
    /// The releases the rows come from.
    #[serde(default)]
    pub vintages: Vec<VintageEntry>,
    /// Every data file with its checksum.
    #[serde(default)]
    pub files: Vec<FileEntry>,
}

impl ProductSidecar {
    /// The sidecar of data from the Census Bureau's International Trade API or trade database.
    pub fn census() -> ProductSidecar {
        ProductSidecar {
            id: "product_trade".to_string(),
            title: "US goods trade by HS commodity, partner and month".to_string(),
            producer: "U.S. Census Bureau, Economic Indicators Division".to_string(),
            source_table: "International Trade API: Monthly U.S. Imports by HS Code \
                           (timeseries/intltrade/imports/hs) and Monthly U.S. Exports by HS Code \
                           (timeseries/intltrade/exports/hs); or USA Trade Online CSV exports"
                .to_string(),
            url_main: "https://www.census.gov/data/developers/data-sets/international-trade.html"
                .to_string(),
            licence: "Public domain (U.S. Government work, 17 U.S.C. 105)".to_string(),
            units: "US dollars, nominal, not seasonally adjusted".to_string(),
            layout: "hive: year=YYYY/part-0.parquet".to_string(),
            vintages: Vec::new(),
            files: Vec::new(),
        }
    }

    fn read(dir: &Path) -> Result<ProductSidecar> {
        let path = dir.join(SIDECAR);
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        toml::from_str(&text).map_err(|e| {
            Error::invalid(
                Location::file(path.display().to_string()),
                format!("not a product trade sidecar: {e}"),
            )
        })
    }

    fn write(&self, dir: &Path) -> Result<()> {
        let text = toml::to_string(self)
            .map_err(|e| Error::argument("writing the product trade sidecar", e.to_string()))?;
        write_atomic(&dir.join(SIDECAR), text.as_bytes())
    }
}

/// A product-level trade dataset on disk.
#[derive(Debug, Clone)]
pub struct ProductTrade {
    dir: PathBuf,
    sidecar: ProductSidecar,
}

impl ProductTrade {
    /// Opens the dataset in `dir` (reads its sidecar; no data is read).
    pub fn open(dir: impl AsRef<Path>) -> Result<ProductTrade> {
        let dir = dir.as_ref().to_path_buf();
        let sidecar = ProductSidecar::read(&dir)?;
        Ok(ProductTrade { dir, sidecar })
    }

    /// A LazyFrame over every file of the dataset in `dir`, with the `year` column from the
    /// partition paths; nothing is read until the plan runs, and then only the columns and row
    /// groups the query needs.
    pub fn scan(dir: impl AsRef<Path>) -> Result<LazyFrame> {
        ProductTrade::open(dir)?.lazy()
    }

    /// The sidecar.
    pub fn sidecar(&self) -> &ProductSidecar {
        &self.sidecar
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The number of rows, from the sidecar.
    pub fn rows(&self) -> u64 {
        self.sidecar.files.iter().map(|f| f.rows).sum()
    }

    /// A LazyFrame over the dataset (see [`ProductTrade::scan`]).
    pub fn lazy(&self) -> Result<LazyFrame> {
        if self.sidecar.files.is_empty() {
            return Err(Error::invalid(
                Location::file(self.dir.join(SIDECAR).display().to_string()),
                "the dataset has no data files: import or fetch some first",
            ));
        }
        let paths: Vec<PlRefPath> = self
            .sidecar
            .files
            .iter()
            .map(|f| PlRefPath::new(self.dir.join(&f.path).to_string_lossy().as_ref()))
            .collect();
        let args = ScanArgsParquet {
            hive_options: HiveOptions {
                enabled: Some(true),
                hive_start_idx: 0,
                schema: Some(Arc::new(Schema::from_iter([Field::new(
                    "year".into(),
                    DataType::Int32,
                )]))),
                try_parse_dates: false,
            },
            ..Default::default()
        };
        LazyFrame::scan_parquet_files(paths.into_iter().collect(), args)
            .map_err(|e| Error::polars(format!("scanning {}", self.dir.display()), e))
    }

    /// Checks every file against the checksum in the sidecar; an error names the file.
    pub fn verify(&self) -> Result<()> {
        for f in &self.sidecar.files {
            let path = self.dir.join(&f.path);
            let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
            let actual = sha256_hex(&bytes);
            if actual != f.sha256 {
                return Err(Error::invalid(
                    Location::file(path.display().to_string()),
                    format!(
                        "checksum mismatch: the sidecar records sha256 {} but the file has {actual}",
                        f.sha256
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// Writes the year files of a dataset and then its sidecar.
///
/// Each year's rows are checked (columns and types, key unique, months 1–12, values finite and
/// not negative, an empty value explained in `missing`), sorted by key, written to a temporary
/// file and renamed into place, so a reader never sees half a file.
pub struct ProductWriter {
    dir: PathBuf,
    sidecar: ProductSidecar,
}

impl ProductWriter {
    /// A writer into `dir` (created if needed) that keeps the files and vintages already recorded
    /// in its sidecar, if there is one, else starts from `sidecar`.
    pub fn new(dir: impl AsRef<Path>, sidecar: ProductSidecar) -> Result<ProductWriter> {
        let dir = dir.as_ref().to_path_buf();
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let sidecar = if dir.join(SIDECAR).is_file() {
            ProductSidecar::read(&dir)?
        } else {
            sidecar
        };
        Ok(ProductWriter { dir, sidecar })
    }

    /// The relative path of a year's file.
    pub fn year_path(year: i32) -> String {
        format!("year={year}/part-0.parquet")
    }

    /// The rows already stored for `year`, if any.
    pub(crate) fn existing(&self, year: i32) -> Result<Option<DataFrame>> {
        let path = self.dir.join(Self::year_path(year));
        if !path.is_file() {
            return Ok(None);
        }
        let file = std::fs::File::open(&path).map_err(|e| Error::io(&path, e))?;
        ParquetReader::new(file)
            .finish()
            .map(Some)
            .map_err(|e| Error::polars(format!("reading {}", path.display()), e))
    }

    /// Records a vintage (replacing an entry of the same name).
    pub fn add_vintage(&mut self, vintage: VintageEntry) {
        self.sidecar
            .vintages
            .retain(|v| v.vintage != vintage.vintage);
        self.sidecar.vintages.push(vintage);
        self.sidecar
            .vintages
            .sort_by(|a, b| a.vintage.cmp(&b.vintage));
    }

    /// Checks and writes the rows of one year (the stored columns, without `year`), replacing
    /// that year's file.
    pub fn write_year(&mut self, year: i32, frame: DataFrame) -> Result<()> {
        let rel = Self::year_path(year);
        let path = self.dir.join(&rel);
        let shown = path.display().to_string();
        let mut frame = check_year(frame, &shown)?;
        let mut bytes = Vec::new();
        ParquetWriter::new(&mut bytes)
            .with_compression(ParquetCompression::Zstd(None))
            .with_statistics(StatisticsOptions::full())
            .with_row_group_size(Some(1 << 20))
            .finish(&mut frame)
            .map_err(|e| Error::polars(format!("writing {shown}"), e))?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        write_atomic(&path, &bytes)?;
        self.sidecar.files.retain(|f| f.year != year);
        self.sidecar.files.push(FileEntry {
            path: rel,
            year,
            rows: frame.height() as u64,
            sha256: sha256_hex(&bytes),
        });
        self.sidecar.files.sort_by_key(|f| f.year);
        Ok(())
    }

    /// Writes the sidecar and returns the dataset.
    pub fn finish(self) -> Result<ProductTrade> {
        self.sidecar.write(&self.dir)?;
        Ok(ProductTrade {
            dir: self.dir,
            sidecar: self.sidecar,
        })
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
}

/// The rows of one year with the stored columns in order and sorted by key, or the first broken
/// rule with the file, row (after sorting), column and value.
fn check_year(frame: DataFrame, file: &str) -> Result<DataFrame> {
    let err = |e| Error::polars(format!("checking the rows for {file}"), e);
    for (name, dtype) in &COLUMNS {
        match frame.column(name) {
            Err(_) => {
                return Err(Error::invalid(
                    Location::file(file).column(*name),
                    "column missing from the rows to write",
                ));
            }
            Ok(c) if c.dtype() != dtype => {
                return Err(Error::invalid(
                    Location::file(file).column(*name),
                    format!("column has type {} where {dtype} is expected", c.dtype()),
                ));
            }
            Ok(_) => {}
        }
    }
    let sorted = frame
        .lazy()
        .select(COLUMNS.iter().map(|(n, _)| col(*n)).collect::<Vec<_>>())
        .sort(
            KEY,
            SortMultipleOptions::default().with_maintain_order(true),
        )
        .with_row_index("__row", Some(1))
        .collect()
        .map_err(err)?;
    let value = col("value_usd");
    let rules: [(&str, Expr, &str); 5] = [
        (
            "month",
            col("month").lt(lit(1)).or(col("month").gt(lit(12))),
            "month outside 1–12",
        ),
        (
            "value_usd",
            value
                .clone()
                .lt(lit(0.0))
                .or(value.clone().is_finite().not()),
            "value is negative or not a finite number",
        ),
        (
            "value_usd",
            value.is_null().and(col("missing").is_null()),
            "empty value without a reason in `missing`",
        ),
        (
            "con_value_usd",
            col("con_value_usd").lt(lit(0.0)),
            "value is negative",
        ),
        (
            "flow",
            col("flow")
                .is_in(
                    lit(Series::new("".into(), ["imports", "exports"])).implode(false),
                    false,
                )
                .not(),
            "flow is neither `imports` nor `exports`",
        ),
    ];
    let mut firsts: Vec<Expr> = rules
        .iter()
        .enumerate()
        .map(|(i, (_, bad, _))| {
            col("__row")
                .filter(bad.clone().fill_null(lit(false)))
                .min()
                .alias(format!("r{i}"))
        })
        .collect();
    // the key is sorted: a duplicate is a row equal to the one before it
    let same_as_previous = KEY
        .iter()
        .map(|k| col(*k).eq(col(*k).shift(lit(1))).fill_null(lit(false)))
        .reduce(|a, b| a.and(b))
        .unwrap_or(lit(false));
    firsts.push(col("__row").filter(same_as_previous).min().alias("dup"));
    let found = sorted
        .clone()
        .lazy()
        .select(firsts)
        .collect()
        .map_err(err)?;
    let first_at = |name: &str| crate::data::rules::first_row(&found, name).map_err(err);
    let text_at = |column: &str, row: usize| -> String {
        sorted
            .column(column)
            .ok()
            .and_then(|c| c.get(row - 1).ok().map(|v| v.str_value().to_string()))
            .unwrap_or_default()
    };
    for (i, (column, _, message)) in rules.iter().enumerate() {
        if let Some(row) = first_at(&format!("r{i}"))? {
            return Err(Error::invalid(
                Location::file(file)
                    .row(row)
                    .column(*column)
                    .value(text_at(column, row)),
                *message,
            ));
        }
    }
    if let Some(row) = first_at("dup")? {
        let shown: Vec<String> = KEY
            .iter()
            .map(|k| format!("{k}={}", text_at(k, row)))
            .collect();
        return Err(Error::invalid(
            Location::file(file).row(row),
            format!("duplicate key ({})", shown.join(", ")),
        ));
    }
    sorted.drop("__row").map_err(err)
}
