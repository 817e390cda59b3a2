//! Defence: Japan's defence budget in yen, in dollars and in real terms (the same budget grows
//! at different rates in the two currencies), military spending as a share of GDP and compared
//! with allies (SIPRI), US troops in Japan over time, and host-nation support per US service
//! member.
//!
//! - [`budget`]: Japan's defence budget and its growth on several bases.
//! - [`spending`]: SIPRI military expenditure as a share of GDP, and every country in a year.
//! - [`troops`]: US military personnel in Japan by year.
//! - [`host_nation`]: host-nation support per US service member.

pub mod budget;
pub mod host_nation;
pub mod spending;
pub mod troops;

pub use budget::{
    BudgetChange, BudgetGrowth, BudgetMeasure, DefenceBudget, GrowthBasis, defence_budget,
    defence_budget_growth,
};
pub use host_nation::{
    HostNationSupport, HostNationSupportPerMember, host_nation_support_per_service_member,
};
pub use spending::{
    defence_share_of_gdp, defence_share_of_gdp_in, military_spending_comparison,
    military_spending_comparison_in,
};
#[allow(deprecated)]
pub use troops::troops_in_japan;
pub use troops::troops_from_reports;
