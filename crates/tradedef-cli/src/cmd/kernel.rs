//! `tradedef kernel`: install and inspect the "Rust (tradedef)" Jupyter kernel.
//!
//! The kernel is `evcxr_jupyter` 0.22.0 built on evcxr 0.22.0 with `kernel/evcxr.patch` (type
//! inference off the start-up path; see kernel/README.md), built with `--locked` into
//! `target/tools/` by `cargo xtask setup`, started through its own kernelspec (`tradedef`) whose
//! `env` block points evcxr at a generated config dir (preloading `crates/tradedef-notebook`, the
//! shared-library build of `tradedef`, under the name `tradedef`),
//! a persistent build dir under `target/evcxr/` and the toolchain of `rust-toolchain.toml`.
//! See notebooks/README.md for why, and for the measurements behind the settings below.

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

mod build;
mod home;

/// Name of the kernelspec folder; notebooks select the kernel by this name.
pub const KERNEL_NAME: &str = "tradedef";
/// Name shown in Jupyter's kernel picker.
pub const DISPLAY_NAME: &str = "Rust (tradedef)";
/// The evcxr_jupyter release the kernel is pinned to.
pub const EVCXR_VERSION: &str = "0.22.0";
/// Optimisation level of everything the kernel compiles (`:opt`): see notebooks/README.md.
pub const OPT_LEVEL: &str = "1";
/// evcxr's compiled-dependency cache (`:cache`, MiB) is switched off (0): restoring its entries
/// into another build dir gave crates with mismatched hashes ("can't find crate for `polars`").
/// Persistent per-kernel build dirs do its job. See notebooks/README.md.
pub const CACHE_MIB: u32 = 0;

/// Subcommands of `tradedef kernel`.
#[derive(Debug, Subcommand)]
pub enum KernelCommand {
    /// Write the "Rust (tradedef)" kernelspec and pre-build the kernel's dependencies.
    Install(InstallArgs),
    /// Show what is installed: kernel binary, rust-src, Jupyter, kernelspecs, build caches.
    Status(StatusArgs),
}

/// Arguments of `tradedef kernel install`.
#[derive(Debug, Args)]
pub struct InstallArgs {
    /// Install for the current user (Jupyter's user data dir).
    #[arg(long, conflicts_with_all = ["prefix", "sys_prefix"])]
    user: bool,
    /// Install under DIR/share/jupyter/kernels.
    #[arg(long, value_name = "DIR", conflicts_with = "sys_prefix")]
    prefix: Option<PathBuf>,
    /// Install into the active virtualenv ($VIRTUAL_ENV), else the repository's `.venv`
    /// (the default when one of them exists; otherwise the default is --user).
    #[arg(long)]
    sys_prefix: bool,
    /// Only write the kernelspec; do not compile the kernel's dependencies now.
    #[arg(long)]
    no_prebuild: bool,
    /// The kernel's home outside a checkout: the notebook library's sources, the data, the
    /// kernel binary and its build dirs (default: $XDG_DATA_HOME/tradedef/VERSION, else
    /// ~/.local/share/tradedef/VERSION; inside a checkout, the checkout is used instead).
    #[arg(long, value_name = "DIR")]
    home: Option<PathBuf>,
    /// Outside a checkout: the evcxr_jupyter binary to copy into the home (the patched 0.22.0,
    /// e.g. a checkout's target/tools/bin/evcxr_jupyter); without it the one of the checkout
    /// this binary was built in is reused when present, else it is built from kernel/
    /// (several minutes).
    #[arg(long, value_name = "PATH")]
    evcxr: Option<PathBuf>,
    /// Outside a checkout: copy this prepared evcxr build dir (a checkout's
    /// target/evcxr/slot-0) into the home's first build dir, when that one is empty, so the
    /// first kernel start reuses its compiled polars (tradedef itself is compiled again).
    /// Also read from $TRADEDEF_KERNEL_SEED.
    #[arg(long, value_name = "DIR")]
    seed_from: Option<PathBuf>,
    /// For a server where many kernels run at once (a class): no background load of
    /// rust-analyzer (`TRADEDEF_KERNEL_PRELOAD=0` in the kernelspec). Each kernel then starts in
    /// about 200 MB instead of 900, and eight started together are ready in half the time; a
    /// cell that needs rust-analyzer for a variable's type loads it then (notebooks/README.md,
    /// "A class on one server").
    #[arg(long)]
    class: bool,
}

/// Arguments of `tradedef kernel status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The kernel's home to inspect (default: the checkout around the working directory, else
    /// the default home).
    #[arg(long, value_name = "DIR")]
    home: Option<PathBuf>,
}

