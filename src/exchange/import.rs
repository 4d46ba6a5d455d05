//! Import of contacts and services from the spreadsheets municipalities keep (CSV in UTF-8
//! or Windows-1252 with `;` or `,`, XLSX, ODS).
//!
//! Three steps, so a GUI can show each: [`read_table`] reads cells, [`guess_mapping`] links
//! columns to fields by their Norwegian or English header (the user may correct it), and
//! [`plan_import`] works out, row by row, what would be added, updated, skipped or rejected
//! without touching the register. [`ImportPlan::to_edit`] then turns the user's choices into
//! one [`Edit::Batch`], a single undoable step.

use crate::edit::{Edit, Record};
use crate::model::format::{check_email, display_phone, find_national_id, normalize_phone};
use crate::model::*;
use calamine::{Data, Reader};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Cursor;
use std::path::Path;

/// Why a file could not be read as a table, or a mapping cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("Kunne ikke lese {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("Kunne ikke lese regnearket: {0}")]
    Spreadsheet(String),
    #[error("Fant ikke arket «{name}». Arkene heter: {}", available.join(", "))]
    NoSheet { name: String, available: Vec<String> },
    #[error("Filen har ingen rader med innhold")]
    Empty,
    #[error(
        "Regnearket er for stort til å importeres (over {cells} celler). Lagre arket med kontaktene som en egen fil og importer den."
    )]
    TooLarge { cells: usize },
    #[error("Kunne ikke lese CSV-filen: {0}")]
    Csv(String),
    #[error("Ingen kolonne er koblet til navn (Navn, Fornavn/Etternavn) eller tjeneste")]
    NoNameOrService,
}

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

/// Reads a spreadsheet file. `sheet` picks a sheet by name (XLSX/ODS); default the first.
pub fn read_table(path: &Path, sheet: Option<&str>) -> Result<Table, ImportError> {
    let bytes =
        std::fs::read(path).map_err(|source| ImportError::Io { path: path.display().to_string(), source })?;
    read_table_bytes(&bytes, sheet)
}

/// Reads a spreadsheet from bytes; the format is recognised from the content (XLSX and ODS
/// are zip files, older XLS an OLE file; anything else is taken as CSV).
pub fn read_table_bytes(bytes: &[u8], sheet: Option<&str>) -> Result<Table, ImportError> {
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    let is_ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
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
                cells.push(row, col, &Data::from(cell.get_value().clone()))?;
            }
        }
        calamine::Sheets::Xlsb(x) => {
            let mut reader = x.worksheet_cells_reader(&name).map_err(spreadsheet)?;
            while let Some(cell) = reader.next_cell().map_err(spreadsheet)? {
                let (row, col) = cell.get_position();
                cells.push(row, col, &Data::from(cell.get_value().clone()))?;
            }
        }
        other => {
            let range = other.worksheet_range(&name).map_err(spreadsheet)?;
            let (row0, col0) = range.start().unwrap_or((0, 0));
            for (r, c, data) in range.used_cells() {
                cells.push(row0.saturating_add(r as u32), col0.saturating_add(c as u32), data)?;
            }
        }
    }
    let mut table = to_table(cells.into_rows()?.into_iter())?;
    table.sheet = name;
    table.sheets = sheets;
    Ok(table)
}

/// The non-empty cells of a sheet as read, by position.
#[derive(Default)]
struct Cells {
    cells: Vec<(u32, u32, String)>,
}

impl Cells {
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
    /// the sheet has them so that headers line up with letters.
    fn into_rows(mut self) -> Result<Vec<(usize, Vec<String>)>, ImportError> {
        // Readers give cells row by row; a stable sort keeps the first of two at one place.
        self.cells.sort_by_key(|(row, col, _)| (*row, *col));
        self.cells.dedup_by_key(|(row, col, _)| (*row, *col));
        let (Some(first), Some(last)) = (self.cells.first(), self.cells.last()) else {
            return Ok(Vec::new());
        };
        let (first_row, last_row) = (first.0, last.0);
        // What the table will hold once `to_table` pads each row to the header's width.
        let header_width = self.cells.iter().take_while(|c| c.0 == first_row).map(|c| c.1 as usize + 1).max();
        let header_width = header_width.unwrap_or(0);
        let (mut dense, mut rows_with_cells) = (0usize, 0usize);
        let mut i = 0;
        while i < self.cells.len() {
            let row = self.cells[i].0;
            let mut width = 0;
            while i < self.cells.len() && self.cells[i].0 == row {
                width = self.cells[i].1 as usize + 1;
                i += 1;
            }
            dense += width.max(header_width);
            rows_with_cells += 1;
        }
        let blank_rows = (last_row - first_row + 1) as usize - rows_with_cells;
        dense = dense.saturating_add(blank_rows.saturating_mul(header_width));
        if dense > MAX_TABLE_CELLS {
            return Err(ImportError::TooLarge { cells: MAX_TABLE_CELLS });
        }

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
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sniff_delimiter(&text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| ImportError::Csv(e.to_string()))?;
        let line = record.position().map_or(rows.len() + 1, |p| p.line() as usize);
        rows.push((line, record.iter().map(str::to_owned).collect::<Vec<_>>()));
    }
    to_table(rows.into_iter())
}

/// The first row with content is the header; the rest are data rows.
fn to_table(rows: impl Iterator<Item = (usize, Vec<String>)>) -> Result<Table, ImportError> {
    let mut rows = rows.skip_while(|(_, cells)| cells.iter().all(|c| c.trim().is_empty()));
    let (_, headers) = rows.next().ok_or(ImportError::Empty)?;
    let headers: Vec<String> = headers.iter().map(|h| h.trim().to_owned()).collect();
    let width = headers.len();
    let rows = rows
        .map(|(number, mut cells)| {
            cells.resize(width.max(cells.len()), String::new());
            TableRow { number, cells }
        })
        .collect();
    Ok(Table { headers, rows, sheet: String::new(), sheets: Vec::new() })
}

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Ignore,
    Id,
    Name,
    FirstName,
    LastName,
    Role,
    Service,
    ServiceId,
    Phone,
    Mobile,
    Email,
    PhoneInternal,
    MobileInternal,
    EmailInternal,
    Municipality,
    Topics,
    Note,
    Vacant,
    Active,
    Since,
    Verified,
}

