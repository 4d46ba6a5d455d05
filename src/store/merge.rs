//! Three-way merge of a register: base (what we loaded), theirs (what is on disk now) and
//! ours (what we have in memory).
//!
//! Every part of the register is an *entry* with named fields: the name, the settings, each
//! municipality (keyed by number) and each record (keyed by kind and id). Entries and fields
//! are compared through serde (`serde_json::Value`), so a new field in a record type merges
//! without any change here. A side that left an entry or field as it was in base takes the
//! other side's version; a field changed both ways to different values, or a record deleted
//! on one side and changed on the other, is a [`Conflict`]. Until resolved, a conflict keeps
//! *our* version in [`MergeResult::merged`].

use crate::model::{Municipality, RecordKind, Register, Settings};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

type Fields = Map<String, Value>;

/// Which part of the register an entry is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    /// The register's name.
    Name,
    /// The register-wide settings.
    Settings,
    /// A municipality in the register's list, by kommunenummer.
    Municipality(String),
    /// A record, by kind and id.
    Record(RecordKind, String),
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Name => f.write_str("Registerets navn"),
            Self::Settings => f.write_str("Innstillinger"),
            Self::Municipality(n) => write!(f, "Kommune {n}"),
            Self::Record(kind, id) => write!(f, "{} «{id}»", capitalised(kind.label())),
        }
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|first| first.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// Which version to keep for a conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// What the other person saved (on disk now).
    Theirs,
    /// What we have in memory.
    Ours,
}

/// An entry key: the place, and which occurrence of it (a broken file may repeat an id;
/// every copy is kept rather than silently folded into one).
type Key = (Place, usize);

/// One true conflict: the same field changed both ways, or a record deleted on one side
/// and changed on the other.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    pub place: Place,
    /// The record's name or title, for the user («Kari Nordmann», «Samarbeidsavtale NAV»).
    pub title: String,
    /// The field (serde name, e.g. "phone"); `None` when the conflict is about the whole
    /// record (deleted on one side, changed on the other).
    pub field: Option<String>,
    /// The three versions as text for a side-by-side view; «(tomt)» for an empty value and
    /// «(slettet)» for a deleted record.
    pub base: String,
    pub theirs: String,
    pub ours: String,
    /// The version kept now; [`Side::Ours`] until [`MergeResult::resolve`] says otherwise.
    pub chosen: Side,
    key: Key,
    theirs_value: Option<Value>,
    ours_value: Option<Value>,
}

impl Conflict {
    /// The field's Norwegian name, or «Hele posten».
    pub fn field_label(&self) -> String {
        self.field.as_deref().map_or_else(|| "Hele posten".to_owned(), field_label)
    }

    /// Kept for tests and callers that match on kind and id.
    pub fn record(&self) -> Option<(RecordKind, &str)> {
        match &self.place {
            Place::Record(k, id) => Some((*k, id.as_str())),
            _ => None,
        }
    }
}

/// Says where and what, but never the values: the message may end up in a log, and a
/// value can be an internal-only phone number.
impl std::fmt::Display for Conflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.field, &self.theirs_value) {
            (Some(_), _) => {
                write!(f, "{}: «{}» er endret både her og av en annen", self.place, self.field_label())
            }
            (None, None) => write!(f, "{}: slettet av en annen, men endret her", self.place),
            (None, Some(_)) => write!(f, "{}: slettet her, men endret av en annen", self.place),
        }
    }
}

/// The outcome of [`merge3`].
#[derive(Clone, Debug)]
pub struct MergeResult {
    /// The merged register, with every conflict resolved as its [`Conflict::chosen`] says.
    pub merged: Register,
    /// The true conflicts, in register order. Empty when the merge was clean.
    pub conflicts: Vec<Conflict>,
    entries: BTreeMap<Key, Fields>,
    version: u32,
}

impl MergeResult {
    pub fn is_clean(&self) -> bool {
        self.conflicts.is_empty()
    }

    /// Chooses a side for one conflict and updates [`Self::merged`].
    ///
    /// # Panics
    /// If `index` is not a conflict index.
    pub fn resolve(&mut self, index: usize, side: Side) {
        self.set_choice(index, side);
        self.merged = assemble(self.version, &self.entries);
    }

