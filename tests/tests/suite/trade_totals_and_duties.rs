//! US trade totals on both bases (`census-national` → `us_trade_totals`, vintage
//! census-bea-2026-07) and tariffs actually paid (`census-duties` → `us_duties_by_partner`): the
//! committed datasets' own checks (months sum to years, rates recompute, no partial year written
//! as a year), the effective rate and the tariff scenario's starting rate, and (ignored tests) the
//! real copies in ../shared/reference/raw/2026-12/corbett-hobbs, which must reproduce the
//! committed CSVs and agree with the figures and cross-checks the sidecars state.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use tradedef::analysis::{Category, TariffScenario, effective_tariff_rate, release_of};
use tradedef::data::import::{ImportKind, ImportOptions, import};
use tradedef::data::{entry, partner};
use tradedef_tests::scratch::{Scratch, data_file, data_rows, read_csv_rows, repo_data, repo_root};

const TOTALS: &str = "us_trade_totals";
const DUTIES: &str = "us_duties_by_partner";
const NEW: &str = "census-bea-2026-07";
const FEB_2025: &str = "FT-900 Dec & annual 2024 (released 2025-02-05)";
const XLSX_2023: &str = "census-country-xlsx-2023-01";

type Row = BTreeMap<String, String>;

fn num(s: &str) -> f64 {
    s.parse().unwrap_or_else(|_| panic!("not a number: {s:?}"))
}

/// `(year, basis, measure, flow) → value` of one vintage of `us_trade_totals` rows.
fn totals_of(rows: &[Row], vintage: &str) -> BTreeMap<(i64, String, String, String), f64> {
    rows.iter()
        .filter(|r| r["vintage"] == vintage && !r["value"].is_empty())
        .map(|r| {
            (
                (
                    num(&r["year"]) as i64,
                    r["basis"].clone(),
                    r["measure"].clone(),
                    r["flow"].clone(),
                ),
                num(&r["value"]),
            )
        })
        .collect()
}

fn key(year: i64, basis: &str, measure: &str, flow: &str) -> (i64, String, String, String) {
    (year, basis.into(), measure.into(), flow.into())
}

// ----- the committed datasets ----------------------------------------------------------------

#[test]
fn trade_totals_hold_both_bases_every_year_and_no_partial_year() {
    let rows = data_rows(TOTALS);
    let new = totals_of(&rows, NEW);
    for year in 1991..=2025 {
        for (basis, measure) in [
            ("bop", "goods"),
            ("bop", "services"),
            ("bop", "goods_and_services"),
            ("census", "goods"),
        ] {
            for flow in ["exports", "imports", "balance"] {
                assert!(
                    new.contains_key(&key(year, basis, measure, flow)),
                    "{year} {basis} {measure} {flow}"
                );
            }
        }
    }
    assert_eq!(new.len(), 35 * 12);
    // the January-July 2026 year to date is not a year, in any vintage
    assert!(rows.iter().all(|r| num(&r["year"]) < 2026.0));
    // the earlier releases are kept beside the revised series
    let count = |v: &str| rows.iter().filter(|r| r["vintage"] == v).count();
    assert_eq!(count(XLSX_2023), 108);
    assert_eq!(count(FEB_2025), 8);
    assert_eq!(rows.len(), 420 + 125);
    assert_eq!(
        release_of(TOTALS, NEW).as_deref(),
        Some("census-annual-revision-2026")
    );
    let meta = &entry(TOTALS).unwrap().meta;
    assert!(meta.gaps.iter().any(|g| g.starts_with("2026: ")));
    assert!(
        meta.gaps
            .iter()
            .any(|g| g.contains("2022 goods-and-services deficit as first published"))
    );
    // balances and the sum of goods and services, within the source's rounding
    for year in 1991..=2025 {
        for flow in ["exports", "imports", "balance"] {
            let g = new[&key(year, "bop", "goods", flow)];
            let s = new[&key(year, "bop", "services", flow)];
            let gs = new[&key(year, "bop", "goods_and_services", flow)];
            assert!((g + s - gs).abs() <= 0.001 + 1e-9, "{year} {flow}");
        }
    }
}

