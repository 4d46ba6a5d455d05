//! The overview of offerings («oversikt over tilbud»): what the Fredrikstad audit asked for
//! («en oversikt over frivillige organisasjoner i kommunen») and the yearly overview of
//! preventive measures in the Midtdalen plan, for families and for caseworkers who refer
//! them on. One self-contained HTML file that prints on A4.
//!
//! The offerings are grouped by prevention level («for alle», «for noen», «for få») or by
//! theme; each shows its provider, target group and age, purpose, when and where, price or
//! free, how to join and whom to contact. [`OfferingFilter`] is the same filter the Frivillig
//! view applies, so a print started there lists what the screen lists. With `public`, the
//! register goes through the public view first (no internal numbers, no staff who left);
//! without it, internal numbers are marked «kun for samarbeidspartnere».

use super::page::{address, t};
use super::{ExportOptions, date, view};
use crate::model::format::display_phone;
use crate::model::*;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write;

/// Which offerings an overview lists (and the Frivillig view shows).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OfferingFilter {
    /// An age in years the offering must be open to; an offering without an age range is
    /// open to all ages.
    pub age: Option<u8>,
    /// Only offerings that are free of charge.
    pub free_only: bool,
    /// Only offerings on this weekday.
    pub weekday: Option<Weekday>,
    /// Kommunenummer: only offerings there (see [`offered_in`]).
    pub municipality: Option<String>,
    /// Only offerings whose provider is in this sector (Frivillig: the volunteer
    /// organisations).
    pub sector: Option<Sector>,
}

impl OfferingFilter {
    /// Whether anything is filtered on an offering's own properties (age, price, weekday),
    /// as opposed to where it is and who runs it.
    pub fn filters_offers(&self) -> bool {
        self.age.is_some() || self.free_only || self.weekday.is_some()
    }

    /// Whether an offering passes: it is active and not ended, its provider exists and is
    /// active, and it meets every condition set. A planned one is listed, marked as planned.
    pub fn matches(&self, o: &Offering, provider: Option<&Service>) -> bool {
        o.is_current()
            && provider.is_some_and(|p| p.active)
            && self.age.is_none_or(|a| o.age.is_none_or(|r| r.contains(a)))
            && (!self.free_only || o.free)
            && self.weekday.is_none_or(|d| o.weekdays.contains(&d))
            && self.municipality.as_deref().is_none_or(|m| offered_in(o, m, provider))
            && self.sector.is_none_or(|s| provider.is_some_and(|p| p.sector == s))
    }

    /// The conditions in words, for the report: «12 år», «Nord-Fron», «bare gratis».
    pub fn describe(&self, reg: &Register) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(s) = self.sector {
            out.push(s.label().to_lowercase());
        }
        if let Some(a) = self.age {
            out.push(format!("{a} år"));
        }
        if let Some(m) = &self.municipality {
            out.push(reg.municipality_name(m).to_owned());
        }
        if self.free_only {
            out.push("bare gratis".to_owned());
        }
        if let Some(d) = self.weekday {
            out.push(d.label().to_lowercase());
        }
        out
    }
}

/// Whether an offering runs in a municipality: its own list, else wherever its provider
/// serves.
pub fn offered_in(o: &Offering, number: &str, provider: Option<&Service>) -> bool {
    if o.municipalities.is_empty() {
        provider.is_some_and(|s| s.municipalities.iter().any(|m| m == number))
    } else {
        o.municipalities.iter().any(|m| m == number)
    }
}

/// The kommunenummer for what the user typed: a number or a name in the register, any case.
/// The error says which municipalities there are.
pub fn municipality_number(reg: &Register, input: &str) -> Result<String, String> {
    let wanted = input.trim();
    reg.municipalities
        .iter()
        .find(|m| m.number == wanted || m.name.to_lowercase() == wanted.to_lowercase())
        .map(|m| m.number.clone())
        .ok_or_else(|| {
            let known: Vec<String> =
                reg.municipalities.iter().map(|m| format!("{} ({})", m.name, m.number)).collect();
            if known.is_empty() {
                format!("Kommunen «{wanted}» finnes ikke: registeret har ingen kommuner.")
            } else {
                format!("Kommunen «{wanted}» finnes ikke i registeret. Velg en av: {}.", known.join(", "))
            }
        })
}

