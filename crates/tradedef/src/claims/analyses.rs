//! The registry of named analyses a claims file can call with `analysis = "…"` and `args`.
//!
//! Each analysis expands into named dataset selections and an [`super::Expression`] over them,
//! so its result is traced to rows exactly like a hand-written derived measure, and the
//! expansion is printed with the verdict. Every argument is checked: an unknown analysis or
//! argument, or a missing one, is an error that lists what exists.

use std::collections::BTreeMap;

use super::file::{Aggregate, Selection};
use super::{resolve, select};
use crate::analysis::trade::ENDUSE;
use crate::analysis::{BudgetMeasure, Category};
use crate::error::{bail, ensure};

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

/// An analysis expanded: named selections and the expression that combines them, or why the
/// data cannot give the figure (the inputs are then still evaluated and shown).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Expansion {
    pub inputs: BTreeMap<String, Selection>,
    pub value: String,
    pub unavailable: Option<String>,
}

impl Expansion {
    fn new(inputs: BTreeMap<String, Selection>, value: impl Into<String>) -> Self {
        Expansion {
            inputs,
            value: value.into(),
            unavailable: None,
        }
    }
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
                "end-use codes to count (list of 5-digit texts); default every code of end-use category 3, automotive vehicles, parts and engines (as `Category::Autos`)",
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
        name: "defence_budget_usd",
        summary: "Japan's initial defence budget of a fiscal year in USD billions: JPY billions ÷ the annual-average yen per dollar of `rate_year`",
        args: &[
            req("fiscal_year", "Japanese fiscal year (integer)"),
            req(
                "rate_year",
                "calendar year of the USD/JPY annual average (integer)",
            ),
            opt(
                "measure",
                "budget measure (text): \"excl_saco_realignment\" (the default, as `BudgetMeasure::default()`) or \"incl_saco_realignment\"",
            ),
            opt("vintage", "vintage of the budget rows (text)"),
        ],
        expand: expand_budget_usd,
    },
    Analysis {
        name: "defence_budget_growth",
        summary: "Growth of Japan's initial defence budget over the previous fiscal year, percent; in yen, or in dollars at each year's annual-average rate",
        args: &[
            req("fiscal_year", "Japanese fiscal year (integer)"),
            opt(
                "measure",
                "budget measure (text): \"excl_saco_realignment\" (the default, as `BudgetMeasure::default()`) or \"incl_saco_realignment\"",
            ),
            opt(
                "currency",
                "\"jpy\" (default) or \"usd\" (each fiscal year converted at the annual average of the calendar year it starts in)",
            ),
            opt("vintage", "vintage of the budget rows (text)"),
        ],
        expand: expand_budget_growth,
    },
    Analysis {
        name: "us_goods_deficit",
        summary: "US goods deficit with any partner in a calendar year, USD billions (= −balance / 1000), Census basis: us_goods_trade_by_partner by partner code; for Japan also the vintages of us_japan_goods_trade",
        args: &[
            req(
                "partner",
                "the partner (text): a name as typed (\"South Korea\", \"Korea, South\", \"Viet Nam\") or its Census code (\"5800\")",
            ),
            req("year", "calendar year (integer)"),
            opt(
                "vintage",
                "release of the figures (text); required when several hold the year",
            ),
        ],
        expand: expand_goods_deficit,
    },
    Analysis {
        name: "category_share_of_deficit",
        summary: "US imports of some end-use codes from a partner as a percent of the US goods deficit with it (gross: imports only)",
        args: &[
            req(
                "partner",
                "the partner (text): a name as typed or its Census code",
            ),
            req("year", "calendar year (integer)"),
            opt(
                "codes",
                "end-use codes (list of 5-digit texts); give `codes` or `category`",
            ),
            opt(
                "category",
                "an end-use category (integer 0–5, e.g. 3 = automotive vehicles, parts and engines) or a code prefix (text, e.g. \"300\" = passenger cars)",
            ),
            opt(
                "basis",
                "\"gross\" (the default and only basis: no exports by end use and partner are in these data)",
            ),
            opt(
                "imports_vintage",
                "vintage of the us_imports_by_enduse rows (text)",
            ),
            opt("balance_vintage", "vintage of the goods balance (text)"),
        ],
        expand: expand_category_share,
    },
    Analysis {
        name: "milex",
        summary: "A country's military expenditure in a year (SIPRI), or the world total with country = \"World\": billions for money measures (USD or local currency), as published otherwise (percent for shares)",
        args: &[
            req(
                "country",
                "the country (text) as typed (\"South Korea\", \"United States\") or in SIPRI's spelling, or \"World\"",
            ),
            req("year", "calendar year (integer)"),
            opt(
                "measure",
                "a sipri_milex measure (text); default \"current_usd_millions\"",
            ),
            opt("vintage", "SIPRI release (text)"),
        ],
        expand: expand_milex,
    },
    Analysis {
        name: "milex_growth",
        summary: "Growth of a country's (or the world's) military expenditure from one year to another, percent; by default in constant US dollars (real terms)",
        args: &[
            req("country", "the country (text) as typed, or \"World\""),
            req("from", "the earlier year (integer)"),
            req("to", "the later year (integer)"),
            opt(
                "measure",
                "a sipri_milex measure (text); default \"constant_usd_millions\"",
            ),
            opt("vintage", "SIPRI release (text)"),
        ],
        expand: expand_milex_growth,
    },
    Analysis {
        name: "milex_share_of_gdp",
        summary: "A country's military expenditure as a percent of its GDP (SIPRI's military burden)",
        args: &[
            req("country", "the country (text) as typed"),
            req("year", "calendar year (integer)"),
            opt("vintage", "SIPRI release (text)"),
        ],
        expand: expand_milex_share_of_gdp,
    },
    Analysis {
        name: "milex_rank",
        summary: "A country's rank by military expenditure among all countries in a year (1 = largest): the number of countries spending at least as much",
        args: &[
            req("country", "the country (text) as typed"),
            req("year", "calendar year (integer)"),
            opt(
                "measure",
                "a sipri_milex measure (text); default \"current_usd_millions\"",
            ),
            opt("vintage", "SIPRI release (text)"),
        ],
        expand: expand_milex_rank,
    },
    Analysis {
        name: "milex_share_of_world",
        summary: "A country's military expenditure as a percent of the world total (SIPRI's \"World\")",
        args: &[
            req("country", "the country (text) as typed"),
            req("year", "calendar year (integer)"),
            opt(
                "measure",
                "a sipri_milex measure both the country and the world total have (text); default \"constant_usd_millions\"",
            ),
            opt("vintage", "SIPRI release (text)"),
        ],
        expand: expand_milex_share_of_world,
    },
];

