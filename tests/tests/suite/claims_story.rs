//! The analyses stories use, checked against figures recomputed from the publishers' files:
//! the sentences of a news report of the 2022 trade figures, each written as one named analysis
//! (`trade_change`, `trade_growth`, `trade_share`, `trade_rank`, `category_change_rank`,
//! `trade_value` for the year to date, `trade_record`), measured on the April 2025 release of
//! Census's country.xlsx and on the end-use workbook, and recomputed here from those workbooks
//! with calamine. Then the claim forms: bounds, a direction, a range, rounding.

use std::collections::BTreeMap;
use std::path::PathBuf;

use calamine::{Data, Reader, Xlsx, open_workbook};
use tradedef::claims::{Ledger, Verdict, Verdicts};
use tradedef::data::load;

fn raw(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/reference/raw")
        .join(file)
}

/// The release of `us_goods_trade_by_partner` read from `census_country_2025-04.xlsx`.
const RELEASE: &str = "census-country-xlsx-2025-02";

/// The rows of a workbook's sheet as maps from header to cell.
fn sheet(file: &str, name: &str) -> Vec<BTreeMap<String, Data>> {
    let path = raw(file);
    let mut book: Xlsx<_> = open_workbook(&path)
        .unwrap_or_else(|e| panic!("{} (the publisher's file): {e}", path.display()));
    let range = book.worksheet_range(name).unwrap();
    let mut rows = range.rows();
    let header: Vec<String> = rows
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string().trim().to_string())
        .collect();
    rows.map(|r| header.iter().cloned().zip(r.iter().cloned()).collect())
        .collect()
}

fn number(cell: &Data) -> f64 {
    match cell {
        Data::Float(x) => *x,
        Data::Int(i) => *i as f64,
        Data::String(s) => s.trim().parse().unwrap_or_else(|_| panic!("{s:?}")),
        other => panic!("{other:?}"),
    }
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Float(x) => format!("{x}"),
        other => other.to_string().trim().to_string(),
    }
}

/// Census country.xlsx: (year, code) → (exports, imports) in USD millions for a column pair
/// (`EYR`/`IYR` for the year; `EJAN`/`IJAN` … for a month).
struct Country(Vec<BTreeMap<String, Data>>);

impl Country {
    fn load() -> Self {
        Country(sheet("2026-12/census_country_2025-04.xlsx", "country"))
    }
    fn cell(&self, year: i64, code: &str, column: &str) -> f64 {
        let row = self
            .0
            .iter()
            .find(|r| number(&r["year"]) as i64 == year && cell_text(&r["CTY_CODE"]) == code)
            .unwrap_or_else(|| panic!("{year} {code}"));
        number(&row[column])
    }
    fn deficit(&self, year: i64, code: &str) -> f64 {
        self.cell(year, code, "IYR") - self.cell(year, code, "EYR")
    }
}

fn check(text: &str) -> Verdicts {
    Ledger::from_toml_str(text, "story.toml")
        .unwrap()
        .check()
        .unwrap()
}

/// One claim with one analysis, its figure `claimed`, read on `RELEASE` unless `args` pin one.
fn claim(id: &str, claimed: &str, analysis: &str, args: &str) -> String {
    format!(
        r#"
[[claims]]
id = "{id}"
quote = "{id}"
claimed = {claimed}

[[claims.measures]]
definition = "{analysis}"
analysis = "{analysis}"
args = {args}
"#
    )
}

fn measured(v: &Verdicts, id: &str) -> f64 {
    v.get(id)
        .unwrap()
        .measured()
        .unwrap_or_else(|| panic!("{id}: {}", v.get(id).unwrap().explanation()))
}

/// Equal up to the dataset's rounding: it stores USD millions to one decimal, as Census
/// publishes them, where the workbook's cells may carry more digits (a relative 1e-6 for shares
/// and growth rates, 0.2 million for dollar figures in billions).
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 2e-4_f64.max(1e-6 * b.abs())
}

