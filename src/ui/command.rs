//! What the user asks the window to do. An [`Action`] is a command the user can give by
//! name, with its Norwegian label, tooltip, keyboard shortcut and place in the menus in one
//! place: the palette (Ctrl+K), the menus and the shortcuts all iterate [`Action::all`]. A
//! [`Command`] is what reaches [`crate::ui::App`]: an action to run, or a command that
//! carries data from a view or a dialog (an edit, a record to open, an answer). The app
//! handles every command in one `match`.

use crate::edit::Edit;
use crate::model::RecordKind;
use eframe::egui::{Context, Event, InputState, Key, KeyboardShortcut, Modifiers};

/// The views of the window, in tab order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum View {
    Search,
    Overview,
    Services,
    Contacts,
    Agreements,
    Routines,
    Forums,
    Offerings,
    Map,
    Volunteer,
    YearWheel,
    Log,
    Settings,
}

impl View {
    pub const ALL: [View; 13] = [
        Self::Search,
        Self::Overview,
        Self::Services,
        Self::Contacts,
        Self::Agreements,
        Self::Routines,
        Self::Forums,
        Self::Offerings,
        Self::Map,
        Self::Volunteer,
        Self::YearWheel,
        Self::Log,
        Self::Settings,
    ];

    /// The tab label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Search => "Søk",
            Self::Overview => "Oversikt",
            Self::Services => "Tjenester",
            Self::Contacts => "Kontakter",
            Self::Agreements => "Avtaler",
            Self::Routines => "Rutiner",
            Self::Forums => "Fora",
            Self::Offerings => "Tilbud",
            Self::Map => "Samarbeidskart",
            Self::Volunteer => "Frivillig",
            Self::YearWheel => "Årshjul",
            Self::Log => "Endringslogg",
            Self::Settings => "Innstillinger",
        }
    }

    /// The view that lists records of a kind.
    pub fn for_kind(kind: RecordKind) -> View {
        match kind {
            RecordKind::Service => Self::Services,
            RecordKind::Contact => Self::Contacts,
            RecordKind::Agreement => Self::Agreements,
            RecordKind::Routine => Self::Routines,
            RecordKind::Forum => Self::Forums,
            RecordKind::Offering => Self::Offerings,
            RecordKind::Expectation => Self::Settings,
        }
    }

    /// Alt+1 … Alt+9 for the first nine views.
    fn shortcut(self) -> Option<KeyboardShortcut> {
        const KEYS: [Key; 9] = [
            Key::Num1,
            Key::Num2,
            Key::Num3,
            Key::Num4,
            Key::Num5,
            Key::Num6,
            Key::Num7,
            Key::Num8,
            Key::Num9,
        ];
        let i = Self::ALL.iter().position(|v| *v == self)?;
        KEYS.get(i).map(|k| KeyboardShortcut::new(Modifiers::ALT, *k))
    }
}

/// What reaches the app: an action by name, or a command that carries data from a view or
/// a dialog.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// An action from the palette, a menu, a shortcut or a button.
    Run(Action),
    /// Open a record in its view, selected, with its detail panel (asks first if that
    /// view's form has edits).
    Open(RecordKind, String),
    /// Change the register (the only way it changes).
    Apply(Edit),
    /// Change the register, with this line in the change log instead of the edit's own
    /// («Markert som revidert 30.11.2026 av Kari Nordmann …»).
    ApplyAs(Edit, String),
    /// Esc in the form of this kind: asks before its edits are thrown away.
    CloseForm(RecordKind),
    /// Put `text` on the system clipboard; `what` says what it is («telefon»).
    Copy { text: String, what: String },
    /// Open the export dialog with its choices made (Frivillig: the public overview of
    /// offerings, with the view's filters).
    ExportPreset(Box<crate::ui::export_dialog::ExportDialog>),
    /// Open the user's mail program on a message to one contact (by id) asking them to
    /// confirm their details (a `mailto:` link).
    AskToConfirm(String),
    /// Replace the user's preferences (name, theme, zoom, autosave).
    SetPrefs(Box<crate::ui::prefs::Prefs>),
    /// The answer to «Endringer er ikke lagret»: save, throw away or go back.
    Answer(Answer),
}

