//! Small publisher files in the same layout as the real downloads, written by the tests:
//! Census `country.xlsx`, Census `enduse_imports.xlsx` and the DMDC compiled reports CSV.
//!
//! The figures in them are invented by the tests (simple arithmetic), never real data.

use std::path::Path;

use rust_xlsxwriter::Workbook;

/// A cell of a fixture workbook.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// A number cell.
    Num(f64),
    /// A text cell (e.g. a publisher's mark such as `(D)`, or a typo).
    Text(String),
    /// No cell.
    Blank,
}

impl From<f64> for Cell {
    fn from(x: f64) -> Self {
        Cell::Num(x)
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}

/// The month suffixes of country.xlsx columns.
pub const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];

/// The header of Census country.xlsx: year, CTY_CODE, CTYNAME, IJAN…IDEC, IYR, EJAN…EDEC, EYR.
pub fn country_header() -> Vec<String> {
    let mut h = vec!["year".to_string(), "CTY_CODE".into(), "CTYNAME".into()];
    for p in ["I", "E"] {
        h.extend(MONTHS.iter().map(|m| format!("{p}{m}")));
        h.push(format!("{p}YR"));
    }
    h
}

/// One row of a country.xlsx fixture: 12 monthly imports + annual, 12 monthly exports + annual.
#[derive(Debug, Clone)]
pub struct CountryRow {
    /// The year (written as text, as Census does).
    pub year: i64,
    /// The 4-digit code (written as text).
    pub code: String,
    /// The country or area name.
    pub name: String,
    /// IJAN…IDEC, IYR.
    pub imports: Vec<Cell>,
    /// EJAN…EDEC, EYR.
    pub exports: Vec<Cell>,
}

impl CountryRow {
    /// A row whose monthly figures are `imports_base + month` and `exports_base + month/10`
    /// for months up to `months_published` (later months are 0, as in a Census file), with
    /// annual columns that sum the months.
    pub fn simple(
        year: i64,
        code: &str,
        name: &str,
        imports_base: f64,
        exports_base: f64,
        months_published: usize,
    ) -> Self {
        let make = |base: f64, step: f64| {
            let months: Vec<f64> = (1..=12)
                .map(|m| {
                    if m <= months_published {
                        base + step * m as f64
                    } else {
                        0.0
                    }
                })
                .collect();
            let total: f64 = months.iter().sum();
            months
                .into_iter()
                .chain([total])
                .map(Cell::Num)
                .collect::<Vec<_>>()
        };
        CountryRow {
            year,
            code: code.to_string(),
            name: name.to_string(),
            imports: make(imports_base, 1.0),
            exports: make(exports_base, 0.1),
        }
    }
}

/// A country.xlsx fixture: sheet name, rows above the header, header names, data rows.
#[derive(Debug, Clone)]
pub struct CountryWorkbook {
    /// The sheet name (`country` in the real file).
    pub sheet: String,
    /// Title lines written above the header (the real file has none).
    pub title_rows: Vec<String>,
    /// The header names, in order.
    pub header: Vec<String>,
    /// Data rows.
    pub rows: Vec<CountryRow>,
}

impl CountryWorkbook {
    /// The real layout with the given rows.
    pub fn new(rows: Vec<CountryRow>) -> Self {
        CountryWorkbook {
            sheet: "country".into(),
            title_rows: Vec::new(),
            header: country_header(),
            rows,
        }
    }

    /// The real layout with a [`CountryRow::simple`] row for each partner `(code, name,
    /// imports_base, exports_base)` and each year `(year, months_published)`, years first.
    pub fn partners(years: &[(i64, usize)], partners: &[(&str, &str, f64, f64)]) -> Self {
        let rows = years
            .iter()
            .flat_map(|&(year, months)| {
                partners.iter().map(move |&(code, name, imports, exports)| {
                    CountryRow::simple(year, code, name, imports, exports, months)
                })
            })
            .collect();
        CountryWorkbook::new(rows)
    }

    /// Writes the workbook.
    pub fn write(&self, path: &Path) -> anyhow::Result<()> {
        let mut book = Workbook::new();
        let ws = book.add_worksheet();
        ws.set_name(&self.sheet)?;
        let mut r: u32 = 0;
        for t in &self.title_rows {
            ws.write_string(r, 0, t)?;
            r += 1;
        }
        for (c, h) in self.header.iter().enumerate() {
            ws.write_string(r, c as u16, h)?;
        }
        for row in &self.rows {
            r += 1;
            ws.write_string(r, 0, row.year.to_string())?;
            ws.write_string(r, 1, &row.code)?;
            ws.write_string(r, 2, &row.name)?;
            for (i, cell) in row.imports.iter().chain(row.exports.iter()).enumerate() {
                write_cell(ws, r, 3 + i as u16, cell)?;
            }
        }
        book.save(path)?;
        Ok(())
    }
}

fn write_cell(
    ws: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
) -> anyhow::Result<()> {
    match cell {
        Cell::Num(x) => {
            ws.write_number(row, col, *x)?;
        }
        Cell::Text(s) => {
            ws.write_string(row, col, s)?;
        }
        Cell::Blank => {}
    }
    Ok(())
}

