//! Boardlens's use cases: every operation a person can ask for — benchmark, peers, charts, the
//! board pack, import (preview, check, run), download, datasets, organisations — written once,
//! with typed requests ([`request`]) and results, for both front ends. The `boardlens` CLI
//! parses its arguments into these requests and prints the results; the desktop app receives
//! the same requests over IPC and returns the same results. Errors come from one set with
//! stable codes ([`error`]); where the database is, where downloads are cached and what time it
//! is are resolved in one place ([`environment`]).
//!
//! This crate knows neither Tauri nor the terminal. It is the API boundary of both front ends:
//! a change to a request or result here is a change to the CLI's `--json` output and to the
//! app's IPC (the TypeScript bindings are generated from these types).

pub mod environment;
pub mod error;
pub mod request;

pub use environment::{Clock, Environment};
pub use error::{Error, ErrorReport, Result};
pub use request::{
    BenchmarkRequest, ChartFile, ChartOfKind, ChartRequest, ChartsToFolder, DownloadRequest, ImportRequest, PackRequest,
};

use boardlens_charts::pack::{self, PackChart, PackOptions};
use boardlens_charts::{Chart, Size};
use boardlens_core::Store;
use boardlens_core::benchmark::Report;
use boardlens_core::download::{self, DownloadOptions, DownloadOutcome, Source, UpdateCheck};
use boardlens_core::import::{self, AdapterInfo, ImportOptions, ImportSummary, Mapping, Preview};
use boardlens_core::model::{DatasetInfo, OrgKind, Organisation};
use boardlens_core::orgs::OrgFilter;
use boardlens_core::peers::{Feature, PeerGroup};
use serde::Serialize;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

/// How far a long operation (import, download, board pack) has got.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Progress {
    /// Done so far.
    pub done: f64,
    /// In all, when known.
    pub total: Option<f64>,
    /// `rows`, `bytes` or `steps`.
    pub unit: String,
}

impl Progress {
    fn new(done: u64, total: Option<u64>, unit: &str) -> Progress {
        Progress {
            done: done as f64,
            total: total.map(|t| t as f64),
            unit: unit.to_string(),
        }
    }
}

/// What a long operation reports to; `Break` cancels it (and nothing is changed).
pub type OnProgress<'a> = &'a mut dyn FnMut(Progress) -> ControlFlow<()>;

/// A chart the data supports, before it is drawn.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChartInfo {
    /// Stable id, e.g. `pillar-profile`, `dma-overall-ranked`, `nss-burned-out-funnel`.
    pub id: String,
    /// The kind (`boardlens_charts::Kind::ALL`): pillar-profile, ranked-bar, …
    pub kind: String,
    /// Its title (the finding).
    pub title: String,
    /// True when it shows illustrative (synthetic) numbers.
    pub illustrative: bool,
}

impl From<&PackChart> for ChartInfo {
    fn from(c: &PackChart) -> Self {
        ChartInfo {
            id: c.slug().to_string(),
            kind: c.chart.kind.name().to_string(),
            title: c.chart.title.clone(),
            illustrative: c.chart.illustrative,
        }
    }
}

/// A chart drawn for the screen: the same SVG the export writes, and its words.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChartView {
    /// What it is.
    pub info: ChartInfo,
    /// Geography, peer group and period.
    pub subtitle: String,
    /// Alt text from the same numbers.
    pub alt_text: String,
    /// The SVG document.
    pub svg: String,
    /// The data behind it: header row, then rows.
    pub data: Vec<Vec<String>>,
}

/// One file of a board pack.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PackFile {
    /// Relative to the pack's folder.
    pub path: String,
    /// What it is.
    pub what: String,
}

/// A board pack written.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PackResult {
    /// The trust or ICB it is about.
    pub subject: String,
    /// The folder.
    pub dir: String,
    /// Charts in it.
    pub charts: u32,
    /// Every file, with what it is.
    pub files: Vec<PackFile>,
    /// The board paper's pages in all.
    pub pages: u32,
    /// The board paper's sections, each with the page it starts on (its contents).
    pub sections: Vec<PaperSection>,
}

/// A section of the board paper and its first page.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PaperSection {
    /// Its heading.
    pub title: String,
    /// The page it starts on, from 1.
    pub page: u32,
}

/// The board paper a pack will hold, before it is written.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PackOutline {
    /// Pages in all.
    pub pages: u32,
    /// Charts the pack will draw (files and slides).
    pub charts: u32,
    /// Each section with the page it starts on.
    pub sections: Vec<PaperSection>,
}

