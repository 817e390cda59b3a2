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
// # A notebook that must fail: an error returned with `?`
//
// Kept out of the normal set. evcxr prints an error returned through `?` on stderr and answers status "ok". `cargo xtask notebooks --expect-fail notebooks/tests/question_mark_error.ipynb` checks that the runner still fails the cell.

// %%
let trade = load("no_such_dataset")?;

// %%
1 + 1
