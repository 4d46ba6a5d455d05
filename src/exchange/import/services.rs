//! The service a row names: found in the register, or a new one with a guessed sector.

use super::Field;
use super::norm;
use super::plan::{ImportPlan, NewService};
use super::rows::{Ids, Lookup, RowView, ServiceRef};
use crate::model::*;

/// A first guess at the sector of a service named in a spreadsheet; the user can correct it.
pub fn guess_sector(name: &str) -> Sector {
    let n = norm(name);
    let has = |w: &[&str]| w.iter().any(|x| n.contains(x));
    if has(&["barnevern"]) {
        Sector::Barnevern
    } else if has(&["nav"]) && n.split(|c: char| !c.is_alphanumeric()).any(|w| w == "nav") {
        Sector::Nav
    } else if has(&["ppt", "pedagogisk-psykologisk", "pedagogisk psykologisk"]) {
        Sector::Ppt
    } else if has(&["helsestasjon", "skolehelse", "jordmor"]) {
        Sector::Helsestasjon
    } else if has(&["barnehage"]) {
        Sector::Barnehage
    } else if has(&["skole", "sfo"]) {
        Sector::Skole
    } else if has(&["bup", "barne- og ungdomspsykiatri"]) {
        Sector::Bup
    } else if has(&["psykisk", "rus"]) {
        Sector::PsykiskHelseRus
    } else if has(&["familievern"]) {
        Sector::Familievern
    } else if has(&["politi", "lensmann"]) {
        Sector::Politi
    } else if has(&["slt"]) {
        Sector::Slt
    } else if has(&["tannhelse", "tannlege"]) {
        Sector::Tannhelse
    } else if has(&["flyktning", "introduksjon"]) {
        Sector::Flyktningtjeneste
    } else if has(&["familiens hus"]) {
        Sector::FamiliensHus
    } else if has(&["kultur", "fritid", "ungdomsklubb", "bibliotek"]) {
        Sector::KulturFritid
    } else if has(&["frivillig", "røde kors", "home-start", "redd barna", "4h", "kirkens", "lag", "forening"])
    {
        Sector::Frivillig
    } else {
        Sector::Annet
    }
}

pub(super) fn guess_owner(sector: Sector) -> OwnerKind {
    match sector {
        Sector::Nav | Sector::Politi | Sector::Familievern => OwnerKind::State,
        Sector::Bup => OwnerKind::SpecialistHealth,
        Sector::Tannhelse => OwnerKind::County,
        Sector::Frivillig => OwnerKind::Voluntary,
        _ => OwnerKind::Municipal,
    }
}

pub(super) fn resolve_service(
    reg: &Register,
    lookup: &Lookup,
    view: &RowView,
    municipality: Option<&str>,
    plan: &mut ImportPlan,
    ids: &mut Ids,
    n: usize,
) -> Result<Option<ServiceRef>, String> {
    let by_id = view.get(Field::ServiceId);
    if !by_id.is_empty()
        && let Some(i) = lookup.service_by_id.get(by_id)
    {
        return Ok(Some(ServiceRef::Existing(*i)));
    }
    let name = view.get(Field::Service);
    if name.is_empty() {
        return if by_id.is_empty() { Ok(None) } else { Err(format!("Tjeneste-id «{by_id}» finnes ikke")) };
    }
    let key = norm(name);
    let matches: Vec<usize> = lookup.service_by_name.get(&key).cloned().unwrap_or_default();
    let narrowed: Vec<usize> = match municipality {
        Some(m) if matches.len() > 1 => matches
            .iter()
            .copied()
            .filter(|i| reg.services[*i].municipalities.iter().any(|x| x == m))
            .collect(),
        _ => matches.clone(),
    };
    let narrowed = if narrowed.len() > 1 {
        let active: Vec<usize> = narrowed.iter().copied().filter(|i| reg.services[*i].active).collect();
        if active.is_empty() { narrowed } else { active }
    } else {
        narrowed
    };
    match narrowed.as_slice() {
        [one] => return Ok(Some(ServiceRef::Existing(*one))),
        [] if !matches.is_empty() => {
            return Err(format!(
                "Tjenesten «{name}» finnes, men ikke i kommunen «{}»",
                view.get(Field::Municipality)
            ));
        }
        [] => {}
        _ => {
            return Err(format!(
                "«{name}» passer på flere tjenester ({}); legg til kommune eller tjeneste-id",
                narrowed.iter().map(|i| reg.services[*i].id.as_str()).collect::<Vec<_>>().join(", ")
            ));
        }
    }
    // Not in the register: one new service per name (and municipality) in the file.
    let m = municipality.map(str::to_owned);
    if let Some(i) = plan
        .new_services
        .iter()
        .position(|s| norm(&s.service.name) == key && s.service.municipalities.first() == m.as_ref())
    {
        plan.new_services[i].rows.push(n);
        return Ok(Some(ServiceRef::New(i)));
    }
    let sector = guess_sector(name);
    let id = ids.fresh(RecordKind::Service, name);
    let mut service = Service::new(id, name, sector, guess_owner(sector));
    service.municipalities.extend(m);
    plan.new_services.push(NewService { service, rows: vec![n] });
    Ok(Some(ServiceRef::New(plan.new_services.len() - 1)))
}
