//! The importers, run on publisher files generated in the real layouts (small, invented figures),
//! on malformed files (which must fail with messages naming sheet, cell, row and value), and on
//! the real downloads when ../shared/reference/raw exists (which must reproduce the committed CSV
//! rows of their vintage to the digit, and the reference pack's figures).

use std::path::{Path, PathBuf};

use tradedef::data::import::{ImportKind, ImportOptions, ImportSummary, import, rehash};
use tradedef::data::load_file;
use tradedef_tests::publisher_files::{
    Cell, CountryRow, CountryWorkbook, DMDC_HEADER, EnduseRow, EnduseWorkbook, dmdc_line,
};
use tradedef_tests::scratch::{Scratch, data_file, read_csv_rows, repo_data, repo_root};

const JAPAN_ID: &str = "us_japan_goods_trade";
const PARTNER_ID: &str = "us_goods_trade_by_partner";
const ENDUSE_ID: &str = "us_imports_by_enduse";
const TROOPS_ID: &str = "us_troops_in_japan";

/// Rows of a dataset CSV as maps from column name to text.
fn rows_of(dir: &Path, id: &str) -> Vec<std::collections::HashMap<String, String>> {
    let (header, rows) = read_csv_rows(&data_file(dir, id));
    rows.into_iter()
        .map(|r| header.iter().cloned().zip(r).collect())
        .collect()
}

fn find<'a>(
    rows: &'a [std::collections::HashMap<String, String>],
    want: &[(&str, &str)],
) -> Vec<&'a std::collections::HashMap<String, String>> {
    rows.iter()
        .filter(|r| {
            want.iter()
                .all(|(k, v)| r.get(*k).map(String::as_str) == Some(*v))
        })
        .collect()
}

fn one<'a>(
    rows: &'a [std::collections::HashMap<String, String>],
    want: &[(&str, &str)],
) -> &'a std::collections::HashMap<String, String> {
    let found = find(rows, want);
    assert_eq!(
        found.len(),
        1,
        "expected one row for {want:?}, found {}",
        found.len()
    );
    found[0]
}

/// A country.xlsx like Census's: 2021 and 2022 complete, 2023 with January only.
fn country_rows() -> Vec<CountryRow> {
    let mut rows = Vec::new();
    for (year, months) in [(2021, 12), (2022, 12), (2023, 1)] {
        rows.push(CountryRow::simple(
            year,
            "0007",
            "Advanced Technology Products",
            30000.0,
            20000.0,
            months,
        ));
        rows.push(CountryRow::simple(
            year,
            "0015",
            "World, Not Seasonally Adjusted",
            200000.0,
            150000.0,
            months,
        ));
        rows.push(CountryRow::simple(
            year, "1220", "Canada", 30000.0, 25000.0, months,
        ));
        rows.push(CountryRow::simple(
            year, "5880", "Japan", 12000.0, 6000.0, months,
        ));
        rows.push(CountryRow::simple(
            year,
            "8220",
            "Unidentified Countries",
            0.0,
            0.0,
            months,
        ));
    }
    rows
}

fn country_options(data: &Path) -> ImportOptions {
    ImportOptions::new().data_dir(data)
}

fn err_text<T: std::fmt::Debug>(r: tradedef::Result<T>) -> String {
    r.expect_err("the import should fail").to_string()
}

/// A Census country workbook written into a fresh scratch folder, beside copies of the Japan and
/// partner datasets (their sidecars, and their CSV files when `with_csv`).
struct CountryCase {
    _scratch: Scratch,
    file: PathBuf,
    data: PathBuf,
}

impl CountryCase {
    fn new(label: &str, book: CountryWorkbook, with_csv: bool) -> anyhow::Result<CountryCase> {
        let scratch = Scratch::new(label);
        let file = scratch.join("country.xlsx");
        book.write(&file)?;
        let data = scratch.copy_data("data", &[JAPAN_ID, PARTNER_ID], with_csv);
        Ok(CountryCase {
            _scratch: scratch,
            file,
            data,
        })
    }

    /// A case for `country_rows()` edited by `edit`.
    fn with_rows(
        label: &str,
        with_csv: bool,
        edit: impl FnOnce(&mut Vec<CountryRow>),
    ) -> anyhow::Result<CountryCase> {
        let mut rows = country_rows();
        edit(&mut rows);
        CountryCase::new(label, CountryWorkbook::new(rows), with_csv)
    }

    fn import_with(&self, options: &ImportOptions) -> tradedef::Result<ImportSummary> {
        import(ImportKind::CensusCountry, &self.file, options)
    }

    fn import(&self) -> tradedef::Result<ImportSummary> {
        self.import_with(&country_options(&self.data))
    }

    /// The message of the import's error (the import must fail).
    fn error(&self) -> String {
        err_text(self.import())
    }

