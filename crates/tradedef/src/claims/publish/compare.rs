//! What changed since an earlier check: the verdicts and the measured figures, with the
//! dataset releases used before and after (`tradedef check FILE --against PREVIOUS.json`).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{releases, releases_of};
use crate::claims::{ClaimCheck, Verdict, Verdicts};
use crate::data::Provenance;
use crate::output::{CsvText, MISSING, NumberFormat, to_json_pretty};
use crate::{Error, Location, Result};

/// The verdicts of an earlier check, as its JSON output ([`Verdicts::to_json`], `tradedef
/// check --format json`) records them: what [`Verdicts::compare`] compares with. Only the
/// fields a comparison needs are read, so the JSON of an older or newer tradedef reads too.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordedVerdicts {
    /// The claims file the earlier check read.
    pub file: String,
    /// Where the record was read from (the JSON file, or `(this check)`).
    pub origin: String,
    /// One record per claim, in file order.
    pub claims: Vec<RecordedClaim>,
}

/// One claim of an earlier check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordedClaim {
    /// The claim's id.
    pub id: String,
    /// The sentence as quoted.
    pub quote: String,
    /// The verdict's name, e.g. "roughly right".
    pub verdict: String,
    /// The claimed figure.
    pub claimed: f64,
    /// The claim's unit.
    pub unit: String,
    /// The index of the measure that decided the verdict, if one matched.
    pub decided_by: Option<usize>,
    /// Every definition measured.
    pub measures: Vec<RecordedMeasure>,
}

/// One definition measured in an earlier check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordedMeasure {
    /// The definition, as labelled in the claims file.
    pub definition: String,
    /// Headline, alternative or earlier.
    pub role: String,
    /// The measured value, if the data held it.
    pub measured: Option<f64>,
    /// Why there was no measured value.
    pub unavailable: Option<String>,
    /// The dataset releases of its rows, e.g. `us_japan_goods_trade: census-country-xlsx-2023-01`.
    pub releases: Vec<String>,
}

// The parts of `Verdicts`' JSON a comparison reads.
#[derive(Deserialize)]
struct JsonVerdicts {
    file: String,
    checks: Vec<JsonCheck>,
}

#[derive(Deserialize)]
struct JsonCheck {
    id: String,
    #[serde(default)]
    quote: String,
    verdict: String,
    claimed: JsonClaimed,
    #[serde(default)]
    decided_by: Option<usize>,
    #[serde(default)]
    measures: Vec<JsonMeasure>,
}

#[derive(Deserialize)]
struct JsonClaimed {
    value: f64,
    #[serde(default)]
    unit: String,
}

#[derive(Deserialize)]
struct JsonMeasure {
    definition: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    measured: Option<f64>,
    #[serde(default)]
    unavailable: Option<String>,
    #[serde(default)]
    inputs: Vec<JsonInput>,
    #[serde(default)]
    provenance: Provenance,
}

#[derive(Deserialize)]
struct JsonInput {
    rows: JsonRows,
}

#[derive(Deserialize)]
struct JsonRows {
    dataset: String,
    #[serde(default)]
    keys: Vec<String>,
    #[serde(default)]
    row_sources: Vec<String>,
}

/// A verdict's name from its JSON form (`roughly_right` → "roughly right"); a name this
/// version does not know is kept as written.
fn verdict_name(text: &str) -> String {
    Verdict::from_name(text)
        .map(|v| v.name().to_string())
        .unwrap_or_else(|_| text.replace('_', " "))
}

