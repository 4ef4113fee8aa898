//! The board pack's PDF document: a cover (the cover sheet's fields, trust, peer group, date, key
//! messages), one chart per page with its alt text, and an appendix with the numbers and the
//! methods in plain words.
//! Text pages are drawn with the same font and helpers as the charts (as SVG, then PDF).

use crate::frame::{Frame, Role};
use crate::pdf::{Page, Piece};
use crate::{Chart, ChartError, Result, Size, theme};
use boardlens_core::benchmark::Report;
use boardlens_core::benchmark::narrative::format_value;
use boardlens_core::cover::CoverSheet;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// A4 portrait in points.
pub const A4: (f32, f32) = (595.0, 842.0);
const MARGIN: f32 = 50.0;
/// Text size on document pages: 11 pt body text.
const TEXT_SCALE: f64 = 0.8;

/// One line of a text page.
#[derive(Clone)]
pub struct Line {
    text: String,
    role: Role,
    bold: bool,
    color: RGBColor,
    /// Extra space before, in points.
    space: f32,
}

fn line(text: impl Into<String>, role: Role, bold: bool) -> Line {
    Line {
        text: text.into(),
        role,
        bold,
        color: theme::TEXT,
        space: 0.0,
    }
}

/// Lay lines out on as many A4 pages as they need, wrapping each to the text width.
fn text_pages(lines: &[Line]) -> Result<Vec<String>> {
    theme::register_fonts();
    let (w, h) = (A4.0 as u32, A4.1 as u32);
    // Wrap and paginate with a throwaway frame for measuring.
    let mut measure = String::new();
    let mut pages: Vec<Vec<(String, Line, i32)>> = vec![Vec::new()];
    {
        let root = SVGBackend::with_string(&mut measure, (w, h)).into_drawing_area();
        let f = Frame::with_scale(&root, 1.0, TEXT_SCALE);
        let width = (A4.0 - 2.0 * MARGIN) as i32;
        let mut y = MARGIN as i32;
        for l in lines {
            y += l.space as i32;
            for wrapped in f.wrap(&l.text, l.role, l.bold, width) {
                let lh = f.line_height(l.role);
                if y + lh > (A4.1 - MARGIN) as i32 {
                    pages.push(Vec::new());
                    y = MARGIN as i32;
                }
                if let Some(page) = pages.last_mut() {
                    page.push((wrapped, l.clone(), y));
                }
                y += lh;
            }
        }
    }
    let mut out = Vec::new();
    for page in pages {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
            root.fill(&theme::WHITE).map_err(|e| ChartError::Draw(e.to_string()))?;
            let f = Frame::with_scale(&root, 1.0, TEXT_SCALE);
            for (text, l, y) in &page {
                f.text(
                    text,
                    (MARGIN as i32, *y),
                    l.role,
                    l.bold,
                    l.color,
                    (HPos::Left, VPos::Top),
                )
                .map_err(|e| ChartError::Draw(e.to_string()))?;
            }
            root.present().map_err(|e| ChartError::Draw(e.to_string()))?;
        }
        out.push(svg);
    }
    Ok(out)
}

fn full_page(svg: String) -> Page {
    Page {
        size: A4,
        pieces: vec![Piece {
            svg,
            x: 0.0,
            y: 0.0,
            width: A4.0,
            height: A4.1,
        }],
    }
}

