//! The RON text of a register: parsing (with version check and migration) and writing.

use super::LoadError;
use super::migrate;
use crate::model::{CURRENT_VERSION, Register};
use ron::extensions::Extensions;
use serde::Deserialize;

fn options() -> ron::Options {
    // `implicit_some` lets hand-written files say `verified: "2025-01-10"` instead of
    // `verified: Some("2025-01-10")`; both forms load.
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

/// Only the version, read before anything else so an old or newer file gets the right message.
#[derive(Deserialize)]
struct VersionProbe {
    version: Option<u32>,
}

/// Parses the text of a register file. A leading UTF-8 byte-order mark and Windows line
/// endings are accepted. Errors carry line and column.
pub fn parse(text: &str) -> Result<Register, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(LoadError::Empty);
    }
    // Samkart writes `version` first, so it is usually read off the first line; only a
    // hand-written file with the version elsewhere costs a second full parse.
    let version = match quick_version(text) {
        Some(v) => v,
        None => {
            let probe: VersionProbe = options().from_str(text).map_err(syntax)?;
            probe.version.ok_or(LoadError::NoVersion)?
        }
    };
    if version > CURRENT_VERSION {
        return Err(LoadError::TooNew { found: version, supported: CURRENT_VERSION });
    }
    if version == CURRENT_VERSION && text.len() >= PARALLEL_PARSE_FROM {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
        if threads > 1
            && let Some(register) = parse_in_pieces(text, threads, PIECE_BYTES)
        {
            return Ok(register);
        }
    }
    let register: Register = options().from_str(text).map_err(syntax)?;
    migrate::upgrade(register, version, migrate::STEPS)
}

/// The text as one `Register`, as it stands: no version check, no migration, no pieces.
/// For checking [`parse_in_pieces`] against.
#[doc(hidden)]
pub fn parse_whole(text: &str) -> Result<Register, LoadError> {
    options().from_str(text).map_err(syntax)
}

/// Files at least this large are parsed by several threads when they are laid out as
/// Samkart writes them (about 13,000 records).
const PARALLEL_PARSE_FROM: usize = 8 * 1024 * 1024;
/// Bytes per piece when parsing in parallel.
const PIECE_BYTES: usize = 4 * 1024 * 1024;

/// The record lists in file order.
const LISTS: [&str; 7] =
    ["services", "contacts", "agreements", "routines", "forums", "offerings", "expectations"];

/// Parses a file laid out as Samkart writes it by several threads: the frame (every list
/// emptied) and pieces of about `piece_bytes` of each list, cut where a line holds only
/// `        (` — where a record starts. `None` when the text is not laid out that way or
/// any part fails to parse; the caller then parses the whole text, which gives the same
/// register or the error with its true line. A cut that falls inside a string or comment
/// (only possible in a hand-edited file) leaves that string or comment unterminated in its
/// piece, so the piece fails and the whole text is parsed instead: the pieces never give a
/// different register than the whole.
pub fn parse_in_pieces(text: &str, threads: usize, piece_bytes: usize) -> Option<Register> {
    // Where each list's records are: after its `    name: [` line, up to its `    ],` line.
    let mut bodies: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    for (i, field) in LISTS.iter().enumerate() {
        let open = format!("\n    {field}: [\n");
        let Some(at) = text.find(&open) else { continue };
        let start = at + open.len();
        let end = if text[start..].starts_with("    ],\n") {
            start
        } else {
            start + text[start..].find("\n    ],\n")? + 1
        };
        bodies.push((i, start..end));
    }
    bodies.sort_by_key(|(_, r)| r.start);
    if bodies.windows(2).any(|w| w[0].1.end > w[1].1.start) {
        return None;
    }
    let mut frame = String::with_capacity(64 * 1024);
    let mut from = 0;
    for (_, body) in &bodies {
        // `name: [\n` … `    ],` becomes `name: [\n    ],`: an empty list.
        frame.push_str(&text[from..body.start]);
        from = body.end;
    }
    frame.push_str(&text[from..]);

    // The pieces: (list, text) with brackets around whole records.
    let mut pieces: Vec<(usize, String)> = Vec::new();
    for (list, body) in &bodies {
        let body = &text[body.clone()];
        let mut start = 0;
        while start < body.len() {
            let mut end = (start + piece_bytes.max(1)).min(body.len());
            while !body.is_char_boundary(end) {
                end += 1;
            }
            if end < body.len() {
                // Cut before the next record's first line.
                end = match body[end..].find("\n        (\n") {
                    Some(i) => end + i + 1,
                    None => body.len(),
                };
            }
            pieces.push((*list, format!("[\n{}]", &body[start..end])));
            start = end;
        }
    }

    let mut register: Register = options().from_str(&frame).ok()?;
    let next = std::sync::atomic::AtomicUsize::new(0);
    let parsed: Vec<Option<Parsed>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.max(1))
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((list, piece)) = pieces.get(i) else { break };
                        out.push((i, parse_piece(*list, piece)));
                    }
                    out
                })
            })
            .collect();
        let mut all: Vec<(usize, Option<Parsed>)> =
            workers.into_iter().flat_map(|w| w.join().unwrap_or_default()).collect();
        all.sort_by_key(|(i, _)| *i);
        all.into_iter().map(|(_, p)| p).collect()
    });
    if parsed.len() != pieces.len() {
        return None;
    }
    for piece in parsed {
        match piece? {
            Parsed::Services(v) => register.services.extend(v),
            Parsed::Contacts(v) => register.contacts.extend(v),
            Parsed::Agreements(v) => register.agreements.extend(v),
            Parsed::Routines(v) => register.routines.extend(v),
            Parsed::Forums(v) => register.forums.extend(v),
            Parsed::Offerings(v) => register.offerings.extend(v),
            Parsed::Expectations(v) => register.expectations.extend(v),
        }
    }
    Some(register)
}

