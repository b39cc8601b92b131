//! Seed 003's endpoints (`/dr/v1`): its booking workflow in its own terms
//! (add the patient to the business's directory, search a doctor's slots
//! at a clinic for D to D+1, book with appointment type and payment mode,
//! check in, get details, cancel, reschedule), each over the service
//! Frontdesk's `/v1` uses for the same step, with `/v1`'s field names and
//! answers. Bodies are defined in `frontdesk_core::compat::dr`.

use frontdesk_core::compat::dr;
use frontdesk_core::ids::AppointmentUid;
use frontdesk_core::wire::calendar::{parse_cancel_reason, Book, Rebook, SlotSearch};
use frontdesk_core::wire::{Body, Query};
use frontdesk_worker::context::Ctx;
use frontdesk_worker::edge::{idempotency_key, json, json_body, origin, query};
use frontdesk_worker::error::{ApiError, ApiResult};
use frontdesk_worker::repo::appointment_types;
use frontdesk_worker::service::{appointments, patients, Actor};
use serde_json::{json, Map, Value};
use worker::{Request, Response};

fn object(body: Body) -> Map<String, Value> {
    match body.into_value() {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// `POST /dr/v1/patient`: `POST /v1/management/patients`.
pub async fn add_patient(req: &mut Request, cx: &Ctx, actor: &Actor) -> ApiResult<Response> {
    let body = json_body(req).await?.into_value();
    json(201, &patients::create(cx, actor, body).await?)
}

/// `GET /dr/v1/business/doctor/{doctor_id}/clinic/{clinic_id}/appointments/slots
/// ?start_date&end_date[&appointment_type_uid]`: the doctor's free slots at
/// the clinic (a shop), D to D+1. Without a type, the organisation's first.
pub async fn slots(
    req: &Request,
    cx: &Ctx,
    actor: &Actor,
    doctor: &str,
    clinic: &str,
) -> ApiResult<Response> {
    let given = query(req)?;
    let mut pairs: Vec<(String, String)> = Vec::new();
    for field in ["start_date", "end_date", "appointment_type_uid"] {
        if let Some(v) = given.opt(field) {
            pairs.push((field.into(), v.into()));
        }
    }
    if given.opt("appointment_type_uid").is_none() {
        let first = appointment_types::earliest(&cx.db, actor.org())
            .await?
            .ok_or_else(|| {
                ApiError::bad_field(
                    "appointment_type_uid",
                    "is required: the organisation has no appointment type yet",
                )
            })?;
        pairs.push((
            "appointment_type_uid".into(),
            first.appointment_type_uid.as_str().into(),
        ));
    }
    pairs.push(("shop_uid".into(), clinic.into()));
    pairs.push(("doctor_uid".into(), doctor.into()));
    let search = SlotSearch::parse(&Query::new(pairs))?;
    dr::check_range(search.start_date, search.end_date)?;
    json(200, &appointments::slots(cx, actor, search).await?)
}

/// `POST /dr/v1/business/doctor/appointments/slots/book`: `/v1`'s booking
/// body (`shop_uid` is the clinic), confirmed unless `status` says held;
/// a `patient` object instead of `patient_profile_uid` adds the patient
/// first, in the same request.
pub async fn book(req: &mut Request, cx: &Ctx, actor: &Actor) -> ApiResult<Response> {
    let key = idempotency_key(req)?;
    let (booking, patient) = dr::booking(object(json_body(req).await?))?;
    let placed = match patient {
        Some(patient) => {
            let both = json!({ "patient": patient, "appointment": Value::Object(booking) });
            let body = Body::from_value("body", Some(&both))?;
            patients::create_with_appointment(cx, actor, &body, key)
                .await?
                .1
        }
        None => {
            let body = Body::from_value("body", Some(&Value::Object(booking)))?;
            appointments::place(cx, actor, Book::parse(&body)?, key).await?
        }
    };
    json(201, &placed)
}

/// `PUT /dr/v1/business/doctor/appointments/slots/book`: reschedules the
/// appointment `appointment_uid` names to `start` (and `doctor_uid`, if
/// given): `/v1`'s rebook, whose answer is the new appointment.
pub async fn reschedule(req: &mut Request, cx: &Ctx, actor: &Actor) -> ApiResult<Response> {
    let body = json_body(req).await?;
    let uid = dr::appointment_uid(&body)?;
    let input = Rebook::parse(&body)?;
    json(200, &appointments::rebook(cx, actor, uid, input).await?)
}

/// `PUT /dr/v1/business/appointments/check-in` with `appointment_uid`.
pub async fn check_in(req: &mut Request, cx: &Ctx, actor: &Actor) -> ApiResult<Response> {
    let origin = origin(req)?;
    let uid = dr::appointment_uid(&json_body(req).await?)?;
    json(200, &appointments::check_in(cx, actor, uid, &origin).await?)
}

/// `PUT /dr/v1/business/appointments/cancel` with `appointment_uid` and
/// `reason`.
pub async fn cancel(req: &mut Request, cx: &Ctx, actor: &Actor) -> ApiResult<Response> {
    let body = json_body(req).await?;
    let uid = dr::appointment_uid(&body)?;
    let reason = parse_cancel_reason(&body)?;
    json(200, &appointments::cancel(cx, actor, uid, reason).await?)
}

/// `GET /dr/v1/business/appointments/{appointment_id}[?business_id]`.
pub async fn get(req: &Request, cx: &Ctx, actor: &Actor, id: &str) -> ApiResult<Response> {
    let given = query(req)?;
    if !dr::same_business(given.opt("business_id"), actor.org()) {
        return Err(ApiError::not_found("appointment"));
    }
    let uid = AppointmentUid::parse(id).map_err(|_| ApiError::not_found("appointment"))?;
    json(200, &appointments::get(cx, actor, uid).await?)
}
