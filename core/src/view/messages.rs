//! Reminder emails and SMS as sent (or kept locally without a provider).

use serde::Serialize;

/// An email or SMS Frontdesk sends for a reminder rule with `send_email` or
/// `send_sms`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "ReminderMessage"))]
pub struct Message {
    /// `{event_id}:{channel}`: one message per event and channel; for "my
    /// turn" messages `turn:{queue_uid}:{next_in_line|doctor_ready}`, and
    /// for a check-in's wait-page link `checkin:{appointment_uid}:{channel}`.
    pub message_id: String,
    /// The event the message is about (`APPOINTMENT_REMINDER_DUE`, a
    /// booking's `APPOINTMENT_CONFIRMED`, `APPOINTMENT_REBOOKED` or
    /// `APPOINTMENT_CANCELLED`), or an id minted for a message no event
    /// stands behind (a sign-in link, "my turn", a check-in).
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
    /// The text: for a reminder, the appointment's start time, and nothing a
    /// bystander should read (no names, ids or reasons).
    pub body: String,
    /// Files sent with an email (a booking's `.ics`); `[]` for none. The
    /// local outbox keeps them as they were sent. (Held as the stored JSON:
    /// the worker passes it through unread.)
    #[cfg_attr(feature = "schema", schemars(with = "Vec<MessageAttachment>"))]
    pub attachments: serde_json::Value,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub created_at: String,
}

/// A file sent with an email; the worker writes these as JSON itself (see
/// `booking_messages`), with these fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MessageAttachment {
    pub filename: String,
    /// `text/calendar; method=PUBLISH` (or `CANCEL`) for a booking's file.
    pub content_type: String,
    /// The file, base64 (RFC 4648, padded).
    pub content_base64: String,
}
