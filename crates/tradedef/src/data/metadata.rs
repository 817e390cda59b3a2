//! The metadata record of a dataset: the TOML sidecar next to its CSV.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::{Error, Location, Result};

/// The type of a column's cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum DType {
    /// Whole numbers (years, months, persons), stored as `Int64`.
    Int,
    /// Decimal numbers, stored as `Float64`.
    Float,
    /// Text, stored as `String`.
    Str,
    /// Calendar dates written `YYYY-MM-DD`, stored as `Date`.
    Date,
}

/// One column of a dataset: its name, type, unit, meaning and the values it may take.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnSpec {
    /// The header name in the CSV.
    pub name: String,
    /// The cell type.
    pub dtype: DType,
    /// The unit, e.g. "USD millions (nominal)", or "" for labels.
    #[serde(default)]
    pub unit: String,
    /// What the column holds.
    pub description: String,
    /// Whether a cell may be empty. An empty number needs a reason in the
    /// [`Checks::missing_reason_column`] of its row.
    #[serde(default)]
    pub nullable: bool,
    /// Smallest plausible value (numbers only).
    #[serde(default)]
    pub min: Option<f64>,
    /// Largest plausible value (numbers only).
    #[serde(default)]
    pub max: Option<f64>,
    /// The only values allowed (text only), e.g. the units a `unit` column may name.
    #[serde(default)]
    pub allowed: Option<Vec<String>>,
    /// What an empty cell means when it is not a missing figure (e.g. `month` empty = "annual
    /// total"); such empty cells need no missing reason.
    #[serde(default)]
    pub empty_means: Option<String>,
}

/// A source that rows of a dataset cite by id in their `source` column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRef {
    /// The id rows use.
    pub id: String,
    /// Who produced the figures.
    pub producer: String,
    /// The table, release or document.
    pub table: String,
    /// The URL as published.
    pub url: String,
    /// The vintage or release the figures come from.
    pub vintage: String,
    /// When the source was read.
    #[serde(default)]
    pub date_accessed: Option<String>,
    /// Whether this is a secondary outlet quoting an official table, and other remarks.
    #[serde(default)]
    pub note: Option<String>,
    /// The publisher's release (revision basis) the figures belong to, shared by sources of
    /// other datasets that are consistent with them, e.g. `census-annual-revision-2025` for
    /// every Census figure published after the June 2025 annual revision and before the next.
    /// Ratios of two datasets pair sources of the same release (see data/README.md).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release: Option<String>,
}

/// When the publisher of a dataset releases new figures, and how to bring them in: the
/// `[freshness]` table of a sidecar, read by `tradedef data status`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Freshness {
    /// How often the publisher releases: `annual`, `quarterly`, `monthly`, `irregular` or `none`
    /// (a closed series).
    pub cadence: String,
    /// When the publisher normally releases the next figures after those held
    /// (`YYYY-MM-DD`); empty for a closed or irregular series.
    #[serde(default)]
    pub next_release: Option<String>,
    /// What that release brings (e.g. "2025 annual totals and the June 2026 revision").
    #[serde(default)]
    pub next_release_brings: Option<String>,
    /// The command that refreshes the dataset from the publisher's file, e.g.
    /// `tradedef data import census-country country.xlsx`; empty where no importer exists.
    #[serde(default)]
    pub import: Option<String>,
}

/// A definitional break in a dataset's series: what changes and from when, and the partners whose
/// series it concerns. Every table made from the dataset for one of those partners (or for no
/// partner in particular) lists it among its notes.
///
/// In the sidecar a break is either a string, a break of every partner's series
/// (`breaks = ["…"]`), or a table naming the partners it concerns by ISO 3166-1 alpha-3 code (or,
/// for a partner without one, its registry name):
///
/// ```toml
/// [[breaks]]
/// text = "Okinawa: …"
/// partners = ["JPN"]
/// ```
///
/// ```
/// use tradedef::data::Break;
/// let okinawa = Break::scoped("Okinawa counted from 1974", ["JPN"]);
/// assert!(okinawa.concerns(Some("JPN"), "Japan"));
/// assert!(!okinawa.concerns(Some("POL"), "Poland"));
/// assert!(Break::every_partner("December 2017: permanently assigned only").concerns(Some("POL"), "Poland"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "BreakToml")]
pub struct Break {
    /// What changes and from when.
    pub text: String,
    /// The partners whose series it breaks (ISO alpha-3 codes, or registry names); empty: every
    /// partner's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partners: Vec<String>,
}

