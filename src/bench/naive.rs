//! The naive search the index is measured against, and timing a query typed letter by letter.

use super::Keystrokes;
use super::timing::measure;
use crate::model::Register;

/// Calls `f` with every text field of every record, tagged with the record's position in a
/// single numbering (services first, then contacts, …).
pub fn for_each_text(reg: &Register, mut f: impl FnMut(usize, &str)) {
    let mut n = 0;
    for s in &reg.services {
        for t in [
            &s.name,
            &s.abbreviation,
            &s.description,
            &s.opening_hours,
            &s.phone,
            &s.email,
            &s.web,
            &s.address,
            &s.org_number,
        ] {
            f(n, t);
        }
        n += 1;
    }
    for c in &reg.contacts {
        for t in [&c.name, &c.role, &c.phone.value, &c.mobile.value, &c.email.value, &c.note] {
            f(n, t);
        }
        for t in &c.topics {
            f(n, t);
        }
        n += 1;
    }
    for a in &reg.agreements {
        for t in [&a.title, &a.purpose, &a.document, &a.legal_basis, &a.note] {
            f(n, t);
        }
        for r in &a.revisions {
            f(n, &r.by);
            f(n, &r.note);
        }
        n += 1;
    }
    for r in &reg.routines {
        for t in [&r.title, &r.description, &r.document] {
            f(n, t);
        }
        for v in &r.revisions {
            f(n, &v.by);
            f(n, &v.note);
        }
        n += 1;
    }
    for x in &reg.forums {
        for t in [&x.name, &x.mandate, &x.note] {
            f(n, t);
        }
        n += 1;
    }
    for o in &reg.offerings {
        for t in [
            &o.name,
            &o.theme,
            &o.purpose,
            &o.target_group,
            &o.participants,
            &o.price,
            &o.schedule,
            &o.how_to_join,
            &o.web,
        ] {
            f(n, t);
        }
        n += 1;
    }
    for e in &reg.expectations {
        f(n, &e.basis);
        f(n, &e.note);
        n += 1;
    }
}

/// The naive search: lower-case every field and look for the lower-cased query in it.
/// Returns the number of records that match.
pub fn naive_search(reg: &Register, query: &str) -> usize {
    let q = query.to_lowercase();
    let mut hits = 0;
    let mut last_hit = usize::MAX;
    for_each_text(reg, |record, text| {
        if record != last_hit && text.to_lowercase().contains(&q) {
            hits += 1;
            last_hit = record;
        }
    });
    hits
}

/// Times a search typed letter by letter: each prefix of `query`, `runs` times.
pub fn keystrokes(runs: usize, query: &str, mut search: impl FnMut(&str) -> usize) -> Keystrokes {
    let mut per_key_ms = Vec::new();
    let mut hits = 0;
    for (end, _) in query.char_indices().skip(1).chain([(query.len(), ' ')]) {
        let (h, t) = measure(runs, || search(&query[..end]));
        per_key_ms.push(t.wall_ms);
        hits = h;
    }
    let mean_ms = per_key_ms.iter().sum::<f64>() / per_key_ms.len().max(1) as f64;
    let max_ms = per_key_ms.iter().copied().fold(0.0, f64::max);
    Keystrokes { per_key_ms, mean_ms, max_ms, hits }
}
