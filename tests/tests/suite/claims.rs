//! The claims ledger: every verdict kind, multi-definition claims, the story's claims file, and
//! malformed claims files (each error asserted on its message).

use std::path::PathBuf;

use tradedef::claims::{ClaimsFile, Ledger, Role, Verdict};
use tradedef::data::load;
use tradedef::polars::prelude::*;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/claims")
        .join(name)
}

/// A cell of `us_japan_goods_trade` (annual total, March 2023 file), in USD billions.
fn goods(flow: &str, year: i32) -> f64 {
    let frame = load("us_japan_goods_trade")
        .unwrap()
        .lazy()
        .filter(
            col("flow")
                .eq(lit(flow))
                .and(col("year").eq(lit(year)))
                .and(col("month").is_null())
                .and(col("vintage").eq(lit("census-country-xlsx-2023-01"))),
        )
        .collect()
        .unwrap();
    assert_eq!(frame.height(), 1, "{flow} {year}");
    frame
        .column("value")
        .unwrap()
        .f64()
        .unwrap()
        .get(0)
        .unwrap()
        / 1000.0
}

const HEADER: &str = "[story]\nid = \"test\"\ntitle = \"Test story\"\npublished = \"2025-05-01\"\n";

/// The US goods balance with a partner (Census code) in a year, as one release gives it, USD
/// billions.
fn balance_in(code: &str, year: i32, vintage: &str) -> f64 {
    let frame = load("us_goods_trade_by_partner")
        .unwrap()
        .lazy()
        .filter(
            col("partner_code")
                .eq(lit(code))
                .and(col("flow").eq(lit("balance")))
                .and(col("year").eq(lit(year)))
                .and(col("vintage").eq(lit(vintage))),
        )
        .collect()
        .unwrap();
    assert_eq!(frame.height(), 1, "{code} {year} {vintage}");
    frame
        .column("value")
        .unwrap()
        .f64()
        .unwrap()
        .get(0)
        .unwrap()
        / 1000.0
}

/// A claim of `claimed` USD billions measured as the 2022 deficit (headline), plus extra measures.
fn deficit_claim(id: &str, claimed: f64, extra: &str) -> String {
    format!(
        r#"
[[claims]]
id = "{id}"
quote = "a ${claimed:.3} billion deficit"
claimed = {{ value = {claimed}, unit = "USD billions", period = "2022" }}

[[claims.measures]]
definition = "goods deficit, 2022"
dataset = "us_japan_goods_trade"
filter = {{ flow = "balance", year = 2022 }}
vintage = "census-country-xlsx-2023-01"
empty = ["month"]
scale = -0.001
{extra}
"#
    )
}

/// A claim of China's 2022 deficit at the figure first published (`then`), unpinned: the
/// latest release gives `now`; the tolerance is a third of the revision.
fn as_published_claim(then: f64, now: f64) -> String {
    let tight = (then - now).abs() / 3.0;
    format!(
        r#"
[[claims]]
id = "as-published"
quote = "a ${then:.3} billion deficit with China in 2022"
claimed = {{ value = {then}, unit = "USD billions", period = "2022" }}
tolerance = {{ kind = "absolute", accurate = {tight}, roughly_right = {tight} }}

[[claims.measures]]
definition = "goods deficit with China, 2022, any release"
dataset = "us_goods_trade_by_partner"
filter = {{ partner_code = "5700", flow = "balance", year = 2022 }}
scale = -0.001
"#
    )
}

fn measure(definition: &str, role: &str, flow: &str, year: i32, scale: f64) -> String {
    format!(
        r#"
[[claims.measures]]
definition = "{definition}"
role = "{role}"
dataset = "us_japan_goods_trade"
filter = {{ flow = "{flow}", year = {year} }}
vintage = "census-country-xlsx-2023-01"
empty = ["month"]
scale = {scale}
"#
    )
}

fn check(text: &str) -> tradedef::claims::Verdicts {
    Ledger::from_toml_str(text, "test.toml")
        .unwrap()
        .check()
        .unwrap()
}

