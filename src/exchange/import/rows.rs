//! Building the plan row by row: who each row is, whether they are already in the register
//! or earlier in the file, and what would change.

use super::plan::*;
use super::services::resolve_service;
use super::{Field, ImportError, Mapping, Table, clean_cell, norm, parse_bool, parse_date};
use crate::model::format::{check_email, display_phone, find_national_id, normalize_phone};
use crate::model::*;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// Hands out ids for new records that are free both in the register and in this import.
pub(super) struct Ids {
    /// Ids of the register's services and contacts, and those given out by this import.
    taken: HashSet<(RecordKind, String)>,
}

impl Ids {
    fn new(reg: &Register) -> Self {
        let services = reg.services.iter().map(|s| (RecordKind::Service, s.id.to_string()));
        let contacts = reg.contacts.iter().map(|c| (RecordKind::Contact, c.id.to_string()));
        Self { taken: services.chain(contacts).collect() }
    }
    pub(super) fn fresh(&mut self, kind: RecordKind, name: &str) -> String {
        let base = slugify(name);
        let free = |c: &str, taken: &HashSet<(RecordKind, String)>| !taken.contains(&(kind, c.to_owned()));
        let id = if free(&base, &self.taken) {
            base
        } else {
            (2..).map(|n| format!("{base}-{n}")).find(|c| free(c, &self.taken)).expect("some id is free")
        };
        self.taken.insert((kind, id.clone()));
        id
    }
    /// Takes a given id for a new record; false when it is in use.
    fn claim(&mut self, kind: RecordKind, id: &str) -> bool {
        self.taken.insert((kind, id.to_owned()))
    }
}

/// The register's contacts and services by the keys rows are matched on, built once per
/// plan so that each row costs a few hash look-ups, not a scan of the register.
pub(super) struct Lookup<'a> {
    contact_by_id: HashMap<&'a str, usize>,
    contact_by_email: HashMap<String, usize>,
    contact_by_name: HashMap<(String, &'a str), usize>,
    pub(super) service_by_id: HashMap<&'a str, usize>,
    /// Normalised name, abbreviation and «name (ABBR)» → services, in register order.
    pub(super) service_by_name: HashMap<String, Vec<usize>>,
}

impl<'a> Lookup<'a> {
    fn new(reg: &'a Register) -> Self {
        let mut l = Lookup {
            contact_by_id: HashMap::new(),
            contact_by_email: HashMap::new(),
            contact_by_name: HashMap::new(),
            service_by_id: HashMap::new(),
            service_by_name: HashMap::new(),
        };
        for (i, c) in reg.contacts.iter().enumerate() {
            l.contact_by_id.entry(c.id.as_str()).or_insert(i);
            let email = norm(&c.email.value);
            if !email.is_empty() {
                l.contact_by_email.entry(email).or_insert(i);
            }
            let name = norm(&c.name);
            if !name.is_empty() {
                l.contact_by_name.entry((name, c.service.as_str())).or_insert(i);
            }
        }
        for (i, s) in reg.services.iter().enumerate() {
            l.service_by_id.entry(s.id.as_str()).or_insert(i);
            let mut keys = vec![norm(&s.name), norm(&s.abbreviation), norm(&s.display_name())];
            keys.sort();
            keys.dedup();
            for k in keys.into_iter().filter(|k| !k.is_empty()) {
                l.service_by_name.entry(k).or_default().push(i);
            }
        }
        l
    }
}

/// The cells of one row, read through the mapping.
pub(super) struct RowView<'a> {
    cells: Vec<String>,
    mapping: &'a Mapping,
}

impl RowView<'_> {
    pub(super) fn get(&self, field: Field) -> &str {
        self.mapping.column(field).and_then(|c| self.cells.get(c)).map_or("", |s| s.as_str())
    }
    fn flag(&self, field: Field) -> Option<bool> {
        parse_bool(self.get(field))
    }
}

/// Where a row's service comes from.
pub(super) enum ServiceRef {
    Existing(usize),
    /// Index into `plan.new_services`.
    New(usize),
}

