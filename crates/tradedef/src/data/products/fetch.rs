//! Downloading product-level trade from the Census International Trade API, then importing it.
//!
//! A [`FetchRequest`] (partner, HS level, years, flows) becomes one API request per flow and
//! year, `…/timeseries/intltrade/{imports|exports}/hs?get=…&COMM_LVL=HS6&CTY_CODE=5880&time=from+2023-01+to+2023-12`.
//! Each response is kept in the cache folder, one file per request, named after it: a request
//! whose file is there is not sent again, and a download cut off is resumed from its `.part`
//! file. Transfers go through the `curl` program (present on Linux, macOS and Windows 10+), which
//! retries transient failures (timeouts, HTTP 408, 429, 5xx) and resumes partial files; this
//! keeps an HTTP and TLS stack out of the library. Progress goes to stderr.
//!
//! Without network the first request fails at once (curl cannot resolve or connect) with an
//! error that prints the URLs and the manual steps: download each URL in a browser, then
//! `tradedef data import census-api-hs FILE… --data-dir DIR`.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::{Flow, HsLevel, ProductImportKind, ProductTrade, import_products};
use crate::data::partner;
use crate::{Error, Result};

/// The API's base URL.
pub const CENSUS_API: &str = "https://api.census.gov/data/timeseries/intltrade";

/// What to download.
#[derive(Debug, Clone, PartialEq)]
pub struct FetchRequest {
    /// The partner's Census country code (`CTY_CODE`), e.g. `5880` for Japan.
    pub cty_code: String,
    /// The commodity level.
    pub level: HsLevel,
    /// The first and last year.
    pub years: (i32, i32),
    /// The flows.
    pub flows: Vec<Flow>,
    /// The API's base URL ([`CENSUS_API`]; tests point it at a local server).
    pub base_url: String,
    /// An API key (`key=`), e.g. from `CENSUS_API_KEY`; never written into the dataset.
    pub key: Option<String>,
}

/// One request of a fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The cache file name, e.g. `imports-5880-HS6-2023.json`.
    pub file: String,
    /// The URL without the key.
    pub url: String,
}

impl FetchRequest {
    /// A request for `partner` (a name, ISO code or Census code, resolved through the partner
    /// registry) at `level` over the years `first..=last`, both flows, from [`CENSUS_API`].
    ///
    /// ```
    /// use tradedef::data::products::{HsLevel, fetch::FetchRequest};
    /// let r = FetchRequest::new("Japan", HsLevel::Hs6, (2023, 2024)).unwrap();
    /// let requests = r.requests();
    /// assert_eq!(requests.len(), 4);
    /// assert_eq!(requests[0].file, "imports-5880-HS6-2023.json");
    /// assert!(requests[0].url.ends_with(
    ///     "/imports/hs?get=CTY_NAME,I_COMMODITY,GEN_VAL_MO,CON_VAL_MO&COMM_LVL=HS6&CTY_CODE=5880&time=from+2023-01+to+2023-12"
    /// ));
    /// assert!(FetchRequest::new("Japan", HsLevel::Hs6, (2024, 2023)).is_err());
    /// ```
    pub fn new(partner_query: &str, level: HsLevel, years: (i32, i32)) -> Result<FetchRequest> {
        let p = partner(partner_query)?;
        let cty_code = p.census_code.ok_or_else(|| {
            Error::argument(
                "fetch",
                format!("{} has no Census country code to ask the API for", p.name),
            )
        })?;
        if years.0 > years.1 {
            return Err(Error::argument(
                "fetch",
                format!("years {}-{} are in the wrong order", years.0, years.1),
            ));
        }
        Ok(FetchRequest {
            cty_code,
            level,
            years,
            flows: vec![Flow::Imports, Flow::Exports],
            base_url: CENSUS_API.to_string(),
            key: None,
        })
    }

    /// The requests, one per flow and year, in order.
    pub fn requests(&self) -> Vec<Request> {
        let mut out = Vec::new();
        for &flow in &self.flows {
            let get = match flow {
                Flow::Imports => "CTY_NAME,I_COMMODITY,GEN_VAL_MO,CON_VAL_MO",
                Flow::Exports => "CTY_NAME,E_COMMODITY,ALL_VAL_MO",
            };
            for year in self.years.0..=self.years.1 {
                out.push(Request {
                    file: format!("{flow}-{}-{}-{year}.json", self.cty_code, self.level),
                    url: format!(
                        "{}/{flow}/hs?get={get}&COMM_LVL={}&CTY_CODE={}&time=from+{year}-01+to+{year}-12",
                        self.base_url.trim_end_matches('/'),
                        self.level,
                        self.cty_code
                    ),
                });
            }
        }
        out
    }
}

