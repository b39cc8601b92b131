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

/// `APPOINTMENT_REMINDER_DUE`'s data: which appointment, who is to be
/// reminded, and whether Frontdesk sends the email or SMS itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderDue {
    pub appointment_uid: AppointmentUid,
    pub shop_uid: ShopUid,
    pub doctor_uid: DoctorUid,
    pub patient_profile_uid: PatientProfileUid,
    #[serde(with = "super::rfc3339")]
    pub start: DateTime<Utc>,
    /// The rule's index in the type's list.
    pub rule: usize,
    /// The patient's or doctor's uid, or `admin`.
    pub recipient: String,
    pub recipient_group: RecipientGroup,
    pub minutes_before: i64,
    pub send_email: bool,
    pub send_sms: bool,
}
