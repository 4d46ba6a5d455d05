//! A synthetic register for measuring Samkart at national scale (`samkart gen`).
//!
//! The register has the proportions of the bundled Midtdalen example — about three contacts
//! per service, and per hundred services some 30 agreements, 24 routines, 17 forums,
//! 64 offerings and 19 expected collaborations — spread over up to 357 municipalities.
//! Names, roles, phone numbers and e-mail addresses look Norwegian, every reference resolves,
//! and dates lie between 2020 and October 2026, so a generated register passes
//! [`crate::model::validate::validate`] with no problems.
//!
//! Generation is deterministic: the same record count and seed give the same register, byte
//! for byte once written. The generator uses its own small PRNG (splitmix64) so that the
//! output never changes with a dependency's version.

use crate::model::*;
use chrono::{Days, NaiveDate};
use std::collections::HashMap;

mod words;
use words::*;

/// The default seed of `samkart gen` and `samkart bench`.
pub const DEFAULT_SEED: u64 = 2026;

/// The most records `samkart gen` makes: about 650 MB of file, well inside
/// [`crate::store::MAX_FILE_BYTES`] (2,000,000 records would be 1.3 GB, a file Samkart
/// refuses to open).
pub const MAX_RECORDS: usize = 1_000_000;

/// Records per hundred services, from the example register (59 services, 132 contacts,
/// 18 agreements, 14 routines, 10 forums, 38 offerings, 11 expectations), with contacts
/// raised to three per service as a full municipality has.
const WEIGHTS: [(RecordKind, usize); 7] = [
    (RecordKind::Service, 100),
    (RecordKind::Contact, 300),
    (RecordKind::Agreement, 30),
    (RecordKind::Routine, 24),
    (RecordKind::Forum, 17),
    (RecordKind::Offering, 64),
    (RecordKind::Expectation, 19),
];

/// Norway has 357 municipalities; a national register never has more.
const MAX_MUNICIPALITIES: usize = 357;
/// About as many services per municipality as Midtdalen has per municipality.
const SERVICES_PER_MUNICIPALITY: usize = 20;

/// How many records of each kind a register of `total` records gets. The counts add up to
/// `total` exactly; rounding goes to contacts, the largest kind.
pub fn counts(total: usize) -> [(RecordKind, usize); 7] {
    let sum: usize = WEIGHTS.iter().map(|(_, w)| w).sum();
    let mut out = WEIGHTS.map(|(k, w)| (k, total * w / sum));
    if total > 0 && out[0].1 == 0 {
        // Everything else hangs on services: a tiny register still gets one.
        out[0].1 = 1;
    }
    let used: usize = out.iter().map(|(_, n)| n).sum();
    if used <= total {
        out[1].1 += total - used;
    } else {
        // Only when `total` is tiny and the forced service overshoots.
        let mut excess = used - total;
        for slot in out.iter_mut().skip(1).rev() {
            let take = excess.min(slot.1);
            slot.1 -= take;
            excess -= take;
        }
    }
    out
}

/// splitmix64: tiny, fast, and good enough for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (`n` > 0), by multiply-shift (no modulo bias worth the name).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }
    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    /// True with probability `percent` / 100.
    pub fn percent(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The last day a generated date may fall on: before the example's «today» (23.11.2026),
/// so that nothing lies in the future when the register is checked.
fn last_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 10, 31).expect("valid date")
}
fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 1, 1).expect("valid date")
}

fn date_between(rng: &mut Rng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let span = (to - from).num_days().max(0) as usize;
    from + Days::new(rng.range(0, span) as u64)
}

/// An 8-digit Norwegian number shown as "xx xx xx xx": landlines start 3, 5, 6 or 7,
/// mobiles 4 or 9.
fn phone(rng: &mut Rng, mobile: bool) -> String {
    let first = if mobile { *rng.pick(&[4u8, 9]) } else { *rng.pick(&[3u8, 5, 6, 7]) };
    let rest = rng.below(10_000_000);
    let d = format!("{first}{rest:07}");
    format!("{} {} {} {}", &d[0..2], &d[2..4], &d[4..6], &d[6..8])
}

/// "Bjørn Løkken" → "bjorn.lokken".
fn mail_local(name: &str) -> String {
    slugify(name).replace('-', ".")
}

/// Ids made from names, with "-2", "-3" … when a name repeats.
#[derive(Default)]
struct Ids(HashMap<String, u32>);

impl Ids {
    fn make(&mut self, base: &str) -> String {
        let slug = slugify(base);
        let n = self.0.entry(slug.clone()).or_insert(0);
        *n += 1;
        if *n == 1 { slug } else { format!("{slug}-{n}") }
    }
}

