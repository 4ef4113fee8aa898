//! The board pack's PDF: a board paper. Cover sheet on its own page (every field, empty ones
//! "[to complete]"); contents and key messages; a one-page summary (measure | trust | peer
//! median | England | ICB | change | verdict); the pillar profile; strengths, gaps and who to
//! learn from; the DSPT; the staff survey (spine, and the trend of its items); the ICB's
//! providers; then an appendix (the numbers, or the per-measure charts too), the methods and the
//! sources with their age at the paper's date. Laid out and tagged by [`crate::paper`].

use crate::paper::{self, Align, Block, Cell, Figure, Paper, Style, Table};
use crate::{Chart, Kind, Result, theme};
use boardlens_core::benchmark::narrative::format_value;
use boardlens_core::benchmark::{IndicatorResult, Report, Tone, dspt_met};
use boardlens_core::cover::{CoverSheet, TO_COMPLETE};
use boardlens_core::dma;
use boardlens_core::model::Polarity;
use boardlens_core::period;
use boardlens_core::stats::funnel::Comparison;

/// The board paper's sections a pack may leave out. The cover, contents, key messages, the
/// summary table, the methods and the sources are always there: they are what makes the
/// rest honest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sections {
    /// Digital maturity: the pillar profile and the comparable overall's change.
    pub dma: bool,
    /// Strengths and gaps, and who to learn from.
    pub strengths: bool,
    /// Data security and protection (DSPT).
    pub dspt: bool,
    /// The staff survey: the spine chart and the trend.
    pub survey: bool,
    /// An ICB's providers side by side (or the trust's ICB's providers).
    pub providers: bool,
}

impl Default for Sections {
    fn default() -> Self {
        Sections {
            dma: true,
            strengths: true,
            dspt: true,
            survey: true,
            providers: true,
        }
    }
}

impl Sections {
    /// The names `leave_out` takes, with what each is.
    pub const NAMES: &'static [(&'static str, &'static str)] = &[
        ("dma", "digital maturity: the pillar profile and its change"),
        ("strengths", "strengths and gaps, and who to learn from"),
        ("dspt", "data security and protection (DSPT)"),
        ("survey", "the staff survey"),
        ("providers", "the providers side by side"),
    ];

    /// Every section but those named.
    pub fn leaving_out(names: &[String]) -> Result<Sections> {
        let mut s = Sections::default();
        for name in names {
            match name.trim() {
                "dma" => s.dma = false,
                "strengths" => s.strengths = false,
                "dspt" => s.dspt = false,
                "survey" => s.survey = false,
                "providers" => s.providers = false,
                other => {
                    return Err(crate::ChartError::Invalid(format!(
                        "there is no section '{other}' to leave out; the sections are {}",
                        Sections::NAMES.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
                    )));
                }
            }
        }
        Ok(s)
    }
}

/// What the appendix holds after the methods and sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Appendix {
    /// The numbers table (the default).
    #[default]
    Numbers,
    /// The numbers table and a ranked bar chart per measure.
    Charts,
    /// Methods and sources only.
    None,
}

impl std::str::FromStr for Appendix {
    type Err = crate::ChartError;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "numbers" => Ok(Appendix::Numbers),
            "charts" => Ok(Appendix::Charts),
            "none" => Ok(Appendix::None),
            other => Err(crate::ChartError::Invalid(format!(
                "unknown appendix '{other}'; the choices are numbers, charts, none"
            ))),
        }
    }
}

/// The dagger that marks a figure from a source older than [`period::STALE_AFTER_MONTHS`].
pub const OLD: &str = "†";

/// Builds the paper's blocks, numbering figures as they come.
struct Writer<'a> {
    report: &'a Report,
    date: &'a str,
    blocks: Vec<Block>,
    figures: usize,
}

