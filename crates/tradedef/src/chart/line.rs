//! Line charts: several series over years, with annotated events as labelled vertical rules.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};

use super::Chart;
use super::axis::{Scale, Ticks, finite_range, nice_ticks, year_ticks};
use super::canvas::{Anchor, Canvas, line_height};
use super::format::ValueFormat;
use super::from_table::{ChartData, Rows, unit_and_source};
use super::title_block::{LegendEntry, Swatch, TitleBlock, title_block_methods, unit_methods};
use crate::Result;

/// One named series of `(x, y)` points. Points are drawn in order of `x`; a non-finite `y`
/// breaks the line (a gap), it is never drawn as zero.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSeries {
    /// The name shown in the legend.
    pub name: String,
    /// The points, `(x, y)`; `x` is usually a (decimal) year.
    pub points: Vec<(f64, f64)>,
}

/// An event marked on the x axis: a dashed vertical rule with a label at the top.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    /// Where, in x units (a decimal year: see [`decimal_year`](super::decimal_year)).
    pub x: f64,
    /// The label.
    pub label: String,
}

/// A multi-series line chart with event annotations.
///
/// Defaults: x is a year axis (integer ticks, no thousands separator); y is formatted with
/// [`ValueFormat::number`]; the y range includes zero; the x range covers the data and every
/// annotation; a legend is shown when there are two series or more.
///
/// ```
/// use tradedef::prelude::*;
/// let chart = LineChart::new("US goods balance with Japan")
///     .subtitle("USD millions, annual")
///     .y_label("USD millions")
///     .y_format(ValueFormat::usd_millions())
///     .series("Balance", vec![(2022.0, -67_000.0), (2023.0, -71_000.0), (2024.0, -68_000.0)])
///     .annotate(2025.1, "Story")
///     .source_text("illustrative figures")
///     .note("Negative: the US imports more than it exports.");
/// let svg = chart.to_svg().unwrap();
/// assert!(svg.contains("Story") && svg.contains("-$40,000m"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    title_block: TitleBlock,
    series: Vec<ChartSeries>,
    annotations: Vec<Annotation>,
    y_label: Option<String>,
    x_label: Option<String>,
    y_format: ValueFormat,
    x_format: Option<ValueFormat>,
    include_zero: bool,
    sign_words: Option<(String, String)>,
}

impl LineChart {
    /// A line chart with a title and no series yet.
    pub fn new(title: impl Into<String>) -> Self {
        LineChart {
            title_block: TitleBlock::new(title),
            series: Vec::new(),
            annotations: Vec::new(),
            y_label: None,
            x_label: None,
            y_format: ValueFormat::number(),
            x_format: None,
            include_zero: true,
            sign_words: None,
        }
    }

    title_block_methods!();

    /// Adds a series (colours follow the theme's palette in the order series are added).
    ///
    /// `points` may be owned (`vec![…]`) or borrowed (`&points`, `&points[..]`); in a notebook
    /// cell, pass a variable borrowed (see `notebooks/README.md`, "A chart shows as an image").
    pub fn series<P: std::borrow::Borrow<(f64, f64)>>(
        mut self,
        name: impl Into<String>,
        points: impl IntoIterator<Item = P>,
    ) -> Self {
        self.series.push(ChartSeries {
            name: name.into(),
            points: points.into_iter().map(|p| *p.borrow()).collect(),
        });
        self
    }

    /// Adds a series read from a table: `x` and `y` name numeric (or date) columns; the
    /// series is named after `y`. The unit of `y` becomes the y label and the data's source the
    /// source line, unless already set. Fails if a column is missing or not numeric, or if an
    /// x value appears twice (filter the table first, or use [`LineChart::lines_by`]).
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// let balance = bilateral_balance("Japan")?; // a Table: units and provenance recorded
    /// let chart = LineChart::new("US goods balance with Japan")
    ///     .line_from(&balance, "year", "balance_usd_mn")?;
    /// assert!(chart.series_list()[0].points.len() > 30);
    /// assert!(chart.title_block().source_line().unwrap().contains("Census"));
    /// // every flow and vintage of every year: several rows per year
    /// let trade = load("us_japan_goods_trade")?;
    /// let err = LineChart::new("t").line_from(&trade, "year", "value").unwrap_err();
    /// assert!(err.to_string().contains("appears more than once"), "{err}");
    /// # Ok::<(), tradedef::Error>(())
    /// ```
    pub fn line_from(self, data: &impl ChartData, x: &str, y: &str) -> Result<Self> {
        let rows = Rows::new(self.title_block.title(), data)?;
        let group = rows.read(&[(x, "x of a line chart"), (y, "y of a line chart")], &[])?;
        rows.unique_x(y, &group.values[0])?;
        let points: Vec<(f64, f64)> = group.values[0]
            .iter()
            .copied()
            .zip(group.values[1].iter().copied())
            .collect();
        Ok(self.with_table_meta(data, y).series(y, points))
    }

