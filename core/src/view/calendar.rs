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

/// An appointment as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentView {
    pub appointment_uid: AppointmentUid,
    pub status: AppointmentStatus,
    pub shop_uid: ShopUid,
    pub doctor_uid: DoctorUid,
    pub patient_profile_uid: PatientProfileUid,
    pub appointment_type_uid: AppointmentTypeUid,
    pub payment_mode: PaymentMode,
    #[serde(with = "super::rfc3339")]
    pub start: DateTime<Utc>,
    #[serde(with = "super::rfc3339")]
    pub end: DateTime<Utc>,
    /// When an unconfirmed hold lapses; `null` once confirmed.
    #[serde(with = "super::rfc3339::option")]
    pub hold_expires_at: Option<DateTime<Utc>>,
    pub video_room_id: VideoRoomId,
    pub join_url: String,
    /// The appointment this one replaced, when it was rebooked.
    pub previous_meeting_uid: Option<AppointmentUid>,
    /// The appointment that replaced this one.
    pub rebooked_to: Option<AppointmentUid>,
    pub cancellation_reason: Option<String>,
    #[serde(with = "super::rfc3339::option")]
    pub checked_in_at: Option<DateTime<Utc>>,
    /// The waiting-room entry a check-in made.
    pub queue_uid: Option<QueueUid>,
    #[serde(with = "super::rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "super::rfc3339")]
    pub updated_at: DateTime<Utc>,
}

/// An appointment as its patient sees it through the booking API: no room
/// name and no raw room URL. A patient enters the room through the visit
/// link they are sent at check-in, which opens it only while their visit
/// is live.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientAppointment {
    pub appointment_uid: AppointmentUid,
    pub status: AppointmentStatus,
    pub shop_uid: ShopUid,
    pub doctor_uid: DoctorUid,
    pub patient_profile_uid: PatientProfileUid,
    pub appointment_type_uid: AppointmentTypeUid,
    pub payment_mode: PaymentMode,
    #[serde(with = "super::rfc3339")]
    pub start: DateTime<Utc>,
    #[serde(with = "super::rfc3339")]
    pub end: DateTime<Utc>,
    #[serde(with = "super::rfc3339::option")]
    pub hold_expires_at: Option<DateTime<Utc>>,
    pub previous_meeting_uid: Option<AppointmentUid>,
    pub rebooked_to: Option<AppointmentUid>,
    pub cancellation_reason: Option<String>,
    #[serde(with = "super::rfc3339::option")]
    pub checked_in_at: Option<DateTime<Utc>>,
    pub queue_uid: Option<QueueUid>,
    #[serde(with = "super::rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "super::rfc3339")]
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

/// One step of an appointment's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    #[serde(with = "super::rfc3339")]
    pub at: DateTime<Utc>,
    /// `held`, `booked`, `confirmed`, `cancelled`, `rebooked`, ...
    pub action: String,
    /// An API key id, `partner:{kid}`, or `system`.
    pub actor: String,
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

/// `GET /v1/appointments/{uid}`: the appointment, its history, and the
/// chain of appointments it replaced, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentDetail {
    #[serde(flatten)]
    pub appointment: AppointmentView,
    pub history: Vec<HistoryEntry>,
    pub previous_meetings: Vec<AppointmentUid>,
}

/// The same, as its patient sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientAppointmentDetail {
    #[serde(flatten)]
    pub appointment: PatientAppointment,
    pub history: Vec<HistoryEntry>,
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

/// The shop's answer to a check-in: the appointment and the patient's
/// place in the queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckedIn {
    #[serde(flatten)]
    pub appointment: AppointmentView,
    pub position: Option<u32>,
}

/// `POST /v1/appointments/{uid}/check-in`'s answer: the check-in and the
/// links to send the patient, as a registration's `watch`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckIn {
    #[serde(flatten)]
    pub checked_in: CheckedIn,
    pub watch: super::queue::WatchLinks,
}

/// A doctor's weekly windows and dated exceptions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AvailabilityView {
    pub doctor_uid: DoctorUid,
    pub weekly: Vec<WeeklyWindow>,
    pub overrides: Vec<DateOverride>,
}

/// One free slot of one doctor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotView {
    pub doctor_uid: DoctorUid,
    #[serde(with = "super::rfc3339")]
    pub start: DateTime<Utc>,
    #[serde(with = "super::rfc3339")]
    pub end: DateTime<Utc>,
}

/// A slot search's answer, in time order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slots {
    /// The shop's IANA time zone, in which the slots were laid out.
    pub time_zone: String,
    pub slots: Vec<SlotView>,
}

/// What a reminder run did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemindersRun {
    pub published: u32,
    pub failed: u32,
}
