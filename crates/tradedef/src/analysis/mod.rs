//! Analyses of the datasets, each returning a [`Table`] (a DataFrame with units, notes and
//! [`Provenance`](crate::data::Provenance)) or a small struct that carries its provenance.
//!
//! - [`trade`]: the US–Japan goods balance, vintages compared, partners' shares of the US
//!   deficit and their rank, a category's (autos') gross and net share of the bilateral deficit.
//! - [`money`]: yen ↔ dollars at annual average rates, nominal → real with a deflator.
//! - [`series`]: changes, CAGR, rolling sums, indexes, shares.
//! - [`defence`]: Japan's defence budget growth in yen, dollars and real terms; military
//!   spending of allies; US troops in Japan; host-nation support per service member.
//! - [`tariff`]: a static partial-equilibrium tariff scenario with a sensitivity grid.
//! - [`duties`]: tariffs actually paid, the effective rate on all US imports from a partner.
//! - [`year_to_date`](mod@year_to_date): the latest complete year of the trade data, and a
//!   partial year shown as year to date beside the same months of the year before.
//! - [`figures`]: the single figures a story quotes (a deficit, a share, a rank, a growth rate),
//!   each by name with its arguments, returned with the rows it was computed from
//!   ([`traced`]); the claims ledger checks a story's figures with them.
//!
//! Every function is non-generic and returns ready values, so notebook cells stay fast.
//!
//! ```
//! use tradedef::prelude::*;
//! let t = bilateral_balance("Japan")?;
//! println!("{t}");
//! assert!(t.source_line().contains("Census"));
//! # Ok::<(), tradedef::Error>(())
//! ```

pub mod bilateral;
pub mod composition;
pub mod currency;
pub mod defence;
pub mod duties;
pub mod figures;
pub mod milex;
pub mod money;
pub(crate) mod plan;
#[cfg(feature = "products")]
pub mod products;
#[cfg(test)]
mod properties;
pub mod series;
mod subject;
mod table;
pub mod tariff;
pub mod traced;
pub mod trade;
pub mod troops;
pub(crate) mod vintage;
pub mod year_to_date;

pub use bilateral::{
    GoodsBalance, bilateral_balance, bilateral_monthly_balance, compare_partner_vintages,
};
#[allow(deprecated)]
pub use bilateral::{compare_vintages, goods_balance, monthly_goods_balance};
pub use composition::{
    ENDUSE_CATEGORIES, composition_year, enduse_category_label, import_composition,
};
pub use currency::CurrencyRates;
#[allow(deprecated)]
pub use defence::troops_in_japan;
pub use defence::{
    BudgetChange, BudgetGrowth, BudgetMeasure, DefenceBudget, GrowthBasis, HostNationSupport,
    HostNationSupportPerMember, defence_budget, defence_budget_growth, defence_share_of_gdp,
    host_nation_support_per_service_member, military_spending_comparison,
};
pub use duties::{EffectiveRate, effective_tariff_rate, effective_tariff_rates};
pub use milex::{
    DEFAULT_MILEX_MEASURE, MilexGrowth, MilexStanding, milex_growth, milex_growth_in,
    milex_price_base, milex_ranking, milex_ranking_in, milex_standing, milex_standing_in,
    military_spending, military_spending_in, sipri_groups,
};
pub use money::{Deflator, DeflatorSeries, deflate};
#[allow(deprecated)]
pub use money::{ExchangeRates, jpy_per_usd, usd_to_yen, usd_to_yen_at, yen_to_usd, yen_to_usd_at};
pub use series::{cagr, index_to_base, percent_change, rolling_sum, shares_pct, year_on_year};
pub use subject::IntoPartner;
pub use table::Table;
pub(crate) use table::{TableBuilder, floats, ints, texts};
pub use tariff::{TariffClaimCheck, TariffOutcome, TariffScenario};
pub use trade::{
    Category, DeficitShares, PartnerRank, PartnerRow, balance, deficit_rank,
    deficit_share_by_partner, partner_category_share,
};
#[allow(deprecated)]
pub use trade::{auto_share_of_deficit, category_share_of_deficit};
pub use troops::troops_in;
pub use vintage::{Pairing, Vintage, latest_releases, pair_releases, release_of};
pub use year_to_date::{Flows, YearToDate, latest_complete_year, year_to_date};
