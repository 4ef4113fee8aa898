//! Spine chart (Fingertips style) across indicators: for each, the peers' range (pale), middle
//! half (darker) and median (centre line), the trust's value marked by a shape that says how it
//! compares — better ▲, similar ●, worse ▼ — in colour and in words, never colour alone.

use crate::frame::{Frame, Rect, Role};
use crate::theme;
use crate::{Body, Chart, ChartError, Kind, Result, provenance_of, short_name, source_lines};
use boardlens_core::benchmark::narrative::format_value;
use boardlens_core::benchmark::{IndicatorResult, Report};
use boardlens_core::model::{Polarity, Unit};
use boardlens_core::stats::funnel::Comparison;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Better, similar and worse, as DESIGN.md names their colours.
const BETTER: RGBColor = RGBColor(0x00, 0x7F, 0x3B);
const SIMILAR: RGBColor = RGBColor(0xFF, 0xB8, 0x1C);
const WORSE: RGBColor = RGBColor(0xDA, 0x29, 0x1C);

#[derive(Debug, Clone, PartialEq)]
pub struct SpineRow {
    label: String,
    value: String,
    median: String,
    /// Positions on 0..1 with the median at 0.5 (the worst end left): min, q1, q3, max, trust.
    at: [f64; 5],
    mark: Option<Comparison>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Spine {
    rows: Vec<SpineRow>,
    /// The subject's column heading: `trust`, `ICB`.
    who: &'static str,
}

fn position(i: &IndicatorResult) -> Option<[f64; 5]> {
    let p = i.peers?;
    let v = i.value?;
    let (q1, q3) = (p.q1?, p.q3?);
    // Scale so the median is the centre and the further extreme reaches the edge; better to
    // the right (lower-is-better indicators are mirrored).
    let half = (p.median - p.min)
        .max(p.max - p.median)
        .max((v - p.median).abs())
        .max(f64::EPSILON);
    let sign = if i.polarity == Polarity::LowerIsBetter {
        -1.0
    } else {
        1.0
    };
    let at = |x: f64| 0.5 + sign * (x - p.median) / (2.0 * half);
    let (a, b) = if sign > 0.0 {
        (at(p.min), at(p.max))
    } else {
        (at(p.max), at(p.min))
    };
    let (c, d) = if sign > 0.0 { (at(q1), at(q3)) } else { (at(q3), at(q1)) };
    Some([a, c, d, b, at(v)])
}

pub fn build(report: &Report, _indicator: Option<&str>) -> Result<Chart> {
    let chosen: Vec<&IndicatorResult> = report
        .indicators
        .iter()
        .filter(|i| i.polarity != Polarity::NoJudgement && i.unit != Unit::Category)
        .filter(|i| i.key.starts_with("nss.") || (i.key.starts_with("dma.") && i.key.ends_with(".overall")))
        .filter(|i| position(i).is_some())
        .collect();
    if chosen.is_empty() {
        return Err(ChartError::NoData(format!(
            "{} has no indicators with peer quartiles for a spine chart",
            report.trust.name
        )));
    }
    let rows: Vec<SpineRow> = chosen
        .iter()
        .filter_map(|i| {
            Some(SpineRow {
                label: format!("{} ({})", i.label, i.period),
                value: format_value(i.value?, i.unit),
                median: format_value(i.peers?.median, i.unit),
                at: position(i)?,
                mark: i.label_vs_peers,
            })
        })
        .collect();
    let short = short_name(&report.trust.name);
    let better = rows.iter().filter(|r| r.mark == Some(Comparison::Better)).count();
    let worse = rows.iter().filter(|r| r.mark == Some(Comparison::Worse)).count();
    let measures = |n: usize| if n == 1 { "1 measure".to_string() } else { format!("{n} measures") };
    let tested = rows.iter().filter(|r| r.mark.is_some()).count();
    // Regression: an ICB with every measure similar was titled "better than its peers on 0
    // measures and worse on 0".
    let title = match (tested, better + worse) {
        (0, _) => format!("{short} against its peers: no measure here is tested at 95%"),
        (1, 0) => format!("{short} is similar to its peers on the 1 measure tested, on the funnel's 95% limits"),
        (n, 0) => format!("{short} is similar to its peers on all {n} measures tested, on the funnel's 95% limits"),
        _ => format!(
            "{short} is better than its peers on {} and worse on {worse}, on the funnel's 95% limits",
            measures(better)
        ),
    };
    let subtitle = format!(
        "Against {} · bar: peer range, darker: middle half, line: median; better to the right · ▲ better ● similar ▼ worse (95%); blue ● not tested",
        report.peer_group.description
    );
    let (provenance, illustrative) = provenance_of(&chosen, false);
    let mut alt = format!(
        "Spine chart of {} measures for {} against {}. ",
        rows.len(),
        report.trust.name,
        report.peer_group.description
    );
    alt += &rows
        .iter()
        .map(|r| {
            format!(
                "{}: {} (peer median {}){}",
                r.label,
                r.value,
                r.median,
                r.mark.map_or(String::new(), |m| format!(", {} peers", m.words()))
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    alt += ".";
    let mut data = vec![
        ["Measure", report.subject().heading, "Peer median", "Against peers (95%)"]
            .map(String::from)
            .to_vec(),
    ];
    data.extend(rows.iter().map(|r| {
        vec![
            r.label.clone(),
            r.value.clone(),
            r.median.clone(),
            r.mark.map_or(String::new(), |m| m.words().to_string()),
        ]
    }));
    let caveat = chosen.iter().find_map(|i| i.caveat.clone());
    Ok(Chart {
        kind: Kind::Spine,
        title,
        subtitle,
        source: source_lines(&provenance, caveat.as_deref()),
        illustrative,
        alt_text: alt,
        data,
        body: Body::Spine(Spine {
            rows,
            who: report.subject().one,
        }),
    })
}

pub fn draw<DB: DrawingBackend>(
    s: &Spine,
    f: &Frame<'_, DB>,
    area: Rect,
) -> std::result::Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let label_w = (area.x1 - area.x0) * 2 / 5;
    let num_w = f.text_width("100.0%", Role::Small, true) + f.px(8.0);
    let (x0, x1) = (area.x0 + label_w + 2 * num_w, area.x1 - f.px(10.0));
    let head = f.line_height(Role::Small);
    f.text(
        s.who,
        (area.x0 + label_w + num_w - f.px(4.0), area.y0),
        Role::Small,
        true,
        theme::TEXT,
        (HPos::Right, VPos::Top),
    )?;
    f.text(
        "median",
        (area.x0 + label_w + 2 * num_w - f.px(4.0), area.y0),
        Role::Small,
        true,
        theme::TEXT,
        (HPos::Right, VPos::Top),
    )?;
    f.text(
        "worse",
        (x0, area.y0),
        Role::Small,
        false,
        theme::SECONDARY_TEXT,
        (HPos::Left, VPos::Top),
    )?;
    f.text(
        "better",
        (x1, area.y0),
        Role::Small,
        false,
        theme::SECONDARY_TEXT,
        (HPos::Right, VPos::Top),
    )?;
    let y0 = area.y0 + head + f.px(4.0);
    let row = ((area.y1 - y0) / s.rows.len().max(1) as i32).max(1);
    let x = |t: f64| x0 + (t.clamp(0.0, 1.0) * f64::from(x1 - x0)).round() as i32;
    let mid = x(0.5);
    f.root.draw(&PathElement::new(
        vec![(mid, y0), (mid, area.y1)],
        theme::DARK_BLUE.stroke_width(f.px(1.5).max(2) as u32),
    ))?;
    let role = if row < f.line_height(Role::Small) {
        Role::Source
    } else {
        Role::Small
    };
    for (k, r) in s.rows.iter().enumerate() {
        let cy = y0 + row * k as i32 + row / 2;
        let h = (row * 3 / 10).max(2);
        let label = f.fit(&r.label, role, false, label_w - f.px(6.0));
        f.text(
            &label,
            (area.x0, cy),
            role,
            false,
            theme::TEXT,
            (HPos::Left, VPos::Center),
        )?;
        f.text(
            &r.value,
            (area.x0 + label_w + num_w - f.px(4.0), cy),
            role,
            true,
            theme::TEXT,
            (HPos::Right, VPos::Center),
        )?;
        f.text(
            &r.median,
            (area.x0 + label_w + 2 * num_w - f.px(4.0), cy),
            role,
            false,
            theme::SECONDARY_TEXT,
            (HPos::Right, VPos::Center),
        )?;
        f.root.draw(&Rectangle::new(
            [(x(r.at[0]), cy - h), (x(r.at[3]), cy + h)],
            theme::BAND.filled(),
        ))?;
        f.root.draw(&Rectangle::new(
            [(x(r.at[1]), cy - h), (x(r.at[2]), cy + h)],
            theme::PALE_GREY.filled(),
        ))?;
        let (px, size) = (x(r.at[4]), (row * 4 / 10).clamp(3, f.px(7.0).max(3)));
        match r.mark {
            Some(Comparison::Better) => f.root.draw(&Polygon::new(
                vec![(px, cy - size), (px - size, cy + size), (px + size, cy + size)],
                BETTER.filled(),
            ))?,
            Some(Comparison::Worse) => f.root.draw(&Polygon::new(
                vec![(px, cy + size), (px - size, cy - size), (px + size, cy - size)],
                WORSE.filled(),
            ))?,
            Some(Comparison::Similar) => f.root.draw(&Circle::new((px, cy), size, SIMILAR.filled()))?,
            _ => f.root.draw(&Circle::new((px, cy), size, theme::NHS_BLUE.filled()))?,
        }
    }
    Ok(())
}
