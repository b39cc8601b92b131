//! Handlers for the waiting room (seed 000) and its doctor side. Each checks
//! that the shop, doctor or queue entry belongs to the caller's organisation
//! (404 otherwise), then hands a [`Command`] to the shop's Durable Object.

use frontdesk_core::ids::{DoctorUid, OrgUid, QueueUid, ShopUid};
use frontdesk_core::visit::Role;
use frontdesk_core::watch::{self, WatchClaims};
use frontdesk_core::wire::{Allocate, Presence, Register};
use serde_json::{json, Value};
use worker::{Request, Response};

use crate::auth::Caller;
use crate::context::Ctx;
use crate::edge::{idempotency_key, json, json_body};
use crate::error::{ApiError, ApiResult};
use crate::repo::{doctors, shops, Db};
use crate::shop::{self, Command};
use crate::visit;

async fn own_shop(db: &Db, org: &OrgUid, shop: &ShopUid) -> ApiResult<()> {
    match shops::find(db, org, shop).await? {
        Some(_) => Ok(()),
        None => Err(ApiError::NotFound {
            what: "shop",
            field: Some("shop_uid"),
        }),
    }
}

/// The organisation's doctor, if they work in `shop`; otherwise a 404 on
/// `field`.
pub(crate) async fn shop_doctor(
    db: &Db,
    org: &OrgUid,
    shop: &ShopUid,
    doctor: &DoctorUid,
    field: &'static str,
) -> ApiResult<doctors::Row> {
    match doctors::find(db, org, doctor).await? {
        Some(d) if d.shop_uid == *shop => Ok(d),
        _ => Err(ApiError::NotFound {
            what: "doctor in this shop",
            field: Some(field),
        }),
    }
}

/// Checks the entry's shop is the caller's: another tenant's entry is a
/// plain 404, like a malformed uid.
async fn own_entry(db: &Db, caller: &Caller, queue_uid: QueueUid) -> ApiResult<QueueUid> {
    match shops::find(db, &caller.org, &queue_uid.shop()).await? {
        Some(_) => Ok(queue_uid),
        None => Err(ApiError::not_found("registration")),
    }
}

/// Signed links for one entry: the patient's visit link (the one to send
/// them), the WebSocket and the wait page.
pub fn watch_links(
    req: &Request,
    cx: &Ctx,
    org: &OrgUid,
    queue_uid: &QueueUid,
) -> ApiResult<Value> {
    let Ctx { env, .. } = cx;
    let config = &cx.config;
    let now = cx.now;
    let expires = now + config.watch_token_ttl;
    let token = watch::sign(
        &WatchClaims {
            org: org.clone(),
            q: queue_uid.clone(),
            exp: expires.timestamp(),
        },
        config.watch_secret.as_bytes(),
    );
    let http = visit::origin(req)?;
    let ws = http.replacen("http", "ws", 1);
    let patient = visit::claims(env, org, queue_uid, Role::Patient, now)?;
    Ok(json!({
        "visit_url": visit::link(env, &http, &patient)?,
        "watch_url": format!("{ws}/v1/waiting-room/watch?token={token}"),
        // The token rides in the fragment, which browsers never send to a server.
        "wait_page_url": format!("{http}/wait#token={token}"),
        "watch_expires_at": frontdesk_core::time::timestamp(expires),
    }))
}

pub async fn register(req: &mut Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let Ctx { env, db, .. } = cx;
    let idempotency_key = idempotency_key(req)?;
    let input = Register::parse(&json_body(req).await?)?;
    own_shop(db, &caller.org, &input.shop_uid).await?;
    if let Some(doctor) = &input.preferred_doctor_uid {
        shop_doctor(
            db,
            &caller.org,
            &input.shop_uid,
            doctor,
            "preferred_doctor_uid",
        )
        .await?;
    }
    let command = Command::Register {
        shop_uid: input.shop_uid.clone(),
        patient_profile_uid: input.patient_profile_uid,
        preferred_doctor_uid: input.preferred_doctor_uid,
        visit_reason: input.visit_reason,
        idempotency_key,
    };
    let mut resp = shop::send(env, &caller.org, &input.shop_uid, &command).await?;
    if resp.status_code() != 201 {
        return Ok(resp);
    }
    let mut body: Value = resp.json().await?;
    let queue_uid: QueueUid = serde_json::from_value(body["queue_uid"].clone())?;
    if let (Value::Object(body), Value::Object(links)) =
        (&mut body, watch_links(req, cx, &caller.org, &queue_uid)?)
    {
        body.extend(links);
    }
    json(201, &body)
}

