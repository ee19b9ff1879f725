#![no_main]

#[path = "../../tests/fuzz_support/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::document(data));
