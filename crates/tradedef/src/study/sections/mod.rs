//! The sections a study is made of, one builder per [`SectionKind`]: each takes the partner and
//! the kind's arguments, computes its table through the analyses, draws its chart through the
//! chart builders and phrases its findings from the figures. The partner profile and every study
//! description use the same builders, so a section reads the same in every study.

mod datasets;
mod defence;
mod trade;

pub(crate) use defence::okinawa_break;

use crate::Result;
use crate::analysis::Table;
use crate::chart::{BarChart, Chart, ColumnChart, DotPlot, LineChart};
use crate::data::Partner;
use crate::study::exhibit::{Exhibit, render};
use crate::study::spec::{SectionKind, SectionSpec, Wording};

/// What every section of a study shares: the partner and the story's mark on time charts.
#[derive(Debug, Clone)]
pub(crate) struct Context {
    /// The partner the study is about.
    pub partner: Partner,
    /// The story's date as a decimal year and its label, marked on time charts.
    pub story: Option<(f64, String)>,
    /// The default tariff elasticity and composition year (profile options).
    pub composition_year: Option<i64>,
}

/// The words of one section: its own where set, else the kind's defaults.
pub(crate) struct Words<'a> {
    wording: &'a Wording,
    number: String,
}

impl Words<'_> {
    /// The section's id: its own, else `NN-suffix`.
    pub fn id(&self, suffix: &str) -> String {
        self.wording
            .id
            .clone()
            .unwrap_or_else(|| format!("{}-{suffix}", self.number))
    }
    /// The heading: its own, else `default`.
    pub fn title(&self, default: String) -> String {
        self.wording.title.clone().unwrap_or(default)
    }
    /// The question: its own, else `default`.
    pub fn question(&self, default: String) -> String {
        self.wording.question.clone().unwrap_or(default)
    }
    /// The chart's headline: its own, else `default`.
    pub fn headline(&self, default: String) -> String {
        self.wording.headline.clone().unwrap_or(default)
    }
}

/// A section before rendering: its words, its chart and the table behind it, and its findings.
/// The report renders it ([`Parts::render`]); a story's notebook functions hand out its chart
/// or its table.
#[derive(Debug, Clone)]
pub(crate) struct Parts<C> {
    pub id: String,
    pub title: String,
    pub question: String,
    pub chart: C,
    pub table: Table,
    pub findings: Vec<String>,
}

impl<C: Chart> Parts<C> {
    /// The exhibit: the chart drawn (SVG, PNG), the table's CSV and rows, the findings.
    pub fn render(&self) -> Result<Exhibit> {
        render(
            &self.id,
            &self.title,
            &self.question,
            &self.chart,
            &self.table,
            self.findings.clone(),
        )
    }
}

/// The parts of a section, from its words, chart, table and findings.
fn parts<C: Clone>(
    id: &str,
    title: &str,
    question: &str,
    chart: &C,
    table: &Table,
    findings: Vec<String>,
) -> Result<Parts<C>> {
    Ok(Parts {
        id: id.to_string(),
        title: title.to_string(),
        question: question.to_string(),
        chart: chart.clone(),
        table: table.clone(),
        findings,
    })
}

/// The parts of section number `index` (from 0) of a study.
pub(crate) fn build_parts(ctx: &Context, section: &SectionSpec, index: usize) -> Result<AnyParts> {
    let w = Words {
        wording: &section.wording,
        number: format!("{:02}", index + 1),
    };
    Ok(match &section.kind {
        SectionKind::Balance { years } => AnyParts::Line(trade::balance(ctx, &w, years)?),
        SectionKind::Rank { year, bars } => AnyParts::Bar(trade::rank(ctx, &w, *year, *bars)?),
        SectionKind::PartnerBalances {
            year,
            deficits,
            surpluses,
        } => AnyParts::Bar(trade::partner_balances(
            ctx, &w, *year, *deficits, *surpluses,
        )?),
        SectionKind::Composition { year } => AnyParts::Bar(trade::composition(ctx, &w, *year)?),
        SectionKind::CategoryShare { category, year } => {
            AnyParts::Column(trade::category_share(ctx, &w, category, *year)?)
        }
        SectionKind::Tariff {
            category,
            year,
            points,
            elasticity,
            claim_usd_bn,
            compare_rate,
        } => AnyParts::Line(trade::tariff(
            ctx,
            &w,
            &trade::TariffArgs {
                category: category.as_deref(),
                year: *year,
                points: *points,
                elasticity: *elasticity,
                claim_usd_bn: *claim_usd_bn,
                compare_rate: *compare_rate,
            },
        )?),
        SectionKind::MilitarySpending { peers } => {
            AnyParts::Line(defence::military_spending(ctx, &w, peers)?)
        }
        SectionKind::MilitaryBurden {
            countries,
            from,
            to,
        } => AnyParts::Dot(defence::military_burden(ctx, &w, countries, *from, *to)?),
        SectionKind::Troops {
            host_support,
            host_support_year,
            series,
        } => AnyParts::Line(defence::troops(
            ctx,
            &w,
            host_support.as_deref(),
            *host_support_year,
            series.as_deref(),
        )?),
        SectionKind::DefenceBudget {
            dataset,
            base_year,
            growth,
        } => AnyParts::Line(datasets::defence_budget(
            ctx, &w, dataset, *base_year, growth,
        )?),
        SectionKind::DatasetColumns {
            dataset,
            measure,
            unit,
            series_label,
            state,
        } => AnyParts::Column(datasets::dataset_columns(
            ctx,
            &w,
            dataset,
            measure,
            unit,
            series_label.as_deref(),
            state,
        )?),
        SectionKind::ThirdCountryTrade {
            dataset,
            with,
            source,
        } => AnyParts::Line(datasets::third_country_trade(
            ctx,
            &w,
            dataset,
            with,
            source.as_deref(),
        )?),
    })
}

