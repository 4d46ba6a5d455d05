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

    /// A put or a remove of one record.
    fn is_record_edit(&self) -> bool {
        matches!(self, Self::Put(_) | Self::Remove(..))
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

/// Batches at least this large take the bulk path.
const BULK_THRESHOLD: usize = 64;

/// One record list during a bulk apply.
struct Bulk<'a, T: Keyed + Clone> {
    list: &'a mut Vec<T>,
    /// id → position, built on first use.
    index: Option<std::collections::HashMap<String, usize>>,
    removed: Vec<bool>,
    was_sorted: bool,
    appended: bool,
}

impl<'a, T: Keyed + Clone> Bulk<'a, T> {
    fn new(list: &'a mut Vec<T>) -> Self {
        Self { list, index: None, removed: Vec::new(), was_sorted: false, appended: false }
    }

    fn index(&mut self) -> &mut std::collections::HashMap<String, usize> {
        if self.index.is_none() {
            self.was_sorted = self.list.is_sorted_by(|a, b| a.key() <= b.key());
            self.removed = vec![false; self.list.len()];
            self.index = Some(self.list.iter().enumerate().map(|(i, r)| (r.key().to_owned(), i)).collect());
        }
        self.index.as_mut().expect("built above")
    }

    fn put(&mut self, rec: T, wrap: fn(T) -> Record, kind: RecordKind) -> Edit {
        let key = rec.key().to_owned();
        match self.index().get(&key).copied() {
            Some(i) => Edit::put(wrap(std::mem::replace(&mut self.list[i], rec))),
            None => {
                let at = self.list.len();
                self.index().insert(key.clone(), at);
                self.list.push(rec);
                self.removed.push(false);
                self.appended = true;
                Edit::Remove(kind, key)
            }
        }
    }

    fn remove(&mut self, id: &str, wrap: fn(T) -> Record) -> Edit {
        match self.index().remove(id) {
            Some(i) => {
                self.removed[i] = true;
                Edit::put(wrap(self.list[i].clone()))
            }
            None => Edit::Batch(Vec::new()),
        }
    }

    fn finish(self) {
        if self.index.is_none() {
            return;
        }
        if self.removed.iter().any(|r| *r) {
            let mut keep = self.removed.iter().map(|r| !r);
            self.list.retain(|_| keep.next().unwrap_or(true));
        }
        if self.appended && self.was_sorted {
            self.list.sort_by(|a, b| a.key().cmp(b.key()));
        }
    }
}

