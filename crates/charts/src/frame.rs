//! What every chart shares: title, subtitle, the illustrative-data mark, the source lines, and
//! text measured and wrapped in the bundled font so nothing overlaps or runs off the canvas.

use crate::Chart;
use crate::theme::{self, FONT};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

type DrawResult<T, DB> = Result<T, DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A rectangle in pixels.
#[derive(Debug, Clone, Copy)]
pub struct Rect {
    pub x0: i32,
    pub y0: i32,
    pub x1: i32,
    pub y1: i32,
}

/// plotters' SVG backend writes a text's `font-size` as its size divided by 1.24 (its size is a
/// line height, not an em), so the floor is raised by that much: no text in an SVG (or the PDF
/// drawn from it) is under [`crate::paper::MIN_TEXT_PT`] at print size.
const SVG_FONT_SIZE_FACTOR: f64 = 1.24;

/// The canvas and its measures.
pub struct Frame<'a, DB: DrawingBackend> {
    pub root: &'a DrawingArea<DB, Shift>,
    px_per_pt: f64,
    /// Text size scale: 1 on a slide, smaller on A4.
    scale: f64,
    pub width: i32,
    pub height: i32,
    /// Draw text as pixels ourselves (a PNG), not through plotters' bitmap text.
    raster: bool,
    /// No text smaller than this, in pixels as plotters sizes text.
    floor_px: f64,
}

/// Text roles and their sizes in points on a slide.
#[derive(Clone, Copy)]
pub enum Role {
    Title,
    Subtitle,
    Label,
    Small,
    Source,
}

impl<'a, DB: DrawingBackend> Frame<'a, DB> {
    pub fn new(root: &'a DrawingArea<DB, Shift>, px_per_pt: f64) -> Self {
        let (w, _) = root.dim_in_pixel();
        let width_in = f64::from(w) / (px_per_pt * 72.0);
        Self::with_scale(root, px_per_pt, (width_in / 13.333).clamp(0.6, 1.0))
    }

    /// A frame with a chosen text scale (document pages read at arm's length, not across a room).
    pub fn with_scale(root: &'a DrawingArea<DB, Shift>, px_per_pt: f64, scale: f64) -> Self {
        let (w, h) = root.dim_in_pixel();
        Frame {
            root,
            px_per_pt,
            scale,
            width: w as i32,
            height: h as i32,
            raster: false,
            floor_px: f64::from(crate::paper::MIN_TEXT_PT) * SVG_FONT_SIZE_FACTOR * px_per_pt,
        }
    }

    /// The same frame for a screen: no text under [`crate::SCREEN_MIN_TEXT_PX`] as shown.
    pub fn for_screen(mut self) -> Self {
        self.floor_px = self.floor_px.max(crate::SCREEN_MIN_TEXT_PX * SVG_FONT_SIZE_FACTOR);
        self
    }

    /// The same frame drawing its text pixel by pixel with the font's own glyph positions: for
    /// a bitmap. plotters' bitmap text places each glyph at the pen without its left side
    /// bearing and truncates the pen to a whole pixel, so letters crowd and gap at small sizes
    /// ("al ways", "emoti onally") and a decimal point runs into the next digit.
    pub fn rastering(mut self) -> Self {
        self.raster = true;
        self
    }

    /// Pixels for points.
    pub fn px(&self, pt: f64) -> i32 {
        (pt * self.px_per_pt).round() as i32
    }

    /// Font size in pixels of a role.
    pub fn font_px(&self, role: Role) -> f64 {
        let pt = match role {
            Role::Title => 24.0,
            Role::Subtitle => 16.0,
            Role::Label => 14.0,
            Role::Small => 12.0,
            Role::Source => 11.0,
        } * self.scale;
        (pt * self.px_per_pt).max(self.floor_px)
    }