    /// Chooses a side for every conflict.
    pub fn resolve_all(&mut self, side: Side) {
        for i in 0..self.conflicts.len() {
            self.set_choice(i, side);
        }
        self.merged = assemble(self.version, &self.entries);
    }

    /// Applies one choice per conflict (in order) and returns the final register.
    ///
    /// # Panics
    /// If `choices` does not have one entry per conflict.
    pub fn finish(mut self, choices: &[Side]) -> Register {
        assert_eq!(choices.len(), self.conflicts.len(), "one choice per conflict");
        for (i, side) in choices.iter().enumerate() {
            self.set_choice(i, *side);
        }
        assemble(self.version, &self.entries)
    }

    fn set_choice(&mut self, index: usize, side: Side) {
        let c = &mut self.conflicts[index];
        c.chosen = side;
        let value = match side {
            Side::Theirs => c.theirs_value.clone(),
            Side::Ours => c.ours_value.clone(),
        };
        match &c.field {
            Some(field) => {
                let entry = self.entries.entry(c.key.clone()).or_default();
                match value {
                    Some(v) => entry.insert(field.clone(), v),
                    None => entry.remove(field),
                };
            }
            None => match value {
                Some(Value::Object(fields)) => {
                    self.entries.insert(c.key.clone(), fields);
                }
                _ => {
                    self.entries.remove(&c.key);
                }
            },
        }
    }
}

/// Merges the changes from `base` to `theirs` and from `base` to `ours`. Changes that do not
/// overlap are all kept, including adds and deletes on both sides; see the module docs.
pub fn merge3(base: &Register, theirs: &Register, ours: &Register) -> MergeResult {
    let b = explode(base);
    let t = explode(theirs);
    let o = explode(ours);
    let keys: BTreeSet<&Key> = b.keys().chain(t.keys()).chain(o.keys()).collect();

    let mut entries = BTreeMap::new();
    let mut conflicts = Vec::new();
    for key in keys {
        let (bv, tv, ov) = (b.get(key), t.get(key), o.get(key));
        let merged = if tv == ov || tv == bv {
            ov.cloned()
        } else if ov == bv {
            tv.cloned()
        } else {
            match (tv, ov) {
                (Some(tf), Some(of)) => {
                    let empty = Fields::new();
                    Some(merge_fields(key, bv.unwrap_or(&empty), tf, of, &mut conflicts))
                }
                // Deleted on one side, changed on the other.
                _ => {
                    let shown = |f: Option<&Fields>| f.map_or_else(|| "(slettet)".to_owned(), show_record);
                    conflicts.push(Conflict {
                        place: key.0.clone(),
                        title: title(tv.or(ov).or(bv)),
                        field: None,
                        base: shown(bv),
                        theirs: shown(tv),
                        ours: shown(ov),
                        chosen: Side::Ours,
                        key: key.clone(),
                        theirs_value: tv.cloned().map(Value::Object),
                        ours_value: ov.cloned().map(Value::Object),
                    });
                    ov.cloned()
                }
            }
        };
        if let Some(fields) = merged {
            entries.insert(key.clone(), fields);
        }
    }
    let version = ours.version;
    MergeResult { merged: assemble(version, &entries), conflicts, entries, version }
}

fn merge_fields(key: &Key, b: &Fields, t: &Fields, o: &Fields, conflicts: &mut Vec<Conflict>) -> Fields {
    let names: BTreeSet<&String> = b.keys().chain(t.keys()).chain(o.keys()).collect();
    let mut out = Fields::new();
    for name in names {
        let (bv, tv, ov) = (b.get(name), t.get(name), o.get(name));
        let chosen = if tv == ov || tv == bv {
            ov
        } else if ov == bv {
            tv
        } else {
            conflicts.push(Conflict {
                place: key.0.clone(),
                title: title(Some(o)),
                field: Some(name.clone()),
                base: show(bv),
                theirs: show(tv),
                ours: show(ov),
                chosen: Side::Ours,
                key: key.clone(),
                theirs_value: tv.cloned(),
                ours_value: ov.cloned(),
            });
            ov
        };
        if let Some(v) = chosen {
            out.insert(name.clone(), v.clone());
        }
    }
    out
}

