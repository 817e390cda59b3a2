//! The `sipri` importer on SIPRI's own workbook: on a small workbook generated here (every sheet
//! of SIPRI's layout, invented figures; errors must name sheet and cell), and (ignored tests) on
//! the April 2026 release in the reference pack, which must reproduce the committed rows of
//! `sipri_milex`, `sipri_milex_countries` and `sipri_milex_footnotes`, the figures the pack's
//! SOURCES.md gives, and the cross-checks written in the sidecar.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::Workbook;
use tradedef::data::import::{ImportKind, ImportOptions, ImportSummary, import};
use tradedef_tests::scratch::{Scratch, data_file, repo_data, repo_root};
use tradedef_tests::sipri_fx::{read_stored_rows, stored_records};

const IDS: [&str; 3] = [
    "sipri_milex",
    "sipri_milex_countries",
    "sipri_milex_footnotes",
];
const NEW: &str = "sipri-milex-2026-04";
const OLD: &str = "sipri-milex-2025-04";

type Record = HashMap<String, String>;

fn one<'a>(rows: &'a [Record], want: &[(&str, &str)]) -> &'a Record {
    let found: Vec<&Record> = rows
        .iter()
        .filter(|r| {
            want.iter()
                .all(|(k, v)| r.get(*k).map(String::as_str) == Some(*v))
        })
        .collect();
    assert_eq!(found.len(), 1, "expected one row for {want:?}");
    found[0]
}

fn num(s: &str) -> f64 {
    s.parse().unwrap_or_else(|_| panic!("not a number: `{s}`"))
}

fn import_into(file: &Path, data: &Path) -> tradedef::Result<ImportSummary> {
    import(
        ImportKind::Sipri,
        file,
        &ImportOptions::new().data_dir(data),
    )
}

// ----- a generated workbook ---------------------------------------------------------------------

/// A sheet as rows of cells: text, or a number.
enum C {
    T(&'static str),
    N(f64),
}

fn write_workbook(path: &Path, sheets: &[(&str, Vec<Vec<C>>)]) {
    let mut book = Workbook::new();
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).expect("sheet name");
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    C::T("") => {}
                    C::T(t) => {
                        sheet.write_string(r, c, *t).expect("write cell");
                    }
                    C::N(x) => {
                        sheet.write_number(r, c, *x).expect("write cell");
                    }
                }
            }
        }
    }
    book.save(path).expect("save workbook");
}

/// A country sheet: title, heading lines, header, a region heading, Japan and the USSR.
fn country_sheet(title: &'static str, lines: &[&'static str], scale: f64) -> Vec<Vec<C>> {
    let mut rows: Vec<Vec<C>> = vec![vec![C::T(title)]];
    rows.extend(lines.iter().map(|l| vec![C::T(l)]));
    rows.push(vec![]);
    let local = title.contains("local currency");
    let mut header = vec![C::T("Country")];
    if local {
        header.push(C::T("Currency"));
    }
    if lines.iter().any(|l| l.contains("financial years")) {
        header.push(C::T("Fiscal Year (Jan.–Dec. if not stated)"));
    }
    header.extend([C::T("Notes"), C::T("2024"), C::T("2025")]);
    let pad = header.len() - 3;
    rows.push(header);
    rows.push(vec![C::T("East Asia")]);
    let mut japan = vec![C::T("Japan")];
    let mut ussr = vec![C::T("USSR")];
    if local {
        japan.push(C::T("Yen"));
        ussr.push(C::T("Roubles"));
    }
    if pad == 3 {
        japan.push(C::T("Apr.–Mar."));
        ussr.push(C::T(""));
    }
    japan.extend([C::T("§56"), C::N(2.0 * scale), C::N(3.0 * scale)]);
    ussr.extend([C::T(""), C::T("xxx"), C::T("...")]);
    rows.push(japan);
    rows.push(ussr);
    rows
}