/// Runs `tradedef kernel`.
pub fn run(c: KernelCommand) -> Result<()> {
    match c {
        KernelCommand::Install(args) => install(&Layout::discover(args.home.as_deref())?, &args),
        KernelCommand::Status(args) => status(&Layout::discover(args.home.as_deref())?),
    }
}

/// Where everything lives. Inside a checkout, its root; outside, the kernel's home, which
/// holds the same files at the same relative paths (`crates/tradedef-notebook`, `Cargo.lock`,
/// `rust-toolchain.toml`, `target/tools`, `target/kernel`, `target/evcxr`), unpacked from the
/// archive this binary carries (see [`home`]).
struct Layout {
    root: PathBuf,
    /// Whether `root` is a home (unpacked by `tradedef kernel install`) rather than a checkout.
    home: bool,
}

impl Layout {
    /// `--home DIR` when given; else the checkout around the working directory when it holds
    /// `crates/tradedef-notebook` of this binary's version (so `cargo xtask` keeps using the
    /// checkout); else the default home.
    fn discover(home: Option<&Path>) -> Result<Layout> {
        if let Some(dir) = home {
            let root = std::path::absolute(dir)
                .with_context(|| format!("--home {}: not a usable path", dir.display()))?;
            return Ok(Layout { root, home: true });
        }
        let cwd = std::env::current_dir().context("the working directory is not readable")?;
        for dir in cwd.ancestors() {
            if dir.join(home::STAMP).is_file() {
                return Ok(Layout {
                    root: dir.to_path_buf(),
                    home: true,
                });
            }
            if dir.join("crates/tradedef-notebook/Cargo.toml").is_file()
                && workspace_version(dir).as_deref() == Some(env!("CARGO_PKG_VERSION"))
            {
                return Ok(Layout {
                    root: dir.to_path_buf(),
                    home: false,
                });
            }
        }
        Ok(Layout {
            root: home::default_home()?,
            home: true,
        })
    }

    /// What this layout is, for messages: "checkout DIR" or "home DIR".
    fn describe(&self) -> String {
        let kind = if self.home { "home" } else { "checkout" };
        format!("{kind} {}", self.root.display())
    }

    fn evcxr_jupyter(&self) -> PathBuf {
        self.root.join("target/tools/bin/evcxr_jupyter")
    }
    fn config_dir(&self) -> PathBuf {
        self.root.join("target/kernel/config")
    }
    /// Holds one persistent evcxr build dir per concurrently running kernel (`slot-N`).
    fn build_dir(&self) -> PathBuf {
        self.root.join("target/evcxr")
    }
    fn launcher(&self) -> PathBuf {
        self.root.join("target/kernel/launch.sh")
    }
    fn venv(&self) -> PathBuf {
        self.root.join(".venv")
    }
    fn evcxr_stamp(&self) -> PathBuf {
        self.root.join("target/tools/evcxr_jupyter.stamp")
    }

    /// The installed evcxr_jupyter version, read from the stamp `cargo xtask setup` writes next
    /// to the binary (`evcxr_jupyter VERSION (evcxr VERSION + kernel/evcxr.patch, …)`).
    fn evcxr_version(&self) -> Option<String> {
        let stamp = fs::read_to_string(self.evcxr_stamp()).ok()?;
        let version = stamp
            .strip_prefix("evcxr_jupyter ")?
            .split_whitespace()
            .next()?;
        self.evcxr_jupyter().is_file().then(|| version.to_string())
    }

    /// The toolchain channel pinned by rust-toolchain.toml.
    fn toolchain(&self) -> Option<String> {
        let text = fs::read_to_string(self.root.join("rust-toolchain.toml")).ok()?;
        text.lines()
            .filter_map(|line| line.trim().strip_prefix("channel"))
            .filter_map(|rest| rest.trim().strip_prefix('='))
            .map(|value| value.trim().trim_matches('"').to_string())
            .next()
    }

    /// The Python that has the pinned Jupyter packages, if any: the active virtualenv's, the
    /// checkout's `.venv`, else `python3` on the PATH.
    fn jupyter_python(&self) -> Option<PathBuf> {
        let candidates = std::env::var_os("VIRTUAL_ENV")
            .map(|v| PathBuf::from(v).join("bin/python"))
            .into_iter()
            .chain([self.venv().join("bin/python")])
            .chain(std::env::var_os("PATH").into_iter().flat_map(|path| {
                std::env::split_paths(&path)
                    .map(|dir| dir.join("python3"))
                    .collect::<Vec<_>>()
            }));
        candidates.into_iter().find(|python| {
            python.is_file()
                && Command::new(python)
                    .args(["-c", "import nbclient, jupyter_client"])
                    .output()
                    .map(|o| o.status.success())
                    .unwrap_or(false)
        })
    }

