//! Drawing primitives in pixel coordinates, with plotters errors turned into [`Error::Chart`].

use ab_glyph::{Font, ScaleFont};
use plotters::coord::Shift;
use plotters::element::{Circle, DashedPathElement, PathElement, Rectangle};
use plotters::prelude::{DrawingArea, DrawingBackend};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, RGBAColor, RGBColor, ShapeStyle, TextStyle};

use super::glyphs::{self, embedded_font};
use super::hover;
use super::theme::Theme;
use crate::{Error, Result};

/// A pixel point relative to the drawing area's top-left corner.
pub(crate) type Px = (i32, i32);

/// Where text sits relative to its anchor point.
#[derive(Clone, Copy)]
pub(crate) struct Anchor(pub HPos, pub VPos);

impl Anchor {
    pub const LEFT_TOP: Anchor = Anchor(HPos::Left, VPos::Top);
    pub const LEFT_CENTER: Anchor = Anchor(HPos::Left, VPos::Center);
    pub const RIGHT_CENTER: Anchor = Anchor(HPos::Right, VPos::Center);
    pub const CENTER_TOP: Anchor = Anchor(HPos::Center, VPos::Top);
    pub const RIGHT_TOP: Anchor = Anchor(HPos::Right, VPos::Top);
}

/// A drawing area plus the chart's name (for error messages) and theme.
pub(crate) struct Canvas<'a, DB: DrawingBackend> {
    area: &'a DrawingArea<DB, Shift>,
    chart: &'a str,
    /// Whether text is rasterised here (bitmap backends) rather than handed to the backend.
    raster: bool,
    pub theme: Theme,
}

/// Turns any displayable error into [`Error::Chart`] for `chart`.
pub(crate) fn chart_error(chart: &str, message: impl std::fmt::Display) -> Error {
    Error::Chart {
        chart: chart.to_string(),
        message: message.to_string(),
    }
}

impl<'a, DB: DrawingBackend> Canvas<'a, DB> {
    pub fn new(area: &'a DrawingArea<DB, Shift>, chart: &'a str, theme: Theme) -> Self {
        // Bitmap backends get text rasterised by `raster_text`; vector backends (SVG) keep
        // real <text> elements.
        let raster = std::any::type_name::<DB>().contains("BitMapBackend");
        Canvas {
            area,
            chart,
            raster,
            theme,
        }
    }

    /// Width and height in pixels.
    pub fn size(&self) -> (i32, i32) {
        let (w, h) = self.area.dim_in_pixel();
        (w as i32, h as i32)
    }

    fn err(&self, message: impl std::fmt::Display) -> Error {
        chart_error(self.chart, message)
    }

    pub fn fill(&self, color: RGBColor) -> Result<()> {
        self.area.fill(&color).map_err(|e| self.err(e))
    }

