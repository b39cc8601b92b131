//! Reminder emails and SMS as sent (or kept locally without a provider).

use serde::Serialize;

/// An email or SMS Frontdesk sends for a reminder rule with `send_email` or
/// `send_sms`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "ReminderMessage"))]
pub struct Message {
    /// `{event_id}:{channel}`: one message per reminder event and channel.
    pub message_id: String,
    /// The `APPOINTMENT_REMINDER_DUE` event.
    #[cfg_attr(feature = "schema", schemars(with = "crate::view::strings::EventId"))]
    pub event_id: String,
    #[cfg_attr(feature = "schema", schemars(extend("enum" = ["email", "sms"])))]
    pub channel: String,
    /// Who: `patient:{patient_profile_uid}`, `doctor:{doctor_uid}` or `admin`,
    /// as the event's `data.recipient`; `staff:{staff_uid}` for a sign-in
    /// link. A doctor's email goes to their staff account's address; the
    /// `admin` group's to every active admin.
    pub recipient: String,
    /// Where it went: an email address, or a phone number in E.164; for
    /// the `admin` group, every active admin's email, comma-separated.
    /// `null` while `queued`, and for `no_address`.
    pub address: Option<String>,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::view::strings::MessageStatus")
    )]
    pub status: String,
    /// The text: the appointment's start time, and nothing a bystander should
    /// read (no names, ids or reasons).
    pub body: String,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub created_at: String,
}
