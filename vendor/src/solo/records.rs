//! Seed 002's clinical records: episodes of care, attachments, patient
//! documents and reports. Frontdesk's `/v1` reads seed 002's bodies for
//! these already; the answers are reshaped by
//! `frontdesk_core::compat::solo_records`.

use frontdesk_core::compat::solo::{self, EXTERNAL_ID};
use frontdesk_core::compat::solo_records::{
    self as out, AttachmentOut, AttachmentsOut, EpisodeAppointmentOut, EpisodeAssigned,
    EpisodeCreated, EpisodeForm, Episodes, ReportOut,
};
use frontdesk_core::ids::{AttachmentUid, EpisodeUid, PatientProfileUid, ReportUid};
use frontdesk_core::records::attachment::MAX_BYTES;
use frontdesk_core::records::episode::Episode;
use frontdesk_core::records::report::{EncounterOrder, Range};
use frontdesk_core::view::records::Episode as EpisodeView;
use frontdesk_core::wire::{AssignEpisode, PatientDocument};
use frontdesk_worker::context::Ctx;
use frontdesk_worker::edge::{declared_length, json, json_body, query, read_upload};
use frontdesk_worker::error::{ApiError, ApiResult};
use frontdesk_worker::paging::Page;
use frontdesk_worker::repo::{self, vendor_ids};
use frontdesk_worker::service::{appointments, attachments, records, reports, Actor};
use serde_json::Value;
use worker::{Request, Response};

use super::appointments::appointment;
use super::patient_uid;

/// The client's id for a patient: their `EXTERNAL` identifier, or the uid.
async fn external_id(cx: &Ctx, actor: &Actor, uid: &PatientProfileUid) -> ApiResult<String> {
    let record = repo::patients::find(&cx.db, actor.org(), uid).await?;
    Ok(record
        .as_ref()
        .and_then(|r| solo::identifier(&r.body, EXTERNAL_ID))
        .unwrap_or(uid.as_str())
        .to_owned())
}

fn episode_uid(id: &str) -> ApiResult<EpisodeUid> {
    EpisodeUid::parse(id).map_err(|_| ApiError::not_found("episode"))
}

async fn alone(cx: &Ctx, actor: &Actor, e: EpisodeView) -> ApiResult<out::EpisodeOut> {
    let spid = repo::patients::spid(&cx.db, actor.org(), &e.patient_uid).await?;
    let external = external_id(cx, actor, &e.patient_uid).await?;
    Ok(out::episode_out(e, EpisodeForm::Alone { spid, external }))
}

pub async fn create_episode(
    req: &mut Request,
    cx: &Ctx,
    actor: &Actor,
    id: &str,
) -> ApiResult<Response> {
    let patient = patient_uid(cx, actor, id).await?;
    let episode = Episode::parse(&json_body(req).await?)?;
    let made = records::create(cx, actor, &patient, episode).await?;
    json(
        201,
        &EpisodeCreated {
            episode_id: made.episode_uid.as_str().to_owned(),
        },
    )
}

/// A patient's episodes, the first 200 (seed 002 pages nothing).
pub async fn list_episodes(cx: &Ctx, actor: &Actor, id: &str) -> ApiResult<Response> {
    let patient = patient_uid(cx, actor, id).await?;
    let listed = records::list(cx, actor, &patient, &Page::first(200)).await?;
    let patient_id = external_id(cx, actor, &patient).await?;
    let episodes = listed
        .data
        .into_iter()
        .map(|e| {
            out::episode_out(
                e,
                EpisodeForm::Listed {
                    patient_id: patient_id.clone(),
                },
            )
        })
        .collect();
    json(200, &Episodes { episodes })
}

pub async fn get_episode(cx: &Ctx, actor: &Actor, id: &str) -> ApiResult<Response> {
    let e = records::get(cx, actor, &episode_uid(id)?).await?;
    json(200, &alone(cx, actor, e).await?)
}

pub async fn update_episode(
    req: &mut Request,
    cx: &Ctx,
    actor: &Actor,
    id: &str,
) -> ApiResult<Response> {
    let uid = episode_uid(id)?;
    let episode = Episode::parse(&json_body(req).await?)?;
    let e = records::update(cx, actor, &uid, episode).await?;
    json(200, &alone(cx, actor, e).await?)
}

pub async fn episode_appointments(cx: &Ctx, actor: &Actor, id: &str) -> ApiResult<Response> {
    let found = records::appointments_of(cx, actor, &episode_uid(id)?).await?;
    let mut listed = Vec::with_capacity(found.appointments.len());
    for a in found.appointments {
        let detail = appointments::get(cx, actor, a.appointment_uid.clone()).await?;
        listed.push(EpisodeAppointmentOut {
            appointment_id: vendor_ids::said(&cx.db, actor.org(), &a.appointment_uid).await?,
            date: detail.appointment.start.timestamp(),
            reasons: detail.appointment.reasons,
            has_notes: a.has_notes,
            episode_of_care_id: a.episode_of_care_uid.as_str().to_owned(),
        });
    }
    json(
        200,
        &out::EpisodeAppointments {
            episode: alone(cx, actor, found.episode).await?,
            appointments: listed,
        },
    )
}

