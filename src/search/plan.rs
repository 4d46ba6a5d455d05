//! From what was typed to what is looked up: the query's words become groups, each of which
//! a record must match in one of its ways (the words as typed, a synonym, the two halves of
//! a glued word, an age).
//!
//! Steps: normalise the words; an age («19 år», «17-åring», or a number up to 30 beside
//! other words) becomes its own group; small words (i, og, for …) are dropped unless last;
//! runs of words that are a synonym list member get the other members as alternatives; a
//! word found nowhere in the index that splits into two indexed words («navung») gets the
//! split as an alternative. Each typed word matches the terms that start with its stem, and
//! (from five letters) the terms within its typo budget.

use super::Index;
use super::text::{is_stop_word, stem_len, typo_budget, words};
use std::ops::Range;

/// At most this many words of a query are used.
const MAX_WORDS: usize = 16;
/// A longer query word is cut: no indexed word is that long, and it bounds the work.
const MAX_WORD_BYTES: usize = 64;
/// The oldest age a lone number beside other words is read as.
const MAX_LONE_AGE: u32 = 30;

/// One word to match.
#[derive(Clone, Debug)]
pub(crate) struct Word {
    pub text: String,
    /// Length of its stem in bytes.
    pub stem: usize,
    /// The terms that start with its stem.
    pub range: Range<usize>,
    /// Terms within its typo budget, outside `range`, with their distance.
    pub near: Vec<(Range<usize>, u8)>,
}

#[derive(Clone, Debug)]
pub(crate) enum Atom {
    Word(Word),
    /// An age in years: records whose age range contains it.
    Age(u8),
}

/// How an alternative relates to what was typed, for ranking and for «why it matched».
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum How {
    Typed,
    /// A member of a synonym group, as written in the list.
    Synonym(String),
    /// A glued word as its two halves.
    Split(String),
    Age,
}

#[derive(Clone, Debug)]
pub(crate) struct Alt {
    /// All of these must match.
    pub atoms: Vec<Atom>,
    pub how: How,
}

#[derive(Clone, Debug)]
pub(crate) struct Group {
    /// The query words it stands for, for «why it matched».
    pub text: String,
    /// One of these must match.
    pub alts: Vec<Alt>,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Plan {
    pub groups: Vec<Group>,
    /// The query's words joined by spaces: a record whose name or topic starts with it
    /// ranks higher, and one whose whole name it is ranks first.
    pub phrase: String,
    pub words: Vec<String>,
}

/// «år», «års», «åring», «åringer», «åringen» after a number make it an age.
fn is_years(word: &str) -> bool {
    word.starts_with("år")
}

fn as_age(word: &str) -> Option<u32> {
    if word.is_empty()
        || !word.bytes().all(|b| b.is_ascii_digit())
        || (word.len() > 1 && word.starts_with('0'))
    {
        return None;
    }
    word.parse().ok().filter(|n| *n <= 120)
}

enum Slot {
    Word(String, bool),
    Age(String, u8, bool),
}

impl Index {
    /// A typed word's terms: those starting with its stem, and those within its budget.
    pub(crate) fn word(&self, text: &str, typos: bool) -> Word {
        let stem = stem_len(text);
        let range = self.terms.prefix_range(&text[..stem]);
        let budget =
            if typos && text.chars().all(char::is_alphabetic) { typo_budget(&text[..stem]) } else { 0 };
        let near = if budget > 0 { self.near_cached(&text[..stem], budget, &range) } else { Vec::new() };
        Word { text: text.to_owned(), stem, range, near }
    }

    /// A word that must be indexed as it is (the first half of a glued word).
    fn exact_word(&self, text: &str) -> Word {
        let range = self.terms.find(text).map_or(0..0, |i| i..i + 1);
        Word { text: text.to_owned(), stem: text.len(), range, near: Vec::new() }
    }

