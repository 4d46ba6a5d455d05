//! Checks and normalisation of Norwegian contact data: phone numbers, e-mail addresses,
//! organisation numbers, kommunenummer, and detection of national identity numbers
//! (which must never be stored).

/// Why a phone number was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PhoneError {
    /// Letters or other characters that do not belong in a phone number.
    InvalidCharacters,
    /// Not eight digits after removing +47 / 0047 and spacing.
    WrongLength(usize),
}

impl std::fmt::Display for PhoneError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::InvalidCharacters => {
                f.write_str("Telefonnummeret kan bare inneholde sifre, mellomrom og +47")
            }
            Self::WrongLength(n) => {
                write!(f, "Telefonnummeret må ha 8 sifre (fant {n})")
            }
        }
    }
}

/// Normalises a Norwegian phone number to its eight digits.
///
/// "+47 950 12 345", "0047 95012345", "950 12 345" and "95-01-23-45" all give "95012345".
pub fn normalize_phone(input: &str) -> Result<String, PhoneError> {
    let trimmed = input.trim();
    let rest = if let Some(r) = trimmed.strip_prefix("+47") {
        r
    } else if let Some(r) = trimmed.strip_prefix("0047") {
        r
    } else {
        trimmed
    };
    let mut digits = String::with_capacity(8);
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '\u{a0}' | '-' | '.' | '(' | ')' => {}
            _ => return Err(PhoneError::InvalidCharacters),
        }
    }
    if digits.len() == 8 { Ok(digits) } else { Err(PhoneError::WrongLength(digits.len())) }
}

/// Shows a phone number as "xx xx xx xx"; anything that is not a valid number is shown as is.
pub fn display_phone(input: &str) -> String {
    match normalize_phone(input) {
        Ok(d) => format!("{} {} {} {}", &d[0..2], &d[2..4], &d[4..6], &d[6..8]),
        Err(_) => input.to_owned(),
    }
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

/// A `tel:` link for a valid number, with the country code.
pub fn tel_link(input: &str) -> Option<String> {
    normalize_phone(input).ok().map(|d| format!("tel:+47{d}"))
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
            return Some(digits.iter().map(|d| char::from(b'0' + d)).collect());
        }
        i += 1;
    }
    None
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
        assert_eq!(phone_for_copy("+47 950 12 345"), "95012345");
        assert_eq!(phone_for_copy(" 116 111 "), "116111");
        assert_eq!(phone_for_copy("02800"), "02800");
        assert_eq!(phone_for_copy(""), "");
    }

    #[test]
    fn bad_phones_are_refused_with_reason() {
        assert_eq!(normalize_phone("9501234"), Err(PhoneError::WrongLength(7)));
        assert_eq!(normalize_phone("950123456"), Err(PhoneError::WrongLength(9)));
        assert_eq!(normalize_phone("95O12345"), Err(PhoneError::InvalidCharacters));
        assert_eq!(normalize_phone(""), Err(PhoneError::WrongLength(0)));
        assert!(normalize_phone("12").unwrap_err().to_string().contains("8 sifre"));
    }

    #[test]
    fn email_check() {
        assert!(check_email("kari.nordmann@nord-fron.kommune.no").is_ok());
        assert!(check_email("kari@nav").is_err());
        assert!(check_email("kari nordmann@nav.no").is_err());
        assert!(check_email("@nav.no").is_err());
        assert!(check_email("kari@@nav.no").is_err());
        assert!(check_email("kari@nav..no").is_err());
    }

    #[test]
    fn org_number_mod11() {
        // Real-format examples with valid check digits.
        assert!(check_org_number("974760673").is_ok());
        assert!(check_org_number("974 760 673").is_ok());
        assert!(check_org_number("974760674").is_err());
        assert!(check_org_number("97476067").is_err());
        assert!(check_org_number("97476067x").is_err());
    }

    #[test]
    fn municipality_number() {
        assert!(check_municipality_number("3436").is_ok());
        assert!(check_municipality_number("343").is_err());
        assert!(check_municipality_number("34a6").is_err());
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
    }
}
