//! Appointments and their types (seeds 001 and 003).
//!
//! ```text
//!            confirm (before hold_expires_at)
//!   held ───────────────────────────────▶ confirmed ──▶ completed
//!    │ │                                   │   │
//!    │ └─ hold_expires_at passes ▶ expired │   └──────▶ no_show
//!    └──────── cancel / rebook ──────────▶ cancelled ◀┘ cancel / rebook
//! ```
//!
//! Check-in is not a status: a confirmed appointment gets `checked_in_at`
//! and its patient joins the waiting room. Admin cancellations ignore the
//! notice period (seed 001); patient cancellations and every rebooking honour
//! the type's minimum notice.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::rules::{RebookPolicy, RebookingMode};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schema",
    schemars(description = r#"| Status | Description |
|---|---|
| held | The slot is temporarily reserved but not confirmed yet |
| confirmed | The appointment is booked |
| cancelled | The appointment was cancelled (by an admin, or replaced by a rebooking: `cancellation_reason` `rebooked`) |
| expired | A temporary hold expired before confirmation |
| completed | The appointment has finished |
| no_show | The patient did not attend |

`held → confirmed` (confirm, before `hold_expires_at`); `held → expired` (on its own, at `hold_expires_at`); `held`/`confirmed → cancelled` (cancel, rebook); `confirmed → completed`; `confirmed → no_show` (not once checked in). `cancelled`, `expired`, `completed` and `no_show` are final. Only `held` and `confirmed` appointments occupy the doctor's time."#)
)]
pub enum AppointmentStatus {
    Held,
    Confirmed,
    Cancelled,
    Expired,
    Completed,
    NoShow,
}

impl AppointmentStatus {
    pub const ALL: [AppointmentStatus; 6] = [
        AppointmentStatus::Held,
        AppointmentStatus::Confirmed,
        AppointmentStatus::Cancelled,
        AppointmentStatus::Expired,
        AppointmentStatus::Completed,
        AppointmentStatus::NoShow,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AppointmentStatus::Held => "held",
            AppointmentStatus::Confirmed => "confirmed",
            AppointmentStatus::Cancelled => "cancelled",
            AppointmentStatus::Expired => "expired",
            AppointmentStatus::Completed => "completed",
            AppointmentStatus::NoShow => "no_show",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Whether the appointment occupies its doctor's time.
    pub fn is_active(self) -> bool {
        matches!(self, AppointmentStatus::Held | AppointmentStatus::Confirmed)
    }
}

/// What someone asks to do to an appointment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Confirm,
    Cancel,
    Rebook,
    CheckIn,
    Complete,
    NoShow,
    Expire,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Confirm => "confirm",
            Action::Cancel => "cancel",
            Action::Rebook => "rebook",
            Action::CheckIn => "check in",
            Action::Complete => "complete",
            Action::NoShow => "mark as no-show",
            Action::Expire => "expire",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AppointmentError {
    #[error("cannot {} an appointment that is {}", .action.as_str(), .from.as_str())]
    InvalidTransition {
        from: AppointmentStatus,
        action: Action,
    },
    #[error("the hold expired before it was confirmed")]
    HoldExpired,
    #[error("the appointment is already checked in")]
    AlreadyCheckedIn,
    #[error("this needs at least {minutes} minutes' notice before the appointment starts")]
    NoticeTooShort { minutes: i64 },
    #[error("this appointment type rebooks with the same doctor only")]
    SameDoctorOnly,
    #[error("the appointment has not started yet")]
    NotStarted,
}

/// The facts about one appointment that its transitions depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lifecycle {
    pub status: AppointmentStatus,
    pub start: DateTime<Utc>,
    pub hold_expires_at: Option<DateTime<Utc>>,
    pub checked_in: bool,
}

impl Lifecycle {
    fn refuse(&self, action: Action) -> AppointmentError {
        AppointmentError::InvalidTransition {
            from: self.status,
            action,
        }
    }

    /// Whether a hold has run out at `now`. The shop's alarm expires it at
    /// exactly that time; decisions made in between treat it as expired too.
    pub fn hold_lapsed(&self, now: DateTime<Utc>) -> bool {
        self.status == AppointmentStatus::Held && self.hold_expires_at.is_some_and(|t| now >= t)
    }

    pub fn expire(&self, now: DateTime<Utc>) -> Result<AppointmentStatus, AppointmentError> {
        if self.hold_lapsed(now) {
            Ok(AppointmentStatus::Expired)
        } else {
            Err(self.refuse(Action::Expire))
        }
    }

