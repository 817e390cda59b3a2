//! Places each figure: the partner or country it is about, the flow or measure the words name,
//! the period, and from these the analysis and arguments of [`super::analyses::TABLE`]. What
//! cannot be placed gets the reason, for the person who fills it in.

use super::analyses::{Domain, Shape, proposal};
use super::figures::{Found, Period, Relative, Role};
use super::mentions::{Mention, Target};
use super::sentences::{Span, clause};
use super::tokens::Token;
use super::{Figure, FigureKind, Proposal};

/// A trade flow, as the words name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    Exports,
    Imports,
    Balance,
    Deficit,
    /// Exports plus imports: no analysis takes it.
    Total,
}

impl Flow {
    fn name(self) -> &'static str {
        match self {
            Flow::Exports => "exports",
            Flow::Imports => "imports",
            Flow::Balance => "balance",
            Flow::Deficit => "deficit",
            Flow::Total => "total",
        }
    }
}

/// A word that says what a figure is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    Flow(Flow),
    Trade,
    /// "trade with", "trade between": trade in both directions.
    TradeWith,
    Milex,
    MilexWeak,
    Budget,
    Troops,
    Tariff,
    Invest,
    Jobs,
    Poll,
    Economy,
    Cost,
}

fn cue_of(w: &str) -> Option<Cue> {
    Some(match w {
        "deficit" | "deficits" | "gap" | "imbalance" | "imbalances" | "shortfall" => {
            Cue::Flow(Flow::Deficit)
        }
        "surplus" | "surpluses" | "balance" => Cue::Flow(Flow::Balance),
        "exports" | "export" | "exported" | "exporting" => Cue::Flow(Flow::Exports),
        "imports" | "import" | "imported" | "importing" | "shipments" | "purchases"
        | "supplier" | "suppliers" => Cue::Flow(Flow::Imports),
        "destination" | "destinations" | "buyer" | "buyers" => Cue::Flow(Flow::Exports),
        "trade" | "traded" | "trading" => Cue::Trade,
        "military" | "defence" | "defense" | "arms" | "armaments" | "weapons" | "sipri"
        | "armed" | "militaries" => Cue::Milex,
        "spending" | "spent" | "spend" | "spends" | "expenditure" | "expenditures" | "spender"
        | "spenders" | "outlays" => Cue::MilexWeak,
        "budget" | "budgets" => Cue::Budget,
        "troops" | "soldiers" | "personnel" | "servicemembers" => Cue::Troops,
        "tariff" | "tariffs" | "levy" | "levies" | "duty" | "duties" => Cue::Tariff,
        "investor" | "investors" | "investment" | "investments" | "invested" | "fdi" => Cue::Invest,
        "workers" | "jobs" | "employer" | "employees" | "employment" => Cue::Jobs,
        "approval" | "polling" | "poll" | "polls" => Cue::Poll,
        "economy" | "economies" => Cue::Economy,
        "cost" | "costs" | "costing" => Cue::Cost,
        _ => return None,
    })
}

/// What the words say a figure is about.
#[derive(Debug, Clone, PartialEq)]
enum Topic {
    Trade(Flow),
    Milex {
        budget: bool,
    },
    Tariff {
        cost: bool,
    },
    /// Something no analysis covers: troops, investment, jobs, polls, GDP.
    Other(&'static str),
}

/// The story-wide facts placement uses.
pub(crate) struct Context<'a> {
    pub tokens: &'a [Token],
    pub sentences: &'a [Span],
    pub found: &'a [Found],
    pub mentions: &'a [Vec<Mention>],
    /// The year of publication, if given.
    pub published: Option<i32>,
    /// The year a figure without one refers to.
    pub default_year: Option<(i32, String)>,
    /// More words of military spending than of trade in the story.
    pub milex_story: bool,
}

/// What the previous placed figure was about, for sentences that name nothing.
#[derive(Debug, Clone)]
struct Carried {
    sentence: usize,
    topic: Topic,
    target: Option<Target>,
}

