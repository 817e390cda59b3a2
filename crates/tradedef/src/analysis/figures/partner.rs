//! The analyses of any US trading partner: its goods deficit and a category's share of it.

use std::collections::BTreeMap;

use super::japan::balance;
use super::resolve;
use super::{Args, Recipe, int, selection, text};
use crate::Result;
use crate::analysis::traced::invalid;
use crate::analysis::traced::{Aggregate, Selection};
use crate::analysis::trade::ENDUSE;
use crate::error::bail;

/// The goods balance with a partner in a year: `us_goods_trade_by_partner` by partner code, or
/// for Japan, when `vintage` is one of `us_japan_goods_trade`'s only, that dataset.
fn partner_balance(partner: &str, year: i64, vintage: Option<String>) -> Result<Selection> {
    let p = resolve::census_partner(partner, Some(year))?;
    if p.name == "Japan"
        && let Some(v) = &vintage
        && !resolve::distinct(resolve::CENSUS_PARTNERS, "vintage")?.contains(v)
        && resolve::distinct(crate::data::ids::US_JAPAN_GOODS_TRADE.as_str(), "vintage")?
            .contains(v)
    {
        return Ok(balance(year, vintage));
    }
    Ok(selection(
        resolve::CENSUS_PARTNERS,
        &[
            ("partner_code", text(&p.code)),
            ("flow", text("balance")),
            ("year", int(year)),
        ],
        &[],
        vintage,
    ))
}

pub(super) fn expand_goods_deficit(args: &Args) -> Result<Recipe> {
    let year = args.required_int("year")?;
    let partner = args.required_text("partner")?;
    Ok(Recipe::new(
        BTreeMap::from([(
            "balance".to_string(),
            partner_balance(&partner, year, args.text("vintage")?)?,
        )]),
        "-balance / 1000",
    ))
}

pub(super) fn expand_category_share(args: &Args) -> Result<Recipe> {
    let year = args.required_int("year")?;
    let partner = args.required_text("partner")?;
    match args.text("basis")?.as_deref() {
        None | Some("gross") => {}
        Some("net") => {
            bail!(invalid(
                "argument `basis` = `net` needs US exports by end use and partner, which these data do not hold; use `gross` (or `auto_share_of_deficit` for Japan's autos)"
            ));
        }
        Some(other) => {
            bail!(invalid(format!(
                "argument `basis` = `{other}`; expected `gross`"
            )));
        }
    }
    let codes = match (args.table.get("codes"), args.table.get("category")) {
        (Some(_), None) => args.codes()?,
        (None, Some(category)) => category_range(category)?,
        (Some(_), Some(_)) => bail!(invalid("give `codes` or `category`, not both")),
        (None, None) => bail!(invalid(
            "needs `codes` (a list of end-use codes) or `category`"
        )),
    };
    let p = resolve::census_partner(&partner, Some(year))?;
    let partner_filter = if resolve::has_column(ENDUSE, "partner_code")? {
        ("partner_code", text(&p.code))
    } else {
        ("partner", text(&p.name))
    };
    let mut imports = selection(
        ENDUSE,
        &[partner_filter, ("year", int(year)), ("enduse_code", codes)],
        &[],
        args.text("imports_vintage")?,
    );
    imports.aggregate = Aggregate::Sum;
    Ok(Recipe::new(
        BTreeMap::from([
            ("imports".to_string(), imports),
            (
                "balance".to_string(),
                partner_balance(&partner, year, args.text("balance_vintage")?)?,
            ),
        ]),
        "imports / -balance * 100",
    ))
}

/// The end-use codes of a category (0–9) or a code prefix ("300"), as an inclusive range.
fn category_range(category: &toml::Value) -> Result<toml::Value> {
    let prefix = match category {
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
    };
    Ok(prefix_range(&prefix))
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
