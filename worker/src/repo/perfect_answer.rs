//! `perfect_answer_locations` and `perfect_answer_visits`: seed 002's
//! perfect-answer configuration (which waiting room and templates a
//! call centre's `locationId` maps to) and the visits it made, for the
//! seed's one-visit-per-24-hours rule.

use chrono::{DateTime, Utc};
use frontdesk_core::compat::perfect_answer::WINDOW_SECONDS;
use frontdesk_core::ids::{OrgUid, ShopUid};
use frontdesk_core::time::timestamp;
use serde::Deserialize;

use super::{n, s, Db};
use crate::error::ApiResult;

#[derive(Debug, Clone, Deserialize)]
pub struct LocationRow {
    pub location_id: String,
    pub shop_uid: ShopUid,
    pub templates: String,
}

/// Creates or replaces the organisation's location.
pub async fn put_location(
    db: &Db,
    org: &OrgUid,
    location_id: &str,
    shop: &ShopUid,
    templates: &str,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    db.run(db.prepare(
        "INSERT INTO perfect_answer_locations (org_uid, location_id, shop_uid, templates, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (org_uid, location_id) DO UPDATE
         SET shop_uid = excluded.shop_uid, templates = excluded.templates, updated_at = excluded.updated_at",
        &[
            s(org.as_str()),
            s(location_id),
            s(shop.as_str()),
            s(templates),
            s(&timestamp(now)),
        ],
    )?)
    .await?;
    Ok(())
}

pub async fn location(db: &Db, org: &OrgUid, location_id: &str) -> ApiResult<Option<LocationRow>> {
    db.first(
        "SELECT location_id, shop_uid, templates FROM perfect_answer_locations
         WHERE org_uid = ?1 AND location_id = ?2",
        &[s(org.as_str()), s(location_id)],
    )
    .await
}

/// The organisation's locations (a few hundred at most), by id.
pub async fn locations(db: &Db, org: &OrgUid) -> ApiResult<Vec<LocationRow>> {
    db.all(
        "SELECT location_id, shop_uid, templates FROM perfect_answer_locations
         WHERE org_uid = ?1 ORDER BY location_id LIMIT 1000",
        &[s(org.as_str())],
    )
    .await
}

/// Whether the organisation had the location.
pub async fn delete_location(db: &Db, org: &OrgUid, location_id: &str) -> ApiResult<bool> {
    let changed = db
        .run(db.prepare(
            "DELETE FROM perfect_answer_locations WHERE org_uid = ?1 AND location_id = ?2",
            &[s(org.as_str()), s(location_id)],
        )?)
        .await?;
    Ok(changed > 0)
}

/// Claims the patient's visit unless one was claimed in the last
/// [`WINDOW_SECONDS`]: one statement, so of two claims at once one wins.
pub async fn claim(
    db: &Db,
    org: &OrgUid,
    patient: &str,
    claim_id: &str,
    now: DateTime<Utc>,
) -> ApiResult<bool> {
    let changed = db
        .run(db.prepare(
            "INSERT INTO perfect_answer_visits (claim_id, org_uid, patient_uid, created_at)
             SELECT ?1, ?2, ?3, ?4
             WHERE NOT EXISTS (
                 SELECT 1 FROM perfect_answer_visits
                 WHERE org_uid = ?2 AND patient_uid = ?3 AND created_at > ?4 - ?5
             )",
            &[
                s(claim_id),
                s(org.as_str()),
                s(patient),
                n(now.timestamp()),
                n(WINDOW_SECONDS),
            ],
        )?)
        .await?;
    Ok(changed > 0)
}

/// Whether the patient had a visit claimed in the last [`WINDOW_SECONDS`]
/// (a read before the work; [`claim`] decides).
pub async fn recent(db: &Db, org: &OrgUid, patient: &str, now: DateTime<Utc>) -> ApiResult<bool> {
    #[derive(Deserialize)]
    struct Row {
        visits: i64,
    }
    let row: Option<Row> = db
        .first(
            "SELECT COUNT(*) AS visits FROM perfect_answer_visits
             WHERE org_uid = ?1 AND patient_uid = ?2 AND created_at > ?3 - ?4",
            &[
                s(org.as_str()),
                s(patient),
                n(now.timestamp()),
                n(WINDOW_SECONDS),
            ],
        )
        .await?;
    Ok(row.is_some_and(|r| r.visits > 0))
}

/// The claim's visit, once booked.
pub async fn settle(db: &Db, claim_id: &str, appointment: &str) -> ApiResult<()> {
    db.run(db.prepare(
        "UPDATE perfect_answer_visits SET appointment_uid = ?2 WHERE claim_id = ?1",
        &[s(claim_id), s(appointment)],
    )?)
    .await?;
    Ok(())
}

/// Gives a claim back when its visit could not be made.
pub async fn release(db: &Db, claim_id: &str) -> ApiResult<()> {
    db.run(db.prepare(
        "DELETE FROM perfect_answer_visits WHERE claim_id = ?1",
        &[s(claim_id)],
    )?)
    .await?;
    Ok(())
}
