//! A board paper as an accessible PDF: blocks (headings, paragraphs, lists, tables, figures)
//! laid out on A4 pages and written by `krilla` as tagged PDF/UA-1 — headings, paragraphs,
//! lists and tables tagged as such, each chart a figure with its alt text, language en-GB, the
//! document title shown, an outline entry per section, page labels, and a running footer
//! ("trust · meeting · Official", "Page n of N") marked as a page artifact.
//!
//! Text is real text in the bundled Liberation Sans, measured with the font's own advance widths
//! (`skrifa`) so wrapping matches what is drawn. Charts are the same SVG the pack writes, drawn
//! at their printed size (`krilla-svg`), so a chart's points are the page's points.

use crate::{ChartError, Result, theme};
use krilla::color::rgb;
use krilla::configure::{Accessibility, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect, Transform};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::{NumberingStyle, PageLabel, PageSettings};
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, Node, SpanTag, TableHeaderScope, Tag, TagGroup,
    TagKind, TagTree,
};
use krilla::text::{Font, TextDirection};
use krilla::{Document, SerializeSettings};
use krilla_svg::{SurfaceExt, SvgSettings};
use plotters::style::RGBColor;
use std::collections::HashMap;
use std::num::{NonZeroU16, NonZeroU32};
use std::sync::{Arc, OnceLock};

/// A4 portrait in points.
pub const A4: (f32, f32) = (595.0, 842.0);
/// Left and right margins, in points (2 cm).
pub const MARGIN: f32 = 56.7;
const TOP: f32 = 56.7;
/// Content stops here; the footer sits below.
const BOTTOM: f32 = A4.1 - 62.0;
const FOOTER_BASELINE: f32 = A4.1 - 34.0;
/// The width text and figures are laid in.
pub const TEXT_WIDTH: f32 = A4.0 - 2.0 * MARGIN;

/// The smallest text on a page, in points: nothing printed is smaller.
pub const MIN_TEXT_PT: f32 = 8.0;

/// A text's look.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    /// Size in points.
    pub size: f32,
    /// Bold face.
    pub bold: bool,
    /// Colour.
    pub color: RGBColor,
}

impl Style {
    /// Body text: 10.5 pt.
    pub const BODY: Style = Style {
        size: 10.5,
        bold: false,
        color: theme::TEXT,
    };
    /// Notes, sources, table text: 9 pt, secondary colour.
    pub const NOTE: Style = Style {
        size: 9.0,
        bold: false,
        color: theme::SECONDARY_TEXT,
    };
    /// Table cells: 9 pt.
    pub const CELL: Style = Style {
        size: 9.0,
        bold: false,
        color: theme::TEXT,
    };

    /// The same in bold.
    pub const fn bold(self) -> Style {
        Style { bold: true, ..self }
    }

    /// The same in another colour.
    pub const fn colored(self, color: RGBColor) -> Style {
        Style { color, ..self }
    }

    fn line_height(self) -> f32 {
        self.size * 1.3
    }
}

/// How a column's text sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Ragged right.
    Left,
    /// Numbers.
    Right,
}

/// A table cell: its text and, where it differs from the table's, its look.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The words or number.
    pub text: String,
    /// Its look; the table's cell style when `None`.
    pub style: Option<Style>,
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell { text, style: None }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell::from(text.to_string())
    }
}

/// A table: a header row, body rows, relative column widths. The first column heads its row.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Column headings.
    pub header: Vec<String>,
    /// Rows of cells, as many as there are headings.
    pub rows: Vec<Vec<Cell>>,
    /// Relative widths, one per column.
    pub widths: Vec<f32>,
    /// Alignment per column.
    pub align: Vec<Align>,
}

/// A chart on the page: its SVG, its printed size, its number and alt text.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The chart's SVG (drawn at `width` × `height` points).
    pub svg: String,
    /// Printed width, in points.
    pub width: f32,
    /// Printed height, in points.
    pub height: f32,
    /// What it shows, for a screen reader (the Figure tag's /Alt).
    pub alt: String,
    /// "Figure 2. The finding", printed above it.
    pub caption: String,
}

/// A piece of the paper, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A section heading (level 1, with an outline entry) or a subheading (level 2).
    Heading {
        /// 1 or 2.
        level: u16,
        /// The words.
        text: String,
    },
    /// A paragraph.
    Paragraph {
        /// The words.
        text: String,
        /// Its look.
        style: Style,
    },
    /// A bulleted list.
    Bullets {
        /// Items.
        items: Vec<String>,
        /// Their look.
        style: Style,
    },
    /// A labelled list of fields (the cover sheet): label on the left, value on the right.
    Fields(Vec<(String, String)>),
    /// A table.
    Table(Table),
    /// A chart.
    Figure(Figure),
    /// The contents: every level-1 heading after this block and its page.
    Contents,
    /// Vertical space, in points.
    Space(f32),
    /// Start a new page.
    PageBreak,
}

