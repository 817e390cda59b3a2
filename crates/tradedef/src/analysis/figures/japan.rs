//! The analyses of the Japan story: the goods deficit and its vintages, autos' share of it, a
//! tariff's cost, Japan's defence budget in dollars and its growth.

use std::collections::BTreeMap;

use super::{Args, Recipe, selection, text};
use crate::Result;
use crate::analysis::BudgetMeasure;
use crate::analysis::traced::invalid;
use crate::analysis::traced::{Aggregate, Selection};
use crate::analysis::trade::ENDUSE;
use crate::error::bail;

pub(super) fn balance(year: i64, vintage: Option<String>) -> Selection {
    selection(
        crate::data::ids::US_JAPAN_GOODS_TRADE.as_str(),
        &[
            ("flow", text("balance")),
            ("year", toml::Value::Integer(year)),
        ],
        &["month"],
        vintage,
    )
}

fn enduse_imports(year: i64, codes: toml::Value, vintage: Option<String>) -> Selection {
    let mut s = selection(
        ENDUSE,
        &[
            ("partner", text("Japan")),
            ("year", toml::Value::Integer(year)),
            ("enduse_code", codes),
        ],
        &[],
        vintage,
    );
    s.aggregate = Aggregate::Sum;
    s
}

fn budget(fiscal_year: i64, measure: BudgetMeasure, vintage: Option<String>) -> Selection {
    selection(
        crate::data::ids::JAPAN_DEFENSE_BUDGET.as_str(),
        &[
            ("fiscal_year", toml::Value::Integer(fiscal_year)),
            ("measure", text(measure.id())),
        ],
        &[],
        vintage,
    )
}

fn rate(year: i64) -> Selection {
    let mut s = selection(
        crate::data::ids::USD_JPY_ANNUAL.as_str(),
        &[("year", toml::Value::Integer(year))],
        &[],
        None,
    );
    s.column = Some("jpy_per_usd".into());
    s
}

pub(super) fn expand_deficit(args: &Args) -> Result<Recipe> {
    let year = args.required_int("year")?;
    Ok(Recipe::new(
        BTreeMap::from([("balance".to_string(), balance(year, args.text("vintage")?))]),
        "-balance / 1000",
    ))
}

/// The vintages of the auto share's imports and balance in `year` when the claims file names
/// none: those of the analysis table (`auto_share_of_deficit`), which pairs them by the pairing
/// rule (data/README.md), so the fact-check and the notebook read one release.
fn paired_auto_share_vintages(
    year: i64,
    imports: Option<String>,
    balance: Option<String>,
) -> Result<(Option<String>, Option<String>)> {
    if balance.is_some() {
        return Ok((imports, balance));
    }
    let table =
        crate::analysis::partner_category_share("Japan", &crate::analysis::Category::Autos)?;
    let at = |column: &str| -> Result<Option<String>> {
        let years = table.ints("year")?;
        let values = table.texts(column)?;
        Ok(years
            .iter()
            .zip(values)
            .find(|(y, _)| **y == Some(year))
            .and_then(|(_, v)| v))
    };
    let table_imports = at("imports_vintage")?;
    match imports {
        Some(v) if Some(&v) != table_imports.as_ref() => {
            let candidates = super::resolve::distinct(
                crate::data::ids::US_JAPAN_GOODS_TRADE.as_str(),
                "vintage",
            )?;
            let pairing = crate::analysis::pair_releases(
                ENDUSE,
                [v.as_str()],
                &[crate::data::ids::US_JAPAN_GOODS_TRADE.as_str()],
                candidates.iter().map(String::as_str),
            );
            Ok((Some(v), pairing.map(|p| p.denominator)))
        }
        _ => Ok((table_imports, at("balance_vintage")?)),
    }
}

pub(super) fn expand_auto_share(args: &Args) -> Result<Recipe> {
    let year = args.required_int("year")?;
    let codes = args.codes()?;
    let (imports_vintage, balance_vintage) = paired_auto_share_vintages(
        year,
        args.text("imports_vintage")?,
        args.text("balance_vintage")?,
    )?;
    let mut inputs = BTreeMap::from([
        (
            "auto_imports".to_string(),
            enduse_imports(year, codes, imports_vintage),
        ),
        ("balance".to_string(), balance(year, balance_vintage)),
    ]);
    let value = match args.text("basis")?.as_deref() {
        None | Some("gross") => "auto_imports / -balance * 100",
        Some("net") => {
            let scope = args
                .text("exports_scope")?
                .unwrap_or_else(|| "hs87_vehicles_and_parts".into());
            inputs.insert(
                "auto_exports".into(),
                selection(
                    crate::data::ids::US_AUTO_EXPORTS_TO_JAPAN.as_str(),
                    &[
                        ("year", toml::Value::Integer(year)),
                        ("scope", text(&scope)),
                    ],
                    &[],
                    args.text("exports_vintage")?,
                ),
            );
            "(auto_imports - auto_exports) / -balance * 100"
        }
        Some(other) => {
            bail!(invalid(format!(
                "argument `basis` = `{other}`; expected `gross` or `net`"
            )));
        }
    };
    Ok(Recipe::new(inputs, value))
}

