//! Clinical records (seed 002): episodes of care, and which episode an
//! appointment belongs to. Every read and write is in the audit log; a
//! write is stored with its audit row and its event in one D1 commit.

use frontdesk_core::ids::{AppointmentUid, EpisodeUid, OrgUid, PatientProfileUid};
use frontdesk_core::records::episode::Episode;
use frontdesk_core::view::events::EpisodeData;
use frontdesk_core::view::records::{self as view, AppointmentEpisode, EpisodeAppointments};
use frontdesk_core::view::Listing;
use frontdesk_core::wire::AssignEpisode;

use super::{appointments, patients, Actor};
use crate::ambient::entropy;
use crate::context::Ctx;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::paging::{map_listing, Page};
use crate::publish;
use crate::repo::audit::{self, Entry};
use crate::repo::episodes;

async fn audited(cx: &Ctx, actor: &Actor, action: &str, target: &str, ok: bool) -> ApiResult<()> {
    let entry = Entry {
        actor: &actor.label(),
        action,
        target,
        outcome: if ok { "ok" } else { "not_found" },
    };
    audit::record(&cx.db, actor.org(), entry, cx.now).await
}

/// The patient, or 404 (audited as `action`).
async fn patient_of_org(
    cx: &Ctx,
    actor: &Actor,
    patient: &PatientProfileUid,
    action: &str,
) -> ApiResult<()> {
    if patients::load(&cx.db, actor.org(), patient)
        .await?
        .is_none()
    {
        audited(cx, actor, action, patient.as_str(), false).await?;
        return Err(ApiError::not_found("patient"));
    }
    Ok(())
}

/// The episode, or 404 (audited as `action`).
async fn episode_of_org(
    cx: &Ctx,
    actor: &Actor,
    uid: &EpisodeUid,
    action: &str,
) -> ApiResult<episodes::Row> {
    match episodes::find(&cx.db, actor.org(), uid).await? {
        Some(row) => Ok(row),
        None => {
            audited(cx, actor, action, uid.as_str(), false).await?;
            Err(ApiError::not_found("episode"))
        }
    }
}

/// Stores the episode with its event and audit row, then wakes the
/// notifier.
async fn store(
    cx: &Ctx,
    actor: &Actor,
    uid: &EpisodeUid,
    patient: &PatientProfileUid,
    episode: &Episode,
    kind: &str,
) -> ApiResult<view::Episode> {
    let (db, org, now) = (&cx.db, actor.org(), cx.now);
    let data = serde_json::to_value(EpisodeData {
        episode_uid: uid.clone(),
        patient_uid: patient.clone(),
        status: episode.status,
    })?;
    let events = [publish::event(kind, org, data, now)];
    let mut statements = vec![episodes::upsert(db, org, uid, patient, episode, now)?];
    statements.extend(publish::statements(db, &events, now)?);
    let action = if kind == "episode:created" {
        "episode.created"
    } else {
        "episode.updated"
    };
    let entry = Entry {
        actor: &actor.label(),
        action,
        target: uid.as_str(),
        outcome: "ok",
    };
    statements.push(audit::statement(db, org, entry, now)?);
    db.commit(statements).await?;
    publish::wake(&cx.env, &events).await?;
    stored(cx, org, uid).await
}

async fn stored(cx: &Ctx, org: &OrgUid, uid: &EpisodeUid) -> ApiResult<view::Episode> {
    episodes::find(&cx.db, org, uid)
        .await?
        .map(Into::into)
        .ok_or_else(|| ApiError::Internal("stored episode vanished".into()))
}

pub async fn create(
    cx: &Ctx,
    actor: &Actor,
    patient: &PatientProfileUid,
    episode: Episode,
) -> ApiResult<view::Episode> {
    patient_of_org(cx, actor, patient, "episode.created").await?;
    let uid = EpisodeUid::new(&entropy::<16>());
    store(cx, actor, &uid, patient, &episode, "episode:created").await
}

pub async fn update(
    cx: &Ctx,
    actor: &Actor,
    uid: &EpisodeUid,
    episode: Episode,
) -> ApiResult<view::Episode> {
    let current = episode_of_org(cx, actor, uid, "episode.updated").await?;
    store(
        cx,
        actor,
        uid,
        &current.patient_uid,
        &episode,
        "episode:updated",
    )
    .await
}

pub async fn get(cx: &Ctx, actor: &Actor, uid: &EpisodeUid) -> ApiResult<view::Episode> {
    let row = episode_of_org(cx, actor, uid, "episode.read").await?;
    audited(cx, actor, "episode.read", uid.as_str(), true).await?;
    Ok(row.into())
}

pub async fn list(
    cx: &Ctx,
    actor: &Actor,
    patient: &PatientProfileUid,
    page: &Page,
) -> ApiResult<Listing<view::Episode>> {
    patient_of_org(cx, actor, patient, "episode.read (list)").await?;
    let rows = episodes::list(&cx.db, actor.org(), patient, page).await?;
    audited(cx, actor, "episode.read (list)", patient.as_str(), true).await?;
    Ok(map_listing(rows, Into::into))
}

pub async fn appointments_of(
    cx: &Ctx,
    actor: &Actor,
    uid: &EpisodeUid,
) -> ApiResult<EpisodeAppointments> {
    let action = "episode.read (appointments)";
    let row = episode_of_org(cx, actor, uid, action).await?;
    let appointments = episodes::appointments(&cx.db, actor.org(), uid).await?;
    audited(cx, actor, action, uid.as_str(), true).await?;
    Ok(EpisodeAppointments {
        episode: row.into(),
        appointments,
    })
}

/// Puts the appointment in an episode of its own patient, or out of its
/// episode. The appointment is read from its shop, so one booked a moment
/// ago is found even before the read model has it.
pub async fn assign(
    cx: &Ctx,
    actor: &Actor,
    appointment: AppointmentUid,
    to: AssignEpisode,
) -> ApiResult<AppointmentEpisode> {
    let action = "appointment.episode_assigned";
    let target = appointment.as_str().to_owned();
    let found = match appointments::get(cx, actor, appointment.clone()).await {
        Err(e @ ApiError::NotFound { .. }) => {
            audited(cx, actor, action, &target, false).await?;
            return Err(e);
        }
        other => other?,
    };
    if let Some(uid) = &to.episode_uid {
        let Some(episode) = episodes::find(&cx.db, actor.org(), uid).await? else {
            audited(cx, actor, action, &target, false).await?;
            return Err(ApiError::NotFound {
                what: "episode",
                field: Some("episode_uid"),
            });
        };
        if episode.patient_uid != found.appointment.patient_profile_uid {
            return Err(ApiError::conflict(
                ErrorCode::EpisodeOfAnotherPatient,
                "the episode belongs to another patient than the appointment",
            ));
        }
    }
    let (db, org, now) = (&cx.db, actor.org(), cx.now);
    let entry = Entry {
        actor: &actor.label(),
        action,
        target: &target,
        outcome: "ok",
    };
    db.commit(vec![
        episodes::assign(db, org, &appointment, to.episode_uid.as_ref(), now)?,
        audit::statement(db, org, entry, now)?,
    ])
    .await?;
    Ok(AppointmentEpisode {
        appointment_uid: appointment,
        episode_of_care_uid: to.episode_uid,
    })
}
