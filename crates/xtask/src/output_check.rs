//! `cargo xtask output-check`: no line of a cell's output is lost.
//!
//! One "Rust (tradedef)" kernel runs many cells, each printing lines to stdout and one to
//! stderr, while busy processes load the machine (one per core by default). Every line must
//! reach the client before the cell's reply, which is what a notebook keeps (a client drops
//! output that arrives after the kernel reports "idle"). The kernel's output tally
//! (kernel/evcxr.patch, kernel/evcxr_jupyter.patch) is what makes it hold.
//!
//! The test command runs [`TEST_CELLS`] cells; `--cells 1000` is the full check (about 20
//! minutes here, a cell is a compile), whose last result notebooks/README.md records.

use crate::project::{KERNEL_NAME, Project};
use anyhow::{Context, Result, bail};
use clap::Args;
use std::process::Command;

/// How many printing cells the test command runs.
pub const TEST_CELLS: usize = 100;

/// Arguments of `cargo xtask output-check`.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// How many printing cells to run.
    #[arg(long, default_value_t = TEST_CELLS)]
    cells: usize,
    /// Busy processes loading the machine meanwhile (default: one per core).
    #[arg(long)]
    load: Option<usize>,
}

impl Default for OutputArgs {
    /// The test command's run: [`TEST_CELLS`] cells, one busy process per core.
    fn default() -> Self {
        OutputArgs {
            cells: TEST_CELLS,
            load: None,
        }
    }
}

/// Runs the check; fails naming the cells whose output did not all arrive.
pub fn run(project: &Project, args: &OutputArgs) -> Result<()> {
    let load = args.load.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
    });
    let work = project.root.join("target/output-check");
    std::fs::create_dir_all(&work)?;
    let mut command = Command::new(project.python());
    command
        .arg(project.driver())
        .args(["output", "--kernel", KERNEL_NAME, "--cwd"])
        .arg(&work)
        .args(["--cells", &args.cells.to_string()])
        .args(["--load", &load.to_string()])
        .env("PYTHONDONTWRITEBYTECODE", "1");
    crate::project::remove_cargo_run_vars(&mut command);
    println!(
        "output-check: {} cells of 6 lines each (5 stdout, 1 stderr), {load} busy processes beside the kernel",
        args.cells
    );
    let output = command
        .output()
        .context("running the notebook driver's output command")?;
    let text = String::from_utf8_lossy(&output.stdout);
    let report = text.lines().last().unwrap_or("");
    println!("output-check: {report}");
    if !output.status.success() {
        bail!(
            "output was lost (or the kernel failed):\n{report}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}
