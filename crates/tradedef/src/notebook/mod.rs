//! Rich display in the evcxr Jupyter kernel: charts as SVG and PNG, tables as HTML.
//!
//! evcxr rewrites a cell's last expression to `(expr).evcxr_display()`, found by ordinary method
//! resolution, so the [`NotebookDisplay`] trait (in the prelude) makes charts, DataFrames and
//! datasets display inline. Output follows evcxr's protocol: for each MIME type a line
//! `EVCXR_BEGIN_CONTENT <mime>`, the content, and a line `EVCXR_END_CONTENT`, printed to stdout;
//! binary content (PNG) is base64. [`NotebookDisplay::display_text`] returns that text, so it
//! can be tested; outside a notebook, save charts with [`Chart::save_svg`] / [`Chart::save_png`].
//!
//! ```
//! use tradedef::prelude::*;
//! let df = df!("year" => [2023i64, 2024], "value" => [-71426.9, -68253.2]).unwrap();
//! let text = df.display_text();
//! assert!(text.starts_with("EVCXR_BEGIN_CONTENT text/html\n"));
//! assert!(text.contains("-68,253.2"));
//! ```

use base64::Engine;
use polars::prelude::{Column, DataFrame, LazyFrame, Series};

use crate::chart::Chart;
use crate::data::Dataset;
use crate::output::HtmlTable;

mod claims;
mod results;

/// The marker line evcxr reads before a MIME type's content.
pub const BEGIN: &str = "EVCXR_BEGIN_CONTENT";
/// The marker line evcxr reads after the content.
pub const END: &str = "EVCXR_END_CONTENT";

/// One MIME bundle in evcxr's protocol: the begin line, the content, the end line.
///
/// ```
/// let block = tradedef::notebook::mime_block("text/plain", "hello");
/// assert_eq!(block, "EVCXR_BEGIN_CONTENT text/plain\nhello\nEVCXR_END_CONTENT\n");
/// ```
pub fn mime_block(mime: &str, content: &str) -> String {
    let mut out = String::with_capacity(content.len() + 64);
    out.push_str(BEGIN);
    out.push(' ');
    out.push_str(mime);
    out.push('\n');
    out.push_str(content);
    if !content.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(END);
    out.push('\n');
    out
}

/// Rich display in evcxr: the cell's last expression shows as a chart or a table.
///
/// Implemented for every [`Chart`] (SVG and PNG bundles; a text/plain error message if the chart
/// cannot be drawn), for [`DataFrame`] (an HTML table and a text/plain fallback) and for
/// [`Dataset`] (the same, with units in the headers and the source line under the table).
///
/// ```
/// use tradedef::prelude::*;
/// let chart = LineChart::new("t").series("a", vec![(2020.0, 1.0), (2021.0, 2.0)]);
/// let text = chart.display_text();
/// assert!(text.contains("EVCXR_BEGIN_CONTENT image/svg+xml\n<svg"));
/// assert!(text.contains("EVCXR_BEGIN_CONTENT image/png\n"));
/// ```
pub trait NotebookDisplay {
    /// The evcxr protocol text: one `EVCXR_BEGIN_CONTENT`/`EVCXR_END_CONTENT` block per MIME type.
    fn display_text(&self) -> String;

    /// Prints [`NotebookDisplay::display_text`] to stdout, where evcxr reads it.
    fn evcxr_display(&self) {
        print!("{}", self.display_text());
    }
}

impl<C: Chart> NotebookDisplay for C {
    /// Three forms of the chart; a front end shows the richest it renders. JupyterLab, VS Code
    /// and nbconvert show the `text/html` one: the SVG as an image whose `alt` is the chart's
    /// [`Chart::description`], with the description as a visible caption under it
    /// ([`chart_figure`]). Others show the SVG, else the PNG.
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// let chart = LineChart::new("Balance").series("a", vec![(2020.0, 1.0), (2021.0, 2.0)]);
    /// let text = chart.display_text();
    /// assert!(text.contains("EVCXR_BEGIN_CONTENT text/html\n<figure class=\"tradedef-chart\""));
    /// assert!(text.contains(&format!("<figcaption aria-hidden=\"true\"")));
    /// assert!(text.contains(&chart.description()));
    /// ```
    fn display_text(&self) -> String {
        let rendered = self.to_svg().and_then(|svg| Ok((svg, self.to_png()?)));
        match rendered {
            Ok((svg, png)) => {
                let encoded = base64::engine::general_purpose::STANDARD.encode(png);
                mime_block("text/html", &chart_figure(&svg, &self.description()))
                    + &mime_block("image/svg+xml", &fit_to_width(&svg))
                    + &mime_block("image/png", &encoded)
            }
            Err(e) => mime_block("text/plain", &format!("error: {e}")),
        }
    }
}

