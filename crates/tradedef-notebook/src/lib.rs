//! `tradedef`, built as one shared library for the "Rust (tradedef)" notebook kernel.
//!
//! This crate re-exports [`tradedef`] unchanged. The kernel preloads it under the name
//! `tradedef` (`:dep tradedef = { package = "tradedef-notebook", path = … }`), so notebooks
//! write `use tradedef::prelude::*;` exactly as Rust programs do.
//!
//! # Why a shared library
//!
//! evcxr compiles every notebook cell into a shared object of its own. Dependencies that are
//! linked statically (rlibs, evcxr's default) are copied into each of those objects, and with
//! them every `static` they hold. polars' hash maps take their hash seed from such a static
//! (foldhash's process-wide seed), so a `DataFrame` whose schema was built in one cell could not
//! be searched in the next: `frame.column("year")` answered "not found" for a column that was
//! there, and `Dataset::span` returned `None`. Linked against this `dylib`, all cells call into
//! one copy of tradedef, polars and their statics, and that bug cannot happen.
//!
//! A second effect, measured by `cargo xtask bench-notebooks`: a cell links against this
//! library instead of pulling polars' code into its own object, which shortens every cell.
//!
//! evcxr's own switch for this (`:allow_static_linking 0`) builds *every* dependency as a
//! dylib and fails on Rust 1.95 ("only metadata stub found for `dylib` dependency `core`").
//!
//! The crate is outside the workspace's default members: only the kernel needs it.

#![deny(missing_docs)]

pub use tradedef::*;
