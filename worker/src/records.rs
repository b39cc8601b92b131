//! Handlers for clinical records (seed 002): episodes of care, visit notes,
//! attachments and patient documents. Each reads the request, calls
//! `service::records` or `service::attachments`, and renders its view.

use frontdesk_core::ids::ReportUid;
use frontdesk_core::ids::{AppointmentUid, AttachmentUid, EpisodeUid, PatientProfileUid, ShopUid};
use frontdesk_core::records::attachment::MAX_BYTES;
use frontdesk_core::records::episode::Episode;
use frontdesk_core::records::note::etag;
use frontdesk_core::records::report::{EncounterOrder, Range};
use frontdesk_core::view::records::{NoteTemplates, VisitNote};
use frontdesk_core::wire::{
    AddComment, AssignEpisode, CreateNoteTemplate, PatientDocument, ReplaceNote,
};
use worker::{Request, Response};

use crate::context::Ctx;
use crate::edge::{declared_length, json, json_body, origin, read_upload};
use crate::error::{ApiError, ApiResult};
use crate::paging::Page;
use crate::service::{attachments, records, reports, Actor};

pub async fn create_episode(
    req: &mut Request,
    cx: &Ctx,
    actor: &Actor,
    patient: &PatientProfileUid,
) -> ApiResult<Response> {
    let episode = Episode::parse(&json_body(req).await?)?;
    json(201, &records::create(cx, actor, patient, episode).await?)
}

pub async fn list_episodes(
    req: &Request,
    cx: &Ctx,
    actor: &Actor,
    patient: &PatientProfileUid,
) -> ApiResult<Response> {
    let page = Page::from_query(&req.url()?)?;
    json(200, &records::list(cx, actor, patient, &page).await?)
}

pub async fn get_episode(cx: &Ctx, actor: &Actor, uid: &EpisodeUid) -> ApiResult<Response> {
    json(200, &records::get(cx, actor, uid).await?)
}

pub async fn update_episode(
    req: &mut Request,
    cx: &Ctx,
    actor: &Actor,
    uid: &EpisodeUid,
) -> ApiResult<Response> {
    let episode = Episode::parse(&json_body(req).await?)?;
    json(200, &records::update(cx, actor, uid, episode).await?)
}

pub async fn episode_appointments(
    cx: &Ctx,
    actor: &Actor,
    uid: &EpisodeUid,
) -> ApiResult<Response> {
    json(200, &records::appointments_of(cx, actor, uid).await?)
}

pub async fn assign_episode(
    req: &mut Request,
    cx: &Ctx,
    actor: &Actor,
    appointment: AppointmentUid,
) -> ApiResult<Response> {
    let to = AssignEpisode::parse(&json_body(req).await?)?;
    json(200, &records::assign(cx, actor, appointment, to).await?)
}

pub async fn create_template(req: &mut Request, cx: &Ctx, actor: &Actor) -> ApiResult<Response> {
    let t = CreateNoteTemplate::parse(&json_body(req).await?)?;
    json(201, &records::create_template(cx, actor, t).await?)
}

/// `?shop_uid=` lists the templates a visit of that shop may use.
pub async fn list_templates(req: &Request, cx: &Ctx, actor: &Actor) -> ApiResult<Response> {
    let url = req.url()?;
    let shop = match url.query_pairs().find(|(k, _)| k == "shop_uid") {
        None => None,
        Some((_, v)) => Some(ShopUid::parse(&v).map_err(|_| ApiError::NotFound {
            what: "shop",
            field: Some("shop_uid"),
        })?),
    };
    let data = records::templates(cx, actor, shop.as_ref()).await?;
    json(200, &NoteTemplates { data })
}

/// The note with its version as `ETag`.
fn with_etag(status: u16, note: &VisitNote) -> ApiResult<Response> {
    let mut response = json(status, note)?;
    response.headers_mut().set("ETag", &etag(note.version))?;
    Ok(response)
}

pub async fn get_note(cx: &Ctx, actor: &Actor, uid: &AppointmentUid) -> ApiResult<Response> {
    with_etag(200, &records::get_note(cx, actor, uid).await?)
}

pub async fn replace_note(
    req: &mut Request,
    cx: &Ctx,
    actor: &Actor,
    uid: &AppointmentUid,
) -> ApiResult<Response> {
    let if_match = req.headers().get("If-Match")?;
    let body = ReplaceNote::parse(&json_body(req).await?)?;
    with_etag(
        200,
        &records::replace_note(cx, actor, uid, if_match, body).await?,
    )
}

pub async fn add_comment(
    req: &mut Request,
    cx: &Ctx,
    actor: &Actor,
    uid: &AppointmentUid,
) -> ApiResult<Response> {
    let body = AddComment::parse(&json_body(req).await?)?;
    with_etag(201, &records::add_comment(cx, actor, uid, body).await?)
}

