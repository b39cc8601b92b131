//! `organizations`: tenants and their settings.

use chrono::{DateTime, Utc};
use frontdesk_core::ids::OrgUid;
use frontdesk_core::phone::Region;
use frontdesk_core::time::timestamp;
use frontdesk_core::visit::MeetingRooms;
use serde::Deserialize;

use super::{column, s, Db, Statement};
use crate::error::{ApiError, ApiResult};

/// A new organisation; its first key goes in the same commit
/// (`api_keys::insert`).
pub fn insert(
    db: &Db,
    org: &OrgUid,
    name: &str,
    default_country: &str,
    now: DateTime<Utc>,
) -> ApiResult<Statement> {
    db.prepare(
        "INSERT INTO organizations (org_uid, name, default_country, created_at) VALUES (?1, ?2, ?3, ?4)",
        &[s(org.as_str()), s(name), s(default_country), s(&timestamp(now))],
    )
}

/// The organisation's country for numbers written without a code.
pub async fn default_region(db: &Db, org: &OrgUid) -> ApiResult<Region> {
    #[derive(Deserialize)]
    struct Row {
        #[serde(deserialize_with = "column::region")]
        default_country: Region,
    }
    let row: Option<Row> = db
        .first(
            "SELECT default_country FROM organizations WHERE org_uid = ?1",
            &[s(org.as_str())],
        )
        .await?;
    match row {
        Some(r) => Ok(r.default_country),
        // Organisations made before the column existed read as the US.
        None => Region::parse("US").map_err(|e| ApiError::Internal(format!("region US: {e}"))),
    }
}

/// The organisation's meeting-room strategy.
pub async fn meeting_rooms(db: &Db, org: &OrgUid) -> ApiResult<MeetingRooms> {
    #[derive(Deserialize)]
    struct Row {
        meeting_rooms: MeetingRooms,
    }
    let row: Option<Row> = db
        .first(
            "SELECT meeting_rooms FROM organizations WHERE org_uid = ?1",
            &[s(org.as_str())],
        )
        .await?;
    Ok(row.map(|r| r.meeting_rooms).unwrap_or_default())
}

pub fn set_meeting_rooms(db: &Db, org: &OrgUid, rooms: MeetingRooms) -> ApiResult<Statement> {
    db.prepare(
        "UPDATE organizations SET meeting_rooms = ?1 WHERE org_uid = ?2",
        &[s(rooms.as_str()), s(org.as_str())],
    )
}
