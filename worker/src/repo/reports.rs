//! `encounter_reports`: what was ordered, and how far it got.

use frontdesk_core::ids::{OrgUid, ReportUid};
use frontdesk_core::view::records::{EncounterReport, ReportStatus};
use serde::Deserialize;

use super::{n, opt, s, Db, Statement};
use crate::error::ApiResult;

#[derive(Deserialize)]
struct Row {
    report_uid: ReportUid,
    status: ReportStatus,
    range_from: String,
    range_to: String,
    rows: Option<f64>,
    size: Option<f64>,
    error: Option<String>,
    created_at: String,
    completed_at: Option<String>,
    expires_at: Option<String>,
}

pub fn insert(db: &Db, org: &OrgUid, r: &EncounterReport) -> ApiResult<Statement> {
    db.prepare(
        "INSERT INTO encounter_reports (report_uid, org_uid, status, range_from, range_to, created_at) VALUES (?1, ?2, 'pending', ?3, ?4, ?5)",
        &[
            s(r.report_uid.as_str()),
            s(org.as_str()),
            s(&r.from),
            s(&r.to),
            s(&r.created_at),
        ],
    )
}

pub async fn find(db: &Db, org: &OrgUid, uid: &ReportUid) -> ApiResult<Option<EncounterReport>> {
    let row: Option<Row> = db
        .first(
            "SELECT report_uid, status, range_from, range_to, rows, size, error, created_at, completed_at, expires_at \
             FROM encounter_reports WHERE org_uid = ?1 AND report_uid = ?2",
            &[s(org.as_str()), s(uid.as_str())],
        )
        .await?;
    Ok(row.map(|r| EncounterReport {
        report_uid: r.report_uid,
        status: r.status,
        from: r.range_from,
        to: r.range_to,
        rows: r.rows.map(|v| v as u64),
        size: r.size.map(|v| v as u64),
        error: r.error,
        created_at: r.created_at,
        completed_at: r.completed_at,
        expires_at: r.expires_at,
    }))
}

/// Pending → completed, once.
pub async fn complete(
    db: &Db,
    org: &OrgUid,
    uid: &ReportUid,
    rows: usize,
    size: usize,
    completed_at: &str,
    expires_at: &str,
) -> ApiResult<()> {
    db.run(db.prepare(
        "UPDATE encounter_reports SET status = 'completed', rows = ?3, size = ?4, completed_at = ?5, expires_at = ?6 \
         WHERE org_uid = ?1 AND report_uid = ?2 AND status = 'pending'",
        &[
            s(org.as_str()),
            s(uid.as_str()),
            n(rows as i64),
            n(size as i64),
            s(completed_at),
            s(expires_at),
        ],
    )?)
    .await?;
    Ok(())
}

/// Pending → failed, with a reason fit for the caller (no data in it).
pub async fn fail(db: &Db, org: &OrgUid, uid: &ReportUid, error: &str, at: &str) -> ApiResult<()> {
    db.run(db.prepare(
        "UPDATE encounter_reports SET status = 'failed', error = ?3, completed_at = ?4 \
         WHERE org_uid = ?1 AND report_uid = ?2 AND status = 'pending'",
        &[s(org.as_str()), s(uid.as_str()), opt(Some(error)), s(at)],
    )?)
    .await?;
    Ok(())
}