#[test]
fn the_sentences_of_a_trade_story_are_named_analyses_that_agree_with_the_workbook() {
    let book = Country::load();
    let r = format!("vintage = \"{RELEASE}\"");
    let file = [
        "[story]\nid = \"trade-2022\"\ntitle = \"The 2022 trade figures\"\n".to_string(),
        claim(
            "china-climbed",
            "{ value = 29.4, unit = \"USD billions\", direction = \"rise\" }",
            "trade_change",
            &format!("{{ partner = \"China\", flow = \"deficit\", from = 2021, to = 2022, {r} }}"),
        ),
        claim(
            "deficit-jumped",
            "{ value = 9.3, unit = \"percent\", direction = \"rise\" }",
            "trade_growth",
            &format!("{{ partner = \"World\", flow = \"deficit\", from = 2021, to = 2022, {r} }}"),
        ),
        claim(
            "imports-up",
            "{ value = 14.9, unit = \"percent\", direction = \"rise\" }",
            "trade_growth",
            &format!("{{ partner = \"World\", flow = \"imports\", from = 2021, to = 2022, {r} }}"),
        ),
        claim(
            "a-third",
            "{ value = 33.3, unit = \"percent\", bound = \"more_than\" }",
            "trade_share",
            &format!("{{ partner = \"China\", flow = \"deficit\", year = 2022, {r} }}"),
        ),
        claim(
            "largest",
            "{ value = 1, unit = \"rank\" }",
            "trade_rank",
            &format!("{{ partner = \"China\", flow = \"deficit\", year = 2022, {r} }}"),
        ),
        claim(
            "eu-rank-all",
            "{ value = 1, unit = \"rank\" }",
            "trade_rank",
            &format!(
                "{{ partner = \"European Union\", flow = \"deficit\", year = 2022, set = \"all\", {r} }}"
            ),
        ),
        claim(
            "ytd",
            "{ value = 30, unit = \"USD billions\" }",
            "trade_value",
            &format!(
                "{{ partner = \"Mexico\", flow = \"deficit\", year = 2025, through_month = 2, {r} }}"
            ),
        ),
        claim(
            "record",
            "{ value = 0, unit = \"earlier years\" }",
            "trade_record",
            &format!("{{ partner = \"World\", flow = \"deficit\", year = 2022, {r} }}"),
        ),
        claim(
            "industrial-most",
            "{ value = 1, unit = \"rank\" }",
            "category_change_rank",
            "{ partner = \"World\", from = 2021, to = 2022, category = 1 }",
        ),
        claim(
            "crude-oil-led",
            "{ value = 1, unit = \"rank\" }",
            "enduse_change_rank",
            "{ partner = \"World\", from = 2021, to = 2022, code = \"10000\" }",
        ),
    ]
    .concat();
    let v = check(&file);

    // A change between two years, of a partner's deficit.
    let change = (book.deficit(2022, "5700") - book.deficit(2021, "5700")) / 1000.0;
    assert!(
        close(measured(&v, "china-climbed"), change),
        "{} {change}",
        measured(&v, "china-climbed")
    );
    // The growth of the total deficit and of total imports (World, not seasonally adjusted).
    let growth = |a: f64, b: f64| b / a * 100.0 - 100.0;
    assert!(close(
        measured(&v, "deficit-jumped"),
        growth(book.deficit(2021, "0015"), book.deficit(2022, "0015"))
    ));
    assert!(close(
        measured(&v, "imports-up"),
        growth(
            book.cell(2021, "0015", "IYR"),
            book.cell(2022, "0015", "IYR")
        )
    ));
    // A partner's share of the total deficit; "more than a third" is a bound.
    let share = book.deficit(2022, "5700") / book.deficit(2022, "0015") * 100.0;
    assert!(close(measured(&v, "a-third"), share));
    let third = v.get("a-third").unwrap();
    assert_eq!(
        third.verdict,
        if share > 33.3 {
            Verdict::Accurate
        } else if (33.3 - share) / share <= 0.10 {
            Verdict::RoughlyRight
        } else {
            Verdict::Inaccurate
        }
    );
    assert!(third.explanation().contains("more than 33.3 percent"));
    // Ranks: among countries (codes 1000 and up), and among every row with the groupings.
    let deficits: Vec<(String, f64)> = book
        .0
        .iter()
        .filter(|r| number(&r["year"]) as i64 == 2022)
        .map(|r| {
            let code = cell_text(&r["CTY_CODE"]);
            let d = book.deficit(2022, &code);
            (code, d)
        })
        .collect();
    // The rows the dataset holds (the workbook also has non-partner lines, such as advanced
    // technology products), less the world totals.
    let held = load("us_goods_trade_by_partner").unwrap();
    let held: Vec<String> = held
        .frame()
        .column("partner_code")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .flatten()
        .map(str::to_string)
        .filter(|c| c != "0015" && c != "0004")
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let rank_of = |code: &str, countries_only: bool| {
        let own = deficits.iter().find(|(c, _)| c == code).unwrap().1;
        deficits
            .iter()
            .filter(|(c, _)| held.contains(c))
            .filter(|(c, _)| !countries_only || ("1000".."8000").contains(&c.as_str()))
            .filter(|(_, d)| *d >= own)
            .count() as f64
    };
    assert_eq!(measured(&v, "largest"), rank_of("5700", true));
    assert_eq!(v.get("largest").unwrap().verdict, Verdict::Accurate);
    assert_eq!(measured(&v, "eu-rank-all"), rank_of("0003", false));
    // The year to date: January and February 2025, the months this release holds.
    let ytd: f64 = ["JAN", "FEB"]
        .iter()
        .map(|m| {
            book.cell(2025, "2010", &format!("I{m}")) - book.cell(2025, "2010", &format!("E{m}"))
        })
        .sum::<f64>()
        / 1000.0;
    assert!(close(measured(&v, "ytd"), ytd));
    // A record: the earlier years with a deficit at least as large.
    let own = book.deficit(2022, "0015");
    let earlier = book
        .0
        .iter()
        .filter(|r| cell_text(&r["CTY_CODE"]) == "0015")
        .map(|r| number(&r["year"]) as i64)
        .filter(|y| *y < 2022)
        .filter(|y| book.deficit(*y, "0015") >= own)
        .count() as f64;
    assert_eq!(measured(&v, "record"), earlier);

    // The end-use category whose imports rose most, from the end-use workbook (dollars).
    let enduse = sheet("census_enduse_imports.xlsx", "EnduseImp");
    let change_of = |category: char| {
        let sum = |column: &str| -> f64 {
            enduse
                .iter()
                .filter(|r| cell_text(&r["CTY_CODE"]) == "0000")
                .filter(|r| cell_text(&r["END_USE"]).starts_with(category))
                .map(|r| number(&r[column]))
                .sum()
        };
        sum("value_22") - sum("value_21")
    };
    let changes: Vec<f64> = "012345".chars().map(change_of).collect();
    let rank = 1 + changes.iter().filter(|c| **c > changes[1]).count();
    assert_eq!(measured(&v, "industrial-most"), rank as f64);
    // "Led by crude oil": end-use code 10000 among the codes of category 1.
    let code_change = |code: &str| {
        let of = |column: &str| -> Option<f64> {
            enduse
                .iter()
                .find(|r| cell_text(&r["CTY_CODE"]) == "0000" && cell_text(&r["END_USE"]) == code)
                .map(|r| number(&r[column]))
        };
        Some(of("value_22")? - of("value_21")?)
    };
    let codes: std::collections::BTreeSet<String> = enduse
        .iter()
        .filter(|r| cell_text(&r["CTY_CODE"]) == "0000")
        .map(|r| cell_text(&r["END_USE"]))
        .filter(|c| c.starts_with('1'))
        .collect();
    let crude = code_change("10000").unwrap();
    let above = codes
        .iter()
        .filter_map(|c| code_change(c))
        .filter(|x| *x > crude)
        .count();
    assert_eq!(measured(&v, "crude-oil-led"), (1 + above) as f64);
}

