//! Checks and normalisation of Norwegian contact data: phone numbers, e-mail addresses,
//! organisation numbers, kommunenummer, and detection of national identity numbers
//! (which must never be stored).

/// Why a phone number was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PhoneError {
    /// Letters or other characters that do not belong in a phone number.
    InvalidCharacters,
    /// Neither eight digits (after removing +47 / 0047 and spacing) nor a short number.
    WrongLength(usize),
    /// Three digits that are not one of the emergency numbers 110, 112 and 113.
    UnknownShortNumber(String),
}

impl std::fmt::Display for PhoneError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::InvalidCharacters => f.write_str(
                "Telefonnummeret kan bare inneholde sifre, mellomrom og +47, og en merknad i parentes til slutt",
            ),
            Self::WrongLength(n) => write!(
                f,
                "Telefonnummeret må ha 8 sifre, eller være et kortnummer som 112, 02800 eller 116 111 (fant {n} sifre)"
            ),
            Self::UnknownShortNumber(d) => write!(
                f,
                "«{d}» er ikke et kjent kortnummer: de tresifrede er nødnumrene 110, 112 og 113; ellers må nummeret ha 8 sifre"
            ),
        }
    }
}

/// A Norwegian phone number as read from what someone wrote: its digits (without the
/// country code) and a note in parentheses after it, if any («sentralbord»).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhoneNumber {
    digits: String,
    note: String,
}

/// Words people write before a number («tlf 950 12 349», «Mob.: …»); they are not kept.
const PHONE_LABELS: &[&str] = &["tlf", "tel", "telefon", "telefonnr", "mob", "mobil", "sentralbord", "nr"];

impl PhoneNumber {
    /// Reads a number: eight digits (any spacing, +47 / 0047 before, or 47 before as Excel
    /// keeps a typed «+47 …»), or one of Norway's short numbers: 110, 112, 113, five digits
    /// starting with 0 (02800) and 116 xxx. A label before («tlf») is dropped and a note in
    /// parentheses after («(sentralbord)») kept apart.
    pub fn parse(input: &str) -> Result<Self, PhoneError> {
        let mut rest = input.trim();
        // A label: a leading word, then any of «.:» and spaces.
        let word_end = rest.find(|c: char| !c.is_alphabetic()).unwrap_or(rest.len());
        if word_end > 0 {
            if !PHONE_LABELS.contains(&rest[..word_end].to_lowercase().as_str()) {
                return Err(PhoneError::InvalidCharacters);
            }
            rest = rest[word_end..].trim_start_matches(['.', ':', ' ', '\u{a0}']);
        }
        // A note: the last parenthesis, when it closes the text and holds a word.
        let mut note = String::new();
        if let Some(open) = rest.rfind('(')
            && let Some(inner) = rest[open + 1..].strip_suffix(')')
            && inner.chars().any(char::is_alphabetic)
        {
            note = inner.trim().to_owned();
            rest = rest[..open].trim_end();
        }
        let (country, number) =
            match ["+47", "0047", "(+47)", "(0047)"].iter().find_map(|p| rest.strip_prefix(p)) {
                Some(r) => (true, r),
                None => (false, rest),
            };
        let mut digits = String::with_capacity(8);
        for c in number.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '\u{a0}' | '-' | '.' | '(' | ')' | '/' => {}
                _ => return Err(PhoneError::InvalidCharacters),
            }
        }
        if !country && digits.len() == 10 && digits.starts_with("47") {
            digits.drain(..2);
        }
        let n = digits.len();
        let short = !country
            && match n {
                3 if !["110", "112", "113"].contains(&digits.as_str()) => {
                    return Err(PhoneError::UnknownShortNumber(digits));
                }
                3 => true,
                5 => digits.starts_with('0'),
                6 => digits.starts_with("116"),
                _ => false,
            };
        if n == 8 || short { Ok(Self { digits, note }) } else { Err(PhoneError::WrongLength(n)) }
    }

    /// The digits without country code: «95012345», «116111».
    pub fn digits(&self) -> &str {
        &self.digits
    }

    /// The note written in parentheses after the number, or empty.
    pub fn note(&self) -> &str {
        &self.note
    }

    /// A short or special number (not eight digits): no country code in front of it.
    pub fn is_short(&self) -> bool {
        self.digits.len() != 8
    }

    /// The number in its usual grouping: «95 01 23 45», «800 12 345» (the 8xx service
    /// numbers), «116 111», «02800», «112».
    pub fn grouped(&self) -> String {
        let d = &self.digits;
        match d.len() {
            8 if d.starts_with('8') => format!("{} {} {}", &d[0..3], &d[3..5], &d[5..8]),
            8 => format!("{} {} {} {}", &d[0..2], &d[2..4], &d[4..6], &d[6..8]),
            6 => format!("{} {}", &d[0..3], &d[3..6]),
            _ => d.clone(),
        }
    }

    /// For calls from anywhere: «+47 95 01 23 45»; a short number only works as it is.
    pub fn international(&self) -> String {
        if self.is_short() { self.grouped() } else { format!("+47 {}", self.grouped()) }
    }

    /// A `tel:` link: «tel:+4795012345», «tel:116111».
    pub fn tel_uri(&self) -> String {
        if self.is_short() { format!("tel:{}", self.digits) } else { format!("tel:+47{}", self.digits) }
    }
}

