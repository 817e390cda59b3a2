//! The claims ledger beyond Japan: the generic analyses (any US trading partner, any country's
//! military spending, the world total), partners and countries as a person types them, and
//! claims the data cannot check ("not checkable" with the reason, an error only when strict).

use tradedef::analysis::{Category, partner_category_share};
use tradedef::claims::{ClaimCheck, Ledger, MeasureCheck, Verdict, Verdicts};
use tradedef::data::load;
use tradedef::polars::prelude::*;

const HEADER: &str = "[story]\nid = \"test\"\ntitle = \"Test story\"\n";

/// A release of `us_goods_trade_by_partner` holding 2022: the dataset holds several releases of
/// each recent year, and a claim on it names the one it reads.
const PARTNER_VINTAGE: &str = "census-country-2026-07";

/// A claim of `claimed` measured by one analysis with the given `args` (TOML inline table body).
fn claim(id: &str, claimed: f64, analysis: &str, args: &str) -> String {
    format!(
        r#"
[[claims]]
id = "{id}"
quote = "a figure of {claimed}"
claimed = {{ value = {claimed}, unit = "unit" }}

[[claims.measures]]
definition = '{analysis}({args})'
analysis = "{analysis}"
args = {{ {args} }}
"#
    )
}

fn check(claims: &[String]) -> Verdicts {
    Ledger::from_toml_str(&format!("{HEADER}{}", claims.concat()), "test.toml")
        .unwrap()
        .check()
        .unwrap()
}

fn check_err(claims: &[String]) -> String {
    Ledger::from_toml_str(&format!("{HEADER}{}", claims.concat()), "test.toml")
        .unwrap()
        .check()
        .unwrap_err()
        .to_string()
}

/// The single measure of a claim checked alone.
fn measured(analysis: &str, args: &str) -> ClaimCheck {
    let v = check(&[claim("c", 1.0, analysis, args)]);
    v.get("c").unwrap().clone()
}

fn only_measure(c: &ClaimCheck) -> &MeasureCheck {
    assert_eq!(c.measures.len(), 1, "{}", c.id);
    &c.measures[0]
}

/// One cell of a dataset where every `(column, value)` text filter and the `year` match.
fn cell(dataset: &str, year: i32, filters: &[(&str, &str)]) -> Option<f64> {
    let mut predicate = col("year").eq(lit(year));
    for (c, v) in filters {
        predicate = predicate.and(col(*c).eq(lit(*v)));
    }
    let frame = load(dataset)
        .unwrap()
        .lazy()
        .filter(predicate)
        .collect()
        .unwrap();
    assert!(frame.height() <= 1, "{dataset} {year} {filters:?}");
    if frame.height() == 0 {
        return None;
    }
    frame.column("value").unwrap().f64().unwrap().get(0)
}

fn sipri_has(column: &str) -> bool {
    load("sipri_milex")
        .unwrap()
        .meta()
        .columns
        .iter()
        .any(|c| c.name == column)
}

#[test]
fn us_goods_deficit_selects_the_partner_by_census_code() {
    let c = measured(
        "us_goods_deficit",
        &format!("partner = \"South Korea\", year = 2022, vintage = \"{PARTNER_VINTAGE}\""),
    );
    let m = only_measure(&c);
    let rows = &m.inputs[0].rows;
    assert_eq!(rows.dataset, "us_goods_trade_by_partner");
    for part in ["partner_code = 5800", "flow = balance", "year = 2022"] {
        assert!(rows.filter.contains(part), "{part} not in {}", rows.filter);
    }
    assert_eq!(rows.rows.len(), 1);
    let balance = cell(
        "us_goods_trade_by_partner",
        2022,
        &[
            ("partner_code", "5800"),
            ("flow", "balance"),
            ("vintage", PARTNER_VINTAGE),
        ],
    )
    .unwrap();
    assert!((m.measured.unwrap() - (-balance / 1000.0)).abs() < 1e-9);

    // The Census name, the code and other spellings give the same rows.
    for partner in ["Korea, South", "5800", "south korea"] {
        let other = measured(
            "us_goods_deficit",
            &format!("partner = \"{partner}\", year = 2022, vintage = \"{PARTNER_VINTAGE}\""),
        );
        assert_eq!(
            only_measure(&other).inputs[0].rows.rows,
            rows.rows,
            "{partner}"
        );
    }
    let vietnam = measured(
        "us_goods_deficit",
        &format!("partner = \"Viet Nam\", year = 2022, vintage = \"{PARTNER_VINTAGE}\""),
    );
    assert!(
        only_measure(&vietnam).inputs[0]
            .rows
            .filter
            .contains("partner_code = 5520")
    );
}