#[test]
fn the_world_and_the_groupings_resolve_for_trade() {
    let text = [
        "[story]\nid = \"names\"\ntitle = \"Names\"\n".to_string(),
        claim(
            "world",
            "{ value = 1, unit = \"USD billions\" }",
            "trade_value",
            "{ partner = \"the world\", flow = \"imports\", year = 2024 }",
        ),
        claim(
            "eu",
            "{ value = 1, unit = \"USD billions\" }",
            "trade_value",
            "{ partner = \"European Union\", flow = \"exports\", year = 2024 }",
        ),
        claim(
            "grouping-among-countries",
            "{ value = 1, unit = \"rank\" }",
            "trade_value",
            "{ partner = \"South and Central America\", flow = \"exports\", year = 2024 }",
        ),
    ]
    .concat();
    let v = check(&text);
    for id in ["world", "eu", "grouping-among-countries"] {
        let rows = v.get(id).unwrap().rows_text();
        assert!(v.get(id).unwrap().measured().is_some(), "{id}: {rows}");
    }
    assert!(v.get("world").unwrap().rows_text().contains("0015"));
    // A grouping ranked among countries is an error that says how to rank it.
    let e = Ledger::from_toml_str(
        &[
            "[story]\nid = \"x\"\ntitle = \"x\"\n".to_string(),
            claim(
                "eu-rank",
                "{ value = 1, unit = \"rank\" }",
                "trade_rank",
                "{ partner = \"European Union\", flow = \"deficit\", year = 2024 }",
            ),
        ]
        .concat(),
        "x.toml",
    )
    .unwrap()
    .check()
    .unwrap_err()
    .to_string();
    assert!(e.contains("grouping") && e.contains("set = \"all\""), "{e}");
}

#[test]
fn rows_from_several_releases_follow_the_rule_of_the_story_date() {
    let file =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/claims/several_releases.toml");
    let latest = Ledger::from_file(&file).unwrap().check().unwrap();
    let rows = latest.get("deficit-2024").unwrap().rows_text();
    assert!(rows.contains("(the latest release, of "), "{rows}");
}

#[test]
fn a_record_in_a_year_no_release_holds_is_not_checkable_not_an_error() {
    let file = [
        "[story]\nid = \"later\"\ntitle = \"Later\"\n".to_string(),
        claim(
            "record-2031",
            "{ value = 0, unit = \"earlier years as high\" }",
            "trade_record",
            "{ partner = \"Mexico\", flow = \"deficit\", year = 2031 }",
        ),
    ]
    .concat();
    let v = check(&file);
    let c = v.get("record-2031").unwrap();
    assert_eq!(c.verdict, Verdict::NotCheckable);
    assert!(
        c.explanation().contains("holds 2031"),
        "{}",
        c.explanation()
    );
}
