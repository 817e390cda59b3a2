//! SIPRI Military Expenditure Database, read from SIPRI's own workbook
//! (`SIPRI-Milex-data-1949-2025_v1.2.xlsx`, the April 2026 release): every sheet.
//!
//! | sheet | what is read | written to |
//! |---|---|---|
//! | `Local currency financial years`, `Local currency calendar years` | figures (units → millions), `Currency`, `Fiscal Year …`, `Notes` | `sipri_milex`, `sipri_milex_countries` |
//! | `Constant (YYYY) US$`, `Current US$`, `Per capita` | figures as published, `Notes` | `sipri_milex` |
//! | `Share of GDP`, `Share of Govt. spending` | shares (fractions in the workbook → percent), `Notes`, `Reporting year` | `sipri_milex` |
//! | `Regional totals` | constant-price totals (US$ billions), the last year also at current prices, the omitted countries, the numbered notes on coverage | `sipri_milex`, `sipri_milex_footnotes` |
//! | `Footnotes` | the special notes (†, ‡, §, ¶, ‖) and the numbered footnotes | `sipri_milex_footnotes` |
//! | `Front page` | nothing: a cover page without cells | — |
//!
//! The layout is read, not assumed: each sheet's header row is found by its `Country` (or
//! `Region`) cell, the year columns by their headings, the price base from the sheet's name and
//! its headings (`Constant (2024) US$`, "at constant 2024 prices"), and the units from the
//! headings. A sheet, heading, column or cell the importer does not expect is an error naming
//! the sheet and the cell. SIPRI's two kinds of gap stay apart: `...` (data not available) and
//! `xxx` (the country did not exist or was not independent) get different reasons in `missing`.
//! Region headings inside the country sheets (`Africa`, `East Asia`, …) are recognised as the
//! rows that carry no figure in any sheet, and give each country its SIPRI group.

use crate::data::ids;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use calamine::{Reader, Xlsx};

use super::figure::shortest;
use super::merge::{Output, SourceTemplate};
use super::sipri::COLUMNS;
use super::workbook::{Sheet, cell_name, check_is_xlsx};
use crate::{Error, Location, Result};

/// The importer's name in errors.
const IMPORTER: &str = "SIPRI";

/// Columns of `sipri_milex_countries`.
pub(crate) const COUNTRY_COLUMNS: &[&str] = &[
    "country",
    "kind",
    "sipri_group",
    "currency",
    "financial_year",
    "notes",
    "special_notes",
    "footnotes",
    "vintage",
    "source",
];

/// Columns of `sipri_milex_footnotes`.
pub(crate) const FOOTNOTE_COLUMNS: &[&str] = &["kind", "footnote", "text", "vintage", "source"];

/// SIPRI's special notes: the marks printed before a country's footnote number.
const SPECIAL_MARKS: [char; 5] = ['†', '‡', '§', '¶', '‖'];

/// Names in the country sheets that are not countries.
const ORGANISATIONS: [&str; 1] = ["European Union"];

/// The reason for a blank year cell in a row that has figures.
const BLANK: &str = "blank cell in SIPRI's sheet (neither a figure nor a mark)";

/// The workbook's cover page: no cells, nothing to read.
const FRONT_PAGE: &str = "Front page";
const REGIONAL: &str = "Regional totals";
const FOOTNOTES: &str = "Footnotes";

/// How many rows from the top of a sheet are searched for the header row.
const HEADER_ROWS: usize = 30;

/// One of SIPRI's country sheets: its name, the measure and unit it becomes, how its figures
/// are converted, and what its headings (the rows above the header) must say.
struct CountrySheet {
    name: &'static str,
    measure: &'static str,
    unit: &'static str,
    convert: Convert,
    /// Phrases the headings must contain (case-insensitive), `{base}` standing for the price base.
    heading: &'static [&'static str],
}

#[derive(Clone, Copy, PartialEq)]
enum Convert {
    /// As published.
    None,
    /// Local currency units → millions.
    Millions,
    /// A share given as a fraction (the workbook formats it as a percentage) → percent.
    Percent,
}

/// The country sheets, in the workbook's order. `Constant ({base}) US$` is matched with any
/// four-digit base year; the base year found becomes the unit's.
const COUNTRY_SHEETS: [CountrySheet; 7] = [
    CountrySheet {
        name: "Local currency financial years",
        measure: "local_currency_fy_millions",
        unit: "local currency millions",
        convert: Convert::Millions,
        heading: &[
            "Figures are in local currency at current prices",
            "financial years",
        ],
    },
    CountrySheet {
        name: "Local currency calendar years",
        measure: "local_currency_millions",
        unit: "local currency millions",
        convert: Convert::Millions,
        heading: &[
            "Figures are in local currency at current prices",
            "calendar years",
        ],
    },
    CountrySheet {
        name: "Constant ({base}) US$",
        measure: "constant_usd_millions",
        unit: "USD millions (constant {base})",
        convert: Convert::None,
        heading: &["in constant ({base}) US$ m.", "at constant {base} prices"],
    },
    CountrySheet {
        name: "Current US$",
        measure: "current_usd_millions",
        unit: "USD millions (current)",
        convert: Convert::None,
        heading: &["millions of US$ at current prices"],
    },
    CountrySheet {
        name: "Share of GDP",
        measure: "share_of_gdp_pct",
        unit: "percent of GDP",
        convert: Convert::Percent,
        heading: &["as percentage of gross domestic product"],
    },
    CountrySheet {
        name: "Per capita",
        measure: "per_capita_current_usd",
        unit: "USD (current) per person",
        convert: Convert::None,
        heading: &["per capita", "in current US$"],
    },
    CountrySheet {
        name: "Share of Govt. spending",
        measure: "share_of_govt_spending_pct",
        unit: "percent of government spending",
        convert: Convert::Percent,
        heading: &["as percentage of government spending"],
    },
];

/// The sheet whose country list and groups are the reference for the others.
const REFERENCE_SHEET: usize = 2;

const SOURCE: SourceTemplate = SourceTemplate {
    producer: "Stockholm International Peace Research Institute (SIPRI)",
    table: "SIPRI Military Expenditure Database (SIPRI's xlsx workbook)",
    url: "https://www.sipri.org/databases/milex",
};

/// Whether `file` is an xlsx workbook (a zip holding `xl/workbook.xml`), not a zip of JSON sheets.
pub(crate) fn is_workbook(file: &Path) -> bool {
    let Ok(handle) = std::fs::File::open(file) else {
        return false;
    };
    zip::ZipArchive::new(std::io::BufReader::new(handle))
        .is_ok_and(|zip| zip.index_for_name("xl/workbook.xml").is_some())
}

// ----- the cells of a sheet --------------------------------------------------------------------

