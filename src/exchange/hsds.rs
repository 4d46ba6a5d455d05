//! Open Referral Human Services Data Specification (HSDS) 3.0, tabular form: the service
//! directory as open data. One CSV file per table (see [`super::hsds_schema::TABLES`]) and a
//! Frictionless `datapackage.json` that describes them with the official field definitions,
//! keys and a licence (NLOD 2.0, the Norwegian licence for open government data).
//!
//! Public by default: HSDS is meant for publishing, so the export goes through the public
//! view unless the internal edition is asked for; then numbers only for partners are written
//! with the description «Kun for samarbeidspartnere».
//!
//! Mapping: every service in the register is an HSDS organization (the unit that runs
//! things) and also an HSDS service (what it does); each of its offerings is one more HSDS
//! service of the same organization. Contacts hang on the service of their unit. A service
//! with an address has a location (and an address when it reads «street, postcode place»);
//! opening hours and offering times are schedules, machine-readable where they are simple
//! («Mandag–fredag 08.00–15.30») and always with the words as `description`; the
//! municipalities served are service areas, with their kommunenummer; sectors and prevention
//! levels are two taxonomies, linked by attributes; organisation numbers are organization
//! identifiers (scheme NO-BRC), not the deprecated `tax_id`.
//!
//! Ids are UUID version 5 (RFC 4122) of the register's name, the record kind and the record's
//! id, so a record keeps its UUID from one export to the next and two registers do not
//! collide. The taxonomies' ids depend on nothing but the term, so they are the same in every
//! register. `last_modified` comes from the record's own dates (an offering: when it was last
//! confirmed; a service: the latest verification of its contacts), never the day of export.

use super::csv_out::neutralise;
use super::hsds_schema::{self as schema, Table};
use super::{ExportFile, ExportOptions, view};
use crate::model::format::{check_email, check_org_number, export_phone};
use crate::model::*;
use chrono::NaiveDate;
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

/// The name of the licence written into `datapackage.json`.
pub const LICENCE: &str = "NLOD-2.0";

/// The namespace of a register's UUIDs: UUID v5 of `urn:samkart:<register name>` in the URL
/// namespace.
fn namespace(register: &str) -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, format!("urn:samkart:{}", register.trim()).as_bytes())
}

/// The stable UUID (version 5) of a record of `kind` with `id` in the register named
/// `register`.
pub fn stable_uuid(register: &str, kind: &str, id: &str) -> String {
    Uuid::new_v5(&namespace(register), format!("{kind}:{id}").as_bytes()).to_string()
}

/// The UUID of a taxonomy or taxonomy term: the same in every register.
fn term_uuid(kind: &str, code: &str) -> String {
    Uuid::new_v5(&namespace(""), format!("taxonomy:{kind}:{code}").as_bytes()).to_string()
}

/// Plain RFC 4180 CSV (comma, UTF-8, no BOM): the form open-data tools expect. Cells that a
/// spreadsheet would read as a formula get a leading apostrophe, except phone numbers in the
/// form this export writes them («+47 94 33 65 80»), which hold nothing but digits.
fn csv_bytes(table: &Table, rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(table.headers()).expect("write to memory");
    for r in rows {
        debug_assert_eq!(r.len(), table.fields.len());
        w.write_record(r.iter().map(|c| if plain_number(c) { c.clone() } else { neutralise(c) }))
            .expect("write to memory");
    }
    w.into_inner().expect("flush to memory")
}

fn plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('+').unwrap_or(cell);
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit() || c == ' ')
}

/// One row of `table`: the named values in their columns, every other column empty.
fn row(table: &Table, values: &[(&str, String)]) -> Vec<String> {
    debug_assert!(
        values.iter().all(|(k, _)| table.fields.iter().any(|f| f.name == *k)),
        "{}: {values:?}",
        table.name
    );
    table
        .fields
        .iter()
        .map(|f| values.iter().find(|(k, _)| *k == f.name).map(|(_, v)| v.clone()).unwrap_or_default())
        .collect()
}

/// An e-mail address the schema's `email` format accepts, else nothing.
fn email(value: &str) -> String {
    let v = value.trim();
    if check_email(v).is_ok() { v.to_owned() } else { String::new() }
}

