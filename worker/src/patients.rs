//! The patient directory and the call-center flow (seeds 002, 003, 004):
//! records with seed 002's demographics, lookup by uid, MRN, external
//! identifier or mobile number (normalised to E.164 and indexed), past
//! completed visits with the clinic's address, booking for a found patient,
//! and creating a patient together with their appointment. Every read and
//! write of a record is written to the audit log.

use frontdesk_core::auth::Scope;
use frontdesk_core::endpoint::PatientUpdate;
use frontdesk_core::ids::PatientProfileUid;
use frontdesk_core::patient::{merge_patch, Demographics};
use frontdesk_core::phone::{normalize, Region};
use frontdesk_core::time::timestamp;
use frontdesk_core::view;
use frontdesk_core::wire::{Body, Book};
use serde_json::{json, Value};
use worker::{Request, Response};

use crate::auth::Caller;
use crate::context::Ctx;
use crate::edge::{idempotency_key, json, json_body};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::paging::Page;
use crate::repo::audit;
use crate::repo::patients;
use crate::service::patients::{
    check_unique, invalid, load, new_patient_uid, record_audit, region, store, stored_view, Change,
    PatientEvent,
};
use crate::service::{self, Actor};

pub async fn create(req: &mut Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let Ctx { env, db, .. } = cx;
    let body = json_body(req).await?;
    let now = cx.now;
    let d = Demographics::parse(
        body.into_value(),
        region(db, &caller.org).await?,
        now.date_naive(),
    )
    .map_err(|e| invalid(e, ""))?;
    let uid = new_patient_uid();
    let change = Change {
        uid: &uid,
        record: &d,
        created_at: &timestamp(now),
        event: PatientEvent::Created,
        actor: &caller.key_id,
        action: None,
    };
    store(env, db, &caller.org, change, now).await?;
    json(201, &stored_view(db, &caller.org, &uid).await?)
}

pub async fn get(cx: &Ctx, caller: &Caller, uid: &PatientProfileUid) -> ApiResult<Response> {
    match load(&cx.db, &caller.org, uid).await? {
        Some(stored) => {
            record_audit(cx, caller, "patient.read", uid.as_str(), "ok").await?;
            json(200, &view::patients::Patient::from(stored))
        }
        None => {
            record_audit(cx, caller, "patient.read", uid.as_str(), "not_found").await?;
            Err(ApiError::not_found("patient"))
        }
    }
}

/// `PUT` replaces the record; `PATCH` merges a JSON merge patch into it.
/// Either way the result is validated whole.
pub async fn update(
    req: &mut Request,
    cx: &Ctx,
    caller: &Caller,
    uid: &PatientProfileUid,
    how: PatientUpdate,
) -> ApiResult<Response> {
    let Ctx { env, db, .. } = cx;
    let body = json_body(req).await?.into_value();
    let Some(current) = load(db, &caller.org, uid).await? else {
        record_audit(cx, caller, "patient.updated", uid.as_str(), "not_found").await?;
        return Err(ApiError::not_found("patient"));
    };
    let next = match how {
        PatientUpdate::MergePatch => {
            let mut merged = Value::Object(current.body.clone());
            merge_patch(&mut merged, &body);
            merged
        }
        PatientUpdate::Replace => body,
    };
    let now = cx.now;
    let d = Demographics::parse(next, region(db, &caller.org).await?, now.date_naive())
        .map_err(|e| invalid(e, ""))?;
    let event = if current.body.get("active") != Some(&json!(false)) && !d.active {
        PatientEvent::Deactivated
    } else {
        PatientEvent::Updated
    };
    let change = Change {
        uid,
        record: &d,
        created_at: &current.created_at,
        event,
        actor: &caller.key_id,
        action: None,
    };
    store(env, db, &caller.org, change, now).await?;
    json(200, &stored_view(db, &caller.org, uid).await?)
}

