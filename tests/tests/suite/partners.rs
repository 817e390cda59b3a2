//! The partner registry: resolution of users' words to one partner, closest-match errors, the
//! registry's integrity against the datasets it keys, and its importer on generated files.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use tradedef::data::import::{ImportKind, ImportOptions, import};
use tradedef::data::{load, partner, partners, search_partners};
use tradedef_tests::scratch::{Scratch, read_csv_rows, repo_data};

#[test]
fn every_name_of_south_korea_resolves_to_it() {
    let korea = partner("South Korea").unwrap();
    for word in [
        "korea, south",
        "KOR",
        "5800",
        "Republic of Korea",
        "  SOUTH korea ",
    ] {
        assert_eq!(partner(word).unwrap(), korea, "{word}");
    }
    assert_eq!(korea.iso3.as_deref(), Some("KOR"));
    assert_eq!(korea.census_name.as_deref(), Some("Korea, South"));
    assert_eq!(korea.to_string(), "South Korea");
}

#[test]
fn an_ambiguous_word_lists_every_candidate() {
    let msg = partner("Korea").unwrap_err().to_string();
    assert!(msg.contains("ambiguous"), "{msg}");
    assert!(
        msg.contains("South Korea") && msg.contains("North Korea"),
        "{msg}"
    );
    let msg = partner("Congo").unwrap_err().to_string();
    assert!(msg.contains("COD") && msg.contains("COG"), "{msg}");
}

#[test]
fn an_unknown_name_suggests_the_closest() {
    let msg = partner("Germny").unwrap_err().to_string();
    assert!(msg.contains("did you mean `Germany`"), "{msg}");
    let available = msg.split("closest first):").nth(1).unwrap_or_default();
    assert!(available.trim_start().starts_with("Germany"), "{msg}");
    assert!(partner("").is_err());
    assert!(partner("Qwertyland").is_err());
}

#[test]
fn spellings_of_publishers_resolve_to_one_partner() {
    assert_eq!(partner("Vietnam").unwrap(), partner("Viet Nam").unwrap());
    assert_eq!(partner("Vietnam").unwrap().iso3.as_deref(), Some("VNM"));
    assert_eq!(partner("Turkey").unwrap(), partner("Türkiye").unwrap());
    assert_eq!(partner("turkiye").unwrap().iso3.as_deref(), Some("TUR"));
    assert_eq!(partner("EU").unwrap().census_code.as_deref(), Some("0003"));
    // an exact display name wins over a second Census code of the same name
    assert_eq!(
        partner("Israel").unwrap().census_code.as_deref(),
        Some("5081")
    );
}

#[test]
fn japan_has_its_keys() {
    let japan = partner("Japan").unwrap();
    assert_eq!(japan.census_code.as_deref(), Some("5880"));
    assert_eq!(japan.iso3.as_deref(), Some("JPN"));
    assert_eq!(japan.currency.as_deref(), Some("JPY"));
    assert_eq!(japan.kind, "country");
}

#[test]
fn search_ranks_the_closest_first() {
    let found = search_partners("germny");
    assert_eq!(found.first().map(|p| p.name.as_str()), Some("Germany"));
    assert!(search_partners("zzzzzz").is_empty());
}

#[test]
fn census_codes_and_iso_codes_are_unique_and_exist() {
    let all = partners().unwrap();
    let trade = load("us_goods_trade_by_partner").unwrap();
    let census: HashSet<String> = trade
        .frame()
        .column("partner_code")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .flatten()
        .map(String::from)
        .collect();
    let (mut iso, mut codes, mut names) = (HashSet::new(), HashSet::new(), HashSet::new());
    for p in all {
        assert!(names.insert(p.name.clone()), "name {} twice", p.name);
        if let Some(c) = &p.iso3 {
            assert!(iso.insert(c.clone()), "iso3 {c} twice");
        }
        if let Some(c) = &p.census_code {
            assert!(codes.insert(c.clone()), "census code {c} twice");
            assert!(
                census.contains(c),
                "{c} of {} not in us_goods_trade_by_partner",
                p.name
            );
        }
    }
    let unmatched: BTreeSet<&String> = census.iter().filter(|c| !codes.contains(*c)).collect();
    assert!(
        unmatched.is_empty(),
        "Census codes without a partner: {unmatched:?}"
    );
}

