//! Every change to a register as a value. [`Register::apply`] performs an [`Edit`] and returns
//! its inverse, so undo and redo are two stacks of edits, and the change log is the list of
//! applied edits with time and user. Nothing else changes a register in the app.

use crate::model::*;
use serde::{Deserialize, Serialize};

/// One whole record of any kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Record {
    Service(Service),
    Contact(Contact),
    Agreement(Agreement),
    Routine(Routine),
    Forum(Forum),
    Offering(Offering),
    Expectation(Expectation),
}

impl Record {
    pub fn kind(&self) -> RecordKind {
        match self {
            Self::Service(_) => RecordKind::Service,
            Self::Contact(_) => RecordKind::Contact,
            Self::Agreement(_) => RecordKind::Agreement,
            Self::Routine(_) => RecordKind::Routine,
            Self::Forum(_) => RecordKind::Forum,
            Self::Offering(_) => RecordKind::Offering,
            Self::Expectation(_) => RecordKind::Expectation,
        }
    }

    pub fn id(&self) -> &str {
        match self {
            Self::Service(r) => r.id.as_str(),
            Self::Contact(r) => r.id.as_str(),
            Self::Agreement(r) => r.id.as_str(),
            Self::Routine(r) => r.id.as_str(),
            Self::Forum(r) => r.id.as_str(),
            Self::Offering(r) => r.id.as_str(),
            Self::Expectation(r) => r.id.as_str(),
        }
    }

    /// The name a person reads: service name, contact name, agreement title …
    pub fn title(&self) -> String {
        match self {
            Self::Service(r) => r.name.clone(),
            Self::Contact(r) => r.display_name().to_owned(),
            Self::Agreement(r) => r.title.clone(),
            Self::Routine(r) => r.title.clone(),
            Self::Forum(r) => r.name.clone(),
            Self::Offering(r) => r.name.clone(),
            Self::Expectation(r) => r.id.to_string(),
        }
    }
}

/// A change to a register.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Edit {
    /// Insert a record, or replace the one with the same kind and id.
    Put(Box<Record>),
    /// Remove the record of this kind and id (nothing happens if there is none).
    Remove(RecordKind, String),
    /// Replace the register-wide settings.
    SetSettings(Settings),
    /// Replace the list of municipalities.
    SetMunicipalities(Vec<Municipality>),
    /// Rename the register.
    SetName(String),
    /// Several edits as one step (an import, a revision that touches two records).
    Batch(Vec<Edit>),
}

impl Edit {
    pub fn put(record: Record) -> Self {
        Self::Put(Box::new(record))
    }

    /// A Norwegian one-line description for the change log.
    pub fn describe(&self) -> String {
        match self {
            Self::Put(r) => format!("Lagret {} «{}»", r.kind().label(), r.title()),
            Self::Remove(k, id) => format!("Slettet {} «{id}»", k.label()),
            Self::SetSettings(_) => "Endret innstillinger".to_owned(),
            Self::SetMunicipalities(_) => "Endret kommunelisten".to_owned(),
            Self::SetName(n) => format!("Ga registeret navnet «{n}»"),
            Self::Batch(edits) => match edits.as_slice() {
                [one] => one.describe(),
                _ => format!("{} endringer samlet", edits.len()),
            },
        }
    }
}

macro_rules! put_or_replace {
    ($list:expr, $rec:expr, $variant:ident, $kind:expr) => {{
        let rec = $rec;
        match $list.iter().position(|r| r.id == rec.id) {
            Some(i) => Edit::put(Record::$variant(std::mem::replace(&mut $list[i], rec))),
            None => {
                let inverse = Edit::Remove($kind, rec.id.to_string());
                let at = $list.partition_point(|r| r.id < rec.id);
                $list.insert(at, rec);
                inverse
            }
        }
    }};
}

macro_rules! remove_from {
    ($list:expr, $id:expr, $variant:ident) => {{
        match $list.iter().position(|r| r.id.as_str() == $id) {
            Some(i) => Edit::put(Record::$variant($list.remove(i))),
            None => Edit::Batch(Vec::new()),
        }
    }};
}

impl Register {
    /// Applies an edit and returns the edit that undoes it.
    pub fn apply(&mut self, edit: Edit) -> Edit {
        match edit {
            Edit::Put(record) => match *record {
                Record::Service(r) => put_or_replace!(self.services, r, Service, RecordKind::Service),
                Record::Contact(r) => put_or_replace!(self.contacts, r, Contact, RecordKind::Contact),
                Record::Agreement(r) => put_or_replace!(self.agreements, r, Agreement, RecordKind::Agreement),
                Record::Routine(r) => put_or_replace!(self.routines, r, Routine, RecordKind::Routine),
                Record::Forum(r) => put_or_replace!(self.forums, r, Forum, RecordKind::Forum),
                Record::Offering(r) => put_or_replace!(self.offerings, r, Offering, RecordKind::Offering),
                Record::Expectation(r) => {
                    put_or_replace!(self.expectations, r, Expectation, RecordKind::Expectation)
                }
            },
            Edit::Remove(kind, id) => match kind {
                RecordKind::Service => remove_from!(self.services, &id, Service),
                RecordKind::Contact => remove_from!(self.contacts, &id, Contact),
                RecordKind::Agreement => remove_from!(self.agreements, &id, Agreement),
                RecordKind::Routine => remove_from!(self.routines, &id, Routine),
                RecordKind::Forum => remove_from!(self.forums, &id, Forum),
                RecordKind::Offering => remove_from!(self.offerings, &id, Offering),
                RecordKind::Expectation => remove_from!(self.expectations, &id, Expectation),
            },
            Edit::SetSettings(s) => Edit::SetSettings(std::mem::replace(&mut self.settings, s)),
            Edit::SetMunicipalities(m) => {
                Edit::SetMunicipalities(std::mem::replace(&mut self.municipalities, m))
            }
            Edit::SetName(n) => Edit::SetName(std::mem::replace(&mut self.name, n)),
            Edit::Batch(edits) => {
                let mut inverses: Vec<Edit> = edits.into_iter().map(|e| self.apply(e)).collect();
                inverses.reverse();
                Edit::Batch(inverses)
            }
        }
    }

