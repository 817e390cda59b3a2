//! Charts: snapshot tests pin each chart kind's SVG (rewrite with `UPDATE_SNAPSHOTS=1`), renders
//! are byte-for-byte reproducible, PNGs decode at the declared size, the source line names the
//! producer, and bad input gives a clear `Error::Chart` instead of a panic.

use std::path::PathBuf;

use tradedef::chart::{Chart, DotPlot, SmallMultiples, decimal_year};
use tradedef::prelude::*;

/// Compares the chart's SVG with `tests/snapshots/<name>.svg`; with UPDATE_SNAPSHOTS=1 rewrites
/// it. With SNAPSHOT_PNG_DIR=<dir> also writes the PNG there, to look at.
fn check_snapshot(name: &str, chart: &impl Chart) {
    let actual = chart.to_svg().unwrap();
    if let Some(dir) = std::env::var_os("SNAPSHOT_PNG_DIR") {
        chart
            .save_png(PathBuf::from(dir).join(format!("{name}.png")))
            .unwrap();
    }
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("snapshots")
        .join(format!("{name}.svg"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("snapshot {} is missing ({e}); create it with UPDATE_SNAPSHOTS=1 cargo test -p tradedef-tests charts::", path.display())
    });
    if expected != actual {
        let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
        let first = e
            .iter()
            .zip(&a)
            .position(|(x, y)| x != y)
            .unwrap_or(e.len().min(a.len()));
        panic!(
            "snapshot {} differs at line {}:\n  expected: {}\n  actual:   {}\n({} vs {} lines). If the change is intended, \
             rerun with UPDATE_SNAPSHOTS=1 and review the new SVG.",
            path.display(),
            first + 1,
            e.get(first).unwrap_or(&"<end>"),
            a.get(first).unwrap_or(&"<end>"),
            e.len(),
            a.len()
        );
    }
}

fn fixed_provenance() -> Provenance {
    // A fixed provenance, so snapshots do not change when the curated data is refreshed.
    Provenance {
        sources: vec![tradedef::data::SourceNote {
            dataset: "fixture".into(),
            producer: "Test Producer".into(),
            attribution: "Test Producer, table 1".into(),
            vintage: "2025-02-05 release".into(),
            url: "https://example.invalid/table1".into(),
        }],
    }
}

fn line() -> LineChart {
    LineChart::new("Balance with Japan")
        .subtitle("USD billions")
        .y_label("USD billions")
        .y_format(ValueFormat::usd_billions())
        .series(
            "Exports",
            vec![
                (2020.0, 47.0),
                (2021.0, 61.0),
                (2022.0, 80.0),
                (2023.0, 76.0),
            ],
        )
        .series(
            "Balance",
            vec![
                (2020.0, -55.0),
                (2021.0, -60.0),
                (2022.0, f64::NAN),
                (2023.0, -71.0),
            ],
        )
        .annotate(decimal_year(2025, 2, 7).unwrap(), "Story")
        .annotate(2022.5, "Event <&>")
        .source(&fixed_provenance())
        .note("A note.")
}

fn bars() -> BarChart {
    BarChart::new("Deficit by partner")
        .bars(vec![
            ("China", -382.9),
            ("Japan", -68.0),
            ("Mexico", -130.6),
        ])
        .sort_by_value(false)
        .highlight("Japan")
        .value_format(ValueFormat::usd_billions().decimals(1))
        .value_label("USD billions")
        .source(&fixed_provenance())
}

fn diverging() -> BarChart {
    BarChart::new("Balance by partner")
        .bars(vec![
            ("Netherlands", 38.3),
            ("Japan", -68.0),
            ("Brazil", 14.6),
            ("Missing", f64::NAN),
        ])
        .diverging()
        .sign_labels("Surplus", "Deficit")
        .value_format(ValueFormat::usd_billions().decimals(1))
        .highlight("Japan")
        .source(&fixed_provenance())
}

fn columns(stacked: bool) -> ColumnChart {
    let chart = ColumnChart::new(if stacked { "Stacked" } else { "Grouped" })
        .categories(["2023", "2024", "2025"])
        .series("Vehicles", vec![-50.0, -55.0, -52.0])
        .series("Machinery", vec![-20.0, 5.0, -21.0])
        .series("Other", vec![3.0, f64::NAN, 4.0])
        .y_format(ValueFormat::usd_billions())
        .y_label("USD billions")
        .source(&fixed_provenance());
    if stacked {
        chart.stacked()
    } else {
        chart.grouped()
    }
}

