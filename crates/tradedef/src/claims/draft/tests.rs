//! Tests of the drafter on sentences written for them, and on the seed story when it is present.

use super::*;
use crate::claims::Ledger;

fn proposal(text: &str, figure: &str) -> Proposal {
    let d = Drafter::new()
        .published("2025-03-01")
        .map(|d| d.draft(text));
    let d = d.unwrap();
    d.claims()
        .iter()
        .find(|c| c.figure.text == figure)
        .unwrap_or_else(|| panic!("no figure {figure:?} in {d}"))
        .proposal
        .clone()
}

fn arg(p: &Proposal, k: &str) -> Option<String> {
    p.args.iter().find(|(n, _)| n == k).map(|(_, v)| match v {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}

#[test]
fn trade_figures_get_partner_flow_and_period() {
    let text = "The US goods deficit with South Korea widened to $66 billion in 2024. Exports to China fell 9% from 2023. Imports from the European Union rose by $20 billion. The U.S. global trade gap hit $1.2 trillion.";
    let p = proposal(text, "$66 billion");
    assert_eq!(p.analysis.as_deref(), Some("trade_value"));
    assert_eq!(arg(&p, "partner").as_deref(), Some("South Korea"));
    assert_eq!(arg(&p, "flow").as_deref(), Some("deficit"));
    assert_eq!(arg(&p, "year").as_deref(), Some("2024"));
    let p = proposal(text, "9%");
    assert_eq!(p.analysis.as_deref(), Some("trade_growth"));
    assert_eq!(
        (
            arg(&p, "partner"),
            arg(&p, "flow"),
            arg(&p, "from"),
            arg(&p, "to")
        ),
        (
            Some("China".into()),
            Some("exports".into()),
            Some("2023".into()),
            Some("2024".into())
        )
    );
    let p = proposal(text, "$20 billion");
    assert_eq!(p.analysis.as_deref(), Some("trade_change"));
    assert_eq!(arg(&p, "partner").as_deref(), Some("European Union"));
    assert_eq!(arg(&p, "flow").as_deref(), Some("imports"));
    let p = proposal(text, "$1.2 trillion");
    assert_eq!(arg(&p, "partner").as_deref(), Some("World"));
    assert_eq!(p.scale, Some(0.001));
}

#[test]
fn military_figures_go_to_sipri_analyses() {
    let text = "Poland's defence spending rose 31% to $38 billion in 2024, or 4.2% of GDP. Washington accounts for 37 percent of worldwide spending on the military. Germany became the fourth-largest military spender. Mexico's military budget was a record.";
    let p = proposal(text, "31%");
    assert_eq!(p.analysis.as_deref(), Some("milex_growth"));
    assert_eq!(arg(&p, "country").as_deref(), Some("Poland"));
    assert_eq!(
        proposal(text, "$38 billion").analysis.as_deref(),
        Some("milex")
    );
    let p = proposal(text, "4.2%");
    assert_eq!(p.analysis.as_deref(), Some("milex_share_of_gdp"));
    let p = proposal(text, "37 percent");
    assert_eq!(p.analysis.as_deref(), Some("milex_share_of_world"));
    assert_eq!(arg(&p, "country").as_deref(), Some("United States"));
    let p = proposal(text, "fourth-largest");
    assert_eq!(p.analysis.as_deref(), Some("milex_rank"));
    assert_eq!(arg(&p, "country").as_deref(), Some("Germany"));
    let p = proposal(text, "record");
    assert_eq!(p.analysis.as_deref(), Some("milex_record"));
}

#[test]
fn each_figure_kind_is_found_with_bounds_and_directions() {
    let d = draft(
        "Exports climbed more than 12% to nearly $80 billion. About 50,000 U.S. troops stay. A third of the deficit came from cars; imports doubled. It was the second-biggest buyer and sold twice as much.",
    );
    let got: Vec<(FigureKind, Option<Bound>, Option<Direction>)> = d
        .figures()
        .iter()
        .map(|f| (f.kind, f.bound, f.direction))
        .collect();
    use Bound::*;
    use Direction::*;
    use FigureKind::*;
    assert_eq!(
        got,
        [
            (Percent, Some(MoreThan), Some(Rise)),
            (Money, Some(Nearly), Some(Rise)),
            (Count, Some(About), None),
            (Fraction, None, None),
            (Multiple, None, Some(Rise)),
            (Rank, None, None),
            (Ratio, None, None),
        ]
    );
}

#[test]
fn figures_that_cannot_be_placed_are_claims_to_fill_in() {
    let d = draft(
        "The minister's approval fell to 28%. NATO members spent $1.5 trillion. Japan hosts 54,000 troops.",
    );
    assert_eq!(d.found(), 3);
    assert_eq!(d.placed(), 0, "{d}");
    let toml = d.to_toml();
    assert_eq!(
        toml.matches("verdict = \"not checkable\"").count(),
        3,
        "{toml}"
    );
    assert_eq!(toml.matches("# TODO: choose an analysis").count(), 3);
    assert!(toml.contains("NATO: not a partner"), "{toml}");
    assert!(toml.contains("us_troops_by_country"), "{toml}");
    let ledger = Ledger::from_toml_str(&toml, "draft.toml").unwrap();
    assert_eq!(ledger.file().claims.len(), 3);
}

#[test]
fn the_draft_names_its_counts_and_the_words_behind_each_proposal() {
    let d = Drafter::new()
        .id("demo")
        .title("A demo")
        .url("https://example.org/demo")
        .published("2025-02")
        .unwrap()
        .draft("The deficit with Canada shrank by about 5% last year.");
    let toml = d.to_toml();
    assert!(toml.starts_with("# DRAFT claims file"), "{toml}");
    assert!(
        toml.contains("# Figures found: 1; placed with a proposed analysis: 1; to fill in: 0.")
    );
    assert!(toml.contains("\"Canada\" in the clause"), "{toml}");
    assert!(
        toml.contains("bound = \"about\", direction = \"fall\" }"),
        "{toml}"
    );
    assert!(toml.contains("period = \"2023 to 2024\""), "{toml}");
    let file = Ledger::from_toml_str(&toml, "d.toml").unwrap();
    assert_eq!(file.file().story.published.as_deref(), Some("2025-02"));
    let claimed = &file.file().claims[0].claimed;
    assert_eq!(claimed.value, 5.0);
    assert_eq!(claimed.bound, Some(crate::claims::Bound::About));
    assert_eq!(claimed.direction, Some(crate::claims::Direction::Fall));
}

#[test]
fn quotes_are_whole_sentences() {
    let d =
        draft("The U.S. deficit was $9.3 billion. Mr. Lee said it cost $1.2bn. Then it fell 3%.");
    let quotes: Vec<&str> = d.claims().iter().map(|c| c.quote.as_str()).collect();
    assert_eq!(
        quotes,
        [
            "The U.S. deficit was $9.3 billion.",
            "Mr. Lee said it cost $1.2bn.",
            "Then it fell 3%."
        ]
    );
}

/// The figures a claims file quotes: each claim's value, found in a sentence of the story that
/// holds the quote (a figure is its value, in its unit or scaled by a thousand, a million, a
/// billion, or a rank's 1).
fn claims_found(story: &str, claims_file: &str) -> (usize, usize, Vec<String>) {
    let file = crate::claims::ClaimsFile::parse(claims_file, "claims.toml").unwrap();
    let d = draft(story);
    let fold = |s: &str| {
        s.replace(['’', '‘'], "'")
            .replace(['“', '”'], "\"")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut found = 0;
    let mut missed = Vec::new();
    for c in &file.claims {
        let quote = fold(&c.quote);
        let v = c.claimed.value;
        let hit = d.claims().iter().any(|dc| {
            let same_value = [1.0, 1e3, 1e6, 1e9]
                .iter()
                .any(|k| (dc.figure.value - v * k).abs() < 1e-6 * (v * k).abs().max(1.0))
                || (c.claimed.unit == "year"
                    && d.periods().iter().any(|p| p.contains(&format!("{v}"))));
            fold(&dc.quote).contains(&quote) && same_value
        }) || (c.claimed.unit == "year"
            && d.periods().iter().any(|p| p == &format!("{v}"))
            && d.sentences().iter().any(|s| fold(s).contains(&quote)));
        if hit {
            found += 1;
        } else {
            missed.push(c.id.clone());
        }
    }
    (found, file.claims.len(), missed)
}

#[test]
fn the_seed_story_has_at_least_nine_in_ten_of_its_claims_figures_found() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seed/article.txt");
    let Ok(story) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} is not here", path.display());
        return;
    };
    let claims = include_str!("../../../../../data/claims/japan-dilemma-2025.toml");
    let (found, expected, missed) = claims_found(&story, claims);
    assert!(
        found * 10 >= expected * 9,
        "found {found} of {expected}; missed {missed:?}"
    );
    let d = draft(&story);
    Ledger::from_toml_str(&d.to_toml(), "draft.toml").unwrap();
}

