//! schema.org ClaimReview JSON-LD: one review per claim, the form fact-checkers and search
//! engines use (<https://schema.org/ClaimReview>).

use serde_json::{Map, Value, json};

use super::{PublishOptions, releases};
use crate::claims::report::sentence;
use crate::claims::{ClaimCheck, Verdict, Verdicts};
use crate::output::{NumberFormat, decimals_of, percent_change, to_json_pretty};
use crate::{Error, Location, Result};

/// A verdict as a schema.org `Rating`: its place on the numeric scale (none for "not
/// checkable"), the scale's ends, and the verdict's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewRating {
    /// `ratingValue`: the verdict's place, from `worst` to `best`; `None` for a verdict off the
    /// scale ("not checkable").
    pub value: Option<usize>,
    /// `bestRating`: the number of verdicts on the scale.
    pub best: usize,
    /// `worstRating`: 1.
    pub worst: usize,
    /// `alternateName`: the verdict's name, e.g. "roughly right".
    pub name: &'static str,
}

/// The rating of a verdict: [`Verdict::ALL`] without "not checkable" is the scale, the best
/// first, so the best verdict rates the scale's length and the worst rates 1; "not checkable"
/// carries its name only. A verdict added to the scale takes its place in it.
///
/// ```
/// use tradedef::claims::{review_rating, Verdict};
/// let best = review_rating(Verdict::Accurate);
/// assert_eq!((best.value, best.best, best.worst), (Some(best.best), best.best, 1));
/// assert_eq!(review_rating(Verdict::Inaccurate).value, Some(1));
/// assert_eq!(review_rating(Verdict::NotCheckable).value, None);
/// assert_eq!(review_rating(Verdict::RoughlyRight).name, "roughly right");
/// ```
pub fn review_rating(verdict: Verdict) -> ReviewRating {
    let scale: Vec<Verdict> = Verdict::ALL
        .into_iter()
        .filter(|v| *v != Verdict::NotCheckable)
        .collect();
    let best = scale.len();
    ReviewRating {
        value: scale.iter().position(|v| *v == verdict).map(|i| best - i),
        best,
        worst: 1,
        name: verdict.name(),
    }
}

