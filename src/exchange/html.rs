//! The printable report for the council's yearly status report and for auditors: one
//! self-contained HTML file with inline CSS that prints on A4. Sections: agreements and
//! routines (owner, dates, status), the review's findings, the Samarbeidskart matrix, the
//! volunteer overview and the Årshjul of the coming twelve months. Every text that comes from
//! the register is escaped.
//!
//! With `public`, the report is built from the public view, like every public output, and the
//! findings are left out: they name staff and speak of internal shortcomings.
//!
//! Nothing may run past the A4 margin: long words and addresses wrap anywhere they must, long
//! party lists have one party per line, and every table fits the page width.

use super::overview::{price_text, target_text};
use super::page::{address, t};
use super::{date, opt_date, view};
use crate::model::format::display_phone;
use crate::model::*;
use crate::review::{self, Coverage, CoverageIndex, Severity};
use chrono::{Days, NaiveDate};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write;

/// Where a revision date stands: «Forfalt», «Forfaller snart», «I rute», «Ingen dato».
fn revision_state(due: Option<NaiveDate>, today: NaiveDate, warn_days: u32) -> (&'static str, &'static str) {
    match due {
        None => ("Ingen dato", "none"),
        Some(d) if d < today => ("Forfalt", "bad"),
        Some(d) if d <= today.checked_add_days(Days::new(u64::from(warn_days))).unwrap_or(today) => {
            ("Forfaller snart", "warn")
        }
        Some(_) => ("I rute", "ok"),
    }
}

fn owner(reg: &Register, id: &Option<ContactId>) -> String {
    match id.as_ref().and_then(|i| reg.contact(i)) {
        Some(c) if c.role.is_empty() => t(c.display_name()),
        Some(c) => format!("{}<br><small>{}</small>", t(c.display_name()), t(&c.role)),
        None => "<span class=\"none\">Ikke satt</span>".to_owned(),
    }
}

/// The parties: up to three in a line, more as a list with one per line, so a long list
/// stays readable and never runs past the margin.
fn parties(reg: &Register, services: &[ServiceId], sectors: &[Sector]) -> String {
    let names: Vec<String> = services
        .iter()
        .map(|s| reg.service(s).map_or(s.to_string(), |s| s.display_name()))
        .chain(sectors.iter().map(|s| s.label().to_owned()))
        .map(|s| t(&s))
        .collect();
    if names.len() <= 3 {
        names.join(", ")
    } else {
        format!("<ul class=\"parties\"><li>{}</li></ul>", names.join("</li><li>"))
    }
}

/// Opens a table with its headers and their widths in percent of the page (the table is laid
/// out fixed, so a long word wraps inside its column instead of widening the table).
fn table_start(out: &mut String, headers: &[(&str, u8)]) {
    debug_assert_eq!(headers.iter().map(|(_, w)| u32::from(*w)).sum::<u32>(), 100);
    out.push_str("<table><colgroup>");
    for (_, width) in headers {
        let _ = write!(out, "<col style=\"width:{width}%\">");
    }
    out.push_str("</colgroup><thead><tr>");
    for (h, _) in headers {
        let _ = write!(out, "<th>{}</th>", t(h));
    }
    out.push_str("</tr></thead><tbody>\n");
}

fn agreements(out: &mut String, reg: &Register, today: NaiveDate) {
    out.push_str("<h2>Samarbeidsavtaler</h2>\n");
    if reg.agreements.is_empty() {
        out.push_str("<p class=\"none\">Ingen samarbeidsavtaler er registrert.</p>\n");
        return;
    }
    table_start(
        out,
        &[
            ("Avtale", 20),
            ("Parter", 20),
            ("Ansvarlig", 15),
            ("Inngått", 11),
            ("Sist revidert", 11),
            ("Neste revisjon", 12),
            ("Status", 11),
        ],
    );
    let mut list: Vec<&Agreement> = reg.agreements.iter().collect();
    list.sort_by_key(|a| sort_key(&a.title));
    for a in list {
        let next = a.next_revision();
        let (state, class) = if a.status == AgreementStatus::Ended {
            (AgreementStatus::Ended.label(), "none")
        } else {
            revision_state(next, today, reg.settings.warn_days)
        };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"{class}\">{}<br><small>{state}</small></td><td>{}</td></tr>",
            t(&a.title),
            parties(reg, &a.parties, &a.party_sectors),
            owner(reg, &a.owner),
            opt_date(a.entered),
            opt_date(a.last_revised()),
            opt_date(next),
            t(a.status.label()),
        );
    }
    out.push_str("</tbody></table>\n");
}

