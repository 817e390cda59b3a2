//! The analyses of US goods trade that stories quote, for any partner, the world and the Census
//! groupings (the European Union, South and Central America, …), and any flow: the value in a
//! period, its change and growth between two periods, a partner's share of the US total, its
//! rank among partners, a record, and the end-use category whose imports changed most.
//!
//! A period is a calendar year (`year`, or `from` and `to`), narrowed by `month` (one month)
//! or `through_month` (January to that month: the year to date); annual figures are read from
//! `us_goods_trade_by_partner`, monthly ones from `us_goods_trade_by_partner_monthly`. Every
//! input of one claim is read from one release when a release holds them all: the claim's
//! `vintage`, else the release its rule picks (the latest, or the one current on the story's
//! date). A record compares the years of that release with the earlier years of the newest
//! release that holds them.

use std::collections::BTreeMap;

use super::resolve::{self, CensusPartner};
use super::{Args, Recipe, int, selection, text};
use crate::Result;
use crate::analysis::traced::invalid;
use crate::analysis::traced::{Aggregate, Selection};
use crate::analysis::trade::ENDUSE;
use crate::data::ids::US_GOODS_TRADE_BY_PARTNER_MONTHLY;
use crate::error::{bail, ensure};

/// The flows a trade analysis takes.
const FLOWS: &str =
    "\"exports\", \"imports\", \"balance\", \"deficit\" (−balance) or \"surplus\" (= balance)";

/// A flow as the claim names it: the dataset's flow and the sign that turns it into the claim's.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Flow {
    column: &'static str,
    sign: f64,
}

fn flow(args: &Args) -> Result<Flow> {
    let name = args.required_text("flow")?;
    Ok(match name.to_lowercase().as_str() {
        "exports" | "export" => Flow {
            column: "exports",
            sign: 1.0,
        },
        "imports" | "import" => Flow {
            column: "imports",
            sign: 1.0,
        },
        "balance" | "surplus" => Flow {
            column: "balance",
            sign: 1.0,
        },
        "deficit" => Flow {
            column: "balance",
            sign: -1.0,
        },
        other => bail!(invalid(format!(
            "argument `flow` = `{other}`; flows: {FLOWS}"
        ))),
    })
}

/// The months of a period: the whole year, one month, or January to a month.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Months {
    Year,
    One(i64),
    Through(i64),
}

fn months(args: &Args) -> Result<Months> {
    let check = |name: &str, m: i64| {
        ensure!(
            (1..=12).contains(&m),
            invalid(format!("argument `{name}` = {m} must be a month, 1 to 12"))
        );
        Ok(())
    };
    match (args.int("month")?, args.int("through_month")?) {
        (Some(_), Some(_)) => {
            bail!(invalid(
                "give `month` (one month) or `through_month` (the year to date), not both"
            ))
        }
        (Some(m), None) => check("month", m).map(|()| Months::One(m)),
        (None, Some(m)) => check("through_month", m).map(|()| Months::Through(m)),
        (None, None) => Ok(Months::Year),
    }
}

/// The dataset a period is read from.
fn dataset_of(months: Months) -> &'static str {
    match months {
        Months::Year => resolve::CENSUS_PARTNERS,
        _ => US_GOODS_TRADE_BY_PARTNER_MONTHLY.as_str(),
    }
}

/// One flow of one partner in one period, in USD millions as published.
fn cell(
    partner: &CensusPartner,
    flow: Flow,
    year: i64,
    months: Months,
    vintage: Option<&str>,
) -> Selection {
    let mut filter = vec![
        ("partner_code", text(&partner.code)),
        ("flow", text(flow.column)),
        ("year", int(year)),
    ];
    let mut aggregate = Aggregate::Only;
    match months {
        Months::Year => {}
        Months::One(m) => filter.push(("month", int(m))),
        Months::Through(m) => {
            filter.push(("month", range(int(1), int(m))));
            aggregate = Aggregate::Sum;
        }
    }
    let mut s = selection(
        dataset_of(months),
        &filter,
        &[],
        vintage.map(str::to_string),
    );
    s.aggregate = aggregate;
    s
}