/// The whole paper.
#[derive(Debug, Clone, PartialEq)]
pub struct Paper {
    /// Document title (shown by the viewer).
    pub title: String,
    /// Running footer, left: e.g. "Example NHS Foundation Trust · Board, 8 January 2027 · Official".
    pub footer: String,
    /// What it holds.
    pub blocks: Vec<Block>,
}

/// What a laid-out page holds: drawing operations, each with the structure leaf it belongs to.
#[derive(Default)]
struct LaidPage {
    ops: Vec<Op>,
}

enum Op {
    Text {
        x: f32,
        baseline: f32,
        text: String,
        style: Style,
        leaf: Leaf,
    },
    Rule {
        x0: f32,
        x1: f32,
        y: f32,
        color: RGBColor,
        width: f32,
    },
    Band {
        rect: (f32, f32, f32, f32),
        color: RGBColor,
    },
    Svg {
        index: usize,
        x: f32,
        y: f32,
        leaf: usize,
    },
}

/// Which structure leaf a piece of content is: a real one, or a repeated table header (an
/// artifact: it was read once already).
#[derive(Clone, Copy)]
enum Leaf {
    Real(usize),
    Repeat,
}

/// The logical structure, built while laying out; leaves are filled with content identifiers
/// as pages are drawn.
enum StructNode {
    Group(TagKind, Vec<StructNode>),
    Leaf(usize),
}

struct Fonts {
    regular: Font,
    bold: Font,
}

fn fonts() -> Result<&'static Fonts> {
    static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let [regular, bold] = theme::font_files();
            Some(Fonts {
                regular: Font::new(regular.into(), 0)?,
                bold: Font::new(bold.into(), 0)?,
            })
        })
        .as_ref()
        .ok_or_else(|| ChartError::Encode("the bundled font could not be read".into()))
}

/// A cell of at most this many characters is kept on one line when its column can be widened:
/// a rank ("102nd of 131"), a verdict ("● Second quartile"), a median with its middle half
/// ("56.2% (53.2% to 58.4%)").
const SHORT_CELL: usize = 22;

/// Column widths that sum as `given` does, with each column at least its `least` where the
/// columns' slack allows: what a narrow column lacks is taken from the others in proportion to
/// the room each has above its own least. Where the leasts do not all fit, the given widths
/// stand (a word is then broken rather than the table overflowing the page).
fn fit_widths(given: &[f32], least: &[f32]) -> Vec<f32> {
    let total: f32 = given.iter().sum();
    if least.iter().sum::<f32>() > total {
        return given.to_vec();
    }
    let lack: f32 = given.iter().zip(least).map(|(g, l)| (l - g).max(0.0)).sum();
    if lack <= 0.0 {
        return given.to_vec();
    }
    let slack: f32 = given.iter().zip(least).map(|(g, l)| (g - l).max(0.0)).sum();
    given
        .iter()
        .zip(least)
        .map(|(g, l)| if g < l { *l } else { g - (g - l) / slack * lack })
        .collect()
}

/// Width of a text in points at a style, from the font's advance widths.
pub fn text_width(text: &str, style: Style) -> f32 {
    use skrifa::MetadataProvider;
    let [regular, bold] = theme::font_files();
    let Ok(font) = skrifa::FontRef::new(if style.bold { bold } else { regular }) else {
        return 0.0;
    };
    let charmap = font.charmap();
    let metrics = font.glyph_metrics(
        skrifa::instance::Size::new(style.size),
        skrifa::instance::LocationRef::default(),
    );
    text.chars()
        .map(|c| {
            let glyph = charmap.map(c).unwrap_or_default();
            metrics.advance_width(glyph).unwrap_or(0.0)
        })
        .sum()
}

/// Greedy word wrap to a width; a word longer than the width is broken where it must be.
pub fn wrap(text: &str, style: Style, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if text_width(&candidate, style) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let mut rest = word.to_string();
            while text_width(&rest, style) > width && rest.chars().count() > 1 {
                let mut cut = rest.chars().count() - 1;
                while cut > 1 && text_width(&rest.chars().take(cut).collect::<String>(), style) > width {
                    cut -= 1;
                }
                lines.push(rest.chars().take(cut).collect());
                rest = rest.chars().skip(cut).collect();
            }
            line = rest;
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
    }
    lines
}

