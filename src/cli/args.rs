//! The command line as clap reads it: the subcommands, their flags and help texts (in
//! Norwegian), and the parsers that turn a flag's text into a value with a Norwegian error.

use super::words::{parse_count, parse_date, parse_seed};
use crate::exchange::{ExportOptions, Format, GroupBy, OfferingFilter, Report};
use crate::model::{Labelled, Register, Sector, Weekday};
use crate::review::Severity;
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

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
        /// Bare gratis tilbud. Gjelder --report offerings.
        #[arg(long)]
        free: bool,
        /// Bare tilbud denne ukedagen (mandag … søndag). Gjelder --report offerings.
        #[arg(long, value_name = "DAG", value_parser = parse_weekday)]
        weekday: Option<Weekday>,
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
    /// Only offerings free of charge («Bare gratis»).
    pub free: bool,
    pub weekday: Option<Weekday>,
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
            || self.free
            || self.weekday.is_some()
            || self.group_by.is_some();
        if filtered && !offerings {
            return Err("--age, --municipality, --sector, --free, --weekday og --group-by gjelder bare --report offerings."
                .into());
        }
        let municipality = match &self.municipality {
            Some(m) => Some(crate::exchange::overview::municipality_number(reg, m)?),
            None => None,
        };
        let public = if self.public || self.internal { self.public } else { format.public_by_default() };
        Ok(ExportOptions {
            public,
            report: self.report.unwrap_or_default(),
            filter: OfferingFilter {
                age: self.age,
                free_only: self.free,
                weekday: self.weekday,
                municipality,
                sector: self.sector,
            },
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

fn parse_weekday(s: &str) -> Result<Weekday, String> {
    let wanted = s.trim().to_lowercase();
    Weekday::ALL.iter().copied().find(|d| d.label().to_lowercase() == wanted).ok_or_else(|| {
        let all: Vec<String> = Weekday::ALL.iter().map(|d| d.label().to_lowercase()).collect();
        format!("ukjent ukedag «{s}»; velg en av {}", all.join(", "))
    })
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
pub(super) fn parse_records(s: &str) -> Result<usize, String> {
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

fn parse_severity(s: &str) -> Result<Severity, String> {
    Severity::from_key(s)
        .ok_or_else(|| format!("ukjent alvorlighetsgrad «{s}»: bruk «info», «warning» eller «error»"))
}
