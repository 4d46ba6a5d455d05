//! What the plans ask of the outputs: forum meetings in the calendar as recurring events
//! (read back with the independent `ical` parser), the Årshjul in the report, and the plan's
//! table of measures grouped by prevention level.

use super::*;
use ical::parser::ical::component::IcalEvent;
use samkart::exchange::{ExportOptions, Format, Report, export};

fn prop(e: &IcalEvent, name: &str) -> String {
    e.properties.iter().find(|p| p.name == name).and_then(|p| p.value.clone()).unwrap_or_default()
}

fn events(text: &str) -> Vec<IcalEvent> {
    let mut cals: Vec<_> =
        ical::IcalParser::new(BufReader::new(text.as_bytes())).collect::<Result<_, _>>().unwrap();
    assert_eq!(cals.len(), 1);
    cals.remove(0).events
}

fn one(format: Format, reg: &Register, options: &ExportOptions) -> String {
    String::from_utf8(export(format, reg, today(), options).remove(0).bytes).unwrap()
}

fn forum(id: &str, frequency: Option<Frequency>, first: Option<NaiveDate>, months: &[Month]) -> Forum {
    let mut f = Forum::new(id, &format!("Forum {id}"), vec!["bv".into()]);
    f.frequency = frequency;
    f.first_meeting = first;
    f.meeting_months = months.to_vec();
    f
}

fn small() -> Register {
    let mut reg = Register::new("Plan");
    reg.services.push(Service::new("bv", "Barnevernet", Sector::Barnevern, OwnerKind::Municipal));
    reg
}

#[test]
fn a_quarterly_forum_from_15_january_is_one_recurring_event_with_its_rrule() {
    let mut reg = small();
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day);
    reg.forums = vec![
        forum("kvartal", Some(Frequency::Quarterly), d(1, 15), &[]),
        forum("uke", Some(Frequency::Weekly), d(1, 6), &[]),
        forum("annenhver", Some(Frequency::Biweekly), d(1, 6), &[]),
        forum("maaned", Some(Frequency::Monthly), d(1, 31), &[]),
        forum("halvaar", Some(Frequency::HalfYearly), d(3, 10), &[]),
        forum("aar", Some(Frequency::Yearly), d(9, 1), &[]),
        forum("en-gang", Some(Frequency::AsNeeded), d(2, 2), &[]),
        forum("maaneder", Some(Frequency::HalfYearly), None, &[Month::March, Month::September]),
        forum("uten", Some(Frequency::Monthly), None, &[]),
    ];
    let text = one(Format::Ics, &reg, &ExportOptions::default());
    let events = events(&text);
    let by_uid = |id: &str| {
        let uid = samkart::exchange::ics::forum_uid(&ForumId::new(id));
        events.iter().find(|e| prop(e, "UID") == uid).cloned()
    };
    let q = by_uid("kvartal").expect("the quarterly forum is in the calendar");
    assert_eq!(prop(&q, "RRULE"), "FREQ=MONTHLY;INTERVAL=3");
    assert_eq!(prop(&q, "DTSTART"), "20260115");
    assert_eq!(prop(&q, "DTEND"), "20260116", "all day");
    assert_eq!(prop(&q, "SUMMARY"), "Møte: Forum kvartal");
    assert_eq!(prop(&q, "TRANSP"), "TRANSPARENT");
    for (id, rule) in [
        ("uke", "FREQ=WEEKLY"),
        ("annenhver", "FREQ=WEEKLY;INTERVAL=2"),
        ("maaned", "FREQ=MONTHLY"),
        ("halvaar", "FREQ=MONTHLY;INTERVAL=6"),
        ("aar", "FREQ=YEARLY"),
    ] {
        assert_eq!(prop(&by_uid(id).unwrap(), "RRULE"), rule, "{id}");
    }
    let once = by_uid("en-gang").expect("a single meeting");
    assert_eq!((prop(&once, "DTSTART").as_str(), prop(&once, "RRULE").as_str()), ("20260202", ""));
    assert!(by_uid("maaneder").is_none(), "months without a day are not a calendar date");
    assert!(by_uid("uten").is_none());
    assert_eq!(events.len(), 7);

    // The Årshjul says the same: January, April, July and October.
    let wheel = samkart::review::yearwheel::year_wheel(&reg, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
    let quarterly: Vec<String> = wheel
        .months
        .iter()
        .filter(|m| m.entries.iter().any(|e| e.title == "Forum kvartal"))
        .map(|m| m.heading())
        .collect();
    assert_eq!(quarterly, ["januar 2026", "april 2026", "juli 2026", "oktober 2026"]);
}

