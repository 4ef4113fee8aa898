//! Where things are and what time it is, resolved in one place for both front ends: the
//! database file, the download cache and the clock. The library below takes all three from
//! here (it never reads the environment or the clock itself).

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// The database, the download cache and the clock an open Boardlens uses.
#[derive(Debug, Clone, PartialEq)]
pub struct Environment {
    /// The SQLite database file.
    pub db_path: PathBuf,
    /// Where downloads keep their ETag / Last-Modified cache.
    pub cache_dir: PathBuf,
    /// What time it is.
    pub clock: Clock,
}

impl Environment {
    /// The environment of a front end: the database named (`--db`), else `BOARDLENS_DB`, else
    /// the per-user data folder — and an error when there is none, rather than a file in
    /// whatever folder the program was started from; the cache in `BOARDLENS_CACHE`, else the
    /// per-user cache folder; the system clock.
    pub fn resolve(db: Option<PathBuf>) -> Result<Environment> {
        let from_env = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
        let db_path = db
            .or_else(|| from_env("BOARDLENS_DB"))
            .or_else(boardlens_core::store::default_path)
            .ok_or(Error::NoDataFolder)?;
        let cache_dir = from_env("BOARDLENS_CACHE").unwrap_or_else(boardlens_core::download::default_cache_dir);
        Ok(Environment {
            db_path,
            cache_dir,
            clock: Clock::System,
        })
    }

    /// An environment with everything named: for tests.
    pub fn at(db_path: &Path, cache_dir: &Path, clock: Clock) -> Environment {
        Environment {
            db_path: db_path.to_path_buf(),
            cache_dir: cache_dir.to_path_buf(),
            clock,
        }
    }
}

/// The time operations stamp (imports) and print (the board pack's date).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// The system clock.
    System,
    /// A fixed time, seconds since the Unix epoch (tests, reproducible packs).
    Fixed(i64),
}

impl Clock {
    /// Seconds since the Unix epoch.
    pub fn now(self) -> i64 {
        match self {
            Clock::System => boardlens_core::period::now_unix(),
            Clock::Fixed(t) => t,
        }
    }

    /// Today as a board paper writes it: `2 December 2026`.
    pub fn today(self) -> String {
        boardlens_core::period::long_date(self.now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_gives_its_date_in_words() {
        assert_eq!(Clock::Fixed(1_764_633_600).today(), "2 December 2025");
    }

    #[test]
    fn a_named_database_wins_over_the_environment() {
        let env = Environment::resolve(Some("/tmp/x.db".into())).unwrap();
        assert_eq!(env.db_path, PathBuf::from("/tmp/x.db"));
        assert_eq!(env.clock, Clock::System);
    }
}
