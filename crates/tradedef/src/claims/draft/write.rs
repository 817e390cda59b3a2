//! Writes a [`Draft`] as a claims file (TOML) for a person to review.

use std::fmt::Write as _;

use super::{Draft, DraftClaim};

/// A TOML basic string.
pub(super) fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A number as a person writes it: `68`, `1.21`, `0.001`.
pub(super) fn number(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        "0".into()
    }
}

fn value(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => string(s),
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => number(*f),
        toml::Value::Boolean(b) => b.to_string(),
        other => other.to_string(),
    }
}

fn args(a: &[(String, toml::Value)]) -> String {
    let inner: Vec<String> = a
        .iter()
        .map(|(k, v)| format!("{k} = {}", value(v)))
        .collect();
    format!("{{ {} }}", inner.join(", "))
}

/// Text on comment lines: one line, no longer than the file's other comments need.
fn comment(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(super) fn to_toml(d: &Draft) -> String {
    let mut o = String::new();
    let placed = d.placed();
    let found = d.found();
    let from = d
        .source
        .as_deref()
        .map(|s| format!(" from {s}"))
        .unwrap_or_default();
    let _ = writeln!(
        o,
        "# DRAFT claims file, written by `tradedef claims draft`{from}: review every claim before use."
    );
    let _ = writeln!(o, "#");
    let _ = writeln!(
        o,
        "# Figures found: {found}; placed with a proposed analysis: {placed}; to fill in: {}.",
        found - placed
    );
    let _ = writeln!(
        o,
        "# Years, dates and periods ({} recognised) are the context of the figures, not claims.",
        d.periods.len()
    );
    for n in &d.notes {
        let _ = writeln!(o, "# Note: {}", comment(n));
    }
    o.push_str(
        "# Each claim quotes its whole sentence (shorten it to the words that make the claim) and has
# a comment naming the words that suggested its partner, topic and period: check them, fix the
# arguments, add other definitions as `role = \"alternative\"` measures, and set a tolerance from
# the figure's precision. Claims marked TODO could not be placed: give them a measure (then
# remove `verdict` and `reason`) or a reason why they cannot be checked. Bounds (\"more than\")
# and directions (\"rose\") are in `claimed`: check them against the words.
#
# Check with:     tradedef check FILE
# Coverage with:  tradedef check FILE --coverage STORY.txt
",
    );
    let s = &d.story;
    let _ = writeln!(o, "\n[story]");
    let _ = writeln!(o, "id = {}", string(&s.id));
    let _ = writeln!(o, "title = {}", string(&s.title));
    if let Some(x) = &s.outlet {
        let _ = writeln!(o, "outlet = {}", string(x));
    }
    if let Some(x) = &s.published {
        let _ = writeln!(o, "published = {}", string(x));
    }
    if let Some(x) = &s.url {
        let _ = writeln!(o, "url = {}", string(x));
    }
    let _ = writeln!(
        o,
        "notes = {}",
        string("Drafted from the story's text by `tradedef claims draft`; not yet reviewed.")
    );
    for (n, c) in d.claims.iter().enumerate() {
        claim(&mut o, n + 1, c);
    }
    o
}

fn claim(o: &mut String, n: usize, c: &DraftClaim) {
    let f = &c.figure;
    let p = &c.proposal;
    let title = format!("# --- {n}. \"{}\" ({}) ", comment(&f.text), f.kind.name());
    let _ = writeln!(
        o,
        "\n{title}{}",
        "-".repeat(99usize.saturating_sub(title.chars().count()))
    );
    match &p.analysis {
        Some(a) => {
            let _ = writeln!(o, "# proposed: {a}: {}", comment(&p.definition));
        }
        None => {
            let _ = writeln!(
                o,
                "# TODO: not placed: {}",
                comment(p.todo.as_deref().unwrap_or("no analysis fits"))
            );
        }
    }
    for w in &p.why {
        let _ = writeln!(o, "#   {}", comment(w));
    }
    if let Some(since) = f.since {
        let _ = writeln!(o, "#   since: {since}");
    }
    let _ = writeln!(o, "[[claims]]");
    let _ = writeln!(o, "id = {}", string(&c.id));
    let _ = writeln!(o, "quote = {}", string(&c.quote));
    let _ = writeln!(o, "{}", claimed_line(c));
    match &p.analysis {
        Some(a) => {
            let _ = writeln!(o, "\n[[claims.measures]]");
            let _ = writeln!(
                o,
                "definition = {}",
                string(&format!("proposed: {}", p.definition))
            );
            let _ = writeln!(o, "analysis = {}", string(a));
            let _ = writeln!(o, "args = {}", args(&p.args));
            if let Some(scale) = p.scale {
                let _ = writeln!(o, "scale = {}", number(scale));
            }
        }
        None => {
            let _ = writeln!(o, "verdict = \"not checkable\"");
            let _ = writeln!(
                o,
                "reason = {}",
                string("drafted: no analysis proposed yet — fill in")
            );
            let _ = writeln!(
                o,
                "# TODO: choose an analysis (see `tradedef::analysis::figures::analyses`), then remove `verdict` and `reason`:"
            );
            let _ = writeln!(o, "# [[claims.measures]]");
            let _ = writeln!(o, "# definition = \"…\"");
            let _ = writeln!(o, "# analysis = \"…\"");
            let _ = writeln!(o, "# args = {{ … }}");
        }
    }
}

/// The `claimed = { … }` line of a drafted claim: value, unit, period, bound and direction.
fn claimed_line(c: &DraftClaim) -> String {
    let claimed = &c.claimed;
    let mut fields = vec![
        format!("value = {}", number(claimed.value)),
        format!("unit = {}", string(&claimed.unit)),
    ];
    if let Some(period) = &claimed.period {
        fields.push(format!("period = {}", string(period)));
    }
    if let Some(b) = claimed.bound {
        fields.push(format!("bound = {}", string(b.name())));
    }
    if let Some(d) = claimed.direction {
        fields.push(format!("direction = {}", string(d.name())));
    }
    format!("claimed = {{ {} }}", fields.join(", "))
}