fn fields<T: Serialize>(value: &T) -> Fields {
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => map,
        // Every entry type is a struct, which serialises to a map.
        other => unreachable!("an entry serialises to a map, got {other:?}"),
    }
}

/// Splits a register into entries keyed by place.
fn explode(reg: &Register) -> BTreeMap<Key, Fields> {
    let mut out = BTreeMap::new();
    let mut put = |place: Place, f: Fields| {
        let mut n = 0;
        while out.contains_key(&(place.clone(), n)) {
            n += 1;
        }
        out.insert((place, n), f);
    };
    let mut name = Fields::new();
    name.insert("name".into(), Value::String(reg.name.clone()));
    put(Place::Name, name);
    put(Place::Settings, fields(&reg.settings));
    for m in &reg.municipalities {
        put(Place::Municipality(m.number.clone()), fields(m));
    }
    macro_rules! records {
        ($list:expr, $kind:expr) => {
            for r in &$list {
                put(Place::Record($kind, r.id.to_string()), fields(r));
            }
        };
    }
    records!(reg.services, RecordKind::Service);
    records!(reg.contacts, RecordKind::Contact);
    records!(reg.agreements, RecordKind::Agreement);
    records!(reg.routines, RecordKind::Routine);
    records!(reg.forums, RecordKind::Forum);
    records!(reg.offerings, RecordKind::Offering);
    records!(reg.expectations, RecordKind::Expectation);
    out
}

fn from_fields<T: DeserializeOwned>(f: &Fields) -> T {
    // Each field value came from a valid value of the same type, so the combination is one
    // too: the record types have no cross-field rules in their serde form.
    serde_json::from_value(Value::Object(f.clone())).expect("merged fields form a valid record")
}

/// Builds a register back from entries, records sorted by id.
fn assemble(version: u32, entries: &BTreeMap<Key, Fields>) -> Register {
    let mut reg = Register::new("");
    reg.version = version;
    for ((place, _), f) in entries {
        match place {
            Place::Name => reg.name = f.get("name").and_then(Value::as_str).unwrap_or_default().to_owned(),
            Place::Settings => reg.settings = from_fields::<Settings>(f),
            Place::Municipality(_) => reg.municipalities.push(from_fields::<Municipality>(f)),
            Place::Record(kind, _) => match kind {
                RecordKind::Service => reg.services.push(from_fields(f)),
                RecordKind::Contact => reg.contacts.push(from_fields(f)),
                RecordKind::Agreement => reg.agreements.push(from_fields(f)),
                RecordKind::Routine => reg.routines.push(from_fields(f)),
                RecordKind::Forum => reg.forums.push(from_fields(f)),
                RecordKind::Offering => reg.offerings.push(from_fields(f)),
                RecordKind::Expectation => reg.expectations.push(from_fields(f)),
            },
        }
    }
    reg.normalize();
    reg.version = version;
    reg
}

fn title(f: Option<&Fields>) -> String {
    f.and_then(|f| ["name", "title", "id"].iter().find_map(|k| f.get(*k)?.as_str().filter(|s| !s.is_empty())))
        .unwrap_or_default()
        .to_owned()
}

fn show_record(f: &Fields) -> String {
    let t = title(Some(f));
    if t.is_empty() { "(finnes)".to_owned() } else { format!("«{t}»") }
}

/// A field value as the user reads it: dates as dd.mm.yyyy, lists joined, contact details
/// with their internal mark.
pub fn show(v: Option<&Value>) -> String {
    let text = match v {
        None | Some(Value::Null) => String::new(),
        Some(v) => show_value(v),
    };
    if text.is_empty() { "(tomt)".to_owned() } else { text }
}

