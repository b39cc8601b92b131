//! Per-visit links, and what keeps room names away from patients.
//!
//! A patient never sees a room's name: they follow their visit link
//! (`GET /v1/visit/{token}`, [`open`]), which shows the wait page until a
//! doctor takes them, redirects into the room while the consultation is on
//! (with a Jitsi token when the deployment wants one), and answers 410
//! after it. The doctor's link opens the same room as moderator. Which room
//! a visit gets is the organisation's meeting-room setting
//! ([`room_for_visit`]; `GET`/`PUT /v1/management/organization/settings`).
//! Responses of the patient-facing booking API pass through
//! [`without_rooms`], so no booking response names a room either.

use frontdesk_core::ids::{OrgUid, QueueUid, VideoRoomId};
use frontdesk_core::queue::QueueStatus;
use frontdesk_core::visit::jitsi::{self, Participant};
use frontdesk_core::visit::{
    self, OrganizationSettings, Role, VisitAction, VisitClaims, VisitTokenError,
};
use frontdesk_core::watch::{self, WatchClaims};
use serde::Deserialize;
use serde_json::Value;
use worker::{Env, Headers, Request, Response};

use crate::ambient::entropy;
use crate::auth::Caller;
use crate::config::Config;
use crate::context::Ctx;
use crate::edge::{json, json_body};
use crate::error::{ApiError, ApiResult};
use crate::repo::audit::{self, Entry};
use crate::repo::{doctors, organizations, Db};
use crate::shop::{self, Command};

/// `http(s)://host[:port]` as the caller reached us, for links back to us.
pub fn origin(req: &Request) -> ApiResult<String> {
    let url = req.url()?;
    let host = url.host_str().unwrap_or("localhost");
    let authority = match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    };
    let scheme = if url.scheme() == "https" {
        "https"
    } else {
        "http"
    };
    Ok(format!("{scheme}://{authority}"))
}

/// A visit link under `origin` (empty for a link relative to this host).
pub fn link(env: &Env, origin: &str, claims: &VisitClaims) -> ApiResult<String> {
    let token = visit::sign(claims, Config::get(env)?.watch_secret.as_bytes());
    Ok(format!("{origin}/v1/visit/{token}"))
}

/// Claims for a link to `queue_uid` that lives the watch-link lifetime
/// from `from`.
pub fn claims(
    env: &Env,
    org: &OrgUid,
    queue_uid: &QueueUid,
    role: Role,
    from: chrono::DateTime<chrono::Utc>,
) -> ApiResult<VisitClaims> {
    Ok(VisitClaims {
        org: org.clone(),
        q: queue_uid.clone(),
        role,
        exp: (from + Config::get(env)?.watch_token_ttl).timestamp(),
    })
}

fn redirect(location: &str, status: u16) -> ApiResult<Response> {
    let headers = Headers::new();
    headers.set("Location", location)?;
    // The target changes with the visit's state, and carries a token.
    headers.set("Cache-Control", "no-store")?;
    headers.set("Referrer-Policy", "no-referrer")?;
    Ok(Response::empty()?.with_status(status).with_headers(headers))
}

/// `GET /v1/visit/{token}`: where a visit link leads right now.
pub async fn open(req: &Request, cx: &Ctx, token: &str) -> ApiResult<Response> {
    let Ctx { env, .. } = cx;
    let now = cx.now;
    let key = cx.config.watch_secret.clone();
    let claims = visit::verify(token, key.as_bytes(), now).map_err(|e| match e {
        VisitTokenError::Expired => ApiError::Gone("this visit link has expired"),
        _ => ApiError::Unauthorized("the visit link is not valid"),
    })?;
    let command = Command::Status {
        queue_uid: claims.q.clone(),
    };
    let mut reply = shop::send(env, &claims.org, &claims.q.shop(), &command).await?;
    if reply.status_code() != 200 {
        return Err(ApiError::not_found("visit"));
    }
    #[derive(Deserialize)]
    struct Entry {
        status: QueueStatus,
        video_room_id: Option<VideoRoomId>,
    }
    let entry: Entry = reply.json().await?;
    match visit::resolve(claims.role, entry.status, entry.video_room_id) {
        VisitAction::WaitPage => {
            let watch_token = watch::sign(
                &WatchClaims {
                    org: claims.org.clone(),
                    q: claims.q.clone(),
                    exp: (now + cx.config.watch_token_ttl).timestamp(),
                },
                key.as_bytes(),
            );
            redirect(&format!("{}/wait#token={watch_token}", origin(req)?), 303)
        }
        VisitAction::Room { room, moderator } => {
            let (id, name) = if moderator {
                (format!("doctor:{}", claims.q), "Doctor")
            } else {
                (format!("patient:{}", claims.q), "Patient")
            };
            let who = Participant {
                id: &id,
                name,
                moderator,
            };
            let jwt = jitsi::token(&cx.config.jitsi_auth, room.as_str(), who, now);
            let base = cx.config.jitsi_base_url.clone();
            redirect(&jitsi::room_url(&base, room.as_str(), jwt.as_deref()), 302)
        }
        VisitAction::Ended => Err(ApiError::Gone("this visit has ended")),
    }
}

/// The room a visit with `doctor` starts in: the doctor's own, or a fresh
/// one, per the organisation's setting.
pub async fn room_for_visit(
    db: &Db,
    org: &OrgUid,
    doctor: &doctors::Row,
) -> ApiResult<VideoRoomId> {
    Ok(visit::room_for_visit(
        organizations::meeting_rooms(db, org).await?,
        &doctor.video_room_id,
        &entropy(),
    ))
}

pub async fn get_settings(cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let settings = OrganizationSettings {
        meeting_rooms: organizations::meeting_rooms(&cx.db, &caller.org).await?,
    };
    json(200, &settings)
}

pub async fn put_settings(req: &mut Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let Ctx { db, .. } = cx;
    let settings = OrganizationSettings::parse(&json_body(req).await?)?;
    let outcome = format!("meeting_rooms={}", settings.meeting_rooms.as_str());
    let entry = Entry {
        actor: &caller.key_id,
        action: "organization.settings.updated",
        target: caller.org.as_str(),
        outcome: &outcome,
    };
    db.commit(vec![
        organizations::set_meeting_rooms(db, &caller.org, settings.meeting_rooms)?,
        audit::statement(db, &caller.org, entry, cx.now)?,
    ])
    .await?;
    json(200, &settings)
}

/// Fields that name or lead straight into a room.
const ROOM_FIELDS: [&str; 2] = ["video_room_id", "join_url"];

fn strip_rooms(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for field in ROOM_FIELDS {
                map.remove(field);
            }
            map.values_mut().for_each(strip_rooms);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_rooms),
        _ => {}
    }
}

/// A patient-facing response without room names or room URLs, wherever
/// they sit in its JSON. Other bodies pass as they are.
pub async fn without_rooms(mut resp: Response) -> worker::Result<Response> {
    let json_body = resp
        .headers()
        .get("Content-Type")?
        .is_some_and(|t| t.starts_with("application/json"));
    if !json_body {
        return Ok(resp);
    }
    let status = resp.status_code();
    // Relayed responses have immutable headers: copy them.
    let headers = resp.headers().clone();
    headers.delete("Content-Length")?;
    let text = resp.text().await?;
    let body = match serde_json::from_str::<Value>(&text) {
        Ok(mut value) => {
            strip_rooms(&mut value);
            value.to_string()
        }
        Err(_) => text,
    };
    Ok(Response::ok(body)?
        .with_status(status)
        .with_headers(headers))
}
