//! An exhibit of a study: a question, a chart (SVG and PNG), the data behind it and the findings
//! computed from it, rendered once for the report, the notebooks and the tests alike.

use polars::prelude::*;

use serde::Serialize;

use crate::Result;
use crate::analysis::Table;
use crate::chart::{Chart, LineChart, ValueFormat};
use crate::output::frame_to_csv;

/// One exhibit of the study: a question, a chart (SVG and PNG), the data behind it and the
/// findings computed from it.
#[derive(Debug, Clone, Default)]
pub struct Exhibit {
    /// File stem and HTML anchor, e.g. `01-us-japan-balance`.
    pub id: String,
    /// The heading.
    pub title: String,
    /// The question the exhibit answers.
    pub question: String,
    /// Sentences whose figures are computed from the data.
    pub findings: Vec<String>,
    /// The chart as SVG (empty for a table-only exhibit).
    pub svg: String,
    /// The chart drawn for a phone's width ([`Chart::to_svg_narrow`]; empty for a table-only
    /// exhibit): the report shows it instead of [`Exhibit::svg`] on a narrow screen.
    pub svg_narrow: String,
    /// What the chart shows, in words ([`Chart::description`]): the SVG's `<desc>` and the
    /// `alt` text of its image in the report (empty for a table-only exhibit).
    pub description: String,
    /// The chart as PNG (empty for a table-only exhibit).
    pub png: Vec<u8>,
    /// The data behind the chart, as CSV text.
    pub csv: String,
    /// The table's header, for the page.
    pub table_header: Vec<String>,
    /// The table's rows, formatted for the page.
    pub table_rows: Vec<Vec<String>>,
    /// The table itself (the report renders it with [`crate::output::HtmlTable`]).
    pub table: Option<Table>,
    /// The source line.
    pub source_line: String,
    /// Notes: vintages, definitions, assumptions.
    pub notes: Vec<String>,
}

impl Exhibit {
    /// Whether the exhibit has a chart.
    pub fn has_chart(&self) -> bool {
        !self.svg.is_empty()
    }
}

/// One row of the fact-check table.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FactCheckRow {
    /// The claim's id.
    pub id: String,
    /// The quoted sentence.
    pub quote: String,
    /// The claimed value with unit.
    pub claimed: String,
    /// The measured value with unit.
    pub measured: String,
    /// The verdict.
    pub verdict: String,
    /// The definition used.
    pub definition: String,
    /// The source line with vintage.
    pub source: String,
}

/// A long-format frame for `lines_by` / `columns_by`: for each `(column, label, scale)`, the
/// rows of `x` and `column × scale` as `value`, labelled `label` in a `series` column, in the
/// order given; rows without a value are left out (a gap, never a zero).
pub(crate) fn long_series(
    table: &Table,
    x: &str,
    series: &[(&str, String, f64)],
) -> Result<DataFrame> {
    frame_series(table.frame(), table.name(), x, series)
}

/// [`long_series`] of a bare frame; `what` names it in errors.
pub(crate) fn frame_series(
    frame: &DataFrame,
    what: &str,
    x: &str,
    series: &[(&str, String, f64)],
) -> Result<DataFrame> {
    let parts: Vec<LazyFrame> = series
        .iter()
        .map(|(column, label, scale)| {
            frame
                .clone()
                .lazy()
                .select([
                    col(x),
                    (col(*column).cast(DataType::Float64) * lit(*scale)).alias("value"),
                    lit(label.as_str()).alias("series"),
                ])
                .filter(col("value").is_not_null())
        })
        .collect();
    crate::analysis::plan::collect(
        concat(parts, UnionArgs::default()).map_err(|e| crate::Error::polars(what, e))?,
        what,
    )
}

/// Which release each run of years of a table comes from, read from its `year` and `vintage`
/// columns: `1985–2021 from census-country-xlsx-2023-01; 2022–2025 from census-country-2026-07`.
pub(crate) fn vintage_spans(table: &Table) -> Result<String> {
    let years = table.ints("year")?;
    let vintages = table.texts("vintage")?;
    let mut runs: Vec<(i64, i64, String)> = Vec::new();
    for (y, v) in years.into_iter().zip(vintages) {
        let (Some(y), Some(v)) = (y, v) else { continue };
        match runs.last_mut() {
            Some((_, last, tag)) if *tag == v => *last = y,
            _ => runs.push((y, y, v)),
        }
    }
    Ok(runs
        .into_iter()
        .map(|(a, b, v)| {
            if a == b {
                format!("{a} from {v}")
            } else {
                format!("{a}–{b} from {v}")
            }
        })
        .collect::<Vec<_>>()
        .join("; "))
}

