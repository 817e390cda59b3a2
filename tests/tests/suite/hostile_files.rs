//! Files made to hurt: a decompression bomb posing as a workbook, a sheet whose used area asks
//! for billions of cells, a zip whose entries climb out of the folder, files of 2 GB. Each is
//! refused with an error naming the file and what gave it away, before memory grows, and
//! nothing is written anywhere (the data folder stays empty; no file appears beside the input).

use std::io::Write;
use std::path::Path;

use tradedef::claims::Ledger;
use tradedef::data::import::{ImportKind, ImportOptions, import};
use tradedef::data::{MAX_CSV_BYTES, csv_text, load_file_as};
use tradedef::{Error, Location};
use tradedef_tests::scratch::{Scratch, repo_root};

/// The location and message of an [`Error::Invalid`]; panics on any other outcome.
fn invalid<T: std::fmt::Debug>(r: tradedef::Result<T>) -> (Location, String) {
    match r {
        Err(Error::Invalid { location, message }) => (location, message),
        other => panic!("expected an Invalid error, got {other:?}"),
    }
}

/// Every file name under `dir`.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Imports `file` into an empty data folder of `s`; asserts the folder stays empty.
fn import_nothing_written(s: &Scratch, kind: ImportKind, file: &Path) -> (Location, String) {
    let data = s.join("data");
    std::fs::create_dir_all(&data).expect("data folder");
    let outcome = invalid(import(kind, file, &ImportOptions::new().data_dir(&data)));
    assert!(listing(&data).is_empty(), "written: {:?}", listing(&data));
    outcome
}

#[test]
fn a_decompression_bomb_posing_as_a_workbook_is_refused_by_its_expanded_size() {
    let s = Scratch::new("bomb");
    let bomb = repo_root().join("tests/fixtures/bad/hostile/bomb.xlsx");
    assert!(std::fs::metadata(&bomb).expect("fixture").len() < 400_000);
    let (at, message) = import_nothing_written(&s, ImportKind::CensusCountry, &bomb);
    assert!(at.file.ends_with("bomb.xlsx"), "{at}");
    assert_eq!(at.value.as_deref(), Some("xl/worksheets/sheet1.xml"));
    assert!(
        message.contains("expands beyond 268435456 bytes"),
        "{message}"
    );
}

#[test]
fn a_sheet_whose_used_area_spans_billions_of_cells_is_refused_before_it_is_allocated() {
    let s = Scratch::new("area");
    let file = s.join("country.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("country").expect("name");
    ws.write_string(0, 0, "year").expect("cell");
    ws.write_string(1_048_575, 16_383, "far away")
        .expect("cell");
    book.save(&file).expect("save");
    let (at, message) = import_nothing_written(&s, ImportKind::CensusCountry, &file);
    assert!(at.file.ends_with("country.xlsx, sheet `country`"), "{at}");
    assert_eq!(at.value.as_deref(), Some("A1:XFD1048576"));
    assert!(message.contains("17179869184 cells"), "{message}");
}

#[test]
fn a_zip_whose_entries_climb_out_of_the_folder_is_refused_and_nothing_is_written() {
    let s = Scratch::new("zip-slip");
    let inner = s.join("downloads");
    std::fs::create_dir_all(&inner).expect("folder");
    std::fs::create_dir_all(s.join("data")).expect("folder");
    for (n, entry) in [
        "../../Current_US.json",
        "/etc/Current_US.json",
        "a/../../x.json",
    ]
    .iter()
    .enumerate()
    {
        let file = inner.join(format!("release-{n}.zip"));
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&file).expect("zip"));
        zip.start_file(*entry, zip::write::SimpleFileOptions::default())
            .expect("entry");
        zip.write_all(b"[]").expect("write");
        zip.finish().expect("finish");
        let before = (listing(s.path()), listing(&inner));
        let (at, message) = import_nothing_written(&s, ImportKind::Sipri, &file);
        assert_eq!(at.value.as_deref(), Some(*entry), "{at}");
        assert!(message.contains("climbs out"), "{message}");
        assert_eq!(before, (listing(s.path()), listing(&inner)));
    }
}

/// A 2 GB file: a line of text, then a hole (sparse, so the test writes no 2 GB to disk).
fn two_gigabytes(path: &Path, first_line: &str) {
    let mut f = std::fs::File::create(path).expect("create");
    f.write_all(first_line.as_bytes()).expect("write");
    f.set_len(2 << 30).expect("grow");
}

#[test]
fn files_of_2_gb_are_refused_from_their_size_before_they_are_read() {
    let s = Scratch::new("two-gb");
    let csv = s.join("usd_jpy_annual.csv");
    two_gigabytes(&csv, "year,jpy_per_usd,source,note\n");
    let started = std::time::Instant::now();
    let (at, message) = invalid(load_file_as("usd_jpy_annual", &csv));
    assert!(at.file.ends_with("usd_jpy_annual.csv"), "{at}");
    assert_eq!(at.value.as_deref(), Some("2147483648 bytes"));
    assert!(message.contains(&format!("larger than the {MAX_CSV_BYTES} bytes")));

    for (kind, name) in [
        (ImportKind::Dmdc, "dmdc.csv"),
        (ImportKind::DmdcLocation, "troops_location.json"),
        (ImportKind::Fx, "annual.csv"),
    ] {
        let file = s.join(name);
        two_gigabytes(&file, "Date,Country,Exchange rate\n");
        let (at, message) = import_nothing_written(&s, kind, &file);
        assert_eq!(at.value.as_deref(), Some("2147483648 bytes"), "{kind}");
        assert!(message.contains("refusing"), "{message}");
    }
    let claims = s.join("claims.toml");
    two_gigabytes(&claims, "[story]\n");
    let (at, _) = invalid(Ledger::from_file(&claims));
    assert_eq!(at.value.as_deref(), Some("2147483648 bytes"));
    // measured, not asserted: the refusals read nothing, so they take milliseconds
    println!("four 2 GB files refused in {:?}", started.elapsed());
}

#[test]
#[ignore = "slow: compresses and then expands 1.1 GiB of CSV (about a minute in a debug build)"]
fn a_gzip_data_file_expanding_past_1_gib_is_cut_off_and_refused() {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(b"year,jpy_per_usd,source,note\n")
        .expect("header");
    let row = b"1985,238.4673,frb-g5a-annual,\n".repeat(1 << 15);
    let mut written = 0u64;
    while written <= MAX_CSV_BYTES + (100 << 20) {
        gz.write_all(&row).expect("rows");
        written += row.len() as u64;
    }
    let stored = gz.finish().expect("gzip");
    let (at, message) = invalid(csv_text(&stored, "huge.csv.gz"));
    assert_eq!(at.file, "huge.csv.gz");
    assert!(message.contains("expands beyond"), "{message}");
}