impl From<Action> for Command {
    fn from(action: Action) -> Self {
        Self::Run(action)
    }
}

/// The user's answer to the question about unsaved work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    Save,
    Discard,
    Cancel,
}

/// A command the user can give by name, from the palette, a menu, a shortcut or a button.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Switch to a view.
    Show(View),
    /// Start a new record of this kind in its view (asks first if that view's form has
    /// edits).
    New(RecordKind),
    /// Copy the phone number (telefon, else mobil) of the contact chosen in Søk or
    /// Kontakter.
    CopyPhone,
    Undo,
    Redo,
    Save,
    SaveAs,
    OpenFile,
    NewRegister,
    /// Pick a spreadsheet and open the import dialog.
    Import,
    /// Open the export dialog.
    Export,
    /// Pick a folder and write an e-mail draft to every contact the review flags as not
    /// verified (see `crate::exchange::verify`).
    RequestVerification,
    /// Show the command palette.
    Palette,
    /// Put the cursor in the search field of the Søk view.
    FocusSearch,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    ToggleTheme,
    Quit,
}

/// The window's menus, in the menu bar's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Menu {
    File,
    Edit,
    Show,
}

impl Menu {
    pub const ALL: [Menu; 3] = [Self::File, Self::Edit, Self::Show];

    pub fn label(self) -> &'static str {
        match self {
            Self::File => "Fil",
            Self::Edit => "Rediger",
            Self::Show => "Vis",
        }
    }

    /// The menu's commands in order, `None` for a separator (between groups).
    pub fn entries(self) -> Vec<Option<Action>> {
        let mut mine: Vec<(u16, Action)> = Action::all()
            .into_iter()
            .filter_map(|c| c.place().and_then(|(m, pos)| (m == self).then_some((pos, c))))
            .collect();
        mine.sort_by_key(|(pos, _)| *pos);
        let mut out = Vec::new();
        let mut group = None;
        for (pos, c) in mine {
            if group.is_some_and(|g| g != pos / 100) {
                out.push(None);
            }
            group = Some(pos / 100);
            out.push(Some(c));
        }
        out
    }
}

impl Action {
    /// Every action, in the palette's order: the one list the palette, the menus
    /// ([`Menu::entries`]) and the keyboard shortcuts ([`with_shortcuts`]) iterate.
    pub fn all() -> Vec<Action> {
        let mut all: Vec<Action> = View::ALL.iter().map(|v| Action::Show(*v)).collect();
        all.extend([
            Action::FocusSearch,
            Action::CopyPhone,
            Action::New(RecordKind::Contact),
            Action::New(RecordKind::Service),
            Action::New(RecordKind::Agreement),
            Action::New(RecordKind::Routine),
            Action::New(RecordKind::Forum),
            Action::New(RecordKind::Offering),
            Action::Undo,
            Action::Redo,
            Action::Save,
            Action::SaveAs,
            Action::OpenFile,
            Action::NewRegister,
            Action::Import,
            Action::Export,
            Action::RequestVerification,
            Action::ZoomIn,
            Action::ZoomOut,
            Action::ZoomReset,
            Action::ToggleTheme,
            Action::Quit,
            Action::Palette,
        ]);
        all
    }

    /// Actions listed in the palette, in order: [`Action::all`] but the palette itself.
    pub fn palette() -> Vec<Action> {
        Self::all().into_iter().filter(|c| *c != Action::Palette).collect()
    }

