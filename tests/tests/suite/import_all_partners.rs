//! The importers' every-partner datasets: `us_goods_trade_by_partner_monthly` (Census
//! country.xlsx), `us_imports_by_enduse` for every partner (Census enduse_imports.xlsx) and
//! `us_troops_by_country` (DMDC compiled reports), on generated publisher files (invented
//! figures), on malformed ones, and (ignored tests) on the real downloads.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use tradedef::data::import::{ImportKind, ImportOptions, ImportSummary, import};
use tradedef::data::load_file;
use tradedef_tests::publisher_files::{
    Cell, CountryWorkbook, DMDC_HEADER, DmdcPlace, EnduseRow, EnduseWorkbook, dmdc_line,
    dmdc_place_line,
};
use tradedef_tests::scratch::{Scratch, data_file, read_csv_rows, repo_root};

const JAPAN_ID: &str = "us_japan_goods_trade";
const PARTNER_ID: &str = "us_goods_trade_by_partner";
const MONTHLY_ID: &str = "us_goods_trade_by_partner_monthly";
const ENDUSE_ID: &str = "us_imports_by_enduse";
const TROOPS_ID: &str = "us_troops_in_japan";
const BY_COUNTRY_ID: &str = "us_troops_by_country";

type Row = KeyedRow;

use tradedef_tests::scratch::{KeyedRow, find_rows as find, keyed_rows as rows_of, one_row as one};

fn num(s: &str) -> f64 {
    s.parse().unwrap_or_else(|_| panic!("not a number: {s}"))
}

fn err_text<T: std::fmt::Debug>(r: tradedef::Result<T>) -> String {
    r.expect_err("the import should fail").to_string()
}

fn import_into(kind: ImportKind, file: &Path, data: &Path) -> tradedef::Result<ImportSummary> {
    import(kind, file, &ImportOptions::new().data_dir(data))
}

/// Every (year, month, partner) group has exports, imports and a balance equal to their
/// difference (within the rounding of three one-decimal figures), or a missing balance with the
/// reason naming the missing flow. Returns the number of groups checked.
fn assert_monthly_balances(rows: &[Row]) -> usize {
    let mut groups: HashMap<(String, String, String, String), HashMap<String, &Row>> =
        HashMap::new();
    for r in rows {
        let key = (
            r["year"].clone(),
            r["month"].clone(),
            r["partner_code"].clone(),
            r["vintage"].clone(),
        );
        let flows = groups.entry(key).or_default();
        assert!(
            flows.insert(r["flow"].clone(), r).is_none(),
            "one row per flow: {r:?}"
        );
    }
    for (key, flows) in &groups {
        assert_eq!(flows.len(), 3, "{key:?}: exports, imports and balance");
        let (x, m, b) = (&flows["exports"], &flows["imports"], &flows["balance"]);
        if x["value"].is_empty() || m["value"].is_empty() {
            assert_eq!(b["value"], "", "{key:?}");
            assert!(b["missing"].starts_with("not computed"), "{key:?}: {b:?}");
            continue;
        }
        let diff = num(&x["value"]) - num(&m["value"]) - num(&b["value"]);
        assert!(diff.abs() <= 0.1 + 1e-9, "{key:?}: balance off by {diff}");
    }
    groups.len()
}

// ----- census-country: every partner, every month -------------------------------------------

/// (code, name, imports base, exports base) of the fixture's partners.
const PARTNERS: [(&str, &str, f64, f64); 7] = [
    ("0007", "Advanced Technology Products", 30000.0, 20000.0),
    ("0015", "World, Not Seasonally Adjusted", 200000.0, 150000.0),
    ("1220", "Canada", 30000.0, 25000.0),
    ("4280", "Germany", 11000.0, 5000.0),
    ("5800", "Korea, South", 9000.0, 6000.0),
    ("5880", "Japan", 12000.0, 6000.0),
    ("8220", "Unidentified Countries", 0.0, 0.0),
];

/// 2021 and 2022 complete, 2023 with January only (as a Census file released in March 2023).
const YEARS: [(i64, usize); 3] = [(2021, 12), (2022, 12), (2023, 1)];

