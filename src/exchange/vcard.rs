//! Contacts as vCard 3.0, the version Outlook reads: name, organisation (the service),
//! title (the role), phones with +47, e-mail, and what the person is the contact for.
//!
//! Written by hand: the format is small, and the escaping and line folding below are what
//! RFC 2426 asks for. Only active contacts are exported: an address book is for calling.

use super::view;
use crate::model::format::international_phone;
use crate::model::*;
use chrono::NaiveDate;

/// Escapes a text value (RFC 2426 §4: backslash, comma, semicolon, newline).
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets, never inside a UTF-8 character, with CRLF endings.
fn push_line(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

/// "+47 95 01 23 45" (a short number as "116 111") for a valid number, else the text as
/// written.
fn tel(value: &str) -> String {
    international_phone(value).unwrap_or_else(|| value.to_owned())
}

/// One card per active contact that has a name or a way to reach them.
pub fn export_vcard(reg: &Register, _today: NaiveDate, public: bool) -> String {
    let reg = view(reg, public);
    let reg = reg.as_ref();
    let mut out = String::new();
    for c in reg.contacts.iter().filter(|c| c.active) {
        let reachable = [&c.phone, &c.mobile, &c.email].iter().any(|d| !d.is_empty());
        if c.name.trim().is_empty() && !reachable {
            continue;
        }
        let service = reg.service(&c.service);
        let full =
            if c.name.trim().is_empty() { format!("{} (ledig stilling)", c.role) } else { c.name.clone() };
        let (given, family) = match c.name.trim().rsplit_once(' ') {
            Some((g, f)) => (g.to_owned(), f.to_owned()),
            None => (String::new(), c.name.trim().to_owned()),
        };
        push_line(&mut out, "BEGIN:VCARD");
        push_line(&mut out, "VERSION:3.0");
        push_line(&mut out, &format!("UID:contact-{}@samkart", c.id));
        push_line(&mut out, &format!("N:{};{};;;", esc(&family), esc(&given)));
        push_line(&mut out, &format!("FN:{}", esc(&full)));
        if let Some(s) = service {
            push_line(&mut out, &format!("ORG:{}", esc(&s.name)));
        }
        if !c.role.is_empty() {
            push_line(&mut out, &format!("TITLE:{}", esc(&c.role)));
        }
        if !c.phone.is_empty() {
            push_line(&mut out, &format!("TEL;TYPE=WORK,VOICE:{}", esc(&tel(&c.phone.value))));
        }
        if !c.mobile.is_empty() {
            push_line(&mut out, &format!("TEL;TYPE=CELL,VOICE:{}", esc(&tel(&c.mobile.value))));
        }
        if !c.email.is_empty() {
            push_line(&mut out, &format!("EMAIL;TYPE=INTERNET,WORK:{}", esc(c.email.value.trim())));
        }
        if !c.topics.is_empty() {
            push_line(&mut out, &format!("NOTE:{}", esc(&format!("Kontakt for: {}", c.topics.join(", ")))));
        }
        push_line(&mut out, "END:VCARD");
    }
    out
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
        assert_eq!(esc("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
