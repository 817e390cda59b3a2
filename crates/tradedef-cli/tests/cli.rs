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

/// A claim on the 2022 US goods deficit with Japan pinned to one release of country.xlsx.
fn pinned_claim(vintage: &str) -> String {
    format!(
        r#"
[story]
id = "revision"
title = "A story on the <2022> deficit"
outlet = "Desk & Co"
published = "2023-03-10"

[[claims]]
id = "deficit-2022"
quote = "the US ran a $68 billion goods deficit with Japan in 2022"
claimed = {{ value = 68, unit = "USD billions", period = "2022" }}
tolerance = {{ kind = "absolute", accurate = 0.1, roughly_right = 0.5 }}

[[claims.measures]]
definition = "goods, Census basis, calendar 2022"
dataset = "us_japan_goods_trade"
filter = {{ flow = "balance", year = 2022 }}
vintage = "{vintage}"
empty = ["month"]
scale = -0.001
"#
    )
}

#[test]
fn check_publishes_a_fact_check_and_lists_what_a_new_release_changed() {
    let dir = scratch("check-publish");
    let file = dir.join("story.toml");
    std::fs::write(&file, pinned_claim("census-country-xlsx-2023-01")).unwrap();
    let out = dir.join("published");
    let publish = |out: &Path| {
        succeeds(&[
            "check",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--publisher",
            "The Desk",
            "--review-url",
            "https://desk.example.org/checks/revision",
            "--review-date",
            "2026-08-01",
        ])
    };
    let text = publish(&out);
    assert!(
        text.contains("deficit-2022") && text.contains("accurate"),
        "{text}"
    );
    for name in [
        "verdicts.csv",
        "verdicts.json",
        "verdicts.md",
        "claim-review.jsonld",
        "index.html",
    ] {
        assert!(out.join(name).is_file(), "{name} missing");
    }
    let reviews: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("claim-review.jsonld")).unwrap())
            .unwrap();
    let review = &reviews["@graph"][0];
    assert_eq!(review["author"]["name"], "The Desk");
    assert_eq!(review["datePublished"], "2026-08-01");
    assert_eq!(
        review["url"],
        "https://desk.example.org/checks/revision#claim-deficit-2022"
    );
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(page.contains("A story on the &lt;2022&gt; deficit") && page.contains("Desk &amp; Co"));
    // the same bytes on a second run with the same options
    let again = dir.join("again");
    publish(&again);
    for name in ["claim-review.jsonld", "index.html", "verdicts.json"] {
        assert_eq!(
            std::fs::read(out.join(name)).unwrap(),
            std::fs::read(again.join(name)).unwrap(),
            "{name}"
        );
    }

    // the same claim against the April 2025 release, which revised 2022
    std::fs::write(&file, pinned_claim("census-country-xlsx-2025-02")).unwrap();
    let previous = out.join("verdicts.json");
    let changes = succeeds(&[
        "check",
        file.to_str().unwrap(),
        "--against",
        previous.to_str().unwrap(),
    ]);
    for wanted in [
        "deficit-2022: accurate → roughly right",
        "measured 68.0 → 67.8 USD billions",
        "census-country-xlsx-2023-01",
        "census-country-xlsx-2025-02",
    ] {
        assert!(changes.contains(wanted), "{wanted:?} not in\n{changes}");
    }
    let json = succeeds(&[
        "check",
        file.to_str().unwrap(),
        "--against",
        previous.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["verdicts"][0]["after"], "roughly right");
    assert_eq!(json["figures"][0]["before"], 68.0127);
    assert_eq!(json["figures"][0]["after"], 67.7773);

    fails_with(
        &["check", file.to_str().unwrap(), "--review-date", "August 1"],
        "YYYY-MM-DD",
    );
    fails_with(
        &[
            "check",
            file.to_str().unwrap(),
            "--review-url",
            "desk.example.org",
        ],
        "not an absolute http(s) URL",
    );
    let not_json = dir.join("not.json");
    std::fs::write(&not_json, "{}").unwrap();
    fails_with(
        &[
            "check",
            file.to_str().unwrap(),
            "--against",
            not_json.to_str().unwrap(),
        ],
        "not the JSON of `tradedef check --format json`",
    );
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

/// The headless browser of the page tests (installed by `cargo xtask setup`).
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

/// The page Chromium builds from `url` once its scripts ran. Fails if the page wrote anything to
/// the browser's console (an uncaught error is logged there; the pages themselves log nothing).
fn dom_of(url: &str, profile: &Path) -> String {
    let o = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--allow-file-access-from-files",
            "--enable-logging=stderr",
            "--v=0",
            &format!("--user-data-dir={}", profile.display()),
            "--dump-dom",
            url,
        ])
        .output()
        .expect("run chromium");
    let dom = stdout(&o);
    assert!(
        o.status.success() && dom.contains("<body"),
        "chromium gave no page for {url}: {}",
        stderr(&o)
    );
    let console: Vec<String> = stderr(&o)
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(String::from)
        .collect();
    assert!(
        console.is_empty(),
        "{url} wrote to the console: {console:#?}"
    );
    dom
}

