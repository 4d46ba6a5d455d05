//! The service a row names: found in the register by id or by name as people write it, linked
//! to a similar one («NAV Ung» for «NAV ungdom»), or a new one with a guessed sector.

use super::Field;
use super::norm;
use super::plan::{ImportOptions, ImportPlan, LikelyService, NewService, ServiceChoice};
use super::view::{RowView, shown};
use crate::model::*;
use std::collections::{HashMap, HashSet};

/// A service name reduced to what tells services apart: lower-case letters and digits only,
/// with the ways one name is written made one («Barnevernstjenesten», «barnevern-tjenesten»
/// and «Barneverntjeneste» all give «barneverntjeneste»).
pub fn service_key(name: &str) -> String {
    let compact: String = name.chars().flat_map(char::to_lowercase).filter(|c| c.is_alphanumeric()).collect();
    compact.replace("stjeneste", "tjeneste").replace("tjenesten", "tjeneste").replace("kontoret", "kontor")
}

/// Words that say little about which service is meant.
const FILLER_WORDS: &[&str] = &["i", "og", "for", "på", "av", "the", "and", "avdeling", "avd", "kommune"];

/// The words of a name that tell it apart.
fn words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 2 && !FILLER_WORDS.contains(&w.as_str()))
        .collect()
}

/// Two words that are one as people write them: equal, one the start of the other («ung»,
/// «ungdom»), or sharing most of their beginning («barnevernet», «barneverntjenesten»).
fn same_word(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let shorter = a.chars().count().min(b.chars().count());
    common >= 3 && common * 4 >= shorter * 3
}

/// How close two service names are, from 0 to 1: the share of words that match, of the
/// longer name's words.
pub fn name_similarity(a: &str, b: &str) -> f64 {
    similarity(&words(a), &words(b))
}

fn similarity(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let matched = a.iter().filter(|x| b.iter().any(|y| same_word(x, y))).count();
    matched as f64 / a.len().max(b.len()) as f64
}

/// The first three letters of a word: two words can only be one if these are equal.
fn stem(word: &str) -> String {
    word.chars().take(3).collect()
}

/// The register's active services by the words of their names, built on the first name the
/// register lacks, so that a file naming many new services does not compare each with
/// every service.
pub(super) struct ServiceWords {
    /// Per service: the words of its name and of «name (ABBR)».
    words: Vec<(Vec<String>, Vec<String>)>,
    /// [`stem`] → services with a word starting so.
    by_stem: std::collections::HashMap<String, Vec<usize>>,
}

impl ServiceWords {
    pub(super) fn new(reg: &Register) -> Self {
        let mut by_stem: std::collections::HashMap<String, Vec<usize>> = std::collections::HashMap::new();
        let mut list = Vec::with_capacity(reg.services.len());
        for (i, s) in reg.services.iter().enumerate() {
            let (name, shown) =
                if s.active { (words(&s.name), words(&s.display_name())) } else { Default::default() };
            let mut stems: Vec<String> = name.iter().chain(&shown).map(|w| stem(w)).collect();
            stems.sort();
            stems.dedup();
            for st in stems {
                by_stem.entry(st).or_default().push(i);
            }
            list.push((name, shown));
        }
        Self { words: list, by_stem }
    }

    /// Active services whose name (or «name (ABBR)») is close to `name`, the closest first,
    /// at most three. Half the words is not close: «Vinstra sjakklubb» is not «Vinstra
    /// idrettslag».
    pub(super) fn likely(&self, reg: &Register, name: &str) -> Vec<ServiceId> {
        let wanted = words(name);
        let mut seen: Vec<usize> =
            wanted.iter().filter_map(|w| self.by_stem.get(&stem(w))).flatten().copied().collect();
        seen.sort_unstable();
        seen.dedup();
        let mut scored: Vec<(f64, usize)> = seen
            .into_iter()
            .map(|i| {
                let (n, shown) = &self.words[i];
                (similarity(&wanted, n).max(similarity(&wanted, shown)), i)
            })
            .filter(|(score, _)| *score > 0.5)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.into_iter().take(3).map(|(_, i)| reg.services[i].id.clone()).collect()
    }
}

/// Active services in the register whose name is close to `name` (see [`ServiceWords`]).
pub fn likely_services(reg: &Register, name: &str) -> Vec<ServiceId> {
    ServiceWords::new(reg).likely(reg, name)
}

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