impl<'a> Writer<'a> {
    fn h1(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Heading {
            level: 1,
            text: text.into(),
        });
    }

    fn h2(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Heading {
            level: 2,
            text: text.into(),
        });
    }

    fn para(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Paragraph {
            text: text.into(),
            style: Style::BODY,
        });
    }

    fn note(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Paragraph {
            text: text.into(),
            style: Style::NOTE,
        });
    }

    fn bullets(&mut self, items: Vec<String>) {
        if !items.is_empty() {
            self.blocks.push(Block::Bullets {
                items,
                style: Style::BODY,
            });
        }
    }

    fn page_break(&mut self) {
        self.blocks.push(Block::PageBreak);
    }

    /// A chart at its printed size, untitled (its finding is the numbered caption above it).
    fn figure(&mut self, chart: Result<Chart>) -> Result<bool> {
        let Ok(chart) = chart else { return Ok(false) };
        let size = chart.kind.paper_size();
        self.figures += 1;
        let (w, h) = size.inches();
        self.blocks.push(Block::Figure(Figure {
            svg: chart.untitled().svg(size)?,
            width: (w * 72.0) as f32,
            height: (h * 72.0) as f32,
            alt: chart.alt_text.clone(),
            caption: format!("Figure {}. {}", self.figures, chart.title),
        }));
        Ok(true)
    }

    /// A period as printed beside a figure, with the dagger when it is old at the paper's date.
    fn period(&self, p: &str) -> String {
        if period::is_stale(p, self.date) {
            format!("{p} {OLD}")
        } else {
            p.to_string()
        }
    }
}

/// The verdict cell: the one verdict ([`boardlens_core::benchmark::verdict`]) in its colour.
pub(crate) fn verdict(i: &IndicatorResult) -> Cell {
    let v = boardlens_core::benchmark::verdict(i);
    let color = match v.tone {
        Tone::Better => theme::BETTER_TEXT,
        Tone::Worse => theme::WORSE_TEXT,
        Tone::Neutral => theme::TEXT,
        Tone::None if v.words == "Not compared" => theme::SECONDARY_TEXT,
        Tone::None => theme::TEXT,
    };
    Cell {
        text: v.words,
        style: Some(Style::CELL.colored(color)),
    }
}

/// The change since the previous period for a table cell, where NHS England publishes the two
/// as comparable: `−0.15 vs 2024`, `+2.9 pts vs 2023`; else a dash.
fn change_cell(i: &IndicatorResult) -> String {
    match &i.change {
        Some(c) if c.comparable => c.trust.map_or_else(
            || "—".to_string(),
            |d| {
                let sign = if d > 0.0 {
                    "+"
                } else if d < 0.0 {
                    "−"
                } else {
                    ""
                };
                let magnitude = match i.unit {
                    boardlens_core::model::Unit::Percent => format!("{:.1} pts", d.abs()),
                    unit => format_value(d.abs(), unit),
                };
                format!("{sign}{magnitude} vs {}", c.previous_period)
            },
        ),
        _ => "—".to_string(),
    }
}

/// The measures of the summary page: the headline DMA overall and the comparable overall, the
/// headline setting's pillars, the DSPT status, then the staff survey's measures that are better
/// or worse than peers (the others are counted under the table: one page, read in 30 seconds).
pub(crate) fn summary_measures(report: &Report) -> Vec<&IndicatorResult> {
    let mut out: Vec<&IndicatorResult> = Vec::new();
    let by_key = |k: &Option<String>| k.as_ref().and_then(|k| report.indicators.iter().find(|i| &i.key == k));
    out.extend(by_key(&report.headline));
    out.extend(by_key(&report.headline_comparable));
    out.extend(crate::latest_pillars(report, None).unwrap_or_default());
    out.extend(report.indicators.iter().filter(|i| i.key.starts_with("dspt.")));
    out.extend(
        report
            .indicators
            .iter()
            .filter(|i| is_survey_measure(i) && stands_apart(i)),
    );
    out
}

/// A staff survey measure with a better direction and a value.
fn is_survey_measure(i: &IndicatorResult) -> bool {
    i.key.starts_with("nss.") && i.polarity != Polarity::NoJudgement && i.value.is_some()
}

/// Better or worse than peers on the funnel at 95%.
fn stands_apart(i: &IndicatorResult) -> bool {
    matches!(i.label_vs_peers, Some(Comparison::Better | Comparison::Worse))
}

