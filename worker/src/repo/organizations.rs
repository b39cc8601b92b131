//! `organizations`: tenants and their settings.

use chrono::{DateTime, Utc};
use frontdesk_core::ids::OrgUid;
use frontdesk_core::phone::Region;
use frontdesk_core::time::timestamp;
use frontdesk_core::visit::MeetingRooms;
use serde::Deserialize;

use super::{s, Db, Statement};
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

/// The settings the hot path reads, as stored: what the Directory object
/// loads once.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct Settings {
    /// An ISO country code; [`Settings::region`] reads it.
    pub default_country: String,
    #[serde(default)]
    pub meeting_rooms: MeetingRooms,
}

impl Settings {
    pub fn region(&self) -> ApiResult<Region> {
        Region::parse(&self.default_country)
            .map_err(|_| ApiError::Internal("stored default country is not valid".into()))
    }
}

pub async fn settings(db: &Db, org: &OrgUid) -> ApiResult<Settings> {
    let row: Option<Settings> = db
        .first(
            "SELECT default_country, meeting_rooms FROM organizations WHERE org_uid = ?1",
            &[s(org.as_str())],
        )
        .await?;
    // Organisations made before the columns existed read as the US, with
    // the default rooms.
    Ok(row.unwrap_or(Settings {
        default_country: "US".to_owned(),
        meeting_rooms: MeetingRooms::default(),
    }))
}

pub fn set_meeting_rooms(db: &Db, org: &OrgUid, rooms: MeetingRooms) -> ApiResult<Statement> {
    db.prepare(
        "UPDATE organizations SET meeting_rooms = ?1 WHERE org_uid = ?2",
        &[s(rooms.as_str()), s(org.as_str())],
    )
}