impl RecordedVerdicts {
    /// Reads the JSON output of an earlier check; `origin` names it in errors and in the list
    /// of changes. An error says which field is missing or malformed.
    ///
    /// ```
    /// use tradedef::claims::RecordedVerdicts;
    /// let e = RecordedVerdicts::from_json("{\"checks\": []}", "old.json").unwrap_err();
    /// assert!(e.to_string().contains("old.json") && e.to_string().contains("file"));
    /// ```
    pub fn from_json(text: &str, origin: &str) -> Result<Self> {
        let parsed: JsonVerdicts = serde_json::from_str(text).map_err(|e| {
            Error::invalid(
                Location::file(origin),
                format!(
                    "not the JSON of `tradedef check --format json` (line {}, column {}): {e}",
                    e.line(),
                    e.column()
                ),
            )
        })?;
        Ok(RecordedVerdicts {
            file: parsed.file,
            origin: origin.to_string(),
            claims: parsed
                .checks
                .into_iter()
                .map(|c| RecordedClaim {
                    id: c.id,
                    quote: c.quote,
                    verdict: verdict_name(&c.verdict),
                    claimed: c.claimed.value,
                    unit: c.claimed.unit,
                    decided_by: c.decided_by,
                    measures: c
                        .measures
                        .into_iter()
                        .map(|m| RecordedMeasure {
                            releases: releases_of(
                                m.inputs.iter().map(|i| {
                                    (
                                        i.rows.dataset.as_str(),
                                        i.rows.keys.as_slice(),
                                        i.rows.row_sources.as_slice(),
                                    )
                                }),
                                &m.provenance,
                            ),
                            definition: m.definition,
                            role: m.role.replace('_', " "),
                            measured: m.measured,
                            unavailable: m.unavailable,
                        })
                        .collect(),
                })
                .collect(),
        })
    }

    /// The record of a check made in this process.
    pub fn from_verdicts(verdicts: &Verdicts) -> Self {
        RecordedVerdicts {
            file: verdicts.file.clone(),
            origin: "(this check)".to_string(),
            claims: verdicts.checks.iter().map(record).collect(),
        }
    }
}

/// The record of one claim checked in this process.
fn record(c: &ClaimCheck) -> RecordedClaim {
    RecordedClaim {
        id: c.id.clone(),
        quote: c.quote.clone(),
        verdict: c.verdict.name().to_string(),
        claimed: c.claimed.value,
        unit: c.claimed.unit.clone(),
        decided_by: c.decided_by,
        measures: c
            .measures
            .iter()
            .map(|m| RecordedMeasure {
                definition: m.definition.clone(),
                role: m.role.to_string(),
                measured: m.measured,
                unavailable: m.unavailable.clone(),
                releases: releases(m),
            })
            .collect(),
    }
}

impl RecordedClaim {
    /// The measure that decided the verdict, or else the first headline one (as
    /// [`crate::claims::ClaimCheck::deciding_measure`]).
    fn deciding(&self) -> Option<&RecordedMeasure> {
        self.decided_by
            .and_then(|i| self.measures.get(i))
            .or_else(|| self.measures.iter().find(|m| m.role == "headline"))
    }
}

/// A claim whose verdict changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerdictChange {
    /// The claim's id.
    pub claim: String,
    /// The sentence as quoted now.
    pub quote: String,
    /// The verdict before.
    pub before: String,
    /// The verdict now.
    pub after: String,
    /// The claim's unit.
    pub unit: String,
    /// The claimed figure now (it sets the precision the figures are written with).
    pub claimed: f64,
    /// The figure shown with the verdict before (of the deciding or headline measure).
    pub measured_before: Option<f64>,
    /// The figure shown with the verdict now.
    pub measured_after: Option<f64>,
    /// The releases of that figure's rows before.
    pub releases_before: Vec<String>,
    /// The releases of that figure's rows now.
    pub releases_after: Vec<String>,
}

/// A measured figure that changed (or appeared, or disappeared) under one definition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureChange {
    /// The claim's id.
    pub claim: String,
    /// The definition now (paired with the earlier one of the same text, or else at the same
    /// place in the claim).
    pub definition: String,
    /// The earlier definition, when its text differs.
    pub definition_before: Option<String>,
    /// Headline, alternative or earlier.
    pub role: String,
    /// The claim's unit.
    pub unit: String,
    /// The claimed figure now (it sets the precision the figures are written with).
    pub claimed: f64,
    /// The figure before (`None`: the data did not hold it).
    pub before: Option<f64>,
    /// The figure now.
    pub after: Option<f64>,
    /// Why there is no figure now, when there is none.
    pub unavailable: Option<String>,
    /// The releases of its rows before.
    pub releases_before: Vec<String>,
    /// The releases of its rows now.
    pub releases_after: Vec<String>,
}