/// A chart as a notebook shows it: a `<figure>` holding the SVG as an `<img>` (a data URI, which
/// survives the sanitiser of an untrusted notebook, unlike inline SVG) with the description as
/// its `alt`, and the same description as a visible caption under it, hidden from screen
/// readers so they do not read it twice. The image keeps within the output area's width.
pub fn chart_figure(svg: &str, description: &str) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(svg.as_bytes());
    let text = escape(description);
    format!(
        "<figure class=\"tradedef-chart\" style=\"margin:0\">\
         <img src=\"data:image/svg+xml;base64,{encoded}\" alt=\"{text}\" style=\"max-width:100%;height:auto\">\
         <figcaption aria-hidden=\"true\" style=\"opacity:.75;font-size:.85em;margin-top:.3em\">{text}</figcaption></figure>"
    )
}

/// The SVG with an inline style that keeps it within the width of the output area (a notebook
/// column is often narrower than a chart's 1200 px); the chart's SVG already fills its
/// container's width (`width="100%"`) and its `viewBox` keeps the aspect.
fn fit_to_width(svg: &str) -> String {
    match svg.strip_prefix("<svg ") {
        Some(rest) => format!("<svg style=\"max-width:100%;height:auto\" {rest}"),
        None => svg.to_string(),
    }
}

impl NotebookDisplay for DataFrame {
    fn display_text(&self) -> String {
        TableDisplay::new(self).display_text()
    }
}

impl NotebookDisplay for Series {
    /// The series as a one-column table: its name as the header, its dtype under it, the same
    /// head-and-tail, number and null rules as a DataFrame's.
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// let s = Series::new("balance".into(), [-68.5, 0.0004]);
    /// let text = s.display_text();
    /// assert!(text.contains("2 rows × 1 column") && text.contains(">balance</th>"), "{text}");
    /// assert!(text.contains(">f64</td>") && !text.contains(">0.000<"), "{text}");
    /// ```
    fn display_text(&self) -> String {
        TableDisplay::new(&self.clone().into_frame()).display_text()
    }
}

impl NotebookDisplay for LazyFrame {
    /// A lazy query is shown without running it: the plan polars would execute (optimised, as
    /// `explain(true)` writes it), under a line saying it is not computed yet and how to run it.
    /// A plan polars cannot build shows its error.
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// let lf = df!("year" => [2024, 2025], "v" => [1.0, 2.0]).unwrap().lazy()
    ///     .filter(col("year").gt(lit(2024)));
    /// let text = lf.display_text();
    /// assert!(text.contains("LazyFrame: not computed yet") && text.contains("FILTER"), "{text}");
    /// assert!(text.contains("EVCXR_BEGIN_CONTENT text/plain\n"));
    /// ```
    fn display_text(&self) -> String {
        const HEAD: &str =
            "LazyFrame: not computed yet (`.collect()` runs it). Its optimised plan:";
        match self.explain(true) {
            Ok(plan) => {
                let html = format!(
                    "<div class=\"tradedef-lazy\"><small>{}</small>\n<pre>{}</pre></div>",
                    escape(HEAD),
                    escape(plan.trim_end())
                );
                mime_block("text/html", &html)
                    + &mime_block("text/plain", &format!("{HEAD}\n{}", plan.trim_end()))
            }
            Err(e) => mime_block(
                "text/plain",
                &format!("error: the plan cannot be built: {e}"),
            ),
        }
    }
}