/// The text of every cell of a sheet, by 0-based row and column, with the sheet's location.
pub(crate) struct Grid {
    name: String,
    label: String,
    cells: Vec<Vec<String>>,
}

impl Grid {
    /// A grid of `cells` (rows of texts) labelled "FILE, sheet `NAME`".
    pub(crate) fn new(file: &str, sheet: &str, cells: Vec<Vec<String>>) -> Grid {
        Grid {
            name: sheet.to_string(),
            label: format!("{file}, sheet `{sheet}`"),
            cells,
        }
    }

    fn from_sheet(file: &str, sheet: &Sheet) -> Grid {
        let (rows, cols) = match (sheet.last_row(), sheet.last_column()) {
            (Some(r), Some(c)) => (r + 1, c + 1),
            _ => (0, 0),
        };
        let cells = (0..rows)
            .map(|r| (0..cols).map(|c| sheet.text(r, c)).collect())
            .collect();
        Grid::new(file, sheet.name(), cells)
    }

    fn text(&self, row: usize, col: usize) -> &str {
        self.cells
            .get(row)
            .and_then(|r| r.get(col))
            .map_or("", |s| s.trim())
    }

    fn height(&self) -> usize {
        self.cells.len()
    }

    fn width(&self) -> usize {
        self.cells.iter().map(Vec::len).max().unwrap_or(0)
    }

    fn at_sheet(&self) -> Location {
        Location::file(self.label.clone())
    }

    fn at(&self, row: usize, col: usize) -> Location {
        let name = cell_name(
            u32::try_from(row).unwrap_or(u32::MAX),
            u32::try_from(col).unwrap_or(u32::MAX),
        );
        Location::file(format!("{}, cell {name}", self.label))
    }

    fn error(&self, row: usize, col: usize, message: impl Into<String>) -> Error {
        Error::invalid(self.at(row, col).value(self.text(row, col)), message)
    }

    /// The text of column A above `header`, one line per row: the sheet's title and headings.
    fn headings(&self, header: usize) -> Vec<(usize, &str)> {
        (0..header)
            .map(|r| (r, self.text(r, 0)))
            .filter(|(_, t)| !t.is_empty())
            .collect()
    }

    /// The first row among the first [`HEADER_ROWS`] whose column A reads `first`.
    fn header_row(&self, first: &str) -> Result<usize> {
        (0..self.height().min(HEADER_ROWS))
            .find(|&r| self.text(r, 0) == first)
            .ok_or_else(|| {
                Error::invalid(
                    self.at_sheet(),
                    format!(
                        "header row not found: no row among the first {HEADER_ROWS} has `{first}` in column A"
                    ),
                )
            })
    }
}

// ----- figures and marks -----------------------------------------------------------------------

/// A year cell: a figure, or one of SIPRI's marks for a gap.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Value(f64),
    /// `...` (or `…`, `. .`): data not available; the mark as written.
    NotAvailable(String),
    /// `xxx`: the country did not exist or was not independent.
    NotIndependent,
    Blank,
}

/// Reads a year cell. Anything but a plain number or one of SIPRI's marks is an error.
fn cell(grid: &Grid, row: usize, col: usize) -> Result<Cell> {
    let t = grid.text(row, col);
    match t {
        "" => return Ok(Cell::Blank),
        "..." | "…" | ". ." | ". . ." => return Ok(Cell::NotAvailable(t.to_string())),
        "xxx" => return Ok(Cell::NotIndependent),
        _ => {}
    }
    let plain = t
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    match t.parse::<f64>() {
        Ok(x) if plain && x.is_finite() && x >= 0.0 => Ok(Cell::Value(x)),
        Ok(x) if plain && x < 0.0 => Err(grid.error(row, col, "negative military expenditure")),
        _ => Err(grid.error(
            row,
            col,
            "expected a figure, or SIPRI's mark `...` (not available) or `xxx` (did not exist)",
        )),
    }
}

/// The `missing` reason of a gap in a country sheet.
fn country_reason(c: &Cell) -> String {
    match c {
        Cell::Value(_) => String::new(),
        Cell::NotAvailable(mark) => format!("data not available (SIPRI's mark `{mark}`)"),
        Cell::NotIndependent => {
            "the country did not exist or was not independent (SIPRI's mark `xxx`)".into()
        }
        Cell::Blank => BLANK.into(),
    }
}

/// The `missing` reason of a gap in the regional totals (their sheet's own wording).
fn regional_reason(c: &Cell) -> String {
    match c {
        Cell::Value(_) => String::new(),
        Cell::NotAvailable(mark) => format!(
            "not available, or SIPRI judges the estimate too uncertain to be reliable (SIPRI's mark `{mark}`)"
        ),
        Cell::NotIndependent => {
            "none of the countries of the sub-region were independent (SIPRI's mark `xxx`)".into()
        }
        Cell::Blank => BLANK.into(),
    }
}

/// A year heading: four digits, 1900–2100.
fn year_of(text: &str) -> Option<i64> {
    (text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
        .filter(|y| (1900..=2100).contains(y))
}

/// Checks that the year columns run one year apart, left to right.
fn check_years(grid: &Grid, header: usize, years: &[(usize, i64)]) -> Result<()> {
    if years.is_empty() {
        return Err(Error::invalid(
            grid.at(header, 0),
            "the header row has no year columns (four-digit headings)",
        ));
    }
    for w in years.windows(2) {
        if w[1].1 != w[0].1 + 1 {
            return Err(grid.error(
                header,
                w[1].0,
                format!(
                    "year columns must run one year apart: {} follows {}",
                    w[1].1, w[0].1
                ),
            ));
        }
    }
    Ok(())
}

// ----- footnote marks --------------------------------------------------------------------------

/// A country's notes cell as the sheet gives it, e.g. `‡§¶16`: special marks, then at most one
/// footnote number.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Notes {
    text: String,
    marks: String,
    number: Option<u32>,
}

/// Reads a notes cell. Empty, and `...` (which SIPRI's sheets show for some countries in one
/// sheet and leave blank in the others), give no notes.
fn notes(grid: &Grid, row: usize, col: usize) -> Result<Notes> {
    let t = grid.text(row, col);
    if t.is_empty() || t == "..." {
        return Ok(Notes::default());
    }
    let marks: String = t
        .chars()
        .take_while(|c| SPECIAL_MARKS.contains(c))
        .collect();
    let rest = &t[marks.len()..];
    let number = if rest.is_empty() {
        None
    } else {
        match rest.parse::<u32>() {
            Ok(n) if rest.bytes().all(|b| b.is_ascii_digit()) => Some(n),
            _ => {
                return Err(grid.error(
                    row,
                    col,
                    format!(
                        "expected SIPRI's notes: special marks ({}) followed by at most one footnote number",
                        SPECIAL_MARKS.iter().collect::<String>()
                    ),
                ));
            }
        }
    };
    Ok(Notes {
        text: t.to_string(),
        marks,
        number,
    })
}

