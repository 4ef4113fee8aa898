//! Downloading national datasets from their publishers, then importing them through the normal
//! all-or-nothing pipeline with their provenance (source address, retrieved-at).
//!
//! - The catalogue (`datasets/catalogue.toml`, embedded) names each source's address; `--url`
//!   overrides it when a publisher moves a file.
//! - HTTPS only, except loopback addresses (tests) or when explicitly allowed.
//! - Streamed to a temporary file with a size cap; connect and read timeouts; up to three
//!   retries with backoff on connection errors and 5xx answers; proxies from `HTTPS_PROXY` /
//!   `HTTP_PROXY` / `NO_PROXY` or an explicit setting (NHS networks sit behind proxies).
//! - The content is checked before import: an HTML page saved under a data file's name is
//!   refused with a clear message.
//! - A cache (ETag / Last-Modified per address) makes a repeated download of an unchanged file
//!   a no-op, and lets `check_updates` say which sources have something newer.
//!
//! Nothing here runs unless the user asks for a download: no network access otherwise.

use crate::error::{Error, Result};
use crate::import::{self, ImportOptions, ImportSummary};
use crate::store::Store;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The catalogue, as written in `datasets/catalogue.toml`.
pub const CATALOGUE: &str = include_str!("../../../datasets/catalogue.toml");

/// One downloadable source.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Key used with `boardlens download`.
    pub key: String,
    /// Title.
    pub title: String,
    /// Publisher.
    pub publisher: String,
    /// The page a person can check.
    pub landing: String,
    /// The download address as best known.
    pub url: String,
    /// `xlsx`, `csv` or `zip` (a zip holding one CSV).
    pub format: String,
    /// The adapter that reads it.
    pub adapter: String,
    /// Licence.
    pub licence: String,
    /// `retrieved` for a file that is always the current snapshot (ODS's `current/etr.zip`)
    /// and says no period of its own: its period is the month it was downloaded.
    #[serde(default)]
    pub period: Option<String>,
}

#[derive(Deserialize)]
struct Catalogue {
    source: Vec<Source>,
}

/// Every catalogue source.
pub fn catalogue() -> Result<Vec<Source>> {
    toml::from_str::<Catalogue>(CATALOGUE)
        .map(|c| c.source)
        .map_err(|e| Error::Invalid(format!("datasets/catalogue.toml: {e}")))
}

/// A catalogue source by key.
pub fn source(key: &str) -> Result<Source> {
    let all = catalogue()?;
    let keys: Vec<String> = all.iter().map(|s| s.key.clone()).collect();
    all.into_iter().find(|s| s.key == key).ok_or_else(|| {
        Error::NotFound(format!(
            "no source '{key}' in the catalogue; the sources are {}",
            keys.join(", ")
        ))
    })
}

/// How to download.
#[derive(Debug, Clone)]
pub struct DownloadOptions {
    /// Use this address instead of the catalogue's.
    pub url: Option<String>,
    /// Allow plain http:// (loopback addresses are always allowed).
    pub allow_http: bool,
    /// A proxy for every request (the app setting); otherwise the environment's.
    pub proxy: Option<String>,
    /// Largest body accepted, in bytes.
    pub max_bytes: u64,
    /// Time to connect.
    pub connect_timeout: Duration,
    /// Longest wait for more data.
    pub read_timeout: Duration,
    /// Longest one attempt may take, however steadily the server trickles.
    pub attempt_deadline: Duration,
    /// Longest the whole download may take, retries and their waits included.
    pub total_deadline: Duration,
    /// The period, for a file that does not say it (`--period`).
    pub period: Option<String>,
    /// Retries after the first try, on connection errors and 5xx answers.
    pub retries: u32,
    /// First backoff; doubled each retry.
    pub backoff: Duration,
    /// Where the cache of ETags and Last-Modified dates lives.
    pub cache_dir: PathBuf,
    /// The time of the import, seconds since the Unix epoch.
    pub now: i64,
}