/// Every named analysis, with its arguments (each with its meaning, type and default).
///
/// Any US trading partner, any country's military spending, the world total:
///
/// | analysis | arguments (optional in parentheses) | value |
/// |---|---|---|
/// | `us_goods_deficit` | `partner`, `year`, (`vintage`) | US goods deficit with the partner, USD billions (−balance ÷ 1000), Census basis, from `us_goods_trade_by_partner` by partner code; for Japan a `vintage` of `us_japan_goods_trade` reads that dataset |
/// | `category_share_of_deficit` | `partner`, `year`, `codes` or `category`, (`basis` = `"gross"`), (`imports_vintage`), (`balance_vintage`) | US imports of the end-use codes from the partner (`us_imports_by_enduse`) ÷ the goods deficit with it × 100, percent. `category` is an end-use category 0–5 (3 = automotive vehicles, parts and engines) or a code prefix in quotes (`"300"` = passenger cars) |
/// | `milex` | `country`, `year`, (`measure` = `"current_usd_millions"`), (`vintage`) | the country's row of `sipri_milex`: billions for money measures (USD or local currency), as published otherwise (percent for shares) |
/// | `milex_growth` | `country`, `from`, `to`, (`measure` = `"constant_usd_millions"`), (`vintage`) | change from `from` to `to`, percent; by default in real terms (constant US dollars), as SIPRI reports changes |
/// | `milex_share_of_gdp` | `country`, `year`, (`vintage`) | military expenditure as a percent of GDP (`share_of_gdp_pct`) |
/// | `milex_rank` | `country`, `year`, (`measure` = `"current_usd_millions"`), (`vintage`) | rank among all countries (`kind = "country"`), 1 = largest: the number of countries spending at least as much, those rows shown |
/// | `milex_share_of_world` | `country`, `year`, (`measure` = `"constant_usd_millions"`), (`vintage`) | the country ÷ SIPRI's world total × 100, percent, both under the measure (SIPRI gives the world total in constant US dollars, stored in billions: read and scaled to the measure's unit) |
///
/// `partner` is a name as a reader types it (`"South Korea"`, `"Korea, South"`, `"Viet Nam"`) or
/// a Census code (`"5800"`); `country` likewise (`"United States"`, `"South Korea"`), in
/// SIPRI's spelling, or `"World"` (or a SIPRI region) for the totals. Names match when equal
/// once case, accents, punctuation and spaces are ignored and a trailing ", X" is moved to the
/// front, or when the typed words begin exactly one name. An unknown name is an error listing
/// the closest names; a known one the data hold no figure for (a country outside the dataset, a
/// year it does not cover) makes the measure unavailable, and its claim "not checkable", with
/// the reason.
///
/// For Japan only, as in `data/claims/japan-dilemma-2025.toml`:
///
/// | analysis | arguments (optional in parentheses) | value |
/// |---|---|---|
/// | `us_japan_goods_deficit` | `year`, (`vintage`) | US goods deficit with Japan, USD billions, from `us_japan_goods_trade` |
/// | `auto_share_of_deficit` | `year`, (`basis` = `"gross"` or `"net"`), (`codes`), (`exports_scope`), (`imports_vintage`), (`balance_vintage`), (`exports_vintage`) | US auto imports from Japan (end-use 3), gross or net of US auto exports to Japan, ÷ the goods deficit × 100 |
/// | `tariff_cost` | `rate_pct`, `year`, (`codes`), (`imports_vintage`) | the duty bill: rate × US imports from Japan of the codes, USD billions |
/// | `tariff_exporter_loss` | `rate_pct`, `year`, (`old_rate_pct`), (`elasticity`), (`pass_through`), (`codes`), (`imports_vintage`) | Japanese exporters' revenue loss in the static tariff model, USD billions |
/// | `defence_budget_usd` | `fiscal_year`, `rate_year`, (`measure`), (`vintage`) | Japan's initial defence budget in USD billions at an annual-average rate |
/// | `defence_budget_growth` | `fiscal_year`, (`measure`), (`currency`), (`vintage`) | growth of Japan's initial defence budget, percent |
///
/// ```
/// let names: Vec<&str> = tradedef::claims::analyses().iter().map(|a| a.name).collect();
/// assert!(names.contains(&"auto_share_of_deficit"));
/// ```
pub fn analyses() -> &'static [Analysis] {
    ANALYSES
}

