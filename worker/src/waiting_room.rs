//! Handlers for the waiting room (seed 000) and its doctor side: each
//! parses the request, calls `service::waiting_room` and renders its view.

use frontdesk_core::ids::{QueueUid, ShopUid};
use frontdesk_core::watch;
use frontdesk_core::wire::{
    Allocate, LiveQueueQuery, MyTurn, Presence, Register, TakeIntake, VisitStep, Workflow,
};
use worker::{Request, Response};

use crate::context::Ctx;
use crate::edge::{self, idempotency_key, json, json_body, origin};
use crate::error::{ApiError, ApiResult};
use crate::service::{waiting_room, Actor};

pub async fn register(req: &mut Request, cx: &Ctx, actor: &Actor) -> ApiResult<Response> {
    let idempotency_key = idempotency_key(req)?;
    let input = Register::parse(&json_body(req).await?)?;
    let registration =
        waiting_room::register(cx, actor, input, idempotency_key, &origin(req)?).await?;
    json(201, &registration)
}

pub async fn allocate(req: &mut Request, cx: &Ctx, actor: &Actor) -> ApiResult<Response> {
    let input = Allocate::parse(&json_body(req).await?)?;
    match waiting_room::allocate(cx, actor, input, &origin(req)?).await? {
        Some(allocated) => json(200, &allocated),
        // Nobody is waiting for this doctor.
        None => Ok(Response::empty()?.with_status(204)),
    }
}

/// A medical assistant takes the next patient waiting for intake.
pub async fn take_intake(req: &mut Request, cx: &Ctx, actor: &Actor) -> ApiResult<Response> {
    let input = TakeIntake::parse(&json_body(req).await?)?;
    match waiting_room::take_intake(cx, actor, input, &origin(req)?).await? {
        Some(taken) => json(200, &taken),
        // Nobody is waiting for intake.
        None => Ok(Response::empty()?.with_status(204)),
    }
}

pub async fn move_visit(
    req: &mut Request,
    cx: &Ctx,
    actor: &Actor,
    queue_uid: QueueUid,
) -> ApiResult<Response> {
    let step = VisitStep::parse(&json_body(req).await?)?;
    json(
        200,
        &waiting_room::move_visit(cx, actor, queue_uid, step).await?,
    )
}

pub async fn workflow(cx: &Ctx, actor: &Actor, shop: ShopUid) -> ApiResult<Response> {
    json(200, &waiting_room::workflow(cx, actor, shop).await?)
}

pub async fn set_workflow(
    req: &mut Request,
    cx: &Ctx,
    actor: &Actor,
    shop: ShopUid,
) -> ApiResult<Response> {
    let input = Workflow::parse(&json_body(req).await?)?;
    json(
        200,
        &waiting_room::set_workflow(cx, actor, shop, input).await?,
    )
}

pub async fn set_presence(req: &mut Request, cx: &Ctx, actor: &Actor) -> ApiResult<Response> {
    let input = Presence::parse(&json_body(req).await?)?;
    json(200, &waiting_room::set_presence(cx, actor, input).await?)
}

pub async fn status(cx: &Ctx, actor: &Actor, queue_uid: QueueUid) -> ApiResult<Response> {
    json(200, &waiting_room::status(cx, actor, queue_uid).await?)
}

pub async fn cancel(cx: &Ctx, actor: &Actor, queue_uid: QueueUid) -> ApiResult<Response> {
    json(200, &waiting_room::cancel(cx, actor, queue_uid).await?)
}

pub async fn complete(cx: &Ctx, actor: &Actor, queue_uid: QueueUid) -> ApiResult<Response> {
    json(200, &waiting_room::complete(cx, actor, queue_uid).await?)
}

/// A fresh watch link for an existing entry, e.g. to send the patient again.
pub async fn watch_url(
    req: &Request,
    cx: &Ctx,
    actor: &Actor,
    queue_uid: QueueUid,
) -> ApiResult<Response> {
    json(
        200,
        &waiting_room::watch_links(cx, actor, queue_uid, &origin(req)?).await?,
    )
}

/// The watch token a socket request presents: offered as a subprotocol
/// next to `frontdesk.watch` (the wait page), as `Authorization: Bearer`
/// (the page's plain-HTTP check of a refused link), or in the `token`
/// query parameter (links from before the subprotocol).
fn presented_token(req: &Request) -> ApiResult<String> {
    let headers = req.headers();
    if let Some(offered) = headers.get("Sec-WebSocket-Protocol")? {
        if let Some(token) = watch::token_from_protocols(&offered) {
            return Ok(token.to_owned());
        }
    }
    if let Some(bearer) = headers.get("Authorization")? {
        if let Some(token) = bearer.strip_prefix("Bearer ") {
            return Ok(token.trim().to_owned());
        }
    }
    req.url()?
        .query_pairs()
        .find(|(k, _)| k == "token")
        .map(|(_, v)| v.into_owned())
        .ok_or(ApiError::Unauthorized("a watch token is required"))
}

/// The shop's live queue for staff, over a WebSocket.
pub async fn live(req: &Request, cx: &Ctx, actor: &Actor) -> ApiResult<Response> {
    let query = LiveQueueQuery::parse(&edge::query(req)?)?;
    edge::websocket_upgrade(req)?;
    waiting_room::live(cx, actor, &query.shop_uid, req).await
}

/// The patient's WebSocket: the token alone authorises watching its entry.
pub async fn watch(req: &Request, cx: &Ctx) -> ApiResult<Response> {
    let token = presented_token(req)?;
    let claims = watch::verify(&token, cx.config.watch_secret.as_bytes(), cx.now)?;
    waiting_room::watch(cx, &claims, req, &origin(req)?).await
}

/// "Tell me when it's my turn", from the wait page: the watch token
/// (as `Authorization: Bearer`) says whose entry.
pub async fn my_turn(req: &mut Request, cx: &Ctx) -> ApiResult<Response> {
    let token = presented_token(req)?;
    let claims = watch::verify(&token, cx.config.watch_secret.as_bytes(), cx.now)?;
    let input = MyTurn::parse(&json_body(req).await?)?;
    json(200, &waiting_room::my_turn(cx, &claims, input).await?)
}