/// Builds section number `index` (from 0) of a study.
pub(crate) fn build(ctx: &Context, section: &SectionSpec, index: usize) -> Result<Exhibit> {
    build_parts(ctx, section, index)?.render()
}

/// The parts of a section, whatever its chart.
pub(crate) enum AnyParts {
    Line(Parts<LineChart>),
    Bar(Parts<BarChart>),
    Column(Parts<ColumnChart>),
    Dot(Parts<DotPlot>),
}

impl AnyParts {
    fn render(&self) -> Result<Exhibit> {
        match self {
            AnyParts::Line(p) => p.render(),
            AnyParts::Bar(p) => p.render(),
            AnyParts::Column(p) => p.render(),
            AnyParts::Dot(p) => p.render(),
        }
    }

    /// The table behind the section's chart.
    pub fn table(self) -> Table {
        match self {
            AnyParts::Line(p) => p.table,
            AnyParts::Bar(p) => p.table,
            AnyParts::Column(p) => p.table,
            AnyParts::Dot(p) => p.table,
        }
    }

    /// The section's chart, when it is a line chart.
    pub fn line(self) -> Result<LineChart> {
        match self {
            AnyParts::Line(p) => Ok(p.chart),
            _ => Err(crate::Error::argument(
                "section",
                "its chart is not a line chart",
            )),
        }
    }

    /// The section's chart, when it is a bar chart.
    pub fn bar(self) -> Result<BarChart> {
        match self {
            AnyParts::Bar(p) => Ok(p.chart),
            _ => Err(crate::Error::argument(
                "section",
                "its chart is not a bar chart",
            )),
        }
    }

    /// The section's chart, when it is a column chart.
    pub fn column(self) -> Result<ColumnChart> {
        match self {
            AnyParts::Column(p) => Ok(p.chart),
            _ => Err(crate::Error::argument(
                "section",
                "its chart is not a column chart",
            )),
        }
    }

    /// The section's chart, when it is a dot plot.
    pub fn dot(self) -> Result<DotPlot> {
        match self {
            AnyParts::Dot(p) => Ok(p.chart),
            _ => Err(crate::Error::argument(
                "section",
                "its chart is not a dot plot",
            )),
        }
    }
}

/// The section's title for the list of sections left out.
pub(crate) fn title_of(section: &SectionSpec, partner: &Partner) -> String {
    if let Some(t) = &section.wording.title {
        return t.clone();
    }
    let name = &partner.name;
    match &section.kind {
        SectionKind::Balance { .. } => "US goods trade".into(),
        SectionKind::Rank { .. } => "Rank among US trading partners".into(),
        SectionKind::PartnerBalances { .. } => "US deficits and surpluses by country".into(),
        SectionKind::Composition { .. } => "What US imports are made of".into(),
        SectionKind::CategoryShare { category, .. } => {
            format!("A category's share of the deficit with {name} ({category})")
        }
        SectionKind::Tariff { category: None, .. } => "A tariff on the largest category".into(),
        SectionKind::Tariff {
            category: Some(c), ..
        } => format!("A tariff on {c}"),
        SectionKind::MilitarySpending { .. } => "Military spending beside the world".into(),
        SectionKind::MilitaryBurden { .. } => "Military burden beside other countries".into(),
        SectionKind::Troops { .. } => "US military personnel assigned there".into(),
        SectionKind::DefenceBudget { dataset, .. } => format!("Defence budget ({dataset})"),
        SectionKind::DatasetColumns { dataset, .. } => dataset.clone(),
        SectionKind::ThirdCountryTrade { with, .. } => format!("{name}'s trade with {with}"),
    }
}
