#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| parlance_fuzz::tengo_scripts(data));