fn dots() -> DotPlot {
    DotPlot::new("Defence share of GDP")
        .measures("2014", "2024")
        .rows(vec![
            ("Japan", 0.95, 1.4),
            ("Germany", 1.2, 1.9),
            ("United States", 3.7, 3.4),
            ("Nowhere", f64::NAN, 2.2),
        ])
        .sort_by_second()
        .value_format(ValueFormat::percent())
        .reference(2.0, "NATO 2%")
        .source(&fixed_provenance())
}

fn multiples() -> SmallMultiples {
    SmallMultiples::new("Small multiples")
        .panel("Japan", vec![(2014.0, 0.95), (2019.0, 1.0), (2024.0, 1.4)])
        .panel("Germany", vec![(2014.0, 1.2), (2019.0, 1.3), (2024.0, 1.9)])
        .panel("Korea", vec![(2014.0, 2.5), (2019.0, 2.6), (2024.0, 2.6)])
        .columns(2)
        .y_format(ValueFormat::percent())
        .source(&fixed_provenance())
}

#[test]
fn snapshots_pin_every_chart_kind() {
    check_snapshot("line", &line());
    check_snapshot("bar", &bars());
    check_snapshot("diverging", &diverging());
    check_snapshot("stacked", &columns(true));
    check_snapshot("grouped", &columns(false));
    check_snapshot("dot", &dots());
    check_snapshot("multiples", &multiples());
}

/// The hover titles of an SVG's values group, in order.
fn hover_titles(svg: &str) -> Vec<String> {
    let Some(start) = svg.find("<g class=\"tradedef-values\"") else {
        return Vec::new();
    };
    let group = &svg[start..start + svg[start..].find("</g>").expect("the group closes")];
    group
        .split("<title>")
        .skip(1)
        .map(|t| t[..t.find("</title>").expect("the title closes")].to_string())
        .collect()
}

#[test]
fn every_drawn_value_is_named_on_hover_and_missing_ones_are_not() {
    // Line: 4 exports points and 3 finite balance points (2022 is a gap).
    let line = hover_titles(&line().to_svg().unwrap());
    assert_eq!(line.len(), 7, "{line:?}");
    assert!(
        line.contains(&"Exports, 2022: $80.0bn".to_string()),
        "{line:?}"
    );
    assert!(
        line.contains(&"Balance, 2023: -$71.0bn".to_string()),
        "{line:?}"
    );
    assert!(
        !line.iter().any(|t| t.starts_with("Balance, 2022")),
        "{line:?}"
    );
    // Bars: every finite bar, the missing one left out.
    let bars = hover_titles(&diverging().to_svg().unwrap());
    assert_eq!(bars.len(), 3, "{bars:?}");
    assert!(bars.contains(&"Japan: -$68.0bn".to_string()), "{bars:?}");
    // Columns: category and series, both modes; the NaN column left out.
    for stacked in [true, false] {
        let columns = hover_titles(&columns(stacked).to_svg().unwrap());
        assert_eq!(columns.len(), 8, "{columns:?}");
        assert!(
            columns.contains(&"2024, Machinery: $5.0bn".to_string()),
            "{columns:?}"
        );
    }
    // Dots: the row and the measure.
    let dots = hover_titles(&dots().to_svg().unwrap());
    assert_eq!(dots.len(), 7, "{dots:?}");
    assert!(
        dots.iter().any(|t| t.starts_with("Japan, 2024: 1.4")),
        "{dots:?}"
    );
    // Small multiples: each panel's points, placed inside the whole chart.
    let svg = multiples().to_svg().unwrap();
    assert_eq!(hover_titles(&svg).len(), 9);
    // PNGs have no such layer, and every SVG follows a dark page.
    assert!(svg.contains("@media (prefers-color-scheme: dark)"));
}

