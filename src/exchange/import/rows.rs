//! Building the plan row by row: who each row is, whether they are already in the register
//! or earlier in the file, and what would change; then the deputies and predecessors rows
//! name, which may be rows further down.

use super::plan::*;
use super::row::{RowPlan, contact_changes, merge, plan_row};
use super::services::{Ids, Lookup, ServiceRef};
use super::view::{RowView, shown};
use super::{Field, ImportError, Mapping, Table, norm};
use crate::model::format::find_national_id;
use crate::model::*;
use std::collections::{HashMap, HashSet};

/// A contact row that comes in, as added or as an update.
#[derive(Clone, Copy)]
enum Placed {
    Added(usize),
    Duplicate(usize),
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
    // Deputies and predecessors named by rows that come in: resolved at the end.
    let mut refs: Vec<(Placed, Vec<Remark>, String, String)> = Vec::new();

    for row in &table.rows {
        let n = row.number;
        let view = RowView::new(row, mapping, &table.headers);
        if view.is_blank() {
            plan.skipped.push((n, "Tom rad".to_owned()));
            continue;
        }
        if let Some(col) = view.cells().iter().position(|c| find_national_id(c).is_some()) {
            let header = table.headers.get(col).map_or("", |h| h.as_str());
            plan.rejected.push((
                n,
                format!(
                    "Kolonnen «{}» ser ut til å inneholde et fødselsnummer, som aldri skal lagres i registeret",
                    shown(header)
                ),
            ));
            continue;
        }
        let (contact, service_ref, remarks, deputy, replaces) =
            match plan_row(reg, &lookup, &view, options, &mut plan, &mut ids, n) {
                Err(reason) => {
                    plan.rejected.push((n, reason));
                    continue;
                }
                Ok(RowPlan::Service) => continue,
                Ok(RowPlan::Contact { contact, service, remarks, deputy, replaces }) => {
                    (*contact, service, remarks, deputy, replaces)
                }
            };
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
        let by_name = existing(lookup.contact_by_name.get(&(name_key.0.clone(), contact.service.as_str())));
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
        let placed = match found {
            None => {
                plan.added.push(PlannedContact { row: n, contact, new_service });
                Placed::Added(plan.added.len() - 1)
            }
            Some((existing, reason)) => {
                let updated = merge(existing, &contact, &view);
                plan.duplicates.push(Duplicate {
                    row: n,
                    existing: existing.clone(),
                    updated,
                    reason: reason.to_owned(),
                    changes: Vec::new(),
                    new_service,
                });
                Placed::Duplicate(plan.duplicates.len() - 1)
            }
        };
        refs.push((placed, remarks, deputy, replaces));
    }
    resolve_links(reg, &mut plan, refs);
    // A row matching a contact and changing nothing is left out.
    let (changed, unchanged): (Vec<Duplicate>, Vec<Duplicate>) =
        std::mem::take(&mut plan.duplicates).into_iter().partition(|d| !d.changes.is_empty());
    plan.duplicates = changed;
    for d in unchanged {
        plan.skipped.push((d.row, format!("Finnes fra før uten endringer ({})", d.reason)));
        plan.remarks.retain(|r| r.row != d.row);
    }
    plan.skipped.sort_by_key(|(row, _)| *row);
    plan.remarks.sort_by_key(|r| r.row);
    Ok(plan)
}

