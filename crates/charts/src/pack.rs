//! The board pack: from one benchmark report, every chart as PNG and SVG (named predictably),
//! the data behind each as CSV, one PDF document, a PowerPoint deck, one Excel workbook, and a
//! `manifest.json` listing every file with what it is.
//!
//! Written into a temporary folder beside the target, then renamed into place, so a failure
//! part-way leaves no half-written pack; a non-empty target is replaced only when asked.

use crate::{Chart, ChartError, Kind, Result, Size, doc, pptx};
use boardlens_core::benchmark::Report;
use boardlens_core::cover::CoverSheet;
use boardlens_core::model::Polarity;
use serde_json::json;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// How to make a pack.
#[derive(Debug, Clone)]
pub struct PackOptions {
    /// The date printed on the cover, e.g. `25 November 2026`.
    pub date: String,
    /// PNG resolution.
    pub dpi: u32,
    /// Replace a non-empty folder.
    pub force: bool,
    /// The board paper's cover sheet (purpose, BAF risk, recommendation…), checked.
    pub cover: CoverSheet,
    /// What the paper's appendix holds; with [`Appendix::Charts`] the per-measure ranked bars
    /// are drawn as files and slides too.
    pub appendix: Appendix,
    /// The paper's sections in the pack; the charts of a section left out are left out too.
    pub sections: Sections,
    /// The charts drawn as files and slides, by id without their number (`pillar-profile`,
    /// `spine`): `None` for every chart of the sections in.
    pub charts: Option<Vec<String>>,
}

pub use crate::doc::{Appendix, Sections};

/// One chart of the pack and its files.
#[derive(Debug, Clone)]
pub struct PackChart {
    /// File stem, e.g. `01-pillar-profile`.
    pub id: String,
    /// The chart.
    pub chart: Chart,
}

impl PackChart {
    /// The chart's id without its place in the pack (`03-pillar-heatmap` → `pillar-heatmap`):
    /// what the app, the CLI's `--charts` and a workspace name it by.
    pub fn slug(&self) -> &str {
        self.id.split_once('-').map_or(self.id.as_str(), |(_, rest)| rest)
    }
}

/// Charts numbered in the order given, `01-…` on: a pack's files sort as its pages show them.
fn numbered(charts: impl Iterator<Item = PackChart>) -> Vec<PackChart> {
    charts
        .enumerate()
        .map(|(n, c)| PackChart {
            id: format!("{:02}-{}", n + 1, c.slug()),
            chart: c.chart,
        })
        .collect()
}

/// What a pack holds.
#[derive(Debug, Clone)]
pub struct PackSummary {
    /// The folder written.
    pub dir: PathBuf,
    /// Files, relative to it, with what each is.
    pub files: Vec<(String, String)>,
    /// Charts made.
    pub charts: usize,
    /// The board paper's pages in all.
    pub pages: usize,
    /// The board paper's sections and the page each starts on.
    pub sections: Vec<(String, usize)>,
}

/// Every chart the report supports, in the order of the pack (the per-measure ranked bars
/// included).
pub fn charts(report: &Report) -> Vec<PackChart> {
    charts_for(report, Appendix::Charts)
}

