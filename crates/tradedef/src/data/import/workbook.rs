//! Reading a publisher's xlsx workbook: the sheet, the header row (searched for, not assumed),
//! and cells named the way a spreadsheet user sees them (`B7`).

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use calamine::{Data, Range, Reader, Xlsx};

use super::figure::{Figure, parse_text};
use crate::{Error, Location, Result};

/// How many rows from the top of a sheet are searched for the header row.
pub(crate) const HEADER_SEARCH_ROWS: u32 = 30;

/// The largest magnitude a workbook figure may have: the publishers' workbooks (Census, in
/// dollars) hold nothing near a quadrillion, so a larger cell is a corrupt or hostile file.
pub(crate) const MAX_FIGURE: f64 = 1e15;

/// The spreadsheet name of a cell from 0-based row and column: (6, 1) is `B7`.
pub(crate) fn cell_name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col + 1;
    while c > 0 {
        let rem = ((c - 1) % 26) as u8;
        letters.push((b'A' + rem) as char);
        c = (c - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(row + 1).to_string()
}

/// The most bytes the parts of a workbook may expand to, all together (the real Census workbooks
/// expand to about 11 MB): a guard against a decompression bomb posing as a workbook.
pub(crate) const MAX_WORKBOOK_BYTES: u64 = 256 << 20;

/// The most cells the used area of a sheet may span (rows × columns, blanks included): the
/// reader holds that area in memory, so one cell at A1 and one at XFD1048576 would ask for
/// 17 billion.
pub(crate) const MAX_SHEET_CELLS: u64 = 20_000_000;

/// Checks the first bytes of a file: it must exist, be non-empty and be an xlsx (zip) workbook
/// whose parts expand to at most [`MAX_WORKBOOK_BYTES`].
pub(crate) fn check_is_xlsx(path: &Path, importer: &str) -> Result<()> {
    let mut first = Vec::with_capacity(4096);
    std::fs::File::open(path)
        .and_then(|f| f.take(4096).read_to_end(&mut first))
        .map_err(|e| Error::io(path, e))?;
    let bytes = first;
    let at = || Location::file(path.display().to_string());
    if bytes.is_empty() {
        return Err(Error::invalid(
            at(),
            format!("file is empty: the {importer} importer reads an xlsx workbook"),
        ));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return check_expanded_size(path);
    }
    let what = if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        "an old binary Excel (.xls) file; save it as .xlsx".to_string()
    } else if std::str::from_utf8(&bytes).is_ok() {
        let first = String::from_utf8_lossy(&bytes[..bytes.len().min(60)])
            .lines()
            .next()
            .unwrap_or("")
            .to_string();
        format!("a text file (it starts `{first}`), e.g. a CSV; download the publisher's .xlsx")
    } else {
        "not a zip container".to_string()
    };
    Err(Error::invalid(
        at(),
        format!(
            "not an xlsx workbook: the {importer} importer reads an .xlsx file, this is {what}"
        ),
    ))
}

/// Decompresses every part of the workbook's zip into nothing, counting bytes, and refuses the
/// file once they pass [`MAX_WORKBOOK_BYTES`] (the sizes a zip declares may lie; these are
/// counted). A zip that cannot be read is left to the workbook reader's own error.
fn check_expanded_size(path: &Path) -> Result<()> {
    let at = || Location::file(path.display().to_string());
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let Ok(mut zip) = zip::ZipArchive::new(std::io::BufReader::new(file)) else {
        return Ok(());
    };
    let mut left = MAX_WORKBOOK_BYTES;
    for i in 0..zip.len() {
        // a part the zip reader cannot open or read to its end (a bad checksum, a damaged
        // stream) is checked as far as it reads: the workbook reader may still read it
        let Ok(entry) = zip.by_index(i) else {
            continue;
        };
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let is_sheet = name.starts_with("xl/worksheets/") && name.ends_with(".xml");
        // a sheet's <dimension> comes before its cells: keep the start of each sheet to check it
        let mut head = Vec::new();
        let n = read_part(entry, left + 1, is_sheet.then_some(&mut head));
        if n > left {
            return Err(Error::invalid(
                at().value(name),
                format!(
                    "the workbook expands beyond {MAX_WORKBOOK_BYTES} bytes (a decompression bomb, or not a publisher's workbook); refusing to read it"
                ),
            ));
        }
        left -= n;
        if is_sheet {
            check_dimension(&head)
                .map_err(|message| Error::invalid(at().value(name.clone()), message))?;
        }
    }
    Ok(())
}

