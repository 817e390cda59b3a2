//! `tradedef scenario` (under construction).

use anyhow::{bail, Result};
use clap::Subcommand;

/// Subcommands of `tradedef scenario`.
#[derive(Debug, Subcommand)]
pub enum ScenarioCommand {
    /// Not built yet.
    Todo,
}

/// Runs `tradedef scenario`.
pub fn run(_c: ScenarioCommand) -> Result<()> {
    bail!("`tradedef scenario` is not built yet")
}
