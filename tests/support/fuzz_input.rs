//! One entry per reader for the fuzz targets in `fuzz/` and for the test that replays their
//! corpus (`tests/tests/suite/fuzz_corpus.rs`): bytes in, the reader's result out. A reader may reject
//! the bytes with an error; it must never panic, hang or run out of memory.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use tradedef::claims::Ledger;
use tradedef::data::import::{ImportKind, ImportOptions, import};
use tradedef::data::products::{ProductImportKind, import_products};
use tradedef::data::{DatasetMeta, load_file_as};

/// The fuzz targets, by name (each is `fuzz/fuzz_targets/NAME.rs` and `fuzz/corpus/NAME/`).
pub const TARGETS: [&str; 12] = [
    "dataset_csv",
    "sidecar",
    "claims",
    "census_country",
    "census_enduse",
    "dmdc",
    "sipri",
    "fx",
    "partners",
    "census_page",
    "census_api_hs",
    "usatrade_csv",
];

/// A folder of this process for the files a reader needs on disk.
fn work_dir() -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "tradedef-fuzz-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// Runs the reader of `target` on `bytes`. Returns whether the reader accepted them; an error
/// (`Err` of the reader) is `false`. Panics only for an unknown target.
pub fn read(target: &str, bytes: &[u8]) -> bool {
    match target {
        "dataset_csv" => dataset_csv(bytes),
        "sidecar" => {
            std::str::from_utf8(bytes).is_ok_and(|t| DatasetMeta::from_toml(t, "fuzz.toml").is_ok())
        }
        "claims" => std::str::from_utf8(bytes)
            .is_ok_and(|t| Ledger::from_toml_str(t, "fuzz.toml").is_ok_and(|l| l.check().is_ok())),
        "census_country" => import_bytes(ImportKind::CensusCountry, "country.xlsx", bytes),
        "census_enduse" => import_bytes(ImportKind::CensusEnduse, "enduse_imports.xlsx", bytes),
        "dmdc" => import_bytes(ImportKind::Dmdc, "dmdc.csv", bytes),
        "sipri" => import_bytes(ImportKind::Sipri, "sipri.zip", bytes),
        "fx" => import_bytes(ImportKind::Fx, "annual.csv", bytes),
        "partners" => import_bytes(ImportKind::Partners, "iso_3166-1.json", bytes),
        "census_page" => import_bytes(ImportKind::CensusPage, "c5880.csv", bytes),
        "census_api_hs" => products_bytes(ProductImportKind::CensusApiHs, "imports-hs.json", bytes),
        "usatrade_csv" => products_bytes(ProductImportKind::UsaTradeCsv, "usatrade.csv", bytes),
        other => panic!("unknown fuzz target `{other}`"),
    }
}

/// Datasets whose schema the dataset CSV target reads against, picked by the first byte.
const DATASETS: [&str; 4] = [
    "usd_jpy_annual",
    "us_japan_goods_trade",
    "us_troops_in_japan",
    "tariff_events",
];

/// A CSV read as one of [`DATASETS`] (the first byte picks which; the rest is the file).
fn dataset_csv(bytes: &[u8]) -> bool {
    let Some((&pick, csv)) = bytes.split_first() else {
        return false;
    };
    let id = DATASETS[usize::from(pick) % DATASETS.len()];
    let dir = work_dir();
    let file = dir.join("input.csv");
    let ok = std::fs::write(&file, csv).is_ok() && load_file_as(id, &file).is_ok();
    let _ = std::fs::remove_dir_all(&dir);
    ok
}

/// The bytes as a publisher's file, imported into an empty data folder (the importer takes
/// the sidecars from the catalog), which is removed after.
fn import_bytes(kind: ImportKind, name: &str, bytes: &[u8]) -> bool {
    let dir = work_dir();
    let file = dir.join(name);
    let data = dir.join("data");
    let ok = std::fs::create_dir_all(&data).is_ok()
        && std::fs::write(&file, bytes).is_ok()
        && import(kind, &file, &ImportOptions::new().data_dir(&data)).is_ok();
    let _ = std::fs::remove_dir_all(&dir);
    ok
}

/// The bytes as a publisher's product-level file, imported into an empty product dataset
/// (Parquet by year and its sidecar), which is removed after.
fn products_bytes(kind: ProductImportKind, name: &str, bytes: &[u8]) -> bool {
    let dir = work_dir();
    let file = dir.join(name);
    let ok = std::fs::write(&file, bytes).is_ok()
        && import_products(kind, &[file], dir.join("products"), Some("fuzz")).is_ok();
    let _ = std::fs::remove_dir_all(&dir);
    ok
}

/// The corpus folder of a target.
pub fn corpus_dir(root: &Path, target: &str) -> PathBuf {
    root.join("fuzz/corpus").join(target)
}
