//! Downloads, against the scripted HTTP server on 127.0.0.1 (`tests/support/http.rs`): success, errors,
//! retries, timeouts, size caps, HTML instead of data, redirects, a proxy, the cache, cancel.

use super::http::{Reply, serve};
use super::util::*;
use boardlens_core::Store;
use boardlens_core::download::{self, DownloadOptions, DownloadOutcome, Source};
use std::net::TcpListener;
use std::ops::ControlFlow;
use std::time::Duration;

const GOOD: &[u8] = b"ods_code,indicator,period,value\nRJ1,local.downloaded,2025,4\n";

fn source(format: &str) -> Source {
    Source {
        key: "test".into(),
        title: "Test source".into(),
        publisher: "A test".into(),
        landing: "http://127.0.0.1/".into(),
        url: "http://127.0.0.1/unused".into(),
        format: format.into(),
        adapter: "generic-long".into(),
        licence: "Open Government Licence v3.0".into(),
        period: None,
    }
}

fn options(url: String, cache: &std::path::Path) -> DownloadOptions {
    let mut o = DownloadOptions::new(cache.to_path_buf(), NOW);
    o.url = Some(url);
    o.backoff = Duration::from_millis(10);
    o.read_timeout = Duration::from_secs(5);
    o
}

fn run(store: &mut Store, src: &Source, opts: &DownloadOptions) -> boardlens_core::Result<DownloadOutcome> {
    download::download(store, src, opts, &mut |_| ControlFlow::Continue(()))
}

fn fails(store: &mut Store, src: &Source, opts: &DownloadOptions) -> String {
    let before = store.content_digest().unwrap();
    let err = run(store, src, opts).expect_err("the download should fail").to_string();
    assert_eq!(
        store.content_digest().unwrap(),
        before,
        "a failed download changes nothing ({err})"
    );
    err
}

#[test]
fn a_download_is_imported_with_its_address_as_source() {
    let server = serve(vec![Reply::Full(200, vec![], GOOD.to_vec())]);
    let cache = tempfile::tempdir().unwrap();
    let mut store = bundled();
    let outcome = run(
        &mut store,
        &source("csv"),
        &options(format!("{}/kpis.csv", server.base), cache.path()),
    )
    .unwrap();
    let DownloadOutcome::Imported { bytes, summary, .. } = outcome else {
        panic!("not imported")
    };
    assert_eq!(bytes, GOOD.len() as u64);
    assert!(
        summary
            .provenance
            .source
            .starts_with(&format!("{}/kpis.csv (retrieved 2026-11-25T", server.base)),
        "{}",
        summary.provenance.source
    );
    assert_eq!(
        store
            .observation("local.downloaded", "RJ1", "2025")
            .unwrap()
            .unwrap()
            .value,
        Some(4.0)
    );
}

#[test]
fn not_found_says_the_file_may_have_moved() {
    let server = serve(vec![Reply::Full(404, vec![], b"nope".to_vec())]);
    let cache = tempfile::tempdir().unwrap();
    let err = fails(
        &mut bundled(),
        &source("csv"),
        &options(format!("{}/gone.csv", server.base), cache.path()),
    );
    assert!(err.contains("404") && err.contains("--url"), "{err}");
}

#[test]
fn a_server_error_is_retried_then_succeeds() {
    let server = serve(vec![
        Reply::Full(500, vec![], b"oops".to_vec()),
        Reply::Full(200, vec![], GOOD.to_vec()),
    ]);
    let cache = tempfile::tempdir().unwrap();
    let mut store = bundled();
    assert!(matches!(
        run(
            &mut store,
            &source("csv"),
            &options(format!("{}/k.csv", server.base), cache.path())
        )
        .unwrap(),
        DownloadOutcome::Imported { .. }
    ));
    assert_eq!(server.seen.lock().unwrap().len(), 2);
}

