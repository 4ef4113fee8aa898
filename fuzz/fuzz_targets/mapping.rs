//! Any text as a column mapping file (TOML a person wrote).
#![no_main]

use boardlens_core::import::Mapping;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(mapping) = Mapping::parse(text) {
            let _ = mapping.indicator("value");
        }
    }
});