fn range(from: toml::Value, to: toml::Value) -> toml::Value {
    toml::Value::Table(toml::Table::from_iter([
        ("from".to_string(), from),
        ("to".to_string(), to),
    ]))
}

/// The release all of a claim's inputs are read from: the `vintage` argument, else the one the
/// rule picks among those holding every year asked for; `None` when no one release holds them
/// all (each input then picks its own, as its rows show).
fn release(args: &Args, dataset: &str, code: &str, years: &[i64]) -> Result<Option<String>> {
    if let Some(v) = args.text("vintage")? {
        return Ok(Some(v));
    }
    let holding = resolve::releases_holding(dataset, "partner_code", code, years)?;
    if holding.is_empty() {
        return Ok(None);
    }
    let data = crate::data::load(dataset)?;
    Ok(args.pick.choose(data.meta(), &holding).ok())
}

/// The partner argument, resolved through the registry ("World" is the US total).
fn partner(args: &Args, year: i64) -> Result<CensusPartner> {
    resolve::census_partner(&args.required_text("partner")?, Some(year))
}

/// "x" in USD billions with the flow's sign.
fn billions(flow: Flow, x: &str) -> String {
    if flow.sign < 0.0 {
        format!("-{x} / 1000")
    } else {
        format!("{x} / 1000")
    }
}

pub(super) fn expand_trade_value(args: &Args) -> Result<Recipe> {
    let year = args.required_int("year")?;
    let (flow, months) = (flow(args)?, months(args)?);
    let p = partner(args, year)?;
    let v = release(args, dataset_of(months), &p.code, &[year])?;
    Ok(Recipe::new(
        BTreeMap::from([(
            "value".to_string(),
            cell(&p, flow, year, months, v.as_deref()),
        )]),
        billions(flow, "value"),
    ))
}

/// The two periods of a change: `from` and `to`, checked.
fn two_years(args: &Args) -> Result<(i64, i64)> {
    let (from, to) = (args.required_int("from")?, args.required_int("to")?);
    ensure!(
        from < to,
        invalid(format!("`from` = {from} must be before `to` = {to}"))
    );
    Ok((from, to))
}

fn two_cells(args: &Args) -> Result<(BTreeMap<String, Selection>, Flow)> {
    let (from, to) = two_years(args)?;
    let (flow, months) = (flow(args)?, months(args)?);
    let p = partner(args, to)?;
    let v = release(args, dataset_of(months), &p.code, &[from, to])?;
    Ok((
        BTreeMap::from([
            (
                "earlier".to_string(),
                cell(&p, flow, from, months, v.as_deref()),
            ),
            (
                "later".to_string(),
                cell(&p, flow, to, months, v.as_deref()),
            ),
        ]),
        flow,
    ))
}

pub(super) fn expand_trade_change(args: &Args) -> Result<Recipe> {
    let (inputs, flow) = two_cells(args)?;
    Ok(Recipe::new(inputs, billions(flow, "(later - earlier)")))
}

pub(super) fn expand_trade_growth(args: &Args) -> Result<Recipe> {
    let (inputs, flow) = two_cells(args)?;
    let mut x = Recipe::new(inputs, "later / earlier * 100 - 100");
    if flow.column == "balance" && flow.sign > 0.0 {
        // A deficit's growth is the growth of its size; a balance's is that of a signed number.
        x.value = "(later - earlier) / abs(earlier) * 100".into();
    }
    Ok(x)
}

