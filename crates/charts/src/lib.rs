//! Boardlens charts: board-ready charts drawn from the benchmark report — never from the
//! database — so a chart's numbers are the report's numbers. Only this crate knows plotters.
//!
//! Every chart has a title that states the finding, a subtitle with the peer group and period,
//! direct labels, a source line with the OGL attribution, a visible "illustrative data" mark
//! when any number is synthetic, alt text generated from the same numbers, and the data behind
//! it as CSV. Output: SVG and PNG at a chosen DPI, at slide, A4 or half-A4 size.

mod doc;
mod frame;
pub mod pack;
pub mod paper;
mod pptx;
pub mod theme;

pub use doc::methods;

use boardlens_core::benchmark::Report;
use plotters::prelude::*;

/// What can go wrong drawing a chart.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The report lacks what the chart needs.
    #[error("{0}")]
    NoData(String),
    /// Drawing failed.
    #[error("drawing the chart failed: {0}")]
    Draw(String),
    /// Encoding the image failed.
    #[error("encoding failed: {0}")]
    Encode(String),
    /// A file could not be written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The pack's folder is not empty.
    #[error("{} is not empty; choose an empty folder or pass --force to replace what is there", .0.display())]
    Exists(std::path::PathBuf),
    /// `--force` (or the app's Replace) was asked for a folder that does not hold only an
    /// earlier board pack: nothing is touched.
    #[error(
        "{}: not replaced, it holds {found}; Boardlens replaces only a folder with an earlier board pack in it. Choose an empty folder",
        dir.display()
    )]
    NotAPack {
        /// The folder.
        dir: std::path::PathBuf,
        /// What is there that is not the pack's.
        found: String,
    },
    /// A chart's file (or its alt text or data beside it) is already there, and replacing was
    /// not asked for: nothing was written.
    #[error("{} is already there; nothing was written. Choose another name, or replace it (--force)", .0.display())]
    FileExists(std::path::PathBuf),
    /// An export was asked for in a format there is no writer for.
    #[error("{0}")]
    Format(String),
    /// The person cancelled; nothing was written.
    #[error("cancelled; nothing was written")]
    Cancelled,
    /// A request named a chart kind or size there is not.
    #[error("{0}")]
    Invalid(String),
}

impl ChartError {
    /// A stable, machine-readable code, from the same set as the core library's
    /// (`docs/errors.md`).
    pub fn code(&self) -> &'static str {
        match self {
            ChartError::NoData(_) => "chart.no_data",
            ChartError::Draw(_) | ChartError::Encode(_) => "chart.draw",
            ChartError::Io { .. } => "io",
            ChartError::Exists(_) => "export.folder_not_empty",
            ChartError::NotAPack { .. } => "export.folder_not_a_pack",
            ChartError::FileExists(_) => "export.file_exists",
            ChartError::Format(_) => "export.format",
            ChartError::Cancelled => "cancelled",
            ChartError::Invalid(_) => "invalid",
        }
    }

    /// The file or folder the error is about, when there is one: a field, so a front end never
    /// reads it out of the message.
    pub fn path(&self) -> Option<&std::path::Path> {
        match self {
            ChartError::Io { path, .. }
            | ChartError::Exists(path)
            | ChartError::FileExists(path)
            | ChartError::NotAPack { dir: path, .. } => Some(path),
            _ => None,
        }
    }
}

/// Result of this crate.
pub type Result<T> = std::result::Result<T, ChartError>;

