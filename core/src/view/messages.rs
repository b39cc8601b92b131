//! Reminder emails and SMS as sent (or kept locally without a provider).

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Message {
    pub message_id: String,
    pub event_id: String,
    pub channel: String,
    /// `patient:{uid}` or `doctor:{uid}`.
    pub recipient: String,
    /// Where it went, once sent.
    pub address: Option<String>,
    pub status: String,
    pub body: String,
    pub created_at: String,
}
