//! The core's tests — model, store, review, search, exchange and the command line — as one
//! test binary. Every test target in `tests/` is a binary of its own that links the whole app
//! (eframe included), and linking is the slowest part of a build; so the modules below live
//! beside this file and share `tests/common/`. Only tests that must run alone have a file
//! of their own: `reliability_crash.rs` (kills writers with SIGKILL) and
//! `import_concurrency.rs` (races processes against one register).

#[path = "../common/mod.rs"]
mod common;

mod check_cli;
mod cli;
mod example_data;
mod exchange;
mod exchange_cli;
mod r#gen;
mod reliability;
mod reliability_fuzz;
mod review;
mod search;
mod store;
