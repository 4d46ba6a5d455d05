//! What Outlook and Excel need from the calendar, the contacts and the spreadsheets, checked
//! with an independent parser (the `ical` crate) rather than by looking at our own text.

use super::*;
use ical::parser::ical::component::IcalEvent;
use samkart::exchange::{ExportOptions, Format, export};

fn prop(e: &IcalEvent, name: &str) -> String {
    e.properties.iter().find(|p| p.name == name).and_then(|p| p.value.clone()).unwrap_or_default()
}

fn parse_calendar(text: &str) -> ical::parser::ical::component::IcalCalendar {
    let mut cals: Vec<_> =
        ical::IcalParser::new(BufReader::new(text.as_bytes())).collect::<Result<_, _>>().unwrap();
    assert_eq!(cals.len(), 1);
    cals.remove(0)
}

fn ics(reg: &Register, options: &ExportOptions) -> String {
    String::from_utf8(export(Format::Ics, reg, today(), options).remove(0).bytes).unwrap()
}

#[test]
fn deadlines_carry_sequence_last_modified_a_real_stamp_and_leave_the_day_free() {
    let mut reg = example();
    let stamp = chrono::DateTime::parse_from_rfc3339("2026-11-23T14:05:09Z").unwrap().to_utc();
    let options = ExportOptions { stamp: Some(stamp), ..Default::default() };
    let cal = parse_calendar(&ics(&reg, &options));
    let uid = samkart::exchange::ics::agreement_uid(&"avtale-barnevern-nav".into());
    let nav = cal.events.iter().find(|e| prop(e, "UID") == uid).unwrap();
    let agreement = reg.agreement(&"avtale-barnevern-nav".into()).unwrap().clone();
    assert_eq!(prop(nav, "SEQUENCE"), agreement.revisions.len().to_string());
    let last = agreement.last_revised().unwrap();
    assert_eq!(prop(nav, "LAST-MODIFIED"), last.format("%Y%m%dT000000Z").to_string());
    assert_eq!(prop(nav, "DTSTAMP"), "20261123T140509Z", "the moment of export, not midnight");
    for e in &cal.events {
        assert_eq!(prop(e, "TRANSP"), "TRANSPARENT", "{}", prop(e, "UID"));
        assert!(!prop(e, "SEQUENCE").is_empty() && !prop(e, "DTSTAMP").is_empty());
    }

    // The deadline moves when the agreement is revised: same UID, a higher SEQUENCE, a newer
    // LAST-MODIFIED and the new date — what makes Outlook replace the old event.
    let revised = today();
    let a = reg.agreements.iter_mut().find(|a| a.id.as_str() == "avtale-barnevern-nav").unwrap();
    a.revisions.push(Revision { date: revised, by: "Åse Holen".into(), note: String::new() });
    let due = a.next_revision().unwrap();
    let later = ExportOptions { stamp: Some(stamp + chrono::Duration::days(1)), ..Default::default() };
    let cal = parse_calendar(&ics(&reg, &later));
    let moved = cal.events.iter().find(|e| prop(e, "UID") == uid).unwrap();
    assert_eq!(prop(moved, "SEQUENCE"), (agreement.revisions.len() + 1).to_string());
    assert_eq!(prop(moved, "LAST-MODIFIED"), revised.format("%Y%m%dT000000Z").to_string());
    assert_eq!(prop(moved, "DTSTART"), due.format("%Y%m%d").to_string());
    assert_ne!(prop(moved, "DTSTART"), prop(nav, "DTSTART"));
}

#[test]
fn no_text_can_add_an_event_or_a_property() {
    let mut reg = example();
    reg.agreements[0].status = AgreementStatus::Current;
    reg.agreements[0].revision_interval_months = Some(12);
    reg.agreements[0].entered = NaiveDate::from_ymd_opt(2025, 1, 1);
    reg.routines[0].revision_interval_months = Some(12);
    reg.routines[0].entered = NaiveDate::from_ymd_opt(2025, 1, 1);
    let plain = ics(&reg, &ExportOptions::default());
    let inject = "\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:injisert\r\nSUMMARY:Injisert\r\nEND:VEVENT";
    reg.name = format!("Midtdalen{inject}");
    reg.agreements[0].title = format!("Avtale{inject}");
    reg.routines[0].title = "Rutine\rUID:lone-cr\rX-A:b".to_owned();
    let text = ics(&reg, &ExportOptions::default());
    let cal = parse_calendar(&text);
    assert_eq!(cal.events.len(), parse_calendar(&plain).events.len(), "no event was added");
    assert!(
        cal.events
            .iter()
            .all(|e| !prop(e, "UID").contains("injisert") && !prop(e, "UID").contains("lone-cr"))
    );
    assert!(!text.replace("\r\n", "").contains('\r'), "no CR outside line ends");
    for line in text.split("\r\n") {
        assert!(!line.starts_with("UID:injisert") && !line.starts_with("UID:lone-cr"), "{line}");
    }
    // NAME and X-WR-CALNAME keep the whole name as one escaped value.
    let name = cal.properties.iter().find(|p| p.name == "NAME").unwrap().value.clone().unwrap();
    assert!(name.starts_with("Samkart – Midtdalen\\nEND:VEVENT\\nBEGIN:VEVENT"), "{name}");
    let wr = cal.properties.iter().find(|p| p.name == "X-WR-CALNAME").unwrap().value.clone().unwrap();
    assert_eq!(wr, name);
}