impl DownloadOptions {
    /// The defaults: 200 MB cap, 15 s to connect, 60 s between bytes, 10 minutes an attempt
    /// and 20 in all, 3 retries from 1 s.
    pub fn new(cache_dir: PathBuf, now: i64) -> DownloadOptions {
        DownloadOptions {
            url: None,
            allow_http: false,
            proxy: None,
            max_bytes: crate::import::limits::DEFAULT_MAX_BYTES,
            connect_timeout: Duration::from_secs(15),
            read_timeout: Duration::from_secs(60),
            attempt_deadline: Duration::from_secs(600),
            total_deadline: Duration::from_secs(1200),
            period: None,
            retries: 3,
            backoff: Duration::from_secs(1),
            cache_dir,
            now,
        }
    }
}

/// The default cache folder: the per-user cache directory.
pub fn default_cache_dir() -> PathBuf {
    dirs::cache_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("boardlens")
        .join("downloads")
}

/// How far a download has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DownloadProgress {
    /// Bytes received.
    pub bytes: u64,
    /// Total, when the server says.
    pub total: Option<u64>,
}

/// What a download did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum DownloadOutcome {
    /// The file had not changed since the last download (ETag / Last-Modified): nothing done.
    Unchanged {
        /// The address.
        url: String,
    },
    /// Downloaded and imported.
    Imported {
        /// The address.
        url: String,
        /// Bytes downloaded.
        bytes: u64,
        /// SHA-256 of the file.
        sha256: String,
        /// The import's summary.
        summary: Box<ImportSummary>,
    },
}

/// A download error: always says which address and what to do.
fn fail(url: &str, what: impl std::fmt::Display) -> Error {
    Error::Download(format!("{url}: {what}"))
}

/// Check an address: HTTPS, or http to a loopback address, or http when allowed.
fn check_address(url: &str, allow_http: bool) -> Result<reqwest::Url> {
    let parsed = reqwest::Url::parse(url).map_err(|e| fail(url, format!("not a web address ({e})")))?;
    let host = parsed
        .host_str()
        .unwrap_or_default()
        .trim_start_matches('[')
        .trim_end_matches(']');
    let loopback = host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    match parsed.scheme() {
        "https" => Ok(parsed),
        "http" if loopback || allow_http => Ok(parsed),
        "http" => Err(fail(
            url,
            "plain http is refused; use the https address, or pass --allow-http if you trust this network",
        )),
        other => Err(fail(url, format!("'{other}' addresses are not supported; use https"))),
    }
}

/// The rule for an address a page asks to download from (the app's "the file moved" box):
/// https, and on the publisher's own site — the catalogue address's domain, or NHS or
/// government sites (`nhs.uk`, `gov.uk`) — so that a page cannot point the app at a machine
/// of the user's network. `loopback` allows this machine too (test builds).
pub fn publisher_address(source: &Source, url: &str, loopback: bool) -> Result<()> {
    let parsed = reqwest::Url::parse(url).map_err(|e| fail(url, format!("not a web address ({e})")))?;
    let host = parsed.host_str().unwrap_or_default().to_ascii_lowercase();
    let is_loopback = host == "localhost"
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if loopback && is_loopback {
        return check_address(url, false).map(|_| ());
    }
    if parsed.scheme() != "https" {
        return Err(fail(url, "only https addresses can be downloaded from the app"));
    }
    let catalogue_host = reqwest::Url::parse(&source.url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .unwrap_or_default();
    let site = |h: &str| -> String {
        let labels: Vec<&str> = h.split('.').collect();
        labels[labels.len().saturating_sub(2)..].join(".")
    };
    let within = |suffix: &str| host == suffix || host.ends_with(&format!(".{suffix}"));
    let on_publisher_site = host.parse::<std::net::IpAddr>().is_err()
        && (within("nhs.uk")
            || within("gov.uk")
            || (!catalogue_host.is_empty() && site(&host) == site(&catalogue_host)));
    if on_publisher_site {
        Ok(())
    } else {
        Err(fail(
            url,
            format!(
                "the app downloads only from the publisher's site ({}, or an nhs.uk or gov.uk address); to use another address, download the file yourself and import it",
                site(&catalogue_host)
            ),
        ))
    }
}

fn client(opts: &DownloadOptions) -> Result<reqwest::blocking::Client> {
    let mut builder = reqwest::blocking::Client::builder()
        .connect_timeout(opts.connect_timeout)
        // The blocking client applies this to each read, not to the whole download.
        .timeout(opts.read_timeout)
        .user_agent(concat!("Boardlens/", env!("CARGO_PKG_VERSION")))
        .redirect(redirect_policy(opts.allow_http));
    if let Some(p) = &opts.proxy {
        let proxy = reqwest::Proxy::all(p).map_err(|e| fail(p, format!("not a proxy address ({e})")))?;
        builder = builder.proxy(proxy);
    }
    builder
        .build()
        .map_err(|e| Error::Download(format!("cannot start the web client: {e}")))
}

/// Every redirect is checked by the rule the first address was: a publisher's https address
/// that answers "302 → http://…" is not followed to plain http. At most five hops.
fn redirect_policy(allow_http: bool) -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(move |attempt| {
        if attempt.previous().len() >= 5 {
            return attempt.error(RedirectRefused("it redirected more than five times".into()));
        }
        match check_address(attempt.url().as_str(), allow_http) {
            Ok(_) => attempt.follow(),
            Err(e) => {
                let why = e.to_string();
                attempt.error(RedirectRefused(format!("it redirected to {why}")))
            }
        }
    })
}

