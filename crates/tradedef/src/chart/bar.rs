//! Horizontal bar charts: rankings (e.g. the US goods balance by partner) and diverging bars.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::RGBColor;

use super::Chart;
use super::axis::{Scale, finite_range, nice_ticks, tick_target};
use super::canvas::{Anchor, Canvas, chart_error, line_height};
use super::format::ValueFormat;
use super::from_table::{ChartData, Rows, unit_and_source};
use super::title_block::{LegendEntry, Swatch, TitleBlock, title_block_methods, unit_methods};
use crate::Result;

/// A horizontal bar chart: one labelled bar per row, with its value written at the bar's end.
///
/// Negative values extend left of a zero line. Defaults: rows in the order given, values written
/// with [`ValueFormat::number`], one colour for every bar. [`BarChart::diverging`] colours
/// positives and negatives apart; [`BarChart::highlight`] picks rows out in a second colour.
/// A non-finite value draws no bar and is labelled `n/a`.
///
/// ```
/// use tradedef::prelude::*;
/// let chart = BarChart::new("US goods balance, 2024")
///     .bars(vec![("Mexico".to_string(), -171.8), ("Japan".to_string(), -68.5), ("Netherlands".to_string(), 55.5)])
///     .value_format(ValueFormat::usd_billions().decimals(1))
///     .value_label("USD billions")
///     .diverging()
///     .sign_labels("US surplus", "US deficit")
///     .sort_by_value(false)
///     .source_text("illustrative figures");
/// let svg = chart.to_svg().unwrap();
/// assert!(svg.contains("-$171.8bn") && svg.contains("US deficit"));
/// assert!(BarChart::new("empty").to_svg().is_err());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    title_block: TitleBlock,
    bars: Vec<(String, f64)>,
    value_format: ValueFormat,
    value_label: Option<String>,
    diverging: bool,
    sign_labels: Option<(String, String)>,
    sort_descending: Option<bool>,
    highlight: Vec<String>,
}

impl BarChart {
    /// A bar chart with a title and no bars yet.
    pub fn new(title: impl Into<String>) -> Self {
        BarChart {
            title_block: TitleBlock::new(title),
            bars: Vec::new(),
            value_format: ValueFormat::number(),
            value_label: None,
            diverging: false,
            sign_labels: None,
            sort_descending: None,
            highlight: Vec::new(),
        }
    }

    title_block_methods!();

    /// Adds bars `(label, value)`, after any already added.
    pub fn bars<S: Into<String>>(mut self, bars: impl IntoIterator<Item = (S, f64)>) -> Self {
        self.bars
            .extend(bars.into_iter().map(|(l, v)| (l.into(), v)));
        self
    }

    /// Adds one bar per row of a table: `label` names any column (written as text), `value` a
    /// numeric one. The unit of `value` becomes the value label and the data's source the
    /// source line, unless already set.
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// let df = df!("partner" => ["Mexico", "Japan"], "balance" => [-171.8, -68.5])?;
    /// let chart = BarChart::new("US goods balance, 2024").bars_from(&df, "partner", "balance")?;
    /// assert_eq!(chart.rows()[1], ("Japan".to_string(), -68.5));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn bars_from(mut self, data: &impl ChartData, label: &str, value: &str) -> Result<Self> {
        let group = Rows::new(self.title_block.title(), data)?
            .read(&[(value, "value of a bar chart")], &[label])?;
        let (unit, source) = unit_and_source(data, value);
        if self.value_label.is_none() {
            self.value_label = unit;
        }
        self.title_block.add_source(source);
        Ok(self.bars(
            group
                .labels
                .into_iter()
                .zip(group.values[0].iter().copied()),
        ))
    }

    /// Adds one bar.
    pub fn bar(mut self, label: impl Into<String>, value: f64) -> Self {
        self.bars.push((label.into(), value));
        self
    }

    unit_methods!(
        value_format: "Sets how values and ticks are written. Default [`ValueFormat::number`].",
        value_label: "Sets the value axis label (the unit), drawn above the bars. Default none."
    );

    /// Colours positive and negative bars apart (the theme's `positive` and `negative`).
    /// Default off.
    pub fn diverging(mut self) -> Self {
        self.diverging = true;
        self
    }

    /// Legend labels for positive and negative bars in a diverging chart. Default none.
    pub fn sign_labels(mut self, positive: impl Into<String>, negative: impl Into<String>) -> Self {
        self.sign_labels = Some((positive.into(), negative.into()));
        self
    }

    /// Sorts rows by value, largest first if `descending`, else smallest first (most negative
    /// first); non-finite values go last. Default: the order given.
    pub fn sort_by_value(mut self, descending: bool) -> Self {
        self.sort_descending = Some(descending);
        self
    }

    /// Picks out the row with this label: its label and value in bold, and its bar in the theme's
    /// second colour (in a diverging chart, where colour shows the sign, the bar gets a dark
    /// outline instead). Default none.
    pub fn highlight(mut self, label: impl Into<String>) -> Self {
        self.highlight.push(label.into());
        self
    }

    /// The rows in drawing order.
    pub fn rows(&self) -> Vec<(String, f64)> {
        let mut rows = self.bars.clone();
        if let Some(descending) = self.sort_descending {
            rows.sort_by(|a, b| match (a.1.is_finite(), b.1.is_finite()) {
                (true, true) if descending => b.1.total_cmp(&a.1),
                (true, true) => a.1.total_cmp(&b.1),
                (true, false) => std::cmp::Ordering::Less,
                (false, true) => std::cmp::Ordering::Greater,
                (false, false) => std::cmp::Ordering::Equal,
            });
        }
        rows
    }
}