    pub fn confirm(&self, now: DateTime<Utc>) -> Result<AppointmentStatus, AppointmentError> {
        match self.status {
            AppointmentStatus::Held if self.hold_lapsed(now) => Err(AppointmentError::HoldExpired),
            AppointmentStatus::Held => Ok(AppointmentStatus::Confirmed),
            _ => Err(self.refuse(Action::Confirm)),
        }
    }

    /// An admin (operational) cancellation: any active appointment, any time.
    pub fn cancel_as_admin(&self) -> Result<AppointmentStatus, AppointmentError> {
        if self.status.is_active() {
            Ok(AppointmentStatus::Cancelled)
        } else {
            Err(self.refuse(Action::Cancel))
        }
    }

    /// A patient's or partner's cancellation: also needs the type's notice.
    pub fn cancel_as_patient(
        &self,
        now: DateTime<Utc>,
        min_notice: Duration,
    ) -> Result<AppointmentStatus, AppointmentError> {
        let next = self.cancel_as_admin()?;
        check_notice(self.start, now, min_notice)?;
        Ok(next)
    }

    /// Rebooking cancels this appointment (reason `rebooked`) in favour of a
    /// new one; it honours the type's rebooking mode and notice.
    pub fn rebook(
        &self,
        now: DateTime<Utc>,
        policy: &RebookPolicy,
        same_doctor: bool,
    ) -> Result<AppointmentStatus, AppointmentError> {
        if !self.status.is_active() {
            return Err(self.refuse(Action::Rebook));
        }
        if policy.mode == RebookingMode::SameDoctor && !same_doctor {
            return Err(AppointmentError::SameDoctorOnly);
        }
        check_notice(self.start, now, policy.min_notice)?;
        Ok(AppointmentStatus::Cancelled)
    }

    pub fn check_in(&self) -> Result<(), AppointmentError> {
        match self.status {
            AppointmentStatus::Confirmed if self.checked_in => {
                Err(AppointmentError::AlreadyCheckedIn)
            }
            AppointmentStatus::Confirmed => Ok(()),
            _ => Err(self.refuse(Action::CheckIn)),
        }
    }

    /// Completes a confirmed appointment once it has started, or earlier
    /// if the patient checked in and was seen early.
    pub fn complete(&self, now: DateTime<Utc>) -> Result<AppointmentStatus, AppointmentError> {
        match self.status {
            AppointmentStatus::Confirmed if now < self.start && !self.checked_in => {
                Err(AppointmentError::NotStarted)
            }
            AppointmentStatus::Confirmed => Ok(AppointmentStatus::Completed),
            _ => Err(self.refuse(Action::Complete)),
        }
    }

    /// A patient who did not come: only once the appointment has started,
    /// and never after they checked in.
    pub fn no_show(&self, now: DateTime<Utc>) -> Result<AppointmentStatus, AppointmentError> {
        match self.status {
            AppointmentStatus::Confirmed if self.checked_in => Err(self.refuse(Action::NoShow)),
            AppointmentStatus::Confirmed if now < self.start => Err(AppointmentError::NotStarted),
            AppointmentStatus::Confirmed => Ok(AppointmentStatus::NoShow),
            _ => Err(self.refuse(Action::NoShow)),
        }
    }
}

/// Refuses a change less than `min_notice` before `start`.
pub fn check_notice(
    start: DateTime<Utc>,
    now: DateTime<Utc>,
    min_notice: Duration,
) -> Result<(), AppointmentError> {
    if start - now < min_notice {
        Err(AppointmentError::NoticeTooShort {
            minutes: min_notice.num_minutes(),
        })
    } else {
        Ok(())
    }
}

/// How the patient pays, chosen at booking from the type's accepted modes
/// (seed 003).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schema",
    schemars(
        description = r#"How the patient pays, chosen at booking from the appointment type's `payment_modes`: `online`, `at_clinic`, `insurance` or `free`."#
    )
)]
pub enum PaymentMode {
    Online,
    AtClinic,
    Insurance,
    Free,
}

