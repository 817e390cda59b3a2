//! The partner atlas: one page, `index.html`, at the root of `tradedef report --all-partners`'s
//! output, listing every partner in one table (the goods balance of the latest complete year,
//! its deficit rank, US exports and imports, military spending and burden where SIPRI holds
//! them, US troops where DMDC counts them), sortable by any column and filterable by any name
//! the partner registry resolves, each row linking to the partner's profile; `index.csv` beside
//! it holds the same figures under their column ids; `compare.html` puts two to four partners
//! side by side (`report::compare`). Plain HTML with a small inline script, no
//! external resource: it works from `file://` and from any static host, and two builds give the
//! same bytes.
//!
//! ```
//! use tradedef::report::Atlas;
//! let partners: Vec<_> = ["Japan", "Poland"]
//!     .into_iter()
//!     .map(tradedef::data::partner)
//!     .collect::<Result<_, _>>()?;
//! let atlas = Atlas::compute(&partners)?;
//! let html = atlas.html();
//! assert!(html.contains("<a href=\"poland/index.html\">Poland</a>"));
//! assert!(html.contains("US exports 2025, $bn"));
//! assert!(atlas.csv().starts_with("partner,slug,iso3,year,balance_usd_mn,deficit_rank,"));
//! assert_eq!(atlas.html(), Atlas::compute(&partners)?.html());
//! # Ok::<(), tradedef::Error>(())
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use super::regions::{self, RegionTotal};
use crate::analysis::{
    bilateral_balance, deficit_share_by_partner, latest_complete_year, milex_ranking, sipri_groups,
    troops_in,
};
use crate::data::Partner;
use crate::html::escape;
use crate::output::{CsvText, NumberFormat, csv_number, round_significant};
use crate::{Error, Result};

/// One partner's row of the atlas. A figure the data do not hold for the partner is `None`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct AtlasRow {
    /// The partner's display name.
    pub name: String,
    /// Its folder in the output (`study::slug` of the name).
    pub slug: String,
    /// ISO 3166-1 alpha-3 code, where it has one.
    pub iso3: Option<String>,
    /// The registry's kind of partner: `country`, `aggregate` (a Census grouping such as the
    /// European Union), `former`, `area` or `other`.
    pub kind: String,
    /// The SIPRI regional group the country is listed under (`"East Asia"`), where SIPRI lists
    /// it ([`sipri_groups`](crate::analysis::sipri_groups)).
    pub sipri_group: Option<String>,
    /// Every name the registry resolves to the partner (display name, codes, publishers'
    /// spellings, aliases), for the search box.
    pub names: Vec<String>,
    /// US goods balance with the partner in [`Atlas::year`], USD millions (negative: deficit).
    pub balance_usd_mn: Option<f64>,
    /// Its rank among US deficit partners in [`Atlas::year`] (1 = largest deficit; countries
    /// only).
    pub deficit_rank: Option<i64>,
    /// The US goods balance with the partner in every year the data hold, `(year, USD millions)`
    /// in order of year: the row's sparkline.
    pub balance_history: Vec<(i64, f64)>,
    /// US goods exports to the partner, USD millions.
    pub exports_usd_mn: Option<f64>,
    /// US goods imports from the partner, USD millions.
    pub imports_usd_mn: Option<f64>,
    /// Military expenditure in [`Atlas::milex_year`], USD millions at current prices (SIPRI).
    pub milex_usd_mn: Option<f64>,
    /// Military expenditure as a share of GDP in [`Atlas::milex_year`], percent (SIPRI).
    pub milex_share_of_gdp_pct: Option<f64>,
    /// US military personnel assigned there, DMDC's latest count.
    pub us_troops: Option<f64>,
    /// The year of that count.
    pub us_troops_year: Option<i64>,
}