/// Proposals for every figure of every sentence, in order.
pub(crate) fn place_all(cx: &Context) -> Vec<Proposal> {
    let mut out = Vec::new();
    let mut carried: Option<Carried> = None;
    for (s, found) in cx.found.iter().enumerate() {
        for f in &found.figures {
            let (proposal, topic, target) = place(cx, s, f, carried.as_ref());
            if let Some(topic) = topic {
                carried = Some(Carried {
                    sentence: s,
                    topic,
                    target,
                });
            }
            out.push(proposal);
        }
    }
    out
}

/// The cues in tokens `a..b`, nearest to token `at` first.
fn cues(cx: &Context, a: usize, b: usize, at: usize) -> Vec<(usize, Cue)> {
    let t = cx.tokens;
    let mut out: Vec<(usize, Cue)> = (a..b)
        .filter_map(|k| {
            let mut c = cue_of(t[k].lower.as_str()).filter(|_| t[k].is_word())?;
            // "service members"
            if t[k].lower == "members" {
                return None;
            }
            // "a negative balance" is a deficit
            if t[k].lower == "balance" && k > 0 && t[k - 1].word("negative") {
                c = Cue::Flow(Flow::Deficit);
            }
            // "shipments to China" are exports
            if t[k].lower == "shipments" && t.get(k + 1).is_some_and(|x| x.word("to")) {
                let after = t.get(k + 2).map(|x| x.text.as_str());
                if !matches!(after, Some("the" | "U" | "US" | "America" | "United")) {
                    c = Cue::Flow(Flow::Exports);
                }
            }
            Some((k.abs_diff(at), c))
        })
        .collect();
    // "Japan's $295 billion trade with China": both directions, whatever flow words follow
    if let Some(k) = (a..b).find(|&k| {
        t[k].word("trade")
            && t.get(k + 1)
                .is_some_and(|x| x.word("with") || x.word("between"))
    }) {
        out.push((k.abs_diff(at), Cue::TradeWith));
    }
    if (a..b).any(|k| t[k].word("service") && t.get(k + 1).is_some_and(|x| x.word("members"))) {
        out.push((0, Cue::Troops));
    }
    out.sort_by_key(|(d, _)| *d);
    out
}

/// The topic the cues of one stretch of text decide, if they decide one.
fn topic_of(cues: &[(usize, Cue)], milex_story: bool) -> Option<(Topic, String)> {
    let has = |c: Cue| cues.iter().any(|(_, x)| *x == c);
    let flow = cues.iter().find_map(|(_, c)| match c {
        Cue::Flow(f) => Some(*f),
        _ => None,
    });
    for (_, c) in cues {
        let found = match c {
            Cue::Flow(f) => Some(Topic::Trade(*f)),
            Cue::Trade if has(Cue::TradeWith) => Some(Topic::Trade(Flow::Total)),
            Cue::Trade => Some(Topic::Trade(flow.unwrap_or(Flow::Total))),
            Cue::Milex => Some(Topic::Milex {
                budget: has(Cue::Budget),
            }),
            Cue::MilexWeak if milex_story || has(Cue::Milex) => Some(Topic::Milex {
                budget: has(Cue::Budget),
            }),
            Cue::Budget if has(Cue::Milex) => Some(Topic::Milex { budget: true }),
            Cue::Troops => Some(Topic::Other("troops")),
            Cue::Tariff => Some(Topic::Tariff {
                cost: has(Cue::Cost),
            }),
            Cue::Invest => Some(Topic::Other("investment")),
            Cue::Jobs => Some(Topic::Other("jobs")),
            Cue::Poll => Some(Topic::Other("opinion polls")),
            Cue::Economy => Some(Topic::Other("the economy (GDP)")),
            _ => None,
        };
        if let Some(topic) = found {
            return Some((topic, cue_words(cues)));
        }
    }
    None
}

fn cue_words(cues: &[(usize, Cue)]) -> String {
    let mut names: Vec<&str> = cues
        .iter()
        .map(|(_, c)| match c {
            Cue::Flow(f) => f.name(),
            Cue::Trade | Cue::TradeWith => "trade",
            Cue::Milex => "military/defence",
            Cue::MilexWeak => "spending",
            Cue::Budget => "budget",
            Cue::Troops => "troops",
            Cue::Tariff => "tariff",
            Cue::Invest => "investment",
            Cue::Jobs => "jobs",
            Cue::Poll => "poll",
            Cue::Economy => "economy",
            Cue::Cost => "cost",
        })
        .collect();
    names.dedup();
    names.join(", ")
}