/// How the overview groups its offerings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum GroupBy {
    /// «For alle», «for noen», «for få» (universell, selektiv, indisert).
    #[default]
    Level,
    /// By the offering's theme (tema).
    Theme,
}

impl GroupBy {
    pub const ALL: [GroupBy; 2] = [Self::Level, Self::Theme];

    /// The name used on the command line.
    pub fn key(self) -> &'static str {
        match self {
            Self::Level => "level",
            Self::Theme => "theme",
        }
    }

    /// What the user reads.
    pub fn label(self) -> &'static str {
        match self {
            Self::Level => "Etter forebyggingsnivå (for alle, for noen, for få)",
            Self::Theme => "Etter tema",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.key().eq_ignore_ascii_case(key))
    }
}

/// Target group and age without saying the age twice: «Barn 6–10 år» stays as it is,
/// «Barn» with 6–10 becomes «Barn, 6–10 år».
pub fn target_text(target_group: &str, age: Option<AgeRange>) -> String {
    let group = target_group.trim();
    let Some(a) = age else { return group.to_owned() };
    let said =
        [format!("{}–{}", a.from, a.to), format!("{}-{}", a.from, a.to), format!("{} – {}", a.from, a.to)]
            .iter()
            .any(|s| group.contains(s.as_str()));
    match (group.is_empty(), said) {
        (true, _) => a.to_string(),
        (false, true) => group.to_owned(),
        (false, false) => format!("{group}, {a}"),
    }
}

/// Price in words: «Gratis», the price as written, or nothing.
pub fn price_text(o: &Offering) -> String {
    if o.free { "Gratis".to_owned() } else { o.price.trim().to_owned() }
}