// ----- the country sheets ----------------------------------------------------------------------

/// One row of a country sheet.
struct Row {
    row: usize,
    name: String,
    cells: Vec<Cell>,
    notes: Notes,
    currency: String,
    financial_year: String,
    reporting_year: String,
}

impl Row {
    /// No figure, no `xxx`, no notes and no currency: what a region heading looks like.
    fn is_bare(&self) -> bool {
        self.cells
            .iter()
            .all(|c| matches!(c, Cell::Blank | Cell::NotAvailable(_)))
            && self.notes == Notes::default()
            && self.currency.is_empty()
            && self.financial_year.is_empty()
            && self.reporting_year.is_empty()
    }

    fn is_blank(&self) -> bool {
        self.is_bare() && self.cells.iter().all(|c| *c == Cell::Blank)
    }
}

/// A country sheet as read.
struct CountryTable {
    grid: Grid,
    spec: &'static CountrySheet,
    unit: String,
    years: Vec<i64>,
    rows: Vec<Row>,
    notes_col: usize,
    currency_col: Option<usize>,
    fy_col: Option<usize>,
}

/// The base year of a sheet named like `Constant (2024) US$`.
fn base_of(name: &str) -> Option<i64> {
    name.strip_prefix("Constant (")
        .and_then(|r| r.strip_suffix(") US$"))
        .and_then(year_of)
}

/// Checks that the headings above `header` contain each phrase (case-insensitive).
fn check_headings(grid: &Grid, header: usize, phrases: &[String]) -> Result<()> {
    let lines = grid.headings(header);
    let all = lines
        .iter()
        .map(|(_, t)| t.to_lowercase())
        .collect::<Vec<_>>()
        .join("\n");
    for phrase in phrases {
        if !all.contains(&phrase.to_lowercase()) {
            let first = lines.first().map_or(0, |(r, _)| *r);
            return Err(grid.error(
                first,
                0,
                format!(
                    "the sheet's headings (rows 1-{header}) do not say \"{phrase}\": a layout or unit this importer does not know"
                ),
            ));
        }
    }
    Ok(())
}

/// Reads a country sheet: headings, header row, and every row below it.
fn read_country_sheet(
    grid: Grid,
    spec: &'static CountrySheet,
    base: Option<i64>,
) -> Result<CountryTable> {
    let fill = |s: &str| base.map_or(s.to_string(), |b| s.replace("{base}", &b.to_string()));
    let header = grid.header_row("Country")?;
    check_headings(
        &grid,
        header,
        &spec.heading.iter().map(|p| fill(p)).collect::<Vec<_>>(),
    )?;
    let mut years = Vec::new();
    let (mut notes_col, mut currency_col, mut fy_col, mut reporting_col) = (None, None, None, None);
    let mut blank_cols = Vec::new();
    for col in 1..grid.width() {
        let h = grid.text(header, col);
        let slot = match h {
            "" => {
                blank_cols.push(col);
                continue;
            }
            "Notes" => &mut notes_col,
            "Currency" => &mut currency_col,
            "Reporting year" => &mut reporting_col,
            _ if h.starts_with("Fiscal Year") => &mut fy_col,
            _ => match year_of(h) {
                Some(y) => {
                    years.push((col, y));
                    continue;
                }
                None => {
                    return Err(grid.error(
                        header,
                        col,
                        "unexpected column heading: expected a year, `Notes`, `Currency`, `Fiscal Year …` or `Reporting year`",
                    ));
                }
            },
        };
        if slot.replace(col).is_some() {
            return Err(grid.error(header, col, "column heading given twice"));
        }
    }
    check_years(&grid, header, &years)?;
    let notes_col = notes_col.ok_or_else(|| {
        Error::invalid(grid.at(header, 0), "the header row has no `Notes` column")
    })?;
    let text_at = |row: usize, col: Option<usize>| {
        col.map_or(String::new(), |c| grid.text(row, c).to_string())
    };
    let mut rows = Vec::new();
    for row in header + 1..grid.height() {
        if let Some(&col) = blank_cols.iter().find(|&&c| !grid.text(row, c).is_empty()) {
            return Err(grid.error(row, col, "a value in a column without a heading"));
        }
        let name = grid.text(row, 0).to_string();
        let cells = years
            .iter()
            .map(|&(col, _)| cell(&grid, row, col))
            .collect::<Result<Vec<_>>>()?;
        let r = Row {
            row,
            name,
            cells,
            notes: notes(&grid, row, notes_col)?,
            currency: text_at(row, currency_col),
            financial_year: text_at(row, fy_col),
            reporting_year: text_at(row, reporting_col),
        };
        if r.name.is_empty() {
            if r.is_blank() {
                continue;
            }
            return Err(grid.error(row, 0, "a row with figures or notes but no country name"));
        }
        rows.push(r);
    }
    if spec.convert == Convert::Percent {
        check_fractions(&grid, &rows, &years)?;
    }
    let unit = fill(spec.unit);
    let years = years.into_iter().map(|(_, y)| y).collect();
    Ok(CountryTable {
        grid,
        spec,
        unit,
        years,
        rows,
        notes_col,
        currency_col,
        fy_col,
    })
}

/// Checks that a share sheet holds fractions, as SIPRI's workbook does (it formats them as
/// percentages): a share above 1 (100%) is rare (Kuwait's 1991 military spending was 1.17 times
/// its GDP), so a sheet where more than 1 figure in 100 exceeds 1 holds percentages instead, and
/// the ×100 of this importer would be wrong.
fn check_fractions(grid: &Grid, rows: &[Row], years: &[(usize, i64)]) -> Result<()> {
    let mut figures = 0usize;
    let mut above: Vec<(usize, usize)> = Vec::new();
    for r in rows {
        for (c, &(col, _)) in r.cells.iter().zip(years) {
            if let Cell::Value(x) = c {
                figures += 1;
                if *x > 1.0 {
                    above.push((r.row, col));
                }
            }
        }
    }
    match above.first() {
        Some(&(row, col)) if above.len() * 100 > figures => Err(grid.error(
            row,
            col,
            format!(
                "{} of the sheet's {figures} shares exceed 1: expected fractions (SIPRI's workbook formats them as percentages), which this importer turns into percent",
                above.len()
            ),
        )),
        _ => Ok(()),
    }
}

/// What the country sheets hold once region headings are told apart from countries.
struct Countries {
    /// Per country (by name): its group (the heading it is listed under in the reference sheet).
    groups: BTreeMap<String, String>,
    /// The heading names.
    headings: BTreeSet<String>,
}

