//! `cargo xtask test`: the project's one test command. Runs every step even after a failure,
//! shows each step's duration, ends with `N passed, M failed` and fails if any step failed.

use crate::notebooks::{self, NotebooksArgs};
use crate::project::{Project, run_command};
use crate::setup;
use anyhow::{Result, bail};
use std::time::Instant;

type Step<'a> = (&'static str, Box<dyn Fn() -> Result<()> + 'a>);

/// Runs the full test sequence.
pub fn test(project: &Project) -> Result<()> {
    let cargo = |args: &'static [&'static str]| -> Box<dyn Fn() -> Result<()> + '_> {
        Box::new(move || run_command(project.cargo().args(args)))
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
        ("cargo test --workspace", cargo(&["test", "--workspace"])),
        (
            "notebooks (fresh kernels, outputs compared, HTML in target/notebooks-html)",
            Box::new(|| {
                let args = NotebooksArgs {
                    html: Some(project.root.join("target/notebooks-html")),
                    ..NotebooksArgs::default()
                };
                notebooks::run(project, &args)
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
    ];
    let total = steps.len();
    let started = Instant::now();
    let mut results = Vec::new();
    for (index, (name, step)) in steps.iter().enumerate() {
        println!("==> [{}/{total}] {name}", index + 1);
        let step_started = Instant::now();
        let outcome = step();
        let seconds = step_started.elapsed().as_secs_f64();
        match &outcome {
            Ok(()) => println!("<== [{}/{total}] ok     {name} ({seconds:.1} s)", index + 1),
            Err(error) => {
                println!(
                    "<== [{}/{total}] FAILED {name} ({seconds:.1} s): {error:#}",
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