/// A web address with its scheme («www.x.no» → «https://www.x.no»), else nothing.
fn uri(value: &str) -> String {
    let v = value.trim();
    if v.starts_with("https://") || v.starts_with("http://") {
        v.to_owned()
    } else if v.contains('.') && !v.contains(char::is_whitespace) && !v.contains('@') {
        format!("https://{v}")
    } else {
        String::new()
    }
}

fn iso_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn iso_datetime(d: NaiveDate) -> String {
    d.format("%Y-%m-%dT00:00:00Z").to_string()
}

/// Two sentences joined without doubling the full stop: «Klubb.» + «Tirsdager» →
/// «Klubb. Tirsdager», «Klubb» + «Tirsdager» → «Klubb. Tirsdager».
fn sentences(parts: &[&str]) -> String {
    let mut out = String::new();
    for p in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            if !out.ends_with(['.', '!', '?', ':']) {
                out.push('.');
            }
            out.push(' ');
        }
        out.push_str(p);
    }
    out
}

/// The county (fylke) of a kommunenummer, by its first two digits: today's counties (2024)
/// and those of 2020–2023 and before 2020, so an older register still gets its county.
pub fn county(kommunenummer: &str) -> Option<&'static str> {
    Some(match kommunenummer.get(0..2)? {
        "03" => "Oslo",
        "11" => "Rogaland",
        "15" => "Møre og Romsdal",
        "18" => "Nordland",
        "31" | "01" => "Østfold",
        "32" | "02" => "Akershus",
        "33" | "06" => "Buskerud",
        "34" => "Innlandet",
        "39" | "07" => "Vestfold",
        "40" | "08" => "Telemark",
        "42" => "Agder",
        "46" => "Vestland",
        "50" => "Trøndelag",
        "55" | "19" => "Troms",
        "56" | "20" => "Finnmark",
        "30" => "Viken",
        "38" => "Vestfold og Telemark",
        "54" => "Troms og Finnmark",
        "04" => "Hedmark",
        "05" => "Oppland",
        "09" => "Aust-Agder",
        "10" => "Vest-Agder",
        "12" => "Hordaland",
        "14" => "Sogn og Fjordane",
        "16" => "Sør-Trøndelag",
        "17" => "Nord-Trøndelag",
        _ => return None,
    })
}

/// «Storgata 1, 2640 Vinstra» → («Storgata 1», «2640», «Vinstra»): a Norwegian postal
/// address with its four-digit postcode after the last comma; anything else is not read.
pub fn parse_address(text: &str) -> Option<(String, String, String)> {
    let (street, place) = text.trim().rsplit_once(',')?;
    let (code, city) = place.trim().split_once(' ')?;
    let ok = code.len() == 4
        && code.bytes().all(|b| b.is_ascii_digit())
        && !city.trim().is_empty()
        && !street.trim().is_empty();
    ok.then(|| (street.trim().to_owned(), code.to_owned(), city.trim().to_owned()))
}

const DAYS: [(&str, &str); 7] = [
    ("mandag", "MO"),
    ("tirsdag", "TU"),
    ("onsdag", "WE"),
    ("torsdag", "TH"),
    ("fredag", "FR"),
    ("lørdag", "SA"),
    ("søndag", "SU"),
];

fn day_index(word: &str) -> Option<usize> {
    let w = word.trim().to_lowercase();
    let w = w.strip_suffix("er").filter(|s| s.ends_with("dag")).unwrap_or(&w);
    DAYS.iter().position(|(name, _)| *name == w)
}