fn generated_workbook(path: &Path, extra_sheet: Option<&str>) {
    let regional: Vec<Vec<C>> = vec![
        vec![C::T(
            "Military expenditure by region in constant US dollars   © SIPRI 2026",
        )],
        vec![C::T(
            "Figures are in US$ b., at constant 2024 prices and exchange rates, except for the last figure which is in US$ b. at 2025 prices and exchange rates.",
        )],
        vec![C::T(
            "1) A meaningful world total is not possible before 1988.",
        )],
        vec![
            C::T("Region"),
            C::T("2024"),
            C::T("2025"),
            C::T("2025 (current prices)"),
            C::T("Omitted countries"),
        ],
        vec![C::T("World"), C::N(2692.3), C::T("…"), C::N(2886.6)],
        vec![
            C::T("East Asia"),
            C::N(429.2),
            C::N(460.9),
            C::N(463.9),
            C::T("Korea, North"),
        ],
    ];
    let footnotes: Vec<Vec<C>> = vec![
        vec![C::T("Footnotes and special notes")],
        vec![
            C::T("§"),
            C::T("Figures for these countries are for the adopted budget."),
        ],
        vec![
            C::N(56.0),
            C::T(""),
            C::T("Japan: a footnote.\n\nIn two paragraphs."),
        ],
    ];
    let mut sheets: Vec<(&str, Vec<Vec<C>>)> = vec![
        ("Front page", vec![]),
        ("Regional totals", regional),
        (
            "Local currency financial years",
            country_sheet(
                "Military expenditure by country, in local currency, 2024–2025   © SIPRI 2026",
                &["Figures are in local currency at current prices and are for financial years."],
                1.0e12,
            ),
        ),
        (
            "Local currency calendar years",
            country_sheet(
                "Military expenditure by country, in local currency, 2024–2025   © SIPRI 2026",
                &["Figures are in local currency at current prices and are for calendar years."],
                1.0e12,
            ),
        ),
        (
            "Constant (2024) US$",
            country_sheet(
                "Military expenditure by country, in constant (2024) US$ m., 2024–2025   © SIPRI 2026",
                &["Figures are in US $m., at constant 2024 prices and exchange rates."],
                1.0e4,
            ),
        ),
        (
            "Current US$",
            country_sheet(
                "Military expenditure by country, in millions of US$ at current prices and exchange rates, 2024–2025  © SIPRI 2026",
                &[],
                1.1e4,
            ),
        ),
        (
            "Share of GDP",
            country_sheet(
                "Military expenditure by country as percentage of gross domestic product, 2024–2025  © SIPRI 2026",
                &[],
                0.005,
            ),
        ),
        (
            "Per capita",
            country_sheet(
                "Military expenditure per capita by country, 2024–2025  © SIPRI 2026",
                &["Figures are in current US$."],
                100.0,
            ),
        ),
        (
            "Share of Govt. spending",
            country_sheet(
                "Military expenditure by country as percentage of government spending, 2024–2025  © SIPRI 2026",
                &[],
                0.01,
            ),
        ),
        ("Footnotes", footnotes),
    ];
    if let Some(name) = extra_sheet {
        sheets.push((name, vec![vec![C::T("x")]]));
    }
    write_workbook(path, &sheets);
}

