//! «Ask the contact to confirm»: the e-mail drafts read back by an independent parser
//! (`mail-parser`), the `mailto:` link decoded, and the folder they are written to attacked.

use super::*;
use mail_parser::MessageParser;
use percent_encoding::percent_decode_str;
use samkart::exchange::verify::{self, Drafts};

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn stamp() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-11-23T09:30:00Z").unwrap().to_utc()
}

/// NAV with an adviser never verified (internal mobile, topics, a deputy), one verified long
/// ago, one who left, a vacant post, one without an e-mail address, one whose address would
/// split the «To» header, and one verified last month.
fn register() -> Register {
    let mut reg = Register::new("Midtdalen");
    reg.services.push(Service::new("nav", "NAV Midtdalen", Sector::Nav, OwnerKind::State));
    let mut kari = Contact::new("kari-hov", "Kari Hov", "NAV-veileder for ungdom 18–25", "nav");
    kari.phone = ContactDetail::public("61294500");
    kari.mobile = ContactDetail::internal("944 33 655");
    kari.email = ContactDetail::public("kari.hov@nav.no");
    kari.topics = vec!["nav ung".into(), "18–25".into()];
    kari.deputy = Some("ola-li".into());
    let mut ola = Contact::new("ola-li", "Ola Li", "NAV-veileder", "nav");
    ola.email = ContactDetail::public("ola.li@nav.no");
    ola.verified = Some(ymd(2024, 3, 12));
    let mut gone = Contact::new("per-borte", "Per Borte", "Rådgiver", "nav");
    gone.email = ContactDetail::public("per@nav.no");
    gone.active = false;
    let mut vacant = Contact::new("ledig", "", "Kontaktperson for politiet", "nav");
    vacant.vacant = true;
    vacant.email = ContactDetail::public("post@nav.no");
    let no_mail = Contact::new("uten-epost", "Siri Uten", "Veileder", "nav");
    let mut split = Contact::new("komma", "Komma Kari", "Veileder", "nav");
    split.email = ContactDetail::public("kari,ola@nav.no");
    let mut fresh = Contact::new("fersk", "Frida Fersk", "Veileder", "nav");
    fresh.email = ContactDetail::public("frida@nav.no");
    fresh.verified = Some(ymd(2026, 10, 1));
    reg.contacts = vec![kari, ola, gone, vacant, no_mail, split, fresh];
    reg
}

fn drafts(reg: &Register, older_than: Option<u32>) -> Drafts {
    verify::drafts(reg, today(), older_than, "Åse Holen", stamp())
}

#[test]
fn one_draft_per_flagged_contact_read_back_with_recipient_subject_and_details() {
    let reg = register();
    let d = drafts(&reg, None);
    let names: Vec<&str> = d.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["bekreft-kari-hov.eml", "bekreft-ola-li.eml"], "none for who left or a vacant post");
    let skipped: Vec<&str> = d.skipped.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(skipped, ["Komma Kari", "Siri Uten"]);
    assert!(d.skipped.iter().any(|(_, why)| why.contains("ingen e-postadresse")));
    assert!(d.skipped.iter().any(|(_, why)| why.contains("«,»")), "{:?}", d.skipped);

    let kari = MessageParser::default().parse(&d.files[0].bytes).expect("a message");
    let to = kari.to().unwrap().first().unwrap();
    assert_eq!(to.address(), Some("kari.hov@nav.no"));
    assert_eq!(to.name(), Some("Kari Hov"));
    assert_eq!(kari.subject(), Some("Stemmer kontaktopplysningene dine i Midtdalen? Svar med rettelser"));
    assert_eq!(kari.header_raw("X-Unsent").map(str::trim), Some("1"), "Outlook opens it as a draft");
    assert!(kari.from().is_none(), "the mail program fills in the sender");
    let body = kari.body_text(0).unwrap();
    for line in [
        "Hei Kari Hov,",
        "Rolle: NAV-veileder for ungdom 18–25",
        "Tjeneste: NAV Midtdalen",
        "Telefon: 61 29 45 00",
        "Mobil: 94 43 36 55 (kun for samarbeidspartnere, gis ikke til innbyggere)",
        "E-post: kari.hov@nav.no",
        "Kontakt for: nav ung, 18–25",
        "Stedfortreder: Ola Li (NAV-veileder)",
        "Sist bekreftet: aldri",
        "Åse Holen",
    ] {
        assert!(body.lines().any(|l| l.trim_end() == line), "«{line}» in\n{body}");
    }
    let ola = MessageParser::default().parse(&d.files[1].bytes).unwrap();
    assert!(ola.body_text(0).unwrap().contains("Sist bekreftet: 12.03.2024"));
    assert!(ola.body_text(0).unwrap().contains("Stedfortreder: ikke registrert"));
    // The same input gives the same files.
    assert_eq!(drafts(&reg, None), d);
    // --older-than: only those not confirmed in that many months.
    let d = drafts(&reg, Some(36));
    assert_eq!(d.files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["bekreft-kari-hov.eml"]);
    let d = drafts(&reg, Some(0));
    assert!(d.files.iter().any(|f| f.name == "bekreft-fersk.eml"));
}