impl Labelled for Field {
    const ALL: &'static [Self] = &[
        Self::Ignore,
        Self::Id,
        Self::Name,
        Self::FirstName,
        Self::LastName,
        Self::Role,
        Self::Service,
        Self::ServiceId,
        Self::Phone,
        Self::Mobile,
        Self::Email,
        Self::PhoneInternal,
        Self::MobileInternal,
        Self::EmailInternal,
        Self::Municipality,
        Self::Topics,
        Self::Note,
        Self::Vacant,
        Self::Active,
        Self::Since,
        Self::Verified,
    ];
    fn label(self) -> &'static str {
        match self {
            Self::Ignore => "(ikke importer)",
            Self::Id => "Id",
            Self::Name => "Navn",
            Self::FirstName => "Fornavn",
            Self::LastName => "Etternavn",
            Self::Role => "Stilling / rolle",
            Self::Service => "Tjeneste",
            Self::ServiceId => "Tjeneste-id",
            Self::Phone => "Telefon",
            Self::Mobile => "Mobil",
            Self::Email => "E-post",
            Self::PhoneInternal => "Telefon kun internt (ja/nei)",
            Self::MobileInternal => "Mobil kun internt (ja/nei)",
            Self::EmailInternal => "E-post kun internt (ja/nei)",
            Self::Municipality => "Kommune",
            Self::Topics => "Kontakt for",
            Self::Note => "Merknad",
            Self::Vacant => "Ledig stilling (ja/nei)",
            Self::Active => "Aktiv (ja/nei)",
            Self::Since => "Fra dato",
            Self::Verified => "Sist verifisert",
        }
    }
}

/// Which field each column holds, in column order. The user may change any entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mapping {
    pub columns: Vec<Field>,
}

impl Mapping {
    /// The first column mapped to `field`.
    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns.iter().position(|f| *f == field)
    }
    pub fn has(&self, field: Field) -> bool {
        self.column(field).is_some()
    }
    /// Maps column `col` to `field`, growing the list if needed.
    pub fn set(&mut self, col: usize, field: Field) {
        if self.columns.len() <= col {
            self.columns.resize(col + 1, Field::Ignore);
        }
        self.columns[col] = field;
    }
}

/// Header text reduced to lower-case letters and digits: «E-post » → «epost».
fn header_key(h: &str) -> String {
    h.chars().flat_map(char::to_lowercase).filter(|c| c.is_alphanumeric()).collect()
}

fn field_for_header(header: &str) -> Field {
    let k = header_key(header);
    let is = |names: &[&str]| names.contains(&k.as_str());
    // Prefix rules first: «Kontakt for barnevern», «Ansvar for …».
    if ["kontaktfor", "ansvarfor", "contactfor"].iter().any(|p| k.starts_with(p)) {
        return Field::Topics;
    }
    if is(&["id", "kontaktid", "contactid"]) {
        Field::Id
    } else if is(&["navn", "fulltnavn", "name", "fullname", "kontaktperson", "kontakt", "person"]) {
        Field::Name
    } else if is(&["fornavn", "firstname", "givenname"]) {
        Field::FirstName
    } else if is(&["etternavn", "lastname", "surname", "familyname"]) {
        Field::LastName
    } else if is(&[
        "stilling",
        "rolle",
        "tittel",
        "title",
        "role",
        "position",
        "jobtitle",
        "funksjon",
        "stillingstittel",
    ]) {
        Field::Role
    } else if is(&[
        "tjeneste",
        "tjenestenavn",
        "enhet",
        "virksomhet",
        "avdeling",
        "service",
        "department",
        "unit",
        "organisasjon",
        "organization",
        "organisation",
        "arbeidssted",
    ]) {
        Field::Service
    } else if is(&["tjenesteid", "serviceid"]) {
        Field::ServiceId
    } else if is(&[
        "telefon",
        "tlf",
        "telefonnummer",
        "tlfnr",
        "phone",
        "telephone",
        "arbeidstelefon",
        "direktenummer",
    ]) {
        Field::Phone
    } else if is(&[
        "mobil",
        "mobiltelefon",
        "mobilnummer",
        "mobilnr",
        "mobile",
        "mobilephone",
        "cell",
        "cellphone",
    ]) {
        Field::Mobile
    } else if is(&["epost", "epostadresse", "email", "mail", "emailaddress", "epostadr"]) {
        Field::Email
    } else if is(&["telefonintern", "phoneinternal"]) {
        Field::PhoneInternal
    } else if is(&["mobilintern", "mobileinternal"]) {
        Field::MobileInternal
    } else if is(&["epostintern", "emailinternal"]) {
        Field::EmailInternal
    } else if is(&["kommune", "kommunenavn", "kommunenummer", "kommunenr", "municipality"]) {
        Field::Municipality
    } else if is(&["tema", "topics", "topic", "emner"]) {
        Field::Topics
    } else if is(&["merknad", "kommentar", "notat", "note", "notes", "comment", "comments"]) {
        Field::Note
    } else if is(&["ledig", "ledigstilling", "vacant"]) {
        Field::Vacant
    } else if is(&["aktiv", "active"]) {
        Field::Active
    } else if is(&["fra", "fradato", "since", "tiltradt", "tiltrådt"]) {
        Field::Since
    } else if is(&["verifisert", "sistverifisert", "verified", "sjekket", "sistsjekket"]) {
        Field::Verified
    } else {
        Field::Ignore
    }
}