/// What the generator keeps about a service to hang other records on it.
struct ServiceInfo {
    municipality: usize,
    sector: Sector,
    template: &'static Template,
}

/// A deterministic synthetic register of exactly `total` records.
pub fn generate(total: usize, seed: u64) -> Register {
    let c = counts(total);
    let [n_services, n_contacts, n_agreements, n_routines, n_forums, n_offerings, n_expectations] =
        c.map(|(_, n)| n);
    let mut rng = Rng::new(seed);
    let mut reg = Register::new(if total > 2_000 { "Nasjonalt testregister" } else { "Testregister" });

    // Municipalities: unique made-up names, real-looking numbers (county + two digits).
    let n_mun = (n_services / SERVICES_PER_MUNICIPALITY).clamp(1, MAX_MUNICIPALITIES);
    let mut place_names: Vec<String> = Vec::new();
    for dir in std::iter::once("").chain(DIRECTIONS.iter().copied()) {
        for h in PLACE_HEADS {
            for t in PLACE_TAILS {
                place_names.push(format!("{dir}{h}{t}"));
            }
        }
    }
    // A fixed shuffle: the first names drawn are plain ones, the Nord-/Sør- ones come later.
    let plain = PLACE_HEADS.len() * PLACE_TAILS.len();
    shuffle(&mut rng, &mut place_names[..plain]);
    shuffle(&mut rng, &mut place_names[plain..]);
    for i in 0..n_mun {
        let county = COUNTIES[i % COUNTIES.len()];
        let number = format!("{:04}", county as usize * 100 + 1 + i / COUNTIES.len());
        reg.municipalities.push(Municipality { number, name: place_names[i].clone() });
    }

    // Services: each municipality gets a contiguous block; the core services first.
    let mut ids = Ids::default();
    let mut services: Vec<ServiceInfo> = Vec::with_capacity(n_services);
    let many_total: usize = MANY_WEIGHTS.iter().sum();
    for s in 0..n_services {
        let m = s * n_mun / n_services;
        let block_start = (m * n_services).div_ceil(n_mun);
        let pos = s - block_start;
        let template = if pos < CORE.len() {
            &CORE[pos]
        } else {
            let mut r = rng.below(many_total);
            let mut i = 0;
            while r >= MANY_WEIGHTS[i] {
                r -= MANY_WEIGHTS[i];
                i += 1;
            }
            &MANY[i]
        };
        let mun = &reg.municipalities[m];
        let place = if template.local {
            format!("{}{}", rng.pick(PLACE_HEADS), rng.pick(PLACE_TAILS))
        } else {
            mun.name.clone()
        };
        let name = template.name.replace("{}", &place);
        let mut svc =
            Service::new(ids.make(&format!("{name} {}", mun.number)), &name, template.sector, template.owner);
        svc.abbreviation = template.abbreviation.to_owned();
        svc.municipalities = vec![mun.number.clone()];
        svc.target_age = Some(AgeRange::new(template.ages.0, template.ages.1));
        svc.prevention_levels = template.levels.to_vec();
        svc.access = Some(template.access);
        svc.description = template.description.to_owned();
        svc.opening_hours =
            if rng.percent(60) { "Mandag–fredag 08.00–15.30".into() } else { String::new() };
        svc.phone = phone(&mut rng, false);
        let domain = format!("{}.kommune.no", slugify(&mun.name));
        svc.email = format!("post.{}@{domain}", slugify(&place).replace('-', "."));
        if rng.percent(50) {
            svc.web = format!("https://www.{domain}/{}", slugify(&name));
        }
        svc.address =
            format!("{}vegen {}, {} {}", rng.pick(PLACE_HEADS), rng.range(1, 120), 2000 + m, mun.name);
        if template.owner == OwnerKind::Voluntary || template.owner == OwnerKind::Private {
            svc.org_number = org_number(&mut rng);
        }
        services.push(ServiceInfo { municipality: m, sector: template.sector, template });
        reg.services.push(svc);
    }

    // Contacts: contiguous blocks per service, about three each. The first of a block is
    // the deputy of the others; some posts are vacant, some replaced someone who left.
    let contact_block =
        |s: usize| (s * n_contacts / n_services.max(1), (s + 1) * n_contacts / n_services.max(1));
    for (s, info) in services.iter().enumerate() {
        let (_, end) = contact_block(s);
        let svc_id = reg.services[s].id.clone();
        let domain = format!("{}.kommune.no", slugify(&reg.municipalities[info.municipality].name));
        let mut first: Option<ContactId> = None;
        while reg.contacts.len() < end {
            let role = *rng.pick(info.template.roles);
            let vacant = rng.percent(3);
            let person = format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(SURNAMES));
            let id = ids.make(if vacant { role } else { &person });
            let mut p = Contact::new(id.as_str(), if vacant { "" } else { &person }, role, svc_id.clone());
            p.vacant = vacant;
            if !vacant {
                p.phone = ContactDetail::public(&phone(&mut rng, false));
                if rng.percent(70) {
                    let mobile = phone(&mut rng, true);
                    // Some mobiles are for partners only («kun for samarbeidspartnere»).
                    p.mobile = if rng.percent(40) {
                        ContactDetail::internal(&mobile)
                    } else {
                        ContactDetail::public(&mobile)
                    };
                }
                p.email = ContactDetail::public(&format!("{}@{domain}", mail_local(&person)));
                let since = date_between(&mut rng, first_day(), last_day());
                p.since = Some(since);
                p.verified = Some(date_between(&mut rng, since, last_day()));
            }
            let n_topics = rng.range(1, 3.min(info.template.topics.len()));
            for _ in 0..n_topics {
                let t = *rng.pick(info.template.topics);
                if !p.topics.iter().any(|x| x == t) {
                    p.topics.push(t.to_owned());
                }
            }
            p.deputy = first.clone();
            // Now and then the person before, who has left, is kept so the trail shows.
            // Both count towards the service's share, so only when two slots are left.
            if !vacant && reg.contacts.len() + 2 <= end && rng.percent(5) {
                let before = format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(SURNAMES));
                let mut old = Contact::new(ids.make(&before).as_str(), &before, role, svc_id.clone());
                old.active = false;
                old.note = "Sluttet".into();
                p.replaces = Some(old.id.clone());
                reg.contacts.push(old);
            }
            if first.is_none() && !vacant {
                first = Some(p.id.clone());
            }
            reg.contacts.push(p);
        }
    }
    // A contact of service `s`, if it has any.
    let contact_of = |rng: &mut Rng, contacts: &[Contact], s: usize| -> Option<ContactId> {
        let (start, end) = contact_block(s);
        (end > start).then(|| contacts[rng.range(start, end - 1)].id.clone())
    };

    // Services of one municipality, to pick parties from.
    let block = |m: usize| ((m * n_services).div_ceil(n_mun), ((m + 1) * n_services).div_ceil(n_mun));
    let pick_services = |rng: &mut Rng, m: usize, k: usize| -> Vec<usize> {
        let (start, end) = block(m);
        let mut out: Vec<usize> = Vec::with_capacity(k);
        for _ in 0..k * 3 {
            if out.len() == k || end <= start {
                break;
            }
            let s = rng.range(start, end - 1);
            if !out.contains(&s) {
                out.push(s);
            }
        }
        out
    };

    for i in 0..n_agreements {
        let m = i * n_mun / n_agreements;
        let k = rng.range(2, 4);
        let parties = pick_services(&mut rng, m, k);
        let mun_name = reg.municipalities[m].name.clone();
        let sectors: Vec<&str> = parties.iter().map(|s| services[*s].sector.label()).collect();
        let title = match sectors.as_slice() {
            [a, b, ..] => {
                format!("Samarbeidsavtale {} og {} i {mun_name}", a.to_lowercase(), b.to_lowercase())
            }
            _ => format!("Samarbeidsavtale om barn og unge i {mun_name}"),
        };
        let mut a = Agreement::new(
            ids.make(&format!("avtale {}", title.trim_start_matches("Samarbeidsavtale "))).as_str(),
            &title,
            parties.iter().map(|s| reg.services[*s].id.clone()).collect(),
        );
        if a.parties.len() < 2 {
            // A municipality with a single service still agrees with the volunteers.
            a.party_sectors.push(Sector::Frivillig);
        }
        a.purpose = (*rng.pick(AGREEMENT_PURPOSES)).to_owned();
        a.level = *rng.pick(&[Level::System, Level::Individual, Level::Both]);
        a.status = *rng.pick(&[
            AgreementStatus::Current,
            AgreementStatus::Current,
            AgreementStatus::Current,
            AgreementStatus::UnderRevision,
            AgreementStatus::Draft,
            AgreementStatus::Ended,
        ]);
        a.owner = parties.first().and_then(|s| contact_of(&mut rng, &reg.contacts, *s));
        a.legal_basis = (*rng.pick(LEGAL_BASES)).to_owned();
        if a.status != AgreementStatus::Draft {
            let entered = date_between(&mut rng, first_day(), last_day());
            a.entered = Some(entered);
            a.revision_interval_months = Some(*rng.pick(&[12u32, 12, 24, 36]));
            a.document = format!("https://kvalitet.{}.kommune.no/dokument/{}", slugify(&mun_name), 1000 + i);
            a.revisions = revisions(&mut rng, entered);
        }
        reg.agreements.push(a);
    }

    for i in 0..n_routines {
        let m = i * n_mun / n_routines;
        let (title, kind) = *rng.pick(ROUTINES);
        let mun_name = reg.municipalities[m].name.clone();
        let k = rng.range(2, 6);
        let parties = pick_services(&mut rng, m, k);
        let title = format!("{title} – {mun_name}");
        let formalisation = *rng.pick(&[
            Formalisation::Adopted,
            Formalisation::Adopted,
            Formalisation::Draft,
            Formalisation::Unwritten,
            Formalisation::Missing,
        ]);
        let mut r = Routine::new(
            ids.make(&title).as_str(),
            &title,
            parties.iter().map(|s| reg.services[*s].id.clone()).collect(),
            formalisation,
        );
        r.kind = kind;
        r.owner = parties.first().and_then(|s| contact_of(&mut rng, &reg.contacts, *s));
        if matches!(formalisation, Formalisation::Adopted | Formalisation::Draft) {
            let entered = date_between(&mut rng, first_day(), last_day());
            r.entered = Some(entered);
            r.revision_interval_months = Some(*rng.pick(&[12u32, 24]));
            r.document = format!("https://kvalitet.{}.kommune.no/rutine/{}", slugify(&mun_name), 1000 + i);
            r.revisions = revisions(&mut rng, entered);
        } else {
            r.description = "Praksis er ikke skrevet ned; etterspurt i tilsyn.".into();
        }
        reg.routines.push(r);
    }

    for i in 0..n_forums {
        let m = i * n_mun / n_forums;
        let (name, frequency, level, mandate) = *rng.pick(FORUMS);
        let mun_name = reg.municipalities[m].name.clone();
        let name = format!("{name} {mun_name}");
        let k = rng.range(1, 8);
        let parties = pick_services(&mut rng, m, k);
        let mut f = Forum::new(
            ids.make(&name).as_str(),
            &name,
            parties.iter().map(|s| reg.services[*s].id.clone()).collect(),
        );
        f.frequency = Some(frequency);
        f.level = Some(level);
        f.mandate = mandate.to_owned();
        f.convener = parties.first().and_then(|s| contact_of(&mut rng, &reg.contacts, *s));
        // A first meeting spread over 2025 (from the index, so the random stream and with it
        // every other record stays as before).
        f.first_meeting = NaiveDate::from_ymd_opt(2025, (i % 12) as u32 + 1, (i % 28) as u32 + 1);
        reg.forums.push(f);
    }

    for i in 0..n_offerings {
        let m = i * n_mun / n_offerings;
        let provider = pick_services(&mut rng, m, 1).first().copied().unwrap_or(0);
        let (name, theme, purpose, target, level) = *rng.pick(OFFERINGS);
        let svc_name = reg.services[provider].name.clone();
        let full = format!("{name}, {svc_name}");
        let mut o = Offering::new(ids.make(&full).as_str(), &full, reg.services[provider].id.clone());
        o.theme = theme.to_owned();
        o.purpose = purpose.to_owned();
        o.target_group = target.to_owned();
        let from = rng.range(0, 14) as u8;
        o.age = Some(AgeRange::new(from, from + rng.range(2, 10) as u8));
        o.prevention_level = Some(level);
        o.participants = "Barn, unge og foresatte".into();
        o.responsible = contact_of(&mut rng, &reg.contacts, provider);
        o.free = rng.percent(60);
        if !o.free {
            o.price = (*rng.pick(PRICES)).to_owned();
        }
        let (schedule, days) = *rng.pick(SCHEDULES);
        o.schedule = schedule.to_owned();
        o.weekdays = days.to_vec();
        o.municipalities = vec![reg.municipalities[m].number.clone()];
        o.how_to_join = (*rng.pick(HOW_TO_JOIN)).to_owned();
        if rng.percent(20) {
            // Funding may end in the future; only confirmations must lie in the past.
            o.funded_until = NaiveDate::from_ymd_opt(rng.range(2024, 2028) as i32, 12, 31);
        }
        o.confirmed = Some(date_between(&mut rng, first_day(), last_day()));
        o.active = !rng.percent(5);
        if !o.active {
            o.status = OfferingStatus::Ended;
        }
        reg.offerings.push(o);
    }

    // Expected collaborations: the municipality's child welfare service with another
    // service or a whole sector.
    const EXPECTED: &[(Sector, &str)] = &[
        (Sector::Nav, "Barnevernsloven § 15-8; NAV-loven § 15 a"),
        (Sector::Politi, "Barnevernsloven § 15-8"),
        (Sector::Ppt, "Barnevernsloven § 15-8; opplæringslova § 11-12"),
        (Sector::Helsestasjon, "Barnevernsloven § 15-8; helse- og omsorgstjenesteloven § 3-4"),
        (Sector::Barnehage, "Barnevernsloven § 15-8; barnehageloven § 2a"),
        (Sector::Skole, "Barnevernsloven § 15-8"),
        (Sector::Frivillig, "Barnevernsloven § 15-8 (bør samarbeide med frivillige organisasjoner)"),
    ];
    for i in 0..n_expectations {
        let m = i * n_mun / n_expectations;
        let (start, end) = block(m);
        let (sector, basis) = EXPECTED[i % EXPECTED.len()];
        let a = Party::Service(reg.services[start].id.clone());
        // The service of that sector in the same municipality when there is one.
        let b = (start..end)
            .find(|s| services[*s].sector == sector && *s != start)
            .filter(|_| matches!(sector, Sector::Nav | Sector::Politi | Sector::Ppt))
            .map_or(Party::Sector(sector), |s| Party::Service(reg.services[s].id.clone()));
        let mun_name = &reg.municipalities[m].name;
        reg.expectations.push(Expectation {
            id: ExpectationId::new(ids.make(&format!("barnevern {} {mun_name}", sector.label()))),
            a,
            b,
            basis: basis.to_owned(),
            note: String::new(),
        });
    }

    reg
}

