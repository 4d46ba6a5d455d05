//! The HSDS 3.0 tables Samkart writes, field by field as the official descriptor
//! (Open Referral, `datapackage.json` of HSDS 3.0.0) defines them: name, type, format,
//! whether required, allowed values and foreign keys. The export writes its CSV headers and
//! its `datapackage.json` from these; `tests/core/exchange.rs` checks them against a copy of the
//! official descriptor and validates an export with it.

/// One column of an HSDS table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    /// Table Schema type: string, number, date, datetime, time.
    pub typ: &'static str,
    /// Table Schema format: uuid, email, uri; empty for none.
    pub format: &'static str,
    pub required: bool,
    /// The allowed values; empty for any.
    pub values: &'static [&'static str],
}

/// One HSDS table: its resource name, file and columns, and which columns refer to which
/// table's `id`.
#[derive(Clone, Copy, Debug)]
pub struct Table {
    pub name: &'static str,
    pub path: &'static str,
    pub fields: &'static [Field],
    pub foreign_keys: &'static [(&'static str, &'static str)],
}

impl Table {
    /// The column names in order, for the CSV header.
    pub fn headers(&self) -> Vec<&'static str> {
        self.fields.iter().map(|f| f.name).collect()
    }
}

const fn f(name: &'static str, typ: &'static str, format: &'static str, required: bool) -> Field {
    Field { name, typ, format, required, values: &[] }
}