/// Works out what importing `table` through `mapping` would do to `reg`. Pure: the
/// register is not changed. Fails only when no column gives a name or a service.
pub fn plan_import(
    reg: &Register,
    table: &Table,
    mapping: &Mapping,
    options: &ImportOptions,
) -> Result<ImportPlan, ImportError> {
    let names = mapping.has(Field::Name) || mapping.has(Field::FirstName) || mapping.has(Field::LastName);
    if !names && !mapping.has(Field::Service) && !mapping.has(Field::ServiceId) {
        return Err(ImportError::NoNameOrService);
    }
    let mut plan = ImportPlan::default();
    let mut ids = Ids::new(reg);
    let lookup = Lookup::new(reg);
    // Who this import has already placed, to catch the same person twice in one file.
    let mut seen_email: HashMap<String, usize> = HashMap::new();
    let mut seen_name: HashMap<(String, String), usize> = HashMap::new();
    let mut seen_id: HashMap<String, usize> = HashMap::new();
    // Existing contacts touched by an earlier row.
    let mut touched: HashMap<String, usize> = HashMap::new();

    for row in &table.rows {
        let n = row.number;
        let view = RowView { cells: row.cells.iter().map(|c| clean_cell(c)).collect(), mapping };
        if view.cells.iter().all(String::is_empty) {
            plan.skipped.push((n, "Tom rad".to_owned()));
            continue;
        }
        if let Some(col) = view.cells.iter().position(|c| find_national_id(c).is_some()) {
            let header = table.headers.get(col).map_or("", |h| h.as_str());
            plan.rejected.push((
                n,
                format!("Kolonnen «{header}» ser ut til å inneholde et fødselsnummer, som aldri skal lagres i registeret"),
            ));
            continue;
        }
        match plan_row(reg, &lookup, &view, options, &mut plan, &mut ids, n) {
            Err(reason) => plan.rejected.push((n, reason)),
            Ok(None) => {}
            Ok(Some((contact, service_ref))) => {
                let new_service = match service_ref {
                    ServiceRef::New(i) => Some(plan.new_services[i].service.id.clone()),
                    ServiceRef::Existing(_) => None,
                };
                let email = norm(&contact.email.value);
                let name_key = (norm(&contact.name), contact.service.to_string());
                // The same person earlier in this file?
                let earlier = seen_id
                    .get(contact.id.as_str())
                    .or_else(|| if email.is_empty() { None } else { seen_email.get(&email) })
                    .or_else(|| if name_key.0.is_empty() { None } else { seen_name.get(&name_key) });
                if let Some(first) = earlier {
                    plan.skipped.push((n, format!("Samme person som rad {first}")));
                    continue;
                }
                // The same person already in the register?
                let existing = |i: Option<&usize>| i.map(|i| &reg.contacts[*i]);
                let by_id = existing(lookup.contact_by_id.get(contact.id.as_str()));
                let by_email = existing(lookup.contact_by_email.get(&email));
                let by_name =
                    existing(lookup.contact_by_name.get(&(name_key.0.clone(), contact.service.as_str())));
                let found = by_id
                    .map(|c| (c, "samme id"))
                    .or(by_email.map(|c| (c, "samme e-post")))
                    .or(by_name.map(|c| (c, "samme navn og tjeneste")));
                let id_key = match found {
                    Some((c, _)) => c.id.to_string(),
                    None => contact.id.to_string(),
                };
                if let Some(first) = touched.get(&id_key) {
                    plan.skipped.push((n, format!("Samme person som rad {first}")));
                    continue;
                }
                seen_id.insert(id_key.clone(), n);
                touched.insert(id_key, n);
                if !email.is_empty() {
                    seen_email.insert(email, n);
                }
                if !name_key.0.is_empty() {
                    seen_name.insert(name_key, n);
                }
                match found {
                    None => plan.added.push(PlannedContact { row: n, contact, new_service }),
                    Some((existing, reason)) => {
                        let updated = merge(existing, &contact, &view);
                        let changes = contact_changes(existing, &updated);
                        if changes.is_empty() {
                            plan.skipped.push((n, format!("Finnes fra før uten endringer ({reason})")));
                        } else {
                            plan.duplicates.push(Duplicate {
                                row: n,
                                existing: existing.clone(),
                                updated,
                                reason: reason.to_owned(),
                                changes,
                                new_service,
                            });
                        }
                    }
                }
            }
        }
    }
    Ok(plan)
}