    /// Adds one series per value of column `series` of a long-format table (in order of first
    /// appearance), each drawing `y` over `x`; otherwise as [`LineChart::line_from`].
    pub fn lines_by(
        mut self,
        data: &impl ChartData,
        x: &str,
        y: &str,
        series: &str,
    ) -> Result<Self> {
        let groups = {
            let rows = Rows::new(self.title_block.title(), data)?;
            let groups = rows.read_by(
                series,
                &[(x, "x of a line chart"), (y, "y of a line chart")],
                &[],
            )?;
            for g in &groups {
                rows.unique_x(&g.name, &g.values[0])?;
            }
            groups
        };
        self = self.with_table_meta(data, y);
        for g in groups {
            let points = g.points();
            self = self.series(g.name, points);
        }
        Ok(self)
    }

    fn with_table_meta(mut self, data: &impl ChartData, y: &str) -> Self {
        let (unit, source) = unit_and_source(data, y);
        if self.y_label.is_none() {
            self.y_label = unit;
        }
        self.title_block.add_source(source);
        self
    }

    /// Marks an event at `x` with a dashed rule and a label.
    pub fn annotate(mut self, x: f64, label: impl Into<String>) -> Self {
        self.annotations.push(Annotation {
            x,
            label: label.into(),
        });
        self
    }

    unit_methods!(
        y_format: "Sets how y tick labels are written. Default [`ValueFormat::number`].",
        y_label: "Sets the y-axis label (the unit, e.g. \"USD millions\"), drawn above the axis. Default none."
    );

    /// Sets the x-axis label, drawn under the axis. Default none (years need none).
    pub fn x_label(mut self, label: impl Into<String>) -> Self {
        self.x_label = Some(label.into());
        self
    }

    /// Makes x a numeric axis written with `format` instead of a year axis. Default: years.
    pub fn x_format(mut self, format: ValueFormat) -> Self {
        self.x_format = Some(format);
        self
    }

    /// Whether the y range must include zero. Default true.
    pub fn include_zero(mut self, include: bool) -> Self {
        self.include_zero = include;
        self
    }

    /// Words for positive and negative values in the [description](Chart::description), e.g.
    /// `("surplus", "deficit")` for a balance: "deficit since 1992; largest deficit -$41bn in
    /// 2024". Default: "above zero" and "below zero". Only series with a negative value get a
    /// sign clause.
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// let chart = LineChart::new("US goods balance with Poland")
    ///     .series("Balance", vec![(2023.0, 1.0), (2024.0, -2.5), (2025.0, -1.5)])
    ///     .y_format(ValueFormat::usd_billions().decimals(1))
    ///     .sign_words("surplus", "deficit");
    /// assert_eq!(
    ///     chart.description(),
    ///     "Line chart. US goods balance with Poland, 2023–2025. Deficit since 2024; largest \
    ///      deficit -$2.5bn in 2024; largest surplus $1.0bn in 2023; 2025: -$1.5bn."
    /// );
    /// ```
    pub fn sign_words(mut self, positive: impl Into<String>, negative: impl Into<String>) -> Self {
        self.sign_words = Some((positive.into(), negative.into()));
        self
    }

    /// The series, in the order added.
    pub fn series_list(&self) -> &[ChartSeries] {
        &self.series
    }
}