/// Guesses each column's field from its header. A field is given to its first column only;
/// later columns with the same meaning (say «Avdeling» after «Tjeneste») are ignored.
pub fn guess_mapping(headers: &[String]) -> Mapping {
    let mut seen = HashSet::new();
    let columns = headers
        .iter()
        .map(|h| {
            let f = field_for_header(h);
            if f == Field::Ignore || seen.insert(f) { f } else { Field::Ignore }
        })
        .collect();
    Mapping { columns }
}

/// Settings for a plan that are not about single rows.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// Mark added and updated contacts as verified on this date (the list was checked).
    pub verified_on: Option<NaiveDate>,
}

/// A contact that is new to the register.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedContact {
    pub row: usize,
    pub contact: Contact,
    /// Set when the contact's service is one this import would create.
    pub new_service: Option<ServiceId>,
}

/// A row that matches a contact already in the register; the user picks update or skip.
#[derive(Clone, Debug, PartialEq)]
pub struct Duplicate {
    pub row: usize,
    pub existing: Contact,
    /// The existing contact with the row's values filled in.
    pub updated: Contact,
    /// Why it is the same person: «samme e-post», «samme navn og tjeneste», «samme id».
    pub reason: String,
    /// The fields that would change, by their Norwegian name.
    pub changes: Vec<&'static str>,
    pub new_service: Option<ServiceId>,
}

/// A service named in the file that does not exist yet.
#[derive(Clone, Debug, PartialEq)]
pub struct NewService {
    pub service: Service,
    /// The rows that name it.
    pub rows: Vec<usize>,
}

/// A row that only describes a service (no person): its new phone or e-mail.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceUpdate {
    pub row: usize,
    pub service: Service,
    pub changes: Vec<&'static str>,
}

/// What an import would do, row by row. Nothing in the register has changed yet.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportPlan {
    pub added: Vec<PlannedContact>,
    pub duplicates: Vec<Duplicate>,
    pub new_services: Vec<NewService>,
    pub service_updates: Vec<ServiceUpdate>,
    /// Rows left out whatever the choices: blank, unchanged, the same person as an earlier row.
    pub skipped: Vec<(usize, String)>,
    /// Rows that cannot come in, with the reason in Norwegian.
    pub rejected: Vec<(usize, String)>,
}

/// What to do with a row that matches an existing contact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DuplicateChoice {
    #[default]
    Update,
    Skip,
}

/// The user's answers to the questions a plan raises.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choices {
    /// For duplicates not in `per_row`.
    pub duplicates: DuplicateChoice,
    /// Per-row answers, by row number.
    pub per_row: BTreeMap<usize, DuplicateChoice>,
    /// Create the services named in the file that do not exist.
    pub create_services: bool,
}

impl Default for Choices {
    /// What the CLI does: update duplicates, create missing services.
    fn default() -> Self {
        Self { duplicates: DuplicateChoice::Update, per_row: BTreeMap::new(), create_services: true }
    }
}

impl Choices {
    pub fn for_row(&self, row: usize) -> DuplicateChoice {
        self.per_row.get(&row).copied().unwrap_or(self.duplicates)
    }
}

/// Counts for the summary line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub added: usize,
    pub updated: usize,
    pub skipped: usize,
    pub rejected: usize,
    pub services_created: usize,
}

impl ImportPlan {
    fn service_ok(&self, new_service: &Option<ServiceId>, choices: &Choices) -> bool {
        new_service.is_none() || choices.create_services
    }

    /// Every skipped row with its reason, given the choices, sorted by row.
    pub fn skipped_rows(&self, choices: &Choices) -> Vec<(usize, String)> {
        let mut out = self.skipped.clone();
        let no_service = |id: &Option<ServiceId>| {
            format!(
                "Tjenesten «{}» finnes ikke og ble ikke opprettet",
                id.as_ref().map_or("", |s| s.as_str())
            )
        };
        for a in &self.added {
            if !self.service_ok(&a.new_service, choices) {
                out.push((a.row, no_service(&a.new_service)));
            }
        }
        for d in &self.duplicates {
            if choices.for_row(d.row) == DuplicateChoice::Skip {
                out.push((d.row, format!("Finnes fra før ({}), hoppet over", d.reason)));
            } else if !self.service_ok(&d.new_service, choices) {
                out.push((d.row, no_service(&d.new_service)));
            }
        }
        if !choices.create_services {
            for s in &self.new_services {
                for row in &s.rows {
                    if !out.iter().any(|(r, _)| r == row) {
                        out.push((*row, no_service(&Some(s.service.id.clone()))));
                    }
                }
            }
        }
        out.sort_by_key(|(r, _)| *r);
        out
    }

    /// How many rows are added, updated, skipped and rejected with these choices.
    pub fn counts(&self, choices: &Choices) -> Counts {
        let added = self.added.iter().filter(|a| self.service_ok(&a.new_service, choices)).count();
        let updated = self
            .duplicates
            .iter()
            .filter(|d| {
                choices.for_row(d.row) == DuplicateChoice::Update && self.service_ok(&d.new_service, choices)
            })
            .count()
            + self.service_updates.len();
        Counts {
            added,
            updated,
            skipped: self.skipped_rows(choices).len(),
            rejected: self.rejected.len(),
            services_created: if choices.create_services { self.new_services.len() } else { 0 },
        }
    }

    /// The whole import as one edit (services first, so contacts never point at nothing).
    pub fn to_edit(&self, choices: &Choices) -> Edit {
        let mut edits = Vec::new();
        if choices.create_services {
            edits.extend(self.new_services.iter().map(|s| Edit::put(Record::Service(s.service.clone()))));
        }
        edits.extend(self.service_updates.iter().map(|u| Edit::put(Record::Service(u.service.clone()))));
        for a in &self.added {
            if self.service_ok(&a.new_service, choices) {
                edits.push(Edit::put(Record::Contact(a.contact.clone())));
            }
        }
        for d in &self.duplicates {
            if choices.for_row(d.row) == DuplicateChoice::Update && self.service_ok(&d.new_service, choices) {
                edits.push(Edit::put(Record::Contact(d.updated.clone())));
            }
        }
        Edit::Batch(edits)
    }
}

