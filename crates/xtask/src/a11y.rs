//! `cargo xtask a11y` (a step of the test command): the accessibility engine axe-core run in
//! headless Chromium over the pages the project publishes, in a light and a dark colour scheme:
//! the study's report, the partner atlas's index, two of its partner pages and its compare page
//! (three partners chosen), and a fact-check
//! page. Fails on any violation axe rates serious or critical, naming the page, the rule and the
//! elements; prints the count of every impact, which docs/accessibility.md records.
//!
//! axe-core comes from the npm registry as its published tarball, pinned by version and by the
//! registry's SHA-512, into `target/tools/` (MPL-2.0; a test tool, not shipped). The pages are
//! built by the workspace's debug `tradedef` (the one `cargo test --workspace` builds) into
//! `target/a11y/`; each page gets an instrumented copy beside it, so its links and charts
//! resolve, that runs axe and writes the violations into the page as JSON for `--dump-dom`.

use crate::project::{Project, run_command};
use anyhow::{Context, Result, bail};
use serde_json::Value;
use sha2::{Digest, Sha512};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The axe-core release, its tarball on the npm registry and the registry's SHA-512 of it.
const AXE_VERSION: &str = "4.14.1";
const AXE_TARBALL: &str = "https://registry.npmjs.org/axe-core/-/axe-core-4.14.1.tgz";
const AXE_SHA512: &str = "1477dafa598d8d065f273d6af302aa203c02e83131707b7fa648cd41bd3d6b734f8c22a0dab86ee6a6f64b8afbe804b214d36db85a2826965edfb3a0b9d546b5";

/// The impacts that fail the check (axe's scale: minor, moderate, serious, critical).
const FAILING: [&str; 2] = ["serious", "critical"];

/// The atlas's partners built for the check: the first story's and two others.
const ATLAS_PARTNERS: &str = "Japan,Mexico,Germany,European Union";

