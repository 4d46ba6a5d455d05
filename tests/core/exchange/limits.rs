//! Import sources that would hang the import or exhaust memory (issue: no command, file or
//! colleague can lose the register): a FIFO, a device, a folder, a file over the size limit,
//! and spreadsheets whose few kilobytes unpack to gigabytes. Each is refused with a clear
//! Norwegian message, in about the time it takes to read a normal list.

use crate::common;
use samkart::exchange::import::{self, ImportError};
use std::io::{Cursor, Read};
#[cfg(unix)]
use std::time::Duration;

/// A part deflated from pieces, each piece compressed once and its blocks repeated `times`:
/// an archive whose part unpacks to gigabytes is built without compressing gigabytes. (Each
/// piece is flushed to a byte boundary and refers only to itself, so the copies chain.)
/// Returns the compressed bytes, the CRC-32 and the unpacked size.
fn deflated(pieces: &[(&[u8], usize)]) -> Packed {
    let mut out = Vec::new();
    let mut crc = crc32fast::Hasher::new();
    let mut size = 0u64;
    for (bytes, times) in pieces {
        let mut c = flate2::Compress::new(flate2::Compression::best(), false);
        let mut block = Vec::with_capacity(bytes.len() + 1024);
        c.compress_vec(bytes, &mut block, flate2::FlushCompress::Sync).unwrap();
        assert_eq!(c.total_in(), bytes.len() as u64, "the whole piece was compressed");
        let mut piece_crc = crc32fast::Hasher::new();
        piece_crc.update(bytes);
        for _ in 0..*times {
            out.extend_from_slice(&block);
            crc.combine(&piece_crc);
        }
        size += bytes.len() as u64 * *times as u64;
    }
    out.extend_from_slice(&[0x03, 0x00]); // the final, empty block
    (out, crc.finalize(), size)
}

/// A deflated part: compressed bytes, CRC-32, unpacked size.
type Packed = (Vec<u8>, u32, u64);

/// A zip archive of deflated parts.
fn zip_of(parts: &[(String, Packed)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, (data, crc, size)) in parts {
        let offset = out.len() as u32;
        let (packed, size) = (data.len() as u32, u32::try_from(*size).expect("under 4 GiB"));
        let header = |out: &mut Vec<u8>| {
            out.extend_from_slice(&8u16.to_le_bytes()); // deflate
            out.extend_from_slice(&[0, 0, 0x21, 0]); // time, date
            out.extend_from_slice(&crc.to_le_bytes());
            out.extend_from_slice(&packed.to_le_bytes());
            out.extend_from_slice(&size.to_le_bytes());
            out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        };
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&[20, 0, 0, 0]); // version, flags
        header(&mut out);
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&[20, 0, 20, 0, 0, 0]); // made by, needed, flags
        header(&mut central);
        central.extend_from_slice(&[0; 12]); // extra, comment, disk, attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let central_offset = out.len() as u32;
    out.extend_from_slice(&central);
    // The end record: its signature, two disk numbers, the count of entries on this disk and
    // in all, the directory's size and offset, and an empty comment.
    let entries = (parts.len() as u16).to_le_bytes();
    let (size, offset) = ((central.len() as u32).to_le_bytes(), central_offset.to_le_bytes());
    out.extend(
        [&0x0605_4b50u32.to_le_bytes()[..], &[0; 4], &entries, &entries, &size, &offset, &[0; 2]].concat(),
    );
    out
}

/// `archive` with every part deflated and the part `name` made of `pieces` (added if the
/// archive has none).
fn repack(archive: &[u8], name: &str, pieces: &[(&[u8], usize)]) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(Cursor::new(archive)).unwrap();
    let mut parts = Vec::new();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let part_name = part.name().unwrap().into_owned();
        let mut data = Vec::new();
        part.read_to_end(&mut data).unwrap();
        let packed = if part_name == name { deflated(pieces) } else { deflated(&[(&data, 1)]) };
        parts.push((part_name, packed));
    }
    if !parts.iter().any(|(n, _)| n == name) {
        parts.push((name.to_owned(), deflated(pieces)));
    }
    zip_of(&parts)
}

const SHEET: &[u8] = br#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Navn</t></is></c></row><row r="2"><c r="A2" t="s"><v>0</v></c></row></sheetData></worksheet>"#;

