//! `cargo xtask lab-screenshot [NOTEBOOK] [--out PNG]`: the notebook opened in a real JupyterLab,
//! every cell run there on the "Rust (tradedef)" kernel from headless Chromium, and a screenshot
//! of the page (`crates/xtask/py/lab_screenshot.py`). JupyterLab lives in `target/lab-venv/`,
//! pinned by `crates/xtask/py/lab-requirements.txt` and created on first use; the kernelspec is
//! the one `cargo xtask setup` installed into `.venv/`. The notebook runs as a copy in
//! `target/lab-work/` (JupyterLab saves what it runs).

use crate::project::{Project, run_command};
use anyhow::{Result, bail};
use clap::Args;
use std::path::PathBuf;
use std::process::Command;

/// Arguments of `cargo xtask lab-screenshot`.
#[derive(Debug, Args)]
pub struct LabArgs {
    /// The notebook to open and run.
    #[arg(default_value = "notebooks/00-smoke.ipynb")]
    notebook: PathBuf,
    /// Where to save the screenshot.
    #[arg(long, default_value = "target/lab-screenshot.png")]
    out: PathBuf,
    /// Seconds allowed for the kernel's start and all cells.
    #[arg(long, default_value_t = 900)]
    timeout: u32,
}

/// Runs the check.
pub fn run(project: &Project, args: &LabArgs) -> Result<()> {
    if !project.kernelspec().is_file() {
        bail!(
            "the kernelspec {} is missing: run `cargo xtask setup`",
            project.kernelspec().display()
        );
    }
    let venv = project.root.join("target/lab-venv");
    let python = venv.join("bin/python");
    let requirements = project.root.join("crates/xtask/py/lab-requirements.txt");
    let stamp = venv.join("tradedef-requirements.txt");
    let wanted = std::fs::read_to_string(&requirements)?;
    if !python.is_file() || std::fs::read_to_string(&stamp).ok() != Some(wanted.clone()) {
        run_command(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
        crate::project::pip_install(
            &python,
            [std::ffi::OsStr::new("-r"), requirements.as_os_str()],
        )?;
        std::fs::write(&stamp, wanted)?;
    }
    let paths = crate::absolute(&[args.notebook.clone(), args.out.clone()]);
    run_command(
        Command::new(&python)
            .arg(project.root.join("crates/xtask/py/lab_screenshot.py"))
            .arg("--notebook")
            .arg(&paths[0])
            .arg("--workdir")
            .arg(project.root.join("target/lab-work"))
            .arg("--jupyter-path")
            .arg(project.venv().join("share/jupyter"))
            .arg("--out")
            .arg(&paths[1])
            .arg("--timeout")
            .arg(args.timeout.to_string()),
    )
}