/// Runs the check.
pub fn run(project: &Project) -> Result<()> {
    let axe = axe_script(project)?;
    let chromium =
        crate::setup::chromium_path().context("Chromium is missing: run `cargo xtask setup`")?;
    let pages = build_pages(project)?;
    let mut failures = Vec::new();
    let mut tally: Vec<(String, usize)> = Vec::new();
    for page in &pages {
        for scheme in ["light", "dark"] {
            let violations = audit(project, &chromium, &axe, page, scheme)?;
            let name = page
                .strip_prefix(project.root.join("target/a11y"))
                .unwrap_or(page)
                .display()
                .to_string();
            let mut counts: Vec<String> = Vec::new();
            for impact in ["critical", "serious", "moderate", "minor"] {
                let n = violations.iter().filter(|v| v["impact"] == impact).count();
                if n > 0 {
                    counts.push(format!("{n} {impact}"));
                }
                match tally.iter_mut().find(|(i, _)| i == impact) {
                    Some((_, total)) => *total += n,
                    None => tally.push((impact.to_string(), n)),
                }
            }
            println!(
                "a11y: {name} ({scheme}): {}",
                if counts.is_empty() {
                    "no violations".to_string()
                } else {
                    counts.join(", ")
                }
            );
            for v in &violations {
                let impact = v["impact"].as_str().unwrap_or("unknown");
                let nodes: Vec<&str> = v["nodes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .take(5)
                    .collect();
                let line = format!(
                    "{name} ({scheme}): {} [{impact}] {}: {}",
                    v["id"].as_str().unwrap_or("?"),
                    v["help"].as_str().unwrap_or(""),
                    nodes.join(", ")
                );
                println!("  {line}");
                if FAILING.contains(&impact) {
                    failures.push(line);
                }
            }
        }
    }
    let summary: Vec<String> = tally.iter().map(|(i, n)| format!("{n} {i}")).collect();
    println!(
        "a11y: {} pages × 2 colour schemes checked with axe-core {AXE_VERSION} in {}: {}",
        pages.len(),
        machine_chromium(&chromium),
        summary.join(", ")
    );
    if !failures.is_empty() {
        bail!(
            "{} serious or critical accessibility violation(s):\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
    Ok(())
}

/// `target/tools/axe-core-VERSION/axe.min.js`, downloaded and checked once.
fn axe_script(project: &Project) -> Result<PathBuf> {
    let dir = project.tools_root().join(format!("axe-core-{AXE_VERSION}"));
    let script = dir.join("axe.min.js");
    if script.is_file() {
        return Ok(script);
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let tarball = dir.join("axe-core.tgz");
    println!("a11y: downloading axe-core {AXE_VERSION} from the npm registry");
    run_command(
        Command::new("curl")
            .args(["-fsSL", "--retry", "3", "-o"])
            .arg(&tarball)
            .arg(AXE_TARBALL),
    )
    .context("could not download axe-core (curl)")?;
    let bytes =
        std::fs::read(&tarball).with_context(|| format!("reading {}", tarball.display()))?;
    let digest: String = Sha512::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if digest != AXE_SHA512 {
        let _ = std::fs::remove_file(&tarball);
        bail!("{AXE_TARBALL}: SHA-512 {digest} is not the registry's {AXE_SHA512}");
    }
    run_command(
        Command::new("tar")
            .arg("-xzf")
            .arg(&tarball)
            .arg("-C")
            .arg(&dir)
            .args(["--strip-components=1", "package/axe.min.js"]),
    )?;
    std::fs::remove_file(&tarball).ok();
    Ok(script)
}

/// Builds the pages into `target/a11y/` with the workspace's debug `tradedef` and returns them.
fn build_pages(project: &Project) -> Result<Vec<PathBuf>> {
    let tradedef = project.build_tradedef()?;
    let out = project.root.join("target/a11y");
    let _ = std::fs::remove_dir_all(&out);
    let run = |args: &[&str]| -> Result<()> {
        run_command(
            Command::new(&tradedef)
                .args(args)
                .current_dir(&project.root)
                .stdout(std::process::Stdio::null()),
        )
    };
    let report = out.join("report");
    let atlas = out.join("atlas");
    let check = out.join("check");
    run(&["report", "--out", &report.to_string_lossy()])?;
    run(&[
        "report",
        "--all-partners",
        "--only",
        ATLAS_PARTNERS,
        "--out",
        &atlas.to_string_lossy(),
    ])?;
    run(&[
        "check",
        "data/claims/mexico-deficit-2024.toml",
        "--out",
        &check.to_string_lossy(),
    ])?;
    let mut pages = vec![report.join("index.html"), atlas.join("index.html")];
    for partner in ["japan", "mexico"] {
        pages.push(atlas.join(partner).join("index.html"));
    }
    pages.push(atlas.join("compare.html"));
    pages.push(atlas.join("world.html"));
    pages.push(atlas.join("regions").join("east-asia.html"));
    pages.push(check.join("index.html"));
    for page in &pages {
        if !page.is_file() {
            bail!("{} was not written", page.display());
        }
    }
    Ok(pages)
}

/// The violations axe finds on `page` in the colour `scheme`, one JSON object each
/// (`id`, `impact`, `help`, `nodes` as CSS selectors).
fn audit(
    project: &Project,
    chromium: &Path,
    axe: &Path,
    page: &Path,
    scheme: &str,
) -> Result<Vec<Value>> {
    let html =
        std::fs::read_to_string(page).with_context(|| format!("reading {}", page.display()))?;
    let runner = format!(
        "<script src=\"file://{}\"></script>\n<script>\n{RUNNER}</script>\n",
        axe.display()
    );
    let instrumented = match html.rfind("</body>") {
        Some(i) => format!("{}{runner}{}", &html[..i], &html[i..]),
        None => format!("{html}{runner}"),
    };
    let copy = page.with_file_name("a11y-check.html");
    std::fs::write(&copy, instrumented).with_context(|| format!("writing {}", copy.display()))?;
    let profile = project.root.join("target/a11y/chromium-profile");
    let mut command = Command::new(chromium);
    command.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        "--allow-file-access-from-files",
        "--window-size=1280,900",
        "--virtual-time-budget=60000",
    ]);
    command.arg(format!("--user-data-dir={}", profile.display()));
    if scheme == "dark" {
        command.arg("--force-dark-mode");
    }
    // the compare page draws what the address asks for: three partners
    let query = if page.ends_with("compare.html") {
        "?p=japan,mexico,germany"
    } else {
        ""
    };
    command
        .arg("--dump-dom")
        .arg(format!("file://{}{query}", copy.display()));
    let output = command
        .output()
        .with_context(|| format!("running {}", chromium.display()))?;
    let _ = std::fs::remove_file(&copy);
    let dom = String::from_utf8_lossy(&output.stdout);
    let result = dom
        .split_once("<pre id=\"axe-result\">")
        .and_then(|(_, rest)| rest.split_once("</pre>"))
        .map(|(json, _)| tradedef::html::unescape(json))
        .with_context(|| {
            format!(
                "{}: axe wrote no result (Chromium exit {}): {}",
                page.display(),
                output.status,
                String::from_utf8_lossy(&output.stderr)
                    .lines()
                    .rev()
                    .take(5)
                    .collect::<Vec<_>>()
                    .join(" | ")
            )
        })?;
    if let Some(error) = result.strip_prefix("ERROR ") {
        bail!("{}: axe failed: {error}", page.display());
    }
    let value: Value = serde_json::from_str(&result)
        .with_context(|| format!("{}: axe's result is not JSON", page.display()))?;
    Ok(value.as_array().cloned().unwrap_or_default())
}

/// Runs axe over the whole page and writes what it found into `<pre id="axe-result">`.
const RUNNER: &str = r#"window.addEventListener('load', function () {
  var out = document.createElement('pre');
  out.id = 'axe-result';
  axe.run(document, { resultTypes: ['violations'] }).then(function (r) {
    out.textContent = JSON.stringify(r.violations.map(function (v) {
      return { id: v.id, impact: v.impact, help: v.help,
               nodes: v.nodes.map(function (n) { return n.target.join(' '); }) };
    }));
    document.body.appendChild(out);
  }).catch(function (e) {
    out.textContent = 'ERROR ' + e;
    document.body.appendChild(out);
  });
});
"#;

/// "Chromium 1xx.…" as the browser reports itself.
fn machine_chromium(chromium: &Path) -> String {
    Command::new(chromium)
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| chromium.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dumped_result_reads_back_as_the_json_axe_wrote() {
        let dumped = "[{&quot;id&quot;:&quot;image-alt&quot;,&quot;nodes&quot;:[&quot;a &gt; img&quot;],&quot;help&quot;:&quot;R&amp;D&quot;}]";
        let value: Value = serde_json::from_str(&tradedef::html::unescape(dumped)).unwrap();
        assert_eq!(value[0]["nodes"][0], "a > img");
        assert_eq!(value[0]["help"], "R&D");
    }
}
