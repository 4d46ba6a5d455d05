//! Limits a spreadsheet file must keep before the spreadsheet library sees it.
//!
//! XLSX and ODS are zip archives of XML, and a few kilobytes can unpack to gigabytes: a
//! shared-string table with 50 million entries, one inline string of a gibibyte, an ODS row
//! repeated a million times with its cells repeated across the sheet, or an archive that
//! lists the same compressed data a thousand times. The library reads some of these parts
//! whole when the workbook is opened, so the checks run first: every part is unpacked as a
//! stream (never held in memory) and its XML scanned byte by byte, counting what the library
//! would build. Whatever the archive claims about itself (sizes, counts) is not trusted.

use super::ImportError;
use std::io::{Cursor, Read};

/// Bytes all parts of an archive may unpack to together: far above any contact list (a
/// sheet of 100,000 contacts is about 50 MB unpacked), far below what would exhaust memory.
pub const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;

/// Cells a sheet's table may hold, blank ones between included: far above any list of
/// contacts and services, far below what would exhaust memory.
pub const MAX_TABLE_CELLS: usize = 10_000_000;

/// Bytes of text a sheet's cells may hold together; a shared string is counted each time a
/// cell uses it, since each cell gets its own copy.
pub const MAX_TABLE_BYTES: usize = 256 * 1024 * 1024;

/// The longest text one cell may hold as read: Excel's longest (32,767 characters) fits many
/// times over.
const MAX_CELL_TEXT_BYTES: usize = 1024 * 1024;

/// The longest stretch of XML that is one piece for a parser: the text of one cell, or
/// one tag with its attributes. Excel's longest cell (32,767 characters) escaped is under
/// 200 KB.
const MAX_XML_TEXT: usize = MAX_CELL_TEXT_BYTES;
const MAX_XML_TAG: usize = 64 * 1024;

/// Parts (besides the shared strings) that calamine reads whole when a workbook is opened,
/// each element becoming an entry in a list: the workbook's sheets, the styles, the theme,
/// the relationships, ODS's metadata.
const READ_WHOLE: &[&str] =
    &["[content_types].xml", "xl/workbook.xml", "xl/styles.xml", "xl/theme/theme1.xml", "meta.xml"];

/// Elements such a part may have: Excel allows 64,000 cell styles; a real workbook has a few
/// thousand elements in each.
const MAX_PART_ELEMENTS: usize = 1_000_000;

/// Excel's rows and columns, which the ODS reader also keeps to.
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = 16_384;

/// What a zip archive holds, from the names of its parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Xlsx,
    Xlsb,
    Ods,
}

fn damaged(what: impl std::fmt::Display) -> ImportError {
    ImportError::Spreadsheet(format!("filen er skadet ({what})"))
}

