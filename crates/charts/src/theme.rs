//! The look of every chart: NHS identity colours, the bundled font, sizes.

use plotters::style::FontStyle;
/// A colour (plotters' RGB), as the theme's constants are.
pub use plotters::style::RGBColor;
use std::sync::Once;

/// NHS Blue: the trust.
pub const NHS_BLUE: RGBColor = RGBColor(0x00, 0x5E, 0xB8);
/// NHS Dark Blue: reference lines (the peer median).
pub const DARK_BLUE: RGBColor = RGBColor(0x00, 0x30, 0x87);
/// NHS Mid Grey: peers, secondary text.
pub const MID_GREY: RGBColor = RGBColor(0x76, 0x86, 0x92);
/// Secondary text (NHS Dark Grey #425563): 7.7:1 on white, where Mid Grey text was 3.75:1.
pub const SECONDARY_TEXT: RGBColor = RGBColor(0x42, 0x55, 0x63);
/// A "better" verdict's words (NHS Blue, 6.4:1 on white).
pub const BETTER_TEXT: RGBColor = RGBColor(0x00, 0x5E, 0xB8);
/// A "worse" verdict's words (a dark orange, as Making Data Count's concern, 6.5:1 on white).
pub const WORSE_TEXT: RGBColor = RGBColor(0x9A, 0x46, 0x00);
/// A table header's band (NHS Pale Grey, lighter still).
pub const BAND_LIGHT: RGBColor = RGBColor(0xE8, 0xED, 0xEE);
/// NHS Pale Grey: bands and peer bars.
pub const PALE_GREY: RGBColor = RGBColor(0xAE, 0xB7, 0xBD);
/// Light band fill (Pale Grey lightened) behind the interquartile range.
pub const BAND: RGBColor = RGBColor(0xD8, 0xDD, 0xE0);
/// Text.
pub const TEXT: RGBColor = RGBColor(0x21, 0x2B, 0x32);
/// Warm Yellow: the illustrative-data mark (with a dark border and text, never colour alone).
pub const WARM_YELLOW: RGBColor = RGBColor(0xFF, 0xB8, 0x1C);
/// White.
pub const WHITE: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);

/// The font family name every chart uses (Liberation Sans, bundled).
pub const FONT: &str = "sans-serif";

static REGULAR: &[u8] = include_bytes!("../fonts/LiberationSans-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/LiberationSans-Bold.ttf");

/// The bundled font files, for converting SVG to PDF with the same font.
pub fn font_files() -> [&'static [u8]; 2] {
    [REGULAR, BOLD]
}

/// Register the bundled font with plotters, once per process.
pub fn register_fonts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Both files are valid TrueType fonts shipped with the crate; a failure here would be
        // a build defect, caught by every rendering test.
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, REGULAR);
        let _ = plotters::style::register_font(FONT, FontStyle::Bold, BOLD);
    });
}

/// WCAG 2.1 contrast ratio of two colours (1 to 21).
pub fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    let luminance = |c: RGBColor| {
        let lin = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.039_28 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
    };
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The text colour (white or the text colour) that reads best on a fill.
pub fn ink_on(fill: RGBColor) -> RGBColor {
    if contrast(WHITE, fill) >= contrast(TEXT, fill) {
        WHITE
    } else {
        TEXT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_colours_read_on_white_at_four_and_a_half_to_one() {
        for (name, c) in [
            ("text", TEXT),
            ("secondary", SECONDARY_TEXT),
            ("better", BETTER_TEXT),
            ("worse", WORSE_TEXT),
            ("dark blue", DARK_BLUE),
            ("NHS blue", NHS_BLUE),
        ] {
            assert!(contrast(c, WHITE) >= 4.5, "{name}: {:.2}", contrast(c, WHITE));
        }
        // Mid Grey, the old secondary text, was not readable.
        assert!(contrast(MID_GREY, WHITE) < 4.5);
    }
}
