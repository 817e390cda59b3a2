//! Small multiples: a grid of small line charts sharing a theme and (by default) a y scale.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};

use super::Chart;
use super::axis::finite_range;
use super::canvas::{Anchor, chart_error, line_height};
use super::format::ValueFormat;
use super::from_table::{ChartData, Rows, unit_and_source};
use super::line::{Annotation, ChartSeries, LinePlot};
use super::title_block::{TitleBlock, title_block_methods, unit_methods};
use crate::Result;

/// A grid of small line charts, one per panel, each with its own title.
///
/// Defaults: as many columns as the square root of the panel count (rounded up), one y scale and
/// one x range shared by every panel (so heights compare), y written with
/// [`ValueFormat::number`], zero included in the y range.
///
/// ```
/// use tradedef::prelude::*;
/// let chart = SmallMultiples::new("Military expenditure, share of GDP")
///     .panel("Japan", vec![(2014.0, 0.95), (2024.0, 1.4)])
///     .panel("Germany", vec![(2014.0, 1.2), (2024.0, 1.9)])
///     .panel("Korea", vec![(2014.0, 2.5), (2024.0, 2.6)])
///     .columns(3)
///     .y_format(ValueFormat::percent())
///     .source_text("illustrative figures");
/// assert!(chart.to_svg().unwrap().contains("Germany"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SmallMultiples {
    title_block: TitleBlock,
    panels: Vec<(String, Vec<ChartSeries>)>,
    columns: Option<usize>,
    shared_y: bool,
    y_format: ValueFormat,
    y_label: Option<String>,
    annotations: Vec<Annotation>,
    include_zero: bool,
}

impl SmallMultiples {
    /// Small multiples with a title and no panels yet.
    pub fn new(title: impl Into<String>) -> Self {
        SmallMultiples {
            title_block: TitleBlock::new(title),
            panels: Vec::new(),
            columns: None,
            shared_y: true,
            y_format: ValueFormat::number(),
            y_label: None,
            annotations: Vec::new(),
            include_zero: true,
        }
    }

    title_block_methods!();

    /// Adds a panel with one series.
    pub fn panel<P: std::borrow::Borrow<(f64, f64)>>(
        mut self,
        title: impl Into<String>,
        points: impl IntoIterator<Item = P>,
    ) -> Self {
        let title = title.into();
        let series = ChartSeries {
            name: title.clone(),
            points: points.into_iter().map(|p| *p.borrow()).collect(),
        };
        self.panels.push((title, vec![series]));
        self
    }

    /// Adds one panel per value of column `panel` of a long-format table (in order of first
    /// appearance), each drawing `y` over `x`. The unit of `y` becomes the y label and the data's
    /// source the source line, unless already set.
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// let df = df!(
    ///     "country" => ["Japan", "Japan", "Korea", "Korea"],
    ///     "year" => [2014i64, 2024, 2014, 2024],
    ///     "share" => [0.95, 1.4, 2.5, 2.6],
    /// )?;
    /// let chart = SmallMultiples::new("Share of GDP").panels_by(&df, "year", "share", "country")?;
    /// assert!(chart.to_svg()?.contains("Korea"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn panels_by(
        mut self,
        data: &impl ChartData,
        x: &str,
        y: &str,
        panel: &str,
    ) -> Result<Self> {
        let groups = {
            let rows = Rows::new(self.title_block.title(), data)?;
            let groups = rows.read_by(panel, &[(x, "x of a panel"), (y, "y of a panel")], &[])?;
            for g in &groups {
                rows.unique_x(&g.name, &g.values[0])?;
            }
            groups
        };
        let (unit, source) = unit_and_source(data, y);
        if self.y_label.is_none() {
            self.y_label = unit;
        }
        self.title_block.add_source(source);
        for g in groups {
            let points = g.points();
            self = self.panel(g.name, points);
        }
        Ok(self)
    }

    /// Sets the number of columns. Default: the square root of the panel count, rounded up.
    pub fn columns(mut self, columns: usize) -> Self {
        self.columns = Some(columns.max(1));
        self
    }

    /// Whether every panel shares one y scale. Default true.
    pub fn shared_y(mut self, shared: bool) -> Self {
        self.shared_y = shared;
        self
    }

    unit_methods!(
        y_format: "Sets how y ticks are written. Default [`ValueFormat::number`].",
        y_label: "Sets the y-axis label (the unit), drawn once above the grid. Default none."
    );

    /// Marks an event at `x` in every panel.
    pub fn annotate(mut self, x: f64, label: impl Into<String>) -> Self {
        self.annotations.push(Annotation {
            x,
            label: label.into(),
        });
        self
    }

    /// Whether y ranges must include zero. Default true.
    pub fn include_zero(mut self, include: bool) -> Self {
        self.include_zero = include;
        self
    }
}

impl Chart for SmallMultiples {
    fn title_block(&self) -> &TitleBlock {
        &self.title_block
    }

