//! `appointment_saids`: seed 002's integer appointment ids (SAIDs), one
//! per appointment, numbered per organisation. Patients' SPIDs are a
//! column of `patients` ([`super::patients::spid`]).

use frontdesk_core::ids::{AppointmentUid, OrgUid};
use serde::Deserialize;

use super::{n, s, Db, Statement};
use crate::error::ApiResult;

/// Numbers the appointment unless it has its number already: the next
/// after the organisation's highest, in one statement, so two at once
/// cannot take the same.
pub fn assign_said(db: &Db, org: &str, appointment: &str) -> ApiResult<Statement> {
    db.prepare(
        "INSERT INTO appointment_saids (org_uid, appointment_uid, said)
         SELECT ?1, ?2, COALESCE(MAX(said), 0) + 1 FROM appointment_saids WHERE org_uid = ?1
         ON CONFLICT DO NOTHING",
        &[s(org), s(appointment)],
    )
}

/// The appointment's SAID, numbering it first if the read model has not.
pub async fn said(db: &Db, org: &OrgUid, appointment: &AppointmentUid) -> ApiResult<i64> {
    #[derive(Deserialize)]
    struct Row {
        said: i64,
    }
    db.run(assign_said(db, org.as_str(), appointment.as_str())?)
        .await?;
    let row: Option<Row> = db
        .first(
            "SELECT said FROM appointment_saids WHERE org_uid = ?1 AND appointment_uid = ?2",
            &[s(org.as_str()), s(appointment.as_str())],
        )
        .await?;
    row.map(|r| r.said)
        .ok_or_else(|| crate::error::ApiError::Internal("a SAID was not stored".into()))
}

/// The appointment a SAID names in the organisation.
pub async fn by_said(db: &Db, org: &OrgUid, said: i64) -> ApiResult<Option<AppointmentUid>> {
    #[derive(Deserialize)]
    struct Row {
        appointment_uid: AppointmentUid,
    }
    let row: Option<Row> = db
        .first(
            "SELECT appointment_uid FROM appointment_saids WHERE org_uid = ?1 AND said = ?2",
            &[s(org.as_str()), n(said)],
        )
        .await?;
    Ok(row.map(|r| r.appointment_uid))
}

/// A rebooking replaces the appointment; the client's SAID follows it to
/// the new one (which the read model may have numbered already).
pub async fn moved(
    db: &Db,
    org: &OrgUid,
    from: &AppointmentUid,
    to: &AppointmentUid,
) -> ApiResult<()> {
    db.commit(vec![
        db.prepare(
            "DELETE FROM appointment_saids WHERE org_uid = ?1 AND appointment_uid = ?2",
            &[s(org.as_str()), s(to.as_str())],
        )?,
        db.prepare(
            "UPDATE appointment_saids SET appointment_uid = ?3 WHERE org_uid = ?1 AND appointment_uid = ?2",
            &[s(org.as_str()), s(from.as_str()), s(to.as_str())],
        )?,
    ])
    .await
}