/// The words of tokens `a..b` as written.
fn words(t: &[Token], a: usize, b: usize) -> String {
    t[a..b]
        .iter()
        .enumerate()
        .fold(String::new(), |mut s, (n, x)| {
            if n > 0 && x.spaced {
                s.push(' ');
            }
            s.push_str(&x.text);
            s
        })
}

fn place(
    cx: &Context,
    s: usize,
    f: &Figure,
    carried: Option<&Carried>,
) -> (Proposal, Option<Topic>, Option<Target>) {
    let t = cx.tokens;
    let span = &cx.sentences[s];
    let c = clause(t, span, f.first);
    let mut why = Vec::new();
    // the topic: the figure's clause, then the clauses before it, then the story so far
    let mut topic = None;
    if let Some((tp, w)) = topic_of(&cues(cx, c.first, c.end, f.first), cx.milex_story) {
        why.push(format!("words \"{}\" in the clause", w));
        topic = Some(tp);
    } else if let Some((tp, w)) = topic_of(&cues(cx, span.first, c.first, f.first), cx.milex_story)
    {
        why.push(format!("words \"{}\" earlier in the sentence", w));
        topic = Some(tp);
    } else if let Some(prev) = carried
        .filter(|p| s - p.sentence <= 2 && cues(cx, span.first, span.end, f.first).is_empty())
    {
        why.push("the topic of the sentence before".to_string());
        topic = Some(prev.topic.clone());
    }
    // the subject
    let (target, how) = subject(cx, s, f, &c, topic.as_ref(), carried);
    if let Some(how) = &how {
        why.push(how.clone());
    }
    let mut p = Proposal {
        analysis: None,
        args: Vec::new(),
        scale: None,
        definition: String::new(),
        why,
        todo: None,
        period: None,
    };
    if let Some(Target::Unknown(name)) = &target {
        p.todo = Some(format!("{name}: not a partner or country the data hold"));
        return (p, topic, target);
    }
    let Some(topic_now) = topic.clone() else {
        p.todo = Some("no words of trade or military spending near the figure".into());
        return (p, None, target);
    };
    let (domain, flow) = match &topic_now {
        Topic::Trade(Flow::Total) => {
            p.todo = Some(
                "total trade (exports + imports) of two partners: no analysis takes it".into(),
            );
            return (p, topic, target);
        }
        Topic::Trade(flow) => (Domain::Trade, Some(*flow)),
        Topic::Milex { budget } => {
            if *budget && has_own_budget(&target) {
                (Domain::DefenceBudget, None)
            } else {
                (Domain::Milex, None)
            }
        }
        Topic::Tariff { cost } => {
            let partner = matches!(&target, Some(Target::Partner { census: true, .. }));
            if *cost && partner && f.kind == FigureKind::Money {
                (Domain::Tariff, None)
            } else {
                p.todo = Some("a tariff rate, or a tariff's cost with no partner named: see the tariff_events and us_duties_by_partner datasets, or tariff_cost / tariff_exporter_loss with a partner".into());
                return (p, topic, target);
            }
        }
        Topic::Other(what) => {
            p.todo = Some(match *what {
                "troops" => "US troops: no named analysis; a dataset selection of us_troops_by_country (or us_troops_in_japan) by country and report date".to_string(),
                other => format!("{other}: no analysis or dataset here holds it"),
            });
            return (p, topic, target);
        }
    };
    // the shape of the figure
    let shape = match shape_of(cx, s, f, &c, domain, &mut p) {
        Some(shape) => shape,
        None => return (p, topic, target),
    };
    let Some(row) = proposal(domain, shape) else {
        p.todo = Some(format!(
            "no analysis proposed for a {} of {}",
            shape_name(shape),
            domain_name(domain)
        ));
        return (p, topic, target);
    };
    // the subject must exist in the data
    let subject_name = match (&target, domain) {
        (Some(Target::World), _) => "World".to_string(),
        (Some(Target::Partner { name, census, .. }), Domain::Trade) => {
            if !census {
                p.todo = Some(format!(
                    "{name} has no Census code: no US trade figures for it"
                ));
                return (p, topic, target);
            }
            name.clone()
        }
        (Some(Target::Partner { name, sipri, .. }), Domain::Milex) => {
            if !sipri {
                p.todo = Some(format!(
                    "{name} has no SIPRI name: no military expenditure figures for it"
                ));
                return (p, topic, target);
            }
            name.clone()
        }
        (Some(Target::Partner { name, .. }), _) => name.clone(),
        (Some(Target::Unknown(name)), _) => {
            p.todo = Some(format!("{name}: not a partner or country the data hold"));
            return (p, topic, target);
        }
        (None, _) => {
            // why the words name no one (a rank within a region, a list, the US itself)
            p.todo = Some(
                how.clone()
                    .unwrap_or_else(|| "no partner or country named near the figure".into()),
            );
            return (p, topic, target);
        }
    };
    if shape == Shape::ShareOfWorld && subject_name == "World" {
        p.todo = Some("a share of the world total, of a group the data do not name".into());
        return (p, topic, target);
    }
    // the period
    let (year, fiscal, year_how) = year_of(cx, s, f, &c);
    let Some(year) = year else {
        p.todo = Some("no year in the sentence and none for the story (give --published)".into());
        return (p, topic, target);
    };
    why_push(&mut p, year_how);
    let (mut from, mut from_how) = from_of(cx, s, f, year);
    let mut year = year;
    // "12.7% more than … in 2023": the year after "than" is the base, the figure's is the story's
    if let Some(k) = than_after(t, f)
        && let Some(base) = cx.found[s]
            .periods
            .iter()
            .find(|q| q.first > k && q.relative.is_none())
            .map(|q| q.year)
        && let Some((latest, how)) = &cx.default_year
        && *latest > base
    {
        (from, year) = (base, *latest);
        from_how = format!("from {base}: the year after \"than\"; to {latest}: {how}");
    }
    let mut args: Vec<(String, toml::Value)> = Vec::new();
    for name in row.args {
        let v = match *name {
            "partner" | "country" => toml::Value::String(subject_name.clone()),
            "flow" => toml::Value::String(flow.map_or("balance", Flow::name).to_string()),
            "year" => toml::Value::Integer(year.into()),
            "to" => toml::Value::Integer(year.into()),
            "from" => toml::Value::Integer(from.into()),
            "fiscal_year" => toml::Value::Integer(year.into()),
            "rate_year" => toml::Value::Integer((year - 1).into()),
            "category" => match category(t, span) {
                Some(c) => toml::Value::Integer(c),
                None => continue,
            },
            "rate_pct" => match rate_in(cx, s, f) {
                Some(r) => toml::Value::Float(r),
                None => continue,
            },
            _ => continue,
        };
        args.push((name.to_string(), v));
    }
    if row.args.contains(&"from") {
        why_push(&mut p, from_how);
    }
    if row.args.contains(&"rate_year") {
        why_push(
            &mut p,
            format!(
                "rate_year {}: the year before the fiscal year (the latest full year before the budget)",
                year - 1
            ),
        );
    }
    // money in trillions or millions: the analyses give billions
    if f.kind == FigureKind::Money && matches!(shape, Shape::Level | Shape::Change) {
        if f.unit.ends_with("trillions") {
            p.scale = Some(0.001);
        } else if f.unit.ends_with("millions") {
            p.scale = Some(1000.0);
        } else if !f.unit.ends_with("billions") {
            p.scale = Some(1e-9);
        }
        if domain == Domain::Milex && !f.unit.starts_with("USD") {
            args.push((
                "measure".into(),
                toml::Value::String("local_currency_millions".into()),
            ));
        }
    }
    let period = match shape {
        Shape::Growth | Shape::Change => format!("{from} to {year}"),
        _ if fiscal || domain == Domain::DefenceBudget => format!("FY{year}"),
        _ => year.to_string(),
    };
    p.definition = fill(row.gives, &args);
    p.analysis = Some(row.analysis.to_string());
    p.args = args;
    p.period = Some(period);
    (p, topic, target)
}

