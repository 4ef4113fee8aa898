//! Distribution strip per DMA pillar: every peer's score as a small grey dot (spread vertically
//! so they do not hide each other), the peer median as a tick, the trust as a labelled NHS Blue dot.

use crate::frame::{Frame, Rect, Role};
use crate::theme;
use crate::{Body, Chart, ChartError, Kind, Result, provenance_of, short_name, source_lines};
use boardlens_core::benchmark::Report;
use boardlens_core::dma;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

#[derive(Debug, Clone, PartialEq)]
pub struct Strip {
    trust: String,
    /// (pillar, trust value, peer median, peer values)
    rows: Vec<(String, f64, f64, Vec<f64>)>,
}

pub fn build(report: &Report, key: Option<&str>) -> Result<Chart> {
    let pillars = crate::latest_pillars(report, key)?;
    let period = pillars[0].period.clone();
    let rows: Vec<(String, f64, f64, Vec<f64>)> = pillars
        .iter()
        .filter_map(|i| {
            Some((
                i.label.clone(),
                i.value?,
                i.peers?.median,
                i.peer_values.iter().map(|p| p.value).collect(),
            ))
        })
        .collect();
    if rows.is_empty() {
        return Err(ChartError::NoData("no peers have DMA pillar scores".into()));
    }
    let short = short_name(&report.trust.name);
    // The strongest pillar by the report's one ranking (the key messages' and strengths').
    let strongest = pillars
        .iter()
        .copied()
        .min_by(|a, b| boardlens_core::benchmark::narrative::best_first(a, b));
    let (best, gap) = strongest.map_or((String::new(), 0.0), |i| {
        (i.label.clone(), i.gap_to_median.unwrap_or_default())
    });
    let title = if gap > 0.0 {
        format!("Where {short} sits among its peers on each DMA pillar: strongest on {best}")
    } else {
        format!("{short} is not above the peer median on any DMA pillar; strongest on {best}")
    };
    let subtitle = format!(
        "Every peer's pillar score, {} ({} peers, {}) · tick: peer median",
        period,
        pillars.iter().map(|i| i.peer_values.len()).max().unwrap_or(0),
        pillars[0].compared_with
    );
    let (provenance, illustrative) = provenance_of(&pillars, false);
    let mut alt = format!(
        "Strip chart of every peer's DMA pillar scores in {} with {} marked. ",
        period, report.trust.name
    );
    alt += &rows
        .iter()
        .map(|r| format!("{}: {:.2} against a peer median of {:.2}", r.0, r.1, r.2))
        .collect::<Vec<_>>()
        .join("; ");
    alt += ".";
    if illustrative {
        alt += " Illustrative synthetic data.";
    }
    let mut data = vec![
        ["Pillar", report.subject().heading, "Peer median", "Peer values"]
            .map(String::from)
            .to_vec(),
    ];
    data.extend(rows.iter().map(|r| {
        vec![
            r.0.clone(),
            format!("{}", r.1),
            format!("{}", r.2),
            r.3.iter().map(|v| crate::data_number(*v)).collect::<Vec<_>>().join(" "),
        ]
    }));
    Ok(Chart {
        kind: Kind::Strip,
        title,
        subtitle,
        source: source_lines(&provenance, Some(dma::SELF_ASSESSMENT_CAVEAT)),
        illustrative,
        alt_text: alt,
        data,
        body: Body::Strip(Strip { trust: short, rows }),
    })
}

pub fn draw<DB: DrawingBackend>(
    s: &Strip,
    f: &Frame<'_, DB>,
    area: Rect,
) -> std::result::Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let label_w = s
        .rows
        .iter()
        .map(|r| f.text_width(&r.0, Role::Label, false))
        .max()
        .unwrap_or(0)
        + f.px(12.0);
    let (x0, x1) = (area.x0 + label_w, area.x1 - f.px(20.0));
    let axis_h = f.line_height(Role::Small) + f.px(6.0);
    let (y0, y1) = (area.y0, area.y1 - axis_h);
    let x = crate::frame::score_axis(f, (x0, x1), (y0, y1))?;
    let row = (y1 - y0) / s.rows.len().max(1) as i32;
    let r = (f64::from(row) * 0.05).clamp(2.0, f64::from(f.px(3.0).max(2))) as i32;
    for (k, (label, value, median, peers)) in s.rows.iter().enumerate() {
        let cy = y0 + row * k as i32 + row / 2;
        f.text(
            label,
            (area.x0, cy),
            Role::Label,
            false,
            theme::TEXT,
            (HPos::Left, VPos::Center),
        )?;
        for (j, v) in peers.iter().enumerate() {
            // A fixed spread, not random: the same report gives the same picture.
            let dy = ((j * 7919) % 11) as i32 - 5;
            f.root
                .draw(&Circle::new((x(*v), cy + dy * row / 28), r, theme::MID_GREY.filled()))?;
        }
        let m = x(*median);
        f.root.draw(&PathElement::new(
            vec![(m, cy - row / 4), (m, cy + row / 4)],
            theme::DARK_BLUE.stroke_width(f.px(2.0).max(2) as u32),
        ))?;
        let vx = x(*value);
        f.root.draw(&Circle::new((vx, cy), r * 3, theme::NHS_BLUE.filled()))?;
        f.root
            .draw(&Circle::new((vx, cy), r * 3, theme::WHITE.stroke_width(1)))?;
        if k == 0 {
            f.text(
                &format!("{} {:.2}", s.trust, value),
                (vx, cy - r * 3 - f.px(2.0)),
                Role::Small,
                true,
                theme::NHS_BLUE,
                (HPos::Center, VPos::Bottom),
            )?;
        } else {
            f.text(
                &format!("{value:.2}"),
                (vx, cy - r * 3 - f.px(2.0)),
                Role::Small,
                true,
                theme::NHS_BLUE,
                (HPos::Center, VPos::Bottom),
            )?;
        }
    }
    Ok(())
}
