//! The layering rule of `crates/tradedef/src` (README, "Layout"), checked on the sources: a
//! module imports only from its own layer and the layers below it. Low → high:
//!
//! 0. `error`, `similar`, `atomic`, `toml_text`, `html`
//! 1. `data`
//! 2. `analysis`, `chart`
//! 3. `claims`, `study`
//! 4. `report`, `notebook`, `teach`, `prelude`
//!
//! An import is any `crate::X` path in code (a `use` line, a `{…}` group, a path in an
//! expression) and any `super::…` path that climbs to the crate root; comments are skipped.
//! Modules of one layer use each other only where they did when the test was written
//! ([`SAME_LAYER`]); the upward imports that existed then are listed in [`KNOWN_UPWARD`], each
//! with its reason, so any new one fails with its file, line and path.

use std::path::{Path, PathBuf};

/// Each top-level module of the crate and its layer.
const LAYERS: [(&str, u8); 16] = [
    ("error", 0),
    ("output", 0),
    ("similar", 0),
    ("atomic", 0),
    ("toml_text", 0),
    ("html", 0),
    ("data", 1),
    ("analysis", 2),
    ("chart", 2),
    ("claims", 3),
    ("study", 3),
    ("report", 4),
    ("notebook", 4),
    ("teach", 4),
    ("prelude", 4),
    // the crate root (lib.rs) declares every module
    ("lib", 5),
];

/// Uses between modules of one layer (importer, imported), as they were when the rule was
/// first checked (2026-12-06); any other pair within a layer fails.
const SAME_LAYER: [(&str, &str); 8] = [
    ("error", "similar"),  // "did you mean" suggestions in error messages
    ("output", "error"),   // the writers' errors
    ("output", "html"),    // the table renderer escapes every cell
    ("analysis", "chart"), // analysis/table.rs: a table's chart
    ("study", "claims"),   // study/fact_check.rs: the fact-check exhibit
    ("teach", "notebook"), // the checks' answers displayed in Jupyter
    ("prelude", "notebook"),
    ("prelude", "teach"),
];

/// The upward imports that existed when the rule was first checked (file, imported module),
/// allowed until they are moved; remove a line once its import is gone.
const KNOWN_UPWARD: [(&str, &str); 1] = [
    // `crate::data::utf8_text`, the UTF-8 check with the file's location, used by the TOML
    // reader of layer 0.
    ("toml_text.rs", "data"),
];

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

/// One import of another top-level module: where it is and what it names.
#[derive(Debug, PartialEq)]
struct Import {
    line: usize,
    module: String,
    path: String,
}

/// `text` with every comment replaced by spaces (newlines kept, so offsets keep their line).
/// String literals are copied as they are (a `//` inside one is not a comment).
fn without_comments(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    let mut in_string = false;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            out.push(b);
            if b == b'\\' && i + 1 < bytes.len() {
                out.push(bytes[i + 1]);
                i += 2;
                continue;
            }
            in_string = b != b'"';
            i += 1;
        } else if let Some(end) = (b == b'r').then(|| raw_string_end(text, i)).flatten() {
            out.extend_from_slice(&bytes[i..end]);
            i = end;
        } else if b == b'"' && !(i > 0 && bytes[i - 1] == b'\'') {
            in_string = true;
            out.push(b);
            i += 1;
        } else if bytes[i..].starts_with(b"//") {
            while i < bytes.len() && bytes[i] != b'\n' {
                out.push(b' ');
                i += 1;
            }
        } else if bytes[i..].starts_with(b"/*") {
            let end = text[i + 2..]
                .find("*/")
                .map_or(bytes.len(), |e| i + 2 + e + 2);
            out.extend(
                bytes[i..end]
                    .iter()
                    .map(|&c| if c == b'\n' { b'\n' } else { b' ' }),
            );
            i = end;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// When a raw string literal (`r"…"`, `r#"…"#`) starts at byte `i` of `text`, the byte after
/// its end.
fn raw_string_end(text: &str, i: usize) -> Option<usize> {
    let rest = text[i..].strip_prefix('r')?;
    if text[..i]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
    {
        return None;
    }
    let hashes = rest.len() - rest.trim_start_matches('#').len();
    let body = rest[hashes..].strip_prefix('"')?;
    let closing = format!("\"{}", "#".repeat(hashes));
    let end = body
        .find(&closing)
        .map_or(text.len(), |e| text.len() - body.len() + e + closing.len());
    Some(end)
}

/// The top-level items named by a path that starts at the crate root, `rest` being the text
/// right after `crate::`: `data` for `data::load`, `analysis` and `chart` for
/// `{analysis::x, chart::{a, b}}`.
fn first_segments(rest: &str) -> Vec<String> {
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let Some(group) = rest.strip_prefix('{') else {
        return vec![ident(rest)];
    };
    let mut names = Vec::new();
    let mut depth = 0;
    let mut item_start = true;
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => item_start = true,
            c if item_start && !c.is_whitespace() => {
                names.push(ident(&group[i..]));
                item_start = false;
            }
            _ => {}
        }
    }
    names
}

