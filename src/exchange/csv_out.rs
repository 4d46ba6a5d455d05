//! CSV export, one file per record kind, for Excel on Norwegian computers: UTF-8 with a
//! byte-order mark (so Excel shows æøå) and `;` between fields (Norwegian Excel uses `,` as
//! the decimal sign and expects `;`). Cells that Excel would read as a formula are
//! neutralised. The contact file uses the headers the importer recognises, so an export
//! imports back to the same contacts.

use super::{ExportFile, opt_date, view};
use crate::model::*;
use chrono::NaiveDate;

/// UTF-8 byte-order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Guards against formula injection: a cell beginning with `=`, `+`, `-`, `@`, tab, carriage
/// return or line feed gets a leading apostrophe, so a spreadsheet shows it as text.
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r', '\n']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// Writes rows as `;`-separated UTF-8 with BOM, every cell neutralised.
pub fn to_csv(headers: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(BOM.to_vec());
    // Writing to a Vec cannot fail.
    w.write_record(headers).expect("write to memory");
    for row in rows {
        w.write_record(row.iter().map(|c| neutralise(c))).expect("write to memory");
    }
    w.into_inner().expect("flush to memory")
}

fn yes_no(b: bool) -> String {
    if b { "ja" } else { "nei" }.to_owned()
}

