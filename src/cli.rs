//! The headless subcommands. Each returns the process exit code and writes to the given
//! streams, so tests can run them in-process as well as through the binary.

use crate::exchange::Format;
use crate::exchange::import::{self, Choices, ImportOptions};
use crate::model::dates::format as format_date;
use crate::model::{Labelled, RecordKind, Register, validate::validate};
use crate::review::{self, Finding, Severity};
use crate::store::{self, LoadError};
use chrono::NaiveDate;
use std::io::Write;
use std::path::{Path, PathBuf};

mod args;
use args::parse_records;
pub use args::{Cli, Command, ExportArgs};
mod words;
pub use words::{ParseFailure, norwegian_help, parse_failure};
mod verify;
pub use verify::request_verification_cmd;

/// Exit code: the file could not be read or parsed.
pub const EXIT_UNREADABLE: i32 = 2;
/// Exit code: the register has validation problems (validate), or could not be written.
pub const EXIT_PROBLEMS: i32 = 1;

/// Exit code of `check`: at least one finding has error severity.
pub const EXIT_FINDINGS: i32 = 3;

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

/// The register in `file`, or `None` with the reason (and where in the file) written to `err`.
fn load_at(file: &Path, err: &mut dyn Write) -> Option<Register> {
    store::load(file).map_err(|e| report_load_error(err, file, &e)).ok()
}

/// `samkart validate FILE`.
pub fn validate_cmd(file: &Path, today: Option<NaiveDate>, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let Some(reg) = load_at(file, err) else { return EXIT_UNREADABLE };
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
    // Saved like any other change, with what was read as the base: had someone saved in
    // between (an import, a colleague), their version is what gets normalised.
    let known = Some(store::commit::content_hash(&bytes));
    match store::commit::save_merging_waiting(file, &reg, known, &reg, LOCK_PATIENCE) {
        Ok(saved) => {
            let also =
                if saved.merged.is_some() { " (med endringene som ble lagret i mellomtiden)" } else { "" };
            let _ = writeln!(out, "{}: normalisert{also}", file.display());
            0
        }
        Err(e) => {
            let _ = writeln!(err, "{}: {e}", file.display());
            EXIT_PROBLEMS
        }
    }
}

/// How long a command waits while another Samkart holds the register's write lock (it is
/// held only for the moment of writing).
const LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_secs(30);

/// Counts per record kind, in a fixed order.
pub fn stats(reg: &Register) -> Vec<(RecordKind, usize)> {
    RecordKind::ALL.iter().map(|k| (*k, reg.count(*k))).collect()
}

/// `samkart stats FILE`.
pub fn stats_cmd(file: &Path, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let Some(reg) = load_at(file, err) else { return EXIT_UNREADABLE };
    if !reg.name.is_empty() {
        let _ = writeln!(out, "Register: {}", crate::messages::printable(&reg.name));
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
    if let Err(e) = parse_records(&records.to_string()) {
        let _ = writeln!(err, "--records {records}: {e}");
        return EXIT_UNREADABLE;
    }
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
                format!("{} «{}»", f.subject.kind.label(), crate::messages::printable(&f.subject.name)),
                crate::messages::printable(&f.message).into_owned(),
            ]
        })
        .collect();
    let mut text = String::new();
    if !rows.is_empty() {
        text.push_str(&crate::messages::aligned_table(header, &rows));
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
    let Some((_, reg)) = load_given_or_default(file, "check", err) else { return EXIT_UNREADABLE };
    let mut findings = review::review(&reg, today.unwrap_or_else(today_local), &reg.settings);
    findings.retain(|f| f.severity >= min_severity);
    let text = if json { findings_json(&findings) + "\n" } else { findings_table(&findings) };
    let _ = out.write_all(text.as_bytes());
    if findings.iter().any(|f| f.severity == Severity::Error) { EXIT_FINDINGS } else { 0 }
}

/// The register a command reads: the file given, else the default register as it is —
/// never one made from the fictional example, whose findings a scheduled job would report,
/// or whose people it would mail, as real. `None` after saying why on `err`.
fn load_given_or_default(
    file: Option<&Path>,
    command: &str,
    err: &mut dyn Write,
) -> Option<(std::path::PathBuf, Register)> {
    let path = match file.map(Path::to_owned).or_else(store::default_path) {
        Some(p) if file.is_some() || p.exists() => p,
        other => {
            let place = other.map(|p| format!(" ({})", p.display())).unwrap_or_default();
            let _ = writeln!(
                err,
                "Fant ikke standardregisteret{place}. Oppgi registerfilen: samkart {command} FIL"
            );
            return None;
        }
    };
    load_at(&path, err).map(|reg| (path, reg))
}