/// The whole document.
pub fn board_pack_pdf(report: &Report, charts: &[Chart], date: &str, sheet: &CoverSheet) -> Result<Vec<u8>> {
    let mut pages = Vec::new();

    // Cover: the board paper's cover sheet, then who is compared with whom.
    let mut cover = vec![
        line(sheet.title_or_default(), Role::Subtitle, false),
        line(report.trust.name.clone(), Role::Title, true),
        line(
            format!(
                "Peer group: {} ({} peers, chosen by {})",
                report.peer_group.description,
                report.peer_group.members.len(),
                report.peer_group.method
            ),
            Role::Label,
            false,
        ),
        line(format!("Prepared {date} with Boardlens"), Role::Label, false),
    ];
    for (label, value) in sheet.rows() {
        let mut l = line(label, Role::Small, true);
        l.space = 8.0;
        l.color = theme::MID_GREY;
        cover.push(l);
        cover.push(line(value, Role::Label, label == "Recommendation"));
    }
    if report.illustrative {
        let mut l = line(boardlens_core::model::ILLUSTRATIVE_REPORT, Role::Label, true);
        l.space = 10.0;
        cover.push(l);
    }
    let mut heading = line("Key messages", Role::Subtitle, true);
    heading.space = 18.0;
    cover.push(heading);
    for m in &report.messages {
        let mut l = line(format!("•  {m}"), Role::Label, false);
        l.space = 6.0;
        cover.push(l);
    }
    for (title, items, none) in [
        (
            "Strengths",
            &report.strengths,
            boardlens_core::benchmark::narrative::NO_STRENGTHS,
        ),
        ("Gaps", &report.gaps, boardlens_core::benchmark::narrative::NO_GAPS),
    ] {
        let mut heading = line(title, Role::Subtitle, true);
        heading.space = 14.0;
        cover.push(heading);
        if items.is_empty() {
            cover.push(line(none, Role::Label, false));
        }
        for h in items {
            let mut l = line(format!("•  {}", h.text), Role::Label, false);
            l.space = 6.0;
            cover.push(l);
        }
    }
    for c in &report.caveats {
        let mut l = line(c.clone(), Role::Small, false);
        l.space = 8.0;
        l.color = theme::MID_GREY;
        cover.push(l);
    }
    pages.extend(text_pages(&cover)?.into_iter().map(full_page));

    // One chart per page, its alt text below.
    let (cw, ch) = Size::A4.inches();
    let (cw, ch) = ((cw * 72.0) as f32, (ch * 72.0) as f32);
    for chart in charts {
        let mut caption = vec![line("Alt text", Role::Small, true)];
        caption.push(line(chart.alt_text.clone(), Role::Small, false));
        let text = text_pages(&caption)?;
        let mut pieces = vec![Piece {
            svg: chart.svg(Size::A4)?,
            x: (A4.0 - cw) / 2.0,
            y: MARGIN,
            width: cw,
            height: ch,
        }];
        if let Some(first) = text.into_iter().next() {
            // The caption page is drawn from its top margin: place it below the chart.
            pieces.push(Piece {
                svg: first,
                x: 0.0,
                y: MARGIN + ch + 10.0 - MARGIN,
                width: A4.0,
                height: A4.1,
            });
        }
        pages.push(Page { size: A4, pieces });
    }

    // Appendix: the numbers, then the methods.
    let mut appendix = vec![line("Appendix: the numbers", Role::Subtitle, true)];
    let mut group = String::new();
    // Measures with a direction first, by group; then the context measures, in a section of
    // their own: value, peer median and range, never a rank, a quartile or a verdict.
    let no_direction =
        |i: &&boardlens_core::benchmark::IndicatorResult| i.polarity == boardlens_core::model::Polarity::NoJudgement;
    let judged = report.indicators.iter().filter(|i| !no_direction(i));
    for i in judged {
        if i.group != group {
            group = i.group.clone();
            let mut g = line(group.clone(), Role::Label, true);
            g.space = 8.0;
            appendix.push(g);
        }
        let value = match (
            i.value,
            i.categories.as_ref().and_then(|c| c.status.clone()),
            &i.missing,
        ) {
            (Some(v), _, _) => format_value(v, i.unit),
            (None, Some(s), _) => s,
            (None, None, Some(m)) => format!("missing ({m})"),
            _ => "-".into(),
        };
        let mut text = format!("{} ({}): {value}", i.label, i.period);
        if let Some(r) = i.rank {
            text += &format!("; rank {r} of {}", i.n);
        }
        if let Some(q) = i.quartile {
            text += &format!("; quartile {q}");
        }
        if let Some(p) = i.peers {
            text += &format!("; peer median {}", format_value(p.median, i.unit));
            if let (Some(q1), Some(q3)) = (p.q1, p.q3) {
                text += &format!(
                    " (middle half {} to {})",
                    format_value(q1, i.unit),
                    format_value(q3, i.unit)
                );
            }
        }
        if let Some(l) = i.label_vs_peers {
            text += &format!("; {} peers at 95% confidence", l.words());
        }
        if i.illustrative {
            text += "; illustrative";
        }
        appendix.push(line(text, Role::Small, false));
    }
    let context: Vec<_> = report
        .indicators
        .iter()
        .filter(no_direction)
        .filter(|i| i.value.is_some())
        .collect();
    if !context.is_empty() {
        let mut c = line("Context: measures with no better direction", Role::Subtitle, true);
        c.space = 16.0;
        appendix.push(c);
        appendix.push(line(
            "The make-up of the workforce and counts that follow a trust's size: shown beside the peers' median and range, never ranked or called better or worse.",
            Role::Small,
            false,
        ));
        for i in context {
            let mut text = format!(
                "{} ({}): {}",
                i.label,
                i.period,
                format_value(i.value.unwrap_or_default(), i.unit)
            );
            if let Some(p) = i.peers {
                text += &format!(
                    "; peer median {} (range {} to {})",
                    format_value(p.median, i.unit),
                    format_value(p.min, i.unit),
                    format_value(p.max, i.unit)
                );
            }
            if i.illustrative {
                text += "; illustrative";
            }
            appendix.push(line(text, Role::Small, false));
        }
    }
    let mut m = line("Methods in plain words", Role::Subtitle, true);
    m.space = 16.0;
    appendix.push(m);
    for text in METHODS {
        let mut l = line(*text, Role::Small, false);
        l.space = 4.0;
        appendix.push(l);
    }
    let mut s = line("Sources", Role::Subtitle, true);
    s.space = 16.0;
    appendix.push(s);
    for src in &report.sources {
        appendix.push(line(
            format!(
                "{} ({}), {}. {}. {}",
                src.title, src.period, src.publisher, src.licence, src.source
            ),
            Role::Small,
            false,
        ));
    }
    appendix.push(line(
        format!("{}.", boardlens_core::model::OGL_ATTRIBUTION),
        Role::Small,
        false,
    ));
    pages.extend(text_pages(&appendix)?.into_iter().map(full_page));

    crate::pdf::document(&format!("Digital maturity board pack: {}", report.trust.name), &pages)
}

