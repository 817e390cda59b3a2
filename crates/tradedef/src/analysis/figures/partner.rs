//! The figures of any US trading partner: its goods deficit, a category's share of it (gross, or
//! net of US exports where the partner has a series of them), and a tariff's cost on its goods.
//!
//! A partner's own series (a sidecar's `partner_series`: more releases or more detail than the
//! all-partner files) is found through its declaration, never by a name in the code: the
//! balance is read from it when `series = "own"`, or when the release asked for is one only it
//! holds.

use std::collections::BTreeMap;

use super::resolve::{self, CensusPartner};
use super::{Args, Recipe, int, selection, text};
use crate::Result;
use crate::analysis::traced::{Aggregate, Selection, invalid};
use crate::analysis::trade::{Category, ENDUSE};
use crate::data::SeriesHolds;
use crate::error::{bail, ensure};

/// The partner argument, resolved through the registry.
fn partner(args: &Args, year: i64) -> Result<CensusPartner> {
    resolve::census_partner(&args.required_text("partner")?, Some(year))
}

/// The partner's own series holding `holds`, if a sidecar declares one.
fn own_series(p: &CensusPartner, holds: SeriesHolds) -> Option<&'static str> {
    crate::data::partner_series(&p.code, holds).map(|e| e.meta.id.as_str())
}

/// Where the goods balance is read from: `series = "own"` (the partner's own series, an error
/// naming the partners that have one when it has none), `"all_partners"`, or by default the
/// all-partner file unless the release asked for is one only the own series holds.
fn balance_series(
    args: &Args,
    p: &CensusPartner,
    vintage: Option<&str>,
) -> Result<Option<&'static str>> {
    let own = own_series(p, SeriesHolds::GoodsTrade);
    match args.text("series")?.as_deref() {
        Some("own") => own.map(Some).ok_or_else(|| {
            invalid(format!(
                "argument `series` = `own`: {} has no goods-trade series of its own; use `all_partners`",
                p.name
            ))
        }),
        Some("all_partners") => Ok(None),
        Some(other) => bail!(invalid(format!(
            "argument `series` = `{other}`; expected `own` or `all_partners`"
        ))),
        None => match (own, vintage) {
            (Some(id), Some(v))
                if !resolve::distinct(resolve::CENSUS_PARTNERS, "vintage")?.contains(v)
                    && resolve::distinct(id, "vintage")?.contains(v) =>
            {
                Ok(Some(id))
            }
            _ => Ok(None),
        },
    }
}

/// The goods balance with a partner in a year, from `series` (a partner's own series) or the
/// all-partner file.
fn balance(
    p: &CensusPartner,
    year: i64,
    vintage: Option<String>,
    series: Option<&str>,
) -> Result<Selection> {
    Ok(match series {
        Some(id) => {
            let annual: &[&str] = if resolve::has_column(id, "month")? {
                &["month"]
            } else {
                &[]
            };
            selection(
                id,
                &[("flow", text("balance")), ("year", int(year))],
                annual,
                vintage,
            )
        }
        None => selection(
            resolve::CENSUS_PARTNERS,
            &[
                ("partner_code", text(&p.code)),
                ("flow", text("balance")),
                ("year", int(year)),
            ],
            &[],
            vintage,
        ),
    })
}

pub(super) fn expand_goods_deficit(args: &Args) -> Result<Recipe> {
    let year = args.required_int("year")?;
    let p = partner(args, year)?;
    let vintage = args.text("vintage")?;
    let series = balance_series(args, &p, vintage.as_deref())?;
    Ok(Recipe::new(
        BTreeMap::from([("balance".to_string(), balance(&p, year, vintage, series)?)]),
        "-balance / 1000",
    ))
}

/// US imports from a partner of some end-use codes in a year, summed.
fn enduse_imports(
    p: &CensusPartner,
    year: i64,
    codes: toml::Value,
    vintage: Option<String>,
) -> Result<Selection> {
    let partner_filter = if resolve::has_column(ENDUSE, "partner_code")? {
        ("partner_code", text(&p.code))
    } else {
        ("partner", text(&p.name))
    };
    let mut s = selection(
        ENDUSE,
        &[partner_filter, ("year", int(year)), ("enduse_code", codes)],
        &[],
        vintage,
    );
    s.aggregate = Aggregate::Sum;
    Ok(s)
}

/// The codes a figure counts: the `codes` given, or those of the `category`; with the category
/// when one is named (its analysis table then gives the releases and the share).
fn codes_or_category(args: &Args) -> Result<(toml::Value, Option<Category>)> {
    match (args.table.get("codes"), args.table.get("category")) {
        (Some(_), None) => Ok((args.codes()?, None)),
        (None, Some(category)) => {
            let prefix = category_prefix(category)?;
            Ok((prefix_range(&prefix), Some(Category::of_prefix(&prefix))))
        }
        (Some(_), Some(_)) => bail!(invalid("give `codes` or `category`, not both")),
        (None, None) => bail!(invalid(
            "needs `codes` (a list of end-use codes) or `category`"
        )),
    }
}

