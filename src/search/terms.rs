//! The index's dictionary: every distinct indexed word, sorted bytewise and stored in one
//! string, so that all words starting with a prefix are one range found by binary search,
//! and the words near a misspelt one are found by walking a Levenshtein automaton over the
//! sorted list, skipping every run of words whose shared start the automaton rules out.

use levenshtein_automata::{DFA, Distance, LevenshteinAutomatonBuilder, SINK_STATE};
use std::ops::Range;
use std::sync::OnceLock;

/// Sorted distinct terms: term `i` is `text[ends[i - 1]..ends[i]]`.
#[derive(Default)]
pub(crate) struct Terms {
    text: String,
    ends: Vec<u32>,
}

impl Terms {
    /// From terms already sorted bytewise and distinct.
    pub fn from_sorted<'a>(sorted: impl Iterator<Item = &'a str>, bytes: usize, count: usize) -> Self {
        let mut text = String::with_capacity(bytes);
        let mut ends = Vec::with_capacity(count);
        for t in sorted {
            text.push_str(t);
            ends.push(u32::try_from(text.len()).expect("under 4 GB of distinct words"));
        }
        Self { text, ends }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    /// The first term in `within` that is not below `key`.
    fn lower_bound(&self, key: &[u8], within: Range<usize>) -> usize {
        let (mut lo, mut hi) = (within.start, within.end);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.get(mid).as_bytes() < key {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// The first term in `within` (all of whose terms from its start on begin with
    /// `prefix` or come after) that does not begin with `prefix`.
    fn prefix_end(&self, prefix: &[u8], within: Range<usize>) -> usize {
        let (mut lo, mut hi) = (within.start, within.end);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.get(mid).as_bytes().starts_with(prefix) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// The terms that start with `prefix`.
    pub fn prefix_range(&self, prefix: &str) -> Range<usize> {
        let lo = self.lower_bound(prefix.as_bytes(), 0..self.len());
        lo..self.prefix_end(prefix.as_bytes(), lo..self.len())
    }

    /// The term equal to `word`, if indexed.
    pub fn find(&self, word: &str) -> Option<usize> {
        let i = self.lower_bound(word.as_bytes(), 0..self.len());
        (i < self.len() && self.get(i) == word).then_some(i)
    }

    /// Terms within `edits` edits (insert, delete, substitute, swap two neighbours) of
    /// `stem`, with their distance, as ranges of the sorted list. A whole term may be that
    /// close («barnv» → «barn»), or its start, as long as the stem and ends as the stem does,
    /// so that a compound or a word being typed is found too («barnvern» → «barnevern»,
    /// «barneverntjeneste») but a changed last letter does not open every word that shares
    /// the rest («barnv» does not find «barnehage» through «barne»). The first letter is
    /// kept, as typists do, which keeps the walk to one letter's part of the list. `skip`
    /// (the terms the stem matches directly) is left out.
    pub fn near(&self, stem: &str, edits: u8, skip: &Range<usize>) -> Vec<(Range<usize>, u8)> {
        let mut out = Vec::new();
        let Some(first) = stem.chars().next() else { return out };
        if edits == 0 || stem.len() == first.len_utf8() {
            return out;
        }
        let head = &stem.as_bytes()[..first.len_utf8()];
        let dfa = builder(edits).build_dfa(&stem[first.len_utf8()..]);
        let letter = self.prefix_range(&stem[..first.len_utf8()]);
        let walk = Walk { terms: self, dfa: &dfa, head, stem: stem.as_bytes() };
        walk.run(letter, &mut |r: Range<usize>, d: u8| {
            // Leave out what the stem already matches directly.
            let (a, b) = (r.start.max(skip.start), r.end.min(skip.end));
            if a < b {
                if r.start < a {
                    out.push((r.start..a, d));
                }
                if b < r.end {
                    out.push((b..r.end, d));
                }
            } else if !r.is_empty() {
                out.push((r, d));
            }
        });
        out
    }
}

fn builder(edits: u8) -> &'static LevenshteinAutomatonBuilder {
    // Building these takes milliseconds; they are the same for every query.
    static ONE: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    static TWO: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    if edits <= 1 {
        ONE.get_or_init(|| LevenshteinAutomatonBuilder::new(1, true))
    } else {
        TWO.get_or_init(|| LevenshteinAutomatonBuilder::new(2, true))
    }
}

/// The automaton for the stem after its first letter, walked over the terms that start with
/// that letter. The terms are sorted, so neighbours share their start and the states for it
/// are kept; a start that reaches the dead state, or that is accepted as a whole range,
/// skips every term sharing it with one binary search.
struct Walk<'a> {
    terms: &'a Terms,
    dfa: &'a DFA,
    head: &'a [u8],
    stem: &'a [u8],
}

impl Walk<'_> {
    fn run(&self, range: Range<usize>, found: &mut impl FnMut(Range<usize>, u8)) {
        let (dfa, head) = (self.dfa, self.head);
        let last = *self.stem.last().expect("a stem of two letters or more");
        // states[k] is the state after the first k bytes past `head` of the previous term.
        let mut states: Vec<u32> = vec![dfa.initial_state()];
        let mut prev: &[u8] = &[];
        let mut i = range.start;
        while i < range.end {
            let term = &self.terms.get(i).as_bytes()[head.len()..];
            let mut k = prev.iter().zip(term).take_while(|(a, b)| a == b).count().min(states.len() - 1);
            states.truncate(k + 1);
            let mut stop = None;
            while k < term.len() {
                let s = dfa.transition(states[k], term[k]);
                states.push(s);
                k += 1;
                if s == SINK_STATE {
                    stop = Some((k, None));
                    break;
                }
                let boundary = k == term.len() || term[k] & 0xC0 != 0x80;
                if head.len() + k >= self.stem.len()
                    && boundary
                    && term[k - 1] == last
                    && let Distance::Exact(d) = dfa.distance(s)
                {
                    stop = Some((k, Some(d)));
                    break;
                }
            }
            prev = term;
            match stop {
                Some((k, d)) => {
                    // Every term from here that shares these k bytes goes the same way.
                    let mut prefix = head.to_vec();
                    prefix.extend_from_slice(&term[..k]);
                    let end = self.terms.prefix_end(&prefix, i..range.end);
                    if let Some(d) = d {
                        found(i..end, d);
                    }
                    i = end;
                }
                None => {
                    // The whole term read: close enough as a word of its own?
                    if let Distance::Exact(d) = dfa.distance(states[term.len()]) {
                        found(i..i + 1, d);
                    }
                    i += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(words: &[&str]) -> Terms {
        let mut w: Vec<&str> = words.to_vec();
        w.sort_unstable();
        w.dedup();
        Terms::from_sorted(w.iter().copied(), 0, w.len())
    }

    fn near(t: &Terms, stem: &str, edits: u8) -> Vec<String> {
        let mut out: Vec<String> = t
            .near(stem, edits, &(0..0))
            .into_iter()
            .flat_map(|(r, _)| r.map(|i| t.get(i).to_owned()))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn prefix_ranges_and_lookup() {
        let t = terms(&["barn", "barnehage", "barnevern", "bup", "nav", "navn", "ø"]);
        let r = t.prefix_range("barne");
        assert_eq!((t.get(r.start), r.len()), ("barnehage", 2));
        assert!(t.prefix_range("x").is_empty());
        assert_eq!(t.find("nav").map(|i| t.get(i)), Some("nav"));
        assert_eq!(t.find("na"), None);
        assert_eq!(t.prefix_range("ø").len(), 1);
    }

    #[test]
    fn the_automaton_finds_words_within_the_edits() {
        let t = terms(&[
            "barnevern",
            "barneverntjeneste",
            "barnehage",
            "familieterapeut",
            "familie",
            "speidergruppe",
            "speidere",
            "kvarme",
            "arnevern",
        ]);
        // A missing letter; the compound is found too (prefix automaton).
        assert_eq!(near(&t, "barnvern", 1), ["barnevern", "barneverntjeneste"]);
        // Two edits (a swap counts as one).
        assert_eq!(near(&t, "famileterapuet", 2), ["familieterapeut"]);
        assert!(near(&t, "famileterapuet", 1).is_empty());
        // The first letter is kept: «arnevern» is one edit from «barnvern» but not found.
        assert!(!near(&t, "barnvern", 1).contains(&"arnevern".to_owned()));
        assert_eq!(near(&t, "speidern", 1), ["speidere"]);
        assert!(near(&t, "kvarme", 0).is_empty());
    }

    #[test]
    fn a_changed_last_letter_does_not_open_every_longer_word() {
        let t = terms(&["barn", "barnehage", "barnevern", "barneverntjeneste", "barnet"]);
        // «barnv»: «barn» is one edit away as a word, «barnev…» with an e put in; but
        // «barnehage» only shares «barne», one substitution of the last letter typed.
        assert_eq!(near(&t, "barnv", 1), ["barn", "barnevern", "barneverntjeneste"]);
    }

    #[test]
    fn the_automaton_leaves_out_the_direct_range() {
        let t = terms(&["barnevern", "barnevernet", "barneverntjeneste", "barnvern"]);
        let direct = t.prefix_range("barnvern");
        let found: Vec<&str> =
            t.near("barnvern", 1, &direct).into_iter().flat_map(|(r, _)| r.map(|i| t.get(i))).collect();
        assert_eq!(found, ["barnevern", "barnevernet", "barneverntjeneste"]);
    }

    #[test]
    fn norwegian_letters_count_as_one_edit() {
        let t = terms(&["sørfron", "sorfron", "bjørn", "bjorn"]);
        assert_eq!(near(&t, "bjarn", 1), ["bjorn", "bjørn"]);
        assert_eq!(near(&t, "sørfrón", 1), ["sørfron"]);
    }
}
