//! `used_token_ids`: booking tokens' `jti`s spent on a booking, kept until
//! the token could no longer verify anyway.

use chrono::{DateTime, Utc};
use frontdesk_core::ids::OrgUid;
use serde::Deserialize;

use super::{n, s, Db};
use crate::error::ApiResult;

/// Forgets `jti`s whose tokens have expired.
pub async fn forget_expired(db: &Db, now: DateTime<Utc>) -> ApiResult<()> {
    db.run(db.prepare(
        "DELETE FROM used_token_ids WHERE expires_at < ?1",
        &[n(now.timestamp())],
    )?)
    .await?;
    Ok(())
}

/// Spends `jti`; false if it was spent before. `expires_at` is in seconds.
pub async fn spend(
    db: &Db,
    org: &OrgUid,
    jti: &str,
    idempotency_key: &str,
    expires_at: i64,
) -> ApiResult<bool> {
    let changed = db
        .run(db.prepare(
            "INSERT OR IGNORE INTO used_token_ids (org_uid, jti, idempotency_key, expires_at) VALUES (?1, ?2, ?3, ?4)",
            &[s(org.as_str()), s(jti), s(idempotency_key), n(expires_at)],
        )?)
        .await?;
    Ok(changed > 0)
}

/// The `Idempotency-Key` of the request that spent `jti`, if it was spent.
pub async fn spent_with(db: &Db, org: &OrgUid, jti: &str) -> ApiResult<Option<String>> {
    #[derive(Deserialize)]
    struct Used {
        idempotency_key: String,
    }
    let used: Option<Used> = db
        .first(
            "SELECT idempotency_key FROM used_token_ids WHERE org_uid = ?1 AND jti = ?2",
            &[s(org.as_str()), s(jti)],
        )
        .await?;
    Ok(used.map(|u| u.idempotency_key))
}

/// Gives a `jti` back when its booking did not happen.
pub async fn release(db: &Db, org: &OrgUid, jti: &str) -> ApiResult<()> {
    db.run(db.prepare(
        "DELETE FROM used_token_ids WHERE org_uid = ?1 AND jti = ?2",
        &[s(org.as_str()), s(jti)],
    )?)
    .await?;
    Ok(())
}
