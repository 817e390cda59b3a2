//! Publication charts drawn with plotters: a [`Theme`], a [`TitleBlock`] (title, subtitle, source
//! line, notes) and the chart kinds of the studies.
//!
//! Every chart kind is a builder taking plain Rust data (`Vec<(f64, f64)>`, `Vec<(String, f64)>`,
//! …) plus a [`Provenance`](crate::data::Provenance) for its source line, and implements
//! [`Chart`]: one generic `draw` into any plotters drawing area, and provided methods that render
//! SVG or PNG in memory or to a file. Output is byte-for-byte reproducible: the font is embedded
//! (DejaVu Sans from the `dejavu` crate), numbers are formatted with fixed decimals
//! ([`ValueFormat`]) and nothing depends on time or hash order.
//!
//! Every SVG is written for every reader: `role="img"`, a `<title>` and a `<desc>` that states
//! the chart's main finding with its figures ([`Chart::description`], written by each kind from
//! its data), and a `viewBox` with `width="100%"`, so it scales to its container
//! ([`accessible_svg`]).
//!
//! | kind | for |
//! |---|---|
//! | [`LineChart`] | series over years, with events marked as labelled vertical rules |
//! | [`BarChart`] | horizontal ranking; `.diverging()` colours negatives and positives apart |
//! | [`ColumnChart`] | vertical bars by category, grouped or stacked (negatives stack downwards) |
//! | [`DotPlot`] | two values per row (e.g. two years) joined by a line: a dumbbell/slope plot |
//! | [`SmallMultiples`] | a grid of small line charts sharing a theme and, by default, a y scale |
//!
//! ```
//! use tradedef::prelude::*;
//! let trade = load("us_japan_goods_trade").unwrap();
//! let chart = BarChart::new("US goods balance by partner")
//!     .bars(vec![("Japan".to_string(), -68.5), ("Mexico".to_string(), -171.8)])
//!     .value_format(ValueFormat::usd_billions().decimals(1))
//!     .source(&trade.provenance());
//! let svg = chart.to_svg().unwrap();
//! assert!(svg.contains("Source: ") && svg.contains("Census Bureau"));
//! let png = chart.to_png().unwrap();
//! assert_eq!(&png[1..4], b"PNG");
//! ```

mod axis;
mod bar;
mod canvas;
mod column;
mod describe;
mod dot;
mod format;
mod from_table;
mod glyphs;
mod hover;
mod line;
mod multiples;
mod outline;
mod theme;
mod title_block;

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::{BitMapBackend, DrawingArea, DrawingBackend, IntoDrawingArea, SVGBackend};

pub use bar::BarChart;
pub use column::{ColumnChart, ColumnMode};
pub use describe::accessible_svg;
pub use dot::DotPlot;
pub use format::ValueFormat;
pub use from_table::ChartData;
pub use line::{Annotation, ChartSeries, LineChart};
pub use multiples::SmallMultiples;
pub use theme::{FONT_FAMILY, OKABE_ITO, PALETTE, Theme, contrast_ratio, register_fonts};
pub use title_block::{DEFAULT_SIZE, TitleBlock};

use crate::{Error, Result};

/// The largest width or height, in pixels, a chart renders at (PNG buffers grow with the area).
pub const MAX_SIDE: u32 = 8000;

/// The size of a chart drawn for a phone's width ([`Chart::to_svg_narrow`]): 400×560 px, taller
/// where its titles and notes need it.
pub const NARROW_SIZE: (u32, u32) = (400, 560);

/// The scale of text, margins and lines in a chart drawn for a phone's width, relative to the
/// 1200×750 design: 0.8.
pub const NARROW_TEXT_SCALE: f64 = 0.8;