/// What changed between an earlier check and this one: see [`Verdicts::compare`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Changes {
    /// Where the earlier check was read from.
    pub previous: String,
    /// The claims file checked now.
    pub file: String,
    /// The claims whose verdict changed, in file order.
    pub verdicts: Vec<VerdictChange>,
    /// The measured figures that changed, in file order.
    pub figures: Vec<FigureChange>,
    /// Claims checked now but not before.
    pub added: Vec<String>,
    /// Claims checked before but not now.
    pub removed: Vec<String>,
}

/// Whether two measured figures differ by more than arithmetic's noise.
fn differ(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() > 1e-9 * a.abs().max(b.abs()).max(1.0),
        (None, None) => false,
        _ => true,
    }
}

impl Verdicts {
    /// What changed since an earlier check of the same claims: each claim whose verdict
    /// changed (with the figure shown before and now, and the releases of its rows), each
    /// definition whose measured figure changed (paired by its text, or else by its place in
    /// the claim), and the claims added or removed. Figures equal to 1 part in 10⁹ are the
    /// same figure.
    ///
    /// ```
    /// use tradedef::prelude::*;
    /// use tradedef::claims::RecordedVerdicts;
    /// let text = |vintage: &str| format!(r#"
    /// [story]
    /// id = "demo"
    /// title = "A demo story"
    ///
    /// [[claims]]
    /// id = "deficit-2022"
    /// quote = "a $68 billion goods deficit with Japan in 2022"
    /// claimed = {{ value = 68, unit = "USD billions", period = "2022" }}
    /// tolerance = {{ kind = "absolute", accurate = 0.1, roughly_right = 0.5 }}
    ///
    /// [[claims.measures]]
    /// definition = "goods, Census basis, calendar 2022"
    /// dataset = "us_japan_goods_trade"
    /// filter = {{ flow = "balance", year = 2022 }}
    /// vintage = "{vintage}"
    /// empty = ["month"]
    /// scale = -0.001
    /// "#);
    /// let check = |v: &str| Ledger::from_toml_str(&text(v), "demo.toml")?.check();
    /// let before = check("census-country-xlsx-2023-01")?;
    /// let after = check("census-country-xlsx-2025-02")?;
    /// let previous = RecordedVerdicts::from_json(&before.to_json()?, "before.json")?;
    /// let changes = after.compare(&previous);
    /// assert_eq!(changes.verdicts[0].before, "accurate");
    /// assert_eq!(changes.verdicts[0].after, "roughly right");
    /// let text = changes.to_string();
    /// assert!(text.contains("68.0 → 67.8 USD billions"), "{text}");
    /// assert!(text.contains("census-country-xlsx-2023-01") && text.contains("census-country-xlsx-2025-02"));
    /// # Ok::<(), tradedef::Error>(())
    /// ```
    pub fn compare(&self, previous: &RecordedVerdicts) -> Changes {
        let mut changes = Changes {
            previous: previous.origin.clone(),
            file: self.file.clone(),
            verdicts: Vec::new(),
            figures: Vec::new(),
            added: Vec::new(),
            removed: previous
                .claims
                .iter()
                .filter(|p| !self.checks.iter().any(|c| c.id == p.id))
                .map(|p| p.id.clone())
                .collect(),
        };
        for check in &self.checks {
            let Some(before) = previous.claims.iter().find(|p| p.id == check.id) else {
                changes.added.push(check.id.clone());
                continue;
            };
            let now = &record(check);
            if before.verdict != now.verdict {
                let (b, a) = (before.deciding(), now.deciding());
                changes.verdicts.push(VerdictChange {
                    claim: check.id.clone(),
                    quote: check.quote.clone(),
                    before: before.verdict.clone(),
                    after: now.verdict.clone(),
                    unit: check.claimed.unit.clone(),
                    claimed: check.claimed.value,
                    measured_before: b.and_then(|m| m.measured),
                    measured_after: a.and_then(|m| m.measured),
                    releases_before: b.map(|m| m.releases.clone()).unwrap_or_default(),
                    releases_after: a.map(|m| m.releases.clone()).unwrap_or_default(),
                });
            }
            let mut paired = vec![false; before.measures.len()];
            for (i, m) in now.measures.iter().enumerate() {
                let earlier = before
                    .measures
                    .iter()
                    .position(|b| b.definition == m.definition)
                    .or_else(|| (i < before.measures.len() && !paired[i]).then_some(i));
                let Some(j) = earlier.filter(|&j| !paired[j]) else {
                    continue;
                };
                paired[j] = true;
                let b = &before.measures[j];
                if differ(b.measured, m.measured) {
                    changes.figures.push(FigureChange {
                        claim: check.id.clone(),
                        definition: m.definition.clone(),
                        definition_before: (b.definition != m.definition)
                            .then(|| b.definition.clone()),
                        role: m.role.clone(),
                        unit: check.claimed.unit.clone(),
                        claimed: check.claimed.value,
                        before: b.measured,
                        after: m.measured,
                        unavailable: m.unavailable.clone(),
                        releases_before: b.releases.clone(),
                        releases_after: m.releases.clone(),
                    });
                }
            }
        }
        changes
    }
}

