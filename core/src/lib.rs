//! # frontdesk-core
//!
//! The domain of Frontdesk, a front desk for telehealth practices: the virtual
//! waiting room, API keys and scopes, signed watch tokens, and the route table
//! of the public API.
//!
//! This crate does no IO, never reads the clock and draws no random numbers.
//! Time (`now`) and fresh entropy for new ids are passed in by the caller (the
//! Cloudflare Worker in `frontdesk-worker`), and functions return decisions
//! rather than performing them. That is what lets the queue order, the wait
//! estimate and token expiry be tested exactly, natively, with any `now`.
//!
//! ## Layout
//! - [`ics`]: iCalendar files of a patient's appointment, stable across
//!   rebooks (the chain's first uid, a rising `SEQUENCE`).
//! - [`ids`]: typed identifiers (`ShopUid`, `DoctorUid`, `QueueUid`, ...),
//!   parsed once at the edge and trusted afterwards.
//! - `api_doc` (feature `schema`): the OpenAPI document, generated from
//!   the route table and the types' `JsonSchema` (`make openapi`).
//! - [`auth`]: scopes and API keys: the key format, hashing and the
//!   constant-time check.
//! - [`booking_token`]: partner-minted JWTs (HS256, `kid`) for the
//!   patient-facing booking API: verification, minting, the patient a
//!   token stands for.
//! - [`sealed`]: secrets at rest, sealed with ChaCha20-Poly1305.
//! - [`staff`]: staff roles and their scopes, and the sign-in link and
//!   session credentials with their lifetimes.
//! - [`watch`]: short-lived signed tokens that let a patient's page watch one
//!   queue entry, and the limits on its sockets.
//! - [`visit`]: per-visit links into the video room, the meeting-room
//!   strategy, and Jitsi tokens.
//! - [`patient`]: patient records (seed 002), parsed with errors that
//!   name the field's path; JSON merge patch for partial updates.
//! - [`phone`]: phone numbers normalised to E.164.
//! - [`turn`]: "tell me when it's my turn": the patient's contact, which
//!   message is due, their wording; the languages patient pages speak.
//! - [`records`]: clinical records (seed 002): episodes of care.
//! - [`stage`]: the visit workflow (seed 002): the visit's stage and its
//!   video call's status, the steps that move them, positions per queue.
//! - [`queue`]: the waiting room: statuses and transitions, first-come
//!   first-served order with preferred doctors, positions.
//! - [`error_code`]: every `error.code` the API answers, kept equal to the
//!   OpenAPI document by a test.
//! - [`estimate`]: the estimated wait in minutes.
//! - [`migrations`]: which steps of a numbered storage migration list a
//!   store still needs (the Shop object's SQLite schema).
//! - [`calendar`]: weekly availability, slots across DST, and the
//!   appointment lifecycle with its notice and rebooking rules.
//! - [`zone`]: IANA time zones over the schedule's window, from a table
//!   generated from chrono-tz (`make zones`).
//! - [`time`]: the window every date and time from a request must fall
//!   in (2000 to 2100; 1900 for birth and death dates), and durations that
//!   saturate instead of panicking.
//! - [`webhook`]: Standard Webhooks signing, the event catalogue, the retry
//!   schedule and endpoint checks.
//! - [`view`]: response bodies, and the Shop object's replies: typed,
//!   and separate from how stores keep rows.
//! - [`wire`]: request bodies as they arrive, and their parsing into domain
//!   values with errors that name the offending field.
//! - [`routes`]: the table of every public route, its path parameters and the
//!   scope it needs; the worker dispatches on it and the OpenAPI document is
//!   tested against it.

#[cfg(feature = "schema")]
pub mod api_doc;
pub mod auth;
pub mod booking_token;
pub mod calendar;
pub mod compat;
pub mod endpoint;
pub mod error_code;
pub mod estimate;
pub mod ics;
pub mod ids;
pub mod migrations;
pub mod patient;
pub mod phone;
pub mod queue;
pub mod records;
pub mod routes;
pub mod sealed;
pub mod staff;
pub mod stage;
pub mod time;
pub mod turn;
pub mod view;
pub mod visit;
pub mod watch;
pub mod webhook;
pub mod wire;
pub mod zone;
