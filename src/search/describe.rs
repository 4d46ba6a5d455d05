//! A hit in words, as Søk lists it and `samkart search` prints it: kind, id, title, the
//! service it belongs to, a phone number, and why it matched.

use super::{Hit, Results};
use crate::model::format::display_phone;
use crate::model::{Labelled, RecordKind, Register};
use serde::Serialize;

/// One hit described.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HitText {
    /// The kind of record, as in the file: `service`, `contact`, `offering` …
    pub kind: &'static str,
    pub id: String,
    /// What Søk shows in bold: the name (with the role for a contact).
    pub title: String,
    /// The service the record belongs to (a contact's, an offering's provider).
    pub service: String,
    pub phone: String,
    /// Why it matched, when not by the words as typed («helsesøster › helsesykepleier»).
    pub why: String,
    /// Søk's short description on the right.
    #[serde(skip)]
    pub detail: String,
}

impl HitText {
    pub fn new(reg: &Register, hit: Hit, results: &Results) -> Self {
        let service_name =
            |id: &crate::model::ServiceId| reg.service(id).map(|s| s.name.clone()).unwrap_or_default();
        let (title, service, phone, detail) = match hit.kind {
            RecordKind::Contact => {
                let c = &reg.contacts[hit.pos];
                let mut title = format!("{} — {}", c.display_name(), c.role);
                if !c.active {
                    title.push_str(" (sluttet)");
                }
                let (service, phone) = (service_name(&c.service), display_phone(&c.phone.value));
                let detail = joined(&[&service, &phone]);
                (title, service, phone, detail)
            }
            RecordKind::Service => {
                let s = &reg.services[hit.pos];
                (
                    s.display_name(),
                    String::new(),
                    display_phone(&s.phone),
                    format!("Tjeneste · {}", s.sector.label()),
                )
            }
            RecordKind::Offering => {
                let o = &reg.offerings[hit.pos];
                let service = service_name(&o.provider);
                let detail = format!("Tilbud · {service}");
                (o.name.clone(), service, String::new(), detail)
            }
            RecordKind::Agreement => {
                let a = &reg.agreements[hit.pos];
                (a.title.clone(), String::new(), String::new(), format!("Avtale · {}", a.status.label()))
            }
            RecordKind::Routine => {
                let r = &reg.routines[hit.pos];
                (
                    r.title.clone(),
                    String::new(),
                    String::new(),
                    format!("Rutine · {}", r.formalisation.label()),
                )
            }
            RecordKind::Forum => {
                (reg.forums[hit.pos].name.clone(), String::new(), String::new(), "Forum".to_owned())
            }
            RecordKind::Expectation => {
                let e = &reg.expectations[hit.pos];
                (e.id.to_string(), String::new(), String::new(), "Forventet samarbeid".to_owned())
            }
        };
        let why = results.why(&hit).to_owned();
        let detail = joined(&[&why, &detail]);
        Self { kind: hit.kind.key(), id: hit.id(reg).to_owned(), title, service, phone, why, detail }
    }
}

/// The non-empty parts joined with « · », so nothing dangles when a part is missing (a
/// contact with no phone is «NAV Midtdalen», not «NAV Midtdalen · »).
pub fn joined(parts: &[&str]) -> String {
    parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" · ")
}

/// The hits as a JSON list, best first.
pub fn hits_json(reg: &Register, results: &Results) -> String {
    let rows: Vec<HitText> = results.hits.iter().map(|h| HitText::new(reg, *h, results)).collect();
    serde_json::to_string_pretty(&rows).expect("hits serialize")
}

/// A table cell for the terminal: register text written as every command writes it
/// ([`crate::messages::printable`]: control characters and direction marks as visible
/// escapes), cut at 120 characters so one long text cannot push the columns off the screen.
fn cell(text: &str) -> String {
    const MAX: usize = 120;
    let text = crate::messages::printable(text);
    match text.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.into_owned(),
    }
}

/// The hits as an aligned table, best first, with a line saying how many matched.
pub fn hits_table(reg: &Register, results: &Results, query: &str) -> String {
    use std::fmt::Write as _;
    let header = ["TYPE", "ID", "TITTEL", "TJENESTE", "TELEFON", "HVORFOR"];
    let rows: Vec<[String; 6]> = results
        .hits
        .iter()
        .map(|h| {
            let t = HitText::new(reg, *h, results);
            [h.kind.label().to_owned(), t.id, t.title, t.service, t.phone, t.why].map(|c| cell(&c))
        })
        .collect();
    if rows.is_empty() {
        return format!("Ingen treff på «{}».\n", cell(query.trim()));
    }
    let mut text = crate::messages::aligned_table(header, &rows);
    let n = rows.len();
    let _ = match results.total {
        t if t > n => writeln!(text, "\n{t} treff, de {n} beste vises"),
        1 => writeln!(text, "\n1 treff"),
        t => writeln!(text, "\n{t} treff"),
    };
    text
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn a_cell_shows_control_and_bidi_characters_as_escapes_and_is_cut_when_long() {
        for (text, shown) in [
            ("a\x1b[31mrød\x1b[0m", r"a\u{1b}[31mrød\u{1b}[0m"),
            ("linje1\r\nlinje2", r"linje1\r\nlinje2"),
            ("abc\u{202E}fed", r"abc\u{202e}fed"),
            ("\u{9b}2J", r"\u{9b}2J"),
        ] {
            assert_eq!(cell(text), shown, "{text:?}");
        }
        assert_eq!(cell(&"x".repeat(500)).chars().count(), 121);
        assert_eq!(cell(&"ø".repeat(120)), "ø".repeat(120), "120 characters are not cut");
    }
}
