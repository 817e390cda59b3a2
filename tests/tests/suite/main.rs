//! The workspace's integration tests, one module per topic, gathered into one test binary (one
//! link, one run): `cargo test -p tradedef-tests`, or one topic with a filter, e.g.
//! `cargo test -p tradedef-tests importers::dmdc`. A new topic is a file here and a `mod` line.

mod analysis;
mod bad_input;
mod chart_tables;
mod charts;
mod claims;
mod claims_generic;
mod claims_story;
mod data_layer;
mod display;
mod fuzz_corpus;
mod hostile_files;
mod import_all_partners;
mod import_census_country_2026;
mod import_dmdc_location;
mod import_sipri_fx;
mod import_sipri_xlsx;
mod importers;
mod install;
mod layering;
mod notebooks;
mod output_integrity;
mod partner_analysis;
mod partners;
mod products;
mod refresh;
mod release;
mod release_pairing;
mod report;
mod studies;
mod trade_totals_and_duties;