/// The path that starts `text` as the error message shows it: `crate::data::load`, or a
/// `{…}` group whole, on one line.
fn shown_path(text: &str) -> String {
    let mut depth = 0;
    let mut shown = String::new();
    for c in text.chars() {
        match c {
            '{' => depth += 1,
            '}' if depth > 0 => depth -= 1,
            c if depth == 0 && !(c.is_alphanumeric() || c == '_' || c == ':') => break,
            _ => {}
        }
        shown.push(c);
        if c == '}' && depth == 0 {
            break;
        }
    }
    shown.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every path in `source` (the file at `relative`, e.g. `data/import/stored.rs`) that reaches
/// another top-level module through `crate::` or through `super::` up to the crate root.
fn imports(relative: &str, source: &str) -> Vec<Import> {
    let code = without_comments(source);
    // The module path of the file: data/import/stored.rs → [data, import, stored];
    // data/mod.rs → [data]; lib.rs → [].
    let mut module: Vec<&str> = relative.trim_end_matches(".rs").split('/').collect();
    if matches!(module.last(), Some(&"mod") | Some(&"lib")) {
        module.pop();
    }
    let top = module.first().copied().unwrap_or("lib");
    let mut found = Vec::new();
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    for (offset, _) in code
        .match_indices("crate::")
        .chain(code.match_indices("super::"))
    {
        if code[..offset].chars().next_back().is_some_and(is_ident)
            || code[..offset].ends_with("super::")
        {
            continue;
        }
        let mut rest = &code[offset..];
        let from_root = if let Some(after) = rest.strip_prefix("crate::") {
            rest = after;
            true
        } else {
            let mut depth = module.len();
            while let Some(after) = rest.strip_prefix("super::") {
                depth = depth.saturating_sub(1);
                rest = after;
            }
            depth == 0
        };
        if !from_root {
            continue;
        }
        let line = code[..offset].matches('\n').count() + 1;
        let path = shown_path(&code[offset..]);
        for name in first_segments(rest) {
            if layer(&name).is_some() && name != top {
                found.push(Import {
                    line,
                    module: name,
                    path: path.clone(),
                });
            }
        }
    }
    found.sort_by_key(|i| i.line);
    found
}

/// What the rule says of `import` in the file at `relative`: `None` when allowed, else why not.
fn violation(relative: &str, import: &Import) -> Option<String> {
    let top = relative
        .split('/')
        .next()
        .unwrap_or(relative)
        .trim_end_matches(".rs");
    let (from, to) = (layer(top)?, layer(&import.module)?);
    let allowed = to < from
        || (to == from && SAME_LAYER.contains(&(top, import.module.as_str())))
        || KNOWN_UPWARD.contains(&(relative, import.module.as_str()));
    (!allowed).then(|| {
        format!(
            "crates/tradedef/src/{relative}:{}: `{}`: {top} (layer {from}) imports {} (layer {to}){}",
            import.line,
            import.path,
            import.module,
            if to == from {
                ", a module of its own layer it did not use before"
            } else {
                ", a higher layer"
            }
        )
    })
}

fn sources(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("a readable entry").path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn no_module_imports_a_higher_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/tradedef/src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    files.sort();
    assert!(
        files.len() > 50,
        "only {} sources under {}",
        files.len(),
        src.display()
    );
    let mut problems = Vec::new();
    let mut checked = 0;
    for file in &files {
        let relative = file
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let top = relative.split('/').next().unwrap().trim_end_matches(".rs");
        if layer(top).is_none() {
            problems.push(format!(
                "crates/tradedef/src/{relative}: module `{top}` has no layer: add it to LAYERS in tests/tests/suite/layering.rs (and to the README's layout)"
            ));
            continue;
        }
        let source = std::fs::read_to_string(file).unwrap();
        for import in imports(&relative, &source) {
            checked += 1;
            problems.extend(violation(&relative, &import));
        }
    }
    assert!(
        checked > 100,
        "only {checked} imports across modules found: is the parser broken?"
    );
    assert!(
        problems.is_empty(),
        "the layering rule (README, Layout) is broken:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_check_finds_upward_imports_in_every_form() {
    let source = "\
//! use crate::report::Report; (a comment: not an import)
use crate::analysis::vintage::order_key;
use crate::{error::Error, study::{Exhibit, Study}};
use super::super::super::notebook::Display;
fn f() { let s = \"crate::teach:: in a string\"; crate::chart::line(); }
use super::csv::read;
";
    let found = imports("data/import/x.rs", source);
    let listed: Vec<(usize, &str)> = found.iter().map(|i| (i.line, i.module.as_str())).collect();
    assert_eq!(
        listed,
        [
            (2, "analysis"),
            (3, "error"),
            (3, "study"),
            (4, "notebook"),
            (5, "teach"),
            (5, "chart"),
        ]
    );
    let broken: Vec<String> = found
        .iter()
        .filter_map(|i| violation("data/import/x.rs", i))
        .collect();
    // error is below data; every other one is above it. The string's path is a false hit the
    // check accepts (it errs on the side of failing).
    assert_eq!(broken.len(), 5, "{broken:#?}");
    assert!(
        broken[1].contains("`crate::{error::Error, study::{Exhibit, Study}}`"),
        "{}",
        broken[1]
    );
    assert!(
        broken[0].starts_with(
            "crates/tradedef/src/data/import/x.rs:2: `crate::analysis::vintage::order_key`: data (layer 1) imports analysis (layer 2)"
        ),
        "{}",
        broken[0]
    );
    // The known exceptions hold for their own file only.
    let utf8 = Import {
        line: 1,
        module: "data".into(),
        path: "crate::data::utf8_text".into(),
    };
    assert_eq!(violation("toml_text.rs", &utf8), None);
    assert!(violation("html.rs", &utf8).is_some());
    // Within a layer, only the pairs in use when the rule was written.
    let same = Import {
        line: 1,
        module: "chart".into(),
        path: "crate::chart".into(),
    };
    assert_eq!(violation("analysis/table.rs", &same), None);
    let reverse = Import {
        line: 1,
        module: "analysis".into(),
        path: "crate::analysis".into(),
    };
    assert!(violation("chart/mod.rs", &reverse).is_some());
}