    fn csv(&self, id: &str) -> PathBuf {
        self.data.join(format!("{id}.csv"))
    }
}

#[test]
fn census_country_fixture_writes_japan_and_partner_rows() -> anyhow::Result<()> {
    let case = CountryCase::new("country-ok", CountryWorkbook::new(country_rows()), true)?;
    let data = &case.data;
    let hand_rows_before: Vec<_> = rows_of(data, JAPAN_ID)
        .into_iter()
        .filter(|r| r["vintage"].starts_with("census-c5880-page"))
        .collect();
    assert!(!hand_rows_before.is_empty());

    let summary = case.import()?;
    assert_eq!(
        summary.vintage, "census-country-xlsx-2023-01",
        "vintage derived from the latest month present"
    );
    let japan_summary = summary
        .datasets
        .iter()
        .find(|d| d.id == JAPAN_ID)
        .expect("japan summary");
    assert_eq!(japan_summary.years, Some((2021, 2023)));
    // 2 complete years × (12 months + annual) + January 2023, × 3 flows
    assert_eq!(japan_summary.rows_imported, (2 * 13 + 1) * 3);
    assert_eq!(japan_summary.rows_kept, hand_rows_before.len());

    let japan = rows_of(data, JAPAN_ID);
    let v = "census-country-xlsx-2023-01";
    // Japan 2022: imports 12000 + m (m = 1..12) → 144078; exports 6000 + m/10 → 72007.8
    for ((year, month, flow), value) in [
        (("2022", "", "imports"), "144078.0"),
        (("2022", "", "exports"), "72007.8"),
        (("2022", "", "balance"), "-72070.2"),
        (("2023", "1", "imports"), "12001.0"),
    ] {
        let want = [
            ("year", year),
            ("month", month),
            ("flow", flow),
            ("vintage", v),
        ];
        assert_eq!(one(&japan, &want)["value"], value, "{want:?}");
    }
    assert!(
        find(&japan, &[("year", "2023"), ("month", "2"), ("vintage", v)]).is_empty(),
        "unpublished months skipped"
    );
    assert!(
        find(&japan, &[("year", "2023"), ("month", ""), ("vintage", v)]).is_empty(),
        "year-to-date 2023 is no annual total"
    );
    // the hand-added rows of other vintages are untouched
    let hand_rows_after: Vec<_> = japan
        .iter()
        .filter(|r| r["vintage"].starts_with("census-c5880-page"))
        .cloned()
        .collect();
    assert_eq!(hand_rows_after, hand_rows_before);

    let partners = rows_of(data, PARTNER_ID);
    assert!(
        find(&partners, &[("partner_code", "0007")]).is_empty(),
        "a product group is not a partner"
    );
    // Japan in the partner table equals the Japan series
    for ((year, code, flow), (column, value)) in [
        (("2022", "0015", "exports"), ("partner_kind", "aggregate")),
        (("2021", "1220", "imports"), ("partner_kind", "country")),
        (("2021", "8220", "imports"), ("partner_kind", "other")),
        (("2022", "5880", "balance"), ("value", "-72070.2")),
    ] {
        let want = [("year", year), ("partner_code", code), ("flow", flow)];
        assert_eq!(one(&partners, &want)[column], value, "{want:?}");
    }
    assert!(find(&partners, &[("year", "2023")]).is_empty());
    // both files load through the normal loader, checksums included
    for id in [JAPAN_ID, PARTNER_ID] {
        assert!(load_file(case.csv(id))?.frame().height() > 0);
    }
    Ok(())
}

#[test]
fn reimport_replaces_its_vintage_and_keeps_others_and_declares_new_sources() -> anyhow::Result<()> {
    let case = CountryCase::with_rows("country-vintages", false, |_| {})?;
    let first = case.import()?;
    let again = case.import()?;
    let japan_first = &first.datasets[0];
    let japan_again = &again.datasets[0];
    assert_eq!(japan_again.rows_replaced, japan_first.rows_imported);
    assert_eq!(
        japan_again.sha256, japan_first.sha256,
        "same file, same bytes"
    );

    let other = case.import_with(&country_options(&case.data).vintage("test-release-2024-06"))?;
    assert_eq!(other.datasets[0].rows_kept, japan_first.rows_imported);
    assert_eq!(
        other.datasets[0].rows_by_vintage["test-release-2024-06"],
        japan_first.rows_imported
    );
    let sidecar = std::fs::read_to_string(case.data.join(format!("{JAPAN_ID}.toml")))?;
    assert!(
        sidecar.starts_with("# US goods trade with Japan"),
        "comments of the sidecar survive"
    );
    assert!(
        sidecar.contains("id = \"test-release-2024-06\""),
        "a new vintage gets its [[sources]] entry"
    );
    assert!(sidecar.contains(&format!("sha256 = \"{}\"", other.datasets[0].sha256)));
    load_file(case.csv(JAPAN_ID))?;
    Ok(())
}

