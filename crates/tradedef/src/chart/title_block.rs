//! The title block of every chart: title, subtitle, legend, the "Source: …" line and notes.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::RGBColor;

use super::canvas::{Anchor, Canvas, line_height};
use super::theme::Theme;
use crate::Result;
use crate::data::Provenance;

/// The default chart size in pixels: 1200×750.
pub const DEFAULT_SIZE: (u32, u32) = (1200, 750);

thread_local! {
    /// The text scale a draw on this thread uses instead of the one its size gives
    /// ([`with_text_scale`]).
    static TEXT_SCALE: std::cell::Cell<Option<f64>> = const { std::cell::Cell::new(None) };
    /// The height, in pixels, the first title block drawn under [`with_text_scale`] left for its
    /// plot.
    static PLOT_HEIGHT: std::cell::Cell<Option<i32>> = const { std::cell::Cell::new(None) };
}

/// Runs `draw` with text, margins and lines at `scale` of their 1200×750 size whatever the
/// drawing area's size (a chart drawn for a narrow column keeps legible text); returns what it
/// returned and the height the chart's title block left for the plot (`None` if it drew none).
/// Restores the previous setting after.
pub(crate) fn with_text_scale<R>(scale: f64, draw: impl FnOnce() -> R) -> (R, Option<i32>) {
    let previous = TEXT_SCALE.with(|s| s.replace(Some(scale)));
    let outer_plot = PLOT_HEIGHT.with(|p| p.replace(None));
    let result = draw();
    TEXT_SCALE.with(|s| s.set(previous));
    let plot = PLOT_HEIGHT.with(|p| p.replace(outer_plot));
    (result, plot)
}

/// Title, subtitle, source line, notes, size and theme: what every chart kind shares.
///
/// Each chart builder has the same methods for these (`subtitle`, `source`, `source_text`,
/// `note`, `size`, `theme`); [`Chart::title_block`](super::Chart::title_block) returns this record.
///
/// ```
/// use tradedef::prelude::*;
/// let trade = load("us_japan_goods_trade").unwrap();
/// let chart = LineChart::new("US goods balance with Japan")
///     .source(&trade.provenance())
///     .note("Annual totals.");
/// let line = chart.title_block().source_line().unwrap();
/// assert!(line.starts_with("Source: ") && line.contains("Census"));
/// assert_eq!(chart.title_block().size(), (1200, 750));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TitleBlock {
    title: String,
    subtitle: Option<String>,
    source: Option<String>,
    /// The provenance behind `source`, when it came from data rather than text.
    provenance: Option<Provenance>,
    notes: Vec<String>,
    size: (u32, u32),
    theme: Theme,
}

impl TitleBlock {
    /// A title block with a title, no subtitle, source or notes, the default size and theme.
    pub fn new(title: impl Into<String>) -> Self {
        TitleBlock {
            title: title.into(),
            subtitle: None,
            source: None,
            provenance: None,
            notes: Vec::new(),
            size: DEFAULT_SIZE,
            theme: Theme::default(),
        }
    }

    /// The title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The subtitle, if any.
    pub fn subtitle(&self) -> Option<&str> {
        self.subtitle.as_deref()
    }

    /// The full source line as drawn ("Source: …"), if a source was given.
    pub fn source_line(&self) -> Option<String> {
        self.source.as_ref().map(|s| format!("Source: {s}"))
    }

    /// The notes, in order.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// Width and height in pixels for [`Chart::to_svg`](super::Chart::to_svg) and friends.
    pub fn size(&self) -> (u32, u32) {
        self.size
    }

    /// The theme (sized for 1200 px wide; charts scale it to the area they draw into).
    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    pub(crate) fn set_subtitle(&mut self, s: String) {
        self.subtitle = Some(s);
    }
    pub(crate) fn set_source(&mut self, p: &Provenance) {
        self.source = if p.is_empty() {
            None
        } else {
            Some(p.source_line())
        };
        self.provenance = Some(p.clone());
    }
    pub(crate) fn set_source_text(&mut self, s: String) {
        self.source = Some(s);
        self.provenance = None;
    }
    /// Adds the sources of data drawn (from a table) to the source line, unless the line was
    /// set as text.
    pub(crate) fn add_source(&mut self, p: Option<Provenance>) {
        let Some(p) = p else { return };
        if self.source.is_some() && self.provenance.is_none() {
            return;
        }
        let merged = match self.provenance.take() {
            Some(old) => old.merge(&p),
            None => p,
        };
        self.set_source(&merged);
    }
    pub(crate) fn add_note(&mut self, s: String) {
        self.notes.push(s);
    }
    pub(crate) fn set_size(&mut self, w: u32, h: u32) {
        self.size = (w.max(1), h.max(1));
    }
    pub(crate) fn set_theme(&mut self, t: Theme) {
        self.theme = t;
    }

