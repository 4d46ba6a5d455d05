//! Colours, spacing and the green / yellow / red status palette: the only place they live.
//!
//! Both themes meet WCAG 2.1 AA: every text colour is at least 4.5:1 against every
//! background it is drawn on, and outlines, focus rings, status symbols and map cells at
//! least 3:1 against what surrounds them. The tests at the bottom compute the WCAG contrast
//! ratio of each pair the window draws, from the [`egui::Visuals`] installed here and the
//! [`Palette`] the views use, so a colour changed here that breaks a pair fails the build.

use super::prefs::Prefs;
use eframe::egui::{self, Color32, Stroke};

/// Every colour the window uses, for one theme. Views take theirs with [`colors`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Palette {
    pub dark: bool,
    /// Panels, dialogs, menus and tooltips.
    pub panel: Color32,
    /// Text fields.
    pub field: Color32,
    /// Every other row of a striped table; the map's diagonal.
    pub stripe: Color32,
    /// Body text.
    pub text: Color32,
    /// Secondary text, placeholders, inactive rows, hints.
    pub weak: Color32,
    /// Emphasised text (`ui.strong`).
    pub strong: Color32,
    pub link: Color32,
    /// Errors and overdue items (text and symbols).
    pub error: Color32,
    /// Warnings, items due soon, «Ikke lagret», «kun for samarbeidspartnere».
    pub warning: Color32,
    /// Healthy, formalised, confirmed.
    pub ok: Color32,
    /// Informational findings.
    pub info: Color32,
    /// Behind a selected row, tab or text.
    pub selection: Color32,
    /// The main text of a selected row.
    pub selection_text: Color32,
    /// A button at rest.
    pub button: Color32,
    pub button_text: Color32,
    /// A button or row under the pointer.
    pub hover: Color32,
    pub hover_text: Color32,
    /// A button or row that has the keyboard focus or is pressed.
    pub pressed: Color32,
    pub pressed_text: Color32,
    /// The ring around the widget with keyboard focus.
    pub focus: Color32,
    /// The edge of buttons, fields, check boxes and empty map cells.
    pub outline: Color32,
    /// Lines that only separate (decorative, no contrast asked).
    pub separator: Color32,
    /// Map cells and legend: formalised, informal, missing.
    pub fill_formalised: Color32,
    pub fill_informal: Color32,
    pub fill_missing: Color32,
    /// The symbol (✓, ~, !) drawn on a filled map cell.
    pub on_fill: Color32,
}

/// The width of outlines on buttons, fields and check boxes, in points.
pub const OUTLINE_WIDTH: f32 = 2.0;

/// The window's distances, in points (scaled with the zoom like everything else): every
/// `add_space` takes one of these, so the views keep one rhythm.
pub mod space {
    /// Between a line and what belongs right under it (the tabs under the menu bar).
    pub const HAIR: f32 = 2.0;
    /// Between a heading or a row of controls and the next line.
    pub const SMALL: f32 = 4.0;
    /// Between groups of fields in a form or a card.
    pub const GROUP: f32 = 6.0;
    /// Between the sections of a view, and before a dialog's buttons.
    pub const SECTION: f32 = 8.0;
    /// Between a heading and the buttons beside it on the same line.
    pub const BESIDE: f32 = 12.0;
    /// Between the parts of a page (a list and what follows it).
    pub const PART: f32 = 24.0;
}

/// The window's fixed widths, in points.
pub mod size {
    /// A dialog with a question or a short form (the name prompt, «Marker som revidert»,
    /// unsaved changes, the palette).
    pub const DIALOG_NARROW: f32 = 440.0;
    /// A dialog with a list of choices (export, delete with what refers to the record).
    pub const DIALOG: f32 = 520.0;
    /// A dialog or page with a table in it (import, conflicts, settings).
    pub const DIALOG_WIDE: f32 = 760.0;
    /// A filter field above a list.
    pub const FILTER_FIELD: f32 = 180.0;
    /// Below this width the detail goes under the list instead of beside it (the record
    /// views, Søk, Oversikt, the map, Frivillig): a 1280-pixel window is 853 points wide at
    /// 150 % zoom and 640 at 200 %; beside the form the table would show its name columns
    /// only, and the phone numbers would lie out of sight.
    pub const SIDE_BY_SIDE_FROM: f32 = 900.0;
}

