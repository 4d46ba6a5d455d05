//! Running a planned query: which records match every group, how well, in what order,
//! and why.
//!
//! Groups are taken cheapest first: the first fixes the candidates, the others only
//! confirm them. Per-record working memory lives in [`Scratch`], reused between queries.
//!
//! A record's score is, per group, the best of its matches: the weight of the field it
//! matched in times the quality of the match (the word as typed, a prefix of a longer
//! word, the same stem, part of a compound, a synonym, a correction). A group matched
//! without a correction adds [`EXACT`], so that records needing fewer corrections always
//! come first; then come active records, then the score, then contacts before services
//! before the rest, then name order.

use super::plan::{Atom, How, Plan, Word};
use super::{Hit, Index, Results, Scratch};

/// Added per group matched without a correction: above any score from the fields.
const EXACT: u32 = 1 << 20;
/// Added when the query is the record's whole name.
const WHOLE_NAME: u32 = 1000;
/// Weight of an age match with a narrow range (wider ones count less).
const W_AGE: u32 = 11;

// Match qualities, multiplied by the field's weight.
const Q_EXACT: u32 = 10;
const Q_FORM: u32 = 9;
const Q_PREFIX: u32 = 8;
const Q_COMPOUND: u32 = 7;
/// The most a synonym's or a glued word's half counts: below the same stem as typed.
const Q_SYNONYM: u32 = 8;
const Q_TYPO: [u32; 3] = [0, 5, 4];

// Where a group's best match came from (`Scratch::src`): the top two bits say what, the
// rest which one.
const SRC_NONE: u32 = 0;
const SRC_TERM: u32 = 1 << 30;
const SRC_ALT: u32 = 2 << 30;
const SRC_AGE: u32 = 3 << 30;
const SRC_MASK: u32 = (1 << 30) - 1;

/// A record's note of a group it matched other than as typed (linked per record).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Note {
    group: u16,
    src: u32,
    next: u32,
}

/// How an age range fits an age: a narrow range (a NAV adviser for 18–25) says more than a
/// wide one (a service for everyone 0–99).
fn age_quality(from: u8, to: u8) -> u32 {
    match to.saturating_sub(from) {
        0..=8 => 10,
        9..=15 => 8,
        16..=25 => 6,
        _ => 3,
    }
}

/// The records a group touches, with the best and the sum of their matches.
struct Pass<'a> {
    n: u16,
    stamp: &'a mut [u16],
    best: &'a mut [u32],
    sum: &'a mut [u32],
    src: &'a mut [u32],
    touched: &'a mut Vec<u32>,
}

impl<'a> Pass<'a> {
    fn new(s: &'a mut Scratch, n: u16) -> Self {
        Self {
            n,
            stamp: &mut s.stamp,
            best: &mut s.best,
            sum: &mut s.sum,
            src: &mut s.src,
            touched: &mut s.touched,
        }
    }

    /// A match of value `v` (with [`EXACT`] unless a correction) for record `d`.
    #[inline]
    fn visit(&mut self, d: u32, v: u32, from: u32) {
        let di = d as usize;
        if self.stamp[di] < self.n {
            return; // missed an earlier group
        }
        if self.stamp[di] == self.n {
            self.stamp[di] = self.n + 1;
            self.best[di] = 0;
            self.sum[di] = 0;
            self.src[di] = SRC_NONE;
            self.touched.push(d);
        }
        self.sum[di] += v & (EXACT - 1);
        if v > self.best[di] {
            self.best[di] = v;
            self.src[di] = from;
        }
    }
}

impl Index {
    /// An alternative of several words («pp tjeneste», a glued word's halves): a record
    /// must match them all, and scores their average. The words are counted per record
    /// with an epoch, so no reset is needed between alternatives.
    fn all_of(&self, s: &mut Scratch, n: u16, atoms: &[Atom], cap: u32, from: u32) {
        s.epoch += 1;
        if s.epoch >= 1 << 24 {
            s.epoch = 1;
            s.level.iter_mut().for_each(|l| *l = 0);
        }
        let e = s.epoch << 8;
        for (i, atom) in atoms.iter().enumerate() {
            let i = i as u32;
            let Scratch { stamp, level, part, last, .. } = &mut *s;
            self.each_posting(atom, cap, |d, v, _| {
                let di = d as usize;
                let v = v & (EXACT - 1);
                if stamp[di] < n {
                    return;
                }
                if (i == 0 && level[di] >> 8 != e >> 8) || (i > 0 && level[di] == e | i) {
                    part[di] = if i == 0 { v } else { part[di] + v };
                    last[di] = v;
                    level[di] = e | (i + 1);
                } else if level[di] == e | (i + 1) && v > last[di] {
                    part[di] += v - last[di];
                    last[di] = v;
                }
            });
        }
        let complete = e | atoms.len() as u32;
        let n_atoms = atoms.len() as u32;
        let mut done = Vec::new();
        self.each_posting(&atoms[atoms.len() - 1], cap, |d, _, _| {
            if s.level[d as usize] == complete {
                s.level[d as usize] = 0; // once per record
                done.push((d, EXACT | (s.part[d as usize] / n_atoms)));
            }
        });
        let mut pass = Pass::new(s, n);
        for (d, v) in done {
            pass.visit(d, v, from);
        }
    }

