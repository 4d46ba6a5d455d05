//! Reading a spreadsheet file into a [`Table`] of text cells: CSV in any of the encodings and
//! delimiters Excel writes, XLSX/XLSB cell by cell, ODS and XLS through calamine.

use super::ImportError;
use super::columns::header_score;
use super::guard::{MAX_TABLE_BYTES, MAX_TABLE_CELLS};
use calamine::{Data, Reader};
use chrono::NaiveDate;
use std::io::Cursor;
use std::path::Path;

/// One row as read, with its row number as the user sees it in the spreadsheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableRow {
    /// 1-based row number in the sheet.
    pub number: usize,
    pub cells: Vec<String>,
    /// Columns whose cell is a formula without a value: the file was saved without the
    /// results (or the formula gives an error). The cell reads as empty, but is not.
    pub no_value: Vec<usize>,
}

/// Cells of one sheet: the header row, the rows above it (a title, blank lines) and the data
/// rows below it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<TableRow>,
    /// The sheet read (empty for CSV), and the other sheets the user could pick.
    pub sheet: String,
    pub sheets: Vec<String>,
    /// The header's row number in the sheet (from 1).
    pub header_row: usize,
    /// Rows between the first with content and the header: a title, a date, blank lines.
    pub above: Vec<TableRow>,
}

/// How many rows with content are looked at for the header, and offered to pick from.
pub const HEADER_SCAN_ROWS: usize = 20;

impl Table {
    /// The rows the header can be picked from: the first [`HEADER_SCAN_ROWS`] with content,
    /// each with its number and its cells joined for showing.
    pub fn header_candidates(&self) -> Vec<(usize, String)> {
        let header = TableRow { number: self.header_row, cells: self.headers.clone(), no_value: Vec::new() };
        let all = self.above.iter().chain(std::iter::once(&header)).chain(&self.rows);
        all.filter(|r| r.cells.iter().any(|c| !c.trim().is_empty()))
            .take(HEADER_SCAN_ROWS)
            .map(|r| {
                let cells: Vec<&str> = r.cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
                (r.number, cells.join(" · "))
            })
            .collect()
    }

    /// Makes row `number` (as numbered in the sheet) the header: rows above it are left out
    /// of the import, rows below are data. For `--header-row` and the dialog's choice. On an
    /// error the table is as it was.
    pub fn set_header_row(&mut self, number: usize) -> Result<(), ImportError> {
        if number == self.header_row {
            return Ok(());
        }
        let first = self.above.first().map_or(self.header_row, |r| r.number);
        let last = self.rows.last().map_or(self.header_row, |r| r.number);
        let header = TableRow {
            number: self.header_row,
            cells: std::mem::take(&mut self.headers),
            no_value: Vec::new(),
        };
        let now = self.above.len();
        let mut all: Vec<TableRow> = std::mem::take(&mut self.above);
        all.push(header);
        all.append(&mut self.rows);
        let checked = match all.iter().position(|r| r.number == number) {
            None => Err(ImportError::NoSuchRow { number, first, last }),
            Some(at) if all[at].cells.iter().all(|c| c.trim().is_empty()) => {
                Err(ImportError::BlankHeaderRow { number })
            }
            Some(at) => check_width(&all, at).map(|()| at),
        };
        match checked {
            Ok(at) => {
                self.split(all, at);
                Ok(())
            }
            Err(e) => {
                self.split(all, now);
                Err(e)
            }
        }
    }

    /// Splits all rows at the header, `all[at]`, and pads the rows below to its width.
    fn split(&mut self, mut all: Vec<TableRow>, at: usize) {
        let mut rows = all.split_off(at + 1);
        let mut header = all.pop().expect("the header row");
        let width = used_len(&header.cells);
        header.cells.truncate(width);
        for r in &mut rows {
            // Padding for an earlier header is not data.
            r.cells.truncate(used_len(&r.cells));
            r.cells.resize(width.max(r.cells.len()), String::new());
        }
        for r in &mut all {
            r.cells.truncate(used_len(&r.cells));
        }
        self.headers = header.cells.iter().map(|h| h.trim().to_owned()).collect();
        self.header_row = header.number;
        self.above = all;
        self.rows = rows;
    }

