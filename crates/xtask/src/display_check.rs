//! `cargo xtask display-check`: the display regression notebooks (`notebooks/tests/display/`)
//! run through real Jupyter, then each tagged cell's output is checked:
//!
//! - `expect-image`: an `image/png` or `image/svg+xml` bundle, and no `text/plain` (evcxr's
//!   `Debug` fallback, e.g. `LineChart { title_block: … }`);
//! - `expect-html`: a `text/html` bundle;
//! - `expect-error`: a `text/plain` bundle starting `error:` (our error's message).

use crate::project::{KERNEL_NAME, Project, run_command};
use anyhow::{Context, Result, bail};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where the executed copies go.
const OUTPUT_DIR: &str = "target/notebooks-display";

/// The display regression notebooks, sorted by name.
pub fn notebooks(project: &Project) -> Result<Vec<PathBuf>> {
    let dir = project.notebooks_dir().join("tests/display");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "ipynb"))
        .collect();
    found.sort();
    Ok(found)
}

/// Runs every display notebook in a fresh kernel and checks the tagged cells.
pub fn run(project: &Project) -> Result<()> {
    let out_dir = project.root.join(OUTPUT_DIR);
    std::fs::create_dir_all(&out_dir)?;
    let mut failures = Vec::new();
    for notebook in notebooks(project)? {
        let name = notebook.file_name().context("notebook name")?;
        let copy = out_dir.join(name);
        std::fs::copy(&notebook, &copy)?;
        let mut command = Command::new(project.python());
        command
            .arg(project.driver())
            .args(["run", "--kernel", KERNEL_NAME, "--update", "--workdir"])
            .arg(project.notebooks_dir())
            .arg("--repo")
            .arg(&project.root)
            .arg(&copy)
            .env("PYTHONUNBUFFERED", "1")
            .env("PYTHONDONTWRITEBYTECODE", "1");
        run_command(&mut command)?;
        for problem in check(&copy)? {
            println!("{}: {problem}", notebook.display());
            failures.push(problem);
        }
    }
    if !failures.is_empty() {
        bail!("{} display check(s) failed", failures.len());
    }
    println!("display checks passed");
    Ok(())
}

/// The problems in an executed notebook's tagged cells (empty when all pass).
fn check(executed: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(executed)?;
    let notebook: Value = serde_json::from_str(&text)?;
    let cells = notebook["cells"].as_array().context("no cells")?;
    let mut problems = Vec::new();
    let mut checked = 0;
    for (index, cell) in cells.iter().enumerate() {
        let tags: Vec<&str> = cell["metadata"]["tags"]
            .as_array()
            .map(|t| t.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mimes: Vec<(String, String)> = cell["outputs"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|o| o["data"].as_object())
            .flat_map(|d| d.iter().map(|(k, v)| (k.clone(), joined(v))))
            .collect();
        let has = |mime: &str| mimes.iter().any(|(m, _)| m == mime);
        let plain = mimes
            .iter()
            .find(|(m, _)| m == "text/plain")
            .map(|(_, t)| t);
        for tag in tags {
            checked += 1;
            let problem = match tag {
                "expect-image" if !(has("image/png") || has("image/svg+xml")) => Some(format!(
                    "no image; text/plain: {:?}",
                    plain.map(|t| short(t))
                )),
                "expect-image" if plain.is_some() => Some(format!(
                    "an image and a text/plain fallback: {:?}",
                    plain.map(|t| short(t))
                )),
                "expect-html" if !has("text/html") => Some("no text/html table".to_string()),
                "expect-error" if !plain.is_some_and(|t| t.starts_with("error: ")) => {
                    Some(format!(
                        "no `error: …` text/plain; got {:?}",
                        plain.map(|t| short(t))
                    ))
                }
                _ => None,
            };
            if let Some(p) = problem {
                problems.push(format!("cell {index} ({tag}): {p}"));
            }
        }
    }
    if checked == 0 {
        problems.push("no tagged cell checked".to_string());
    }
    Ok(problems)
}

/// A notebook output's text (a string or a list of lines).
fn joined(value: &Value) -> String {
    match value {
        Value::Array(lines) => lines.iter().filter_map(Value::as_str).collect(),
        Value::String(s) => s.clone(),
        _ => String::new(),
    }
}

fn short(text: &str) -> String {
    text.chars().take(120).collect()
}