/// The description of line series: the title with the x span, then a sentence per series (its
/// sign run when it has negative values, its extremes, its last value); at most
/// `MAX_DESCRIBED` series, the others counted.
pub(crate) fn describe_lines(
    kind: &str,
    title: &str,
    series: &[ChartSeries],
    y: &ValueFormat,
    x: Option<&ValueFormat>,
    sign_words: Option<&(String, String)>,
) -> String {
    use super::describe::{
        SignWords, capitalise, finite_points, series_clauses, title_sentence, x_text,
    };
    const MAX_DESCRIBED: usize = 6;
    let described: Vec<(&str, Vec<(f64, f64)>)> = series
        .iter()
        .map(|s| (s.name.as_str(), finite_points(&s.points)))
        .filter(|(_, p)| !p.is_empty())
        .collect();
    let x0 = described
        .iter()
        .filter_map(|(_, p)| p.first().map(|q| q.0))
        .reduce(f64::min);
    let xn = described
        .iter()
        .filter_map(|(_, p)| p.last().map(|q| q.0))
        .reduce(f64::max);
    // a span of years; another x (e.g. an elasticity) is stated with each figure instead
    let range = x0
        .zip(xn)
        .filter(|_| x.is_none())
        .map(|(a, b)| (x_text(a, x), x_text(b, x)));
    let mut text = title_sentence(kind, title, range);
    let words = match sign_words {
        Some((p, n)) => SignWords {
            positive: p,
            negative: n,
            nouns: true,
        },
        None => SignWords {
            positive: "above zero",
            negative: "below zero",
            nouns: false,
        },
    };
    if described.is_empty() {
        text.push_str(" No values.");
        return text;
    }
    let single = described.len() == 1;
    for (name, points) in described.iter().take(MAX_DESCRIBED) {
        let clauses = series_clauses(points, y, x, &words).join("; ");
        if single {
            text.push_str(&format!(" {}.", capitalise(&clauses)));
        } else {
            text.push_str(&format!(" {name}: {clauses}."));
        }
    }
    if described.len() > MAX_DESCRIBED {
        text.push_str(&format!(
            " {} more series.",
            described.len() - MAX_DESCRIBED
        ));
    }
    text
}

impl Chart for LineChart {
    fn title_block(&self) -> &TitleBlock {
        &self.title_block
    }

    /// "Line chart. {title}, {first x}–{last x}." and a sentence per series: below zero (or the
    /// [sign words](LineChart::sign_words)) since when, the lowest and highest values and
    /// where, the last value.
    fn description(&self) -> String {
        describe_lines(
            "Line chart",
            self.title_block.title(),
            &self.series,
            &self.y_format,
            self.x_format.as_ref(),
            self.sign_words.as_ref(),
        )
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let title = self.title_block.title();
        let plot = LinePlot::new(
            title,
            &self.series,
            &self.annotations,
            &self.y_format,
            self.x_format.as_ref(),
            self.include_zero,
        )?;
        let canvas = self.title_block.canvas(area);
        let legend: Vec<LegendEntry> = if self.series.len() > 1 {
            self.series
                .iter()
                .enumerate()
                .map(|(i, s)| LegendEntry {
                    label: s.name.clone(),
                    color: canvas.theme.color(i),
                    swatch: Swatch::Line,
                })
                .collect()
        } else {
            Vec::new()
        };
        let rect = self.title_block.draw(&canvas, &legend)?;
        let size = canvas.theme.label_size;
        let ticks = plot.y_ticks(rect.3 - rect.1, size);
        plot.draw(
            &canvas,
            rect,
            &ticks,
            self.y_label.as_deref(),
            self.x_label.as_deref(),
            size,
            true,
        )
    }
}

/// The drawing of one line plot inside a rectangle; shared by [`LineChart`] and small multiples.
pub(crate) struct LinePlot<'a> {
    pub series: &'a [ChartSeries],
    pub annotations: &'a [Annotation],
    pub y_format: &'a ValueFormat,
    pub x_format: Option<&'a ValueFormat>,
    pub x_domain: (f64, f64),
    pub y_range: (f64, f64),
}

impl<'a> LinePlot<'a> {
    /// Checks the input and works out the data ranges.
    pub fn new(
        chart: &str,
        series: &'a [ChartSeries],
        annotations: &'a [Annotation],
        y_format: &'a ValueFormat,
        x_format: Option<&'a ValueFormat>,
        include_zero: bool,
    ) -> Result<Self> {
        let err = |m: String| super::canvas::chart_error(chart, m);
        if series.is_empty() {
            return Err(err(
                "no series to draw; add one with `.series(name, points)`".into(),
            ));
        }
        for s in series {
            if s.points.is_empty() {
                return Err(err(format!("series `{}` has no points", s.name)));
            }
            if !s.points.iter().any(|(x, y)| x.is_finite() && y.is_finite()) {
                return Err(err(format!(
                    "series `{}` has no finite (x, y) point",
                    s.name
                )));
            }
        }
        if let Some(a) = annotations.iter().find(|a| !a.x.is_finite()) {
            return Err(err(format!(
                "annotation `{}` has a non-finite x ({})",
                a.label, a.x
            )));
        }
        let finite = |p: &&(f64, f64)| p.0.is_finite() && p.1.is_finite();
        let xs = series
            .iter()
            .flat_map(|s| s.points.iter().filter(finite).map(|p| p.0));
        let x_domain =
            finite_range(xs.chain(annotations.iter().map(|a| a.x))).unwrap_or((0.0, 1.0));
        let ys = series
            .iter()
            .flat_map(|s| s.points.iter().filter(finite).map(|p| p.1));
        let (mut lo, mut hi) = finite_range(ys).unwrap_or((0.0, 1.0));
        if include_zero {
            lo = lo.min(0.0);
            hi = hi.max(0.0);
        }
        Ok(LinePlot {
            series,
            annotations,
            y_format,
            x_format,
            x_domain,
            y_range: (lo, hi),
        })
    }

