//! A parse error told in Norwegian, with where it is: the line and column, and the record it
//! falls in («i kontakt «kari-nordmann»»), found by a small scan of the text around it.
//!
//! The RON library words its errors in English («Expected struct `VersionProbe` but found
//! `Some`», «Integer is out of bounds»); [`describe`] says each in Norwegian. A field Samkart
//! does not know becomes [`LoadError::UnknownField`] with the nearest known name, because
//! the next save would otherwise drop it without a word.

use super::LoadError;
use crate::model::RecordKind;
use ron::error::{Error, SpannedError};

/// The Norwegian [`LoadError`] for a RON error in `text`.
pub(crate) fn from_ron(text: &str, e: &SpannedError) -> LoadError {
    let (line, column) = (e.span.start.line, e.span.start.col);
    let place = locate(text, offset(text, line, column));
    if let Error::NoSuchStructField { expected, found, .. } = &e.code {
        return LoadError::UnknownField {
            line,
            column,
            field: crate::messages::printable(found).into_owned(),
            place: place.unwrap_or_else(|| "registeret".to_owned()),
            suggestion: nearest(found, expected),
        };
    }
    let message = match place {
        Some(place) => format!("{} (i {place})", describe(&e.code)),
        None => describe(&e.code),
    };
    LoadError::Syntax { line, column, message }
}