/// Checks an XLSX, XLSB or ODS file (a zip archive) against the limits, or says what else
/// the archive is (a Word document, a zip of other files).
pub(super) fn check_zip(bytes: &[u8]) -> Result<(), ImportError> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| damaged("zip-arkivet kan ikke leses"))?;
    let names: Vec<String> = zip.file_names().filter_map(Result::ok).map(|n| n.to_lowercase()).collect();
    let has = |name: &str| names.iter().any(|n| n == name);
    let kind = if has("xl/workbook.xml") {
        Kind::Xlsx
    } else if has("xl/workbook.bin") {
        Kind::Xlsb
    } else if has("content.xml") && has("mimetype") {
        Kind::Ods
    } else if has("word/document.xml") {
        return Err(ImportError::NotASpreadsheet("et Word-dokument (DOCX)"));
    } else if names.iter().any(|n| n.starts_with("ppt/")) {
        return Err(ImportError::NotASpreadsheet("en PowerPoint-presentasjon (PPTX)"));
    } else if has("mimetype") {
        return Err(ImportError::NotASpreadsheet("et OpenDocument-dokument som ikke er et regneark"));
    } else {
        return Err(ImportError::NotASpreadsheet("en zip-fil"));
    };
    let mut unpacked = 0u64;
    let mut ods = OdsCount::default();
    let mut chunk = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|_| damaged("en del av arkivet kan ikke pakkes ut"))?;
        if part.is_dir() {
            continue;
        }
        let name = part.name().map(|n| n.to_lowercase()).unwrap_or_default();
        let file = name.rsplit('/').next().unwrap_or(&name).to_owned();
        let mode = match kind {
            Kind::Xlsx if file == "sharedstrings.xml" => Some(Mode::SharedStrings { strings: 0 }),
            Kind::Ods if name == "content.xml" => Some(Mode::OdsContent),
            // Parts the library reads whole into lists when the workbook is opened.
            _ if READ_WHOLE.contains(&name.as_str()) || file.ends_with(".rels") => {
                Some(Mode::Counted { elements: 0 })
            }
            _ if file.ends_with(".xml") => Some(Mode::Plain),
            _ => None,
        };
        let mut scan = mode.map(Scan::new);
        loop {
            let n = match part.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => return Err(damaged(format!("«{name}» kan ikke pakkes ut"))),
            };
            unpacked += n as u64;
            if unpacked > MAX_UNPACKED_BYTES {
                return Err(ImportError::TooManyBytes { megabytes: MAX_UNPACKED_BYTES / 1_000_000 });
            }
            if let Some(scan) = &mut scan {
                scan.feed(&chunk[..n], &mut ods).map_err(|e| e.into_error(&name))?;
            }
        }
    }
    Ok(())
}

/// What a scan found wrong, before it is told which part it was in.
#[derive(Debug)]
enum ScanError {
    TooManyElements,
    TextTooLong,
    TagTooLong,
    TooManyCells,
    TooManyBytes,
}

impl ScanError {
    fn into_error(self, part: &str) -> ImportError {
        match self {
            Self::TextTooLong => damaged(format!(
                "«{part}» har en tekst på over {} MB uten opphold, lenger enn noen celle i et regneark",
                MAX_XML_TEXT / 1_000_000
            )),
            Self::TagTooLong => {
                damaged(format!("«{part}» har et XML-merke på over {} kB", MAX_XML_TAG / 1000))
            }
            Self::TooManyCells => ImportError::TooLarge { cells: MAX_TABLE_CELLS },
            Self::TooManyElements => damaged(format!("«{part}» har over {MAX_PART_ELEMENTS} elementer")),
            Self::TooManyBytes => ImportError::TooManyBytes { megabytes: MAX_TABLE_BYTES as u64 / 1_000_000 },
        }
    }
}

/// Which part is being scanned, and what is counted in it.
enum Mode {
    /// Any XML part: only the lengths of text and tags.
    Plain,
    /// A part read whole into lists ([`READ_WHOLE`]): its elements counted too.
    Counted { elements: usize },
    /// XLSX's table of shared strings, read whole when the workbook is opened.
    SharedStrings { strings: usize },
    /// ODS's sheets, all of them built as dense tables when the workbook is opened.
    OdsContent,
}

/// Where the scanner is in the XML.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Text,
    Tag {
        quote: Option<u8>,
    },
    /// A comment, CDATA section or processing instruction, until its closing bytes.
    Until(&'static [u8]),
}

/// A streaming XML scanner: no more than one tag held at a time.
struct Scan {
    mode: Mode,
    state: State,
    /// Bytes of the current text run or special section.
    run: usize,
    /// The current tag, without `<` and `>`.
    tag: Vec<u8>,
}

impl Scan {
    fn new(mode: Mode) -> Self {
        Self { mode, state: State::Text, run: 0, tag: Vec::new() }
    }

