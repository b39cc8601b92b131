//! Handlers for the patient directory and the call-center flow (seeds
//! 002, 003, 004): each reads the request, calls `service::patients`, and
//! renders its view.

use frontdesk_core::endpoint::PatientUpdate;
use frontdesk_core::ids::PatientProfileUid;
use frontdesk_core::view;
use serde_json::Value;
use worker::{Request, Response};

use crate::context::Ctx;
use crate::edge::{idempotency_key, json, json_body};
use crate::error::{ApiError, ApiResult};
use crate::paging::Page;
use crate::service::{patients, Actor};

pub async fn create(req: &mut Request, cx: &Ctx, actor: &Actor) -> ApiResult<Response> {
    let body = json_body(req).await?.into_value();
    json(201, &patients::create(cx, actor, body).await?)
}

pub async fn get(cx: &Ctx, actor: &Actor, uid: &PatientProfileUid) -> ApiResult<Response> {
    json(200, &patients::get(cx, actor, uid).await?)
}

/// `PUT` replaces the record; `PATCH` merges a JSON merge patch into it.
/// Either way the result is validated whole.
pub async fn update(
    req: &mut Request,
    cx: &Ctx,
    actor: &Actor,
    uid: &PatientProfileUid,
    how: PatientUpdate,
) -> ApiResult<Response> {
    let body = json_body(req).await?.into_value();
    json(200, &patients::update(cx, actor, uid, body, how).await?)
}

/// Lookup by one of: `phone` (any format; `country` overrides the
/// organisation's default), `mrn`, or `identifier_system` with
/// `identifier_value`. A shared number returns the whole family.
pub async fn find(req: &Request, cx: &Ctx, actor: &Actor) -> ApiResult<Response> {
    let url = req.url()?;
    let q: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    found(cx, actor, &q).await
}

/// The fields a search may name, in the query string or the body.
const SEARCH_FIELDS: [&str; 5] = [
    "phone",
    "country",
    "mrn",
    "identifier_system",
    "identifier_value",
];

/// `POST /v1/management/patients/search`: [`find`] with the terms in a
/// JSON body, so phone numbers and MRNs stay out of URLs.
pub async fn find_by_body(req: &mut Request, cx: &Ctx, actor: &Actor) -> ApiResult<Response> {
    let body = json_body(req).await?;
    let mut terms = Vec::new();
    for field in SEARCH_FIELDS {
        match body.raw(field) {
            None | Some(Value::Null) => {}
            Some(Value::String(v)) => terms.push((field.to_owned(), v.clone())),
            Some(_) => {
                return Err(ApiError::bad_field(
                    field,
                    format!("`{field}` must be a string"),
                ))
            }
        }
    }
    found(cx, actor, &terms).await
}

async fn found(cx: &Ctx, actor: &Actor, terms: &[(String, String)]) -> ApiResult<Response> {
    let data = patients::search(cx, actor, terms).await?;
    json(200, &view::patients::PatientSearchResult { data })
}

/// Seed 004's getPatientPastCompletedAppointment: completed visits, newest
/// first, each with its doctor, appointment type and the clinic's address.
pub async fn past_appointments(
    req: &Request,
    cx: &Ctx,
    actor: &Actor,
    uid: &PatientProfileUid,
) -> ApiResult<Response> {
    let page = Page::from_query(&req.url()?)?;
    let data = patients::past_appointments(cx, actor, uid, &page).await?;
    json(200, &view::patients::PastAppointments { data })
}

/// Seed 004's postAppointmentByPatientID.
pub async fn book_for(
    req: &mut Request,
    cx: &Ctx,
    actor: &Actor,
    patient: PatientProfileUid,
) -> ApiResult<Response> {
    let key = idempotency_key(req)?;
    let body = json_body(req).await?;
    json(
        201,
        &patients::book_for(cx, actor, patient, &body, key).await?,
    )
}

/// Seed 004's postAppointment: a new patient and their appointment, in one
/// request. The appointment is placed first; the patient is stored only if
/// it was, so a taken slot (409) leaves no patient behind.
pub async fn create_with_appointment(
    req: &mut Request,
    cx: &Ctx,
    actor: &Actor,
) -> ApiResult<Response> {
    let key = idempotency_key(req)?;
    let body = json_body(req).await?;
    let (patient, appointment) = patients::create_with_appointment(cx, actor, &body, key).await?;
    json(
        201,
        &view::patients::PatientWithAppointment {
            patient,
            appointment,
        },
    )
}
