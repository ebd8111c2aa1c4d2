#![no_main]

libfuzzer_sys::fuzz_target!(init: parlance_fuzz::init(), |data: &[u8]| parlance_fuzz::lsp_messages(data));
