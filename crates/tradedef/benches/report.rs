//! Times the whole report on the embedded data, beside a baseline in the same process: loading
//! and validating every dataset (what any use of the crate pays first).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a bench/example, not library code

use criterion::{Criterion, criterion_group, criterion_main};
use tradedef::report::{ReportOptions, build_report};

fn bench(c: &mut Criterion) {
    let out = std::env::temp_dir().join("tradedef-bench-report");
    let mut group = c.benchmark_group("report");
    group.sample_size(10);
    group.bench_function("baseline: validate every embedded dataset", |b| {
        b.iter(|| {
            for e in tradedef::data::catalog() {
                tradedef::data::validate_bytes(e.stored, e.file, &e.meta).expect("valid");
            }
        })
    });
    group.bench_function(
        "full report (charts, tables, claims, html, manifest)",
        |b| {
            b.iter(|| {
                build_report(&ReportOptions::new().out_dir(&out), &mut |_| {})
                    .expect("report builds")
            })
        },
    );
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
