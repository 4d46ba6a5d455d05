//! The contact lists municipalities really keep: a title above the table, headers written
//! every which way, short numbers, one bad cell in an otherwise good row, formulas, Excel's
//! «Unicode-tekst», a file that is no spreadsheet at all, and the round trip through
//! `kontakter.csv`.

use super::{example, today};
use crate::common;
use samkart::exchange::csv_out;
use samkart::exchange::import::{
    self, Choices, ImportError, ImportOptions, ImportPlan, ServiceChoice, Table,
};
use samkart::model::*;

/// A list as one municipality keeps it: a title, a blank row, the headers on row 3 in the
/// words people use, then the contacts.
fn titled_rows() -> Vec<Vec<&'static str>> {
    vec![
        vec!["Kontaktliste tverrfaglig samarbeid – oppdatert vår 2026"],
        vec![],
        vec!["Navn", "Stilling", "Enhet/avdeling", "Tlf.", "Mob", "Epost", "Ansvarsområde"],
        vec![
            "Ingrid Bakken",
            "Helsesykepleier",
            "Helsestasjon og skolehelsetjeneste Ringebu",
            "61 28 30 00",
            "950 12 345",
            "ingrid.bakken@ringebu.kommune.no",
            "skolehelse, vaksiner",
        ],
        vec![
            "Tor Lien",
            "NAV-veileder 18–25",
            "NAV Midtdalen",
            "",
            "912 34 567",
            "tor.lien@nav.no",
            "ungdom 18–25",
        ],
        vec![
            "Mari Sande",
            "Daglig leder",
            "Ringebu frivilligsentral",
            "",
            "",
            "mari.sande@ringebu.kommune.no",
            "",
        ],
    ]
}

fn titled_csv() -> Vec<u8> {
    let lines: Vec<String> = titled_rows().iter().map(|r| r.join(";")).collect();
    lines.join("\r\n").into_bytes()
}

fn titled_xlsx(path: &std::path::Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in titled_rows().iter().enumerate() {
        for (c, cell) in row.iter().enumerate().filter(|(_, c)| !c.is_empty()) {
            sheet.write_string(r as u32, c as u16, *cell).unwrap();
        }
    }
    book.save(path).unwrap();
}

fn titled_ods(path: &std::path::Path) {
    let mut book = spreadsheet_ods::WorkBook::new_empty();
    let mut sheet = spreadsheet_ods::Sheet::new("Kontakter");
    for (r, row) in titled_rows().iter().enumerate() {
        for (c, cell) in row.iter().enumerate().filter(|(_, c)| !c.is_empty()) {
            sheet.set_value(r as u32, c as u32, *cell);
        }
    }
    book.push_sheet(sheet);
    spreadsheet_ods::write_ods(&mut book, path).unwrap();
}

fn plan(reg: &Register, table: &Table) -> ImportPlan {
    import::plan_import(reg, table, &import::guess_mapping(&table.headers), &ImportOptions::default())
        .unwrap()
}

/// What the plan brings in, field by field that the list has.
fn brought_in(plan: &ImportPlan) -> Vec<[String; 7]> {
    plan.added
        .iter()
        .map(|a| {
            let c = &a.contact;
            [
                c.name.clone(),
                c.role.clone(),
                c.service.to_string(),
                c.phone.value.clone(),
                c.mobile.value.clone(),
                c.email.value.clone(),
                c.topics.join("|"),
            ]
        })
        .collect()
}

