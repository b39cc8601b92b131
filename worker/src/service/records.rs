//! Clinical records (seed 002): episodes of care, and which episode an
//! appointment belongs to. Every read and write is in the audit log; a
//! write is stored with its audit row and its event in one D1 commit.

use frontdesk_core::ids::{
    AppointmentUid, EpisodeUid, NoteTemplateUid, OrgUid, PatientProfileUid, ShopUid,
};
use frontdesk_core::records::episode::Episode;
use frontdesk_core::records::note;
use frontdesk_core::time::timestamp;
use frontdesk_core::view::events::EpisodeData;
use frontdesk_core::view::records::{
    self as view, AppointmentEpisode, EpisodeAppointments, NoteTemplate, VisitNote,
};
use frontdesk_core::view::Listing;
use frontdesk_core::wire::{
    AddComment, AssignEpisode, CreateNoteTemplate, PatientDocument as NewDocument, ReplaceNote,
};

use super::{appointments, patients, tenancy, Actor};
use crate::ambient::entropy;
use crate::context::Ctx;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::paging::{map_listing, Page};
use crate::publish;
use crate::repo::audit::{self, Entry};
use crate::repo::{attachments, episodes, notes};

pub(super) async fn audited(
    cx: &Ctx,
    actor: &Actor,
    action: &str,
    target: &str,
    ok: bool,
) -> ApiResult<()> {
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
            return Err(appointments::episode_of_another_patient());
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

/// A new note template, for every shop or the ones it names (each must be
/// the organisation's).
pub async fn create_template(
    cx: &Ctx,
    actor: &Actor,
    t: CreateNoteTemplate,
) -> ApiResult<NoteTemplate> {
    for shop in &t.shop_uids {
        tenancy::shop(cx, actor, shop).await.map_err(|e| match e {
            ApiError::NotFound { what, .. } => ApiError::NotFound {
                what,
                field: Some("shop_uids"),
            },
            other => other,
        })?;
    }
    let (db, org, now) = (&cx.db, actor.org(), cx.now);
    let template = NoteTemplate {
        template_uid: NoteTemplateUid::new(&entropy::<16>()),
        name: t.name,
        flow: t.flow,
        shop_uids: t.shop_uids,
        created_at: timestamp(now),
    };
    let entry = Entry {
        actor: &actor.label(),
        action: "note_template.created",
        target: template.template_uid.as_str(),
        outcome: "ok",
    };
    let changed = db
        .commit_counted(vec![
            notes::insert_template(db, org, &template)?,
            audit::statement_if_changed(db, org, entry, now)?,
        ])
        .await?;
    if changed.first() != Some(&1) {
        return Err(ApiError::LimitReached {
            field: "name",
            message: format!(
                "an organisation keeps at most {} note templates",
                notes::TEMPLATES_MAX
            ),
        });
    }
    Ok(template)
}

/// The organisation's templates, or those a visit of `shop` may use.
pub async fn templates(
    cx: &Ctx,
    actor: &Actor,
    shop: Option<&ShopUid>,
) -> ApiResult<Vec<NoteTemplate>> {
    if let Some(shop) = shop {
        tenancy::shop(cx, actor, shop).await?;
    }
    Ok(notes::templates(&cx.db, actor.org())
        .await?
        .into_iter()
        .filter(|t| shop.is_none_or(|s| t.serves(s)))
        .map(Into::into)
        .collect())
}

/// The appointment, read from its shop with the actor's rights (a patient
/// sees only their own); 404 otherwise, audited as `action`.
pub async fn visible(
    cx: &Ctx,
    actor: &Actor,
    appointment: &AppointmentUid,
    action: &str,
) -> ApiResult<()> {
    match appointments::get(cx, actor, appointment.clone()).await {
        Err(e @ ApiError::NotFound { .. }) => {
            audited(cx, actor, action, appointment.as_str(), false).await?;
            Err(e)
        }
        other => other.map(drop),
    }
}

async fn note_view(cx: &Ctx, org: &OrgUid, appointment: &AppointmentUid) -> ApiResult<VisitNote> {
    let (template, answers, version) = match notes::note(&cx.db, org, appointment).await? {
        Some(n) => (
            notes::template(&cx.db, org, &n.template_uid)
                .await?
                .map(Into::into),
            n.answers,
            n.version,
        ),
        None => (None, Vec::new(), 0),
    };
    Ok(VisitNote {
        appointment_uid: appointment.clone(),
        template,
        answers,
        comments: notes::comments(&cx.db, org, appointment).await?,
        version,
    })
}

pub async fn get_note(
    cx: &Ctx,
    actor: &Actor,
    appointment: &AppointmentUid,
) -> ApiResult<VisitNote> {
    let action = "visit_note.read";
    visible(cx, actor, appointment, action).await?;
    let note = note_view(cx, actor.org(), appointment).await?;
    audited(cx, actor, action, appointment.as_str(), true).await?;
    Ok(note)
}

/// Replaces the note's answers, over the version `if_match` names.
pub async fn replace_note(
    cx: &Ctx,
    actor: &Actor,
    appointment: &AppointmentUid,
    if_match: Option<String>,
    body: ReplaceNote,
) -> ApiResult<VisitNote> {
    let action = "visit_note.updated";
    let Some(if_match) = if_match else {
        return Err(ApiError::PreconditionRequired(
            "send the note's ETag as If-Match: GET the note first",
        ));
    };
    visible(cx, actor, appointment, action).await?;
    let (db, org, now) = (&cx.db, actor.org(), cx.now);
    let stale = "the note changed since it was read: GET it again and reapply the change";
    let version = note::if_match(&if_match).ok_or_else(|| {
        ApiError::bad_field(
            "If-Match",
            "`If-Match` must be the note's ETag, e.g. \"v3\"",
        )
    })?;
    let Some(template) = notes::template(db, org, &body.template_uid).await? else {
        return Err(ApiError::NotFound {
            what: "note template",
            field: Some("template_uid"),
        });
    };
    if !template.serves(&appointment.shop()) {
        return Err(ApiError::conflict(
            ErrorCode::TemplateNotForShop,
            "the template is not available to this appointment's shop",
        ));
    }
    let answers = template.flow.answers(Some(&body.answers))?;
    let entry = Entry {
        actor: &actor.label(),
        action,
        target: appointment.as_str(),
        outcome: "ok",
    };
    let changed = db
        .commit_counted(vec![
            notes::replace(
                db,
                org,
                appointment,
                &body.template_uid,
                &answers,
                version,
                now,
            )?,
            audit::statement_if_changed(db, org, entry, now)?,
        ])
        .await?;
    if changed.first() != Some(&1) {
        return Err(ApiError::PreconditionFailed(stale));
    }
    note_view(cx, org, appointment).await
}

pub async fn add_comment(
    cx: &Ctx,
    actor: &Actor,
    appointment: &AppointmentUid,
    body: AddComment,
) -> ApiResult<VisitNote> {
    let action = "visit_note.commented";
    visible(cx, actor, appointment, action).await?;
    let (db, org, now) = (&cx.db, actor.org(), cx.now);
    let author = actor.label();
    let entry = Entry {
        actor: &author,
        action,
        target: appointment.as_str(),
        outcome: "ok",
    };
    let changed = db
        .commit_counted(vec![
            notes::add_comment(db, org, appointment, &author, &body.message, now)?,
            audit::statement_if_changed(db, org, entry, now)?,
        ])
        .await?;
    if changed.first() != Some(&1) {
        return Err(ApiError::LimitReached {
            field: "message",
            message: format!("a note keeps at most {} comments", notes::COMMENTS_MAX),
        });
    }
    note_view(cx, org, appointment).await
}

/// Stores a patient document (seed 002), audited.
pub async fn create_document(
    cx: &Ctx,
    actor: &Actor,
    patient: &PatientProfileUid,
    d: NewDocument,
) -> ApiResult<view::PatientDocument> {
    let action = "patient_document.created";
    patient_of_org(cx, actor, patient, action).await?;
    let (db, org, now) = (&cx.db, actor.org(), cx.now);
    let document = view::PatientDocument {
        document_uid: frontdesk_core::ids::DocumentUid::new(&entropy::<16>()),
        patient_uid: patient.clone(),
        name: d.name,
        date_time: timestamp(d.date_time),
        responses: d
            .responses
            .into_iter()
            .map(|(question, response)| view::DocumentResponse { question, response })
            .collect(),
        created_at: timestamp(now),
    };
    let entry = Entry {
        actor: &actor.label(),
        action,
        target: document.document_uid.as_str(),
        outcome: "ok",
    };
    db.commit(vec![
        attachments::insert_document(db, org, &document)?,
        audit::statement(db, org, entry, now)?,
    ])
    .await?;
    Ok(document)
}

pub async fn documents(
    cx: &Ctx,
    actor: &Actor,
    patient: &PatientProfileUid,
) -> ApiResult<view::PatientDocuments> {
    let action = "patient_document.read";
    patient_of_org(cx, actor, patient, action).await?;
    let data = attachments::documents(&cx.db, actor.org(), patient).await?;
    audited(cx, actor, action, patient.as_str(), true).await?;
    Ok(view::PatientDocuments { data })
}
