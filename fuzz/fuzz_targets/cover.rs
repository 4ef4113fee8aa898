//! Any text as a board cover sheet (TOML a person wrote), parsed and checked.
#![no_main]

use boardlens_core::cover::CoverSheet;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(sheet) = CoverSheet::parse(text) {
            let _ = sheet.rows();
            let _ = sheet.checked();
        }
    }
});