    pub fn style(&self, role: Role, bold: bool, color: RGBColor) -> TextStyle<'static> {
        let font = (FONT, self.font_px(role)).into_font();
        let font = if bold { font.style(FontStyle::Bold) } else { font };
        font.color(&color)
    }

    /// Width of a text in pixels, measured the way it will be drawn: a rastering frame draws
    /// glyph by glyph with the font's own advances, which run wider than plotters' layout, so it
    /// measures with them too (or wrapped lines and boxed labels overrun their space).
    pub fn text_width(&self, text: &str, role: Role, bold: bool) -> i32 {
        if self.raster {
            return self.raster_width(text, role, bold);
        }
        let font = (FONT, self.font_px(role)).into_font();
        let font = if bold { font.style(FontStyle::Bold) } else { font };
        font.box_size(text).map_or(0, |(w, _)| w as i32)
    }

    /// The pen's travel over a text in the font's own advances and kerning, as
    /// [`Frame::raster_text`] draws it, rounded up to a whole pixel.
    fn raster_width(&self, text: &str, role: Role, bold: bool) -> i32 {
        use ab_glyph::{Font, FontRef, ScaleFont};
        let [regular, bold_face] = theme::font_files();
        let Ok(font) = FontRef::try_from_slice(if bold { bold_face } else { regular }) else {
            return 0;
        };
        let scaled = font.as_scaled(self.font_px(role) as f32);
        let mut pen = 0.0f32;
        let mut previous = None;
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = previous {
                pen += scaled.kern(p, id);
            }
            previous = Some(id);
            pen += scaled.h_advance(id);
        }
        pen.ceil() as i32
    }

    /// Line height of a role.
    pub fn line_height(&self, role: Role) -> i32 {
        (self.font_px(role) * 1.25).round() as i32
    }

    /// Greedy word wrap to a width.
    pub fn wrap(&self, text: &str, role: Role, bold: bool, width: i32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if !line.is_empty() && self.text_width(&candidate, role, bold) > width {
                lines.push(std::mem::take(&mut line));
                line = word.to_string();
            } else {
                line = candidate;
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }

    /// Shorten a text with an ellipsis until it fits a width.
    pub fn fit(&self, text: &str, role: Role, bold: bool, width: i32) -> String {
        if self.text_width(text, role, bold) <= width {
            return text.to_string();
        }
        // The longest prefix that fits, by halving: a width grows with its prefix, and a
        // 40,000-character name must not cost 40,000 measurements of 40,000 characters.
        let chars: Vec<char> = text.chars().collect();
        let candidate = |n: usize| chars[..n].iter().collect::<String>().trim_end().to_string() + "…";
        let (mut lo, mut hi) = (0usize, chars.len().saturating_sub(1));
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if self.text_width(&candidate(mid), role, bold) <= width {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        if lo == 0 { "…".to_string() } else { candidate(lo) }
    }

    /// Draw text with its top-left (or another anchor) at a point.
    pub fn text(
        &self,
        text: &str,
        (x, y): (i32, i32),
        role: Role,
        bold: bool,
        color: RGBColor,
        (h, v): (HPos, VPos),
    ) -> DrawResult<(), DB> {
        if self.raster {
            return self.raster_text(text, (x, y), role, bold, color, (h, v));
        }
        let style = self.style(role, bold, color).pos(Pos::new(h, v));
        self.root.draw(&Text::new(text.to_string(), (x, y), style))
    }

    /// Text as anti-aliased pixels, each glyph at the pen plus its own bearing (ab_glyph's
    /// positioned outline), the pen kept in fractions of a pixel, kerning applied; placed in the
    /// same box plotters' layout gives it, so anchors work as before.
    fn raster_text(
        &self,
        text: &str,
        (x, y): (i32, i32),
        role: Role,
        bold: bool,
        color: RGBColor,
        (h, v): (HPos, VPos),
    ) -> DrawResult<(), DB> {
        use ab_glyph::{Font, FontRef, ScaleFont, point};
        let [regular, bold_face] = theme::font_files();
        let Ok(font) = FontRef::try_from_slice(if bold { bold_face } else { regular }) else {
            return Ok(());
        };
        let size = self.font_px(role) as f32;
        let scaled = font.as_scaled(size);
        let width = self.text_width(text, role, bold);
        let height = (f64::from(size) / 1.24) as i32;
        let dx = match h {
            HPos::Left => 0,
            HPos::Right => -width,
            HPos::Center => -width / 2,
        };
        let dy = match v {
            VPos::Top => 0,
            VPos::Bottom => -height,
            VPos::Center => -height / 2,
        };
        // plotters puts the baseline half a size below the box's top.
        let (left, baseline) = ((x + dx) as f32, (y + dy) as f32 + size / 2.0);
        let mut pen = 0.0f32;
        let mut previous = None;
        let mut pixels = Vec::new();
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = previous {
                pen += scaled.kern(p, id);
            }
            previous = Some(id);
            let glyph = id.with_scale_and_position(size, point(left + pen, baseline));
            if let Some(outline) = font.outline_glyph(glyph) {
                let b = outline.px_bounds();
                outline.draw(|gx, gy, coverage| {
                    if coverage > 0.0 {
                        pixels.push((
                            b.min.x as i32 + gx as i32,
                            b.min.y as i32 + gy as i32,
                            coverage.min(1.0),
                        ));
                    }
                });
            }
            pen += scaled.h_advance(id);
        }
        for (px, py, coverage) in pixels {
            self.root.draw_pixel((px, py), &color.mix(f64::from(coverage)))?;
        }
        Ok(())
    }

    /// Title, subtitle, illustrative mark and source lines; returns the plot area.
    pub fn draw_chrome(&self, chart: &Chart) -> DrawResult<Rect, DB> {
        let margin = self.px(22.0 * self.scale.max(0.6));
        let inner = self.width - 2 * margin;
        let mut y = margin;

        // The illustrative mark sits top right; the title wraps beside it.
        let mut title_width = inner;
        if chart.illustrative {
            let label = "ILLUSTRATIVE DATA";
            let note = "synthetic, not published figures";
            let pad = self.px(5.0 * self.scale);
            let w = self
                .text_width(label, Role::Small, true)
                .max(self.text_width(note, Role::Source, false))
                + 2 * pad;
            let h = self.line_height(Role::Small) + self.line_height(Role::Source) + 2 * pad;
            let x0 = self.width - margin - w;
            self.root
                .draw(&Rectangle::new([(x0, y), (x0 + w, y + h)], theme::WARM_YELLOW.filled()))?;
            self.root
                .draw(&Rectangle::new([(x0, y), (x0 + w, y + h)], theme::TEXT.stroke_width(2)))?;
            self.text(
                label,
                (x0 + pad, y + pad),
                Role::Small,
                true,
                theme::TEXT,
                (HPos::Left, VPos::Top),
            )?;
            self.text(
                note,
                (x0 + pad, y + pad + self.line_height(Role::Small)),
                Role::Source,
                false,
                theme::TEXT,
                (HPos::Left, VPos::Top),
            )?;
            title_width = inner - w - self.px(12.0);
        }
        for line in self.wrap(&chart.title, Role::Title, true, title_width) {
            self.text(
                &line,
                (margin, y),
                Role::Title,
                true,
                theme::TEXT,
                (HPos::Left, VPos::Top),
            )?;
            y += self.line_height(Role::Title);
        }
        y += self.px(2.0);
        for line in self.wrap(&chart.subtitle, Role::Subtitle, false, title_width) {
            self.text(
                &line,
                (margin, y),
                Role::Subtitle,
                false,
                theme::SECONDARY_TEXT,
                (HPos::Left, VPos::Top),
            )?;
            y += self.line_height(Role::Subtitle);
        }
        y += self.px(10.0 * self.scale);

        // Source lines from the bottom up.
        let mut source_lines = Vec::new();
        for s in &chart.source {
            source_lines.extend(self.wrap(s, Role::Source, false, inner));
        }
        let mut sy = self.height - margin - self.line_height(Role::Source) * source_lines.len() as i32;
        let bottom = sy - self.px(8.0 * self.scale);
        for line in &source_lines {
            self.text(
                line,
                (margin, sy),
                Role::Source,
                false,
                theme::SECONDARY_TEXT,
                (HPos::Left, VPos::Top),
            )?;
            sy += self.line_height(Role::Source);
        }
        Ok(Rect {
            x0: margin,
            y0: y,
            x1: self.width - margin,
            y1: bottom,
        })
    }
}

