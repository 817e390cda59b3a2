//! Product-level trade: the Census API and USA Trade Online importers, the Parquet layout and its
//! sidecar, the analyses over it, and `fetch` against a local HTTP server that serves recorded
//! responses (`tests/fixtures/products/`).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tradedef::analysis::products as q;
use tradedef::data::products::fetch::{FetchOptions, FetchRequest, fetch};
use tradedef::data::products::{
    Flow, HsLevel, ProductImportKind, ProductTrade, SIDECAR, import_products,
};
use tradedef::polars::prelude::*;
use tradedef_tests::scratch::{Scratch, repo_root};

fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures/products").join(name)
}

fn api_fixtures() -> Vec<PathBuf> {
    vec![
        fixture("imports-5880-HS4-2023.json"),
        fixture("exports-5880-HS4-2023.json"),
    ]
}

fn f64_at(frame: &DataFrame, column: &str, row: usize) -> Option<f64> {
    frame.column(column).ok()?.f64().ok()?.get(row)
}

#[test]
fn census_api_responses_become_a_hive_dataset_with_checksums() {
    let dir = Scratch::new("products-api");
    let d = import_products(
        ProductImportKind::CensusApiHs,
        &api_fixtures(),
        dir.path(),
        None,
    )
    .unwrap();
    assert_eq!(d.rows(), 18);
    let file = dir.join("year=2023/part-0.parquet");
    assert!(file.is_file());
    d.verify().unwrap();
    let sidecar = std::fs::read_to_string(dir.join(SIDECAR)).unwrap();
    assert!(
        sidecar.contains("vintage = \"census-api-hs-2023-03\""),
        "{sidecar}"
    );
    assert!(sidecar.contains("imports-5880-HS4-2023.json"));

    let rows = ProductTrade::scan(dir.path()).unwrap().collect().unwrap();
    assert_eq!(rows.height(), 18);
    let con_missing = rows
        .clone()
        .lazy()
        .filter(
            col("flow")
                .eq(lit("imports"))
                .and(col("con_value_usd").is_null()),
        )
        .collect()
        .unwrap();
    // the one `null` CON_VAL_MO of the response: empty, with the reason
    assert_eq!(con_missing.height(), 1);
    let why = con_missing.column("missing").unwrap().str().unwrap().get(0);
    assert!(why.unwrap().contains("CON_VAL_MO not published"), "{why:?}");

    // importing the same responses again replaces rows instead of adding them
    let again = import_products(
        ProductImportKind::CensusApiHs,
        &api_fixtures(),
        dir.path(),
        None,
    )
    .unwrap();
    assert_eq!(again.rows(), 18);
    // another vintage is kept apart
    let both = import_products(
        ProductImportKind::CensusApiHs,
        &api_fixtures(),
        dir.path(),
        Some("census-api-hs-revised"),
    )
    .unwrap();
    assert_eq!(both.rows(), 36);
    assert_eq!(both.sidecar().vintages.len(), 2);
}

#[test]
fn analyses_over_the_imported_responses() {
    let dir = Scratch::new("products-analyses");
    import_products(
        ProductImportKind::CensusApiHs,
        &api_fixtures(),
        dir.path(),
        None,
    )
    .unwrap();
    let rows = || {
        q::one_level(
            ProductTrade::scan(dir.path()).unwrap(),
            HsLevel::Hs4,
            "census-api-hs-2023-03",
        )
    };
    let monthly = q::collect(q::monthly_balance(rows()), "monthly").unwrap();
    assert_eq!(monthly.height(), 3);
    // January: exports 151226093 + 98122810 + 210981550, imports 4734557339 + 1201338271 + 301554120
    let january =
        (151226093.0 + 98122810.0 + 210981550.0) - (4734557339.0 + 1201338271.0 + 301554120.0);
    assert_eq!(f64_at(&monthly, "balance", 0), Some(january));

    let share = q::collect(q::chapter_share_of_deficits(rows(), "87"), "share").unwrap();
    let annual = f64_at(&share, "balance", 0).unwrap();
    let chapter = f64_at(&share, "chapter_balance", 0).unwrap();
    assert!(annual < 0.0 && chapter < 0.0 && chapter > annual);
    assert_eq!(
        f64_at(&share, "share_pct", 0),
        Some(chapter / annual * 100.0)
    );

    let change = q::collect(
        q::top_products_behind_change(
            rows(),
            "5880",
            Flow::Imports,
            q::Months {
                from: (2023, 1),
                to: (2023, 1),
            },
            q::Months {
                from: (2023, 3),
                to: (2023, 3),
            },
            2,
        ),
        "change",
    )
    .unwrap();
    let first = change.column("commodity").unwrap().str().unwrap().get(0);
    assert_eq!(first, Some("8703"), "cars moved most: {change}");
    assert_eq!(
        f64_at(&change, "change", 0),
        Some(5522718630.0 - 4734557339.0)
    );

    let tariff = q::collect(
        q::before_after(rows(), "5880", Flow::Imports, (2023, 3), 1),
        "before/after",
    )
    .unwrap();
    // chapter 87 (8703 and 8708) in February against March
    assert_eq!(
        tariff.column("hs2").unwrap().str().unwrap().get(0),
        Some("87")
    );
    assert_eq!(
        f64_at(&tariff, "before", 0),
        Some(5103001962.0 + 1150093810.0)
    );
    assert_eq!(
        f64_at(&tariff, "after", 0),
        Some(5522718630.0 + 1302541977.0)
    );
}

