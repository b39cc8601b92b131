//! `teams_meetings`: the MS Teams meeting of each appointment that asked
//! for one (seed 002's MS Teams provider link).

use chrono::{DateTime, Utc};
use frontdesk_core::ids::{AppointmentUid, OrgUid};
use frontdesk_core::time::timestamp;
use serde::Deserialize;

use super::{s, Db};
use crate::error::ApiResult;

pub async fn join_url(db: &Db, org: &OrgUid, a: &AppointmentUid) -> ApiResult<Option<String>> {
    #[derive(Deserialize)]
    struct Row {
        join_url: String,
    }
    let row: Option<Row> = db
        .first(
            "SELECT join_url FROM teams_meetings WHERE org_uid = ?1 AND appointment_uid = ?2",
            &[s(org.as_str()), s(a.as_str())],
        )
        .await?;
    Ok(row.map(|r| r.join_url))
}

/// Keeps the meeting unless the appointment has one already; the one kept.
pub async fn keep(
    db: &Db,
    org: &OrgUid,
    a: &AppointmentUid,
    url: &str,
    now: DateTime<Utc>,
) -> ApiResult<String> {
    db.run(db.prepare(
        "INSERT INTO teams_meetings (org_uid, appointment_uid, join_url, created_at)
         VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
        &[s(org.as_str()), s(a.as_str()), s(url), s(&timestamp(now))],
    )?)
    .await?;
    Ok(join_url(db, org, a)
        .await?
        .unwrap_or_else(|| url.to_owned()))
}
