//! Events, as webhooks deliver them and the stores keep them: one envelope
//! for every kind, whose `data` holds ids, times and statuses only, which
//! is all a receiver needs to look the rest up with its own credentials.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::calendar::appointment::AppointmentStatus;
use crate::calendar::rules::RecipientGroup;
use crate::ids::{
    AppointmentTypeUid, AppointmentUid, DoctorUid, OrgUid, PatientProfileUid, QueueUid, ShopUid,
};

/// The kind of event that asks for a reminder to be sent.
pub const REMINDER_DUE: &str = "APPOINTMENT_REMINDER_DUE";

/// One event. `id` is `evt_` and random; receivers deduplicate on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    /// One of the catalogue's types (`WAITING_ROOM_REGISTERED`, ...).
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(with = "super::rfc3339")]
    pub occurred_at: DateTime<Utc>,
    pub organization_uid: OrgUid,
    pub data: Value,
}

/// The `data` of `APPOINTMENT_REMINDER_DUE`: the appointment, and the rule
/// (as snapshotted when the appointment was booked) and recipient that fell
/// due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "ReminderDueEventData"))]
pub struct ReminderDue {
    pub appointment_uid: AppointmentUid,
    pub shop_uid: ShopUid,
    /// `null` for an appointment in the shop's pool.
    pub doctor_uid: Option<DoctorUid>,
    pub patient_profile_uid: PatientProfileUid,
    /// When the appointment starts.
    #[serde(with = "super::rfc3339")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub start: DateTime<Utc>,
    /// The rule's index in the type's `reminders`.
    #[cfg_attr(
        feature = "schema",
        schemars(range(max = crate::wire::calendar::MAX_REMINDERS - 1))
    )]
    pub rule: usize,
    /// `patient:{patient_profile_uid}`, `doctor:{doctor_uid}` or `admin`.
    pub recipient: String,
    pub recipient_group: RecipientGroup,
    #[cfg_attr(
        feature = "schema",
        schemars(range(min = *crate::calendar::rules::TypeRules::NOTICE_MINUTES.start(), max = *crate::calendar::rules::TypeRules::NOTICE_MINUTES.end()))
    )]
    pub minutes_before: i64,
    /// Frontdesk also emails the recipient (see `GET
    /// /v1/management/messages`).
    pub send_email: bool,
    /// Frontdesk also texts the recipient.
    pub send_sms: bool,
}

/// The `data` of every `WAITING_ROOM_*` event. No visit reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "WaitingRoomEventData"))]
pub struct WaitingRoomData {
    pub queue_uid: QueueUid,
    pub shop_uid: ShopUid,
    #[cfg_attr(feature = "schema", schemars(with = "PatientProfileUid"))]
    pub patient_profile_uid: String,
    /// The doctor who took the patient, on `WAITING_ROOM_ALLOCATED` and
    /// `WAITING_ROOM_COMPLETED`; `null` on the others.
    #[cfg_attr(feature = "schema", schemars(with = "Option<DoctorUid>"))]
    pub doctor_uid: Option<String>,
}

/// The `data` of every `APPOINTMENT_*` event but the reminder: the
/// appointment's ids, times and status just after the change. No patient
/// names, contacts or reasons; read more with your own API key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "AppointmentEventData"))]
pub struct AppointmentData {
    pub appointment_uid: AppointmentUid,
    pub shop_uid: ShopUid,
    /// `null` for an appointment in the shop's pool.
    pub doctor_uid: Option<DoctorUid>,
    pub patient_profile_uid: PatientProfileUid,
    pub appointment_type_uid: AppointmentTypeUid,
    pub status: AppointmentStatus,
    #[serde(with = "super::rfc3339")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub start: DateTime<Utc>,
    #[serde(with = "super::rfc3339")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub end: DateTime<Utc>,
    /// The appointment this one was rebooked from.
    pub previous_meeting_uid: Option<AppointmentUid>,
    /// The appointment this one was moved to (`APPOINTMENT_REBOOKED`).
    pub rebooked_to: Option<AppointmentUid>,
    /// The waiting-room entry made at check-in.
    pub queue_uid: Option<QueueUid>,
}

/// The `data` of every `patient:*` event: the patient's uid and whether the
/// record is active. No demographics: read the record with `GET
/// /v1/management/patients/{patient_uid}` (scope `patients:read`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "PatientEventData"))]
pub struct PatientData {
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::patient::schema::PatientUid")
    )]
    pub patient_uid: PatientProfileUid,
    /// The record's `active` after the change.
    pub active: bool,
}

/// `episode:created` and `episode:updated`: which episode of which
/// patient, and its status after the change. Read the episode for the
/// rest (scope `records:read`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "EpisodeEventData"))]
pub struct EpisodeData {
    pub episode_uid: crate::ids::EpisodeUid,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::patient::schema::PatientUid")
    )]
    pub patient_uid: PatientProfileUid,
    pub status: crate::records::episode::EpisodeStatus,
}

/// `VISIT_STAGE_CHANGED`: a visit moved in the clinical workflow (seed
/// 002's `status` and `videoCall.status`). No names, no reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "VisitStageEventData"))]
pub struct VisitStageData {
    pub queue_uid: QueueUid,
    pub shop_uid: ShopUid,
    #[cfg_attr(feature = "schema", schemars(with = "PatientProfileUid"))]
    pub patient_profile_uid: String,
    /// The checked-in appointment the visit is for, if any.
    pub appointment_uid: Option<AppointmentUid>,
    /// The stage before and after the move.
    pub from_stage: crate::stage::Stage,
    pub stage: crate::stage::Stage,
    pub call_status: crate::stage::CallStatus,
}
