//! Studies written as data (`data/studies/*.toml`): every embedded description builds, the Japan
//! story's notebook functions are its report sections, a data gap is left out while a mistake
//! fails the study, and general code names no partner.

use std::path::Path;

use tradedef::prelude::*;
use tradedef::study::japan_2025;

#[test]
fn every_embedded_study_builds_every_section() {
    let names = StudySpec::embedded();
    assert!(names.len() >= 2, "{names:?}");
    for name in names {
        let spec = StudySpec::named(name).unwrap();
        let study = Study::named(name).unwrap();
        assert_eq!(study.id, spec.id);
        assert_eq!(
            study.exhibits.len() + study.unavailable.len(),
            spec.sections.len(),
            "{name}: every section is drawn or listed as left out"
        );
        assert!(
            study.unavailable.is_empty(),
            "{name}: {:?}",
            study.unavailable
        );
        for e in &study.exhibits {
            assert!(e.has_chart() && !e.csv.is_empty(), "{name}: {}", e.id);
            assert!(!e.findings.is_empty(), "{name}: {} has no finding", e.id);
        }
    }
}

#[test]
fn the_second_story_is_about_its_own_partner() {
    let korea = Study::named("korea-trade-security-2025").unwrap();
    for e in &korea.exhibits {
        assert!(!e.title.contains("Japan"), "{}", e.title);
    }
    let balance = korea.exhibit("balance").unwrap();
    assert!(balance.title.contains("South Korea"), "{}", balance.title);
    assert!(
        balance.findings[0].contains("South Korea"),
        "{:?}",
        balance.findings
    );
    // its troops section reads DMDC's by-country files for Korea
    let troops = korea.exhibit("us-forces").unwrap();
    assert!(
        troops.findings[0].contains("South Korea"),
        "{:?}",
        troops.findings
    );
}

#[test]
fn the_story_functions_are_the_report_sections() {
    let story = Study::japan_2025(None).unwrap();
    let pairs = [
        ("01-us-japan-balance", japan_2025::balance_table().unwrap()),
        ("04-autos-share", japan_2025::auto_share_table().unwrap()),
        (
            "05-tariff-sensitivity",
            japan_2025::tariff_grid_table().unwrap(),
        ),
        (
            "06-defence-budget",
            japan_2025::defence_budget_table().unwrap(),
        ),
        ("08-us-forces-in-japan", japan_2025::troops_table().unwrap()),
        (
            "10-japan-china-trade",
            japan_2025::japan_china_trade_table().unwrap(),
        ),
    ];
    for (id, table) in pairs {
        let exhibit = story.exhibit(id).unwrap();
        assert_eq!(
            exhibit.csv,
            table.to_csv(),
            "{id}: one computation for both"
        );
    }
    assert_eq!(
        japan_2025::balance_chart().unwrap().to_svg().unwrap(),
        story.exhibit("01-us-japan-balance").unwrap().svg
    );
}

/// A description with one section of each outcome for `partner`.
fn spec(partner: &str, sections: &str) -> StudySpec {
    let text =
        format!("id = \"t\"\ntitle = \"t\"\nlede = \"t\"\npartner = \"{partner}\"\n{sections}");
    StudySpec::parse(&text, "test.toml").unwrap()
}

#[test]
fn a_data_gap_is_left_out_and_a_mistake_fails_the_study() {
    // Niue has no series in SIPRI's data: a gap, listed with its reason
    let s = Study::from_spec(
        &spec(
            "Niue",
            "[[section]]\nkind = \"balance\"\n[[section]]\nkind = \"military-spending\"\n",
        ),
        None,
    )
    .unwrap();
    assert_eq!(s.exhibits.len(), 1, "the balance is drawn");
    assert_eq!(s.unavailable.len(), 1, "{:?}", s.unavailable);
    assert!(
        s.unavailable[0].reason.contains("SIPRI"),
        "{:?}",
        s.unavailable
    );
    // a negative elasticity is a mistake, never "not available"
    let err = Study::from_spec(
        &spec(
            "Mexico",
            "[[section]]\nkind = \"tariff\"\ncategory = \"autos\"\nelasticity = -1.0\n",
        ),
        None,
    )
    .unwrap_err();
    assert!(!err.is_data_gap(), "{err}");
    assert!(err.to_string().contains("elasticity"), "{err}");
    // a dataset no analysis reads is a mistake naming the ones that exist
    let err = Study::from_spec(
        &spec(
            "Germany",
            "[[section]]\nkind = \"defence-budget\"\ndataset = \"german_budget\"\nbase_year = 2015\n",
        ),
        None,
    )
    .unwrap_err();
    assert!(err.to_string().contains("japan_defense_budget"), "{err}");
}

#[test]
fn a_description_is_read_from_a_file_and_its_mistakes_are_located() {
    let dir = tempfile_dir();
    let file = dir.join("study.toml");
    std::fs::write(
        &file,
        "id = \"x\"\ntitle = \"x\"\nlede = \"x\"\npartner = \"Vietnam\"\n[[section]]\nkind = \"balance\"\n[[section]]\nkind = \"rnak\"\n",
    )
    .unwrap();
    let err = StudySpec::from_file(&file).unwrap_err().to_string();
    assert!(
        err.contains("study.toml") && err.contains("section 2"),
        "{err}"
    );
    assert!(err.contains("rnak") && err.contains("rank"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tradedef-studies-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Files that may name a partner: stories, exercises and the analyses of one dataset (each
/// reads a dataset whose sidecar is about one country), and the deprecated defaults kept for one
/// release. Everything else is general code: a partner is an argument or a sidecar's declaration.
const MAY_NAME_A_PARTNER: &[&str] = &[
    "teach/exercises.rs",
    "analysis/defence/host_nation.rs",
    "analysis/money.rs",
    "analysis/bilateral.rs",
    "analysis/trade/category_share.rs",
    "analysis/defence/troops.rs",
    // The drafter's lexicon of the words stories use for partners (capitals, demonyms).
    "claims/draft/mentions.rs",
    // The drafter's unit tests, in a file of their own.
    "claims/draft/tests.rs",
];

#[test]
fn general_code_names_no_partner() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/tradedef/src");
    let words = [
        "\"Japan\"",
        "\"5880\"",
        "\"JPN\"",
        "\"South Korea\"",
        "\"5800\"",
    ];
    let mut found = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                // importers read publishers' files, whose layouts name countries
                if !path.ends_with("import") {
                    stack.push(path);
                }
                continue;
            }
            let rel = path
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if MAY_NAME_A_PARTNER.contains(&rel.as_str()) || path.extension() != Some("rs".as_ref())
            {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (i, line) in text.lines().enumerate() {
                if line.contains("#[cfg(test)]") {
                    break; // unit tests may use any partner
                }
                let code = line.trim_start();
                if code.starts_with("//") {
                    continue;
                }
                for w in words {
                    if code.contains(w) {
                        found.push(format!("{rel}:{}: {}", i + 1, code));
                    }
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "partner names or codes in general code (make them an argument or a sidecar declaration):\n{}",
        found.join("\n")
    );
    // and the list names no file that no longer needs it
    for rel in MAY_NAME_A_PARTNER {
        let text = std::fs::read_to_string(root.join(rel)).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        assert!(
            code.lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .any(|l| words.iter().any(|w| l.contains(w))),
            "{rel} names no partner outside its tests: take it off MAY_NAME_A_PARTNER"
        );
    }
}