    /// Calls `f(doc, value, src)` for every posting of a word, with its quality.
    /// `cap` lowers the quality of a synonym's or a split's words.
    fn each_word_posting(&self, w: &Word, cap: u32, mut f: impl FnMut(u32, u32, u32)) {
        let stem = &w.text[..w.stem];
        for t in w.range.clone() {
            let term = self.terms.get(t);
            let (q, explain) = if term.len() == w.text.len() && term == w.text {
                (Q_EXACT, false)
            } else if term.starts_with(&w.text) {
                (Q_PREFIX, false)
            } else if term.len() == stem.len() || self.stems[t] as usize == stem.len() {
                (Q_FORM, true)
            } else {
                (Q_COMPOUND, true)
            };
            let src = if explain { SRC_TERM | t as u32 } else { SRC_NONE };
            let q = q.min(cap);
            for p in self.starts[t] as usize..self.starts[t + 1] as usize {
                f(self.post_doc[p], EXACT | (u32::from(self.post_weight[p]) * q), src);
            }
        }
        for (range, d) in &w.near {
            let q = Q_TYPO[usize::from(*d).min(2)].min(cap);
            for t in range.clone() {
                let src = SRC_TERM | t as u32;
                for p in self.starts[t] as usize..self.starts[t + 1] as usize {
                    f(self.post_doc[p], u32::from(self.post_weight[p]) * q, src);
                }
            }
        }
    }

    fn each_posting(&self, atom: &Atom, cap: u32, mut f: impl FnMut(u32, u32, u32)) {
        match atom {
            Atom::Word(w) => self.each_word_posting(w, cap, f),
            Atom::Age(n) => {
                for (i, a) in self.ages.iter().enumerate() {
                    if a.from <= *n && *n <= a.to {
                        f(a.doc, EXACT | (W_AGE * age_quality(a.from, a.to)), SRC_AGE | i as u32);
                    }
                }
            }
        }
    }

    /// How many postings a group may touch, to take the cheapest first.
    fn cost(&self, alts: &[super::plan::Alt]) -> usize {
        let word = |w: &Word| {
            let mut n = (self.starts[w.range.end] - self.starts[w.range.start]) as usize;
            for (r, _) in &w.near {
                n += (self.starts[r.end] - self.starts[r.start]) as usize;
            }
            n
        };
        alts.iter()
            .map(|a| {
                a.atoms
                    .iter()
                    .map(|atom| match atom {
                        Atom::Word(w) => word(w),
                        Atom::Age(_) => self.ages.len(),
                    })
                    .min()
                    .unwrap_or(0)
            })
            .sum()
    }

