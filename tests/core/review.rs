//! The review: every kind of finding, triggered by a small hand-built register and not
//! triggered one day either side of each boundary; the example register on its reference day.

use crate::common::today;
use chrono::NaiveDate;
use samkart::model::*;
use samkart::review::{Action, Coverage, CoverageIndex, Finding, FindingKind, Severity, coverage, review};
use std::collections::BTreeMap;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn days(n: i64) -> NaiveDate {
    today() + chrono::Duration::days(n)
}

fn contact(id: &str, name: &str, service: &str) -> Contact {
    let mut c = Contact::new(id, name, "Leder", service);
    c.verified = Some(today());
    c
}

/// A small register with nothing to flag on [`today`]: two services and two volunteer
/// organisations, each with a verified contact; a current, complete agreement barnevern–NAV;
/// an adopted routine naming barnevern and the whole volunteer sector; a forum and an
/// offering, confirmed today.
fn healthy() -> Register {
    let mut reg = Register::new("Testkommune");
    reg.services = vec![
        Service::new("bv", "Barnevernet", Sector::Barnevern, OwnerKind::Municipal),
        Service::new("nav", "NAV Test", Sector::Nav, OwnerKind::State),
        Service::new("rk", "Røde Kors", Sector::Frivillig, OwnerKind::Voluntary),
        Service::new("il", "Idrettslaget", Sector::Frivillig, OwnerKind::Voluntary),
    ];
    reg.contacts = vec![
        contact("kari", "Kari Bakke", "bv"),
        contact("ola", "Ola Li", "nav"),
        contact("siri", "Siri Haug", "rk"),
        contact("per", "Per Dal", "il"),
    ];
    let mut a = Agreement::new("bv-nav", "Samarbeidsavtale barnevern–NAV", vec!["bv".into(), "nav".into()]);
    a.entered = Some(ymd(2026, 6, 1));
    a.revision_interval_months = Some(12);
    a.owner = Some("kari".into());
    a.document = "https://kommune.no/avtaler/bv-nav.pdf".into();
    reg.agreements = vec![a];
    let mut r = Routine::new(
        "bv-frivillige",
        "Rutine barnevern–frivillige",
        vec!["bv".into()],
        Formalisation::Adopted,
    );
    r.sectors = vec![Sector::Frivillig];
    r.entered = Some(ymd(2026, 3, 1));
    r.revision_interval_months = Some(24);
    r.owner = Some("kari".into());
    r.document = "https://kommune.no/rutiner/bv-frivillige.pdf".into();
    reg.routines = vec![r];
    let mut f = Forum::new("beslutningsrad", "Beslutningsråd", vec!["bv".into(), "nav".into()]);
    f.frequency = Some(Frequency::Weekly);
    f.convener = Some("kari".into());
    reg.forums = vec![f];
    let mut o = Offering::new("leksehjelp", "Leksehjelp", "rk");
    o.confirmed = Some(today());
    reg.offerings = vec![o];
    reg.expectations = vec![
        Expectation {
            id: "bv-nav".into(),
            a: Party::Service("bv".into()),
            b: Party::Service("nav".into()),
            basis: "Barnevernsloven § 15-8".into(),
            note: String::new(),
        },
        Expectation {
            id: "bv-frivillige".into(),
            a: Party::Service("bv".into()),
            b: Party::Sector(Sector::Frivillig),
            basis: String::new(),
            note: String::new(),
        },
    ];
    reg
}

fn run(reg: &Register, on: NaiveDate) -> Vec<Finding> {
    review(reg, on, &reg.settings)
}

/// The findings of one kind, as (subject id, severity, due).
fn of(reg: &Register, on: NaiveDate, kind: FindingKind) -> Vec<(String, Severity, Option<NaiveDate>)> {
    run(reg, on).into_iter().filter(|f| f.kind == kind).map(|f| (f.subject.id, f.severity, f.due)).collect()
}

fn kinds(reg: &Register, on: NaiveDate) -> Vec<FindingKind> {
    run(reg, on).into_iter().map(|f| f.kind).collect()
}

/// A yearly check's edge: `set` puts a date of `reg` on 23.11.2025, a year before today (no
/// finding yet), then a day earlier; returns the one finding that gives.
fn the_one_finding_a_year_and_a_day_after(
    reg: &mut Register,
    set: impl Fn(&mut Register, Option<NaiveDate>),
) -> Finding {
    set(reg, Some(ymd(2025, 11, 23)));
    assert_eq!(run(reg, today()), vec![]);
    set(reg, Some(ymd(2025, 11, 22)));
    let mut f = run(reg, today());
    assert_eq!(f.len(), 1, "{f:?}");
    f.remove(0)
}

