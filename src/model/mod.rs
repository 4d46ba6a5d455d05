//! The register: plain data with serde. Nothing here does I/O or knows about the GUI.

pub mod dates;
mod enums;
pub mod format;
mod ids;
pub mod limits;
pub mod meetings;
pub mod privacy;
mod records;
pub mod refs;
pub mod validate;

pub use enums::*;
pub use ids::*;
pub use records::*;

use std::collections::HashMap;

/// The file format version this build writes. Older versions are migrated on load
/// (see `store::migrate`; docs/FORMAT.md has the history).
pub const CURRENT_VERSION: u32 = 2;

/// The kinds of record in a register, for messages, findings and statistics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Service,
    Contact,
    Agreement,
    Routine,
    Forum,
    Offering,
    Expectation,
}

impl RecordKind {
    pub const ALL: [RecordKind; 7] = [
        Self::Service,
        Self::Contact,
        Self::Agreement,
        Self::Routine,
        Self::Forum,
        Self::Offering,
        Self::Expectation,
    ];

    /// Singular Norwegian noun: «tjeneste», «kontakt» …
    pub fn label(self) -> &'static str {
        match self {
            Self::Service => "tjeneste",
            Self::Contact => "kontakt",
            Self::Agreement => "avtale",
            Self::Routine => "rutine",
            Self::Forum => "forum",
            Self::Offering => "tilbud",
            Self::Expectation => "forventet samarbeid",
        }
    }

    /// Plural Norwegian noun with a capital, for headings: «Tjenester», «Kontakter» …
    pub fn plural(self) -> &'static str {
        match self {
            Self::Service => "Tjenester",
            Self::Contact => "Kontakter",
            Self::Agreement => "Avtaler",
            Self::Routine => "Rutiner",
            Self::Forum => "Fora",
            Self::Offering => "Tilbud",
            Self::Expectation => "Forventede samarbeid",
        }
    }

    /// The snake_case key used in JSON output and the CLI.
    pub fn key(self) -> &'static str {
        match self {
            Self::Service => "service",
            Self::Contact => "contact",
            Self::Agreement => "agreement",
            Self::Routine => "routine",
            Self::Forum => "forum",
            Self::Offering => "offering",
            Self::Expectation => "expectation",
        }
    }
}

/// Maps from id to position in the register's vectors, built once for fast look-ups.
#[derive(Default, Debug)]
pub struct Index<'a> {
    pub services: HashMap<&'a str, usize>,
    pub contacts: HashMap<&'a str, usize>,
}

impl Register {
    /// An empty register at the current version.
    pub fn new(name: &str) -> Self {
        Self {
            version: CURRENT_VERSION,
            name: name.to_owned(),
            municipalities: Vec::new(),
            settings: Settings::default(),
            services: Vec::new(),
            contacts: Vec::new(),
            agreements: Vec::new(),
            routines: Vec::new(),
            forums: Vec::new(),
            offerings: Vec::new(),
            expectations: Vec::new(),
        }
    }

    /// Sorts every record list by id, so that the file has one stable order and a single
    /// change gives a small diff.
    pub fn normalize(&mut self) {
        self.version = CURRENT_VERSION;
        self.municipalities.sort_by(|a, b| a.number.cmp(&b.number));
        self.services.sort_by(|a, b| a.id.cmp(&b.id));
        self.contacts.sort_by(|a, b| a.id.cmp(&b.id));
        self.agreements.sort_by(|a, b| a.id.cmp(&b.id));
        self.routines.sort_by(|a, b| a.id.cmp(&b.id));
        self.forums.sort_by(|a, b| a.id.cmp(&b.id));
        self.offerings.sort_by(|a, b| a.id.cmp(&b.id));
        self.expectations.sort_by(|a, b| a.id.cmp(&b.id));
    }

    /// Whether [`Register::normalize`] would change nothing (checked in one pass, without
    /// copying: saving a large register that is already in order skips a full copy).
    pub fn is_normalized(&self) -> bool {
        fn sorted<T: Keyed>(list: &[T]) -> bool {
            list.is_sorted_by(|a, b| a.key() <= b.key())
        }
        self.version == CURRENT_VERSION
            && self.municipalities.is_sorted_by(|a, b| a.number <= b.number)
            && sorted(&self.services)
            && sorted(&self.contacts)
            && sorted(&self.agreements)
            && sorted(&self.routines)
            && sorted(&self.forums)
            && sorted(&self.offerings)
            && sorted(&self.expectations)
    }

    /// Number of records of one kind.
    pub fn count(&self, kind: RecordKind) -> usize {
        match kind {
            RecordKind::Service => self.services.len(),
            RecordKind::Contact => self.contacts.len(),
            RecordKind::Agreement => self.agreements.len(),
            RecordKind::Routine => self.routines.len(),
            RecordKind::Forum => self.forums.len(),
            RecordKind::Offering => self.offerings.len(),
            RecordKind::Expectation => self.expectations.len(),
        }
    }

