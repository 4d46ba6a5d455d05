//! The window's tests, driven like a user would through egui_kittest (no display needed),
//! as one test binary: the modules live beside this file and share `tests/common/`.

#[path = "../common/mod.rs"]
mod common;

mod exchange;
mod map;
mod records;
mod search;
mod sharing;
mod shell;
mod util;