#[test]
fn header_is_found_below_title_rows() -> anyhow::Result<()> {
    let mut book = CountryWorkbook::new(country_rows());
    book.title_rows = vec![
        "U.S. Trade in Goods by Country".into(),
        "Millions of dollars".into(),
        String::new(),
    ];
    let summary = CountryCase::new("country-moved", book, false)?.import()?;
    assert_eq!(summary.datasets[0].years, Some((2021, 2023)));
    Ok(())
}

#[test]
fn missing_header_name_is_named() -> anyhow::Result<()> {
    let mut book = CountryWorkbook::new(country_rows());
    book.header[15] = "I_YEAR".into(); // IYR renamed
    let case = CountryCase::new("country-header", book, false)?;
    let msg = case.error();
    assert!(msg.contains("sheet `country`"), "{msg}");
    assert!(msg.contains("header row not found"), "{msg}");
    assert!(msg.contains("row 1, lacks [IYR]"), "{msg}");
    assert!(!case.csv(JAPAN_ID).exists(), "nothing written");
    Ok(())
}

#[test]
fn missing_sheet_is_named_with_the_sheets_present() -> anyhow::Result<()> {
    let mut book = CountryWorkbook::new(country_rows());
    book.sheet = "Sheet1".into();
    let msg = CountryCase::new("country-sheet", book, false)?.error();
    assert!(msg.contains("sheet `country` not found"), "{msg}");
    assert!(msg.contains("`Sheet1`"), "{msg}");
    Ok(())
}

#[test]
fn text_in_a_number_cell_names_the_cell_and_value() -> anyhow::Result<()> {
    let case = CountryCase::with_rows("country-text", false, |rows| {
        // the 4th data row (sheet row 5) is Japan 2021; its IMAR is column F
        assert_eq!(rows[3].code, "5880");
        rows[3].imports[2] = Cell::from("12O3.5");
    })?;
    let msg = case.error();
    assert!(msg.contains("sheet `country`, cell F5"), "{msg}");
    assert!(msg.contains("value `12O3.5`"), "{msg}");
    assert!(msg.contains("text in a number"), "{msg}");
    Ok(())
}

#[test]
fn suppressed_cell_becomes_missing_with_reason_never_zero() -> anyhow::Result<()> {
    let case = CountryCase::with_rows("country-d", false, |rows| {
        rows[3].imports[2] = Cell::from("(D)"); // Japan March 2021 imports
    })?;
    case.import()?;
    let japan = rows_of(&case.data, JAPAN_ID);
    let march = |flow| one(&japan, &[("year", "2021"), ("month", "3"), ("flow", flow)]);
    let imports = march("imports");
    assert_eq!(imports["value"], "");
    assert!(
        imports["missing"].contains("(D)") && imports["missing"].contains("suppressed"),
        "{:?}",
        imports
    );
    let balance = march("balance");
    assert_eq!(balance["value"], "");
    assert!(
        balance["missing"].contains("imports missing"),
        "{:?}",
        balance
    );
    assert_eq!(march("exports")["value"], "6000.3");
    load_file(case.csv(JAPAN_ID))?;
    Ok(())
}

#[test]
fn duplicate_rows_are_refused() -> anyhow::Result<()> {
    let msg =
        CountryCase::with_rows("country-dup", false, |rows| rows.push(rows[3].clone()))?.error();
    assert!(
        msg.contains("duplicate row: year 2021, country code 5880 already at sheet row 5"),
        "{msg}"
    );
    assert!(msg.contains("cell B17"), "{msg}");
    Ok(())
}

#[test]
fn implausible_values_fail_validation_and_nothing_is_written() -> anyhow::Result<()> {
    let case = CountryCase::with_rows("country-range", true, |rows| {
        rows[3].imports[12] = Cell::Num(999_999.0); // Japan 2021 annual imports above the plausible maximum
    })?;
    let before = std::fs::read(case.csv(JAPAN_ID))?;
    let msg = case.error();
    assert!(
        msg.contains("implausible value: below the minimum"),
        "{msg}"
    );
    assert!(msg.contains("column `value`, value `-927991.2`"), "{msg}");
    assert_eq!(std::fs::read(case.csv(JAPAN_ID))?, before, "file untouched");
    Ok(())
}

#[test]
fn a_dataset_failing_validation_stops_the_whole_import() -> anyhow::Result<()> {
    let case = CountryCase::with_rows("country-partner-range", true, |rows| {
        assert_eq!(rows[1].code, "0015");
        rows[1].imports[12] = Cell::Num(9.0e6); // World 2021 imports above the partner table's maximum
    })?;
    let before = std::fs::read(case.csv(JAPAN_ID))?;
    let msg = case.error();
    assert!(
        msg.contains("us_goods_trade_by_partner.csv") && msg.contains("implausible value"),
        "{msg}"
    );
    assert_eq!(
        std::fs::read(case.csv(JAPAN_ID))?,
        before,
        "the valid Japan rows are not written either"
    );
    Ok(())
}