impl Break {
    /// A break of every partner's series.
    pub fn every_partner(text: impl Into<String>) -> Self {
        Break {
            text: text.into(),
            partners: Vec::new(),
        }
    }

    /// A break of the series of the partners named (ISO alpha-3 codes or registry names).
    pub fn scoped<S: Into<String>>(
        text: impl Into<String>,
        partners: impl IntoIterator<Item = S>,
    ) -> Self {
        Break {
            text: text.into(),
            partners: partners.into_iter().map(Into::into).collect(),
        }
    }

    /// Whether the break concerns the partner with this ISO code and name (case-insensitive):
    /// always for a break of every partner.
    pub fn concerns(&self, iso3: Option<&str>, name: &str) -> bool {
        self.partners.is_empty()
            || self.partners.iter().any(|p| {
                iso3.is_some_and(|c| p.trim().eq_ignore_ascii_case(c))
                    || p.trim().eq_ignore_ascii_case(name)
            })
    }
}

/// A break as written in a sidecar: a string, or a table with `text` and `partners`.
#[derive(Deserialize)]
#[serde(
    untagged,
    expecting = "a break: a string, or a table with `text` and optional `partners` (ISO alpha-3 codes)"
)]
enum BreakToml {
    Text(String),
    Scoped(ScopedBreak),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScopedBreak {
    text: String,
    #[serde(default)]
    partners: Vec<String>,
}

impl From<BreakToml> for Break {
    fn from(b: BreakToml) -> Self {
        match b {
            BreakToml::Text(text) => Break::every_partner(text),
            BreakToml::Scoped(s) => Break::scoped(s.text, s.partners),
        }
    }
}

/// The date of a release as the sidecar gives it: a day, a month or a year, read into a
/// [`NaiveDate`] (the first day of the month or year) with how much of it is known. Written
/// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
///
/// ```
/// use tradedef::data::ReleaseDate;
/// let d: ReleaseDate = "2026-04".parse()?;
/// assert_eq!(d.to_string(), "2026-04");
/// assert!(d < "2026-04-15".parse()?);
/// assert!("2026".parse::<ReleaseDate>()? < d);
/// assert!("2026-13".parse::<ReleaseDate>().is_err());
/// # Ok::<(), tradedef::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ReleaseDate {
    /// The day, or the first day of the month or year.
    pub date: NaiveDate,
    /// How much of the date is known.
    pub precision: DatePrecision,
}

/// How much of a [`ReleaseDate`] is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DatePrecision {
    /// The year only.
    Year,
    /// The year and month.
    Month,
    /// The day.
    Day,
}

impl ReleaseDate {
    /// The number the release order sorts by: `YYYYMMDD`, with the month and day that are not
    /// known as 0, so a year sorts before its months and a month before its days.
    pub fn sort_number(self) -> i64 {
        let (y, m, d) = (
            i64::from(self.date.year()),
            i64::from(self.date.month()),
            i64::from(self.date.day()),
        );
        match self.precision {
            DatePrecision::Year => y * 10_000,
            DatePrecision::Month => y * 10_000 + m * 100,
            DatePrecision::Day => y * 10_000 + m * 100 + d,
        }
    }
}

impl PartialOrd for ReleaseDate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ReleaseDate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.sort_number().cmp(&other.sort_number())
    }
}

