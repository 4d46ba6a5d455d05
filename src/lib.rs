//! Samkart keeps a municipality's register of the services that work with children and
//! families — who they are, whom to call there, which collaboration agreements and written
//! routines bind them, and when each was last revised — and flags what has gone stale.
//!
//! The core (`model`, `store`) is plain Rust with no GUI; `ui` and `cli` sit on top.

pub mod bench;
pub mod cli;
pub mod edit;
// `gen` is reserved in edition 2024, hence the raw identifier.
pub mod exchange;
pub mod r#gen;
pub mod model;
pub mod review;
pub mod search;
pub mod store;
pub mod ui;