/// For a date on 29.02.2024 a year later: the findings of `kind` on 01.03.2025, after
/// checking there are none on 28.02.2025.
fn found_on_1_march_not_28_february(
    reg: &Register,
    kind: FindingKind,
) -> Vec<(String, Severity, Option<NaiveDate>)> {
    assert_eq!(of(reg, ymd(2025, 2, 28), kind), []);
    of(reg, ymd(2025, 3, 1), kind)
}

fn agreement(reg: &mut Register) -> &mut Agreement {
    &mut reg.agreements[0]
}

#[test]
fn a_healthy_register_gives_no_findings() {
    let reg = healthy();
    assert_eq!(run(&reg, today()), vec![]);
    // Still healthy a year on, except for what ages: contacts, offering, the revision.
    assert!(!run(&reg, ymd(2027, 11, 23)).is_empty());
}

// ---------------------------------------------------------------- agreement revisions

#[test]
fn agreement_overdue_the_day_after_it_falls_due_and_due_soon_on_the_day() {
    let mut reg = healthy();
    agreement(&mut reg).next_due = Some(today());
    assert_eq!(kinds(&reg, today()), [FindingKind::AgreementRevisionDueSoon]);
    agreement(&mut reg).next_due = Some(days(-1));
    let f = run(&reg, today());
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].kind, FindingKind::AgreementRevisionOverdue);
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(f[0].due, Some(days(-1)));
    assert_eq!(f[0].action, Action::MarkRevised);
    assert_eq!(f[0].subject.kind, RecordKind::Agreement);
    assert_eq!(f[0].subject.name, "Samarbeidsavtale barnevern–NAV");
    assert!(f[0].message.contains("22.11.2026"), "{}", f[0].message);
}

#[test]
fn agreement_due_soon_exactly_warn_days_ahead_but_not_one_day_more() {
    let mut reg = healthy();
    agreement(&mut reg).next_due = Some(days(60));
    assert_eq!(
        of(&reg, today(), FindingKind::AgreementRevisionDueSoon),
        [("bv-nav".into(), Severity::Warning, Some(days(60)))]
    );
    agreement(&mut reg).next_due = Some(days(61));
    assert_eq!(run(&reg, today()), vec![]);
}

#[test]
fn warn_days_comes_from_the_settings() {
    let mut reg = healthy();
    agreement(&mut reg).next_due = Some(days(31));
    reg.settings.warn_days = 30;
    assert_eq!(run(&reg, today()), vec![]);
    reg.settings.warn_days = 31;
    assert_eq!(kinds(&reg, today()), [FindingKind::AgreementRevisionDueSoon]);
}

#[test]
fn agreement_entered_on_29_february_falls_due_on_28_february() {
    let mut reg = healthy();
    let a = agreement(&mut reg);
    a.entered = Some(ymd(2024, 2, 29));
    a.revision_interval_months = Some(12);
    let overdue = FindingKind::AgreementRevisionOverdue;
    assert_eq!(of(&reg, ymd(2025, 2, 28), overdue), []);
    assert_eq!(
        of(&reg, ymd(2025, 2, 28), FindingKind::AgreementRevisionDueSoon),
        [("bv-nav".into(), Severity::Warning, Some(ymd(2025, 2, 28)))]
    );
    assert_eq!(
        of(&reg, ymd(2025, 3, 1), overdue),
        [("bv-nav".into(), Severity::Error, Some(ymd(2025, 2, 28)))]
    );
    // Four years on there is a 29 February again.
    agreement(&mut reg).revision_interval_months = Some(48);
    assert_eq!(of(&reg, ymd(2028, 2, 29), overdue), []);
    assert_eq!(
        of(&reg, ymd(2028, 3, 1), overdue),
        [("bv-nav".into(), Severity::Error, Some(ymd(2028, 2, 29)))]
    );
}

#[test]
fn a_revision_after_the_entry_date_moves_the_due_date() {
    let mut reg = healthy();
    let a = agreement(&mut reg);
    a.entered = Some(ymd(2022, 5, 18));
    a.revisions = vec![Revision { date: ymd(2024, 6, 1), by: "Kari Bakke".into(), note: String::new() }];
    let overdue = FindingKind::AgreementRevisionOverdue;
    // From the entry date alone it would have been due 18.05.2023.
    assert_eq!(of(&reg, ymd(2025, 6, 1), overdue), []);
    let f = run(&reg, ymd(2025, 6, 2));
    assert_eq!(f[0].kind, overdue);
    assert_eq!(f[0].due, Some(ymd(2025, 6, 1)));
    assert!(f[0].message.contains("sist revidert 01.06.2024"), "{}", f[0].message);
}