#[test]
fn every_verdict_kind_follows_from_the_data() {
    let deficit_2022 = goods("balance", 2022).abs();
    let deficit_2021 = goods("balance", 2021).abs();
    let imports_2022 = goods("imports", 2022);
    // China's 2022 deficit as the release current on the story's date (May 2025) gave it, and
    // as revised since (July 2026).
    let then = -balance_in("5700", 2022, "census-country-xlsx-2025-02");
    let now = -balance_in("5700", 2022, "census-country-2026-07");
    assert!(
        (then - now).abs() > 0.01,
        "{then} {now}: the revision moved it"
    );
    let gross = measure(
        "imports (gross), 2022",
        "alternative",
        "imports",
        2022,
        0.001,
    );
    let earlier = measure("goods deficit, 2021", "earlier", "balance", 2021, -0.001);
    let text = [
        HEADER.to_string(),
        deficit_claim("accurate", deficit_2022, ""),
        deficit_claim("roughly", deficit_2022 * 1.06, ""),
        deficit_claim("definition", imports_2022, &gross),
        deficit_claim("outdated", deficit_2021, &earlier),
        deficit_claim(
            "inaccurate",
            deficit_2022 * 1.5,
            &format!("{gross}{earlier}"),
        ),
        r#"
[[claims]]
id = "by-hand"
quote = "polling at 28% approval"
claimed = { value = 28, unit = "percent" }
verdict = "not checkable"
reason = "no polls in these data"

[[claims]]
id = "missing-figure"
quote = "US goods exports of $2.08 trillion"
claimed = { value = 2.08, unit = "USD trillions", period = "2024" }

[[claims.measures]]
definition = "goods exports, BOP basis, 2024, as first published (only rounded in the sources)"
dataset = "us_trade_totals"
filter = { year = 2024, basis = "bop", measure = "goods", flow = "exports" }
vintage = "FT-900 Dec & annual 2024 (released 2025-02-05)"
scale = 0.001
"#
        .to_string(),
        as_published_claim(then, now),
    ]
    .concat();
    let v = check(&text);
    let verdict = |id: &str| v.get(id).unwrap().verdict;
    assert_eq!(verdict("accurate"), Verdict::Accurate);
    assert_eq!(verdict("roughly"), Verdict::RoughlyRight);
    assert_eq!(verdict("definition"), Verdict::RightNumberWrongDefinition);
    assert_eq!(verdict("outdated"), Verdict::Outdated);
    assert_eq!(verdict("inaccurate"), Verdict::Inaccurate);
    assert_eq!(verdict("by-hand"), Verdict::NotCheckable);
    assert_eq!(verdict("missing-figure"), Verdict::NotCheckable);
    assert_eq!(verdict("as-published"), Verdict::AccurateAsPublished);
    assert_eq!(v.counts().len(), Verdict::ALL.len());
    let revised = v.get("as-published").unwrap();
    let said = revised.explanation();
    assert!(
        said.contains("accurate as published")
            && said.contains("the release current on 2025-05-01"),
        "{said}"
    );
    let headline = &revised.measures[0];
    assert!((headline.measured.unwrap() - now).abs() < 1e-9);
    let then_measured = headline.as_published.as_ref().unwrap().measured.unwrap();
    assert!((then_measured - then).abs() < 1e-9);
    let then_rows = &revised.measures[0].as_published.as_ref().unwrap().inputs[0].rows;
    assert!(
        then_rows
            .filter
            .contains("vintage = census-country-xlsx-2025-02"),
        "{}",
        then_rows.filter
    );
    assert!(
        revised.measures[0].inputs[0]
            .rows
            .filter
            .contains("vintage = census-country-2026-07 (the latest release"),
        "{}",
        revised.measures[0].inputs[0].rows.filter
    );

    // The measured value, the differences and the deciding definition are reported.
    let roughly = v.get("roughly").unwrap();
    assert!((roughly.measured().unwrap() - deficit_2022).abs() < 1e-9);
    assert!((roughly.relative_difference().unwrap() - 0.06).abs() < 1e-9);
    assert!((roughly.difference().unwrap() - deficit_2022 * 0.06).abs() < 1e-9);
    assert_eq!(
        v.get("definition").unwrap().definition(),
        Some("imports (gross), 2022")
    );
    assert_eq!(
        v.get("outdated").unwrap().deciding_measure().unwrap().role,
        Role::Earlier
    );
    // An empty cell is not a zero: the publisher's reason is carried into the verdict.
    let missing = v.get("missing-figure").unwrap();
    assert!(missing.measured().is_none());
    assert!(
        missing.reason.as_deref().unwrap().contains("rounded"),
        "{:?}",
        missing.reason
    );
    assert!(
        v.get("by-hand")
            .unwrap()
            .reason
            .as_deref()
            .unwrap()
            .contains("no polls")
    );
}

#[test]
fn results_are_traced_to_rows_and_sources() {
    let v = check(&format!("{HEADER}{}", deficit_claim("d", 68.0, "")));
    let c = v.get("d").unwrap();
    let m = &c.measures[0];
    assert_eq!(m.inputs.len(), 1);
    let rows = &m.inputs[0].rows;
    assert_eq!(rows.dataset, "us_japan_goods_trade");
    assert_eq!(rows.rows.len(), 1);
    assert!(
        rows.keys[0].contains("year=2022") && rows.keys[0].contains("flow=balance"),
        "{:?}",
        rows.keys
    );
    assert!(rows.filter.contains("month empty"), "{}", rows.filter);
    // The row number points at the CSV line (header = row 0).
    let csv = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data/us_japan_goods_trade.csv"),
    )
    .unwrap();
    let line = csv.lines().nth(rows.rows[0]).unwrap();
    assert!(line.starts_with("2022,,balance,"), "{line}");
    let provenance = load("us_japan_goods_trade").unwrap().provenance();
    assert_eq!(c.source_line(), provenance.source_line());
    assert!(c.rows_text().contains("2022"));
}

