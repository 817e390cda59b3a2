//! Times what a notebook cell or a profile pays to get the largest dataset, beside the baseline
//! of parsing its CSV with every rule, in the same process:
//!
//! - `csv with every rule`: decompress, checksum, type every cell and run every rule (what each
//!   load did before the columnar copies, and what `tradedef data validate` still does);
//! - `columnar copy, whole`: every row and column from the copy in the cache folder (what
//!   `load()` does once per process after the first load on the machine);
//! - `columnar copy, one partner`: a scan filtered on the scan key (what a profile reads).
//!
//! The copy is made before timing (the first load on a machine pays that once).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a bench, not library code

use criterion::{Criterion, criterion_group, criterion_main};
use tradedef::data;
use tradedef::polars::prelude::*;

const LARGEST: &str = "us_goods_trade_by_partner_monthly";

fn bench(c: &mut Criterion) {
    let e = data::entry(LARGEST).expect("embedded");
    data::verify(LARGEST).expect("the copy is made");
    let mut group = c.benchmark_group(format!("load {LARGEST}"));
    group.sample_size(10);
    group.bench_function("baseline: csv with every rule", |b| {
        b.iter(|| data::validate_bytes(e.stored, e.file, &e.meta).expect("valid"))
    });
    group.bench_function("columnar copy, whole", |b| {
        b.iter(|| data::scan(LARGEST).unwrap().collect().unwrap().height())
    });
    group.bench_function("columnar copy, one partner (Vietnam, 5520)", |b| {
        b.iter(|| {
            data::scan(LARGEST)
                .unwrap()
                .filter(col("partner_code").eq(lit("5520")))
                .collect()
                .unwrap()
                .height()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
