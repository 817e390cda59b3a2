//! Defence datasets of one country, each read by the analysis that knows its schema: a national
//! defence budget in its own currency, in dollars and in real terms (the same budget grows at
//! different rates in the two currencies), a host's own series of DMDC troop reports, and what
//! a host pays toward US forces per service member. SIPRI's figures for every country are in
//! [`crate::analysis::milex`]; DMDC's by-country files in [`crate::analysis::troops`].
//!
//! - [`budget`]: a defence budget (today `japan_defense_budget`) and its growth on several bases.
//! - [`troops`]: a host's own troop-report series (today `us_troops_in_japan`).
//! - [`host_nation`]: host-nation support per US service member (today `japan_host_nation_support`).

pub mod budget;
pub mod host_nation;
pub mod troops;

/// SIPRI's shares of GDP and comparisons live in [`crate::analysis::milex`], the one SIPRI
/// module; these names stay here as well.
pub use crate::analysis::milex::{
    defence_share_of_gdp, defence_share_of_gdp_in, military_spending_comparison,
    military_spending_comparison_in,
};
pub use budget::{
    BudgetChange, BudgetGrowth, BudgetMeasure, DefenceBudget, GrowthBasis, defence_budget,
    defence_budget_growth,
};
pub use host_nation::{
    HostNationSupport, HostNationSupportPerMember, host_nation_support_per_service_member,
};
pub use troops::troops_from_reports;
#[allow(deprecated)]
pub use troops::troops_in_japan;