    /// The two indexed words a glued word is made of («navung» → nav, ung), if any: the
    /// longest first half that is an indexed word, with a second half of two letters or
    /// more that starts one.
    fn split(&self, word: &str) -> Option<(String, String)> {
        if word.chars().count() < 4 || !word.chars().all(char::is_alphabetic) {
            return None;
        }
        let cuts: Vec<usize> = word.char_indices().map(|(i, _)| i).skip(2).collect();
        cuts.into_iter().rev().find_map(|k| {
            let (a, b) = word.split_at(k);
            (b.chars().count() >= 2 && self.terms.find(a).is_some() && !self.terms.prefix_range(b).is_empty())
                .then(|| (a.to_owned(), b.to_owned()))
        })
    }

    pub(crate) fn plan(&self, query: &str) -> Plan {
        let mut raw = words(query);
        raw.truncate(MAX_WORDS);
        for w in &mut raw {
            if w.len() > MAX_WORD_BYTES {
                let mut end = MAX_WORD_BYTES;
                while !w.is_char_boundary(end) {
                    end -= 1;
                }
                w.truncate(end);
            }
        }
        let phrase = raw.join(" ");
        let several = raw.len() > 1;

        // Ages first: «19 år» is one age; a lone small number beside other words may be one.
        let mut slots: Vec<Slot> = Vec::new();
        let mut i = 0;
        while i < raw.len() {
            let w = &raw[i];
            match as_age(w) {
                Some(n) if raw.get(i + 1).is_some_and(|y| is_years(y)) => {
                    slots.push(Slot::Age(format!("{w} {}", raw[i + 1]), n as u8, false));
                    i += 2;
                    continue;
                }
                Some(n) if several && n <= MAX_LONE_AGE => slots.push(Slot::Age(w.clone(), n as u8, true)),
                _ => slots.push(Slot::Word(w.clone(), i + 1 == raw.len())),
            }
            i += 1;
        }
        // Small words go, unless last or all there is.
        if slots
            .iter()
            .any(|s| matches!(s, Slot::Word(w, _) if !is_stop_word(w)) || matches!(s, Slot::Age(..)))
        {
            slots.retain(|s| !matches!(s, Slot::Word(w, last) if !last && is_stop_word(w)));
        }

        let mut groups = Vec::new();
        let mut i = 0;
        while i < slots.len() {
            match &slots[i] {
                Slot::Age(text, n, literal) => {
                    let mut alts = vec![Alt { atoms: vec![Atom::Age(*n)], how: How::Age }];
                    if *literal {
                        alts.push(Alt { atoms: vec![Atom::Word(self.word(text, false))], how: How::Typed });
                    }
                    groups.push(Group { text: text.clone(), alts });
                    i += 1;
                }
                Slot::Word(..) => {
                    // The longest run of words from here that is a synonym list member.
                    let run: Vec<&str> = slots[i..]
                        .iter()
                        .map_while(|s| match s {
                            Slot::Word(w, _) => Some(w.as_str()),
                            Slot::Age(..) => None,
                        })
                        .take(self.synonyms.longest().max(1))
                        .collect();
                    let (len, synonyms) = (1..=run.len())
                        .rev()
                        .map(|n| (n, self.synonyms.alternatives(&run[..n])))
                        .find(|(_, alts)| !alts.is_empty())
                        .unwrap_or((1, Vec::new()));
                    let typed: Vec<Atom> =
                        run[..len].iter().map(|w| Atom::Word(self.word(w, len == 1))).collect();
                    let mut alts = Vec::new();
                    if let [Atom::Word(w)] = typed.as_slice()
                        && w.range.is_empty()
                        && let Some((a, b)) = self.split(&w.text)
                    {
                        alts.push(Alt {
                            how: How::Split(format!("{a} {b}")),
                            atoms: vec![Atom::Word(self.exact_word(&a)), Atom::Word(self.word(&b, false))],
                        });
                    }
                    alts.insert(0, Alt { atoms: typed, how: How::Typed });
                    for m in synonyms {
                        let atoms = m.words.iter().map(|w| Atom::Word(self.word(w, false))).collect();
                        alts.push(Alt { atoms, how: How::Synonym(m.text.clone()) });
                    }
                    groups.push(Group { text: run[..len].join(" "), alts });
                    i += len;
                }
            }
        }
        Plan { groups, phrase, words: raw }
    }
}
