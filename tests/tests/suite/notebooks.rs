//! Static checks of the committed notebooks (executing them is `cargo xtask notebooks`):
//! they select the tradedef kernel, carry committed outputs without execution noise, and take
//! their dependencies only from the preloaded `tradedef` crate (evcxr keeps no lockfile, so any
//! other `:dep` would float).

use serde_json::Value;
use std::path::{Path, PathBuf};

fn notebooks_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../notebooks")
}

fn numbered_notebooks() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(notebooks_dir())
        .expect("notebooks/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let b = name.as_bytes();
            name.ends_with(".ipynb")
                && b.len() > 3
                && b[0].is_ascii_digit()
                && b[1].is_ascii_digit()
                && b[2] == b'-'
        })
        .collect();
    found.sort();
    found
}

fn read(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: not JSON: {e}", path.display()))
}

fn code_cells(nb: &Value) -> Vec<&Value> {
    nb["cells"]
        .as_array()
        .map(|cells| cells.iter().filter(|c| c["cell_type"] == "code").collect())
        .unwrap_or_default()
}

fn source(cell: &Value) -> String {
    match &cell["source"] {
        Value::String(s) => s.clone(),
        Value::Array(lines) => lines.iter().filter_map(Value::as_str).collect(),
        _ => String::new(),
    }
}

#[test]
fn the_smoke_notebook_is_shipped() {
    let names: Vec<String> = numbered_notebooks()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(names.contains(&"00-smoke.ipynb".to_string()), "{names:?}");
}

#[test]
fn notebooks_select_the_tradedef_kernel() {
    for path in numbered_notebooks() {
        let nb = read(&path);
        assert_eq!(
            nb["metadata"]["kernelspec"]["name"],
            "tradedef",
            "{}: kernelspec.name must be \"tradedef\"",
            path.display()
        );
    }
}

#[test]
fn notebooks_commit_outputs_with_sequential_counts() {
    for path in numbered_notebooks() {
        let nb = read(&path);
        let cells = code_cells(&nb);
        assert!(
            cells
                .iter()
                .any(|c| c["outputs"].as_array().is_some_and(|o| !o.is_empty())),
            "{}: no committed outputs; run `cargo xtask notebooks --update {}`",
            path.display(),
            path.display()
        );
        for (index, cell) in cells.iter().enumerate() {
            assert_eq!(
                cell["execution_count"].as_u64(),
                Some(index as u64 + 1),
                "{}: code cell {index} was not written by `cargo xtask notebooks --update`",
                path.display()
            );
            for output in cell["outputs"].as_array().into_iter().flatten() {
                assert_ne!(
                    output["output_type"],
                    "error",
                    "{}: committed error output",
                    path.display()
                );
                let text = output.to_string();
                assert!(
                    !text.contains("panicked at"),
                    "{}: committed panic",
                    path.display()
                );
                let tags = cell["metadata"]["tags"].as_array();
                let allowed = tags.is_some_and(|t| t.iter().any(|t| t == "allow-stderr"));
                assert!(
                    output["name"] != "stderr" || allowed,
                    "{}: code cell {index} wrote to stderr (an error returned with `?` shows \
                     only there); fix it or tag the cell \"allow-stderr\"",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn notebooks_take_dependencies_only_from_tradedef() {
    for path in numbered_notebooks() {
        let nb = read(&path);
        for cell in code_cells(&nb) {
            for line in source(cell).lines() {
                assert!(
                    !line.trim_start().starts_with(":dep"),
                    "{}: `{line}`: notebooks use the preloaded tradedef crate (re-exported polars \
                     and plotters) instead of their own :dep, whose versions evcxr would not lock",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn the_must_fail_notebooks_exist_and_stay_out_of_the_normal_set() {
    let dir = notebooks_dir().join("tests");
    // Each must-fail notebook, and the code that makes it fail.
    for (name, failing_code, what) in [
        ("panics.ipynb", "panic!", "panic"),
        (
            "question_mark_error.ipynb",
            ")?;",
            "return an error with `?`",
        ),
        ("cell_never_ends.ipynb", "loop {", "run forever"),
        ("kernel_killed.ipynb", "\"-KILL\"", "kill its kernel"),
    ] {
        let nb = read(&dir.join(name));
        assert!(
            code_cells(&nb)
                .iter()
                .any(|c| source(c).contains(failing_code)),
            "notebooks/tests/{name} must {what}"
        );
    }
    assert!(numbered_notebooks().iter().all(|p| !p.starts_with(&dir)));
}

fn tags(cell: &Value) -> Vec<&str> {
    cell["metadata"]["tags"]
        .as_array()
        .map(|t| t.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// The parameterised partner profile: `cargo xtask notebooks --param partner=…` inserts its
/// values after the one cell tagged `parameters` (the injection itself is unit-tested in xtask,
/// `cargo test -p xtask params`).
#[test]
fn the_partner_profile_has_one_parameters_cell_declaring_partner_and_year() {
    let path = notebooks_dir().join("07-partner-profile.ipynb");
    let nb = read(&path);
    let cells = nb["cells"].as_array().expect("cells");
    assert_eq!(cells[0]["cell_type"], "code");
    assert_eq!(source(&cells[0]).trim(), "use tradedef::prelude::*;");
    let tagged: Vec<usize> = (0..cells.len())
        .filter(|&i| tags(&cells[i]).contains(&"parameters"))
        .collect();
    assert_eq!(tagged.len(), 1, "cells tagged \"parameters\": {tagged:?}");
    let parameters = &cells[tagged[0]];
    assert_eq!(parameters["cell_type"], "code");
    let text = source(parameters);
    // the year defaults to the newest complete year the data hold (no year baked in)
    for declaration in [
        "let partner = \"Japan\";",
        "let year = latest_complete_year()?;",
    ] {
        assert!(text.contains(declaration), "parameters cell: {text:?}");
    }
    // Every later code cell depends on the parameters, directly or through a name bound from
    // them in an earlier cell, so an injected value changes them all.
    let mut names: Vec<String> = vec!["partner".into(), "year".into()];
    for cell in &cells[tagged[0] + 1..] {
        if cell["cell_type"] != "code" {
            continue;
        }
        let text = source(cell);
        assert!(
            names.iter().any(|n| text.contains(n.as_str())),
            "a cell ignores the parameters: {text}"
        );
        for line in text.lines() {
            if let Some(rest) = line.trim().strip_prefix("let ") {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                names.push(name);
            }
        }
    }
}

#[test]
fn no_committed_notebook_carries_injected_parameters() {
    for path in numbered_notebooks() {
        let nb = read(&path);
        for cell in code_cells(&nb) {
            assert!(
                !tags(cell).contains(&"injected-parameters"),
                "{}: an executed --param copy was committed in place of the notebook",
                path.display()
            );
        }
    }
}
