//! The privacy guard. The register is about services, never about the people who receive
//! them, so a national identity number (fødselsnummer or D-nummer) must never be stored.
//! Every text in a record is checked — names, notes, topics, revision notes — because a
//! number pasted into the wrong field is exactly the mistake this guards against.
//!
//! The number found is never repeated in a message: messages may be logged.

use super::format::find_national_id;
use serde::de::{self, DeserializeOwned, Visitor};
use serde::{Deserializer, Serialize};
use serde_json::Value;

/// A record holds what looks like a national identity number.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "Feltet «{label}» inneholder noe som ser ut som et fødselsnummer (11 sifre med gyldige kontrollsifre). \
     Samkart er et register over tjenester og kontaktpersoner, ikke over personer som får hjelp, \
     så fødselsnumre skal aldri lagres her. Fjern nummeret og prøv igjen."
)]
pub struct PrivacyError {
    /// The field (serde name, e.g. "note").
    pub field: String,
    /// The field's Norwegian name.
    pub label: String,
}

/// Refuses a record (or any serialisable value) with a national identity number in any of
/// its texts. Used before an edit is applied and by import.
pub fn check_record_privacy<T: Serialize + ?Sized>(record: &T) -> Result<(), PrivacyError> {
    match national_id_field(record) {
        Some(field) => Err(PrivacyError { label: field_label(&field), field }),
        None => Ok(()),
    }
}

/// As [`check_record_privacy`], for a record already turned into a serde value.
pub fn check_value_privacy(value: Value) -> Result<(), PrivacyError> {
    match national_id_in_value(value) {
        Some(field) => Err(PrivacyError { label: field_label(&field), field }),
        None => Ok(()),
    }
}

/// The top-level field of `record` that holds a national identity number, if any. A
/// one-variant wrapper such as `Record::Contact(..)` is looked through.
pub fn national_id_field<T: Serialize + ?Sized>(record: &T) -> Option<String> {
    national_id_in_value(serde_json::to_value(record).ok()?)
}

/// As [`national_id_field`], for a record already turned into a serde value.
pub(crate) fn national_id_in_value(mut value: Value) -> Option<String> {
    if let Value::Object(map) = &mut value
        && map.len() == 1
        && map.keys().all(|k| k.starts_with(|c: char| c.is_ascii_uppercase()))
        && let Some(inner @ Value::Object(_)) = map.values_mut().next()
    {
        value = inner.take();
    }
    match &value {
        Value::Object(map) => map.iter().find(|(_, v)| holds_national_id(v)).map(|(k, _)| k.clone()),
        other => holds_national_id(other).then(String::new),
    }
}

fn holds_national_id(v: &Value) -> bool {
    match v {
        Value::String(s) => find_national_id(s).is_some(),
        Value::Array(items) => items.iter().any(holds_national_id),
        Value::Object(map) => map.values().any(holds_national_id),
        _ => false,
    }
}

/// The field `name` of the struct `T` as the `&'static str` the type declares (for
/// [`super::validate::Problem`]).
pub(crate) fn static_field<T: DeserializeOwned>(name: &str) -> &'static str {
    struct_fields::<T>().iter().copied().find(|f| *f == name).unwrap_or("text")
}

/// The field names a struct type declares to serde, found by asking its `Deserialize`
/// implementation (it passes them to `deserialize_struct`).
fn struct_fields<T: DeserializeOwned>() -> &'static [&'static str] {
    struct Probe<'a>(&'a mut &'static [&'static str]);
    impl<'de> Deserializer<'de> for Probe<'_> {
        type Error = de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("only structs are probed"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            fields: &'static [&'static str],
            _visitor: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(de::Error::custom("probe"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
            ignored_any
        }
    }
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(Probe(&mut fields));
    fields
}