struct CountryCase {
    _scratch: Scratch,
    file: PathBuf,
    data: PathBuf,
}

impl CountryCase {
    fn new(label: &str, edit: impl FnOnce(&mut CountryWorkbook)) -> anyhow::Result<Self> {
        let scratch = Scratch::new(label);
        let mut book = CountryWorkbook::partners(&YEARS, &PARTNERS);
        edit(&mut book);
        let file = scratch.join("country.xlsx");
        book.write(&file)?;
        let data = scratch.copy_data("data", &[JAPAN_ID, PARTNER_ID, MONTHLY_ID], false);
        Ok(CountryCase {
            _scratch: scratch,
            file,
            data,
        })
    }

    fn import(&self) -> tradedef::Result<ImportSummary> {
        import_into(ImportKind::CensusCountry, &self.file, &self.data)
    }

    /// The sheet row (1-based, as a spreadsheet shows it) of a partner's row of a year.
    fn sheet_row(year: i64, code: &str) -> usize {
        let y = YEARS
            .iter()
            .position(|&(y, _)| y == year)
            .expect("fixture year");
        let p = PARTNERS.iter().position(|p| p.0 == code).expect("code");
        2 + y * PARTNERS.len() + p
    }
}

#[test]
fn monthly_rows_for_every_partner_and_published_month() -> anyhow::Result<()> {
    let case = CountryCase::new("monthly-ok", |_| {})?;
    let summary = case.import()?;
    let ids: Vec<&str> = summary.datasets.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, [JAPAN_ID, PARTNER_ID, MONTHLY_ID]);
    let monthly = rows_of(&case.data, MONTHLY_ID);
    // 6 partners (0007 is a product group) × (24 months + January 2023) × 3 flows
    assert_eq!(monthly.len(), 6 * 25 * 3);
    assert_eq!(summary.datasets[2].rows_imported, monthly.len());
    assert!(find(&monthly, &[("partner_code", "0007")]).is_empty());
    assert!(find(&monthly, &[("year", "2023"), ("month", "2")]).is_empty());
    // the fixture's formula: imports base + month, exports base + month / 10
    for (code, name, imports, exports) in &PARTNERS[1..] {
        for (year, month) in [("2021", 1), ("2022", 7), ("2023", 1)] {
            let m = month.to_string();
            let at = |flow| {
                one(
                    &monthly,
                    &[
                        ("year", year),
                        ("month", &m),
                        ("partner_code", code),
                        ("flow", flow),
                    ],
                )
            };
            let x = at("exports");
            assert_eq!(x["partner"], *name);
            let close = |a: f64, b: f64| (a - b).abs() < 1e-6;
            assert!(
                close(num(&x["value"]), exports + 0.1 * month as f64),
                "{x:?}"
            );
            assert!(close(num(&at("imports")["value"]), imports + month as f64));
            assert_eq!(x["vintage"], "census-country-xlsx-2023-01");
        }
    }
    let kinds: BTreeMap<&str, &str> = monthly
        .iter()
        .map(|r| (r["partner_code"].as_str(), r["partner_kind"].as_str()))
        .collect();
    assert_eq!(kinds["0015"], "aggregate");
    assert_eq!(kinds["5800"], "country");
    assert_eq!(kinds["8220"], "other");
    assert_eq!(assert_monthly_balances(&monthly), 6 * 25);
    load_file(data_file(&case.data, MONTHLY_ID))?;
    Ok(())
}