/// Lays blocks on pages and records the structure.
struct Layout {
    pages: Vec<LaidPage>,
    y: f32,
    leaves: usize,
    root: Vec<StructNode>,
    /// Level-1 headings: text, page index, y.
    sections: Vec<(String, usize, f32)>,
    figures: Vec<(String, f32, f32)>,
}

impl Layout {
    fn new() -> Self {
        Layout {
            pages: vec![LaidPage::default()],
            y: TOP,
            leaves: 0,
            root: Vec::new(),
            sections: Vec::new(),
            figures: Vec::new(),
        }
    }

    fn leaf(&mut self) -> usize {
        self.leaves += 1;
        self.leaves - 1
    }

    fn page(&mut self) -> &mut LaidPage {
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn new_page(&mut self) {
        self.pages.push(LaidPage::default());
        self.y = TOP;
    }

    /// Make room for `height`; a new page when it does not fit (unless the page is empty).
    fn room(&mut self, height: f32) {
        if self.y + height > BOTTOM && self.y > TOP {
            self.new_page();
        }
    }

    /// Lines of text at `x`, each line its own leaf (a span), all in the returned nodes.
    fn lines(&mut self, lines: &[String], x: f32, style: Style) -> Vec<StructNode> {
        let mut nodes = Vec::new();
        for text in lines {
            self.room(style.line_height());
            let leaf = self.leaf();
            let baseline = self.y + style.size;
            self.page().ops.push(Op::Text {
                x,
                baseline,
                text: text.clone(),
                style,
                leaf: Leaf::Real(leaf),
            });
            self.y += style.line_height();
            nodes.push(StructNode::Leaf(leaf));
        }
        nodes
    }

    fn block(&mut self, block: &Block, next: Option<&Block>, contents: &[(String, String)]) {
        match block {
            Block::Heading { level, text } => {
                let style = heading_style(*level);
                let space = if *level == 1 { 10.0 } else { 8.0 };
                // A heading is never the last thing on a page: it keeps with the start of what
                // follows it (a figure whole, a table's header and first row, three lines).
                self.room(space + style.line_height() + next.map_or(0.0, keep_with));
                if self.y > TOP {
                    self.y += space;
                }
                if *level == 1 {
                    let page = self.pages.len() - 1;
                    self.sections.push((text.clone(), page, self.y));
                }
                let lines = wrap(text, style, TEXT_WIDTH);
                let kids = self.lines(&lines, MARGIN, style);
                let tag = Tag::Hn(NonZeroU16::new(*level).unwrap_or(NonZeroU16::MIN), Some(text.clone()));
                self.root.push(StructNode::Group(tag.into(), kids));
                self.y += 3.0;
            }
            Block::Paragraph { text, style } => {
                let lines = wrap(text, *style, TEXT_WIDTH);
                let kids = self.lines(&lines, MARGIN, *style);
                self.root.push(StructNode::Group(Tag::P.into(), kids));
                self.y += style.size * 0.5;
            }
            Block::Bullets { items, style } => {
                let mut list = Vec::new();
                for item in items {
                    let lines = wrap(item, *style, TEXT_WIDTH - 14.0);
                    self.room(style.line_height());
                    let label = self.leaf();
                    let baseline = self.y + style.size;
                    self.page().ops.push(Op::Text {
                        x: MARGIN + 2.0,
                        baseline,
                        text: "•".into(),
                        style: *style,
                        leaf: Leaf::Real(label),
                    });
                    let body = self.lines(&lines, MARGIN + 14.0, *style);
                    self.y += 2.0;
                    list.push(StructNode::Group(
                        Tag::LI.into(),
                        vec![
                            StructNode::Group(Tag::Lbl.into(), vec![StructNode::Leaf(label)]),
                            StructNode::Group(Tag::LBody.into(), body),
                        ],
                    ));
                }
                self.root
                    .push(StructNode::Group(Tag::L(ListNumbering::Disc).into(), list));
                self.y += style.size * 0.5;
            }
            Block::Fields(fields) => {
                let table = Table {
                    header: vec!["Item".into(), "Detail".into()],
                    rows: fields
                        .iter()
                        .map(|(label, value)| vec![Cell::from(label.as_str()), Cell::from(value.as_str())])
                        .collect(),
                    widths: vec![0.32, 0.68],
                    align: vec![Align::Left, Align::Left],
                };
                self.table(&table, false);
            }
            Block::Table(table) => self.table(table, true),
            Block::Figure(figure) => {
                let caption_style = heading_style(2);
                let caption = wrap(&figure.caption, caption_style, TEXT_WIDTH);
                self.room(caption.len() as f32 * caption_style.line_height() + 4.0 + figure.height);
                self.y += 6.0;
                let caption_nodes = self.lines(&caption, MARGIN, caption_style);
                self.y += 4.0;
                let leaf = self.leaf();
                let index = self.figures.len();
                self.figures.push((figure.svg.clone(), figure.width, figure.height));
                let (x, y) = (MARGIN + (TEXT_WIDTH - figure.width).max(0.0) / 2.0, self.y);
                self.page().ops.push(Op::Svg { index, x, y, leaf });
                self.y += figure.height + 8.0;
                // The caption is printed above the chart, as board papers number them; in the
                // structure it follows the figure, as PDF/UA asks.
                self.root.push(StructNode::Group(
                    Tag::Div.into(),
                    vec![
                        StructNode::Group(
                            Tag::Figure(Some(figure.alt.clone())).into(),
                            vec![StructNode::Leaf(leaf)],
                        ),
                        StructNode::Group(Tag::Caption.into(), caption_nodes),
                    ],
                ));
            }
            Block::Contents => {
                let mut items = Vec::new();
                let style = Style::BODY;
                for (title, page) in contents {
                    self.room(style.line_height());
                    let (text_leaf, page_leaf) = (self.leaf(), self.leaf());
                    let baseline = self.y + style.size;
                    let title = fit(title, style, TEXT_WIDTH - 40.0);
                    self.page().ops.push(Op::Text {
                        x: MARGIN,
                        baseline,
                        text: title,
                        style,
                        leaf: Leaf::Real(text_leaf),
                    });
                    let w = text_width(page, style);
                    self.page().ops.push(Op::Text {
                        x: MARGIN + TEXT_WIDTH - w,
                        baseline,
                        text: page.clone(),
                        style,
                        leaf: Leaf::Real(page_leaf),
                    });
                    self.y += style.line_height() + 2.0;
                    items.push(StructNode::Group(
                        Tag::TOCI.into(),
                        vec![
                            StructNode::Group(Tag::P.into(), vec![StructNode::Leaf(text_leaf)]),
                            StructNode::Group(Tag::Reference.into(), vec![StructNode::Leaf(page_leaf)]),
                        ],
                    ));
                }
                self.root.push(StructNode::Group(Tag::TOC.into(), items));
                self.y += 6.0;
            }
            Block::Space(points) => {
                if self.y > TOP {
                    self.y += points;
                }
            }
            Block::PageBreak => {
                if self.y > TOP {
                    self.new_page();
                }
            }
        }
    }

    /// A table, broken between rows across pages with its header repeated (as an artifact).
    fn table(&mut self, table: &Table, with_header: bool) {
        let total: f32 = table.widths.iter().sum::<f32>().max(f32::EPSILON);
        let given: Vec<f32> = table.widths.iter().map(|w| w / total * TEXT_WIDTH).collect();
        let pad = 4.0;
        let header_style = Style::CELL.bold();
        // What each column needs so that no word is broken and no short cell ("33rd of 42")
        // wraps: a column's header and every cell, in the style it is drawn in.
        let mut least = vec![0.0f32; given.len()];
        let header_cells = table.header.iter().map(|h| (h.as_str(), header_style));
        let body_cells = table.rows.iter().flat_map(|row| {
            row.iter().enumerate().map(move |(c, cell)| {
                let style = cell.style.unwrap_or(Style::CELL);
                (
                    c,
                    (
                        cell.text.as_str(),
                        if c == 0 && with_header { style.bold() } else { style },
                    ),
                )
            })
        });
        for (k, (text, style)) in header_cells.enumerate().chain(body_cells) {
            if k >= least.len() {
                continue;
            }
            let words = text
                .split_whitespace()
                .map(|w| text_width(w, style))
                .fold(0.0, f32::max);
            let whole = if text.chars().count() <= SHORT_CELL {
                text_width(text, style)
            } else {
                0.0
            };
            least[k] = least[k].max(words.max(whole) + 2.0 * pad);
        }
        let widths = fit_widths(&given, &least);
        let wrap_row = |cells: &[Cell], header: bool| -> Vec<(Vec<String>, Style)> {
            cells
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(c, (cell, w))| {
                    let style = if header {
                        header_style
                    } else if c == 0 && with_header {
                        cell.style.unwrap_or(Style::CELL).bold()
                    } else {
                        cell.style.unwrap_or(Style::CELL)
                    };
                    (wrap(&cell.text, style, w - 2.0 * pad), style)
                })
                .collect()
        };
        let header: Vec<Cell> = table.header.iter().map(|h| Cell::from(h.as_str())).collect();
        let header_lines = wrap_row(&header, true);
        let row_height = |lines: &[(Vec<String>, Style)]| {
            lines
                .iter()
                .map(|(l, s)| l.len().max(1) as f32 * s.line_height())
                .fold(0.0, f32::max)
                + 2.0 * pad
        };
        let header_height = row_height(&header_lines);
        let mut head_nodes = Vec::new();
        let mut body_nodes = Vec::new();
        let draw_row = |layout: &mut Layout,
                        lines: &[(Vec<String>, Style)],
                        real: bool,
                        tags: Option<&mut Vec<StructNode>>,
                        header: bool| {
            let height = row_height(lines);
            let top = layout.y;
            if header {
                layout.page().ops.push(Op::Band {
                    rect: (MARGIN, top, TEXT_WIDTH, height),
                    color: theme::BAND_LIGHT,
                });
            }
            let mut x = MARGIN;
            let mut cells = Vec::new();
            for (c, ((text, style), w)) in lines.iter().zip(&widths).enumerate() {
                let align = table.align.get(c).copied().unwrap_or(Align::Left);
                let mut kids = Vec::new();
                for (k, line) in text.iter().enumerate() {
                    let leaf = if real { Leaf::Real(layout.leaf()) } else { Leaf::Repeat };
                    if let Leaf::Real(id) = leaf {
                        kids.push(StructNode::Leaf(id));
                    }
                    let lx = match align {
                        Align::Left => x + pad,
                        Align::Right => x + w - pad - text_width(line, *style),
                    };
                    layout.page().ops.push(Op::Text {
                        x: lx,
                        baseline: top + pad + style.size + k as f32 * style.line_height(),
                        text: line.clone(),
                        style: *style,
                        leaf,
                    });
                }
                let tag: TagKind = if header {
                    Tag::TH(TableHeaderScope::Column).into()
                } else if c == 0 && with_header {
                    Tag::TH(TableHeaderScope::Row).into()
                } else {
                    Tag::TD.into()
                };
                cells.push(StructNode::Group(tag, kids));
                x += w;
            }
            layout.y += height;
            let y = layout.y;
            layout.page().ops.push(Op::Rule {
                x0: MARGIN,
                x1: MARGIN + TEXT_WIDTH,
                y,
                color: if header {
                    theme::SECONDARY_TEXT
                } else {
                    theme::PALE_GREY
                },
                width: if header { 0.8 } else { 0.4 },
            });
            if let Some(tags) = tags {
                tags.push(StructNode::Group(Tag::TR.into(), cells));
            }
        };
        if with_header {
            self.room(header_height + row_height(&table.rows.first().map(|r| wrap_row(r, false)).unwrap_or_default()));
            draw_row(self, &header_lines, true, Some(&mut head_nodes), true);
        }
        for row in &table.rows {
            let lines = wrap_row(row, false);
            let height = row_height(&lines);
            if self.y + height > BOTTOM {
                self.new_page();
                if with_header {
                    draw_row(self, &header_lines, false, None, true);
                }
            }
            draw_row(self, &lines, true, Some(&mut body_nodes), false);
        }
        self.y += 10.0;
        let mut kids = Vec::new();
        if !head_nodes.is_empty() {
            kids.push(StructNode::Group(Tag::THead.into(), head_nodes));
        }
        kids.push(StructNode::Group(Tag::TBody.into(), body_nodes));
        self.root.push(StructNode::Group(Tag::Table.into(), kids));
    }
}