/// Lower-case with single spaces, for comparing names.
fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Trims a cell and undoes the apostrophe our CSV export puts before a leading `=`, `+`, `-`,
/// `@`, tab, CR or LF (formula-injection guard), so an export imports back unchanged.
fn clean_cell(s: &str) -> String {
    let t = s.trim_matches(|c: char| c.is_whitespace() && c != '\t' && c != '\r' && c != '\n');
    match t.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\n']) => rest.to_owned(),
        _ => t.trim().to_owned(),
    }
}

fn parse_bool(s: &str) -> Option<bool> {
    match norm(s).as_str() {
        "ja" | "j" | "x" | "yes" | "y" | "true" | "1" | "sann" => Some(true),
        "nei" | "n" | "no" | "false" | "0" | "usann" => Some(false),
        _ => None,
    }
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    ["%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%y"].iter().find_map(|f| NaiveDate::parse_from_str(s, f).ok())
}

/// A first guess at the sector of a service named in a spreadsheet; the user can correct it.
pub fn guess_sector(name: &str) -> Sector {
    let n = norm(name);
    let has = |w: &[&str]| w.iter().any(|x| n.contains(x));
    if has(&["barnevern"]) {
        Sector::Barnevern
    } else if has(&["nav"]) && n.split(|c: char| !c.is_alphanumeric()).any(|w| w == "nav") {
        Sector::Nav
    } else if has(&["ppt", "pedagogisk-psykologisk", "pedagogisk psykologisk"]) {
        Sector::Ppt
    } else if has(&["helsestasjon", "skolehelse", "jordmor"]) {
        Sector::Helsestasjon
    } else if has(&["barnehage"]) {
        Sector::Barnehage
    } else if has(&["skole", "sfo"]) {
        Sector::Skole
    } else if has(&["bup", "barne- og ungdomspsykiatri"]) {
        Sector::Bup
    } else if has(&["psykisk", "rus"]) {
        Sector::PsykiskHelseRus
    } else if has(&["familievern"]) {
        Sector::Familievern
    } else if has(&["politi", "lensmann"]) {
        Sector::Politi
    } else if has(&["slt"]) {
        Sector::Slt
    } else if has(&["tannhelse", "tannlege"]) {
        Sector::Tannhelse
    } else if has(&["flyktning", "introduksjon"]) {
        Sector::Flyktningtjeneste
    } else if has(&["familiens hus"]) {
        Sector::FamiliensHus
    } else if has(&["kultur", "fritid", "ungdomsklubb", "bibliotek"]) {
        Sector::KulturFritid
    } else if has(&["frivillig", "røde kors", "home-start", "redd barna", "4h", "kirkens", "lag", "forening"])
    {
        Sector::Frivillig
    } else {
        Sector::Annet
    }
}

fn guess_owner(sector: Sector) -> OwnerKind {
    match sector {
        Sector::Nav | Sector::Politi | Sector::Familievern => OwnerKind::State,
        Sector::Bup => OwnerKind::SpecialistHealth,
        Sector::Tannhelse => OwnerKind::County,
        Sector::Frivillig => OwnerKind::Voluntary,
        _ => OwnerKind::Municipal,
    }
}

/// Hands out ids for new records that are free both in the register and in this import.
struct Ids {
    /// Ids of the register's services and contacts, and those given out by this import.
    taken: HashSet<(RecordKind, String)>,
}

impl Ids {
    fn new(reg: &Register) -> Self {
        let services = reg.services.iter().map(|s| (RecordKind::Service, s.id.to_string()));
        let contacts = reg.contacts.iter().map(|c| (RecordKind::Contact, c.id.to_string()));
        Self { taken: services.chain(contacts).collect() }
    }
    fn fresh(&mut self, kind: RecordKind, name: &str) -> String {
        let base = slugify(name);
        let free = |c: &str, taken: &HashSet<(RecordKind, String)>| !taken.contains(&(kind, c.to_owned()));
        let id = if free(&base, &self.taken) {
            base
        } else {
            (2..).map(|n| format!("{base}-{n}")).find(|c| free(c, &self.taken)).expect("some id is free")
        };
        self.taken.insert((kind, id.clone()));
        id
    }
    /// Takes a given id for a new record; false when it is in use.
    fn claim(&mut self, kind: RecordKind, id: &str) -> bool {
        self.taken.insert((kind, id.to_owned()))
    }
}

/// The register's contacts and services by the keys rows are matched on, built once per
/// plan so that each row costs a few hash look-ups, not a scan of the register.
struct Lookup<'a> {
    contact_by_id: HashMap<&'a str, usize>,
    contact_by_email: HashMap<String, usize>,
    contact_by_name: HashMap<(String, &'a str), usize>,
    service_by_id: HashMap<&'a str, usize>,
    /// Normalised name, abbreviation and «name (ABBR)» → services, in register order.
    service_by_name: HashMap<String, Vec<usize>>,
}

impl<'a> Lookup<'a> {
    fn new(reg: &'a Register) -> Self {
        let mut l = Lookup {
            contact_by_id: HashMap::new(),
            contact_by_email: HashMap::new(),
            contact_by_name: HashMap::new(),
            service_by_id: HashMap::new(),
            service_by_name: HashMap::new(),
        };
        for (i, c) in reg.contacts.iter().enumerate() {
            l.contact_by_id.entry(c.id.as_str()).or_insert(i);
            let email = norm(&c.email.value);
            if !email.is_empty() {
                l.contact_by_email.entry(email).or_insert(i);
            }
            let name = norm(&c.name);
            if !name.is_empty() {
                l.contact_by_name.entry((name, c.service.as_str())).or_insert(i);
            }
        }
        for (i, s) in reg.services.iter().enumerate() {
            l.service_by_id.entry(s.id.as_str()).or_insert(i);
            let mut keys = vec![norm(&s.name), norm(&s.abbreviation), norm(&s.display_name())];
            keys.sort();
            keys.dedup();
            for k in keys.into_iter().filter(|k| !k.is_empty()) {
                l.service_by_name.entry(k).or_default().push(i);
            }
        }
        l
    }
}