/// Declares the chart kinds: each line names a kind, its module (one file with
/// `build(report, indicator) -> Result<Chart>` and `draw(body, frame, area)`), the type the
/// module draws from, and its command-line name; its doc comment is its help text. This list
/// is the registry: `Kind`, `Kind::ALL`, the build and draw dispatch and the CLI's help all
/// come from it, so a new kind is one file and one line here (CONTRIBUTING.md).
macro_rules! chart_kinds {
    ($( $(#[doc = $doc:literal])+ $kind:ident => $module:ident :: $body:ident, $name:literal; )+) => {
        $( mod $module; )+

        /// The kinds of chart.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Kind {
            $( $(#[doc = $doc])+ $kind, )+
        }

        impl Kind {
            /// Every kind with its command-line name, in the registry's order.
            pub const ALL: &'static [(Kind, &'static str)] = &[ $( (Kind::$kind, $name), )+ ];

            /// What the kind shows, in one sentence (the CLI's help).
            pub fn help(self) -> &'static str {
                match self {
                    $( Kind::$kind => concat!($($doc),+).trim_ascii(), )+
                }
            }
        }

        /// What a chart is drawn from: one variant per kind, named as the kind.
        #[derive(Debug, Clone, PartialEq)]
        enum Body {
            $( $kind($module::$body), )+
        }

        fn build_kind(report: &Report, kind: Kind, indicator: Option<&str>) -> Result<Chart> {
            match kind {
                $( Kind::$kind => $module::build(report, indicator), )+
            }
        }

        fn draw_body<DB: DrawingBackend>(
            body: &Body,
            frame: &frame::Frame<'_, DB>,
            area: frame::Rect,
        ) -> std::result::Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
            match body {
                $( Body::$kind(x) => $module::draw(x, frame, area), )+
            }
        }
    };
}

chart_kinds! {
    /// The trust against the peer median and interquartile range, one row per DMA pillar.
    PillarProfile => pillar_profile::Profile, "pillar-profile";
    /// Every peer's value for one indicator, ranked, the trust highlighted, the median marked.
    RankedBar => ranked_bar::Ranked, "ranked-bar";
    /// Every peer's score on each pillar as dots, the trust marked.
    Strip => strip::Strip, "strip";
    /// Across indicators: the peers' range, middle half and median, the trust marked better,
    /// similar or worse.
    Spine => spine::Spine, "spine";
    /// A survey rate against its base, with 95% and 99.8% control limits.
    Funnel => funnel::FunnelChart, "funnel";
    /// One indicator across periods: the trust, the peer median and the middle half.
    Trend => trend::Trend, "trend";
    /// The trust and its nearest peers (or an ICB's providers) by the DMA pillars.
    Heatmap => heatmap::Heatmap, "heatmap";
    /// DSPT status: the peers' statuses and the trust's, with its history.
    DsptStatus => status::Status, "dspt-status";
    /// XmR statistical process control for a series of 12 or more points.
    Spc => spc::Spc, "spc";
}

impl Kind {
    /// The command-line name, e.g. `pillar-profile`.
    pub fn name(self) -> &'static str {
        Kind::ALL.iter().find(|(k, _)| *k == self).map_or("chart", |(_, n)| n)
    }

    /// The size of this kind's figure in the board paper, which is also the size the app draws
    /// it at on screen (one SVG pixel to one screen pixel, so its smallest text, at least
    /// [`paper::MIN_TEXT_PT`] × 1.24 pt, is 13 px): a series or a status fits half a page, a
    /// chart with a row per indicator or per organisation a whole page, the rest 17 × 12 cm.
    pub fn paper_size(self) -> Size {
        match self {
            Kind::Trend | Kind::DsptStatus => Size::A4Half,
            Kind::Spine | Kind::Heatmap => Size::A4Full,
            Kind::PillarProfile | Kind::RankedBar | Kind::Strip | Kind::Funnel | Kind::Spc => Size::A4,
        }
    }

    /// The size this kind is drawn at for the app's screen: [`SCREEN_WIDTH_PX`] wide, in the
    /// proportions of its figure in the board paper (so the spine chart is tall enough for its
    /// rows to be read), with text no smaller than [`SCREEN_MIN_TEXT_PX`].
    pub fn screen_size(self) -> Size {
        let (w, h) = self.paper_size().inches();
        Size::Screen {
            width: SCREEN_WIDTH_PX,
            height: (f64::from(SCREEN_WIDTH_PX) * h / w).round() as u32,
        }
    }
}