impl Chart for BarChart {
    fn title_block(&self) -> &TitleBlock {
        &self.title_block
    }

    /// "Bar chart. {title}. {n} bars." then the largest and smallest bars with their values (by
    /// size when every value has one sign, else the highest and the lowest value), each picked
    /// out row with its place, and how many have no value.
    fn description(&self) -> String {
        use super::describe::{ordinal, title_sentence, two_extremes};
        let mut text = title_sentence("Bar chart", self.title_block.title(), None);
        let rows = self.rows();
        let finite: Vec<&(String, f64)> = rows.iter().filter(|r| r.1.is_finite()).collect();
        let f = &self.value_format;
        let missing = rows.len() - finite.len();
        text.push_str(&match rows.len() {
            1 => " 1 bar.".to_string(),
            n => format!(" {n} bars."),
        });
        let first = finite.first();
        if let Some(first) = first {
            let mut hi = *first;
            let mut lo = *first;
            for r in finite.iter().copied() {
                if r.1 > hi.1 {
                    hi = r;
                }
                if r.1 < lo.1 {
                    lo = r;
                }
            }
            if finite.len() == 1 {
                text.push_str(&format!(" {}, {}.", hi.0, f.format_precise(hi.1)));
            } else {
                // all of one sign: "largest" is the longest bar; else the highest and lowest
                let (words, first, second) = if lo.1 >= 0.0 {
                    (("Largest", "smallest"), hi, lo)
                } else if hi.1 <= 0.0 {
                    (("Largest", "smallest"), lo, hi)
                } else {
                    (("Highest", "lowest"), hi, lo)
                };
                text.push_str(&two_extremes(
                    words,
                    (first.0.as_str(), first.1),
                    (second.0.as_str(), second.1),
                    f,
                ));
            }
        }
        for label in &self.highlight {
            if let Some(i) = rows.iter().position(|r| &r.0 == label) {
                text.push_str(&format!(
                    " {label}: {}, {} of {} bars in the order shown.",
                    f.format_precise(rows[i].1),
                    ordinal(i + 1),
                    rows.len()
                ));
            }
        }
        if missing > 0 {
            text.push_str(&format!(" {missing} without a value."));
        }
        text
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let title = self.title_block.title();
        if self.bars.is_empty() {
            return Err(chart_error(
                title,
                "no bars to draw; add some with `.bars(..)`",
            ));
        }
        let rows = self.rows();
        let Some((min, max)) = finite_range(rows.iter().map(|r| r.1)) else {
            return Err(chart_error(
                title,
                "every bar's value is missing or not finite",
            ));
        };
        let canvas = self.title_block.canvas(area);
        let t = canvas.theme.clone();
        // a sign's legend entry only when a bar of that sign is drawn
        let has = |positive: bool| {
            self.bars
                .iter()
                .any(|(_, v)| v.is_finite() && (*v >= 0.0) == positive)
        };
        let legend = match (&self.sign_labels, self.diverging) {
            (Some((p, n)), true) => [(p, t.positive, has(true)), (n, t.negative, has(false))]
                .into_iter()
                .filter(|(_, _, drawn)| *drawn)
                .map(|(label, color, _)| LegendEntry {
                    label: label.clone(),
                    color,
                    swatch: Swatch::Block,
                })
                .collect(),
            _ => Vec::new(),
        };
        let (left, mut top, right, mut bottom) = self.title_block.draw(&canvas, &legend)?;
        let size = t.label_size;
        let gap = (size * 0.5) as i32;
        top += canvas.unit_label(self.value_label.as_deref(), (left, top), size, gap / 2)?;
        bottom -= line_height(size) + gap / 2;

        // Row geometry; text shrinks when rows are tight.
        let n = rows.len() as f64;
        let band = (bottom - top) as f64 / n;
        let text_size = size.min(band * 0.8).max(6.0);
        let bar = (band * 0.7).max(1.0);

        // Category labels on the left (long labels are cut with an ellipsis).
        let max_label = (right - left) * 2 / 5;
        let (labels, mut label_width) = fit_labels(
            &canvas,
            rows.iter().map(|r| r.0.as_str()),
            text_size,
            max_label,
        )?;
        for (label, fitted) in rows.iter().map(|r| &r.0).zip(&labels) {
            if self.is_highlighted(label) {
                label_width = label_width.max(canvas.text_width(fitted, text_size, true)?);
            }
        }
        let plot_left = left + label_width + gap;

        // Room for value labels beyond the bar ends.
        let values: Vec<String> = rows.iter().map(|r| self.value_format.format(r.1)).collect();
        let (mut pad_left, mut pad_right) = (0, 0);
        for ((label, v), text) in rows.iter().zip(&values) {
            let width = canvas.text_width(text, text_size, self.is_highlighted(label))? + gap;
            if *v < 0.0 {
                pad_left = pad_left.max(width)
            } else {
                pad_right = pad_right.max(width)
            }
        }
        let target = tick_target(right - plot_left, size * 7.0);
        let ticks = nice_ticks(min.min(0.0), max.max(0.0), target);
        // Tick labels are centred on their ticks: keep the outermost ones inside the frame.
        let tick_format = self.value_format.for_step(ticks.step);
        let mut half_tick = 0;
        for v in [ticks.lo, ticks.hi] {
            half_tick = half_tick.max(canvas.text_width(&tick_format.format(v), size, false)? / 2);
        }
        let (pad_left, pad_right) = (pad_left.max(half_tick), pad_right.max(half_tick));
        let xs = Scale::new(
            (ticks.lo, ticks.hi),
            (plot_left + pad_left, right - pad_right),
        );

        for v in &ticks.values {
            let x = xs.px(*v);
            canvas.line(vec![(x, top), (x, bottom)], t.grid, 1.0)?;
            let text = tick_format.format(*v);
            canvas.text(
                &text,
                (x, bottom + gap / 2),
                size,
                false,
                t.muted_text,
                Anchor::CENTER_TOP,
            )?;
        }
        let zero = xs.px(0.0);
        for (i, ((label, v), text)) in rows.iter().zip(&values).enumerate() {
            let cy = top + (band * (i as f64 + 0.5)).round() as i32;
            let half = (bar / 2.0).round() as i32;
            let color = self.color_for(label, *v, &t);
            let bold = self.is_highlighted(label);
            canvas.text(
                &labels[i],
                (plot_left - gap, cy),
                text_size,
                bold,
                t.text,
                Anchor::RIGHT_CENTER,
            )?;
            if v.is_finite() {
                let end = xs.px(*v);
                canvas.rect((zero, cy - half), (end, cy + half), color)?;
                canvas.value_over((zero, cy - half), (end, cy + half), || {
                    format!("{}: {}", labels[i], self.value_format.format_precise(*v))
                });
                if bold && self.diverging {
                    let (x0, x1) = (zero.min(end), zero.max(end));
                    let outline = vec![
                        (x0, cy - half),
                        (x1, cy - half),
                        (x1, cy + half),
                        (x0, cy + half),
                        (x0, cy - half),
                    ];
                    canvas.line(outline, t.text, 2.0)?;
                }
                let (at, anchor) = if *v < 0.0 {
                    ((end - gap / 2, cy), Anchor::RIGHT_CENTER)
                } else {
                    ((end + gap / 2, cy), Anchor::LEFT_CENTER)
                };
                canvas.text(text, at, text_size, bold, t.text, anchor)?;
            } else {
                canvas.text(
                    text,
                    (zero + gap / 2, cy),
                    text_size,
                    false,
                    t.muted_text,
                    Anchor::LEFT_CENTER,
                )?;
            }
        }
        canvas.line(vec![(zero, top), (zero, bottom)], t.axis, 1.5)?;
        Ok(())
    }
}

