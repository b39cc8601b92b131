//! The calendar as the API shows it (seeds 001 and 003): appointments, as
//! staff and as the patient see them, availability and slots.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::appointment::{AppointmentStatus, PaymentMode};
use crate::calendar::availability::{DateOverride, WeeklyWindow};
use crate::ids::{
    AppointmentTypeUid, AppointmentUid, DoctorUid, PatientProfileUid, QueueUid, ShopUid,
    VideoRoomId,
};

/// An appointment as staff see it (the management API).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Appointment"))]
pub struct AppointmentView {
    pub appointment_uid: AppointmentUid,
    pub status: AppointmentStatus,
    pub shop_uid: ShopUid,
    /// `null` for an appointment in the shop's pool, until a doctor takes
    /// the checked-in patient.
    pub doctor_uid: Option<DoctorUid>,
    pub patient_profile_uid: PatientProfileUid,
    pub appointment_type_uid: AppointmentTypeUid,
    pub payment_mode: PaymentMode,
    #[serde(with = "super::rfc3339")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub start: DateTime<Utc>,
    /// `start` + the type's duration.
    #[serde(with = "super::rfc3339")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub end: DateTime<Utc>,
    /// When the hold expires on its own if not confirmed. Set for appointments
    /// placed as holds; `null` once confirmed and for appointments booked
    /// confirmed.
    #[serde(with = "super::rfc3339::option")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::api_doc::schema::Timestamp>")
    )]
    pub hold_expires_at: Option<DateTime<Utc>>,
    /// The doctor's persistent video room (or the visit's own, for a pool
    /// appointment or under `per_visit`).
    pub video_room_id: VideoRoomId,
    /// The video call: `{JITSI_BASE_URL}/{video_room_id}`.
    #[cfg_attr(feature = "schema", schemars(url))]
    pub join_url: String,
    /// The appointment this one replaced by a rebooking; `null` for an original
    /// booking.
    pub previous_meeting_uid: Option<AppointmentUid>,
    /// The appointment that replaced this one, once rebooked.
    pub rebooked_to: Option<AppointmentUid>,
    /// The reason given when cancelled; `rebooked` when replaced by a
    /// rebooking; otherwise `null`.
    pub cancellation_reason: Option<String>,
    /// When the patient checked in; `null` until then.
    #[serde(with = "super::rfc3339::option")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::api_doc::schema::Timestamp>")
    )]
    pub checked_in_at: Option<DateTime<Utc>>,
    /// The waiting-room entry created at check-in; `null` until then.
    pub queue_uid: Option<QueueUid>,
    #[serde(with = "super::rfc3339")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub created_at: DateTime<Utc>,
    #[serde(with = "super::rfc3339")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub updated_at: DateTime<Utc>,
    /// Seed 002's reasons for the visit; empty when none were given.
    #[serde(default)]
    pub reasons: Vec<String>,
    /// The integrator's own id for the appointment, unique in the
    /// organisation (`GET /v1/management/appointments/by-external-id/{external_id}`).
    #[serde(default)]
    pub external_id: Option<String>,
    /// The encounter id (seed 002's `accountNumber`).
    #[serde(default)]
    pub account_number: Option<String>,
}

