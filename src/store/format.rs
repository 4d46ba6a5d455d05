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
            let probe: VersionProbe =
                options().from_str(text).map_err(|e| super::errors::from_ron(text, &e))?;
            probe.version.ok_or(LoadError::NoVersion)?
        }
    };
    if version > CURRENT_VERSION {
        return Err(LoadError::TooNew { found: version, supported: CURRENT_VERSION });
    }
    let register: Register = options().from_str(text).map_err(|e| super::errors::from_ron(text, &e))?;
    migrate::upgrade(register, version, migrate::STEPS)
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
