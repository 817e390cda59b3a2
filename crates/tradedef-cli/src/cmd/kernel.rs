//! `tradedef kernel` (under construction).

use anyhow::{bail, Result};
use clap::Subcommand;

/// Subcommands of `tradedef kernel`.
#[derive(Debug, Subcommand)]
pub enum KernelCommand {
    /// Not built yet.
    Todo,
}

/// Runs `tradedef kernel`.
pub fn run(_c: KernelCommand) -> Result<()> {
    bail!("`tradedef kernel` is not built yet")
}