/// Round numbers for an axis from `lo` to `hi`.
pub fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    let span = (hi - lo).max(f64::EPSILON);
    let raw = span / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| span / s <= 6.0)
        .unwrap_or(mag * 10.0);
    let mut t = (lo / step).ceil() * step;
    let mut out = Vec::new();
    while t <= hi + step * 1e-9 {
        out.push(t);
        t += step;
    }
    out
}

/// Draw a value axis (gridlines and labels) on the left of a plot; returns the value → y mapping.
pub fn value_axis<DB: DrawingBackend>(
    f: &Frame<'_, DB>,
    (x0, x1): (i32, i32),
    (y0, y1): (i32, i32),
    (lo, hi): (f64, f64),
    unit: boardlens_core::model::Unit,
) -> Result<impl Fn(f64) -> i32 + use<DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    let span = (hi - lo).max(f64::EPSILON);
    let map = move |v: f64| y1 - ((v - lo) / span * f64::from(y1 - y0)).round() as i32;
    for t in ticks(lo, hi) {
        let ty = map(t);
        f.root
            .draw(&PathElement::new(vec![(x0, ty), (x1, ty)], theme::BAND.stroke_width(1)))?;
        let label = boardlens_core::benchmark::narrative::format_value(t, unit);
        f.text(
            &label,
            (x0 - f.px(6.0), ty),
            Role::Small,
            false,
            theme::SECONDARY_TEXT,
            (HPos::Right, VPos::Center),
        )?;
    }
    Ok(map)
}

