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
    Deputy,
    Replaces,
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
        Self::Deputy,
        Self::Replaces,
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
            Self::Deputy => "Stedfortreder",
            Self::Replaces => "Tok over etter",
            Self::Note => "Merknad",
            Self::Vacant => "Ledig stilling (ja/nei)",
            Self::Active => "Aktiv (ja/nei)",
            Self::Since => "Fra dato",
            Self::Verified => "Sist verifisert",
        }
    }
}

impl Field {
    /// The register's field (its name in the file) that the column's text goes into, for
    /// the model's rules on length and characters ([`crate::model::limits`]). A topics
    /// cell holds a list, several lines long at times, so it is judged as a long text.
    pub fn model_field(self) -> &'static str {
        match self {
            Self::Note | Self::Topics => "note",
            Self::Id | Self::ServiceId | Self::Deputy | Self::Replaces => "id",
            Self::Phone | Self::PhoneInternal => "phone",
            Self::Mobile | Self::MobileInternal => "mobile",
            Self::Email | Self::EmailInternal => "email",
            Self::Role => "role",
            Self::Municipality => "municipalities",
            _ => "name",
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
    /// The field column `col` is mapped to ([`Field::Ignore`] beyond the mapped columns).
    pub fn field_of(&self, col: usize) -> Field {
        self.columns.get(col).copied().unwrap_or(Field::Ignore)
    }
    /// Maps column `col` to `field`, growing the list if needed.
    pub fn set(&mut self, col: usize, field: Field) {
        if self.columns.len() <= col {
            self.columns.resize(col + 1, Field::Ignore);
        }
        self.columns[col] = field;
    }
}

/// Header text reduced to lower-case letters and digits: «E-post » → «epost», «Tlf.» → «tlf».
fn header_key(h: &str) -> String {
    h.chars().flat_map(char::to_lowercase).filter(|c| c.is_alphanumeric()).collect()
}

/// Each field with the headers people give it, as [`header_key`]s: Norwegian as written in
/// municipal lists (abbreviated, with or without hyphens), and English.
const HEADER_NAMES: &[(Field, &[&str])] = &[
    (Field::Id, &["id", "kontaktid", "contactid"]),
    (
        Field::Name,
        &[
            "navn",
            "fulltnavn",
            "name",
            "fullname",
            "kontaktperson",
            "kontakt",
            "person",
            "personnavn",
            "ansatt",
        ],
    ),
    (Field::FirstName, &["fornavn", "firstname", "givenname"]),
    (Field::LastName, &["etternavn", "lastname", "surname", "familyname"]),
    (
        Field::Role,
        &[
            "stilling",
            "rolle",
            "tittel",
            "title",
            "role",
            "position",
            "jobtitle",
            "funksjon",
            "stillingstittel",
            "stillingsbetegnelse",
            "yrke",
        ],
    ),
    (
        Field::Service,
        &[
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
            "enhetavdeling",
            "avdelingenhet",
            "tjenesteenhet",
            "tjenestested",
            "etat",
            "instans",
            "samarbeidspartner",
        ],
    ),
    (Field::ServiceId, &["tjenesteid", "serviceid"]),
    (
        Field::Phone,
        &[
            "telefon",
            "tlf",
            "tel",
            "telefonnummer",
            "phone",
            "telephone",
            "arbeidstelefon",
            "arbeidstlf",
            "jobbtelefon",
            "direktenummer",
            "direktetelefon",
            "fasttelefon",
            "sentralbord",
        ],
    ),
    (
        Field::Mobile,
        &["mobil", "mob", "mobiltelefon", "mobiltlf", "mobile", "mobilephone", "cell", "cellphone"],
    ),
    (Field::Email, &["epost", "email", "mail", "emailaddress", "epostadr"]),
    (Field::PhoneInternal, &["telefonintern", "phoneinternal"]),
    (Field::MobileInternal, &["mobilintern", "mobileinternal"]),
    (Field::EmailInternal, &["epostintern", "emailinternal"]),
    (Field::Municipality, &["kommune", "kommunenavn", "municipality"]),
    (
        Field::Topics,
        &[
            "tema",
            "topics",
            "topic",
            "emner",
            "ansvarsområde",
            "ansvarsområder",
            "ansvar",
            "fagområde",
            "arbeidsområde",
            "kontaktfor",
        ],
    ),
    (Field::Deputy, &["stedfortreder", "vara", "varaperson", "deputy"]),
    (Field::Replaces, &["tokoveretter", "forgjenger", "etterfulgte", "replaces", "predecessor"]),
    (
        Field::Note,
        &[
            "merknad",
            "merknader",
            "kommentar",
            "kommentarer",
            "notat",
            "note",
            "notes",
            "comment",
            "comments",
        ],
    ),
    (Field::Vacant, &["ledig", "ledigstilling", "vacant"]),
    (Field::Active, &["aktiv", "active"]),
    (Field::Since, &["fra", "fradato", "since", "tiltradt", "tiltrådt"]),
    (
        Field::Verified,
        &[
            "verifisert",
            "sistverifisert",
            "verified",
            "sjekket",
            "sistsjekket",
            "sistoppdatert",
            "kontrollert",
        ],
    ),
];

/// Endings that add nothing to a header's meaning: «Telefonnr», «Tlf.nr.», «Mobilnummer»,
/// «E-postadresse», «Kommunenr».
const HEADER_SUFFIXES: &[&str] = &["nummer", "nr", "adresse", "adr"];

fn field_for_key(k: &str) -> Option<Field> {
    HEADER_NAMES.iter().find(|(_, names)| names.contains(&k)).map(|(f, _)| *f)
}

/// The field a header names, or [`Field::Ignore`].
pub fn field_for_header(header: &str) -> Field {
    let k = header_key(header);
    if k.is_empty() {
        return Field::Ignore;
    }
    // Prefix rules first: «Kontakt for barnevern», «Ansvar for …».
    if ["kontaktfor", "ansvarfor", "contactfor"].iter().any(|p| k.starts_with(p)) {
        return Field::Topics;
    }
    if let Some(f) = field_for_key(&k) {
        return f;
    }
    if let Some(f) = HEADER_SUFFIXES.iter().find_map(|s| k.strip_suffix(s).and_then(field_for_key)) {
        return f;
    }
    // «Telefon arbeid», «Mobil (privat)», «E-post jobb».
    for (prefix, field) in [
        ("telefon", Field::Phone),
        ("tlf", Field::Phone),
        ("mobil", Field::Mobile),
        ("epost", Field::Email),
        ("email", Field::Email),
    ] {
        if k.starts_with(prefix) {
            return field;
        }
    }
    Field::Ignore
}

/// How much a row looks like the header of a contact list: the number of different fields
/// its cells name. A title («Kontaktliste tverrfaglig samarbeid – oppdatert vår 2026») or a
/// data row names none.
pub fn header_score(cells: &[String]) -> usize {
    let fields: HashSet<Field> =
        cells.iter().map(|c| field_for_header(c)).filter(|f| *f != Field::Ignore).collect();
    fields.len()
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
    fn headers_are_matched_as_people_write_them() {
        use Field::*;
        for (header, field) in [
            ("Tlf.", Phone),
            ("Telefonnr", Phone),
            ("TLF.NR.", Phone),
            ("Telefon (arbeid)", Phone),
            ("Mob", Mobile),
            ("Mob.nr", Mobile),
            ("Mobilnummer", Mobile),
            ("Epost", Email),
            ("E-postadresse", Email),
            ("e-post adresse:", Email),
            ("Mail", Email),
            ("Enhet/avdeling", Service),
            ("Ansvarsområde", Topics),
            ("Kontakt for barnevern", Topics),
            ("  NAVN ", Name),
            ("Kommunenr.", Municipality),
            ("Tjeneste-id", ServiceId),
            ("Stedfortreder", Deputy),
            ("Tok over etter", Replaces),
            ("Telefon intern", PhoneInternal),
            ("Kontaktliste tverrfaglig samarbeid – oppdatert vår 2026", Ignore),
            ("Info", Ignore),
        ] {
            assert_eq!(field_for_header(header), field, "{header}");
        }
    }

    #[test]
    fn a_title_row_scores_nothing_and_a_header_row_scores_its_fields() {
        let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        assert_eq!(header_score(&row(&["Kontaktliste tverrfaglig samarbeid – oppdatert vår 2026"])), 0);
        assert_eq!(header_score(&row(&["Kari Nordmann", "NAV Midtdalen", "950 12 345"])), 0);
        assert_eq!(header_score(&row(&["Navn", "Tlf.", "Mob", "Epost", "Tlf"])), 4, "fields, not cells");
    }

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
