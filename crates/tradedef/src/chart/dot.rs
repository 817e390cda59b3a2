//! Dot (dumbbell) plots: two values per row, such as a share of GDP in two years, joined by a line.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};

use super::Chart;
use super::axis::{Scale, finite_range, nice_ticks, tick_target};
use super::bar::fit_labels;
use super::canvas::{Anchor, chart_error, line_height};
use super::format::ValueFormat;
use super::from_table::{ChartData, Rows, unit_and_source};
use super::title_block::{LegendEntry, Swatch, TitleBlock, title_block_methods, unit_methods};
use crate::Result;

/// A dot plot comparing two measures (e.g. two years) per row: a dot for each, joined by a grey
/// line, with the values written beside the dots.
///
/// Defaults: measures named "Before" and "After", rows in the order given, values with
/// [`ValueFormat::number`], the value range including zero, no reference line. A row with a
/// non-finite value draws only the finite dot.
///
/// ```
/// use tradedef::prelude::*;
/// let chart = DotPlot::new("Military expenditure, share of GDP")
///     .measures("2014", "2024")
///     .row("Japan", 0.95, 1.4)
///     .row("Germany", 1.2, 1.9)
///     .value_format(ValueFormat::percent())
///     .reference(2.0, "NATO guideline 2%")
///     .source_text("illustrative figures");
/// let svg = chart.to_svg().unwrap();
/// assert!(svg.contains("1.9%") && svg.contains("NATO guideline 2%"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DotPlot {
    title_block: TitleBlock,
    measures: (String, String),
    rows: Vec<(String, f64, f64)>,
    value_format: ValueFormat,
    value_label: Option<String>,
    reference: Option<(f64, String)>,
    sort_by_second: bool,
    include_zero: bool,
}

impl DotPlot {
    /// A dot plot with a title and no rows yet.
    pub fn new(title: impl Into<String>) -> Self {
        DotPlot {
            title_block: TitleBlock::new(title),
            measures: ("Before".into(), "After".into()),
            rows: Vec::new(),
            value_format: ValueFormat::number(),
            value_label: None,
            reference: None,
            sort_by_second: false,
            include_zero: true,
        }
    }

    title_block_methods!();

    /// Names the two measures (shown in the legend), e.g. two years. Default "Before", "After".
    pub fn measures(mut self, first: impl Into<String>, second: impl Into<String>) -> Self {
        self.measures = (first.into(), second.into());
        self
    }

    /// Adds a row: a label and its two values.
    pub fn row(mut self, label: impl Into<String>, first: f64, second: f64) -> Self {
        self.rows.push((label.into(), first, second));
        self
    }

    /// Adds rows `(label, first, second)`.
    pub fn rows<S: Into<String>>(mut self, rows: impl IntoIterator<Item = (S, f64, f64)>) -> Self {
        self.rows
            .extend(rows.into_iter().map(|(l, a, b)| (l.into(), a, b)));
        self
    }

    unit_methods!(
        value_format: "Sets how values and ticks are written. Default [`ValueFormat::number`].",
        value_label: "Sets the value axis label (the unit), drawn above the rows. Default none."
    );

    /// Adds one row per row of a wide table: `label` names any column (written as text),
    /// `first` and `second` numeric ones. The measures are named after the two columns unless
    /// set with [`DotPlot::measures`]; the unit of `first` becomes the value label and the
    /// data's source the source line, unless already set.
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// let df = df!("country" => ["Japan", "Germany"], "2014" => [0.95, 1.2], "2024" => [1.4, 1.9])?;
    /// let chart = DotPlot::new("Military expenditure, share of GDP").rows_from(&df, "country", "2014", "2024")?;
    /// assert!(chart.to_svg()?.contains("Germany"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rows_from(
        mut self,
        data: &impl ChartData,
        label: &str,
        first: &str,
        second: &str,
    ) -> Result<Self> {
        let group = Rows::new(self.title_block.title(), data)?.read(
            &[
                (first, "first value of a dot plot"),
                (second, "second value of a dot plot"),
            ],
            &[label],
        )?;
        if self.measures == ("Before".to_string(), "After".to_string()) {
            self.measures = (first.to_string(), second.to_string());
        }
        let (unit, source) = unit_and_source(data, first);
        if self.value_label.is_none() {
            self.value_label = unit;
        }
        self.title_block.add_source(source);
        let rows: Vec<(String, f64, f64)> = group
            .labels
            .into_iter()
            .zip(group.values[0].iter().zip(&group.values[1]))
            .map(|(l, (a, b))| (l, *a, *b))
            .collect();
        Ok(self.rows(rows))
    }

    /// Draws a dashed vertical reference line at `value` with a label. Default none.
    pub fn reference(mut self, value: f64, label: impl Into<String>) -> Self {
        self.reference = Some((value, label.into()));
        self
    }

    /// Sorts rows by the second value, largest first (missing last). Default: the order given.
    pub fn sort_by_second(mut self) -> Self {
        self.sort_by_second = true;
        self
    }

    /// Whether the value range must include zero. Default true.
    pub fn include_zero(mut self, include: bool) -> Self {
        self.include_zero = include;
        self
    }

    fn ordered_rows(&self) -> Vec<(String, f64, f64)> {
        let mut rows = self.rows.clone();
        if self.sort_by_second {
            rows.sort_by(|a, b| match (a.2.is_finite(), b.2.is_finite()) {
                (true, true) => b.2.total_cmp(&a.2),
                (true, false) => std::cmp::Ordering::Less,
                (false, true) => std::cmp::Ordering::Greater,
                (false, false) => std::cmp::Ordering::Equal,
            });
        }
        rows
    }
}