/// The cells of one row, read through the mapping.
struct RowView<'a> {
    cells: Vec<String>,
    mapping: &'a Mapping,
}

impl RowView<'_> {
    fn get(&self, field: Field) -> &str {
        self.mapping.column(field).and_then(|c| self.cells.get(c)).map_or("", |s| s.as_str())
    }
    fn flag(&self, field: Field) -> Option<bool> {
        parse_bool(self.get(field))
    }
}

/// Where a row's service comes from.
enum ServiceRef {
    Existing(usize),
    /// Index into `plan.new_services`.
    New(usize),
}

/// Works out what importing `table` through `mapping` would do to `reg`. Pure: the
/// register is not changed. Fails only when no column gives a name or a service.
pub fn plan_import(
    reg: &Register,
    table: &Table,
    mapping: &Mapping,
    options: &ImportOptions,
) -> Result<ImportPlan, ImportError> {
    let names = mapping.has(Field::Name) || mapping.has(Field::FirstName) || mapping.has(Field::LastName);
    if !names && !mapping.has(Field::Service) && !mapping.has(Field::ServiceId) {
        return Err(ImportError::NoNameOrService);
    }
    let mut plan = ImportPlan::default();
    let mut ids = Ids::new(reg);
    let lookup = Lookup::new(reg);
    // Who this import has already placed, to catch the same person twice in one file.
    let mut seen_email: HashMap<String, usize> = HashMap::new();
    let mut seen_name: HashMap<(String, String), usize> = HashMap::new();
    let mut seen_id: HashMap<String, usize> = HashMap::new();
    // Existing contacts touched by an earlier row.
    let mut touched: HashMap<String, usize> = HashMap::new();

    for row in &table.rows {
        let n = row.number;
        let view = RowView { cells: row.cells.iter().map(|c| clean_cell(c)).collect(), mapping };
        if view.cells.iter().all(String::is_empty) {
            plan.skipped.push((n, "Tom rad".to_owned()));
            continue;
        }
        if let Some(col) = view.cells.iter().position(|c| find_national_id(c).is_some()) {
            let header = table.headers.get(col).map_or("", |h| h.as_str());
            plan.rejected.push((
                n,
                format!("Kolonnen «{header}» ser ut til å inneholde et fødselsnummer, som aldri skal lagres i registeret"),
            ));
            continue;
        }
        match plan_row(reg, &lookup, &view, options, &mut plan, &mut ids, n) {
            Err(reason) => plan.rejected.push((n, reason)),
            Ok(None) => {}
            Ok(Some((contact, service_ref))) => {
                let new_service = match service_ref {
                    ServiceRef::New(i) => Some(plan.new_services[i].service.id.clone()),
                    ServiceRef::Existing(_) => None,
                };
                let email = norm(&contact.email.value);
                let name_key = (norm(&contact.name), contact.service.to_string());
                // The same person earlier in this file?
                let earlier = seen_id
                    .get(contact.id.as_str())
                    .or_else(|| if email.is_empty() { None } else { seen_email.get(&email) })
                    .or_else(|| if name_key.0.is_empty() { None } else { seen_name.get(&name_key) });
                if let Some(first) = earlier {
                    plan.skipped.push((n, format!("Samme person som rad {first}")));
                    continue;
                }
                // The same person already in the register?
                let existing = |i: Option<&usize>| i.map(|i| &reg.contacts[*i]);
                let by_id = existing(lookup.contact_by_id.get(contact.id.as_str()));
                let by_email = existing(lookup.contact_by_email.get(&email));
                let by_name =
                    existing(lookup.contact_by_name.get(&(name_key.0.clone(), contact.service.as_str())));
                let found = by_id
                    .map(|c| (c, "samme id"))
                    .or(by_email.map(|c| (c, "samme e-post")))
                    .or(by_name.map(|c| (c, "samme navn og tjeneste")));
                let id_key = match found {
                    Some((c, _)) => c.id.to_string(),
                    None => contact.id.to_string(),
                };
                if let Some(first) = touched.get(&id_key) {
                    plan.skipped.push((n, format!("Samme person som rad {first}")));
                    continue;
                }
                seen_id.insert(id_key.clone(), n);
                touched.insert(id_key, n);
                if !email.is_empty() {
                    seen_email.insert(email, n);
                }
                if !name_key.0.is_empty() {
                    seen_name.insert(name_key, n);
                }
                match found {
                    None => plan.added.push(PlannedContact { row: n, contact, new_service }),
                    Some((existing, reason)) => {
                        let updated = merge(existing, &contact, &view);
                        let changes = contact_changes(existing, &updated);
                        if changes.is_empty() {
                            plan.skipped.push((n, format!("Finnes fra før uten endringer ({reason})")));
                        } else {
                            plan.duplicates.push(Duplicate {
                                row: n,
                                existing: existing.clone(),
                                updated,
                                reason: reason.to_owned(),
                                changes,
                                new_service,
                            });
                        }
                    }
                }
            }
        }
    }
    Ok(plan)
}