#[test]
fn a_connection_dropped_mid_body_fails_cleanly() {
    let server = serve(vec![Reply::DropAfter(1000, GOOD[..20].to_vec())]);
    let cache = tempfile::tempdir().unwrap();
    let mut o = options(format!("{}/k.csv", server.base), cache.path());
    o.retries = 1;
    let err = fails(&mut bundled(), &source("csv"), &o);
    assert!(err.contains("dropped part-way"), "{err}");
}

#[test]
fn a_server_too_slow_times_out() {
    let server = serve(vec![Reply::Slow(Duration::from_secs(3), GOOD.to_vec())]);
    let cache = tempfile::tempdir().unwrap();
    let mut o = options(format!("{}/k.csv", server.base), cache.path());
    o.read_timeout = Duration::from_millis(300);
    o.retries = 0;
    let err = fails(&mut bundled(), &source("csv"), &o);
    assert!(err.contains("timed out"), "{err}");
}

#[test]
fn a_body_over_the_cap_is_refused() {
    let server = serve(vec![Reply::Full(200, vec![], vec![b'x'; 5000])]);
    let cache = tempfile::tempdir().unwrap();
    let mut o = options(format!("{}/k.csv", server.base), cache.path());
    o.max_bytes = 1000;
    let err = fails(&mut bundled(), &source("csv"), &o);
    assert!(err.contains("over the 1000 byte limit"), "{err}");
}

#[test]
fn an_html_page_instead_of_a_workbook_is_refused() {
    let server = serve(vec![Reply::Full(
        200,
        vec![],
        b"<!DOCTYPE html><html><body>Sign in</body></html>".to_vec(),
    )]);
    let cache = tempfile::tempdir().unwrap();
    let err = fails(
        &mut bundled(),
        &source("xlsx"),
        &options(format!("{}/dma.xlsx", server.base), cache.path()),
    );
    assert!(err.contains("web page (HTML)"), "{err}");
}

#[test]
fn a_redirect_is_followed() {
    let server = serve(vec![
        Reply::Full(302, vec![("Location", "/moved.csv".into())], vec![]),
        Reply::Full(200, vec![], GOOD.to_vec()),
    ]);
    let cache = tempfile::tempdir().unwrap();
    let mut store = bundled();
    run(
        &mut store,
        &source("csv"),
        &options(format!("{}/old.csv", server.base), cache.path()),
    )
    .unwrap();
    assert_eq!(server.seen.lock().unwrap()[1], "GET /moved.csv HTTP/1.1");
}

#[test]
fn requests_go_through_the_proxy_when_one_is_set() {
    // The "proxy" answers as the origin would; what matters is that it got an absolute URI.
    let proxy = serve(vec![Reply::Full(200, vec![], GOOD.to_vec())]);
    let cache = tempfile::tempdir().unwrap();
    let mut o = options("http://127.0.0.1:9/kpis.csv".into(), cache.path());
    o.proxy = Some(proxy.base.clone());
    run(&mut bundled(), &source("csv"), &o).unwrap();
    assert_eq!(
        proxy.seen.lock().unwrap()[0],
        "GET http://127.0.0.1:9/kpis.csv HTTP/1.1"
    );
}

#[test]
fn a_corrupt_file_fails_the_import_and_changes_nothing() {
    let server = serve(vec![Reply::Full(
        200,
        vec![],
        b"ods_code,indicator,period,value\nRJ1,local.x,2025,NaN\n".to_vec(),
    )]);
    let cache = tempfile::tempdir().unwrap();
    let err = fails(
        &mut bundled(),
        &source("csv"),
        &options(format!("{}/k.csv", server.base), cache.path()),
    );
    assert!(err.contains("'NaN' is not a value"), "{err}");
}