    /// «Rad 1–2: tittel over tabellen, hoppet over» when the header is not the first row.
    pub fn above_note(&self) -> Option<String> {
        let first = self.above.first()?.number;
        let last = self.header_row - 1;
        let rows = if first == last { format!("Rad {first}") } else { format!("Rad {first}–{last}") };
        Some(format!("{rows}: tittel over tabellen, hoppet over"))
    }
}

/// The header among the first rows with content: the row whose cells name the most fields
/// ([`header_score`]), the first of equals; the first row with content when none names any.
/// `None` when no row has content.
pub fn find_header(rows: &[TableRow]) -> Option<usize> {
    let with_content =
        || rows.iter().enumerate().filter(|(_, r)| r.cells.iter().any(|c| !c.trim().is_empty()));
    let first = with_content().next()?.0;
    let best = with_content()
        .take(HEADER_SCAN_ROWS)
        .map(|(i, r)| (header_score(&r.cells), i))
        .filter(|(score, _)| *score > 0)
        .max_by_key(|(score, i)| (*score, std::cmp::Reverse(*i)));
    Some(best.map_or(first, |(_, i)| i))
}

/// Cells up to the last that is not empty.
fn used_len(cells: &[String]) -> usize {
    cells.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1)
}

/// Refuses a header whose width, once every row below is padded to it, would take the table
/// over [`MAX_TABLE_CELLS`] (a header reaching the last column and a cell far below it).
fn check_width(all: &[TableRow], at: usize) -> Result<(), ImportError> {
    let width = used_len(&all[at].cells);
    let dense = all[at + 1..].iter().fold(width, |n, r| n.saturating_add(used_len(&r.cells).max(width)));
    if dense > MAX_TABLE_CELLS { Err(ImportError::TooLarge { cells: MAX_TABLE_CELLS }) } else { Ok(()) }
}

/// Bytes a file to import may have: far above any contact list (100,000 contacts as CSV are
/// about 20 MB), far below what would exhaust memory once read.
pub const MAX_SOURCE_BYTES: u64 = 128 * 1024 * 1024;

/// Reads a spreadsheet file. `sheet` picks a sheet by name (XLSX/ODS); default the first.
pub fn read_table(path: &Path, sheet: Option<&str>) -> Result<Table, ImportError> {
    let bytes = read_source(path)?;
    read_table_bytes(&bytes, sheet)
}

/// The bytes of a file to import. Only a regular file (a link is followed) is read, and
/// never more than [`MAX_SOURCE_BYTES`] whatever its size claims: a FIFO would wait for a
/// writer for ever and a device such as /dev/zero never ends.
pub fn read_source(path: &Path) -> Result<Vec<u8>, ImportError> {
    use std::io::Read;
    let shown = || path.display().to_string();
    let io = |source| ImportError::Io { path: shown(), source };
    let not_a_file =
        |meta: &std::fs::Metadata| ImportError::NotAFile { path: shown(), what: file_kind(meta) };
    // Checked before opening: opening a FIFO blocks until someone writes to it.
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(not_a_file(&meta));
    }
    let too_large = || ImportError::FileTooLarge { path: shown(), megabytes: MAX_SOURCE_BYTES / 1_000_000 };
    if meta.len() > MAX_SOURCE_BYTES {
        return Err(too_large());
    }
    let file = std::fs::File::open(path).map_err(io)?;
    // And what was opened, in case the path changed in between.
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        return Err(not_a_file(&meta));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_SOURCE_BYTES + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > MAX_SOURCE_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

/// What a path that is not a regular file is, in words.
fn file_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "et navngitt rør (FIFO), som venter på data fra et annet program";
        }
        if t.is_char_device() || t.is_block_device() {
            return "en enhet";
        }
        if t.is_socket() {
            return "en socket";
        }
    }
    if meta.is_dir() { "en mappe" } else { "noe annet enn en fil" }
}