/// A saved peer group.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SavedGroup {
    /// Its name (use it as the peers).
    pub name: String,
    /// The trust it was made for.
    pub trust: String,
    /// The method it was made with.
    pub method: String,
    /// Members.
    pub members: u32,
    /// Whose it is and how it was chosen, in words ("made for Guy's and St Thomas' NHS
    /// Foundation Trust, chosen by hand").
    pub words: String,
}

/// An open Boardlens: the database, and the environment it was opened in. Every operation
/// both front ends offer is a method here.
pub struct Boardlens {
    store: Store,
    env: Environment,
}

impl Boardlens {
    /// Open (or create, loading the bundled national datasets) the database of `env`.
    pub fn open(env: Environment) -> Result<Boardlens> {
        let store = Store::open_with(
            Some(&env.db_path),
            boardlens_core::store::Bundled::Load,
            env.clock.now(),
        )?;
        Ok(Boardlens { store, env })
    }

    /// The environment: database file, download cache, clock.
    pub fn environment(&self) -> &Environment {
        &self.env
    }

    /// The database, for what is not an operation (tests, benchmarks).
    pub fn store(&self) -> &Store {
        &self.store
    }

    // --- organisations and datasets ---------------------------------------------------------

    /// Organisations matching a filter (`boardlens orgs`).
    pub fn organisations(&self, filter: &OrgFilter) -> Result<Vec<Organisation>> {
        Ok(self.store.organisations(filter)?)
    }

    /// Every open NHS trust in England and every ICB: what can be benchmarked (the app's
    /// picker). A trust with no trust type in the reference data is not offered: the ODS file
    /// lists Welsh trusts too (Velindre, Public Health Wales, the Welsh Ambulance Service), which
    /// no national dataset Boardlens reads covers and which have no peers of their type.
    pub fn subjects(&self) -> Result<Vec<Organisation>> {
        let mut out = Vec::new();
        for kind in [OrgKind::Trust, OrgKind::Icb] {
            out.extend(
                self.store
                    .organisations(&OrgFilter {
                        kind: Some(kind),
                        ..OrgFilter::default()
                    })?
                    .into_iter()
                    .filter(|o| o.kind == OrgKind::Icb || o.trust_type.is_some()),
            );
        }
        Ok(out)
    }

    /// Every dataset in the database with its provenance.
    pub fn datasets(&self) -> Result<Vec<DatasetInfo>> {
        Ok(self.store.datasets()?)
    }

    /// The layouts Boardlens reads.
    pub fn adapters() -> Vec<AdapterInfo> {
        import::adapters()
    }

    /// The national sources Boardlens can download.
    pub fn catalogue() -> Result<Vec<Source>> {
        Ok(download::catalogue()?)
    }

    // --- peers and the benchmark ------------------------------------------------------------

    /// The features nearest-neighbour peers are chosen on, with their default weights.
    pub fn peer_features() -> Vec<Feature> {
        boardlens_core::peers::default_features()
    }

    /// A trust's peer group and why each member is in it.
    pub fn peers(&self, request: &BenchmarkRequest) -> Result<PeerGroup> {
        let r = request.to_core()?;
        Ok(self.store.peers(&r.ods_code, &r.peers, &r.features)?)
    }

    /// Save the peer group of `request` under `name` (to reuse as the saved peers `name`);
    /// returns every saved group.
    pub fn save_peer_group(&mut self, name: &str, request: &BenchmarkRequest) -> Result<Vec<SavedGroup>> {
        let group = self.peers(request)?;
        self.store.save_peer_group(name, &group, self.env.clock.now())?;
        self.saved_peer_groups()
    }

    /// The saved peer groups.
    pub fn saved_peer_groups(&self) -> Result<Vec<SavedGroup>> {
        Ok(self
            .store
            .saved_peer_groups()?
            .into_iter()
            .map(|g| SavedGroup {
                name: g.name,
                trust: g.trust,
                method: g.method,
                members: g.members as u32,
                words: g.words,
            })
            .collect())
    }

    /// The benchmark of a trust or ICB against its peers: every indicator, key messages, caveats.
    pub fn benchmark(&self, request: &BenchmarkRequest) -> Result<Report> {
        let mut report = self.store.benchmark(&request.to_core()?)?;
        report.date_ages(&self.env.clock.today());
        Ok(report)
    }

    // --- charts and the board pack ----------------------------------------------------------

    /// The charts the report supports, in board-pack order (nothing drawn yet).
    pub fn charts(&self, request: &BenchmarkRequest) -> Result<Vec<ChartInfo>> {
        let report = self.benchmark(request)?;
        Ok(pack::charts(&report).iter().map(ChartInfo::from).collect())
    }