#[test]
fn a_cancelled_download_keeps_nothing() {
    let server = serve(vec![Reply::Full(200, vec![], GOOD.to_vec())]);
    let cache = tempfile::tempdir().unwrap();
    let mut store = bundled();
    let before = store.content_digest().unwrap();
    let o = options(format!("{}/k.csv", server.base), cache.path());
    let err = download::download(&mut store, &source("csv"), &o, &mut |_| ControlFlow::Break(())).unwrap_err();
    assert!(err.to_string().contains("cancelled"), "{err}");
    assert_eq!(store.content_digest().unwrap(), before);
    // The partial file is written in the cache folder: nothing cached, no partial file left.
    let left: Vec<_> = std::fs::read_dir(cache.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn an_unchanged_file_is_not_downloaded_again() {
    let server = serve(vec![Reply::Conditional("\"v1\"".into(), GOOD.to_vec())]);
    let cache = tempfile::tempdir().unwrap();
    let mut store = bundled();
    let o = options(format!("{}/k.csv", server.base), cache.path());
    assert!(matches!(
        run(&mut store, &source("csv"), &o).unwrap(),
        DownloadOutcome::Imported { .. }
    ));
    assert!(matches!(
        run(&mut store, &source("csv"), &o).unwrap(),
        DownloadOutcome::Unchanged { .. }
    ));
}

#[test]
fn plain_http_to_another_machine_is_refused_before_any_request() {
    let cache = tempfile::tempdir().unwrap();
    let err = fails(
        &mut bundled(),
        &source("csv"),
        &options("http://example.org/k.csv".into(), cache.path()),
    );
    assert!(err.contains("plain http is refused"), "{err}");
}

#[test]
fn offline_is_a_clear_message() {
    // Nothing listens on this port.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let cache = tempfile::tempdir().unwrap();
    let mut o = options(format!("http://127.0.0.1:{port}/k.csv"), cache.path());
    o.retries = 0;
    let err = fails(&mut bundled(), &source("csv"), &o);
    assert!(err.contains("cannot connect") && err.contains("proxy"), "{err}");
}

#[test]
fn regression_a_redirect_to_plain_http_is_not_followed() {
    // Was: the https-only rule was checked on the first address only.
    let server = serve(vec![Reply::Full(
        302,
        vec![("Location", "http://example.org/kpis.csv".into())],
        vec![],
    )]);
    let cache = tempfile::tempdir().unwrap();
    let err = fails(
        &mut bundled(),
        &source("csv"),
        &options(format!("{}/kpis.csv", server.base), cache.path()),
    );
    assert!(
        err.contains("not followed: it redirected to http://example.org/kpis.csv: plain http is refused"),
        "{err}"
    );
    assert_eq!(
        server.seen.lock().unwrap().len(),
        1,
        "nothing was fetched from the http address"
    );
}

#[test]
fn regression_a_server_trickling_bytes_is_stopped_at_the_deadline() {
    // Was: one byte a second held an attempt for 210 s, 216 s with retries.
    let server = serve(vec![Reply::Trickle(Duration::from_millis(30), GOOD.to_vec())]);
    let cache = tempfile::tempdir().unwrap();
    let mut o = options(format!("{}/kpis.csv", server.base), cache.path());
    o.attempt_deadline = Duration::from_millis(300);
    o.total_deadline = Duration::from_millis(1000);
    o.retries = 5;
    let err = fails(&mut bundled(), &source("csv"), &o);
    assert!(err.contains("too slowly to finish"), "{err}");
    // Each attempt stops at its deadline, and retrying stops at the whole download's: fewer
    // than the six attempts five retries alone would make.
    let attempts = server.seen.lock().unwrap().len();
    assert!((1..6).contains(&attempts), "{attempts}");
}

#[test]
fn regression_a_server_that_under_declares_its_length_imports_nothing() {
    // Was: 107 of 211 rows imported, the last value cut to "Standards".
    let server = serve(vec![Reply::DropAfter(50, GOOD.to_vec())]);
    let cache = tempfile::tempdir().unwrap();
    let err = fails(
        &mut bundled(),
        &source("csv"),
        &options(format!("{}/kpis.csv", server.base), cache.path()),
    );
    assert!(err.contains("ends part-way through a line after 50 bytes"), "{err}");
}

#[test]
fn regression_a_fresh_database_is_not_told_unchanged_by_another_databases_cache() {
    let server = serve(vec![Reply::Conditional("\"v1\"".into(), GOOD.to_vec())]);
    let cache = tempfile::tempdir().unwrap();
    let o = options(format!("{}/k.csv", server.base), cache.path());
    assert!(matches!(
        run(&mut bundled(), &source("csv"), &o).unwrap(),
        DownloadOutcome::Imported { .. }
    ));
    // Another database, the same cache folder: it has nothing, so it gets the file.
    let mut fresh = bundled();
    assert!(matches!(
        run(&mut fresh, &source("csv"), &o).unwrap(),
        DownloadOutcome::Imported { .. }
    ));
    assert!(matches!(
        run(&mut fresh, &source("csv"), &o).unwrap(),
        DownloadOutcome::Unchanged { .. }
    ));
}

#[test]
fn regression_a_failed_download_never_echoes_what_came_back() {
    let server = serve(vec![Reply::Full(
        200,
        vec![],
        b"internal-admin-token=s3cr3t\n".to_vec(),
    )]);
    let cache = tempfile::tempdir().unwrap();
    let err = fails(
        &mut bundled(),
        &source("csv"),
        &options(format!("{}/k.csv", server.base), cache.path()),
    );
    assert!(!err.contains("s3cr3t") && !err.contains("internal-admin"), "{err}");
    assert!(
        err.contains("is not the Test source file the catalogue expects"),
        "{err}"
    );
}

#[test]
fn regression_the_catalogues_current_ods_zip_is_filed_under_the_month_downloaded() {
    // Was: etr.zip could never import (no period, and download had no --period).
    let csv = dataset_file("ods/etr_2025-07.csv");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("etr.csv", zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut zip, &csv).unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    let server = serve(vec![Reply::Full(200, vec![], bytes)]);
    let cache = tempfile::tempdir().unwrap();
    let etr = download::source("ods-etr").unwrap();
    let mut store = empty();
    let outcome = run(
        &mut store,
        &etr,
        &options(format!("{}/etr.zip", server.base), cache.path()),
    )
    .unwrap();
    let DownloadOutcome::Imported { summary, .. } = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(summary.provenance.period, boardlens_core::period::rfc3339_utc(NOW)[..7]);
    // --period says otherwise when the person knows better.
    let mut o = options(format!("{}/etr.zip", server.base), cache.path());
    o.period = Some("2025-07".into());
    let mut store = empty();
    let DownloadOutcome::Imported { summary, .. } = run(&mut store, &etr, &o).unwrap() else {
        panic!()
    };
    assert_eq!(summary.provenance.period, "2025-07");
}

/// Regression (issue 17): offline, "Check for updates" answered "not downloaded yet" for every
/// row, as if all were well. Every source is asked; one that cannot be reached says so.
#[test]
fn checking_for_updates_offline_says_it_could_not_check() {
    let cache = tempfile::tempdir().unwrap();
    // Nothing listens on this port.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut offline = source("csv");
    offline.url = format!("http://127.0.0.1:{port}/k.csv");
    let server = serve(vec![Reply::Full(200, vec![], vec![])]);
    let mut online = source("csv");
    online.key = "online".into();
    online.url = format!("{}/k.csv", server.base);
    let checks = download::check_updates(&[offline, online], &options(String::new(), cache.path())).unwrap();
    assert!(
        checks[0].status.starts_with("couldn't check: ") && checks[0].status.contains("cannot connect"),
        "{}",
        checks[0].status
    );
    assert_eq!(checks[1].status, "available; not downloaded yet");
}
