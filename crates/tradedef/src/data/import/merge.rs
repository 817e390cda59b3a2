//! Writing imported rows into a dataset: merge by vintage, sort by key, rewrite the checksum in
//! the sidecar (textually, so its comments and layout survive) and validate before and after.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::DatasetSummary;
use crate::atomic::Staged;
use crate::data::metadata::{DType, DatasetMeta};
use crate::data::storage::{csv_text, data_file, stored_bytes};
use crate::data::{catalog, load_file, sha256_hex, validate_bytes};
use crate::{Error, Location, Result};

/// What a new `[[sources]]` entry says when the importer meets a vintage the sidecar lacks.
pub(crate) struct SourceTemplate {
    pub(crate) producer: &'static str,
    pub(crate) table: &'static str,
    pub(crate) url: &'static str,
}

/// Rows an importer produced for one dataset, in the dataset's column order.
pub(crate) struct Output {
    pub(crate) id: crate::data::DatasetId,
    pub(crate) columns: &'static [&'static str],
    pub(crate) rows: Vec<Vec<String>>,
    /// The column whose values give the years covered in the summary.
    pub(crate) year_column: &'static str,
    pub(crate) source: SourceTemplate,
}

const VINTAGE: &str = "vintage";

fn sidecar_path(data_dir: &Path, id: &str) -> PathBuf {
    data_dir.join(format!("{id}.toml"))
}

fn csv_path(data_dir: &Path, id: &str) -> PathBuf {
    data_file(data_dir, id)
}

/// The sidecar text in `data_dir`, or (for a new data folder) the catalog's metadata as TOML.
fn sidecar_text(data_dir: &Path, id: &str) -> Result<String> {
    let path = sidecar_path(data_dir, id);
    if path.is_file() {
        return std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e));
    }
    match catalog().iter().find(|e| e.meta.id == id) {
        Some(e) => e.meta.to_toml(),
        None => Err(Error::invalid(
            Location::file(path.display().to_string()),
            format!(
                "no sidecar for dataset `{id}`: copy `data/{id}.toml` from the repository into this folder"
            ),
        )),
    }
}

/// Replaces the value of the top-level `sha256 = "…"` line, keeping everything else as written.
pub(crate) fn replace_sha256(text: &str, sha: &str, file: &str) -> Result<String> {
    let mut out = String::with_capacity(text.len());
    let mut done = false;
    let mut in_table = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            in_table = true;
        }
        let is_sha = !done
            && !in_table
            && trimmed
                .strip_prefix("sha256")
                .is_some_and(|rest| rest.trim_start().starts_with('='));
        if is_sha {
            let open = line.find('"');
            let close = open.and_then(|o| line[o + 1..].find('"').map(|c| o + 1 + c));
            if let (Some(o), Some(c)) = (open, close) {
                out.push_str(&line[..=o]);
                out.push_str(sha);
                out.push_str(&line[c..]);
                done = true;
                continue;
            }
        }
        out.push_str(line);
    }
    if !done {
        return Err(Error::invalid(
            Location::file(file),
            "no top-level `sha256 = \"…\"` line to update in the sidecar",
        ));
    }
    Ok(out)
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Appends a `[[sources]]` entry for a vintage the sidecar does not declare yet; `more` (what
/// the reader knows of the file, e.g. the publisher's files it was made from) ends the note.
fn append_source(
    text: &str,
    template: &SourceTemplate,
    vintage: &str,
    file_name: &str,
    more: Option<&str>,
) -> String {
    let today = today();
    let more = more.map(|m| format!(" {m}")).unwrap_or_default();
    let mut out = text.trim_end().to_string();
    out.push_str(&format!(
        "\n\n[[sources]]\nid = {}\nproducer = {}\ntable = {}\nurl = {}\nvintage = {}\ndate_accessed = {}\nnote = {}\n",
        toml_string(vintage),
        toml_string(template.producer),
        toml_string(template.table),
        toml_string(template.url),
        toml_string(vintage),
        toml_string(&today),
        toml_string(&format!(
            "Added by `tradedef data import` from the file `{file_name}` on {today}; date_accessed is the import date: replace it with the download date if known.{more}"
        )),
    ));
    out
}

/// Appends a `[[releases]]` entry for a vintage the sidecar does not list yet, dated by its tag
/// (`basis = "tag"`): replace the date with the publication date where the publisher gives one.
fn append_release(text: &str, vintage: &str) -> String {
    let mut out = text.trim_end().to_string();
    out.push_str(&format!(
        "\n[[releases]]\nvintage = {}\n",
        toml_string(vintage)
    ));
    if let Some(date) = crate::data::release::tag_date(vintage) {
        out.push_str(&format!("date = \"{date}\"\n"));
    }
    out.push_str("basis = \"tag\"\n");
    out
}

/// Today's date (UTC) as `YYYY-MM-DD`.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    (epoch + chrono::Duration::days((secs / 86_400) as i64))
        .format("%Y-%m-%d")
        .to_string()
}