/// The partner atlas of `tradedef report --all-partners`: every partner's row, with the years the
/// figures are for; [`html`](Self::html) writes its sortable, filterable page (`index.html`),
/// [`csv`](Self::csv) its table under column ids (`index.csv`).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Atlas {
    /// The year of the trade figures: the latest complete year of the trade data.
    pub year: i64,
    /// The year of the military spending figures (the trade year, or the one before where
    /// SIPRI's latest release does not cover it), if SIPRI holds either.
    pub milex_year: Option<i64>,
    /// How many countries the deficit ranking ranks.
    pub ranked: usize,
    /// The rows, in the order of the partners given.
    pub rows: Vec<AtlasRow>,
    /// SIPRI's totals for the world and for each regional group the rows' countries belong to
    /// (the world and regional pages).
    pub regions: Vec<RegionTotal>,
}

/// Whether an error is a gap in the data (the partner has no figure) rather than a failure.
fn is_gap(e: &Error) -> bool {
    matches!(e, Error::NotFound { .. } | Error::NoData { .. })
}

/// `Ok(None)` for a gap in the data, the error otherwise.
pub(super) fn gap<T>(r: Result<T>) -> Result<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(e) if is_gap(&e) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Every name and code of a partner, display name first, without repeats.
fn names_of(p: &Partner) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let candidates = [
        Some(&p.name),
        p.iso3.as_ref(),
        p.iso_name.as_ref(),
        p.census_code.as_ref(),
        p.census_name.as_ref(),
        p.sipri_name.as_ref(),
        p.dmdc_name.as_ref(),
    ];
    for n in candidates.into_iter().flatten().chain(p.aliases.iter()) {
        let n = n.trim();
        if !n.is_empty() && !names.iter().any(|m| m.eq_ignore_ascii_case(n)) {
            names.push(n.to_string());
        }
    }
    names
}

/// A ranking's values by its text column, e.g. SIPRI's `value` by `country`.
fn by_name(
    table: &crate::analysis::Table,
    key: &str,
    value: &str,
) -> Result<BTreeMap<String, f64>> {
    let keys = table.texts(key)?;
    let values = table.floats(value)?;
    Ok(keys
        .into_iter()
        .zip(values)
        .filter_map(|(k, v)| Some((k?.to_lowercase(), v?)))
        .collect())
}

/// The value of the first of `names` the map holds.
fn lookup<T: Copy>(map: &BTreeMap<String, T>, names: &[String]) -> Option<T> {
    names
        .iter()
        .find_map(|n| map.get(&n.to_lowercase()).copied())
}