/// Sets each placed contact's deputy and predecessor from the cells that name them: a
/// contact id, or a name that only one contact has, in the register or among the rows
/// added. A name that fits none or several is left out with a remark.
fn resolve_links(reg: &Register, plan: &mut ImportPlan, refs: Vec<(Placed, Vec<Remark>, String, String)>) {
    let mut ids: HashSet<String> = reg.contacts.iter().map(|c| c.id.to_string()).collect();
    let mut by_name: HashMap<String, Vec<ContactId>> = HashMap::new();
    let everyone = reg.contacts.iter().chain(plan.added.iter().map(|a| &a.contact));
    for c in everyone {
        ids.insert(c.id.to_string());
        if !c.name.trim().is_empty() {
            let list = by_name.entry(norm(&c.name)).or_default();
            if !list.contains(&c.id) {
                list.push(c.id.clone());
            }
        }
    }
    let find = |value: &str| -> Result<Option<ContactId>, &'static str> {
        if value.is_empty() {
            return Ok(None);
        }
        if ids.contains(value) {
            return Ok(Some(value.into()));
        }
        match by_name.get(&norm(value)).map(Vec::as_slice) {
            Some([one]) => Ok(Some(one.clone())),
            Some([_, _, ..]) => Err("flere kontakter har dette navnet; bruk kontaktens id"),
            _ => Err("finnes ikke i registeret eller i filen"),
        }
    };
    for (placed, mut remarks, deputy, replaces) in refs {
        let (row, contact, before) = match placed {
            Placed::Added(i) => (plan.added[i].row, &mut plan.added[i].contact, None),
            Placed::Duplicate(i) => {
                let d = &mut plan.duplicates[i];
                (d.row, &mut d.updated, Some(&d.existing))
            }
        };
        for (field, value, what) in
            [(Field::Deputy, &deputy, "stedfortreder"), (Field::Replaces, &replaces, "forgjenger")]
        {
            let target = match find(value) {
                Ok(Some(id)) if id == contact.id => {
                    remarks.push(link_remark(
                        row,
                        field,
                        value,
                        &format!("kan ikke være {what} for seg selv"),
                    ));
                    None
                }
                Ok(found) => found,
                Err(reason) => {
                    remarks.push(link_remark(row, field, value, reason));
                    None
                }
            };
            if let Some(id) = target {
                match field {
                    Field::Deputy => contact.deputy = Some(id),
                    _ => contact.replaces = Some(id),
                }
            }
        }
        if let Some(existing) = before {
            let changes = contact_changes(existing, contact);
            if let Placed::Duplicate(i) = placed {
                plan.duplicates[i].changes = changes;
            }
        }
        plan.remarks.extend(remarks);
    }
}