/// The whole document.
pub fn board_pack_pdf(
    report: &Report,
    date: &str,
    sheet: &CoverSheet,
    appendix: Appendix,
    sections: Sections,
) -> Result<paper::Rendered> {
    let mut w = Writer {
        report,
        date,
        blocks: Vec::new(),
        figures: 0,
    };
    let is_icb = report.subject_kind == "icb";

    // 1. The cover sheet, alone on its page.
    w.h1(sheet.title_or_default());
    w.blocks.push(Block::Paragraph {
        text: report.trust.name.clone(),
        style: Style {
            size: 14.0,
            bold: true,
            color: theme::TEXT,
        },
    });
    w.blocks.push(Block::Space(6.0));
    let mut fields: Vec<(String, String)> = sheet
        .all_rows()
        .into_iter()
        .map(|(label, value)| (label.to_string(), value))
        .collect();
    fields.push(("Date of paper".into(), date.to_string()));
    fields.push((
        "Compared with".into(),
        format!(
            "{} ({} peers, chosen by {}); DMA scores against every organisation reporting the same care setting",
            report.peer_group.description,
            report.peer_group.members.len(),
            report.peer_group.method
        ),
    ));
    fields.push(("Classification".into(), "Official".into()));
    w.blocks.push(Block::Fields(fields));
    if report.illustrative {
        w.blocks.push(Block::Paragraph {
            text: boardlens_core::model::ILLUSTRATIVE_REPORT.to_string(),
            style: Style::BODY.bold(),
        });
    }
    w.note(format!(
        "Prepared with Boardlens from published NHS England data. Fields marked {TO_COMPLETE} are for the paper's author to fill in (boardlens pack --cover)."
    ));
    w.page_break();

    // 2. Contents and the key messages.
    w.h1(paper::CONTENTS);
    w.blocks.push(Block::Contents);
    w.h1("Key messages");
    w.bullets(report.messages.clone());
    for c in &report.caveats {
        w.note(c.clone());
    }
    w.page_break();

    // 3. The summary: one row per measure.
    w.h1(format!("Summary: the {} against its peers", report.subject().one));
    summary_table(&mut w, &summary_measures(report));
    w.page_break();

    // 4. Digital maturity: the pillar profile, and the one published change (only for a trust
    // with DMA scores: no heading over nothing).
    if let Ok(profile) = crate::build(report, Kind::PillarProfile, None)
        && sections.dma
    {
        w.h1("Digital maturity: the seven pillars");
        w.figure(Ok(profile))?;
        w.note(dma::SELF_ASSESSMENT_CAVEAT);
        if let Some(key) = report.headline_comparable.clone() {
            w.figure(crate::build(report, Kind::Trend, Some(&key)))?;
        }
        for setting in report.dma_settings.iter().skip(1) {
            let key = format!("dma.{setting}.overall");
            w.figure(crate::build(report, Kind::PillarProfile, Some(&key)))?;
        }
        w.page_break();
    }

    // 5. Strengths, gaps, and who to learn from.
    if sections.strengths {
        w.h1("Strengths and gaps");
        w.h2("Strengths");
        if report.strengths.is_empty() {
            w.para(boardlens_core::benchmark::narrative::NO_STRENGTHS);
        }
        w.bullets(report.strengths.iter().map(|h| h.text.clone()).collect());
        w.h2("Gaps");
        if report.gaps.is_empty() {
            w.para(boardlens_core::benchmark::narrative::NO_GAPS);
        }
        w.bullets(report.gaps.iter().map(|h| h.text.clone()).collect());
        w.h1("Who to learn from");
        learn_from(&mut w);
    }

    // 6. Data security and protection (on the same page when there is room).
    if let Some(dspt) = report
        .indicators
        .iter()
        .filter(|i| i.key.starts_with("dspt."))
        .max_by(|a, b| a.period.cmp(&b.period))
        && sections.dspt
    {
        w.h1("Data security and protection (DSPT)");
        let status = dspt
            .categories
            .as_ref()
            .and_then(|c| c.status.clone())
            .unwrap_or_else(|| "no status published".into());
        let plain = if dspt_met(&status) {
            "it met the standard"
        } else {
            "it did not meet the standard"
        };
        let one = report.subject().one;
        let mut text = format!(
            "The {one}'s latest published Data Security and Protection Toolkit status is {status} ({}): {plain}.",
            dspt.period
        );
        if let Some(age) = period::age_in_months(&dspt.period, date)
            && period::is_stale(&dspt.period, date)
        {
            text += &format!(
                " {OLD} This is {age} months old at the date of this paper: check the current status with the {one}'s Data Protection Officer before relying on it."
            );
        }
        // The status chart first, so the section moves to the next page whole when it must.
        w.figure(crate::build(report, Kind::DsptStatus, None))?;
        w.para(text);
    }

    // 7. The staff survey: the spine, then the trend.
    if sections.survey
        && report
            .indicators
            .iter()
            .any(|i| i.key.starts_with("nss.") && i.value.is_some())
    {
        w.h1("Staff survey");
        w.figure(crate::build(report, Kind::Spine, None))?;
        survey_trend(&mut w);
    }

    // 8. The ICB's providers.
    let providers = if is_icb {
        &report.providers
    } else {
        &report.icb_providers
    };
    if !providers.is_empty() && sections.providers {
        if is_icb {
            w.page_break();
        }
        w.h1(if is_icb {
            "The ICB's providers side by side".to_string()
        } else {
            format!(
                "Providers in {}",
                report.icb_name.clone().unwrap_or_else(|| "the trust's ICB".into())
            )
        });
        if is_icb {
            w.figure(crate::build(report, Kind::Heatmap, None))?;
        }
        providers_table(&mut w, providers);
        w.page_break();
    }

    // 9. The appendix.
    w.page_break();
    if appendix != Appendix::None {
        w.h1("Appendix A: the numbers");
        numbers_table(&mut w);
        if appendix == Appendix::Charts {
            w.page_break();
            w.h1("Appendix B: each measure against the peers");
            let pillars = crate::latest_pillars(report, None).unwrap_or_default();
            for i in &report.indicators {
                let is_pillar = pillars.iter().any(|p| p.key == i.key && p.period == i.period);
                let is_survey = i.key.starts_with("nss.") && i.polarity != Polarity::NoJudgement;
                if (is_pillar || is_survey) && i.value.is_some() {
                    w.figure(crate::build(report, Kind::RankedBar, Some(&i.key)))?;
                }
            }
        }
        w.page_break();
    }
    w.h1("Methods in plain words");
    w.bullets(methods(report.subject()));
    w.h1("Sources and how current they are");
    sources_table(&mut w);
    w.note(format!("{}.", boardlens_core::model::OGL_ATTRIBUTION));

    let meeting = if sheet.meeting.trim().is_empty() {
        format!("Meeting {TO_COMPLETE}")
    } else {
        sheet.meeting.trim().to_string()
    };
    paper::render(&Paper {
        title: format!("{}: {}", sheet.title_or_default(), report.trust.name),
        footer: format!("{} · {meeting} · Official", report.trust.name),
        blocks: w.blocks,
    })
}

