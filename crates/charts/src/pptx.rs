//! A small, careful PowerPoint (OOXML) writer: a title slide, the key messages, the summary as
//! an editable table, one chart per slide, strengths and gaps, who to learn from, and the
//! sources. Every slide has a title placeholder holding its finding as editable text (what
//! PowerPoint's accessibility checker and a digital lead editing a title both need); a chart is
//! a picture drawn without its own title, with a short description (≤ 250 characters) and the
//! full one in the speaker notes. Only the parts a presentation needs are written:
//! presentation, one slide master and a "Title Only" layout, a theme, notes master, slides,
//! notes slides and the images.

use crate::pack::PackChart;
use crate::{ChartError, Result};
use boardlens_core::benchmark::Report;
use boardlens_core::cover::CoverSheet;
use std::io::Write;

/// 16:9 slide, in EMU (English Metric Units: 914,400 per inch).
const SLIDE_W: i64 = 12_192_000;
const SLIDE_H: i64 = 6_858_000;

/// Escape text for XML.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

const NS: &str = r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main""#;
const REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const R_DOC: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn rels(items: &[(&str, &str, &str)]) -> String {
    let mut s = format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{REL_NS}">"#);
    for (id, kind, target) in items {
        s += &format!(r#"<Relationship Id="{id}" Type="{R_DOC}/{kind}" Target="{target}"/>"#);
    }
    s + "</Relationships>"
}

/// A paragraph list as DrawingML text body paragraphs.
fn paragraphs(lines: &[(String, u32, bool, &str)]) -> String {
    lines
        .iter()
        .map(|(text, size, bold, color)| {
            format!(
                r#"<a:p><a:r><a:rPr lang="en-GB" sz="{size}" b="{}" dirty="0"><a:solidFill><a:srgbClr val="{color}"/></a:solidFill><a:latin typeface="Liberation Sans"/></a:rPr><a:t>{}</a:t></a:r></a:p>"#,
                u8::from(*bold),
                esc(text)
            )
        })
        .collect()
}

fn text_box(id: u32, name: &str, (x, y, w, h): (i64, i64, i64, i64), body: &str) -> String {
    format!(
        r#"<p:sp><p:nvSpPr><p:cNvPr id="{id}" name="{}"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr><p:txBody><a:bodyPr wrap="square" rtlCol="0"><a:normAutofit/></a:bodyPr><a:lstStyle/>{body}</p:txBody></p:sp>"#,
        esc(name)
    )
}

fn slide(shapes: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:sld {NS}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>{shapes}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>"#
    )
}

/// Where a slide's title sits, and the area below it for a chart or text (EMU).
const TITLE_BOX: (i64, i64, i64, i64) = (457_200, 228_600, SLIDE_W - 914_400, 914_400);
const BODY_TOP: i64 = 1_188_720;

/// The slide's title: a title placeholder (`<p:ph type="title"/>`) holding editable text.
fn title_placeholder(text: &str) -> String {
    let (x, y, w, h) = TITLE_BOX;
    format!(
        r#"<p:sp><p:nvSpPr><p:cNvPr id="2" name="Title 1"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="title"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm></p:spPr><p:txBody><a:bodyPr anchor="b"><a:normAutofit/></a:bodyPr><a:lstStyle/><a:p><a:r><a:rPr lang="en-GB" sz="2400" b="1" dirty="0"><a:solidFill><a:srgbClr val="212B32"/></a:solidFill><a:latin typeface="Liberation Sans"/></a:rPr><a:t>{}</a:t></a:r></a:p></p:txBody></p:sp>"#,
        esc(text)
    )
}

/// A chart's picture below the title, 16:9, as large as fits.
fn picture(descr: &str, name: &str) -> String {
    let h = SLIDE_H - BODY_TOP - 152_400;
    let w = h * 16 / 9;
    let x = (SLIDE_W - w) / 2;
    format!(
        r#"<p:pic><p:nvPicPr><p:cNvPr id="3" name="{}" descr="{}"/><p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed="rId2"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr><a:xfrm><a:off x="{x}" y="{BODY_TOP}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>"#,
        esc(name),
        esc(descr)
    )
}

