//! Partners' shares of the US goods deficit in a year, and their rank.

use polars::prelude::*;

use crate::analysis::bilateral::BY_PARTNER;
use crate::analysis::plan::{
    balance_from_flows, collect, contains_text, distinct, div, lower, over, pick_vintage,
    with_vintage_order,
};
use crate::analysis::subject::{IntoPartner, is_named};
use crate::analysis::table::{TableBuilder, floats, ints, texts};
use crate::analysis::{Table, Vintage};
use crate::data::{Dataset, Provenance, load};
use crate::error::{bail, ensure};
use crate::{Error, Result};

const TOP_PARTNERS: &str = crate::data::ids::US_GOODS_BALANCE_TOP_PARTNERS.as_str();
const TOTALS: &str = crate::data::ids::US_TRADE_TOTALS.as_str();

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
    /// `rank`, `partner`, `balance_usd_bn`, `share_of_deficit_pct`, ordered by rank.
    rows: DataFrame,
    total: f64,
    basis: String,
    notes: Vec<String>,
    provenance: Provenance,
}

impl Ranking {
    /// The ranked rows as structs (read out of the computed frame).
    fn partner_rows(&self) -> Result<Vec<PartnerRow>> {
        let what = "deficit shares";
        let ranks = ints(&self.rows, what, "rank")?;
        let partners = texts(&self.rows, what, "partner")?;
        let balances = floats(&self.rows, what, "balance_usd_bn")?;
        let shares = floats(&self.rows, what, "share_of_deficit_pct")?;
        Ok(ranks
            .into_iter()
            .zip(partners)
            .zip(balances.into_iter().zip(shares))
            .filter_map(|((r, p), (b, s))| {
                Some(PartnerRow {
                    partner: p?,
                    balance_usd_bn: b?,
                    share_pct: s?,
                    rank: usize::try_from(r?).ok()?,
                })
            })
            .collect())
    }
}

/// Whether a partner name (lower case) is an aggregate (World, EU, a region…), not a country.
fn is_aggregate_name(name: Expr) -> Expr {
    let name = lower(name);
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
    .map(|a| contains_text(name.clone(), a))
    .reduce(Expr::or)
    .unwrap_or(lit(false))
    .and(contains_text(name, "south africa").not())
}

/// Ranks `parts` (`partner`, `balance_usd_bn`) by balance, the largest deficit first, with each
/// partner's share of `total` (see [`Ranking::rows`]).
fn rank_rows(parts: LazyFrame, total: f64) -> Result<DataFrame> {
    ensure!(
        total != 0.0,
        Error::argument("deficit shares", "the US total goods balance is zero",)
    );
    collect(
        parts
            .sort(
                ["balance_usd_bn", "partner"],
                SortMultipleOptions::default().with_maintain_order(true),
            )
            .with_row_index("row", Some(1))
            // tied balances share the better rank, as the `trade_rank` figure counts them
            .with_column(over(col("row").min(), &["balance_usd_bn"])?.alias("rank"))
            .select([
                col("rank").cast(DataType::Int64),
                col("partner"),
                col("balance_usd_bn"),
                div(lit(100.0) * col("balance_usd_bn"), lit(total)).alias("share_of_deficit_pct"),
            ]),
        "deficit shares",
    )
}

/// The first value of a text and a number column of a one-row (or empty) frame.
fn first_row(f: &DataFrame, what: &str, text: &str, number: &str) -> Result<Option<(String, f64)>> {
    let t = texts(f, what, text)?;
    let n = floats(f, what, number)?;
    Ok(t.into_iter()
        .zip(n)
        .next()
        .and_then(|(t, n)| Some((t?, n?))))
}

