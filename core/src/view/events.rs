//! Events, as webhooks deliver them and the stores keep them: one envelope
//! for every kind, whose `data` holds ids, times and statuses only, which
//! is all a receiver needs to look the rest up with its own credentials.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::calendar::rules::RecipientGroup;
use crate::ids::{AppointmentUid, DoctorUid, OrgUid, PatientProfileUid, ShopUid};

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
    pub doctor_uid: DoctorUid,
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
