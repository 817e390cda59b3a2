//! The named analyses a claims file can use, with their arguments.

use super::budget::*;
use super::milex::*;
use super::partner::*;
use super::trade::*;
use super::{Analysis, AnalysisArg, opt, req};

/// The arguments the trade analyses share.
const PARTNER: AnalysisArg = req(
    "partner",
    "the partner (text): a name as typed (\"South Korea\", \"the European Union\"), a Census code, or \"World\" for the US total",
);
const FLOW: AnalysisArg = req(
    "flow",
    "\"exports\", \"imports\", \"balance\", \"deficit\" (−balance) or \"surplus\" (text)",
);
const MONTH: AnalysisArg = opt(
    "month",
    "one month of the year(s), 1–12 (integer); from the monthly dataset",
);
const THROUGH_MONTH: AnalysisArg = opt(
    "through_month",
    "January to this month of the year(s), 1–12 (integer): the year to date",
);
const CENSUS_VINTAGE: AnalysisArg = opt(
    "vintage",
    "Census release (text); default: the latest release holding every input, or the one current on the story's date",
);

/// The two years of a change or a growth rate.
const FROM_YEAR: AnalysisArg = req("from", "the earlier year (integer)");
const TO_YEAR: AnalysisArg = req("to", "the later year (integer)");
/// The arguments of a flow in one period.
const ONE_PERIOD_OF_A_FLOW: &[AnalysisArg] = &[
    PARTNER,
    FLOW,
    req("year", "calendar year (integer)"),
    MONTH,
    THROUGH_MONTH,
    CENSUS_VINTAGE,
];
/// The arguments of a flow's change or growth between two periods.
const TWO_PERIODS_OF_A_FLOW: &[AnalysisArg] = &[
    PARTNER,
    FLOW,
    FROM_YEAR,
    TO_YEAR,
    MONTH,
    THROUGH_MONTH,
    CENSUS_VINTAGE,
];
/// The end-use codes a tariff figure counts, and the release of their imports.
const CODES: AnalysisArg = opt(
    "codes",
    "end-use codes (list of 5-digit texts); default category 3",
);
const IMPORTS_VINTAGE: AnalysisArg = opt(
    "imports_vintage",
    "vintage of the us_imports_by_enduse rows (text)",
);
/// The SIPRI release a military-expenditure figure reads.
const SIPRI_VINTAGE: AnalysisArg = opt(
    "vintage",
    "SIPRI release, e.g. \"sipri-milex-2025-04\" (text); default: the latest release, for every input",
);
/// The measure of a military-expenditure figure, current dollars unless named.
const CURRENT_USD_MEASURE: AnalysisArg = opt(
    "measure",
    "a sipri_milex measure (text); default \"current_usd_millions\"",
);
/// The partner of a budget figure.
const BUDGET_PARTNER: AnalysisArg = req(
    "partner",
    "the partner (text) whose own defence budget a dataset holds (a sidecar's partner_series): a name as typed or its Census code",
);
/// Where a partner's goods balance is read from.
const SERIES: AnalysisArg = opt(
    "series",
    "\"all_partners\" (us_goods_trade_by_partner) or \"own\" (the partner's own goods-trade series, where a sidecar declares one); default all_partners, unless the vintage asked for is one only the own series holds",
);

