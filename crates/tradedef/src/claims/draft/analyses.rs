//! The one table from what a figure is (its domain and shape) to the named analysis proposed
//! for it and the arguments it takes. Names follow issue #26's analyses; change them here.

/// What the figure is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Domain {
    /// US goods trade with a partner (Census).
    Trade,
    /// A country's or the world's military expenditure (SIPRI).
    Milex,
    /// A partner's own initial defence budget (a dataset declares it as the partner's series),
    /// named as its "defence budget".
    DefenceBudget,
    /// The cost of a tariff on imports from a partner.
    Tariff,
}

/// What the figure measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A level in a period.
    Level,
    /// A change between two periods, in money.
    Change,
    /// A change between two periods, in percent.
    Growth,
    /// A share of the US total (trade).
    Share,
    /// A category's share of the deficit with a partner.
    CategoryShare,
    /// A share of GDP (military burden).
    Burden,
    /// A share of the world total (SIPRI).
    ShareOfWorld,
    /// A rank among partners or countries.
    Rank,
    /// A record (highest since…).
    Record,
}

/// One proposal: the analysis and its arguments, in order.
#[derive(Debug)]
pub(crate) struct Row {
    pub domain: Domain,
    pub shape: Shape,
    pub analysis: &'static str,
    pub args: &'static [&'static str],
    /// What the analysis gives, for the measure's definition.
    pub gives: &'static str,
}

const fn row(
    domain: Domain,
    shape: Shape,
    analysis: &'static str,
    args: &'static [&'static str],
    gives: &'static str,
) -> Row {
    Row {
        domain,
        shape,
        analysis,
        args,
        gives,
    }
}

use Domain::*;
use Shape::*;

/// Every proposal the drafter makes.
pub(crate) const TABLE: &[Row] = &[
    row(
        Trade,
        Level,
        "trade_value",
        &["partner", "flow", "year"],
        "US goods {flow} with {partner}, {year}, USD billions (Census basis)",
    ),
    row(
        Trade,
        Change,
        "trade_change",
        &["partner", "flow", "from", "to"],
        "change in US goods {flow} with {partner}, {from} to {to}, USD billions",
    ),
    row(
        Trade,
        Growth,
        "trade_growth",
        &["partner", "flow", "from", "to"],
        "growth of US goods {flow} with {partner}, {from} to {to}, percent",
    ),
    row(
        Trade,
        Share,
        "trade_share",
        &["partner", "flow", "year"],
        "{partner}'s share of total US goods {flow}, {year}, percent",
    ),
    row(
        Trade,
        CategoryShare,
        "category_share_of_deficit",
        &["partner", "year", "category"],
        "US imports of end-use category {category} from {partner} as a share of the goods deficit, {year}, percent",
    ),
    row(
        Trade,
        Rank,
        "trade_rank",
        &["partner", "flow", "year"],
        "{partner}'s rank among US partners by goods {flow}, {year}",
    ),
    row(
        Trade,
        Record,
        "trade_record",
        &["partner", "flow", "year"],
        "whether US goods {flow} with {partner} in {year} is a record",
    ),
    row(
        Milex,
        Level,
        "milex",
        &["country", "year"],
        "{country}'s military expenditure, {year}, USD billions (SIPRI)",
    ),
    row(
        Milex,
        Growth,
        "milex_growth",
        &["country", "from", "to"],
        "real growth of {country}'s military expenditure, {from} to {to}, percent (SIPRI)",
    ),
    row(
        Milex,
        Burden,
        "milex_share_of_gdp",
        &["country", "year"],
        "{country}'s military expenditure as a share of GDP, {year}, percent (SIPRI)",
    ),
    row(
        Milex,
        ShareOfWorld,
        "milex_share_of_world",
        &["country", "year"],
        "{country}'s share of world military expenditure, {year}, percent (SIPRI)",
    ),
    row(
        Milex,
        Rank,
        "milex_rank",
        &["country", "year"],
        "{country}'s rank by military expenditure, {year} (SIPRI)",
    ),
    row(
        Milex,
        Record,
        "milex_record",
        &["country", "year"],
        "whether {country}'s military expenditure in {year} is a record (SIPRI)",
    ),
    row(
        DefenceBudget,
        Level,
        "defence_budget_usd",
        &["partner", "fiscal_year", "rate_year"],
        "{partner}'s initial defence budget, FY{fiscal_year}, USD billions at the {rate_year} average rate",
    ),
    row(
        DefenceBudget,
        Growth,
        "defence_budget_growth",
        &["partner", "fiscal_year"],
        "growth of {partner}'s initial defence budget, FY{fiscal_year}, percent",
    ),
    row(
        Tariff,
        Level,
        "tariff_cost",
        &["partner", "rate_pct", "year"],
        "a {rate_pct}% tariff on US imports of autos from {partner}, {year} base, USD billions",
    ),
];

/// The proposal for a domain and shape, if there is one.
pub(crate) fn proposal(domain: Domain, shape: Shape) -> Option<&'static Row> {
    TABLE
        .iter()
        .find(|r| r.domain == domain && r.shape == shape)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_existing_analyses_are_named_as_the_registry_names_them() {
        let known: Vec<&str> = crate::claims::analyses().iter().map(|a| a.name).collect();
        for name in [
            "milex",
            "milex_growth",
            "milex_share_of_gdp",
            "milex_rank",
            "milex_share_of_world",
            "category_share_of_deficit",
            "defence_budget_usd",
            "defence_budget_growth",
            "tariff_cost",
        ] {
            assert!(
                TABLE.iter().any(|r| r.analysis == name),
                "{name} in the table"
            );
            assert!(known.contains(&name), "{name} in the registry");
        }
        // one row per domain and shape
        for (i, a) in TABLE.iter().enumerate() {
            assert!(
                !TABLE[..i]
                    .iter()
                    .any(|b| b.domain == a.domain && b.shape == a.shape),
                "{}",
                a.analysis
            );
        }
    }
}
