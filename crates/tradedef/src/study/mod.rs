//! The study: the exhibits (question, chart, table, findings) of the Japan trade-versus-defence
//! story, and the fact-check of its claims. The report and the notebooks call the same functions,
//! so their charts and numbers are the same.
//!
//! Each `*_chart()` function returns a chart that shows itself inline in a notebook; each
//! `*_table()` returns the data behind it; [`exhibits`] assembles them all for the report.
//!
//! ```
//! use tradedef::prelude::*;
//! let chart = tradedef::study::balance_chart()?;
//! assert!(chart.to_svg()?.contains("Census"));
//! # Ok::<(), tradedef::Error>(())
//! ```

mod exhibits;
mod fact_check;

pub use exhibits::{
    STORY_DATE, auto_share_chart, auto_share_table, balance_chart, balance_table,
    defence_budget_chart, defence_budget_table, defence_share_chart, defence_share_table, exhibits,
    investment_chart, investment_table, japan_china_trade_chart, japan_china_trade_table,
    partner_balances_chart, partner_balances_table, partner_ranking_chart, partner_ranking_table,
    tariff_grid_chart, tariff_grid_table, troops_chart, troops_table,
};
pub use fact_check::{STORY_CLAIMS, fact_check};
