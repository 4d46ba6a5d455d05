//! Typed, readable record ids. Each kind of record has its own id type so that a contact id
//! can never be passed where a service id is expected; in the file they are plain strings
//! such as `"nav-ung"`.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub fn new(s: impl Into<String>) -> Self {
                Self(s.into())
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                Self(s)
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }
    };
}

id_type!(
    /// Id of a [`crate::model::Service`].
    ServiceId
);
id_type!(
    /// Id of a [`crate::model::Contact`].
    ContactId
);
id_type!(
    /// Id of an [`crate::model::Agreement`].
    AgreementId
);
id_type!(
    /// Id of a [`crate::model::Routine`].
    RoutineId
);
id_type!(
    /// Id of a [`crate::model::Forum`].
    ForumId
);
id_type!(
    /// Id of an [`crate::model::Offering`].
    OfferingId
);
id_type!(
    /// Id of an [`crate::model::Expectation`].
    ExpectationId
);

/// Whether `s` is a well-formed id: lower-case ASCII letters, digits and `-`, `_`, `.`,
/// starting with a letter or digit. Readable in the file and safe in URLs and UIDs.
pub fn is_valid_id(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit() => {}
        _ => return false,
    }
    chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
}

/// Turns a name into an id candidate: "NAV Ungdom 18–25" → "nav-ungdom-18-25".
/// Norwegian letters are transliterated (æ→ae, ø→o, å→a).
pub fn slugify(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        match c {
            'a'..='z' | '0'..='9' => out.push(c),
            'æ' => out.push_str("ae"),
            'ø' | 'ö' => out.push('o'),
            'å' | 'ä' | 'á' | 'à' => out.push('a'),
            'é' | 'è' => out.push('e'),
            'ü' => out.push('u'),
            _ => {
                if !out.is_empty() && !out.ends_with('-') {
                    out.push('-');
                }
            }
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() { "ny".to_owned() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_transliterates_norwegian_letters() {
        for (name, id) in [
            ("NAV Ungdom 18–25", "nav-ungdom-18-25"),
            ("Bærum Øst Åpen", "baerum-ost-apen"),
            ("  --  ", "ny"),
        ] {
            assert_eq!(slugify(name), id, "{name}");
        }
        assert!(is_valid_id(&slugify("Familiens hus (Sør-Fron)")));
    }

    #[test]
    fn id_rules() {
        assert!(is_valid_id("nav-ung"));
        assert!(is_valid_id("3431.bv"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("-nav"));
        assert!(!is_valid_id("NAV"));
        assert!(!is_valid_id("nav ung"));
        assert!(!is_valid_id("bø"));
    }
}
