//! The data layer: the catalog, loaders and validation, including malformed files the project
//! generates from the embedded data (each must fail with a message naming where and what).

use std::path::{Path, PathBuf};

use tradedef::data::{self, catalog, load, load_file, load_file_as, sha256_hex};
use tradedef::polars::prelude::*;

/// A scratch folder under the target dir, emptied for each test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("data_layer")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

/// The embedded CSV and sidecar of the Japan trade dataset, as text.
fn japan() -> (String, String) {
    let e = data::entry("us_japan_goods_trade").expect("dataset exists");
    let csv = String::from_utf8(e.csv().expect("csv").to_vec()).expect("utf-8");
    let sidecar = e.meta.to_toml().expect("sidecar serialises");
    (csv, sidecar)
}

/// Writes `csv` with a sidecar whose checksum matches it (unless `keep_sha`), and loads it.
fn load_variant(
    name: &str,
    csv: &[u8],
    sidecar: &str,
    fix_sha: bool,
) -> Result<data::Dataset, String> {
    let dir = scratch(name);
    let path = dir.join("us_japan_goods_trade.csv");
    std::fs::write(&path, csv).unwrap();
    let mut meta = data::DatasetMeta::from_toml(sidecar, "sidecar").unwrap();
    if fix_sha {
        meta.sha256 = sha256_hex(csv);
    }
    std::fs::write(
        dir.join("us_japan_goods_trade.toml"),
        meta.to_toml().unwrap(),
    )
    .unwrap();
    load_file(&path).map_err(|e| e.to_string())
}

fn expect_error(name: &str, csv: &str, needles: &[&str]) {
    let (_, sidecar) = japan();
    let err =
        load_variant(name, csv.as_bytes(), &sidecar, true).expect_err(&format!("{name} must fail"));
    for n in needles {
        assert!(
            err.contains(n),
            "{name}: error {err:?} should mention {n:?}"
        );
    }
}