/// One parsed piece of a list.
enum Parsed {
    Services(Vec<crate::model::Service>),
    Contacts(Vec<crate::model::Contact>),
    Agreements(Vec<crate::model::Agreement>),
    Routines(Vec<crate::model::Routine>),
    Forums(Vec<crate::model::Forum>),
    Offerings(Vec<crate::model::Offering>),
    Expectations(Vec<crate::model::Expectation>),
}

fn parse_piece(list: usize, piece: &str) -> Option<Parsed> {
    let o = options();
    Some(match list {
        0 => Parsed::Services(o.from_str(piece).ok()?),
        1 => Parsed::Contacts(o.from_str(piece).ok()?),
        2 => Parsed::Agreements(o.from_str(piece).ok()?),
        3 => Parsed::Routines(o.from_str(piece).ok()?),
        4 => Parsed::Forums(o.from_str(piece).ok()?),
        5 => Parsed::Offerings(o.from_str(piece).ok()?),
        _ => Parsed::Expectations(o.from_str(piece).ok()?),
    })
}

/// The version when the file starts the way Samkart writes it: optional `#![…]` attributes,
/// `(`, then `version: N`. `None` for anything else (then the full probe decides).
fn quick_version(text: &str) -> Option<u32> {
    let mut rest = text.trim_start();
    while let Some(r) = rest.strip_prefix("#![") {
        rest = r.split_once(']')?.1.trim_start();
    }
    rest = rest.strip_prefix('(')?.trim_start();
    rest = rest.strip_prefix("version")?.trim_start();
    rest = rest.strip_prefix(':')?.trim_start();
    let end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    let after = rest[end..].trim_start();
    if end == 0 || !(after.starts_with(',') || after.starts_with(')')) {
        return None;
    }
    rest[..end].parse().ok()
}

fn syntax(e: ron::error::SpannedError) -> LoadError {
    LoadError::Syntax { line: e.span.start.line, column: e.span.start.col, message: e.code.to_string() }
}

/// Writes a register as pretty RON: records sorted by id, one field per line, Unix line
/// endings, so that one change is a small diff and a person can edit the file by hand.
pub fn to_text(register: &Register) -> String {
    if register.is_normalized() {
        return to_text_sorted(register);
    }
    let mut sorted = register.clone();
    sorted.normalize();
    to_text_sorted(&sorted)
}

/// Registers with at least this many records are written by several threads.
const PARALLEL_FROM: usize = 20_000;
/// Records per piece when writing in parallel (about 6 MB of text).
const CHUNK: usize = 10_000;

/// As [`to_text`], for a register already normalised (saves a clone on large registers).
/// A large register is written by several threads, a piece of each list at a time; the
/// text is the same byte for byte (see [`to_text_chunked`]).
pub fn to_text_sorted(register: &Register) -> String {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    if threads < 2 || register.total_records() < PARALLEL_FROM {
        return write_whole(register);
    }
    to_text_chunked(register, threads, CHUNK)
}