impl std::str::FromStr for Kind {
    type Err = ChartError;
    fn from_str(s: &str) -> Result<Self> {
        Kind::ALL
            .iter()
            .find(|(_, name)| *name == s)
            .map(|(k, _)| *k)
            .ok_or_else(|| {
                let names: Vec<&str> = Kind::ALL.iter().map(|(_, n)| *n).collect();
                ChartError::Invalid(format!("unknown chart '{s}'; the charts are {}", names.join(", ")))
            })
    }
}

/// Output sizes, in inches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// A 16:9 slide, 13.33 × 7.5 in.
    Slide,
    /// Full A4 text width, 17 × 12 cm.
    A4,
    /// Half an A4 page: 17 × 8.5 cm.
    A4Half,
    /// A whole A4 page's figure: 17 × 21 cm (the spine chart, the providers' heatmap).
    A4Full,
    /// Drawn for a screen, in CSS pixels (96 to the inch), shown one to one: no text under
    /// [`SCREEN_MIN_TEXT_PX`] (an SVG only; see [`Kind::screen_size`]).
    Screen {
        /// Width in CSS pixels.
        width: u32,
        /// Height in CSS pixels.
        height: u32,
    },
}

/// The smallest text of a chart drawn for the screen, in CSS pixels: 11 px and more stays
/// readable on a board member's laptop, and 12 leaves room for a card a little narrower than the
/// chart (it is scaled down to fit, never up).
pub const SCREEN_MIN_TEXT_PX: f64 = 12.0;

/// The width a chart is drawn at for the app's dashboard card, in CSS pixels: a card is about
/// 620 px wide at 1366 × 768 and 580 at 1280 × 720.
pub const SCREEN_WIDTH_PX: u32 = 600;

impl Size {
    /// Width and height in inches.
    pub fn inches(self) -> (f64, f64) {
        match self {
            Size::Slide => (13.333, 7.5),
            Size::A4 => (17.0 / 2.54, 12.0 / 2.54),
            Size::A4Half => (17.0 / 2.54, 8.5 / 2.54),
            Size::A4Full => (17.0 / 2.54, 21.0 / 2.54),
            Size::Screen { width, height } => (f64::from(width) / 96.0, f64::from(height) / 96.0),
        }
    }

    /// Pixels at a DPI.
    pub fn pixels(self, dpi: u32) -> (u32, u32) {
        let (w, h) = self.inches();
        ((w * f64::from(dpi)).round() as u32, (h * f64::from(dpi)).round() as u32)
    }
}

impl std::str::FromStr for Size {
    type Err = ChartError;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "slide" => Ok(Size::Slide),
            "a4" => Ok(Size::A4),
            "a4-half" => Ok(Size::A4Half),
            "a4-full" => Ok(Size::A4Full),
            other => Err(ChartError::Invalid(format!(
                "unknown size '{other}'; the sizes are slide, a4, a4-half, a4-full"
            ))),
        }
    }
}

/// The default PNG resolution.
pub const DEFAULT_DPI: u32 = 200;

/// A chart, ready to draw: its words, its numbers and its data table.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Which kind.
    pub kind: Kind,
    /// The finding, in sentence case.
    pub title: String,
    /// Geography, peer group and period.
    pub subtitle: String,
    /// Source lines (publisher, title, period) and the OGL attribution; caveats.
    pub source: Vec<String>,
    /// True when any number is synthetic: the chart says so visibly.
    pub illustrative: bool,
    /// Alt text from the same numbers.
    pub alt_text: String,
    /// The data behind the chart: header and rows.
    pub data: Vec<Vec<String>>,
    body: Body,
}

/// Build a chart from a report. `indicator` picks the indicator of a ranked bar, trend, funnel
/// or SPC chart (default: the headline DMA overall), or the care setting of a pillar chart
/// (any key of that setting, e.g. `dma.community.overall`; default: the headline setting).
pub fn build(report: &Report, kind: Kind, indicator: Option<&str>) -> Result<Chart> {
    build_kind(report, kind, indicator)
}