#[test]
fn every_kind_draws_its_text_as_outlines_that_need_no_font() {
    let svgs = [
        line().to_svg().unwrap(),
        diverging().to_svg().unwrap(),
        columns(true).to_svg().unwrap(),
        columns(false).to_svg().unwrap(),
        dots().to_svg().unwrap(),
        multiples().to_svg().unwrap(),
    ];
    for svg in &svgs {
        // every text is kept for search and tools, but invisible: its outlines draw it
        let texts = svg.matches("<text ").count();
        assert!(texts > 5, "{svg}");
        assert_eq!(
            svg.matches("<text fill-opacity=\"0\" ").count(),
            texts,
            "a text is drawn in the reader's font: {svg}"
        );
        // one group of glyphs per text, each glyph defined in the SVG's own <defs>
        assert_eq!(svg.matches("<g aria-hidden=\"true\" fill=").count(), texts);
        for part in svg.split("<use href=\"#").skip(1) {
            let id = part.split('"').next().unwrap();
            assert!(
                svg.contains(&format!("<path id=\"{id}\" d=\"M")),
                "glyph {id} is used but not defined"
            );
        }
        // the title's letters are there as text, and the outlines follow the dark theme
        assert!(svg.contains("\nSource: Test Producer"), "{svg}");
    }
}

fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(bytes);
    let mut reader = decoder.read_info().expect("a valid PNG header");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("a decodable PNG frame");
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

fn assert_reproducible(chart: &impl Chart) {
    assert_eq!(
        chart.to_svg().unwrap(),
        chart.to_svg().unwrap(),
        "{}: SVG differs between renders",
        chart.title_block().title()
    );
    let (a, b) = (chart.to_png().unwrap(), chart.to_png().unwrap());
    assert!(
        a == b,
        "{}: PNG differs between renders",
        chart.title_block().title()
    );
    let (w, h, pixels) = decode_png(&a);
    assert_eq!((w, h), chart.title_block().size());
    // Not blank: a chart has dark text and coloured marks on its white background.
    assert!(
        pixels
            .chunks(3)
            .filter(|p| p[0] < 100 && p[1] < 100 && p[2] < 100)
            .count()
            > 500
    );
}

#[test]
fn renders_are_byte_for_byte_reproducible_and_pngs_decode_at_size() {
    assert_reproducible(&line());
    assert_reproducible(&bars());
    assert_reproducible(&diverging());
    assert_reproducible(&columns(true));
    assert_reproducible(&columns(false));
    assert_reproducible(&dots());
    assert_reproducible(&multiples());
}

#[test]
fn size_is_settable_and_png_matches_it() {
    let chart = line().size(800, 500);
    let (w, h, _) = decode_png(&chart.to_png().unwrap());
    assert_eq!((w, h), (800, 500));
    assert!(chart.to_svg().unwrap().contains("viewBox=\"0 0 800 500\""));
    let err = line().size(20, 20).to_png().unwrap_err();
    assert!(matches!(err, Error::Chart { .. }), "{err}");
}

#[test]
fn source_line_names_the_producer_of_the_real_dataset() {
    let trade = load("us_japan_goods_trade").unwrap();
    let producer = trade.meta().attribution_short.clone();
    let chart = LineChart::new("Trade")
        .series("a", vec![(2020.0, 1.0), (2021.0, 2.0)])
        .source(&trade.provenance());
    let line = chart.title_block().source_line().unwrap();
    assert!(line.starts_with(&format!("Source: {producer}")), "{line}");
    assert!(line.contains(&trade.meta().vintage), "{line}");
    // The SVG escapes text, so compare against the escaped producer.
    let svg = chart.to_svg().unwrap();
    let escaped = producer
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    assert!(svg.contains(&format!("Source: {escaped}")));

    // Merged provenance lists both datasets.
    let tariffs = load("tariff_events").unwrap();
    let both = LineChart::new("t").source(&trade.provenance().merge(&tariffs.provenance()));
    let line = both.title_block().source_line().unwrap();
    assert!(
        line.contains(&producer) && line.contains(&tariffs.meta().attribution_short),
        "{line}"
    );
}

