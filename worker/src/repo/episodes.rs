//! `episodes` (seed 002's episodes of care) and `appointment_episodes`,
//! which appointment belongs to which episode.

use chrono::{DateTime, Utc};
use frontdesk_core::ids::{AppointmentUid, EpisodeUid, OrgUid, PatientProfileUid};
use frontdesk_core::records::episode::{Episode, EpisodeStatus};
use frontdesk_core::time::timestamp;
use frontdesk_core::view::calendar::AppointmentView;
use frontdesk_core::view::records::{self as view, EpisodeAppointment};
use frontdesk_core::view::Listing;
use serde::Deserialize;

use super::{column, opt, s, Db, Statement};
use crate::error::ApiResult;
use crate::paging::Page;

#[derive(Deserialize)]
pub struct Row {
    pub episode_uid: EpisodeUid,
    pub patient_uid: PatientProfileUid,
    name: String,
    #[serde(rename = "type")]
    kind: String,
    from_date: String,
    to_date: Option<String>,
    status: EpisodeStatus,
    objective: Option<String>,
    reason_incomplete: Option<String>,
    created_at: String,
    updated_at: String,
}

impl From<Row> for view::Episode {
    fn from(r: Row) -> Self {
        view::Episode {
            episode_uid: r.episode_uid,
            patient_uid: r.patient_uid,
            name: r.name,
            kind: r.kind,
            from: r.from_date,
            to: r.to_date,
            status: r.status,
            objective: r.objective,
            reason_incomplete: r.reason_incomplete,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

const COLUMNS: &str = "episode_uid, patient_uid, name, type, from_date, to_date, status, objective, reason_incomplete, created_at, updated_at";

pub async fn find(db: &Db, org: &OrgUid, uid: &EpisodeUid) -> ApiResult<Option<Row>> {
    db.first(
        &format!("SELECT {COLUMNS} FROM episodes WHERE org_uid = ?1 AND episode_uid = ?2"),
        &[s(org.as_str()), s(uid.as_str())],
    )
    .await
}

pub async fn list(
    db: &Db,
    org: &OrgUid,
    patient: &PatientProfileUid,
    page: &Page,
) -> ApiResult<Listing<Row>> {
    db.page(
        &format!(
            "SELECT {COLUMNS} FROM episodes WHERE org_uid = ?1 AND patient_uid = ?2 AND episode_uid > ?3 ORDER BY episode_uid LIMIT ?4"
        ),
        vec![s(org.as_str()), s(patient.as_str())],
        page,
        |r: &Row| r.episode_uid.as_str(),
    )
    .await
}

/// A new episode, or the replacement of an existing one's fields (its
/// patient and creation time stay).
pub fn upsert(
    db: &Db,
    org: &OrgUid,
    uid: &EpisodeUid,
    patient: &PatientProfileUid,
    e: &Episode,
    now: DateTime<Utc>,
) -> ApiResult<Statement> {
    let now = timestamp(now);
    let to = e.to.map(|d| d.to_string());
    db.prepare(
        "INSERT INTO episodes (episode_uid, org_uid, patient_uid, name, type, from_date, to_date, status, objective, reason_incomplete, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11) \
         ON CONFLICT (episode_uid) DO UPDATE SET name = ?4, type = ?5, from_date = ?6, to_date = ?7, status = ?8, objective = ?9, reason_incomplete = ?10, updated_at = ?11 \
         WHERE episodes.org_uid = ?2",
        &[
            s(uid.as_str()),
            s(org.as_str()),
            s(patient.as_str()),
            s(&e.name),
            s(&e.kind),
            s(&e.from.to_string()),
            opt(to.as_deref()),
            s(e.status.as_str()),
            opt(e.objective.as_deref()),
            opt(e.reason_incomplete.as_deref()),
            s(&now),
        ],
    )
}

/// Puts the appointment in `episode`, or out of any with `None`.
pub fn assign(
    db: &Db,
    org: &OrgUid,
    appointment: &AppointmentUid,
    episode: Option<&EpisodeUid>,
    now: DateTime<Utc>,
) -> ApiResult<Statement> {
    match episode {
        Some(episode) => db.prepare(
            "INSERT INTO appointment_episodes (appointment_uid, org_uid, episode_uid, assigned_at) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (appointment_uid) DO UPDATE SET episode_uid = ?3, assigned_at = ?4 WHERE appointment_episodes.org_uid = ?2",
            &[
                s(appointment.as_str()),
                s(org.as_str()),
                s(episode.as_str()),
                s(&timestamp(now)),
            ],
        ),
        None => db.prepare(
            "DELETE FROM appointment_episodes WHERE org_uid = ?1 AND appointment_uid = ?2",
            &[s(org.as_str()), s(appointment.as_str())],
        ),
    }
}

/// The most appointments an episode's list shows.
pub const APPOINTMENTS_MAX: u32 = 500;

/// The episode's appointments as the read model has them, earliest first.
pub async fn appointments(
    db: &Db,
    org: &OrgUid,
    episode: &EpisodeUid,
) -> ApiResult<Vec<EpisodeAppointment>> {
    #[derive(Deserialize)]
    struct Joined {
        #[serde(deserialize_with = "column::json")]
        body: AppointmentView,
        #[serde(deserialize_with = "column::flag")]
        has_notes: bool,
    }
    let rows: Vec<Joined> = db
        .all(
            "SELECT a.body, (COALESCE(n.has_answers, 0) OR EXISTS (SELECT 1 FROM note_comments c WHERE c.org_uid = e.org_uid AND c.appointment_uid = e.appointment_uid)) AS has_notes \
             FROM appointment_episodes e JOIN appointments a ON a.appointment_uid = e.appointment_uid AND a.org_uid = e.org_uid \
             LEFT JOIN visit_notes n ON n.appointment_uid = e.appointment_uid AND n.org_uid = e.org_uid \
             WHERE e.org_uid = ?1 AND e.episode_uid = ?2 ORDER BY a.start_at, a.appointment_uid LIMIT ?3",
            &[s(org.as_str()), s(episode.as_str()), APPOINTMENTS_MAX.into()],
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| EpisodeAppointment {
            start: timestamp(r.body.start),
            appointment_uid: r.body.appointment_uid,
            status: r.body.status,
            shop_uid: r.body.shop_uid,
            doctor_uid: r.body.doctor_uid,
            episode_of_care_uid: episode.clone(),
            has_notes: r.has_notes,
        })
        .collect())
}
