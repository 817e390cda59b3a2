//! The atlas's world and regional pages: `world.html` puts SIPRI's regional groups side by side
//! (the partners the atlas lists in each, the US goods balance, exports and imports summed over
//! them, SIPRI's own total of military spending for the group) above the Census groupings the
//! atlas holds (the European Union, Pacific Rim, …, as the Census Bureau publishes them); a page
//! per group, `regions/<slug>.html`, lists its partners in the atlas's sortable table. Every
//! partner links its profile, and every page links back to the atlas.
//!
//! The groups are SIPRI's (the headings of its country sheets, [`sipri_groups`]); a sum is over
//! the partners the atlas lists with a figure, and the page says how many that is. SIPRI's total
//! for a group is its own regional figure, never a sum computed here; where its latest release
//! publishes none for the year (it totals Central and Western Europe as one), the page says so.
//!
//! [`sipri_groups`]: crate::analysis::sipri_groups

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::PathBuf;

use super::atlas::{
    Atlas, AtlasRow, gap, page_end, page_start, partner_table, search_box, sources_note,
};
use crate::Result;
use crate::analysis::milex::WORLD;
use crate::analysis::military_spending;
use crate::html::escape;
use crate::output::NumberFormat;

/// SIPRI's military spending total for the world or one of its regional groups.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RegionTotal {
    /// SIPRI's name for it: `"World"` or the group's (`"East Asia"`).
    pub name: String,
    /// Its page's name: `regions/<slug>.html` (the world's page is `world.html`).
    pub slug: String,
    /// SIPRI's total in [`Atlas::milex_year`], USD millions at current prices; `None` where the
    /// release holding the group publishes none for that year.
    pub milex_usd_mn: Option<f64>,
    /// The SIPRI release the total comes from (e.g. `sipri-milex-2026-04`).
    pub release: Option<String>,
}

/// SIPRI's totals for the world and for each group the rows' countries belong to, world first,
/// then the groups by name.
pub(super) fn totals(rows: &[AtlasRow], milex_year: Option<i64>) -> Result<Vec<RegionTotal>> {
    let groups: BTreeSet<&str> = rows
        .iter()
        .filter_map(|r| r.sipri_group.as_deref())
        .collect();
    let mut out = Vec::with_capacity(groups.len() + 1);
    for name in std::iter::once(WORLD).chain(groups) {
        let (mut milex_usd_mn, mut release) = (None, None);
        if let Some(year) = milex_year
            && let Some(t) = gap(military_spending(name))?
        {
            // SIPRI's regional totals are in billions; a country's figures in millions
            let columns = t.columns();
            milex_usd_mn = if columns.iter().any(|c| c == "current_usd_billions") {
                gap(t.value_at("year", year, "current_usd_billions"))?.map(|v| v * 1e3)
            } else if columns.iter().any(|c| c == "current_usd_millions") {
                gap(t.value_at("year", year, "current_usd_millions"))?
            } else {
                None
            };
            release = t.texts("vintage")?.into_iter().flatten().next();
        }
        out.push(RegionTotal {
            name: name.to_string(),
            slug: crate::study::slug(name),
            milex_usd_mn,
            release,
        });
    }
    Ok(out)
}

/// Every page, by its path under the atlas's folder.
pub(super) fn pages(atlas: &Atlas) -> Vec<(PathBuf, String)> {
    let mut pages = vec![(PathBuf::from("world.html"), world_page(atlas))];
    for region in atlas.regions.iter().filter(|r| r.name != WORLD) {
        pages.push((
            PathBuf::from("regions").join(format!("{}.html", region.slug)),
            region_page(atlas, region),
        ));
    }
    pages
}

/// The rows of a group's partners, in the atlas's order.
fn members<'a>(atlas: &'a Atlas, group: &str) -> Vec<&'a AtlasRow> {
    atlas
        .rows
        .iter()
        .filter(|r| r.sipri_group.as_deref() == Some(group))
        .collect()
}