    /// Total number of records of every kind.
    pub fn total_records(&self) -> usize {
        RecordKind::ALL.iter().map(|k| self.count(*k)).sum()
    }

    /// Builds id → position maps for services and contacts.
    pub fn index(&self) -> Index<'_> {
        Index {
            services: self.services.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect(),
            contacts: self.contacts.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect(),
        }
    }

    pub fn service(&self, id: &ServiceId) -> Option<&Service> {
        position(&self.services, id.as_str()).map(|i| &self.services[i])
    }
    pub fn contact(&self, id: &ContactId) -> Option<&Contact> {
        position(&self.contacts, id.as_str()).map(|i| &self.contacts[i])
    }
    pub fn agreement(&self, id: &AgreementId) -> Option<&Agreement> {
        position(&self.agreements, id.as_str()).map(|i| &self.agreements[i])
    }
    pub fn routine(&self, id: &RoutineId) -> Option<&Routine> {
        position(&self.routines, id.as_str()).map(|i| &self.routines[i])
    }
    pub fn forum(&self, id: &ForumId) -> Option<&Forum> {
        position(&self.forums, id.as_str()).map(|i| &self.forums[i])
    }
    pub fn offering(&self, id: &OfferingId) -> Option<&Offering> {
        position(&self.offerings, id.as_str()).map(|i| &self.offerings[i])
    }

    /// Name of a municipality by kommunenummer, or the number itself when unknown.
    pub fn municipality_name<'a>(&'a self, number: &'a str) -> &'a str {
        self.municipalities.iter().find(|m| m.number == number).map_or(number, |m| m.name.as_str())
    }
}

/// A record with an id.
pub trait Keyed {
    fn key(&self) -> &str;
}

macro_rules! keyed {
    ($($t:ty),+) => {$(
        impl Keyed for $t {
            fn key(&self) -> &str {
                self.id.as_str()
            }
        }
    )+};
}
keyed!(Service, Contact, Agreement, Routine, Forum, Offering, Expectation);

/// Where the record with `id` is in `list`. Lists are kept sorted by id (saving sorts them,
/// and edits insert in order), so this is a binary search; a list that is not sorted (a
/// file edited by hand, a register built in code) falls back to a scan when the binary
/// search misses, so the answer is always right.
pub fn position<T: Keyed>(list: &[T], id: &str) -> Option<usize> {
    match list.binary_search_by(|r| r.key().cmp(id)) {
        Ok(i) => Some(i),
        Err(_) => list.iter().position(|r| r.key() == id),
    }
}

/// A key that sorts names the Norwegian way: case-insensitive, with Æ, Ø, Å after Z.
pub fn sort_key(name: &str) -> Vec<u32> {
    name.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'æ' | 'ä' => 'z' as u32 + 1,
            'ø' | 'ö' => 'z' as u32 + 2,
            'å' => 'z' as u32 + 3,
            'é' | 'è' => 'e' as u32,
            c => c as u32,
        })
        .collect()
}

#[cfg(test)]
mod sort_tests {
    use super::*;

    #[test]
    fn is_normalized_says_whether_normalize_would_change_anything() {
        let mut reg = Register::new("t");
        assert!(reg.is_normalized());
        reg.forums = ["b", "a"].iter().map(|id| Forum::new(*id, id, Vec::new())).collect();
        assert!(!reg.is_normalized());
        reg.normalize();
        assert!(reg.is_normalized());
        reg.version = 0;
        assert!(!reg.is_normalized(), "an old version is migrated on save");
    }

    #[test]
    fn position_finds_ids_in_sorted_and_unsorted_lists() {
        let sorted: Vec<Forum> =
            ["a", "b", "c", "d"].iter().map(|id| Forum::new(*id, id, Vec::new())).collect();
        for (i, id) in ["a", "b", "c", "d"].iter().enumerate() {
            assert_eq!(position(&sorted, id), Some(i));
        }
        assert_eq!(position(&sorted, "bb"), None);
        let unsorted: Vec<Forum> =
            ["d", "a", "c", "b"].iter().map(|id| Forum::new(*id, id, Vec::new())).collect();
        for (i, id) in ["d", "a", "c", "b"].iter().enumerate() {
            assert_eq!(position(&unsorted, id), Some(i), "{id} in an unsorted list");
        }
        assert_eq!(position(&unsorted, "e"), None);
        assert_eq!(position::<Forum>(&[], "a"), None);
    }

    #[test]
    fn norwegian_letters_sort_after_z() {
        let mut names = vec!["Åse", "Øystein", "Zara", "ærlig", "Anne", "bjørn"];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(names, ["Anne", "bjørn", "Zara", "ærlig", "Øystein", "Åse"]);
    }
}
