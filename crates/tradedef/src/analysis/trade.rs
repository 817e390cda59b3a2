//! Trade: the US–Japan goods balance (annual and monthly, with rolling 12-month sums), a
//! comparison of vintages, partners' shares of the US goods deficit and their rank, and a
//! category's (e.g. autos') gross and net share of the bilateral deficit.
//!
//! Values are US dollars, nominal, Census basis, as published; the unit is in each column name
//! (`_usd_mn` = USD millions, `_usd_bn` = USD billions) and in [`Table::unit`].

use std::collections::{BTreeMap, BTreeSet};

use crate::analysis::bilateral::BY_PARTNER;
use polars::prelude::*;

use crate::analysis::subject::{IntoPartner, census_code, is_named, names_of};
use crate::analysis::table::{TableBuilder, floats, ints, texts};
use crate::analysis::vintage::{by_year_and_vintage, pair_by_period};
use crate::analysis::{Table, Vintage};
use crate::data::{Dataset, Partner, Provenance, load};
use crate::{Error, Result};

const TOP_PARTNERS: &str = "us_goods_balance_top_partners";
const TOTALS: &str = "us_trade_totals";
pub(crate) const ENDUSE: &str = "us_imports_by_enduse";
const AUTO_EXPORTS: &str = "us_auto_exports_to_japan";
/// The Census code of the partner `us_auto_exports_to_japan` is about.
const AUTO_EXPORTS_PARTNER: &str = "5880";

/// Exports minus imports. The balance is negative when the US runs a deficit.
///
/// ```
/// use tradedef::prelude::*;
/// assert_eq!(balance(20.0, 70.0), -50.0);
/// ```
pub fn balance(exports: f64, imports: f64) -> f64 {
    exports - imports
}

/// Exports, imports and balance of one period in one vintage.
#[derive(Debug, Clone, Copy, Default)]
struct Flows {
    exports: Option<f64>,
    imports: Option<f64>,
    balance: Option<f64>,
}

impl Flows {
    fn set(&mut self, flow: &str, value: Option<f64>) {
        match flow {
            "exports" => self.exports = value,
            "imports" => self.imports = value,
            "balance" => self.balance = value,
            _ => {}
        }
    }
    /// The balance as exports − imports when both exist, else the published balance.
    fn balance(&self) -> Option<f64> {
        match (self.exports, self.imports) {
            (Some(x), Some(m)) => Some(balance(x, m)),
            _ => self.balance,
        }
    }
}

/// One partner in a year's ranking of the US goods deficit.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerRow {
    /// The partner's name.
    pub partner: String,
    /// US goods balance with the partner, USD billions (negative = US deficit).
    pub balance_usd_bn: f64,
    /// The partner's balance over the US total goods balance, percent.
    pub share_pct: f64,
    /// 1 = the largest US deficit.
    pub rank: usize,
}

/// A partner's rank and share in the US goods deficit of a year.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerRank {
    /// The year.
    pub year: i64,
    /// The partner's row.
    pub row: PartnerRow,
    /// How many partners were ranked.
    pub of: usize,
    /// The US total goods balance used, USD billions.
    pub total_usd_bn: f64,
    /// The dataset and vintage the ranking comes from.
    pub basis: String,
    /// The provenance.
    pub provenance: Provenance,
}

struct Ranking {
    year: i64,
    rows: Vec<PartnerRow>,
    total: f64,
    basis: String,
    notes: Vec<String>,
    provenance: Provenance,
}

fn is_aggregate_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    [
        "world",
        "total",
        "european union",
        "euro area",
        "asean",
        "opec",
        "usmca",
        "nafta",
        "pacific rim",
        "other",
        "america",
        "africa",
        "asia",
        "europe",
    ]
    .iter()
    .any(|a| n.contains(a))
        && !n.contains("south africa")
}

fn rank_rows(mut parts: Vec<(String, f64)>, total: f64) -> Result<Vec<PartnerRow>> {
    if total == 0.0 {
        return Err(Error::argument(
            "deficit shares",
            "the US total goods balance is zero",
        ));
    }
    parts.sort_by(|a, b| a.1.total_cmp(&b.1));
    Ok(parts
        .into_iter()
        .enumerate()
        .map(|(i, (partner, b))| PartnerRow {
            partner,
            share_pct: 100.0 * b / total,
            balance_usd_bn: b,
            rank: i + 1,
        })
        .collect())
}

