//! Handlers for clinical records (seed 002): episodes of care. Each reads
//! the request, calls `service::records`, and renders its view.

use frontdesk_core::ids::{AppointmentUid, EpisodeUid, PatientProfileUid};
use frontdesk_core::records::episode::Episode;
use frontdesk_core::wire::AssignEpisode;
use worker::{Request, Response};

use crate::context::Ctx;
use crate::edge::{json, json_body};
use crate::error::ApiResult;
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
