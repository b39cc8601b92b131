//! Services: what the API does, between the handlers (which speak HTTP)
//! and the stores (the Shop object's typed client, D1 through the
//! directory). Each takes the request context and the [`Actor`], decides
//! what the actor may see and do, and returns typed views; none reads a
//! request or builds a response.
//!
//! ## Layout
//! - `actor.rs`: who acts, and the rules that depend on it.
//! - `tenancy.rs`: that a shop, doctor, type, entry or appointment belongs
//!   to the actor's organisation (404 otherwise).
//! - `waiting_room.rs`: registration, allocation, presence, entries, and
//!   the links sent to patients.
//! - `visits.rs`: visit links, and which room a visit takes place in.
//! - `staff.rs`: staff users, sign-in links and sessions.
//! - `appointments.rs`: availability, slots, booking and the appointment
//!   actions, for staff, doctors and patients alike.
//! - `records.rs`: clinical records (seed 002): episodes of care, visit
//!   notes, patient documents.
//! - `attachments.rs`: visit attachments in R2 and their download links.
//! - `reports.rs`: the visits CSV, streamed a page at a time.
//! - `webhooks.rs`: webhook subscriptions, in either delivery format.

pub mod actor;
pub mod appointments;
pub mod attachments;
pub mod booking;
pub mod partners;
pub mod patients;
pub mod records;
pub mod reports;
pub mod staff;
pub mod tenancy;
pub mod visits;
pub mod waiting_room;
pub mod webhooks;

pub use actor::Actor;
