//! Funnel plot for a survey rate: every organisation's rate against its number of respondents,
//! with the 95% and 99.8% control limits around the pooled rate (Spiegelhalter 2005).

use crate::frame::{Frame, Rect, Role, axis_width, value_axis};
use crate::theme;
use crate::{Body, Chart, ChartError, Kind, Result, find_indicator, provenance_of, short_name, source_lines};
use boardlens_core::benchmark::Report;
use boardlens_core::benchmark::narrative::format_value;
use boardlens_core::model::Unit;
use boardlens_core::stats::funnel::Limits;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// Which limit line to draw.
type LimitPick = fn(&Limits) -> f64;

#[derive(Debug, Clone, PartialEq)]
pub struct FunnelChart {
    trust: String,
    target: f64,
    limits: Vec<Limits>,
    /// (base, rate) of peers.
    peers: Vec<(f64, f64)>,
    own: (f64, f64),
}

pub fn build(report: &Report, indicator: Option<&str>) -> Result<Chart> {
    let i = match indicator {
        Some(_) => find_indicator(report, indicator)?,
        None => report
            .indicators
            .iter()
            .find(|i| i.key == "nss.burned_out" && i.funnel.is_some())
            .or_else(|| report.indicators.iter().find(|i| i.funnel.is_some()))
            .ok_or_else(|| ChartError::NoData("the report has no survey rate with bases for a funnel plot".into()))?,
    };
    let (Some(funnel), Some(value), Some(base)) = (&i.funnel, i.value, i.base) else {
        return Err(ChartError::NoData(format!(
            "{} has no rate with a base for a funnel plot",
            i.label
        )));
    };
    let f = boardlens_core::stats::funnel::Funnel {
        target: funnel.target / 100.0,
        tau2: funnel.tau2,
        phi: 0.0,
        units: 0,
    };
    let at = f.limits(base);
    let rate = value / 100.0;
    let position = if rate > at.upper998 {
        "above the 99.8% limit"
    } else if rate < at.lower998 {
        "below the 99.8% limit"
    } else if rate > at.upper95 {
        "above the 95% limit, inside 99.8%"
    } else if rate < at.lower95 {
        "below the 95% limit, inside 99.8%"
    } else {
        "within the limits expected for its size"
    };
    let short = short_name(&report.trust.name);
    // The verdict every other output shows is this chart's reading at the trust's base.
    let verdict = match i.label_vs_peers {
        Some(v) => format!(": {} peers", v.words()),
        None => String::new(),
    };
    let title = format!("{short}: {} is {position}{verdict}", crate::in_sentence(&i.label));
    let subtitle = format!(
        "{}, {} · {} and {} ({} peers) · pooled rate {} · dashed: 95% limits, solid: 99.8%",
        i.label,
        i.period,
        report.trust.name,
        report.peer_group.description,
        i.peer_values.len(),
        format_value(funnel.target, Unit::Percent)
    );
    let peers: Vec<(f64, f64)> = i.peer_values.iter().filter_map(|p| Some((p.base?, p.value))).collect();
    let (provenance, illustrative) = provenance_of(&[i], false);
    let alt = format!(
        "Funnel plot of {} in {}: {} has {} with {} respondents, {position}; the pooled rate across {} organisations is {}.",
        i.label,
        i.period,
        report.trust.name,
        format_value(value, Unit::Percent),
        base,
        peers.len() + 1,
        format_value(funnel.target, Unit::Percent)
    );
    let mut data = vec![
        ["ODS code", "Respondents", "Rate (%)", "This trust"]
            .map(String::from)
            .to_vec(),
    ];
    data.push(vec![
        report.trust.ods_code.clone(),
        format!("{base}"),
        crate::data_number(value),
        "true".into(),
    ]);
    data.extend(i.peer_values.iter().filter_map(|p| {
        Some(vec![
            p.ods_code.clone(),
            format!("{}", p.base?),
            crate::data_number(p.value),
            "false".into(),
        ])
    }));
    Ok(Chart {
        kind: Kind::Funnel,
        title,
        subtitle,
        source: source_lines(&provenance, None),
        illustrative,
        alt_text: alt,
        data,
        body: Body::Funnel(FunnelChart {
            trust: short,
            target: funnel.target,
            limits: funnel.limits.clone(),
            peers,
            own: (base, value),
        }),
    })
}