#[test]
fn an_explicit_due_date_overrides_the_interval() {
    let mut reg = healthy();
    agreement(&mut reg).next_due = Some(days(-10));
    assert_eq!(
        of(&reg, today(), FindingKind::AgreementRevisionOverdue),
        [("bv-nav".into(), Severity::Error, Some(days(-10)))]
    );
}

#[test]
fn missing_or_zero_interval_gives_no_revision_date_but_an_incomplete_agreement() {
    for interval in [None, Some(0)] {
        let mut reg = healthy();
        let a = agreement(&mut reg);
        a.entered = Some(ymd(2010, 1, 1));
        a.revision_interval_months = interval;
        let f = run(&reg, today());
        assert_eq!(f.len(), 1, "{interval:?}: {f:#?}");
        assert_eq!(f[0].kind, FindingKind::AgreementIncomplete);
        assert_eq!(f[0].message, "Mangler revisjonsintervall");
        assert_eq!(f[0].action, Action::CompleteRecord);
    }
}

#[test]
fn ended_and_draft_agreements_are_not_due_for_revision() {
    let mut reg = healthy();
    agreement(&mut reg).next_due = Some(days(-1));
    agreement(&mut reg).status = AgreementStatus::Ended;
    assert_eq!(of(&reg, today(), FindingKind::AgreementRevisionOverdue), []);
    agreement(&mut reg).status = AgreementStatus::Draft;
    assert_eq!(of(&reg, today(), FindingKind::AgreementRevisionOverdue), []);
    // Under revision is still in force, so still overdue until the revision is registered.
    agreement(&mut reg).status = AgreementStatus::UnderRevision;
    assert_eq!(of(&reg, today(), FindingKind::AgreementRevisionOverdue).len(), 1);
}

// ---------------------------------------------------------------- agreement completeness

#[test]
fn each_missing_field_makes_an_agreement_incomplete() {
    type Strip = fn(&mut Agreement);
    let cases: [(Strip, &str); 4] = [
        (|a| a.owner = None, "Mangler ansvarlig"),
        (|a| a.revision_interval_months = None, "Mangler revisjonsintervall"),
        (|a| a.entered = None, "Mangler dato inngått"),
        (|a| a.document = "  ".into(), "Mangler lenke til dokumentet"),
    ];
    for (strip, message) in cases {
        let mut reg = healthy();
        strip(agreement(&mut reg));
        let f: Vec<_> =
            run(&reg, today()).into_iter().filter(|f| f.kind == FindingKind::AgreementIncomplete).collect();
        assert_eq!(f.len(), 1, "{message}");
        assert_eq!(f[0].message, message);
        assert_eq!(f[0].severity, Severity::Warning);
    }
    let mut reg = healthy();
    let a = agreement(&mut reg);
    a.owner = None;
    a.revision_interval_months = None;
    a.entered = None;
    a.document.clear();
    let f = run(&reg, today());
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].message, "Mangler ansvarlig, revisjonsintervall, dato inngått og lenke til dokumentet");
}

#[test]
fn a_draft_needs_owner_and_interval_but_not_yet_a_date_or_document() {
    let mut reg = healthy();
    let a = agreement(&mut reg);
    a.status = AgreementStatus::Draft;
    a.entered = None;
    a.document.clear();
    let about_agreement = |reg: &Register| -> Vec<FindingKind> {
        run(reg, today())
            .into_iter()
            .filter(|f| f.subject.kind == RecordKind::Agreement)
            .map(|f| f.kind)
            .collect()
    };
    assert_eq!(about_agreement(&reg), []);
    // (A draft is only informal cover for barnevern–NAV.)
    assert_eq!(kinds(&reg, today()), [FindingKind::RoutineNotFormalised]);
    agreement(&mut reg).owner = None;
    assert_eq!(about_agreement(&reg), [FindingKind::AgreementIncomplete]);
    agreement(&mut reg).status = AgreementStatus::Ended;
    assert_eq!(about_agreement(&reg), []);
}