#[test]
fn a_claim_is_checked_under_several_definitions() {
    let deficit = goods("balance", 2022).abs();
    let imports = goods("imports", 2022);
    // Headline roughly right and an alternative exactly right: the headline decides.
    let exact_alt = r#"
[[claims.measures]]
definition = "deficit plus 5%"
role = "alternative"
value = "-balance / 1000 * 1.05"

[claims.measures.inputs.balance]
dataset = "us_japan_goods_trade"
filter = { flow = "balance", year = 2022 }
vintage = "census-country-xlsx-2023-01"
empty = ["month"]
"#;
    let text = format!(
        "{HEADER}{}{}",
        deficit_claim("headline-decides", deficit * 1.05, exact_alt),
        deficit_claim(
            "alternative-only",
            imports,
            &measure("gross imports", "alternative", "imports", 2022, 0.001)
        ),
    );
    let v = check(&text);
    let c = v.get("headline-decides").unwrap();
    assert_eq!(c.verdict, Verdict::RoughlyRight);
    assert_eq!(c.measures.len(), 2);
    assert!(c.measures[1].relative_difference.unwrap().abs() < 1e-9);
    let c = v.get("alternative-only").unwrap();
    assert_eq!(c.verdict, Verdict::RightNumberWrongDefinition);
    assert!(c.measures[0].relative_difference.unwrap() > 1.0);
}

#[test]
fn the_story_gets_a_traceable_verdict_for_every_claim() {
    let ledger = Ledger::embedded("japan-dilemma-2025").unwrap();
    let from_disk = Ledger::from_file(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data/claims/japan-dilemma-2025.toml"),
    )
    .unwrap();
    assert_eq!(ledger.file().claims, from_disk.file().claims);
    let v = ledger.check().unwrap();
    assert!(v.checks.len() >= 14);
    for c in &v.checks {
        if c.measures.is_empty() {
            assert_eq!(c.verdict, Verdict::NotCheckable, "{}", c.id);
            continue;
        }
        for m in &c.measures {
            assert!(
                !m.inputs.is_empty() && m.inputs.iter().all(|i| !i.rows.rows.is_empty()),
                "{} / {}",
                c.id,
                m.definition
            );
            assert!(!m.provenance.is_empty(), "{}", c.id);
        }
        assert!(
            !c.source_line().is_empty() && !c.all_sources().is_empty(),
            "{}",
            c.id
        );
    }
    // The $1.21tn "global trade gap" is the goods-only deficit: right number, wrong definition.
    let gap = v.get("us-global-deficit-2024").unwrap();
    assert_eq!(gap.verdict, Verdict::RightNumberWrongDefinition);
    assert!(gap.measures[0].measured.unwrap() < gap.measures[1].measured.unwrap());
    // The SoftBank pledge and the approval rating are outside these data.
    assert_eq!(
        v.get("softbank-ai-pledge").unwrap().verdict,
        Verdict::NotCheckable
    );
    assert_eq!(
        v.get("ishiba-approval").unwrap().verdict,
        Verdict::NotCheckable
    );

    // Every view has one entry per claim.
    let frame = v.to_frame().unwrap();
    assert_eq!(frame.height(), v.checks.len());
    let csv = v.to_csv().unwrap();
    assert_eq!(csv.lines().count(), v.checks.len() + 1);
    let json: serde_json::Value = serde_json::from_str(&v.to_json().unwrap()).unwrap();
    assert_eq!(json["checks"].as_array().unwrap().len(), v.checks.len());
    let md = v.to_markdown();
    let table = v.to_string();
    for c in &v.checks {
        assert!(
            md.contains(&format!("`{}`", c.id)) && table.contains(&c.id),
            "{}",
            c.id
        );
    }
}

#[test]
fn a_wrong_claimed_value_changes_the_verdict_not_the_exit() {
    let text = include_str!("../../../data/claims/japan-dilemma-2025.toml").replace(
        "claimed = { value = 9.4, unit",
        "claimed = { value = 19.4, unit",
    );
    let v = Ledger::from_toml_str(&text, "edited.toml")
        .unwrap()
        .check()
        .unwrap();
    assert_eq!(
        v.get("defense-budget-growth-2025").unwrap().verdict,
        Verdict::Inaccurate
    );
}