fn pretty() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new().new_line("\n".to_owned()).indentor("    ".to_owned()).struct_names(false)
}

/// The whole register in one go, with the `#![enable(implicit_some)]` header.
fn write_whole(register: &Register) -> String {
    // Serialise without the default extension so that ron writes the
    // `#![enable(implicit_some)]` header: the file then says how to read it.
    let config = pretty().extensions(Extensions::IMPLICIT_SOME);
    let mut text =
        ron::Options::default().to_string_pretty(register, config).expect("a register always serialises");
    text.push('\n');
    text
}

/// Writes the register with its record lists cut into pieces of `chunk` records, `threads`
/// pieces at a time, and gives the same text as writing it whole: the frame (name,
/// settings, municipalities, empty lists) is written whole, and each list's pieces are
/// written as top-level lists, unwrapped and indented one level, and put where the empty
/// list stood. This relies on ron never putting a raw line break inside a string (it
/// escapes them), which the tests check against [`write_whole`].
pub fn to_text_chunked(register: &Register, threads: usize, chunk: usize) -> String {
    let frame = Register {
        version: register.version,
        name: register.name.clone(),
        municipalities: register.municipalities.clone(),
        settings: register.settings.clone(),
        ..Register::new("")
    };
    let frame = write_whole(&frame);
    let mut out = String::with_capacity(frame.len() + register.total_records() * 700);
    let mut rest = frame.as_str();
    let pieces = Pieces { threads: threads.max(1), chunk: chunk.max(1) };
    pieces.list(&mut out, &mut rest, "services", &register.services);
    pieces.list(&mut out, &mut rest, "contacts", &register.contacts);
    pieces.list(&mut out, &mut rest, "agreements", &register.agreements);
    pieces.list(&mut out, &mut rest, "routines", &register.routines);
    pieces.list(&mut out, &mut rest, "forums", &register.forums);
    pieces.list(&mut out, &mut rest, "offerings", &register.offerings);
    pieces.list(&mut out, &mut rest, "expectations", &register.expectations);
    out.push_str(rest);
    out
}

struct Pieces {
    threads: usize,
    chunk: usize,
}

impl Pieces {
    /// Copies `rest` up to the empty list `field` into `out`, then the list itself.
    fn list<T: serde::Serialize + Sync>(&self, out: &mut String, rest: &mut &str, field: &str, list: &[T]) {
        // The empty list's line, at the start of a line (strings hold no raw line breaks).
        let line = format!("    {field}: [],\n");
        let at = if rest.starts_with(&line) {
            0
        } else {
            let found = rest.find(&format!("\n{line}"));
            found.expect("the frame has every list, empty, at the top level") + 1
        };
        out.push_str(&rest[..at]);
        *rest = &rest[at + line.len()..];
        if list.is_empty() {
            out.push_str(&line);
            return;
        }
        out.push_str(&format!("    {field}: [\n"));
        for batch in list.chunks(self.chunk * self.threads) {
            let written: Vec<String> = std::thread::scope(|scope| {
                let handles: Vec<_> =
                    batch.chunks(self.chunk).map(|c| scope.spawn(move || elements(c))).collect();
                handles.into_iter().map(|h| h.join().expect("writing a piece of the register")).collect()
            });
            for piece in written {
                out.push_str(&piece);
            }
        }
        out.push_str("    ],\n");
    }
}

