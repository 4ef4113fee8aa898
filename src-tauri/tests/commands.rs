//! The commands as the UI calls them, through Tauri's IPC on the mock runtime: names, argument
//! names, JSON shapes and `{code, message}` errors, on a real database with the bundled data.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use boardlens_app::state::{AppState, Purpose};
use serde_json::{Value, json};
use std::path::Path;
use std::time::Instant;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

struct Harness {
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    dir: tempfile::TempDir,
}

fn app() -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let env = boardlens_api::Environment::at(
        &dir.path().join("boardlens.db"),
        &dir.path().join("cache"),
        boardlens_api::Clock::System,
    );
    let state = AppState::open_in(env, Instant::now());
    let app = boardlens_app::register(mock_builder())
        .manage(state)
        .build(mock_context(noop_assets()))
        .unwrap();
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    Harness { _app: app, window, dir }
}

/// Call a command as the UI does, from any thread.
fn call(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(window, request).map(|b| b.deserialize::<Value>().unwrap())
}

impl Harness {
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        call(&self.window, cmd, args)
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args).unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    fn state(&self) -> tauri::State<'_, AppState> {
        use tauri::Manager;
        self.window.state::<AppState>()
    }
}

/// RJ1's request with the peers of the CLI's words, as the UI sends them: a typed spec.
fn rj1(peers: &str) -> Value {
    let spec: boardlens_core::peers::PeerSpec = peers.parse().unwrap();
    json!({"ods_code": "RJ1", "peers": spec})
}

#[test]
fn the_trust_list_holds_every_open_trust_with_its_type_and_region() {
    let h = app();
    let trusts = h.ok("trusts", json!({}));
    let trusts = trusts.as_array().unwrap();
    assert!(trusts.len() > 200, "{}", trusts.len());
    let rj1 = trusts.iter().find(|t| t["ods_code"] == "RJ1").unwrap();
    assert_eq!(rj1["display_name"], "Guy's and St Thomas' NHS Foundation Trust");
    assert_eq!(rj1["trust_type"], "Acute");
    assert_eq!(rj1["region"], "London");
    // ICBs are subjects too: the picker finds them.
    let qhl = trusts.iter().find(|t| t["ods_code"] == "QHL").unwrap();
    assert_eq!(qhl["kind"], "icb");
    assert_eq!(trusts.iter().filter(|t| t["kind"] == "icb").count(), 42);
}

