//! Census's end-use imports workbook.

use tradedef::data::import::{ImportKind, ImportOptions, import};
use tradedef::data::load_file;
use tradedef_tests::publisher_files::{Cell, EnduseRow, EnduseWorkbook};
use tradedef_tests::scratch::Scratch;

use super::*;

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