/// Before: the first row with content was taken as the header, nothing was mapped, and the
/// import stopped with «Ingen kolonne er koblet til navn …» in all three formats.
#[test]
fn a_title_above_the_table_is_skipped_in_csv_xlsx_and_ods() {
    let dir = tempfile::tempdir().unwrap();
    let (xlsx, ods) = (dir.path().join("liste.xlsx"), dir.path().join("liste.ods"));
    titled_xlsx(&xlsx);
    titled_ods(&ods);
    let tables = [
        ("CSV", import::read_table_bytes(&titled_csv(), None).unwrap()),
        ("XLSX", import::read_table(&xlsx, None).unwrap()),
        ("ODS", import::read_table(&ods, None).unwrap()),
    ];
    let reg = example();
    let expected = brought_in(&plan(&reg, &tables[0].1));
    assert_eq!(expected.len(), 3);
    assert_eq!(
        expected[0],
        [
            "Ingrid Bakken",
            "Helsesykepleier",
            "helsestasjon-ringebu",
            "61 28 30 00",
            "95 01 23 45",
            "ingrid.bakken@ringebu.kommune.no",
            "skolehelse|vaksiner"
        ]
        .map(String::from)
    );
    for (format, table) in &tables {
        assert_eq!(table.header_row, 3, "{format}");
        assert_eq!(
            table.above_note().as_deref(),
            Some("Rad 1–2: tittel over tabellen, hoppet over"),
            "{format}"
        );
        let mapping = import::guess_mapping(&table.headers);
        assert!(!mapping.columns.contains(&import::Field::Ignore), "{format}: {:?}", table.headers);
        let p = plan(&reg, table);
        assert_eq!(brought_in(&p), expected, "{format}");
        assert!(p.rejected.is_empty() && p.skipped.is_empty(), "{format}: {p:#?}");
        assert_eq!(p.added.iter().map(|a| a.row).collect::<Vec<_>>(), [4, 5, 6], "{format}");
    }

    // The user (or --header-row) can pick another row; the first row gives nothing to map.
    let mut t = tables[0].1.clone();
    t.set_header_row(1).unwrap();
    let err = import::plan_import(&reg, &t, &import::guess_mapping(&t.headers), &ImportOptions::default());
    assert!(matches!(err, Err(ImportError::NoNameOrService)));
    t.set_header_row(3).unwrap();
    assert_eq!(brought_in(&plan(&reg, &t)), expected);
}

/// A sheet as a real list has it, with what only Excel writes: numbers where phone numbers
/// were typed, a formula saved without its value and one saved with it. A row a line, from
/// row 1 and column A on, its cells split by `|`: an empty cell is left out, `#` starts a
/// number cell, and a cell that starts with `<` is the sheet's own XML (the formulas).
const MESSY: [&str; 11] = [
    "Navn|Stilling|Tjeneste|Telefon|Mobil|E-post",
    // 2: +47 and odd spacing.
    "Ingrid Bakken|Helsesykepleier|Helsestasjon og skolehelsetjeneste Ringebu|+47 950 12 345||ingrid.bakken@ringebu.kommune.no",
    // 3: a word before the number, 0047 before the mobile.
    "Tor Lien|NAV-veileder 18–25|NAV Midtdalen|tlf 950 12 349|0047 91234567|tor.lien@nav.no",
    // 4: the police's five-digit number.
    "Siv Haugen|Politikontakt|Innlandet politidistrikt, Gudbrandsdal – forebyggende|02800||siv.haugen@politiet.no",
    // 5: a 116 number.
    "Nina Dahl|Frivilligkoordinator|Mental Helse Ungdom Gudbrandsdalen|116 123",
    // 6: «abc» as phone; the mobile with hyphens.
    "Per Dahl|Rådgiver|MGBV|abc|95-01-23-47|per.dahl@mgbv.no",
    // 7: a broken e-mail.
    "Ola Nilsen|Lærer|Ringebu skole|95 01 23 48||ola(at)skole.no",
    // 8: the name is a formula saved without its value; the row's phone and e-mail are
    // a person's, not NAV's.
    r#"<c r="A8"><f>CONCATENATE(B8," ",C8)</f></c>|Veileder|NAV Midtdalen|61 21 00 00||post@nav.no"#,
    // 9: numbers as Excel keeps them: +47 typed into a number cell, and a mobile written
    // out as a number with a decimal.
    "Berit Holm|Saksbehandler|MGBV|#4795012397|95012398.0|berit.holm@mgbv.no",
    // 10: a formula with its value.
    r#"<c r="A10" t="str"><f>"Guri "&amp;"Lie"</f><v>Guri Lie</v></c>|Pedagogisk-psykologisk rådgiver|PPT for Midt-Gudbrandsdal|#61295000"#,
    // 11: row 2's person again.
    "Ingrid Bakken||Helsestasjon og skolehelsetjeneste Ringebu|||Ingrid.Bakken@ringebu.kommune.no",
];