const fn e(name: &'static str, required: bool, values: &'static [&'static str]) -> Field {
    Field { name, typ: "string", format: "", required, values }
}

pub const ORGANIZATION: Table = Table {
    name: "organization",
    path: "organizations.csv",
    fields: &[
        f("id", "string", "uuid", true),
        f("name", "string", "", true),
        f("alternate_name", "string", "", false),
        f("description", "string", "", true),
        f("email", "string", "email", false),
        f("website", "string", "uri", false),
        f("tax_status", "string", "", false),
        f("tax_id", "string", "", false),
        f("year_incorporated", "number", "", false),
        f("legal_status", "string", "", false),
        f("logo", "string", "", false),
        f("uri", "string", "uri", false),
        f("parent_organization_id", "string", "uuid", false),
    ],
    foreign_keys: &[],
};

pub const ORGANIZATION_IDENTIFIER: Table = Table {
    name: "organization_identifier",
    path: "organization_identifiers.csv",
    fields: &[
        f("id", "string", "uuid", true),
        f("organization_id", "string", "uuid", true),
        f("identifier_scheme", "string", "", false),
        f("identifier_type", "string", "", true),
        f("identifier", "string", "", true),
    ],
    foreign_keys: &[("organization_id", "organization")],
};

pub const SERVICE: Table = Table {
    name: "service",
    path: "services.csv",
    fields: &[
        f("id", "string", "uuid", true),
        f("organization_id", "string", "uuid", true),
        f("program_id", "string", "uuid", false),
        f("name", "string", "", true),
        f("alternate_name", "string", "", false),
        f("description", "string", "", false),
        f("url", "string", "uri", false),
        f("email", "string", "email", false),
        e("status", true, &["active", "inactive", "defunct", "temporarily closed"]),
        f("interpretation_services", "string", "", false),
        f("application_process", "string", "", false),
        f("fees_description", "string", "", false),
        f("wait_time", "string", "", false),
        f("fees", "string", "", false),
        f("accreditations", "string", "", false),
        f("eligibility_description", "string", "", false),
        f("minimum_age", "number", "", false),
        f("maximum_age", "number", "", false),
        f("assured_date", "date", "", false),
        f("assurer_email", "string", "email", false),
        f("licenses", "string", "", false),
        f("alert", "string", "", false),
        f("last_modified", "datetime", "", false),
    ],
    foreign_keys: &[("organization_id", "organization"), ("program_id", "program")],
};

pub const LOCATION: Table = Table {
    name: "location",
    path: "locations.csv",
    fields: &[
        f("id", "string", "uuid", true),
        e("location_type", true, &["physical", "postal", "virtual"]),
        f("url", "string", "uri", false),
        f("organization_id", "string", "uuid", false),
        f("name", "string", "", false),
        f("alternate_name", "string", "", false),
        f("description", "string", "", false),
        f("transportation", "string", "", false),
        f("latitude", "number", "", false),
        f("longitude", "number", "", false),
        f("external_identifier", "string", "", false),
        f("external_identifier_type", "string", "", false),
    ],
    foreign_keys: &[("organization_id", "organization")],
};

pub const ADDRESS: Table = Table {
    name: "address",
    path: "addresses.csv",
    fields: &[
        f("id", "string", "uuid", true),
        f("location_id", "string", "uuid", false),
        f("attention", "string", "", false),
        f("address_1", "string", "", true),
        f("address_2", "string", "", false),
        f("city", "string", "", true),
        f("region", "string", "", false),
        f("state_province", "string", "", true),
        f("postal_code", "string", "", true),
        f("country", "string", "", true),
        e("address_type", true, &["physical", "postal", "virtual"]),
    ],
    foreign_keys: &[("location_id", "location")],
};

pub const SERVICE_AT_LOCATION: Table = Table {
    name: "service_at_location",
    path: "service_at_location.csv",
    fields: &[
        f("id", "string", "uuid", true),
        f("service_id", "string", "uuid", true),
        f("location_id", "string", "uuid", true),
        f("description", "string", "", false),
    ],
    foreign_keys: &[("service_id", "service"), ("location_id", "location")],
};

pub const PHONE: Table = Table {
    name: "phone",
    path: "phones.csv",
    fields: &[
        f("id", "string", "uuid", true),
        f("location_id", "string", "uuid", false),
        f("service_id", "string", "uuid", false),
        f("organization_id", "string", "uuid", false),
        f("contact_id", "string", "uuid", false),
        f("service_at_location_id", "string", "uuid", false),
        f("number", "string", "", true),
        f("extension", "number", "", false),
        f("type", "string", "", false),
        f("description", "string", "", false),
    ],
    foreign_keys: &[
        ("contact_id", "contact"),
        ("location_id", "location"),
        ("organization_id", "organization"),
        ("service_id", "service"),
        ("service_at_location_id", "service_at_location"),
    ],
};

pub const CONTACT: Table = Table {
    name: "contact",
    path: "contacts.csv",
    fields: &[
        f("id", "string", "uuid", true),
        f("organization_id", "string", "uuid", false),
        f("service_id", "string", "uuid", false),
        f("service_at_location_id", "string", "uuid", false),
        f("location_id", "string", "uuid", false),
        f("name", "string", "", false),
        f("title", "string", "", false),
        f("department", "string", "", false),
        f("email", "string", "email", false),
    ],
    foreign_keys: &[
        ("location_id", "location"),
        ("organization_id", "organization"),
        ("service_id", "service"),
        ("service_at_location_id", "service_at_location"),
    ],
};

pub const SCHEDULE: Table = Table {
    name: "schedule",
    path: "schedules.csv",
    fields: &[
        f("id", "string", "uuid", true),
        f("service_id", "string", "uuid", false),
        f("location_id", "string", "uuid", false),
        f("service_at_location_id", "string", "uuid", false),
        f("valid_from", "date", "", false),
        f("valid_to", "date", "", false),
        f("dtstart", "date", "", false),
        f("timezone", "number", "", false),
        f("until", "date", "", false),
        f("count", "number", "", false),
        e("wkst", false, &["MO", "TU", "WE", "TH", "FR", "SA", "SU"]),
        e("freq", false, &["WEEKLY", "MONTHLY"]),
        f("interval", "number", "", false),
        f("byday", "string", "", false),
        f("byweekno", "string", "", false),
        f("bymonthday", "string", "", false),
        f("byyearday", "string", "", false),
        f("description", "string", "", false),
        f("opens_at", "time", "", false),
        f("closes_at", "time", "", false),
        f("schedule_link", "string", "uri", false),
        f("attending_type", "string", "", false),
        f("notes", "string", "", false),
    ],
    foreign_keys: &[
        ("location_id", "location"),
        ("service_id", "service"),
        ("service_at_location_id", "service_at_location"),
    ],
};

pub const SERVICE_AREA: Table = Table {
    name: "service_area",
    path: "service_areas.csv",
    fields: &[
        f("id", "string", "uuid", true),
        f("service_id", "string", "uuid", false),
        f("name", "string", "", false),
        f("description", "string", "", false),
        f("extent", "string", "", false),
        f("extent_type", "string", "", false),
        f("uri", "string", "", false),
    ],
    foreign_keys: &[("service_id", "service")],
};

pub const TAXONOMY: Table = Table {
    name: "taxonomy",
    path: "taxonomies.csv",
    fields: &[
        f("id", "string", "uuid", true),
        f("name", "string", "", true),
        f("description", "string", "", true),
        f("uri", "string", "uri", false),
        f("version", "string", "", false),
    ],
    foreign_keys: &[],
};

pub const TAXONOMY_TERM: Table = Table {
    name: "taxonomy_term",
    path: "taxonomy_terms.csv",
    fields: &[
        f("id", "string", "uuid", true),
        f("code", "string", "", false),
        f("name", "string", "", true),
        f("description", "string", "", true),
        f("parent_id", "string", "uuid", false),
        f("taxonomy", "string", "", false),
        f("language", "string", "", false),
        f("taxonomy_id", "string", "uuid", false),
        f("term_uri", "string", "uri", false),
    ],
    foreign_keys: &[("taxonomy_id", "taxonomy")],
};

pub const ATTRIBUTE: Table = Table {
    name: "attribute",
    path: "attributes.csv",
    fields: &[
        f("id", "string", "uuid", true),
        f("link_id", "string", "uuid", true),
        f("taxonomy_term_id", "string", "uuid", true),
        f("link_type", "string", "", false),
        f("link_entity", "string", "", true),
        f("value", "string", "", false),
    ],
    foreign_keys: &[("taxonomy_term_id", "taxonomy_term")],
};

/// Every table the export writes, in the order of `datapackage.json`.
pub const TABLES: [Table; 13] = [
    ORGANIZATION,
    ORGANIZATION_IDENTIFIER,
    SERVICE,
    LOCATION,
    ADDRESS,
    SERVICE_AT_LOCATION,
    PHONE,
    CONTACT,
    SCHEDULE,
    SERVICE_AREA,
    TAXONOMY,
    TAXONOMY_TERM,
    ATTRIBUTE,
];
