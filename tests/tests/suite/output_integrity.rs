//! What tradedef writes is whole and the same everywhere:
//!
//! - the report is byte-identical when built under another time zone, locale, polars thread
//!   count and working directory;
//! - a report or an import that fails midway (an injected write failure) or is killed midway
//!   (an injected abort) leaves the previous report or data files byte for byte as they were;
//! - a report built from a claims file full of HTML and script shows it as text: headless
//!   Chromium finds no script, image or event handler in the page.
//!
//! The runs that need another environment or must die are child processes: this test binary
//! started again on the test [`child`], which does what the `TRADEDEF_CHILD_*` variables say.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tradedef::data::import::{ImportKind, ImportOptions, import};
use tradedef::report::{ReportOptions, build_report};
use tradedef_tests::publisher_files::CountryWorkbook;
use tradedef_tests::scratch::{Scratch, repo_root};

/// Every file under `dir` (relative path → bytes).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).expect("under base");
                out.insert(
                    rel.to_string_lossy().into_owned(),
                    std::fs::read(&path).expect("read"),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The names of the files that differ between two snapshots (or exist in one only).
fn differences(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut names: Vec<&String> = a.keys().chain(b.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|n| a.get(*n) != b.get(*n))
        .cloned()
        .collect()
}

/// Runs the [`child`] test in a new process of this binary with `env` set, from `cwd`.
fn run_child(env: &[(&str, &str)], cwd: &Path) -> Output {
    start_child(env, cwd)
        .wait_with_output()
        .expect("wait for the child process")
}

/// Starts the [`child`] test in a new process (output captured), without waiting.
fn start_child(env: &[(&str, &str)], cwd: &Path) -> std::process::Child {
    let exe = std::env::current_exe().expect("test binary");
    let mut cmd = Command::new(exe);
    // The test's full name in the suite binary: `<module>::child`.
    let child = format!("{}::child", module_path!().trim_start_matches("suite::"));
    cmd.args([
        child.as_str(),
        "--exact",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ])
    .current_dir(cwd)
    .env_remove("TRADEDEF_FAIL_WRITE")
    .env_remove("TRADEDEF_ABORT_WRITE");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start the child process")
}

fn text(out: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Not a test of its own: the child process of the tests here. Without `TRADEDEF_CHILD_REPORT`
/// or `TRADEDEF_CHILD_IMPORT` it has nothing to do.
#[test]
#[ignore = "child process of the other tests in this file, started with TRADEDEF_CHILD_* set"]
fn child() {
    if let Ok(out) = std::env::var("TRADEDEF_CHILD_REPORT") {
        let mut options = ReportOptions::new().out_dir(out);
        if let Ok(claims) = std::env::var("TRADEDEF_CHILD_CLAIMS") {
            options = options.claims_file(claims);
        }
        if let Err(e) = build_report(&options, &mut |_| {}) {
            panic!("report failed: {e}");
        }
    }
    if let Ok(spec) = std::env::var("TRADEDEF_CHILD_IMPORT") {
        let (file, data) = spec.split_once('|').expect("FILE|DATA_DIR");
        if let Err(e) = import(
            ImportKind::CensusCountry,
            file,
            &ImportOptions::new().data_dir(data),
        ) {
            panic!("import failed: {e}");
        }
    }
}

/// The hostile claims file every report run here checks (quotes and a title holding HTML and
/// script).
fn hostile_claims() -> PathBuf {
    repo_root().join("tests/fixtures/bad/claims/script_in_quote.toml")
}

/// The report runs, in one test because each costs half a minute of a debug build: two runs in
/// different environments (compared byte for byte), the page of the first opened in Chromium,
/// then a failing and a killed run over the first (which must stay as it was).
#[test]
fn report_runs_are_identical_everywhere_escape_what_they_quote_and_are_never_half_written() {
    let s = Scratch::new("report-runs");
    let a = s.join("a");
    let claims = hostile_claims();
    let claims = claims.to_str().expect("utf-8 path");
    // run b: another zone and locale, one polars thread, a relative output folder from another
    // working directory
    let elsewhere = s.join("elsewhere");
    std::fs::create_dir_all(&elsewhere).expect("folder");
    let run_a = start_child(
        &[
            ("TRADEDEF_CHILD_REPORT", a.to_str().expect("utf-8 path")),
            ("TRADEDEF_CHILD_CLAIMS", claims),
            ("TZ", "UTC"),
            ("LC_ALL", "C"),
        ],
        &repo_root(),
    );
    let run_b = start_child(
        &[
            ("TRADEDEF_CHILD_REPORT", "../b"),
            ("TRADEDEF_CHILD_CLAIMS", claims),
            ("TZ", "Pacific/Kiritimati"),
            ("LC_ALL", "de_DE.UTF-8"),
            ("LANG", "ja_JP.UTF-8"),
            ("POLARS_MAX_THREADS", "1"),
        ],
        &elsewhere,
    );
    for run in [run_a, run_b] {
        let out = run.wait_with_output().expect("child");
        assert!(out.status.success(), "{}", text(&out));
    }
    let before = snapshot(&a);
    assert!(before.len() > 20, "a whole report: {} files", before.len());
    assert!(before.contains_key("index.html") && before.contains_key("claims.csv"));
    let differ = differences(&before, &snapshot(&s.join("b")));
    assert!(
        differ.is_empty(),
        "files that differ between the runs: {differ:?}"
    );

    the_page_shows_the_hostile_quote_as_text(&a, &s.join("chromium-profile"));

    let a_arg = a.to_str().expect("utf-8 path");
    let failing = start_child(
        &[
            ("TRADEDEF_CHILD_REPORT", a_arg),
            ("TRADEDEF_CHILD_CLAIMS", claims),
            ("TRADEDEF_FAIL_WRITE", "7"),
        ],
        s.path(),
    );
    let killed = start_child(
        &[
            ("TRADEDEF_CHILD_REPORT", a_arg),
            ("TRADEDEF_CHILD_CLAIMS", claims),
            ("TRADEDEF_ABORT_WRITE", "9"),
        ],
        s.path(),
    );
    let failing = failing.wait_with_output().expect("child");
    let killed = killed.wait_with_output().expect("child");
    assert!(
        !failing.status.success(),
        "the injected failure must fail the run"
    );
    assert!(
        text(&failing).contains("injected failure at write 7"),
        "{}",
        text(&failing)
    );
    assert!(!killed.status.success(), "the abort must kill the run");
    assert!(
        differences(&before, &snapshot(&a)).is_empty(),
        "the previous report changed"
    );
    let beside: Vec<String> = std::fs::read_dir(s.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        beside
            .iter()
            .all(|n| !n.starts_with('.') || n == ".a.partial"),
        "only the killed run's partial folder is left, beside the report: {beside:?}"
    );
}

/// The report page opened in headless Chromium holds exactly the elements the report wrote;
/// the hostile quote is text.
fn the_page_shows_the_hostile_quote_as_text(out: &Path, profile: &Path) {
    let page = std::fs::read_to_string(out.join("index.html")).expect("index.html");
    assert!(
        page.contains("&lt;script&gt;document.title="),
        "the quote is in the page, escaped"
    );
    let dom = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            &format!("--user-data-dir={}", profile.display()),
            "--dump-dom",
        ])
        .arg(format!("file://{}", out.join("index.html").display()))
        .output()
        .expect("run chromium");
    let dom_text = String::from_utf8_lossy(&dom.stdout).to_lowercase();
    assert!(
        dom.status.success() && dom_text.contains("<body"),
        "chromium gave no page: {}",
        text(&dom)
    );
    // the page the browser built holds exactly the elements the report wrote: as many scripts
    // (none), images, frames and objects; and no tag carries an event handler or the payload
    for tag in ["<script", "<img", "<iframe", "<object", "<embed", "<svg"] {
        let count = |t: &str| t.matches(tag).count();
        assert_eq!(
            count(&dom_text),
            count(&page.to_lowercase()),
            "`{tag}` elements in the browser's page vs in the report's file"
        );
    }
    assert_eq!(page.to_lowercase().matches("<script").count(), 0);
    let tags: Vec<&str> = dom_text
        .split('<')
        .skip(1)
        .filter_map(|t| t.split('>').next())
        .collect();
    for t in &tags {
        assert!(
            !t.contains("onerror") && !t.contains("pwned") && !t.contains("javascript:"),
            "a tag carries the hostile payload: <{t}>"
        );
    }
    assert!(
        !dom_text.contains("<title>pwned"),
        "the quoted script did not run"
    );
    assert!(
        dom_text.contains("&lt;script&gt;document.title="),
        "shown as text"
    );
}
/// A census-country workbook whose Japan figures are scaled by `k`.
fn country_book(k: f64) -> CountryWorkbook {
    CountryWorkbook::partners(
        &[(2022, 12), (2023, 1)],
        &[
            ("5880", "Japan", 12000.0 * k, 6000.0 * k),
            ("1220", "Canada", 30000.0, 25000.0),
        ],
    )
}