impl Chart {
    /// The same chart without its title: where the finding is printed as real text beside it
    /// (a numbered caption in the PDF, an editable slide title in the deck).
    pub fn untitled(&self) -> Chart {
        Chart {
            title: String::new(),
            ..self.clone()
        }
    }

    /// The chart for a card that shows its title and subtitle above it (the app's dashboard):
    /// both left out of the drawing, so they are not read twice.
    pub fn bare(&self) -> Chart {
        Chart {
            title: String::new(),
            subtitle: String::new(),
            ..self.clone()
        }
    }

    /// The chart as an SVG document (text kept as text, in the bundled font).
    pub fn svg(&self, size: Size) -> Result<String> {
        theme::register_fonts();
        let (w, h) = size.pixels(96);
        let mut out = String::new();
        {
            let root = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
            self.draw(&root, 96.0 / 72.0, false, matches!(size, Size::Screen { .. }))?;
            root.present().map_err(|e| ChartError::Draw(e.to_string()))?;
        }
        // Name the bundled face first (Arial is metric-compatible): a viewer without it would
        // otherwise pick its own default sans-serif, and the words would not fit as drawn.
        Ok(out.replace(
            "font-family=\"sans-serif\"",
            "font-family=\"Liberation Sans, Arial, Helvetica, sans-serif\"",
        ))
    }

