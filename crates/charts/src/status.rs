//! Data Security and Protection Toolkit status: how the peers' statuses are distributed, the
//! trust's status marked (NHS Blue, with its name — never colour alone), and its history.

use crate::frame::{Frame, Rect, Role};
use crate::theme;
use crate::{Body, Chart, ChartError, Kind, Result, provenance_of, short_name, source_lines};
use boardlens_core::benchmark::Report;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    trust: String,
    own: Option<String>,
    /// (status, peers with it), in the order of the standard.
    bars: Vec<(String, usize)>,
    history: Vec<(String, String)>,
}

/// Statuses from best to worst, as the toolkit names them; others follow alphabetically.
const ORDER: [&str; 5] = [
    "Standards Exceeded",
    "Standards Met",
    "Approaching Standards",
    "Standards Not Met",
    "Not Published",
];

pub fn build(report: &Report, _indicator: Option<&str>) -> Result<Chart> {
    let i = report
        .indicators
        .iter()
        .find(|i| i.key == "dspt.status")
        .ok_or_else(|| ChartError::NoData(format!("the report has no DSPT status for {}", report.trust.name)))?;
    let c = i
        .categories
        .as_ref()
        .ok_or_else(|| ChartError::NoData("the DSPT indicator has no statuses".into()))?;
    let mut bars: Vec<(String, usize)> = c.peer_distribution.iter().map(|(k, v)| (k.clone(), *v)).collect();
    if let Some(own) = &c.status
        && !bars.iter().any(|b| &b.0 == own)
    {
        bars.push((own.clone(), 0));
    }
    let rank = |s: &str| {
        ORDER
            .iter()
            .position(|o| o.eq_ignore_ascii_case(s))
            .unwrap_or(ORDER.len())
    };
    bars.sort_by(|a, b| rank(&a.0).cmp(&rank(&b.0)).then_with(|| a.0.cmp(&b.0)));
    let history: Vec<(String, String)> = i
        .history
        .iter()
        .filter_map(|h| Some((h.period.clone(), h.category.clone()?)))
        .collect();
    let short = short_name(&report.trust.name);
    let total: usize = bars.iter().map(|b| b.1).sum();
    let status = c.status.clone().unwrap_or_else(|| "no published status".into());
    let same = bars.iter().find(|b| b.0 == status).map_or(0, |b| b.1);
    let title = format!("{short}: {status} in {}, like {same} of {total} peers", i.period);
    let subtitle = format!(
        "Data Security and Protection Toolkit status, {} · {} · peers: {}",
        i.period, report.trust.name, report.peer_group.description
    );
    let (provenance, illustrative) = provenance_of(&[i], false);
    let mut alt = format!("Bar chart of the DSPT statuses of {total} peers in {}: ", i.period);
    alt += &bars
        .iter()
        .map(|(s, n)| format!("{s} {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    alt += &format!(". {} is {status}.", report.trust.name);
    if !history.is_empty() {
        alt += &format!(
            " History: {}.",
            history
                .iter()
                .map(|(p, s)| format!("{p} {s}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let mut data = vec![vec![
        "Status".to_string(),
        "Peers".into(),
        format!("The {}'s status", report.subject().one),
    ]];
    data.extend(
        bars.iter()
            .map(|(s, n)| vec![s.clone(), n.to_string(), (*s == status).to_string()]),
    );
    Ok(Chart {
        kind: Kind::DsptStatus,
        title,
        subtitle,
        source: source_lines(&provenance, None),
        illustrative,
        alt_text: alt,
        data,
        body: Body::DsptStatus(Status {
            trust: short,
            own: c.status.clone(),
            bars,
            history,
        }),
    })
}

pub fn draw<DB: DrawingBackend>(
    s: &Status,
    f: &Frame<'_, DB>,
    area: Rect,
) -> std::result::Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let label_w = s
        .bars
        .iter()
        .map(|b| f.text_width(&b.0, Role::Label, false))
        .max()
        .unwrap_or(0)
        + f.px(14.0);
    let history_h = if s.history.is_empty() {
        0
    } else {
        2 * f.line_height(Role::Label) + f.px(8.0)
    };
    let (x0, x1) = (area.x0 + label_w, area.x1 - f.px(200.0).min((area.x1 - area.x0) / 3));
    let (y0, y1) = (area.y0, area.y1 - history_h);
    let max = s.bars.iter().map(|b| b.1).max().unwrap_or(1).max(1) as f64;
    let row = (y1 - y0) / s.bars.len().max(1) as i32;
    for (k, (status, n)) in s.bars.iter().enumerate() {
        let cy = y0 + row * k as i32 + row / 2;
        let h = (row as f64 * 0.3) as i32;
        let own = s.own.as_deref() == Some(status.as_str());
        let color = if own { theme::NHS_BLUE } else { theme::PALE_GREY };
        f.text(
            status,
            (area.x0, cy),
            Role::Label,
            own,
            theme::TEXT,
            (HPos::Left, VPos::Center),
        )?;
        let bx = x0 + ((*n as f64 / max) * f64::from(x1 - x0)).round() as i32;
        f.root.draw(&Rectangle::new(
            [(x0, cy - h), (bx.max(x0 + 1), cy + h)],
            color.filled(),
        ))?;
        let mut label = format!("{n} peers");
        if own {
            label += &format!(" · {} is here", s.trust);
        }
        // Never past the edge: a long name is shortened to the room there is.
        let label = f.fit(&label, Role::Small, own, area.x1 - bx - f.px(6.0));
        f.text(
            &label,
            (bx + f.px(6.0), cy),
            Role::Small,
            own,
            if own { theme::NHS_BLUE } else { theme::TEXT },
            (HPos::Left, VPos::Center),
        )?;
    }
    if !s.history.is_empty() {
        let text = s
            .history
            .iter()
            .map(|(p, st)| format!("{p}: {st}"))
            .collect::<Vec<_>>()
            .join("   ·   ");
        f.text(
            &format!("{} status over time", crate::possessive(&s.trust)),
            (area.x0, y1 + f.px(6.0)),
            Role::Label,
            true,
            theme::TEXT,
            (HPos::Left, VPos::Top),
        )?;
        let line = f.fit(&text, Role::Label, false, area.x1 - area.x0);
        f.text(
            &line,
            (area.x0, y1 + f.px(6.0) + f.line_height(Role::Label)),
            Role::Label,
            false,
            theme::TEXT,
            (HPos::Left, VPos::Top),
        )?;
    }
    Ok(())
}
