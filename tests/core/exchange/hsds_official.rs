//! The HSDS export checked against the official HSDS 3.0 descriptor
//! (`tests/fixtures/hsds-3.0/datapackage.json`, unchanged from Open Referral): every table we
//! write is an official table, with its columns in the official order; every required value
//! is there; every value has its type, format and allowed value; ids are unique; and every
//! foreign key points at a row that exists. Our own `datapackage.json` must describe the
//! tables as the official one does, and name a licence.

use super::*;
use samkart::exchange::{ExportFile, ExportOptions, Format, export};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

fn official() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/hsds-3.0/datapackage.json"
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The official resource for a file name.
fn resource<'a>(official: &'a Value, path: &str) -> Option<&'a Value> {
    official["resources"].as_array().unwrap().iter().find(|r| r["path"] == path)
}

fn check_value(table: &str, field: &Value, value: &str) -> Result<(), String> {
    let name = field["name"].as_str().unwrap();
    let c = &field["constraints"];
    let here = || format!("{table}.{name} = {value:?}");
    if value.is_empty() {
        return if c["required"] == true { Err(format!("{}: required", here())) } else { Ok(()) };
    }
    let ok = match field["type"].as_str().unwrap() {
        "string" => true,
        "number" => value.parse::<f64>().is_ok(),
        "integer" => value.parse::<i64>().is_ok(),
        "date" => NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok(),
        "datetime" => chrono::DateTime::parse_from_rfc3339(value).is_ok(),
        "time" => chrono::NaiveTime::parse_from_str(value, "%H:%M:%S").is_ok(),
        other => return Err(format!("{}: unknown type {other}", here())),
    };
    if !ok {
        return Err(format!("{}: not a {}", here(), field["type"]));
    }
    let format_ok = match field["format"].as_str() {
        Some("uuid") => uuid::Uuid::parse_str(value).is_ok() && value.len() == 36,
        Some("email") => samkart::model::format::check_email(value).is_ok(),
        Some("uri") => value.starts_with("https://") || value.starts_with("http://"),
        _ => true,
    };
    if !format_ok {
        return Err(format!("{}: not a {}", here(), field["format"]));
    }
    if let Some(values) = c["enum"].as_array()
        && !values.iter().any(|v| v == value)
    {
        return Err(format!("{}: not one of {values:?}", here()));
    }
    Ok(())
}

