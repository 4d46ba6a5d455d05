//! Public means public, in every format: for random registers with internal details (numbers
//! only for partners, notes, staff who left, vacant posts' names, who revised what, closed
//! services and offerings) and a valid national identity number planted in every text field,
//! no public output of any format or report holds any of them, and no output at all — public
//! or internal — holds a national identity number.

use super::*;
use proptest::prelude::*;
use samkart::exchange::{ExportFile, ExportOptions, Format, GroupBy, OfferingFilter, Report, export, redact};
use serde_json::Value;

/// A valid national identity number (both check digits hold) from a seed.
pub fn fnr(seed: u64) -> String {
    (seed..)
        .map(|n| format!("{:09}", n % 1_000_000_000))
        .find_map(|nine| {
            let d: Vec<u32> = nine.chars().map(|c| c.to_digit(10).unwrap()).collect();
            let check =
                |w: &[u32], d: &[u32]| match 11 - w.iter().zip(d).map(|(a, b)| a * b).sum::<u32>() % 11 {
                    11 => Some(0),
                    10 => None,
                    c => Some(c),
                };
            let k1 = check(&[3, 7, 6, 1, 8, 9, 4, 5, 2], &d)?;
            let mut d10 = d.clone();
            d10.push(k1);
            let k2 = check(&[5, 4, 3, 2, 7, 6, 5, 4, 3, 2], &d10)?;
            Some(format!("{nine}{k1}{k2}"))
        })
        .unwrap()
}

/// Fields that hold ids, references, enums, dates or numbers rather than free text.
const STRUCTURAL: &[&str] = &[
    "id",
    "provider",
    "service",
    "parties",
    "party_sectors",
    "owner",
    "deputy",
    "replaces",
    "responsible",
    "convener",
    "services",
    "sectors",
    "sector",
    "owner_kind",
    "prevention_levels",
    "prevention_level",
    "access",
    "level",
    "status",
    "kind",
    "formalisation",
    "frequency",
    "weekdays",
    "number",
    "a",
    "b",
    "date",
    "entered",
    "next_due",
    "since",
    "verified",
    "funded_until",
    "confirmed",
    "target_age",
    "age",
    "settings",
];

/// Appends a national identity number to every text of the register; returns how many.
fn plant(value: &mut Value, key: &str, ids: &[String], n: &mut usize) {
    match value {
        Value::String(s) if !STRUCTURAL.contains(&key) => {
            let id = &ids[*n % ids.len()];
            // Some as «ddmmyy nnnnn», as people also write them; some after a control
            // character (which JSON writes as «\u0001», digits that run into the number's).
            let written = match *n % 4 {
                2 => format!(" {} {}", &id[..6], &id[6..]),
                3 => format!("\u{1}{id}"),
                _ => format!(" {id}"),
            };
            s.push_str(&written);
            *n += 1;
        }
        // Lists of references (municipalities served, forum participants) stay as they are;
        // a list of records or texts (topics, revisions, the register's municipalities) is
        // walked.
        Value::Array(items) if !STRUCTURAL.contains(&key) => {
            let refs = matches!(key, "municipalities" | "participants")
                && items.iter().all(|v| matches!(v, Value::String(_)));
            if !refs {
                for v in items {
                    plant(v, key, ids, n);
                }
            }
        }
        Value::Object(map) if !STRUCTURAL.contains(&key) => {
            for (k, v) in map.iter_mut() {
                plant(v, k, ids, n);
            }
        }
        _ => {}
    }
}

/// One contact's details: (set, internal) for phone, mobile and e-mail.
type Details = Vec<(bool, bool)>;