fn ranking_by_partner(d: &Dataset, year: i64, vintage: &Vintage) -> Result<Option<Ranking>> {
    let f = d.frame();
    let years = ints(f, BY_PARTNER, "year")?;
    let partners = texts(f, BY_PARTNER, "partner")?;
    let kinds = texts(f, BY_PARTNER, "partner_kind")?;
    let flows = texts(f, BY_PARTNER, "flow")?;
    let values = floats(f, BY_PARTNER, "value")?;
    let vintages = texts(f, BY_PARTNER, "vintage")?;
    let all: BTreeSet<String> = vintages.iter().flatten().cloned().collect();
    vintage.check(BY_PARTNER, &all)?;
    let in_year: BTreeSet<&str> = (0..f.height())
        .filter(|&i| years[i] == Some(year))
        .filter_map(|i| vintages[i].as_deref())
        .collect();
    let Some(v) = vintage.choose(in_year) else {
        return Ok(None);
    };
    // partner → (kind, flows)
    let mut by: BTreeMap<String, (String, Flows)> = BTreeMap::new();
    for i in 0..f.height() {
        if years[i] != Some(year) || vintages[i].as_deref() != Some(v.as_str()) {
            continue;
        }
        let (Some(p), Some(k), Some(fl)) = (&partners[i], &kinds[i], &flows[i]) else {
            continue;
        };
        let e = by
            .entry(p.clone())
            .or_insert_with(|| (k.clone(), Flows::default()));
        e.1.set(fl, values[i]);
    }
    let world: Vec<(&String, f64)> = by
        .iter()
        .filter(|(p, (k, _))| k == "aggregate" && p.to_ascii_lowercase().starts_with("world"))
        .filter_map(|(p, (_, fl))| Some((p, fl.balance()?)))
        .collect();
    let (world_name, total) = world
        .iter()
        .find(|(p, _)| p.to_ascii_lowercase().contains("not seasonally"))
        .or_else(|| world.first())
        .map(|(p, b)| ((*p).clone(), *b))
        .ok_or_else(|| {
            Error::not_found(
                format!("world total (aggregate partner `World…`) in {BY_PARTNER} {year}"),
                "World",
                by.iter()
                    .filter(|(_, (k, _))| k == "aggregate")
                    .map(|(p, _)| p.clone()),
            )
        })?;
    let parts: Vec<(String, f64)> = by
        .iter()
        .filter(|(_, (k, _))| k == "country")
        .filter_map(|(p, (_, fl))| Some((p.clone(), fl.balance()? / 1000.0)))
        .collect();
    let skipped = by
        .iter()
        .filter(|(_, (k, fl))| k == "country" && fl.balance().is_none())
        .count();
    let mut notes = vec![
        format!(
            "{BY_PARTNER}, vintage {v}; countries only (aggregates excluded); total = `{world_name}`"
        ),
        "balance = exports − imports, Census basis; share = partner balance / US total balance"
            .to_string(),
    ];
    if skipped > 0 {
        notes.push(format!(
            "{skipped} countries without a figure for {year} are not ranked"
        ));
    }
    Ok(Some(Ranking {
        year,
        rows: rank_rows(parts, total / 1000.0)?,
        total: total / 1000.0,
        basis: format!("{BY_PARTNER} ({v})"),
        notes,
        provenance: d.provenance(),
    }))
}