/// The partners of the atlas's rows in the order the page shows them, without hidden rows.
fn shown_partners(dom: &str) -> Vec<String> {
    dom.split("<tr data-names=")
        .skip(1)
        .filter(|row| !row.split('>').next().unwrap_or("").contains(" hidden"))
        .filter_map(|row| {
            let link = row.split("<th scope=\"row\"><a href=\"").nth(1)?;
            let name = link.split('>').nth(1)?.split('<').next()?;
            Some(name.replace("&amp;", "&"))
        })
        .collect()
}

/// Every relative link (`href` or `src`) of an HTML file, resolved against its folder.
fn local_links(page: &Path) -> Vec<PathBuf> {
    let html = std::fs::read_to_string(page).unwrap();
    let dir = page.parent().unwrap();
    let mut links = Vec::new();
    for attr in ["href=\"", "src=\""] {
        for part in html.split(attr).skip(1) {
            let target = part.split('"').next().unwrap_or("");
            let target = target.split(['#', '?']).next().unwrap_or("");
            if target.is_empty() || target.contains(':') {
                continue; // an anchor in the page, or an address on the web
            }
            links.push(dir.join(target));
        }
    }
    links
}

#[test]
fn the_partner_atlas_links_every_page_sorts_and_filters_in_a_browser() {
    let dir = scratch("atlas");
    let out = dir.join("site");
    let out_s = out.to_str().unwrap();
    let partners = "Japan,Poland,KOR,Germany,Mexico,Canada";
    let started = std::time::Instant::now();
    succeeds(&[
        "report",
        "--all-partners",
        "--only",
        partners,
        "--out",
        out_s,
    ]);
    eprintln!(
        "atlas of 6 partners built in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let index = out.join("index.html");
    let html = std::fs::read_to_string(&index).unwrap();
    let csv = std::fs::read_to_string(out.join("index.csv")).unwrap();

    // deterministic: a rebuild gives the same bytes
    succeeds(&[
        "report",
        "--all-partners",
        "--only",
        partners,
        "--out",
        out_s,
    ]);
    assert_eq!(
        std::fs::read_to_string(&index).unwrap(),
        html,
        "index.html changed on a rebuild"
    );
    assert_eq!(std::fs::read_to_string(out.join("index.csv")).unwrap(), csv);

    // no external resource; every local link resolves, both ways
    assert!(!html.contains("src=\"http") && !html.contains("<link"));
    let mut pages = vec![index.clone()];
    for slug in [
        "japan",
        "poland",
        "south-korea",
        "germany",
        "mexico",
        "canada",
    ] {
        let page = out.join(slug).join("index.html");
        assert!(
            html.contains(&format!("href=\"{slug}/index.html\"")),
            "{slug} not linked"
        );
        let profile = std::fs::read_to_string(&page).unwrap();
        assert!(
            profile.contains("<a href=\"../index.html\">"),
            "{slug} does not link back"
        );
        pages.push(page);
    }
    // the world page and a page per SIPRI group, linked both ways with the atlas
    let world = out.join("world.html");
    assert!(
        html.contains("href=\"world.html\""),
        "the index links the world page"
    );
    let world_html = std::fs::read_to_string(&world).unwrap();
    assert!(world_html.contains("<a href=\"index.html\">Every partner</a>"));
    pages.push(world.clone());
    for (group, members) in [
        ("east-asia", &["japan", "south-korea"][..]),
        ("central-europe", &["poland"][..]),
        ("western-europe", &["germany"][..]),
        ("north-america", &["canada"][..]),
        ("central-america-and-the-caribbean", &["mexico"][..]),
    ] {
        let page = out.join("regions").join(format!("{group}.html"));
        assert!(
            world_html.contains(&format!("href=\"regions/{group}.html\"")),
            "world.html does not link {group}"
        );
        let region = std::fs::read_to_string(&page).unwrap();
        for slug in members {
            assert!(
                region.contains(&format!("<a href=\"../{slug}/index.html\">")),
                "{group} does not list {slug}"
            );
        }
        assert_eq!(
            region.matches("<tr data-names=").count(),
            members.len(),
            "{group} lists other partners"
        );
        pages.push(page);
    }
    for page in &pages {
        for link in local_links(page) {
            assert!(
                link.is_file(),
                "{} links to {}, which is missing",
                page.display(),
                link.display()
            );
        }
    }

    // the CSV: column ids, one line per partner; the page: readers' labels with the unit
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    assert!(header.contains(&"balance_usd_mn") && header.contains(&"us_troops"));
    assert_eq!(csv.lines().count(), 7);
    assert!(html.contains(", $bn</button>") && !html.contains("balance_usd_mn"));

    // in the browser: the script ran, every row shows, in the partners' order
    let profile = dir.join("chromium-profile");
    let url = format!("file://{}", index.display());
    let dom = dom_of(&url, &profile);
    assert!(
        dom.contains("data-ready=\"true\""),
        "the page's script did not run"
    );
    assert_eq!(
        shown_partners(&dom),
        [
            "Japan",
            "Poland",
            "South Korea",
            "Germany",
            "Mexico",
            "Canada"
        ]
    );

    // sorted by the balance, smallest (largest deficit) first: the order of the CSV's figures
    let balance = header.iter().position(|c| *c == "balance_usd_mn").unwrap();
    let mut by_balance: Vec<(f64, String)> = csv
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[balance].parse::<f64>().unwrap(), f[0].to_string())
        })
        .collect();
    by_balance.sort_by(|a, b| a.0.total_cmp(&b.0));
    let expected: Vec<String> = by_balance.into_iter().map(|(_, n)| n).collect();
    let dom = dom_of(&format!("{url}?sort=balance&dir=asc"), &profile);
    assert!(dom.contains("data-sort=\"balance asc\""));
    assert_eq!(shown_partners(&dom), expected);
    let dom = dom_of(&format!("{url}?sort=balance&dir=desc"), &profile);
    let mut reversed = expected.clone();
    reversed.reverse();
    assert_eq!(shown_partners(&dom), reversed);

    // filtered by any name the registry resolves: an alias, a code, a publisher's spelling
    for (query, partner) in [
        ("Republic%20of%20Korea", "South Korea"),
        ("kor", "South Korea"),
        ("Korea%2C%20South", "South Korea"),
        ("5880", "Japan"),
        ("mex", "Mexico"),
    ] {
        let dom = dom_of(&format!("{url}?q={query}"), &profile);
        assert_eq!(shown_partners(&dom), [partner], "search {query:?}");
        assert!(dom.contains("data-shown=\"1\""), "search {query:?}");
    }

    // the world page, and a regional page whose table sorts like the index's
    let dom = dom_of(&format!("file://{}", world.display()), &profile);
    assert!(dom.contains("id=\"regions-table\""));
    let east_asia = out.join("regions").join("east-asia.html");
    let dom = dom_of(
        &format!("file://{}?sort=balance&dir=asc", east_asia.display()),
        &profile,
    );
    assert!(dom.contains("data-ready=\"true\"") && dom.contains("data-sort=\"balance asc\""));
    let mut east: Vec<(f64, String)> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect::<Vec<&str>>())
        .filter(|f| f[0] == "Japan" || f[0] == "South Korea")
        .map(|f| (f[balance].parse::<f64>().unwrap(), f[0].to_string()))
        .collect();
    east.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert_eq!(
        shown_partners(&dom),
        east.into_iter().map(|(_, n)| n).collect::<Vec<_>>()
    );

    // the compare page: partners chosen by the address, their figures and one chart
    let compare = out.join("compare.html");
    assert!(
        html.contains("href=\"compare.html\""),
        "the index links the compare page"
    );
    for link in local_links(&compare) {
        assert!(
            link.is_file(),
            "compare.html links to missing {}",
            link.display()
        );
    }
    let compare_url = format!("file://{}", compare.display());
    let dom = dom_of(&format!("{compare_url}?p=japan,mexico"), &profile);
    assert!(
        dom.contains("data-ready=\"true\""),
        "the compare script ran"
    );
    assert!(dom.contains("data-shown=\"japan,mexico\""), "{dom}");
    assert!(
        dom.contains("<a href=\"japan/index.html\">Japan</a>")
            && dom.contains("<a href=\"mexico/index.html\">Mexico</a>")
    );
    assert_eq!(dom.matches("<polyline").count(), 2, "one line per partner");
    assert!(dom.contains("aria-label=\"Line chart. US goods balance, $bn, "));
    // a name the atlas does not hold is left out, and one partner is not a comparison
    let dom = dom_of(&format!("{compare_url}?p=nowhere,poland"), &profile);
    assert!(dom.contains("data-shown=\"poland\""), "{dom}");
    assert!(dom.contains("Choose at least two partners."));
}