/// Reads one row. `Ok(None)` when the row only described a service (handled here);
/// `Ok(Some(..))` for a contact; `Err(reason)` when the row is refused.
fn plan_row(
    reg: &Register,
    lookup: &Lookup,
    view: &RowView,
    options: &ImportOptions,
    plan: &mut ImportPlan,
    ids: &mut Ids,
    n: usize,
) -> Result<Option<(Contact, ServiceRef)>, String> {
    let name = if !view.get(Field::Name).is_empty() {
        view.get(Field::Name).to_owned()
    } else {
        [view.get(Field::FirstName), view.get(Field::LastName)]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let vacant = view.flag(Field::Vacant).unwrap_or(false);

    let phone = phone_cell(view.get(Field::Phone), "Telefon")?;
    let mobile = phone_cell(view.get(Field::Mobile), "Mobil")?;
    let email = view.get(Field::Email).to_owned();
    if !email.is_empty() {
        check_email(&email).map_err(|e| format!("E-post «{email}»: {e}"))?;
    }
    let municipality = municipality_number(reg, view.get(Field::Municipality));
    let service = resolve_service(reg, lookup, view, municipality.as_deref(), plan, ids, n)?;

    if name.is_empty() && !vacant {
        let Some(service) = service else {
            return Err("Raden mangler både navn og tjeneste".to_owned());
        };
        // A row with a service and no person: the service's own phone and e-mail.
        if let ServiceRef::Existing(i) = service {
            let old = &reg.services[i];
            let mut s = old.clone();
            if let Some(p) = phone.as_ref().or(mobile.as_ref()) {
                s.phone = p.clone();
            }
            if !email.is_empty() {
                s.email = email;
            }
            let mut changes = Vec::new();
            if s.phone != old.phone {
                changes.push("telefon");
            }
            if s.email != old.email {
                changes.push("e-post");
            }
            if changes.is_empty() {
                plan.skipped.push((n, format!("Tjenesten «{}» finnes fra før uten endringer", old.name)));
            } else if let Some(u) = plan.service_updates.iter_mut().find(|u| u.service.id == s.id) {
                plan.skipped
                    .push((n, format!("Tjenesten «{}» er allerede oppdatert fra rad {}", old.name, u.row)));
            } else {
                plan.service_updates.push(ServiceUpdate { row: n, service: s, changes });
            }
        } else if let ServiceRef::New(i) = service {
            let s = &mut plan.new_services[i].service;
            if let Some(p) = phone.as_ref().or(mobile.as_ref())
                && s.phone.is_empty()
            {
                s.phone = p.clone();
            }
            if !email.is_empty() && s.email.is_empty() {
                s.email = email;
            }
        }
        return Ok(None);
    }
    let Some(service) = service else {
        return Err(format!(
            "Raden mangler tjeneste for «{}»",
            if name.is_empty() { "ledig stilling" } else { &name }
        ));
    };
    let service_id = match service {
        ServiceRef::Existing(i) => reg.services[i].id.clone(),
        ServiceRef::New(i) => plan.new_services[i].service.id.clone(),
    };

    let id_cell = view.get(Field::Id);
    let id = if is_valid_id(id_cell)
        && (lookup.contact_by_id.contains_key(id_cell) || ids.claim(RecordKind::Contact, id_cell))
    {
        id_cell.to_owned()
    } else {
        let basis =
            if name.is_empty() { format!("{} {}", view.get(Field::Role), service_id) } else { name.clone() };
        ids.fresh(RecordKind::Contact, &basis)
    };
    let mut c = Contact::new(id, &name, view.get(Field::Role), service_id);
    c.vacant = vacant;
    let detail = |value: Option<String>, internal: Field| ContactDetail {
        value: value.unwrap_or_default(),
        internal: view.flag(internal).unwrap_or(false),
    };
    c.phone = detail(phone, Field::PhoneInternal);
    c.mobile = detail(mobile, Field::MobileInternal);
    c.email = detail(Some(email), Field::EmailInternal);
    c.topics = split_topics(view.get(Field::Topics));
    c.note = view.get(Field::Note).to_owned();
    c.active = view.flag(Field::Active).unwrap_or(true);
    c.since = date_cell(view.get(Field::Since), "Fra dato")?;
    c.verified = date_cell(view.get(Field::Verified), "Sist verifisert")?.or(options.verified_on);
    Ok(Some((c, service)))
}

fn phone_cell(value: &str, what: &str) -> Result<Option<String>, String> {
    if value.is_empty() {
        return Ok(None);
    }
    normalize_phone(value).map(|_| Some(display_phone(value))).map_err(|e| format!("{what} «{value}»: {e}"))
}

fn date_cell(value: &str, what: &str) -> Result<Option<NaiveDate>, String> {
    if value.is_empty() {
        return Ok(None);
    }
    parse_date(value).map(Some).ok_or_else(|| format!("{what} «{value}» er ikke en dato (dd.mm.åååå)"))
}

fn split_topics(s: &str) -> Vec<String> {
    s.split([',', ';', '\n']).map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect()
}

/// The kommunenummer for a cell holding a number or a name known to the register.
fn municipality_number(reg: &Register, cell: &str) -> Option<String> {
    if cell.is_empty() {
        return None;
    }
    reg.municipalities
        .iter()
        .find(|m| m.number == cell || norm(&m.name) == norm(cell))
        .map(|m| m.number.clone())
}

fn resolve_service(
    reg: &Register,
    lookup: &Lookup,
    view: &RowView,
    municipality: Option<&str>,
    plan: &mut ImportPlan,
    ids: &mut Ids,
    n: usize,
) -> Result<Option<ServiceRef>, String> {
    let by_id = view.get(Field::ServiceId);
    if !by_id.is_empty()
        && let Some(i) = lookup.service_by_id.get(by_id)
    {
        return Ok(Some(ServiceRef::Existing(*i)));
    }
    let name = view.get(Field::Service);
    if name.is_empty() {
        return if by_id.is_empty() { Ok(None) } else { Err(format!("Tjeneste-id «{by_id}» finnes ikke")) };
    }
    let key = norm(name);
    let matches: Vec<usize> = lookup.service_by_name.get(&key).cloned().unwrap_or_default();
    let narrowed: Vec<usize> = match municipality {
        Some(m) if matches.len() > 1 => matches
            .iter()
            .copied()
            .filter(|i| reg.services[*i].municipalities.iter().any(|x| x == m))
            .collect(),
        _ => matches.clone(),
    };
    let narrowed = if narrowed.len() > 1 {
        let active: Vec<usize> = narrowed.iter().copied().filter(|i| reg.services[*i].active).collect();
        if active.is_empty() { narrowed } else { active }
    } else {
        narrowed
    };
    match narrowed.as_slice() {
        [one] => return Ok(Some(ServiceRef::Existing(*one))),
        [] if !matches.is_empty() => {
            return Err(format!(
                "Tjenesten «{name}» finnes, men ikke i kommunen «{}»",
                view.get(Field::Municipality)
            ));
        }
        [] => {}
        _ => {
            return Err(format!(
                "«{name}» passer på flere tjenester ({}); legg til kommune eller tjeneste-id",
                narrowed.iter().map(|i| reg.services[*i].id.as_str()).collect::<Vec<_>>().join(", ")
            ));
        }
    }
    // Not in the register: one new service per name (and municipality) in the file.
    let m = municipality.map(str::to_owned);
    if let Some(i) = plan
        .new_services
        .iter()
        .position(|s| norm(&s.service.name) == key && s.service.municipalities.first() == m.as_ref())
    {
        plan.new_services[i].rows.push(n);
        return Ok(Some(ServiceRef::New(i)));
    }
    let sector = guess_sector(name);
    let id = ids.fresh(RecordKind::Service, name);
    let mut service = Service::new(id, name, sector, guess_owner(sector));
    service.municipalities.extend(m);
    plan.new_services.push(NewService { service, rows: vec![n] });
    Ok(Some(ServiceRef::New(plan.new_services.len() - 1)))
}

/// The existing contact with the row's non-empty values written over it. Internal flags are
/// kept unless the file says otherwise: a number marked internal stays internal.
fn merge(existing: &Contact, row: &Contact, view: &RowView) -> Contact {
    let mut c = existing.clone();
    let text = |old: &mut String, new: &str| {
        if !new.is_empty() {
            *old = new.to_owned();
        }
    };
    // «KARI NORDMANN» in a sheet is no reason to rewrite «Kari Nordmann».
    if norm(&row.name) != norm(&c.name) {
        text(&mut c.name, &row.name);
    }
    text(&mut c.role, &row.role);
    text(&mut c.note, &row.note);
    c.service = row.service.clone();
    for (old, new, flag) in [
        (&mut c.phone, &row.phone, Field::PhoneInternal),
        (&mut c.mobile, &row.mobile, Field::MobileInternal),
        (&mut c.email, &row.email, Field::EmailInternal),
    ] {
        // Same address in other capitals is the same address: keep the register's spelling.
        if norm(&old.value) != norm(&new.value) {
            text(&mut old.value, &new.value);
        }
        if let Some(internal) = view.flag(flag) {
            old.internal = internal;
        }
    }
    if !row.topics.is_empty() {
        c.topics = row.topics.clone();
    }
    if view.flag(Field::Vacant).is_some() {
        c.vacant = row.vacant;
    }
    if view.flag(Field::Active).is_some() {
        c.active = row.active;
    }
    c.since = row.since.or(c.since);
    c.verified = row.verified.or(c.verified);
    c
}

fn contact_changes(a: &Contact, b: &Contact) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut check = |changed: bool, name| {
        if changed {
            out.push(name);
        }
    };
    check(a.name != b.name, "navn");
    check(a.role != b.role, "stilling");
    check(a.service != b.service, "tjeneste");
    check(a.phone != b.phone, "telefon");
    check(a.mobile != b.mobile, "mobil");
    check(a.email != b.email, "e-post");
    check(a.topics != b.topics, "kontakt for");
    check(a.note != b.note, "merknad");
    check(a.vacant != b.vacant, "ledig stilling");
    check(a.active != b.active, "aktiv");
    check(a.since != b.since, "fra dato");
    check(a.verified != b.verified, "sist verifisert");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(csv: &str) -> Table {
        read_table_bytes(csv.as_bytes(), None).unwrap()
    }

    fn reg() -> Register {
        let mut r = Register::new("t");
        r.municipalities.push(Municipality { number: "3436".into(), name: "Nord-Fron".into() });
        r.municipalities.push(Municipality { number: "3438".into(), name: "Sør-Fron".into() });
        let mut hs1 = Service::new("hs-nf", "Helsestasjon", Sector::Helsestasjon, OwnerKind::Municipal);
        hs1.municipalities = vec!["3436".into()];
        let mut hs2 = Service::new("hs-sf", "Helsestasjon", Sector::Helsestasjon, OwnerKind::Municipal);
        hs2.municipalities = vec!["3438".into()];
        let mut nav = Service::new("nav", "NAV Midtdalen", Sector::Nav, OwnerKind::State);
        nav.abbreviation = "NAV".into();
        r.services = vec![hs1, hs2, nav];
        let mut kari = Contact::new("kari", "Kari Nordmann", "Veileder", "nav");
        kari.email = ContactDetail::public("kari@nav.no");
        kari.mobile = ContactDetail::internal("99 88 77 66");
        r.contacts = vec![kari];
        r
    }

    #[test]
    fn headers_are_matched_in_norwegian_and_english() {
        let h: Vec<String> = [
            "Fornavn",
            "Etternavn",
            "Stilling",
            "Enhet",
            "Tlf.",
            "Mobil",
            "E-post",
            "Kommune",
            "Kontakt for barnevern",
            "Avdeling",
            "E-mail",
            "Hobby",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let m = guess_mapping(&h);
        use Field::*;
        assert_eq!(
            m.columns,
            [
                FirstName,
                LastName,
                Role,
                Service,
                Phone,
                Mobile,
                Email,
                Municipality,
                Topics,
                Ignore,
                Ignore,
                Ignore
            ]
        );
        let m = guess_mapping(&["Name".into(), "Title".into(), "Department".into(), "Phone".into()]);
        assert_eq!(m.columns, [Name, Role, Service, Phone]);
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

    #[test]
    fn rows_are_planned_added_updated_skipped_or_rejected() {
        let t = table(
            "Navn;Stilling;Tjeneste;Kommune;Telefon;E-post\n\
             Ola Hansen;Helsesykepleier;Helsestasjon;Sør-Fron;+47 950 12 345;\n\
             ;;;;;\n\
             KARI  nordmann;Veileder 18–25;NAV;;0047 61212121;\n\
             Per;Rådgiver;Helsestasjon;;;\n\
             Siri;Leder;Familievernkontoret Lillehammer;;950 12 34;\n\
             Siri Dahl;Leder;Familievernkontoret Lillehammer;;;siri@bufetat.no\n\
             Nils;Leder;;;;\n\
             ola hansen;Helsesykepleier;Helsestasjon;3438;;\n\
             Test;Leder;NAV;;;15076500565\n",
        );
        let m = guess_mapping(&t.headers);
        let plan = plan_import(&reg(), &t, &m, &ImportOptions::default()).unwrap();
        assert_eq!(plan.added.len(), 2, "{plan:#?}");
        let ola = &plan.added[0];
        assert_eq!((ola.row, ola.contact.service.as_str()), (2, "hs-sf"));
        assert_eq!(ola.contact.phone.value, "95 01 23 45");
        assert_eq!(plan.added[1].contact.name, "Siri Dahl");
        assert_eq!(
            plan.added[1].new_service.as_ref().map(|s| s.as_str()),
            Some("familievernkontoret-lillehammer")
        );
        assert_eq!(plan.new_services.len(), 1);
        assert_eq!(plan.new_services[0].service.sector, Sector::Familievern);

        assert_eq!(plan.duplicates.len(), 1);
        let d = &plan.duplicates[0];
        assert_eq!((d.row, d.reason.as_str(), d.existing.id.as_str()), (4, "samme navn og tjeneste", "kari"));
        assert_eq!(d.updated.phone.value, "61 21 21 21");
        assert_eq!(d.updated.role, "Veileder 18–25");
        assert!(d.updated.mobile.internal, "internal flag kept");
        assert_eq!(d.changes, ["stilling", "telefon"]);

        let rejected: Vec<usize> = plan.rejected.iter().map(|(r, _)| *r).collect();
        assert_eq!(rejected, [5, 6, 8, 10], "{:#?}", plan.rejected);
        assert!(plan.rejected[0].1.contains("flere tjenester"));
        assert!(plan.rejected[1].1.contains("8 sifre"));
        assert!(plan.rejected[2].1.contains("mangler tjeneste"));
        assert!(plan.rejected[3].1.contains("fødselsnummer"));
        assert_eq!(plan.skipped, [(3, "Tom rad".to_owned()), (9, "Samme person som rad 2".to_owned())]);

        let counts = plan.counts(&Choices::default());
        assert_eq!(counts, Counts { added: 2, updated: 1, skipped: 2, rejected: 4, services_created: 1 });
        let no_create = Choices { create_services: false, ..Choices::default() };
        assert_eq!(plan.counts(&no_create).added, 1);
        let mut skip_kari = Choices::default();
        skip_kari.per_row.insert(4, DuplicateChoice::Skip);
        assert_eq!(plan.counts(&skip_kari).updated, 0);
        assert_eq!(plan.counts(&skip_kari).skipped, 3);
    }

    #[test]
    fn the_edit_is_one_undoable_step() {
        let mut r = reg();
        let before = r.clone();
        let t = table("Navn,Tjeneste,E-post\nAnne,BUP Lillehammer,anne@sykehuset.no\nKari,NAV,kari@nav.no\n");
        let plan = plan_import(&r, &t, &guess_mapping(&t.headers), &ImportOptions::default()).unwrap();
        let edit = plan.to_edit(&Choices::default());
        assert!(matches!(&edit, Edit::Batch(e) if e.len() == 3));
        let undo = r.apply(edit);
        assert_eq!(r.services.len(), 4);
        assert_eq!(r.contacts.len(), 2);
        assert_eq!(r.contact(&"kari".into()).unwrap().name, "Kari");
        assert!(
            crate::model::validate::validate(&r, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()).is_empty()
        );
        r.apply(undo);
        assert_eq!(r, before);
    }

    #[test]
    fn a_row_without_a_person_updates_its_service() {
        let t = table("Tjeneste;Telefon;E-post\nNAV;61 21 00 00;post@nav.no\nNAV;;\n");
        let plan = plan_import(&reg(), &t, &guess_mapping(&t.headers), &ImportOptions::default()).unwrap();
        assert_eq!(plan.service_updates.len(), 1);
        assert_eq!(plan.service_updates[0].service.phone, "61 21 00 00");
        assert_eq!(plan.skipped.len(), 1);
    }

    #[test]
    fn a_mapping_without_name_or_service_is_refused() {
        let t = table("Telefon;E-post\n95012345;a@b.no\n");
        let err = plan_import(&reg(), &t, &guess_mapping(&t.headers), &ImportOptions::default()).unwrap_err();
        assert!(err.to_string().contains("navn"));
    }

    #[test]
    fn apostrophe_guard_is_undone() {
        assert_eq!(clean_cell("'-Kari "), "-Kari");
        assert_eq!(clean_cell("'Kari"), "'Kari");
        assert_eq!(clean_cell("  Ola  "), "Ola");
        assert_eq!(clean_cell("'\n=Kari"), "\n=Kari");
        assert_eq!(clean_cell("\nOla\n"), "Ola");
    }
}