/// The register file a command works on: the one given, else the default.
fn register_path(given: Option<PathBuf>, err: &mut dyn Write) -> Option<PathBuf> {
    let path = given.or_else(store::default_path);
    if path.is_none() {
        let _ = writeln!(err, "Fant ingen datamappe; oppgi registeret med --register FIL");
    }
    path
}

/// The register a command reads (the one given, else the default), loaded; what went wrong
/// is written to `err`.
fn load_register(given: Option<PathBuf>, err: &mut dyn Write) -> Option<(PathBuf, Register)> {
    let path = register_path(given, err)?;
    load_at(&path, err).map(|reg| (path, reg))
}

/// `samkart import [--register FILE] [--dry-run] [--sheet NAME] [--header-row N] SPREADSHEET`.
pub fn import_cmd(
    register: Option<PathBuf>,
    dry_run: bool,
    sheet: Option<&str>,
    header_row: Option<usize>,
    spreadsheet: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let Some(path) = register_path(register, err) else { return EXIT_UNREADABLE };
    let mut reg = if path.exists() {
        let Some(reg) = load_at(&path, err) else { return EXIT_UNREADABLE };
        reg
    } else {
        // A first import starts a register; nothing is written until the plan is applied.
        Register::new("")
    };
    let table = import::read_table(spreadsheet, sheet).and_then(|mut t| {
        if let Some(n) = header_row {
            t.set_header_row(n)?;
        }
        Ok(t)
    });
    let table = match table {
        Ok(t) => t,
        Err(e) => {
            let _ = writeln!(err, "{}: {e}", spreadsheet.display());
            return EXIT_UNREADABLE;
        }
    };
    let mapping = import::guess_mapping(&table.headers);
    let how = if header_row.is_some() { "valgt med --header-row" } else { "funnet" };
    let _ = writeln!(out, "Overskriftsrad: {} ({how})", table.header_row);
    if let Some(note) = table.above_note() {
        let _ = writeln!(out, "{note}");
    }
    let columns: Vec<String> = table
        .headers
        .iter()
        .zip(&mapping.columns)
        .map(|(h, f)| format!("«{}» → {}", import::shown(h), f.label()))
        .collect();
    let _ = writeln!(out, "Kolonner: {}", columns.join(", "));
    let plan = match import::plan_import(&reg, &table, &mapping, &ImportOptions::default()) {
        Ok(p) => p,
        Err(e) => {
            let _ = writeln!(err, "{}: {e}", spreadsheet.display());
            return EXIT_UNREADABLE;
        }
    };
    let choices = Choices::default();
    let counts = plan.counts(&choices);
    for s in &plan.new_services {
        let _ = writeln!(
            out,
            "{} tjenesten «{}» (id {}, sektor {}, {}) – kontroller sektor og eierform",
            if dry_run { "Vil opprette" } else { "Oppretter" },
            import::shown(&s.service.name),
            s.service.id,
            s.service.sector.label(),
            s.service.owner_kind.label().to_lowercase()
        );
    }
    for l in &plan.likely_services {
        let linked = reg.service(&l.service).map_or(l.service.to_string(), |s| s.name.clone());
        let _ = writeln!(
            out,
            "Rad {}: «{}» finnes ikke; koblet til den som ligner mest, «{}» (id {}). Bruk kolonnen Tjeneste-id for å velge en annen.",
            l.rows.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
            import::shown(&l.name),
            linked,
            l.service
        );
    }
    for d in &plan.duplicates {
        let _ = writeln!(
            out,
            "Rad {}: oppdaterer «{}» ({}): {}",
            d.row,
            d.existing.display_name(),
            d.reason,
            d.changes.join(", ")
        );
    }
    for r in plan.remarks_for(&choices) {
        let _ = writeln!(out, "Rad {} importert med merknad: {r}", r.row);
    }
    for (row, reason) in plan.skipped_rows(&choices) {
        let _ = writeln!(out, "Rad {row} hoppet over: {reason}");
    }
    for (row, reason) in &plan.rejected {
        let _ = writeln!(out, "Rad {row} avvist: {reason}");
    }
    // A dry run says what would happen, not what happened.
    let [added, updated, skipped, rejected, with_remarks, created] = if dry_run {
        ["Legges til", "Oppdateres", "Hoppes over", "Avvises", "Kommer inn med merknad", "Nye tjenester"]
    } else {
        ["Lagt til", "Oppdatert", "Hoppet over", "Avvist", "Importert med merknad", "Nye tjenester"]
    };
    let _ = writeln!(out, "{added}: {}", counts.added);
    let _ = writeln!(out, "{updated}: {}", counts.updated);
    let _ = writeln!(out, "{skipped}: {}", counts.skipped);
    let _ = writeln!(out, "{rejected}: {}", counts.rejected);
    let _ = writeln!(out, "{with_remarks}: {} (telles også med over)", counts.with_remarks);
    let _ = writeln!(out, "{created}: {}", counts.services_created);
    if dry_run {
        let _ = writeln!(out, "Prøvekjøring: ingenting er lagret.");
        return 0;
    }
    if counts.added + counts.updated + counts.services_created == 0 {
        let _ = writeln!(out, "Ingen endringer å lagre.");
        return 0;
    }
    let base = reg.clone();
    if let Err(e) = reg.try_apply(plan.to_edit(&choices)) {
        let _ = writeln!(err, "{}: importen er ikke lagret: {e}", spreadsheet.display());
        return EXIT_PROBLEMS;
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        let _ = writeln!(err, "{}: {}", dir.display(), crate::messages::io(&e));
        return EXIT_PROBLEMS;
    }
    // A new register too: another import may create the file first, and then its rows are
    // merged, not overwritten.
    match store::commit::save_merging_waiting(&path, &base, None, &reg, LOCK_PATIENCE) {
        Ok(_) => {
            let _ = writeln!(out, "Lagret i {}", path.display());
            0
        }
        Err(e) => {
            let _ = writeln!(err, "{}: {e}", path.display());
            EXIT_PROBLEMS
        }
    }
}