/// Whether the partner named has a defence budget series of its own (a sidecar's
/// `partner_series` holding `defence-budget`).
fn has_own_budget(target: &Option<Target>) -> bool {
    let Some(Target::Partner { name, .. }) = target else {
        return false;
    };
    crate::data::partner(name)
        .ok()
        .and_then(|p| p.census_code)
        .is_some_and(|code| {
            crate::data::partner_series(&code, crate::data::SeriesHolds::DefenceBudget).is_some()
        })
}

fn why_push(p: &mut Proposal, s: String) {
    if !s.is_empty() {
        p.why.push(s);
    }
}

fn shape_name(s: Shape) -> &'static str {
    match s {
        Shape::Level => "level",
        Shape::Change => "change",
        Shape::Growth => "growth rate",
        Shape::Share => "share",
        Shape::CategoryShare => "category share",
        Shape::Burden => "share of GDP",
        Shape::ShareOfWorld => "share of the world",
        Shape::Rank => "rank",
        Shape::Record => "record",
    }
}

fn domain_name(d: Domain) -> &'static str {
    match d {
        Domain::Trade => "US trade",
        Domain::Milex => "military expenditure",
        Domain::DefenceBudget => "a partner's own defence budget",
        Domain::Tariff => "a tariff on a partner's goods",
    }
}

