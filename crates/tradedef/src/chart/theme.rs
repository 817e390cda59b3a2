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
    /// Series colours, used in order. Default [`OKABE_ITO`].
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
            palette: OKABE_ITO.to_vec(),
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

    /// The colour of the `index`-th series (the palette repeats when there are more series).
    ///
    /// ```
    /// use tradedef::chart::{Theme, OKABE_ITO};
    /// assert_eq!(Theme::default().color(9), OKABE_ITO[1]);
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