    /// Round y ticks for a plot `height` pixels tall.
    pub fn y_ticks(&self, height: i32, label_size: f64) -> Ticks {
        let target = ((height as f64) / (label_size * 4.0))
            .round()
            .clamp(3.0, 8.0) as usize;
        nice_ticks(self.y_range.0, self.y_range.1, target)
    }

    /// Draws axes, gridlines, annotations and the series inside `rect` (left, top, right, bottom).
    #[allow(clippy::too_many_arguments)]
    pub fn draw<DB: DrawingBackend>(
        &self,
        canvas: &Canvas<'_, DB>,
        rect: (i32, i32, i32, i32),
        ticks: &Ticks,
        y_label: Option<&str>,
        x_label: Option<&str>,
        size: f64,
        show_y_labels: bool,
    ) -> Result<()> {
        let t = &canvas.theme;
        let (left, mut top, right, mut bottom) = rect;
        let row = line_height(size);
        let gap = (size * 0.5) as i32;

        top += canvas.unit_label(y_label, (left, top), size, gap / 2)?;
        if let Some(label) = x_label {
            bottom -= row;
            canvas.text(
                label,
                ((left + right) / 2, bottom),
                size,
                false,
                t.muted_text,
                Anchor::CENTER_TOP,
            )?;
        }
        let tick_gap = (size * 0.75) as i32;
        bottom -= row + tick_gap; // x tick labels

        // y tick labels decide the left edge of the plot.
        let y_fmt = self.y_format.for_step(ticks.step);
        let labels: Vec<String> = ticks.values.iter().map(|v| y_fmt.format(*v)).collect();
        let mut label_width = 0;
        if show_y_labels {
            for l in &labels {
                label_width = label_width.max(canvas.text_width(l, size, false)?);
            }
        }
        let plot_left = left + if show_y_labels { label_width + gap } else { 0 };

        // x ticks, and room on the right for the last tick label.
        let (x_ticks, x_labels) = self.x_ticks(right - plot_left, size, canvas)?;
        let last_half = match x_labels.last() {
            Some(l) => canvas.text_width(l, size, false)? / 2,
            None => 0,
        };
        let plot_right = right - last_half.max(gap);
        let (x0, x1) = self.x_domain;
        let (x0, x1) = if (x1 - x0).abs() < 1e-9 {
            (x0 - 0.5, x1 + 0.5)
        } else {
            (x0, x1)
        };
        let xs = Scale::new((x0, x1), (plot_left, plot_right));

        // Annotation labels in rows above the plot, placed so they do not overlap.
        let mut placed: Vec<(i32, i32, usize, bool)> = Vec::new(); // (x, width, row, right-aligned)
        let mut row_ends: Vec<i32> = Vec::new();
        let mut order: Vec<usize> = (0..self.annotations.len()).collect();
        order.sort_by(|a, b| self.annotations[*a].x.total_cmp(&self.annotations[*b].x));
        let mut slots = vec![(0, 0, 0, false); self.annotations.len()];
        for i in order {
            let a = &self.annotations[i];
            let x = xs.px(a.x);
            let width = canvas.text_width(&a.label, size * 0.9, false)?;
            let right_aligned = x + 5 + width > right;
            let (start, end) = if right_aligned {
                (x - 5 - width, x)
            } else {
                (x, x + 5 + width)
            };
            let r = row_ends
                .iter()
                .position(|e| start > *e + gap)
                .unwrap_or(row_ends.len());
            if r == row_ends.len() {
                row_ends.push(end);
            } else {
                row_ends[r] = end;
            }
            slots[i] = (x, width, r, right_aligned);
        }
        placed.extend(slots);
        let annotation_row = line_height(size * 0.9);
        let band_top = top;
        top += row_ends.len() as i32 * annotation_row;
        if !row_ends.is_empty() {
            top += gap / 2;
        }
        let ys = Scale::new((ticks.lo, ticks.hi), (bottom, top));

        // Gridlines and y labels.
        for (v, l) in ticks.values.iter().zip(&labels) {
            let y = ys.px(*v);
            canvas.line(vec![(plot_left, y), (plot_right, y)], t.grid, 1.0)?;
            if show_y_labels {
                canvas.text(
                    l,
                    (plot_left - gap, y),
                    size,
                    false,
                    t.muted_text,
                    Anchor::RIGHT_CENTER,
                )?;
            }
        }
        // Baseline: the zero line when zero is in range, else the bottom of the plot.
        let base = if ticks.lo <= 0.0 && ticks.hi >= 0.0 {
            ys.px(0.0)
        } else {
            bottom
        };
        canvas.line(vec![(plot_left, base), (plot_right, base)], t.axis, 1.5)?;

        // x ticks and labels.
        for (v, l) in x_ticks.iter().zip(&x_labels) {
            let x = xs.px(*v);
            canvas.line(vec![(x, bottom), (x, bottom + gap / 2)], t.axis, 1.0)?;
            canvas.text(
                l,
                (x, bottom + tick_gap),
                size,
                false,
                t.muted_text,
                Anchor::CENTER_TOP,
            )?;
        }

        // Annotations.
        for (a, (x, _w, r, right_aligned)) in self.annotations.iter().zip(&placed) {
            let label_y = band_top + *r as i32 * annotation_row;
            canvas.dashed((*x, label_y), (*x, bottom), t.annotation, 1.5)?;
            let (lx, anchor) = if *right_aligned {
                (*x - 5, Anchor::RIGHT_TOP)
            } else {
                (*x + 5, Anchor::LEFT_TOP)
            };
            canvas.text(
                &a.label,
                (lx, label_y),
                size * 0.9,
                false,
                t.annotation,
                anchor,
            )?;
        }

        // The series: segments between gaps; a lone point is drawn as a dot.
        for (i, s) in self.series.iter().enumerate() {
            let color = t.color(i);
            let mut points: Vec<(f64, f64)> = s
                .points
                .iter()
                .copied()
                .filter(|p| p.0.is_finite())
                .collect();
            points.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut segment: Vec<(i32, i32)> = Vec::new();
            let mut segments = Vec::new();
            for (x, y) in points {
                if y.is_finite() {
                    let at = (xs.px(x), ys.px(y));
                    canvas.value_at(at, || {
                        format!(
                            "{}, {}: {}",
                            s.name,
                            super::describe::x_text(x, self.x_format),
                            self.y_format.format_precise(y)
                        )
                    });
                    segment.push(at);
                } else if !segment.is_empty() {
                    segments.push(std::mem::take(&mut segment));
                }
            }
            if !segment.is_empty() {
                segments.push(segment);
            }
            for seg in segments {
                if seg.len() == 1 {
                    canvas.circle(seg[0], t.line_width * 1.2, color, true)?;
                } else {
                    canvas.line(seg, color, t.line_width)?;
                }
            }
        }
        Ok(())
    }