#[test]
fn comparatives_asides_sets_and_lists_are_read_as_reporters_mean_them() {
    // "a negative balance" is a deficit; "N% more than … in YEAR" is a growth from that year.
    let text = "The negative balance with Canada was $60 billion last year, 8.5% more than the negative balance in 2022.";
    let p = proposal(text, "$60 billion");
    assert_eq!(arg(&p, "flow").as_deref(), Some("deficit"));
    let p = proposal(text, "8.5%");
    assert_eq!(p.analysis.as_deref(), Some("trade_growth"));
    assert_eq!(
        (arg(&p, "from"), arg(&p, "to")),
        (Some("2022".into()), Some("2024".into()))
    );
    // "including Poland" is an aside: the subject is the region before it.
    let text = "Military spending in Europe, including Poland, rose by 12% in 2024.";
    let p = proposal(text, "12%");
    assert_eq!(arg(&p, "country").as_deref(), Some("Europe"));
    // "in the world" is the set a rank is taken in; "in Western Europe" a region no analysis ranks.
    let text = "France's military spending made it the biggest spender in Western Europe and the seventh-biggest in the world in 2024.";
    let p = proposal(text, "seventh-biggest");
    assert_eq!(p.analysis.as_deref(), Some("milex_rank"));
    assert_eq!(arg(&p, "country").as_deref(), Some("France"));
    let p = proposal(text, "biggest");
    assert_eq!(p.analysis, None);
    assert!(
        p.todo.as_deref().unwrap_or("").contains("a rank within"),
        "{p:?}"
    );
    // Several countries named together: their sum, not the last one's figure.
    let text = "Canada, Italy, Spain and Belgium together accounted for 7% of world military spending in 2024.";
    let p = proposal(text, "7%");
    assert_eq!(p.analysis, None);
    assert!(
        p.todo.as_deref().unwrap_or("").contains("named together"),
        "{p:?}"
    );
    // The United States ranked among the world's traders is not a US partner's rank.
    let text = "The United States remained the largest importer of goods in 2024.";
    let p = proposal(text, "largest");
    assert_eq!(p.analysis, None);
}

