//! The coverage matrix of the Samarbeidskart: services (or sectors) on both axes, each cell
//! the strongest link between the pair — formalised, informal (a draft or unwritten
//! practice), expected by law or plan but missing, or nothing. On the services axis a cell
//! is the review's own coverage rule ([`CoverageIndex`]), so that the map and the review's
//! findings never disagree; the window only draws it.

use crate::model::{Labelled, Party, RecordKind, Register, Sector, ServiceId, sort_key};
use crate::review::{Coverage, CoverageIndex};
use std::collections::{HashMap, HashSet};

/// At most this many services on each axis; the filter narrows the rest.
pub const MAX_SERVICES: usize = 150;

/// What the axes list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Axis {
    #[default]
    Services,
    Sectors,
}

/// The strongest link between a pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    Formalised,
    Informal,
    /// Expected by law or plan, and nothing covers it.
    Missing,
    None,
}

impl Link {
    pub fn label(self) -> &'static str {
        match self {
            Self::Formalised => "Formalisert",
            Self::Informal => "Bare utkast eller muntlig praksis",
            Self::Missing => "Forventet, men mangler",
            Self::None => "Ingen kobling",
        }
    }
}

/// An agreement or routine naming both sides of a cell.
#[derive(Clone, Debug)]
pub struct CellRecord {
    pub kind: RecordKind,
    pub id: String,
    pub title: String,
    /// «Gjeldende», «Muntlig praksis» …
    pub state: &'static str,
    /// How much cover the record gives on its own.
    pub cover: Coverage,
}

#[derive(Clone, Debug)]
pub struct Cell {
    pub link: Link,
    pub records: Vec<CellRecord>,
    /// Why the pair is expected to cooperate (the expectations' basis).
    pub expected: Vec<String>,
}

/// The matrix for one axis and filter.
pub struct Matrix {
    pub parties: Vec<Party>,
    /// Row labels: the full name.
    pub names: Vec<String>,
    /// Column labels: the abbreviation when there is one.
    pub short: Vec<String>,
    cells: Vec<Cell>,
    /// How many matched the filter before the limit.
    pub matched: usize,
}

impl Matrix {
    pub fn len(&self) -> usize {
        self.parties.len()
    }

