//! The right side of a record view: the selected record's form with «Lagre» and «Avbryt»,
//! «Marker som revidert», the revision history and the delete confirmation.

use super::{ConfirmDelete, Kind, List, RecordForm, RevisionForm};
use crate::edit::{Edit, mark_revised};
use crate::model::refs;
use crate::model::{Revision, dates};
use crate::ui::command::Command;
use crate::ui::ctx::ViewCtx;
use crate::ui::theme;
use eframe::egui;

/// The one line under the buttons that says why «Lagre» is disabled. Its place is kept
/// whether or not there is something to say, so the form below never jumps while typing.
fn status_line(ui: &mut egui::Ui, errors: &[String], hidden: &[&str], modified: bool, refused: Option<&str>) {
    let shown: Vec<&String> =
        errors.iter().filter(|e| !hidden.iter().any(|h| e.starts_with(&format!("{h}: ")))).collect();
    let (text, color, tip) = if let Some(why) = refused {
        (format!("Ikke lagret: {why}"), Some(theme::colors(ui).error), why.to_owned())
    } else if !shown.is_empty() {
        let all: Vec<&str> = shown.iter().map(|s| s.as_str()).collect();
        (
            format!("Kan ikke lagre før dette er rettet: {}", all.join("; ")),
            Some(theme::colors(ui).error),
            all.join("\n"),
        )
    } else if !hidden.is_empty() {
        (format!("Fyll ut før du lagrer: {}", hidden.join(", ")), None, String::new())
    } else if modified {
        ("Endringene er ikke lagret ennå (Ctrl+S lagrer)".to_owned(), None, String::new())
    } else {
        (String::new(), None, String::new())
    };
    let rich = egui::RichText::new(if text.is_empty() { " ".to_owned() } else { text });
    let label = match color {
        Some(c) => egui::Label::new(rich.color(c)),
        None => egui::Label::new(rich.weak()),
    };
    let r = ui.add(label.truncate());
    if !tip.is_empty() {
        r.on_hover_text(tip);
    }
}

