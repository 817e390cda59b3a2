//! The analyses of military spending (SIPRI): a country's or the world's, its growth, its
//! share of GDP, its rank and its share of the world total.
//!
//! Every input of a claim is read from one SIPRI release: the claim's `vintage` argument (e.g.
//! `"sipri-milex-2025-04"` for a story written on the April 2025 release), else the latest
//! release in `sipri_milex`. A growth or a share of the world therefore never spans two
//! releases, whose constant dollars have different price bases.

use std::collections::BTreeMap;

use super::resolve;
use super::{Args, Recipe, int, selection, text};
use crate::Result;
use crate::analysis::traced as select;
use crate::analysis::traced::invalid;
use crate::analysis::traced::{Aggregate, Selection};
use crate::error::{bail, ensure};

/// A country's (or the world's) row of `sipri_milex` for a year and measure. SIPRI gives its
/// regional and world totals in billions (`constant_usd_billions`) and countries in millions:
/// when the country lacks `measure` but has its twin in the other unit, the twin is read and
/// scaled to `measure`'s unit (shown as "× 1000" with the rows).
fn milex_row(country: &str, year: i64, measure: &str, vintage: &str) -> Result<Selection> {
    let held = resolve::sipri_measures(country, vintage)?;
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
        Some(vintage.to_string()),
    );
    s.scale = scale;
    Ok(s)
}

/// The SIPRI release a claim reads: its `vintage` argument, else the release the claim's rule
/// picks (the latest, or the one current on the story's date).
fn release(args: &Args) -> Result<String> {
    match args.text("vintage")? {
        Some(v) => Ok(v),
        None => resolve::sipri_release(args.pick),
    }
}

/// SIPRI's country money measures are in millions; the claims speak in billions.
fn in_billions(measure: &str, input: &str) -> String {
    if measure.ends_with("_millions") {
        format!("{input} / 1000")
    } else {
        input.to_string()
    }
}

pub(super) fn expand_milex(args: &Args) -> Result<Recipe> {
    let year = args.required_int("year")?;
    let country = resolve::sipri_country(&args.required_text("country")?)?;
    let measure = args
        .text("measure")?
        .unwrap_or_else(|| "current_usd_millions".into());
    Ok(Recipe::new(
        BTreeMap::from([(
            "spending".to_string(),
            milex_row(&country, year, &measure, &release(args)?)?,
        )]),
        in_billions(&measure, "spending"),
    ))
}

pub(super) fn expand_milex_growth(args: &Args) -> Result<Recipe> {
    let (from, to) = (args.required_int("from")?, args.required_int("to")?);
    ensure!(
        from < to,
        invalid(format!("`from` = {from} must be before `to` = {to}"))
    );
    let measure = measure_or_real_terms(args)?;
    let recipe = Recipe::new(
        two_years(args, from, to, &measure)?,
        "later / earlier * 100 - 100",
    );
    // the growth the analysis computes on the same release, where it can
    let country = resolve::sipri_country(&args.required_text("country")?)?;
    let release = crate::analysis::Vintage::named(release(args)?);
    Ok(
        match crate::analysis::milex_growth_in(&country, from, to, &measure, &release) {
            Ok(g) => recipe.computed_by(g.growth_pct, "tradedef::analysis::milex_growth_in"),
            Err(_) => recipe, // the rows say why there is no figure
        },
    )
}

pub(super) fn expand_milex_share_of_gdp(args: &Args) -> Result<Recipe> {
    let year = args.required_int("year")?;
    let country = resolve::sipri_country(&args.required_text("country")?)?;
    Ok(Recipe::new(
        BTreeMap::from([(
            "share".to_string(),
            milex_row(&country, year, "share_of_gdp_pct", &release(args)?)?,
        )]),
        "share",
    ))
}