/// Width of the value axis labels.
pub fn axis_width<DB: DrawingBackend>(
    f: &Frame<'_, DB>,
    (lo, hi): (f64, f64),
    unit: boardlens_core::model::Unit,
) -> i32 {
    ticks(lo, hi)
        .iter()
        .map(|t| {
            f.text_width(
                &boardlens_core::benchmark::narrative::format_value(*t, unit),
                Role::Small,
                false,
            )
        })
        .max()
        .unwrap_or(0)
        + f.px(8.0)
}

/// Draw the DMA score scale (1–5) along the bottom of a plot, with vertical gridlines; returns
/// the score → x mapping.
pub fn score_axis<DB: DrawingBackend>(
    f: &Frame<'_, DB>,
    (x0, x1): (i32, i32),
    (y0, y1): (i32, i32),
) -> Result<impl Fn(f64) -> i32 + use<DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    let map = move |v: f64| x0 + ((v - 1.0) / 4.0 * f64::from(x1 - x0)).round() as i32;
    for score in 1..=5 {
        let gx = map(f64::from(score));
        f.root
            .draw(&PathElement::new(vec![(gx, y0), (gx, y1)], theme::BAND.stroke_width(1)))?;
        f.text(
            &score.to_string(),
            (gx, y1 + f.px(4.0)),
            Role::Small,
            false,
            theme::SECONDARY_TEXT,
            (HPos::Center, VPos::Top),
        )?;
    }
    Ok(map)
}

