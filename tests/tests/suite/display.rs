//! Notebook display: the evcxr protocol text for charts, DataFrames and datasets.

use base64::Engine as _;
use tradedef::notebook::{BEGIN, END, TableDisplay, escape, mime_block};
use tradedef::prelude::*;

/// Parses evcxr protocol text into (mime, content) blocks, failing on anything malformed.
fn blocks(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let mime = line
            .strip_prefix(&format!("{BEGIN} "))
            .unwrap_or_else(|| panic!("expected a begin line, got `{line}`"));
        assert!(!mime.is_empty() && !mime.contains(' '), "bad mime `{mime}`");
        let mut content = Vec::new();
        loop {
            let l = lines
                .next()
                .unwrap_or_else(|| panic!("block {mime} is not closed"));
            if l == END {
                break;
            }
            assert!(!l.starts_with(BEGIN), "nested begin in {mime}");
            content.push(l);
        }
        out.push((mime.to_string(), content.join("\n")));
    }
    out
}

fn chart() -> LineChart {
    LineChart::new("Goods balance <Japan & US>")
        .series(
            "Balance",
            vec![(2022.0, -68.0), (2023.0, -71.4), (2024.0, -68.3)],
        )
        .y_format(ValueFormat::usd_billions())
        .source_text("Test producer")
}

#[test]
fn a_chart_emits_svg_and_base64_png_blocks() {
    let chart = chart();
    let text = chart.display_text();
    let parsed = blocks(&text);
    let mimes: Vec<&str> = parsed.iter().map(|(m, _)| m.as_str()).collect();
    assert_eq!(mimes, ["text/html", "image/svg+xml", "image/png"]);
    // the HTML form: the SVG as an image, its description as alt and as a visible caption
    let figure = &parsed[0].1;
    let description = tradedef::html::escape(&chart.description());
    assert!(
        figure.starts_with("<figure class=\"tradedef-chart\"")
            && figure.contains("<img src=\"data:image/svg+xml;base64,")
            && figure.contains(&format!("alt=\"{description}\""))
            && figure.contains(&format!(">{description}</figcaption>")),
        "{figure}"
    );
    let svg = &parsed[1].1;
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    // The chart's own SVG, made to shrink to the output area's width.
    let file_svg = chart.to_svg().unwrap();
    assert_eq!(
        svg.trim_end(),
        file_svg
            .trim_end()
            .replacen("<svg ", "<svg style=\"max-width:100%;height:auto\" ", 1)
    );
    assert!(svg.contains("viewBox="), "scaling needs a viewBox");
    assert!(svg.contains("Goods balance &lt;Japan &amp; US&gt;"));

    let png = base64::engine::general_purpose::STANDARD
        .decode(parsed[2].1.trim())
        .expect("valid base64");
    assert_eq!(png, chart.to_png().unwrap());
    let decoder = png::Decoder::new(png.as_slice());
    let reader = decoder.read_info().expect("PNG header");
    assert_eq!((reader.info().width, reader.info().height), (1200, 750));
}

#[test]
fn a_chart_that_cannot_draw_shows_its_error_as_text() {
    let text = LineChart::new("empty").display_text();
    let parsed = blocks(&text);
    assert_eq!(parsed.len(), 1);
    assert_eq!(parsed[0].0, "text/plain");
    assert!(parsed[0].1.contains("chart `empty`") && parsed[0].1.contains("no series"));
}

#[test]
fn a_dataframe_emits_an_html_table_and_a_text_fallback() {
    let df = df!(
        "year" => [2023i64, 2024],
        "partner" => ["Japan <JP>", "A & B"],
        "value" => [-71426.9, 68253.25],
        "count" => [55000i64, -1234567],
    )
    .unwrap();
    let parsed = blocks(&df.display_text());
    let mimes: Vec<&str> = parsed.iter().map(|(m, _)| m.as_str()).collect();
    assert_eq!(mimes, ["text/html", "text/plain"]);
    let html = &parsed[0].1;
    assert!(html.contains("<table class=\"dataframe\">") && html.contains("</table>"));
    // polars' dtype row under the header
    assert!(
        html.contains("<tr class=\"dtype\">") && html.contains(">str</td>"),
        "{html}"
    );
    // Escaped text, right-aligned numbers with separators, years without separators.
    assert!(html.contains("Japan &lt;JP&gt;") && html.contains("A &amp; B"));
    assert!(!html.contains("<JP>"));
    assert!(
        html.contains("<td class=\"num\" style=\"text-align:right\">-71,426.90</td>"),
        "{html}"
    );
    assert!(html.contains("68,253.25"));
    assert!(html.contains(">2024<") && !html.contains("2,024"));
    assert!(html.contains("55,000") && html.contains("-1,234,567"));
    assert!(html.contains("2 rows × 4 columns"));
    let text = &parsed[1].1;
    assert!(text.contains("Japan <JP>") && text.contains("2 rows × 4 columns"));
}