/// The revisions between the releases, recomputed from the rows; each is stated in the caveats.
#[test]
fn trade_totals_cross_checks_are_the_ones_the_sidecar_states() {
    let rows = data_rows(TOTALS);
    let new = totals_of(&rows, NEW);
    let caveats = entry(TOTALS).unwrap().meta.caveats.join("\n");
    // Census basis: the largest revision since country.xlsx of 2023-01 is the 2022 balance
    let old = totals_of(&rows, XLSX_2023);
    let (largest, diff) = old
        .iter()
        .filter(|(k, _)| k.0 >= 1991)
        .map(|(k, v)| (k.clone(), new[k] - v))
        .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
        .unwrap();
    assert_eq!(largest, key(2022, "census", "goods", "balance"));
    assert!((diff - 14.9406).abs() < 1e-9, "{diff}");
    let pair = format!("{} -> {} (+{diff:.4} bn", old[&largest], new[&largest]);
    assert!(caveats.contains(&pair), "caveats lack {pair}");
    // 1991-2019 equal but for rounding of the balance
    for (k, v) in old.iter().filter(|(k, _)| (1991..=2019).contains(&k.0)) {
        assert!((new[k] - v).abs() <= 0.0001 + 1e-9, "{k:?}");
    }
    // BOP: the 2025-02-05 release's points against the revised series
    let feb = totals_of(&rows, FEB_2025);
    assert_eq!(
        feb.len(),
        7,
        "the goods exports of 2024 are empty in that release"
    );
    let shown = |x: f64| {
        let s = x.to_string();
        if s.contains('.') { s } else { format!("{s}.0") }
    };
    for (k, v) in &feb {
        let text = format!("{} -> {}", shown(*v), shown(new[k]));
        assert!(caveats.contains(&text), "caveats lack {k:?}: {text}");
    }
    let gs = key(2024, "bop", "goods_and_services", "balance");
    assert!((new[&gs] - feb[&gs] - 14.8676).abs() < 1e-9);
}

#[test]
fn duties_months_sum_to_years_and_rates_recompute() {
    let rows = data_rows(DUTIES);
    assert_eq!(rows.len(), (231 + 230 + 232) * 13 * 3);
    // (year, code, measure) → (sum of months, months published, annual row)
    let mut sums: BTreeMap<(String, String, String), (f64, i64)> = BTreeMap::new();
    let mut years: BTreeMap<(String, String, String), &Row> = BTreeMap::new();
    for r in &rows {
        let k = (
            r["year"].clone(),
            r["partner_code"].clone(),
            r["measure"].clone(),
        );
        if r["month"].is_empty() {
            years.insert(k, r);
        } else if r["measure"] != "effective_rate" && !r["value"].is_empty() {
            let e = sums.entry(k).or_default();
            e.0 += num(&r["value"]);
            e.1 += 1;
        } else if r["value"].is_empty() && r["measure"] != "effective_rate" {
            assert_eq!(r["year"], "2026", "{r:?}");
            assert!(num(&r["month"]) >= 9.0, "{r:?}");
            assert!(
                r["missing"].contains("not yet published") && r["missing"].contains("August 2026"),
                "{r:?}"
            );
        }
    }
    let mut checked = 0;
    for ((year, code, measure), year_row) in &years {
        let months: i64 = year_row["months"].parse().unwrap();
        let (expected_months, period) = if year == "2026" {
            (8, "year to date")
        } else {
            (12, "full year")
        };
        assert_eq!(
            (months, year_row["period"].as_str()),
            (expected_months, period)
        );
        if measure == "effective_rate" {
            let d = num(&years[&(year.clone(), code.clone(), "calculated_duties".into())]["value"]);
            let i = num(
                &years[&(year.clone(), code.clone(), "imports_for_consumption".into())]["value"],
            );
            assert_eq!(
                year_row["value"],
                format!("{:.4}", 100.0 * d / i),
                "{year} {code}"
            );
            continue;
        }
        let (sum, n) = sums[&(year.clone(), code.clone(), measure.clone())];
        assert_eq!(n, months, "{year} {code} {measure}");
        assert_eq!(sum, num(&year_row["value"]), "{year} {code} {measure}");
        checked += 1;
    }
    assert_eq!(checked, (231 + 230 + 232) * 2);
    // the months not yet published are gaps, not periods held
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
    let status = tradedef::data::dataset_status(DUTIES, day).unwrap();
    assert_eq!(status.last_period, "2026-08");
    assert_eq!(status.release, "census-api-duties-2026-08");
}