/// Validates an HSDS export with the official descriptor; returns every problem found.
pub fn validate(files: &[ExportFile]) -> Vec<String> {
    let official = official();
    let mut problems = Vec::new();
    // Resource name → its ids, and the foreign keys to check once every table is read.
    let mut ids: HashMap<String, HashSet<String>> = HashMap::new();
    let mut references: Vec<(String, String, String, String)> = Vec::new();
    for f in files.iter().filter(|f| f.name.ends_with(".csv")) {
        let Some(res) = resource(&official, &f.name) else {
            problems.push(format!("{}: not an HSDS 3.0 table", f.name));
            continue;
        };
        let table = res["name"].as_str().unwrap();
        let fields = res["schema"]["fields"].as_array().unwrap();
        let mut reader = csv::Reader::from_reader(f.bytes.as_slice());
        let headers: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
        let names: Vec<&str> = fields.iter().map(|x| x["name"].as_str().unwrap()).collect();
        if headers != names {
            problems.push(format!("{}: columns {headers:?}, official {names:?}", f.name));
            continue;
        }
        let keys: Vec<(String, String)> = res["schema"]["foreignKeys"]
            .as_array()
            .map(|k| {
                k.iter()
                    .map(|k| {
                        (
                            k["fields"].as_str().unwrap().to_owned(),
                            k["reference"]["resource"].as_str().unwrap().to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let seen = ids.entry(table.to_owned()).or_default();
        for rec in reader.records() {
            let rec = rec.unwrap();
            for (field, value) in fields.iter().zip(rec.iter()) {
                if let Err(e) = check_value(table, field, value) {
                    problems.push(e);
                }
            }
            if !seen.insert(rec[0].to_owned()) {
                problems.push(format!("{table}: id {} twice", &rec[0]));
            }
            for (column, target) in &keys {
                let i = names.iter().position(|n| n == column).unwrap();
                if !rec[i].is_empty() {
                    references.push((
                        format!("{table}.{column}"),
                        target.clone(),
                        rec[i].to_owned(),
                        rec[0].to_owned(),
                    ));
                }
            }
        }
    }
    for (from, target, value, row) in references {
        if !ids.get(&target).is_some_and(|set| set.contains(&value)) {
            problems.push(format!("{from} of {row}: {value} is not an id of {target}"));
        }
    }
    problems
}

/// Our datapackage.json against the official one: the same tables, fields, types, formats,
/// required flags and allowed values, the primary key, foreign keys only to tables written,
/// and a licence.
fn check_package(files: &[ExportFile]) {
    let official = official();
    let ours: Value =
        serde_json::from_slice(&files.iter().find(|f| f.name == "datapackage.json").unwrap().bytes).unwrap();
    assert_eq!(ours["profile"], "tabular-data-package");
    let licences = ours["licenses"].as_array().expect("licenses");
    assert_eq!(licences[0]["name"], "NLOD-2.0");
    assert!(licences[0]["path"].as_str().unwrap().starts_with("https://"));
    let resources = ours["resources"].as_array().unwrap();
    let csv: Vec<&str> = files.iter().filter(|f| f.name.ends_with(".csv")).map(|f| f.name.as_str()).collect();
    assert_eq!(resources.iter().map(|r| r["path"].as_str().unwrap()).collect::<Vec<_>>(), csv);
    let written: HashSet<&str> = resources.iter().map(|r| r["name"].as_str().unwrap()).collect();
    for r in resources {
        let off = resource(&official, r["path"].as_str().unwrap()).unwrap();
        assert_eq!(r["name"], off["name"]);
        assert_eq!(r["schema"]["primaryKey"], "id");
        let ours: Vec<&Value> = r["schema"]["fields"].as_array().unwrap().iter().collect();
        let theirs: Vec<&Value> = off["schema"]["fields"].as_array().unwrap().iter().collect();
        assert_eq!(ours.len(), theirs.len(), "{}", r["name"]);
        for (a, b) in ours.iter().zip(&theirs) {
            for key in ["name", "type", "format"] {
                assert_eq!(a[key], b[key], "{}.{} {key}", r["name"], b["name"]);
            }
            assert_eq!(
                a["constraints"]["required"], b["constraints"]["required"],
                "{}.{}",
                r["name"], b["name"]
            );
            assert_eq!(a["constraints"]["enum"], b["constraints"]["enum"], "{}.{}", r["name"], b["name"]);
        }
        let theirs: HashSet<String> = off["schema"]["foreignKeys"]
            .as_array()
            .map(|k| {
                k.iter()
                    .filter(|k| written.contains(k["reference"]["resource"].as_str().unwrap()))
                    .map(|k| k.to_string())
                    .collect()
            })
            .unwrap_or_default();
        let ours: HashSet<String> =
            r["schema"]["foreignKeys"].as_array().unwrap().iter().map(|k| k.to_string()).collect();
        assert_eq!(ours, theirs, "{}", r["name"]);
    }
}

fn rows(files: &[ExportFile], name: &str) -> Vec<HashMap<String, String>> {
    let f = files.iter().find(|f| f.name == name).unwrap_or_else(|| panic!("{name}"));
    let mut r = csv::Reader::from_reader(f.bytes.as_slice());
    let headers: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    r.records()
        .map(|rec| headers.iter().cloned().zip(rec.unwrap().iter().map(str::to_owned)).collect())
        .collect()
}

#[test]
fn the_example_validates_against_the_official_descriptor_public_and_internal() {
    for public in [true, false] {
        let files = export(Format::Hsds, &example(), today(), &ExportOptions::public(public));
        let problems = validate(&files);
        assert!(problems.is_empty(), "public={public}:\n{}", problems.join("\n"));
        check_package(&files);
    }
}

#[test]
fn the_validator_catches_what_it_checks() {
    let mut files = export(Format::Hsds, &example(), today(), &ExportOptions::public(true));
    let services = files.iter_mut().find(|f| f.name == "services.csv").unwrap();
    let text = String::from_utf8(services.bytes.clone()).unwrap();
    // A status outside the list, and an organisation that does not exist.
    let first = text.lines().nth(1).unwrap();
    let org = first.split(',').nth(1).unwrap();
    let broken =
        text.replacen(",active,", ",open,", 1).replacen(org, "00000000-0000-5000-8000-000000000000", 1);
    services.bytes = broken.into_bytes();
    let problems = validate(&files);
    assert!(problems.iter().any(|p| p.contains("status") && p.contains("not one of")), "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("is not an id of organization")), "{problems:?}");
}

#[test]
fn hsds_is_public_by_default_and_internal_on_request() {
    let reg = example();
    assert!(Format::Hsds.public_by_default() && !Format::Csv.public_by_default());
    let public = export(Format::Hsds, &reg, today(), &ExportOptions::for_format(Format::Hsds));
    let internal = export(Format::Hsds, &reg, today(), &ExportOptions::public(false));
    let sindre = "+47 44 67 31 42"; // Sindre Kvarme's mobile, internal in the example.
    let all = |files: &[ExportFile]| {
        files.iter().map(|f| String::from_utf8_lossy(&f.bytes).into_owned()).collect::<String>()
    };
    assert!(!all(&public).contains(sindre));
    assert!(all(&internal).contains(sindre));
    let marked = rows(&internal, "phones.csv");
    let row = marked.iter().find(|r| r["number"] == sindre).unwrap();
    assert_eq!(row["description"], "Kun for samarbeidspartnere");
    assert!(all(&internal).contains("Intern utgave"));
}

#[test]
fn the_mapping_fills_the_new_tables() {
    let reg = example();
    let files = export(Format::Hsds, &reg, today(), &ExportOptions::public(true));
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    for table in [
        "locations.csv",
        "addresses.csv",
        "schedules.csv",
        "service_areas.csv",
        "taxonomies.csv",
        "taxonomy_terms.csv",
        "attributes.csv",
        "organization_identifiers.csv",
    ] {
        assert!(names.contains(&table), "{table}");
        assert!(!rows(&files, table).is_empty(), "{table} has rows");
    }
    // Organisation numbers in organization_identifiers, not the deprecated tax_id.
    assert!(rows(&files, "organizations.csv").iter().all(|r| r["tax_id"].is_empty()));
    let ids = rows(&files, "organization_identifiers.csv");
    assert!(ids.iter().any(|r| r["identifier"] == "981626850" && r["identifier_scheme"] == "NO-BRC"));
    // Addresses read into their parts, with the county from the kommunenummer.
    let addresses = rows(&files, "addresses.csv");
    let vinstra = addresses.iter().find(|r| r["address_1"] == "Røde Kors-huset, Industrivegen 4").unwrap();
    assert_eq!((vinstra["postal_code"].as_str(), vinstra["city"].as_str()), ("2640", "Vinstra"));
    assert_eq!((vinstra["state_province"].as_str(), vinstra["country"].as_str()), ("Innlandet", "NO"));
    // «Adresse oppgis ved kontakt» is a location with words, not an address.
    assert!(rows(&files, "locations.csv").iter().any(|r| r["description"] == "Adresse oppgis ved kontakt"));
    // Schedules: machine-readable where simple, always with the words.
    let schedules = rows(&files, "schedules.csv");
    let weekdays = schedules.iter().find(|r| r["description"] == "Mandag–fredag 08.00–15.30").unwrap();
    assert_eq!(
        (weekdays["byday"].as_str(), weekdays["opens_at"].as_str(), weekdays["closes_at"].as_str()),
        ("MO,TU,WE,TH,FR", "08:00:00", "15:30:00")
    );
    let club = schedules.iter().find(|r| r["description"] == "Annenhver tirsdag 18.00–20.00").unwrap();
    assert_eq!((club["byday"].as_str(), club["interval"].as_str()), ("TU", "2"));
    assert!(schedules.iter().any(|r| r["description"].contains("telefontid") && r["opens_at"].is_empty()));
    // Service areas name the municipality and give its number.
    let areas = rows(&files, "service_areas.csv");
    assert!(areas.iter().any(|r| r["name"] == "Nord-Fron" && r["description"] == "Kommunenummer 3436"));
    // Sectors as a taxonomy, linked to services by attributes.
    let terms = rows(&files, "taxonomy_terms.csv");
    let frivillig = terms.iter().find(|r| r["name"] == "Frivillige organisasjoner").unwrap();
    assert!(rows(&files, "attributes.csv").iter().any(|r| r["taxonomy_term_id"] == frivillig["id"]));
}

#[test]
fn values_are_written_as_other_systems_expect() {
    let mut reg = example();
    reg.offerings[0].purpose = "Praktiske prosjekter.".into();
    reg.offerings[0].schedule = "Tirsdager".into();
    reg.offerings[1].name = "=HYPERLINK(\"http://x\")".into();
    let files = export(Format::Hsds, &reg, today(), &ExportOptions::public(true));
    let services = rows(&files, "services.csv");
    // No «..» where the schedule follows the purpose.
    assert!(services.iter().all(|r| !r["description"].contains("..")), "double full stop");
    assert!(services.iter().any(|r| r["description"] == "Praktiske prosjekter. Tirsdager"));
    // A formula is text, a phone number is a phone number.
    assert!(services.iter().any(|r| r["name"] == "'=HYPERLINK(\"http://x\")"));
    let phones = rows(&files, "phones.csv");
    assert!(phones.iter().any(|r| r["number"] == "+47 94 33 65 80"), "phones as +47 94 33 65 80");
    assert!(phones.iter().all(|r| !r["number"].starts_with('\'')));
    // last_modified from the record's own dates, never the export day.
    let today_stamp = today().format("%Y-%m-%d").to_string();
    assert!(services.iter().all(|r| !r["last_modified"].starts_with(&today_stamp)));
    let first = &reg.offerings[0];
    let row = services.iter().find(|r| r["name"] == first.name).unwrap();
    assert_eq!(row["last_modified"], format!("{}T00:00:00Z", first.confirmed.unwrap().format("%Y-%m-%d")));
    // UUID v5, stable between exports and not tied to the day.
    let again = export(Format::Hsds, &reg, today().succ_opt().unwrap(), &ExportOptions::public(true));
    assert_eq!(
        rows(&again, "services.csv").iter().map(|r| r["id"].clone()).collect::<Vec<_>>(),
        services.iter().map(|r| r["id"].clone()).collect::<Vec<_>>()
    );
    assert_eq!(uuid::Uuid::parse_str(&services[0]["id"]).unwrap().get_version_num(), 5);
}
