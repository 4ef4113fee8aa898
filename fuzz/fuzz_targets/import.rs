//! Any bytes imported into an empty database, detected or as a named adapter (the first byte
//! chooses): each adapter's detect and read, the output checks, the all-or-nothing write. A
//! dry run, so one database serves every input.
#![no_main]

use boardlens_core::import::{self, ImportOptions};
use boardlens_core::store::{Bundled, Store};
use libfuzzer_sys::fuzz_target;
use std::cell::RefCell;

thread_local! {
    static STORE: RefCell<Store> = RefCell::new(Store::open_with(None, Bundled::Skip, 0).expect("an empty database"));
}

fuzz_target!(|data: &[u8]| {
    let Some((&choice, bytes)) = data.split_first() else { return };
    let adapters = import::adapters();
    let adapter = adapters
        .get(choice as usize % (adapters.len() + 1))
        .map(|a| a.name.to_string());
    let options = ImportOptions {
        adapter,
        period: (choice & 0x80 != 0).then(|| "2025".to_string()),
        dry_run: true,
        max_bytes: Some(4 * 1024 * 1024),
        ..ImportOptions::default()
    };
    STORE.with(|store| {
        let mut store = store.borrow_mut();
        let _ = import::import_bytes(&mut store, "fuzz.csv", bytes.to_vec(), &options, &mut import::no_progress);
    });
});
