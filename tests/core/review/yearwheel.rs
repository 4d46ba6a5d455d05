//! The Årshjul: each kind of date in its month, linked to its record.

use super::*;

#[test]
fn the_year_wheel_has_each_kind_of_date_in_its_month_and_links_to_its_record() {
    use samkart::review::yearwheel::{EntryKind, Target, year_wheel};
    let mut reg = healthy();
    // The forum meets quarterly from 15.01.2026.
    let f = &mut reg.forums[0];
    f.frequency = Some(Frequency::Quarterly);
    f.first_meeting = Some(ymd(2026, 1, 15));
    let mut months_only = Forum::new("frivillighetsforum", "Frivillighetsforum", vec!["rk".into()]);
    months_only.frequency = Some(Frequency::HalfYearly);
    months_only.meeting_months = vec![Month::September, Month::March];
    let mut undated = Forum::new("slt", "SLT-gruppa", vec!["bv".into()]);
    undated.frequency = Some(Frequency::Monthly);
    reg.forums.extend([months_only, undated]);
    reg.offerings[0].funded_until = Some(ymd(2027, 6, 30));
    reg.settings.volunteer_confirm_month = Some(Month::February);
    reg.contacts[1].since = Some(ymd(2027, 1, 4));
    // The agreement was entered 01.06.2026 with a yearly rhythm: due 01.06.2027.
    let wheel = year_wheel(&reg, ymd(2026, 11, 23));
    let heads: Vec<String> = wheel.months.iter().map(|m| m.heading()).collect();
    assert_eq!(heads[0], "november 2026");
    assert_eq!(heads[11], "oktober 2027");
    let kinds_in = |name: &str| -> Vec<(EntryKind, String, String)> {
        let m = wheel.months.iter().find(|m| m.heading() == name).unwrap();
        m.entries.iter().map(|e| (e.kind, e.title.clone(), e.when())).collect()
    };
    let meeting = |when: &str| (EntryKind::ForumMeeting, "Beslutningsråd".to_owned(), when.to_owned());
    assert_eq!(
        kinds_in("januar 2027"),
        [(EntryKind::ContactStarts, "Ola Li".into(), "04.01".into()), meeting("15.01")],
        "by day"
    );
    assert_eq!(kinds_in("april 2027"), [meeting("15.04")]);
    assert_eq!(kinds_in("juli 2027"), [meeting("15.07")]);
    assert_eq!(kinds_in("oktober 2027"), [meeting("15.10")]);
    for quiet in ["november 2026", "desember 2026", "mai 2027", "august 2027"] {
        assert_eq!(kinds_in(quiet), [], "{quiet}");
    }
    assert_eq!(
        kinds_in("mars 2027"),
        [(EntryKind::ForumMeeting, "Frivillighetsforum".into(), "i løpet av måneden".into())]
    );
    assert_eq!(kinds_in("februar 2027")[0].0, EntryKind::VolunteerConfirmation);
    assert_eq!(kinds_in("februar 2027")[0].2, "i løpet av måneden");
    assert_eq!(
        kinds_in("juni 2027"),
        [
            (EntryKind::AgreementRevision, "Samarbeidsavtale barnevern–NAV".into(), "01.06".into()),
            (EntryKind::FundingEnds, "Leksehjelp".into(), "30.06".into()),
        ]
    );
    // Every entry leads somewhere.
    let targets: Vec<&Target> = wheel.months.iter().flat_map(|m| &m.entries).map(|e| &e.target).collect();
    assert!(targets.contains(&&Target::Record(RecordKind::Forum, "beslutningsrad".into())));
    assert!(targets.contains(&&Target::Record(RecordKind::Agreement, "bv-nav".into())));
    assert!(targets.contains(&&Target::Record(RecordKind::Offering, "leksehjelp".into())));
    assert!(targets.contains(&&Target::Record(RecordKind::Contact, "ola".into())));
    assert!(targets.contains(&&Target::Volunteers));
    assert_eq!(wheel.undated_forums.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), ["slt"]);
    assert!(wheel.overdue.is_empty());
    // A deadline already passed is not in the months but among the overdue.
    let wheel = year_wheel(&reg, ymd(2027, 7, 1));
    assert_eq!(
        wheel.overdue.iter().map(|e| e.kind).collect::<Vec<_>>(),
        [EntryKind::AgreementRevision, EntryKind::FundingEnds]
    );
    assert!(wheel.months.iter().flat_map(|m| &m.entries).all(|e| e.kind != EntryKind::AgreementRevision));
}

#[test]
fn a_planned_offering_is_not_asked_to_confirm_and_an_ended_one_is_not_checked() {
    let mut reg = healthy();
    reg.offerings[0].confirmed = None;
    reg.offerings[0].status = OfferingStatus::Planned;
    assert_eq!(run(&reg, today()), vec![]);
    reg.offerings[0].status = OfferingStatus::Ended;
    reg.offerings[0].active = false;
    reg.offerings[0].funded_until = Some(days(-5));
    assert_eq!(run(&reg, today()), vec![]);
    reg.offerings[0].status = OfferingStatus::Ongoing;
    reg.offerings[0].active = true;
    assert_eq!(kinds(&reg, today()), [FindingKind::FundingEnding, FindingKind::OfferingUnconfirmed]);
}
