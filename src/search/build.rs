//! Building the index: every record's words with the weight of the field they are in,
//! its age ranges, and a fingerprint of its name.

use super::terms::Terms;
use super::text::{age_ranges, ascii_spelling, stem_len, words};
use super::{Age, Doc, Index, Scratch};
use crate::model::{AgeRange, Contact, Labelled, RecordKind, Register, sort_key};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

// Field weights: how much a match in each field counts. A person's or a service's own
// name, role and topics come before an agreement's title, which comes before the name of
// the service a record belongs to and, last, the words of a description.
pub(crate) const W_NAME: u8 = 12;
pub(crate) const W_TOPIC: u8 = 11;
pub(crate) const W_ROLE: u8 = 10;
pub(crate) const W_PHONE: u8 = 9;
pub(crate) const W_TITLE: u8 = 7;
pub(crate) const W_EMAIL: u8 = 4;
pub(crate) const W_TARGET: u8 = 4;
pub(crate) const W_PARENT: u8 = 3;
pub(crate) const W_TEXT: u8 = 1;

/// A fingerprint of a name's words, to find the record whose whole name is the query.
pub(crate) fn name_hash(words: &[String]) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    words.hash(&mut h);
    h.finish()
}

/// Collects tokens during the build, interned to keep 300,000 records cheap.
struct Builder {
    /// Token → its number; a fast hash, as this is looked up for every word of every field.
    ids: HashMap<Box<str>, u32, foldhash::fast::FixedState>,
    names: Vec<Box<str>>,
    /// Per token: the last record it was seen in, and where in `entries`, so that a token
    /// seen again in the same record only raises its weight.
    seen: Vec<(u32, u32)>,
    /// (token, doc, weight), one per token and record.
    entries: Vec<(u32, u32, u8)>,
    doc: u32,
    ages: Vec<Age>,
}

