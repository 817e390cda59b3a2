//! Vertical bar (column) charts by category, with several series grouped side by side or stacked.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};

use super::Chart;
use super::axis::{Scale, finite_range, nice_ticks, tick_target};
use super::canvas::{Anchor, chart_error, line_height};
use super::format::ValueFormat;
use super::from_table::{ChartData, Rows, unit_and_source};
use super::title_block::{LegendEntry, Swatch, TitleBlock, title_block_methods, unit_methods};
use crate::Result;

/// How a [`ColumnChart`] places several series within a category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnMode {
    /// Side by side.
    Grouped,
    /// On top of each other: positive values stack up from zero, negative values stack down.
    Stacked,
}

/// A vertical bar chart: categories (e.g. years) along x, one value per series per category.
///
/// Defaults: [`ColumnMode::Grouped`], y written with [`ValueFormat::number`], a legend when
/// there are two series or more. Every series needs one value per category; a non-finite value
/// draws no bar (it is not zero).
///
/// ```
/// use tradedef::prelude::*;
/// let chart = ColumnChart::new("US goods deficit with Japan by end use")
///     .categories(["2023", "2024"])
///     .series("Vehicles", vec![-50.0, -55.0])
///     .series("Capital goods", vec![-20.0, -21.0])
///     .stacked()
///     .y_format(ValueFormat::usd_billions())
///     .source_text("illustrative figures");
/// assert!(chart.to_svg().unwrap().contains("Capital goods"));
/// let bad = ColumnChart::new("bad").categories(["2023"]).series("a", vec![1.0, 2.0]);
/// assert!(bad.to_svg().unwrap_err().to_string().contains("2 values for 1 categories"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnChart {
    title_block: TitleBlock,
    categories: Vec<String>,
    series: Vec<(String, Vec<f64>)>,
    mode: ColumnMode,
    y_format: ValueFormat,
    y_label: Option<String>,
}

impl ColumnChart {
    /// A column chart with a title and no data yet.
    pub fn new(title: impl Into<String>) -> Self {
        ColumnChart {
            title_block: TitleBlock::new(title),
            categories: Vec::new(),
            series: Vec::new(),
            mode: ColumnMode::Grouped,
            y_format: ValueFormat::number(),
            y_label: None,
        }
    }

    title_block_methods!();

    /// Sets the categories along x, in order.
    pub fn categories<S: Into<String>>(mut self, categories: impl IntoIterator<Item = S>) -> Self {
        self.categories = categories.into_iter().map(Into::into).collect();
        self
    }

    /// Adds a series with one value per category.
    pub fn series(
        mut self,
        name: impl Into<String>,
        values: impl IntoIterator<Item = f64>,
    ) -> Self {
        self.series
            .push((name.into(), values.into_iter().collect()));
        self
    }

    /// Sets the categories from column `category` (written as text, e.g. years) and adds one
    /// series named after `value`, one value per row. The unit of `value` becomes the y label
    /// and the data's source the source line, unless already set.
    pub fn columns_from(self, data: &impl ChartData, category: &str, value: &str) -> Result<Self> {
        let group = Rows::new(self.title_block.title(), data)?
            .read(&[(value, "value of a column chart")], &[category])?;
        let values = group.values[0].clone();
        Ok(self
            .with_table_meta(data, value)
            .categories(group.labels)
            .series(value, values))
    }