/// Reads a spreadsheet from bytes; the format is recognised from the content (XLSX and ODS
/// are zip files, older XLS an OLE file; a PDF, an image and other files that are no table
/// are named; anything else is taken as CSV). A zip file is checked against the limits in
/// [`super::guard`] before it is opened.
pub fn read_table_bytes(bytes: &[u8], sheet: Option<&str>) -> Result<Table, ImportError> {
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    let is_ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    if is_zip {
        super::guard::check_zip(bytes)?;
    }
    if is_zip || is_ole {
        return read_workbook_guarded(bytes, sheet);
    }
    if let Some(what) = not_a_table(bytes) {
        return Err(ImportError::NotASpreadsheet(what));
    }
    read_csv(bytes)
}

/// What a file is when its first bytes say it is no table: «en PDF», «et bilde (PNG)» … A
/// renamed PDF would otherwise be read as a CSV of garbage, and the user told that no
/// column is linked to a name.
fn not_a_table(bytes: &[u8]) -> Option<&'static str> {
    const KNOWN: &[(&[u8], &str)] = &[
        (b"%PDF", "en PDF"),
        (b"\x89PNG", "et bilde (PNG)"),
        (b"\xFF\xD8\xFF", "et bilde (JPEG)"),
        (b"GIF8", "et bilde (GIF)"),
        (b"{\\rtf", "et RTF-dokument"),
        (b"PK\x05\x06", "en tom zip-fil"),
        (b"\x1F\x8B", "en komprimert fil (gzip)"),
    ];
    if let Some((_, what)) = KNOWN.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Some(what);
    }
    let mut head = &bytes[..bytes.len().min(8192)];
    // A character cut at the end of the first bytes is no reason to take UTF-8 for another
    // encoding.
    if let Err(e) = std::str::from_utf8(head)
        && e.error_len().is_none()
    {
        head = &head[..e.valid_up_to()];
    }
    let text = decode_text(head);
    let head = text.trim_start().get(..14).unwrap_or("").to_lowercase();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        return Some("en nettside (HTML)");
    }
    // Text has next to no control characters; a program or a database file is full of them.
    let (mut control, mut all) = (0usize, 0usize);
    for c in text.chars().take(4096) {
        all += 1;
        if c.is_control() && !matches!(c, '\t' | '\r' | '\n') {
            control += 1;
        }
    }
    (control * 100 > all).then_some("en binærfil")
}

/// [`read_workbook`], with a panic inside the spreadsheet library (it has overflowed on
/// damaged cell references in debug builds) turned into an error: a damaged file must
/// never take the window down with it.
fn read_workbook_guarded(bytes: &[u8], sheet: Option<&str>) -> Result<Table, ImportError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_workbook(bytes, sheet))).unwrap_or_else(
        |_| Err(ImportError::Spreadsheet("filen ser ut til å være skadet og kunne ikke tolkes".to_owned())),
    )
}

/// Excel's own sheet limits: a cell beyond them means a damaged or hostile file.
const MAX_SHEET_ROWS: u32 = 1_048_576;
const MAX_SHEET_COLUMNS: u32 = 16_384;

fn spreadsheet(e: impl std::fmt::Display) -> ImportError {
    ImportError::Spreadsheet(e.to_string())
}