/// The charts of a pack: the per-measure ranked bars only when the appendix asks for them
/// (the spine and the summary table already show every measure against its peers).
pub fn charts_for(report: &Report, appendix: Appendix) -> Vec<PackChart> {
    let mut out = Vec::new();
    let mut push = |slug: String, built: Result<Chart>| {
        if let Ok(chart) = built {
            out.push(PackChart {
                id: format!("{:02}-{slug}", out.len() + 1),
                chart,
            });
        }
    };
    push("pillar-profile".into(), crate::build(report, Kind::PillarProfile, None));
    // The trust's other DMA care settings (a mental-health trust's community services), each
    // against the trusts that report that setting.
    for setting in report.dma_settings.iter().skip(1) {
        let key = format!("dma.{setting}.overall");
        push(
            format!("pillar-profile-{}", setting.replace('_', "-")),
            crate::build(report, Kind::PillarProfile, Some(&key)),
        );
    }
    if report
        .indicators
        .iter()
        .any(|i| boardlens_core::dma::pillar_setting(&i.key) == Some(boardlens_core::dma::PRIMARY_CARE))
    {
        let key = format!("dma.{}.well_led", boardlens_core::dma::PRIMARY_CARE);
        push(
            "primary-care-pillar-profile".into(),
            crate::build(report, Kind::PillarProfile, Some(&key)),
        );
    }
    push("pillar-strip".into(), crate::build(report, Kind::Strip, None));
    push("pillar-heatmap".into(), crate::build(report, Kind::Heatmap, None));
    push("dma-overall-ranked".into(), crate::build(report, Kind::RankedBar, None));
    // The only published year-on-year change: NHS England's comparable overall.
    if let Some(setting) = report.dma_setting.as_deref()
        && let Some(c) = report.indicators.iter().find(|i| {
            boardlens_core::dma::setting(&i.key) == Some(setting)
                && boardlens_core::dma::comparable_years(&i.key).is_some()
        })
    {
        push(
            "dma-comparable-trend".into(),
            crate::build(report, Kind::Trend, Some(&c.key)),
        );
    }
    push("spine".into(), crate::build(report, Kind::Spine, None));
    push("dspt-status".into(), crate::build(report, Kind::DsptStatus, None));
    push("nss-burned-out-funnel".into(), crate::build(report, Kind::Funnel, None));
    // Every series long enough for SPC (a trust's own monthly data, imported).
    for i in report.indicators.iter().filter(|i| i.spc.is_some()) {
        push(
            format!("{}-spc", i.key.replace(['.', '_'], "-")),
            crate::build(report, Kind::Spc, Some(&i.key)),
        );
    }
    if appendix != Appendix::Charts {
        return out;
    }
    // Each pillar of the trust's care setting, then survey measures with a better direction.
    let pillars = crate::latest_pillars(report, None).unwrap_or_default();
    for i in &report.indicators {
        let is_pillar = pillars.iter().any(|p| p.key == i.key && p.period == i.period);
        let is_survey = i.key.starts_with("nss.") && i.polarity != Polarity::NoJudgement;
        if (is_pillar || is_survey) && i.value.is_some() {
            let slug = i.key.replace(['.', '_'], "-");
            push(
                format!("{slug}-ranked"),
                crate::build(report, Kind::RankedBar, Some(&i.key)),
            );
        }
    }
    out
}

/// What a pack will hold, before it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Outline {
    /// The board paper's pages in all.
    pub pages: usize,
    /// Its sections and the page each starts on.
    pub sections: Vec<(String, usize)>,
    /// The charts the pack draws (files and slides).
    pub charts: usize,
}

/// The pack's board paper, as the options shape it.
fn board_paper(report: &Report, options: &PackOptions) -> Result<crate::paper::Rendered> {
    doc::board_pack_pdf(
        report,
        &options.date,
        &options.cover,
        options.appendix,
        options.sections,
    )
}

/// The board paper of a pack, laid out exactly as [`write`] lays it out but written nowhere,
/// and the charts the pack would draw.
pub fn outline(report: &Report, options: &PackOptions) -> Result<Outline> {
    let paper = board_paper(report, options)?;
    Ok(Outline {
        pages: paper.pages,
        sections: paper.sections,
        charts: pack_charts(report, options).len(),
    })
}

/// The charts a pack draws as files and slides: those of its sections, and of those the ones
/// chosen (when a choice was made), numbered again in order.
pub fn pack_charts(report: &Report, options: &PackOptions) -> Vec<PackChart> {
    let charts = in_sections(charts_for(report, options.appendix), options.sections);
    let Some(chosen) = &options.charts else {
        return charts;
    };
    numbered(charts.into_iter().filter(|c| chosen.iter().any(|id| c.slug() == id)))
}

/// The charts of the sections a pack keeps, numbered again in order.
pub fn in_sections(charts: Vec<PackChart>, sections: Sections) -> Vec<PackChart> {
    numbered(charts.into_iter().filter(|c| match c.chart.kind {
        Kind::Spc => true,
        Kind::Spine | Kind::Funnel => sections.survey,
        Kind::DsptStatus => sections.dspt,
        Kind::Heatmap => sections.dma || sections.providers,
        _ if c.slug().starts_with("nss") => sections.survey,
        _ => sections.dma,
    }))
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ChartError + '_ {
    move |source| ChartError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// How far a pack has got: files done of files to write, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PackProgress {
    /// Steps done (a chart drawn, a document written).
    pub done: usize,
    /// Steps in all.
    pub total: usize,
}