/// `POST …/attachments?fileName=`: the body is the file itself. Its
/// length must be declared (R2 stores a known length; 411 otherwise) and
/// at most 5 MiB (413, before anything is read), and is counted again
/// while reading, so a body longer than it said stops at the limit.
pub async fn upload_attachment(
    req: &mut Request,
    cx: &Ctx,
    actor: &Actor,
    uid: &AppointmentUid,
) -> ApiResult<Response> {
    let declared = declared_length(req, MAX_BYTES)?;
    let url = req.url()?;
    let name = url
        .query_pairs()
        .find(|(k, _)| k == "fileName")
        .map(|(_, v)| v.into_owned());
    records::visible(cx, actor, uid, "attachment.uploaded").await?;
    let bytes = read_upload(req, declared, MAX_BYTES).await?;
    let stored = attachments::upload(cx, actor, uid, name.as_deref(), bytes).await?;
    json(201, &stored)
}

pub async fn list_attachments(
    cx: &Ctx,
    actor: &Actor,
    uid: &AppointmentUid,
) -> ApiResult<Response> {
    json(200, &attachments::list(cx, actor, uid).await?)
}

pub async fn delete_attachment(
    cx: &Ctx,
    actor: &Actor,
    uid: &AppointmentUid,
    attachment: &AttachmentUid,
) -> ApiResult<Response> {
    attachments::delete(cx, actor, uid, attachment).await?;
    Ok(Response::empty()?.with_status(204))
}

pub async fn attachment_link(
    req: &Request,
    cx: &Ctx,
    actor: &Actor,
    uid: &AppointmentUid,
    attachment: &AttachmentUid,
) -> ApiResult<Response> {
    let base = origin(req)?;
    json(
        200,
        &attachments::link(cx, actor, uid, attachment, &base).await?,
    )
}

/// `GET /v1/attachments/{token}`: the file, as a download.
pub async fn download(cx: &Ctx, token: &str) -> ApiResult<Response> {
    let found = attachments::download(cx, token).await?;
    let headers = worker::Headers::new();
    headers.set("Content-Type", &found.attachment.mime_type)?;
    // The name travels percent-encoded (RFC 6266 and 8187), so no
    // character of it can end the header's value.
    let encoded: String = found
        .attachment
        .title
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    headers.set(
        "Content-Disposition",
        &format!("attachment; filename*=UTF-8''{encoded}"),
    )?;
    headers.set("Content-Length", &found.attachment.size.to_string())?;
    headers.set("Referrer-Policy", "no-referrer")?;
    Ok(Response::from_body(found.body)?.with_headers(headers))
}

pub async fn create_document(
    req: &mut Request,
    cx: &Ctx,
    actor: &Actor,
    patient: &PatientProfileUid,
) -> ApiResult<Response> {
    let d = PatientDocument::parse(&json_body(req).await?)?;
    json(201, &records::create_document(cx, actor, patient, d).await?)
}

pub async fn list_documents(
    cx: &Ctx,
    actor: &Actor,
    patient: &PatientProfileUid,
) -> ApiResult<Response> {
    json(200, &records::documents(cx, actor, patient).await?)
}

/// `GET /v1/management/reports/visits.csv?from=&to=`: streamed.
pub async fn visits_report(req: &Request, cx: &Ctx, actor: &Actor) -> ApiResult<Response> {
    let url = req.url()?;
    let q = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    let (from, to) = (q("from"), q("to"));
    let range = Range::parse(from.as_deref(), to.as_deref())?;
    let body = reports::visits_csv(cx, actor, range).await?;
    let headers = worker::Headers::new();
    headers.set("Content-Type", "text/csv; charset=utf-8")?;
    headers.set(
        "Content-Disposition",
        &format!(
            "attachment; filename=\"visits-{}-{}.csv\"",
            from.unwrap_or_default(),
            to.unwrap_or_default()
        ),
    )?;
    Ok(Response::from_stream(body)?.with_headers(headers))
}

pub async fn order_encounters(req: &mut Request, cx: &Ctx, actor: &Actor) -> ApiResult<Response> {
    let order = EncounterOrder::parse(&json_body(req).await?)?;
    json(202, &reports::order_encounters(cx, actor, order).await?)
}

pub async fn encounter_status(cx: &Ctx, actor: &Actor, uid: &ReportUid) -> ApiResult<Response> {
    json(200, &reports::encounter_status(cx, actor, uid).await?)
}

pub async fn encounter_download(cx: &Ctx, actor: &Actor, uid: &ReportUid) -> ApiResult<Response> {
    let body = reports::encounter_archive(cx, actor, uid).await?;
    let headers = worker::Headers::new();
    headers.set("Content-Type", "application/zip")?;
    headers.set(
        "Content-Disposition",
        &format!("attachment; filename=\"encounter-report-{uid}.zip\""),
    )?;
    Ok(Response::from_body(body)?.with_headers(headers))
}
