//! The commands the UI calls. Each is a few lines: check the paths the UI names (only those
//! chosen in a dialog), then call the operation of `boardlens-api` — the same the CLI calls —
//! off the main thread with the typed request it sent; errors are the layer's `{code, message,
//! path}`. Long work (import, download, board pack) reports progress on a channel and stops
//! when [`cancel`] is called with its job id.

use crate::error::{CommandError, CommandResult};
use crate::state::{AppState, Purpose};
use crate::workspace::{self, Workspace};
use boardlens_api::{
    BenchmarkRequest, Boardlens, ChartInfo, ChartRequest, ChartView, DownloadRequest, ImportRequest, PackRequest,
    PackResult, Progress, SavedGroup,
};
use boardlens_core::benchmark::Report;
use boardlens_core::cover::CoverSheet;
use boardlens_core::download::{DownloadOutcome, Source, UpdateCheck};
use boardlens_core::import::{AdapterInfo, ImportSummary, Preview};
use boardlens_core::model::{DatasetInfo, Organisation};
use boardlens_core::peers::{Feature, PeerGroup};
use serde::Serialize;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime};

/// About this app and its database.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct AppInfo {
    /// Boardlens version.
    pub version: String,
    /// The database file.
    pub db_path: String,
    /// Datasets in it.
    pub datasets: u32,
}

/// Run `f` on a blocking thread with the app's state: the window never waits for the database.
async fn blocking<R: Runtime, T: Send + 'static>(
    app: &AppHandle<R>,
    f: impl FnOnce(&AppState) -> CommandResult<T> + Send + 'static,
) -> CommandResult<T> {
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || f(&app.state::<AppState>()))
        .await
        .map_err(|e| CommandError::new("internal", format!("the work stopped unexpectedly: {e}")))?
}

/// Run a cancellable job: register its id, run `f` with the cancel flag, forget the id.
async fn job<R: Runtime, T: Send + 'static>(
    app: &AppHandle<R>,
    id: String,
    f: impl FnOnce(&AppState, &AtomicBool) -> CommandResult<T> + Send + 'static,
) -> CommandResult<T> {
    blocking(app, move |state| {
        let flag = state.start_job(&id)?;
        let result = f(state, &flag);
        state.end_job(&id);
        match result {
            Err(_) if flag.load(Ordering::SeqCst) => {
                Err(CommandError::new("cancelled", "cancelled; nothing was changed"))
            }
            other => other,
        }
    })
    .await
}

/// Send progress to the UI, and tell the job whether to go on.
fn send_progress(channel: &Channel<Progress>, cancel: &AtomicBool, progress: Progress) -> ControlFlow<()> {
    // A closed window drops the channel; the job goes on to its end (or its cancel) regardless.
    let _ = channel.send(progress);
    if cancel.load(Ordering::SeqCst) {
        ControlFlow::Break(())
    } else {
        ControlFlow::Continue(())
    }
}

/// Version, database and the launch time, for the About line and the status bar.
#[tauri::command]
pub async fn app_info<R: Runtime>(app: AppHandle<R>) -> CommandResult<AppInfo> {
    blocking(&app, |state| {
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            db_path: state.db_path.display().to_string(),
            datasets: state.boardlens()?.datasets()?.len() as u32,
        })
    })
    .await
}

/// The UI painted the first dashboard chart: milliseconds since the process started (also
/// written to stderr, where the end-to-end test and the README's figure come from).
#[tauri::command]
pub fn dashboard_painted<R: Runtime>(app: AppHandle<R>) -> u64 {
    let ms = app.state::<AppState>().started.elapsed().as_millis() as u64;
    eprintln!("boardlens: dashboard painted {ms} ms after launch");
    ms
}

/// Every open NHS trust and every ICB, for the picker (filtered in the UI as the person types):
/// an ICB is benchmarked like a trust, against the other ICBs.
#[tauri::command]
pub async fn trusts<R: Runtime>(app: AppHandle<R>) -> CommandResult<Vec<Organisation>> {
    blocking(&app, |state| Ok(state.boardlens()?.subjects()?)).await
}

/// The benchmark of one trust against its peers: every indicator, key messages, caveats.
#[tauri::command]
pub async fn benchmark<R: Runtime>(app: AppHandle<R>, request: BenchmarkRequest) -> CommandResult<Report> {
    blocking(&app, move |state| Ok(state.boardlens()?.benchmark(&request)?)).await
}