/// `samkart export [--register FILE] --format F --out PATH [--public|--internal] [--report …]`.
pub fn export_cmd(
    register: Option<PathBuf>,
    format: Format,
    target: &Path,
    args: &ExportArgs,
    today: Option<NaiveDate>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let Some((path, reg)) = load_register(register, err) else { return EXIT_UNREADABLE };
    let options = match args.options(format, &reg) {
        Ok(o) => o,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            return EXIT_UNREADABLE;
        }
    };
    let redacted = crate::exchange::redact::count(&reg);
    if redacted > 0 {
        let _ = writeln!(err, "Advarsel: {}", crate::exchange::redact::warning(redacted));
    }
    let files = crate::exchange::export(format, &reg, today.unwrap_or_else(today_local), &options);
    match crate::exchange::write::write_export(format, &files, target, Some(&path)) {
        Ok(written) => {
            for dest in written {
                let _ = writeln!(out, "Skrev {}", dest.display());
            }
            0
        }
        Err(e) => {
            let _ = writeln!(err, "{e}");
            EXIT_PROBLEMS
        }
    }
}

/// Exit code of `search`: nothing matched.
pub const EXIT_NO_HITS: i32 = 1;

/// `samkart search QUERY… [--register FILE] [--limit N] [--json]`.
pub fn search_cmd(
    register: Option<PathBuf>,
    query: &str,
    limit: usize,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let Some((_, reg)) = load_register(register, err) else { return EXIT_UNREADABLE };
    let index = crate::search::Index::build(&reg);
    let results = index.query(query, limit);
    let text = if json {
        crate::search::hits_json(&reg, &results) + "\n"
    } else {
        crate::search::hits_table(&reg, &results, query)
    };
    let _ = out.write_all(text.as_bytes());
    if results.hits.is_empty() { EXIT_NO_HITS } else { 0 }
}

/// Runs a subcommand; returns the exit code.
pub fn run(command: Command) -> i32 {
    // Whatever a command prints passes through an escaping writer: no control character
    // from a file reaches the terminal raw (register text is also escaped where printed).
    let mut out = crate::messages::Escaping(std::io::stdout().lock());
    let mut err = crate::messages::Escaping(std::io::stderr().lock());
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
        Command::Check { file, today, json, min_severity } => {
            check_cmd(file.as_deref(), today, json, min_severity, &mut out, &mut err)
        }
        Command::Import { register, dry_run, sheet, header_row, spreadsheet } => {
            import_cmd(register, dry_run, sheet.as_deref(), header_row, &spreadsheet, &mut out, &mut err)
        }
        Command::Export {
            register,
            format,
            out: target,
            public,
            internal,
            report,
            age,
            municipality,
            sector,
            free,
            weekday,
            group_by,
            today,
        } => {
            let args =
                ExportArgs { public, internal, report, age, municipality, sector, free, weekday, group_by };
            export_cmd(register, format, &target, &args, today, &mut out, &mut err)
        }
        Command::Search { query, register, limit, json } => {
            search_cmd(register, &query.join(" "), limit as usize, json, &mut out, &mut err)
        }
        Command::RequestVerification { file, out: dir, older_than, today } => {
            request_verification_cmd(file.as_deref(), &dir, older_than, today, &mut out, &mut err)
        }
    }
}
