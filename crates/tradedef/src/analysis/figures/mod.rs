//! Named figures: the single numbers a story quotes (the US goods deficit with a partner in a
//! year, a category's share of it, a country's military spending, its rank…), each computed by
//! one function from named dataset selections, and returned with the rows it used
//! ([`Traced`]).
//!
//! [`compute`] takes a figure's name and its arguments (as a claims file writes them, in TOML),
//! and gives the figure traced to rows; [`analyses`] lists every named figure with its
//! arguments. Every argument is checked: an unknown name or argument, or a missing one, is an
//! error that lists what exists. The claims ledger measures `analysis = "…"` claims with these
//! functions and records the rows they return.
//!
//! ```
//! use tradedef::analysis::figures;
//! use tradedef::analysis::traced::ReleasePick;
//! let args: toml::Table = toml::from_str("partner = \"Mexico\"\nyear = 2024").unwrap();
//! let deficit = figures::compute("us_goods_deficit", &args, ReleasePick::Latest)?;
//! assert!(deficit.value.unwrap() > 100.0);
//! assert!(deficit.inputs.iter().all(|i| !i.rows.rows.is_empty()));
//! # Ok::<(), tradedef::Error>(())
//! ```

mod budget;
mod milex;
mod partner;
mod registry;
mod resolve;
mod trade;

use std::collections::BTreeMap;

use crate::Result;
use crate::analysis::traced::invalid;
use crate::analysis::traced::{Aggregate, Selection};
use crate::analysis::traced::{Recipe, ReleasePick, Traced, words_of};
use crate::analysis::{BudgetMeasure, Category};
use crate::error::bail;
use partner::prefix_range;

use registry::ANALYSES;
pub use registry::analyses;

/// One argument of an analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnalysisArg {
    /// The name in `args`.
    pub name: &'static str,
    /// What it means, its type and its default (if any).
    pub doc: &'static str,
    /// Whether it must be given.
    pub required: bool,
}

/// A named analysis: what it computes and the arguments it takes.
#[derive(Debug, Clone, Copy)]
pub struct Analysis {
    /// The name a claims file uses.
    pub name: &'static str,
    /// What it computes, and in which unit.
    pub summary: &'static str,
    /// The arguments.
    pub args: &'static [AnalysisArg],
    expand: fn(&Args) -> Result<Recipe>,
}

const fn req(name: &'static str, doc: &'static str) -> AnalysisArg {
    AnalysisArg {
        name,
        doc,
        required: true,
    }
}
const fn opt(name: &'static str, doc: &'static str) -> AnalysisArg {
    AnalysisArg {
        name,
        doc,
        required: false,
    }
}

/// Names analyses had before, and their names now: claims files that use them still read.
const FORMER_NAMES: &str = include_str!("former_names.toml");

/// A name a figure had before: the figure now, and the arguments the former name implied.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Former {
    now: String,
    #[serde(default)]
    args: toml::Table,
}

/// The figure a name stands for now, with the arguments the name implied added to `args`.
fn current_name(name: &str, args: &toml::Table) -> Result<(String, toml::Table)> {
    let mut formers: BTreeMap<String, Former> = toml::from_str(FORMER_NAMES)
        .map_err(|e| invalid(format!("former_names.toml: {}", e.message())))?;
    let Some(former) = formers.remove(name) else {
        return Ok((name.to_string(), args.clone()));
    };
    let mut all = args.clone();
    for (k, v) in former.args {
        let excluded = k == "category" && args.contains_key("codes");
        if !excluded && !all.contains_key(&k) {
            all.insert(k, v);
        }
    }
    Ok((former.now, all))
}

