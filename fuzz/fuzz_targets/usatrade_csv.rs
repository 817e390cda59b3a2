//! Fuzz target: the `usatrade_csv` reader (see `tradedef_tests::fuzz_input`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    tradedef_tests::fuzz_input::read("usatrade_csv", data);
});
