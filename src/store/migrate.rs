//! Migration of older file versions, in memory. The file on disk is only rewritten in the
//! new version when the user saves.
//!
//! Each step lifts a register from `from` to `from + 1`. A version-1 file is read into
//! today's types (every field that came later has a default), then lifted step by step;
//! docs/FORMAT.md has the history.

use super::LoadError;
use crate::model::{CURRENT_VERSION, OfferingStatus, Register};

/// One step from version `from` to `from + 1`.
pub struct Step {
    pub from: u32,
    /// What changed, for the changelog and error messages.
    pub describe: &'static str,
    pub apply: fn(&mut Register),
}

/// The steps of this build, in order.
pub const STEPS: &[Step] = &[Step {
    from: 1,
    describe: "tilbud får status (planlagt, pågående, avsluttet); fora får møtedatoer",
    apply: v1_to_v2,
}];

/// Version 2 gave offerings a status beside `active`: an offering no longer active was
/// ended, the others run. Forums' meeting dates and the month volunteer offers are confirmed
/// are new and start empty.
fn v1_to_v2(register: &mut Register) {
    for o in &mut register.offerings {
        o.status = if o.active { OfferingStatus::Ongoing } else { OfferingStatus::Ended };
    }
}

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
    fn version_1_offerings_get_a_status_from_active() {
        let mut reg = Register::new("x");
        let mut ended = crate::model::Offering::new("a", "A", "s");
        ended.active = false;
        reg.offerings = vec![ended, crate::model::Offering::new("b", "B", "s")];
        let out = upgrade(reg, 1, STEPS).unwrap();
        assert_eq!(out.version, 2);
        assert_eq!(out.offerings[0].status, OfferingStatus::Ended);
        assert!(!out.offerings[0].active, "active is kept as it was");
        assert_eq!(out.offerings[1].status, OfferingStatus::Ongoing);
        assert_eq!(OLDEST_SUPPORTED, 1);
    }

    #[test]
    fn the_current_version_needs_no_step() {
        let out = upgrade(Register::new("x"), CURRENT_VERSION, STEPS).unwrap();
        assert_eq!(out.version, CURRENT_VERSION);
    }
}
