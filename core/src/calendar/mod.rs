//! The doctor calendar: weekly availability, slot generation across time
//! zones and DST, and the appointment lifecycle of seed 001.
//!
//! Everything here takes `now` and the shop's IANA time zone as arguments.
//! Availability is written in the shop's local wall-clock time, because that
//! is how doctors think about their week ("Mondays 09:00 to 12:00"); a slot
//! becomes an instant only when it is generated for a concrete date.

pub mod appointment;
pub mod availability;
pub mod reminders;
pub mod slots;