pub(super) fn detail<T: Kind>(ui: &mut egui::Ui, st: &mut List<T>, ctx: &mut ViewCtx) {
    let reg = ctx.reg;
    let modified = st.is_modified();
    let is_new = st.original.is_none();
    let Some(draft) = st.draft.as_mut() else {
        ui.add_space(theme::space::SECTION);
        ui.label("Velg en rad i tabellen for å se og endre den, eller lag en ny.");
        ui.label("Piltastene opp og ned flytter valget.");
        return;
    };
    ui.add_space(theme::space::SMALL);
    let title = if is_new {
        format!("{} {}", T::NEW, if draft.name().is_empty() { "" } else { draft.name() })
    } else {
        draft.name().to_owned()
    };
    // One line, cut if long: a name that wraps would push the form down while typing.
    ui.add(egui::Label::new(egui::RichText::new(title.trim()).heading()).truncate());
    if !is_new && let Some(msgs) = st.flags.get(draft.id()) {
        for m in msgs {
            ui.colored_label(theme::colors(ui).warning, m);
        }
    }

    // Actions. «Lagre» uses the errors of the last form pass; the form cannot change between
    // that pass and this click.
    let mut save = false;
    let mut cancel = false;
    let mut duplicate = false;
    let mut deactivate = false;
    let mut delete = false;
    ui.horizontal_wrapped(|ui| {
        let can_save = modified && st.errors.is_empty();
        save = ui
            .add_enabled(can_save, egui::Button::new("Lagre"))
            .on_hover_text("Lagre endringene i registeret (Ctrl+S lagrer også filen)")
            .clicked();
        cancel = ui
            .add_enabled(modified, egui::Button::new("Tilbakestill"))
            .on_hover_text("Forkast endringene i skjemaet og vis posten slik den er i registeret")
            .clicked();
        if !is_new {
            ui.separator();
            duplicate =
                ui.button("Dupliser").on_hover_text("Lag en ny post med de samme opplysningene").clicked();
            if let Some(label) = T::DEACTIVATE
                && draft.is_active()
            {
                deactivate = ui.button(label).on_hover_text("Beholdes i registeret som historikk").clicked();
            }
            delete = ui
                .button("Slett …")
                .on_hover_text("Slett posten (du får se hva som peker på den først)")
                .clicked();
        }
    });
    status_line(ui, &st.errors, &st.form.hidden, modified, st.refused.as_deref());
    if T::REVISABLE && !is_new {
        revision_ui(ui, st, ctx);
    }
    ui.separator();

    let draft = st.draft.as_mut().expect("checked above");
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        st.form.begin_pass(ctx.today);
        egui::Grid::new(("skjema", T::KIND.key()))
            .num_columns(2)
            .spacing([12.0, 6.0])
            .max_col_width(300.0)
            .show(ui, |ui| {
                T::form(ui, draft, &mut st.form, reg, &st.lookup);
            });
        if T::REVISABLE && !draft.revisions().is_empty() {
            ui.add_space(theme::space::SECTION);
            ui.strong("Revisjonshistorikk");
            let mut revs: Vec<&Revision> = draft.revisions().iter().collect();
            revs.sort_by_key(|r| std::cmp::Reverse(r.date));
            for r in revs {
                let note = if r.note.is_empty() { String::new() } else { format!(" – {}", r.note) };
                ui.label(format!("{} {}{note}", dates::format(r.date), r.by));
            }
        }
    });
    st.errors = std::mem::take(&mut st.form.errors);

    if save {
        // A refusal (a national identity number) shows in the status line.
        if let Ok(Some(edit)) = st.commit(reg) {
            ctx.send(Command::Apply(edit));
        }
    } else if cancel {
        st.discard();
    } else if duplicate {
        let mut copy = draft.clone();
        let name = format!("{} (kopi)", copy.name());
        copy.set_identity(String::new(), name);
        copy.duplicated();
        st.load(None);
        st.draft = Some(copy);
        st.form.focus_first = true;
    } else if deactivate && let Some(mut rec) = st.original.clone() {
        rec.deactivate();
        ctx.send(Command::Apply(Edit::put(rec.clone().into_record())));
        if let Some(d) = st.draft.as_mut() {
            d.deactivate();
        }
        st.original = Some(rec);
    } else if delete && let Some(rec) = &st.original {
        st.confirm_delete = Some(ConfirmDelete {
            id: rec.id().to_owned(),
            name: rec.name().to_owned(),
            refs: refs::references(reg, T::KIND, rec.id()),
        });
    }
}