/// The charts this trust's data supports, in board-pack order (no drawing yet).
#[tauri::command]
pub async fn charts<R: Runtime>(app: AppHandle<R>, request: BenchmarkRequest) -> CommandResult<Vec<ChartInfo>> {
    blocking(&app, move |state| Ok(state.boardlens()?.charts(&request)?)).await
}

/// One chart drawn as SVG by the same renderer as the export, with its alt text and data.
#[tauri::command]
pub async fn chart<R: Runtime>(app: AppHandle<R>, request: ChartRequest) -> CommandResult<ChartView> {
    blocking(&app, move |state| Ok(state.boardlens()?.chart(&request)?)).await
}

/// The features nearest-neighbour peers are chosen on, with their default weights.
#[tauri::command]
pub fn peer_features() -> Vec<Feature> {
    Boardlens::peer_features()
}

/// A trust's peer group and why each member is in it.
#[tauri::command]
pub async fn peers<R: Runtime>(app: AppHandle<R>, request: BenchmarkRequest) -> CommandResult<PeerGroup> {
    blocking(&app, move |state| Ok(state.boardlens()?.peers(&request)?)).await
}

/// Save the peer group of `request` under `name`, to reuse as the saved peers `name`.
#[tauri::command]
pub async fn save_peer_group<R: Runtime>(
    app: AppHandle<R>,
    name: String,
    request: BenchmarkRequest,
) -> CommandResult<Vec<SavedGroup>> {
    blocking(&app, move |state| {
        Ok(state.boardlens()?.save_peer_group(&name, &request)?)
    })
    .await
}

/// The saved peer groups.
#[tauri::command]
pub async fn saved_peer_groups<R: Runtime>(app: AppHandle<R>) -> CommandResult<Vec<SavedGroup>> {
    blocking(&app, |state| Ok(state.boardlens()?.saved_peer_groups()?)).await
}

/// Every dataset in the database with its provenance.
#[tauri::command]
pub async fn datasets<R: Runtime>(app: AppHandle<R>) -> CommandResult<Vec<DatasetInfo>> {
    blocking(&app, |state| Ok(state.boardlens()?.datasets()?)).await
}

/// The layouts Boardlens reads.
#[tauri::command]
pub fn adapters() -> Vec<AdapterInfo> {
    Boardlens::adapters()
}

/// Ask the person with a file dialog (or take the next scripted answer in end-to-end tests) and
/// remember the path chosen: the only kind of path the file commands accept.
async fn pick<R: Runtime>(
    app: &AppHandle<R>,
    purpose: Purpose,
    ask: impl FnOnce(tauri_plugin_dialog::FileDialogBuilder<R>) -> Option<tauri_plugin_dialog::FilePath> + Send + 'static,
) -> CommandResult<Option<String>> {
    let dialog_app = app.clone();
    blocking(app, move |state| {
        let picked = state.scripted_pick().or_else(|| {
            use tauri_plugin_dialog::DialogExt;
            ask(dialog_app.dialog().file()).and_then(|p| p.into_path().ok())
        });
        Ok(picked.map(|p| {
            state.choose(purpose, &p);
            p.display().to_string()
        }))
    })
    .await
}

/// Ask the person for a file (`import` data or a `mapping` TOML).
#[tauri::command]
pub async fn pick_file<R: Runtime>(app: AppHandle<R>, purpose: String) -> CommandResult<Option<String>> {
    let chosen_for = if purpose == "mapping" {
        Purpose::Mapping
    } else {
        Purpose::Import
    };
    pick(&app, chosen_for, move |dialog| match purpose.as_str() {
        "mapping" => dialog
            .set_title("Choose a column mapping")
            .add_filter("Mapping", &["toml"])
            .blocking_pick_file(),
        _ => dialog
            .set_title("Choose a dataset to import")
            .add_filter("Data files", &["csv", "xlsx", "xlsm", "xls", "zip", "txt"])
            .blocking_pick_file(),
    })
    .await
}

/// Ask the person for a folder for the board pack.
#[tauri::command]
pub async fn pick_folder<R: Runtime>(app: AppHandle<R>) -> CommandResult<Option<String>> {
    pick(&app, Purpose::Pack, |dialog| {
        dialog
            .set_title("Choose a folder for the board pack")
            .blocking_pick_folder()
    })
    .await
}

/// Ask the person for one folder to save several charts into.
#[tauri::command]
pub async fn pick_chart_folder<R: Runtime>(app: AppHandle<R>) -> CommandResult<Option<String>> {
    pick(&app, Purpose::Charts, |dialog| {
        dialog
            .set_title("Choose a folder for the charts")
            .blocking_pick_folder()
    })
    .await
}