fn small_xlsx() -> Vec<u8> {
    samkart::fuzzing::xlsx_from_parts(SHEET, br#"<sst><si><t>Kari</t></si></sst>"#)
}

/// `small_xlsx` with its part `name` made of `pieces` (see `repack`).
fn small_xlsx_with(name: &str, pieces: &[(&[u8], usize)]) -> Vec<u8> {
    repack(&small_xlsx(), name, pieces)
}

/// Why the import refuses `xlsx`.
fn refusal(xlsx: &[u8]) -> ImportError {
    import::read_table_bytes(xlsx, None).unwrap_err()
}

/// The helpers build archives the importer reads, so the refusals below are about size.
#[test]
fn a_repacked_workbook_still_reads() {
    let xlsx = small_xlsx_with("xl/sharedStrings.xml", &[(b"<sst><si><t>Kari</t></si>", 1), (b"</sst>", 1)]);
    let table = import::read_table_bytes(&xlsx, None).unwrap();
    assert_eq!((table.headers[0].as_str(), table.rows[0].cells[0].as_str()), ("Navn", "Kari"));
}

/// 50 million shared strings in a couple of megabytes took 21.7 s and 2.7 GB before the
/// table was even looked at. Now they are counted against the 10,000,000-cell limit as the
/// part is unpacked, before the spreadsheet library reads it.
#[test]
fn fifty_million_shared_strings_are_refused() {
    let strings = b"<si/>".repeat(100_000);
    let xlsx = small_xlsx_with("xl/sharedStrings.xml",
        &[
            (b"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>Kari</t></si>", 1),
            (&strings, 500),
            (b"</sst>", 1),
        ],
    );
    assert!(xlsx.len() < 2_000_000, "{} bytes", xlsx.len());
    let err = refusal(&xlsx);
    assert!(matches!(err, ImportError::TooLarge { cells: 10_000_000 }), "{err:?}");
    assert!(err.to_string().contains("for stort til å importeres"), "{err}");
}

/// The library reserves room for the number of strings the table claims before reading
/// one: «uniqueCount="99999999999"» asked for 2.4 TB, and the process was aborted.
#[test]
fn a_shared_string_table_claiming_billions_is_refused() {
    let xlsx = samkart::fuzzing::xlsx_from_parts(
        SHEET,
        br#"<sst uniqueCount="99999999999"><si><t>Kari</t></si></sst>"#,
    );
    let err = refusal(&xlsx);
    assert!(matches!(err, ImportError::TooLarge { .. }), "{err:?}");
}

/// One inline string of a gibibyte in a file of about a megabyte reached 8.4 GB. No cell of
/// a real sheet is a megabyte long.
#[test]
fn a_gibibyte_inline_string_is_refused() {
    let head = br#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Navn</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>"#;
    let mib = vec![b'x'; 1 << 20];
    let xlsx = small_xlsx_with(
        "xl/worksheets/sheet1.xml",
        &[(head, 1), (&mib, 1024), (b"</t></is></c></row></sheetData></worksheet>", 1)],
    );
    assert!(xlsx.len() < 2_000_000, "{} bytes", xlsx.len());
    let err = refusal(&xlsx).to_string();
    assert!(err.contains("skadet") && err.contains("tekst på over 1 MB"), "{err}");
}

/// A worksheet that unpacks to 2 GiB, empty rows with blank space between (no single piece
/// long): refused once the archive has unpacked past the limit, not read to the end.
#[test]
fn a_zip_bomb_worksheet_is_refused() {
    let head = br#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Navn</t></is></c></row>"#;
    let rows = [b"<row/>".as_slice(), &[b' '; 65_536]].concat();
    let xlsx = small_xlsx_with(
        "xl/worksheets/sheet1.xml",
        &[(head, 1), (&rows, 32_768), (b"</sheetData></worksheet>", 1)],
    );
    assert!(xlsx.len() < 5_000_000, "{} bytes", xlsx.len());
    let err = refusal(&xlsx);
    assert!(matches!(err, ImportError::TooManyBytes { .. }), "{err:?}");
    assert!(err.to_string().contains("MB tekst når det er pakket ut"), "{err}");
}

/// The styles are read whole when the workbook is opened, each cell format an entry in a
/// list: 20 million of them in a few kilobytes. No real workbook has a million elements in
/// its styles (Excel allows 64,000 cell formats).
#[test]
fn a_styles_part_with_millions_of_formats_is_refused() {
    let formats = b"<xf numFmtId=\"0\"/>".repeat(100_000);
    let xlsx = small_xlsx_with(
        "xl/styles.xml",
        &[
            (
                br#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs>"#,
                1,
            ),
            (&formats, 200),
            (b"</cellXfs></styleSheet>", 1),
        ],
    );
    let err = refusal(&xlsx).to_string();
    assert!(err.contains("«xl/styles.xml» har over 1000000 elementer"), "{err}");
}

/// Many copies of one long shared string: each cell gets its own copy of the text, so the
/// copies count against the size limit (a 100 kB string in 10,000 cells is a gigabyte).
#[test]
fn a_long_shared_string_in_many_cells_is_refused() {
    let strings = format!("<sst><si><t>Navn</t></si><si><t>{}</t></si></sst>", "y".repeat(100_000));
    let row = |r: usize| format!(r#"<row r="{r}"><c r="A{r}" t="s"><v>1</v></c></row>"#);
    let rows: String = (2..=10_001).map(row).collect();
    let sheet = format!(
        r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>{rows}</sheetData></worksheet>"#
    );
    let xlsx = samkart::fuzzing::xlsx_from_parts(sheet.as_bytes(), strings.as_bytes());
    let err = refusal(&xlsx);
    assert!(matches!(err, ImportError::TooManyBytes { .. }), "{err:?}");
}

/// An ODS row repeated a million times with a string repeated across 99 columns: the ODS
/// reader writes every copy out when the file is opened (99 million strings).
#[test]
fn an_ods_with_a_row_repeated_a_million_times_is_refused() {
    let (_dir, path) = common::temp_path("liste.ods");
    let mut book = spreadsheet_ods::WorkBook::new_empty();
    let mut sheet = spreadsheet_ods::Sheet::new("Ark1");
    sheet.set_value(0, 0, "Navn");
    book.push_sheet(sheet);
    spreadsheet_ods::write_ods(&mut book, &path).unwrap();
    let ods = std::fs::read(&path).unwrap();
    assert!(import::read_table_bytes(&ods, None).is_ok());

    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Ark1"><table:table-row><table:table-cell office:value-type="string"><text:p>Navn</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="99" office:value-type="string"><text:p>{}</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#,
        "z".repeat(100)
    );
    let bomb = repack(&ods, "content.xml", &[(content.as_bytes(), 1)]);
    let err = import::read_table_bytes(&bomb, None).unwrap_err();
    assert!(matches!(err, ImportError::TooLarge { .. }), "{err:?}");
}

/// A CSV of nothing but separators is millions of empty cells; a header reaching far right
/// makes every row below as wide. Both count against the cell limit.
#[test]
fn a_csv_of_empty_cells_is_refused() {
    let separators = ";".repeat(12_000_000);
    let err = import::read_table_bytes(separators.as_bytes(), None).map(|_| ()).unwrap_err();
    assert!(matches!(err, ImportError::TooLarge { .. }), "{err:?}");
    let wide = format!("Navn{}Siste\n{}", ";".repeat(20_000), "Kari\n".repeat(1_000));
    let err = import::read_table_bytes(wide.as_bytes(), None).map(|_| ()).unwrap_err();
    assert!(matches!(err, ImportError::TooLarge { .. }), "{err:?}");
}

/// Reads `path` on another thread and waits at most half a minute: a FIFO would otherwise
/// hang the test (and CI) for ever.
#[cfg(unix)]
fn read_with_timeout(path: std::path::PathBuf) -> Result<(), String> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(import::read_table(&path, None).map(|_| ()).map_err(|e| e.to_string()));
    });
    rx.recv_timeout(Duration::from_secs(30)).expect("the import answers instead of hanging")
}

