//! `cargo xtask licences`: every dependency's licence, name and source checked against the
//! policy in `licences.toml` (licences allowed, crates banned, registries allowed), from
//! `cargo metadata --format-version 1 --offline`. No network, no extra tool; about a second.

use crate::project::Project;
use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The policy file, at the repository root.
pub const POLICY: &str = "licences.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Policy {
    licences: Licences,
    bans: Bans,
    sources: Sources,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Licences {
    allow: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Bans {
    deny: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Sources {
    allow_registries: Vec<String>,
    allow_git: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Metadata {
    packages: Vec<Package>,
}

#[derive(Debug, Deserialize)]
struct Package {
    name: String,
    version: String,
    license: Option<String>,
    source: Option<String>,
}

/// Checks every package of the workspace's metadata; fails listing every breach.
pub fn run(project: &Project) -> Result<()> {
    let policy_path = project.root.join(POLICY);
    let policy: Policy = toml::from_str(
        &std::fs::read_to_string(&policy_path)
            .with_context(|| format!("reading {}", policy_path.display()))?,
    )
    .with_context(|| format!("{} is not a valid policy", policy_path.display()))?;
    let output = project
        .cargo()
        .args(["metadata", "--format-version", "1", "--offline"])
        .output()
        .context("running cargo metadata")?;
    if !output.status.success() {
        bail!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let metadata: Metadata =
        serde_json::from_slice(&output.stdout).context("reading cargo metadata's JSON")?;
    let breaches = check(&policy, &metadata.packages);
    let mut by_licence: BTreeMap<&str, usize> = BTreeMap::new();
    for p in &metadata.packages {
        *by_licence
            .entry(p.license.as_deref().unwrap_or("(none)"))
            .or_default() += 1;
    }
    println!(
        "licences: {} packages, {} licence expressions",
        metadata.packages.len(),
        by_licence.len()
    );
    if !breaches.is_empty() {
        bail!(
            "{} package(s) break {POLICY}:\n  {}",
            breaches.len(),
            breaches.join("\n  ")
        );
    }
    println!("licences: every package meets {POLICY}");
    Ok(())
}

/// Every breach of the policy, one line each.
fn check(policy: &Policy, packages: &[Package]) -> Vec<String> {
    let mut breaches = Vec::new();
    for p in packages {
        let who = format!("{} {}", p.name, p.version);
        match p.license.as_deref() {
            None => breaches.push(format!("{who}: no SPDX licence expression")),
            Some(expr) => match allowed(expr, &policy.licences.allow) {
                Ok(true) => {}
                Ok(false) => breaches.push(format!("{who}: licence `{expr}` is not allowed")),
                Err(e) => breaches.push(format!("{who}: licence `{expr}`: {e}")),
            },
        }
        if policy.bans.deny.contains(&p.name) {
            breaches.push(format!("{who}: banned crate"));
        }
        if let Some(source) = &p.source {
            let base = source.split('#').next().unwrap_or(source);
            let ok = policy.sources.allow_registries.iter().any(|r| r == base)
                || (base.starts_with("git+")
                    && policy.sources.allow_git.iter().any(|g| base.starts_with(g)));
            if !ok {
                breaches.push(format!("{who}: source `{base}` is not allowed"));
            }
        }
    }
    breaches
}

/// Whether an SPDX expression is satisfied by the allowed identifiers.
fn allowed(expr: &str, allow: &[String]) -> Result<bool, String> {
    let spaced = expr
        .replace('(', " ( ")
        .replace(')', " ) ")
        .replace('/', " OR ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let mut pos = 0;
    let value = or_expr(&tokens, &mut pos, allow)?;
    if pos != tokens.len() {
        return Err(format!("unexpected `{}`", tokens[pos]));
    }
    Ok(value)
}

fn or_expr(t: &[&str], pos: &mut usize, allow: &[String]) -> Result<bool, String> {
    let mut value = and_expr(t, pos, allow)?;
    while t.get(*pos) == Some(&"OR") {
        *pos += 1;
        value |= and_expr(t, pos, allow)?;
    }
    Ok(value)
}

fn and_expr(t: &[&str], pos: &mut usize, allow: &[String]) -> Result<bool, String> {
    let mut value = atom(t, pos, allow)?;
    while t.get(*pos) == Some(&"AND") {
        *pos += 1;
        value &= atom(t, pos, allow)?;
    }
    Ok(value)
}

fn atom(t: &[&str], pos: &mut usize, allow: &[String]) -> Result<bool, String> {
    match t.get(*pos) {
        Some(&"(") => {
            *pos += 1;
            let value = or_expr(t, pos, allow)?;
            if t.get(*pos) != Some(&")") {
                return Err("unclosed `(`".into());
            }
            *pos += 1;
            Ok(value)
        }
        Some(id) if !["OR", "AND", "WITH", ")"].contains(id) => {
            *pos += 1;
            let mut name = id.to_string();
            if t.get(*pos) == Some(&"WITH") {
                let exception = t.get(*pos + 1).ok_or("`WITH` without an exception")?;
                name = format!("{name} WITH {exception}");
                *pos += 2;
            }
            Ok(allow.contains(&name))
        }
        other => Err(format!("expected a licence, found {other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allow() -> Vec<String> {
        ["MIT", "Apache-2.0", "Unicode-3.0"]
            .map(String::from)
            .to_vec()
    }

    #[test]
    fn expressions_are_evaluated() {
        let a = allow();
        assert_eq!(allowed("MIT OR Apache-2.0", &a), Ok(true));
        assert_eq!(allowed("MIT/Apache-2.0", &a), Ok(true));
        assert_eq!(allowed("GPL-3.0-only", &a), Ok(false));
        assert_eq!(allowed("MIT OR GPL-3.0-only", &a), Ok(true));
        assert_eq!(allowed("MIT AND GPL-3.0-only", &a), Ok(false));
        assert_eq!(allowed("(MIT OR Apache-2.0) AND Unicode-3.0", &a), Ok(true));
        assert_eq!(allowed("Apache-2.0 WITH LLVM-exception", &a), Ok(false));
        assert!(allowed("(MIT", &a).is_err());
        assert!(allowed("MIT OR", &a).is_err());
    }

    #[test]
    fn bans_sources_and_missing_licences_are_breaches() {
        let policy = Policy {
            licences: Licences { allow: allow() },
            bans: Bans {
                deny: vec!["openssl".into()],
            },
            sources: Sources {
                allow_registries: vec![
                    "registry+https://github.com/rust-lang/crates.io-index".into(),
                ],
                allow_git: vec![],
            },
        };
        let package = |name: &str, license: Option<&str>, source: Option<&str>| Package {
            name: name.into(),
            version: "1.0.0".into(),
            license: license.map(String::from),
            source: source.map(String::from),
        };
        let crates_io = Some("registry+https://github.com/rust-lang/crates.io-index");
        let breaches = check(
            &policy,
            &[
                package("fine", Some("MIT"), crates_io),
                package("workspace", Some("MIT OR Apache-2.0"), None),
                package("openssl", Some("Apache-2.0"), crates_io),
                package("copyleft", Some("GPL-3.0-only"), crates_io),
                package("nolicence", None, crates_io),
                package(
                    "fromgit",
                    Some("MIT"),
                    Some("git+https://example.invalid/x#abc"),
                ),
            ],
        );
        let names: Vec<&str> = breaches
            .iter()
            .map(|b| b.split(' ').next().unwrap_or(""))
            .collect();
        assert_eq!(
            names,
            ["openssl", "copyleft", "nolicence", "fromgit"],
            "{breaches:?}"
        );
    }
}