/// «Marker som revidert»: a new revision (date, by whom, note) on the record as it is in
/// the register; unsaved edits in the draft are kept and get the revision too. The date is
/// checked as it is typed (it must exist and not lie in the future).
fn revision_ui<T: Kind>(ui: &mut egui::Ui, st: &mut List<T>, ctx: &mut ViewCtx) {
    let Some(form) = st.revision_form.as_mut() else {
        if ui
            .button("Marker som revidert")
            .on_hover_text("Registrer en revisjon: dato, av hvem, merknad")
            .clicked()
        {
            st.revision_form = Some(RevisionForm {
                date: dates::format(ctx.today),
                by: ctx.user.to_owned(),
                note: String::new(),
            });
        }
        return;
    };
    let mut done = false;
    let mut close = false;
    let id = egui::Id::unique(("revisjon", T::KIND.key(), st.selected.as_deref().unwrap_or("")));
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.strong("Marker som revidert");
        let result = st
            .original
            .as_ref()
            .map(|rec| mark_revised(ctx.reg, T::KIND, rec.id(), &form.date, &form.by, &form.note, ctx.today));
        let date_error =
            dates::parse_required(&form.date).and_then(|d| dates::not_in_future(d, ctx.today)).err();
        egui::Grid::new(id).num_columns(2).show(ui, |ui| {
            let l = ui.label("Revisjonsdato");
            ui.add(egui::TextEdit::singleline(&mut form.date).id(id.with("dato")).hint_text("dd.mm.åååå"))
                .labelled_by(l.id);
            ui.end_row();
            if let Some(e) = &date_error {
                ui.label("");
                ui.colored_label(theme::colors(ui).error, e.to_string());
                ui.end_row();
            }
            let l = ui.label("Revidert av");
            ui.add(egui::TextEdit::singleline(&mut form.by).id(id.with("av"))).labelled_by(l.id);
            ui.end_row();
            if form.by.trim().is_empty() {
                ui.label("");
                ui.colored_label(theme::colors(ui).error, "Skriv hvem som reviderte");
                ui.end_row();
            }
            let l = ui.label("Merknad");
            ui.add(egui::TextEdit::singleline(&mut form.note).id(id.with("merknad"))).labelled_by(l.id);
            ui.end_row();
        });
        let valid = matches!(result, Some(Ok(_)));
        ui.horizontal(|ui| {
            if ui.add_enabled(valid, egui::Button::new("Registrer revisjon")).clicked() {
                done = true;
            }
            if ui.button("Lukk").clicked() {
                close = true;
            }
        });
        if done && let Some(Ok((edit, text))) = result {
            if let (Some(rec), Some(date)) = (st.original.as_mut(), dates::parse(&form.date).ok().flatten()) {
                let revision =
                    Revision { date, by: form.by.trim().to_owned(), note: form.note.trim().to_owned() };
                rec.add_revision(revision.clone());
                if let Some(d) = st.draft.as_mut() {
                    d.add_revision(revision);
                }
            }
            ctx.send(Command::ApplyAs(edit, text));
        }
    });
    if done || close {
        st.revision_form = None;
    }
}

pub(super) fn confirm_delete<T: Kind>(ui: &mut egui::Ui, st: &mut List<T>, ctx: &mut ViewCtx) {
    let Some(c) = &st.confirm_delete else { return };
    let mut choice = None;
    let title = format!("Slette {} «{}»?", T::KIND.label(), c.name);
    let shown = crate::ui::widgets::dialog::show(
        ui.ctx(),
        ("slett", T::KIND.key()),
        &title,
        theme::size::DIALOG,
        |ui| {
            if c.refs.is_empty() {
                ui.label("Ingen andre poster viser til denne.");
            } else {
                ui.label(format!("Disse {} referansene blir brutt:", c.refs.len()));
                egui::ScrollArea::vertical().max_height(240.0).show(ui, |ui| {
                    for r in &c.refs {
                        ui.label(format!("• {r}"));
                    }
                });
                if T::DEACTIVATE.is_some() {
                    ui.label("Vil du heller beholde den som historikk, kan du deaktivere den i stedet.");
                }
            }
            ui.add_space(theme::space::SECTION);
            // «Avbryt sletting» first: it takes the focus when the dialog opens, and Tab reaches
            // the destructive «Slett» only after it.
            ui.horizontal(|ui| {
                if ui.button("Avbryt sletting").clicked() {
                    choice = Some(false);
                }
                if ui.button("Slett").clicked() {
                    choice = Some(true);
                }
            });
        },
    );
    if shown.cancelled && choice.is_none() {
        choice = Some(false);
    }
    match choice {
        Some(true) => {
            ctx.send(Command::Apply(Edit::Remove(T::KIND, c.id.clone())));
            // The keyboard goes on at the row after the deleted one (or before it, if it was
            // the last), which takes its place in the list.
            let all = T::all(ctx.reg);
            let at = st.rows.iter().position(|i| all.get(*i).is_some_and(|r| r.id() == c.id));
            let next =
                at.and_then(|p| st.rows.get(p + 1).or_else(|| p.checked_sub(1).and_then(|q| st.rows.get(q))));
            let next = next.and_then(|i| all.get(*i)).cloned();
            st.confirm_delete = None;
            st.focus_selected = next.is_some();
            st.scroll_to = at.map(|p| p.min(st.rows.len().saturating_sub(2)));
            st.load(next);
        }
        Some(false) => st.confirm_delete = None,
        None => {}
    }
}
