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
    let register: Register = options().from_str(text).map_err(syntax)?;
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

/// As [`to_text`], for a register already normalised (saves a clone on large registers).
pub fn to_text_sorted(register: &Register) -> String {
    let config = ron::ser::PrettyConfig::new()
        .new_line("\n".to_owned())
        .indentor("    ".to_owned())
        .struct_names(false)
        .extensions(Extensions::IMPLICIT_SOME);
    // Serialise without the default extension so that ron writes the
    // `#![enable(implicit_some)]` header: the file then says how to read it.
    let mut text =
        ron::Options::default().to_string_pretty(register, config).expect("a register always serialises");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::quick_version;

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
