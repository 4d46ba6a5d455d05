//! Which field each column holds: [`Field`], the user's [`Mapping`] and the guess from the
//! header text.

use crate::model::Labelled;
use std::collections::HashSet;

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Ignore,
    Id,
    Name,
    FirstName,
    LastName,
    Role,
    Service,
    ServiceId,
    Phone,
    Mobile,
    Email,
    PhoneInternal,
    MobileInternal,
    EmailInternal,
    Municipality,
    Topics,
    Note,
    Vacant,
    Active,
    Since,
    Verified,
}

impl Labelled for Field {
    const ALL: &'static [Self] = &[
        Self::Ignore,
        Self::Id,
        Self::Name,
        Self::FirstName,
        Self::LastName,
        Self::Role,
        Self::Service,
        Self::ServiceId,
        Self::Phone,
        Self::Mobile,
        Self::Email,
        Self::PhoneInternal,
        Self::MobileInternal,
        Self::EmailInternal,
        Self::Municipality,
        Self::Topics,
        Self::Note,
        Self::Vacant,
        Self::Active,
        Self::Since,
        Self::Verified,
    ];
    fn label(self) -> &'static str {
        match self {
            Self::Ignore => "(ikke importer)",
            Self::Id => "Id",
            Self::Name => "Navn",
            Self::FirstName => "Fornavn",
            Self::LastName => "Etternavn",
            Self::Role => "Stilling / rolle",
            Self::Service => "Tjeneste",
            Self::ServiceId => "Tjeneste-id",
            Self::Phone => "Telefon",
            Self::Mobile => "Mobil",
            Self::Email => "E-post",
            Self::PhoneInternal => "Telefon kun internt (ja/nei)",
            Self::MobileInternal => "Mobil kun internt (ja/nei)",
            Self::EmailInternal => "E-post kun internt (ja/nei)",
            Self::Municipality => "Kommune",
            Self::Topics => "Kontakt for",
            Self::Note => "Merknad",
            Self::Vacant => "Ledig stilling (ja/nei)",
            Self::Active => "Aktiv (ja/nei)",
            Self::Since => "Fra dato",
            Self::Verified => "Sist verifisert",
        }
    }
}

/// Which field each column holds, in column order. The user may change any entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mapping {
    pub columns: Vec<Field>,
}

impl Mapping {
    /// The first column mapped to `field`.
    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns.iter().position(|f| *f == field)
    }
    pub fn has(&self, field: Field) -> bool {
        self.column(field).is_some()
    }
    /// Maps column `col` to `field`, growing the list if needed.
    pub fn set(&mut self, col: usize, field: Field) {
        if self.columns.len() <= col {
            self.columns.resize(col + 1, Field::Ignore);
        }
        self.columns[col] = field;
    }
}

/// Header text reduced to lower-case letters and digits: «E-post » → «epost».
fn header_key(h: &str) -> String {
    h.chars().flat_map(char::to_lowercase).filter(|c| c.is_alphanumeric()).collect()
}

fn field_for_header(header: &str) -> Field {
    let k = header_key(header);
    let is = |names: &[&str]| names.contains(&k.as_str());
    // Prefix rules first: «Kontakt for barnevern», «Ansvar for …».
    if ["kontaktfor", "ansvarfor", "contactfor"].iter().any(|p| k.starts_with(p)) {
        return Field::Topics;
    }
    if is(&["id", "kontaktid", "contactid"]) {
        Field::Id
    } else if is(&["navn", "fulltnavn", "name", "fullname", "kontaktperson", "kontakt", "person"]) {
        Field::Name
    } else if is(&["fornavn", "firstname", "givenname"]) {
        Field::FirstName
    } else if is(&["etternavn", "lastname", "surname", "familyname"]) {
        Field::LastName
    } else if is(&[
        "stilling",
        "rolle",
        "tittel",
        "title",
        "role",
        "position",
        "jobtitle",
        "funksjon",
        "stillingstittel",
    ]) {
        Field::Role
    } else if is(&[
        "tjeneste",
        "tjenestenavn",
        "enhet",
        "virksomhet",
        "avdeling",
        "service",
        "department",
        "unit",
        "organisasjon",
        "organization",
        "organisation",
        "arbeidssted",
    ]) {
        Field::Service
    } else if is(&["tjenesteid", "serviceid"]) {
        Field::ServiceId
    } else if is(&[
        "telefon",
        "tlf",
        "telefonnummer",
        "tlfnr",
        "phone",
        "telephone",
        "arbeidstelefon",
        "direktenummer",
    ]) {
        Field::Phone
    } else if is(&[
        "mobil",
        "mobiltelefon",
        "mobilnummer",
        "mobilnr",
        "mobile",
        "mobilephone",
        "cell",
        "cellphone",
    ]) {
        Field::Mobile
    } else if is(&["epost", "epostadresse", "email", "mail", "emailaddress", "epostadr"]) {
        Field::Email
    } else if is(&["telefonintern", "phoneinternal"]) {
        Field::PhoneInternal
    } else if is(&["mobilintern", "mobileinternal"]) {
        Field::MobileInternal
    } else if is(&["epostintern", "emailinternal"]) {
        Field::EmailInternal
    } else if is(&["kommune", "kommunenavn", "kommunenummer", "kommunenr", "municipality"]) {
        Field::Municipality
    } else if is(&["tema", "topics", "topic", "emner"]) {
        Field::Topics
    } else if is(&["merknad", "kommentar", "notat", "note", "notes", "comment", "comments"]) {
        Field::Note
    } else if is(&["ledig", "ledigstilling", "vacant"]) {
        Field::Vacant
    } else if is(&["aktiv", "active"]) {
        Field::Active
    } else if is(&["fra", "fradato", "since", "tiltradt", "tiltrådt"]) {
        Field::Since
    } else if is(&["verifisert", "sistverifisert", "verified", "sjekket", "sistsjekket"]) {
        Field::Verified
    } else {
        Field::Ignore
    }
}

/// Guesses each column's field from its header. A field is given to its first column only;
/// later columns with the same meaning (say «Avdeling» after «Tjeneste») are ignored.
pub fn guess_mapping(headers: &[String]) -> Mapping {
    let mut seen = HashSet::new();
    let columns = headers
        .iter()
        .map(|h| {
            let f = field_for_header(h);
            if f == Field::Ignore || seen.insert(f) { f } else { Field::Ignore }
        })
        .collect();
    Mapping { columns }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_matched_in_norwegian_and_english() {
        let h: Vec<String> = [
            "Fornavn",
            "Etternavn",
            "Stilling",
            "Enhet",
            "Tlf.",
            "Mobil",
            "E-post",
            "Kommune",
            "Kontakt for barnevern",
            "Avdeling",
            "E-mail",
            "Hobby",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let m = guess_mapping(&h);
        use Field::*;
        assert_eq!(
            m.columns,
            [
                FirstName,
                LastName,
                Role,
                Service,
                Phone,
                Mobile,
                Email,
                Municipality,
                Topics,
                Ignore,
                Ignore,
                Ignore
            ]
        );
        let m = guess_mapping(&["Name".into(), "Title".into(), "Department".into(), "Phone".into()]);
        assert_eq!(m.columns, [Name, Role, Service, Phone]);
    }
}