    /// The theme scaled to an area of `width`×`height` pixels.
    pub(crate) fn theme_for(&self, width: i32, height: i32) -> Theme {
        if let Some(scale) = TEXT_SCALE.with(std::cell::Cell::get) {
            return self.theme.scaled(scale);
        }
        let factor = (width as f64 / DEFAULT_SIZE.0 as f64)
            .min(height as f64 / DEFAULT_SIZE.1 as f64)
            .clamp(0.25, 8.0);
        self.theme.scaled(factor)
    }

    /// A canvas over `area` with this block's theme scaled to the area's size.
    pub(crate) fn canvas<'a, DB: DrawingBackend>(
        &'a self,
        area: &'a DrawingArea<DB, Shift>,
    ) -> Canvas<'a, DB> {
        let (w, h) = area.dim_in_pixel();
        Canvas::new(area, self.title(), self.theme_for(w as i32, h as i32))
    }

    /// Fills the background, draws title, subtitle, legend, notes and source line, and returns
    /// the rectangle left for the plot: `(left, top, right, bottom)` in pixels.
    pub(crate) fn draw<DB: DrawingBackend>(
        &self,
        canvas: &Canvas<'_, DB>,
        legend: &[LegendEntry],
    ) -> Result<(i32, i32, i32, i32)> {
        let t = canvas.theme.clone();
        let (w, h) = canvas.size();
        let m = t.margin.round() as i32;
        let inner = (w - 2 * m).max(10);
        canvas.fill(t.background)?;

        let mut y = m;
        for line in canvas.wrap(&self.title, t.title_size, true, inner)? {
            canvas.text(&line, (m, y), t.title_size, true, t.text, Anchor::LEFT_TOP)?;
            y += line_height(t.title_size);
        }
        if let Some(subtitle) = &self.subtitle {
            y += (t.subtitle_size * 0.15) as i32;
            for line in canvas.wrap(subtitle, t.subtitle_size, false, inner)? {
                canvas.text(
                    &line,
                    (m, y),
                    t.subtitle_size,
                    false,
                    t.muted_text,
                    Anchor::LEFT_TOP,
                )?;
                y += line_height(t.subtitle_size);
            }
        }
        y += (t.label_size * 0.6) as i32;
        if !legend.is_empty() {
            y = draw_legend(canvas, legend, (m, y), inner)?;
            y += (t.label_size * 0.4) as i32;
        }

        // Bottom block: notes, then the source line, from the bottom margin upwards.
        let mut bottom_lines: Vec<String> = Vec::new();
        for note in &self.notes {
            bottom_lines.extend(canvas.wrap(note, t.note_size, false, inner)?);
        }
        if let Some(source) = self.source_line() {
            bottom_lines.extend(canvas.wrap(&source, t.note_size, false, inner)?);
        }
        let block = bottom_lines.len() as i32 * line_height(t.note_size);
        let mut by = h - m - block;
        let plot_bottom = by
            - if block > 0 {
                (t.label_size * 0.8) as i32
            } else {
                0
            };
        for line in &bottom_lines {
            canvas.text(
                line,
                (m, by),
                t.note_size,
                false,
                t.muted_text,
                Anchor::LEFT_TOP,
            )?;
            by += line_height(t.note_size);
        }
        let plot_bottom = plot_bottom.max(y + 10);
        if TEXT_SCALE.with(std::cell::Cell::get).is_some() {
            PLOT_HEIGHT.with(|p| {
                if p.get().is_none() {
                    p.set(Some(plot_bottom - y));
                }
            });
        }
        Ok((m, y, w - m, plot_bottom))
    }
}

/// How a legend entry shows its series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Swatch {
    Line,
    Block,
    Dot,
}

/// One legend entry.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LegendEntry {
    pub label: String,
    pub color: RGBColor,
    pub swatch: Swatch,
}