/// Write the pack for a report into `dir`.
pub fn write(report: &Report, dir: &Path, options: &PackOptions) -> Result<PackSummary> {
    write_with_progress(report, dir, options, &|_| ControlFlow::Continue(()))
}

/// [`write`], telling `progress` after each step; `Break` from it cancels: nothing is left
/// behind and the folder is as it was.
pub fn write_with_progress(
    report: &Report,
    dir: &Path,
    options: &PackOptions,
    progress: &(dyn Fn(PackProgress) -> ControlFlow<()> + Sync),
) -> Result<PackSummary> {
    if dir.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(ChartError::Invalid(format!(
            "{} is a symbolic link; choose a folder for the pack, not a link",
            dir.display()
        )));
    }
    let dir = &resolved(dir)?;
    let occupied = dir.exists() && std::fs::read_dir(dir).map_err(io(dir))?.next().is_some();
    if occupied && !options.force {
        return Err(ChartError::Exists(dir.to_path_buf()));
    }
    if occupied {
        earlier_pack_only(dir)?;
    }
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(io(parent))?;
    sweep_leftovers(parent);
    let name = dir
        .file_name()
        .map_or_else(|| "pack".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.{STAGING}-{}", std::process::id()));
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(io(&staging))?;
    }
    // From here every way out removes the staging folder: nothing half-made is left.
    let result = build_into(report, &staging, options, progress).and_then(|files| {
        swap_into_place(&staging, dir, parent, &name)?;
        Ok(files)
    });
    let (files, paper) = match result {
        Ok(done) => done,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    let charts = files.iter().filter(|(_, what)| what.starts_with("chart (PNG")).count();
    Ok(PackSummary {
        dir: dir.to_path_buf(),
        files,
        charts,
        pages: paper.pages,
        sections: paper.sections,
    })
}

/// The name part of a pack's staging folder, `.NAME.boardlens-tmp-PID`, and of an earlier
/// pack moved aside while its replacement lands, `.NAME.boardlens-old-PID`.
const STAGING: &str = "boardlens-tmp";
const SET_ASIDE: &str = "boardlens-old";

/// The folder as an absolute path without `.` or `..`, so `--out .` is the current folder by
/// name; the current folder itself (or a root) cannot be a pack, which is swapped into place.
fn resolved(dir: &Path) -> Result<std::path::PathBuf> {
    let absolute = std::path::absolute(dir).map_err(io(dir))?;
    let mut clean = std::path::PathBuf::new();
    for part in absolute.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    let here = std::env::current_dir().ok().and_then(|d| d.canonicalize().ok());
    let is_here = here.is_some() && clean.canonicalize().ok() == here;
    if clean.parent().is_none() || is_here {
        return Err(ChartError::Invalid(format!(
            "{} is {}; name a new folder for the pack, e.g. --out board-pack",
            dir.display(),
            if is_here {
                "the current folder"
            } else {
                "the top of the file system"
            }
        )));
    }
    Ok(clean)
}

/// Move the finished pack into place; the earlier pack (when replacing) goes only once the
/// new one is there, and comes back if the move fails.
fn swap_into_place(staging: &Path, dir: &Path, parent: &Path, name: &str) -> Result<()> {
    if !dir.exists() {
        return std::fs::rename(staging, dir).map_err(io(dir));
    }
    let old = parent.join(format!(".{name}.{SET_ASIDE}-{}", std::process::id()));
    std::fs::rename(dir, &old).map_err(io(dir))?;
    if let Err(source) = std::fs::rename(staging, dir) {
        let _ = std::fs::rename(&old, dir);
        return Err(ChartError::Io {
            path: dir.to_path_buf(),
            source,
        });
    }
    std::fs::remove_dir_all(&old).map_err(io(&old))
}

