//! Values on hover: each point, bar or dot a chart draws into an SVG also gets an invisible
//! shape over it whose `<title>` is its value in words ("Balance, 2024: -$41.0bn"), which
//! browsers show as a tooltip when the SVG is inline in a page or opened on its own. PNGs have
//! no such layer.
//!
//! The chart kinds name their values while they draw ([`Canvas::value_at`] and
//! [`Canvas::value_over`](super::canvas::Canvas::value_over)); [`collecting`] gathers them around
//! one draw, on this thread only, and [`insert`] writes them as one group at the end of the SVG,
//! above everything else, so the pointer finds them.
//!
//! [`Canvas::value_at`]: super::canvas::Canvas::value_at

use std::cell::RefCell;
use std::fmt::Write as _;

use super::canvas::Px;
use crate::html::escape;

/// The class of the group that holds the hover shapes (for styling in a page).
pub(crate) const GROUP_CLASS: &str = "tradedef-values";

/// Where a value sits, in pixels of the whole chart.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Shape {
    /// A point of a line or a dot.
    Circle { at: Px, radius: i32 },
    /// A bar or a column, between two corners in any order.
    Rect { from: Px, to: Px },
}

/// One value and where it is drawn.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Target {
    pub shape: Shape,
    pub label: String,
}

thread_local! {
    static TARGETS: RefCell<Option<Vec<Target>>> = const { RefCell::new(None) };
}

/// Runs `draw` and returns what it returned with the values it named. Nests: an inner call
/// collects its own and leaves the outer's untouched.
pub(crate) fn collecting<R>(draw: impl FnOnce() -> R) -> (R, Vec<Target>) {
    let outer = TARGETS.with(|t| t.borrow_mut().replace(Vec::new()));
    let result = draw();
    let targets = TARGETS.with(|t| std::mem::replace(&mut *t.borrow_mut(), outer));
    (result, targets.unwrap_or_default())
}

/// Whether a draw is being collected (naming values costs nothing otherwise).
pub(crate) fn is_collecting() -> bool {
    TARGETS.with(|t| t.borrow().is_some())
}

/// Records one value for the draw being collected; does nothing outside [`collecting`].
pub(crate) fn record(target: Target) {
    TARGETS.with(|t| {
        if let Some(targets) = t.borrow_mut().as_mut() {
            targets.push(target);
        }
    });
}

/// The SVG with the values' group before its closing `</svg>` (unchanged without values).
pub(crate) fn insert(svg: &str, targets: &[Target]) -> String {
    let Some(end) = svg.rfind("</svg>") else {
        return svg.to_string();
    };
    if targets.is_empty() {
        return svg.to_string();
    }
    let mut group = format!(
        "<g class=\"{GROUP_CLASS}\" fill=\"#808080\" fill-opacity=\"0\" pointer-events=\"all\">\n"
    );
    for t in targets {
        let title = escape(&t.label);
        let _ = match t.shape {
            Shape::Circle { at, radius } => writeln!(
                group,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{radius}\"><title>{title}</title></circle>",
                at.0, at.1
            ),
            Shape::Rect { from, to } => {
                let (x, y) = (from.0.min(to.0), from.1.min(to.1));
                let (w, h) = ((from.0 - to.0).abs().max(1), (from.1 - to.1).abs().max(1));
                writeln!(
                    group,
                    "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\"><title>{title}</title></rect>"
                )
            }
        };
    }
    group.push_str("</g>\n");
    format!("{}{group}{}", &svg[..end], &svg[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(label: &str) -> Target {
        Target {
            shape: Shape::Circle {
                at: (10, 20),
                radius: 8,
            },
            label: label.into(),
        }
    }

    #[test]
    fn values_are_collected_only_inside_a_draw_and_nest() {
        record(point("lost: nobody collects"));
        let ((), outer) = collecting(|| {
            record(point("a"));
            let ((), inner) = collecting(|| record(point("inner")));
            assert_eq!(inner, [point("inner")]);
            record(point("b"));
        });
        assert_eq!(outer, [point("a"), point("b")]);
        assert!(!is_collecting());
    }

    #[test]
    fn the_group_goes_last_with_escaped_titles() {
        let svg = "<svg viewBox=\"0 0 10 10\">\n<rect/>\n</svg>\n";
        let bar = Target {
            shape: Shape::Rect {
                from: (30, 5),
                to: (10, 9),
            },
            label: "R&D <2%".into(),
        };
        let out = insert(svg, &[point("Balance, 2024: -$41bn"), bar]);
        assert!(
            out.starts_with("<svg viewBox=\"0 0 10 10\">\n<rect/>\n<g class=\"tradedef-values\"")
        );
        assert!(out.contains(
            "<circle cx=\"10\" cy=\"20\" r=\"8\"><title>Balance, 2024: -$41bn</title></circle>"
        ));
        assert!(out.contains(
            "<rect x=\"10\" y=\"5\" width=\"20\" height=\"4\"><title>R&amp;D &lt;2%</title></rect>"
        ));
        assert!(out.ends_with("</g>\n</svg>\n"));
        assert_eq!(insert(svg, &[]), svg);
    }
}
