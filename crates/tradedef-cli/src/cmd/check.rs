//! `tradedef check` (under construction).

use anyhow::{bail, Result};
use clap::Args;

/// Arguments of `tradedef check`.
#[derive(Debug, Args)]
pub struct CheckArgs {}

/// Runs `tradedef check`.
pub fn run(_args: CheckArgs) -> Result<()> {
    bail!("`tradedef check` is not built yet")
}
