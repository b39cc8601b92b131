//! What the API answers: the typed bodies of its responses, and of the
//! replies the Shop object sends the worker.
//!
//! Views are separate from stored rows: a row is how a store keeps a
//! thing, a view is the promise made to clients, so a column can change
//! without a client noticing. The same types cross the boundary between
//! the worker and the shop's Durable Object (serialised as JSON), which is
//! why they deserialise as well.
//!
//! ## Layout
//! - [`queue`]: a waiting-room entry, a registration, an allocation,
//!   presence, and the watch links sent to a patient.
//! - [`calendar`]: appointments (as staff and as the patient see them),
//!   availability and slots.
//! - [`rfc3339`]: how every instant in a view is written.

pub mod calendar;
pub mod queue;
pub mod rfc3339;