/// Why a redirect was not followed, in words (carried inside reqwest's error).
#[derive(Debug)]
struct RedirectRefused(String);

impl std::fmt::Display for RedirectRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RedirectRefused {}

/// The cache entry of an address.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
struct CacheEntry {
    etag: Option<String>,
    last_modified: Option<String>,
    sha256: String,
}

fn cache_path(dir: &Path) -> PathBuf {
    dir.join("cache.json")
}

fn load_cache(dir: &Path) -> BTreeMap<String, CacheEntry> {
    std::fs::read(cache_path(dir))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

fn save_cache(dir: &Path, cache: &BTreeMap<String, CacheEntry>) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(Error::io(dir))?;
    let path = cache_path(dir);
    let tmp = path.with_extension("json.tmp");
    let text = serde_json::to_vec_pretty(cache).map_err(|e| Error::Invalid(e.to_string()))?;
    std::fs::write(&tmp, text).map_err(Error::io(&tmp))?;
    std::fs::rename(&tmp, &path).map_err(Error::io(&path))
}

/// Turn a transport error into words a person behind an NHS proxy can act on.
fn explain(url: &str, e: &reqwest::Error) -> Error {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
    while let Some(c) = cause {
        if let Some(refused) = c.downcast_ref::<RedirectRefused>() {
            return fail(url, format!("not followed: {refused}"));
        }
        cause = c.source();
    }
    let what = if e.is_timeout() {
        "the server did not answer in time (timed out); try again later".to_string()
    } else if e.is_connect() {
        "cannot connect: you may be offline, or behind a proxy (set HTTPS_PROXY, or the proxy in settings); everything already imported keeps working".to_string()
    } else {
        format!("the download failed ({e})")
    };
    fail(url, what)
}

/// Whether a read failed because the server went quiet (the cause may be wrapped several deep).
fn is_timeout(e: &std::io::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(c) = cause {
        if c.downcast_ref::<reqwest::Error>()
            .is_some_and(reqwest::Error::is_timeout)
            || c.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut)
            || c.to_string().contains("timed out")
        {
            return true;
        }
        cause = c.source();
    }
    false
}

/// A response body streamed into a temporary file.
struct Fetched {
    file: tempfile::NamedTempFile,
    bytes: u64,
    sha256: String,
    etag: Option<String>,
    last_modified: Option<String>,
}

enum Attempt {
    NotModified,
    Got(Fetched),
}