/// The recipe of the named figure `name` with its arguments: its selections and expression.
/// Errors list the figures or the arguments.
pub fn recipe(name: &str, args: &toml::Table, pick: ReleasePick) -> Result<Recipe> {
    let (name, args) = current_name(name, args)?;
    let (name, args) = (name.as_str(), &args);
    let analysis = ANALYSES.iter().find(|a| a.name == name).ok_or_else(|| {
        let near = crate::similar::closest(name, ANALYSES.iter().map(|a| a.name), 3);
        invalid(format!(
            "unknown analysis `{name}`{}; analyses: {}",
            if near.is_empty() {
                String::new()
            } else {
                format!(" (closest: {})", near.join(", "))
            },
            ANALYSES
                .iter()
                .map(|a| a.name)
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })?;
    let names = || {
        analysis
            .args
            .iter()
            .map(|a| a.name)
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(k) = args
        .keys()
        .find(|k| !analysis.args.iter().any(|a| a.name == k.as_str()))
    {
        bail!(invalid(format!(
            "analysis `{name}` takes no argument `{k}`; its arguments: {}",
            names()
        )));
    }
    if let Some(a) = analysis
        .args
        .iter()
        .find(|a| a.required && !args.contains_key(a.name))
    {
        bail!(invalid(format!(
            "analysis `{name}` needs argument `{}` ({})",
            a.name, a.doc
        )));
    }
    (analysis.expand)(&Args {
        analysis: name,
        table: args,
        pick,
    })
    .map_err(|e| match e {
        // a figure the data do not hold stays a gap, not an error in the request
        e @ crate::Error::NoData { .. } => e,
        e => invalid(format!("analysis `{name}`: {}", words_of(&e))),
    })
}

/// The named figure `name` with its arguments `args`, traced to the rows it used; a release the
/// arguments do not name is chosen by `pick`. Its `method` reads
/// `analysis name(args) → value = …`. An unknown name or argument is an error listing what
/// exists; a figure the data do not hold has no `value` and says why in `unavailable`.
pub fn compute(name: &str, args: &toml::Table, pick: ReleasePick) -> Result<Traced> {
    let args_text: Vec<String> = args.iter().map(|(k, v)| format!("{k} = {v}")).collect();
    let recipe = match recipe(name, args, pick) {
        Ok(r) => r,
        // the data hold no such figure (a partner without the series): no value, and why
        Err(crate::Error::NoData { why, .. }) => {
            return Ok(Traced {
                method: format!("analysis {name}({})", args_text.join(", ")),
                value: None,
                unavailable: Some(why),
                inputs: Vec::new(),
                provenance: crate::data::Provenance::default(),
            });
        }
        Err(e) => return Err(e),
    };
    let mut traced = recipe.evaluate(pick)?;
    // the analysis that computed the figure from these rows, when one did
    let by = match (&recipe.computed, traced.value) {
        (Some((_, by)), Some(_)) => format!(" = {by}"),
        _ => String::new(),
    };
    traced.method = format!(
        "analysis {name}({}) → value = {}{by}",
        args_text.join(", "),
        recipe.value
    );
    Ok(traced)
}

struct Args<'a> {
    analysis: &'a str,
    table: &'a toml::Table,
    /// The rule for a release the arguments do not name.
    pick: ReleasePick,
}

impl Args<'_> {
    fn int(&self, name: &str) -> Result<Option<i64>> {
        match self.table.get(name) {
            None => Ok(None),
            Some(toml::Value::Integer(i)) => Ok(Some(*i)),
            Some(v) => Err(invalid(format!(
                "argument `{name}` must be a whole number, found {} `{v}`",
                v.type_str()
            ))),
        }
    }
    fn number(&self, name: &str) -> Result<Option<f64>> {
        match self.table.get(name) {
            None => Ok(None),
            Some(toml::Value::Integer(i)) => Ok(Some(*i as f64)),
            Some(toml::Value::Float(x)) => Ok(Some(*x)),
            Some(v) => Err(invalid(format!(
                "argument `{name}` must be a number, found {} `{v}`",
                v.type_str()
            ))),
        }
    }
    fn text(&self, name: &str) -> Result<Option<String>> {
        match self.table.get(name) {
            None => Ok(None),
            Some(toml::Value::String(s)) => Ok(Some(s.clone())),
            Some(v) => Err(invalid(format!(
                "argument `{name}` must be text, found {} `{v}`",
                v.type_str()
            ))),
        }
    }
    /// The `enduse_code` filter: the `codes` given, else every code of end-use category 3
    /// ([`Category::Autos`], the definition the analyses of `crate::analysis` use).
    fn codes(&self) -> Result<toml::Value> {
        match self.table.get("codes") {
            None => Ok(prefix_range(Category::Autos.prefix())),
            Some(toml::Value::Array(items)) if !items.is_empty() => items
                .iter()
                .map(|v| match v {
                    toml::Value::String(s)
                        if s.len() == 5 && s.bytes().all(|b| b.is_ascii_digit()) =>
                    {
                        Ok(text(s))
                    }
                    other => Err(invalid(format!(
                        "argument `codes` lists `{other}`, not a 5-digit end-use code in quotes"
                    ))),
                })
                .collect::<Result<Vec<_>>>()
                .map(toml::Value::Array),
            Some(v) => Err(invalid(format!(
                "argument `codes` must be a non-empty list of 5-digit end-use codes, found `{v}`"
            ))),
        }
    }
    /// The `measure` of a defence budget: the one named, else [`BudgetMeasure::default`]
    /// (the default of `crate::analysis` too).
    fn budget_measure(&self) -> Result<BudgetMeasure> {
        match self.text("measure")? {
            Some(id) => BudgetMeasure::from_id(&id),
            None => Ok(BudgetMeasure::default()),
        }
    }
    fn required_text(&self, name: &str) -> Result<String> {
        self.text(name)?.ok_or_else(|| {
            invalid(format!(
                "analysis `{}` needs argument `{name}`",
                self.analysis
            ))
        })
    }
    fn required_int(&self, name: &str) -> Result<i64> {
        self.int(name)?.ok_or_else(|| {
            invalid(format!(
                "analysis `{}` needs argument `{name}`",
                self.analysis
            ))
        })
    }
}

fn selection(
    dataset: &str,
    filter: &[(&str, toml::Value)],
    empty: &[&str],
    vintage: Option<String>,
) -> Selection {
    Selection {
        dataset: dataset.to_string(),
        filter: filter
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
        empty: empty.iter().map(|s| s.to_string()).collect(),
        vintage,
        column: None,
        aggregate: Aggregate::Only,
        sort_by: None,
        scale: None,
    }
}

fn text(s: &str) -> toml::Value {
    toml::Value::String(s.to_string())
}

fn int(i: i64) -> toml::Value {
    toml::Value::Integer(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_names_and_arguments_list_what_exists() {
        let e = recipe("gdp_growth", &toml::Table::new(), ReleasePick::Latest)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("unknown analysis `gdp_growth`") && e.contains("defence_budget_growth"),
            "{e}"
        );
        let args: toml::Table = toml::from_str("year = 2024\nyaer = 1").unwrap();
        let e = recipe("us_japan_goods_deficit", &args, ReleasePick::Latest)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("no argument `yaer`") && e.contains("year, vintage"),
            "{e}"
        );
        let e = recipe(
            "defence_budget_usd",
            &toml::from_str("partner = \"Japan\"\nfiscal_year = 2025").unwrap(),
            ReleasePick::Latest,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("needs argument `rate_year`"), "{e}");
        // a partner with no budget series of its own: a gap that names those that have one
        let e = recipe(
            "defence_budget_usd",
            &toml::from_str("partner = \"Mexico\"\nfiscal_year = 2025\nrate_year = 2024").unwrap(),
            ReleasePick::Latest,
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("Mexico") && e.contains("partners with one: Japan"),
            "{e}"
        );
        let e = recipe(
            "us_japan_goods_deficit",
            &toml::from_str("year = \"2024\"").unwrap(),
            ReleasePick::Latest,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("must be a whole number"), "{e}");
    }

    #[test]
    fn the_docs_list_every_analysis_and_its_arguments() {
        let docs = include_str!("registry.rs");
        let table: Vec<&str> = docs.lines().filter(|l| l.starts_with("/// | `")).collect();
        for a in analyses() {
            let row = table
                .iter()
                .find(|l| l.starts_with(&format!("/// | `{}` |", a.name)))
                .unwrap_or_else(|| panic!("no row for `{}` in the docs of `analyses()`", a.name));
            for arg in a.args {
                assert!(
                    row.contains(&format!("`{}`", arg.name)),
                    "`{}`: `{}`",
                    a.name,
                    arg.name
                );
            }
        }
    }

    #[test]
    fn defaults_are_those_of_the_analysis_module() {
        // The budget measure: one default, `BudgetMeasure::default()`, named in the docs.
        let docs: Vec<&str> = analyses()
            .iter()
            .flat_map(|a| a.args.iter())
            .filter(|a| a.name == "measure" && a.doc.starts_with("budget"))
            .map(|a| a.doc)
            .collect();
        assert_eq!(docs.len(), 2);
        let default = format!("\"{}\" (the default", BudgetMeasure::default().id());
        assert!(docs.iter().all(|d| d.contains(&default)), "{docs:?}");
        let args: toml::Table = toml::from_str("partner = \"Japan\"\nfiscal_year = 2025").unwrap();
        // (under the name it had before, which claims files may still use)
        let x = recipe("defense_budget_growth", &args, ReleasePick::Latest).unwrap();
        assert_eq!(
            x.inputs["this_year"].filter["measure"].as_str(),
            Some(BudgetMeasure::default().id())
        );
        // The auto codes: every end-use code of `Category::Autos`, as the analyses count them.
        let args = toml::Table::from_iter([("year".to_string(), toml::Value::Integer(2024))]);
        let x = recipe("auto_share_of_deficit", &args, ReleasePick::Latest).unwrap();
        let codes = &x.inputs["imports"].filter["enduse_code"];
        let autos = crate::analysis::trade::category::category_codes(&Category::Autos).unwrap();
        let (from, to) = (
            codes["from"].as_str().unwrap(),
            codes["to"].as_str().unwrap(),
        );
        assert!(
            autos.iter().all(|c| (from..=to).contains(&c.as_str())),
            "{codes} {autos:?}"
        );
        let all =
            crate::analysis::trade::category::category_codes(&Category::EndUse(String::new()))
                .unwrap();
        let counted = all
            .iter()
            .filter(|c| (from..=to).contains(&c.as_str()))
            .count();
        assert_eq!(
            counted,
            autos.len(),
            "the range counts no code outside category 3"
        );
    }

    #[test]
    fn former_names_are_their_successors_with_the_arguments_they_implied() {
        let args: toml::Table = toml::from_str("year = 2024\nbasis = \"net\"").unwrap();
        let now: toml::Table = toml::from_str(
            "year = 2024\nbasis = \"net\"\npartner = \"Japan\"\nseries = \"own\"\ncategory = 3",
        )
        .unwrap();
        assert_eq!(
            recipe("auto_share_of_deficit", &args, ReleasePick::Latest).unwrap(),
            recipe("category_share_of_deficit", &now, ReleasePick::Latest).unwrap()
        );
        // `codes` given: no category added (a figure takes one or the other)
        let (name, with_codes) = current_name(
            "auto_share_of_deficit",
            &toml::from_str("codes = [\"30000\"]").unwrap(),
        )
        .unwrap();
        assert_eq!(name, "category_share_of_deficit");
        assert!(!with_codes.contains_key("category") && with_codes.contains_key("codes"));
        // an argument the file gives wins over the implied one
        let (_, own) = current_name(
            "us_japan_goods_deficit",
            &toml::from_str("series = \"all_partners\"").unwrap(),
        )
        .unwrap();
        assert_eq!(own["series"].as_str(), Some("all_partners"));
    }

    #[test]
    fn growth_in_dollars_uses_both_years_rates() {
        let args: toml::Table =
            toml::from_str("partner = \"Japan\"\nfiscal_year = 2025\ncurrency = \"usd\"").unwrap();
        let x = recipe("defence_budget_growth", &args, ReleasePick::Latest).unwrap();
        assert_eq!(x.inputs.len(), 4);
        assert_eq!(
            x.inputs["rate_last_year"].filter["year"],
            toml::Value::Integer(2024)
        );
    }
}
