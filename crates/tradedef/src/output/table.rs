//! The one HTML table renderer, for the notebook display and the report, after polars' own
//! conventions: a `<table class="dataframe">`, a shape line, a second header row with each
//! column's dtype (or, in the report, its unit), the first and last rows with a `…` row between
//! when the table is long, the first and last columns with a `…` column between when it is
//! wide, nulls as a grey dash, numbers right-aligned. Every header, cell and caption is
//! escaped.

use polars::prelude::{AnyValue, Column, DataFrame};

use super::number::{MISSING, NumberFormat, format_cells, is_year_or_code};
use crate::html::escape;

/// polars' default number of rows shown (the first 5 and the last 5).
pub const DEFAULT_MAX_ROWS: usize = 10;
/// polars' default number of columns shown in HTML.
pub const DEFAULT_MAX_COLUMNS: usize = 75;

/// The attributes of a numeric cell: one class, one style.
const NUM: &str = " class=\"num\" style=\"text-align:right\"";
/// The attributes of a null in a numeric column.
const NUM_NULL: &str = " class=\"num null\" style=\"text-align:right;opacity:.65\"";
/// The attributes of a null in another column.
const NULL: &str = " class=\"null\" style=\"opacity:.65\"";

/// What the second header row shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SecondRow {
    /// polars' dtype names (`i64`, `f64`, `str`).
    DTypes,
    /// The units given with [`HtmlTable::unit`] (a reader's table).
    Units,
}

/// A DataFrame as an HTML table (and as aligned plain text), after polars' conventions.
///
/// ```
/// use tradedef::prelude::*;
/// use tradedef::output::HtmlTable;
/// let df = df!("year" => [2022i64, 2023], "partner" => ["<Japan>", "Korea"],
///              "value" => [Some(-68253.2), None]).unwrap();
/// let html = HtmlTable::new(&df).unit("value", "USD millions").html();
/// assert!(html.contains("<table class=\"dataframe\">"));
/// assert!(html.contains(">i64</td>") && html.contains(">2022<") && !html.contains("2,022"));
/// assert!(html.contains("&lt;Japan&gt;") && html.contains(">-68,253.2<"));
/// assert!(html.contains(">value (USD millions)</th>"));
/// assert!(html.contains("2 rows × 3 columns"));
/// ```
#[derive(Debug, Clone)]
pub struct HtmlTable<'a> {
    frame: &'a DataFrame,
    labels: Vec<(String, String)>,
    units: Vec<(String, String)>,
    second_row: SecondRow,
    figures: bool,
    caption: Option<String>,
    head: usize,
    tail: usize,
    max_columns: usize,
}

impl<'a> HtmlTable<'a> {
    /// A table of `frame` with polars' defaults: at most 10 rows (the first 5 and the last 5)
    /// and 75 columns, the dtype row, numbers to the precision each column needs.
    pub fn new(frame: &'a DataFrame) -> Self {
        HtmlTable {
            frame,
            labels: Vec::new(),
            units: Vec::new(),
            second_row: SecondRow::DTypes,
            figures: false,
            caption: None,
            head: DEFAULT_MAX_ROWS.div_ceil(2),
            tail: DEFAULT_MAX_ROWS / 2,
            max_columns: DEFAULT_MAX_COLUMNS,
        }
    }

    /// The limits polars' display settings ask for: `POLARS_FMT_MAX_ROWS` and
    /// `POLARS_FMT_MAX_COLS` (a negative value shows all), where set and valid.
    pub fn polars_settings(mut self) -> Self {
        if let Some(rows) = env_limit("POLARS_FMT_MAX_ROWS") {
            self = self.max_rows(rows);
        }
        if let Some(columns) = env_limit("POLARS_FMT_MAX_COLS") {
            self = self.max_columns(columns);
        }
        self
    }