/// Compares two rows by the dataset's key, each key column by its type (empty first).
fn compare_by_key(a: &[String], b: &[String], key: &[(usize, DType)]) -> Ordering {
    for &(i, dtype) in key {
        let (x, y) = (a[i].as_str(), b[i].as_str());
        let ord = match dtype {
            DType::Int => x.parse::<i64>().ok().cmp(&y.parse::<i64>().ok()),
            DType::Float => x
                .parse::<f64>()
                .ok()
                .partial_cmp(&y.parse::<f64>().ok())
                .unwrap_or(Ordering::Equal),
            DType::Str | DType::Date => x.cmp(y),
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    Ordering::Equal
}

fn read_existing(path: &Path, columns: &[&str]) -> Result<Vec<Vec<String>>> {
    if !path.is_file() {
        return Ok(Vec::new());
    }
    let shown = path.display().to_string();
    let stored = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let bytes = csv_text(&stored, &shown)?;
    if bytes.is_empty() {
        return Ok(Vec::new());
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(&*bytes);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| {
            Error::invalid(
                Location::file(&shown).row(0),
                format!("cannot read the header: {e}"),
            )
        })?
        .iter()
        .map(str::to_string)
        .collect();
    if header != columns {
        return Err(Error::invalid(
            Location::file(&shown).row(0),
            format!(
                "header [{}] is not the importer's schema [{}]: fix the file or the importer before merging",
                header.join(", "),
                columns.join(", ")
            ),
        ));
    }
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            Error::invalid(
                Location::file(&shown).row(i + 1),
                format!("unreadable CSV row: {e}"),
            )
        })?;
        rows.push(record.iter().map(str::to_string).collect());
    }
    Ok(rows)
}