/// Ask the person where to save one chart (`suggested` is the file name offered).
#[tauri::command]
pub async fn pick_save<R: Runtime>(app: AppHandle<R>, suggested: String) -> CommandResult<Option<String>> {
    pick(&app, Purpose::Chart, move |dialog| {
        dialog
            .set_title("Save the chart")
            .set_file_name(suggested)
            .add_filter("Chart", &["png", "svg", "pdf"])
            .blocking_save_file()
    })
    .await
}

/// The first rows of a chosen file, as published, before anything is imported.
#[tauri::command]
pub async fn preview_import<R: Runtime>(app: AppHandle<R>, path: String) -> CommandResult<Preview> {
    blocking(&app, move |state| {
        Ok(Boardlens::preview(&state.chosen(Purpose::Import, &path)?)?)
    })
    .await
}

/// Import a chosen file (or check it, with `dry_run`), all or nothing, with progress in rows.
#[tauri::command]
pub async fn import_file<R: Runtime>(
    app: AppHandle<R>,
    job_id: String,
    request: ImportRequest,
    on_progress: Channel<Progress>,
) -> CommandResult<ImportSummary> {
    job(&app, job_id, move |state, cancel| {
        state.chosen(Purpose::Import, &request.path)?;
        if let Some(m) = request.mapping.as_deref().filter(|m| !m.trim().is_empty()) {
            state.chosen(Purpose::Mapping, m)?;
        }
        let mut progress = |p: Progress| send_progress(&on_progress, cancel, p);
        Ok(state.boardlens()?.import(&request, &mut progress)?)
    })
    .await
}

/// The national sources Boardlens can download.
#[tauri::command]
pub fn catalogue() -> CommandResult<Vec<Source>> {
    Ok(Boardlens::catalogue()?)
}

/// Ask each publisher whether a newer file is at its address (network; the person asked).
#[tauri::command]
pub async fn check_updates<R: Runtime>(app: AppHandle<R>, proxy: Option<String>) -> CommandResult<Vec<UpdateCheck>> {
    blocking(&app, move |state| Ok(state.boardlens()?.check_updates(proxy)?)).await
}

/// Download a catalogue source (from `url` when the publisher moved it) and import it.
#[tauri::command]
pub async fn download<R: Runtime>(
    app: AppHandle<R>,
    job_id: String,
    request: DownloadRequest,
    on_progress: Channel<Progress>,
) -> CommandResult<DownloadOutcome> {
    job(&app, job_id, move |state, cancel| {
        // The page names a catalogue source, and at most a new address for it on the
        // publisher's own site: never plain http, never a machine on the user's network (this
        // machine only in test builds, for the scripted server).
        let mut request = request;
        request.allow_http = false;
        if let Some(url) = request.url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            boardlens_core::download::source(&request.key)
                .and_then(|source| boardlens_core::download::publisher_address(&source, url, cfg!(debug_assertions)))
                .map_err(boardlens_api::Error::from)?;
        }
        let mut progress = |p: Progress| send_progress(&on_progress, cancel, p);
        Ok(state.boardlens()?.download(&request, &mut progress)?)
    })
    .await
}

/// Write one chart to a path the person chose, with its alt text and data beside it; files
/// already there are replaced only with `replace` (the UI asks first).
#[tauri::command]
pub async fn export_chart<R: Runtime>(
    app: AppHandle<R>,
    request: ChartRequest,
    path: String,
    replace: Option<bool>,
) -> CommandResult<Vec<String>> {
    blocking(&app, move |state| {
        let file = boardlens_api::ChartFile {
            path: state.chosen(Purpose::Chart, &path)?,
            size: request.size.clone(),
            dpi: boardlens_charts::DEFAULT_DPI,
            replace: replace.unwrap_or(false),
        };
        let files = state.boardlens()?.export_chart(&request, &file)?;
        Ok(files.iter().map(|p| p.display().to_string()).collect())
    })
    .await
}

/// Save several charts into one chosen folder, each with its alt text and data beside it; a
/// file already there stops the save before anything is written, unless `replace`.
#[tauri::command]
pub async fn export_charts<R: Runtime>(
    app: AppHandle<R>,
    request: BenchmarkRequest,
    ids: Vec<String>,
    dir: String,
    size: String,
    format: String,
    replace: Option<bool>,
) -> CommandResult<Vec<String>> {
    blocking(&app, move |state| {
        let to = boardlens_api::ChartsToFolder {
            benchmark: request,
            ids,
            dir: state.chosen(Purpose::Charts, &dir)?,
            size,
            format,
            dpi: boardlens_charts::DEFAULT_DPI,
            replace: replace.unwrap_or(false),
        };
        let files = state.boardlens()?.export_charts(&to)?;
        Ok(files.iter().map(|p| p.display().to_string()).collect())
    })
    .await
}