#[test]
fn empty_and_wrong_format_files_are_refused() -> anyhow::Result<()> {
    let s = Scratch::new("wrong-format");
    let data = s.copy_data("data", &[JAPAN_ID, PARTNER_ID, ENDUSE_ID, TROOPS_ID], false);
    let fails = |kind, file: &Path| err_text(import(kind, file, &country_options(&data)));
    let empty = s.join("empty.xlsx");
    std::fs::write(&empty, b"")?;
    let msg = fails(ImportKind::CensusCountry, &empty);
    assert!(
        msg.contains("empty.xlsx") && msg.contains("file is empty"),
        "{msg}"
    );

    let csv_as_xlsx = s.join("country.xlsx");
    std::fs::write(&csv_as_xlsx, "year,CTY_CODE,CTYNAME\n2022,5880,Japan\n")?;
    let msg = fails(ImportKind::CensusEnduse, &csv_as_xlsx);
    assert!(
        msg.contains("not an xlsx workbook") && msg.contains("year,CTY_CODE"),
        "{msg}"
    );

    let xlsx_as_csv = s.join("reports.csv");
    CountryWorkbook::new(country_rows()).write(&xlsx_as_csv)?;
    let msg = fails(ImportKind::Dmdc, &xlsx_as_csv);
    assert!(
        msg.contains("xlsx workbook") && msg.contains("CSV"),
        "{msg}"
    );

    let empty_csv = s.join("empty.csv");
    std::fs::write(&empty_csv, "\n")?;
    let msg = fails(ImportKind::Dmdc, &empty_csv);
    assert!(msg.contains("file is empty"), "{msg}");

    let msg = fails(ImportKind::Dmdc, &s.join("no-such.csv"));
    assert!(msg.contains("no-such.csv"), "{msg}");
    assert!(
        "census"
            .parse::<ImportKind>()
            .unwrap_err()
            .to_string()
            .contains("available (closest first): census-country, census-enduse")
    );
    Ok(())
}

fn enduse_book() -> EnduseWorkbook {
    let row = |code: &str, country: &str, enduse: &str, label: &str, base: f64| EnduseRow {
        code: code.into(),
        country: country.into(),
        enduse: enduse.into(),
        label: label.into(),
        values: (0..3)
            .map(|i| Cell::Num(base + i as f64 * 1_000_000.0))
            .collect(),
    };
    EnduseWorkbook {
        sheet: "EnduseImp".into(),
        first_year: 2023,
        years: 3,
        rows: vec![
            row(
                "0000",
                "World Total",
                "30000",
                "Passenger cars, new and used",
                200_000_000_123.0,
            ),
            row(
                "0000",
                "World Total",
                "00000",
                "Green coffee",
                5_000_000_000.0,
            ),
            row(
                "1220",
                "Canada",
                "30000",
                "Passenger cars, new and used",
                50_000_000_000.0,
            ),
            row(
                "5880",
                "Japan",
                "30000",
                "Passenger cars, new and used",
                40_000_000_001.0,
            ),
            row(
                "5880",
                "Japan",
                "30230",
                "Other parts and accessories of vehicles",
                9_500_000_000.0,
            ),
            row(
                "5880",
                "Japan",
                "41120",
                "Toys, games, and sporting goods",
                350_750.0,
            ),
        ],
    }
}

#[test]
fn census_enduse_fixture_writes_every_partner_in_exact_millions() -> anyhow::Result<()> {
    let s = Scratch::new("enduse-ok");
    let file = s.join("enduse_imports.xlsx");
    enduse_book().write(&file)?;
    let data = s.copy_data("data", &[ENDUSE_ID], false);
    let summary = import(
        ImportKind::CensusEnduse,
        &file,
        &ImportOptions::new().data_dir(&data),
    )?;
    assert_eq!(summary.vintage, "census-enduse-imports-xlsx-2025");
    assert_eq!(
        summary.datasets[0].rows_imported,
        6 * 3,
        "every partner's rows, 3 years each"
    );
    let rows = rows_of(&data, ENDUSE_ID);
    let canada = one(
        &rows,
        &[
            ("year", "2024"),
            ("partner", "Canada"),
            ("enduse_code", "30000"),
        ],
    );
    assert_eq!(canada["partner_code"], "1220");
    assert_eq!(canada["partner_kind"], "country");
    assert_eq!(canada["value"], "50001.000000");
    assert_eq!(
        one(
            &rows,
            &[
                ("year", "2023"),
                ("partner", "Japan"),
                ("enduse_code", "30000")
            ]
        )["value"],
        "40000.000001"
    );
    let world = one(
        &rows,
        &[
            ("year", "2025"),
            ("partner_code", "0000"),
            ("enduse_code", "30000"),
        ],
    );
    assert_eq!(world["value"], "200002.000123");
    assert_eq!(world["partner"], "World Total", "the file's own name");
    assert_eq!(world["partner_kind"], "aggregate");
    let toys = one(
        &rows,
        &[
            ("year", "2023"),
            ("partner", "Japan"),
            ("enduse_code", "41120"),
        ],
    );
    assert_eq!(toys["value"], "0.350750");
    assert_eq!(toys["enduse_label"], "Toys, games, and sporting goods");
    load_file(data.join(format!("{ENDUSE_ID}.csv")))?;
    Ok(())
}