pub(super) static ANALYSES: &[Analysis] = &[
    Analysis {
        name: "tariff_cost",
        summary: "Static first-round cost of an extra tariff: rate_pct / 100 × US imports from the partner of the end-use codes in a year, USD billions (no change in volumes)",
        args: &[
            PARTNER,
            req("rate_pct", "the extra tariff, percent (number)"),
            req("year", "calendar year of the import base (integer)"),
            CODES,
            IMPORTS_VINTAGE,
        ],
        expand: expand_tariff_cost,
    },
    Analysis {
        name: "tariff_exporter_loss",
        summary: "The partner's exporters' yearly revenue loss from a new tariff in the static partial-equilibrium model of tradedef::analysis::tariff (volumes respond to the price change passed on): the model's loss share × US imports from the partner of the end-use codes in a year, USD billions",
        args: &[
            PARTNER,
            req("rate_pct", "the new all-in tariff, percent (number)"),
            req("year", "calendar year of the import base (integer)"),
            opt(
                "old_rate_pct",
                "the old tariff, percent (number); default 2.5",
            ),
            opt(
                "elasticity",
                "import demand elasticity, absolute value (number); default the model's 2.5",
            ),
            opt(
                "pass_through",
                "share of the tariff in US buyers' prices, 0–1 (number); default 1",
            ),
            CODES,
            IMPORTS_VINTAGE,
        ],
        expand: expand_tariff_exporter_loss,
    },
    Analysis {
        name: "defence_budget_usd",
        summary: "A partner's initial defence budget of a fiscal year (its own budget series, in its currency) in USD billions: the budget ÷ the annual-average units of its currency per dollar of `rate_year` (fx_annual)",
        args: &[
            BUDGET_PARTNER,
            req("fiscal_year", "the partner's fiscal year (integer)"),
            req(
                "rate_year",
                "calendar year of the annual-average exchange rate (integer)",
            ),
            opt(
                "measure",
                "budget measure (text): \"excl_saco_realignment\" (the default, as `BudgetMeasure::default()`) or \"incl_saco_realignment\"",
            ),
            opt("vintage", "vintage of the budget rows (text)"),
        ],
        expand: expand_budget_usd,
    },
    Analysis {
        name: "defence_budget_growth",
        summary: "Growth of a partner's initial defence budget over the previous fiscal year, percent; in its currency, or in dollars at each year's annual-average rate",
        args: &[
            BUDGET_PARTNER,
            req("fiscal_year", "the partner's fiscal year (integer)"),
            opt(
                "measure",
                "budget measure (text): \"excl_saco_realignment\" (the default, as `BudgetMeasure::default()`) or \"incl_saco_realignment\"",
            ),
            opt(
                "currency",
                "\"local\" (the default; or the currency's ISO code) or \"usd\" (each fiscal year converted at the annual average of the calendar year it starts in)",
            ),
            opt("vintage", "vintage of the budget rows (text)"),
        ],
        expand: expand_budget_growth,
    },
    Analysis {
        name: "us_goods_deficit",
        summary: "US goods deficit with any partner in a calendar year, USD billions (= −balance / 1000), Census basis: us_goods_trade_by_partner by partner code, or the partner's own goods-trade series",
        args: &[
            req(
                "partner",
                "the partner (text): a name as typed (\"South Korea\", \"Korea, South\", \"Viet Nam\") or its Census code (\"5800\")",
            ),
            req("year", "calendar year (integer)"),
            opt(
                "vintage",
                "release of the figures (text); required when several hold the year",
            ),
            SERIES,
        ],
        expand: expand_goods_deficit,
    },
    Analysis {
        name: "category_share_of_deficit",
        summary: "US imports of some end-use codes from a partner as a percent of the US goods deficit with it: gross, or net of US exports of the category to it where the data hold them; for a category, the share of tradedef::analysis::partner_category_share",
        args: &[
            req(
                "partner",
                "the partner (text): a name as typed or its Census code",
            ),
            req("year", "calendar year (integer)"),
            opt(
                "codes",
                "end-use codes (list of 5-digit texts); give `codes` or `category`",
            ),
            opt(
                "category",
                "an end-use category (integer 0–5, e.g. 3 = automotive vehicles, parts and engines) or a code prefix (text, e.g. \"300\" = passenger cars)",
            ),
            opt(
                "basis",
                "\"gross\" (the default: imports ÷ deficit) or \"net\" ((imports − US exports of the category) ÷ deficit; only where the partner has a series of category exports)",
            ),
            opt(
                "imports_vintage",
                "vintage of the us_imports_by_enduse rows (text); default: the release of the analysis table's row",
            ),
            opt(
                "balance_vintage",
                "vintage of the goods balance (text); default: the release that pairs with the imports (pairing rule), as in the analysis table",
            ),
            opt(
                "exports_scope",
                "scope of the partner's category exports for the net basis (text); default the analysis table's for the year",
            ),
            opt("exports_vintage", "vintage of the category exports (text)"),
            SERIES,
        ],
        expand: expand_category_share,
    },
    Analysis {
        name: "milex",
        summary: "A country's military expenditure in a year (SIPRI), or the world total with country = \"World\": billions for money measures (USD or local currency), as published otherwise (percent for shares)",
        args: &[
            req(
                "country",
                "the country (text) as typed (\"South Korea\", \"United States\") or in SIPRI's spelling, or \"World\"",
            ),
            req("year", "calendar year (integer)"),
            CURRENT_USD_MEASURE,
            SIPRI_VINTAGE,
        ],
        expand: expand_milex,
    },
    Analysis {
        name: "milex_growth",
        summary: "Growth of a country's (or the world's) military expenditure from one year to another, percent; by default in constant US dollars (real terms)",
        args: &[
            req("country", "the country (text) as typed, or \"World\""),
            FROM_YEAR,
            TO_YEAR,
            opt(
                "measure",
                "a sipri_milex measure (text); default \"constant_usd_millions\"",
            ),
            SIPRI_VINTAGE,
        ],
        expand: expand_milex_growth,
    },
    Analysis {
        name: "milex_share_of_gdp",
        summary: "A country's military expenditure as a percent of its GDP (SIPRI's military burden)",
        args: &[
            req("country", "the country (text) as typed"),
            req("year", "calendar year (integer)"),
            SIPRI_VINTAGE,
        ],
        expand: expand_milex_share_of_gdp,
    },
    Analysis {
        name: "milex_rank",
        summary: "A country's rank by military expenditure among all countries in a year (1 = largest): the number of countries spending at least as much",
        args: &[
            req("country", "the country (text) as typed"),
            req("year", "calendar year (integer)"),
            CURRENT_USD_MEASURE,
            SIPRI_VINTAGE,
        ],
        expand: expand_milex_rank,
    },
    Analysis {
        name: "milex_share_of_world",
        summary: "A country's military expenditure as a percent of the world total (SIPRI's \"World\")",
        args: &[
            req("country", "the country (text) as typed"),
            req("year", "calendar year (integer)"),
            opt(
                "measure",
                "a sipri_milex measure both the country and the world total have (text); default \"constant_usd_millions\"",
            ),
            SIPRI_VINTAGE,
        ],
        expand: expand_milex_share_of_world,
    },
    Analysis {
        name: "trade_value",
        summary: "A US goods flow with a partner (or the world) in a year, a month or the year to date, USD billions, Census basis",
        args: ONE_PERIOD_OF_A_FLOW,
        expand: expand_trade_value,
    },
    Analysis {
        name: "trade_change",
        summary: "The change of a US goods flow with a partner between two years (or the same months of two years), USD billions: later − earlier (for a deficit, the change of its size)",
        args: TWO_PERIODS_OF_A_FLOW,
        expand: expand_trade_change,
    },
    Analysis {
        name: "trade_growth",
        summary: "The growth of a US goods flow with a partner between two years (or the same months of two years), percent (for a deficit, the growth of its size)",
        args: TWO_PERIODS_OF_A_FLOW,
        expand: expand_trade_growth,
    },
    Analysis {
        name: "trade_share",
        summary: "A partner's share of the US total of a flow (of the deficit, of imports, of exports), percent: partner ÷ the world total (Census's World, not seasonally adjusted) × 100",
        args: ONE_PERIOD_OF_A_FLOW,
        expand: expand_trade_share,
    },
    Analysis {
        name: "trade_rank",
        summary: "A partner's rank by a flow in a year (1 = the largest exports, imports, deficit or surplus): the number of partners of the set at least as large",
        args: &[
            PARTNER,
            FLOW,
            req("year", "calendar year (integer)"),
            opt(
                "set",
                "the partners ranked (text): \"countries\" (the default) or \"all\" (with the Census groupings: the EU, continents, …)",
            ),
            CENSUS_VINTAGE,
        ],
        expand: expand_trade_rank,
    },
    Analysis {
        name: "trade_record",
        summary: "How many earlier years a partner's flow was at least as high (or low) as in a year: 0 = a record",
        args: &[
            PARTNER,
            FLOW,
            req("year", "calendar year (integer)"),
            opt(
                "extreme",
                "\"highest\" (the default; for a deficit, the largest) or \"lowest\" (text)",
            ),
            opt(
                "since",
                "the first year compared (integer); default the first year held: \"the highest since 2008\" is 0 with since = 2009 (and 2008 as high)",
            ),
            CENSUS_VINTAGE,
        ],
        expand: expand_trade_record,
    },
    Analysis {
        name: "category_change_rank",
        summary: "The rank of an end-use category by the change of US imports from a partner between two years, among the six categories (1 = increased most)",
        args: &[
            PARTNER,
            FROM_YEAR,
            TO_YEAR,
            req(
                "category",
                "the end-use category, 0–5 (integer): 0 foods, 1 industrial supplies, 2 capital goods, 3 automotive, 4 consumer goods, 5 other",
            ),
            opt(
                "flow",
                "\"imports\" (the default and only flow by end use in these data)",
            ),
            opt("vintage", "vintage of the us_imports_by_enduse rows (text)"),
        ],
        expand: expand_category_change_rank,
    },
    Analysis {
        name: "enduse_change_rank",
        summary: "The rank of a 5-digit end-use code by the change of US imports from a partner between two years, among the codes of its category (or all codes) held in both years (1 = increased most)",
        args: &[
            req(
                "partner",
                "the partner (text): a name as typed, a Census code, or \"World\"",
            ),
            FROM_YEAR,
            TO_YEAR,
            req(
                "code",
                "the 5-digit end-use code (text), e.g. \"10000\" (crude oil)",
            ),
            opt(
                "among",
                "\"category\" (the codes of its end-use category, the default) or \"all\"",
            ),
            opt("vintage", "vintage of the us_imports_by_enduse rows (text)"),
        ],
        expand: expand_enduse_change_rank,
    },
    Analysis {
        name: "milex_change",
        summary: "The change of a country's (or the world's) military expenditure from one year to another, billions of the measure's currency",
        args: &[
            req("country", "the country (text) as typed, or \"World\""),
            FROM_YEAR,
            TO_YEAR,
            CURRENT_USD_MEASURE,
            SIPRI_VINTAGE,
        ],
        expand: expand_milex_change,
    },
    Analysis {
        name: "milex_record",
        summary: "How many earlier years a country's military expenditure was at least as high (or low) as in a year: 0 = a record; by default in constant US dollars",
        args: &[
            req("country", "the country (text) as typed, or \"World\""),
            req("year", "calendar year (integer)"),
            opt(
                "measure",
                "a sipri_milex measure (text); default \"constant_usd_millions\"",
            ),
            opt("extreme", "\"highest\" (the default) or \"lowest\" (text)"),
            opt(
                "since",
                "the first year compared (integer); default the first year held",
            ),
            SIPRI_VINTAGE,
        ],
        expand: expand_milex_record,
    },
];

