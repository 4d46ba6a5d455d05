//! Frames: the real app drawn in a headless egui context, timed per view and after edits.

use super::timing::{median, time_once};
use super::{EditTiming, FrameTiming};
use crate::model::Register;
use crate::ui::app::{App, Prefs};
use crate::ui::command::View;
use chrono::NaiveDate;
use eframe::egui;
use std::path::PathBuf;
use std::time::Instant;

/// The real app in a headless egui context: no window, no GPU, the same code per frame.
pub struct FrameRig {
    pub ctx: egui::Context,
    pub app: App,
    frame_no: u64,
}

impl FrameRig {
    /// A window of 1280 × 800 points showing `register`.
    pub fn new(path: PathBuf, register: Register, today: NaiveDate) -> Self {
        let prefs = Prefs { user_name: "bench".into(), ..Prefs::default() };
        Self {
            ctx: egui::Context::default(),
            app: App::with_register(path, register, today, prefs),
            frame_no: 0,
        }
    }

    /// One frame: `run_ui` then `tessellate`, as eframe does before painting. Returns the
    /// number of primitives.
    pub fn frame(&mut self) -> usize {
        self.frame_no += 1;
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 800.0))),
            time: Some(self.frame_no as f64 / 60.0),
            focused: true,
            ..Default::default()
        };
        let app = &mut self.app;
        let mut output = self.ctx.run_ui(input, |ui| app.frame(ui));
        // Texture uploads are the painter's (GPU) work, which has no place here.
        output.textures_delta.clear();
        self.ctx.tessellate(output.shapes, output.pixels_per_point).len()
    }

    /// Switches to `view`, draws a few frames to warm up (fonts, layout caches), then times
    /// `frames` frames.
    pub fn time_view(&mut self, view: View, frames: usize) -> FrameTiming {
        self.app.view = view;
        for _ in 0..3 {
            self.frame();
        }
        let mut walls = Vec::with_capacity(frames);
        let mut cpus = Vec::with_capacity(frames);
        let mut primitives = 0;
        for _ in 0..frames.max(1) {
            let (p, wall, cpu) = time_once(|| self.frame());
            primitives = p;
            walls.push(wall);
            cpus.extend(cpu);
        }
        let max_wall_ms = walls.iter().copied().fold(0.0, f64::max);
        let cpu_ms = (cpus.len() == walls.len()).then(|| median(&mut cpus));
        FrameTiming { cpu_ms, wall_ms: median(&mut walls), max_wall_ms, frames: walls.len(), primitives }
    }
}

impl FrameRig {
    /// Draws frames until no review or search index is being rebuilt in the background.
    fn settle(&mut self) {
        self.frame();
        while self.app.derived.is_updating() {
            std::thread::sleep(std::time::Duration::from_millis(2));
            self.frame();
        }
    }

    /// Changes the role of `edits` contacts one at a time, as the record editor does, and
    /// times the frame after each; see [`EditTiming`].
    pub fn time_edit(&mut self, edits: usize) -> EditTiming {
        use crate::edit::{Edit, Record};
        self.app.view = View::Contacts;
        let (mut frames, mut settled) = (Vec::new(), Vec::new());
        for i in 0..edits.max(1) {
            self.settle();
            let Some(doc) = self.app.doc.as_mut() else { break };
            let n = doc.register.contacts.len();
            if n == 0 {
                break;
            }
            let mut contact = doc.register.contacts[(i * 7919) % n].clone();
            contact.role = format!("{} (endret {i})", contact.role);
            let start = Instant::now();
            doc.apply(Edit::put(Record::Contact(contact))).expect("a generated contact passes the guard");
            self.frame();
            frames.push(start.elapsed().as_secs_f64() * 1000.0);
            self.settle();
            settled.push(start.elapsed().as_secs_f64() * 1000.0);
        }
        let max_frame_ms = frames.iter().copied().fold(0.0, f64::max);
        EditTiming {
            edits: frames.len(),
            frame_ms: median(&mut frames),
            max_frame_ms,
            settled_ms: median(&mut settled),
        }
    }
}
