//! Census's country workbook: the Japan and partner goods trade, and the errors that name the
//! sheet, cell, row and value.

use std::path::{Path, PathBuf};

use tradedef::data::import::{ImportKind, ImportOptions, ImportSummary, import};
use tradedef::data::load_file;
use tradedef_tests::publisher_files::{Cell, CountryRow, CountryWorkbook};
use tradedef_tests::scratch::Scratch;

use super::*;

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
    // the rows of other vintages (the c5880 page, later country.xlsx files and transcriptions)
    let other_rows_before: Vec<_> = rows_of(data, JAPAN_ID)
        .into_iter()
        .filter(|r| r["vintage"] != "census-country-xlsx-2023-01")
        .collect();
    assert!(
        other_rows_before
            .iter()
            .any(|r| r["vintage"].starts_with("census-c5880-page"))
    );

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
    assert_eq!(japan_summary.rows_kept, other_rows_before.len());

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
    // the rows of other vintages are untouched
    let other_rows_after: Vec<_> = japan
        .iter()
        .filter(|r| r["vintage"] != v)
        .cloned()
        .collect();
    assert_eq!(other_rows_after, other_rows_before);

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
        let want = [
            ("year", year),
            ("partner_code", code),
            ("flow", flow),
            ("vintage", v),
        ];
        assert_eq!(one(&partners, &want)[column], value, "{want:?}");
    }
    assert!(find(&partners, &[("year", "2023"), ("vintage", v)]).is_empty());
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
            .contains(
                "available (closest first): census-country, census-country-json, census-enduse"
            )
    );
    Ok(())
}