/// Tells region headings from countries: a heading is a row that is bare (no figure, no `xxx`,
/// no notes) in every sheet and blank in at least one. Checks that every sheet lists the same
/// countries once each.
fn classify(tables: &[CountryTable]) -> Result<Countries> {
    let Some(reference_table) = tables.get(REFERENCE_SHEET) else {
        return Err(Error::argument(
            "reading SIPRI's country sheets",
            "the constant-dollar sheet is missing",
        ));
    };
    let mut headings = BTreeSet::new();
    for t in tables {
        for r in t.rows.iter().filter(|r| r.is_blank()) {
            headings.insert(r.name.clone());
        }
    }
    for t in tables {
        for r in t.rows.iter().filter(|r| headings.contains(&r.name)) {
            if !r.is_bare() {
                return Err(t.grid.error(
                    r.row,
                    0,
                    "a region heading elsewhere (a row without figures) holds figures or notes here",
                ));
            }
        }
    }
    let mut lists: Vec<BTreeMap<&str, usize>> = Vec::new();
    for t in tables {
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for r in t.rows.iter().filter(|r| !headings.contains(&r.name)) {
            if let Some(first) = seen.insert(&r.name, r.row) {
                return Err(t.grid.error(
                    r.row,
                    0,
                    format!(
                        "country listed twice in the sheet: also at {}",
                        cell_name(u32::try_from(first).unwrap_or(u32::MAX), 0)
                    ),
                ));
            }
        }
        lists.push(seen);
    }
    // one list per table: the reference sheet's is there
    let reference = &lists[REFERENCE_SHEET];
    for (t, list) in tables.iter().zip(&lists) {
        if let Some((name, row)) = list.iter().find(|(n, _)| !reference.contains_key(*n)) {
            return Err(t.grid.error(
                *row,
                0,
                format!(
                    "country `{name}` is not in sheet `{}`: every country sheet must list the same countries",
                    reference_table.grid.name
                ),
            ));
        }
        if let Some((name, row)) = reference.iter().find(|(n, _)| !list.contains_key(*n)) {
            return Err(Error::invalid(
                t.grid.at_sheet().value(name.to_string()),
                format!(
                    "country `{name}` (cell {} of sheet `{}`) is missing from this sheet",
                    cell_name(u32::try_from(*row).unwrap_or(u32::MAX), 0),
                    reference_table.grid.name
                ),
            ));
        }
    }
    let mut groups = BTreeMap::new();
    let mut group = String::new();
    for r in &reference_table.rows {
        if headings.contains(&r.name) {
            group.clone_from(&r.name);
        } else {
            groups.insert(r.name.clone(), group.clone());
        }
    }
    Ok(Countries { groups, headings })
}

// ----- the regional totals ---------------------------------------------------------------------

struct RegionRow {
    name: String,
    cells: Vec<Cell>,
    current: Option<Cell>,
    omitted: String,
}

struct Regional {
    years: Vec<i64>,
    /// The year of the column at current prices, if the sheet has one.
    current_year: Option<i64>,
    rows: Vec<RegionRow>,
    /// The numbered notes on coverage above the table: (number, text).
    notes: Vec<(u32, String)>,
}

fn read_regional(grid: &Grid, base: i64) -> Result<Regional> {
    let header = grid.header_row("Region")?;
    check_headings(
        grid,
        header,
        &[format!("US$ b., at constant {base} prices")],
    )?;
    let mut years = Vec::new();
    let (mut current, mut omitted) = (None, None);
    let mut blank_cols = Vec::new();
    for col in 1..grid.width() {
        let h = grid.text(header, col);
        if h.is_empty() {
            blank_cols.push(col);
        } else if let Some(y) = year_of(h) {
            years.push((col, y));
        } else if let Some(y) = h.strip_suffix(" (current prices)").and_then(year_of) {
            if current.replace((col, y)).is_some() {
                return Err(grid.error(header, col, "column heading given twice"));
            }
        } else if h == "Omitted countries" {
            if omitted.replace(col).is_some() {
                return Err(grid.error(header, col, "column heading given twice"));
            }
        } else {
            return Err(grid.error(
                header,
                col,
                "unexpected column heading: expected a year, `YYYY (current prices)` or `Omitted countries`",
            ));
        }
    }
    check_years(grid, header, &years)?;
    if let Some((col, y)) = current {
        let last = years.last().map_or(0, |&(_, y)| y);
        if y != last {
            return Err(grid.error(
                header,
                col,
                format!("the current-price column should be the last year, {last}"),
            ));
        }
        check_headings(
            grid,
            header,
            &[format!("the last figure which is in US$ b. at {y} prices")],
        )?;
    }
    let mut rows = Vec::new();
    for row in header + 1..grid.height() {
        if let Some(&col) = blank_cols.iter().find(|&&c| !grid.text(row, c).is_empty()) {
            return Err(grid.error(row, col, "a value in a column without a heading"));
        }
        let name = grid.text(row, 0).to_string();
        let cells = years
            .iter()
            .map(|&(col, _)| cell(grid, row, col))
            .collect::<Result<Vec<_>>>()?;
        let current_cell = current.map(|(col, _)| cell(grid, row, col)).transpose()?;
        let omitted_text = omitted.map_or(String::new(), |c| grid.text(row, c).to_string());
        let empty = cells.iter().all(|c| *c == Cell::Blank)
            && current_cell.as_ref().is_none_or(|c| *c == Cell::Blank)
            && omitted_text.is_empty();
        if name.is_empty() {
            if empty {
                continue;
            }
            return Err(grid.error(row, 0, "a row with figures but no region name"));
        }
        rows.push(RegionRow {
            name,
            cells,
            current: current_cell,
            omitted: omitted_text,
        });
    }
    if !rows.iter().any(|r| r.name == "World") {
        return Err(Error::invalid(
            grid.at_sheet(),
            "no `World` row among the regional totals",
        ));
    }
    let mut notes = Vec::new();
    for (r, text) in grid.headings(header) {
        if let Some((n, rest)) = text.split_once(") ")
            && !n.is_empty()
            && n.bytes().all(|b| b.is_ascii_digit())
            && let Ok(n) = n.parse::<u32>()
        {
            if notes.iter().any(|(m, _)| *m == n) {
                return Err(grid.error(r, 0, format!("note {n}) given twice")));
            }
            notes.push((n, one_line(rest)));
        }
    }
    Ok(Regional {
        years: years.into_iter().map(|(_, y)| y).collect(),
        current_year: current.map(|(_, y)| y),
        rows,
        notes,
    })
}