/// One row of an enduse_imports.xlsx fixture.
#[derive(Debug, Clone)]
pub struct EnduseRow {
    /// CTY_CODE, e.g. "5880" or "0000".
    pub code: String,
    /// CTY_DESC, e.g. "Japan" or "World Total".
    pub country: String,
    /// END_USE, 5 digits.
    pub enduse: String,
    /// COMM_DESC.
    pub label: String,
    /// One value (dollars) per year column.
    pub values: Vec<Cell>,
}

/// An enduse_imports.xlsx fixture (sheet `EnduseImp`, columns CTY_CODE, CTY_DESC, END_USE,
/// COMM_DESC, value_YY…).
#[derive(Debug, Clone)]
pub struct EnduseWorkbook {
    /// The sheet name.
    pub sheet: String,
    /// The first year (its column is value_YY).
    pub first_year: i64,
    /// The number of year columns.
    pub years: usize,
    /// Data rows.
    pub rows: Vec<EnduseRow>,
}

impl EnduseWorkbook {
    /// Writes the workbook.
    pub fn write(&self, path: &Path) -> anyhow::Result<()> {
        let mut book = Workbook::new();
        let ws = book.add_worksheet();
        ws.set_name(&self.sheet)?;
        let mut header = vec![
            "CTY_CODE".to_string(),
            "CTY_DESC".into(),
            "END_USE".into(),
            "COMM_DESC".into(),
        ];
        header.extend(
            (0..self.years).map(|i| format!("value_{:02}", (self.first_year + i as i64) % 100)),
        );
        for (c, h) in header.iter().enumerate() {
            ws.write_string(0, c as u16, h)?;
        }
        for (i, row) in self.rows.iter().enumerate() {
            let r = i as u32 + 1;
            ws.write_string(r, 0, &row.code)?;
            ws.write_string(r, 1, &row.country)?;
            ws.write_string(r, 2, &row.enduse)?;
            ws.write_string(r, 3, &row.label)?;
            for (j, cell) in row.values.iter().enumerate() {
                write_cell(ws, r, 4 + j as u16, cell)?;
            }
        }
        book.save(path)?;
        Ok(())
    }
}

/// The header of the DMDC compiled reports CSV (troopdata rebuild), column for column.
pub const DMDC_HEADER: &str = "ccode,countryname,region,year,month,quarter,source,Location,iso3c,Total,Total Ashore,Total Afloat,Army Total,Navy Ashore,Navy Temporary Ashore,Navy Other,Marine Corps Ashore,Marine Corps Afloat,Air Force Total,Navy Afloat,Navy Total,Marine Corps Total,troops_ad,army_ad,navy_ad,marine_corps_ad,air_force_ad,Macro Location,Army Active Duty,Navy Active Duty,Marine Corps Active Duty,Air Force Active Duty,Coast Guard Active Duty,Total Active Duty,Army National Guard,Army Reserve,Navy Reserve,Marine Corps Reserve,Air National Guard,Air Force Reserve,Coast Guard Reserve,Total Selected Reserve,Army Civilian,Navy Civilian,Marine Corps Civilian,Air Force Civilian,DOD Civilian,Total Civilian,Grand Total,Space Force Active Duty,coast_guard_ad,space_force_ad";

/// The place columns of a DMDC line: the compilation's country name, its codes and region.
#[derive(Debug, Clone, Copy)]
pub struct DmdcPlace<'a> {
    /// `countryname`.
    pub country: &'a str,
    /// `ccode` (Correlates of War code).
    pub ccode: &'a str,
    /// `iso3c` (`NA` where the compilation gives none).
    pub iso3c: &'a str,
    /// `region` (`NA` for territories and areas).
    pub region: &'a str,
}

/// One line of the DMDC CSV for `country` with Japan's codes and region (the layout the Japan
/// tests use): the given columns set, every other figure `NA`.
pub fn dmdc_line(
    country: &str,
    year: i64,
    month: &str,
    location: &str,
    figures: &[(&str, &str)],
) -> String {
    let place = DmdcPlace {
        country,
        ccode: "740",
        iso3c: "JPN",
        region: "East Asia & Pacific",
    };
    dmdc_place_line(place, year, month, location, figures)
}

/// One line of the DMDC CSV for a place: the given columns set, every other figure `NA`; a field
/// holding a comma or quote is quoted, as in the real file (`"KOREA, SOUTH"`).
pub fn dmdc_place_line(
    place: DmdcPlace<'_>,
    year: i64,
    month: &str,
    location: &str,
    figures: &[(&str, &str)],
) -> String {
    DMDC_HEADER
        .split(',')
        .map(|col| match col {
            "ccode" => place.ccode.to_string(),
            "countryname" => place.country.to_string(),
            "region" => place.region.to_string(),
            "year" => year.to_string(),
            "month" => month.to_string(),
            "quarter" => "3".to_string(),
            "source" => format!("{month} {year}"),
            "Location" => location.to_string(),
            "iso3c" => place.iso3c.to_string(),
            other => figures
                .iter()
                .find(|(c, _)| *c == other)
                .map(|(_, v)| v.to_string())
                .unwrap_or_else(|| "NA".into()),
        })
        .map(|field| {
            if field.contains([',', '"']) {
                format!("\"{}\"", field.replace('"', "\"\""))
            } else {
                field
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}
