//! The registry of named analyses a claims file can call with `analysis = "…"` and `args`.
//!
//! Each analysis expands into named dataset selections and an [`super::Expression`] over them,
//! so its result is traced to rows exactly like a hand-written derived measure, and the
//! expansion is printed with the verdict. Every argument is checked: an unknown analysis or
//! argument, or a missing one, is an error that lists what exists.

use std::collections::BTreeMap;

use super::file::{Aggregate, Selection};

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
    expand: fn(&Args) -> Result<Expansion, String>,
}

/// An analysis expanded: named selections and the expression that combines them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Expansion {
    pub inputs: BTreeMap<String, Selection>,
    pub value: String,
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

/// The end-use codes of category 3, "Automotive vehicles, parts, and engines".
const AUTO_ENDUSE_CODES: [&str; 7] = [
    "30000", "30100", "30110", "30200", "30210", "30220", "30230",
];

static ANALYSES: &[Analysis] = &[
    Analysis {
        name: "us_japan_goods_deficit",
        summary: "US goods deficit with Japan in a calendar year, USD billions (= −balance / 1000), Census basis",
        args: &[
            req("year", "calendar year (integer)"),
            opt(
                "vintage",
                "release of the figures (text); required when several exist",
            ),
        ],
        expand: expand_deficit,
    },
    Analysis {
        name: "auto_share_of_deficit",
        summary: "US imports of automotive vehicles, parts and engines (end-use 3) from Japan as a percent of the US goods deficit with Japan: gross, or net of US auto exports to Japan",
        args: &[
            req("year", "calendar year (integer)"),
            opt(
                "balance_vintage",
                "vintage of the us_japan_goods_trade balance (text)",
            ),
            opt(
                "imports_vintage",
                "vintage of the us_imports_by_enduse rows (text)",
            ),
            opt(
                "codes",
                "end-use codes to count (list of 5-digit texts); default category 3: \"30000\", \"30100\", \"30110\", \"30200\", \"30210\", \"30220\", \"30230\"",
            ),
            opt(
                "basis",
                "\"gross\" (default: imports ÷ deficit) or \"net\" ((imports − US exports) ÷ deficit)",
            ),
            opt(
                "exports_scope",
                "scope of us_auto_exports_to_japan for the net basis (text); default \"hs87_vehicles_and_parts\"",
            ),
            opt(
                "exports_vintage",
                "vintage of the us_auto_exports_to_japan rows (text)",
            ),
        ],
        expand: expand_auto_share,
    },
    Analysis {
        name: "tariff_cost",
        summary: "Static first-round cost of an extra tariff: rate_pct / 100 × US imports from Japan of the end-use codes in a year, USD billions (no change in volumes)",
        args: &[
            req("rate_pct", "the extra tariff, percent (number)"),
            req("year", "calendar year of the import base (integer)"),
            opt(
                "codes",
                "end-use codes (list of 5-digit texts); default category 3",
            ),
            opt(
                "imports_vintage",
                "vintage of the us_imports_by_enduse rows (text)",
            ),
        ],
        expand: expand_tariff_cost,
    },
    Analysis {
        name: "tariff_exporter_loss",
        summary: "Japanese exporters' yearly revenue loss from a new tariff in the static partial-equilibrium model of tradedef::analysis::tariff (volumes respond to the price change passed on): the model's loss share × US imports from Japan of the end-use codes in a year, USD billions",
        args: &[
            req("rate_pct", "the new all-in tariff, percent (number)"),
            req("year", "calendar year of the import base (integer)"),
            opt(
                "old_rate_pct",
                "the old tariff, percent (number); default 2.5",
            ),
            opt(
                "elasticity",
                "import demand elasticity, absolute value (number); default the model's 2.5",
            ),
            opt(
                "pass_through",
                "share of the tariff in US buyers' prices, 0–1 (number); default 1",
            ),
            opt(
                "codes",
                "end-use codes (list of 5-digit texts); default category 3",
            ),
            opt(
                "imports_vintage",
                "vintage of the us_imports_by_enduse rows (text)",
            ),
        ],
        expand: expand_tariff_exporter_loss,
    },
    Analysis {
        name: "defense_budget_usd",
        summary: "Japan's initial defence budget of a fiscal year in USD billions: JPY billions ÷ the annual-average yen per dollar of `rate_year`",
        args: &[
            req("fiscal_year", "Japanese fiscal year (integer)"),
            req(
                "rate_year",
                "calendar year of the USD/JPY annual average (integer)",
            ),
            opt(
                "measure",
                "budget measure (text); default \"incl_saco_realignment\"",
            ),
            opt("vintage", "vintage of the budget rows (text)"),
        ],
        expand: expand_budget_usd,
    },
    Analysis {
        name: "defense_budget_growth",
        summary: "Growth of Japan's initial defence budget over the previous fiscal year, percent; in yen, or in dollars at each year's annual-average rate",
        args: &[
            req("fiscal_year", "Japanese fiscal year (integer)"),
            opt(
                "measure",
                "budget measure (text); default \"incl_saco_realignment\"",
            ),
            opt(
                "currency",
                "\"jpy\" (default) or \"usd\" (each fiscal year converted at the annual average of the calendar year it starts in)",
            ),
            opt("vintage", "vintage of the budget rows (text)"),
        ],
        expand: expand_budget_growth,
    },
];