#[test]
fn an_inactive_party_or_a_vacant_or_departed_owner_is_flagged() {
    let mut reg = healthy();
    reg.services[1].active = false;
    let f: Vec<_> =
        run(&reg, today()).into_iter().filter(|f| f.kind == FindingKind::AgreementPartyInactive).collect();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].message, "Parten «NAV Test» er ikke lenger aktiv");

    let mut reg = healthy();
    reg.contacts[0].vacant = true;
    let f = of(&reg, today(), FindingKind::AgreementPartyInactive);
    assert_eq!(f, [("bv-nav".into(), Severity::Warning, None)]);

    let mut reg = healthy();
    reg.contacts[0].active = false;
    let f: Vec<_> =
        run(&reg, today()).into_iter().filter(|f| f.kind == FindingKind::AgreementPartyInactive).collect();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].message, "Ansvarlig «Kari Bakke» har sluttet");
}

mod coverage;

// ---------------------------------------------------------------- routines

#[test]
fn routine_revision_overdue_the_day_after_it_falls_due() {
    let mut reg = healthy();
    // Entered 01.03.2026 with a 24-month rhythm: due 01.03.2028.
    assert_eq!(of(&reg, ymd(2028, 3, 1), FindingKind::RoutineRevisionOverdue), []);
    let f: Vec<_> = run(&reg, ymd(2028, 3, 2))
        .into_iter()
        .filter(|f| f.kind == FindingKind::RoutineRevisionOverdue)
        .collect();
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].severity, f[0].due), (Severity::Warning, Some(ymd(2028, 3, 1))));
    assert_eq!(f[0].subject.kind, RecordKind::Routine);
    assert_eq!(f[0].action, Action::MarkRevised);

    reg.routines[0].next_due = Some(today());
    assert_eq!(of(&reg, today(), FindingKind::RoutineRevisionOverdue), []);
    assert_eq!(of(&reg, days(1), FindingKind::RoutineRevisionOverdue).len(), 1);
    // A routine revised on 29 February with a yearly rhythm is due 28 February.
    reg.routines[0].next_due = None;
    reg.routines[0].revision_interval_months = Some(12);
    reg.routines[0].revisions.push(Revision {
        date: ymd(2028, 2, 29),
        by: "Kari".into(),
        note: String::new(),
    });
    assert_eq!(of(&reg, ymd(2029, 2, 28), FindingKind::RoutineRevisionOverdue), []);
    assert_eq!(of(&reg, ymd(2029, 3, 1), FindingKind::RoutineRevisionOverdue).len(), 1);
}

#[test]
fn only_written_routines_are_due_for_revision() {
    let mut reg = healthy();
    reg.routines[0].next_due = Some(days(-1));
    reg.routines.push(Routine::new("u", "Praksis", vec!["bv".into()], Formalisation::Unwritten));
    reg.routines[1].next_due = Some(days(-1));
    reg.routines.push(Routine::new("d", "Utkast", vec!["bv".into()], Formalisation::Draft));
    reg.routines[2].next_due = Some(days(-1));
    let ids: Vec<_> =
        of(&reg, today(), FindingKind::RoutineRevisionOverdue).into_iter().map(|f| f.0).collect();
    assert_eq!(ids, ["bv-frivillige", "d"]);
}

#[test]
fn a_written_routine_without_owner_date_or_interval_is_incomplete() {
    type Strip = fn(&mut Routine);
    let cases: [(Strip, &str); 4] = [
        (|r| r.owner = None, "Mangler ansvarlig"),
        (|r| r.entered = None, "Mangler dato"),
        (|r| r.revision_interval_months = Some(0), "Mangler revisjonsintervall"),
        (|r| r.document = " ".into(), "Mangler lenke til dokumentet"),
    ];
    for (strip, message) in cases {
        let mut reg = healthy();
        strip(&mut reg.routines[0]);
        let f: Vec<_> =
            run(&reg, today()).into_iter().filter(|f| f.kind == FindingKind::RoutineIncomplete).collect();
        assert_eq!(f.len(), 1, "{message}");
        assert_eq!(f[0].message, message);
        assert_eq!((f[0].severity, f[0].due), (Severity::Warning, None));
        assert_eq!(f[0].subject.kind, RecordKind::Routine);
        assert_eq!(f[0].action, Action::CompleteRecord);
        assert_eq!(f[0].kind.id(), "routine_incomplete");
    }
    // A draft has no document yet; an unwritten practice or a missing routine has nothing to
    // complete (the expectation it leaves uncovered is the finding).
    let mut reg = healthy();
    let r = &mut reg.routines[0];
    r.document.clear();
    r.formalisation = Formalisation::Draft;
    assert!(!kinds(&reg, today()).contains(&FindingKind::RoutineIncomplete));
    reg.routines[0].revision_interval_months = None;
    assert_eq!(of(&reg, today(), FindingKind::RoutineIncomplete).len(), 1);
    for f in [Formalisation::Unwritten, Formalisation::Missing] {
        let mut reg = healthy();
        let r = &mut reg.routines[0];
        (r.formalisation, r.owner, r.entered, r.revision_interval_months) = (f, None, None, None);
        assert_eq!(of(&reg, today(), FindingKind::RoutineIncomplete), [], "{f:?}");
    }
}