/// Tidy what a Boardlens that was killed part-way left beside its packs: a staging folder is
/// removed, and an earlier pack moved aside is put back when its replacement never landed (or
/// removed when it did). Only folders named in Boardlens's own pattern, and only those whose
/// process has gone, are touched; a failure to tidy is not a failure to write.
fn sweep_leftovers(parent: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(leftover) = file_name.to_str().and_then(Leftover::parse) else {
            continue;
        };
        let path = entry.path();
        if leftover.pid == std::process::id() || !abandoned(&path, leftover.pid) {
            continue;
        }
        let target = parent.join(leftover.name);
        if leftover.set_aside && !target.exists() {
            let _ = std::fs::rename(&path, &target);
        } else {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

/// A staging or set-aside folder, by its name.
struct Leftover<'a> {
    name: &'a str,
    set_aside: bool,
    pid: u32,
}

impl<'a> Leftover<'a> {
    fn parse(file_name: &'a str) -> Option<Leftover<'a>> {
        let rest = file_name.strip_prefix('.')?;
        let (stem, pid) = rest.rsplit_once('-')?;
        let pid = pid.parse().ok()?;
        let (name, set_aside) = if let Some(name) = stem.strip_suffix(&format!(".{STAGING}")) {
            (name, false)
        } else {
            (stem.strip_suffix(&format!(".{SET_ASIDE}"))?, true)
        };
        (!name.is_empty()).then_some(Leftover { name, set_aside, pid })
    }
}

/// Whether the process that made a leftover has gone: on Linux, by its process id; elsewhere,
/// by the leftover being more than an hour old (no pack takes that long).
fn abandoned(path: &Path, pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        return !Path::new(&format!("/proc/{pid}")).exists();
    }
    path.metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > std::time::Duration::from_secs(3600))
}

/// Replacing is for an earlier board pack only: the folder must hold a `manifest.json` that
/// lists every file in it. Anything else there (a user's own document, a subfolder of theirs)
/// is named and nothing is touched — `--force` never deletes what Boardlens did not write.
fn earlier_pack_only(dir: &Path) -> Result<()> {
    let manifest = dir.join("manifest.json");
    let listed: std::collections::HashSet<String> = std::fs::read(&manifest)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
        .and_then(|m| {
            m.get("files")?.as_array().map(|files| {
                files
                    .iter()
                    .filter_map(|f| f.get("path")?.as_str().map(str::to_string))
                    .collect()
            })
        })
        .unwrap_or_default();
    let mut stray = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).map_err(io(&folder))? {
            let path = entry.map_err(io(&folder))?.path();
            let rel = path
                .strip_prefix(dir)
                .map(|r| r.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            if path.is_dir() && !path.is_symlink() {
                stack.push(path);
            } else if !listed.contains(&rel) {
                stray.push(rel);
            }
        }
    }
    if listed.is_empty() || !stray.is_empty() {
        stray.sort();
        return Err(ChartError::NotAPack {
            dir: dir.to_path_buf(),
            found: if listed.is_empty() {
                "no manifest.json of a board pack".into()
            } else {
                format!(
                    "files that are not the pack's: {}",
                    stray.iter().take(5).cloned().collect::<Vec<_>>().join(", ")
                )
            },
        });
    }
    Ok(())
}