impl std::str::FromStr for ReleaseDate {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        let t = text.trim();
        let parsed = match t.len() {
            4 => NaiveDate::parse_from_str(&format!("{t}-01-01"), "%Y-%m-%d")
                .map(|d| (d, DatePrecision::Year)),
            7 => NaiveDate::parse_from_str(&format!("{t}-01"), "%Y-%m-%d")
                .map(|d| (d, DatePrecision::Month)),
            _ => NaiveDate::parse_from_str(t, "%Y-%m-%d").map(|d| (d, DatePrecision::Day)),
        };
        match parsed {
            Ok((date, precision)) if t.len() == 10 || precision != DatePrecision::Day => {
                Ok(ReleaseDate { date, precision })
            }
            _ => Err(Error::invalid(
                Location::file("sidecar")
                    .column("releases.date")
                    .value(text),
                "expected a release date YYYY-MM-DD, YYYY-MM or YYYY",
            )),
        }
    }
}

impl TryFrom<String> for ReleaseDate {
    type Error = Error;

    fn try_from(text: String) -> Result<Self> {
        text.parse()
    }
}

impl From<ReleaseDate> for String {
    fn from(d: ReleaseDate) -> String {
        d.to_string()
    }
}

impl std::fmt::Display for ReleaseDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.precision {
            DatePrecision::Year => write!(f, "{}", self.date.format("%Y")),
            DatePrecision::Month => write!(f, "{}", self.date.format("%Y-%m")),
            DatePrecision::Day => write!(f, "{}", self.date.format("%Y-%m-%d")),
        }
    }
}

/// Where a release's date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateBasis {
    /// The date the figures were published, as the sources say (the sidecar's text or the
    /// tag itself names it).
    Published,
    /// No publication date is given: read from the vintage tag, its last `YYYY` (with `-MM`
    /// when written), the rule the release order followed before dates were data.
    Tag,
}

/// One release (vintage) of a dataset's figures: the tag its rows carry in the `vintage` column
/// and its date, which orders the releases (see [`crate::data::release`]). The `[[releases]]`
/// of a sidecar.
///
/// ```toml
/// [[releases]]
/// vintage = "census-c5880-page-2026-06"
/// date = "2026-06"
/// basis = "tag"
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Release {
    /// The tag in the `vintage` column.
    pub vintage: String,
    /// The release date; `None` where neither the sources nor the tag give one (the release
    /// sorts before every dated one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<ReleaseDate>,
    /// Where the date comes from.
    pub basis: DateBasis,
}

/// Rules checked on every load besides the column specs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checks {
    /// Balance equals exports minus imports (long format with a flow column).
    #[serde(default)]
    pub balance: Option<BalanceCheck>,
    /// The text column that must say why a nullable number is empty in its row.
    #[serde(default)]
    pub missing_reason_column: Option<String>,
    /// The text column whose values must be ids of [`DatasetMeta::sources`].
    #[serde(default)]
    pub source_column: Option<String>,
}

/// For each group of rows that differ only in the flow column, `balance = exports - imports`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BalanceCheck {
    /// The column naming the flow (e.g. `flow`).
    pub flow_column: String,
    /// The numeric column.
    pub value_column: String,
    /// The flow value for exports.
    pub exports: String,
    /// The flow value for imports.
    pub imports: String,
    /// The flow value for the balance.
    pub balance: String,
    /// The largest difference accepted, in the value column's unit (rounding in the source).
    pub tolerance: f64,
}

