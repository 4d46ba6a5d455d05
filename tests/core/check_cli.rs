//! `samkart check`, run as a real process: exit codes, the table and the JSON shape.

use std::fs;
use std::path::Path;
use std::process::Output;

use crate::common::{self, EXAMPLE, samkart_in, stderr, stdout, test_home};

fn samkart(args: &[&str]) -> Output {
    samkart_in(&test_home("check"), args)
}

fn example() -> String {
    EXAMPLE.to_owned()
}

/// A register whose only problem is a forum with no convener (an info finding), and an
/// offering whose funding ends on 31.12.2026 (a warning from 01.11.2026 on).
const SMALL: &str = r#"(
    version: 1,
    name: "Test",
    services: [(id: "bv", name: "Barnevernet", sector: Barnevern, owner_kind: Municipal)],
    contacts: [(id: "kari", name: "Kari", role: "Leder", service: "bv", verified: Some("2026-11-01"))],
    forums: [(id: "drofting", name: "Tverrfaglig drøfting", participants: ["bv"], frequency: Some(Monthly))],
    offerings: [(id: "kurs", name: "Foreldrekurs", provider: "bv", confirmed: Some("2026-11-01"),
                 funded_until: Some("2026-12-31"))],
)"#;

fn small(dir: &Path) -> String {
    let path = dir.join("liten.ron");
    fs::write(&path, SMALL).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn json_output_has_exactly_the_documented_fields() {
    let o = samkart(&["check", &example(), "--today", "2026-11-23", "--json"]);
    assert_eq!(o.status.code(), Some(3), "the example has errors: {}", stderr(&o));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).expect("a JSON array");
    assert_eq!(rows.len(), 41);
    let fields = ["kind", "severity", "subject_kind", "subject_id", "subject_name", "message", "due"];
    for row in &rows {
        let obj = row.as_object().unwrap();
        let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        keys.sort();
        let mut want = fields.to_vec();
        want.sort();
        assert_eq!(keys, want);
        assert!(["error", "warning", "info"].contains(&obj["severity"].as_str().unwrap()));
        assert!(samkart::review::FindingKind::from_id(obj["kind"].as_str().unwrap()).is_some());
        match &obj["due"] {
            serde_json::Value::Null => {}
            serde_json::Value::String(d) => {
                chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
            }
            other => panic!("due: {other}"),
        }
    }
    let nav = rows.iter().find(|r| r["kind"] == "agreement_revision_overdue").unwrap();
    assert_eq!(nav["subject_kind"], "agreement");
    assert_eq!(nav["subject_id"], "avtale-barnevern-nav");
    assert_eq!(nav["severity"], "error");
    assert_eq!(nav["due"], "2025-06-12");
    assert!(nav["message"].as_str().unwrap().contains("12.06.2025"));
    // Sorted: errors first.
    assert_eq!(rows[0]["severity"], "error");
    assert_eq!(rows.last().unwrap()["severity"], "info");
    let expectation = rows.iter().find(|r| r["subject_id"] == "barnevern-frivillige").unwrap();
    assert_eq!(expectation["subject_kind"], "expectation");
    assert_eq!(expectation["kind"], "routine_not_formalised");
}

#[test]
fn min_severity_filters_and_exit_code_follows_errors() {
    let o = samkart(&["check", &example(), "--today", "2026-11-23", "--json", "--min-severity", "error"]);
    assert_eq!(o.status.code(), Some(3));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r["severity"] == "error"));
    let o = samkart(&["check", &example(), "--today", "2026-11-23", "--json", "--min-severity", "warning"]);
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(rows.len(), 40);
    let bad = samkart(&["check", &example(), "--min-severity", "kritisk"]);
    assert_eq!(bad.status.code(), Some(2), "clap rejects an unknown severity");
    assert!(stderr(&bad).contains("«info», «warning» eller «error»"), "{}", stderr(&bad));
}

