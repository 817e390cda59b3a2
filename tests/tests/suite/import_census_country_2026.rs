//! The Census country data of the reference pack of 2026-12 (`../shared/reference/raw/2026-12`):
//! country.xlsx as published in April 2025 (`census-country-xlsx-2025-02`) and a third party's JSON
//! transcription of country.xlsx after the June-2026 revision (`census-country-2026-07` and
//! `census-country-2026-08`, two snapshots). The ignored tests re-import the raw files into a
//! scratch copy of `data/` (they must reproduce the committed rows, and the figures read here from
//! the raw files) and compare the transcription with the Census API pull of October 2025; the
//! others check the committed rows against each other: the transcription against the April 2025
//! workbook and the c5880 page, and partners against the world total. Each cross-check also
//! asserts the figures its sidecar caveat states.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};
use serde_json::Value;
use tradedef::data::import::{ImportKind, ImportOptions, SNAPSHOT_TOLERANCE, import};
use tradedef_tests::scratch::{Scratch, data_file, read_csv_rows, repo_data, repo_root};

const JAPAN_ID: &str = "us_japan_goods_trade";
const PARTNER_ID: &str = "us_goods_trade_by_partner";
const MONTHLY_ID: &str = "us_goods_trade_by_partner_monthly";
const IDS: [&str; 3] = [JAPAN_ID, PARTNER_ID, MONTHLY_ID];

/// The April 2025 workbook's vintage.
const XLSX: &str = "census-country-xlsx-2025-02";
/// The transcription's snapshot of 2022-2025 and the world totals.
const JSON_07: &str = "census-country-2026-07";
/// The transcription's later snapshot of 2026.
const JSON_08: &str = "census-country-2026-08";

type Row = BTreeMap<String, String>;

/// A file of the reference pack of 2026-12; the test fails, saying so, when it is absent.
fn raw(path: &str) -> PathBuf {
    let p = repo_root()
        .join("../shared/reference/raw/2026-12")
        .join(path);
    assert!(
        p.exists(),
        "{} not found: this test needs the reference pack of 2026-12",
        p.display()
    );
    p
}

fn rows_in(dir: &Path, id: &str) -> Vec<Row> {
    let (header, rows) = read_csv_rows(&data_file(dir, id));
    rows.into_iter()
        .map(|r| header.iter().cloned().zip(r).collect())
        .collect()
}

fn committed(id: &str) -> Vec<Row> {
    rows_in(&repo_data(), id)
}

fn num(s: &str) -> f64 {
    s.parse().unwrap_or_else(|_| panic!("not a number: `{s}`"))
}

/// A JSON number (or null) as the one-decimal text the datasets hold.
fn json_text(v: &Value) -> Option<String> {
    v.as_f64().map(|x| {
        let s = format!("{x:.1}");
        if s == "-0.0" { "0.0".into() } else { s }
    })
}

/// 1458 → "1,458", as the caveats write counts.
fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The sidecar caveats of a committed dataset, joined.
fn caveats(id: &str) -> String {
    tradedef::data::load(id)
        .expect("dataset")
        .meta()
        .caveats
        .join("\n")
}

/// Imports `file` of `kind` into a scratch copy of data/ (CSV included) and checks that the rows
/// of `vintages` equal the committed rows of those vintages, text for text, and that the rows of
/// other vintages are kept. Returns the copy's folder.
fn reproduce(s: &Scratch, kind: ImportKind, file: &Path, vintages: &[&str]) -> PathBuf {
    let data = s.copy_data("data", &IDS, true);
    let summary = import(kind, file, &ImportOptions::new().data_dir(&data)).expect("the import");
    assert_eq!(summary.vintage, vintages[0]);
    for id in IDS {
        let (_, before) = read_csv_rows(&data_file(&repo_data(), id));
        let (header, after) = read_csv_rows(&data_file(&data, id));
        let v = header.iter().position(|h| h == "vintage").expect("vintage");
        let of = |rows: &[Vec<String>]| -> Vec<Vec<String>> {
            rows.iter()
                .filter(|r| vintages.contains(&r[v].as_str()))
                .cloned()
                .collect()
        };
        let (c, p) = (of(&before), of(&after));
        assert!(!p.is_empty(), "{id}: no rows of {vintages:?}");
        assert_eq!(c.len(), p.len(), "{id}: rows of {vintages:?}");
        for (a, b) in c.iter().zip(&p) {
            assert_eq!(a, b, "{id}: the committed row differs from the importer's");
        }
        assert_eq!(
            before.len(),
            after.len(),
            "{id}: rows of other vintages kept"
        );
    }
    data
}

