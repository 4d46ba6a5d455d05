//! The RON loader never panics, and whatever it accepts survives a save: the text we write
//! for it loads back to the same register (otherwise a save could lose data).
#![no_main]

use libfuzzer_sys::fuzz_target;
use samkart::store;

fuzz_target!(|data: &[u8]| {
    let Ok(reg) = store::parse_bytes(data) else { return };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let _ = samkart::model::validate::validate(&reg, today);
    let text = store::to_text(&reg);
    let again = store::parse(&text).expect("the text we write always loads");
    let mut sorted = reg.clone();
    sorted.normalize();
    assert_eq!(again, sorted, "a save must not change the register");
    let merged = store::merge::merge3(&reg, &reg, &reg);
    assert!(merged.conflicts.is_empty());
});