    /// One chart of the report by its id, drawn as SVG by the renderer the export uses.
    pub fn chart(&self, request: &ChartRequest) -> Result<ChartView> {
        let report = self.benchmark(&request.benchmark)?;
        let found = find_chart(&report, &request.id)?;
        let (drawn, size) = sized(&found.chart, &request.size)?;
        Ok(ChartView {
            info: ChartInfo::from(&found),
            subtitle: found.chart.subtitle.clone(),
            alt_text: found.chart.alt_text.clone(),
            svg: drawn.svg(size)?,
            data: found.chart.data.clone(),
        })
    }

    /// Write one chart of the report (by its id) to a file, with its alt text and data beside
    /// it; files already there are replaced only when `file.replace` says so.
    pub fn export_chart(&self, request: &ChartRequest, file: &ChartFile) -> Result<Vec<PathBuf>> {
        let report = self.benchmark(&request.benchmark)?;
        let found = find_chart(&report, &request.id)?;
        write_chart(&found.chart, file)
    }

    /// Several charts of the report into one folder. Every file is checked first: without
    /// `replace`, one already there stops the whole save before anything is written.
    pub fn export_charts(&self, request: &ChartsToFolder) -> Result<Vec<PathBuf>> {
        if !matches!(request.format.as_str(), "png" | "svg" | "pdf") {
            return Err(Error::Invalid(format!(
                "a chart format of '{}'; expected png, svg or pdf",
                request.format
            )));
        }
        let report = self.benchmark(&request.benchmark)?;
        let mut charts = Vec::new();
        for id in &request.ids {
            let found = find_chart(&report, id)?;
            let name = format!(
                "{}-{}-{}.{}",
                report.trust.ods_code.to_ascii_lowercase(),
                id,
                request.size,
                request.format
            );
            charts.push((found.chart, request.dir.join(name)));
        }
        if !request.replace {
            for (_, path) in &charts {
                for file in Chart::file_names(path) {
                    if file.exists() {
                        return Err(boardlens_charts::ChartError::FileExists(file).into());
                    }
                }
            }
        }
        let mut written = Vec::new();
        for (chart, path) in &charts {
            written.extend(write_chart(
                chart,
                &ChartFile {
                    path: path.clone(),
                    size: request.size.clone(),
                    dpi: request.dpi,
                    replace: request.replace,
                },
            )?);
        }
        Ok(written)
    }

    /// A chart by kind (the CLI's `chart KIND ODS`), and where it was written.
    pub fn chart_of_kind(&self, request: &ChartOfKind, file: &ChartFile) -> Result<(Chart, Vec<PathBuf>)> {
        let kind: boardlens_charts::Kind = request.kind.parse()?;
        let report = self.benchmark(&request.benchmark)?;
        let chart = boardlens_charts::build(&report, kind, request.indicator.as_deref())?;
        let files = write_chart(&chart, file)?;
        Ok((chart, files))
    }

    /// Write the board pack, telling `progress` after each step (`Break` cancels: nothing is
    /// left behind and the folder is as it was).
    pub fn pack(
        &self,
        request: &PackRequest,
        progress: &(dyn Fn(Progress) -> ControlFlow<()> + Sync),
    ) -> Result<PackResult> {
        self.prepare_pack(request)?.write(progress)
    }

    /// The numbers of a board pack, ready to draw: the cover sheet is checked first (a typo in
    /// it should not cost a benchmark run), then the benchmark. Drawing needs only this, not
    /// the database, so the app draws without holding it.
    pub fn prepare_pack(&self, request: &PackRequest) -> Result<PackJob> {
        let cover = request.cover.clone().checked()?;
        let report = self.benchmark(&request.benchmark)?;
        Ok(PackJob {
            report,
            dir: request.dir.clone(),
            options: PackOptions {
                date: self.env.clock.today(),
                dpi: request.dpi.clamp(36, 600),
                force: request.force,
                cover,
                appendix: request.appendix,
                sections: request.sections,
                charts: request.charts.clone(),
            },
        })
    }

    /// What the pack's board paper will be, before anything is written: its pages and the
    /// page each section starts on, laid out exactly as the pack lays it out (the folder is
    /// not looked at).
    pub fn pack_outline(&self, request: &PackRequest) -> Result<PackOutline> {
        let job = self.prepare_pack(request)?;
        let outline = pack::outline(&job.report, &job.options)?;
        Ok(PackOutline {
            pages: outline.pages as u32,
            charts: outline.charts as u32,
            sections: paper_sections(outline.sections),
        })
    }

    // --- import and download ----------------------------------------------------------------

    /// The first rows of each sheet of a file, as published; nothing is imported.
    pub fn preview(path: &Path) -> Result<Preview> {
        Ok(import::preview_file(path, 15)?)
    }

