//! Vector PDF from SVG, with the bundled font embedded, so text stays real, searchable text:
//! each page is a list of SVG pieces placed on it (a chart, a block of text), converted by
//! svg2pdf into form XObjects.

use crate::{ChartError, Result, theme};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, TextStr};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// One SVG placed on a page: its text, and where it goes (points, from the top-left corner).
pub struct Piece {
    /// The SVG document.
    pub svg: String,
    /// Left, in points.
    pub x: f32,
    /// Top, in points.
    pub y: f32,
    /// Width, in points.
    pub width: f32,
    /// Height, in points.
    pub height: f32,
}

/// A page: its size in points and what is on it.
pub struct Page {
    /// Width and height in points (A4 portrait is 595 × 842).
    pub size: (f32, f32),
    /// The pieces.
    pub pieces: Vec<Piece>,
}

fn options() -> &'static usvg::Options<'static> {
    static OPTIONS: OnceLock<usvg::Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        for bytes in theme::font_files() {
            db.load_font_data(bytes.to_vec());
        }
        db.set_sans_serif_family("Liberation Sans");
        usvg::Options {
            fontdb: Arc::new(db),
            font_family: "Liberation Sans".into(),
            ..usvg::Options::default()
        }
    })
}

/// Write pages as one PDF document with a title.
pub fn document(title: &str, pages: &[Page]) -> Result<Vec<u8>> {
    let mut alloc = Ref::new(1);
    let catalog = alloc.bump();
    let tree_ref = alloc.bump();
    let mut pdf = Pdf::new();
    let mut page_refs = Vec::new();
    let mut bodies = Vec::new();
    for page in pages {
        let page_ref = alloc.bump();
        let content_ref = alloc.bump();
        let mut content = Content::new();
        let mut xobjects = Vec::new();
        for (i, piece) in page.pieces.iter().enumerate() {
            let tree = usvg::Tree::from_str(&piece.svg, options())
                .map_err(|e| ChartError::Encode(format!("SVG for PDF: {e}")))?;
            let (chunk, svg_ref) = svg2pdf::to_chunk(&tree, svg2pdf::ConversionOptions::default())
                .map_err(|e| ChartError::Encode(format!("SVG to PDF: {e}")))?;
            let mut map = HashMap::new();
            let chunk = chunk.renumber(|old| *map.entry(old).or_insert_with(|| alloc.bump()));
            let svg_ref = map
                .get(&svg_ref)
                .copied()
                .ok_or_else(|| ChartError::Encode("SVG to PDF: lost reference".into()))?;
            pdf.extend(&chunk);
            let name = format!("S{i}");
            // PDF's origin is the bottom-left corner; the XObject is a unit square.
            content.save_state();
            content.transform([
                piece.width,
                0.0,
                0.0,
                piece.height,
                piece.x,
                page.size.1 - piece.y - piece.height,
            ]);
            content.x_object(Name(name.as_bytes()));
            content.restore_state();
            xobjects.push((name, svg_ref));
        }
        bodies.push((page_ref, content_ref, content.finish(), xobjects, page.size));
        page_refs.push(page_ref);
    }
    pdf.catalog(catalog).pages(tree_ref);
    pdf.pages(tree_ref)
        .kids(page_refs.iter().copied())
        .count(page_refs.len() as i32);
    for (page_ref, content_ref, content, xobjects, (w, h)) in bodies {
        let mut page = pdf.page(page_ref);
        page.media_box(Rect::new(0.0, 0.0, w, h));
        page.parent(tree_ref);
        page.contents(content_ref);
        let mut resources = page.resources();
        let mut xs = resources.x_objects();
        for (name, r) in &xobjects {
            xs.pair(Name(name.as_bytes()), *r);
        }
        xs.finish();
        resources.finish();
        page.finish();
        pdf.stream(content_ref, &content);
    }
    let info = alloc.bump();
    pdf.document_info(info)
        .title(TextStr(title))
        .producer(TextStr("Boardlens"));
    Ok(pdf.finish())
}

/// One chart as a one-page PDF the size of the chart.
pub fn single(title: &str, svg: String, (w_in, h_in): (f64, f64)) -> Result<Vec<u8>> {
    let (w, h) = ((w_in * 72.0) as f32, (h_in * 72.0) as f32);
    document(
        title,
        &[Page {
            size: (w, h),
            pieces: vec![Piece {
                svg,
                x: 0.0,
                y: 0.0,
                width: w,
                height: h,
            }],
        }],
    )
}