/// Shorten a text with an ellipsis until it fits a width.
fn fit(text: &str, style: Style, width: f32) -> String {
    if text_width(text, style) <= width {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() && text_width(&(chars.iter().collect::<String>() + "…"), style) > width {
        chars.pop();
    }
    chars.iter().collect::<String>().trim_end().to_string() + "…"
}

fn heading_style(level: u16) -> Style {
    match level {
        1 => Style {
            size: 15.0,
            bold: true,
            color: theme::DARK_BLUE,
        },
        _ => Style {
            size: 11.5,
            bold: true,
            color: theme::TEXT,
        },
    }
}

/// How much of a block must follow its heading on the same page.
fn keep_with(block: &Block) -> f32 {
    match block {
        Block::Figure(f) => heading_style(2).line_height() * 2.0 + 10.0 + f.height,
        // A header and a first row of up to three lines each.
        Block::Table(_) | Block::Fields(_) => 8.0 * Style::CELL.line_height() + 16.0,
        Block::Heading { level, .. } => heading_style(*level).line_height() + 3.0 * Style::BODY.line_height(),
        _ => 3.0 * Style::BODY.line_height(),
    }
}

fn lay_out(paper: &Paper, contents: &[(String, String)]) -> Layout {
    let mut layout = Layout::new();
    for (k, block) in paper.blocks.iter().enumerate() {
        layout.block(block, paper.blocks.get(k + 1), contents);
    }
    if layout.pages.last().is_some_and(|p| p.ops.is_empty()) && layout.pages.len() > 1 {
        layout.pages.pop();
    }
    layout
}

fn svg_options() -> &'static usvg::Options<'static> {
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

fn paint(color: RGBColor) -> krilla::paint::Paint {
    rgb::Color::new(color.0, color.1, color.2).into()
}

fn fill(color: RGBColor) -> Fill {
    Fill {
        paint: paint(color),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

fn draw_text(surface: &mut Surface<'_>, fonts: &Fonts, x: f32, baseline: f32, text: &str, style: Style) {
    surface.set_fill(Some(fill(style.color)));
    surface.set_stroke(None);
    let font = if style.bold { &fonts.bold } else { &fonts.regular };
    surface.draw_text(
        Point::from_xy(x, baseline),
        font.clone(),
        style.size.max(MIN_TEXT_PT),
        text,
        false,
        TextDirection::Auto,
    );
}

/// A paper written: its bytes, how many pages, and each section with the page it starts on
/// (what the outline and the contents say).
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// The PDF.
    pub pdf: Vec<u8>,
    /// Pages in all.
    pub pages: usize,
    /// Level-1 headings and their first page, counted from 1.
    pub sections: Vec<(String, usize)>,
}

/// Write the paper as PDF.
pub fn render(paper: &Paper) -> Result<Rendered> {
    // Lay out twice: the first pass finds the page each section starts on, the second prints
    // them in the contents (one line each, so the pages do not move).
    let first = lay_out(paper, &contents_placeholder(paper));
    let contents: Vec<(String, String)> = first
        .sections
        .iter()
        .skip_while(|(title, ..)| title != CONTENTS)
        .skip(1)
        .map(|(title, page, _)| (title.clone(), (page + 1).to_string()))
        .collect();
    let layout = lay_out(paper, &contents);
    let fonts = fonts()?;
    let trees = layout
        .figures
        .iter()
        .map(|(svg, _, _)| {
            usvg::Tree::from_str(svg, svg_options()).map_err(|e| ChartError::Encode(format!("SVG for PDF: {e}")))
        })
        .collect::<Result<Vec<_>>>()?;

    let mut document = Document::new_with(tagged_settings()?);
    let mut identifiers: HashMap<usize, Vec<Identifier>> = HashMap::new();
    let n = layout.pages.len();
    for (p, page) in layout.pages.iter().enumerate() {
        let mut settings = PageSettings::from_wh(A4.0, A4.1).ok_or_else(|| ChartError::Encode("page size".into()))?;
        if p == 0 {
            settings = settings.with_page_label(PageLabel::new(Some(NumberingStyle::Arabic), None, NonZeroU32::new(1)));
        }
        let mut pdf_page = document.start_page_with(settings);
        let mut surface = pdf_page.surface();
        for op in &page.ops {
            match op {
                Op::Text {
                    x,
                    baseline,
                    text,
                    style,
                    leaf,
                } => {
                    let id = match leaf {
                        Leaf::Real(leaf) => {
                            let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
                            Some((id, *leaf))
                        }
                        Leaf::Repeat => {
                            surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(ArtifactType::Other)));
                            None
                        }
                    };
                    draw_text(&mut surface, fonts, *x, *baseline, text, *style);
                    surface.end_tagged();
                    if let Some((id, leaf)) = id {
                        identifiers.entry(leaf).or_default().push(id);
                    }
                }
                Op::Rule {
                    x0,
                    x1,
                    y,
                    color,
                    width,
                } => {
                    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(ArtifactType::Other)));
                    let mut path = PathBuilder::new();
                    path.move_to(*x0, *y);
                    path.line_to(*x1, *y);
                    if let Some(path) = path.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(Stroke {
                            paint: paint(*color),
                            width: *width,
                            ..Stroke::default()
                        }));
                        surface.draw_path(&path);
                        surface.set_stroke(None);
                    }
                    surface.end_tagged();
                }
                Op::Band {
                    rect: (x, y, w, h),
                    color,
                } => {
                    surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(ArtifactType::Other)));
                    let mut path = PathBuilder::new();
                    if let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) {
                        path.push_rect(rect);
                    }
                    if let Some(path) = path.finish() {
                        surface.set_stroke(None);
                        surface.set_fill(Some(fill(*color)));
                        surface.draw_path(&path);
                    }
                    surface.end_tagged();
                }
                Op::Svg { index, x, y, leaf } => {
                    let (_, w, h) = &layout.figures[*index];
                    let id = surface.start_tagged(ContentTag::Other);
                    surface.push_transform(&Transform::from_translate(*x, *y));
                    if let Some(size) = krilla::geom::Size::from_wh(*w, *h) {
                        surface.draw_svg(&trees[*index], size, SvgSettings::default());
                    }
                    surface.pop();
                    surface.end_tagged();
                    identifiers.entry(*leaf).or_default().push(id);
                }
            }
        }
        // The running footer: a pagination artifact, not part of the text read aloud.
        surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(ArtifactType::Footer)));
        let style = Style::NOTE.colored(theme::SECONDARY_TEXT);
        let footer = fit(&paper.footer, style, TEXT_WIDTH - 80.0);
        draw_text(&mut surface, fonts, MARGIN, FOOTER_BASELINE, &footer, style);
        let number = format!("Page {} of {n}", p + 1);
        let w = text_width(&number, style);
        draw_text(
            &mut surface,
            fonts,
            MARGIN + TEXT_WIDTH - w,
            FOOTER_BASELINE,
            &number,
            style,
        );
        surface.end_tagged();
        surface.finish();
        pdf_page.finish();
    }

    let mut outline = Outline::new();
    for (title, page, y) in &layout.sections {
        outline.push_child(OutlineNode::new(
            title.clone(),
            XyzDestination::new(*page, Point::from_xy(0.0, *y)),
        ));
    }
    document.set_outline(outline);
    let mut tree = TagTree::new().with_lang(Some("en-GB".into()));
    for node in layout.root {
        if let Some(node) = to_node(node, &mut identifiers) {
            tree.push(node);
        }
    }
    document.set_tag_tree(tree);
    document.set_metadata(metadata(&paper.title));
    let sections = layout.sections.iter().map(|(t, p, _)| (t.clone(), p + 1)).collect();
    let pdf = document
        .finish()
        .map_err(|e| ChartError::Encode(format!("PDF: {e:?}")))?;
    Ok(Rendered {
        pdf,
        pages: n,
        sections,
    })
}

