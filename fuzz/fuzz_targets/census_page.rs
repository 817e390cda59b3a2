//! Fuzz target: the `census_page` reader (see `tradedef_tests::fuzz_input`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    tradedef_tests::fuzz_input::read("census_page", data);
});
