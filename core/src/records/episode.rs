//! Episodes of care (seed 002): a patient's course of treatment for one
//! objective (`covid care`), which appointments are assigned to.
//!
//! An episode's status is seed 002's list, taken in any letter case and
//! answered in capitals. Any status may follow any other: seed 002 names
//! no order, and a clinic reopening a `FINISHED` episode is correcting
//! its own record, not breaking a workflow.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where an episode of care stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum EpisodeStatus {
    Planning,
    Waitlist,
    Active,
    Onhold,
    Finished,
    Canceled,
}

impl EpisodeStatus {
    pub const ALL: [EpisodeStatus; 6] = [
        EpisodeStatus::Planning,
        EpisodeStatus::Waitlist,
        EpisodeStatus::Active,
        EpisodeStatus::Onhold,
        EpisodeStatus::Finished,
        EpisodeStatus::Canceled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EpisodeStatus::Planning => "PLANNING",
            EpisodeStatus::Waitlist => "WAITLIST",
            EpisodeStatus::Active => "ACTIVE",
            EpisodeStatus::Onhold => "ONHOLD",
            EpisodeStatus::Finished => "FINISHED",
            EpisodeStatus::Canceled => "CANCELED",
        }
    }

    /// Seed 002 writes the statuses in capitals in requests and in lower
    /// case in its answers; either is taken.
    pub fn parse(s: &str) -> Option<EpisodeStatus> {
        EpisodeStatus::ALL
            .into_iter()
            .find(|st| st.as_str().eq_ignore_ascii_case(s))
    }
}

/// An episode's fields as a request gives them, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Episode {
    pub name: String,
    /// Seed 002's "predefined string": the clinic's own vocabulary.
    pub kind: String,
    pub from: NaiveDate,
    /// Never before `from`.
    pub to: Option<NaiveDate>,
    pub status: EpisodeStatus,
    pub objective: Option<String>,
    pub reason_incomplete: Option<String>,
}

impl Episode {
    pub const NAME_MAX: usize = 200;
    pub const TYPE_MAX: usize = 100;
    pub const OBJECTIVE_MAX: usize = 2000;
    pub const REASON_MAX: usize = 1000;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_parse_in_any_case_and_print_in_capitals() {
        for st in EpisodeStatus::ALL {
            assert_eq!(EpisodeStatus::parse(st.as_str()), Some(st));
            assert_eq!(
                EpisodeStatus::parse(&st.as_str().to_ascii_lowercase()),
                Some(st)
            );
            assert_eq!(
                serde_json::to_value(st).unwrap(),
                serde_json::json!(st.as_str())
            );
        }
        assert_eq!(
            EpisodeStatus::parse("planning"),
            Some(EpisodeStatus::Planning)
        );
        assert_eq!(EpisodeStatus::parse("ON HOLD"), None);
        assert_eq!(EpisodeStatus::parse("CANCELLED"), None);
        assert_eq!(EpisodeStatus::parse(""), None);
    }
}
