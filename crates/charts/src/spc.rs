//! SPC (XmR) chart, as NHS England's "Making Data Count" (NHSRplotthedots): the trust's series
//! with its gaps, each phase's mean and process limits; points coloured by their type (orange
//! concern, blue improvement, purple with no better direction — the direction of a trend, not
//! the side of the mean, decides) and shaped ▲/▼, and the variation of the latest point in words.
//! Assurance needs a target, which the data does not carry, so the chart says it is not assessed.

use crate::frame::{Frame, Rect, Role, axis_width, value_axis};
use crate::theme;
use crate::{Body, Chart, ChartError, Kind, Result, find_indicator_where, provenance_of, short_name, source_lines};
use boardlens_core::benchmark::Report;
use boardlens_core::benchmark::narrative::format_value;
use boardlens_core::model::Unit;
use boardlens_core::stats::spc::Variation;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Making Data Count's colours: orange for concern, blue for improvement, purple otherwise.
const CONCERN: RGBColor = RGBColor(0xED, 0x8B, 0x00);
const IMPROVE: RGBColor = RGBColor(0x00, 0x5E, 0xB8);
const NEUTRAL: RGBColor = RGBColor(0x49, 0x0E, 0x8F);

#[derive(Debug, Clone, PartialEq)]
pub struct Spc {
    unit: Unit,
    /// (period, value or a gap, its variation)
    points: Vec<(String, Option<f64>, Variation)>,
    /// Each phase: its first and last point index, mean, lower and upper limit.
    phases: Vec<(usize, usize, f64, f64, f64)>,
    variation: Variation,
}

fn words(v: Variation) -> &'static str {
    match v {
        Variation::Common => "common cause variation: no sign of change",
        Variation::Improving => "special cause variation: improving",
        Variation::Concerning => "special cause variation: concerning",
        Variation::SpecialHigh => "special cause variation: higher",
        Variation::SpecialLow => "special cause variation: lower",
    }
}

pub fn build(report: &Report, indicator: Option<&str>) -> Result<Chart> {
    let i = find_indicator_where(report, indicator, |i| i.spc.is_some())?;
    let spc = i.spc.as_ref().ok_or_else(|| {
        // Settings that cannot apply (a rebase period the series lacks) say so in the notes.
        match i.notes.iter().find(|n| n.starts_with("SPC")) {
            Some(why) => ChartError::NoData(format!("{}, {}: {why}", report.trust.name, i.label)),
            None => ChartError::NoData(format!(
                "{} has fewer than 12 periods of {}: SPC needs 12 or more",
                report.trust.name, i.label
            )),
        }
    })?;
    let points: Vec<(String, Option<f64>, Variation)> = spc
        .points
        .iter()
        .map(|p| (p.period.clone(), p.value, p.variation))
        .collect();
    let phases: Vec<(usize, usize, f64, f64, f64)> = spc
        .phases
        .iter()
        .enumerate()
        .map(|(k, ph)| {
            let end = spc.phases.get(k + 1).map_or(points.len(), |next| next.start) - 1;
            (ph.start, end, ph.mean, ph.lower, ph.upper)
        })
        .collect();
    let values = points.iter().filter(|p| p.1.is_some()).count();
    let gaps = points.len() - values;
    let short = short_name(&report.trust.name);
    let (first, last) = (&points[0].0, &points[points.len() - 1].0);
    let title = format!("{short}: {}, {}", crate::in_sentence(&i.label), words(spc.variation));
    let mut how = Vec::new();
    if let Some(b) = spc.settings.baseline {
        how.push(format!("limits fixed on the first {b} points"));
    }
    if spc.phases.len() > 1 {
        let from: Vec<&str> = spc.phases[1..].iter().map(|p| p.from.as_str()).collect();
        how.push(format!("rebased at {}", from.join(", ")));
    }
    if gaps > 0 {
        how.push(if gaps == 1 {
            "1 missing period left as a gap".to_string()
        } else {
            format!("{gaps} missing periods left as gaps")
        });
    }
    let how = if how.is_empty() {
        String::new()
    } else {
        format!(" · {}", how.join(" · "))
    };
    let subtitle = format!(
        "{}, {first} to {last} ({values} points) · mean {} · process limits {} to {}{how} · no target set, so assurance is not assessed",
        i.label,
        format_value(spc.mean, i.unit),
        format_value(spc.lower, i.unit),
        format_value(spc.upper, i.unit)
    );
    let (provenance, illustrative) = provenance_of(&[i], true);
    let flagged = spc.points.iter().filter(|p| p.flags.any()).count();
    let alt = format!(
        "XmR control chart of {} for {} from {first} to {last}: mean {}, process limits {} to {}; {flagged} of {values} points show special cause variation; latest point: {}.",
        i.label,
        report.trust.name,
        format_value(spc.mean, i.unit),
        format_value(spc.lower, i.unit),
        format_value(spc.upper, i.unit),
        words(spc.variation)
    );
    let mut data = vec![
        ["Period", "Value", "Mean", "Lower process limit", "Upper process limit", "Special cause", "Cause", "Point"]
            .map(String::from)
            .to_vec(),
    ];
    data.extend(spc.points.iter().map(|p| {
        let ph = &spc.phases[p.phase];
        vec![
            p.period.clone(),
            p.value.map(crate::data_number).unwrap_or_default(),
            crate::data_number(ph.mean),
            crate::data_number(ph.lower),
            crate::data_number(ph.upper),
            p.flags.any().to_string(),
            p.cause.words().to_string(),
            words(p.variation).to_string(),
        ]
    }));
    Ok(Chart {
        kind: Kind::Spc,
        title,
        subtitle,
        source: source_lines(&provenance, i.caveat.as_deref()),
        illustrative,
        alt_text: alt,
        data,
        body: Body::Spc(Spc {
            unit: i.unit,
            points,
            phases,
            variation: spc.variation,
        }),
    })
}