/// The 1-based data row of the first line starting with `prefix` (the header is row 0).
fn row_of(csv: &str, prefix: &str) -> usize {
    csv.lines()
        .position(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line starts with {prefix}"))
}

/// Replaces `from` by `to` in the first line starting with `prefix`; returns the CSV and that row.
fn edit(csv: &str, prefix: &str, from: &str, to: &str) -> (String, usize) {
    let row = row_of(csv, prefix);
    let line = csv.lines().nth(row).unwrap();
    assert!(line.contains(from), "{line:?} has no {from:?}");
    (edit_row(csv, row, |l| l.replacen(from, to, 1)), row)
}

/// The data line (1-based data row `row`) of a CSV, replaced by `f(line)`.
fn edit_row(csv: &str, row: usize, f: impl Fn(&str) -> String) -> String {
    csv.lines()
        .enumerate()
        .map(|(i, l)| if i == row { f(l) } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn catalog_lists_at_least_ten_sourced_datasets() {
    let c = catalog();
    assert!(c.len() >= 10, "only {} datasets", c.len());
    for e in c {
        let m = &e.meta;
        for (field, value) in [
            ("producer", &m.producer),
            ("source_table", &m.source_table),
            ("url_main", &m.url_main),
            ("vintage", &m.vintage),
            ("date_accessed", &m.date_accessed),
            ("licence", &m.licence),
            ("attribution_short", &m.attribution_short),
        ] {
            assert!(!value.trim().is_empty(), "{}: {field} is empty", m.id);
        }
        assert!(
            m.url_main.starts_with("http"),
            "{}: url_main {:?}",
            m.id,
            m.url_main
        );
        for c in &m.columns {
            assert!(
                !c.description.trim().is_empty(),
                "{}: column {} has no description",
                m.id,
                c.name
            );
        }
        let numbers = m
            .columns
            .iter()
            .filter(|c| matches!(c.dtype, data::DType::Float | data::DType::Int));
        // the partner registry holds identifiers only (names and codes), and SIPRI's footnotes
        // their texts: no figures
        let figures_expected = !["partners", "sipri_milex_footnotes"].contains(&m.id.as_str());
        assert!(
            !figures_expected || numbers.clone().count() > 0,
            "{}: no numeric column",
            m.id
        );
    }
}

#[test]
fn every_embedded_dataset_loads_and_matches_its_checksum() {
    for e in catalog() {
        let d = load(&e.meta.id).unwrap_or_else(|err| panic!("{err}"));
        assert!(d.frame().height() > 0, "{} is empty", e.meta.id);
        assert_eq!(
            sha256_hex(&e.csv().expect("csv")),
            e.meta.sha256,
            "{}",
            e.meta.id
        );
        assert_eq!(d.frame().width(), e.meta.columns.len(), "{}", e.meta.id);
    }
}

/// The columnar copies (the cache the loads read) give, for every embedded dataset, the frame
/// the CSV gives with every rule checked; and a scan filtered on the scan key gives the rows and
/// order a filter of the whole dataset gives, reading only the groups it names.
#[test]
fn loads_and_scans_give_the_rows_of_the_csv_read_with_every_rule() {
    let dir = scratch("columnar-equal");
    for e in catalog() {
        let id = e.meta.id.as_str();
        let file = dir.join(format!("{id}.csv"));
        std::fs::write(&file, e.csv().expect("csv")).expect("written");
        let checked = load_file_as(id, &file).unwrap_or_else(|err| panic!("{err}"));
        let loaded = load(id).unwrap_or_else(|err| panic!("{err}"));
        assert!(
            loaded.frame().equals_missing(checked.frame()),
            "{id}: the loaded frame differs from the CSV's"
        );
        let Some(key) = e.meta.scan_key.as_deref() else {
            continue;
        };
        let keys = checked
            .frame()
            .column(key)
            .and_then(|c| c.unique_stable())
            .expect("keys");
        let keys: Vec<String> = keys
            .str()
            .expect("text")
            .iter()
            .flatten()
            .map(str::to_string)
            .collect();
        let picks = [&keys[0], &keys[keys.len() / 2], &keys[keys.len() - 1]];
        for k in picks {
            let by_scan = data::scan(id)
                .expect("scan")
                .filter(col(key).eq(lit(k.as_str())))
                .select([col("*")])
                .collect()
                .expect("scanned");
            let by_load = loaded
                .lazy()
                .filter(col(key).eq(lit(k.as_str())))
                .collect()
                .expect("filtered");
            assert!(by_scan.height() > 0, "{id} {key}={k}: no rows");
            assert!(by_scan.equals_missing(&by_load), "{id} {key}={k}");
        }
        // several groups, a projection, and a filter on another column as well
        let two = Series::new("k".into(), [picks[0].as_str(), picks[2].as_str()]);
        let filter = col(key)
            .is_in(lit(two).implode(false), false)
            .and(col(key).is_not_null());
        let by_scan = data::scan(id)
            .expect("scan")
            .filter(filter.clone())
            .select([col(key), col("vintage")])
            .collect()
            .expect("scanned");
        let by_load = loaded
            .lazy()
            .filter(filter)
            .select([col(key), col("vintage")])
            .collect()
            .expect("filtered");
        assert!(by_scan.equals_missing(&by_load), "{id}: is_in of two keys");
    }
}

#[test]
fn committed_files_are_the_embedded_ones() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .join("data");
    for e in catalog() {
        let file = e.file.strip_prefix("data/").expect("under data/");
        let on_disk = std::fs::read(root.join(file)).unwrap();
        assert_eq!(
            on_disk, e.stored,
            "{}: data/ differs from the embedded copy (rebuild)",
            e.meta.id
        );
    }
}

#[test]
fn unknown_dataset_names_what_exists() {
    let err = load("us_japan_goods").unwrap_err().to_string();
    assert!(err.contains("dataset `us_japan_goods` not found"), "{err}");
    assert!(err.contains("us_japan_goods_trade"), "{err}");
}

#[test]
fn a_user_file_loads_through_the_same_checks() {
    let (csv, sidecar) = japan();
    let d =
        load_variant("user_copy", csv.as_bytes(), &sidecar, false).expect("identical copy loads");
    assert_eq!(
        d.frame().height(),
        load("us_japan_goods_trade").unwrap().frame().height()
    );
    // Without a sidecar, the file is read against the catalog schema (checksum not compared).
    let dir = scratch("user_no_sidecar");
    let path = dir.join("newer_download.csv");
    std::fs::write(&path, edit(&csv, "1985,,exports,", "22630.9", "22730.9").0).unwrap();
    let err = load_file_as("us_japan_goods_trade", &path)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("balance is not exports minus imports"),
        "{err}"
    );
}

#[test]
fn malformed_empty_file() {
    expect_error("empty", "", &["us_japan_goods_trade.csv", "empty"]);
}

#[test]
fn malformed_header_only() {
    let (csv, _) = japan();
    let header = csv.lines().next().unwrap();
    expect_error("header_only", &format!("{header}\n"), &["no data rows"]);
}

#[test]
fn malformed_bom() {
    let (csv, _) = japan();
    expect_error(
        "bom",
        &format!("\u{feff}{csv}"),
        &["byte-order mark", "row 0"],
    );
}

#[test]
fn malformed_wrong_delimiter() {
    let (csv, _) = japan();
    expect_error(
        "semicolons",
        &csv.replace(',', ";"),
        &["delimited by ';'", "expected commas"],
    );
}

#[test]
fn malformed_missing_column() {
    let (csv, _) = japan();
    let cut: String = csv
        .lines()
        .map(|l| l.rsplit_once(',').unwrap().0.to_string() + "\n")
        .collect();
    expect_error("missing_column", &cut, &["missing column(s) [missing]"]);
}

#[test]
fn malformed_truncated() {
    let (csv, _) = japan();
    let cut = &csv[..csv.len() * 2 / 3];
    let cut = cut.rsplit_once(',').unwrap().0;
    let err_needles = ["field(s)", "truncated"];
    expect_error("truncated", &format!("{cut}\n"), &err_needles);
}

#[test]
fn malformed_text_in_a_number() {
    let (csv, _) = japan();
    let (bad, row) = edit(&csv, "1986,,exports,", ",26881.6,", ",26 881.6,");
    let at = format!("row {row},");
    expect_error(
        "text_in_number",
        &bad,
        &[&at, "column `value`", "`26 881.6`", "thousands separators"],
    );
}

#[test]
fn malformed_publisher_missing_mark_is_not_a_number() {
    let (csv, _) = japan();
    let (bad, row) = edit(&csv, "1986,,exports,", ",26881.6,", ",(D),");
    let at = format!("row {row},");
    expect_error(
        "suppressed_mark",
        &bad,
        &[&at, "`(D)`", "missing figure", "reason"],
    );
}

#[test]
fn malformed_empty_number_without_reason() {
    let (csv, _) = japan();
    let (bad, row) = edit(&csv, "1986,,exports,", ",26881.6,", ",,");
    let at = format!("row {row},");
    expect_error(
        "empty_without_reason",
        &bad,
        &[&at, "column `value`", "without a reason"],
    );
    // With a reason the same gap is accepted, and kept as a missing value (not a zero).
    let ok = edit_row(&bad, row, |l| format!("{l}suppressed (D)"));
    let (_, sidecar) = japan();
    let d = load_variant("empty_with_reason", ok.as_bytes(), &sidecar, true)
        .expect("gap with reason loads");
    let before = load("us_japan_goods_trade")
        .unwrap()
        .frame()
        .column("value")
        .unwrap()
        .null_count();
    let values = d.frame().column("value").unwrap();
    assert_eq!(
        values.null_count(),
        before + 1,
        "the gap is kept as a missing value"
    );
}

#[test]
fn malformed_duplicate_key() {
    let (csv, _) = japan();
    let row = row_of(&csv, "1985,,imports,");
    let line = csv.lines().nth(row).unwrap().to_string();
    let dup = format!("{csv}{line}\n");
    let first = format!("first seen at row {row}");
    expect_error(
        "duplicate",
        &dup,
        &["duplicate key", "year=1985", "flow=imports", &first],
    );
}

#[test]
fn malformed_wrong_unit() {
    let (csv, _) = japan();
    let bad = edit_row(&csv, 3, |l| l.replacen("USD millions", "USD thousands", 1));
    expect_error(
        "wrong_unit",
        &bad,
        &["row 3,", "column `unit`", "wrong unit", "USD millions"],
    );
}

#[test]
fn malformed_implausible_value() {
    let (csv, _) = japan();
    let bad = edit_row(&csv, 1, |l| l.replacen("1985,", "1885,", 1));
    expect_error(
        "implausible",
        &bad,
        &["row 1,", "column `year`", "below the minimum"],
    );
}

#[test]
fn malformed_balance_not_exports_minus_imports() {
    let (csv, _) = japan();
    let (bad, row) = edit(&csv, "1985,,balance,", "-46152.0", "-46252.0");
    let at = format!("row {row},");
    expect_error(
        "balance",
        &bad,
        &[&at, "balance is not exports minus imports", "off by 100"],
    );
}

#[test]
fn malformed_unknown_source_id() {
    let (csv, _) = japan();
    let bad = edit_row(&csv, 2, |l| {
        let mut fields: Vec<&str> = l.split(',').collect();
        fields[6] = "somewhere";
        fields.join(",")
    });
    expect_error(
        "unknown_source",
        &bad,
        &["row 2,", "column `source`", "not declared"],
    );
}

#[test]
fn malformed_windows_line_endings() {
    let (csv, _) = japan();
    expect_error("crlf", &csv.replace('\n', "\r\n"), &["line endings"]);
}

#[test]
fn malformed_checksum_mismatch() {
    let (csv, sidecar) = japan();
    let (bad, _) = edit(&csv, "1985,,exports,", "22630.9", "22630.8");
    let (bad, _) = edit(&bad, "1985,,balance,", "-46152.0", "-46152.1");
    let err = load_variant("checksum", bad.as_bytes(), &sidecar, false).unwrap_err();
    assert!(err.contains("checksum mismatch"), "{err}");
    assert!(err.contains("us_japan_goods_trade.csv"), "{err}");
}

#[test]
fn malformed_sidecar_is_named() {
    let (csv, sidecar) = japan();
    let bad = sidecar.replace("dtype = \"float\"", "dtype = \"decimal\"");
    let dir = scratch("bad_sidecar");
    std::fs::write(dir.join("us_japan_goods_trade.csv"), &csv).unwrap();
    std::fs::write(dir.join("us_japan_goods_trade.toml"), bad).unwrap();
    let err = load_file(dir.join("us_japan_goods_trade.csv"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("us_japan_goods_trade.toml"), "{err}");
    assert!(err.contains("decimal"), "{err}");
}

/// A sidecar states where its figures come from as a reader can follow it (publisher, URL,
/// repository and commit of a copy), never as a path on the machine that imported them.
#[test]
fn no_sidecar_names_a_path_of_the_importing_machine() {
    let dir = tradedef_tests::scratch::repo_data();
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("data/") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("sidecar");
        for (n, line) in text.lines().enumerate() {
            if ["/work/", "/home/", "/root/", "/tmp/", "C:\\"]
                .iter()
                .any(|p| line.contains(p))
            {
                found.push(format!("{}:{}: {line}", path.display(), n + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "machine paths in sidecars:\n{}",
        found.join("\n")
    );
}

/// The ids of the datasets in `data/`: each sidecar `ID.toml` with a data file beside it.
fn sidecars_with_data() -> std::collections::BTreeSet<String> {
    let dir = tradedef_tests::scratch::repo_data();
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .filter_map(|p| {
            let id = p.file_stem()?.to_str()?.to_string();
            let has_data = ["csv", "csv.gz"]
                .iter()
                .any(|x| dir.join(format!("{id}.{x}")).is_file());
            has_data.then_some(id)
        })
        .collect()
}

#[test]
fn the_catalog_holds_exactly_the_datasets_of_the_data_folder() {
    let on_disk = sidecars_with_data();
    let embedded: std::collections::BTreeSet<String> =
        catalog().iter().map(|e| e.meta.id.clone()).collect();
    assert_eq!(embedded, on_disk);
    assert_eq!(catalog().len(), on_disk.len(), "an id listed twice");
    // the concordance is a sidecar without a data file: not a dataset
    assert!(
        tradedef_tests::scratch::repo_data()
            .join("partner_concordance.toml")
            .is_file()
    );
    assert!(!on_disk.contains("partner_concordance"));
    // one typed id per dataset, named after it
    let typed: std::collections::BTreeSet<String> = data::ids::ALL
        .iter()
        .map(|id| id.as_str().to_string())
        .collect();
    assert_eq!(typed, on_disk);
    assert_eq!(
        data::ids::US_GOODS_TRADE_BY_PARTNER.as_str(),
        "us_goods_trade_by_partner"
    );
    // the file each entry embeds is the one beside its sidecar, byte for byte
    for e in catalog() {
        let path = tradedef_tests::scratch::repo_root().join(e.file);
        assert_eq!(std::fs::read(&path).unwrap(), e.stored, "{}", e.file);
    }
}

#[test]
fn typed_ids_load_the_datasets_their_strings_name() {
    for &id in data::ids::ALL {
        let e = data::entry(id).unwrap();
        assert_eq!(e.meta.id, id.as_str());
        assert_eq!(id, e.meta.id);
        data::verify(id).unwrap();
    }
    let typed = load(data::ids::USD_JPY_ANNUAL).unwrap();
    let named = load("usd_jpy_annual").unwrap();
    assert!(typed.frame().equals_missing(named.frame()));
    let rows = data::scan(data::ids::FX_ANNUAL)
        .unwrap()
        .filter(col("currency").eq(lit("JPY")))
        .collect()
        .unwrap();
    assert!(rows.height() > 40, "{}", rows.height());
    assert_eq!(data::ids::SIPRI_MILEX.to_string(), "sipri_milex");
}

#[test]
fn the_declared_derivations_name_datasets_form_no_cycle_and_order_the_catalog() {
    let position: std::collections::HashMap<&str, usize> = catalog()
        .iter()
        .enumerate()
        .map(|(i, e)| (e.meta.id.as_str(), i))
        .collect();
    for e in catalog() {
        for from in &e.meta.derived_from {
            let at = position.get(from.as_str()).unwrap_or_else(|| {
                panic!("{}: derived_from names `{from}`, not a dataset", e.meta.id)
            });
            assert!(
                *at < position[e.meta.id.as_str()],
                "{} comes before `{from}`, which it is derived from",
                e.meta.id
            );
        }
    }
    // no cycle: walking derived_from from any dataset never meets it again
    fn reaches(from: &str, target: &str, depth: usize) -> bool {
        assert!(depth < 100, "derived_from too deep at {from}");
        let meta = &data::entry(from).unwrap().meta;
        meta.derived_from
            .iter()
            .any(|d| d == target || reaches(d, target, depth + 1))
    }
    for e in catalog() {
        assert!(
            !reaches(&e.meta.id, &e.meta.id, 0),
            "a cycle through {}",
            e.meta.id
        );
    }
    // the partner registry's four sources are declared
    let partners = &data::entry(data::ids::PARTNERS).unwrap().meta;
    assert_eq!(
        partners.derived_from,
        [
            "us_goods_trade_by_partner",
            "sipri_milex",
            "us_troops_by_country",
            "fx_annual"
        ]
    );
}