impl Builder {
    fn token(&mut self, token: &str, weight: u8) {
        let id = match self.ids.get(token) {
            Some(id) => *id,
            None => {
                let id = self.names.len() as u32;
                self.ids.insert(token.into(), id);
                self.names.push(token.into());
                self.seen.push((u32::MAX, 0));
                id
            }
        };
        let (doc, at) = self.seen[id as usize];
        if doc == self.doc {
            let e = &mut self.entries[at as usize];
            e.2 = e.2.max(weight);
        } else {
            self.seen[id as usize] = (self.doc, self.entries.len() as u32);
            self.entries.push((id, self.doc, weight));
        }
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
            self.token(&words.join(" "), weight);
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

    fn age(&mut self, range: (u8, u8)) {
        let age = Age { doc: self.doc, from: range.0, to: range.1 };
        if !self.ages.iter().rev().take_while(|a| a.doc == self.doc).any(|a| *a == age) {
            self.ages.push(age);
        }
    }

    /// Age ranges written in short fields (a role, a topic, a target group).
    fn ages_in(&mut self, text: &str) {
        for r in age_ranges(text, false) {
            self.age(r);
        }
    }

    fn age_field(&mut self, age: Option<AgeRange>, texts: &[&str], description: &str) {
        match age {
            Some(a) => self.age((a.from, a.to)),
            None => {
                for t in texts {
                    self.ages_in(t);
                }
                for r in age_ranges(description, true) {
                    self.age(r);
                }
            }
        }
    }

    fn contact(&mut self, c: &Contact, service_name: &str, service_abbr: &str) {
        self.text(c.display_name(), W_NAME, true);
        self.text(&c.role, W_ROLE, true);
        self.ages_in(&c.role);
        for t in &c.topics {
            self.text(t, W_TOPIC, true);
            self.ages_in(t);
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
    /// Indexes every service, contact, offering, agreement, routine and forum, with the
    /// shipped synonyms and the register's own (`settings.synonyms`).
    pub fn build(reg: &Register) -> Self {
        let mut b = Builder {
            ids: HashMap::default(),
            names: Vec::new(),
            seen: Vec::new(),
            entries: Vec::new(),
            doc: 0,
            ages: Vec::new(),
        };
        let mut docs: Vec<Doc> = Vec::new();
        let mut ids: Vec<Box<str>> = Vec::new();
        let mut names: Vec<&str> = Vec::new();
        let services: HashMap<&str, usize> =
            reg.services.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
        let service_names = |id: &str| -> [&str; 2] {
            services
                .get(id)
                .map(|i| [reg.services[*i].name.as_str(), reg.services[*i].abbreviation.as_str()])
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
            // The sector says what kind of service it is: «politiet» is the police.
            b.text(s.sector.label(), W_NAME, false);
            if !s.phone.is_empty() {
                b.phone(&s.phone);
            }
            b.text(&s.email, W_EMAIL, false);
            b.text(&s.description, W_TEXT, false);
            for m in &s.municipalities {
                b.text(reg.municipality_name(m), W_TEXT, false);
            }
            b.age_field(s.target_age, &[&s.name], &s.description);
        }
        for (i, c) in reg.contacts.iter().enumerate() {
            push(&mut b, RecordKind::Contact, i, c.id.as_str(), c.display_name(), c.is_reachable());
            let [name, abbr] = service_names(c.service.as_str());
            let ages_before = b.ages.len();
            b.contact(c, name, abbr);
            // A contact with no ages of their own serves their service's.
            if b.ages.len() == ages_before
                && let Some(a) = services.get(c.service.as_str()).and_then(|s| reg.services[*s].target_age)
            {
                b.age((a.from, a.to));
            }
        }
        for (i, o) in reg.offerings.iter().enumerate() {
            push(&mut b, RecordKind::Offering, i, o.id.as_str(), o.name.as_str(), o.active);
            b.text(&o.name, W_NAME, true);
            b.text(&o.theme, W_ROLE, true);
            b.text(&o.target_group, W_TARGET, false);
            b.text(&o.purpose, W_TEXT, false);
            for n in service_names(o.provider.as_str()) {
                b.text(n, W_PARENT, false);
            }
            b.age_field(o.age, &[&o.name, &o.target_group], &o.purpose);
        }
        for (i, a) in reg.agreements.iter().enumerate() {
            let active = a.status != crate::model::AgreementStatus::Ended;
            push(&mut b, RecordKind::Agreement, i, a.id.as_str(), a.title.as_str(), active);
            b.text(&a.title, W_TITLE, true);
            for p in &a.parties {
                for n in service_names(p.as_str()) {
                    b.text(n, W_PARENT, false);
                }
            }
            for s in &a.party_sectors {
                b.text(s.label(), W_PARENT, false);
            }
            b.text(&a.purpose, W_TEXT, false);
        }
        for (i, r) in reg.routines.iter().enumerate() {
            push(&mut b, RecordKind::Routine, i, r.id.as_str(), r.title.as_str(), true);
            b.text(&r.title, W_TITLE, true);
            for p in &r.services {
                for n in service_names(p.as_str()) {
                    b.text(n, W_PARENT, false);
                }
            }
        }
        for (i, f) in reg.forums.iter().enumerate() {
            push(&mut b, RecordKind::Forum, i, f.id.as_str(), f.name.as_str(), true);
            b.text(&f.name, W_TITLE, true);
            b.text(&f.mandate, W_TEXT, false);
        }

        // Name order for tie-breaks, and each name's fingerprint, computed once here rather
        // than per query.
        let name_hashes: Vec<u64> = names.iter().map(|n| name_hash(&words(n))).collect();
        let mut order: Vec<u32> = (0..docs.len() as u32).collect();
        let keys: Vec<Vec<u32>> = names.iter().map(|n| sort_key(n)).collect();
        order.sort_by(|a, b| keys[*a as usize].cmp(&keys[*b as usize]));
        drop(keys);
        for (rank, d) in order.into_iter().enumerate() {
            docs[d as usize].name_rank = rank as u32;
        }

        // Sort the distinct tokens and lay the postings out token by token.
        let Builder { names: token_names, ids: token_ids, seen, mut entries, ages, .. } = b;
        drop((token_ids, seen));
        let mut by_name: Vec<u32> = (0..token_names.len() as u32).collect();
        by_name.sort_unstable_by(|a, b| token_names[*a as usize].cmp(&token_names[*b as usize]));
        let mut new_id = vec![0u32; token_names.len()];
        for (new, old) in by_name.iter().enumerate() {
            new_id[*old as usize] = new as u32;
        }
        // Counting sort by token: entries were added record by record, so each token's
        // postings come out in record order, one per record.
        let n_tokens = token_names.len();
        let mut next = vec![0u32; n_tokens + 1];
        for e in &entries {
            next[new_id[e.0 as usize] as usize + 1] += 1;
        }
        for i in 0..n_tokens {
            next[i + 1] += next[i];
        }
        let starts = next.clone();
        let mut post_doc = vec![0u32; entries.len()];
        let mut post_weight = vec![0u8; entries.len()];
        for (tok, doc, weight) in entries.drain(..) {
            let t = new_id[tok as usize] as usize;
            post_doc[next[t] as usize] = doc;
            post_weight[next[t] as usize] = weight;
            next[t] += 1;
        }
        drop((entries, next, new_id));
        let bytes = token_names.iter().map(|t| t.len()).sum();
        let terms = Terms::from_sorted(by_name.iter().map(|i| &*token_names[*i as usize]), bytes, n_tokens);
        drop((by_name, token_names));
        let stems = (0..terms.len()).map(|i| stem_len(terms.get(i)).min(255) as u8).collect();

        let scratch = std::cell::RefCell::new(Scratch::new(docs.len()));
        let mut index = Self {
            docs,
            ids,
            name_hashes,
            terms,
            stems,
            starts,
            post_doc,
            post_weight,
            ages,
            synonyms: super::synonyms::Synonyms::new(&reg.settings.synonyms),
            scratch,
            near_cache: Default::default(),
            hot: HashMap::new(),
        };
        index.hot = index.hot_prefixes();
        index
    }

    /// The answers to the shortest and commonest prefixes, worked out now: the first
    /// letter or two of a query match a large part of a big register, and would otherwise
    /// cost the most of any keystroke.
    fn hot_prefixes(&self) -> HashMap<Box<str>, super::Results> {
        let mut hot = HashMap::new();
        for chars in 1..=HOT_CHARS {
            let mut i = 0;
            while i < self.terms.len() {
                let term = self.terms.get(i);
                let end = term.char_indices().nth(chars).map_or(term.len(), |(b, _)| b);
                let prefix = &term[..end];
                let range = self.terms.prefix_range(prefix);
                let postings = (self.starts[range.end] - self.starts[range.start]) as usize;
                if postings >= HOT_POSTINGS && words(prefix).len() == 1 && words(prefix)[0] == prefix {
                    hot.insert(prefix.into(), self.query(prefix, super::LIMIT));
                }
                i = range.end.max(i + 1);
            }
        }
        hot
    }
}

/// Prefixes of up to this many letters may be worked out at build time …
const HOT_CHARS: usize = 2;
/// … when their words have at least this many postings.
const HOT_POSTINGS: usize = 100_000;
