//! The closed vocabularies of the register, each with its Norwegian label.
//!
//! Variant names are what the RON file holds; [`Labelled::label`] is what the user reads.

use serde::{Deserialize, Serialize};

/// An enum whose values have a Norwegian label and can be listed (for pickers and filters).
pub trait Labelled: Sized + Copy + PartialEq + 'static {
    /// Every value, in display order.
    const ALL: &'static [Self];
    /// The Norwegian label shown to users.
    fn label(self) -> &'static str;
}

macro_rules! labelled_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $label:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl Labelled for $name {
            const ALL: &'static [Self] = &[$(Self::$variant),+];
            fn label(self) -> &'static str {
                match self {
                    $(Self::$variant => $label),+
                }
            }
        }

        impl $name {
            /// The labels of [`Labelled::ALL`], in the same order (for lists that need them
            /// as constants).
            pub const LABELS: &'static [&'static str] = &[$($label),+];
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

labelled_enum!(
    /// The kind of service, as the municipal plans group them.
    Sector {
        Barnevern => "Barnevern",
        Nav => "NAV",
        Ppt => "PPT",
        Helsestasjon => "Helsestasjon og skolehelsetjeneste",
        Barnehage => "Barnehage",
        Skole => "Skole og SFO",
        PsykiskHelseRus => "Psykisk helse og rus",
        Bup => "BUP",
        Familievern => "Familievernkontor",
        Politi => "Politi",
        Slt => "SLT",
        Tannhelse => "Tannhelse",
        Flyktningtjeneste => "Flyktningtjeneste",
        KulturFritid => "Kultur og fritid",
        FamiliensHus => "Familiens hus",
        Frivillig => "Frivillige organisasjoner",
        Annet => "Annet",
    }
);

labelled_enum!(
    /// Who owns and runs a service.
    OwnerKind {
        Municipal => "Kommunal",
        InterMunicipal => "Interkommunal",
        County => "Fylkeskommunal",
        State => "Statlig",
        SpecialistHealth => "Spesialisthelsetjeneste",
        Private => "Privat",
        Voluntary => "Frivillig",
    }
);

labelled_enum!(
    /// Prevention level, drawn green / yellow / red everywhere.
    PreventionLevel {
        /// «Bra for alle»
        Universal => "Universell – bra for alle",
        /// «Nyttig for noen»
        Selective => "Selektiv – nyttig for noen",
        /// «Nødvendig for den enkelte»
        Indicated => "Indisert – nødvendig for den enkelte",
    }
);

impl PreventionLevel {
    /// The short word: universell, selektiv, indisert.
    pub fn short(self) -> &'static str {
        match self {
            Self::Universal => "Universell",
            Self::Selective => "Selektiv",
            Self::Indicated => "Indisert",
        }
    }
}

labelled_enum!(
    /// How a family gets in.
    Access {
        Referral => "Henvisning",
        LowThreshold => "Lavterskel",
        Both => "Henvisning og lavterskel",
    }
);

labelled_enum!(
    /// Where an agreement or forum works: the system level or around the single child.
    Level {
        System => "Systemnivå",
        Individual => "Individnivå",
        Both => "System- og individnivå",
    }
);

labelled_enum!(
    /// The life cycle of a collaboration agreement.
    AgreementStatus {
        Draft => "Utkast",
        Current => "Gjeldende",
        UnderRevision => "Under revisjon",
        Ended => "Opphørt",
    }
);

labelled_enum!(
    /// How far a routine is formalised («beskrive eller organisere i faste former»).
    Formalisation {
        /// Written and adopted.
        Adopted => "Skriftlig og vedtatt",
        /// Written, not yet adopted.
        Draft => "Skriftlig utkast",
        /// Practised but not written down.
        Unwritten => "Muntlig praksis",
        /// Known to be needed, but there is none.
        Missing => "Mangler",
    }
);

labelled_enum!(
    /// The kind of written routine.
    RoutineKind {
        Routine => "Rutine",
        Procedure => "Prosedyre",
        Guide => "Handlingsveileder",
        Transition => "Overgangsrutine",
        Form => "Skjema",
    }
);

