//! Samkart keeps a municipality's register of the services that work with children and
//! families — who they are, whom to call there, which collaboration agreements and written
//! routines bind them, and when each was last revised — and flags what has gone stale.
//!
//! The core (`model`, `store`, `review`, `search`, `exchange`) is plain Rust with no GUI;
//! `ui`, `cli` and `bench` sit on top, behind the default feature `app`.

#[cfg(feature = "app")]
pub mod bench;
#[cfg(feature = "app")]
pub mod cli;
pub mod edit;
pub mod exchange;
#[doc(hidden)]
pub mod fuzzing;
pub mod messages;
// `gen` is reserved in edition 2024, hence the raw identifier.
pub mod r#gen;
pub mod model;
pub mod review;
pub mod search;
pub mod store;
#[cfg(feature = "app")]
pub mod ui;
