//! Writing an export's files to disk: the one function the command line and the window both
//! call, with the guard that keeps an export off the register.
//!
//! An export never writes onto the register, its backups, its lock or its temporary files
//! (compared by resolved name, so `./FILE`, a link and `../x/FILE` all count), and it never
//! replaces a file Samkart did not write for that kind of export: an existing file is
//! replaced only when it is empty or carries the export's own mark (see [`made_by_samkart`]).
//! Every destination is checked before the first file is written, and each file is written
//! to a temporary file beside it and renamed into place, so a refusal or a failure leaves
//! nothing half-written.

use super::{ExportFile, Format};
use crate::store::paths::{self, Part};
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Why an export was not written. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{} er selve registerfilen. En eksport skrives aldri over registeret: velg et annet filnavn.", .0.display())]
    Register(PathBuf),
    #[error("{} er en sikkerhetskopi av registeret (i backups/). En eksport skrives aldri dit: velg en annen mappe.", .0.display())]
    Backup(PathBuf),
    #[error("{} er registerets låsefil eller en midlertidig fil fra en lagring. En eksport skrives aldri dit: velg et annet filnavn.", .0.display())]
    Lock(PathBuf),
    #[error(
        "{} finnes fra før og er ikke en eksport ({}) fra Samkart, så den blir ikke overskrevet. Velg et annet filnavn, eller flytt eller slett filen først.",
        .path.display(), .kind
    )]
    NotOurs { path: PathBuf, kind: &'static str },
    #[error("{} er ikke en vanlig fil (en mappe, enhet eller kø), så eksporten kan ikke skrives dit.", .0.display())]
    NotAFile(PathBuf),
    #[error("{} er en fil, men denne eksporten er en mappe med flere filer. Oppgi en mappe (den lages om den ikke finnes).", .0.display())]
    NotAFolder(PathBuf),
    #[error("Kunne ikke skrive {}: {}", .path.display(), crate::messages::io(.source))]
    Io { path: PathBuf, source: std::io::Error },
}

/// Where each file of an export goes: into `out` for a folder format (and for a one-file
/// format when `out` is an existing folder), else to `out` itself.
pub fn destinations(format: Format, files: &[ExportFile], out: &Path) -> Vec<PathBuf> {
    let into_folder = format.is_folder() || out.is_dir();
    files.iter().map(|f| if into_folder { out.join(&f.name) } else { out.to_owned() }).collect()
}

/// Writes `files` (from [`super::export`]) to `out`, guarding `register` (the register the
/// export was made from, if it has a file) and every file Samkart did not make. Returns
/// the paths written, in order. On error nothing is written.
pub fn write_export(
    format: Format,
    files: &[ExportFile],
    out: &Path,
    register: Option<&Path>,
) -> Result<Vec<PathBuf>, WriteError> {
    if format.is_folder() && out.exists() && !out.is_dir() {
        return Err(WriteError::NotAFolder(out.to_owned()));
    }
    let dests = destinations(format, files, out);
    let mut targets = Vec::with_capacity(dests.len());
    for (dest, file) in dests.iter().zip(files) {
        targets.push(check(dest, file, format, register)?);
    }
    for ((dest, target), file) in dests.iter().zip(&targets).zip(files) {
        write_one(target, &file.bytes).map_err(|source| WriteError::Io { path: dest.clone(), source })?;
    }
    Ok(dests)
}

/// Checks one destination; returns the file to write (a link's target).
fn check(
    dest: &Path,
    file: &ExportFile,
    format: Format,
    register: Option<&Path>,
) -> Result<PathBuf, WriteError> {
    if let Some(register) = register {
        match paths::part_of_register(register, dest) {
            Some(Part::Register) => return Err(WriteError::Register(dest.to_owned())),
            Some(Part::Backup) => return Err(WriteError::Backup(dest.to_owned())),
            Some(Part::Lock | Part::Temporary) => return Err(WriteError::Lock(dest.to_owned())),
            None => {}
        }
    }
    let target =
        paths::follow_links(dest).map_err(|source| WriteError::Io { path: dest.to_owned(), source })?;
    match fs::metadata(&target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(target),
        Err(source) => Err(WriteError::Io { path: dest.to_owned(), source }),
        Ok(meta) if !meta.is_file() => Err(WriteError::NotAFile(dest.to_owned())),
        Ok(_) => {
            let head =
                read_head(&target).map_err(|source| WriteError::Io { path: dest.to_owned(), source })?;
            if made_by_samkart(&file.name, &head, &file.bytes) {
                Ok(target)
            } else {
                Err(WriteError::NotOurs { path: dest.to_owned(), kind: format.key() })
            }
        }
    }
}

/// How much of an existing file is read to recognise it.
const HEAD: u64 = 64 * 1024;

fn read_head(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::new();
    fs::File::open(path)?.take(HEAD).read_to_end(&mut head)?;
    Ok(head)
}

