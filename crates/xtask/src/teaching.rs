//! `cargo xtask teaching`: the exercise notebooks' student and solution copies, and the text
//! pairs of every notebook.
//!
//! - The masters, `notebooks/exercises/E*.ipynb`, hold the solutions: each exercise cell is
//!   tagged `solution` in its cell metadata and holds its solution between a `// BEGIN SOLUTION`
//!   and a `// END SOLUTION` line.
//! - Student copies (committed, handed out): `notebooks/exercises/student/`, each solution
//!   replaced by `todo_answer()` (the check after it then says "Not done yet"), outputs cleared.
//! - Solution copies: `target/teaching/solution/`, the masters with outputs cleared.
//! - Text pairs: every notebook under `notebooks/` has `notebooks/text/<same path>.rs` in
//!   jupytext's percent format (`crates/xtask/py/text_pairs.py`).
//!
//! The test command runs [`check_text_pairs`] and [`test`]: the student copies must be what the
//! masters give now, and both copies run through Jupyter, every check saying "Correct" on the
//! solution copy and "Not done yet" on the student copy.

use crate::notebooks::{self, NotebooksArgs};
use crate::project::{Project, run_command};
use anyhow::{Context, Result, bail};
use clap::Args;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Arguments of `cargo xtask teaching`.
#[derive(Debug, Args, Default)]
pub struct TeachingArgs {
    /// Regenerate the text pairs (notebooks/text/**/*.rs) of every notebook instead.
    #[arg(long, conflicts_with = "test")]
    pub sync: bool,
    /// Run the test command's teaching steps only: text pairs in sync, student copies fresh,
    /// both copies through Jupyter with every check's message asserted.
    #[arg(long)]
    pub test: bool,
}

/// The masters' folder, relative to the repository root.
const EXERCISES: &str = "notebooks/exercises";
/// Where the committed student copies go, relative to the masters' folder.
const STUDENT: &str = "student";
/// Where the solution copies go, relative to the repository root.
const SOLUTION_DIR: &str = "target/teaching/solution";
/// Where the test command executes copies of both, relative to the repository root.
const RUN_DIR: &str = "target/teaching/run";
/// The tag of an exercise cell.
const SOLUTION_TAG: &str = "solution";
const BEGIN: &str = "// BEGIN SOLUTION";
const END: &str = "// END SOLUTION";
/// What replaces a solution in the student copy.
const PLACEHOLDER: &str =
    "todo_answer() // your answer here: replace todo_answer() and run this cell";
/// The folder of the text pairs, relative to notebooks/.
const TEXT_DIR: &str = "text";

