//! Chart text that looks the same on every machine: each `<text>` element of a chart's SVG is
//! drawn as the outlines of the embedded font's glyphs (DejaVu Sans, the font the PNG is drawn
//! in), placed with the same layout as the PNG ([`glyphs`](super::glyphs)), so a reader without
//! the font sees the chart as designed instead of a fallback font whose wider letters overrun
//! labels. The text itself stays, invisible (`fill-opacity="0"`), after its outlines, so it can
//! still be searched, selected and read by tools.
//!
//! Each glyph's outline is written once per SVG, in `<defs>`, in font units; every use of it is
//! a `<use>` inside a group that moves and scales the line into place. The ids carry a prefix
//! derived from the SVG's text, so two charts inlined in one page do not clash. Text with a
//! character the font does not have is left as text, for the reader's fonts to draw.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use ab_glyph::{Font, FontRef, OutlineCurve, Point};
use plotters::style::text_anchor::{HPos, VPos};

use super::describe::{fnv1a, parse_attributes};
use super::glyphs::{embedded_font, lay_out, origin, scale_factor};
use crate::html::unescape;

/// plotters' SVG backend writes a text's `font-size` as its pixel size divided by this.
const PLOTTERS_FONT_SIZE_RATIO: f32 = 1.24;

/// Draws every `<text>` element of `svg` as glyph outlines (see the module's documentation).
/// Text it cannot draw (an unknown attribute form, a character the font lacks) is left as it is.
pub(crate) fn outline_text(svg: &str) -> String {
    let prefix = format!("g{:08x}", fnv1a(&[svg]) as u32);
    let mut glyphs = Glyphs::default();
    let mut out = String::with_capacity(svg.len() * 2);
    let mut rest = svg;
    while let Some(start) = rest.find("<text ") {
        out.push_str(&rest[..start]);
        let element = &rest[start..];
        let Some(close) = element.find("</text>") else {
            break;
        };
        let end = close + "</text>".len();
        let element_text = &element[..end];
        match outlined(element_text, &prefix, &mut glyphs) {
            Some(group) => {
                out.push_str(&group);
                out.push_str("<text fill-opacity=\"0\" ");
                out.push_str(&element_text["<text ".len()..]);
            }
            None => out.push_str(element_text),
        }
        rest = &element[end..];
    }
    out.push_str(rest);
    if glyphs.paths.is_empty() {
        return out;
    }
    let Some(svg_end) = out.rfind("</svg>") else {
        return svg.to_string();
    };
    let mut defs = String::from("<defs>\n");
    for ((bold, id), d) in &glyphs.paths {
        let weight = if *bold { 'b' } else { 'r' };
        let _ = writeln!(defs, "<path id=\"{prefix}-{weight}{id}\" d=\"{d}\"/>");
    }
    defs.push_str("</defs>\n");
    out.insert_str(svg_end, &defs);
    out
}

/// The outlines used so far, by (bold, glyph id): `None` for a glyph with no outline (a space).
#[derive(Default)]
struct Glyphs {
    paths: BTreeMap<(bool, u16), String>,
    empty: Vec<(bool, u16)>,
}

impl Glyphs {
    /// Whether the glyph draws anything; records its outline the first time.
    fn draws(&mut self, font: &FontRef<'_>, bold: bool, id: ab_glyph::GlyphId) -> bool {
        let key = (bold, id.0);
        if self.paths.contains_key(&key) {
            return true;
        }
        if self.empty.contains(&key) {
            return false;
        }
        match font.outline(id) {
            Some(outline) if !outline.curves.is_empty() => {
                self.paths.insert(key, path_data(&outline.curves));
                true
            }
            _ => {
                self.empty.push(key);
                false
            }
        }
    }
}

