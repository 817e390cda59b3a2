//! Shared helpers for the integration tests.

pub mod publisher_files;
pub mod scratch;
pub mod sipri_fx;
