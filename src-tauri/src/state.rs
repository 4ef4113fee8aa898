//! What the app holds while it runs: the database, the running jobs (to cancel them), the
//! files and folders the person chose (the only paths commands may read or write), and where
//! the workspace is saved.

use crate::error::{CommandError, CommandResult};
use boardlens_api::{Boardlens, Environment};
use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

/// The app's managed state.
pub struct AppState {
    boardlens: Result<Mutex<Boardlens>, CommandError>,
    /// The database file (empty when there is no per-user data folder and none was named).
    pub db_path: PathBuf,
    /// Where the workspace (last trust, peers, chart choices, proxy) is saved.
    pub workspace_path: PathBuf,
    /// Cancel flags of running jobs, by the id the UI gave them.
    jobs: Mutex<HashMap<String, Arc<AtomicBool>>>,
    /// Paths the person chose in a dialog, by what for: the only ones commands read or write,
    /// and only for that purpose (a file chosen to import is never a chart's destination).
    chosen: Mutex<HashSet<(Purpose, PathBuf)>>,
    /// Answers for the file dialogs in end-to-end tests (`BOARDLENS_E2E_PICKS`), in order;
    /// read only in debug (test) builds, never in the release build people install.
    scripted_picks: Mutex<VecDeque<PathBuf>>,
    /// When the process started, for the launch-to-dashboard measurement.
    pub started: Instant,
}

impl AppState {
    /// Open (or create, loading the bundled datasets) the database at `db_path`, with the
    /// download cache and clock of the environment.
    pub fn open(db_path: PathBuf, started: Instant) -> AppState {
        Self::with(Environment::resolve(Some(db_path)), started)
    }

    /// Open the database the environment names (`BOARDLENS_DB`, else the per-user file the CLI
    /// uses too: `boardlens_api::Environment::resolve`).
    pub fn from_environment(started: Instant) -> AppState {
        Self::with(Environment::resolve(None), started)
    }

    /// Open the database of an environment named in full (tests: a scratch cache folder).
    pub fn open_in(env: Environment, started: Instant) -> AppState {
        Self::with(Ok(env), started)
    }

    /// A database that cannot be opened is kept as an error every data command returns, so the
    /// window still opens and says what is wrong.
    fn with(env: boardlens_api::Result<Environment>, started: Instant) -> AppState {
        let db_path = env.as_ref().map(|e| e.db_path.clone()).unwrap_or_default();
        let boardlens = env
            .and_then(Boardlens::open)
            .map(Mutex::new)
            .map_err(CommandError::from);
        let workspace_path = workspace_path_for(&db_path);
        let scripted_picks = if cfg!(debug_assertions) {
            std::env::var_os("BOARDLENS_E2E_PICKS")
                .map(|v| std::env::split_paths(&v).collect())
                .unwrap_or_default()
        } else {
            VecDeque::new()
        };
        AppState {
            boardlens,
            db_path,
            workspace_path,
            jobs: Mutex::new(HashMap::new()),
            chosen: Mutex::new(HashSet::new()),
            scripted_picks: Mutex::new(scripted_picks),
            started,
        }
    }

