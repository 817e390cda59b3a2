//! US military personnel assigned to any host country (DMDC quarterly reports: permanently
//! assigned personnel, not rotational or deployed forces).

use polars::prelude::*;

use crate::analysis::Table;
use crate::analysis::Vintage;
use crate::analysis::plan::{
    collect, contains_text, pick_vintage, round_to_int, texts_in_order, with_vintage_order,
};
use crate::analysis::subject::{IntoPartner, names_of};
use crate::analysis::table::{TableBuilder, texts};
use crate::data::{entry, scan};
use crate::error::ensure;
use crate::{Error, Result};

pub(crate) const BY_COUNTRY: &str = crate::data::ids::US_TROOPS_BY_COUNTRY.as_str();

/// What DMDC's figures count, stated on every troops table, chart and profile section: a reader
/// must not take them for the forces present in a country.
///
/// ```
/// assert!(tradedef::analysis::troops::WHAT_IS_COUNTED.contains("permanently assigned"));
/// ```
pub const WHAT_IS_COUNTED: &str = "DMDC counts US active-duty military personnel permanently assigned to a place (from its December 2017 report; through September 2017 the reports also counted personnel deployed for contingency operations). Rotational and deployed forces are not counted, so the forces present in a country can be far larger than the figure (e.g. units in Poland on rotation); DMDC withheld (suppressed) some countries' figures, which are gaps, not zeros.";

/// A missing reason that says a service did not report (the report's total then counts nobody
/// of that service, so its services are never summed in its place).
const DID_NOT_REPORT: &str = "did not report";

/// The reports of a table that have no figure, grouped by why: `2022-12-31, 2023-03-31 (the Army
/// did not report …)`, from rows `(report_date, reason)`.
pub(crate) fn gap_note(host: &str, gaps: &[(String, String)]) -> Option<String> {
    if gaps.is_empty() {
        return None;
    }
    let mut by_reason: Vec<(String, Vec<String>)> = Vec::new();
    for (date, why) in gaps {
        let why = if why.is_empty() {
            "no figure given".to_string()
        } else {
            why.clone()
        };
        match by_reason.iter_mut().find(|(w, _)| *w == why) {
            Some((_, dates)) => dates.push(date.clone()),
            None => by_reason.push((why, vec![date.clone()])),
        }
    }
    Some(format!(
        "reports without a figure for {host} (gaps, not zeros): {}",
        by_reason
            .iter()
            .map(|(why, dates)| format!("{} ({why})", dates.join(", ")))
            .collect::<Vec<_>>()
            .join("; ")
    ))
}

/// Which vintage each run of years of a table comes from: `1950–2007 from A; 2008–2026 from B`,
/// from rows `(year, vintage)` in year order.
pub(crate) fn vintage_note(rows: &[(i64, String)]) -> Option<String> {
    let mut runs: Vec<(i64, i64, &str)> = Vec::new();
    for (year, v) in rows {
        match runs.last_mut() {
            Some((_, last, tag)) if *tag == v.as_str() => *last = *year,
            _ => runs.push((*year, *year, v.as_str())),
        }
    }
    (!runs.is_empty()).then(|| {
        format!(
            "each report from the newest vintage covering it: {}",
            runs.iter()
                .map(|(a, b, v)| if a == b {
                    format!("{a} from {v}")
                } else {
                    format!("{a}–{b} from {v}")
                })
                .collect::<Vec<_>>()
                .join("; ")
        )
    })
}

/// `(report_date, reason)` of the rows of a frame with those two text columns.
pub(crate) fn date_reasons(frame: &DataFrame, what: &str) -> Result<Vec<(String, String)>> {
    let dates = texts(frame, what, "report_date")?;
    let why = texts(frame, what, "why")?;
    Ok(dates
        .into_iter()
        .zip(why)
        .filter_map(|(d, w)| Some((d?, w.unwrap_or_default())))
        .collect())
}

/// `(year, vintage)` of the rows of a table frame.
pub(crate) fn year_vintages(frame: &DataFrame, what: &str) -> Result<Vec<(i64, String)>> {
    let years = crate::analysis::table::ints(frame, what, "year")?;
    let vintages = texts(frame, what, "vintage")?;
    Ok(years
        .into_iter()
        .zip(vintages)
        .filter_map(|(y, v)| Some((y?, v?)))
        .collect())
}

/// Keeps, for each report date, the rows of the newest vintage that has rows for it (every row
/// when the dataset has no `vintage` column; then `vintage` is empty).
pub(crate) fn newest_covering(rows: LazyFrame, has_vintage: bool, what: &str) -> Result<LazyFrame> {
    if has_vintage {
        pick_vintage(
            with_vintage_order(rows, what)?,
            &Vintage::LatestCovering,
            &["report_date"],
        )
    } else {
        Ok(rows.with_column(lit("").alias("vintage")))
    }
}

