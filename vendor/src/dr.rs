//! Seed 003's endpoints (`/dr/v1`).

use frontdesk_core::compat::routes::CompatRoute;
use frontdesk_worker::error::{ApiError, ApiResult};
use worker::Response;

pub fn not_yet(route: CompatRoute) -> ApiResult<Response> {
    Err(ApiError::Internal(format!("{route:?} is not served yet")))
}