    /// Scans the next bytes of the part. Text and tags are skipped with `memchr`, so that a
    /// part is scanned at the speed it unpacks.
    fn feed(&mut self, bytes: &[u8], ods: &mut OdsCount) -> Result<(), ScanError> {
        let mut i = 0;
        while i < bytes.len() {
            let rest = &bytes[i..];
            match self.state {
                State::Text => {
                    let Some(j) = memchr::memchr(b'<', rest) else {
                        return self.grow_run(rest.len());
                    };
                    self.grow_run(j)?;
                    if matches!(self.mode, Mode::OdsContent) {
                        ods.text(self.run);
                    }
                    self.state = State::Tag { quote: None };
                    self.tag.clear();
                    i += j + 1;
                }
                // The first bytes of `<!…` and `<?…` one at a time, to tell comments, CDATA
                // and instructions (whose content may hold quotes and `>`) from other tags.
                State::Tag { quote: None }
                    if matches!(self.tag.first(), Some(b'!' | b'?')) || self.tag.is_empty() =>
                {
                    let b = rest[0];
                    i += 1;
                    if self.tag.is_empty() && b != b'!' && b != b'?' {
                        self.tag.push(b);
                        if b == b'>' {
                            self.tag.clear();
                            self.close_tag(ods)?;
                        } else if b == b'"' || b == b'\'' {
                            self.state = State::Tag { quote: Some(b) };
                        }
                        continue;
                    }
                    match b {
                        b'>' => self.close_tag(ods)?,
                        _ => {
                            self.push_tag(&[b])?;
                            let special: Option<&'static [u8]> = match self.tag.as_slice() {
                                b"!--" => Some(b"-->"),
                                b"![CDATA[" => Some(b"]]>"),
                                b"?" => Some(b"?>"),
                                _ => None,
                            };
                            if let Some(end) = special {
                                self.state = State::Until(end);
                                self.run = 0;
                                self.tag.clear();
                            } else if self.tag.len() >= 8 {
                                // «<!DOCTYPE …»: an ordinary tag from here on.
                                self.tag[0] = b'_';
                            }
                        }
                    }
                }
                State::Tag { quote: None } => {
                    let Some(j) = memchr::memchr3(b'>', b'"', b'\'', rest) else {
                        return self.push_tag(rest);
                    };
                    self.push_tag(&rest[..j])?;
                    i += j + 1;
                    match rest[j] {
                        b'>' => self.close_tag(ods)?,
                        q => {
                            self.push_tag(&[q])?;
                            self.state = State::Tag { quote: Some(q) };
                        }
                    }
                }
                State::Tag { quote: Some(q) } => {
                    let Some(j) = memchr::memchr(q, rest) else {
                        return self.push_tag(rest);
                    };
                    self.push_tag(&rest[..=j])?;
                    self.state = State::Tag { quote: None };
                    i += j + 1;
                }
                State::Until(end) => {
                    // Byte by byte: comments and CDATA are rare and each is short.
                    let b = rest[0];
                    i += 1;
                    self.grow_run(1)?;
                    self.tag.push(b);
                    if self.tag.len() > end.len() {
                        self.tag.remove(0);
                    }
                    if self.tag == end {
                        self.state = State::Text;
                        self.run = 0;
                        self.tag.clear();
                    }
                }
            }
        }
        Ok(())
    }

    fn grow_run(&mut self, n: usize) -> Result<(), ScanError> {
        self.run += n;
        if self.run > MAX_XML_TEXT { Err(ScanError::TextTooLong) } else { Ok(()) }
    }

    fn push_tag(&mut self, bytes: &[u8]) -> Result<(), ScanError> {
        if self.tag.len() + bytes.len() > MAX_XML_TAG {
            return Err(ScanError::TagTooLong);
        }
        self.tag.extend_from_slice(bytes);
        Ok(())
    }

    /// The `>` of a tag: back to text.
    fn close_tag(&mut self, ods: &mut OdsCount) -> Result<(), ScanError> {
        self.state = State::Text;
        self.run = 0;
        self.end_tag(ods)
    }

    /// A whole tag has been read into `self.tag`.
    fn end_tag(&mut self, ods: &mut OdsCount) -> Result<(), ScanError> {
        if matches!(self.mode, Mode::Plain) {
            return Ok(());
        }
        let tag = Tag::new(&self.tag);
        match &mut self.mode {
            Mode::Plain => Ok(()),
            Mode::Counted { elements } => {
                *elements += usize::from(!tag.closing);
                if *elements > MAX_PART_ELEMENTS { Err(ScanError::TooManyElements) } else { Ok(()) }
            }
            Mode::SharedStrings { strings } => {
                if tag.closing {
                    return Ok(());
                }
                match tag.local_name() {
                    b"si" => {
                        *strings += 1;
                        if *strings > MAX_TABLE_CELLS {
                            return Err(ScanError::TooManyCells);
                        }
                    }
                    // The library reserves room for this many strings before reading one.
                    b"sst" if tag.number("uniqueCount").is_some_and(|n| n > MAX_TABLE_CELLS as u64) => {
                        return Err(ScanError::TooManyCells);
                    }
                    _ => {}
                }
                Ok(())
            }
            Mode::OdsContent => ods.tag(&tag, self.tag.len()),
        }
    }
}