/// Reads a part of the zip until its end, a read error or `limit` bytes, keeping the first
/// [`SHEET_HEAD_BYTES`] in `head` if given; returns how many bytes it read.
fn read_part(mut part: impl Read, limit: u64, mut head: Option<&mut Vec<u8>>) -> u64 {
    let mut buffer = [0u8; 16 << 10];
    let mut read = 0u64;
    while read < limit {
        match part.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(k) => {
                if let Some(head) = head.as_deref_mut() {
                    let room = (SHEET_HEAD_BYTES as usize).saturating_sub(head.len());
                    head.extend_from_slice(&buffer[..k.min(room)]);
                }
                read += k as u64;
            }
        }
    }
    read
}

/// How much of the start of a sheet's XML is kept to find its `<dimension>` element.
const SHEET_HEAD_BYTES: u64 = 64 << 10;

/// Checks the `<dimension ref="A1:C9"/>` a sheet declares, if it declares one in `head`: a range
/// that ends before it starts (`C9:A1`) makes the workbook reader compute a negative size (a
/// panic in a debug build, a wrapped huge number in a release build), so it is refused here.
/// A `ref` that is not two cell names is left to the workbook reader's own error.
fn check_dimension(head: &[u8]) -> std::result::Result<(), String> {
    let text = String::from_utf8_lossy(head);
    let Some(start) = text.find("<dimension") else {
        return Ok(());
    };
    let element = &text[start..];
    let element = &element[..element.find('>').unwrap_or(element.len())];
    // `ref="A1:C9"`, with the spaces XML allows around `=` and either quote
    let Some(value) = element
        .split_once(" ref")
        .and_then(|(_, v)| v.trim_start().strip_prefix('='))
        .map(str::trim_start)
        .and_then(|v| v.strip_prefix(['"', '\'']))
        .and_then(|v| v.split(['"', '\'']).next())
    else {
        return Ok(());
    };
    let Some((first, last)) = value.split_once(':') else {
        return Ok(());
    };
    let (Some(a), Some(b)) = (parse_cell_name(first), parse_cell_name(last)) else {
        return Ok(());
    };
    if b.0 < a.0 || b.1 < a.1 {
        return Err(format!(
            "the sheet declares the range `{value}`, which ends before it starts; refusing it (a corrupt or hostile workbook)"
        ));
    }
    Ok(())
}

/// `B7` as 0-based (row, column) = (6, 1); `None` if it is not a cell name.
fn parse_cell_name(name: &str) -> Option<(u64, u64)> {
    let digits = name.find(|c: char| c.is_ascii_digit())?;
    let (letters, number) = name.split_at(digits);
    if letters.is_empty() || !letters.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let row: u64 = number.parse().ok()?;
    let col = letters.bytes().try_fold(0u64, |acc, b| {
        acc.checked_mul(26)?.checked_add(u64::from(b - b'A') + 1)
    })?;
    Some((row.checked_sub(1)?, col - 1))
}

/// Refuses a sheet whose used area spans more than [`MAX_SHEET_CELLS`] cells, before the area is
/// allocated (the cells are streamed once to find it).
fn check_extent<R: std::io::Read + std::io::Seek>(
    book: &mut Xlsx<R>,
    sheet: &str,
    file: &str,
) -> Result<()> {
    let at = || Location::file(format!("{file}, sheet `{sheet}`"));
    let unreadable =
        |e: calamine::XlsxError| Error::invalid(at(), format!("cannot read the sheet: {e}"));
    let mut cells = book.worksheet_cells_reader(sheet).map_err(unreadable)?;
    let (mut rows, mut cols) = ((u32::MAX, 0u32), (u32::MAX, 0u32));
    while let Some(cell) = cells.next_cell().map_err(unreadable)? {
        let (r, c) = cell.get_position();
        rows = (rows.0.min(r), rows.1.max(r));
        cols = (cols.0.min(c), cols.1.max(c));
    }
    if rows.0 > rows.1 {
        return Ok(());
    }
    let area = (u64::from(rows.1 - rows.0) + 1) * (u64::from(cols.1 - cols.0) + 1);
    if area > MAX_SHEET_CELLS {
        return Err(Error::invalid(
            at().value(format!(
                "{}:{}",
                cell_name(rows.0, cols.0),
                cell_name(rows.1, cols.1)
            )),
            format!(
                "the sheet's used area spans {area} cells, more than the {MAX_SHEET_CELLS} read; refusing it (a hostile or corrupt workbook)"
            ),
        ));
    }
    Ok(())
}

/// One worksheet of a publisher's workbook.
pub(crate) struct Sheet {
    file: String,
    name: String,
    range: Range<Data>,
}