    /// Import a file (or check it, with `dry_run`), all or nothing, with progress in rows.
    pub fn import(&mut self, request: &ImportRequest, progress: OnProgress<'_>) -> Result<ImportSummary> {
        let options = ImportOptions {
            adapter: request::given(&request.adapter),
            period: request::given(&request.period),
            dry_run: request.dry_run,
            replace: request.replace,
            strict: request.strict,
            mapping: match request::given(&request.mapping) {
                Some(m) => Some(Mapping::load(Path::new(&m))?),
                None => None,
            },
            now: self.env.clock.now(),
            max_bytes: request.max_mb.map(|mb| mb.saturating_mul(1024 * 1024)),
            ..ImportOptions::default()
        };
        let mut on_rows = |p: import::Progress| progress(Progress::new(p.rows, None, "rows"));
        Ok(import::import_file(
            &mut self.store,
            Path::new(&request.path),
            &options,
            &mut on_rows,
        )?)
    }

    /// Download a catalogue source and import it, with progress in bytes.
    pub fn download(&mut self, request: &DownloadRequest, progress: OnProgress<'_>) -> Result<DownloadOutcome> {
        let source = download::source(&request.key)?;
        let mut opts = self.download_options(request.proxy.clone());
        opts.url = request::given(&request.url);
        opts.allow_http = request.allow_http;
        opts.period = request::given(&request.period);
        if let Some(mb) = request.max_mb {
            opts.max_bytes = mb.saturating_mul(1024 * 1024);
        }
        let mut on_bytes = |p: download::DownloadProgress| progress(Progress::new(p.bytes, p.total, "bytes"));
        Ok(download::download(&mut self.store, &source, &opts, &mut on_bytes)?)
    }

    /// Ask each publisher whether a newer file is at its address (network; the person asked).
    pub fn check_updates(&self, proxy: Option<String>) -> Result<Vec<UpdateCheck>> {
        let opts = self.download_options(proxy);
        Ok(download::check_updates(&download::catalogue()?, &opts)?)
    }

    fn download_options(&self, proxy: Option<String>) -> DownloadOptions {
        let mut o = DownloadOptions::new(self.env.cache_dir.clone(), self.env.clock.now());
        o.proxy = request::given(&proxy);
        o
    }
}

/// A board pack with its numbers, ready to draw ([`Boardlens::prepare_pack`]).
pub struct PackJob {
    report: Report,
    dir: PathBuf,
    options: PackOptions,
}

impl PackJob {
    /// Draw and write the pack into its folder, all or nothing.
    pub fn write(self, progress: &(dyn Fn(Progress) -> ControlFlow<()> + Sync)) -> Result<PackResult> {
        let on_step = |p: pack::PackProgress| progress(Progress::new(p.done as u64, Some(p.total as u64), "steps"));
        let summary = pack::write_with_progress(&self.report, &self.dir, &self.options, &on_step)?;
        Ok(PackResult {
            subject: self.report.trust.name.clone(),
            dir: summary.dir.display().to_string(),
            charts: summary.charts as u32,
            files: summary
                .files
                .into_iter()
                .map(|(path, what)| PackFile { path, what })
                .collect(),
            pages: summary.pages as u32,
            sections: paper_sections(summary.sections),
        })
    }
}

/// The paper's sections with the page each starts on, as the front ends receive them.
fn paper_sections(sections: Vec<(String, usize)>) -> Vec<PaperSection> {
    sections
        .into_iter()
        .map(|(title, page)| PaperSection {
            title,
            page: page as u32,
        })
        .collect()
}

fn parse_size(size: &str) -> Result<Size> {
    Ok(size.parse()?)
}

/// A chart at a named size: `screen` is the chart drawn for the app's card (600 CSS pixels wide
/// in its board-paper figure's proportions, text no smaller than 12 px, without the title and
/// subtitle, which the card carries above it); the other names are [`Size`]'s.
fn sized(chart: &Chart, size: &str) -> Result<(Chart, Size)> {
    if size == "screen" {
        Ok((chart.bare(), chart.kind.screen_size()))
    } else {
        Ok((chart.clone(), parse_size(size)?))
    }
}

fn write_chart(chart: &Chart, file: &ChartFile) -> Result<Vec<PathBuf>> {
    let (chart, size) = sized(chart, &file.size)?;
    let chart = &chart;
    if !(36..=1200).contains(&file.dpi) {
        return Err(Error::Invalid(format!(
            "a resolution of {} dpi is outside 36–1200",
            file.dpi
        )));
    }
    Ok(chart.write_files(&file.path, size, file.dpi, file.replace)?)
}

fn find_chart(report: &Report, id: &str) -> Result<PackChart> {
    pack::charts(report)
        .into_iter()
        .find(|c| c.slug() == id)
        .ok_or_else(|| Error::NoSuchChart {
            id: id.to_string(),
            subject: report.trust.name.clone(),
        })
}
