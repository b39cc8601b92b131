//! The patient-facing booking API under `/v1/booking/`, authorised by a
//! partner-minted booking token alone (seed 001). A token's holder is one
//! patient of one organisation: they list slots, hold or book, and see,
//! cancel and rebook only their own appointments; another patient's
//! appointment is simply not found. Patient cancellations honour the type's
//! minimum notice, unlike an admin's. Every answer is a patient's view:
//! no room names, no raw room URLs, the clinic's keys shown as `clinic`.

use frontdesk_core::ids::AppointmentUid;
use frontdesk_core::view::calendar::{
    AppointmentView, PatientAppointment, PatientAppointmentDetail,
};
use frontdesk_core::view::Listing;
use frontdesk_core::wire::{
    parse_patient_cancel_reason, ConfirmBooking, Overview, Rebook, SlotSearch,
};
use worker::{Headers, Request, Response};

use crate::context::Ctx;
use crate::edge::{idempotency_key, json, json_body, query};
use crate::error::ApiResult;
use crate::paging::Page;
use crate::service::{appointments, booking, Actor};

pub async fn slots(req: &Request, cx: &Ctx, actor: &Actor) -> ApiResult<Response> {
    let search = SlotSearch::parse(&query(req)?)?;
    json(200, &appointments::slots(cx, actor, search).await?)
}

pub async fn book(req: &mut Request, cx: &Ctx, actor: &Actor) -> ApiResult<Response> {
    let idempotency_key = idempotency_key(req)?;
    let body = json_body(req).await?;
    let placed = booking::book(cx, actor, &body, idempotency_key).await?;
    json(201, &PatientAppointment::from(placed))
}

pub async fn mine(req: &Request, cx: &Ctx, actor: &Actor) -> ApiResult<Response> {
    let filter = Overview::parse(&query(req)?)?;
    let page = Page::from_query(&req.url()?)?;
    let listing = appointments::overview(cx, actor, filter, &page).await?;
    json(200, &for_patient(listing))
}

/// The read model's appointments as their patient sees them.
fn for_patient(listing: Listing<AppointmentView>) -> Listing<PatientAppointment> {
    Listing {
        data: listing.data.into_iter().map(Into::into).collect(),
        next_cursor: listing.next_cursor,
    }
}

pub async fn get(cx: &Ctx, actor: &Actor, uid: AppointmentUid) -> ApiResult<Response> {
    let detail = appointments::get(cx, actor, uid).await?;
    json(200, &PatientAppointmentDetail::from(detail))
}

pub async fn cancel(
    req: &mut Request,
    cx: &Ctx,
    actor: &Actor,
    uid: AppointmentUid,
) -> ApiResult<Response> {
    let reason = parse_patient_cancel_reason(&json_body(req).await?)?;
    let cancelled = appointments::cancel(cx, actor, uid, reason).await?;
    json(200, &PatientAppointment::from(cancelled))
}

pub async fn rebook(
    req: &mut Request,
    cx: &Ctx,
    actor: &Actor,
    uid: AppointmentUid,
) -> ApiResult<Response> {
    let input = Rebook::parse(&json_body(req).await?)?;
    let moved = appointments::rebook(cx, actor, uid, input).await?;
    json(201, &PatientAppointment::from(moved))
}

pub async fn confirm(
    req: &mut Request,
    cx: &Ctx,
    actor: &Actor,
    uid: AppointmentUid,
) -> ApiResult<Response> {
    let input = ConfirmBooking::parse(&json_body(req).await?)?;
    let confirmed = appointments::confirm(cx, actor, uid, input.payment_mode).await?;
    json(200, &PatientAppointment::from(confirmed))
}

/// The appointment as an `.ics` file, to download ("Add to calendar").
pub async fn calendar(cx: &Ctx, actor: &Actor, uid: AppointmentUid) -> ApiResult<Response> {
    let ics = booking::calendar(cx, actor, uid).await?;
    let headers = Headers::new();
    headers.set("Content-Type", "text/calendar; charset=utf-8")?;
    headers.set(
        "Content-Disposition",
        "attachment; filename=\"appointment.ics\"",
    )?;
    Ok(Response::ok(ics)?.with_headers(headers))
}

pub async fn shops(cx: &Ctx, actor: &Actor) -> ApiResult<Response> {
    json(200, &booking::shops(cx, actor).await?)
}

pub async fn types(cx: &Ctx, actor: &Actor) -> ApiResult<Response> {
    json(200, &booking::types(cx, actor).await?)
}
