//! The analysis layer checked against figures computed here, independently, from the CSV files in
//! `data/` (read row by row, no tradedef code involved), not against typed constants.

use std::collections::{BTreeMap, BTreeSet};
use tradedef::analysis::defence::{GrowthBasis, defence_budget_growth};
use tradedef::analysis::tariff::{
    DEFAULT_ELASTICITY, DEFAULT_PASS_THROUGH, GRID_ELASTICITIES, GRID_PASS_THROUGHS,
};
use tradedef::prelude::*;

/// The goods balance with Japan, the partner these tests follow.
fn japan_balance() -> GoodsBalance {
    GoodsBalance::of(&partner("Japan").unwrap())
}

fn yen_to_usd(yen: f64, year: i64) -> Result<f64> {
    CurrencyRates::of("JPY")?.to_usd(yen, year)
}
use tradedef_tests::scratch::{data_rows, number};

fn rows(id: &str) -> Vec<BTreeMap<String, String>> {
    data_rows(id)
}

fn num(r: &BTreeMap<String, String>, c: &str) -> Option<f64> {
    number(r, c)
}

fn int(r: &BTreeMap<String, String>, c: &str) -> i64 {
    r[c].parse().unwrap()
}

/// The date suffix `YYYY-MM` of a vintage tag of the goods-trade files, as a number.
fn tag_date(v: &str) -> i64 {
    let tail = &v[v.len() - 7..];
    tail[..4].parse::<i64>().unwrap() * 100 + tail[5..].parse::<i64>().unwrap()
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

/// Annual (exports, imports, vintage) of US goods trade with Japan, latest vintage per year.
fn japan_annual() -> BTreeMap<i64, (f64, f64, String)> {
    type Flows = (Option<f64>, Option<f64>);
    let mut by: BTreeMap<i64, BTreeMap<String, Flows>> = BTreeMap::new();
    for r in rows("us_japan_goods_trade")
        .iter()
        .filter(|r| r["month"].is_empty())
    {
        let e = by
            .entry(int(r, "year"))
            .or_default()
            .entry(r["vintage"].clone())
            .or_default();
        match r["flow"].as_str() {
            "exports" => e.0 = num(r, "value"),
            "imports" => e.1 = num(r, "value"),
            _ => {}
        }
    }
    by.into_iter()
        .map(|(y, vs)| {
            let (v, (x, m)) = vs.into_iter().max_by_key(|(v, _)| tag_date(v)).unwrap();
            (y, (x.unwrap(), m.unwrap(), v))
        })
        .collect()
}

#[test]
fn us_japan_goods_balance_1985_2025() {
    let expected = japan_annual();
    let t = japan_balance().years(1985, 2025).annual().unwrap();
    assert_eq!(t.height(), 41);
    let years = t.ints("year").unwrap();
    let vintages = t.texts("vintage").unwrap();
    for (i, y) in years.iter().enumerate() {
        let y = y.unwrap();
        let (x, m, v) = &expected[&y];
        assert_eq!(t.value_at("year", y, "exports_usd_mn").unwrap(), *x, "{y}");
        assert_eq!(t.value_at("year", y, "imports_usd_mn").unwrap(), *m, "{y}");
        assert_eq!(
            t.value_at("year", y, "balance_usd_mn").unwrap(),
            x - m,
            "{y}"
        );
        assert_eq!(vintages[i].as_deref(), Some(v.as_str()), "{y}");
    }
    // The published balance rows agree with exports − imports within rounding.
    for r in rows("us_japan_goods_trade")
        .iter()
        .filter(|r| r["month"].is_empty() && r["flow"] == "balance")
    {
        let y = int(r, "year");
        if expected[&y].2 == r["vintage"] {
            let b = num(r, "value").unwrap();
            assert!(
                close(b, t.value_at("year", y, "balance_usd_mn").unwrap(), 0.15),
                "{y}"
            );
        }
    }
    // The balance was a deficit in every year.
    assert!(
        t.floats("balance_usd_mn")
            .unwrap()
            .iter()
            .all(|b| b.unwrap() < 0.0)
    );
    assert!(t.source_line().contains("Census"));
    // A year outside the data is an error naming what exists.
    let err = japan_balance()
        .years(1985, 2040)
        .annual()
        .unwrap_err()
        .to_string();
    assert!(err.contains("2040") && err.contains("1985"), "{err}");
}

/// Japan's rank and share among all partners of `year` (countries only), computed here from the
/// latest vintage of us_goods_trade_by_partner covering the year, equal `deficit_rank`'s. Returns
/// the rank.
fn japan_rank_and_share_from_all_partners(year: i64) -> usize {
    // Country balances and the world total of the year, latest vintage covering it.
    let all = rows("us_goods_trade_by_partner");
    let in_year: Vec<_> = all.iter().filter(|r| int(r, "year") == year).collect();
    let vintage = in_year
        .iter()
        .map(|r| r["vintage"].clone())
        .max_by_key(|v| tag_date(v))
        .unwrap();
    let mut flows: BTreeMap<(String, String), BTreeMap<String, f64>> = BTreeMap::new();
    for r in in_year.iter().filter(|r| r["vintage"] == vintage) {
        if let Some(v) = num(r, "value") {
            flows
                .entry((r["partner"].clone(), r["partner_kind"].clone()))
                .or_default()
                .insert(r["flow"].clone(), v);
        }
    }
    let bal = |f: &BTreeMap<String, f64>| match (f.get("exports"), f.get("imports")) {
        (Some(x), Some(m)) => Some(x - m),
        _ => f.get("balance").copied(),
    };
    let world = flows
        .iter()
        .find(|((p, k), _)| {
            k == "aggregate" && p.starts_with("World") && p.contains("Not Seasonally")
        })
        .and_then(|(_, f)| bal(f))
        .unwrap();
    let mut countries: Vec<(String, f64)> = flows
        .iter()
        .filter(|((_, k), _)| k == "country")
        .filter_map(|((p, _), f)| Some((p.clone(), bal(f)?)))
        .collect();
    countries.sort_by(|a, b| a.1.total_cmp(&b.1));
    let rank = countries.iter().position(|(p, _)| p == "Japan").unwrap() + 1;
    let japan = countries[rank - 1].1;

    let r = deficit_rank("Japan", year).unwrap();
    assert_eq!(r.row.rank, rank);
    assert_eq!(r.of, countries.len());
    assert!(close(r.row.balance_usd_bn, japan / 1000.0, 1e-9));
    assert!(close(r.row.share_pct, 100.0 * japan / world, 1e-9));
    assert!(r.basis.contains("us_goods_trade_by_partner"), "{}", r.basis);
    rank
}

#[test]
fn japan_rank_and_share_2022_from_all_partners() {
    let rank = japan_rank_and_share_from_all_partners(2022);
    let t = deficit_share_by_partner(2022).unwrap();
    assert_eq!(
        t.value_where("partner", "Japan", "rank").unwrap(),
        rank as f64
    );
    // Aggregates are not ranked.
    assert!(
        t.texts("partner")
            .unwrap()
            .iter()
            .all(|p| !p.as_deref().unwrap().starts_with("World"))
    );
    let err = deficit_rank("Atlantis", 2022).unwrap_err().to_string();
    assert!(
        err.contains("Atlantis") && err.contains("closest first"),
        "{err}"
    );
}

#[test]
fn japan_rank_and_share_2024_from_all_partners() {
    // 2024 is in us_goods_trade_by_partner (the April 2025 workbook and the 2026 transcription),
    // so the ranking reads every partner of its latest release, not the top-partners list.
    japan_rank_and_share_from_all_partners(2024);
    let r = deficit_rank("Japan", 2024).unwrap();
    assert!(r.basis.contains("census-country-2026-07"), "{}", r.basis);
}

#[test]
fn autos_gross_and_net_share_of_the_deficit_2016_2025() {
    let mut imports: BTreeMap<i64, f64> = BTreeMap::new();
    for r in rows("us_imports_by_enduse") {
        if r["partner"] == "Japan" && r["enduse_code"].starts_with('3') {
            *imports.entry(int(&r, "year")).or_default() += num(&r, "value").unwrap_or(0.0);
        }
    }
    let scopes = [
        "automotive_vehicles_parts_engines",
        "automobiles_and_parts",
        "hs87_vehicles_and_parts",
    ];
    let mut exports: BTreeMap<i64, (usize, f64)> = BTreeMap::new();
    for r in rows("us_auto_exports_to_japan") {
        if let (Some(rank), Some(v)) = (
            scopes.iter().position(|s| *s == r["scope"]),
            num(&r, "value"),
        ) {
            let e = exports.entry(int(&r, "year")).or_insert((rank, v));
            if rank < e.0 {
                *e = (rank, v);
            }
        }
    }
    let t = partner_category_share("Japan", &Category::Autos).unwrap();
    let years: Vec<i64> = t.ints("year").unwrap().into_iter().flatten().collect();
    assert_eq!(years, (2016..=2025).collect::<Vec<_>>());
    // the balance of the vintage the table names (which vintage: tests/tests/release_pairing.rs)
    let balance_vintages = t.texts("balance_vintage").unwrap();
    for (i, y) in (2016..=2025).enumerate() {
        let m = imports[&y];
        assert!(
            close(t.value_at("year", y, "imports_usd_mn").unwrap(), m, 1e-6),
            "{y}"
        );
        let v = balance_vintages[i].clone().unwrap();
        let flow = |f: &str| {
            rows("us_japan_goods_trade")
                .into_iter()
                .chain(
                    rows("us_goods_trade_by_partner")
                        .into_iter()
                        .filter(|r| r["partner_code"] == "5880"),
                )
                .find(|r| {
                    int(r, "year") == y
                        && r["vintage"] == v
                        && r["flow"] == f
                        && r.get("month").is_none_or(|m| m.is_empty())
                })
                .and_then(|r| num(&r, "value"))
                .unwrap()
        };
        let deficit = -(flow("exports") - flow("imports"));
        let gross = t.value_at("year", y, "gross_share_pct").unwrap();
        assert!(close(gross, 100.0 * m / deficit, 1e-9), "{y}: {gross}");
        match exports.get(&y) {
            Some((_, x)) => {
                let net = t.value_at("year", y, "net_share_pct").unwrap();
                assert!(close(net, 100.0 * (m - x) / deficit, 1e-9), "{y}");
                assert!(net < gross);
            }
            None => assert!(
                t.value_at("year", y, "net_share_pct").is_err(),
                "{y}: no export figure, no net share"
            ),
        }
    }
}

#[test]
fn japan_defence_budget_growth_fy2015_fy2025() {
    let budget: BTreeMap<i64, f64> = rows("japan_defense_budget")
        .iter()
        .filter(|r| r["measure"] == "excl_saco_realignment")
        .filter_map(|r| Some((int(r, "fiscal_year"), num(r, "value")?)))
        .collect();
    let fx: BTreeMap<i64, f64> = rows("usd_jpy_annual")
        .iter()
        .map(|r| (int(r, "year"), num(r, "jpy_per_usd").unwrap()))
        .collect();
    let (a, b) = (budget[&2015], budget[&2025]);
    let g = defence_budget_growth(2015, 2025).unwrap();
    let yen = g.basis(GrowthBasis::NominalYen).unwrap();
    assert!(close(yen.change_pct, 100.0 * (b - a) / a, 1e-9));
    assert!(close(yen.cagr_pct, 100.0 * ((b / a).powf(0.1) - 1.0), 1e-9));
    let usd = g.basis(GrowthBasis::NominalDollars).unwrap();
    let (ua, ub) = (a / fx[&2015], b / fx[&2025]);
    assert!(close(usd.from_value, ua, 1e-9) && close(usd.to_value, ub, 1e-9));
    assert!(close(usd.change_pct, 100.0 * (ub - ua) / ua, 1e-9));
    // The yen weakened from 2015 to 2025, so the budget grew less in dollars than in yen.
    if fx[&2025] > fx[&2015] {
        assert!(usd.change_pct < yen.change_pct);
    }
    // Real terms: present exactly when the deflator covers both years.
    let deflator = |series: &str| -> BTreeMap<i64, f64> {
        let rs: Vec<_> = rows("deflators")
            .into_iter()
            .filter(|r| r["series"] == series)
            .collect();
        rs.iter()
            .filter_map(|r| Some((int(r, "year"), num(r, "value")?)))
            .collect()
    };
    let jp = deflator("japan_gdp_deflator");
    match (jp.get(&2015), jp.get(&2025)) {
        (Some(da), Some(db)) => {
            let real = g.basis(GrowthBasis::RealYen).unwrap();
            assert!(close(
                real.change_pct,
                100.0 * ((b / db) / (a / da) - 1.0),
                1e-9
            ));
        }
        _ => {
            // no Japan GDP deflator: real yen with Japan's CPI implied by SIPRI (yen ÷ constant
            // dollars of one release, the latest), where it covers both years
            let sipri = rows("sipri_milex");
            let latest = sipri.iter().map(|r| r["vintage"].clone()).max().unwrap();
            let cpi = |year: i64| -> Option<f64> {
                let get = |measure: &str| {
                    sipri
                        .iter()
                        .find(|r| {
                            r["country"] == "Japan"
                                && r["vintage"] == latest
                                && r["measure"] == measure
                                && int(r, "year") == year
                        })
                        .and_then(|r| num(r, "value"))
                };
                Some(get("local_currency_millions")? / get("constant_usd_millions")?)
            };
            match (cpi(2015), cpi(2025)) {
                (Some(ca), Some(cb)) => {
                    let real = g.basis(GrowthBasis::RealYen).unwrap();
                    let expected = 100.0 * ((b / cb) / (a / ca) - 1.0);
                    assert!(
                        close(real.change_pct, expected, 1e-6),
                        "{} vs {expected}",
                        real.change_pct
                    );
                }
                _ => assert!(
                    g.basis(GrowthBasis::RealYen).is_err()
                        && g.notes.iter().any(|n| n.contains("real yen"))
                ),
            }
        }
    }
    let us = deflator("us_gdp_deflator");
    if let (Some(da), Some(db)) = (us.get(&2015), us.get(&2025)) {
        let real = g.basis(GrowthBasis::RealDollars).unwrap();
        assert!(close(
            real.change_pct,
            100.0 * ((ub / db) / (ua / da) - 1.0),
            1e-6
        ));
    }
    assert!(
        defence_budget_growth(1900, 2025)
            .unwrap_err()
            .to_string()
            .contains("1900")
    );
}

/// The model written out again from the formulas in the rustdoc.
fn expected_loss(v0: f64, t0: f64, t1: f64, e: f64, p: f64) -> (f64, f64) {
    let tau = (1.0 + t1) / (1.0 + t0) - 1.0;
    let buyer = 1.0 + p * tau;
    let v1 = v0 * buyer * (1.0 + t0) / (1.0 + t1) * buyer.powf(-e);
    (v0 - v1, t1 * v1)
}

fn auto_imports_2024() -> f64 {
    rows("us_imports_by_enduse")
        .iter()
        .filter(|r| {
            r["partner"] == "Japan" && r["enduse_code"].starts_with('3') && int(r, "year") == 2024
        })
        .filter_map(|r| num(r, "value"))
        .sum()
}

#[test]
fn tariff_scenario_and_grid() {
    let v0 = auto_imports_2024();
    let o = TariffScenario::autos()
        .partner(&partner("Japan").unwrap())
        .new_rate(27.5)
        .elasticity(2.0)
        .pass_through(0.5)
        .run()
        .unwrap();
    assert!(close(o.base_imports_usd_mn, v0, 1e-6));
    let (loss, revenue) = expected_loss(v0, 0.025, 0.275, 2.0, 0.5);
    assert!(close(o.exporters_revenue_loss_usd_mn, loss, 1e-6));
    assert!(close(o.tariff_revenue_after_usd_mn, revenue, 1e-6));
    assert!(close(o.tariff_revenue_before_usd_mn, 0.025 * v0, 1e-6));

    let g = TariffScenario::autos()
        .partner(&partner("Japan").unwrap())
        .new_rate(27.5)
        .default_grid()
        .unwrap();
    assert_eq!(
        g.height(),
        GRID_ELASTICITIES.len() * GRID_PASS_THROUGHS.len()
    );
    let es = g.floats("elasticity").unwrap();
    let ps = g.floats("pass_through").unwrap();
    let losses = g.floats("exporters_revenue_loss_usd_mn").unwrap();
    for i in 0..g.height() {
        let (l, _) = expected_loss(v0, 0.025, 0.275, es[i].unwrap(), ps[i].unwrap());
        assert!(close(losses[i].unwrap(), l, 1e-6));
    }
    // No pass-through: the exporter absorbs the whole duty, whatever the elasticity.
    let none: Vec<f64> = (0..g.height())
        .filter(|&i| ps[i] == Some(0.0))
        .map(|i| losses[i].unwrap())
        .collect();
    assert!(none.iter().all(|l| close(*l, v0 * 0.25 / 1.275, 1e-6)));
}

#[test]
fn the_20_billion_claim_and_the_2025_rate() {
    let v0 = auto_imports_2024();
    let claim = 20_000.0;
    // At full pass-through the loss is volume only: V0·(1 − (1+τ)^(−ε)), so the elasticity
    // needed for the claim is ln(V0 / (V0 − claim)) / ln(1 + τ).
    let tau: f64 = 1.275 / 1.025 - 1.0;
    let needed = (v0 / (v0 - claim)).ln() / (1.0 + tau).ln();
    let c = TariffScenario::autos()
        .partner(&partner("Japan").unwrap())
        .additional_rate(25.0)
        .check_claim(claim)
        .unwrap();
    let at_full = c
        .required
        .iter()
        .find(|(p, _)| *p == 1.0)
        .unwrap()
        .1
        .unwrap();
    assert!(close(at_full, needed, 1e-6), "{at_full} vs {needed}");
    // With no pass-through the loss is V0·0.25/1.275, whatever the elasticity.
    let at_none = c.required.iter().find(|(p, _)| *p == 0.0).unwrap().1;
    assert_eq!(at_none.is_some(), v0 * 0.25 / 1.275 >= claim);
    // The 2025 agreement's 15% all-in rate.
    let o = TariffScenario::autos()
        .partner(&partner("Japan").unwrap())
        .new_rate(15.0)
        .run()
        .unwrap();
    let (loss, _) = expected_loss(v0, 0.025, 0.15, DEFAULT_ELASTICITY, DEFAULT_PASS_THROUGH);
    assert!(close(o.exporters_revenue_loss_usd_mn, loss, 1e-6));
    assert!(o.exporters_revenue_loss_usd_mn < c.outcome.exporters_revenue_loss_usd_mn);
}

#[test]
fn money_round_trips_and_errors() {
    let fx: BTreeMap<i64, f64> = rows("usd_jpy_annual")
        .iter()
        .map(|r| (int(r, "year"), num(r, "jpy_per_usd").unwrap()))
        .collect();
    for (y, r) in &fx {
        assert!(close(yen_to_usd(1.0e6, *y).unwrap(), 1.0e6 / r, 1e-9));
    }
    // the rates cover more years than `usd_jpy_annual` (from 1971): the year before the first
    let years: BTreeSet<i64> = CurrencyRates::of("JPY")
        .unwrap()
        .years()
        .into_iter()
        .collect();
    assert!(years.is_superset(&fx.keys().copied().collect()));
    let missing = years.iter().next().unwrap() - 1;
    let err = yen_to_usd(1.0, missing).unwrap_err().to_string();
    assert!(err.contains(&missing.to_string()), "{err}");
    let d = Deflator::load(DeflatorSeries::UsCpiU, 2020).unwrap();
    assert_eq!(d.real(123.0, 2020).unwrap(), 123.0);
}
