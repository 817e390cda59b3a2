//! The product outside the checkout (issue 28, item 5): the CLI installed with `cargo install`
//! into a temporary prefix, `tradedef kernel install` run from a folder that is not the
//! checkout, and a notebook there that loads a dataset through real Jupyter.
//!
//! Needs what `cargo xtask setup` installs (the test command runs it first): `.venv` with
//! nbclient, the patched `evcxr_jupyter` under `target/tools/` and the pre-built kernel build dir
//! `target/evcxr/slot-0`, which seeds the home's (`--seed-from`) so the first start compiles
//! tradedef but not polars.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("the repository root exists")
}

/// The target dir this test was built in (its binary is TARGET/PROFILE/deps/suite-HASH), so
/// `cargo install` reuses the dependencies built for the tests.
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    exe.ancestors()
        .nth(3)
        .expect("the test binary lies in TARGET/PROFILE/deps")
        .to_path_buf()
}

/// `relative` under the checkout's `target/` (where `cargo xtask setup` puts the kernel), else
/// under this build's target dir; fails naming the set-up step when neither has it.
fn set_up(relative: &str) -> PathBuf {
    let candidates = [repository().join("target"), target_dir()];
    candidates
        .iter()
        .map(|dir| dir.join(relative))
        .find(|path| path.exists())
        .unwrap_or_else(|| {
            panic!("{relative} is in neither {candidates:?}: run `cargo xtask setup` first")
        })
}

/// The environment of the `cargo` that runs this test (Linux: its /proc entry), for the nested
/// `cargo install`: cargo sets CARGO_PKG_NAME, CARGO_MANIFEST_DIR, … for a test binary, and
/// ring's build script (in the `products` feature's dependencies) asks cargo to rerun when they
/// change, which would rebuild rustls and polars. Elsewhere: this process's environment without
/// the variables cargo sets for a program it runs.
fn outer_cargo_env() -> Vec<(String, String)> {
    let parent = std::os::unix::process::parent_id();
    if let Ok(bytes) = std::fs::read(format!("/proc/{parent}/environ")) {
        let env: Vec<(String, String)> = bytes
            .split(|b| *b == 0)
            .filter_map(|entry| {
                let entry = String::from_utf8_lossy(entry);
                let (name, value) = entry.split_once('=')?;
                Some((name.to_string(), value.to_string()))
            })
            .collect();
        if env.iter().any(|(name, _)| name == "PATH") {
            return env;
        }
    }
    std::env::vars()
        .filter(|(name, _)| {
            !(name.starts_with("CARGO_PKG_")
                || name.starts_with("CARGO_MANIFEST_")
                || name.starts_with("CARGO_BIN_")
                || [
                    "CARGO_CRATE_NAME",
                    "CARGO_PRIMARY_PACKAGE",
                    "CARGO_TARGET_TMPDIR",
                    "OUT_DIR",
                ]
                .contains(&name.as_str()))
        })
        .collect()
}

fn run(command: &mut Command, what: &str) -> Output {
    let started = Instant::now();
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{what}: could not start: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    eprintln!(
        "install test: {what}: {:.1} s\n{stdout}{stderr}",
        started.elapsed().as_secs_f64()
    );
    assert!(
        output.status.success(),
        "{what} failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    output
}

/// The notebook: loads a dataset with the prelude, as a user's first notebook does.
fn notebook() -> Value {
    let cells = [
        "use tradedef::prelude::*;",
        "let trade = load(\"us_japan_goods_trade\").expect(\"the embedded dataset loads\");",
        "trade.frame().height()",
        "trade.provenance().source_line()",
        "std::env::var(\"EVCXR_CONFIG_DIR\").unwrap_or_default()",
        "std::env::current_dir().map(|d| d.display().to_string()).unwrap_or_default()",
    ];
    serde_json::json!({
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "tradedef", "display_name": "Rust (tradedef)", "language": "rust"}},
        "cells": cells.iter().enumerate().map(|(i, source)| serde_json::json!({
            "cell_type": "code",
            "id": format!("cell-{i}"),
            "metadata": {},
            "execution_count": null,
            "outputs": [],
            "source": source,
        })).collect::<Vec<_>>(),
    })
}

/// Runs a notebook with nbclient (fails on an error output) and writes the executed copy.
const EXECUTE: &str = "\
import sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, kernel_name='tradedef', timeout=600, startup_timeout=1800,
               resources={'metadata': {'path': sys.argv[2]}}).execute()
nbformat.write(nb, sys.argv[3])
";

/// The `text/plain` result of each code cell ("" for a cell without one).
fn results(executed: &Value) -> Vec<String> {
    executed["cells"]
        .as_array()
        .expect("cells")
        .iter()
        .map(|cell| {
            cell["outputs"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|o| o["output_type"] == "execute_result")
                .filter_map(|o| match &o["data"]["text/plain"] {
                    Value::String(s) => Some(s.clone()),
                    Value::Array(lines) => Some(lines.iter().filter_map(Value::as_str).collect()),
                    _ => None,
                })
                .collect::<String>()
        })
        .collect()
}

