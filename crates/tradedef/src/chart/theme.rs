//! The look shared by every chart: the embedded font, text sizes, colours and line weights.

use std::sync::OnceLock;

use plotters::style::{FontDesc, FontFamily, FontStyle, RGBColor, register_font};

use crate::{Error, Result};

/// The font family every chart uses: DejaVu Sans, embedded from the `dejavu` crate.
///
/// PNGs are rasterised with the embedded font, never a system font. SVGs name the family as
/// `DejaVu Sans, sans-serif`, so a viewer without DejaVu Sans falls back to its own sans-serif.
pub const FONT_FAMILY: &str = "DejaVu Sans, sans-serif";

/// Registers the embedded DejaVu Sans (regular and bold) with plotters, once per process.
///
/// Every chart calls this before it measures or draws text, so callers need not; it is public for
/// code that draws its own text with [`Theme::font`].
///
/// ```
/// tradedef::chart::register_fonts().unwrap();
/// ```
pub fn register_fonts() -> Result<()> {
    static REGISTERED: OnceLock<std::result::Result<(), String>> = OnceLock::new();
    let outcome = REGISTERED.get_or_init(|| {
        register_font(FONT_FAMILY, FontStyle::Normal, dejavu::sans::regular())
            .map_err(|_| "DejaVu Sans regular is not a valid font".to_string())?;
        register_font(FONT_FAMILY, FontStyle::Bold, dejavu::sans::bold())
            .map_err(|_| "DejaVu Sans bold is not a valid font".to_string())
    });
    outcome.clone().map_err(|message| Error::Chart {
        chart: "font registration".into(),
        message,
    })
}

/// The Okabe–Ito palette, safe for the common forms of colour blindness (Okabe & Ito, 2008),
/// ordered for charts: blue, vermillion, bluish green, orange, reddish purple, sky blue, yellow,
/// black.
pub const OKABE_ITO: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(230, 159, 0),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(240, 228, 66),
    RGBColor(0, 0, 0),
];

/// The default series palette: the Okabe–Ito colours with the five that keep at least 3:1
/// contrast against a white background (WCAG 2.1's minimum for graphics, success criterion
/// 1.4.11) first: blue, vermillion, bluish green, reddish purple, black; then orange, sky blue
/// and yellow, which fall below it and serve only charts of six series or more. The first five
/// stay apart under simulated protanopia, deuteranopia and tritanopia (checked in this module's
/// tests, CIE ΔE*ab ≥ 10 between every pair).
///
/// ```
/// use tradedef::chart::{PALETTE, contrast_ratio};
/// use plotters::style::RGBColor;
/// let white = RGBColor(255, 255, 255);
/// assert!(PALETTE[..5].iter().all(|c| contrast_ratio(*c, white) >= 3.0));
/// assert!(contrast_ratio(PALETTE[7], white) < 3.0); // the yellow, last
/// ```
pub const PALETTE: [RGBColor; 8] = [
    OKABE_ITO[0],
    OKABE_ITO[1],
    OKABE_ITO[2],
    OKABE_ITO[4],
    OKABE_ITO[7],
    OKABE_ITO[3],
    OKABE_ITO[5],
    OKABE_ITO[6],
];

/// WCAG 2.1's contrast ratio between two colours, from 1 (the same) to 21 (black on white).
///
/// ```
/// use plotters::style::RGBColor;
/// let r = tradedef::chart::contrast_ratio(RGBColor(0, 0, 0), RGBColor(255, 255, 255));
/// assert!((r - 21.0).abs() < 1e-9);
/// ```
pub fn contrast_ratio(a: RGBColor, b: RGBColor) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// WCAG 2.1's relative luminance of an sRGB colour (0 black, 1 white).
fn relative_luminance(c: RGBColor) -> f64 {
    let [r, g, b] = [c.0, c.1, c.2].map(srgb_to_linear);
    0.2126 * r + 0.7152 * g + 0.0722 * b
}

fn srgb_to_linear(v: u8) -> f64 {
    let v = f64::from(v) / 255.0;
    if v <= 0.04045 {
        v / 12.92
    } else {
        ((v + 0.055) / 1.055).powf(2.4)
    }
}