#[test]
fn a_generated_workbook_fills_the_three_datasets() -> anyhow::Result<()> {
    let s = Scratch::new("sipri-xlsx");
    let file = s.join("SIPRI-Milex-data-1949-2025_v1.2.xlsx");
    generated_workbook(&file, None);
    let data = s.copy_data("data", &IDS, false);
    std::fs::write(data.join("sipri_milex.csv.gz"), b"")?;
    let summary = import_into(&file, &data)?;
    assert_eq!(summary.vintage, NEW);
    // 7 sheets × 2 countries × 2 years, and 2 regions × (2 years + the current-price year)
    assert_eq!(summary.datasets[0].rows_imported, 7 * 2 * 2 + 2 * 3);
    let rows = stored_records(&data.join("sipri_milex.csv.gz"));
    let japan = |measure: &str, year: &str| {
        one(
            &rows,
            &[("country", "Japan"), ("measure", measure), ("year", year)],
        )
        .clone()
    };
    let c = japan("constant_usd_millions", "2025");
    assert_eq!(
        (c["value"].as_str(), c["unit"].as_str()),
        ("30000.0", "USD millions (constant 2024)")
    );
    assert_eq!(c["note"], "SIPRI notes: §56");
    // local currency units → millions, fractions → percent
    assert_eq!(
        japan("local_currency_millions", "2024")["value"],
        "2000000.0"
    );
    assert_eq!(japan("share_of_gdp_pct", "2024")["value"], "1.0");
    // SIPRI's two kinds of gap keep their own reasons
    let ussr = |year: &str| {
        one(
            &rows,
            &[
                ("country", "USSR"),
                ("measure", "current_usd_millions"),
                ("year", year),
            ],
        )["missing"]
            .clone()
    };
    assert!(ussr("2024").contains("did not exist"), "{}", ussr("2024"));
    assert!(ussr("2025").contains("not available"), "{}", ussr("2025"));
    assert_ne!(ussr("2024"), ussr("2025"));
    // regional totals: constant 2024 US$ billions, the last year also at current prices
    let world = one(
        &rows,
        &[("country", "World"), ("measure", "current_usd_billions")],
    );
    assert_eq!(
        (world["year"].as_str(), world["value"].as_str()),
        ("2025", "2886.6")
    );
    let east_asia = one(
        &rows,
        &[
            ("country", "East Asia"),
            ("year", "2024"),
            ("measure", "constant_usd_billions"),
        ],
    );
    assert_eq!(east_asia["unit"], "USD billions (constant 2024)");
    assert!(east_asia["note"].contains("Korea, North"));
    // the region heading of the country sheets is no country
    assert!(
        !rows
            .iter()
            .any(|r| r["country"] == "East Asia" && r["kind"] != "region")
    );

    let countries = stored_records(&data_file(&data, "sipri_milex_countries"));
    let j = one(&countries, &[("country", "Japan")]);
    assert_eq!(
        [
            &j["currency"],
            &j["financial_year"],
            &j["sipri_group"],
            &j["special_notes"],
            &j["footnotes"]
        ],
        ["Yen", "Apr.–Mar.", "East Asia", "§", "56"]
    );
    let notes = stored_records(&data_file(&data, "sipri_milex_footnotes"));
    assert_eq!(
        one(&notes, &[("footnote", "56")])["text"],
        "Japan: a footnote. In two paragraphs."
    );
    assert_eq!(one(&notes, &[("footnote", "§")])["kind"], "special note");
    assert_eq!(
        one(&notes, &[("kind", "regional totals note")])["footnote"],
        "1"
    );
    Ok(())
}

#[test]
fn an_unknown_sheet_or_cell_is_an_error_naming_it() {
    let s = Scratch::new("sipri-xlsx-bad");
    let data = s.copy_data("data", &IDS, false);
    let file = s.join("milex.xlsx");
    generated_workbook(&file, Some("Arms imports"));
    let e = import_into(&file, &data)
        .expect_err("unknown sheet")
        .to_string();
    assert!(
        e.contains("milex.xlsx") && e.contains("unexpected sheet `Arms imports`"),
        "{e}"
    );
    // nothing was written
    assert!(!data_file(&data, "sipri_milex_countries").exists());
}

// ----- the real workbook ------------------------------------------------------------------------

fn raw_dir() -> PathBuf {
    repo_root().join("../shared/reference/raw/2026-12")
}

fn raw_workbook() -> PathBuf {
    let file = raw_dir().join("SIPRI-Milex-data-1949-2025_v1.2.xlsx");
    assert!(file.is_file(), "needs {}", file.display());
    file
}

