//! Measures how long loading a dataset takes, in milliseconds:
//!
//! - `load`: the first `tradedef::data::load(ID)` of the process (the embedded file:
//!   decompression, checksum, every validation rule, the DataFrame; later calls hit the cache);
//! - `load_file`: the median of repeated `load_file` calls on the file in `data/` (the same work
//!   on the file as written by the importer, plus reading it from disk; no cache).
//!
//! ```sh
//! cargo run --release -p tradedef --example load_timing                      # the largest datasets
//! cargo run --release -p tradedef --example load_timing -- 20 sipri_milex    # 20 runs, one dataset
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a bench/example, not library code

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tradedef::data::{entry, load, load_file};

const LARGEST: [&str; 3] = [
    "us_goods_trade_by_partner_monthly",
    "us_imports_by_enduse",
    "us_troops_by_country",
];

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

/// `data/ID.csv.gz` when it exists, else `data/ID.csv`.
fn data_file(id: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    let gz = dir.join(format!("{id}.csv.gz"));
    if gz.is_file() {
        gz
    } else {
        dir.join(format!("{id}.csv"))
    }
}

fn main() -> tradedef::Result<()> {
    let mut args = std::env::args().skip(1).peekable();
    let runs: usize = args
        .next_if(|a| a.parse::<usize>().is_ok())
        .map_or(10, |a| a.parse().unwrap_or(10));
    let mut ids: Vec<String> = args.collect();
    if ids.is_empty() {
        ids = LARGEST.iter().map(|s| s.to_string()).collect();
    }
    println!(
        "{:<34} {:>7} {:>9} {:>10} {:>16}",
        "dataset",
        "rows",
        "stored KB",
        "load",
        format!("load_file ×{runs}")
    );
    for id in &ids {
        let first = if entry(id).is_ok() {
            let start = Instant::now();
            load(id)?;
            ms(start.elapsed())
        } else {
            "not embedded".to_string()
        };
        let path = data_file(id);
        let stored = std::fs::metadata(&path)
            .map_err(|e| tradedef::Error::io(&path, e))?
            .len();
        let mut rows = 0;
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs.max(1) {
            let start = Instant::now();
            rows = load_file(&path)?.frame().height();
            times.push(start.elapsed());
        }
        times.sort();
        println!(
            "{id:<34} {rows:>7} {:>9} {first:>10} {:>16}",
            stored / 1024,
            ms(times[times.len() / 2])
        );
    }
    Ok(())
}
