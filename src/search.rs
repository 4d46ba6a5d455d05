//! Search-as-you-type over the register: services, contacts (name, role, topics, phone,
//! e-mail), offerings, agreements, routines and forums.
//!
//! [`Index::build`] runs once per register revision. It keeps a sorted table of distinct
//! tokens, each with its postings (record, field weight). A query word matches every token
//! it is a prefix of — one binary search gives that range — and a record must match every
//! query word. A keystroke therefore costs the postings of the matching prefixes, never a
//! scan of the register's text, which keeps it far below one frame at 300,000 records.
//!
//! Matching is case-insensitive and treats «18–25» and «18-25» alike (any non-alphanumeric
//! character separates words). Æ, Ø and Å are kept as letters; words that contain them are
//! also indexed in an ASCII spelling (ae, o, a) so that «bjorn» finds «Bjørn». Whole names
//! and contact topics are also indexed as phrases, so that «nav ung» ranks the contact whose
//! topic is exactly «nav ung» first.

use crate::model::{Contact, Keyed, RecordKind, Register, position, sort_key};
use std::collections::HashMap;

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
}

#[derive(Clone, Copy, Debug)]
struct Posting {
    doc: u32,
    weight: u8,
}

#[derive(Clone, Copy, Debug)]
struct Doc {
    kind: RecordKind,
    pos: u32,
    /// Rank of the record's name in Norwegian order, to break score ties.
    name_rank: u32,
    active: bool,
}

/// The search index for one revision of a register.
#[derive(Default)]
pub struct Index {
    docs: Vec<Doc>,
    /// The id of each record, to find it again after the register has changed.
    ids: Vec<Box<str>>,
    /// Distinct tokens (words, and phrases containing spaces), sorted bytewise.
    tokens: Vec<Box<str>>,
    /// Postings of `tokens[i]` are `postings[starts[i]..starts[i + 1]]`.
    starts: Vec<u32>,
    postings: Vec<Posting>,
    /// Per-record working memory of a query, kept between queries: allocating and zeroing
    /// it per keystroke costs more than the query itself at 300,000 records.
    scratch: std::cell::RefCell<Scratch>,
}

#[derive(Default)]
struct Scratch {
    score: Vec<u32>,
    best: Vec<u32>,
    /// How many query words (in processing order) each record has matched.
    stamp: Vec<u16>,
    /// The records the first word touched: a superset of everything written, so
    /// resetting these leaves the scratch all zero again.
    first: Vec<u32>,
    /// Buffers for the records each word touches, kept for their capacity.
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
            stamp: zeroed(n),
            first: Vec::new(),
            touched: Vec::new(),
            candidates: Vec::new(),
        }
    }
}

// Field weights: how much a match in each field counts.
const W_NAME: u8 = 10;
const W_TOPIC: u8 = 8;
const W_ROLE: u8 = 6;
const W_PHONE: u8 = 6;
const W_EMAIL: u8 = 4;
const W_SECTOR: u8 = 3;
const W_PARENT: u8 = 3;
const W_TEXT: u8 = 1;

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