/// Runs `cargo xtask teaching`.
pub fn run(project: &Project, args: &TeachingArgs) -> Result<()> {
    if args.sync {
        return text_pairs(project, true);
    }
    if args.test {
        let started = std::time::Instant::now();
        check_text_pairs(project)?;
        println!(
            "teaching: text pairs checked in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        let started = std::time::Instant::now();
        test(project)?;
        println!(
            "teaching: exercises checked in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        return Ok(());
    }
    let masters = masters(project)?;
    let solution_dir = project.root.join(SOLUTION_DIR);
    std::fs::create_dir_all(&solution_dir)?;
    for master in &masters {
        let (student, solution) = copies(master)?;
        let name = master.file_name().context("a notebook file name")?;
        write_if_changed(&student_dir(project).join(name), &student)?;
        std::fs::write(solution_dir.join(name), solution)?;
    }
    println!(
        "teaching: {} student copies in {}, solution copies in {}",
        masters.len(),
        student_dir(project).display(),
        solution_dir.display()
    );
    text_pairs(project, true)
}

/// The test step: student copies fresh, then both copies through Jupyter with every check's
/// message asserted.
pub fn test(project: &Project) -> Result<()> {
    let masters = masters(project)?;
    let run_dir = project.root.join(RUN_DIR);
    let _ = std::fs::remove_dir_all(&run_dir);
    let mut stale = Vec::new();
    let mut runs = Vec::new();
    for master in &masters {
        let (student, solution) = copies(master)?;
        let name = master.file_name().context("a notebook file name")?;
        let committed = student_dir(project).join(name);
        if std::fs::read_to_string(&committed).ok().as_deref() != Some(student.as_str()) {
            stale.push(committed.display().to_string());
        }
        for (kind, text) in [("solution", solution), ("student", student)] {
            let path = run_dir.join(kind).join(name);
            std::fs::create_dir_all(path.parent().context("a folder")?)?;
            std::fs::write(&path, text)?;
            runs.push((kind, path));
        }
    }
    if !stale.is_empty() {
        bail!(
            "student copies out of date (run `cargo xtask teaching` and commit): {}",
            stale.join(", ")
        );
    }
    execute(
        project,
        &runs.iter().map(|r| r.1.clone()).collect::<Vec<_>>(),
    )?;
    let mut problems = Vec::new();
    for (kind, path) in &runs {
        let (want, solutions) = match *kind {
            "solution" => ("Correct: ", count_solutions(path)?),
            _ => (
                "Not done yet: ",
                count_solutions(&masters_of(project, path))?,
            ),
        };
        let messages = check_messages(path)?;
        if messages.len() != solutions {
            problems.push(format!(
                "{}: {} check message(s) for {solutions} exercise cell(s)",
                path.display(),
                messages.len()
            ));
        }
        for m in messages.iter().filter(|m| !m.starts_with(want)) {
            problems.push(format!(
                "{}: a check says {:?}, expected it to start with {want:?}",
                path.display(),
                m.lines().next().unwrap_or("")
            ));
        }
        println!(
            "teaching: {kind:8} {} — {} check(s) say {want:?}",
            path.display(),
            messages.len()
        );
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(())
}

/// The test step for text pairs: fails naming every pair out of sync (or orphaned).
pub fn check_text_pairs(project: &Project) -> Result<()> {
    text_pairs(project, false)
}

fn student_dir(project: &Project) -> PathBuf {
    project.root.join(EXERCISES).join(STUDENT)
}

/// The master a copy in the run folder was made from.
fn masters_of(project: &Project, copy: &Path) -> PathBuf {
    project
        .root
        .join(EXERCISES)
        .join(copy.file_name().unwrap_or_default())
}

/// The masters: notebooks/exercises/*.ipynb, sorted.
fn masters(project: &Project) -> Result<Vec<PathBuf>> {
    let dir = project.root.join(EXERCISES);
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "ipynb"))
        .collect();
    found.sort();
    if found.is_empty() {
        bail!("no exercise notebooks in {}", dir.display());
    }
    Ok(found)
}

fn read_notebook(path: &Path) -> Result<Value> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text)
        .with_context(|| format!("{} is not a notebook (JSON)", path.display()))
}

/// nbformat's layout: keys sorted, one-space indent, UTF-8 as is, a final newline.
fn notebook_text(nb: &Value) -> Result<String> {
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b" ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    serde::Serialize::serialize(nb, &mut serializer)?;
    let mut text = String::from_utf8(out)?;
    text.push('\n');
    Ok(text)
}

fn cells(nb: &mut Value) -> Result<&mut Vec<Value>> {
    nb.get_mut("cells")
        .and_then(Value::as_array_mut)
        .context("a notebook without cells")
}

fn source(cell: &Value) -> String {
    cell.get("source").map(multiline).unwrap_or_default()
}

/// A multi-line string of a notebook: one string, or a list of lines (nbformat's choice).
fn multiline(value: &Value) -> String {
    match value {
        Value::Array(lines) => lines.iter().filter_map(Value::as_str).collect(),
        Value::String(s) => s.clone(),
        _ => String::new(),
    }
}

