//! `api_keys`: stored as the SHA-256 of the secret, never the secret.

use chrono::{DateTime, Utc};
use frontdesk_core::auth::{encode_scopes, MintedKey, Scope};
use frontdesk_core::ids::{DoctorUid, OrgUid};
use frontdesk_core::time::timestamp;
use frontdesk_core::view::{self, Listing};
use serde::Deserialize;

use super::{column, opt, s, Db, Statement};
use crate::error::ApiResult;
use crate::paging::{map_listing, Page};

/// What authenticating a key needs.
#[derive(Deserialize)]
pub struct Credential {
    pub org_uid: OrgUid,
    pub doctor_uid: Option<DoctorUid>,
    pub secret_hash: String,
    #[serde(deserialize_with = "column::scopes")]
    pub scopes: Vec<Scope>,
    pub revoked_at: Option<String>,
}

/// A key as an admin lists it.
#[derive(Deserialize)]
pub struct Row {
    pub key_id: String,
    pub name: String,
    pub doctor_uid: Option<DoctorUid>,
    #[serde(deserialize_with = "column::scopes")]
    pub scopes: Vec<Scope>,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

impl From<Row> for view::api_keys::ApiKey {
    fn from(r: Row) -> Self {
        view::api_keys::ApiKey {
            key_id: r.key_id,
            name: r.name,
            doctor_uid: r.doctor_uid,
            scopes: r.scopes,
            created_at: r.created_at,
            revoked_at: r.revoked_at,
        }
    }
}

/// A key about to be stored.
pub struct NewKey<'a> {
    pub name: &'a str,
    pub minted: &'a MintedKey,
    pub scopes: &'a [Scope],
    pub doctor: Option<&'a DoctorUid>,
}

pub fn insert(db: &Db, org: &OrgUid, key: &NewKey<'_>, now: DateTime<Utc>) -> ApiResult<Statement> {
    db.prepare(
        "INSERT INTO api_keys (key_id, org_uid, name, secret_hash, scopes, doctor_uid, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        &[
            s(&key.minted.key_id),
            s(org.as_str()),
            s(key.name),
            s(&key.minted.secret_hash),
            s(&encode_scopes(key.scopes)),
            opt(key.doctor.map(DoctorUid::as_str)),
            s(&timestamp(now)),
        ],
    )
}

/// Any organisation's key, by its public id: authentication starts here.
pub async fn credential(db: &Db, key_id: &str) -> ApiResult<Option<Credential>> {
    db.first(
        "SELECT org_uid, doctor_uid, secret_hash, scopes, revoked_at FROM api_keys WHERE key_id = ?1",
        &[s(key_id)],
    )
    .await
}

pub async fn list(
    db: &Db,
    org: &OrgUid,
    page: &Page,
) -> ApiResult<Listing<view::api_keys::ApiKey>> {
    let rows = db
        .page(
            "SELECT key_id, name, doctor_uid, scopes, created_at, revoked_at FROM api_keys
             WHERE org_uid = ?1 AND key_id > ?2 ORDER BY key_id LIMIT ?3",
            vec![s(org.as_str())],
            page,
            |r: &Row| &r.key_id,
        )
        .await?;
    Ok(map_listing(rows, Into::into))
}

/// Revokes a key of `org` (a no-op on a revoked one; changes no row for a
/// key it does not have).
pub fn revoke(db: &Db, org: &OrgUid, key_id: &str, now: DateTime<Utc>) -> ApiResult<Statement> {
    db.prepare(
        "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?3)
         WHERE org_uid = ?1 AND key_id = ?2",
        &[s(org.as_str()), s(key_id), s(&timestamp(now))],
    )
}
