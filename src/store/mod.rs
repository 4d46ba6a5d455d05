//! The register on disk: load (versioned, migrated), atomic save with rotating backups,
//! the write lock, and where the default register lives.
//!
//! A file that fails to load is never written to: loading only reads, and saving is a
//! separate, explicit step.

pub mod commit;
mod format;
pub mod lock;
pub mod merge;
pub mod migrate;
mod process;
mod replace;
pub mod watch;

pub use format::{parse, to_text, to_text_chunked, to_text_sorted};

use crate::model::Register;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Files larger than this are refused before reading, instead of exhausting memory.
/// A national register of 300,000 records is about a tenth of it.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024 * 1024;

/// How many earlier versions are kept in `backups/` beside the register.
pub const BACKUPS_KEPT: usize = 10;

/// The example register shipped inside the binary.
pub const EXAMPLE: &str = include_str!("../../data/eksempel.ron");

/// Why a register could not be loaded. Every message is Norwegian and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("Kunne ikke lese {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path} er en mappe, ikke en registerfil")]
    IsDirectory { path: PathBuf },
    #[error("Filen er {size} byte, over grensen på {limit} byte. Er det riktig fil?")]
    TooLarge { size: u64, limit: u64 },
    #[error("Filen er ikke gyldig UTF-8-tekst (feil ved byte {at}). Er det riktig fil?")]
    NotText { at: usize },
    #[error("Filen er tom")]
    Empty,
    #[error("Feil i filen på linje {line}, kolonne {column}: {message}")]
    Syntax { line: usize, column: usize, message: String },
    #[error("Filen mangler «version», så den er ikke et Samkart-register")]
    NoVersion,
    #[error(
        "Filen har format {found}, men denne utgaven av Samkart kan bare lese til og med {supported}. Oppdater Samkart."
    )]
    TooNew { found: u32, supported: u32 },
    #[error("Filen har format {found}, som er for gammelt; eldste som kan leses er {oldest}")]
    TooOld { found: u32, oldest: u32 },
}

impl LoadError {
    /// Line and column for syntax errors.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            Self::Syntax { line, column, .. } => Some((*line, *column)),
            _ => None,
        }
    }
}

/// Why a register could not be saved. The file on disk is then unchanged.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("Registeret lagres akkurat nå av {0}. Prøv igjen om litt.")]
    Locked(lock::Holder),
    #[error("Registeret er låst av en annen prosess. Prøv igjen om litt.")]
    LockedUnknown,
    #[error("Kunne ikke skrive {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error(
        "{path} er skrivebeskyttet, så endringene kan ikke lagres der. Bruk «Lagre som…» for å lagre en kopi et annet sted."
    )]
    ReadOnly { path: PathBuf },
    #[error(
        "{path} er åpen i et annet program (for eksempel Excel, et antivirusprogram eller OneDrive), så den kunne ikke erstattes. Endringene dine er ikke lagret, men de er ikke tapt: lukk filen i det andre programmet og lagre på nytt, eller bruk «Lagre som…»."
    )]
    HeldOpen { path: PathBuf },
}

impl From<lock::LockError> for SaveError {
    fn from(e: lock::LockError) -> Self {
        match e {
            lock::LockError::Held(h) => Self::Locked(h),
            lock::LockError::HeldUnknown => Self::LockedUnknown,
            lock::LockError::Io(source) => Self::Io { path: PathBuf::from("(låsefil)"), source },
        }
    }
}

/// Reads the bytes of a register file, refusing directories and oversized files.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, LoadError> {
    let io = |source| LoadError::Io { path: path.to_owned(), source };
    let meta = fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(LoadError::IsDirectory { path: path.to_owned() });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge { size: meta.len(), limit: MAX_FILE_BYTES });
    }
    fs::read(path).map_err(io)
}

/// Parses bytes read from a register file.
pub fn parse_bytes(bytes: &[u8]) -> Result<Register, LoadError> {
    let text = std::str::from_utf8(bytes).map_err(|e| LoadError::NotText { at: e.valid_up_to() })?;
    parse(text)
}

/// Loads a register file. Only reads: the file is never touched.
pub fn load(path: &Path) -> Result<Register, LoadError> {
    parse_bytes(&read_bytes(path)?)
}

/// As [`load`], with the [`commit::content_hash`] of the bytes read, so that the first save
/// can tell without parsing the file again that nobody else has saved since.
pub fn load_hashed(path: &Path) -> Result<(Register, u64), LoadError> {
    let bytes = read_bytes(path)?;
    let register = parse_bytes(&bytes)?;
    Ok((register, commit::content_hash(&bytes)))
}

/// Saves atomically: the text goes to a temporary file in the same folder, is flushed to
/// disk, and is renamed over the original, so a crash leaves either the old or the new file.
/// The previous file is first copied to `backups/`, which keeps the last [`BACKUPS_KEPT`].
/// The write lock is held for the duration.
pub fn save(path: &Path, register: &Register) -> Result<(), SaveError> {
    save_text(path, &to_text(register))
}

/// As [`save`], with the text already made.
pub fn save_text(path: &Path, text: &str) -> Result<(), SaveError> {
    save_text_with(path, text, &mut |file, bytes| file.write_all(bytes))
}

/// How the bytes reach the temporary file. [`save_text`] uses `write_all`; tests pass a
/// writer that fails part-way to stand in for a full disk or a lost permission.
pub type Writer<'a> = dyn FnMut(&mut fs::File, &[u8]) -> std::io::Result<()> + 'a;

