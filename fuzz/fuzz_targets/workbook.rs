//! Any bytes as a file: format detection, text decoding, CSV sniffing and streaming, zip and
//! workbook reading under the limits. Must return a value or an error, never panic or abort.
#![no_main]

use boardlens_core::import::limits::Limits;
use boardlens_core::import::table::Workbook;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // A small cap keeps each run fast; the limits code is the same at any cap.
    let limits = Limits { max_bytes: 4 * 1024 * 1024 };
    if let Ok(book) = Workbook::read("fuzz.csv", data.to_vec(), &limits) {
        for sheet in &book.sheets {
            let _ = sheet.preview(20);
            let mut cells = 0usize;
            let _ = sheet.for_each_row(0, |row| -> boardlens_core::Result<()> {
                cells += row.texts().len();
                let _ = row.is_blank();
                Ok(())
            });
        }
    }
});