/// A sheet of the real workbook: (country or region in column A) → (header text → cell).
struct RawSheet {
    rows: HashMap<String, HashMap<String, Data>>,
}

impl RawSheet {
    /// Reads `sheet`, its header being the row whose column A is `first`.
    fn read(sheet: &str, first: &str) -> RawSheet {
        let mut book: Xlsx<_> = calamine::open_workbook(raw_workbook()).expect("open workbook");
        let range = book.worksheet_range(sheet).expect("sheet");
        let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
        let text = |d: &Data| match d {
            Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
            other => other.to_string().trim().to_string(),
        };
        let h = rows
            .iter()
            .position(|r| r.first().map(text).as_deref() == Some(first))
            .expect("header row");
        let header: Vec<String> = rows[h].iter().map(text).collect();
        let rows = rows[h + 1..]
            .iter()
            .filter_map(|r| {
                let name = text(r.first()?);
                let cells = header.iter().cloned().zip(r.iter().cloned()).collect();
                (!name.is_empty()).then_some((name, cells))
            })
            .collect();
        RawSheet { rows }
    }

    fn cell(&self, name: &str, column: &str) -> &Data {
        &self.rows[name][column]
    }

    fn number(&self, name: &str, column: &str) -> f64 {
        match self.cell(name, column) {
            Data::Float(f) => *f,
            Data::Int(i) => *i as f64,
            other => panic!("{name} {column}: not a number: {other:?}"),
        }
    }
}

/// Imports the real workbook into a scratch copy of `data/` (with the committed files) and checks
/// that the three datasets are reproduced byte for byte; returns `sipri_milex`'s rows.
fn reimport(s: &Scratch) -> anyhow::Result<Milex> {
    let data = s.copy_data("data", &IDS, true);
    let summary = import_into(&raw_workbook(), &data)?;
    assert_eq!(summary.vintage, NEW);
    for id in IDS {
        assert_eq!(
            read_stored_rows(&data_file(&data, id)),
            read_stored_rows(&data_file(&repo_data(), id)),
            "the import reproduces the committed {id}"
        );
    }
    Ok(Milex::new(stored_records(&data.join("sipri_milex.csv.gz"))))
}

/// The rows of `sipri_milex`, indexed by their key (country, year, measure, vintage).
struct Milex {
    rows: Vec<Record>,
    by_key: HashMap<[String; 4], usize>,
}

impl Milex {
    fn new(rows: Vec<Record>) -> Milex {
        let key = |r: &Record| ["country", "year", "measure", "vintage"].map(|c| r[c].clone());
        let by_key = rows.iter().enumerate().map(|(i, r)| (key(r), i)).collect();
        Milex { rows, by_key }
    }

    fn get(&self, country: &str, year: &str, measure: &str, vintage: &str) -> Option<&Record> {
        let key = [country, year, measure, vintage].map(str::to_string);
        self.by_key.get(&key).map(|&i| &self.rows[i])
    }

    fn row(&self, country: &str, year: &str, measure: &str, vintage: &str) -> &Record {
        self.get(country, year, measure, vintage)
            .unwrap_or_else(|| panic!("no row {country} {year} {measure} {vintage}"))
    }

    fn value(&self, country: &str, year: &str, measure: &str, vintage: &str) -> f64 {
        num(&self.row(country, year, measure, vintage)["value"])
    }
}