/// The Norwegian name of a record field (serde name), for messages and conflict dialogs.
/// Unknown names are returned as they are.
pub fn field_label(field: &str) -> String {
    let label = match field {
        "id" => "Id",
        "name" => "Navn",
        "title" => "Tittel",
        "abbreviation" => "Forkortelse",
        "sector" => "Sektor",
        "owner_kind" => "Eierform",
        "municipalities" => "Kommuner",
        "target_age" | "age" => "Alder",
        "prevention_levels" | "prevention_level" => "Forebyggingsnivå",
        "access" => "Tilgang",
        "description" => "Beskrivelse",
        "opening_hours" => "Åpningstider",
        "phone" => "Telefon",
        "mobile" => "Mobil",
        "email" => "E-post",
        "web" => "Nettside",
        "address" => "Adresse",
        "org_number" => "Organisasjonsnummer",
        "active" => "Aktiv",
        "role" => "Rolle",
        "service" => "Tjeneste",
        "topics" => "Kontakt for",
        "deputy" => "Stedfortreder",
        "replaces" => "Erstatter",
        "since" => "Tiltrådt",
        "verified" => "Sist bekreftet",
        "vacant" => "Ledig stilling",
        "note" => "Merknad",
        "parties" => "Parter",
        "party_sectors" => "Parter (sektorer)",
        "purpose" => "Formål",
        "level" => "Nivå",
        "status" => "Status",
        "entered" => "Inngått",
        "revision_interval_months" => "Revisjonsintervall (måneder)",
        "next_due" => "Neste revisjon",
        "owner" => "Ansvarlig",
        "document" => "Dokument",
        "legal_basis" => "Lovgrunnlag",
        "revisions" => "Revisjoner",
        "kind" => "Type",
        "services" => "Tjenester",
        "sectors" => "Sektorer",
        "formalisation" => "Formalisering",
        "participants" => "Deltakere",
        "frequency" => "Hyppighet",
        "mandate" => "Mandat",
        "convener" => "Innkaller",
        "provider" => "Tilbyder",
        "theme" => "Tema",
        "target_group" => "Målgruppe",
        "responsible" => "Ansvarlig",
        "free" => "Gratis",
        "price" => "Pris",
        "schedule" => "Tidspunkt",
        "weekdays" => "Ukedager",
        "how_to_join" => "Slik blir man med",
        "funded_until" => "Finansiert til",
        "confirmed" => "Sist bekreftet i drift",
        "a" | "b" => "Part",
        "basis" => "Grunnlag",
        "warn_days" => "Varsel (dager)",
        "contact_max_age_months" => "Kontakter bekreftes (måneder)",
        "offering_confirm_months" => "Tilbud bekreftes (måneder)",
        "synonyms" => "Søkeord",
        other => return other.to_owned(),
    };
    label.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Agreement, Contact, ContactDetail, Revision};

    // 01010112345 is not valid; this one is (both check digits hold).
    const VALID: &str = "15076500565";

    #[test]
    fn the_test_number_is_valid_and_a_near_miss_is_not() {
        assert!(find_national_id(VALID).is_some());
        assert!(find_national_id("15076500566").is_none());
    }

    #[test]
    fn a_number_in_any_text_field_is_refused_and_never_repeated() {
        let mut c = Contact::new("kari", "Kari", "Veileder", "nav");
        assert_eq!(check_record_privacy(&c), Ok(()));
        c.note = format!("Gjelder barn {}", "150765 00565");
        let err = check_record_privacy(&c).unwrap_err();
        assert_eq!(err.field, "note");
        assert_eq!(err.label, "Merknad");
        let msg = err.to_string();
        assert!(msg.contains("fødselsnummer") && msg.contains("«Merknad»"), "{msg}");
        assert!(!msg.contains("00565") && !msg.contains("150765"), "the number is never echoed: {msg}");

        let mut c = Contact::new("kari", "Kari", "Veileder", "nav");
        c.mobile = ContactDetail::internal(VALID);
        assert_eq!(check_record_privacy(&c).unwrap_err().field, "mobile");
        let mut c = Contact::new("kari", "Kari", "Veileder", "nav");
        c.topics = vec!["ungdom".into(), format!("sak {VALID}")];
        assert_eq!(check_record_privacy(&c).unwrap_err().field, "topics");
    }

    #[test]
    fn nested_texts_and_record_wrappers_are_looked_through() {
        let mut a = Agreement::new("a", "Avtale", vec![]);
        a.revisions.push(Revision {
            date: chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            by: "Kari".into(),
            note: VALID.into(),
        });
        let rec = crate::edit::Record::Agreement(a.clone());
        assert_eq!(check_record_privacy(&rec).unwrap_err().field, "revisions");
        assert_eq!(national_id_field(&a).map(|f| static_field::<Agreement>(&f)), Some("revisions"));
    }

    #[test]
    fn phone_and_org_numbers_are_not_mistaken_for_one() {
        let mut c = Contact::new("kari", "Kari", "Veileder", "nav");
        c.phone = ContactDetail::public("+47 61 21 40 00");
        c.mobile = ContactDetail::public("90000001");
        c.note = "Org.nr. 974 544 466, tlf 61214000 / 12345678901".into();
        assert_eq!(check_record_privacy(&c), Ok(()));
    }

    #[test]
    fn struct_fields_are_found_by_probing() {
        let fields = struct_fields::<Contact>();
        assert!(fields.contains(&"note") && fields.contains(&"mobile"));
    }
}