#[test]
fn bad_responses_name_file_row_column_and_value() {
    let dir = Scratch::new("products-bad");
    let file = dir.join("bad.json");
    // (response body, what the error must say)
    let cases: &[(&str, &[&str])] = &[
        (
            r#"[["CTY_CODE","CTY_NAME","I_COMMODITY","GEN_VAL_MO","time"],
            ["5880","JAPAN","8703","100","2023-01"],
            ["5880","JAPAN","8703","-5","2023-02"]]"#,
            &["bad.json, row 2, column `GEN_VAL_MO`, value `-5`"],
        ),
        (
            r#"[["CTY_CODE","I_COMMODITY","GEN_VAL_MO","time"],["5880","8703","100","2023-13"]]"#,
            &["row 1, column `time`, value `2023-13`"],
        ),
        (
            r#"[["CTY_CODE","GEN_VAL_MO","time"],["5880","1","2023-01"]]"#,
            &["I_COMMODITY", "E_COMMODITY"],
        ),
        ("<html>error</html>", &["not a JSON response"]),
    ];
    for (body, says) in cases {
        std::fs::write(&file, body).unwrap();
        let err = import_products(
            ProductImportKind::CensusApiHs,
            std::slice::from_ref(&file),
            dir.join("out"),
            None,
        )
        .unwrap_err()
        .to_string();
        for said in *says {
            assert!(err.contains(said), "{said}: {err}");
        }
    }
}

#[test]
fn usatrade_csv_exports_resolve_country_names() {
    let dir = Scratch::new("products-csv");
    let d = import_products(
        ProductImportKind::UsaTradeCsv,
        &[fixture("usatrade-imports.csv")],
        dir.path(),
        None,
    )
    .unwrap();
    assert_eq!(d.rows(), 3);
    let rows = ProductTrade::scan(dir.path())
        .unwrap()
        .sort(["cty_code", "month"], Default::default())
        .collect()
        .unwrap();
    let codes: Vec<Option<&str>> = rows
        .column("cty_code")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(codes, [Some("5800"), Some("5880"), Some("5880")]);
    assert_eq!(f64_at(&rows, "value_usd", 1), Some(4_734_557_339.0));
    assert_eq!(f64_at(&rows, "con_value_usd", 0), None);
}

/// A local HTTP server answering `…/imports/hs` and `…/exports/hs` with the recorded responses
/// of 2023 (and an empty 204 for other years); the first `fail_first` requests get a 503.
/// Returns the base URL and the request counter.
fn serve(fail_first: usize) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&count);
    std::thread::spawn(move || {
        for stream in listener.incoming().take(64) {
            let Ok(mut stream) = stream else { continue };
            let mut request = String::new();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let _ = reader.read_line(&mut request);
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
            }
            let n = seen.fetch_add(1, Ordering::SeqCst);
            let (status, body) = if n < fail_first {
                ("503 Service Unavailable", Vec::new())
            } else if !request.contains("from+2023-01") {
                ("204 No Content", Vec::new())
            } else if request.contains("/imports/hs") {
                (
                    "200 OK",
                    std::fs::read(fixture("imports-5880-HS4-2023.json")).unwrap(),
                )
            } else {
                (
                    "200 OK",
                    std::fs::read(fixture("exports-5880-HS4-2023.json")).unwrap(),
                )
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(&body);
        }
    });
    (base, count)
}

fn options(dir: &Scratch) -> FetchOptions {
    FetchOptions {
        cache_dir: dir.join("cache"),
        data_dir: dir.join("products"),
        retries: 2,
        progress: false,
    }
}

#[test]
fn fetch_downloads_once_retries_and_imports() {
    let dir = Scratch::new("products-fetch");
    let (base, count) = serve(1);
    let mut request = FetchRequest::new("Japan", HsLevel::Hs4, (2023, 2024)).unwrap();
    request.base_url = base;
    let d = fetch(&request, &options(&dir)).unwrap();
    assert_eq!(d.rows(), 18);
    // 4 requests (2 flows × 2 years), the first answered 503 once and retried
    assert_eq!(count.load(Ordering::SeqCst), 5);
    assert!(dir.join("cache/imports-5880-HS4-2023.json").is_file());
    // everything is cached: a second fetch sends nothing
    fetch(&request, &options(&dir)).unwrap();
    assert_eq!(count.load(Ordering::SeqCst), 5);
}

#[test]
fn fetch_without_network_fails_at_once_with_the_manual_steps() {
    let dir = Scratch::new("products-offline");
    // a port nobody listens on: the connection is refused, as without network
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let mut request = FetchRequest::new("JPN", HsLevel::Hs6, (2024, 2024)).unwrap();
    request.base_url = base.clone();
    let started = std::time::Instant::now();
    let err = fetch(&request, &options(&dir)).unwrap_err().to_string();
    assert!(
        started.elapsed().as_secs() < 5,
        "took {:?}",
        started.elapsed()
    );
    assert!(err.contains("no network"), "{err}");
    assert!(err.contains(&format!("{base}/imports/hs?get=")), "{err}");
    assert!(err.contains("tradedef data import census-api-hs"), "{err}");
}