/// Lookup by one of: `phone` (any format; `country` overrides the
/// organisation's default), `mrn`, or `identifier_system` with
/// `identifier_value`. A shared number returns the whole family.
pub async fn find(req: &Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let url = req.url()?;
    let q: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    search(cx, caller, &q).await
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
pub async fn find_by_body(req: &mut Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
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
    search(cx, caller, &terms).await
}

async fn search(cx: &Ctx, caller: &Caller, q: &[(String, String)]) -> ApiResult<Response> {
    let Ctx { db, .. } = cx;
    let param = |name: &str| {
        q.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    };
    let (rows, searched) = if let Some(phone) = param("phone") {
        let region = match param("country") {
            Some(c) => Region::parse(c)
                .map_err(|e| ApiError::bad_field("country", format!("`country`: {e}")))?,
            None => region(db, &caller.org).await?,
        };
        let e164 = normalize(phone, region)
            .map_err(|e| ApiError::bad_field("phone", format!("`phone` {e}")))?;
        (patients::by_phone(db, &caller.org, &e164).await?, "phone")
    } else if let Some(mrn) = param("mrn") {
        (patients::by_mrn(db, &caller.org, mrn).await?, "mrn")
    } else if let (Some(system), Some(value)) =
        (param("identifier_system"), param("identifier_value"))
    {
        let rows = patients::by_identifier(db, &caller.org, system, value).await?;
        (rows, "identifier")
    } else {
        return Err(ApiError::bad_field(
            "phone",
            "search by `phone`, by `mrn`, or by `identifier_system` with `identifier_value`",
        ));
    };
    let data: Vec<view::patients::Patient> = rows.into_iter().map(Into::into).collect();
    let entries: Vec<&str> = data.iter().map(|p| p.patient_uid.as_str()).collect();
    let action = format!("patient.read (search by {searched})");
    audit::record_many(db, &caller.org, &caller.key_id, &action, &entries, cx.now).await?;
    json(200, &view::patients::PatientSearchResult { data })
}

/// Seed 004's getPatientPastCompletedAppointment: completed visits, newest
/// first, each with its doctor, appointment type and the clinic's address.
pub async fn past_appointments(
    req: &Request,
    cx: &Ctx,
    caller: &Caller,
    uid: &PatientProfileUid,
) -> ApiResult<Response> {
    let Ctx { db, .. } = cx;
    if load(db, &caller.org, uid).await?.is_none() {
        return Err(ApiError::not_found("patient"));
    }
    let page = Page::from_query(&req.url()?)?;
    let data = crate::repo::appointments::past_completed(db, &caller.org, uid, page.limit).await?;
    record_audit(
        cx,
        caller,
        "patient.read (past appointments)",
        uid.as_str(),
        "ok",
    )
    .await?;
    json(200, &view::patients::PastAppointments { data })
}

/// Seed 004's postAppointmentByPatientID.
pub async fn book_for(
    req: &mut Request,
    cx: &Ctx,
    caller: &Caller,
    patient: PatientProfileUid,
) -> ApiResult<Response> {
    let key = idempotency_key(req)?;
    let body = json_body(req).await?;
    if load(&cx.db, &caller.org, &patient).await?.is_none() {
        return Err(ApiError::not_found("patient"));
    }
    let input = Book::parse_for_patient(&body, patient)?;
    let actor = Actor::from(caller.clone());
    json(
        201,
        &service::appointments::place(cx, &actor, input, key).await?,
    )
}

/// Seed 004's postAppointment: a new patient and their appointment, in one
/// request. The appointment is placed first; the patient is stored only if
/// it was, so a taken slot (409) leaves no patient behind.
pub async fn create_with_appointment(
    req: &mut Request,
    cx: &Ctx,
    caller: &Caller,
) -> ApiResult<Response> {
    let Ctx { env, db, .. } = cx;
    caller.require(Scope::AppointmentsWrite)?;
    let key = idempotency_key(req)?;
    let body = json_body(req).await?;
    let now = cx.now;
    let patient_json = body
        .raw("patient")
        .cloned()
        .ok_or(ApiError::bad_field("patient", "`patient` is required"))?;
    let d = Demographics::parse(
        patient_json,
        region(db, &caller.org).await?,
        now.date_naive(),
    )
    .map_err(|e| invalid(e, "patient"))?;
    let uid = match &key {
        Some(k) => frontdesk_core::patient::uid_for_retry(caller.org.as_str(), k),
        None => new_patient_uid(),
    };
    let appointment = Body::from_value("appointment", body.raw("appointment"))?;
    let input = Book::parse_for_patient(&appointment, uid.clone()).map_err(|e| {
        let field = e.field().map(|f| format!("appointment.{f}"));
        ApiError::BadRequest {
            code: ErrorCode::InvalidRequest,
            field,
            message: e.to_string(),
        }
    })?;
    if key.is_some() {
        // The key covers the whole request: the shop compares the booking
        // half; the patient half is compared here, with the record the
        // first request stored.
        if let Some(stored) = load(db, &caller.org, &uid).await? {
            if Value::Object(stored.body) != serde_json::to_value(&d)? {
                return Err(ApiError::conflict(
                    ErrorCode::IdempotencyKeyReused,
                    "this Idempotency-Key was used with a different request",
                ));
            }
        }
    }
    check_unique(db, &caller.org, &uid, &d).await?;
    let retried = key.is_some();
    let actor = Actor::from(caller.clone());
    let appointment = service::appointments::place(cx, &actor, input, key).await?;
    // A replay (the same Idempotency-Key) finds the patient stored and
    // announced by the first request: nothing more to write.
    let replayed = retried && load(db, &caller.org, &uid).await?.is_some();
    if !replayed {
        let change = Change {
            uid: &uid,
            record: &d,
            created_at: &timestamp(now),
            event: PatientEvent::Created,
            actor: &caller.key_id,
            action: None,
        };
        if let Err(e) = store(env, db, &caller.org, change, now).await {
            // Undo the booking so that nothing is left half-made.
            let booked = appointment.appointment_uid.clone();
            let reason = "the patient record could not be created".to_owned();
            service::appointments::cancel(cx, &actor, booked, reason).await?;
            return Err(e);
        }
    }
    json(
        201,
        &view::patients::PatientWithAppointment {
            patient: stored_view(db, &caller.org, &uid).await?,
            appointment,
        },
    )
}