// ---- the importer, on generated files ----

const ISO_JSON: &str = r#"{"3166-1": [
  {"alpha_2": "DE", "alpha_3": "DEU", "name": "Germany", "official_name": "Federal Republic of Germany"},
  {"alpha_2": "JP", "alpha_3": "JPN", "name": "Japan"},
  {"alpha_2": "KR", "alpha_3": "KOR", "name": "Korea, Republic of", "common_name": "South Korea"},
  {"alpha_2": "KP", "alpha_3": "PRK", "name": "Korea, Democratic People's Republic of", "common_name": "North Korea"},
  {"alpha_2": "TR", "alpha_3": "TUR", "name": "Türkiye", "official_name": "Republic of Türkiye"}
]}"#;

const CONCORDANCE: &str = r#"
[names]
TUR = "Turkey"
[aliases]
KOR = ["ROK"]
[currency]
JPN = "JPY"
[census]
"Deutschland" = "DEU"
[[extra]]
name = "Soviet Union"
kind = "former"
aliases = ["USSR"]
why = "former state"
"#;

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// A data folder with the registry's sidecar, the concordance and tiny source datasets.
fn data_folder(s: &Scratch) -> std::path::PathBuf {
    let dir = s.copy_data("data", &["partners"], false);
    write(&dir.join("partner_concordance.toml"), CONCORDANCE);
    write(
        &dir.join("us_goods_trade_by_partner.csv"),
        "year,partner_code,partner,partner_kind\n\
         2022,0003,European Union,aggregate\n\
         2022,4280,Deutschland,country\n\
         2022,4610,USSR,country\n\
         2022,5790,\"Korea, North\",country\n\
         2022,5800,\"Korea, South\",country\n\
         2022,5880,Japan,country\n\
         2022,9999,Atlantis,country\n",
    );
    write(
        &dir.join("sipri_milex.csv"),
        "country,year\nJapan,2024\n\"Korea, South\",2024\nTürkiye,2024\nUSSR,1990\nLemuria,2024\n",
    );
    dir
}

fn registry(dir: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let (header, rows) = read_csv_rows(&dir.join("partners.csv"));
    rows.into_iter()
        .map(|r| header.iter().cloned().zip(r).collect())
        .collect()
}