fn build_into(
    report: &Report,
    dir: &Path,
    options: &PackOptions,
    progress: &(dyn Fn(PackProgress) -> ControlFlow<()> + Sync),
) -> Result<(Vec<(String, String)>, crate::paper::Rendered)> {
    let charts = pack_charts(report, options);
    // Each chart drawn, then the PDF, the deck and the workbook.
    let steps = Steps::new(charts.len() + 3, progress);
    if charts.is_empty() {
        return Err(ChartError::NoData(format!(
            "the report for {} has nothing to chart",
            report.trust.name
        )));
    }
    for sub in ["charts", "data"] {
        let p = dir.join(sub);
        std::fs::create_dir_all(&p).map_err(io(&p))?;
    }
    let mut files: Vec<(String, String)> = Vec::new();
    let mut manifest_charts = Vec::new();
    let write = |rel: &str, bytes: &[u8]| -> Result<()> {
        let p = dir.join(rel);
        std::fs::write(&p, bytes).map_err(io(&p))
    };
    // Draw on every core: each chart is independent.
    let rendered = render_all(&charts, options.dpi, &steps)?;
    let mut pngs = Vec::new();
    for (c, (png, svg, slide_png)) in charts.iter().zip(rendered) {
        let (png_rel, svg_rel, csv_rel) = (
            format!("charts/{}.png", c.id),
            format!("charts/{}.svg", c.id),
            format!("data/{}.csv", c.id),
        );
        write(&png_rel, &png)?;
        write(&svg_rel, svg.as_bytes())?;
        write(&csv_rel, c.chart.csv().as_bytes())?;
        files.push((
            png_rel.clone(),
            format!("chart (PNG, 16:9 slide, {} dpi): {}", options.dpi, c.chart.title),
        ));
        files.push((svg_rel.clone(), format!("chart (SVG): {}", c.chart.title)));
        files.push((csv_rel.clone(), format!("the data behind: {}", c.chart.title)));
        manifest_charts.push(json!({
            "id": c.id, "title": c.chart.title, "subtitle": c.chart.subtitle, "alt_text": c.chart.alt_text,
            "illustrative": c.chart.illustrative, "png": png_rel, "svg": svg_rel, "csv": csv_rel,
        }));
        pngs.push(slide_png);
    }
    let mut paper = board_paper(report, options)?;
    write("board-pack.pdf", &paper.pdf)?;
    paper.pdf = Vec::new();
    steps.step()?;
    files.push(("board-pack.pdf".into(), "the board paper (tagged PDF): cover sheet, contents, summary, pillar profile, strengths and gaps, who to learn from, DSPT, staff survey, the ICB's providers, appendix, methods and sources".into()));
    write(
        "board-pack.pptx",
        &pptx::deck(report, &charts, &pngs, &options.date, &options.cover)?,
    )?;
    steps.step()?;
    files.push((
        "board-pack.pptx".into(),
        "slide deck: title slide, key messages, the summary as a table, one chart per slide, strengths and gaps, who to learn from, sources; every title editable, short alt text with the full description and the source in the notes".into(),
    ));
    write("board-pack-data.xlsx", &workbook(report, &charts, &options.date)?)?;
    steps.step()?;
    files.push((
        "board-pack-data.xlsx".into(),
        "workbook: the benchmark table (one header row, filters, numbers as numbers with their unit, source and data-as-at), an index of the charts, a sheet per chart's data, the methods".into(),
    ));
    files.push(("manifest.json".into(), "this list of the pack's files".into()));
    let manifest = json!({
        "trust": report.trust,
        "peer_group": { "method": report.peer_group.method, "description": report.peer_group.description, "members": report.peer_group.members.len() },
        "prepared": options.date,
        "cover": {
            "title": options.cover.title_or_default(),
            "fields": options.cover.rows().into_iter().map(|(label, value)| json!({ "label": label, "value": value })).collect::<Vec<_>>(),
        },
        "illustrative": report.illustrative,
        "messages": report.messages,
        "strengths": report.strengths.iter().map(|h| &h.text).collect::<Vec<_>>(),
        "gaps": report.gaps.iter().map(|h| &h.text).collect::<Vec<_>>(),
        "charts": manifest_charts,
        "paper": { "pages": paper.pages, "sections": paper.sections.iter().map(|(title, page)| json!({ "title": title, "page": page })).collect::<Vec<_>>() },
        "files": files.iter().map(|(path, what)| json!({ "path": path, "what": what })).collect::<Vec<_>>(),
        "sources": report.sources,
        "attribution": boardlens_core::model::OGL_ATTRIBUTION,
    });
    let text = serde_json::to_string_pretty(&manifest).map_err(|e| ChartError::Encode(e.to_string()))?;
    write("manifest.json", text.as_bytes())?;
    Ok((files, paper))
}

/// Each chart as a slide-size PNG and SVG, drawn on as many threads as there are cores.
/// Counts steps across drawing threads and carries a cancel to all of them.
struct Steps<'a> {
    done: AtomicUsize,
    total: usize,
    cancelled: AtomicBool,
    progress: &'a (dyn Fn(PackProgress) -> ControlFlow<()> + Sync),
}