#[test]
fn japan_monthly_rows_equal_the_japan_series() -> anyhow::Result<()> {
    let case = CountryCase::new("monthly-japan", |book| {
        // a suppressed month must carry its reason into both datasets
        let r = CountryCase::sheet_row(2022, "5880") - 2;
        book.rows[r].imports[4] = Cell::from("(D)");
    })?;
    case.import()?;
    let japan = rows_of(&case.data, JAPAN_ID);
    let monthly = rows_of(&case.data, MONTHLY_ID);
    let japan_monthly: Vec<&Row> = japan.iter().filter(|r| !r["month"].is_empty()).collect();
    assert_eq!(japan_monthly.len(), 25 * 3);
    for j in japan_monthly {
        let m = one(
            &monthly,
            &[
                ("year", &j["year"]),
                ("month", &j["month"]),
                ("partner_code", "5880"),
                ("flow", &j["flow"]),
            ],
        );
        for c in ["value", "unit", "vintage", "source", "missing"] {
            assert_eq!(m[c], j[c], "{c} of {j:?}");
        }
    }
    let may = one(
        &monthly,
        &[
            ("year", "2022"),
            ("month", "5"),
            ("partner_code", "5880"),
            ("flow", "balance"),
        ],
    );
    assert!(may["missing"].contains("imports missing"), "{may:?}");
    // the annual partner table is the file's annual columns, not a sum of the monthly rows
    let partners = rows_of(&case.data, PARTNER_ID);
    assert_eq!(partners.len(), 6 * 2 * 3);
    Ok(())
}

#[test]
fn census_country_errors_name_the_cell() -> anyhow::Result<()> {
    // the same partner and year twice: its months would be duplicated
    let case = CountryCase::new("monthly-dup", |book| {
        let korea = book.rows[CountryCase::sheet_row(2022, "5800") - 2].clone();
        book.rows.push(korea);
    })?;
    let msg = err_text(case.import());
    let first = CountryCase::sheet_row(2022, "5800");
    let again = YEARS.len() * PARTNERS.len() + 2;
    assert!(
        msg.contains(&format!("cell B{again}"))
            && msg.contains(&format!(
                "duplicate row: year 2022, country code 5800 already at sheet row {first}"
            )),
        "{msg}"
    );
    assert!(
        !data_file(&case.data, MONTHLY_ID).exists(),
        "nothing written"
    );

    let case = CountryCase::new("monthly-code", |book| {
        book.rows[CountryCase::sheet_row(2021, "4280") - 2].code = "42X0".into();
    })?;
    let msg = err_text(case.import());
    let row = CountryCase::sheet_row(2021, "4280");
    assert!(
        msg.contains(&format!("cell B{row}, value `42X0`"))
            && msg.contains("expected a Census country code"),
        "{msg}"
    );

    // text in a month of a partner other than Japan is an error too: every row is read
    let case = CountryCase::new("monthly-text", |book| {
        book.rows[CountryCase::sheet_row(2022, "1220") - 2].exports[2] = Cell::from("1O.5");
    })?;
    let msg = err_text(case.import());
    let row = CountryCase::sheet_row(2022, "1220");
    assert!(
        msg.contains(&format!("cell S{row}, value `1O.5`")) && msg.contains("text in a number"),
        "{msg}"
    );
    Ok(())
}

// ----- census-enduse: every partner -----------------------------------------------------------

fn enduse_row(code: &str, country: &str, enduse: &str, label: &str, base: f64) -> EnduseRow {
    EnduseRow {
        code: code.into(),
        country: country.into(),
        enduse: enduse.into(),
        label: label.into(),
        values: (0..3)
            .map(|i| Cell::Num(base + i as f64 * 1_000_000.0))
            .collect(),
    }
}

fn enduse_book(extra: bool) -> EnduseWorkbook {
    let mut rows = vec![
        enduse_row(
            "0000",
            "World Total",
            "30000",
            "Passenger cars",
            200_000_000_123.0,
        ),
        enduse_row("5880", "Japan", "30000", "Passenger cars", 40_000_000_001.0),
        enduse_row("5880", "Japan", "41120", "Toys", 350_750.0),
    ];
    if extra {
        rows.extend([
            enduse_row(
                "1220",
                "Canada",
                "30000",
                "Passenger cars",
                50_000_000_000.0,
            ),
            enduse_row(
                "4280",
                "Germany",
                "30000",
                "Passenger cars",
                25_000_000_000.0,
            ),
            enduse_row(
                "5800",
                "Korea, South",
                "30000",
                "Passenger cars",
                30_000_000_007.0,
            ),
            enduse_row("5800", "Korea, South", "41120", "Toys", 1_000_000.0),
        ]);
    }
    EnduseWorkbook {
        sheet: "EnduseImp".into(),
        first_year: 2023,
        years: 3,
        rows,
    }
}