/// The service of a row: by the «Tjeneste-id» column, by name as written (case, spacing,
/// hyphens and common variants ignored), narrowed by municipality when a name fits several;
/// else, per the user's answer in `options`, a similar service or a new one (the first row
/// naming it creates it, later rows share it).
#[allow(clippy::too_many_arguments)]
pub(super) fn resolve_service(
    reg: &Register,
    lookup: &Lookup,
    view: &RowView,
    municipality: Option<&str>,
    options: &ImportOptions,
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
        return if by_id.is_empty() {
            Ok(None)
        } else {
            Err(format!("Tjeneste-id «{}» finnes ikke", shown(by_id)))
        };
    }
    let key = service_key(name);
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
    let name_shown = shown(name);
    match narrowed.as_slice() {
        [one] => return Ok(Some(ServiceRef::Existing(*one))),
        [] if !matches.is_empty() => {
            return Err(format!(
                "Tjenesten «{name_shown}» finnes, men ikke i kommunen «{}»",
                shown(view.get(Field::Municipality))
            ));
        }
        [] => {}
        _ => {
            return Err(format!(
                "«{name_shown}» passer på flere tjenester ({}); legg til kommune eller tjeneste-id",
                narrowed.iter().map(|i| reg.services[*i].id.as_str()).collect::<Vec<_>>().join(", ")
            ));
        }
    }
    // Not in the register: one answer per name (and municipality) in the file.
    let m = municipality.map(str::to_owned);
    let key = match &m {
        Some(m) => format!("{key}@{m}"),
        None => key,
    };
    if let Some(l) = plan.likely_services.iter_mut().find(|l| l.key == key) {
        l.rows.push(n);
        let i = lookup.service_by_id[l.service.as_str()];
        return Ok(Some(ServiceRef::Existing(i)));
    }
    if let Some(i) = plan.new_services.iter().position(|s| s.key == key) {
        plan.new_services[i].rows.push(n);
        return Ok(Some(ServiceRef::New(i)));
    }
    let candidates = lookup.service_words(reg).likely(reg, name);
    let linked = match options.services.get(&key) {
        Some(ServiceChoice::Use(id)) => lookup.service_by_id.get(id.as_str()).copied(),
        Some(ServiceChoice::Create) => None,
        None => candidates.first().map(|id| lookup.service_by_id[id.as_str()]),
    };
    if let Some(i) = linked {
        plan.likely_services.push(LikelyService {
            key,
            name: name.to_owned(),
            service: reg.services[i].id.clone(),
            candidates,
            rows: vec![n],
        });
        return Ok(Some(ServiceRef::Existing(i)));
    }
    let guessed_sector = guess_sector(name);
    let sector = options.sectors.get(&key).copied().unwrap_or(guessed_sector);
    // The id the file gives (as `kontakter.csv` exports it), so that an export imported into
    // an empty register keeps its ids; else one from the name.
    let id = if is_valid_id(by_id) && ids.claim(RecordKind::Service, by_id) {
        by_id.to_owned()
    } else {
        ids.fresh(RecordKind::Service, name)
    };
    let mut service = Service::new(id, name, sector, guess_owner(sector));
    service.municipalities.extend(m);
    plan.new_services.push(NewService { key, service, rows: vec![n], guessed_sector, candidates });
    Ok(Some(ServiceRef::New(plan.new_services.len() - 1)))
}

/// Hands out ids for new records that are free both in the register and in this import.
pub(super) struct Ids {
    /// Ids of the register's services and contacts, and those given out by this import.
    taken: HashSet<(RecordKind, String)>,
}

impl Ids {
    pub(super) fn new(reg: &Register) -> Self {
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
    pub(super) fn claim(&mut self, kind: RecordKind, id: &str) -> bool {
        self.taken.insert((kind, id.to_owned()))
    }
}

/// The register's contacts and services by the keys rows are matched on, built once per
/// plan so that each row costs a few hash look-ups, not a scan of the register.
pub(super) struct Lookup<'a> {
    pub(super) contact_by_id: HashMap<&'a str, usize>,
    pub(super) contact_by_email: HashMap<String, usize>,
    pub(super) contact_by_name: HashMap<(String, &'a str), usize>,
    pub(super) service_by_id: HashMap<&'a str, usize>,
    /// [`super::services::service_key`] of name, abbreviation and «name (ABBR)» → services,
    /// in register order.
    pub(super) service_by_name: HashMap<String, Vec<usize>>,
    /// For names the register lacks: built on the first.
    service_words: std::cell::OnceCell<ServiceWords>,
}

impl<'a> Lookup<'a> {
    pub(super) fn new(reg: &'a Register) -> Self {
        let mut l = Lookup {
            contact_by_id: HashMap::new(),
            contact_by_email: HashMap::new(),
            contact_by_name: HashMap::new(),
            service_by_id: HashMap::new(),
            service_by_name: HashMap::new(),
            service_words: std::cell::OnceCell::new(),
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
            let key = service_key;
            let mut keys = vec![key(&s.name), key(&s.abbreviation), key(&s.display_name())];
            keys.sort();
            keys.dedup();
            for k in keys.into_iter().filter(|k| !k.is_empty()) {
                l.service_by_name.entry(k).or_default().push(i);
            }
        }
        l
    }

    pub(super) fn service_words(&self, reg: &Register) -> &ServiceWords {
        self.service_words.get_or_init(|| ServiceWords::new(reg))
    }

    pub(super) fn has_contact(&self, id: &str) -> bool {
        self.contact_by_id.contains_key(id)
    }
}

/// Where a row's service comes from.
pub(super) enum ServiceRef {
    Existing(usize),
    /// Index into `plan.new_services`.
    New(usize),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_names_are_one_however_they_are_written() {
        for (a, b) in [
            ("Barnevernstjenesten", "Barneverntjenesten"),
            ("barnevern-tjenesten", "Barneverntjeneste"),
            ("NAV  Midtdalen", "nav midtdalen"),
            ("Familievernkontoret", "familievernkontor"),
        ] {
            assert_eq!(service_key(a), service_key(b), "{a} / {b}");
        }
        assert_ne!(service_key("NAV Ung"), service_key("NAV ungdom"));
    }

    #[test]
    fn similar_names_are_likely_matches_and_shared_places_are_not() {
        assert!(name_similarity("NAV Ung", "NAV ungdom") > 0.9);
        assert!(
            name_similarity("Barnevernet i Midt-Gudbrandsdal", "Midt-Gudbrandsdal barneverntjeneste") > 0.9
        );
        assert!(
            name_similarity("Helsestasjon Ringebu", "Helsestasjon og skolehelsetjeneste Ringebu") > 0.5,
            "two of three words"
        );
        assert!(name_similarity("Vinstra sjakklubb", "Vinstra idrettslag") <= 0.5);
        assert!(name_similarity("NAV Ung", "NAV Midtdalen") <= 0.5);
        assert_eq!(name_similarity("", "NAV"), 0.0);
    }
}