// ----- the April 2025 workbook ----------------------------------------------------------------

/// The workbook's sheet `country` as (year, code) → column name → cell.
fn workbook_rows() -> BTreeMap<(i64, String), BTreeMap<String, f64>> {
    let mut book: Xlsx<_> =
        calamine::open_workbook(raw("census_country_2025-04.xlsx")).expect("open the workbook");
    let range = book.worksheet_range("country").expect("sheet `country`");
    let mut rows = range.rows();
    let header: Vec<String> = rows
        .by_ref()
        .find(|r| r.iter().any(|c| *c == "CTY_CODE"))
        .expect("a header row")
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = |n: &str| header.iter().position(|h| h == n).expect(n);
    let (y, c) = (col("year"), col("CTY_CODE"));
    let figure_columns: BTreeSet<String> = ["I", "E"]
        .iter()
        .flat_map(|p| MONTHS.iter().chain(&["YR"]).map(move |m| format!("{p}{m}")))
        .collect();
    let number = |d: &Data| match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => other.to_string().trim().parse().expect("a number"),
    };
    let mut out = BTreeMap::new();
    for r in rows {
        if r.iter().all(|c| c.to_string().trim().is_empty()) {
            continue;
        }
        let year = number(&r[y]) as i64;
        let code = format!("{:04}", number(&r[c]) as u32);
        let cells = header
            .iter()
            .enumerate()
            .filter(|(_, h)| figure_columns.contains(h.as_str()))
            .map(|(i, h)| (h.clone(), number(&r[i])))
            .collect();
        out.insert((year, code), cells);
    }
    out
}

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];

#[test]
#[ignore = "needs ../shared/reference/raw/2026-12/census_country_2025-04.xlsx"]
fn april_2025_workbook_reproduces_its_vintage_without_the_zero_filled_months() {
    let s = Scratch::new("country-2025-04");
    let data = reproduce(
        &s,
        ImportKind::CensusCountry,
        &raw("census_country_2025-04.xlsx"),
        &[XLSX],
    );
    let book = workbook_rows();
    // Census zero-fills the unpublished months: March-December 2025 are 0 in every row, February
    // is not
    let in_2025: Vec<_> = book.iter().filter(|((y, _), _)| *y == 2025).collect();
    assert!(in_2025.len() > 200);
    for ((_, code), cells) in &in_2025 {
        for m in &MONTHS[2..] {
            assert_eq!(cells[&format!("I{m}")], 0.0, "{code} I{m}");
            assert_eq!(cells[&format!("E{m}")], 0.0, "{code} E{m}");
        }
    }
    assert!(in_2025.iter().any(|(_, c)| c["IFEB"] != 0.0));
    // ... so 2025 has January and February only, and no annual row
    let monthly = rows_in(&data, MONTHLY_ID);
    let months_2025: BTreeSet<&str> = monthly
        .iter()
        .filter(|r| r["vintage"] == XLSX && r["year"] == "2025")
        .map(|r| r["month"].as_str())
        .collect();
    assert_eq!(months_2025, BTreeSet::from(["1", "2"]));
    let annual = rows_in(&data, PARTNER_ID);
    let years: BTreeSet<&str> = annual
        .iter()
        .filter(|r| r["vintage"] == XLSX)
        .map(|r| r["year"].as_str())
        .collect();
    assert_eq!(years.last(), Some(&"2024"), "complete years only");
    let japan = rows_in(&data, JAPAN_ID);
    assert!(
        !japan
            .iter()
            .any(|r| r["vintage"] == XLSX && r["year"] == "2025" && r["month"].is_empty()),
        "no 2025 annual row for Japan"
    );
    // figures read here from the workbook
    let cell = |rows: &[Row], want: &[(&str, &str)]| -> String {
        let found: Vec<&Row> = rows
            .iter()
            .filter(|r| want.iter().all(|(k, v)| r[*k] == *v))
            .collect();
        assert_eq!(found.len(), 1, "{want:?}");
        found[0]["value"].clone()
    };
    for (year, code) in [
        (2024, "5880"),
        (2024, "5700"),
        (2022, "2010"),
        (2023, "0015"),
    ] {
        let c = &book[&(year, code.to_string())];
        for (flow, column) in [("exports", "EYR"), ("imports", "IYR")] {
            let y = year.to_string();
            let want = [
                ("year", y.as_str()),
                ("partner_code", code),
                ("flow", flow),
                ("vintage", XLSX),
            ];
            assert_eq!(
                num(&cell(&annual, &want)),
                (c[column] * 10.0).round() / 10.0
            );
        }
    }
    let jan = &book[&(2025, "5880".to_string())];
    for (month, m) in [("1", "JAN"), ("2", "FEB")] {
        for (flow, p) in [("exports", "E"), ("imports", "I")] {
            let want = [
                ("year", "2025"),
                ("month", month),
                ("flow", flow),
                ("vintage", XLSX),
            ];
            let v = jan[&format!("{p}{m}")];
            assert_eq!(
                num(&cell(&japan, &want)),
                (v * 10.0).round() / 10.0,
                "{p}{m}"
            );
        }
    }
}

