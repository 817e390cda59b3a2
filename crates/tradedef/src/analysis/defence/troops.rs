//! US military personnel in Japan by year (DMDC reports).

use polars::prelude::*;

use crate::analysis::Table;
use crate::analysis::plan::{collect, over, texts_in_order};
use crate::analysis::table::{TableBuilder, texts};
use crate::data::{Provenance, load};
use crate::{Error, Result};

const TROOPS: &str = "us_troops_in_japan";

/// A report's total personnel, one row per report date and basis, in that order: `report_date`,
/// `basis` (empty when not given), `year` (of the report's first row), `personnel` (the `total`
/// row, else the sum of the services when positive and none is missing), `summed`.
fn troop_reports() -> Result<(LazyFrame, Provenance)> {
    let d = load(TROOPS)?;
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
    let reports = d
        .lazy()
        .filter(
            col("report_date")
                .is_not_null()
                .and(col("year").is_not_null())
                .and(col("service").is_not_null()),
        )
        .with_columns([
            col("basis").fill_null(lit("")),
            col("personnel").cast(DataType::Int64),
        ])
        .group_by([col("report_date"), col("basis")])
        .agg([
            col("year").cast(DataType::Int64).first(),
            col("personnel")
                .filter(col("service").eq(lit("total")))
                .last()
                .alias("total"),
            service_sum.alias("sum"),
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
        .filter(col("personnel").is_not_null())
        .sort(["report_date", "basis"], SortMultipleOptions::default());
    Ok((reports, d.provenance()))
}

/// US military personnel in Japan, one row per year (the year's latest report): `year`,
/// `report_date`, `personnel`, `basis`. Where reports use several bases, the basis with the
/// most reports is used. `personnel` is the report's `total` row, or the sum of the services
/// where a report has no total (noted).
///
/// ```
/// use tradedef::prelude::*;
/// let t = troops_in_japan()?;
/// assert!(t.unit("personnel").is_some_and(|u| u.contains("persons")));
/// assert!(t.value_at("year", 2020, "personnel")? > 40_000.0);
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn troops_in_japan() -> Result<Table> {
    let (reports, provenance) = troop_reports()?;
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
    let mut t = TableBuilder::new("US military personnel in Japan")
        .frame(
            rows.select(["year", "report_date", "personnel", "basis"])
                .map_err(|e| Error::polars(TROOPS, e))?,
            &[
                ("year", "calendar year".into()),
                (
                    "report_date",
                    "date of the DMDC report (the year's latest)".into(),
                ),
                ("personnel", "persons".into()),
                ("basis", "who is counted".into()),
            ],
        )
        .note(format!(
            "basis used: `{basis}` (the basis with the most reports)"
        ));
    if !summed.is_empty() {
        t = t.note(format!(
            "no total row; sum of services used for {}",
            summed.join(", ")
        ));
    }
    t.build(provenance)
}