/// The sum of a figure over `rows` that have it, and how many do; `None` if none has.
fn sum(rows: &[&AtlasRow], figure: impl Fn(&AtlasRow) -> Option<f64>) -> (Option<f64>, usize) {
    let values: Vec<f64> = rows.iter().filter_map(|r| figure(r)).collect();
    let total = (!values.is_empty()).then(|| values.iter().sum());
    (total, values.len())
}

/// A figure in USD millions as the pages write it: billions with one decimal, a dash if none.
fn billions(v: Option<f64>) -> String {
    NumberFormat::fixed(1).format_opt(v.map(|v| v / 1e3))
}

/// A figure in USD millions as a sentence writes it: `-$267.5bn`.
fn dollars(v: f64) -> String {
    crate::chart::ValueFormat::usd_billions()
        .decimals(1)
        .format(v / 1e3)
}

/// The sentence on SIPRI's total for a group or the world.
fn total_sentence(atlas: &Atlas, total: &RegionTotal) -> String {
    let name = if total.name == WORLD {
        "the world".to_string()
    } else {
        escape(&total.name)
    };
    match (atlas.milex_year, total.milex_usd_mn) {
        (Some(year), Some(v)) => format!(
            "SIPRI's total of military spending for {name} in {year}: {} at current prices ({}).",
            dollars(v),
            escape(total.release.as_deref().unwrap_or("release not stated"))
        ),
        (Some(year), None) => {
            format!("SIPRI's latest release holding {name} publishes no total for it for {year}.")
        }
        (None, _) => "SIPRI's data hold no military spending for the atlas's year.".to_string(),
    }
}

fn world_page(atlas: &Atlas) -> String {
    let year = atlas.year;
    let milex_year = atlas
        .milex_year
        .map_or_else(|| "—".to_string(), |y| y.to_string());
    let mut h = page_start(&format!(
        "The world and its regions: US trade and military spending, {year}"
    ));
    let _ = writeln!(
        h,
        "<h1>The world and its regions, {year}</h1>\n<p class=\"lede\">The partners of the atlas in SIPRI's regional groups, \
         with the US goods balance, exports and imports summed over the partners listed, and SIPRI's own total of military \
         spending for each group; then the groupings the Census Bureau publishes US trade for. \
         <a href=\"index.html\">Every partner</a> · <a href=\"compare.html\">Compare partners</a></p>"
    );
    if let Some(world) = atlas.regions.iter().find(|r| r.name == WORLD) {
        let _ = writeln!(h, "<p>{}</p>", total_sentence(atlas, world));
    }
    h.push_str("<h2 id=\"regions\">SIPRI's regional groups</h2>\n");
    let groups: Vec<&RegionTotal> = atlas.regions.iter().filter(|r| r.name != WORLD).collect();
    if groups.is_empty() {
        h.push_str("<p>No partner of this atlas is in SIPRI's country list.</p>\n");
    } else {
        let _ = writeln!(
            h,
            "<div class=\"scroll\" role=\"region\" aria-labelledby=\"regions-caption\" tabindex=\"0\">\n<table id=\"regions-table\">\n\
             <caption id=\"regions-caption\" class=\"note\" style=\"caption-side: bottom; text-align: left; padding: .4rem .55rem;\">\
             Sums are over the partners listed with a figure (how many, in brackets, where not all). $bn: US dollars, billions, \
             nominal. Negative balance: US deficit. SIPRI's total is its own regional figure, at current prices.</caption>\n\
             <thead><tr><th scope=\"col\">SIPRI group</th><th scope=\"col\" class=\"num\">Partners listed</th>\
             <th scope=\"col\" class=\"num\">US goods balance {year}, $bn</th><th scope=\"col\" class=\"num\">US exports {year}, $bn</th>\
             <th scope=\"col\" class=\"num\">US imports {year}, $bn</th><th scope=\"col\" class=\"num\">SIPRI total {milex_year}, $bn</th></tr></thead>\n<tbody>"
        );
        for g in groups {
            let rows = members(atlas, &g.name);
            let cell = |figure: fn(&AtlasRow) -> Option<f64>, signed: bool| {
                let (total, n) = sum(&rows, figure);
                let partial = if n < rows.len() && total.is_some() {
                    format!(" ({n})")
                } else {
                    String::new()
                };
                let class = match total {
                    None => "num missing",
                    Some(v) if signed && v < 0.0 => "num deficit",
                    Some(_) => "num",
                };
                format!("<td class=\"{class}\">{}{partial}</td>", billions(total))
            };
            let missing = if g.milex_usd_mn.is_none() {
                " missing"
            } else {
                ""
            };
            let _ = writeln!(
                h,
                "<tr><th scope=\"row\"><a href=\"regions/{}.html\">{}</a></th><td class=\"num\">{}</td>{}{}{}<td class=\"num{missing}\">{}</td></tr>",
                escape(&g.slug),
                escape(&g.name),
                rows.len(),
                cell(|r| r.balance_usd_mn, true),
                cell(|r| r.exports_usd_mn, false),
                cell(|r| r.imports_usd_mn, false),
                billions(g.milex_usd_mn)
            );
        }
        h.push_str("</tbody>\n</table>\n</div>\n");
    }
    h.push_str("<h2 id=\"census\">Census groupings</h2>\n");
    let aggregates: Vec<&AtlasRow> = atlas
        .rows
        .iter()
        .filter(|r| r.kind == "aggregate")
        .collect();
    if aggregates.is_empty() {
        h.push_str("<p>No Census grouping is among the partners of this atlas.</p>\n");
    } else {
        h.push_str(&partner_table(
            atlas,
            &aggregates,
            "",
            false,
            "The groupings as the Census Bureau publishes US trade with them (their own series, not sums of this atlas's rows; \
             groupings overlap). $bn: US dollars, billions, nominal. Negative balance: US deficit.",
        ));
    }
    h.push_str(&sources_note(atlas, ""));
    h.push_str(&page_end(false));
    h
}