fn summary_table(w: &mut Writer<'_>, measures: &[&IndicatorResult]) {
    let report = w.report;
    let has_icb = measures.iter().any(|i| i.icb.is_some());
    let mut header = vec![
        "Measure (period)".to_string(),
        format!("The {}", report.subject().one),
        "Peer median".into(),
        "England".into(),
    ];
    if has_icb {
        header.push("ICB".into());
    }
    header.extend(["Change".to_string(), "Verdict".to_string()]);
    let mut rows = Vec::new();
    for i in measures {
        let status = i.categories.as_ref().and_then(|c| c.status.as_deref());
        let (label, value) = match status {
            // A status is words, not a number: it is named in the measure's cell.
            Some(status) => (
                format!("{} ({}): {status}", i.label, w.period(&i.period)),
                if dspt_met(status) { "Met" } else { "Not met" }.to_string(),
            ),
            None => (format!("{} ({})", i.label, w.period(&i.period)), i.text.value.clone()),
        };
        let mut row: Vec<Cell> = vec![
            label.into(),
            value.into(),
            i.text.median.clone().into(),
            i.text.england.clone().into(),
        ];
        if has_icb {
            row.push(i.text.icb.clone().into());
        }
        row.push(change_cell(i).into());
        row.push(verdict(i));
        rows.push(row);
    }
    let mut widths = vec![0.34, 0.1, 0.1, 0.1];
    let mut align = vec![Align::Left, Align::Right, Align::Right, Align::Right];
    if has_icb {
        widths.push(0.09);
        align.push(Align::Right);
    }
    widths.extend([0.12, 0.16]);
    align.extend([Align::Left, Align::Left]);
    w.blocks.push(Block::Table(Table {
        header,
        rows,
        widths,
        align,
    }));
    let icb_n = measures.iter().filter_map(|i| i.icb.map(|r| r.n)).max();
    let survey: Vec<&IndicatorResult> = report.indicators.iter().filter(|i| is_survey_measure(i)).collect();
    let others = survey.iter().filter(|i| !stands_apart(i)).count();
    if others > 0 {
        w.para(format!(
            "The other {others} of the {} staff survey measures with a better direction are similar to the peers, or not tested: they are in the staff survey section and the appendix.",
            survey.len()
        ));
    }
    let one = report.subject().one;
    let mut notes = vec![
        format!(
            "How to read it: the verdict for survey rates is the funnel plot's — better, similar or worse than the pooled average of the peers at 95% confidence, allowing for each organisation's number of respondents. DMA scores have no such test: their verdict is the {one}'s quartile among the organisations reporting the same care setting. The DSPT verdict is whether the standard was met."
        ),
        format!(
            "England: the median of every organisation of the same kind reporting the measure, the {one} included."
        ),
    ];
    if let (Some(n), Some(name)) = (icb_n, &report.icb_name) {
        notes.push(format!(
            "ICB: the median of the {n} trusts of the same type in {name}, the trust included (fewer where a trust did not report)."
        ));
    }
    if measures.iter().any(|i| period::is_stale(&i.period, w.date)) {
        notes.push(format!(
            "{OLD} From a source older than {} months at the date of this paper ({}): shown, but read with care.",
            period::STALE_AFTER_MONTHS,
            w.date
        ));
    }
    if measures.iter().any(|i| dma::is_dma(&i.key)) {
        notes.push(dma::SELF_ASSESSMENT_CAVEAT.to_string());
    }
    for n in notes {
        w.note(n);
    }
}