/// Reads one row. `Ok(None)` when the row only described a service (handled here);
/// `Ok(Some(..))` for a contact; `Err(reason)` when the row is refused.
fn plan_row(
    reg: &Register,
    lookup: &Lookup,
    view: &RowView,
    options: &ImportOptions,
    plan: &mut ImportPlan,
    ids: &mut Ids,
    n: usize,
) -> Result<Option<(Contact, ServiceRef)>, String> {
    let name = if !view.get(Field::Name).is_empty() {
        view.get(Field::Name).to_owned()
    } else {
        [view.get(Field::FirstName), view.get(Field::LastName)]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let vacant = view.flag(Field::Vacant).unwrap_or(false);

    let phone = phone_cell(view.get(Field::Phone), "Telefon")?;
    let mobile = phone_cell(view.get(Field::Mobile), "Mobil")?;
    let email = view.get(Field::Email).to_owned();
    if !email.is_empty() {
        check_email(&email).map_err(|e| format!("E-post «{email}»: {e}"))?;
    }
    let municipality = municipality_number(reg, view.get(Field::Municipality));
    let service = resolve_service(reg, lookup, view, municipality.as_deref(), plan, ids, n)?;

    if name.is_empty() && !vacant {
        let Some(service) = service else {
            return Err("Raden mangler både navn og tjeneste".to_owned());
        };
        // A row with a service and no person: the service's own phone and e-mail.
        if let ServiceRef::Existing(i) = service {
            let old = &reg.services[i];
            let mut s = old.clone();
            if let Some(p) = phone.as_ref().or(mobile.as_ref()) {
                s.phone = p.clone();
            }
            if !email.is_empty() {
                s.email = email;
            }
            let mut changes = Vec::new();
            if s.phone != old.phone {
                changes.push("telefon");
            }
            if s.email != old.email {
                changes.push("e-post");
            }
            if changes.is_empty() {
                plan.skipped.push((n, format!("Tjenesten «{}» finnes fra før uten endringer", old.name)));
            } else if let Some(u) = plan.service_updates.iter_mut().find(|u| u.service.id == s.id) {
                plan.skipped
                    .push((n, format!("Tjenesten «{}» er allerede oppdatert fra rad {}", old.name, u.row)));
            } else {
                plan.service_updates.push(ServiceUpdate { row: n, service: s, changes });
            }
        } else if let ServiceRef::New(i) = service {
            let s = &mut plan.new_services[i].service;
            if let Some(p) = phone.as_ref().or(mobile.as_ref())
                && s.phone.is_empty()
            {
                s.phone = p.clone();
            }
            if !email.is_empty() && s.email.is_empty() {
                s.email = email;
            }
        }
        return Ok(None);
    }
    let Some(service) = service else {
        return Err(format!(
            "Raden mangler tjeneste for «{}»",
            if name.is_empty() { "ledig stilling" } else { &name }
        ));
    };
    let service_id = match service {
        ServiceRef::Existing(i) => reg.services[i].id.clone(),
        ServiceRef::New(i) => plan.new_services[i].service.id.clone(),
    };

    let id_cell = view.get(Field::Id);
    let id = if is_valid_id(id_cell)
        && (lookup.contact_by_id.contains_key(id_cell) || ids.claim(RecordKind::Contact, id_cell))
    {
        id_cell.to_owned()
    } else {
        let basis =
            if name.is_empty() { format!("{} {}", view.get(Field::Role), service_id) } else { name.clone() };
        ids.fresh(RecordKind::Contact, &basis)
    };
    let mut c = Contact::new(id, &name, view.get(Field::Role), service_id);
    c.vacant = vacant;
    let detail = |value: Option<String>, internal: Field| ContactDetail {
        value: value.unwrap_or_default(),
        internal: view.flag(internal).unwrap_or(false),
    };
    c.phone = detail(phone, Field::PhoneInternal);
    c.mobile = detail(mobile, Field::MobileInternal);
    c.email = detail(Some(email), Field::EmailInternal);
    c.topics = split_topics(view.get(Field::Topics));
    c.note = view.get(Field::Note).to_owned();
    c.active = view.flag(Field::Active).unwrap_or(true);
    c.since = date_cell(view.get(Field::Since), "Fra dato")?;
    c.verified = date_cell(view.get(Field::Verified), "Sist verifisert")?.or(options.verified_on);
    Ok(Some((c, service)))
}

fn phone_cell(value: &str, what: &str) -> Result<Option<String>, String> {
    if value.is_empty() {
        return Ok(None);
    }
    normalize_phone(value).map(|_| Some(display_phone(value))).map_err(|e| format!("{what} «{value}»: {e}"))
}

fn date_cell(value: &str, what: &str) -> Result<Option<NaiveDate>, String> {
    if value.is_empty() {
        return Ok(None);
    }
    parse_date(value).map(Some).ok_or_else(|| format!("{what} «{value}» er ikke en dato (dd.mm.åååå)"))
}

fn split_topics(s: &str) -> Vec<String> {
    s.split([',', ';', '\n']).map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect()
}

/// The kommunenummer for a cell holding a number or a name known to the register.
fn municipality_number(reg: &Register, cell: &str) -> Option<String> {
    if cell.is_empty() {
        return None;
    }
    reg.municipalities
        .iter()
        .find(|m| m.number == cell || norm(&m.name) == norm(cell))
        .map(|m| m.number.clone())
}

/// The existing contact with the row's non-empty values written over it. Internal flags are
/// kept unless the file says otherwise: a number marked internal stays internal.
fn merge(existing: &Contact, row: &Contact, view: &RowView) -> Contact {
    let mut c = existing.clone();
    let text = |old: &mut String, new: &str| {
        if !new.is_empty() {
            *old = new.to_owned();
        }
    };
    // «KARI NORDMANN» in a sheet is no reason to rewrite «Kari Nordmann».
    if norm(&row.name) != norm(&c.name) {
        text(&mut c.name, &row.name);
    }
    text(&mut c.role, &row.role);
    text(&mut c.note, &row.note);
    c.service = row.service.clone();
    for (old, new, flag) in [
        (&mut c.phone, &row.phone, Field::PhoneInternal),
        (&mut c.mobile, &row.mobile, Field::MobileInternal),
        (&mut c.email, &row.email, Field::EmailInternal),
    ] {
        // Same address in other capitals is the same address: keep the register's spelling.
        if norm(&old.value) != norm(&new.value) {
            text(&mut old.value, &new.value);
        }
        if let Some(internal) = view.flag(flag) {
            old.internal = internal;
        }
    }
    if !row.topics.is_empty() {
        c.topics = row.topics.clone();
    }
    if view.flag(Field::Vacant).is_some() {
        c.vacant = row.vacant;
    }
    if view.flag(Field::Active).is_some() {
        c.active = row.active;
    }
    c.since = row.since.or(c.since);
    c.verified = row.verified.or(c.verified);
    c
}

fn contact_changes(a: &Contact, b: &Contact) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut check = |changed: bool, name| {
        if changed {
            out.push(name);
        }
    };
    check(a.name != b.name, "navn");
    check(a.role != b.role, "stilling");
    check(a.service != b.service, "tjeneste");
    check(a.phone != b.phone, "telefon");
    check(a.mobile != b.mobile, "mobil");
    check(a.email != b.email, "e-post");
    check(a.topics != b.topics, "kontakt for");
    check(a.note != b.note, "merknad");
    check(a.vacant != b.vacant, "ledig stilling");
    check(a.active != b.active, "aktiv");
    check(a.since != b.since, "fra dato");
    check(a.verified != b.verified, "sist verifisert");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Edit;
    use crate::exchange::import::{guess_mapping, read_table_bytes};

    fn table(csv: &str) -> Table {
        read_table_bytes(csv.as_bytes(), None).unwrap()
    }

    fn reg() -> Register {
        let mut r = Register::new("t");
        r.municipalities.push(Municipality { number: "3436".into(), name: "Nord-Fron".into() });
        r.municipalities.push(Municipality { number: "3438".into(), name: "Sør-Fron".into() });
        let mut hs1 = Service::new("hs-nf", "Helsestasjon", Sector::Helsestasjon, OwnerKind::Municipal);
        hs1.municipalities = vec!["3436".into()];
        let mut hs2 = Service::new("hs-sf", "Helsestasjon", Sector::Helsestasjon, OwnerKind::Municipal);
        hs2.municipalities = vec!["3438".into()];
        let mut nav = Service::new("nav", "NAV Midtdalen", Sector::Nav, OwnerKind::State);
        nav.abbreviation = "NAV".into();
        r.services = vec![hs1, hs2, nav];
        let mut kari = Contact::new("kari", "Kari Nordmann", "Veileder", "nav");
        kari.email = ContactDetail::public("kari@nav.no");
        kari.mobile = ContactDetail::internal("99 88 77 66");
        r.contacts = vec![kari];
        r
    }

    #[test]
    fn rows_are_planned_added_updated_skipped_or_rejected() {
        let t = table(
            "Navn;Stilling;Tjeneste;Kommune;Telefon;E-post\n\
             Ola Hansen;Helsesykepleier;Helsestasjon;Sør-Fron;+47 950 12 345;\n\
             ;;;;;\n\
             KARI  nordmann;Veileder 18–25;NAV;;0047 61212121;\n\
             Per;Rådgiver;Helsestasjon;;;\n\
             Siri;Leder;Familievernkontoret Lillehammer;;950 12 34;\n\
             Siri Dahl;Leder;Familievernkontoret Lillehammer;;;siri@bufetat.no\n\
             Nils;Leder;;;;\n\
             ola hansen;Helsesykepleier;Helsestasjon;3438;;\n\
             Test;Leder;NAV;;;15076500565\n",
        );
        let m = guess_mapping(&t.headers);
        let plan = plan_import(&reg(), &t, &m, &ImportOptions::default()).unwrap();
        assert_eq!(plan.added.len(), 2, "{plan:#?}");
        let ola = &plan.added[0];
        assert_eq!((ola.row, ola.contact.service.as_str()), (2, "hs-sf"));
        assert_eq!(ola.contact.phone.value, "95 01 23 45");
        assert_eq!(plan.added[1].contact.name, "Siri Dahl");
        assert_eq!(
            plan.added[1].new_service.as_ref().map(|s| s.as_str()),
            Some("familievernkontoret-lillehammer")
        );
        assert_eq!(plan.new_services.len(), 1);
        assert_eq!(plan.new_services[0].service.sector, Sector::Familievern);

        assert_eq!(plan.duplicates.len(), 1);
        let d = &plan.duplicates[0];
        assert_eq!((d.row, d.reason.as_str(), d.existing.id.as_str()), (4, "samme navn og tjeneste", "kari"));
        assert_eq!(d.updated.phone.value, "61 21 21 21");
        assert_eq!(d.updated.role, "Veileder 18–25");
        assert!(d.updated.mobile.internal, "internal flag kept");
        assert_eq!(d.changes, ["stilling", "telefon"]);

        let rejected: Vec<usize> = plan.rejected.iter().map(|(r, _)| *r).collect();
        assert_eq!(rejected, [5, 6, 8, 10], "{:#?}", plan.rejected);
        assert!(plan.rejected[0].1.contains("flere tjenester"));
        assert!(plan.rejected[1].1.contains("8 sifre"));
        assert!(plan.rejected[2].1.contains("mangler tjeneste"));
        assert!(plan.rejected[3].1.contains("fødselsnummer"));
        assert_eq!(plan.skipped, [(3, "Tom rad".to_owned()), (9, "Samme person som rad 2".to_owned())]);

        let counts = plan.counts(&Choices::default());
        assert_eq!(counts, Counts { added: 2, updated: 1, skipped: 2, rejected: 4, services_created: 1 });
        let no_create = Choices { create_services: false, ..Choices::default() };
        assert_eq!(plan.counts(&no_create).added, 1);
        let mut skip_kari = Choices::default();
        skip_kari.per_row.insert(4, DuplicateChoice::Skip);
        assert_eq!(plan.counts(&skip_kari).updated, 0);
        assert_eq!(plan.counts(&skip_kari).skipped, 3);
    }

    #[test]
    fn the_edit_is_one_undoable_step() {
        let mut r = reg();
        let before = r.clone();
        let t = table("Navn,Tjeneste,E-post\nAnne,BUP Lillehammer,anne@sykehuset.no\nKari,NAV,kari@nav.no\n");
        let plan = plan_import(&r, &t, &guess_mapping(&t.headers), &ImportOptions::default()).unwrap();
        let edit = plan.to_edit(&Choices::default());
        assert!(matches!(&edit, Edit::Batch(e) if e.len() == 3));
        let undo = r.apply(edit);
        assert_eq!(r.services.len(), 4);
        assert_eq!(r.contacts.len(), 2);
        assert_eq!(r.contact(&"kari".into()).unwrap().name, "Kari");
        assert!(
            crate::model::validate::validate(&r, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()).is_empty()
        );
        r.apply(undo);
        assert_eq!(r, before);
    }

    #[test]
    fn a_row_without_a_person_updates_its_service() {
        let t = table("Tjeneste;Telefon;E-post\nNAV;61 21 00 00;post@nav.no\nNAV;;\n");
        let plan = plan_import(&reg(), &t, &guess_mapping(&t.headers), &ImportOptions::default()).unwrap();
        assert_eq!(plan.service_updates.len(), 1);
        assert_eq!(plan.service_updates[0].service.phone, "61 21 00 00");
        assert_eq!(plan.skipped.len(), 1);
    }

    #[test]
    fn a_mapping_without_name_or_service_is_refused() {
        let t = table("Telefon;E-post\n95012345;a@b.no\n");
        let err = plan_import(&reg(), &t, &guess_mapping(&t.headers), &ImportOptions::default()).unwrap_err();
        assert!(err.to_string().contains("navn"));
    }
}
