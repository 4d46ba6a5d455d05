//! The plan's table of measures («Tiltak | Tema | Status | Hovedansvar | Forebyggingsnivå»),
//! as the Porsgrunn plan prints it after the child-welfare reform, grouped by prevention
//! level: universal measures first, then selective and indicated ones. Every offering that
//! is planned, running or ended is a measure; an offering set aside before it started
//! (planned, no longer active) is not. One self-contained HTML file that prints on A4.

use super::page::t;
use super::{date, view};
use crate::model::*;
use chrono::NaiveDate;
use std::fmt::Write;

/// The measures in the table: running and planned offerings, and those that ended.
pub fn measures(reg: &Register) -> Vec<&Offering> {
    let mut list: Vec<&Offering> =
        reg.offerings.iter().filter(|o| o.is_current() || o.status == OfferingStatus::Ended).collect();
    list.sort_by_cached_key(|o| (sort_key(o.theme.trim()), sort_key(&o.name)));
    list
}

/// The groups of the table, in the plans' order, each with its heading.
pub const GROUPS: [(Option<PreventionLevel>, &str); 4] = [
    (Some(PreventionLevel::Universal), "Universelle tiltak – bra for alle"),
    (Some(PreventionLevel::Selective), "Selektive tiltak – nyttig for noen"),
    (Some(PreventionLevel::Indicated), "Indiserte tiltak – nødvendig for den enkelte"),
    (None, "Tiltak uten oppgitt forebyggingsnivå"),
];

/// «Familiehelsetjenesten» and, when someone is named, «Kari Hov, helsesykepleier».
fn responsible(reg: &Register, o: &Offering) -> String {
    let provider = reg.service(&o.provider).map_or_else(|| o.provider.to_string(), |s| s.display_name());
    let mut out = t(&provider);
    if let Some(c) = o.responsible.as_ref().and_then(|c| reg.contact(c)).filter(|c| c.is_reachable()) {
        let who = if c.role.trim().is_empty() {
            c.display_name().to_owned()
        } else {
            format!("{}, {}", c.display_name(), c.role.trim())
        };
        let _ = write!(out, "<br><small>{}</small>", t(&who));
    }
    out
}

/// The whole table as one HTML document.
pub fn export_measures(reg: &Register, today: NaiveDate, public: bool) -> String {
    let reg = view(reg, public);
    let reg = reg.as_ref();
    let name = if reg.name.trim().is_empty() { "Samkart".to_owned() } else { reg.name.trim().to_owned() };
    let title = format!("Tiltak i planen – {name}");
    let list = measures(reg);
    let mut out = super::page::start(&title, "");
    let count = |s: OfferingStatus| list.iter().filter(|o| o.status == s).count();
    let _ = writeln!(
        out,
        "<p class=\"meta\">Per {}{}. {} tiltak: {} pågående, {} planlagt, {} avsluttet.</p>",
        date(today),
        if public { " (offentlig utgave)" } else { "" },
        list.len(),
        count(OfferingStatus::Ongoing),
        count(OfferingStatus::Planned),
        count(OfferingStatus::Ended),
    );
    if list.is_empty() {
        out.push_str("<p class=\"none\">Ingen tiltak er registrert.</p>\n");
    }
    for (level, heading) in GROUPS {
        let group: Vec<&&Offering> = list.iter().filter(|o| o.prevention_level == level).collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(out, "<h2>{}</h2>", t(heading));
        out.push_str(
            "<table><colgroup><col style=\"width:26%\"><col style=\"width:22%\"><col style=\"width:13%\"><col style=\"width:25%\"><col style=\"width:14%\"></colgroup>\n<thead><tr><th>Tiltak</th><th>Tema</th><th>Status</th><th>Hovedansvar</th><th>Forebyggingsnivå</th></tr></thead><tbody>\n",
        );
        for o in group {
            let class = match o.status {
                OfferingStatus::Ongoing => "ok",
                OfferingStatus::Planned => "warn",
                OfferingStatus::Ended => "none",
            };
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td class=\"{class}\">{}</td><td>{}</td><td>{}</td></tr>",
                t(o.name.trim()),
                t(o.theme.trim()),
                t(o.status.label()),
                responsible(reg, o),
                t(o.prevention_level.map_or("", |l| l.short())),
            );
        }
        out.push_str("</tbody></table>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}
