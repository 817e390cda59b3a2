// -*- coding: utf-8 -*-
// ---
// jupyter:
//   jupytext:
//     text_representation:
//       extension: .rs
//       format_name: percent
//       format_version: '1.3'
//       jupytext_version: 1.19.6
//   kernelspec:
//     display_name: Rust (tradedef)
//     language: rust
//     name: tradedef
// ---

// %% [markdown]
// # 00 — smoke test of the notebook toolchain
//
// Proves the "Rust (tradedef)" kernel end to end: the `tradedef` crate is preloaded (no `:dep` here), `use tradedef::prelude::*;` is in scope, a dataset loads, a table and a number are shown. `cargo xtask notebooks` re-runs it in a fresh kernel and compares the outputs with the ones committed here.

// %%
let trade = load("us_japan_goods_trade").expect("the embedded dataset loads");

// %% [markdown]
// The last rows of the table (the dataset's own column order):

// %%
trade.frame().tail(Some(6))

// %% [markdown]
// How many rows, and the years covered. The span looks the `year` column up by name in a frame that an earlier cell built; that works only because every cell shares one copy of polars (the kernel loads `tradedef` as a shared library; see `notebooks/README.md`).

// %%
trade.frame().height()

// %%
trade.span("year")

// %% [markdown]
// Where the figures come from:

// %%
trade.provenance().source_line()
