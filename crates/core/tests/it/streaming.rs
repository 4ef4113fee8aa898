//! A UTF-8 CSV on disk is read from disk pass by pass, not into memory. Whatever the file's
//! shape, it must import exactly as the same bytes given in memory do, and fail with the same
//! words.

use super::util::*;
use boardlens_core::import::{self, ImportOptions, ImportSummary};

fn from_disk(name: &str, bytes: &[u8]) -> (Result<ImportSummary, String>, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let mut store = bundled();
    let options = ImportOptions {
        now: NOW,
        ..ImportOptions::default()
    };
    let result = import::import_file(&mut store, &path, &options, &mut import::no_progress).map_err(|e| e.to_string());
    (result, store.content_digest().unwrap())
}

fn from_memory(name: &str, bytes: &[u8]) -> (Result<ImportSummary, String>, String) {
    let mut store = bundled();
    let result = import(&mut store, name, bytes.to_vec()).map_err(|e| e.to_string());
    (result, store.content_digest().unwrap())
}

#[test]
fn a_csv_read_from_disk_imports_exactly_as_the_same_bytes_in_memory() {
    let cases: &[(&str, &[u8])] = &[
        ("line feeds", b"ods_code,indicator,period,value\nRJ1,local.a,2025,1\nRRK,local.a,2025,2\n"),
        (
            "CRLF, blank lines and no final line end",
            b"ods_code,indicator,period,value\r\nRJ1,local.a,2025,1\r\n\r\n\r\nRRK,local.a,2025,2",
        ),
        (
            "a byte-order mark and a quoted value over two lines",
            b"\xEF\xBB\xBFods_code,indicator,period,value,note\nRJ1,local.a,2025,1,\"two\nlines\"\nRRK,local.a,2025,\"1,234\",x\n",
        ),
        ("semicolons", b"ods_code;indicator;period;value\nRJ1;local.a;2025;1\n"),
        ("Windows-1252 (read in memory)", b"ods_code,indicator,period,value\nRJ1,local.\xE9,2025,1\n"),
        ("old Mac line ends", b"ods_code,indicator,period,value\rRJ1,local.a,2025,1\rRRK,local.a,2025,2\r"),
        (
            "cut short part-way through a row",
            b"ods_code,indicator,period,value\nRJ1,local.a,2025,1\nRRK,local.a",
        ),
        (
            "a quoted value never closed",
            b"ods_code,indicator,period,value\nRJ1,local.a,2025,1\nRRK,local.a,2025,\"2\nRJE,local.a,2025,3\n",
        ),
        ("a value that is not a number, on line 3", b"ods_code,indicator,period,value\nRJ1,local.a,2025,1\nRRK,local.a,2025,lots\n"),
        ("an HTML page", b"<!DOCTYPE html><html><body>Sign in</body></html>\n"),
        ("empty", b""),
    ];
    for (case, bytes) in cases {
        let (disk, disk_digest) = from_disk("kpi.csv", bytes);
        let (memory, memory_digest) = from_memory("kpi.csv", bytes);
        assert_eq!(disk_digest, memory_digest, "{case}: the databases differ");
        match (&disk, &memory) {
            (Ok(d), Ok(m)) => {
                assert_eq!(
                    (d.rows_read, d.observations_written, &d.encoding, &d.notes, &d.left_out),
                    (m.rows_read, m.observations_written, &m.encoding, &m.notes, &m.left_out),
                    "{case}"
                );
            }
            (Err(d), Err(m)) => assert_eq!(d, m, "{case}"),
            _ => panic!("{case}: from disk {disk:?}, in memory {memory:?}"),
        }
    }
}

#[test]
fn a_preview_of_a_file_on_disk_shows_its_first_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kpi.csv");
    std::fs::write(&path, "ods_code,indicator,period,value\r\nRJ1,local.a,2025,1\r\n").unwrap();
    let preview = import::preview_file(&path, 5).unwrap();
    assert_eq!(
        (preview.format.as_str(), preview.encoding.as_str(), preview.bytes),
        ("csv", "UTF-8", 53)
    );
    assert_eq!(
        preview.sheets[0].rows,
        [
            vec!["ods_code", "indicator", "period", "value"],
            vec!["RJ1", "local.a", "2025", "1"]
        ]
    );
}

#[test]
fn a_preview_opens_on_the_sheet_that_will_be_read_not_the_introduction() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kpi.xlsx");
    let bytes = xlsx(&[
        (
            "Introduction",
            vec![vec!["About this file"], vec!["Published 30 March 2026"]],
        ),
        (
            "Data",
            vec![
                vec!["ods_code", "indicator", "period", "value"],
                vec!["RJ1", "local.a", "2025", "1"],
            ],
        ),
    ]);
    std::fs::write(&path, bytes).unwrap();
    let preview = import::preview_file(&path, 5).unwrap();
    let read: Vec<(Option<&str>, bool)> = preview.sheets.iter().map(|s| (s.name.as_deref(), s.read)).collect();
    assert_eq!(read, [(Some("Introduction"), false), (Some("Data"), true)]);
    assert!(
        preview
            .reader
            .as_deref()
            .unwrap()
            .starts_with("Your own file, long format")
    );
    std::fs::write(&path, "just some words\nand more\n").unwrap();
    let preview = import::preview_file(&path, 5).unwrap();
    assert_eq!(preview.reader, None, "not a layout Boardlens reads");
    assert!(!preview.sheets[0].read);
}