/// A register with every kind of internal detail, each written so it can be found again.
/// Returns the register with the numbers planted, the numbers, and what must stay internal.
fn register() -> impl Strategy<Value = (Register, Vec<String>, Vec<String>)> {
    let contact =
        (0usize..4, proptest::collection::vec((any::<bool>(), any::<bool>()), 3), 0u8..4, any::<bool>());
    (
        proptest::collection::vec(any::<bool>(), 1..4),
        proptest::collection::vec(contact, 1..10),
        proptest::collection::vec((0usize..4, any::<bool>(), 0u8..4), 0..5),
        proptest::collection::vec(any::<u64>(), 1..4),
    )
        .prop_map(|(services, contacts, offerings, seeds)| {
            let mut reg = Register::new("Prop");
            reg.municipalities.push(Municipality { number: "3436".into(), name: "Nord-Fron".into() });
            for (i, active) in services.iter().enumerate() {
                let name = if *active { format!("Tjeneste {i}") } else { format!("Nedlagt{i}Z") };
                let mut s = Service::new(format!("s{i}"), &name, Sector::Frivillig, OwnerKind::Voluntary);
                s.active = *active;
                s.phone = format!("61 00 00 0{i}");
                s.municipalities = vec!["3436".into()];
                s.address = format!("Storgata {i}, 2640 Vinstra");
                s.opening_hours = "Mandag–fredag 08.00–15.30".into();
                reg.services.push(s);
            }
            let n = services.len();
            for (i, (svc, details, state, deputy)) in contacts.into_iter().enumerate() {
                let details: Details = details;
                // state: 0 active, 1 left, 2 vacant, 3 active with a note.
                let name = match state {
                    1 => format!("Sluttet{i}Z"),
                    2 => format!("Ledig{i}Z"),
                    _ => format!("Person {i}"),
                };
                let mut c = Contact::new(format!("c{i}"), &name, "Rolle", format!("s{}", svc % n));
                for (k, (set, internal)) in details.into_iter().enumerate() {
                    if !set {
                        continue;
                    }
                    // Internal numbers start with 4, public with 9; each is unique.
                    let num = 1000 * i + k;
                    let value = match (k, internal) {
                        (2, true) => format!("skjult{num}@intern.example"),
                        (2, false) => format!("aapen{num}@example.no"),
                        (_, true) => {
                            samkart::model::format::display_phone(&format!("4{:07}", 3_000_000 + num))
                        }
                        (_, false) => {
                            samkart::model::format::display_phone(&format!("9{:07}", 5_000_000 + num))
                        }
                    };
                    let d = ContactDetail { value, internal };
                    match k {
                        0 => c.phone = d,
                        1 => c.mobile = d,
                        _ => c.email = d,
                    }
                }
                c.active = state != 1;
                c.vacant = state == 2;
                c.note = format!("Internnotat{i}Z");
                c.topics = vec!["ungdom".into()];
                if deputy && i > 0 {
                    c.deputy = Some(format!("c{}", i - 1).into());
                }
                reg.contacts.push(c);
            }
            let contacts = reg.contacts.len();
            for (i, (svc, active, level)) in offerings.into_iter().enumerate() {
                let name = if active { format!("Tilbud {i}") } else { format!("Avsluttet{i}Z") };
                let mut o = Offering::new(format!("o{i}"), &name, format!("s{}", svc % n));
                o.active = active;
                o.funded_until = NaiveDate::from_ymd_opt(2027, 1, 1);
                o.responsible = Some(format!("c{}", i % contacts).into());
                o.prevention_level = PreventionLevel::ALL.get(usize::from(level)).copied();
                o.theme = "Fritid".into();
                o.purpose = "Hensikt".into();
                o.schedule = "Tirsdager 17.00–19.00".into();
                o.weekdays = vec![Weekday::Tue];
                reg.offerings.push(o);
            }
            let mut a = Agreement::new("a", "Avtale", vec!["s0".into(), format!("s{}", n - 1).into()]);
            a.owner = Some("c0".into());
            a.revision_interval_months = Some(12);
            a.entered = NaiveDate::from_ymd_opt(2025, 1, 1);
            a.note = "Avtalenotat0Z".into();
            a.revisions.push(Revision {
                date: NaiveDate::from_ymd_opt(2025, 6, 1).unwrap(),
                by: "Revisor0Z".into(),
                note: "Revisjonsnotat0Z".into(),
            });
            reg.agreements.push(a);
            let mut r = Routine::new("r", "Rutine", vec!["s0".into()], Formalisation::Draft);
            r.owner = Some(format!("c{}", contacts - 1).into());
            r.revision_interval_months = Some(24);
            r.revisions.push(Revision {
                date: NaiveDate::from_ymd_opt(2025, 2, 1).unwrap(),
                by: "Revisor1Z".into(),
                note: "Revisjonsnotat1Z".into(),
            });
            reg.routines.push(r);
            let mut f = Forum::new("f", "Forum", vec!["s0".into()]);
            f.note = "Forumnotat0Z".into();
            f.convener = Some("c0".into());
            reg.forums.push(f);
            reg.expectations.push(Expectation {
                id: "e".into(),
                a: Party::Service("s0".into()),
                b: Party::Sector(Sector::Nav),
                basis: "Barnevernsloven § 15-8".into(),
                note: "Forventningsnotat0Z".into(),
            });

            let secrets = secrets(&reg);
            let ids: Vec<String> = seeds.iter().map(|s| fnr(*s % 1_000_000_000)).collect();
            let mut value = serde_json::to_value(&reg).unwrap();
            let mut planted = 0;
            plant(&mut value, "", &ids, &mut planted);
            let reg: Register = serde_json::from_value(value).expect("planting keeps the shape");
            (reg, ids, secrets)
        })
}

