//! What the fuzz targets in `fuzz/` check, shared with the regression tests that replay their
//! corpus on every `cargo test` (tests/core/reliability_fuzz.rs). Each function takes arbitrary
//! bytes and panics only when Samkart misbehaves: a crash, a register that no longer
//! round-trips through its own file format, an import that cannot be undone, or a national
//! identity number that slipped past the privacy guard.

use crate::edit::Edit;
use crate::exchange::import::{self, Choices, ImportError, ImportOptions};
use crate::model::Register;
use crate::model::privacy::national_id_field;
use crate::store;
use chrono::NaiveDate;
use std::sync::OnceLock;

/// The day the checks pretend it is, so that findings do not depend on the clock.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid date")
}

/// Saving `reg` and loading the file again gives back the same register (sorted by id, as
/// saving does). Otherwise a save could lose or change data.
fn assert_round_trips(reg: &Register) {
    let text = store::to_text(reg);
    let again = store::parse(&text).expect("the text Samkart writes always loads");
    let mut sorted = reg.clone();
    sorted.normalize();
    assert_eq!(again, sorted, "a save must not change the register");
    // Large registers are written in pieces by several threads; that must not change a byte.
    assert_eq!(store::to_text_chunked(&sorted, 2, 50), text, "writing in pieces gives the same text");
}

/// The RON loader: never panics, and whatever it accepts survives a save and a merge.
pub fn check_ron(bytes: &[u8]) {
    let reg = match store::parse_bytes(bytes) {
        Ok(reg) => reg,
        Err(e) => {
            assert!(!e.to_string().trim().is_empty(), "a load error always explains itself");
            return;
        }
    };
    let _ = crate::model::validate::validate(&reg, today());
    assert_round_trips(&reg);
    let merged = store::merge::merge3(&reg, &reg, &reg);
    assert!(merged.conflicts.is_empty(), "a register merged with itself has no conflicts");
}

/// The register imports go into: the example municipality's services, its first 30
/// contacts and Sindre Kvarme (whom the seeds import again, as a duplicate), parsed once. (The whole example makes each run's save-and-load check ten times
/// slower, and the fuzzer then tries ten times fewer inputs.)
fn example() -> &'static Register {
    static EXAMPLE: OnceLock<Register> = OnceLock::new();
    EXAMPLE.get_or_init(|| {
        let full = store::parse(store::EXAMPLE).expect("the example register loads");
        let mut reg = Register::new(&full.name);
        reg.municipalities = full.municipalities;
        reg.settings = full.settings;
        reg.services = full.services;
        reg.contacts = full
            .contacts
            .into_iter()
            .enumerate()
            .filter(|(i, c)| *i < 30 || c.id.as_str() == "sindre-kvarme")
            .map(|(_, c)| c)
            .collect();
        reg
    })
}

/// The spreadsheet importer (CSV in any encoding and delimiter, XLSX, ODS, XLS): never
/// panics; a file it cannot read gets a message; what it plans can be applied to the
/// example register, which then still saves and loads, holds no national identity number
/// the import brought in, and is restored exactly by undo.
pub fn check_import(bytes: &[u8]) {
    let table = match import::read_table_bytes(bytes, None) {
        Ok(table) => table,
        Err(e) => {
            assert!(!e.to_string().trim().is_empty(), "an import error always explains itself");
            return;
        }
    };
    for row in &table.rows {
        assert!(row.number >= 1, "row numbers are as the user sees them, from 1");
    }
    let mapping = import::guess_mapping(&table.headers);
    let base = example();
    let plan = match import::plan_import(
        base,
        &table,
        &mapping,
        &ImportOptions { verified_on: Some(today()), ..ImportOptions::default() },
    ) {
        Ok(plan) => plan,
        Err(ImportError::NoNameOrService) => return,
        Err(e) => panic!("planning fails only for want of a name or service column, not: {e}"),
    };
    let edit = plan.to_edit(&Choices::default());
    if let Edit::Batch(edits) = &edit {
        for e in edits {
            if let Edit::Put(record) = e {
                assert_eq!(
                    national_id_field(record.as_ref()),
                    None,
                    "an import never stores a national identity number"
                );
            }
        }
    }
    let mut reg = base.clone();
    let undo = reg.apply(edit);
    let _ = crate::model::validate::validate(&reg, today());
    assert_round_trips(&reg);
    reg.apply(undo);
    assert_eq!(&reg, base, "undoing an import restores the register exactly");
}

/// An XLSX workbook around a worksheet and a shared-strings part given as raw XML, so that
/// the fuzzer mutates the XML the spreadsheet reader parses instead of a compressed zip
/// (where almost every mutation only breaks a checksum). The zip is written uncompressed,
/// with correct checksums.
pub fn xlsx_from_parts(sheet_xml: &[u8], shared_strings_xml: &[u8]) -> Vec<u8> {
    const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
    const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
    stored_zip(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet_xml),
        ("xl/sharedStrings.xml", shared_strings_xml),
    ])
}

/// Splits fuzz input into a worksheet and a shared-strings part at the first NUL byte
/// (no NUL: all worksheet, with no shared strings).
pub fn xlsx_from_fuzz_input(data: &[u8]) -> Vec<u8> {
    match data.iter().position(|b| *b == 0) {
        Some(at) => xlsx_from_parts(&data[..at], &data[at + 1..]),
        None => xlsx_from_parts(data, b"<sst/>"),
    }
}

/// A zip archive with the files stored uncompressed.
fn stored_zip(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in files {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let size = data.len() as u32;
        // Local file header.
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0]); // version, flags, stored, time
        out.extend_from_slice(&[0x21, 0]); // date
        out.extend_from_slice(&crc.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        // Its central directory entry.
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0]); // made by, needed, flags, stored, time
        central.extend_from_slice(&[0x21, 0]); // date
        central.extend_from_slice(&crc.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&(name.len() as u16).to_le_bytes());
        central.extend_from_slice(&[0; 12]); // extra, comment, disk, internal and external attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let central_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0, 0, 0, 0]); // disk numbers
    out.extend_from_slice(&(files.len() as u16).to_le_bytes());
    out.extend_from_slice(&(files.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&central_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for byte in data {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_zip_standard() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn a_generated_workbook_reads_as_a_table() {
        let sheet = br#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Telefon</t></is></c></row><row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2"><v>61240382</v></c></row></sheetData></worksheet>"#;
        let strings = br#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>Navn</t></si><si><t>Sindre Kvarme</t></si></sst>"#;
        let table = import::read_table_bytes(&xlsx_from_parts(sheet, strings), None).unwrap();
        assert_eq!(table.headers, ["Navn", "Telefon"]);
        assert_eq!(table.rows[0].cells, ["Sindre Kvarme", "61240382"]);
        assert_eq!(table.sheet, "Ark1");
    }
}