// ----- the JSON transcription -------------------------------------------------------------------

fn json(path: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(raw(path)).expect("read the JSON");
    match serde_json::from_str(&text).expect("parse the JSON") {
        Value::Array(items) => items,
        _ => panic!("{path}: not an array"),
    }
}

/// The Census code of a transcription key in a year (countries.json, read here).
fn census_code(crosswalk: &[Value], key: &str, year: i64) -> String {
    let of_key: Vec<&Value> = crosswalk
        .iter()
        .filter(|e| e["country_code"] == key)
        .collect();
    let in_year: Vec<&&Value> = of_key
        .iter()
        .filter(|e| {
            e["first_year"].as_i64().unwrap() <= year && year <= e["last_year"].as_i64().unwrap()
        })
        .collect();
    let e = match (in_year.as_slice(), of_key.as_slice()) {
        ([one], _) => **one,
        ([], [only]) => *only,
        _ => panic!("{key} {year}: no single Census code"),
    };
    e["census_code"].as_str().unwrap().to_string()
}

const FOLDER: &str = "corbett-hobbs/pipeline/output";

#[test]
#[ignore = "needs ../shared/reference/raw/2026-12/corbett-hobbs/pipeline/output"]
fn json_transcription_reproduces_both_snapshots_and_the_figures_of_its_files() {
    let s = Scratch::new("country-json");
    let data = reproduce(
        &s,
        ImportKind::CensusCountryJson,
        &raw(FOLDER),
        &[JSON_07, JSON_08],
    );
    let annual = rows_in(&data, PARTNER_ID);
    let monthly = rows_in(&data, MONTHLY_ID);
    let japan = rows_in(&data, JAPAN_ID);
    let crosswalk = json(&format!("{FOLDER}/countries.json"));
    let index =
        |rows: &[Row], monthly: bool| -> BTreeMap<(String, String, String, String, String), Row> {
            rows.iter()
                .filter(|r| r["vintage"] == JSON_07 || r["vintage"] == JSON_08)
                .map(|r| {
                    let month = if monthly {
                        r["month"].clone()
                    } else {
                        String::new()
                    };
                    (
                        (
                            r["year"].clone(),
                            month,
                            r["partner_code"].clone(),
                            r["flow"].clone(),
                            r["vintage"].clone(),
                        ),
                        r.clone(),
                    )
                })
                .collect()
        };
    let (annual_at, monthly_at) = (index(&annual, false), index(&monthly, true));
    let mut checked = (0, 0);
    for year in 2022..=2026 {
        let vintage = if year == 2026 { JSON_08 } else { JSON_07 };
        let y = year.to_string();
        for p in json(&format!("{FOLDER}/trade_by_country/{year}.json")) {
            let code = census_code(&crosswalk, p["country_code"].as_str().unwrap(), year);
            if code == "0007" {
                assert!(annual_at.keys().all(|k| k.2 != "0007"), "not a partner");
                continue;
            }
            for (flow, months, total) in [
                ("exports", &p["exports"], &p["exports_year"]),
                ("imports", &p["imports"], &p["imports_year"]),
            ] {
                for (m, v) in months.as_array().unwrap().iter().enumerate() {
                    let key = (
                        y.clone(),
                        (m + 1).to_string(),
                        code.clone(),
                        flow.into(),
                        vintage.into(),
                    );
                    match json_text(v) {
                        Some(want) => {
                            assert_eq!(monthly_at[&key]["value"], want, "{key:?}");
                            checked.1 += 1;
                        }
                        // an unpublished month is not written (not a zero, not an empty row)
                        None => assert!(!monthly_at.contains_key(&key), "{key:?}"),
                    }
                }
                let key = (
                    y.clone(),
                    String::new(),
                    code.clone(),
                    flow.to_string(),
                    vintage.to_string(),
                );
                if year == 2026 {
                    assert!(!annual_at.contains_key(&key), "2026 is incomplete: {key:?}");
                } else {
                    assert_eq!(
                        annual_at[&key]["value"],
                        json_text(total).unwrap(),
                        "{key:?}"
                    );
                    checked.0 += 1;
                }
            }
            if year < 2026 {
                let key = (
                    y.clone(),
                    String::new(),
                    code.clone(),
                    "balance".into(),
                    vintage.into(),
                );
                assert_eq!(
                    annual_at[&key]["value"],
                    json_text(&p["balance_year"]).unwrap()
                );
            }
            if code == "5880" {
                let months = japan
                    .iter()
                    .filter(|r| r["vintage"] == vintage && r["year"] == y && !r["month"].is_empty())
                    .count();
                assert_eq!(
                    months,
                    if year == 2026 { 8 * 3 } else { 12 * 3 },
                    "Japan {year}"
                );
            }
        }
    }
    assert!(checked.0 > 1900 && checked.1 > 25_000, "{checked:?}");
    // the world totals of trade_national.json, to July 2026, in the first snapshot only
    let mut world = 0;
    for w in json(&format!("{FOLDER}/trade_national.json")) {
        if w["basis"] != "census" || w["scope"] != "goods" {
            continue;
        }
        let period = w["period"].as_str().unwrap();
        let year: i64 = period[..4].parse().unwrap();
        if year < 2022 {
            continue;
        }
        let code = if w["adjustment"] == "sa" {
            "0004"
        } else {
            "0015"
        };
        let (y, month) = match period.split_once('-') {
            Some((y, m)) => (y.to_string(), m.trim_start_matches('0').to_string()),
            None if year < 2026 => (period.to_string(), String::new()),
            None => continue, // the 2026 annual row is January-July: no annual total
        };
        let at = if month.is_empty() {
            &annual_at
        } else {
            &monthly_at
        };
        for flow in ["exports", "imports", "balance"] {
            let key = (
                y.clone(),
                month.clone(),
                code.to_string(),
                flow.to_string(),
                JSON_07.to_string(),
            );
            assert_eq!(at[&key]["value"], json_text(&w[flow]).unwrap(), "{key:?}");
            world += 1;
        }
    }
    assert_eq!(world, (55 * 2 + 4) * 3, "55 months NSA and SA, 4 years NSA");
    assert!(
        monthly_at
            .keys()
            .all(|k| !(k.4 == JSON_08 && (k.2 == "0015" || k.2 == "0004")))
    );
    // every code keeps the name of its country.xlsx rows
    let mut names: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for r in &annual {
        names
            .entry(&r["partner_code"])
            .or_default()
            .insert(&r["partner"]);
    }
    assert!(names.values().all(|n| n.len() == 1), "one name per code");
    assert_eq!(names["5800"], BTreeSet::from(["Korea, South"]));
    // the later 2026 file is not of the world totals' snapshot: its partners miss them by more
    // than the tolerance in some month
    let later = json(&format!("{FOLDER}/trade_by_country/2026.json"));
    let national = json(&format!("{FOLDER}/trade_national.json"));
    let mut widest: f64 = 0.0;
    for m in 1..=7 {
        let period = format!("2026-{m:02}");
        let w = national
            .iter()
            .find(|w| {
                w["period"] == period.as_str() && w["adjustment"] == "nsa" && w["basis"] == "census"
            })
            .expect("a world month");
        for flow in ["exports", "imports"] {
            let sum: f64 = later
                .iter()
                .filter(|p| !p["country_code"].as_str().unwrap().starts_with("AGG_"))
                .map(|p| p[flow][m - 1].as_f64().unwrap())
                .sum();
            let world = w[flow].as_f64().unwrap();
            widest = widest.max(((sum - world) / world).abs());
        }
    }
    assert!(widest > SNAPSHOT_TOLERANCE, "{widest}");
    assert!(
        caveats(PARTNER_ID).contains(&format!("by up to {:.3}% in a month", widest * 100.0)),
        "the caveat states the gap of the later file: {:.3}%",
        widest * 100.0
    );
}

