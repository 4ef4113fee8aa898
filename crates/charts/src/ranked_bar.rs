//! Ranked bar (caterpillar): every peer's value for one indicator in rank order, best first,
//! the trust in NHS Blue with a direct label, the peer median as a Dark Blue line.

use crate::frame::{Frame, Rect, Role};
use crate::theme;
use crate::{Body, Chart, ChartError, Kind, Result, short_name, source_lines};
use boardlens_core::benchmark::Report;
use boardlens_core::benchmark::narrative::format_value;
use boardlens_core::model::{Polarity, Unit};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    trust: String,
    unit: Unit,
    /// (value, is the trust), best first.
    bars: Vec<(f64, bool)>,
    median: f64,
    baseline: f64,
    lower_better: bool,
}

pub fn build(report: &Report, indicator: Option<&str>) -> Result<Chart> {
    let i = crate::find_indicator(report, indicator)?;
    let (Some(value), Some(peers), Some(rank)) = (i.value, i.peers, i.rank) else {
        return Err(ChartError::NoData(format!(
            "{} has no value or no peers to rank for {}",
            report.trust.name, i.label
        )));
    };
    let lower_better = i.polarity == Polarity::LowerIsBetter;
    // Best first; among equal values the trust first, then by code.
    let mut entries: Vec<(String, f64, bool)> = i
        .peer_values
        .iter()
        .map(|p| (p.ods_code.clone(), p.value, false))
        .collect();
    entries.push((report.trust.ods_code.clone(), value, true));
    entries.sort_by(|a, b| {
        let o = if lower_better {
            a.1.total_cmp(&b.1)
        } else {
            b.1.total_cmp(&a.1)
        };
        o.then_with(|| b.2.cmp(&a.2)).then_with(|| a.0.cmp(&b.0))
    });
    let bars: Vec<(f64, bool)> = entries.iter().map(|(_, v, t)| (*v, *t)).collect();
    let short = short_name(&report.trust.name);
    let order = if i.polarity == Polarity::NoJudgement {
        " (highest first)"
    } else {
        ""
    };
    let title = format!(
        "{short} ranks {rank} of {}{order} on {}",
        i.n,
        crate::in_sentence(&i.label)
    );
    let subtitle = format!(
        "{}, {} · {} against {} · peer median {}",
        i.label,
        i.period,
        report.trust.name,
        i.compared_with,
        format_value(peers.median, i.unit)
    );
    let caveat = i.caveat.clone();
    let mut alt = format!(
        "Ranked bar chart of {} in {} for {} and its {} peers with a value. {} ranks {rank} of {} with {}; the peer median is {}, the range {} to {}.",
        i.label,
        i.period,
        report.trust.name,
        peers.n,
        report.trust.name,
        i.n,
        format_value(value, i.unit),
        format_value(peers.median, i.unit),
        format_value(peers.min, i.unit),
        format_value(peers.max, i.unit)
    );
    if i.illustrative {
        alt += " Illustrative synthetic data, not published figures.";
    }
    if let Some(c) = &caveat {
        alt += &format!(" {c}");
    }
    let mut data = vec![vec![
        "Rank".to_string(),
        "ODS code".into(),
        "Name".into(),
        "Value".into(),
        "This trust".into(),
    ]];
    for (code, v, is_trust) in &entries {
        let better = entries
            .iter()
            .filter(|e| if lower_better { e.1 < *v } else { e.1 > *v })
            .count();
        let name = boardlens_core::benchmark::member_name(report, code)
            .unwrap_or(code)
            .to_string();
        data.push(vec![
            (better + 1).to_string(),
            code.clone(),
            name,
            crate::data_number(*v),
            is_trust.to_string(),
        ]);
    }
    let baseline = if i.unit == Unit::Score {
        1.0
    } else {
        0.0f64.min(peers.min.min(value))
    };
    Ok(Chart {
        kind: Kind::RankedBar,
        title,
        subtitle,
        source: source_lines(&i.provenance, caveat.as_deref()),
        illustrative: i.illustrative,
        alt_text: alt,
        data,
        body: Body::RankedBar(Ranked {
            trust: short,
            unit: i.unit,
            bars,
            median: peers.median,
            baseline,
            lower_better,
        }),
    })
}