pub fn draw<DB: DrawingBackend>(
    s: &Spc,
    f: &Frame<'_, DB>,
    area: Rect,
) -> std::result::Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let values = s
        .points
        .iter()
        .filter_map(|p| p.1)
        .chain(s.phases.iter().flat_map(|p| [p.3, p.4]));
    let (lo, hi) = values.fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(v), b.max(v)));
    let pad = (hi - lo).max(f64::EPSILON) * 0.1;
    let (lo, hi) = (lo - pad, hi + pad);
    let x0 = area.x0 + axis_width(f, (lo, hi), s.unit);
    let right = f.text_width("upper process limit", Role::Small, false) + f.px(10.0);
    let (x1, y0, y1) = (
        area.x1 - right,
        area.y0,
        area.y1 - f.line_height(Role::Small) - f.px(6.0),
    );
    let y = value_axis(f, (x0, x1), (y0, y1), (lo, hi), s.unit)?;
    let n = s.points.len().max(2) as i32;
    let x = |k: usize| x0 + (x1 - x0) * k as i32 / (n - 1);
    let every = (s.points.len() / 8).max(1);
    crate::frame::period_axis(f, s.points.iter().map(|p| p.0.clone()).enumerate(), x, y1, every)?;
    let last_phase = s.phases.len().saturating_sub(1);
    for (k, &(start, end, mean, lower, upper)) in s.phases.iter().enumerate() {
        // Each phase's lines span its own points (half a step either side where rebased).
        let half = (x(1) - x(0)) / 2;
        let (a, b) = (
            if start == 0 { x0 } else { x(start) - half },
            if end + 1 >= s.points.len() { x1 } else { x(end) + half },
        );
        for (v, label, dashed) in [
            (mean, "mean", false),
            (upper, "upper process limit", true),
            (lower, "lower process limit", true),
        ] {
            let ly = y(v);
            if dashed {
                let mut xx = a;
                while xx < b {
                    f.root.draw(&PathElement::new(
                        vec![(xx, ly), ((xx + f.px(6.0)).min(b), ly)],
                        theme::MID_GREY.stroke_width(1),
                    ))?;
                    xx += f.px(10.0);
                }
            } else {
                f.root.draw(&PathElement::new(
                    vec![(a, ly), (b, ly)],
                    theme::DARK_BLUE.stroke_width(f.px(1.0).max(1) as u32),
                ))?;
            }
            if k == last_phase {
                f.text(
                    label,
                    (x1 + f.px(6.0), ly),
                    Role::Small,
                    false,
                    theme::SECONDARY_TEXT,
                    (HPos::Left, VPos::Center),
                )?;
            }
        }
    }
    // The line breaks at a gap and at a rebase: a missing period is never closed up.
    let mut run: Vec<(i32, i32)> = Vec::new();
    let starts: Vec<usize> = s.phases.iter().map(|p| p.0).collect();
    for (k, p) in s.points.iter().enumerate() {
        if p.1.is_none() || starts.contains(&k) {
            if run.len() > 1 {
                f.root.draw(&PathElement::new(
                    std::mem::take(&mut run),
                    theme::MID_GREY.stroke_width(f.px(1.5).max(2) as u32),
                ))?;
            }
            run.clear();
        }
        if let Some(v) = p.1 {
            run.push((x(k), y(v)));
        }
    }
    if run.len() > 1 {
        f.root.draw(&PathElement::new(
            run,
            theme::MID_GREY.stroke_width(f.px(1.5).max(2) as u32),
        ))?;
    }
    let r = f.px(3.5).max(3);
    for (k, (_, v, variation)) in s.points.iter().enumerate() {
        let Some(v) = *v else { continue };
        let (px, py) = (x(k), y(v));
        let (colour, high) = match variation {
            Variation::Common => {
                f.root.draw(&Circle::new((px, py), r, theme::MID_GREY.filled()))?;
                continue;
            }
            Variation::Improving => (IMPROVE, None),
            Variation::Concerning => (CONCERN, None),
            Variation::SpecialHigh => (NEUTRAL, Some(true)),
            Variation::SpecialLow => (NEUTRAL, Some(false)),
        };
        // Shape as well as colour: up for high, down for low (against the phase's mean).
        let mean = s.phases.iter().rev().find(|ph| ph.0 <= k).map_or(0.0, |ph| ph.2);
        let high = high.unwrap_or(v > mean);
        let tri = if high {
            vec![(px, py - r * 2), (px - r * 2, py + r), (px + r * 2, py + r)]
        } else {
            vec![(px, py + r * 2), (px - r * 2, py - r), (px + r * 2, py - r)]
        };
        f.root.draw(&Polygon::new(tri, colour.filled()))?;
    }
    let colour = match s.variation {
        Variation::Improving => IMPROVE,
        Variation::Concerning => CONCERN,
        Variation::Common => theme::MID_GREY,
        _ => NEUTRAL,
    };
    let text = words(s.variation);
    let w = f.text_width(text, Role::Small, true) + f.px(12.0);
    let (bx, by) = (x1 - w, y0);
    f.root.draw(&Rectangle::new(
        [(bx, by), (x1, by + f.line_height(Role::Small) + f.px(6.0))],
        theme::WHITE.filled(),
    ))?;
    f.root.draw(&Rectangle::new(
        [(bx, by), (x1, by + f.line_height(Role::Small) + f.px(6.0))],
        colour.stroke_width(2),
    ))?;
    f.text(
        text,
        (bx + f.px(6.0), by + f.px(3.0)),
        Role::Small,
        true,
        colour,
        (HPos::Left, VPos::Top),
    )?;
    Ok(())
}
