//! The latest year of the trade data, complete or not: which calendar year a figure "of the
//! latest year" means, and a partial year shown as year to date, with its months named, beside
//! the same months of the year before — never as a full year.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::analysis::bilateral::BY_PARTNER;
use crate::analysis::subject::IntoPartner;
use crate::analysis::{bilateral_monthly_balance, release_of};
use crate::data::import::month_name;
use crate::data::load;
use crate::error::ensure;
use crate::{Error, Result};

/// The latest complete calendar year of US goods trade by partner: the last year of
/// `us_goods_trade_by_partner`, which holds complete years only (a year whose months are not
/// all published is left out of the annual dataset and shown by [`year_to_date`]).
///
/// Profiles, rankings and notebooks take it as their default year, so a profile made today
/// speaks of the newest complete year the data hold.
///
/// ```
/// use tradedef::prelude::*;
/// let year = latest_complete_year()?;
/// assert!(year >= 2025);
/// // the ranking of that year exists, within one release
/// assert!(DeficitShares::new(year).table()?.height() > 100);
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn latest_complete_year() -> Result<i64> {
    load(BY_PARTNER)?
        .span("year")
        .map(|(_, last)| last)
        .ok_or_else(|| Error::argument(BY_PARTNER, "the by-partner trade data hold no years"))
}

/// Exports, imports and balance over some months, USD millions (nominal, Census basis).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Flows {
    /// US exports to the partner.
    pub exports_usd_mn: f64,
    /// US general imports from the partner.
    pub imports_usd_mn: f64,
    /// Exports − imports (negative = US deficit).
    pub balance_usd_mn: f64,
}

/// A partial year: the months published so far of the latest year in the monthly data, and the
/// same months of the year before. Made by [`year_to_date`].
#[derive(Debug, Clone, PartialEq)]
pub struct YearToDate {
    /// The partner's display name.
    pub partner: String,
    /// The partial year.
    pub year: i64,
    /// The last month published (1–11): the figures cover January to this month.
    pub last_month: u32,
    /// The year's months so far.
    pub current: Flows,
    /// The same months of the year before, where all of them are in the data.
    pub previous: Option<Flows>,
    /// The releases the months come from (vintage tags), oldest first.
    pub vintages: Vec<String>,
    /// Whether every month, of both years, comes from one publisher's release (e.g. all
    /// published after the same annual revision), so the two periods compare like with like.
    pub one_release: bool,
}

impl YearToDate {
    /// The months covered, named: `January–August`.
    ///
    /// ```
    /// let ytd = tradedef::analysis::year_to_date("Mexico")?.expect("a partial year");
    /// assert!(ytd.months().starts_with("January"));
    /// # Ok::<(), tradedef::Error>(())
    /// ```
    pub fn months(&self) -> String {
        if self.last_month == 1 {
            "January".to_string()
        } else {
            format!("January–{}", month_name(self.last_month))
        }
    }

    /// The period as a reader sees it: `January–August 2026`.
    pub fn period(&self) -> String {
        format!("{} {}", self.months(), self.year)
    }

    /// The change of the balance from the same months of the year before, USD millions.
    pub fn balance_change_usd_mn(&self) -> Option<f64> {
        self.previous
            .map(|p| self.current.balance_usd_mn - p.balance_usd_mn)
    }
}

impl fmt::Display for YearToDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.current;
        write!(
            f,
            "US goods trade with {}, {} (year to date): exports {:.1}, imports {:.1}, balance {:.1} (USD millions)",
            self.partner,
            self.period(),
            c.exports_usd_mn,
            c.imports_usd_mn,
            c.balance_usd_mn
        )?;
        if let Some(p) = &self.previous {
            write!(
                f,
                "; {} {}: balance {:.1}",
                self.months(),
                self.year - 1,
                p.balance_usd_mn
            )?;
        }
        write!(f, " [vintages {}]", self.vintages.join(", "))
    }
}

/// One month's flows and the vintage they come from.
struct Month {
    exports: Option<f64>,
    imports: Option<f64>,
    balance: Option<f64>,
    vintage: String,
}

fn sum(months: &[&Month]) -> Option<Flows> {
    let mut f = Flows {
        exports_usd_mn: 0.0,
        imports_usd_mn: 0.0,
        balance_usd_mn: 0.0,
    };
    for m in months {
        f.exports_usd_mn += m.exports?;
        f.imports_usd_mn += m.imports?;
        f.balance_usd_mn += m.balance?;
    }
    Some(f)
}

