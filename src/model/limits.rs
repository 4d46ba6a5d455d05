//! How long a text in the register may be, and which characters it may hold.
//!
//! A name is not 520 MB: every field has a maximum, so that nothing Samkart writes (by hand,
//! by import, by a merge) makes a register it then refuses to open. Control characters
//! (an escape sequence pasted with a name) have no place in a text either; only the long
//! texts that run over several lines (notes, descriptions) may hold line breaks and tabs.
//!
//! [`check_text`] judges one value and is what the import and the forms call;
//! [`problems_in`] walks a whole record for [`super::validate`]; the edit guard
//! ([`crate::edit::Edit::check`]) refuses an edit that breaks a maximum.

use serde_json::Value;

/// Most texts: names, titles, roles, phone numbers, e-mail addresses, ids, list items.
pub const MAX_SHORT_CHARS: usize = 500;
/// Web addresses and links to documents.
pub const MAX_LINK_CHARS: usize = 2_000;
/// Texts that may run over several lines: descriptions, notes, purposes, mandates.
pub const MAX_LONG_CHARS: usize = 10_000;

/// Whether a field (serde name) holds a long text that may run over several lines.
pub fn is_long_text(field: &str) -> bool {
    matches!(
        field,
        "description"
            | "note"
            | "purpose"
            | "mandate"
            | "how_to_join"
            | "participants"
            | "basis"
            | "legal_basis"
            | "revisions"
    )
}

/// The most characters a value of `field` (serde name, e.g. "name", "note") may have.
pub fn max_chars(field: &str) -> usize {
    match field {
        f if is_long_text(f) => MAX_LONG_CHARS,
        "web" | "document" => MAX_LINK_CHARS,
        _ => MAX_SHORT_CHARS,
    }
}

/// What is wrong with one text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TextProblem {
    #[error("Teksten er for lang: {chars} tegn, høyst {max} er lov her. Kort den ned.")]
    TooLong { chars: usize, max: usize },
    #[error(
        "Teksten inneholder et kontrolltegn ({}), som ikke hører hjemme i en tekst (det kan endre skjermen teksten vises på). Fjern det.",
        code(*.0)
    )]
    Control(char),
}

fn code(c: char) -> String {
    match c {
        '\n' => "linjeskift".to_owned(),
        '\t' => "tabulator".to_owned(),
        '\r' => "vognretur".to_owned(),
        c => format!("U+{:04X}", c as u32),
    }
}

/// Judges one value of `field`: its length and its characters. The import calls this for
/// each cell it maps to a field, the edit guard for each text of an edit.
pub fn check_text(field: &str, value: &str) -> Result<(), TextProblem> {
    check_length(field, value)?;
    check_characters(field, value)
}

/// Only the length of one value of `field`.
pub fn check_length(field: &str, value: &str) -> Result<(), TextProblem> {
    let max = max_chars(field);
    // Bytes bound characters from above: most texts are decided without counting.
    if value.len() > max {
        let chars = value.chars().count();
        if chars > max {
            return Err(TextProblem::TooLong { chars, max });
        }
    }
    Ok(())
}

/// Only the characters of one value of `field`: no control characters, except line breaks
/// and tabs in long texts (a Windows line break, `\r\n`, counts as one).
pub fn check_characters(field: &str, value: &str) -> Result<(), TextProblem> {
    let long = is_long_text(field);
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        let allowed = long && (c == '\n' || c == '\t' || (c == '\r' && chars.peek() == Some(&'\n')));
        if c.is_control() && !allowed {
            return Err(TextProblem::Control(c));
        }
    }
    Ok(())
}

/// Every text problem in a record (as a serde value), each with the record's top-level
/// field it is in. A text nested in a field (a contact detail's value, a revision's note)
/// is judged as that field.
pub fn problems_in(record: &Value) -> Vec<(String, TextProblem)> {
    fn walk(field: &str, v: &Value, out: &mut Vec<(String, TextProblem)>) {
        match v {
            Value::String(s) => {
                if let Err(p) = check_text(field, s) {
                    out.push((field.to_owned(), p));
                }
            }
            Value::Array(items) => items.iter().for_each(|i| walk(field, i, out)),
            Value::Object(map) => map.values().for_each(|i| walk(field, i, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    match record {
        Value::Object(map) => map.iter().for_each(|(k, v)| walk(k, v, &mut out)),
        other => walk("", other, &mut out),
    }
    // One problem per field is enough to find it.
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_texts_have_their_own_maximum() {
        assert_eq!(check_text("name", &"a".repeat(MAX_SHORT_CHARS)), Ok(()));
        assert_eq!(
            check_text("name", &"æ".repeat(MAX_SHORT_CHARS + 1)),
            Err(TextProblem::TooLong { chars: MAX_SHORT_CHARS + 1, max: MAX_SHORT_CHARS })
        );
        assert_eq!(check_text("name", &"æ".repeat(MAX_SHORT_CHARS)), Ok(()), "characters, not bytes");
        assert_eq!(check_text("note", &"a".repeat(MAX_LONG_CHARS)), Ok(()));
        assert!(check_text("note", &"a".repeat(MAX_LONG_CHARS + 1)).is_err());
        assert_eq!(check_text("web", &"a".repeat(MAX_LINK_CHARS)), Ok(()));
    }

    #[test]
    fn control_characters_are_refused_but_notes_keep_their_lines() {
        assert_eq!(check_text("name", "Kari\u{1b}[2J"), Err(TextProblem::Control('\u{1b}')));
        assert_eq!(check_text("name", "Kari\nNordmann"), Err(TextProblem::Control('\n')));
        assert_eq!(check_text("note", "Linje 1\nLinje 2\r\n\tinnrykk"), Ok(()));
        assert_eq!(check_text("note", "a\rb"), Err(TextProblem::Control('\r')));
        assert_eq!(check_text("note", "a\u{7}b"), Err(TextProblem::Control('\u{7}')));
        assert!(TextProblem::Control('\u{1b}').to_string().contains("U+001B"));
    }

    #[test]
    fn nested_texts_are_judged_as_their_field() {
        let v = serde_json::json!({
            "name": "Kari",
            "phone": { "value": "1\u{1b}2", "internal": true },
            "revisions": [{ "by": "Ola", "note": "lang\nmerknad" }],
            "topics": ["ok", "x".repeat(600)],
        });
        let found: Vec<String> = problems_in(&v).into_iter().map(|(f, _)| f).collect();
        assert_eq!(found, ["phone", "topics"]);
    }
}