fn routines(out: &mut String, reg: &Register, today: NaiveDate) {
    out.push_str("<h2>Rutiner</h2>\n");
    if reg.routines.is_empty() {
        out.push_str("<p class=\"none\">Ingen rutiner er registrert.</p>\n");
        return;
    }
    table_start(
        out,
        &[
            ("Rutine", 22),
            ("Tjenester", 22),
            ("Ansvarlig", 16),
            ("Formalisering", 17),
            ("Sist revidert", 11),
            ("Neste revisjon", 12),
        ],
    );
    let mut list: Vec<&Routine> = reg.routines.iter().collect();
    list.sort_by_key(|r| sort_key(&r.title));
    for r in list {
        let next = r.next_revision();
        let (state, class) = revision_state(next, today, reg.settings.warn_days);
        let formal_class = match r.formalisation {
            Formalisation::Adopted => "ok",
            Formalisation::Draft => "warn",
            Formalisation::Unwritten | Formalisation::Missing => "bad",
        };
        let _ = writeln!(
            out,
            "<tr><td>{}<br><small>{}</small></td><td>{}</td><td>{}</td><td class=\"{formal_class}\">{}</td><td>{}</td><td class=\"{class}\">{}<br><small>{state}</small></td></tr>",
            t(&r.title),
            t(r.kind.label()),
            parties(reg, &r.services, &r.sectors),
            owner(reg, &r.owner),
            t(r.formalisation.label()),
            opt_date(r.last_revised()),
            opt_date(next),
        );
    }
    out.push_str("</tbody></table>\n");
}

fn volunteers(out: &mut String, reg: &Register) {
    out.push_str("<h2>Frivillige organisasjoner og tilbud</h2>\n");
    let mut orgs: Vec<&Service> = reg.services.iter().filter(|s| s.sector == Sector::Frivillig).collect();
    if orgs.is_empty() {
        out.push_str("<p class=\"none\">Ingen frivillige organisasjoner er registrert.</p>\n");
        return;
    }
    orgs.sort_by_key(|s| sort_key(&s.name));
    table_start(
        out,
        &[
            ("Organisasjon", 14),
            ("Tilbud", 14),
            ("Målgruppe", 12),
            ("Når", 14),
            ("Pris", 13),
            ("Slik blir du med", 13),
            ("Kontakt", 20),
        ],
    );
    for s in orgs {
        let offers: Vec<&Offering> = reg.offerings.iter().filter(|o| o.provider == s.id).collect();
        let contact = [t(&display_phone(s.phone.trim())), address(s.email.trim())]
            .into_iter()
            .filter(|x| !x.is_empty())
            .collect::<Vec<_>>()
            .join("<br>");
        if offers.is_empty() {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td class=\"none\">Ingen tilbud registrert</td><td></td><td></td><td></td><td></td><td>{contact}</td></tr>",
                t(&s.name)
            );
        }
        for o in offers {
            let target = target_text(&o.target_group, o.age);
            let price = price_text(o);
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{contact}</td></tr>",
                t(&s.name),
                t(&o.name),
                t(&target),
                t(&o.schedule),
                t(&price),
                t(&o.how_to_join),
            );
        }
    }
    out.push_str("</tbody></table>\n");
}