    /// The menu a command is in, and its place there: hundreds are groups (a separator
    /// between them), the rest the order inside a group.
    pub fn place(self) -> Option<(Menu, u16)> {
        Some(match self {
            Self::OpenFile => (Menu::File, 100),
            Self::NewRegister => (Menu::File, 101),
            Self::Save => (Menu::File, 200),
            Self::SaveAs => (Menu::File, 201),
            Self::Import => (Menu::File, 300),
            Self::Export => (Menu::File, 301),
            Self::Quit => (Menu::File, 400),
            Self::Undo => (Menu::Edit, 100),
            Self::Redo => (Menu::Edit, 101),
            Self::Palette => (Menu::Edit, 200),
            Self::FocusSearch => (Menu::Edit, 201),
            Self::Show(v) => (Menu::Show, View::ALL.iter().position(|w| *w == v)? as u16),
            Self::ZoomIn => (Menu::Show, 1000),
            Self::ZoomOut => (Menu::Show, 1001),
            Self::ZoomReset => (Menu::Show, 1002),
            Self::ToggleTheme => (Menu::Show, 1003),
            _ => return None,
        })
    }

    /// The Norwegian label in menus and the palette.
    pub fn label(self) -> String {
        match self {
            Self::Show(v) => format!("Vis {}", v.label()),
            Self::New(k) => new_label(k).to_owned(),
            Self::CopyPhone => "Kopier telefonnummeret".into(),
            Self::Undo => "Angre".into(),
            Self::Redo => "Gjør om".into(),
            Self::Save => "Lagre".into(),
            Self::SaveAs => "Lagre som …".into(),
            Self::OpenFile => "Åpne register …".into(),
            Self::NewRegister => "Nytt register …".into(),
            Self::Import => "Importer …".into(),
            Self::Export => "Eksporter …".into(),
            Self::RequestVerification => "E-postutkast til kontakter som ikke er bekreftet …".into(),
            Self::Palette => "Kommandopalett".into(),
            Self::FocusSearch => "Søk etter kontakt, tjeneste eller tilbud".into(),
            Self::ZoomIn => "Større tekst".into(),
            Self::ZoomOut => "Mindre tekst".into(),
            Self::ZoomReset => "Vanlig tekststørrelse".into(),
            Self::ToggleTheme => "Bytt mellom lyst og mørkt tema".into(),
            Self::Quit => "Avslutt".into(),
        }
    }

    /// A longer explanation for tooltips.
    pub fn tooltip(self) -> &'static str {
        match self {
            Self::Show(_) => "Bytt visning",
            Self::New(_) => "Lag en ny post og fyll ut skjemaet",
            Self::CopyPhone => {
                "Kopier telefonnummeret (telefon, ellers mobil) til kontakten som er valgt i Søk"
            }
            Self::Undo => "Angre siste endring",
            Self::Redo => "Gjør om endringen du angret",
            Self::Save => "Lagre registeret (forrige utgave legges i backups/)",
            Self::SaveAs => "Lagre registeret i en ny fil",
            Self::OpenFile => "Åpne en annen registerfil",
            Self::NewRegister => "Lag et nytt, tomt register",
            Self::Import => "Les kontakter og tjenester fra CSV, XLSX eller ODS",
            Self::Export => {
                "Skriv registeret som CSV, kalender, vCard, HTML-rapport, oversikt over tilbud eller HSDS"
            }
            Self::RequestVerification => {
                "Ett utkast per kontakt med det registeret har om personen, og en bønn om å svare med rettelser"
            }
            Self::Palette => "Finn og kjør en kommando",
            Self::FocusSearch => "Gå til søkefeltet",
            Self::ZoomIn | Self::ZoomOut | Self::ZoomReset => "Endre tekststørrelsen",
            Self::ToggleTheme => "Lyst eller mørkt tema",
            Self::Quit => "Lukk Samkart (spør først hvis noe ikke er lagret)",
        }
    }

    /// The keyboard shortcut, if any. Ctrl is Cmd on macOS.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let ctrl = Modifiers::COMMAND;
        let ctrl_shift = Modifiers::COMMAND | Modifiers::SHIFT;
        match self {
            Self::Show(v) => v.shortcut(),
            Self::Undo => Some(KeyboardShortcut::new(ctrl, Key::Z)),
            Self::Redo => Some(KeyboardShortcut::new(ctrl_shift, Key::Z)),
            Self::Save => Some(KeyboardShortcut::new(ctrl, Key::S)),
            Self::SaveAs => Some(KeyboardShortcut::new(ctrl_shift, Key::S)),
            Self::OpenFile => Some(KeyboardShortcut::new(ctrl, Key::O)),
            Self::NewRegister => Some(KeyboardShortcut::new(ctrl, Key::N)),
            Self::Import => Some(KeyboardShortcut::new(ctrl, Key::I)),
            Self::Palette => Some(KeyboardShortcut::new(ctrl, Key::K)),
            Self::FocusSearch => Some(KeyboardShortcut::new(ctrl, Key::F)),
            Self::ZoomIn => Some(KeyboardShortcut::new(ctrl, Key::Plus)),
            Self::ZoomOut => Some(KeyboardShortcut::new(ctrl, Key::Minus)),
            Self::ZoomReset => Some(KeyboardShortcut::new(ctrl, Key::Num0)),
            Self::Quit => Some(KeyboardShortcut::new(ctrl, Key::Q)),
            Self::CopyPhone => Some(KeyboardShortcut::new(ctrl_shift, Key::C)),
            Self::New(_) | Self::ToggleTheme | Self::Export | Self::RequestVerification => None,
        }
    }

    /// Extra shortcuts beyond the main one (Ctrl+Y for redo).
    pub fn extra_shortcuts(self) -> &'static [KeyboardShortcut] {
        const REDO_Y: [KeyboardShortcut; 1] = [KeyboardShortcut::new(Modifiers::COMMAND, Key::Y)];
        match self {
            Self::Redo => &REDO_Y,
            _ => &[],
        }
    }

    /// The tooltip with the shortcut after it, for buttons and tabs: «Angre siste endring
    /// (Ctrl+Z)».
    pub fn hover_text(self, ctx: &Context) -> String {
        match self.shortcut() {
            Some(s) => format!("{} ({})", self.tooltip(), shortcut_text(ctx, &s)),
            None => self.tooltip().to_owned(),
        }
    }
}

