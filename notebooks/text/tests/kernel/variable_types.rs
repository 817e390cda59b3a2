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
// # Kernel regression test: variable types (not a must-fail notebook)
//
// The kernel's evcxr is patched (`kernel/evcxr.patch`, reasons in `kernel/README.md`): rust-analyzer is asked for a variable's type only when a `let` needs inference and loads in the background; until it is ready, the kernel learns such types from the compiler and falls back to rust-analyzer when the compiler's answer cannot be used. This notebook's committed outputs were written by the **stock** evcxr_jupyter 0.22.0; `cargo xtask test` runs it on the patched kernel and compares every output, so both kernels must give the same answers: a `let` right after the start, an annotated `let`, destructuring, a vector of literals, shadowing with a change of type (inferred and annotated), `mut`, `let _`, a tradedef value, a table whose type is not in scope (the compiler's name `DataFrame` cannot be used: rust-analyzer's path is), with `:vars` / `:t` showing the stored types. Not compared here: a closure `let` (its error makes evcxr run `cargo check`, a check build of polars at its first use in a build dir, minutes; kernel/README.md records the same error from both kernels in a std-only session), an error returned with `?` (evcxr prints it on stderr, which may arrive after the cell's reply: the stock kernel lost it in a trial run) and a panic (its backtrace names the kernel binary's own symbols); `notebooks/tests/question_mark_error.ipynb` and `panics.ipynb` check that those still fail a run.

// %%
let after_start = 40 + 2;

// %%
// :vars

// %%
let annotated: Vec<u64> = vec![1, 2, 3];
annotated.iter().sum::<u64>()

// %%
// :t annotated

// %%
let (left, right) = ("a", 2.5);
format!("{left} {right}")

// %%
// :t left

// %%
// :t right

// %%
let numbers = vec![1, 2, 3];
numbers.len()

// %%
// :t numbers

// %%
let shadow = 7;

// %%
let shadow = format!("seven ({shadow})");
shadow.len()

// %%
// :t shadow

// %%
let shadow: f64 = 1.5;
shadow * 2.0

// %%
// :t shadow

// %%
let mut counter: u32 = 0;

// %%
counter += after_start as u32;
counter

// %%
let _ = counter + 1;
after_start

// %%
let trade = load("us_japan_goods_trade")?;

// %%
// :t trade

// %%
let rows: usize = trade.frame().height();
rows > 10

// %%
// :t rows

// %%
let last_rows = trade.frame().tail(Some(3));
last_rows.height()

// %%
// :t last_rows

// %%
1 + 1