    /// Width in pixels of `text` at `size`.
    pub fn text_width(&self, text: &str, size: f64, bold: bool) -> Result<i32> {
        let (w, _) = self
            .theme
            .font(size, bold)
            .box_size(text)
            .map_err(|e| self.err(e))?;
        Ok(w as i32)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn text(
        &self,
        text: &str,
        at: Px,
        size: f64,
        bold: bool,
        color: RGBColor,
        anchor: Anchor,
    ) -> Result<()> {
        if text.is_empty() {
            return Ok(());
        }
        if self.raster {
            return self.raster_text(text, at, size, bold, color, anchor);
        }
        let style = TextStyle::from(self.theme.font(size, bold))
            .color(&color)
            .pos(Pos::new(anchor.0, anchor.1));
        self.area
            .draw_text(text, &style, at)
            .map_err(|e| self.err(e))
    }

    /// Draws a unit label in muted text with its top-left corner at `at`, when there is one, and
    /// returns the height it takes (its line plus `space_below`); 0 without a label.
    pub fn unit_label(
        &self,
        label: Option<&str>,
        at: Px,
        size: f64,
        space_below: i32,
    ) -> Result<i32> {
        let Some(label) = label else {
            return Ok(0);
        };
        self.text(
            label,
            at,
            size,
            false,
            self.theme.muted_text,
            Anchor::LEFT_TOP,
        )?;
        Ok(line_height(size) + space_below)
    }

    /// Rasterises text with the embedded font, pixel by pixel, honouring each glyph's side
    /// bearing and kerning (plotters' own bitmap text path drops side bearings, which makes
    /// spacing uneven). Sizes and advances match [`Canvas::text_width`].
    fn raster_text(
        &self,
        text: &str,
        at: Px,
        size: f64,
        bold: bool,
        color: RGBColor,
        anchor: Anchor,
    ) -> Result<()> {
        let font = embedded_font(bold).map_err(|e| self.err(e))?;
        let size = size as f32;
        let scaled = font.as_scaled(size);
        let line = glyphs::lay_out(font, text);
        let unit = glyphs::scale_factor(font, size);
        let (x0, baseline) = glyphs::origin(
            font,
            size,
            (at.0 as f32, at.1 as f32),
            line.width * unit,
            (anchor.0, anchor.1),
        );
        for (id, x) in line.glyphs {
            let glyph = id
                .with_scale_and_position(scaled.scale(), ab_glyph::point(x0 + x * unit, baseline));
            let Some(outline) = scaled.outline_glyph(glyph) else {
                continue;
            };
            let bounds = outline.px_bounds();
            let mut pixels = Vec::new();
            outline.draw(|gx, gy, coverage| {
                if coverage > 0.0 {
                    pixels.push((
                        bounds.min.x as i32 + gx as i32,
                        bounds.min.y as i32 + gy as i32,
                        coverage.min(1.0),
                    ));
                }
            });
            for (px, py, coverage) in pixels {
                let c = RGBAColor(color.0, color.1, color.2, coverage as f64);
                self.area
                    .draw_pixel((px, py), &c)
                    .map_err(|e| self.err(e))?;
            }
        }
        Ok(())
    }

    /// A polyline.
    pub fn line(&self, points: Vec<Px>, color: RGBColor, width: f64) -> Result<()> {
        let style = ShapeStyle {
            color: color.to_rgba(),
            filled: false,
            stroke_width: width_px(width),
        };
        self.area
            .draw(&PathElement::new(points, style))
            .map_err(|e| self.err(e))
    }

    /// A dashed straight line.
    pub fn dashed(&self, from: Px, to: Px, color: RGBColor, width: f64) -> Result<()> {
        let style = ShapeStyle {
            color: color.to_rgba(),
            filled: false,
            stroke_width: width_px(width),
        };
        let dash = (6.0 * width.max(1.0)).round() as i32;
        let element = DashedPathElement::new(vec![from, to], dash, dash, style);
        self.area.draw(&element).map_err(|e| self.err(e))
    }

    /// A filled rectangle between two corners (in any order).
    pub fn rect(&self, a: Px, b: Px, color: RGBColor) -> Result<()> {
        let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
        let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
        let element = Rectangle::new([(x0, y0), (x1, y1)], color.filled());
        self.area.draw(&element).map_err(|e| self.err(e))
    }

    /// A circle, filled or outlined.
    pub fn circle(&self, at: Px, radius: f64, color: RGBColor, filled: bool) -> Result<()> {
        let style = if filled {
            color.filled()
        } else {
            color.stroke_width(2)
        };
        let r = radius.round().max(1.0) as i32;
        self.area
            .draw(&Circle::new(at, r, style))
            .map_err(|e| self.err(e))
    }

    /// Names the value of a point drawn at `at` (a line's point, a dot) for readers who hover
    /// over it in an SVG ([`hover`](super::hover)); `label` is only called when the SVG is
    /// being written.
    pub fn value_at(&self, at: Px, label: impl FnOnce() -> String) {
        if self.raster || !hover::is_collecting() {
            return;
        }
        let radius = (self.theme.label_size * 0.45).round().max(4.0) as i32;
        hover::record(hover::Target {
            shape: hover::Shape::Circle {
                at: self.absolute(at),
                radius,
            },
            label: label(),
        });
    }

    /// Names the value of a bar or column drawn between two corners (see [`Canvas::value_at`]).
    pub fn value_over(&self, from: Px, to: Px, label: impl FnOnce() -> String) {
        if self.raster || !hover::is_collecting() {
            return;
        }
        hover::record(hover::Target {
            shape: hover::Shape::Rect {
                from: self.absolute(from),
                to: self.absolute(to),
            },
            label: label(),
        });
    }

    /// A point of this area in pixels of the whole chart (small multiples draw into sub-areas).
    fn absolute(&self, at: Px) -> Px {
        let (x, y) = self.area.get_base_pixel();
        (x + at.0, y + at.1)
    }

    /// Splits `text` into lines no wider than `max_width` pixels, breaking at spaces.
    pub fn wrap(&self, text: &str, size: f64, bold: bool, max_width: i32) -> Result<Vec<String>> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_string()
                } else {
                    format!("{line} {word}")
                };
                if !line.is_empty() && self.text_width(&candidate, size, bold)? > max_width {
                    lines.push(std::mem::take(&mut line));
                    line = word.to_string();
                } else {
                    line = candidate;
                }
            }
            if !line.is_empty() {
                lines.push(line);
            }
        }
        Ok(lines)
    }
}

fn width_px(width: f64) -> u32 {
    width.round().max(1.0) as u32
}

/// Line height for text of `size` pixels.
pub(crate) fn line_height(size: f64) -> i32 {
    (size * 1.3).round() as i32
}