/// The known name closest to `found`, if any is close enough to be a likely misspelling.
pub(crate) fn nearest(found: &str, known: &[&'static str]) -> Option<&'static str> {
    let found = found.to_lowercase();
    known
        .iter()
        .map(|k| {
            let edits = strsim::normalized_damerau_levenshtein(&found, &k.to_lowercase());
            let prefix = strsim::jaro_winkler(&found, &k.to_lowercase());
            (edits >= 0.5 || prefix >= 0.8, edits + prefix, *k)
        })
        .filter(|(close, _, _)| *close)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(_, _, k)| k)
}

/// What is wrong, in Norwegian, for every error the RON reader reports.
pub(crate) fn describe(code: &Error) -> String {
    use crate::messages::printable;
    let text = match code {
        Error::Message(m) => return message(m),
        Error::Eof => {
            "filen slutter midt i en verdi (mangler en avsluttende parentes eller et anførselstegn?)"
        }
        Error::ExpectedArray => "her skulle en liste begynne med «[»",
        Error::ExpectedArrayEnd => "her mangler «]» som avslutter listen, eller et komma mellom to elementer",
        Error::ExpectedAttribute | Error::ExpectedAttributeEnd | Error::NoSuchExtension(_) => {
            "ugyldig «#![enable(…)]»-linje øverst i filen"
        }
        Error::ExpectedBoolean => "her skulle det stå true eller false",
        Error::ExpectedComma => "her mangler et komma",
        Error::ExpectedChar | Error::ExpectedByteLiteral | Error::ExpectedByteString => {
            "her skulle det stå en tekst i anførselstegn"
        }
        Error::ExpectedFloat | Error::FloatUnderscore => "her skulle det stå et desimaltall",
        Error::ExpectedInteger | Error::UnderscoreAtBeginning => "her skulle det stå et heltall",
        Error::InvalidIntegerDigit { digit, .. } => {
            return format!("ugyldig siffer «{}» i et tall", printable(&digit.to_string()));
        }
        Error::IntegerOutOfBounds => "tallet er for stort eller for lite for dette feltet",
        Error::ExpectedOption => "her skulle det stå en verdi eller None",
        Error::ExpectedOptionEnd | Error::ExpectedStructLikeEnd => {
            "her mangler «)», eller et komma mellom to felt"
        }
        Error::ExpectedMap => "her skulle det stå «{»",
        Error::ExpectedMapColon => "her mangler kolon «:» etter feltnavnet",
        Error::ExpectedMapEnd => "her mangler «}»",
        Error::ExpectedDifferentStructName { found, .. } => {
            return format!(
                "uventet «{}» her: registeret og postene skrives som (felt: verdi, …), uten navn foran",
                printable(found)
            );
        }
        Error::ExpectedStructLike | Error::ExpectedNamedStructLike(_) => {
            "her skulle det stå «(» som begynner en post (felt: verdi, …)"
        }
        Error::ExpectedUnit => "her skulle det stå «()»",
        Error::ExpectedString => "her skulle det stå en tekst i anførselstegn",
        Error::ExpectedStringEnd => "teksten mangler avsluttende anførselstegn",
        Error::ExpectedIdentifier => "her skulle det stå et feltnavn",
        Error::InvalidEscape(_) => "ugyldig \\-tegn i en tekst (skriv \\\\ for en omvendt skråstrek)",
        Error::UnclosedBlockComment | Error::UnclosedLineComment => "en kommentar er ikke avsluttet",
        Error::UnexpectedChar(c) => return format!("uventet tegn «{}»", printable(&c.to_string())),
        Error::Utf8Error(_) => "filen er ikke gyldig UTF-8-tekst",
        Error::TrailingCharacters => "det står noe etter slutten av registeret (en parentes for mye?)",
        Error::InvalidValueForType { expected, found } => {
            return format!("her skulle det stå {}, men det står {}", kind(expected), kind(found));
        }
        Error::ExpectedDifferentLength { found, .. } => {
            return format!("feil antall elementer ({found})");
        }
        Error::NoSuchEnumVariant { expected, found, .. } => {
            let hint = match nearest(found, expected) {
                Some(n) => format!(" Mente du «{n}»?"),
                None => String::new(),
            };
            return format!(
                "ukjent verdi «{}»; gyldige verdier er {}.{hint}",
                printable(found),
                expected.join(", ")
            );
        }
        Error::NoSuchStructField { found, .. } => return format!("ukjent felt «{}»", printable(found)),
        Error::MissingStructField { field, .. } => return format!("feltet «{field}» mangler"),
        Error::DuplicateStructField { field, .. } => return format!("feltet «{field}» står to ganger"),
        Error::InvalidIdentifier(s) | Error::SuggestRawIdentifier(s) | Error::ExpectedStructName(s) => {
            return format!("ugyldig navn «{}»", printable(s));
        }
        Error::ExceededRecursionLimit => {
            "for mange parenteser inni hverandre: filen er skadet eller ikke et Samkart-register"
        }
        _ => "filen kan ikke leses her",
    };
    text.to_owned()
}

/// Messages that come from a field's own reader (dates, through chrono).
fn message(m: &str) -> String {
    match m {
        "input is out of range" => {
            "datoen finnes ikke (sjekk dag og måned; datoer skrives \"ÅÅÅÅ-MM-DD\")".to_owned()
        }
        "input contains invalid characters"
        | "premature end of input"
        | "trailing input"
        | "input is not enough for unique date and time"
        | "no possible date and time matching input"
        | "bad or unsupported format string" => {
            "ugyldig dato: datoer skrives \"ÅÅÅÅ-MM-DD\", for eksempel \"2026-03-01\"".to_owned()
        }
        _ => "ugyldig verdi".to_owned(),
    }
}

/// A value's kind as serde names it («a string», «integer `5`») in Norwegian, with the value
/// itself when serde gives it.
fn kind(serde: &str) -> String {
    let lower = serde.to_ascii_lowercase();
    let word = if lower.contains("date") {
        "en dato i anførselstegn (\"ÅÅÅÅ-MM-DD\")"
    } else if lower.contains("string") || lower.contains("str ") {
        "en tekst i anførselstegn"
    } else if lower.contains("bool") {
        "true eller false"
    } else if lower.contains("float") || lower.starts_with('f') && lower[1..].parse::<u8>().is_ok() {
        "et desimaltall"
    } else if lower.contains("integer") || lower.starts_with(['u', 'i']) && lower[1..].parse::<u8>().is_ok() {
        "et heltall"
    } else if lower.contains("sequence") || lower.contains("array") || lower.contains("tuple") {
        "en liste [ … ]"
    } else if lower.contains("struct") || lower.contains("map") {
        "en post ( … )"
    } else if lower.contains("option") {
        "en valgfri verdi"
    } else if lower.contains("unit") {
        "()"
    } else if lower.contains("enum") || lower.contains("variant") {
        "et av de faste valgene"
    } else if lower.contains("char") {
        "et tegn"
    } else {
        "en annen slags verdi"
    };
    // serde quotes the value itself: integer `5`, string "x".
    let value = serde
        .split_once('`')
        .and_then(|(_, r)| r.split_once('`'))
        .map(|(v, _)| v)
        .or_else(|| serde.split_once('"').and_then(|(_, r)| r.rsplit_once('"')).map(|(v, _)| v));
    match value {
        Some(v) => format!("{word} («{}»)", crate::messages::printable(v)),
        None => word.to_owned(),
    }
}

/// The byte offset of a 1-based line and column (columns count characters).
fn offset(text: &str, line: usize, column: usize) -> usize {
    let mut at = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return at + l.char_indices().nth(column.saturating_sub(1)).map_or(l.len(), |(b, _)| b);
        }
        at += l.len();
    }
    text.len()
}