    /// Reads a long-format table: the categories are the values of `category` (in order of
    /// first appearance), one series per value of `series`, each with the `value` of its row in
    /// each category (a category with no row draws no bar; two rows are an error).
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// let df = df!(
    ///     "year" => [2023i64, 2023, 2024, 2024],
    ///     "category" => ["Vehicles", "Capital goods", "Vehicles", "Capital goods"],
    ///     "value" => [-50.0, -20.0, -55.0, -21.0],
    /// )?;
    /// let chart = ColumnChart::new("By end use").columns_by(&df, "year", "value", "category")?.stacked();
    /// assert!(chart.to_svg()?.contains("Capital goods"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn columns_by(
        mut self,
        data: &impl ChartData,
        category: &str,
        value: &str,
        series: &str,
    ) -> Result<Self> {
        let title = self.title_block.title().to_string();
        let rows = Rows::new(&title, data)?;
        let categories = rows.read(&[], &[category])?.labels;
        let mut order: Vec<String> = Vec::new();
        for c in categories {
            if !order.contains(&c) {
                order.push(c);
            }
        }
        let groups = rows.read_by(series, &[(value, "value of a column chart")], &[category])?;
        self = self.with_table_meta(data, value).categories(order.clone());
        for g in groups {
            let mut values = vec![f64::NAN; order.len()];
            let mut seen = vec![false; order.len()];
            for (label, v) in g.labels.iter().zip(&g.values[0]) {
                let i = order.iter().position(|c| c == label).unwrap_or_default();
                if seen[i] {
                    return Err(chart_error(
                        &title,
                        format!(
                            "series `{}` has two rows for category `{label}`: aggregate first (group_by … sum) or filter",
                            g.name
                        ),
                    ));
                }
                seen[i] = true;
                values[i] = *v;
            }
            self = self.series(g.name, values);
        }
        Ok(self)
    }

    fn with_table_meta(mut self, data: &impl ChartData, value: &str) -> Self {
        let (unit, source) = unit_and_source(data, value);
        if self.y_label.is_none() {
            self.y_label = unit;
        }
        self.title_block.add_source(source);
        self
    }

    /// Places series side by side (the default).
    pub fn grouped(mut self) -> Self {
        self.mode = ColumnMode::Grouped;
        self
    }

    /// Stacks series (positives up, negatives down).
    pub fn stacked(mut self) -> Self {
        self.mode = ColumnMode::Stacked;
        self
    }

    unit_methods!(
        y_format: "Sets how y ticks are written. Default [`ValueFormat::number`].",
        y_label: "Sets the y-axis label (the unit), drawn above the axis. Default none."
    );

    /// The mode.
    pub fn mode(&self) -> ColumnMode {
        self.mode
    }

    fn check(&self) -> Result<()> {
        let title = self.title_block.title();
        if self.categories.is_empty() {
            return Err(chart_error(
                title,
                "no categories; set them with `.categories(..)`",
            ));
        }
        if self.series.is_empty() {
            return Err(chart_error(
                title,
                "no series to draw; add one with `.series(name, values)`",
            ));
        }
        for (name, values) in &self.series {
            if values.len() != self.categories.len() {
                return Err(chart_error(
                    title,
                    format!(
                        "series `{name}` has {} values for {} categories",
                        values.len(),
                        self.categories.len()
                    ),
                ));
            }
        }
        if !self
            .series
            .iter()
            .any(|(_, v)| v.iter().any(|x| x.is_finite()))
        {
            return Err(chart_error(title, "every value is missing or not finite"));
        }
        Ok(())
    }

    /// The lowest and highest value the bars reach (stack sums when stacked), with zero.
    fn value_range(&self) -> (f64, f64) {
        let finite = |v: f64| if v.is_finite() { v } else { 0.0 };
        let (lo, hi) = match self.mode {
            ColumnMode::Grouped => {
                finite_range(self.series.iter().flat_map(|(_, v)| v.iter().copied()))
                    .unwrap_or((0.0, 1.0))
            }
            ColumnMode::Stacked => {
                let mut lo = 0.0f64;
                let mut hi = 0.0f64;
                for c in 0..self.categories.len() {
                    let pos: f64 = self.series.iter().map(|(_, v)| finite(v[c]).max(0.0)).sum();
                    let neg: f64 = self.series.iter().map(|(_, v)| finite(v[c]).min(0.0)).sum();
                    hi = hi.max(pos);
                    lo = lo.min(neg);
                }
                (lo, hi)
            }
        };
        (lo.min(0.0), hi.max(0.0))
    }
}

impl ColumnChart {
    /// "{category}, {series}: {value}" for a column's hover text (the series name left out when
    /// there is one series).
    fn value_label(&self, category: &str, series: usize, value: f64) -> String {
        let figure = self.y_format.format_precise(value);
        match self.series.get(series) {
            Some((name, _)) if self.series.len() > 1 => format!("{category}, {name}: {figure}"),
            _ => format!("{category}: {figure}"),
        }
    }
}

impl Chart for ColumnChart {
    fn title_block(&self) -> &TitleBlock {
        &self.title_block
    }

