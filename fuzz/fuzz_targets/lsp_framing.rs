#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| parlance_fuzz::lsp_framing(data));