/// The light theme.
pub const LIGHT: Palette = Palette {
    dark: false,
    panel: Color32::from_gray(248),
    field: Color32::from_gray(255),
    stripe: Color32::from_gray(238),
    text: Color32::from_gray(40),
    weak: Color32::from_gray(92),
    strong: Color32::from_gray(0),
    link: Color32::from_rgb(0, 86, 168),
    error: Color32::from_rgb(176, 0, 32),
    warning: Color32::from_rgb(133, 72, 0),
    ok: Color32::from_rgb(0, 110, 50),
    info: Color32::from_rgb(0, 90, 160),
    selection: Color32::from_rgb(196, 225, 255),
    selection_text: Color32::from_rgb(0, 60, 100),
    button: Color32::from_gray(232),
    button_text: Color32::from_gray(30),
    hover: Color32::from_gray(222),
    hover_text: Color32::from_gray(0),
    pressed: Color32::from_gray(226),
    pressed_text: Color32::from_gray(0),
    focus: Color32::from_rgb(0, 74, 140),
    outline: Color32::from_gray(122),
    separator: Color32::from_gray(200),
    fill_formalised: Color32::from_rgb(30, 120, 70),
    fill_informal: Color32::from_rgb(176, 112, 0),
    fill_missing: Color32::from_rgb(192, 45, 40),
    on_fill: Color32::from_gray(255),
};

/// The dark theme.
pub const DARK: Palette = Palette {
    dark: true,
    panel: Color32::from_gray(27),
    field: Color32::from_gray(12),
    stripe: Color32::from_gray(36),
    text: Color32::from_gray(214),
    weak: Color32::from_gray(165),
    strong: Color32::from_gray(255),
    link: Color32::from_rgb(110, 180, 255),
    error: Color32::from_rgb(255, 125, 115),
    warning: Color32::from_rgb(240, 185, 70),
    ok: Color32::from_rgb(110, 205, 130),
    info: Color32::from_rgb(130, 185, 255),
    selection: Color32::from_rgb(0, 52, 92),
    selection_text: Color32::from_rgb(205, 230, 255),
    button: Color32::from_gray(50),
    button_text: Color32::from_gray(225),
    hover: Color32::from_gray(56),
    hover_text: Color32::from_gray(255),
    pressed: Color32::from_gray(44),
    pressed_text: Color32::from_gray(255),
    focus: Color32::from_rgb(130, 195, 255),
    outline: Color32::from_gray(128),
    separator: Color32::from_gray(62),
    fill_formalised: Color32::from_rgb(40, 140, 80),
    fill_informal: Color32::from_rgb(176, 112, 0),
    fill_missing: Color32::from_rgb(200, 55, 45),
    on_fill: Color32::from_gray(255),
};

/// The palette of the theme `ui` is drawn in.
pub fn colors(ui: &egui::Ui) -> &'static Palette {
    palette(ui.visuals().dark_mode)
}

pub fn palette(dark: bool) -> &'static Palette {
    if dark { &DARK } else { &LIGHT }
}

/// egui's visuals for a palette: egui's own theme with every colour it draws replaced.
pub fn visuals(p: &Palette) -> egui::Visuals {
    let mut v = if p.dark { egui::Visuals::dark() } else { egui::Visuals::light() };
    v.override_text_color = None;
    v.weak_text_color = Some(p.weak);
    v.hyperlink_color = p.link;
    v.panel_fill = p.panel;
    v.window_fill = p.panel;
    v.window_stroke = Stroke::new(1.0, p.outline);
    v.faint_bg_color = p.stripe;
    v.extreme_bg_color = p.field;
    v.text_edit_bg_color = Some(p.field);
    v.code_bg_color = p.button;
    v.warn_fg_color = p.warning;
    v.error_fg_color = p.error;
    // Selected rows and tabs: the selection colour behind, and (being framed while at rest)
    // the outline around them, so the state does not rest on a pale fill alone. The same
    // stroke outlines a focused text field, two points wide.
    v.selection.bg_fill = p.selection;
    v.selection.stroke = Stroke::new(2.0, p.selection_text);
    v.text_cursor.stroke = Stroke::new(2.0, p.text);

    let w = &mut v.widgets;
    let line = |width: f32, colour: Color32| Stroke::new(width, colour);
    widget_state(&mut w.noninteractive, [p.panel, p.panel], line(1.0, p.separator), line(1.0, p.text));
    // Two points wide: a one-point line that falls between two rows of pixels is drawn as
    // two half-covered rows, and measured in a screenshot it no longer reaches 3:1.
    widget_state(
        &mut w.inactive,
        [p.button, p.button],
        line(OUTLINE_WIDTH, p.outline),
        line(1.0, p.button_text),
    );
    widget_state(&mut w.hovered, [p.hover, p.hover], line(1.0, p.text), line(1.5, p.hover_text));
    // egui draws the focused widget in its «active» state: a two-point ring in the focus
    // colour is the indicator, against the panel and against the widget's own fill.
    widget_state(&mut w.active, [p.pressed, p.pressed], line(2.0, p.focus), line(2.0, p.strong));
    widget_state(&mut w.open, [p.button, p.hover], line(OUTLINE_WIDTH, p.outline), line(1.0, p.hover_text));
    v
}

