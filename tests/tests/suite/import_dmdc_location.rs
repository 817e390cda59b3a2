//! The `dmdc-location` importer (DMDC's quarterly location reports as parsed into
//! `troops_location.json` by the corbett-hobbs/congress-ideology project): on a small copy in the
//! project's layout (gaps with their reasons, regions joined by ISO code, the manifest in the
//! sources note, errors naming the row), on the committed data (each report from the newest
//! vintage, breaks listed only for the partners they concern, what DMDC counts stated on every
//! table), and on the real files of the reference pack (ignored unless asked for: they must
//! reproduce the committed rows and sidecars, the spot checks of the pack's SOURCES.md, and the
//! cross-check with the troopdata compilation that the sidecars state).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde_json::Value;
use tradedef::analysis::troops::WHAT_IS_COUNTED;
use tradedef::data::import::{ImportKind, ImportOptions, ImportSummary, import};
use tradedef::data::{catalog, load_file};
use tradedef::prelude::troops_in;

/// The story's own troop series (`us_troops_in_japan`).
fn troops_in_japan() -> tradedef::Result<tradedef::analysis::Table> {
    tradedef::analysis::defence::troops_from_reports(
        "us_troops_in_japan",
        &tradedef::data::partner("Japan")?,
    )
}
use tradedef_tests::scratch::{Scratch, data_file, read_csv_text, repo_data, repo_root};

const TROOPS_ID: &str = "us_troops_in_japan";
const BY_COUNTRY_ID: &str = "us_troops_by_country";
const IDS: [&str; 2] = [TROOPS_ID, BY_COUNTRY_ID];
const VINTAGE: &str = "dmdc-location-reports-2026-03";
const COMPILATION: &str = "dmdc-troopdata-reports-2025-12";
const SERVICES: [&str; 7] = [
    "army",
    "navy",
    "marine_corps",
    "air_force",
    "space_force",
    "coast_guard",
    "total",
];

type Row = KeyedRow;

use tradedef_tests::scratch::{KeyedRow, find_rows as find, keyed_rows as rows_of, one_row as one};

fn import_into(kind: ImportKind, file: &Path, data: &Path) -> tradedef::Result<ImportSummary> {
    import(kind, file, &ImportOptions::new().data_dir(data))
}