labelled_enum!(
    /// How often a forum meets.
    Frequency {
        Weekly => "Ukentlig",
        Biweekly => "Annenhver uke",
        Monthly => "Månedlig",
        Quarterly => "Kvartalsvis",
        HalfYearly => "Halvårlig",
        Yearly => "Årlig",
        AsNeeded => "Ved behov",
    }
);

labelled_enum!(
    /// Where a measure of the plan stands (Porsgrunn's «Status» column): beside `active`,
    /// which says whether the record is still listed at all.
    OfferingStatus {
        /// Decided or recommended, not started («Anbefales», «Oppstart aug»).
        Planned => "Planlagt",
        /// Running.
        Ongoing => "Pågående",
        /// Stopped; kept as history.
        Ended => "Avsluttet",
    }
);

// By hand: `labelled_enum!` derives one fixed set of traits for every vocabulary.
#[allow(clippy::derivable_impls)]
impl Default for OfferingStatus {
    fn default() -> Self {
        Self::Ongoing
    }
}

labelled_enum!(
    /// A month of the year, for forums that meet in given months («september») and the month
    /// the municipality confirms its volunteer offers. Lower case, as Norwegian writes them.
    Month {
        January => "januar",
        February => "februar",
        March => "mars",
        April => "april",
        May => "mai",
        June => "juni",
        July => "juli",
        August => "august",
        September => "september",
        October => "oktober",
        November => "november",
        December => "desember",
    }
);

impl Month {
    /// 1 for January … 12 for December.
    pub fn number(self) -> u32 {
        self as u32 + 1
    }

    /// The month numbered 1 … 12.
    pub fn from_number(n: u32) -> Option<Self> {
        Self::ALL.get(n.checked_sub(1)? as usize).copied()
    }
}

labelled_enum!(
    /// Day of the week an offering runs.
    Weekday {
        Mon => "Mandag",
        Tue => "Tirsdag",
        Wed => "Onsdag",
        Thu => "Torsdag",
        Fri => "Fredag",
        Sat => "Lørdag",
        Sun => "Søndag",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_lists_each_value_label_in_order() {
        let labels: Vec<_> = AgreementStatus::ALL.iter().map(|v| v.label()).collect();
        assert_eq!(AgreementStatus::LABELS, labels.as_slice());
        assert_eq!(AgreementStatus::LABELS[AgreementStatus::Current as usize], "Gjeldende");
        let labels: Vec<_> = Formalisation::ALL.iter().map(|v| v.label()).collect();
        assert_eq!(Formalisation::LABELS, labels.as_slice());
        let labels: Vec<_> = OfferingStatus::ALL.iter().map(|v| v.label()).collect();
        assert_eq!(OfferingStatus::LABELS, labels.as_slice());
    }

    #[test]
    fn every_value_has_a_distinct_label() {
        fn check<T: Labelled + std::fmt::Debug>() {
            let labels: Vec<_> = T::ALL.iter().map(|v| v.label()).collect();
            let mut dedup = labels.clone();
            dedup.sort();
            dedup.dedup();
            assert_eq!(labels.len(), dedup.len(), "{labels:?}");
            assert!(labels.iter().all(|l| !l.is_empty()));
        }
        for (i, m) in Month::ALL.iter().enumerate() {
            assert_eq!(m.number(), i as u32 + 1);
            assert_eq!(Month::from_number(m.number()), Some(*m));
        }
        assert_eq!(Month::from_number(0), None);
        assert_eq!(Month::from_number(13), None);
        check::<Sector>();
        check::<OwnerKind>();
        check::<PreventionLevel>();
        check::<Access>();
        check::<Level>();
        check::<AgreementStatus>();
        check::<Formalisation>();
        check::<RoutineKind>();
        check::<Frequency>();
        check::<Weekday>();
        check::<OfferingStatus>();
        check::<Month>();
    }
}
