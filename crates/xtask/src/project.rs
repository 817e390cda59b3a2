//! Where things live in the repository, and running commands with visible failures.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The evcxr_jupyter release the notebook kernel is pinned to (same as `tradedef kernel`).
pub const EVCXR_VERSION: &str = "0.22.0";
/// The kernelspec the notebooks run with.
pub const KERNEL_NAME: &str = "tradedef";

/// The repository and its well-known paths.
pub struct Project {
    pub root: PathBuf,
}

impl Project {
    /// The repository root: two levels above this crate.
    pub fn locate() -> Result<Project> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .canonicalize()
            .context("locating the repository root")?;
        Ok(Project { root })
    }

    pub fn tools_root(&self) -> PathBuf {
        self.root.join("target/tools")
    }
    pub fn evcxr_jupyter(&self) -> PathBuf {
        self.tools_root().join("bin/evcxr_jupyter")
    }
    pub fn venv(&self) -> PathBuf {
        self.root.join(".venv")
    }
    pub fn python(&self) -> PathBuf {
        self.venv().join("bin/python")
    }
    pub fn requirements(&self) -> PathBuf {
        self.root.join("notebooks/requirements.txt")
    }
    pub fn driver(&self) -> PathBuf {
        self.root.join("crates/xtask/py/run_notebooks.py")
    }
    pub fn notebooks_dir(&self) -> PathBuf {
        self.root.join("notebooks")
    }
    /// Where the kernel's launcher keeps one persistent evcxr build dir per running kernel.
    pub fn kernel_build_dir(&self) -> PathBuf {
        self.root.join("target/evcxr")
    }
    pub fn kernelspec(&self) -> PathBuf {
        self.venv()
            .join("share/jupyter/kernels")
            .join(KERNEL_NAME)
            .join("kernel.json")
    }

    /// Builds the `tradedef` command in its debug profile as the test command's later cargo
    /// runs build it (the members that turn on `products` selected, so the dependencies get the
    /// workspace's features; no incremental caches), and returns its path. `cargo run -p
    /// tradedef-cli` alone would compile tradedef and polars once more without `products`.
    /// xtask is left out: rebuilding it would replace the running program (bench-scale copies
    /// itself as its engine).
    pub fn build_tradedef(&self) -> Result<PathBuf> {
        run_command(
            self.cargo()
                .args([
                    "build",
                    "--workspace",
                    "--exclude",
                    "xtask",
                    "--bins",
                    "--quiet",
                ])
                .env("CARGO_INCREMENTAL", "0"),
        )?;
        Ok(self.root.join("target/debug/tradedef"))
    }

    /// `cargo` as invoked by the user (cargo sets $CARGO for the programs it runs), in the
    /// user's environment: without the variables `cargo xtask` itself got from cargo, so nested
    /// builds reuse what the build of xtask compiled (see [`remove_cargo_run_vars`]).
    pub fn cargo(&self) -> Command {
        let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        command.current_dir(&self.root);
        remove_cargo_run_vars(&mut command);
        command
    }
}

/// Runs a command to completion with inherited output; fails naming the command.
pub fn run_command(command: &mut Command) -> Result<()> {
    let shown = format!("{command:?}");
    let status = command
        .status()
        .with_context(|| format!("could not start {shown}"))?;
    if !status.success() {
        bail!("{shown} failed ({status})");
    }
    Ok(())
}

/// Runs this xtask command again from a release build, with the same arguments and working
/// directory (relative paths keep their meaning): for commands that measure or generate at scale.
pub fn rerun_in_release(project: &Project, subcommand: &str) -> Result<()> {
    let mut command = project.cargo();
    command.args([
        "run",
        "--release",
        "--quiet",
        "--package",
        "xtask",
        "--manifest-path",
    ]);
    command.arg(project.root.join("Cargo.toml"));
    command.args(["--", subcommand]);
    command.current_dir(std::env::current_dir()?);
    command.args(std::env::args().skip(2));
    run_command(&mut command)
}

/// `PYTHON -m pip install --quiet --disable-pip-version-check ARGS…` (a venv's pip), failing
/// visibly.
pub fn pip_install<I, S>(python: &Path, args: I) -> Result<()>
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    run_command(
        Command::new(python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .args(args),
    )
}

/// Removes from a command's environment what cargo sets for the program it runs (`cargo xtask`),
/// as the installed kernel's launcher does (`tradedef kernel install`): build scripts ask cargo
/// to rebuild when some of them change (ring's `CARGO_PKG_NAME`), so a nested cargo or a bench
/// kernel would otherwise rebuild ring, rustls and polars that `cargo xtask`'s own build (or a
/// kernel started from a shell) built.
pub fn remove_cargo_run_vars(command: &mut Command) {
    for (name, _) in std::env::vars_os() {
        let Some(name) = name.to_str() else { continue };
        if name.starts_with("CARGO_PKG_")
            || name.starts_with("CARGO_MANIFEST_")
            || matches!(
                name,
                "CARGO_CRATE_NAME"
                    | "CARGO_BIN_NAME"
                    | "CARGO_PRIMARY_PACKAGE"
                    | "CARGO_TARGET_TMPDIR"
                    | "OUT_DIR"
            )
        {
            command.env_remove(name);
        }
    }
}