impl Atlas {
    /// The atlas of `partners`: trade figures of the latest complete year
    /// ([`latest_complete_year`]), SIPRI's military spending of that year (or the year before),
    /// DMDC's latest troop count. A partner the data hold nothing for gets empty cells; an error
    /// that is not a gap in the data fails.
    pub fn compute(partners: &[Partner]) -> Result<Atlas> {
        let year = latest_complete_year()?;
        let ranking = gap(deficit_share_by_partner(year))?;
        let ranks: BTreeMap<String, i64> = match &ranking {
            Some(t) => {
                let names = t.texts("partner")?;
                let ranks = t.ints("rank")?;
                names
                    .into_iter()
                    .zip(ranks)
                    .filter_map(|(n, r)| Some((n?.to_lowercase(), r?)))
                    .collect()
            }
            None => BTreeMap::new(),
        };
        let mut milex_year = None;
        let mut spending = BTreeMap::new();
        let mut burden = BTreeMap::new();
        for y in [year, year - 1] {
            if let Some(t) = gap(milex_ranking(y, "current_usd_millions"))? {
                spending = by_name(&t, "country", "value")?;
                if let Some(b) = gap(milex_ranking(y, "share_of_gdp_pct"))? {
                    burden = by_name(&b, "country", "value")?;
                }
                milex_year = Some(y);
                break;
            }
        }
        let groups: BTreeMap<String, String> = match gap(sipri_groups())? {
            Some(t) => t
                .texts("country")?
                .into_iter()
                .zip(t.texts("group")?)
                .filter_map(|(c, g)| Some((c?.to_lowercase(), g?)))
                .collect(),
            None => BTreeMap::new(),
        };
        let mut rows = Vec::with_capacity(partners.len());
        for p in partners {
            let names = names_of(p);
            let balance = gap(bilateral_balance(p.name.as_str()))?;
            let at = |column: &str| -> Result<Option<f64>> {
                match &balance {
                    Some(t) => gap(t.value_at("year", year, column)),
                    None => Ok(None),
                }
            };
            let balance_history = match &balance {
                Some(t) => {
                    let mut history: Vec<(i64, f64)> = t
                        .ints("year")?
                        .into_iter()
                        .zip(t.floats("balance_usd_mn")?)
                        .filter_map(|(y, v)| Some((y?, v?)))
                        .filter(|(_, v)| v.is_finite())
                        .collect();
                    history.sort_by_key(|(y, _)| *y);
                    history
                }
                None => Vec::new(),
            };
            let (balance_usd_mn, exports_usd_mn, imports_usd_mn) = (
                at("balance_usd_mn")?,
                at("exports_usd_mn")?,
                at("imports_usd_mn")?,
            );
            let sipri: Vec<String> = p.sipri_name.iter().cloned().collect();
            let (us_troops, us_troops_year) = if p.dmdc_name.is_some() || p.iso3.is_some() {
                match gap(troops_in(p.name.as_str()))? {
                    Some(t) => {
                        let years = t.ints("year")?;
                        let personnel = t.floats("personnel")?;
                        years
                            .into_iter()
                            .zip(personnel)
                            .filter_map(|(y, v)| Some((v?, y?)))
                            .next_back()
                            .map_or((None, None), |(v, y)| (Some(v), Some(y)))
                    }
                    None => (None, None),
                }
            } else {
                (None, None)
            };
            rows.push(AtlasRow {
                name: p.name.clone(),
                slug: crate::study::slug(&p.name),
                iso3: p.iso3.clone(),
                kind: p.kind.clone(),
                sipri_group: sipri
                    .iter()
                    .find_map(|n| groups.get(&n.to_lowercase()).cloned()),
                deficit_rank: lookup(&ranks, &names),
                names,
                balance_usd_mn,
                balance_history,
                exports_usd_mn,
                imports_usd_mn,
                milex_usd_mn: lookup(&spending, &sipri),
                milex_share_of_gdp_pct: lookup(&burden, &sipri),
                us_troops,
                us_troops_year,
            });
        }
        let regions = regions::totals(&rows, milex_year)?;
        Ok(Atlas {
            year,
            milex_year,
            ranked: ranks.len(),
            rows,
            regions,
        })
    }

    /// `index.csv`: one line per partner, figures in their dataset's units under their column
    /// ids (to 9 significant digits), missing figures as empty cells.
    pub fn csv(&self) -> String {
        let mut w = CsvText::new([
            "partner",
            "slug",
            "iso3",
            "year",
            "balance_usd_mn",
            "deficit_rank",
            "exports_usd_mn",
            "imports_usd_mn",
            "milex_year",
            "milex_current_usd_mn",
            "milex_share_of_gdp_pct",
            "us_troops",
            "us_troops_year",
        ]);
        // figures computed by arithmetic, without binary noise: 9 significant digits
        let num = |v: Option<f64>| {
            v.map(|v| csv_number(round_significant(v, 9)))
                .unwrap_or_default()
        };
        let int = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        for r in &self.rows {
            w.record([
                r.name.clone(),
                r.slug.clone(),
                r.iso3.clone().unwrap_or_default(),
                self.year.to_string(),
                num(r.balance_usd_mn),
                int(r.deficit_rank),
                num(r.exports_usd_mn),
                num(r.imports_usd_mn),
                int(self.milex_year),
                num(r.milex_usd_mn),
                num(r.milex_share_of_gdp_pct),
                num(r.us_troops),
                int(r.us_troops_year),
            ]);
        }
        w.finish()
    }

    /// `index.html`: the table, its search box and sort buttons, and the sources.
    pub fn html(&self) -> String {
        page(self)
    }

