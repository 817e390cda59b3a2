//! The pairing rule for ratios of two datasets (data/README.md, "Pairing releases"): the auto
//! share of the deficit divides end-use imports by the balance of the same release, and the
//! notebook's table (notebook 02, report exhibit) and the fact-check (data/claims, notebook 06)
//! give the same figure from the same rows.

use tradedef::analysis::release_of;
use tradedef::claims::Ledger;
use tradedef::prelude::*;
use tradedef::study::japan_2025::auto_share_table;

const ENDUSE: &str = "us_imports_by_enduse";
const JAPAN: &str = "us_japan_goods_trade";

/// The vintage named in a claims input's row keys (`… vintage=TAG …`).
fn vintage_of_keys(keys: &[String]) -> String {
    let tags: std::collections::BTreeSet<&str> = keys
        .iter()
        .flat_map(|k| k.split(' '))
        .filter_map(|part| part.strip_prefix("vintage="))
        .collect();
    assert_eq!(tags.len(), 1, "one vintage per input: {keys:?}");
    tags.into_iter().next().unwrap().to_string()
}

fn text_at(t: &Table, year: i64, column: &str) -> String {
    let years = t.ints("year").unwrap();
    let i = years.iter().position(|y| *y == Some(year)).unwrap();
    t.texts(column).unwrap()[i].clone().unwrap()
}

#[test]
fn notebook_and_fact_check_give_one_auto_share_from_one_release() {
    let table = auto_share_table().unwrap();
    let checked = Ledger::embedded("japan-dilemma-2025")
        .unwrap()
        .check()
        .unwrap();
    let claim = checked.get("autos-share-of-deficit").unwrap();
    let by_year_and_basis = [
        (2024, "net_share_pct", 0),
        (2024, "gross_share_pct", 1),
        (2021, "net_share_pct", 2),
    ];
    for (year, column, m) in by_year_and_basis {
        let measure = &claim.measures[m];
        assert!(
            measure.definition.contains(&year.to_string()),
            "{}",
            measure.definition
        );
        let shown = table.value_at("year", year, column).unwrap();
        let checked = measure.measured.unwrap();
        // one implementation: the fact-check's figure is the table's, from the rows it reports
        assert_eq!(shown, checked, "{year} {column}");
        assert!(
            measure
                .method
                .ends_with("= tradedef::analysis::partner_category_share"),
            "{}",
            measure.method
        );
        let input = |name: &str| {
            measure
                .inputs
                .iter()
                .find(|i| i.name == name)
                .unwrap_or_else(|| panic!("input {name} of {}", measure.definition))
        };
        let balance_vintage = vintage_of_keys(&input("goods_imports").rows.keys);
        assert_eq!(
            balance_vintage,
            vintage_of_keys(&input("goods_exports").rows.keys)
        );
        let imports_vintage = vintage_of_keys(&input("imports").rows.keys);
        assert_eq!(
            balance_vintage,
            text_at(&table, year, "balance_vintage"),
            "{year}"
        );
        assert_eq!(
            imports_vintage,
            text_at(&table, year, "imports_vintage"),
            "{year}"
        );
        // one release on both sides
        let release = release_of(ENDUSE, &imports_vintage).expect("imports release");
        assert_eq!(release_of(JAPAN, &balance_vintage), Some(release), "{year}");
    }
}

#[test]
fn the_auto_share_pairs_releases_in_every_year_a_release_holds_both() {
    let table = auto_share_table().unwrap();
    let years: Vec<i64> = table.ints("year").unwrap().into_iter().flatten().collect();
    let unmatched: Vec<i64> = years
        .iter()
        .copied()
        .filter(|&y| {
            let imports = release_of(ENDUSE, &text_at(&table, y, "imports_vintage"));
            let balance = release_of(JAPAN, &text_at(&table, y, "balance_vintage")).or_else(|| {
                release_of(
                    "us_goods_trade_by_partner",
                    &text_at(&table, y, "balance_vintage"),
                )
            });
            imports.is_none() || imports != balance
        })
        .collect();
    // the release after the June 2025 revision holds the balance for 2021-2024 (c5880 page as
    // displayed Feb-Mar 2026) but not 2016-2020 nor 2025
    assert_eq!(unmatched, [2016, 2017, 2018, 2019, 2020, 2025]);
    let note = table
        .notes()
        .iter()
        .find(|n| n.starts_with("no release holds both"))
        .expect("a note names the unmatched years");
    for y in &unmatched {
        assert!(note.contains(&y.to_string()), "{note}");
    }
    for y in 2021..=2024 {
        assert!(!note.contains(&y.to_string()), "{y} is matched: {note}");
    }
}

#[test]
fn a_named_balance_vintage_overrides_the_rule_in_the_fact_check() {
    let file = r#"
[story]
id = "t"
title = "t"

[[claims]]
id = "c"
quote = "q"
claimed = { value = 80, unit = "percent" }

[[claims.measures]]
definition = "gross, June 2026 balance"
analysis = "auto_share_of_deficit"
args = { year = 2024, basis = "gross", balance_vintage = "census-c5880-page-2026-06" }
"#;
    let checked = Ledger::from_toml_str(file, "t.toml")
        .unwrap()
        .check()
        .unwrap();
    let m = &checked.get("c").unwrap().measures[0];
    let balance = m.inputs.iter().find(|i| i.name == "goods_imports").unwrap();
    assert_eq!(
        vintage_of_keys(&balance.rows.keys),
        "census-c5880-page-2026-06"
    );
    // a release the table did not pair: the rows give the figure, no table claims it
    assert!(!m.method.contains("partner_category_share"), "{}", m.method);
    let paired = auto_share_table()
        .unwrap()
        .value_at("year", 2024, "gross_share_pct")
        .unwrap();
    assert!(
        m.measured.unwrap() > paired + 1.0,
        "the later balance is smaller"
    );
}

#[test]
fn the_composition_and_the_category_share_divide_by_one_deficit() {
    use tradedef::analysis::{Category, import_composition, partner_category_share};
    for (partner, year) in [
        ("Japan", 2024),
        ("Japan", 2025),
        ("Mexico", 2022),
        ("South Korea", 2024),
    ] {
        let composition = import_composition(partner, year).unwrap();
        let autos = composition
            .value_where("category", "3", "gross_share_of_deficit_pct")
            .unwrap();
        let share = partner_category_share(partner, &Category::Autos)
            .unwrap()
            .value_at("year", year, "gross_share_pct")
            .unwrap();
        assert!(
            (autos - share).abs() <= 1e-9 * share.abs(),
            "{partner} {year}: composition {autos} vs category share {share}"
        );
    }
}
