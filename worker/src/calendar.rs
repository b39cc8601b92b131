//! Handlers for the calendar (seeds 001 and 003): appointment types,
//! availability, slot search, booking and the appointment actions. Each
//! parses the request, calls `service::appointments` and renders its view.

use frontdesk_core::ids::{AppointmentTypeUid, AppointmentUid, DoctorUid};
use frontdesk_core::time::timestamp;
use frontdesk_core::view;
use frontdesk_core::wire::{
    parse_availability, parse_cancel_reason, Book, CreateAppointmentType, Overview, Rebook,
    SlotSearch,
};
use worker::{Request, Response};

use crate::ambient::entropy;
use crate::auth::Caller;
use crate::context::Ctx;
use crate::directory;
use crate::edge::{idempotency_key, json, json_body, origin, query};
use crate::error::{ApiError, ApiResult};
use crate::paging::Page;
use crate::repo::appointment_types;
use crate::service::{appointments, Actor};

pub async fn create_appointment_type(
    req: &mut Request,
    cx: &Ctx,
    caller: &Caller,
) -> ApiResult<Response> {
    let input = CreateAppointmentType::parse(&json_body(req).await?)?;
    let t = appointment_types::Row::new(
        AppointmentTypeUid::new(&entropy()),
        input.name,
        input.rules,
        input.payment_modes,
        timestamp(cx.now),
    );
    let put = directory::PutAppointmentType { row: t.clone() };
    directory::Client::new(&cx.env, &caller.org)
        .create(
            &put,
            directory::EntryKind::AppointmentType,
            t.appointment_type_uid.as_str(),
            appointment_types::insert(&cx.db, &caller.org, &t),
        )
        .await?;
    json(201, &view::appointment_types::AppointmentType::from(t))
}

pub async fn list_appointment_types(
    req: &Request,
    cx: &Ctx,
    caller: &Caller,
) -> ApiResult<Response> {
    let page = Page::from_query(&req.url()?)?;
    json(
        200,
        &appointment_types::list(&cx.db, &caller.org, &page).await?,
    )
}

pub async fn get_appointment_type(
    cx: &Ctx,
    caller: &Caller,
    uid: AppointmentTypeUid,
) -> ApiResult<Response> {
    let found = appointment_types::find(&cx.db, &caller.org, &uid)
        .await?
        .ok_or(ApiError::NotFound {
            what: "appointment type",
            field: Some("appointment_type_uid"),
        })?;
    json(200, &view::appointment_types::AppointmentType::from(found))
}

pub async fn set_availability(
    req: &mut Request,
    cx: &Ctx,
    actor: &Actor,
    doctor_uid: DoctorUid,
) -> ApiResult<Response> {
    let availability = parse_availability(&json_body(req).await?)?;
    json(
        200,
        &appointments::set_availability(cx, actor, doctor_uid, availability).await?,
    )
}

pub async fn get_availability(
    cx: &Ctx,
    actor: &Actor,
    doctor_uid: DoctorUid,
) -> ApiResult<Response> {
    json(
        200,
        &appointments::availability(cx, actor, doctor_uid).await?,
    )
}

pub async fn search_slots(req: &Request, cx: &Ctx, actor: &Actor) -> ApiResult<Response> {
    let search = SlotSearch::parse(&query(req)?)?;
    json(200, &appointments::slots(cx, actor, search).await?)
}

pub async fn book(req: &mut Request, cx: &Ctx, actor: &Actor) -> ApiResult<Response> {
    let idempotency_key = idempotency_key(req)?;
    let input = Book::parse(&json_body(req).await?)?;
    json(
        201,
        &appointments::place(cx, actor, input, idempotency_key).await?,
    )
}

pub async fn overview(req: &Request, cx: &Ctx, actor: &Actor) -> ApiResult<Response> {
    let filter = Overview::parse(&query(req)?)?;
    let page = Page::from_query(&req.url()?)?;
    json(
        200,
        &appointments::overview(cx, actor, filter, &page).await?,
    )
}

pub async fn get(cx: &Ctx, actor: &Actor, uid: AppointmentUid) -> ApiResult<Response> {
    json(200, &appointments::get(cx, actor, uid).await?)
}

pub async fn by_external_id(cx: &Ctx, actor: &Actor, external_id: &str) -> ApiResult<Response> {
    json(
        200,
        &appointments::by_external_id(cx, actor, external_id).await?,
    )
}

pub async fn visit_links(
    req: &Request,
    cx: &Ctx,
    actor: &Actor,
    uid: AppointmentUid,
) -> ApiResult<Response> {
    json(
        200,
        &appointments::visit_links(cx, actor, uid, &origin(req)?).await?,
    )
}

pub async fn visit_links_by_external_id(
    req: &Request,
    cx: &Ctx,
    actor: &Actor,
    external_id: &str,
) -> ApiResult<Response> {
    let links =
        appointments::visit_links_by_external_id(cx, actor, external_id, &origin(req)?).await?;
    json(200, &links)
}

pub async fn confirm(cx: &Ctx, actor: &Actor, uid: AppointmentUid) -> ApiResult<Response> {
    json(200, &appointments::confirm(cx, actor, uid, None).await?)
}

pub async fn complete(cx: &Ctx, actor: &Actor, uid: AppointmentUid) -> ApiResult<Response> {
    json(200, &appointments::complete(cx, actor, uid).await?)
}

pub async fn no_show(cx: &Ctx, actor: &Actor, uid: AppointmentUid) -> ApiResult<Response> {
    json(200, &appointments::no_show(cx, actor, uid).await?)
}

/// An admin's cancellation: a reason is required; no notice period applies.
pub async fn cancel(
    req: &mut Request,
    cx: &Ctx,
    actor: &Actor,
    uid: AppointmentUid,
) -> ApiResult<Response> {
    let reason = parse_cancel_reason(&json_body(req).await?)?;
    json(200, &appointments::cancel(cx, actor, uid, reason).await?)
}

pub async fn rebook(
    req: &mut Request,
    cx: &Ctx,
    actor: &Actor,
    uid: AppointmentUid,
) -> ApiResult<Response> {
    let input = Rebook::parse(&json_body(req).await?)?;
    json(201, &appointments::rebook(cx, actor, uid, input).await?)
}

/// Check-in puts the patient in the waiting room; the answer carries the
/// queue entry's links in `watch`, as a registration's does.
pub async fn check_in(
    req: &Request,
    cx: &Ctx,
    actor: &Actor,
    uid: AppointmentUid,
) -> ApiResult<Response> {
    json(
        200,
        &appointments::check_in(cx, actor, uid, &origin(req)?).await?,
    )
}