fn ranking_top_partners(d: &Dataset, year: i64, vintage: &Vintage) -> Result<Option<Ranking>> {
    let f = d.frame();
    let years = ints(f, TOP_PARTNERS, "year")?;
    let partners = texts(f, TOP_PARTNERS, "partner")?;
    let balances = floats(f, TOP_PARTNERS, "balance")?;
    let bases = texts(f, TOP_PARTNERS, "basis")?;
    let vintages = texts(f, TOP_PARTNERS, "vintage")?;
    let all: BTreeSet<String> = vintages.iter().flatten().cloned().collect();
    vintage.check(TOP_PARTNERS, &all)?;
    let idx: Vec<usize> = (0..f.height())
        .filter(|&i| years[i] == Some(year))
        .collect();
    if idx.is_empty() {
        return Ok(None);
    }
    // The latest vintage per partner (or the named one).
    let mut by: BTreeMap<String, (String, f64, String)> = BTreeMap::new();
    for &i in &idx {
        let (Some(p), Some(b), Some(v)) = (&partners[i], balances[i], &vintages[i]) else {
            continue;
        };
        if let Vintage::Named(want) = vintage
            && want != v
        {
            continue;
        }
        let newer = by.get(p).is_none_or(|old| {
            crate::analysis::vintage::order_key(v) > crate::analysis::vintage::order_key(&old.0)
        });
        if newer {
            by.insert(
                p.clone(),
                (v.clone(), b, bases[i].clone().unwrap_or_default()),
            );
        }
    }
    let basis_set: BTreeSet<String> = by.values().map(|r| r.2.clone()).collect();
    let total_in_file = by.iter().find(|(p, _)| {
        let p = p.to_ascii_lowercase();
        p == "world" || p == "total" || p.starts_with("world")
    });
    let mut provenance = d.provenance();
    let mut notes = vec![format!(
        "{TOP_PARTNERS}: only the partners listed there are ranked (countries only; aggregates such as the EU excluded)"
    )];
    let total = if let Some((p, r)) = total_in_file {
        notes.push(format!("total = `{p}` in {TOP_PARTNERS}"));
        r.1
    } else {
        let basis = basis_set.iter().next().cloned().unwrap_or_default();
        let t = load(TOTALS)?;
        provenance = provenance.merge(&t.provenance());
        let (total, _) = match us_goods_balance_total(&t, year, &basis) {
            Ok(found) => {
                notes.push(format!(
                    "total = US goods balance, {basis} basis, from {TOTALS} ({})",
                    found.1
                ));
                found
            }
            Err(first) => {
                let other = if basis.eq_ignore_ascii_case("bop") {
                    "census"
                } else {
                    "bop"
                };
                let found = us_goods_balance_total(&t, year, other).map_err(|_| first)?;
                notes.push(format!(
                    "total = US goods balance on the {other} basis from {TOTALS} ({}): no {basis}-basis total for {year}, so partner figures ({basis}) and total ({other}) differ in basis",
                    found.1
                ));
                found
            }
        };
        total
    };
    let parts: Vec<(String, f64)> = by
        .iter()
        .filter(|(p, _)| !is_aggregate_name(p))
        .map(|(p, r)| (p.clone(), r.1))
        .collect();
    let vs: BTreeSet<&str> = by.values().map(|r| r.0.as_str()).collect();
    notes.push(format!(
        "basis: {}",
        basis_set.into_iter().collect::<Vec<_>>().join(", ")
    ));
    Ok(Some(Ranking {
        year,
        rows: rank_rows(parts, total)?,
        total,
        basis: format!(
            "{TOP_PARTNERS} ({})",
            vs.into_iter().collect::<Vec<_>>().join(", ")
        ),
        notes,
        provenance,
    }))
}

/// The US goods balance (USD billions) of a year from `us_trade_totals`, on a basis (`census`
/// or `bop`; empty = prefer census), latest vintage.
fn us_goods_balance_total(t: &Dataset, year: i64, basis: &str) -> Result<(f64, String)> {
    let f = t.frame();
    let years = ints(f, TOTALS, "year")?;
    let bases = texts(f, TOTALS, "basis")?;
    let measures = texts(f, TOTALS, "measure")?;
    let flows = texts(f, TOTALS, "flow")?;
    let values = floats(f, TOTALS, "value")?;
    let vintages = texts(f, TOTALS, "vintage")?;
    let want = if basis.is_empty() { "census" } else { basis };
    let rows: Vec<(f64, &str)> = (0..f.height())
        .filter(|&i| {
            years[i] == Some(year)
                && measures[i].as_deref() == Some("goods")
                && flows[i].as_deref() == Some("balance")
                && bases[i]
                    .as_deref()
                    .is_some_and(|b| b.eq_ignore_ascii_case(want))
        })
        .filter_map(|i| Some((values[i]?, vintages[i].as_deref()?)))
        .collect();
    let v = Vintage::LatestCovering
        .choose(rows.iter().map(|r| r.1))
        .ok_or_else(|| {
            Error::not_found(
                format!("US goods balance ({want} basis) in {TOTALS}"),
                year.to_string(),
                (0..f.height())
                    .filter(|&i| {
                        measures[i].as_deref() == Some("goods")
                            && flows[i].as_deref() == Some("balance")
                    })
                    .filter_map(|i| Some(format!("{} {}", years[i]?, bases[i].as_deref()?)))
                    .collect::<BTreeSet<_>>(),
            )
        })?;
    let value = rows
        .iter()
        .find(|r| r.1 == v)
        .map(|r| r.0)
        .unwrap_or_default();
    Ok((value, v))
}