/// The header row found in a sheet: its 0-based row and the column of each wanted name.
pub(crate) struct Header {
    /// 0-based sheet row of the header.
    pub(crate) row: u32,
    /// Column (0-based) of each header name, by the name as written in the file (trimmed).
    pub(crate) columns: HashMap<String, u32>,
}

impl Header {
    /// The column of a header name (case-insensitive).
    pub(crate) fn col(&self, name: &str) -> Option<u32> {
        self.columns
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, c)| *c)
    }
}

impl Sheet {
    /// Opens sheet `sheet` of the workbook at `path`; errors name the sheets that exist.
    pub(crate) fn open(path: &Path, sheet: &str, importer: &str) -> Result<Sheet> {
        check_is_xlsx(path, importer)?;
        let file = path.display().to_string();
        let mut book: Xlsx<_> = calamine::open_workbook(path).map_err(|e| {
            Error::invalid(
                Location::file(&file),
                format!("cannot read the xlsx workbook: {e}"),
            )
        })?;
        let names = book.sheet_names();
        let Some(found) = names
            .iter()
            .find(|n| n.trim().eq_ignore_ascii_case(sheet))
            .cloned()
        else {
            return Err(Error::invalid(
                Location::file(&file),
                format!(
                    "sheet `{sheet}` not found: the workbook has sheet(s) [{}]",
                    names
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        };
        check_extent(&mut book, &found, &file)?;
        let range = book.worksheet_range(&found).map_err(|e| {
            Error::invalid(
                Location::file(&file),
                format!("cannot read sheet `{found}`: {e}"),
            )
        })?;
        Ok(Sheet {
            file,
            name: found,
            range,
        })
    }

    /// The location of a cell, for errors: "FILE, sheet `S`, cell B7".
    pub(crate) fn at(&self, row: u32, col: u32) -> Location {
        Location::file(format!(
            "{}, sheet `{}`, cell {}",
            self.file,
            self.name,
            cell_name(row, col)
        ))
    }

    /// The location of the sheet, for errors.
    pub(crate) fn at_sheet(&self) -> Location {
        Location::file(format!("{}, sheet `{}`", self.file, self.name))
    }

    /// The last 0-based row with content, or `None` for an empty sheet.
    pub(crate) fn last_row(&self) -> Option<u32> {
        self.range.end().map(|(r, _)| r)
    }

    /// The last 0-based column with content, or `None` for an empty sheet.
    pub(crate) fn last_column(&self) -> Option<u32> {
        self.range.end().map(|(_, c)| c)
    }

    /// The sheet's name as the workbook spells it.
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    fn cell(&self, row: u32, col: u32) -> &Data {
        static EMPTY: Data = Data::Empty;
        self.range.get_value((row, col)).unwrap_or(&EMPTY)
    }

    /// The text of a cell: strings trimmed, whole numbers without decimals, empty for blanks.
    pub(crate) fn text(&self, row: u32, col: u32) -> String {
        match self.cell(row, col) {
            Data::String(s) => s.trim().to_string(),
            Data::Int(i) => i.to_string(),
            Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
            Data::Float(f) => f.to_string(),
            Data::Empty => String::new(),
            other => other.to_string(),
        }
    }

    /// Whether every cell of a row is blank.
    pub(crate) fn row_is_blank(&self, row: u32) -> bool {
        let Some((_, end_col)) = self.range.end() else {
            return true;
        };
        let start_col = self.range.start().map(|(_, c)| c).unwrap_or(0);
        (start_col..=end_col).all(|c| self.text(row, c).is_empty())
    }

    /// A figure cell: a number, a number written as text, or a missing mark (blank cells are
    /// missing too). Text that is neither is an error naming the cell and value, and so is a
    /// number of [`MAX_FIGURE`] or more in magnitude.
    pub(crate) fn figure(&self, row: u32, col: u32) -> Result<Figure> {
        let figure = self.figure_unchecked(row, col)?;
        match figure.value() {
            Some(x) if x.abs() >= MAX_FIGURE => Err(Error::invalid(
                self.at(row, col).value(format!("{x:e}")),
                format!(
                    "implausibly large figure: {MAX_FIGURE:e} or more, beyond any figure of the publisher's tables"
                ),
            )),
            _ => Ok(figure),
        }
    }

    fn figure_unchecked(&self, row: u32, col: u32) -> Result<Figure> {
        match self.cell(row, col) {
            Data::Float(f) if f.is_finite() => Ok(Figure::Value(*f)),
            Data::Int(i) => Ok(Figure::Value(*i as f64)),
            Data::Empty => Ok(Figure::Missing("blank cell in the publisher's file".into())),
            Data::String(s) => {
                parse_text(s).map_err(|msg| Error::invalid(self.at(row, col).value(s.clone()), msg))
            }
            Data::Error(e) => Err(Error::invalid(
                self.at(row, col).value(e.to_string()),
                "spreadsheet error value in a number cell",
            )),
            other => Err(Error::invalid(
                self.at(row, col).value(other.to_string()),
                "expected a number in this cell",
            )),
        }
    }

    /// A whole-number cell (a year, a code): a number or digits written as text.
    pub(crate) fn whole(&self, row: u32, col: u32, what: &str) -> Result<i64> {
        let text = self.text(row, col);
        text.parse::<i64>().map_err(|_| {
            Error::invalid(
                self.at(row, col).value(&text),
                format!("expected {what} (a whole number)"),
            )
        })
    }

    /// A Census country code cell (up to 4 digits), zero-padded to 4 digits: `"5880"`, `"0015"`.
    pub(crate) fn country_code(&self, row: u32, col: u32) -> Result<String> {
        let raw = self.text(row, col);
        match raw.parse::<u32>() {
            Ok(c) if raw.len() <= 4 => Ok(format!("{c:04}")),
            _ => Err(Error::invalid(
                self.at(row, col).value(&raw),
                "expected a Census country code of up to 4 digits",
            )),
        }
    }

    /// Finds the header row among the first [`HEADER_SEARCH_ROWS`] rows: the first row that holds
    /// every name in `required` (case-insensitive). The error says what was looked for, and which
    /// names the closest row lacks.
    pub(crate) fn find_header(&self, required: &[&str]) -> Result<Header> {
        let Some((first_row, _)) = self.range.start() else {
            return Err(Error::invalid(
                self.at_sheet(),
                "sheet is empty: expected a header row and data rows",
            ));
        };
        let (last_row, last_col) = self.range.end().unwrap_or((first_row, 0));
        let start_col = self.range.start().map(|(_, c)| c).unwrap_or(0);
        let mut best: Option<(usize, u32, Vec<&str>)> = None;
        for row in first_row..=last_row.min(first_row + HEADER_SEARCH_ROWS - 1) {
            let mut columns = HashMap::new();
            for col in start_col..=last_col {
                let t = self.text(row, col);
                if !t.is_empty() {
                    columns.entry(t).or_insert(col);
                }
            }
            let header = Header { row, columns };
            let missing: Vec<&str> = required
                .iter()
                .copied()
                .filter(|n| header.col(n).is_none())
                .collect();
            if missing.is_empty() {
                return Ok(header);
            }
            let found = required.len() - missing.len();
            if found > 0 && best.as_ref().is_none_or(|(f, _, _)| found > *f) {
                best = Some((found, row, missing));
            }
        }
        let looked_for = required.join(", ");
        let detail = match best {
            Some((_, row, missing)) => format!(
                "; the closest, row {}, lacks [{}]",
                row + 1,
                missing.join(", ")
            ),
            None => "; no row has any of these names".to_string(),
        };
        Err(Error::invalid(
            self.at_sheet(),
            format!(
                "header row not found in the first {HEADER_SEARCH_ROWS} rows: looked for a row with the columns [{looked_for}]{detail}"
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::{cell_name, check_dimension, parse_cell_name};

    #[test]
    fn a_sheet_range_that_ends_before_it_starts_is_refused() {
        let sheet = |dim: &str| {
            format!("<?xml version=\"1.0\"?><worksheet><dimension ref={dim}/><sheetData/>")
        };
        assert!(check_dimension(sheet("\"A1:C9\"").as_bytes()).is_ok());
        assert!(check_dimension(sheet("\"B7\"").as_bytes()).is_ok());
        assert!(check_dimension(b"<worksheet><sheetData/>").is_ok());
        let error = check_dimension(sheet("\"C9:A1\"").as_bytes()).unwrap_err();
        assert!(
            error.contains("`C9:A1`") && error.contains("ends before it starts"),
            "{error}"
        );
        assert!(check_dimension(sheet("'A9:C1'").as_bytes()).is_err());
        let spaced = "<worksheet><dimension ref = \"B2:A1\"/>";
        assert!(check_dimension(spaced.as_bytes()).is_err());
        assert_eq!(parse_cell_name("AC10"), Some((9, 28)));
        assert_eq!(parse_cell_name("A0"), None);
        assert_eq!(parse_cell_name("7B"), None);
    }

    #[test]
    fn cells_are_named_like_a_spreadsheet() {
        assert_eq!(cell_name(6, 1), "B7");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(9, 28), "AC10");
    }
}