fn fetch_once(
    client: &reqwest::blocking::Client,
    url: &reqwest::Url,
    cached: Option<&CacheEntry>,
    opts: &DownloadOptions,
    progress: &mut dyn FnMut(DownloadProgress) -> ControlFlow<()>,
) -> std::result::Result<Attempt, (Error, bool)> {
    let shown = url.as_str();
    let mut request = client.get(url.clone());
    if let Some(c) = cached {
        if let Some(etag) = &c.etag {
            request = request.header(reqwest::header::IF_NONE_MATCH, etag);
        }
        if let Some(lm) = &c.last_modified {
            request = request.header(reqwest::header::IF_MODIFIED_SINCE, lm);
        }
    }
    let mut response = request
        .send()
        .map_err(|e| (explain(shown, &e), e.is_connect() || e.is_timeout()))?;
    let status = response.status();
    if status == reqwest::StatusCode::NOT_MODIFIED {
        return Ok(Attempt::NotModified);
    }
    if status.is_server_error() {
        return Err((fail(shown, format!("the server answered {status}")), true));
    }
    if !status.is_success() {
        let hint = if status == reqwest::StatusCode::NOT_FOUND {
            "; the publisher may have moved the file: find it on the landing page and pass --url"
        } else {
            ""
        };
        return Err((fail(shown, format!("the server answered {status}{hint}")), false));
    }
    let total = response.content_length();
    if let Some(t) = total.filter(|t| *t > opts.max_bytes) {
        return Err((
            fail(
                shown,
                format!("the file is {t} bytes, over the {} byte limit", opts.max_bytes),
            ),
            false,
        ));
    }
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
            .map(str::to_string)
    };
    let (etag, last_modified) = (header(reqwest::header::ETAG), header(reqwest::header::LAST_MODIFIED));
    // The partial file lives in the cache folder (removed on any failure or cancel), not the
    // system's temporary folder: one place to look, and a test can see that nothing is left.
    std::fs::create_dir_all(&opts.cache_dir).map_err(|e| {
        (
            fail(
                shown,
                format!("cannot make the cache folder {} ({e})", opts.cache_dir.display()),
            ),
            false,
        )
    })?;
    let mut file = tempfile::Builder::new()
        .prefix(".partial-")
        .tempfile_in(&opts.cache_dir)
        .map_err(|e| (fail(shown, format!("cannot make a temporary file ({e})")), false))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut bytes = 0u64;
    let started = std::time::Instant::now();
    loop {
        if started.elapsed() > opts.attempt_deadline {
            return Err((
                fail(
                    shown,
                    format!(
                        "the server sent only {bytes} bytes in {} s, too slowly to finish; try again later",
                        opts.attempt_deadline.as_secs()
                    ),
                ),
                true,
            ));
        }
        let n = match response.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) => {
                let timed_out = is_timeout(&e);
                let what = if timed_out {
                    "the server stopped sending (timed out)".to_string()
                } else {
                    format!("the connection dropped part-way ({e})")
                };
                return Err((fail(shown, what), true));
            }
        };
        bytes += n as u64;
        if bytes > opts.max_bytes {
            return Err((
                fail(shown, format!("the file is over the {} byte limit", opts.max_bytes)),
                false,
            ));
        }
        hasher.update(&buf[..n]);
        file.write_all(&buf[..n])
            .map_err(|e| (fail(shown, format!("cannot write the temporary file ({e})")), false))?;
        if progress(DownloadProgress { bytes, total }).is_break() {
            return Err((
                Error::Download(format!("{shown}: download cancelled; nothing was kept")),
                false,
            ));
        }
    }
    if let Some(t) = total.filter(|t| *t != bytes) {
        return Err((
            fail(shown, format!("the connection dropped part-way ({bytes} of {t} bytes)")),
            true,
        ));
    }
    Ok(Attempt::Got(Fetched {
        file,
        bytes,
        sha256: import::hex(&hasher.finalize()),
        etag,
        last_modified,
    }))
}

/// Check that the downloaded bytes are what the source says they are.
fn check_content(url: &str, format: &str, head: &[u8]) -> Result<()> {
    let text = String::from_utf8_lossy(&head[..head.len().min(512)])
        .trim_start()
        .to_ascii_lowercase();
    if text.starts_with("<!doctype html") || text.starts_with("<html") || text.contains("<html") {
        return Err(fail(
            url,
            "the server sent a web page (HTML), not the data file: the address may need signing in, or the file has moved; check the landing page",
        ));
    }
    let zip = head.starts_with(b"PK\x03\x04");
    match format {
        "xlsx" | "zip" if !zip => Err(fail(
            url,
            format!("expected a {format} file but the content is not one"),
        )),
        "csv" if zip || head.contains(&0) => Err(fail(url, "expected a CSV file but the content is binary")),
        _ => Ok(()),
    }
}