fn read_workbook(bytes: &[u8], sheet: Option<&str>) -> Result<Table, ImportError> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(spreadsheet)?;
    let sheets = book.sheet_names();
    let name = match sheet {
        Some(want) => sheets
            .iter()
            .find(|s| s.trim().eq_ignore_ascii_case(want.trim()))
            .cloned()
            .ok_or_else(|| ImportError::NoSheet { name: want.to_owned(), available: sheets.clone() })?,
        None => sheets.first().cloned().ok_or(ImportError::Empty)?,
    };
    // Cells are read one by one where the format allows, never as the dense rectangle the
    // sheet claims: a damaged cell reference («XFD1048576», or worse) would otherwise ask
    // for hundreds of gigabytes before a single row is seen.
    let mut cells = Cells::default();
    match &mut book {
        calamine::Sheets::Xlsx(x) => {
            let mut reader = x.worksheet_cells_reader(&name).map_err(spreadsheet)?;
            // With each cell's formula, if any, so that one saved without its value is known.
            while let Some(cell) = reader.next_cell_with_formula_metadata().map_err(spreadsheet)? {
                let (row, col) = cell.pos;
                // Counted before the copy: many cells may share one long string.
                cells.count_text(text_len(&cell.value))?;
                cells.push(row, col, &Data::from(cell.value), cell.formula.is_some())?;
            }
        }
        calamine::Sheets::Xlsb(x) => {
            let mut reader = x.worksheet_cells_reader(&name).map_err(spreadsheet)?;
            while let Some(cell) = reader.next_cell().map_err(spreadsheet)? {
                let (row, col) = cell.get_position();
                cells.count_text(text_len(cell.get_value()))?;
                cells.push(row, col, &Data::from(cell.get_value().clone()), false)?;
            }
        }
        other => {
            let range = other.worksheet_range(&name).map_err(spreadsheet)?;
            let (row0, col0) = range.start().unwrap_or((0, 0));
            let mut with_value = std::collections::HashSet::new();
            for (r, c, data) in range.used_cells() {
                cells.count_text(if let Data::String(s) = data { s.len() } else { 0 })?;
                let at = (row0.saturating_add(r as u32), col0.saturating_add(c as u32));
                with_value.insert(at);
                cells.push(at.0, at.1, data, false)?;
            }
            // ODS keeps formulas apart from values: those with no value at their place.
            if let calamine::Sheets::Ods(ods) = other
                && let Ok(formulas) = ods.worksheet_formula(&name)
            {
                let (row0, col0) = formulas.start().unwrap_or((0, 0));
                for (r, c, _) in formulas.used_cells() {
                    let at = (row0.saturating_add(r as u32), col0.saturating_add(c as u32));
                    if !with_value.contains(&at) {
                        cells.push(at.0, at.1, &Data::Empty, true)?;
                    }
                }
            }
        }
    }
    let mut table = to_table(cells.into_rows()?)?;
    table.sheet = name;
    table.sheets = sheets;
    Ok(table)
}

/// The bytes of a cell's text, before it is copied.
fn text_len(cell: &calamine::DataRef) -> usize {
    match cell {
        calamine::DataRef::String(s) => s.len(),
        calamine::DataRef::SharedString(s) => s.len(),
        _ => 0,
    }
}

/// The non-empty cells of a sheet as read, by position.
#[derive(Default)]
struct Cells {
    cells: Vec<(u32, u32, String)>,
    /// Formulas without a value (or with an error for one).
    no_value: Vec<(u32, u32)>,
    /// Bytes of text read so far.
    bytes: usize,
}

impl Cells {
    /// Counts a cell's text against [`MAX_TABLE_BYTES`] before it is copied.
    fn count_text(&mut self, len: usize) -> Result<(), ImportError> {
        self.bytes = self.bytes.saturating_add(len);
        if self.bytes > MAX_TABLE_BYTES {
            return Err(ImportError::TooManyBytes { megabytes: MAX_TABLE_BYTES as u64 / 1_000_000 });
        }
        Ok(())
    }

    fn push(&mut self, row: u32, col: u32, data: &Data, formula: bool) -> Result<(), ImportError> {
        if row >= MAX_SHEET_ROWS || col >= MAX_SHEET_COLUMNS {
            return Err(ImportError::Spreadsheet(format!(
                "regnearket er skadet: en celle ligger utenfor arket (rad {}, kolonne {})",
                u64::from(row) + 1,
                u64::from(col) + 1
            )));
        }
        let text = cell_text(data);
        if self.cells.len() + self.no_value.len() >= MAX_TABLE_CELLS {
            return Err(ImportError::TooLarge { cells: MAX_TABLE_CELLS });
        }
        if text.is_empty() {
            if formula || matches!(data, Data::Error(_)) {
                self.no_value.push((row, col));
            }
            return Ok(());
        }
        if self.cells.len() >= MAX_TABLE_CELLS {
            return Err(ImportError::TooLarge { cells: MAX_TABLE_CELLS });
        }
        self.cells.push((row, col, text));
        Ok(())
    }