#[test]
fn duties_partners_are_named_as_in_the_goods_trade_by_partner() {
    let names: BTreeMap<String, String> = data_rows("us_goods_trade_by_partner")
        .into_iter()
        .map(|r| (r["partner_code"].clone(), r["partner"].clone()))
        .collect();
    for r in data_rows(DUTIES) {
        assert_eq!(names.get(&r["partner_code"]), Some(&r["partner"]), "{r:?}");
    }
}

#[test]
fn effective_rate_takes_any_partner_word() {
    let by_name = effective_tariff_rate("Vietnam", 2025).unwrap();
    let by_iso = effective_tariff_rate("VNM", 2025).unwrap();
    let by_census = effective_tariff_rate("Viet Nam", 2025).unwrap();
    assert_eq!(by_name, by_iso);
    assert_eq!(by_name, by_census);
    assert!((by_name.rate_pct - 100.0 * by_name.duties_usd / by_name.imports_usd).abs() < 1e-12);
    let err = effective_tariff_rate("Atlantis", 2025)
        .unwrap_err()
        .to_string();
    assert!(err.contains("Atlantis"), "{err}");
}

#[test]
fn tariff_scenario_starts_from_the_rate_in_the_data() {
    // Japan's autos: the explicit MFN rate of tariff_events, figures as with 2.5 given
    let story = TariffScenario::autos()
        .partner(&partner("Japan").unwrap())
        .additional_rate(25.0)
        .run()
        .unwrap();
    let given = TariffScenario::autos()
        .partner(&partner("Japan").unwrap())
        .old_rate(2.5)
        .new_rate(27.5)
        .run()
        .unwrap();
    assert_eq!(
        story.exporters_revenue_loss_usd_mn,
        given.exporters_revenue_loss_usd_mn
    );
    assert_eq!((story.old_rate_pct, story.new_rate_pct), (2.5, 27.5));
    assert!(story.old_rate_source.contains("tariff_events"));
    // another partner: the average duty actually collected on all imports in the base year
    let vietnam = partner("Vietnam").unwrap();
    let rate = effective_tariff_rate(&vietnam, 2024).unwrap();
    let o = TariffScenario::category(Category::parse("4").unwrap())
        .partner(&vietnam)
        .base_year(2024)
        .additional_rate(20.0)
        .run()
        .unwrap();
    assert_eq!(o.old_rate_pct, rate.rate_pct);
    assert_eq!(o.new_rate_pct, rate.rate_pct + 20.0);
    assert_eq!(
        o.old_rate_source,
        format!(
            "the average duty actually collected on all US imports from Vietnam in 2024, {:.2}%: the data give no rate by category",
            rate.rate_pct
        )
    );
    assert!(
        o.table()
            .unwrap()
            .notes()
            .iter()
            .any(|n| n.contains("old rate: the average duty"))
    );
    assert!(o.provenance.source_line().contains("calculated duties"));
    // a base year the data do not hold: the latest complete year, said
    let (old, why) = TariffScenario::autos()
        .partner(&vietnam)
        .base_year(2023)
        .starting_rate()
        .unwrap();
    assert_eq!(old, effective_tariff_rate(&vietnam, 2025).unwrap().rate_pct);
    assert!(
        why.contains("in 2025 (2023 is not a complete year"),
        "{why}"
    );
    // a partner without duties in the data: 0%, said
    let (old, why) = TariffScenario::autos()
        .partner(&partner("European Union").unwrap())
        .starting_rate()
        .unwrap();
    assert_eq!(old, 0.0);
    assert!(why.starts_with("taken as 0%"), "{why}");
}

// ----- the real copies ---------------------------------------------------------------------------

fn corbett(path: &str) -> PathBuf {
    let p = repo_root()
        .join("../shared/reference/raw/2026-12/corbett-hobbs/pipeline/output")
        .join(path);
    assert!(p.exists(), "needs {}", p.display());
    p
}

fn json(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap();
    match serde_json::from_str(&text).unwrap() {
        Value::Array(items) => items,
        _ => panic!("{} is not an array", path.display()),
    }
}

fn f(v: &Value, field: &str) -> f64 {
    v[field]
        .as_f64()
        .unwrap_or_else(|| panic!("{field} of {v}"))
}

