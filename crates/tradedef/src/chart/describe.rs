//! What a chart shows, in words, for readers who cannot see it: each chart kind writes a
//! description from its data ([`Chart::description`](super::Chart::description)), and
//! [`accessible_svg`] puts it into the SVG as `<title>` and `<desc>` with `role="img"`, and makes
//! the SVG scale to its container. [`Chart::to_svg`](super::Chart::to_svg) applies it to every
//! SVG the crate writes, in this one place.

use super::canvas::chart_error;
use super::format::ValueFormat;
use crate::Result;
use crate::html::escape;

/// Makes the SVG text plotters writes accessible and fluid: the `<svg …>` tag gets `role="img"`,
/// `aria-labelledby` naming a `<title>` (the chart's title) and a `<desc>` (its description),
/// inserted right after the tag, and `width="100%"` with a `viewBox` instead of a fixed width and
/// height, so it scales to its container and keeps its proportions. The ids are derived from the
/// text, so the same chart gives the same bytes and two charts inlined in one page do not clash.
/// Applying it again replaces the title and description instead of adding a second pair.
///
/// ```
/// use tradedef::chart::accessible_svg;
/// let svg = "<svg width=\"1200\" height=\"750\" viewBox=\"0 0 1200 750\" xmlns=\"http://www.w3.org/2000/svg\">\n<rect/>\n</svg>\n";
/// let out = accessible_svg(svg, "Trade & tariffs", "Line chart. Up <5%.")?;
/// assert!(out.starts_with("<svg width=\"100%\" viewBox=\"0 0 1200 750\" role=\"img\" aria-labelledby=\""));
/// assert!(out.contains("<title id=\"") && out.contains(">Trade &amp; tariffs</title>"));
/// assert!(out.contains(">Line chart. Up &lt;5%.</desc>"));
/// assert!(!out.contains("height=\"750\""));
/// assert_eq!(accessible_svg(&out, "Trade & tariffs", "Line chart. Up <5%.")?, out);
/// assert!(accessible_svg("<p>not a chart</p>", "t", "d").is_err());
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn accessible_svg(svg: &str, title: &str, description: &str) -> Result<String> {
    let err = |m: &str| chart_error(title, m);
    let start = svg
        .find("<svg")
        .ok_or_else(|| err("the SVG text has no <svg> tag"))?;
    let end = svg[start..]
        .find('>')
        .map(|i| start + i)
        .ok_or_else(|| err("the <svg> tag is not closed"))?;
    let inner = &svg[start + 4..end];
    if inner.trim_end().ends_with('/') {
        return Err(err("the <svg> element is empty"));
    }
    let attributes = parse_attributes(inner).ok_or_else(|| err("the <svg> tag does not parse"))?;
    let get = |name: &str| {
        attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let view_box = match (get("viewBox"), get("width"), get("height")) {
        (Some(v), _, _) => v.to_string(),
        (None, Some(w), Some(h)) if is_number(w) && is_number(h) => format!("0 0 {w} {h}"),
        _ => {
            return Err(err(
                "the <svg> tag has neither a viewBox nor a width and height",
            ));
        }
    };
    let id = format!("chart-{:016x}", fnv1a(&[title, "\u{0}", description]));
    let mut tag = format!(
        "<svg width=\"100%\" viewBox=\"{}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\"",
        escape(&view_box)
    );
    const REPLACED: [&str; 6] = [
        "width",
        "height",
        "viewBox",
        "role",
        "aria-labelledby",
        "aria-describedby",
    ];
    for (name, value) in &attributes {
        if !REPLACED.contains(&name.as_str()) {
            tag.push_str(&format!(" {name}=\"{value}\""));
        }
    }
    tag.push('>');
    // the title and description of an earlier pass, replaced
    let mut rest = &svg[end + 1..];
    if let Some(after) = rest.strip_prefix("\n<title id=\"chart-")
        && let Some(i) = after.find("</desc>")
    {
        rest = &after[i + "</desc>".len()..];
    }
    Ok(format!(
        "{}{tag}\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>{rest}",
        &svg[..start],
        escape(title),
        escape(description)
    ))
}

/// `name="value"` pairs of a tag's text after its name; `None` if it is not of that form.
pub(super) fn parse_attributes(text: &str) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let eq = rest.find('=')?;
        let name = rest[..eq].trim();
        if name.is_empty() || name.contains(char::is_whitespace) {
            return None;
        }
        let after = rest[eq + 1..].trim_start();
        let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let close = after[1..].find(quote)?;
        out.push((name.to_string(), after[1..1 + close].to_string()));
        rest = after[close + 2..].trim_start();
    }
    Some(out)
}

