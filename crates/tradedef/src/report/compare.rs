//! The atlas's compare page, `compare.html`: two to four partners side by side, chosen from
//! lists or by the address (`compare.html?p=japan,mexico`): their figures in one table (the
//! atlas's columns) and their US goods balances over the years in one line chart, drawn in the
//! page from the figures it carries (a JSON block of every atlas row), with a text alternative
//! that states each partner's latest balance. Plain HTML and an inline script, no external
//! resource, the same bytes on a rebuild.

use std::fmt::Write as _;

use serde_json::json;

use super::atlas::{Atlas, STYLE};
use crate::chart::PALETTE;
use crate::html::escape;

/// How many partners the page compares at most (the lede says "four").
pub(crate) const MOST: usize = 4;

/// The page.
pub(crate) fn compare_html(atlas: &Atlas) -> String {
    let year = atlas.year;
    let milex_year = atlas
        .milex_year
        .map_or_else(|| "—".to_string(), |y| y.to_string());
    let rows: Vec<serde_json::Value> = atlas
        .rows
        .iter()
        .map(|r| {
            json!({
                "name": r.name,
                "slug": r.slug,
                "balance": r.balance_usd_mn,
                "rank": r.deficit_rank,
                "exports": r.exports_usd_mn,
                "imports": r.imports_usd_mn,
                "milex": r.milex_usd_mn,
                "burden": r.milex_share_of_gdp_pct,
                "troops": r.us_troops,
                "history": r.balance_history,
            })
        })
        .collect();
    let measures = [
        ("balance", format!("US goods balance {year}, $bn"), "bn"),
        ("rank", format!("Deficit rank {year} (1 = largest)"), "int"),
        ("exports", format!("US exports {year}, $bn"), "bn"),
        ("imports", format!("US imports {year}, $bn"), "bn"),
        (
            "milex",
            format!("Military spending {milex_year}, $bn"),
            "bn",
        ),
        (
            "burden",
            format!("Military burden {milex_year}, % of GDP"),
            "pct",
        ),
        ("troops", "US troops, latest count".to_string(), "int"),
    ];
    let data = json!({
        "year": year,
        "most": MOST,
        "colours": PALETTE[..MOST]
            .iter()
            .map(|c| format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2))
            .collect::<Vec<_>>(),
        "measures": measures
            .iter()
            .map(|(key, label, kind)| json!({"key": key, "label": label, "kind": kind}))
            .collect::<Vec<_>>(),
        "rows": rows,
    });
    // a JSON block inside <script>: "</" must not close it
    let data = data.to_string().replace("</", "<\\/");
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Compare US trade and defence partners, {year}</title>\n<style>{STYLE}{COMPARE_STYLE}</style>\n\
         </head>\n<body>\n<main>\n<p class=\"back\"><a href=\"index.html\">← All partners</a></p>\n\
         <h1>Compare partners, {year}</h1>\n<p class=\"lede\">Choose two to four partners: their figures side by side and \
         the US goods balance with each over the years. The address keeps the choice \
         (<code>compare.html?p=japan,mexico</code>), so a comparison can be linked.</p>\n"
    );
    h.push_str("<form class=\"pick\" id=\"pick\">\n");
    // the same options in every list, partners in order of name
    let mut names: Vec<(&str, &str)> = atlas
        .rows
        .iter()
        .map(|r| (r.name.as_str(), r.slug.as_str()))
        .collect();
    names.sort_by_key(|(name, _)| name.to_lowercase());
    let options: String = names
        .iter()
        .map(|(name, slug)| {
            format!(
                "<option value=\"{}\">{}</option>",
                escape(slug),
                escape(name)
            )
        })
        .collect();
    for i in 0..MOST {
        let _ = writeln!(
            h,
            "<label>Partner {}<select id=\"p{i}\"><option value=\"\">—</option>{options}</select></label>",
            i + 1
        );
    }
    h.push_str("</form>\n<p id=\"status\" role=\"status\" aria-live=\"polite\"></p>\n");
    h.push_str(
        "<div class=\"scroll\" role=\"region\" aria-label=\"The figures side by side\" tabindex=\"0\">\
         <table id=\"figures\"><thead></thead><tbody></tbody></table></div>\n\
         <figure id=\"chart\"></figure>\n",
    );
    let _ = writeln!(
        h,
        "<p class=\"note\">Sources: as the <a href=\"index.html\">atlas</a> states them (U.S. Census Bureau, goods trade by \
         partner, Census basis; SIPRI Military Expenditure Database; DMDC). $bn: US dollars, billions, nominal; a negative \
         balance is a US deficit; a dash: the data hold no figure. Get the data: <a href=\"index.csv\">index.csv</a>.</p>"
    );
    let _ = writeln!(
        h,
        "<script type=\"application/json\" id=\"data\">{data}</script>\n<script>{SCRIPT}</script>\n</main>\n</body>\n</html>"
    );
    h
}