#[test]
fn enduse_rows_for_every_partner_and_unchanged_japan_and_world() -> anyhow::Result<()> {
    let s = Scratch::new("enduse-all");
    let mut imported = Vec::new();
    for extra in [false, true] {
        let file = s.join(&format!("enduse-{extra}.xlsx"));
        enduse_book(extra).write(&file)?;
        let data = s.copy_data(&format!("data-{extra}"), &[ENDUSE_ID], false);
        import_into(ImportKind::CensusEnduse, &file, &data)?;
        load_file(data_file(&data, ENDUSE_ID))?;
        imported.push(rows_of(&data, ENDUSE_ID));
    }
    let (alone, all) = (&imported[0], &imported[1]);
    assert_eq!(all.len(), 7 * 3);
    let korea = one(
        all,
        &[
            ("year", "2024"),
            ("partner_code", "5800"),
            ("enduse_code", "30000"),
        ],
    );
    assert_eq!(korea["partner"], "Korea, South");
    assert_eq!(korea["partner_kind"], "country");
    assert_eq!(korea["value"], "30001.000007");
    assert_eq!(find(all, &[("partner", "Germany")]).len(), 3);
    // other partners in the file change nothing in the rows of Japan and the world
    let of = |rows: &[Row]| -> Vec<Row> {
        rows.iter()
            .filter(|r| ["5880", "0000"].contains(&r["partner_code"].as_str()))
            .cloned()
            .collect()
    };
    assert_eq!(of(all), *alone);
    assert_eq!(
        find(all, &[("partner_code", "0000")])[0]["partner"],
        "World Total"
    );
    Ok(())
}

#[test]
fn enduse_errors_name_the_cell() -> anyhow::Result<()> {
    let s = Scratch::new("enduse-all-bad");
    let data = s.copy_data("data", &[ENDUSE_ID], false);
    let fails = |name: &str, edit: &dyn Fn(&mut EnduseWorkbook)| -> anyhow::Result<String> {
        let mut book = enduse_book(true);
        edit(&mut book);
        let file = s.join(name);
        book.write(&file)?;
        Ok(err_text(import_into(
            ImportKind::CensusEnduse,
            &file,
            &data,
        )))
    };
    let msg = fails("dup.xlsx", &|b| {
        let korea = b.rows[5].clone();
        b.rows.push(korea);
    })?;
    assert!(
        msg.contains("cell C9, value `30000`")
            && msg.contains(
                "duplicate row: Korea, South (CTY_CODE 5800), end-use 30000 already at sheet row 7"
            ),
        "{msg}"
    );
    let msg = fails("code.xlsx", &|b| b.rows[4].code = "4280a".into())?;
    assert!(
        msg.contains("cell A6, value `4280a`") && msg.contains("Census country code"),
        "{msg}"
    );
    let msg = fails("name.xlsx", &|b| b.rows[3].country = String::new())?;
    assert!(
        msg.contains("cell B5") && msg.contains("no partner name (CTY_DESC) for CTY_CODE 1220"),
        "{msg}"
    );
    let msg = fails("noworld.xlsx", &|b| b.rows.retain(|r| r.code != "0000"))?;
    assert!(
        msg.contains("no rows for the world total (CTY_CODE 0000)"),
        "{msg}"
    );
    assert!(!data_file(&data, ENDUSE_ID).exists(), "nothing written");
    Ok(())
}

// ----- dmdc: every country --------------------------------------------------------------------

const GERMANY: DmdcPlace<'static> = DmdcPlace {
    country: "Germany",
    ccode: "260",
    iso3c: "DEU",
    region: "Europe & Central Asia",
};
const KOREA: DmdcPlace<'static> = DmdcPlace {
    country: "South Korea",
    ccode: "732",
    iso3c: "KOR",
    region: "East Asia & Pacific",
};
const HOME: DmdcPlace<'static> = DmdcPlace {
    country: "United States",
    ccode: "2",
    iso3c: "USA",
    region: "North America",
};
const WAKE: DmdcPlace<'static> = DmdcPlace {
    country: "Wake Island",
    ccode: "1014",
    iso3c: "NA",
    region: "NA",
};

