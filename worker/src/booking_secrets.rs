//! Booking-token secrets (seed 001): created, listed, revealed and revoked by
//! admins; used to verify the booking tokens partners mint. Values are sealed
//! at rest under the `SECRETS_MASTER_KEY` Worker secret, and every reveal and
//! revocation is written to the audit log.
//!
//! Each secret signs for one partner, a named group of secrets that
//! outlives any one of them: a token's `sub` names a customer of its
//! secret's partner, so rotating to a new secret of the same partner keeps
//! every customer's patient. A secret created without a partner belongs to
//! the organisation's default partner (`ptn_default`), as every secret did
//! before partners existed.

use data_encoding::{BASE32_DNSSEC, BASE64URL_NOPAD};
use frontdesk_core::ids::{OrgUid, PartnerUid};
use frontdesk_core::sealed::{open, seal};
use frontdesk_core::wire::{CreateBookingSecret, CreatePartner};
use serde::{Deserialize, Serialize};
use serde_json::json;
use worker::{Env, Request, Response};

use crate::ambient::entropy;
use crate::audit::{self, Entry};
use crate::auth::Caller;
use crate::config::Config;
use crate::context::Ctx;
use crate::directory::{s, timestamp, Directory, HasUid, Listing, Page};
use crate::edge::{json, json_body};
use crate::error::{ApiError, ApiResult, ErrorCode};

/// Binds a sealed value to its row: it opens nowhere else.
fn aad(org: &str, key_id: &str) -> Vec<u8> {
    format!("{org}/{key_id}").into_bytes()
}