#[test]
fn us_goods_deficit_reads_japan_vintages_of_us_japan_goods_trade() {
    let c = measured(
        "us_goods_deficit",
        "partner = \"Japan\", year = 2024, vintage = \"census-c5880-page-2026-06\"",
    );
    let m = only_measure(&c);
    assert_eq!(m.inputs[0].rows.dataset, "us_japan_goods_trade");
    let legacy = measured(
        "us_japan_goods_deficit",
        "year = 2024, vintage = \"census-c5880-page-2026-06\"",
    );
    assert_eq!(m.measured, only_measure(&legacy).measured);
    assert!(m.measured.unwrap() > 0.0);
}

#[test]
fn category_share_of_deficit_takes_a_category_or_codes() {
    let by_category = measured(
        "category_share_of_deficit",
        "partner = \"Japan\", year = 2022, category = 3, balance_vintage = \"census-country-xlsx-2023-01\"",
    );
    let m = only_measure(&by_category);
    let imports = m.inputs.iter().find(|i| i.name == "imports").unwrap();
    assert_eq!(imports.rows.dataset, "us_imports_by_enduse");
    assert!(
        imports
            .rows
            .filter
            .contains("enduse_code from 30000 to 39999"),
        "{}",
        imports.rows.filter
    );
    // the deficit as the goods balance analysis computes it: imports − exports of the release
    let goods_imports = m.inputs.iter().find(|i| i.name == "goods_imports").unwrap();
    assert_eq!(goods_imports.rows.dataset, "us_goods_trade_by_partner");
    assert!(
        m.method.contains("(goods_imports - goods_exports)"),
        "{}",
        m.method
    );
    let by_codes = measured(
        "category_share_of_deficit",
        "partner = \"Japan\", year = 2022, codes = [\"30000\", \"30100\", \"30110\", \"30200\", \"30210\", \"30220\", \"30230\"], balance_vintage = \"census-country-xlsx-2023-01\"",
    );
    let share = m.measured.unwrap();
    assert!((share - only_measure(&by_codes).measured.unwrap()).abs() < 1e-9);
    // The name the figure had before (Japan's own series) gives the same figure on the same
    // release of the deficit.
    let legacy = measured(
        "auto_share_of_deficit",
        "year = 2022, basis = \"gross\", balance_vintage = \"census-country-xlsx-2023-01\"",
    );
    assert!((share - only_measure(&legacy).measured.unwrap()).abs() < 1e-6);

    // Net of US exports where the partner has a series of them (Japan's), not elsewhere.
    let net = measured(
        "category_share_of_deficit",
        "partner = \"Japan\", year = 2024, category = 3, basis = \"net\"",
    );
    let gross = measured(
        "category_share_of_deficit",
        "partner = \"Japan\", year = 2024, category = 3",
    );
    let (net, gross) = (only_measure(&net), only_measure(&gross));
    assert!(net.measured.unwrap() < gross.measured.unwrap());
    assert!(
        net.inputs
            .iter()
            .any(|i| i.rows.dataset == "us_auto_exports_to_japan")
    );
    // a category's share is the analysis table's, from the rows it reports
    let table = partner_category_share("Japan", &Category::Autos).unwrap();
    assert_eq!(
        gross.measured.unwrap(),
        table.value_at("year", 2024, "gross_share_pct").unwrap()
    );
    assert!(
        gross
            .method
            .ends_with("= tradedef::analysis::partner_category_share"),
        "{}",
        gross.method
    );
    let e = check_err(&[claim(
        "c",
        1.0,
        "category_share_of_deficit",
        "partner = \"Mexico\", year = 2022, category = 3, basis = \"net\"",
    )]);
    assert!(e.contains("US exports of the category to Mexico"), "{e}");
}

