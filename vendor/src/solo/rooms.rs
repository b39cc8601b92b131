//! Seed 002's waiting rooms: Frontdesk's shops, found by name when an
//! appointment or a slot search names one.

use frontdesk_core::compat::solo::WaitingRoom;
use frontdesk_worker::auth::Caller;
use frontdesk_worker::context::Ctx;
use frontdesk_worker::edge::json;
use frontdesk_worker::error::ApiResult;
use frontdesk_worker::repo;
use worker::Response;

/// Every shop of the organisation, as seed 002's waiting rooms.
pub async fn list(cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let shops = repo::shops::all(&cx.db, &caller.org).await?;
    let rooms: Vec<_> = shops
        .into_iter()
        .map(|s| WaitingRoom {
            id: s.shop_uid.as_str().to_owned(),
            name: s.name,
            service_line: s.service_line,
            service_type: s.service_type,
        })
        .collect();
    json(200, &rooms)
}