#[test]
fn tariffs_and_a_categorys_share_are_proposed_for_any_partner() {
    let text = "A 25% levy on South Korean cars would cost $9 billion a year, based on 2024 imports. Automobiles made up 40% of the US goods deficit with South Korea in 2024.";
    let p = proposal(text, "$9 billion");
    assert_eq!(p.analysis.as_deref(), Some("tariff_cost"));
    assert_eq!(arg(&p, "partner").as_deref(), Some("South Korea"));
    assert_eq!(arg(&p, "rate_pct").as_deref(), Some("25.0"));
    let p = proposal(text, "40%");
    assert_eq!(p.analysis.as_deref(), Some("category_share_of_deficit"));
    assert_eq!(arg(&p, "partner").as_deref(), Some("South Korea"));
    assert_eq!(arg(&p, "category").as_deref(), Some("3"));
    // a defence budget: the partner's own series where a dataset holds one, SIPRI elsewhere
    let p = proposal("South Korea's defence budget rose 3% in 2025.", "3%");
    assert_eq!(p.analysis.as_deref(), Some("milex_growth"));
    let p = proposal("Japan's defence budget rose 9.4% in 2025.", "9.4%");
    assert_eq!(p.analysis.as_deref(), Some("defence_budget_growth"));
    assert_eq!(arg(&p, "partner").as_deref(), Some("Japan"));
}
