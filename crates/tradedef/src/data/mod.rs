//! Datasets: the catalog of curated, sourced figures embedded in the crate, their metadata,
//! loaders that validate on every load, and importers for the publishers' own files.
//!
//! Each dataset is a tidy CSV in `data/` with a TOML sidecar (see [`DatasetMeta`]). Loading checks
//! the header, types, units, plausible ranges, unique keys, that balances equal exports minus
//! imports, and the SHA-256 recorded in the sidecar; any failure names file, row, column and value.

mod cache;
mod catalog;
mod columnar;
mod dataset;
mod freshness;
pub mod ids;
pub mod import;
mod metadata;
mod partners;
#[cfg(feature = "products")]
pub mod products;
mod provenance;
pub mod release;
mod rules;
mod scan;
mod storage;
mod table;

pub use cache::{CACHE_DIR_VAR, VALIDATE_VAR, cache_dir};
pub use catalog::{
    CatalogEntry, catalog, entry, load, load_file, load_file_as, partner_series, scan,
    validate_bytes, verify,
};
pub use dataset::Dataset;
pub use freshness::{DatasetStatus, dataset_status, status};
pub use ids::DatasetId;
pub use metadata::{
    BalanceCheck, Break, Checks, ColumnSpec, DType, DatasetMeta, DateBasis, DatePrecision,
    Freshness, PartnerSeries, Release, ReleaseDate, SeriesHolds, SourceRef,
};
pub use partners::{Partner, partner, partners, search_partners};
pub use provenance::{Provenance, SourceNote};
pub(crate) use storage::read_bounded;
pub use storage::{MAX_CSV_BYTES, csv_text};
pub use table::sha256_hex;
pub(crate) use table::utf8_text;