/// A picture's description for the slide: the alt text's first sentence, cut at a word to at
/// most 250 characters; the whole of it goes in the notes.
pub(crate) fn short_alt(alt: &str) -> String {
    const MAX: usize = 250;
    let first = alt.split_inclusive(". ").next().unwrap_or(alt).trim();
    if first.chars().count() <= MAX {
        return first.to_string();
    }
    let mut out = String::new();
    for word in first.split_whitespace() {
        if out.chars().count() + word.chars().count() + 2 > MAX {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out + "…"
}

/// Bulleted text below the title.
fn body_text(lines: &[String], size: u32) -> String {
    let body: String = lines
        .iter()
        .map(|l| {
            format!(
                r#"<a:p><a:pPr marL="285750" indent="-285750"><a:buFont typeface="Arial"/><a:buChar char="•"/></a:pPr><a:r><a:rPr lang="en-GB" sz="{size}" dirty="0"><a:solidFill><a:srgbClr val="212B32"/></a:solidFill><a:latin typeface="Liberation Sans"/></a:rPr><a:t>{}</a:t></a:r></a:p>"#,
                esc(l)
            )
        })
        .collect();
    text_box(
        3,
        "Text",
        (457_200, BODY_TOP, SLIDE_W - 914_400, SLIDE_H - BODY_TOP - 304_800),
        &body,
    )
}

/// An editable table below the title: a header row, then rows (text only).
fn table(header: &[&str], rows: &[Vec<String>], widths: &[i64]) -> String {
    let total: i64 = widths.iter().sum();
    let width = SLIDE_W - 914_400;
    let cols: String = widths
        .iter()
        .map(|w| format!(r#"<a:gridCol w="{}"/>"#, w * width / total))
        .collect();
    let cell = |text: &str, bold: bool| {
        format!(
            r#"<a:tc><a:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-GB" sz="1200" b="{}" dirty="0"><a:solidFill><a:srgbClr val="212B32"/></a:solidFill><a:latin typeface="Liberation Sans"/></a:rPr><a:t>{}</a:t></a:r></a:p></a:txBody><a:tcPr marL="45720" marR="45720" marT="22860" marB="22860"/></a:tc>"#,
            u8::from(bold),
            esc(text)
        )
    };
    let row_h = 320_040;
    let mut body = format!(
        r#"<a:tr h="{row_h}">{}</a:tr>"#,
        header.iter().map(|h| cell(h, true)).collect::<String>()
    );
    for r in rows {
        body += &format!(
            r#"<a:tr h="{row_h}">{}</a:tr>"#,
            r.iter().enumerate().map(|(k, c)| cell(c, k == 0)).collect::<String>()
        );
    }
    let height = row_h * (rows.len() as i64 + 1);
    format!(
        r#"<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="3" name="Table"/><p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="457200" y="{BODY_TOP}"/><a:ext cx="{width}" cy="{height}"/></p:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl><a:tblPr firstRow="1" bandRow="1"/><a:tblGrid>{cols}</a:tblGrid>{body}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>"#
    )
}

fn notes_slide(text: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:notes {NS}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/><p:sp><p:nvSpPr><p:cNvPr id="2" name="Slide Image Placeholder 1"/><p:cNvSpPr><a:spLocks noGrp="1" noRot="1" noChangeAspect="1"/></p:cNvSpPr><p:nvPr><p:ph type="sldImg"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp><p:sp><p:nvSpPr><p:cNvPr id="3" name="Notes Placeholder 2"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="body" idx="1"/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/>{}</p:txBody></p:sp></p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>"#,
        text.split('\n')
            .map(|l| format!(
                "<a:p><a:r><a:rPr lang=\"en-GB\" dirty=\"0\"/><a:t>{}</a:t></a:r></a:p>",
                esc(l)
            ))
            .collect::<String>()
    )
}

const THEME: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Boardlens"><a:themeElements><a:clrScheme name="NHS"><a:dk1><a:srgbClr val="212B32"/></a:dk1><a:lt1><a:srgbClr val="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="003087"/></a:dk2><a:lt2><a:srgbClr val="E8EDEE"/></a:lt2><a:accent1><a:srgbClr val="005EB8"/></a:accent1><a:accent2><a:srgbClr val="41B6E6"/></a:accent2><a:accent3><a:srgbClr val="425563"/></a:accent3><a:accent4><a:srgbClr val="AEB7BD"/></a:accent4><a:accent5><a:srgbClr val="007F3B"/></a:accent5><a:accent6><a:srgbClr val="DA291C"/></a:accent6><a:hlink><a:srgbClr val="005EB8"/></a:hlink><a:folHlink><a:srgbClr val="330072"/></a:folHlink></a:clrScheme><a:fontScheme name="Liberation"><a:majorFont><a:latin typeface="Liberation Sans"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="Liberation Sans"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont></a:fontScheme><a:fmtScheme name="Plain"><a:fillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:fillStyleLst><a:lnStyleLst><a:ln w="6350"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="12700"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="19050"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln></a:lnStyleLst><a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst><a:bgFillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:bgFillStyleLst></a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"#;

const CLR_MAP: &str = r#"<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/>"#;
const EMPTY_TREE: &str =
    r#"<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/></p:spTree>"#;

/// The title placeholder of the master and the layout, where slides' titles inherit from.
fn tree_with_title() -> String {
    let (x, y, w, h) = TITLE_BOX;
    format!(
        r#"<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/><p:sp><p:nvSpPr><p:cNvPr id="2" name="Title Placeholder 1"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="title"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm></p:spPr><p:txBody><a:bodyPr anchor="b"/><a:lstStyle/><a:p><a:r><a:rPr lang="en-GB"/><a:t>Title</a:t></a:r></a:p></p:txBody></p:sp></p:spTree>"#
    )
}

fn master() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:sldMaster {NS}><p:cSld><p:bg><p:bgRef idx="1001"><a:schemeClr val="bg1"/></p:bgRef></p:bg>{}</p:cSld>{CLR_MAP}<p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/></p:sldLayoutIdLst><p:txStyles><p:titleStyle><a:lvl1pPr><a:defRPr sz="3200"/></a:lvl1pPr></p:titleStyle><p:bodyStyle><a:lvl1pPr><a:defRPr sz="1800"/></a:lvl1pPr></p:bodyStyle><p:otherStyle><a:lvl1pPr><a:defRPr sz="1800"/></a:lvl1pPr></p:otherStyle></p:txStyles></p:sldMaster>"#,
        tree_with_title()
    )
}

fn layout() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:sldLayout {NS} type="titleOnly" preserve="1"><p:cSld name="Title Only">{}</p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>"#,
        tree_with_title()
    )
}

