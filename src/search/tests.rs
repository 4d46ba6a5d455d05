//! Unit tests of the index on small registers made here.

use super::*;
use crate::model::{AgeRange, Contact, OwnerKind, Register, Sector, Service};

fn reg() -> Register {
    let mut r = Register::new("test");
    let mut nav = Service::new("nav", "NAV Testby", Sector::Nav, OwnerKind::State);
    nav.target_age = Some(AgeRange::new(16, 67));
    let bv = Service::new("bv", "Testby barneverntjeneste", Sector::Barnevern, OwnerKind::Municipal);
    r.services = vec![nav, bv];
    let mut ung = Contact::new("kari", "Kari Ung", "NAV-veileder for ungdom 18–25", "nav");
    ung.topics = vec!["nav ung".into()];
    let hs = Contact::new("hanne", "Hanne Helse", "Helsesykepleier", "bv");
    r.contacts = vec![ung, hs];
    r
}

fn ids(index: &Index, reg: &Register, q: &str) -> Vec<String> {
    index.query(q, 10).hits.iter().map(|h| h.id(reg).to_owned()).collect()
}

#[test]
fn stems_find_definite_forms_and_compounds() {
    let r = reg();
    let index = Index::build(&r);
    // The service first; the contact who works there after.
    assert_eq!(ids(&index, &r, "barnevernet"), ["bv", "hanne"]);
    // Through the sector's name (Barnevern), the best of its matches.
    let res = index.query("barnevernet", 10);
    assert_eq!(res.why(&res.hits[0]), "barnevernet › barnevern");
    let res = index.query("barneverntjenesten", 10);
    assert_eq!(res.why(&res.hits[0]), "barneverntjenesten › barneverntjeneste");
    // Part of a compound.
    let res = index.query("testbyens", 10);
    assert_eq!(res.why(&res.hits[0]), "testbyens › testby");
    // As typed: no explanation.
    let res = index.query("barneverntjeneste", 10);
    assert_eq!(res.why(&res.hits[0]), "");
}

#[test]
fn a_four_letter_word_is_never_corrected() {
    let r = reg();
    let index = Index::build(&r);
    assert!(ids(&index, &r, "hane").is_empty(), "hane is one edit from hanne but has four letters");
    assert_eq!(ids(&index, &r, "hannee"), ["hanne"]);
    let res = index.query("hannee", 10);
    assert_eq!(res.why(&res.hits[0]), "hannee › hanne");
}

#[test]
fn corrections_rank_below_words_as_typed() {
    let mut r = reg();
    r.contacts.push(Contact::new("hane", "Hane Hansen", "Rådgiver", "nav"));
    r.contacts.push(Contact::new("hannes", "Hannes Hansen", "Rådgiver", "nav"));
    let index = Index::build(&r);
    // «hannes» is typed; «hanne» is one edit away and comes after.
    assert_eq!(ids(&index, &r, "hannes"), ["hannes", "hanne"]);
}

#[test]
fn a_registers_own_synonyms_are_searched() {
    let mut r = reg();
    assert!(ids(&index_of(&r), &r, "testbygda").is_empty());
    r.settings.synonyms = vec!["Testbygda = Testby".into()];
    let index = index_of(&r);
    let found = ids(&index, &r, "testbygda");
    assert!(found.contains(&"nav".to_owned()) && found.contains(&"bv".to_owned()), "{found:?}");
    let res = index.query("testbygda", 10);
    assert_eq!(res.why(&res.hits[0]), "testbygda › Testby");
}

fn index_of(r: &Register) -> Index {
    Index::build(r)
}

#[test]
fn shipped_synonyms_and_ages() {
    let r = reg();
    let index = Index::build(&r);
    assert_eq!(ids(&index, &r, "helsesøster"), ["hanne"]);
    let res = index.query("helsesøster", 10);
    assert_eq!(res.why(&res.hits[0]), "helsesøster › helsesykepleier");
    // 19 år: Kari's role says 18–25, NAV's target age is 16–67; the narrower range first.
    assert_eq!(ids(&index, &r, "nav 19 år"), ["kari", "nav"]);
    let res = index.query("nav 19 år", 10);
    assert_eq!(res.why(&res.hits[0]), "19 år › 18–25 år");
    assert!(ids(&index, &r, "nav 70 år").is_empty());
    // A lone number beside other words may be an age or a word.
    assert_eq!(ids(&index, &r, "nav 20"), ["kari", "nav"]);
    // Alone it is only a number (a phone number being typed).
    assert!(ids(&index, &r, "20").is_empty());
}

#[test]
fn glued_words_are_split() {
    let r = reg();
    let index = Index::build(&r);
    assert_eq!(ids(&index, &r, "navung")[0], "kari");
    let res = index.query("navung", 10);
    assert_eq!(res.why(&res.hits[0]), "navung › nav ung");
}

#[test]
fn small_words_are_left_out_unless_last() {
    let r = reg();
    let index = Index::build(&r);
    assert_eq!(ids(&index, &r, "veileder i nav"), ["kari"]);
    // The last word may be the start of a longer one.
    assert_eq!(ids(&index, &r, "nav for"), ["kari"]);
}

#[test]
fn huge_and_odd_queries_are_harmless() {
    let r = reg();
    let index = Index::build(&r);
    let huge = "barnevern".repeat(100_000);
    assert!(index.query(&huge, 10).hits.is_empty());
    let many = "nav ".repeat(10_000);
    assert_eq!(ids(&index, &r, &many).len(), 2);
    for q in ["\u{1b}[2J", "=cmd|' /C calc'!A0", "<script>", "\r\n", "år år", "0 år", "999 år"] {
        index.query(q, 10);
    }
}
