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
// # A notebook that must fail: a compile error
//
// Kept out of the normal set; see notebooks/README.md.

// %%
let count: u32 = "not a number";