    /// Shows at most `rows` rows: the first half (rounded up) and the last half, with a `…`
    /// row between. At least 1.
    pub fn max_rows(mut self, rows: usize) -> Self {
        let rows = rows.max(1);
        self.head = rows.div_ceil(2);
        self.tail = rows / 2;
        self
    }

    /// Shows the first `head` and the last `tail` rows of a longer table, with a `…` row
    /// between (e.g. the top of a ranking: `rows(12, 0)`; the latest years: `rows(0, 12)`).
    pub fn rows(mut self, head: usize, tail: usize) -> Self {
        self.head = head;
        self.tail = tail;
        if head + tail == 0 {
            self.head = 1;
        }
        self
    }

    /// Shows at most `columns` columns: the first half (rounded up) and the last half, with a
    /// `…` column between. At least 1.
    pub fn max_columns(mut self, columns: usize) -> Self {
        self.max_columns = columns.max(1);
        self
    }

    /// The unit of `column`: in the header as "column (unit)", or in the second header row
    /// with [`HtmlTable::units_row`].
    pub fn unit(mut self, column: &str, unit: &str) -> Self {
        self.units.push((column.to_string(), unit.to_string()));
        self
    }

    /// A reader's label for `column`'s header in place of its name.
    pub fn label(mut self, column: &str, label: &str) -> Self {
        self.labels.push((column.to_string(), label.to_string()));
        self
    }

    /// The second header row shows each column's unit (once) instead of its dtype: a table
    /// for readers.
    pub fn units_row(mut self) -> Self {
        self.second_row = SecondRow::Units;
        self
    }

    /// Numbers as a reader's figures ([`NumberFormat::figure`]) rather than to the precision
    /// each column needs.
    pub fn figures(mut self) -> Self {
        self.figures = true;
        self
    }

    /// A line of text under the table (e.g. the source). Default none.
    pub fn caption(mut self, caption: impl Into<String>) -> Self {
        self.caption = Some(caption.into());
        self
    }

    /// "N rows × M columns" (singular for one, separators from 1,000).
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// let df = df!("a" => [1i64, 2, 3]).unwrap();
    /// assert_eq!(tradedef::output::HtmlTable::new(&df).shape_line(), "3 rows × 1 column");
    /// ```
    pub fn shape_line(&self) -> String {
        let (rows, columns) = self.frame.shape();
        let count = |n: usize, word: &str| {
            if n == 1 {
                format!("1 {word}")
            } else {
                format!("{} {word}s", NumberFormat::figure().format(n as f64))
            }
        };
        format!("{} × {}", count(rows, "row"), count(columns, "column"))
    }

    /// Whether rows are left out.
    pub fn is_cut(&self) -> bool {
        self.frame.height() > self.head + self.tail
    }

    /// The row indices shown, with `None` where the `…` row goes.
    fn shown_rows(&self) -> Vec<Option<usize>> {
        let height = self.frame.height();
        if height <= self.head + self.tail {
            return (0..height).map(Some).collect();
        }
        (0..self.head)
            .map(Some)
            .chain(std::iter::once(None))
            .chain((height - self.tail..height).map(Some))
            .collect()
    }