    fn sys_prefix(&self) -> Option<PathBuf> {
        std::env::var_os("VIRTUAL_ENV")
            .map(PathBuf::from)
            .or_else(|| self.venv().is_dir().then(|| self.venv()))
    }

    /// Every place a `tradedef` kernelspec may have been installed, in the order Jupyter
    /// searches them.
    fn kernelspec_candidates(&self) -> Vec<PathBuf> {
        // Jupyter's own order: $JUPYTER_PATH, the user's data dir, then the environment's.
        let mut dirs: Vec<PathBuf> = std::env::var_os("JUPYTER_PATH")
            .map(|path| std::env::split_paths(&path).collect())
            .unwrap_or_default();
        dirs.extend(user_data_dir());
        dirs.extend(self.sys_prefix().map(|p| p.join("share/jupyter")));
        dirs.into_iter()
            .map(|d| d.join("kernels").join(KERNEL_NAME))
            .collect()
    }
}

/// The `version` of `[workspace.package]` in `root/Cargo.toml`, if it has one.
fn workspace_version(root: &Path) -> Option<String> {
    let text = fs::read_to_string(root.join("Cargo.toml")).ok()?;
    let section = text.split("[workspace.package]").nth(1)?;
    section
        .lines()
        .take_while(|line| !line.trim_start().starts_with('['))
        .filter_map(|line| line.trim().strip_prefix("version"))
        .filter_map(|rest| rest.trim().strip_prefix('='))
        .map(|value| value.trim().trim_matches('"').to_string())
        .next()
}

/// Jupyter's per-user data directory.
fn user_data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("JUPYTER_DATA_DIR") {
        return Some(PathBuf::from(dir));
    }
    let home = std::env::var_os("HOME").map(PathBuf::from)?;
    if cfg!(target_os = "macos") {
        return Some(home.join("Library/Jupyter"));
    }
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| home.join(".local/share"));
    Some(data.join("jupyter"))
}

fn rust_src_installed(root: &Path) -> Result<bool> {
    let output = Command::new("rustup")
        .args(["component", "list", "--installed"])
        .current_dir(root)
        .output()
        .context("could not run `rustup` (is rustup installed and on PATH?)")?;
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .any(|l| l.starts_with("rust-src")))
}

/// The `init.evcxr` written into the kernel's config dir. Commands run before the prelude, so
/// the optimisation level applies to the first build of `tradedef`.
///
/// `tradedef` is preloaded as the shared library `crates/tradedef-notebook` under the name
/// `tradedef`: every cell then uses one copy of polars and its statics (statically linked, each
/// cell had its own hash seed and could not look up columns of a frame built in another cell).
/// Offline: the kernel compiles only the locked crates that `cargo xtask setup` downloaded.
fn init_evcxr(layout: &Layout) -> String {
    let library = layout.root.join("crates/tradedef-notebook");
    format!(
        "// Written by `tradedef kernel install`; re-run it instead of editing.\n\
         :opt {OPT_LEVEL}\n\
         :cache {CACHE_MIB}\n\
         :offline 1\n\
         :dep tradedef = {{ package = \"tradedef-notebook\", path = {:?} }}\n",
        library.display().to_string()
    )
}

/// The `prelude.rs` evcxr runs when a kernel starts. Its second line turns on evcxr's `?` mode
/// (evcxr enables it only after a `?` fails to compile): otherwise the first cell of a session
/// whose last expression uses `?` (`load("…")?`) is shown as a `Debug` dump, because evcxr fixes
/// that compile error by also replacing the rich display with its `Debug` fallback (see
/// notebooks/README.md, "A chart shows as an image").
const PRELUDE: &str = "// Written by `tradedef kernel install`.\n\
                       use tradedef::prelude::*;\n\
                       Ok::<(), tradedef::Error>(())?;\n";

/// The template of the kernel's launcher (a file of its own, `kernel/launch.sh` next to this
/// module): picks the first build-dir slot no running kernel holds (evcxr has no lock on its
/// build dir, and two kernels sharing one overwrite each other's code), seeds it with the
/// workspace's Cargo.lock and starts the pinned evcxr_jupyter there. Each slot persists, so a
/// restarted kernel reuses what it compiled before. A damaged slot (its folder or lock file
/// replaced by something that is not a writable file or folder) is named on stderr and skipped,
/// so the kernel still starts (in the next slot, which may need a full build).
const LAUNCHER: &str = include_str!("kernel/launch.sh");

/// The shell function `seed_build_dir FROM TO` (`kernel/seed.sh`): fills a new build dir from a
/// built one with hard links to the compiled crates and copies of what cargo rewrites in place,
/// in seconds and for about 140 MB. The launcher seeds a new slot with it (so a second kernel
/// started while the first runs never compiles polars again); `kernel install --seed-from` a new
/// home's first slot.
const SEED_FUNCTION: &str = include_str!("kernel/seed.sh");

