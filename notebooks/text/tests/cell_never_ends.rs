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
// # A cell that never ends (must fail)
//
// Kept out of the normal set; run by the test command with `--expect-fail`. Cell 2 sleeps forever. Its metadata `tradedef.timeout` gives it 5 s (instead of `--timeout`): the runner must stop the kernel and fail naming this notebook and "cell 2: timed out after 5 s" (the notebook's `tradedef.expect_failure`), never hang. Cell 3 must not run.

// %%
let before = 1;

// %% tradedef={"timeout": 5}
loop {
    std::thread::sleep(std::time::Duration::from_millis(200));
}

// %%
before
