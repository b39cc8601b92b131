//! `linking_secrets`: each organisation's secrets for seed 002's
//! context-aware links, sealed at rest. A key id names one organisation.

use chrono::{DateTime, Utc};
use frontdesk_core::ids::OrgUid;
use frontdesk_core::time::timestamp;
use serde::Deserialize;

use super::{opt, s, Db};
use crate::error::ApiResult;

#[derive(Debug, Clone, Deserialize)]
pub struct Row {
    pub key_id: String,
    pub org_uid: OrgUid,
    pub sealed_secret: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

const COLUMNS: &str = "key_id, org_uid, sealed_secret, created_at, revoked_at";

pub async fn insert(
    db: &Db,
    org: &OrgUid,
    key_id: &str,
    sealed: &str,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    db.run(db.prepare(
        "INSERT INTO linking_secrets (key_id, org_uid, sealed_secret, created_at) VALUES (?1, ?2, ?3, ?4)",
        &[s(key_id), s(org.as_str()), s(sealed), s(&timestamp(now))],
    )?)
    .await?;
    Ok(())
}

/// The secret a key id names, whichever organisation it is (the linking
/// endpoint learns the organisation from it).
pub async fn by_key_id(db: &Db, key_id: &str) -> ApiResult<Option<Row>> {
    db.first(
        &format!("SELECT {COLUMNS} FROM linking_secrets WHERE key_id = ?1"),
        &[s(key_id)],
    )
    .await
}

/// The organisation's secrets, newest first (a few at most).
pub async fn of_org(db: &Db, org: &OrgUid) -> ApiResult<Vec<Row>> {
    db.all(
        &format!(
            "SELECT {COLUMNS} FROM linking_secrets WHERE org_uid = ?1
             ORDER BY created_at DESC, key_id LIMIT 100"
        ),
        &[s(org.as_str())],
    )
    .await
}

/// Revokes the organisation's secret; whether it was theirs and live.
pub async fn revoke(db: &Db, org: &OrgUid, key_id: &str, now: DateTime<Utc>) -> ApiResult<bool> {
    let changed = db
        .run(db.prepare(
            "UPDATE linking_secrets SET revoked_at = ?3
             WHERE org_uid = ?1 AND key_id = ?2 AND revoked_at IS NULL",
            &[s(org.as_str()), s(key_id), opt(Some(&timestamp(now)))],
        )?)
        .await?;
    Ok(changed > 0)
}