/// The row with the highest (or lowest) `key`, the first such.
fn pick<'a>(
    rows: &[&'a (String, f64, f64)],
    key: impl Fn(&(String, f64, f64)) -> f64,
    highest: bool,
) -> Option<&'a (String, f64, f64)> {
    let mut best: Option<&'a (String, f64, f64)> = None;
    for r in rows.iter().copied() {
        let better = best.is_none_or(|b| {
            if highest {
                key(r) > key(b)
            } else {
                key(r) < key(b)
            }
        });
        if better {
            best = Some(r);
        }
    }
    best
}

fn finite_max(a: f64, b: f64) -> f64 {
    if !a.is_finite() {
        b
    } else if !b.is_finite() {
        a
    } else {
        a.max(b)
    }
}

fn finite_min(a: f64, b: f64) -> f64 {
    if !a.is_finite() {
        b
    } else if !b.is_finite() {
        a
    } else {
        a.min(b)
    }
}

impl Chart for DotPlot {
    fn title_block(&self) -> &TitleBlock {
        &self.title_block
    }

    /// "Dot plot. {title}. {first} and {second} for {n} rows." then the highest and lowest
    /// second values, the largest rise and fall from the first to the second, and how many rows
    /// reach the reference line.
    fn description(&self) -> String {
        use super::describe::{title_sentence, two_extremes};
        let f = &self.value_format;
        let (m1, m2) = (&self.measures.0, &self.measures.1);
        let mut text = title_sentence("Dot plot", self.title_block.title(), None);
        let rows = &self.rows;
        text.push_str(&format!(
            " {m1} and {m2} for {} row{}.",
            rows.len(),
            if rows.len() == 1 { "" } else { "s" }
        ));
        let second: Vec<&(String, f64, f64)> = rows.iter().filter(|r| r.2.is_finite()).collect();
        if let (Some(h), Some(l)) = (pick(&second, |r| r.2, true), pick(&second, |r| r.2, false)) {
            text.push_str(&two_extremes(
                (&format!("Highest {m2}"), "lowest"),
                (h.0.as_str(), h.2),
                (l.0.as_str(), l.2),
                f,
            ));
        }
        let both: Vec<&(String, f64, f64)> =
            second.iter().copied().filter(|r| r.1.is_finite()).collect();
        let change = |r: &(String, f64, f64)| r.2 - r.1;
        if let Some(up) = pick(&both, change, true).filter(|r| change(r) > 0.0) {
            text.push_str(&format!(
                " Largest rise: {}, from {} to {}.",
                up.0,
                f.format_precise(up.1),
                f.format_precise(up.2)
            ));
        }
        if let Some(down) = pick(&both, change, false).filter(|r| change(r) < 0.0) {
            text.push_str(&format!(
                " Largest fall: {}, from {} to {}.",
                down.0,
                f.format_precise(down.1),
                f.format_precise(down.2)
            ));
        }
        if let Some((value, label)) = &self.reference
            && value.is_finite()
        {
            let reached = second.iter().filter(|r| r.2 >= *value).count();
            text.push_str(&format!(
                " {label} ({}): {reached} of {} at or above it in {m2}.",
                f.format_precise(*value),
                second.len()
            ));
        }
        text
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()> {
        let title = self.title_block.title();
        if self.rows.is_empty() {
            return Err(chart_error(
                title,
                "no rows to draw; add some with `.row(label, first, second)`",
            ));
        }
        let rows = self.ordered_rows();
        let reference = self
            .reference
            .as_ref()
            .filter(|r| r.0.is_finite())
            .map(|r| r.0);
        let values = rows.iter().flat_map(|r| [r.1, r.2]);
        let Some((mut lo, mut hi)) = finite_range(values.chain(reference)) else {
            return Err(chart_error(title, "every value is missing or not finite"));
        };
        if self.include_zero {
            lo = lo.min(0.0);
            hi = hi.max(0.0);
        }
        let canvas = self.title_block.canvas(area);
        let t = canvas.theme.clone();
        // the second measure (usually the later year) in the first colour, the first in the
        // second: both among the palette's colours with 3:1 contrast (theme::PALETTE)
        let (first_color, second_color) = (t.color(1), t.color(0));
        let legend = vec![
            LegendEntry {
                label: self.measures.0.clone(),
                color: first_color,
                swatch: Swatch::Dot,
            },
            LegendEntry {
                label: self.measures.1.clone(),
                color: second_color,
                swatch: Swatch::Dot,
            },
        ];
        let (left, mut top, right, mut bottom) = self.title_block.draw(&canvas, &legend)?;
        let size = t.label_size;
        let gap = (size * 0.5) as i32;
        top += canvas.unit_label(self.value_label.as_deref(), (left, top), size, gap / 2)?;
        if reference.is_some() {
            top += line_height(size * 0.9); // the reference line's label
        }
        bottom -= line_height(size) + gap / 2;

        let n = rows.len() as f64;
        let band = (bottom - top) as f64 / n;
        let text_size = size.min(band * 0.8).max(6.0);
        let radius = (text_size * 0.42).max(2.0);

        let max_label = (right - left) * 2 / 5;
        let (labels, label_width) = fit_labels(
            &canvas,
            rows.iter().map(|r| r.0.as_str()),
            text_size,
            max_label,
        )?;
        let plot_left = left + label_width + gap;
        let mut pad = 0;
        for (_, a, b) in &rows {
            for v in [a, b] {
                pad =
                    pad.max(canvas.text_width(&self.value_format.format(*v), text_size, false)?);
            }
        }
        let pad = pad + gap + radius as i32;
        let target = tick_target(right - plot_left, size * 7.0);
        let ticks = nice_ticks(lo, hi, target);
        let xs = Scale::new((ticks.lo, ticks.hi), (plot_left + pad, right - pad));
        let tick_format = self.value_format.for_step(ticks.step);
        for v in &ticks.values {
            let x = xs.px(*v);
            let color = if *v == 0.0 { t.axis } else { t.grid };
            canvas.line(vec![(x, top), (x, bottom)], color, 1.0)?;
            canvas.text(
                &tick_format.format(*v),
                (x, bottom + gap / 2),
                size,
                false,
                t.muted_text,
                Anchor::CENTER_TOP,
            )?;
        }
        if let (Some((value, label)), Some(_)) = (&self.reference, reference) {
            let x = xs.px(*value);
            canvas.dashed((x, top), (x, bottom), t.annotation, 1.5)?;
            let width = canvas.text_width(label, size * 0.9, false)?;
            let (lx, anchor) = if x + 5 + width > right {
                (x - 5, Anchor::RIGHT_TOP)
            } else {
                (x + 5, Anchor::LEFT_TOP)
            };
            canvas.text(
                label,
                (lx, top - line_height(size * 0.9)),
                size * 0.9,
                false,
                t.annotation,
                anchor,
            )?;
        }
        for (i, (_, a, b)) in rows.iter().enumerate() {
            let cy = top + (band * (i as f64 + 0.5)).round() as i32;
            canvas.text(
                &labels[i],
                (plot_left - gap, cy),
                text_size,
                false,
                t.text,
                Anchor::RIGHT_CENTER,
            )?;
            if i > 0 {
                let y = top + (band * i as f64).round() as i32;
                canvas.line(vec![(plot_left, y), (right, y)], t.grid, 1.0)?;
            }
            if a.is_finite() && b.is_finite() {
                canvas.line(
                    vec![(xs.px(*a), cy), (xs.px(*b), cy)],
                    t.grid,
                    (radius * 0.8).max(2.0),
                )?;
            }
            // The smaller value is written left of the pair, the larger right, so labels never
            // sit between close dots; the second measure's label is in the darker text colour.
            let second_right = !a.is_finite() || (b.is_finite() && b >= a);
            let off = radius as i32 + gap / 2;
            for (v, color, is_second) in [(a, first_color, false), (b, second_color, true)] {
                if !v.is_finite() {
                    continue;
                }
                let x = xs.px(*v);
                canvas.circle((x, cy), radius, color, true)?;
                canvas.value_at((x, cy), || {
                    let measure = if is_second {
                        &self.measures.1
                    } else {
                        &self.measures.0
                    };
                    format!(
                        "{}, {measure}: {}",
                        labels[i],
                        self.value_format.format_precise(*v)
                    )
                });
                let text = self.value_format.format(*v);
                let ink = if is_second { t.text } else { t.muted_text };
                if is_second == second_right {
                    let x = xs.px(finite_max(*a, *b));
                    canvas.text(
                        &text,
                        (x + off, cy),
                        text_size,
                        false,
                        ink,
                        Anchor::LEFT_CENTER,
                    )?;
                } else {
                    let x = xs.px(finite_min(*a, *b));
                    canvas.text(
                        &text,
                        (x - off, cy),
                        text_size,
                        false,
                        ink,
                        Anchor::RIGHT_CENTER,
                    )?;
                }
            }
        }
        Ok(())
    }
}
