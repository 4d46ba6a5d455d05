//! What the user reads when the system fails, and text made safe to print.
//!
//! The operating system and the libraries report errors in English («Permission denied (os
//! error 13)»); [`io`] says the same in Norwegian, with what to do where there is something
//! to do. [`printable`] escapes the control characters a register text may hold, so that
//! printing a name can never move the cursor, change colours or rewrite the user's terminal.

use std::borrow::Cow;
use std::io::ErrorKind;

/// A Norwegian description of an I/O error, for «Kunne ikke lese FIL: …».
pub fn io(e: &std::io::Error) -> String {
    let text = match e.kind() {
        ErrorKind::NotFound => "filen eller mappen finnes ikke",
        ErrorKind::PermissionDenied => {
            "ingen tilgang (du mangler rettigheter til filen eller mappen; spør den som eier den)"
        }
        ErrorKind::AlreadyExists => "filen finnes allerede",
        ErrorKind::IsADirectory => "det er en mappe, ikke en fil",
        ErrorKind::NotADirectory => "en del av stien er en fil, ikke en mappe",
        ErrorKind::DirectoryNotEmpty => "mappen er ikke tom",
        ErrorKind::ReadOnlyFilesystem => "disken er skrivebeskyttet",
        ErrorKind::StorageFull => "disken er full; frigjør plass og prøv igjen",
        ErrorKind::QuotaExceeded => "kvoten din på disken er brukt opp; frigjør plass og prøv igjen",
        ErrorKind::FileTooLarge => "filen er for stor for filsystemet",
        ErrorKind::ResourceBusy | ErrorKind::ExecutableFileBusy => {
            "filen er i bruk av et annet program; lukk det og prøv igjen"
        }
        ErrorKind::CrossesDevices => "filen kan ikke flyttes mellom to disker",
        ErrorKind::TooManyLinks => "for mange lenker",
        ErrorKind::InvalidFilename => "ugyldig filnavn (for langt, eller med tegn systemet ikke godtar)",
        ErrorKind::StaleNetworkFileHandle => "forbindelsen til nettverksdisken er brutt; prøv igjen",
        ErrorKind::NetworkDown
        | ErrorKind::NetworkUnreachable
        | ErrorKind::HostUnreachable
        | ErrorKind::ConnectionRefused
        | ErrorKind::ConnectionReset
        | ErrorKind::ConnectionAborted
        | ErrorKind::NotConnected => "nettverket svarer ikke; sjekk forbindelsen til nettverksdisken",
        ErrorKind::TimedOut => "det tok for lang tid (tidsavbrudd); prøv igjen",
        ErrorKind::Interrupted => "avbrutt; prøv igjen",
        ErrorKind::WouldBlock => "filen er ikke klar til å leses",
        ErrorKind::UnexpectedEof => "filen slutter før den skulle",
        ErrorKind::WriteZero => "ingenting kunne skrives; er disken full?",
        ErrorKind::OutOfMemory => "ikke nok minne",
        ErrorKind::Unsupported => "systemet støtter ikke dette",
        ErrorKind::InvalidData => "filen inneholder noe som ikke kan leses",
        ErrorKind::InvalidInput => "ugyldig filnavn eller sti",
        ErrorKind::BrokenPipe => "mottakeren sluttet å lese",
        // A message we made ourselves is already Norwegian.
        _ if e.raw_os_error().is_none() && e.get_ref().is_some() => return e.to_string(),
        _ => {
            return match e.raw_os_error() {
                Some(code) => format!("uventet feil fra systemet (feilkode {code})"),
                None => "uventet feil fra systemet".to_owned(),
            };
        }
    };
    text.to_owned()
}

/// Whether `c` must not reach a terminal as it is: control characters (C0, DEL, C1) and the
/// invisible marks that reverse the direction of text.
fn unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every control character (tab and line break too) and every direction mark
/// written as a visible escape (`\u{1b}`, `\n`, `\t`), so one register text stays on one
/// line and cannot act on the terminal it is printed to.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Rows of cells as a table for the terminal: each column as wide as its widest cell, two
/// spaces between columns, no trailing spaces. The cells are printed as they are given:
/// register text goes through [`printable`] first.
pub fn aligned_table<const N: usize>(header: [&str; N], rows: &[[String; N]]) -> String {
    let mut widths = header.map(|h| h.chars().count());
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut text = String::new();
    let mut line = |cells: [&str; N]| {
        let start = text.len();
        for (cell, width) in cells.iter().zip(widths) {
            text.push_str(cell);
            text.extend(std::iter::repeat_n(' ', width - cell.chars().count() + 2));
        }
        text.truncate(text[start..].trim_end().len() + start);
        text.push('\n');
    };
    line(header);
    for row in rows {
        line(row.each_ref().map(String::as_str));
    }
    text
}

/// A writer that escapes control characters on their way out, except line breaks and tabs:
/// the last guard between a file's text and the user's terminal, for whatever a command
/// prints (register text is escaped with [`printable`] before that).
pub struct Escaping<W: std::io::Write>(pub W);

impl<W: std::io::Write> std::io::Write for Escaping<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            if unsafe_char(c) && c != '\n' && c != '\t' {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            } else {
                out.push(c);
            }
        }
        self.0.write_all(out.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn os_errors_are_told_in_norwegian() {
        for code in [1, 2, 13, 17, 20, 21, 28, 30, 36, 122] {
            let text = io(&std::io::Error::from_raw_os_error(code));
            assert!(!text.contains("os error") && !text.contains("denied"), "{code}: {text}");
        }
        assert_eq!(io(&std::io::Error::from_raw_os_error(13)).split(' ').next(), Some("ingen"));
        assert_eq!(io(&std::io::Error::other("det er en mappe")), "det er en mappe");
    }

    #[test]
    fn escapes_and_direction_marks_become_visible_text() {
        assert_eq!(printable("Kari Nordmann"), "Kari Nordmann");
        assert_eq!(printable("a\u{1b}[2Jb\nc\td\u{202e}e\u{9b}"), "a\\u{1b}[2Jb\\nc\\td\\u{202e}e\\u{9b}");
        let mut out = Escaping(Vec::new());
        write!(out, "linje\tén\n\u{1b}]0;tittel\u{7}\n").unwrap();
        assert_eq!(String::from_utf8(out.0).unwrap(), "linje\tén\n\\u{1b}]0;tittel\\u{7}\n");
    }
}
