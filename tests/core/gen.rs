//! The synthetic register: valid, in proportion, and the same for the same seed.

use crate::common::{self, today};
use chrono::NaiveDate;
use samkart::r#gen::{counts, generate};
use samkart::model::{RecordKind, validate::validate};
use samkart::store;

#[test]
fn generated_registers_have_no_validation_problems() {
    for (records, seed) in [(1, 1), (7, 2), (40, 3), (1_000, 4), (1_000, 2026), (25_000, 5)] {
        let reg = generate(records, seed);
        assert_eq!(reg.total_records(), records, "seed {seed}");
        let problems = validate(&reg, today());
        assert!(
            problems.is_empty(),
            "{records} records, seed {seed}: {:?}",
            &problems[..problems.len().min(5)]
        );
    }
}

#[test]
fn the_file_survives_a_round_trip_and_still_validates() {
    let reg = generate(2_000, 11);
    let text = store::to_text(&reg);
    let back = store::parse(&text).expect("a generated register parses");
    assert_eq!(back.total_records(), 2_000);
    assert!(validate(&back, today()).is_empty());
    // Writing what we read gives the same bytes: the output is already normalised.
    assert_eq!(store::to_text(&back), text);
}

#[test]
fn same_seed_same_bytes_other_seed_other_register() {
    let a = store::to_text(&generate(3_000, 42));
    let b = store::to_text(&generate(3_000, 42));
    assert!(a == b, "same seed gave different output");
    let c = store::to_text(&generate(3_000, 43));
    assert_ne!(a, c);
}

#[test]
fn proportions_follow_the_example() {
    let reg = generate(100_000, 9);
    let services = reg.count(RecordKind::Service) as f64;
    let per_service = |k| reg.count(k) as f64 / services;
    assert!((per_service(RecordKind::Contact) - 3.0).abs() < 0.05);
    // The example has 18 agreements, 14 routines, 10 forums, 38 offerings and 11
    // expectations per 59 services.
    for (kind, example) in [
        (RecordKind::Agreement, 18.0),
        (RecordKind::Routine, 14.0),
        (RecordKind::Forum, 10.0),
        (RecordKind::Offering, 38.0),
        (RecordKind::Expectation, 11.0),
    ] {
        let want = example / 59.0;
        let got = per_service(kind);
        assert!((got - want).abs() < want * 0.1, "{kind:?}: {got:.3} per service, example {want:.3}");
    }
    // A national register spreads over many municipalities, each with its core services.
    assert!(reg.municipalities.len() > 100);
    let per_sector = |s| reg.services.iter().filter(|x| x.sector == s).count();
    assert!(per_sector(samkart::model::Sector::Barnevern) >= reg.municipalities.len());
    assert!(per_sector(samkart::model::Sector::Frivillig) > reg.municipalities.len());
    let c = counts(100_000);
    assert_eq!(c.iter().map(|(_, n)| n).sum::<usize>(), 100_000);
}

#[test]
fn records_look_like_a_norwegian_register() {
    let reg = generate(1_000, 2026);
    let contacts: Vec<_> = reg.contacts.iter().filter(|c| c.is_reachable()).collect();
    assert!(contacts.iter().any(|c| c.name.contains('ø') || c.name.contains('å') || c.name.contains('æ')));
    assert!(contacts.iter().all(|c| c.email.value.ends_with(".kommune.no")));
    assert!(reg.contacts.iter().any(|c| c.mobile.internal), "some mobiles are for partners only");
    assert!(reg.contacts.iter().any(|c| c.vacant), "some posts are vacant");
    assert!(reg.contacts.iter().any(|c| c.replaces.is_some()), "some contacts replaced someone");
    let roles: std::collections::HashSet<_> = reg.contacts.iter().map(|c| c.role.as_str()).collect();
    assert!(roles.contains("Barnevernleder") || roles.contains("Helsesykepleier"), "{roles:?}");
    // Dates around 2020–2026.
    let dates: Vec<NaiveDate> = reg.contacts.iter().filter_map(|c| c.verified).collect();
    assert!(dates.iter().all(|d| *d >= NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() && *d <= today()));
    assert!(reg.agreements.iter().any(|a| !a.revisions.is_empty()));
}

#[test]
fn the_gen_command_writes_a_valid_file() {
    let (_dir, path) = common::temp_path("nasjonalt.ron");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = samkart::cli::gen_cmd(500, 3, &path, &mut out, &mut err);
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
    let reg = store::load(&path).unwrap();
    assert_eq!(reg.total_records(), 500);
    assert!(validate(&reg, today()).is_empty());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), store::to_text(&generate(500, 3)));
}