/// `value` as one word of a POSIX shell: in single quotes, each `'` written as `'\''`.
fn shell_quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}

/// The launcher for this layout: [`LAUNCHER`] with each `@NAME@` replaced.
fn launcher_script(layout: &Layout) -> String {
    let path = |p: PathBuf| shell_quote(&p.display().to_string());
    [
        ("@EVCXR_VERSION@", EVCXR_VERSION.to_string()),
        ("@CARGO_RUN_VARS@", CARGO_RUN_VARS.to_string()),
        ("@SLOTS@", SLOTS.to_string()),
        ("@SEED_BUILD_DIR@", SEED_FUNCTION.trim_end().to_string()),
        ("@BASE@", path(layout.build_dir())),
        ("@LOCK@", path(layout.root.join("Cargo.lock"))),
        ("@BINARY@", path(layout.evcxr_jupyter())),
    ]
    .iter()
    .fold(LAUNCHER.to_string(), |text, (name, value)| {
        text.replace(name, value)
    })
}

/// The variables cargo sets for a program it runs (an extended regular expression over their
/// names), which the launcher removes before evcxr's cargo sees them.
const CARGO_RUN_VARS: &str = "CARGO_PKG_[A-Z_]+|CARGO_MANIFEST_[A-Z_]+|CARGO_CRATE_NAME|CARGO_BIN_NAME|CARGO_PRIMARY_PACKAGE|CARGO_TARGET_TMPDIR|OUT_DIR";

/// How many kernels may run at once with their own persistent build dir (more fall back to a
/// fresh temporary dir each, a full build). A slot seeded from a built one costs about 140 MB of
/// disk, so a class of this size fits; memory is the limit (notebooks/README.md, "A class").
const SLOTS: u32 = 32;

fn kernel_json(layout: &Layout, class: bool) -> serde_json::Value {
    let mut env = serde_json::Map::new();
    env.insert(
        "EVCXR_CONFIG_DIR".into(),
        layout.config_dir().display().to_string().into(),
    );
    if class {
        env.insert("TRADEDEF_KERNEL_PRELOAD".into(), "0".into());
    }
    if let Some(toolchain) = layout.toolchain() {
        env.insert("RUSTUP_TOOLCHAIN".into(), toolchain.into());
    }
    serde_json::json!({
        "argv": ["/bin/sh", layout.launcher().display().to_string(), "{connection_file}"],
        "display_name": DISPLAY_NAME,
        "language": "rust",
        "interrupt_mode": "message",
        "env": env,
        "metadata": {"tradedef": {"evcxr_jupyter": EVCXR_VERSION, "opt_level": OPT_LEVEL, "cache_mib": CACHE_MIB}},
    })
}

fn destination(layout: &Layout, args: &InstallArgs) -> Result<PathBuf> {
    let data_dir = if let Some(prefix) = &args.prefix {
        prefix.join("share/jupyter")
    } else if args.user {
        user_data_dir().context("no home directory: use --prefix DIR")?
    } else if args.sys_prefix {
        layout
            .sys_prefix()
            .context("no virtualenv: activate one, run `cargo xtask setup` (creates .venv), or use --user / --prefix DIR")?
            .join("share/jupyter")
    } else {
        match layout.sys_prefix() {
            Some(prefix) => prefix.join("share/jupyter"),
            None => user_data_dir().context("no home directory: use --prefix DIR")?,
        }
    };
    Ok(data_dir)
}