/// One chart as a one-page tagged PDF the size of the chart: a figure with its alt text, the
/// document titled with the chart's finding.
pub fn figure_document(title: &str, svg: &str, (width, height): (f32, f32), alt: &str) -> Result<Vec<u8>> {
    let tree = usvg::Tree::from_str(svg, svg_options()).map_err(|e| ChartError::Encode(format!("SVG for PDF: {e}")))?;
    let mut document = Document::new_with(tagged_settings()?);
    let settings = PageSettings::from_wh(width, height)
        .ok_or_else(|| ChartError::Encode("page size".into()))?
        .with_page_label(PageLabel::new(Some(NumberingStyle::Arabic), None, NonZeroU32::new(1)));
    let mut page = document.start_page_with(settings);
    let mut surface = page.surface();
    let id = surface.start_tagged(ContentTag::Other);
    if let Some(size) = krilla::geom::Size::from_wh(width, height) {
        surface.draw_svg(&tree, size, SvgSettings::default());
    }
    surface.end_tagged();
    surface.finish();
    page.finish();
    let mut outline = Outline::new();
    outline.push_child(OutlineNode::new(
        title.to_string(),
        XyzDestination::new(0, Point::from_xy(0.0, 0.0)),
    ));
    document.set_outline(outline);
    let mut tree = TagTree::new().with_lang(Some("en-GB".into()));
    tree.push(TagGroup::with_children(
        Tag::Figure(Some(alt.to_string())),
        vec![Node::from(id)],
    ));
    document.set_tag_tree(tree);
    document.set_metadata(metadata(title));
    document.finish().map_err(|e| ChartError::Encode(format!("PDF: {e:?}")))
}

