//! What points at a record: the references a deletion would break, so the confirmation
//! before a deletion can list exactly what the user is about to lose.

use super::{Party, RecordKind, Register};

/// One record that refers to the one being deleted, as a Norwegian line:
/// «Kontakt «Kari Nordmann» hører til tjenesten».
pub fn references(reg: &Register, kind: RecordKind, id: &str) -> Vec<String> {
    let mut out = Vec::new();
    match kind {
        RecordKind::Service => {
            for c in reg.contacts.iter().filter(|c| c.service.as_str() == id) {
                out.push(format!("Kontakt «{}» hører til tjenesten", c.display_name()));
            }
            for a in reg.agreements.iter().filter(|a| a.parties.iter().any(|p| p.as_str() == id)) {
                out.push(format!("Avtale «{}» har tjenesten som part", a.title));
            }
            for r in reg.routines.iter().filter(|r| r.services.iter().any(|s| s.as_str() == id)) {
                out.push(format!("Rutine «{}» gjelder tjenesten", r.title));
            }
            for f in reg.forums.iter().filter(|f| f.participants.iter().any(|s| s.as_str() == id)) {
                out.push(format!("Forum «{}» har tjenesten som deltaker", f.name));
            }
            for o in reg.offerings.iter().filter(|o| o.provider.as_str() == id) {
                out.push(format!("Tilbud «{}» drives av tjenesten", o.name));
            }
            let names = |p: &Party| matches!(p, Party::Service(s) if s.as_str() == id);
            for e in reg.expectations.iter().filter(|e| names(&e.a) || names(&e.b)) {
                out.push(format!("Forventet samarbeid «{}» nevner tjenesten", e.id));
            }
        }
        RecordKind::Contact => {
            let is = |c: &Option<crate::model::ContactId>| c.as_ref().is_some_and(|c| c.as_str() == id);
            for c in &reg.contacts {
                if is(&c.deputy) {
                    out.push(format!("Kontakt «{}» har personen som stedfortreder", c.display_name()));
                }
                if is(&c.replaces) {
                    out.push(format!("Kontakt «{}» tok over etter personen", c.display_name()));
                }
            }
            for a in reg.agreements.iter().filter(|a| is(&a.owner)) {
                out.push(format!("Avtale «{}» har personen som ansvarlig", a.title));
            }
            for r in reg.routines.iter().filter(|r| is(&r.owner)) {
                out.push(format!("Rutine «{}» har personen som ansvarlig", r.title));
            }
            for f in reg.forums.iter().filter(|f| is(&f.convener)) {
                out.push(format!("Forum «{}» har personen som innkaller", f.name));
            }
            for o in reg.offerings.iter().filter(|o| is(&o.responsible)) {
                out.push(format!("Tilbud «{}» har personen som ansvarlig", o.name));
            }
        }
        // Nothing in the register refers to agreements, routines, forums or offerings.
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    #[test]
    fn service_references_list_every_kind_that_points_at_it() {
        let mut reg = Register::new("t");
        reg.services.push(Service::new("nav", "NAV", Sector::Nav, OwnerKind::State));
        reg.services.push(Service::new("bv", "Barnevern", Sector::Barnevern, OwnerKind::Municipal));
        let mut kari = Contact::new("kari", "Kari", "Veileder", "nav");
        kari.deputy = None;
        reg.contacts.push(kari);
        reg.agreements.push(Agreement::new("a1", "NAV–barnevern", vec!["nav".into(), "bv".into()]));
        reg.offerings.push(Offering::new("o1", "Jobbklubb", "nav"));
        let refs = references(&reg, RecordKind::Service, "nav");
        assert_eq!(
            refs,
            [
                "Kontakt «Kari» hører til tjenesten",
                "Avtale «NAV–barnevern» har tjenesten som part",
                "Tilbud «Jobbklubb» drives av tjenesten",
            ]
        );
        assert_eq!(references(&reg, RecordKind::Service, "bv").len(), 1);
        assert!(references(&reg, RecordKind::Agreement, "a1").is_empty());
    }

    #[test]
    fn contact_references_include_deputy_and_owner() {
        let mut reg = Register::new("t");
        reg.services.push(Service::new("nav", "NAV", Sector::Nav, OwnerKind::State));
        reg.contacts.push(Contact::new("kari", "Kari", "Leder", "nav"));
        let mut ola = Contact::new("ola", "Ola", "Veileder", "nav");
        ola.deputy = Some("kari".into());
        reg.contacts.push(ola);
        let mut a = Agreement::new("a1", "Avtale", vec!["nav".into()]);
        a.owner = Some("kari".into());
        reg.agreements.push(a);
        assert_eq!(
            references(&reg, RecordKind::Contact, "kari"),
            ["Kontakt «Ola» har personen som stedfortreder", "Avtale «Avtale» har personen som ansvarlig"]
        );
    }
}