fn dmdc_lines() -> Vec<String> {
    let active = |army: &'static str, total: &'static str| {
        vec![("Army Active Duty", army), ("Total Active Duty", total)]
    };
    vec![
        DMDC_HEADER.to_string(),
        dmdc_place_line(
            GERMANY,
            1990,
            "September",
            "Germany*",
            &[("Total", "227586")],
        ),
        dmdc_place_line(
            GERMANY,
            2024,
            "September",
            "GERMANY",
            &active("23000", "35000"),
        ),
        dmdc_place_line(
            KOREA,
            2024,
            "September",
            "KOREA, SOUTH",
            &active("19000", "24000"),
        ),
        dmdc_place_line(
            HOME,
            2024,
            "September",
            "United States",
            &active("390000", "1100000"),
        ),
        dmdc_place_line(WAKE, 1990, "September", "Wake Island", &[("Total", "5")]),
        dmdc_line(
            "Japan",
            1970,
            "September",
            "Ryukyu Islands",
            &[("Total", "44752")],
        ),
        dmdc_line(
            "Japan",
            2024,
            "September",
            "JAPAN",
            &[
                ("Army Active Duty", "2319"),
                ("Navy Active Duty", "21545"),
                ("Total Active Duty", "52603"),
            ],
        ),
        // a second, different row for the same place and report (as Zimbabwe, September 2013)
        dmdc_place_line(
            KOREA,
            2024,
            "September",
            "KOREA, SOUTH",
            &active("19001", "24001"),
        ),
    ]
}

fn dmdc_file(s: &Scratch, name: &str, lines: &[String]) -> anyhow::Result<PathBuf> {
    let file = s.join(name);
    std::fs::write(&file, lines.join("\n") + "\n")?;
    Ok(file)
}

#[test]
fn troops_for_every_country_kind_and_report() -> anyhow::Result<()> {
    let s = Scratch::new("dmdc-all");
    let file = dmdc_file(&s, "reports.csv", &dmdc_lines())?;
    let data = s.copy_data("data", &[TROOPS_ID, BY_COUNTRY_ID], false);
    let summary = import_into(ImportKind::Dmdc, &file, &data)?;
    assert_eq!(summary.datasets[1].id, BY_COUNTRY_ID);
    let rows = rows_of(&data, BY_COUNTRY_ID);
    assert_eq!(rows.len(), 8 * 7, "every line of the file × 7 services");
    let total = |country: &str, date: &str, entry: &str| {
        one(
            &rows,
            &[
                ("country", country),
                ("report_date", date),
                ("entry", entry),
                ("service", "total"),
            ],
        )
    };
    let de = total("Germany", "2024-09-30", "1");
    assert_eq!(
        (
            de["personnel"].as_str(),
            de["iso3"].as_str(),
            de["location"].as_str()
        ),
        ("35000", "DEU", "GERMANY")
    );
    assert_eq!(de["country_kind"], "country");
    assert_eq!(total("Germany", "1990-09-30", "1")["personnel"], "227586");
    assert_eq!(
        total("South Korea", "2024-09-30", "1")["personnel"],
        "24000"
    );
    assert_eq!(
        total("South Korea", "2024-09-30", "2")["personnel"],
        "24001"
    );
    let home = total("United States", "2024-09-30", "1");
    assert_eq!(home["country_kind"], "united_states");
    let wake = total("Wake Island", "1990-09-30", "1");
    assert_eq!(
        (
            wake["iso3"].as_str(),
            wake["region"].as_str(),
            wake["country_kind"].as_str()
        ),
        ("", "", "territory_or_area"),
        "the compilation's NA is an empty cell"
    );
    let ryukyu = total("Japan", "1970-09-30", "1");
    assert_eq!(
        (ryukyu["location"].as_str(), ryukyu["personnel"].as_str()),
        ("Ryukyu Islands", "44752"),
        "kept, with its location"
    );
    let navy = one(
        &rows,
        &[
            ("country", "Germany"),
            ("report_date", "2024-09-30"),
            ("service", "navy"),
        ],
    );
    assert_eq!(navy["personnel"], "");
    assert!(navy["missing"].contains("NA"), "{navy:?}");
    // the Japan rows (Ryukyu Islands aside) are the rows of us_troops_in_japan
    let japan = rows_of(&data, TROOPS_ID);
    assert_eq!(japan.len(), 7);
    for j in &japan {
        let c = one(
            &rows,
            &[
                ("country", "Japan"),
                ("report_date", j["report_date"].as_str()),
                ("service", j["service"].as_str()),
            ],
        );
        for col in [
            "year",
            "month",
            "personnel",
            "basis",
            "vintage",
            "source",
            "missing",
        ] {
            assert_eq!(c[col], j[col], "{col} of {j:?}");
        }
    }
    load_file(data_file(&data, BY_COUNTRY_ID))?;
    Ok(())
}

