//! `tradedef report`: the set of files, the manifest, determinism, and links that resolve.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use tradedef::report::{Part, ReportOptions, ReportSummary, build_report};

fn out_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("report")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn build(name: &str) -> ReportSummary {
    let mut steps = Vec::new();
    let s = build_report(&ReportOptions::new().out_dir(out_dir(name)), &mut |l| {
        steps.push(l.to_string())
    })
    .unwrap_or_else(|e| panic!("report failed: {e}"));
    assert!(
        steps.iter().any(|l| l.contains("index.html")),
        "progress names the steps: {steps:?}"
    );
    s
}

/// Every file under `dir`, relative, with `/` separators.
fn files_under(dir: &Path) -> BTreeSet<String> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeSet<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.insert(
                    p.strip_prefix(base)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn report_writes_the_expected_files_and_a_true_manifest() {
    let s = build("files");
    let on_disk = files_under(&s.out_dir);
    for required in ["index.html", "claims.csv", "manifest.json"] {
        assert!(
            on_disk.contains(required),
            "missing {required}: {on_disk:?}"
        );
    }
    let charts: Vec<&String> = on_disk
        .iter()
        .filter(|f| f.starts_with("charts/"))
        .collect();
    assert!(
        charts.len() >= 10,
        "expected at least 5 charts as SVG and PNG, got {charts:?}"
    );
    for svg in charts
        .iter()
        .filter(|f| f.ends_with(".svg") && !f.ends_with("-narrow.svg"))
    {
        let narrow = svg.replace(".svg", "-narrow.svg");
        assert!(on_disk.contains(&narrow), "{svg} has no phone-width form");
        let png = svg.replace(".svg", ".png");
        assert!(on_disk.contains(&png), "{svg} has no PNG");
        let table = svg.replace("charts/", "tables/").replace(".svg", ".csv");
        assert!(on_disk.contains(&table), "{svg} has no data table");
    }

    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(s.out_dir.join("manifest.json")).unwrap())
            .unwrap();
    let listed = manifest["files"].as_object().expect("files map");
    let expected: BTreeSet<String> = on_disk
        .iter()
        .filter(|f| *f != "manifest.json")
        .cloned()
        .collect();
    let got: BTreeSet<String> = listed.keys().cloned().collect();
    assert_eq!(got, expected, "manifest lists exactly the files written");
    for (file, sha) in listed {
        let bytes = std::fs::read(s.out_dir.join(file)).unwrap();
        assert_eq!(
            sha.as_str().unwrap(),
            tradedef::data::sha256_hex(&bytes),
            "{file}"
        );
    }
    assert_eq!(manifest["versions"]["polars"], "0.55.2");
    let datasets = manifest["datasets"].as_array().unwrap();
    assert_eq!(datasets.len(), tradedef::data::catalog().len());
    assert!(
        datasets
            .iter()
            .all(|d| !d["vintage"].as_str().unwrap().is_empty())
    );
}

#[test]
fn report_is_deterministic() {
    let a = build("run_a");
    let b = build("run_b");
    assert_eq!(a.files, b.files, "two runs give the same bytes");
    let ma = std::fs::read(a.out_dir.join("manifest.json")).unwrap();
    let mb = std::fs::read(b.out_dir.join("manifest.json")).unwrap();
    assert_eq!(ma, mb);
}

#[test]
fn html_references_only_files_that_exist() {
    let s = build("links");
    let html = std::fs::read_to_string(s.out_dir.join("index.html")).unwrap();
    let mut local = 0;
    for attr in ["src=\"", "href=\"", "data=\""] {
        for piece in html.split(attr).skip(1) {
            let target = piece.split('"').next().unwrap();
            if target.starts_with("http")
                || target.starts_with('#')
                || target.starts_with("mailto:")
            {
                continue;
            }
            local += 1;
            assert!(
                s.out_dir.join(target).is_file(),
                "index.html links to missing {target}"
            );
        }
    }
    assert!(
        local >= 10,
        "index.html links its charts and tables ({local} local links)"
    );
    for anchor in html.split("href=\"#").skip(1) {
        let id = anchor.split('"').next().unwrap();
        assert!(
            html.contains(&format!("id=\"{id}\"")),
            "anchor #{id} has no target"
        );
    }
    assert!(html.contains("Source:"), "every exhibit names its source");
    // each chart's label on the page is the description inside its SVG
    let mut charts = 0;
    for piece in html.split("<object class=\"wide\" data=\"").skip(1) {
        // the phone-width form beside it, with the same label
        let narrow_piece = piece
            .split("<object class=\"narrow\" data=\"")
            .nth(1)
            .unwrap_or_else(|| panic!("no phone-width chart after {}", &piece[..60]));
        let narrow_file = narrow_piece.split('"').next().unwrap();
        assert!(
            s.out_dir.join(narrow_file).is_file(),
            "{narrow_file} is missing"
        );
        let file = piece.split('"').next().unwrap();
        let label = piece
            .split("aria-label=\"")
            .nth(1)
            .and_then(|l| l.split('"').next())
            .unwrap_or_else(|| panic!("{file} has no aria-label"));
        let svg = std::fs::read_to_string(s.out_dir.join(file)).unwrap();
        let desc = svg
            .split("-desc\">")
            .nth(1)
            .and_then(|d| d.split("</desc>").next())
            .unwrap_or_else(|| panic!("{file} has no <desc>"));
        assert_eq!(
            label, desc,
            "{file}: the page's label is the chart's description"
        );
        let narrow_label = narrow_piece
            .split("aria-label=\"")
            .nth(1)
            .and_then(|l| l.split('"').next());
        assert_eq!(narrow_label, Some(label), "{narrow_file}: the same label");
        assert!(
            svg.contains("<g class=\"tradedef-values\""),
            "{file} names its values"
        );
        charts += 1;
    }
    assert!(charts >= 5, "{charts} charts embedded");
}

#[test]
fn parts_can_be_chosen() {
    let dir = out_dir("charts_only");
    let s = build_report(
        &ReportOptions::new().out_dir(&dir).parts(vec![Part::Charts]),
        &mut |_| {},
    )
    .unwrap();
    let on_disk = files_under(&s.out_dir);
    assert!(
        on_disk
            .iter()
            .all(|f| f.starts_with("charts/") || f == "manifest.json"),
        "{on_disk:?}"
    );
    assert!(!on_disk.contains("index.html"));
}

#[test]
fn another_storys_claims_file_is_used_and_errors_name_it() {
    let dir = out_dir("bad_claims");
    let missing = dir.join("no-such-claims.toml");
    let err = build_report(
        &ReportOptions::new().out_dir(&dir).claims_file(&missing),
        &mut |_| {},
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("no-such-claims.toml"), "{err}");
}