/// A verdict's name with a capital: "Roughly right".
pub(crate) fn capitalised(verdict: Verdict) -> String {
    let name = verdict.name();
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// claimed − measured, signed, in the claim's precision, with the relative difference:
/// `+0.0 (+0.0%)`.
pub(crate) fn difference_text(check: &ClaimCheck, abs: Option<f64>, rel: Option<f64>) -> String {
    match abs {
        Some(a) => {
            let claimed = check.claimed.value;
            let format = if a.fract() == 0.0 && decimals_of(claimed) == 0 {
                NumberFormat::claim(claimed)
            } else {
                NumberFormat::against(claimed)
            };
            let a = format.signed().format(a);
            match rel {
                Some(_) => format!("{a} ({})", percent_change(rel)),
                None => a,
            }
        }
        None => crate::output::MISSING.to_string(),
    }
}

/// The tolerance as a reader reads it, without binary noise: "accurate within 2%, roughly
/// right within 10%" or "accurate within ±2.5, roughly right within ±5".
pub(crate) fn tolerance_text(check: &ClaimCheck) -> String {
    use crate::claims::ToleranceKind;
    let t = &check.tolerance;
    let n = |x: f64| NumberFormat::figure().format(x);
    match t.kind {
        ToleranceKind::Relative => format!(
            "accurate within {}%, roughly right within {}%",
            n(t.accurate * 100.0),
            n(t.roughly_right * 100.0)
        ),
        ToleranceKind::Absolute => format!(
            "accurate within ±{} {unit}, roughly right within ±{} {unit}",
            n(t.accurate),
            n(t.roughly_right),
            unit = check.claimed.unit
        ),
    }
}

/// The review's text: the claim, what was measured under which definition, the difference,
/// the tolerance, the sources with their vintages and the releases of the rows.
pub(crate) fn review_body(check: &ClaimCheck) -> String {
    let unit = &check.claimed.unit;
    let period = check
        .claimed
        .period
        .as_ref()
        .map(|p| format!(" ({p})"))
        .unwrap_or_default();
    let mut parts = vec![
        capitalised(check.verdict),
        format!("Claimed: {} {unit}{period}", check.claimed_text()),
    ];
    match check.deciding_measure() {
        Some(m) => {
            let which = if check.decided_by.is_some() {
                format!("the {} definition, which decided the verdict", m.role)
            } else {
                format!("the {} definition", m.role)
            };
            match m.measured {
                Some(x) => parts.push(format!(
                    "Measured: {} {unit} under \"{}\" ({which}); claimed − measured: {}",
                    check.measured_text(x),
                    m.definition,
                    difference_text(check, m.difference, m.relative_difference)
                )),
                None => parts.push(format!(
                    "No figure under \"{}\" ({which}): {}",
                    m.definition,
                    m.unavailable.as_deref().unwrap_or("unavailable")
                )),
            }
            if let Some(p) = &m.as_published {
                parts.push(match p.measured {
                    Some(x) => format!(
                        "As published ({}): {} {unit}",
                        p.rule,
                        check.measured_text(x)
                    ),
                    None => format!(
                        "As published ({}): no figure ({})",
                        p.rule,
                        p.unavailable.as_deref().unwrap_or("unavailable")
                    ),
                });
            }
            if check.decided_by.is_none() && check.verdict == Verdict::Inaccurate {
                parts.push("No definition the data offer comes close".to_string());
            }
            parts.push(format!("Tolerance: {}", tolerance_text(check)));
            let sources = m.provenance.source_line();
            if !sources.is_empty() {
                parts.push(format!("Sources: {sources}"));
            }
            let rel = releases(m);
            if !rel.is_empty() {
                parts.push(format!("Releases: {}", rel.join("; ")));
            }
        }
        None => {
            if let Some(r) = &check.reason {
                parts.push(r.clone());
            }
        }
    }
    if check.verdict == Verdict::NotCheckable
        && check.deciding_measure().is_some()
        && let Some(r) = &check.reason
    {
        parts.push(format!("Not checkable: {r}"));
    }
    parts
        .iter()
        .map(|p| sentence(p))
        .collect::<Vec<_>>()
        .join(" ")
}

fn organization(name: &str, url: Option<&str>) -> Value {
    let mut o = Map::new();
    o.insert("@type".into(), json!("Organization"));
    o.insert("name".into(), json!(name));
    if let Some(u) = url {
        o.insert("url".into(), json!(u));
    }
    Value::Object(o)
}

impl Verdicts {
    /// The schema.org `ClaimReview` of one claim, without `@context` (a node of
    /// [`Verdicts::to_claim_review`]'s `@graph`): `claimReviewed` (the quote), `itemReviewed` (a
    /// `Claim` that appeared in the story, a `NewsArticle`, with its outlet as `author` and its
    /// date), `reviewRating` ([`review_rating`]), `author` (the publisher), `datePublished`,
    /// `url` (when the page's address is set) and `reviewBody` (the figure measured, its
    /// definition, the sources with vintages and the releases).
    pub fn claim_review_node(&self, check: &ClaimCheck, options: &PublishOptions) -> Value {
        let story = &self.story;
        let outlet = story.outlet.as_deref().filter(|o| !o.trim().is_empty());
        let mut article = Map::new();
        article.insert("@type".into(), json!("NewsArticle"));
        article.insert("headline".into(), json!(story.title));
        if let Some(u) = &story.url {
            article.insert("url".into(), json!(u));
        }
        if let Some(d) = &story.published {
            article.insert("datePublished".into(), json!(d));
        }
        if let Some(o) = outlet {
            article.insert("publisher".into(), organization(o, None));
        }
        let mut claim = Map::new();
        claim.insert("@type".into(), json!("Claim"));
        claim.insert("appearance".into(), Value::Object(article));
        if let Some(o) = outlet {
            claim.insert("author".into(), organization(o, None));
        }
        if let Some(d) = &story.published {
            claim.insert("datePublished".into(), json!(d));
        }
        let r = review_rating(check.verdict);
        let mut rating = Map::new();
        rating.insert("@type".into(), json!("Rating"));
        rating.insert("alternateName".into(), json!(r.name));
        if let Some(v) = r.value {
            rating.insert("ratingValue".into(), json!(v));
            rating.insert("bestRating".into(), json!(r.best));
            rating.insert("worstRating".into(), json!(r.worst));
        }
        let mut review = Map::new();
        review.insert("@type".into(), json!("ClaimReview"));
        review.insert("claimReviewed".into(), json!(check.quote));
        review.insert("itemReviewed".into(), Value::Object(claim));
        review.insert("reviewRating".into(), Value::Object(rating));
        review.insert(
            "author".into(),
            organization(options.publisher_name(), options.publisher_address()),
        );
        review.insert(
            "datePublished".into(),
            json!(options.date().format("%Y-%m-%d").to_string()),
        );
        if let Some(u) = options.claim_url(&check.id) {
            review.insert("url".into(), json!(u));
        }
        review.insert("reviewBody".into(), json!(review_body(check)));
        review.insert("identifier".into(), json!(check.id));
        Value::Object(review)
    }

    /// One claim's `ClaimReview` with its `@context`, as a page embeds it in a
    /// `<script type="application/ld+json">`.
    pub fn claim_review(&self, check: &ClaimCheck, options: &PublishOptions) -> Value {
        let mut node = self.claim_review_node(check, options);
        if let Value::Object(m) = &mut node {
            m.insert("@context".into(), json!("https://schema.org"));
        }
        node
    }

    /// Every claim's schema.org `ClaimReview`, in file order, as one JSON-LD document:
    /// `{"@context": "https://schema.org", "@graph": [...]}`. See [`crate::claims::publish`]
    /// for an example.
    pub fn to_claim_review(&self, options: &PublishOptions) -> Value {
        json!({
            "@context": "https://schema.org",
            "@graph": self
                .checks
                .iter()
                .map(|c| self.claim_review_node(c, options))
                .collect::<Vec<_>>(),
        })
    }

    /// [`Verdicts::to_claim_review`] as pretty JSON (the `claim-review.jsonld` file).
    pub fn to_claim_review_json(&self, options: &PublishOptions) -> Result<String> {
        to_json_pretty(&self.to_claim_review(options)).map_err(|e| {
            Error::invalid(
                Location::file(&self.file),
                format!("cannot write the ClaimReview JSON-LD: {e}"),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    //! The generated JSON-LD checked against schema.org's own definitions (release 30.0, an
    //! extract in `tests/fixtures/schemaorg-claimreview.json`; see the README there).

    use std::collections::{BTreeMap, BTreeSet};

    use super::*;
    use crate::claims::Ledger;

    /// The schema.org vocabulary of the fixture: each class's parents, each property's
    /// domains and ranges.
    struct Vocabulary {
        parents: BTreeMap<String, Vec<String>>,
        domains: BTreeMap<String, Vec<String>>,
        ranges: BTreeMap<String, Vec<String>>,
        superseded: BTreeSet<String>,
    }

    fn ids(v: Option<&Value>) -> Vec<String> {
        let one = |x: &Value| {
            x["@id"]
                .as_str()
                .map(|s| s.trim_start_matches("schema:").to_string())
        };
        match v {
            Some(Value::Array(a)) => a.iter().filter_map(one).collect(),
            Some(x) => one(x).into_iter().collect(),
            None => Vec::new(),
        }
    }

    fn vocabulary() -> Vocabulary {
        let text = include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/schemaorg-claimreview.json"
        ));
        let doc: Value = serde_json::from_str(text).unwrap();
        let mut v = Vocabulary {
            parents: BTreeMap::new(),
            domains: BTreeMap::new(),
            ranges: BTreeMap::new(),
            superseded: BTreeSet::new(),
        };
        for node in doc["@graph"].as_array().unwrap() {
            let id = node["@id"]
                .as_str()
                .unwrap()
                .trim_start_matches("schema:")
                .to_string();
            let types: Vec<&str> = match &node["@type"] {
                Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                x => x.as_str().into_iter().collect(),
            };
            if types.contains(&"rdf:Property") {
                v.domains
                    .insert(id.clone(), ids(node.get("schema:domainIncludes")));
                v.ranges
                    .insert(id.clone(), ids(node.get("schema:rangeIncludes")));
                if node.get("schema:supersededBy").is_some() {
                    v.superseded.insert(id);
                }
            } else {
                v.parents.insert(id, ids(node.get("rdfs:subClassOf")));
            }
        }
        v
    }

    impl Vocabulary {
        /// The class and every class above it.
        fn ancestors(&self, class: &str) -> BTreeSet<String> {
            let mut seen = BTreeSet::new();
            let mut todo = vec![class.to_string()];
            while let Some(c) = todo.pop() {
                if seen.insert(c.clone())
                    && let Some(ps) = self.parents.get(&c)
                {
                    todo.extend(ps.iter().cloned());
                }
            }
            seen
        }

        fn is_a(&self, class: &str, wanted: &str) -> bool {
            self.ancestors(class).contains(wanted)
        }

        /// Whether a literal fits one of the range types.
        fn literal_fits(&self, value: &Value, ranges: &[String]) -> bool {
            let fits = |range: &str| match value {
                Value::String(s) => match range {
                    "Text" => true,
                    "URL" => s.starts_with("https://") || s.starts_with("http://"),
                    "Date" => is_iso_date(s),
                    "DateTime" => is_iso_date(s.split('T').next().unwrap_or("")),
                    _ => false,
                },
                Value::Number(n) => match range {
                    "Number" => true,
                    "Integer" => n.is_i64() || n.is_u64(),
                    "Float" => n.is_f64(),
                    _ => false,
                },
                Value::Bool(_) => range == "Boolean",
                _ => false,
            };
            // a range type fits through its subtypes too (URL is Text, Integer is a Number)
            self.parents
                .keys()
                .filter(|t| ranges.iter().any(|r| self.is_a(t, r)))
                .any(|t| fits(t.as_str()))
        }

        /// Every problem of a node: unknown type, a property its type does not have, a value
        /// out of the property's range. `path` names where the node is.
        fn check(&self, node: &Value, path: &str, problems: &mut Vec<String>) {
            let Some(object) = node.as_object() else {
                problems.push(format!("{path}: not an object"));
                return;
            };
            let Some(ty) = object.get("@type").and_then(Value::as_str) else {
                problems.push(format!("{path}: no @type"));
                return;
            };
            if !self.parents.contains_key(ty) {
                problems.push(format!("{path}: type `{ty}` is not in the vocabulary"));
                return;
            }
            let classes = self.ancestors(ty);
            for (key, value) in object {
                if key.starts_with('@') {
                    continue;
                }
                let at = format!("{path}.{key}");
                let Some(domains) = self.domains.get(key) else {
                    problems.push(format!("{at}: `{key}` is not a schema.org property"));
                    continue;
                };
                if !domains.iter().any(|d| classes.contains(d)) {
                    problems.push(format!(
                        "{at}: `{key}` is a property of {}, not of {ty}",
                        domains.join(", ")
                    ));
                }
                if self.superseded.contains(key) {
                    problems.push(format!("{at}: `{key}` is superseded"));
                }
                let ranges = &self.ranges[key];
                let values = match value {
                    Value::Array(a) => a.iter().collect(),
                    v => vec![v],
                };
                for v in values {
                    match v {
                        Value::Object(o) => {
                            let t = o.get("@type").and_then(Value::as_str).unwrap_or("");
                            if !ranges.iter().any(|r| self.is_a(t, r)) {
                                problems.push(format!(
                                    "{at}: a {t} where the range is {}",
                                    ranges.join(", ")
                                ));
                            }
                            self.check(v, &at, problems);
                        }
                        literal if !self.literal_fits(literal, ranges) => problems
                            .push(format!("{at}: {literal} is none of {}", ranges.join(", "))),
                        _ => {}
                    }
                }
            }
        }

        fn problems(&self, review: &Value) -> Vec<String> {
            let mut problems = Vec::new();
            self.check(review, "ClaimReview", &mut problems);
            problems
        }
    }

    fn is_iso_date(s: &str) -> bool {
        let parts: Vec<&str> = s.split('-').collect();
        let digits = |p: &str, n: usize| p.len() == n && p.chars().all(|c| c.is_ascii_digit());
        match parts.as_slice() {
            [y] => digits(y, 4),
            [y, m] => digits(y, 4) && digits(m, 2),
            [y, m, d] => digits(y, 4) && digits(m, 2) && digits(d, 2),
            _ => false,
        }
    }

    fn options() -> PublishOptions {
        PublishOptions::new()
            .publisher("The Desk")
            .publisher_url("https://desk.example.org")
            .unwrap()
            .review_url("https://desk.example.org/checks/story")
            .unwrap()
            .review_date_text("2026-08-01")
            .unwrap()
    }

    #[test]
    fn every_review_of_the_stories_in_data_is_valid_schema_org() {
        let vocabulary = vocabulary();
        for name in ["japan-dilemma-2025", "world-milex-2024"] {
            let verdicts = Ledger::embedded(name).unwrap().check().unwrap();
            let doc = verdicts.to_claim_review(&options());
            assert_eq!(doc["@context"], "https://schema.org");
            let graph = doc["@graph"].as_array().unwrap();
            assert_eq!(graph.len(), verdicts.checks.len());
            for (review, check) in graph.iter().zip(&verdicts.checks) {
                let problems = vocabulary.problems(review);
                assert!(problems.is_empty(), "{name}/{}: {problems:#?}", check.id);
                assert_eq!(review["@type"], "ClaimReview");
                assert_eq!(review["claimReviewed"], check.quote.as_str());
                assert_eq!(review["itemReviewed"]["@type"], "Claim");
                assert_eq!(
                    review["itemReviewed"]["appearance"]["headline"],
                    verdicts.story.title.as_str()
                );
                assert_eq!(
                    review["reviewRating"]["alternateName"],
                    check.verdict.name()
                );
                assert_eq!(review["author"]["name"], "The Desk");
                assert_eq!(review["datePublished"], "2026-08-01");
                let body = review["reviewBody"].as_str().unwrap();
                assert!(body.starts_with(&capitalised(check.verdict)), "{body}");
                assert!(
                    !body.contains("999999") && !body.contains("000000"),
                    "{body}"
                );
            }
        }
    }

    #[test]
    fn the_outlet_the_url_and_the_ratings() {
        let verdicts = Ledger::embedded("world-milex-2024")
            .unwrap()
            .check()
            .unwrap();
        let doc = verdicts.to_claim_review(&options());
        let first = &doc["@graph"][0];
        let claim = &first["itemReviewed"];
        assert_eq!(claim["author"]["@type"], "Organization");
        assert_eq!(claim["author"]["name"], "Africanews");
        assert_eq!(claim["datePublished"], "2025-04-28");
        assert_eq!(
            claim["appearance"]["url"],
            verdicts.story.url.as_deref().unwrap()
        );
        assert_eq!(
            first["url"],
            format!(
                "https://desk.example.org/checks/story#claim-{}",
                verdicts.checks[0].id
            )
        );
        for (review, check) in doc["@graph"]
            .as_array()
            .unwrap()
            .iter()
            .zip(&verdicts.checks)
        {
            let rating = &review["reviewRating"];
            match review_rating(check.verdict).value {
                Some(v) => {
                    assert_eq!(rating["ratingValue"], v);
                    assert_eq!(rating["bestRating"], Verdict::ALL.len() - 1);
                    assert_eq!(rating["worstRating"], 1);
                }
                None => assert!(rating.get("ratingValue").is_none()),
            }
        }
        // the ratings run from the best verdict down, one apart
        let values: Vec<usize> = Verdict::ALL
            .into_iter()
            .filter_map(|v| review_rating(v).value)
            .collect();
        assert_eq!(values.first(), Some(&(Verdict::ALL.len() - 1)));
        assert!(values.windows(2).all(|w| w[0] == w[1] + 1) && values.last() == Some(&1));
        // the same bytes for the same input and options
        assert_eq!(
            verdicts.to_claim_review_json(&options()).unwrap(),
            verdicts.to_claim_review_json(&options()).unwrap()
        );
    }

    #[test]
    fn the_validator_catches_misspelled_properties_wrong_types_and_ranges() {
        let vocabulary = vocabulary();
        let verdicts = Ledger::embedded("japan-dilemma-2025")
            .unwrap()
            .check()
            .unwrap();
        let good = verdicts.claim_review_node(&verdicts.checks[0], &options());
        assert!(vocabulary.problems(&good).is_empty());
        let broken = |f: &dyn Fn(&mut Value)| {
            let mut v = good.clone();
            f(&mut v);
            vocabulary.problems(&v)
        };
        // a misspelled property
        let p = broken(&|v| {
            let body = v["reviewBody"].take();
            v.as_object_mut().unwrap().remove("reviewBody");
            v["reviewbody"] = body;
        });
        assert!(p.iter().any(|p| p.contains("`reviewbody` is not")), "{p:?}");
        // misspelled inside a nested node
        let p = broken(&|v| v["reviewRating"]["ratingValu"] = json!(3));
        assert!(p.iter().any(|p| p.contains("ratingValu")), "{p:?}");
        // a property of another type: claimReviewed is ClaimReview's, not Claim's
        let p = broken(&|v| v["itemReviewed"]["claimReviewed"] = json!("x"));
        assert!(p.iter().any(|p| p.contains("not of Claim")), "{p:?}");
        // a value outside the range: a date that is not one, a Claim where a Rating goes, a
        // number where only nodes go
        let p = broken(&|v| v["datePublished"] = json!("August 2026"));
        assert!(p.iter().any(|p| p.contains("datePublished")), "{p:?}");
        let p = broken(&|v| v["reviewRating"] = json!({"@type": "Claim", "author": null}));
        assert!(p.iter().any(|p| p.contains("a Claim where")), "{p:?}");
        let p = broken(&|v| v["itemReviewed"]["appearance"] = json!(5));
        assert!(
            p.iter().any(|p| p.contains("appearance: 5 is none of")),
            "{p:?}"
        );
        // a Rating is a Thing, and itemReviewed takes any Thing
        let p = broken(&|v| v["itemReviewed"] = json!({"@type": "Rating", "ratingValue": 1}));
        assert!(p.is_empty(), "{p:?}");
        let p = broken(&|v| v["author"] = json!({"@type": "Organisation", "name": "x"}));
        assert!(p.iter().any(|p| p.contains("Organisation")), "{p:?}");
        let p = broken(&|v| v["url"] = json!("not a url"));
        assert!(p.iter().any(|p| p.contains(".url")), "{p:?}");
    }
}
