//! The headless subcommands. Each returns the process exit code and writes to the given
//! streams, so tests can run them in-process as well as through the binary.

use crate::exchange::import::{self, Choices, ImportOptions};
use crate::exchange::{ExportOptions, Format, GroupBy, OfferingFilter, Report};
use crate::model::{Labelled, RecordKind, Register, Sector, validate::validate};
use crate::review::{self, Finding, Severity, format_date};
use crate::store::{self, LoadError};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};

mod words;
pub use words::{ParseFailure, norwegian_help, parse_failure};
use words::{parse_count, parse_date, parse_seed};
mod verify;
pub use verify::request_verification_cmd;

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
        #[arg(value_name = "FIL")]
        file: PathBuf,
        /// Dato som regnes som «i dag» ved sjekk av datoer fram i tid (ÅÅÅÅ-MM-DD).
        #[arg(long, value_name = "DATO", value_parser = parse_date)]
        today: Option<NaiveDate>,
    },
    /// Leser og lagrer filen i normalisert form (sortert på id, fast innrykk).
    ///
    /// Å kjøre den to ganger endrer ingenting. Filen skrives atomisk, og forrige utgave
    /// legges i backups/. En fil som ikke kan leses, blir aldri skrevet til.
    Fmt {
        /// Registerfilen (RON).
        #[arg(value_name = "FIL")]
        file: PathBuf,
    },
    /// Viser antall poster av hver type.
    Stats {
        /// Registerfilen (RON).
        #[arg(value_name = "FIL")]
        file: PathBuf,
    },
    /// Lager et syntetisk testregister med samme fordeling som eksempelregisteret.
    ///
    /// Samme antall og frø gir nøyaktig samme fil. Registeret består `validate`.
    Gen {
        /// Antall poster i alt (tjenester, kontakter, avtaler, rutiner, fora, tilbud og
        /// forventede samarbeid).
        #[arg(long, value_name = "ANTALL", value_parser = parse_records)]
        records: usize,
        /// Frø for tilfeldighetene.
        #[arg(long, value_name = "TALL", default_value_t = crate::r#gen::DEFAULT_SEED, value_parser = parse_seed)]
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
        #[arg(long, value_name = "ANTALL", value_delimiter = ',', value_parser = parse_records)]
        records: Vec<usize>,
        /// Mål denne registerfilen i stedet for genererte registre.
        #[arg(long, value_name = "FIL", conflicts_with = "records")]
        file: Option<PathBuf>,
        /// Frø for de genererte registrene.
        #[arg(long, value_name = "TALL", default_value_t = crate::r#gen::DEFAULT_SEED, value_parser = parse_seed)]
        seed: u64,
        /// Hvor mange ganger hvert steg kjøres (medianen rapporteres).
        #[arg(long, value_name = "N", default_value_t = 3, value_parser = parse_count)]
        repeats: usize,
        /// Hvor mange skjermbilder som tidtas per visning.
        #[arg(long, value_name = "N", default_value_t = 20, value_parser = parse_count)]
        frames: usize,
        /// Dato som gyldighetssjekken regner som «i dag» (ÅÅÅÅ-MM-DD).
        #[arg(long, value_name = "DATO", value_parser = parse_date)]
        today: Option<NaiveDate>,
    },
    /// Gjennomgår registeret: forfalte avtaler, manglende rutiner, ubekreftede kontakter …
    ///
    /// Skriver funnene sortert etter alvorlighet og frist. Avslutningskode 0 når ingen
    /// funn er feil, 3 når minst ett er det (en planlagt jobb kan varsle lederen), 2 når
    /// filen ikke kan leses.
    Check {
        /// Registerfilen (RON); standard er standardregisteret i datamappen.
        #[arg(value_name = "FIL")]
        file: Option<PathBuf>,
        /// Dato som regnes som «i dag» (ÅÅÅÅ-MM-DD); standard er dagens dato.
        #[arg(long, value_name = "DATO", value_parser = parse_date)]
        today: Option<NaiveDate>,
        /// Skriv funnene som en JSON-liste i stedet for en tabell.
        #[arg(long)]
        json: bool,
        /// Vis bare funn med minst denne alvorlighetsgraden: info, warning eller error.
        #[arg(long, value_name = "GRAD", default_value = "info", value_parser = parse_severity)]
        min_severity: Severity,
    },
    /// Importerer kontakter og tjenester fra et regneark (CSV, XLSX eller ODS).
    ///
    /// Overskriftsraden finnes blant de første 20 radene (en tittel og tomme rader over
    /// tabellen hoppes over); --header-row velger en annen. Kolonnene kobles etter
    /// overskriften, skrevet slik folk skriver den: Navn, Fornavn, Etternavn, Stilling,
    /// Rolle, Tjeneste, Enhet/avdeling, Tlf., Mob, Epost, E-postadresse, Kommune,
    /// Ansvarsområde, Kontakt for, Stedfortreder, Tok over etter … (også de engelske navnene).
    /// CSV kan være skilt med semikolon, komma eller tabulator, i UTF-8, UTF-16 eller
    /// Windows-1252. Telefonnumre normaliseres («+47 950 12 345», «tlf 950 12 345» og
    /// «950 12 345» er samme nummer; kortnumre som 112, 02800 og 116 111 godtas), tomme
    /// rader hoppes over.
    ///
    /// Uten dialog gjelder dette: en rad med samme e-post, eller samme navn og tjeneste, som
    /// en kontakt i registeret OPPDATERER den kontakten (den legges ikke inn på nytt). En
    /// tjeneste som raden nevner og som ikke finnes, kobles til tjenesten med nesten samme
    /// navn om det finnes en («NAV Ung» til «NAV ungdom»), ellers OPPRETTES den; begge deler
    /// skrives ut, så du kan rette dem. En rad med navn og tjeneste kommer inn selv om
    /// telefon, mobil eller e-post ikke kan brukes: verdien utelates, og raden skrives ut som
    /// «importert med merknad». Bare rader uten brukbar person eller tjeneste avvises; de
    /// skrives ut med radnummer og grunn. Alt lagres som én endring.
    ///
    /// Avslutningskode 0 når importen (eller prøven) gikk, også om enkelte rader ble
    /// avvist; 2 når regnearket eller registeret ikke kan leses; 1 når registeret ikke kan
    /// lagres.
    Import {
        /// Registerfilen (standard: register.ron i datamappen; lages tom om den mangler).
        #[arg(long, short = 'r', value_name = "FIL")]
        register: Option<PathBuf>,
        /// Vis hva som ville skjedd, men skriv ingenting.
        #[arg(long)]
        dry_run: bool,
        /// Arket som skal leses i XLSX/ODS (standard: det første).
        #[arg(long, value_name = "NAVN")]
        sheet: Option<String>,
        /// Raden med kolonneoverskriftene, nummerert som i regnearket (standard: funnet
        /// blant de første 20 radene). Radene over den hoppes over.
        #[arg(long, value_name = "N")]
        header_row: Option<usize>,
        /// Regnearket: .csv, .xlsx eller .ods.
        #[arg(value_name = "REGNEARK")]
        spreadsheet: PathBuf,
    },
    /// Søker i registeret slik Søk i vinduet gjør, og skriver treffene, de beste først.
    ///
    /// Finner bøyde former og deler av sammensatte ord (barnevernet, tannlegen), retter
    /// skrivefeil (fra fem bokstaver), kjenner fagets ord og forkortelser (helsesøster,
    /// PPT, BUP) og registerets egne (Innstillinger → Søkeord), alder («nav 19 år») og ord
    /// som er skrevet sammen («navung»). Hvert treff har type, id, tittel, tjeneste,
    /// telefon, og hvorfor det traff når det ikke var ordene slik de ble skrevet.
    ///
    /// Avslutningskode 0 når noe ble funnet, 1 når ingenting ble funnet, 2 når registeret
    /// ikke kan leses.
    Search {
        /// Det du søker etter; flere ord kan skrives med eller uten anførselstegn.
        #[arg(value_name = "SØK", required = true, num_args = 1..)]
        query: Vec<String>,
        /// Registerfilen (standard: register.ron i datamappen).
        #[arg(long, short = 'r', value_name = "FIL")]
        register: Option<PathBuf>,
        /// Hvor mange treff som skrives ut.
        #[arg(long, value_name = "N", default_value_t = 20,
              value_parser = clap::value_parser!(u32).range(1..=crate::search::LIMIT as i64))]
        limit: u32,
        /// Skriv treffene som en JSON-liste (kind, id, title, service, phone, why).
        #[arg(long)]
        json: bool,
    },
    /// Eksporterer registeret for andre: regneark, kalender, kontakter, rapport, åpne data.
    ///
    /// Formater: csv (en mappe med tjenester.csv, kontakter.csv, avtaler.csv, rutiner.csv,
    /// fora.csv og tilbud.csv; UTF-8 med BOM og semikolon som skilletegn, slik norsk Excel
    /// venter; celler som begynner med = + - @, tabulator eller linjeskift får en apostrof
    /// foran mot formelinjeksjon), ics (revisjonsfrister og slutt på finansiering som
    /// heldagshendelser, forumenes møter som gjentakende hendelser), vcard (kontaktpersoner,
    /// vCard 3.0, i én fil), vcards (det samme, én fil per kontakt i en mappe, for klassisk
    /// Outlook), html (utskriftsvennlig rapport, A4: samarbeidsrapporten med årshjulet,
    /// med --report offerings oversikten over tilbud, med --report measures planens tabell
    /// over tiltak etter forebyggingsnivå), hsds (Open
    /// Referral HSDS 3.0: en mappe med CSV-tabeller og datapackage.json; offentlig utgave med
    /// mindre --internal er valgt). Et fødselsnummer i registeret blir aldri med i en eksport.
    Export {
        /// Registerfilen (standard: register.ron i datamappen).
        #[arg(long, short = 'r', value_name = "FIL")]
        register: Option<PathBuf>,
        /// csv, ics, vcard, vcards, html eller hsds.
        #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
        format: Format,
        /// Filen som skrives (ics, vcard, html), eller mappen (csv, vcards, hsds).
        #[arg(long, value_name = "STI")]
        out: PathBuf,
        /// Offentlig utgave: uten interne kontaktopplysninger («kun for samarbeidspartnere»),
        /// inaktive tjenester, kontakter og tilbud, navn på ledige stillinger, interne
        /// merknader og funn fra gjennomgangen. Standard for hsds.
        #[arg(long)]
        public: bool,
        /// Intern utgave, med alt over. Standard for alle formater unntatt hsds.
        #[arg(long)]
        internal: bool,
        /// Rapporten --format html lager: management (samarbeidsrapporten med årshjulet,
        /// standard), offerings (oversikt over tilbud for innbyggere og saksbehandlere) eller
        /// measures (planens tabell over tiltak etter forebyggingsnivå).
        #[arg(long, value_name = "RAPPORT", value_parser = parse_report)]
        report: Option<Report>,
        /// Bare tilbud som passer for denne alderen (år). Gjelder --report offerings.
        #[arg(long, value_name = "ÅR", value_parser = parse_age)]
        age: Option<u8>,
        /// Bare tilbud i denne kommunen (kommunenummer eller navn). Gjelder --report offerings.
        #[arg(long, value_name = "KOMMUNE")]
        municipality: Option<String>,
        /// Bare tilbud fra tjenester i denne sektoren, f.eks. frivillig. Gjelder --report
        /// offerings.
        #[arg(long, value_name = "SEKTOR", value_parser = parse_sector)]
        sector: Option<Sector>,
        /// Hvordan oversikten ordnes: level (for alle, for noen, for få; standard) eller
        /// theme (etter tema). Gjelder --report offerings.
        #[arg(long, value_name = "ORDNING", value_parser = parse_group_by)]
        group_by: Option<GroupBy>,
        /// Dato som regnes som «i dag» i rapporten (ÅÅÅÅ-MM-DD).
        #[arg(long, value_name = "DATO", value_parser = parse_date)]
        today: Option<NaiveDate>,
    },
    /// Skriver et e-postutkast til hver kontakt som ikke har bekreftet opplysningene sine.
    ///
    /// Én .eml-fil per kontakt som gjennomgangen flagger som ikke bekreftet (contact_unverified),
    /// med det registeret har om personen (rolle, tjeneste, numre, hva hun er kontakt for,
    /// stedfortreder) og en bønn om å svare med rettelser. Filene har «X-Unsent: 1», så
    /// Outlook åpner dem som utkast klare til å sende. Kontakter som har sluttet, ledige
    /// stillinger og kontakter uten brukbar e-postadresse får ingen (de skrives ut).
    /// Registrer svaret med «Bekreft kontakt» i vinduet. Avslutningskode 0 når utkastene er
    /// skrevet (eller ingen trengs), 2 når registeret ikke kan leses, 1 når mappen ikke kan
    /// skrives til.
    RequestVerification {
        /// Registerfilen (RON); standard er standardregisteret i datamappen.
        file: Option<PathBuf>,
        /// Mappen utkastene skrives i (lages om den ikke finnes). Et utkast med samme navn
        /// erstattes.
        #[arg(long, value_name = "MAPPE")]
        out: PathBuf,
        /// Bare kontakter som ikke er bekreftet på så mange måneder (eller aldri), i stedet
        /// for registerets grense (contact_max_age_months).
        #[arg(long, value_name = "MÅNEDER")]
        older_than: Option<u32>,
        /// Dato som regnes som «i dag» (ÅÅÅÅ-MM-DD).
        #[arg(long, value_name = "DATO")]
        today: Option<NaiveDate>,
    },
}