/// "{partner}" etc. replaced by the arguments.
fn fill(template: &str, args: &[(String, toml::Value)]) -> String {
    let mut s = template.to_string();
    for (k, v) in args {
        let shown = match v {
            toml::Value::String(x) => x.clone(),
            other => other.to_string(),
        };
        s = s.replace(&format!("{{{k}}}"), &shown);
    }
    s
}

/// What the figure measures, from its kind and the words around it; `None` (with the reason in
/// `p.todo`) when nothing fits.
fn shape_of(
    cx: &Context,
    s: usize,
    f: &Figure,
    c: &Span,
    domain: Domain,
    p: &mut Proposal,
) -> Option<Shape> {
    let t = cx.tokens;
    let span = &cx.sentences[s];
    let before = |k: usize| (f.first >= k + span.first).then(|| t[f.first - k].lower.as_str());
    match f.kind {
        FigureKind::Money => {
            // "rose $5 billion", "by $5 billion", "up $5 billion": a change; "rose to $5 billion": a level
            let mut k = 1;
            while before(k).is_some_and(|w| {
                matches!(
                    w,
                    "over"
                        | "than"
                        | "more"
                        | "nearly"
                        | "almost"
                        | "about"
                        | "some"
                        | "just"
                        | "roughly"
                        | "around"
                )
            }) {
                k += 1;
            }
            let prev = before(k);
            let change = matches!(
                prev,
                Some(
                    "by" | "up"
                        | "down"
                        | "rose"
                        | "climbed"
                        | "jumped"
                        | "increased"
                        | "grew"
                        | "widened"
                        | "fell"
                        | "declined"
                        | "decreased"
                        | "narrowed"
                        | "shrank"
                        | "dropped"
                        | "surged"
                )
            );
            if change {
                if domain == Domain::Milex {
                    p.todo = Some("a change in military spending in money: measure both years with `milex` and compare".into());
                    return None;
                }
                p.why.push(format!(
                    "\"{}\" before the figure: a change",
                    prev.unwrap_or_default()
                ));
                return Some(Shape::Change);
            }
            Some(Shape::Level)
        }
        FigureKind::Percent | FigureKind::Fraction => {
            if let Some(shape) = share_after(t, f, span, domain, p) {
                return Some(shape);
            }
            let by = before(1) == Some("by");
            let from_year = cx.found[s]
                .periods
                .iter()
                .any(|q| q.role == Role::From && q.first >= c.first && q.first < c.end);
            // "12.7% more than in 2023", "5% higher than", "3% less than"
            if f.kind == FigureKind::Percent
                && let Some(k) = than_after(t, f)
            {
                p.why.push(format!(
                    "\"{} than\" after the figure: a change",
                    t[k - 1].text
                ));
                return Some(Shape::Growth);
            }
            if f.kind == FigureKind::Percent && (f.direction.is_some() || by || from_year) {
                p.why.push("a change: the words say it rose or fell".into());
                return Some(Shape::Growth);
            }
            p.todo = Some("a percentage with no words of a change or of a share (\"of GDP\", \"of the deficit\")".into());
            None
        }
        FigureKind::Multiple => {
            p.why
                .push(format!("\"{}\": a change of {:+}%", f.text, f.value));
            Some(Shape::Growth)
        }
        FigureKind::Rank => Some(Shape::Rank),
        FigureKind::Record => Some(Shape::Record),
        FigureKind::RecordChange => {
            p.todo = Some("a record change (the fastest rise since…): compare the growth analysis over the years".into());
            None
        }
        FigureKind::PercentagePoints => {
            p.todo = Some(
                "a change in a share, in percentage points: measure the share in both years".into(),
            );
            None
        }
        FigureKind::Ratio => {
            p.todo = Some("a ratio of two figures: measure both".into());
            None
        }
        FigureKind::Count => {
            p.todo = Some("a count: no analysis counts it".into());
            None
        }
    }
}