#[test]
#[ignore = "needs ../shared/reference/raw/2026-12/SIPRI-Milex-data-1949-2025_v1.2.xlsx"]
fn real_workbook_reproduces_the_committed_datasets_and_the_pack_figures() -> anyhow::Result<()> {
    let s = Scratch::new("sipri-xlsx-real");
    let rows = reimport(&s)?;
    let of = |v: &str| rows.rows.iter().filter(|r| r["vintage"] == v).count();
    assert_eq!((of(NEW), of(OLD)), (80_916, 79_699));

    // the figures SOURCES.md gives, read in the workbook, in the imported rows, and in the text
    let sources = std::fs::read_to_string(raw_dir().join("SOURCES.md"))?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let constant = RawSheet::read("Constant (2024) US$", "Country");
    for (country, year, in_sources) in [
        (
            "United States of America",
            "2024",
            "United States: 2024 1,004,901",
        ),
        ("United States of America", "2025", "and 2025 929,162.9"),
        ("Japan", "2025", "Japan 2025 59,493.1"),
        ("Germany", "2025", "Germany 2025 106,727.2"),
        ("China", "2025", "China 2025 335,017.6"),
    ] {
        let raw = constant.number(country, year);
        let stated = in_sources
            .rsplit(' ')
            .next()
            .unwrap_or_default()
            .replace(',', "");
        assert!(
            sources.contains(in_sources),
            "SOURCES.md no longer says `{in_sources}`"
        );
        assert!(
            (raw - num(&stated)).abs() < 0.051,
            "{country} {year}: {raw} vs {stated}"
        );
        assert_eq!(
            rows.value(country, year, "constant_usd_millions", NEW),
            raw,
            "{country} {year}"
        );
    }

    // constant (2024) = current US$ for 2024 in every row but Myanmar, in the workbook and here
    let current = RawSheet::read("Current US$", "Country");
    let mut equal = 0;
    let mut differ = Vec::new();
    for (country, cells) in &constant.rows {
        let (Some(Data::Float(k)), Some(Data::Float(c))) = (
            cells.get("2024"),
            current.rows.get(country).and_then(|r| r.get("2024")),
        ) else {
            continue;
        };
        if (k - c).abs() <= 1e-9 * c.abs().max(1.0) {
            equal += 1;
        } else {
            differ.push(country.clone());
        }
        assert_eq!(
            rows.value(country, "2024", "constant_usd_millions", NEW),
            *k
        );
    }
    assert_eq!((equal, differ), (153, vec!["Myanmar".to_string()]));

    // SIPRI's two gaps: `xxx` and `...` in the workbook, two reasons here
    assert_eq!(constant.cell("Russia", "1990"), &Data::String("xxx".into()));
    assert_eq!(
        constant.cell("Korea, North", "2025"),
        &Data::String("...".into())
    );
    let reason = |country: &str, year: &str| {
        rows.row(country, year, "constant_usd_millions", NEW)["missing"].clone()
    };
    assert!(reason("Russia", "1990").contains("`xxx`"));
    assert!(reason("Korea, North", "2025").contains("`...`"));

    // footnote marks and texts as the sheets give them
    let notes = match constant.cell("Japan", "Notes") {
        Data::String(s) => s.clone(),
        other => other.to_string(),
    };
    let data = s.path().join("data");
    let countries = stored_records(&data_file(&data, "sipri_milex_countries"));
    let japan = one(&countries, &[("country", "Japan")]);
    assert_eq!(japan["notes"], notes);
    let footnotes = stored_records(&data_file(&data, "sipri_milex_footnotes"));
    let text = &one(
        &footnotes,
        &[
            ("kind", "numbered footnote"),
            ("footnote", &japan["footnotes"]),
        ],
    )["text"];
    assert!(text.starts_with("Japan"), "{text}");
    let lc = RawSheet::read("Local currency financial years", "Country");
    assert_eq!(
        japan["currency"],
        lc.cell("Japan", "Currency").to_string().trim()
    );
    Ok(())
}