const COMPARE_STYLE: &str = r#"
.pick { display: flex; flex-wrap: wrap; gap: .6rem 1.2rem; margin: 1rem 0; }
.pick label { display: flex; flex-direction: column; font-size: .9rem; gap: .2rem; }
.pick select { font: inherit; padding: .25rem; background: var(--bg); color: var(--fg); border: 1px solid var(--muted); border-radius: 4px; max-width: 14rem; }
#figures th .swatch { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px; margin-right: .35rem; vertical-align: baseline; }
#chart svg { width: 100%; height: auto; max-width: 760px; }
#chart svg text { fill: var(--fg); font-size: 12px; }
#chart svg .axis { stroke: var(--muted); stroke-width: 1; }
#chart svg .grid { stroke: var(--line); stroke-width: 1; }
#chart figcaption { color: var(--muted); font-size: .9rem; }
@media (max-width: 600px) { #chart svg text { font-size: 22px; } }
"#;

/// Reads the choice from `?p=` or the lists, writes the table and draws the chart; the table's
/// `data-shown` attribute names the partners shown, for the browser test.
const SCRIPT: &str = r#"
(function () {
  var data = JSON.parse(document.getElementById('data').textContent);
  var bySlug = {};
  data.rows.forEach(function (r) { bySlug[r.slug] = r; });
  var selects = [];
  for (var i = 0; i < data.most; i++) { selects.push(document.getElementById('p' + i)); }
  var table = document.getElementById('figures');
  var status = document.getElementById('status');
  var figure = document.getElementById('chart');
  var SVG = 'http://www.w3.org/2000/svg';
  function fmt(v, kind) {
    if (v === null || v === undefined) { return '\u2014'; }
    if (kind === 'bn') { v = v / 1000; }
    var digits = kind === 'int' ? 0 : 1;
    return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }
  function chosen() {
    var seen = {};
    return selects.map(function (s) { return s.value; })
      .filter(function (slug) { if (!slug || seen[slug] || !bySlug[slug]) { return false; } seen[slug] = true; return true; })
      .map(function (slug) { return bySlug[slug]; });
  }
  function el(name, attrs, text) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function drawTable(rows) {
    var head = table.tHead, body = table.tBodies[0];
    head.innerHTML = ''; body.innerHTML = '';
    var tr = document.createElement('tr');
    var corner = document.createElement('th'); corner.scope = 'col'; corner.textContent = 'Figure';
    tr.appendChild(corner);
    rows.forEach(function (r, i) {
      var th = document.createElement('th'); th.scope = 'col'; th.className = 'num';
      var sw = document.createElement('span'); sw.className = 'swatch'; sw.style.background = data.colours[i];
      sw.setAttribute('aria-hidden', 'true');
      var a = document.createElement('a'); a.href = r.slug + '/index.html'; a.textContent = r.name;
      th.appendChild(sw); th.appendChild(a); tr.appendChild(th);
    });
    head.appendChild(tr);
    data.measures.forEach(function (m) {
      var row = document.createElement('tr');
      var th = document.createElement('th'); th.scope = 'row'; th.textContent = m.label; row.appendChild(th);
      rows.forEach(function (r) {
        var td = document.createElement('td'); td.className = 'num';
        var v = r[m.key];
        if (v === null || v === undefined) { td.className += ' missing'; }
        else if (m.key === 'balance' && v < 0) { td.className += ' deficit'; }
        td.textContent = fmt(v, m.kind); row.appendChild(td);
      });
      body.appendChild(row);
    });
    table.setAttribute('data-shown', rows.map(function (r) { return r.slug; }).join(','));
  }
  function drawChart(rows) {
    figure.innerHTML = '';
    var withHistory = rows.filter(function (r) { return r.history.length > 1; });
    if (!withHistory.length) { return; }
    var w = 760, h = 360, left = 64, right = 16, top = 16, bottom = 32;
    var y0 = Infinity, y1 = -Infinity, lo = 0, hi = 0;
    withHistory.forEach(function (r) { r.history.forEach(function (p) {
      y0 = Math.min(y0, p[0]); y1 = Math.max(y1, p[0]); lo = Math.min(lo, p[1] / 1000); hi = Math.max(hi, p[1] / 1000);
    }); });
    if (y1 === y0) { y1 = y0 + 1; }
    if (hi === lo) { hi = lo + 1; }
    var x = function (year) { return left + (year - y0) / (y1 - y0) * (w - left - right); };
    var y = function (v) { return top + (hi - v) / (hi - lo) * (h - top - bottom); };
    var words = withHistory.map(function (r) {
      var last = r.history[r.history.length - 1];
      return r.name + ' ' + fmt(last[1], 'bn') + ' in ' + last[0];
    });
    var label = 'Line chart. US goods balance, $bn, ' + y0 + '\u2013' + y1 + '. Latest: ' + words.join('; ') + '.';
    var svg = el('svg', { viewBox: '0 0 ' + w + ' ' + h, role: 'img', 'aria-label': label });
    var step = Math.pow(10, Math.floor(Math.log10((hi - lo) / 4)));
    [1, 2, 5, 10].some(function (m) { if ((hi - lo) / (step * m) <= 6) { step = step * m; return true; } return false; });
    for (var v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) {
      svg.appendChild(el('line', { x1: left, x2: w - right, y1: y(v), y2: y(v), 'class': v === 0 ? 'axis' : 'grid' }));
      svg.appendChild(el('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end' }, fmt(v * 1000, 'bn')));
    }
    var yearStep = Math.max(1, Math.ceil((y1 - y0) / 8 / 5) * 5);
    for (var t = Math.ceil(y0 / yearStep) * yearStep; t <= y1; t += yearStep) {
      svg.appendChild(el('text', { x: x(t), y: h - 10, 'text-anchor': 'middle' }, String(t)));
    }
    rows.forEach(function (r, i) {
      if (r.history.length < 2) { return; }
      var pts = r.history.map(function (p) { return x(p[0]).toFixed(1) + ',' + y(p[1] / 1000).toFixed(1); });
      var line = el('polyline', { points: pts.join(' '), fill: 'none', stroke: data.colours[i], 'stroke-width': 2.5 });
      line.appendChild(el('title', {}, r.name));
      svg.appendChild(line);
    });
    figure.appendChild(svg);
    var cap = document.createElement('figcaption');
    cap.textContent = label + ' Colours as in the table\u2019s header.';
    figure.appendChild(cap);
  }
  function update(push) {
    var rows = chosen();
    drawTable(rows);
    drawChart(rows);
    status.textContent = rows.length < 2 ? 'Choose at least two partners.'
      : 'Comparing ' + rows.map(function (r) { return r.name; }).join(', ') + '.';
    if (push && window.history && window.history.replaceState) {
      var q = rows.map(function (r) { return r.slug; }).join(',');
      try { window.history.replaceState(null, '', q ? '?p=' + q : window.location.pathname); } catch (e) { /* file: URLs may refuse */ }
    }
  }
  var params = new URLSearchParams(window.location.search);
  var wanted = (params.get('p') || '').split(',').filter(Boolean).slice(0, data.most);
  wanted.forEach(function (slug, i) { if (bySlug[slug]) { selects[i].value = slug; } });
  selects.forEach(function (s) { s.addEventListener('change', function () { update(true); }); });
  update(false);
  document.documentElement.setAttribute('data-ready', 'true');
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::AtlasRow;

    #[test]
    fn the_page_carries_every_row_as_data_and_a_list_per_slot() {
        let row = |name: &str, slug: &str| AtlasRow {
            name: name.into(),
            slug: slug.into(),
            iso3: None,
            kind: "country".into(),
            sipri_group: None,
            names: vec![name.into()],
            balance_usd_mn: Some(-1_500.0),
            balance_history: vec![(2024, 10.0), (2025, -1_500.0)],
            deficit_rank: Some(2),
            exports_usd_mn: None,
            imports_usd_mn: None,
            milex_usd_mn: None,
            milex_share_of_gdp_pct: None,
            us_troops: None,
            us_troops_year: None,
        };
        let atlas = Atlas {
            year: 2025,
            milex_year: None,
            ranked: 2,
            rows: vec![row("Zeta</script>", "zeta"), row("Alpha", "alpha")],
            regions: Vec::new(),
        };
        let html = compare_html(&atlas);
        // every row as data, with nothing that closes the script early
        let data = html
            .split("<script type=\"application/json\" id=\"data\">")
            .nth(1)
            .and_then(|d| d.split("</script>").next())
            .unwrap();
        let value: serde_json::Value = serde_json::from_str(&data.replace("<\\/", "</")).unwrap();
        assert_eq!(value["rows"].as_array().unwrap().len(), 2);
        assert_eq!(value["rows"][0]["name"], "Zeta</script>");
        assert_eq!(value["rows"][1]["history"][1][1], -1500.0);
        // four lists, each partner in order of name
        assert_eq!(html.matches("<select id=\"p").count(), MOST);
        let first = html.split("<select id=\"p0\">").nth(1).unwrap();
        assert!(first.find(">Alpha<").unwrap() < first.find(">Zeta&lt;/script&gt;<").unwrap());
        assert_eq!(html, compare_html(&atlas), "the same bytes on a rebuild");
    }
}