    /// The record of a kind and id, as a [`Record`] value.
    pub fn record(&self, kind: RecordKind, id: &str) -> Option<Record> {
        match kind {
            RecordKind::Service => {
                self.services.iter().find(|r| r.id.as_str() == id).cloned().map(Record::Service)
            }
            RecordKind::Contact => {
                self.contacts.iter().find(|r| r.id.as_str() == id).cloned().map(Record::Contact)
            }
            RecordKind::Agreement => {
                self.agreements.iter().find(|r| r.id.as_str() == id).cloned().map(Record::Agreement)
            }
            RecordKind::Routine => {
                self.routines.iter().find(|r| r.id.as_str() == id).cloned().map(Record::Routine)
            }
            RecordKind::Forum => self.forums.iter().find(|r| r.id.as_str() == id).cloned().map(Record::Forum),
            RecordKind::Offering => {
                self.offerings.iter().find(|r| r.id.as_str() == id).cloned().map(Record::Offering)
            }
            RecordKind::Expectation => {
                self.expectations.iter().find(|r| r.id.as_str() == id).cloned().map(Record::Expectation)
            }
        }
    }

    /// Whether an id is taken for a kind.
    pub fn has(&self, kind: RecordKind, id: &str) -> bool {
        match kind {
            RecordKind::Service => self.services.iter().any(|r| r.id.as_str() == id),
            RecordKind::Contact => self.contacts.iter().any(|r| r.id.as_str() == id),
            RecordKind::Agreement => self.agreements.iter().any(|r| r.id.as_str() == id),
            RecordKind::Routine => self.routines.iter().any(|r| r.id.as_str() == id),
            RecordKind::Forum => self.forums.iter().any(|r| r.id.as_str() == id),
            RecordKind::Offering => self.offerings.iter().any(|r| r.id.as_str() == id),
            RecordKind::Expectation => self.expectations.iter().any(|r| r.id.as_str() == id),
        }
    }

    /// A free id for a new record, derived from its name: "kari-nordmann", "kari-nordmann-2" …
    pub fn free_id(&self, kind: RecordKind, name: &str) -> String {
        let base = slugify(name);
        if !self.has(kind, &base) {
            return base;
        }
        (2..).map(|n| format!("{base}-{n}")).find(|c| !self.has(kind, c)).expect("some id is free")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reg() -> Register {
        let mut r = Register::new("t");
        r.services.push(Service::new("a", "A", Sector::Nav, OwnerKind::State));
        r.services.push(Service::new("c", "C", Sector::Ppt, OwnerKind::InterMunicipal));
        r
    }

    #[test]
    fn put_new_then_undo_removes_it() {
        let mut r = reg();
        let before = r.clone();
        let inv = r.apply(Edit::put(Record::Service(Service::new("b", "B", Sector::Bup, OwnerKind::State))));
        assert_eq!(r.services.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["a", "b", "c"]);
        let redo = r.apply(inv);
        assert_eq!(r, before);
        r.apply(redo);
        assert!(r.has(RecordKind::Service, "b"));
    }

    #[test]
    fn replace_and_remove_are_undone_exactly() {
        let mut r = reg();
        let before = r.clone();
        let mut changed = r.services[0].clone();
        changed.phone = "61 21 40 00".into();
        let inv1 = r.apply(Edit::put(Record::Service(changed)));
        let inv2 = r.apply(Edit::Remove(RecordKind::Service, "c".into()));
        assert_eq!(r.services.len(), 1);
        r.apply(inv2);
        r.apply(inv1);
        assert_eq!(r, before);
    }

    #[test]
    fn batch_undoes_in_reverse_order() {
        let mut r = reg();
        let before = r.clone();
        let mut a2 = r.services[0].clone();
        a2.name = "A2".into();
        let mut a3 = a2.clone();
        a3.name = "A3".into();
        let inv = r.apply(Edit::Batch(vec![
            Edit::put(Record::Service(a2)),
            Edit::put(Record::Service(a3)),
            Edit::SetName("ny".into()),
        ]));
        assert_eq!(r.services[0].name, "A3");
        r.apply(inv);
        assert_eq!(r, before);
    }

    #[test]
    fn free_id_avoids_taken_ones() {
        let r = reg();
        assert_eq!(r.free_id(RecordKind::Service, "A"), "a-2");
        assert_eq!(r.free_id(RecordKind::Contact, "Kari Nordmann"), "kari-nordmann");
    }
}
