//! Limits on everything a file can inflate to, so that no file — hostile, damaged or just
//! enormous — can make an import or a preview take the machine's memory or abort the process.
//!
//! A 2 KB workbook can claim a cell at `XFD1048576` (a 17-billion-cell grid) or 9×10¹⁴ shared
//! strings, and a 1 MB zip can inflate to gigabytes. So: the file's size and what its archive
//! inflates to are capped (the same cap as a download, 200 MB unless the user raises it), every
//! entry is inflated through a counter before the workbook reader sees it, the cells of a sheet
//! are held sparsely (memory follows the cells present, not the grid they span) and counted,
//! a cell holds at most Excel's own 32,767 characters, and a zip is opened one level deep.
//! Each limit hit is [`ImportError::TooLarge`](crate::error::ImportError::TooLarge), naming the
//! file, what exceeded which limit, and what to do.

use crate::error::ImportError;
use std::io::{Cursor, Read};

/// The default cap on a file's size and on what it inflates to: 200 MB, as for downloads.
pub const DEFAULT_MAX_BYTES: u64 = 200 * 1024 * 1024;

/// Cells with a value, over all the sheets of a workbook (5 million: a full 1,048,576-row
/// sheet of five columns, ten times the largest NHS England workbook bundled).
pub const MAX_CELLS: u64 = 5_000_000;

/// Characters in one cell: Excel's own limit, so any real workbook is within it.
pub const MAX_CELL_CHARS: usize = 32_767;

/// Entries in a zip archive or workbook (a real workbook has tens).
pub const MAX_ZIP_ENTRIES: usize = 10_000;

/// Characters in a name or label stored in the database (an organisation's name, an alias,
/// an indicator's label); the longest NHS trust name is under 90.
pub const MAX_NAME_CHARS: usize = 500;

/// The limits one import or preview runs under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file, and the most its archive may inflate to, in bytes.
    pub max_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

impl Limits {
    /// Limits with a cap in bytes (`None`: the default).
    pub fn with_max_bytes(max_bytes: Option<u64>) -> Limits {
        Limits {
            max_bytes: max_bytes.unwrap_or(DEFAULT_MAX_BYTES),
        }
    }

    /// The cap in words: "200 MB".
    pub fn max_words(&self) -> String {
        megabytes(self.max_bytes)
    }

    /// Refuse a file larger than the cap before reading it.
    pub fn check_file_size(&self, file: &str, size: u64) -> Result<(), ImportError> {
        if size > self.max_bytes {
            return Err(ImportError::TooLarge {
                file: file.to_string(),
                what: format!(
                    "the file is {}, over the {} limit; split it, or raise the limit with --max-mb",
                    megabytes(size),
                    self.max_words()
                ),
            });
        }
        Ok(())
    }
}

/// Bytes as megabytes for messages, never rounding a just-over-the-limit size down to it.
fn megabytes(bytes: u64) -> String {
    let mb = bytes as f64 / (1024.0 * 1024.0);
    if mb >= 10.0 {
        format!("{} MB", mb.ceil() as u64)
    } else {
        format!("{:.1} MB", (mb * 10.0).ceil() / 10.0)
    }
}

/// What a zip archive holds, found by inflating every entry through a counter: nothing is
/// believed from its directory (a bomb declares small sizes).
#[derive(Debug)]
pub(crate) struct ZipContents {
    /// Entry names, in the archive's order.
    pub names: Vec<String>,
    /// `<si>` elements in the workbook's shared-string table, when it has one.
    pub shared_strings: u64,
    /// The count the shared-string table claims (`uniqueCount`), when it says.
    pub claimed_shared_strings: Option<u64>,
}