fn show_value(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(b) => if *b { "ja" } else { "nei" }.to_owned(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => match chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) if s.len() == 10 => crate::model::dates::format(d),
            _ => s.clone(),
        },
        Value::Array(items) => items.iter().map(show_value).collect::<Vec<_>>().join(", "),
        Value::Object(map) => {
            if let Some(value) = map.get("value").and_then(Value::as_str) {
                // A contact detail.
                let internal = map.get("internal").and_then(Value::as_bool).unwrap_or(false);
                if internal { format!("{value} (kun for samarbeidspartnere)") } else { value.to_owned() }
            } else if let (Some(from), Some(to)) = (map.get("from"), map.get("to")) {
                format!("{}–{} år", show_value(from), show_value(to))
            } else {
                map.values().map(show_value).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ")
            }
        }
    }
}

pub use crate::model::privacy::field_label;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Contact, ContactDetail, OwnerKind, Sector, Service};

    fn base() -> Register {
        let mut r = Register::new("Midtdalen");
        r.services.push(Service::new("nav", "NAV Midtdalen", Sector::Nav, OwnerKind::State));
        r.services.push(Service::new("ppt", "PPT", Sector::Ppt, OwnerKind::InterMunicipal));
        let mut kari = Contact::new("kari", "Kari Nordmann", "NAV-veileder", "nav");
        kari.phone = ContactDetail::public("61 21 40 00");
        r.contacts.push(kari);
        r
    }

    #[test]
    fn unchanged_sides_give_base() {
        let b = base();
        let m = merge3(&b, &b, &b);
        assert!(m.is_clean());
        assert_eq!(m.merged, b);
    }

    #[test]
    fn different_fields_of_one_record_both_survive() {
        let b = base();
        let mut t = b.clone();
        t.contacts[0].role = "Veileder 18–25".into();
        let mut o = b.clone();
        o.contacts[0].phone = ContactDetail::internal("90 00 00 01");
        let m = merge3(&b, &t, &o);
        assert!(m.is_clean(), "{:?}", m.conflicts);
        assert_eq!(m.merged.contacts[0].role, "Veileder 18–25");
        assert_eq!(m.merged.contacts[0].phone, ContactDetail::internal("90 00 00 01"));
    }

    #[test]
    fn adds_and_deletes_on_both_sides_merge() {
        let b = base();
        let mut t = b.clone();
        t.services.retain(|s| s.id.as_str() != "ppt");
        t.contacts.push(Contact::new("ola", "Ola", "Leder", "nav"));
        let mut o = b.clone();
        o.contacts.push(Contact::new("per", "Per", "Rådgiver", "nav"));
        o.name = "Midtdalen 2026".into();
        let m = merge3(&b, &t, &o);
        assert!(m.is_clean());
        let ids: Vec<_> = m.merged.contacts.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["kari", "ola", "per"]);
        assert_eq!(m.merged.services.len(), 1);
        assert_eq!(m.merged.name, "Midtdalen 2026");
    }

    #[test]
    fn the_same_change_on_both_sides_is_no_conflict() {
        let b = base();
        let mut t = b.clone();
        t.contacts[0].note = "Slutter i mars".into();
        let o = t.clone();
        let m = merge3(&b, &t, &o);
        assert!(m.is_clean());
        assert_eq!(m.merged, t);
    }

    #[test]
    fn same_field_changed_both_ways_is_a_conflict_with_display_values() {
        let b = base();
        let mut t = b.clone();
        t.contacts[0].phone = ContactDetail::public("61 21 40 99");
        let mut o = b.clone();
        o.contacts[0].phone = ContactDetail::internal("90 00 00 01");
        let mut m = merge3(&b, &t, &o);
        assert_eq!(m.conflicts.len(), 1);
        let c = &m.conflicts[0];
        assert_eq!(c.record(), Some((RecordKind::Contact, "kari")));
        assert_eq!(c.field.as_deref(), Some("phone"));
        assert_eq!(c.field_label(), "Telefon");
        assert_eq!(c.title, "Kari Nordmann");
        assert_eq!(c.base, "61 21 40 00");
        assert_eq!(c.theirs, "61 21 40 99");
        assert_eq!(c.ours, "90 00 00 01 (kun for samarbeidspartnere)");
        // The message names place and field but never the (possibly internal) values.
        let msg = c.to_string();
        assert_eq!(msg, "Kontakt «kari»: «Telefon» er endret både her og av en annen");
        // Until resolved, ours is kept; then the choice applies.
        assert_eq!(m.merged.contacts[0].phone, o.contacts[0].phone);
        m.resolve(0, Side::Theirs);
        assert_eq!(m.merged.contacts[0].phone, t.contacts[0].phone);
        assert_eq!(m.conflicts[0].chosen, Side::Theirs);
        m.resolve(0, Side::Ours);
        assert_eq!(m.merged, o);
    }

    #[test]
    fn delete_against_modify_is_a_conflict_either_way() {
        let b = base();
        let mut t = b.clone();
        t.contacts.clear();
        let mut o = b.clone();
        o.contacts[0].note = "Ny merknad".into();
        let m = merge3(&b, &t, &o);
        assert_eq!(m.conflicts.len(), 1);
        assert_eq!(m.conflicts[0].field, None);
        assert_eq!(m.conflicts[0].theirs, "(slettet)");
        assert_eq!(m.conflicts[0].to_string(), "Kontakt «kari»: slettet av en annen, men endret her");
        assert_eq!(m.clone().finish(&[Side::Theirs]).contacts.len(), 0);
        assert_eq!(m.finish(&[Side::Ours]), o);

        // Mirror image: we deleted, they changed.
        let m = merge3(&b, &o, &t);
        assert_eq!(m.conflicts.len(), 1);
        assert!(m.merged.contacts.is_empty());
        assert_eq!(m.finish(&[Side::Theirs]), o);
    }

    #[test]
    fn both_adding_one_id_differently_conflicts_only_on_differing_fields() {
        let b = base();
        let mut t = b.clone();
        let mut per_t = Contact::new("per", "Per Hansen", "Rådgiver", "nav");
        per_t.note = "fra import".into();
        t.contacts.push(per_t);
        let mut o = b.clone();
        o.contacts.push(Contact::new("per", "Per Hansen", "Leder", "nav"));
        let m = merge3(&b, &t, &o);
        let fields: Vec<_> = m.conflicts.iter().map(|c| c.field.as_deref()).collect();
        assert_eq!(fields, [Some("role")]);
        let per = m.merged.contacts.iter().find(|c| c.id.as_str() == "per").unwrap();
        assert_eq!(per.note, "fra import");
        assert_eq!(per.role, "Leder");
    }

    #[test]
    fn settings_and_municipalities_merge_per_field_and_number() {
        let b = base();
        let mut t = b.clone();
        t.settings.warn_days = 30;
        t.municipalities.push(Municipality { number: "3436".into(), name: "Nord-Fron".into() });
        let mut o = b.clone();
        o.settings.contact_max_age_months = 6;
        o.municipalities.push(Municipality { number: "3438".into(), name: "Sør-Fron".into() });
        let m = merge3(&b, &t, &o);
        assert!(m.is_clean());
        assert_eq!(m.merged.settings.warn_days, 30);
        assert_eq!(m.merged.settings.contact_max_age_months, 6);
        assert_eq!(m.merged.municipalities.len(), 2);

        let mut o2 = b.clone();
        o2.settings.warn_days = 90;
        let m = merge3(&b, &t, &o2);
        assert_eq!(m.conflicts.len(), 1);
        assert_eq!(m.conflicts[0].place, Place::Settings);
        assert_eq!(m.conflicts[0].field_label(), "Varsel (dager)");
    }

    #[test]
    fn duplicate_ids_in_a_broken_file_are_all_kept() {
        let mut b = base();
        b.contacts.push(Contact::new("kari", "Kari Nordmann (2)", "Leder", "nav"));
        let mut o = b.clone();
        o.name = "Nytt navn".into();
        let m = merge3(&b, &b, &o);
        assert!(m.is_clean());
        assert_eq!(m.merged.contacts.len(), 2);
    }

    #[test]
    fn values_show_as_the_user_reads_them() {
        assert_eq!(show(Some(&Value::String("2025-01-10".into()))), "10.01.2025");
        assert_eq!(show(None), "(tomt)");
        assert_eq!(show(Some(&serde_json::json!(["a", "b"]))), "a, b");
        assert_eq!(show(Some(&serde_json::json!({"from": 13, "to": 23}))), "13–23 år");
        assert_eq!(show(Some(&Value::Bool(true))), "ja");
    }
}