fn findings(out: &mut String, reg: &Register, today: NaiveDate) {
    out.push_str("<h2>Funn</h2>\n");
    let all = review::review(reg, today, &reg.settings);
    let serious: Vec<_> = all.iter().filter(|f| f.severity >= Severity::Warning).collect();
    if serious.is_empty() {
        out.push_str("<p>Ingen feil eller advarsler.</p>\n");
    } else {
        table_start(
            out,
            &[("Alvorlighet", 13), ("Gjelder", 23), ("Funn", 37), ("Frist", 11), ("Tiltak", 16)],
        );
        for f in &serious {
            let class = if f.severity == Severity::Error { "bad" } else { "warn" };
            let _ = writeln!(
                out,
                "<tr><td class=\"{class}\">{}</td><td>{}<br><small>{}</small></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                t(f.severity.label()),
                t(&f.subject.name),
                t(f.subject.kind.label()),
                t(&f.message),
                opt_date(f.due),
                t(f.action.label()),
            );
        }
        out.push_str("</tbody></table>\n");
    }
    // Notices are many and individually small: counted per kind, not listed.
    let mut info: BTreeMap<&str, usize> = BTreeMap::new();
    for f in all.iter().filter(|f| f.severity == Severity::Info) {
        *info.entry(f.kind.label()).or_default() += 1;
    }
    if !info.is_empty() {
        let list: Vec<String> = info.iter().map(|(k, n)| format!("{} ({n})", t(k))).collect();
        let _ = writeln!(out, "<p>Til orientering: {}.</p>", list.join(", "));
    }
}