pub(super) fn expand_milex_rank(args: &Args) -> Result<Recipe> {
    let year = args.required_int("year")?;
    let country = resolve::sipri_country(&args.required_text("country")?)?;
    if crate::similar::key(&country) == crate::similar::key(resolve::WORLD) {
        bail!(invalid(
            "a rank is among countries; `World` is the world total"
        ));
    }
    let measure = args
        .text("measure")?
        .unwrap_or_else(|| "current_usd_millions".into());
    let vintage = release(args)?;
    let own = milex_row(&country, year, &measure, &vintage)?;
    let unavailable = |reason: String| Recipe {
        scale: 1.0,
        computed: None,
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
    let threshold = match select::evaluate_selection(&own, args.pick)?.value {
        Ok(v) => v,
        Err(reason) => return Ok(unavailable(reason.0)),
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
        Some(vintage),
    );
    at_or_above.aggregate = Aggregate::Count;
    Ok(Recipe::new(
        BTreeMap::from([("countries_at_or_above".to_string(), at_or_above)]),
        "countries_at_or_above",
    ))
}

pub(super) fn expand_milex_share_of_world(args: &Args) -> Result<Recipe> {
    let year = args.required_int("year")?;
    let country = resolve::sipri_country(&args.required_text("country")?)?;
    let measure = measure_or_real_terms(args)?;
    let vintage = release(args)?;
    Ok(Recipe::new(
        BTreeMap::from([
            (
                "country".to_string(),
                milex_row(&country, year, &measure, &vintage)?,
            ),
            (
                "world".to_string(),
                milex_row(resolve::WORLD, year, &measure, &vintage)?,
            ),
        ]),
        "country / world * 100",
    ))
}

/// The country's rows of two years under a measure, from one release: `earlier` and `later`.
fn two_years(
    args: &Args,
    from: i64,
    to: i64,
    measure: &str,
) -> Result<BTreeMap<String, Selection>> {
    let country = resolve::sipri_country(&args.required_text("country")?)?;
    let vintage = release(args)?;
    Ok(BTreeMap::from([
        (
            "earlier".to_string(),
            milex_row(&country, from, measure, &vintage)?,
        ),
        (
            "later".to_string(),
            milex_row(&country, to, measure, &vintage)?,
        ),
    ]))
}

/// The `measure` argument, by default constant US dollars: SIPRI states changes and shares of
/// the world total in real terms.
fn measure_or_real_terms(args: &Args) -> Result<String> {
    Ok(args
        .text("measure")?
        .unwrap_or_else(|| "constant_usd_millions".into()))
}

pub(super) fn expand_milex_change(args: &Args) -> Result<Recipe> {
    let (from, to) = (args.required_int("from")?, args.required_int("to")?);
    ensure!(
        from < to,
        invalid(format!("`from` = {from} must be before `to` = {to}"))
    );
    let measure = args
        .text("measure")?
        .unwrap_or_else(|| "current_usd_millions".into());
    Ok(Recipe::new(
        two_years(args, from, to, &measure)?,
        in_billions(&measure, "(later - earlier)"),
    ))
}

pub(super) fn expand_milex_record(args: &Args) -> Result<Recipe> {
    let year = args.required_int("year")?;
    let country = resolve::sipri_country(&args.required_text("country")?)?;
    let measure = measure_or_real_terms(args)?;
    let lowest = match args.text("extreme")?.as_deref() {
        None | Some("highest") => false,
        Some("lowest") => true,
        Some(other) => bail!(invalid(format!(
            "argument `extreme` = `{other}`; \"highest\" (the default) or \"lowest\""
        ))),
    };
    let vintage = release(args)?;
    let own = milex_row(&country, year, &measure, &vintage)?;
    let threshold = match select::evaluate_selection(&own, args.pick)?.value {
        Ok(v) => v / own.scale.unwrap_or(1.0),
        Err(reason) => {
            return Ok(Recipe {
                scale: 1.0,
                computed: None,
                inputs: BTreeMap::from([("own".to_string(), own)]),
                value: "own".into(),
                unavailable: Some(reason.0),
            });
        }
    };
    let mut years = toml::Table::from_iter([("to".to_string(), int(year - 1))]);
    if let Some(since) = args.int("since")? {
        years.insert("from".into(), int(since));
    }
    let side = if lowest { "to" } else { "from" };
    let mut filter = own.filter.clone();
    filter.insert("year".into(), toml::Value::Table(years));
    filter.insert(
        "value".into(),
        toml::Value::Table(toml::Table::from_iter([(
            side.to_string(),
            toml::Value::Float(threshold),
        )])),
    );
    let mut earlier = own.clone();
    earlier.filter = filter;
    earlier.scale = None;
    earlier.aggregate = Aggregate::Count;
    Ok(Recipe::new(
        BTreeMap::from([("earlier_years_as_extreme".to_string(), earlier)]),
        "earlier_years_as_extreme",
    ))
}
