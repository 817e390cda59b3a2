//! `tradedef data fetch` and the product-level kinds of `tradedef data import`: product trade as
//! a Parquet dataset in DATA_DIR/products.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;
use tradedef::data::products::fetch::{CENSUS_API, FetchOptions, FetchRequest};
use tradedef::data::products::{Flow, HsLevel, ProductImportKind, ProductTrade, import_products};

/// Arguments of `tradedef data fetch`.
#[derive(Debug, Args)]
pub struct FetchArgs {
    /// The partner: a name, ISO code or Census code (e.g. Japan, JPN, 5880).
    #[arg(long)]
    partner: String,
    /// The commodity level: HS2, HS4, HS6 or HS10.
    #[arg(long)]
    level: HsLevel,
    /// The years, e.g. 2019-2024 (or one year, 2024).
    #[arg(long)]
    years: String,
    /// Only this flow (imports or exports); both by default.
    #[arg(long)]
    flow: Option<Flow>,
    /// The data folder; the dataset goes to DATA_DIR/products.
    #[arg(long, default_value = "data")]
    data_dir: PathBuf,
    /// Where downloads are kept, one file per request (default DATA_DIR/products/_downloads).
    #[arg(long)]
    cache_dir: Option<PathBuf>,
    /// The API's base URL.
    #[arg(long, default_value = CENSUS_API)]
    api: String,
    /// How many times a failed transfer is retried.
    #[arg(long, default_value_t = 4)]
    retries: u32,
}

/// The dataset folder inside a data folder.
fn products_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("products")
}

fn years(text: &str) -> Result<(i32, i32)> {
    let (a, b) = text.split_once('-').unwrap_or((text, text));
    let parse = |s: &str| {
        s.trim().parse::<i32>().with_context(|| {
            format!("--years `{text}`: expected YEAR or FIRST-LAST, e.g. 2019-2024")
        })
    };
    Ok((parse(a)?, parse(b)?))
}

fn summary(d: &ProductTrade) {
    println!(
        "{}: {} rows in {} files; vintages [{}]",
        d.dir().display(),
        d.rows(),
        d.sidecar().files.len(),
        d.sidecar()
            .vintages
            .iter()
            .map(|v| v.vintage.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
}

/// Runs `tradedef data fetch`.
pub fn fetch(args: &FetchArgs) -> Result<()> {
    let mut request = FetchRequest::new(&args.partner, args.level, years(&args.years)?)?;
    if let Some(flow) = args.flow {
        request.flows = vec![flow];
    }
    request.base_url = args.api.clone();
    request.key = std::env::var("CENSUS_API_KEY")
        .ok()
        .filter(|k| !k.is_empty());
    let data_dir = products_dir(&args.data_dir);
    let options = FetchOptions {
        cache_dir: args
            .cache_dir
            .clone()
            .unwrap_or_else(|| data_dir.join("_downloads")),
        data_dir,
        retries: args.retries,
        progress: true,
    };
    let d = tradedef::data::products::fetch::fetch(&request, &options)?;
    summary(&d);
    Ok(())
}

/// `tradedef data import census-api-hs|usatrade-csv FILE`.
pub fn import(
    kind: ProductImportKind,
    file: &Path,
    data_dir: &Path,
    vintage: Option<&str>,
) -> Result<()> {
    let d = import_products(kind, &[file.to_path_buf()], products_dir(data_dir), vintage)
        .with_context(|| format!("importing {} as {kind}", file.display()))?;
    summary(&d);
    Ok(())
}