#[test]
fn census_enduse_errors_name_sheet_cell_and_value() -> anyhow::Result<()> {
    let s = Scratch::new("enduse-bad");
    let data = s.copy_data("data", &[ENDUSE_ID], false);
    let options = ImportOptions::new().data_dir(&data);
    // writes `enduse_book()` edited by `edit` into the file `name` and imports it
    let import_edited = |name: &str, edit: &dyn Fn(&mut EnduseWorkbook)| {
        let mut book = enduse_book();
        edit(&mut book);
        let file = s.join(name);
        book.write(&file)?;
        anyhow::Ok(import(ImportKind::CensusEnduse, &file, &options))
    };

    let msg = err_text(import_edited("sheet.xlsx", &|b| {
        b.sheet = "Imports".into()
    })?);
    assert!(
        msg.contains("sheet `EnduseImp` not found") && msg.contains("`Imports`"),
        "{msg}"
    );

    let msg = err_text(import_edited("text.xlsx", &|b| {
        b.rows[3].values[1] = Cell::from("n/a?")
    })?);
    assert!(
        msg.contains("sheet `EnduseImp`, cell F5, value `n/a?`"),
        "{msg}"
    );

    import_edited("suppressed.xlsx", &|b| {
        b.rows[4].values[0] = Cell::from("(D)")
    })??;
    let rows = rows_of(&data, ENDUSE_ID);
    let parts = one(
        &rows,
        &[
            ("year", "2023"),
            ("partner", "Japan"),
            ("enduse_code", "30230"),
        ],
    );
    assert_eq!(parts["value"], "");
    assert!(parts["missing"].contains("(D)"), "{parts:?}");

    let msg = err_text(import_edited("nojapan.xlsx", &|b| {
        b.rows.retain(|r| r.code != "5880")
    })?);
    assert!(msg.contains("no rows for Japan (CTY_CODE 5880)"), "{msg}");
    Ok(())
}

fn dmdc_text() -> String {
    let lines = [
        DMDC_HEADER.to_string(),
        dmdc_line(
            "Germany",
            2024,
            "September",
            "GERMANY",
            &[("Total Active Duty", "35000")],
        ),
        dmdc_line(
            "Japan",
            1970,
            "September",
            "Ryukyu Islands",
            &[("Total", "44752")],
        ),
        dmdc_line(
            "Japan",
            1990,
            "September",
            "Japan",
            &[
                ("Total", "46593"),
                ("Army Total", "2000"),
                ("Navy Total", "7000"),
                ("Marine Corps Total", "21000"),
                ("Air Force Total", "16593"),
            ],
        ),
        dmdc_line(
            "Japan",
            2024,
            "December",
            "JAPAN",
            &[
                ("Army Active Duty", "2319"),
                ("Navy Active Duty", "21545"),
                ("Marine Corps Active Duty", "16431"),
                ("Air Force Active Duty", "12184"),
                ("Coast Guard Active Duty", "21"),
                ("Space Force Active Duty", "103"),
                ("Total Active Duty", "52603"),
                ("navy_ad", "0"),
            ],
        ),
        dmdc_line(
            "Japan",
            2025,
            "March",
            "JAPAN",
            &[("Total Active Duty", "52000"), ("Army Active Duty", "2000")],
        ),
    ];
    lines.join("\n") + "\n"
}

