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
        commands::pick_chart_folder,
        commands::preview_import,
        commands::import_file,
        commands::catalogue,
        commands::check_updates,
        commands::download,
        commands::export_chart,
        commands::export_charts,
        commands::export_pack,
        commands::pack_outline,
        commands::open_folder,
        commands::cancel,
        commands::load_workspace,
        commands::save_workspace,
    ])
}

/// Whether a web address is the app's own page: the only place its window may go. A link in
/// imported data, or a page that went wrong, cannot take the window (and the commands it can
/// call) to another site.
pub fn is_app_page(url: &tauri::Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        _ => false,
    }
}

/// Refuses every navigation away from the app's own page.
fn navigation_guard<R: tauri::Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri::plugin::Builder::new("navigation-guard")
        .on_navigation(|_, url| is_app_page(url))
        .build()
}

/// Start the app: open the database (creating it with the bundled datasets on first start),
/// then show the window.
pub fn run() -> Result<(), tauri::Error> {
    let started = std::time::Instant::now();
    let state = state::AppState::from_environment(started);
    register(tauri::Builder::default())
        .plugin(tauri_plugin_dialog::init())
        .plugin(navigation_guard())
        .manage(state)
        .run(tauri::generate_context!())
}

#[cfg(test)]
mod tests {
    use super::is_app_page;

    #[test]
    fn the_window_stays_on_the_apps_own_page() {
        for (url, allowed) in [
            ("tauri://localhost/", true),
            ("tauri://localhost/#main", true),
            ("http://tauri.localhost/index.html", true),
            ("https://tauri.localhost/", true),
            ("https://www.england.nhs.uk/digitaltechnology/", false),
            ("http://127.0.0.1:8080/admin", false),
            ("file:///etc/passwd", false),
            ("tauri://evil.example/", false),
        ] {
            assert_eq!(is_app_page(&url.parse().unwrap()), allowed, "{url}");
        }
    }
}
