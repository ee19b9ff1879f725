#![no_main]

#[path = "../../tests/fuzz_support/protocol.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::protocol(data));
