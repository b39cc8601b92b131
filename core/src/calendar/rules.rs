//! What an appointment type decides (seeds 001 and 003): its length, how
//! long a hold lasts, the notice each change needs, how rebooking works, and
//! whom to remind when. The shop snapshots these rules onto each appointment,
//! so they are plain data, read back from storage and clamped on the way out.
//!
//! Nothing else in `calendar` is named here: the appointment lifecycle and
//! the reminder schedule both depend on these rules, so they live below both
//! (see `calendar`'s module notes for the whole order).

use std::ops::RangeInclusive;

use chrono::Duration;
use serde::{Deserialize, Serialize};

use crate::time;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schema",
    schemars(description = r#"Who a reminder rule reminds:

| group | recipient | email | SMS |
|---|---|---|---|
| `patient` | `patient:{patient_profile_uid}` | the first `email` entry of `telecom` in the patient's directory record (tag Patients) | the first `phone` entry there |
| `doctor` | `doctor:{doctor_uid}` | none | the doctor's mobile phone (`PUT /v1/management/doctors/{doctor_uid}/mobile-phone`) |
| `admin` | `admin` | none | none |

Where there is no address the message is recorded with status `no_address`; the `APPOINTMENT_REMINDER_DUE` event is published for every group, so a subscriber can reach anyone itself."#)
)]
pub enum RecipientGroup {
    Patient,
    Doctor,
    Admin,
}

impl RecipientGroup {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "patient" => Some(Self::Patient),
            "doctor" => Some(Self::Doctor),
            "admin" => Some(Self::Admin),
            _ => None,
        }
    }
}

/// One reminder: who is reminded, how long before the start, and whether
/// Frontdesk itself sends an email and/or an SMS. Whatever the flags, an
/// `APPOINTMENT_REMINDER_DUE` event is published when it falls due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReminderRule {
    pub recipient: RecipientGroup,
    /// Whole minutes before the start, 0 to 527040 (a year). Real time: a
    /// day before is 1440 minutes before, across daylight-saving changes
    /// too.
    #[cfg_attr(
        feature = "schema",
        schemars(range(min = *TypeRules::NOTICE_MINUTES.start(), max = *TypeRules::NOTICE_MINUTES.end()))
    )]
    pub minutes_before: i64,
    /// Frontdesk emails the recipient. Default `false`; always present in
    /// responses.
    pub send_email: bool,
    /// Frontdesk texts the recipient. Default `false`; always present in
    /// responses.
    pub send_sms: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schema",
    schemars(
        description = r#"Whether a rebooking must stay with the appointment's doctor (`same_doctor`) or may move to another doctor of the same shop (`any_doctor`)."#
    )
)]
pub enum RebookingMode {
    SameDoctor,
    AnyDoctor,
}

impl RebookingMode {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "same_doctor" => Some(RebookingMode::SameDoctor),
            "any_doctor" => Some(RebookingMode::AnyDoctor),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RebookPolicy {
    pub mode: RebookingMode,
    pub min_notice: Duration,
}

/// An appointment type's rules, as the shop needs them to decide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypeRules {
    pub duration_minutes: i64,
    pub hold_ttl_seconds: i64,
    pub min_booking_notice_minutes: i64,
    pub min_cancel_notice_minutes: i64,
    pub min_rebook_notice_minutes: i64,
    pub rebooking_mode: RebookingMode,
    /// Appointments booked before reminders existed have none.
    #[serde(default)]
    pub reminders: Vec<ReminderRule>,
}

/// The accessors clamp to the ranges the API accepts: rules come back from
/// storage as plain numbers, and a corrupt one must neither panic here nor
/// overflow the caller's `now + duration`.
impl TypeRules {
    pub const DURATION_MINUTES: RangeInclusive<i64> = 5..=480;
    pub const HOLD_TTL_SECONDS: RangeInclusive<i64> = 1..=86_400;
    /// Every notice and reminder: up to a year, in minutes.
    pub const NOTICE_MINUTES: RangeInclusive<i64> = 0..=366 * 24 * 60;

    fn clamped(n: i64, range: RangeInclusive<i64>) -> i64 {
        n.clamp(*range.start(), *range.end())
    }

    pub fn duration(&self) -> Duration {
        time::minutes(Self::clamped(self.duration_minutes, Self::DURATION_MINUTES))
    }

    pub fn hold_ttl(&self) -> Duration {
        time::seconds(Self::clamped(self.hold_ttl_seconds, Self::HOLD_TTL_SECONDS))
    }

    pub fn booking_notice(&self) -> Duration {
        time::minutes(Self::clamped(
            self.min_booking_notice_minutes,
            Self::NOTICE_MINUTES,
        ))
    }

    pub fn cancel_notice(&self) -> Duration {
        time::minutes(Self::clamped(
            self.min_cancel_notice_minutes,
            Self::NOTICE_MINUTES,
        ))
    }

    pub fn rebook_policy(&self) -> RebookPolicy {
        RebookPolicy {
            mode: self.rebooking_mode,
            min_notice: time::minutes(Self::clamped(
                self.min_rebook_notice_minutes,
                Self::NOTICE_MINUTES,
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_rules_out_of_range_are_clamped_not_panicking() {
        let wild = TypeRules {
            duration_minutes: i64::MAX,
            hold_ttl_seconds: i64::MIN,
            min_booking_notice_minutes: i64::MAX,
            min_cancel_notice_minutes: -1,
            min_rebook_notice_minutes: i64::MIN,
            rebooking_mode: RebookingMode::AnyDoctor,
            reminders: vec![],
        };
        assert_eq!(wild.duration(), Duration::minutes(480));
        assert_eq!(wild.hold_ttl(), Duration::seconds(1));
        assert_eq!(wild.booking_notice(), Duration::days(366));
        assert_eq!(wild.cancel_notice(), Duration::zero());
        assert_eq!(wild.rebook_policy().min_notice, Duration::zero());
        // So `now + notice` stays in range for any `now` of the schedule.
        let now: chrono::DateTime<chrono::Utc> = "2026-06-01T08:00:00Z".parse().unwrap();
        assert!(now.checked_add_signed(wild.booking_notice()).is_some());
    }
}