pub(super) fn expand_trade_share(args: &Args) -> Result<Recipe> {
    let year = args.required_int("year")?;
    let (flow, months) = (flow(args)?, months(args)?);
    let p = partner(args, year)?;
    let world = resolve::census_partner(resolve::WORLD, Some(year))?;
    let v = release(args, dataset_of(months), &p.code, &[year])?;
    Ok(Recipe::new(
        BTreeMap::from([
            (
                "partner".to_string(),
                cell(&p, flow, year, months, v.as_deref()),
            ),
            (
                "total".to_string(),
                cell(&world, flow, year, months, v.as_deref()),
            ),
        ]),
        "partner / total * 100",
    ))
}

/// The partners a rank counts: countries only (`"countries"`, the default) or every Census
/// partner row, groupings such as the European Union included (`"all"`).
fn ranked_set(args: &Args) -> Result<Option<&'static str>> {
    match args.text("set")?.as_deref() {
        None | Some("countries") => Ok(Some("country")),
        Some("all") => Ok(None),
        Some(other) => bail!(invalid(format!(
            "argument `set` = `{other}`; sets: \"countries\" (the default) or \"all\" (with the Census groupings, without the world totals)"
        ))),
    }
}

/// A filter on the value: at least as large as `threshold` in the flow's sense (for a deficit,
/// a balance at most as large).
fn as_large_as(flow: Flow, threshold: f64) -> (&'static str, toml::Value) {
    let bound = toml::Value::Float(threshold);
    let t = if flow.sign < 0.0 {
        toml::Table::from_iter([("to".to_string(), bound)])
    } else {
        toml::Table::from_iter([("from".to_string(), bound)])
    };
    ("value", toml::Value::Table(t))
}

/// The own value of a rank or a record, or the expansion that says why it is missing.
fn own_value(args: &Args, own: &Selection) -> Result<Result<f64, Recipe>> {
    let selected = crate::analysis::traced::evaluate_selection(own, args.pick)?;
    Ok(selected.value.map_err(|reason| Recipe {
        scale: 1.0,
        computed: None,
        inputs: BTreeMap::from([("own".to_string(), own.clone())]),
        value: "own".into(),
        unavailable: Some(reason.0),
    }))
}

pub(super) fn expand_trade_rank(args: &Args) -> Result<Recipe> {
    let year = args.required_int("year")?;
    let (flow, set) = (flow(args)?, ranked_set(args)?);
    ensure!(
        months(args)? == Months::Year,
        invalid("a rank is of annual figures; `month` and `through_month` are not taken")
    );
    let p = partner(args, year)?;
    let v = release(args, resolve::CENSUS_PARTNERS, &p.code, &[year])?;
    let own = cell(&p, flow, year, Months::Year, v.as_deref());
    let threshold = match own_value(args, &own)? {
        Ok(x) => x,
        Err(missing) => return Ok(missing),
    };
    let mut filter = vec![
        ("flow", text(flow.column)),
        ("year", int(year)),
        as_large_as(flow, threshold),
    ];
    if let Some(kind) = set {
        ensure!(
            resolve::census_kind(&p.code)?.as_deref() == Some(kind),
            invalid(format!(
                "`{}` is a grouping, not a country: rank it with `set = \"all\"`",
                p.name
            ))
        );
        filter.push(("partner_kind", text(kind)));
    }
    let count = |filter: &[(&str, toml::Value)]| {
        let mut s = selection(resolve::CENSUS_PARTNERS, filter, &[], v.clone());
        s.aggregate = Aggregate::Count;
        s
    };
    let mut inputs = BTreeMap::from([("partners_at_or_above".to_string(), count(&filter))]);
    if set.is_none() {
        // With the groupings, but not the world totals (seasonally adjusted or not): a
        // partner's rank is among partners, not against the total it is part of.
        let mut world = filter.clone();
        world.push((
            "partner_code",
            toml::Value::Array(
                resolve::WORLD_CENSUS_CODES
                    .iter()
                    .map(|c| text(c))
                    .collect(),
            ),
        ));
        inputs.insert("world_totals_at_or_above".to_string(), count(&world));
        return Ok(Recipe::new(
            inputs,
            "partners_at_or_above - world_totals_at_or_above",
        ));
    }
    Ok(Recipe::new(inputs, "partners_at_or_above"))
}

