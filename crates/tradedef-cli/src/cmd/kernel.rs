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
    Status,
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
}

/// Runs `tradedef kernel`.
pub fn run(c: KernelCommand) -> Result<()> {
    let layout = Layout::discover()?;
    match c {
        KernelCommand::Install(args) => install(&layout, &args),
        KernelCommand::Status => status(&layout),
    }
}

/// Where everything lives, derived from the repository root.
struct Layout {
    root: PathBuf,
}

impl Layout {
    /// The repository this binary was built from (the kernel preloads its
    /// `crates/tradedef-notebook`).
    fn discover() -> Result<Layout> {
        let built_from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let root = built_from
            .canonicalize()
            .with_context(|| format!("repository not found at {}", built_from.display()))?;
        if !root.join("crates/tradedef-notebook/Cargo.toml").is_file() {
            bail!(
                "{} does not hold crates/tradedef-notebook: run this binary from the repository it was built in",
                root.display()
            );
        }
        Ok(Layout { root })
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
    fn driver(&self) -> PathBuf {
        self.root.join("crates/xtask/py/run_notebooks.py")
    }

    /// The installed evcxr_jupyter version, read from the stamp `cargo xtask setup` writes next
    /// to the binary (`evcxr_jupyter VERSION (evcxr VERSION + kernel/evcxr.patch, …)`).
    fn evcxr_version(&self) -> Option<String> {
        let stamp = fs::read_to_string(self.root.join("target/tools/evcxr_jupyter.stamp")).ok()?;
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

    /// The Python that has the pinned Jupyter packages, if any.
    fn jupyter_python(&self) -> Option<PathBuf> {
        let candidates = std::env::var_os("VIRTUAL_ENV")
            .map(|v| PathBuf::from(v).join("bin/python"))
            .into_iter()
            .chain([self.venv().join("bin/python")]);
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

    /// Every place a `tradedef` kernelspec may have been installed, most specific first.
    fn kernelspec_candidates(&self) -> Vec<PathBuf> {
        let mut dirs: Vec<PathBuf> = self
            .sys_prefix()
            .map(|p| p.join("share/jupyter"))
            .into_iter()
            .collect();
        dirs.extend(user_data_dir());
        dirs.into_iter()
            .map(|d| d.join("kernels").join(KERNEL_NAME))
            .collect()
    }
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

/// The kernel's launcher: picks the first build-dir slot no running kernel holds (evcxr has no
/// lock on its build dir, and two kernels sharing one overwrite each other's code), seeds it with
/// the workspace's Cargo.lock and starts the pinned evcxr_jupyter there. Each slot persists, so
/// a restarted kernel reuses what it compiled before. A damaged slot (its folder or lock file
/// replaced by something that is not a writable file or folder) is named on stderr and skipped,
/// so the kernel still starts (in the next slot, which may need a full build).
fn launcher_script(layout: &Layout) -> String {
    format!(
        r#"#!/bin/sh
# Written by `tradedef kernel install`; re-run it instead of editing.
# Starts evcxr_jupyter {EVCXR_VERSION} with a persistent build dir that no other running kernel uses.
set -e
# Variables cargo sets for a program it runs (`cargo run`, `cargo xtask`): build scripts ask
# cargo to rebuild when some of them change (ring's `CARGO_PKG_NAME`, `CARGO_MANIFEST_DIR`), so a
# kernel started under cargo and one started from a shell would rebuild polars in turn.
for var in $(env | sed -n -E 's/^({CARGO_RUN_VARS})=.*/\1/p'); do unset "$var"; done
base={base:?}
mkdir -p "$base"
slot=0
if command -v flock >/dev/null 2>&1; then
  # fd 9 stays open in evcxr_jupyter after exec: the slot is held until the kernel exits.
  while [ "$slot" -lt {SLOTS} ]; do
    dir="$base/slot-$slot"
    if (: >>"$dir.lock") 2>/dev/null; then
      exec 9>"$dir.lock"
      if flock -n 9; then
        if [ ! -e "$dir" ] || {{ [ -d "$dir" ] && [ -w "$dir" ] && [ ! -d "$dir/Cargo.lock" ]; }}; then break; fi
        echo "tradedef kernel: build dir $dir is damaged (not a writable folder): using the next one; delete it" >&2
      fi
    else
      echo "tradedef kernel: lock file $dir.lock is damaged (not writable): using the next build dir; delete it" >&2
    fi
    slot=$((slot + 1))
  done
fi
if [ "$slot" -ge {SLOTS} ]; then
  echo "tradedef kernel: no free build dir under $base: evcxr builds in a temporary folder (a full build)" >&2
fi
if [ "$slot" -lt {SLOTS} ]; then
  export EVCXR_TMPDIR="$base/slot-$slot"
  mkdir -p "$EVCXR_TMPDIR"
  # evcxr keeps no lockfile: cargo keeps the versions of one it finds next to the crate.
  cp {lock:?} "$EVCXR_TMPDIR/Cargo.lock"
fi
exec {binary:?} --control_file "$1"
"#,
        base = layout.build_dir().display().to_string(),
        lock = layout.root.join("Cargo.lock").display().to_string(),
        binary = layout.evcxr_jupyter().display().to_string(),
    )
}

/// The variables cargo sets for a program it runs (an extended regular expression over their
/// names), which the launcher removes before evcxr's cargo sees them.
const CARGO_RUN_VARS: &str = "CARGO_PKG_[A-Z_]+|CARGO_MANIFEST_[A-Z_]+|CARGO_CRATE_NAME|CARGO_BIN_NAME|CARGO_PRIMARY_PACKAGE|CARGO_TARGET_TMPDIR|OUT_DIR";

/// How many kernels may run at once with their own persistent build dir (more fall back to a
/// fresh temporary dir each).
const SLOTS: u32 = 8;

fn kernel_json(layout: &Layout) -> serde_json::Value {
    let mut env = serde_json::Map::new();
    env.insert(
        "EVCXR_CONFIG_DIR".into(),
        layout.config_dir().display().to_string().into(),
    );
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
    match layout.evcxr_version() {
        Some(v) if v == EVCXR_VERSION => {}
        found => bail!(
            "evcxr_jupyter {EVCXR_VERSION} (patched evcxr) is not installed at {} (found: {}). \
             Run `cargo xtask setup`: it builds it from kernel/",
            layout.evcxr_jupyter().display(),
            found.as_deref().unwrap_or("nothing")
        ),
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
    let json = serde_json::to_string_pretty(&kernel_json(layout))?;
    fs::write(spec_dir.join("kernel.json"), json + "\n")?;
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
             Run `cargo xtask setup` (creates .venv with notebooks/requirements.txt), or pass --no-prebuild"
        );
    };
    println!("pre-building the kernel's dependencies (first time: several minutes) ...");
    let status = Command::new(&python)
        .arg(layout.driver())
        .args(["warm", "--kernel", KERNEL_NAME, "--cwd"])
        .arg(layout.root.join("notebooks"))
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
    let mut missing = 0;
    let mut line = |ok: bool, what: String, fix: &str| {
        if ok {
            println!("ok       {what}");
        } else {
            missing += 1;
            println!("MISSING  {what}\n         fix: {fix}");
        }
    };
    println!("repository: {}", layout.root.display());
    let version = layout.evcxr_version();
    line(
        version.as_deref() == Some(EVCXR_VERSION),
        format!(
            "evcxr_jupyter {EVCXR_VERSION} at {} (installed: {})",
            layout.evcxr_jupyter().display(),
            version.as_deref().unwrap_or("none")
        ),
        "cargo xtask setup",
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
        "cargo xtask setup",
    );
    let specs: Vec<PathBuf> = layout
        .kernelspec_candidates()
        .into_iter()
        .filter(|d| d.join("kernel.json").is_file())
        .collect();
    line(
        !specs.is_empty(),
        format!(
            "kernelspec {KERNEL_NAME:?}: {}",
            if specs.is_empty() {
                "not found".into()
            } else {
                specs
                    .iter()
                    .map(|s| s.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        ),
        "tradedef kernel install",
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
        let root =
            std::env::temp_dir().join(format!("tradedef-launcher-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let layout = Layout { root };
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
