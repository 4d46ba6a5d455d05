//! Open Referral Human Services Data Specification (HSDS) 3.0, tabular form: the service
//! directory as open data. Files: `organizations.csv`, `services.csv`, `contacts.csv`,
//! `phones.csv` and a Frictionless `datapackage.json` that describes them.
//!
//! Mapping: every service in the register is an HSDS organization (the unit that runs
//! things) and also an HSDS service (what it does); each of its offerings is one more HSDS
//! service of the same organization. Contacts hang on the service of their unit.
//!
//! HSDS ids are UUIDs. They are derived from the record kind and id (a name-based UUID,
//! version 8 per RFC 9562), so the same record keeps its UUID from one export to the next.

use super::{ExportFile, view};
use crate::model::format::PhoneNumber;
use crate::model::*;
use chrono::NaiveDate;
use serde_json::json;

/// A stable UUID for a record: FNV-1a (128-bit) of "samkart:<kind>:<id>", stamped as a
/// version-8 UUID.
pub fn stable_uuid(kind: &str, id: &str) -> String {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    let mut h = OFFSET;
    for b in format!("samkart:{kind}:{id}").bytes() {
        h ^= u128::from(b);
        h = h.wrapping_mul(PRIME);
    }
    // Version 8 in bits 48–51, variant 10 in bits 64–65.
    h = (h & !(0xF << 76)) | (0x8 << 76);
    h = (h & !(0x3 << 62)) | (0x2 << 62);
    let x = format!("{h:032x}");
    format!("{}-{}-{}-{}-{}", &x[0..8], &x[8..12], &x[12..16], &x[16..20], &x[20..32])
}

const ORGANIZATIONS: [&str; 13] = [
    "id",
    "name",
    "alternate_name",
    "description",
    "email",
    "website",
    "tax_status",
    "tax_id",
    "year_incorporated",
    "legal_status",
    "logo",
    "uri",
    "parent_organization_id",
];
const SERVICES: [&str; 23] = [
    "id",
    "organization_id",
    "program_id",
    "name",
    "alternate_name",
    "description",
    "url",
    "email",
    "status",
    "interpretation_services",
    "application_process",
    "fees_description",
    "wait_time",
    "fees",
    "accreditations",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "assured_date",
    "assurer_email",
    "licenses",
    "alert",
    "last_modified",
];
const CONTACTS: [&str; 9] = [
    "id",
    "organization_id",
    "service_id",
    "service_at_location_id",
    "location_id",
    "name",
    "title",
    "department",
    "email",
];
const PHONES: [&str; 10] = [
    "id",
    "location_id",
    "service_id",
    "organization_id",
    "contact_id",
    "service_at_location_id",
    "number",
    "extension",
    "type",
    "description",
];

/// Plain RFC 4180 CSV (comma, UTF-8, no BOM): the form open-data tools expect.
fn csv_bytes(headers: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(headers).expect("write to memory");
    for r in rows {
        debug_assert_eq!(r.len(), headers.len());
        w.write_record(r).expect("write to memory");
    }
    w.into_inner().expect("flush to memory")
}

fn row(headers: &[&str], values: &[(&str, String)]) -> Vec<String> {
    headers
        .iter()
        .map(|h| values.iter().find(|(k, _)| k == h).map(|(_, v)| v.clone()).unwrap_or_default())
        .collect()
}

/// International form for open data: "+47 95012345", a short number as its digits
/// ("116111"); anything else as written.
fn number(value: &str) -> String {
    match PhoneNumber::parse(value) {
        Ok(p) if p.is_short() => p.digits().to_owned(),
        Ok(p) => format!("+47 {}", p.digits()),
        Err(_) => value.trim().to_owned(),
    }
}

