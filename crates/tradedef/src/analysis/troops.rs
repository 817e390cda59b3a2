//! US military personnel stationed in any host country (DMDC quarterly reports).

use polars::prelude::*;

use crate::analysis::Table;
use crate::analysis::plan::{collect, round_to_int, texts_in_order};
use crate::analysis::subject::{IntoPartner, names_of};
use crate::analysis::table::{TableBuilder, texts};
use crate::data::load;
use crate::error::ensure;
use crate::{Error, Result};

pub(crate) const BY_COUNTRY: &str = "us_troops_by_country";

/// US military personnel in a host country, one row per year (the year's latest report):
/// `year`, `report_date`, `personnel`, `basis`. The host is found by its ISO alpha-3 code where
/// the registry has one, else by its DMDC name. Where reports use several bases, the basis with
/// the most reports is used; `personnel` is the sum over every location DMDC lists under the
/// host (e.g. the Ryukyu Islands under Japan before 1972) of the location's `total` row, or of
/// its services where it has none (noted). A host DMDC never lists is an error naming it.
///
/// ```
/// use tradedef::prelude::*;
/// let t = troops_in("South Korea")?;
/// assert!(t.value_at("year", 2024, "personnel")? > 10_000.0);
/// # Ok::<(), tradedef::Error>(())
/// ```
pub fn troops_in(host: impl IntoPartner) -> Result<Table> {
    let p = host.into_partner()?;
    let d = load(BY_COUNTRY)?;
    let by_iso = d.frame().column("iso3").is_ok() && p.iso3.is_some();
    let rows = if by_iso {
        let iso = p.iso3.clone().unwrap_or_default();
        d.lazy().filter(col("iso3").eq(lit(iso)))
    } else {
        let names = Series::new("names".into(), names_of(&p));
        d.lazy()
            .filter(col("country").is_in(lit(names).implode(false), false))
    };
    let has_entry = d.frame().column("entry").is_ok();
    let rows = if has_entry {
        // A second entry for the same report and location is a published duplicate with other
        // figures (noted in the sidecar); the first entry is the compilation's row.
        rows.filter(col("entry").eq(lit(1)))
    } else {
        rows
    };
    let location = if d.frame().column("location").is_ok() {
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
    let reports = rows
        .filter(col("personnel").is_not_null())
        .with_column(location)
        .group_by([
            col("report_date"),
            col("year"),
            col("basis"),
            col("location"),
        ])
        .agg([
            col("personnel")
                .filter(col("service").eq(lit("total")))
                .first()
                .cast(DataType::Float64)
                .alias("total"),
            col("personnel")
                .filter(col("service").neq(lit("total")))
                .sum()
                .cast(DataType::Float64)
                .alias("summed"),
        ])
        .group_by([col("report_date"), col("year"), col("basis")])
        .agg([
            // A location without a total row counts the sum of its services.
            col("total").fill_null(col("summed")).sum().alias("total"),
            col("total")
                .null_count()
                .cast(DataType::Float64)
                .alias("summed"),
            col("location").n_unique().alias("locations"),
        ])
        .collect()
        .map_err(|e| Error::polars(BY_COUNTRY, e))?;
    ensure!(
        reports.height() != 0,
        Error::argument(
            format!("US troops in {} ({BY_COUNTRY})", p.name),
            format!(
                "no DMDC report lists {} ({})",
                p.name,
                p.iso3.as_deref().unwrap_or("no ISO code")
            ),
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
        ]),
        BY_COUNTRY,
    )?;
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
            ],
        )
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
    t.build(d.provenance())
}