mod yearwheel;

// ---------------------------------------------------------------- contacts and services

#[test]
fn contact_unverified_after_max_age_months_but_not_on_the_last_day() {
    let mut reg = healthy();
    let f = the_one_finding_a_year_and_a_day_after(&mut reg, |r, date| r.contacts[1].verified = date);
    assert_eq!(f.kind, FindingKind::ContactUnverified);
    assert_eq!((f.severity, f.due), (Severity::Warning, Some(days(-1))));
    assert_eq!(f.subject.name, "Ola Li");
    assert_eq!(f.action, Action::VerifyContact);
    assert!(f.message.contains("22.11.2025"), "{}", f.message);
    // The municipality may allow two years instead.
    reg.settings.contact_max_age_months = 24;
    assert_eq!(run(&reg, today()), vec![]);
}

#[test]
fn contact_verified_on_29_february() {
    let mut reg = healthy();
    reg.contacts[1].verified = Some(ymd(2024, 2, 29));
    assert_eq!(
        found_on_1_march_not_28_february(&reg, FindingKind::ContactUnverified),
        [("ola".into(), Severity::Warning, Some(ymd(2025, 2, 28)))]
    );
}

#[test]
fn a_contact_never_verified_is_flagged_without_a_date() {
    let mut reg = healthy();
    reg.contacts[2].verified = None;
    assert_eq!(of(&reg, today(), FindingKind::ContactUnverified), [("siri".into(), Severity::Warning, None)]);
    // Someone who has left is not checked.
    reg.contacts[2].active = false;
    reg.contacts.push(contact("siri2", "Siv Berg", "rk"));
    assert_eq!(run(&reg, today()), vec![]);
}

#[test]
fn a_vacant_post_is_flagged_once_and_leaves_its_service_without_contact() {
    let mut reg = healthy();
    let c = &mut reg.contacts[1];
    c.vacant = true;
    c.name.clear();
    c.verified = None;
    c.role = "NAV-veileder for ungdom 18–25".into();
    let f = run(&reg, today());
    let got: Vec<_> = f.iter().map(|f| (f.kind, f.subject.id.as_str())).collect();
    assert_eq!(got, [(FindingKind::ContactVacant, "ola"), (FindingKind::ServiceWithoutContact, "nav")]);
    assert_eq!(f[0].subject.name, "Ledig stilling – NAV-veileder for ungdom 18–25");
    assert_eq!(f[0].action, Action::FillPost);
    assert_eq!(f[1].action, Action::AddContact);
    assert_eq!(f[1].subject.name, "NAV Test");
}

#[test]
fn service_without_contact_only_for_active_services() {
    let mut reg = healthy();
    reg.contacts.retain(|c| c.service.as_str() != "il");
    assert_eq!(
        of(&reg, today(), FindingKind::ServiceWithoutContact),
        [("il".into(), Severity::Warning, None)]
    );
    reg.services[3].active = false;
    assert_eq!(run(&reg, today()), vec![]);
    // A closed service's remaining contacts are not asked to verify either.
    reg.contacts.push(Contact::new("gammel", "Gammel Kontakt", "Leder", "il"));
    assert_eq!(run(&reg, today()), vec![]);
}

// ---------------------------------------------------------------- offerings and forums

#[test]
fn offering_unconfirmed_after_offering_confirm_months() {
    let mut reg = healthy();
    let f = the_one_finding_a_year_and_a_day_after(&mut reg, |r, date| r.offerings[0].confirmed = date);
    assert_eq!(
        (f.kind, f.severity, f.due),
        (FindingKind::OfferingUnconfirmed, Severity::Warning, Some(days(-1)))
    );
    assert_eq!(f.action, Action::ConfirmOffering);
    reg.settings.offering_confirm_months = 13;
    assert_eq!(run(&reg, today()), vec![]);
    reg.offerings[0].confirmed = None;
    assert_eq!(
        of(&reg, today(), FindingKind::OfferingUnconfirmed),
        [("leksehjelp".into(), Severity::Warning, None)]
    );
    reg.offerings[0].active = false;
    assert_eq!(run(&reg, today()), vec![]);
}

