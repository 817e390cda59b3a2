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
// # A kernel killed mid-notebook (must fail)
//
// Kept out of the normal set; run by the test command with `--expect-fail`. Cell 2 kills the kernel (`kill -KILL` of evcxr_jupyter, the parent of the process that runs the cells) and then waits. The runner must notice the dead kernel within seconds and fail naming this notebook and "cell 2: the kernel died" (the notebook's `tradedef.expect_failure`) and the kernel's build dir, never wait for the cell. Cell 3 must not run.

// %%
let before = 1;

// %% tradedef={"timeout": 60}
let kernel = std::os::unix::process::parent_id();
std::process::Command::new("kill")
    .args(["-KILL", &kernel.to_string()])
    .status()
    .unwrap();
std::thread::sleep(std::time::Duration::from_secs(120));

// %%
before
