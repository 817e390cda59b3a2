//! The figures of a partner's own defence budget (a sidecar's `partner_series` holding
//! `defence-budget`, in the partner's currency): its amount in US dollars at an annual-average
//! rate, and its growth over the previous fiscal year in its currency or in dollars.
//!
//! The rates are the Federal Reserve's annual averages (`fx_annual`), the currency the partner
//! registry gives the partner: the rates [`crate::analysis::CurrencyRates`] reads.

use std::collections::BTreeMap;

use super::resolve::{self, CensusPartner};
use super::{Args, Recipe, int, selection, text};
use crate::Result;
use crate::analysis::traced::ReleasePick;
use crate::analysis::traced::{Selection, invalid};
use crate::analysis::{BudgetMeasure, DefenceBudget, GrowthBasis, Vintage};
use crate::data::SeriesHolds;
use crate::data::ids::FX_ANNUAL;
use crate::error::bail;

/// A partner with its defence budget series and its currency.
struct Budgeted {
    dataset: &'static str,
    currency: String,
}

/// The partner argument's defence budget series; an error naming the partners that have one.
fn budgeted(args: &Args) -> Result<Budgeted> {
    let p: CensusPartner = resolve::census_partner(&args.required_text("partner")?, None)?;
    // the registry's record: its name for the reader ("South Korea", not Census's "Korea,
    // South") and the currency of the budget
    let registry = |code: &str| crate::data::partner(code).ok();
    let shown = |p: &CensusPartner| registry(&p.code).map_or_else(|| p.name.clone(), |r| r.name);
    let Some(entry) = crate::data::partner_series(&p.code, SeriesHolds::DefenceBudget) else {
        let with: Vec<String> = crate::data::catalog()
            .iter()
            .filter_map(|e| e.meta.partner_series.as_ref())
            .filter(|s| s.holds == SeriesHolds::DefenceBudget)
            .filter_map(|s| resolve::census_partner(&s.census_code, None).ok())
            .map(|p| shown(&p))
            .collect();
        bail!(crate::Error::no_data(
            format!("a defence budget of {}", shown(&p)),
            format!(
                "no dataset holds the defence budget of {} (partners with one: {})",
                shown(&p),
                if with.is_empty() {
                    "none".to_string()
                } else {
                    with.join(", ")
                }
            ),
        ));
    };
    let currency = registry(&p.code).and_then(|r| r.currency).ok_or_else(|| {
        invalid(format!(
            "the partner registry gives no currency for {}: its budget cannot be converted",
            shown(&p)
        ))
    })?;
    Ok(Budgeted {
        dataset: entry.meta.id.as_str(),
        currency,
    })
}

fn budget(
    b: &Budgeted,
    fiscal_year: i64,
    measure: BudgetMeasure,
    vintage: Option<String>,
) -> Selection {
    selection(
        b.dataset,
        &[
            ("fiscal_year", int(fiscal_year)),
            ("measure", text(measure.id())),
        ],
        &[],
        vintage,
    )
}

/// The annual-average units of the budget's currency per US dollar in `year`.
fn rate(b: &Budgeted, year: i64) -> Selection {
    let mut s = selection(
        FX_ANNUAL.as_str(),
        &[("currency", text(&b.currency)), ("year", int(year))],
        &[],
        None,
    );
    s.column = Some("units_per_usd".into());
    s
}

pub(super) fn expand_budget_usd(args: &Args) -> Result<Recipe> {
    let fy = args.required_int("fiscal_year")?;
    let rate_year = args.required_int("rate_year")?;
    let measure = args.budget_measure()?;
    let b = budgeted(args)?;
    let vintage = args.text("vintage")?;
    let recipe = Recipe::new(
        BTreeMap::from([
            (
                "budget".to_string(),
                budget(&b, fy, measure, vintage.clone()),
            ),
            ("units_per_usd".to_string(), rate(&b, rate_year)),
        ]),
        "budget / units_per_usd",
    );
    // On the latest data and at the fiscal year's own rate, the budget analysis's dollars.
    if args.pick != ReleasePick::Latest || rate_year != fy {
        return Ok(recipe);
    }
    let table = DefenceBudget::new().dataset(b.dataset).and_then(|d| {
        d.measure(measure)
            .vintage(vintage.map_or(Vintage::LatestCovering, Vintage::named))
            .table()
    });
    Ok(
        match table.and_then(|t| t.value_at("fiscal_year", fy, "budget_usd_bn")) {
            Ok(usd) => recipe.computed_by(usd, "tradedef::analysis::DefenceBudget::table"),
            Err(_) => recipe, // a dataset the analysis does not know, or a gap the rows show
        },
    )
}

pub(super) fn expand_budget_growth(args: &Args) -> Result<Recipe> {
    let fy = args.required_int("fiscal_year")?;
    let measure = args.budget_measure()?;
    let vintage = args.text("vintage")?;
    let b = budgeted(args)?;
    let mut inputs = BTreeMap::from([
        (
            "this_year".to_string(),
            budget(&b, fy, measure, vintage.clone()),
        ),
        (
            "last_year".to_string(),
            budget(&b, fy - 1, measure, vintage),
        ),
    ]);
    let value = match args.text("currency")?.map(|c| c.to_lowercase()).as_deref() {
        Some("usd") => {
            inputs.insert("rate_this_year".into(), rate(&b, fy));
            inputs.insert("rate_last_year".into(), rate(&b, fy - 1));
            "(this_year / rate_this_year) / (last_year / rate_last_year) * 100 - 100".to_string()
        }
        Some(c) if c != b.currency.to_lowercase() && c != "local" => {
            bail!(invalid(format!(
                "argument `currency` = `{c}`; expected `local` (the budget's currency, {}) or `usd`",
                b.currency
            )));
        }
        _ => "this_year / last_year * 100 - 100".to_string(),
    };
    let usd = inputs.contains_key("rate_this_year");
    let recipe = Recipe::new(inputs, value);
    // On the latest data, the growth the budget analysis computes, where it knows the dataset
    // (an earlier release, as on a story's date, is read from the rows alone).
    if args.pick != ReleasePick::Latest {
        return Ok(recipe);
    }
    let vintage = match args.text("vintage")? {
        Some(v) => Vintage::named(v),
        None => Vintage::LatestCovering,
    };
    let basis = if usd {
        GrowthBasis::NominalDollars
    } else {
        GrowthBasis::NominalYen
    };
    let growth = DefenceBudget::new()
        .dataset(b.dataset)
        .and_then(|d| d.measure(measure).vintage(vintage).growth(fy - 1, fy));
    Ok(match growth.as_ref().map(|g| g.basis(basis)) {
        Ok(Ok(change)) => recipe.computed_by(
            change.change_pct,
            "tradedef::analysis::DefenceBudget::growth",
        ),
        _ => recipe, // a dataset the analysis does not know, or a gap the rows show
    })
}
