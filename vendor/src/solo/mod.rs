//! Seed 002's endpoints (`/qapi/v1`), one module per section of the seed.
//!
//! Seed 002's patient `id` in a path is the client's own id (kept as the
//! `EXTERNAL` identifier), or else Frontdesk's patient uid, so records made
//! through Frontdesk's `/v1` are reachable too.

pub mod appointments;
pub mod check_in;
pub mod linking;
pub mod notes;
pub mod nursing;
pub mod patients;
pub mod perfect_answer;
pub mod records;
pub mod rooms;
pub mod teams;
pub mod webhooks;

use frontdesk_core::compat::solo::EXTERNAL_ID;
use frontdesk_core::ids::PatientProfileUid;
use frontdesk_worker::auth::Caller;
use frontdesk_worker::context::Ctx;
use frontdesk_worker::error::{ApiError, ApiResult};
use frontdesk_worker::repo::{self, audit};
use frontdesk_worker::service::Actor;

/// The patient a seed 002 path names.
pub async fn patient_uid(cx: &Ctx, actor: &Actor, id: &str) -> ApiResult<PatientProfileUid> {
    let org = actor.org();
    if let Some(row) = repo::patients::by_identifier(&cx.db, org, EXTERNAL_ID, id)
        .await?
        .into_iter()
        .next()
    {
        return Ok(row.patient_uid);
    }
    let uid = PatientProfileUid::parse(id).map_err(|_| ApiError::not_found("patient"))?;
    match repo::patients::find(&cx.db, org, &uid).await? {
        Some(_) => Ok(uid),
        None => Err(ApiError::not_found("patient")),
    }
}

/// The patient a SPID names; anything but a positive integer names none.
pub async fn patient_by_spid(cx: &Ctx, actor: &Actor, spid: &str) -> ApiResult<PatientProfileUid> {
    let spid: i64 = spid
        .parse()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| ApiError::not_found("patient"))?;
    repo::patients::by_spid(&cx.db, actor.org(), spid)
        .await?
        .map(|row| row.patient_uid)
        .ok_or_else(|| ApiError::not_found("patient"))
}

/// Records an administrator's change in the organisation's audit log.
pub async fn audited(cx: &Ctx, caller: &Caller, action: &str, target: &str) -> ApiResult<()> {
    let entry = audit::Entry {
        actor: &caller.key_id,
        action,
        target,
        outcome: "ok",
    };
    audit::record(&cx.db, &caller.org, entry, cx.now).await
}