    /// The chart as a PNG at `dpi`.
    pub fn png(&self, size: Size, dpi: u32) -> Result<Vec<u8>> {
        theme::register_fonts();
        let (w, h) = size.pixels(dpi);
        let mut rgb = vec![0u8; w as usize * h as usize * 3];
        {
            let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
            self.draw(&root, f64::from(dpi) / 72.0, true, false)?;
            root.present().map_err(|e| ChartError::Draw(e.to_string()))?;
        }
        let mut out = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut out, w, h);
            encoder.set_color(png::ColorType::Rgb);
            encoder.set_depth(png::BitDepth::Eight);
            // Charts are flat colour on white: per-row adaptive filtering makes them several times smaller.
            encoder.set_adaptive_filter(png::AdaptiveFilterType::Adaptive);
            let ppm = (f64::from(dpi) / 0.0254).round() as u32;
            encoder.set_pixel_dims(Some(png::PixelDimensions {
                xppu: ppm,
                yppu: ppm,
                unit: png::Unit::Meter,
            }));
            let mut writer = encoder.write_header().map_err(|e| ChartError::Encode(e.to_string()))?;
            writer
                .write_image_data(&rgb)
                .map_err(|e| ChartError::Encode(e.to_string()))?;
        }
        Ok(out)
    }

    /// The chart as a one-page vector PDF (text as text, the bundled font embedded).
    pub fn pdf(&self, size: Size) -> Result<Vec<u8>> {
        let (w, h) = size.inches();
        paper::figure_document(
            &self.title,
            &self.svg(size)?,
            ((w * 72.0) as f32, (h * 72.0) as f32),
            &self.alt_text,
        )
    }

    /// The three files [`Chart::write_files`] writes for `path`: the picture itself, its alt
    /// text (`NAME.alt.txt`) and its data (`NAME.csv`), so a caller checking a folder before
    /// writing many charts names the same files.
    pub fn file_names(path: &std::path::Path) -> [std::path::PathBuf; 3] {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        [
            path.to_path_buf(),
            path.with_file_name(format!("{stem}.alt.txt")),
            path.with_file_name(format!("{stem}.csv")),
        ]
    }

    /// Write the chart to `path` in the format its extension names (`.png`, `.svg`, `.pdf`),
    /// with its alt text beside it (`NAME.alt.txt`) and the data behind it (`NAME.csv`): a
    /// chart never leaves without its words and numbers. A file already there is replaced only
    /// when `replace` says so (the person asked); otherwise nothing is written and the first
    /// such file is named. Returns the files written.
    pub fn write_files(
        &self,
        path: &std::path::Path,
        size: Size,
        dpi: u32,
        replace: bool,
    ) -> Result<Vec<std::path::PathBuf>> {
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        let bytes = match ext.as_deref() {
            Some("svg") => self.svg(size)?.into_bytes(),
            Some("png") => self.png(size, dpi)?,
            Some("pdf") => self.pdf(size)?,
            _ => {
                return Err(ChartError::Format(format!(
                    "{}: the file name must end in .png, .svg or .pdf",
                    path.display()
                )));
            }
        };
        let [picture, alt_text, data] = Self::file_names(path);
        let files = vec![
            (picture, bytes),
            (alt_text, format!("{}\n", self.alt_text).into_bytes()),
            (data, self.csv().into_bytes()),
        ];
        // Regression: `chart --out kpis.png` silently replaced the user's own kpis.csv beside it.
        if !replace && let Some((existing, _)) = files.iter().find(|(p, _)| p.exists()) {
            return Err(ChartError::FileExists(existing.clone()));
        }
        // Each file is written beside its name and renamed into place only when all three are
        // written: a failure (a full disk, a folder that is not there) leaves none of them and
        // no temporary file. Without `replace`, the rename itself refuses a file that appeared
        // meanwhile.
        let io = |path: &std::path::Path| {
            let path = path.to_path_buf();
            move |source: std::io::Error| ChartError::Io { path, source }
        };
        let mut written = Vec::with_capacity(files.len());
        for (p, bytes) in &files {
            let dir = p
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(std::path::Path::new("."));
            let mut temp = tempfile::Builder::new()
                .prefix(".boardlens-chart-")
                .tempfile_in(dir)
                .map_err(io(p))?;
            std::io::Write::write_all(&mut temp, bytes).map_err(io(p))?;
            written.push(temp);
        }
        let mut placed: Vec<std::path::PathBuf> = Vec::new();
        for (temp, (p, _)) in written.into_iter().zip(&files) {
            let result = if replace {
                temp.persist(p).map(|_| ())
            } else {
                temp.persist_noclobber(p).map(|_| ())
            };
            if let Err(e) = result {
                // New files of a set that could not be finished go; files the person asked to
                // replace are already replaced by good ones.
                if !replace {
                    for done in &placed {
                        let _ = std::fs::remove_file(done);
                    }
                }
                return Err(if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                    ChartError::FileExists(p.clone())
                } else {
                    ChartError::Io {
                        path: p.clone(),
                        source: e.error,
                    }
                });
            }
            placed.push(p.clone());
        }
        Ok(placed)
    }

    /// The data behind the chart as CSV; text cells that a spreadsheet would run as a formula
    /// (starting with `=`, `+`, `-`, `@`) are escaped with a leading apostrophe.
    pub fn csv(&self) -> String {
        let mut out = String::new();
        for row in &self.data {
            let cells: Vec<String> = row
                .iter()
                .map(|c| {
                    let c = boardlens_core::format::spreadsheet_safe(c).into_owned();
                    if c.contains([',', '"', '\n']) {
                        format!("\"{}\"", c.replace('"', "\"\""))
                    } else {
                        c
                    }
                })
                .collect();
            out += &cells.join(",");
            out.push('\n');
        }
        // The source, its caveat (DMA: self-assessed, not a league table) and the licence travel
        // with the numbers, below them, as NHS tables carry their footnotes.
        out.push('\n');
        for line in &self.source {
            let line = boardlens_core::format::spreadsheet_safe(line).into_owned();
            out += &format!("\"{}\"\n", line.replace('"', "\"\""));
        }
        out
    }

    /// Draw on a backend; `raster` for a bitmap, whose text is drawn by [`frame::Frame::rastering`].
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, plotters::coord::Shift>,
        px_per_pt: f64,
        raster: bool,
        screen: bool,
    ) -> Result<()> {
        root.fill(&theme::WHITE).map_err(|e| ChartError::Draw(e.to_string()))?;
        let frame = frame::Frame::new(root, px_per_pt);
        let frame = if raster { frame.rastering() } else { frame };
        let frame = if screen { frame.for_screen() } else { frame };
        let plot = frame.draw_chrome(self).map_err(|e| ChartError::Draw(e.to_string()))?;
        let drawn = draw_body(&self.body, &frame, plot);
        drawn.map_err(|e| ChartError::Draw(e.to_string()))
    }
}