/// «Ny kontakt», «Ny tjeneste» …: the button text of a new record.
pub const fn new_label(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Service => "Ny tjeneste",
        RecordKind::Contact => "Ny kontakt",
        RecordKind::Agreement => "Ny avtale",
        RecordKind::Routine => "Ny rutine",
        RecordKind::Forum => "Nytt forum",
        RecordKind::Offering => "Nytt tilbud",
        RecordKind::Expectation => "Nytt forventet samarbeid",
    }
}

/// A shortcut as menus, the palette and tooltips write it, in Norwegian: «Ctrl+pluss».
pub fn shortcut_text(ctx: &Context, shortcut: &KeyboardShortcut) -> String {
    let text = ctx.format_shortcut(shortcut);
    match shortcut.logical_key {
        Key::Plus => text.replace("Plus", "pluss"),
        Key::Minus => text.replace("Minus", "minus"),
        _ => text,
    }
}

/// Actions that have shortcuts, checked every frame. Longer modifier combinations first,
/// so Ctrl+Shift+Z is not taken as Ctrl+Z.
pub fn with_shortcuts() -> Vec<(KeyboardShortcut, Action)> {
    let mut list: Vec<(KeyboardShortcut, Action)> = Vec::new();
    for c in Action::all() {
        if let Some(s) = c.shortcut() {
            list.push((s, c));
        }
        for s in c.extra_shortcuts() {
            list.push((*s, c));
        }
    }
    list.sort_by_key(|(s, _)| std::cmp::Reverse(s.modifiers.shift as u8 + s.modifiers.alt as u8));
    list
}

/// Consumes every press of `shortcut` this frame, and the text each press typed. Returns
/// whether it was pressed.
///
/// The window system sends a key press that makes a character twice: as the key, and as
/// text right after it. egui leaves out that text when Ctrl or Cmd is held, but not for
/// Alt, so Alt+2 would also type «2» into the focused field. A shortcut that is handled
/// must not type.
pub fn consume(input: &mut InputState, shortcut: &KeyboardShortcut) -> bool {
    let mut pressed = false;
    let mut typed_by_it = false;
    input.events.retain(|event| match event {
        Event::Key { key, modifiers, pressed: true, .. }
            if *key == shortcut.logical_key && modifiers.matches_logically(shortcut.modifiers) =>
        {
            pressed = true;
            typed_by_it = true;
            false
        }
        Event::Text(_) if typed_by_it => {
            typed_by_it = false;
            false
        }
        _ => {
            typed_by_it = false;
            true
        }
    });
    pressed
}