/// The dataset's CSV bytes, by the crate's one CSV writer ([`crate::output::CsvText`]).
fn write_csv(columns: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>> {
    let mut w = crate::output::CsvText::new(columns);
    for row in rows {
        w.record(row);
    }
    Ok(w.finish().into_bytes())
}

/// Merges `output` (rows of `vintage`, or of several vintages each row names) into
/// `data_dir/ID.csv`: rows of other vintages stay, rows of the vintages written are replaced,
/// all rows are sorted by key; then the sidecar's checksum is rewritten and the result validated
/// in memory. [`Merged::stage`] writes it. A vintage the
/// sidecar does not declare gets a `[[sources]]` entry whose note ends with `source_note`.
pub(crate) fn merge(
    data_dir: &Path,
    output: &Output,
    vintage: &str,
    file_name: &str,
    source_note: Option<&str>,
) -> Result<Merged> {
    let id = output.id.as_str();
    let csv = csv_path(data_dir, id);
    let sidecar = sidecar_path(data_dir, id);
    let shown_sidecar = sidecar.display().to_string();
    let mut text = sidecar_text(data_dir, id)?;
    let meta = DatasetMeta::from_toml(&text, &shown_sidecar)?;
    let names: Vec<&str> = meta.columns.iter().map(|c| c.name.as_str()).collect();
    if names != output.columns {
        return Err(Error::invalid(
            Location::file(&shown_sidecar),
            format!(
                "the sidecar declares columns [{}] but the importer writes [{}]",
                names.join(", "),
                output.columns.join(", ")
            ),
        ));
    }
    // a dataset without a vintage column (the partner registry) is replaced whole
    let vintage_idx = output.columns.iter().position(|c| *c == VINTAGE);
    // the vintages written: the import's, and any other its rows carry (a reader of a copy
    // holding several snapshots tags each snapshot's rows with its own vintage)
    let mut vintages: BTreeSet<&str> = BTreeSet::from([vintage]);
    if let Some(v) = vintage_idx {
        vintages.extend(output.rows.iter().map(|r| r[v].as_str()));
    }
    if vintage_idx.is_some() {
        for v in &vintages {
            if meta.source(v).is_none() {
                text = append_source(&text, &output.source, v, file_name, source_note);
            }
            if !meta.releases.is_empty() && meta.release(v).is_none() {
                text = append_release(&text, v);
            }
        }
    }

    let existing = read_existing(&csv, output.columns)?;
    let rows_before = existing.len();
    let mut rows: Vec<Vec<String>> = existing
        .into_iter()
        .filter(|r| vintage_idx.is_some_and(|v| !vintages.contains(r[v].as_str())))
        .collect();
    let rows_kept = rows.len();
    let rows_replaced = rows_before - rows_kept;
    rows.extend(output.rows.iter().cloned());
    let key: Vec<(usize, DType)> = meta
        .key
        .iter()
        .filter_map(|k| {
            meta.columns
                .iter()
                .position(|c| &c.name == k)
                .map(|i| (i, meta.columns[i].dtype))
        })
        .collect();
    rows.sort_by(|a, b| compare_by_key(a, b, &key));
    if let Some(pair) = rows
        .windows(2)
        .find(|w| compare_by_key(&w[0], &w[1], &key) == Ordering::Equal)
    {
        let shown: Vec<String> = key
            .iter()
            .map(|&(i, _)| format!("{}={}", output.columns[i], pair[0][i]))
            .collect();
        return Err(Error::invalid(
            Location::file(csv.display().to_string()),
            format!(
                "duplicate rows after merging: key ({}) appears twice",
                shown.join(", ")
            ),
        ));
    }

    let bytes = write_csv(output.columns, &rows)?;
    let sha = sha256_hex(&bytes);
    let text = replace_sha256(&text, &sha, &shown_sidecar)?;
    let new_meta = DatasetMeta::from_toml(&text, &shown_sidecar)?;
    validate_bytes(&bytes, &csv.display().to_string(), &new_meta)?;

    let mut rows_by_vintage = BTreeMap::new();
    for r in &rows {
        let tag = vintage_idx.map_or(vintage, |v| r[v].as_str());
        *rows_by_vintage.entry(tag.to_string()).or_insert(0usize) += 1;
    }
    let year_idx = output.columns.iter().position(|c| *c == output.year_column);
    let years: Vec<i64> = year_idx
        .map(|y| {
            output
                .rows
                .iter()
                .filter_map(|r| r[y].parse().ok())
                .collect()
        })
        .unwrap_or_default();
    let years = years.iter().min().copied().zip(years.iter().max().copied());
    let summary = DatasetSummary {
        id: id.to_string(),
        rows_imported: output.rows.len(),
        rows_replaced,
        rows_kept,
        rows_by_vintage,
        years,
        sha256: sha,
    };
    Ok(Merged {
        csv,
        csv_bytes: bytes,
        sidecar,
        sidecar_text: text,
        summary,
    })
}

/// A merged dataset, validated in memory and ready to be written.
pub(crate) struct Merged {
    csv: PathBuf,
    csv_bytes: Vec<u8>,
    sidecar: PathBuf,
    sidecar_text: String,
    summary: DatasetSummary,
}

impl Merged {
    /// Writes the CSV and its sidecar beside their targets; they are put in place when `staged`
    /// is committed (see [`check_written`] for the check after).
    pub(crate) fn stage(self, staged: &mut Staged) -> Result<DatasetSummary> {
        if let Some(dir) = self.csv.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
        }
        staged.write(&self.csv, &stored_bytes(&self.csv, &self.csv_bytes)?)?;
        staged.write(&self.sidecar, self.sidecar_text.as_bytes())?;
        Ok(self.summary)
    }
}