/// Everything that must not be in a public output: every form of every internal detail, and
/// the markers of notes, staff who left, vacant posts, revisions and closed records.
fn secrets(reg: &Register) -> Vec<String> {
    let mut out = Vec::new();
    for c in &reg.contacts {
        for d in [&c.phone, &c.mobile, &c.email] {
            let value = d.value.clone();
            if !d.internal || value.is_empty() {
                continue;
            }
            out.push(value.clone());
            if let Ok(digits) = samkart::model::format::normalize_phone(&value) {
                out.push(digits.clone());
                out.push(format!("+47 {digits}"));
                out.push(samkart::model::format::export_phone(&digits));
            }
        }
    }
    for text in serde_json::to_string(reg).unwrap().split(|c: char| !c.is_alphanumeric()) {
        if text.ends_with('Z') && text.chars().any(|c| c.is_ascii_digit()) && text.len() > 3 {
            out.push(text.to_owned());
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Every output: each format, and both reports and both orders for HTML.
fn outputs(reg: &Register, public: bool) -> Vec<(String, ExportFile)> {
    let mut all = Vec::new();
    for format in Format::ALL {
        let variants: Vec<ExportOptions> = if format == Format::Html {
            vec![
                ExportOptions { public, report: Report::Management, ..Default::default() },
                ExportOptions { public, report: Report::Offerings, ..Default::default() },
                ExportOptions {
                    public,
                    report: Report::Offerings,
                    group_by: GroupBy::Theme,
                    filter: OfferingFilter { sector: Some(Sector::Frivillig), ..Default::default() },
                    ..Default::default()
                },
            ]
        } else {
            vec![ExportOptions::public(public)]
        };
        for options in variants {
            for file in export(format, reg, today(), &options) {
                all.push((format!("{format:?}/{:?}/{}", options.report, file.name), file));
            }
        }
    }
    all
}

/// The text of a file as a reader sees it: calendar and vCard lines unfolded, the soft
/// breaks the reports put in addresses taken out.
fn readable(file: &ExportFile) -> String {
    String::from_utf8_lossy(&file.bytes).replace("\r\n ", "").replace("<wbr>", "")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn no_public_output_holds_anything_internal_and_no_output_a_national_id((reg, ids, secrets) in register()) {
        prop_assert!(secrets.iter().any(|s| s.starts_with("Internnotat")), "the markers are found: {secrets:?}");
        let spaced: Vec<String> = ids.iter().map(|id| format!("{} {}", &id[..6], &id[6..])).collect();
        let mut replaced = false;
        for public in [true, false] {
            for (what, file) in outputs(&reg, public) {
                let text = readable(&file);
                replaced |= text.contains(redact::REPLACEMENT);
                for id in ids.iter().chain(&spaced) {
                    prop_assert!(!text.contains(id.as_str()), "{what} (public={public}) holds a national id");
                }
                prop_assert!(samkart::model::format::find_national_id(&text).is_none(), "{what}");
                if public {
                    for s in &secrets {
                        prop_assert!(!text.contains(s.as_str()), "{what} holds {s}");
                    }
                }
            }
        }
        prop_assert!(replaced, "the planted numbers reached the outputs and were replaced");
        // The internal edition does carry the internal details: the check above can fail.
        let internal: String = outputs(&reg, false).iter().map(|(_, f)| readable(f)).collect();
        prop_assert!(internal.contains("Internnotat0Z"));
    }
}

#[test]
fn the_generated_numbers_are_national_ids() {
    for seed in [0, 1, 150_765_005, 999_999_999] {
        let id = fnr(seed);
        assert_eq!(id.len(), 11);
        assert!(samkart::model::format::find_national_id(&id).is_some(), "{id}");
    }
}

#[test]
fn the_public_report_names_no_findings_and_the_internal_one_does() {
    let reg = example();
    let findings = samkart::review::review(&reg, today(), &reg.settings);
    let staff = findings.iter().find(|f| f.message.contains("Opplysningene ble sist bekreftet")).unwrap();
    let message = html_escape::encode_text(&staff.message).into_owned();
    let public = samkart::exchange::html::export_html(&reg, today(), true);
    let internal = samkart::exchange::html::export_html(&reg, today(), false);
    assert!(internal.contains("<h2>Funn</h2>") && internal.contains(&message));
    assert!(!public.contains("<h2>Funn</h2>"));
    assert!(!public.contains("Opplysningene ble sist bekreftet"), "findings name staff");
    assert!(public.contains("(offentlig utgave)"));
}

#[test]
fn an_old_file_with_a_national_id_exports_without_it_in_every_format() {
    let mut reg = example();
    let id = fnr(150_765_005);
    reg.services[0].description = format!("Gjelder {id}");
    reg.contacts[0].note = format!("sak {}", &id);
    assert_eq!(redact::count(&reg), 2);
    for public in [true, false] {
        for (what, file) in outputs(&reg, public) {
            assert!(!readable(&file).contains(&id), "{what} public={public}");
        }
    }
    let hsds = export(Format::Hsds, &reg, today(), &ExportOptions::public(true));
    let orgs = String::from_utf8_lossy(&hsds[0].bytes).into_owned();
    assert!(orgs.contains(&format!("Gjelder {}", redact::REPLACEMENT)), "{orgs}");
}