/// Where a fetch keeps its downloads and writes its dataset.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// The cache folder (one file per request).
    pub cache_dir: PathBuf,
    /// The product trade dataset folder.
    pub data_dir: PathBuf,
    /// How many times curl retries a transient failure.
    pub retries: u32,
    /// Whether to draw a progress bar on stderr.
    pub progress: bool,
}

/// Downloads every request of `request` not yet in the cache, then imports all of them into the
/// dataset. Returns the dataset.
pub fn fetch(request: &FetchRequest, options: &FetchOptions) -> Result<ProductTrade> {
    let requests = request.requests();
    let cache = &options.cache_dir;
    std::fs::create_dir_all(cache).map_err(|e| Error::io(cache, e))?;
    let total = requests.len();
    let mut files = Vec::with_capacity(total);
    for (i, r) in requests.iter().enumerate() {
        let path = cache.join(&r.file);
        if options.progress {
            progress(i, total, &r.file);
        }
        if !path.is_file() {
            download(request, r, &path, options, &requests)?;
        }
        files.push(path);
    }
    if options.progress {
        progress(total, total, "done");
        eprintln!();
    }
    import_products(
        ProductImportKind::CensusApiHs,
        &files,
        &options.data_dir,
        None,
    )
}

/// One request into `path`, through `path.part` (resumed if it is there) and a rename.
fn download(
    request: &FetchRequest,
    r: &Request,
    path: &Path,
    options: &FetchOptions,
    all: &[Request],
) -> Result<()> {
    let part = path.with_extension("json.part");
    let mut url = r.url.clone();
    if let Some(key) = &request.key {
        url.push_str("&key=");
        url.push_str(key);
    }
    let curl = |retries: u32| {
        Command::new("curl")
            .args(["--fail", "--silent", "--show-error", "--location"])
            .args(["--retry", &retries.to_string(), "--retry-delay", "1"])
            .args(["--connect-timeout", "10", "--max-time", "600"])
            .args(["--continue-at", "-", "--output"])
            .arg(&part)
            .arg(&url)
            .output()
            .map_err(|e| {
                Error::argument(
                    "fetch",
                    format!("cannot run `curl` ({e}); {}", manual_steps(all, options)),
                )
            })
    };
    // a first try without retries: no network shows at once (host unknown or unreachable)
    let mut output = curl(0)?;
    if !output.status.success() && !matches!(output.status.code(), Some(6 | 7)) {
        output = curl(options.retries)?;
    }
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr).trim().to_string();
        let code = output.status.code().unwrap_or(-1);
        // 6: cannot resolve the host, 7: cannot connect: no network, no point retrying
        let cause = match code {
            6 | 7 => "no network (the host cannot be resolved or reached)".to_string(),
            _ => format!("the download failed after {} retries", options.retries),
        };
        return Err(Error::argument(
            "fetch",
            format!(
                "{cause}: {} (curl exit {code}: {stderr}); {}",
                r.url,
                manual_steps(all, options)
            ),
        ));
    }
    std::fs::rename(&part, path).map_err(|e| Error::io(path, e))
}

/// What to do by hand when downloading fails.
fn manual_steps(all: &[Request], options: &FetchOptions) -> String {
    let list: Vec<String> = all
        .iter()
        .map(|r| {
            format!(
                "  {} -> {}",
                r.url,
                options.cache_dir.join(&r.file).display()
            )
        })
        .collect();
    format!(
        "to fetch by hand, save each URL (add &key=YOUR_KEY if you have one) as the file shown:\n{}\nthen import each file with `tradedef data import census-api-hs FILE` (the dataset folder is {}), or run this fetch again: files already in {} are not downloaded again",
        list.join("\n"),
        options.data_dir.display(),
        options.cache_dir.display()
    )
}

/// Draws `[#####     ] done/total label` on stderr, in place.
fn progress(done: usize, total: usize, label: &str) {
    const WIDTH: usize = 30;
    let filled = (done * WIDTH)
        .checked_div(total)
        .unwrap_or(WIDTH)
        .min(WIDTH);
    let mut err = std::io::stderr().lock();
    let _ = write!(
        err,
        "\r[{}{}] {done}/{total} {label:<40}",
        "#".repeat(filled),
        " ".repeat(WIDTH - filled)
    );
    let _ = err.flush();
}