// ----- the Census API pull of October 2025 ------------------------------------------------------

#[test]
#[ignore = "needs ../shared/reference/raw/2026-12/leakathr1n/6. US Trade Deficit 2013-2024.xlsx"]
fn transcription_2022_equals_the_census_api_pull_to_the_rounding() {
    let mut book: Xlsx<_> =
        calamine::open_workbook(raw("leakathr1n/6. US Trade Deficit 2013-2024.xlsx"))
            .expect("open the workbook");
    let range = book
        .worksheet_range("full data")
        .expect("sheet `full data`");
    let mut rows = range.rows();
    let header: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    let col = |n: &str| header.iter().position(|h| h == n).expect(n);
    let (c, y, m, x) = (col("CTY_CODE"), col("YEAR"), col("imports"), col("exports"));
    // (year, code) -> (exports, imports) in $M
    let mut api: BTreeMap<(String, String), (f64, f64)> = BTreeMap::new();
    for r in rows {
        let dollars = |d: &Data| match d {
            Data::Float(f) => *f,
            Data::Int(i) => *i as f64,
            other => panic!("not dollars: {other}"),
        };
        api.insert(
            (r[y].to_string(), r[c].to_string()),
            (dollars(&r[x]) / 1e6, dollars(&r[m]) / 1e6),
        );
    }
    let annual = committed(PARTNER_ID);
    let mut json: BTreeMap<(String, String), (f64, f64)> = BTreeMap::new();
    for r in annual.iter().filter(|r| r["vintage"] == JSON_07) {
        let e = json
            .entry((r["year"].clone(), r["partner_code"].clone()))
            .or_insert((f64::NAN, f64::NAN));
        match r["flow"].as_str() {
            "exports" => e.0 = num(&r["value"]),
            "imports" => e.1 = num(&r["value"]),
            _ => {}
        }
    }
    let countries = |year: &str, of: &BTreeMap<(String, String), (f64, f64)>| -> BTreeSet<String> {
        of.keys()
            .filter(|(y, code)| y == year && code.as_str() >= "1000")
            .map(|(_, code)| code.clone())
            .collect()
    };
    let (in_api, in_json) = (countries("2022", &api), countries("2022", &json));
    let both: Vec<&String> = in_api.intersection(&in_json).collect();
    for code in &both {
        let key = ("2022".to_string(), (*code).clone());
        let (a, j) = (api[&key], json[&key]);
        assert!(
            (a.0 - j.0).abs() <= 0.05 + 1e-6 && (a.1 - j.1).abs() <= 0.05 + 1e-6,
            "2022 {code}: API {a:?} vs transcription {j:?}"
        );
    }
    assert_eq!(in_api.difference(&in_json).collect::<Vec<_>>(), ["5790"]);
    assert!(in_json.difference(&in_api).next().is_none());
    // the pull's all-countries total row equals the world NSA total
    let total = api[&("2022".to_string(), "-".to_string())];
    let world = json[&("2022".to_string(), "0015".to_string())];
    assert!((total.0 - world.0).abs() <= 0.05 && (total.1 - world.1).abs() <= 0.05);
    // 2023-2024: the June-2026 revision
    let mut largest = (0.0, String::new());
    for year in ["2023", "2024"] {
        for code in countries(year, &api).intersection(&countries(year, &json)) {
            let key = (year.to_string(), code.clone());
            let (a, j) = (api[&key], json[&key]);
            for (d, flow) in [
                ((a.0 - j.0).abs(), "exports"),
                ((a.1 - j.1).abs(), "imports"),
            ] {
                if d > largest.0 {
                    largest = (d, format!("{code} {year} {flow}"));
                }
            }
        }
    }
    assert_eq!(largest.1, "2010 2024 imports", "Mexico");
    let text = caveats(PARTNER_ID);
    assert!(text.contains(&format!(
        "every one of the {} countries in both agree",
        both.len()
    )));
    assert!(text.contains(&format!(
        "Mexico 2024 imports, {} $M",
        thousands_f(largest.0)
    )));
}

