//! Partners' shares of the US goods deficit in a year, and their rank.

use std::collections::{BTreeMap, BTreeSet};

use crate::analysis::bilateral::BY_PARTNER;
use crate::analysis::subject::{IntoPartner, is_named};
use crate::analysis::table::{TableBuilder, floats, ints, texts};
use crate::analysis::{Table, Vintage};
use crate::data::{Dataset, Provenance, load};
use crate::error::{bail, ensure};
use crate::{Error, Result};

use super::balance;

const TOP_PARTNERS: &str = "us_goods_balance_top_partners";
const TOTALS: &str = "us_trade_totals";

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
    ensure!(
        total != 0.0,
        Error::argument("deficit shares", "the US total goods balance is zero",)
    );
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
        Err(e) => bail!(e),
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
        Err(e) => bail!(e),
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
/// let t = DeficitShares::new(2022).table()?;
/// let japan = t.value_where("partner", "Japan", "rank")?;
/// assert!((1.0..=10.0).contains(&japan));
/// assert!(t.value_where("partner", "World", "rank").is_err()); // aggregates are not ranked
/// # Ok::<(), tradedef::Error>(())
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
/// assert!(deficit_share_by_partner(2022)?.height() > 10);
/// let far_past = deficit_share_by_partner(1900).unwrap_err();
/// assert!(far_past.to_string().contains("1900"), "{far_past}");
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn deficit_share_by_partner(year: i64) -> Result<Table> {
    DeficitShares::new(year).table()
}

/// A partner's rank and share in the US goods deficit of `year` (see [`DeficitShares`]).
///
/// ```
/// use tradedef::prelude::*;
/// let r = deficit_rank("Japan", 2022)?;
/// assert!(r.row.rank >= 1 && r.row.rank <= r.of);
/// assert!(r.row.balance_usd_bn < 0.0); // a US deficit
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn deficit_rank(partner: impl IntoPartner, year: i64) -> Result<PartnerRank> {
    DeficitShares::new(year).partner(partner)
}