// ----- the footnotes ---------------------------------------------------------------------------

/// A footnote's text on one line: paragraphs joined by a space, each line trimmed.
fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

struct Footnotes {
    /// Special marks (`†`) → text.
    special: BTreeMap<char, String>,
    /// Numbered footnotes → text.
    numbered: BTreeMap<u32, String>,
}

/// Reads the `Footnotes` sheet: a special mark or a footnote number in column A, its text in
/// the first filled cell to its right. Rows with text in column A only are the sheet's headings.
fn read_footnotes(grid: &Grid) -> Result<Footnotes> {
    let mut special = BTreeMap::new();
    let mut numbered = BTreeMap::new();
    for row in 0..grid.height() {
        let a = grid.text(row, 0);
        let text = (1..grid.width()).find(|&c| !grid.text(row, c).is_empty());
        let Some(col) = text else {
            // a heading of the sheet, or a blank row
            continue;
        };
        let body = one_line(grid.text(row, col));
        let mut chars = a.chars();
        let first = chars.next();
        if let (Some(mark), None) = (first, chars.next())
            && SPECIAL_MARKS.contains(&mark)
        {
            if special.insert(mark, body).is_some() {
                return Err(grid.error(row, 0, "special note given twice"));
            }
        } else if let Ok(n) = a.parse::<u32>() {
            if numbered.insert(n, body).is_some() {
                return Err(grid.error(row, 0, "footnote number given twice"));
            }
        } else {
            return Err(grid.error(
                row,
                0,
                format!(
                    "expected a footnote number or one of SIPRI's special marks ({}) beside the text in {}",
                    SPECIAL_MARKS.iter().collect::<String>(),
                    cell_name(
                        u32::try_from(row).unwrap_or(u32::MAX),
                        u32::try_from(col).unwrap_or(u32::MAX)
                    )
                ),
            ));
        }
    }
    if numbered.is_empty() || special.is_empty() {
        return Err(Error::invalid(
            grid.at_sheet(),
            "no footnotes found: expected special marks (†, ‡, …) and numbered footnotes in column A with their texts beside them",
        ));
    }
    Ok(Footnotes { special, numbered })
}

// ----- the workbook ----------------------------------------------------------------------------

/// The sheets of the workbook, matched to what they hold.
struct Sheets {
    countries: Vec<(usize, String)>,
    base: i64,
}

/// Matches the workbook's sheet names to the sheets this importer reads; an unknown sheet or a
/// missing one is an error.
fn match_sheets(file: &str, names: &[String]) -> Result<Sheets> {
    let at = || Location::file(file.to_string());
    let mut countries: Vec<Option<String>> = vec![None; COUNTRY_SHEETS.len()];
    let mut base = None;
    for name in names {
        let n = name.trim();
        if [FRONT_PAGE, REGIONAL, FOOTNOTES].contains(&n) {
            continue;
        }
        let i = if let Some(b) = base_of(n) {
            if base.replace(b).is_some() {
                return Err(Error::invalid(
                    at().value(n),
                    "two constant-dollar sheets: expected one `Constant (YYYY) US$`",
                ));
            }
            Some(REFERENCE_SHEET)
        } else {
            COUNTRY_SHEETS.iter().position(|s| s.name == n)
        };
        let Some(i) = i else {
            return Err(Error::invalid(
                at().value(n),
                format!(
                    "unexpected sheet `{n}`: this importer reads [{}], `{REGIONAL}`, `{FOOTNOTES}` and `{FRONT_PAGE}`; a new sheet needs the importer extended",
                    COUNTRY_SHEETS.map(|s| format!("`{}`", s.name)).join(", ")
                ),
            ));
        };
        countries[i] = Some(name.clone());
    }
    let present: BTreeSet<&str> = names.iter().map(|n| n.trim()).collect();
    for want in [REGIONAL, FOOTNOTES] {
        if !present.contains(want) {
            return Err(Error::invalid(
                at(),
                format!(
                    "sheet `{want}` not found: the workbook has sheets [{}]",
                    names.join(", ")
                ),
            ));
        }
    }
    let mut found = Vec::new();
    for (i, name) in countries.into_iter().enumerate() {
        let Some(name) = name else {
            return Err(Error::invalid(
                at(),
                format!(
                    "sheet `{}` not found: the workbook has sheets [{}]",
                    COUNTRY_SHEETS[i].name,
                    names.join(", ")
                ),
            ));
        };
        found.push((i, name));
    }
    let base = base.ok_or_else(|| Error::invalid(at(), "no `Constant (YYYY) US$` sheet"))?;
    Ok(Sheets {
        countries: found,
        base,
    })
}

/// Reads SIPRI's workbook and returns the vintage and the rows of `sipri_milex`,
/// `sipri_milex_countries` and `sipri_milex_footnotes`.
pub(crate) fn read(file: &Path, vintage: Option<&str>) -> Result<(String, Vec<Output>)> {
    check_is_xlsx(file, IMPORTER)?;
    let shown = file.display().to_string();
    let book: Xlsx<_> = calamine::open_workbook(file).map_err(|e| {
        Error::invalid(
            Location::file(&shown),
            format!("cannot read the xlsx workbook: {e}"),
        )
    })?;
    let names = book.sheet_names();
    drop(book);
    let sheets = match_sheets(&shown, &names)?;
    let grid = |name: &str| -> Result<Grid> {
        Ok(Grid::from_sheet(
            &shown,
            &Sheet::open(file, name, IMPORTER)?,
        ))
    };
    let mut tables = Vec::new();
    for (i, name) in &sheets.countries {
        tables.push(read_country_sheet(
            grid(name)?,
            &COUNTRY_SHEETS[*i],
            Some(sheets.base),
        )?);
    }
    let regional_grid = grid(REGIONAL)?;
    let regional = read_regional(&regional_grid, sheets.base)?;
    let footnotes = read_footnotes(&grid(FOOTNOTES)?)?;
    let release = Release::of(&tables, &regional_grid)?;
    let vintage = vintage
        .map(str::to_string)
        .unwrap_or_else(|| format!("sipri-milex-{}-04", release.year));
    let countries = classify(&tables)?;
    let profiles = profiles(&tables, &countries, &footnotes)?;
    let rows = milex_rows(&tables, &countries, &regional, sheets.base, &vintage);
    let country_rows = profiles
        .into_iter()
        .map(|p| {
            vec![
                p.country,
                p.kind.to_string(),
                p.group,
                p.currency,
                p.financial_year,
                p.notes.text,
                p.notes.marks,
                p.notes.number.map(|n| n.to_string()).unwrap_or_default(),
                vintage.clone(),
                vintage.clone(),
            ]
        })
        .collect();
    let mut footnote_rows = Vec::new();
    for (mark, text) in &footnotes.special {
        footnote_rows.push(vec![
            "special note".to_string(),
            mark.to_string(),
            text.clone(),
        ]);
    }
    for (n, text) in &footnotes.numbered {
        footnote_rows.push(vec![
            "numbered footnote".to_string(),
            n.to_string(),
            text.clone(),
        ]);
    }
    for (n, text) in &regional.notes {
        footnote_rows.push(vec![
            "regional totals note".to_string(),
            n.to_string(),
            text.clone(),
        ]);
    }
    for r in &mut footnote_rows {
        r.extend([vintage.clone(), vintage.clone()]);
    }
    Ok((
        vintage,
        vec![
            Output {
                id: ids::SIPRI_MILEX,
                columns: COLUMNS,
                rows,
                year_column: "year",
                source: SOURCE,
            },
            Output {
                id: ids::SIPRI_MILEX_COUNTRIES,
                columns: COUNTRY_COLUMNS,
                rows: country_rows,
                year_column: "",
                source: SOURCE,
            },
            Output {
                id: ids::SIPRI_MILEX_FOOTNOTES,
                columns: FOOTNOTE_COLUMNS,
                rows: footnote_rows,
                year_column: "",
                source: SOURCE,
            },
        ],
    ))
}

