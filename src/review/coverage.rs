//! Whether an expected collaboration is covered by an agreement or a routine.
//!
//! One rule, used by the review (`routine_missing`, `routine_not_formalised`) and by the
//! GUI's Samarbeidskart matrix:
//!
//! - A record covers formally when it is an agreement with status Gjeldende or Under
//!   revisjon, or a routine that is written and adopted. A draft agreement, a written draft
//!   routine or an unwritten practice covers only informally. An ended agreement or a
//!   routine marked «Mangler» does not cover at all.
//! - A record names a service when it lists the service, or lists the service's whole
//!   sector (a routine for «barnevern – frivillige organisasjoner» covers each volunteer
//!   organisation). A record names a sector only when it lists that sector.
//! - A side that is a sector is covered either by one record naming the sector, or by one
//!   record per organisation: every active service of the sector covered on its own. A
//!   sector with no active service has nothing to cover it.
//!
//! The best cover wins: formal beats informal beats none.

use super::FastMap as HashMap;
use crate::model::{Agreement, AgreementStatus, Formalisation, Party, Register, Routine, Sector, ServiceId};

/// How well a pair of parties is covered by agreements and routines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Coverage {
    /// A current agreement or an adopted written routine names both sides.
    Formalised,
    /// Only a draft agreement, a draft routine or an unwritten practice.
    Informal,
    /// Nothing.
    None,
}

impl Coverage {
    /// Norwegian label for legends and tooltips.
    pub fn label(self) -> &'static str {
        match self {
            Self::Formalised => "Formalisert",
            Self::Informal => "Ikke formalisert",
            Self::None => "Mangler",
        }
    }

    /// Higher is better; used to take the best of several records.
    fn rank(self) -> u8 {
        match self {
            Self::None => 0,
            Self::Informal => 1,
            Self::Formalised => 2,
        }
    }

    fn best(self, other: Self) -> Self {
        if other.rank() > self.rank() { other } else { self }
    }

    fn worst(self, other: Self) -> Self {
        if other.rank() < self.rank() { other } else { self }
    }
}

/// How much cover one agreement gives.
pub fn agreement_cover(a: &Agreement) -> Coverage {
    match a.status {
        AgreementStatus::Current | AgreementStatus::UnderRevision => Coverage::Formalised,
        AgreementStatus::Draft => Coverage::Informal,
        AgreementStatus::Ended => Coverage::None,
    }
}

/// How much cover one routine gives.
pub fn routine_cover(r: &Routine) -> Coverage {
    match r.formalisation {
        Formalisation::Adopted => Coverage::Formalised,
        Formalisation::Draft | Formalisation::Unwritten => Coverage::Informal,
        Formalisation::Missing => Coverage::None,
    }
}

/// One agreement or routine that gives some cover.
struct Cover<'a> {
    services: &'a [ServiceId],
    sectors: &'a [Sector],
    level: Coverage,
}

impl Cover<'_> {
    fn names_service(&self, id: &str, sector: Option<Sector>) -> bool {
        self.services.iter().any(|s| s.as_str() == id) || sector.is_some_and(|x| self.sectors.contains(&x))
    }
}

/// The best cover that records naming one whole sector give towards every other party.
#[derive(Default)]
struct Reach<'a> {
    services: HashMap<&'a str, Coverage>,
    sectors: HashMap<Sector, Coverage>,
}

impl<'a> Reach<'a> {
    fn add(&mut self, c: &Cover<'a>) {
        for s in c.services {
            let e = self.services.entry(s.as_str()).or_insert(Coverage::None);
            *e = e.best(c.level);
        }
        for x in c.sectors {
            let e = self.sectors.entry(*x).or_insert(Coverage::None);
            *e = e.best(c.level);
        }
    }

    fn towards_service(&self, id: &str, sector: Option<Sector>) -> Coverage {
        let by_service = self.services.get(id).copied().unwrap_or(Coverage::None);
        by_service.best(self.towards_sector(sector))
    }

    fn towards_sector(&self, sector: Option<Sector>) -> Coverage {
        sector.and_then(|x| self.sectors.get(&x)).copied().unwrap_or(Coverage::None)
    }
}

/// Agreements and routines indexed by the parties they name, built once per register in
/// linear time, so that each coverage question costs only the records listing its
/// services (and, for a sector side, one look-up per organisation).
pub struct CoverageIndex<'a> {
    covers: Vec<Cover<'a>>,
    /// Service id → records listing that service.
    by_service: HashMap<&'a str, Vec<usize>>,
    /// Sector → what the records listing that whole sector reach.
    reach: HashMap<Sector, Reach<'a>>,
    /// Service id → its sector, for every service.
    sector_of: HashMap<&'a str, Sector>,
    /// Sector → its active services: the organisations that must each be covered when the
    /// sector is not covered as a whole.
    members: HashMap<Sector, Vec<&'a str>>,
}