#[test]
fn importer_matches_publishers_and_lists_what_it_cannot() {
    let s = Scratch::new("partners-import");
    let dir = data_folder(&s);
    let iso = s.join("iso_3166-1.json");
    write(&iso, ISO_JSON);
    let summary = import(
        ImportKind::Partners,
        &iso,
        &ImportOptions::new().data_dir(&dir),
    )
    .unwrap();
    let text = summary.to_string();
    assert!(text.contains("partners: 7 rows imported"), "{text}");
    assert!(
        text.contains("9999 `Atlantis`"),
        "unmatched Census name listed:\n{text}"
    );
    assert!(
        text.contains("`Lemuria`"),
        "unmatched SIPRI name listed:\n{text}"
    );
    assert!(
        text.contains("us_troops_by_country is not in the data folder"),
        "{text}"
    );
    assert!(
        text.contains("fx_annual is not in the data folder"),
        "{text}"
    );

    let rows = registry(&dir);
    let row = |name: &str| {
        rows.iter()
            .find(|r| r["name"] == name)
            .unwrap_or_else(|| panic!("no row {name}: {rows:?}"))
    };
    let korea = row("South Korea");
    assert_eq!(korea["iso3"], "KOR");
    assert_eq!(korea["census_code"], "5800");
    assert_eq!(korea["sipri_name"], "Korea, South");
    assert!(korea["aliases"].split('|').any(|a| a == "ROK"), "{korea:?}");
    assert!(korea["missing"].contains("dmdc: us_troops_by_country not in the data folder"));
    assert_eq!(row("Germany")["census_code"], "4280");
    assert_eq!(row("Turkey")["sipri_name"], "Türkiye");
    assert_eq!(row("Japan")["currency"], "JPY");
    assert_eq!(row("Soviet Union")["census_code"], "4610");
    assert_eq!(row("Soviet Union")["sipri_name"], "USSR");
    assert_eq!(row("Soviet Union")["kind"], "former");
    assert_eq!(row("European Union")["kind"], "aggregate");
    assert!(row("North Korea")["missing"].contains("sipri: not in sipri_milex"));
    assert!(!rows.iter().any(|r| r["name"] == "Atlantis"));

    // DMDC names (by their ISO code first) fill in on a re-run once the dataset is there
    write(
        &dir.join("us_troops_by_country.csv"),
        "country,iso3,year\nKorea,KOR,1960\nSouth Korea,KOR,2025\nJapan,NA,2025\nAzores,NA,2025\n",
    );
    let text = import(
        ImportKind::Partners,
        &iso,
        &ImportOptions::new().data_dir(&dir),
    )
    .unwrap()
    .to_string();
    assert!(text.contains("`Azores`"), "{text}");
    let rows = registry(&dir);
    let dmdc = |name: &str| {
        rows.iter()
            .find(|r| r["name"] == name)
            .map(|r| r["dmdc_name"].clone())
    };
    assert_eq!(dmdc("South Korea").as_deref(), Some("South Korea"));
    assert_eq!(dmdc("Japan").as_deref(), Some("Japan"));
}

#[test]
fn importer_rejects_a_malformed_iso_file_naming_it() {
    let s = Scratch::new("partners-bad");
    let dir = data_folder(&s);
    let iso = s.join("broken_iso.json");
    write(&iso, r#"{"3166-1": [{"alpha_2": "JP", "name": "Japan"}"#);
    let msg = import(
        ImportKind::Partners,
        &iso,
        &ImportOptions::new().data_dir(&dir),
    )
    .unwrap_err()
    .to_string();
    assert!(
        msg.contains("broken_iso.json") && msg.contains("3166-1"),
        "{msg}"
    );
    write(&iso, r#"{"3166-1": [{"alpha_3": "jp", "name": "Japan"}]}"#);
    let msg = import(
        ImportKind::Partners,
        &iso,
        &ImportOptions::new().data_dir(&dir),
    )
    .unwrap_err()
    .to_string();
    assert!(msg.contains("alpha_3") && msg.contains("`jp`"), "{msg}");
    assert!(
        !dir.join("partners.csv").exists(),
        "nothing is written when the file is rejected"
    );
}

#[test]
#[ignore = "needs /usr/share/iso-codes/json/iso_3166-1.json (Debian package iso-codes)"]
fn importer_reproduces_the_committed_registry() {
    let iso = Path::new("/usr/share/iso-codes/json/iso_3166-1.json");
    let s = Scratch::new("partners-real");
    let dir = s.join("data");
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["partners.toml", "partners.csv", "partner_concordance.toml"] {
        std::fs::copy(repo_data().join(f), dir.join(f)).unwrap();
    }
    for id in [
        "us_goods_trade_by_partner",
        "sipri_milex",
        "us_troops_by_country",
        "fx_annual",
    ] {
        for ext in ["csv", "csv.gz"] {
            let from = repo_data().join(format!("{id}.{ext}"));
            if from.is_file() {
                std::fs::copy(&from, dir.join(format!("{id}.{ext}"))).unwrap();
            }
        }
    }
    import(
        ImportKind::Partners,
        iso,
        &ImportOptions::new().data_dir(&dir),
    )
    .unwrap();
    let committed = std::fs::read(repo_data().join("partners.csv")).unwrap();
    let again = std::fs::read(dir.join("partners.csv")).unwrap();
    assert!(committed == again, "re-importing changes data/partners.csv");
}
