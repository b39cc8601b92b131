//! Appointment types: their rules and the payment modes they accept.

use serde::Serialize;

use crate::calendar::appointment::PaymentMode;
use crate::calendar::rules::{RebookingMode, ReminderRule};
use crate::ids::AppointmentTypeUid;

/// Duration, hold TTL, notice periods, rebooking rules, accepted payment modes
/// and reminder rules of one kind of appointment. An appointment keeps the
/// rules of its type as they were when it was booked.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AppointmentType {
    pub appointment_type_uid: AppointmentTypeUid,
    pub name: String,
    #[cfg_attr(
        feature = "schema",
        schemars(range(min = *crate::calendar::rules::TypeRules::DURATION_MINUTES.start(), max = *crate::calendar::rules::TypeRules::DURATION_MINUTES.end()))
    )]
    pub duration_minutes: i64,
    #[cfg_attr(
        feature = "schema",
        schemars(range(min = *crate::calendar::rules::TypeRules::HOLD_TTL_SECONDS.start(), max = *crate::calendar::rules::TypeRules::HOLD_TTL_SECONDS.end()))
    )]
    pub hold_ttl_seconds: i64,
    #[cfg_attr(
        feature = "schema",
        schemars(range(min = *crate::calendar::rules::TypeRules::NOTICE_MINUTES.start(), max = *crate::calendar::rules::TypeRules::NOTICE_MINUTES.end()))
    )]
    pub min_booking_notice_minutes: i64,
    #[cfg_attr(
        feature = "schema",
        schemars(range(min = *crate::calendar::rules::TypeRules::NOTICE_MINUTES.start(), max = *crate::calendar::rules::TypeRules::NOTICE_MINUTES.end()))
    )]
    pub min_cancel_notice_minutes: i64,
    #[cfg_attr(
        feature = "schema",
        schemars(range(min = *crate::calendar::rules::TypeRules::NOTICE_MINUTES.start(), max = *crate::calendar::rules::TypeRules::NOTICE_MINUTES.end()))
    )]
    pub min_rebook_notice_minutes: i64,
    pub rebooking_mode: RebookingMode,
    #[cfg_attr(feature = "schema", schemars(length(min = 1)))]
    pub payment_modes: Vec<PaymentMode>,
    /// Reminder rules, with `send_email` and `send_sms` always present; `[]`
    /// when none.
    pub reminders: Vec<ReminderRule>,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub created_at: String,
}