pub async fn allocate(req: &mut Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let Ctx { env, db, .. } = cx;
    let input = Allocate::parse(&json_body(req).await?)?;
    caller.may_act_for(&input.doctor_uid)?;
    own_shop(db, &caller.org, &input.shop_uid).await?;
    let doctor = shop_doctor(
        db,
        &caller.org,
        &input.shop_uid,
        &input.doctor_uid,
        "doctor_uid",
    )
    .await?;
    let command = Command::Allocate {
        doctor_uid: input.doctor_uid,
        video_room_id: visit::room_for_visit(db, &caller.org, &doctor).await?,
        actor: caller.key_id.clone(),
    };
    let mut resp = shop::send(env, &caller.org, &input.shop_uid, &command).await?;
    if resp.status_code() != 200 {
        return Ok(resp);
    }
    // The doctor joins through their own visit link: it opens the room as
    // moderator, with a Jitsi token when the deployment takes one.
    let mut body: Value = resp.json().await?;
    let queue_uid: QueueUid = serde_json::from_value(body["queue_uid"].clone())?;
    let doctor = visit::claims(env, &caller.org, &queue_uid, Role::Doctor, cx.now)?;
    body["join_url"] = json!(visit::link(env, &visit::origin(req)?, &doctor)?);
    json(200, &body)
}

pub async fn set_presence(req: &mut Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let Ctx { env, db, .. } = cx;
    let input = Presence::parse(&json_body(req).await?)?;
    caller.may_act_for(&input.doctor_uid)?;
    own_shop(db, &caller.org, &input.shop_uid).await?;
    shop_doctor(
        db,
        &caller.org,
        &input.shop_uid,
        &input.doctor_uid,
        "doctor_uid",
    )
    .await?;
    let command = Command::Presence {
        doctor_uid: input.doctor_uid,
        online: input.online,
    };
    shop::send(env, &caller.org, &input.shop_uid, &command).await
}

/// Sends the command `command` builds for one of the caller's queue entries.
pub async fn on_entry(
    cx: &Ctx,
    caller: &Caller,
    queue_uid: QueueUid,
    command: fn(QueueUid) -> Command,
) -> ApiResult<Response> {
    let Ctx { env, db, .. } = cx;
    let queue_uid = own_entry(db, caller, queue_uid).await?;
    let shop = queue_uid.shop();
    shop::send(env, &caller.org, &shop, &command(queue_uid)).await
}

/// A fresh watch link for an existing entry, e.g. to send the patient again.
pub async fn watch_url(
    req: &Request,
    cx: &Ctx,
    caller: &Caller,
    queue_uid: QueueUid,
) -> ApiResult<Response> {
    // Only an entry the shop really has gets a link.
    let command = |queue_uid| Command::Status { queue_uid };
    let status = on_entry(cx, caller, queue_uid.clone(), command).await?;
    if status.status_code() != 200 {
        return Ok(status);
    }
    json(200, &watch_links(req, cx, &caller.org, &queue_uid)?)
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

/// The patient's WebSocket: the token alone authorises watching its entry.
pub async fn watch(req: &Request, cx: &Ctx) -> ApiResult<Response> {
    let Ctx { env, .. } = cx;
    let token = presented_token(req)?;
    let claims = watch::verify(&token, cx.config.watch_secret.as_bytes(), cx.now)?;
    shop::watch(env, &claims.org, &claims.q, req, &visit::origin(req)?).await
}