/// The latest SIPRI release in `sipri_milex`: the claims analyses read it when a claim names none.
const LATEST_SIPRI: &str = "sipri-milex-2026-04";

#[test]
fn milex_analyses_read_sipri_rows() {
    let japan = cell(
        "sipri_milex",
        2024,
        &[
            ("country", "Japan"),
            ("measure", "current_usd_millions"),
            ("vintage", LATEST_SIPRI),
        ],
    )
    .unwrap();
    let c = measured("milex", "country = \"Japan\", year = 2024");
    let m = only_measure(&c);
    assert!((m.measured.unwrap() - japan / 1000.0).abs() < 1e-9);
    assert!(
        m.inputs[0]
            .rows
            .filter
            .contains("measure = current_usd_millions")
    );

    let gdp = measured("milex_share_of_gdp", "country = \"Japan\", year = 2024");
    let share = cell(
        "sipri_milex",
        2024,
        &[
            ("country", "Japan"),
            ("measure", "share_of_gdp_pct"),
            ("vintage", LATEST_SIPRI),
        ],
    )
    .unwrap();
    assert_eq!(only_measure(&gdp).measured, Some(share));

    let growth = measured(
        "milex_growth",
        "country = \"Japan\", from = 2023, to = 2024",
    );
    let real = |y| {
        cell(
            "sipri_milex",
            y,
            &[
                ("country", "Japan"),
                ("measure", "constant_usd_millions"),
                ("vintage", LATEST_SIPRI),
            ],
        )
        .unwrap()
    };
    let expected = real(2024) / real(2023) * 100.0 - 100.0;
    assert!((only_measure(&growth).measured.unwrap() - expected).abs() < 1e-9);
    // a release named in the claim: both years from it (constant 2023 US$ in April 2025)
    let april_2025 = measured(
        "milex_growth",
        "country = \"Japan\", from = 2023, to = 2024, vintage = \"sipri-milex-2025-04\"",
    );
    let old = |y| {
        cell(
            "sipri_milex",
            y,
            &[
                ("country", "Japan"),
                ("measure", "constant_usd_millions"),
                ("vintage", "sipri-milex-2025-04"),
            ],
        )
        .unwrap()
    };
    let expected_old = old(2024) / old(2023) * 100.0 - 100.0;
    assert!((only_measure(&april_2025).measured.unwrap() - expected_old).abs() < 1e-9);
    assert!(
        (expected_old - expected).abs() > 0.1,
        "two releases, two answers"
    );

    let e = check_err(&[claim(
        "c",
        1.0,
        "milex_growth",
        "country = \"Japan\", from = 2024, to = 2023",
    )]);
    assert!(e.contains("must be before"), "{e}");
}

#[test]
fn a_country_typed_another_way_resolves_to_sipris_spelling() {
    let korea = |typed: &str| {
        let c = measured("milex", &format!("country = \"{typed}\", year = 2024"));
        let m = only_measure(&c).clone();
        assert_eq!(m.inputs[0].rows.rows.len(), 1, "{typed}");
        m.inputs[0].rows.rows.clone()
    };
    let rows = korea("South Korea");
    assert_eq!(korea("Korea, South"), rows);
    assert_eq!(korea("south korea"), rows);
}

#[test]
fn an_unknown_country_is_an_error_listing_the_closest_names() {
    let e = check_err(&[claim("c", 1.0, "milex", "country = \"Koria\", year = 2024")]);
    assert!(
        e.contains("claim `c`") && e.contains("unknown country `Koria`") && e.contains("Korea"),
        "{e}"
    );
    let e = check_err(&[claim(
        "c",
        1.0,
        "us_goods_deficit",
        "partner = \"Jappan\", year = 2022",
    )]);
    assert!(
        e.contains("unknown partner `Jappan`") && e.contains("Japan"),
        "{e}"
    );
}