#[test]
fn every_forum_of_the_example_with_a_first_meeting_is_in_the_calendar() {
    let reg = example();
    let text = one(Format::Ics, &reg, &ExportOptions::default());
    let all = events(&text);
    let dated: Vec<&Forum> = reg.forums.iter().filter(|f| f.first_meeting.is_some()).collect();
    assert!(dated.len() >= 6, "{}", dated.len());
    for f in dated {
        let uid = samkart::exchange::ics::forum_uid(&f.id);
        let e = all.iter().find(|e| prop(e, "UID") == uid).unwrap_or_else(|| panic!("{}", f.id));
        assert!(prop(e, "RRULE").starts_with("FREQ="), "{}", f.id);
        assert!(prop(e, "DESCRIPTION").contains("Deltakere: "), "{}", f.id);
    }
    // A line break in a forum's name cannot add an event.
    let mut reg = reg;
    reg.forums[1].name = "Forum\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:injisert".into();
    let again = events(&one(Format::Ics, &reg, &ExportOptions::default()));
    assert_eq!(again.len(), all.len());
    assert!(again.iter().all(|e| prop(e, "UID") != "injisert"));
}

#[test]
fn the_report_prints_the_year_wheel() {
    let reg = example();
    let html = one(Format::Html, &reg, &ExportOptions::default());
    let at = html.find("<h2>Årshjul – de neste tolv månedene</h2>").expect("the Årshjul section");
    let wheel = &html[at..];
    for month in ["november 2026", "desember 2026", "januar 2027", "oktober 2027"] {
        assert!(wheel.contains(&format!("<td>{month}</td>")), "{month}");
    }
    assert!(!wheel.contains("<td>november 2027</td>"), "twelve months, not thirteen");
    // The HSA group meets quarterly from 15.01.2026; the volunteer offers are confirmed in
    // September; the Frivillighetsforum meets some day in March and September.
    assert!(
        wheel.contains("<td>15.01</td><td>Møte</td><td>HSA-gruppa (holdningsskapende arbeid)"),
        "{wheel}"
    );
    assert!(wheel.contains("Årlig bekreftelse av frivillige tilbud"));
    assert!(wheel.contains("<td>i løpet av måneden</td><td>Møte</td><td>Frivillighetsforum Midtdalen"));
    assert!(wheel.contains("Allerede forfalt:"), "the overdue NAV agreement");
    assert!(wheel.contains("Fora uten møtedatoer: SLT-koordineringsgruppe"), "{wheel}");
}

#[test]
fn the_plans_table_of_measures_is_grouped_by_prevention_level() {
    let mut reg = example();
    reg.offerings[0].name = "<script>alert(1)</script>".into();
    let options = ExportOptions { report: Report::Measures, ..Default::default() };
    let html = one(Format::Html, &reg, &options);
    assert!(!html.contains("<script>alert"), "escaped");
    let headings: Vec<usize> = [
        "<h2>Universelle tiltak – bra for alle</h2>",
        "<h2>Selektive tiltak – nyttig for noen</h2>",
        "<h2>Indiserte tiltak – nødvendig for den enkelte</h2>",
    ]
    .iter()
    .map(|h| html.find(h).unwrap_or_else(|| panic!("{h}")))
    .collect();
    assert!(headings.is_sorted(), "universal, selective, indicated: {headings:?}");
    assert!(html.contains(
        "<th>Tiltak</th><th>Tema</th><th>Status</th><th>Hovedansvar</th><th>Forebyggingsnivå</th>"
    ));
    // The planned conversation from age 3, among the universal measures; the ended club.
    let planned = html.find("<td>Barnesamtale fra 3 år</td>").expect("the planned measure");
    assert!(planned > headings[0] && planned < headings[1]);
    assert!(html[planned..].starts_with(
        "<td>Barnesamtale fra 3 år</td><td>Barnets trivsel, lek og vennskap</td><td class=\"warn\">Planlagt</td>"
    ));
    assert!(html.contains("<td class=\"none\">Avsluttet</td>"));
    let rows = html.matches("<tr><td>").count();
    let measures = samkart::exchange::measures::measures(&reg).len();
    assert_eq!(rows, measures);
    assert_eq!(measures, reg.offerings.len(), "every offering of the example is a measure");
    // The public edition leaves out what is no longer listed.
    let public = one(Format::Html, &reg, &ExportOptions { public: true, ..options });
    assert!(!public.contains("<td class=\"none\">Avsluttet</td>"));
    assert!(public.contains("(offentlig utgave)"));
}