/// A chart: draws itself into any plotters drawing area, and renders to SVG or PNG.
///
/// `draw` is generic over the backend, so the same code serves notebooks, the report, papers and
/// tests. The provided methods render at [`TitleBlock::size`] (default 1200×750).
///
/// ```
/// use tradedef::prelude::*;
/// let chart = LineChart::new("Test").series("a", vec![(2020.0, 1.0), (2021.0, 2.0)]);
/// let dir = std::env::temp_dir().join("tradedef-chart-doc");
/// std::fs::create_dir_all(&dir).unwrap();
/// chart.save_svg(dir.join("test.svg")).unwrap();
/// chart.save_png(dir.join("test.png")).unwrap();
/// assert_eq!(chart.to_svg().unwrap(), std::fs::read_to_string(dir.join("test.svg")).unwrap());
/// ```
pub trait Chart {
    /// The title, subtitle, source, notes, size and theme.
    fn title_block(&self) -> &TitleBlock;

    /// Draws the whole chart (title block included) into `area`, filling it.
    ///
    /// Fails with [`Error::Chart`] on input it cannot draw (no series, a series with no finite
    /// value, …) or when the backend fails; never panics.
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()>;

    /// What the chart shows, in words, for a reader who cannot see it: the kind of chart, its
    /// title and its main finding with the figures as the chart writes them ("Line chart. US
    /// goods trade with Poland, 1985–2025. Balance: deficit since 1992; largest deficit -$41bn
    /// in 2024; …"). It is the SVG's `<desc>` and the `alt` text of the chart in the report.
    /// Every chart kind of this module writes its own from its data; the default states the
    /// title only. Never fails: a chart [`Chart::draw`] refuses still gets a description.
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// let chart = BarChart::new("US goods balance, 2024")
    ///     .bars(vec![("Mexico".to_string(), -171.8), ("Netherlands".to_string(), 55.5)])
    ///     .value_format(ValueFormat::usd_billions().decimals(1));
    /// let text = chart.description();
    /// assert!(text.starts_with("Bar chart. US goods balance, 2024."), "{text}");
    /// assert!(text.contains("Netherlands, $55.5bn") && text.contains("Mexico, -$171.8bn"), "{text}");
    /// assert!(chart.to_svg()?.contains(&format!(">{text}</desc>")));
    /// # Ok::<(), tradedef::Error>(())
    /// ```
    fn description(&self) -> String {
        describe::title_sentence("Chart", self.title_block().title(), None)
    }

    /// The chart as an SVG document that scales to its container (`width="100%"` and a
    /// `viewBox`), with `role="img"`, its title as `<title>` and its [`Chart::description`] as
    /// `<desc>` (see [`accessible_svg`]).
    fn to_svg(&self) -> Result<String> {
        render_svg(self, checked_size(self.title_block())?, None)
    }

    /// The chart drawn for a phone's width: [`NARROW_SIZE`] (400 px wide, 560 px tall or taller)
    /// with its text, margins and lines at [`NARROW_TEXT_SCALE`] of their size in the 1200×750
    /// design, so that shown 360–430 px wide its labels keep 11–13 px where the wide chart's
    /// would shrink to 4–5 px. Titles, notes and legends wrap to the narrower width, and the
    /// chart grows taller (up to 1040 px) until they leave the plot at least 240 px. The same
    /// accessible SVG as [`Chart::to_svg`]; the report shows it instead of the wide one on a
    /// narrow screen.
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// let chart = LineChart::new("US goods balance with a long-named partner, 1985–2025")
    ///     .series("Balance", vec![(2020.0, -1.0), (2021.0, -2.0)]);
    /// let narrow = chart.to_svg_narrow()?;
    /// assert!(narrow.contains("viewBox=\"0 0 400 560\""));
    /// assert!(narrow.contains(&format!(">{}</desc>", chart.description())));
    /// # Ok::<(), tradedef::Error>(())
    /// ```
    fn to_svg_narrow(&self) -> Result<String> {
        render_svg(self, NARROW_SIZE, Some(NARROW_TEXT_SCALE))
    }

    /// The chart as PNG bytes (8-bit RGB).
    fn to_png(&self) -> Result<Vec<u8>> {
        register_fonts()?;
        let (w, h) = checked_size(self.title_block())?;
        let mut pixels = vec![0u8; w as usize * h as usize * 3];
        {
            let root = BitMapBackend::with_buffer(&mut pixels, (w, h)).into_drawing_area();
            self.draw(&root)?;
            root.present()
                .map_err(|e| canvas::chart_error(self.title_block().title(), e))?;
        }
        encode_png(&pixels, w, h).map_err(|e| canvas::chart_error(self.title_block().title(), e))
    }