#[test]
fn a_name_with_line_breaks_adds_no_header_and_a_national_id_never_leaves() {
    let mut reg = register();
    reg.contacts[0].name = "Kari\r\nBcc: spion@example.com".into();
    reg.contacts[0].topics.push("saken til 15076500565".into());
    reg.contacts[0].role = "Veileder\u{1b}[31m <script>".into();
    let d = drafts(&reg, None);
    let m = MessageParser::default().parse(&d.files[0].bytes).unwrap();
    assert!(m.bcc().is_none(), "no Bcc header");
    assert_eq!(m.to().unwrap().iter().count(), 1);
    let text = String::from_utf8_lossy(&d.files[0].bytes).into_owned();
    assert!(!text.lines().any(|l| l.to_ascii_lowercase().starts_with("bcc:")), "{text}");
    let body = m.body_text(0).unwrap();
    assert!(!body.contains("15076500565") && !text.contains("15076500565"));
    assert!(body.contains("[fødselsnummer fjernet]"), "{body}");
    assert!(!body.contains('\u{1b}'));
    assert!(body.contains("Rolle: Veileder [31m <script>"), "plain text, as written: {body}");
}

#[test]
fn the_mailto_link_decodes_to_the_same_message() {
    let reg = register();
    let req = verify::request(&reg, &ContactId::new("kari-hov"), "Åse Holen").unwrap();
    let link = verify::mailto(&req);
    assert!(link.starts_with("mailto:kari.hov@nav.no?subject="), "{link}");
    assert!(link.len() <= verify::MAX_MAILTO);
    assert!(!link.contains([' ', '\n', '\r', '<', '>', '"']), "{link}");
    let query = link.split_once('?').unwrap().1;
    let fields: Vec<(String, String)> = query
        .split('&')
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap();
            (k.to_owned(), percent_decode_str(v).decode_utf8().unwrap().into_owned())
        })
        .collect();
    assert_eq!(fields[0], ("subject".into(), req.subject.clone()));
    assert_eq!(fields[1].0, "body");
    assert_eq!(fields[1].1, req.body.replace('\n', "\r\n"), "line breaks as CRLF (RFC 6068)");
    assert_eq!(fields.len(), 2, "nothing in the text can add a field");
    // Who left, a vacant post and an unusable address get no link, and say why.
    for (id, why) in
        [("per-borte", "har sluttet"), ("ledig", "ledig"), ("komma", "«,»"), ("uten-epost", "ingen e-post")]
    {
        let err = verify::request(&reg, &ContactId::new(id), "x").unwrap_err();
        assert!(err.contains(why), "{id}: {err}");
    }
    // A huge topic list still fits a link the mail program takes.
    let mut reg = reg;
    reg.contacts[0].topics = (0..500).map(|i| format!("tema nummer {i} med æøå")).collect();
    let link = verify::mailto(&verify::request(&reg, &ContactId::new("kari-hov"), "x").unwrap());
    assert!(link.len() <= verify::MAX_MAILTO, "{}", link.len());
}

#[cfg(unix)]
#[test]
fn the_drafts_folder_is_made_and_nothing_outside_it_is_written_through() {
    let reg = register();
    let files = drafts(&reg, None).files;
    let dir = tempfile::tempdir().unwrap();
    // A folder that does not exist yet, reached through «..».
    let target = dir.path().join("a").join("..").join("utkast");
    let written = verify::write_drafts(&target, &files).unwrap();
    assert_eq!(written.len(), 2);
    assert!(dir.path().join("utkast/bekreft-kari-hov.eml").is_file());
    // A link in the folder with a draft's name is replaced, not written through.
    let precious = dir.path().join("register.ron");
    fs_write(&precious, b"(version: 2)");
    let link = target.join("bekreft-ola-li.eml");
    std::fs::remove_file(&link).unwrap();
    std::os::unix::fs::symlink(&precious, &link).unwrap();
    verify::write_drafts(&target, &files).unwrap();
    assert_eq!(std::fs::read(&precious).unwrap(), b"(version: 2)");
    assert!(!std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    // The register itself, a FIFO and a device are not folders: a clear message, nothing
    // written.
    let fifo = dir.path().join("fifo");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for not_a_folder in [precious.as_path(), fifo.as_path(), std::path::Path::new("/dev/null")] {
        let err = verify::write_drafts(not_a_folder, &files).unwrap_err();
        assert!(err.contains("er ikke en mappe"), "{err}");
    }
    assert_eq!(std::fs::read(&precious).unwrap(), b"(version: 2)");
    let leftovers: Vec<_> = std::fs::read_dir(&target)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".eml"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file left: {leftovers:?}");
}

#[cfg(unix)]
fn fs_write(path: &std::path::Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap();
}
