//! Times the first (uncached) load of embedded datasets, and the gzip decompression within it.
//!
//! ```sh
//! cargo run --release -p tradedef --example load_timing -- sipri_milex fx_annual
//! ```
//!
//! Run it several times: each run is a fresh process, so `load` is never served from its cache.

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
        println!(
            "{id}: load {:.1} ms ({} rows, {} stored bytes, {csv_len} CSV bytes; decompressing alone {:.1} ms)",
            load.as_secs_f64() * 1e3,
            d.frame().height(),
            entry.stored.len(),
            decompress.as_secs_f64() * 1e3,
        );
    }
    Ok(())
}
