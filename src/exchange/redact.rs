//! The national-id guard for exports. The register must never hold a national identity number
//! (fødselsnummer or D-nummer), and new ones are refused on entry, but an old or hand-edited
//! file may still carry one (`samkart validate` flags it). No export — public or not, any
//! format — lets such a number leave: every text of the register is searched before the
//! export is built, and each number found is replaced by [`REPLACEMENT`].
//!
//! The search reads each record as serialised, so every text field of every record is covered,
//! including fields added later, the register's name and revision notes. A clean register
//! (the normal case) is searched in one pass and not copied.

use crate::model::Register;
use crate::model::format::national_id_span;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::borrow::Cow;

/// What an export shows where a national identity number stood.
pub const REPLACEMENT: &str = "[fødselsnummer fjernet]";

/// Replaces every national identity number in `text`; `None` when there is none.
pub fn redact_text(text: &str) -> Option<String> {
    let (mut start, mut end) = national_id_span(text)?;
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        out.push_str(&rest[..start]);
        out.push_str(REPLACEMENT);
        rest = &rest[end..];
        match national_id_span(rest) {
            Some((s, e)) => (start, end) = (s, e),
            None => break,
        }
    }
    out.push_str(rest);
    Some(out)
}

/// Redacts every string in `value`; returns how many texts changed.
fn walk(value: &mut Value) -> usize {
    match value {
        Value::String(s) => match redact_text(s) {
            Some(clean) => {
                *s = clean;
                1
            }
            None => 0,
        },
        Value::Array(items) => items.iter_mut().map(walk).sum(),
        Value::Object(map) => map.values_mut().map(walk).sum(),
        _ => 0,
    }
}

/// Whether a record may hold a national identity number in a text. Its JSON text is searched
/// as one string: JSON puts quotes and punctuation between fields, so no number is made of
/// two fields, and the register has no numeric field of eleven digits. A control character
/// is written as `\u00XX`, whose hex digits could hide a number that follows it, so a record
/// with one is always searched text by text.
fn holds<T: Serialize>(record: &T) -> bool {
    serde_json::to_string(record)
        .map(|json| json.contains("\\u00") || national_id_span(&json).is_some())
        .unwrap_or(true)
}

/// Redacts one record in place; returns how many of its texts held a number.
fn redact_record<T: Serialize + DeserializeOwned>(record: &mut T) -> usize {
    let Ok(mut value) = serde_json::to_value(&*record) else { return 0 };
    let changed = walk(&mut value);
    if changed > 0 {
        match serde_json::from_value(value) {
            Ok(clean) => *record = clean,
            // Replacing digits inside a string never changes the shape; if it ever did, the
            // record is left out rather than exported with the number.
            Err(_) => return usize::MAX,
        }
    }
    changed
}

/// Redacts the records of one list that hold a number; drops any that cannot be redacted.
fn redact_list<T: Serialize + DeserializeOwned>(list: &mut Vec<T>) -> usize {
    let mut found = 0;
    let mut keep = Vec::with_capacity(list.len());
    for mut item in list.drain(..) {
        if holds(&item) {
            match redact_record(&mut item) {
                usize::MAX => {
                    found += 1;
                    continue;
                }
                n => found += n,
            }
        }
        keep.push(item);
    }
    *list = keep;
    found
}

/// Whether any text of the register holds a number: one pass over the records, without
/// copying the register.
fn any(reg: &Register) -> bool {
    national_id_span(&reg.name).is_some()
        || reg.municipalities.iter().any(holds)
        || reg.services.iter().any(holds)
        || reg.contacts.iter().any(holds)
        || reg.agreements.iter().any(holds)
        || reg.routines.iter().any(holds)
        || reg.forums.iter().any(holds)
        || reg.offerings.iter().any(holds)
        || reg.expectations.iter().any(holds)
}

/// The register with every national identity number replaced, and how many texts held one.
/// Borrowed (and not copied) when there is none, which is the normal case.
pub fn redact(reg: &Register) -> (Cow<'_, Register>, usize) {
    if !any(reg) {
        return (Cow::Borrowed(reg), 0);
    }
    let mut clean = reg.clone();
    let mut found = 0;
    if let Some(name) = redact_text(&clean.name) {
        clean.name = name;
        found += 1;
    }
    found += redact_list(&mut clean.municipalities)
        + redact_list(&mut clean.services)
        + redact_list(&mut clean.contacts)
        + redact_list(&mut clean.agreements)
        + redact_list(&mut clean.routines)
        + redact_list(&mut clean.forums)
        + redact_list(&mut clean.offerings)
        + redact_list(&mut clean.expectations);
    (Cow::Owned(clean), found)
}

/// How many texts of the register hold a national identity number (0 for a clean register).
pub fn count(reg: &Register) -> usize {
    redact(reg).1
}

/// The warning the CLI and the window show when an export had numbers taken out.
pub fn warning(found: usize) -> String {
    let texts = if found == 1 { "én tekst".to_owned() } else { format!("{found} tekster") };
    format!(
        "Registeret har {texts} med noe som ser ut som et fødselsnummer. Det er byttet ut med \
         «{REPLACEMENT}» i eksporten. Finn og fjern det i registeret (samkart validate viser hvor)."
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Contact, OwnerKind, Revision, Sector, Service};

    const VALID: &str = "15076500565";

    #[test]
    fn numbers_are_replaced_wherever_they_stand_and_the_rest_is_kept() {
        assert_eq!(redact_text("ingen her 95012345"), None);
        assert_eq!(
            redact_text(&format!("{VALID} og 150765 00565.")).unwrap(),
            format!("{REPLACEMENT} og {REPLACEMENT}.")
        );

        let mut reg = Register::new(&format!("Kommune {VALID}"));
        reg.services.push(Service::new("nav", "NAV", Sector::Nav, OwnerKind::State));
        let mut c = Contact::new("kari", "Kari", "Veileder", "nav");
        c.topics = vec!["ungdom".into(), format!("sak {VALID}")];
        reg.contacts.push(c);
        let mut a = crate::model::Agreement::new("a", "Avtale", vec!["nav".into()]);
        a.revisions.push(Revision {
            date: chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            by: "Kari".into(),
            note: VALID.into(),
        });
        reg.agreements.push(a);
        assert_eq!(count(&reg), 3);
        let (clean, n) = redact(&reg);
        assert_eq!(n, 3);
        assert!(matches!(clean, Cow::Owned(_)));
        let mut expected = reg.clone();
        expected.name = format!("Kommune {REPLACEMENT}");
        expected.contacts[0].topics[1] = format!("sak {REPLACEMENT}");
        expected.agreements[0].revisions[0].note = REPLACEMENT.into();
        assert_eq!(*clean, expected);

        let (same, n) = redact(&expected);
        assert_eq!(n, 0);
        assert!(matches!(same, Cow::Borrowed(_)));

        // A control character before the number: in JSON it is «\u0001», whose digits run
        // into the number's.
        let mut hidden = expected.clone();
        hidden.contacts[0].note = format!("\u{1}{VALID}");
        let (clean, n) = redact(&hidden);
        assert_eq!(n, 1);
        assert_eq!(clean.contacts[0].note, format!("\u{1}{REPLACEMENT}"));
        assert!(warning(2).contains("2 tekster") && !warning(2).contains(VALID));
    }
}
