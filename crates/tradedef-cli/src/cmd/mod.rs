//! One module per subcommand.

pub mod check;
pub mod data;
pub mod kernel;
pub mod products;
pub mod report;
pub mod scenario;