#[test]
fn dmdc_errors_name_row_column_and_value() -> anyhow::Result<()> {
    let s = Scratch::new("dmdc-all-bad");
    let data = s.copy_data("data", &[TROOPS_ID, BY_COUNTRY_ID], false);
    let fails = |name: &str, lines: Vec<String>| -> anyhow::Result<String> {
        let file = dmdc_file(&s, name, &lines)?;
        Ok(err_text(import_into(ImportKind::Dmdc, &file, &data)))
    };
    let mut lines = dmdc_lines();
    lines.push(lines[3].clone());
    let msg = fails("repeated.csv", lines)?;
    assert!(
        msg.contains("row 9, column `countryname`, value `South Korea`")
            && msg.contains("duplicate line: row 3 is the same report"),
        "{msg}"
    );
    let mut lines = dmdc_lines();
    lines[2] = lines[2].replace(",23000,", ",23 000,");
    let msg = fails("typo.csv", lines)?;
    assert!(
        msg.contains("row 2, column `Army Active Duty`, value `23 000`"),
        "a country other than Japan is read too: {msg}"
    );
    let mut lines = dmdc_lines();
    lines[4] = lines[4].replacen(",United States,", ",,", 1);
    let msg = fails("nameless.csv", lines)?;
    assert!(
        msg.contains("row 4, column `countryname`") && msg.contains("no country name"),
        "{msg}"
    );
    assert!(!data_file(&data, BY_COUNTRY_ID).exists(), "nothing written");
    Ok(())
}

// ----- the real downloads ---------------------------------------------------------------------

fn raw(file: &str) -> PathBuf {
    repo_root().join("../shared/reference/raw").join(file)
}

/// The commit before `us_imports_by_enduse` held every partner: its CSV is the reference for the
/// Japan and world rows.
const ENDUSE_BEFORE: &str = "a1365ffc2b66cdd3687f8f774129f7b9373f5382";

#[test]
#[ignore = "needs ../shared/reference/raw/census_country.xlsx"]
fn real_census_country_monthly_has_every_partner() -> anyhow::Result<()> {
    let s = Scratch::new("real-monthly");
    let data = s.copy_data("data", &[JAPAN_ID, PARTNER_ID, MONTHLY_ID], false);
    import_into(
        ImportKind::CensusCountry,
        &raw("census_country.xlsx"),
        &data,
    )?;
    let monthly = rows_of(&data, MONTHLY_ID);
    let annual = rows_of(&data, PARTNER_ID);
    for (code, name) in [
        ("5800", "Korea, South"),
        ("4280", "Germany"),
        ("2010", "Mexico"),
        ("5880", "Japan"),
    ] {
        let rows = find(&monthly, &[("partner_code", code)]);
        assert_eq!(rows[0]["partner"], name);
        // 1985-2022 complete, January 2023
        assert_eq!(rows.len(), (38 * 12 + 1) * 3, "{name}");
        for year in [1990, 2010, 2022] {
            for flow in ["exports", "imports"] {
                let y = year.to_string();
                let want = [("year", y.as_str()), ("partner_code", code), ("flow", flow)];
                let months: f64 = find(&monthly, &want).iter().map(|r| num(&r["value"])).sum();
                let total = num(&one(&annual, &want)["value"]);
                assert!(
                    (months - total).abs() <= 0.6 + 1e-9,
                    "{name} {year} {flow}: months {months} vs annual {total}"
                );
            }
        }
    }
    assert!(assert_monthly_balances(&monthly) > 90_000);
    Ok(())
}