fn figure(claimed: f64, x: Option<f64>) -> String {
    NumberFormat::against(claimed).format_opt(x)
}

fn releases_text(r: &[String]) -> String {
    if r.is_empty() {
        MISSING.to_string()
    } else {
        r.join("; ")
    }
}

impl Changes {
    /// Whether nothing changed: no verdict, no measured figure, no claim added or removed.
    pub fn is_empty(&self) -> bool {
        self.verdicts.is_empty()
            && self.figures.is_empty()
            && self.added.is_empty()
            && self.removed.is_empty()
    }

    /// Everything, as pretty JSON (floats without binary noise).
    pub fn to_json(&self) -> Result<String> {
        to_json_pretty(self).map_err(|e| {
            Error::invalid(
                Location::file(&self.file),
                format!("cannot write the changes as JSON: {e}"),
            )
        })
    }

    /// One row per change: kind (`verdict`, `figure`, `added`, `removed`), claim, definition,
    /// verdict_before, verdict_after, before, after, unit, releases_before, releases_after;
    /// figures rounded to 6 significant digits.
    pub fn to_csv(&self) -> String {
        use crate::output::{csv_number, round_significant};
        let n = |x: Option<f64>| {
            x.map(|v| csv_number(round_significant(v, 6)))
                .unwrap_or_default()
        };
        let mut w = CsvText::new([
            "kind",
            "claim",
            "definition",
            "verdict_before",
            "verdict_after",
            "before",
            "after",
            "unit",
            "releases_before",
            "releases_after",
        ]);
        for v in &self.verdicts {
            w.record([
                "verdict".to_string(),
                v.claim.clone(),
                String::new(),
                v.before.clone(),
                v.after.clone(),
                n(v.measured_before),
                n(v.measured_after),
                v.unit.clone(),
                v.releases_before.join("; "),
                v.releases_after.join("; "),
            ]);
        }
        for f in &self.figures {
            w.record([
                "figure".to_string(),
                f.claim.clone(),
                f.definition.clone(),
                String::new(),
                String::new(),
                n(f.before),
                n(f.after),
                f.unit.clone(),
                f.releases_before.join("; "),
                f.releases_after.join("; "),
            ]);
        }
        for (kind, ids) in [("added", &self.added), ("removed", &self.removed)] {
            for id in ids {
                w.record([kind, id.as_str(), "", "", "", "", "", "", "", ""]);
            }
        }
        w.finish()
    }
}