/// Whether a row's figure is empty because its service did not report.
pub(crate) fn unreported(has_missing: bool) -> Expr {
    if has_missing {
        col("personnel")
            .is_null()
            .and(contains_text(col("missing"), DID_NOT_REPORT))
            .fill_null(lit(false))
    } else {
        lit(false)
    }
}

/// The missing reason of a row, or null when the dataset has no `missing` column.
pub(crate) fn why(has_missing: bool) -> Expr {
    if has_missing {
        col("missing")
    } else {
        lit(NULL).cast(DataType::String)
    }
}

/// US military personnel in a host country, one row per year (the year's latest report with a
/// figure): `year`, `report_date`, `personnel`, `basis`, `locations`, `vintage`. The host is
/// found by its ISO alpha-3 code where the registry has one, else by its DMDC name. Each report
/// is taken from the newest vintage that covers it (has rows for the host). Where reports use
/// several bases, the basis with the most reports is used; `personnel` is the sum over every
/// location DMDC lists under the host (e.g. the Ryukyu Islands under Japan before 1972) of the
/// location's `total` row, or of its services where it has none (noted) — never where a service
/// did not report. A report without a figure (suppressed, or a service that did not report) is a
/// gap listed in the notes with its reason. A host DMDC never lists is an error naming it.
///
/// DMDC counts personnel permanently assigned, not the forces present ([`WHAT_IS_COUNTED`], a
/// note of the table).
///
/// ```
/// use tradedef::prelude::*;
/// let t = troops_in("South Korea")?;
/// assert!(t.value_at("year", 2024, "personnel")? > 10_000.0);
/// assert!(t.notes().iter().any(|n| n.contains("permanently assigned")));
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn troops_in(host: impl IntoPartner) -> Result<Table> {
    let p = host.into_partner()?;
    let meta = &entry(BY_COUNTRY)?.meta;
    let has = |c: &str| meta.has_column(c);
    let by_iso = has("iso3") && p.iso3.is_some();
    let rows = if by_iso {
        let iso = p.iso3.clone().unwrap_or_default();
        scan(BY_COUNTRY)?.filter(col("iso3").eq(lit(iso)))
    } else {
        let names = Series::new("names".into(), names_of(&p));
        scan(BY_COUNTRY)?.filter(col("country").is_in(lit(names).implode(false), false))
    };
    let has_entry = has("entry");
    let rows = if has_entry {
        // A second entry for the same report and location is a published duplicate with other
        // figures (noted in the sidecar); the first entry is the compilation's row.
        rows.filter(col("entry").eq(lit(1)))
    } else {
        rows
    };
    let has_vintage = has("vintage");
    let has_missing = has("missing");
    let rows = newest_covering(rows, has_vintage, BY_COUNTRY)?;
    let location = if has("location") {
        col("location")
    } else {
        lit("").alias("location")
    };
    // per report, its location labels, sorted and joined
    let labels = rows
        .clone()
        .filter(col("personnel").is_not_null())
        .with_column(location.clone())
        .filter(
            col("report_date")
                .is_not_null()
                .and(col("location").is_not_null()),
        )
        .group_by([col("report_date")])
        .agg([col("location")
            .unique()
            .sort(SortOptions::default())
            .alias("labels")])
        .select([
            col("report_date"),
            col("labels")
                .list()
                .join(lit("; "), true)
                .alias("locations"),
        ]);
    let is_total = col("service").eq(lit("total"));
    let by_location = rows
        .with_columns([
            location,
            unreported(has_missing).alias("unreported"),
            why(has_missing).alias("why"),
        ])
        .group_by([
            col("report_date"),
            col("year"),
            col("basis"),
            col("vintage"),
            col("location"),
        ])
        .agg([
            col("personnel")
                .filter(is_total.clone())
                .first()
                .cast(DataType::Float64)
                .alias("total"),
            col("personnel")
                .filter(is_total.clone().not())
                .sum()
                .cast(DataType::Float64)
                .alias("services"),
            col("personnel")
                .filter(is_total.clone().not())
                .is_not_null()
                .cast(DataType::Int64)
                .sum()
                .alias("given"),
            col("unreported")
                .cast(DataType::Int64)
                .sum()
                .alias("unreported"),
            col("why").filter(is_total).first().alias("why"),
        ])
        .with_columns([
            // A location without a total counts the sum of its services, unless one of them
            // did not report.
            when(col("total").is_not_null())
                .then(col("total"))
                .when(col("unreported").eq(lit(0)).and(col("given").gt(lit(0))))
                .then(col("services"))
                .otherwise(lit(NULL).cast(DataType::Float64))
                .alias("figure"),
        ]);
    let all_reports = collect(
        by_location
            .group_by([
                col("report_date"),
                col("year"),
                col("basis"),
                col("vintage"),
            ])
            .agg([
                col("figure").sum().alias("total"),
                col("figure")
                    .is_not_null()
                    .cast(DataType::Int64)
                    .sum()
                    .alias("with_figure"),
                col("total")
                    .is_null()
                    .and(col("figure").is_not_null())
                    .cast(DataType::Float64)
                    .sum()
                    .alias("summed"),
                col("why")
                    .filter(col("figure").is_null())
                    .first()
                    .alias("why"),
            ])
            .sort(["report_date"], SortMultipleOptions::default()),
        BY_COUNTRY,
    )?;
    let gaps = date_reasons(
        &collect(
            all_reports
                .clone()
                .lazy()
                .filter(col("with_figure").eq(lit(0))),
            BY_COUNTRY,
        )?,
        BY_COUNTRY,
    )?;
    let reports = collect(
        all_reports.lazy().filter(col("with_figure").gt(lit(0))),
        BY_COUNTRY,
    )?;
    ensure!(
        reports.height() != 0,
        Error::no_data(
            format!("US troops in {} ({BY_COUNTRY})", p.name),
            match gap_note(&p.name, &gaps) {
                Some(gaps) => format!("no DMDC report gives a figure: {gaps}"),
                None => format!(
                    "no DMDC report lists {} ({})",
                    p.name,
                    p.iso3.as_deref().unwrap_or("no ISO code")
                ),
            },
        )
    );
    // The basis with the most reports.
    let bases = reports
        .clone()
        .lazy()
        .group_by([col("basis")])
        .agg([col("report_date").count().alias("n")])
        .sort(
            ["n", "basis"],
            SortMultipleOptions::default().with_order_descending_multi([true, false]),
        )
        .collect()
        .map_err(|e| Error::polars(BY_COUNTRY, e))?;
    let basis = texts(&bases, BY_COUNTRY, "basis")?
        .into_iter()
        .flatten()
        .next()
        .unwrap_or_default();
    let latest = collect(
        reports
            .lazy()
            .filter(col("basis").eq(lit(basis.as_str())))
            .sort(["report_date"], SortMultipleOptions::default())
            .group_by_stable([col("year")])
            .agg([
                col("report_date").last(),
                col("total").last(),
                col("summed").last(),
                col("basis").last(),
                col("vintage").last(),
            ])
            .sort(["year"], SortMultipleOptions::default())
            .join(
                labels,
                [col("report_date")],
                [col("report_date")],
                crate::analysis::plan::keep_order(JoinType::Left),
            ),
        BY_COUNTRY,
    )?;
    let summed_dates = texts_in_order(
        latest.clone().lazy().filter(col("summed").gt(lit(0.0))),
        "report_date",
        BY_COUNTRY,
    )?;
    let table = collect(
        latest.lazy().select([
            col("year").cast(DataType::Int64),
            col("report_date"),
            round_to_int(col("total")).alias("personnel"),
            col("basis"),
            col("locations"),
            col("vintage"),
        ]),
        BY_COUNTRY,
    )?;
    let vintages = year_vintages(&table, BY_COUNTRY)?;
    let mut t = TableBuilder::new(format!("US military personnel in {}", p.name))
        .frame(
            table,
            &[
                ("year", "calendar year".into()),
                (
                    "report_date",
                    "date of the DMDC report (the year's latest)".into(),
                ),
                ("personnel", "persons".into()),
                ("basis", "who is counted".into()),
                (
                    "locations",
                    "the report's location labels counted (DMDC's own words, which say what the host covers, e.g. Okinawa)".into(),
                ),
                ("vintage", "the vintage the report is read from".into()),
            ],
        )
        .partner(&p)
        .note(WHAT_IS_COUNTED)
        .note(format!(
            "{BY_COUNTRY}, host {} ({}); basis used: `{basis}` (the basis with the most reports)",
            p.name,
            if by_iso {
                "by ISO code"
            } else {
                "by DMDC name"
            }
        ));
    if !summed_dates.is_empty() {
        t = t.note(format!(
            "no total row; sum of services used for {}",
            summed_dates.join(", ")
        ));
    }
    if let Some(note) = vintage_note(&vintages) {
        t = t.note(note);
    }
    if let Some(note) = gap_note(&p.name, &gaps) {
        t = t.note(note);
    }
    t.build(meta.provenance())
}
