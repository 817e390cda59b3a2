//! US military personnel stationed in any host country (DMDC quarterly reports).

use polars::prelude::*;

use crate::analysis::subject::{IntoPartner, names_of};
use crate::analysis::table::{TableBuilder, floats, ints, texts};
use crate::analysis::Table;
use crate::data::load;
use crate::{Error, Result};

pub(crate) const BY_COUNTRY: &str = "us_troops_by_country";

/// US military personnel in a host country, one row per year (the year's latest report):
/// `year`, `report_date`, `personnel`, `basis`. The host is found by its ISO alpha-3 code where
/// the registry has one, else by its DMDC name. Where reports use several bases, the basis with
/// the most reports is used; `personnel` is the report's `total` row, or the sum of the services
/// where a report has none (noted). A host DMDC never lists is an error naming it.
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
        d.lazy().filter(col("country").is_in(lit(names).implode(false), false))
    };
    let reports = rows
        .filter(col("personnel").is_not_null())
        .group_by([col("report_date"), col("year"), col("basis")])
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
        .collect()
        .map_err(|e| Error::polars(BY_COUNTRY, e))?;
    if reports.height() == 0 {
        return Err(Error::not_found(
            format!("host country in {BY_COUNTRY}"),
            &p.name,
            [format!(
                "no DMDC report lists {} ({})",
                p.name,
                p.iso3.as_deref().unwrap_or("no ISO code")
            )],
        ));
    }
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
    let latest = reports
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
        .collect()
        .map_err(|e| Error::polars(BY_COUNTRY, e))?;
    let totals = floats(&latest, BY_COUNTRY, "total")?;
    let summed = floats(&latest, BY_COUNTRY, "summed")?;
    let dates = texts(&latest, BY_COUNTRY, "report_date")?;
    let personnel: Vec<Option<i64>> = totals
        .iter()
        .zip(&summed)
        .map(|(t, s)| t.or(*s).map(|x| x.round() as i64))
        .collect();
    let summed_dates: Vec<String> = totals
        .iter()
        .zip(&dates)
        .filter(|(t, _)| t.is_none())
        .filter_map(|(_, d)| d.clone())
        .collect();
    let mut t = TableBuilder::new(format!("US military personnel in {}", p.name))
        .int("year", "calendar year", ints(&latest, BY_COUNTRY, "year")?)
        .text(
            "report_date",
            "date of the DMDC report (the year's latest)",
            dates,
        )
        .int("personnel", "persons", personnel)
        .text("basis", "who is counted", texts(&latest, BY_COUNTRY, "basis")?)
        .note(format!(
            "{BY_COUNTRY}, host {} ({}); basis used: `{basis}` (the basis with the most reports)",
            p.name,
            if by_iso { "by ISO code" } else { "by DMDC name" }
        ));
    if !summed_dates.is_empty() {
        t = t.note(format!(
            "no total row; sum of services used for {}",
            summed_dates.join(", ")
        ));
    }
    t.build(d.provenance())
}
