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

use crate::model::{Agreement, AgreementStatus, Formalisation, Party, Register, Routine, Sector, ServiceId};
use std::collections::HashMap;

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

/// Agreements and routines indexed by the parties they name, built once per register so
/// that each coverage question costs only the records touching its two sides.
pub struct CoverageIndex<'a> {
    covers: Vec<Cover<'a>>,
    /// Service id → records listing that service.
    by_service: HashMap<&'a str, Vec<usize>>,
    /// Sector → records listing that whole sector.
    by_sector: HashMap<Sector, Vec<usize>>,
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

        let mut by_service: HashMap<&'a str, Vec<usize>> = HashMap::new();
        let mut by_sector: HashMap<Sector, Vec<usize>> = HashMap::new();
        for (i, c) in covers.iter().enumerate() {
            for s in c.services {
                let list = by_service.entry(s.as_str()).or_default();
                // A record listing the same service twice is still one record.
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
            for sector in c.sectors {
                let list = by_sector.entry(*sector).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }

        let mut sector_of = HashMap::with_capacity(reg.services.len());
        let mut members: HashMap<Sector, Vec<&'a str>> = HashMap::new();
        for s in &reg.services {
            sector_of.insert(s.id.as_str(), s.sector);
            if s.active {
                members.entry(s.sector).or_default().push(s.id.as_str());
            }
        }

        Self { covers, by_service, by_sector, sector_of, members }
    }

    /// How well the pair `a`–`b` is covered (order does not matter).
    pub fn coverage(&self, a: &Party, b: &Party) -> Coverage {
        let mut best = self.direct(a, b);
        if best == Coverage::Formalised {
            return best;
        }
        // One record per organisation: every active service of the sector on its own.
        if let Party::Sector(sector) = a {
            best = best.best(self.per_member(*sector, |s| self.coverage(&Party::Service(s.into()), b)));
            if best == Coverage::Formalised {
                return best;
            }
        }
        if let Party::Sector(sector) = b {
            best = best.best(self.per_member(*sector, |s| self.coverage(a, &Party::Service(s.into()))));
        }
        best
    }

    /// The worst cover over the sector's active services; none when it has no service.
    fn per_member(&self, sector: Sector, mut cover: impl FnMut(&str) -> Coverage) -> Coverage {
        let Some(members) = self.members.get(&sector).filter(|m| !m.is_empty()) else {
            return Coverage::None;
        };
        let mut worst = Coverage::Formalised;
        for s in members {
            worst = worst.worst(cover(s));
            if worst == Coverage::None {
                break;
            }
        }
        worst
    }

    /// The best single record naming both sides.
    fn direct(&self, a: &Party, b: &Party) -> Coverage {
        let (ca, cb) = (self.candidates(a), self.candidates(b));
        // Walk the shorter list and test the other side on each record.
        let (walk, other) =
            if ca.0.len() + ca.1.len() <= cb.0.len() + cb.1.len() { (ca, b) } else { (cb, a) };
        let mut best = Coverage::None;
        for &i in walk.0.iter().chain(walk.1) {
            let c = &self.covers[i];
            if self.names(c, other) {
                best = best.best(c.level);
                if best == Coverage::Formalised {
                    break;
                }
            }
        }
        best
    }

    /// Records that name the party: by the service itself or by its sector.
    fn candidates(&self, p: &Party) -> (&[usize], &[usize]) {
        let service_list = |id: &str| self.by_service.get(id).map_or(&[][..], Vec::as_slice);
        let sector_list =
            |s: Option<Sector>| s.and_then(|s| self.by_sector.get(&s)).map_or(&[][..], Vec::as_slice);
        match p {
            Party::Service(id) => {
                (service_list(id.as_str()), sector_list(self.sector_of.get(id.as_str()).copied()))
            }
            Party::Sector(s) => (&[], sector_list(Some(*s))),
        }
    }

    fn names(&self, c: &Cover<'_>, p: &Party) -> bool {
        match p {
            Party::Service(id) => {
                c.services.iter().any(|s| s == id)
                    || self.sector_of.get(id.as_str()).is_some_and(|sector| c.sectors.contains(sector))
            }
            Party::Sector(sector) => c.sectors.contains(sector),
        }
    }
}

/// How well the pair `a`–`b` is covered in `reg`. Builds an index each call: when asking
/// about many pairs (a matrix), build one [`CoverageIndex`] and ask it instead.
pub fn coverage(reg: &Register, a: &Party, b: &Party) -> Coverage {
    CoverageIndex::new(reg).coverage(a, b)
}
