//! Import of contacts and services from the spreadsheets municipalities keep (CSV in UTF-8
//! or Windows-1252 with `;` or `,`, XLSX, ODS).
//!
//! Three steps, so a GUI can show each: [`read_table`] reads cells ([`read`]),
//! [`guess_mapping`] links columns to fields by their Norwegian or English header ([`columns`];
//! the user may correct it), and [`plan_import`] works out, row by row, what would be added,
//! updated, skipped or rejected without touching the register ([`rows`], with the services
//! rows name in [`services`]). [`ImportPlan::to_edit`] ([`plan`]) then turns the user's
//! choices into one [`crate::edit::Edit::Batch`], a single undoable step.

pub mod columns;
mod guard;
pub mod plan;
pub mod read;
mod row;
pub mod rows;
pub mod services;
mod view;

pub use columns::{Field, Mapping, field_for_header, guess_mapping, header_score};
pub use guard::{MAX_TABLE_BYTES, MAX_TABLE_CELLS, MAX_UNPACKED_BYTES};
pub use plan::{
    Choices, Counts, Duplicate, DuplicateChoice, ImportOptions, ImportPlan, LikelyService, NewService,
    PlannedContact, Remark, ServiceChoice, ServiceUpdate,
};
pub use read::{
    HEADER_SCAN_ROWS, MAX_SOURCE_BYTES, Table, TableRow, decode_text, find_header, read_source, read_table,
    read_table_bytes, sniff_delimiter,
};
pub use rows::plan_import;
pub use services::{guess_sector, likely_services, name_similarity, service_key};
pub use view::shown;

use chrono::NaiveDate;

/// Why a file could not be read as a table, or a mapping cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("Kunne ikke lese {path}: {}", io_reason(source))]
    Io { path: String, source: std::io::Error },
    #[error(
        "{path} er ikke en vanlig fil, men {what}, og kan ikke importeres. Velg selve regnearket (en .csv-, .xlsx- eller .ods-fil)."
    )]
    NotAFile { path: String, what: &'static str },
    #[error(
        "{path} er for stor til å importeres (over {megabytes} MB). Lagre arket med kontaktene som en egen fil og importer den."
    )]
    FileTooLarge { path: String, megabytes: u64 },
    #[error(
        "Filen er {0}, ikke et regneark. Lagre listen som CSV, XLSX eller ODS (i Excel eller LibreOffice) og importer den filen."
    )]
    NotASpreadsheet(&'static str),
    #[error("Kunne ikke lese regnearket: {0}")]
    Spreadsheet(String),
    #[error("Fant ikke arket «{name}». Arkene heter: {}", available.join(", "))]
    NoSheet { name: String, available: Vec<String> },
    #[error("Filen har ingen rader med innhold")]
    Empty,
    #[error("Rad {number} finnes ikke i arket; radene med innhold går fra {first} til {last}")]
    NoSuchRow { number: usize, first: usize, last: usize },
    #[error("Rad {number} er tom og kan ikke være overskriftsraden")]
    BlankHeaderRow { number: usize },
    #[error(
        "Regnearket er for stort til å importeres (over {cells} celler). Lagre arket med kontaktene som en egen fil og importer den."
    )]
    TooLarge { cells: usize },
    #[error(
        "Regnearket er for stort til å importeres (over {megabytes} MB tekst når det er pakket ut). Lagre arket med kontaktene som en egen fil og importer den."
    )]
    TooManyBytes { megabytes: u64 },
    #[error("Kunne ikke lese CSV-filen: {0}")]
    Csv(String),
    #[error("Ingen kolonne er koblet til navn (Navn, Fornavn/Etternavn) eller tjeneste")]
    NoNameOrService,
}

/// An operating system's reason, in Norwegian, for the failures a user can act on.
fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "filen finnes ikke".to_owned(),
        PermissionDenied => "du har ikke lesetilgang til filen".to_owned(),
        IsADirectory => "det er en mappe, ikke en fil".to_owned(),
        _ => format!("lesefeil ({e})"),
    }
}

/// Lower-case with single spaces, for comparing names.
fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Trims a cell and undoes the apostrophe our CSV export puts before a leading `=`, `+`, `-`,
/// `@`, tab, CR or LF (formula-injection guard), so an export imports back unchanged.
fn clean_cell(s: &str) -> String {
    let t = s.trim_matches(|c: char| c.is_whitespace() && c != '\t' && c != '\r');
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apostrophe_guard_is_undone() {
        // The apostrophe a spreadsheet put before a formula-like cell goes; any other stays.
        for (cell, clean) in [
            ("'-Kari ", "-Kari"),
            ("'\nandre linje", "\nandre linje"),
            ("'Kari", "'Kari"),
            ("  Ola  ", "Ola"),
        ] {
            assert_eq!(clean_cell(cell), clean, "{cell:?}");
        }
    }
}
