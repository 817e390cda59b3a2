//! The "Rust (tradedef)" kernel: evcxr_jupyter 0.22.0, linked against the patched evcxr.

fn main() -> anyhow::Result<()> {
    evcxr_jupyter::main()
}
