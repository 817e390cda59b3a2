//! The partner-parameterised analyses and studies, checked against figures computed here from
//! the data files themselves (read row by row by the tests' own reader, no tradedef code), for
//! partners other than Japan.

use std::collections::BTreeMap;

use tradedef::prelude::*;
use tradedef_tests::scratch::{data_rows, number};

fn rows(id: &str) -> Vec<BTreeMap<String, String>> {
    data_rows(id)
}

fn num(r: &BTreeMap<String, String>, c: &str) -> Option<f64> {
    number(r, c)
}

#[test]
fn bilateral_balance_of_mexico_is_exports_minus_imports_of_its_census_rows() -> anyhow::Result<()> {
    let mexico = partner("Mexico")?;
    let code = mexico
        .census_code
        .clone()
        .expect("Mexico has a Census code");
    // (year, vintage) -> (exports, imports): the dataset holds several releases of a year
    let mut flows: BTreeMap<(i64, String), (Option<f64>, Option<f64>)> = BTreeMap::new();
    for r in rows("us_goods_trade_by_partner") {
        if r["partner_code"] != code {
            continue;
        }
        let e = flows
            .entry((r["year"].parse()?, r["vintage"].clone()))
            .or_default();
        match r["flow"].as_str() {
            "exports" => e.0 = num(&r, "value"),
            "imports" => e.1 = num(&r, "value"),
            _ => {}
        }
    }
    let t = bilateral_balance(&mexico)?;
    let years: std::collections::BTreeSet<i64> = flows.keys().map(|(y, _)| *y).collect();
    assert_eq!(t.height(), years.len(), "one row per year of the file");
    // each year is read from the vintage the table names, and equals that vintage's rows
    let vintages = t.texts("vintage")?;
    for (i, year) in t.ints("year")?.into_iter().enumerate() {
        let year = year.expect("a year");
        let vintage = vintages[i].clone().expect("a vintage");
        let (x, m) = flows[&(year, vintage.clone())];
        let (x, m) = (x.expect("exports"), m.expect("imports"));
        let b = t.value_at("year", year, "balance_usd_mn")?;
        assert!(
            (b - (x - m)).abs() < 1e-6,
            "{year} ({vintage}): {b} vs {x} - {m}"
        );
    }
    // the newest release of each year: 2022-2025 from the JSON transcription of 2026
    let latest = |y: i64| {
        let i = t.ints("year").ok()?.iter().position(|v| *v == Some(y))?;
        vintages[i].clone()
    };
    assert_eq!(latest(2022).as_deref(), Some("census-country-2026-07"));
    assert_eq!(latest(2024).as_deref(), Some("census-country-2026-07"));
    assert_eq!(latest(2021).as_deref(), Some("census-country-xlsx-2025-02"));
    assert!(t.name().contains("Mexico"));
    Ok(())
}

#[test]
fn a_partner_named_by_alias_code_or_name_gives_the_same_rank() -> anyhow::Result<()> {
    let by_name = deficit_rank("South Korea", 2022)?;
    let by_census = deficit_rank("Korea, South", 2022)?;
    let by_iso = deficit_rank("KOR", 2022)?;
    assert_eq!(by_name, by_census);
    assert_eq!(by_name, by_iso);
    assert!(by_name.row.balance_usd_bn < 0.0);
    let err = deficit_rank("Atlantis", 2022).unwrap_err().to_string();
    assert!(err.contains("Atlantis"), "{err}");
    Ok(())
}

#[test]
fn import_composition_sums_the_end_use_rows_by_first_digit() -> anyhow::Result<()> {
    let germany = partner("Germany")?;
    let code = germany
        .census_code
        .clone()
        .expect("Germany has a Census code");
    let mut by_digit: BTreeMap<String, f64> = BTreeMap::new();
    for r in rows("us_imports_by_enduse") {
        if r.get("partner_code") != Some(&code) || r["year"] != "2022" {
            continue;
        }
        if let Some(v) = num(&r, "value") {
            *by_digit
                .entry(r["enduse_code"][..1].to_string())
                .or_default() += v;
        }
    }
    assert!(!by_digit.is_empty(), "Germany's 2022 end-use rows");
    let t = import_composition(&germany, 2022)?;
    for (digit, sum) in &by_digit {
        let got = t.value_where("category", digit, "imports_usd_mn")?;
        assert!(
            (got - sum).abs() < 1e-6 * sum.abs().max(1.0),
            "{digit}: {got} vs {sum}"
        );
    }
    let deficit = -bilateral_balance(&germany)?.value_at("year", 2022, "balance_usd_mn")?;
    let autos = t.value_where("category", "3", "gross_share_of_deficit_pct")?;
    assert!((autos - 100.0 * by_digit["3"] / deficit).abs() < 1e-9);
    Ok(())
}

