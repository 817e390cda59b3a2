//! Fuzz target: the `dataset_csv` reader (see `tradedef_tests::fuzz_input`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    tradedef_tests::fuzz_input::read("dataset_csv", data);
});
