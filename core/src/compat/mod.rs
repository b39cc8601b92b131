//! The vendor-compatible surfaces: seed 002's `/qapi/v1` (with its
//! context-aware linking endpoint) and seed 003's `/dr/v1`. Clinics that
//! already call those vendors point their clients here and change nothing
//! else. Each surface is a thin adapter: its wire shapes are parsed here
//! into the same typed values Frontdesk's own `/v1` takes, and its answers
//! are rendered from Frontdesk's views.
//!
//! ## Layout
//! - [`routes`]: every vendor route, its surface and its scope.
//! - [`solo`]: seed 002's wire shapes (patients, appointments, waiting
//!   rooms, slots), both ways.
//! - [`solo_records`]: seed 002's episodes, attachments and reports as its
//!   surface answers them.
//! - [`check_in`]: the signed online check-in link seed 002's bookings
//!   answer as `visitUrl`.
//! - [`dr`]: seed 003's bodies, defined in that seed's spirit.
//! - [`perfect_answer`]: seed 002's perfect answer and the locations it
//!   is configured by.
//! - [`nursing`]: seed 002's virtual nursing: care locations and
//!   assistance requests.

pub mod check_in;
pub mod dr;
pub mod linking;
pub mod nursing;
pub mod perfect_answer;
pub mod routes;
pub mod solo;
pub mod solo_crypto;
pub mod solo_notes;
pub mod solo_records;
pub mod teams;