/// The metadata of a dataset, read from its TOML sidecar.
///
/// Every figure in a dataset can be traced to `producer`, `source_table`, `url_main` and
/// `vintage` (or, row by row, to [`DatasetMeta::sources`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetMeta {
    /// Short identifier, also the file stem of the CSV and the sidecar.
    pub id: String,
    /// Human title.
    pub title: String,
    /// What the dataset holds and how it was made.
    pub description: String,
    /// Who produced the figures (e.g. "U.S. Census Bureau").
    pub producer: String,
    /// The publisher's table or release.
    pub source_table: String,
    /// The page the figures are published on.
    pub url_main: String,
    /// The file a user downloads to refresh the dataset, where one exists.
    #[serde(default)]
    pub url_download: Option<String>,
    /// The release or vintage of the figures.
    pub vintage: String,
    /// When the source was published, where known (`YYYY-MM-DD` or `YYYY-MM`).
    #[serde(default)]
    pub date_published: Option<String>,
    /// When the source was read.
    pub date_accessed: String,
    /// The licence of the figures.
    pub licence: String,
    /// The chart's "Source:" line.
    pub attribution_short: String,
    /// SHA-256 of the CSV, lowercase hex; checked on load.
    pub sha256: String,
    /// Columns whose values together identify a row.
    pub key: Vec<String>,
    /// The columns, in file order.
    pub columns: Vec<ColumnSpec>,
    /// Figures the source lacks or that could not be sourced.
    #[serde(default)]
    pub gaps: Vec<String>,
    /// Definitions and caveats a user must know.
    #[serde(default)]
    pub caveats: Vec<String>,
    /// Sources cited row by row.
    #[serde(default)]
    pub sources: Vec<SourceRef>,
    /// Extra validation rules.
    #[serde(default)]
    pub checks: Checks,
    /// Definitional breaks in the series (what changes, from when, for which partners): every
    /// table made from the dataset for a partner a break concerns shows it among its notes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breaks: Vec<Break>,
    /// The publisher's release calendar and the refresh command.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub freshness: Option<Freshness>,
    /// The column a question most often selects rows by (e.g. `partner_code`, `country`): the
    /// dataset's columnar copy groups its rows by this column, so [`crate::data::scan`] reads
    /// only the groups a filter on it asks for. Empty: the columnar copy is read whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scan_key: Option<String>,
    /// The datasets this one is built from (their ids): an importer reads them from the data
    /// folder, so they are imported first and a change to them means importing this one again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub derived_from: Vec<String>,
    /// The releases of the `vintage` column, each with its date: the order of the releases.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub releases: Vec<Release>,
    /// For a partner's own series (one partner, more releases or more detail than the
    /// all-partner files): which partner and what it holds. The analyses find such a series
    /// through this declaration ([`crate::data::partner_series`]), never by a code in the code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_series: Option<PartnerSeries>,
}

/// What a partner's own series covers: see [`DatasetMeta::partner_series`].
///
/// ```toml
/// [partner_series]
/// census_code = "5880"
/// holds = "goods-trade"
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartnerSeries {
    /// The partner's Census country code.
    pub census_code: String,
    /// What the series holds.
    pub holds: SeriesHolds,
}

/// What a partner's own series holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum SeriesHolds {
    /// US goods exports to, imports from and balance with the partner (`flow`, `value`), read
    /// beside the all-partner files by the goods balance.
    GoodsTrade,
    /// US exports of a category to the partner by scope (`scope`, `value`), the exports side of
    /// a category's net share of the deficit.
    CategoryExports,
    /// Explicit US tariff rates on the partner's products (`product`, `measure`, `rate_pct`),
    /// the starting rate of a tariff scenario.
    TariffRates,
    /// The partner's defence budget in its own currency (`fiscal_year`, `measure`, `value`),
    /// read by the budget figures of `crate::analysis::figures`.
    DefenceBudget,
}

impl DatasetMeta {
    /// Parses a sidecar. `file` names it in errors.
    ///
    /// ```
    /// use tradedef::data::DatasetMeta;
    /// let meta = tradedef::data::catalog()[0].meta.clone();
    /// let text = meta.to_toml().unwrap();
    /// assert_eq!(DatasetMeta::from_toml(&text, "round-trip.toml").unwrap(), meta);
    /// ```
    pub fn from_toml(text: &str, file: &str) -> Result<Self> {
        let meta: DatasetMeta = toml::from_str(text).map_err(|e| {
            crate::toml_text::error(text, &e, Location::file(file), "metadata sidecar")
        })?;
        meta.check(file)?;
        Ok(meta)
    }

    /// Writes the sidecar as TOML.
    pub fn to_toml(&self) -> Result<String> {
        toml::to_string_pretty(self).map_err(|e| {
            Error::invalid(
                Location::file(&self.id),
                format!("cannot write metadata: {e}"),
            )
        })
    }

    /// Whether the dataset has a column of this name.
    pub fn has_column(&self, name: &str) -> bool {
        self.columns.iter().any(|c| c.name == name)
    }

    /// The provenance to carry into results made from the dataset.
    pub fn provenance(&self) -> crate::data::Provenance {
        crate::data::Provenance::single(crate::data::SourceNote::from_meta(self))
    }