/// One token of a quick scan of RON text: enough to follow brackets, field names and ids.
#[derive(Debug, PartialEq)]
enum Token<'a> {
    Ident(&'a str),
    Str(String),
    Open(char),
    Close,
    Colon,
    Other,
}

/// Splits `text` into tokens with their byte offsets, skipping comments and reading strings
/// (with their escapes and raw forms) whole, so brackets inside texts are not counted.
fn tokens(text: &str) -> impl Iterator<Item = (usize, Token<'_>)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        loop {
            let c = *bytes.get(i)?;
            let start = i;
            match c {
                b if b.is_ascii_whitespace() => i += 1,
                b'/' if bytes.get(i + 1) == Some(&b'/') => {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                }
                b'/' if bytes.get(i + 1) == Some(&b'*') => {
                    i = text[i + 2..].find("*/").map_or(bytes.len(), |e| i + 2 + e + 2);
                }
                b'"' => {
                    let mut s = String::new();
                    i += 1;
                    while let Some(&b) = bytes.get(i) {
                        match b {
                            b'\\' => {
                                if let Some(next) = text[i + 1..].chars().next() {
                                    s.push(next);
                                    i += 1 + next.len_utf8();
                                } else {
                                    i += 1;
                                }
                            }
                            b'"' => {
                                i += 1;
                                break;
                            }
                            _ => {
                                let ch = text[i..].chars().next().unwrap_or('\u{fffd}');
                                s.push(ch);
                                i += ch.len_utf8();
                            }
                        }
                    }
                    return Some((start, Token::Str(s)));
                }
                b'r' if matches!(bytes.get(i + 1), Some(b'"' | b'#')) => {
                    let hashes = bytes[i + 1..].iter().take_while(|b| **b == b'#').count();
                    if bytes.get(i + 1 + hashes) != Some(&b'"') {
                        i += 1;
                        continue;
                    }
                    let close = format!("\"{}", "#".repeat(hashes));
                    let body = i + 2 + hashes;
                    let end = text[body..].find(&close).map_or(bytes.len(), |e| body + e);
                    let s = text[body..end].to_owned();
                    i = (end + close.len()).min(bytes.len());
                    return Some((start, Token::Str(s)));
                }
                b'(' | b'[' | b'{' => {
                    i += 1;
                    return Some((start, Token::Open(c as char)));
                }
                b')' | b']' | b'}' => {
                    i += 1;
                    return Some((start, Token::Close));
                }
                b':' => {
                    i += 1;
                    return Some((start, Token::Colon));
                }
                b if b.is_ascii_alphabetic() || b == b'_' => {
                    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                        i += 1;
                    }
                    return Some((start, Token::Ident(&text[start..i])));
                }
                _ => {
                    i += text[i..].chars().next().map_or(1, char::len_utf8);
                    return Some((start, Token::Other));
                }
            }
        }
    })
}

/// The record kind stored in the register's list `field`.
fn list_kind(field: &str) -> Option<RecordKind> {
    Some(match field {
        "services" => RecordKind::Service,
        "contacts" => RecordKind::Contact,
        "agreements" => RecordKind::Agreement,
        "routines" => RecordKind::Routine,
        "forums" => RecordKind::Forum,
        "offerings" => RecordKind::Offering,
        "expectations" => RecordKind::Expectation,
        _ => return None,
    })
}