/// Every named analysis.
///
/// ```
/// let names: Vec<&str> = tradedef::claims::analyses().iter().map(|a| a.name).collect();
/// assert!(names.contains(&"auto_share_of_deficit"));
/// ```
pub fn analyses() -> &'static [Analysis] {
    ANALYSES
}

/// Expands a named analysis with its arguments; errors list the analyses or the arguments.
pub(crate) fn expand(name: &str, args: &toml::Table) -> Result<Expansion, String> {
    let analysis = ANALYSES.iter().find(|a| a.name == name).ok_or_else(|| {
        format!(
            "unknown analysis `{name}`; analyses: {}",
            ANALYSES
                .iter()
                .map(|a| a.name)
                .collect::<Vec<_>>()
                .join(", ")
        )
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
        return Err(format!(
            "analysis `{name}` takes no argument `{k}`; its arguments: {}",
            names()
        ));
    }
    if let Some(a) = analysis
        .args
        .iter()
        .find(|a| a.required && !args.contains_key(a.name))
    {
        return Err(format!(
            "analysis `{name}` needs argument `{}` ({})",
            a.name, a.doc
        ));
    }
    (analysis.expand)(&Args {
        analysis: name,
        table: args,
    })
    .map_err(|e| format!("analysis `{name}`: {e}"))
}

struct Args<'a> {
    analysis: &'a str,
    table: &'a toml::Table,
}