/// One tag's bytes, between `<` and `>`.
struct Tag<'a> {
    bytes: &'a [u8],
    closing: bool,
    empty: bool,
}

impl<'a> Tag<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        let closing = bytes.first() == Some(&b'/');
        let empty = bytes.last() == Some(&b'/');
        Self { bytes, closing, empty }
    }

    /// The tag's full name, with its namespace prefix.
    fn name(&self) -> &'a [u8] {
        let b = if self.closing { &self.bytes[1..] } else { self.bytes };
        let end = b.iter().position(|c| c.is_ascii_whitespace() || *c == b'/').unwrap_or(b.len());
        &b[..end]
    }

    /// The name without its namespace prefix.
    fn local_name(&self) -> &'a [u8] {
        let name = self.name();
        name.iter().rposition(|c| *c == b':').map_or(name, |i| &name[i + 1..])
    }

    fn has_attribute(&self, name: &str) -> bool {
        self.attribute(name).is_some()
    }

    /// An attribute's raw value.
    fn attribute(&self, name: &str) -> Option<&'a [u8]> {
        let mut rest = &self.bytes[self.name().len()..];
        loop {
            let start = rest.iter().position(|c| !c.is_ascii_whitespace())?;
            rest = &rest[start..];
            let eq = rest.iter().position(|c| *c == b'=')?;
            let key = rest[..eq].trim_ascii();
            rest = rest[eq + 1..].trim_ascii_start();
            let quote = *rest.first()?;
            if quote != b'"' && quote != b'\'' {
                return None;
            }
            let end = rest[1..].iter().position(|c| *c == quote)?;
            let value = &rest[1..=end];
            if key == name.as_bytes() {
                return Some(value);
            }
            rest = &rest[end + 2..];
        }
    }

    /// An attribute holding a whole number; an unreadable one counts as huge.
    fn number(&self, name: &str) -> Option<u64> {
        let raw = self.attribute(name)?;
        Some(std::str::from_utf8(raw).ok().and_then(|s| s.trim().parse().ok()).unwrap_or(u64::MAX))
    }
}

/// What the ODS reader will build from `content.xml`: for each sheet, the rectangle from the
/// first to the last row with content and as wide as the widest, every repeated cell and row
/// written out, each string cell a copy of its text.
#[derive(Default)]
struct OdsCount {
    /// Rows so far in this sheet, repeats included.
    rows: u64,
    /// First row with content, and the row after the last.
    first: Option<u64>,
    end: u64,
    width: u64,
    /// This row: its repeat count, width so far, width up to the last cell with content,
    /// and the bytes its cells hold.
    row_repeat: u64,
    row_width: u64,
    row_content_width: u64,
    row_bytes: u64,
    /// This cell: its repeat count, whether it has a value, the bytes of its text.
    in_cell: bool,
    cell_repeat: u64,
    cell_has_value: bool,
    cell_bytes: u64,
    /// All sheets so far.
    cells: u64,
    bytes: u64,
}