fn learn_from(w: &mut Writer<'_>) {
    let report = w.report;
    let one = report.subject().one;
    if report.learn_from.is_empty() {
        w.para(format!(
            "No gap has organisations like the {one} in the top quartile to point to."
        ));
        return;
    }
    w.para(format!("For each gap, the organisations most like the {one} that are in the top quartile on that measure: the people to call first. NHS England names knowledge sharing with similar organisations as a purpose of the DMA."));
    let rows = report
        .learn_from
        .iter()
        .map(|l| {
            vec![
                Cell::from(format!(
                    "{} ({}): the {one} {}; top quartile from {}",
                    l.label,
                    w.period(&l.period),
                    l.trust_value,
                    l.threshold
                )),
                Cell::from(
                    l.examples
                        .iter()
                        .map(|e| format!("{} ({}): {}", e.name, e.ods_code, e.value))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
            ]
        })
        .collect();
    w.blocks.push(Block::Table(Table {
        header: vec![
            "Gap".into(),
            format!("Organisations like the {one} in the top quartile"),
        ],
        rows,
        widths: vec![0.45, 0.55],
        align: vec![Align::Left, Align::Left],
    }));
    if let Some(first) = report.learn_from.first() {
        w.note(format!(
            "{} Alike on size and type is not alike on everything: a place to start a conversation, not a verdict.",
            first.basis
        ));
    }
}

fn survey_trend(w: &mut Writer<'_>) {
    let report = w.report;
    let items: Vec<&IndicatorResult> = report
        .indicators
        .iter()
        .filter(|i| {
            i.key.starts_with("nss.")
                && i.polarity != Polarity::NoJudgement
                && i.history.iter().filter(|h| h.value.is_some()).count() >= 2
        })
        .collect();
    if items.is_empty() {
        return;
    }
    let mut periods: Vec<String> = items
        .iter()
        .flat_map(|i| i.history.iter().map(|h| h.period.clone()))
        .collect();
    periods.sort();
    periods.dedup();
    let first_last = format!(
        "{}–{}",
        periods.first().cloned().unwrap_or_default(),
        periods.last().cloned().unwrap_or_default()
    );
    w.h2(format!("The {}'s survey results, {first_last}", w.report.subject().one));
    let mut header = vec!["Item".to_string()];
    header.extend(periods.iter().cloned());
    header.push(format!("Peer median {}", periods.last().cloned().unwrap_or_default()));
    let rows = items
        .iter()
        .map(|i| {
            let mut row = vec![Cell::from(i.label.as_str())];
            for p in &periods {
                let v = i.history.iter().find(|h| &h.period == p).and_then(|h| h.value);
                row.push(v.map_or_else(|| "—".to_string(), |v| format_value(v, i.unit)).into());
            }
            row.push(i.text.median.clone().into());
            row
        })
        .collect();
    let mut widths = vec![0.4];
    widths.extend(std::iter::repeat_n(0.6 / (periods.len() + 1) as f32, periods.len() + 1));
    let mut align = vec![Align::Left];
    align.extend(std::iter::repeat_n(Align::Right, periods.len() + 1));
    w.blocks.push(Block::Table(Table {
        header,
        rows,
        widths,
        align,
    }));
    w.note("The survey's questions are asked the same way each year; a change of a point or two is within the year-to-year noise of a large organisation's results.");
}

fn providers_table(w: &mut Writer<'_>, providers: &[boardlens_core::benchmark::Provider]) {
    let names = &w.report.pillar_names;
    let rows = providers
        .iter()
        .map(|p| {
            let scored: Vec<(usize, f64)> = p
                .pillars
                .iter()
                .enumerate()
                .filter_map(|(k, v)| v.map(|v| (k, v)))
                .collect();
            let pick = |best: bool| {
                scored
                    .iter()
                    .copied()
                    .reduce(|a, b| if (b.1 > a.1) == best && b.1 != a.1 { b } else { a })
                    .map(|(k, v)| {
                        format!(
                            "{} {}",
                            names.get(k).cloned().unwrap_or_default(),
                            format_value(v, boardlens_core::model::Unit::Score)
                        )
                    })
                    .unwrap_or_else(|| "—".into())
            };
            vec![
                Cell::from(format!("{} ({})", p.name, p.ods_code)),
                Cell::from(p.setting_words.as_str()),
                Cell::from(p.text.last().cloned().unwrap_or_default()),
                Cell::from(pick(true)),
                Cell::from(pick(false)),
            ]
        })
        .collect();
    w.blocks.push(Block::Table(Table {
        header: vec![
            "Provider".into(),
            "Care setting".into(),
            "DMA mean of pillars".into(),
            "Highest pillar".into(),
            "Lowest pillar".into(),
        ],
        rows,
        widths: vec![0.34, 0.14, 0.12, 0.2, 0.2],
        align: vec![Align::Left, Align::Left, Align::Right, Align::Left, Align::Left],
    }));
    w.note(format!(
        "Each provider's scores are for its own headline care setting ({}), so a mental-health trust's scores are not directly comparable with an acute trust's. {}",
        providers.first().map(|p| p.period.as_str()).unwrap_or_default(),
        dma::SELF_ASSESSMENT_CAVEAT
    ));
}

fn numbers_table(w: &mut Writer<'_>) {
    let report = w.report;
    let judged: Vec<&IndicatorResult> = report
        .indicators
        .iter()
        .filter(|i| i.polarity != Polarity::NoJudgement)
        .collect();
    let mut group = String::new();
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let flush = |w: &mut Writer<'_>, group: &str, rows: &mut Vec<Vec<Cell>>| {
        if rows.is_empty() {
            return;
        }
        w.h2(group.to_string());
        w.blocks.push(Block::Table(Table {
            header: vec![
                "Measure".into(),
                "Period".into(),
                "Value".into(),
                "Rank".into(),
                "Peer median (middle half)".into(),
                "England".into(),
                "Verdict".into(),
            ],
            rows: std::mem::take(rows),
            widths: vec![0.3, 0.09, 0.1, 0.1, 0.17, 0.09, 0.15],
            align: vec![
                Align::Left,
                Align::Left,
                Align::Right,
                Align::Right,
                Align::Right,
                Align::Right,
                Align::Left,
            ],
        }));
    };
    for i in judged {
        if i.group != group {
            flush(w, &group, &mut rows);
            group = i.group.clone();
        }
        let middle = if i.text.q1 != "—" && i.text.q3 != "—" {
            format!("{} ({} to {})", i.text.median, i.text.q1, i.text.q3)
        } else {
            i.text.median.clone()
        };
        rows.push(vec![
            Cell::from(i.label.as_str()),
            Cell::from(w.period(&i.period)),
            Cell::from(i.text.value.as_str()),
            Cell::from(i.text.rank.as_str()),
            Cell::from(middle),
            Cell::from(i.text.england.as_str()),
            verdict(i),
        ]);
    }
    flush(w, &group, &mut rows);
    let context: Vec<&IndicatorResult> = report
        .indicators
        .iter()
        .filter(|i| i.polarity == Polarity::NoJudgement && i.value.is_some())
        .collect();
    if !context.is_empty() {
        w.h2("Context: measures with no better direction");
        w.note("The make-up of the workforce and counts that follow an organisation's size: shown beside the peers' median and range, never ranked or called better or worse.");
        let rows = context
            .iter()
            .map(|i| {
                vec![
                    Cell::from(i.label.as_str()),
                    Cell::from(w.period(&i.period)),
                    Cell::from(i.text.value.as_str()),
                    Cell::from(i.text.median.as_str()),
                    Cell::from(format!("{} to {}", i.text.min, i.text.max)),
                ]
            })
            .collect();
        w.blocks.push(Block::Table(Table {
            header: vec![
                "Measure".into(),
                "Period".into(),
                "Value".into(),
                "Peer median".into(),
                "Peer range".into(),
            ],
            rows,
            widths: vec![0.4, 0.12, 0.14, 0.14, 0.2],
            align: vec![Align::Left, Align::Left, Align::Right, Align::Right, Align::Right],
        }));
    }
}