/// 2413.07 → "2,413.1".
fn thousands_f(x: f64) -> String {
    let s = format!("{x:.1}");
    let (int, frac) = s.split_once('.').unwrap();
    format!("{}.{frac}", thousands(int.parse().unwrap()))
}

// ----- cross-checks on the committed rows -------------------------------------------------------

/// (year, month, code, flow) → value of the exports and imports rows of a vintage.
fn figures(rows: &[Row], vintage: &str) -> BTreeMap<(String, String, String, String), f64> {
    rows.iter()
        .filter(|r| r["vintage"] == vintage && r["flow"] != "balance" && !r["value"].is_empty())
        .map(|r| {
            let month = r.get("month").cloned().unwrap_or_default();
            (
                (
                    r["year"].clone(),
                    month,
                    r["partner_code"].clone(),
                    r["flow"].clone(),
                ),
                num(&r["value"]),
            )
        })
        .collect()
}

/// Compares the transcription with the workbook where both hold a figure: (figures compared,
/// identical); every difference within `share` of the workbook or `floor` $M. Also returns the
/// (year, code) the workbook holds and the transcription lacks, and the reverse.
#[allow(clippy::type_complexity)]
fn compare(
    workbook: &BTreeMap<(String, String, String, String), f64>,
    transcription: &BTreeMap<(String, String, String, String), f64>,
    share: f64,
    floor: f64,
) -> (
    (usize, usize),
    BTreeSet<(String, String)>,
    BTreeSet<(String, String)>,
) {
    let mut counts = (0, 0);
    let mut only_workbook = BTreeSet::new();
    for (k, w) in workbook {
        let Some(t) = transcription.get(k) else {
            only_workbook.insert((k.0.clone(), k.2.clone()));
            continue;
        };
        counts.0 += 1;
        if (w - t).abs() < 1e-9 {
            counts.1 += 1;
        }
        assert!(
            (w - t).abs() <= floor.max(share * w.abs()),
            "{k:?}: workbook {w}, transcription {t}: more than a revision"
        );
    }
    let only_transcription = transcription
        .keys()
        .filter(|k| !workbook.contains_key(*k))
        .map(|k| (k.0.clone(), k.2.clone()))
        .collect();
    (counts, only_workbook, only_transcription)
}