#[test]
fn offering_confirmed_on_29_february() {
    let mut reg = healthy();
    reg.offerings[0].confirmed = Some(ymd(2024, 2, 29));
    assert_eq!(found_on_1_march_not_28_february(&reg, FindingKind::OfferingUnconfirmed).len(), 1);
}

#[test]
fn funding_ending_warns_within_warn_days_and_errs_once_passed() {
    let mut reg = healthy();
    let set = |reg: &mut Register, d| reg.offerings[0].funded_until = Some(d);
    set(&mut reg, days(61));
    assert_eq!(run(&reg, today()), vec![]);
    set(&mut reg, days(60));
    assert_eq!(
        of(&reg, today(), FindingKind::FundingEnding),
        [("leksehjelp".into(), Severity::Warning, Some(days(60)))]
    );
    // Funded until today: still funded today.
    set(&mut reg, today());
    assert_eq!(
        of(&reg, today(), FindingKind::FundingEnding),
        [("leksehjelp".into(), Severity::Warning, Some(today()))]
    );
    set(&mut reg, days(-1));
    let f = run(&reg, today());
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].kind, f[0].severity), (FindingKind::FundingEnding, Severity::Error));
    assert_eq!(f[0].action, Action::ReviewFunding);
    assert!(f[0].message.contains("22.11.2026"), "{}", f[0].message);
    // Funding on 29 February, warned from 60 days before.
    set(&mut reg, ymd(2028, 2, 29));
    reg.offerings[0].confirmed = Some(ymd(2027, 12, 1));
    assert_eq!(of(&reg, ymd(2027, 12, 30), FindingKind::FundingEnding), []);
    assert_eq!(of(&reg, ymd(2027, 12, 31), FindingKind::FundingEnding).len(), 1);
    assert_eq!(of(&reg, ymd(2028, 2, 29), FindingKind::FundingEnding)[0].1, Severity::Warning);
    assert_eq!(of(&reg, ymd(2028, 3, 1), FindingKind::FundingEnding)[0].1, Severity::Error);
    // An offering that has stopped is not flagged.
    reg.offerings[0].active = false;
    assert_eq!(of(&reg, ymd(2028, 3, 1), FindingKind::FundingEnding), []);
}

#[test]
fn forum_incomplete_without_frequency_or_convener() {
    let mut reg = healthy();
    reg.forums[0].frequency = None;
    let f = run(&reg, today());
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].kind, f[0].severity), (FindingKind::ForumIncomplete, Severity::Info));
    assert_eq!(f[0].message, "Mangler møtehyppighet");
    assert_eq!(f[0].action, Action::CompleteRecord);
    reg.forums[0].convener = None;
    assert_eq!(run(&reg, today())[0].message, "Mangler møtehyppighet og innkaller");
    reg.forums[0].frequency = Some(Frequency::AsNeeded);
    assert_eq!(run(&reg, today())[0].message, "Mangler innkaller");
}

// ---------------------------------------------------------------- order

#[test]
fn findings_sort_by_severity_then_due_date_then_name() {
    let mut reg = healthy();
    reg.forums[0].convener = None; // info
    reg.agreements[0].next_due = Some(days(-1)); // error, due yesterday
    reg.offerings[0].funded_until = Some(days(-30)); // error, due 30 days ago
    reg.contacts[0].verified = None; // warning, no date: Kari Bakke
    reg.contacts[3].verified = None; // warning, no date: Per Dal
    reg.contacts[2].verified = Some(ymd(2024, 1, 1)); // warning, due 01.01.2025
    reg.contacts[1].vacant = true; // warning, no date: «Ledig stilling – Leder»
    let got: Vec<_> = run(&reg, today()).into_iter().map(|f| (f.severity, f.subject.id)).collect();
    let want = [
        (Severity::Error, "leksehjelp"),
        (Severity::Error, "bv-nav"),
        (Severity::Warning, "siri"),
        (Severity::Warning, "kari"),
        (Severity::Warning, "ola"),
        (Severity::Warning, "nav"),
        (Severity::Warning, "per"),
        (Severity::Info, "beslutningsrad"),
    ];
    let want: Vec<_> = want.iter().map(|(s, id)| (*s, id.to_string())).collect();
    assert_eq!(got, want);
}