    /// Writes `index.html`, `index.csv`, `compare.html` (two to four partners side by side),
    /// `world.html` and `regions/*.html` (the world and SIPRI's regional groups) into `dir`
    /// (created if needed), all put in place together only once all are complete.
    pub fn write(&self, dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
        let mut staged = crate::atomic::Staged::new();
        staged.write(&dir.join("index.html"), self.html().as_bytes())?;
        staged.write(&dir.join("index.csv"), self.csv().as_bytes())?;
        staged.write(
            &dir.join("compare.html"),
            super::compare::compare_html(self).as_bytes(),
        )?;
        for (path, html) in regions::pages(self) {
            let path = dir.join(path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
            }
            staged.write(&path, html.as_bytes())?;
        }
        staged.commit()
    }
}

/// A column of the page: its key (for `?sort=`), its header and how a row's cell is written.
struct Column {
    key: &'static str,
    header: String,
    numeric: bool,
}

pub(super) const STYLE: &str = r#"
:root { color-scheme: light dark; --fg: #1a1a1a; --bg: #fff; --page: #fafafa; --muted: #595959; --line: #e4e4e4; --head: #f0f0f0; --link: #0b5cad; --deficit: #a3381d; }
@media (prefers-color-scheme: dark) { :root { --fg: #ececec; --bg: #1b1b1b; --page: #121212; --muted: #b0b0b0; --line: #3a3a3a; --head: #2a2a2a; --link: #8cc4ff; --deficit: #ff9a7a; } }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); margin: 0; background: var(--page); }
main { max-width: 1100px; margin: 0 auto; padding: 1.5rem 1rem 3rem; background: var(--bg); }
h1 { font-size: 1.7rem; margin: 0 0 .3rem; line-height: 1.2; }
p.lede { color: var(--muted); margin-top: 0; }
a { color: var(--link); }
.search { display: flex; flex-wrap: wrap; gap: .4rem .8rem; align-items: center; margin: 1rem 0 .5rem; }
.search input { font: inherit; padding: .35rem .5rem; min-width: 14rem; flex: 1 1 14rem; max-width: 24rem; border: 1px solid var(--muted); border-radius: 4px; background: var(--bg); color: var(--fg); }
#status { color: var(--muted); font-size: .9rem; }
.scroll { overflow: auto; max-height: 75vh; border: 1px solid var(--line); }
.scroll:focus { outline: 2px solid var(--link); }
table { border-collapse: separate; border-spacing: 0; font-size: .875rem; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .55rem; text-align: left; white-space: nowrap; }
thead th { position: sticky; top: 0; background: var(--head); z-index: 2; vertical-align: bottom; white-space: normal; }
th:first-child, td:first-child { position: sticky; left: 0; background: var(--bg); z-index: 1; }
thead th:first-child { z-index: 3; background: var(--head); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
th button { font: inherit; font-weight: bold; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; text-align: inherit; white-space: normal; }
th button::after { content: " \2195"; color: var(--muted); font-weight: normal; }
th[aria-sort="ascending"] button::after { content: " \2191"; color: var(--fg); }
th[aria-sort="descending"] button::after { content: " \2193"; color: var(--fg); }
td.deficit { color: var(--deficit); }
tbody th { font-weight: normal; }
td.missing { color: var(--muted); }
.note { color: var(--muted); font-size: .85rem; }
.spark { vertical-align: middle; margin-left: .45rem; }
.spark line { stroke: var(--muted); stroke-width: .6; }
.spark polyline { fill: none; stroke: currentColor; stroke-width: 1.3; }
.spark circle { fill: currentColor; }
@media (max-width: 600px) {
  main { padding: 1rem .6rem 2rem; }
  h1 { font-size: 1.35rem; }
  table { font-size: .8rem; }
  th, td { padding: .25rem .4rem; }
  th:first-child { white-space: normal; min-width: 6.5rem; max-width: 8rem; }
  .scroll { max-height: 70vh; }
}
"#;

/// Sorts by a column (a header button, or `?sort=KEY&dir=asc|desc`), filters by any name
/// (`?q=`), and says how many rows show; the table's `data-sort` and `data-shown` attributes
/// state the result, for readers' tools and the browser test.
const SCRIPT: &str = r#"
(function () {
  var table = document.getElementById('atlas');
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var input = document.getElementById('q');
  var status = document.getElementById('status');
  function key(row, i) {
    var cell = row.cells[i];
    var v = cell.getAttribute('data-v');
    if (v === null) { return cell.textContent.trim().toLowerCase(); }
    return v === '' ? null : parseFloat(v);
  }
  function sortBy(i, dir) {
    var sign = dir === 'desc' ? -1 : 1;
    var keyed = rows.map(function (r, n) { return [key(r, i), n, r]; });
    keyed.sort(function (a, b) {
      if (a[0] === null && b[0] === null) { return a[1] - b[1]; }
      if (a[0] === null) { return 1; }
      if (b[0] === null) { return -1; }
      var c = typeof a[0] === 'number' ? a[0] - b[0] : a[0].localeCompare(b[0]);
      return c === 0 ? a[1] - b[1] : sign * c;
    });
    rows = keyed.map(function (k) { return k[2]; });
    rows.forEach(function (r) { body.appendChild(r); });
    heads.forEach(function (h, j) {
      if (j === i) { h.setAttribute('aria-sort', dir === 'desc' ? 'descending' : 'ascending'); }
      else { h.removeAttribute('aria-sort'); }
    });
    table.setAttribute('data-sort', heads[i].getAttribute('data-key') + ' ' + dir);
  }
  function filter(q) {
    q = q.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (r) {
      var names = r.getAttribute('data-names').split('|');
      var match = !q || names.some(function (n) { return n.indexOf(q) !== -1; });
      r.hidden = !match;
      if (match) { shown += 1; }
    });
    table.setAttribute('data-shown', String(shown));
    status.textContent = shown === rows.length ? rows.length + ' partners'
      : shown + ' of ' + rows.length + ' partners match \u201c' + q + '\u201d';
  }
  heads.forEach(function (h, i) {
    var b = h.querySelector('button');
    if (!b) { return; }
    b.addEventListener('click', function () {
      var now = h.getAttribute('aria-sort');
      var numeric = h.classList.contains('num');
      var dir = now === 'ascending' ? 'desc' : now === 'descending' ? 'asc' : (numeric ? 'desc' : 'asc');
      sortBy(i, dir);
    });
  });
  input.addEventListener('input', function () { filter(input.value); });
  var params = new URLSearchParams(window.location.search);
  if (params.get('q')) { input.value = params.get('q'); }
  var wanted = params.get('sort');
  heads.forEach(function (h, i) {
    if (wanted && h.getAttribute('data-key') === wanted) {
      sortBy(i, params.get('dir') === 'desc' ? 'desc' : 'asc');
    }
  });
  filter(input.value);
  document.documentElement.setAttribute('data-ready', 'true');
})();
"#;

/// A partner's goods balance over the years as a small inline SVG (96×22 px) for its atlas row:
/// a line in the text's colour, the zero line when the balance crosses it, the last year as a
/// dot. Its `aria-label` states what it shows in figures (the years, the lowest and highest
/// balance and the last), so a screen reader gets the same. Empty for fewer than two years.
fn sparkline(history: &[(i64, f64)]) -> String {
    let (Some(&(first, _)), Some(&(last, last_value))) = (history.first(), history.last()) else {
        return String::new();
    };
    if history.len() < 2 || last <= first {
        return String::new();
    }
    let (width, height, pad) = (96.0, 22.0, 2.0);
    let lowest = history
        .iter()
        .copied()
        .fold(history[0], |a, b| if b.1 < a.1 { b } else { a });
    let highest = history
        .iter()
        .copied()
        .fold(history[0], |a, b| if b.1 > a.1 { b } else { a });
    let (lo, hi) = (lowest.1.min(0.0), highest.1.max(0.0));
    let span = if hi > lo { hi - lo } else { 1.0 };
    let x = |year: i64| pad + (year - first) as f64 / (last - first) as f64 * (width - 2.0 * pad);
    let y = |v: f64| pad + (hi - v) / span * (height - 2.0 * pad);
    let points: Vec<String> = history
        .iter()
        .map(|&(year, v)| format!("{:.1},{:.1}", x(year), y(v)))
        .collect();
    let bn = NumberFormat::fixed(1);
    let label = format!(
        "US goods balance {first}–{last}, $bn: lowest {} in {}, highest {} in {}; {last}: {}",
        bn.format(lowest.1 / 1e3),
        lowest.0,
        bn.format(highest.1 / 1e3),
        highest.0,
        bn.format(last_value / 1e3)
    );
    let zero = if lo < 0.0 && hi > 0.0 {
        format!(
            "<line x1=\"0\" x2=\"{width}\" y1=\"{0:.1}\" y2=\"{0:.1}\"/>",
            y(0.0)
        )
    } else {
        String::new()
    };
    format!(
        "<svg class=\"spark\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{}\">\
         {zero}<polyline points=\"{}\"/><circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2\"/></svg>",
        escape(&label),
        points.join(" "),
        x(last),
        y(last_value)
    )
}

/// The atlas's columns, headed with the years of `a`'s figures.
fn columns(a: &Atlas) -> [Column; 8] {
    let year = a.year;
    let milex_year = a
        .milex_year
        .map_or_else(|| "—".to_string(), |y| y.to_string());
    [
        Column {
            key: "partner",
            header: "Partner".into(),
            numeric: false,
        },
        Column {
            key: "balance",
            header: format!("US goods balance {year}, $bn"),
            numeric: true,
        },
        Column {
            key: "rank",
            header: format!("Deficit rank {year}"),
            numeric: true,
        },
        Column {
            key: "exports",
            header: format!("US exports {year}, $bn"),
            numeric: true,
        },
        Column {
            key: "imports",
            header: format!("US imports {year}, $bn"),
            numeric: true,
        },
        Column {
            key: "milex",
            header: format!("Military spending {milex_year}, $bn"),
            numeric: true,
        },
        Column {
            key: "burden",
            header: format!("Military burden {milex_year}, % of GDP"),
            numeric: true,
        },
        Column {
            key: "troops",
            header: "US troops, latest count".into(),
            numeric: true,
        },
    ]
}

/// The start of an atlas page, up to its `<main>`.
pub(super) fn page_start(title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        escape(title)
    )
}

/// The search box of a page with a sortable partner table, followed by `links` (HTML).
pub(super) fn search_box(links: &str) -> String {
    format!(
        "<div class=\"search\"><label for=\"q\">Find a partner</label>\
         <input id=\"q\" type=\"search\" autocomplete=\"off\" placeholder=\"name, alias or code: Korea, KOR, 5800\">\
         <span id=\"status\" role=\"status\" aria-live=\"polite\"></span>{links}</div>\n"
    )
}

/// The sources of the atlas's figures, with the link to `index.csv` from a page under `base`
/// (`""` for the atlas's folder, `"../"` one level down).
pub(super) fn sources_note(a: &Atlas, base: &str) -> String {
    let year = a.year;
    let milex_year = a
        .milex_year
        .map_or_else(|| "—".to_string(), |y| y.to_string());
    format!(
        "<p class=\"note\">Sources: U.S. Census Bureau, Foreign Trade Division (goods trade by partner, Census basis, \
         the latest vintage covering {year}); SIPRI Military Expenditure Database (current US$ and share of GDP, {milex_year}); \
         U.S. Department of Defense, Defense Manpower Data Center (personnel permanently assigned, not rotational or deployed \
         forces; the latest report with a figure for the partner, year in the CSV). \
         Get the data: <a href=\"{base}index.csv\">index.csv</a> (the same figures under their column ids, in millions).</p>\n"
    )
}

/// The end of a page: the sort-and-filter script when the page has a sortable table.
pub(super) fn page_end(sortable: bool) -> String {
    let script = if sortable {
        format!("<script>{SCRIPT}</script>\n")
    } else {
        String::new()
    };
    format!("{script}</main>\n</body>\n</html>\n")
}

/// The table of `rows` in the atlas's columns, in a box that scrolls, each partner linking its
/// profile under `base`. A `sortable` table (one per page, id `atlas`) gets the header buttons
/// and the search's row names that [`page_end`]'s script works on; the `caption` (HTML) goes
/// under it.
pub(super) fn partner_table(
    a: &Atlas,
    rows: &[&AtlasRow],
    base: &str,
    sortable: bool,
    caption: &str,
) -> String {
    let bn = NumberFormat::fixed(1);
    let pct = NumberFormat::fixed(1);
    let count = NumberFormat::fixed(0);
    let rank = NumberFormat::fixed(0).plain();
    let id = if sortable { "atlas" } else { "partners" };
    let mut h = String::new();
    let _ = writeln!(
        h,
        "<div class=\"scroll\" role=\"region\" aria-labelledby=\"{id}-caption\" tabindex=\"0\">\n\
         <table id=\"{id}\" data-sort=\"partner asc\" data-shown=\"{}\">\n\
         <caption id=\"{id}-caption\" class=\"note\" style=\"caption-side: bottom; text-align: left; padding: .4rem .55rem;\">\
         {caption}</caption>",
        rows.len()
    );
    h.push_str("<thead><tr>");
    for (i, c) in columns(a).iter().enumerate() {
        let class = if c.numeric { " class=\"num\"" } else { "" };
        if !sortable {
            let _ = write!(h, "<th scope=\"col\"{class}>{}</th>", escape(&c.header));
            continue;
        }
        let sort = if i == 0 {
            " aria-sort=\"ascending\""
        } else {
            ""
        };
        let _ = write!(
            h,
            "<th scope=\"col\"{class}{sort} data-key=\"{}\"><button type=\"button\">{}</button></th>",
            c.key,
            escape(&c.header)
        );
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for r in rows {
        let names: Vec<String> = r.names.iter().map(|n| n.to_lowercase()).collect();
        let _ = write!(
            h,
            "<tr data-names=\"{}\"><th scope=\"row\"><a href=\"{base}{}/index.html\">{}</a></th>",
            escape(&names.join("|")),
            escape(&r.slug),
            escape(&r.name)
        );
        let cells = [
            (r.balance_usd_mn.map(|v| v / 1e3), bn, true),
            (r.deficit_rank.map(|v| v as f64), rank, false),
            (r.exports_usd_mn.map(|v| v / 1e3), bn, false),
            (r.imports_usd_mn.map(|v| v / 1e3), bn, false),
            (r.milex_usd_mn.map(|v| v / 1e3), bn, false),
            (r.milex_share_of_gdp_pct, pct, false),
            (r.us_troops, count, false),
        ];
        for (i, (value, format, signed)) in cells.into_iter().enumerate() {
            let mut class = String::from("num");
            if value.is_none() {
                class.push_str(" missing");
            } else if signed && value.is_some_and(|v| v < 0.0) {
                class.push_str(" deficit");
            }
            // the balance cell ends with the partner's balance over the years
            let spark = if i == 0 {
                sparkline(&r.balance_history)
            } else {
                String::new()
            };
            let _ = write!(
                h,
                "<td class=\"{class}\" data-v=\"{}\">{}{spark}</td>",
                value.map(csv_number).unwrap_or_default(),
                escape(&format.format_opt(value))
            );
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>\n</div>\n");
    h
}

fn page(a: &Atlas) -> String {
    let year = a.year;
    let milex_year = a
        .milex_year
        .map_or_else(|| "—".to_string(), |y| y.to_string());
    let mut h = page_start(&format!("US trade and defence partners, {year}"));
    let _ = writeln!(
        h,
        "<h1>US trade and defence partners, {year}</h1>\n<p class=\"lede\">{} partners: the US goods balance with each in {year} \
         (the latest complete year of the Census data), its rank among the {} countries ranked by the US balance with them \
         (1 = the largest US deficit), military spending and burden from SIPRI ({milex_year}) and the US military personnel DMDC counts there. \
         Sort by any column; search by any name or code; a partner's name opens its profile.</p>",
        a.rows.len(),
        a.ranked
    );
    h.push_str(&search_box(
        "<a href=\"compare.html\">Compare partners</a> <a href=\"world.html\">World and regions</a>",
    ));
    let rows: Vec<&AtlasRow> = a.rows.iter().collect();
    h.push_str(&partner_table(
        a,
        &rows,
        "",
        true,
        &format!(
            "Every partner, {year}. $bn: US dollars, billions, nominal. Negative balance: US deficit. \
             A dash: the data hold no figure for the partner."
        ),
    ));
    h.push_str(&sources_note(a, ""));
    // the initial order is the partners' order; the first column's header says so
    h.push_str(&page_end(true));
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, balance: Option<f64>) -> AtlasRow {
        AtlasRow {
            name: name.into(),
            slug: crate::study::slug(name),
            iso3: None,
            kind: "country".into(),
            sipri_group: Some("East Asia".into()),
            names: vec![name.into(), format!("{name} <alias> & \"co\"")],
            balance_usd_mn: balance,
            balance_history: balance
                .map(|b| vec![(2023, 1_000.0), (2024, -2_000.0), (2025, b)])
                .unwrap_or_default(),
            deficit_rank: balance.map(|_| 3),
            exports_usd_mn: Some(1234.5),
            imports_usd_mn: None,
            milex_usd_mn: None,
            milex_share_of_gdp_pct: Some(0.0004),
            us_troops: Some(52_603.0),
            us_troops_year: Some(2025),
        }
    }

    fn atlas() -> Atlas {
        Atlas {
            year: 2025,
            milex_year: Some(2025),
            ranked: 200,
            rows: vec![row("Côte d'Ivoire", Some(-68_253.2)), row("A<b", None)],
            regions: Vec::new(),
        }
    }

    #[test]
    fn page_escapes_text_and_writes_figures_through_number_format() {
        let html = atlas().html();
        assert!(
            html.contains("<a href=\"a-b/index.html\">A&lt;b</a>"),
            "{html}"
        );
        assert!(html.contains("data-names=\"a&lt;b|a&lt;b &lt;alias&gt; &amp; &quot;co&quot;\""));
        assert!(html.contains(&format!(
            ">{}<svg class=\"spark\"",
            NumberFormat::fixed(1).format(-68.2532)
        )));
        assert!(html.contains(">52,603</td>") && html.contains(">0.0004</td>"));
        assert!(html.contains("class=\"num missing\" data-v=\"\">—</td>"));
        assert!(html.contains("US exports 2025, $bn"));
        assert!(!html.contains("http://") && !html.contains("https://") && !html.contains(" src="));
    }

    #[test]
    fn a_sparkline_states_what_it_draws_and_needs_two_years() {
        let history = [(2023, 1_000.0), (2024, -2_000.0), (2025, -68_253.2)];
        let svg = sparkline(&history);
        let bn = NumberFormat::fixed(1);
        assert!(svg.contains(&format!(
            "aria-label=\"US goods balance 2023–2025, $bn: lowest {} in 2025, highest {} in 2023; 2025: {}\"",
            bn.format(-68.2532),
            bn.format(1.0),
            bn.format(-68.2532)
        )), "{svg}");
        // three points, from the left edge to the right; the zero line, since it crosses zero
        let points = svg
            .split("points=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert_eq!(points.split(' ').count(), 3, "{points}");
        assert!(
            points.starts_with("2.0,")
                && points.split(' ').next_back().unwrap().starts_with("94.0,")
        );
        assert!(svg.contains("<line "), "{svg}");
        assert_eq!(sparkline(&history[..1]), "");
        assert_eq!(sparkline(&[]), "");
        // a balance that never crosses zero has no zero line
        assert!(!sparkline(&[(2024, -1.0), (2025, -2.0)]).contains("<line "));
        // the page shows it in the balance cell of a row with history
        assert!(atlas().html().contains("<svg class=\"spark\""));
    }

    #[test]
    fn csv_keeps_column_ids_and_raw_units() {
        let csv = atlas().csv();
        let mut lines = csv.lines();
        assert_eq!(
            lines.next(),
            Some(
                "partner,slug,iso3,year,balance_usd_mn,deficit_rank,exports_usd_mn,imports_usd_mn,milex_year,milex_current_usd_mn,milex_share_of_gdp_pct,us_troops,us_troops_year"
            )
        );
        assert_eq!(
            lines.next(),
            Some("Côte d'Ivoire,c-te-d-ivoire,,2025,-68253.2,3,1234.5,,2025,,0.0004,52603,2025")
        );
    }
}
