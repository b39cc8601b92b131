//! Partners' booking secrets as token verification uses them: an active
//! secret opened from its seal, and when it was last used. Looked up on
//! every request, so a revocation takes effect on the very next call.

use frontdesk_core::ids::{OrgUid, PartnerUid};
use frontdesk_core::sealed::open;
use worker::Env;

use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use crate::repo::partners;
use crate::repo::Db;

/// Binds a sealed value to its row: it opens nowhere else.
pub fn aad(org: &str, key_id: &str) -> Vec<u8> {
    format!("{org}/{key_id}").into_bytes()
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
pub async fn active(env: &Env, db: &Db, key_id: &str) -> ApiResult<Option<ActiveSecret>> {
    let Some(row) = partners::active_secret(db, key_id).await? else {
        return Ok(None);
    };
    let value = open(
        &Config::get(env)?.master_key,
        &row.sealed_value,
        &aad(row.org_uid.as_str(), key_id),
    )
    .map_err(|e| ApiError::Internal(format!("booking secret {key_id}: {e}")))?;
    Ok(Some(ActiveSecret {
        org: row.org_uid,
        partner: row.partner_id,
        value,
        last_used_at: row.last_used_at,
    }))
}

/// Notes that a token signed with `key_id` verified. To the minute is
/// enough, and spares a write per request.
pub async fn mark_used(
    db: &Db,
    key_id: &str,
    last_used_at: Option<&str>,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<()> {
    let stale = last_used_at
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .is_none_or(|t| now.signed_duration_since(t) > chrono::Duration::minutes(1));
    if stale {
        partners::mark_used(db, key_id, now).await?;
    }
    Ok(())
}