/// The records of `list` as they stand inside the register's list: written as a top-level
/// list, without its brackets, each line indented one level more.
fn elements<T: serde::Serialize>(list: &[T]) -> String {
    let text = ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .to_string_pretty(list, pretty())
        .expect("a register always serialises");
    let inner = text.strip_prefix("[\n").and_then(|t| t.strip_suffix(']')).unwrap_or(&text);
    let mut out = String::with_capacity(inner.len() + inner.len() / 8);
    for line in inner.lines() {
        out.push_str("    ");
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Contact, OwnerKind, Sector, Service};

    /// A register whose texts try to look like the file's own structure.
    fn tricky() -> Register {
        let mut reg = Register::new("Linje\n    services: [],\nslutt");
        let nasty = [
            "\n    contacts: [],\n",
            "    ],\n",
            "\"sitat\" og \\ skråstrek",
            "r#\"rå\"#",
            "tab\there\r\nCRLF",
            "æøå ÆØÅ – «»",
            "",
            "(",
            "]",
        ];
        for (i, text) in nasty.iter().enumerate() {
            let id = format!("s{i:02}");
            let mut s = Service::new(id.as_str(), text, Sector::Nav, OwnerKind::State);
            s.description = text.to_string();
            reg.services.push(s);
            let mut c = Contact::new(format!("k{i:02}").as_str(), text, text, id.as_str());
            c.note = text.to_string();
            reg.contacts.push(c);
        }
        reg
    }

    #[test]
    fn writing_in_pieces_gives_the_same_text_as_writing_whole() {
        let example = crate::store::parse(crate::store::EXAMPLE).unwrap();
        for reg in [example, tricky(), crate::r#gen::generate(3_000, 9), Register::new("tom")] {
            let whole = write_whole(&reg);
            for (threads, chunk) in [(2, 1), (2, 7), (3, 1000), (1, 5)] {
                assert_eq!(
                    to_text_chunked(&reg, threads, chunk),
                    whole,
                    "{threads} threads, {chunk} per piece"
                );
            }
        }
    }

    #[test]
    fn parsing_in_pieces_gives_the_same_register_as_parsing_whole() {
        let example = crate::store::parse(crate::store::EXAMPLE).unwrap();
        for reg in [example, tricky(), crate::r#gen::generate(3_000, 9)] {
            let mut reg = reg;
            reg.normalize();
            let text = to_text(&reg);
            for (threads, piece) in [(2, 1), (2, 500), (3, 20_000), (1, 1 << 30)] {
                let pieces = parse_in_pieces(&text, threads, piece);
                assert_eq!(pieces.as_ref(), Some(&reg), "{threads} threads, pieces of {piece} bytes");
            }
        }
    }

    /// A hand-edited file may hold a multi-line raw string whose lines look like a record's
    /// start or a list's end. Cutting there leaves a piece with an unterminated string, so
    /// the pieces give up and the whole text decides.
    #[test]
    fn pieces_never_disagree_with_the_whole_on_hand_edited_files() {
        let mut reg = tricky();
        reg.normalize();
        let text = to_text(&reg);
        let sneaky = "r#\"første linje\n        (\n            id: \"falsk\",\n        ),\n    ],\n    forums: [\nsiste\"#";
        let edited = text.replacen("note: \"(\"", &format!("note: {sneaky}"), 1);
        assert_ne!(edited, text, "the note was found and replaced");
        let whole = parse_whole(&edited).unwrap();
        assert!(whole.contacts.iter().any(|c| c.note.contains("id: \"falsk\"")));
        assert_eq!(parse_in_pieces(&edited, 2, 1), None, "the cut inside the raw string is noticed");
        for piece in [1, 10, 100, 1000, 1 << 20] {
            if let Some(r) = parse_in_pieces(&edited, 2, piece) {
                assert_eq!(r, whole, "pieces of {piece} bytes");
            }
        }
        assert_eq!(parse(&edited).unwrap(), whole);
        // Windows line endings: no list is found, so the frame is the whole text.
        let crlf = text.replace('\n', "\r\n");
        assert_eq!(parse_in_pieces(&crlf, 2, 100), Some(reg.clone()));
        assert_eq!(parse(&crlf).unwrap(), reg);
    }

    #[test]
    fn a_large_register_is_written_in_pieces_and_loads_back() {
        let mut reg = crate::r#gen::generate(PARALLEL_FROM + 500, 3);
        reg.normalize();
        let text = to_text_sorted(&reg);
        assert_eq!(text, write_whole(&reg));
        assert_eq!(parse(&text).unwrap(), reg);
    }

    #[test]
    fn version_is_read_off_the_first_line_when_it_can_be() {
        assert_eq!(quick_version("#![enable(implicit_some)]\n(\n    version: 1,\n"), Some(1));
        assert_eq!(quick_version("(version:12)"), Some(12));
        assert_eq!(quick_version("(name: \"x\", version: 1)"), None);
        assert_eq!(quick_version("(version: 1x,"), None);
        assert_eq!(quick_version("(version: ,"), None);
        assert_eq!(quick_version("garbage"), None);
    }
}
