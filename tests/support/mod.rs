//! Shared helpers for the integration tests.

pub mod fuzz_input;
pub mod publisher_files;
pub mod scratch;
pub mod sipri_fx;