    /// The spec of a column.
    pub fn column(&self, name: &str) -> Result<&ColumnSpec> {
        self.columns.iter().find(|c| c.name == name).ok_or_else(|| {
            Error::not_found(
                format!("column of dataset {}", self.id),
                name,
                self.columns.iter().map(|c| c.name.clone()),
            )
        })
    }

    /// The source a row cites, by id.
    pub fn source(&self, id: &str) -> Option<&SourceRef> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// The release a vintage tag names, if the sidecar lists it in `[[releases]]`.
    pub fn release(&self, vintage: &str) -> Option<&Release> {
        self.releases.iter().find(|r| r.vintage == vintage)
    }

    /// The line a chart prints under its plot: "Source: {attribution_short} ({vintage})".
    pub fn source_line(&self) -> String {
        format!("{} ({})", self.attribution_short, self.vintage)
    }

    fn check(&self, file: &str) -> Result<()> {
        let at = || Location::file(file);
        if self.columns.is_empty() {
            return Err(Error::invalid(at(), "metadata declares no columns"));
        }
        if let Some(k) = &self.scan_key
            && !self
                .columns
                .iter()
                .any(|c| &c.name == k && c.dtype == DType::Str)
        {
            return Err(Error::invalid(
                at().column("scan_key").value(k),
                "the scan key must be one of the declared text columns",
            ));
        }
        for k in &self.key {
            if !self.columns.iter().any(|c| &c.name == k) {
                return Err(Error::invalid(
                    at(),
                    format!("key column `{k}` is not among the declared columns"),
                ));
            }
        }
        let named = |name: &str, what: &str| -> Result<()> {
            if self.columns.iter().any(|c| c.name == name) {
                Ok(())
            } else {
                Err(Error::invalid(
                    at(),
                    format!("{what} column `{name}` is not among the declared columns"),
                ))
            }
        };
        if let Some(b) = &self.checks.balance {
            named(&b.flow_column, "balance check's flow")?;
            named(&b.value_column, "balance check's value")?;
        }
        if let Some(c) = &self.checks.missing_reason_column {
            named(c, "missing-reason")?;
        }
        if let Some(c) = &self.checks.source_column {
            named(c, "source")?;
        }
        let mut seen = std::collections::BTreeSet::new();
        for r in &self.releases {
            if !seen.insert(r.vintage.as_str()) {
                return Err(Error::invalid(
                    at().column("releases.vintage").value(&r.vintage),
                    "release listed twice",
                ));
            }
        }
        if self.derived_from.contains(&self.id) {
            return Err(Error::invalid(
                at().column("derived_from").value(&self.id),
                "a dataset is not derived from itself",
            ));
        }
        if self.sha256.len() != 64 || !self.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Error::invalid(
                at(),
                format!("sha256 `{}` is not 64 hex digits", self.sha256),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Breaks {
        breaks: Vec<Break>,
    }

    #[test]
    fn breaks_are_strings_or_tables_with_partners() {
        let plain: Breaks = toml::from_str("breaks = [\"a\", \"b\"]").expect("strings");
        assert_eq!(
            plain.breaks,
            [Break::every_partner("a"), Break::every_partner("b")]
        );
        let scoped: Breaks = toml::from_str(
            "[[breaks]]\ntext = \"Okinawa\"\npartners = [\"JPN\"]\n\n[[breaks]]\ntext = \"all\"\n",
        )
        .expect("tables");
        assert_eq!(
            scoped.breaks,
            [
                Break::scoped("Okinawa", ["JPN"]),
                Break::every_partner("all")
            ]
        );
        assert!(scoped.breaks[0].concerns(Some("jpn"), "Japan"));
        assert!(!scoped.breaks[0].concerns(Some("POL"), "Poland"));
        assert!(scoped.breaks[1].concerns(None, "Kosovo"));
        let typo = toml::from_str::<Breaks>("[[breaks]]\ntext = \"x\"\npartner = [\"JPN\"]\n")
            .expect_err("an unknown key");
        assert!(typo.to_string().contains("`partners`"), "{typo}");
    }
}
