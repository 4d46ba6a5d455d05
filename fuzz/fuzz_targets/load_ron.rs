//! The RON loader never panics, and whatever it accepts survives a save: the text we write
//! for it loads back to the same register (otherwise a save could lose data).
//! Run: `cargo +nightly fuzz run load_ron` from the project root.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| samkart::fuzzing::check_ron(data));