pub fn draw<DB: DrawingBackend>(
    r: &Ranked,
    f: &Frame<'_, DB>,
    area: Rect,
) -> std::result::Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let max = r.bars.iter().map(|b| b.0).fold(r.median, f64::max);
    let top = if r.unit == Unit::Score { 5.0 } else { max * 1.08 };
    let tick_values = crate::frame::ticks(r.baseline, top);
    let axis_w = tick_values
        .iter()
        .map(|t| f.text_width(&format_value(*t, r.unit), Role::Small, false))
        .max()
        .unwrap_or(0)
        + f.px(8.0);
    let label_h = f.line_height(Role::Label) * 2;
    let caption_h = f.line_height(Role::Small) + f.px(4.0);
    let (x0, x1) = (area.x0 + axis_w, area.x1);
    let (y0, y1) = (area.y0 + label_h, area.y1 - caption_h);
    let y = |v: f64| y1 - ((v - r.baseline) / (top - r.baseline) * f64::from(y1 - y0)).round() as i32;
    for t in &tick_values {
        let ty = y(*t);
        f.root
            .draw(&PathElement::new(vec![(x0, ty), (x1, ty)], theme::BAND.stroke_width(1)))?;
        f.text(
            &format_value(*t, r.unit),
            (x0 - f.px(6.0), ty),
            Role::Small,
            false,
            theme::SECONDARY_TEXT,
            (HPos::Right, VPos::Center),
        )?;
    }
    let n = r.bars.len().max(1) as f64;
    let slot = f64::from(x1 - x0) / n;
    let gap = if slot > 6.0 { (slot * 0.2).max(1.0) } else { 0.0 };
    let mut trust_x = None;
    for (k, (v, is_trust)) in r.bars.iter().enumerate() {
        let bx0 = x0 + (slot * k as f64 + gap / 2.0).round() as i32;
        let bx1 = (x0 + (slot * (k + 1) as f64 - gap / 2.0).round() as i32).max(bx0 + 1);
        let color = if *is_trust { theme::NHS_BLUE } else { theme::PALE_GREY };
        f.root
            .draw(&Rectangle::new([(bx0, y(*v)), (bx1, y1)], color.filled()))?;
        if *is_trust {
            trust_x = Some(((bx0 + bx1) / 2, y(*v)));
        }
    }
    // The median line with its label at the right end.
    let my = y(r.median);
    f.root.draw(&PathElement::new(
        vec![(x0, my), (x1, my)],
        theme::DARK_BLUE.stroke_width(f.px(1.5).max(2) as u32),
    ))?;
    let median_label = format!("peer median {}", format_value(r.median, r.unit));
    let (mw, mh, pad) = (
        f.text_width(&median_label, Role::Small, true),
        f.line_height(Role::Small),
        f.px(3.0),
    );
    f.root.draw(&Rectangle::new(
        [(x1 - mw - 2 * pad, my - f.px(3.0) - mh), (x1, my - f.px(2.0))],
        theme::WHITE.filled(),
    ))?;
    f.text(
        &median_label,
        (x1 - pad, my - f.px(3.0)),
        Role::Small,
        true,
        theme::DARK_BLUE,
        (HPos::Right, VPos::Bottom),
    )?;
    // The trust's direct label above its bar, kept inside the plot.
    if let Some((tx, ty)) = trust_x {
        let value = r.bars.iter().find(|b| b.1).map(|b| b.0).unwrap_or_default();
        // A name longer than the plot is shortened to fit, value kept (regression: a trust name of
        // ~130 characters made the clamp's bounds cross and the drawing panic).
        let value_text = format!(" {}", format_value(value, r.unit));
        let room = (x1 - x0 - f.text_width(&value_text, Role::Label, true)).max(0);
        let label = f.fit(&r.trust, Role::Label, true, room) + &value_text;
        let w = f.text_width(&label, Role::Label, true);
        let lx = (tx - w / 2).min(x1 - w).max(x0);
        let ly = (ty - f.px(6.0)).max(area.y0 + f.line_height(Role::Label));
        // Above the tallest bars near it, on a white ground so it never sits on a bar.
        let lh = f.line_height(Role::Label);
        let ly = ly.min(y(max) - f.px(4.0)).max(area.y0 + lh);
        f.root.draw(&PathElement::new(
            vec![(tx, ty), (tx, ly)],
            theme::NHS_BLUE.stroke_width(1),
        ))?;
        let pad = f.px(3.0);
        f.root.draw(&Rectangle::new(
            [(lx - pad, ly - lh), (lx + w + pad, ly + pad)],
            theme::WHITE.filled(),
        ))?;
        f.text(
            &label,
            (lx, ly),
            Role::Label,
            true,
            theme::NHS_BLUE,
            (HPos::Left, VPos::Bottom),
        )?;
    }
    f.root.draw(&PathElement::new(
        vec![(x0, y1), (x1, y1)],
        theme::MID_GREY.stroke_width(1),
    ))?;
    let caption = if r.lower_better {
        "each bar is one trust, lowest (best) first"
    } else {
        "each bar is one trust, highest first"
    };
    f.text(
        caption,
        (x0, y1 + f.px(3.0)),
        Role::Small,
        false,
        theme::SECONDARY_TEXT,
        (HPos::Left, VPos::Top),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn axis_ticks_are_round() {
        assert_eq!(crate::frame::ticks(1.0, 5.0), [1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(crate::frame::ticks(0.0, 108.0), [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
    }
}
