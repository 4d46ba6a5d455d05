//! `samkart request-verification`: one e-mail draft per contact whose details nobody has
//! confirmed for a while, for the user to send (see [`crate::exchange::verify`]).

use super::{EXIT_PROBLEMS, EXIT_UNREADABLE, today_local};
use crate::exchange::verify;
use crate::store;
use chrono::NaiveDate;
use std::io::Write;
use std::path::Path;

/// `samkart request-verification [FILE] --out DIR [--older-than MONTHS] [--today D]`.
pub fn request_verification_cmd(
    file: Option<&Path>,
    dir: &Path,
    older_than: Option<u32>,
    today: Option<NaiveDate>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let Some((_, reg)) = super::load_given_or_default(file, "request-verification", err) else {
        return EXIT_UNREADABLE;
    };
    let today = today.unwrap_or_else(today_local);
    let sender = store::lock::current_user();
    let drafts = verify::drafts(&reg, today, older_than, &sender, chrono::Utc::now());
    for (name, why) in &drafts.skipped {
        let _ = writeln!(out, "Ingen e-post til {name}: {why}");
    }
    if drafts.files.is_empty() {
        let _ = writeln!(out, "Ingen kontakter å be om bekreftelse: ingen utkast skrevet.");
        return 0;
    }
    match verify::write_drafts(dir, &drafts.files) {
        Ok(written) => {
            for p in &written {
                let _ = writeln!(out, "Skrev {}", p.display());
            }
            let n = written.len();
            let _ = writeln!(
                out,
                "{n} utkast i {}. Åpne hvert i e-postprogrammet og send det; registrer svaret med «Bekreft kontakt».",
                dir.display()
            );
            0
        }
        Err(e) => {
            let _ = writeln!(err, "{e}");
            EXIT_PROBLEMS
        }
    }
}
