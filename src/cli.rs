//! The headless subcommands. Each returns the process exit code and writes to the given
//! streams, so tests can run them in-process as well as through the binary.

use crate::model::{RecordKind, Register, validate::validate};
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
    /// Lager et syntetisk testregister med samme fordeling som eksempelregisteret.
    ///
    /// Samme antall og frø gir nøyaktig samme fil. Registeret består `validate`.
    Gen {
        /// Antall poster i alt (tjenester, kontakter, avtaler, rutiner, fora, tilbud og
        /// forventede samarbeid).
        #[arg(long, value_name = "ANTALL")]
        records: usize,
        /// Frø for tilfeldighetene.
        #[arg(long, value_name = "TALL", default_value_t = crate::r#gen::DEFAULT_SEED)]
        seed: u64,
        /// Filen som skal skrives (RON). En eksisterende fil legges i backups/ først.
        #[arg(long, value_name = "FIL")]
        out: PathBuf,
    },
    /// Måler hastighet og minnebruk på syntetiske registre og skriver ett JSON-objekt.
    ///
    /// Hver størrelse måles i en egen prosess, så toppminnet hører til den størrelsen.
    /// Kjør med `cargo run --release -- bench`; tall fra en debug-bygg sier lite.
    Bench {
        /// Antall poster; kan gis flere ganger eller kommaseparert
        /// (standard: 1000, 100000 og 300000).
        #[arg(long, value_name = "ANTALL", value_delimiter = ',')]
        records: Vec<usize>,
        /// Mål denne registerfilen i stedet for genererte registre.
        #[arg(long, value_name = "FIL", conflicts_with = "records")]
        file: Option<PathBuf>,
        /// Frø for de genererte registrene.
        #[arg(long, value_name = "TALL", default_value_t = crate::r#gen::DEFAULT_SEED)]
        seed: u64,
        /// Hvor mange ganger hvert steg kjøres (medianen rapporteres).
        #[arg(long, value_name = "N", default_value_t = 3)]
        repeats: usize,
        /// Hvor mange skjermbilder som tidtas per visning.
        #[arg(long, value_name = "N", default_value_t = 20)]
        frames: usize,
        /// Dato som gyldighetssjekken regner som «i dag» (ÅÅÅÅ-MM-DD).
        #[arg(long, value_name = "DATO")]
        today: Option<NaiveDate>,
    },
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

/// `samkart gen --records N --seed S --out FILE`.
pub fn gen_cmd(records: usize, seed: u64, file: &Path, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let reg = crate::r#gen::generate(records, seed);
    match store::save(file, &reg) {
        Ok(()) => {
            let _ = writeln!(out, "{}: {} poster (frø {seed})", file.display(), reg.total_records());
            0
        }
        Err(e) => {
            let _ = writeln!(err, "{}: {e}", file.display());
            EXIT_PROBLEMS
        }
    }
}

/// `samkart bench`: measures generated registers (or one file) and prints one JSON object.
pub fn bench_cmd(
    opts: crate::bench::Options,
    file: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let result = match file {
        Some(file) => tempfile::tempdir().map_err(|e| e.to_string()).and_then(|scratch| {
            let machine = crate::bench::machine();
            let size = crate::bench::measure_file(file, scratch.path(), &opts)?;
            Ok(crate::bench::finish(&opts, machine, vec![size]))
        }),
        None => {
            // Each size in its own process, so that its peak memory is its own.
            let exe = std::env::current_exe().ok();
            crate::bench::run(&opts, exe.as_deref(), err)
        }
    };
    match result {
        Ok(report) => {
            let _ = writeln!(out, "{}", serde_json::to_string_pretty(&report).expect("a report serialises"));
            0
        }
        Err(e) => {
            let _ = writeln!(err, "Målingen feilet: {e}");
            EXIT_PROBLEMS
        }
    }
}

/// Runs a subcommand; returns the exit code.
pub fn run(command: Command) -> i32 {
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    match command {
        Command::Validate { file, today } => validate_cmd(&file, today, &mut out, &mut err),
        Command::Fmt { file } => fmt_cmd(&file, &mut out, &mut err),
        Command::Stats { file } => stats_cmd(&file, &mut out, &mut err),
        Command::Gen { records, seed, out: file } => gen_cmd(records, seed, &file, &mut out, &mut err),
        Command::Bench { records, file, seed, repeats, frames, today } => {
            let mut opts = crate::bench::Options { seed, repeats, frames, ..Default::default() };
            if !records.is_empty() {
                opts.sizes = records;
            }
            if let Some(today) = today {
                opts.today = today;
            }
            bench_cmd(opts, file.as_deref(), &mut out, &mut err)
        }
    }
}
