//! Shared helpers: stores, running an import, writing workbooks.

use boardlens_core::import::{self, ImportOptions, ImportSummary};
use boardlens_core::store::{Bundled, Store};
use boardlens_core::{Error, Result};
use rust_xlsxwriter::Workbook;
use std::sync::OnceLock;

/// A fixed import time, so stores are reproducible.
pub const NOW: i64 = 1_795_571_403;

/// An empty database (no bundled data).
pub fn empty() -> Store {
    Store::open_with(None, Bundled::Skip, NOW).unwrap()
}

/// A database with every bundled dataset.
pub fn bundled() -> Store {
    Store::open_with(None, Bundled::Load, NOW).unwrap()
}

/// The bytes of a bundled file.
pub fn dataset_file(path: &str) -> Vec<u8> {
    static ROOT: OnceLock<std::path::PathBuf> = OnceLock::new();
    let root = ROOT.get_or_init(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../datasets"));
    std::fs::read(root.join(path)).unwrap()
}

/// Import bytes under a file name with options.
pub fn import_with(store: &mut Store, name: &str, bytes: Vec<u8>, options: ImportOptions) -> Result<ImportSummary> {
    let options = ImportOptions { now: NOW, ..options };
    import::import_bytes(store, name, bytes, &options, &mut import::no_progress)
}

/// Import bytes with default options.
pub fn import(store: &mut Store, name: &str, bytes: impl Into<Vec<u8>>) -> Result<ImportSummary> {
    import_with(store, name, bytes.into(), ImportOptions::default())
}

/// Import, expect failure, and check the database did not change.
pub fn import_fails(store: &mut Store, name: &str, bytes: impl Into<Vec<u8>>, options: ImportOptions) -> Error {
    let before = store.content_digest().unwrap();
    let err = import_with(store, name, bytes.into(), options).expect_err("the import should fail");
    assert_eq!(
        store.content_digest().unwrap(),
        before,
        "a failed import must leave the database unchanged ({err})"
    );
    err
}

/// An .xlsx with one sheet from rows of cells (strings that parse as numbers are written as numbers).
pub fn xlsx(sheets: &[(&str, Vec<Vec<&str>>)]) -> Vec<u8> {
    let mut wb = Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet().set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if cell.is_empty() {
                    continue;
                }
                match cell.parse::<f64>() {
                    Ok(n) => ws.write_number(r as u32, c as u16, n).unwrap(),
                    Err(_) => ws.write_string(r as u32, c as u16, *cell).unwrap(),
                };
            }
        }
    }
    wb.save_to_buffer().unwrap()
}