/// Normalises a Norwegian phone number to its digits (see [`PhoneNumber::parse`]).
///
/// "+47 950 12 345", "0047 95012345", "950 12 345", "tlf 95-01-23-45" all give "95012345";
/// "116 111" gives "116111".
pub fn normalize_phone(input: &str) -> Result<String, PhoneError> {
    PhoneNumber::parse(input).map(|p| p.digits)
}

/// Shows a phone number in its usual grouping, with its note: «95 01 23 45», «116 111»,
/// «95 01 23 49 (sentralbord)»; anything that is not a valid number is shown as is.
pub fn display_phone(input: &str) -> String {
    match PhoneNumber::parse(input) {
        Ok(p) if p.note.is_empty() => p.grouped(),
        Ok(p) => format!("{} ({})", p.grouped(), p.note),
        Err(_) => input.to_owned(),
    }
}

/// The number as dialled from anywhere: «+47 95 01 23 45», «116 111»; None when invalid.
pub fn international_phone(input: &str) -> Option<String> {
    PhoneNumber::parse(input).ok().map(|p| p.international())
}

/// Removes control characters (an escape sequence, a NUL, a carriage return) that a paste
/// can carry into a field: invisible to the user, and harmful in a terminal or an export.
/// Line breaks and tabs stay where `multiline` is set; elsewhere a line break becomes a
/// space. Returns whether anything changed.
pub fn strip_control(text: &mut String, multiline: bool) -> bool {
    if !text.chars().any(char::is_control) {
        return false;
    }
    *text = text
        .chars()
        .filter_map(|c| match c {
            '\n' | '\t' if multiline => Some(c),
            '\n' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect();
    true
}

/// A phone number as it is pasted into a phone or another program: the eight digits of a
/// valid number, else what was written without spaces («116 111» gives «116111»).
pub fn phone_for_copy(input: &str) -> String {
    normalize_phone(input).unwrap_or_else(|_| input.split_whitespace().collect())
}

/// A `tel:` link for a valid number, with the country code where it has one.
pub fn tel_link(input: &str) -> Option<String> {
    PhoneNumber::parse(input).ok().map(|p| p.tel_uri())
}

/// A plain, strict-enough e-mail check: one `@`, a non-empty local part, a domain with a dot,
/// no spaces. Returns the Norwegian reason when it fails.
pub fn check_email(input: &str) -> Result<(), &'static str> {
    let s = input.trim();
    if s.chars().any(char::is_whitespace) {
        return Err("E-postadressen kan ikke inneholde mellomrom");
    }
    let Some((local, domain)) = s.split_once('@') else {
        return Err("E-postadressen mangler @");
    };
    if local.is_empty() {
        return Err("E-postadressen mangler navn før @");
    }
    if domain.contains('@') {
        return Err("E-postadressen har mer enn én @");
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 || labels.iter().any(|l| l.is_empty()) {
        return Err("E-postadressen mangler et gyldig domene (f.eks. kommune.no)");
    }
    Ok(())
}

/// Checks a Norwegian organisation number: nine digits (spaces allowed), mod-11 check digit.
pub fn check_org_number(input: &str) -> Result<(), &'static str> {
    let digits: Vec<u32> =
        input.chars().filter(|c| !c.is_whitespace()).map(|c| c.to_digit(10).unwrap_or(99)).collect();
    if digits.iter().any(|d| *d > 9) {
        return Err("Organisasjonsnummeret kan bare inneholde sifre");
    }
    if digits.len() != 9 {
        return Err("Organisasjonsnummeret må ha 9 sifre");
    }
    const WEIGHTS: [u32; 8] = [3, 2, 7, 6, 5, 4, 3, 2];
    let sum: u32 = digits[..8].iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return Err("Organisasjonsnummeret er ugyldig (kontrollsifferet stemmer ikke)"),
        c => c,
    };
    if check == digits[8] {
        Ok(())
    } else {
        Err("Organisasjonsnummeret er ugyldig (kontrollsifferet stemmer ikke)")
    }
}