/// The Samarbeidskart: a sector × sector table. A pair the law or the plan expects to
/// cooperate (an expectation in the register, marked *) shows the review's verdict on the
/// worst-covered expectation behind it; any other pair shows the best agreement or routine
/// that names services of both sectors.
fn matrix(out: &mut String, reg: &Register) {
    out.push_str("<h2>Samarbeidskart</h2>\n");
    let present: HashSet<Sector> = reg.services.iter().filter(|s| s.active).map(|s| s.sector).collect();
    let sectors: Vec<Sector> = Sector::ALL.iter().copied().filter(|s| present.contains(s)).collect();
    if sectors.len() < 2 {
        out.push_str("<p class=\"none\">For få sektorer til et samarbeidskart.</p>\n");
        return;
    }
    let sector_of = |p: &Party| match p {
        Party::Sector(s) => Some(*s),
        Party::Service(id) => reg.service(id).map(|s| s.sector),
    };
    let rank = |c: Coverage| match c {
        Coverage::None => 0,
        Coverage::Informal => 1,
        Coverage::Formalised => 2,
    };
    let index = CoverageIndex::new(reg);
    let mut expected: HashMap<(Sector, Sector), Coverage> = HashMap::new();
    for e in &reg.expectations {
        let (Some(a), Some(b)) = (sector_of(&e.a), sector_of(&e.b)) else { continue };
        let c = index.coverage(&e.a, &e.b);
        for key in [(a, b), (b, a)] {
            let slot = expected.entry(key).or_insert(c);
            if rank(c) < rank(*slot) {
                *slot = c;
            }
        }
    }
    let mut any: HashMap<(Sector, Sector), Coverage> = HashMap::new();
    let records = reg
        .agreements
        .iter()
        .map(|a| (&a.parties, &a.party_sectors, review::agreement_cover(a)))
        .chain(reg.routines.iter().map(|r| (&r.services, &r.sectors, review::routine_cover(r))));
    for (services, whole, c) in records {
        let named: HashSet<Sector> = services
            .iter()
            .filter_map(|id| reg.service(id).map(|s| s.sector))
            .chain(whole.iter().copied())
            .collect();
        for a in &named {
            for b in &named {
                let slot = any.entry((*a, *b)).or_insert(c);
                if rank(c) > rank(*slot) {
                    *slot = c;
                }
            }
        }
    }
    out.push_str("<table class=\"matrix\"><thead><tr><th></th>");
    for (i, _) in sectors.iter().enumerate() {
        let _ = write!(out, "<th>{}</th>", i + 1);
    }
    out.push_str("</tr></thead><tbody>\n");
    for (i, a) in sectors.iter().enumerate() {
        let _ = write!(out, "<tr><th class=\"row\">{} {}</th>", i + 1, t(a.label()));
        for b in &sectors {
            if a == b {
                out.push_str("<td class=\"none\">–</td>");
                continue;
            }
            let must = expected.get(&(*a, *b)).copied();
            let cover = must.or_else(|| any.get(&(*a, *b)).copied()).unwrap_or(Coverage::None);
            let (mark, class) = match (cover, must.is_some()) {
                (Coverage::Formalised, _) => ("✔", "ok"),
                (Coverage::Informal, _) => ("~", "warn"),
                (Coverage::None, true) => ("✘", "bad"),
                (Coverage::None, false) => ("", "none"),
            };
            let star = if must.is_some() { "*" } else { "" };
            let _ = write!(out, "<td class=\"{class}\" title=\"{}\">{mark}{star}</td>", t(cover.label()));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
    out.push_str(
        "<p><small>✔ formalisert (gjeldende avtale eller vedtatt rutine) · ~ ikke formalisert (utkast eller muntlig praksis) · ✘ forventet samarbeid uten avtale eller rutine · * forventet samarbeid (lov eller plan)</small></p>\n",
    );
}

/// The Årshjul: each of the coming twelve months with what falls in it
/// ([`review::yearwheel::year_wheel`], the same list the Årshjul view draws).
fn year_wheel(out: &mut String, reg: &Register, today: NaiveDate) {
    let wheel = review::yearwheel::year_wheel(reg, today);
    out.push_str("<h2>Årshjul – de neste tolv månedene</h2>\n");
    table_start(out, &[("Måned", 16), ("Når", 14), ("Hva", 20), ("Gjelder", 50)]);
    for m in &wheel.months {
        let heading = t(&m.heading());
        if m.entries.is_empty() {
            let _ = writeln!(
                out,
                "<tr><td>{heading}</td><td></td><td class=\"none\">Ingenting registrert</td><td></td></tr>"
            );
        }
        for (i, e) in m.entries.iter().enumerate() {
            let month = if i == 0 { heading.as_str() } else { "" };
            let detail = if e.detail.is_empty() {
                String::new()
            } else {
                format!("<br><small>{}</small>", t(&e.detail))
            };
            let _ = writeln!(
                out,
                "<tr><td>{month}</td><td>{}</td><td>{}</td><td>{}{detail}</td></tr>",
                t(&e.when()),
                t(e.kind.label()),
                t(&e.title),
            );
        }
    }
    out.push_str("</tbody></table>\n");
    if !wheel.overdue.is_empty() {
        let list: Vec<String> = wheel
            .overdue
            .iter()
            .map(|e| format!("{} {} ({})", t(e.kind.label()), t(&e.title), opt_date(e.days.first().copied())))
            .collect();
        let _ = writeln!(out, "<p class=\"bad\">Allerede forfalt: {}.</p>", list.join("; "));
    }
    if !wheel.undated_forums.is_empty() {
        let names: Vec<String> = wheel.undated_forums.iter().map(|(_, n)| t(n)).collect();
        let _ = writeln!(out, "<p class=\"none\">Fora uten møtedatoer: {}.</p>", names.join(", "));
    }
}

/// The whole report as one HTML document.
pub fn export_html(reg: &Register, today: NaiveDate, public: bool) -> String {
    let reg = view(reg, public);
    let reg = reg.as_ref();
    let name = if reg.name.is_empty() { "Samkart".to_owned() } else { reg.name.clone() };
    let mut out = super::page::start(&format!("Samarbeidsrapport – {name}"), "");
    let munis = reg.municipalities.iter().map(|m| t(&m.name)).collect::<Vec<_>>().join(", ");
    let _ = writeln!(
        out,
        "<p class=\"meta\">Utskrevet {}{}{}. {} tjenester, {} samarbeidsavtaler, {} rutiner.</p>",
        date(today),
        if munis.is_empty() { String::new() } else { format!(" for {munis}") },
        if public { " (offentlig utgave)" } else { "" },
        reg.services.len(),
        reg.agreements.len(),
        reg.routines.len(),
    );
    agreements(&mut out, reg, today);
    routines(&mut out, reg, today);
    if !public {
        findings(&mut out, reg, today);
    }
    matrix(&mut out, reg);
    volunteers(&mut out, reg);
    year_wheel(&mut out, reg, today);
    out.push_str("</body>\n</html>\n");
    out
}