    /// The columns shown, with `None` where the `…` column goes.
    fn shown_columns(&self) -> Vec<Option<&'a Column>> {
        let columns = self.frame.columns();
        if columns.len() <= self.max_columns {
            return columns.iter().map(Some).collect();
        }
        let head = self.max_columns.div_ceil(2);
        let tail = self.max_columns / 2;
        columns[..head]
            .iter()
            .map(Some)
            .chain(std::iter::once(None))
            .chain(columns[columns.len() - tail..].iter().map(Some))
            .collect()
    }

    fn unit_of(&self, name: &str) -> Option<&str> {
        self.units
            .iter()
            .find(|(c, u)| c == name && !u.trim().is_empty())
            .map(|(_, u)| u.as_str())
    }

    /// The formatted columns: header, second-row text, numeric, cells of the shown rows.
    fn prepared(&self) -> Vec<Prepared> {
        let rows = self.shown_rows();
        self.shown_columns()
            .into_iter()
            .map(|column| match column {
                None => Prepared {
                    header: "…".to_string(),
                    second: String::new(),
                    numeric: false,
                    cells: rows.iter().map(|_| Some("…".to_string())).collect(),
                },
                Some(column) => self.prepare(column, &rows),
            })
            .collect()
    }

    fn prepare(&self, column: &Column, rows: &[Option<usize>]) -> Prepared {
        let name = column.name().as_str();
        let dtype = column.dtype();
        let values: Vec<Option<AnyValue>> = rows
            .iter()
            .map(|r| r.and_then(|i| column.get(i).ok()))
            .collect();
        let cells = if self.figures && dtype.is_float() {
            let mut format = NumberFormat::figure();
            if is_year_or_code(name) {
                format = format.plain();
            }
            values
                .iter()
                .map(|v| {
                    v.as_ref()
                        .filter(|v| !v.is_null())
                        .and_then(|v| v.extract::<f64>())
                        .map(|x| format.format(x))
                })
                .collect()
        } else {
            format_cells(name, dtype, &values)
        };
        let label = self
            .labels
            .iter()
            .find(|(c, _)| c == name)
            .map_or(name, |(_, l)| l.as_str());
        let (header, second) = match (self.second_row, self.unit_of(name)) {
            (SecondRow::DTypes, Some(unit)) => (format!("{label} ({unit})"), dtype.to_string()),
            (SecondRow::DTypes, None) => (label.to_string(), dtype.to_string()),
            (SecondRow::Units, unit) => (label.to_string(), unit.unwrap_or("").to_string()),
        };
        let cells = rows
            .iter()
            .zip(cells)
            .map(|(r, c)| match r {
                None => Some("…".to_string()),
                Some(_) => c,
            })
            .collect();
        Prepared {
            header,
            second,
            numeric: dtype.is_primitive_numeric(),
            cells,
        }
    }

    /// The shape line, the HTML table and the caption, in a `<div class="tradedef-table">`.
    pub fn html(&self) -> String {
        let columns = self.prepared();
        let rows = self.shown_rows();
        let attrs = |p: &Prepared| if p.numeric { NUM } else { "" };
        let mut html = format!(
            "<div class=\"tradedef-table\">\n<small class=\"shape\">{}</small>\n<table class=\"dataframe\">\n<thead>\n<tr>",
            escape(&self.shape_line())
        );
        for p in &columns {
            html.push_str(&format!("<th{}>{}</th>", attrs(p), escape(&p.header)));
        }
        let second_class = match self.second_row {
            SecondRow::DTypes => "dtype",
            SecondRow::Units => "unit",
        };
        let show_second =
            self.second_row == SecondRow::DTypes || columns.iter().any(|p| !p.second.is_empty());
        if show_second {
            html.push_str(&format!("</tr>\n<tr class=\"{second_class}\">"));
            for p in &columns {
                html.push_str(&format!("<td{}>{}</td>", attrs(p), escape(&p.second)));
            }
        }
        html.push_str("</tr>\n</thead>\n<tbody>\n");
        for (r, row) in rows.iter().enumerate() {
            html.push_str(if row.is_some() {
                "<tr>"
            } else {
                "<tr class=\"ellipsis\">"
            });
            for p in &columns {
                match &p.cells[r] {
                    Some(text) if text == MISSING => {
                        let a = if p.numeric { NUM_NULL } else { NULL };
                        html.push_str(&format!("<td{a}>{MISSING}</td>"));
                    }
                    Some(text) => html.push_str(&format!("<td{}>{}</td>", attrs(p), escape(text))),
                    None => {
                        let a = if p.numeric { NUM_NULL } else { NULL };
                        html.push_str(&format!("<td{a}>{MISSING}</td>"));
                    }
                }
            }
            html.push_str("</tr>\n");
        }
        html.push_str("</tbody>\n</table>\n");
        if let Some(caption) = &self.caption {
            html.push_str(&format!(
                "<p class=\"caption\" style=\"opacity:.8\">{}</p>\n",
                escape(caption)
            ));
        }
        html.push_str("</div>");
        html
    }

    /// A plain-text rendering: the shape line, aligned columns (names, dtypes or units, rows),
    /// and the caption.
    pub fn text(&self) -> String {
        let columns = self.prepared();
        let rows = self.shown_rows();
        let mut table: Vec<Vec<String>> = vec![columns.iter().map(|p| p.header.clone()).collect()];
        if columns.iter().any(|p| !p.second.is_empty()) {
            table.push(columns.iter().map(|p| p.second.clone()).collect());
        }
        for r in 0..rows.len() {
            table.push(
                columns
                    .iter()
                    .map(|p| p.cells[r].clone().unwrap_or_else(|| MISSING.to_string()))
                    .collect(),
            );
        }
        let widths: Vec<usize> = (0..columns.len())
            .map(|c| {
                table
                    .iter()
                    .map(|row| row[c].chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = self.shape_line();
        out.push('\n');
        for row in &table {
            let line: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(c, cell)| {
                    let pad = " ".repeat(widths[c].saturating_sub(cell.chars().count()));
                    if columns[c].numeric {
                        format!("{pad}{cell}")
                    } else {
                        format!("{cell}{pad}")
                    }
                })
                .collect();
            out.push_str(line.join("  ").trim_end());
            out.push('\n');
        }
        if let Some(caption) = &self.caption {
            out.push_str(caption);
            out.push('\n');
        }
        out
    }
}

/// One shown column, formatted.
struct Prepared {
    header: String,
    second: String,
    numeric: bool,
    /// `None` for a null.
    cells: Vec<Option<String>>,
}

/// A row or column limit from a polars display variable: a negative value means no limit.
fn env_limit(name: &str) -> Option<usize> {
    parse_limit(&std::env::var(name).ok()?)
}

/// `"12"` → 12, `"-1"` → no limit, anything else → none.
fn parse_limit(text: &str) -> Option<usize> {
    let value: i64 = text.trim().parse().ok()?;
    Some(usize::try_from(value).unwrap_or(usize::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::*;

    fn long() -> DataFrame {
        let years: Vec<i64> = (1900..2000).collect();
        let values: Vec<f64> = years.iter().map(|y| *y as f64 * 1.5).collect();
        df!("year" => years, "value" => values).unwrap()
    }

    #[test]
    fn class_shape_and_dtype_row() {
        let df = df!("year" => [2022i64], "partner" => ["Japan"], "v" => [1.5]).unwrap();
        let html = HtmlTable::new(&df).html();
        assert!(html.contains("<table class=\"dataframe\">"), "{html}");
        assert!(html.contains("<small class=\"shape\">1 row × 3 columns</small>"));
        assert!(html.contains(
            "<tr class=\"dtype\"><td class=\"num\" style=\"text-align:right\">i64</td><td>str</td>"
        ));
        assert!(html.contains(">f64</td>"));
        assert!(html.contains("<td class=\"num\" style=\"text-align:right\">2022</td>"));
    }

    #[test]
    fn long_tables_show_head_and_tail_with_an_ellipsis_row() {
        let df = long();
        let html = HtmlTable::new(&df).html();
        assert_eq!(html.matches("<tr class=\"ellipsis\">").count(), 1);
        // header + dtype + 5 + … + 5
        assert_eq!(html.matches("<tr").count(), 2 + 5 + 1 + 5, "{html}");
        assert!(html.contains(">1904<") && !html.contains(">1905<"));
        assert!(html.contains(">1995<") && !html.contains(">1994<"));
        let top = HtmlTable::new(&df).rows(3, 0).html();
        assert!(top.contains(">1902<") && !top.contains(">1999<"));
        assert!(top.find(">1902<").unwrap() < top.find("class=\"ellipsis\"").unwrap());
        let all = HtmlTable::new(&df).max_rows(usize::MAX).html();
        assert!(!all.contains("ellipsis") && all.contains(">1950<"));
    }

    #[test]
    fn wide_tables_show_first_and_last_columns() {
        let df = df!("a" => [1i64], "b" => [2i64], "c" => [3i64]).unwrap();
        let html = HtmlTable::new(&df).max_columns(2).html();
        assert!(
            html.contains(">a</th><th>…</th><th class=\"num\" style=\"text-align:right\">c</th>"),
            "{html}"
        );
        assert!(!html.contains(">b</th>") && html.contains("1 row × 3 columns"));
    }

    #[test]
    fn nulls_are_a_dash_with_one_class_and_one_style() {
        let df =
            df!("v" => [Some(1.5), None, Some(f64::NAN)], "t" => [Some("x"), None, None]).unwrap();
        let html = HtmlTable::new(&df).html();
        assert_eq!(
            html.matches("<td class=\"num null\" style=\"text-align:right;opacity:.65\">—</td>")
                .count(),
            2,
            "{html}"
        );
        assert_eq!(
            html.matches("<td class=\"null\" style=\"opacity:.65\">—</td>")
                .count(),
            2
        );
        for tag in html.split('<') {
            assert!(
                tag.matches("style=").count() <= 1 && tag.matches("class=").count() <= 1,
                "{tag}"
            );
        }
        assert!(!html.contains(">null<") && !html.contains(">NaN<"));
    }

    #[test]
    fn every_cell_and_header_is_escaped() {
        let df = df!("<b>" => ["a & <i>x</i>"]).unwrap();
        let html = HtmlTable::new(&df)
            .unit("<b>", "\"q\"")
            .caption("<script>")
            .html();
        assert!(html.contains("&lt;b&gt; (&quot;q&quot;)"), "{html}");
        assert!(html.contains("a &amp; &lt;i&gt;x&lt;/i&gt;"));
        assert!(html.contains("&lt;script&gt;") && !html.contains("<script>"));
        assert!(!html.contains("<i>") && !html.contains("<b>"));
    }

    #[test]
    fn a_readers_table_shows_labels_units_once_and_figures() {
        let df = df!("exports_usd_mn" => [1234.5678, 0.25], "year" => [2023i64, 2024]).unwrap();
        let html = HtmlTable::new(&df)
            .label("exports_usd_mn", "Exports")
            .unit("exports_usd_mn", "USD millions")
            .units_row()
            .figures()
            .html();
        assert!(
            html.contains(">Exports</th>") && !html.contains("exports_usd_mn"),
            "{html}"
        );
        assert_eq!(html.matches("USD millions").count(), 1);
        assert!(html.contains("<tr class=\"unit\">"));
        assert!(html.contains(">1,234.6<") && html.contains(">0.25<"));
    }

    #[test]
    fn polars_settings_are_read_as_polars_does() {
        assert_eq!(parse_limit("12"), Some(12));
        assert_eq!(parse_limit(" -1 "), Some(usize::MAX));
        assert_eq!(parse_limit("many"), None);
        let df = long();
        let html = HtmlTable::new(&df)
            .max_rows(parse_limit("4").unwrap())
            .html();
        assert!(html.contains(">1901<") && !html.contains(">1902<") && html.contains(">1998<"));
    }

    #[test]
    fn text_fallback() {
        let df = df!("partner" => [Some("Japan"), None], "v" => [1.5, -2.25]).unwrap();
        let text = HtmlTable::new(&df).caption("Source: x").text();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "2 rows × 2 columns");
        assert_eq!(lines[1], "partner      v");
        assert_eq!(lines[2], "str        f64");
        assert_eq!(lines[3], "Japan     1.50");
        assert_eq!(lines[4], "—        -2.25");
        assert_eq!(lines[5], "Source: x");
    }
}
