//! Tariffs actually paid: Census *calculated duties* and imports for consumption by partner and
//! month, from the pipeline outputs of the project `corbett-hobbs/congress-ideology`. The file
//! given to the importer is the project's `pipeline/output` folder, which holds:
//!
//! - `duties_by_country/YYYY.json`: one row per partner and year, keyed by the project's
//!   `country_code` (ISO 3166-1 alpha-3, or its own code), with `duties[12]` (Census `CAL_DUT`),
//!   `import_value[12]` (imports for consumption, customs value, `CON_VAL`), `rate[12]`
//!   (duties / import value, 5 decimals), `duties_year`, `import_value_year`, `rate_year` and
//!   `source`; whole US dollars; unpublished months are `null`;
//! - `countries.json`: one row per Census partner code (`census_code`) with its `country_code`,
//!   used to map each row back to the Census code valid in its year.
//!
//! Produces `us_duties_by_partner`: for every partner, year and month, and for the year (all its
//! published months: `period` `full year` when twelve, `year to date` otherwise, with `months`
//! saying how many), the calculated duties and imports for consumption as published (whole
//! dollars) and the effective rate, recomputed as 100 × duties / imports for consumption
//! (percent, 4 decimals). The partner's name is the one `us_goods_trade_by_partner` in the data
//! folder gives its Census code (the latest vintage), else the name in `countries.json` (the
//! summary notes how many). A month not yet published is a row with empty values and the reason.
//!
//! Checks that fail the import, naming the file, entry, field and value: a row whose `year` is
//! not its file's, a `source` other than `census_api`, a `country_code` with no Census code (or,
//! where it has several, not exactly one used in the year), a value that is not whole dollars, published months that do
//! not sum exactly to the year, a file rate that differs from the recomputed rate by more than its
//! rounding (0.000005), and a rate where imports are zero or none where they are positive.

use crate::data::{DatasetId, ids};
use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Number;

use super::json_rows::{self, JsonRows, Row};
use super::merge::{Output, SourceTemplate};
use crate::{Error, Location, Result};

/// The dataset written.
const ID: DatasetId = ids::US_DUTIES_BY_PARTNER;
/// Columns of `us_duties_by_partner`.
const COLUMNS: &[&str] = &[
    "year",
    "month",
    "period",
    "months",
    "partner_code",
    "partner",
    "country_code",
    "measure",
    "value",
    "unit",
    "vintage",
    "source",
    "missing",
];
/// The dataset whose partner names are used.
const NAMES_FROM: &str = ids::US_GOODS_TRADE_BY_PARTNER.as_str();
/// The only `source` read (the project's Census API rows).
const CENSUS_API: &str = "census_api";
/// Rounding of the file's rate (5 decimals of a fraction).
const RATE_ROUNDING: f64 = 0.000005;
const DUTIES: &str = "calculated_duties";
const IMPORTS: &str = "imports_for_consumption";
const RATE: &str = "effective_rate";
const NOT_PUBLISHED: &str = "not yet published: the copy's file for the year ends with";

const SOURCE: SourceTemplate = SourceTemplate {
    producer: "U.S. Census Bureau, Foreign Trade Division",
    table: "Calculated duties (CAL_DUT) and imports for consumption, customs value (CON_VAL), all commodities, by country and month (International Trade API, imports/hs), as compiled in duties_by_country/YYYY.json",
    url: "https://api.census.gov/data/timeseries/intltrade/imports/hs",
};

/// One row of `countries.json`: a Census code and the years it is used.
struct Code {
    census_code: String,
    name: String,
    aggregate: bool,
    first_year: i64,
    last_year: i64,
}

/// The Census codes of each `country_code`.
fn read_countries(folder: &Path) -> Result<BTreeMap<String, Vec<Code>>> {
    let json = json_rows::read(
        &folder.join("countries.json"),
        "countries.json of corbett-hobbs/congress-ideology",
    )?;
    let mut codes: BTreeMap<String, Vec<Code>> = BTreeMap::new();
    for row in json.rows() {
        let census_code = row.text("census_code")?;
        if census_code.len() != 4 || !census_code.chars().all(|c| c.is_ascii_digit()) {
            return Err(Error::invalid(
                row.at("census_code"),
                "expected a 4-digit Census code",
            ));
        }
        let aggregate = match row.text_or_null("kind")? {
            Some("country" | "former" | "unallocated") => false,
            Some(_) | None => true,
        };
        codes
            .entry(row.text("country_code")?.to_string())
            .or_default()
            .push(Code {
                census_code: census_code.to_string(),
                name: row.text("name")?.to_string(),
                aggregate,
                first_year: row.int("first_year")?,
                last_year: row.int("last_year")?,
            });
    }
    Ok(codes)
}

