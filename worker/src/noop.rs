//! The no-op Durable Object: the ceiling `make bench` measures the shop's
//! figures against. A request reaches it through the same Worker and the
//! same Durable Object stub as a shop request, and it answers at once,
//! without touching storage, so what it costs is the platform's round trip
//! alone.
//!
//! Its route exists only while the `BENCH` setting is on (the benchmark
//! starts `wrangler dev` with `--var BENCH:true`); otherwise the path is an
//! unknown route like any other. It is not an API route, so it is neither in
//! core's route table nor in the API document.

use worker::{DurableObject, Env, Request, Response, Result, State};

use crate::error::ApiResult;

/// The path of the round trip, answered by `GET` only.
pub const PATH: &str = "/v1/bench/noop";

#[cfg_attr(feature = "entry", worker::durable_object)]
pub struct Noop {
    _state: State,
}

#[cfg(feature = "entry")]
impl DurableObject for Noop {
    fn new(state: State, _env: Env) -> Self {
        Noop { _state: state }
    }

    async fn fetch(&self, _req: Request) -> Result<Response> {
        Response::from_json(&frontdesk_core::view::Health { status: "ok" })
    }
}

/// One request to the one no-op object, its answer relayed as it is.
pub async fn round_trip(env: &Env) -> ApiResult<Response> {
    let stub = env
        .durable_object("NOOP")?
        .id_from_name("noop")?
        .get_stub()?;
    Ok(stub.fetch_with_str("https://noop/").await?)
}
