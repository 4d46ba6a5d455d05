//! Expected collaborations: when a pair of services or sectors counts as covered by an
//! agreement or a routine, and the coverage index checked against the rule written the
//! slow, obvious way.

use super::*;

fn expectation_findings(reg: &Register) -> Vec<(String, FindingKind)> {
    run(reg, today())
        .into_iter()
        .filter(|f| f.subject.kind == RecordKind::Expectation)
        .map(|f| (f.subject.id, f.kind))
        .collect()
}

#[test]
fn an_expectation_with_no_cover_is_a_missing_routine() {
    let mut reg = healthy();
    reg.agreements.clear();
    let f: Vec<_> =
        run(&reg, today()).into_iter().filter(|f| f.kind == FindingKind::RoutineMissing).collect();
    assert_eq!(f.len(), 1);
    let f = &f[0];
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.subject.kind, RecordKind::Expectation);
    assert_eq!(f.subject.id, "bv-nav");
    assert_eq!(f.subject.name, "Barnevernet – NAV Test");
    assert!(f.message.contains("Barnevernsloven § 15-8"), "{}", f.message);
    assert_eq!(
        f.action,
        Action::CreateAgreement { a: Party::Service("bv".into()), b: Party::Service("nav".into()) }
    );
}

#[test]
fn how_each_agreement_status_and_routine_state_counts_as_cover() {
    use RoutineStateOrStatus::*;
    enum RoutineStateOrStatus {
        A(AgreementStatus),
        R(Formalisation),
    }
    let cases = [
        (A(AgreementStatus::Current), None),
        (A(AgreementStatus::UnderRevision), None),
        (A(AgreementStatus::Draft), Some(FindingKind::RoutineNotFormalised)),
        (A(AgreementStatus::Ended), Some(FindingKind::RoutineMissing)),
        (R(Formalisation::Adopted), None),
        (R(Formalisation::Draft), Some(FindingKind::RoutineNotFormalised)),
        (R(Formalisation::Unwritten), Some(FindingKind::RoutineNotFormalised)),
        (R(Formalisation::Missing), Some(FindingKind::RoutineMissing)),
    ];
    for (cover, expected) in cases {
        let mut reg = healthy();
        match cover {
            A(status) => agreement(&mut reg).status = status,
            R(state) => {
                reg.agreements.clear();
                reg.routines.push(Routine::new(
                    "r",
                    "Rutine barnevern–NAV",
                    vec!["nav".into(), "bv".into()],
                    state,
                ));
            }
        }
        let got: Vec<_> = expectation_findings(&reg).into_iter().map(|(_, k)| k).collect();
        assert_eq!(got, expected.into_iter().collect::<Vec<_>>());
    }
}

#[test]
fn a_sector_side_is_covered_by_one_record_naming_the_sector_or_one_per_organisation() {
    let bv = Party::Service("bv".into());
    let frivillig = Party::Sector(Sector::Frivillig);
    // The healthy register covers it by one routine naming the sector.
    let reg = healthy();
    assert_eq!(coverage(&reg, &bv, &frivillig), Coverage::Formalised);
    assert_eq!(coverage(&reg, &frivillig, &bv), Coverage::Formalised, "order does not matter");

    // Without it, one routine per organisation: both needed.
    let mut reg = healthy();
    reg.routines.clear();
    assert_eq!(expectation_findings(&reg), [("bv-frivillige".to_owned(), FindingKind::RoutineMissing)]);
    reg.routines.push(Routine::new(
        "r1",
        "Barnevern–Røde Kors",
        vec!["bv".into(), "rk".into()],
        Formalisation::Adopted,
    ));
    assert_eq!(coverage(&reg, &bv, &frivillig), Coverage::None, "Idrettslaget is not covered");
    reg.routines.push(Routine::new(
        "r2",
        "Barnevern–idrettslaget",
        vec!["il".into(), "bv".into()],
        Formalisation::Unwritten,
    ));
    assert_eq!(coverage(&reg, &bv, &frivillig), Coverage::Informal);
    assert_eq!(expectation_findings(&reg), [("bv-frivillige".to_owned(), FindingKind::RoutineNotFormalised)]);
    reg.routines[1].formalisation = Formalisation::Adopted;
    assert_eq!(expectation_findings(&reg), []);
    // An organisation that has closed needs no cover.
    reg.routines.pop();
    reg.services[3].active = false;
    assert_eq!(coverage(&reg, &bv, &frivillig), Coverage::Formalised);
}

#[test]
fn a_record_naming_a_sector_covers_each_service_of_it() {
    let reg = healthy();
    let bv = Party::Service("bv".into());
    assert_eq!(coverage(&reg, &bv, &Party::Service("rk".into())), Coverage::Formalised);
    // …but not services of another sector.
    assert_eq!(coverage(&reg, &Party::Service("nav".into()), &Party::Service("rk".into())), Coverage::None);
}

#[test]
fn a_sector_with_no_service_and_no_record_is_not_covered() {
    let mut reg = healthy();
    reg.expectations.push(Expectation {
        id: "bv-politi".into(),
        a: Party::Service("bv".into()),
        b: Party::Sector(Sector::Politi),
        basis: String::new(),
        note: String::new(),
    });
    let f: Vec<_> =
        run(&reg, today()).into_iter().filter(|f| f.kind == FindingKind::RoutineMissing).collect();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].subject.name, "Barnevernet – Politi");
}