impl<'a> Steps<'a> {
    fn new(total: usize, progress: &'a (dyn Fn(PackProgress) -> ControlFlow<()> + Sync)) -> Self {
        Steps {
            done: AtomicUsize::new(0),
            total,
            cancelled: AtomicBool::new(false),
            progress,
        }
    }

    /// One step done: tell the caller, and stop if it (or another thread's call) cancelled.
    fn step(&self) -> Result<()> {
        let done = self.done.fetch_add(1, Ordering::SeqCst) + 1;
        let verdict = (self.progress)(PackProgress {
            done,
            total: self.total,
        });
        if verdict.is_break() {
            self.cancelled.store(true, Ordering::SeqCst);
        }
        if self.cancelled.load(Ordering::SeqCst) {
            return Err(ChartError::Cancelled);
        }
        Ok(())
    }
}

/// Each chart's PNG and SVG files, and its picture for the deck (drawn without its title, which
/// the slide holds as editable text).
type Drawn = (Vec<u8>, String, Vec<u8>);

fn render_all(charts: &[PackChart], dpi: u32, steps: &Steps<'_>) -> Result<Vec<Drawn>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .max(1);
    let per_thread = charts.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = charts
            .chunks(per_thread)
            .map(|part| {
                scope.spawn(move || -> Result<Vec<Drawn>> {
                    part.iter()
                        .map(|c| {
                            let drawn = (
                                c.chart.png(Size::Slide, dpi)?,
                                c.chart.svg(Size::Slide)?,
                                c.chart.untitled().png(Size::Slide, dpi)?,
                            );
                            steps.step()?;
                            Ok(drawn)
                        })
                        .collect()
                })
            })
            .collect();
        let mut out = Vec::with_capacity(charts.len());
        for h in handles {
            out.extend(
                h.join()
                    .map_err(|_| ChartError::Draw("a drawing thread stopped unexpectedly".into()))??,
            );
        }
        Ok(out)
    })
}

/// A chart's sheet name, designed to fit Excel's 31 characters: the pack number and the slug,
/// cut at a word (`13-dma-acute-smart-foundations-ranked` → `13 dma acute smart foundations`),
/// with none of `[]:*?/\\`.
fn sheet_name(id: &str) -> String {
    let words: String = id
        .chars()
        .map(|c| if c == '-' || "[]:*?/\\".contains(c) { ' ' } else { c })
        .collect();
    let mut out = String::new();
    for word in words.split_whitespace() {
        let next = if out.is_empty() {
            word.to_string()
        } else {
            format!("{out} {word}")
        };
        if next.chars().count() > 31 {
            break;
        }
        out = next;
    }
    if out.is_empty() {
        id.chars().take(31).collect()
    } else {
        out
    }
}

/// The unit of a measure as a workbook column says it.
fn unit_words(unit: boardlens_core::model::Unit) -> &'static str {
    use boardlens_core::model::Unit;
    match unit {
        Unit::Score => "score (1 to 5)",
        Unit::Percent => "percent",
        Unit::Count => "count",
        Unit::Pounds => "pounds",
        Unit::SquareMetres => "square metres",
        Unit::Category => "status",
        Unit::Number => "number",
    }
}

/// A chart-data cell as a spreadsheet should hold it: a number (with `59.9%` read as 59.9), a
/// boolean, or text; periods and years stay text in every sheet.
enum Value<'a> {
    Number(f64),
    Percent(f64),
    Boolean(bool),
    Text(&'a str),
}

fn cell_value<'a>(header: &str, cell: &'a str) -> Value<'a> {
    let h = header.to_ascii_lowercase();
    if h.contains("period") || h.contains("year") || h.contains("code") || cell.is_empty() {
        return Value::Text(cell);
    }
    match cell {
        "true" => return Value::Boolean(true),
        "false" => return Value::Boolean(false),
        _ => {}
    }
    let plain = cell.replace('−', "-").replace(',', "");
    if let Some(p) = plain.strip_suffix('%')
        && let Ok(n) = p.trim().parse::<f64>()
    {
        return Value::Percent(n);
    }
    match plain.parse::<f64>() {
        Ok(n) if n.is_finite() => Value::Number(n),
        _ => Value::Text(cell),
    }
}

