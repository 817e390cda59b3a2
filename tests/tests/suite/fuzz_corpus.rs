//! Replays every file of the fuzz corpus (`fuzz/corpus/<target>/`, committed; grown by
//! `cargo xtask fuzz`) through its reader on the stable toolchain: no input may panic, and each
//! target's corpus holds at least one input the reader accepts (so the corpus reaches past the
//! first check). Crashes the fuzzer found are kept in the corpus as regression inputs.

use std::path::Path;

use tradedef_tests::fuzz_input::{TARGETS, corpus_dir, read};
use tradedef_tests::publisher_files::{Cell, CountryWorkbook, EnduseRow, EnduseWorkbook};
use tradedef_tests::scratch::repo_root;
use tradedef_tests::sipri_fx::{sipri_release, write_sipri_zip};

#[test]
fn every_corpus_file_is_read_without_a_panic() {
    let root = repo_root();
    let mut failures = Vec::new();
    for target in TARGETS {
        let dir = corpus_dir(&root, target);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{target}: empty corpus");
        let mut accepted = 0;
        for file in &files {
            let bytes = std::fs::read(file).expect("corpus file");
            match std::panic::catch_unwind(|| read(target, &bytes)) {
                Ok(true) => accepted += 1,
                Ok(false) => {}
                Err(_) => failures.push(format!("{target}: {} panicked", file.display())),
            }
        }
        assert!(
            accepted > 0,
            "{target}: none of the {} corpus files is accepted",
            files.len()
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Writes the binary seeds (workbooks and the SIPRI zip) into the corpus; the text seeds are
/// copies of files under tests/fixtures and data/.
#[test]
#[ignore = "writes the seed workbooks and zip of fuzz/corpus: run by hand after a format change"]
fn write_binary_seeds() {
    let root = repo_root();
    let seed = |target: &str| corpus_dir(&root, target).join("seed-fixture");
    CountryWorkbook::partners(
        &[(2022, 12), (2023, 1)],
        &[("5880", "Japan", 12000.0, 6000.0)],
    )
    .write(&seed("census_country"))
    .expect("workbook");
    let row = |code: &str, country: &str| EnduseRow {
        code: code.into(),
        country: country.into(),
        enduse: "30000".into(),
        label: "Passenger cars, new and used".into(),
        values: vec![Cell::Num(2.0e10), Cell::Num(2.1e10)],
    };
    EnduseWorkbook {
        sheet: "EnduseImp".into(),
        first_year: 2023,
        years: 2,
        rows: vec![row("0000", "World Total"), row("5880", "Japan")],
    }
    .write(&seed("census_enduse"))
    .expect("workbook");
    write_sipri_zip(&seed("sipri"), &sipri_release()).expect("zip");
    assert!(Path::new(&seed("sipri")).is_file());
}
