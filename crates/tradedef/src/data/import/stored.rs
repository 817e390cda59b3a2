//! Reading a dataset already in the data folder, for what a new release takes from it: the
//! Census name of each partner code, the region of each ISO code.

use crate::data::ids;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::data::release::order_key;
use crate::data::storage::{MAX_CSV_BYTES, csv_text, data_file, read_bounded};
use crate::data::table::record_error;
use crate::{Error, Location, Result};

/// The cells of `columns` (trimmed), row by row, of dataset `id` as stored in `data_dir`;
/// `None` when the folder does not hold the dataset. A missing column is an error naming the
/// file and the column, with `why` (what the importer reads it for).
pub(crate) fn stored_columns(
    data_dir: &Path,
    id: impl AsRef<str>,
    columns: &[&str],
    why: &str,
) -> Result<Option<Vec<Vec<String>>>> {
    stored_columns_with(data_dir, id, columns, &[], why)
}

/// [`stored_columns`], then the cells of the `optional` columns, empty where the file has no
/// such column.
pub(crate) fn stored_columns_with(
    data_dir: &Path,
    id: impl AsRef<str>,
    columns: &[&str],
    optional: &[&str],
    why: &str,
) -> Result<Option<Vec<Vec<String>>>> {
    let path = data_file(data_dir, id.as_ref());
    if !path.is_file() {
        return Ok(None);
    }
    let shown = path.display().to_string();
    let stored = read_bounded(&path, MAX_CSV_BYTES)?;
    let text = csv_text(&stored, &shown)?;
    let mut reader = csv::Reader::from_reader(&*text);
    let header = reader
        .headers()
        .map_err(|e| record_error(&e, Location::file(&shown).row(0), "unreadable header"))?
        .clone();
    let mut positions = Vec::new();
    for name in columns.iter().chain(optional) {
        match header.iter().position(|h| h == *name) {
            Some(i) => positions.push(Some(i)),
            None if optional.contains(name) => positions.push(None),
            None => {
                return Err(Error::invalid(
                    Location::file(&shown).row(0).column(*name),
                    format!("no column `{name}`: {why}"),
                ));
            }
        }
    }
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record
            .map_err(|e| record_error(&e, Location::file(&shown).row(i + 1), "unreadable row"))?;
        rows.push(
            positions
                .iter()
                .map(|c| {
                    c.and_then(|c| record.get(c))
                        .unwrap_or("")
                        .trim()
                        .to_string()
                })
                .collect(),
        );
    }
    Ok(Some(rows))
}

/// The Census name of each partner code in `us_goods_trade_by_partner` as stored in `data_dir`,
/// from the latest vintage that names it, leaving out the vintages in `skip` (those being
/// imported); `None` when the folder does not hold the dataset.
pub(crate) fn census_names(
    data_dir: &Path,
    skip: &BTreeSet<String>,
) -> Result<Option<BTreeMap<String, String>>> {
    let Some(rows) = stored_columns(
        data_dir,
        ids::US_GOODS_TRADE_BY_PARTNER,
        &["partner_code", "partner", "vintage"],
        "the partner names are read from `partner_code`, `partner` and `vintage`",
    )?
    else {
        return Ok(None);
    };
    let mut best: BTreeMap<String, ((i64, String), String)> = BTreeMap::new();
    for row in rows {
        let [code, name, vintage] = <[String; 3]>::try_from(row).unwrap_or_default();
        if skip.contains(&vintage) || name.is_empty() {
            continue;
        }
        let order = order_key(&vintage);
        match best.get(&code) {
            Some((have, _)) if *have >= order => {}
            _ => {
                best.insert(code, (order, name));
            }
        }
    }
    Ok(Some(best.into_iter().map(|(c, (_, n))| (c, n)).collect()))
}