    pub fn is_empty(&self) -> bool {
        self.parties.is_empty()
    }

    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        &self.cells[row * self.len() + col]
    }

    /// Position of a party on the axes.
    pub fn position(&self, party: &Party) -> Option<usize> {
        self.parties.iter().position(|p| p == party)
    }

    /// Builds the matrix. `filter` narrows by name; `all` includes services with no link.
    pub fn build(reg: &Register, axis: Axis, filter: &str, all: bool) -> Matrix {
        let needle = filter.trim().to_lowercase();
        let (parties, names, short, matched) = match axis {
            Axis::Services => {
                let linked = linked_services(reg);
                let mut list: Vec<&crate::model::Service> = reg
                    .services
                    .iter()
                    .filter(|s| s.active && (all || linked.contains(s.id.as_str())))
                    .filter(|s| {
                        needle.is_empty()
                            || s.name.to_lowercase().contains(&needle)
                            || s.abbreviation.to_lowercase().contains(&needle)
                    })
                    .collect();
                list.sort_by_cached_key(|s| sort_key(&s.name));
                let matched = list.len();
                list.truncate(MAX_SERVICES);
                let short = list
                    .iter()
                    .map(|s| if s.abbreviation.is_empty() { s.name.clone() } else { s.abbreviation.clone() })
                    .collect();
                (
                    list.iter().map(|s| Party::Service(s.id.clone())).collect::<Vec<_>>(),
                    list.iter().map(|s| s.display_name()).collect::<Vec<_>>(),
                    short,
                    matched,
                )
            }
            Axis::Sectors => {
                let present: HashSet<Sector> =
                    reg.services.iter().filter(|s| s.active).map(|s| s.sector).collect();
                let list: Vec<Sector> = Sector::ALL
                    .iter()
                    .copied()
                    .filter(|s| present.contains(s))
                    .filter(|s| needle.is_empty() || s.label().to_lowercase().contains(&needle))
                    .collect();
                let names: Vec<String> = list.iter().map(|s| s.label().to_owned()).collect();
                let matched = list.len();
                (list.into_iter().map(Party::Sector).collect(), names.clone(), names, matched)
            }
        };
        let n = parties.len();
        let index: HashMap<&Party, usize> = parties.iter().enumerate().map(|(i, p)| (p, i)).collect();
        let sector_of: HashMap<&str, Sector> =
            reg.services.iter().map(|s| (s.id.as_str(), s.sector)).collect();
        // The displayed positions a record or expectation names: services directly or
        // through their sector, sectors directly or through their services.
        let positions = |services: &[ServiceId], sectors: &[Sector]| -> Vec<usize> {
            let mut out: Vec<usize> = Vec::new();
            match axis {
                Axis::Services => {
                    out.extend(
                        services.iter().filter_map(|s| index.get(&Party::Service(s.clone())).copied()),
                    );
                    if !sectors.is_empty() {
                        for (i, p) in parties.iter().enumerate() {
                            if let Party::Service(id) = p
                                && sector_of.get(id.as_str()).is_some_and(|s| sectors.contains(s))
                            {
                                out.push(i);
                            }
                        }
                    }
                }
                Axis::Sectors => {
                    let via_services = services.iter().filter_map(|s| sector_of.get(s.as_str()).copied());
                    out.extend(
                        via_services
                            .chain(sectors.iter().copied())
                            .filter_map(|s| index.get(&Party::Sector(s)).copied()),
                    );
                }
            }
            out.sort_unstable();
            out.dedup();
            out
        };

        let mut cells = vec![Cell { link: Link::None, records: Vec::new(), expected: Vec::new() }; n * n];
        let add = |cells: &mut Vec<Cell>, pos: &[usize], rec: &CellRecord| {
            for (k, &i) in pos.iter().enumerate() {
                for &j in &pos[k + 1..] {
                    cells[i * n + j].records.push(rec.clone());
                    cells[j * n + i].records.push(rec.clone());
                }
            }
        };
        for a in &reg.agreements {
            let rec = CellRecord {
                kind: RecordKind::Agreement,
                id: a.id.to_string(),
                title: a.title.clone(),
                state: a.status.label(),
                cover: super::agreement_cover(a),
            };
            add(&mut cells, &positions(&a.parties, &a.party_sectors), &rec);
        }
        for r in &reg.routines {
            let rec = CellRecord {
                kind: RecordKind::Routine,
                id: r.id.to_string(),
                title: r.title.clone(),
                state: r.formalisation.label(),
                cover: super::routine_cover(r),
            };
            add(&mut cells, &positions(&r.services, &r.sectors), &rec);
        }
        let side = |p: &Party| match p {
            Party::Service(s) => positions(std::slice::from_ref(s), &[]),
            Party::Sector(s) => positions(&[], std::slice::from_ref(s)),
        };
        for e in &reg.expectations {
            let why = if e.basis.is_empty() { e.id.to_string() } else { e.basis.clone() };
            let (a, b) = (side(&e.a), side(&e.b));
            for &i in &a {
                for &j in &b {
                    if i != j {
                        cells[i * n + j].expected.push(why.clone());
                        cells[j * n + i].expected.push(why.clone());
                    }
                }
            }
        }
        // Services: the review's rule, so map and findings agree. Sectors: the strongest
        // single record between any services of the two (the review's sector rule asks for
        // every service of a sector, which would paint a sector red over one missing unit).
        let index = (axis == Axis::Services).then(|| CoverageIndex::new(reg));
        let best_record = |cell: &Cell| {
            let covers = cell.records.iter().map(|r| r.cover);
            if covers.clone().any(|c| c == Coverage::Formalised) {
                Coverage::Formalised
            } else if covers.clone().any(|c| c == Coverage::Informal) {
                Coverage::Informal
            } else {
                Coverage::None
            }
        };
        for i in 0..n {
            for j in i + 1..n {
                let coverage = match &index {
                    Some(index) => index.coverage(&parties[i], &parties[j]),
                    None => best_record(&cells[i * n + j]),
                };
                let link = match coverage {
                    Coverage::Formalised => Link::Formalised,
                    Coverage::Informal => Link::Informal,
                    Coverage::None if !cells[i * n + j].expected.is_empty() => Link::Missing,
                    Coverage::None => Link::None,
                };
                cells[i * n + j].link = link;
                cells[j * n + i].link = link;
            }
        }
        Matrix { parties, names, short, cells, matched }
    }
}