/// Reads a malformed fixture, expecting the error at parsing or at (strict) checking.
fn error_of(name: &str) -> String {
    match Ledger::from_file(fixture(name)) {
        Err(e) => e.to_string(),
        Ok(ledger) => ledger.check_strict().expect_err(name).to_string(),
    }
}

fn assert_error(name: &str, parts: &[&str]) {
    let message = error_of(name);
    assert!(
        message.contains(name),
        "the error names the file: {message}"
    );
    for p in parts {
        assert!(message.contains(p), "{name}: `{p}` not in: {message}");
    }
}

#[test]
fn malformed_claims_files_get_errors_naming_the_claim_and_what_exists() {
    assert_error(
        "unknown_dataset.toml",
        &[
            "claim `deficit`",
            "measure `goods`",
            "dataset `us_japan_goods` not found",
            "us_japan_goods_trade",
        ],
    );
    assert_error(
        "unknown_column.toml",
        &[
            "claim `deficit`",
            "filter column `flows` is not a column of `us_japan_goods_trade`",
            "columns: year, month, flow",
        ],
    );
    assert_error(
        "unknown_period.toml",
        &[
            "claim `deficit-2031`",
            "no rows of `us_japan_goods_trade` match",
            "`year = 2031` leaves none",
            "1985",
            "2025",
        ],
    );
    assert_error(
        "unknown_analysis.toml",
        &[
            "claim `deficit`",
            "unknown analysis `goods_gap`",
            "us_goods_deficit",
        ],
    );
    assert_error(
        "missing_field.toml",
        &["claim `no-quote`", "missing field `quote`"],
    );
    assert_error("bad_toml.toml", &["not valid TOML"]);
    assert_error(
        "wrong_type.toml",
        &[
            "claim `deficit`",
            "filter `year` = \"2022\" is text",
            "column `year` of `us_japan_goods_trade` holds whole numbers",
        ],
    );
    assert_error(
        "wrong_value_type.toml",
        &["claim `approval`", "invalid type: string \"28\""],
    );
    assert_error(
        "duplicate_id.toml",
        &["claim `approval`", "duplicate claim id"],
    );
    assert_error(
        "unknown_verdict.toml",
        &[
            "claim `approval`",
            "unknown verdict `half true`",
            "accurate, roughly right, accurate as published, right number, wrong definition",
        ],
    );
    assert_error(
        "verdict_by_hand.toml",
        &["verdict `accurate` cannot be set by hand"],
    );
    assert_error(
        "unknown_role.toml",
        &[
            "claim `deficit`",
            "unknown variant `main`",
            "`headline`, `alternative`",
        ],
    );
    assert_error(
        "unknown_aggregate.toml",
        &["unknown variant `average`", "`sum`", "`mean`"],
    );
    assert_error(
        "several_rows.toml",
        &["matches 13 rows", "not one", "set `aggregate`"],
    );
    assert_error(
        "unknown_input.toml",
        &["`value` uses `deficit`, which is not an input; inputs: imports"],
    );
    assert_error(
        "no_measures.toml",
        &[
            "claim `deficit`",
            "no `[[claims.measures]]`",
            "not checkable",
        ],
    );
}

#[test]
fn a_period_outside_the_data_is_not_checkable_unless_strict() {
    // The same file is an error under `check_strict` (asserted above); `check` gives a verdict.
    let v = Ledger::from_file(fixture("unknown_period.toml"))
        .unwrap()
        .check()
        .unwrap();
    let c = v.get("deficit-2031").unwrap();
    assert_eq!(c.verdict, Verdict::NotCheckable);
    let reason = c.reason.as_deref().unwrap();
    assert!(
        reason.contains("`year = 2031` leaves none") && reason.contains("2025"),
        "{reason}"
    );
    assert!(c.measures[0].inputs[0].rows.rows.is_empty());
}

#[test]
fn file_level_errors() {
    let e = Ledger::embedded("no-such-story").unwrap_err().to_string();
    assert!(
        e.contains("no-such-story") && e.contains("japan-dilemma-2025"),
        "{e}"
    );
    let e = Ledger::from_file(fixture("does_not_exist.toml"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("does_not_exist.toml"), "{e}");
    let e = ClaimsFile::parse(HEADER, "empty.toml")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("empty.toml") && e.contains("no `[[claims]]`"),
        "{e}"
    );
    let e = ClaimsFile::parse(&format!("{HEADER}[defaults]\ntolerance = {{ accurate = 0.2, roughly_right = 0.1 }}\n[[claims]]\nid = \"a\"\nquote = \"q\"\nclaimed = {{ value = 1, unit = \"u\" }}\nverdict = \"not checkable\"\nreason = \"r\"\n"), "t.toml")
        .unwrap_err()
        .to_string();
    assert!(e.contains("accurate <= roughly_right"), "{e}");
}
