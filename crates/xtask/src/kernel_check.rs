//! The patched kernel's regression notebook (`notebooks/tests/kernel/variable_types.ipynb`):
//! its committed outputs were written by the stock evcxr_jupyter 0.22.0, and the test command
//! runs it on the patched kernel of `kernel/` and compares every output (kernel/README.md).

use crate::notebooks::{self, NotebooksArgs};
use crate::project::Project;
use anyhow::Result;

/// The regression notebook, relative to the repository root.
pub const NOTEBOOK: &str = "notebooks/tests/kernel/variable_types.ipynb";

/// Runs the regression notebook and compares its outputs with the committed ones.
pub fn run(project: &Project) -> Result<()> {
    notebooks::run(
        project,
        &NotebooksArgs {
            notebooks: vec![project.root.join(NOTEBOOK)],
            ..NotebooksArgs::default()
        },
    )
}
