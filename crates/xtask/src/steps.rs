//! `cargo xtask test`: the project's one test command. Runs every step even after a failure,
//! shows each step's duration, ends with `N passed, M failed` and fails if any step failed.

use crate::notebooks::{self, NotebooksArgs};
use crate::params::{self, Param};
use crate::project::{Project, run_command};
use crate::setup;
use crate::teaching;
use anyhow::{Result, bail};
use std::time::Instant;

/// The parameterised notebook the test run also executes for other partners…
const PARAMETERISED_NOTEBOOK: &str = "notebooks/07-partner-profile.ipynb";
/// …and those partners (Census spelling), each run through `--param partner=…`.
const OTHER_PARTNERS: &[&str] = &["South Korea", "Vietnam"];

type Step<'a> = (&'static str, Box<dyn Fn() -> Result<()> + 'a>);

/// Runs the full test sequence.
pub fn test(project: &Project) -> Result<()> {
    // One build of each crate per run: incremental caches would only add gigabytes to the disk.
    let cargo = |args: &'static [&'static str]| -> Box<dyn Fn() -> Result<()> + '_> {
        Box::new(move || run_command(project.cargo().args(args).env("CARGO_INCREMENTAL", "0")))
    };
    let steps: Vec<Step> = vec![
        ("setup (idempotent)", Box::new(|| setup::run(project))),
        (
            "cargo fmt --check",
            cargo(&["fmt", "--all", "--", "--check"]),
        ),
        (
            "cargo clippy -D warnings",
            cargo(&[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]),
        ),
        (
            "licences, bans and sources (licences.toml)",
            Box::new(|| crate::licences::run(project)),
        ),
        (
            "cargo doc --workspace --lib (RUSTDOCFLAGS=-D warnings)",
            Box::new(|| {
                // Every member selected, so dependencies get the workspace's features and reuse
                // clippy's checked crates (`-p tradedef` alone would check polars once more).
                let mut doc = project.cargo();
                doc.args(["doc", "--no-deps", "--workspace", "--lib"])
                    .env("RUSTDOCFLAGS", "-D warnings")
                    .env("CARGO_INCREMENTAL", "0");
                run_command(&mut doc)
            }),
        ),
        ("cargo test --workspace", cargo(&["test", "--workspace"])),
        (
            "the patched evcxr's own unit tests (kernel/, release, the kernel build's target dir)",
            Box::new(|| {
                let mut test = project.cargo();
                test.args([
                    "test",
                    "--release",
                    "--offline",
                    "--locked",
                    "--manifest-path",
                ])
                .arg(project.root.join("kernel/Cargo.toml"))
                .arg("--target-dir")
                .arg(project.root.join("target/tools-build"))
                .args(["-p", "evcxr", "--lib"]);
                run_command(&mut test)
            }),
        ),
        (
            "bench-scale --check (100k rows: tradedef, polars of the same engine and the newest, DuckDB, pandas agree)",
            Box::new(|| crate::bench_scale::check(project)),
        ),
        (
            "accessibility: axe-core in Chromium over the report, the atlas and a fact-check page, light and dark",
            Box::new(|| crate::a11y::run(project)),
        ),
        (
            "notebooks (fresh kernels in another time zone, locale, thread count and working directory; byte for byte the committed ones; HTML in target/notebooks-html)",
            Box::new(|| {
                let args = NotebooksArgs {
                    html: Some(project.root.join("target/notebooks-html")),
                    other_place: true,
                    ..NotebooksArgs::default()
                };
                notebooks::run(project, &args)
            }),
        ),
        (
            "07 for other partners (--param partner=…, copies and HTML in target/notebooks-param)",
            Box::new(|| partner_runs(project)),
        ),
        (
            "display regression notebooks (charts as images, results as tables)",
            Box::new(|| crate::display_check::run(project)),
        ),
        (
            "kernel regression notebook (variable types as the stock kernel gave them)",
            Box::new(|| crate::kernel_check::run(project)),
        ),
        (
            "a class at once (3 kernels with an exercise beside a crashing and a runaway one; no kernel compiles polars)",
            Box::new(|| crate::class::check(project)),
        ),
        (
            "no output lost (100 printing cells, stdout and stderr, on a loaded machine)",
            Box::new(|| {
                crate::output_check::run(project, &crate::output_check::OutputArgs::default())
            }),
        ),
        (
            "must-fail notebooks fail the run",
            Box::new(|| {
                let args = NotebooksArgs {
                    expect_fail: true,
                    notebooks: notebooks::must_fail(project)?,
                    ..NotebooksArgs::default()
                };
                notebooks::run(project, &args)
            }),
        ),
        (
            "text pairs of the notebooks in sync (notebooks/text/, jupytext)",
            Box::new(|| teaching::check_text_pairs(project)),
        ),
        (
            "exercises: student copies fresh; solution and student copies through Jupyter",
            Box::new(|| teaching::test(project)),
        ),
    ];
    let total = steps.len();
    let started = Instant::now();
    let mut results = Vec::new();
    for (index, (name, step)) in steps.iter().enumerate() {
        println!("==> [{}/{total}] {name}", index + 1);
        let step_started = Instant::now();
        let outcome = step();
        let seconds = step_started.elapsed().as_secs_f64();
        let disk = disk_report(project);
        match &outcome {
            Ok(()) => println!(
                "<== [{}/{total}] ok     {name} ({seconds:.1} s; {disk})",
                index + 1
            ),
            Err(error) => {
                println!(
                    "<== [{}/{total}] FAILED {name} ({seconds:.1} s; {disk}): {error:#}",
                    index + 1
                )
            }
        }
        results.push((*name, outcome.is_ok(), seconds));
    }
    println!("\nsummary:");
    for (name, ok, seconds) in &results {
        println!(
            "  {:6} {name} ({seconds:.1} s)",
            if *ok { "ok" } else { "FAILED" }
        );
    }
    let passed = results.iter().filter(|r| r.1).count();
    let failed = total - passed;
    println!(
        "{passed} passed, {failed} failed ({:.1} min)",
        started.elapsed().as_secs_f64() / 60.0
    );
    if failed > 0 {
        bail!("{failed} step(s) failed");
    }
    Ok(())
}

