//! «Ask the contact to confirm»: an e-mail to a contact person listing what the register
//! holds about them (role, service, numbers, what they are contact for, deputy, when it was
//! last confirmed) and asking them to reply with corrections. The best directory services
//! verify that way: the person the record is about confirms it. «Bekreft kontakt» stays the
//! way to record the answer.
//!
//! One contact: a `mailto:` link (RFC 6068) that opens the user's mail program with subject
//! and body filled in. Many: one `.eml` draft per contact the review flags
//! `contact_unverified`, with `X-Unsent: 1` so Outlook opens each as a draft to send, built
//! with `mail-builder` (headers encoded and folded by it, never by hand). Nobody who has left,
//! no vacant post and no contact of a closed service gets one (the review does not flag
//! them), nor a contact without an address a message can go to.
//!
//! Every text is passed through the national-id guard first, as every export is.

use super::{ExportFile, view};
use crate::model::dates::format as format_date;
use crate::model::format::{check_email, display_phone};
use crate::model::*;
use crate::review::{self, FindingKind};
use chrono::{DateTime, NaiveDate, Utc};
use mail_builder::MessageBuilder;
use mail_builder::headers::address::Address;
use mail_builder::headers::raw::Raw;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The longest `mailto:` link handed to the mail program. Windows passes about 2 000
/// characters of a link on to Outlook; a longer body is cut (and says so).
pub const MAX_MAILTO: usize = 2000;

/// The longest value of one field in the message; a longer one is cut with «…».
const MAX_FIELD: usize = 300;

/// A request to one contact, ready to become a link or a draft.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub contact: ContactId,
    /// The contact's name, for the «To» header.
    pub name: String,
    /// The contact's e-mail address.
    pub to: String,
    pub subject: String,
    /// Plain text, lines separated by `\n`.
    pub body: String,
}

/// One line of register text: control characters (line breaks, ESC …) become spaces, runs
/// of spaces one, and a very long value is cut.
fn one_line(text: &str) -> String {
    let cleaned: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let line = words.join(" ");
    if line.chars().count() > MAX_FIELD {
        let cut: String = line.chars().take(MAX_FIELD - 1).collect();
        format!("{}…", cut.trim_end())
    } else {
        line
    }
}

/// Whether an address can stand alone in a «To» header and a `mailto:` link: a valid
/// address (see [`check_email`]) with none of the characters that separate or quote
/// addresses. An address with those would be read as several, or as something else.
pub fn usable_address(address: &str) -> Result<(), String> {
    let a = address.trim();
    check_email(a).map_err(str::to_owned)?;
    if let Some(c) = a.chars().find(|c| c.is_control() || ",;<>()[]\\\"".contains(*c)) {
        return Err(format!(
            "E-postadressen inneholder tegnet «{}», som ikke kan stå i en adresse",
            c.escape_default()
        ));
    }
    Ok(())
}

/// Why a contact gets no request, in Norwegian; `None` when they can get one.
pub fn why_not(c: &Contact) -> Option<String> {
    if !c.active {
        return Some("har sluttet".to_owned());
    }
    if c.vacant {
        return Some("stillingen står ledig".to_owned());
    }
    if c.email.is_empty() {
        return Some("har ingen e-postadresse i registeret".to_owned());
    }
    usable_address(&c.email.value).err().map(|e| format!("{}: {e}", one_line(&c.email.value)))
}

/// The request for one contact, or why there is none.
pub fn request(reg: &Register, id: &ContactId, sender: &str) -> Result<Request, String> {
    let reg = view(reg, false);
    let reg = reg.as_ref();
    let c = reg.contact(id).ok_or_else(|| format!("Kontakten «{id}» finnes ikke"))?;
    if let Some(why) = why_not(c) {
        return Err(format!("{} {why}", c.display_name()));
    }
    Ok(build(reg, c, sender))
}