#[test]
fn sector_to_sector_expectations() {
    let mut reg = healthy();
    let barnevern = Party::Sector(Sector::Barnevern);
    let frivillig = Party::Sector(Sector::Frivillig);
    // The routine names barnevernet (the only service of its sector) and the whole
    // volunteer sector: cover per organisation on the barnevern side.
    assert_eq!(coverage(&reg, &barnevern, &frivillig), Coverage::Formalised);
    reg.services.push(Service::new("bv2", "Barnevernvakta", Sector::Barnevern, OwnerKind::InterMunicipal));
    assert_eq!(coverage(&reg, &barnevern, &frivillig), Coverage::None);
    reg.routines[0].sectors.push(Sector::Barnevern);
    assert_eq!(coverage(&reg, &barnevern, &frivillig), Coverage::Formalised);
}

#[test]
fn the_coverage_index_agrees_with_the_function() {
    let mut reg = healthy();
    reg.routines.push(Routine::new(
        "u",
        "Praksis NAV–Røde Kors",
        vec!["nav".into(), "rk".into()],
        Formalisation::Unwritten,
    ));
    let index = CoverageIndex::new(&reg);
    let mut parties: Vec<Party> = reg.services.iter().map(|s| Party::Service(s.id.clone())).collect();
    parties.extend(Sector::ALL.iter().map(|s| Party::Sector(*s)));
    for a in &parties {
        for b in &parties {
            assert_eq!(index.coverage(a, b), coverage(&reg, a, b), "{a:?} – {b:?}");
            assert_eq!(index.coverage(a, b), index.coverage(b, a), "{a:?} – {b:?}");
        }
    }
    assert_eq!(
        index.coverage(&Party::Service("nav".into()), &Party::Service("rk".into())),
        Coverage::Informal
    );
}

/// The coverage rule written the slow, obvious way, to check the index against.
fn brute_coverage(reg: &Register, a: &Party, b: &Party) -> Coverage {
    fn rank(c: Coverage) -> u8 {
        match c {
            Coverage::None => 0,
            Coverage::Informal => 1,
            Coverage::Formalised => 2,
        }
    }
    let sector = |id: &ServiceId| reg.services.iter().find(|s| &s.id == id).map(|s| s.sector);
    let names = |services: &[ServiceId], sectors: &[Sector], p: &Party| match p {
        Party::Service(id) => services.contains(id) || sector(id).is_some_and(|x| sectors.contains(&x)),
        Party::Sector(x) => sectors.contains(x),
    };
    let mut best = Coverage::None;
    for ag in &reg.agreements {
        if names(&ag.parties, &ag.party_sectors, a) && names(&ag.parties, &ag.party_sectors, b) {
            best = std::cmp::max_by_key(best, samkart::review::agreement_cover(ag), |c| rank(*c));
        }
    }
    for r in &reg.routines {
        if names(&r.services, &r.sectors, a) && names(&r.services, &r.sectors, b) {
            best = std::cmp::max_by_key(best, samkart::review::routine_cover(r), |c| rank(*c));
        }
    }
    let members = |x: Sector| -> Vec<Party> {
        reg.services
            .iter()
            .filter(|s| s.active && s.sector == x)
            .map(|s| Party::Service(s.id.clone()))
            .collect()
    };
    let per = |side: Vec<Party>, f: &dyn Fn(&Party) -> Coverage| -> Coverage {
        if side.is_empty() {
            return Coverage::None;
        }
        side.iter().map(f).min_by_key(|c| rank(*c)).unwrap()
    };
    if let Party::Sector(x) = a {
        best = std::cmp::max_by_key(best, per(members(*x), &|s| brute_coverage(reg, s, b)), |c| rank(*c));
    }
    if let Party::Sector(y) = b {
        best = std::cmp::max_by_key(best, per(members(*y), &|t| brute_coverage(reg, a, t)), |c| rank(*c));
    }
    best
}

#[test]
fn the_coverage_index_matches_the_rule_on_random_registers() {
    // A small linear congruential generator: reproducible without a dependency.
    let mut seed: u64 = 0x5eed;
    let mut next = |n: usize| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as usize % n
    };
    let sectors = [Sector::Barnevern, Sector::Nav, Sector::Barnehage, Sector::Frivillig];
    for round in 0..200 {
        let mut reg = Register::new("Tilfeldig");
        for i in 0..(2 + next(6)) {
            let mut s = Service::new(format!("s{i}").as_str(), "T", sectors[next(4)], OwnerKind::Municipal);
            s.active = next(5) != 0;
            reg.services.push(s);
        }
        let n = reg.services.len();
        let pick = |next: &mut dyn FnMut(usize) -> usize| -> (Vec<ServiceId>, Vec<Sector>) {
            let services = (0..next(3)).map(|_| ServiceId::new(format!("s{}", next(n)))).collect();
            let secs = (0..next(2) + usize::from(next(4) == 0)).map(|_| sectors[next(4)]).collect();
            (services, secs)
        };
        for i in 0..next(5) {
            let (services, secs) = pick(&mut next);
            let mut ag = Agreement::new(format!("a{i}").as_str(), "A", services);
            ag.party_sectors = secs;
            ag.status = AgreementStatus::ALL[next(4)];
            reg.agreements.push(ag);
        }
        for i in 0..next(5) {
            let (services, secs) = pick(&mut next);
            let mut r = Routine::new(format!("r{i}").as_str(), "R", services, Formalisation::ALL[next(4)]);
            r.sectors = secs;
            reg.routines.push(r);
        }
        let index = CoverageIndex::new(&reg);
        let mut parties: Vec<Party> = reg.services.iter().map(|s| Party::Service(s.id.clone())).collect();
        parties.extend(sectors.iter().map(|x| Party::Sector(*x)));
        for a in &parties {
            for b in &parties {
                assert_eq!(
                    index.coverage(a, b),
                    brute_coverage(&reg, a, b),
                    "round {round}: {a:?} – {b:?}\n{reg:#?}"
                );
            }
        }
    }
}
