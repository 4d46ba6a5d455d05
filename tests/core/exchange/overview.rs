//! The overview of offerings (`--report offerings`): what it lists, how it groups, what each
//! offering says, and that the public edition holds nothing internal.

use super::*;
use samkart::exchange::overview::export_overview;
use samkart::exchange::{ExportOptions, GroupBy, OfferingFilter, Report};

/// The overview, without the soft breaks it puts in addresses.
fn overview(reg: &Register, options: ExportOptions) -> String {
    export_overview(reg, today(), &ExportOptions { report: Report::Offerings, ..options })
        .replace("<wbr>", "")
}

/// The offering names in the order they are printed.
fn listed(html: &str) -> Vec<String> {
    html.split("<h3>")
        .skip(1)
        .map(|s| html_escape::decode_html_entities(s.split("</h3>").next().unwrap()).into_owned())
        .collect()
}

#[test]
fn it_lists_exactly_what_the_filter_lets_through_grouped_for_all_some_few() {
    let reg = example();
    let filter = OfferingFilter {
        age: Some(12),
        municipality: Some("3436".into()),
        sector: Some(Sector::Frivillig),
        ..Default::default()
    };
    let html = overview(&reg, ExportOptions { public: true, filter: filter.clone(), ..Default::default() });
    let mut expected: Vec<String> = reg
        .offerings
        .iter()
        .filter(|o| filter.matches(o, reg.service(&o.provider)))
        .map(|o| o.name.clone())
        .collect();
    assert!(expected.len() >= 3, "{expected:?}");
    let mut got = listed(&html);
    got.sort();
    expected.sort();
    assert_eq!(got, expected);
    assert!(html.contains("Utvalg: frivillige organisasjoner, 12 år, Nord-Fron."), "{}", &html[..900]);
    assert!(html.contains("<title>Frivillige organisasjoner og tilbud – Midtdalen</title>"));

    // Everything, grouped by level: «For alle» before «For noen» before «For få», and each
    // offering under its own level.
    let html = overview(&reg, ExportOptions { public: true, ..Default::default() });
    let at = |h: &str| html.find(&format!("<h2>{h}</h2>")).unwrap_or_else(|| panic!("{h}"));
    assert!(at("For alle") < at("For noen") && at("For noen") < at("For få"));
    let ppt = &reg.offerings.iter().find(|o| !o.active).unwrap().name;
    assert!(!listed(&html).contains(ppt), "inactive offerings are not listed");
    for o in reg.offerings.iter().filter(|o| o.active) {
        let pos = html.find(&format!("<h3>{}</h3>", html_escape::encode_text(&o.name))).unwrap();
        let heading = match o.prevention_level {
            Some(PreventionLevel::Universal) => "For alle",
            Some(PreventionLevel::Selective) => "For noen",
            Some(PreventionLevel::Indicated) => "For få",
            None => "Andre tilbud",
        };
        let section = html[..pos].rfind("<h2>").unwrap();
        assert!(html[section..].starts_with(&format!("<h2>{heading}</h2>")), "{}", o.name);
    }

    // By theme: one heading per theme, alphabetical the Norwegian way.
    let html = overview(&reg, ExportOptions { public: true, group_by: GroupBy::Theme, ..Default::default() });
    let headings: Vec<&str> = html.split("<h2>").skip(1).map(|s| s.split("</h2>").next().unwrap()).collect();
    assert!(headings.contains(&"Leksehjelp") && headings.contains(&"Foreldreveiledning"));
    let themes: Vec<&str> = headings.iter().copied().filter(|h| *h != "Tilbydere").collect();
    let mut sorted = themes.clone();
    sorted.sort_by_key(|h| sort_key(h));
    assert_eq!(themes, sorted);
    assert_eq!(html.matches("<h2>Leksehjelp</h2>").count(), 1);
}

#[test]
fn each_offering_says_who_what_when_where_price_how_and_whom_to_ask() {
    let reg = example();
    let html = overview(&reg, ExportOptions { public: true, ..Default::default() });
    let card = |name: &str| {
        let start = html.find(&format!("<h3>{name}</h3>")).unwrap();
        html[start..start + html[start..].find("</div>").unwrap()].to_owned()
    };
    let club = card("4H-klubb Sør-Fron");
    for part in [
        "<p class=\"by\">Sør-Fron 4H</p>",
        "<dt>For hvem</dt><dd>Barn og unge 10–18 år</dd>",
        "<dt>Hensikt</dt><dd>Praktiske prosjekter",
        "<dt>Når og hvor</dt><dd>Annenhver tirsdag 18.00–20.00<br>Sør-Fron</dd>",
        "<dt>Pris</dt><dd>Kontingent 250 kr per år</dd>",
        "<dt>Slik blir du med</dt><dd>Kontakt klubbleder</dd>",
        "94 33 65 80",
        "sorfron@4h-innlandet.no",
    ] {
        assert!(club.contains(part), "{part} in {club}");
    }
    assert!(!club.contains("10–18 år, 10–18 år"), "the age once");
    let contact = reg.contact(&"gro-sylte".into()).unwrap();
    assert!(club.contains(&contact.name), "the responsible person is named");
    assert!(card("Aktivitetskortet / Fritidserklæringen").contains("<dt>Pris</dt><dd>Gratis</dd>"));
}

#[test]
fn the_public_edition_has_no_internal_numbers_and_the_internal_one_marks_them() {
    let reg = example();
    let internal: Vec<String> = reg
        .contacts
        .iter()
        .flat_map(|c| [&c.phone, &c.mobile, &c.email])
        .filter(|d| d.internal && !d.is_empty())
        .map(|d| samkart::model::format::display_phone(&d.value))
        .collect();
    let public = overview(&reg, ExportOptions { public: true, ..Default::default() });
    for v in &internal {
        assert!(!public.contains(v.as_str()), "{v}");
    }
    assert!(!public.contains("kun for samarbeidspartnere") && public.contains("Offentlig utgave."));
    let inside = overview(&reg, ExportOptions::default());
    assert!(inside.contains("<strong>Intern utgave.</strong>"));
    let marked = internal
        .iter()
        .filter(|v| inside.contains(&format!("{v} <small>(kun for samarbeidspartnere)</small>")))
        .count();
    assert!(marked > 0, "internal numbers of responsible persons are marked");
}

#[test]
fn user_text_is_escaped_and_an_empty_selection_says_so() {
    let mut reg = example();
    reg.offerings[0].name = "<script>alert(1)</script>".into();
    reg.offerings[0].how_to_join = "<img src=x onerror=alert(1)>".into();
    let html = overview(&reg, ExportOptions { public: true, ..Default::default() });
    assert!(!html.contains("<script>") && !html.contains("<img"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let none = overview(
        &reg,
        ExportOptions {
            public: true,
            filter: OfferingFilter { municipality: Some("0000".into()), ..Default::default() },
            ..Default::default()
        },
    );
    assert!(none.contains("Ingen tilbud passer utvalget."));
    assert!(listed(&none).is_empty());
}