fn workbook(report: &Report, charts: &[PackChart], date: &str) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet};
    let err = |e: rust_xlsxwriter::XlsxError| ChartError::Encode(format!("workbook: {e}"));
    let mut wb = Workbook::new();
    let header_format = Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Top);
    let score = Format::new().set_num_format("0.00");
    let one_dp = Format::new().set_num_format("0.0");
    let whole = Format::new().set_num_format("#,##0");
    let percent = Format::new().set_num_format("0.0\"%\"");
    let number_format = |n: f64, unit: Option<boardlens_core::model::Unit>| -> &Format {
        use boardlens_core::model::Unit;
        match unit {
            Some(Unit::Score) => &score,
            Some(Unit::Percent) => &one_dp,
            Some(Unit::Count | Unit::Pounds | Unit::SquareMetres) => &whole,
            _ if n.fract() == 0.0 => &whole,
            _ if n.abs() < 10.0 => &score,
            _ => &one_dp,
        }
    };
    // One header row, frozen, with filters: a sheet an analyst can sort, filter and sum.
    let finish = |ws: &mut Worksheet,
                  header: &[&str],
                  rows: u32,
                  widths: &[f64]|
     -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
        for (c, h) in header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &header_format)?;
        }
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        ws.set_freeze_panes(1, 0)?;
        if !header.is_empty() {
            ws.autofilter(0, 0, rows.max(1), header.len() as u16 - 1)?;
        }
        Ok(())
    };
    {
        let ws = wb.add_worksheet().set_name("Benchmark").map_err(err)?;
        let header = [
            "ODS code",
            "Organisation",
            "Indicator key",
            "Indicator",
            "Group",
            "Period",
            "Value",
            "Unit",
            "Base (respondents)",
            "95% interval, lower",
            "95% interval, upper",
            "Missing",
            "Status",
            "Rank",
            "Of",
            "Quartile (1 = top)",
            "Peer median",
            "Peer lower quartile",
            "Peer upper quartile",
            "England median",
            "ICB median",
            "Verdict (95%)",
            "Verdict (99.8%)",
            "Pooled peer rate compared with",
            "Compared with",
            "Source",
            "Data as at (period)",
            "Older than 24 months at the paper's date",
            "Illustrative",
            "Caveat",
        ];
        let mut r = 0u32;
        for i in &report.indicators {
            r += 1;
            let unit = Some(i.unit);
            let num =
                |ws: &mut Worksheet, c: u16, v: Option<f64>| -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
                    if let Some(v) = v {
                        ws.write_number_with_format(r, c, v, number_format(v, unit))?;
                    }
                    Ok(())
                };
            let count =
                |ws: &mut Worksheet, c: u16, v: Option<f64>| -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
                    if let Some(v) = v {
                        ws.write_number_with_format(r, c, v, &whole)?;
                    }
                    Ok(())
                };
            (|| -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
                ws.write_string(r, 0, &report.trust.ods_code)?;
                ws.write_string(r, 1, &report.trust.name)?;
                ws.write_string(r, 2, &i.key)?;
                ws.write_string(r, 3, &i.label)?;
                ws.write_string(r, 4, &i.group)?;
                ws.write_string(r, 5, &i.period)?;
                num(ws, 6, i.value)?;
                ws.write_string(r, 7, unit_words(i.unit))?;
                count(ws, 8, i.base)?;
                num(ws, 9, i.ci95.map(|c| c.lower))?;
                num(ws, 10, i.ci95.map(|c| c.upper))?;
                if let Some(m) = &i.missing {
                    ws.write_string(r, 11, m)?;
                }
                if let Some(s) = i.categories.as_ref().and_then(|c| c.status.as_ref()) {
                    ws.write_string(r, 12, s)?;
                }
                if let Some(rank) = i.rank {
                    ws.write_number(r, 13, rank as f64)?;
                    ws.write_number(r, 14, i.n as f64)?;
                }
                if let Some(q) = i.quartile {
                    ws.write_number(r, 15, f64::from(q))?;
                }
                num(ws, 16, i.peers.map(|p| p.median))?;
                num(ws, 17, i.peers.and_then(|p| p.q1))?;
                num(ws, 18, i.peers.and_then(|p| p.q3))?;
                num(ws, 19, i.england.map(|e| e.median))?;
                num(ws, 20, i.icb.map(|e| e.median))?;
                ws.write_string(r, 21, &i.text.versus)?;
                if let Some(l) = i.label_vs_peers_998 {
                    ws.write_string(r, 22, boardlens_core::format::comparison_words(Some(l)))?;
                }
                num(ws, 23, i.target)?;
                ws.write_string(r, 24, &i.compared_with)?;
                if let Some(p) = i.provenance.first() {
                    ws.write_string(r, 25, format!("{}, {}", p.publisher, p.title))?;
                    ws.write_string(r, 26, &p.period)?;
                }
                ws.write_boolean(r, 27, boardlens_core::period::is_stale(&i.period, date))?;
                ws.write_boolean(r, 28, i.illustrative)?;
                if let Some(c) = &i.caveat {
                    ws.write_string(r, 29, c)?;
                }
                Ok(())
            })()
            .map_err(err)?;
        }
        let mut widths = vec![10.0, 34.0, 28.0, 50.0, 24.0, 10.0];
        widths.extend(std::iter::repeat_n(12.0, 19));
        widths.extend([40.0, 12.0, 14.0, 11.0, 40.0]);
        finish(ws, &header, r, &widths).map_err(err)?;
    }
    {
        // Each chart's sheet name, title, alt text and source: the chart sheets hold only data.
        let ws = wb.add_worksheet().set_name("Charts").map_err(err)?;
        for (k, c) in charts.iter().enumerate() {
            let r = k as u32 + 1;
            ws.write_string(r, 0, sheet_name(&c.id)).map_err(err)?;
            ws.write_string(r, 1, &c.chart.title).map_err(err)?;
            ws.write_string(r, 2, &c.chart.alt_text).map_err(err)?;
            ws.write_string(r, 3, c.chart.source.join(" ")).map_err(err)?;
            ws.write_boolean(r, 4, c.chart.illustrative).map_err(err)?;
        }
        finish(
            ws,
            &["Sheet", "Chart", "Alt text", "Source", "Illustrative"],
            charts.len() as u32,
            &[30.0, 60.0, 60.0, 60.0, 11.0],
        )
        .map_err(err)?;
    }
    for c in charts {
        let ws = wb.add_worksheet().set_name(sheet_name(&c.id)).map_err(err)?;
        let Some((header, rows)) = c.chart.data.split_first() else {
            continue;
        };
        for (r, row) in rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (col, cell) in row.iter().enumerate() {
                let h = header.get(col).map_or("", String::as_str);
                let col = col as u16;
                match cell_value(h, cell) {
                    Value::Number(n) => ws.write_number_with_format(r, col, n, number_format(n, None)),
                    Value::Percent(n) => ws.write_number_with_format(r, col, n, &percent),
                    Value::Boolean(b) => ws.write_boolean(r, col, b),
                    Value::Text(t) => ws.write_string(r, col, boardlens_core::format::spreadsheet_safe(t)),
                }
                .map_err(err)?;
            }
        }
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        let widths: Vec<f64> = header
            .iter()
            .map(|h| (h.len() as f64 + 4.0).clamp(10.0, 40.0))
            .collect();
        finish(ws, &header, rows.len() as u32, &widths).map_err(err)?;
    }
    {
        let ws = wb.add_worksheet().set_name("Methods").map_err(err)?;
        let mut r = 0u32;
        for text in doc::methods(report.subject()) {
            r += 1;
            ws.write_string(r, 0, "Method").map_err(err)?;
            ws.write_string(r, 1, &text).map_err(err)?;
        }
        for s in &report.sources {
            r += 1;
            ws.write_string(r, 0, "Source").map_err(err)?;
            ws.write_string(
                r,
                1,
                format!(
                    "{} ({}), {}. {}. {}",
                    s.title, s.period, s.publisher, s.licence, s.source
                ),
            )
            .map_err(err)?;
        }
        r += 1;
        ws.write_string(r, 0, "Licence").map_err(err)?;
        ws.write_string(r, 1, format!("{}.", boardlens_core::model::OGL_ATTRIBUTION))
            .map_err(err)?;
        finish(ws, &["Kind", "Text"], r, &[10.0, 140.0]).map_err(err)?;
    }
    wb.save_to_buffer().map_err(err)
}
