//! The virtual waiting room (seed 000).
//!
//! An entry moves `waiting → allocated → completed`, and may be `cancelled`
//! while waiting or allocated (a patient who leaves before or during the
//! call). Completed and cancelled are final.
//!
//! ## Order
//! First come, first served by registration order, honouring
//! `preferred_doctor_uid`: for [`AllocationPolicy::preferred_doctor_grace`]
//! after registering (10 minutes by default) a patient who asked for a doctor
//! is taken only by that doctor, as long as that doctor is online. After the
//! grace period, or while the preferred doctor is offline, any doctor may take
//! them: a preference should cost a patient a short wait, never an unbounded
//! one. A doctor skips over patients reserved for someone else and takes the
//! first patient they may take.
//!
//! ## Positions
//! A waiting patient's position is 1 + the number of waiting patients who
//! registered before them. Positions are therefore gapless (1, 2, 3, ...)
//! and only ever decrease while a patient waits.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::ids::{DoctorUid, QueueUid};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schema",
    schemars(description = r#"| Status | Description |
|---|---|
| waiting | Patient is waiting in the queue |
| allocated | Patient has been allocated to a doctor |
| completed | Consultation has been completed |
| cancelled | Registration was cancelled |

An entry moves `waiting → allocated → completed`; it may be `cancelled` while `waiting` or `allocated`. `completed` and `cancelled` are final."#)
)]
pub enum QueueStatus {
    Waiting,
    Allocated,
    Completed,
    Cancelled,
}

impl QueueStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            QueueStatus::Waiting => "waiting",
            QueueStatus::Allocated => "allocated",
            QueueStatus::Completed => "completed",
            QueueStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<QueueStatus> {
        [
            QueueStatus::Waiting,
            QueueStatus::Allocated,
            QueueStatus::Completed,
            QueueStatus::Cancelled,
        ]
        .into_iter()
        .find(|st| st.as_str() == s)
    }

    /// The status after a cancellation.
    pub fn cancel(self) -> Result<QueueStatus, QueueError> {
        match self {
            QueueStatus::Waiting | QueueStatus::Allocated => Ok(QueueStatus::Cancelled),
            other => Err(QueueError::CannotCancel(other)),
        }
    }

    /// The status after the doctor completes the consultation.
    pub fn complete(self) -> Result<QueueStatus, QueueError> {
        match self {
            QueueStatus::Allocated => Ok(QueueStatus::Completed),
            other => Err(QueueError::CannotComplete(other)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum QueueError {
    #[error("a {} registration cannot be cancelled", .0.as_str())]
    CannotCancel(QueueStatus),
    #[error("only an allocated registration can be completed; this one is {}", .0.as_str())]
    CannotComplete(QueueStatus),
}

/// Tunables of the waiting room, read from the worker's configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AllocationPolicy {
    pub preferred_doctor_grace: Duration,
}

impl Default for AllocationPolicy {
    fn default() -> Self {
        Self {
            preferred_doctor_grace: Duration::minutes(10),
        }
    }
}

/// A waiting entry, as allocation needs it. Slices of these are in
/// registration order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    pub queue_uid: QueueUid,
    pub preferred_doctor: Option<DoctorUid>,
    pub registered_at: DateTime<Utc>,
}

impl Waiting {
    /// Whether `doctor` may take this patient now.
    fn takeable_by(
        &self,
        doctor: &DoctorUid,
        online: &[DoctorUid],
        policy: &AllocationPolicy,
        now: DateTime<Utc>,
    ) -> bool {
        match &self.preferred_doctor {
            None => true,
            Some(p) if p == doctor => true,
            Some(p) => {
                !online.contains(p) || now - self.registered_at >= policy.preferred_doctor_grace
            }
        }
    }
}

/// The patient `doctor` should take next, if any.
pub fn next_for_doctor<'a>(
    waiting: &'a [Waiting],
    doctor: &DoctorUid,
    online: &[DoctorUid],
    policy: &AllocationPolicy,
    now: DateTime<Utc>,
) -> Option<&'a Waiting> {
    waiting
        .iter()
        .find(|w| w.takeable_by(doctor, online, policy, now))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::ShopUid;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 5, 4, 9, 0, 0).unwrap()
    }

    fn doc(n: u8) -> DoctorUid {
        DoctorUid::new(&[n; 16])
    }

    fn entry(n: u8, preferred: Option<DoctorUid>, minutes_after_t0: i64) -> Waiting {
        Waiting {
            queue_uid: QueueUid::new(&ShopUid::new(&[0; 16]), &[n; 16]),
            preferred_doctor: preferred,
            registered_at: t0() + Duration::minutes(minutes_after_t0),
        }
    }

    #[test]
    fn first_come_first_served() {
        let q = vec![entry(1, None, 0), entry(2, None, 1), entry(3, None, 2)];
        let policy = AllocationPolicy::default();
        let next = next_for_doctor(&q, &doc(9), &[doc(9)], &policy, t0()).unwrap();
        assert_eq!(next.queue_uid, q[0].queue_uid);
    }

    #[test]
    fn preferred_patient_is_reserved_during_grace_while_that_doctor_is_online() {
        let a = doc(1);
        let b = doc(2);
        let q = vec![entry(1, Some(a.clone()), 0), entry(2, None, 1)];
        let policy = AllocationPolicy::default();
        let online = [a.clone(), b.clone()];
        let now = t0() + Duration::minutes(5);
        // B skips the patient reserved for A.
        assert_eq!(
            next_for_doctor(&q, &b, &online, &policy, now)
                .unwrap()
                .queue_uid,
            q[1].queue_uid
        );
        // A takes their own patient first.
        assert_eq!(
            next_for_doctor(&q, &a, &online, &policy, now)
                .unwrap()
                .queue_uid,
            q[0].queue_uid
        );
    }

    #[test]
    fn preference_lapses_after_grace_or_when_preferred_doctor_is_offline() {
        let a = doc(1);
        let b = doc(2);
        let q = vec![entry(1, Some(a.clone()), 0)];
        let policy = AllocationPolicy::default();
        let online = [a.clone(), b.clone()];
        let just_before = t0() + Duration::minutes(10) - Duration::seconds(1);
        assert!(next_for_doctor(&q, &b, &online, &policy, just_before).is_none());
        let at_grace = t0() + Duration::minutes(10);
        assert!(next_for_doctor(&q, &b, &online, &policy, at_grace).is_some());
        assert!(next_for_doctor(&q, &b, std::slice::from_ref(&b), &policy, t0()).is_some());
    }

    #[test]
    fn transitions() {
        use QueueStatus::*;
        assert_eq!(Waiting.cancel(), Ok(Cancelled));
        assert_eq!(Allocated.cancel(), Ok(Cancelled));
        assert_eq!(Completed.cancel(), Err(QueueError::CannotCancel(Completed)));
        assert_eq!(Cancelled.cancel(), Err(QueueError::CannotCancel(Cancelled)));
        assert_eq!(Allocated.complete(), Ok(Completed));
        for s in [Waiting, Completed, Cancelled] {
            assert_eq!(s.complete(), Err(QueueError::CannotComplete(s)));
        }
    }
}