/// Zero to three revisions after `entered`, none after [`last_day`].
fn revisions(rng: &mut Rng, entered: NaiveDate) -> Vec<Revision> {
    let mut out = Vec::new();
    let mut last = entered;
    for _ in 0..rng.range(0, 3) {
        if last >= last_day() {
            break;
        }
        let date = date_between(rng, last + Days::new(1), last_day());
        let note = if rng.percent(30) { "Oppdaterte kontaktpersoner." } else { "" };
        out.push(Revision { date, by: (*rng.pick(REVISERS)).to_owned(), note: note.to_owned() });
        last = date;
    }
    out
}

/// A valid organisation number: eight random digits and the mod-11 check digit (numbers
/// whose check digit would be 10 are skipped, as Brønnøysund does).
fn org_number(rng: &mut Rng) -> String {
    const WEIGHTS: [usize; 8] = [3, 2, 7, 6, 5, 4, 3, 2];
    loop {
        let mut digits = [0usize; 8];
        digits[0] = rng.range(8, 9);
        for d in digits.iter_mut().skip(1) {
            *d = rng.below(10);
        }
        let sum: usize = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
        let check = match 11 - sum % 11 {
            11 => 0,
            10 => continue,
            c => c,
        };
        return digits
            .iter()
            .map(|d| char::from(b'0' + *d as u8))
            .chain([char::from(b'0' + check as u8)])
            .collect();
    }
}

fn shuffle<T>(rng: &mut Rng, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        items.swap(i, rng.below(i + 1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up_and_keep_the_proportions() {
        for total in [0, 1, 2, 5, 7, 100, 1000, 12_345, 300_000] {
            let c = counts(total);
            assert_eq!(c.iter().map(|(_, n)| n).sum::<usize>(), total, "{total}");
        }
        let c = counts(300_000);
        let services = c[0].1 as f64;
        assert!((c[1].1 as f64 / services - 3.0).abs() < 0.01, "{c:?}");
        assert!((c[2].1 as f64 / services - 0.30).abs() < 0.01, "{c:?}");
    }

    #[test]
    fn rng_is_uniform_enough() {
        let mut r = Rng::new(1);
        let mut buckets = [0usize; 10];
        for _ in 0..100_000 {
            buckets[r.below(10)] += 1;
        }
        assert!(buckets.iter().all(|b| (9_000..11_000).contains(b)), "{buckets:?}");
    }

    #[test]
    fn org_numbers_pass_the_check() {
        let mut r = Rng::new(7);
        for _ in 0..200 {
            let n = org_number(&mut r);
            assert_eq!(format::check_org_number(&n), Ok(()), "{n}");
        }
    }
}
