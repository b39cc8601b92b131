//! # frontdesk-tests
//!
//! End-to-end tests and the benchmark: they start a real `wrangler dev` on a
//! free port with a fresh state directory and drive the public API over HTTP
//! (reqwest) and WebSocket (tokio-tungstenite), as a client would.
//!
//! ## Layout
//! - [`server`]: starting, stopping and restarting `wrangler dev`.
//! - [`client`]: a small API client: organisations, shops, doctors, the
//!   waiting room and watch sockets.
//! - [`receiver`]: a scripted webhook receiver on loopback.
//! - `e2e/`: the test binary (libtest-mimic), one trial per scenario.

pub mod client;
pub mod receiver;
pub mod server;