/// Label periods along the bottom of a plot (every `every`-th one); `x` places period `k`.
pub fn period_axis<DB: DrawingBackend>(
    f: &Frame<'_, DB>,
    periods: impl Iterator<Item = (usize, String)>,
    x: impl Fn(usize) -> i32,
    y1: i32,
    every: usize,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    for (k, period) in periods.filter(|(k, _)| k % every.max(1) == 0) {
        f.text(
            &period,
            (x(k), y1 + f.px(4.0)),
            Role::Small,
            false,
            theme::SECONDARY_TEXT,
            (HPos::Center, VPos::Top),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ab_glyph::{Font, FontRef, ScaleFont};

    /// Columns of a rendered RGB buffer holding ink, as runs (first, last).
    fn ink_runs(buf: &[u8], (w, h): (u32, u32)) -> Vec<(u32, u32)> {
        let inked = |x: u32| (0..h).any(|y| buf[((y * w + x) * 3) as usize] < 128);
        let mut runs: Vec<(u32, u32)> = Vec::new();
        for x in 0..w {
            if inked(x) {
                match runs.last_mut() {
                    Some(r) if r.1 + 1 == x => r.1 = x,
                    _ => runs.push((x, x)),
                }
            }
        }
        runs
    }

    /// Regression (issue 15): a long SPC title in a PNG ran off the right edge ("…no s"), and
    /// the variation label spilled out of its box: lines were measured with plotters' layout
    /// and drawn with the font's wider advances. A rastered line's ink ends within its measure.
    #[test]
    fn bitmap_text_ends_within_its_measured_width() {
        theme::register_fonts();
        let (w, h) = (2400u32, 120u32);
        let text = "Guy's and St Thomas': percentage in 4 hours or less (type 1), common cause variation";
        for (role, bold) in [(Role::Title, true), (Role::Label, false), (Role::Small, true)] {
            let mut buf = vec![255u8; (w * h * 3) as usize];
            let measured;
            {
                let root = BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area();
                let f = Frame::with_scale(&root, 200.0 / 72.0, 1.0).rastering();
                measured = f.text_width(text, role, bold);
                f.text(text, (20, 10), role, bold, theme::TEXT, (HPos::Left, VPos::Top))
                    .unwrap();
                root.present().unwrap();
            }
            let last_ink = ink_runs(&buf, (w, h)).last().map(|r| r.1).unwrap();
            assert!(
                last_ink as i32 <= 20 + measured,
                "ink ends at {last_ink}, measured to end at {}",
                20 + measured
            );
        }
    }

    /// Regression (issue 14): PNG text read "al ways", "emoti onally". The ink of each glyph
    /// starts where the font puts it: the pen (advances and kerning) plus its left bearing.
    #[test]
    fn bitmap_text_keeps_the_fonts_glyph_positions() {
        theme::register_fonts();
        let (w, h) = (600u32, 200u32);
        let [regular, _] = theme::font_files();
        let font = FontRef::try_from_slice(regular).unwrap();
        for (text, size_px) in [("il", 100.0), ("-l", 100.0), ("1.5", 120.0), ("ti", 18.0)] {
            let mut buf = vec![255u8; (w * h * 3) as usize];
            {
                let root = BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area();
                // Label is 14 pt at scale 1: choose pixels per point for the size wanted.
                let f = Frame::with_scale(&root, size_px / 14.0, 1.0).rastering();
                f.text(text, (20, 20), Role::Label, false, theme::TEXT, (HPos::Left, VPos::Top))
                    .unwrap();
                root.present().unwrap();
            }
            // Label's 14 pt at size_px / 14 pixels a point: size_px pixels (above the 8 pt floor).
            let scaled = font.as_scaled(size_px as f32);
            let ids: Vec<_> = text.chars().map(|c| scaled.glyph_id(c)).collect();
            let runs = ink_runs(&buf, (w, h));
            assert_eq!(runs.len(), ids.len(), "{text}: one run of ink a glyph: {runs:?}");
            let mut pen = 0.0f32;
            let first_ink = 20.0 + scaled.h_side_bearing(ids[0]);
            for k in 1..ids.len() {
                pen += scaled.h_advance(ids[k - 1]) + scaled.kern(ids[k - 1], ids[k]);
                let expected = 20.0 + pen + scaled.h_side_bearing(ids[k]);
                let gap = runs[k].0 as f32 - runs[0].0 as f32;
                let want = expected - first_ink;
                assert!(
                    (gap - want).abs() <= 1.5,
                    "{text} at {size_px}px: glyph {k} starts {gap} px after the first, the font says {want:.1}"
                );
            }
        }
    }
}