fn join<T: std::fmt::Display>(items: &[T]) -> String {
    items.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

fn contact_name(reg: &Register, id: &Option<ContactId>) -> String {
    id.as_ref()
        .map(|id| reg.contact(id).map_or(id.to_string(), |c| c.display_name().to_owned()))
        .unwrap_or_default()
}

fn service_names(reg: &Register, ids: &[ServiceId]) -> String {
    ids.iter()
        .map(|id| reg.service(id).map_or(id.to_string(), |s| s.name.clone()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Headers of kontakter.csv, recognised by the importer. «Stedfortreder» and «Tok over etter»
/// hold contact ids, so that an export imports back with its links.
pub const CONTACT_HEADERS: [&str; 19] = [
    "Id",
    "Navn",
    "Stilling",
    "Tjeneste",
    "Tjeneste-id",
    "Telefon",
    "Telefon intern",
    "Mobil",
    "Mobil intern",
    "E-post",
    "E-post intern",
    "Kontakt for",
    "Stedfortreder",
    "Tok over etter",
    "Ledig stilling",
    "Aktiv",
    "Fra dato",
    "Verifisert",
    "Merknad",
];

/// kontakter.csv alone.
pub fn contacts_csv(reg: &Register) -> Vec<u8> {
    let rows: Vec<Vec<String>> = reg
        .contacts
        .iter()
        .map(|c| {
            let service = reg.service(&c.service).map_or(String::new(), |s| s.name.clone());
            vec![
                c.id.to_string(),
                c.name.clone(),
                c.role.clone(),
                service,
                c.service.to_string(),
                c.phone.value.clone(),
                yes_no(c.phone.internal),
                c.mobile.value.clone(),
                yes_no(c.mobile.internal),
                c.email.value.clone(),
                yes_no(c.email.internal),
                super::join_list(&c.topics),
                c.deputy.as_ref().map(ToString::to_string).unwrap_or_default(),
                c.replaces.as_ref().map(ToString::to_string).unwrap_or_default(),
                yes_no(c.vacant),
                yes_no(c.active),
                opt_date(c.since),
                opt_date(c.verified),
                c.note.clone(),
            ]
        })
        .collect();
    to_csv(&CONTACT_HEADERS, &rows)
}

/// All six files: tjenester, kontakter, avtaler, rutiner, fora, tilbud.
pub fn export_csv(reg: &Register, today: NaiveDate, public: bool) -> Vec<ExportFile> {
    let reg = view(reg, public);
    let reg = reg.as_ref();
    let file = |name: &str, bytes| ExportFile { name: name.to_owned(), bytes };
    let municipalities = |list: &[String]| {
        list.iter().map(|m| reg.municipality_name(m).to_owned()).collect::<Vec<_>>().join(", ")
    };

    let services: Vec<Vec<String>> = reg
        .services
        .iter()
        .map(|s| {
            vec![
                s.id.to_string(),
                s.name.clone(),
                s.abbreviation.clone(),
                s.sector.label().to_owned(),
                s.owner_kind.label().to_owned(),
                municipalities(&s.municipalities),
                s.target_age.map(|a| a.to_string()).unwrap_or_default(),
                s.prevention_levels.iter().map(|p| p.short()).collect::<Vec<_>>().join(", "),
                s.access.map(|a| a.label().to_owned()).unwrap_or_default(),
                s.opening_hours.clone(),
                s.phone.clone(),
                s.email.clone(),
                s.web.clone(),
                s.address.clone(),
                s.org_number.clone(),
                yes_no(s.active),
                s.description.clone(),
            ]
        })
        .collect();
    let services = to_csv(
        &[
            "Id",
            "Navn",
            "Forkortelse",
            "Sektor",
            "Eierform",
            "Kommuner",
            "Alder",
            "Forebyggingsnivå",
            "Tilgang",
            "Åpningstider",
            "Telefon",
            "E-post",
            "Nettside",
            "Adresse",
            "Organisasjonsnummer",
            "Aktiv",
            "Beskrivelse",
        ],
        &services,
    );

    let overdue = |d: Option<NaiveDate>| yes_no(d.is_some_and(|d| d < today));
    let agreements: Vec<Vec<String>> = reg
        .agreements
        .iter()
        .map(|a| {
            let next = a.next_revision();
            vec![
                a.id.to_string(),
                a.title.clone(),
                [service_names(reg, &a.parties), join(&a.party_sectors)]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(", "),
                a.level.label().to_owned(),
                a.status.label().to_owned(),
                opt_date(a.entered),
                a.revision_interval_months.map(|m| m.to_string()).unwrap_or_default(),
                opt_date(a.last_revised()),
                opt_date(next),
                overdue(next),
                contact_name(reg, &a.owner),
                a.legal_basis.clone(),
                a.document.clone(),
                a.purpose.clone(),
            ]
        })
        .collect();
    let agreements = to_csv(
        &[
            "Id",
            "Tittel",
            "Parter",
            "Nivå",
            "Status",
            "Inngått",
            "Revisjonsintervall (måneder)",
            "Sist revidert",
            "Neste revisjon",
            "Forfalt",
            "Ansvarlig",
            "Hjemmel",
            "Dokument",
            "Formål",
        ],
        &agreements,
    );

    let routines: Vec<Vec<String>> = reg
        .routines
        .iter()
        .map(|r| {
            let next = r.next_revision();
            vec![
                r.id.to_string(),
                r.title.clone(),
                r.kind.label().to_owned(),
                [service_names(reg, &r.services), join(&r.sectors)]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(", "),
                r.formalisation.label().to_owned(),
                contact_name(reg, &r.owner),
                opt_date(r.entered),
                opt_date(r.last_revised()),
                opt_date(next),
                overdue(next),
                r.document.clone(),
                r.description.clone(),
            ]
        })
        .collect();
    let routines = to_csv(
        &[
            "Id",
            "Tittel",
            "Type",
            "Tjenester",
            "Formalisering",
            "Ansvarlig",
            "Inngått",
            "Sist revidert",
            "Neste revisjon",
            "Forfalt",
            "Dokument",
            "Beskrivelse",
        ],
        &routines,
    );

    let forums: Vec<Vec<String>> = reg
        .forums
        .iter()
        .map(|f| {
            vec![
                f.id.to_string(),
                f.name.clone(),
                service_names(reg, &f.participants),
                f.frequency.map(|x| x.label().to_owned()).unwrap_or_default(),
                opt_date(f.first_meeting),
                f.meeting_months.iter().map(|m| m.label()).collect::<Vec<_>>().join(", "),
                f.level.map(|x| x.label().to_owned()).unwrap_or_default(),
                contact_name(reg, &f.convener),
                f.mandate.clone(),
            ]
        })
        .collect();
    let forums = to_csv(
        &[
            "Id",
            "Navn",
            "Deltakere",
            "Hyppighet",
            "Første møte",
            "Møtemåneder",
            "Nivå",
            "Innkaller",
            "Mandat",
        ],
        &forums,
    );

    let offerings: Vec<Vec<String>> = reg
        .offerings
        .iter()
        .map(|o| {
            vec![
                o.id.to_string(),
                o.name.clone(),
                service_names(reg, std::slice::from_ref(&o.provider)),
                o.theme.clone(),
                o.target_group.clone(),
                o.age.map(|a| a.to_string()).unwrap_or_default(),
                o.prevention_level.map(|p| p.short().to_owned()).unwrap_or_default(),
                if o.free { "Gratis".to_owned() } else { o.price.clone() },
                o.schedule.clone(),
                municipalities(&o.municipalities),
                o.how_to_join.clone(),
                contact_name(reg, &o.responsible),
                opt_date(o.funded_until),
                opt_date(o.confirmed),
                o.web.clone(),
                o.status.label().to_owned(),
                yes_no(o.active),
                o.purpose.clone(),
            ]
        })
        .collect();
    let offerings = to_csv(
        &[
            "Id",
            "Navn",
            "Tilbyder",
            "Tema",
            "Målgruppe",
            "Alder",
            "Forebyggingsnivå",
            "Pris",
            "Når",
            "Kommuner",
            "Slik blir du med",
            "Ansvarlig",
            "Finansiert til",
            "Sist bekreftet",
            "Nettside",
            "Status",
            "Aktiv",
            "Hensikt",
        ],
        &offerings,
    );

    vec![
        file("tjenester.csv", services),
        file("kontakter.csv", contacts_csv(reg)),
        file("avtaler.csv", agreements),
        file("rutiner.csv", routines),
        file("fora.csv", forums),
        file("tilbud.csv", offerings),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        for bad in ["=SUM(A1)", "+47", "-1", "@cmd", "\tx", "\rx", "\n=cmd|' /C calc'!A0"] {
            assert_eq!(neutralise(bad), format!("'{bad}"));
        }
        assert_eq!(neutralise("Kari"), "Kari");
        let bytes = to_csv(&["Navn"], &[vec!["=HYPERLINK(\"x\")".into()]]);
        assert!(bytes.starts_with(BOM));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(text, "Navn\n\"'=HYPERLINK(\"\"x\"\")\"\n");
    }
}