/// Dollars for findings, `x` in USD billions: `$178.3bn`, or in millions below a billion
/// (`$12.3m`), so a small partner's figures do not read `$0.0bn`.
pub(crate) fn usd_bn(x: f64) -> String {
    if x.abs() < 0.9995 {
        ValueFormat::usd_millions().decimals(1).format(x * 1e3)
    } else {
        ValueFormat::usd_billions().decimals(1).format(x)
    }
}

/// A percentage with one decimal, for findings.
pub(crate) fn pct(x: f64) -> String {
    format!("{x:.1}%")
}

/// A number for the report's tables: the reader's figure of [`crate::output::NumberFormat`].
fn table_number(x: f64) -> String {
    crate::output::NumberFormat::figure().format(x)
}

pub(crate) fn render(
    id: &str,
    title: &str,
    question: &str,
    chart: &impl Chart,
    table: &Table,
    findings: Vec<String>,
) -> Result<Exhibit> {
    let frame = table.frame();
    let header: Vec<String> = table
        .units()
        .iter()
        .map(|(c, u)| {
            if u.is_empty() {
                c.clone()
            } else {
                format!("{c} ({u})")
            }
        })
        .collect();
    let rows: Vec<Vec<String>> = (0..frame.height())
        .map(|i| {
            frame
                .columns()
                .iter()
                .map(|c| match c.get(i) {
                    Ok(polars::prelude::AnyValue::Float64(x)) => table_number(x),
                    Ok(polars::prelude::AnyValue::Null) => String::new(),
                    Ok(polars::prelude::AnyValue::String(s)) => s.to_string(),
                    Ok(v) => v.to_string(),
                    Err(_) => String::new(),
                })
                .collect()
        })
        .collect();
    Ok(Exhibit {
        id: id.to_string(),
        title: title.to_string(),
        question: question.to_string(),
        findings,
        svg: chart.to_svg()?,
        svg_narrow: chart.to_svg_narrow()?,
        description: chart.description(),
        png: chart.to_png()?,
        csv: frame_to_csv(frame)?,
        table_header: header,
        table_rows: rows,
        table: Some(table.clone()),
        source_line: table.source_line(),
        notes: table.notes().to_vec(),
    })
}

/// A chart line: its label and `(x, y)` points.
pub(crate) type LabelledLine = (String, Vec<(f64, f64)>);

/// The lines of a tariff sensitivity grid: one line per pass-through, exporters' revenue loss
/// (USD billions) against the elasticity, as `(label, points)`.
fn loss_by_pass_through(t: &Table) -> Result<Vec<LabelledLine>> {
    let e = t.floats("elasticity")?;
    let p = t.floats("pass_through")?;
    let loss = t.floats("exporters_revenue_loss_usd_mn")?;
    let mut levels: Vec<f64> = p.iter().flatten().copied().collect();
    levels.sort_by(f64::total_cmp);
    levels.dedup();
    Ok(levels
        .iter()
        .map(|level| {
            let pts: Vec<(f64, f64)> = e
                .iter()
                .zip(&p)
                .zip(&loss)
                .filter_map(|((e, p), l)| (p.as_ref()? == level).then_some(((*e)?, (*l)? / 1e3)))
                .collect();
            (format!("pass-through {:.0}%", level * 100.0), pts)
        })
        .collect())
}

/// The chart of a tariff sensitivity grid: exporters' revenue loss (USD billions a year) against
/// the import demand elasticity, one line per pass-through, with the table's source line.
pub(crate) fn tariff_grid_line_chart(
    title: impl Into<String>,
    subtitle: impl Into<String>,
    note: impl Into<String>,
    t: &Table,
) -> Result<LineChart> {
    let mut chart = LineChart::new(title)
        .subtitle(subtitle)
        .x_label("import demand elasticity (absolute value)")
        .x_format(ValueFormat::number().decimals(1))
        .y_label("USD billions a year")
        .y_format(ValueFormat::usd_billions())
        .include_zero(true)
        .source(t.provenance())
        .note(note);
    for (label, pts) in loss_by_pass_through(t)? {
        chart = chart.series(label, pts);
    }
    Ok(chart)
}

#[cfg(test)]
mod usd_tests {
    #[test]
    fn small_amounts_read_in_millions() {
        assert_eq!(super::usd_bn(178.276), "$178.3bn");
        assert_eq!(super::usd_bn(0.0123), "$12.3m");
        assert_eq!(super::usd_bn(-0.5), "-$500.0m");
        assert_eq!(super::usd_bn(1.0), "$1.0bn");
    }
}