#[test]
#[ignore = "needs ../shared/reference/raw/2026-12/SIPRI-Milex-data-1949-2025_v1.2.xlsx"]
fn real_workbook_cross_checks_of_the_sidecar() -> anyhow::Result<()> {
    let s = Scratch::new("sipri-xlsx-checks");
    let rows = reimport(&s)?;

    // the regional totals' unit, from their sheet's heading
    let mut book: Xlsx<_> = calamine::open_workbook(raw_workbook())?;
    let heading = book
        .worksheet_range("Regional totals")?
        .rows()
        .nth(1)
        .map(|r| r[0].to_string());
    assert!(
        heading
            .as_deref()
            .is_some_and(|h| h.contains("US$ b., at constant 2024 prices")),
        "{heading:?}"
    );

    // the world total against the sum of the countries, constant (2024) US$, every year but 1991
    let sum = |year: &str, measure: &str| -> f64 {
        rows.rows
            .iter()
            .filter(|r| {
                r["vintage"] == NEW
                    && r["kind"] == "country"
                    && r["year"] == year
                    && r["measure"] == measure
            })
            .filter_map(|r| r["value"].parse::<f64>().ok())
            .sum::<f64>()
            / 1000.0
    };
    let mut years = 0;
    for y in 1988..=2025 {
        let y = y.to_string();
        let w = rows.row("World", &y, "constant_usd_billions", NEW);
        let Ok(world) = w["value"].parse::<f64>() else {
            assert_eq!(y, "1991");
            continue;
        };
        let ratio = world / sum(&y, "constant_usd_millions");
        assert!((0.97..1.012).contains(&ratio), "{y}: {ratio}");
        years += 1;
    }
    assert_eq!(years, 37);
    let current_2025 = rows.value("World", "2025", "current_usd_billions", NEW);
    let ratio = current_2025 / sum("2025", "current_usd_millions");
    assert!((1.0..1.02).contains(&ratio), "{ratio}");
    // the constant-price world total is not in current dollars: 1988 is twice the current sum
    assert!(
        rows.value("World", "1988", "constant_usd_billions", NEW)
            / sum("1988", "current_usd_millions")
            > 1.9
    );
    // real growth 2024→2025 of the world total, within the one release
    let g = rows.value("World", "2025", "constant_usd_billions", NEW)
        / rows.value("World", "2024", "constant_usd_billions", NEW);
    assert!((1.02..1.04).contains(&g), "{g}");

    // 2026 vs 2025 release, year 2024: the new constant (2024) US$ is the new current US$,
    // which compares with the old release's current US$ (revisions only), not with its
    // constant (2023) US$ (another price base)
    let mut ratios = Vec::new();
    let (mut old_sum, mut new_sum) = (0.0, 0.0);
    for r in rows.rows.iter().filter(|r| {
        r["vintage"] == NEW
            && r["year"] == "2024"
            && r["measure"] == "current_usd_millions"
            && r["kind"] == "country"
    }) {
        let old = rows.get(&r["country"], "2024", "current_usd_millions", OLD);
        if let (Ok(new), Some(Ok(old))) = (
            r["value"].parse::<f64>(),
            old.map(|o| o["value"].parse::<f64>()),
        ) && old > 0.0
        {
            ratios.push(new / old);
            old_sum += old;
            new_sum += new;
        }
    }
    ratios.sort_by(f64::total_cmp);
    assert_eq!(ratios.len(), 148);
    let median = ratios[ratios.len() / 2];
    assert!((0.999..1.001).contains(&median), "{median}");
    assert_eq!(
        ratios.iter().filter(|x| (**x - 1.0).abs() <= 0.005).count(),
        60
    );
    assert!(
        (1.002..1.003).contains(&(new_sum / old_sum)),
        "{}",
        new_sum / old_sum
    );
    let us = "United States of America";
    let new_constant = rows.value(us, "2024", "constant_usd_millions", NEW);
    let old_current = rows.value(us, "2024", "current_usd_millions", OLD);
    let old_constant = rows.value(us, "2024", "constant_usd_millions", OLD);
    assert_eq!(
        new_constant,
        rows.value(us, "2024", "current_usd_millions", NEW)
    );
    assert!((new_constant / old_current - 1.0).abs() < 0.01);
    assert!(new_constant / old_constant > 1.03, "another price base");
    Ok(())
}