/// The size of `target/` and the space left on its disk, as `df` and `du` tell them: a run that
/// fills the disk fails in ways far from the cause, so every step reports both.
fn disk_report(project: &Project) -> String {
    let target = project.root.join("target");
    let kib = |program: &str, args: &[&str], column: usize| -> Option<f64> {
        let output = std::process::Command::new(program)
            .args(args)
            .arg(&target)
            .output()
            .ok()?;
        let text = String::from_utf8_lossy(&output.stdout);
        let line = text.lines().last()?;
        line.split_whitespace().nth(column)?.parse::<f64>().ok()
    };
    let gib = |value: Option<f64>| match value {
        Some(kib) => format!("{:.1} GiB", kib / (1024.0 * 1024.0)),
        None => "unknown".to_string(),
    };
    format!(
        "target/ {}, disk free {}",
        gib(kib("du", &["-sk"], 0)),
        gib(kib("df", &["-Pk"], 3))
    )
}

/// Runs the parameterised notebook once per partner of [`OTHER_PARTNERS`]; all run even when one
/// fails.
fn partner_runs(project: &Project) -> Result<()> {
    let out_dir = project.root.join(params::OUTPUT_DIR);
    let mut failed = Vec::new();
    for partner in OTHER_PARTNERS {
        let args = NotebooksArgs {
            params: vec![Param {
                name: "partner".to_string(),
                value: params::Literal::Str(partner.to_string()),
            }],
            html: Some(out_dir.clone()),
            notebooks: vec![project.root.join(PARAMETERISED_NOTEBOOK)],
            ..NotebooksArgs::default()
        };
        if let Err(error) = notebooks::run(project, &args) {
            println!("{PARAMETERISED_NOTEBOOK} for {partner}: {error:#}");
            failed.push(*partner);
        }
    }
    if !failed.is_empty() {
        bail!("{PARAMETERISED_NOTEBOOK} failed for {}", failed.join(", "));
    }
    Ok(())
}
