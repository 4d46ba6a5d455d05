//! Search-as-you-type over the register: services, contacts (name, role, topics, phone,
//! e-mail), offerings, agreements, routines and forums — written to understand how
//! caseworkers type.
//!
//! [`Index::build`] runs once per register revision. It keeps a sorted dictionary of
//! distinct words ([`terms`]), each with its postings (record, field weight), the length of
//! its Norwegian stem, the records' age ranges, and the synonyms (the list shipped in
//! `assets/synonymer.txt` and the register's own). A query ([`plan`]) becomes groups of
//! alternatives; a record must match every group ([`rank`]):
//!
//! - **Word forms**: a word matches every indexed word that starts with its stem, so
//!   «barnevernet» finds «barnevern» and «barneverntjeneste», «jordmora» finds «jordmor»;
//!   small words (i, og, for, på, til …) are left out.
//! - **Typos**: from five letters one edit, from nine two, found by a Levenshtein automaton
//!   walked over the sorted dictionary; a correction always ranks below a word as typed.
//! - **Synonyms**: «helsesøster» also finds «helsesykepleier», «pp-tjenesten» «PPT».
//! - **Ages**: «19 år» (or a lone number up to 30 beside other words) finds records whose
//!   age range contains it: a service's target age, an offering's age, «18–25» in a role or
//!   topic.
//! - **Glued words**: «navung», found nowhere, is searched as «nav ung».
//!
//! Ranking and «why it matched» are in [`rank`]. Matching is case-insensitive, treats
//! «18–25» and «18-25» alike, and finds «Bjørn» by «bjorn». A keystroke costs the postings
//! of the matching words, never a scan of the register's text.

mod build;
mod describe;
mod plan;
mod rank;
pub mod synonyms;
mod terms;
mod text;

pub use describe::{HitText, hits_json, hits_table, joined};
pub use text::{stem, stem_len, typo_budget, words};

use crate::model::{Keyed, RecordKind, Register, position};
use std::cell::RefCell;
use std::ops::Range;

/// How many results a search keeps (Søk says how many matched in all).
pub const LIMIT: usize = 500;

/// One search result: a record by kind and position in the register's list for that kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub kind: RecordKind,
    /// Position in the register's vector for `kind` (valid for the revision indexed; see
    /// [`Index::locate`] for a later one).
    pub pos: usize,
    pub score: u32,
    /// The record's number in the index.
    doc: u32,
    /// 1 + its place in [`Results::why`], or 0.
    why: u32,
}

impl Hit {
    /// The record's id.
    pub fn id<'a>(&self, reg: &'a Register) -> &'a str {
        match self.kind {
            RecordKind::Service => reg.services[self.pos].id.as_str(),
            RecordKind::Contact => reg.contacts[self.pos].id.as_str(),
            RecordKind::Agreement => reg.agreements[self.pos].id.as_str(),
            RecordKind::Routine => reg.routines[self.pos].id.as_str(),
            RecordKind::Forum => reg.forums[self.pos].id.as_str(),
            RecordKind::Offering => reg.offerings[self.pos].id.as_str(),
            RecordKind::Expectation => reg.expectations[self.pos].id.as_str(),
        }
    }
}

/// The outcome of a query: the best hits, best first, and how many records matched.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Results {
    pub hits: Vec<Hit>,
    pub total: usize,
    why: Vec<String>,
}

impl Results {
    /// Why a hit matched when it was not by the words as typed: «helsesøster ›
    /// helsesykepleier», «barnvern › barnevern», «19 år › 18–25 år»; empty otherwise.
    pub fn why(&self, hit: &Hit) -> &str {
        match hit.why {
            0 => "",
            n => self.why.get(n as usize - 1).map_or("", String::as_str),
        }
    }
}

#[derive(Clone, Copy, Debug)]
struct Doc {
    kind: RecordKind,
    pos: u32,
    /// Rank of the record's name in Norwegian order, to break score ties.
    name_rank: u32,
    active: bool,
}

/// An age range of a record, in years, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Age {
    doc: u32,
    from: u8,
    to: u8,
}

/// The search index for one revision of a register.
#[derive(Default)]
pub struct Index {
    docs: Vec<Doc>,
    /// The id of each record, to find it again after the register has changed.
    ids: Vec<Box<str>>,
    /// Fingerprint of each record's name (see [`build::name_hash`]).
    name_hashes: Vec<u64>,
    /// Distinct words, and phrases containing spaces, sorted bytewise.
    terms: terms::Terms,
    /// Length in bytes of each term's stem (capped at 255).
    stems: Vec<u8>,
    /// Postings of term `i` are `post_*[starts[i]..starts[i + 1]]`, in record order.
    starts: Vec<u32>,
    post_doc: Vec<u32>,
    post_weight: Vec<u8>,
    /// Age ranges, in record order.
    ages: Vec<Age>,
    synonyms: synonyms::Synonyms,
    /// Per-record working memory of a query, kept between queries: allocating and zeroing
    /// it per keystroke costs more than the query itself at 300,000 records.
    scratch: RefCell<Scratch>,
    /// The last few words' typo matches: while the last word is typed, the ones before it
    /// are looked up again on every keystroke.
    near_cache: RefCell<Vec<NearEntry>>,
    /// Answers to the commonest one- and two-letter queries (see `build::hot_prefixes`).
    hot: std::collections::HashMap<Box<str>, Results>,
}