/// Inflate every entry of a zip through a counter, refusing an archive that inflates past the
/// cap, has too many entries, or whose shared-string table claims (or holds) more strings than
/// a workbook within the cell limit could use.
pub(crate) fn scan_zip(file: &str, bytes: &[u8], limits: &Limits) -> Result<ZipContents, ImportError> {
    let too_large = |what: String| ImportError::TooLarge {
        file: file.to_string(),
        what,
    };
    let damaged = |e: &dyn std::fmt::Display| ImportError::Unreadable {
        file: file.to_string(),
        detail: format!("the ZIP archive (or Excel workbook) is damaged or truncated ({e})"),
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(&e))?;
    if archive.len() > MAX_ZIP_ENTRIES {
        return Err(too_large(format!(
            "the archive holds {} entries, over the limit of {MAX_ZIP_ENTRIES}",
            archive.len()
        )));
    }
    let mut contents = ZipContents {
        names: Vec::with_capacity(archive.len()),
        shared_strings: 0,
        claimed_shared_strings: None,
    };
    let mut inflated = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| damaged(&e))?;
        let name = entry.name().map_err(|e| damaged(&e))?.into_owned();
        let shared = name.eq_ignore_ascii_case("xl/sharedStrings.xml");
        let mut scan = SharedStringScan::default();
        loop {
            let n = match entry.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) => return Err(damaged(&format!("{name}: {e}"))),
            };
            inflated += n as u64;
            if inflated > limits.max_bytes {
                return Err(too_large(format!(
                    "it inflates to more than {} (at '{name}'); a real workbook of that size is unusual: check the file, or raise the limit with --max-mb",
                    limits.max_words()
                )));
            }
            if shared {
                scan.feed(&buf[..n]);
                if let Some(claimed) = scan.claimed.filter(|c| *c > MAX_CELLS) {
                    return Err(too_large(format!(
                        "its shared-string table claims {claimed} strings, over the limit of {MAX_CELLS} cells"
                    )));
                }
                if scan.count > MAX_CELLS {
                    return Err(too_large(format!(
                        "its shared-string table holds more than {MAX_CELLS} strings, the limit of cells"
                    )));
                }
            }
        }
        if shared {
            contents.shared_strings = scan.count;
            contents.claimed_shared_strings = scan.claimed;
        }
        contents.names.push(name);
    }
    Ok(contents)
}

/// Counts `<si>` elements and reads `uniqueCount` as the shared-string table streams past.
#[derive(Default)]
struct SharedStringScan {
    count: u64,
    claimed: Option<u64>,
    /// The last few bytes of the previous chunk, so a tag split across chunks is seen.
    tail: Vec<u8>,
    /// The start of the table, until `uniqueCount` is found or the `<sst` tag ends.
    head: Vec<u8>,
    head_done: bool,
}