/// Every time span «08.00–15.30» (or 8:00-15:30) in a text, as ("08:00:00", "15:30:00").
pub fn time_spans(text: &str) -> Vec<(String, String)> {
    fn time(s: &[char]) -> Option<(String, usize)> {
        let digits_h = s.iter().take_while(|c| c.is_ascii_digit()).count();
        if !(1..=2).contains(&digits_h) || !matches!(s.get(digits_h), Some('.' | ':')) {
            return None;
        }
        let m: String = s.get(digits_h + 1..digits_h + 3)?.iter().collect();
        if !m.chars().all(|c| c.is_ascii_digit()) || s.get(digits_h + 3).is_some_and(char::is_ascii_digit) {
            return None;
        }
        let h: u32 = s[..digits_h].iter().collect::<String>().parse().ok()?;
        let min: u32 = m.parse().ok()?;
        (h <= 24 && min < 60).then(|| (format!("{h:02}:{min:02}:00"), digits_h + 3))
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_digit());
        if let Some((from, len)) = starts.then(|| time(&chars[i..])).flatten() {
            let mut j = i + len;
            while chars.get(j) == Some(&' ') {
                j += 1;
            }
            if matches!(chars.get(j), Some('–' | '-')) {
                j += 1;
                while chars.get(j) == Some(&' ') {
                    j += 1;
                }
                if let Some((to, len)) = time(&chars[j..]) {
                    out.push((from, to));
                    i = j + len;
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

/// Opening hours that say one thing simply: «Mandag–fredag 08.00–15.30», «Hverdager
/// 8.00-16.00», «Tirsdager 09.00–14.00». Returns the days (iCal BYDAY) and the times; any
/// other text (two spans, exceptions, words after) is not read.
pub fn simple_hours(text: &str) -> Option<(String, String, String)> {
    let text = text.trim();
    let (days, times) = text.split_once(' ')?;
    let spans = time_spans(times);
    let [(opens, closes)] = spans.as_slice() else { return None };
    let rest = times.trim().trim_end_matches('.');
    if !rest.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ':' | '–' | '-' | ' ')) {
        return None;
    }
    let range = |a: usize, b: usize| DAYS[a..=b].iter().map(|(_, code)| *code).collect::<Vec<_>>().join(",");
    let byday = if days.eq_ignore_ascii_case("hverdager") {
        range(0, 4)
    } else if let Some((a, b)) = days.split_once(['–', '-']) {
        let (a, b) = (day_index(a)?, day_index(b)?);
        if a > b {
            return None;
        }
        range(a, b)
    } else {
        DAYS[day_index(days)?].1.to_owned()
    };
    Some((byday, opens.clone(), closes.clone()))
}

fn weekday_code(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

/// A short code for a taxonomy term: the enum variant's name in lower case.
fn code<T: std::fmt::Debug>(v: T) -> String {
    format!("{v:?}").to_lowercase()
}

/// All tables, filled as the register is read.
struct Tables {
    ns: Uuid,
    organizations: Vec<Vec<String>>,
    identifiers: Vec<Vec<String>>,
    services: Vec<Vec<String>>,
    locations: Vec<Vec<String>>,
    addresses: Vec<Vec<String>>,
    at_location: Vec<Vec<String>>,
    phones: Vec<Vec<String>>,
    contacts: Vec<Vec<String>>,
    schedules: Vec<Vec<String>>,
    areas: Vec<Vec<String>>,
    taxonomies: Vec<Vec<String>>,
    terms: Vec<Vec<String>>,
    attributes: Vec<Vec<String>>,
}

impl Tables {
    fn id(&self, kind: &str, id: &str) -> String {
        Uuid::new_v5(&self.ns, format!("{kind}:{id}").as_bytes()).to_string()
    }

    fn phone(&mut self, key: (&str, &str), owner: &[(&str, String)], detail: &ContactDetail, typ: &str) {
        if detail.is_empty() {
            return;
        }
        let mut values = vec![
            ("id", self.id(key.0, key.1)),
            ("number", export_phone(&detail.value)),
            ("type", typ.to_owned()),
        ];
        if detail.internal {
            values.push(("description", "Kun for samarbeidspartnere".to_owned()));
        }
        values.extend(owner.iter().cloned());
        self.phones.push(row(&schema::PHONE, &values));
    }

    fn areas(&mut self, reg: &Register, key: &str, service_id: &str, numbers: &[String]) {
        for m in numbers {
            self.areas.push(row(
                &schema::SERVICE_AREA,
                &[
                    ("id", self.id("service-area", &format!("{key}:{m}"))),
                    ("service_id", service_id.to_owned()),
                    ("name", reg.municipality_name(m).to_owned()),
                    ("description", format!("Kommunenummer {m}")),
                ],
            ));
        }
    }

    fn attribute(&mut self, key: &str, service_id: &str, taxonomy: &str, term: &str) {
        self.attributes.push(row(
            &schema::ATTRIBUTE,
            &[
                ("id", self.id("attribute", &format!("{key}:{taxonomy}:{term}"))),
                ("link_id", service_id.to_owned()),
                ("taxonomy_term_id", term_uuid(taxonomy, term)),
                ("link_entity", "service".to_owned()),
            ],
        ));
    }

    fn taxonomy<T: Labelled + std::fmt::Debug>(&mut self, kind: &str, name: &str, description: &str) {
        let taxonomy_id = term_uuid(kind, "");
        self.taxonomies.push(row(
            &schema::TAXONOMY,
            &[
                ("id", taxonomy_id.clone()),
                ("name", name.to_owned()),
                ("description", description.to_owned()),
                ("version", "1".to_owned()),
            ],
        ));
        for v in T::ALL {
            self.terms.push(row(
                &schema::TAXONOMY_TERM,
                &[
                    ("id", term_uuid(kind, &code(*v))),
                    ("code", code(*v)),
                    ("name", v.label().to_owned()),
                    ("description", format!("{name}: {}", v.label())),
                    ("taxonomy", name.to_owned()),
                    ("language", "nb".to_owned()),
                    ("taxonomy_id", taxonomy_id.clone()),
                ],
            ));
        }
    }
}

/// The HSDS package, one file per table plus `datapackage.json`.
pub fn export_hsds(reg: &Register, today: NaiveDate, options: &ExportOptions) -> Vec<ExportFile> {
    let stamp = options.stamp(today);
    let reg = view(reg, options.public);
    let reg = reg.as_ref();
    let mut tb = Tables {
        ns: namespace(&reg.name),
        organizations: Vec::new(),
        identifiers: Vec::new(),
        services: Vec::new(),
        locations: Vec::new(),
        addresses: Vec::new(),
        at_location: Vec::new(),
        phones: Vec::new(),
        contacts: Vec::new(),
        schedules: Vec::new(),
        areas: Vec::new(),
        taxonomies: Vec::new(),
        terms: Vec::new(),
        attributes: Vec::new(),
    };
    tb.taxonomy::<Sector>(
        "sector",
        "Samkart sektor",
        "Sektoren en tjeneste hører til (barnevern, NAV, PPT …)",
    );
    tb.taxonomy::<PreventionLevel>(
        "prevention-level",
        "Forebyggingsnivå",
        "Universell (for alle), selektiv (for noen) eller indisert (for få) forebygging",
    );
    // Contacts are only written when active: staff who left are not a way to reach anyone.
    let contacts: Vec<&Contact> =
        reg.contacts.iter().filter(|c| c.active && reg.service(&c.service).is_some()).collect();
    // A service's last_modified: the latest verification (or start) of its contacts.
    let mut checked: HashMap<&str, NaiveDate> = HashMap::new();
    for c in &contacts {
        if let Some(d) = [c.verified, c.since].into_iter().flatten().max() {
            let slot = checked.entry(c.service.as_str()).or_insert(d);
            *slot = (*slot).max(d);
        }
    }

    for s in &reg.services {
        let org = tb.id("organization", s.id.as_str());
        let svc = tb.id("service", s.id.as_str());
        let description = if s.description.trim().is_empty() {
            format!("{} ({})", s.sector.label(), s.owner_kind.label().to_lowercase())
        } else {
            s.description.trim().to_owned()
        };
        tb.organizations.push(row(
            &schema::ORGANIZATION,
            &[
                ("id", org.clone()),
                ("name", s.name.clone()),
                ("alternate_name", s.abbreviation.clone()),
                ("description", description.clone()),
                ("email", email(&s.email)),
                ("website", uri(&s.web)),
                ("legal_status", s.owner_kind.label().to_owned()),
            ],
        ));
        if check_org_number(&s.org_number).is_ok() {
            tb.identifiers.push(row(
                &schema::ORGANIZATION_IDENTIFIER,
                &[
                    ("id", tb.id("organization-identifier", s.id.as_str())),
                    ("organization_id", org.clone()),
                    ("identifier_scheme", "NO-BRC".to_owned()),
                    ("identifier_type", "Organisasjonsnummer".to_owned()),
                    ("identifier", s.org_number.chars().filter(char::is_ascii_digit).collect()),
                ],
            ));
        }
        let modified = checked.get(s.id.as_str()).copied();
        tb.services.push(row(
            &schema::SERVICE,
            &[
                ("id", svc.clone()),
                ("organization_id", org.clone()),
                ("name", s.name.clone()),
                ("alternate_name", s.abbreviation.clone()),
                ("description", description),
                ("url", uri(&s.web)),
                ("email", email(&s.email)),
                ("status", if s.active { "active" } else { "inactive" }.to_owned()),
                ("application_process", s.access.map(|a| a.label().to_owned()).unwrap_or_default()),
                ("minimum_age", s.target_age.map(|a| a.from.to_string()).unwrap_or_default()),
                ("maximum_age", s.target_age.map(|a| a.to.to_string()).unwrap_or_default()),
                ("last_modified", modified.map(iso_datetime).unwrap_or_default()),
            ],
        ));
        let owner = [("service_id", svc.clone()), ("organization_id", org.clone())];
        let phone = ContactDetail::public(&s.phone);
        tb.phone(("service-phone", s.id.as_str()), &owner, &phone, "voice");
        if !s.address.trim().is_empty() {
            let loc = tb.id("location", s.id.as_str());
            let parsed = parse_address(&s.address);
            let fylke = s
                .municipalities
                .iter()
                .chain(reg.municipalities.iter().map(|m| &m.number))
                .find_map(|m| county(m));
            let written = match (&parsed, fylke) {
                (Some((street, code, city)), Some(fylke)) => {
                    tb.addresses.push(row(
                        &schema::ADDRESS,
                        &[
                            ("id", tb.id("address", s.id.as_str())),
                            ("location_id", loc.clone()),
                            ("address_1", street.clone()),
                            ("city", city.clone()),
                            ("state_province", fylke.to_owned()),
                            ("postal_code", code.clone()),
                            ("country", "NO".to_owned()),
                            ("address_type", "physical".to_owned()),
                        ],
                    ));
                    true
                }
                _ => false,
            };
            tb.locations.push(row(
                &schema::LOCATION,
                &[
                    ("id", loc.clone()),
                    ("location_type", "physical".to_owned()),
                    ("organization_id", org.clone()),
                    ("name", s.name.clone()),
                    // An address that could not be read into its parts keeps its words.
                    ("description", if written { String::new() } else { s.address.trim().to_owned() }),
                ],
            ));
            tb.at_location.push(row(
                &schema::SERVICE_AT_LOCATION,
                &[
                    ("id", tb.id("service-at-location", s.id.as_str())),
                    ("service_id", svc.clone()),
                    ("location_id", loc),
                ],
            ));
        }
        if !s.opening_hours.trim().is_empty() {
            let mut values = vec![
                ("id", tb.id("opening-hours", s.id.as_str())),
                ("service_id", svc.clone()),
                ("description", s.opening_hours.trim().to_owned()),
            ];
            if let Some((byday, opens, closes)) = simple_hours(&s.opening_hours) {
                values.extend([
                    ("freq", "WEEKLY".to_owned()),
                    ("byday", byday),
                    ("opens_at", opens),
                    ("closes_at", closes),
                    // Norwegian local time; HSDS has only a fixed offset.
                    ("timezone", "1".to_owned()),
                ]);
            }
            tb.schedules.push(row(&schema::SCHEDULE, &values));
        }
        tb.areas(reg, &format!("service:{}", s.id), &svc, &s.municipalities);
        tb.attribute(&format!("service:{}", s.id), &svc, "sector", &code(s.sector));
        for level in &s.prevention_levels {
            tb.attribute(&format!("service:{}", s.id), &svc, "prevention-level", &code(*level));
        }
    }

    for o in &reg.offerings {
        // An offering whose provider is missing (a damaged file) has no organization.
        let Some(provider) = reg.service(&o.provider) else { continue };
        let provider = Some(provider);
        let svc = tb.id("offering", o.id.as_str());
        let fees = if o.free { "Gratis".to_owned() } else { o.price.trim().to_owned() };
        tb.services.push(row(
            &schema::SERVICE,
            &[
                ("id", svc.clone()),
                ("organization_id", tb.id("organization", o.provider.as_str())),
                ("name", o.name.clone()),
                ("description", sentences(&[&o.purpose, &o.schedule])),
                ("url", uri(&o.web)),
                // A planned measure does not run yet: not «active» in HSDS's sense.
                (
                    "status",
                    if o.active && o.status == OfferingStatus::Ongoing { "active" } else { "inactive" }
                        .to_owned(),
                ),
                ("application_process", o.how_to_join.clone()),
                ("fees_description", fees),
                ("eligibility_description", o.target_group.clone()),
                ("minimum_age", o.age.map(|a| a.from.to_string()).unwrap_or_default()),
                ("maximum_age", o.age.map(|a| a.to.to_string()).unwrap_or_default()),
                ("assured_date", o.confirmed.map(iso_date).unwrap_or_default()),
                ("last_modified", o.confirmed.map(iso_datetime).unwrap_or_default()),
            ],
        ));
        if !o.schedule.trim().is_empty() || !o.weekdays.is_empty() {
            let mut values = vec![
                ("id", tb.id("offering-schedule", o.id.as_str())),
                ("service_id", svc.clone()),
                ("description", o.schedule.trim().to_owned()),
            ];
            if !o.weekdays.is_empty() {
                let days: Vec<&str> = o.weekdays.iter().map(|d| weekday_code(*d)).collect();
                values.extend([("freq", "WEEKLY".to_owned()), ("byday", days.join(","))]);
                if o.schedule.to_lowercase().contains("annenhver") {
                    values.push(("interval", "2".to_owned()));
                }
                if let [(opens, closes)] = time_spans(&o.schedule).as_slice() {
                    values.extend([
                        ("opens_at", opens.clone()),
                        ("closes_at", closes.clone()),
                        ("timezone", "1".to_owned()),
                    ]);
                }
            }
            tb.schedules.push(row(&schema::SCHEDULE, &values));
        }
        let places =
            if o.municipalities.is_empty() { provider.map(|p| p.municipalities.clone()) } else { None };
        tb.areas(reg, &format!("offering:{}", o.id), &svc, places.as_deref().unwrap_or(&o.municipalities));
        if let Some(p) = provider {
            tb.attribute(&format!("offering:{}", o.id), &svc, "sector", &code(p.sector));
        }
        if let Some(level) = o.prevention_level {
            tb.attribute(&format!("offering:{}", o.id), &svc, "prevention-level", &code(level));
        }
    }

    for c in contacts {
        let id = tb.id("contact", c.id.as_str());
        tb.contacts.push(row(
            &schema::CONTACT,
            &[
                ("id", id.clone()),
                ("organization_id", tb.id("organization", c.service.as_str())),
                ("service_id", tb.id("service", c.service.as_str())),
                ("name", c.display_name().to_owned()),
                ("title", c.role.clone()),
                ("email", email(&c.email.value)),
            ],
        ));
        let owner = [("contact_id", id)];
        tb.phone(("contact-phone", c.id.as_str()), &owner, &c.phone, "voice");
        tb.phone(("contact-mobile", c.id.as_str()), &owner, &c.mobile, "cell");
    }

    let tables: [(&Table, &[Vec<String>]); 13] = [
        (&schema::ORGANIZATION, &tb.organizations),
        (&schema::ORGANIZATION_IDENTIFIER, &tb.identifiers),
        (&schema::SERVICE, &tb.services),
        (&schema::LOCATION, &tb.locations),
        (&schema::ADDRESS, &tb.addresses),
        (&schema::SERVICE_AT_LOCATION, &tb.at_location),
        (&schema::PHONE, &tb.phones),
        (&schema::CONTACT, &tb.contacts),
        (&schema::SCHEDULE, &tb.schedules),
        (&schema::SERVICE_AREA, &tb.areas),
        (&schema::TAXONOMY, &tb.taxonomies),
        (&schema::TAXONOMY_TERM, &tb.terms),
        (&schema::ATTRIBUTE, &tb.attributes),
    ];
    let mut files: Vec<ExportFile> = tables
        .iter()
        .map(|(table, rows)| ExportFile { name: table.path.to_owned(), bytes: csv_bytes(table, rows) })
        .collect();
    let package = datapackage(reg, &stamp.format("%Y-%m-%dT%H:%M:%SZ").to_string(), options.public);
    files.push(ExportFile {
        name: "datapackage.json".to_owned(),
        bytes: serde_json::to_vec_pretty(&package).expect("json of plain values"),
    });
    files
}

/// The Frictionless descriptor: the official field definitions of every table written, the
/// keys between them, and the licence.
fn datapackage(reg: &Register, created: &str, public: bool) -> serde_json::Value {
    let written: Vec<&str> = schema::TABLES.iter().map(|t| t.name).collect();
    let resource = |table: &Table| {
        let fields: Vec<_> = table
            .fields
            .iter()
            .map(|f| {
                let mut constraints = json!({ "required": f.required });
                if f.name == "id" {
                    constraints["unique"] = json!(true);
                }
                if !f.values.is_empty() {
                    constraints["enum"] = json!(f.values);
                }
                let mut field = json!({ "name": f.name, "type": f.typ, "constraints": constraints });
                if !f.format.is_empty() {
                    field["format"] = json!(f.format);
                }
                field
            })
            .collect();
        // Keys to tables this export does not write (programs) are left out: those columns
        // are always empty.
        let keys: Vec<_> = table
            .foreign_keys
            .iter()
            .filter(|(_, target)| written.contains(target))
            .map(|(field, target)| json!({ "fields": field, "reference": { "resource": target, "fields": "id" } }))
            .collect();
        json!({
            "name": table.name,
            "path": table.path,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": { "fields": fields, "primaryKey": "id", "foreignKeys": keys },
        })
    };
    let name = reg.name.trim();
    let title = if name.is_empty() { "Samkart".to_owned() } else { format!("Samkart – {name}") };
    json!({
        "name": format!("samkart-{}", slugify(name)),
        "title": title,
        "profile": "tabular-data-package",
        "description": if public {
            "Tjenestekatalog for barn, unge og familier, eksportert fra Samkart etter Open Referral HSDS 3.0."
        } else {
            "Tjenestekatalog for barn, unge og familier, eksportert fra Samkart etter Open Referral HSDS 3.0. Intern utgave: inneholder numre kun for samarbeidspartnere og skal ikke publiseres."
        },
        "version": "3.0.0",
        "created": created,
        "licenses": [{
            "name": LICENCE,
            "path": "https://data.norge.no/nlod/no/2.0",
            "title": "Norsk lisens for offentlige data (NLOD) 2.0",
        }],
        "resources": schema::TABLES.iter().map(resource).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_version_5_stable_and_distinct() {
        let a = stable_uuid("Midtdalen", "service", "nav");
        assert_eq!(a, stable_uuid("Midtdalen", "service", "nav"));
        assert_ne!(a, stable_uuid("Midtdalen", "organization", "nav"));
        assert_ne!(a, stable_uuid("Fredrikstad", "service", "nav"), "registers do not collide");
        let parsed = Uuid::parse_str(&a).unwrap();
        assert_eq!(parsed.get_version_num(), 5);
        assert_eq!(parsed.get_variant(), uuid::Variant::RFC4122);
    }

    #[test]
    fn addresses_hours_and_sentences_are_read_only_when_simple() {
        assert_eq!(
            parse_address("Røde Kors-huset, Industrivegen 4, 2640 Vinstra"),
            Some(("Røde Kors-huset, Industrivegen 4".into(), "2640".into(), "Vinstra".into()))
        );
        assert_eq!(parse_address("Adresse oppgis ved kontakt"), None);
        assert_eq!(parse_address("Storgata 1, Vinstra"), None);
        assert_eq!(county("3436"), Some("Innlandet"));
        assert_eq!(county("0301"), Some("Oslo"));
        assert_eq!(county("9999"), None);

        assert_eq!(
            simple_hours("Mandag–fredag 08.00–15.30"),
            Some(("MO,TU,WE,TH,FR".into(), "08:00:00".into(), "15:30:00".into()))
        );
        assert_eq!(
            simple_hours("Tirsdag–torsdag 9.00-14.00"),
            Some(("TU,WE,TH".into(), "09:00:00".into(), "14:00:00".into()))
        );
        assert_eq!(
            simple_hours("Onsdager 14.00–17.00"),
            Some(("WE".into(), "14:00:00".into(), "17:00:00".into()))
        );
        assert_eq!(simple_hours("Mandag–fredag 08.00–15.00, telefontid 09.00–11.00"), None);
        assert_eq!(simple_hours("Døgnåpent"), None);
        assert_eq!(simple_hours("Fredag–mandag 08.00–15.00"), None);
        assert_eq!(time_spans("Annenhver tirsdag 18.00–20.00"), [("18:00:00".into(), "20:00:00".into())]);
        assert!(time_spans("ring 61 21 40 00 eller 12.345-1").is_empty());

        assert_eq!(sentences(&["Klubb.", "Tirsdager"]), "Klubb. Tirsdager");
        assert_eq!(sentences(&["Klubb", " Tirsdager "]), "Klubb. Tirsdager");
        assert_eq!(sentences(&["", "Tirsdager"]), "Tirsdager");
        assert_eq!(uri("www.vinstrail.no"), "https://www.vinstrail.no");
        assert_eq!(uri("ikke en adresse"), "");
        assert!(plain_number("+47 94 33 65 80") && !plain_number("+cmd") && !plain_number("+"));
    }
}
