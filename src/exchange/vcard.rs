//! Contacts as vCard 3.0, the version Outlook reads: name, organisation (the service),
//! title (the role), phones with +47, e-mail, and what the person is the contact for.
//!
//! Written by hand: the format is small, and the escaping and line folding below are what
//! RFC 2426 asks for. Only active contacts are exported: an address book is for calling.
//!
//! In the internal edition, a detail marked «kun for samarbeidspartnere» is written with a
//! NOTE that says so (Outlook shows the note on the contact card; vCard 3.0 has no label on a
//! number that Outlook keeps). [`export_vcard_files`] writes one file per contact, for classic
//! Outlook, which imports only the first card of a file with several.

use super::{ExportFile, view};
use crate::model::format::export_phone;
use crate::model::*;
use chrono::NaiveDate;
use std::collections::HashSet;

/// Escapes a text value (RFC 2426 §4: backslash, comma, semicolon, newline). CR, alone or in
/// CRLF, is a newline too; other control characters are dropped, so no text can end the line.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets, never inside a UTF-8 character, with CRLF endings. A
/// fold never lands next to a space or tab of the text: some readers trim whitespace at the
/// end of a physical line or after the fold, which would turn «+47 44» into «+4744».
fn push_line(out: &mut String, line: &str) {
    let mut segment = String::new();
    // The first line holds 75 octets; a continuation holds 74 after its leading space.
    let mut limit = 75;
    for c in line.chars() {
        if segment.len() + c.len_utf8() > limit {
            // The last place between two characters that are not whitespace.
            let mut after = c;
            let mut at = segment.len();
            for (i, ch) in segment.char_indices().rev() {
                if !ch.is_whitespace() && !after.is_whitespace() {
                    break;
                }
                after = ch;
                at = i;
            }
            // (Text that is nearly all whitespace is folded where it is.)
            let carry =
                if at > 0 && segment.len() - at <= 40 { segment.split_off(at) } else { String::new() };
            out.push_str(&segment);
            out.push_str("\r\n ");
            segment = carry;
            limit = 74;
        }
        segment.push(c);
    }
    out.push_str(&segment);
    out.push_str("\r\n");
}

/// What the note says about a detail only partners may use.
pub const INTERNAL_NOTE: &str = "Kun for samarbeidspartnere, ikke gi videre til innbyggere";

/// The contacts that get a card: active, with a name or a way to reach them.
fn carded(reg: &Register) -> impl Iterator<Item = &Contact> {
    reg.contacts.iter().filter(|c| {
        let reachable = [&c.phone, &c.mobile, &c.email].iter().any(|d| !d.is_empty());
        c.active && (!c.name.trim().is_empty() || reachable)
    })
}

/// One card.
fn card(out: &mut String, reg: &Register, c: &Contact) {
    let service = reg.service(&c.service);
    let full = if c.name.trim().is_empty() { format!("{} (ledig stilling)", c.role) } else { c.name.clone() };
    let (given, family) = match c.name.trim().rsplit_once(' ') {
        Some((g, f)) => (g.to_owned(), f.to_owned()),
        None => (String::new(), c.name.trim().to_owned()),
    };
    push_line(out, "BEGIN:VCARD");
    push_line(out, "VERSION:3.0");
    push_line(out, &format!("UID:{}", esc(&format!("contact-{}@samkart", c.id))));
    push_line(out, &format!("N:{};{};;;", esc(&family), esc(&given)));
    push_line(out, &format!("FN:{}", esc(&full)));
    if let Some(s) = service {
        push_line(out, &format!("ORG:{}", esc(&s.name)));
    }
    if !c.role.is_empty() {
        push_line(out, &format!("TITLE:{}", esc(&c.role)));
    }
    let mut internal = Vec::new();
    for (d, typ, what) in [(&c.phone, "WORK,VOICE", "telefon"), (&c.mobile, "CELL,VOICE", "mobil")] {
        if !d.is_empty() {
            let number = export_phone(&d.value);
            push_line(out, &format!("TEL;TYPE={typ}:{}", esc(&number)));
            if d.internal {
                internal.push(format!("{what} {number}"));
            }
        }
    }
    if !c.email.is_empty() {
        push_line(out, &format!("EMAIL;TYPE=INTERNET,WORK:{}", esc(c.email.value.trim())));
        if c.email.internal {
            internal.push(format!("e-post {}", c.email.value.trim()));
        }
    }
    // Outlook keeps one note: what the person is the contact for, and which details are
    // only for partners.
    let mut note = Vec::new();
    if !internal.is_empty() {
        note.push(format!("{INTERNAL_NOTE}: {}.", internal.join(", ")));
    }
    if !c.topics.is_empty() {
        note.push(format!("Kontakt for: {}", c.topics.join(", ")));
    }
    if !note.is_empty() {
        push_line(out, &format!("NOTE:{}", esc(&note.join("\n"))));
    }
    push_line(out, "END:VCARD");
}

/// One card per active contact that has a name or a way to reach them, in one file.
pub fn export_vcard(reg: &Register, _today: NaiveDate, public: bool) -> String {
    let reg = view(reg, public);
    let reg = reg.as_ref();
    let mut out = String::new();
    for c in carded(reg) {
        card(&mut out, reg, c);
    }
    out
}

/// The same cards, one file each, named after the contact's id («kari-hov.vcf»).
pub fn export_vcard_files(reg: &Register, _today: NaiveDate, public: bool) -> Vec<ExportFile> {
    let reg = view(reg, public);
    let reg = reg.as_ref();
    let mut taken = HashSet::new();
    carded(reg)
        .map(|c| {
            // Ids are slugs already; a hand-edited one («../x») is made safe for a file name.
            let base = slugify(c.id.as_str());
            let mut name = format!("{base}.vcf");
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("{base}-{n}.vcf");
                n += 1;
            }
            let mut text = String::new();
            card(&mut text, reg, c);
            ExportFile { name, bytes: text.into_bytes() }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_between_characters() {
        let mut out = String::new();
        let line = format!("NOTE:{}", "ø".repeat(60));
        push_line(&mut out, &line);
        for part in out.split("\r\n").filter(|p| !p.is_empty()) {
            assert!(part.len() <= 75, "{part:?}");
        }
        assert_eq!(out.replace("\r\n ", ""), format!("{line}\r\n"));
        // A fold never lands before a space.
        for pad in 0..80 {
            let line = format!("NOTE:{} +47 44 67 31 42 og  to  mellomrom", "x".repeat(pad));
            let mut out = String::new();
            push_line(&mut out, &line);
            assert!(out.split("\r\n").all(|p| p.len() <= 75), "{out:?}");
            assert!(!out.contains("\r\n  ") && !out.contains(" \r\n"), "{out:?}");
            assert_eq!(out.replace("\r\n ", ""), format!("{line}\r\n"));
        }
        assert_eq!(esc("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(esc("a\r\nEND:VCARD\rb\u{1b}[0m"), "a\\nEND:VCARD\\nb[0m");
    }
}