/// Whole dollars as text (`None` for a fraction).
fn dollars(n: &Number) -> Option<i64> {
    n.as_i64().or_else(|| {
        n.as_f64()
            .filter(|x| x.fract() == 0.0 && x.abs() < 9.0e15)
            .map(|x| x as i64)
    })
}

/// A field of whole dollars (or `null`).
fn dollars_field(row: &Row, field: &str) -> Result<Option<i64>> {
    match row.number(field)? {
        None => Ok(None),
        Some(n) => dollars(n)
            .map(Some)
            .ok_or_else(|| Error::invalid(row.at(field), "expected whole US dollars")),
    }
}

/// Twelve months of whole dollars (or `null`s).
fn dollar_months(row: &Row, field: &str) -> Result<Vec<Option<i64>>> {
    row.numbers(field, 12)?
        .into_iter()
        .enumerate()
        .map(|(i, n)| match n {
            None => Ok(None),
            Some(n) => dollars(n).map(Some).ok_or_else(|| {
                Error::invalid(
                    row.at(field)
                        .column(format!("{field}[{i}]"))
                        .value(n.to_string()),
                    "expected whole US dollars",
                )
            }),
        })
        .collect()
}

/// The effective rate in percent, 4 decimals; `None` where there are no imports.
fn rate_pct(duties: i64, imports: i64) -> Option<String> {
    (imports != 0).then(|| format!("{:.4}", 100.0 * duties as f64 / imports as f64))
}

/// Checks the file's rate (a fraction, 5 decimals) against duties / imports.
fn check_rate(
    row: &Row,
    column: String,
    file_rate: Option<f64>,
    duties: i64,
    imports: i64,
) -> Result<()> {
    let at = || {
        let loc = row.at("rate").column(column.clone());
        match file_rate {
            Some(r) => loc.value(r.to_string()),
            None => loc.value("null"),
        }
    };
    match (file_rate, imports) {
        (None, 0) => Ok(()),
        (Some(_), 0) => Err(Error::invalid(
            at(),
            "a rate where imports for consumption are zero",
        )),
        (None, _) => Err(Error::invalid(
            at(),
            format!("no rate, but imports for consumption are {imports}"),
        )),
        (Some(r), _) => {
            let computed = duties as f64 / imports as f64;
            if (computed - r).abs() > RATE_ROUNDING + 1e-12 {
                Err(Error::invalid(
                    at(),
                    format!(
                        "duties / imports for consumption = {duties} / {imports} = {computed:.7}, more than rounding away from the file's rate"
                    ),
                ))
            } else {
                Ok(())
            }
        }
    }
}

/// One partner-year of a duties file, checked.
struct PartnerYear {
    country_code: String,
    duties: Vec<Option<i64>>,
    imports: Vec<Option<i64>>,
    duties_year: i64,
    imports_year: i64,
}

