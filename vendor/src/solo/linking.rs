//! Seed 002's context-aware linking: the organisation's linking secrets
//! (created, listed, revealed and revoked like booking secrets) and the
//! link itself, `GET /integrations/linking?arg=…&keyId=…`, which decrypts
//! `arg` (`frontdesk_core::compat::solo_crypto`), checks it against the
//! seed's schema and window (`frontdesk_core::compat::linking`), and
//! redirects to the visit's per-visit link.

use data_encoding::BASE64;
use frontdesk_core::compat::linking::{self, LinkRole, LinkingSecret};
use frontdesk_core::compat::solo_crypto;
use frontdesk_core::error_code::ErrorCode;
use frontdesk_core::ids::AppointmentUid;
use frontdesk_core::sealed::{open, seal};
use frontdesk_worker::ambient::entropy;
use frontdesk_worker::auth::Caller;
use frontdesk_worker::context::Ctx;
use frontdesk_worker::edge::{json, origin, query};
use frontdesk_worker::error::{ApiError, ApiResult};
use frontdesk_worker::repo::{external_ids, linking as secrets, vendor_ids};
use frontdesk_worker::service::{appointments, Actor};
use worker::{Request, Response};

use super::audited;

/// Live linking secrets an organisation may hold at once.
const MAX_LIVE: usize = 10;

fn aad(org: &str, key_id: &str) -> String {
    format!("linking/{org}/{key_id}")
}

fn shown(row: secrets::Row, secret: Option<String>) -> LinkingSecret {
    LinkingSecret {
        key_id: row.key_id,
        secret,
        created_at: row.created_at,
        revoked_at: row.revoked_at,
    }
}

pub async fn create(cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let live = secrets::of_org(&cx.db, &caller.org)
        .await?
        .iter()
        .filter(|r| r.revoked_at.is_none())
        .count();
    if live >= MAX_LIVE {
        return Err(ApiError::LimitReached {
            field: "keyId",
            message: format!("an organisation may have at most {MAX_LIVE} live linking secrets; revoke one first"),
        });
    }
    let key_id = format!(
        "lk_{}",
        data_encoding::BASE32_DNSSEC.encode(&entropy::<10>())
    );
    let secret = BASE64.encode(&entropy::<32>());
    let sealed = seal(
        &cx.config.master_key,
        &entropy::<12>(),
        secret.as_bytes(),
        aad(caller.org.as_str(), &key_id).as_bytes(),
    );
    secrets::insert(&cx.db, &caller.org, &key_id, &sealed, cx.now).await?;
    audited(cx, caller, "linking_secret.created", &key_id).await?;
    let row = secrets::by_key_id(&cx.db, &key_id)
        .await?
        .ok_or_else(|| ApiError::Internal("a linking secret was not stored".into()))?;
    json(201, &shown(row, Some(secret)))
}

pub async fn list(cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let rows = secrets::of_org(&cx.db, &caller.org).await?;
    let listed: Vec<LinkingSecret> = rows.into_iter().map(|r| shown(r, None)).collect();
    json(200, &listed)
}

pub async fn reveal(cx: &Ctx, caller: &Caller, key_id: &str) -> ApiResult<Response> {
    let row = secrets::by_key_id(&cx.db, key_id)
        .await?
        .filter(|r| r.org_uid == caller.org)
        .ok_or_else(|| ApiError::not_found("linking secret"))?;
    let secret = unseal(cx, &row)?;
    audited(cx, caller, "linking_secret.revealed", key_id).await?;
    json(200, &shown(row, Some(secret)))
}

pub async fn revoke(cx: &Ctx, caller: &Caller, key_id: &str) -> ApiResult<Response> {
    if !secrets::revoke(&cx.db, &caller.org, key_id, cx.now).await? {
        return Err(ApiError::not_found("linking secret"));
    }
    audited(cx, caller, "linking_secret.revoked", key_id).await?;
    Ok(Response::empty()?.with_status(204))
}

fn unseal(cx: &Ctx, row: &secrets::Row) -> ApiResult<String> {
    let plain = open(
        &cx.config.master_key,
        &row.sealed_secret,
        aad(row.org_uid.as_str(), &row.key_id).as_bytes(),
    )
    .map_err(|e| ApiError::Internal(format!("linking secret: {e}")))?;
    Ok(String::from_utf8_lossy(&plain).into_owned())
}

/// The one answer to every link that does not check out.
fn invalid() -> ApiError {
    ApiError::bad_field("arg", "The link is not valid.")
}

/// `GET /integrations/linking?arg=…&keyId=…`.
pub async fn connect(req: &Request, cx: &Ctx) -> ApiResult<Response> {
    let q = query(req)?;
    let (Some(arg), Some(key_id)) = (q.opt("arg"), q.opt("keyId")) else {
        return Err(invalid());
    };
    let row = match secrets::by_key_id(&cx.db, key_id).await? {
        Some(row) if row.revoked_at.is_none() && arg.len() <= 16 * 1024 => row,
        _ => return Err(invalid()),
    };
    let secret = unseal(cx, &row)?;
    let claims = solo_crypto::decrypt(secret.as_bytes(), arg)
        .and_then(|plain| linking::claims(&plain, cx.now))
        .ok_or_else(invalid)?;
    // The visit must be one of the key's organisation's.
    let actor = Actor::System(row.org_uid.clone());
    let uid = visit(cx, &actor, &claims.visit)
        .await?
        .ok_or_else(invalid)?;
    let a = match appointments::get(cx, &actor, uid.clone()).await {
        Ok(detail) => detail.appointment,
        Err(_) => return Err(invalid()),
    };
    let origin = origin(req)?;
    if a.queue_uid.is_none() {
        if claims.role != LinkRole::Patient {
            return Err(ApiError::conflict(
                ErrorCode::NotStarted,
                "The patient has not checked in yet: the visit's links exist from check-in on",
            ));
        }
        appointments::check_in(cx, &actor, uid.clone(), &origin).await?;
    }
    let links = appointments::visit_links(cx, &actor, uid, &origin).await?;
    let to = match claims.role {
        LinkRole::Patient => links.patient_visit_url,
        LinkRole::Provider => links.provider_visit_url,
        LinkRole::MedicalAssistant => links.assistant_visit_url,
    }
    .ok_or_else(|| ApiError::Internal("a checked-in visit has no link".into()))?;
    let mut resp = Response::empty()?.with_status(302);
    resp.headers_mut().set("Location", &to)?;
    Ok(resp)
}

/// The appointment `visit` names in the organisation: its SAID, its
/// external id, or its uid.
async fn visit(cx: &Ctx, actor: &Actor, visit: &str) -> ApiResult<Option<AppointmentUid>> {
    if visit.bytes().all(|b| b.is_ascii_digit()) {
        return match visit.parse::<i64>() {
            Ok(said) => vendor_ids::by_said(&cx.db, actor.org(), said).await,
            Err(_) => Ok(None),
        };
    }
    if let Some(uid) = external_ids::find(&cx.db, actor.org(), visit).await? {
        return Ok(Some(uid));
    }
    Ok(AppointmentUid::parse(visit).ok())
}