/// The inputs of the goods deficit with a partner in a year, named as the expression reads them:
/// `goods_imports` and `goods_exports`, the deficit their difference, as the goods balance of
/// [`crate::analysis::bilateral_balance`] computes it; or, where the release does not publish
/// both flows, `balance` alone. With the deficit's expression over them.
fn deficit_inputs(
    p: &CensusPartner,
    year: i64,
    vintage: Option<String>,
    series: Option<&str>,
    pick: crate::analysis::traced::ReleasePick,
) -> Result<(BTreeMap<String, Selection>, &'static str)> {
    let flow = |name: &str| -> Result<Selection> {
        let mut s = balance(p, year, vintage.clone(), series)?;
        s.filter.insert("flow".into(), text(name));
        Ok(s)
    };
    let (exports, imports) = (flow("exports")?, flow("imports")?);
    let held = |s: &Selection| -> Result<bool> {
        Ok(crate::analysis::traced::evaluate_selection(s, pick)?
            .value
            .is_ok())
    };
    Ok(if held(&exports)? && held(&imports)? {
        (
            BTreeMap::from([
                ("goods_exports".to_string(), exports),
                ("goods_imports".to_string(), imports),
            ]),
            "(goods_imports - goods_exports)",
        )
    } else {
        (
            BTreeMap::from([("balance".to_string(), balance(p, year, vintage, series)?)]),
            "-balance",
        )
    })
}

/// One year's row of a category's share table ([`crate::analysis::partner_category_share`]).
struct ShareRow {
    imports_vintage: Option<String>,
    balance_vintage: Option<String>,
    exports_scope: Option<String>,
    gross: Option<f64>,
    net: Option<f64>,
}

fn share_row(p: &CensusPartner, category: &Category, year: i64) -> Result<Option<ShareRow>> {
    let table = crate::analysis::partner_category_share(p.code.as_str(), category)?;
    let years = table.ints("year")?;
    let Some(i) = years.iter().position(|y| *y == Some(year)) else {
        return Ok(None);
    };
    let text_at = |c: &str| -> Result<Option<String>> { Ok(table.texts(c)?[i].clone()) };
    let float_at = |c: &str| -> Result<Option<f64>> { Ok(table.floats(c)?[i]) };
    Ok(Some(ShareRow {
        imports_vintage: text_at("imports_vintage")?,
        balance_vintage: text_at("balance_vintage")?,
        exports_scope: text_at("exports_scope")?,
        gross: float_at("gross_share_pct")?,
        net: float_at("net_share_pct")?,
    }))
}

/// A category's share of the US goods deficit with a partner in a year, gross or net.
///
/// With a `category`, the share is the one [`crate::analysis::partner_category_share`] computes
/// (its row of the year, from the releases it pairs by the pairing rule, data/README.md), and
/// the rows are those it used: the figure is an error if they give another number. Releases or
/// an export scope named in the arguments replace the table's, and the rows then give the share.
pub(super) fn expand_category_share(args: &Args) -> Result<Recipe> {
    let year = args.required_int("year")?;
    let p = partner(args, year)?;
    let net = match args.text("basis")?.as_deref() {
        None | Some("gross") => false,
        Some("net") => true,
        Some(other) => bail!(invalid(format!(
            "argument `basis` = `{other}`; expected `gross` or `net`"
        ))),
    };
    let (codes, category) = codes_or_category(args)?;
    let row = match &category {
        Some(c) => share_row(&p, c, year)?,
        None => None,
    };
    let named_imports = args.text("imports_vintage")?;
    let named_balance = args.text("balance_vintage")?;
    let (imports_vintage, balance_vintage) = match (&row, named_imports, named_balance) {
        (_, i, Some(b)) => (i, Some(b)),
        (Some(r), None, None) => (r.imports_vintage.clone(), r.balance_vintage.clone()),
        (Some(r), Some(i), None) if Some(&i) == r.imports_vintage.as_ref() => {
            (Some(i), r.balance_vintage.clone())
        }
        // imports of another release: the balance of the release that pairs with it
        (_, Some(i), None) => {
            let series = balance_series(args, &p, None)?.unwrap_or(resolve::CENSUS_PARTNERS);
            let candidates = resolve::distinct(series, "vintage")?;
            let pairing = crate::analysis::pair_releases(
                ENDUSE,
                [i.as_str()],
                &[series],
                candidates.iter().map(String::as_str),
            );
            (Some(i), pairing.map(|p| p.denominator))
        }
        (None, None, None) => (None, None),
    };
    let series = balance_series(args, &p, balance_vintage.as_deref())?;
    let (mut inputs, deficit) =
        deficit_inputs(&p, year, balance_vintage.clone(), series, args.pick)?;
    inputs.insert(
        "imports".to_string(),
        enduse_imports(&p, year, codes, imports_vintage.clone())?,
    );
    let table_scope = row.as_ref().and_then(|r| r.exports_scope.clone());
    let named_scope = args.text("exports_scope")?;
    let value = if net {
        let exports_id = own_series(&p, SeriesHolds::CategoryExports).ok_or_else(|| {
            invalid(format!(
                "argument `basis` = `net` needs US exports of the category to {}, which these data do not hold; use `gross`",
                p.name
            ))
        })?;
        let scope = named_scope.clone().or(table_scope.clone()).ok_or_else(|| {
            invalid(format!(
                "argument `basis` = `net`: name the `exports_scope` of {exports_id} to subtract"
            ))
        })?;
        inputs.insert(
            "exports".into(),
            selection(
                exports_id,
                &[("year", int(year)), ("scope", text(&scope))],
                &[],
                args.text("exports_vintage")?,
            ),
        );
        format!("(imports - exports) / {deficit} * 100")
    } else {
        format!("imports / {deficit} * 100")
    };
    let mut recipe = Recipe::new(inputs, value);
    // the table's share, when the figure reads the rows the table used
    if let Some(r) = &row
        && imports_vintage == r.imports_vintage
        && balance_vintage == r.balance_vintage
        && (!net || named_scope.is_none() || named_scope == table_scope)
        && args.text("exports_vintage")?.is_none()
        && series_is_the_tables(args)?
    {
        let share = if net { r.net } else { r.gross };
        if let Some(share) = share {
            recipe = recipe.computed_by(share, "tradedef::analysis::partner_category_share");
        }
    }
    Ok(recipe)
}