/// Checks a kommunenummer: exactly four digits.
pub fn check_municipality_number(input: &str) -> Result<(), &'static str> {
    if input.len() == 4 && input.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err("Kommunenummeret må ha 4 sifre")
    }
}

/// Whether eleven digits form a valid national identity number (fødselsnummer or
/// D-nummer): both mod-11 check digits must hold.
pub fn is_national_id(digits: &[u8; 11]) -> bool {
    const K1: [u32; 9] = [3, 7, 6, 1, 8, 9, 4, 5, 2];
    const K2: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let d: Vec<u32> = digits.iter().map(|b| u32::from(*b)).collect();
    let control = |weights: &[u32]| -> Option<u32> {
        let sum: u32 = weights.iter().zip(&d).map(|(w, x)| w * x).sum();
        match 11 - sum % 11 {
            11 => Some(0),
            10 => None,
            c => Some(c),
        }
    };
    control(&K1) == Some(d[9]) && control(&K2) == Some(d[10])
}

/// Finds a national identity number in free text: eleven digits in a row, or six and five
/// separated by one space, not part of a longer run of digits, with both check digits valid.
/// Returns the digits found.
pub fn find_national_id(text: &str) -> Option<String> {
    let (start, end) = national_id_span(text)?;
    Some(text[start..end].chars().filter(char::is_ascii_digit).collect())
}

/// Where [`find_national_id`] finds a number: the byte range of its digits (and the one
/// space between the sixth and seventh, if written so).
pub fn national_id_span(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    while i < n {
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        // Collect up to 11 digits, allowing one single space after the sixth.
        let mut digits = [0u8; 11];
        let mut count = 0;
        let mut j = i;
        while j < n && count < 11 {
            let b = bytes[j];
            if b.is_ascii_digit() {
                digits[count] = b - b'0';
                count += 1;
                j += 1;
            } else if b == b' ' && count == 6 && j + 1 < n && bytes[j + 1].is_ascii_digit() {
                j += 1;
            } else {
                break;
            }
        }
        let ends_clean = j >= n || !bytes[j].is_ascii_digit();
        if count == 11 && ends_clean && is_national_id(&digits) {
            return Some((i, j));
        }
        i += 1;
    }
    None
}

