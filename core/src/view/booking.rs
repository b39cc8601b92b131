//! What the booking page and widget read with a booking token: where the
//! holder may book, with whom, and what. Patients' views: no rooms, no
//! phone numbers, no reminder rules.

use serde::{Deserialize, Serialize};

use crate::calendar::appointment::PaymentMode;
use crate::calendar::rules::RebookingMode;
use crate::ids::{AppointmentTypeUid, DoctorUid, ShopUid};

/// A doctor as the booking page names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BookingDoctor {
    pub doctor_uid: DoctorUid,
    pub name: String,
}

/// A shop the token may book in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BookingShop {
    pub shop_uid: ShopUid,
    pub name: String,
    pub address: String,
    /// IANA time zone: slots are shown in it.
    pub time_zone: String,
    /// Its doctors, by name.
    pub doctors: Vec<BookingDoctor>,
}

/// `GET /v1/booking/shops`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BookingShops {
    /// A token restricted to a shop (`shop_uid` claim) sees that shop only;
    /// otherwise the organisation's shops (at most 200), by name.
    pub data: Vec<BookingShop>,
}

/// An appointment type as the holder may book it: its length, the notice
/// its changes need, and how it may be paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BookingType {
    pub appointment_type_uid: AppointmentTypeUid,
    pub name: String,
    pub duration_minutes: i64,
    /// How long a held slot is kept before it lapses.
    pub hold_ttl_seconds: i64,
    pub min_booking_notice_minutes: i64,
    /// A patient cancels at least this long before the start.
    pub min_cancel_notice_minutes: i64,
    pub min_rebook_notice_minutes: i64,
    pub rebooking_mode: RebookingMode,
    pub payment_modes: Vec<PaymentMode>,
}

/// `GET /v1/booking/appointment-types`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BookingTypes {
    /// The organisation's types (at most 200), by name.
    pub data: Vec<BookingType>,
}
