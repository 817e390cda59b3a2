//! Shared helpers for the integration tests.

pub mod publisher_files;
pub mod sipri_fx;
pub mod scratch;
