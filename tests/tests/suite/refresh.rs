//! A refresh end to end (data/README.md, "Refreshing a dataset"): importing a release of the
//! Census c5880 page into a scratch copy of `us_japan_goods_trade` keeps the other releases as
//! their own vintages; and `tradedef data status` judges freshness on the date asked.

use tradedef::data::import::{ImportKind, ImportOptions, import};
use tradedef_tests::scratch::{Scratch, read_csv_rows, repo_root};

const ID: &str = "us_japan_goods_trade";

fn fixture() -> std::path::PathBuf {
    repo_root().join("tests/fixtures/census_page/A1_excerpt.csv")
}

fn rows_of(dir: &std::path::Path, vintage: &str) -> Vec<Vec<String>> {
    let (header, rows) = read_csv_rows(&dir.join(format!("{ID}.csv")));
    let v = header.iter().position(|h| h == "vintage").unwrap();
    rows.into_iter().filter(|r| r[v] == vintage).collect()
}

#[test]
fn a_new_release_is_imported_beside_the_old_ones() {
    let s = Scratch::new("refresh");
    let dir = s.copy_data("data", &[ID], true);
    let before_xlsx = rows_of(&dir, "census-country-xlsx-2023-01");
    // an earlier release named explicitly: its rows are replaced by the file's (2022-2024 in the
    // excerpt), every other vintage stays
    let kind: ImportKind = "census-page".parse().unwrap();
    let earlier = import(
        kind,
        fixture(),
        &ImportOptions::new()
            .data_dir(&dir)
            .vintage("census-c5880-page-2026-03"),
    )
    .unwrap();
    let d = &earlier.datasets[0];
    assert_eq!(d.rows_imported, 9, "{earlier}");
    assert_eq!(d.years, Some((2022, 2024)));
    assert_eq!(d.rows_by_vintage["census-c5880-page-2026-06"], 9);
    assert_eq!(rows_of(&dir, "census-country-xlsx-2023-01"), before_xlsx);
    // the 2023 balance of that page is withheld with the reason, the two flows kept
    let withheld: Vec<_> = rows_of(&dir, "census-c5880-page-2026-03")
        .into_iter()
        .filter(|r| r[0] == "2023" && r[2] == "balance")
        .collect();
    assert_eq!(withheld.len(), 1);
    assert_eq!(withheld[0][3], "", "no value");
    assert!(withheld[0][7].starts_with("withheld"), "{:?}", withheld[0]);
    // the latest release in the file by default
    let latest = import(kind, fixture(), &ImportOptions::new().data_dir(&dir)).unwrap();
    assert_eq!(latest.vintage, "census-c5880-page-2026-06");
    assert_eq!(latest.datasets[0].rows_replaced, 9);
    assert_eq!(
        latest.datasets[0].rows_by_vintage["census-c5880-page-2026-03"],
        9
    );
    // a release the file does not hold is an error naming those it holds
    let err = import(
        kind,
        fixture(),
        &ImportOptions::new()
            .data_dir(&dir)
            .vintage("census-c5880-page-2027-01"),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("census-c5880-page-2026-03"), "{err}");
    // the scratch copy validates as the dataset
    tradedef::data::load_file(dir.join(format!("{ID}.csv"))).unwrap();
}

#[test]
#[ignore = "needs ../shared/reference/pack/A1_us_japan_goods_trade.csv"]
fn the_reference_pack_file_reproduces_the_stored_page_rows() {
    let file = std::path::Path::new("/work/shared/reference/pack/A1_us_japan_goods_trade.csv");
    assert!(file.is_file(), "missing {}", file.display());
    let s = Scratch::new("refresh-pack");
    let dir = s.copy_data("data", &[ID], true);
    let stored = std::fs::read(dir.join(format!("{ID}.csv"))).unwrap();
    for v in ["census-c5880-page-2026-03", "census-c5880-page-2026-06"] {
        import(
            ImportKind::CensusPage,
            file,
            &ImportOptions::new().data_dir(&dir).vintage(v),
        )
        .unwrap();
    }
    assert_eq!(
        std::fs::read(dir.join(format!("{ID}.csv"))).unwrap(),
        stored
    );
}

#[test]
fn status_judges_freshness_on_the_date_asked() {
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let late = tradedef::data::status(day("2026-11-30")).unwrap();
    let early = tradedef::data::status(day("2020-01-01")).unwrap();
    assert_eq!(late.len(), tradedef::data::catalog().len());
    let overdue = |all: &[tradedef::data::DatasetStatus]| all.iter().filter(|s| s.overdue).count();
    assert!(overdue(&late) > overdue(&early));
    let japan = late.iter().find(|s| s.id == ID).unwrap();
    // the newest month held: August 2026, from the JSON transcription's later snapshot
    assert_eq!(japan.last_period, "2026-08");
    assert_eq!(japan.release, "census-country-2026-08");
    assert!(japan.import.as_deref().unwrap().contains("census-page"));
    let tariffs = late.iter().find(|s| s.id == "tariff_events").unwrap();
    assert!(tariffs.next_release.is_none() && !tariffs.overdue);
}
