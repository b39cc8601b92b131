//! Handlers for clinical records (seed 002): episodes of care. Each reads
//! the request, calls `service::records`, and renders its view.

use frontdesk_core::ids::{AppointmentUid, EpisodeUid, PatientProfileUid, ShopUid};
use frontdesk_core::records::episode::Episode;
use frontdesk_core::records::note::etag;
use frontdesk_core::view::records::{NoteTemplates, VisitNote};
use frontdesk_core::wire::{AddComment, AssignEpisode, CreateNoteTemplate, ReplaceNote};
use worker::{Request, Response};

use crate::context::Ctx;
use crate::edge::{json, json_body};
use crate::error::{ApiError, ApiResult};
use crate::paging::Page;
use crate::service::{records, Actor};

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