#[test]
fn no_error_findings_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    let file = small(dir.path());
    // Before the warning window: only the forum (info).
    let o = samkart(&["check", &file, "--today", "2026-10-31", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["kind"], "forum_incomplete");
    assert_eq!(rows[0]["due"], serde_json::Value::Null);
    // Funding ends within 60 days: a warning, still exit 0.
    let o = samkart(&["check", &file, "--today", "2026-11-01", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(rows[0]["kind"], "funding_ending");
    assert_eq!(rows[0]["due"], "2026-12-31");
    // The day after the funding ended: an error, exit 3.
    let o = samkart(&["check", &file, "--today", "2027-01-01"]);
    assert_eq!(o.status.code(), Some(3));
    // Only info findings asked away: an empty array.
    let o = samkart(&["check", &file, "--today", "2026-10-31", "--json", "--min-severity", "warning"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(serde_json::from_slice::<Vec<serde_json::Value>>(&o.stdout).unwrap().len(), 0);
    let o = samkart(&["check", &file, "--today", "2026-10-31", "--min-severity", "warning"]);
    assert_eq!(stdout(&o), "Ingen funn.\n");
}

#[test]
fn the_table_is_aligned_sorted_and_in_norwegian() {
    let o = samkart(&["check", &example(), "--today", "2026-11-23"]);
    assert_eq!(o.status.code(), Some(3));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("ALVORLIGHET"), "{out}");
    let col = |l: &str, word: &str| l.find(word);
    let frist = col(lines[0], "FRIST").unwrap();
    let rows = &lines[1..42];
    assert!(rows[0].starts_with("feil ") && rows[1].starts_with("feil "), "{out}");
    assert!(rows[40].starts_with("info "), "{out}");
    // The date column lines up, in dd.mm.yyyy.
    assert_eq!(&rows[0][frist..frist + 10], "12.06.2025");
    for row in rows.iter().filter(|r| r.chars().nth(frist) != Some(' ')) {
        let date: String = row.chars().skip(frist).take(10).collect();
        chrono::NaiveDate::parse_from_str(&date, "%d.%m.%Y").unwrap_or_else(|_| panic!("{row}"));
    }
    assert!(out.contains("Samarbeidsavtale mellom Midt-Gudbrandsdal barneverntjeneste og NAV Midtdalen"));
    assert!(out.ends_with("41 funn: 3 feil, 37 advarsler, 1 info\n"), "{out}");
}

#[test]
fn unreadable_file_exits_2() {
    let (dir, missing) = common::temp_path("finnes-ikke.ron");
    let o = samkart(&["check", missing.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("finnes-ikke.ron"), "{}", stderr(&o));
    let broken = dir.path().join("ødelagt.ron");
    fs::write(&broken, "(version: 1, services: [(id: \"a\",").unwrap();
    let o = samkart(&["check", broken.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty(), "nothing on stdout for a scheduled job to mistake for findings");
}

/// Without a file, `check` reads the default register; when there is none it says so and
/// exits 2, instead of creating one from the fictional example (a scheduled job would then
/// report made-up findings).
#[test]
fn without_a_file_it_checks_the_default_register_and_never_invents_one() {
    let home = tempfile::tempdir().unwrap();
    let o = samkart_in(home.path(), &["check", "--today", "2026-11-23", "--json"]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(o.stdout.is_empty(), "no findings for a scheduled job to read");
    let err = stderr(&o);
    assert!(err.contains("Fant ikke standardregisteret") && err.contains("samkart check FIL"), "{err}");
    assert!(!home.path().join("register.ron").exists(), "no register made from the example");

    fs::copy(example(), home.path().join("register.ron")).unwrap();
    let o = samkart_in(home.path(), &["check", "--today", "2026-11-23", "--json"]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(rows.len(), 41);
}

/// `request-verification` without a file is held to the same rule: e-mail drafts to the
/// fictional example's people would be worse than made-up findings.
#[test]
fn request_verification_without_a_file_never_invents_a_register() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("utkast");
    let o = samkart_in(home.path(), &["request-verification", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(
        err.contains("Fant ikke standardregisteret") && err.contains("samkart request-verification FIL"),
        "{err}"
    );
    assert!(!home.path().join("register.ron").exists(), "no register made from the example");
    assert!(!out.exists(), "no drafts");
}

/// A register text with escape sequences (a name pasted from a terminal, or planted) never
/// reaches the terminal raw: `validate`, `check` and `stats` print it escaped, and
/// `validate` reports the control characters as a problem.
#[test]
fn register_text_is_printed_with_its_control_characters_escaped() {
    use samkart::model::{Contact, OwnerKind, Register, Sector, Service};
    let (_dir, path) = common::temp_path("register.ron");
    let mut reg = Register::new("Test\u{1b}]0;overtatt\u{7}");
    let mut s = Service::new("bv", "Barnevernet\u{1b}[2J\u{1b}[31m", Sector::Barnevern, OwnerKind::Municipal);
    s.phone = "61 21\u{1b}[8m 40 00".into();
    reg.services.push(s);
    reg.contacts.push(Contact::new("kari", "Kari\u{9b}31m Nordmann", "Leder\u{202e}", "bv"));
    samkart::store::save(&path, &reg).unwrap();
    let file = path.to_str().unwrap();
    for args in [
        vec!["validate", "--today", "2026-11-23", file],
        vec!["check", "--today", "2026-11-23", file],
        vec!["stats", file],
    ] {
        let o = samkart(&args);
        for (stream, bytes) in [("stdout", &o.stdout), ("stderr", &o.stderr)] {
            let text = String::from_utf8_lossy(bytes);
            assert!(
                !text.chars().any(|c| c.is_control() && c != '\n' || c == '\u{202e}'),
                "{args:?} {stream} holds a raw control character: {text:?}"
            );
        }
        assert!(stdout(&o).contains("\\u{"), "{args:?} shows it escaped: {}", stdout(&o));
    }
    let out = stdout(&samkart(&["validate", "--today", "2026-11-23", file]));
    assert!(out.contains("tjeneste «bv», name: Teksten inneholder et kontrolltegn (U+001B)"), "{out}");
    assert!(out.contains("kontakt «kari», name: Teksten inneholder et kontrolltegn (U+009B)"), "{out}");
}

#[test]
fn without_today_it_uses_the_local_date() {
    let dir = tempfile::tempdir().unwrap();
    let file = small(dir.path());
    let o = samkart(&["check", &file, "--json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    // Whether the funding ending 31.12.2026 shows, and how, tells which date was used.
    let today = chrono::Local::now().date_naive();
    let funding = rows.iter().find(|r| r["kind"] == "funding_ending");
    let end = chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    if today > end {
        assert_eq!(funding.unwrap()["severity"], "error");
        assert_eq!(o.status.code(), Some(3));
    } else if (end - today).num_days() <= 60 {
        assert_eq!(funding.unwrap()["severity"], "warning");
    } else {
        assert!(funding.is_none());
    }
}

/// The Fredrikstad audit (seeds/001) written as a register, version 1 as a municipality
/// would have kept it (see the file for what it holds).
const AUDIT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/check/revisjonen-2024.ron");

#[test]
fn the_audit_written_as_a_register_gives_exactly_the_audits_findings() {
    let o = samkart(&["check", AUDIT, "--today", "2026-11-23", "--json"]);
    assert_eq!(o.status.code(), Some(3), "the overdue NAV agreement is an error: {}", stderr(&o));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let mut got: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap_or_default().to_owned();
            (s("kind"), s("severity"), s("subject_id"))
        })
        .collect();
    got.sort();
    let want = [
        ("agreement_revision_overdue", "error", "avtale-barnevern-nav"),
        ("contact_vacant", "warning", "politi-kontakt"),
        ("offering_unconfirmed", "warning", "home-start-familiekontakt"),
        ("routine_incomplete", "warning", "systemer-og-rutiner"),
        ("routine_not_formalised", "warning", "barnevern-frivillige"),
        ("service_without_contact", "warning", "politi"),
    ];
    let want: Vec<(String, String, String)> =
        want.iter().map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())).collect();
    assert_eq!(got, want, "{}", stdout(&o));
    let nav = rows.iter().find(|r| r["kind"] == "agreement_revision_overdue").unwrap();
    assert_eq!(nav["due"], "2023-05-18", "entered 18.05.2022, revised yearly, never revised");
    assert!(nav["message"].as_str().unwrap().contains("inngått 18.05.2022, aldri revidert"));
    let routine = rows.iter().find(|r| r["kind"] == "routine_incomplete").unwrap();
    assert_eq!(
        routine["message"], "Mangler ansvarlig, dato, revisjonsintervall og lenke til dokumentet",
        "the audit's words: «uten dato, eier eller revisjonsstatus»"
    );
    assert_eq!(routine["subject_kind"], "routine");
    // The oral practice is no finding of its own: the expectation it leaves informal is.
    assert!(rows.iter().all(|r| r["subject_id"] != "frivillige-praksis"));
}

/// The same municipality with everything in order.
const IN_ORDER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/check/i-orden.ron");

#[test]
fn a_register_in_perfect_order_gives_no_findings() {
    let o = samkart(&["check", IN_ORDER, "--today", "2026-11-23", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(stdout(&o).trim(), "[]");
    let o = samkart(&["validate", IN_ORDER, "--today", "2026-11-23"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}