/// The background of [`Theme::dark`].
const DARK_BACKGROUND: RGBColor = RGBColor(22, 24, 28);

/// Fonts, sizes (in pixels at the default 1200×750 size), colours and line weights.
///
/// The default is tuned for 1200×750 px; [`Theme::scaled`] makes a proportional variant for
/// other sizes (the charts do this themselves when their width differs).
///
/// ```
/// use tradedef::chart::Theme;
/// let theme = Theme::default();
/// assert_eq!(theme.title_size, 34.0);
/// let small = theme.scaled(0.5);
/// assert_eq!(small.title_size, 17.0);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// Title text size. Default 34.
    pub title_size: f64,
    /// Subtitle text size. Default 23.
    pub subtitle_size: f64,
    /// Axis tick labels, legend and data labels. Default 19.
    pub label_size: f64,
    /// Source line and notes. Default 16.
    pub note_size: f64,
    /// Outer margin around the whole chart. Default 36.
    pub margin: f64,
    /// Series colours, used in order. Default [`PALETTE`].
    pub palette: Vec<RGBColor>,
    /// Colour for positive values in diverging charts. Default Okabe–Ito blue.
    pub positive: RGBColor,
    /// Colour for negative values in diverging charts. Default Okabe–Ito vermillion.
    pub negative: RGBColor,
    /// Background. Default white.
    pub background: RGBColor,
    /// Title and data labels. Default near-black.
    pub text: RGBColor,
    /// Subtitle, axis labels, source line and notes. Default dark grey.
    pub muted_text: RGBColor,
    /// Gridlines. Default light grey.
    pub grid: RGBColor,
    /// The zero line and axis baseline. Default dark grey.
    pub axis: RGBColor,
    /// Annotation rules and their labels. Default mid grey.
    pub annotation: RGBColor,
    /// Width of data lines. Default 3.
    pub line_width: f64,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            title_size: 34.0,
            subtitle_size: 23.0,
            label_size: 19.0,
            note_size: 16.0,
            margin: 36.0,
            palette: PALETTE.to_vec(),
            positive: OKABE_ITO[0],
            negative: OKABE_ITO[1],
            background: RGBColor(255, 255, 255),
            text: RGBColor(26, 26, 26),
            muted_text: RGBColor(90, 90, 90),
            grid: RGBColor(222, 222, 222),
            axis: RGBColor(60, 60, 60),
            annotation: RGBColor(110, 110, 110),
            line_width: 3.0,
        }
    }
}

impl Theme {
    /// The same theme with every size and width multiplied by `factor`.
    ///
    /// ```
    /// let t = tradedef::chart::Theme::default().scaled(2.0);
    /// assert_eq!(t.label_size, 38.0);
    /// ```
    pub fn scaled(&self, factor: f64) -> Theme {
        Theme {
            title_size: self.title_size * factor,
            subtitle_size: self.subtitle_size * factor,
            label_size: self.label_size * factor,
            note_size: self.note_size * factor,
            margin: self.margin * factor,
            line_width: (self.line_width * factor).max(1.0),
            ..self.clone()
        }
    }

    /// The same theme for a dark page: a near-black background, light text and grid, and each
    /// series colour that falls below 3:1 against the dark background mixed with white until it
    /// reaches it (black becomes a light grey; the others keep their hue). A theme whose
    /// background is already dark is returned as it is.
    ///
    /// Every SVG chart carries the dark colours as a `prefers-color-scheme: dark` style, so it
    /// follows the reader's setting inline in a page, as an image or opened on its own.
    ///
    /// ```
    /// use tradedef::chart::{Theme, contrast_ratio};
    /// let dark = Theme::default().dark();
    /// assert!(contrast_ratio(dark.text, dark.background) >= 7.0);
    /// assert!(dark.palette.iter().all(|c| contrast_ratio(*c, dark.background) >= 3.0));
    /// assert_eq!(dark.dark(), dark);
    /// ```
    pub fn dark(&self) -> Theme {
        if relative_luminance(self.background) < 0.2 {
            return self.clone();
        }
        let background = DARK_BACKGROUND;
        let readable = |c: RGBColor| -> RGBColor {
            let mut mixed = c;
            for step in 1..=20 {
                if contrast_ratio(mixed, background) >= 3.0 {
                    break;
                }
                let t = f64::from(step) * 0.05;
                let mix = |v: u8| (f64::from(v) + (255.0 - f64::from(v)) * t).round() as u8;
                mixed = RGBColor(mix(c.0), mix(c.1), mix(c.2));
            }
            mixed
        };
        Theme {
            palette: self.palette.iter().map(|c| readable(*c)).collect(),
            positive: readable(self.positive),
            negative: readable(self.negative),
            background,
            text: RGBColor(236, 236, 236),
            muted_text: RGBColor(184, 184, 184),
            grid: RGBColor(58, 61, 66),
            axis: RGBColor(200, 200, 200),
            annotation: RGBColor(160, 160, 160),
            ..self.clone()
        }
    }

