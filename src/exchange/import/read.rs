//! Reading a spreadsheet file into a [`Table`] of text cells: CSV in any of the encodings and
//! delimiters Excel writes, XLSX/XLSB cell by cell, ODS and XLS through calamine.

use super::ImportError;
use calamine::{Data, Reader};
use chrono::NaiveDate;
use std::io::Cursor;
use std::path::Path;

/// One data row as read, with its row number as the user sees it in the spreadsheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableRow {
    /// 1-based row number in the sheet (the header is usually row 1).
    pub number: usize,
    pub cells: Vec<String>,
}

/// Cells of one sheet: the header row and the rows below it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<TableRow>,
    /// The sheet read (empty for CSV), and the other sheets the user could pick.
    pub sheet: String,
    pub sheets: Vec<String>,
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
/// are zip files, older XLS an OLE file; anything else is taken as CSV). A zip file is
/// checked against the limits in [`super::guard`] before it is opened.
pub fn read_table_bytes(bytes: &[u8], sheet: Option<&str>) -> Result<Table, ImportError> {
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    let is_ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    if is_zip {
        super::guard::check_zip(bytes)?;
    }
    if is_zip || is_ole { read_workbook_guarded(bytes, sheet) } else { read_csv(bytes) }
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

/// Cells a sheet's table may hold, blank ones between included: far above any list of
/// contacts and services, far below what would exhaust memory.
pub const MAX_TABLE_CELLS: usize = 10_000_000;

/// Bytes of text a sheet's cells may hold together; a shared string is counted each time a
/// cell uses it, since each cell gets its own copy.
pub const MAX_TABLE_BYTES: usize = 256 * 1024 * 1024;

/// The longest text one cell may hold as read: Excel's longest (32,767 characters) fits many
/// times over.
pub const MAX_CELL_TEXT_BYTES: usize = 1024 * 1024;

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
            while let Some(cell) = reader.next_cell().map_err(spreadsheet)? {
                let (row, col) = cell.get_position();
                // Counted before the copy: many cells may share one long string.
                cells.count_text(text_len(cell.get_value()))?;
                cells.push(row, col, &Data::from(cell.get_value().clone()))?;
            }
        }
        calamine::Sheets::Xlsb(x) => {
            let mut reader = x.worksheet_cells_reader(&name).map_err(spreadsheet)?;
            while let Some(cell) = reader.next_cell().map_err(spreadsheet)? {
                let (row, col) = cell.get_position();
                cells.count_text(text_len(cell.get_value()))?;
                cells.push(row, col, &Data::from(cell.get_value().clone()))?;
            }
        }
        other => {
            let range = other.worksheet_range(&name).map_err(spreadsheet)?;
            let (row0, col0) = range.start().unwrap_or((0, 0));
            for (r, c, data) in range.used_cells() {
                cells.count_text(if let Data::String(s) = data { s.len() } else { 0 })?;
                cells.push(row0.saturating_add(r as u32), col0.saturating_add(c as u32), data)?;
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

    fn push(&mut self, row: u32, col: u32, data: &Data) -> Result<(), ImportError> {
        if row >= MAX_SHEET_ROWS || col >= MAX_SHEET_COLUMNS {
            return Err(ImportError::Spreadsheet(format!(
                "regnearket er skadet: en celle ligger utenfor arket (rad {}, kolonne {})",
                u64::from(row) + 1,
                u64::from(col) + 1
            )));
        }
        let text = cell_text(data);
        if text.is_empty() {
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
    fn into_rows(mut self) -> Result<Vec<(usize, Vec<String>)>, ImportError> {
        // Readers give cells row by row; a stable sort keeps the first of two at one place.
        self.cells.sort_by_key(|(row, col, _)| (*row, *col));
        self.cells.dedup_by_key(|(row, col, _)| (*row, *col));
        let (Some(first), Some(last)) = (self.cells.first(), self.cells.last()) else {
            return Ok(Vec::new());
        };
        let (first_row, last_row) = (first.0, last.0);
        let mut rows: Vec<(usize, Vec<String>)> = Vec::with_capacity((last_row - first_row + 1) as usize);
        let mut cells = self.cells.into_iter().peekable();
        for row in first_row..=last_row {
            let mut out = Vec::new();
            while let Some((_, col, text)) = cells.next_if(|c| c.0 == row) {
                out.resize(col as usize, String::new());
                out.push(text);
            }
            rows.push((row as usize + 1, out));
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
            .map(|d| d.format("%d.%m.%Y").to_string())
            .unwrap_or_else(|_| s.clone()),
        Data::Error(_) => String::new(),
        other => other.to_string(),
    }
}

/// Decodes CSV bytes: UTF-8 (with or without BOM), else Windows-1252, which is what Excel
/// on Norwegian Windows writes with «Lagre som CSV».
pub fn decode_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
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
        let line = record.position().map_or(rows.len() + 1, |p| p.line() as usize);
        rows.push((line, record.iter().map(str::to_owned).collect::<Vec<_>>()));
    }
    to_table(rows)
}

/// The first row with content is the header; the rest are data rows, each padded to the
/// header's width. Refused when that padding would take the table over [`MAX_TABLE_CELLS`]
/// (a header reaching the last column and a cell far below it).
fn to_table(rows: Vec<(usize, Vec<String>)>) -> Result<Table, ImportError> {
    let mut rows = rows.into_iter().skip_while(|(_, cells)| cells.iter().all(|c| c.trim().is_empty()));
    let (_, headers) = rows.next().ok_or(ImportError::Empty)?;
    let headers: Vec<String> = headers.iter().map(|h| h.trim().to_owned()).collect();
    let width = headers.len();
    let rows: Vec<(usize, Vec<String>)> = rows.collect();
    let dense = rows.iter().fold(width, |n, (_, cells)| n.saturating_add(cells.len().max(width)));
    if dense > MAX_TABLE_CELLS {
        return Err(ImportError::TooLarge { cells: MAX_TABLE_CELLS });
    }
    let rows = rows
        .into_iter()
        .map(|(number, mut cells)| {
            cells.resize(width.max(cells.len()), String::new());
            TableRow { number, cells }
        })
        .collect();
    Ok(Table { headers, rows, sheet: String::new(), sheets: Vec::new() })
}

#[cfg(test)]
mod tests {
    use super::*;

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