#[test]
fn dmdc_fixture_writes_japan_reports_by_service() -> anyhow::Result<()> {
    let s = Scratch::new("dmdc-ok");
    let file = s.join("reports.csv");
    std::fs::write(&file, dmdc_text())?;
    let data = s.copy_data("data", &[TROOPS_ID], false);
    let summary = import(
        ImportKind::Dmdc,
        &file,
        &ImportOptions::new().data_dir(&data),
    )?;
    assert_eq!(summary.vintage, "dmdc-troopdata-reports-2025-03");
    assert_eq!(
        summary.datasets[0].rows_imported,
        3 * 7,
        "three Japan reports (Ryukyu row skipped) × 7 services"
    );
    let rows = rows_of(&data, TROOPS_ID);
    assert!(
        find(&rows, &[("year", "1970")]).is_empty(),
        "Ryukyu Islands are not Japan before 1972"
    );
    let navy = one(&rows, &[("report_date", "2024-12-31"), ("service", "navy")]);
    assert_eq!(
        navy["personnel"], "21545",
        "the report's Active Duty column, not the compilation's derived navy_ad"
    );
    assert_eq!(
        one(&rows, &[("report_date", "1990-09-30"), ("service", "army")])["personnel"],
        "2000"
    );
    assert_eq!(
        one(
            &rows,
            &[("report_date", "1990-09-30"), ("service", "total")]
        )["personnel"],
        "46593"
    );
    let space = one(
        &rows,
        &[("report_date", "1990-09-30"), ("service", "space_force")],
    );
    assert_eq!(space["personnel"], "");
    assert!(space["missing"].contains("did not exist"), "{space:?}");
    let navy_2025 = one(&rows, &[("report_date", "2025-03-31"), ("service", "navy")]);
    assert_eq!(navy_2025["personnel"], "");
    assert!(navy_2025["missing"].contains("NA"), "{navy_2025:?}");
    assert_eq!(
        one(
            &rows,
            &[("report_date", "2025-03-31"), ("service", "total")]
        )["basis"],
        "active_duty"
    );
    load_file(data.join(format!("{TROOPS_ID}.csv")))?;
    Ok(())
}

#[test]
fn dmdc_malformed_files_fail_naming_row_column_and_value() -> anyhow::Result<()> {
    let s = Scratch::new("dmdc-bad");
    let data = s.copy_data("data", &[TROOPS_ID], false);
    let options = ImportOptions::new().data_dir(&data);
    let text = dmdc_text();
    // writes `content` into the file `name` and imports it, which must fail
    let fails = |name: &str, content: &str| -> anyhow::Result<String> {
        let file = s.join(name);
        std::fs::write(&file, content)?;
        Ok(err_text(import(ImportKind::Dmdc, &file, &options)))
    };

    let cut = text.trim_end().rfind('\n').map(|i| i + 60).unwrap_or(0);
    let msg = fails("truncated.csv", &text[..cut])?; // the last line stops after 60 characters
    assert!(
        msg.contains("truncated.csv, row 5") && msg.contains("truncated"),
        "{msg}"
    );

    let msg = fails("semicolons.csv", &text.replace(',', ";"))?;
    assert!(msg.contains("delimited by ';'"), "{msg}");

    let msg = fails("typo.csv", &text.replace(",21545,", ",21S45,"))?;
    assert!(
        msg.contains("row 4, column `Navy Active Duty`, value `21S45`"),
        "{msg}"
    );

    let last = text.lines().last().unwrap_or_default().to_string();
    let msg = fails("dup.csv", &format!("{text}{last}\n"))?;
    assert!(
        msg.contains("row 6") && msg.contains("duplicate report") && msg.contains("row 5"),
        "{msg}"
    );

    let msg = fails(
        "columns.csv",
        &text.replace("Total Active Duty", "Total AD"),
    )?;
    assert!(
        msg.contains("header lacks the column(s) [Total Active Duty]"),
        "{msg}"
    );
    assert!(
        !data.join(format!("{TROOPS_ID}.csv")).exists(),
        "nothing written"
    );
    Ok(())
}

#[test]
fn rehash_signs_a_hand_edit_and_refuses_a_broken_one() -> anyhow::Result<()> {
    let s = Scratch::new("rehash");
    let data = s.copy_data("data", &[JAPAN_ID], true);
    let csv = data.join(format!("{JAPAN_ID}.csv"));
    let text = std::fs::read_to_string(&csv)?;
    let edited = text.replacen("-64448.0,", "-64448.1,", 1);
    assert_ne!(edited, text);
    std::fs::write(&csv, &edited)?;
    assert!(
        load_file(&csv)
            .unwrap_err()
            .to_string()
            .contains("checksum mismatch")
    );
    let sha = rehash(&data, JAPAN_ID)?;
    assert_eq!(load_file(&csv)?.meta().sha256, sha);
    let sidecar = std::fs::read_to_string(data.join(format!("{JAPAN_ID}.toml")))?;
    assert!(sidecar.starts_with("# US goods trade with Japan"));

    std::fs::write(&csv, edited.replacen("-64448.1,", "-64000.0,", 1))?;
    let msg = rehash(&data, JAPAN_ID).unwrap_err().to_string();
    assert!(
        msg.contains("balance is not exports minus imports"),
        "{msg}"
    );
    assert!(
        std::fs::read_to_string(data.join(format!("{JAPAN_ID}.toml")))?.contains(&sha),
        "sidecar unchanged"
    );
    Ok(())
}