fn build(reg: &Register, c: &Contact, sender: &str) -> Request {
    let register = one_line(&reg.name);
    let subject = if register.is_empty() {
        "Stemmer kontaktopplysningene dine? Svar med rettelser".to_owned()
    } else {
        format!("Stemmer kontaktopplysningene dine i {register}? Svar med rettelser")
    };
    let none = "ikke registrert".to_owned();
    let detail = |d: &ContactDetail, phone: bool| {
        if d.is_empty() {
            return none.clone();
        }
        let shown = if phone { display_phone(d.value.trim()) } else { d.value.trim().to_owned() };
        let mark = if d.internal { " (kun for samarbeidspartnere, gis ikke til innbyggere)" } else { "" };
        format!("{}{mark}", one_line(&shown))
    };
    let service = reg.service(&c.service).map_or_else(|| c.service.to_string(), |s| s.display_name());
    let deputy = match c.deputy.as_ref().and_then(|d| reg.contact(d)) {
        Some(d) if d.role.trim().is_empty() => one_line(d.display_name()),
        Some(d) => format!("{} ({})", one_line(d.display_name()), one_line(&d.role)),
        None => none.clone(),
    };
    let topics: Vec<String> = c.topics.iter().map(|t| one_line(t)).filter(|t| !t.is_empty()).collect();
    let or_none = |s: String| if s.is_empty() { none.clone() } else { s };
    let name = one_line(c.display_name());
    let mut body = Vec::new();
    body.push(format!("Hei {name},"));
    body.push(String::new());
    let owner = if register.is_empty() { "Kommunen".to_owned() } else { format!("Kommunen ({register})") };
    body.push(format!(
        "{owner} holder en oversikt over tjenestene for barn, unge og familier og hvem som er kontaktperson der, \
         så kolleger i andre tjenester finner riktig person raskt. Dette står om deg:"
    ));
    body.push(String::new());
    body.push(format!("Navn: {name}"));
    body.push(format!("Rolle: {}", or_none(one_line(&c.role))));
    body.push(format!("Tjeneste: {}", or_none(one_line(&service))));
    body.push(format!("Telefon: {}", detail(&c.phone, true)));
    body.push(format!("Mobil: {}", detail(&c.mobile, true)));
    body.push(format!("E-post: {}", detail(&c.email, false)));
    body.push(format!(
        "Kontakt for: {}",
        if topics.is_empty() { none.clone() } else { one_line(&topics.join(", ")) }
    ));
    body.push(format!("Stedfortreder: {deputy}"));
    body.push(format!("Sist bekreftet: {}", c.verified.map_or_else(|| "aldri".to_owned(), format_date)));
    body.push(String::new());
    body.push(
        "Stemmer dette? Svar på denne e-posten med det som skal rettes, eller med «Stemmer» om alt er riktig. \
         Har du byttet stilling eller sluttet, skriv gjerne hvem som har overtatt."
            .to_owned(),
    );
    body.push(String::new());
    body.push("Vennlig hilsen".to_owned());
    let sender = one_line(sender);
    body.push(if sender.is_empty() { owner } else { sender });
    Request {
        contact: c.id.clone(),
        name,
        to: c.email.value.trim().to_owned(),
        subject,
        body: body.join("\n"),
    }
}

/// RFC 6068: everything but the unreserved characters is percent-encoded.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
/// The address part keeps its «@».
const ADDRESS: &AsciiSet = &COMPONENT.remove(b'@');

/// The `mailto:` link for a request: subject and body percent-encoded, line breaks as CRLF
/// (RFC 6068 § 5). At most [`MAX_MAILTO`] characters: a longer body is cut at a line and
/// ends with a note that it was.
pub fn mailto(req: &Request) -> String {
    let link = |body: &str| {
        format!(
            "mailto:{}?subject={}&body={}",
            utf8_percent_encode(&req.to, ADDRESS),
            utf8_percent_encode(&req.subject, COMPONENT),
            utf8_percent_encode(&body.replace('\n', "\r\n"), COMPONENT),
        )
    };
    let whole = link(&req.body);
    if whole.len() <= MAX_MAILTO {
        return whole;
    }
    const CUT: &str = "\n[…] (resten fikk ikke plass i e-postlenken)";
    let mut chars: Vec<char> = req.body.chars().collect();
    loop {
        // Drop a tenth at a time (at least one character), then end at a whole line.
        let keep = chars.len() - (chars.len() / 10).max(1);
        chars.truncate(keep);
        let mut text: String = chars.iter().collect();
        if let Some(at) = text.rfind('\n') {
            text.truncate(at);
        }
        let candidate = link(&format!("{text}{CUT}"));
        if candidate.len() <= MAX_MAILTO || chars.is_empty() {
            return candidate;
        }
    }
}

/// The request as an `.eml` draft: To, Subject, a plain-text body and `X-Unsent: 1` (Outlook
/// opens it as a message to send). No From: the mail program fills in the user's account.
/// `stamp` is the Date header and part of the Message-ID, so the same input gives the same
/// file.
pub fn eml(req: &Request, stamp: DateTime<Utc>) -> Vec<u8> {
    let id = format!("bekreft.{}.{}@samkart", slugify(req.contact.as_str()), stamp.timestamp());
    MessageBuilder::new()
        .to(Address::new_address(Some(req.name.as_str()), req.to.as_str()))
        .subject(req.subject.as_str())
        .date(stamp.timestamp())
        .message_id(id.as_str())
        .header("X-Unsent", Raw::new("1"))
        .text_body(req.body.replace('\n', "\r\n"))
        .write_to_vec()
        .expect("writing to memory does not fail")
}