/// What `samkart export` was asked for beyond the format and where to write.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportArgs {
    pub public: bool,
    pub internal: bool,
    pub report: Option<Report>,
    pub age: Option<u8>,
    /// Kommunenummer or name, as typed.
    pub municipality: Option<String>,
    pub sector: Option<Sector>,
    pub group_by: Option<GroupBy>,
}

impl ExportArgs {
    /// The export options for `format` on `reg`, or a Norwegian message saying what to
    /// change.
    pub fn options(&self, format: Format, reg: &Register) -> Result<ExportOptions, String> {
        if self.public && self.internal {
            return Err("Velg enten --public eller --internal, ikke begge.".into());
        }
        if self.report.is_some() && format != Format::Html {
            return Err("--report gjelder bare --format html.".into());
        }
        let offerings = self.report == Some(Report::Offerings);
        let filtered = self.age.is_some()
            || self.municipality.is_some()
            || self.sector.is_some()
            || self.group_by.is_some();
        if filtered && !offerings {
            return Err(
                "--age, --municipality, --sector og --group-by gjelder bare --report offerings.".into()
            );
        }
        let municipality = match &self.municipality {
            Some(m) => Some(crate::exchange::overview::municipality_number(reg, m)?),
            None => None,
        };
        let public = if self.public || self.internal { self.public } else { format.public_by_default() };
        Ok(ExportOptions {
            public,
            report: self.report.unwrap_or_default(),
            filter: OfferingFilter { age: self.age, municipality, sector: self.sector, ..Default::default() },
            group_by: self.group_by.unwrap_or_default(),
            stamp: Some(chrono::Utc::now()),
        })
    }
}