    /// The open Boardlens (database and all), for one command at a time.
    pub fn boardlens(&self) -> CommandResult<MutexGuard<'_, Boardlens>> {
        match &self.boardlens {
            Ok(m) => m.lock().map_err(|_| {
                CommandError::new(
                    "internal",
                    "an earlier command failed while using the database; restart Boardlens",
                )
            }),
            Err(e) => Err(e.clone()),
        }
    }

    /// Register a job and get its cancel flag.
    pub fn start_job(&self, id: &str) -> CommandResult<Arc<AtomicBool>> {
        let mut jobs = lock(&self.jobs);
        if jobs.contains_key(id) {
            return Err(CommandError::new("invalid", format!("a job '{id}' is already running")));
        }
        let flag = Arc::new(AtomicBool::new(false));
        jobs.insert(id.to_string(), flag.clone());
        Ok(flag)
    }

    /// Forget a finished job.
    pub fn end_job(&self, id: &str) {
        lock(&self.jobs).remove(id);
    }

    /// Ask a job to stop; false when no such job is running (it may have just finished).
    pub fn cancel_job(&self, id: &str) -> bool {
        match lock(&self.jobs).get(id) {
            Some(flag) => {
                flag.store(true, std::sync::atomic::Ordering::SeqCst);
                true
            }
            None => false,
        }
    }

    /// Remember a path the person chose, and what for.
    pub fn choose(&self, purpose: Purpose, path: &Path) {
        lock(&self.chosen).insert((purpose, path.to_path_buf()));
    }

    /// The path, if the person chose it in a dialog for this purpose; an error otherwise.
    /// Commands touch no other file: the UI cannot name an arbitrary path, nor use a file
    /// chosen to be read as one to write.
    pub fn chosen(&self, purpose: Purpose, path: &str) -> CommandResult<PathBuf> {
        let p = PathBuf::from(path);
        if lock(&self.chosen).contains(&(purpose, p.clone())) {
            Ok(p)
        } else {
            Err(CommandError::new(
                "not_chosen",
                format!(
                    "{path} was not chosen in a file dialog {}; choose it with the Browse button",
                    purpose.words()
                ),
            ))
        }
    }

    /// The next scripted dialog answer, in end-to-end tests.
    pub fn scripted_pick(&self) -> Option<PathBuf> {
        lock(&self.scripted_picks).pop_front()
    }
}

/// What a path was chosen for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Purpose {
    /// A file to read and import (or preview).
    Import,
    /// A column mapping to read.
    Mapping,
    /// Where to save one chart.
    Chart,
    /// A folder for several charts.
    Charts,
    /// A folder for the board pack.
    Pack,
}

impl Purpose {
    fn words(self) -> &'static str {
        match self {
            Purpose::Import => "to import",
            Purpose::Mapping => "as a mapping",
            Purpose::Chart => "to save a chart",
            Purpose::Charts => "for the charts",
            Purpose::Pack => "for the board pack",
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // These maps hold no invariant a panic could break: keep going with what is there.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The workspace file sits beside the database: one database, one workspace.
pub fn workspace_path_for(db_path: &Path) -> PathBuf {
    let mut name = db_path.file_name().unwrap_or_default().to_os_string();
    name.push(".workspace.json");
    db_path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workspace_file_is_named_after_the_database() {
        assert_eq!(
            workspace_path_for(Path::new("/data/boardlens.db")),
            PathBuf::from("/data/boardlens.db.workspace.json")
        );
    }

    #[test]
    fn only_chosen_paths_are_accepted_and_a_job_can_be_cancelled_once_registered() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::open(dir.path().join("b.db"), Instant::now());
        let file = dir.path().join("dma.xlsx");
        let err = state.chosen(Purpose::Import, file.to_str().unwrap()).unwrap_err();
        assert_eq!(err.code, "not_chosen");
        state.choose(Purpose::Import, &file);
        assert_eq!(state.chosen(Purpose::Import, file.to_str().unwrap()).unwrap(), file);
        // Regression: one set of chosen paths served every purpose, so a file chosen to be
        // imported could be overwritten by a chart export, or become a pack folder.
        for other in [Purpose::Chart, Purpose::Pack, Purpose::Mapping] {
            let err = state.chosen(other, file.to_str().unwrap()).unwrap_err();
            assert_eq!(err.code, "not_chosen", "{other:?}");
        }

        assert!(!state.cancel_job("import-1"));
        let flag = state.start_job("import-1").unwrap();
        assert_eq!(state.start_job("import-1").unwrap_err().code, "invalid");
        assert!(state.cancel_job("import-1"));
        assert!(flag.load(std::sync::atomic::Ordering::SeqCst));
        state.end_job("import-1");
        assert!(!state.cancel_job("import-1"));
    }
}