/// `1234567` → `1,234,567`, as the sidecars write figures.
fn thousands(n: i64) -> String {
    let digits = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// The sidecar's `[[sources]]` block of `id`, cut out: `(text without it, the block)`.
fn cut_source(text: &str, id: &str) -> (String, String) {
    let start = text
        .find(&format!("[[sources]]\nid = \"{id}\""))
        .unwrap_or_else(|| panic!("no [[sources]] {id}"));
    let end = text[start + 1..]
        .find("\n[")
        .map_or(text.len(), |e| start + 1 + e + 1);
    (
        format!("{}{}", &text[..start], &text[end..]),
        text[start..end].to_string(),
    )
}

// ----- a small copy in the project's layout ----------------------------------------------------

fn place(period: &str, name: &str, label: &str, class: &str, iso3: Option<&str>) -> Value {
    serde_json::json!({
        "period": period, "name": name, "source_name": label, "class": class,
        "iso3": iso3, "state": "value", "army": 10, "navy": 20, "marine_corps": 30,
        "air_force": 40, "space_force": 5, "coast_guard": 1, "total": 106
    })
}

/// `troops_location.json` and its manifest, written in the copy's folders
/// (`pipeline/output/` and `pipeline/raw/dmdc-location/`); returns the JSON file.
fn write_copy(s: &Scratch, rows: &[Value], manifest_periods: &[&str]) -> PathBuf {
    let output = s.join("pipeline/output");
    let raw = s.join("pipeline/raw/dmdc-location");
    std::fs::create_dir_all(&output).expect("output folder");
    std::fs::create_dir_all(&raw).expect("raw folder");
    let files: Vec<Value> = manifest_periods
        .iter()
        .map(|p| {
            let yymm = format!("{}{}", &p[2..4], &p[5..7]);
            serde_json::json!({
                "period": p,
                "fileName": format!("DMDC_Website_Location_Report_{yymm}.xlsx"),
                "fileId": "1", "groupName": "milRegionCountry",
                "uploadDate": format!("{p}-15 10:00:00.0"),
                "size": 50000,
                "sha256": format!("{:0>64}", yymm),
                "fetched_at": "2026-10-06T14:58:43.728Z"
            })
        })
        .collect();
    std::fs::write(
        raw.join("manifest.json"),
        serde_json::to_string_pretty(&serde_json::json!({ "files": files })).expect("json"),
    )
    .expect("manifest");
    let file = output.join("troops_location.json");
    std::fs::write(&file, serde_json::to_string(rows).expect("json")).expect("rows");
    file
}

fn small_copy() -> Vec<Value> {
    let mut army_na = place("2022-12", "Japan", "JAPAN", "host", Some("JPN"));
    army_na["state"] = "null".into();
    army_na["army"] = Value::Null;
    army_na["total"] = Value::Null;
    army_na["space_force"] = Value::Null;
    let mut hidden = place("2022-12", "Syria", "SYRIA", "host", Some("SYR"));
    hidden["state"] = "suppressed".into();
    for s in SERVICES {
        hidden[s] = Value::Null;
    }
    let mut off = place("2024-03", "Germany", "GERMANY", "host", Some("DEU"));
    off["total"] = 100.into();
    vec![
        army_na,
        hidden,
        place("2024-03", "Japan", "JAPAN", "host", Some("JPN")),
        off,
        place("2024-03", "Kosovo", "KOSOVO", "host", Some("XKX")),
        place("2024-03", "Guam", "GUAM", "territory", Some("GUM")),
        place(
            "2024-03",
            "Afloat / unassigned",
            "ZZ-UNKNOWN",
            "afloat_unassigned",
            None,
        ),
    ]
}

#[test]
fn a_small_copy_gives_gaps_with_reasons_regions_by_iso_code_and_the_manifest() -> anyhow::Result<()>
{
    let s = Scratch::new("dmdc-location-small");
    let file = write_copy(&s, &small_copy(), &["2022-12", "2024-03"]);
    let data = s.copy_data("data", &IDS, true);
    let summary = import_into(ImportKind::DmdcLocation, &file, &data)?;
    let vintage = "dmdc-location-reports-2024-03";
    assert_eq!(summary.vintage, vintage);
    let rows = rows_of(&data, BY_COUNTRY_ID);
    let mine: Vec<Row> = find(&rows, &[("vintage", vintage)])
        .into_iter()
        .cloned()
        .collect();
    assert_eq!(mine.len(), 7 * 7, "every place × 7 services");
    let cell = |iso3: &str, date: &str, service: &str| {
        one(
            &mine,
            &[("iso3", iso3), ("report_date", date), ("service", service)],
        )
        .clone()
    };
    // the Army did not report: a gap with the reason, never a zero; the other services kept
    let army = cell("JPN", "2022-12-31", "army");
    assert_eq!(army["personnel"], "");
    assert!(army["missing"].contains("Army did not report"), "{army:?}");
    assert!(cell("JPN", "2022-12-31", "total")["missing"].contains("no total"));
    assert!(cell("JPN", "2022-12-31", "space_force")["missing"].contains("AIR FORCE/SPACE FORCE"));
    assert_eq!(cell("JPN", "2022-12-31", "navy")["personnel"], "20");
    for service in SERVICES {
        let r = cell("SYR", "2022-12-31", service);
        assert_eq!(r["personnel"], "", "{r:?}");
        assert!(r["missing"].starts_with("suppressed by DMDC"), "{r:?}");
    }
    // the total is kept as published where the services add up to more
    assert_eq!(cell("DEU", "2024-03-31", "total")["personnel"], "100");
    // region: the compilation's region of the same ISO code, or empty
    let jp = cell("JPN", "2024-03-31", "total");
    let compiled = one(
        &rows,
        &[
            ("iso3", "JPN"),
            ("report_date", "2024-03-31"),
            ("service", "total"),
            ("vintage", COMPILATION),
        ],
    );
    assert!(!jp["region"].is_empty());
    assert_eq!(jp["region"], compiled["region"]);
    assert_eq!(
        (
            jp["country"].as_str(),
            jp["location"].as_str(),
            jp["entry"].as_str()
        ),
        ("Japan", "JAPAN", "1")
    );
    assert_eq!(jp["country_kind"], "host");
    assert_eq!(cell("XKX", "2024-03-31", "total")["region"], "");
    assert_eq!(
        cell("GUM", "2024-03-31", "total")["country_kind"],
        "us_territory"
    );
    let afloat = one(
        &mine,
        &[("country", "Afloat / unassigned"), ("service", "total")],
    );
    assert_eq!(
        (afloat["iso3"].as_str(), afloat["country_kind"].as_str()),
        ("", "afloat_unassigned")
    );
    // Japan's rows are the rows of us_troops_in_japan
    let japan = rows_of(&data, TROOPS_ID);
    assert_eq!(find(&japan, &[("vintage", vintage)]).len(), 2 * 7);
    // the new source names the DMDC files of the manifest
    let sidecar = std::fs::read_to_string(data.join(format!("{BY_COUNTRY_ID}.toml")))?;
    let (_, block) = cut_source(&sidecar, vintage);
    assert!(
        block.contains("2024-03 DMDC_Website_Location_Report_2403.xlsx (uploaded 2024-03-15 10:00:00, sha256 0000000000000000000000000000000000000000000000000000000000002403)"),
        "{block}"
    );
    assert!(summary.to_string().contains("1 rows whose total differs"));
    load_file(data_file(&data, BY_COUNTRY_ID))?;
    Ok(())
}

#[test]
fn a_bad_row_or_manifest_fails_naming_it_and_nothing_is_written() -> anyhow::Result<()> {
    let s = Scratch::new("dmdc-location-bad");
    let data = s.copy_data("data", &IDS, false);
    let mut rows = small_copy();
    rows[3]["navy"] = "12".into();
    let file = write_copy(&s, &rows, &["2022-12", "2024-03"]);
    let msg = import_into(ImportKind::DmdcLocation, &file, &data)
        .expect_err("text in a count")
        .to_string();
    assert!(
        msg.contains("troops_location.json, row 4, column `navy`, value `\"12\"`"),
        "{msg}"
    );
    let mut rows = small_copy();
    rows[1]["army"] = 0.into();
    let file = write_copy(&s, &rows, &["2022-12", "2024-03"]);
    let msg = import_into(ImportKind::DmdcLocation, &file, &data)
        .expect_err("a zero in a suppressed row")
        .to_string();
    assert!(msg.contains("row 2, column `army`, value `0`"), "{msg}");
    let file = write_copy(&s, &small_copy(), &["2022-12", "2024-06"]);
    let msg = import_into(ImportKind::DmdcLocation, &file, &data)
        .expect_err("a manifest of other reports")
        .to_string();
    assert!(
        msg.contains("manifest.json") && msg.contains("only in the manifest [2024-06]"),
        "{msg}"
    );
    for id in IDS {
        assert!(!data_file(&data, id).exists(), "{id}: nothing written");
    }
    Ok(())
}

// ----- the committed data ---------------------------------------------------------------------

#[test]
fn a_break_is_listed_only_on_the_tables_of_the_partners_it_concerns() -> anyhow::Result<()> {
    let meta = &catalog()
        .iter()
        .find(|e| e.meta.id == BY_COUNTRY_ID)
        .expect("in the catalog")
        .meta;
    let okinawa = meta
        .breaks
        .iter()
        .find(|b| b.text.starts_with("Okinawa"))
        .expect("the Okinawa break");
    assert_eq!(okinawa.partners, ["JPN"]);
    // the scoped breaks survive writing the sidecar out (a new data folder starts from it)
    let again = tradedef::data::DatasetMeta::from_toml(&meta.to_toml()?, "round trip")?;
    assert_eq!(&again, meta);
    assert!(
        meta.breaks
            .iter()
            .any(|b| b.text.starts_with("December 2017") && b.partners.is_empty())
    );
    let poland = troops_in("Poland")?;
    let japan = troops_in("Japan")?;
    let story = troops_in_japan()?;
    let has =
        |t: &tradedef::analysis::Table, part: &str| t.notes().iter().any(|n| n.contains(part));
    assert!(!has(&poland, "Okinawa"), "{:?}", poland.notes());
    for t in [&japan, &story] {
        assert!(has(t, "break in") && has(t, "Okinawa"), "{:?}", t.notes());
    }
    for t in [&poland, &japan, &story] {
        assert!(has(t, "December 2017: from this report"), "{:?}", t.notes());
        assert!(t.notes().iter().any(|n| n == WHAT_IS_COUNTED));
    }
    Ok(())
}

#[test]
fn each_report_comes_from_the_newest_vintage_covering_it_up_to_march_2026() -> anyhow::Result<()> {
    let rows = rows_of(&repo_data(), BY_COUNTRY_ID);
    for (host, iso3) in [("Japan", "JPN"), ("Germany", "DEU"), ("Poland", "POL")] {
        let t = troops_in(host)?;
        let years = t.ints("year")?;
        let dates = t.texts("report_date")?;
        let vintages = t.texts("vintage")?;
        let personnel = t.floats("personnel")?;
        assert_eq!(years.last().copied().flatten(), Some(2026), "{host}");
        assert_eq!(
            dates.last().cloned().flatten().as_deref(),
            Some("2026-03-31")
        );
        for i in 0..years.len() {
            let (date, vintage) = (
                dates[i].clone().expect("a date"),
                vintages[i].clone().expect("a vintage"),
            );
            let newest = if date.as_str() >= "2008-09-30" {
                VINTAGE
            } else {
                COMPILATION
            };
            assert_eq!(vintage, newest, "{host} {date}");
            // the report's total rows (one per location DMDC lists under the host)
            let totals: Vec<Option<f64>> = find(
                &rows,
                &[
                    ("iso3", iso3),
                    ("report_date", &date),
                    ("service", "total"),
                    ("vintage", &vintage),
                    ("entry", "1"),
                ],
            )
            .iter()
            .map(|r| r["personnel"].parse::<f64>().ok())
            .collect();
            assert!(!totals.is_empty(), "{host} {date}: rows of {vintage}");
            if totals.iter().all(Option::is_some) {
                let sum: f64 = totals.iter().flatten().sum();
                assert_eq!(Some(sum), personnel[i], "{host} {date}");
            }
        }
        // the Army did not report in December 2022: no figure, the year's September report used
        let at = years.iter().position(|y| *y == Some(2022)).expect("2022");
        assert_eq!(dates[at].as_deref(), Some("2022-09-30"), "{host}");
        assert!(
            t.notes().iter().any(|n| n.starts_with(&format!(
                "reports without a figure for {host} (gaps, not zeros): "
            )) && n
                .contains("2022-12-31, 2023-03-31, 2023-06-30 (no total: the Army did not report")),
            "{:?}",
            t.notes()
        );
    }
    let story = troops_in_japan()?;
    assert_eq!(
        story
            .texts("report_date")?
            .last()
            .cloned()
            .flatten()
            .as_deref(),
        Some("2026-03-31")
    );
    assert_eq!(
        story.value_at("year", 2026, "personnel")?,
        troops_in("Japan")?.value_at("year", 2026, "personnel")?
    );
    // a suppressed report is a gap even where the compilation printed a zero
    let iraq = troops_in("Iraq")?;
    assert!(
        !iraq
            .texts("report_date")?
            .iter()
            .any(|d| d.as_deref() == Some("2021-09-30"))
    );
    assert!(
        iraq.notes()
            .iter()
            .any(|n| n.contains("2021-09-30") && n.contains("suppressed by DMDC")),
        "{:?}",
        iraq.notes()
    );
    Ok(())
}

// ----- the real files of the reference pack ---------------------------------------------------

fn pack(path: &str) -> PathBuf {
    let file = repo_root().join("../shared/reference/raw").join(path);
    assert!(
        file.is_file(),
        "{} not found: this test needs the reference pack",
        file.display()
    );
    file
}

fn location_json() -> PathBuf {
    pack("2026-12/corbett-hobbs/pipeline/output/troops_location.json")
}

fn json_rows() -> Vec<Value> {
    let text = std::fs::read_to_string(location_json()).expect("read the JSON");
    serde_json::from_str(&text).expect("a JSON array")
}

fn manifest_files() -> Vec<Value> {
    let text = std::fs::read_to_string(pack(
        "2026-12/corbett-hobbs/pipeline/raw/dmdc-location/manifest.json",
    ))
    .expect("read the manifest");
    let v: Value = serde_json::from_str(&text).expect("JSON");
    v["files"].as_array().expect("files").clone()
}

fn count(v: &Value, field: &str) -> Option<i64> {
    v[field].as_i64()
}

fn sidecar(id: &str) -> String {
    std::fs::read_to_string(repo_data().join(format!("{id}.toml"))).expect("sidecar")
}

#[test]
#[ignore = "needs ../shared/reference/raw/2026-12/corbett-hobbs (troops_location.json and manifest.json)"]
fn real_location_reports_reproduce_the_committed_rows_and_sidecars() -> anyhow::Result<()> {
    let s = Scratch::new("dmdc-location-real");
    let data = s.copy_data("data", &IDS, true);
    let summary = import_into(ImportKind::DmdcLocation, &location_json(), &data)?;
    assert_eq!(summary.vintage, VINTAGE);
    for id in IDS {
        assert!(
            read_csv_text(&data_file(&repo_data(), id)) == read_csv_text(&data_file(&data, id)),
            "{id}: re-importing the raw file changes the committed rows"
        );
        assert_eq!(
            std::fs::read_to_string(data.join(format!("{id}.toml")))?,
            sidecar(id),
            "{id}: the sidecar changes"
        );
    }
    // a sidecar without the vintage's source gets one naming every DMDC file of the manifest
    let s2 = Scratch::new("dmdc-location-real-note");
    let data2 = s2.copy_data("data", &IDS, true);
    for id in IDS {
        let path = data2.join(format!("{id}.toml"));
        let (without, _) = cut_source(&std::fs::read_to_string(&path)?, VINTAGE);
        std::fs::write(&path, without)?;
    }
    import_into(ImportKind::DmdcLocation, &location_json(), &data2)?;
    let files = manifest_files();
    assert_eq!(files.len(), 56);
    for id in IDS {
        let (_, written) = cut_source(
            &std::fs::read_to_string(data2.join(format!("{id}.toml")))?,
            VINTAGE,
        );
        let (_, committed) = cut_source(&sidecar(id), VINTAGE);
        for block in [&written, &committed] {
            for f in &files {
                let text = |k: &str| f[k].as_str().expect("text").to_string();
                let line = format!(
                    "{} {} (uploaded {}, sha256 {})",
                    text("period"),
                    text("fileName"),
                    text("uploadDate").trim_end_matches(".0"),
                    text("sha256")
                );
                assert!(block.contains(&line), "{id}: {line} not in\n{block}");
            }
        }
        for part in [
            "corbett-hobbs/congress-ideology",
            "3751cfd7899bf0c2853a018fdbec53553c45e54c",
            "e73e335a73d8a5577262b755a7a39f7a1f3b47b8",
            "no LICENSE file",
            "public domain",
            "release = \"dmdc-location-report-2026-03\"",
        ] {
            assert!(committed.contains(part), "{id}: `{part}` not in the source");
        }
        assert!(!sidecar(id).contains("/work/"), "{id}: no machine path");
        assert!(
            sidecar(id).contains("GPL (>= 3)"),
            "{id}: the compilation's licence"
        );
    }
    Ok(())
}

#[test]
#[ignore = "needs ../shared/reference/raw/2026-12/corbett-hobbs/pipeline/output/troops_location.json"]
fn real_spot_checks_read_from_the_json_equal_the_imported_rows() -> anyhow::Result<()> {
    let json = json_rows();
    assert_eq!(json.len(), 9_723);
    let rows = rows_of(&repo_data(), BY_COUNTRY_ID);
    let japan_rows = rows_of(&repo_data(), TROOPS_ID);
    let of = |iso3: &str, period: &str| -> &Value {
        json.iter()
            .find(|r| r["iso3"] == iso3 && r["period"] == period)
            .unwrap_or_else(|| panic!("{iso3} {period} in the JSON"))
    };
    // SOURCES.md's spot checks: the totals of March 2026
    for (host, iso3, stated) in [
        ("Japan", "JPN", 54_891),
        ("Germany", "DEU", 37_009),
        ("South Korea", "KOR", 23_372),
    ] {
        let r = of(iso3, "2026-03");
        assert_eq!(
            count(r, "total"),
            Some(stated),
            "{host}: the pack's spot check"
        );
        for service in SERVICES {
            let want = count(r, service).map(|n| n.to_string()).unwrap_or_default();
            let got = one(
                &rows,
                &[
                    ("iso3", iso3),
                    ("report_date", "2026-03-31"),
                    ("service", service),
                    ("vintage", VINTAGE),
                ],
            );
            assert_eq!(got["personnel"], want, "{host} {service}");
            if iso3 == "JPN" {
                let j = one(
                    &japan_rows,
                    &[
                        ("report_date", "2026-03-31"),
                        ("service", service),
                        ("vintage", VINTAGE),
                    ],
                );
                assert_eq!(j["personnel"], want, "us_troops_in_japan {service}");
            }
        }
        let t = troops_in(host)?;
        assert_eq!(
            t.value_at("year", 2026, "personnel")?,
            stated as f64,
            "{host}"
        );
    }
    assert_eq!(
        troops_in_japan()?.value_at("year", 2026, "personnel")?,
        count(of("JPN", "2026-03"), "total").expect("a total") as f64
    );
    // every row of the JSON is in the CSV, figure for figure, a null as an empty cell with a reason
    let by_key: HashMap<(String, String, String), &Row> = find(&rows, &[("vintage", VINTAGE)])
        .into_iter()
        .map(|r| {
            (
                (
                    r["report_date"][..7].to_string(),
                    r["country"].clone(),
                    r["service"].clone(),
                ),
                r,
            )
        })
        .collect();
    assert_eq!(by_key.len(), json.len() * 7);
    for r in &json {
        for service in SERVICES {
            let key = (
                r["period"].as_str().expect("period").to_string(),
                r["name"].as_str().expect("name").to_string(),
                service.to_string(),
            );
            let row = by_key.get(&key).unwrap_or_else(|| panic!("{key:?}"));
            match count(r, service) {
                Some(n) => assert_eq!(row["personnel"], n.to_string(), "{key:?}"),
                None => assert!(
                    row["personnel"].is_empty() && !row["missing"].is_empty(),
                    "{key:?}: {row:?}"
                ),
            }
        }
    }
    Ok(())
}

/// The rows of one vintage of `us_troops_by_country`, entry 1: report month → places, each with
/// its ISO code, upper-case label, country and figures by service.
type Places = BTreeMap<String, Vec<(String, String, String, Figures)>>;

/// Persons by service (`None`: an empty cell).
type Figures = HashMap<String, Option<i64>>;

fn places(rows: &[Row], vintage: &str) -> Places {
    let mut by: BTreeMap<(String, String, String, String), Figures> = BTreeMap::new();
    for r in find(rows, &[("vintage", vintage), ("entry", "1")]) {
        by.entry((
            r["report_date"][..7].to_string(),
            r["iso3"].clone(),
            r["location"].to_uppercase(),
            r["country"].clone(),
        ))
        .or_default()
        .insert(r["service"].clone(), r["personnel"].parse().ok());
    }
    let mut out: Places = BTreeMap::new();
    for ((period, iso3, label, country), figures) in by {
        out.entry(period)
            .or_default()
            .push((iso3, label, country, figures));
    }
    out
}

#[test]
#[ignore = "needs ../shared/reference/raw/dmdc_troopdata_reports.csv and 2026-12/corbett-hobbs"]
fn real_cross_check_with_the_troopdata_compilation_is_the_one_the_sidecars_state()
-> anyhow::Result<()> {
    // both vintages re-made from the raw files
    let s = Scratch::new("dmdc-location-cross");
    let data = s.copy_data("data", &IDS, true);
    import_into(ImportKind::Dmdc, &pack("dmdc_troopdata_reports.csv"), &data)?;
    import_into(ImportKind::DmdcLocation, &location_json(), &data)?;
    let rows = rows_of(&data, BY_COUNTRY_ID);
    let (old, new) = (places(&rows, COMPILATION), places(&rows, VINTAGE));
    let (mut reports, mut matched, mut figures, mut equal) = (0, 0, 0, 0);
    let (mut only_new, mut only_old) = (0, BTreeMap::<String, usize>::new());
    let mut differ: BTreeMap<String, usize> = BTreeMap::new();
    for (period, new_places) in &new {
        // a report both hold: the compilation lists a place besides the United States
        let Some(old_places) = old.get(period).filter(|p| p.iter().any(|o| o.0 != "USA")) else {
            continue;
        };
        reports += 1;
        let mut used = vec![false; old_places.len()];
        for (iso3, label, country, figs) in new_places {
            let mut hits: Vec<usize> = (0..old_places.len())
                .filter(|&i| !iso3.is_empty() && old_places[i].0 == *iso3)
                .collect();
            if hits.is_empty() {
                hits = (0..old_places.len())
                    .filter(|&i| old_places[i].0.is_empty() && old_places[i].1 == *label)
                    .collect();
            }
            if hits.is_empty() {
                only_new += 1;
                continue;
            }
            matched += 1;
            for &i in &hits {
                used[i] = true;
            }
            for service in SERVICES {
                let theirs: Vec<i64> = hits
                    .iter()
                    .filter_map(|&i| old_places[i].3.get(service).copied().flatten())
                    .collect();
                let old_figure = (!theirs.is_empty()).then(|| theirs.iter().sum::<i64>());
                let new_figure = figs.get(service).copied().flatten();
                if old_figure.is_none() && new_figure.is_none() {
                    continue;
                }
                figures += 1;
                if old_figure == new_figure {
                    equal += 1;
                } else {
                    *differ.entry(country.clone()).or_default() += 1;
                }
            }
        }
        for (i, o) in old_places.iter().enumerate() {
            if !used[i] {
                *only_old.entry(o.2.clone()).or_default() += 1;
            }
        }
    }
    assert_eq!(reports, 52);
    assert_eq!((matched, figures, equal), (8_548, 52_932, 52_880));
    let expected: BTreeMap<String, usize> = [
        ("Australia", 2),
        ("Germany", 20),
        ("Iraq", 1),
        ("Montenegro", 24),
        ("Serbia", 4),
        ("Syria", 1),
    ]
    .into_iter()
    .map(|(c, n)| (c.to_string(), n))
    .collect();
    assert_eq!(differ, expected);
    assert_eq!(
        only_old,
        [
            ("United States".to_string(), 52),
            ("Zimbabwe".to_string(), 1)
        ]
        .into_iter()
        .collect()
    );
    assert_eq!(only_new, 470);
    let text = sidecar(BY_COUNTRY_ID);
    for part in [
        format!("in the {reports} reports both hold"),
        format!("{} places are matched", thousands(matched)),
        format!("{} of {} figures", thousands(equal), thousands(figures)),
        format!("The {} that differ", figures - equal),
        "in 24 figures".to_string(),
        format!("{only_new} place-reports"),
        "Japan and South Korea agree in every figure".to_string(),
    ] {
        assert!(text.contains(&part), "the sidecar does not say `{part}`");
    }
    // us_troops_in_japan: the two vintages agree in every figure of the reports both hold
    let japan = rows_of(&data, TROOPS_ID);
    let of = |v: &str| -> HashMap<(String, String), String> {
        find(&japan, &[("vintage", v)])
            .into_iter()
            .map(|r| {
                (
                    (r["report_date"].clone(), r["service"].clone()),
                    r["personnel"].clone(),
                )
            })
            .collect()
    };
    let (a, b) = (of(COMPILATION), of(VINTAGE));
    let mut common = 0;
    for (key, value) in &b {
        if let Some(other) = a.get(key)
            && !(value.is_empty() && other.is_empty())
        {
            common += 1;
            assert_eq!(value, other, "us_troops_in_japan {key:?}");
        }
    }
    // six figures in each of the 52 reports, and Space Force in the 10 from September 2023
    assert_eq!(common, 52 * 6 + 10, "Japan figures compared");
    assert!(sidecar(TROOPS_ID).contains(
        "in the 52 reports both hold, every Japan figure of every service and the total is equal"
    ));
    Ok(())
}

#[test]
#[ignore = "needs ../shared/reference/raw/2026-12/corbett-hobbs/pipeline/output/troops_location.json"]
fn real_figures_the_sidecars_quote_are_the_files() -> anyhow::Result<()> {
    let json = json_rows();
    let state = |s: &str| json.iter().filter(|r| r["state"] == s).count();
    let branches = |r: &Value| -> i64 { SERVICES[..6].iter().filter_map(|s| count(r, s)).sum() };
    let text = sidecar(BY_COUNTRY_ID);
    let japan = sidecar(TROOPS_ID);
    assert!(text.contains(&format!("suppressed figures ({} rows", state("suppressed"))));
    let off: Vec<&Value> = json
        .iter()
        .filter(|r| r["state"] == "value" && count(r, "total") != Some(branches(r)))
        .collect();
    assert!(text.contains(&format!("in {} rows, all in", off.len())));
    let mut by_period: BTreeMap<String, (usize, i64)> = BTreeMap::new();
    for r in &off {
        let e = by_period
            .entry(r["period"].as_str().expect("period").to_string())
            .or_default();
        e.0 += 1;
        e.1 += branches(r) - count(r, "total").expect("a total");
    }
    let counts: Vec<String> = by_period.values().map(|(n, _)| n.to_string()).collect();
    let excess: Vec<String> = by_period.values().map(|(_, x)| x.to_string()).collect();
    assert_eq!(
        by_period.keys().cloned().collect::<Vec<_>>(),
        ["2021-12", "2022-03", "2022-06"]
    );
    assert!(text.contains(&format!(
        "December 2021 ({} rows), March 2022 ({}) and June 2022 ({})",
        counts[0], counts[1], counts[2]
    )));
    assert!(text.contains(&format!(
        "(by {}, {} and {} persons in all",
        excess[0], excess[1], excess[2]
    )));
    let germany = json
        .iter()
        .find(|r| r["iso3"] == "DEU" && r["period"] == "2021-12")
        .expect("Germany December 2021");
    assert!(text.contains(&format!(
        "Germany December 2021: services {}, total {}",
        thousands(branches(germany)),
        thousands(count(germany, "total").expect("a total"))
    )));
    for period in ["2017-09", "2017-12"] {
        let sum: i64 = json
            .iter()
            .filter(|r| r["period"] == period)
            .filter_map(|r| count(r, "total"))
            .sum();
        for t in [&text, &japan] {
            assert!(t.contains(&thousands(sum)), "overseas sum {period}");
        }
    }
    assert!(text.contains("Afghanistan has no row from September 2023, Iraq and Syria none from December 2023, and Kiribati and Somalia none in March 2026"));
    let last = |name: &str| {
        json.iter()
            .filter(|r| r["name"] == name)
            .filter_map(|r| r["period"].as_str())
            .max()
            .unwrap_or_default()
            .to_string()
    };
    assert!(last("Afghanistan").as_str() < "2023-09");
    assert_eq!(
        (last("Iraq"), last("Syria")),
        ("2023-09".into(), "2023-09".into())
    );
    assert_eq!(
        (last("Kiribati"), last("Somalia")),
        ("2025-12".into(), "2025-12".into())
    );
    Ok(())
}
