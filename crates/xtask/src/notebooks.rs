//! `cargo xtask notebooks`: run notebooks through Jupyter (nbclient) with the tradedef kernel.
//!
//! The Jupyter side lives in `crates/xtask/py/run_notebooks.py`; this module finds the
//! notebooks, checks the set-up and calls it with the virtualenv's Python. With `--param` it
//! runs injected copies instead (see [`crate::params`]).

use crate::params::{self, Param};
use crate::project::{KERNEL_NAME, Project, run_command};
use anyhow::{Context, Result, bail};
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Arguments of `cargo xtask notebooks`.
#[derive(Debug, Args, Default)]
pub struct NotebooksArgs {
    /// Write the executed notebooks back (commit them: GitHub shows the outputs).
    #[arg(long)]
    pub update: bool,
    /// Succeed only if every given notebook fails (checks the runner catches failures).
    #[arg(long, conflicts_with = "update")]
    pub expect_fail: bool,
    /// Seconds allowed per cell.
    #[arg(long, default_value_t = 900)]
    pub timeout: u32,
    /// Also render every executed notebook to HTML here (nbconvert's lab template) and fail if a
    /// chart or table is missing from a page.
    #[arg(long, value_name = "DIR", conflicts_with = "expect_fail")]
    pub html: Option<PathBuf>,
    /// Run the kernels in another time zone, locale and polars thread count than a default run
    /// (see [`OTHER_PLACE`]), started in another working directory ([`OTHER_PLACE_WORKDIR`]):
    /// the test command's run then proves that the executed notebooks are
    /// byte for byte the committed ones, written by `--update` in the default settings.
    #[arg(long)]
    pub other_place: bool,
    /// Also write seconds per code cell as JSON to this file.
    #[arg(long, hide = true)]
    pub timings_json: Option<PathBuf>,
    /// Run with this parameter (repeatable): a `let NAME = VALUE;` cell is inserted after the
    /// cell tagged `parameters`. VALUE is an integer, float, true/false or else a string;
    /// `NAME='"1990"'` forces a string. Outputs are not compared; the executed copy goes to
    /// target/notebooks-param/<stem>--<name>-<value-slug>.ipynb (HTML into --html DIR).
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = params::parse_param,
          conflicts_with_all = ["update", "expect_fail"])]
    pub params: Vec<Param>,
    /// Notebooks to run (default: every notebooks/[0-9][0-9]-*.ipynb, in name order).
    pub notebooks: Vec<PathBuf>,
}

/// The settings of `--other-place`: far from UTC, a decimal comma, another language, one thread.
pub const OTHER_PLACE: [(&str, &str); 4] = [
    ("TZ", "Pacific/Kiritimati"),
    ("LC_ALL", "de_DE.UTF-8"),
    ("LANG", "ja_JP.UTF-8"),
    ("POLARS_MAX_THREADS", "1"),
];

/// Where `--other-place` starts the kernels instead of each notebook's folder (as Jupyter does):
/// an empty folder, so a notebook that depended on its working directory would fail or differ.
pub const OTHER_PLACE_WORKDIR: &str = "target/other-place";

/// The shipped notebooks: `notebooks/NN-*.ipynb`, sorted by name.
pub fn shipped(project: &Project) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(project.notebooks_dir())? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let bytes = name.as_bytes();
        if name.ends_with(".ipynb")
            && bytes.len() > 3
            && bytes[0].is_ascii_digit()
            && bytes[1].is_ascii_digit()
            && bytes[2] == b'-'
        {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

/// The notebooks that must fail: notebooks/tests/*.ipynb.
pub fn must_fail(project: &Project) -> Result<Vec<PathBuf>> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(project.notebooks_dir().join("tests"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "ipynb"))
        .collect();
    found.sort();
    Ok(found)
}

/// Runs `cargo xtask notebooks`.
pub fn run(project: &Project, args: &NotebooksArgs) -> Result<()> {
    if !project.python().is_file() || !project.kernelspec().is_file() {
        bail!(
            "the notebook environment is not set up ({} or {} missing): run `cargo xtask setup`",
            project.python().display(),
            project.kernelspec().display()
        );
    }
    let notebooks = if args.notebooks.is_empty() {
        shipped(project)?
    } else {
        crate::absolute(&args.notebooks)
    };
    if notebooks.is_empty() {
        bail!(
            "no notebooks to run in {}",
            project.notebooks_dir().display()
        );
    }
    if !args.params.is_empty() {
        return run_with_params(project, args, &notebooks);
    }
    let mut command = driver(project, args);
    if args.other_place {
        let workdir = project.root.join(OTHER_PLACE_WORKDIR);
        std::fs::create_dir_all(&workdir)
            .with_context(|| format!("creating {}", workdir.display()))?;
        command.arg("--workdir").arg(workdir);
    }
    if args.update {
        command.arg("--update");
    }
    if args.expect_fail {
        command.arg("--expect-fail");
    }
    command.args(&notebooks);
    run_command(&mut command)
}

/// Injects the parameters into a copy of every notebook (all checked before any runs), then
/// executes each copy in its notebook's folder and writes it back in place: the driver's
/// `--update` on the copy, so nothing is compared.
fn run_with_params(project: &Project, args: &NotebooksArgs, notebooks: &[PathBuf]) -> Result<()> {
    let out_dir = project.root.join(params::OUTPUT_DIR);
    let copies = notebooks
        .iter()
        .map(|nb| Ok((nb, params::write_injected_copy(nb, &args.params, &out_dir)?)))
        .collect::<Result<Vec<_>>>()?;
    let mut failed = Vec::new();
    for (notebook, copy) in copies {
        println!(
            "{}: injected {} -> {}",
            notebook.display(),
            params::suffix(&args.params),
            copy.display()
        );
        let workdir = notebook.parent().unwrap_or(Path::new("."));
        let mut command = driver(project, args);
        command
            .arg("--update")
            .arg("--workdir")
            .arg(workdir)
            .arg(&copy);
        if let Err(error) = run_command(&mut command) {
            println!("{}: FAILED with parameters: {error:#}", notebook.display());
            failed.push(copy.display().to_string());
        }
    }
    if !failed.is_empty() {
        bail!("parameterised run failed: {}", failed.join(", "));
    }
    Ok(())
}

/// The driver's `run` command with the options every run shares.
fn driver(project: &Project, args: &NotebooksArgs) -> Command {
    let mut command = Command::new(project.python());
    command
        .arg(project.driver())
        .args(["run", "--kernel", KERNEL_NAME, "--timeout"])
        .arg(args.timeout.to_string())
        .arg("--repo")
        .arg(&project.root)
        .env("PYTHONUNBUFFERED", "1")
        .env("PYTHONDONTWRITEBYTECODE", "1");
    if let Some(dir) = &args.html {
        command
            .arg("--html")
            .arg(crate::absolute(std::slice::from_ref(dir)).remove(0));
    }
    if args.other_place {
        command.envs(OTHER_PLACE);
    }
    if let Some(path) = &args.timings_json {
        command.arg("--timings-json").arg(path);
    }
    command
}