#[test]
#[ignore = "needs ../shared/reference/raw/2026-12/corbett-hobbs/pipeline/output/trade_national.json"]
fn real_trade_national_reproduces_us_trade_totals() -> anyhow::Result<()> {
    let file = corbett("trade_national.json");
    let s = Scratch::new("census-national-real");
    let data = s.copy_data("data", &[TOTALS], true);
    let summary = import(
        ImportKind::CensusNational,
        &file,
        &ImportOptions::new().data_dir(&data),
    )?;
    assert_eq!(summary.vintage, NEW);
    assert_eq!(summary.datasets[0].rows_imported, 420);
    assert_eq!(summary.datasets[0].rows_replaced, 420);
    assert!(
        summary.notes[0].starts_with("2026: ") && summary.notes[0].contains("July only (7 months")
    );
    assert_eq!(
        std::fs::read(data_file(&data, TOTALS))?,
        std::fs::read(data_file(&repo_data(), TOTALS))?,
        "the import reproduces data/us_trade_totals.csv"
    );

    // every annual row of a complete year is in the dataset, in billions
    let rows = data_rows(TOTALS);
    let new = totals_of(&rows, NEW);
    let raw = json(&file);
    let measure = |scope: &str| {
        if scope == "goods_services" {
            "goods_and_services"
        } else {
            scope
        }
        .to_string()
    };
    let mut months: BTreeMap<i64, BTreeMap<&str, f64>> = BTreeMap::new();
    for r in raw
        .iter()
        .filter(|r| r["frequency"] == "monthly" && r["adjustment"] == "nsa")
    {
        let year: i64 = r["period"].as_str().unwrap()[..4].parse()?;
        for flow in ["exports", "imports"] {
            *months.entry(year).or_default().entry(flow).or_default() += f(r, flow);
        }
    }
    let mut seen = 0;
    for r in raw.iter().filter(|r| r["frequency"] == "annual") {
        let year: i64 = r["period"].as_str().unwrap().parse()?;
        for flow in ["exports", "imports", "balance"] {
            let k = (
                year,
                r["basis"].as_str().unwrap().to_string(),
                measure(r["scope"].as_str().unwrap()),
                flow.to_string(),
            );
            if year == 2026 {
                assert!(!new.contains_key(&k));
                continue;
            }
            assert!((new[&k] * 1000.0 - f(r, flow)).abs() < 1e-6, "{k:?}");
            seen += 1;
        }
    }
    assert_eq!(seen, 420);
    // the 2026 row of the file is the sum of its seven months: a year to date
    let ytd = raw
        .iter()
        .find(|r| r["period"] == "2026" && r["basis"] == "census")
        .unwrap();
    assert!((months[&2026]["exports"] - f(ytd, "exports")).abs() < 0.5);
    assert_eq!(
        raw.iter()
            .filter(|r| r["frequency"] == "monthly"
                && r["adjustment"] == "nsa"
                && r["period"].as_str().unwrap().starts_with("2026"))
            .count(),
        7
    );
    Ok(())
}

#[test]
#[ignore = "needs ../shared/reference/raw/2026-12/corbett-hobbs/pipeline/output/trade_by_country"]
fn real_world_goods_agree_with_the_partner_rows() {
    let rows = data_rows(TOTALS);
    let new = totals_of(&rows, NEW);
    let national = json(&corbett("trade_national.json"));
    let caveats = entry(TOTALS).unwrap().meta.caveats.join("\n");
    let mut worst_month = 0.0_f64;
    for year in 2022..=2025 {
        let partners: Vec<Value> = json(&corbett(&format!("trade_by_country/{year}.json")))
            .into_iter()
            .filter(|r| !r["country_code"].as_str().unwrap().starts_with("AGG_"))
            .collect();
        for flow in ["exports", "imports", "balance"] {
            let sum: f64 = partners.iter().map(|r| f(r, &format!("{flow}_year"))).sum();
            let world = new[&key(year, "census", "goods", flow)] * 1000.0;
            assert!(
                (sum - world).abs() <= 0.8 + 1e-6,
                "{year} {flow}: {sum} vs {world}"
            );
        }
        for m in 0..12 {
            let period = format!("{year}-{:02}", m + 1);
            let world = national
                .iter()
                .find(|r| r["period"] == period.as_str() && r["adjustment"] == "nsa")
                .unwrap();
            for flow in ["exports", "imports"] {
                let sum: f64 = partners
                    .iter()
                    .map(|r| r[flow][m].as_f64().unwrap_or(0.0))
                    .sum();
                worst_month = worst_month.max(((sum - f(world, flow)) / f(world, flow)).abs());
            }
        }
    }
    assert!(worst_month <= 0.000_01, "{worst_month}");
    let worst = format!("worst {:.5}%", 100.0 * worst_month);
    assert!(caveats.contains(&worst), "caveats lack {worst}");
    assert!(caveats.contains("within USD 0.8 million a year"));
}

