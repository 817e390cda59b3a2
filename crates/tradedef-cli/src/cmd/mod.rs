//! One module per subcommand.

pub mod check;
pub mod claims;
pub mod data;
pub mod kernel;
#[cfg(feature = "products")]
pub mod products;
pub mod report;
pub mod scenario;
