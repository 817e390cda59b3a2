//! Rich display of [`Verdicts`] in the evcxr Jupyter kernel: an HTML table (one row per claim,
//! the verdict highlighted, the definitions, rows and sources folded under each claim) with
//! the plain-text table as fallback.

use super::{NotebookDisplay, escape, mime_block};
use crate::claims::{Verdict, Verdicts};

fn colour(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Accurate => "#1b7837",
        Verdict::RoughlyRight => "#5aae61",
        Verdict::AccurateAsPublished => "#35978f",
        Verdict::RightNumberWrongDefinition => "#b35806",
        Verdict::Outdated => "#8c6d31",
        Verdict::Inaccurate => "#b2182b",
        Verdict::NotCheckable => "#636363",
    }
}

fn number(x: Option<f64>) -> String {
    crate::output::NumberFormat::figure().format_opt(x)
}

impl Verdicts {
    /// The verdicts as an HTML table, for notebooks and reports.
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// let verdicts = Ledger::embedded("japan-dilemma-2025")?.check()?;
    /// let html = verdicts.to_html();
    /// assert!(html.starts_with("<div") && html.contains("us-global-deficit-2024"));
    /// assert!(verdicts.display_text().starts_with("EVCXR_BEGIN_CONTENT text/html\n"));
    /// # Ok::<(), tradedef::Error>(())
    /// ```
    pub fn to_html(&self) -> String {
        let mut out = String::from("<div class=\"tradedef-claims\">\n");
        out.push_str(&format!(
            "<p><strong>Claims check: {}</strong> <small>({})</small></p>\n",
            escape(&self.story.title),
            escape(&self.file)
        ));
        out.push_str(
            "<table>\n<thead><tr><th>claim</th><th>claimed</th><th>measured</th><th>difference</th><th>verdict</th><th>definition and rows</th></tr></thead>\n<tbody>\n",
        );
        for c in &self.checks {
            let difference = match (c.difference(), c.relative_difference()) {
                (Some(d), Some(r)) => format!(
                    "{} ({})",
                    number(Some(d)),
                    crate::output::percent_change(Some(r))
                ),
                (Some(d), None) => number(Some(d)),
                _ => "—".into(),
            };
            let mut details = String::new();
            for m in &c.measures {
                details.push_str(&format!(
                    "<li><em>{}</em> [{}]: {} — {}<br><small>{}<br>Source: {}</small></li>",
                    escape(&m.definition),
                    m.role,
                    number(m.measured),
                    m.closeness,
                    escape(&m.rows_text()),
                    escape(&m.provenance.source_line())
                ));
            }
            out.push_str(&format!(
                "<tr><td><code>{}</code><br><small>“{}”</small></td><td style=\"text-align:right\">{} {}</td><td style=\"text-align:right\">{}</td><td style=\"text-align:right\">{}</td><td><strong style=\"color:{}\">{}</strong></td><td>{}<details><summary>{}</summary><ul>{}</ul>{}</details></td></tr>\n",
                escape(&c.id),
                escape(&c.quote),
                number(Some(c.claimed.value)),
                escape(&c.claimed.unit),
                number(c.measured()),
                difference,
                colour(c.verdict),
                c.verdict,
                escape(c.definition().unwrap_or("—")),
                escape(&c.explanation()),
                details,
                c.notes.as_deref().map(|n| format!("<p><small>{}</small></p>", escape(n))).unwrap_or_default()
            ));
        }
        out.push_str("</tbody>\n</table>\n</div>\n");
        out
    }
}

impl NotebookDisplay for Verdicts {
    fn display_text(&self) -> String {
        mime_block("text/html", &self.to_html()) + &mime_block("text/plain", &self.to_string())
    }
}