/// The group of `<use>`s drawing one `<text …>…</text>` element, or `None` to leave it as text.
fn outlined(element: &str, prefix: &str, glyphs: &mut Glyphs) -> Option<String> {
    let tag_end = element.find('>')?;
    let attributes = parse_attributes(&element["<text ".len()..tag_end])?;
    let get = |name: &str| {
        attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let content = element[tag_end + 1..element.len() - "</text>".len()].trim_matches('\n');
    let text = unescape(content);
    if text.trim().is_empty() || get("font-style").is_some() {
        return None;
    }
    let bold = match get("font-weight") {
        None => false,
        Some("bold") => true,
        Some(_) => return None,
    };
    let number = |name: &str| get(name)?.parse::<f32>().ok().filter(|v| v.is_finite());
    let (x, y) = (number("x")?, number("y")?);
    let size = number("font-size")? * PLOTTERS_FONT_SIZE_RATIO;
    let horizontal = match get("text-anchor")? {
        "start" => HPos::Left,
        "middle" => HPos::Center,
        "end" => HPos::Right,
        _ => return None,
    };
    let vertical = match get("dy")? {
        "0.76em" => VPos::Top,
        "0.5ex" => VPos::Center,
        "-0.5ex" => VPos::Bottom,
        _ => return None,
    };
    let font = embedded_font(bold).ok()?;
    let line = lay_out(font, &text);
    let missing = text
        .chars()
        .zip(&line.glyphs)
        .any(|(c, (id, _))| id.0 == 0 && !c.is_whitespace());
    if missing {
        return None;
    }
    let unit = scale_factor(font, size);
    let (x0, baseline) = origin(
        font,
        size,
        (x, y),
        line.width * unit,
        (horizontal, vertical),
    );
    let mut transform = String::new();
    if let Some(t) = get("transform") {
        transform.push_str(t);
        transform.push(' ');
    }
    let _ = write!(
        transform,
        "translate({} {}) scale({} {})",
        number_text(x0, 2),
        number_text(baseline, 2),
        number_text(unit, 6),
        number_text(-unit, 6)
    );
    let mut group = format!(
        "<g aria-hidden=\"true\" fill=\"{}\" opacity=\"{}\" transform=\"{transform}\">\n",
        get("fill")?,
        get("opacity").unwrap_or("1")
    );
    let weight = if bold { 'b' } else { 'r' };
    for (id, pen) in &line.glyphs {
        if glyphs.draws(font, bold, *id) {
            let _ = writeln!(
                group,
                "<use href=\"#{prefix}-{weight}{}\" x=\"{}\"/>",
                id.0,
                number_text(*pen, 1)
            );
        }
    }
    group.push_str("</g>\n");
    Some(group)
}

/// An outline as SVG path data, in font units (y up, as the font has it).
fn path_data(curves: &[OutlineCurve]) -> String {
    let mut d = String::new();
    let mut last: Option<Point> = None;
    let p = |point: &Point| format!("{} {}", number_text(point.x, 1), number_text(point.y, 1));
    for curve in curves {
        let (start, end) = match curve {
            OutlineCurve::Line(a, b)
            | OutlineCurve::Quad(a, _, b)
            | OutlineCurve::Cubic(a, _, _, b) => (a, b),
        };
        if last != Some(*start) {
            if last.is_some() {
                d.push('Z');
            }
            d.push('M');
            d.push_str(&p(start));
        }
        match curve {
            OutlineCurve::Line(_, b) => {
                d.push('L');
                d.push_str(&p(b));
            }
            OutlineCurve::Quad(_, c, b) => {
                let _ = write!(d, "Q{} {}", p(c), p(b));
            }
            OutlineCurve::Cubic(_, c1, c2, b) => {
                let _ = write!(d, "C{} {} {}", p(c1), p(c2), p(b));
            }
        }
        last = Some(*end);
    }
    if last.is_some() {
        d.push('Z');
    }
    d
}

/// A number with at most `decimals` decimals and no trailing zeros (`12`, `12.5`, `-0.0071`).
fn number_text(value: f32, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    if text == "-0" { "0".to_string() } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg(texts: &[&str]) -> String {
        let mut s = String::from(
            "<svg width=\"400\" height=\"200\" viewBox=\"0 0 400 200\" xmlns=\"http://www.w3.org/2000/svg\">\n",
        );
        for t in texts {
            s.push_str(t);
        }
        s.push_str("</svg>\n");
        s
    }

    fn text(x: i32, anchor: &str, dy: &str, extra: &str, content: &str) -> String {
        format!(
            "<text x=\"{x}\" y=\"50\" dy=\"{dy}\" text-anchor=\"{anchor}\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"16.129032258064516\" opacity=\"1\" fill=\"#1A1A1A\"{extra}>\n{content}\n</text>\n"
        )
    }

    /// The `translate(x y)` of the first glyph group.
    fn translate(svg: &str) -> (f32, f32) {
        let at = svg.find("translate(").unwrap() + "translate(".len();
        let inside = &svg[at..at + svg[at..].find(')').unwrap()];
        let mut parts = inside.split(' ').map(|v| v.parse::<f32>().unwrap());
        (parts.next().unwrap(), parts.next().unwrap())
    }

    #[test]
    fn text_becomes_outlines_and_stays_as_invisible_text() {
        let input = svg(&[&text(10, "start", "0.76em", "", "Source: A &amp; B")]);
        let out = outline_text(&input);
        // every visible character is one <use>, the two spaces draw nothing
        assert_eq!(
            out.matches("<use href=").count(),
            "Source:A&B".len(),
            "{out}"
        );
        assert!(out.contains("<text fill-opacity=\"0\" x=\"10\""), "{out}");
        assert!(out.contains("\nSource: A &amp; B\n</text>"), "{out}");
        assert!(out.contains("<g aria-hidden=\"true\" fill=\"#1A1A1A\" opacity=\"1\""));
        // each glyph is defined once: "S o u r c e : A & B" has 10 different glyphs
        let defs = &out[out.find("<defs>").unwrap()..];
        assert_eq!(defs.matches("<path id=").count(), 10, "{defs}");
        assert!(out.ends_with("</defs>\n</svg>\n"));
        // the same input gives the same bytes
        assert_eq!(out, outline_text(&input));
    }

    #[test]
    fn anchors_place_the_line_as_the_png_does() {
        let font = embedded_font(false).unwrap();
        let size = 16.129_032 * PLOTTERS_FONT_SIZE_RATIO;
        let width = lay_out(font, "Exports").width * scale_factor(font, size);
        let start = translate(&outline_text(&svg(&[&text(
            200, "start", "0.76em", "", "Exports",
        )])));
        let middle = translate(&outline_text(&svg(&[&text(
            200, "middle", "0.5ex", "", "Exports",
        )])));
        let end = translate(&outline_text(&svg(&[&text(
            200, "end", "-0.5ex", "", "Exports",
        )])));
        assert!((start.0 - 200.0).abs() < 0.01, "{start:?}");
        assert!(
            (middle.0 - (200.0 - width / 2.0)).abs() < 0.01,
            "{middle:?}"
        );
        assert!((end.0 - (200.0 - width)).abs() < 0.01, "{end:?}");
        // hung from the top: baseline below the point; standing on it: above
        assert!(
            start.1 > middle.1 && middle.1 > 50.0 && end.1 < 50.0,
            "{start:?} {middle:?} {end:?}"
        );
        assert!(width > 40.0 && width < 80.0, "{width}");
    }

    #[test]
    fn bold_uses_the_bold_outlines_and_a_rotation_is_kept() {
        let out = outline_text(&svg(&[&text(
            20,
            "start",
            "0.76em",
            " font-weight=\"bold\" transform=\"rotate(270, 20, 50)\"",
            "Ab",
        )]));
        assert!(
            out.contains("transform=\"rotate(270, 20, 50) translate("),
            "{out}"
        );
        assert!(out.matches("-b").count() >= 2, "{out}");
        assert!(!out.contains("-r"), "{out}");
    }

    #[test]
    fn text_the_font_cannot_draw_is_left_as_text() {
        let input = svg(&[&text(10, "start", "0.76em", "", "日本 exports")]);
        assert_eq!(outline_text(&input), input);
        let odd = svg(&[&text(10, "start", "1em", "", "Exports")]);
        assert_eq!(outline_text(&odd), odd);
    }

    #[test]
    fn two_charts_get_different_ids() {
        let a = outline_text(&svg(&[&text(10, "start", "0.76em", "", "A")]));
        let b = outline_text(&svg(&[&text(10, "start", "0.76em", "", "B")]));
        let id = |s: &str| {
            let at = s.find("<path id=\"").unwrap() + 10;
            s[at..at + 9].to_string()
        };
        assert_ne!(id(&a), id(&b));
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(number_text(12.0, 2), "12");
        assert_eq!(number_text(12.504, 2), "12.5");
        assert_eq!(number_text(-0.0001, 2), "0");
        assert_eq!(number_text(0.007_123_4, 6), "0.007123");
    }
}