#[test]
fn a_benchmark_report_has_the_numbers_the_cli_prints() {
    let h = app();
    let report = h.ok("benchmark", json!({"request": rj1("type")}));
    assert_eq!(report["trust"]["ods_code"], "RJ1");
    assert_eq!(report["peer_group"]["description"], "acute trusts");
    let overall = report["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "dma.acute.overall")
        .unwrap();
    // The same figures as `boardlens benchmark RJ1` on the bundled data.
    assert_eq!(
        (
            overall["value"].as_f64(),
            overall["rank"].as_u64(),
            overall["n"].as_u64()
        ),
        (Some(2.79), Some(25), Some(134))
    );
    assert!(
        report["messages"][0]
            .as_str()
            .unwrap()
            .starts_with("DMA overall (mean of the seven pillars) 2.79 in 2025")
    );
}

#[test]
fn charts_are_listed_then_drawn_as_the_svg_the_export_writes() {
    let h = app();
    let list = h.ok("charts", json!({"request": rj1("type")}));
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(&ids[..3], ["pillar-profile", "pillar-strip", "pillar-heatmap"]);
    assert!(ids.contains(&"dma-overall-ranked") && ids.contains(&"dspt-status"));

    let chart = h.ok(
        "chart",
        json!({"request": {"benchmark": rj1("type"), "id": "pillar-profile", "size": "slide"}}),
    );
    let svg = chart["svg"].as_str().unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("Open Government Licence v3.0"));
    assert!(
        !svg.contains("ILLUSTRATIVE DATA"),
        "NHS England's published pillars carry no illustrative mark"
    );
    assert_eq!(chart["info"]["illustrative"], false);
    assert!(chart["alt_text"].as_str().unwrap().contains("Guy's and St Thomas'"));
    assert_eq!(chart["data"][0][0], "Pillar", "the header in words");

    let err = h
        .call(
            "chart",
            json!({"request": {"benchmark": rj1("type"), "id": "no-such-chart", "size": "slide"}}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "not_found");
    let err = h
        .call(
            "chart",
            json!({"request": {"benchmark": rj1("type"), "id": "pillar-profile", "size": "poster"}}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "invalid");
}

#[test]
fn bad_requests_come_back_as_code_and_message() {
    let h = app();
    let err = h
        .call(
            "benchmark",
            json!({"request": {"ods_code": "RJ1", "peers": {"method": "nearest", "n": 0}}}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "invalid");
    assert!(err["message"].as_str().unwrap().contains("nearest"), "{err}");
    let err = h
        .call(
            "benchmark",
            json!({"request": {"ods_code": "ZZZ99", "peers": {"method": "type"}}}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "not_found", "{err}");
}

#[test]
fn nearest_neighbours_show_distance_and_features_and_a_group_can_be_saved_and_reused() {
    let h = app();
    let group = h.ok("peers", json!({"request": rj1("nearest:5")}));
    let members = group["members"].as_array().unwrap();
    assert_eq!(members.len(), 5);
    assert!(
        members
            .iter()
            .all(|m| m["distance"].as_f64().is_some() && m["features"]["beds"].is_number())
    );
    let saved = h.ok(
        "save_peer_group",
        json!({"name": "Five like us", "request": rj1("nearest:5")}),
    );
    assert_eq!(saved[0]["name"], "Five like us");
    assert_eq!(saved[0]["members"], 5);
    let report = h.ok("benchmark", json!({"request": rj1("Five like us")}));
    assert_eq!(report["peer_group"]["members"].as_array().unwrap().len(), 5);
}

#[test]
fn files_the_person_did_not_choose_are_refused() {
    let h = app();
    let secret = h.dir.path().join("boardlens.db");
    let err = h
        .call("preview_import", json!({"path": secret.display().to_string()}))
        .unwrap_err();
    assert_eq!(err["code"], "not_chosen");
    let err = h
        .call(
            "export_pack",
            json!({"jobId": "p1", "request": rj1("type"), "cover": {}, "dir": "/tmp", "force": true, "onProgress": "__CHANNEL__:1"}),
        )
        .unwrap_err();
    assert_eq!(err["code"], "not_chosen");
}

/// A real published file the tests read (`crates/core/tests/data/`, in the repository).
fn test_data(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/core/tests/data")
        .join(path)
}

#[test]
fn a_chosen_file_is_previewed_checked_and_imported() {
    let h = app();
    let file = test_data("ods/trusts_master_2023.xlsx");
    h.state().choose(Purpose::Import, &file);
    let path = file.display().to_string();
    let preview = h.ok("preview_import", json!({"path": path}));
    assert_eq!(preview["format"], "excel");
    assert_eq!(preview["sheets"][0]["rows"][0][2], "Provider name");

    let request = json!({"path": path, "adapter": null, "period": null, "mapping": null, "dry_run": true});
    let check = h.ok(
        "import_file",
        json!({"jobId": "i1", "request": request, "onProgress": "__CHANNEL__:7"}),
    );
    assert_eq!(check["outcome"]["kind"], "dry_run");
    assert_eq!(check["adapter"], "ods-trusts");
    assert_eq!(check["rows_read"], 212);
    let before = h.ok("datasets", json!({})).as_array().unwrap().len();

    let mut request = request;
    request["dry_run"] = json!(false);
    let done = h.ok(
        "import_file",
        json!({"jobId": "i2", "request": request, "onProgress": "__CHANNEL__:8"}),
    );
    assert_eq!(done["outcome"]["kind"], "imported");
    let after = h.ok("datasets", json!({}));
    assert_eq!(
        after.as_array().unwrap().len(),
        before,
        "the new file replaces the bundled list of the same period"
    );
    assert!(
        after
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["bundled"] == false && d["key"] == "ods_trust_types")
    );
}

#[test]
fn a_broken_file_fails_with_where_and_what_and_changes_nothing() {
    let h = app();
    let file = h.dir.path().join("dma.xlsx");
    std::fs::write(&file, "<html><body>Sign in to SharePoint</body></html>").unwrap();
    h.state().choose(Purpose::Import, &file);
    let before = h.ok("datasets", json!({}));
    let request =
        json!({"path": file.display().to_string(), "adapter": null, "period": null, "mapping": null, "dry_run": false});
    let err = h
        .call(
            "import_file",
            json!({"jobId": "bad", "request": request, "onProgress": "__CHANNEL__:9"}),
        )
        .unwrap_err();
    assert!(err["code"].as_str().unwrap().starts_with("import."), "{err}");
    assert!(err["message"].as_str().unwrap().contains("dma.xlsx"), "{err}");
    assert_eq!(h.ok("datasets", json!({})), before);
}

#[test]
fn a_board_pack_is_written_into_the_chosen_folder_and_a_cancelled_one_leaves_nothing() {
    let h = app();
    let dir = h.dir.path().join("pack");
    h.state().choose(Purpose::Pack, &dir);
    let cover = json!({"purpose": "assurance", "baf_risk": "BAF 7: digital infrastructure", "recommendation": ""});
    let args = json!({"jobId": "pack-1", "request": rj1("type"), "cover": cover, "dir": dir.display().to_string(), "force": false, "onProgress": "__CHANNEL__:3"});
    let pack = h.ok("export_pack", args.clone());
    assert!(pack["charts"].as_u64().unwrap() >= 8);
    assert!(dir.join("board-pack.pdf").exists());
    let manifest: Value = serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    let fields = &manifest["cover"]["fields"];
    assert_eq!(fields[0], json!({"label": "Purpose", "value": "For assurance"}));
    assert_eq!(fields[1]["value"], "BAF 7: digital infrastructure");
    assert_eq!(
        fields[2]["label"], "Recommendation",
        "the purpose's default recommendation"
    );
    // Again into the same folder: refused unless asked to replace.
    let mut again = args.clone();
    again["jobId"] = json!("pack-2");
    let err = h.call("export_pack", again).unwrap_err();
    assert_eq!(err["code"], "export.folder_not_empty");

    // Cancelled while drawing: an error, and no folder, no staging left behind.
    let other = h.dir.path().join("pack-cancelled");
    h.state().choose(Purpose::Pack, &other);
    let mut cancelled = args;
    cancelled["jobId"] = json!("pack-3");
    cancelled["dir"] = json!(other.display().to_string());
    let window = h.window.clone();
    let running = std::thread::spawn(move || call(&window, "export_pack", cancelled));
    // Cancel as soon as the job is registered; the first progress step checks the flag, so the
    // outcome does not depend on how fast this machine draws.
    while !h.state().cancel_job("pack-3") {
        assert!(!running.is_finished(), "the pack finished before it could be cancelled");
        std::thread::yield_now();
    }
    let err = running.join().unwrap().unwrap_err();
    assert_eq!(err["code"], "cancelled", "{err}");
    assert!(!other.exists());
    let leftovers: Vec<_> = std::fs::read_dir(h.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("boardlens-tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn a_cover_for_decision_without_a_recommendation_is_refused_before_anything_is_written() {
    let h = app();
    let dir = h.dir.path().join("pack");
    h.state().choose(Purpose::Pack, &dir);
    let cover = json!({"purpose": "decision"});
    let args = json!({"jobId": "pack-d", "request": rj1("type"), "cover": cover, "dir": dir.display().to_string(), "force": false, "onProgress": "__CHANNEL__:3"});
    let err = h.call("export_pack", args).unwrap_err();
    assert_eq!(err["code"], "invalid");
    assert!(err["message"].as_str().unwrap().contains("recommendation"), "{err}");
    assert!(!dir.exists());
}

#[test]
fn the_workspace_is_saved_beside_the_database_and_restored() {
    let h = app();
    let ws = h.ok("load_workspace", json!({}));
    assert_eq!(ws["peers"], json!({"method": "type"}));
    assert_eq!(ws["trust"], Value::Null);
    let mut ws = ws;
    ws["trust"] = json!("RJ1");
    ws["peers"] = json!({"method": "region"});
    ws["charts"] = json!(["spine", "pillar-profile"]);
    ws["cover"]["meeting"] = json!("Trust Board (public), 28 January 2027");
    h.ok("save_workspace", json!({"workspace": ws}));
    assert!(h.dir.path().join("boardlens.db.workspace.json").exists());
    let back = h.ok("load_workspace", json!({}));
    assert_eq!(back["trust"], "RJ1");
    assert_eq!(back["charts"], json!(["spine", "pillar-profile"]));
    assert_eq!(back["cover"]["meeting"], "Trust Board (public), 28 January 2027");
    assert_eq!(back["cover"]["purpose"], "information");
}

#[test]
fn cancelling_an_unknown_job_says_so() {
    let h = app();
    assert_eq!(h.ok("cancel", json!({"jobId": "nothing-running"})), json!(false));
}

/// The one scripted HTTP server of the tests.
#[path = "../../crates/core/tests/support/http.rs"]
mod http;

/// A one-file server on 127.0.0.1: 304 when the request carries the ETag, else the file.
fn serve_with_etag(body: Vec<u8>, etag: &'static str) -> String {
    http::serve(vec![http::Reply::Conditional(etag.to_string(), body)]).base
}

#[test]
fn a_download_from_a_moved_address_imports_and_a_repeat_with_the_same_etag_is_skipped() {
    let h = app();
    // The bundled copy (byte for byte the published file), so a plain clone runs this too.
    let body = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../datasets/dspt/dspt_trusts_2022-23_snapshot_2023-11-16.csv"),
    )
    .unwrap();
    let base = serve_with_etag(body, "\"v1\"");
    let url = format!("{base}/dspt_trusts_2022-23_snapshot_2023-11-16.csv");
    let args = json!({"jobId": "d1", "request": {"key": "dspt-status", "url": url, "proxy": null}, "onProgress": "__CHANNEL__:4"});
    let first = h.ok("download", args.clone());
    assert_eq!(first["kind"], "imported", "{first}");
    assert_eq!(first["url"], url);
    assert_eq!(first["summary"]["adapter"], "dspt");
    let mut again = args;
    again["jobId"] = json!("d2");
    let second = h.ok("download", again);
    assert_eq!(second["kind"], "unchanged", "{second}");
}

#[test]
fn a_download_that_is_not_data_fails_clearly_and_imports_nothing() {
    let h = app();
    let base = serve_with_etag(
        b"<!DOCTYPE html><html><body>Page not found</body></html>".to_vec(),
        "\"x\"",
    );
    let before = h.ok("datasets", json!({}));
    let err = h
        .call(
            "download",
            json!({"jobId": "d3", "request": {"key": "dspt-status", "url": format!("{base}/dspt.csv"), "proxy": null}, "onProgress": "__CHANNEL__:5"}),
        )
        .unwrap_err();
    assert!(
        err["message"].as_str().unwrap().to_lowercase().contains("html"),
        "{err}"
    );
    assert_eq!(h.ok("datasets", json!({})), before);
}