pub fn draw<DB: DrawingBackend>(
    c: &FunnelChart,
    f: &Frame<'_, DB>,
    area: Rect,
) -> std::result::Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let rates = c.peers.iter().map(|p| p.1).chain([c.own.1]);
    let (lo, hi) = rates.fold((c.target, c.target), |(a, b), v| (a.min(v), b.max(v)));
    let pad = (hi - lo).max(1.0) * 0.15;
    let (lo, hi) = ((lo - pad).max(0.0), (hi + pad).min(100.0));
    let x0 = area.x0 + axis_width(f, (lo, hi), Unit::Percent);
    let (x1, y0, y1) = (area.x1 - f.px(10.0), area.y0, area.y1 - 2 * f.line_height(Role::Small));
    let y = value_axis(f, (x0, x1), (y0, y1), (lo, hi), Unit::Percent)?;
    let max_n = c.peers.iter().map(|p| p.0).chain([c.own.0]).fold(1.0, f64::max) * 1.05;
    let x = |n: f64| x0 + (n / max_n * f64::from(x1 - x0)).round() as i32;
    for t in crate::frame::ticks(0.0, max_n) {
        f.text(
            &format!("{}", t as i64),
            (x(t), y1 + f.px(4.0)),
            Role::Small,
            false,
            theme::SECONDARY_TEXT,
            (HPos::Center, VPos::Top),
        )?;
    }
    f.text(
        "respondents (survey base)",
        ((x0 + x1) / 2, y1 + f.line_height(Role::Small) + f.px(4.0)),
        Role::Small,
        false,
        theme::SECONDARY_TEXT,
        (HPos::Center, VPos::Top),
    )?;
    let clip = |v: f64| v.clamp(lo, hi);
    let curve =
        |pick: fn(&Limits) -> f64| -> Vec<(i32, i32)> { c.limits.iter().map(|l| (x(l.n), y(clip(pick(l))))).collect() };
    let picks: [(LimitPick, bool); 4] = [
        (|l| l.lower998, false),
        (|l| l.upper998, false),
        (|l| l.lower95, true),
        (|l| l.upper95, true),
    ];
    for (pick, dashed) in picks {
        let pts = curve(pick);
        if dashed {
            for seg in pts.windows(2).step_by(2) {
                f.root
                    .draw(&PathElement::new(seg.to_vec(), theme::MID_GREY.stroke_width(1)))?;
            }
        } else {
            f.root.draw(&PathElement::new(pts, theme::MID_GREY.stroke_width(2)))?;
        }
    }
    f.root.draw(&PathElement::new(
        vec![(x0, y(c.target)), (x1, y(c.target))],
        theme::DARK_BLUE.stroke_width(f.px(1.5).max(2) as u32),
    ))?;
    f.text(
        &format!("pooled rate {}", format_value(c.target, Unit::Percent)),
        (x0 + f.px(6.0), y(c.target) - f.px(3.0)),
        Role::Small,
        true,
        theme::DARK_BLUE,
        (HPos::Left, VPos::Bottom),
    )?;
    let r = f.px(3.0).max(3);
    for (n, v) in &c.peers {
        f.root
            .draw(&Circle::new((x(*n), y(*v)), r, theme::PALE_GREY.filled()))?;
    }
    let (tx, ty) = (x(c.own.0), y(c.own.1));
    f.root.draw(&Circle::new((tx, ty), r * 2, theme::NHS_BLUE.filled()))?;
    let label = format!("{} {}", c.trust, format_value(c.own.1, Unit::Percent));
    let w = f.text_width(&label, Role::Label, true);
    let lx = if tx + 2 * r + f.px(4.0) + w > x1 {
        tx - 2 * r - f.px(4.0) - w
    } else {
        tx + 2 * r + f.px(4.0)
    };
    f.text(
        &label,
        (lx, ty - 2 * r),
        Role::Label,
        true,
        theme::NHS_BLUE,
        (HPos::Left, VPos::Bottom),
    )?;
    Ok(())
}
