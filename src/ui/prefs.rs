//! The user's preferences, kept between runs.

/// Preferences kept between runs (eframe persistence), per user and machine.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// The user's name, recorded in the change log and revision history.
    pub user_name: String,
    pub dark: bool,
    pub zoom: f32,
    /// Save automatically a few seconds after each change.
    pub autosave: bool,
}

impl Default for Prefs {
    fn default() -> Self {
        // No name until the user gives one: the first start asks (see `user.rs`).
        Self { user_name: String::new(), dark: false, zoom: 1.0, autosave: false }
    }
}
