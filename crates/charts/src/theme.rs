//! The look of every chart: NHS identity colours, the bundled font, sizes.

use plotters::style::{FontStyle, RGBColor};
use std::sync::Once;

/// NHS Blue: the trust.
pub const NHS_BLUE: RGBColor = RGBColor(0x00, 0x5E, 0xB8);
/// NHS Dark Blue: reference lines (the peer median).
pub const DARK_BLUE: RGBColor = RGBColor(0x00, 0x30, 0x87);
/// NHS Mid Grey: peers, secondary text.
pub const MID_GREY: RGBColor = RGBColor(0x76, 0x86, 0x92);
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
