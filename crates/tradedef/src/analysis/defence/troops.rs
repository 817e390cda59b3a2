//! US military personnel in Japan by year (DMDC reports).

use polars::prelude::*;

use crate::analysis::Table;
use crate::analysis::plan::{collect, over, texts_in_order};
use crate::analysis::table::{TableBuilder, texts};
use crate::analysis::troops::{
    WHAT_IS_COUNTED, date_reasons, gap_note, newest_covering, vintage_note, why, year_vintages,
};
use crate::data::{Provenance, load};
use crate::{Error, Result};

/// The troop-report dataset of one host this module reads.
pub(crate) const TROOPS: &str = crate::data::ids::US_TROOPS_IN_JAPAN.as_str();

/// The reports' total personnel, one row per report date and basis, in that order, each report
/// from the newest vintage that covers it: `report_date`, `basis` (empty when not given),
/// `vintage`, `year` (of the report's first row), `personnel` (the `total` row, else the sum of
/// the services when positive and none is missing), `summed`, `why` (the reason of a missing
/// total). Reports without a figure are kept, with `personnel` null.
fn troop_reports() -> Result<(LazyFrame, Provenance)> {
    let d = load(TROOPS)?;
    let has_vintage = d.frame().column("vintage").is_ok();
    let has_missing = d.frame().column("missing").is_ok();
    let services = col("service").neq(lit("total"));
    let service_sum = when(
        col("personnel")
            .filter(services.clone())
            .null_count()
            .gt(lit(0)),
    )
    .then(lit(NULL).cast(DataType::Int64))
    .otherwise(
        col("personnel")
            .filter(services)
            .sum()
            .cast(DataType::Int64),
    );
    let rows = d.lazy().filter(
        col("report_date")
            .is_not_null()
            .and(col("year").is_not_null())
            .and(col("service").is_not_null()),
    );
    let reports = newest_covering(rows, has_vintage, TROOPS)?
        .with_columns([
            col("basis").fill_null(lit("")),
            col("personnel").cast(DataType::Int64),
            why(has_missing).alias("why"),
        ])
        .group_by([col("report_date"), col("basis"), col("vintage")])
        .agg([
            col("year").cast(DataType::Int64).first(),
            col("personnel")
                .filter(col("service").eq(lit("total")))
                .last()
                .alias("total"),
            service_sum.alias("sum"),
            col("why")
                .filter(col("service").eq(lit("total")))
                .last()
                .alias("why"),
        ])
        .with_columns([
            when(col("total").is_not_null())
                .then(col("total"))
                .when(col("sum").gt(lit(0)))
                .then(col("sum"))
                .otherwise(lit(NULL).cast(DataType::Int64))
                .alias("personnel"),
            col("total").is_null().alias("summed"),
        ])
        .sort(["report_date", "basis"], SortMultipleOptions::default());
    Ok((reports, d.provenance()))
}

/// US military personnel in Japan, one row per year (the year's latest report with a figure):
/// `year`, `report_date`, `personnel`, `basis`, `vintage`. Each report is taken from the newest
/// vintage that covers it. Where reports use several bases, the basis with the most reports is
/// used. `personnel` is the report's `total` row, or the sum of the services where a report has
/// no total and none is missing (noted); a report without a figure (e.g. a quarter in which the
/// Army did not report) is a gap listed in the notes with its reason. DMDC counts personnel
/// permanently assigned, not the forces present
/// ([`WHAT_IS_COUNTED`], a note of the table).
#[deprecated(
    note = "use `troops_in(\"Japan\")` (DMDC by country) or `troops_from_reports(\"us_troops_in_japan\", &partner)`"
)]
pub fn troops_in_japan() -> Result<Table> {
    troops_from_reports(TROOPS, &crate::data::partner("JPN")?)
}

/// US military personnel in a host from a dataset of DMDC reports for that host (one row per
/// report, service and basis): each year's latest report on the basis with the most reports.
/// Only datasets with that schema are accepted (today `us_troops_in_japan`); any other id is an
/// error listing them. For any host, [`troops_in`](crate::analysis::troops_in) reads DMDC's
/// by-country files.
///
/// ```
/// use tradedef::prelude::*;
/// let t = tradedef::analysis::defence::troops_from_reports("us_troops_in_japan", &partner("Japan")?)?;
/// assert!(t.value_at("year", 2020, "personnel")? > 40_000.0);
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn troops_from_reports(dataset: &str, host: &crate::data::Partner) -> Result<Table> {
    if dataset != TROOPS {
        return Err(Error::not_found(
            "troop-report dataset with an analysis",
            dataset,
            [TROOPS],
        ));
    }
    let (all_reports, provenance) = troop_reports()?;
    let gaps = date_reasons(
        &collect(
            all_reports
                .clone()
                .filter(col("personnel").is_null())
                .select([col("report_date"), col("why")]),
            TROOPS,
        )?,
        TROOPS,
    )?;
    let reports = all_reports.filter(col("personnel").is_not_null());
    // the basis with the most reports (of equal counts, the last in text order)
    let most = collect(
        reports
            .clone()
            .group_by([col("basis")])
            .agg([len().alias("n")])
            .sort(["n", "basis"], SortMultipleOptions::default())
            .tail(1),
        TROOPS,
    )?;
    let basis = texts(&most, TROOPS, "basis")?
        .into_iter()
        .flatten()
        .next()
        .unwrap_or_default();
    // each year's latest report on that basis
    let rows = collect(
        reports
            .filter(col("basis").eq(lit(basis.as_str())))
            .filter(col("report_date").eq(over(col("report_date").max(), &["year"])?))
            .sort(["year"], SortMultipleOptions::default()),
        TROOPS,
    )?;
    let summed = texts_in_order(
        rows.clone().lazy().filter(col("summed")),
        "report_date",
        TROOPS,
    )?;
    let vintages = year_vintages(&rows, TROOPS)?;
    let mut t = TableBuilder::new(format!("US military personnel in {}", host.name))
        .frame(
            rows.select(["year", "report_date", "personnel", "basis", "vintage"])
                .map_err(|e| Error::polars(TROOPS, e))?,
            &[
                ("year", "calendar year".into()),
                (
                    "report_date",
                    "date of the DMDC report (the year's latest)".into(),
                ),
                ("personnel", "persons".into()),
                ("basis", "who is counted".into()),
                ("vintage", "the vintage the report is read from".into()),
            ],
        )
        .partner(host)
        .note(format!(
            "basis used: `{basis}` (the basis with the most reports)"
        ))
        .note(WHAT_IS_COUNTED);
    if !summed.is_empty() {
        t = t.note(format!(
            "no total row; sum of services used for {}",
            summed.join(", ")
        ));
    }
    if let Some(note) = vintage_note(&vintages) {
        t = t.note(note);
    }
    if let Some(note) = gap_note(&host.name, &gaps) {
        t = t.note(note);
    }
    t.build(provenance)
}
