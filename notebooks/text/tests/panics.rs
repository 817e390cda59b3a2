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
// # A notebook that must fail
//
// Kept out of the normal set. `cargo xtask notebooks --expect-fail notebooks/tests/panics.ipynb` checks that a panicking cell fails the run (evcxr itself reports a panic as status "ok").

// %%
let answer = 40 + 2;

// %%
if answer == 42 {
    panic!("deliberate panic: the notebook runner must report this cell");
}

// %%
answer
