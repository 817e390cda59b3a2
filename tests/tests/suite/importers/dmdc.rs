//! DMDC's troop reports.

use tradedef::data::import::{ImportKind, ImportOptions, import};
use tradedef::data::load_file;
use tradedef_tests::publisher_files::{DMDC_HEADER, dmdc_line};
use tradedef_tests::scratch::Scratch;

use super::*;

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