impl fmt::Display for Changes {
    /// The verdicts that changed, then the figures, each with the releases before and after.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Changes since {} ({})", self.previous, self.file)?;
        if self.is_empty() {
            return writeln!(f, "No verdict and no measured figure changed.");
        }
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        writeln!(
            f,
            "{} changed, {} changed.",
            plural(self.verdicts.len(), "verdict"),
            plural(self.figures.len(), "measured figure")
        )?;
        if !self.verdicts.is_empty() {
            writeln!(f, "\nVerdicts changed:")?;
            for v in &self.verdicts {
                writeln!(f, "  {}: {} → {}", v.claim, v.before, v.after)?;
                writeln!(f, "    \"{}\"", v.quote)?;
                writeln!(
                    f,
                    "    measured {} → {} {}",
                    figure(v.claimed, v.measured_before),
                    figure(v.claimed, v.measured_after),
                    v.unit
                )?;
                writeln!(
                    f,
                    "    releases before: {}",
                    releases_text(&v.releases_before)
                )?;
                writeln!(
                    f,
                    "    releases now:    {}",
                    releases_text(&v.releases_after)
                )?;
            }
        }
        if !self.figures.is_empty() {
            writeln!(f, "\nMeasured figures changed:")?;
            for c in &self.figures {
                writeln!(f, "  {} — {} [{}]", c.claim, c.definition, c.role)?;
                if let Some(d) = &c.definition_before {
                    writeln!(f, "    (before: {d})")?;
                }
                let change = match (c.before, c.after) {
                    (Some(b), Some(a)) => format!(
                        " ({})",
                        NumberFormat::against(c.claimed).signed().format(a - b)
                    ),
                    _ => String::new(),
                };
                writeln!(
                    f,
                    "    {} → {} {}{change}",
                    figure(c.claimed, c.before),
                    figure(c.claimed, c.after),
                    c.unit
                )?;
                if let (None, Some(u)) = (c.after, &c.unavailable) {
                    writeln!(f, "    unavailable now: {u}")?;
                }
                writeln!(
                    f,
                    "    releases before: {}",
                    releases_text(&c.releases_before)
                )?;
                writeln!(
                    f,
                    "    releases now:    {}",
                    releases_text(&c.releases_after)
                )?;
            }
        }
        for (what, ids) in [("added", &self.added), ("removed", &self.removed)] {
            if !ids.is_empty() {
                writeln!(f, "\nClaims {what}: {}", ids.join(", "))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::Ledger;

    /// A claim on the 2022 US goods deficit with Japan, pinned to one release of country.xlsx:
    /// -68,012.7 million in March 2023, -67,777.3 million in April 2025 (after the June 2023
    /// and 2024 annual revisions).
    fn pinned(vintage: &str) -> Verdicts {
        let text = format!(
            r#"
[story]
id = "revision"
title = "A story on the 2022 deficit"
outlet = "Desk"
published = "2023-03-10"

[[claims]]
id = "deficit-2022"
quote = "the US ran a $68 billion goods deficit with Japan in 2022"
claimed = {{ value = 68, unit = "USD billions", period = "2022" }}
tolerance = {{ kind = "absolute", accurate = 0.1, roughly_right = 0.5 }}

[[claims.measures]]
definition = "goods, Census basis, calendar 2022"
dataset = "us_japan_goods_trade"
filter = {{ flow = "balance", year = 2022 }}
vintage = "{vintage}"
empty = ["month"]
scale = -0.001

[[claims]]
id = "deficit-2021"
quote = "and $60 billion in 2021"
claimed = {{ value = 60, unit = "USD billions", period = "2021" }}

[[claims.measures]]
definition = "goods, Census basis, calendar 2021"
dataset = "us_japan_goods_trade"
filter = {{ flow = "balance", year = 2021 }}
vintage = "{vintage}"
empty = ["month"]
scale = -0.001
"#
        );
        Ledger::from_toml_str(&text, "revision.toml")
            .unwrap()
            .check()
            .unwrap()
    }

    #[test]
    fn a_revised_release_changes_the_verdict_and_the_figure() {
        let before = pinned("census-country-xlsx-2023-01");
        let after = pinned("census-country-xlsx-2025-02");
        // the verdicts.json of the first check, read back
        let json = before.to_json().unwrap();
        let previous = RecordedVerdicts::from_json(&json, "before/verdicts.json").unwrap();
        let recorded = RecordedVerdicts::from_verdicts(&before);
        assert_eq!(previous.claims.len(), recorded.claims.len());
        for (p, r) in previous.claims.iter().zip(&recorded.claims) {
            assert_eq!(
                (&p.id, &p.verdict, p.decided_by),
                (&r.id, &r.verdict, r.decided_by)
            );
            assert_eq!(p.measures[0].releases, r.measures[0].releases);
            assert_eq!(p.measures[0].role, "headline");
        }
        let changes = after.compare(&previous);
        assert_eq!(changes.verdicts.len(), 1, "{changes}");
        let v = &changes.verdicts[0];
        assert_eq!(v.claim, "deficit-2022");
        assert_eq!(
            (v.before.as_str(), v.after.as_str()),
            ("accurate", "roughly right")
        );
        assert!((v.measured_before.unwrap() - 68.0127).abs() < 1e-9);
        assert!((v.measured_after.unwrap() - 67.7773).abs() < 1e-9);
        assert_eq!(
            v.releases_before,
            ["us_japan_goods_trade: census-country-xlsx-2023-01"]
        );
        assert_eq!(
            v.releases_after,
            ["us_japan_goods_trade: census-country-xlsx-2025-02"]
        );
        // both years' figures were revised
        let claims: Vec<&str> = changes.figures.iter().map(|f| f.claim.as_str()).collect();
        assert_eq!(claims, ["deficit-2022", "deficit-2021"], "{changes}");
        assert!(changes.added.is_empty() && changes.removed.is_empty());

        let text = changes.to_string();
        for wanted in [
            "1 verdict changed, 2 measured figures changed.",
            "deficit-2022: accurate → roughly right",
            "measured 68.0 → 67.8 USD billions",
            "68.0 → 67.8 USD billions (-0.2)",
            "releases before: us_japan_goods_trade: census-country-xlsx-2023-01",
            "releases now:    us_japan_goods_trade: census-country-xlsx-2025-02",
        ] {
            assert!(text.contains(wanted), "{wanted:?} not in\n{text}");
        }
        let json: serde_json::Value = serde_json::from_str(&changes.to_json().unwrap()).unwrap();
        assert_eq!(json["verdicts"][0]["before"], "accurate");
        assert_eq!(json["verdicts"][0]["measured_after"], 67.7773);
        assert_eq!(json["figures"][0]["before"], 68.0127);
        let csv = changes.to_csv();
        assert!(csv.contains("verdict,deficit-2022,,accurate,roughly right,68.0127,67.7773,"));
        // nothing changed against itself
        let same = after.compare(&RecordedVerdicts::from_verdicts(&after));
        assert!(same.is_empty());
        assert!(
            same.to_string()
                .contains("No verdict and no measured figure changed.")
        );
    }

    #[test]
    fn claims_added_removed_and_bad_json() {
        let before = pinned("census-country-xlsx-2023-01");
        let mut record = RecordedVerdicts::from_verdicts(&before);
        record.claims[1].id = "gone".into();
        let changes = before.compare(&record);
        assert_eq!(changes.added, ["deficit-2021"]);
        assert_eq!(changes.removed, ["gone"]);
        assert!(changes.to_string().contains("Claims removed: gone"));
        let e = RecordedVerdicts::from_json("[1, 2]", "x.json").unwrap_err();
        assert!(e.to_string().starts_with("x.json: not the JSON of"), "{e}");
        // a verdict this version does not know is kept as written
        assert_eq!(
            verdict_name("accurate_as_published"),
            "accurate as published"
        );
        assert_eq!(verdict_name("roughly_right"), "roughly right");
    }
}
