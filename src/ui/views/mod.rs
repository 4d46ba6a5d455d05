//! One file per view. Each has a `State` (what the view remembers between frames) and a
//! `show(ui, state, ctx)` that reads the register and sends commands.

pub mod services;
