//! The command line in Norwegian. clap words its own messages (an unknown option, a missing
//! or invalid value) and its help headings in English; [`parse_failure`] says the same in
//! Norwegian, keeping the option and the value it is about, and [`norwegian_help`] turns
//! the help's headings. The value parsers here give Norwegian reasons for dates and numbers.

use chrono::NaiveDate;
use clap::error::{ContextKind, ContextValue, ErrorKind};

/// What `samkart` prints when clap could not parse its arguments (or was asked for help or
/// the version): the text, the exit code, and whether it goes to stdout.
pub struct ParseFailure {
    pub text: String,
    pub code: i32,
    pub to_stdout: bool,
}

/// The Norwegian text for a clap error.
pub fn parse_failure(e: &clap::Error) -> ParseFailure {
    let mut failure = explain(e);
    if !failure.text.ends_with('\n') {
        failure.text.push('\n');
    }
    failure
}

fn explain(e: &clap::Error) -> ParseFailure {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            ParseFailure { text: norwegian_help(&e.render().to_string()), code: 0, to_stdout: true }
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            ParseFailure { text: norwegian_help(&e.render().to_string()), code: 2, to_stdout: false }
        }
        _ => {
            let mut text = format!("feil: {}\n", message(e));
            if let Some(usage) = context(e, ContextKind::Usage) {
                text.push('\n');
                text.push_str(norwegian_help(&usage).trim_end());
                text.push('\n');
            }
            text.push_str("\nSe «samkart --help» (eller «samkart KOMMANDO --help») for mer hjelp.\n");
            ParseFailure { text, code: 2, to_stdout: false }
        }
    }
}

/// A piece of a clap error's context as text.
fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    Some(match e.get(kind)? {
        ContextValue::String(s) => s.clone(),
        ContextValue::Strings(v) => v.join(", "),
        ContextValue::StyledStr(s) => s.to_string(),
        ContextValue::StyledStrs(v) => v.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
        ContextValue::Number(n) => n.to_string(),
        _ => return None,
    })
}

/// What is wrong, in Norwegian, with the option and value clap names.
fn message(e: &clap::Error) -> String {
    let arg = context(e, ContextKind::InvalidArg).map(|a| norwegian_help(&a)).unwrap_or_default();
    let value = context(e, ContextKind::InvalidValue).unwrap_or_default();
    let suggestion = |kind| context(e, kind).map(|s| format!(" Mente du «{s}»?")).unwrap_or_default();
    match e.kind() {
        ErrorKind::UnknownArgument => {
            // A negative number is read as an option unless `--` comes first.
            let as_value = if arg.strip_prefix('-').is_some_and(|n| n.parse::<f64>().is_ok()) {
                format!(" Er «{arg}» ment som en verdi, skriv «-- {arg}».")
            } else {
                String::new()
            };
            format!("ukjent valg «{arg}».{}{as_value}", suggestion(ContextKind::SuggestedArg))
        }
        ErrorKind::InvalidSubcommand => {
            let sub = context(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("ukjent kommando «{sub}».{}", suggestion(ContextKind::SuggestedSubcommand))
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("{arg} mangler en verdi."),
        ErrorKind::InvalidValue => {
            let valid = context(e, ContextKind::ValidValue)
                .map(|v| format!(" Gyldige verdier: {v}."))
                .unwrap_or_default();
            format!("ugyldig verdi «{value}» for {arg}.{valid}{}", suggestion(ContextKind::SuggestedValue))
        }
        ErrorKind::ValueValidation => {
            // The reason comes from one of our value parsers, in Norwegian.
            let reason = std::error::Error::source(e).map(|s| format!(": {s}")).unwrap_or_default();
            format!("ugyldig verdi «{value}» for {arg}{reason}")
        }
        ErrorKind::MissingRequiredArgument => format!("mangler {arg}"),
        ErrorKind::MissingSubcommand => "mangler en kommando".to_owned(),
        ErrorKind::ArgumentConflict => {
            let prior = context(e, ContextKind::PriorArg).map(|p| norwegian_help(&p)).unwrap_or_default();
            format!("{arg} kan ikke brukes sammen med {prior}")
        }
        ErrorKind::NoEquals
        | ErrorKind::TooManyValues
        | ErrorKind::TooFewValues
        | ErrorKind::WrongNumberOfValues => format!("feil antall verdier for {arg}"),
        ErrorKind::InvalidUtf8 => "et argument er ikke gyldig tekst (UTF-8)".to_owned(),
        _ => "kommandolinjen kan ikke tolkes".to_owned(),
    }
}

/// clap's help and usage text with its English headings and phrases in Norwegian.
pub fn norwegian_help(text: &str) -> String {
    const WORDS: &[(&str, &str)] = &[
        ("Usage:", "Bruk:"),
        ("[OPTIONS]", "[VALG]"),
        ("[COMMAND]", "[KOMMANDO]"),
        ("<COMMAND>", "<KOMMANDO>"),
        ("Options:", "Valg:"),
        ("Arguments:", "Argumenter:"),
        ("Commands:", "Kommandoer:"),
        ("Print help (see a summary with '-h')", "Vis hjelpen (kort utgave med «-h»)"),
        ("Print help (see more with '--help')", "Vis hjelpen (lang utgave med «--help»)"),
        (
            "Print this message or the help of the given subcommand(s)",
            "Vis denne hjelpen, eller hjelpen for en kommando",
        ),
        ("Print help", "Vis hjelpen"),
        ("Print version", "Vis versjonen"),
        ("[default: ", "[standard: "),
        ("[possible values: ", "[mulige verdier: "),
        ("[aliases: ", "[også: "),
    ];
    let mut out = text.to_owned();
    for (en, no) in WORDS {
        out = out.replace(en, no);
    }
    out
}

/// `ÅÅÅÅ-MM-DD`, with a Norwegian reason: a date that does not exist (30 February) is told
/// apart from one that is not written as a date.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    use chrono::format::ParseErrorKind;
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|e| match e.kind() {
        ParseErrorKind::OutOfRange | ParseErrorKind::Impossible => {
            format!("datoen {s} finnes ikke (sjekk dag og måned)")
        }
        _ => format!("«{s}» er ikke en dato: skriv ÅÅÅÅ-MM-DD, for eksempel 2026-03-01"),
    })
}

/// A whole number that is not negative.
pub fn parse_count(s: &str) -> Result<usize, String> {
    s.trim().parse().map_err(|_| format!("«{s}» er ikke et helt tall (0 eller mer)"))
}

/// A seed: any whole number from 0 to 18 446 744 073 709 551 615.
pub fn parse_seed(s: &str) -> Result<u64, String> {
    s.trim().parse().map_err(|_| format!("«{s}» er ikke et helt tall fra 0 til {}", u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_refused_with_the_reason() {
        assert_eq!(parse_date("2026-03-01"), Ok(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()));
        assert!(parse_date("2026-02-30").unwrap_err().contains("finnes ikke"));
        assert!(parse_date("1.3.2026").unwrap_err().contains("ÅÅÅÅ-MM-DD"));
    }
}