/// Bytes a cell costs the reader beyond its text (the value and its formula).
const CELL_OVERHEAD: u64 = 64;

impl OdsCount {
    /// A run of text just ended.
    fn text(&mut self, len: usize) {
        if self.in_cell && len > 0 {
            self.cell_has_value = true;
            self.cell_bytes += len as u64;
        }
    }

    fn tag(&mut self, tag: &Tag, tag_len: usize) -> Result<(), ScanError> {
        match (tag.name(), tag.closing) {
            (b"table:table", false) if !tag.empty => {
                self.rows = 0;
                self.first = None;
                self.end = 0;
                self.width = 0;
            }
            (b"table:table", true) => {
                let rows = self.first.map_or(0, |first| self.end - first);
                self.cells = self.cells.saturating_add(rows.saturating_mul(self.width));
                if self.cells > MAX_TABLE_CELLS as u64 {
                    return Err(ScanError::TooManyCells);
                }
            }
            (b"table:table-row", false) => {
                self.row_repeat = tag.number("table:number-rows-repeated").unwrap_or(1).clamp(1, MAX_ROWS);
                self.row_width = 0;
                self.row_content_width = 0;
                self.row_bytes = 0;
                if tag.empty {
                    self.end_row()?;
                }
            }
            (b"table:table-row", true) => self.end_row()?,
            (b"table:table-cell" | b"table:covered-table-cell", false) => {
                self.in_cell = true;
                self.cell_repeat =
                    tag.number("table:number-columns-repeated").unwrap_or(1).clamp(1, MAX_COLUMNS);
                self.cell_has_value =
                    tag.has_attribute("office:value-type") || tag.has_attribute("table:formula");
                self.cell_bytes = tag_len as u64;
                if tag.empty {
                    self.end_cell();
                }
            }
            (b"table:table-cell" | b"table:covered-table-cell", true) => self.end_cell(),
            _ => {}
        }
        Ok(())
    }

    fn end_cell(&mut self) {
        self.in_cell = false;
        self.row_width = (self.row_width + self.cell_repeat).min(MAX_COLUMNS);
        if self.cell_has_value {
            self.row_content_width = self.row_width;
            self.row_bytes = self
                .row_bytes
                .saturating_add(self.cell_repeat.saturating_mul(self.cell_bytes + CELL_OVERHEAD));
        }
    }