fn install(layout: &Layout, args: &InstallArgs) -> Result<()> {
    println!("kernel files: {}", layout.describe());
    let seed = args
        .seed_from
        .clone()
        .or_else(|| std::env::var_os("TRADEDEF_KERNEL_SEED").map(PathBuf::from));
    if layout.home {
        home::unpack(&layout.root)?;
        home::provide_evcxr(layout, args.evcxr.as_deref())?;
        home::fetch(&layout.root)?;
        if let Some(seed) = &seed {
            home::seed(&seed_source(seed)?, &layout.build_dir().join("slot-0"))?;
        }
    } else if args.evcxr.is_some() || args.seed_from.is_some() {
        bail!(
            "--evcxr and --seed-from are for a home outside a checkout (this is the {}): \
             run `cargo xtask setup` here, or pass --home DIR",
            layout.describe()
        );
    }
    if !layout.home {
        if build::current(layout) {
            println!(
                "kernel: evcxr_jupyter {EVCXR_VERSION} (patched) present ({})",
                layout.evcxr_jupyter().display()
            );
        } else {
            build::build(layout)?;
        }
    }
    if !rust_src_installed(&layout.root)? {
        bail!(
            "the rust-src component is missing (evcxr needs it). Run:\n  rustup component add rust-src"
        );
    }
    let data_dir = destination(layout, args)?;
    let spec_dir = data_dir.join("kernels").join(KERNEL_NAME);
    fs::create_dir_all(&spec_dir)?;
    fs::create_dir_all(layout.config_dir())?;
    fs::write(layout.config_dir().join("init.evcxr"), init_evcxr(layout))?;
    fs::write(layout.config_dir().join("prelude.rs"), PRELUDE)?;
    let json = serde_json::to_string_pretty(&kernel_json(layout, args.class))?;
    fs::write(spec_dir.join("kernel.json"), json + "\n")?;
    if let Some(dir) = layout.launcher().parent() {
        fs::create_dir_all(dir)?;
    }
    fs::write(layout.launcher(), launcher_script(layout))?;
    println!(
        "installed kernelspec {KERNEL_NAME:?} ({DISPLAY_NAME}) in {}",
        spec_dir.display()
    );
    println!("  evcxr config: {}", layout.config_dir().display());
    println!("  launcher:     {}", layout.launcher().display());
    println!("  build dirs:   {}/slot-N", layout.build_dir().display());
    if args.no_prebuild {
        println!(
            "skipped the pre-build (--no-prebuild): the first notebook will compile tradedef and polars"
        );
        return Ok(());
    }
    let Some(python) = layout.jupyter_python() else {
        bail!(
            "Jupyter (nbclient, jupyter_client) is missing, so the kernel's dependencies cannot be pre-built.\n\
             In a checkout run `cargo xtask setup` (creates .venv with notebooks/requirements.txt); \
             elsewhere activate a virtualenv with jupyter_client; or pass --no-prebuild"
        );
    };
    println!("pre-building the kernel's dependencies (first time: several minutes) ...");
    let cwd = if layout.home {
        layout.root.clone()
    } else {
        layout.root.join("notebooks")
    };
    let status = Command::new(&python)
        .args(["-c", WARM_UP, KERNEL_NAME])
        .arg(&cwd)
        .arg("1 + 1")
        .env("JUPYTER_PATH", &data_dir)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .status()
        .with_context(|| format!("running {}", python.display()))?;
    if !status.success() {
        bail!("the pre-build failed: see the kernel output above");
    }
    println!("kernel ready: open a notebook and choose \"{DISPLAY_NAME}\"");
    Ok(())
}

/// The warm-up run by `tradedef kernel install` with the Jupyter Python: starts the kernel once
/// and evaluates one cell (`python -c WARM_UP KERNEL CWD CODE`).
const WARM_UP: &str = include_str!("kernel/warm.py");

/// The build dir to copy from `--seed-from DIR`: DIR itself when it holds an evcxr build
/// (`Cargo.toml` and `target/`), else DIR/target/evcxr/slot-0 (DIR a checkout).
fn seed_source(dir: &Path) -> Result<PathBuf> {
    let candidates = [dir.to_path_buf(), dir.join("target/evcxr/slot-0")];
    candidates
        .iter()
        .find(|c| c.join("Cargo.toml").is_file() && c.join("target").is_dir())
        .cloned()
        .with_context(|| {
            format!(
                "--seed-from {}: not an evcxr build dir (a checkout's target/evcxr/slot-0 after a kernel ran there)",
                dir.display()
            )
        })
}

fn dir_size(path: &Path) -> u64 {
    let Ok(entries) = fs::read_dir(path) else {
        return 0;
    };
    entries
        .flatten()
        .map(|entry| match entry.file_type() {
            Ok(t) if t.is_dir() => dir_size(&entry.path()),
            Ok(t) if t.is_file() => entry.metadata().map(|m| m.len()).unwrap_or(0),
            _ => 0,
        })
        .sum()
}