#[test]
fn names_sort_the_norwegian_way() {
    let mut reg = healthy();
    reg.services = vec![
        Service::new("a", "Åsen barnehage", Sector::Barnehage, OwnerKind::Municipal),
        Service::new("b", "Ørnereiret barnehage", Sector::Barnehage, OwnerKind::Private),
        Service::new("c", "Zebra barnehage", Sector::Barnehage, OwnerKind::Private),
        Service::new("d", "Ærfuglen barnehage", Sector::Barnehage, OwnerKind::Private),
    ];
    reg.contacts.clear();
    reg.agreements.clear();
    reg.routines.clear();
    reg.forums.clear();
    reg.offerings.clear();
    reg.expectations.clear();
    let names: Vec<_> = run(&reg, today()).into_iter().map(|f| f.subject.name).collect();
    assert_eq!(names, ["Zebra barnehage", "Ærfuglen barnehage", "Ørnereiret barnehage", "Åsen barnehage"]);
}

// ---------------------------------------------------------------- the example register

#[test]
fn the_example_register_on_its_reference_day() {
    let reg = samkart::store::parse(samkart::store::EXAMPLE).expect("example parses");
    let findings = run(&reg, today());
    let mut by_kind: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for f in &findings {
        by_kind.entry(f.kind.id()).or_default().push(f.subject.id.as_str());
    }
    for ids in by_kind.values_mut() {
        ids.sort();
    }
    let count = |k: FindingKind| by_kind.get(k.id()).map_or(0, Vec::len);
    let ids = |k: FindingKind| by_kind.get(k.id()).cloned().unwrap_or_default();

    // The audit's case: the NAV agreement, entered 18.05.2022 and last revised in 2024.
    assert_eq!(ids(FindingKind::AgreementRevisionOverdue), ["avtale-barnevern-nav"]);
    let nav = findings.iter().find(|f| f.kind == FindingKind::AgreementRevisionOverdue).unwrap();
    assert_eq!(nav.severity, Severity::Error);
    assert!(nav.due.unwrap() < today());
    assert_eq!(
        ids(FindingKind::AgreementRevisionDueSoon),
        ["avtale-helsestasjon-barnehage", "avtale-politirad", "avtale-ppt-skole-barnehage"]
    );
    // Three expected collaborations have no formalised cover. Two have an informal one (a
    // draft guide naming the kindergartens; a draft agreement and an unwritten practice with
    // the volunteers), so they are «not formalised»; barnevern–flyktningtjeneste has nothing.
    assert_eq!(ids(FindingKind::RoutineNotFormalised), ["barnevern-barnehage", "barnevern-frivillige"]);
    assert_eq!(ids(FindingKind::RoutineMissing), ["barnevern-flyktningtjeneste"]);
    assert_eq!(ids(FindingKind::AgreementIncomplete), ["avtale-barnevern-frivillige"]);
    // The audit's routines «uten dato, eier eller revisjonsstatus»: one adopted routine with
    // none of them, and two drafts without a revision interval.
    assert_eq!(
        ids(FindingKind::RoutineIncomplete),
        ["fra-bekymring-til-handling", "samarbeidsmote-med-barn", "vold-i-naere-relasjoner"]
    );
    let audit = findings.iter().find(|f| f.subject.id == "samarbeidsmote-med-barn").unwrap();
    assert_eq!(audit.message, "Mangler ansvarlig, dato, revisjonsintervall og lenke til dokumentet");
    assert_eq!(count(FindingKind::AgreementPartyInactive), 0);
    assert_eq!(count(FindingKind::RoutineRevisionOverdue), 0);

    // Contacts: at least eight not verified for two years, two never verified.
    assert_eq!(count(FindingKind::ContactUnverified), 18);
    let two_years_ago = ymd(2024, 11, 23);
    let stale = findings
        .iter()
        .filter(|f| f.kind == FindingKind::ContactUnverified)
        .filter(|f| f.due.is_some_and(|d| d < ymd(2025, 11, 23)))
        .filter(|f| reg.contact(&f.subject.id.as_str().into()).unwrap().verified.unwrap() < two_years_ago)
        .count();
    assert!(stale >= 8, "{stale}");
    let never =
        findings.iter().filter(|f| f.kind == FindingKind::ContactUnverified && f.due.is_none()).count();
    assert_eq!(never, 2);
    assert_eq!(count(FindingKind::ContactVacant), 4);
    assert_eq!(count(FindingKind::ServiceWithoutContact), 0);

    assert_eq!(count(FindingKind::OfferingUnconfirmed), 5);
    let funding: Vec<_> = findings
        .iter()
        .filter(|f| f.kind == FindingKind::FundingEnding)
        .map(|f| (f.severity, f.due.unwrap() < today()))
        .collect();
    assert_eq!(funding, [(Severity::Error, true), (Severity::Warning, false)]);
    // The volunteer forum gave its months and frequency; the ansvarsgruppe has no convener.
    assert_eq!(ids(FindingKind::ForumIncomplete), ["ansvarsgruppe"]);

    assert_eq!(findings.len(), 41);
    assert_eq!(findings.iter().filter(|f| f.severity == Severity::Error).count(), 3);
    // Every finding of every kind has a message, and the first is the most urgent error.
    assert!(findings.iter().all(|f| !f.message.is_empty() && !f.subject.name.is_empty()));
    assert_eq!(findings[0].severity, Severity::Error);
}