/// The release: SIPRI publishes each April the figures up to the previous year.
struct Release {
    year: i64,
}

impl Release {
    /// The year after the last year of the sheets; where a title says `© SIPRI YYYY`, it must be
    /// that year.
    fn of(tables: &[CountryTable], regional: &Grid) -> Result<Release> {
        let last = tables
            .iter()
            .filter_map(|t| t.years.last().copied())
            .max()
            .unwrap_or(0);
        let year = last + 1;
        let titles = tables
            .iter()
            .map(|t| &t.grid)
            .chain(std::iter::once(regional));
        for g in titles {
            let title = g.text(0, 0);
            if let Some(after) = title.split("© SIPRI").nth(1) {
                let stated: String = after.trim().chars().take(4).collect();
                if stated.parse::<i64>().ok() != Some(year) {
                    return Err(g.error(
                        0,
                        0,
                        format!(
                            "the title says © SIPRI {stated}, but the sheets' last year, {last}, makes it the {year} release"
                        ),
                    ));
                }
            }
        }
        Ok(Release { year })
    }
}

/// A country's facts from the sheets' columns.
struct Profile {
    country: String,
    kind: &'static str,
    group: String,
    currency: String,
    financial_year: String,
    notes: Notes,
}

fn kind_of(country: &str) -> &'static str {
    if ORGANISATIONS.contains(&country) {
        "organisation"
    } else {
        "country"
    }
}

/// Each country's currency, financial year and notes, checked across the sheets: two sheets
/// that give different values are an error naming both cells; every footnote a country refers
/// to must be in the `Footnotes` sheet.
fn profiles(
    tables: &[CountryTable],
    countries: &Countries,
    footnotes: &Footnotes,
) -> Result<Vec<Profile>> {
    type Seen<'a> = HashMap<&'a str, (String, &'a Grid, usize, usize)>;
    fn agree<'a>(
        seen: &mut Seen<'a>,
        country: &'a str,
        value: &str,
        grid: &'a Grid,
        row: usize,
        col: usize,
        what: &str,
    ) -> Result<()> {
        if value.is_empty() {
            return Ok(());
        }
        match seen.get(country) {
            Some((v, g, r, c)) if v != value => Err(grid.error(
                row,
                col,
                format!(
                    "{what} of `{country}` differs from `{v}` in {}",
                    g.at(*r, *c)
                ),
            )),
            Some(_) => Ok(()),
            None => {
                seen.insert(country, (value.to_string(), grid, row, col));
                Ok(())
            }
        }
    }
    let (mut notes, mut currency, mut fy): (Seen, Seen, Seen) = Default::default();
    let mut parsed: HashMap<&str, Notes> = HashMap::new();
    for t in tables {
        let notes_col = t.notes_col;
        let currency_col = t.currency_col.unwrap_or(0);
        let fy_col = t.fy_col.unwrap_or(0);
        for r in t
            .rows
            .iter()
            .filter(|r| !countries.headings.contains(&r.name))
        {
            if let Some(n) = r.notes.number
                && !footnotes.numbered.contains_key(&n)
            {
                return Err(t.grid.error(
                    r.row,
                    notes_col,
                    format!("footnote {n} is not in the `Footnotes` sheet"),
                ));
            }
            if let Some(m) = r
                .notes
                .marks
                .chars()
                .find(|m| !footnotes.special.contains_key(m))
            {
                return Err(t.grid.error(
                    r.row,
                    notes_col,
                    format!("special mark {m} is not explained in the `Footnotes` sheet"),
                ));
            }
            agree(
                &mut notes,
                &r.name,
                &r.notes.text,
                &t.grid,
                r.row,
                notes_col,
                "the notes",
            )?;
            if !r.notes.text.is_empty() {
                parsed.insert(&r.name, r.notes.clone());
            }
            agree(
                &mut currency,
                &r.name,
                &r.currency,
                &t.grid,
                r.row,
                currency_col,
                "the currency",
            )?;
            agree(
                &mut fy,
                &r.name,
                &r.financial_year,
                &t.grid,
                r.row,
                fy_col,
                "the financial year",
            )?;
        }
    }
    let text = |seen: &Seen, c: &str| seen.get(c).map(|(v, ..)| v.clone()).unwrap_or_default();
    Ok(countries
        .groups
        .iter()
        .map(|(country, group)| Profile {
            country: country.clone(),
            kind: kind_of(country),
            group: group.clone(),
            currency: text(&currency, country),
            financial_year: text(&fy, country),
            notes: parsed.get(country.as_str()).cloned().unwrap_or_default(),
        })
        .collect())
}