#[test]
fn numbers_are_formatted_with_separators_units_and_signs() {
    let svg = line().to_svg().unwrap();
    // SVG text elements hold their text on a line of its own.
    let texts: Vec<&str> = svg.lines().filter(|l| !l.starts_with('<')).collect();
    assert!(
        texts.contains(&"-$50bn") && texts.contains(&"$0bn") && texts.contains(&"$100bn"),
        "{texts:?}"
    );
    let svg = bars().to_svg().unwrap();
    assert!(svg.contains("-$382.9bn") && svg.contains("-$68.0bn"));
    let texts: Vec<&str> = svg.lines().filter(|l| !l.starts_with('<')).collect();
    assert!(
        texts.contains(&"-$400bn") && texts.contains(&"$0bn"),
        "ticks use round steps with no decimals: {texts:?}"
    );
    assert_eq!(ValueFormat::usd_millions().format(68253.2), "$68,253m");
    assert_eq!(
        ValueFormat::usd_millions().compact().format(-1_204_300.0),
        "-$1.2tn"
    );
    assert_eq!(
        ValueFormat::number().suffix(" troops").format(55_000.0),
        "55,000 troops"
    );
}

#[test]
fn text_is_escaped_in_svg() {
    let svg = line().to_svg().unwrap();
    assert!(svg.contains("Event &lt;&amp;&gt;"));
    assert!(!svg.contains("Event <&>"));
}

#[test]
fn bad_input_is_a_clear_chart_error_not_a_panic() {
    let cases: Vec<(Result<String>, &str)> = vec![
        (LineChart::new("empty").to_svg(), "no series"),
        (
            LineChart::new("e")
                .series("Imports", Vec::<(f64, f64)>::new())
                .to_svg(),
            "series `Imports` has no points",
        ),
        (
            LineChart::new("n")
                .series("Nan", vec![(2020.0, f64::NAN)])
                .to_svg(),
            "no finite",
        ),
        (
            LineChart::new("a")
                .series("a", vec![(2020.0, 1.0)])
                .annotate(f64::NAN, "x")
                .to_svg(),
            "non-finite",
        ),
        (BarChart::new("b").to_svg(), "no bars"),
        (BarChart::new("b").bar("x", f64::NAN).to_svg(), "not finite"),
        (
            ColumnChart::new("c").series("a", vec![1.0]).to_svg(),
            "no categories",
        ),
        (
            ColumnChart::new("c").categories(["2024"]).to_svg(),
            "no series",
        ),
        (
            ColumnChart::new("c")
                .categories(["2024"])
                .series("a", vec![1.0, 2.0])
                .to_svg(),
            "`a` has 2 values for 1 categories",
        ),
        (DotPlot::new("d").to_svg(), "no rows"),
        (
            DotPlot::new("d").row("x", f64::NAN, f64::INFINITY).to_svg(),
            "not finite",
        ),
        (SmallMultiples::new("s").to_svg(), "no panels"),
        (
            SmallMultiples::new("s")
                .panel("Japan", Vec::<(f64, f64)>::new())
                .to_svg(),
            "panel `Japan`",
        ),
    ];
    for (result, expected) in cases {
        let err = result.expect_err(expected);
        assert!(matches!(err, Error::Chart { .. }), "{err}");
        assert!(
            err.to_string().contains(expected),
            "`{err}` should mention `{expected}`"
        );
    }
    // PNG rendering fails the same way.
    assert!(LineChart::new("empty").to_png().is_err());
}

#[test]
fn single_points_and_flat_series_still_draw() {
    let one = LineChart::new("one").series("a", vec![(2024.0, 5.0)]);
    assert!(one.to_png().is_ok());
    let flat = LineChart::new("flat")
        .series("a", vec![(2020.0, 0.0), (2021.0, 0.0)])
        .include_zero(false);
    assert!(flat.to_svg().is_ok());
    let huge = BarChart::new("huge").bar("x", 1e300).bar("y", -1e300);
    assert!(huge.to_png().is_ok());
}

#[test]
fn save_writes_svg_and_png_files() {
    let dir = std::env::temp_dir().join(format!("tradedef-charts-{}", std::process::id()));
    let chart = dots();
    chart.save_svg(dir.join("nested/dot.svg")).unwrap();
    chart.save_png(dir.join("nested/dot.png")).unwrap();
    assert_eq!(
        std::fs::read_to_string(dir.join("nested/dot.svg")).unwrap(),
        chart.to_svg().unwrap()
    );
    assert_eq!(
        std::fs::read(dir.join("nested/dot.png")).unwrap(),
        chart.to_png().unwrap()
    );
    std::fs::remove_dir_all(&dir).ok();
}