/// Expands a named analysis with its arguments; errors list the analyses or the arguments.
/// Names analyses had before, and their names now: claims files that use them still read.
const FORMER_NAMES: [(&str, &str); 2] = [
    ("defense_budget_usd", "defence_budget_usd"),
    ("defense_budget_growth", "defence_budget_growth"),
];

pub(crate) fn expand(name: &str, args: &toml::Table) -> Result<Expansion, String> {
    let name = FORMER_NAMES
        .iter()
        .find(|(former, _)| *former == name)
        .map_or(name, |(_, now)| now);
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
        bail!(format!(
            "analysis `{name}` takes no argument `{k}`; its arguments: {}",
            names()
        ));
    }
    if let Some(a) = analysis
        .args
        .iter()
        .find(|a| a.required && !args.contains_key(a.name))
    {
        bail!(format!(
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
    /// The `enduse_code` filter: the `codes` given, else every code of end-use category 3
    /// ([`Category::Autos`], the definition the analyses of `crate::analysis` use).
    fn codes(&self) -> Result<toml::Value, String> {
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
                    other => Err(format!(
                        "argument `codes` lists `{other}`, not a 5-digit end-use code in quotes"
                    )),
                })
                .collect::<Result<Vec<_>, String>>()
                .map(toml::Value::Array),
            Some(v) => Err(format!(
                "argument `codes` must be a non-empty list of 5-digit end-use codes, found `{v}`"
            )),
        }
    }
    /// The `measure` of Japan's defence budget: the one named, else [`BudgetMeasure::default`]
    /// (the default of `crate::analysis` too).
    fn budget_measure(&self) -> Result<BudgetMeasure, String> {
        match self.text("measure")? {
            Some(id) => BudgetMeasure::from_id(&id).map_err(|e| e.to_string()),
            None => Ok(BudgetMeasure::default()),
        }
    }
    fn required_text(&self, name: &str) -> Result<String, String> {
        self.text(name)?
            .ok_or_else(|| format!("analysis `{}` needs argument `{name}`", self.analysis))
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
        "japan_defense_budget",
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
    Ok(Expansion::new(
        BTreeMap::from([("balance".to_string(), balance(year, args.text("vintage")?))]),
        "-balance / 1000",
    ))
}