/// Download a catalogue source (or `opts.url`) and import it.
pub fn download(
    store: &mut Store,
    source: &Source,
    opts: &DownloadOptions,
    progress: &mut dyn FnMut(DownloadProgress) -> ControlFlow<()>,
) -> Result<DownloadOutcome> {
    let address = opts.url.clone().unwrap_or_else(|| source.url.clone());
    let url = check_address(&address, opts.allow_http)?;
    let client = client(opts)?;
    let mut cache = load_cache(&opts.cache_dir);
    // The cache is shared by every database on the machine: "unchanged" only means something
    // when this database holds what was downloaded.
    let cached = match cache.get(url.as_str()) {
        Some(c) if store.dataset_by_sha256(&c.sha256)?.is_some() => Some(c.clone()),
        _ => None,
    };
    let started = std::time::Instant::now();
    let mut wait = opts.backoff;
    let mut attempt = 0;
    let fetched = loop {
        match fetch_once(&client, &url, cached.as_ref(), opts, progress) {
            Ok(Attempt::NotModified) => return Ok(DownloadOutcome::Unchanged { url: url.to_string() }),
            Ok(Attempt::Got(f)) => break f,
            Err((e, retry)) if retry && attempt < opts.retries && started.elapsed() + wait < opts.total_deadline => {
                attempt += 1;
                std::thread::sleep(wait);
                wait *= 2;
                let _ = e;
            }
            Err((e, _)) => return Err(e),
        }
    };
    let mut bytes = Vec::with_capacity(fetched.bytes as usize);
    std::fs::File::open(fetched.file.path())
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .map_err(Error::io(fetched.file.path()))?;
    check_content(url.as_str(), &source.format, &bytes)?;
    if source.format == "csv" && !matches!(bytes.last(), Some(b'\n' | b'\r')) {
        // A server that under-declares its length ends the body mid-line: refuse it rather
        // than import the rows that came with the last value cut short.
        return Err(fail(
            url.as_str(),
            format!(
                "the file ends part-way through a line after {} bytes: the download was cut short; try again (nothing was imported)",
                bytes.len()
            ),
        ));
    }
    let name = url
        .path_segments()
        .and_then(|mut s| s.next_back())
        .filter(|s| !s.is_empty())
        .unwrap_or(&source.key)
        .to_string();
    let retrieved_month = crate::period::rfc3339_utc(opts.now).get(..7).map(str::to_string);
    let options = ImportOptions {
        adapter: Some(source.adapter.clone()),
        period: opts.period.clone(),
        default_period: source
            .period
            .as_deref()
            .filter(|p| *p == "retrieved")
            .and(retrieved_month),
        source: Some(format!("{url} (retrieved {})", crate::period::rfc3339_utc(opts.now))),
        now: opts.now,
        // What the download may be, the archive may inflate to.
        max_bytes: Some(opts.max_bytes),
        ..ImportOptions::default()
    };
    let summary = import::import_bytes(store, &name, bytes, &options, &mut import::no_progress)
        .map_err(|e| without_content(url.as_str(), source, e))?;
    cache.insert(
        url.to_string(),
        CacheEntry {
            etag: fetched.etag,
            last_modified: fetched.last_modified,
            sha256: fetched.sha256.clone(),
        },
    );
    save_cache(&opts.cache_dir, &cache)?;
    Ok(DownloadOutcome::Imported {
        url: url.to_string(),
        bytes: fetched.bytes,
        sha256: fetched.sha256,
        summary: Box::new(summary),
    })
}

/// A download that is not the layout its source should be is reported without quoting what
/// came back: an address that answers with something else (a sign-in page, a service's
/// settings) must not have its content printed or shown.
fn without_content(url: &str, source: &Source, e: Error) -> Error {
    match e.code() {
        "import.unknown_layout" | "import.missing_columns" | "import.unreadable" => fail(
            url,
            format!(
                "what came back is not the {} file the catalogue expects ({}); the publisher may have moved or changed it: check {} and pass --url; nothing was imported",
                source.title,
                e.code(),
                source.landing
            ),
        ),
        _ => e,
    }
}

/// Whether a source has something newer than the last download.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UpdateCheck {
    /// Source key.
    pub key: String,
    /// The address checked.
    pub url: String,
    /// `newer`, `unchanged`, `available; not downloaded yet`, or `couldn't check: …` and why
    /// (offline, a proxy, the server's answer).
    pub status: String,
}