// ---------------------------------------------------------------- scale

/// A synthetic register of `n` records of every kind, with some of everything to flag.
pub fn synthetic(n: usize) -> Register {
    let mut reg = Register::new("Stor");
    let per = n / 7;
    let sectors = Sector::ALL;
    for i in 0..per {
        let sector = sectors[i % sectors.len()];
        let mut s =
            Service::new(format!("s{i}").as_str(), &format!("Tjeneste {i}"), sector, OwnerKind::Municipal);
        s.active = i % 50 != 0;
        reg.services.push(s);
        let mut c =
            Contact::new(format!("c{i}").as_str(), &format!("Person {i}"), "Leder", format!("s{i}").as_str());
        c.verified = Some(today() - chrono::Duration::days((i % 900) as i64));
        c.vacant = i % 97 == 0;
        reg.contacts.push(c);
        let mut a = Agreement::new(
            format!("a{i}").as_str(),
            &format!("Avtale {i}"),
            vec![format!("s{i}").into(), format!("s{}", (i * 7 + 1) % per).into()],
        );
        a.entered = Some(ymd(2020, 1, 1) + chrono::Duration::days((i % 2000) as i64));
        a.revision_interval_months = Some(12 + (i % 3) as u32 * 12);
        a.owner = (i % 5 != 0).then(|| format!("c{i}").into());
        a.status = AgreementStatus::ALL[i % 4];
        reg.agreements.push(a);
        let mut r = Routine::new(
            format!("r{i}").as_str(),
            &format!("Rutine {i}"),
            vec![format!("s{i}").into()],
            Formalisation::ALL[i % 4],
        );
        r.sectors = vec![sectors[(i * 3) % sectors.len()]];
        r.entered = Some(ymd(2021, 1, 1) + chrono::Duration::days((i % 1500) as i64));
        r.revision_interval_months = Some(24);
        reg.routines.push(r);
        let mut f = Forum::new(format!("f{i}").as_str(), &format!("Forum {i}"), vec![format!("s{i}").into()]);
        f.frequency = (i % 3 != 0).then_some(Frequency::Monthly);
        reg.forums.push(f);
        let mut o = Offering::new(format!("o{i}").as_str(), &format!("Tilbud {i}"), format!("s{i}").as_str());
        o.confirmed = Some(today() - chrono::Duration::days((i % 700) as i64));
        o.funded_until = (i % 4 == 0).then(|| today() + chrono::Duration::days((i % 400) as i64 - 200));
        reg.offerings.push(o);
        let a = if i % 3 == 0 {
            Party::Sector(sectors[i % sectors.len()])
        } else {
            Party::Service(format!("s{i}").into())
        };
        let b = if i % 5 == 0 {
            Party::Sector(sectors[(i + 1) % sectors.len()])
        } else {
            Party::Service(format!("s{}", (i * 13 + 5) % per).into())
        };
        reg.expectations.push(Expectation {
            id: format!("e{i}").into(),
            a,
            b,
            basis: String::new(),
            note: String::new(),
        });
    }
    reg
}

#[test]
fn review_is_deterministic_on_a_synthetic_register() {
    let reg = synthetic(7_000);
    let first = run(&reg, today());
    assert_eq!(first, run(&reg, today()));
    // Something of most kinds, and the order holds throughout.
    let kinds: std::collections::HashSet<_> = first.iter().map(|f| f.kind).collect();
    assert!(kinds.len() >= 10, "{kinds:?}");
    assert!(first.windows(2).all(|w| w[0].severity >= w[1].severity));
}