#[test]
#[ignore = "needs ../shared/reference/raw/2026-12/corbett-hobbs/pipeline/output/duties_by_country"]
fn real_duties_reproduce_the_dataset_and_the_reference_figures() -> anyhow::Result<()> {
    let folder = corbett("");
    let s = Scratch::new("census-duties-real");
    let data = s.copy_data("data", &[DUTIES], false);
    s.copy_data("data", &["us_goods_trade_by_partner"], true);
    std::fs::write(data.join(format!("{DUTIES}.csv.gz")), b"")?;
    let summary = import(
        ImportKind::CensusDuties,
        &folder,
        &ImportOptions::new().data_dir(&data),
    )?;
    assert_eq!(summary.vintage, "census-api-duties-2026-08");
    let (produced, committed) = (
        read_csv_rows(&data_file(&data, DUTIES)),
        read_csv_rows(&data_file(&repo_data(), DUTIES)),
    );
    assert_eq!(produced.0, committed.0);
    assert_eq!(produced.1.len(), committed.1.len());
    if let Some((a, b)) = produced.1.iter().zip(&committed.1).find(|(a, b)| a != b) {
        panic!("the import does not reproduce data/us_duties_by_partner.csv.gz: {a:?} vs {b:?}");
    }

    // Japan, read from the raw files, against the dataset and the reference pack's SOURCES.md
    let sources = std::fs::read_to_string(corbett("../../../SOURCES.md"))?;
    let sources = sources.split_whitespace().collect::<Vec<_>>().join(" ");
    let rows = data_rows(DUTIES);
    let annual = |year: &str, code: &str, measure: &str| -> Row {
        rows.iter()
            .find(|r| {
                r["year"] == year
                    && r["month"].is_empty()
                    && r["partner_code"] == code
                    && r["measure"] == measure
            })
            .cloned()
            .unwrap_or_else(|| panic!("{year} {code} {measure}"))
    };
    for (year, label) in [("2024", "2024"), ("2025", "2025"), ("2026", "2026 Jan-Aug")] {
        let raw = json(&corbett(&format!("duties_by_country/{year}.json")));
        let japan = raw.iter().find(|r| r["country_code"] == "JPN").unwrap();
        let (d, i, rate) = (
            f(japan, "duties_year"),
            f(japan, "import_value_year"),
            f(japan, "rate_year"),
        );
        assert_eq!(num(&annual(year, "5880", "calculated_duties")["value"]), d);
        assert_eq!(
            num(&annual(year, "5880", "imports_for_consumption")["value"]),
            i
        );
        let pct = num(&annual(year, "5880", "effective_rate")["value"]);
        assert!(
            (pct / 100.0 - rate).abs() <= 0.000_005 + 0.000_000_5,
            "{year}: {pct} vs {rate}"
        );
        let stated = format!(
            "{label} ${:.2} bn on ${:.1} bn ({:.2}%)",
            d / 1e9,
            i / 1e9,
            100.0 * d / i
        );
        assert!(
            sources.contains(&stated),
            "SOURCES.md does not state {stated}"
        );
        // the library's figure is the same
        let lib = effective_tariff_rate("Japan", year.parse()?)?;
        assert_eq!((lib.duties_usd, lib.imports_usd), (d, i));
    }
    // all partners' 2025 duties, as the methodology's "about $259B"
    let total: f64 = json(&corbett("duties_by_country/2025.json"))
        .iter()
        .map(|r| f(r, "duties_year"))
        .sum();
    assert!(sources.contains(&format!("2025 duties sum to ${:.1} bn", total / 1e9)));
    // recoded partners take the Census code of the year
    for (iso, code) in [("SRB", "4801"), ("SDN", "7321"), ("ETH", "7749")] {
        assert!(
            rows.iter()
                .filter(|r| r["country_code"] == iso)
                .all(|r| r["partner_code"] == code)
        );
    }
    Ok(())
}