#[test]
fn internal_numbers_are_marked_in_the_internal_vcard() {
    let reg = example();
    let text = samkart::exchange::vcard::export_vcard(&reg, today(), false);
    let cards: Vec<_> =
        ical::VcardParser::new(BufReader::new(text.as_bytes())).collect::<Result<_, _>>().unwrap();
    let values = |card: &ical::parser::vcard::component::VcardContact, name: &str| {
        card.properties.iter().filter(|p| p.name == name).filter_map(|p| p.value.clone()).collect::<Vec<_>>()
    };
    let sindre = cards.iter().find(|c| values(c, "FN") == ["Sindre Kvarme"]).unwrap();
    assert!(values(sindre, "TEL").contains(&"+47 44 67 31 42".to_owned()));
    let note = values(sindre, "NOTE").join("");
    assert!(note.starts_with("Kun for samarbeidspartnere"), "{note}");
    assert!(note.contains("mobil +47 44 67 31 42"), "{note}");
    // Every contact with an internal detail has the note; others do not.
    for c in reg.contacts.iter().filter(|c| c.active) {
        let Some(card) = cards.iter().find(|k| values(k, "UID") == [format!("contact-{}@samkart", c.id)])
        else {
            continue;
        };
        let internal = [&c.phone, &c.mobile, &c.email].iter().any(|d| d.internal && !d.is_empty());
        assert_eq!(
            values(card, "NOTE").join("").contains("Kun for samarbeidspartnere"),
            internal,
            "{}",
            c.id
        );
    }
    // The public edition has neither the number nor the note.
    let public = samkart::exchange::vcard::export_vcard(&reg, today(), true);
    assert!(!public.contains("44 67 31 42") && !public.contains("Kun for samarbeidspartnere"));
}

#[test]
fn one_vcard_file_per_contact_each_with_one_card() {
    let reg = example();
    let one = samkart::exchange::vcard::export_vcard(&reg, today(), false);
    let files = export(Format::VcardFolder, &reg, today(), &ExportOptions::default());
    assert!(Format::VcardFolder.is_folder());
    assert_eq!(files.len(), one.matches("BEGIN:VCARD").count());
    let names: std::collections::HashSet<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names.len(), files.len(), "file names are unique");
    assert!(names.contains("kari-hov.vcf"));
    for f in &files {
        assert!(f.name.ends_with(".vcf") && !f.name.contains(['/', '\\']) && !f.name.starts_with('.'));
        let text = String::from_utf8(f.bytes.clone()).unwrap();
        let cards: Vec<_> =
            ical::VcardParser::new(BufReader::new(text.as_bytes())).collect::<Result<_, _>>().unwrap();
        assert_eq!(cards.len(), 1, "{}", f.name);
    }
    // Together they are the multi-card file.
    assert_eq!(files.iter().map(|f| String::from_utf8_lossy(&f.bytes).into_owned()).collect::<String>(), one);
    // A hand-edited id cannot leave the folder.
    let mut odd = reg.clone();
    odd.contacts[0].id = "../../etc/passwd".into();
    let files = export(Format::VcardFolder, &odd, today(), &ExportOptions::default());
    assert!(files.iter().all(|f| !f.name.contains("..") && !f.name.contains('/')), "{:?}", files[0].name);
}

#[test]
fn a_cell_starting_with_a_line_feed_is_neutralised() {
    let mut reg = example();
    reg.contacts[0].note = "\n=HYPERLINK(\"http://x\";\"klikk\")".into();
    let files = samkart::exchange::csv_out::export_csv(&reg, today(), false);
    let kontakter = files.iter().find(|f| f.name == "kontakter.csv").unwrap();
    let mut r = csv::ReaderBuilder::new().delimiter(b';').from_reader(&kontakter.bytes[3..]);
    let col = r.headers().unwrap().iter().position(|h| h == "Merknad").unwrap();
    let notes: Vec<String> = r.records().map(|rec| rec.unwrap()[col].to_owned()).collect();
    assert!(notes.contains(&"'\n=HYPERLINK(\"http://x\";\"klikk\")".to_owned()), "{notes:?}");
    // And it imports back as it was.
    let table = import::read_table_bytes(&kontakter.bytes, None).unwrap();
    let note_col = table.headers.iter().position(|h| h == "Merknad").unwrap();
    let mapping = import::guess_mapping(&table.headers);
    let mut empty = reg.clone();
    empty.contacts.clear();
    let plan = import::plan_import(&empty, &table, &mapping, &ImportOptions::default()).unwrap();
    empty.apply(plan.to_edit(&Choices::default()));
    let back = empty.contacts.iter().find(|c| c.id == reg.contacts[0].id).unwrap();
    assert_eq!(back.note, reg.contacts[0].note, "column {note_col}");
}