/// The HSDS package, one file per table plus `datapackage.json`.
pub fn export_hsds(reg: &Register, today: NaiveDate, public: bool) -> Vec<ExportFile> {
    let reg = view(reg, public);
    let reg = reg.as_ref();
    let org_id = |s: &ServiceId| stable_uuid("organization", s.as_str());
    let svc_id = |s: &ServiceId| stable_uuid("service", s.as_str());
    let stamp = today.format("%Y-%m-%dT00:00:00Z").to_string();

    let mut organizations = Vec::new();
    let mut services = Vec::new();
    let mut phones = Vec::new();
    for s in &reg.services {
        organizations.push(row(
            &ORGANIZATIONS,
            &[
                ("id", org_id(&s.id)),
                ("name", s.name.clone()),
                ("alternate_name", s.abbreviation.clone()),
                ("description", s.description.clone()),
                ("email", s.email.clone()),
                ("website", s.web.clone()),
                ("tax_id", s.org_number.replace(' ', "")),
                ("legal_status", s.owner_kind.label().to_owned()),
            ],
        ));
        let access = s.access.map(|a| a.label().to_owned()).unwrap_or_default();
        services.push(row(
            &SERVICES,
            &[
                ("id", svc_id(&s.id)),
                ("organization_id", org_id(&s.id)),
                ("name", s.name.clone()),
                ("alternate_name", s.abbreviation.clone()),
                ("description", s.description.clone()),
                ("url", s.web.clone()),
                ("email", s.email.clone()),
                ("status", if s.active { "active" } else { "inactive" }.to_owned()),
                ("application_process", access),
                ("minimum_age", s.target_age.map(|a| a.from.to_string()).unwrap_or_default()),
                ("maximum_age", s.target_age.map(|a| a.to.to_string()).unwrap_or_default()),
                ("last_modified", stamp.clone()),
            ],
        ));
        if !s.phone.trim().is_empty() {
            phones.push(row(
                &PHONES,
                &[
                    ("id", stable_uuid("service-phone", s.id.as_str())),
                    ("service_id", svc_id(&s.id)),
                    ("organization_id", org_id(&s.id)),
                    ("number", number(&s.phone)),
                    ("type", "voice".to_owned()),
                ],
            ));
        }
    }
    for o in &reg.offerings {
        let fees = if o.free { "Gratis".to_owned() } else { o.price.clone() };
        let description = [o.purpose.as_str(), o.schedule.as_str()]
            .iter()
            .filter(|x| !x.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(". ");
        services.push(row(
            &SERVICES,
            &[
                ("id", stable_uuid("offering", o.id.as_str())),
                ("organization_id", org_id(&o.provider)),
                ("name", o.name.clone()),
                ("description", description),
                ("url", o.web.clone()),
                ("status", if o.active { "active" } else { "inactive" }.to_owned()),
                ("application_process", o.how_to_join.clone()),
                ("fees_description", fees),
                ("eligibility_description", o.target_group.clone()),
                ("minimum_age", o.age.map(|a| a.from.to_string()).unwrap_or_default()),
                ("maximum_age", o.age.map(|a| a.to.to_string()).unwrap_or_default()),
                ("assured_date", o.confirmed.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default()),
                ("last_modified", stamp.clone()),
            ],
        ));
    }
    let mut contacts = Vec::new();
    for c in &reg.contacts {
        let id = stable_uuid("contact", c.id.as_str());
        contacts.push(row(
            &CONTACTS,
            &[
                ("id", id.clone()),
                ("organization_id", org_id(&c.service)),
                ("service_id", svc_id(&c.service)),
                ("name", c.display_name().to_owned()),
                ("title", c.role.clone()),
                ("email", c.email.value.trim().to_owned()),
            ],
        ));
        for (detail, kind, typ) in [(&c.phone, "phone", "voice"), (&c.mobile, "mobile", "cell")] {
            if !detail.is_empty() {
                phones.push(row(
                    &PHONES,
                    &[
                        ("id", stable_uuid(&format!("contact-{kind}"), c.id.as_str())),
                        ("contact_id", id.clone()),
                        ("number", number(&detail.value)),
                        ("type", typ.to_owned()),
                    ],
                ));
            }
        }
    }

    let resource = |name: &str, headers: &[&str]| {
        let fields: Vec<_> = headers
            .iter()
            .map(|h| {
                let typ = match *h {
                    "minimum_age" | "maximum_age" | "year_incorporated" => "integer",
                    "assured_date" => "date",
                    "last_modified" => "datetime",
                    _ => "string",
                };
                json!({ "name": h, "type": typ })
            })
            .collect();
        json!({
            "name": name,
            "path": format!("{name}.csv"),
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": { "fields": fields, "primaryKey": "id" },
        })
    };
    let title = if reg.name.is_empty() { "Samkart".to_owned() } else { format!("Samkart – {}", reg.name) };
    let package = json!({
        "name": format!("samkart-{}", slugify(&reg.name)),
        "title": title,
        "profile": "tabular-data-package",
        "description": "Tjenestekatalog for barn, unge og familier, eksportert fra Samkart etter Open Referral HSDS 3.0.",
        "version": "3.0",
        "created": stamp,
        "resources": [
            resource("organizations", &ORGANIZATIONS),
            resource("services", &SERVICES),
            resource("contacts", &CONTACTS),
            resource("phones", &PHONES),
        ],
    });
    let file = |name: &str, bytes| ExportFile { name: name.to_owned(), bytes };
    vec![
        file("organizations.csv", csv_bytes(&ORGANIZATIONS, &organizations)),
        file("services.csv", csv_bytes(&SERVICES, &services)),
        file("contacts.csv", csv_bytes(&CONTACTS, &contacts)),
        file("phones.csv", csv_bytes(&PHONES, &phones)),
        file("datapackage.json", serde_json::to_vec_pretty(&package).expect("json of plain values")),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_stable_well_formed_and_distinct() {
        let a = stable_uuid("service", "nav");
        assert_eq!(a, stable_uuid("service", "nav"));
        assert_ne!(a, stable_uuid("organization", "nav"));
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "8", "{a}");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"), "{a}");
    }
}
