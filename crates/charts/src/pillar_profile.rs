//! Pillar profile: one row per DMA pillar — the trust's score (NHS Blue dot) against the peer
//! median (Dark Blue tick) and the middle half of peers (grey band), on the 1–5 scale.

use crate::frame::{Frame, Rect, Role};
use crate::theme;
use crate::{Body, Chart, ChartError, Kind, Result, short_name, source_lines};
use boardlens_core::benchmark::Report;
use boardlens_core::dma;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    label: String,
    value: f64,
    median: f64,
    band: Option<(f64, f64)>,
    range: (f64, f64),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    trust: String,
    rows: Vec<Row>,
}

pub fn build(report: &Report, key: Option<&str>) -> Result<Chart> {
    let chosen = crate::latest_pillars(report, key)?;
    let latest = chosen[0];
    let rows: Vec<Row> = chosen
        .iter()
        .filter_map(|i| {
            let p = i.peers?;
            Some(Row {
                label: i.label.clone(),
                value: i.value?,
                median: p.median,
                band: p.q1.zip(p.q3),
                range: (p.min, p.max),
            })
        })
        .collect();
    if rows.is_empty() {
        return Err(ChartError::NoData(
            "no peers have DMA pillar scores to compare with".into(),
        ));
    }
    let short = short_name(&report.trust.name);
    let above = rows.iter().filter(|r| r.value > r.median).count();
    let setting_of = dma::setting(&latest.key).unwrap_or_default();
    let which = if report.dma_setting.as_deref() == Some(setting_of) {
        String::new()
    } else {
        format!(" ({})", dma::setting_words(setting_of))
    };
    let title = format!(
        "{short} is above the peer median on {above} of {} DMA pillars{which}",
        rows.len()
    );
    let peers_n = chosen.iter().filter_map(|i| i.peers.map(|p| p.n)).max().unwrap_or(0);
    let setting = dma::setting(&latest.key).unwrap_or_default();
    let what = match setting {
        dma::ICB => "ICB assessment".to_string(),
        dma::PRIMARY_CARE => "ICB primary-care assessment".to_string(),
        s => format!("{} care setting", dma::setting_words(s)),
    };
    let subtitle = format!(
        "DMA pillar scores (1–5, {what}), {} · {} against {} ({peers_n} peers) · the band is the middle half of peers",
        latest.period, report.trust.name, latest.compared_with
    );
    let illustrative = chosen.iter().any(|i| i.illustrative);
    let mut provenance = Vec::new();
    for i in &chosen {
        for p in &i.provenance {
            if !provenance.contains(p) {
                provenance.push(p.clone());
            }
        }
    }
    let mut alt = format!(
        "Dot chart of {}'s DMA pillar scores ({what}) in {} against {peers_n} peers ({}). ",
        report.trust.name, latest.period, latest.compared_with
    );
    for r in &rows {
        alt += &format!("{}: {:.2} (peer median {:.2}", r.label, r.value, r.median);
        if let Some((q1, q3)) = r.band {
            alt += &format!(", middle half {q1:.2} to {q3:.2}");
        }
        alt += "). ";
    }
    if illustrative {
        alt += "Illustrative synthetic data, not published figures. ";
    }
    alt += dma::SELF_ASSESSMENT_CAVEAT;
    let mut data = vec![
        [
            "Pillar",
            "Period",
            report.subject().heading,
            "Lowest peer",
            "Peer lower quartile",
            "Peer median",
            "Peer upper quartile",
            "Highest peer",
            "Illustrative",
        ]
        .map(String::from)
        .to_vec(),
    ];
    let opt = |v: Option<f64>| v.map(crate::data_number).unwrap_or_default();
    for r in &rows {
        data.push(vec![
            r.label.clone(),
            latest.period.clone(),
            format!("{}", r.value),
            format!("{}", r.range.0),
            opt(r.band.map(|b| b.0)),
            format!("{}", r.median),
            opt(r.band.map(|b| b.1)),
            format!("{}", r.range.1),
            illustrative.to_string(),
        ]);
    }
    Ok(Chart {
        kind: Kind::PillarProfile,
        title,
        subtitle,
        source: source_lines(&provenance, Some(dma::SELF_ASSESSMENT_CAVEAT)),
        illustrative,
        alt_text: alt.trim().to_string(),
        data,
        body: Body::PillarProfile(Profile { trust: short, rows }),
    })
}

