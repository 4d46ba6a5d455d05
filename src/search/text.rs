//! Words as the index and the query see them: case and accents folded, Norwegian stems,
//! the small function words a query may leave out, and age ranges written in text.

use std::sync::OnceLock;

/// Lower-cases and folds accents that Norwegian keyboards rarely type (é → e, ä → æ,
/// ö → ø); keeps æ, ø, å.
fn fold(c: char) -> impl Iterator<Item = char> {
    c.to_lowercase().map(|c| match c {
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'ä' => 'æ',
        'ö' => 'ø',
        'ü' => 'u',
        'á' | 'à' => 'a',
        'ó' | 'ò' => 'o',
        c => c,
    })
}

/// The words of a text, normalised: any character that is not a letter or a digit
/// separates words, so «18–25» and «18-25» are the same two words.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars().flat_map(fold) {
        if c.is_alphanumeric() {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// «bjørn» → «bjorn», «være» → «vaere», «å» → «a»; `None` when there is nothing to fold.
pub(crate) fn ascii_spelling(word: &str) -> Option<String> {
    if !word.contains(['æ', 'ø', 'å']) {
        return None;
    }
    let mut s = String::with_capacity(word.len() + 2);
    for c in word.chars() {
        match c {
            'æ' => s.push_str("ae"),
            'ø' => s.push('o'),
            'å' => s.push('a'),
            c => s.push(c),
        }
    }
    Some(s)
}

/// Small words a query may carry without meaning them as search words («skolen i kvam»,
/// «helsestasjon for ungdom»). Dropped from a query unless they are its last word (which
/// may be the start of a longer word being typed) or all it has.
const STOP_WORDS: &[&str] = &[
    "av", "de", "den", "det", "ei", "eller", "en", "er", "et", "for", "fra", "hos", "i", "med", "og", "om",
    "på", "som", "til", "ved", "å",
];

pub(crate) fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(&word)
}

fn stemmer() -> &'static rust_stemmers::Stemmer {
    static STEMMER: OnceLock<rust_stemmers::Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Norwegian))
}

/// The length in bytes of a word's stem by the Snowball Norwegian algorithm
/// (barnevernet → barnevern, jordmora → jordmor, tannlegen → tannleg). The algorithm only
/// takes endings off, so the stem is the word's first `stem_len` bytes. Words with a digit
/// are left whole, and so is a word whose stem would be shorter than four letters: «hane»
/// as «han» would find every «Hansen».
pub fn stem_len(word: &str) -> usize {
    if word.len() < 5 || !word.chars().all(char::is_alphabetic) {
        return word.len();
    }
    let stem = stemmer().stem(word);
    let len = if word.starts_with(&*stem) {
        stem.len()
    } else {
        // Never seen with this algorithm; keep the part the two share.
        word.char_indices()
            .zip(stem.chars())
            .find(|((_, a), b)| a != b)
            .map_or(word.len().min(stem.len()), |((i, _), _)| i)
    };
    if word[..len].chars().count() < 4 { word.len() } else { len }
}

/// The stem of a stem, until it no longer changes: the algorithm is not idempotent
/// (helsesøsteren → helsesøster → helsesøst), and synonyms are compared on this root so
/// that every form of a word meets the others.
pub fn root(word: &str) -> &str {
    let mut w = word;
    for _ in 0..3 {
        let s = stem(w);
        if s.len() == w.len() {
            break;
        }
        w = s;
    }
    w
}

/// The stem of a word (see [`stem_len`]).
pub fn stem(word: &str) -> &str {
    &word[..stem_len(word)]
}