    fn end_row(&mut self) -> Result<(), ScanError> {
        let repeat = self.row_repeat.min(MAX_ROWS.saturating_sub(self.rows));
        if self.row_content_width > 0 {
            self.first.get_or_insert(self.rows);
            self.end = self.rows + repeat;
            self.width = self.width.max(self.row_content_width);
            // The rectangle so far, before the sheet ends.
            let rows = self.first.map_or(0, |first| self.end - first);
            if self.cells.saturating_add(rows.saturating_mul(self.width)) > MAX_TABLE_CELLS as u64 {
                return Err(ScanError::TooManyCells);
            }
            self.bytes = self.bytes.saturating_add(repeat.saturating_mul(self.row_bytes));
            if self.bytes > MAX_TABLE_BYTES as u64 {
                return Err(ScanError::TooManyBytes);
            }
        }
        self.rows += repeat;
        self.row_repeat = 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(mode: Mode, xml: &str) -> Result<OdsCount, ScanError> {
        let mut ods = OdsCount::default();
        let mut s = Scan::new(mode);
        // In small pieces, as a stream arrives.
        for piece in xml.as_bytes().chunks(7) {
            s.feed(piece, &mut ods)?;
        }
        Ok(ods)
    }

    #[test]
    fn attributes_are_read_with_either_quote_and_spacing() {
        let t = Tag::new(b"x:sst xmlns:x=\"a>b\" count = '3' uniqueCount=\"12\"");
        assert_eq!(t.local_name(), b"sst");
        assert_eq!(t.number("uniqueCount"), Some(12));
        assert_eq!(t.number("count"), Some(3));
        assert_eq!(t.attribute("xmlns:x"), Some(&b"a>b"[..]));
        assert_eq!(t.number("missing"), None);
        assert_eq!(Tag::new(b"sst uniqueCount=\"1e99\"").number("uniqueCount"), Some(u64::MAX));
        assert!(Tag::new(b"/si").closing && Tag::new(b"c r=\"A1\"/").empty);
    }

    #[test]
    fn shared_strings_are_counted_whatever_their_prefix() {
        let xml = "<?xml version=\"1.0\"?><x:sst><x:si><x:t>a &gt; b</x:t></x:si><!-- <si> --><si><t><![CDATA[<si>\"]]></t></si></x:sst>";
        let mut s = Scan::new(Mode::SharedStrings { strings: 0 });
        s.feed(xml.as_bytes(), &mut OdsCount::default()).unwrap();
        assert!(matches!(s.mode, Mode::SharedStrings { strings: 2 }));
        assert!(matches!(
            scan(Mode::SharedStrings { strings: 0 }, "<sst uniqueCount=\"99999999999\"><si/></sst>"),
            Err(ScanError::TooManyCells)
        ));
    }

    #[test]
    fn a_text_longer_than_any_cell_is_refused() {
        let long = format!("<t>{}</t>", "x".repeat(MAX_XML_TEXT + 1));
        assert!(matches!(scan(Mode::Plain, &long), Err(ScanError::TextTooLong)));
        let fits = format!("<t>{}</t>", "x".repeat(1000));
        assert!(scan(Mode::Plain, &fits).is_ok());
        let tag = format!("<t a=\"{}\">", "x".repeat(MAX_XML_TAG));
        assert!(matches!(scan(Mode::Plain, &tag), Err(ScanError::TagTooLong)));
    }

    #[test]
    fn a_part_read_whole_has_a_bounded_number_of_elements() {
        let styles =
            format!("<styleSheet><cellXfs>{}</cellXfs></styleSheet>", "<xf/>".repeat(MAX_PART_ELEMENTS));
        assert!(matches!(scan(Mode::Counted { elements: 0 }, &styles), Err(ScanError::TooManyElements)));
        let fine = format!("<styleSheet><cellXfs>{}</cellXfs></styleSheet>", "<xf></xf>".repeat(1000));
        assert!(scan(Mode::Counted { elements: 0 }, &fine).is_ok());
    }

    #[test]
    fn ods_repeats_are_counted_as_the_reader_writes_them_out() {
        let row = |repeat: u64, cells: &str| {
            format!("<table:table-row table:number-rows-repeated=\"{repeat}\">{cells}</table:table-row>")
        };
        let sheet = |rows: &str| format!("<table:table table:name=\"A\">{rows}</table:table>");
        let cell = |repeat: u64, text: &str| {
            format!(
                "<table:table-cell table:number-columns-repeated=\"{repeat}\" office:value-type=\"string\"><text:p>{text}</text:p></table:table-cell>"
            )
        };
        let empty = |repeat: u64| format!("<table:table-cell table:number-columns-repeated=\"{repeat}\"/>");
        // A normal sheet: two rows of three cells, then the empty rest of the sheet as
        // LibreOffice writes it.
        let normal = sheet(
            &(row(1, &(cell(3, "Navn") + &empty(1021)))
                + &row(1, &cell(3, "x"))
                + &row(1_048_574, &empty(1024))),
        );
        let count = scan(Mode::OdsContent, &normal).unwrap();
        assert_eq!((count.cells, count.bytes > 0), (6, true));
        // One row of 100 cells repeated a million times.
        let bomb = sheet(&row(1_000_000, &cell(100, "x")));
        assert!(matches!(scan(Mode::OdsContent, &bomb), Err(ScanError::TooManyCells)));
        // Few cells, each a copy of a long text.
        let wide = sheet(&row(1000, &cell(1000, &"y".repeat(1000))));
        assert!(matches!(scan(Mode::OdsContent, &wide), Err(ScanError::TooManyBytes)));
    }
}