pub fn draw<DB: DrawingBackend>(
    p: &Profile,
    f: &Frame<'_, DB>,
    area: Rect,
) -> std::result::Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let label_w = p
        .rows
        .iter()
        .map(|r| f.text_width(&r.label, Role::Label, false))
        .max()
        .unwrap_or(0)
        + f.px(12.0);
    let key_h = f.line_height(Role::Small) + f.px(8.0);
    let axis_h = f.line_height(Role::Small) + f.px(6.0);
    let (x0, x1) = (area.x0 + label_w, area.x1 - f.px(40.0));
    let (y0, y1) = (area.y0 + key_h, area.y1 - axis_h);
    let row_h = (y1 - y0) / p.rows.len().max(1) as i32;
    let dot = (f64::from(row_h) * 0.16).clamp(3.0, f64::from(f.px(9.0))) as i32;

    let x = crate::frame::score_axis(f, (x0, x1), (y0, y1))?;

    // Key, as direct labels: dot = trust, band = middle half, tick = median.
    let ky = area.y0 + key_h / 2 - f.px(3.0);
    let mut kx = x0;
    f.root
        .draw(&Circle::new((kx + dot, ky), dot, theme::NHS_BLUE.filled()))?;
    kx += 2 * dot + f.px(4.0);
    f.text(
        &p.trust,
        (kx, ky),
        Role::Small,
        true,
        theme::NHS_BLUE,
        (HPos::Left, VPos::Center),
    )?;
    kx += f.text_width(&p.trust, Role::Small, true) + f.px(16.0);
    f.root.draw(&Rectangle::new(
        [(kx, ky - dot), (kx + f.px(22.0), ky + dot)],
        theme::BAND.filled(),
    ))?;
    kx += f.px(26.0);
    f.text(
        "middle half of peers",
        (kx, ky),
        Role::Small,
        false,
        theme::TEXT,
        (HPos::Left, VPos::Center),
    )?;
    kx += f.text_width("middle half of peers", Role::Small, false) + f.px(16.0);
    f.root.draw(&PathElement::new(
        vec![(kx, ky - dot - 2), (kx, ky + dot + 2)],
        theme::DARK_BLUE.stroke_width(f.px(2.0).max(2) as u32),
    ))?;
    f.text(
        "peer median",
        (kx + f.px(5.0), ky),
        Role::Small,
        false,
        theme::TEXT,
        (HPos::Left, VPos::Center),
    )?;

    for (i, r) in p.rows.iter().enumerate() {
        let cy = y0 + row_h * i as i32 + row_h / 2;
        f.text(
            &f.fit(&r.label, Role::Label, false, label_w - f.px(8.0)),
            (area.x0, cy),
            Role::Label,
            false,
            theme::TEXT,
            (HPos::Left, VPos::Center),
        )?;
        f.root.draw(&PathElement::new(
            vec![(x(r.range.0), cy), (x(r.range.1), cy)],
            theme::PALE_GREY.stroke_width(1),
        ))?;
        if let Some((q1, q3)) = r.band {
            f.root.draw(&Rectangle::new(
                [(x(q1), cy - dot), (x(q3), cy + dot)],
                theme::BAND.filled(),
            ))?;
        }
        let m = x(r.median);
        f.root.draw(&PathElement::new(
            vec![(m, cy - dot - 3), (m, cy + dot + 3)],
            theme::DARK_BLUE.stroke_width(f.px(2.0).max(2) as u32),
        ))?;
        let vx = x(r.value);
        f.root.draw(&Circle::new((vx, cy), dot, theme::NHS_BLUE.filled()))?;
        f.root.draw(&Circle::new((vx, cy), dot, theme::WHITE.stroke_width(1)))?;
        f.text(
            &format!("{:.2}", r.value),
            (vx + dot + f.px(4.0), cy - dot - f.px(1.0)),
            Role::Small,
            true,
            theme::NHS_BLUE,
            (HPos::Left, VPos::Bottom),
        )?;
    }
    Ok(())
}