impl Args<'_> {
    fn int(&self, name: &str) -> Result<Option<i64>, String> {
        match self.table.get(name) {
            None => Ok(None),
            Some(toml::Value::Integer(i)) => Ok(Some(*i)),
            Some(v) => Err(format!(
                "argument `{name}` must be a whole number, found {} `{v}`",
                v.type_str()
            )),
        }
    }
    fn number(&self, name: &str) -> Result<Option<f64>, String> {
        match self.table.get(name) {
            None => Ok(None),
            Some(toml::Value::Integer(i)) => Ok(Some(*i as f64)),
            Some(toml::Value::Float(x)) => Ok(Some(*x)),
            Some(v) => Err(format!(
                "argument `{name}` must be a number, found {} `{v}`",
                v.type_str()
            )),
        }
    }
    fn text(&self, name: &str) -> Result<Option<String>, String> {
        match self.table.get(name) {
            None => Ok(None),
            Some(toml::Value::String(s)) => Ok(Some(s.clone())),
            Some(v) => Err(format!(
                "argument `{name}` must be text, found {} `{v}`",
                v.type_str()
            )),
        }
    }
    fn codes(&self) -> Result<Vec<String>, String> {
        match self.table.get("codes") {
            None => Ok(AUTO_ENDUSE_CODES.iter().map(|c| c.to_string()).collect()),
            Some(toml::Value::Array(items)) if !items.is_empty() => items
                .iter()
                .map(|v| match v {
                    toml::Value::String(s)
                        if s.len() == 5 && s.bytes().all(|b| b.is_ascii_digit()) =>
                    {
                        Ok(s.clone())
                    }
                    other => Err(format!(
                        "argument `codes` lists `{other}`, not a 5-digit end-use code in quotes"
                    )),
                })
                .collect(),
            Some(v) => Err(format!(
                "argument `codes` must be a non-empty list of 5-digit end-use codes, found `{v}`"
            )),
        }
    }
    fn required_int(&self, name: &str) -> Result<i64, String> {
        self.int(name)?
            .ok_or_else(|| format!("analysis `{}` needs argument `{name}`", self.analysis))
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

fn balance(year: i64, vintage: Option<String>) -> Selection {
    selection(
        "us_japan_goods_trade",
        &[
            ("flow", text("balance")),
            ("year", toml::Value::Integer(year)),
        ],
        &["month"],
        vintage,
    )
}

fn enduse_imports(year: i64, codes: &[String], vintage: Option<String>) -> Selection {
    let mut s = selection(
        "us_imports_by_enduse",
        &[
            ("partner", text("Japan")),
            ("year", toml::Value::Integer(year)),
            (
                "enduse_code",
                toml::Value::Array(codes.iter().map(|c| text(c)).collect()),
            ),
        ],
        &[],
        vintage,
    );
    s.aggregate = Aggregate::Sum;
    s
}

fn budget(fiscal_year: i64, measure: &str, vintage: Option<String>) -> Selection {
    selection(
        "japan_defense_budget",
        &[
            ("fiscal_year", toml::Value::Integer(fiscal_year)),
            ("measure", text(measure)),
        ],
        &[],
        vintage,
    )
}

fn rate(year: i64) -> Selection {
    let mut s = selection(
        "usd_jpy_annual",
        &[("year", toml::Value::Integer(year))],
        &[],
        None,
    );
    s.column = Some("jpy_per_usd".into());
    s
}

fn expand_deficit(args: &Args) -> Result<Expansion, String> {
    let year = args.required_int("year")?;
    Ok(Expansion {
        inputs: BTreeMap::from([("balance".to_string(), balance(year, args.text("vintage")?))]),
        value: "-balance / 1000".into(),
    })
}

fn expand_auto_share(args: &Args) -> Result<Expansion, String> {
    let year = args.required_int("year")?;
    let codes = args.codes()?;
    let mut inputs = BTreeMap::from([
        (
            "auto_imports".to_string(),
            enduse_imports(year, &codes, args.text("imports_vintage")?),
        ),
        (
            "balance".to_string(),
            balance(year, args.text("balance_vintage")?),
        ),
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
                    "us_auto_exports_to_japan",
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
            return Err(format!(
                "argument `basis` = `{other}`; expected `gross` or `net`"
            ));
        }
    };
    Ok(Expansion {
        inputs,
        value: value.into(),
    })
}

fn expand_tariff_cost(args: &Args) -> Result<Expansion, String> {
    let year = args.required_int("year")?;
    let rate_pct = args.number("rate_pct")?.unwrap_or_default();
    if !(0.0..=1000.0).contains(&rate_pct) {
        return Err(format!(
            "argument `rate_pct` = {rate_pct} is not a tariff rate in percent (0–1000)"
        ));
    }
    imports_expansion(args, year, format!("{rate_pct} / 100 * imports / 1000"))
}

/// An expansion whose one input, `imports`, is the end-use imports of `year` for the codes of
/// `args` (and its `imports_vintage`), and whose value is `value`.
fn imports_expansion(args: &Args, year: i64, value: String) -> Result<Expansion, String> {
    Ok(Expansion {
        inputs: BTreeMap::from([(
            "imports".to_string(),
            enduse_imports(year, &args.codes()?, args.text("imports_vintage")?),
        )]),
        value,
    })
}

fn expand_tariff_exporter_loss(args: &Args) -> Result<Expansion, String> {
    use crate::analysis::tariff::{DEFAULT_ELASTICITY, DEFAULT_OLD_RATE, DEFAULT_PASS_THROUGH};
    let year = args.required_int("year")?;
    let new_rate = args
        .number("rate_pct")?
        .ok_or_else(|| "analysis `tariff_exporter_loss` needs argument `rate_pct`".to_string())?;
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
        .map_err(|e| format!("tariff model: {e}"))?
        .exporters_revenue_loss_usd_mn;
    imports_expansion(args, year, format!("{share} * imports / 1000"))
}

fn expand_budget_usd(args: &Args) -> Result<Expansion, String> {
    let fy = args.required_int("fiscal_year")?;
    let rate_year = args.required_int("rate_year")?;
    let measure = args
        .text("measure")?
        .unwrap_or_else(|| "incl_saco_realignment".into());
    Ok(Expansion {
        inputs: BTreeMap::from([
            (
                "budget_jpy_bn".to_string(),
                budget(fy, &measure, args.text("vintage")?),
            ),
            ("jpy_per_usd".to_string(), rate(rate_year)),
        ]),
        value: "budget_jpy_bn / jpy_per_usd".into(),
    })
}

fn expand_budget_growth(args: &Args) -> Result<Expansion, String> {
    let fy = args.required_int("fiscal_year")?;
    let measure = args
        .text("measure")?
        .unwrap_or_else(|| "incl_saco_realignment".into());
    let vintage = args.text("vintage")?;
    let mut inputs = BTreeMap::from([
        (
            "this_year".to_string(),
            budget(fy, &measure, vintage.clone()),
        ),
        ("last_year".to_string(), budget(fy - 1, &measure, vintage)),
    ]);
    let value = match args.text("currency")?.as_deref() {
        None | Some("jpy") => "this_year / last_year * 100 - 100".to_string(),
        Some("usd") => {
            inputs.insert("rate_this_year".into(), rate(fy));
            inputs.insert("rate_last_year".into(), rate(fy - 1));
            "(this_year / rate_this_year) / (last_year / rate_last_year) * 100 - 100".to_string()
        }
        Some(other) => {
            return Err(format!(
                "argument `currency` = `{other}`; expected `jpy` or `usd`"
            ));
        }
    };
    Ok(Expansion { inputs, value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_names_and_arguments_list_what_exists() {
        let e = expand("gdp_growth", &toml::Table::new()).unwrap_err();
        assert!(
            e.contains("unknown analysis `gdp_growth`") && e.contains("defense_budget_growth"),
            "{e}"
        );
        let args: toml::Table = toml::from_str("year = 2024\nyaer = 1").unwrap();
        let e = expand("us_japan_goods_deficit", &args).unwrap_err();
        assert!(
            e.contains("no argument `yaer`") && e.contains("year, vintage"),
            "{e}"
        );
        let e = expand(
            "defense_budget_usd",
            &toml::from_str("fiscal_year = 2025").unwrap(),
        )
        .unwrap_err();
        assert!(e.contains("needs argument `rate_year`"), "{e}");
        let e = expand(
            "us_japan_goods_deficit",
            &toml::from_str("year = \"2024\"").unwrap(),
        )
        .unwrap_err();
        assert!(e.contains("must be a whole number"), "{e}");
    }

    #[test]
    fn growth_in_dollars_uses_both_years_rates() {
        let args: toml::Table = toml::from_str("fiscal_year = 2025\ncurrency = \"usd\"").unwrap();
        let x = expand("defense_budget_growth", &args).unwrap();
        assert_eq!(x.inputs.len(), 4);
        assert_eq!(
            x.inputs["rate_last_year"].filter["year"],
            toml::Value::Integer(2024)
        );
    }
}