/// An appointment as its patient sees it through the booking API: `Appointment`
/// without `video_room_id` and `join_url`, because a doctor's room is never
/// shown to a patient. A patient enters the room through the visit link sent at
/// check-in, which opens it only while their visit is live.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PatientAppointment {
    pub appointment_uid: AppointmentUid,
    pub status: AppointmentStatus,
    pub shop_uid: ShopUid,
    /// `null` while the appointment is in the shop's pool.
    pub doctor_uid: Option<DoctorUid>,
    pub patient_profile_uid: PatientProfileUid,
    pub appointment_type_uid: AppointmentTypeUid,
    pub payment_mode: PaymentMode,
    #[serde(with = "super::rfc3339")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub start: DateTime<Utc>,
    /// `start` + the type's duration.
    #[serde(with = "super::rfc3339")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub end: DateTime<Utc>,
    /// When the hold expires on its own if not confirmed. Set for appointments
    /// placed as holds; `null` once confirmed and for appointments booked
    /// confirmed.
    #[serde(with = "super::rfc3339::option")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::api_doc::schema::Timestamp>")
    )]
    pub hold_expires_at: Option<DateTime<Utc>>,
    /// The appointment this one replaced by a rebooking; `null` for an original
    /// booking.
    pub previous_meeting_uid: Option<AppointmentUid>,
    /// The appointment that replaced this one, once rebooked.
    pub rebooked_to: Option<AppointmentUid>,
    /// The reason given when cancelled; `rebooked` when replaced by a
    /// rebooking; otherwise `null`.
    pub cancellation_reason: Option<String>,
    /// When the patient checked in; `null` until then.
    #[serde(with = "super::rfc3339::option")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::api_doc::schema::Timestamp>")
    )]
    pub checked_in_at: Option<DateTime<Utc>>,
    /// The waiting-room entry created at check-in; `null` until then.
    pub queue_uid: Option<QueueUid>,
    #[serde(with = "super::rfc3339")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub created_at: DateTime<Utc>,
    #[serde(with = "super::rfc3339")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub updated_at: DateTime<Utc>,
}

impl From<AppointmentView> for PatientAppointment {
    fn from(a: AppointmentView) -> Self {
        PatientAppointment {
            appointment_uid: a.appointment_uid,
            status: a.status,
            shop_uid: a.shop_uid,
            doctor_uid: a.doctor_uid,
            patient_profile_uid: a.patient_profile_uid,
            appointment_type_uid: a.appointment_type_uid,
            payment_mode: a.payment_mode,
            start: a.start,
            end: a.end,
            hold_expires_at: a.hold_expires_at,
            previous_meeting_uid: a.previous_meeting_uid,
            rebooked_to: a.rebooked_to,
            cancellation_reason: a.cancellation_reason,
            checked_in_at: a.checked_in_at,
            queue_uid: a.queue_uid,
            created_at: a.created_at,
            updated_at: a.updated_at,
        }
    }
}

/// One change to an appointment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "AppointmentEvent"))]
pub struct HistoryEntry {
    #[serde(with = "super::rfc3339")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub at: DateTime<Utc>,
    /// `held` or `booked` (placed as a hold, or booked confirmed), `confirmed`,
    /// `cancelled`, `expired`, `rebooked` (this one was replaced),
    /// `rebooked_from` (this one replaced another), `checked_in`, `completed`,
    /// `no_show`.
    #[cfg_attr(
        feature = "schema",
        schemars(extend("enum" = ["held", "booked", "confirmed", "cancelled", "expired", "rebooked", "rebooked_from", "checked_in", "completed", "no_show"]))
    )]
    pub action: String,
    /// The `key_id` of the API key that made the change; `partner:{key_id}` for
    /// a change made through the patient booking API (the `key_id` of the
    /// booking secret the token was signed with); or `system` for a hold that
    /// expired or an appointment completed with its consultation in the waiting
    /// room. The patient booking API shows a staff key as `clinic`.
    pub actor: String,
    /// The cancellation reason for `cancelled`; the new appointment's uid for
    /// `rebooked`; the old appointment's uid for `rebooked_from`; the
    /// waiting-room `queue_uid` for `checked_in`, and for `completed` when the
    /// consultation in the waiting room completed it; otherwise `null`.
    pub detail: Option<String>,
}

impl HistoryEntry {
    /// The entry as the patient sees it: the clinic's own keys are the
    /// clinic's business, so a staff key shows as `clinic`.
    pub fn for_patient(mut self) -> Self {
        if self.actor.starts_with("key_") {
            self.actor = "clinic".to_owned();
        }
        self
    }
}