/// Every named analysis, with its arguments (each with its meaning, type and default).
///
/// Any US trading partner, any country's military spending, the world total:
///
/// | analysis | arguments (optional in parentheses) | value |
/// |---|---|---|
/// | `trade_value` | `partner`, `flow`, `year`, (`month` or `through_month`), (`vintage`) | the flow in the year, month or year to date, USD billions (a deficit positive) |
/// | `trade_change` | `partner`, `flow`, `from`, `to`, (`month` or `through_month`), (`vintage`) | later − earlier, USD billions; for a deficit, the change of its size |
/// | `trade_growth` | `partner`, `flow`, `from`, `to`, (`month` or `through_month`), (`vintage`) | later ÷ earlier × 100 − 100, percent; for a balance that may change sign, the change ÷ \|earlier\| |
/// | `trade_share` | `partner`, `flow`, `year`, (`month` or `through_month`), (`vintage`) | the partner ÷ the US total (Census's World, not seasonally adjusted) × 100, percent |
/// | `trade_rank` | `partner`, `flow`, `year`, (`set` = `"countries"` or `"all"`), (`vintage`) | rank by the flow (1 = largest exports, imports, deficit or surplus): the partners of the set at least as large, those rows shown |
/// | `trade_record` | `partner`, `flow`, `year`, (`extreme` = `"highest"` or `"lowest"`), (`since`), (`vintage`) | how many earlier years (from `since`) were at least as high (or low): 0 = a record |
/// | `category_change_rank` | `partner`, `from`, `to`, `category`, (`flow` = `"imports"`), (`vintage`) | the rank of the end-use category (0–5) by the change of imports from the partner, among the six (1 = increased most) |
/// | `enduse_change_rank` | `partner`, `from`, `to`, `code`, (`among` = `"category"` or `"all"`), (`vintage`) | the rank of the 5-digit end-use code by the change of imports from the partner among the codes of its category (or all) held in both years (1 = increased most): "led by crude oil" |
/// | `us_goods_deficit` | `partner`, `year`, (`vintage`), (`series`) | US goods deficit with the partner, USD billions (−balance ÷ 1000), Census basis, from `us_goods_trade_by_partner` by partner code, or with `series = "own"` from the partner's own goods-trade series (a `vintage` only that series holds reads it too) |
/// | `category_share_of_deficit` | `partner`, `year`, `codes` or `category`, (`basis` = `"gross"` or `"net"`), (`imports_vintage`), (`balance_vintage`), (`exports_scope`), (`exports_vintage`), (`series`) | US imports of the end-use codes from the partner (`us_imports_by_enduse`), gross or net of US exports of the category to it (its own series of category exports), ÷ the goods deficit with it × 100, percent. `category` is an end-use category 0–5 (3 = automotive vehicles, parts and engines) or a code prefix in quotes (`"300"` = passenger cars); for a category the figure is the share [`partner_category_share`](crate::analysis::partner_category_share) computes, from the releases it pairs |
/// | `tariff_cost` | `partner`, `rate_pct`, `year`, (`codes`), (`imports_vintage`) | the duty bill: rate × US imports from the partner of the codes (default end-use category 3), USD billions |
/// | `tariff_exporter_loss` | `partner`, `rate_pct`, `year`, (`old_rate_pct`), (`elasticity`), (`pass_through`), (`codes`), (`imports_vintage`) | the partner's exporters' revenue loss in the static tariff model, USD billions |
/// | `defence_budget_usd` | `partner`, `fiscal_year`, `rate_year`, (`measure`), (`vintage`) | the partner's initial defence budget (its own budget series) in USD billions at an annual-average rate (`fx_annual`) |
/// | `defence_budget_growth` | `partner`, `fiscal_year`, (`measure`), (`currency` = `"local"` or `"usd"`), (`vintage`) | growth of the partner's initial defence budget, percent |
/// | `milex` | `country`, `year`, (`measure` = `"current_usd_millions"`), (`vintage`) | the country's row of `sipri_milex`: billions for money measures (USD or local currency), as published otherwise (percent for shares) |
/// | `milex_growth` | `country`, `from`, `to`, (`measure` = `"constant_usd_millions"`), (`vintage`) | change from `from` to `to`, percent; by default in real terms (constant US dollars), as SIPRI reports changes |
/// | `milex_share_of_gdp` | `country`, `year`, (`vintage`) | military expenditure as a percent of GDP (`share_of_gdp_pct`) |
/// | `milex_rank` | `country`, `year`, (`measure` = `"current_usd_millions"`), (`vintage`) | rank among all countries (`kind = "country"`), 1 = largest: the number of countries spending at least as much, those rows shown |
/// | `milex_change` | `country`, `from`, `to`, (`measure` = `"current_usd_millions"`), (`vintage`) | later − earlier, billions of the measure's currency |
/// | `milex_record` | `country`, `year`, (`measure` = `"constant_usd_millions"`), (`extreme` = `"highest"`), (`since`), (`vintage`) | how many earlier years (from `since`) were at least as high (or low): 0 = a record |
/// | `milex_share_of_world` | `country`, `year`, (`measure` = `"constant_usd_millions"`), (`vintage`) | the country ÷ SIPRI's world total × 100, percent, both under the measure (SIPRI gives the world total in constant US dollars, stored in billions: read and scaled to the measure's unit) |
///
/// `partner` is a name as a reader types it (`"South Korea"`, `"Korea, South"`, `"Viet Nam"`) or
/// a Census code (`"5800"`); `country` likewise (`"United States"`, `"South Korea"`), in
/// SIPRI's spelling, or `"World"` (or a SIPRI region) for the totals. Names match when equal
/// once case, accents, punctuation and spaces are ignored and a trailing ", X" is moved to the
/// front, or when the typed words begin exactly one name. An unknown name is an error listing
/// the closest names; a known one the data hold no figure for (a country outside the dataset, a
/// year it does not cover) makes the measure unavailable, and its claim "not checkable", with
/// the reason.
///
/// Names figures had before, still read (see `FORMER_NAMES`): `us_japan_goods_deficit`
/// (`us_goods_deficit` of Japan's own series), `auto_share_of_deficit`
/// (`category_share_of_deficit` of Japan's own series, category 3 unless `codes` are given),
/// `defense_budget_usd` and `defense_budget_growth` (the same with a c); the figures of the
/// first two are those of their successors with these arguments, and a claims file that
/// names a partner-free figure (`tariff_cost`, the budget figures) without `partner` is told
/// to add it.
///
/// ```
/// let names: Vec<&str> = tradedef::analysis::figures::analyses().iter().map(|a| a.name).collect();
/// assert!(names.contains(&"category_share_of_deficit"));
/// ```
pub fn analyses() -> &'static [Analysis] {
    ANALYSES
}
