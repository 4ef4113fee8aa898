//! Boardlens desktop app: the Tauri shell over `boardlens-api`, the use cases the CLI calls too.
//!
//! Only this crate knows Tauri. It holds the open Boardlens in managed state
//! ([`state::AppState`]), exposes thin commands ([`commands`]) that pass typed requests to it
//! and return its results and `{code, message, path}` errors, and serves the UI built from `ui/`.
//! [`register`] is shared by the app and its tests (`tauri::test`).

pub mod bindings;
pub mod commands;
pub mod error;
pub mod state;
pub mod workspace;

use tauri::{Builder, Runtime};

/// Add every command to a builder: the one list, for the app and for the tests.
pub fn register<R: Runtime>(builder: Builder<R>) -> Builder<R> {
    builder.invoke_handler(tauri::generate_handler![
        commands::app_info,
        commands::dashboard_painted,
        commands::trusts,
        commands::benchmark,
        commands::charts,
        commands::chart,
        commands::peer_features,
        commands::peers,
        commands::save_peer_group,
        commands::saved_peer_groups,
        commands::datasets,
        commands::adapters,
        commands::pick_file,
        commands::pick_folder,
        commands::pick_save,
        commands::preview_import,
        commands::import_file,
        commands::catalogue,
        commands::check_updates,
        commands::download,
        commands::export_chart,
        commands::export_pack,
        commands::open_folder,
        commands::cancel,
        commands::load_workspace,
        commands::save_workspace,
    ])
}

/// Start the app: open the database (creating it with the bundled datasets on first start),
/// then show the window.
pub fn run() -> Result<(), tauri::Error> {
    let started = std::time::Instant::now();
    let state = state::AppState::from_environment(started);
    register(tauri::Builder::default())
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .run(tauri::generate_context!())
}
