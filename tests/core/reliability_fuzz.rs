//! The loader and the importers under hostile input, on the stable toolchain.
//!
//! The `*_corpus_*` tests replay the committed corpora of the cargo-fuzz targets
//! (`fuzz/corpus/{load_ron,import_csv,import_xlsx}`) through the very checks the targets
//! run (`samkart::fuzzing`), on every `cargo test`; inputs that once crashed are kept there
//! as `crash-*` files. `mutated_example_never_panics` mutates the example register byte by
//! byte: a few hundred cases always, and as many as `SAMKART_FUZZ_CASES` says when run by
//! hand (`--ignored`), see docs/RELIABILITY.md.

use crate::common::rng::Rng;
use samkart::fuzzing::{check_import, check_ron, xlsx_from_fuzz_input};
use samkart::store;
use std::path::Path;

/// Runs `check` on every file of one corpus; returns how many there were.
fn replay(corpus: &str, check: impl Fn(&[u8]) + std::panic::RefUnwindSafe) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus").join(corpus);
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| check(&bytes));
        assert!(outcome.is_ok(), "{} fails its check", path.display());
        n += 1;
    }
    n
}

#[test]
fn ron_corpus_loads_or_fails_cleanly() {
    let n = replay("load_ron", check_ron);
    assert!(n >= 4, "the corpus is there ({n} files)");
}

#[test]
fn csv_corpus_imports_or_fails_cleanly() {
    let n = replay("import_csv", check_import);
    assert!(n >= 4, "the corpus is there ({n} files)");
}

#[test]
fn xlsx_corpus_imports_or_fails_cleanly() {
    let n = replay("import_xlsx", |data| check_import(&xlsx_from_fuzz_input(data)));
    assert!(n >= 2, "the corpus is there ({n} files)");
}

/// The checks are not vacuous: the seeds really import rows, and the row with a national
/// identity number is refused rather than stored.
#[test]
fn import_seeds_reach_the_register() {
    use samkart::exchange::import;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let reg = store::parse(store::EXAMPLE).unwrap();
    let plan_of = |bytes: &[u8]| {
        let table = import::read_table_bytes(bytes, None).unwrap();
        let mapping = import::guess_mapping(&table.headers);
        import::plan_import(&reg, &table, &mapping, &import::ImportOptions::default()).unwrap()
    };
    let csv = plan_of(&std::fs::read(dir.join("import_csv/seed-semikolon.csv")).unwrap());
    assert_eq!(csv.counts(&import::Choices::default()).rejected, 0);
    let counts = csv.counts(&import::Choices::default());
    assert_eq!(counts.added + counts.updated, 2, "{csv:?}");
    let fnr = plan_of(&std::fs::read(dir.join("import_csv/seed-fnr.csv")).unwrap());
    assert_eq!(fnr.rejected.len(), 1, "{fnr:?}");
    let xlsx = xlsx_from_fuzz_input(&std::fs::read(dir.join("import_xlsx/seed-ark.bin")).unwrap());
    let table = import::read_table_bytes(&xlsx, None).unwrap();
    assert_eq!(table.headers, ["Navn", "Tjeneste", "Telefon", "Sist bekreftet"]);
    assert_eq!(table.rows[0].cells[0], "Sindre Kvarme");
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
    for _ in 0..1 + rng.index(8) {
        let at = rng.index(out.len() + 1);
        match rng.index(5) {
            0 if !out.is_empty() => {
                let end = (at + rng.index(64)).min(out.len());
                out.drain(at.min(end)..end);
            }
            1 => {
                let word = DICTIONARY[rng.index(DICTIONARY.len())];
                out.splice(at..at, word.iter().copied());
            }
            2 if at < out.len() => out[at] = rng.index(256) as u8,
            3 if !out.is_empty() => {
                // Duplicate a slice: repeated records and fields.
                let from = rng.index(out.len());
                let end = (from + rng.index(256)).min(out.len());
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
        let outcome = std::panic::catch_unwind(|| check_ron(&input));
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