fn pairs(list: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn transcription_and_april_2025_workbook_differ_by_annual_revisions_only() {
    // annual 2022-2024 (the workbook's complete years within the transcription's)
    let annual = committed(PARTNER_ID);
    let in_years = |m: BTreeMap<(String, String, String, String), f64>| {
        m.into_iter()
            .filter(|(k, _)| ("2022".."2025").contains(&k.0.as_str()))
            .collect::<BTreeMap<_, _>>()
    };
    let mut workbook = in_years(figures(&annual, XLSX));
    // the world totals come from trade_national.json: 0015 is compared on its own below, and the
    // seasonally adjusted 0004 has no annual figure in the transcription
    let world_wb: Vec<_> = workbook
        .iter()
        .filter(|(k, _)| k.2 == "0015")
        .map(|(k, v)| (k.clone(), *v))
        .collect();
    workbook.retain(|k, _| k.2 != "0015" && k.2 != "0004");
    let transcription = in_years(figures(&annual, JSON_07));
    let ((n, same), only_wb, only_tr) = compare(&workbook, &transcription, 0.10, 250.0);
    assert_eq!(
        only_wb,
        pairs(&[
            ("2022", "5790"),
            ("2023", "6022"),
            ("2023", "6029"),
            ("2024", "6022"),
            ("2024", "6029"),
            ("2024", "6413"),
        ])
    );
    let only_tr: BTreeSet<_> = only_tr.into_iter().filter(|(_, c)| c != "0015").collect();
    assert!(only_tr.is_empty(), "{only_tr:?}");
    for (k, w) in world_wb {
        let t = transcription[&k];
        assert!((w - t).abs() <= 0.01 * w, "world {k:?}: {w} vs {t}");
    }
    let text = caveats(PARTNER_ID);
    let stated = format!(
        "of the {} annual exports/imports figures of partners and aggregates in both, {} are identical and every other is within 10% or $250M",
        thousands(n),
        thousands(same)
    );
    assert!(text.contains(&stated), "the caveat states: {stated}");

    // the months both hold: January 2022 - February 2025
    let monthly = committed(MONTHLY_ID);
    let (workbook, transcription) = (figures(&monthly, XLSX), figures(&monthly, JSON_07));
    let window = |m: BTreeMap<(String, String, String, String), f64>| {
        m.into_iter()
            .filter(|(k, _)| {
                let (y, mo): (i64, i64) = (k.0.parse().unwrap(), k.1.parse().unwrap());
                (2022..=2024).contains(&y) || (y == 2025 && mo <= 2)
            })
            .filter(|(k, _)| k.2 != "0015" && k.2 != "0004")
            .collect::<BTreeMap<_, _>>()
    };
    let ((n, same), only_wb, only_tr) =
        compare(&window(workbook), &window(transcription), 0.40, 400.0);
    assert_eq!(
        only_wb,
        pairs(&[
            ("2022", "5790"),
            ("2023", "6022"),
            ("2023", "6029"),
            ("2024", "6022"),
            ("2024", "6029"),
            ("2024", "6413"),
            ("2025", "5082"),
            ("2025", "6022"),
            ("2025", "6029"),
        ])
    );
    assert_eq!(only_tr, pairs(&[("2025", "5790")]));
    let stated = format!(
        "{} of {} figures are identical and every other is within 40% or $400M",
        thousands(same),
        thousands(n)
    );
    assert!(text.contains(&stated), "the caveat states: {stated}");
    assert!(caveats(MONTHLY_ID).contains(&stated));
}

#[test]
fn japan_in_the_transcription_matches_the_c5880_page_of_the_same_release() {
    let rows = committed(JAPAN_ID);
    let annual = |vintage: &str| -> BTreeMap<(String, String), f64> {
        rows.iter()
            .filter(|r| r["vintage"] == vintage && r["month"].is_empty() && !r["value"].is_empty())
            .map(|r| ((r["year"].clone(), r["flow"].clone()), num(&r["value"])))
            .collect()
    };
    let transcription = annual(JSON_07);
    let (page_06, page_03) = (
        annual("census-c5880-page-2026-06"),
        annual("census-c5880-page-2026-03"),
    );
    // same release (census-annual-revision-2026): within 0.2 in every year and flow
    assert_eq!(page_06.len(), 9);
    for (k, p) in &page_06 {
        let t = transcription[k];
        assert!(
            (p - t).abs() <= 0.2 + 1e-9,
            "{k:?}: page {p} vs transcription {t}"
        );
    }
    // the release before: 2022 agrees, 2023-2024 were revised in June 2026
    let mut checked = 0;
    for (k, p) in &page_03 {
        let Some(t) = transcription.get(k) else {
            assert_eq!(k.0, "2021", "the transcription starts in 2022");
            continue;
        };
        if k.0 == "2022" {
            assert!((p - t).abs() <= 0.2 + 1e-9, "{k:?}: {p} vs {t}");
        } else if k.1 != "balance" {
            assert!((p - t).abs() > 1.0, "{k:?}: revised, {p} vs {t}");
        }
        checked += 1;
    }
    assert_eq!(checked, 8, "2022-2024 (2023 balance withheld on the page)");
    let text = caveats(JAPAN_ID);
    for (vintage, year, flow) in [
        ("census-c5880-page-2026-06", "2024", "exports"),
        ("census-c5880-page-2026-03", "2024", "imports"),
    ] {
        let p = if vintage.ends_with("06") {
            &page_06
        } else {
            &page_03
        };
        let k = (year.to_string(), flow.to_string());
        let (a, b) = (thousands_f(p[&k]), thousands_f(transcription[&k]));
        assert!(
            text.contains(&format!("{a} vs {b}")) || text.contains(&format!("{a} -> {b}")),
            "the caveat states {vintage} {year} {flow}: {a} and {b}"
        );
    }
}

#[test]
fn partners_add_up_to_the_world_within_one_snapshot() {
    let sums = |rows: &[Row]| {
        // (year, month) -> flow -> (partners, world)
        let mut by: BTreeMap<(String, String), BTreeMap<String, (f64, f64)>> = BTreeMap::new();
        for r in rows
            .iter()
            .filter(|r| r["vintage"] == JSON_07 && r["flow"] != "balance")
        {
            let month = r.get("month").cloned().unwrap_or_default();
            let e = by
                .entry((r["year"].clone(), month))
                .or_default()
                .entry(r["flow"].clone())
                .or_default();
            let v = num(&r["value"]);
            match (r["partner_code"].as_str(), r["partner_kind"].as_str()) {
                ("0015", _) => e.1 = v,
                (_, "country" | "other") => e.0 += v,
                _ => {}
            }
        }
        by
    };
    let mut widest = [0.0f64; 2];
    for (slot, id, periods) in [(0, PARTNER_ID, 4), (1, MONTHLY_ID, 48)] {
        let by = sums(&committed(id));
        let mut n = 0;
        for (period, flows) in &by {
            if flows.values().all(|(p, _)| *p == 0.0) {
                // a month of the world totals without partners (2026: the later snapshot)
                assert_eq!(period.0, "2026", "{period:?}");
                continue;
            }
            for (flow, (partners, world)) in flows {
                let gap = ((partners - world) / world).abs();
                assert!(
                    gap <= SNAPSHOT_TOLERANCE,
                    "{period:?} {flow}: {partners} vs {world}"
                );
                widest[slot] = widest[slot].max(gap);
            }
            n += 1;
        }
        assert_eq!(n, periods, "{id}: 2022-2025");
    }
    // the later snapshot holds no world total, so no share of the world mixes snapshots
    let monthly = committed(MONTHLY_ID);
    assert!(
        !monthly
            .iter()
            .any(|r| r["vintage"] == JSON_08
                && ["0015", "0004"].contains(&r["partner_code"].as_str()))
    );
    let last_world = monthly
        .iter()
        .filter(|r| r["vintage"] == JSON_07 && r["partner_code"] == "0015")
        .map(|r| (num(&r["year"]) as i64, num(&r["month"]) as i64))
        .max();
    assert_eq!(last_world, Some((2026, 7)));
    let text = caveats(PARTNER_ID);
    assert!(
        text.contains(&format!("(largest gap {:.5}%)", widest[0] * 100.0)),
        "{widest:?}"
    );
    assert!(
        text.contains(&format!("(largest {:.4}%;", widest[1] * 100.0)),
        "{widest:?}"
    );
}