fn link_remark(row: usize, field: Field, value: &str, reason: &str) -> Remark {
    Remark { row, column: field.label().to_owned(), value: shown(value), reason: reason.to_owned() }
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
        let added: Vec<(usize, &str)> = plan.added.iter().map(|a| (a.row, a.contact.name.as_str())).collect();
        assert_eq!(added, [(2, "Ola Hansen"), (6, "Siri"), (7, "Siri Dahl")], "{plan:#?}");
        let ola = &plan.added[0];
        assert_eq!((ola.row, ola.contact.service.as_str()), (2, "hs-sf"));
        assert_eq!(ola.contact.phone.value, "95 01 23 45");
        // One bad cell does not cost the contact: the number is left out, with a remark.
        assert_eq!(plan.added[1].contact.phone.value, "");
        assert_eq!(plan.remarks.len(), 1);
        let r = &plan.remarks[0];
        assert_eq!((r.row, r.column.as_str(), r.value.as_str()), (6, "Telefon", "950 12 34"));
        assert!(r.reason.contains("8 sifre"), "{}", r.reason);
        assert_eq!(
            plan.added[2].new_service.as_ref().map(|s| s.as_str()),
            Some("familievernkontoret-lillehammer")
        );
        assert_eq!(plan.new_services.len(), 1);
        assert_eq!(plan.new_services[0].service.sector, Sector::Familievern);
        assert_eq!(plan.new_services[0].rows, [6, 7]);

        assert_eq!(plan.duplicates.len(), 1);
        let d = &plan.duplicates[0];
        assert_eq!((d.row, d.reason.as_str(), d.existing.id.as_str()), (4, "samme navn og tjeneste", "kari"));
        assert_eq!(d.updated.phone.value, "61 21 21 21");
        assert_eq!(d.updated.role, "Veileder 18–25");
        assert!(d.updated.mobile.internal, "internal flag kept");
        assert_eq!(d.changes, ["stilling", "telefon"]);

        let rejected: Vec<usize> = plan.rejected.iter().map(|(r, _)| *r).collect();
        assert_eq!(rejected, [5, 8, 10], "{:#?}", plan.rejected);
        assert!(plan.rejected[0].1.contains("flere tjenester"));
        assert!(plan.rejected[1].1.contains("mangler tjeneste"));
        assert!(plan.rejected[2].1.contains("fødselsnummer"));
        assert_eq!(plan.skipped, [(3, "Tom rad".to_owned()), (9, "Samme person som rad 2".to_owned())]);

        let counts = plan.counts(&Choices::default());
        assert_eq!(
            counts,
            Counts { added: 3, updated: 1, skipped: 2, rejected: 3, services_created: 1, with_remarks: 1 }
        );
        let no_create = Choices { create_services: false, ..Choices::default() };
        assert_eq!(plan.counts(&no_create).added, 1);
        assert_eq!(plan.counts(&no_create).with_remarks, 0, "row 6 does not come in");
        let mut skip_kari = Choices::default();
        skip_kari.per_row.insert(4, DuplicateChoice::Skip);
        assert_eq!(plan.counts(&skip_kari).updated, 0);
        assert_eq!(plan.counts(&skip_kari).skipped, 3);
    }

    #[test]
    fn a_formula_without_value_in_the_name_never_makes_a_service_row() {
        let mut t = table("Navn;Tjeneste;Telefon;E-post\nx;NAV;61 21 00 00;post@nav.no\n");
        t.rows[0].cells[0].clear();
        t.rows[0].no_value = vec![0];
        let plan = plan_import(&reg(), &t, &guess_mapping(&t.headers), &ImportOptions::default()).unwrap();
        assert!(plan.service_updates.is_empty(), "NAV's number is not overwritten");
        assert_eq!(plan.rejected.len(), 1);
        assert!(plan.rejected[0].1.contains("Kolonne «Navn»: formel uten verdi"), "{}", plan.rejected[0].1);
        // In a detail column it is a remark.
        let mut t = table("Navn;Tjeneste;Telefon\nOla;NAV;x\n");
        t.rows[0].cells[2].clear();
        t.rows[0].no_value = vec![2];
        let plan = plan_import(&reg(), &t, &guess_mapping(&t.headers), &ImportOptions::default()).unwrap();
        assert_eq!(plan.added.len(), 1);
        assert!(plan.remarks[0].reason.starts_with("formel uten verdi"));
    }

    #[test]
    fn deputies_and_predecessors_are_found_by_id_or_name_also_further_down() {
        let t = table(
            "Id;Navn;Tjeneste;Stedfortreder;Tok over etter\n\
             ola;Ola;NAV;Kari Nordmann;per\n\
             per;Per;Vinstra sjakklubb;ola;\n\
             siv;Siv;NAV;Ingen Her;siv\n",
        );
        let plan = plan_import(&reg(), &t, &guess_mapping(&t.headers), &ImportOptions::default()).unwrap();
        let c = |i: usize| &plan.added[i].contact;
        assert_eq!(
            (c(0).deputy.as_ref().unwrap().as_str(), c(0).replaces.as_ref().unwrap().as_str()),
            ("kari", "per")
        );
        assert_eq!(c(1).deputy.as_ref().unwrap().as_str(), "ola");
        assert_eq!((c(2).deputy.as_ref(), c(2).replaces.as_ref()), (None, None));
        let reasons: Vec<&str> = plan.remarks.iter().map(|r| r.reason.as_str()).collect();
        assert_eq!(
            reasons,
            ["finnes ikke i registeret eller i filen", "kan ikke være forgjenger for seg selv"]
        );
        // Per's new service not created, so Per is left out: Ola keeps no link to him.
        let choices = Choices { create_services: false, ..Choices::default() };
        let mut r = reg();
        r.apply(plan.to_edit(&choices));
        assert!(r.contact(&"per".into()).is_none());
        assert_eq!(r.contact(&"ola".into()).unwrap().replaces, None);
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(crate::model::validate::validate(&r, today), []);
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
            crate::model::validate::validate(&r, chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
                .is_empty()
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
