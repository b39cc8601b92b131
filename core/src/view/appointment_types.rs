//! Appointment types: their rules and the payment modes they accept.

use serde::Serialize;

use crate::calendar::appointment::PaymentMode;
use crate::calendar::rules::{RebookingMode, ReminderRule};
use crate::ids::AppointmentTypeUid;

#[derive(Debug, Clone, Serialize)]
pub struct AppointmentType {
    pub appointment_type_uid: AppointmentTypeUid,
    pub name: String,
    pub duration_minutes: i64,
    pub hold_ttl_seconds: i64,
    pub min_booking_notice_minutes: i64,
    pub min_cancel_notice_minutes: i64,
    pub min_rebook_notice_minutes: i64,
    pub rebooking_mode: RebookingMode,
    pub payment_modes: Vec<PaymentMode>,
    pub reminders: Vec<ReminderRule>,
    pub created_at: String,
}
