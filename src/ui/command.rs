//! Every user action, with its Norwegian label, tooltip and keyboard shortcut in one place.
//! Menus, buttons, the command palette (Ctrl+K) and shortcuts all send [`Command`]s, and
//! [`crate::ui::App`] handles them in one `match`.

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

/// A user action.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Switch to a view.
    Show(View),
    /// Open a record in its view, selected, with its detail panel.
    Open(RecordKind, String),
    /// Change the register (the only way it changes).
    Apply(Edit),
    /// Change the register, with this line in the change log instead of the edit's own
    /// («Markert som revidert 30.11.2026 av Kari Nordmann …»).
    ApplyAs(Edit, String),
    /// Start a new record of this kind in its view (asks first if that view's form has
    /// edits).
    New(RecordKind),
    /// Esc in the form of this kind: asks before its edits are thrown away.
    CloseForm(RecordKind),
    /// Put `text` on the system clipboard; `what` says what it is («telefon»).
    Copy {
        text: String,
        what: String,
    },
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
    /// Open the export dialog with its choices made (Frivillig: the public overview of
    /// offerings, with the view's filters).
    ExportPreset(Box<crate::ui::export_dialog::ExportDialog>),
    /// Pick a folder and write an e-mail draft to every contact the review flags as not
    /// verified (see `crate::exchange::verify`).
    RequestVerification,
    /// Open the user's mail program on a message to one contact (by id) asking them to
    /// confirm their details (a `mailto:` link).
    AskToConfirm(String),
    /// Show the command palette.
    Palette,
    /// Put the cursor in the search field of the Søk view.
    FocusSearch,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    ToggleTheme,
    /// Replace the user's preferences (name, theme, zoom, autosave).
    SetPrefs(Box<crate::ui::prefs::Prefs>),
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
    pub fn entries(self) -> Vec<Option<Command>> {
        let mut mine: Vec<(u16, Command)> = Command::all()
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

impl Command {
    /// Every command that carries no data, in the palette's order: the one list the palette,
    /// the menus ([`Menu::entries`]) and the keyboard shortcuts ([`with_shortcuts`]) iterate.
    pub fn all() -> Vec<Command> {
        let mut all: Vec<Command> = View::ALL.iter().map(|v| Command::Show(*v)).collect();
        all.extend([
            Command::FocusSearch,
            Command::CopyPhone,
            Command::New(RecordKind::Contact),
            Command::New(RecordKind::Service),
            Command::New(RecordKind::Agreement),
            Command::New(RecordKind::Routine),
            Command::New(RecordKind::Forum),
            Command::New(RecordKind::Offering),
            Command::Undo,
            Command::Redo,
            Command::Save,
            Command::SaveAs,
            Command::OpenFile,
            Command::NewRegister,
            Command::Import,
            Command::Export,
            Command::RequestVerification,
            Command::ZoomIn,
            Command::ZoomOut,
            Command::ZoomReset,
            Command::ToggleTheme,
            Command::Quit,
            Command::Palette,
        ]);
        all
    }

    /// Commands listed in the palette, in order: [`Command::all`] but the palette itself.
    pub fn palette() -> Vec<Command> {
        Self::all().into_iter().filter(|c| *c != Command::Palette).collect()
    }

    /// The menu a command is in, and its place there: hundreds are groups (a separator
    /// between them), the rest the order inside a group.
    pub fn place(&self) -> Option<(Menu, u16)> {
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
            Self::Show(v) => (Menu::Show, View::ALL.iter().position(|w| w == v)? as u16),
            Self::ZoomIn => (Menu::Show, 1000),
            Self::ZoomOut => (Menu::Show, 1001),
            Self::ZoomReset => (Menu::Show, 1002),
            Self::ToggleTheme => (Menu::Show, 1003),
            _ => return None,
        })
    }

    /// The Norwegian label in menus and the palette.
    pub fn label(&self) -> String {
        match self {
            Self::Show(v) => format!("Vis {}", v.label()),
            Self::Open(k, id) => format!("Åpne {} «{id}»", k.label()),
            Self::Apply(e) => e.describe(),
            Self::ApplyAs(_, text) => text.clone(),
            Self::New(k) => new_label(*k).to_owned(),
            Self::CloseForm(k) => format!("Lukk skjemaet for {}", k.label()),
            Self::Copy { what, .. } => format!("Kopier {what}"),
            Self::CopyPhone => "Kopier telefonnummeret".into(),
            Self::Undo => "Angre".into(),
            Self::Redo => "Gjør om".into(),
            Self::Save => "Lagre".into(),
            Self::SaveAs => "Lagre som …".into(),
            Self::OpenFile => "Åpne register …".into(),
            Self::NewRegister => "Nytt register …".into(),
            Self::Import => "Importer …".into(),
            Self::Export => "Eksporter …".into(),
            Self::ExportPreset(d) => {
                format!("Eksporter {} …", crate::ui::export_dialog::format_name(d.format))
            }
            Self::RequestVerification => "E-postutkast til kontakter som ikke er bekreftet …".into(),
            Self::AskToConfirm(_) => "Be om bekreftelse på e-post".into(),
            Self::Palette => "Kommandopalett".into(),
            Self::FocusSearch => "Søk etter kontakt, tjeneste eller tilbud".into(),
            Self::ZoomIn => "Større tekst".into(),
            Self::ZoomOut => "Mindre tekst".into(),
            Self::ZoomReset => "Vanlig tekststørrelse".into(),
            Self::ToggleTheme => "Bytt mellom lyst og mørkt tema".into(),
            Self::SetPrefs(_) => "Endre innstillinger for brukeren".into(),
            Self::Quit => "Avslutt".into(),
        }
    }

    /// A longer explanation for tooltips.
    pub fn tooltip(&self) -> &'static str {
        match self {
            Self::Show(_) => "Bytt visning",
            Self::Open(..) => "Åpne posten",
            Self::Apply(_) | Self::ApplyAs(..) => "Utfør endringen",
            Self::New(_) => "Lag en ny post og fyll ut skjemaet",
            Self::CloseForm(_) => "Lukk skjemaet (spør først hvis noe ikke er lagret)",
            Self::Copy { .. } => "Kopier til utklippstavlen",
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
            Self::Export | Self::ExportPreset(..) => {
                "Skriv registeret som CSV, kalender, vCard, HTML-rapport, oversikt over tilbud eller HSDS"
            }
            Self::RequestVerification => {
                "Ett utkast per kontakt med det registeret har om personen, og en bønn om å svare med rettelser"
            }
            Self::AskToConfirm(_) => {
                "Åpner e-postprogrammet med en e-post til personen: det registeret har om henne, og en bønn om rettelser"
            }
            Self::Palette => "Finn og kjør en kommando",
            Self::FocusSearch => "Gå til søkefeltet",
            Self::ZoomIn | Self::ZoomOut | Self::ZoomReset => "Endre tekststørrelsen",
            Self::ToggleTheme => "Lyst eller mørkt tema",
            Self::SetPrefs(_) => "Navn, tema, tekststørrelse og autolagring",
            Self::Quit => "Lukk Samkart (spør først hvis noe ikke er lagret)",
        }
    }

    /// The keyboard shortcut, if any. Ctrl is Cmd on macOS.
    pub fn shortcut(&self) -> Option<KeyboardShortcut> {
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
            Self::Open(..)
            | Self::Apply(_)
            | Self::ApplyAs(..)
            | Self::New(_)
            | Self::CloseForm(_)
            | Self::Copy { .. }
            | Self::ToggleTheme
            | Self::SetPrefs(_)
            | Self::Export
            | Self::RequestVerification
            | Self::AskToConfirm(_)
            | Self::ExportPreset(..) => None,
        }
    }

    /// Extra shortcuts beyond the main one (Ctrl+Y for redo).
    pub fn extra_shortcuts(&self) -> &'static [KeyboardShortcut] {
        const REDO_Y: [KeyboardShortcut; 1] = [KeyboardShortcut::new(Modifiers::COMMAND, Key::Y)];
        match self {
            Self::Redo => &REDO_Y,
            _ => &[],
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

/// Commands that have shortcuts, checked every frame. Longer modifier combinations first,
/// so Ctrl+Shift+Z is not taken as Ctrl+Z.
pub fn with_shortcuts() -> Vec<(KeyboardShortcut, Command)> {
    let mut list: Vec<(KeyboardShortcut, Command)> = Vec::new();
    for c in Command::all() {
        if let Some(s) = c.shortcut() {
            list.push((s, c.clone()));
        }
        for s in c.extra_shortcuts() {
            list.push((*s, c.clone()));
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
        let text = |c: Command| shortcut_text(&ctx, &c.shortcut().unwrap());
        assert_eq!(text(Command::ZoomIn), "Ctrl+pluss");
        assert_eq!(text(Command::ZoomOut), "Ctrl+minus");
        assert_eq!(text(Command::CopyPhone), "Ctrl+Shift+C");
        assert_eq!(text(Command::Show(View::Search)), "Alt+1");
    }

    #[test]
    fn the_menus_are_the_ones_the_window_has_always_shown() {
        let names = |m: Menu| -> Vec<String> {
            m.entries().iter().map(|e| e.as_ref().map_or("—".into(), Command::label)).collect()
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
                assert!(Command::all().contains(&c), "{c:?}");
                if let Some(s) = c.shortcut() {
                    assert!(shortcuts.contains(&(s, c.clone())), "{c:?}");
                }
            }
        }
    }

    #[test]
    fn the_palette_lists_every_view_and_a_new_record_of_each_kind() {
        let all = Command::palette();
        for v in View::ALL {
            assert!(all.contains(&Command::Show(v)), "{v:?}");
        }
        for k in [RecordKind::Service, RecordKind::Contact, RecordKind::Agreement, RecordKind::Offering] {
            assert!(all.contains(&Command::New(k)));
        }
        assert!(all.iter().any(|c| c.label() == "Ny kontakt"));
        // The first nine views have Alt+1 … Alt+9.
        let with_alt = View::ALL.iter().filter(|v| Command::Show(**v).shortcut().is_some()).count();
        assert_eq!(with_alt, 9);
    }
}
