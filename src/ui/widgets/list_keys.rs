//! One keyboard navigation for lists with a highlighted row (the command palette, the
//! pickers, the search hits): ↓ and ↑ move the highlight, Enter chooses it.

use eframe::egui::{self, Key, Modifiers};

/// The list keys of one frame.
#[derive(Clone, Copy, Default)]
pub struct ListKeys {
    pub down: bool,
    pub up: bool,
    pub enter: bool,
}

impl ListKeys {
    /// The keys, when the list has the keyboard (`ours`); none otherwise. ↓ and ↑ are taken,
    /// so egui does not also move the focus; Enter is only read, so the field it was typed
    /// in still sees it.
    pub fn read(ctx: &egui::Context, ours: bool) -> Self {
        if !ours {
            return Self::default();
        }
        ctx.input_mut(|i| Self {
            down: i.consume_key(Modifiers::NONE, Key::ArrowDown),
            up: i.consume_key(Modifiers::NONE, Key::ArrowUp),
            enter: i.key_pressed(Key::Enter),
        })
    }

    /// Keeps `highlighted` inside a list of `len` rows (it may have shrunk) and moves it one
    /// row for an arrow, stopping at either end. Returns whether an arrow moved it.
    pub fn step(self, highlighted: &mut usize, len: usize) -> bool {
        let last = len.saturating_sub(1);
        *highlighted = (*highlighted).min(last);
        if self.down {
            *highlighted = (*highlighted + 1).min(last);
        }
        if self.up {
            *highlighted = highlighted.saturating_sub(1);
        }
        len > 0 && (self.down || self.up)
    }

    /// The row Enter chose, if any.
    pub fn chosen<T>(self, list: &[T], highlighted: usize) -> Option<&T> {
        if self.enter { list.get(highlighted) } else { None }
    }
}
