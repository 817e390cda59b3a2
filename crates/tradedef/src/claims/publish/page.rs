//! The fact-check page: one self-contained HTML file (inline CSS, no scripts but the JSON-LD,
//! nothing fetched), readable from a phone's width up.

use polars::prelude::{Column, DataFrame};
use serde_json::Value;

use super::claim_review::{
    capitalised, difference_text, review_body, review_rating, tolerance_text,
};
use super::{PublishOptions, anchor, key_pairs, releases};
use crate::claims::{ClaimCheck, InputUsed, MeasureCheck, RowsUsed, Verdict, Verdicts};
use crate::html::escape;
use crate::output::{HtmlTable, MISSING, NumberFormat};
use crate::{Error, Result};

/// The rows shown of an input's table: the first 6 and the last 6 of a longer one.
const ROWS_SHOWN: usize = 12;

/// The page's style: system fonts, a column of at most 46rem, tables that scroll inside their
/// box on a narrow screen.
const STYLE: &str = r#"
:root { color-scheme: light dark; --ink: #1d1d1f; --bg: #fff; --muted: #5b5f66; --rule: #d9dce1; --soft: #f5f6f8; --link: #0b57d0; }
@media (prefers-color-scheme: dark) { :root { --ink: #ececec; --bg: #17181b; --muted: #b3b7be; --rule: #3a3d43; --soft: #23252a; --link: #8ab4f8; } }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: var(--bg);
  font: 17px/1.55 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
a { color: var(--link); }
h1 { font-size: 1.75rem; line-height: 1.2; margin: .25rem 0 .5rem; }
h2 { font-size: 1.2rem; line-height: 1.3; margin: 0 0 .75rem; }
h3 { font-size: 1rem; margin: 1.5rem 0 .5rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
.kicker { margin: 0; font-size: .8rem; font-weight: 700; letter-spacing: .1em; text-transform: uppercase; color: var(--muted); }
.story, .byline, .small { color: var(--muted); font-size: .92rem; }
.story { margin: 0 0 .25rem; }
.byline { margin: 0 0 1.5rem; }
.badge { display: inline-block; padding: .1rem .6rem; border-radius: 1rem; color: #fff; font-weight: 700;
  font-size: .85rem; line-height: 1.5; white-space: nowrap; vertical-align: .1em; }
.badge::before { content: attr(data-mark); margin-right: .35em; }
.summary { border-top: 3px solid var(--ink); padding: .75rem 0 1rem; margin-bottom: 1rem; }
.counts { display: flex; flex-wrap: wrap; gap: .4rem; margin: 0 0 1rem; padding: 0; list-style: none; }
.toc { margin: 0; padding: 0; list-style: none; }
.toc li { padding: .6rem 0; border-top: 1px solid var(--rule); }
.toc li:first-child { border-top: 0; }
.toc .fig { display: block; color: var(--muted); font-size: .9rem; font-variant-numeric: tabular-nums; }
.claim { border-top: 1px solid var(--rule); padding: 1.5rem 0 1rem; }
.claim-id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85rem; color: var(--muted); font-weight: 400; overflow-wrap: anywhere; }
blockquote { margin: 0 0 1rem; padding: .25rem 0 .25rem 1rem; border-left: 4px solid var(--rule); font-size: 1.1rem; font-style: italic; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(9.5rem, 1fr)); gap: .5rem; margin: 0 0 1rem; }
.figures div { background: var(--soft); border-radius: .4rem; padding: .5rem .75rem; }
.figures dt { font-size: .75rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
.figures dd { margin: 0; font-weight: 700; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.figures dd small { font-weight: 400; color: var(--muted); }
.why { margin: 0 0 1rem; }
.measure { border: 1px solid var(--rule); border-radius: .5rem; padding: .75rem; margin: 0 0 .75rem; }
.measure.deciding { border-color: var(--ink); border-width: 2px; }
.measure p { margin: .25rem 0; }
.measure .def { font-weight: 700; }
.tag { display: inline-block; font-size: .75rem; font-weight: 700; text-transform: uppercase; letter-spacing: .04em;
  border: 1px solid var(--rule); border-radius: .25rem; padding: 0 .35rem; margin-right: .25rem; color: var(--muted); white-space: nowrap; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .82rem; overflow-wrap: anywhere; }
.method { color: var(--muted); }
.tradedef-table { overflow-x: auto; -webkit-overflow-scrolling: touch; margin: .5rem 0; max-width: 100%;
  /* a shadow at an edge with more table beyond it (scroll shadows: covers move with the content) */
  background: linear-gradient(to right, var(--bg) 30%, transparent),
    linear-gradient(to left, var(--bg) 30%, transparent) 100% 0,
    radial-gradient(farthest-side at 0 50%, rgba(0,0,0,.18), rgba(0,0,0,0)),
    radial-gradient(farthest-side at 100% 50%, rgba(0,0,0,.18), rgba(0,0,0,0)) 100% 0;
  background-repeat: no-repeat; background-size: 2.5rem 100%, 2.5rem 100%, .9rem 100%, .9rem 100%;
  background-attachment: local, local, scroll, scroll; }
.tradedef-table .shape { color: var(--muted); font-size: .75rem; }
table.dataframe { border-collapse: collapse; font-size: .8rem; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.dataframe th, table.dataframe td { padding: .2rem .5rem; border-bottom: 1px solid var(--rule); text-align: left; }
table.dataframe thead th { border-bottom: 2px solid var(--ink); }
table.dataframe tr.unit td, table.dataframe tr.dtype td { color: var(--muted); font-size: .7rem; }
.tradedef-table .caption { font-size: .8rem; margin: .25rem 0 0; white-space: normal; overflow-wrap: anywhere; }
.sources { font-size: .85rem; overflow-wrap: anywhere; }
details { margin: .75rem 0; }
summary { cursor: pointer; color: var(--link); }
footer { margin-top: 2rem; padding-top: 1rem; border-top: 3px solid var(--ink); color: var(--muted); font-size: .85rem; }
@media (max-width: 30rem) {
  body { font-size: 16px; }
  main { padding: 1rem .85rem 2rem; }
  h1 { font-size: 1.4rem; }
  blockquote { font-size: 1.02rem; }
}
@media print { .tradedef-table { overflow: visible; } details { display: block; } }
"#;

/// A verdict's colour (white text on it reads at 4.5:1 or more): green for the best on the
/// scale, through olive, amber and orange, to red for the worst; grey for a verdict off the
/// scale. The colour follows the rating, so a new verdict takes the colour of its place.
pub(crate) fn verdict_colour(verdict: Verdict) -> &'static str {
    let r = review_rating(verdict);
    let Some(value) = r.value else {
        return "#5b5f66";
    };
    let span = r.best.saturating_sub(r.worst).max(1) as f64;
    let f = value.saturating_sub(r.worst) as f64 / span;
    if f >= 0.99 {
        "#1b6e36"
    } else if f >= 0.7 {
        "#3f6f12"
    } else if f >= 0.45 {
        "#855300"
    } else if f >= 0.2 {
        "#b03a06"
    } else {
        "#a3211b"
    }
}

/// A mark before the verdict's name, so the badge does not rest on colour alone.
fn verdict_mark(verdict: Verdict) -> &'static str {
    let r = review_rating(verdict);
    match r.value {
        None => "?",
        Some(v) if v == r.best => "✓",
        Some(v) if v == r.worst => "✗",
        Some(_) => "≈",
    }
}

fn badge(verdict: Verdict) -> String {
    format!(
        "<span class=\"badge\" style=\"background:{}\" data-mark=\"{}\">{}</span>",
        verdict_colour(verdict),
        verdict_mark(verdict),
        escape(&capitalised(verdict))
    )
}

/// JSON for a `<script>` element: `<`, `>` and `&` written as `\u003c`, `\u003e`, `\u0026`
/// (inside JSON strings, the only place they occur), so no text ends the script early.
pub(crate) fn script_json(value: &Value) -> Result<String> {
    let text = crate::output::to_json_pretty(value).map_err(|e| Error::Argument {
        context: "ClaimReview JSON-LD".into(),
        message: e.to_string(),
    })?;
    Ok(text
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026"))
}

/// The quote shortened to about `max` characters at a word boundary.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => &cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// The rows behind one input as a DataFrame: the data row, each key column (whole numbers as
/// integers), the value cell.
fn rows_frame(rows: &RowsUsed) -> Result<DataFrame> {
    let pairs: Vec<Vec<(&str, &str)>> = rows.keys.iter().map(|k| key_pairs(k)).collect();
    let mut names: Vec<&str> = Vec::new();
    for p in &pairs {
        for &(k, _) in p {
            if !names.contains(&k) {
                names.push(k);
            }
        }
    }
    let height = rows.rows.len();
    let mut columns = vec![Column::new(
        "row".into(),
        rows.rows.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
    )];
    for name in &names {
        if *name == rows.column {
            continue;
        }
        let cells: Vec<Option<&str>> = (0..height)
            .map(|i| {
                pairs
                    .get(i)
                    .and_then(|p| p.iter().find(|(k, _)| k == name))
                    .map(|(_, v)| *v)
                    .filter(|v| !v.is_empty())
            })
            .collect();
        let integers: Option<Vec<Option<i64>>> = cells
            .iter()
            .map(|c| match c {
                Some(text) => text.parse::<i64>().ok().map(Some),
                None => Some(None),
            })
            .collect();
        columns.push(match integers {
            Some(ints) if cells.iter().any(Option::is_some) => Column::new((*name).into(), ints),
            _ => Column::new(
                (*name).into(),
                cells
                    .iter()
                    .map(|c| c.map(str::to_string))
                    .collect::<Vec<_>>(),
            ),
        });
    }
    let values: Vec<Option<f64>> = (0..height)
        .map(|i| rows.values.get(i).copied().flatten())
        .collect();
    columns.push(Column::new(rows.column.as_str().into(), values));
    DataFrame::new(height, columns)
        .map_err(|e| Error::polars(format!("the rows of `{}`", rows.dataset), e))
}

/// One input's rows: a line saying which, the table, the sources the rows cite.
fn rows_html(measure: &MeasureCheck, input: &InputUsed) -> Result<String> {
    let r = &input.rows;
    let filter = if r.filter.is_empty() {
        "all rows".to_string()
    } else {
        r.filter.clone()
    };
    let name = if measure.inputs.len() == 1 && input.name == "value" {
        String::new()
    } else {
        format!("<code>{}</code> = ", escape(&input.name))
    };
    let value = match input.value {
        Some(v) if measure.inputs.len() > 1 => format!(
            " → {}",
            escape(&NumberFormat::figure().significant(4).format(v))
        ),
        _ => String::new(),
    };
    let mut html = format!(
        "<p class=\"small\">{name}<code>{}</code> where {} → {} of <code>{}</code>{}{value}</p>\n",
        escape(&r.dataset),
        escape(&filter),
        escape(&r.aggregate.to_string()),
        escape(&r.column),
        if r.scale == 1.0 {
            String::new()
        } else {
            format!(", × {}", escape(&crate::output::csv_number(r.scale)))
        },
    );
    if r.rows.is_empty() {
        html.push_str("<p class=\"small\">No row matches.</p>\n");
        return Ok(html);
    }
    let frame = rows_frame(r)?;
    let mut caption = format!("Rows of {} ({})", r.dataset, r.origin);
    if !r.row_sources.is_empty() {
        caption.push_str(&format!("; cited: {}", r.row_sources.join("; ")));
    }
    let table = HtmlTable::new(&frame)
        .max_rows(ROWS_SHOWN)
        .units_row()
        .caption(caption)
        .html();
    html.push_str(&table);
    html.push('\n');
    Ok(html)
}

fn measure_html(check: &ClaimCheck, index: usize, m: &MeasureCheck) -> Result<String> {
    let deciding = check.decided_by == Some(index);
    let unit = &check.claimed.unit;
    let mut html = format!(
        "<div class=\"measure{}\">\n<p><span class=\"tag\">{}</span><span class=\"tag\">{}</span>{}</p>\n<p class=\"def\">{}</p>\n",
        if deciding { " deciding" } else { "" },
        escape(&m.role.to_string()),
        escape(&m.closeness.to_string()),
        if deciding {
            "<span class=\"tag\">decided the verdict</span>"
        } else {
            ""
        },
        escape(&m.definition)
    );
    match m.measured {
        Some(x) => html.push_str(&format!(
            "<p>Measured <b>{} {}</b>; claimed − measured {}</p>\n",
            escape(&check.measured_text(x)),
            escape(unit),
            escape(&difference_text(check, m.difference, m.relative_difference))
        )),
        None => html.push_str(&format!(
            "<p>No figure.</p>\n<p class=\"small\">{}</p>\n",
            escape(m.unavailable.as_deref().unwrap_or("unavailable"))
        )),
    }
    if m.method != "selection" {
        html.push_str(&format!(
            "<p class=\"method\"><code>{}</code></p>\n",
            escape(&m.method)
        ));
    }
    if let Some(n) = &m.note {
        html.push_str(&format!("<p class=\"small\">{}</p>\n", escape(n)));
    }
    for input in &m.inputs {
        html.push_str(&rows_html(m, input)?);
    }
    if let Some(p) = &m.as_published {
        html.push_str(&format!(
            "<p class=\"as-published\"><span class=\"tag\">as published</span> on {}: {}</p>\n",
            escape(&p.rule),
            escape(&match p.measured {
                Some(x) => format!("{} {unit} ({})", check.measured_text(x), p.closeness),
                None => format!(
                    "no figure ({})",
                    p.unavailable.as_deref().unwrap_or("unavailable")
                ),
            })
        ));
        for input in &p.inputs {
            html.push_str(&rows_html(m, input)?);
        }
    }
    let sources = m.provenance.source_line();
    let rel = releases(m);
    html.push_str(&format!(
        "<p class=\"sources\">Sources: {}<br>Releases: {}</p>\n</div>\n",
        escape(if sources.is_empty() {
            MISSING
        } else {
            &sources
        }),
        escape(&if rel.is_empty() {
            MISSING.to_string()
        } else {
            rel.join("; ")
        })
    ));
    Ok(html)
}

impl Verdicts {
    /// The fact-check as one self-contained HTML page (inline CSS, nothing fetched, readable
    /// at a phone's width): the story's title, outlet, date and link; the count of each
    /// verdict and a list of the claims; then each claim's quote, verdict (a coloured badge
    /// with a mark and its name), the figure claimed and measured with the difference, the
    /// tolerance, every definition tried (role, how close, method, measured value or why
    /// there is none) with the rows behind it as a table, the sources with vintages and the
    /// releases of the rows, and its ClaimReview JSON-LD in a
    /// `<script type="application/ld+json">`. Every text from the claims file or the data is
    /// escaped; numbers are written with the claim's precision. The same verdicts and options
    /// give the same bytes. See [`crate::claims::publish`] for an example.
    pub fn to_html_page(&self, options: &PublishOptions) -> Result<String> {
        let story = &self.story;
        let date = options.date().format("%Y-%m-%d").to_string();
        let mut html = String::with_capacity(64 * 1024);
        html.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.push_str(&format!(
            "<title>Fact-check: {}</title>\n",
            escape(&story.title)
        ));
        html.push_str(&format!(
            "<meta name=\"generator\" content=\"tradedef {}\">\n",
            env!("CARGO_PKG_VERSION")
        ));
        html.push_str(&format!(
            "<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
        ));

        // the story
        html.push_str("<header>\n<p class=\"kicker\">Fact-check</p>\n");
        html.push_str(&format!("<h1>{}</h1>\n", escape(&story.title)));
        let mut about: Vec<String> = Vec::new();
        if let Some(o) = story.outlet.as_deref().filter(|o| !o.trim().is_empty()) {
            about.push(escape(o));
        }
        if let Some(p) = &story.published {
            about.push(format!("published {}", escape(p)));
        }
        if let Some(u) = &story.url {
            about.push(format!(
                "<a href=\"{}\" rel=\"nofollow noopener\">read the story</a>",
                escape(u)
            ));
        }
        if !about.is_empty() {
            html.push_str(&format!("<p class=\"story\">{}</p>\n", about.join(" · ")));
        }
        html.push_str(&format!(
            "<p class=\"byline\">Checked by {} on {}: each figure recomputed from the published data, with the rows and the release it comes from.</p>\n</header>\n",
            match options.publisher_address() {
                Some(u) => format!(
                    "<a href=\"{}\">{}</a>",
                    escape(u),
                    escape(options.publisher_name())
                ),
                None => escape(options.publisher_name()),
            },
            escape(&date)
        ));

        // the summary
        let n = self.checks.len();
        html.push_str(&format!(
            "<section class=\"summary\" aria-label=\"Summary\">\n<h2>{} claim{} checked</h2>\n<ul class=\"counts\">\n",
            n,
            if n == 1 { "" } else { "s" }
        ));
        for (verdict, count) in self.counts() {
            html.push_str(&format!("<li>{} <b>{count}</b></li>\n", badge(verdict)));
        }
        html.push_str("</ul>\n<ol class=\"toc\">\n");
        for c in &self.checks {
            let then = c
                .deciding_measure()
                .and_then(|m| m.as_published.as_ref())
                .and_then(|p| p.measured)
                .filter(|_| c.verdict == Verdict::AccurateAsPublished)
                .map(|x| format!(" · {} as published", c.measured_text(x)))
                .unwrap_or_default();
            let figures = match c.measured() {
                Some(x) => format!(
                    "claimed {}{then} · measured {} {}{}",
                    c.claimed_text(),
                    c.measured_text(x),
                    c.claimed.unit,
                    if then.is_empty() { "" } else { " now" }
                ),
                None => format!("claimed {} {}", c.claimed_text(), c.claimed.unit),
            };
            html.push_str(&format!(
                "<li>{} <a href=\"#{}\">“{}”</a><span class=\"fig\">{}</span></li>\n",
                badge(c.verdict),
                anchor(&c.id),
                escape(&shorten(&c.quote, 140)),
                escape(&figures)
            ));
        }
        html.push_str("</ol>\n</section>\n");

        // each claim
        for c in &self.checks {
            html.push_str(&self.claim_html(c, options)?);
        }

        html.push_str(&format!(
            "<footer>\n<p>Made with tradedef from the claims file <code>{}</code>. Each verdict is computed, never typed: the claimed figure is compared with every definition the data offer, under the tolerance shown; the rows behind each figure are listed with their release. Recheck with <code>tradedef check {}</code>.</p>\n</footer>\n</main>\n</body>\n</html>\n",
            escape(&self.file),
            escape(&self.file)
        ));
        Ok(html)
    }

    fn claim_html(&self, c: &ClaimCheck, options: &PublishOptions) -> Result<String> {
        let unit = &c.claimed.unit;
        let mut html = format!(
            "<article class=\"claim\" id=\"{}\">\n<h2>{} <span class=\"claim-id\">{}</span></h2>\n<blockquote>“{}”</blockquote>\n",
            anchor(&c.id),
            badge(c.verdict),
            escape(&c.id),
            escape(&c.quote)
        );
        let why = c.explanation();
        if !why.is_empty() {
            html.push_str(&format!("<p class=\"why\">{}</p>\n", escape(&why)));
        }
        let period = c
            .claimed
            .period
            .as_ref()
            .map(|p| format!(" <small>{}</small>", escape(p)))
            .unwrap_or_default();
        html.push_str("<dl class=\"figures\">\n");
        html.push_str(&format!(
            "<div><dt>Claimed</dt><dd>{} {}{period}</dd></div>\n",
            escape(&c.claimed_text()),
            escape(unit)
        ));
        let measured = match c.measured() {
            Some(x) => format!("{} {}", escape(&c.measured_text(x)), escape(unit)),
            None => MISSING.to_string(),
        };
        html.push_str(&format!(
            "<div><dt>Measured</dt><dd>{measured}</dd></div>\n"
        ));
        html.push_str(&format!(
            "<div><dt>Claimed − measured</dt><dd>{}</dd></div>\n",
            escape(&difference_text(c, c.difference(), c.relative_difference()))
        ));
        if !c.measures.is_empty() {
            html.push_str(&format!(
                "<div><dt>Tolerance</dt><dd><small>{}</small></dd></div>\n",
                escape(&tolerance_text(c))
            ));
        }
        html.push_str("</dl>\n");
        if c.verdict == Verdict::NotCheckable
            && let Some(r) = &c.reason
        {
            html.push_str(&format!(
                "<p class=\"why\">Not checkable: {}</p>\n",
                escape(r)
            ));
        }
        if !c.measures.is_empty() {
            html.push_str(&format!(
                "<h3>Definitions tried ({})</h3>\n",
                c.measures.len()
            ));
            for (i, m) in c.measures.iter().enumerate() {
                html.push_str(&measure_html(c, i, m)?);
            }
        }
        if let Some(n) = &c.notes {
            html.push_str(&format!(
                "<details><summary>How the claim was read</summary>\n<p class=\"small\">{}</p>\n</details>\n",
                escape(n)
            ));
        }
        html.push_str(&format!(
            "<details><summary>The review as published data</summary>\n<p class=\"small\">{}</p>\n</details>\n",
            escape(&review_body(c))
        ));
        html.push_str(&format!(
            "<script type=\"application/ld+json\">\n{}\n</script>\n</article>\n",
            script_json(&self.claim_review(c, options))?
        ));
        Ok(html)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::Ledger;
    use crate::claims::report::sentence;

    fn options() -> PublishOptions {
        PublishOptions::new()
            .review_date_text("2026-08-01")
            .unwrap()
    }

    #[test]
    fn the_page_of_each_story_in_data() {
        for name in ["japan-dilemma-2025", "world-milex-2024"] {
            let verdicts = Ledger::embedded(name).unwrap().check().unwrap();
            let html = verdicts.to_html_page(&options()).unwrap();
            assert!(html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>\n"));
            // self-contained: nothing fetched
            for external in ["<link", "src=", "@import", "url("] {
                assert!(!html.contains(external), "{name}: {external}");
            }
            assert_eq!(
                html.matches("<script type=\"application/ld+json\">")
                    .count(),
                verdicts.checks.len()
            );
            assert_eq!(
                html.matches("<article class=\"claim\"").count(),
                verdicts.checks.len()
            );
            for c in &verdicts.checks {
                assert!(html.contains(&format!("id=\"{}\"", anchor(&c.id))));
                assert!(html.contains(&escape(&capitalised(c.verdict))));
                for m in &c.measures {
                    assert!(html.contains(&escape(&m.definition)), "{}", m.definition);
                }
            }
            // the counts
            for (v, n) in verdicts.counts() {
                assert!(html.contains(&format!("{}</span> <b>{n}</b>", escape(&capitalised(v)))));
            }
            // no binary noise: no run of 9s or 0s from arithmetic in any figure
            for noise in ["99999", "00000000"] {
                assert!(!html.contains(noise), "{name}: {noise}");
            }
            // every JSON-LD block parses
            for block in html.split("<script type=\"application/ld+json\">").skip(1) {
                let json = block.split("</script>").next().unwrap();
                let v: Value = serde_json::from_str(json).unwrap();
                assert_eq!(v["@context"], "https://schema.org");
            }
            assert_eq!(html, verdicts.to_html_page(&options()).unwrap());
        }
    }

    #[test]
    fn everything_from_the_file_is_escaped() {
        let text = r#"
[story]
id = "hostile"
title = "Deficits <b>&</b> \"tariffs\""
outlet = "<script>alert(1)</script>"
url = "https://example.org/?a=1&b=\"2\""

[[claims]]
id = "x<y>"
quote = "it fell </script><script>alert(2)</script> & more"
claimed = { value = 68, unit = "USD <billions>", period = "2022 & 2023" }
notes = "<i>read as</i>"

[[claims.measures]]
definition = "goods <deficit> & more"
dataset = "us_japan_goods_trade"
filter = { flow = "balance", year = 2022 }
vintage = "census-country-xlsx-2023-01"
empty = ["month"]
scale = -0.001
note = "a & b < c"
"#;
        let verdicts = Ledger::from_toml_str(text, "hostile.toml")
            .unwrap()
            .check()
            .unwrap();
        let html = verdicts.to_html_page(&options()).unwrap();
        for raw in [
            "<b>&</b>",
            "<script>alert",
            "</script><script>",
            "<deficit>",
            "<billions>",
            "<i>read",
            "a & b",
            "x<y>",
        ] {
            assert!(!html.contains(raw), "{raw} unescaped");
        }
        assert!(html.contains("Deficits &lt;b&gt;&amp;&lt;/b&gt; &quot;tariffs&quot;"));
        assert!(html.contains("href=\"https://example.org/?a=1&amp;b=&quot;2&quot;\""));
        assert!(html.contains("id=\"claim-x-y-\""));
        // the only script elements are the JSON-LD, and each one's text never closes it early
        assert_eq!(html.matches("<script").count(), 1);
        assert_eq!(html.matches("</script>").count(), 1);
        let block = html
            .split("<script type=\"application/ld+json\">")
            .nth(1)
            .unwrap()
            .split("</script>")
            .next()
            .unwrap();
        let v: Value = serde_json::from_str(block).unwrap();
        assert!(v["claimReviewed"].as_str().unwrap().contains("</script>"));
    }

    #[test]
    fn colours_marks_and_shortening() {
        assert_ne!(
            verdict_colour(Verdict::Accurate),
            verdict_colour(Verdict::Inaccurate)
        );
        assert_eq!(verdict_colour(Verdict::NotCheckable), "#5b5f66");
        assert_eq!(verdict_mark(Verdict::Accurate), "✓");
        assert_eq!(verdict_mark(Verdict::Inaccurate), "✗");
        assert_eq!(verdict_mark(Verdict::RoughlyRight), "≈");
        assert_eq!(shorten("a short quote", 140), "a short quote");
        assert_eq!(shorten("one two three four five", 12), "one two…");
        assert_eq!(sentence("The data give 1"), "The data give 1.");
    }
}
