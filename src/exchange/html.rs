//! The printable report for the council's yearly status report and for auditors: one
//! self-contained HTML file with inline CSS that prints on A4. Every text that comes from the
//! register is escaped.

use super::{date, opt_date, view};
use crate::model::*;
use chrono::{Days, NaiveDate};
use std::fmt::Write;

/// Escapes text for an element body.
fn t(s: &str) -> String {
    html_escape::encode_text(s).into_owned()
}

const STYLE: &str = r#"
@page { size: A4; margin: 18mm 15mm; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", Arial, sans-serif; font-size: 10pt; color: #222; margin: 0 auto; max-width: 190mm; }
h1 { font-size: 18pt; margin: 0 0 2mm; }
h2 { font-size: 13pt; margin: 8mm 0 2mm; border-bottom: 1px solid #888; break-after: avoid; }
p.meta { color: #555; margin: 0 0 4mm; }
table { width: 100%; border-collapse: collapse; margin-bottom: 3mm; }
th, td { border: 1px solid #bbb; padding: 1.2mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #eee; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.ok { background: #dff0d8; }
.warn { background: #fcf8e3; }
.bad { background: #f2dede; }
.none { color: #777; }
table.matrix th, table.matrix td { text-align: center; font-size: 8pt; padding: 0.8mm; }
table.matrix th.row { text-align: left; }
@media print { a { color: inherit; text-decoration: none; } }
"#;

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

fn parties(reg: &Register, services: &[ServiceId], sectors: &[Sector]) -> String {
    services
        .iter()
        .map(|s| reg.service(s).map_or(s.to_string(), |s| s.display_name()))
        .chain(sectors.iter().map(|s| s.label().to_owned()))
        .map(|s| t(&s))
        .collect::<Vec<_>>()
        .join(", ")
}

fn table_start(out: &mut String, headers: &[&str]) {
    out.push_str("<table><thead><tr>");
    for h in headers {
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
        &["Avtale", "Parter", "Ansvarlig", "Inngått", "Sist revidert", "Neste revisjon", "Status"],
    );
    let mut list: Vec<&Agreement> = reg.agreements.iter().collect();
    list.sort_by_key(|a| sort_key(&a.title));
    for a in list {
        let next = a.next_revision();
        let (state, class) = if a.status == AgreementStatus::Ended {
            ("Opphørt", "none")
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
        &["Rutine", "Tjenester", "Ansvarlig", "Formalisering", "Sist revidert", "Neste revisjon"],
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
    table_start(out, &["Organisasjon", "Tilbud", "Målgruppe", "Når", "Pris", "Slik blir du med", "Kontakt"]);
    for s in orgs {
        let offers: Vec<&Offering> = reg.offerings.iter().filter(|o| o.provider == s.id).collect();
        let contact = [s.phone.as_str(), s.email.as_str()]
            .iter()
            .filter(|x| !x.is_empty())
            .map(|x| t(x))
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
            let target = [o.target_group.clone(), o.age.map(|a| a.to_string()).unwrap_or_default()]
                .into_iter()
                .filter(|x| !x.is_empty())
                .collect::<Vec<_>>()
                .join(", ");
            let price = if o.free { "Gratis".to_owned() } else { o.price.clone() };
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

/// The whole report as one HTML document.
pub fn export_html(reg: &Register, today: NaiveDate, public: bool) -> String {
    let reg = view(reg, public);
    let reg = reg.as_ref();
    let name = if reg.name.is_empty() { "Samkart".to_owned() } else { reg.name.clone() };
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"nb\">\n<head>\n<meta charset=\"utf-8\">\n<title>Samarbeidsrapport – {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        t(&name)
    );
    let _ = writeln!(out, "<h1>Samarbeidsrapport – {}</h1>", t(&name));
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
    volunteers(&mut out, reg);
    out.push_str("</body>\n</html>\n");
    out
}