fn status(layout: &Layout) -> Result<()> {
    let setup = if layout.home {
        "tradedef kernel install"
    } else {
        "cargo xtask setup"
    };
    let mut missing = 0;
    let mut line = |ok: bool, what: String, fix: &str| {
        if ok {
            println!("ok       {what}");
        } else {
            missing += 1;
            println!("MISSING  {what}\n         fix: {fix}");
        }
    };
    println!("kernel files: {}", layout.describe());
    let version = layout.evcxr_version();
    line(
        version.as_deref() == Some(EVCXR_VERSION),
        format!(
            "evcxr_jupyter {EVCXR_VERSION} at {} (installed: {})",
            layout.evcxr_jupyter().display(),
            version.as_deref().unwrap_or("none")
        ),
        setup,
    );
    line(
        rust_src_installed(&layout.root).unwrap_or(false),
        "rust-src component".into(),
        "rustup component add rust-src",
    );
    let python = layout.jupyter_python();
    line(
        python.is_some(),
        format!(
            "Jupyter packages (nbclient, jupyter_client) in {}",
            python
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| layout.venv().display().to_string())
        ),
        setup,
    );
    // Each kernelspec found, and whether it starts this layout's launcher (a kernelspec of
    // another checkout or home has the same name and would shadow or be shadowed by this one).
    let launcher = layout.launcher().display().to_string();
    let specs: Vec<(PathBuf, bool)> = layout
        .kernelspec_candidates()
        .into_iter()
        .filter_map(|d| {
            let text = fs::read_to_string(d.join("kernel.json")).ok()?;
            let spec: serde_json::Value = serde_json::from_str(&text).ok()?;
            Some((d, spec["argv"][1].as_str() == Some(launcher.as_str())))
        })
        .collect();
    line(
        specs.iter().any(|(_, ours)| *ours),
        format!(
            "kernelspec {KERNEL_NAME:?} starting {launcher}: {}",
            if specs.is_empty() {
                "none found".into()
            } else {
                specs
                    .iter()
                    .map(|(dir, ours)| {
                        let whose = if *ours { "" } else { " (another install's)" };
                        format!("{}{whose}", dir.display())
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        ),
        "tradedef kernel install (--prefix DIR installs elsewhere: set JUPYTER_PATH=DIR/share/jupyter)",
    );
    line(
        layout.config_dir().join("init.evcxr").is_file(),
        format!("evcxr config {}", layout.config_dir().display()),
        "tradedef kernel install",
    );
    let built = layout.build_dir().join("slot-0/target");
    line(
        built.is_dir(),
        format!(
            "pre-built kernel dependencies in {} ({} MiB)",
            layout.build_dir().display(),
            dir_size(&layout.build_dir()) / (1 << 20)
        ),
        "tradedef kernel install",
    );
    if let Some(home) = std::env::var_os("HOME") {
        let cache = std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(home).join(".cache"))
            .join("evcxr");
        println!(
            "info     evcxr :cache {} ({} MiB used, limit {CACHE_MIB} MiB), opt level {OPT_LEVEL}",
            cache.display(),
            dir_size(&cache) / (1 << 20)
        );
    }
    if missing > 0 {
        bail!("{missing} part(s) of the notebook kernel missing");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Stdio;

    /// A repository stand-in whose `evcxr_jupyter` writes the build dir it was given
    /// (`EVCXR_TMPDIR`) to the file named by its `--control_file` argument and its environment
    /// to that name plus `.env`, then holds its slot for a second.
    fn fake_repository(name: &str) -> Layout {
        // A space and a quote in the path: the launcher quotes what it is given.
        let root = std::env::temp_dir().join(format!(
            "tradedef-launcher it's {name}-{}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&root);
        let layout = Layout { root, home: false };
        fs::create_dir_all(layout.evcxr_jupyter().parent().unwrap()).unwrap();
        fs::create_dir_all(layout.launcher().parent().unwrap()).unwrap();
        fs::write(
            layout.evcxr_jupyter(),
            "#!/bin/sh\necho \"$EVCXR_TMPDIR\" > \"$2\"\nenv > \"$2.env\"\nsleep 1\n",
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(layout.evcxr_jupyter(), fs::Permissions::from_mode(0o755)).unwrap();
        fs::write(layout.root.join("Cargo.lock"), "# lock\n").unwrap();
        fs::write(layout.launcher(), launcher_script(&layout)).unwrap();
        layout
    }

    /// Starts the launcher once per name at the same moment; returns each kernel's build dir
    /// (relative to target/evcxr) and the launchers' stderr.
    fn start_together(layout: &Layout, names: &[&str]) -> (Vec<String>, String) {
        let children: Vec<_> = names
            .iter()
            .map(|name| {
                Command::new("/bin/sh")
                    .arg(layout.launcher())
                    .arg(layout.root.join(name))
                    .env_remove("EVCXR_TMPDIR")
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let mut stderr = String::new();
        for child in children {
            let output = child.wait_with_output().unwrap();
            assert!(output.status.success(), "launcher failed: {output:?}");
            stderr += &String::from_utf8_lossy(&output.stderr);
        }
        let dirs = names
            .iter()
            .map(|name| {
                let dir = fs::read_to_string(layout.root.join(name)).unwrap();
                let dir = PathBuf::from(dir.trim());
                let relative = dir.strip_prefix(layout.build_dir()).unwrap_or(&dir);
                relative.display().to_string()
            })
            .collect();
        (dirs, stderr)
    }

    #[test]
    fn the_launcher_template_is_filled_completely() {
        let layout = Layout {
            root: PathBuf::from("/opt/td"),
            home: true,
        };
        let script = launcher_script(&layout);
        // A placeholder is `@NAME@`; the shell's own `"$@"` is not one.
        let placeholder = script
            .split('@')
            .skip(1)
            .find(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()));
        assert!(placeholder.is_none(), "a placeholder is left:\n{script}");
        assert!(script.contains("base='/opt/td/target/evcxr'"), "{script}");
        assert!(
            script.contains("exec '/opt/td/target/tools/bin/evcxr_jupyter' --control_file"),
            "{script}"
        );
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
    }

    #[test]
    fn kernels_started_at_the_same_moment_get_build_dirs_of_their_own() {
        assert!(
            Command::new("flock").arg("--version").output().is_ok(),
            "flock (util-linux) is needed: without it every kernel takes slot 0"
        );
        let layout = fake_repository("together");
        let (mut dirs, stderr) = start_together(&layout, &["a", "b", "c"]);
        dirs.sort();
        assert_eq!(dirs, ["slot-0", "slot-1", "slot-2"], "stderr: {stderr}");
        for dir in &dirs {
            let lock = layout.build_dir().join(dir).join("Cargo.lock");
            assert_eq!(fs::read_to_string(lock).unwrap(), "# lock\n");
        }
        // Once they have exited, their slots are free again: the next kernel takes slot 0.
        let (dirs, _) = start_together(&layout, &["d"]);
        assert_eq!(dirs, ["slot-0"]);
        fs::remove_dir_all(&layout.root).unwrap();
    }

    #[test]
    fn a_new_slot_is_seeded_from_a_built_one_with_links_to_its_compiled_crates() {
        use std::os::unix::fs::MetadataExt;
        let layout = fake_repository("seeded");
        let built = layout
            .build_dir()
            .join("slot-0/target/x86_64-unknown-linux-gnu/debug");
        let files = [
            ("deps/libpolars-1a.rlib", "compiled polars"),
            ("deps/polars-1a.d", "dep-info"),
            (".fingerprint/polars-1a/lib-polars", "fingerprint"),
            ("build/ring-2b/output", "cargo:rustc-link-lib=ring"),
            ("build/ring-2b/out/libring.a", "built by a build script"),
            ("libtradedef_notebook.so", "the notebook library"),
            ("incremental/ctx-3c/s-1.lock", ""),
            ("libcode_3.so", "another kernel's cell"),
            ("deps/libctx.so", "another kernel's cell"),
            ("deps/ctx.d", "another kernel's cell"),
            (".fingerprint/ctx-4d/lib-ctx", "another kernel's cell"),
        ];
        for (path, text) in files {
            let path = built.join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        let fingerprint = built.join(".fingerprint/polars-1a/lib-polars");
        fs::File::options()
            .write(true)
            .open(&fingerprint)
            .unwrap()
            .set_modified(old)
            .unwrap();
        // Two kernels at once: one takes the built slot 0, the other a new slot seeded from it.
        let (mut dirs, stderr) = start_together(&layout, &["a", "b"]);
        dirs.sort();
        assert_eq!(dirs, ["slot-0", "slot-1"], "stderr: {stderr}");
        assert!(
            stderr.contains("slot-1 seeded from slot-0"),
            "stderr: {stderr}"
        );
        let seeded = layout
            .build_dir()
            .join("slot-1/target/x86_64-unknown-linux-gnu/debug");
        let inode = |dir: &Path, path: &str| fs::metadata(dir.join(path)).unwrap().ino();
        for linked in ["deps/libpolars-1a.rlib", "libtradedef_notebook.so"] {
            assert_eq!(
                inode(&built, linked),
                inode(&seeded, linked),
                "{linked} not linked"
            );
        }
        for copied in [
            "deps/polars-1a.d",
            ".fingerprint/polars-1a/lib-polars",
            "build/ring-2b/output",
            "build/ring-2b/out/libring.a",
        ] {
            assert_ne!(
                inode(&built, copied),
                inode(&seeded, copied),
                "{copied} shared"
            );
            assert_eq!(
                fs::read(built.join(copied)).unwrap(),
                fs::read(seeded.join(copied)).unwrap()
            );
        }
        let seeded_fingerprint = seeded.join(".fingerprint/polars-1a/lib-polars");
        assert_eq!(
            fs::metadata(&seeded_fingerprint)
                .unwrap()
                .modified()
                .unwrap(),
            old,
            "cargo compares modification times: the copy keeps them"
        );
        for left_out in [
            "incremental",
            "libcode_3.so",
            "deps/libctx.so",
            "deps/ctx.d",
            ".fingerprint/ctx-4d",
        ] {
            assert!(!seeded.join(left_out).exists(), "{left_out} was seeded");
        }
        assert!(!layout.build_dir().join("slot-1.seeding").exists());
        // A slot that has a build is not seeded again.
        fs::write(&seeded_fingerprint, "rebuilt").unwrap();
        let (_, stderr) = start_together(&layout, &["c", "d"]);
        assert!(!stderr.contains("seeded"), "stderr: {stderr}");
        assert_eq!(fs::read_to_string(&seeded_fingerprint).unwrap(), "rebuilt");
        assert_eq!(fs::read_to_string(&fingerprint).unwrap(), "fingerprint");
        fs::remove_dir_all(&layout.root).unwrap();
    }

    #[test]
    fn a_damaged_build_dir_is_named_and_skipped() {
        let layout = fake_repository("damaged");
        fs::create_dir_all(layout.build_dir()).unwrap();
        // slot-0 is a file, slot-1's lock file a folder, slot-2 holds a folder as its Cargo.lock.
        fs::write(layout.build_dir().join("slot-0"), "not a folder").unwrap();
        fs::create_dir_all(layout.build_dir().join("slot-1.lock")).unwrap();
        fs::create_dir_all(layout.build_dir().join("slot-2/Cargo.lock")).unwrap();
        let (dirs, stderr) = start_together(&layout, &["a"]);
        assert_eq!(dirs, ["slot-3"], "stderr: {stderr}");
        for damaged in [
            "slot-0 is damaged",
            "slot-1.lock is damaged",
            "slot-2 is damaged",
        ] {
            assert!(stderr.contains(damaged), "{damaged:?} not in {stderr:?}");
        }
        fs::remove_dir_all(&layout.root).unwrap();
    }

    #[test]
    fn the_kernel_does_not_load_a_notebook_library_from_cargos_library_path() {
        let layout = fake_repository("library-path");
        // a target dir whose deps/ holds a notebook library built elsewhere, as `cargo run` puts
        // it on the library path, beside a folder the user set
        let stale = layout.root.join("other-target/debug/deps");
        fs::create_dir_all(&stale).unwrap();
        fs::write(
            stale.join("libtradedef_notebook.so"),
            "built from other sources",
        )
        .unwrap();
        let users = layout.root.join("user-libs");
        fs::create_dir_all(&users).unwrap();
        let output = Command::new("/bin/sh")
            .arg(layout.launcher())
            .arg(layout.root.join("k"))
            .env_remove("EVCXR_TMPDIR")
            .env(
                "LD_LIBRARY_PATH",
                format!("{}:{}", stale.display(), users.display()),
            )
            .output()
            .unwrap();
        assert!(output.status.success(), "launcher failed: {output:?}");
        let env = fs::read_to_string(layout.root.join("k.env")).unwrap();
        let path = env
            .lines()
            .find_map(|line| line.strip_prefix("LD_LIBRARY_PATH="))
            .unwrap_or_default();
        assert_eq!(path, users.display().to_string(), "{env}");
        fs::remove_dir_all(&layout.root).unwrap();
    }

    #[test]
    fn the_kernel_does_not_see_what_cargo_sets_for_the_program_it_runs() {
        let layout = fake_repository("cargo-env");
        let output = Command::new("/bin/sh")
            .arg(layout.launcher())
            .arg(layout.root.join("k"))
            .env_remove("EVCXR_TMPDIR")
            .env("CARGO_PKG_NAME", "xtask")
            .env("CARGO_PKG_VERSION_MAJOR", "0")
            .env("CARGO_MANIFEST_DIR", "/somewhere/crates/xtask")
            .env("CARGO_CRATE_NAME", "xtask")
            .env("OUT_DIR", "/somewhere/out")
            .env("CARGO_HOME", "/kept/cargo-home")
            .output()
            .unwrap();
        assert!(output.status.success(), "launcher failed: {output:?}");
        let env = fs::read_to_string(layout.root.join("k.env")).unwrap();
        for removed in [
            "CARGO_PKG_NAME=",
            "CARGO_PKG_VERSION_MAJOR=",
            "CARGO_MANIFEST_DIR=",
            "CARGO_CRATE_NAME=",
            "OUT_DIR=",
        ] {
            assert!(
                !env.lines().any(|line| line.starts_with(removed)),
                "{removed} reached the kernel:\n{env}"
            );
        }
        // cargo's own settings are the user's, not cargo's note to a program: they stay.
        assert!(
            env.lines()
                .any(|line| line == "CARGO_HOME=/kept/cargo-home"),
            "{env}"
        );
        fs::remove_dir_all(&layout.root).unwrap();
    }
}