#[test]
fn an_import_that_fails_or_is_killed_midway_leaves_the_previous_data_untouched() {
    let s = Scratch::new("import-faults");
    let data = s.copy_data("data", ImportKind::CensusCountry.datasets(), false);
    let first_file = s.join("first.xlsx");
    country_book(1.0).write(&first_file).expect("workbook");
    import(
        ImportKind::CensusCountry,
        &first_file,
        &ImportOptions::new().data_dir(&data),
    )
    .expect("first import");
    let before = snapshot(&data);
    assert_eq!(
        before.len(),
        6,
        "three datasets, CSV and sidecar each: {:?}",
        before.keys()
    );

    let second_file = s.join("second.xlsx");
    country_book(1.1).write(&second_file).expect("workbook");
    let spec = format!("{}|{}", second_file.display(), data.display());
    // the import writes six files: fail at the fourth, abort at the fifth
    let failing = run_child(
        &[
            ("TRADEDEF_CHILD_IMPORT", &spec),
            ("TRADEDEF_FAIL_WRITE", "4"),
        ],
        s.path(),
    );
    assert!(
        text(&failing).contains("injected failure at write 4"),
        "{}",
        text(&failing)
    );
    assert!(differences(&before, &snapshot(&data)).is_empty());

    let killed = run_child(
        &[
            ("TRADEDEF_CHILD_IMPORT", &spec),
            ("TRADEDEF_ABORT_WRITE", "5"),
        ],
        s.path(),
    );
    assert!(!killed.status.success());
    let after = snapshot(&data);
    let changed: Vec<String> = differences(&before, &after)
        .into_iter()
        .filter(|f| !f.ends_with(".partial"))
        .collect();
    assert!(changed.is_empty(), "data files changed: {changed:?}");

    // and without a fault, the same import goes through and replaces the figures
    let ok = run_child(&[("TRADEDEF_CHILD_IMPORT", &spec)], s.path());
    assert!(ok.status.success(), "{}", text(&ok));
    let done = snapshot(&data);
    assert!(!differences(&before, &done).is_empty());
    assert!(
        done.keys().all(|f| !f.contains(".partial")),
        "{:?}",
        done.keys()
    );
}

/// The headless browser the page test uses (installed by `cargo xtask setup`).
fn chromium() -> PathBuf {
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.is_file())
    .expect("no Chromium: `cargo xtask setup` installs it (apt-get install chromium)")
}