impl PaymentMode {
    pub const ALL: [PaymentMode; 4] = [
        PaymentMode::Online,
        PaymentMode::AtClinic,
        PaymentMode::Insurance,
        PaymentMode::Free,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMode::Online => "online",
            PaymentMode::AtClinic => "at_clinic",
            PaymentMode::Insurance => "insurance",
            PaymentMode::Free => "free",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AppointmentStatus::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn life(status: AppointmentStatus) -> Lifecycle {
        Lifecycle {
            status,
            start: at("2026-06-01T10:00:00Z"),
            hold_expires_at: Some(at("2026-06-01T08:05:00Z")),
            checked_in: false,
        }
    }

    const NOW: &str = "2026-06-01T08:00:00Z";

    #[test]
    fn holds_expire_at_exactly_their_deadline() {
        let h = life(Held);
        assert!(!h.hold_lapsed(at("2026-06-01T08:04:59Z")));
        assert!(h.hold_lapsed(at("2026-06-01T08:05:00Z")));
        assert_eq!(h.confirm(at(NOW)), Ok(Confirmed));
        assert_eq!(
            h.confirm(at("2026-06-01T08:05:00Z")),
            Err(AppointmentError::HoldExpired)
        );
        assert_eq!(h.expire(at("2026-06-01T08:05:00Z")), Ok(Expired));
        assert!(h.expire(at(NOW)).is_err());
    }

    #[test]
    fn every_illegal_transition_is_refused() {
        let now = at(NOW);
        let policy = RebookPolicy {
            mode: RebookingMode::AnyDoctor,
            min_notice: Duration::zero(),
        };
        for status in AppointmentStatus::ALL {
            let l = life(status);
            assert_eq!(l.confirm(now).is_ok(), status == Held, "confirm {status:?}");
            assert_eq!(
                l.cancel_as_admin().is_ok(),
                status.is_active(),
                "cancel {status:?}"
            );
            assert_eq!(
                l.rebook(now, &policy, true).is_ok(),
                status.is_active(),
                "rebook {status:?}"
            );
            assert_eq!(
                l.check_in().is_ok(),
                status == Confirmed,
                "check in {status:?}"
            );
            assert_eq!(
                l.complete(l.start).is_ok(),
                status == Confirmed,
                "complete {status:?}"
            );
            assert_eq!(
                l.no_show(l.start).is_ok(),
                status == Confirmed,
                "no-show {status:?}"
            );
        }
        let checked_in = Lifecycle {
            checked_in: true,
            ..life(Confirmed)
        };
        assert_eq!(
            checked_in.check_in(),
            Err(AppointmentError::AlreadyCheckedIn)
        );
        assert!(checked_in.no_show(checked_in.start).is_err());
    }

    #[test]
    fn completing_or_missing_waits_for_the_start() {
        let l = life(Confirmed); // starts 2 hours after NOW
        assert_eq!(l.complete(at(NOW)), Err(AppointmentError::NotStarted));
        assert_eq!(l.no_show(at(NOW)), Err(AppointmentError::NotStarted));
        let just_before = l.start - Duration::seconds(1);
        assert_eq!(l.no_show(just_before), Err(AppointmentError::NotStarted));
        assert_eq!(l.no_show(l.start), Ok(NoShow));
        assert_eq!(l.complete(l.start), Ok(Completed));
        // Seen early after checking in: the consultation happened.
        let early = Lifecycle {
            checked_in: true,
            ..life(Confirmed)
        };
        assert_eq!(early.complete(at(NOW)), Ok(Completed));
        assert!(early.no_show(early.start).is_err());
    }

    #[test]
    fn patient_cancel_needs_notice_admin_cancel_does_not() {
        let l = life(Confirmed); // starts 2 hours after NOW
        assert_eq!(
            l.cancel_as_patient(at(NOW), Duration::hours(3)),
            Err(AppointmentError::NoticeTooShort { minutes: 180 })
        );
        assert_eq!(
            l.cancel_as_patient(at(NOW), Duration::hours(2)),
            Ok(Cancelled)
        );
        assert_eq!(l.cancel_as_admin(), Ok(Cancelled));
    }

    #[test]
    fn extreme_notices_do_not_overflow() {
        let far = Lifecycle {
            start: DateTime::<Utc>::MAX_UTC,
            ..life(Confirmed)
        };
        assert!(far
            .cancel_as_patient(DateTime::<Utc>::MIN_UTC, Duration::MAX)
            .is_err());
        assert!(check_notice(
            DateTime::<Utc>::MIN_UTC,
            DateTime::<Utc>::MAX_UTC,
            Duration::MIN
        )
        .is_ok());
    }

    #[test]
    fn rebook_honours_mode_and_notice() {
        let l = life(Confirmed);
        let same = RebookPolicy {
            mode: RebookingMode::SameDoctor,
            min_notice: Duration::minutes(60),
        };
        assert_eq!(
            l.rebook(at(NOW), &same, false),
            Err(AppointmentError::SameDoctorOnly)
        );
        assert_eq!(l.rebook(at(NOW), &same, true), Ok(Cancelled));
        let late = at("2026-06-01T09:30:00Z");
        assert_eq!(
            l.rebook(late, &same, true),
            Err(AppointmentError::NoticeTooShort { minutes: 60 })
        );
    }
}