    /// Rows from the first with content to the last, numbered as in the sheet (from 1),
    /// blank rows between included; each row as wide as its last cell, columns kept where
    /// the sheet has them so that headers line up with letters. (At most as many rows as
    /// the sheet has: [`MAX_SHEET_ROWS`].)
    fn into_rows(mut self) -> Result<Vec<TableRow>, ImportError> {
        // Readers give cells row by row; a stable sort keeps the first of two at one place.
        self.cells.sort_by_key(|(row, col, _)| (*row, *col));
        self.cells.dedup_by_key(|(row, col, _)| (*row, *col));
        self.no_value.sort_unstable();
        self.no_value.dedup();
        let rows = self.cells.iter().map(|c| c.0).chain(self.no_value.iter().map(|c| c.0));
        let (Some(first_row), Some(last_row)) = (rows.clone().min(), rows.max()) else {
            return Ok(Vec::new());
        };
        let mut rows: Vec<TableRow> = Vec::with_capacity((last_row - first_row + 1) as usize);
        let mut cells = self.cells.into_iter().peekable();
        let mut no_value = self.no_value.into_iter().peekable();
        for row in first_row..=last_row {
            let mut out = Vec::new();
            while let Some((_, col, text)) = cells.next_if(|c| c.0 == row) {
                out.resize(col as usize, String::new());
                out.push(text);
            }
            let mut formulas = Vec::new();
            while let Some((_, col)) = no_value.next_if(|c| c.0 == row) {
                formulas.push(col as usize);
            }
            rows.push(TableRow { number: row as usize + 1, cells: out, no_value: formulas });
        }
        Ok(rows)
    }
}

/// The text of a cell. Numbers without decimals are written without ".0", so that a phone
/// number typed as a number reads as its digits.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            format!("{day:02}.{m:02}.{y:04}")
        }
        Data::DateTimeIso(s) => NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d")
            .map(crate::model::dates::format)
            .unwrap_or_else(|_| s.clone()),
        Data::Error(_) => String::new(),
        other => other.to_string(),
    }
}

/// Decodes CSV bytes: UTF-8 (with or without BOM); UTF-16 with its BOM, or without when
/// every other byte is zero (Excel's «Unicode-tekst»); else Windows-1252, which is what
/// Excel on Norwegian Windows writes with «Lagre som CSV».
pub fn decode_text(bytes: &[u8]) -> String {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding.decode_with_bom_removal(bytes).0.into_owned();
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        return encoding.decode_without_bom_handling(bytes).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

/// UTF-16 without a BOM: in the first bytes, the zero half of nearly every character on the
/// same side (text in the Latin letters a contact list is written in).
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(1024) & !1];
    if head.len() < 4 {
        return None;
    }
    let pairs = head.len() / 2;
    let zero_at = |side: usize| head.chunks_exact(2).filter(|p| p[side] == 0 && p[1 - side] != 0).count();
    if zero_at(1) * 10 >= pairs * 9 {
        Some(encoding_rs::UTF_16LE)
    } else if zero_at(0) * 10 >= pairs * 9 {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// Picks the delimiter from the first line with content: `;`, `,` or tab, whichever occurs
/// most outside quotes (`;` on a tie: Norwegian Excel's choice).
pub fn sniff_delimiter(text: &str) -> u8 {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => counts[0] += 1,
            ',' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|i| (counts[*i], 3 - i)).unwrap_or(0);
    [b';', b',', b'\t'][best]
}

fn read_csv(bytes: &[u8]) -> Result<Table, ImportError> {
    let text = decode_text(bytes);
    let delimiter = sniff_delimiter(&text);
    // Every cell is kept, empty ones too: a file of nothing but separators is millions of
    // cells. Counted before the CSV reader builds its first record (a record of ten million
    // fields alone takes half a gigabyte); a separator inside quotes counts too, which only
    // errs on the safe side.
    let cells = memchr::memchr2_iter(delimiter, b'\n', text.as_bytes()).count();
    if cells >= MAX_TABLE_CELLS {
        return Err(ImportError::TooLarge { cells: MAX_TABLE_CELLS });
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| ImportError::Csv(e.to_string()))?;
        // The reader gives where it started reading, before the blank lines it skips.
        let line = record.position().map_or(rows.len() + 1, |p| {
            let blank = text.as_bytes().get(p.byte() as usize..).unwrap_or_default();
            let skipped =
                blank.iter().take_while(|b| matches!(b, b'\n' | b'\r')).filter(|b| **b == b'\n').count();
            p.line() as usize + skipped
        });
        rows.push(TableRow {
            number: line,
            cells: record.iter().map(str::to_owned).collect(),
            no_value: Vec::new(),
        });
    }
    to_table(rows)
}