/// A share, from the words after the figure ("of GDP", "of worldwide spending", "of the deficit")
/// or before it ("accounts for").
fn share_after(
    t: &[Token],
    f: &Figure,
    span: &Span,
    domain: Domain,
    p: &mut Proposal,
) -> Option<Shape> {
    let end = span.end;
    let of = (f.last..(f.last + 3).min(end)).find(|&k| t[k].word("of"))?;
    let tail: Vec<&str> = (of + 1..(of + 7).min(end))
        .take_while(|&k| !super::sentences::clause_break(&t[k]))
        .map(|k| t[k].lower.as_str())
        .collect();
    let has = |w: &[&str]| tail.iter().any(|x| w.contains(x));
    let shape = if has(&["gdp", "output"]) || (has(&["domestic"]) && has(&["product"])) {
        Shape::Burden
    } else if has(&["world", "worldwide", "global", "all"])
        && (domain == Domain::Milex || has(&["spending", "expenditure", "military"]))
    {
        Shape::ShareOfWorld
    } else if domain == Domain::Trade
        && has(&[
            "deficit",
            "imbalance",
            "gap",
            "total",
            "imports",
            "exports",
            "trade",
            "surplus",
        ])
    {
        if has(&["deficit", "imbalance", "gap"]) && category(t, span).is_some() {
            Shape::CategoryShare
        } else {
            Shape::Share
        }
    } else {
        return None;
    };
    p.why.push(format!("\"of {}\": a share", tail.join(" ")));
    Some(match (domain, shape) {
        (Domain::Milex | Domain::DefenceBudget, Shape::Burden) => Shape::Burden,
        (_, s) => s,
    })
}

/// The end-use category a sentence names (autos = 3), for a category's share of a deficit.
fn category(t: &[Token], span: &Span) -> Option<i64> {
    (span.first..span.end).find_map(|k| match t[k].lower.as_str() {
        "auto" | "autos" | "automotive" | "automobile" | "automobiles" | "car" | "cars"
        | "vehicles" | "vehicle" => Some(3),
        "consumer" if t.get(k + 1).is_some_and(|x| x.word("goods")) => Some(4),
        "capital" if t.get(k + 1).is_some_and(|x| x.word("goods")) => Some(2),
        "industrial" if t.get(k + 1).is_some_and(|x| x.word("supplies")) => Some(1),
        "foods" | "food" => Some(0),
        _ => None,
    })
}

/// The tariff rate of a cost: the percentage in the figure's sentence.
fn rate_in(cx: &Context, s: usize, f: &Figure) -> Option<f64> {
    cx.found[s]
        .figures
        .iter()
        .find(|g| g.kind == FigureKind::Percent && g.first < f.first)
        .map(|g| g.value)
}