/// The `sipri_milex` rows of every country sheet and of the regional totals.
fn milex_rows(
    tables: &[CountryTable],
    countries: &Countries,
    regional: &Regional,
    base: i64,
    vintage: &str,
) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut push = |country: &str,
                    kind: &str,
                    year: i64,
                    measure: &str,
                    value: String,
                    unit: &str,
                    missing: String,
                    note: &str| {
        rows.push(vec![
            country.to_string(),
            kind.to_string(),
            year.to_string(),
            measure.to_string(),
            value,
            unit.to_string(),
            vintage.to_string(),
            vintage.to_string(),
            missing,
            note.to_string(),
        ]);
    };
    for t in tables {
        for r in t
            .rows
            .iter()
            .filter(|r| !countries.headings.contains(&r.name))
        {
            let mut note = Vec::new();
            if !r.notes.text.is_empty() {
                note.push(format!("SIPRI notes: {}", r.notes.text));
            }
            if !r.reporting_year.is_empty() {
                note.push(format!("reporting year: {}", r.reporting_year));
            }
            let note = note.join("; ");
            for (year, c) in t.years.iter().zip(&r.cells) {
                let value = match c {
                    Cell::Value(x) => shortest(match t.spec.convert {
                        Convert::None => *x,
                        Convert::Millions => x / 1.0e6,
                        Convert::Percent => x * 100.0,
                    }),
                    _ => String::new(),
                };
                push(
                    &r.name,
                    kind_of(&r.name),
                    *year,
                    t.spec.measure,
                    value,
                    &t.unit,
                    country_reason(c),
                    &note,
                );
            }
        }
    }
    let constant_unit = format!("USD billions (constant {base})");
    for r in &regional.rows {
        let kind = if r.name == "World" { "world" } else { "region" };
        let note = if r.omitted.is_empty() {
            String::new()
        } else {
            format!("countries SIPRI leaves out of this total: {}", r.omitted)
        };
        for (year, c) in regional.years.iter().zip(&r.cells) {
            let value = match c {
                Cell::Value(x) => shortest(*x),
                _ => String::new(),
            };
            push(
                &r.name,
                kind,
                *year,
                "constant_usd_billions",
                value,
                &constant_unit,
                regional_reason(c),
                &note,
            );
        }
        if let (Some(year), Some(c)) = (regional.current_year, &r.current) {
            let value = match c {
                Cell::Value(x) => shortest(*x),
                _ => String::new(),
            };
            push(
                &r.name,
                kind,
                year,
                "current_usd_billions",
                value,
                "USD billions (current)",
                regional_reason(c),
                &note,
            );
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The error's message; an `Ok` fails the test.
    fn err<T>(r: Result<T>) -> String {
        match r {
            Ok(_) => panic!("expected an error"),
            Err(e) => e.to_string(),
        }
    }

    /// A grid from rows of cell texts.
    fn grid(sheet: &str, rows: &[&[&str]]) -> Grid {
        Grid::new(
            "milex.xlsx",
            sheet,
            rows.iter()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect(),
        )
    }

    /// A small `Constant (2024) US$` sheet: title, headings, header, a region heading, countries.
    fn constant_sheet(extra: &[&[&str]]) -> Grid {
        let mut rows: Vec<&[&str]> = vec![
            &[
                "Military expenditure by country, in constant (2024) US$ m., 2023–2025   © SIPRI 2026",
            ],
            &["Figures are in US $m., at constant 2024 prices and exchange rates."],
            &[""],
            &["Country", "", "Notes", "2023", "2024", "2025"],
            &["East Asia"],
            &["Japan", "", "56", "45863.4", "54245.1", "59493.1"],
            &["Korea, North", "", "57", "...", "...", "..."],
            &["Timor Leste", "", "", "xxx", "12.5", ""],
        ];
        rows.extend_from_slice(extra);
        grid("Constant (2024) US$", &rows)
    }

    fn constant(g: Grid) -> Result<CountryTable> {
        read_country_sheet(g, &COUNTRY_SHEETS[REFERENCE_SHEET], Some(2024))
    }

    #[test]
    fn marks_and_figures_are_told_apart() {
        let g = grid(
            "s",
            &[&["", "...", "xxx", "", "12.5", "…", "-3", "n/a", "1,234"]],
        );
        assert_eq!(cell(&g, 0, 1).unwrap(), Cell::NotAvailable("...".into()));
        assert_eq!(cell(&g, 0, 2).unwrap(), Cell::NotIndependent);
        assert_eq!(cell(&g, 0, 3).unwrap(), Cell::Blank);
        assert_eq!(cell(&g, 0, 4).unwrap(), Cell::Value(12.5));
        assert_eq!(cell(&g, 0, 5).unwrap(), Cell::NotAvailable("…".into()));
        let e = cell(&g, 0, 6).unwrap_err().to_string();
        assert!(
            e.contains("sheet `s`, cell G1") && e.contains("negative"),
            "{e}"
        );
        let e = cell(&g, 0, 7).unwrap_err().to_string();
        assert!(
            e.contains("cell H1, value `n/a`") && e.contains("`xxx`"),
            "{e}"
        );
        assert!(cell(&g, 0, 8).is_err());
        assert_ne!(
            country_reason(&Cell::NotAvailable("...".into())),
            country_reason(&Cell::NotIndependent)
        );
    }

    #[test]
    fn notes_split_into_marks_and_number() {
        let g = grid("s", &[&["‡§¶16", "...", "", "†", "16a", "§ 4"]]);
        let n = notes(&g, 0, 0).unwrap();
        assert_eq!((n.marks.as_str(), n.number), ("‡§¶", Some(16)));
        assert_eq!(notes(&g, 0, 1).unwrap(), Notes::default());
        assert_eq!(notes(&g, 0, 2).unwrap(), Notes::default());
        assert_eq!(notes(&g, 0, 3).unwrap().number, None);
        let e = notes(&g, 0, 4).unwrap_err().to_string();
        assert!(e.contains("cell E1, value `16a`"), "{e}");
        assert!(notes(&g, 0, 5).is_err());
    }

    #[test]
    fn a_country_sheet_is_read_from_its_headings() {
        let t = constant(constant_sheet(&[])).unwrap();
        assert_eq!(t.unit, "USD millions (constant 2024)");
        assert_eq!(t.years, [2023, 2024, 2025]);
        let names: Vec<&str> = t.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["East Asia", "Japan", "Korea, North", "Timor Leste"]);
        assert!(t.rows[0].is_blank());
        assert!(
            !t.rows[2].is_bare(),
            "a country with notes is not a heading"
        );
        assert_eq!(t.rows[3].cells[2], Cell::Blank);
    }

    #[test]
    fn a_bad_row_names_its_cell() {
        let e = err(constant(constant_sheet(&[&[
            "Laos", "", "", "1.5", "two", "3",
        ]])));
        assert!(
            e.contains("milex.xlsx, sheet `Constant (2024) US$`, cell E9, value `two`"),
            "{e}"
        );
        let e = err(constant(constant_sheet(&[&["", "", "", "1.5", "2", "3"]])));
        assert!(
            e.contains("cell A9") && e.contains("no country name"),
            "{e}"
        );
        let e = err(constant(constant_sheet(&[&[
            "Laos", "7", "", "1", "2", "3",
        ]])));
        assert!(
            e.contains("cell B9") && e.contains("without a heading"),
            "{e}"
        );
    }

    #[test]
    fn an_unexpected_layout_names_sheet_and_cell() {
        // another price base than the sheet's name
        let mut g = constant_sheet(&[]);
        g.cells[0][0] = "Military expenditure by country, in constant (2023) US$ m.".into();
        let e = err(constant(g));
        assert!(e.contains("sheet `Constant (2024) US$`, cell A1"), "{e}");
        assert!(e.contains("constant (2024) US$ m."), "{e}");
        // an unknown column, and years that skip
        let mut g = constant_sheet(&[]);
        g.cells[3][1] = "Region".into();
        let e = err(constant(g));
        assert!(e.contains("cell B4, value `Region`"), "{e}");
        let mut g = constant_sheet(&[]);
        g.cells[3][5] = "2027".into();
        let e = err(constant(g));
        assert!(e.contains("cell F4") && e.contains("one year apart"), "{e}");
        // no header row
        let g = grid("Current US$", &[&["title"], &["Land", "Notes", "2024"]]);
        let e = read_country_sheet(g, &COUNTRY_SHEETS[3], Some(2024))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            e.contains("sheet `Current US$`") && e.contains("`Country`"),
            "{e}"
        );
    }

    #[test]
    fn shares_must_be_fractions() {
        let rows: Vec<Vec<String>> = [
            vec!["Military expenditure by country as percentage of gross domestic product"],
            vec!["Country", "Notes", "2024", "2025"],
            vec!["Japan", "", "1.3", "1.4"],
            vec!["Kuwait", "", "1.17", "0.05"],
        ]
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
        let g = Grid::new("milex.xlsx", "Share of GDP", rows.clone());
        let e = read_country_sheet(g, &COUNTRY_SHEETS[4], Some(2024))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("cell C3") && e.contains("fractions"), "{e}");
        let mut fractions = rows;
        fractions[2][2] = "0.013".into();
        fractions[2][3] = "0.014".into();
        fractions.extend((0..200).map(|i| {
            ["Country", "", "0.01", "0.02"]
                .iter()
                .enumerate()
                .map(|(j, c)| {
                    if j == 0 {
                        format!("{c} {i}")
                    } else {
                        c.to_string()
                    }
                })
                .collect()
        }));
        let g = Grid::new("milex.xlsx", "Share of GDP", fractions);
        assert!(read_country_sheet(g, &COUNTRY_SHEETS[4], Some(2024)).is_ok());
    }

    #[test]
    fn headings_are_told_from_countries_and_lists_must_agree() {
        let reference = constant(constant_sheet(&[])).unwrap();
        // in the other sheet the heading carries `...` in every year, as SIPRI's sheets do
        let current = |extra: &[&[&str]]| {
            let mut rows: Vec<&[&str]> = vec![
                &["Military expenditure by country, in millions of US$ at current prices"],
                &["Country", "Notes", "2023", "2024", "2025"],
                &["East Asia", "", "...", "...", "..."],
                &["Japan", "56", "48096.5", "54245.1", "62158.1"],
                &["Korea, North", "57", "...", "...", "..."],
            ];
            rows.extend_from_slice(extra);
            read_country_sheet(grid("Current US$", &rows), &COUNTRY_SHEETS[3], Some(2024)).unwrap()
        };
        let mut tables = vec![
            current(&[&["Timor Leste", "", "xxx", "12.5", "13"]]),
            current(&[&["Timor Leste", "", "xxx", "12.5", "13"]]),
            reference,
        ];
        let c = classify(&tables).unwrap();
        assert_eq!(c.headings.iter().collect::<Vec<_>>(), ["East Asia"]);
        assert_eq!(c.groups["Japan"], "East Asia");
        assert_eq!(c.groups.len(), 3);
        tables[0] = current(&[]);
        let e = classify(&tables)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            e.contains("sheet `Current US$`") && e.contains("`Timor Leste`"),
            "{e}"
        );
    }

    #[test]
    fn footnotes_and_regional_totals() {
        let f = grid(
            "Footnotes",
            &[
                &["Footnotes and special notes"],
                &[
                    "†",
                    "Figures for these countries do not include military pensions.",
                ],
                &["56", "", "Japan: first paragraph.\n\n  Second paragraph."],
            ],
        );
        let f = read_footnotes(&f).unwrap();
        assert_eq!(f.numbered[&56], "Japan: first paragraph. Second paragraph.");
        assert!(f.special.contains_key(&'†'));
        let bad = grid("Footnotes", &[&["†", "text"], &["x7", "", "text"]]);
        let e = read_footnotes(&bad)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("cell A2, value `x7`"), "{e}");

        let regional = |base: &str| {
            grid(
                "Regional totals",
                &[
                    &["Military expenditure by region in constant US dollars   © SIPRI 2026"],
                    &[base],
                    &["1) A meaningful world total is not possible before 1988."],
                    &[
                        "Region",
                        "2024",
                        "2025",
                        "2025 (current prices)",
                        "",
                        "Omitted countries",
                    ],
                    &["World", "2692.3", "…", "2886.6", "", ""],
                    &["Africa", "50.3", "54.6", "58.2", "", "Djibouti, Eritrea"],
                ],
            )
        };
        let ok = "Figures are in US$ b., at constant 2024 prices and exchange rates, except for the last figure which is in US$ b. at 2025 prices and exchange rates.";
        let r = read_regional(&regional(ok), 2024).unwrap();
        assert_eq!(
            (r.years.clone(), r.current_year),
            (vec![2024, 2025], Some(2025))
        );
        assert_eq!(
            r.notes,
            [(
                1,
                "A meaningful world total is not possible before 1988.".to_string()
            )]
        );
        assert_eq!(r.rows[1].omitted, "Djibouti, Eritrea");
        assert!(regional_reason(&r.rows[0].cells[1]).contains("too uncertain"));
        let e = read_regional(&regional(&ok.replace("2024 prices", "2023 prices")), 2024)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("sheet `Regional totals`, cell A1"), "{e}");
    }

    #[test]
    fn sheets_are_matched_by_name() {
        let mut names: Vec<String> = COUNTRY_SHEETS
            .iter()
            .map(|s| s.name.replace("{base}", "2024"))
            .collect();
        names.extend([FRONT_PAGE, REGIONAL, FOOTNOTES].map(String::from));
        let s = match_sheets("m.xlsx", &names).unwrap();
        assert_eq!(s.base, 2024);
        assert_eq!(s.countries.len(), COUNTRY_SHEETS.len());
        let mut extra = names.clone();
        extra.push("Arms transfers".into());
        let e = match_sheets("m.xlsx", &extra)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("unexpected sheet `Arms transfers`"), "{e}");
        let missing: Vec<String> = names.into_iter().filter(|n| n != "Per capita").collect();
        let e = match_sheets("m.xlsx", &missing)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("sheet `Per capita` not found"), "{e}");
    }
}