/// The drafts for every contact the review flags `contact_unverified` (with
/// `older_than_months`, not confirmed in that many months instead of the register's
/// setting), one file each («bekreft-kari-hov.eml»), and the flagged contacts that got none,
/// with the reason.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Drafts {
    pub files: Vec<ExportFile>,
    /// Name and reason, for contacts that are flagged but cannot be written to.
    pub skipped: Vec<(String, String)>,
}

pub fn drafts(
    reg: &Register,
    today: NaiveDate,
    older_than_months: Option<u32>,
    sender: &str,
    stamp: DateTime<Utc>,
) -> Drafts {
    let reg = view(reg, false);
    let reg = reg.as_ref();
    let mut settings = reg.settings.clone();
    if let Some(m) = older_than_months {
        settings.contact_max_age_months = m;
    }
    let mut out = Drafts::default();
    let mut taken = HashSet::new();
    // In name order (Norwegian), so the folder and the list read like a contact list.
    let mut flagged: Vec<&Contact> = review::review(reg, today, &settings)
        .into_iter()
        .filter(|f| f.kind == FindingKind::ContactUnverified)
        .filter_map(|f| reg.contact(&ContactId::new(f.subject.id.as_str())))
        .collect();
    flagged.sort_by_cached_key(|c| (sort_key(c.display_name()), c.id.to_string()));
    for c in flagged {
        if let Some(why) = why_not(c) {
            out.skipped.push((one_line(c.display_name()), why));
            continue;
        }
        let base = format!("bekreft-{}", slugify(c.id.as_str()));
        let mut name = format!("{base}.eml");
        let mut n = 2;
        while !taken.insert(name.clone()) {
            name = format!("{base}-{n}.eml");
            n += 1;
        }
        out.files.push(ExportFile { name, bytes: eml(&build(reg, c, sender), stamp) });
    }
    out
}

/// Writes the drafts into `dir` (made if missing), each through a temporary file renamed
/// into place: a file or link already there under that name is replaced, never written
/// through. Returns the paths written; on failure, a Norwegian message saying what to do.
pub fn write_drafts(dir: &Path, files: &[ExportFile]) -> Result<Vec<PathBuf>, String> {
    match std::fs::metadata(dir) {
        Ok(m) if !m.is_dir() => {
            return Err(format!(
                "{} er ikke en mappe. Oppgi en mappe for utkastene (den lages om den ikke finnes).",
                dir.display()
            ));
        }
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => std::fs::create_dir_all(dir)
            .map_err(|e| format!("Kunne ikke lage mappen {}: {e}", dir.display()))?,
        Err(e) => return Err(format!("Kan ikke bruke mappen {}: {e}", dir.display())),
    }
    let mut written = Vec::new();
    for f in files {
        let dest = dir.join(&f.name);
        let fail = |e: std::io::Error| {
            let hint = if e.kind() == std::io::ErrorKind::PermissionDenied {
                " Mappen er skrivebeskyttet: velg en annen mappe."
            } else {
                ""
            };
            format!("Kunne ikke skrive {}: {e}.{hint}", dest.display())
        };
        let mut tmp =
            tempfile::Builder::new().prefix(".bekreft-").suffix(".tmp").tempfile_in(dir).map_err(fail)?;
        std::io::Write::write_all(tmp.as_file_mut(), &f.bytes).map_err(fail)?;
        tmp.persist(&dest).map_err(|e| fail(e.error))?;
        written.push(dest);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_of_register_text_has_no_control_characters_and_a_limit() {
        assert_eq!(one_line("Kari\r\nBcc: x@y.no\u{1b}[31m"), "Kari Bcc: x@y.no [31m");
        let long = one_line(&"ø".repeat(1000));
        assert_eq!(long.chars().count(), MAX_FIELD);
        assert!(long.ends_with('…'));
    }

    #[test]
    fn addresses_that_would_split_or_quote_are_not_usable() {
        assert!(usable_address("kari.hov@nav.no").is_ok());
        for bad in ["kari,ola@nav.no", "kari@nav.no;ola@x.no", "<kari@nav.no>", "kari hov@nav.no", "kari"] {
            assert!(usable_address(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_long_body_is_cut_to_fit_a_link() {
        let req = Request {
            contact: ContactId::new("k"),
            name: "K".into(),
            to: "k@x.no".into(),
            subject: "Emne".into(),
            body: "Linje med æøå\n".repeat(400),
        };
        let link = mailto(&req);
        assert!(link.len() <= MAX_MAILTO, "{}", link.len());
        assert!(link.ends_with(
            &utf8_percent_encode("(resten fikk ikke plass i e-postlenken)", COMPONENT).to_string()
        ));
        assert!(!link.contains('\n') && !link.contains(' '));
    }
}