fn tagged_settings() -> Result<SerializeSettings> {
    Ok(SerializeSettings {
        configuration: ConfigurationBuilder::new()
            .with_accessibility_validator(Accessibility::UA1)
            .finish()
            .map_err(|e| ChartError::Encode(format!("PDF/UA configuration: {e:?}")))?,
        enable_tagging: true,
        ..SerializeSettings::default()
    })
}

fn metadata(title: &str) -> Metadata {
    Metadata::new()
        .title(title.to_string())
        .language("en-GB".into())
        .creator("Boardlens".into())
        .producer("Boardlens".into())
}

/// The heading of the contents block (not listed in itself).
pub const CONTENTS: &str = "Contents";

fn contents_placeholder(paper: &Paper) -> Vec<(String, String)> {
    let mut after = false;
    let mut out = Vec::new();
    for block in &paper.blocks {
        match block {
            Block::Contents => after = true,
            Block::Heading { level: 1, text } if after && text != CONTENTS => out.push((text.clone(), "00".into())),
            _ => {}
        }
    }
    out
}

fn to_node(node: StructNode, ids: &mut HashMap<usize, Vec<Identifier>>) -> Option<Node> {
    match node {
        StructNode::Leaf(leaf) => {
            let mut found = ids.remove(&leaf)?;
            if found.len() == 1 {
                found.pop().map(Node::from)
            } else {
                Some(TagGroup::with_children(Tag::Span, found.into_iter().map(Node::from).collect()).into())
            }
        }
        StructNode::Group(tag, kids) => {
            let children: Vec<Node> = kids.into_iter().filter_map(|k| to_node(k, ids)).collect();
            (!children.is_empty()).then(|| TagGroup::with_children(tag, children).into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: the appendix's "England" header broke as "Englan / d", and "33rd of 42" and
    /// "▼ Bottom quartile" wrapped, in a table whose first column had room to spare.
    #[test]
    fn a_narrow_column_is_widened_from_the_others_slack_and_the_total_kept() {
        let w = fit_widths(&[200.0, 40.0, 60.0], &[80.0, 50.0, 30.0]);
        assert_eq!(w.iter().sum::<f32>(), 300.0);
        assert_eq!(w[1], 50.0, "the narrow column gets what it needs");
        // 10 points taken from 120 + 30 of slack in proportion: 8 and 2.
        assert!((w[0] - 192.0).abs() < 1e-3 && (w[2] - 58.0).abs() < 1e-3, "{w:?}");
        assert_eq!(
            fit_widths(&[100.0, 100.0], &[20.0, 30.0]),
            vec![100.0, 100.0],
            "nothing lacks"
        );
        assert_eq!(
            fit_widths(&[100.0, 100.0], &[150.0, 80.0]),
            vec![100.0, 100.0],
            "cannot fit"
        );
    }

    #[test]
    fn the_appendix_table_breaks_no_header_word() {
        let table = Table {
            header: [
                "Measure",
                "Period",
                "Value",
                "Rank",
                "Peer median (middle half)",
                "England",
                "Verdict",
            ]
            .map(String::from)
            .to_vec(),
            rows: vec![
                [
                    "Support People",
                    "2025",
                    "1.00",
                    "33rd of 42",
                    "2.00 (2.00 to 2.00)",
                    "2.00",
                    "▼ Bottom quartile",
                ]
                .map(|t| Cell::from(t.to_string()))
                .to_vec(),
            ],
            widths: vec![0.3, 0.09, 0.1, 0.1, 0.17, 0.09, 0.15],
            align: vec![Align::Left; 7],
        };
        let mut layout = Layout::new();
        layout.table(&table, true);
        let texts: Vec<&str> = layout
            .pages
            .iter()
            .flat_map(|p| &p.ops)
            .filter_map(|op| match op {
                Op::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert!(texts.contains(&"England"), "{texts:?}");
        assert!(texts.contains(&"33rd of 42"), "{texts:?}");
        assert!(texts.contains(&"▼ Bottom quartile"), "{texts:?}");
        assert!(texts.contains(&"2.00 (2.00 to 2.00)"), "{texts:?}");
    }

    #[test]
    fn advance_widths_are_the_fonts() {
        // Liberation Sans: 'a' advances 1139 of 2048 units; at 10 pt that is 5.5615 pt.
        let w = text_width("a", Style::BODY.colored(theme::TEXT));
        assert!((w - 1139.0 / 2048.0 * 10.5).abs() < 1e-3, "{w}");
        let two = text_width("aa", Style::BODY);
        assert!((two - 2.0 * w).abs() < 1e-4);
    }

    #[test]
    fn wrap_keeps_every_word_and_each_line_fits() {
        let text = "Board members read the summary page in thirty seconds, and every number on it is the same as on the screen.";
        let lines = wrap(text, Style::BODY, 120.0);
        assert!(lines.len() > 3);
        assert!(lines.iter().all(|l| text_width(l, Style::BODY) <= 120.0));
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn a_word_longer_than_the_line_is_broken_not_lost() {
        let word = "x".repeat(200);
        let lines = wrap(&word, Style::BODY, 100.0);
        assert_eq!(lines.concat(), word);
        assert!(lines.iter().all(|l| text_width(l, Style::BODY) <= 100.0));
    }
}
