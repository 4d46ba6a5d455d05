//! The spreadsheet importer (XLSX through calamine) on arbitrary worksheet and shared-strings
//! XML, wrapped in a valid workbook so that mutations reach the XML reader instead of
//! breaking zip checksums: no panic, and whatever it plans applies, saves, loads and undoes
//! cleanly. Input is the worksheet XML, a NUL byte, then the shared strings.
//! Run: `cargo +nightly fuzz run import_xlsx` from the project root.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| samkart::fuzzing::check_import(&samkart::fuzzing::xlsx_from_fuzz_input(data)));
