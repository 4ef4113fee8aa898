//! Trend lines across periods: the trust (NHS Blue, labelled), the peer median (Dark Blue) and
//! the middle half of peers (grey band).

use crate::frame::{Frame, Rect, Role, axis_width, value_axis};
use crate::theme;
use crate::{Body, Chart, ChartError, Kind, Result, find_indicator, provenance_of, short_name, source_lines};
use boardlens_core::benchmark::Report;
use boardlens_core::benchmark::narrative::{format_change, format_value};
use boardlens_core::model::Unit;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// One period: (period, trust value, peer median, peer Q1, peer Q3).
type Point = (String, Option<f64>, Option<f64>, Option<f64>, Option<f64>);

#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    trust: String,
    unit: Unit,
    /// (period, trust value, peer median, q1, q3)
    points: Vec<Point>,
}

pub fn build(report: &Report, indicator: Option<&str>) -> Result<Chart> {
    // By default the only DMA series with a published change: NHS England's comparable overall
    // of the headline care setting.
    let comparable = report.indicators.iter().find(|i| {
        boardlens_core::dma::comparable_years(&i.key).is_some()
            && boardlens_core::dma::setting(&i.key) == report.dma_setting.as_deref()
    });
    let i = match (indicator, comparable) {
        (None, Some(c)) => c,
        _ => find_indicator(report, indicator)?,
    };
    let points: Vec<_> = i
        .history
        .iter()
        .map(|h| (h.period.clone(), h.value, h.peer_median, h.peer_q1, h.peer_q3))
        .collect();
    let values: Vec<(&str, f64)> = points.iter().filter_map(|p| p.1.map(|v| (p.0.as_str(), v))).collect();
    if values.len() < 2 {
        return Err(ChartError::NoData(format!(
            "{} has fewer than two periods of {} to draw a trend",
            report.trust.name, i.label
        )));
    }
    let short = short_name(&report.trust.name);
    let ((p0, v0), (p1, v1)) = (values[0], values[values.len() - 1]);
    let comparable = i.change.as_ref().is_none_or(|c| c.comparable);
    let title = if comparable {
        format!(
            "{short}: {} {} from {p0} to {p1}",
            crate::in_sentence(&i.label),
            format_change(v1 - v0, i.unit)
        )
    } else {
        format!("{short}: {} across {p0} to {p1}", crate::in_sentence(&i.label))
    };
    let mut subtitle = format!(
        "{}, {p0} to {p1} · {} against {} · band: middle half of peers",
        i.label, report.trust.name, i.compared_with
    );
    if !comparable {
        subtitle += &format!(" · {}", boardlens_core::dma::QUESTION_SET_CAVEAT);
    }
    let (provenance, illustrative) = provenance_of(&[i], true);
    let mut alt = format!(
        "Line chart of {} for {} from {p0} to {p1}: ",
        i.label, report.trust.name
    );
    alt += &points
        .iter()
        .map(|p| {
            format!(
                "{} {} (peer median {})",
                p.0,
                p.1.map_or("no value".into(), |v| format_value(v, i.unit)),
                p.2.map_or("none".into(), |v| format_value(v, i.unit))
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    alt += ".";
    if illustrative {
        alt += " Includes illustrative synthetic data.";
    }
    let opt = |v: Option<f64>| v.map(crate::data_number).unwrap_or_default();
    let mut data = vec![
        ["Period", report.subject().heading, "Peer median", "Peer lower quartile", "Peer upper quartile"]
            .map(String::from)
            .to_vec(),
    ];
    data.extend(
        points
            .iter()
            .map(|p| vec![p.0.clone(), opt(p.1), opt(p.2), opt(p.3), opt(p.4)]),
    );
    Ok(Chart {
        kind: Kind::Trend,
        title,
        subtitle,
        source: source_lines(&provenance, i.caveat.as_deref()),
        illustrative,
        alt_text: alt,
        data,
        body: Body::Trend(Trend {
            trust: short,
            unit: i.unit,
            points,
        }),
    })
}

pub fn draw<DB: DrawingBackend>(
    t: &Trend,
    f: &Frame<'_, DB>,
    area: Rect,
) -> std::result::Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let all: Vec<f64> = t.points.iter().flat_map(|p| [p.1, p.2, p.3, p.4]).flatten().collect();
    let (mut lo, mut hi) = all
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(*v), b.max(*v)));
    if t.unit == Unit::Score {
        (lo, hi) = (1.0, 5.0);
    } else {
        let pad = (hi - lo).max(1.0) * 0.15;
        (lo, hi) = ((lo - pad).max(0.0), hi + pad);
    }
    let label_w = f.text_width(&t.trust, Role::Label, true) + f.px(60.0);
    let x0 = area.x0 + axis_width(f, (lo, hi), t.unit);
    let x1 = area.x1 - label_w;
    let (y0, y1) = (area.y0, area.y1 - f.line_height(Role::Small) - f.px(6.0));
    let y = value_axis(f, (x0, x1), (y0, y1), (lo, hi), t.unit)?;
    let n = t.points.len().max(2) as i32;
    let x = |k: usize| x0 + (x1 - x0) * k as i32 / (n - 1);
    crate::frame::period_axis(f, t.points.iter().map(|p| p.0.clone()).enumerate(), x, y1, 1)?;
    // Band: the middle half of peers.
    let band: Vec<(i32, i32, i32)> = t
        .points
        .iter()
        .enumerate()
        .filter_map(|(k, p)| Some((x(k), y(p.3?), y(p.4?))))
        .collect();
    if band.len() >= 2 {
        let mut poly: Vec<(i32, i32)> = band.iter().map(|b| (b.0, b.2)).collect();
        poly.extend(band.iter().rev().map(|b| (b.0, b.1)));
        f.root.draw(&Polygon::new(poly, theme::BAND.filled()))?;
    }
    let line = |pick: fn(&Point) -> Option<f64>| -> Vec<(i32, i32)> {
        t.points
            .iter()
            .enumerate()
            .filter_map(|(k, p)| pick(p).map(|v| (x(k), y(v))))
            .collect()
    };
    let median = line(|p| p.2);
    f.root.draw(&PathElement::new(
        median.clone(),
        theme::DARK_BLUE.stroke_width(f.px(1.5).max(2) as u32),
    ))?;
    let trust = line(|p| p.1);
    // The two end labels, a line apart at least: equal values must not print one over the other.
    let lh = f.line_height(Role::Label);
    let (mut median_y, mut trust_y) = (median.last().map(|p| p.1), trust.last().map(|p| p.1 + f.px(12.0)));
    if let (Some(my), Some(ty)) = (median_y, trust_y)
        && (ty - my).abs() < lh
    {
        let mid = (my + ty) / 2;
        let trust_above = trust.last().map(|p| p.1) <= median.last().map(|p| p.1);
        let (up, down) = (mid - lh / 2, mid + lh / 2);
        (trust_y, median_y) = if trust_above { (Some(up), Some(down)) } else { (Some(down), Some(up)) };
    }
    if let (Some(&(mx, _)), Some(my)) = (median.last(), median_y) {
        f.text(
            "peer median",
            (mx + f.px(8.0), my),
            Role::Small,
            true,
            theme::DARK_BLUE,
            (HPos::Left, VPos::Center),
        )?;
    }
    f.root.draw(&PathElement::new(
        trust.clone(),
        theme::NHS_BLUE.stroke_width(f.px(2.5).max(3) as u32),
    ))?;
    let r = f.px(4.0).max(4);
    for (k, p) in t.points.iter().enumerate() {
        if let Some(v) = p.1 {
            f.root.draw(&Circle::new((x(k), y(v)), r, theme::NHS_BLUE.filled()))?;
            let anchor = if k == 0 { HPos::Left } else { HPos::Center };
            f.text(
                &format_value(v, t.unit),
                (x(k), y(v) - r - f.px(3.0)),
                Role::Small,
                true,
                theme::NHS_BLUE,
                (anchor, VPos::Bottom),
            )?;
        }
    }
    if let (Some(&(tx, _)), Some(ty)) = (trust.last(), trust_y) {
        f.text(
            &t.trust,
            (tx + f.px(8.0), ty),
            Role::Label,
            true,
            theme::NHS_BLUE,
            (HPos::Left, VPos::Center),
        )?;
    }
    Ok(())
}
