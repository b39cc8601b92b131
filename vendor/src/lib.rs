//! # frontdesk-vendor
//!
//! The vendor-compatible Worker. Clinics that already integrate with the
//! vendors behind seed 002 (Teladoc Health Solo's `/qapi/v1`, with its
//! context-aware linking) and seed 003 (a clinic appointment API,
//! `/dr/v1`) point their existing clients at Frontdesk and change nothing
//! else. Each endpoint is a thin adapter: it parses the vendor's shape
//! (with `frontdesk_core::compat`), calls the same service Frontdesk's own
//! `/v1` calls (from `frontdesk_worker::service`), and renders the
//! vendor's shape.
//!
//! It is a Worker of its own so that the main one stays within its size
//! budget: the main Worker forwards these paths here through a service
//! binding, and this one reaches the main Worker's Durable Objects through
//! bindings that name its script, and shares its D1 database and R2
//! bucket. Tenancy, scopes, rate limits and the audit log are the main
//! Worker's own code, linked in.
//!
//! ## Layout
//! - [`surface`]: routing, authentication and each vendor's error shape.
//! - [`solo`]: seed 002's endpoints.
//! - [`dr`]: seed 003's endpoints.

#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::unreachable
)]

pub mod dr;
pub mod solo;
pub mod surface;

use frontdesk_worker::ambient;
use worker::{event, Context, Env, Request, Response, Result};

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    let now = ambient::now();
    let resp = surface::route(req, env, now).await;
    frontdesk_worker::finish(resp, false)
}
