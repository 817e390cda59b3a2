//! The notebook surface: `use tradedef::prelude::*;` brings the datasets, analyses, charts,
//! claims and the display trait into scope, with polars' own prelude.

pub use crate::analysis::tariff::{
    DEFAULT_BASE_YEAR, DEFAULT_ELASTICITY, DEFAULT_NEW_RATE, DEFAULT_OLD_RATE,
    DEFAULT_PASS_THROUGH, GRID_ELASTICITIES, GRID_PASS_THROUGHS,
};
pub use crate::analysis::{
    BudgetChange, BudgetGrowth, BudgetMeasure, Category, DefenceBudget, DeficitShares, Deflator,
    DeflatorSeries, ExchangeRates, GoodsBalance, GrowthBasis, HostNationSupport,
    HostNationSupportPerMember, PartnerRank, PartnerRow, Table, TariffClaimCheck, TariffOutcome,
    TariffScenario, Vintage, auto_share_of_deficit, balance, cagr, category_share_of_deficit,
    compare_vintages, defence_budget, defence_budget_growth, defence_share_of_gdp, deficit_rank,
    deficit_share_by_partner, deflate, goods_balance, host_nation_support_per_service_member,
    index_to_base, jpy_per_usd, military_spending_comparison, monthly_goods_balance,
    percent_change, rolling_sum, shares_pct, usd_to_yen, usd_to_yen_at,
    year_on_year, yen_to_usd, yen_to_usd_at,
};
pub use crate::analysis::{
    CurrencyRates, DEFAULT_MILEX_MEASURE, ENDUSE_CATEGORIES, IntoPartner, MilexGrowth,
    MilexStanding, bilateral_balance, bilateral_monthly_balance, compare_partner_vintages,
    composition_year, enduse_category_label, import_composition, milex_growth, milex_ranking,
    milex_standing, military_spending, partner_category_share, troops_in,
};
#[allow(deprecated)]
pub use crate::analysis::troops_in_japan;
pub use crate::analysis::{EffectiveRate, effective_tariff_rate, effective_tariff_rates};
pub use crate::analysis::{YearToDate, latest_complete_year, latest_releases, year_to_date};
pub use crate::analysis::{
    milex_growth_in, milex_price_base, milex_ranking_in, milex_standing_in, military_spending_in,
};
pub use crate::chart::{
    BarChart, Chart, ChartData, ColumnChart, ColumnMode, DotPlot, LineChart, SmallMultiples, Theme,
    ValueFormat,
};
pub use crate::claims::{ClaimCheck, Ledger, MeasureCheck, Verdict, Verdicts};
pub use crate::data::{Dataset, DatasetMeta, Provenance, catalog, load, load_file, load_file_as};
pub use crate::data::{Partner, partner, partners, search_partners};
pub use crate::notebook::NotebookDisplay;
pub use crate::study::{ProfileOptions, Study, Unavailable};
pub use crate::study::{
    STORY_DATE, auto_share_chart, auto_share_table, balance_chart, balance_table,
    defence_budget_chart, defence_budget_table, defence_share_chart, defence_share_table,
    fact_check, investment_chart, investment_table, japan_china_trade_chart,
    japan_china_trade_table, partner_balances_chart, partner_balances_table, partner_ranking_chart,
    partner_ranking_table, tariff_grid_chart, tariff_grid_table, troops_chart, troops_table,
};
pub use crate::teach::{
    Check, check_bilateral_balance, check_claim_growth, check_partner_ranking, check_real_dollars,
    check_source_chart, todo_answer,
};
pub use crate::{Error, Result};
pub use polars::prelude::*;
