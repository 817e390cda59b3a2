//! Generates the catalog of embedded datasets from the sidecars in `data/`: every `ID.toml` with a
//! data file beside it (`ID.csv`, or `ID.csv.gz` when stored compressed) is a dataset. Writes
//! `$OUT_DIR/embedded.rs` (the table `catalog.rs` includes) and `$OUT_DIR/ids.rs` (one typed id
//! per dataset, documented with the sidecar's title). The datasets come in the order of their
//! ids, except that a dataset comes after the datasets its sidecar says it is `derived_from`;
//! the output depends on the files only, never on the order the folder lists them in.

#![allow(
    clippy::panic,
    clippy::expect_used,
    reason = "a build script stops the build with a message when a sidecar in data/ is unreadable"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

struct Dataset {
    id: String,
    title: String,
    file: String,
    derived_from: Vec<String>,
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let data = manifest.join("../../data");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed={}", data.display());
    let mut datasets = BTreeMap::new();
    let entries =
        std::fs::read_dir(&data).unwrap_or_else(|e| panic!("cannot list {}: {e}", data.display()));
    let mut paths: Vec<PathBuf> = entries
        .map(|e| {
            e.unwrap_or_else(|e| panic!("cannot list {}: {e}", data.display()))
                .path()
        })
        .collect();
    paths.sort();
    for path in paths {
        if path.extension().is_none_or(|x| x != "toml") {
            continue;
        }
        let Some(id) = path
            .file_stem()
            .and_then(|s| s.to_str())
            .map(str::to_string)
        else {
            continue;
        };
        let Some(file) = ["csv", "csv.gz"]
            .iter()
            .map(|ext| format!("{id}.{ext}"))
            .find(|f| data.join(f).is_file())
        else {
            // a sidecar without a data file (the partner concordance) is not a dataset
            continue;
        };
        println!("cargo:rerun-if-changed={}", path.display());
        println!("cargo:rerun-if-changed={}", data.join(&file).display());
        datasets.insert(id.clone(), read_sidecar(&path, id, file));
    }
    let order = ordered(&datasets);
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    write(&out.join("embedded.rs"), &embedded(&order, &datasets));
    write(&out.join("ids.rs"), &ids(&datasets));
}

fn read_sidecar(path: &Path, id: String, file: String) -> Dataset {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let table: toml::Table = text
        .parse()
        .unwrap_or_else(|e| panic!("{} is not valid TOML: {e}", path.display()));
    let string = |key: &str| {
        table
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or_else(|| panic!("{}: no text `{key}`", path.display()))
            .to_string()
    };
    assert_eq!(
        string("id"),
        id,
        "{}: `id` differs from the file name",
        path.display()
    );
    assert!(
        !id.is_empty()
            && id.starts_with(|c: char| c.is_ascii_lowercase())
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
        "{}: a dataset id is lowercase letters, digits and `_`, starting with a letter",
        path.display()
    );
    let derived_from = match table.get("derived_from") {
        None => Vec::new(),
        Some(v) => v
            .as_array()
            .and_then(|a| a.iter().map(|x| x.as_str().map(str::to_string)).collect())
            .unwrap_or_else(|| {
                panic!(
                    "{}: `derived_from` is a list of dataset ids",
                    path.display()
                )
            }),
    };
    Dataset {
        title: string("title"),
        id,
        file,
        derived_from,
    }
}

/// The ids in catalog order: by id, each after the datasets it is derived from (an unknown id or
/// a cycle is left to the crate's tests, which name it; here it only stops the reordering).
fn ordered(datasets: &BTreeMap<String, Dataset>) -> Vec<String> {
    let mut placed = BTreeSet::new();
    let mut order = Vec::new();
    while order.len() < datasets.len() {
        let next = datasets
            .values()
            .filter(|d| !placed.contains(&d.id))
            .find(|d| {
                d.derived_from
                    .iter()
                    .all(|p| placed.contains(p) || !datasets.contains_key(p) || *p == d.id)
            })
            .or_else(|| datasets.values().find(|d| !placed.contains(&d.id)))
            .map(|d| d.id.clone())
            .expect("a dataset not yet placed");
        placed.insert(next.clone());
        order.push(next);
    }
    order
}

fn embedded(order: &[String], datasets: &BTreeMap<String, Dataset>) -> String {
    let mut s = String::from(
        "// Generated by crates/tradedef/build.rs from the sidecars in data/: do not edit.\n\
         /// Every curated dataset: each sidecar `data/ID.toml` with a data file beside it, by id,\n\
         /// each after the datasets it is derived from.\n\
         const EMBEDDED: &[Embedded] = &[\n",
    );
    for id in order {
        let d = &datasets[id];
        let _ = writeln!(
            s,
            "    Embedded {{\n        id: {id:?},\n        file: \"data/{file}\",\n        stored: include_bytes!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/../../data/{file}\")),\n        sidecar: include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/../../data/{id}.toml\")),\n    }},",
            file = d.file
        );
    }
    s.push_str("];\n");
    s
}

fn ids(datasets: &BTreeMap<String, Dataset>) -> String {
    let mut s = String::from(
        "// Generated by crates/tradedef/build.rs from the sidecars in data/: do not edit.\n",
    );
    for d in datasets.values() {
        let _ = writeln!(
            s,
            "#[doc = {title:?}]\n#[doc = \"\"]\n#[doc = {what:?}]\npub const {name}: DatasetId = DatasetId({id:?});",
            title = d.title.trim(),
            what = format!(
                "Dataset `{}`: `data/{}` with its sidecar `data/{}.toml`.",
                d.id, d.file, d.id
            ),
            name = d.id.to_ascii_uppercase(),
            id = d.id,
        );
    }
    s.push_str("/// Every dataset of the catalog, by id.\npub const ALL: &[DatasetId] = &[\n");
    for d in datasets.values() {
        let _ = writeln!(s, "    {},", d.id.to_ascii_uppercase());
    }
    s.push_str("];\n");
    s
}

/// Writes a file only when its text changes, so an unchanged catalog compiles nothing again.
fn write(path: &Path, text: &str) {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return;
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}