fn notes_master() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:notesMaster {NS}><p:cSld><p:bg><p:bgRef idx="1001"><a:schemeClr val="bg1"/></p:bgRef></p:bg>{EMPTY_TREE}</p:cSld>{CLR_MAP}</p:notesMaster>"#
    )
}

/// The deck for a report (PNG bytes of each chart drawn without its title, one per chart).
pub fn deck(
    report: &Report,
    charts: &[PackChart],
    pngs: &[Vec<u8>],
    date: &str,
    cover: &CoverSheet,
) -> Result<Vec<u8>> {
    let slides_before = 3;
    let err = |e: zip::result::ZipError| ChartError::Encode(format!("deck: {e}"));
    let ioerr = |e: std::io::Error| ChartError::Encode(format!("deck: {e}"));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let slides = charts.len() + slides_before + 3;
    let put = |zip: &mut zip::ZipWriter<std::io::Cursor<Vec<u8>>>, name: &str, bytes: &[u8], o| -> Result<()> {
        zip.start_file(name, o).map_err(err)?;
        zip.write_all(bytes).map_err(ioerr)
    };

    let mut types = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/><Override PartName="/ppt/slideMasters/slideMaster1.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slideMaster+xml"/><Override PartName="/ppt/slideLayouts/slideLayout1.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml"/><Override PartName="/ppt/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/><Override PartName="/ppt/theme/theme2.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/><Override PartName="/ppt/notesMasters/notesMaster1.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.notesMaster+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#,
    );
    for n in 1..=slides {
        types += &format!(
            r#"<Override PartName="/ppt/slides/slide{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/><Override PartName="/ppt/notesSlides/notesSlide{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.notesSlide+xml"/>"#
        );
    }
    types += "</Types>";
    put(&mut zip, "[Content_Types].xml", types.as_bytes(), opts)?;
    put(&mut zip, "_rels/.rels", rels(&[("rId1", "officeDocument", "ppt/presentation.xml")]).replace("</Relationships>", r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#).as_bytes(), opts)?;
    let title = format!("Digital maturity board pack: {}", report.trust.name);
    put(&mut zip, "docProps/core.xml", format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{}</dc:title><dc:creator>Boardlens</dc:creator></cp:coreProperties>"#, esc(&title)).as_bytes(), opts)?;

    let mut pres_rels = vec![(
        "rId1".to_string(),
        "slideMaster",
        "slideMasters/slideMaster1.xml".to_string(),
    )];
    let mut sld_ids = String::new();
    for n in 1..=slides {
        pres_rels.push((format!("rId{}", n + 1), "slide", format!("slides/slide{n}.xml")));
        sld_ids += &format!(r#"<p:sldId id="{}" r:id="rId{}"/>"#, 255 + n, n + 1);
    }
    let theme_rid = format!("rId{}", slides + 2);
    let notes_rid = format!("rId{}", slides + 3);
    pres_rels.push((theme_rid.clone(), "theme", "theme/theme1.xml".into()));
    pres_rels.push((notes_rid.clone(), "notesMaster", "notesMasters/notesMaster1.xml".into()));
    let refs: Vec<(&str, &str, &str)> = pres_rels.iter().map(|(a, b, c)| (a.as_str(), *b, c.as_str())).collect();
    put(
        &mut zip,
        "ppt/_rels/presentation.xml.rels",
        rels(&refs).as_bytes(),
        opts,
    )?;
    put(&mut zip, "ppt/presentation.xml", format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:presentation {NS} saveSubsetFonts="1"><p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst><p:notesMasterIdLst><p:notesMasterId r:id="{notes_rid}"/></p:notesMasterIdLst><p:sldIdLst>{sld_ids}</p:sldIdLst><p:sldSz cx="{SLIDE_W}" cy="{SLIDE_H}"/><p:notesSz cx="6858000" cy="9144000"/></p:presentation>"#).as_bytes(), opts)?;
    put(&mut zip, "ppt/slideMasters/slideMaster1.xml", master().as_bytes(), opts)?;
    put(
        &mut zip,
        "ppt/slideMasters/_rels/slideMaster1.xml.rels",
        rels(&[
            ("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml"),
            ("rId2", "theme", "../theme/theme1.xml"),
        ])
        .as_bytes(),
        opts,
    )?;
    put(&mut zip, "ppt/slideLayouts/slideLayout1.xml", layout().as_bytes(), opts)?;
    put(
        &mut zip,
        "ppt/slideLayouts/_rels/slideLayout1.xml.rels",
        rels(&[("rId1", "slideMaster", "../slideMasters/slideMaster1.xml")]).as_bytes(),
        opts,
    )?;
    put(&mut zip, "ppt/theme/theme1.xml", THEME.as_bytes(), opts)?;
    put(&mut zip, "ppt/theme/theme2.xml", THEME.as_bytes(), opts)?;
    put(
        &mut zip,
        "ppt/notesMasters/notesMaster1.xml",
        notes_master().as_bytes(),
        opts,
    )?;
    put(
        &mut zip,
        "ppt/notesMasters/_rels/notesMaster1.xml.rels",
        rels(&[("rId1", "theme", "../theme/theme2.xml")]).as_bytes(),
        opts,
    )?;

    // Slide 1: the title slide.
    let mut lines = vec![
        (report.trust.name.clone(), 3600, true, "005EB8"),
        (
            format!(
                "Digital maturity against {} ({} peers)",
                report.peer_group.description,
                report.peer_group.members.len()
            ),
            2000,
            false,
            "212B32",
        ),
        (format!("Prepared {date} with Boardlens"), 1600, false, "425563"),
    ];
    let purpose = match cover.meeting.as_str() {
        "" => cover.purpose.words().to_string(),
        meeting => format!("{meeting} · {}", cover.purpose.words()),
    };
    lines.push((purpose, 1600, false, "212B32"));
    if let Some(r) = cover.recommendation_or_default() {
        lines.push((r.to_string(), 1600, true, "212B32"));
    }
    if report.illustrative {
        lines.push((boardlens_core::model::ILLUSTRATIVE_REPORT.into(), 1600, true, "212B32"));
    }
    let body = paragraphs(&lines);
    let title_slide = slide(
        &(title_placeholder(cover.title_or_default())
            + &text_box(
                3,
                "Subtitle",
                (685_800, 2_057_400, SLIDE_W - 1_371_600, 3_200_400),
                &body,
            )),
    );
    let cover_notes = cover
        .all_rows()
        .into_iter()
        .map(|(label, value)| format!("{label}: {value}"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut slide_files: Vec<(String, Option<&Vec<u8>>, String)> = vec![(title_slide, None, cover_notes)];
    let sources = |report: &Report| {
        report
            .sources
            .iter()
            .map(|s| format!("{}, {} ({}).", s.publisher, s.title, s.period))
            .collect::<Vec<_>>()
    };
    slide_files.push((
        slide(&(title_placeholder("Key messages") + &body_text(&report.messages, 1800))),
        None,
        report.caveats.join("\n"),
    ));
    let measures = crate::doc::summary_measures(report);
    let rows: Vec<Vec<String>> = measures
        .iter()
        .map(|i| {
            vec![
                format!("{} ({})", i.label, i.period),
                match i.categories.as_ref().and_then(|c| c.status.clone()) {
                    Some(status) => status,
                    None => i.text.value.clone(),
                },
                i.text.median.clone(),
                i.text.england.clone(),
                crate::doc::verdict(i).text,
            ]
        })
        .collect();
    slide_files.push((
        slide(
            &(title_placeholder(&format!("Summary: {} against its peers", report.trust.name))
                + &table(&["Measure", "Value", "Peer median", "England", "Verdict"], &rows, &[5, 2, 2, 2, 3])),
        ),
        None,
        "The verdict for survey rates is the funnel plot's at 95% confidence; for DMA scores the quartile among organisations reporting the same care setting; for the DSPT whether the standard was met. DMA scores are self-assessed.".to_string(),
    ));
    for (c, png) in charts.iter().zip(pngs) {
        // The title is on the slide; the notes hold what the picture shows in full, and its source.
        let notes = format!("{}\n{}", c.chart.alt_text, c.chart.source.join("\n"));
        slide_files.push((
            slide(&(title_placeholder(&c.chart.title) + &picture(&short_alt(&c.chart.alt_text), &c.chart.title))),
            Some(png),
            notes,
        ));
    }
    let mut highlights: Vec<String> = report
        .strengths
        .iter()
        .map(|h| format!("Strength: {}", h.text))
        .collect();
    if highlights.is_empty() {
        highlights.push(format!(
            "Strengths: {}",
            boardlens_core::benchmark::narrative::NO_STRENGTHS
        ));
    }
    highlights.extend(report.gaps.iter().map(|h| format!("Gap: {}", h.text)));
    if report.gaps.is_empty() {
        highlights.push(format!("Gaps: {}", boardlens_core::benchmark::narrative::NO_GAPS));
    }
    slide_files.push((
        slide(&(title_placeholder("Strengths and gaps") + &body_text(&highlights, 1600))),
        None,
        "A strength is a survey rate better than peers on the funnel at 95%, or a DMA pillar in the top quartile; a gap the reverse.".to_string(),
    ));
    let learn: Vec<String> = if report.learn_from.is_empty() {
        vec![format!(
            "No gap has organisations like the {} in the top quartile to point to.",
            report.subject().one
        )]
    } else {
        report
            .learn_from
            .iter()
            .map(|l| {
                format!(
                    "{} ({}): {}",
                    l.label,
                    l.period,
                    l.examples
                        .iter()
                        .map(|e| format!("{} ({})", e.name, e.value))
                        .collect::<Vec<_>>()
                        .join("; ")
                )
            })
            .collect()
    };
    slide_files.push((
        slide(&(title_placeholder("Who to learn from") + &body_text(&learn, 1600))),
        None,
        report.learn_from.first().map(|l| l.basis.clone()).unwrap_or_default(),
    ));
    let mut source_lines = sources(report);
    source_lines.push(format!("{}.", boardlens_core::model::OGL_ATTRIBUTION));
    slide_files.push((
        slide(&(title_placeholder("Sources") + &body_text(&source_lines, 1200))),
        None,
        String::new(),
    ));
    debug_assert_eq!(slide_files.len(), slides);
    for (n, (xml, png, notes)) in slide_files.iter().enumerate() {
        let n = n + 1;
        put(&mut zip, &format!("ppt/slides/slide{n}.xml"), xml.as_bytes(), opts)?;
        let mut r = vec![(
            "rId1".to_string(),
            "slideLayout",
            "../slideLayouts/slideLayout1.xml".to_string(),
        )];
        if let Some(png) = png {
            put(&mut zip, &format!("ppt/media/image{n}.png"), png, stored)?;
            r.push(("rId2".into(), "image", format!("../media/image{n}.png")));
        }
        r.push(("rId3".into(), "notesSlide", format!("../notesSlides/notesSlide{n}.xml")));
        let refs: Vec<(&str, &str, &str)> = r.iter().map(|(a, b, c)| (a.as_str(), *b, c.as_str())).collect();
        put(
            &mut zip,
            &format!("ppt/slides/_rels/slide{n}.xml.rels"),
            rels(&refs).as_bytes(),
            opts,
        )?;
        put(
            &mut zip,
            &format!("ppt/notesSlides/notesSlide{n}.xml"),
            notes_slide(notes).as_bytes(),
            opts,
        )?;
        put(
            &mut zip,
            &format!("ppt/notesSlides/_rels/notesSlide{n}.xml.rels"),
            rels(&[
                ("rId1", "notesMaster", "../notesMasters/notesMaster1.xml"),
                ("rId2", "slide", &format!("../slides/slide{n}.xml")),
            ])
            .as_bytes(),
            opts,
        )?;
    }
    let cursor = zip.finish().map_err(err)?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_long_description_is_cut_at_a_word_for_the_slide() {
        let alt = format!("Dot chart of {}. Then the detail.", "word ".repeat(80));
        let short = super::short_alt(&alt);
        assert!(short.chars().count() <= 250, "{}", short.chars().count());
        assert!(short.ends_with('…') && !short.contains("detail"));
        assert_eq!(super::short_alt("A short one. And more."), "A short one.");
    }

    #[test]
    fn xml_text_is_escaped() {
        assert_eq!(
            super::esc("Guy's & St Thomas' <NHS>\u{1}"),
            "Guy&apos;s &amp; St Thomas&apos; &lt;NHS&gt;"
        );
    }
}