impl BarChart {
    fn is_highlighted(&self, label: &str) -> bool {
        self.highlight.iter().any(|h| h == label)
    }

    fn color_for(&self, label: &str, value: f64, t: &super::Theme) -> RGBColor {
        if self.diverging {
            if value < 0.0 { t.negative } else { t.positive }
        } else if self.is_highlighted(label) {
            t.color(1)
        } else {
            t.color(0)
        }
    }
}

/// Each label cut with "…" to fit `max_width` pixels (see [`fit`]), and the widest of them.
pub(crate) fn fit_labels<'s, DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    labels: impl IntoIterator<Item = &'s str>,
    size: f64,
    max_width: i32,
) -> Result<(Vec<String>, i32)> {
    let mut fitted = Vec::new();
    let mut widest = 0;
    for label in labels {
        let text = fit(canvas, label, size, max_width)?;
        widest = widest.max(canvas.text_width(&text, size, false)?);
        fitted.push(text);
    }
    Ok((fitted, widest))
}

/// `text`, cut with "…" so it fits `max_width` pixels.
pub(crate) fn fit<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    text: &str,
    size: f64,
    max_width: i32,
) -> Result<String> {
    if canvas.text_width(text, size, false)? <= max_width {
        return Ok(text.to_string());
    }
    let chars: Vec<char> = text.chars().collect();
    for keep in (1..chars.len()).rev() {
        let candidate: String = chars[..keep].iter().collect::<String>() + "…";
        if canvas.text_width(&candidate, size, false)? <= max_width {
            return Ok(candidate);
        }
    }
    Ok("…".to_string())
}
