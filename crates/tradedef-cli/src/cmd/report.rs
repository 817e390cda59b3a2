//! `tradedef report` (under construction).

use anyhow::{bail, Result};
use clap::Args;

/// Arguments of `tradedef report`.
#[derive(Debug, Args)]
pub struct ReportArgs {}

/// Runs `tradedef report`.
pub fn run(_args: ReportArgs) -> Result<()> {
    bail!("`tradedef report` is not built yet")
}