/// A phone number as exports write it for other systems: «+47 94 33 65 80» for a Norwegian
/// number, a short number as dialled («113», «116 111»), and anything else as written.
pub fn export_phone(input: &str) -> String {
    international_phone(input).unwrap_or_else(|| input.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_forms_are_one_number() {
        for s in ["+47 950 12 345", "0047 95012345", "950 12 345", "95 01 23 45", "95-01-23-45"] {
            assert_eq!(normalize_phone(s).as_deref(), Ok("95012345"), "{s}");
        }
        assert_eq!(display_phone("+4795012345"), "95 01 23 45");
        assert_eq!(tel_link("950 12 345").as_deref(), Some("tel:+4795012345"));
    }

    #[test]
    fn short_and_special_numbers_are_phone_numbers_in_their_usual_grouping() {
        for (typed, shown) in [
            ("112", "112"),
            ("110", "110"),
            ("113", "113"),
            ("02800", "02800"),
            ("02008", "02008"),
            ("116111", "116 111"),
            ("116 123", "116 123"),
            ("800 12 345", "800 12 345"),
            ("80012345", "800 12 345"),
            ("815 55 000", "815 55 000"),
            ("82012345", "820 12 345"),
            ("22 33 44 55", "22 33 44 55"),
        ] {
            assert!(normalize_phone(typed).is_ok(), "{typed}");
            assert_eq!(display_phone(typed), shown, "{typed}");
        }
        assert_eq!(tel_link("116 111").as_deref(), Some("tel:116111"));
        assert_eq!(tel_link("112").as_deref(), Some("tel:112"));
        assert_eq!(international_phone("116111").as_deref(), Some("116 111"));
        assert_eq!(international_phone("80012345").as_deref(), Some("+47 800 12 345"));
    }

    #[test]
    fn a_number_keeps_its_digits_when_written_with_words_around_it() {
        assert_eq!(normalize_phone("tlf 950 12 349").as_deref(), Ok("95012349"));
        assert_eq!(normalize_phone("Tlf.: 950 12 349").as_deref(), Ok("95012349"));
        assert_eq!(normalize_phone("+47 95012349").as_deref(), Ok("95012349"));
        assert_eq!(normalize_phone("95 01 23 49 (sentralbord)").as_deref(), Ok("95012349"));
        assert_eq!(display_phone("95 01 23 49 (sentralbord)"), "95 01 23 49 (sentralbord)");
        assert_eq!(display_phone("tlf 950 12 349"), "95 01 23 49");
        assert_eq!(tel_link("95 01 23 49 (sentralbord)").as_deref(), Some("tel:+4795012349"));
        // Excel keeps «+47 95012398» typed as a number as 4795012398.
        assert_eq!(normalize_phone("4795012398").as_deref(), Ok("95012398"));
    }

    #[test]
    fn control_characters_are_removed_from_typed_text() {
        let mut s = "Leder\u{1b}[31m\r\nNAV\u{0}".to_owned();
        assert!(strip_control(&mut s, false));
        assert_eq!(s, "Leder[31m NAV");
        let mut s = "to\nlinjer\tog\r\u{7}".to_owned();
        assert!(strip_control(&mut s, true));
        assert_eq!(s, "to\nlinjer\tog");
        let mut s = "Kari Nordmann".to_owned();
        assert!(!strip_control(&mut s, false));
    }

    #[test]
    fn a_copied_number_pastes_cleanly() {
        for (shown, copied) in
            [("+47 950 12 345", "95012345"), (" 116 111 ", "116111"), ("02800", "02800"), ("", "")]
        {
            assert_eq!(phone_for_copy(shown), copied, "{shown:?}");
        }
    }

    #[test]
    fn bad_phones_are_refused_with_reason() {
        assert_eq!(normalize_phone("9501234"), Err(PhoneError::WrongLength(7)));
        assert_eq!(normalize_phone("950123456"), Err(PhoneError::WrongLength(9)));
        assert_eq!(normalize_phone("95O12345"), Err(PhoneError::InvalidCharacters));
        assert_eq!(normalize_phone("abc"), Err(PhoneError::InvalidCharacters));
        assert_eq!(normalize_phone(""), Err(PhoneError::WrongLength(0)));
        assert!(normalize_phone("12").unwrap_err().to_string().contains("8 sifre"));
        // Short forms only where Norway has them.
        for s in ["123", "12345", "123456", "+47 112", "1234"] {
            assert!(normalize_phone(s).is_err(), "{s}");
        }
        assert!(normalize_phone("123").unwrap_err().to_string().contains("kortnummer"));
        assert!(normalize_phone("95 01 23 49 (sentralbord").is_err());
    }

    #[test]
    fn email_check() {
        assert!(check_email("kari.nordmann@nord-fron.kommune.no").is_ok());
        for bad in ["kari@nav", "kari nordmann@nav.no", "@nav.no", "kari@@nav.no", "kari@nav..no"] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn org_number_mod11() {
        // Real-format examples with valid check digits.
        for (number, valid) in [
            ("974760673", true),
            ("974 760 673", true),
            ("974760674", false),
            ("97476067", false),
            ("97476067x", false),
        ] {
            assert_eq!(check_org_number(number).is_ok(), valid, "{number}");
        }
    }

    #[test]
    fn municipality_number() {
        for (number, valid) in [("3436", true), ("343", false), ("34a6", false)] {
            assert_eq!(check_municipality_number(number).is_ok(), valid, "{number}");
        }
    }

    #[test]
    fn national_id_detection() {
        // 01010112345-style numbers with valid checks, computed: 15076500565 is a commonly
        // used synthetic test number with valid check digits.
        assert!(find_national_id("fnr 15076500565 her").is_some());
        assert!(find_national_id("fnr 150765 00565 her").is_some());
        // One digit changed: check digits fail.
        assert!(find_national_id("15076500566").is_none());
        // Part of a longer digit run: not an id.
        assert!(find_national_id("150765005651").is_none());
        // Phone numbers are not ids.
        assert!(find_national_id("ring 95012345").is_none());
        let text = "Gjelder 150765 00565, se sak";
        let (a, b) = national_id_span(text).unwrap();
        assert_eq!(&text[a..b], "150765 00565");
    }

    #[test]
    fn international_phone_form() {
        for (stored, exported) in [
            ("94336580", "+47 94 33 65 80"),
            ("0047 943 36 580", "+47 94 33 65 80"),
            (" 116 111 ", "116 111"),
        ] {
            assert_eq!(export_phone(stored), exported, "{stored:?}");
        }
    }
}