#[test]
fn long_frames_are_truncated_with_a_shape_line() {
    let years: Vec<i64> = (1900..2000).collect();
    let values: Vec<f64> = years.iter().map(|y| *y as f64 * 1.5).collect();
    let df = df!("year" => years, "value" => values).unwrap();
    let html = TableDisplay::new(&df).max_rows(6).html();
    assert!(html.contains("100 rows × 2 columns"));
    assert_eq!(html.matches("<tr>").count(), 1 + 6, "header + 6 rows");
    assert_eq!(
        html.matches("<tr class=\"ellipsis\">").count(),
        1,
        "one … row"
    );
    assert!(html.contains(">1900<") && html.contains(">1902<") && !html.contains(">1903<"));
    assert!(html.contains(">1999<") && html.contains(">1997<") && !html.contains(">1996<"));
    assert!(html.contains("<td class=\"num\" style=\"text-align:right\">…</td>"));
    // polars' default: the first 5 and the last 5 rows
    let html = TableDisplay::new(&df).html();
    assert!(html.contains(">1904<") && !html.contains(">1905<") && html.contains(">1995<"));
    assert!(!html.contains(">1994<"));

    let wide = df!("a" => [1i64], "b" => [2i64], "c" => [3i64]).unwrap();
    let html = TableDisplay::new(&wide).max_columns(2).html();
    // the first and the last columns, as polars shows them
    assert!(
        html.contains("<th>…</th>") && !html.contains(">b<") && html.contains(">c<"),
        "{html}"
    );
    assert!(html.contains("1 row × 3 columns"));
}

#[test]
fn nulls_show_as_a_styled_dash_not_zero() {
    let df = df!("value" => [Some(1.5), None]).unwrap();
    let html = TableDisplay::new(&df).html();
    // one class and one style attribute: the grey is not lost to a second `style`
    assert!(
        html.contains("<td class=\"num null\" style=\"text-align:right;opacity:.65\">—</td>"),
        "{html}"
    );
    assert!(!html.contains(">0.0<") && !html.contains(">0<"));
}

#[test]
fn small_values_signs_and_years_read_right() {
    let df = df!(
        "fiscal_year" => [2022i64, 2023],
        "enduse_code" => [30000i64, 30100],
        "change_pct" => [0.0004, -0.0002],
        "value" => [-1234.5, 0.0],
    )
    .unwrap();
    let html = TableDisplay::new(&df).html();
    assert!(html.contains(">2022<") && !html.contains("2,022"), "{html}");
    assert!(html.contains(">30000<") && !html.contains("30,000"));
    assert!(html.contains(">0.0004<") && html.contains(">-0.0002<"));
    assert!(!html.contains(">0.000<") && !html.contains(">-0<"));
    assert!(html.contains(">-1,234.5<") && html.contains(">0.0<"));
}

#[test]
fn a_result_record_shows_its_year_without_a_separator() {
    let rank = deficit_rank("Japan", 2022).unwrap();
    let html = &blocks(&rank.display_text())[0].1;
    assert!(html.contains(">2022<") && !html.contains("2,022"), "{html}");
}

/// Not a test of its own: prints a display of a long, wide frame for
/// [`polars_display_settings_are_honoured`], which runs it with polars' variables set.
#[test]
#[ignore = "child process of polars_display_settings_are_honoured"]
fn display_child() {
    let years: Vec<i64> = (1900..2000).collect();
    let df = df!("year" => years.clone(), "b" => years.clone(), "c" => years).unwrap();
    println!("{}", TableDisplay::new(&df).html());
}

#[test]
fn polars_display_settings_are_honoured() {
    let run = |rows: &str, columns: &str| {
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "display::display_child",
                "--exact",
                "--ignored",
                "--nocapture",
            ])
            .env("POLARS_FMT_MAX_ROWS", rows)
            .env("POLARS_FMT_MAX_COLS", columns)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let html = run("4", "2");
    assert!(html.contains("100 rows × 3 columns"), "{html}");
    assert!(html.contains(">1901<") && !html.contains(">1902<") && html.contains(">1998<"));
    assert!(html.contains("<th>…</th>") && !html.contains(">b<"));
    let all = run("-1", "-1");
    assert!(all.contains(">1950<") && all.contains(">b<") && !all.contains("ellipsis"));
}

#[test]
fn a_dataset_shows_units_in_headers_and_its_source() {
    let trade = load("us_japan_goods_trade").unwrap();
    let parsed = blocks(&trade.display_text());
    let html = &parsed[0].1;
    let unit = &trade
        .meta()
        .columns
        .iter()
        .find(|c| c.name == "value")
        .unwrap()
        .unit;
    assert!(unit.starts_with("USD millions"));
    assert!(
        html.contains(&escape(&format!("value ({unit})"))),
        "unit in header"
    );
    assert!(html.contains(&escape(&format!(
        "Source: {}",
        trade.provenance().source_line()
    ))));
    assert!(html.contains(&format!(
        "{} rows × {} columns",
        ValueFormat::number().format(trade.frame().height() as f64),
        trade.frame().width()
    )));
}

#[test]
fn protocol_helpers() {
    assert_eq!(
        mime_block("text/plain", "a\n"),
        "EVCXR_BEGIN_CONTENT text/plain\na\nEVCXR_END_CONTENT\n"
    );
    assert_eq!(
        escape("<a href='x'>&</a>"),
        "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;"
    );
}