/// A number in a chart's data (its CSV and the app's table): at most four decimal places, no
/// trailing zeros, so a computed rate reads 31.6945, not 31.694492531314.
pub(crate) fn data_number(v: f64) -> String {
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".to_string() } else { s.to_string() }
}

/// The source lines of a report's indicators: publisher, title, period, and the attribution.
fn source_lines(provenance: &[boardlens_core::model::Provenance], caveat: Option<&str>) -> Vec<String> {
    let mut lines: Vec<String> = provenance
        .iter()
        .map(|p| {
            let publisher = p.publisher.split(" (").next().unwrap_or(&p.publisher);
            format!("Source: {publisher}, {} ({}).", p.title, p.period)
        })
        .collect();
    lines.dedup();
    if let Some(c) = caveat {
        lines.push(c.to_string());
    }
    lines.push(format!("{}.", boardlens_core::model::OGL_ATTRIBUTION));
    lines
}

/// The indicator a chart is about: by key, or the headline DMA overall (the mean of the seven
/// pillars in the headline care setting).
fn find_indicator<'r>(report: &'r Report, key: Option<&str>) -> Result<&'r boardlens_core::benchmark::IndicatorResult> {
    match key {
        Some(key) => report.indicators.iter().find(|i| i.key == key),
        None => boardlens_core::benchmark::narrative::headline_overall(report),
    }
    .ok_or_else(|| {
        ChartError::NoData(format!(
            "the report has no {} for {}",
            key.unwrap_or("DMA overall score"),
            report.trust.name
        ))
    })
}

/// The trust's DMA pillars for the latest period of one care setting — the setting of `key`
/// when given (`dma.community.overall`), else the report's headline setting — in the order of
/// What Good Looks Like.
fn latest_pillars<'r>(
    report: &'r Report,
    key: Option<&str>,
) -> Result<Vec<&'r boardlens_core::benchmark::IndicatorResult>> {
    use boardlens_core::dma;
    let setting = match key {
        Some(k) => dma::setting(k),
        None => report.dma_setting.as_deref(),
    }
    .ok_or_else(|| ChartError::NoData(format!("{} has no DMA pillar scores in the report", report.trust.name)))?;
    let period = report
        .indicators
        .iter()
        .filter(|i| i.value.is_some() && dma::pillar_setting(&i.key) == Some(setting))
        .map(|i| i.period.as_str())
        .max()
        .ok_or_else(|| {
            ChartError::NoData(format!(
                "{} has no DMA pillar scores for the {} care setting in the report",
                report.trust.name,
                dma::setting_words(setting)
            ))
        })?;
    let mut pillars: Vec<_> = report
        .indicators
        .iter()
        .filter(|i| dma::pillar_setting(&i.key) == Some(setting) && i.period == period)
        .collect();
    let order = dma::pillars_of(setting);
    pillars.sort_by_key(|i| {
        order
            .iter()
            .position(|(_, k)| i.key.ends_with(k))
            .unwrap_or(order.len())
    });
    Ok(pillars)
}

/// The indicator a chart is about: by key, or the first that passes a test.
fn find_indicator_where<'r>(
    report: &'r Report,
    key: Option<&str>,
    test: impl Fn(&boardlens_core::benchmark::IndicatorResult) -> bool,
) -> Result<&'r boardlens_core::benchmark::IndicatorResult> {
    match key {
        Some(_) => find_indicator(report, key),
        None => report.indicators.iter().find(|i| test(i)).ok_or_else(|| {
            ChartError::NoData(format!(
                "the report for {} has no series of 12 or more periods",
                report.trust.name
            ))
        }),
    }
}

