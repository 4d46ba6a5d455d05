//! The CSV importer (UTF-8 or Windows-1252, `;`, `,` or tab, quotes, BOM) on arbitrary text:
//! no panic, and whatever it plans applies, saves, loads and undoes cleanly.
//! Run: `cargo +nightly fuzz run import_csv` from the project root.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Zip and OLE files go to the spreadsheet reader; import_xlsx covers those.
    if data.starts_with(b"PK\x03\x04") || data.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return;
    }
    samkart::fuzzing::check_import(data)
});