/// `{episodeId}` assigns, none (or `null`) takes the appointment out.
pub async fn assign_episode(
    req: &mut Request,
    cx: &Ctx,
    actor: &Actor,
    id: &str,
) -> ApiResult<Response> {
    let uid = appointment(cx, actor, id).await?;
    let body = json_body(req).await?;
    let episode_uid = match body.raw("episodeId") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(EpisodeUid::parse(s).map_err(|_| ApiError::NotFound {
            what: "episode",
            field: Some("episodeId"),
        })?),
        Some(_) => {
            return Err(ApiError::bad_field(
                "episodeId",
                "This value should be of type string.",
            ))
        }
    };
    let assigned = records::assign(cx, actor, uid.clone(), AssignEpisode { episode_uid }).await?;
    json(
        200,
        &EpisodeAssigned {
            appointment_id: vendor_ids::said(&cx.db, actor.org(), &uid).await?,
            episode_of_care_id: assigned.episode_of_care_uid.map(|e| e.as_str().to_owned()),
        },
    )
}

/// The file as the body, `?fileName=`; a type seed 002 does not list is
/// refused with its own message.
pub async fn upload_attachment(
    req: &mut Request,
    cx: &Ctx,
    actor: &Actor,
    id: &str,
) -> ApiResult<Response> {
    let uid = appointment(cx, actor, id).await?;
    let declared = declared_length(req, MAX_BYTES)?;
    let content_type = req.headers().get("Content-Type")?.unwrap_or_default();
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if !essence.is_empty() && !out::MIME_TYPES.contains(&essence.as_str()) {
        let body = out::SoloErrorBody {
            error: out::SoloMessage {
                message: out::unsupported_mime(&essence),
            },
        };
        return json(415, &body);
    }
    let name = query(req)?.opt("fileName").map(str::to_owned);
    records::visible(cx, actor, &uid, "attachment.uploaded").await?;
    let bytes = read_upload(req, declared, MAX_BYTES).await?;
    let stored = attachments::upload(cx, actor, &uid, name.as_deref(), bytes).await?;
    json(201, &AttachmentOut::from(stored))
}

pub async fn list_attachments(cx: &Ctx, actor: &Actor, id: &str) -> ApiResult<Response> {
    let uid = appointment(cx, actor, id).await?;
    let listed = attachments::list(cx, actor, &uid).await?;
    json(
        200,
        &AttachmentsOut {
            attachments: listed
                .attachments
                .into_iter()
                .map(AttachmentOut::from)
                .collect(),
        },
    )
}

pub async fn delete_attachment(
    cx: &Ctx,
    actor: &Actor,
    id: &str,
    attachment: &str,
) -> ApiResult<Response> {
    let uid = appointment(cx, actor, id).await?;
    let attachment =
        AttachmentUid::parse(attachment).map_err(|_| ApiError::not_found("attachment"))?;
    attachments::delete(cx, actor, &uid, &attachment).await?;
    Ok(Response::empty()?.with_status(204))
}

/// Answers seed 002's `[]`.
pub async fn add_document(
    req: &mut Request,
    cx: &Ctx,
    actor: &Actor,
    id: &str,
) -> ApiResult<Response> {
    let patient = patient_uid(cx, actor, id).await?;
    let d = PatientDocument::parse(&json_body(req).await?)?;
    records::create_document(cx, actor, &patient, d).await?;
    json(201, &Value::Array(Vec::new()))
}

/// `?from=&to=` (dates): the visits CSV, streamed.
pub async fn csv_dump(req: &Request, cx: &Ctx, actor: &Actor) -> ApiResult<Response> {
    let q = query(req)?;
    let range = Range::parse(q.opt("from"), q.opt("to"))?;
    let body = reports::visits_csv(cx, actor, range).await?;
    let headers = worker::Headers::new();
    headers.set("Content-Type", "application/octet-stream")?;
    headers.set(
        "Content-Disposition",
        "attachment; filename=\"csv-data-dump.csv\"",
    )?;
    Ok(Response::from_stream(body)?.with_headers(headers))
}

/// `{from, to, presetId, password}`: Frontdesk has one preset, so
/// `presetId` is taken and unused.
pub async fn order_encounter_report(
    req: &mut Request,
    cx: &Ctx,
    actor: &Actor,
) -> ApiResult<Response> {
    let order = EncounterOrder::parse(&json_body(req).await?)?;
    json(
        202,
        &ReportOut::from(reports::order_encounters(cx, actor, order).await?),
    )
}

fn report_uid(id: &str) -> ApiResult<ReportUid> {
    ReportUid::parse(id).map_err(|_| ApiError::not_found("report"))
}

pub async fn encounter_report_status(cx: &Ctx, actor: &Actor, id: &str) -> ApiResult<Response> {
    let report = reports::encounter_status(cx, actor, &report_uid(id)?).await?;
    json(200, &ReportOut::from(report))
}

pub async fn download_encounter_report(cx: &Ctx, actor: &Actor, id: &str) -> ApiResult<Response> {
    let uid = report_uid(id)?;
    let body = reports::encounter_archive(cx, actor, &uid).await?;
    let headers = worker::Headers::new();
    headers.set("Content-Type", "application/octet-stream")?;
    headers.set(
        "Content-Disposition",
        &format!("attachment; filename=\"encounter-report-{uid}.zip\""),
    )?;
    Ok(Response::from_body(body)?.with_headers(headers))
}
