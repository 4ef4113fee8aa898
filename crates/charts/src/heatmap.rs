//! Heatmap of peers × DMA pillars: the trust and the 30 peers closest to it in overall score,
//! sorted by overall score, each cell shaded by its score with the number written in it; the
//! trust's row outlined and named in bold.

use crate::frame::{Frame, Rect, Role};
use crate::theme;
use crate::{Body, Chart, ChartError, Kind, Result, provenance_of, short_name, source_lines};
use boardlens_core::benchmark::{Report, member_name};
use boardlens_core::dma;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use std::collections::BTreeMap;

/// Rows shown besides the trust.
const NEIGHBOURS: usize = 30;

#[derive(Debug, Clone, PartialEq)]
pub struct Heatmap {
    columns: Vec<String>,
    /// (name, is trust, scores per column)
    rows: Vec<(String, bool, Vec<Option<f64>>)>,
    /// The most of the width the names may take: 1/4, or 1/3 for providers with their setting.
    names_share: i32,
}

pub fn build(report: &Report, key: Option<&str>) -> Result<Chart> {
    if !report.providers.is_empty() && key.is_none() {
        return providers(report);
    }
    let pillars = crate::latest_pillars(report, key)?;
    let mut scores: BTreeMap<String, Vec<Option<f64>>> = BTreeMap::new();
    for (c, i) in pillars.iter().enumerate() {
        for p in &i.peer_values {
            scores
                .entry(p.ods_code.clone())
                .or_insert_with(|| vec![None; pillars.len()])[c] = Some(p.value);
        }
        scores
            .entry(report.trust.ods_code.clone())
            .or_insert_with(|| vec![None; pillars.len()])[c] = i.value;
    }
    let mean = |v: &Vec<Option<f64>>| {
        let xs: Vec<f64> = v.iter().flatten().copied().collect();
        (xs.len() == v.len()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
    };
    let mut ranked: Vec<(String, f64, Vec<Option<f64>>)> = scores
        .into_iter()
        .filter_map(|(c, v)| Some((c, mean(&v)?, v)))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let at = ranked
        .iter()
        .position(|r| r.0 == report.trust.ods_code)
        .ok_or_else(|| ChartError::NoData(format!("the {} has no complete set of pillar scores", report.subject().one)))?;
    let start = at
        .saturating_sub(NEIGHBOURS / 2)
        .min(ranked.len().saturating_sub(NEIGHBOURS + 1));
    let shown = &ranked[start..(start + NEIGHBOURS + 1).min(ranked.len())];
    let rows: Vec<(String, bool, Vec<Option<f64>>)> = shown
        .iter()
        .map(|(code, _, v)| {
            let name = member_name(report, code).map_or_else(|| code.clone(), short_name);
            (name, *code == report.trust.ods_code, v.clone())
        })
        .collect();
    let short = short_name(&report.trust.name);
    let title = format!(
        "{short} and the {} peers closest to it in DMA score, pillar by pillar",
        rows.len() - 1
    );
    let subtitle = format!(
        "DMA pillar scores (1–5), {} · sorted by the mean of the pillars · pale: 3 or under, blue: over 3, darker is higher; each cell gives its score · peers: {}",
        pillars[0].period, pillars[0].compared_with
    );
    let (provenance, illustrative) = provenance_of(&pillars, false);
    let columns: Vec<String> = pillars.iter().map(|i| i.label.clone()).collect();
    let mut alt = format!(
        "Heatmap of DMA pillar scores in {} for {} and the {} peers closest in overall score. ",
        pillars[0].period,
        report.trust.name,
        rows.len() - 1
    );
    if let Some(own) = rows.iter().find(|r| r.1) {
        alt += &format!(
            "{}: {}.",
            report.trust.name,
            columns
                .iter()
                .zip(&own.2)
                .map(|(c, v)| format!("{c} {}", v.map_or("-".into(), |v| format!("{v:.2}"))))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if illustrative {
        alt += " Illustrative synthetic data.";
    }
    let mut data = vec![
        std::iter::once("Organisation".to_string())
            .chain(columns.iter().cloned())
            .collect::<Vec<_>>(),
    ];
    data.extend(rows.iter().map(|(n, _, v)| {
        std::iter::once(n.clone())
            .chain(v.iter().map(|x| x.map(crate::data_number).unwrap_or_default()))
            .collect()
    }));
    Ok(Chart {
        kind: Kind::Heatmap,
        title,
        subtitle,
        source: source_lines(&provenance, Some(dma::SELF_ASSESSMENT_CAVEAT)),
        illustrative,
        alt_text: alt,
        data,
        body: Body::Heatmap(Heatmap {
            columns,
            rows,
            names_share: 4,
        }),
    })
}

/// An ICB's providers × the seven pillars of each one's headline care setting, the scores
/// written in the cells: the side-by-side view an ICB board asks for.
fn providers(report: &Report) -> Result<Chart> {
    let columns: Vec<String> = dma::PILLARS.iter().map(|(name, _)| name.to_string()).collect();
    let mut shown: Vec<&boardlens_core::benchmark::Provider> = report.providers.iter().collect();
    shown.sort_by(|a, b| {
        b.overall
            .unwrap_or(f64::MIN)
            .total_cmp(&a.overall.unwrap_or(f64::MIN))
            .then_with(|| a.name.cmp(&b.name))
    });
    let label = |p: &boardlens_core::benchmark::Provider| {
        format!("{} ({})", short_name(&p.name), dma::setting_words(&p.setting))
    };
    let rows: Vec<(String, bool, Vec<Option<f64>>)> =
        shown.iter().map(|p| (label(p), false, p.pillars.clone())).collect();
    let mut periods: Vec<&str> = shown.iter().map(|p| p.period.as_str()).collect();
    periods.dedup();
    let period = periods.join(", ");
    let short = short_name(&report.trust.name);
    let title = format!("{short}: its {} providers side by side, pillar by pillar", rows.len());
    let subtitle = format!(
        "DMA pillar scores (1–5) of each provider's main care setting, {period} · sorted by the mean of the pillars · pale: 3 or under, blue: over 3, darker is higher; each cell gives its score"
    );
    let provenance: Vec<boardlens_core::model::Provenance> = report
        .sources
        .iter()
        .filter(|p| p.key.starts_with("dma"))
        .cloned()
        .collect();
    let illustrative = provenance.iter().any(|p| p.synthetic);
    let mut alt = format!(
        "Table-like heatmap of the DMA pillar scores in {period} of the {} providers in {}. ",
        rows.len(),
        report.trust.name
    );
    alt += &shown
        .iter()
        .map(|p| {
            format!(
                "{}: {}",
                label(p),
                columns
                    .iter()
                    .zip(&p.pillars)
                    .map(|(c, v)| format!("{c} {}", v.map_or("-".into(), |v| format!("{v:.1}"))))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    alt += ".";
    if illustrative {
        alt += " Illustrative synthetic data.";
    }
    let mut data = vec![
        ["ODS code", "Provider", "Care setting", "Period"]
            .iter()
            .map(|s| s.to_string())
            .chain(columns.iter().cloned())
            .chain(std::iter::once("mean_of_pillars".to_string()))
            .collect::<Vec<_>>(),
    ];
    data.extend(shown.iter().map(|p| {
        [
            p.ods_code.clone(),
            p.name.clone(),
            dma::setting_words(&p.setting),
            p.period.clone(),
        ]
        .into_iter()
        .chain(p.pillars.iter().map(|x| x.map(crate::data_number).unwrap_or_default()))
        .chain(std::iter::once(p.overall.map(crate::data_number).unwrap_or_default()))
        .collect()
    }));
    Ok(Chart {
        kind: Kind::Heatmap,
        title,
        subtitle,
        source: source_lines(&provenance, Some(dma::SELF_ASSESSMENT_CAVEAT)),
        illustrative,
        alt_text: alt,
        data,
        body: Body::Heatmap(Heatmap {
            columns,
            rows,
            names_share: 3,
        }),
    })
}

/// Shade a score in two ramps that meet at the scale's middle, 3: pale grey to light blue up to
/// 3 (dark text on it), NHS Blue to NHS Dark Blue above (white text on it). Between the two
/// ramps lie the blues on which neither dark nor white text reaches 4.5:1, so none is used.
fn shade(v: f64) -> RGBColor {
    let mix = |from: (u8, u8, u8), to: (u8, u8, u8), t: f64| {
        let m = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t.clamp(0.0, 1.0)).round() as u8;
        RGBColor(m(from.0, to.0), m(from.1, to.1), m(from.2, to.2))
    };
    if v <= 3.0 {
        mix((0xF0, 0xF4, 0xF5), (0x9C, 0xB9, 0xE0), (v - 1.0) / 2.0)
    } else {
        mix((0x00, 0x5E, 0xB8), (0x00, 0x30, 0x87), (v - 3.0) / 2.0)
    }
}

pub fn draw<DB: DrawingBackend>(
    h: &Heatmap,
    f: &Frame<'_, DB>,
    area: Rect,
) -> std::result::Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let name_w = ((area.x1 - area.x0) / h.names_share).min(
        h.rows
            .iter()
            .map(|r| f.text_width(&r.0, Role::Small, r.1))
            .max()
            .unwrap_or(0)
            + f.px(10.0),
    );
    let header_h = 2 * f.line_height(Role::Small);
    let (x0, y0) = (area.x0 + name_w, area.y0 + header_h);
    let col_w = (area.x1 - x0) / h.columns.len().max(1) as i32;
    let row_h = ((area.y1 - y0) / h.rows.len().max(1) as i32).max(1);
    for (c, name) in h.columns.iter().enumerate() {
        let lines = f.wrap(name, Role::Small, true, col_w - f.px(4.0));
        for (k, l) in lines.iter().take(2).enumerate() {
            f.text(
                l,
                (
                    x0 + col_w * c as i32 + col_w / 2,
                    area.y0 + k as i32 * f.line_height(Role::Small),
                ),
                Role::Small,
                true,
                theme::TEXT,
                (HPos::Center, VPos::Top),
            )?;
        }
    }
    // A cell carries its score wherever the score's glyphs (about 0.8 of plotters' size) fit the row.
    let show_numbers = f64::from(row_h) >= f.font_px(Role::Source) * 0.85;
    for (r, (name, own, values)) in h.rows.iter().enumerate() {
        let ry = y0 + row_h * r as i32;
        let label = f.fit(name, Role::Small, *own, name_w - f.px(6.0));
        f.text(
            &label,
            (area.x0, ry + row_h / 2),
            Role::Small,
            *own,
            if *own { theme::NHS_BLUE } else { theme::TEXT },
            (HPos::Left, VPos::Center),
        )?;
        for (c, v) in values.iter().enumerate() {
            let cx = x0 + col_w * c as i32;
            let Some(v) = v else { continue };
            let fill = shade(*v);
            f.root.draw(&Rectangle::new(
                [(cx + 1, ry + 1), (cx + col_w - 1, ry + row_h - 1)],
                fill.filled(),
            ))?;
            if show_numbers {
                let ink = theme::ink_on(shade(*v));
                f.text(
                    &format!("{v:.2}"),
                    (cx + col_w / 2, ry + row_h / 2),
                    Role::Source,
                    *own,
                    ink,
                    (HPos::Center, VPos::Center),
                )?;
            }
        }
        if *own {
            f.root.draw(&Rectangle::new(
                [
                    (area.x0 - f.px(2.0), ry),
                    (x0 + col_w * values.len() as i32, ry + row_h),
                ],
                theme::NHS_BLUE.stroke_width(f.px(2.0).max(2) as u32),
            ))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cells_value_is_readable_on_its_shade() {
        for k in 0..=400 {
            let v = 1.0 + f64::from(k) / 100.0;
            let fill = shade(v);
            let ratio = theme::contrast(theme::ink_on(fill), fill);
            assert!(ratio >= 4.5, "score {v}: {ratio:.2}:1 on {fill:?}");
        }
    }
}