    /// "Column chart. {title}, {first category}–{last category}." then per series (at most
    /// six) its highest and lowest column and its last one; stacked, the largest total.
    fn description(&self) -> String {
        use super::describe::{capitalise, title_sentence};
        const MAX_DESCRIBED: usize = 6;
        let f = &self.y_format;
        let cats = &self.categories;
        let range = cats
            .first()
            .zip(cats.last())
            .map(|(a, b)| (a.clone(), b.clone()));
        let mut text = title_sentence("Column chart", self.title_block.title(), range);
        if self.mode == ColumnMode::Stacked && self.series.len() > 1 {
            text.push_str(&format!(" {} series stacked.", self.series.len()));
        }
        let single = self.series.len() == 1;
        for (name, values) in self.series.iter().take(MAX_DESCRIBED) {
            let points: Vec<(&String, f64)> = cats
                .iter()
                .zip(values.iter().copied())
                .filter(|(_, v)| v.is_finite())
                .collect();
            let Some(first) = points.first() else {
                continue;
            };
            let (mut hi, mut lo) = (*first, *first);
            for p in &points {
                if p.1 > hi.1 {
                    hi = *p;
                }
                if p.1 < lo.1 {
                    lo = *p;
                }
            }
            let mut clauses = vec![format!("highest {} in {}", f.format_precise(hi.1), hi.0)];
            if points.len() > 1 {
                clauses.push(format!("lowest {} in {}", f.format_precise(lo.1), lo.0));
            }
            if let Some(last) = points.last() {
                clauses.push(format!("{}: {}", last.0, f.format_precise(last.1)));
            }
            let clauses = clauses.join("; ");
            if single {
                text.push_str(&format!(" {}.", capitalise(&clauses)));
            } else {
                text.push_str(&format!(" {name}: {clauses}."));
            }
        }
        if self.series.len() > MAX_DESCRIBED {
            text.push_str(&format!(
                " {} more series.",
                self.series.len() - MAX_DESCRIBED
            ));
        }
        if self.mode == ColumnMode::Stacked && self.series.len() > 1 {
            let totals = cats.iter().enumerate().map(|(i, c)| {
                let sum: f64 = self
                    .series
                    .iter()
                    .filter_map(|(_, v)| v.get(i).copied().filter(|x| x.is_finite()))
                    .sum();
                (c, sum)
            });
            let mut best: Option<(&String, f64)> = None;
            for (c, sum) in totals {
                if best.is_none_or(|b| sum.abs() > b.1.abs()) {
                    best = Some((c, sum));
                }
            }
            if let Some((c, sum)) = best {
                text.push_str(&format!(" Largest total: {c}, {}.", f.format_precise(sum)));
            }
        }
        text
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        self.check()?;
        let canvas = self.title_block.canvas(area);
        let t = canvas.theme.clone();
        let legend: Vec<LegendEntry> = if self.series.len() > 1 {
            self.series
                .iter()
                .enumerate()
                .map(|(i, (name, _))| LegendEntry {
                    label: name.clone(),
                    color: t.color(i),
                    swatch: Swatch::Block,
                })
                .collect()
        } else {
            Vec::new()
        };
        let (left, mut top, right, mut bottom) = self.title_block.draw(&canvas, &legend)?;
        let size = t.label_size;
        let gap = (size * 0.5) as i32;
        top += canvas.unit_label(self.y_label.as_deref(), (left, top), size, gap / 2)?;
        bottom -= line_height(size) + gap / 2;

        let (lo, hi) = self.value_range();
        let target = tick_target(bottom - top, size * 4.0);
        let ticks = nice_ticks(lo, hi, target);
        let fmt = self.y_format.for_step(ticks.step);
        let labels: Vec<String> = ticks.values.iter().map(|v| fmt.format(*v)).collect();
        let mut label_width = 0;
        for l in &labels {
            label_width = label_width.max(canvas.text_width(l, size, false)?);
        }
        let plot_left = left + label_width + gap;
        let ys = Scale::new((ticks.lo, ticks.hi), (bottom, top));
        for (v, l) in ticks.values.iter().zip(&labels) {
            let y = ys.px(*v);
            canvas.line(vec![(plot_left, y), (right, y)], t.grid, 1.0)?;
            canvas.text(
                l,
                (plot_left - gap, y),
                size,
                false,
                t.muted_text,
                Anchor::RIGHT_CENTER,
            )?;
        }

        // Category bands; labels thin out when they would collide.
        let n = self.categories.len();
        let band = (right - plot_left) as f64 / n as f64;
        let mut widest = 0;
        for c in &self.categories {
            widest = widest.max(canvas.text_width(c, size, false)?);
        }
        let every = ((widest + gap) as f64 / band).ceil().max(1.0) as usize;
        let group = band * 0.75;
        let k = self.series.len() as f64;
        for (c, category) in self.categories.iter().enumerate() {
            let start = plot_left as f64 + band * c as f64 + (band - group) / 2.0;
            let center = (plot_left as f64 + band * (c as f64 + 0.5)).round() as i32;
            if c.is_multiple_of(every) {
                canvas.text(
                    category,
                    (center, bottom + gap / 2),
                    size,
                    false,
                    t.muted_text,
                    Anchor::CENTER_TOP,
                )?;
            }
            let (mut up, mut down) = (0.0f64, 0.0f64);
            for (i, (_, values)) in self.series.iter().enumerate() {
                let v = values[c];
                if !v.is_finite() {
                    continue;
                }
                let color = t.color(i);
                match self.mode {
                    ColumnMode::Grouped => {
                        let x0 = (start + group / k * i as f64).round() as i32;
                        let x1 = (start + group / k * (i as f64 + 1.0)).round() as i32 - 1;
                        canvas.rect((x0, ys.px(0.0)), (x1.max(x0), ys.px(v)), color)?;
                        canvas.value_over((x0, ys.px(0.0)), (x1.max(x0), ys.px(v)), || {
                            self.value_label(category, i, v)
                        });
                    }
                    ColumnMode::Stacked => {
                        let base = if v >= 0.0 { &mut up } else { &mut down };
                        let (y0, y1) = (ys.px(*base), ys.px(*base + v));
                        *base += v;
                        let x0 = start.round() as i32;
                        let x1 = (start + group).round() as i32;
                        canvas.rect((x0, y0), (x1, y1), color)?;
                        canvas.value_over((x0, y0), (x1, y1), || self.value_label(category, i, v));
                        // A white hairline keeps adjacent segments apart.
                        canvas.line(vec![(x0, y1), (x1, y1)], t.background, 1.0)?;
                    }
                }
            }
        }
        let zero = ys.px(0.0);
        canvas.line(vec![(plot_left, zero), (right, zero)], t.axis, 1.5)?;
        Ok(())
    }
}