/// A source as nbformat stores it: a list of lines, each with its newline but the last.
fn source_lines(text: &str) -> Value {
    Value::Array(
        text.split_inclusive('\n')
            .map(|l| Value::String(l.to_string()))
            .collect(),
    )
}

fn is_solution(cell: &Value) -> bool {
    cell.pointer("/metadata/tags")
        .and_then(Value::as_array)
        .is_some_and(|tags| tags.iter().any(|t| t == SOLUTION_TAG))
}

/// The student and the solution copy of a master, as notebook text.
fn copies(master: &Path) -> Result<(String, String)> {
    let mut solution = read_notebook(master)?;
    for cell in cells(&mut solution)?.iter_mut() {
        if cell.get("cell_type").and_then(Value::as_str) == Some("code") {
            cell["outputs"] = Value::Array(Vec::new());
            cell["execution_count"] = Value::Null;
        }
    }
    let mut student = solution.clone();
    let mut exercises = 0;
    for (index, cell) in cells(&mut student)?.iter_mut().enumerate() {
        if !is_solution(cell) {
            continue;
        }
        let replaced = without_solution(&source(cell)).with_context(|| {
            format!(
                "{} cell {index} (tagged {SOLUTION_TAG:?})",
                master.display()
            )
        })?;
        cell["source"] = source_lines(&replaced);
        exercises += 1;
    }
    if exercises == 0 {
        bail!("{}: no cell tagged {SOLUTION_TAG:?}", master.display());
    }
    Ok((notebook_text(&student)?, notebook_text(&solution)?))
}

/// The source with every `BEGIN SOLUTION`…`END SOLUTION` block (markers included) replaced by
/// the placeholder, indented like the `BEGIN` line.
fn without_solution(source: &str) -> Result<String> {
    let mut out = Vec::new();
    let mut inside = false;
    let mut blocks = 0;
    for line in source.lines() {
        let trimmed = line.trim();
        if trimmed == BEGIN {
            if inside {
                bail!("a second {BEGIN:?} before {END:?}");
            }
            inside = true;
            let indent = &line[..line.len() - line.trim_start().len()];
            out.push(format!("{indent}{PLACEHOLDER}"));
        } else if trimmed == END {
            if !inside {
                bail!("{END:?} without {BEGIN:?}");
            }
            inside = false;
            blocks += 1;
        } else if !inside {
            out.push(line.to_string());
        }
    }
    if inside {
        bail!("{BEGIN:?} without {END:?}");
    }
    if blocks == 0 {
        bail!("no {BEGIN:?}…{END:?} block");
    }
    Ok(out.join("\n"))
}

fn count_solutions(path: &Path) -> Result<usize> {
    let mut nb = read_notebook(path)?;
    Ok(cells(&mut nb)?.iter().filter(|c| is_solution(c)).count())
}

/// The plain-text message of every check shown in an executed notebook, in order.
fn check_messages(path: &Path) -> Result<Vec<String>> {
    check_messages_in(read_notebook(path)?)
}

fn check_messages_in(mut nb: Value) -> Result<Vec<String>> {
    let mut messages = Vec::new();
    for cell in cells(&mut nb)?.iter() {
        for output in cell
            .get("outputs")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let data = output.get("data");
            let html = data
                .and_then(|d| d.get("text/html"))
                .map(multiline)
                .unwrap_or_default();
            if html.contains("class=\"tradedef-check\"") {
                messages.push(
                    data.and_then(|d| d.get("text/plain"))
                        .map(multiline)
                        .unwrap_or_default(),
                );
            }
        }
    }
    Ok(messages)
}

/// Runs notebooks through Jupyter with the project's runner, writing outputs into the copies.
fn execute(project: &Project, copies: &[PathBuf]) -> Result<()> {
    let args = NotebooksArgs {
        update: true,
        notebooks: copies.to_vec(),
        ..NotebooksArgs::default()
    };
    notebooks::run(project, &args)
}