fn partner_year(row: &Row, year: i64) -> Result<PartnerYear> {
    if row.int("year")? != year {
        return Err(Error::invalid(
            row.at("year"),
            format!("the row's year is not the file's ({year})"),
        ));
    }
    let source = row.text("source")?;
    if source != CENSUS_API {
        return Err(Error::invalid(
            row.at("source"),
            format!("this importer reads the project's Census API rows (`{CENSUS_API}`) only"),
        ));
    }
    let duties = dollar_months(row, "duties")?;
    let imports = dollar_months(row, "import_value")?;
    let rates = row.numbers("rate", 12)?;
    let year_total = |field: &str| {
        dollars_field(row, field)?.ok_or_else(|| Error::invalid(row.at(field), "expected a number"))
    };
    let (duties_year, imports_year) =
        (year_total("duties_year")?, year_total("import_value_year")?);
    for m in 0..12 {
        if duties[m].is_some() != imports[m].is_some() {
            return Err(Error::invalid(
                row.at("duties").column(format!("duties[{m}]")),
                "duties and import_value must be published for the same months",
            ));
        }
        if let (Some(d), Some(i)) = (duties[m], imports[m]) {
            check_rate(
                row,
                format!("rate[{m}]"),
                rates[m].and_then(Number::as_f64),
                d,
                i,
            )?;
        }
    }
    for (field, months, total) in [
        ("duties_year", &duties, duties_year),
        ("import_value_year", &imports, imports_year),
    ] {
        let sum: i64 = months.iter().flatten().sum();
        if sum != total {
            return Err(Error::invalid(
                row.at(field),
                format!("the published months sum to {sum}, not {total}"),
            ));
        }
    }
    check_rate(
        row,
        "rate_year".into(),
        row.number("rate_year")?.and_then(Number::as_f64),
        duties_year,
        imports_year,
    )?;
    Ok(PartnerYear {
        country_code: row.text("country_code")?.to_string(),
        duties,
        imports,
        duties_year,
        imports_year,
    })
}

/// One duties file read: its year, how many months are published, and each partner with its
/// Census code.
type YearRows<'a> = (i64, usize, Vec<(PartnerYear, &'a Code)>);

/// The `YYYY.json` files of `duties_by_country/`, by year.
fn year_files(folder: &Path) -> Result<Vec<(i64, JsonRows)>> {
    let dir = folder.join("duties_by_country");
    let entries = std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))?;
    let mut years = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(&dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(year) = name
            .strip_suffix(".json")
            .filter(|y| y.len() == 4)
            .and_then(|y| y.parse::<i64>().ok())
        else {
            continue;
        };
        years.push((year, entry.path()));
    }
    years.sort();
    if years.is_empty() {
        return Err(Error::invalid(
            Location::file(dir.display().to_string()),
            "no YYYY.json file: expected the project's duties_by_country folder",
        ));
    }
    years
        .into_iter()
        .map(|(year, path)| {
            json_rows::read(
                &path,
                "duties_by_country/YYYY.json of corbett-hobbs/congress-ideology",
            )
            .map(|rows| (year, rows))
        })
        .collect()
}

