//! Handlers for visit links and the organisation's meeting-room setting.
//!
//! `GET /v1/visit/{token}` ([`open`]) shows the wait page until a doctor
//! takes the patient, redirects into the room while the consultation is on
//! (with a Jitsi token when the deployment wants one), and answers 410
//! after it. The links themselves and the choice of room are
//! `service::visits`.

use frontdesk_core::visit::jitsi::{self, JitsiAuth, Jwt, Participant};
use frontdesk_core::visit::{self, OrganizationSettings, VisitAction, VisitTokenError};
use frontdesk_core::watch::{self, WatchClaims};
use worker::{Headers, Request, Response};

use crate::auth::Caller;
use crate::context::Ctx;
use crate::directory;
use crate::edge::{json, json_body, origin};
use crate::error::{ApiError, ApiResult};
use crate::repo::audit::{self, Entry};
use crate::repo::organizations;
use crate::service::visits;
use crate::webcrypto;

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
    let now = cx.now;
    let key = cx.config.watch_secret.clone();
    let claims = visit::verify(token, key.as_bytes(), now).map_err(|e| match e {
        VisitTokenError::Expired => ApiError::Gone("this visit link has expired"),
        _ => ApiError::Unauthorized("the visit link is not valid"),
    })?;
    let entry = visits::entry(cx, &claims).await?;
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
            let jwt = match jitsi::token(&cx.config.jitsi_auth, room.as_str(), who, now) {
                None => None,
                Some(Jwt::Signed(jwt)) => Some(jwt),
                Some(Jwt::Rs256 { signing_input }) => Some(rs256(cx, &signing_input).await?),
            };
            let base = cx.config.jitsi_base_url.clone();
            redirect(&jitsi::room_url(&base, room.as_str(), jwt.as_deref()), 302)
        }
        VisitAction::Ended => Err(ApiError::Gone("this visit has ended")),
    }
}

/// An RS256 token completed with WebCrypto. A key the platform refuses is
/// the deployment's mistake, told to its operator, not to the patient.
async fn rs256(cx: &Ctx, signing_input: &str) -> ApiResult<String> {
    let JitsiAuth::Rs256 { pkcs8_der, .. } = &cx.config.jitsi_auth else {
        return Err(ApiError::Internal(
            "an RS256 token without an RS256 key".into(),
        ));
    };
    let signature = webcrypto::sign_rs256(pkcs8_der, signing_input.as_bytes())
        .await
        .map_err(|_| {
            ApiError::Misconfigured(
                "JITSI_PRIVATE_KEY is not an RSA private key WebCrypto accepts".into(),
            )
        })?;
    Ok(Jwt::finish(signing_input, &signature))
}

pub async fn get_settings(cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let settings = OrganizationSettings {
        meeting_rooms: directory::Client::new(&cx.env, &caller.org)
            .send(&directory::GetSettings {})
            .await?
            .meeting_rooms,
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
    // The Directory, which allocations read, first; D1 keeps the setting
    // for the organisation's record.
    directory::Client::new(&cx.env, &caller.org)
        .send(&directory::PutMeetingRooms {
            meeting_rooms: settings.meeting_rooms,
        })
        .await?;
    db.commit(vec![
        organizations::set_meeting_rooms(db, &caller.org, settings.meeting_rooms)?,
        audit::statement(db, &caller.org, entry, cx.now)?,
    ])
    .await?;
    json(200, &settings)
}