macro_rules! put_or_replace {
    ($list:expr, $rec:expr, $variant:ident, $kind:expr) => {{
        let rec = $rec;
        match position(&$list, rec.id.as_str()) {
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
        match position(&$list, $id) {
            Some(i) => Edit::put(Record::$variant($list.remove(i))),
            None => Edit::Batch(Vec::new()),
        }
    }};
}

/// Why an edit was refused. Nothing was changed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// A national identity number in some text (the number is never repeated).
    #[error(transparent)]
    Privacy(#[from] crate::model::privacy::PrivacyError),
    /// A text over its field's maximum ([`crate::model::limits`]).
    #[error("Feltet «{label}»: {problem}")]
    Text { field: String, label: String, problem: crate::model::limits::TextProblem },
}

impl Edit {
    /// The guard every edit passes before it changes a register, whether it comes from the
    /// window, an import, a merge or anything later: no national identity number in any
    /// text, and no text over its field's maximum. [`Register::try_apply`] runs it; undo
    /// and redo apply the inverse of an edit that passed, so they need not.
    pub fn check(&self) -> Result<(), Refused> {
        use crate::model::privacy::check_record_privacy;
        match self {
            Self::Put(record) => check_record(record),
            Self::Batch(edits) => edits.iter().try_for_each(Edit::check),
            Self::SetName(name) => {
                check_record_privacy(name)?;
                check_text_length("name", name)
            }
            Self::SetMunicipalities(list) => {
                check_record_privacy(list)?;
                list.iter().try_for_each(|m| check_text_length("name", &m.name))
            }
            Self::SetSettings(_) | Self::Remove(..) => Ok(()),
        }
    }
}

/// The guard for one whole record, from one serde value of it.
fn check_record(record: &Record) -> Result<(), Refused> {
    let value = match record {
        Record::Service(r) => serde_json::to_value(r),
        Record::Contact(r) => serde_json::to_value(r),
        Record::Agreement(r) => serde_json::to_value(r),
        Record::Routine(r) => serde_json::to_value(r),
        Record::Forum(r) => serde_json::to_value(r),
        Record::Offering(r) => serde_json::to_value(r),
        Record::Expectation(r) => serde_json::to_value(r),
    };
    let Ok(value) = value else { return Ok(()) };
    use crate::model::limits::{TextProblem, problems_in};
    // Only lengths refuse an edit; a control character is a validation problem, shown
    // escaped, that the user can clean up.
    if let Some((field, problem)) =
        problems_in(&value).into_iter().find(|(_, p)| matches!(p, TextProblem::TooLong { .. }))
    {
        return Err(text_refused(field, problem));
    }
    crate::model::privacy::check_value_privacy(value)?;
    Ok(())
}

fn check_text_length(field: &str, value: &str) -> Result<(), Refused> {
    crate::model::limits::check_length(field, value).map_err(|p| text_refused(field.to_owned(), p))
}

fn text_refused(field: String, problem: crate::model::limits::TextProblem) -> Refused {
    Refused::Text { label: crate::model::privacy::field_label(&field), field, problem }
}

impl Register {
    /// Checks an edit with [`Edit::check`] and applies it; returns the edit that undoes it.
    /// On refusal the register is unchanged.
    pub fn try_apply(&mut self, edit: Edit) -> Result<Edit, Refused> {
        edit.check()?;
        Ok(self.apply(edit))
    }

    /// Applies an edit and returns the edit that undoes it, without the guard: for the
    /// inverse of an edit that passed it (undo, redo) and for code building a register it
    /// then checks as a whole. Every edit from outside goes through [`Register::try_apply`].
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
            Edit::Batch(edits) if edits.len() >= BULK_THRESHOLD && edits.iter().all(Edit::is_record_edit) => {
                self.apply_bulk(edits)
            }
            Edit::Batch(edits) => {
                let mut inverses: Vec<Edit> = edits.into_iter().map(|e| self.apply(e)).collect();
                inverses.reverse();
                Edit::Batch(inverses)
            }
        }
    }

    /// A large batch of puts and removes (an import, or undoing one) in O(n log n) instead of
    /// one list scan per record: ids are looked up in maps built once, new records are
    /// appended and each touched list is re-sorted once (only if it was sorted before, so
    /// undo restores the exact order).
    fn apply_bulk(&mut self, edits: Vec<Edit>) -> Edit {
        let mut services = Bulk::new(&mut self.services);
        let mut contacts = Bulk::new(&mut self.contacts);
        let mut agreements = Bulk::new(&mut self.agreements);
        let mut routines = Bulk::new(&mut self.routines);
        let mut forums = Bulk::new(&mut self.forums);
        let mut offerings = Bulk::new(&mut self.offerings);
        let mut expectations = Bulk::new(&mut self.expectations);
        let mut inverses = Vec::with_capacity(edits.len());
        for edit in edits {
            let inverse = match edit {
                Edit::Put(record) => match *record {
                    Record::Service(r) => services.put(r, Record::Service, RecordKind::Service),
                    Record::Contact(r) => contacts.put(r, Record::Contact, RecordKind::Contact),
                    Record::Agreement(r) => agreements.put(r, Record::Agreement, RecordKind::Agreement),
                    Record::Routine(r) => routines.put(r, Record::Routine, RecordKind::Routine),
                    Record::Forum(r) => forums.put(r, Record::Forum, RecordKind::Forum),
                    Record::Offering(r) => offerings.put(r, Record::Offering, RecordKind::Offering),
                    Record::Expectation(r) => {
                        expectations.put(r, Record::Expectation, RecordKind::Expectation)
                    }
                },
                Edit::Remove(kind, id) => match kind {
                    RecordKind::Service => services.remove(&id, Record::Service),
                    RecordKind::Contact => contacts.remove(&id, Record::Contact),
                    RecordKind::Agreement => agreements.remove(&id, Record::Agreement),
                    RecordKind::Routine => routines.remove(&id, Record::Routine),
                    RecordKind::Forum => forums.remove(&id, Record::Forum),
                    RecordKind::Offering => offerings.remove(&id, Record::Offering),
                    RecordKind::Expectation => expectations.remove(&id, Record::Expectation),
                },
                other => unreachable!("apply_bulk only gets record edits, not {other:?}"),
            };
            inverses.push(inverse);
        }
        services.finish();
        contacts.finish();
        agreements.finish();
        routines.finish();
        forums.finish();
        offerings.finish();
        expectations.finish();
        inverses.reverse();
        Edit::Batch(inverses)
    }

    /// The record of a kind and id, as a [`Record`] value.
    pub fn record(&self, kind: RecordKind, id: &str) -> Option<Record> {
        fn get<T: Keyed + Clone>(list: &[T], id: &str, wrap: fn(T) -> Record) -> Option<Record> {
            position(list, id).map(|i| wrap(list[i].clone()))
        }
        match kind {
            RecordKind::Service => get(&self.services, id, Record::Service),
            RecordKind::Contact => get(&self.contacts, id, Record::Contact),
            RecordKind::Agreement => get(&self.agreements, id, Record::Agreement),
            RecordKind::Routine => get(&self.routines, id, Record::Routine),
            RecordKind::Forum => get(&self.forums, id, Record::Forum),
            RecordKind::Offering => get(&self.offerings, id, Record::Offering),
            RecordKind::Expectation => get(&self.expectations, id, Record::Expectation),
        }
    }

    /// Whether an id is taken for a kind.
    pub fn has(&self, kind: RecordKind, id: &str) -> bool {
        match kind {
            RecordKind::Service => position(&self.services, id).is_some(),
            RecordKind::Contact => position(&self.contacts, id).is_some(),
            RecordKind::Agreement => position(&self.agreements, id).is_some(),
            RecordKind::Routine => position(&self.routines, id).is_some(),
            RecordKind::Forum => position(&self.forums, id).is_some(),
            RecordKind::Offering => position(&self.offerings, id).is_some(),
            RecordKind::Expectation => position(&self.expectations, id).is_some(),
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

/// Why «Marker som revidert» was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReviseError {
    #[error("{0}")]
    Date(#[from] crate::model::dates::DateError),
    #[error("Skriv hvem som reviderte")]
    NoName,
    #[error("Posten finnes ikke lenger")]
    Gone,
}

/// «Marker som revidert»: the edit that adds a revision dated `date` (dd.mm.åååå, not after
/// `today`) by `by` to the agreement or routine `id`, and the line for the change log:
/// «Markert som revidert 30.11.2026 av Kari Nordmann (avtale «…»)». The history stays in
/// date order, a set next date the revision reaches is spent, and an agreement under
/// revision is current again (see [`Agreement::add_revision`]).
pub fn mark_revised(
    reg: &Register,
    kind: RecordKind,
    id: &str,
    date: &str,
    by: &str,
    note: &str,
    today: chrono::NaiveDate,
) -> Result<(Edit, String), ReviseError> {
    use crate::model::dates;
    let date = dates::not_in_future(dates::parse_required(date)?, today)?;
    let by = by.trim();
    if by.is_empty() {
        return Err(ReviseError::NoName);
    }
    let revision = Revision { date, by: by.to_owned(), note: note.trim().to_owned() };
    let text = |title: &str| {
        format!("Markert som revidert {} av {by} ({} «{title}»)", dates::format(date), kind.label())
    };
    match reg.record(kind, id) {
        Some(Record::Agreement(mut a)) => {
            a.add_revision(revision);
            let text = text(&a.title);
            Ok((Edit::put(Record::Agreement(a)), text))
        }
        Some(Record::Routine(mut r)) => {
            r.add_revision(revision);
            let text = text(&r.title);
            Ok((Edit::put(Record::Routine(r)), text))
        }
        _ => Err(ReviseError::Gone),
    }
}

/// «Ny avtale» between two parties (from the map, or the review's «Opprett avtaleutkast»
/// for an expected collaboration with none): [`Agreement::draft`] with both parties filled
/// in, titled «Samarbeidsavtale A – B» by the parties' names.
pub fn new_agreement(reg: &Register, a: &Party, b: &Party) -> Agreement {
    let title = format!("Samarbeidsavtale {} – {}", a.name(reg), b.name(reg));
    let mut agreement = Agreement::draft(reg.free_id(RecordKind::Agreement, &title), &title);
    agreement.add_party(a);
    agreement.add_party(b);
    agreement
}

/// «Bekreft kontakt»: the edit that marks a contact's details checked `today`.
pub fn verify_contact(c: &Contact, today: chrono::NaiveDate) -> Edit {
    let mut c = c.clone();
    c.verified = Some(today);
    Edit::put(Record::Contact(c))
}

/// «Bekreft aktiv i år»: the edit that marks an offering still running, confirmed `today`.
pub fn confirm_offering(o: &Offering, today: chrono::NaiveDate) -> Edit {
    let mut o = o.clone();
    o.confirmed = Some(today);
    Edit::put(Record::Offering(o))
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
    fn large_batches_match_one_by_one_and_undo_exactly() {
        let mut base = reg();
        for i in 0..50 {
            base.contacts.push(Contact::new(format!("k{i:03}").as_str(), "K", "R", "a"));
        }
        let mut edits = Vec::new();
        for i in (0..200).rev() {
            edits.push(Edit::put(Record::Contact(Contact::new(format!("k{i:03}").as_str(), "Ny", "R", "c"))));
        }
        edits.push(Edit::Remove(RecordKind::Contact, "k010".into()));
        edits.push(Edit::Remove(RecordKind::Service, "c".into()));
        edits.push(Edit::Remove(RecordKind::Contact, "finnes-ikke".into()));
        assert!(edits.len() >= BULK_THRESHOLD);

        let mut slow = base.clone();
        for e in edits.clone() {
            slow.apply(e);
        }
        let mut fast = base.clone();
        let inverse = fast.apply(Edit::Batch(edits));
        assert_eq!(fast, slow);
        assert_eq!(fast.contacts.len(), 199);
        assert!(fast.contacts.is_sorted_by(|a, b| a.id <= b.id));
        fast.apply(inverse);
        assert_eq!(fast, base);
    }

    #[test]
    fn marking_revised_keeps_the_history_in_order_and_refuses_the_future() {
        let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let today = day(30);
        let mut r = reg();
        let mut a = Agreement::new("avt", "NAV–barnevern", vec!["a".into()]);
        a.status = AgreementStatus::UnderRevision;
        a.next_due = Some(day(20));
        a.revisions.push(Revision { date: day(25), by: "Ola".into(), note: String::new() });
        r.agreements.push(a);

        let (edit, text) =
            mark_revised(&r, RecordKind::Agreement, "avt", "21.11.2026", " Kari Nordmann ", " ok ", today)
                .unwrap();
        assert_eq!(text, "Markert som revidert 21.11.2026 av Kari Nordmann (avtale «NAV–barnevern»)");
        r.apply(edit);
        let a = r.agreement(&"avt".into()).unwrap();
        let dates: Vec<_> = a.revisions.iter().map(|r| r.date).collect();
        assert_eq!(dates, [day(21), day(25)], "in date order");
        assert_eq!((a.revisions[0].by.as_str(), a.revisions[0].note.as_str()), ("Kari Nordmann", "ok"));
        assert_eq!(a.next_due, None, "the set next date is spent");
        assert_eq!(a.status, AgreementStatus::Current);

        let refuse = |date: &str, by: &str| {
            mark_revised(&r, RecordKind::Agreement, "avt", date, by, "", today).unwrap_err().to_string()
        };
        assert_eq!(refuse("01.12.2026", "Kari"), "Datoen kan ikke være fram i tid");
        assert_eq!(refuse("31.02.2026", "Kari"), "31.02.2026 finnes ikke");
        assert_eq!(refuse("", "Kari"), "Skriv en dato (dd.mm.åååå)");
        assert_eq!(refuse("30.11.2026", "  "), "Skriv hvem som reviderte");
        assert_eq!(
            mark_revised(&r, RecordKind::Routine, "finnes-ikke", "30.11.2026", "Kari", "", today),
            Err(ReviseError::Gone)
        );
    }

    #[test]
    fn free_id_avoids_taken_ones() {
        let r = reg();
        assert_eq!(r.free_id(RecordKind::Service, "A"), "a-2");
        assert_eq!(r.free_id(RecordKind::Contact, "Kari Nordmann"), "kari-nordmann");
    }

    #[test]
    fn a_new_agreement_between_two_parties_is_a_draft_with_both_named() {
        let mut r = reg();
        let (a, b) = (Party::Service("a".into()), Party::Sector(Sector::Ppt));
        let ag = new_agreement(&r, &a, &b);
        assert_eq!(ag.title, "Samarbeidsavtale A – PPT");
        assert_eq!(ag.id.as_str(), "samarbeidsavtale-a-ppt");
        assert_eq!(ag.status, AgreementStatus::Draft, "not current until someone enters it");
        assert_eq!((ag.entered, ag.revision_interval_months), (None, Some(12)));
        assert_eq!(
            (ag.parties.as_slice(), ag.party_sectors.as_slice()),
            (&["a".into()][..], &[Sector::Ppt][..])
        );
        // A second one gets a free id, not the first one's.
        r.apply(Edit::put(Record::Agreement(ag.clone())));
        assert_ne!(new_agreement(&r, &a, &b).id, ag.id);
        // A party the register does not know is named by its id.
        assert_eq!(
            new_agreement(&r, &a, &Party::Service("borte".into())).title,
            "Samarbeidsavtale A – borte"
        );
    }

    #[test]
    fn verifying_and_confirming_set_todays_date_and_nothing_else() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
        let c = Contact::new("k", "Kari", "Rådgiver", "a");
        let Edit::Put(rec) = verify_contact(&c, today) else { panic!("a put") };
        let Record::Contact(v) = *rec else { panic!("a contact") };
        assert_eq!(v, Contact { verified: Some(today), ..c });
        let reg = crate::store::parse_bytes(crate::store::EXAMPLE.as_bytes()).unwrap();
        let o = reg.offerings[0].clone();
        let Edit::Put(rec) = confirm_offering(&o, today) else { panic!("a put") };
        let Record::Offering(v) = *rec else { panic!("an offering") };
        assert_eq!(v, Offering { confirmed: Some(today), ..o });
    }
}