/// How many edits a word may be from an indexed word and still match: none below five
/// letters, one from five, two from nine (as Meilisearch and Typesense count). Counted on
/// the stem, so an inflected short word (skolen → skol) is not corrected into others.
pub fn typo_budget(stem: &str) -> u8 {
    match stem.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Age ranges written in a text: «18–25», «0–5 år», «6–10-åringer». With `need_years`,
/// only ranges followed by «år» or «åring…» count (for long descriptions, where a bare
/// «1–7» is more often a grade or a date).
pub(crate) fn age_ranges(text: &str, need_years: bool) -> Vec<(u8, u8)> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let number = |i: usize| -> Option<(u32, usize)> {
        let len = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if len == 0 || len > 3 || (i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.')) {
            return None;
        }
        Some((text[i..i + len].parse().ok()?, i + len))
    };
    let skip_spaces = |mut i: usize| {
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        i
    };
    let mut i = 0;
    while i < b.len() {
        let Some((from, end)) = number(i) else {
            i += 1;
            continue;
        };
        let mut j = skip_spaces(end);
        let dash = if text[j..].starts_with('–') || text[j..].starts_with('—') {
            3
        } else if text[j..].starts_with('-') {
            1
        } else {
            0
        };
        if dash == 0 {
            i = end;
            continue;
        }
        j = skip_spaces(j + dash);
        let Some((to, after)) = (j < b.len()).then(|| number(j)).flatten() else {
            i = end;
            continue;
        };
        let rest = text[after..].trim_start_matches([' ', '-', '–']);
        let years = rest.starts_with("år") || rest.starts_with("År");
        let unit_after = rest.chars().next().is_some_and(char::is_alphabetic) && !years;
        if from <= to && to <= 120 && (years || (!need_years && !unit_after)) {
            out.push((from as u8, to as u8));
        }
        i = after;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_on_dashes_and_fold_case() {
        assert_eq!(words("NAV-veileder for ungdom 18–25"), ["nav", "veileder", "for", "ungdom", "18", "25"]);
        assert_eq!(words("Åse Ødegård"), ["åse", "ødegård"]);
        assert_eq!(ascii_spelling("ødegård").as_deref(), Some("odegard"));
    }

    #[test]
    fn stems_meet_their_base_word() {
        for (form, base) in [
            ("barnevernet", "barnevern"),
            ("tannlegen", "tannlege"),
            ("barnehagen", "barnehage"),
            ("barnehagene", "barnehage"),
            ("jordmora", "jordmor"),
            ("helsestasjonen", "helsestasjon"),
            ("tjenestene", "tjeneste"),
        ] {
            assert_eq!(stem(form), stem(base), "{form} / {base}");
            assert!(base.starts_with(stem(form)), "{form}: the stem is a prefix of the base word");
        }
        // Short words, numbers and abbreviations stay whole.
        for w in ["nav", "bup", "ppt", "18", "4h", "åse", "hane", "kari"] {
            assert_eq!(stem(w), w);
        }
        assert_eq!(root("helsesøsteren"), root("helsesøster"));
        assert_eq!(root("barnevernet"), "barnevern");
        // The stem is always a prefix of the word.
        for w in ["sertifisert", "politiet", "speidern", "økonomisk", "ungdommene"] {
            assert!(w.starts_with(stem(w)), "{w}");
        }
    }

    #[test]
    fn typo_bounds_follow_word_length() {
        assert_eq!(typo_budget("nav"), 0);
        assert_eq!(typo_budget("skol"), 0, "a 4-letter word is never corrected");
        assert_eq!(typo_budget("ørken"), 1, "letters, not bytes");
        assert_eq!(typo_budget("barnvern"), 1);
        assert_eq!(typo_budget("barnevern"), 2);
    }

    #[test]
    fn age_ranges_in_text() {
        assert_eq!(age_ranges("NAV-veileder for ungdom 18–25", false), [(18, 25)]);
        assert_eq!(age_ranges("ungdom 18-25 år", true), [(18, 25)]);
        assert_eq!(age_ranges("Allidrett for 6–10-åringer", true), [(6, 10)]);
        assert_eq!(age_ranges("Helsestasjon 0 – 5 år og mer", true), [(0, 5)]);
        // Not ages: grades, dates, phone numbers, a range that is not years.
        assert!(age_ranges("1.–7. trinn", false).is_empty());
        assert!(age_ranges("Foreldre med barn 0–6 måneder", false).is_empty());
        assert!(age_ranges("ungdom 18–25", true).is_empty(), "descriptions need «år»");
        assert!(age_ranges("tlf 61-24-03-82", true).is_empty());
        assert!(age_ranges("2020–2024", false).is_empty());
        assert!(age_ranges("30–20", false).is_empty());
    }
}