fn sources_table(w: &mut Writer<'_>) {
    let rows = w
        .report
        .sources
        .iter()
        .map(|s| {
            let age = match period::age_in_months(&s.period, w.date) {
                Some(m) if period::is_stale(&s.period, w.date) => {
                    format!("{OLD} {m} months: older than {} months", period::STALE_AFTER_MONTHS)
                }
                Some(m) => format!("{m} months"),
                None => "—".into(),
            };
            vec![
                Cell::from(format!("{}. {}", s.title, s.source)),
                Cell::from(s.publisher.as_str()),
                Cell::from(s.period.as_str()),
                Cell::from(age),
            ]
        })
        .collect();
    w.blocks.push(Block::Table(Table {
        header: vec![
            "Source".into(),
            "Publisher".into(),
            "Data as at (period)".into(),
            format!("Age at {}", w.date),
        ],
        rows,
        widths: vec![0.5, 0.2, 0.13, 0.17],
        align: vec![Align::Left, Align::Left, Align::Left, Align::Left],
    }));
}

/// The methods, as the appendix and the workbook's methods sheet state them, naming the
/// report's subject (a trust, or an ICB in the ICB view).
pub fn methods(subject: boardlens_core::benchmark::Subject) -> Vec<String> {
    let boardlens_core::benchmark::Subject { one, many, .. } = subject;
    vec![
        format!("Peers are the {many} the {one} is compared with; the {one} itself is never one of them, and closed organisations are left out."),
        format!("Rank counts how many peers did better, plus one; equal values share the better rank. Rank 1 is best. The percentile is the share of the other organisations the {one} does better than (Excel PERCENTRANK.INC)."),
        format!("The median is the middle peer; the middle half of peers lies between the lower and upper quartiles (Excel QUARTILE.INC). The {one}'s quartile is read from its percentile: 75 or more is the top quartile, 50 to 75 the second, 25 to 50 the third, under 25 the bottom, so the two never disagree; an equal value never lifts the {one} into a higher quartile. With fewer than four peers, or when the {one} and all its peers have the same value, no rank, percentile or quartile is given."),
        format!("England is the median of every organisation of the same kind that reports the measure (for a DMA care setting, every organisation reporting that setting), the {one} included. ICB is the median of the trusts of the same type in a trust's integrated care board, that trust included."),
        "Measures with no better direction (the make-up of the workforce, counts and money that follow an organisation's size) are context: their value, the peers' median and range are shown, but they are never ranked, put in a quartile or called better or worse.".to_string(),
        format!("Better, similar or worse than peers is one verdict, the funnel plot's: the {one}'s rate is compared with the pooled rate of the {one} and its peers (all their events over all their respondents), with limits that widen for a smaller base and allow for the real spread between {many} (Spiegelhalter's funnel on the arcsine scale, with DerSimonian-Laird overdispersion from winsorised z-scores, as FunnelPlotR). Outside the 95% limits at the {one}'s own base is better or worse; inside is similar. So a large {one} is not called worse for a gap of a point that many of its peers share. A verdict needs four or more peers with a base; fewer than 11 respondents: not tested."),
        format!("Survey rates are published as weighted percentages with the number of staff who answered; the number answering is used as the base, and the weighted percentage times the base as the events. The 95% interval (Wilson score, exact normal quantiles) is the {one}'s own uncertainty, shown beside its value."),
        "Strengths, gaps and the strongest and weakest pillar come from one ranking: the percentile, then the distance from the peers (in funnel standard errors for rates, in peer interquartile ranges for scores). A strength is a rate better than peers on the funnel or a DMA pillar in the top quartile; a gap the reverse.".to_string(),
        format!("Who to learn from: for each gap, the organisations in the top quartile of the {one}'s comparison group on that measure (at or beyond the peers' upper quartile), most like the {one} first on the nearest-neighbour measures (beds, floor area, staff surveyed, type and region, each standardised); at most three."),
        "Data currency: each source's period is shown with its age at the date of the paper; a source more than 24 months old is marked † wherever its figures appear, and is not presented as current.".to_string(),
        "SPC charts (12 or more periods) follow NHS England's Making Data Count and NHSRplotthedots: mean and process limits of mean ± 2.66 mean moving ranges, with moving ranges of 3.267 times their mean screened out; special cause for a point beyond a limit, a trend of 7 rising or falling points (its direction decides improvement or concern), two of three points near a limit on the same side, or a shift of 7 points on one side of the mean. Missing periods are gaps. Limits can be fixed on a baseline and rebased at a period.".to_string(),
        "DMA scores are self-assessed; NHS England presents them as a guide to progress, not a league table. They come from NHS England's DMA results data file and are compared within one care setting: with peers by type, against every trust that reports that care setting (acute, mental health, community, ambulance); an ICB against the other ICBs.".to_string(),
        "Two overall DMA scores are shown, and they are different numbers. 'DMA overall (mean of the seven pillars)' is the plain mean of an organisation's seven pillar scores in one care setting, computed by Boardlens. 'DMA overall, domains comparable 2024–2025 (NHS England)' is NHS England's own weighted score on only the domains asked in both years; it is the one published year-on-year comparison, and it may differ from the standalone score of either year.".to_string(),
        "No 2024 pillar scores are published, and NHS England changed the question set for 2025: no change is shown for a pillar or for the mean of the pillars, only for the comparable overall.".to_string(),
        "Figures from a file marked synthetic (a user's own test or training data) are marked illustrative wherever they appear; nothing Boardlens bundles is synthetic.".to_string(),
    ]
}