/// The sources of some indicators (and of their changes, when a chart shows them), and whether
/// any of it is illustrative.
fn provenance_of(
    items: &[&boardlens_core::benchmark::IndicatorResult],
    with_change: bool,
) -> (Vec<boardlens_core::model::Provenance>, bool) {
    let mut out: Vec<boardlens_core::model::Provenance> = Vec::new();
    for i in items {
        let change = i
            .change
            .iter()
            .filter(|_| with_change)
            .flat_map(|c| c.provenance.iter());
        for p in i.provenance.iter().chain(change) {
            if !out.contains(p) {
                out.push(p.clone());
            }
        }
    }
    let illustrative = out.iter().any(|p| p.synthetic);
    (out, illustrative)
}

/// A label inside a sentence: "DMA overall score" stays, "Staff with autonomy" → "staff with
/// autonomy"; a name in title case ("Empower People", "Ensure Smart Foundations") stays a name.
fn in_sentence(label: &str) -> String {
    let title_case = |w: &str| {
        let mut c = w.chars();
        matches!((c.next(), c.next()), (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase())
    };
    if label.split_whitespace().skip(1).any(title_case) {
        return label.to_string();
    }
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => {
            a.to_lowercase().chain(label.chars().skip(1)).collect()
        }
        _ => label.to_string(),
    }
}

/// "Barts Health" → "Barts Health's"; "Guy's and St Thomas'" → "Guy's and St Thomas'".
fn possessive(name: &str) -> String {
    if name.ends_with('\'') {
        name.to_string()
    } else {
        format!("{name}'s")
    }
}

/// A trust's name shortened for a title: without "NHS Foundation Trust" / "NHS Trust".
pub fn short_name(name: &str) -> String {
    for suffix in [
        " NHS Foundation Trust",
        " NHS Trust",
        " NHS FOUNDATION TRUST",
        " NHS TRUST",
        " Integrated Care Board",
        " INTEGRATED CARE BOARD",
    ] {
        if let Some(s) = name.strip_suffix(suffix) {
            return s.to_string();
        }
    }
    name.to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_label_in_a_sentence_keeps_names_and_acronyms() {
        for (label, want) in [
            (
                "Staff with autonomy in how they do their work",
                "staff with autonomy in how they do their work",
            ),
            (
                "DMA overall (mean of the seven pillars)",
                "DMA overall (mean of the seven pillars)",
            ),
            // Regression: "ranks 2 of 134 on empower People".
            ("Empower People", "Empower People"),
            ("Ensure Smart Foundations", "Ensure Smart Foundations"),
            ("Well Led", "Well Led"),
            ("Staff able to use the NHS app", "staff able to use the NHS app"),
        ] {
            assert_eq!(super::in_sentence(label), want);
        }
    }

    use super::*;

    #[test]
    fn a_number_in_a_charts_data_has_at_most_four_decimal_places() {
        for (v, want) in [
            (31.694492531314, "31.6945"),
            (2.5, "2.5"),
            (3.0, "3"),
            (-0.00001, "0"),
            (1234.56789, "1234.5679"),
        ] {
            assert_eq!(data_number(v), want, "{v}");
        }
    }

    #[test]
    fn sizes_in_pixels() {
        assert_eq!(Size::Slide.pixels(200), (2667, 1500));
        assert_eq!(Size::A4.pixels(200), (1339, 945));
        assert_eq!(Size::A4Half.pixels(96), (643, 321));
    }

    #[test]
    fn short_names_drop_the_common_suffix() {
        assert_eq!(
            short_name("Guy's and St Thomas' NHS Foundation Trust"),
            "Guy's and St Thomas'"
        );
        assert_eq!(short_name("Barts Health NHS Trust"), "Barts Health");
        assert_eq!(short_name("Somewhere"), "Somewhere");
    }
}
