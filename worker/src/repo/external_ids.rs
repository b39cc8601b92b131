//! `appointment_external_ids`: each organisation's index of its
//! appointments' external ids (seed 002), unique per organisation.

use chrono::{DateTime, Utc};
use frontdesk_core::ids::{AppointmentUid, OrgUid};
use frontdesk_core::time::timestamp;
use serde::Deserialize;

use super::{s, Db};
use crate::error::ApiResult;

/// The appointment `external_id` names in the organisation, if any.
pub async fn find(db: &Db, org: &OrgUid, external_id: &str) -> ApiResult<Option<AppointmentUid>> {
    #[derive(Deserialize)]
    struct Row {
        appointment_uid: AppointmentUid,
    }
    let row: Option<Row> = db
        .first(
            "SELECT appointment_uid FROM appointment_external_ids WHERE org_uid = ?1 AND external_id = ?2",
            &[s(org.as_str()), s(external_id)],
        )
        .await?;
    Ok(row.map(|r| r.appointment_uid))
}

/// Gives `external_id` to `appointment` unless another appointment has it:
/// whether it is `appointment`'s now. Two bookings racing for one id get
/// one `true` between them.
pub async fn claim(
    db: &Db,
    org: &OrgUid,
    external_id: &str,
    appointment: &AppointmentUid,
    now: DateTime<Utc>,
) -> ApiResult<bool> {
    db.run(db.prepare(
        "INSERT INTO appointment_external_ids (org_uid, external_id, appointment_uid, created_at)
         VALUES (?1, ?2, ?3, ?4) ON CONFLICT (org_uid, external_id) DO NOTHING",
        &[
            s(org.as_str()),
            s(external_id),
            s(appointment.as_str()),
            s(&timestamp(now)),
        ],
    )?)
    .await?;
    Ok(find(db, org, external_id).await?.as_ref() == Some(appointment))
}

/// A rebooking moves the id to the appointment that replaced `from`.
pub async fn moved(
    db: &Db,
    org: &OrgUid,
    external_id: &str,
    from: &AppointmentUid,
    to: &AppointmentUid,
) -> ApiResult<()> {
    db.run(db.prepare(
        "UPDATE appointment_external_ids SET appointment_uid = ?4
         WHERE org_uid = ?1 AND external_id = ?2 AND appointment_uid = ?3",
        &[
            s(org.as_str()),
            s(external_id),
            s(from.as_str()),
            s(to.as_str()),
        ],
    )?)
    .await?;
    Ok(())
}
