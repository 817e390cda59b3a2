//! Fuzz target: the `census_api_hs` reader (see `tradedef_tests::fuzz_input`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    tradedef_tests::fuzz_input::read("census_api_hs", data);
});
