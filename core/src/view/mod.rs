//! What the API answers: the typed bodies of its responses, and of the
//! replies the Shop object sends the worker.
//!
//! Views are separate from stored rows: a row is how a store keeps a
//! thing, a view is the promise made to clients, so a column can change
//! without a client noticing. The worker's repositories turn each D1 row
//! into its view in one place; a view never carries what the API must not
//! show (secret hashes, sealed values). The waiting room's and the
//! calendar's views also cross the boundary between the worker and the
//! shop's Durable Object (serialised as JSON), which is why they
//! deserialise as well.
//!
//! ## Layout
//! - [`queue`]: a waiting-room entry, a registration, an allocation,
//!   presence, and the watch links sent to a patient.
//! - [`calendar`]: appointments (as staff and as the patient see them),
//!   availability and slots.
//! - [`booking`]: what a booking token's holder reads to pick a shop, a
//!   doctor and a type.
//! - [`api_keys`], [`appointment_types`], [`audit`], [`directory`]
//!   (organisations, shops, doctors), [`messages`], [`partners`],
//!   [`patients`], [`staff`], [`webhooks`]: stored resources.
//! - [`records`]: clinical records (seed 002): episodes of care.
//! - [`events`]: the envelope every event has, and reminders' data.
//! - [`rfc3339`]: how every instant in a view is written.
//! - `strings` (with the `schema` feature): the documented shapes of ids,
//!   secrets and statuses that views hold as plain strings.

pub mod api_keys;
pub mod appointment_types;
pub mod audit;
pub mod booking;
pub mod calendar;
pub mod directory;
pub mod events;
pub mod messages;
pub mod partners;
pub mod patients;
pub mod queue;
pub mod records;
pub mod rfc3339;
pub mod staff;
#[cfg(feature = "schema")]
pub mod strings;
pub mod webhooks;

use serde::{Deserialize, Serialize};

/// `GET /v1/health`'s answer.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Health {
    /// Always `ok`.
    #[cfg_attr(feature = "schema", schemars(extend("const" = "ok")))]
    pub status: &'static str,
}

/// One page of a listing: the rows, and the cursor of the next page if
/// one follows.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "{T}Listing"))]
pub struct Listing<T> {
    pub data: Vec<T>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}