/// The methods, as the appendix and the workbook's methods sheet state them.
pub const METHODS: &[&str] = &[
    "Peers are the trusts the trust is compared with; the trust itself is never one of them, and closed trusts are left out.",
    "Rank counts how many peers did better, plus one; equal values share the better rank. Rank 1 is best. The percentile is the share of the other organisations the trust does better than (Excel PERCENTRANK.INC).",
    "The median is the middle peer; the middle half of peers lies between the lower and upper quartiles (Excel QUARTILE.INC). The trust's quartile is read from its percentile: 75 or more is the top quartile, 50 to 75 the second, 25 to 50 the third, under 25 the bottom, so the two never disagree; an equal value never lifts a trust into a higher quartile. With fewer than four peers, or when the trust and all its peers have the same value, no rank, percentile or quartile is given.",
    "Measures with no better direction (the make-up of the workforce, counts and money that follow a trust's size) are context: their value, the peers' median and range are shown, but they are never ranked, put in a quartile or called better or worse.",
    "Better, similar or worse than peers is one verdict, the funnel plot's: the trust's rate is compared with the pooled rate of the trust and its peers (all their events over all their respondents), with limits that widen for a smaller base and allow for the real spread between trusts (Spiegelhalter's funnel on the arcsine scale, with DerSimonian-Laird overdispersion from winsorised z-scores, as FunnelPlotR). Outside the 95% limits at the trust's own base is better or worse; inside is similar. So a large trust is not called worse for a gap of a point that many of its peers share. A verdict needs four or more peers with a base; fewer than 11 respondents: not tested.",
    "Survey rates are published as weighted percentages with the number of staff who answered; the number answering is used as the base, and the weighted percentage times the base as the events. The 95% interval (Wilson score, exact normal quantiles) is the trust's own uncertainty, shown beside its value.",
    "Strengths, gaps and the strongest and weakest pillar come from one ranking: the percentile, then the distance from the peers (in funnel standard errors for rates, in peer interquartile ranges for scores). A strength is a rate better than peers on the funnel or a DMA pillar in the top quartile; a gap the reverse.",
    "SPC charts (12 or more periods) follow NHS England's Making Data Count and NHSRplotthedots: mean and process limits of mean ± 2.66 mean moving ranges, with moving ranges of 3.267 times their mean screened out; special cause for a point beyond a limit, a trend of 7 rising or falling points (its direction decides improvement or concern), two of three points near a limit on the same side, or a shift of 7 points on one side of the mean. Missing periods are gaps. Limits can be fixed on a baseline and rebased at a period.",
    "DMA scores are self-assessed; NHS England presents them as a guide to progress, not a league table. They come from NHS England's DMA results data file and are compared within one care setting: with peers by type, against every trust that reports that care setting (acute, mental health, community, ambulance); an ICB against the other ICBs.",
    "Two overall DMA scores are shown, and they are different numbers. 'DMA overall (mean of the seven pillars)' is the plain mean of a trust's seven pillar scores in one care setting, computed by Boardlens. 'DMA overall, domains comparable 2024–2025 (NHS England)' is NHS England's own weighted score on only the domains asked in both years; it is the one published year-on-year comparison, and it may differ from the standalone score of either year.",
    "No 2024 pillar scores are published, and NHS England changed the question set for 2025: no change is shown for a pillar or for the mean of the pillars, only for the comparable overall.",
    "Figures from a file marked synthetic (a user's own test or training data) are marked illustrative wherever they appear; nothing Boardlens bundles is synthetic.",
];