/// Whether `existing` (the start of a file) is an earlier export of the file `name` that
/// now has the contents `new`, or empty. Each kind of file carries its own mark: the header
/// row of a table, the calendar's and the cards' Samkart identifiers, the report's
/// `generator` tag, the data package's name.
pub fn made_by_samkart(name: &str, existing: &[u8], new: &[u8]) -> bool {
    fn contains(hay: &[u8], needle: &str) -> bool {
        hay.windows(needle.len()).any(|w| w == needle.as_bytes())
    }
    fn first_line(b: &[u8]) -> &[u8] {
        b.split(|c| *c == b'\n').next().unwrap_or_default()
    }
    if existing.is_empty() {
        return true;
    }
    let ext = Path::new(name).extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    match ext.as_str() {
        "ics" => contains(existing, "PRODID:-//Samkart//"),
        "vcf" => contains(existing, "@samkart\r\n"),
        "html" => {
            contains(existing, "<meta name=\"generator\" content=\"Samkart\">")
                || contains(existing, "<title>Samarbeidsrapport – ")
        }
        "json" => contains(existing, "\"name\": \"samkart-"),
        // A table (and anything else): the same header line as the new file.
        _ => {
            let line = first_line(new);
            line.len() >= 8 && first_line(existing) == line
        }
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename. A new
/// file gets the permissions the user's umask gives any new file; a replaced one keeps its
/// own.
fn write_one(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&dir)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut tmp = crate::store::new_temp_file(&dir, &name)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    if let Ok(meta) = fs::metadata(path) {
        fs::set_permissions(tmp.path(), meta.permissions())?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(format: Format) -> Vec<ExportFile> {
        let reg = crate::store::parse(crate::store::EXAMPLE).unwrap();
        super::super::export(
            format,
            &reg,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            &super::super::ExportOptions::default(),
        )
    }

    #[test]
    fn every_export_recognises_its_own_earlier_output() {
        for format in Format::ALL {
            let new = files(format);
            for f in &new {
                assert!(made_by_samkart(&f.name, &f.bytes, &f.bytes), "{} of {}", f.name, format.key());
                assert!(
                    !made_by_samkart(&f.name, crate::store::EXAMPLE.as_bytes(), &f.bytes),
                    "a register is never taken for {} of {}",
                    f.name,
                    format.key()
                );
                assert!(!made_by_samkart(&f.name, b"Mine egne notater\n", &f.bytes));
            }
        }
        // Each report (management, the overview of offerings, the plan's measures) is a
        // page of its own, with its own title: each is replaced when exported again.
        let reg = crate::store::parse(crate::store::EXAMPLE).unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        for report in super::super::Report::ALL {
            let options = super::super::ExportOptions { report, ..Default::default() };
            for f in super::super::export(Format::Html, &reg, today, &options) {
                assert!(made_by_samkart(&f.name, &f.bytes, &f.bytes), "{} ({})", f.name, report.key());
            }
        }
    }

    #[test]
    fn the_register_its_backups_and_its_lock_are_never_written() {
        let dir = tempfile::tempdir().unwrap();
        let reg = dir.path().join("register.ron");
        crate::store::save_text(&reg, crate::store::EXAMPLE).unwrap();
        crate::store::save_text(&reg, crate::store::EXAMPLE).unwrap();
        let backup = crate::store::list_backups(&reg).unwrap().remove(0);
        let html = files(Format::Html);
        let before = fs::read(&reg).unwrap();
        let backup_before = fs::read(&backup).unwrap();
        assert!(matches!(write_export(Format::Html, &html, &reg, Some(&reg)), Err(WriteError::Register(_))));
        assert!(matches!(write_export(Format::Html, &html, &backup, Some(&reg)), Err(WriteError::Backup(_))));
        let lock = dir.path().join("register.ron.lock");
        assert!(matches!(write_export(Format::Html, &html, &lock, Some(&reg)), Err(WriteError::Lock(_))));
        assert!(!lock.exists());
        let csv = files(Format::Csv);
        let into_backups = dir.path().join("backups");
        assert!(matches!(
            write_export(Format::Csv, &csv, &into_backups, Some(&reg)),
            Err(WriteError::Backup(_))
        ));
        assert_eq!(fs::read(&reg).unwrap(), before);
        assert_eq!(fs::read(&backup).unwrap(), backup_before);
        assert_eq!(fs::read_dir(&into_backups).unwrap().count(), 1, "nothing written among the backups");
    }

    #[test]
    fn a_file_samkart_did_not_write_is_kept_and_its_own_output_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let notes = dir.path().join("notater.txt");
        fs::write(&notes, "Mine egne notater\n").unwrap();
        for format in Format::ALL.into_iter().filter(|f| !f.is_folder()) {
            let err = write_export(format, &files(format), &notes, None).unwrap_err();
            assert!(matches!(err, WriteError::NotOurs { .. }), "{err}");
        }
        assert_eq!(fs::read_to_string(&notes).unwrap(), "Mine egne notater\n");
        // A table of one's own where the export's table would go: nothing is written.
        let folder = dir.path().join("csv");
        fs::create_dir(&folder).unwrap();
        fs::write(folder.join("kontakter.csv"), "navn;telefon\nKari;1\n").unwrap();
        assert!(matches!(
            write_export(Format::Csv, &files(Format::Csv), &folder, None),
            Err(WriteError::NotOurs { .. })
        ));
        assert_eq!(fs::read_dir(&folder).unwrap().count(), 1, "no file written before the refusal");
        fs::remove_file(folder.join("kontakter.csv")).unwrap();
        // Exported twice: the second run replaces the first.
        for format in Format::ALL {
            let out = dir.path().join(format!("to-ganger-{}", format.key()));
            write_export(format, &files(format), &out, None).unwrap();
            let written = write_export(format, &files(format), &out, None).unwrap();
            assert!(!written.is_empty());
        }
        // A folder format onto a file.
        assert!(matches!(
            write_export(Format::Csv, &files(Format::Csv), &notes, None),
            Err(WriteError::NotAFolder(_))
        ));
    }
}