/// Ask each source's server (HEAD) whether its file changed since the last download. Every
/// source is asked, downloaded before or not, so that offline every row says it could not
/// check (regression: offline, each said "not downloaded yet", as if all were well).
pub fn check_updates(sources: &[Source], opts: &DownloadOptions) -> Result<Vec<UpdateCheck>> {
    let client = client(opts)?;
    let cache = load_cache(&opts.cache_dir);
    let mut out = Vec::new();
    for s in sources {
        let status = match check_address(&s.url, opts.allow_http) {
            Err(e) => format!("couldn't check: {e}"),
            Ok(url) => match client.head(url.clone()).send() {
                Err(e) => format!("couldn't check: {}", explain(url.as_str(), &e)),
                Ok(r) if !r.status().is_success() => format!("couldn't check: the server answered {}", r.status()),
                Ok(r) => match cache.get(url.as_str()) {
                    None => "available; not downloaded yet".to_string(),
                    Some(c) => {
                        let h = |n| {
                            r.headers()
                                .get(n)
                                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                                .map(str::to_string)
                        };
                        let (etag, lm) = (h(reqwest::header::ETAG), h(reqwest::header::LAST_MODIFIED));
                        let changed = match (&etag, &c.etag, &lm, &c.last_modified) {
                            (Some(a), Some(b), _, _) => a != b,
                            (_, _, Some(a), Some(b)) => a != b,
                            _ => true,
                        };
                        if changed {
                            "newer".to_string()
                        } else {
                            "unchanged".to_string()
                        }
                    }
                },
            },
        };
        out.push(UpdateCheck {
            key: s.key.clone(),
            url: s.url.clone(),
            status,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_parses_and_names_known_adapters() {
        let adapters: Vec<&str> = crate::import::adapters().iter().map(|a| a.name).collect();
        for s in catalogue().unwrap() {
            assert!(adapters.contains(&s.adapter.as_str()), "{}: {}", s.key, s.adapter);
            assert!(s.url.starts_with("https://"), "{}", s.key);
        }
    }

    #[test]
    fn only_https_or_loopback_addresses_are_allowed() {
        assert!(check_address("https://files.digital.nhs.uk/x.zip", false).is_ok());
        assert!(check_address("http://127.0.0.1:8080/x.csv", false).is_ok());
        assert!(check_address("http://localhost/x.csv", false).is_ok());
        let err = check_address("http://example.org/x.csv", false)
            .unwrap_err()
            .to_string();
        assert!(err.contains("plain http is refused"), "{err}");
        assert!(check_address("http://example.org/x.csv", true).is_ok());
        assert!(check_address("ftp://example.org/x.csv", true).is_err());
    }

    #[test]
    fn the_app_downloads_only_from_publishers_sites() {
        let dma = source("dma-data-file").unwrap();
        let nss = source("nss-org-results").unwrap();
        for (src, url, ok) in [
            (
                &dma,
                "https://www.england.nhs.uk/wp-content/uploads/2027/01/DMA.xlsx",
                true,
            ),
            (&dma, "https://digital.nhs.uk/x.xlsx", true),
            (&dma, "https://assets.publishing.service.gov.uk/x.csv", true),
            (&nss, "https://cms.nhsstaffsurveys.com/app/reports/2025.xlsx", true),
            (&dma, "https://nhsstaffsurveys.com.evil.example/x.xlsx", false),
            (&dma, "https://evil-nhs.uk/x.xlsx", false),
            (&dma, "http://www.england.nhs.uk/x.xlsx", false),
            (&dma, "https://192.168.1.1/admin", false),
            (&dma, "http://127.0.0.1:8080/x.csv", false),
        ] {
            assert_eq!(publisher_address(src, url, false).is_ok(), ok, "{url}");
        }
        assert!(publisher_address(&dma, "http://127.0.0.1:8080/x.csv", true).is_ok());
    }

    #[test]
    fn an_html_page_is_not_a_data_file() {
        assert!(
            check_content("u", "xlsx", b"<!DOCTYPE html><html>")
                .unwrap_err()
                .to_string()
                .contains("web page")
        );
        assert!(check_content("u", "xlsx", b"ods_code,value\n").is_err());
        assert!(check_content("u", "csv", b"ods_code,value\n").is_ok());
        assert!(check_content("u", "zip", b"PK\x03\x04rest").is_ok());
    }
}