    /// x tick positions and labels: years, or round numbers with the x format.
    fn x_ticks<DB: DrawingBackend>(
        &self,
        width: i32,
        size: f64,
        canvas: &Canvas<'_, DB>,
    ) -> Result<(Vec<f64>, Vec<String>)> {
        let (x0, x1) = self.x_domain;
        let sample = match self.x_format {
            None => "2000".to_string(),
            Some(f) => f.format(x1.abs().max(x0.abs())),
        };
        let slot = canvas.text_width(&sample, size, false)? as f64 * 2.0;
        let target = ((width as f64) / slot.max(1.0)).floor().clamp(2.0, 12.0) as usize;
        Ok(match self.x_format {
            None => {
                let ticks = year_ticks(x0, x1, target);
                let labels = ticks.iter().map(|y| format!("{y:.0}")).collect();
                (ticks, labels)
            }
            Some(f) => {
                let ticks = nice_ticks(x0, x1, target);
                let f = f.for_step(ticks.step);
                let values: Vec<f64> = ticks
                    .values
                    .into_iter()
                    .filter(|v| *v >= x0 - 1e-9 && *v <= x1 + 1e-9)
                    .collect();
                let labels = values.iter().map(|v| f.format(*v)).collect();
                (values, labels)
            }
        })
    }
}