#[test]
fn troops_in_a_host_are_the_dmdc_totals_of_its_latest_report() -> anyhow::Result<()> {
    let t = troops_in("South Korea")?;
    let (date, vintage) = t
        .texts("report_date")?
        .into_iter()
        .zip(t.texts("vintage")?)
        .zip(t.ints("year")?)
        .find(|(_, y)| *y == Some(2020))
        .and_then(|((d, v), _)| d.zip(v))
        .expect("a 2020 report");
    // the report's rows of the vintage the table names (the newest covering it)
    let total: f64 = rows("us_troops_by_country")
        .iter()
        .filter(|r| {
            r["iso3"] == "KOR"
                && r["report_date"] == date
                && r["vintage"] == vintage
                && r["service"] == "total"
                && r["entry"] == "1"
        })
        .filter_map(|r| num(r, "personnel"))
        .sum();
    assert_eq!(t.value_at("year", 2020, "personnel")?, total);
    assert!(total > 10_000.0);
    Ok(())
}

#[test]
fn military_spending_ranks_put_the_largest_first_and_shares_use_the_world_total()
-> anyhow::Result<()> {
    let t = milex_ranking(2024, DEFAULT_MILEX_MEASURE)?;
    let values: Vec<f64> = t.floats("value")?.into_iter().flatten().collect();
    assert!(
        values.windows(2).all(|w| w[0] >= w[1]),
        "sorted, largest first"
    );
    let korea = milex_standing("South Korea", 2024, DEFAULT_MILEX_MEASURE)?;
    assert_eq!(korea.country, "Korea, South");
    assert_eq!(values[korea.rank - 1], korea.value);
    // SIPRI's world total is published in constant dollars (and, for the last year only, at
    // current prices); both years of a growth come from one release, the latest.
    let world = milex_growth("World", 2023, 2024, "constant_usd_billions")?;
    assert_eq!(world.vintage, "sipri-milex-2026-04");
    assert_eq!(world.unit, "USD billions (constant 2024)");
    let value = |year: &str| -> f64 {
        rows("sipri_milex")
            .iter()
            .find(|r| {
                r["country"] == "World"
                    && r["measure"] == "constant_usd_billions"
                    && r["year"] == year
                    && r["vintage"] == world.vintage
            })
            .and_then(|r| num(r, "value"))
            .expect("a world total")
    };
    let expected = 100.0 * (value("2024") / value("2023") - 1.0);
    assert!(
        (world.growth_pct - expected).abs() < 1e-9,
        "{} vs {expected}",
        world.growth_pct
    );
    assert!(milex_growth("World", 2023, 2024, DEFAULT_MILEX_MEASURE).is_err());
    Ok(())
}

#[test]
fn a_profile_never_draws_an_empty_chart_and_lists_what_it_leaves_out() -> anyhow::Result<()> {
    for name in ["South Korea", "Germany", "Vietnam", "Tuvalu"] {
        let study = Study::partner(name)?;
        assert_eq!(
            study.exhibits.len() + study.unavailable.len(),
            6,
            "{name}: every section is drawn or listed"
        );
        for e in &study.exhibits {
            assert!(e.has_chart() && !e.png.is_empty(), "{name} {}", e.id);
            assert!(!e.findings.is_empty(), "{name} {}", e.id);
            assert!(!e.csv.trim().is_empty(), "{name} {}", e.id);
        }
        for u in &study.unavailable {
            assert!(!u.reason.is_empty(), "{name} {}: a reason", u.section);
        }
    }
    let korea = Study::partner("South Korea")?;
    assert!(korea.exhibit("balance").is_ok() && korea.exhibit("composition").is_ok());
    Ok(())
}
