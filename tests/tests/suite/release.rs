//! Release dates as data: every release (vintage) a dataset's rows carry is listed in its
//! sidecar's `[[releases]]` with a date; the dates order the releases as the analyses read them,
//! and the data layer orders them without reaching into the analyses.

use std::collections::{BTreeMap, BTreeSet};

use tradedef::data::release::{order_key, order_key_in, tag_date};
use tradedef::data::{DateBasis, catalog, scan};
use tradedef::polars::prelude::*;
use tradedef_tests::scratch::repo_root;

/// The distinct tags of a dataset's `vintage` column.
fn vintages(id: &str) -> BTreeSet<String> {
    let frame = scan(id)
        .unwrap()
        .select([col("vintage").unique()])
        .collect()
        .unwrap();
    frame
        .column("vintage")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .flatten()
        .map(str::to_string)
        .collect()
}

#[test]
fn every_release_in_the_data_is_listed_with_its_date() {
    let mut dated = 0;
    for e in catalog() {
        let m = &e.meta;
        if !m.has_column("vintage") {
            assert!(
                m.releases.is_empty(),
                "{}: releases without a vintage column",
                m.id
            );
            continue;
        }
        let held = vintages(&m.id);
        let listed: BTreeSet<String> = m.releases.iter().map(|r| r.vintage.clone()).collect();
        assert_eq!(
            listed, held,
            "{}: [[releases]] against the vintage column",
            m.id
        );
        for r in &m.releases {
            if r.basis == DateBasis::Tag {
                assert_eq!(
                    r.date,
                    tag_date(&r.vintage),
                    "{}: `{}` is dated by its tag, so its date is the tag's",
                    m.id,
                    r.vintage
                );
            } else {
                assert!(
                    r.date.is_some(),
                    "{}: a published release without a date",
                    m.id
                );
            }
            dated += usize::from(r.date.is_some());
        }
    }
    assert!(dated > 90, "only {dated} dated releases");
}

#[test]
fn a_release_shared_by_datasets_has_one_date() {
    let mut dates: BTreeMap<&str, (&str, String)> = BTreeMap::new();
    for e in catalog() {
        for r in &e.meta.releases {
            let date = format!("{:?}", r.date);
            if let Some((other, d)) = dates.get(r.vintage.as_str()) {
                assert_eq!(
                    *d, date,
                    "`{}`: {} and {} give other dates",
                    r.vintage, other, e.meta.id
                );
            }
            dates.insert(&r.vintage, (&e.meta.id, date));
        }
    }
    // the Census file of March 2023 is in four datasets, dated as published
    assert_eq!(
        order_key("census-country-xlsx-2023-01").0,
        20_230_307,
        "the 7 March 2023 release"
    );
}

#[test]
fn the_dates_order_the_releases_as_the_analyses_read_them() {
    // The publication dates the sidecars now give must not reorder any dataset's releases
    // against the rule the analyses followed when dates were read from the tags: the figures
    // stay the same. A date that would is named here.
    for e in catalog() {
        let tags: Vec<&str> = e.meta.releases.iter().map(|r| r.vintage.as_str()).collect();
        let mut by_date = tags.clone();
        by_date.sort_by_key(|t| order_key_in(&e.meta, t));
        let mut by_tag = tags.clone();
        by_tag.sort_by_key(|t| (tag_date(t).map_or(0, |d| d.sort_number()), t.to_string()));
        assert_eq!(by_date, by_tag, "{}", e.meta.id);
        // the catalog-wide key agrees with the dataset's own
        for t in &tags {
            assert_eq!(order_key(t), order_key_in(&e.meta, t), "{t}");
        }
    }
    // the latest release of the Japan series is the June-2026 revision's August snapshot
    let latest = vintages("us_japan_goods_trade")
        .into_iter()
        .max_by_key(|v| order_key(v))
        .unwrap();
    assert_eq!(latest, "census-country-2026-08");
    // a tag no sidecar lists is dated by the tag rule
    assert_eq!(order_key("census-c5880-page-2027-01").0, 20_270_100);
    assert_eq!(order_key("no date at all").0, 0);
}

#[test]
fn the_data_layer_imports_nothing_from_the_analyses() {
    let dir = repo_root().join("crates/tradedef/src/data");
    let mut files = vec![dir.clone()];
    let mut offenders = Vec::new();
    while let Some(p) = files.pop() {
        if p.is_dir() {
            files.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
        } else if p.extension().is_some_and(|x| x == "rs") {
            let text = std::fs::read_to_string(&p).unwrap();
            for (i, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or_default();
                if code.contains("crate::analysis") || code.contains("tradedef::analysis") {
                    offenders.push(format!("{}:{}", p.display(), i + 1));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "data/ imports analysis: {offenders:?}"
    );
}