impl NotebookDisplay for crate::analysis::Table {
    /// The table with the unit of each column in its header, its name and notes as caption,
    /// and its source line.
    fn display_text(&self) -> String {
        let mut caption = self.name().to_string();
        for n in self.notes() {
            caption.push_str(" · ");
            caption.push_str(n);
        }
        caption.push_str(" · Source: ");
        caption.push_str(&self.source_line());
        let mut t = TableDisplay::new(self.frame()).caption(caption);
        for (column, unit) in self.units() {
            if !unit.trim().is_empty() {
                t = t.unit(column, unit);
            }
        }
        t.display_text()
    }
}

impl NotebookDisplay for Dataset {
    fn display_text(&self) -> String {
        TableDisplay::for_dataset(self).display_text()
    }
}

impl NotebookDisplay for crate::data::Partner {
    /// The partner's key in every dataset, as a two-column table.
    fn display_text(&self) -> String {
        let keys: [(&str, Option<&String>); 6] = [
            ("Census code", self.census_code.as_ref()),
            ("Census name", self.census_name.as_ref()),
            ("SIPRI name", self.sipri_name.as_ref()),
            ("DMDC name", self.dmdc_name.as_ref()),
            ("ISO 3166 alpha-3", self.iso3.as_ref()),
            ("currency", self.currency.as_ref()),
        ];
        let frame = DataFrame::new(
            keys.len(),
            vec![
                Column::new("key".into(), keys.iter().map(|k| k.0).collect::<Vec<_>>()),
                Column::new(
                    "value".into(),
                    keys.iter()
                        .map(|k| k.1.map(String::as_str))
                        .collect::<Vec<_>>(),
                ),
            ],
        );
        match frame {
            Ok(f) => TableDisplay::new(&f)
                .caption(format!(
                    "Partner registry: {} (empty = no such key)",
                    self.name
                ))
                .display_text(),
            Err(e) => mime_block("text/plain", &format!("error: {e}")),
        }
    }
}

impl NotebookDisplay for crate::study::Exhibit {
    /// The exhibit's chart (SVG and PNG), its findings as plain text; a table-only exhibit
    /// shows its findings.
    fn display_text(&self) -> String {
        let text = format!("{}\n{}", self.title, self.findings.join("\n"));
        if !self.has_chart() {
            return mime_block("text/plain", &text);
        }
        let encoded = base64::engine::general_purpose::STANDARD.encode(&self.png);
        mime_block("image/svg+xml", &fit_to_width(&self.svg))
            + &mime_block("image/png", &encoded)
            + &mime_block("text/plain", &text)
    }
}

impl NotebookDisplay for crate::study::Study {
    /// The study's title, lede, each exhibit's question and findings, and the sections left out.
    fn display_text(&self) -> String {
        let mut html = format!(
            "<h3>{}</h3>\n<p>{}</p>\n<ol>\n",
            escape(&self.title),
            escape(&self.lede)
        );
        let mut text = format!("{}\n", self.title);
        for e in &self.exhibits {
            html.push_str(&format!(
                "<li><strong>{}</strong> — <em>{}</em><ul>",
                escape(&e.title),
                escape(&e.question)
            ));
            text.push_str(&format!("- {}\n", e.title));
            for f in &e.findings {
                html.push_str(&format!("<li>{}</li>", escape(f)));
                text.push_str(&format!("    {f}\n"));
            }
            html.push_str("</ul></li>\n");
        }
        html.push_str("</ol>\n");
        if !self.unavailable.is_empty() {
            html.push_str("<p><strong>Not available for this partner</strong></p>\n<ul>\n");
            text.push_str("Not available:\n");
            for u in &self.unavailable {
                html.push_str(&format!(
                    "<li>{}: {}</li>\n",
                    escape(&u.section),
                    escape(&u.reason)
                ));
                text.push_str(&format!("- {}: {}\n", u.section, u.reason));
            }
            html.push_str("</ul>\n");
        }
        mime_block("text/html", &html) + &mime_block("text/plain", &text)
    }
}