/// Whether the balance series is left to the rule the analysis table follows too.
fn series_is_the_tables(args: &Args) -> Result<bool> {
    Ok(matches!(
        args.text("series")?.as_deref(),
        None | Some("own")
    ))
}

/// The end-use codes of a category (0–9) or a code prefix ("300"), as an inclusive range.
fn category_prefix(category: &toml::Value) -> Result<String> {
    Ok(match category {
        toml::Value::Integer(i) if (0..=9).contains(i) => i.to_string(),
        toml::Value::String(s)
            if (1..=4).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) =>
        {
            s.clone()
        }
        other => {
            bail!(invalid(format!(
                "argument `category` = `{other}`: expected an end-use category 0–9 (integer) or a code prefix of 1–4 digits (text)"
            )));
        }
    })
}

/// Every 5-digit end-use code that starts with `prefix`, as an inclusive range filter.
pub(super) fn prefix_range(prefix: &str) -> toml::Value {
    let pad = 5usize.saturating_sub(prefix.len());
    toml::Value::Table(toml::Table::from_iter([
        (
            "from".to_string(),
            text(&format!("{prefix}{}", "0".repeat(pad))),
        ),
        (
            "to".to_string(),
            text(&format!("{prefix}{}", "9".repeat(pad))),
        ),
    ]))
}

pub(super) fn expand_tariff_cost(args: &Args) -> Result<Recipe> {
    let year = args.required_int("year")?;
    let rate_pct = args.number("rate_pct")?.unwrap_or_default();
    ensure!(
        (0.0..=1000.0).contains(&rate_pct),
        invalid(format!(
            "argument `rate_pct` = {rate_pct} is not a tariff rate in percent (0–1000)"
        ))
    );
    imports_recipe(args, year, format!("{rate_pct} / 100 * imports / 1000"))
}

/// A recipe whose one input, `imports`, is the partner's end-use imports of `year` for the
/// codes of `args` (and its `imports_vintage`), and whose value is `value`.
fn imports_recipe(args: &Args, year: i64, value: String) -> Result<Recipe> {
    let p = partner(args, year)?;
    Ok(Recipe::new(
        BTreeMap::from([(
            "imports".to_string(),
            enduse_imports(&p, year, args.codes()?, args.text("imports_vintage")?)?,
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
    // The model's loss per dollar of base imports: the function the tariff scenarios use.
    let share = crate::analysis::TariffScenario::autos()
        .base_imports(1.0)
        .old_rate(old_rate)
        .new_rate(new_rate)
        .elasticity(elasticity)
        .pass_through(pass_through)
        .run()
        .map_err(|e| {
            invalid(format!(
                "tariff model: {}",
                crate::analysis::traced::words_of(&e)
            ))
        })?
        .exporters_revenue_loss_usd_mn;
    imports_recipe(args, year, format!("{share} * imports / 1000"))
}