fn ranking(year: i64, vintage: &Vintage) -> Result<Ranking> {
    let mut tried: Vec<String> = Vec::new();
    match load(BY_PARTNER) {
        Ok(d) => {
            if let Some(r) = ranking_by_partner(&d, year, vintage)? {
                return Ok(r);
            }
            if let Some((a, b)) = d.span("year") {
                tried.push(format!("{BY_PARTNER} {a}–{b}"));
            }
        }
        Err(Error::NotFound { .. }) => tried.push(format!("{BY_PARTNER} (not in the catalog)")),
        Err(e) => return Err(e),
    }
    match load(TOP_PARTNERS) {
        Ok(d) => {
            if let Some(r) = ranking_top_partners(&d, year, vintage)? {
                return Ok(r);
            }
            let ys: BTreeSet<i64> = ints(d.frame(), TOP_PARTNERS, "year")?
                .into_iter()
                .flatten()
                .collect();
            tried.push(format!(
                "{TOP_PARTNERS} {}",
                ys.iter()
                    .map(|y| y.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        Err(Error::NotFound { .. }) => tried.push(format!("{TOP_PARTNERS} (not in the catalog)")),
        Err(e) => return Err(e),
    }
    Err(Error::not_found(
        "year of partner balances",
        year.to_string(),
        tried,
    ))
}

/// Options for partners' shares of the US goods deficit.
///
/// Data: `us_goods_trade_by_partner` (every country, Census) where it covers the year, else
/// `us_goods_balance_top_partners` (the main partners only). Countries only: aggregates (World,
/// EU, regions) are not ranked. Share = the partner's balance / the US total goods balance (so a
/// partner with which the US has a surplus has a negative share). Rank 1 = the largest deficit.
/// Default vintage: the latest covering the year.
///
/// ```
/// use tradedef::prelude::*;
/// if let Ok(t) = DeficitShares::new(2022).table() {
///     assert_eq!(t.value_where("partner", "Japan", "rank").is_ok(), true);
/// }
/// ```
#[derive(Debug, Clone)]
pub struct DeficitShares {
    year: i64,
    vintage: Vintage,
}

impl DeficitShares {
    /// Shares in `year`.
    pub fn new(year: i64) -> Self {
        DeficitShares {
            year,
            vintage: Vintage::LatestCovering,
        }
    }

    /// Which vintage. By default the latest covering the year.
    pub fn vintage(mut self, vintage: Vintage) -> Self {
        self.vintage = vintage;
        self
    }

    /// `rank`, `partner`, `balance_usd_bn`, `share_of_deficit_pct`, ordered by rank.
    pub fn table(&self) -> Result<Table> {
        let r = ranking(self.year, &self.vintage)?;
        let mut t = TableBuilder::new(format!(
            "Partners' shares of the US goods deficit, {}",
            r.year
        ))
        .int(
            "rank",
            "1 = largest US deficit",
            r.rows.iter().map(|p| Some(p.rank as i64)).collect(),
        )
        .text(
            "partner",
            "country",
            r.rows.iter().map(|p| Some(p.partner.clone())).collect(),
        )
        .float(
            "balance_usd_bn",
            "USD billions, nominal (negative = US deficit)",
            r.rows.iter().map(|p| Some(p.balance_usd_bn)).collect(),
        )
        .float(
            "share_of_deficit_pct",
            format!(
                "percent of the US total goods balance ({:.1} USD billions)",
                r.total
            ),
            r.rows.iter().map(|p| Some(p.share_pct)).collect(),
        )
        .note(format!("data: {}", r.basis));
        for n in r.notes {
            t = t.note(n);
        }
        t.build(r.provenance)
    }

    /// One partner's rank and share. Errors list the partners that exist.
    pub fn partner(&self, partner: impl IntoPartner) -> Result<PartnerRank> {
        let partner = partner.into_partner()?;
        let r = ranking(self.year, &self.vintage)?;
        let of = r.rows.len();
        let row = r
            .rows
            .iter()
            .find(|p| is_named(&partner, &p.partner))
            .cloned()
            .ok_or_else(|| {
                Error::not_found(
                    format!("partner (country) in the {} ranking ({})", r.year, r.basis),
                    &partner.name,
                    r.rows.iter().map(|p| p.partner.clone()),
                )
            })?;
        Ok(PartnerRank {
            year: r.year,
            row,
            of,
            total_usd_bn: r.total,
            basis: r.basis,
            provenance: r.provenance,
        })
    }
}

/// Partners' shares of the US goods deficit in `year`, ranked (see [`DeficitShares`]).
///
/// ```
/// use tradedef::prelude::*;
/// match deficit_share_by_partner(2022) {
///     Ok(t) => assert!(t.height() > 10),
///     Err(e) => assert!(e.to_string().contains("not found")),
/// }
/// ```
pub fn deficit_share_by_partner(year: i64) -> Result<Table> {
    DeficitShares::new(year).table()
}

/// A partner's rank and share in the US goods deficit of `year` (see [`DeficitShares`]).
///
/// ```
/// use tradedef::prelude::*;
/// if let Ok(r) = deficit_rank("Japan", 2022) {
///     assert!(r.row.rank >= 1 && r.row.rank <= r.of);
/// }
/// ```
pub fn deficit_rank(partner: impl IntoPartner, year: i64) -> Result<PartnerRank> {
    DeficitShares::new(year).partner(partner)
}

/// A category of US imports from Japan, by Census end-use code (a prefix of the 5-digit code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Category {
    /// End-use 3: automotive vehicles, parts and engines (codes starting `3`).
    Autos,
    /// End-use 300: passenger cars, new and used.
    PassengerCars,
    /// End-use 301: trucks, buses and special-purpose vehicles.
    TrucksBuses,
    /// End-use 302: parts, engines, bodies, tires.
    Parts,
    /// Any end-use code prefix, e.g. `"2"` (capital goods).
    EndUse(String),
}

impl Category {
    /// Parses `autos`, `passenger_cars` (or `cars`), `trucks`, `parts`, or digits (an end-use prefix).
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// assert_eq!(Category::parse("autos")?, Category::Autos);
    /// assert_eq!(Category::parse("300")?, Category::EndUse("300".into()));
    /// assert!(Category::parse("bananas").is_err());
    /// # Ok::<(), tradedef::Error>(())
    /// ```
    pub fn parse(s: &str) -> Result<Category> {
        let t = s.trim().to_ascii_lowercase();
        Ok(match t.as_str() {
            "autos" | "automotive" => Category::Autos,
            "passenger_cars" | "cars" => Category::PassengerCars,
            "trucks" | "trucks_buses" => Category::TrucksBuses,
            "parts" => Category::Parts,
            d if !d.is_empty() && d.len() <= 5 && d.chars().all(|c| c.is_ascii_digit()) => {
                Category::EndUse(d.to_string())
            }
            _ => {
                return Err(Error::not_found(
                    "category",
                    s,
                    [
                        "autos",
                        "passenger_cars",
                        "trucks",
                        "parts",
                        "an end-use code prefix such as 3 or 300",
                    ],
                ));
            }
        })
    }

    /// The end-use code prefix.
    pub fn prefix(&self) -> &str {
        match self {
            Category::Autos => "3",
            Category::PassengerCars => "300",
            Category::TrucksBuses => "301",
            Category::Parts => "302",
            Category::EndUse(p) => p,
        }
    }

    /// A label for titles.
    pub fn label(&self) -> String {
        match self {
            Category::Autos => "automotive vehicles, parts and engines (end-use 3)".into(),
            Category::PassengerCars => "passenger cars (end-use 300)".into(),
            Category::TrucksBuses => "trucks, buses, special-purpose vehicles (end-use 301)".into(),
            Category::Parts => "parts, engines, bodies, tires (end-use 302)".into(),
            Category::EndUse(p) => format!("end-use codes {p}…"),
        }
    }

    /// The `scope`s of `us_auto_exports_to_japan` that stand for this category's exports, best
    /// match first (for autos: end-use 3, then "automobiles and parts", then HTS chapter 87,
    /// which also counts motorcycles and tractors). Empty where there is none.
    pub fn export_scopes(&self) -> &'static [&'static str] {
        match self {
            Category::Autos => &[
                "automotive_vehicles_parts_engines",
                "automobiles_and_parts",
                "hs87_vehicles_and_parts",
            ],
            Category::PassengerCars => &["passenger_cars"],
            _ => &[],
        }
    }
}

/// Whose end-use imports to read: one partner (by Census code) or the world total.
#[derive(Debug, Clone)]
pub(crate) enum Importer {
    /// A partner.
    Partner(Box<Partner>),
    /// All countries (Census code 0000).
    World,
}

/// The Census code of the world total in the end-use workbook.
const WORLD_CODE: &str = "0000";

/// The rows of `us_imports_by_enduse` for one importer: by `partner_code` where the dataset has
/// it, else by the partner's names.
pub(crate) fn enduse_rows(d: &Dataset, who: &Importer) -> Result<LazyFrame> {
    let by_code = d.frame().column("partner_code").is_ok();
    Ok(match (who, by_code) {
        (Importer::World, true) => d.lazy().filter(col("partner_code").eq(lit(WORLD_CODE))),
        (Importer::World, false) => d.lazy().filter(col("partner").eq(lit("World"))),
        (Importer::Partner(p), true) => {
            let code = census_code(p, ENDUSE)?;
            d.lazy().filter(col("partner_code").eq(lit(code)))
        }
        (Importer::Partner(p), false) => {
            let names = Series::new("names".into(), names_of(p));
            d.lazy()
                .filter(col("partner").is_in(lit(names).implode(false), false))
        }
    })
}

/// The end-use codes of `us_imports_by_enduse` that start with a category's prefix; an error
/// listing the codes when none does.
pub(crate) fn category_codes(d: &Dataset, category: &Category) -> Result<Vec<String>> {
    let unique = d
        .lazy()
        .select([col("enduse_code")])
        .unique(None, UniqueKeepStrategy::Any)
        .collect()
        .map_err(|e| Error::polars(ENDUSE, e))?;
    let all: BTreeSet<String> = texts(&unique, ENDUSE, "enduse_code")?
        .into_iter()
        .flatten()
        .collect();
    let codes: Vec<String> = all
        .iter()
        .filter(|c| c.starts_with(category.prefix()))
        .cloned()
        .collect();
    if codes.is_empty() {
        return Err(Error::not_found(
            format!("end-use code prefix in {ENDUSE}"),
            category.prefix(),
            all,
        ));
    }
    Ok(codes)
}

/// Imports of a category by year from one importer, from one vintage per year (the latest
/// with a figure): `year → (USD millions, vintage)`.
pub(crate) fn category_imports(
    d: &Dataset,
    category: &Category,
    who: &Importer,
) -> Result<BTreeMap<i64, (f64, String)>> {
    let codes = Series::new("codes".into(), category_codes(d, category)?);
    let sums = enduse_rows(d, who)?
        .filter(col("enduse_code").is_in(lit(codes).implode(false), false))
        .group_by([col("year"), col("vintage")])
        .agg([
            col("value").sum().alias("sum"),
            col("value").count().alias("figures"),
        ])
        .filter(col("figures").gt(lit(0)))
        .collect()
        .map_err(|e| Error::polars(ENDUSE, e))?;
    let years = ints(&sums, ENDUSE, "year")?;
    let vintages = texts(&sums, ENDUSE, "vintage")?;
    let values = floats(&sums, ENDUSE, "sum")?;
    let mut by: BTreeMap<i64, BTreeMap<String, f64>> = BTreeMap::new();
    for ((y, v), x) in years.into_iter().zip(vintages).zip(values) {
        if let (Some(y), Some(v), Some(x)) = (y, v, x) {
            by.entry(y).or_default().insert(v, x);
        }
    }
    Ok(by
        .into_iter()
        .filter_map(|(y, by_v)| {
            let v = Vintage::LatestCovering.choose(by_v.keys().map(String::as_str))?;
            Some((y, (by_v[&v], v)))
        })
        .collect())
}

/// US exports of a category to Japan by year (`us_auto_exports_to_japan`): per year the first
/// scope of `scopes` with a figure, latest vintage; `year → (value, scope)`.
fn category_exports(d: &Dataset, scopes: &[&str]) -> Result<BTreeMap<i64, (f64, String)>> {
    let f = d.frame();
    let years = ints(f, AUTO_EXPORTS, "year")?;
    let scope_col = texts(f, AUTO_EXPORTS, "scope")?;
    let values = floats(f, AUTO_EXPORTS, "value")?;
    let vintages = texts(f, AUTO_EXPORTS, "vintage")?;
    let mut by: BTreeMap<i64, Vec<(usize, String, f64)>> = BTreeMap::new();
    for i in 0..f.height() {
        let Some(rank) = scope_col[i]
            .as_deref()
            .and_then(|s| scopes.iter().position(|x| *x == s))
        else {
            continue;
        };
        if let (Some(y), Some(x), Some(v)) = (years[i], values[i], &vintages[i]) {
            by.entry(y).or_default().push((rank, v.clone(), x));
        }
    }
    Ok(by
        .into_iter()
        .filter_map(|(y, rows)| {
            let best = rows.iter().map(|r| r.0).min()?;
            let rows: Vec<_> = rows.into_iter().filter(|r| r.0 == best).collect();
            let v = Vintage::LatestCovering.choose(rows.iter().map(|r| r.1.as_str()))?;
            Some((
                y,
                (rows.iter().find(|r| r.1 == v)?.2, scopes[best].to_string()),
            ))
        })
        .collect())
}

/// A category's share of the US goods deficit with a partner, per year.
///
/// - gross share = 100 × imports of the category from the partner / deficit
/// - net share = 100 × (imports − US exports of the category to the partner) / deficit
///
/// where deficit = −(US goods balance with the partner) (from [`bilateral_balance`]). Imports
/// are Census end-use imports (`us_imports_by_enduse`, customs value); exports exist only where
/// a dataset holds them (`us_auto_exports_to_japan`, for Japan; the net share is empty
/// otherwise, with a note). The shares are empty in a year the US has no deficit or the balance
/// is missing. Also `partner_share_of_us_imports_pct` = the partner's share of US imports of the
/// category from the world.
///
/// ```
/// use tradedef::prelude::*;
/// let t = partner_category_share("South Korea", &Category::Autos)?;
/// assert!(t.columns().contains(&"gross_share_pct".to_string()));
/// assert!(t.value_at("year", 2022, "gross_share_pct")? > 0.0);
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn partner_category_share(partner: impl IntoPartner, category: &Category) -> Result<Table> {
    let p = partner.into_partner()?;
    let name = p.name.clone();
    let d = load(ENDUSE)?;
    let japan = category_imports(&d, category, &Importer::Partner(Box::new(p.clone())))?;
    let world = category_imports(&d, category, &Importer::World)?;
    let flows = crate::analysis::bilateral::period_flows(&p, false)?;
    let balance_data = flows.datasets.join(" + ");
    let datasets: Vec<&str> = flows.datasets.iter().map(String::as_str).collect();
    let paired = pair_by_period(
        ENDUSE,
        &japan,
        &datasets,
        &by_year_and_vintage(&flows.frame, &balance_data, "balance")?,
    );
    let by: BTreeMap<i64, (Option<f64>, Option<String>)> = paired
        .iter()
        .map(|(y, (b, v, _))| (*y, (Some(*b), Some(v.clone()))))
        .collect();
    let unmatched: Vec<String> = paired
        .iter()
        .filter(|(_, (_, _, matched))| !matched)
        .map(|(y, _)| y.to_string())
        .collect();
    let mut provenance = d.provenance().merge(&flows.provenance);
    let mut notes = vec![
        format!(
            "category: {}; imports from {ENDUSE}, general imports, customs value",
            category.label()
        ),
        format!(
            "deficit = −(US goods balance with {name}), {balance_data}, from the release of the import figures (pairing rule, data/README.md)"
        ),
    ];
    if !unmatched.is_empty() {
        notes.push(format!(
            "no release holds both the imports and the balance for {}: each is its latest vintage (see imports_vintage, balance_vintage)",
            unmatched.join(", ")
        ));
    }
    let scopes = if p.census_code.as_deref() == Some(AUTO_EXPORTS_PARTNER) {
        category.export_scopes()
    } else {
        &[]
    };
    let exports = match scopes.is_empty() {
        false => match load(AUTO_EXPORTS) {
            Ok(e) => {
                provenance = provenance.merge(&e.provenance());
                notes.push(format!(
                    "exports: {AUTO_EXPORTS}, first scope with a figure among {} (see exports_scope; net share only where a figure exists)",
                    scopes.join(", ")
                ));
                category_exports(&e, scopes)?
            }
            Err(Error::NotFound { .. }) => {
                notes.push(format!(
                    "net share not computed: dataset {AUTO_EXPORTS} is not in the catalog"
                ));
                BTreeMap::new()
            }
            Err(e) => return Err(e),
        },
        true => {
            notes.push(format!(
                "net share not computed: no series of US exports of this category to {name} in the data"
            ));
            BTreeMap::new()
        }
    };
    let years: Vec<i64> = japan.keys().copied().collect();
    let missing_balance: Vec<String> = years
        .iter()
        .filter(|y| by.get(y).and_then(|b| b.0).is_none())
        .map(|y| y.to_string())
        .collect();
    if !missing_balance.is_empty() {
        notes.push(format!(
            "no US goods balance with {name} for {}: shares left empty",
            missing_balance.join(", ")
        ));
    }
    let imports: Vec<Option<f64>> = years.iter().map(|y| Some(japan[y].0)).collect();
    let ex: Vec<Option<f64>> = years.iter().map(|y| exports.get(y).map(|e| e.0)).collect();
    let ex_scope: Vec<Option<String>> = years
        .iter()
        .map(|y| exports.get(y).map(|e| e.1.clone()))
        .collect();
    let balance: Vec<Option<f64>> = years.iter().map(|y| by.get(y).and_then(|b| b.0)).collect();
    let deficit = |i: usize| balance[i].filter(|b| *b < 0.0).map(|b| -b);
    let gross: Vec<Option<f64>> = (0..years.len())
        .map(|i| Some(100.0 * imports[i]? / deficit(i)?))
        .collect();
    let net: Vec<Option<f64>> = (0..years.len())
        .map(|i| Some(100.0 * (imports[i]? - ex[i]?) / deficit(i)?))
        .collect();
    let japan_share: Vec<Option<f64>> = years
        .iter()
        .map(|y| {
            world
                .get(y)
                .filter(|w| w.0 != 0.0)
                .map(|w| 100.0 * japan[y].0 / w.0)
        })
        .collect();
    let mut t = TableBuilder::new(format!(
        "Share of the US goods deficit with {name}: {}",
        category.label()
    ))
    .int(
        "year",
        "calendar year",
        years.iter().map(|y| Some(*y)).collect(),
    )
    .float(
        "imports_usd_mn",
        format!("USD millions, nominal (US imports of the category from {name})"),
        imports,
    )
    .float(
        "exports_usd_mn",
        format!("USD millions, nominal (US exports of the category to {name}; empty = no figure)"),
        ex,
    )
    .text(
        "exports_scope",
        "which export series the exports figure is",
        ex_scope,
    )
    .float(
        "balance_usd_mn",
        format!("USD millions, nominal (US goods balance with {name}, all goods)"),
        balance,
    )
    .float(
        "gross_share_pct",
        format!("percent of the US goods deficit with {name} (imports / deficit)"),
        gross,
    )
    .float(
        "net_share_pct",
        format!("percent of the US goods deficit with {name} ((imports − exports) / deficit)"),
        net,
    )
    .float(
        "partner_share_of_us_imports_pct",
        "percent of US imports of the category from the world",
        japan_share,
    )
    .text(
        "imports_vintage",
        "release of the import figures",
        years.iter().map(|y| Some(japan[y].1.clone())).collect(),
    )
    .text(
        "balance_vintage",
        "release of the balance",
        years
            .iter()
            .map(|y| by.get(y).and_then(|b| b.1.clone()))
            .collect(),
    );
    for n in notes {
        t = t.note(n);
    }
    t.build(provenance)
}

/// A category's share of the US goods deficit with Japan, the story's partner (see
/// [`partner_category_share`]).
///
/// ```
/// use tradedef::prelude::*;
/// let t = category_share_of_deficit(&Category::Autos)?;
/// assert!(t.value_at("year", 2024, "net_share_pct")? > 50.0);
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn category_share_of_deficit(category: &Category) -> Result<Table> {
    partner_category_share("Japan", category)
}

/// Autos' (end-use 3) gross and net share of the US goods deficit with Japan, per year: see
/// [`partner_category_share`].
///
/// ```
/// use tradedef::prelude::*;
/// if let Ok(t) = auto_share_of_deficit() {
///     assert!(t.unit("gross_share_pct").unwrap().contains("percent"));
/// }
/// ```
pub fn auto_share_of_deficit() -> Result<Table> {
    category_share_of_deficit(&Category::Autos)
}