pub(super) fn expand_tariff_cost(args: &Args) -> Result<Recipe> {
    let year = args.required_int("year")?;
    let rate_pct = args.number("rate_pct")?.unwrap_or_default();
    if !(0.0..=1000.0).contains(&rate_pct) {
        bail!(invalid(format!(
            "argument `rate_pct` = {rate_pct} is not a tariff rate in percent (0–1000)"
        )));
    }
    imports_expansion(args, year, format!("{rate_pct} / 100 * imports / 1000"))
}

/// An expansion whose one input, `imports`, is the end-use imports of `year` for the codes of
/// `args` (and its `imports_vintage`), and whose value is `value`.
fn imports_expansion(args: &Args, year: i64, value: String) -> Result<Recipe> {
    Ok(Recipe::new(
        BTreeMap::from([(
            "imports".to_string(),
            enduse_imports(year, args.codes()?, args.text("imports_vintage")?),
        )]),
        value,
    ))
}

pub(super) fn expand_tariff_exporter_loss(args: &Args) -> Result<Recipe> {
    use crate::analysis::tariff::{DEFAULT_ELASTICITY, DEFAULT_OLD_RATE, DEFAULT_PASS_THROUGH};
    let year = args.required_int("year")?;
    let new_rate = args
        .number("rate_pct")?
        .ok_or_else(|| invalid("analysis `tariff_exporter_loss` needs argument `rate_pct`"))?;
    let old_rate = args.number("old_rate_pct")?.unwrap_or(DEFAULT_OLD_RATE);
    let elasticity = args.number("elasticity")?.unwrap_or(DEFAULT_ELASTICITY);
    let pass_through = args.number("pass_through")?.unwrap_or(DEFAULT_PASS_THROUGH);
    // The model's loss per dollar of base imports: the same function the tariff scenarios use.
    let share = crate::analysis::TariffScenario::autos()
        .base_imports(1.0)
        .old_rate(old_rate)
        .new_rate(new_rate)
        .elasticity(elasticity)
        .pass_through(pass_through)
        .run()
        .map_err(|e| invalid(format!("tariff model: {e}")))?
        .exporters_revenue_loss_usd_mn;
    imports_expansion(args, year, format!("{share} * imports / 1000"))
}

pub(super) fn expand_budget_usd(args: &Args) -> Result<Recipe> {
    let fy = args.required_int("fiscal_year")?;
    let rate_year = args.required_int("rate_year")?;
    let measure = args.budget_measure()?;
    Ok(Recipe::new(
        BTreeMap::from([
            (
                "budget_jpy_bn".to_string(),
                budget(fy, measure, args.text("vintage")?),
            ),
            ("jpy_per_usd".to_string(), rate(rate_year)),
        ]),
        "budget_jpy_bn / jpy_per_usd",
    ))
}

pub(super) fn expand_budget_growth(args: &Args) -> Result<Recipe> {
    let fy = args.required_int("fiscal_year")?;
    let measure = args.budget_measure()?;
    let vintage = args.text("vintage")?;
    let mut inputs = BTreeMap::from([
        (
            "this_year".to_string(),
            budget(fy, measure, vintage.clone()),
        ),
        ("last_year".to_string(), budget(fy - 1, measure, vintage)),
    ]);
    let value = match args.text("currency")?.as_deref() {
        None | Some("jpy") => "this_year / last_year * 100 - 100".to_string(),
        Some("usd") => {
            inputs.insert("rate_this_year".into(), rate(fy));
            inputs.insert("rate_last_year".into(), rate(fy - 1));
            "(this_year / rate_this_year) / (last_year / rate_last_year) * 100 - 100".to_string()
        }
        Some(other) => {
            bail!(invalid(format!(
                "argument `currency` = `{other}`; expected `jpy` or `usd`"
            )));
        }
    };
    Ok(Recipe::new(inputs, value))
}