/// Where `at` falls in the register, in Norwegian: «kontakt «kari-nordmann»» (with the
/// field, when the error is inside one of the record's own values), «innstillingene»,
/// «kommunelisten»; `None` at the top level or when the text is too broken to tell.
fn locate(text: &str, at: usize) -> Option<String> {
    // Open brackets around `at`: (offset, the field name it is the value of).
    let mut stack: Vec<(usize, Option<&str>)> = Vec::new();
    let mut last_ident: Option<&str> = None;
    let mut key: Option<&str> = None;
    for (pos, token) in tokens(text) {
        if pos >= at {
            break;
        }
        match token {
            Token::Ident(name) => last_ident = Some(name),
            Token::Colon => key = last_ident.take(),
            Token::Open(_) => {
                stack.push((pos, key.take()));
                last_ident = None;
            }
            Token::Close => {
                stack.pop();
                key = None;
            }
            Token::Str(_) | Token::Other => {
                last_ident = None;
                key = None;
            }
        }
    }
    let top = stack.get(1)?;
    match top.1 {
        Some("settings") => return Some("innstillingene".to_owned()),
        Some("municipalities") => return Some("kommunelisten".to_owned()),
        _ => {}
    }
    let kind = list_kind(top.1?)?;
    let record = stack.get(2)?.0;
    let id = record_id(text, record);
    let mut place = match id {
        Some(id) => format!("{} «{}»", kind.label(), crate::messages::printable(&id)),
        None => format!("en {} uten id", kind.label()),
    };
    if let Some((_, Some(field))) = stack.get(3) {
        place.push_str(&format!(", feltet «{field}»"));
    }
    Some(place)
}

/// The `id: "…"` of the record whose opening bracket is at `start`.
fn record_id(text: &str, start: usize) -> Option<String> {
    let mut depth = 0usize;
    let mut want = false;
    let mut last: Option<&str> = None;
    for (_, token) in tokens(&text[start..]) {
        match token {
            Token::Open(_) => depth += 1,
            Token::Close => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return None;
                }
            }
            Token::Ident(name) => last = Some(name),
            Token::Colon => want = depth == 1 && last == Some("id"),
            Token::Str(s) if want => return Some(s),
            _ => want = false,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        match crate::store::parse(text) {
            Err(e) => e.to_string(),
            Ok(_) => panic!("expected an error for {text}"),
        }
    }

    #[test]
    fn the_record_around_an_error_is_named() {
        let text = "(version: 1, contacts: [(id: \"a\", name: \"(\", role: \"[\", service: \"s\"), (name: \"Kari ]\", id: \"kari\", role: \"x\", \
                    service: \"s\", email: (value: 5))])";
        let msg = error(text);
        assert!(msg.contains("i kontakt «kari», feltet «email»"), "{msg}");
        assert!(msg.contains("her skulle det stå en tekst i anførselstegn"), "{msg}");
        let msg = error("(version: 1, settings: (warn_days: \"mange\"))");
        assert!(msg.contains("her skulle det stå et heltall"), "{msg}");
        assert!(msg.contains("(i innstillingene)"), "{msg}");
    }

    #[test]
    fn every_message_is_norwegian() {
        for (text, want) in [
            (
                "(version: 1, contacts: [(id: \"a\", name: \"x\", role: \"y\", service: \"s\", verified: \"2026-02-30\")])",
                "datoen finnes ikke",
            ),
            ("(version: 1, settings: (warn_days: 99999999999))", "tallet er for stort"),
            (
                "(version: 1, services: [(id: \"a\", name: \"x\", sector: Navv, owner_kind: State)])",
                "Mente du «Nav»?",
            ),
            (
                "(version: 1, services: [(id: \"a\", name: \"x\", owner_kind: State)])",
                "feltet «sector» mangler",
            ),
            ("(version: 1, name: \"x", "anførselstegn"),
            ("(version: 1, name: \"x\"", "komma"),
            ("(version: 1, name: \"x\") )", "etter slutten"),
            ("Some((version: 1))", "uventet «Some»"),
        ] {
            let msg = error(text);
            assert!(msg.contains(want), "{text}: {msg}");
        }
        let deep = format!("(name: \"x\", annet: {}1{}, version: 1)", "[".repeat(200), "]".repeat(200));
        let msg = error(&deep);
        assert!(msg.contains("for mange parenteser"), "{msg}");
        let msg =
            error("(version: 1, services: [(id: \"a\", name: \"x\", sector: \"Nav\", owner_kind: State)])");
        assert!(msg.contains("her skulle det stå"), "{msg}");
    }

    #[test]
    fn nearest_names_are_suggested_only_when_close() {
        let fields = ["id", "name", "verified", "vacant", "service", "since"];
        assert_eq!(nearest("verifisert", &fields), Some("verified"));
        assert_eq!(nearest("navn", &fields), Some("name"));
        assert_eq!(nearest("telefonnummer", &fields), None);
    }
}