fn parse_report(s: &str) -> Result<Report, String> {
    Report::from_key(s)
        .ok_or_else(|| format!("ukjent rapport «{s}»; velg management, offerings eller measures"))
}

fn parse_group_by(s: &str) -> Result<GroupBy, String> {
    GroupBy::from_key(s).ok_or_else(|| format!("ukjent ordning «{s}»; velg level eller theme"))
}

fn parse_age(s: &str) -> Result<u8, String> {
    s.trim().parse::<u8>().map_err(|_| format!("alder skrives som et helt tall fra 0 til 255, ikke «{s}»"))
}

fn parse_sector(s: &str) -> Result<Sector, String> {
    let wanted = s.trim().to_lowercase();
    Sector::ALL
        .iter()
        .copied()
        .find(|x| format!("{x:?}").to_lowercase() == wanted || x.label().to_lowercase() == wanted)
        .ok_or_else(|| {
            let all: Vec<String> = Sector::ALL.iter().map(|x| format!("{x:?}").to_lowercase()).collect();
            format!("ukjent sektor «{s}»; velg en av {}", all.join(", "))
        })
}

/// A number of records for `gen` and `bench`: a whole number up to
/// [`crate::r#gen::MAX_RECORDS`].
fn parse_records(s: &str) -> Result<usize, String> {
    let max = crate::r#gen::MAX_RECORDS;
    match s.trim().parse::<u64>() {
        Ok(n) if n <= max as u64 => Ok(n as usize),
        Ok(_) => Err(format!(
            "høyst {max} poster: et større register blir over grensen på 1 GiB for filer Samkart kan åpne"
        )),
        Err(_) => Err(format!("«{s}» er ikke et antall (et helt tall fra 0 til {max})")),
    }
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::from_key(s).ok_or_else(|| {
        let all: Vec<&str> = Format::ALL.iter().map(|f| f.key()).collect();
        format!("ukjent format «{s}»; velg ett av {}", all.join(", "))
    })
}