pub(super) fn expand_trade_record(args: &Args) -> Result<Recipe> {
    let year = args.required_int("year")?;
    let flow = flow(args)?;
    let lowest = match args.text("extreme")?.as_deref() {
        None | Some("highest") => false,
        Some("lowest") => true,
        Some(other) => bail!(invalid(format!(
            "argument `extreme` = `{other}`; \"highest\" (the default) or \"lowest\""
        ))),
    };
    let p = partner(args, year)?;
    let Some(v) = release(args, resolve::CENSUS_PARTNERS, &p.code, &[year])? else {
        // No release holds the year: a gap (the claim is not checkable), not a defect.
        let own = cell(&p, flow, year, Months::Year, None);
        return Ok(Recipe {
            scale: 1.0,
            computed: None,
            inputs: BTreeMap::from([("own".to_string(), own)]),
            value: "own".into(),
            unavailable: Some(format!(
                "no release of `{}` holds {year} for {}",
                resolve::CENSUS_PARTNERS,
                p.name
            )),
        });
    };
    let own = cell(&p, flow, year, Months::Year, Some(&v));
    let threshold = match own_value(args, &own)? {
        Ok(x) => x,
        Err(missing) => return Ok(missing),
    };
    let beyond = {
        // Highest: at least as large (for a deficit, a balance at most as large); lowest: the
        // other side.
        let wanted = Flow {
            sign: if lowest { -flow.sign } else { flow.sign },
            ..flow
        };
        as_large_as(wanted, threshold)
    };
    let since = args.int("since")?;
    let held = resolve::years_held(resolve::CENSUS_PARTNERS, "partner_code", &p.code, &v)?;
    let first_in_release = held.first().copied().unwrap_or(year);
    let count = |from: Option<i64>, to: i64, vintage: &str| {
        let mut years = toml::Table::from_iter([("to".to_string(), int(to))]);
        if let Some(f) = from {
            years.insert("from".into(), int(f));
        }
        let mut s = selection(
            resolve::CENSUS_PARTNERS,
            &[
                ("partner_code", text(&p.code)),
                ("flow", text(flow.column)),
                ("year", toml::Value::Table(years)),
                beyond.clone(),
            ],
            &[],
            Some(vintage.to_string()),
        );
        s.aggregate = Aggregate::Count;
        s
    };
    let mut inputs = BTreeMap::from([(
        "earlier_years_as_extreme".to_string(),
        count(since.map(|s| s.max(first_in_release)), year - 1, &v),
    )]);
    // Years before the release's first: from the newest release that holds them.
    if since.is_none_or(|s| s < first_in_release) && first_in_release < year {
        let before: Vec<String> = resolve::releases_holding(
            resolve::CENSUS_PARTNERS,
            "partner_code",
            &p.code,
            &[first_in_release - 1],
        )?
        .into_iter()
        .collect();
        let data = crate::data::load(resolve::CENSUS_PARTNERS)?;
        if let Ok(older) = crate::analysis::traced::ReleasePick::Latest
            .choose(data.meta(), &before.into_iter().collect())
        {
            inputs.insert(
                "years_before_the_release".to_string(),
                count(since, first_in_release - 1, &older),
            );
        }
    }
    let value = inputs.keys().cloned().collect::<Vec<_>>().join(" + ");
    Ok(Recipe::new(inputs, value))
}

/// The end-use categories (the first digit of a code) and their labels.
const CATEGORIES: [(i64, &str); 6] = [
    (0, "foods, feeds and beverages"),
    (1, "industrial supplies and materials"),
    (2, "capital goods, except automotive"),
    (3, "automotive vehicles, parts and engines"),
    (4, "consumer goods"),
    (5, "other goods"),
];