/// Active services named by any agreement, routine or expectation (directly or through
/// their sector): the ones worth a row.
fn linked_services(reg: &Register) -> HashSet<&str> {
    let mut sectors: HashSet<Sector> = HashSet::new();
    let mut services: HashSet<&str> = HashSet::new();
    for a in &reg.agreements {
        services.extend(a.parties.iter().map(|s| s.as_str()));
        sectors.extend(a.party_sectors.iter().copied());
    }
    for r in &reg.routines {
        services.extend(r.services.iter().map(|s| s.as_str()));
        sectors.extend(r.sectors.iter().copied());
    }
    for e in &reg.expectations {
        for p in [&e.a, &e.b] {
            match p {
                Party::Service(s) => {
                    services.insert(s.as_str());
                }
                Party::Sector(s) => {
                    sectors.insert(*s);
                }
            }
        }
    }
    for s in &reg.services {
        if sectors.contains(&s.sector) {
            services.insert(s.id.as_str());
        }
    }
    services
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{Edit, Record};

    fn example() -> Register {
        crate::store::parse_bytes(crate::store::EXAMPLE.as_bytes()).unwrap()
    }

    /// The example covers barnevern–barnehage only informally; without the records that
    /// name both sides the expected pair is red.
    fn without_barnevern_barnehage_cover(mut reg: Register) -> Register {
        let names_bv = |s: &[ServiceId], sec: &[Sector]| {
            s.iter().any(|s| s.as_str() == "mgbv") || sec.contains(&Sector::Barnevern)
        };
        let names_bh = |s: &[ServiceId], sec: &[Sector]| {
            s.iter().any(|s| s.as_str() == "vinstra-barnehage") || sec.contains(&Sector::Barnehage)
        };
        reg.agreements
            .retain(|a| !(names_bv(&a.parties, &a.party_sectors) && names_bh(&a.parties, &a.party_sectors)));
        reg.routines.retain(|r| !(names_bv(&r.services, &r.sectors) && names_bh(&r.services, &r.sectors)));
        reg
    }

    #[test]
    fn expected_pair_without_cover_is_red_and_agreement_turns_it_green() {
        let mut reg = without_barnevern_barnehage_cover(example());
        let m = Matrix::build(&reg, Axis::Services, "", false);
        let bv = m.position(&Party::Service("mgbv".into())).unwrap();
        let bh = m.position(&Party::Service("vinstra-barnehage".into())).unwrap();
        assert_eq!(m.cell(bv, bh).link, Link::Missing);
        assert_eq!(m.cell(bh, bv).link, Link::Missing, "symmetric");
        assert!(m.cell(bv, bh).expected[0].contains("15-8"));
        // «Ny avtale» in the cell: a draft covers the pair informally, and formally once
        // it is current.
        let mut ag = crate::edit::new_agreement(&reg, &m.parties[bv], &m.parties[bh]);
        assert_eq!(ag.parties, ["mgbv".into(), "vinstra-barnehage".into()] as [ServiceId; 2]);
        reg.apply(Edit::put(Record::Agreement(ag.clone())));
        let m2 = Matrix::build(&reg, Axis::Services, "", false);
        assert_eq!(m2.cell(bv, bh).link, Link::Informal);
        assert_eq!(m2.cell(bv, bh).records.len(), 1);
        ag.status = crate::model::AgreementStatus::Current;
        reg.apply(Edit::put(Record::Agreement(ag)));
        let m3 = Matrix::build(&reg, Axis::Services, "", false);
        assert_eq!(m3.cell(bv, bh).link, Link::Formalised);
    }

    #[test]
    fn the_example_pair_is_yellow_with_its_routine_listed() {
        let reg = example();
        let m = Matrix::build(&reg, Axis::Services, "", false);
        let bv = m.position(&Party::Service("mgbv".into())).unwrap();
        let bh = m.position(&Party::Service("vinstra-barnehage".into())).unwrap();
        assert_eq!(m.cell(bv, bh).link, Link::Informal);
        assert!(m.cell(bv, bh).records.iter().any(|r| r.id == "samarbeid-barnehage-barnevern"));
    }

    #[test]
    fn cells_agree_with_the_review_coverage() {
        let reg = example();
        let m = Matrix::build(&reg, Axis::Services, "", false);
        for r in 0..m.len() {
            for c in 0..m.len() {
                if r == c {
                    continue;
                }
                let cov = crate::review::coverage(&reg, &m.parties[r], &m.parties[c]);
                let link = m.cell(r, c).link;
                match cov {
                    Coverage::Formalised => assert_eq!(link, Link::Formalised),
                    Coverage::Informal => assert_eq!(link, Link::Informal),
                    Coverage::None => assert!(matches!(link, Link::Missing | Link::None)),
                }
            }
        }
    }

    #[test]
    fn sector_axis_and_filter() {
        let reg = example();
        let m = Matrix::build(&reg, Axis::Sectors, "", false);
        assert!(m.position(&Party::Sector(Sector::Barnevern)).is_some());
        assert!(m.len() <= Sector::ALL.len());
        let f = Matrix::build(&reg, Axis::Services, "barnehage", true);
        assert!(f.len() >= 2 && f.names.iter().all(|n| n.to_lowercase().contains("barnehage")));
    }
}