fn ranking_by_partner(d: &Dataset, year: i64, vintage: &Vintage) -> Result<Option<Ranking>> {
    let all = distinct(d.lazy(), "vintage", BY_PARTNER)?;
    vintage.check(BY_PARTNER, &all)?;
    let in_year = with_vintage_order(d.lazy().filter(col("year").eq(lit(year))), BY_PARTNER)?;
    let Some(v) = distinct(pick_vintage(in_year, vintage, &[])?, "vintage", BY_PARTNER)?
        .into_iter()
        .next()
    else {
        return Ok(None);
    };
    let flow = |name: &str| {
        col("value")
            .filter(col("flow").eq(lit(name)))
            .last()
            .alias(name)
    };
    // one row per partner: kind, flows, balance (exports − imports where both exist, else the
    // published balance)
    let by = collect(
        d.lazy()
            .filter(
                col("year")
                    .eq(lit(year))
                    .and(col("vintage").eq(lit(v.as_str())))
                    .and(col("partner").is_not_null())
                    .and(col("partner_kind").is_not_null())
                    .and(col("flow").is_not_null()),
            )
            .with_column(col("value").cast(DataType::Float64))
            .group_by([col("partner")])
            .agg([
                col("partner_kind").first(),
                flow("exports"),
                flow("imports"),
                flow("balance"),
            ])
            .with_column(balance_from_flows())
            .sort(["partner"], SortMultipleOptions::default()),
        BY_PARTNER,
    )?;
    let aggregate = col("partner_kind").eq(lit("aggregate"));
    let country = col("partner_kind").eq(lit("country"));
    // the world total: the not seasonally adjusted one if there are two
    let world = collect(
        by.clone()
            .lazy()
            .filter(
                aggregate
                    .clone()
                    .and(lower(col("partner")).str().starts_with(lit("world")))
                    .and(col("balance").is_not_null()),
            )
            .sort_by_exprs(
                [
                    contains_text(lower(col("partner")), "not seasonally").not(),
                    col("partner"),
                ],
                SortMultipleOptions::default(),
            )
            .limit(1),
        BY_PARTNER,
    )?;
    let Some((world_name, total)) = first_row(&world, BY_PARTNER, "partner", "balance")? else {
        let aggregates = collect(by.clone().lazy().filter(aggregate), BY_PARTNER)?;
        bail!(Error::not_found(
            format!("world total (aggregate partner `World…`) in {BY_PARTNER} {year}"),
            "World",
            texts(&aggregates, BY_PARTNER, "partner")?
                .into_iter()
                .flatten(),
        ));
    };
    let countries = by.lazy().filter(country);
    let skipped = collect(
        countries
            .clone()
            .filter(col("balance").is_null())
            .select([len().alias("n")]),
        BY_PARTNER,
    )?;
    let skipped = ints(&skipped, BY_PARTNER, "n")?
        .first()
        .copied()
        .flatten()
        .unwrap_or(0);
    let parts = countries.filter(col("balance").is_not_null()).select([
        col("partner"),
        div(col("balance"), lit(1000.0)).alias("balance_usd_bn"),
    ]);
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
    let all = distinct(d.lazy(), "vintage", TOP_PARTNERS)?;
    vintage.check(TOP_PARTNERS, &all)?;
    let in_year = d.lazy().filter(col("year").eq(lit(year)));
    if collect(in_year.clone().limit(1), TOP_PARTNERS)?.height() == 0 {
        return Ok(None);
    }
    let mut rows = in_year.filter(
        col("partner")
            .is_not_null()
            .and(col("balance").is_not_null())
            .and(col("vintage").is_not_null()),
    );
    if let Vintage::Named(want) = vintage {
        rows = rows.filter(col("vintage").eq(lit(want.as_str())));
    }
    // the latest vintage per partner (or the named one): one row per partner
    let by = collect(
        pick_vintage(
            with_vintage_order(rows, TOP_PARTNERS)?,
            &Vintage::LatestCovering,
            &["partner"],
        )?
        .group_by([col("partner")])
        .agg([
            col("vintage").first(),
            col("balance").cast(DataType::Float64).first(),
            col("basis").fill_null(lit("")).first(),
        ])
        .sort(["partner"], SortMultipleOptions::default()),
        TOP_PARTNERS,
    )?;
    let basis_set = distinct(by.clone().lazy(), "basis", TOP_PARTNERS)?;
    let total_in_file = collect(
        by.clone()
            .lazy()
            .filter(
                lower(col("partner"))
                    .eq(lit("world"))
                    .or(lower(col("partner")).eq(lit("total")))
                    .or(lower(col("partner")).str().starts_with(lit("world"))),
            )
            .limit(1),
        TOP_PARTNERS,
    )?;
    let mut provenance = d.provenance();
    let mut notes = vec![format!(
        "{TOP_PARTNERS}: only the partners listed there are ranked (countries only; aggregates such as the EU excluded)"
    )];
    let total = if let Some((p, total)) =
        first_row(&total_in_file, TOP_PARTNERS, "partner", "balance")?
    {
        notes.push(format!("total = `{p}` in {TOP_PARTNERS}"));
        total
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
    let vs = distinct(by.clone().lazy(), "vintage", TOP_PARTNERS)?;
    let parts = by
        .lazy()
        .filter(is_aggregate_name(col("partner")).not())
        .select([col("partner"), col("balance").alias("balance_usd_bn")]);
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
    let want = if basis.is_empty() { "census" } else { basis };
    let goods_balance = col("measure")
        .eq(lit("goods"))
        .and(col("flow").eq(lit("balance")));
    let rows = t.lazy().filter(
        col("year")
            .eq(lit(year))
            .and(goods_balance.clone())
            .and(lower(col("basis")).eq(lit(want.to_ascii_lowercase())))
            .and(col("value").is_not_null())
            .and(col("vintage").is_not_null()),
    );
    let latest = collect(
        pick_vintage(
            with_vintage_order(rows, TOTALS)?,
            &Vintage::LatestCovering,
            &[],
        )?
        .select([col("vintage"), col("value").cast(DataType::Float64)])
        .limit(1),
        TOTALS,
    )?;
    match first_row(&latest, TOTALS, "vintage", "value")? {
        Some((v, value)) => Ok((value, v)),
        None => {
            let have = collect(
                t.lazy()
                    .filter(goods_balance)
                    .select([col("year"), col("basis")]),
                TOTALS,
            )?;
            Err(Error::not_found(
                format!("US goods balance ({want} basis) in {TOTALS}"),
                year.to_string(),
                ints(&have, TOTALS, "year")?
                    .into_iter()
                    .zip(texts(&have, TOTALS, "basis")?)
                    .filter_map(|(y, b)| Some(format!("{} {}", y?, b?)))
                    .collect::<std::collections::BTreeSet<_>>(),
            ))
        }
    }
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
            let ys = distinct(d.lazy(), "year", TOP_PARTNERS)?;
            tried.push(format!(
                "{TOP_PARTNERS} {}",
                ys.into_iter().collect::<Vec<_>>().join(", ")
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
        .frame(
            r.rows,
            &[
                ("rank", "1 = largest US deficit".into()),
                ("partner", "country".into()),
                (
                    "balance_usd_bn",
                    "USD billions, nominal (negative = US deficit)".into(),
                ),
                (
                    "share_of_deficit_pct",
                    format!(
                        "percent of the US total goods balance ({:.1} USD billions)",
                        r.total
                    ),
                ),
            ],
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
        let rows = r.partner_rows()?;
        let of = rows.len();
        let row = rows
            .iter()
            .find(|p| is_named(&partner, &p.partner))
            .cloned()
            .ok_or_else(|| {
                let closest = Error::not_found("", &partner.name, rows.iter().map(|p| p.partner.clone()));
                let near = match &closest {
                    Error::NotFound { available, .. } => available.clone(),
                    _ => String::new(),
                };
                let near = near.split(", ").take(3).collect::<Vec<_>>().join(", ");
                Error::no_data(
                    format!("{} in the {} ranking ({})", partner.name, r.year, r.basis),
                    format!(
                        "it is not among the {of} countries ranked (a grouping, or no figure that year); closest ranked: {near}"
                    ),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tied_balances_share_the_better_rank() {
        let parts = df!(
            "partner" => ["A", "B", "C", "D"],
            "balance_usd_bn" => [-10.0, -20.0, -10.0, 5.0],
        )
        .unwrap()
        .lazy();
        let ranked = rank_rows(parts, -35.0).unwrap();
        let ranks = crate::analysis::ints(&ranked, "test", "rank").unwrap();
        let partners = texts(&ranked, "test", "partner").unwrap();
        let partners: Vec<Option<&str>> = partners.iter().map(|p| p.as_deref()).collect();
        assert_eq!(partners, [Some("B"), Some("A"), Some("C"), Some("D")]);
        assert_eq!(ranks, [Some(1), Some(2), Some(2), Some(4)]);
    }
}
