//! `partners` and their `booking_secrets` (sealed; opened only by the
//! caller that needs the value).

use chrono::{DateTime, Utc};
use frontdesk_core::ids::{OrgUid, PartnerUid};
use frontdesk_core::time::timestamp;
use frontdesk_core::view::partners::{BookingSecret, Partner};
use frontdesk_core::view::Listing;
use serde::Deserialize;

use super::{s, Db, Statement};
use crate::error::ApiResult;
use crate::paging::{map_listing, Page};

/// A secret as its organisation's admins see it.
#[derive(Deserialize)]
pub struct SecretRow {
    pub key_id: String,
    pub name: String,
    pub partner_id: PartnerUid,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

impl From<SecretRow> for BookingSecret {
    fn from(r: SecretRow) -> Self {
        BookingSecret {
            key_id: r.key_id,
            name: r.name,
            partner_id: r.partner_id,
            created_at: r.created_at,
            last_used_at: r.last_used_at,
            revoked_at: r.revoked_at,
        }
    }
}

/// An active secret of any organisation, found by the `kid` of a token.
#[derive(Deserialize)]
pub struct ActiveRow {
    pub org_uid: OrgUid,
    pub partner_id: PartnerUid,
    pub sealed_value: String,
    pub last_used_at: Option<String>,
}

/// Revoked and unknown ids are the same to the caller: none.
pub async fn active_secret(db: &Db, key_id: &str) -> ApiResult<Option<ActiveRow>> {
    db.first(
        "SELECT org_uid, partner_id, sealed_value, last_used_at FROM booking_secrets WHERE key_id = ?1 AND revoked_at IS NULL",
        &[s(key_id)],
    )
    .await
}

pub async fn mark_used(db: &Db, key_id: &str, now: DateTime<Utc>) -> ApiResult<()> {
    db.run(db.prepare(
        "UPDATE booking_secrets SET last_used_at = ?2 WHERE key_id = ?1",
        &[s(key_id), s(&timestamp(now))],
    )?)
    .await?;
    Ok(())
}

/// A secret about to be stored.
pub struct NewSecret<'a> {
    pub key_id: &'a str,
    pub partner: &'a PartnerUid,
    pub name: &'a str,
    pub sealed_value: &'a str,
}

pub fn insert_secret(
    db: &Db,
    org: &OrgUid,
    secret: &NewSecret<'_>,
    now: DateTime<Utc>,
) -> ApiResult<Statement> {
    db.prepare(
        "INSERT INTO booking_secrets (key_id, org_uid, partner_id, name, sealed_value, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        &[
            s(secret.key_id),
            s(org.as_str()),
            s(secret.partner.as_str()),
            s(secret.name),
            s(secret.sealed_value),
            s(&timestamp(now)),
        ],
    )
}

pub async fn list_secrets(db: &Db, org: &OrgUid, page: &Page) -> ApiResult<Listing<BookingSecret>> {
    let rows = db
        .page(
            "SELECT key_id, name, partner_id, created_at, last_used_at, revoked_at FROM booking_secrets
             WHERE org_uid = ?1 AND key_id > ?2 ORDER BY key_id LIMIT ?3",
            vec![s(org.as_str())],
            page,
            |r: &SecretRow| &r.key_id,
        )
        .await?;
    Ok(map_listing(rows, Into::into))
}

/// The organisation's secret, revoked or not, with its sealed value.
pub async fn find_secret(
    db: &Db,
    org: &OrgUid,
    key_id: &str,
) -> ApiResult<Option<(SecretRow, String)>> {
    #[derive(Deserialize)]
    struct Row {
        key_id: String,
        name: String,
        partner_id: PartnerUid,
        created_at: String,
        last_used_at: Option<String>,
        revoked_at: Option<String>,
        sealed_value: String,
    }
    let row: Option<Row> = db
        .first(
            "SELECT key_id, name, partner_id, created_at, last_used_at, revoked_at, sealed_value FROM booking_secrets
             WHERE org_uid = ?1 AND key_id = ?2",
            &[s(org.as_str()), s(key_id)],
        )
        .await?;
    Ok(row.map(|r| {
        let info = SecretRow {
            key_id: r.key_id,
            name: r.name,
            partner_id: r.partner_id,
            created_at: r.created_at,
            last_used_at: r.last_used_at,
            revoked_at: r.revoked_at,
        };
        (info, r.sealed_value)
    }))
}

pub fn revoke_secret(
    db: &Db,
    org: &OrgUid,
    key_id: &str,
    now: DateTime<Utc>,
) -> ApiResult<Statement> {
    db.prepare(
        "UPDATE booking_secrets SET revoked_at = COALESCE(revoked_at, ?3) WHERE org_uid = ?1 AND key_id = ?2",
        &[s(org.as_str()), s(key_id), s(&timestamp(now))],
    )
}

#[derive(Deserialize)]
struct PartnerRow {
    partner_id: PartnerUid,
    name: String,
    created_at: String,
}

impl From<PartnerRow> for Partner {
    fn from(r: PartnerRow) -> Self {
        Partner {
            partner_id: r.partner_id,
            name: r.name,
            created_at: r.created_at,
        }
    }
}

pub async fn find_partner(
    db: &Db,
    org: &OrgUid,
    partner: &PartnerUid,
) -> ApiResult<Option<Partner>> {
    let row: Option<PartnerRow> = db
        .first(
            "SELECT partner_id, name, created_at FROM partners WHERE org_uid = ?1 AND partner_id = ?2",
            &[s(org.as_str()), s(partner.as_str())],
        )
        .await?;
    Ok(row.map(Into::into))
}

pub fn insert_partner(
    db: &Db,
    org: &OrgUid,
    partner: &PartnerUid,
    name: &str,
    now: DateTime<Utc>,
) -> ApiResult<Statement> {
    db.prepare(
        "INSERT INTO partners (org_uid, partner_id, name, created_at) VALUES (?1, ?2, ?3, ?4)",
        &[
            s(org.as_str()),
            s(partner.as_str()),
            s(name),
            s(&timestamp(now)),
        ],
    )
}

/// The default partner exists in every organisation; its row is made with
/// the first secret that signs for it.
pub fn ensure_default_partner(db: &Db, org: &OrgUid, now: DateTime<Utc>) -> ApiResult<Statement> {
    db.prepare(
        "INSERT OR IGNORE INTO partners (org_uid, partner_id, name, created_at) VALUES (?1, ?2, 'Default partner', ?3)",
        &[
            s(org.as_str()),
            s(PartnerUid::DEFAULT),
            s(&timestamp(now)),
        ],
    )
}

pub async fn list_partners(db: &Db, org: &OrgUid, page: &Page) -> ApiResult<Listing<Partner>> {
    let rows = db
        .page(
            "SELECT partner_id, name, created_at FROM partners
             WHERE org_uid = ?1 AND partner_id > ?2 ORDER BY partner_id LIMIT ?3",
            vec![s(org.as_str())],
            page,
            |r: &PartnerRow| r.partner_id.as_str(),
        )
        .await?;
    Ok(map_listing(rows, Into::into))
}
