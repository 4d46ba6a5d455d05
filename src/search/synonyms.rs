//! The field's own words: groups of words and abbreviations that mean the same in a search
//! (helsesøster = helsesykepleier, PPT = PP-tjeneste = pedagogisk-psykologisk tjeneste).
//!
//! The list shipped with Samkart is `assets/synonymer.txt`; each register can add its own
//! in its settings (local abbreviations, a village that stands for its municipality). Both
//! use one syntax: one group per line, the members separated by «=»; `#` starts a comment
//! line. A query word (or run of words) matches a member when their stems are the same, so
//! «helsesøstra» and «barne- og ungdomspsykiatrien» match too.

use super::text::{ascii_spelling, is_stop_word, root, words};
use std::collections::HashMap;

/// The list shipped with Samkart.
pub const SHIPPED: &str = include_str!("../../assets/synonymer.txt");

/// A member may have at most this many words (after small words are left out).
const MAX_WORDS: usize = 8;

/// One member of a group, as written and as searched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// As written in the list, trimmed.
    pub text: String,
    /// Its words, normalised, small words left out.
    pub words: Vec<String>,
}

/// Groups of members, looked up by the stems of a member's words.
#[derive(Clone, Debug, Default)]
pub struct Synonyms {
    groups: Vec<Vec<Member>>,
    /// Stems of a member's words joined by spaces → the groups it is in.
    by_stems: HashMap<String, Vec<u32>>,
    /// The most words any member has.
    longest: usize,
}

fn stems_key<S: AsRef<str>>(words: &[S]) -> String {
    let stems: Vec<&str> = words.iter().map(AsRef::as_ref).filter(|w| !is_stop_word(w)).map(root).collect();
    stems.join(" ")
}

/// One line of a list: `Ok(None)` for a blank or comment line, the group's members, or a
/// Norwegian message saying what is wrong with it and how to write it.
pub fn parse_line(line: &str) -> Result<Option<Vec<Member>>, String> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return Ok(None);
    }
    let mut members = Vec::new();
    for part in line.split('=').map(str::trim).filter(|p| !p.is_empty()) {
        let ws: Vec<String> = words(part).into_iter().filter(|w| !is_stop_word(w)).collect();
        if ws.is_empty() {
            return Err(format!("«{part}» har ingen ord å søke på."));
        }
        if ws.len() > MAX_WORDS {
            return Err(format!("«{part}» har mer enn {MAX_WORDS} ord; bruk et kortere uttrykk."));
        }
        let m = Member { text: part.to_owned(), words: ws };
        if !members.iter().any(|o: &Member| stems_key(&o.words) == stems_key(&m.words)) {
            members.push(m);
        }
    }
    if members.len() < 2 {
        return Err(format!(
            "«{line}» trenger minst to ulike ord eller uttrykk skilt med «=», for eksempel \
             «helsesøster = helsesykepleier»."
        ));
    }
    Ok(Some(members))
}

/// Checks a register's own list as typed in Innstillinger (one group per line): the lines
/// to keep (trimmed, blank lines left out), or every problem with its line number.
pub fn parse_local(text: &str) -> Result<Vec<String>, Vec<String>> {
    let mut keep = Vec::new();
    let mut problems = Vec::new();
    for (n, line) in text.lines().enumerate() {
        match parse_line(line) {
            Ok(Some(_)) => keep.push(line.trim().to_owned()),
            Ok(None) if line.trim().starts_with('#') => keep.push(line.trim().to_owned()),
            Ok(None) => {}
            Err(e) => problems.push(format!("Linje {}: {e}", n + 1)),
        }
    }
    if problems.is_empty() { Ok(keep) } else { Err(problems) }
}

impl Synonyms {
    /// The shipped list and a register's own lines. A line of the register's own that
    /// cannot be read (a file edited by hand) is left out; Innstillinger never saves one.
    pub fn new(local: &[String]) -> Self {
        let mut s = Self::default();
        for line in SHIPPED.lines().chain(local.iter().flat_map(|l| l.lines())) {
            if let Ok(Some(members)) = parse_line(line) {
                s.add(members);
            }
        }
        s
    }