/// Draws legend entries left to right, wrapping to new rows; returns the y below the legend.
fn draw_legend<DB: DrawingBackend>(
    canvas: &Canvas<'_, DB>,
    entries: &[LegendEntry],
    origin: (i32, i32),
    max_width: i32,
) -> Result<i32> {
    let t = &canvas.theme;
    let size = t.label_size;
    let row = line_height(size);
    let key = (size * 1.4) as i32;
    let gap = (size * 0.4) as i32;
    let spacing = (size * 1.3) as i32;
    let (mut x, mut y) = origin;
    for entry in entries {
        // a label wider than a whole row (a long series name in a narrow chart) wraps onto
        // rows of its own under its key
        let lines = canvas.wrap(&entry.label, size, false, (max_width - key - gap).max(10))?;
        let widest = lines
            .iter()
            .map(|l| canvas.text_width(l, size, false))
            .collect::<Result<Vec<i32>>>()?
            .into_iter()
            .max()
            .unwrap_or(0);
        let width = key + gap + widest;
        if x > origin.0 && (lines.len() > 1 || x + width > origin.0 + max_width) {
            x = origin.0;
            y += row;
        }
        let cy = y + row / 2;
        match entry.swatch {
            Swatch::Line => canvas.line(vec![(x, cy), (x + key, cy)], entry.color, t.line_width)?,
            Swatch::Block => {
                let half = (size * 0.4) as i32;
                canvas.rect(
                    (x + key / 2 - half, cy - half),
                    (x + key / 2 + half, cy + half),
                    entry.color,
                )?
            }
            Swatch::Dot => canvas.circle((x + key / 2, cy), size * 0.35, entry.color, true)?,
        }
        for (i, line) in lines.iter().enumerate() {
            canvas.text(
                line,
                (x + key + gap, cy + i as i32 * row),
                size,
                false,
                t.text,
                Anchor::LEFT_CENTER,
            )?;
        }
        if lines.len() > 1 {
            // the row is full: the next entry starts under the label's last line
            y += row * (lines.len() as i32 - 1);
            x = origin.0 + max_width;
        } else {
            x += width + spacing;
        }
    }
    Ok(y + row)
}

/// Generates the title-block builder methods every chart kind shares.
macro_rules! title_block_methods {
    () => {
        /// Sets the subtitle, drawn under the title in muted text (wrapped to the width). Default none.
        pub fn subtitle(mut self, subtitle: impl Into<String>) -> Self {
            self.title_block.set_subtitle(subtitle.into());
            self
        }

        /// Sets the "Source: …" line from the provenance of the data drawn
        /// ([`Provenance::source_line`](crate::data::Provenance::source_line)). Default none.
        pub fn source(mut self, provenance: &$crate::data::Provenance) -> Self {
            self.title_block.set_source(provenance);
            self
        }

        /// Sets the text after "Source: " by hand, for figures not from a dataset. Default none.
        pub fn source_text(mut self, text: impl Into<String>) -> Self {
            self.title_block.set_source_text(text.into());
            self
        }

        /// Adds a note, drawn above the source line (wrapped to the width). Default none.
        pub fn note(mut self, note: impl Into<String>) -> Self {
            self.title_block.add_note(note.into());
            self
        }

        /// Sets the output size in pixels for SVG and PNG. Default 1200×750; text and lines
        /// scale with the smaller of width/1200 and height/750.
        pub fn size(mut self, width: u32, height: u32) -> Self {
            self.title_block.set_size(width, height);
            self
        }

        /// Sets the theme. Default [`Theme::default`](crate::chart::Theme::default).
        pub fn theme(mut self, theme: $crate::chart::Theme) -> Self {
            self.title_block.set_theme(theme);
            self
        }
    };
}
pub(crate) use title_block_methods;

/// Generates a chart's setters for how values are written (`$format`, a [`ValueFormat`] field)
/// and for its unit label (`$label`, an `Option<String>` field), each with the doc line given.
///
/// [`ValueFormat`]: crate::chart::ValueFormat
macro_rules! unit_methods {
    ($format:ident: $format_doc:literal, $label:ident: $label_doc:literal) => {
        #[doc = $format_doc]
        pub fn $format(mut self, format: ValueFormat) -> Self {
            self.$format = format;
            self
        }

        #[doc = $label_doc]
        pub fn $label(mut self, label: impl Into<String>) -> Self {
            self.$label = Some(label.into());
            self
        }
    };
}
pub(crate) use unit_methods;