    /// The colour of the `index`-th series (the palette repeats when there are more series).
    ///
    /// ```
    /// use tradedef::chart::{Theme, OKABE_ITO};
    /// assert_eq!(Theme::default().color(9), OKABE_ITO[1]);
    /// assert_eq!(Theme::default().color(3), OKABE_ITO[4]); // reddish purple before orange
    /// ```
    pub fn color(&self, index: usize) -> RGBColor {
        if self.palette.is_empty() {
            return self.text;
        }
        self.palette[index % self.palette.len()]
    }

    /// The embedded font at `size` pixels, regular or bold.
    ///
    /// ```
    /// use tradedef::chart::Theme;
    /// tradedef::chart::register_fonts().unwrap();
    /// let (w, _h) = Theme::default().font(20.0, false).box_size("Japan").unwrap();
    /// assert!(w > 20);
    /// ```
    pub fn font(&self, size: f64, bold: bool) -> FontDesc<'static> {
        let style = if bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        };
        FontDesc::new(FontFamily::Name(FONT_FAMILY), size, style)
    }
}

/// The `<style>` every SVG chart carries, inserted before its closing tag: a hover highlight for
/// the values' shapes ([`hover`](super::hover)) and, for a light theme, the [`Theme::dark`]
/// colours under `prefers-color-scheme: dark`, as rules on the exact colours the chart was
/// drawn in (a CSS rule outranks SVG's presentation attributes).
pub(crate) fn with_style(svg: &str, theme: &Theme) -> String {
    let Some(end) = svg.rfind("</svg>") else {
        return svg.to_string();
    };
    let mut css = format!(
        "<style>\n.{} > :hover {{ fill-opacity: 0.2; }}\n",
        super::hover::GROUP_CLASS
    );
    let dark = theme.dark();
    if dark != *theme {
        let hex = |c: &RGBColor| format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2);
        let mut pairs: Vec<(RGBColor, RGBColor)> = vec![
            (theme.background, dark.background),
            (theme.text, dark.text),
            (theme.muted_text, dark.muted_text),
            (theme.grid, dark.grid),
            (theme.axis, dark.axis),
            (theme.annotation, dark.annotation),
            (theme.positive, dark.positive),
            (theme.negative, dark.negative),
        ];
        pairs.extend(
            theme
                .palette
                .iter()
                .copied()
                .zip(dark.palette.iter().copied()),
        );
        css.push_str("@media (prefers-color-scheme: dark) {\n");
        let mut seen: Vec<RGBColor> = Vec::new();
        for (light, dark) in pairs {
            if seen.contains(&light) || light == dark {
                continue;
            }
            seen.push(light);
            let (from, to) = (hex(&light), hex(&dark));
            css.push_str(&format!(
                "[fill=\"{from}\"] {{ fill: {to}; }} [stroke=\"{from}\"] {{ stroke: {to}; }}\n"
            ));
        }
        css.push_str("}\n");
    }
    css.push_str("</style>\n");
    format!("{}{css}{}", &svg[..end], &svg[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Machado, Oliveira & Fernandes (2009), severity 1.0, on linear RGB.
    const SIMULATIONS: [(&str, [[f64; 3]; 3]); 4] = [
        (
            "normal vision",
            [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
        ),
        (
            "protanopia",
            [
                [0.152286, 1.052583, -0.204868],
                [0.114503, 0.786281, 0.099216],
                [-0.003882, -0.048116, 1.051998],
            ],
        ),
        (
            "deuteranopia",
            [
                [0.367322, 0.860646, -0.227968],
                [0.280085, 0.672501, 0.047413],
                [-0.011820, 0.042940, 0.968881],
            ],
        ),
        (
            "tritanopia",
            [
                [1.255528, -0.076749, -0.178779],
                [-0.078411, 0.930809, 0.147602],
                [0.004733, 0.691367, 0.303900],
            ],
        ),
    ];

    /// CIE L*a*b* (D65) of linear RGB.
    fn lab(rgb: [f64; 3]) -> [f64; 3] {
        let [r, g, b] = rgb;
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
        let f = |t: f64| {
            if t > 0.008856 {
                t.cbrt()
            } else {
                7.787 * t + 16.0 / 116.0
            }
        };
        [
            116.0 * f(y) - 16.0,
            500.0 * (f(x) - f(y)),
            200.0 * (f(y) - f(z)),
        ]
    }

    fn seen_as(c: RGBColor, m: &[[f64; 3]; 3]) -> [f64; 3] {
        let v = [c.0, c.1, c.2].map(srgb_to_linear);
        let row = |i: usize| (m[i][0] * v[0] + m[i][1] * v[1] + m[i][2] * v[2]).clamp(0.0, 1.0);
        lab([row(0), row(1), row(2)])
    }

    fn delta_e(a: [f64; 3], b: [f64; 3]) -> f64 {
        ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
    }

    fn assert_distinct_and_visible(theme: &Theme, which: &str) {
        let colours = &theme.palette[..5];
        for c in colours {
            let ratio = contrast_ratio(*c, theme.background);
            assert!(
                ratio >= 3.0,
                "{which}: {c:?} has {ratio:.2}:1 on the background"
            );
        }
        for (name, m) in &SIMULATIONS {
            for (i, a) in colours.iter().enumerate() {
                for b in &colours[i + 1..] {
                    let d = delta_e(seen_as(*a, m), seen_as(*b, m));
                    assert!(
                        d >= 10.0,
                        "{which}, {name}: {a:?} and {b:?} are ΔE {d:.1} apart"
                    );
                }
            }
        }
        for (role, c, min) in [
            ("text", theme.text, 7.0),
            ("muted text", theme.muted_text, 4.5),
            ("axis", theme.axis, 3.0),
            ("annotation", theme.annotation, 4.5),
        ] {
            let ratio = contrast_ratio(c, theme.background);
            assert!(
                ratio >= min,
                "{which}: {role} has {ratio:.2}:1, under {min}:1"
            );
        }
    }

    #[test]
    fn the_first_five_colours_are_visible_and_distinct_in_both_themes_and_for_colour_blind_readers()
    {
        assert_distinct_and_visible(&Theme::default(), "light");
        assert_distinct_and_visible(&Theme::default().dark(), "dark");
    }

    #[test]
    fn the_old_order_would_fail_the_check() {
        let old = Theme {
            palette: OKABE_ITO.to_vec(),
            ..Theme::default()
        };
        let fourth = contrast_ratio(old.palette[3], old.background);
        assert!(fourth < 3.0, "orange on white: {fourth:.2}:1");
    }

    #[test]
    fn the_style_maps_each_light_colour_to_its_dark_one() {
        let svg = "<svg>\n<rect fill=\"#FFFFFF\"/>\n</svg>\n";
        let out = with_style(svg, &Theme::default());
        assert!(out.contains("@media (prefers-color-scheme: dark)"));
        assert!(
            out.contains("[fill=\"#FFFFFF\"] { fill: #16181C; }"),
            "{out}"
        );
        // black (the fifth series) turns light; blue already reads on the dark background
        assert!(out.contains("[stroke=\"#000000\"] { stroke: #"), "{out}");
        assert!(!out.contains("[fill=\"#0072B2\"]"), "{out}");
        assert!(out.ends_with("</style>\n</svg>\n"));
        let dark = with_style(svg, &Theme::default().dark());
        assert!(!dark.contains("@media"), "{dark}");
    }
}
