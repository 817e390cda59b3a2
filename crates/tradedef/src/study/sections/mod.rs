//! The sections a study is made of, one builder per [`SectionKind`]: each takes the partner and
//! the kind's arguments, computes its table through the analyses, draws its chart through the
//! chart builders and phrases its findings from the figures. The partner profile and every study
//! description use the same builders, so a section reads the same in every study.

mod datasets;
mod defence;
mod trade;

use crate::Result;
use crate::data::Partner;
use crate::study::exhibit::Exhibit;
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

/// Builds section number `index` (from 0) of a study.
pub(crate) fn build(ctx: &Context, section: &SectionSpec, index: usize) -> Result<Exhibit> {
    let w = Words {
        wording: &section.wording,
        number: format!("{:02}", index + 1),
    };
    match &section.kind {
        SectionKind::Balance { years } => trade::balance(ctx, &w, years),
        SectionKind::Rank { year, bars } => trade::rank(ctx, &w, *year, *bars),
        SectionKind::PartnerBalances {
            year,
            deficits,
            surpluses,
        } => trade::partner_balances(ctx, &w, *year, *deficits, *surpluses),
        SectionKind::Composition { year } => trade::composition(ctx, &w, *year),
        SectionKind::CategoryShare { category, year } => {
            trade::category_share(ctx, &w, category, *year)
        }
        SectionKind::Tariff {
            category,
            year,
            points,
            elasticity,
            claim_usd_bn,
            compare_rate,
        } => trade::tariff(
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
        ),
        SectionKind::MilitarySpending { peers } => defence::military_spending(ctx, &w, peers),
        SectionKind::MilitaryBurden {
            countries,
            from,
            to,
        } => defence::military_burden(ctx, &w, countries, *from, *to),
        SectionKind::Troops {
            host_support,
            host_support_year,
            series,
        } => defence::troops(
            ctx,
            &w,
            host_support.as_deref(),
            *host_support_year,
            series.as_deref(),
        ),
        SectionKind::DefenceBudget {
            dataset,
            base_year,
            growth,
        } => datasets::defence_budget(ctx, &w, dataset, *base_year, growth),
        SectionKind::DatasetColumns {
            dataset,
            measure,
            unit,
            series_label,
            state,
        } => datasets::dataset_columns(
            ctx,
            &w,
            dataset,
            measure,
            unit,
            series_label.as_deref(),
            state,
        ),
        SectionKind::ThirdCountryTrade {
            dataset,
            with,
            source,
        } => datasets::third_country_trade(ctx, &w, dataset, with, source.as_deref()),
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