/// The latest year of US goods trade with `partner` when it is not complete: its months so far
/// against the same months of the year before (each month from the latest release covering it,
/// as [`bilateral_monthly_balance`]). `None` when the latest year in the monthly data has all
/// twelve months (then it is a complete year: use the annual figures).
///
/// A year whose first months are missing is an error naming them, not a shorter sum.
///
/// ```
/// use tradedef::prelude::*;
/// let ytd = year_to_date("Vietnam")?.expect("2026 is not complete in the data");
/// assert!(ytd.year > latest_complete_year()?);
/// assert!(ytd.last_month < 12);
/// assert!(ytd.current.balance_usd_mn < 0.0); // a US deficit
/// assert!(ytd.previous.is_some());
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn year_to_date(partner: impl IntoPartner) -> Result<Option<YearToDate>> {
    let p = partner.into_partner()?;
    let t = bilateral_monthly_balance(&p)?;
    let years = t.ints("year")?;
    let months = t.ints("month")?;
    let exports = t.floats("exports_usd_mn")?;
    let imports = t.floats("imports_usd_mn")?;
    let balance = t.floats("balance_usd_mn")?;
    let vintages = t.texts("vintage")?;
    let mut by: BTreeMap<(i64, u32), Month> = BTreeMap::new();
    for i in 0..t.height() {
        let (Some(Some(y)), Some(Some(m))) = (years.get(i), months.get(i)) else {
            continue;
        };
        let Ok(m) = u32::try_from(*m) else { continue };
        by.insert(
            (*y, m),
            Month {
                exports: exports.get(i).copied().flatten(),
                imports: imports.get(i).copied().flatten(),
                balance: balance.get(i).copied().flatten(),
                vintage: vintages.get(i).cloned().flatten().unwrap_or_default(),
            },
        );
    }
    let Some(&(year, _)) = by.keys().next_back() else {
        return Err(Error::argument(
            format!("year to date of US goods trade with {}", p.name),
            "the monthly data hold no month",
        ));
    };
    let have: BTreeSet<u32> = by
        .keys()
        .filter(|(y, _)| *y == year)
        .map(|(_, m)| *m)
        .collect();
    let last_month = have.iter().next_back().copied().unwrap_or(0);
    if last_month == 12 && have.len() == 12 {
        return Ok(None);
    }
    let missing: Vec<&str> = (1..=last_month)
        .filter(|m| !have.contains(m))
        .map(month_name)
        .collect();
    ensure!(
        missing.is_empty(),
        Error::argument(
            format!("year to date of US goods trade with {}, {year}", p.name),
            format!("the monthly data lack {} {year}", missing.join(", ")),
        )
    );
    let this: Vec<&Month> = (1..=last_month)
        .filter_map(|m| by.get(&(year, m)))
        .collect();
    let before: Vec<&Month> = (1..=last_month)
        .filter_map(|m| by.get(&(year - 1, m)))
        .collect();
    let Some(current) = sum(&this) else {
        return Err(Error::argument(
            format!("year to date of US goods trade with {}, {year}", p.name),
            "a month of the year so far has no exports or imports figure",
        ));
    };
    let previous = if before.len() == this.len() {
        sum(&before)
    } else {
        None
    };
    let used: BTreeSet<String> = this
        .iter()
        .chain(if previous.is_some() { &before[..] } else { &[] })
        .map(|m| m.vintage.clone())
        .collect();
    let releases: BTreeSet<Option<String>> = used
        .iter()
        .map(|v| {
            release_of(crate::analysis::bilateral::BY_PARTNER_MONTHLY, v)
                .or_else(|| release_of(crate::data::ids::US_JAPAN_GOODS_TRADE.as_str(), v))
        })
        .collect();
    let one_release = releases.len() == 1 && releases.iter().all(Option::is_some);
    let mut vintages: Vec<String> = used.into_iter().collect();
    vintages.sort_by_key(|v| crate::analysis::vintage::order_key(v));
    Ok(Some(YearToDate {
        partner: p.name.clone(),
        year,
        last_month,
        current,
        previous,
        vintages,
        one_release,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_named() {
        assert_eq!(month_name(1), "January");
        assert_eq!(month_name(8), "August");
        assert_eq!(month_name(12), "December");
        assert_eq!(month_name(13), "?");
        let y = YearToDate {
            partner: "X".into(),
            year: 2026,
            last_month: 8,
            current: Flows {
                exports_usd_mn: 1.0,
                imports_usd_mn: 3.0,
                balance_usd_mn: -2.0,
            },
            previous: Some(Flows {
                exports_usd_mn: 1.0,
                imports_usd_mn: 2.0,
                balance_usd_mn: -1.0,
            }),
            vintages: vec!["a-2026-08".into()],
            one_release: true,
        };
        assert_eq!(y.period(), "January–August 2026");
        assert_eq!(y.balance_change_usd_mn(), Some(-1.0));
        assert!(y.to_string().contains("year to date"), "{y}");
    }
}
