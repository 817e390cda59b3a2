//! The `tradedef` command as a user runs it: output, exit codes and error messages.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn tradedef(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tradedef"))
        .args(args)
        .output()
        .expect("tradedef runs")
}

/// Runs `tradedef` with the words of `line` as its arguments (for arguments without spaces).
fn run(line: &str) -> Output {
    tradedef(&line.split_whitespace().collect::<Vec<_>>())
}

/// Runs `tradedef` with `args`, which must succeed; returns its standard output.
fn succeeds(args: &[&str]) -> String {
    let o = tradedef(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

/// Runs `tradedef` with `args`, which must fail naming `needle` on standard error.
fn fails_with(args: &[&str], needle: &str) {
    let o = tradedef(args);
    assert!(!o.status.success(), "{args:?} should fail");
    assert!(stderr(&o).contains(needle), "{}", stderr(&o));
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn data_list_names_every_dataset_with_producer_and_vintage() {
    let out = succeeds(&["data", "list"]);
    for e in tradedef::data::catalog() {
        assert!(
            out.contains(&e.meta.id),
            "{} missing from:\n{out}",
            e.meta.id
        );
    }
    assert!(out.contains("producer") && out.contains("vintage") && out.contains("span"));
    assert!(
        out.contains("1985–2025"),
        "the Japan series spans 1985–2025:\n{out}"
    );
}

#[test]
fn data_show_prints_provenance_and_rows() {
    let out = succeeds(&["data", "show", "usd_jpy_annual", "--rows", "3"]);
    for needle in [
        "producer:",
        "Board of Governors of the Federal Reserve System",
        "licence:",
        "sha256:",
        "jpy_per_usd",
        "first 3 of",
    ] {
        assert!(out.contains(needle), "{needle} missing:\n{out}");
    }
    fails_with(&["data", "show", "usd_yen"], "dataset `usd_yen` not found");
}

#[test]
fn data_validate_passes_on_the_embedded_data_and_names_a_bad_file() {
    let o = tradedef(&["data", "validate"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains(&format!(
        "all {} embedded datasets are valid",
        tradedef::data::catalog().len()
    )));

    let dir = scratch("validate");
    let bad = dir.join("usd_jpy_annual.csv");
    let csv = String::from_utf8(
        tradedef::data::entry("usd_jpy_annual")
            .unwrap()
            .csv()
            .unwrap()
            .to_vec(),
    )
    .unwrap();
    let line = csv.lines().nth(5).unwrap();
    let rate = line.split(',').nth(1).unwrap();
    std::fs::write(&bad, csv.replacen(line, &line.replacen(rate, "n/a", 1), 1)).unwrap();
    let o = tradedef(&["data", "validate", bad.to_str().unwrap()]);
    assert!(!o.status.success());
    let out = stdout(&o);
    assert!(
        out.contains("row 5") && out.contains("column `jpy_per_usd`") && out.contains("`n/a`"),
        "{out}"
    );
}

#[test]
fn data_import_rejects_an_unknown_kind_and_a_missing_file() {
    fails_with(&["data", "import", "census", "x.xlsx"], "census-country");
    let args = [
        "data",
        "import",
        "dmdc",
        "/no/such/file.csv",
        "--data-dir",
        "/tmp",
    ];
    fails_with(&args, "/no/such/file.csv");
}

#[test]
fn scenario_tariff_prints_the_outcome_in_each_format() {
    let o = run("scenario tariff --partner Japan --category autos --rate 27.5 --format json");
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("valid JSON");
    let text = v.to_string();
    assert!(text.contains("exporters_revenue_loss"), "{text}");
    let o = run("scenario tariff --partner Japan --category autos --rate 27.5 --grid --format csv");
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.lines().next().unwrap().contains("elasticity"), "{out}");
    assert!(out.lines().count() > 10, "a grid has many rows:\n{out}");
    let args = [
        "scenario",
        "tariff",
        "--partner",
        "Japan",
        "--category",
        "spaceships",
        "--rate",
        "25",
    ];
    fails_with(&args, "spaceships");
}

#[test]
fn check_exit_code_reports_file_errors_not_wrong_claims() {
    let o = tradedef(&[
        "check",
        "../../data/claims/japan-dilemma-2025.toml",
        "--format",
        "csv",
    ]);
    assert!(
        o.status.success(),
        "wrong claims are not an error: {}",
        stderr(&o)
    );
    assert!(stdout(&o).lines().count() > 10);
    let dir = scratch("check");
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, "this is = = not toml").unwrap();
    fails_with(&["check", bad.to_str().unwrap()], "bad.toml");
}

#[test]
fn check_strict_fails_on_a_claim_the_data_cannot_check() {
    let dir = scratch("check-strict");
    let file = dir.join("outside.toml");
    std::fs::write(
        &file,
        r#"
[story]
id = "outside"
title = "A claim outside the data"

[[claims]]
id = "korea-1900"
quote = "a deficit with South Korea in 1900"
claimed = { value = 1, unit = "USD billions", period = "1900" }

[[claims.measures]]
definition = "goods, Census basis, 1900"
analysis = "us_goods_deficit"
args = { partner = "South Korea", year = 1900 }
"#,
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let out = succeeds(&["check", path]);
    assert!(
        out.contains("not checkable") && out.contains("year = 1900"),
        "{out}"
    );
    fails_with(&["check", path, "--strict"], "claim `korea-1900`");
    fails_with(&["check", path, "--strict"], "not checkable");
    // A file whose claims are all checked, or set "not checkable" by hand, passes.
    succeeds(&[
        "check",
        "../../data/claims/japan-dilemma-2025.toml",
        "--strict",
        "--format",
        "csv",
    ]);
}

#[test]
fn report_writes_into_the_chosen_folder() {
    let dir = scratch("report");
    let out = dir.join("out");
    let text = succeeds(&[
        "report",
        "--out",
        out.to_str().unwrap(),
        "--format",
        "charts,tables",
    ]);
    assert!(
        text.contains("[1]") && text.contains("Wrote"),
        "progress and summary:\n{text}"
    );
    assert!(out.join("charts/01-us-japan-balance.svg").is_file());
    assert!(out.join("tables/01-us-japan-balance.csv").is_file());
    assert!(
        !out.join("index.html").exists(),
        "--format charts,tables writes no page"
    );
    fails_with(
        &["report", "--out", out.to_str().unwrap(), "--format", "pdf"],
        "report part `pdf` not found",
    );
}

#[test]
fn data_partners_resolves_a_name_or_lists_the_candidates() {
    let out = succeeds(&["data", "partners", "KOR"]);
    assert!(out.contains("South Korea") && out.contains("5800"), "{out}");
    let o = tradedef(&["data", "partners", "Korea"]);
    assert!(!o.status.success(), "an ambiguous name fails");
    let err = stderr(&o);
    assert!(
        err.contains("South Korea") && err.contains("North Korea"),
        "{err}"
    );
    fails_with(&["data", "partners", "Germny"], "did you mean `Germany`");
    let table = succeeds(&["data", "partners"]);
    assert!(table.contains("Japan") && table.contains("JPY"), "{table}");
}

/// Runs `tradedef` with `args` and extra environment; it must succeed. Returns its output.
fn succeeds_with_env(args: &[&str], env: &[(&str, &Path)]) -> String {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tradedef"));
    c.args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    let o = c.output().expect("tradedef runs");
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

/// The files of a folder, by name.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|r| {
            r.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn the_first_load_writes_a_columnar_copy_that_later_loads_read_and_a_damaged_one_is_remade() {
    let dir = scratch("cache");
    let cache = dir.join("cache");
    let id = "us_troops_by_country";
    let args = ["data", "show", id, "--rows", "5"];
    let first = succeeds_with_env(&args, &[("TRADEDEF_CACHE_DIR", &cache)]);
    let copies = files_in(&cache);
    assert!(
        copies
            .iter()
            .any(|f| f.starts_with(id) && f.ends_with(".arrow")),
        "{copies:?}"
    );
    assert!(!copies.iter().any(|f| f.ends_with(".tmp")), "{copies:?}");
    let copy = cache.join(copies.iter().find(|f| f.starts_with(id)).unwrap());
    // read from the copy: the same table
    let stamp = std::fs::metadata(&copy).unwrap().modified().unwrap();
    assert_eq!(
        succeeds_with_env(&args, &[("TRADEDEF_CACHE_DIR", &cache)]),
        first
    );
    assert_eq!(std::fs::metadata(&copy).unwrap().modified().unwrap(), stamp);
    // every rule on the CSV, no cache: the same table, and nothing written
    let unused = dir.join("unused");
    let mut c = Command::new(env!("CARGO_BIN_EXE_tradedef"));
    let o = c
        .args(args)
        .env("TRADEDEF_CACHE_DIR", &unused)
        .env("TRADEDEF_VALIDATE", "full")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), first);
    assert!(files_in(&unused).is_empty());
    // a damaged copy fails its checksum and is made again from the CSV
    let mut bytes = std::fs::read(&copy).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x5a;
    std::fs::write(&copy, &bytes).unwrap();
    assert_eq!(
        succeeds_with_env(&args, &[("TRADEDEF_CACHE_DIR", &cache)]),
        first
    );
    assert_ne!(
        std::fs::read(&copy).unwrap(),
        bytes,
        "the copy was not remade"
    );
    // a cache folder that cannot be made: the CSV is read, the table is the same
    let blocked = dir.join("a-file");
    std::fs::write(&blocked, "not a folder").unwrap();
    assert_eq!(
        succeeds_with_env(&args, &[("TRADEDEF_CACHE_DIR", &blocked.join("cache"))]),
        first
    );
}

#[test]
fn a_negative_rate_is_read_as_a_number_and_refused_by_the_model_with_its_reason() {
    fails_with(
        &["scenario", "tariff", "--partner", "Vietnam", "--rate", "-5"],
        "must be a percentage ≥ 0; got -5",
    );
    fails_with(
        &[
            "scenario",
            "tariff",
            "--partner",
            "Japan",
            "--rate",
            "20",
            "--pass-through",
            "-0.5",
        ],
        "pass-through must be between 0 and 1; got -0.5",
    );
}

#[cfg(unix)]
#[test]
fn the_command_ends_quietly_when_its_reader_stops_reading() {
    use std::io::{BufRead, BufReader};
    use std::os::unix::process::ExitStatusExt;
    // the last prints far more than a pipe holds, so it meets the closed pipe
    let long = [
        "data",
        "show",
        "us_goods_trade_by_partner",
        "--rows",
        "20000",
    ];
    for args in [
        &["data", "partners"][..],
        &["data", "status"][..],
        &long[..],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tradedef"))
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // read one line, as `| head -1` does, and close the pipe
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(!first.is_empty(), "{args:?}: no output");
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(
            out.status.success() || out.status.signal() == Some(libc_sigpipe()),
            "{args:?}: {:?} {err}",
            out.status
        );
    }
}

/// SIGPIPE's number on Linux and the BSDs.
#[cfg(unix)]
fn libc_sigpipe() -> i32 {
    13
}