const OVERVIEW_STYLE: &str = r#"
.intro { margin: 0 0 3mm; }
.internal { border: 1px solid #a94442; background: #f2dede; padding: 2mm 3mm; margin: 0 0 4mm; }
.offer { border: 1px solid #bbb; border-left: 2.5mm solid #999; padding: 2mm 3mm; margin: 0 0 3mm; break-inside: avoid; }
.offer.universal { border-left-color: #5cb85c; }
.offer.selective { border-left-color: #f0ad4e; }
.offer.indicated { border-left-color: #d9534f; }
.offer h3 { font-size: 11pt; margin: 0; }
.offer p.by { margin: 0 0 1.5mm; color: #555; }
.offer dl { display: grid; grid-template-columns: 30mm minmax(0, 1fr); gap: 0.6mm 3mm; margin: 0; }
.offer dt { font-weight: bold; }
.offer dd { margin: 0; }
.who { color: #555; }
table.providers th:first-child { width: 40%; }
"#;

/// One group of the overview: its heading, a line under it, and the CSS class of its cards.
struct Group<'r> {
    heading: String,
    lead: &'static str,
    class: &'static str,
    offers: Vec<&'r Offering>,
}

fn level_class(level: Option<PreventionLevel>) -> &'static str {
    match level {
        Some(PreventionLevel::Universal) => "universal",
        Some(PreventionLevel::Selective) => "selective",
        Some(PreventionLevel::Indicated) => "indicated",
        None => "",
    }
}

fn groups<'r>(offers: Vec<&'r Offering>, by: GroupBy) -> Vec<Group<'r>> {
    match by {
        GroupBy::Level => {
            let levels: [(Option<PreventionLevel>, &str, &str); 4] = [
                (Some(PreventionLevel::Universal), "For alle", "Universelle tilbud – bra for alle"),
                (Some(PreventionLevel::Selective), "For noen", "Selektive tilbud – nyttig for noen"),
                (Some(PreventionLevel::Indicated), "For få", "Indiserte tilbud – nødvendig for den enkelte"),
                (None, "Andre tilbud", "Uten oppgitt forebyggingsnivå"),
            ];
            levels
                .into_iter()
                .map(|(level, heading, lead)| Group {
                    heading: heading.to_owned(),
                    lead,
                    class: level_class(level),
                    offers: offers.iter().copied().filter(|o| o.prevention_level == level).collect(),
                })
                .filter(|g| !g.offers.is_empty())
                .collect()
        }
        GroupBy::Theme => {
            // Themes compare without case; the first spelling met is the heading.
            let mut by_theme: BTreeMap<Vec<u32>, (String, Vec<&'r Offering>)> = BTreeMap::new();
            let mut none = Vec::new();
            for o in offers {
                let theme = o.theme.trim();
                if theme.is_empty() {
                    none.push(o);
                } else {
                    by_theme
                        .entry(sort_key(theme))
                        .or_insert_with(|| (theme.to_owned(), Vec::new()))
                        .1
                        .push(o);
                }
            }
            let mut out: Vec<Group<'r>> = by_theme
                .into_values()
                .map(|(heading, offers)| Group { heading, lead: "", class: "", offers })
                .collect();
            if !none.is_empty() {
                out.push(Group { heading: "Uten tema".to_owned(), lead: "", class: "", offers: none });
            }
            out
        }
    }
}

/// A contact detail as HTML, marked when it is only for partners (only in the internal
/// edition: the public view has none).
fn detail(d: &ContactDetail, show: impl Fn(&str) -> String) -> Option<String> {
    if d.is_empty() {
        return None;
    }
    let mark = if d.internal { " <small>(kun for samarbeidspartnere)</small>" } else { "" };
    Some(format!("{}{mark}", show(d.value.trim())))
}

fn phone_html(value: &str) -> String {
    t(&display_phone(value))
}

/// «Navn, rolle · telefon · e-post» for the responsible person, when someone fills the post.
fn person(reg: &Register, id: &Option<ContactId>) -> Option<String> {
    let c = reg.contact(id.as_ref()?)?;
    if !c.is_reachable() || c.name.trim().is_empty() {
        return None;
    }
    let mut parts = vec![if c.role.trim().is_empty() {
        t(c.name.trim())
    } else {
        format!("{}, {}", t(c.name.trim()), t(c.role.trim()))
    }];
    parts.extend(detail(&c.phone, phone_html));
    parts.extend(detail(&c.mobile, phone_html));
    parts.extend(detail(&c.email, address));
    Some(parts.join(" · "))
}

/// The provider's own phone, e-mail and web page, as HTML.
fn provider_line(s: &Service) -> String {
    [phone_html(s.phone.trim()), address(s.email.trim()), address(s.web.trim())]
        .into_iter()
        .filter(|x| !x.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

fn offer_card(out: &mut String, reg: &Register, o: &Offering, class: &str) {
    let provider = reg.service(&o.provider);
    let _ = write!(out, "<div class=\"offer {class}\">\n<h3>{}</h3>\n", t(o.name.trim()));
    if let Some(p) = provider {
        let _ = writeln!(out, "<p class=\"by\">{}</p>", t(&p.display_name()));
    }
    out.push_str("<dl>\n");
    let mut row = |label: &str, value: String| {
        if !value.trim().is_empty() {
            let _ = writeln!(out, "<dt>{label}</dt><dd>{value}</dd>");
        }
    };
    if o.status == OfferingStatus::Planned {
        row("Status", "Planlagt, ikke startet ennå".to_owned());
    }
    row("For hvem", t(&target_text(&o.target_group, o.age)));
    if !o.participants.trim().is_empty() {
        row("Hvem deltar", t(o.participants.trim()));
    }
    row("Hensikt", t(o.purpose.trim()));
    let places: Vec<&str> = if o.municipalities.is_empty() {
        provider
            .map(|p| p.municipalities.iter().map(|m| reg.municipality_name(m)).collect())
            .unwrap_or_default()
    } else {
        o.municipalities.iter().map(|m| reg.municipality_name(m)).collect()
    };
    let when = [o.schedule.trim().to_owned(), places.join(", ")]
        .into_iter()
        .filter(|s| !s.is_empty())
        .map(|s| t(&s))
        .collect::<Vec<_>>()
        .join("<br>");
    row("Når og hvor", when);
    row("Pris", t(&price_text(o)));
    row("Slik blir du med", t(o.how_to_join.trim()));
    let mut contact: Vec<String> = person(reg, &o.responsible).into_iter().collect();
    if let Some(p) = provider {
        let line = provider_line(p);
        if !line.is_empty() {
            contact.push(line);
        }
    }
    if !o.web.trim().is_empty() && provider.is_none_or(|p| p.web.trim() != o.web.trim()) {
        contact.push(address(o.web.trim()));
    }
    row("Kontakt", contact.join("<br>"));
    if let Some(d) = o.confirmed {
        row("Sist bekreftet", date(d));
    }
    out.push_str("</dl>\n</div>\n");
}

/// The whole overview as one HTML document.
pub fn export_overview(reg: &Register, today: NaiveDate, options: &ExportOptions) -> String {
    let reg = view(reg, options.public);
    let reg = reg.as_ref();
    let filter = &options.filter;
    let mut offers: Vec<&Offering> =
        reg.offerings.iter().filter(|o| filter.matches(o, reg.service(&o.provider))).collect();
    offers.sort_by_cached_key(|o| {
        (sort_key(&o.name), reg.service(&o.provider).map(|p| sort_key(&p.name)).unwrap_or_default())
    });
    let providers: HashSet<&str> = offers.iter().map(|o| o.provider.as_str()).collect();

    let name = if reg.name.trim().is_empty() { "Samkart".to_owned() } else { reg.name.trim().to_owned() };
    let title = if filter.sector == Some(Sector::Frivillig) {
        format!("Frivillige organisasjoner og tilbud – {name}")
    } else {
        format!("Tilbud for barn, unge og familier – {name}")
    };
    let mut out = super::page::start(&title, OVERVIEW_STYLE);
    let munis = reg.municipalities.iter().map(|m| t(&m.name)).collect::<Vec<_>>().join(", ");
    let chosen = filter.describe(reg);
    let _ = writeln!(
        out,
        "<p class=\"meta\">Oversikt per {}{}.{} {} tilbud fra {} tilbydere.{}</p>",
        date(today),
        if munis.is_empty() { String::new() } else { format!(" for {munis}") },
        if chosen.is_empty() { String::new() } else { format!(" Utvalg: {}.", t(&chosen.join(", "))) },
        offers.len(),
        providers.len(),
        if options.public { " Offentlig utgave." } else { "" },
    );
    if !options.public {
        out.push_str(
            "<p class=\"internal\"><strong>Intern utgave.</strong> Numre og adresser merket «kun for samarbeidspartnere» skal ikke gis til innbyggere. Velg «offentlig utgave» for en oversikt som kan deles ut og publiseres.</p>\n",
        );
    }
    if offers.is_empty() {
        out.push_str("<p class=\"none\">Ingen tilbud passer utvalget.</p>\n");
    } else if options.group_by == GroupBy::Level {
        out.push_str("<p class=\"intro\">Tilbudene er ordnet etter hvem de er for: <strong>for alle</strong> (bra for alle), <strong>for noen</strong> (nyttig for noen) og <strong>for få</strong> (nødvendig for den enkelte).</p>\n");
    }
    for g in groups(offers, options.group_by) {
        let _ = writeln!(out, "<h2>{}</h2>", t(&g.heading));
        if !g.lead.is_empty() {
            let _ = writeln!(out, "<p class=\"who\">{}</p>", t(g.lead));
        }
        for o in g.offers {
            offer_card(&mut out, reg, o, g.class);
        }
    }
    provider_list(&mut out, reg, filter, &providers);
    out.push_str("</body>\n</html>\n");
    out
}

/// Every provider in the overview, with how to reach them; with a sector chosen and no filter
/// on the offers themselves, also the organisations with nothing listed (as Frivillig shows
/// them), so the overview of organisations is complete.
fn provider_list(out: &mut String, reg: &Register, filter: &OfferingFilter, listed: &HashSet<&str>) {
    let everyone_in_sector = filter.sector.is_some() && !filter.filters_offers();
    let mut list: Vec<&Service> = reg
        .services
        .iter()
        .filter(|s| {
            listed.contains(s.id.as_str())
                || (everyone_in_sector
                    && s.active
                    && Some(s.sector) == filter.sector
                    && filter.municipality.as_ref().is_none_or(|m| s.municipalities.contains(m)))
        })
        .collect();
    if list.is_empty() {
        return;
    }
    list.sort_by_cached_key(|s| sort_key(&s.name));
    out.push_str("<h2>Tilbydere</h2>\n<table class=\"providers\"><thead><tr><th>Tilbyder</th><th>Kontakt</th></tr></thead><tbody>\n");
    for s in list {
        let mut contact = vec![provider_line(s)];
        if !s.address.trim().is_empty() {
            contact.push(t(s.address.trim()));
        }
        if !listed.contains(s.id.as_str()) {
            contact.push("<span class=\"none\">Ingen tilbud registrert</span>".to_owned());
        }
        contact.retain(|c| !c.is_empty());
        let _ = writeln!(out, "<tr><td>{}</td><td>{}</td></tr>", t(&s.display_name()), contact.join("<br>"));
    }
    out.push_str("</tbody></table>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_age_is_said_once() {
        let a = Some(AgeRange::new(7, 16));
        assert_eq!(target_text("Elever 7–16 år", a), "Elever 7–16 år");
        assert_eq!(target_text("Elever 7-16 år", a), "Elever 7-16 år");
        assert_eq!(target_text("Elever", a), "Elever, 7–16 år");
        assert_eq!(target_text("", a), "7–16 år");
        assert_eq!(target_text(" Alle ", None), "Alle");
        // «17–16» is not «7–16».
        assert_eq!(target_text("Ungdom 17–160", Some(AgeRange::new(17, 18))), "Ungdom 17–160, 17–18 år");
    }

    #[test]
    fn the_filter_is_the_frivillig_filter() {
        let mut reg = Register::new("t");
        reg.municipalities.push(Municipality { number: "3436".into(), name: "Nord-Fron".into() });
        let mut org = Service::new("lag", "Lag", Sector::Frivillig, OwnerKind::Voluntary);
        org.municipalities = vec!["3436".into()];
        let mut o = Offering::new("o", "Klubb", "lag");
        o.age = Some(AgeRange::new(10, 18));
        o.weekdays = vec![Weekday::Tue];
        let f = |age, free_only, weekday, municipality: Option<&str>, sector| OfferingFilter {
            age,
            free_only,
            weekday,
            municipality: municipality.map(str::to_owned),
            sector,
        };
        assert!(
            f(Some(12), false, Some(Weekday::Tue), Some("3436"), Some(Sector::Frivillig))
                .matches(&o, Some(&org))
        );
        assert!(!f(Some(9), false, None, None, None).matches(&o, Some(&org)));
        assert!(!f(None, true, None, None, None).matches(&o, Some(&org)));
        assert!(!f(None, false, Some(Weekday::Mon), None, None).matches(&o, Some(&org)));
        assert!(!f(None, false, None, Some("3438"), None).matches(&o, Some(&org)));
        assert!(!f(None, false, None, None, Some(Sector::Nav)).matches(&o, Some(&org)));
        assert!(!OfferingFilter::default().matches(&o, None), "no provider, not listed");
        org.active = false;
        assert!(!OfferingFilter::default().matches(&o, Some(&org)), "provider closed");

        assert_eq!(municipality_number(&reg, "nord-fron").unwrap(), "3436");
        assert_eq!(municipality_number(&reg, "3436").unwrap(), "3436");
        let err = municipality_number(&reg, "Oslo").unwrap_err();
        assert!(err.contains("«Oslo» finnes ikke") && err.contains("Nord-Fron (3436)"), "{err}");
    }
}
