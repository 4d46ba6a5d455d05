//! The headless subcommands. Each returns the process exit code and writes to the given
//! streams, so tests can run them in-process as well as through the binary.

use crate::model::{RecordKind, Register, validate::validate};
use crate::review::{self, Finding, Severity, format_date};
use crate::store::{self, LoadError};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Exit code: the file could not be read or parsed.
pub const EXIT_UNREADABLE: i32 = 2;
/// Exit code: the register has validation problems (validate), or could not be written.
pub const EXIT_PROBLEMS: i32 = 1;

/// Samkart: registeret over tjenester, kontaktpersoner, samarbeidsavtaler og rutiner for
/// barn, unge og familier i kommunen.
///
/// Uten underkommando åpnes programvinduet på standardregisteret.
#[derive(Debug, Parser)]
#[command(name = "samkart", version, about, long_about)]
pub struct Cli {
    /// Registerfil som vinduet skal åpne (standard: register.ron i datamappen, se README).
    #[arg(long, short = 'r', value_name = "FIL", global = false)]
    pub register: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Sjekker at en registerfil er gyldig.
    ///
    /// Avslutningskode 0 når filen er gyldig, 1 når den har feil (alle skrives ut med
    /// postens id), 2 når filen ikke kan leses eller tolkes (med linje:kolonne).
    Validate {
        /// Registerfilen (RON).
        file: PathBuf,
        /// Dato som regnes som «i dag» ved sjekk av datoer fram i tid (ÅÅÅÅ-MM-DD).
        #[arg(long, value_name = "DATO")]
        today: Option<NaiveDate>,
    },
    /// Leser og lagrer filen i normalisert form (sortert på id, fast innrykk).
    ///
    /// Å kjøre den to ganger endrer ingenting. Filen skrives atomisk, og forrige utgave
    /// legges i backups/. En fil som ikke kan leses, blir aldri skrevet til.
    Fmt {
        /// Registerfilen (RON).
        file: PathBuf,
    },
    /// Viser antall poster av hver type.
    Stats {
        /// Registerfilen (RON).
        file: PathBuf,
    },
    /// Gjennomgår registeret: forfalte avtaler, manglende rutiner, ubekreftede kontakter …
    ///
    /// Skriver funnene sortert etter alvorlighet og frist. Avslutningskode 0 når ingen
    /// funn er feil, 3 når minst ett er det (en planlagt jobb kan varsle lederen), 2 når
    /// filen ikke kan leses.
    Check {
        /// Registerfilen (RON); standard er standardregisteret i datamappen.
        file: Option<PathBuf>,
        /// Dato som regnes som «i dag» (ÅÅÅÅ-MM-DD); standard er dagens dato.
        #[arg(long, value_name = "DATO")]
        today: Option<NaiveDate>,
        /// Skriv funnene som en JSON-liste i stedet for en tabell.
        #[arg(long)]
        json: bool,
        /// Vis bare funn med minst denne alvorlighetsgraden: info, warning eller error.
        #[arg(long, value_name = "GRAD", default_value = "info", value_parser = parse_severity)]
        min_severity: Severity,
    },
}

/// Exit code of `check`: at least one finding has error severity.
pub const EXIT_FINDINGS: i32 = 3;

fn parse_severity(s: &str) -> Result<Severity, String> {
    Severity::from_key(s)
        .ok_or_else(|| format!("ukjent alvorlighetsgrad «{s}»: bruk info, warning eller error"))
}

fn today_local() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn report_load_error(err: &mut dyn Write, path: &Path, e: &LoadError) {
    match e.position() {
        Some((line, col)) => {
            let _ = writeln!(err, "{}:{line}:{col}: {e}", path.display());
        }
        None => {
            let _ = writeln!(err, "{}: {e}", path.display());
        }
    }
}

/// `samkart validate FILE`.
pub fn validate_cmd(file: &Path, today: Option<NaiveDate>, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let reg = match store::load(file) {
        Ok(r) => r,
        Err(e) => {
            report_load_error(err, file, &e);
            return EXIT_UNREADABLE;
        }
    };
    let problems = validate(&reg, today.unwrap_or_else(today_local));
    if problems.is_empty() {
        let _ = writeln!(out, "{}: gyldig ({} poster)", file.display(), reg.total_records());
        0
    } else {
        for p in &problems {
            let _ = writeln!(out, "{}: {p}", file.display());
        }
        let _ =
            writeln!(out, "{} problem{} funnet", problems.len(), if problems.len() == 1 { "" } else { "er" });
        EXIT_PROBLEMS
    }
}

/// `samkart fmt FILE`.
pub fn fmt_cmd(file: &Path, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let bytes = match store::read_bytes(file) {
        Ok(b) => b,
        Err(e) => {
            report_load_error(err, file, &e);
            return EXIT_UNREADABLE;
        }
    };
    let reg = match store::parse_bytes(&bytes) {
        Ok(r) => r,
        Err(e) => {
            report_load_error(err, file, &e);
            return EXIT_UNREADABLE;
        }
    };
    let text = store::to_text(&reg);
    if text.as_bytes() == bytes.as_slice() {
        let _ = writeln!(out, "{}: allerede normalisert", file.display());
        return 0;
    }
    match store::save_text(file, &text) {
        Ok(()) => {
            let _ = writeln!(out, "{}: normalisert", file.display());
            0
        }
        Err(e) => {
            let _ = writeln!(err, "{}: {e}", file.display());
            EXIT_PROBLEMS
        }
    }
}