    /// "Small multiples. {title}, {first x}–{last x}. {n} panels." then the panels with the
    /// highest and the lowest last value, and each panel's first and last value (at most
    /// twelve panels, the others counted).
    fn description(&self) -> String {
        use super::describe::{finite_points, title_sentence, x_text};
        const MAX_DESCRIBED: usize = 12;
        let f = &self.y_format;
        let panels: Vec<(&str, Vec<(f64, f64)>)> = self
            .panels
            .iter()
            .map(|(name, series)| {
                let points: Vec<(f64, f64)> = series
                    .iter()
                    .flat_map(|s| s.points.iter().copied())
                    .collect();
                (name.as_str(), finite_points(&points))
            })
            .filter(|(_, p)| !p.is_empty())
            .collect();
        let x0 = panels
            .iter()
            .filter_map(|(_, p)| p.first().map(|q| q.0))
            .reduce(f64::min);
        let xn = panels
            .iter()
            .filter_map(|(_, p)| p.last().map(|q| q.0))
            .reduce(f64::max);
        let range = x0.zip(xn).map(|(a, b)| (x_text(a, None), x_text(b, None)));
        let mut text = title_sentence("Small multiples", self.title_block.title(), range);
        text.push_str(&format!(" {} panels.", self.panels.len()));
        let last = |p: &Vec<(f64, f64)>| p.last().copied().unwrap_or((f64::NAN, f64::NAN));
        let mut hi: Option<(&str, (f64, f64))> = None;
        let mut lo: Option<(&str, (f64, f64))> = None;
        for (name, p) in &panels {
            let l = last(p);
            if hi.is_none_or(|h| l.1 > h.1.1) {
                hi = Some((*name, l));
            }
            if lo.is_none_or(|h| l.1 < h.1.1) {
                lo = Some((*name, l));
            }
        }
        if let (Some(h), Some(l)) = (hi, lo)
            && panels.len() > 1
        {
            text.push_str(&format!(
                " Highest last value: {}, {} in {}; lowest: {}, {} in {}.",
                h.0,
                f.format_precise(h.1.1),
                x_text(h.1.0, None),
                l.0,
                f.format_precise(l.1.1),
                x_text(l.1.0, None)
            ));
        }
        for (name, p) in panels.iter().take(MAX_DESCRIBED) {
            let (Some(a), Some(b)) = (p.first(), p.last()) else {
                continue;
            };
            text.push_str(&format!(
                " {name}: {} in {}, {} in {}.",
                f.format_precise(a.1),
                x_text(a.0, None),
                f.format_precise(b.1),
                x_text(b.0, None)
            ));
        }
        if panels.len() > MAX_DESCRIBED {
            text.push_str(&format!(" {} more panels.", panels.len() - MAX_DESCRIBED));
        }
        text
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let title = self.title_block.title();
        if self.panels.is_empty() {
            return Err(chart_error(
                title,
                "no panels to draw; add some with `.panel(title, points)`",
            ));
        }
        let mut plots = Vec::with_capacity(self.panels.len());
        for (name, series) in &self.panels {
            let plot = LinePlot::new(
                title,
                series,
                &self.annotations,
                &self.y_format,
                None,
                self.include_zero,
            )
            .map_err(|e| chart_error(title, format!("panel `{name}`: {}", strip(&e))))?;
            plots.push(plot);
        }
        if self.shared_y {
            let y = finite_range(plots.iter().flat_map(|p| [p.y_range.0, p.y_range.1]))
                .unwrap_or((0.0, 1.0));
            let x = finite_range(plots.iter().flat_map(|p| [p.x_domain.0, p.x_domain.1]))
                .unwrap_or((0.0, 1.0));
            for p in &mut plots {
                p.y_range = y;
                p.x_domain = x;
            }
        }

        let canvas = self.title_block.canvas(area);
        let t = canvas.theme.clone();
        let (left, mut top, right, bottom) = self.title_block.draw(&canvas, &[])?;
        let size = t.label_size * 0.85;
        top += canvas.unit_label(self.y_label.as_deref(), (left, top), t.label_size, 0)?;
        let n = plots.len();
        let columns = self
            .columns
            .unwrap_or_else(|| (n as f64).sqrt().ceil() as usize)
            .clamp(1, n);
        let rows = n.div_ceil(columns);
        let hgap = (t.label_size * 2.0) as i32;
        let vgap = (t.label_size * 1.0) as i32;
        let cell_w = ((right - left) - hgap * (columns as i32 - 1)) / columns as i32;
        let cell_h = ((bottom - top) - vgap * (rows as i32 - 1)) / rows as i32;
        let title_size = t.label_size;
        let shared_ticks = plots[0].y_ticks(cell_h - line_height(title_size), size);
        for (i, (plot, (name, _))) in plots.iter().zip(&self.panels).enumerate() {
            let (r, c) = ((i / columns) as i32, (i % columns) as i32);
            let x0 = left + c * (cell_w + hgap);
            let y0 = top + r * (cell_h + vgap);
            canvas.text(name, (x0, y0), title_size, true, t.text, Anchor::LEFT_TOP)?;
            let ticks = if self.shared_y {
                shared_ticks.clone()
            } else {
                plot.y_ticks(cell_h - line_height(title_size), size)
            };
            let rect = (
                x0,
                y0 + line_height(title_size) + 4,
                x0 + cell_w,
                y0 + cell_h,
            );
            plot.draw(&canvas, rect, &ticks, None, None, size, true)?;
        }
        Ok(())
    }
}

/// The message of a chart error without its "chart `…`: " prefix.
fn strip(e: &crate::Error) -> String {
    match e {
        crate::Error::Chart { message, .. } => message.clone(),
        other => other.to_string(),
    }
}