/// As [`save_text`], writing the temporary file through `write`. Whatever fails, the file
/// at `path` is left as it was and no temporary file is left behind.
pub fn save_text_with(path: &Path, text: &str, write: &mut Writer) -> Result<(), SaveError> {
    check_writable(path)?;
    let lock = lock::acquire(path)?;
    write_locked(&lock, path, text, write)
}

/// Refuses a read-only file up front, with a message that points to «Lagre som…». (The
/// permission bits are checked by hand because an administrator's process could otherwise
/// replace a file its owner marked read-only.)
pub(crate) fn check_writable(path: &Path) -> Result<(), SaveError> {
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(SaveError::Io {
            path: path.to_owned(),
            source: std::io::Error::other("det er en mappe, ikke en fil"),
        }),
        Ok(meta) if meta.permissions().readonly() => Err(SaveError::ReadOnly { path: path.to_owned() }),
        _ => Ok(()),
    }
}

/// The atomic write itself; the caller holds the write lock.
pub(crate) fn write_locked(
    _lock: &lock::WriteLock,
    path: &Path,
    text: &str,
    write: &mut Writer,
) -> Result<(), SaveError> {
    let io = |source: std::io::Error| {
        if source.kind() == std::io::ErrorKind::PermissionDenied {
            SaveError::ReadOnly { path: path.to_owned() }
        } else {
            SaveError::Io { path: path.to_owned(), source }
        }
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    remove_leftover_temps(&dir, &name);

    let mut tmp =
        tempfile::Builder::new().prefix(&format!(".{name}.")).suffix(".tmp").tempfile_in(&dir).map_err(io)?;
    write(tmp.as_file_mut(), text.as_bytes()).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    // Keep the permissions of the file we replace.
    if let Ok(meta) = fs::metadata(path) {
        let _ = fs::set_permissions(tmp.path(), meta.permissions());
    }

    if path.exists() {
        backup(path).map_err(io)?;
    }
    replace::persist(tmp, path).map_err(|e| {
        if replace::held_open(&e) { SaveError::HeldOpen { path: path.to_owned() } } else { io(e) }
    })?;
    sync_dir(&dir);
    Ok(())
}

/// Removes temporary files that a writer killed mid-save left behind. Only called under the
/// write lock, when no other writer can be using one.
fn remove_leftover_temps(dir: &Path, name: &str) {
    let prefix = format!(".{name}.");
    if let Ok(rd) = fs::read_dir(dir) {
        for entry in rd.filter_map(|e| e.ok()) {
            let file = entry.file_name();
            let file = file.to_string_lossy();
            if file.starts_with(&prefix) && file.ends_with(".tmp") {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

fn sync_dir(dir: &Path) {
    // Make the rename itself durable. Not possible (nor needed) on every platform.
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// The backup folder beside a register file.
pub fn backup_dir(path: &Path) -> PathBuf {
    path.parent().unwrap_or(Path::new(".")).join("backups")
}

/// Copies the current file into `backups/` as `STEM-YYYYMMDD-HHMMSS-N.ron`, then removes
/// the oldest copies beyond [`BACKUPS_KEPT`].
fn backup(path: &Path) -> std::io::Result<()> {
    let dir = backup_dir(path);
    fs::create_dir_all(&dir)?;
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let ext = path.extension().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "ron".into());
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
    // Several saves in one second get increasing counters, so that names sort by age even
    // after rotation has removed the oldest of them.
    let same_second = format!("{stem}-{stamp}-");
    let next = list_backups(path)?
        .iter()
        .filter_map(|p| p.file_stem()?.to_str()?.strip_prefix(&same_second)?.parse::<u32>().ok())
        .max()
        .map_or(0, |n| n + 1);
    let target = dir.join(format!("{stem}-{stamp}-{next:03}.{ext}"));
    if let Err(e) = fs::copy(path, &target) {
        // A half-written backup must not push a good one out of the rotation.
        let _ = fs::remove_file(&target);
        return Err(e);
    }
    let mut existing = list_backups(path)?;
    while existing.len() > BACKUPS_KEPT {
        fs::remove_file(existing.remove(0))?;
    }
    Ok(())
}

/// The backups of a register, oldest first.
pub fn list_backups(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    let dir = backup_dir(path);
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let prefix = format!("{stem}-");
    let mut out: Vec<PathBuf> = match fs::read_dir(&dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| {
                p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                    n.strip_prefix(&prefix).is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
                })
            })
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e),
    };
    out.sort();
    Ok(out)
}

/// Where Samkart keeps its data: `$SAMKART_HOME` if set, else the platform data directory
/// (`~/.local/share/samkart` on Linux, `%APPDATA%\Samkart\data` on Windows,
/// `~/Library/Application Support/no.Samkart.Samkart` on macOS).
pub fn data_dir() -> Option<PathBuf> {
    if let Some(home) = std::env::var_os("SAMKART_HOME").filter(|h| !h.is_empty()) {
        return Some(PathBuf::from(home));
    }
    directories::ProjectDirs::from("no", "Samkart", "Samkart").map(|d| d.data_dir().to_owned())
}

/// The default register file: `register.ron` in [`data_dir`].
pub fn default_path() -> Option<PathBuf> {
    data_dir().map(|d| d.join("register.ron"))
}

/// Makes sure the default register exists, creating it from the bundled example on first
/// run. Returns its path. An existing file is never touched.
pub fn ensure_default() -> Result<PathBuf, SaveError> {
    let path = default_path().ok_or_else(|| SaveError::Io {
        path: PathBuf::from("register.ron"),
        source: std::io::Error::other("fant ingen datamappe for brukeren"),
    })?;
    if !path.exists() {
        let dir = path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir).map_err(|source| SaveError::Io { path: dir.to_owned(), source })?;
        save_text(&path, EXAMPLE)?;
    }
    Ok(path)
}