// ----- the real downloads -------------------------------------------------------------------

fn reference() -> Option<PathBuf> {
    let dir = repo_root().join("../shared/reference");
    if dir.join("raw").is_dir() {
        Some(dir)
    } else {
        println!(
            "note: {} not found; the real-file importer checks are skipped",
            dir.join("raw").display()
        );
        None
    }
}

/// Imports a real file into a copy of data/ and checks that the rows of its vintage equal the
/// committed rows of that vintage, text for text. Returns the copy's folder.
fn reproduce(s: &Scratch, kind: ImportKind, file: &Path) -> anyhow::Result<PathBuf> {
    let ids = kind.datasets();
    let data = s.copy_data("data", ids, true);
    let summary = import(kind, file, &ImportOptions::new().data_dir(&data))?;
    for id in ids {
        let (_, committed) = read_csv_rows(&data_file(&repo_data(), id));
        let (header, produced) = read_csv_rows(&data_file(&data, id));
        let v = header
            .iter()
            .position(|h| h == "vintage")
            .expect("vintage column");
        let of_vintage = |rows: &[Vec<String>]| -> Vec<Vec<String>> {
            rows.iter()
                .filter(|r| r[v] == summary.vintage)
                .cloned()
                .collect()
        };
        let (c, p) = (of_vintage(&committed), of_vintage(&produced));
        assert!(!p.is_empty(), "{id}: no rows of {}", summary.vintage);
        assert_eq!(
            c.len(),
            p.len(),
            "{id}: row count of vintage {}",
            summary.vintage
        );
        for (a, b) in c.iter().zip(&p) {
            assert_eq!(a, b, "{id}: committed row differs from the importer's");
        }
        assert_eq!(
            committed.len(),
            produced.len(),
            "{id}: rows of other vintages kept"
        );
    }
    Ok(data)
}

/// (year, indicator) → value of a reference pack CSV.
fn pack(dir: &Path, file: &str) -> Vec<(String, String, String)> {
    let (header, rows) = read_csv_rows(&dir.join("pack").join(file));
    let col = |n: &str| header.iter().position(|h| h == n).expect("pack column");
    let (y, i, v) = (col("year"), col("indicator"), col("value"));
    rows.into_iter()
        .map(|r| (r[y].clone(), r[i].clone(), r[v].clone()))
        .collect()
}

fn num(s: &str) -> f64 {
    s.parse().unwrap_or_else(|_| panic!("not a number: {s}"))
}

#[test]
fn real_census_country_reproduces_committed_rows_and_the_pack() -> anyhow::Result<()> {
    let Some(reference) = reference() else {
        return Ok(());
    };
    let s = Scratch::new("real-country");
    let data = reproduce(
        &s,
        ImportKind::CensusCountry,
        &reference.join("raw/census_country.xlsx"),
    )?;
    let japan = rows_of(&data, JAPAN_ID);
    let partners = rows_of(&data, PARTNER_ID);
    let v = "census-country-xlsx-2023-01";
    // (pack file, rows, the key that picks the series, label, pack indicators → flows, years)
    let packs = [
        (
            "A1b_us_japan_goods_trade_census_1985_2022.csv",
            &japan,
            ("month", ""),
            "Japan",
            [
                ("us_exports_to_japan", "exports"),
                ("us_imports_from_japan", "imports"),
                ("us_goods_balance_with_japan", "balance"),
            ],
            (38, "every year 1985-2022 of pack A1b"),
        ),
        (
            "A2b_us_world_goods_trade_census_1987_2022.csv",
            &partners,
            ("partner_code", "0015"),
            "World",
            [
                ("us_total_goods_exports_census_nsa", "exports"),
                ("us_total_goods_imports_census_nsa", "imports"),
                ("us_total_goods_balance_census_nsa", "balance"),
            ],
            (36, "every year 1987-2022 of pack A2b"),
        ),
    ];
    for (file, rows, key, label, flows, (years, every_year)) in packs {
        let mut checked = 0;
        for (year, indicator, value) in pack(&reference, file) {
            let Some(&(_, flow)) = flows.iter().find(|(i, _)| *i == indicator) else {
                continue;
            };
            let row = one(
                rows,
                &[("year", &year), key, ("flow", flow), ("vintage", v)],
            );
            assert_eq!(num(&row["value"]), num(&value), "{label} {year} {flow}");
            checked += 1;
        }
        assert_eq!(checked, years * 3, "{every_year}");
    }
    // the 12 months of each complete year sum to the annual total (within rounding of 12 values)
    for year in 1985..=2022 {
        for flow in ["exports", "imports"] {
            let y = year.to_string();
            let months: f64 = find(&japan, &[("year", &y), ("flow", flow), ("vintage", v)])
                .iter()
                .filter(|r| !r["month"].is_empty())
                .map(|r| num(&r["value"]))
                .sum();
            let annual = num(&one(
                &japan,
                &[("year", &y), ("month", ""), ("flow", flow), ("vintage", v)],
            )["value"]);
            assert!(
                (months - annual).abs() <= 0.6 + 1e-9,
                "{year} {flow}: months {months} vs annual {annual}"
            );
        }
    }
    Ok(())
}