fn expand_auto_share(args: &Args) -> Result<Expansion, String> {
    let year = args.required_int("year")?;
    let codes = args.codes()?;
    let mut inputs = BTreeMap::from([
        (
            "auto_imports".to_string(),
            enduse_imports(year, codes, args.text("imports_vintage")?),
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
            bail!(format!(
                "argument `basis` = `{other}`; expected `gross` or `net`"
            ));
        }
    };
    Ok(Expansion::new(inputs, value))
}

fn expand_tariff_cost(args: &Args) -> Result<Expansion, String> {
    let year = args.required_int("year")?;
    let rate_pct = args.number("rate_pct")?.unwrap_or_default();
    if !(0.0..=1000.0).contains(&rate_pct) {
        bail!(format!(
            "argument `rate_pct` = {rate_pct} is not a tariff rate in percent (0–1000)"
        ));
    }
    imports_expansion(args, year, format!("{rate_pct} / 100 * imports / 1000"))
}

/// An expansion whose one input, `imports`, is the end-use imports of `year` for the codes of
/// `args` (and its `imports_vintage`), and whose value is `value`.
fn imports_expansion(args: &Args, year: i64, value: String) -> Result<Expansion, String> {
    Ok(Expansion::new(
        BTreeMap::from([(
            "imports".to_string(),
            enduse_imports(year, args.codes()?, args.text("imports_vintage")?),
        )]),
        value,
    ))
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
    let measure = args.budget_measure()?;
    Ok(Expansion::new(
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

fn expand_budget_growth(args: &Args) -> Result<Expansion, String> {
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
            bail!(format!(
                "argument `currency` = `{other}`; expected `jpy` or `usd`"
            ));
        }
    };
    Ok(Expansion::new(inputs, value))
}

fn int(i: i64) -> toml::Value {
    toml::Value::Integer(i)
}

/// The goods balance with a partner in a year: `us_goods_trade_by_partner` by partner code, or
/// for Japan, when `vintage` is one of `us_japan_goods_trade`'s only, that dataset.
fn partner_balance(partner: &str, year: i64, vintage: Option<String>) -> Result<Selection, String> {
    let p = resolve::census_partner(partner, Some(year))?;
    if p.name == "Japan"
        && let Some(v) = &vintage
        && !resolve::distinct(resolve::CENSUS_PARTNERS, "vintage")?.contains(v)
        && resolve::distinct("us_japan_goods_trade", "vintage")?.contains(v)
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

fn expand_goods_deficit(args: &Args) -> Result<Expansion, String> {
    let year = args.required_int("year")?;
    let partner = args.required_text("partner")?;
    Ok(Expansion::new(
        BTreeMap::from([(
            "balance".to_string(),
            partner_balance(&partner, year, args.text("vintage")?)?,
        )]),
        "-balance / 1000",
    ))
}

fn expand_category_share(args: &Args) -> Result<Expansion, String> {
    let year = args.required_int("year")?;
    let partner = args.required_text("partner")?;
    match args.text("basis")?.as_deref() {
        None | Some("gross") => {}
        Some("net") => {
            bail!(
                "argument `basis` = `net` needs US exports by end use and partner, which these data do not hold; use `gross` (or `auto_share_of_deficit` for Japan's autos)"
            );
        }
        Some(other) => {
            bail!(format!("argument `basis` = `{other}`; expected `gross`"));
        }
    }
    let codes = match (args.table.get("codes"), args.table.get("category")) {
        (Some(_), None) => args.codes()?,
        (None, Some(category)) => category_range(category)?,
        (Some(_), Some(_)) => bail!("give `codes` or `category`, not both"),
        (None, None) => bail!("needs `codes` (a list of end-use codes) or `category`"),
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
    Ok(Expansion::new(
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
fn category_range(category: &toml::Value) -> Result<toml::Value, String> {
    let prefix = match category {
        toml::Value::Integer(i) if (0..=9).contains(i) => i.to_string(),
        toml::Value::String(s)
            if (1..=4).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) =>
        {
            s.clone()
        }
        other => {
            bail!(format!(
                "argument `category` = `{other}`: expected an end-use category 0–9 (integer) or a code prefix of 1–4 digits (text)"
            ));
        }
    };
    Ok(prefix_range(&prefix))
}

/// Every 5-digit end-use code that starts with `prefix`, as an inclusive range filter.
fn prefix_range(prefix: &str) -> toml::Value {
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

/// A country's (or the world's) row of `sipri_milex` for a year and measure. SIPRI gives its
/// regional and world totals in billions (`constant_usd_billions`) and countries in millions:
/// when the country lacks `measure` but has its twin in the other unit, the twin is read and
/// scaled to `measure`'s unit (shown as "× 1000" with the rows).
fn milex_row(
    country: &str,
    year: i64,
    measure: &str,
    vintage: Option<String>,
) -> Result<Selection, String> {
    let held = resolve::sipri_measures(country)?;
    let twin = if let Some(stem) = measure.strip_suffix("_millions") {
        Some((format!("{stem}_billions"), 1000.0))
    } else {
        measure
            .strip_suffix("_billions")
            .map(|stem| (format!("{stem}_millions"), 0.001))
    };
    let (used, scale) = match twin {
        Some((twin, factor)) if !held.contains(measure) && held.contains(&twin) => {
            (twin, Some(factor))
        }
        _ => (measure.to_string(), None),
    };
    let mut s = selection(
        resolve::SIPRI,
        &[
            ("country", text(country)),
            ("year", int(year)),
            ("measure", text(&used)),
        ],
        &[],
        vintage,
    );
    s.scale = scale;
    Ok(s)
}

/// SIPRI's country money measures are in millions; the claims speak in billions.
fn in_billions(measure: &str, input: &str) -> String {
    if measure.ends_with("_millions") {
        format!("{input} / 1000")
    } else {
        input.to_string()
    }
}

fn expand_milex(args: &Args) -> Result<Expansion, String> {
    let year = args.required_int("year")?;
    let country = resolve::sipri_country(&args.required_text("country")?)?;
    let measure = args
        .text("measure")?
        .unwrap_or_else(|| "current_usd_millions".into());
    Ok(Expansion::new(
        BTreeMap::from([(
            "spending".to_string(),
            milex_row(&country, year, &measure, args.text("vintage")?)?,
        )]),
        in_billions(&measure, "spending"),
    ))
}

fn expand_milex_growth(args: &Args) -> Result<Expansion, String> {
    let (from, to) = (args.required_int("from")?, args.required_int("to")?);
    ensure!(
        from < to,
        format!("`from` = {from} must be before `to` = {to}")
    );
    let country = resolve::sipri_country(&args.required_text("country")?)?;
    let measure = args
        .text("measure")?
        .unwrap_or_else(|| "constant_usd_millions".into());
    let vintage = args.text("vintage")?;
    Ok(Expansion::new(
        BTreeMap::from([
            (
                "earlier".to_string(),
                milex_row(&country, from, &measure, vintage.clone())?,
            ),
            (
                "later".to_string(),
                milex_row(&country, to, &measure, vintage)?,
            ),
        ]),
        "later / earlier * 100 - 100",
    ))
}

fn expand_milex_share_of_gdp(args: &Args) -> Result<Expansion, String> {
    let year = args.required_int("year")?;
    let country = resolve::sipri_country(&args.required_text("country")?)?;
    Ok(Expansion::new(
        BTreeMap::from([(
            "share".to_string(),
            milex_row(&country, year, "share_of_gdp_pct", args.text("vintage")?)?,
        )]),
        "share",
    ))
}

fn expand_milex_rank(args: &Args) -> Result<Expansion, String> {
    let year = args.required_int("year")?;
    let country = resolve::sipri_country(&args.required_text("country")?)?;
    if resolve::key(&country) == resolve::key(resolve::WORLD) {
        bail!("a rank is among countries; `World` is the world total");
    }
    let measure = args
        .text("measure")?
        .unwrap_or_else(|| "current_usd_millions".into());
    let vintage = args.text("vintage")?;
    let own = milex_row(&country, year, &measure, vintage.clone())?;
    let unavailable = |reason: String| Expansion {
        inputs: BTreeMap::from([("country".to_string(), own.clone())]),
        value: "country".into(),
        unavailable: Some(reason),
    };
    if !resolve::has_column(resolve::SIPRI, "kind")? {
        let n = resolve::distinct(resolve::SIPRI, "country")?.len();
        return Ok(unavailable(format!(
            "`{}` holds {n} countries and no `kind` column, not every country SIPRI lists: a rank among all countries needs the full release",
            resolve::SIPRI
        )));
    }
    let threshold = match select::evaluate(&own)?.value {
        Ok(v) => v,
        Err(reason) => return Ok(unavailable(reason)),
    };
    let mut at_or_above = selection(
        resolve::SIPRI,
        &[
            ("kind", text("country")),
            ("year", int(year)),
            ("measure", text(&measure)),
            (
                "value",
                toml::Value::Table(toml::Table::from_iter([(
                    "from".to_string(),
                    toml::Value::Float(threshold),
                )])),
            ),
        ],
        &[],
        vintage,
    );
    at_or_above.aggregate = Aggregate::Count;
    Ok(Expansion::new(
        BTreeMap::from([("countries_at_or_above".to_string(), at_or_above)]),
        "countries_at_or_above",
    ))
}

fn expand_milex_share_of_world(args: &Args) -> Result<Expansion, String> {
    let year = args.required_int("year")?;
    let country = resolve::sipri_country(&args.required_text("country")?)?;
    let measure = args
        .text("measure")?
        .unwrap_or_else(|| "constant_usd_millions".into());
    let vintage = args.text("vintage")?;
    Ok(Expansion::new(
        BTreeMap::from([
            (
                "country".to_string(),
                milex_row(&country, year, &measure, vintage.clone())?,
            ),
            (
                "world".to_string(),
                milex_row(resolve::WORLD, year, &measure, vintage)?,
            ),
        ]),
        "country / world * 100",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_names_and_arguments_list_what_exists() {
        let e = expand("gdp_growth", &toml::Table::new()).unwrap_err();
        assert!(
            e.contains("unknown analysis `gdp_growth`") && e.contains("defence_budget_growth"),
            "{e}"
        );
        let args: toml::Table = toml::from_str("year = 2024\nyaer = 1").unwrap();
        let e = expand("us_japan_goods_deficit", &args).unwrap_err();
        assert!(
            e.contains("no argument `yaer`") && e.contains("year, vintage"),
            "{e}"
        );
        let e = expand(
            "defence_budget_usd",
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
    fn the_docs_list_every_analysis_and_its_arguments() {
        let docs = include_str!("analyses.rs");
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
        let args =
            toml::Table::from_iter([("fiscal_year".to_string(), toml::Value::Integer(2025))]);
        // (under the name it had before, which claims files may still use)
        let x = expand("defense_budget_growth", &args).unwrap();
        assert_eq!(
            x.inputs["this_year"].filter["measure"].as_str(),
            Some(BudgetMeasure::default().id())
        );
        // The auto codes: every end-use code of `Category::Autos`, as the analyses count them.
        let args = toml::Table::from_iter([("year".to_string(), toml::Value::Integer(2024))]);
        let x = expand("auto_share_of_deficit", &args).unwrap();
        let codes = &x.inputs["auto_imports"].filter["enduse_code"];
        let d = crate::data::load("us_imports_by_enduse").unwrap();
        let autos = crate::analysis::trade::category_codes(&d, &Category::Autos).unwrap();
        let (from, to) = (
            codes["from"].as_str().unwrap(),
            codes["to"].as_str().unwrap(),
        );
        assert!(
            autos.iter().all(|c| (from..=to).contains(&c.as_str())),
            "{codes} {autos:?}"
        );
        let all =
            crate::analysis::trade::category_codes(&d, &Category::EndUse(String::new())).unwrap();
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
    fn growth_in_dollars_uses_both_years_rates() {
        let args: toml::Table = toml::from_str("fiscal_year = 2025\ncurrency = \"usd\"").unwrap();
        let x = expand("defence_budget_growth", &args).unwrap();
        assert_eq!(x.inputs.len(), 4);
        assert_eq!(
            x.inputs["rate_last_year"].filter["year"],
            toml::Value::Integer(2024)
        );
    }
}