/// An HTML (and plain-text) rendering of a DataFrame for notebooks: the
/// [`HtmlTable`] renderer the report uses too, after polars' own
/// conventions, with polars' display settings.
///
/// A `<table class="dataframe">` with a shape line ("N rows × M columns") above it and a row of
/// dtypes (`i64`, `f64`, `str`) under the header; numbers right-aligned, with thousands
/// separators and, per column, the fewest decimals (at most 3) that show every displayed value
/// as stored, a small non-zero value with more (never `0.000`); years and codes without
/// separators (`2024`, not `2,024`: see [`crate::output::format_cells`]); nulls and NaN as a
/// grey `—`. A long table shows its first 5 and last 5 rows with a `…` row between, a wide one
/// its first and last columns (at most 75) with a `…` column between; `POLARS_FMT_MAX_ROWS`
/// and `POLARS_FMT_MAX_COLS` change these limits as they do polars' own display (`-1`: all).
///
/// ```
/// use tradedef::prelude::*;
/// use tradedef::notebook::TableDisplay;
/// let df = df!("partner" => ["<Japan>"], "value" => [68253.2]).unwrap();
/// let html = TableDisplay::new(&df).unit("value", "USD millions").html();
/// assert!(html.contains(">value (USD millions)</th>"));
/// assert!(html.contains("&lt;Japan&gt;"));
/// assert!(html.contains("1 row × 2 columns"));
/// assert!(html.contains("class=\"dataframe\"") && html.contains(">f64</td>"));
/// ```
#[derive(Debug, Clone)]
pub struct TableDisplay<'a> {
    table: HtmlTable<'a>,
}

impl<'a> TableDisplay<'a> {
    /// A display of `frame` with polars' defaults and display settings.
    pub fn new(frame: &'a DataFrame) -> Self {
        TableDisplay {
            table: HtmlTable::new(frame).polars_settings(),
        }
    }

    /// A display of a dataset's frame, with the units of its float columns in the headers and
    /// its source line under the table.
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// use tradedef::notebook::TableDisplay;
    /// let trade = load("us_japan_goods_trade").unwrap();
    /// let html = TableDisplay::for_dataset(&trade).html();
    /// assert!(html.contains("value (USD millions") && html.contains("Source: "));
    /// ```
    pub fn for_dataset(dataset: &'a Dataset) -> Self {
        let mut display = TableDisplay::new(dataset.frame());
        for spec in &dataset.meta().columns {
            if matches!(spec.dtype, crate::data::DType::Float) && !spec.unit.trim().is_empty() {
                display = display.unit(&spec.name, &spec.unit);
            }
        }
        display.caption(format!("Source: {}", dataset.provenance().source_line()))
    }

    /// Shows `unit` in the header of `column` as "column (unit)". Default none.
    pub fn unit(mut self, column: &str, unit: &str) -> Self {
        self.table = self.table.unit(column, unit);
        self
    }

    /// A line of text under the table (e.g. the source). Default none.
    pub fn caption(mut self, caption: impl Into<String>) -> Self {
        self.table = self.table.caption(caption);
        self
    }

    /// The most rows shown (first half and last half). Default 10, or `POLARS_FMT_MAX_ROWS`;
    /// at least 1.
    pub fn max_rows(mut self, rows: usize) -> Self {
        self.table = self.table.max_rows(rows);
        self
    }

    /// The most columns shown (first half and last half). Default 75, or
    /// `POLARS_FMT_MAX_COLS`; at least 1.
    pub fn max_columns(mut self, columns: usize) -> Self {
        self.table = self.table.max_columns(columns);
        self
    }

    /// "N rows × M columns" (singular for one).
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// let df = df!("a" => [1i64, 2, 3]).unwrap();
    /// assert_eq!(tradedef::notebook::TableDisplay::new(&df).shape_line(), "3 rows × 1 column");
    /// ```
    pub fn shape_line(&self) -> String {
        self.table.shape_line()
    }

    /// The shape line, the HTML table and the caption.
    pub fn html(&self) -> String {
        self.table.html()
    }

    /// A plain-text rendering: the shape line, aligned columns and the caption.
    pub fn text(&self) -> String {
        self.table.text()
    }

    /// The evcxr protocol text: an HTML block and a text/plain block.
    pub fn display_text(&self) -> String {
        mime_block("text/html", &self.html()) + &mime_block("text/plain", &self.text())
    }
}

pub use crate::html::escape;
