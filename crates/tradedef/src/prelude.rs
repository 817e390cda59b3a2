//! The notebook surface: `use tradedef::prelude::*;` brings the core vocabulary a notebook needs
//! into scope — datasets and partners, the analyses, tables, charts, claims, studies and the
//! display trait — with polars' own prelude. Stories and exercises are reached by their module
//! (`tradedef::study::japan_2025`, `tradedef::teach`), a dataset's own analysis by its module
//! (`tradedef::analysis::defence`).

// datasets and partners
pub use crate::data::{Dataset, DatasetMeta, Provenance, catalog, load, load_file, load_file_as};
pub use crate::data::{Partner, partner, partners, search_partners};
// tables and vintages
pub use crate::analysis::{IntoPartner, Table, Vintage, latest_releases};
// trade
pub use crate::analysis::{
    Category, DeficitShares, ENDUSE_CATEGORIES, EffectiveRate, GoodsBalance, PartnerRank,
    PartnerRow, TariffClaimCheck, TariffOutcome, TariffScenario, YearToDate, bilateral_balance,
    bilateral_monthly_balance, compare_partner_vintages, composition_year, deficit_rank,
    deficit_share_by_partner, effective_tariff_rate, effective_tariff_rates, enduse_category_label,
    import_composition, latest_complete_year, partner_category_share, year_to_date,
};
// money
pub use crate::analysis::{CurrencyRates, Deflator, DeflatorSeries};
// defence
pub use crate::analysis::{
    DEFAULT_MILEX_MEASURE, MilexGrowth, MilexStanding, defence_share_of_gdp, milex_growth,
    milex_growth_in, milex_price_base, milex_ranking, milex_ranking_in, milex_standing,
    milex_standing_in, military_spending, military_spending_comparison, military_spending_in,
    troops_in,
};
// series arithmetic
pub use crate::analysis::{
    cagr, index_to_base, percent_change, rolling_sum, shares_pct, year_on_year,
};
// charts
pub use crate::chart::{
    BarChart, Chart, ChartData, ColumnChart, ColumnMode, DotPlot, LineChart, SmallMultiples, Theme,
    ValueFormat,
};
// claims and studies
pub use crate::claims::{ClaimCheck, Ledger, MeasureCheck, Verdict, Verdicts};
pub use crate::study::{ProfileOptions, Study, StudySpec, Unavailable};
// display
pub use crate::notebook::NotebookDisplay;
pub use crate::{Error, Result};
pub use polars::prelude::*;