#[derive(Serialize, Deserialize)]
pub struct SecretInfo {
    pub key_id: String,
    pub name: String,
    pub partner_id: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

impl HasUid for SecretInfo {
    fn uid(&self) -> &str {
        &self.key_id
    }
}

/// An active secret, opened, for verifying a token.
pub struct ActiveSecret {
    pub org: OrgUid,
    pub partner: PartnerUid,
    pub value: Vec<u8>,
    pub last_used_at: Option<String>,
}

/// Finds an active secret by its exact key id. Revoked and unknown ids are
/// the same to the caller: the token is refused.
pub async fn active(env: &Env, dir: &Directory, key_id: &str) -> ApiResult<Option<ActiveSecret>> {
    #[derive(Deserialize)]
    struct Row {
        org_uid: String,
        partner_id: String,
        sealed_value: String,
        last_used_at: Option<String>,
    }
    let row: Option<Row> = dir
        .stmt(
            "SELECT org_uid, partner_id, sealed_value, last_used_at FROM booking_secrets WHERE key_id = ?1 AND revoked_at IS NULL",
            &[s(key_id)],
        )?
        .first(None)
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let value = open(
        &Config::get(env)?.master_key,
        &row.sealed_value,
        &aad(&row.org_uid, key_id),
    )
    .map_err(|e| ApiError::Internal(format!("booking secret {key_id}: {e}")))?;
    let org = OrgUid::parse(&row.org_uid)
        .map_err(|_| ApiError::Internal("stored org uid is malformed".into()))?;
    let partner = PartnerUid::parse(&row.partner_id)
        .map_err(|_| ApiError::Internal("stored partner uid is malformed".into()))?;
    Ok(Some(ActiveSecret {
        org,
        partner,
        value,
        last_used_at: row.last_used_at,
    }))
}

/// Notes that a token signed with `key_id` verified. To the minute is
/// enough, and spares a write per request.
pub async fn mark_used(
    dir: &Directory,
    key_id: &str,
    last_used_at: Option<&str>,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<()> {
    let stale = last_used_at
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .is_none_or(|t| now.signed_duration_since(t) > chrono::Duration::minutes(1));
    if stale {
        dir.stmt(
            "UPDATE booking_secrets SET last_used_at = ?2 WHERE key_id = ?1",
            &[s(key_id), s(&timestamp(now))],
        )?
        .run()
        .await?;
    }
    Ok(())
}

pub async fn create(req: &mut Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let Ctx { dir, .. } = cx;
    let body = json_body(req).await?;
    let CreateBookingSecret { name, partner } = CreateBookingSecret::parse(&body)?;
    let now = cx.now;
    let mut statements = Vec::new();
    if partner.is_default() {
        // The default partner exists in every organisation; its row is
        // made with the first secret that signs for it.
        statements.push(dir.stmt(
            "INSERT OR IGNORE INTO partners (org_uid, partner_id, name, created_at) VALUES (?1, ?2, 'Default partner', ?3)",
            &[s(caller.org.as_str()), s(partner.as_str()), s(&timestamp(now))],
        )?);
    } else if find_partner(dir, &caller.org, &partner).await?.is_none() {
        return Err(ApiError::NotFound {
            what: "partner",
            field: Some("partner_id"),
        });
    }
    let key_id = format!("bk_{}", BASE32_DNSSEC.encode(&entropy::<16>()));
    let value = format!("bks_{}", BASE64URL_NOPAD.encode(&entropy::<32>()));
    let sealed = seal(
        &cx.config.master_key,
        &entropy::<12>(),
        value.as_bytes(),
        &aad(caller.org.as_str(), &key_id),
    );
    statements.push(dir.stmt(
        "INSERT INTO booking_secrets (key_id, org_uid, partner_id, name, sealed_value, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        &[
            s(&key_id),
            s(caller.org.as_str()),
            s(partner.as_str()),
            s(&name),
            s(&sealed),
            s(&timestamp(now)),
        ],
    )?);
    let entry = Entry {
        actor: &caller.key_id,
        action: "booking_secret.created",
        target: &key_id,
        outcome: "ok",
    };
    // The audit row is in the change's own batch: no secret without it.
    statements.push(audit::statement(dir, &caller.org, entry, now)?);
    dir.batch(statements).await?;
    json(
        201,
        &json!({
            "key_id": key_id,
            "name": name,
            "partner_id": partner,
            "secret": value,
            "created_at": timestamp(now),
        }),
    )
}

pub async fn list(req: &Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let Ctx { dir, .. } = cx;
    let page = Page::from_query(&req.url()?)?;
    let listing: Listing<SecretInfo> = dir
        .page(
            "SELECT key_id, name, partner_id, created_at, last_used_at, revoked_at FROM booking_secrets
             WHERE org_uid = ?1 AND key_id > ?2 ORDER BY key_id LIMIT ?3",
            vec![s(caller.org.as_str())],
            &page,
        )
        .await?;
    json(200, &listing)
}

async fn own(dir: &Directory, caller: &Caller, key_id: &str) -> ApiResult<(SecretInfo, String)> {
    #[derive(Deserialize)]
    struct Row {
        key_id: String,
        name: String,
        partner_id: String,
        created_at: String,
        last_used_at: Option<String>,
        revoked_at: Option<String>,
        sealed_value: String,
    }
    let row: Row = dir
        .stmt(
            "SELECT key_id, name, partner_id, created_at, last_used_at, revoked_at, sealed_value FROM booking_secrets
             WHERE org_uid = ?1 AND key_id = ?2",
            &[s(caller.org.as_str()), s(key_id)],
        )?
        .first(None)
        .await?
        .ok_or_else(|| ApiError::not_found("booking secret"))?;
    let info = SecretInfo {
        key_id: row.key_id,
        name: row.name,
        partner_id: row.partner_id,
        created_at: row.created_at,
        last_used_at: row.last_used_at,
        revoked_at: row.revoked_at,
    };
    Ok((info, row.sealed_value))
}

/// Shows an active secret's value again, e.g. to paste into a new minter.
pub async fn reveal(cx: &Ctx, caller: &Caller, key_id: &str) -> ApiResult<Response> {
    let Ctx { dir, .. } = cx;
    let (info, sealed) = own(dir, caller, key_id).await?;
    let now = cx.now;
    let mut entry = Entry {
        actor: &caller.key_id,
        action: "booking_secret.revealed",
        target: key_id,
        outcome: "ok",
    };
    if info.revoked_at.is_some() {
        entry.outcome = "refused: revoked";
        audit::record(dir, &caller.org, entry, now).await?;
        return Err(ApiError::conflict(
            ErrorCode::SecretRevoked,
            "a revoked secret cannot be revealed",
        ));
    }
    let value = open(
        &cx.config.master_key,
        &sealed,
        &aad(caller.org.as_str(), key_id),
    )
    .map_err(|e| ApiError::Internal(format!("booking secret {key_id}: {e}")))?;
    audit::record(dir, &caller.org, entry, now).await?;
    json(
        200,
        &json!({
            "key_id": info.key_id,
            "name": info.name,
            "partner_id": info.partner_id,
            "secret": String::from_utf8_lossy(&value),
        }),
    )
}

/// Revokes at once: the next request with a token signed by it gets 401.
pub async fn revoke(cx: &Ctx, caller: &Caller, key_id: &str) -> ApiResult<Response> {
    let Ctx { dir, .. } = cx;
    own(dir, caller, key_id).await?;
    let now = cx.now;
    let entry = Entry {
        actor: &caller.key_id,
        action: "booking_secret.revoked",
        target: key_id,
        outcome: "ok",
    };
    dir.batch(vec![
        dir.stmt(
            "UPDATE booking_secrets SET revoked_at = COALESCE(revoked_at, ?3) WHERE org_uid = ?1 AND key_id = ?2",
            &[s(caller.org.as_str()), s(key_id), s(&timestamp(now))],
        )?,
        audit::statement(dir, &caller.org, entry, now)?,
    ])
    .await?;
    let (info, _) = own(dir, caller, key_id).await?;
    json(200, &info)
}

#[derive(Serialize, Deserialize)]
pub struct PartnerInfo {
    pub partner_id: String,
    pub name: String,
    pub created_at: String,
}

impl HasUid for PartnerInfo {
    fn uid(&self) -> &str {
        &self.partner_id
    }
}

async fn find_partner(
    dir: &Directory,
    org: &OrgUid,
    partner: &PartnerUid,
) -> ApiResult<Option<PartnerInfo>> {
    dir.stmt(
        "SELECT partner_id, name, created_at FROM partners WHERE org_uid = ?1 AND partner_id = ?2",
        &[s(org.as_str()), s(partner.as_str())],
    )?
    .first(None)
    .await
    .map_err(Into::into)
}

/// A new partner, to create its first secret for.
pub async fn create_partner(req: &mut Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let Ctx { dir, .. } = cx;
    let CreatePartner { name } = CreatePartner::parse(&json_body(req).await?)?;
    let partner = PartnerUid::new(&entropy::<16>());
    let now = cx.now;
    let entry = Entry {
        actor: &caller.key_id,
        action: "partner.created",
        target: partner.as_str(),
        outcome: "ok",
    };
    dir.batch(vec![
        dir.stmt(
            "INSERT INTO partners (org_uid, partner_id, name, created_at) VALUES (?1, ?2, ?3, ?4)",
            &[
                s(caller.org.as_str()),
                s(partner.as_str()),
                s(&name),
                s(&timestamp(now)),
            ],
        )?,
        audit::statement(dir, &caller.org, entry, now)?,
    ])
    .await?;
    let info = PartnerInfo {
        partner_id: partner.into(),
        name,
        created_at: timestamp(now),
    };
    json(201, &info)
}

pub async fn list_partners(req: &Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let Ctx { dir, .. } = cx;
    let page = Page::from_query(&req.url()?)?;
    let listing: Listing<PartnerInfo> = dir
        .page(
            "SELECT partner_id, name, created_at FROM partners
             WHERE org_uid = ?1 AND partner_id > ?2 ORDER BY partner_id LIMIT ?3",
            vec![s(caller.org.as_str())],
            &page,
        )
        .await?;
    json(200, &listing)
}