#[test]
fn a_claim_outside_the_data_is_not_checkable_and_the_others_are_checked() {
    let deficit = -cell(
        "us_goods_trade_by_partner",
        2022,
        &[
            ("partner_code", "5800"),
            ("flow", "balance"),
            ("vintage", PARTNER_VINTAGE),
        ],
    )
    .unwrap()
        / 1000.0;
    let text = format!(
        "{HEADER}{}{}{}",
        claim(
            "korea-2022",
            deficit,
            "us_goods_deficit",
            &format!("partner = \"South Korea\", year = 2022, vintage = \"{PARTNER_VINTAGE}\"")
        ),
        claim(
            "korea-1900",
            1.0,
            "us_goods_deficit",
            "partner = \"South Korea\", year = 1900"
        ),
        claim(
            "world-2031",
            1.0,
            "milex",
            "country = \"World\", year = 2031"
        ),
    );
    let ledger = Ledger::from_toml_str(&text, "outside.toml").unwrap();
    let v = ledger.check().unwrap();
    assert_eq!(v.get("korea-2022").unwrap().verdict, Verdict::Accurate);
    let old = v.get("korea-1900").unwrap();
    assert_eq!(old.verdict, Verdict::NotCheckable);
    let reason = old.reason.as_deref().unwrap();
    assert!(
        reason.contains("year = 1900") && reason.contains("1985") && reason.contains("2025"),
        "the reason says what was asked and which years the data hold: {reason}"
    );
    let world = v.get("world-2031").unwrap();
    assert_eq!(world.verdict, Verdict::NotCheckable);
    assert!(world.reason.as_deref().unwrap().contains("sipri_milex"));

    let e = ledger.check_strict().unwrap_err().to_string();
    assert!(
        e.contains("outside.toml")
            && e.contains("2 claims are not checkable")
            && e.contains("claim `korea-1900`")
            && e.contains("claim `world-2031`")
            && !e.contains("claim `korea-2022`"),
        "{e}"
    );
}

#[test]
fn a_country_the_data_do_not_hold_is_not_checkable_with_the_names_they_hold() {
    let c = measured("milex", "country = \"Ukraine\", year = 2024");
    if c.verdict == Verdict::NotCheckable {
        // sipri_milex holds a selection of countries: the reason lists what it holds.
        let reason = c.reason.as_deref().unwrap();
        assert!(
            reason.contains("country = Ukraine") && reason.contains("`country` has"),
            "{reason}"
        );
    } else {
        // The full release holds Ukraine.
        assert_eq!(only_measure(&c).inputs[0].rows.rows.len(), 1);
    }
}

#[test]
fn milex_rank_counts_the_countries_spending_at_least_as_much() {
    let c = measured("milex_rank", "country = \"United States\", year = 2024");
    let m = only_measure(&c);
    if sipri_has("kind") {
        assert_eq!(m.measured, Some(1.0));
        let rows = &m.inputs[0].rows;
        assert!(rows.filter.contains("kind = country"), "{}", rows.filter);
        assert_eq!(rows.rows.len(), 1, "only the United States spends as much");
        let japan = measured("milex_rank", "country = \"Japan\", year = 2024");
        let rank = only_measure(&japan).measured.unwrap();
        assert!(rank > 1.0 && rank < 20.0, "{rank}");
    } else {
        assert_eq!(c.verdict, Verdict::NotCheckable);
        let reason = c.reason.as_deref().unwrap();
        assert!(
            reason.contains("`kind`") && reason.contains("rank"),
            "{reason}"
        );
        assert_eq!(
            m.inputs[0].rows.rows.len(),
            1,
            "the country's own row is shown"
        );
    }
    let e = check_err(&[claim(
        "c",
        1.0,
        "milex_rank",
        "country = \"World\", year = 2024",
    )]);
    assert!(e.contains("rank is among countries"), "{e}");
}