/// Write the board pack, with its cover sheet, into a chosen folder (`force` replaces what is
/// there, only once the new pack is complete), with progress in steps.
#[tauri::command]
// A command's arguments are named fields of the call from the page, not positions.
#[allow(clippy::too_many_arguments)]
pub async fn export_pack<R: Runtime>(
    app: AppHandle<R>,
    job_id: String,
    request: BenchmarkRequest,
    cover: CoverSheet,
    dir: String,
    force: bool,
    appendix: Option<String>,
    leave_out: Option<Vec<String>>,
    charts: Option<Vec<String>>,
    on_progress: Channel<Progress>,
) -> CommandResult<PackResult> {
    job(&app, job_id, move |state, cancel| {
        let dir: PathBuf = state.chosen(Purpose::Pack, &dir)?;
        let shape = Shape {
            appendix,
            leave_out,
            charts,
        };
        let request = pack_request(request, cover, dir, force, shape)?;
        // The database is needed only for the numbers; drawing runs without holding it.
        let pack = state.boardlens()?.prepare_pack(&request)?;
        let progress = |p: Progress| send_progress(&on_progress, cancel, p);
        Ok(pack.write(&progress)?)
    })
    .await
}

/// What the page asked the pack to hold (`appendix` and `leave_out` as the command line
/// spells them, `charts` by id).
struct Shape {
    appendix: Option<String>,
    leave_out: Option<Vec<String>>,
    charts: Option<Vec<String>>,
}

/// The pack the page asked for.
fn pack_request(
    benchmark: BenchmarkRequest,
    cover: CoverSheet,
    dir: PathBuf,
    force: bool,
    shape: Shape,
) -> Result<PackRequest, boardlens_api::Error> {
    Ok(PackRequest {
        benchmark,
        cover,
        dir,
        force,
        dpi: boardlens_charts::DEFAULT_DPI,
        appendix: shape.appendix.as_deref().unwrap_or("numbers").parse()?,
        sections: boardlens_charts::pack::Sections::leaving_out(shape.leave_out.as_deref().unwrap_or_default())?,
        charts: shape.charts,
    })
}

/// The board paper the pack will hold, before anything is written: its pages, its sections
/// with the page each starts on, and the charts it will draw.
#[tauri::command]
pub async fn pack_outline<R: Runtime>(
    app: AppHandle<R>,
    request: BenchmarkRequest,
    cover: CoverSheet,
    appendix: Option<String>,
    leave_out: Option<Vec<String>>,
    charts: Option<Vec<String>>,
) -> CommandResult<boardlens_api::PackOutline> {
    blocking(&app, move |state| {
        let shape = Shape {
            appendix,
            leave_out,
            charts,
        };
        let request = pack_request(request, cover, PathBuf::new(), false, shape)?;
        Ok(state.boardlens()?.pack_outline(&request)?)
    })
    .await
}

/// Open a folder the person chose (the board pack's) in the system's file manager.
#[tauri::command]
pub async fn open_folder<R: Runtime>(app: AppHandle<R>, path: String) -> CommandResult<()> {
    blocking(&app, move |state| {
        let path = state.chosen(Purpose::Pack, &path)?;
        tauri_plugin_opener::open_path(&path, None::<&str>)
            .map_err(|e| CommandError::new("io", format!("{}: could not open the folder: {e}", path.display())))
    })
    .await
}

/// Ask a running job (import, download, pack) to stop; false when it had already finished.
#[tauri::command]
pub fn cancel<R: Runtime>(app: AppHandle<R>, job_id: String) -> bool {
    app.state::<AppState>().cancel_job(&job_id)
}

/// The workspace saved at the last session (the default on first start).
#[tauri::command]
pub async fn load_workspace<R: Runtime>(app: AppHandle<R>) -> CommandResult<Workspace> {
    blocking(&app, |state| Ok(workspace::load(&state.workspace_path))).await
}

/// Save the workspace (last trust, peers, chart choices, export settings, proxy).
#[tauri::command]
pub async fn save_workspace<R: Runtime>(app: AppHandle<R>, workspace: Workspace) -> CommandResult<()> {
    blocking(&app, move |state| workspace::save(&state.workspace_path, &workspace)).await
}