/// `MESSY` as an .xlsx file.
fn messy_xlsx() -> Vec<u8> {
    let cell = |r: usize, c: char, text: &str| match text.chars().next() {
        None => String::new(),
        Some('<') => text.to_owned(),
        Some('#') => format!(r#"<c r="{c}{r}"><v>{}</v></c>"#, &text[1..]),
        Some(_) => format!(r#"<c r="{c}{r}" t="inlineStr"><is><t>{text}</t></is></c>"#),
    };
    let rows: String = (1..)
        .zip(MESSY)
        .map(|(r, line)| {
            let cells: String = line.split('|').zip('A'..).map(|(text, c)| cell(r, c, text)).collect();
            format!(r#"<row r="{r}">{cells}</row>"#)
        })
        .collect();
    let sheet = format!(
        r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
    );
    samkart::fuzzing::xlsx_from_parts(sheet.as_bytes(), b"<sst/>")
}

/// Before: every row with one odd cell was rejected whole, and the formula row overwrote NAV
/// Midtdalen's phone and e-mail with the row's, reported only as «Oppdatert: 1».
#[test]
fn a_messy_list_brings_in_every_usable_contact_and_reports_each_problem() {
    let reg = example();
    let table = import::read_table_bytes(&messy_xlsx(), None).unwrap();
    assert_eq!(table.rows[6].no_value, [0], "row 8's name is a formula without value");
    let plan = plan(&reg, &table);

    let added: Vec<(usize, &str, &str, &str, &str)> = plan
        .added
        .iter()
        .map(|a| {
            let c = &a.contact;
            (a.row, c.name.as_str(), c.phone.value.as_str(), c.mobile.value.as_str(), c.email.value.as_str())
        })
        .collect();
    assert_eq!(
        added,
        [
            (2, "Ingrid Bakken", "95 01 23 45", "", "ingrid.bakken@ringebu.kommune.no"),
            (3, "Tor Lien", "95 01 23 49", "91 23 45 67", "tor.lien@nav.no"),
            (4, "Siv Haugen", "02800", "", "siv.haugen@politiet.no"),
            (5, "Nina Dahl", "116 123", "", ""),
            (6, "Per Dahl", "", "95 01 23 47", "per.dahl@mgbv.no"),
            (7, "Ola Nilsen", "95 01 23 48", "", ""),
            (9, "Berit Holm", "95 01 23 97", "95 01 23 98", "berit.holm@mgbv.no"),
            (10, "Guri Lie", "61 29 50 00", "", ""),
        ]
    );
    let services: Vec<&str> = plan.added.iter().map(|a| a.contact.service.as_str()).collect();
    assert_eq!(
        services,
        [
            "helsestasjon-ringebu",
            "nav-midtdalen",
            "politi-gudbrandsdal",
            "mental-helse-ungdom-gudbrandsdal",
            "mgbv",
            "ringebu-skole",
            "mgbv",
            "mgpp"
        ]
    );
    assert!(plan.new_services.is_empty() && plan.likely_services.is_empty(), "{plan:#?}");

    // Each problem with its row and column.
    let remarks: Vec<(usize, &str, &str)> =
        plan.remarks.iter().map(|r| (r.row, r.column.as_str(), r.value.as_str())).collect();
    assert_eq!(remarks, [(6, "Telefon", "abc"), (7, "E-post", "ola(at)skole.no")]);
    assert!(plan.remarks[0].reason.contains("bare inneholde sifre"), "{}", plan.remarks[0].reason);
    assert!(plan.remarks[1].reason.contains("mangler @"), "{}", plan.remarks[1].reason);
    assert_eq!(plan.rejected.len(), 1);
    assert_eq!(plan.rejected[0].0, 8);
    assert!(plan.rejected[0].1.contains("Kolonne «Navn»: formel uten verdi"), "{}", plan.rejected[0].1);
    assert!(plan.service_updates.is_empty(), "NAV Midtdalen keeps its own phone and e-mail");
    assert_eq!(plan.skipped, [(11, "Samme person som rad 2".to_owned())]);

    // Nothing silently dropped: every data row is accounted for exactly once.
    let mut accounted: Vec<usize> = plan.added.iter().map(|a| a.row).collect();
    accounted.extend(plan.duplicates.iter().map(|d| d.row));
    accounted.extend(plan.skipped.iter().map(|(r, _)| *r));
    accounted.extend(plan.rejected.iter().map(|(r, _)| *r));
    accounted.sort();
    assert_eq!(accounted, (2..=11).collect::<Vec<_>>());

    let counts = plan.counts(&Choices::default());
    assert_eq!((counts.added, counts.with_remarks, counts.rejected, counts.skipped), (8, 2, 1, 1));
    let mut after = reg.clone();
    after.apply(plan.to_edit(&Choices::default()));
    assert_eq!(after.service(&"nav-midtdalen".into()), reg.service(&"nav-midtdalen".into()));
    assert_eq!(samkart::model::validate::validate(&after, today()), []);
}

/// Excel's «Unicode-tekst» is UTF-16 (little-endian, with a byte-order mark), tab between
/// cells; some tools write it big-endian or without the mark.
#[test]
fn utf16_text_from_excel_is_read() {
    let text = "Navn\tTjeneste\tMobil\r\nBjørn Ødegård\tNAV Midtdalen\t930 11 222\r\nÅse Ås\tMGBV\t\r\n";
    let le: Vec<u8> =
        [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let be: Vec<u8> =
        [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
    let bare: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    for (what, bytes) in [("LE", le), ("BE", be), ("uten BOM", bare)] {
        let table = import::read_table_bytes(&bytes, None).unwrap();
        assert_eq!(table.headers, ["Navn", "Tjeneste", "Mobil"], "{what}");
        let p = plan(&example(), &table);
        let c = &p.added[0].contact;
        assert_eq!(
            (c.name.as_str(), c.service.as_str(), c.mobile.value.as_str()),
            ("Bjørn Ødegård", "nav-midtdalen", "93 01 12 22"),
            "{what}"
        );
        assert_eq!(p.added[1].contact.name, "Åse Ås", "{what}");
    }
}

/// A renamed PDF (or an image, a Word document) says what it is instead of «Ingen kolonne
/// er koblet til navn».
#[test]
fn a_file_that_is_no_spreadsheet_says_so() {
    let pdf = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".to_vec();
    let err = import::read_table_bytes(&pdf, None).unwrap_err();
    assert!(matches!(err, ImportError::NotASpreadsheet(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "Filen er en PDF, ikke et regneark. Lagre listen som CSV, XLSX eller ODS (i Excel eller LibreOffice) og importer den filen."
    );
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    assert!(import::read_table_bytes(&png, None).unwrap_err().to_string().contains("et bilde (PNG)"));
    let binary: Vec<u8> = (0u8..=255).cycle().take(4000).collect();
    assert!(import::read_table_bytes(&binary, None).unwrap_err().to_string().contains("binærfil"));

    let (_dir, docx) = common::temp_path("brev.docx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&docx).unwrap());
    zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
    std::io::Write::write_all(&mut zip, b"<w:document/>").unwrap();
    zip.finish().unwrap();
    let err = import::read_table(&docx, None).unwrap_err().to_string();
    assert!(err.contains("et Word-dokument (DOCX), ikke et regneark"), "{err}");
}

/// A service named the way people write it is the register's: case, spacing, hyphens and
/// «-s-» make no difference; a close name («NAV Ung» for «NAV ungdom») is linked to the
/// closest service and offered with the others; only a name close to nothing creates a
/// service, with a guessed sector the user can change.
#[test]
fn services_are_matched_as_people_write_them() {
    let mut reg = example();
    reg.services.push(Service::new("nav-ungdom", "NAV ungdom", Sector::Nav, OwnerKind::State));
    let csv = "Navn;Tjeneste;Tjeneste-id\n\
               Anne;Midt-Gudbrandsdal barnevernstjenesten;\n\
               Bjørn;midt gudbrandsdal  BARNEVERNTJENESTE;\n\
               Cecilie;NAV Ung;\n\
               Dag;Noe helt annet;mgpp\n\
               Eva;Vinstra sjakklubb;\n\
               Frode;NAV Ung;\n";
    let table = import::read_table_bytes(csv.as_bytes(), None).unwrap();
    let mapping = import::guess_mapping(&table.headers);
    let p = import::plan_import(&reg, &table, &mapping, &ImportOptions::default()).unwrap();
    let service_of = |p: &ImportPlan, name: &str| {
        p.added.iter().find(|a| a.contact.name == name).map(|a| a.contact.service.to_string()).unwrap()
    };
    assert_eq!(service_of(&p, "Anne"), "mgbv");
    assert_eq!(service_of(&p, "Bjørn"), "mgbv");
    assert_eq!(service_of(&p, "Dag"), "mgpp", "the id column wins over the name");
    assert_eq!(service_of(&p, "Cecilie"), "nav-ungdom", "linked to the closest");
    assert_eq!(p.likely_services.len(), 1);
    let likely = &p.likely_services[0];
    assert_eq!((likely.name.as_str(), likely.rows.as_slice()), ("NAV Ung", &[4, 7][..]));
    assert_eq!(likely.candidates[0].as_str(), "nav-ungdom");
    assert_eq!(p.new_services.len(), 1, "only the name close to nothing: {:#?}", p.new_services);
    let sjakk = &p.new_services[0];
    assert_eq!((sjakk.service.name.as_str(), sjakk.guessed_sector), ("Vinstra sjakklubb", Sector::Annet));

    // The user's answers: «NAV Ung» is a new service, the chess club is a volunteer one.
    let mut options = ImportOptions::default();
    options.services.insert(likely.key.clone(), ServiceChoice::Create);
    options.sectors.insert(sjakk.key.clone(), Sector::Frivillig);
    let p = import::plan_import(&reg, &table, &mapping, &options).unwrap();
    assert!(p.likely_services.is_empty());
    let names: Vec<(&str, Sector, OwnerKind)> = p
        .new_services
        .iter()
        .map(|s| (s.service.name.as_str(), s.service.sector, s.service.owner_kind))
        .collect();
    assert_eq!(
        names,
        [
            ("NAV Ung", Sector::Nav, OwnerKind::State),
            ("Vinstra sjakklubb", Sector::Frivillig, OwnerKind::Voluntary)
        ]
    );
    assert_eq!(p.new_services[0].candidates[0].as_str(), "nav-ungdom", "still offered");
    assert_eq!(service_of(&p, "Cecilie"), "nav-ung");
    // Or another candidate than the closest.
    options.services.insert(likely.key.clone(), ServiceChoice::Use("nav-midtdalen".into()));
    let p = import::plan_import(&reg, &table, &mapping, &options).unwrap();
    assert_eq!(service_of(&p, "Frode"), "nav-midtdalen");
}

/// `kontakter.csv` exported and imported into an empty register gives the same contacts,
/// field by field: ids, service ids, deputies and predecessors, a topic holding `;` and `,`,
/// a note over several lines, internal flags, dates.
#[test]
fn kontakter_csv_round_trips_into_an_empty_register_field_by_field() {
    let mut reg = example();
    assert!(
        reg.contacts.iter().any(|c| c.deputy.is_some()) && reg.contacts.iter().any(|c| c.replaces.is_some())
    );
    let c = &mut reg.contacts[0];
    c.topics = vec!["rus; psykiatri".into(), "ungdom, 18–25".into(), "«sitat» \"x\"".into()];
    c.note = "Ring før 10.\nTorsdager: hjemmekontor;\n=ikke en formel".into();
    c.name = "=Kari \"K\"; Nordmann".into();
    let files = csv_out::export_csv(&reg, today(), false);
    let kontakter = &files.iter().find(|f| f.name == "kontakter.csv").unwrap().bytes;

    let mut empty = Register::new("");
    let table = import::read_table_bytes(kontakter, None).unwrap();
    let mapping = import::guess_mapping(&table.headers);
    assert!(!mapping.columns.contains(&import::Field::Ignore), "every column is known: {:?}", table.headers);
    let p = import::plan_import(&empty, &table, &mapping, &ImportOptions::default()).unwrap();
    assert!(p.rejected.is_empty() && p.remarks.is_empty(), "{:?} {:?}", p.rejected, p.remarks);
    empty.apply(p.to_edit(&Choices::default()));

    assert_eq!(empty.contacts.len(), reg.contacts.len());
    for (got, want) in empty.contacts.iter().zip(&reg.contacts) {
        assert_eq!(got, want, "{}", want.id);
    }
    let ids = |r: &Register| r.contacts.iter().map(|c| c.service.to_string()).collect::<Vec<_>>();
    assert_eq!(ids(&empty), ids(&reg));
    assert_eq!(samkart::model::validate::validate(&empty, today()), []);

    // Into the register it came from: nothing to do.
    let p = import::plan_import(&reg, &table, &mapping, &ImportOptions::default()).unwrap();
    let counts = p.counts(&Choices::default());
    assert_eq!((counts.added, counts.updated), (0, 0), "{:#?}", p.duplicates);
}

/// A cell the register would refuse (an escape sequence in a role, a name over the model's
/// maximum) costs that cell or that row, never the whole import; a line break typed into a
/// one-line cell (Alt+Enter in Excel) is read as a space. Before, the model's text rule
/// refused the import's whole edit when one cell broke it.
#[test]
fn text_the_register_refuses_costs_only_its_cell_and_line_breaks_in_a_cell_are_spaces() {
    let reg = example();
    let long = "x".repeat(samkart::model::limits::MAX_SHORT_CHARS + 1);
    let csv = format!(
        "Navn;Stilling;Tjeneste;Mobil\r\n\
         \"Kari\nBakken\";Miljø\x1b[31marbeider;NAV Midtdalen;950 12 345\r\n\
         {long};Rådgiver;NAV Midtdalen;950 12 346\r\n\
         Tor Lien;Veileder;NAV Midtdalen;950 12 347\r\n"
    );
    let table = import::read_table_bytes(csv.as_bytes(), None).unwrap();
    let plan = plan(&reg, &table);
    let added: Vec<(&str, &str)> =
        plan.added.iter().map(|a| (a.contact.name.as_str(), a.contact.role.as_str())).collect();
    assert_eq!(added, [("Kari Bakken", ""), ("Tor Lien", "Veileder")]);
    assert!(
        plan.remarks.iter().any(|r| r.column == "Stilling" && r.reason.contains("kontrolltegn")),
        "{:?}",
        plan.remarks
    );
    assert!(plan.rejected.iter().any(|(_, reason)| reason.contains("for lang")), "{:?}", plan.rejected);
    let mut after = reg.clone();
    after.try_apply(plan.to_edit(&Choices::default())).expect("the import's edit is one the register takes");
    assert!(after.contacts.iter().any(|c| c.name == "Kari Bakken"));
}