    fn add(&mut self, members: Vec<Member>) {
        let g = self.groups.len() as u32;
        for m in &members {
            self.longest = self.longest.max(m.words.len());
            // Also as typed without æ, ø, å («helsesoster»).
            let ascii: Vec<String> =
                m.words.iter().map(|w| ascii_spelling(w).unwrap_or_else(|| w.clone())).collect();
            for key in [stems_key(&m.words), stems_key(&ascii)] {
                let groups = self.by_stems.entry(key).or_default();
                if !groups.contains(&g) {
                    groups.push(g);
                }
            }
        }
        self.groups.push(members);
    }

    /// The most words a member has: the longest run of query words worth looking up.
    pub fn longest(&self) -> usize {
        self.longest
    }

    /// The members that mean the same as `words` (compared by stem), other than `words`
    /// itself; empty when `words` is in no group.
    pub fn alternatives<S: AsRef<str>>(&self, words: &[S]) -> Vec<&Member> {
        let key = stems_key(words);
        let mut out: Vec<&Member> = Vec::new();
        for g in self.by_stems.get(&key).into_iter().flatten() {
            for m in &self.groups[*g as usize] {
                if stems_key(&m.words) != key && !out.iter().any(|o| o.words == m.words) {
                    out.push(m);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alt_texts(s: &Synonyms, q: &str) -> Vec<String> {
        s.alternatives(&words(q)).iter().map(|m| m.text.to_lowercase()).collect()
    }

    #[test]
    fn the_shipped_list_loads_without_a_bad_line() {
        let mut groups = 0;
        for (n, line) in SHIPPED.lines().enumerate() {
            match parse_line(line) {
                Ok(Some(_)) => groups += 1,
                Ok(None) => {}
                Err(e) => panic!("assets/synonymer.txt linje {}: {e}", n + 1),
            }
        }
        assert!(groups >= 20, "{groups} groups");
        let s = Synonyms::new(&[]);
        assert!(alt_texts(&s, "helsesøster").contains(&"helsesykepleier".to_owned()));
        assert!(alt_texts(&s, "helsesykepleier").contains(&"helsesøster".to_owned()));
        // By stem: the definite form and a multi-word member.
        assert!(alt_texts(&s, "helsesøstera").contains(&"helsesykepleier".to_owned()));
        assert!(alt_texts(&s, "pp-tjenesten").contains(&"ppt".to_owned()));
        assert!(alt_texts(&s, "barne- og ungdomspsykiatrien").contains(&"bup".to_owned()));
        assert!(alt_texts(&s, "lensmannen").contains(&"politi".to_owned()));
        // Typed without ø, as on a keyboard without Norwegian letters.
        assert!(alt_texts(&s, "helsesoster").contains(&"helsesykepleier".to_owned()));
        assert!(alt_texts(&s, "nav").iter().any(|t| t.starts_with("arbeids- og velferds")));
        assert!(alt_texts(&s, "kvarme").is_empty());
        assert!(s.longest() >= 3);
    }

    #[test]
    fn a_registers_own_lines_extend_the_list() {
        let s = Synonyms::new(&["Vinstra = Nord-Fron".to_owned(), "# kommentar".to_owned()]);
        assert_eq!(alt_texts(&s, "vinstra"), ["nord-fron"]);
        assert_eq!(alt_texts(&s, "nord fron"), ["vinstra"]);
        // A bad line from a hand-edited file is left out, the rest still counts.
        let s = Synonyms::new(&["bare ett ord".to_owned(), "KO = koordinerende team".to_owned()]);
        assert_eq!(alt_texts(&s, "ko"), ["koordinerende team"]);
        assert!(alt_texts(&s, "bare").is_empty());
    }

    #[test]
    fn local_lines_are_checked_with_their_line_numbers() {
        assert_eq!(
            parse_local("Vinstra = Nord-Fron\n\n  # landsbyer  \nHundorp=Sør-Fron  \n"),
            Ok(vec![
                "Vinstra = Nord-Fron".to_owned(),
                "# landsbyer".to_owned(),
                "Hundorp=Sør-Fron".to_owned()
            ])
        );
        let problems = parse_local("Vinstra = Nord-Fron\nVinstra\nog = i\nMGBV = mgbv").unwrap_err();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].starts_with("Linje 2: «Vinstra» trenger minst to"), "{}", problems[0]);
        assert!(problems[1].starts_with("Linje 3: «og» har ingen ord"), "{}", problems[1]);
        assert!(problems[2].starts_with("Linje 4:"), "the same word twice is no group: {}", problems[2]);
        let long = format!("a = {}", ["ord"; 9].join(" "));
        assert!(parse_local(&long).unwrap_err()[0].contains("mer enn 8 ord"));
    }
}