/// Exit code of `check`: at least one finding has error severity.
pub const EXIT_FINDINGS: i32 = 3;

fn parse_severity(s: &str) -> Result<Severity, String> {
    Severity::from_key(s)
        .ok_or_else(|| format!("ukjent alvorlighetsgrad «{s}»: bruk «info», «warning» eller «error»"))
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
    let reg = match store::load(file) {
        Ok(r) => r,
        Err(e) => {
            report_load_error(err, file, &e);
            return EXIT_UNREADABLE;
        }
    };
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
    // Without a file, the default register as it is: never one made from the fictional
    // example, whose findings a scheduled job would report as real.
    let path = match file.map(Path::to_owned).or_else(store::default_path) {
        Some(p) if file.is_some() || p.exists() => p,
        other => {
            let place = other.map(|p| format!(" ({})", p.display())).unwrap_or_default();
            let _ =
                writeln!(err, "Fant ikke standardregisteret{place}. Oppgi registerfilen: samkart check FIL");
            return EXIT_UNREADABLE;
        }
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

/// The register file a command works on: the one given, else the default.
fn register_path(given: Option<PathBuf>, err: &mut dyn Write) -> Option<PathBuf> {
    let path = given.or_else(store::default_path);
    if path.is_none() {
        let _ = writeln!(err, "Fant ingen datamappe; oppgi registeret med --register FIL");
    }
    path
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
        match store::load(&path) {
            Ok(r) => r,
            Err(e) => {
                report_load_error(err, &path, &e);
                return EXIT_UNREADABLE;
            }
        }
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
    let Some(path) = register_path(register, err) else { return EXIT_UNREADABLE };
    let reg = match store::load(&path) {
        Ok(r) => r,
        Err(e) => {
            report_load_error(err, &path, &e);
            return EXIT_UNREADABLE;
        }
    };
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
    let Some(path) = register_path(register, err) else { return EXIT_UNREADABLE };
    let reg = match store::load(&path) {
        Ok(r) => r,
        Err(e) => {
            report_load_error(err, &path, &e);
            return EXIT_UNREADABLE;
        }
    };
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
            group_by,
            today,
        } => {
            let args = ExportArgs { public, internal, report, age, municipality, sector, group_by };
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