#[test]
fn milex_share_of_world_divides_by_the_world_total() {
    let c = measured(
        "milex_share_of_world",
        "country = \"United States\", year = 2024",
    );
    let m = only_measure(&c);
    let world = m.inputs.iter().find(|i| i.name == "world").unwrap();
    assert!(
        world.rows.filter.contains("country = World"),
        "{}",
        world.rows.filter
    );
    match world.value {
        Some(total) => {
            let us = m.inputs.iter().find(|i| i.name == "country").unwrap();
            let share = m.measured.unwrap();
            assert!((share - us.value.unwrap() / total * 100.0).abs() < 1e-9);
            assert!(share > 20.0 && share < 60.0, "{share}");
        }
        None => {
            assert_eq!(c.verdict, Verdict::NotCheckable);
            assert!(c.reason.as_deref().unwrap().contains("input `world`"));
        }
    }
}

#[test]
fn the_world_milex_story_gets_a_verdict_for_every_claim() {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../data/claims/world-milex-2024.toml");
    let ledger = Ledger::from_file(&path).unwrap();
    assert_eq!(
        Ledger::embedded("world-milex-2024").unwrap().file().claims,
        ledger.file().claims
    );
    let v = ledger.check().unwrap();
    assert!((6..=12).contains(&v.checks.len()));
    for c in &v.checks {
        if c.verdict == Verdict::NotCheckable {
            assert!(
                c.reason.as_deref().is_some_and(|r| !r.is_empty()),
                "{}",
                c.id
            );
        } else {
            assert!(
                !c.rows_text().is_empty() && !c.source_line().is_empty(),
                "{}",
                c.id
            );
        }
    }
    // Figures the current data hold: the US, China, Russia and Germany in 2024.
    for id in [
        "china-spending-2024",
        "russia-spending-2024",
        "germany-spending-2024",
    ] {
        let c = v.get(id).unwrap();
        assert!(
            matches!(c.verdict, Verdict::Accurate | Verdict::RoughlyRight),
            "{id}: {}",
            c.verdict
        );
    }
    assert_eq!(
        v.get("nato-total-2024").unwrap().verdict,
        Verdict::NotCheckable
    );
}

#[test]
fn a_partners_own_figures_are_found_through_its_sidecars_and_a_partner_without_them_is_a_gap() {
    // Japan's budget: its own series (declared in japan_defense_budget's sidecar), converted at
    // the Fed's annual yen rate (fx_annual, the rates of `CurrencyRates`)
    let japan = measured(
        "defence_budget_usd",
        "partner = \"Japan\", fiscal_year = 2025, rate_year = 2024",
    );
    let m = only_measure(&japan);
    let datasets: Vec<&str> = m.inputs.iter().map(|i| i.rows.dataset.as_str()).collect();
    assert_eq!(datasets, ["japan_defense_budget", "fx_annual"]);
    let yen = tradedef::analysis::CurrencyRates::of("Japan")
        .unwrap()
        .units_per_usd(2024)
        .unwrap();
    assert_eq!(m.inputs[1].value, Some(yen));
    // Mexico has no budget series: not checkable, with the partners that have one
    let mexico = measured(
        "defence_budget_usd",
        "partner = \"Mexico\", fiscal_year = 2025, rate_year = 2024",
    );
    assert_eq!(mexico.verdict, Verdict::NotCheckable);
    let why = only_measure(&mexico).unavailable.clone().unwrap();
    assert!(
        why.contains("Mexico") && why.contains("partners with one: Japan"),
        "{why}"
    );
    // a tariff's cost on any partner's goods
    let korea = measured(
        "tariff_cost",
        "partner = \"South Korea\", rate_pct = 25, year = 2024",
    );
    let k = only_measure(&korea);
    assert!(k.measured.unwrap() > 5.0, "{:?}", k.measured);
    assert!(
        k.inputs[0].rows.filter.contains("5800"),
        "{}",
        k.inputs[0].rows.filter
    );
}