/// An appointment with its history and the chain of appointments it replaced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AppointmentDetail {
    #[serde(flatten)]
    pub appointment: AppointmentView,
    /// Every change, oldest first.
    pub history: Vec<HistoryEntry>,
    /// The appointments this one replaced by rebooking, following
    /// `previous_meeting_uid`, newest first (at most 100); `[]` for an original
    /// booking.
    pub previous_meetings: Vec<AppointmentUid>,
}

/// An appointment as its patient sees it, with its history and the chain of
/// appointments it replaced (no room).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PatientAppointmentDetail {
    #[serde(flatten)]
    pub appointment: PatientAppointment,
    /// Every change, oldest first; a staff key shows as `clinic`.
    pub history: Vec<HistoryEntry>,
    /// The appointments this one replaced by rebooking, following
    /// `previous_meeting_uid`, newest first (at most 100); `[]` for an original
    /// booking.
    pub previous_meetings: Vec<AppointmentUid>,
}

impl From<AppointmentDetail> for PatientAppointmentDetail {
    fn from(d: AppointmentDetail) -> Self {
        PatientAppointmentDetail {
            appointment: d.appointment.into(),
            history: d
                .history
                .into_iter()
                .map(HistoryEntry::for_patient)
                .collect(),
            previous_meetings: d.previous_meetings,
        }
    }
}

/// The shop's answer to a check-in: the appointment and the patient's place in
/// the queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CheckedIn {
    #[serde(flatten)]
    pub appointment: AppointmentView,
    /// 1-based place among the shop's waiting patients.
    #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
    pub position: Option<u32>,
}

/// The checked-in appointment, the patient's place in the waiting room and a
/// watch link like a registration's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "CheckInResponse"))]
pub struct CheckIn {
    #[serde(flatten)]
    pub checked_in: CheckedIn,
    /// A signed link to watch the waiting-room entry (`queue_uid`): send
    /// `visit_url` to the patient.
    pub watch: super::queue::WatchLinks,
}

/// A doctor's availability as stored: weekly windows sorted by weekday (Monday
/// first) and start, overrides sorted by date. A doctor who never set any has
/// empty lists, and offers no slots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Availability"))]
pub struct AvailabilityView {
    pub doctor_uid: DoctorUid,
    pub weekly: Vec<WeeklyWindow>,
    pub overrides: Vec<DateOverride>,
}

/// A free slot of one doctor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Slot"))]
pub struct SlotView {
    pub doctor_uid: DoctorUid,
    /// Pass as `start` to book or rebook.
    #[serde(with = "super::rfc3339")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub start: DateTime<Utc>,
    /// `start` + the type's `duration_minutes`.
    #[serde(with = "super::rfc3339")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub end: DateTime<Utc>,
}

/// A slot search's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "SlotSearchResult"))]
pub struct Slots {
    /// The shop's IANA time zone, in which the dates were read and the windows
    /// laid out.
    pub time_zone: String,
    /// Ordered by `start`, then `doctor_uid`.
    pub slots: Vec<SlotView>,
}

/// What a reminder run did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RemindersRun {
    pub published: u32,
    pub failed: u32,
}

/// A visit's links (seed 002's appointment links): the patient's, the
/// doctor's and the medical assistant's, each a per-visit link
/// (`/v1/visit/{token}`) that follows the visit: the wait page while the
/// patient waits, the room while someone is with them, 410 after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct VisitLinks {
    pub appointment_uid: AppointmentUid,
    pub external_id: Option<String>,
    /// The waiting-room entry made at check-in; the links exist from then
    /// on, and are `null` before.
    pub queue_uid: Option<QueueUid>,
    /// The patient's link (also sent to them at check-in).
    pub patient_visit_url: Option<String>,
    /// The doctor's link: it opens the visit's room as moderator.
    pub provider_visit_url: Option<String>,
    /// The medical assistant's link, for intake: it opens the visit's room
    /// as moderator.
    pub assistant_visit_url: Option<String>,
}