#[cfg(unix)]
#[test]
fn a_fifo_a_device_or_a_folder_is_refused_without_hanging() {
    let (dir, fifo) = common::temp_path("kontakter.csv");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for (path, what) in [
        (fifo, "et navngitt rør (FIFO)"),
        ("/dev/zero".into(), "en enhet"),
        (dir.path().to_path_buf(), "en mappe"),
    ] {
        let err = read_with_timeout(path.clone()).unwrap_err();
        assert!(
            err.contains("er ikke en vanlig fil, men") && err.contains(what),
            "{}: {err}",
            path.display()
        );
        assert!(err.contains("Velg selve regnearket"), "{err}");
    }
}

/// A file over the size limit is refused from its size, before anything is read (the file
/// here is sparse: it takes no disk space).
#[test]
fn a_file_over_the_size_limit_is_refused_before_reading() {
    let (_dir, path) = common::temp_path("stor.csv");
    std::fs::File::create(&path).unwrap().set_len(import::MAX_SOURCE_BYTES + 1).unwrap();
    let err = import::read_table(&path, None).unwrap_err();
    assert!(matches!(err, ImportError::FileTooLarge { .. }), "{err:?}");
    assert!(err.to_string().contains("er for stor til å importeres (over 134 MB)"), "{err}");
    // A link to it is the same file.
    #[cfg(unix)]
    {
        let link = path.with_file_name("lenke.csv");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        assert!(matches!(import::read_table(&link, None), Err(ImportError::FileTooLarge { .. })));
    }
}