/// Loads a written dataset through the normal loader, as a user would.
pub(crate) fn check_written(data_dir: &Path, id: &str) -> Result<()> {
    load_file(csv_path(data_dir, id)).map(|_| ())
}

/// Recomputes the checksum of `data_dir/ID.csv`, writes it into the sidecar and validates.
pub(crate) fn rehash(data_dir: &Path, id: &str) -> Result<String> {
    let csv = csv_path(data_dir, id);
    let sidecar = sidecar_path(data_dir, id);
    let shown_sidecar = sidecar.display().to_string();
    let stored = std::fs::read(&csv).map_err(|e| Error::io(&csv, e))?;
    let bytes = csv_text(&stored, &csv.display().to_string())?;
    let text = std::fs::read_to_string(&sidecar).map_err(|e| Error::io(&sidecar, e))?;
    let sha = sha256_hex(&bytes);
    let text = replace_sha256(&text, &sha, &shown_sidecar)?;
    let meta = DatasetMeta::from_toml(&text, &shown_sidecar)?;
    validate_bytes(&bytes, &csv.display().to_string(), &meta)?;
    let mut staged = Staged::new();
    staged.write(&sidecar, text.as_bytes())?;
    staged.commit()?;
    load_file(&csv)?;
    Ok(sha)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_release_is_listed_dated_by_its_tag() {
        let text =
            "id = \"x\"\n[[releases]]\nvintage = \"a-2024\"\ndate = \"2024\"\nbasis = \"tag\"\n";
        let out = append_release(text, "census-c5880-page-2027-01");
        assert!(
            out.ends_with("[[releases]]\nvintage = \"census-c5880-page-2027-01\"\ndate = \"2027-01\"\nbasis = \"tag\"\n"),
            "{out}"
        );
        let undated = append_release(text, "no date");
        assert!(
            undated.ends_with("vintage = \"no date\"\nbasis = \"tag\"\n"),
            "{undated}"
        );
    }

    #[test]
    fn sha_line_is_replaced_in_place() {
        let text = "id = \"x\"\nsha256 = \"abc\"   # checksum\n[checks]\nsha256 = \"keep\"\n";
        let out = replace_sha256(text, "def", "x.toml").unwrap();
        assert_eq!(
            out,
            "id = \"x\"\nsha256 = \"def\"   # checksum\n[checks]\nsha256 = \"keep\"\n"
        );
        assert!(
            replace_sha256("id = 1\n", "d", "x.toml")
                .unwrap_err()
                .to_string()
                .contains("sha256")
        );
    }

    #[test]
    fn rows_sort_by_typed_key() {
        let key = [(0, DType::Int), (1, DType::Int)];
        let mut rows: Vec<Vec<String>> = [["10", "2"], ["9", ""], ["9", "11"], ["9", "2"]]
            .iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect())
            .collect();
        rows.sort_by(|a, b| compare_by_key(a, b, &key));
        let flat: Vec<String> = rows.iter().map(|r| r.join("/")).collect();
        assert_eq!(flat, ["9/", "9/2", "9/11", "10/2"]);
    }
}