/// Counts per record kind, in a fixed order.
pub fn stats(reg: &Register) -> Vec<(RecordKind, usize)> {
    RecordKind::ALL.iter().map(|k| (*k, reg.count(*k))).collect()
}

/// `samkart stats FILE`.
pub fn stats_cmd(file: &Path, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let reg = match store::load(file) {
        Ok(r) => r,
        Err(e) => {
            report_load_error(err, file, &e);
            return EXIT_UNREADABLE;
        }
    };
    if !reg.name.is_empty() {
        let _ = writeln!(out, "Register: {}", reg.name);
    }
    let _ = writeln!(out, "Kommuner: {}", reg.municipalities.len());
    for (kind, n) in stats(&reg) {
        let _ = writeln!(out, "{:<22}{n:>8}", format!("{}:", kind.plural()));
    }
    let _ = writeln!(out, "{:<22}{:>8}", "Totalt:", reg.total_records());
    0
}

/// One finding as `check --json` prints it.
#[derive(serde::Serialize)]
struct JsonFinding<'a> {
    kind: &'static str,
    severity: &'static str,
    subject_kind: &'static str,
    subject_id: &'a str,
    subject_name: &'a str,
    message: &'a str,
    /// `YYYY-MM-DD` or null.
    due: Option<String>,
}

/// The findings of `check` as a JSON array.
pub fn findings_json(findings: &[Finding]) -> String {
    let rows: Vec<JsonFinding<'_>> = findings
        .iter()
        .map(|f| JsonFinding {
            kind: f.kind.id(),
            severity: f.severity.key(),
            subject_kind: f.subject.kind.key(),
            subject_id: &f.subject.id,
            subject_name: &f.subject.name,
            message: &f.message,
            due: f.due.map(|d| d.format("%Y-%m-%d").to_string()),
        })
        .collect();
    serde_json::to_string_pretty(&rows).expect("findings serialize")
}

/// The findings of `check` as an aligned table with a summary line.
pub fn findings_table(findings: &[Finding]) -> String {
    use std::fmt::Write as _;
    let header = ["ALVORLIGHET", "FRIST", "SJEKK", "GJELDER", "MELDING"];
    let rows: Vec<[String; 5]> = findings
        .iter()
        .map(|f| {
            [
                f.severity.label().to_owned(),
                f.due.map(format_date).unwrap_or_default(),
                f.kind.label().to_owned(),
                format!("{} «{}»", f.subject.kind.label(), f.subject.name),
                f.message.clone(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut text = String::new();
    let mut line = |cells: [&str; 5]| {
        let mut l = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 < cells.len() {
                let _ = write!(l, "{cell}{}  ", " ".repeat(widths[i] - cell.chars().count()));
            } else {
                l.push_str(cell);
            }
        }
        text.push_str(l.trim_end());
        text.push('\n');
    };
    if !rows.is_empty() {
        line(header);
        for row in &rows {
            line([&row[0], &row[1], &row[2], &row[3], &row[4]]);
        }
        text.push('\n');
    }
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let (e, w, i) = (count(Severity::Error), count(Severity::Warning), count(Severity::Info));
    if findings.is_empty() {
        text.push_str("Ingen funn.\n");
    } else {
        let _ = writeln!(
            text,
            "{} funn: {e} feil, {w} advars{}, {i} info",
            findings.len(),
            if w == 1 { "el" } else { "ler" }
        );
    }
    text
}

/// `samkart check [FILE] [--today D] [--json] [--min-severity S]`.
pub fn check_cmd(
    file: Option<&Path>,
    today: Option<NaiveDate>,
    json: bool,
    min_severity: Severity,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let path = match file {
        Some(f) => f.to_owned(),
        None => match store::ensure_default() {
            Ok(p) => p,
            Err(e) => {
                let _ = writeln!(err, "{e}");
                return EXIT_UNREADABLE;
            }
        },
    };
    let reg = match store::load(&path) {
        Ok(r) => r,
        Err(e) => {
            report_load_error(err, &path, &e);
            return EXIT_UNREADABLE;
        }
    };
    let mut findings = review::review(&reg, today.unwrap_or_else(today_local), &reg.settings);
    findings.retain(|f| f.severity >= min_severity);
    let text = if json { findings_json(&findings) + "\n" } else { findings_table(&findings) };
    let _ = out.write_all(text.as_bytes());
    if findings.iter().any(|f| f.severity == Severity::Error) { EXIT_FINDINGS } else { 0 }
}

/// Runs a subcommand; returns the exit code.
pub fn run(command: Command) -> i32 {
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    match command {
        Command::Validate { file, today } => validate_cmd(&file, today, &mut out, &mut err),
        Command::Fmt { file } => fmt_cmd(&file, &mut out, &mut err),
        Command::Stats { file } => stats_cmd(&file, &mut out, &mut err),
        Command::Check { file, today, json, min_severity } => {
            check_cmd(file.as_deref(), today, json, min_severity, &mut out, &mut err)
        }
    }
}
