//! The embedded font (DejaVu Sans) and how a line of text is laid out in it: one layout for the
//! PNG rasteriser ([`Canvas::text`](super::canvas::Canvas::text)) and for the SVG's glyph
//! outlines ([`outline`](super::outline)), so both put each glyph at the same place.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont};
use plotters::style::text_anchor::{HPos, VPos};

/// The embedded DejaVu Sans, regular or bold, parsed once.
pub(crate) fn embedded_font(
    bold: bool,
) -> std::result::Result<&'static FontRef<'static>, &'static str> {
    static REGULAR: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    static BOLD: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    let (cell, bytes) = if bold {
        (&BOLD, dejavu::sans::bold())
    } else {
        (&REGULAR, dejavu::sans::regular())
    };
    cell.get_or_init(|| FontRef::try_from_slice(bytes).ok())
        .as_ref()
        .ok_or("the embedded DejaVu Sans font does not parse")
}

/// A line of text laid out in the font: each glyph with its pen position, and the line's
/// advance width, in font units (the font's own grid, `units_per_em` to the em).
pub(crate) struct Line {
    /// Each character's glyph and where its origin sits from the line's start.
    pub glyphs: Vec<(GlyphId, f32)>,
    /// The line's advance width, kerning included.
    pub width: f32,
}

/// Lays `text` out on one line: advances plus the font's kerning, in font units.
pub(crate) fn lay_out(font: &FontRef<'_>, text: &str) -> Line {
    let mut glyphs = Vec::with_capacity(text.len());
    let mut x = 0.0;
    let mut previous = None;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = previous {
            x += font.kern_unscaled(p, id);
        }
        previous = Some(id);
        glyphs.push((id, x));
        x += font.h_advance_unscaled(id);
    }
    Line { glyphs, width: x }
}

/// Font units to pixels for text drawn at `size` (ab_glyph's pixel scale: the font's ascent
/// to descent spans `size` pixels).
pub(crate) fn scale_factor(font: &FontRef<'_>, size: f32) -> f32 {
    font.as_scaled(PxScale::from(size)).h_scale_factor()
}

/// Where a line's pen starts, in pixels, for an anchor point `at`: left of it by the share of the
/// line's `width` (pixels) the horizontal anchor asks, and its baseline below the point by what
/// the vertical anchor asks (0.76 of the size for text hung from its top, 0.31 for text centred
/// on its digits, the descent for text standing on the point), as the SVG backend's `dy`
/// places it.
pub(crate) fn origin(
    font: &FontRef<'_>,
    size: f32,
    at: (f32, f32),
    width: f32,
    anchor: (HPos, VPos),
) -> (f32, f32) {
    let x = at.0
        - match anchor.0 {
            HPos::Left => 0.0,
            HPos::Center => width / 2.0,
            HPos::Right => width,
        };
    let scaled = font.as_scaled(PxScale::from(size));
    let em = scaled.ascent() - scaled.descent();
    let baseline = at.1
        + match anchor.1 {
            VPos::Top => 0.76 * em,
            VPos::Center => 0.31 * em,
            VPos::Bottom => scaled.descent(),
        };
    (x, baseline)
}