/// The Census code of `country_code` in `year`: its only code, or, where the project merged
/// several (a recoded partner: Serbia, Sudan, Ethiopia), the one whose years in `countries.json`
/// include `year`. (Those years are the ones the goods file lists the code, so a single code is
/// used whatever they say: a small partner can have duties in a year without goods rows.)
fn census_code<'a>(
    codes: &'a BTreeMap<String, Vec<Code>>,
    row: &Row,
    country_code: &str,
    year: i64,
) -> Result<&'a Code> {
    let all: &[Code] = codes.get(country_code).map_or(&[], Vec::as_slice);
    let chosen: Vec<&Code> = match all {
        [one] => vec![one],
        several => several
            .iter()
            .filter(|c| c.first_year <= year && year <= c.last_year)
            .collect(),
    };
    match chosen.as_slice() {
        [one] if !one.aggregate => Ok(one),
        [one] => Err(Error::invalid(
            row.at("country_code"),
            format!(
                "countries.json gives Census code {} ({}), an aggregate, not a partner",
                one.census_code, one.name
            ),
        )),
        [] if all.is_empty() => Err(Error::invalid(
            row.at("country_code"),
            "countries.json has no Census code for this key",
        )),
        _ => Err(Error::invalid(
            row.at("country_code"),
            format!(
                "countries.json gives this key the Census codes {} and not exactly one of them is used in {year}",
                all.iter()
                    .map(|c| format!("{} ({}-{})", c.census_code, c.first_year, c.last_year))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

use super::MONTHS;

/// Reads the project's `pipeline/output` folder and returns the vintage, the rows of
/// `us_duties_by_partner` and notes.
pub(crate) fn read(
    folder: &Path,
    data_dir: &Path,
    vintage: Option<&str>,
) -> Result<(String, Vec<Output>, Vec<String>)> {
    let codes = read_countries(folder)?;
    let names = super::stored::census_names(data_dir, &std::collections::BTreeSet::new())?;
    let files = year_files(folder)?;
    let mut notes = Vec::new();
    // (year, months published, partners with their Census code)
    let mut parsed: Vec<YearRows> = Vec::new();
    for (year, json) in &files {
        let mut partners = Vec::new();
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for row in json.rows() {
            let p = partner_year(&row, *year)?;
            if let Some(first) = seen.insert(p.country_code.clone(), row.entry) {
                return Err(Error::invalid(
                    row.at("country_code"),
                    format!("the partner was already given in entry {first}"),
                ));
            }
            let code = census_code(&codes, &row, &p.country_code, *year)?;
            partners.push((p, code));
        }
        // the last month any partner has a figure for
        let published = (0..12)
            .rev()
            .find(|&m| partners.iter().any(|(p, _)| p.duties[m].is_some()))
            .map_or(0, |m| m + 1);
        if published < 12 {
            notes.push(format!(
                "{year}: {} published (year to date); {} not yet",
                if published == 0 {
                    "no month".to_string()
                } else {
                    format!("January to {}", MONTHS[published - 1])
                },
                MONTHS[published..].join(", ")
            ));
        }
        parsed.push((*year, published, partners));
    }
    let latest = parsed
        .iter()
        .filter(|(_, published, _)| *published > 0)
        .map(|(year, published, _)| (*year, *published))
        .max()
        .ok_or_else(|| {
            Error::invalid(
                Location::file(folder.display().to_string()),
                "no published month in any duties file",
            )
        })?;
    let vintage = vintage.map_or_else(
        || format!("census-api-duties-{}-{:02}", latest.0, latest.1),
        str::to_string,
    );

    let mut rows = Vec::new();
    let mut from_countries = 0usize;
    for (year, published, partners) in &parsed {
        for (p, code) in partners {
            let partner = match names.as_ref().and_then(|n| n.get(&code.census_code)) {
                Some(name) => name.clone(),
                None => {
                    from_countries += 1;
                    code.name.clone()
                }
            };
            let mut push = |month: String,
                            period: &str,
                            months: usize,
                            measure: &str,
                            value: String,
                            unit: &str,
                            missing: String| {
                rows.push(vec![
                    year.to_string(),
                    month,
                    period.to_string(),
                    months.to_string(),
                    code.census_code.clone(),
                    partner.clone(),
                    p.country_code.clone(),
                    measure.to_string(),
                    value,
                    unit.to_string(),
                    vintage.clone(),
                    vintage.clone(),
                    missing,
                ]);
            };
            for m in 0..12 {
                let month = (m + 1).to_string();
                match (p.duties[m], p.imports[m]) {
                    (Some(d), Some(i)) => {
                        push(
                            month.clone(),
                            "month",
                            1,
                            DUTIES,
                            d.to_string(),
                            "USD",
                            String::new(),
                        );
                        push(
                            month.clone(),
                            "month",
                            1,
                            IMPORTS,
                            i.to_string(),
                            "USD",
                            String::new(),
                        );
                        match rate_pct(d, i) {
                            Some(r) => push(month, "month", 1, RATE, r, "percent", String::new()),
                            None => push(
                                month,
                                "month",
                                1,
                                RATE,
                                String::new(),
                                "percent",
                                "no imports for consumption in the month: the rate is undefined"
                                    .into(),
                            ),
                        }
                    }
                    _ => {
                        let why = if *published == 0 {
                            format!("not yet published: the copy's file for {year} holds no month")
                        } else if m >= *published {
                            format!("{NOT_PUBLISHED} {} {year}", MONTHS[published - 1])
                        } else {
                            "no figure in the copy (null)".to_string()
                        };
                        for (measure, unit) in
                            [(DUTIES, "USD"), (IMPORTS, "USD"), (RATE, "percent")]
                        {
                            push(
                                month.clone(),
                                "month",
                                1,
                                measure,
                                String::new(),
                                unit,
                                why.clone(),
                            );
                        }
                    }
                }
            }
            let months = p.duties.iter().flatten().count();
            let period = if months == 12 {
                "full year"
            } else {
                "year to date"
            };
            push(
                String::new(),
                period,
                months,
                DUTIES,
                p.duties_year.to_string(),
                "USD",
                String::new(),
            );
            push(
                String::new(),
                period,
                months,
                IMPORTS,
                p.imports_year.to_string(),
                "USD",
                String::new(),
            );
            match rate_pct(p.duties_year, p.imports_year) {
                Some(r) => push(
                    String::new(),
                    period,
                    months,
                    RATE,
                    r,
                    "percent",
                    String::new(),
                ),
                None => push(
                    String::new(),
                    period,
                    months,
                    RATE,
                    String::new(),
                    "percent",
                    "no imports for consumption in the period: the rate is undefined".into(),
                ),
            }
        }
    }
    notes.push(match names {
        Some(_) if from_countries == 0 => format!("partner names: every Census code named as in {NAMES_FROM}"),
        Some(_) => format!("partner names: {from_countries} partner-years named from countries.json (their Census code is not in {NAMES_FROM})"),
        None => format!("partner names: {NAMES_FROM} is not in the data folder; names from countries.json"),
    });
    Ok((
        vintage,
        vec![Output {
            id: ID,
            columns: COLUMNS,
            rows,
            year_column: "year",
            source: SOURCE,
        }],
        notes,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const COUNTRIES: &str = r#"[
{"country_code":"JPN","census_code":"5880","name":"Japan","iso2":"JP","kind":"country","is_aggregate":false,"first_year":1991,"last_year":2026,"note":null},
{"country_code":"SRB","census_code":"4801","name":"Serbia","iso2":"RS","kind":"country","is_aggregate":false,"first_year":2009,"last_year":2026,"note":null},
{"country_code":"SRB","census_code":"4802","name":"Serbia","iso2":null,"kind":"country","is_aggregate":false,"first_year":2007,"last_year":2008,"note":null},
{"country_code":"AGG_0003","census_code":"0003","name":"European Union","iso2":null,"kind":"group","is_aggregate":true,"first_year":1997,"last_year":2026,"note":null}
]"#;

    fn partner(code: &str, year: i64, months: usize) -> String {
        let d: Vec<String> = (0..12)
            .map(|m| {
                if m < months {
                    "10".into()
                } else {
                    "null".into()
                }
            })
            .collect();
        let i: Vec<String> = (0..12)
            .map(|m| {
                if m < months {
                    "1000".into()
                } else {
                    "null".into()
                }
            })
            .collect();
        let r: Vec<String> = (0..12)
            .map(|m| {
                if m < months {
                    "0.01".into()
                } else {
                    "null".into()
                }
            })
            .collect();
        let n = months as i64;
        format!(
            r#"{{"country_code":"{code}","year":{year},"duties":[{}],"import_value":[{}],"rate":[{}],"duties_year":{},"import_value_year":{},"rate_year":0.01,"source":"census_api"}}"#,
            d.join(","),
            i.join(","),
            r.join(","),
            10 * n,
            1000 * n
        )
    }

    struct Case {
        dir: std::path::PathBuf,
    }

    impl Case {
        fn new(name: &str, files: &[(i64, Vec<String>)]) -> Case {
            let dir = std::env::temp_dir().join(format!(
                "tradedef-census-duties-{}-{name}",
                std::process::id()
            ));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(dir.join("duties_by_country")).unwrap();
            std::fs::write(dir.join("countries.json"), COUNTRIES).unwrap();
            for (year, rows) in files {
                std::fs::write(
                    dir.join(format!("duties_by_country/{year}.json")),
                    format!("[\n{}\n]", rows.join(",\n")),
                )
                .unwrap();
            }
            Case { dir }
        }

        fn read(&self) -> Result<(String, Vec<Output>, Vec<String>)> {
            read(&self.dir, &self.dir.join("no-data"), None)
        }

        fn error(&self) -> String {
            self.read().err().map(|e| e.to_string()).unwrap_or_default()
        }
    }

    impl Drop for Case {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }

    #[test]
    fn years_months_and_the_year_to_date() {
        let case = Case::new(
            "ok",
            &[
                (
                    2025,
                    vec![partner("JPN", 2025, 12), partner("SRB", 2025, 12)],
                ),
                (2026, vec![partner("JPN", 2026, 8)]),
            ],
        );
        let (vintage, out, notes) = case.read().unwrap();
        assert_eq!(vintage, "census-api-duties-2026-08");
        let rows = &out[0].rows;
        assert_eq!(rows.len(), 3 * 13 * 3);
        let find = |year: &str, month: &str, code: &str, measure: &str| {
            rows.iter()
                .find(|r| r[0] == year && r[1] == month && r[4] == code && r[7] == measure)
                .unwrap()
        };
        let ytd = find("2026", "", "5880", RATE);
        assert_eq!(
            (ytd[2].as_str(), ytd[3].as_str(), ytd[8].as_str()),
            ("year to date", "8", "1.0000")
        );
        assert_eq!(find("2026", "", "5880", DUTIES)[8], "80");
        let sep = find("2026", "9", "5880", IMPORTS);
        assert_eq!(sep[8], "");
        assert!(sep[12].contains("ends with August 2026"), "{}", sep[12]);
        let serbia = find("2025", "", "4801", IMPORTS);
        assert_eq!(
            (serbia[2].as_str(), serbia[5].as_str(), serbia[6].as_str()),
            ("full year", "Serbia", "SRB")
        );
        assert!(
            notes
                .iter()
                .any(|n| n.contains("2026: January to August published"))
        );
        assert!(
            notes
                .iter()
                .any(|n| n.contains("names from countries.json"))
        );
    }

    #[test]
    fn a_recoded_partner_takes_the_code_of_the_year() {
        let case = Case::new("serbia", &[(2008, vec![partner("SRB", 2008, 12)])]);
        let (_, out, _) = case.read().unwrap();
        assert!(out[0].rows.iter().all(|r| r[4] == "4802"));
    }

    #[test]
    fn bad_rows_are_named() {
        let bad_sum =
            partner("JPN", 2025, 12).replace("\"duties_year\":120", "\"duties_year\":121");
        let e = Case::new("sum", &[(2025, vec![bad_sum])]).error();
        assert!(
            e.contains("row 1, column `duties_year`, value `121`") && e.contains("sum to 120"),
            "{e}"
        );

        let bad_rate = partner("JPN", 2025, 12).replacen("0.01", "0.02", 1);
        let e = Case::new("rate", &[(2025, vec![bad_rate])]).error();
        assert!(
            e.contains("column `rate[0]`, value `0.02`") && e.contains("rounding"),
            "{e}"
        );

        let e = Case::new("year", &[(2025, vec![partner("JPN", 2024, 12)])]).error();
        assert!(
            e.contains("column `year`") && e.contains("not the file's (2025)"),
            "{e}"
        );

        let e = Case::new("code", &[(2025, vec![partner("XYZ", 2025, 12)])]).error();
        assert!(
            e.contains("value `\"XYZ\"`") && e.contains("no Census code for this key"),
            "{e}"
        );
        // Serbia has two codes (4801 from 2009, 4802 in 2007-2008): 2030 is under neither.
        let e = Case::new("recode", &[(2030, vec![partner("SRB", 2030, 12)])]).error();
        assert!(
            e.contains("4801 (2009-2026), 4802 (2007-2008)") && e.contains("used in 2030"),
            "{e}"
        );

        let e = Case::new("agg", &[(2025, vec![partner("AGG_0003", 2025, 12)])]).error();
        assert!(e.contains("an aggregate"), "{e}");

        let dataweb = partner("JPN", 2025, 12).replace("census_api", "usitc_dataweb");
        let e = Case::new("source", &[(2025, vec![dataweb])]).error();
        assert!(
            e.contains("column `source`, value `\"usitc_dataweb\"`"),
            "{e}"
        );

        let cents = partner("JPN", 2025, 12).replacen("[10,", "[10.5,", 1);
        let e = Case::new("cents", &[(2025, vec![cents])]).error();
        assert!(
            e.contains("column `duties[0]`, value `10.5`") && e.contains("whole US dollars"),
            "{e}"
        );

        let e = Case::new(
            "twice",
            &[(
                2025,
                vec![partner("JPN", 2025, 12), partner("JPN", 2025, 12)],
            )],
        )
        .error();
        assert!(
            e.contains("row 2") && e.contains("already given in entry 1"),
            "{e}"
        );
    }
}