/// The partner or country a figure is about, and how it was chosen.
fn subject(
    cx: &Context,
    s: usize,
    f: &Figure,
    c: &Span,
    topic: Option<&Topic>,
    carried: Option<&Carried>,
) -> (Option<Target>, Option<String>) {
    let trade = matches!(topic, Some(Topic::Trade(_)) | Some(Topic::Tariff { .. }));
    let all = &cx.mentions[s];
    let usable = |m: &&Mention| !(m.base || (trade && m.target.is_us()));
    let in_clause = |m: &&Mention| m.first >= c.first && m.end <= c.end;
    let named = |m: &Mention, how: &str| {
        (
            Some(m.target.clone()),
            Some(format!("\"{}\" {how}", m.text)),
        )
    };
    // a grouping the data do not hold, in the clause, is the subject
    if let Some(m) = all
        .iter()
        .filter(in_clause)
        .find(|m| matches!(m.target, Target::Unknown(_)))
    {
        return named(m, "in the clause");
    }
    let t = cx.tokens;
    // "including Russia", "except Canada": an aside, not the subject
    let aside = |m: &&Mention| {
        m.first > 0
            && matches!(
                t[m.first - 1].lower.as_str(),
                "including" | "excluding" | "except" | "besides" | "behind"
            )
    };
    // with a rank, "in central and western Europe", "in the world": the set ranked
    let ranked_in = |m: &&Mention| {
        matches!(f.kind, FigureKind::Rank | FigureKind::Record)
            && (m.first.saturating_sub(4)..m.first).any(|k| t[k].word("in") || t[k].word("among"))
    };
    if trade
        && matches!(f.kind, FigureKind::Rank | FigureKind::Record)
        && all
            .iter()
            .filter(in_clause)
            .any(|m| m.target.is_us() && m.end <= f.first)
    {
        return (
            None,
            Some("the United States ranked among the world's traders: these data hold US trade with its partners only".into()),
        );
    }
    if let Some(m) = all
        .iter()
        .filter(in_clause)
        .find(|m| ranked_in(m) && m.first > f.last)
        && !matches!(m.target, Target::World)
    {
        return (
            None,
            Some(format!(
                "a rank within \"{}\": no named analysis ranks within a region",
                m.text
            )),
        );
    }
    let real = |m: &&Mention| {
        usable(m) && !matches!(m.target, Target::Unknown(_)) && !aside(m) && !ranked_in(m)
    };
    // "the United States, China, Russia, Germany and India … accounted for 60%": a sum
    let listed = all.iter().filter(real).filter(|m| m.end <= f.first).count();
    if listed >= 3 {
        return (
            None,
            Some(format!(
                "{listed} partners or countries named together: their sum is a derived measure of their rows"
            )),
        );
    }
    if let Some(m) = all
        .iter()
        .filter(in_clause)
        .filter(real)
        .rfind(|m| m.end <= f.first)
    {
        return named(m, "in the clause");
    }
    if let Some(m) = all
        .iter()
        .filter(in_clause)
        .filter(real)
        .find(|m| m.first >= f.last)
    {
        return named(m, "in the clause");
    }
    if let Some(m) = all.iter().filter(real).rfind(|m| m.end <= f.first) {
        return named(m, "earlier in the sentence");
    }
    if let Some(m) = all.iter().filter(real).find(|m| m.first >= f.last) {
        return named(m, "later in the sentence");
    }
    let span = &cx.sentences[s];
    let said = |w: &[&str]| (span.first..f.first).any(|k| w.contains(&t[k].lower.as_str()));
    // US trade with no partner named: the US total, with the world
    if trade
        && (all.iter().any(|m| m.target.is_us()) || said(&["global", "total", "overall", "world"]))
    {
        return (
            Some(Target::World),
            Some("the US with no partner named: the world".into()),
        );
    }
    if matches!(topic, Some(Topic::Milex { .. })) && said(&["countries", "nations", "governments"])
    {
        return (
            Some(Target::World),
            Some("\"countries\" with none named: the world".into()),
        );
    }
    // a sentence that names no one continues the one before: its subject (first mention)
    if let Some(m) = s.checked_sub(1).and_then(|b| {
        cx.mentions[b]
            .iter()
            .find(|m| !(m.base || (trade && m.target.is_us())))
    }) {
        return (
            Some(m.target.clone()),
            Some(format!("\"{}\" in the sentence before", m.text)),
        );
    }
    if let Some(prev) = carried.filter(|p| s - p.sentence <= 2)
        && let Some(target) = &prev.target
    {
        let name = match target {
            Target::Partner { name, .. } => name.clone(),
            Target::World => "World".into(),
            Target::Unknown(n) => n.clone(),
        };
        return (
            Some(target.clone()),
            Some(format!("{name} from the sentence before")),
        );
    }
    (None, None)
}