impl SharedStringScan {
    fn feed(&mut self, chunk: &[u8]) {
        if !self.head_done {
            self.head.extend_from_slice(&chunk[..chunk.len().min(4096)]);
            if let Some(start) = find(&self.head, b"<sst")
                && let Some(end) = self.head[start..].iter().position(|&b| b == b'>')
            {
                let tag = &self.head[start..start + end];
                self.claimed = attribute_number(tag, b"uniqueCount").or_else(|| attribute_number(tag, b"count"));
                self.head_done = true;
            }
            if self.head.len() >= 4096 {
                self.head_done = true;
            }
        }
        let mut joined = std::mem::take(&mut self.tail);
        let carried = joined.len();
        joined.extend_from_slice(chunk);
        let mut at = 0;
        while let Some(i) = find(&joined[at..], b"<si") {
            let next = joined.get(at + i + 3).copied();
            // `<si` and the byte after it; counted once, when that byte is in the new chunk.
            if at + i + 4 > carried && matches!(next, Some(b'>' | b' ' | b'\t' | b'\r' | b'\n' | b'/')) {
                self.count += 1;
            }
            at += i + 3;
        }
        let keep = joined.len().min(3);
        self.tail = joined[joined.len() - keep..].to_vec();
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// `name="123"` inside a tag, as a number (digits only: "9e14" is no count).
fn attribute_number(tag: &[u8], name: &[u8]) -> Option<u64> {
    let mut at = 0;
    while let Some(i) = find(&tag[at..], name) {
        let start = at + i;
        let before = start.checked_sub(1).map(|b| tag[b]);
        let rest = &tag[start + name.len()..];
        if matches!(before, Some(b' ' | b'\t' | b'\r' | b'\n')) && rest.first() == Some(&b'=') {
            let quoted = &rest[1..];
            let quote = *quoted.first()?;
            let end = quoted[1..].iter().position(|&b| b == quote)?;
            let digits = std::str::from_utf8(&quoted[1..1 + end]).ok()?.trim();
            // Too many digits for a u64 is certainly over any limit.
            return match digits.parse::<u64>() {
                Ok(n) => Some(n),
                Err(_) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => Some(u64::MAX),
                Err(_) => None,
            };
        }
        at = start + name.len();
    }
    None
}

/// Read at most `limit` bytes of an entry, refusing it when there is more.
pub(crate) fn read_capped(file: &str, what: &str, reader: impl Read, limits: &Limits) -> Result<Vec<u8>, ImportError> {
    let mut out = Vec::new();
    reader
        .take(limits.max_bytes + 1)
        .read_to_end(&mut out)
        .map_err(|e| ImportError::Unreadable {
            file: file.to_string(),
            detail: format!("{what} is damaged ({e})"),
        })?;
    if out.len() as u64 > limits.max_bytes {
        return Err(ImportError::TooLarge {
            file: file.to_string(),
            what: format!(
                "{what} inflates to more than {}; raise the limit with --max-mb",
                limits.max_words()
            ),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, body) in entries {
            zip.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            std::io::Write::write_all(&mut zip, body).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn shared_strings_are_counted_across_chunk_boundaries() {
        let mut scan = SharedStringScan::default();
        let xml = b"<?xml version=\"1.0\"?><sst xmlns=\"x\" count=\"9\" uniqueCount=\"3\"><si><t>a</t></si><si><t>b</t></si><si/></sst>";
        for chunk in xml.chunks(2) {
            scan.feed(chunk);
        }
        assert_eq!((scan.count, scan.claimed), (3, Some(3)));
    }

    #[test]
    fn a_claimed_count_is_read_as_written() {
        assert_eq!(
            attribute_number(b"<sst count=\"12\" uniqueCount=\"7\"", b"uniqueCount"),
            Some(7)
        );
        assert_eq!(
            attribute_number(b"<sst uniqueCount='99999999999999999999999'", b"uniqueCount"),
            Some(u64::MAX)
        );
        assert_eq!(attribute_number(b"<sst xcount=\"5\"", b"count"), None);
    }

    #[test]
    fn an_archive_that_inflates_past_the_cap_is_refused() {
        let bytes = zip_of(&[("big.csv", &vec![b'a'; 5000])]);
        let err = scan_zip("big.zip", &bytes, &Limits { max_bytes: 4096 }).unwrap_err();
        assert_eq!(err.code(), "import.too_large");
        assert!(err.to_string().contains("inflates to more than"), "{err}");
        assert!(scan_zip("big.zip", &bytes, &Limits { max_bytes: 5000 }).is_ok());
    }

    #[test]
    fn a_shared_string_table_claiming_billions_is_refused_before_any_allocation() {
        let bytes = zip_of(&[(
            "xl/sharedStrings.xml",
            b"<sst xmlns=\"x\" count=\"900000000000000\" uniqueCount=\"900000000000000\"><si><t>a</t></si></sst>",
        )]);
        let err = scan_zip("bomb.xlsx", &bytes, &Limits::default()).unwrap_err();
        assert!(err.to_string().contains("claims 900000000000000 strings"), "{err}");
    }

    #[test]
    fn sizes_in_messages_never_round_down_to_the_limit() {
        assert_eq!(megabytes(200 * 1024 * 1024 + 1), "201 MB");
        assert_eq!(megabytes(1024 * 1024 + 1), "1.1 MB");
    }
}