#[test]
fn the_installed_cli_runs_a_notebook_outside_the_checkout() {
    let repo = repository();
    let target = target_dir();
    let python = repo.join(".venv/bin/python");
    assert!(
        python.is_file(),
        "{} is missing: run `cargo xtask setup` first",
        python.display()
    );
    let evcxr = set_up("tools/bin/evcxr_jupyter");
    let seed = set_up("evcxr/slot-0");
    // The system's temporary folder, not target/tmp: the notebook's folder must not lie inside
    // a checkout.
    let tmp = std::env::temp_dir().join(format!("tradedef-install-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let (prefix, home, jupyter, work) = (
        tmp.join("prefix"),
        tmp.join("home"),
        tmp.join("jupyter"),
        tmp.join("work"),
    );
    std::fs::create_dir_all(&work).unwrap();
    assert!(
        !work.starts_with(&repo),
        "the working folder {} must lie outside the checkout {}",
        work.display(),
        repo.display()
    );
    let env = outer_cargo_env();

    // 1. cargo install into a temporary prefix, reusing the tests' dependencies.
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let installed = run(
        Command::new(&cargo)
            .args(["install", "--path"])
            .arg(repo.join("crates/tradedef-cli"))
            .arg("--root")
            .arg(&prefix)
            .args(["--debug", "--offline", "--locked", "--features", "products"])
            .env_clear()
            .envs(env.iter().cloned())
            .env("CARGO_TARGET_DIR", &target)
            .current_dir(&repo),
        "cargo install --path crates/tradedef-cli",
    );
    let log = String::from_utf8_lossy(&installed.stderr);
    for built_for_the_tests in [
        "Compiling polars ",
        "Compiling polars-core ",
        "Compiling ring ",
    ] {
        assert!(
            !log.contains(built_for_the_tests),
            "cargo install rebuilt what the tests had built ({built_for_the_tests:?}):\n{log}"
        );
    }
    let tradedef = prefix.join("bin/tradedef");
    assert!(tradedef.is_file(), "{} not installed", tradedef.display());

    // 2. tradedef kernel install, from a folder that is not the checkout.
    let kernel_install = run(
        Command::new(&tradedef)
            .args(["kernel", "install", "--home"])
            .arg(&home)
            .arg("--prefix")
            .arg(&jupyter)
            .arg("--evcxr")
            .arg(&evcxr)
            .arg("--seed-from")
            .arg(&seed)
            .env_clear()
            .envs(env.iter().cloned())
            .env("VIRTUAL_ENV", repo.join(".venv"))
            .env("CARGO_NET_OFFLINE", "true")
            .current_dir(&work),
        "tradedef kernel install",
    );
    let said = String::from_utf8_lossy(&kernel_install.stdout);
    assert!(said.contains(&format!("home {}", home.display())), "{said}");
    assert!(said.contains("kernel ready"), "{said}");
    let init = std::fs::read_to_string(home.join("target/kernel/config/init.evcxr")).unwrap();
    assert!(
        init.contains(&home.join("crates/tradedef-notebook").display().to_string()),
        "the kernel must preload the home's library, not the checkout's:\n{init}"
    );

    let status = run(
        Command::new(&tradedef)
            .args(["kernel", "status", "--home"])
            .arg(&home)
            .env_clear()
            .envs(env.iter().cloned())
            .env("VIRTUAL_ENV", repo.join(".venv"))
            .env("JUPYTER_PATH", jupyter.join("share/jupyter"))
            .current_dir(&work),
        "tradedef kernel status",
    );
    let said = String::from_utf8_lossy(&status.stdout);
    assert!(!said.contains("MISSING"), "{said}");
    assert!(
        said.contains(&format!(
            "ok       kernelspec \"tradedef\" starting {}",
            home.join("target/kernel/launch.sh").display()
        )),
        "{said}"
    );

    // 3. A notebook in that folder, through real Jupyter.
    let source = work.join("first.ipynb");
    let executed = work.join("first.executed.ipynb");
    std::fs::write(&source, notebook().to_string()).unwrap();
    run(
        Command::new(&python)
            .args(["-c", EXECUTE])
            .arg(&source)
            .arg(&work)
            .arg(&executed)
            .env_clear()
            .envs(env.iter().cloned())
            .env("JUPYTER_PATH", jupyter.join("share/jupyter"))
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .current_dir(&work),
        "the notebook through Jupyter",
    );
    let executed: Value =
        serde_json::from_str(&std::fs::read_to_string(&executed).unwrap()).unwrap();
    let results = results(&executed);
    let trade = tradedef::prelude::load("us_japan_goods_trade").unwrap();
    assert_eq!(
        results[2],
        trade.frame().height().to_string(),
        "{results:?}"
    );
    assert_eq!(
        results[3],
        format!("{:?}", trade.provenance().source_line()),
        "{results:?}"
    );
    let config = home.join("target/kernel/config").display().to_string();
    assert_eq!(results[4], format!("{config:?}"), "{results:?}");
    assert_eq!(
        results[5],
        format!("{:?}", work.display().to_string()),
        "{results:?}"
    );
    let _ = std::fs::remove_dir_all(&tmp);
}