/// Whether the focused text field has typing of its own to undo or redo: then Ctrl+Z and
/// Ctrl+Y are the field's. A field the user has only moved into (the search field the focus
/// returned to after a dialog, say) leaves them to the register's undo and redo.
pub fn field_has_own_history(ctx: &eframe::egui::Context) -> bool {
    use eframe::egui::text::CCursorRange;
    use eframe::egui::text_edit::TextEditState;
    let Some(id) = ctx.memory(|m| m.focused()) else { return false };
    // A focused button or table row has no typing: Ctrl+Z undoes the register.
    let Some(state) = TextEditState::load(ctx, id) else { return false };
    let undoer = state.undoer();
    if undoer.is_in_flux() {
        return true;
    }
    // The latest undo point: what undoing from a state that cannot be current goes back to.
    let impossible = (CCursorRange::default(), "\u{0}".to_owned());
    let mut probe = undoer.clone();
    probe
        .undo(&impossible)
        .cloned()
        .is_some_and(|latest| undoer.has_undo(&latest) || undoer.has_redo(&latest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_are_written_in_norwegian() {
        let ctx = Context::default();
        let text = |c: Action| shortcut_text(&ctx, &c.shortcut().unwrap());
        assert_eq!(text(Action::ZoomIn), "Ctrl+pluss");
        assert_eq!(text(Action::ZoomOut), "Ctrl+minus");
        assert_eq!(text(Action::CopyPhone), "Ctrl+Shift+C");
        assert_eq!(text(Action::Show(View::Search)), "Alt+1");
    }

    #[test]
    fn the_menus_are_the_ones_the_window_has_always_shown() {
        let names = |m: Menu| -> Vec<String> {
            m.entries().iter().map(|e| e.map_or("—".into(), Action::label)).collect()
        };
        assert_eq!(
            names(Menu::File),
            [
                "Åpne register …",
                "Nytt register …",
                "—",
                "Lagre",
                "Lagre som …",
                "—",
                "Importer …",
                "Eksporter …",
                "—",
                "Avslutt"
            ]
        );
        assert_eq!(
            names(Menu::Edit),
            ["Angre", "Gjør om", "—", "Kommandopalett", "Søk etter kontakt, tjeneste eller tilbud"]
        );
        let show = names(Menu::Show);
        assert_eq!(show.len(), View::ALL.len() + 5);
        assert_eq!(show[0], "Vis Søk");
        assert_eq!(
            show[View::ALL.len()..],
            ["—", "Større tekst", "Mindre tekst", "Vanlig tekststørrelse", "Bytt mellom lyst og mørkt tema"]
        );
        // Every command in a menu is in the one list, and so has its shortcut checked.
        let shortcuts = with_shortcuts();
        for m in Menu::ALL {
            for c in m.entries().into_iter().flatten() {
                assert!(Action::all().contains(&c), "{c:?}");
                if let Some(s) = c.shortcut() {
                    assert!(shortcuts.contains(&(s, c)), "{c:?}");
                }
            }
        }
    }

    #[test]
    fn the_palette_lists_every_view_and_a_new_record_of_each_kind() {
        let all = Action::palette();
        for v in View::ALL {
            assert!(all.contains(&Action::Show(v)), "{v:?}");
        }
        for k in [RecordKind::Service, RecordKind::Contact, RecordKind::Agreement, RecordKind::Offering] {
            assert!(all.contains(&Action::New(k)));
        }
        assert!(all.iter().any(|c| c.label() == "Ny kontakt"));
        // The first nine views have Alt+1 … Alt+9.
        let with_alt = View::ALL.iter().filter(|v| Action::Show(**v).shortcut().is_some()).count();
        assert_eq!(with_alt, 9);
    }
}