/// One state of a widget: its fill and weak fill, its outline, and its text and icons.
fn widget_state(
    state: &mut egui::style::WidgetVisuals,
    [fill, weak]: [Color32; 2],
    outline: Stroke,
    fg: Stroke,
) {
    state.bg_fill = fill;
    state.weak_bg_fill = weak;
    state.bg_stroke = outline;
    state.fg_stroke = fg;
}

/// Applies theme and zoom from the preferences (cheap when nothing changed).
pub fn apply(ctx: &egui::Context, prefs: &Prefs) {
    for (theme, palette) in [(egui::Theme::Light, &LIGHT), (egui::Theme::Dark, &DARK)] {
        if ctx.style_of(theme).visuals.selection.bg_fill != palette.selection {
            ctx.set_visuals_of(theme, visuals(palette));
        }
    }
    let theme = if prefs.dark { egui::Theme::Dark } else { egui::Theme::Light };
    if ctx.theme() != theme {
        ctx.set_theme(theme);
    }
    if (ctx.zoom_factor() - prefs.zoom).abs() > f32::EPSILON {
        ctx.set_zoom_factor(prefs.zoom);
    }
}

/// The WCAG 2.1 relative luminance of an opaque colour.
pub fn luminance(c: Color32) -> f64 {
    let channel = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 { s / 12.92 } else { ((s + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
}

/// The WCAG 2.1 contrast ratio of two colours, from 1 to 21. A colour with alpha is first
/// laid over the other, as the screen shows it.
pub fn contrast(fg: Color32, bg: Color32) -> f64 {
    let fg = over(fg, bg);
    let (a, b) = (luminance(fg), luminance(bg));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// `fg` (premultiplied alpha, as egui keeps colours) painted over an opaque `bg`.
fn over(fg: Color32, bg: Color32) -> Color32 {
    let keep = 255 - u16::from(fg.a());
    let mix = |f: u8, b: u8| (u16::from(f) + (u16::from(b) * keep + 127) / 255).min(255) as u8;
    Color32::from_rgb(mix(fg.r(), bg.r()), mix(fg.g(), bg.g()), mix(fg.b(), bg.b()))
}

/// What WCAG 2.1 AA asks of a pair: 4.5:1 for text, 3:1 for outlines, symbols and focus.
pub const TEXT: f64 = 4.5;
pub const GRAPHIC: f64 = 3.0;

/// Every foreground/background pair the window draws in a theme: what it is, the two
/// colours, and the ratio asked. Text colours are taken from `v` where egui picks them
/// (placeholders, secondary text of a row, links), from `p` where the views do.
pub fn pairs(v: &egui::Visuals, p: &Palette) -> Vec<(&'static str, Color32, Color32, f64)> {
    let w = &v.widgets;
    let panel = v.panel_fill;
    let window = v.window_fill;
    let field = v.text_edit_bg_color();
    let stripe = over(v.faint_bg_color, panel);
    let weak = v.weak_text_color();
    let mut out = vec![
        ("tekst på panel", v.text_color(), panel, TEXT),
        ("tekst i dialog og meny", v.text_color(), window, TEXT),
        ("tekst i stripet rad", v.text_color(), stripe, TEXT),
        ("tekst i tekstfelt", w.inactive.fg_stroke.color, field, TEXT),
        ("svak tekst på panel", weak, panel, TEXT),
        ("svak tekst i dialog og meny", weak, window, TEXT),
        ("svak tekst i stripet rad (inaktive rader)", weak, stripe, TEXT),
        ("plassholder i tekstfelt", weak, field, TEXT),
        ("svak tekst på knapp", weak, w.inactive.weak_bg_fill, TEXT),
        ("svak tekst i rad under pekeren", weak, w.hovered.weak_bg_fill, TEXT),
        ("svak tekst i rad med fokus", weak, w.active.weak_bg_fill, TEXT),
        ("valgt rads andre tekst", weak, v.selection.bg_fill, TEXT),
        ("valgt rads tekst", v.selection.stroke.color, v.selection.bg_fill, TEXT),
        ("uthevet tekst", v.strong_text_color(), panel, TEXT),
        ("lenke på panel", v.hyperlink_color, panel, TEXT),
        ("lenke i dialog", v.hyperlink_color, window, TEXT),
        ("knappetekst", w.inactive.fg_stroke.color, w.inactive.weak_bg_fill, TEXT),
        ("knappetekst under pekeren", w.hovered.fg_stroke.color, w.hovered.weak_bg_fill, TEXT),
        ("knappetekst med fokus", w.active.fg_stroke.color, w.active.weak_bg_fill, TEXT),
        ("åpen nedtrekksliste", w.open.fg_stroke.color, w.open.weak_bg_fill, TEXT),
        ("kantlinje på knapp, felt og avkrysning", w.inactive.bg_stroke.color, panel, GRAPHIC),
        ("kantlinje mot knappens flate", w.inactive.bg_stroke.color, w.inactive.weak_bg_fill, GRAPHIC),
        ("kantlinje på tekstfelt mot feltet", w.inactive.bg_stroke.color, field, GRAPHIC),
        ("kantlinje i dialog og meny", w.inactive.bg_stroke.color, window, GRAPHIC),
        ("kantlinje under pekeren", w.hovered.bg_stroke.color, panel, GRAPHIC),
        ("fokusring mot panel", w.active.bg_stroke.color, panel, GRAPHIC),
        ("fokusring i meny", w.active.bg_stroke.color, window, GRAPHIC),
        ("fokusring mot knappens flate", w.active.bg_stroke.color, w.active.weak_bg_fill, GRAPHIC),
        ("fokusert tekstfelt", v.selection.stroke.color, panel, GRAPHIC),
        ("fokusert tekstfelt mot feltet", v.selection.stroke.color, field, GRAPHIC),
        ("avkrysning i boks", w.inactive.fg_stroke.color, w.inactive.bg_fill, GRAPHIC),
        ("tom rute i samarbeidskartet", p.outline, panel, GRAPHIC),
    ];
    for (what, c) in [
        ("feil", p.error),
        ("advarsel («Ikke lagret», «kun for samarbeidspartnere»)", p.warning),
        ("i orden", p.ok),
        ("merknad", p.info),
    ] {
        out.push((what, c, panel, TEXT));
        out.push((what, c, window, TEXT));
        out.push((what, c, stripe, TEXT));
    }
    for (what, fill) in [
        ("formalisert rute", p.fill_formalised),
        ("uformell rute", p.fill_informal),
        ("manglende rute", p.fill_missing),
    ] {
        out.push((what, fill, panel, GRAPHIC));
        out.push((what, p.on_fill, fill, GRAPHIC));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failures(p: &Palette) -> Vec<String> {
        let v = visuals(p);
        pairs(&v, p)
            .into_iter()
            .filter_map(|(what, fg, bg, min)| {
                let ratio = contrast(fg, bg);
                (ratio < min).then(|| format!("{what}: {ratio:.2} < {min} ({fg:?} på {bg:?})"))
            })
            .collect()
    }

    #[test]
    fn the_wcag_formula_gives_the_known_ratios() {
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 1e-9);
        assert!((contrast(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 1e-9);
        // #767676 on white is the classic lightest grey that passes 4.5:1.
        let r = contrast(Color32::from_gray(0x76), Color32::WHITE);
        assert!((r - 4.54).abs() < 0.01, "{r}");
        // Half-transparent black over white is mid grey.
        let half = Color32::from_black_alpha(128);
        assert!(contrast(half, Color32::WHITE) < 5.0 && contrast(half, Color32::WHITE) > 3.0);
    }

    #[test]
    fn light_theme_passes_wcag_aa() {
        let bad = failures(&LIGHT);
        assert!(bad.is_empty(), "lyst tema:\n{}", bad.join("\n"));
    }

    #[test]
    fn dark_theme_passes_wcag_aa() {
        let bad = failures(&DARK);
        assert!(bad.is_empty(), "mørkt tema:\n{}", bad.join("\n"));
    }

    #[test]
    fn the_installed_visuals_are_the_palettes() {
        for p in [&LIGHT, &DARK] {
            let v = visuals(p);
            assert_eq!(v.dark_mode, p.dark);
            assert_eq!(v.text_color(), p.text);
            assert_eq!(v.weak_text_color(), p.weak);
            assert_eq!(v.hyperlink_color, p.link);
        }
    }
}
