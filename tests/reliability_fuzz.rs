//! The RON loader under hostile input, on the stable toolchain.
//!
//! `corpus_files_load_or_fail_cleanly` replays the committed corpus (`fuzz/corpus/load_ron`,
//! also the seed of the cargo-fuzz target) on every `cargo test`; inputs that once crashed
//! the loader are kept there as `seed-crash-*`. `mutated_example_never_panics` mutates the
//! example register byte by byte: a few hundred cases always, and as many as
//! `SAMKART_FUZZ_CASES` says when run by hand (`--ignored`), see docs/RELIABILITY.md.

use samkart::store;
use std::path::Path;

/// What the cargo-fuzz target checks: no panic, and whatever loads survives a save.
fn check(bytes: &[u8]) {
    let Ok(reg) = store::parse_bytes(bytes) else { return };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let _ = samkart::model::validate::validate(&reg, today);
    let text = store::to_text(&reg);
    let again = store::parse(&text).expect("the text we write always loads");
    let mut sorted = reg.clone();
    sorted.normalize();
    assert_eq!(again, sorted, "a save must not change the register");
}

#[test]
fn corpus_files_load_or_fail_cleanly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/load_ron");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| check(&bytes));
        assert!(outcome.is_ok(), "{} makes the loader panic", path.display());
        n += 1;
    }
    assert!(n >= 4, "the corpus is there ({n} files)");
}

struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

/// Interesting bytes for a RON file: structure, quotes, escapes, digits, UTF-8 lead bytes.
const DICTIONARY: &[&[u8]] = &[
    b"(",
    b")",
    b"[",
    b"]",
    b"{",
    b"}",
    b",",
    b":",
    b"\"",
    b"\\",
    b"\\u{",
    b"Some(",
    b"None",
    b"r#\"",
    b"\"#",
    b"/*",
    b"*/",
    b"//",
    b"\n",
    b"\r\n",
    b"\xef\xbb\xbf",
    b"\xc3",
    b"\xff",
    b"99999999999999999999",
    b"-1",
    b"1e999",
    b"version: 2",
    b"version: 0",
    b"#![enable(implicit_some)]",
    b"15076500565",
    b"\"2025-02-30\"",
    b"\"\"",
];

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(out.len() + 1);
        match rng.below(5) {
            0 if !out.is_empty() => {
                let end = (at + rng.below(64)).min(out.len());
                out.drain(at.min(end)..end);
            }
            1 => {
                let word = DICTIONARY[rng.below(DICTIONARY.len())];
                out.splice(at..at, word.iter().copied());
            }
            2 if at < out.len() => out[at] = rng.below(256) as u8,
            3 if !out.is_empty() => {
                // Duplicate a slice: repeated records and fields.
                let from = rng.below(out.len());
                let end = (from + rng.below(256)).min(out.len());
                let piece = out[from..end].to_vec();
                out.splice(at..at, piece);
            }
            _ => out.truncate(at),
        }
    }
    out
}

fn run(cases: usize, seed: u64) {
    let mut rng = Rng(seed);
    let seeds: Vec<Vec<u8>> = vec![
        store::EXAMPLE.as_bytes().to_vec(),
        store::EXAMPLE.as_bytes()[..4000.min(store::EXAMPLE.len())].to_vec(),
        b"(version: 1, name: \"x\", services: [(id: \"a\", name: \"A\", sector: Nav, owner_kind: State)])"
            .to_vec(),
    ];
    for case in 0..cases {
        let input = mutate(&mut rng, &seeds[case % seeds.len()]);
        let outcome = std::panic::catch_unwind(|| check(&input));
        if outcome.is_err() {
            let path = std::env::temp_dir().join(format!("samkart-fuzz-crash-{seed}-{case}.ron"));
            std::fs::write(&path, &input).unwrap();
            panic!("case {case} (seed {seed}) panics; input saved to {}", path.display());
        }
    }
}

#[test]
fn mutated_example_never_panics() {
    run(300, 0x00c0_ffee);
}

/// By hand: `SAMKART_FUZZ_CASES=200000 cargo test --release --test reliability_fuzz -- --ignored`.
#[test]
#[ignore]
fn mutated_example_never_panics_long() {
    let cases = std::env::var("SAMKART_FUZZ_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let seed = std::env::var("SAMKART_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5eed_u64);
    run(cases, seed);
}