/// The words of a text, normalised.
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
fn ascii_spelling(word: &str) -> Option<String> {
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

/// Collects tokens during the build, interned to keep 300,000 records cheap.
struct Builder {
    ids: HashMap<String, u32>,
    names: Vec<String>,
    /// (token id, doc, weight)
    entries: Vec<(u32, u32, u8)>,
    doc: u32,
}

impl Builder {
    fn token(&mut self, token: &str, weight: u8) {
        let id = match self.ids.get(token) {
            Some(id) => *id,
            None => {
                let id = self.names.len() as u32;
                self.ids.insert(token.to_owned(), id);
                self.names.push(token.to_owned());
                id
            }
        };
        self.entries.push((id, self.doc, weight));
    }

    /// Indexes the words of `text`, and the whole text as a phrase when `phrase` is set.
    fn text(&mut self, text: &str, weight: u8, phrase: bool) {
        let words = words(text);
        for w in &words {
            self.token(w, weight);
            if let Some(a) = ascii_spelling(w) {
                self.token(&a, weight.saturating_sub(1).max(1));
            }
        }
        if phrase && words.len() > 1 {
            self.token(&words.join(" "), weight.saturating_add(4));
        }
    }

    /// A phone number as one run of digits (without +47), so «61240382» and «6124» find it.
    fn phone(&mut self, phone: &str) {
        let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
        let digits = match digits.strip_prefix("47") {
            Some(rest) if digits.len() == 10 => rest.to_owned(),
            _ => digits,
        };
        if !digits.is_empty() {
            self.token(&digits, W_PHONE);
        }
        self.text(phone, W_PHONE, false);
    }

    fn contact(&mut self, c: &Contact, service_name: &str, service_abbr: &str) {
        self.text(c.display_name(), W_NAME, true);
        self.text(&c.role, W_ROLE, true);
        for t in &c.topics {
            self.text(t, W_TOPIC, true);
        }
        self.text(service_name, W_PARENT, false);
        self.text(service_abbr, W_PARENT, false);
        for d in [&c.phone, &c.mobile] {
            if !d.is_empty() {
                self.phone(&d.value);
            }
        }
        if !c.email.is_empty() {
            self.text(&c.email.value, W_EMAIL, false);
        }
    }
}

impl Index {
    /// Indexes every service, contact, offering, agreement, routine and forum.
    pub fn build(reg: &Register) -> Self {
        let mut b = Builder { ids: HashMap::new(), names: Vec::new(), entries: Vec::new(), doc: 0 };
        let mut docs: Vec<Doc> = Vec::new();
        let mut ids: Vec<Box<str>> = Vec::new();
        let mut names: Vec<&str> = Vec::new();
        let services: HashMap<&str, usize> =
            reg.services.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
        let service_names = |id: &str| -> Vec<&str> {
            services
                .get(id)
                .map(|i| vec![reg.services[*i].name.as_str(), reg.services[*i].abbreviation.as_str()])
                .unwrap_or_default()
        };
        let mut push = |b: &mut Builder, kind, pos: usize, id: &str, name, active| {
            b.doc = docs.len() as u32;
            docs.push(Doc { kind, pos: pos as u32, name_rank: 0, active });
            ids.push(id.into());
            names.push(name);
        };

        for (i, s) in reg.services.iter().enumerate() {
            push(&mut b, RecordKind::Service, i, s.id.as_str(), s.name.as_str(), s.active);
            b.text(&s.name, W_NAME, true);
            b.text(&s.abbreviation, W_NAME, false);
            b.text(crate::model::Labelled::label(s.sector), W_SECTOR, false);
            if !s.phone.is_empty() {
                b.phone(&s.phone);
            }
            b.text(&s.email, W_EMAIL, false);
            b.text(&s.description, W_TEXT, false);
            for m in &s.municipalities {
                b.text(reg.municipality_name(m), W_TEXT, false);
            }
        }
        for (i, c) in reg.contacts.iter().enumerate() {
            push(&mut b, RecordKind::Contact, i, c.id.as_str(), c.display_name(), c.is_reachable());
            let sn = service_names(c.service.as_str());
            b.contact(c, sn.first().copied().unwrap_or(""), sn.get(1).copied().unwrap_or(""));
        }
        for (i, o) in reg.offerings.iter().enumerate() {
            push(&mut b, RecordKind::Offering, i, o.id.as_str(), o.name.as_str(), o.active);
            b.text(&o.name, W_NAME, true);
            b.text(&o.theme, W_ROLE, true);
            b.text(&o.target_group, W_SECTOR, false);
            b.text(&o.purpose, W_TEXT, false);
            for n in service_names(o.provider.as_str()) {
                b.text(n, W_PARENT, false);
            }
        }
        for (i, a) in reg.agreements.iter().enumerate() {
            let active = a.status != crate::model::AgreementStatus::Ended;
            push(&mut b, RecordKind::Agreement, i, a.id.as_str(), a.title.as_str(), active);
            b.text(&a.title, W_NAME - 2, true);
            for p in &a.parties {
                for n in service_names(p.as_str()) {
                    b.text(n, W_PARENT, false);
                }
            }
            for s in &a.party_sectors {
                b.text(crate::model::Labelled::label(*s), W_PARENT, false);
            }
            b.text(&a.purpose, W_TEXT, false);
        }
        for (i, r) in reg.routines.iter().enumerate() {
            push(&mut b, RecordKind::Routine, i, r.id.as_str(), r.title.as_str(), true);
            b.text(&r.title, W_NAME - 2, true);
            for p in &r.services {
                for n in service_names(p.as_str()) {
                    b.text(n, W_PARENT, false);
                }
            }
        }
        for (i, f) in reg.forums.iter().enumerate() {
            push(&mut b, RecordKind::Forum, i, f.id.as_str(), f.name.as_str(), true);
            b.text(&f.name, W_NAME - 2, true);
            b.text(&f.mandate, W_TEXT, false);
        }

        // Name order for tie-breaks, computed once here rather than per query.
        let mut order: Vec<u32> = (0..docs.len() as u32).collect();
        let keys: Vec<Vec<u32>> = names.iter().map(|n| sort_key(n)).collect();
        order.sort_by(|a, b| keys[*a as usize].cmp(&keys[*b as usize]));
        for (rank, d) in order.into_iter().enumerate() {
            docs[d as usize].name_rank = rank as u32;
        }

        // Sort the distinct tokens and lay the postings out token by token.
        let Builder { names: token_names, mut entries, .. } = b;
        let mut by_name: Vec<u32> = (0..token_names.len() as u32).collect();
        by_name.sort_by(|a, b| token_names[*a as usize].cmp(&token_names[*b as usize]));
        let mut new_id = vec![0u32; token_names.len()];
        for (new, old) in by_name.iter().enumerate() {
            new_id[*old as usize] = new as u32;
        }
        // Counting sort by token: entries were added doc by doc, so each token's postings
        // come out in doc order, and a doc's repeats of a token sit next to each other.
        let n_tokens = token_names.len();
        let mut next = vec![0u32; n_tokens + 1];
        for e in &entries {
            next[new_id[e.0 as usize] as usize + 1] += 1;
        }
        for i in 0..n_tokens {
            next[i + 1] += next[i];
        }
        let raw_starts = next.clone();
        let mut placed = vec![Posting { doc: 0, weight: 0 }; entries.len()];
        for (tok, doc, weight) in entries.drain(..) {
            let t = new_id[tok as usize] as usize;
            placed[next[t] as usize] = Posting { doc, weight };
            next[t] += 1;
        }
        // One posting per (token, doc): the best field wins.
        let mut starts = Vec::with_capacity(n_tokens + 1);
        let mut postings: Vec<Posting> = Vec::with_capacity(placed.len());
        for t in 0..n_tokens {
            let begin = postings.len();
            starts.push(begin as u32);
            for p in &placed[raw_starts[t] as usize..raw_starts[t + 1] as usize] {
                let same_doc = postings.len() > begin && postings[postings.len() - 1].doc == p.doc;
                match postings.last_mut() {
                    Some(last) if same_doc => last.weight = last.weight.max(p.weight),
                    _ => postings.push(*p),
                }
            }
        }
        starts.push(postings.len() as u32);
        let mut token_names = token_names;
        let tokens: Vec<Box<str>> =
            by_name.iter().map(|i| std::mem::take(&mut token_names[*i as usize]).into_boxed_str()).collect();
        let scratch = std::cell::RefCell::new(Scratch::new(docs.len()));
        Self { docs, ids, tokens, starts, postings, scratch }
    }

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

    /// The tokens that start with `prefix`, as a range into `tokens`.
    fn prefix_range(&self, prefix: &str) -> std::ops::Range<usize> {
        let lo = self.tokens.partition_point(|t| &**t < prefix);
        let hi = lo + self.tokens[lo..].partition_point(|t| t.starts_with(prefix));
        lo..hi
    }

    fn posting_count(&self, range: &std::ops::Range<usize>) -> usize {
        (self.starts[range.end] - self.starts[range.start]) as usize
    }

    /// The best `limit` records matching every word of `query`, best first.
    ///
    /// A word scores the best field weight among the tokens it starts, doubled for a whole
    /// token. A query that starts a whole name or topic (a phrase) scores extra. Ties go
    /// to active records, then contacts before services before the rest, then name order.
    pub fn query(&self, query: &str, limit: usize) -> Results {
        let mut scratch = self.scratch.borrow_mut();
        let n_docs = self.docs.len();
        if scratch.stamp.len() != n_docs {
            *scratch = Scratch::new(n_docs);
        }
        let results = self.query_with(&mut scratch, query, limit);
        let Scratch { score, best, stamp, first, .. } = &mut *scratch;
        for d in first.drain(..) {
            let d = d as usize;
            (score[d], best[d], stamp[d]) = (0, 0, 0);
        }
        results
    }

    fn query_with(&self, scratch: &mut Scratch, query: &str, limit: usize) -> Results {
        let mut words = words(query);
        words.truncate(16);
        if words.is_empty() || self.docs.is_empty() {
            return Results::default();
        }
        let mut ranges: Vec<(std::ops::Range<usize>, usize)> =
            words.iter().map(|w| (self.prefix_range(w), w.len())).collect();
        // The rarest word first: it fixes the candidates, the others only confirm them.
        ranges.sort_by_key(|(r, _)| self.posting_count(r));
        if ranges[0].0.is_empty() {
            return Results::default();
        }

        let Scratch { score, best, stamp, first, touched, candidates } = scratch;
        candidates.clear();
        for (n, (range, wlen)) in ranges.iter().enumerate() {
            let n = n as u16;
            touched.clear();
            for t in range.clone() {
                let exact = self.tokens[t].len() == *wlen;
                let (a, b) = (self.starts[t] as usize, self.starts[t + 1] as usize);
                for p in &self.postings[a..b] {
                    let d = p.doc as usize;
                    if stamp[d] < n {
                        continue; // missed an earlier word
                    }
                    if stamp[d] == n {
                        stamp[d] = n + 1;
                        best[d] = 0;
                        touched.push(p.doc);
                    }
                    best[d] = best[d].max(u32::from(p.weight) * if exact { 2 } else { 1 });
                }
            }
            for d in touched.iter() {
                score[*d as usize] += best[*d as usize];
            }
            if n == 0 {
                first.clone_from(touched);
            }
            std::mem::swap(candidates, touched);
            if candidates.is_empty() {
                return Results::default();
            }
        }
        let all = ranges.len() as u16;

        // Phrase bonus: the whole query starts a name or a topic.
        if words.len() > 1 {
            let phrase = words.join(" ");
            for d in candidates.iter() {
                best[*d as usize] = 0;
            }
            for t in self.prefix_range(&phrase) {
                let exact = *self.tokens[t] == *phrase;
                let (a, b) = (self.starts[t] as usize, self.starts[t + 1] as usize);
                for p in &self.postings[a..b] {
                    let d = p.doc as usize;
                    if stamp[d] == all {
                        let bonus = u32::from(p.weight) * if exact { 4 } else { 2 };
                        best[d] = best[d].max(bonus);
                    }
                }
            }
            for d in candidates.iter() {
                score[*d as usize] += best[*d as usize];
            }
        }

        let total = candidates.len();
        let key = |d: &u32| {
            let doc = &self.docs[*d as usize];
            (std::cmp::Reverse(score[*d as usize]), !doc.active, kind_order(doc.kind), doc.name_rank)
        };
        if candidates.len() > limit {
            candidates.select_nth_unstable_by_key(limit, key);
            candidates.truncate(limit);
        }
        candidates.sort_unstable_by_key(key);
        let hits = candidates
            .iter()
            .map(|&d| {
                let doc = &self.docs[d as usize];
                Hit { kind: doc.kind, pos: doc.pos as usize, score: score[d as usize], doc: d }
            })
            .collect();
        Results { hits, total }
    }
}

/// Contacts first: finding a person is what Søk is for.
fn kind_order(kind: RecordKind) -> u8 {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_on_dashes_and_fold_case() {
        assert_eq!(words("NAV-veileder for ungdom 18–25"), ["nav", "veileder", "for", "ungdom", "18", "25"]);
        assert_eq!(words("Åse Ødegård"), ["åse", "ødegård"]);
        assert_eq!(ascii_spelling("ødegård").as_deref(), Some("odegard"));
    }
}