#[test]
fn real_census_enduse_reproduces_committed_rows_and_the_pack() -> anyhow::Result<()> {
    let Some(reference) = reference() else {
        return Ok(());
    };
    let s = Scratch::new("real-enduse");
    let data = reproduce(
        &s,
        ImportKind::CensusEnduse,
        &reference.join("raw/census_enduse_imports.xlsx"),
    )?;
    let rows = rows_of(&data, ENDUSE_ID);
    let sum = |year: &str, partner: &str, keep: &dyn Fn(&str) -> bool| -> f64 {
        find(&rows, &[("year", year), ("partner", partner)])
            .iter()
            .filter(|r| keep(&r["enduse_code"]))
            .map(|r| num(&r["value"]))
            .sum()
    };
    let auto_2016 = sum("2016", "Japan", &|c| c.starts_with('3'));
    assert_eq!(
        format!("{auto_2016:.1}"),
        "54220.8",
        "pack B2: Japan end-use 3, 2016"
    );
    let mut checked = 0;
    for (year, indicator, value) in pack(&reference, "B2_us_japan_auto_trade_enduse.csv") {
        let got = if let Some(code) = indicator.strip_prefix("us_imports_from_japan_enduse_") {
            sum(&year, "Japan", &|c| c == code)
        } else {
            match indicator.as_str() {
                "us_imports_from_japan_automotive_vehicles_parts_engines_enduse3" => {
                    sum(&year, "Japan", &|c| c.starts_with('3'))
                }
                "us_imports_from_japan_total_sum_of_enduse" => sum(&year, "Japan", &|_| true),
                "us_imports_from_world_automotive_enduse3" => {
                    sum(&year, "World Total", &|c| c.starts_with('3'))
                }
                _ => continue,
            }
        };
        assert_eq!(
            format!("{got:.1}"),
            format!("{:.1}", num(&value)),
            "{year} {indicator}"
        );
        checked += 1;
    }
    assert!(checked >= 100, "pack B2 rows checked: {checked}");
    Ok(())
}

#[test]
fn real_dmdc_reproduces_committed_rows_and_the_pack() -> anyhow::Result<()> {
    let Some(reference) = reference() else {
        return Ok(());
    };
    let s = Scratch::new("real-dmdc");
    let data = reproduce(
        &s,
        ImportKind::Dmdc,
        &reference.join("raw/dmdc_troopdata_reports.csv"),
    )?;
    let rows = rows_of(&data, TROOPS_ID);
    let months = [
        ("march", "3"),
        ("june", "6"),
        ("september", "9"),
        ("december", "12"),
    ];
    let mut checked = 0;
    for (year, indicator, value) in pack(&reference, "D1_us_troops_in_japan_dmdc.csv") {
        let (service, month) =
            if let Some(m) = indicator.strip_prefix("us_active_duty_personnel_in_japan_") {
                match months.iter().find(|(name, _)| *name == m) {
                    Some((_, n)) => ("total", *n),
                    None => continue,
                }
            } else if let Some(svc) = indicator.strip_suffix("_in_japan_september") {
                if svc.starts_with("dod_civilians") {
                    continue;
                }
                (svc, "9")
            } else {
                continue;
            };
        let row = one(
            &rows,
            &[("year", &year), ("month", month), ("service", service)],
        );
        assert_eq!(row["personnel"], value, "{year}-{month} {service}");
        checked += 1;
    }
    assert!(checked >= 160, "pack D1 rows checked: {checked}");
    // from 2008 the services add up to the report's total, except in three reports where the
    // published total is 30-34 below the sum (documented in the sidecar's caveats)
    let mut off = Vec::new();
    for total in find(&rows, &[("service", "total")]) {
        let date = total["report_date"].as_str();
        if date < "2008" {
            continue;
        }
        let parts: f64 = find(&rows, &[("report_date", date)])
            .into_iter()
            .filter(|r| r["service"] != "total" && !r["personnel"].is_empty())
            .map(|r| num(&r["personnel"]))
            .sum();
        if parts != num(&total["personnel"]) {
            off.push((date.to_string(), parts - num(&total["personnel"])));
        }
    }
    let expected = [
        ("2021-12-31", 34.0),
        ("2022-03-31", 30.0),
        ("2022-06-30", 32.0),
    ];
    assert_eq!(off, expected.map(|(d, x)| (d.to_string(), x)).to_vec());
    Ok(())
}
