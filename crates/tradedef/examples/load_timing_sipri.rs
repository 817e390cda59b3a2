//! Times the first (uncached) load of embedded datasets, and the gzip decompression within it.
//!
//! ```sh
//! cargo run --release -p tradedef --example load_timing_sipri -- sipri_milex fx_annual
//! ```
//!
//! Run it several times: each run is a fresh process, so `load` is never served from its cache.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a bench/example, not library code

use std::time::Instant;

fn main() -> Result<(), tradedef::Error> {
    let ids: Vec<String> = std::env::args().skip(1).collect();
    let ids = if ids.is_empty() {
        vec!["sipri_milex".to_string()]
    } else {
        ids
    };
    for id in &ids {
        let entry = tradedef::data::entry(id)?;
        let t = Instant::now();
        let csv_len = entry.csv()?.len();
        let decompress = t.elapsed();
        let t = Instant::now();
        let d = tradedef::data::load(id)?;
        let load = t.elapsed();
        // the parts: the checksum alone, and parsing and validating without the checksum
        let csv = entry.csv()?;
        let t = Instant::now();
        let _ = tradedef::data::sha256_hex(&csv);
        let checksum = t.elapsed();
        let copy = std::env::temp_dir().join(format!("load_timing_{id}.csv"));
        std::fs::write(&copy, &*csv).map_err(|e| tradedef::Error::io(&copy, e))?;
        let t = Instant::now();
        tradedef::data::load_file_as(id, &copy)?;
        let parse = t.elapsed();
        let _ = std::fs::remove_file(&copy);
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
        println!(
            "{id}: load {:.1} ms ({} rows, {} stored bytes, {csv_len} CSV bytes); alone: decompress {:.1} ms, checksum {:.1} ms, parse and validate {:.1} ms",
            ms(load),
            d.frame().height(),
            entry.stored.len(),
            ms(decompress),
            ms(checksum),
            ms(parse),
        );
    }
    Ok(())
}
