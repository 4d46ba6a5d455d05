//! Migration of older file versions, in memory. The file on disk is only rewritten in the
//! new version when the user saves.
//!
//! Each step lifts a register from `from` to `from + 1`. Version 1 is the first released
//! format, so the list of steps is empty today; the mechanism is exercised by the tests with
//! steps of their own, so the first real change of format only adds an entry here.

use super::LoadError;
use crate::model::{CURRENT_VERSION, Register};

/// One step from version `from` to `from + 1`.
pub struct Step {
    pub from: u32,
    /// What changed, for the changelog and error messages.
    pub describe: &'static str,
    pub apply: fn(&mut Register),
}

/// The steps of this build, in order. Empty while only version 1 exists.
pub const STEPS: &[Step] = &[];

/// The oldest version this build can read.
pub const OLDEST_SUPPORTED: u32 = CURRENT_VERSION - STEPS.len() as u32;

/// Applies every step from `found` up to the current version.
pub fn upgrade(register: Register, found: u32, steps: &[Step]) -> Result<Register, LoadError> {
    upgrade_to(register, found, CURRENT_VERSION, steps)
}

/// As [`upgrade`] with an explicit target version (for tests).
pub fn upgrade_to(
    mut register: Register,
    found: u32,
    target: u32,
    steps: &[Step],
) -> Result<Register, LoadError> {
    let mut version = found;
    while version < target {
        let step = steps
            .iter()
            .find(|s| s.from == version)
            .ok_or(LoadError::TooOld { found, oldest: target - steps.len() as u32 })?;
        (step.apply)(&mut register);
        version += 1;
    }
    register.version = target;
    Ok(register)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_run_in_order_up_to_the_target() {
        fn rename(r: &mut Register) {
            r.name = format!("{}+1", r.name);
        }
        fn settings(r: &mut Register) {
            r.settings.warn_days = 30;
            r.name.push_str("+2");
        }
        let steps = [
            Step { from: 2, describe: "andre", apply: settings },
            Step { from: 1, describe: "første", apply: rename },
        ];
        let out = upgrade_to(Register::new("x"), 1, 3, &steps).unwrap();
        assert_eq!(out.name, "x+1+2");
        assert_eq!(out.settings.warn_days, 30);
        assert_eq!(out.version, 3);
    }

    #[test]
    fn a_version_without_a_step_is_refused() {
        fn noop(_: &mut Register) {}
        let steps = [Step { from: 2, describe: "x", apply: noop }];
        let err = upgrade_to(Register::new("x"), 1, 3, &steps).unwrap_err();
        assert!(matches!(err, LoadError::TooOld { found: 1, oldest: 2 }), "{err:?}");
    }

    #[test]
    fn the_current_version_needs_no_step() {
        let out = upgrade(Register::new("x"), CURRENT_VERSION, STEPS).unwrap();
        assert_eq!(out.version, CURRENT_VERSION);
    }
}
