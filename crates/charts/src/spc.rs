//! SPC (XmR) chart, as NHS England's "Making Data Count": the trust's series, its mean and
//! process limits; points breaking a rule coloured and shaped (orange ▲/▼ concerning, blue
//! improving, purple with no judgement) and the variation of the latest point in words.
//! Assurance needs a target, which the data does not carry, so the chart says it is not assessed.

use crate::frame::{Frame, Rect, Role, axis_width, value_axis};
use crate::theme;
use crate::{Body, Chart, ChartError, Kind, Result, find_indicator_where, provenance_of, short_name, source_lines};
use boardlens_core::benchmark::Report;
use boardlens_core::benchmark::narrative::format_value;
use boardlens_core::model::{Polarity, Unit};
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
    polarity: Polarity,
    /// (period, value, breaks a rule)
    points: Vec<(String, f64, bool)>,
    mean: f64,
    upper: f64,
    lower: f64,
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
        ChartError::NoData(format!(
            "{} has fewer than 12 periods of {}: SPC needs 12 or more",
            report.trust.name, i.label
        ))
    })?;
    let series: Vec<(String, f64)> = i
        .history
        .iter()
        .filter_map(|h| Some((h.period.clone(), h.value?)))
        .collect();
    let points: Vec<(String, f64, bool)> = series
        .iter()
        .zip(&spc.flags)
        .map(|((p, v), f)| (p.clone(), *v, f.any()))
        .collect();
    let short = short_name(&report.trust.name);
    let (first, last) = (&points[0].0, &points[points.len() - 1].0);
    let title = format!("{short}: {}, {}", crate::in_sentence(&i.label), words(spc.variation));
    let subtitle = format!(
        "{}, {first} to {last} ({} points) · mean {} · process limits {} to {} · no target set, so assurance is not assessed",
        i.label,
        points.len(),
        format_value(spc.mean, i.unit),
        format_value(spc.lower, i.unit),
        format_value(spc.upper, i.unit)
    );
    let (provenance, illustrative) = provenance_of(&[i], true);
    let flagged = points.iter().filter(|p| p.2).count();
    let alt = format!(
        "XmR control chart of {} for {} from {first} to {last}: mean {}, process limits {} to {}; {flagged} of {} points show special cause variation; latest point: {}.",
        i.label,
        report.trust.name,
        format_value(spc.mean, i.unit),
        format_value(spc.lower, i.unit),
        format_value(spc.upper, i.unit),
        points.len(),
        words(spc.variation)
    );
    let mut data = vec![
        ["period", "value", "mean", "lower_limit", "upper_limit", "special_cause"]
            .map(String::from)
            .to_vec(),
    ];
    data.extend(points.iter().map(|(p, v, f)| {
        vec![
            p.clone(),
            format!("{v}"),
            format!("{}", spc.mean),
            format!("{}", spc.lower),
            format!("{}", spc.upper),
            f.to_string(),
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
            polarity: i.polarity,
            points,
            mean: spc.mean,
            upper: spc.upper,
            lower: spc.lower,
            variation: spc.variation,
        }),
    })
}

pub fn draw<DB: DrawingBackend>(
    s: &Spc,
    f: &Frame<'_, DB>,
    area: Rect,
) -> std::result::Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let values = s.points.iter().map(|p| p.1).chain([s.upper, s.lower]);
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
    for (v, label, dashed) in [
        (s.mean, "mean", false),
        (s.upper, "upper process limit", true),
        (s.lower, "lower process limit", true),
    ] {
        let ly = y(v);
        if dashed {
            let mut xx = x0;
            while xx < x1 {
                f.root.draw(&PathElement::new(
                    vec![(xx, ly), ((xx + f.px(6.0)).min(x1), ly)],
                    theme::MID_GREY.stroke_width(1),
                ))?;
                xx += f.px(10.0);
            }
        } else {
            f.root.draw(&PathElement::new(
                vec![(x0, ly), (x1, ly)],
                theme::DARK_BLUE.stroke_width(f.px(1.0).max(1) as u32),
            ))?;
        }
        f.text(
            label,
            (x1 + f.px(6.0), ly),
            Role::Small,
            false,
            theme::MID_GREY,
            (HPos::Left, VPos::Center),
        )?;
    }
    let line: Vec<(i32, i32)> = s.points.iter().enumerate().map(|(k, p)| (x(k), y(p.1))).collect();
    f.root.draw(&PathElement::new(
        line,
        theme::MID_GREY.stroke_width(f.px(1.5).max(2) as u32),
    ))?;
    let r = f.px(3.5).max(3);
    for (k, (_, v, special)) in s.points.iter().enumerate() {
        let (px, py) = (x(k), y(*v));
        if !special {
            f.root.draw(&Circle::new((px, py), r, theme::MID_GREY.filled()))?;
            continue;
        }
        let high = *v > s.mean;
        let colour = match (s.polarity, high) {
            (Polarity::HigherIsBetter, true) | (Polarity::LowerIsBetter, false) => IMPROVE,
            (Polarity::HigherIsBetter, false) | (Polarity::LowerIsBetter, true) => CONCERN,
            _ => NEUTRAL,
        };
        // Shape as well as colour: up for high, down for low.
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