impl<'a> CoverageIndex<'a> {
    pub fn new(reg: &'a Register) -> Self {
        let agreements = reg.agreements.iter().map(|a| Cover {
            services: &a.parties,
            sectors: &a.party_sectors,
            level: agreement_cover(a),
        });
        let routines = reg.routines.iter().map(|r| Cover {
            services: &r.services,
            sectors: &r.sectors,
            level: routine_cover(r),
        });
        let covers: Vec<Cover<'a>> =
            agreements.chain(routines).filter(|c| c.level != Coverage::None).collect();

        let mut by_service: HashMap<&'a str, Vec<usize>> = HashMap::default();
        let mut reach: HashMap<Sector, Reach<'a>> = HashMap::default();
        for (i, c) in covers.iter().enumerate() {
            for s in c.services {
                let list = by_service.entry(s.as_str()).or_default();
                // A record listing the same service twice is still one record.
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
            for sector in c.sectors {
                reach.entry(*sector).or_default().add(c);
            }
        }

        let mut sector_of = HashMap::with_capacity_and_hasher(reg.services.len(), Default::default());
        let mut members: HashMap<Sector, Vec<&'a str>> = HashMap::default();
        for s in &reg.services {
            sector_of.insert(s.id.as_str(), s.sector);
            if s.active {
                members.entry(s.sector).or_default().push(s.id.as_str());
            }
        }

        Self { covers, by_service, reach, sector_of, members }
    }

    /// How well the pair `a`–`b` is covered (order does not matter).
    pub fn coverage(&self, a: &Party, b: &Party) -> Coverage {
        match (a, b) {
            (Party::Service(s), Party::Service(t)) => self.service_service(s.as_str(), t.as_str()),
            (Party::Service(s), Party::Sector(x)) | (Party::Sector(x), Party::Service(s)) => {
                self.service_sector(s.as_str(), *x)
            }
            (Party::Sector(x), Party::Sector(y)) => {
                let whole = self.reach.get(x).map_or(Coverage::None, |r| r.towards_sector(Some(*y)));
                if whole == Coverage::Formalised {
                    return whole;
                }
                // One record per organisation, on either side.
                let left = self.per_member(*x, whole, |s| self.service_sector(s, *y));
                if left == Coverage::Formalised {
                    return left;
                }
                whole.best(left).best(self.per_member(*y, whole, |t| self.service_sector(t, *x)))
            }
        }
    }

    /// A service and a sector: a record naming both, else one per organisation of the sector.
    fn service_sector(&self, s: &str, x: Sector) -> Coverage {
        let whole = self.direct_sector(s, x);
        if whole == Coverage::Formalised {
            return whole;
        }
        whole.best(self.per_member(x, whole, |t| self.service_service(s, t)))
    }

    /// The worst cover over the sector's active services; none when it has no service.
    ///
    /// `floor` is the cover of the sector as a whole, which every member has too: once one
    /// member is down to it, the others cannot change the answer, so the walk stops there.
    /// That keeps the usual case to a few look-ups however many members the sector has.
    fn per_member(&self, sector: Sector, floor: Coverage, cover: impl Fn(&str) -> Coverage) -> Coverage {
        let Some(members) = self.members.get(&sector).filter(|m| !m.is_empty()) else {
            return Coverage::None;
        };
        let mut worst = Coverage::Formalised;
        for s in members {
            worst = worst.worst(cover(s));
            if worst.rank() <= floor.rank() {
                break;
            }
        }
        worst
    }

    /// The best single record naming service `s` and the whole sector `x`.
    fn direct_sector(&self, s: &str, x: Sector) -> Coverage {
        // The records listing the sector are exactly those in its reach.
        self.reach.get(&x).map_or(Coverage::None, |r| r.towards_service(s, self.sector_of(s)))
    }

    /// The best single record naming both services.
    fn service_service(&self, s: &str, t: &str) -> Coverage {
        let (ss, st) = (self.sector_of(s), self.sector_of(t));
        // Records naming the sector of one that also name the other …
        let mut best = Coverage::None;
        for (x, other, other_sector) in [(ss, t, st), (st, s, ss)] {
            if let Some(r) = x.and_then(|x| self.reach.get(&x)) {
                best = best.best(r.towards_service(other, other_sector));
            }
        }
        // … and records listing one of them: walk the shorter list. A record listing `s`
        // that names `t` only by its sector was counted above, so either list will do.
        let (walk, other, other_sector) =
            if self.listing(s).len() <= self.listing(t).len() { (s, t, st) } else { (t, s, ss) };
        for c in self.listing(walk) {
            if best == Coverage::Formalised {
                break;
            }
            if c.names_service(other, other_sector) {
                best = best.best(c.level);
            }
        }
        best
    }

    fn sector_of(&self, s: &str) -> Option<Sector> {
        self.sector_of.get(s).copied()
    }

    /// Records listing the service by id.
    fn listing(&self, s: &str) -> impl ExactSizeIterator<Item = &Cover<'a>> + '_ {
        let list = self.by_service.get(s).map_or(&[][..], Vec::as_slice);
        list.iter().map(|&i| &self.covers[i])
    }
}

/// How well the pair `a`–`b` is covered in `reg`. Builds an index each call: when asking
/// about many pairs (a matrix), build one [`CoverageIndex`] and ask it instead.
pub fn coverage(reg: &Register, a: &Party, b: &Party) -> Coverage {
    CoverageIndex::new(reg).coverage(a, b)
}
