//! The public view: what may be handed to families, clients and the open web.
//!
//! Every `--public` export goes through [`public_view`], so the rule lives in one place:
//! internal-only contact details are dropped, inactive services, contacts and offerings are
//! left out (with everything that hangs on them), vacant posts keep their role but lose any
//! personal detail, and free-text notes meant for colleagues are cleared — the notes of
//! contacts, agreements, forums and expectations, and who revised an agreement or routine and
//! why (the date stays). The review's findings name staff and are never part of a public
//! output (the report leaves them out).

use crate::model::*;
use std::collections::HashSet;

/// The register as the public may see it.
pub fn public_view(reg: &Register) -> Register {
    let services: HashSet<&str> = reg.services.iter().filter(|s| s.active).map(|s| s.id.as_str()).collect();
    let contacts: HashSet<&str> = reg
        .contacts
        .iter()
        .filter(|c| c.active && services.contains(c.service.as_str()))
        .map(|c| c.id.as_str())
        .collect();
    let keep_contact = |id: &Option<ContactId>| id.clone().filter(|c| contacts.contains(c.as_str()));
    let keep_services =
        |ids: &[ServiceId]| ids.iter().filter(|s| services.contains(s.as_str())).cloned().collect();

    let mut out = Register::new(&reg.name);
    out.version = reg.version;
    out.municipalities = reg.municipalities.clone();
    out.settings = reg.settings.clone();
    out.services = reg.services.iter().filter(|s| s.active).cloned().collect();
    out.contacts = reg
        .contacts
        .iter()
        .filter(|c| contacts.contains(c.id.as_str()))
        .map(|c| {
            let mut c = c.clone();
            for detail in [&mut c.phone, &mut c.mobile, &mut c.email] {
                if detail.internal || c.vacant {
                    *detail = ContactDetail::default();
                }
            }
            if c.vacant {
                c.name.clear();
            }
            c.note.clear();
            c.deputy = keep_contact(&c.deputy);
            c.replaces = keep_contact(&c.replaces);
            c
        })
        .collect();
    out.agreements = reg
        .agreements
        .iter()
        .map(|a| {
            let mut a = a.clone();
            a.parties = keep_services(&a.parties);
            a.owner = keep_contact(&a.owner);
            a.note.clear();
            a.revisions = dates_only(&a.revisions);
            a
        })
        .collect();
    out.routines = reg
        .routines
        .iter()
        .map(|r| {
            let mut r = r.clone();
            r.services = keep_services(&r.services);
            r.owner = keep_contact(&r.owner);
            r.revisions = dates_only(&r.revisions);
            r
        })
        .collect();
    out.forums = reg
        .forums
        .iter()
        .map(|f| {
            let mut f = f.clone();
            f.participants = keep_services(&f.participants);
            f.convener = keep_contact(&f.convener);
            f.note.clear();
            f
        })
        .collect();
    out.offerings = reg
        .offerings
        .iter()
        .filter(|o| o.active && services.contains(o.provider.as_str()))
        .map(|o| {
            let mut o = o.clone();
            o.responsible = keep_contact(&o.responsible);
            o
        })
        .collect();
    out.expectations =
        reg.expectations.iter().map(|e| Expectation { note: String::new(), ..e.clone() }).collect();
    out
}

/// Revisions with their dates only: who revised (perhaps someone who has left) and the note
/// are for colleagues.
fn dates_only(revisions: &[Revision]) -> Vec<Revision> {
    revisions.iter().map(|r| Revision { date: r.date, by: String::new(), note: String::new() }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_internal_details_inactive_records_and_vacant_names() {
        let mut reg = Register::new("t");
        reg.services.push(Service::new("nav", "NAV", Sector::Nav, OwnerKind::State));
        let mut closed = Service::new("gammel", "Nedlagt", Sector::Annet, OwnerKind::Municipal);
        closed.active = false;
        reg.services.push(closed);
        let mut kari = Contact::new("kari", "Kari", "Veileder", "nav");
        kari.phone = ContactDetail::public("61 00 00 00");
        kari.mobile = ContactDetail::internal("95 01 23 45");
        kari.note = "Ring helst før 10".into();
        let mut gone = Contact::new("ola", "Ola", "Leder", "nav");
        gone.active = false;
        let mut vacant = Contact::new("ledig", "Per", "Barnekoordinator", "nav");
        vacant.vacant = true;
        vacant.email = ContactDetail::public("per@nav.no");
        let orphan = Contact::new("orphan", "Siri", "Leder", "gammel");
        kari.deputy = Some("ola".into());
        reg.contacts = vec![kari, gone, vacant, orphan];
        let mut stopped = Offering::new("kurs", "Kurs", "nav");
        stopped.active = false;
        reg.offerings = vec![stopped, Offering::new("klubb", "Klubb", "nav")];

        let p = public_view(&reg);
        assert_eq!(p.services.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["nav"]);
        assert_eq!(p.contacts.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["kari", "ledig"]);
        let kari = &p.contacts[0];
        assert_eq!(kari.phone.value, "61 00 00 00");
        assert!(kari.mobile.is_unset());
        assert!(kari.note.is_empty());
        assert_eq!(kari.deputy, None, "deputy who left is not named");
        let vacant = &p.contacts[1];
        assert_eq!(vacant.role, "Barnekoordinator");
        assert!(vacant.name.is_empty() && vacant.email.is_unset());
        assert_eq!(p.offerings.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(), ["klubb"]);
    }

    #[test]
    fn revision_authors_and_notes_stay_behind_but_dates_remain() {
        let mut reg = Register::new("t");
        reg.services.push(Service::new("nav", "NAV", Sector::Nav, OwnerKind::State));
        let date = chrono::NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
        let mut a = Agreement::new("a", "Avtale", vec!["nav".into()]);
        a.revisions.push(Revision { date, by: "Ola som sluttet".into(), note: "Intern vurdering".into() });
        a.note = "Intern merknad".into();
        reg.agreements.push(a);
        let mut r = Routine::new("r", "Rutine", vec!["nav".into()], Formalisation::Adopted);
        r.revisions.push(Revision { date, by: "Ola som sluttet".into(), note: "Intern".into() });
        reg.routines.push(r);
        let p = public_view(&reg);
        assert_eq!(p.agreements[0].revisions, [Revision { date, by: String::new(), note: String::new() }]);
        assert_eq!(p.agreements[0].last_revised(), Some(date));
        assert!(p.agreements[0].note.is_empty());
        assert_eq!(p.routines[0].revisions[0].by, "");
    }
}