pub(super) fn expand_category_change_rank(args: &Args) -> Result<Recipe> {
    let (from, to) = two_years(args)?;
    let category = args.required_int("category")?;
    ensure!(
        CATEGORIES.iter().any(|(c, _)| *c == category),
        invalid(format!(
            "argument `category` = {category}; end-use categories: {}",
            CATEGORIES
                .iter()
                .map(|(c, l)| format!("{c} = {l}"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    );
    match args.text("flow")?.as_deref() {
        None | Some("imports") => {}
        Some(other) => bail!(invalid(format!(
            "argument `flow` = `{other}`: only imports by end use are in these data"
        ))),
    }
    let p = partner(args, to)?;
    let p = resolve::enduse_partner(&p)?;
    let vintage = args.text("vintage")?;
    let mut inputs = BTreeMap::new();
    let mut changes = Vec::new();
    for (c, _) in CATEGORIES {
        for (name, year) in [("from", from), ("to", to)] {
            let mut s = selection(
                ENDUSE,
                &[
                    ("partner_code", text(&p)),
                    ("year", int(year)),
                    ("enduse_code", super::partner::prefix_range(&c.to_string())),
                ],
                &[],
                vintage.clone(),
            );
            s.aggregate = Aggregate::Sum;
            inputs.insert(format!("c{c}_{name}"), s);
        }
        changes.push(format!("(c{c}_to - c{c}_from)"));
    }
    let own = format!("(c{category}_to - c{category}_from)");
    let others: Vec<String> = changes.into_iter().filter(|c| *c != own).collect();
    Ok(Recipe::new(
        inputs,
        format!("rank({own}, {})", others.join(", ")),
    ))
}

pub(super) fn expand_enduse_change_rank(args: &Args) -> Result<Recipe> {
    let (from, to) = two_years(args)?;
    let code = args.required_text("code")?;
    ensure!(
        code.len() == 5 && code.bytes().all(|b| b.is_ascii_digit()),
        invalid(format!(
            "argument `code` = `{code}` must be a 5-digit end-use code in quotes, e.g. \"10000\" (crude oil)"
        ))
    );
    let among_all = match args.text("among")?.as_deref() {
        None | Some("category") => false,
        Some("all") => true,
        Some(other) => bail!(invalid(format!(
            "argument `among` = `{other}`; \"category\" (the codes of its end-use category, the default) or \"all\""
        ))),
    };
    let p = resolve::enduse_partner(&partner(args, to)?)?;
    let vintage = args.text("vintage")?;
    // The codes held in both years for the partner (a code absent in one year is not ranked).
    let held = resolve::enduse_codes(&p, &[from, to])?;
    let ranked: Vec<&String> = held
        .iter()
        .filter(|c| among_all || c.as_bytes()[0] == code.as_bytes()[0])
        .collect();
    ensure!(
        ranked.iter().any(|c| **c == code),
        invalid(format!(
            "end-use code {code} is not held for both {from} and {to} for this partner; codes held: {}",
            ranked
                .iter()
                .take(12)
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    );
    let mut inputs = BTreeMap::new();
    for c in &ranked {
        for (name, year) in [("from", from), ("to", to)] {
            inputs.insert(
                format!("e{c}_{name}"),
                selection(
                    ENDUSE,
                    &[
                        ("partner_code", text(&p)),
                        ("year", int(year)),
                        ("enduse_code", text(c)),
                    ],
                    &[],
                    vintage.clone(),
                ),
            );
        }
    }
    let change = |c: &str| format!("(e{c}_to - e{c}_from)");
    let others: Vec<String> = ranked
        .iter()
        .filter(|c| ***c != code)
        .map(|c| change(c))
        .collect();
    Ok(Recipe::new(
        inputs,
        format!("rank({}, {})", change(&code), others.join(", ")),
    ))
}