/// The year of a figure: a year "in/for/during" it in its clause, else in its sentence nearest
/// to it (and nearer to it than to another figure), else the story's year.
fn year_of(cx: &Context, s: usize, f: &Figure, c: &Span) -> (Option<i32>, bool, String) {
    let periods = &cx.found[s].periods;
    let figures = &cx.found[s].figures;
    let usable =
        |p: &&Period| p.role == Role::At && !p.taken && p.relative != Some(Relative::Figure);
    let dist = |p: &Period, g: &Figure| {
        if p.first >= g.last {
            p.first - g.last
        } else {
            g.first.saturating_sub(p.end)
        }
    };
    let resolve = |p: &Period| -> Option<i32> {
        match p.relative {
            None => Some(p.year),
            Some(_) => cx
                .published
                .or(cx.default_year.as_ref().map(|(y, _)| *y + 1))
                .map(|y| y + p.year),
        }
    };
    // a year belongs to the figure nearest to it ("$3.2 trillion following $3.1 trillion in
    // 2023": 2023 is the second figure's)
    let mine = |p: &&Period| {
        let d = dist(p, f);
        figures
            .iter()
            .all(|g| std::ptr::eq(g, f) || dist(p, g) >= d)
    };
    // in the clause, only the clause's figures compete for a year
    let mine_in_clause = |p: &&Period| {
        let d = dist(p, f);
        figures
            .iter()
            .filter(|g| g.first >= c.first && g.last <= c.end)
            .all(|g| std::ptr::eq(g, f) || dist(p, g) >= d)
    };
    let in_clause: Option<&Period> = periods
        .iter()
        .filter(usable)
        .filter(mine_in_clause)
        .filter(|p| p.first >= c.first && p.end <= c.end)
        .min_by_key(|p| dist(p, f));
    let owned = || {
        periods
            .iter()
            .filter(usable)
            .filter(mine)
            .min_by_key(|p| dist(p, f))
    };
    if let Some(p) = in_clause.or_else(owned)
        && let Some(y) = resolve(p)
    {
        return (Some(y), p.fiscal, format!("{}: \"{}\"", y, p.text));
    }
    match &cx.default_year {
        Some((y, how)) => (Some(*y), false, format!("{y}: {how} (assumed)")),
        None => (None, false, String::new()),
    }
}

/// "12.7% more than", "5% lower than": the index of "than" after a figure.
fn than_after(t: &[Token], f: &Figure) -> Option<usize> {
    let next = (f.last..t.len())
        .find(|&k| !matches!(t[k].lower.as_str(), "%" | "percent" | "per" | "cent"))?;
    let comparative = matches!(
        t[next].lower.as_str(),
        "more" | "higher" | "larger" | "bigger" | "less" | "lower" | "smaller"
    );
    (comparative && t.get(next + 1).is_some_and(|w| w.word("than"))).then_some(next + 1)
}

/// The base year of a change: "from 2023", "compared to 2023", "the previous year", else the year
/// before.
fn from_of(cx: &Context, s: usize, f: &Figure, year: i32) -> (i32, String) {
    let periods = &cx.found[s].periods;
    let candidate = periods
        .iter()
        .filter(|p| {
            matches!(p.role, Role::From | Role::Since)
                && !p.taken
                && p.first >= f.first.saturating_sub(12)
        })
        .min_by_key(|p| p.first.abs_diff(f.last));
    match candidate {
        Some(p) if p.relative.is_none() && p.year < year => {
            (p.year, format!("from {}: \"{}\"", p.year, p.text))
        }
        Some(p) if p.relative.is_some() => (
            year + p.year,
            format!("from {}: \"{}\"", year + p.year, p.text),
        ),
        _ => (
            year - 1,
            format!("from {}: the year before (assumed)", year - 1),
        ),
    }
}

/// Words of the figure's clause, for the comment.
pub(crate) fn clause_words(t: &[Token], sentences: &[Span], f: &Figure) -> String {
    let c = clause(t, &sentences[f.sentence], f.first);
    words(t, c.first, c.end)
}
