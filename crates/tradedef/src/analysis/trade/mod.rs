//! Trade: the US–Japan goods balance (annual and monthly, with rolling 12-month sums), a
//! comparison of vintages, partners' shares of the US goods deficit and their rank, and a
//! category's (e.g. autos') gross and net share of the bilateral deficit.
//!
//! Values are US dollars, nominal, Census basis, as published; the unit is in each column name
//! (`_usd_mn` = USD millions, `_usd_bn` = USD billions) and in [`Table::unit`](crate::analysis::Table::unit).
//!
//! - [`ranking`]: partners' shares of the US goods deficit in a year and their rank.
//! - [`category`]: a category of imports by end-use code ([`Category`]), and the end-use rows of
//!   a partner or of the world.
//! - [`category_share`]: a category's gross and net share of the deficit with a partner.

pub mod category;
pub mod category_share;
pub mod ranking;

pub use category::Category;
pub(crate) use category::{ENDUSE, Importer, category_imports, enduse_rows};
pub use category_share::partner_category_share;
#[allow(deprecated)]
pub use category_share::{auto_share_of_deficit, category_share_of_deficit};
pub use ranking::{DeficitShares, PartnerRank, PartnerRow, deficit_rank, deficit_share_by_partner};

/// Exports minus imports. The balance is negative when the US runs a deficit.
///
/// ```
/// use tradedef::prelude::*;
/// assert_eq!(tradedef::analysis::balance(20.0, 70.0), -50.0);
/// ```
pub fn balance(exports: f64, imports: f64) -> f64 {
    exports - imports
}