type NearEntry = (String, u8, Vec<(Range<usize>, u8)>);

#[derive(Default)]
struct Scratch {
    score: Vec<u32>,
    /// The current group's best match, and the sum of all its matches.
    best: Vec<u32>,
    sum: Vec<u32>,
    /// How many groups (in processing order) each record has matched.
    stamp: Vec<u16>,
    /// Where the current group's best match came from.
    src: Vec<u32>,
    /// For alternatives of several words: epoch << 8 | words matched so far; the sum of
    /// their scores and the current word's best.
    level: Vec<u32>,
    part: Vec<u32>,
    last: Vec<u32>,
    epoch: u32,
    /// 1 + the record's latest note in `notes`, or 0.
    note: Vec<u32>,
    notes: Vec<rank::Note>,
    /// The records the first group touched: a superset of everything written, so
    /// resetting these leaves the scratch all zero again.
    first: Vec<u32>,
    /// Buffers for the records each group touches, kept for their capacity.
    touched: Vec<u32>,
    candidates: Vec<u32>,
}

impl Scratch {
    /// Zeroed buffers for `n` records, written once so the memory is really there before
    /// the first keystroke (a fresh zeroed allocation is only mapped on first touch).
    fn new(n: usize) -> Self {
        fn zeroed<T: Copy + Default>(n: usize) -> Vec<T> {
            let mut v = Vec::with_capacity(n);
            v.resize(n, T::default());
            v
        }
        Self {
            score: zeroed(n),
            best: zeroed(n),
            sum: zeroed(n),
            stamp: zeroed(n),
            src: zeroed(n),
            level: zeroed(n),
            part: zeroed(n),
            last: zeroed(n),
            epoch: 0,
            note: zeroed(n),
            notes: Vec::new(),
            first: Vec::new(),
            touched: Vec::new(),
            candidates: Vec::new(),
        }
    }
}

impl Index {
    /// The hit as it stands in `reg`, which may be a later revision than the one indexed
    /// (the index is rebuilt in the background after an edit): a record that moved is found
    /// again by its id, one that was removed gives `None`.
    pub fn locate(&self, hit: Hit, reg: &Register) -> Option<Hit> {
        let id = self.ids.get(hit.doc as usize)?;
        fn at<T: Keyed>(list: &[T], pos: usize, id: &str) -> Option<usize> {
            match list.get(pos) {
                Some(r) if r.key() == id => Some(pos),
                _ => position(list, id),
            }
        }
        let pos = match hit.kind {
            RecordKind::Service => at(&reg.services, hit.pos, id),
            RecordKind::Contact => at(&reg.contacts, hit.pos, id),
            RecordKind::Agreement => at(&reg.agreements, hit.pos, id),
            RecordKind::Routine => at(&reg.routines, hit.pos, id),
            RecordKind::Forum => at(&reg.forums, hit.pos, id),
            RecordKind::Offering => at(&reg.offerings, hit.pos, id),
            RecordKind::Expectation => at(&reg.expectations, hit.pos, id),
        }?;
        Some(Hit { pos, ..hit })
    }

    /// Number of records indexed.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Number of distinct words (and phrases) indexed.
    pub fn term_count(&self) -> usize {
        self.terms.len()
    }

    /// Typo matches of a stem, remembered for the last few stems.
    fn near_cached(&self, stem: &str, budget: u8, direct: &Range<usize>) -> Vec<(Range<usize>, u8)> {
        let mut cache = self.near_cache.borrow_mut();
        if let Some(i) = cache.iter().position(|(s, b, _)| s == stem && *b == budget) {
            let hit = cache.remove(i);
            let found = hit.2.clone();
            cache.push(hit);
            return found;
        }
        let found = self.terms.near(stem, budget, direct);
        if cache.len() >= 16 {
            cache.remove(0);
        }
        cache.push((stem.to_owned(), budget, found.clone()));
        found
    }

    /// The best `limit` records matching every group of `query`, best first, with why
    /// each matched (see [`Results::why`]).
    pub fn query(&self, query: &str, limit: usize) -> Results {
        if let [word] = words(query).as_slice()
            && let Some(known) = self.hot.get(word.as_str())
            && (limit <= known.hits.len() || known.hits.len() == known.total)
        {
            let mut r = known.clone();
            r.hits.truncate(limit);
            return r;
        }
        let plan = self.plan(query);
        let mut scratch = self.scratch.borrow_mut();
        let n_docs = self.docs.len();
        if scratch.stamp.len() != n_docs {
            *scratch = Scratch::new(n_docs);
        }
        let results = self.run(&mut scratch, &plan, limit);
        let Scratch { score, best, stamp, src, note, notes, first, .. } = &mut *scratch;
        for d in first.drain(..) {
            let d = d as usize;
            (score[d], best[d], stamp[d], src[d], note[d]) = (0, 0, 0, 0, 0);
        }
        notes.clear();
        results
    }
}

#[cfg(test)]
mod tests;
