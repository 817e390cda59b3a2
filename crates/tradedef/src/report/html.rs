//! The report's `index.html`: one self-contained page (inline CSS, charts as files beside it) that
//! opens offline in any browser.

use std::fmt::Write as _;

use crate::data::DatasetMeta;
use crate::output::HtmlTable;
use crate::study::{FactCheck, Study};

pub(crate) use crate::html::escape;

const STYLE: &str = r#"
:root { color-scheme: light dark; --fg: #1a1a1a; --bg: #fff; --page: #fafafa; --muted: #595959; --line: #e4e4e4; --head: #f0f0f0; --soft: #f3f6fa; --accent: #0072B2; --link: #0b5cad; --frame: #eee; }
@media (prefers-color-scheme: dark) { :root { --fg: #ececec; --bg: #1b1b1b; --page: #121212; --muted: #b8b8b8; --line: #3a3a3a; --head: #2a2a2a; --soft: #22262c; --accent: #56B4E9; --link: #8cc4ff; --frame: #333; } }
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: var(--fg); margin: 0; background: var(--page); }
main { max-width: 1000px; margin: 0 auto; padding: 2rem 1.5rem 4rem; background: var(--bg); }
a { color: var(--link); }
h1 { font-size: 2rem; margin-bottom: .2rem; }
h2 { font-size: 1.4rem; margin-top: 2.5rem; border-top: 1px solid var(--line); padding-top: 1.2rem; }
p.lede { font-size: 1.1rem; color: var(--muted); }
figure { margin: 1rem 0 0.5rem; }
figure object, figure img { display: block; width: 100%; height: auto; border: 1px solid var(--frame); }
figure object.narrow { display: none; max-width: 480px; }
.question { font-style: italic; color: var(--muted); }
.finding { background: var(--soft); border-left: 4px solid var(--accent); padding: .6rem .9rem; }
table { border-collapse: collapse; font-size: .85rem; margin: .6rem 0; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
th { background: var(--head); }
.tradedef-table { overflow-x: auto; margin: .6rem 0; }
.tradedef-table small.shape { color: var(--muted); font-size: .8rem; }
.tradedef-table p.caption { color: var(--fg); font-size: .8rem; } /* the table's own style fades it */
table.dataframe tr.unit td { color: var(--muted); font-size: .75rem; background: var(--head); }
table.dataframe td.null { color: var(--muted); }
.verdict { font-weight: bold; white-space: nowrap; }
.links a { margin-right: 1rem; }
nav ol { columns: 2; }
small, .note { color: var(--muted); }
p.back { margin: 0 0 1rem; }
td a, td code { overflow-wrap: anywhere; }
main > table { display: block; overflow-x: auto; }
@media (max-width: 600px) {
  main { padding: 1rem .75rem 3rem; }
  h1 { font-size: 1.5rem; }
  h2 { font-size: 1.2rem; }
  nav ol { columns: 1; padding-left: 1.2rem; }
  figure object.wide { display: none; }
  figure object.narrow { display: block; }
}
"#;

/// The SVG's width / height from its `viewBox` ("1200 / 750"), so a chart's box has its shape
/// before the chart loads; the default chart size when the SVG has none.
fn aspect_ratio(svg: &str) -> String {
    let view_box = svg
        .split_once("viewBox=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(v, _)| v.split_whitespace().collect::<Vec<_>>());
    match view_box.as_deref() {
        Some([_, _, w, h]) if w.parse::<f64>().is_ok() && h.parse::<f64>().is_ok() => {
            format!("{w} / {h}")
        }
        _ => {
            let (w, h) = crate::chart::DEFAULT_SIZE;
            format!("{w} / {h}")
        }
    }
}

/// Renders the page.
pub(crate) fn index_html(
    study: &Study,
    fact_check: Option<&FactCheck>,
    datasets: &[&DatasetMeta],
    version: &str,
    index_link: Option<&str>,
) -> String {
    let exhibits = &study.exhibits;
    let title = escape(&study.title);
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
    );
    if let Some(href) = index_link {
        let _ = writeln!(
            h,
            "<p class=\"back\"><a href=\"{}\">← All partners</a></p>",
            escape(href)
        );
    }
    let _ = writeln!(h, "<h1>{title}</h1>");
    let _ = writeln!(h, "<p class=\"lede\">{}</p>", escape(&study.lede));
    h.push_str("<nav><ol>\n");
    for e in exhibits {
        let _ = writeln!(
            h,
            "<li><a href=\"#{}\">{}</a></li>",
            escape(&e.id),
            escape(&e.title)
        );
    }
    if !study.unavailable.is_empty() {
        h.push_str("<li><a href=\"#not-available\">Not available for this partner</a></li>\n");
    }
    if fact_check.is_some() {
        h.push_str("<li><a href=\"#fact-check\">Fact-check of the story's claims</a></li>\n");
    }
    h.push_str("<li><a href=\"#methodology\">Methodology</a></li>\n<li><a href=\"#sources\">Sources</a></li>\n</ol></nav>\n");

    for e in exhibits {
        let id = escape(&e.id);
        let _ = writeln!(h, "<h2 id=\"{id}\">{}</h2>", escape(&e.title));
        let _ = writeln!(h, "<p class=\"question\">{}</p>", escape(&e.question));
        if e.has_chart() {
            let alt = if e.description.is_empty() {
                &e.title
            } else {
                &e.description
            };
            let _ = writeln!(
                h,
                "<figure><object class=\"wide\" data=\"charts/{id}.svg\" type=\"image/svg+xml\" role=\"img\" \
                 aria-label=\"{alt}\" style=\"aspect-ratio: {ratio}\">{alt}</object>\
                 <object class=\"narrow\" data=\"charts/{id}-narrow.svg\" type=\"image/svg+xml\" role=\"img\" \
                 aria-label=\"{alt}\" style=\"aspect-ratio: {narrow_ratio}\">{alt}</object><figcaption class=\"links\"><small>\
                 <a href=\"tables/{id}.csv\">Get the data (CSV)</a><a href=\"charts/{id}.svg\">SVG</a>\
                 <a href=\"charts/{id}.png\">PNG</a><a href=\"#{id}-source\">Source</a>\
                 </small></figcaption></figure>",
                alt = escape(alt),
                ratio = aspect_ratio(&e.svg),
                narrow_ratio = aspect_ratio(&e.svg_narrow)
            );
        } else {
            let _ = writeln!(
                h,
                "<p class=\"links\"><small><a href=\"tables/{id}.csv\">data (CSV)</a></small></p>"
            );
        }
        for f in &e.findings {
            let _ = writeln!(h, "<p class=\"finding\">{}</p>", escape(f));
        }
        if let Some(table) = &e.table {
            h.push_str(&table_html(table, ROWS_SHOWN));
            h.push('\n');
        }
        let _ = writeln!(
            h,
            "<p class=\"note\" id=\"{id}-source\"><small>Source: {}</small></p>",
            escape(&e.source_line)
        );
        for n in &e.notes {
            let _ = writeln!(h, "<p class=\"note\"><small>{}</small></p>", escape(n));
        }
    }

    if !study.unavailable.is_empty() {
        h.push_str("<h2 id=\"not-available\">Not available for this partner</h2>\n<p>These sections are left out because the data hold nothing for them; no chart is drawn from missing figures.</p>\n<ul>\n");
        for u in &study.unavailable {
            let _ = writeln!(
                h,
                "<li><strong>{}</strong>: {}</li>",
                escape(&u.section),
                escape(&u.reason)
            );
        }
        h.push_str("</ul>\n");
    }

    if let Some(f) = fact_check {
        let rows = &f.rows;
        h.push_str("<h2 id=\"fact-check\">Fact-check of the story's claims</h2>\n");
        let _ = writeln!(
            h,
            "<p>Each claim of <em>{}</em> measured against the data, with its definition and source \
             (<a href=\"claims.csv\">claims.csv</a>).</p>",
            escape(&f.label)
        );
        h.push_str("<table>\n<tr><th>Claim</th><th>Claimed</th><th>Measured</th><th>Verdict</th><th>Definition and source</th></tr>\n");
        for r in rows {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"verdict\">{}</td><td>{}<br><small>{}</small></td></tr>",
                escape(&r.quote),
                escape(&r.claimed),
                escape(&r.measured),
                escape(&r.verdict),
                escape(&r.definition),
                escape(&r.source)
            );
        }
        h.push_str("</table>\n");
    }

    h.push_str("<h2 id=\"methodology\">Methodology</h2>\n");
    for p in &study.methodology {
        let _ = writeln!(h, "<p>{}</p>", escape(p));
    }

    let as_of = freshness_date(datasets);
    let _ = writeln!(
        h,
        "<h2 id=\"sources\">Sources</h2>\n<p class=\"note\">How current each figure is: the last period each dataset holds, the release it comes from, and when the publisher normally releases the next one, judged on {} (the latest access date of the data; <code>tradedef data status</code> judges on today). A dataset is refreshed from the URL shown with its import command (data/README.md).</p>\n<table>\n<tr><th>Dataset</th><th>Producer and table</th><th>Vintage</th><th>Accessed</th><th>Licence</th><th>Freshness</th></tr>",
        as_of.map_or_else(|| "—".to_string(), |d| d.to_string())
    );
    for m in datasets {
        let _ = writeln!(
            h,
            "<tr><td><code>{}</code><br>{}</td><td>{}<br><small>{} — <a href=\"{}\">{}</a></small></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&m.id),
            escape(&m.title),
            escape(&m.producer),
            escape(&m.source_table),
            escape(&m.url_main),
            escape(&m.url_main),
            escape(&m.vintage),
            escape(&m.date_accessed),
            escape(&m.licence),
            freshness_cell(&m.id, as_of)
        );
    }
    h.push_str("</table>\n");
    let _ = writeln!(
        h,
        "<p class=\"note\"><small>Built by tradedef {} from the embedded data; <a href=\"manifest.json\">manifest.json</a> \
         lists every file with its SHA-256 and the versions and vintages used.</small></p>",
        escape(version)
    );
    h.push_str("</main>\n</body>\n</html>\n");
    h
}

/// The date the sources table judges freshness on: the latest `date_accessed` of the datasets,
/// so two builds of the same data give the same page.
fn freshness_date(datasets: &[&DatasetMeta]) -> Option<chrono::NaiveDate> {
    datasets
        .iter()
        .filter_map(|m| chrono::NaiveDate::parse_from_str(m.date_accessed.trim(), "%Y-%m-%d").ok())
        .max()
}

/// Last period, release, next release (overdue or not), URL and import command of a dataset.
fn freshness_cell(id: &str, as_of: Option<chrono::NaiveDate>) -> String {
    let Some(day) = as_of else {
        return String::new();
    };
    match crate::data::dataset_status(id, day) {
        Ok(s) => format!(
            "last period {}<br><small>release {}</small><br>{}<br><small><a href=\"{}\">{}</a>{}</small>",
            escape(&s.last_period),
            escape(&s.release),
            escape(&s.state()),
            escape(&s.url),
            escape(&s.url),
            s.import
                .map(|c| format!("<br><code>{}</code>", escape(&c)))
                .unwrap_or_default()
        ),
        Err(e) => format!("<small>{}</small>", escape(&e.to_string())),
    }
}

/// The most rows of an exhibit's table the page shows (the CSV has all).
const ROWS_SHOWN: usize = 12;

/// An exhibit's table for readers, by the one renderer ([`crate::output::HtmlTable`]): each
/// column under a reader's label with its unit once, in the row below; figures; a ranking's
/// first rows or a time series' latest rows, with a `…` row where the others are left out and a
/// note that the CSV has all. The column ids stay in the CSV.
fn table_html(table: &crate::analysis::Table, max_rows: usize) -> String {
    let frame = table.frame();
    if frame.width() == 0 {
        return String::new();
    }
    // Rankings read from the top; time series from the latest rows.
    let ranked = frame
        .get_column_names()
        .first()
        .is_some_and(|c| c.starts_with("rank"));
    let mut t = HtmlTable::new(frame)
        .units_row()
        .figures()
        .max_columns(usize::MAX);
    t = if ranked {
        t.rows(max_rows, 0)
    } else {
        t.rows(0, max_rows)
    };
    for (column, unit) in table.units() {
        t = t.label(column, &reader_label(column)).unit(column, unit);
    }
    if t.is_cut() {
        let which = if ranked { "First" } else { "Last" };
        t = t.caption(format!(
            "{which} {max_rows} of {} rows; the CSV has all.",
            frame.height()
        ));
    }
    t.html()
}

/// A reader's label for a column id: the unit suffix dropped (the unit shows in its own row),
/// words spelled out, the first capitalised: `exports_usd_mn` → "Exports",
/// `share_of_gdp_pct` → "Share of GDP".
fn reader_label(column: &str) -> String {
    const UNIT_SUFFIXES: [&str; 8] = [
        "_usd_millions",
        "_usd_mn",
        "_usd_bn",
        "_jpy_bn",
        "_millions",
        "_pct",
        "_mn",
        "_bn",
    ];
    let stem = UNIT_SUFFIXES
        .iter()
        .find_map(|s| column.strip_suffix(s))
        .filter(|s| !s.is_empty())
        .unwrap_or(column);
    let words: Vec<&str> = stem
        .split('_')
        .filter(|w| !w.is_empty())
        .map(|w| match w {
            "usd" => "USD",
            "jpy" => "JPY",
            "gdp" => "GDP",
            "us" => "US",
            "govt" => "government",
            "fy" => "FY",
            other => other,
        })
        .collect();
    let text = words.join(" ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => column.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reader_labels() {
        assert_eq!(reader_label("exports_usd_mn"), "Exports");
        assert_eq!(reader_label("share_of_gdp_pct"), "Share of GDP");
        assert_eq!(
            reader_label("per_capita_current_usd"),
            "Per capita current USD"
        );
        assert_eq!(reader_label("year"), "Year");
        assert_eq!(reader_label("_pct"), "Pct");
    }
}
