//! Revisions coming due: the agreements and routines whose revision the review watches
//! ([`Agreement::revision_watched`], [`Routine::revision_watched`]), due within a horizon or
//! already overdue. Oversikt's timeline and its overdue count come from here, so they agree
//! with the review's «Revisjonen forfalt» findings.

use crate::model::{Agreement, RecordKind, Register, Routine};
use chrono::{Days, NaiveDate};

/// A revision due on `date`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Due {
    pub date: NaiveDate,
    pub kind: RecordKind,
    pub id: String,
    pub title: String,
}

/// Watched revisions due from `today` to `days` days after it, soonest first.
pub fn upcoming(reg: &Register, today: NaiveDate, days: u64) -> Vec<Due> {
    let end = today + Days::new(days);
    let mut out: Vec<Due> = watched(reg).filter(|d| d.date >= today && d.date <= end).collect();
    out.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.title.cmp(&b.title)));
    out
}

/// How many watched revisions are overdue on `today`.
pub fn overdue(reg: &Register, today: NaiveDate) -> usize {
    watched(reg).filter(|d| d.date < today).count()
}

fn watched(reg: &Register) -> impl Iterator<Item = Due> + '_ {
    let agreements = reg.agreements.iter().filter(|a| a.revision_watched()).filter_map(|a: &Agreement| {
        Some(Due {
            date: a.next_revision()?,
            kind: RecordKind::Agreement,
            id: a.id.to_string(),
            title: a.title.clone(),
        })
    });
    let routines = reg.routines.iter().filter(|r| r.revision_watched()).filter_map(|r: &Routine| {
        Some(Due {
            date: r.next_revision()?,
            kind: RecordKind::Routine,
            id: r.id.to_string(),
            title: r.title.clone(),
        })
    });
    agreements.chain(routines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::{FindingKind, review};

    #[test]
    fn the_overdue_count_is_the_reviews_overdue_findings_and_upcoming_lies_ahead() {
        let reg = crate::store::parse_bytes(crate::store::EXAMPLE.as_bytes()).unwrap();
        for (y, m) in [(2024, 1), (2026, 6), (2028, 12), (2031, 3)] {
            let today = NaiveDate::from_ymd_opt(y, m, 15).unwrap();
            let findings = review(&reg, today, &reg.settings);
            let overdue_findings = findings
                .iter()
                .filter(|f| {
                    matches!(
                        f.kind,
                        FindingKind::AgreementRevisionOverdue | FindingKind::RoutineRevisionOverdue
                    )
                })
                .count();
            assert_eq!(overdue(&reg, today), overdue_findings, "{today}");
            let soon = upcoming(&reg, today, 365);
            assert!(soon.iter().all(|d| d.date >= today && d.date <= today + Days::new(365)));
            assert!(soon.windows(2).all(|w| w[0].date <= w[1].date));
        }
        // The comparison above is not empty: years on, something is overdue.
        assert!(overdue(&reg, NaiveDate::from_ymd_opt(2031, 3, 15).unwrap()) > 0);
        assert!(!upcoming(&reg, NaiveDate::from_ymd_opt(2024, 1, 15).unwrap(), 3650).is_empty());
    }
}