fn region_page(atlas: &Atlas, region: &RegionTotal) -> String {
    let year = atlas.year;
    let rows = members(atlas, &region.name);
    let name = escape(&region.name);
    let mut h = page_start(&format!(
        "{}: US trade and military spending, {year}",
        region.name
    ));
    let (balance, with_balance) = sum(&rows, |r| r.balance_usd_mn);
    let balance_sentence = match balance {
        Some(v) => format!(
            "The US goods balance with them sums to {} in {year} ({with_balance} of {} with a figure).",
            dollars(v),
            rows.len()
        ),
        None => format!("The data hold no US goods balance with them for {year}."),
    };
    let _ = writeln!(
        h,
        "<h1>{name}, {year}</h1>\n<p class=\"lede\">The {} partners of the atlas SIPRI lists under {name}. {} {balance_sentence} \
         A partner's name opens its profile.</p>",
        rows.len(),
        total_sentence(atlas, region)
    );
    h.push_str(&search_box(
        "<a href=\"../index.html\">Every partner</a> <a href=\"../world.html\">World and regions</a>",
    ));
    h.push_str(&partner_table(
        atlas,
        &rows,
        "../",
        true,
        &format!(
            "{name}, {year}. $bn: US dollars, billions, nominal. Negative balance: US deficit. \
             A dash: the data hold no figure for the partner."
        ),
    ));
    h.push_str(&sources_note(atlas, "../"));
    h.push_str(&page_end(true));
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, group: Option<&str>, kind: &str, balance: Option<f64>) -> AtlasRow {
        AtlasRow {
            name: name.into(),
            slug: crate::study::slug(name),
            iso3: None,
            kind: kind.into(),
            sipri_group: group.map(String::from),
            names: vec![name.into()],
            balance_usd_mn: balance,
            deficit_rank: None,
            balance_history: Vec::new(),
            exports_usd_mn: balance.map(|_| 1_000.0),
            imports_usd_mn: None,
            milex_usd_mn: None,
            milex_share_of_gdp_pct: None,
            us_troops: None,
            us_troops_year: None,
        }
    }

    fn total(name: &str, milex: Option<f64>) -> RegionTotal {
        RegionTotal {
            name: name.into(),
            slug: crate::study::slug(name),
            milex_usd_mn: milex,
            release: milex.map(|_| "sipri-milex-2026-04".to_string()),
        }
    }

    fn atlas() -> Atlas {
        Atlas {
            year: 2025,
            milex_year: Some(2025),
            ranked: 200,
            rows: vec![
                row("Japan", Some("East Asia"), "country", Some(-68_000.0)),
                row("South Korea", Some("East Asia"), "country", Some(-66_000.0)),
                row("Taiwan", Some("East Asia"), "country", None),
                row(
                    "Germany",
                    Some("Western Europe"),
                    "country",
                    Some(-85_000.0),
                ),
                row("European Union", None, "aggregate", Some(-235_000.0)),
            ],
            regions: vec![
                total("World", Some(2_700_000.0)),
                total("East Asia", Some(450_000.0)),
                total("Western Europe", None),
            ],
        }
    }

    #[test]
    fn the_world_page_sums_each_group_and_lists_the_census_groupings() {
        let a = atlas();
        let pages = pages(&a);
        let names: Vec<String> = pages.iter().map(|(p, _)| p.display().to_string()).collect();
        assert_eq!(
            names,
            [
                "world.html",
                "regions/east-asia.html",
                "regions/western-europe.html"
            ]
        );
        let world = &pages[0].1;
        // East Asia: three partners, two with a balance: -134.0 over 2 of 3
        let bn = NumberFormat::fixed(1);
        assert!(world.contains(&format!(
            "<a href=\"regions/east-asia.html\">East Asia</a></th><td class=\"num\">3</td><td class=\"num deficit\">{} (2)</td>",
            bn.format(-134.0)
        )), "{world}");
        assert!(
            world.contains(&format!(">{}</td></tr>", bn.format(450.0))),
            "{world}"
        );
        // no SIPRI total: a dash, marked missing
        assert!(
            world.contains("<td class=\"num missing\">—</td></tr>"),
            "{world}"
        );
        assert!(world.contains(&format!(
            "for the world in 2025: {} at",
            dollars(2_700_000.0)
        )));
        // the Census grouping, linking its profile; the countries are not in that table
        let census = &world[world.find("id=\"census\"").unwrap()..];
        assert!(census.contains("<a href=\"european-union/index.html\">European Union</a>"));
        assert!(!census.contains(">Japan<"));
        assert!(world.contains("<a href=\"index.html\">Every partner</a>"));
    }

    #[test]
    fn a_region_page_lists_its_partners_and_says_what_sipri_does_not_publish() {
        let a = atlas();
        let pages = pages(&a);
        let east = &pages[1].1;
        assert!(
            east.contains("<a href=\"../japan/index.html\">Japan</a>"),
            "{east}"
        );
        assert!(east.contains("<a href=\"../taiwan/index.html\">Taiwan</a>"));
        assert!(!east.contains(">Germany<"));
        assert!(east.contains("(2 of 3 with a figure)"), "{east}");
        assert!(east.contains("sums to -$134.0bn in 2025"), "{east}");
        assert!(east.contains("href=\"../index.csv\"") && east.contains("<script>"));
        let west = &pages[2].1;
        assert!(
            west.contains("publishes no total for it for 2025"),
            "{west}"
        );
        // same bytes on a rebuild
        assert_eq!(pages, super::pages(&a));
    }

    #[test]
    fn sums_skip_missing_figures_and_say_so() {
        let a = atlas();
        let rows = members(&a, "East Asia");
        assert_eq!(sum(&rows, |r| r.balance_usd_mn), (Some(-134_000.0), 2));
        assert_eq!(sum(&rows, |r| r.imports_usd_mn), (None, 0));
    }
}