    /// Writes the SVG to `path` (creating parent folders).
    fn save_svg(&self, path: impl AsRef<Path>) -> Result<()> {
        write_file(path.as_ref(), self.to_svg()?.as_bytes())
    }

    /// Writes the PNG to `path` (creating parent folders).
    fn save_png(&self, path: impl AsRef<Path>) -> Result<()> {
        write_file(path.as_ref(), &self.to_png()?)
    }
}

/// The year as a decimal for placing dates on a year axis: `decimal_year(2025, 2, 7)` is
/// 2025 + 37/365 ≈ 2025.101 (day 38 of 365).
///
/// ```
/// let x = tradedef::chart::decimal_year(2025, 2, 7).unwrap();
/// assert!((x - (2025.0 + 37.0 / 365.0)).abs() < 1e-12);
/// assert!(tradedef::chart::decimal_year(2025, 2, 30).is_err());
/// ```
pub fn decimal_year(year: i32, month: u32, day: u32) -> Result<f64> {
    use chrono::{Datelike, NaiveDate};
    let date = NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
        Error::argument(
            "decimal_year",
            format!("{year:04}-{month:02}-{day:02} is not a date"),
        )
    })?;
    let days_in_year = if date.leap_year() { 366.0 } else { 365.0 };
    Ok(year as f64 + (date.ordinal0() as f64) / days_in_year)
}

/// The chart as an accessible SVG at `size`, with text at `text_scale` of the 1200×750 design
/// where given (else as the size gives). With a text scale the chart grows taller, in steps of
/// [`NARROW_STEP`] px up to [`NARROW_TALLEST`], until its title block leaves at least
/// [`NARROW_PLOT_HEIGHT`] px for the plot (long titles, legends and notes wrap to many lines in
/// a narrow column).
fn render_svg<C: Chart + ?Sized>(
    chart: &C,
    (w, mut h): (u32, u32),
    text_scale: Option<f64>,
) -> Result<String> {
    register_fonts()?;
    loop {
        let mut svg = String::new();
        let mut draw = || {
            hover::collecting(|| {
                let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
                chart.draw(&root)?;
                root.present()
                    .map_err(|e| canvas::chart_error(chart.title_block().title(), e))
            })
        };
        let ((drawn, values), plot_height) = match text_scale {
            Some(scale) => title_block::with_text_scale(scale, draw),
            None => (draw(), None),
        };
        drawn?;
        if plot_height.is_some_and(|p| p < NARROW_PLOT_HEIGHT) && h + NARROW_STEP <= NARROW_TALLEST
        {
            h += NARROW_STEP;
            continue;
        }
        let svg = outline::outline_text(&hover::insert(&svg, &values));
        let svg = theme::with_style(&svg, chart.title_block().theme());
        return accessible_svg(&svg, chart.title_block().title(), &chart.description());
    }
}

/// The least height, in pixels, a chart drawn for a phone's width keeps for its plot.
const NARROW_PLOT_HEIGHT: i32 = 240;
/// How much taller, in pixels, a narrow chart grows at a time to keep its plot's height.
const NARROW_STEP: u32 = 80;
/// The tallest a narrow chart grows, in pixels.
const NARROW_TALLEST: u32 = 1040;

fn checked_size(block: &TitleBlock) -> Result<(u32, u32)> {
    let (w, h) = block.size();
    if w < 100 || h < 100 || w > MAX_SIDE || h > MAX_SIDE {
        return Err(canvas::chart_error(
            block.title(),
            format!("size {w}×{h} px is outside 100..={MAX_SIDE} px per side"),
        ));
    }
    Ok((w, h))
}

fn encode_png(
    rgb: &[u8],
    width: u32,
    height: u32,
) -> std::result::Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(rgb)?;
    }
    Ok(out)
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
    }
    std::fs::write(path, bytes).map_err(|e| Error::write(path, e))
}