    pub(super) fn run(&self, s: &mut Scratch, plan: &Plan, limit: usize) -> Results {
        if plan.groups.is_empty() || self.docs.is_empty() {
            return Results::default();
        }
        let mut order: Vec<usize> = (0..plan.groups.len()).collect();
        order.sort_by_cached_key(|g| self.cost(&plan.groups[*g].alts));

        s.candidates.clear();
        for (n, &g) in order.iter().enumerate() {
            let n = n as u16;
            let group = &plan.groups[g];
            s.touched.clear();
            for (ai, alt) in group.alts.iter().enumerate() {
                let cap = if alt.how == How::Typed || alt.how == How::Age { Q_EXACT } else { Q_SYNONYM };
                let alt_src = if alt.how == How::Typed { SRC_NONE } else { SRC_ALT | ai as u32 };
                match alt.atoms.as_slice() {
                    // Few candidates left: look up their ages rather than scan them all.
                    [Atom::Age(age)] if n > 0 && s.candidates.len() < self.ages.len() / 8 => {
                        let candidates = std::mem::take(&mut s.candidates);
                        let mut pass = Pass::new(s, n);
                        for &d in &candidates {
                            let first = self.ages.partition_point(|a| a.doc < d);
                            for (i, a) in
                                self.ages[first..].iter().enumerate().take_while(|(_, a)| a.doc == d)
                            {
                                if a.from <= *age && *age <= a.to {
                                    pass.visit(
                                        d,
                                        EXACT | (W_AGE * age_quality(a.from, a.to)),
                                        SRC_AGE | (first + i) as u32,
                                    );
                                }
                            }
                        }
                        s.candidates = candidates;
                    }
                    [atom] => {
                        let mut pass = Pass::new(s, n);
                        self.each_posting(atom, cap, |d, v, from| {
                            // An age says its range; any other alternative says its words.
                            let from = if alt_src == SRC_NONE || from & !SRC_MASK == SRC_AGE {
                                from
                            } else {
                                alt_src
                            };
                            pass.visit(d, v, from);
                        });
                    }
                    atoms => self.all_of(s, n, atoms, cap, alt_src),
                }
            }
            let Scratch { score, best, sum, src, touched, first, notes, note, candidates, .. } = &mut *s;
            for &d in touched.iter() {
                let di = d as usize;
                // The best match counts, and a little of the others (the same word in a
                // record's role, topics and service says more than in one place).
                let top = best[di] & (EXACT - 1);
                score[di] += best[di] + ((sum[di] - top) / 8).min(top / 2);
                if src[di] != SRC_NONE {
                    notes.push(Note { group: g as u16, src: src[di], next: note[di] });
                    note[di] = notes.len() as u32;
                }
            }
            if n == 0 {
                first.clone_from(touched);
            }
            std::mem::swap(candidates, touched);
            if candidates.is_empty() {
                return Results::default();
            }
        }
        let all = order.len() as u16;
        self.bonuses(s, plan, all);

        let Scratch { score, candidates, .. } = &mut *s;
        let total = candidates.len();
        let key = |d: &u32| {
            let doc = &self.docs[*d as usize];
            let sc = score[*d as usize];
            (
                std::cmp::Reverse(sc / EXACT),
                !doc.active,
                std::cmp::Reverse(sc),
                kind_order(doc.kind),
                doc.name_rank,
            )
        };
        if candidates.len() > limit {
            candidates.select_nth_unstable_by_key(limit, key);
            candidates.truncate(limit);
        }
        candidates.sort_unstable_by_key(key);
        let mut why = Vec::new();
        let chosen = std::mem::take(candidates);
        let hits = chosen
            .iter()
            .map(|&d| {
                let doc = &self.docs[d as usize];
                let text = self.explain(s, plan, d);
                let w = if text.is_empty() {
                    0
                } else {
                    why.push(text);
                    why.len() as u32
                };
                Hit { kind: doc.kind, pos: doc.pos as usize, score: s.score[d as usize], doc: d, why: w }
            })
            .collect();
        s.candidates = chosen;
        Results { hits, total, why }
    }

    /// The query starts a record's name or topic (a phrase), or is its whole name.
    fn bonuses(&self, s: &mut Scratch, plan: &Plan, all: u16) {
        let Scratch { score, best, stamp, candidates, .. } = s;
        if plan.words.len() > 1 {
            for d in candidates.iter() {
                best[*d as usize] = 0;
            }
            for t in self.terms.prefix_range(&plan.phrase) {
                let exact = self.terms.get(t).len() == plan.phrase.len();
                for p in self.starts[t] as usize..self.starts[t + 1] as usize {
                    let d = self.post_doc[p] as usize;
                    if stamp[d] == all {
                        let bonus = u32::from(self.post_weight[p]) * if exact { 20 } else { 10 };
                        best[d] = best[d].max(bonus);
                    }
                }
            }
            for d in candidates.iter() {
                score[*d as usize] += best[*d as usize];
            }
        }
        let whole = super::build::name_hash(&plan.words);
        for d in candidates.iter() {
            if self.name_hashes[*d as usize] == whole {
                score[*d as usize] += WHOLE_NAME;
            }
        }
    }

    /// «helsesøster › helsesykepleier, 19 år › 18–25 år»: the groups a record matched other
    /// than as typed, in query order.
    fn explain(&self, s: &Scratch, plan: &Plan, d: u32) -> String {
        let mut parts: Vec<(u16, String)> = Vec::new();
        let mut at = s.note[d as usize];
        while at != 0 {
            let note = s.notes[at as usize - 1];
            at = note.next;
            let group = &plan.groups[note.group as usize];
            let i = (note.src & SRC_MASK) as usize;
            let to = match note.src & !SRC_MASK {
                SRC_TERM => self.terms.get(i).to_owned(),
                SRC_AGE => {
                    let a = &self.ages[i];
                    format!("{}–{} år", a.from, a.to)
                }
                _ => match &group.alts[i].how {
                    How::Synonym(t) | How::Split(t) => t.clone(),
                    How::Typed | How::Age => continue,
                },
            };
            parts.push((note.group, format!("{} › {to}", group.text)));
        }
        parts.sort();
        parts.into_iter().map(|(_, p)| p).collect::<Vec<_>>().join(", ")
    }
}

/// Contacts first: finding a person is what Søk is for.
pub(crate) fn kind_order(kind: crate::model::RecordKind) -> u8 {
    use crate::model::RecordKind;
    match kind {
        RecordKind::Contact => 0,
        RecordKind::Service => 1,
        RecordKind::Offering => 2,
        RecordKind::Agreement => 3,
        RecordKind::Routine => 4,
        RecordKind::Forum => 5,
        RecordKind::Expectation => 6,
    }
}