/// Rows as read into a table: leading blank rows dropped, the header found among the first
/// rows with content ([`find_header`]), the rows below padded to the header's width.
fn to_table(rows: Vec<TableRow>) -> Result<Table, ImportError> {
    let rows: Vec<TableRow> = rows
        .into_iter()
        .skip_while(|r| r.cells.iter().all(|c| c.trim().is_empty()) && r.no_value.is_empty())
        .collect();
    let at = find_header(&rows).ok_or(ImportError::Empty)?;
    check_width(&rows, at)?;
    let mut table = Table::default();
    table.split(rows, at);
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_is_found_below_a_title_and_can_be_moved() {
        let text = "Kontaktliste tverrfaglig samarbeid – oppdatert vår 2026;;\n;;\nNavn;Tlf.;Enhet/avdeling\nKari;950 12 345;NAV\nOla;;MGBV\n";
        let mut t = read_table_bytes(text.as_bytes(), None).unwrap();
        assert_eq!(
            (t.header_row, t.headers.as_slice()),
            (3, &["Navn", "Tlf.", "Enhet/avdeling"].map(String::from)[..])
        );
        assert_eq!(t.rows.iter().map(|r| r.number).collect::<Vec<_>>(), [4, 5]);
        assert_eq!(t.above_note().as_deref(), Some("Rad 1–2: tittel over tabellen, hoppet over"));
        let numbers: Vec<usize> = t.header_candidates().iter().map(|(n, _)| *n).collect();
        assert_eq!(numbers, [1, 3, 4, 5], "blank rows are not offered");

        // Another row as header, and back: the table is as it was.
        let before = t.clone();
        t.set_header_row(1).unwrap();
        assert_eq!((t.header_row, t.above_note()), (1, None));
        assert_eq!(t.rows[1].cells, ["Navn", "Tlf.", "Enhet/avdeling"]);
        t.set_header_row(3).unwrap();
        assert_eq!(t, before);
        // Rows that cannot be the header leave it alone.
        assert!(matches!(t.set_header_row(2), Err(ImportError::BlankHeaderRow { number: 2 })));
        let err = t.set_header_row(9).unwrap_err();
        assert_eq!(err.to_string(), "Rad 9 finnes ikke i arket; radene med innhold går fra 1 til 5");
        assert_eq!(t, before);
    }

    #[test]
    fn without_a_recognisable_header_the_first_row_is_it() {
        let t = read_table_bytes(b"\n\nA;B\n\n\r\n1;2\n\"x\ny\";3\n4;5\n", None).unwrap();
        assert_eq!((t.header_row, t.above_note()), (3, None));
        let numbers: Vec<usize> = t.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [6, 7, 9], "lines as the user counts them, blank ones too");
    }

    #[test]
    fn delimiter_and_encoding_are_detected() {
        assert_eq!(sniff_delimiter("Navn;Telefon;\"a,b\"\n"), b';');
        assert_eq!(sniff_delimiter("Navn,Telefon,E-post\n"), b',');
        assert_eq!(sniff_delimiter("\n\nNavn\tTlf\n"), b'\t');
        // «Bjørn Åsen» in Windows-1252.
        let bytes = b"Navn;Tjeneste\nBj\xf8rn \xc5sen;NAV\n";
        let t = read_table_bytes(bytes, None).unwrap();
        assert_eq!(t.rows[0].cells, ["Bjørn Åsen", "NAV"]);
        let t = read_table_bytes("\u{feff}Navn,Tjeneste\nÆse,NAV\n".as_bytes(), None).unwrap();
        assert_eq!(t.headers, ["Navn", "Tjeneste"]);
        assert_eq!(t.rows[0].cells, ["Æse", "NAV"]);
    }
}