#[test]
#[ignore = "needs ../shared/reference/raw/census_enduse_imports.xlsx and the git history (commit a1365ffc)"]
fn real_census_enduse_every_partner_and_unchanged_japan_and_world() -> anyhow::Result<()> {
    let s = Scratch::new("real-enduse-all");
    let data = s.copy_data("data", &[ENDUSE_ID], false);
    import_into(
        ImportKind::CensusEnduse,
        &raw("census_enduse_imports.xlsx"),
        &data,
    )?;
    let rows = rows_of(&data, ENDUSE_ID);
    for (code, name) in [
        ("5800", "Korea, South"),
        ("4280", "Germany"),
        ("2010", "Mexico"),
        ("5880", "Japan"),
        ("0000", "World Total"),
    ] {
        let of = find(&rows, &[("partner_code", code), ("year", "2024")]);
        assert!(of.len() > 100, "{name}: {} end-use codes", of.len());
        assert!(of.iter().all(|r| r["partner"] == name), "{name}");
    }
    // the rows of Japan and the world are those committed before, value for value
    let out = std::process::Command::new("git")
        .args(["show", &format!("{ENDUSE_BEFORE}:data/{ENDUSE_ID}.csv")])
        .current_dir(repo_root())
        .output()?;
    assert!(out.status.success(), "git show: {:?}", out.stderr);
    let before = s.join("before.csv");
    std::fs::write(&before, &out.stdout)?;
    let (header, old) = read_csv_rows(&before);
    let old: Vec<Row> = old
        .into_iter()
        .map(|r| header.iter().cloned().zip(r).collect())
        .collect();
    assert_eq!(old.len(), 2820);
    let mut matched = 0;
    for o in &old {
        let code = if o["partner"] == "Japan" {
            "5880"
        } else {
            "0000"
        };
        let n = one(
            &rows,
            &[
                ("year", o["year"].as_str()),
                ("partner_code", code),
                ("enduse_code", o["enduse_code"].as_str()),
                ("vintage", o["vintage"].as_str()),
            ],
        );
        for c in ["enduse_label", "value", "unit", "source", "missing"] {
            assert_eq!(n[c], o[c], "{c} of {o:?}");
        }
        matched += 1;
    }
    let now = rows
        .iter()
        .filter(|r| ["5880", "0000"].contains(&r["partner_code"].as_str()))
        .count();
    assert_eq!(
        (matched, now),
        (old.len(), old.len()),
        "no row added or lost"
    );
    Ok(())
}

#[test]
#[ignore = "needs ../shared/reference/raw/dmdc_troopdata_reports.csv"]
fn real_dmdc_every_country() -> anyhow::Result<()> {
    let s = Scratch::new("real-dmdc-all");
    let data = s.copy_data("data", &[TROOPS_ID, BY_COUNTRY_ID], false);
    let file = raw("dmdc_troopdata_reports.csv");
    import_into(ImportKind::Dmdc, &file, &data)?;
    let rows = rows_of(&data, BY_COUNTRY_ID);
    let lines = std::fs::read_to_string(&file)?.lines().count() - 1;
    assert_eq!(rows.len(), lines * 7, "every line of the file × 7 services");
    for (country, iso3) in [("South Korea", "KOR"), ("Germany", "DEU"), ("Japan", "JPN")] {
        let totals = find(&rows, &[("country", country), ("service", "total")]);
        assert!(totals.len() > 60, "{country}: {} reports", totals.len());
        let latest = totals
            .iter()
            .max_by_key(|r| r["report_date"].clone())
            .expect("a report");
        assert_eq!(latest["iso3"], iso3);
        assert!(
            num(&latest["personnel"]) > 10_000.0,
            "{country}: {latest:?}"
        );
    }
    let zimbabwe = find(
        &rows,
        &[
            ("country", "Zimbabwe"),
            ("report_date", "2013-09-30"),
            ("service", "total"),
        ],
    );
    assert_eq!(zimbabwe.len(), 2, "both rows of the compilation are kept");
    assert_eq!(
        find(
            &rows,
            &[("location", "Ryukyu Islands"), ("service", "total")]
        )
        .len(),
        7
    );
    Ok(())
}