/// Every notebook under notebooks/ (not the text folder, not checkpoints), sorted.
fn all_notebooks(dir: &Path, found: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            if name != TEXT_DIR && !name.starts_with('.') {
                all_notebooks(&path, found)?;
            }
        } else if name.ends_with(".ipynb") {
            found.push(path);
        }
    }
    found.sort();
    Ok(())
}

fn text_files(dir: &Path, found: &mut Vec<PathBuf>) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            text_files(&path, found)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
    Ok(())
}

/// Writes (`write`) or checks the text pair of every notebook; orphaned pairs are deleted or
/// reported.
fn text_pairs(project: &Project, write: bool) -> Result<()> {
    let root = project.notebooks_dir();
    let text_root = root.join(TEXT_DIR);
    let mut notebooks = Vec::new();
    all_notebooks(&root, &mut notebooks)?;
    let pairs: Vec<(PathBuf, PathBuf)> = notebooks
        .iter()
        .map(|nb| {
            let relative = nb.strip_prefix(&root).unwrap_or(nb);
            (nb.clone(), text_root.join(relative).with_extension("rs"))
        })
        .collect();
    let mut existing = Vec::new();
    text_files(&text_root, &mut existing)?;
    let orphans: Vec<&PathBuf> = existing
        .iter()
        .filter(|t| !pairs.iter().any(|(_, p)| p == *t))
        .collect();
    let mut command = Command::new(project.python());
    command
        .arg(project.root.join("crates/xtask/py/text_pairs.py"))
        .arg(if write { "--write" } else { "--check" })
        .args(
            pairs
                .iter()
                .map(|(nb, text)| format!("{}={}", nb.display(), text.display())),
        )
        .env("PYTHONDONTWRITEBYTECODE", "1");
    let synced = run_command(&mut command);
    if write {
        for orphan in &orphans {
            std::fs::remove_file(orphan)?;
            println!("removed {} (its notebook is gone)", orphan.display());
        }
        synced?;
        println!(
            "text pairs: {} notebooks in sync under {}",
            pairs.len(),
            text_root.display()
        );
        return Ok(());
    }
    if !orphans.is_empty() {
        bail!(
            "text pairs without a notebook (run `cargo xtask teaching --sync`): {}",
            orphans
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    synced.context("text pairs out of sync: run `cargo xtask teaching --sync` and commit")
}

fn write_if_changed(path: &Path, text: &str) -> Result<()> {
    if std::fs::read_to_string(path).ok().as_deref() == Some(text) {
        return Ok(());
    }
    std::fs::create_dir_all(path.parent().context("a folder")?)?;
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_solution_block_becomes_the_placeholder_at_its_indent() {
        let src = "let x = {\n    // BEGIN SOLUTION\n    1.0 + 2.0\n    // END SOLUTION\n};";
        assert_eq!(
            without_solution(src).unwrap(),
            format!("let x = {{\n    {PLACEHOLDER}\n}};")
        );
    }

    #[test]
    fn check_messages_are_read_from_outputs_stored_as_lines() {
        let nb = serde_json::json!({"cells": [
            {"cell_type": "code", "source": ["check(&x)"], "outputs": [
                {"output_type": "execute_result", "data": {
                    "text/html": ["<div class=\"tradedef-check\" style=\"\">\n", "</div>"],
                    "text/plain": ["Not done yet: E1\n", "  To do: …"]}},
                {"output_type": "display_data", "data": {"text/plain": ["a table"]}}
            ]},
            {"cell_type": "markdown", "source": "text"}
        ]});
        assert_eq!(
            check_messages_in(nb).unwrap(),
            vec!["Not done yet: E1\n  To do: …"]
        );
    }

    #[test]
    fn unbalanced_markers_are_errors() {
        assert!(without_solution("// BEGIN SOLUTION\n1").is_err());
        assert!(without_solution("1\n// END SOLUTION").is_err());
        assert!(without_solution("let x = 1;").is_err());
    }
}