fn is_number(text: &str) -> bool {
    text.parse::<f64>().is_ok_and(f64::is_finite)
}

/// FNV-1a, 64 bits: a stable id from text (not a checksum).
pub(super) fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes() {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

/// How an x value is written in a description: with the chart's x format, or as a year (a
/// decimal year as its month: "Mar 2025").
pub(crate) fn x_text(x: f64, format: Option<&ValueFormat>) -> String {
    if let Some(f) = format {
        return f.format(x);
    }
    if !x.is_finite() {
        return "n/a".into();
    }
    if (x - x.round()).abs() < 1e-6 {
        return format!("{:.0}", x.round());
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let year = x.floor();
    let month = (((x - year) * 12.0).floor() as usize).min(11);
    format!("{} {year:.0}", MONTHS[month])
}

/// The finite points of a series, in order of x.
pub(crate) fn finite_points(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut p: Vec<(f64, f64)> = points
        .iter()
        .copied()
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .collect();
    p.sort_by(|a, b| a.0.total_cmp(&b.0));
    p
}

/// The point with the largest y (the first such), and the one with the smallest.
pub(crate) fn extremes(points: &[(f64, f64)]) -> Option<((f64, f64), (f64, f64))> {
    let first = *points.first()?;
    let mut hi = first;
    let mut lo = first;
    for p in points {
        if p.1 > hi.1 {
            hi = *p;
        }
        if p.1 < lo.1 {
            lo = *p;
        }
    }
    Some((hi, lo))
}

/// Words for the sign of a value: `("surplus", "deficit")`, or the generic
/// `("above zero", "below zero")`.
pub(crate) struct SignWords<'a> {
    pub positive: &'a str,
    pub negative: &'a str,
    /// Whether the words are nouns ("largest deficit") rather than the generic positions.
    pub nouns: bool,
}

/// What one series shows: its sign run, extremes and last value, as a clause list.
/// `points` are finite and in order of x.
pub(crate) fn series_clauses(
    points: &[(f64, f64)],
    y: &ValueFormat,
    x: Option<&ValueFormat>,
    words: &SignWords<'_>,
) -> Vec<String> {
    let Some(((hx, hy), (lx, ly))) = extremes(points) else {
        return vec!["no values".into()];
    };
    let (Some(&(x0, _)), Some(&(xn, yn))) = (points.first(), points.last()) else {
        return vec!["no values".into()];
    };
    let mut clauses = Vec::new();
    if y.format_precise(hy) == y.format_precise(ly) {
        // a constant series (as the chart writes its values): one figure, not two extremes
        let span = if points.len() > 1 {
            format!(" from {} to {}", x_text(x0, x), x_text(xn, x))
        } else {
            let at = if x.is_some() { "at" } else { "in" };
            format!(" {at} {}", x_text(xn, x))
        };
        return vec![format!("flat at {}{span}", y.format_precise(yn))];
    }
    let any_negative = ly < 0.0;
    // a year reads "in 2024", another x "at 0.5"
    let at = if x.is_some() { "at" } else { "in" };
    let last_at = if x.is_some() { "at " } else { "" };
    if any_negative {
        // the run of the last value's sign, back from the end
        let last_negative = yn < 0.0;
        let run_start = points
            .iter()
            .rev()
            .take_while(|(_, v)| (*v < 0.0) == last_negative)
            .last()
            .map_or(xn, |p| p.0);
        let word = if last_negative {
            words.negative
        } else {
            words.positive
        };
        clauses.push(if run_start <= x0 {
            format!("{word} throughout")
        } else {
            format!("{word} since {}", x_text(run_start, x))
        });
        if words.nouns {
            clauses.push(format!(
                "largest {} {} {at} {}",
                words.negative,
                y.format_precise(ly),
                x_text(lx, x)
            ));
            if hy > 0.0 {
                clauses.push(format!(
                    "largest {} {} {at} {}",
                    words.positive,
                    y.format_precise(hy),
                    x_text(hx, x)
                ));
            }
        } else {
            clauses.push(format!(
                "lowest {} {at} {}",
                y.format_precise(ly),
                x_text(lx, x)
            ));
            clauses.push(format!(
                "highest {} {at} {}",
                y.format_precise(hy),
                x_text(hx, x)
            ));
        }
    } else {
        clauses.push(format!(
            "highest {} {at} {}",
            y.format_precise(hy),
            x_text(hx, x)
        ));
        clauses.push(format!(
            "lowest {} {at} {}",
            y.format_precise(ly),
            x_text(lx, x)
        ));
    }
    clauses.push(format!(
        "{last_at}{}: {}",
        x_text(xn, x),
        y.format_precise(yn)
    ));
    clauses
}

/// " {upper}: {name}, {value}; {lower}: {name}, {value}." for a chart's two named extremes
/// ("Largest"/"smallest", "Highest 2024"/"lowest"), each value written by `format`.
pub(crate) fn two_extremes(
    words: (&str, &str),
    first: (&str, f64),
    second: (&str, f64),
    format: &ValueFormat,
) -> String {
    format!(
        " {}: {}, {}; {}: {}, {}.",
        words.0,
        first.0,
        format.format_precise(first.1),
        words.1,
        second.0,
        format.format_precise(second.1)
    )
}

/// The first letter in upper case.
pub(crate) fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `title` as the description's first sentence, with `range` added when the title does not
/// already state it.
pub(crate) fn title_sentence(kind: &str, title: &str, range: Option<(String, String)>) -> String {
    let title = title.trim().trim_end_matches('.');
    match range {
        Some((a, b)) if a != b && !(title.contains(&a) && title.contains(&b)) => {
            format!("{kind}. {title}, {a}–{b}.")
        }
        _ => format!("{kind}. {title}."),
    }
}

/// "1st", "2nd", "3rd", "4th", … "11th", "12th", "13th", "21st".
pub(crate) fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_and_months() {
        assert_eq!(x_text(2025.0, None), "2025");
        assert_eq!(x_text(2025.0 + 2.5 / 12.0, None), "Mar 2025");
        assert_eq!(x_text(0.5, Some(&ValueFormat::number().decimals(1))), "0.5");
    }

    #[test]
    fn ordinals() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111]
            .into_iter()
            .map(ordinal)
            .collect();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st",
                "111th"
            ]
        );
    }

    #[test]
    fn attributes_parse_or_refuse() {
        assert_eq!(
            parse_attributes(" a=\"1\" b='x y'"),
            Some(vec![("a".into(), "1".into()), ("b".into(), "x y".into())])
        );
        assert_eq!(parse_attributes(" a"), None);
        assert_eq!(parse_attributes(" a=1"), None);
    }

    #[test]
    fn a_flat_series_is_one_figure_not_two_extremes() {
        let f = ValueFormat::usd_billions().decimals(1);
        let words = SignWords {
            positive: "above zero",
            negative: "below zero",
            nouns: false,
        };
        let x = ValueFormat::number().decimals(1);
        let flat = [(0.0, 10.9), (0.5, 10.9), (1.0, 10.9)];
        assert_eq!(
            series_clauses(&flat, &f, Some(&x), &words),
            ["flat at $10.9bn from 0.0 to 1.0"]
        );
        assert_eq!(
            series_clauses(&[(2024.0, -3.0)], &f, None, &words),
            ["flat at -$3.0bn in 2024"]
        );
        // a change the chart's precision shows is not flat
        let moving = [(2024.0, 10.9), (2025.0, 11.0)];
        let clauses = series_clauses(&moving, &f, None, &words);
        assert!(
            clauses.iter().any(|c| c.starts_with("highest $11.0bn")),
            "{clauses:?}"
        );
    }

    #[test]
    fn sign_runs() {
        let f = ValueFormat::number();
        let words = SignWords {
            positive: "surplus",
            negative: "deficit",
            nouns: true,
        };
        let pts = [
            (2000.0, 5.0),
            (2001.0, -3.0),
            (2002.0, -9.0),
            (2003.0, -4.0),
        ];
        assert_eq!(
            series_clauses(&pts, &f, None, &words),
            [
                "deficit since 2001",
                "largest deficit -9.0 in 2002",
                "largest surplus 5.0 in 2000",
                "2003: -4.0"
            ]
        );
        let generic = SignWords {
            positive: "above zero",
            negative: "below zero",
            nouns: false,
        };
        assert_eq!(
            series_clauses(&pts[1..], &f, None, &generic),
            [
                "below zero throughout",
                "lowest -9.0 in 2002",
                "highest -3.0 in 2001",
                "2003: -4.0"
            ]
        );
    }

    /// One test per chart kind: the description states the chart's main finding, with figures
    /// computed here from the table the chart is drawn from.
    mod per_kind {
        use polars::prelude::*;

        use crate::chart::{
            BarChart, Chart, ColumnChart, DotPlot, LineChart, SmallMultiples, ValueFormat,
        };

        fn floats(df: &DataFrame, column: &str) -> Vec<f64> {
            df.column(column)
                .unwrap()
                .cast(&DataType::Float64)
                .unwrap()
                .f64()
                .unwrap()
                .into_no_null_iter()
                .collect()
        }

        fn strings(df: &DataFrame, column: &str) -> Vec<String> {
            let values = df.column(column).unwrap().str().unwrap();
            (0..values.len())
                .map(|i| values.get(i).unwrap().to_string())
                .collect()
        }

        /// The index of the largest (`max`) or smallest value, the first such.
        fn arg(values: &[f64], max: bool) -> usize {
            let mut best = 0;
            for (i, v) in values.iter().enumerate() {
                if (max && *v > values[best]) || (!max && *v < values[best]) {
                    best = i;
                }
            }
            best
        }

        fn balance_table() -> DataFrame {
            df!(
                "year" => [2016i64, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025],
                "balance_usd_bn" => [1.2, 0.4, -0.8, -2.9, -4.1, -6.5, -4.4, -7.9, -5.2, -6.1],
            )
            .unwrap()
        }

        #[test]
        fn line_states_the_sign_run_the_extreme_and_the_last_value() {
            let df = balance_table();
            let f = ValueFormat::usd_billions().decimals(1);
            let chart = LineChart::new("US goods balance with Poland")
                .line_from(&df, "year", "balance_usd_bn")
                .unwrap()
                .y_format(f.clone())
                .sign_words("surplus", "deficit");
            let text = chart.description();
            let years = floats(&df, "year");
            let values = floats(&df, "balance_usd_bn");
            let n = values.len();
            // the deficit run: back from the last year while the balance stays negative
            let run = values.iter().rev().take_while(|v| **v < 0.0).count();
            let since = years[n - run];
            let low = arg(&values, false);
            let expected = [
                format!(
                    "Line chart. US goods balance with Poland, {}–{}.",
                    years[0],
                    years[n - 1]
                ),
                format!("Deficit since {since}"),
                format!(
                    "largest deficit {} in {}",
                    f.format_precise(values[low]),
                    years[low]
                ),
                format!("{}: {}.", years[n - 1], f.format_precise(values[n - 1])),
            ];
            for e in &expected {
                assert!(text.contains(e.as_str()), "{e:?} not in {text:?}");
            }
            let svg = chart.to_svg().unwrap();
            assert!(svg.contains(&format!(">{}</desc>", crate::html::escape(&text))));
            assert!(svg.starts_with("<svg width=\"100%\" viewBox=\"0 0 1200 750\" role=\"img\""));
        }

        #[test]
        fn bar_states_the_largest_and_smallest_bars() {
            let df = df!(
                "partner" => ["Mexico", "Vietnam", "Japan", "Netherlands", "Brazil"],
                "balance_usd_bn" => [-171.8, -123.5, -68.5, 55.5, 7.4],
            )
            .unwrap();
            let f = ValueFormat::usd_billions().decimals(1);
            let chart = BarChart::new("US goods balance by partner, 2024")
                .bars_from(&df, "partner", "balance_usd_bn")
                .unwrap()
                .value_format(f.clone())
                .sort_by_value(false)
                .highlight("Japan");
            let text = chart.description();
            let labels = strings(&df, "partner");
            let values = floats(&df, "balance_usd_bn");
            let (hi, lo) = (arg(&values, true), arg(&values, false));
            // Japan's place with the bars sorted smallest first
            let japan = values[labels.iter().position(|l| l == "Japan").unwrap()];
            let place = values.iter().filter(|v| **v < japan).count() + 1;
            for e in [
                format!("{} bars.", values.len()),
                format!(
                    "Highest: {}, {}; lowest: {}, {}.",
                    labels[hi],
                    f.format_precise(values[hi]),
                    labels[lo],
                    f.format_precise(values[lo])
                ),
                format!(
                    "Japan: {}, {} of {} bars",
                    f.format_precise(japan),
                    super::ordinal(place),
                    values.len()
                ),
            ] {
                assert!(text.contains(&e), "{e:?} not in {text:?}");
            }
            // one sign: by size
            let deficits = BarChart::new("Deficits")
                .bars(vec![("A", -3.0), ("B", -9.0), ("C", -1.0)])
                .description();
            assert!(
                deficits.contains("Largest: B, -9.0; smallest: C, -1.0."),
                "{deficits}"
            );
        }

        #[test]
        fn column_states_each_series_extremes_and_the_stacked_total() {
            let df = df!(
                "year" => ["2022", "2022", "2023", "2023", "2024", "2024"],
                "category" => ["Vehicles", "Capital goods", "Vehicles", "Capital goods", "Vehicles", "Capital goods"],
                "value" => [-50.0, -20.0, -55.0, -21.0, -48.0, -26.0],
            )
            .unwrap();
            let f = ValueFormat::usd_billions();
            let chart = ColumnChart::new("Deficit by end use")
                .columns_by(&df, "year", "value", "category")
                .unwrap()
                .y_format(f.clone())
                .stacked();
            let text = chart.description();
            assert!(
                text.starts_with("Column chart. Deficit by end use, 2022–2024."),
                "{text}"
            );
            let years = strings(&df, "year");
            let categories = strings(&df, "category");
            let values = floats(&df, "value");
            for series in ["Vehicles", "Capital goods"] {
                let rows: Vec<usize> = (0..values.len())
                    .filter(|i| categories[*i] == series)
                    .collect();
                let vals: Vec<f64> = rows.iter().map(|i| values[*i]).collect();
                let (hi, lo) = (rows[arg(&vals, true)], rows[arg(&vals, false)]);
                let e = format!(
                    "{series}: highest {} in {}; lowest {} in {}",
                    f.format_precise(values[hi]),
                    years[hi],
                    f.format_precise(values[lo]),
                    years[lo]
                );
                assert!(text.contains(&e), "{e:?} not in {text:?}");
            }
            let totals: Vec<(String, f64)> = ["2022", "2023", "2024"]
                .iter()
                .map(|y| {
                    let sum = (0..values.len())
                        .filter(|i| years[*i] == *y)
                        .map(|i| values[i])
                        .sum();
                    (y.to_string(), sum)
                })
                .collect();
            let sums: Vec<f64> = totals.iter().map(|t| -t.1.abs()).collect();
            let big = &totals[arg(&sums, false)];
            let e = format!("Largest total: {}, {}.", big.0, f.format_precise(big.1));
            assert!(text.contains(&e), "{e:?} not in {text:?}");
        }

        #[test]
        fn dot_states_the_highest_the_largest_rise_and_the_reference() {
            let df = df!(
                "country" => ["Japan", "Germany", "Poland", "Korea"],
                "2014" => [0.95, 1.2, 1.9, 2.5],
                "2024" => [1.4, 1.9, 4.1, 2.4],
            )
            .unwrap();
            let f = ValueFormat::percent();
            let chart = DotPlot::new("Military expenditure, share of GDP")
                .rows_from(&df, "country", "2014", "2024")
                .unwrap()
                .value_format(f.clone())
                .reference(2.0, "NATO guideline 2%");
            let text = chart.description();
            let names = strings(&df, "country");
            let (a, b) = (floats(&df, "2014"), floats(&df, "2024"));
            let change: Vec<f64> = a.iter().zip(&b).map(|(x, y)| y - x).collect();
            let (hi, lo) = (arg(&b, true), arg(&b, false));
            let (up, down) = (arg(&change, true), arg(&change, false));
            let reached = b.iter().filter(|v| **v >= 2.0).count();
            for e in [
                format!("2014 and 2024 for {} rows.", names.len()),
                format!(
                    "Highest 2024: {}, {}; lowest: {}, {}.",
                    names[hi],
                    f.format_precise(b[hi]),
                    names[lo],
                    f.format_precise(b[lo])
                ),
                format!(
                    "Largest rise: {}, from {} to {}.",
                    names[up],
                    f.format_precise(a[up]),
                    f.format_precise(b[up])
                ),
                format!(
                    "Largest fall: {}, from {} to {}.",
                    names[down],
                    f.format_precise(a[down]),
                    f.format_precise(b[down])
                ),
                format!("{reached} of {} at or above it in 2024.", names.len()),
            ] {
                assert!(text.contains(&e), "{e:?} not in {text:?}");
            }
        }

        #[test]
        fn small_multiples_state_the_highest_and_lowest_last_values() {
            let df = df!(
                "country" => ["Japan", "Japan", "Korea", "Korea", "Poland", "Poland"],
                "year" => [2014i64, 2024, 2014, 2024, 2014, 2024],
                "share" => [0.95, 1.4, 2.5, 2.6, 1.9, 4.1],
            )
            .unwrap();
            let f = ValueFormat::percent();
            let chart = SmallMultiples::new("Share of GDP")
                .panels_by(&df, "year", "share", "country")
                .unwrap()
                .y_format(f.clone());
            let text = chart.description();
            let names = strings(&df, "country");
            let years = floats(&df, "year");
            let shares = floats(&df, "share");
            let last: Vec<usize> = (0..names.len()).filter(|i| years[*i] == 2024.0).collect();
            let lasts: Vec<f64> = last.iter().map(|i| shares[*i]).collect();
            let (hi, lo) = (last[arg(&lasts, true)], last[arg(&lasts, false)]);
            assert!(
                text.starts_with("Small multiples. Share of GDP, 2014–2024. 3 panels."),
                "{text}"
            );
            let e = format!(
                "Highest last value: {}, {} in 2024; lowest: {}, {} in 2024.",
                names[hi],
                f.format_precise(shares[hi]),
                names[lo],
                f.format_precise(shares[lo])
            );
            assert!(text.contains(&e), "{e:?} not in {text:?}");
        }
    }
}
