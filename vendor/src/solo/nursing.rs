//! Seed 002's virtual nursing (`frontdesk_core::compat::nursing`): care
//! locations, managed by admins, and assistance requests. A request joins
//! its care location's waiting room as that location's patient, so nurses
//! see it live and take it exactly as doctors take patients there
//! (`/v1/management/waiting-room/live`, `…/allocate`, `…/complete`); its
//! status is the queue entry's.
//!
//! The request's errors are the seed's `{"message": …}`.

use chrono::{DateTime, Utc};
use data_encoding::BASE32_DNSSEC;
use frontdesk_core::compat::nursing::{
    self as n, AssistanceOut, AvSession, CareLocationOut, CareLocationRef, DeviceOut, LocationRef,
    Place, Selector, Video,
};
use frontdesk_core::compat::solo::SoloError;
use frontdesk_core::compat::solo_records::SoloMessage;
use frontdesk_core::error_code::ErrorCode;
use frontdesk_core::ids::PatientProfileUid;
use frontdesk_core::queue::QueueStatus;
use frontdesk_core::time::timestamp;
use frontdesk_core::view::queue::EntryView;
use frontdesk_core::wire::Register;
use frontdesk_worker::ambient::entropy;
use frontdesk_worker::auth::Caller;
use frontdesk_worker::context::Ctx;
use frontdesk_worker::edge::{json, json_body, origin};
use frontdesk_worker::error::{ApiError, ApiResult};
use frontdesk_worker::repo::nursing::{self as store, CareLocation, NewCareLocation};
use frontdesk_worker::repo::{self, shops};
use frontdesk_worker::service::{waiting_room, Actor};
use serde_json::{Map, Value};
use worker::{Request, Response};

use super::appointments::room;
use super::audited;
use super::patients::bad;

/// A request whose queue entry was never recorded (its Worker stopped
/// between the two writes) stops being current after this long.
const UNQUEUED_GRACE_SECONDS: i64 = 30;

fn message(status: u16, text: &str) -> ApiResult<Response> {
    json(
        status,
        &SoloMessage {
            message: text.to_owned(),
        },
    )
}

/// What the request names: its query string, or else its JSON body (the
/// seed sends bodies even with `GET` and `DELETE`).
async fn fields(req: &mut Request) -> ApiResult<Map<String, Value>> {
    let url = req.url()?;
    let query: Map<String, Value> = url
        .query_pairs()
        .take(20)
        .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
        .collect();
    if !query.is_empty() {
        return Ok(query);
    }
    let has_body = req
        .headers()
        .get("Content-Length")?
        .is_some_and(|l| l.trim() != "0")
        || req.headers().get("Transfer-Encoding")?.is_some();
    if !has_body {
        return Ok(Map::new());
    }
    match json_body(req).await?.into_value() {
        Value::Object(fields) => Ok(fields),
        _ => Ok(Map::new()),
    }
}

/// The care location a request names; `None`: the seed's "device could
/// not be found".
async fn locate(cx: &Ctx, actor: &Actor, selector: &Selector) -> ApiResult<Option<CareLocation>> {
    let org = actor.org();
    match selector {
        Selector::Device(serial) => store::by_device(&cx.db, org, serial).await,
        Selector::PatientMrn(mrn) => {
            let Some(patient) = repo::patients::by_mrn(&cx.db, org, mrn)
                .await?
                .into_iter()
                .next()
            else {
                return Ok(None);
            };
            store::by_patient(&cx.db, org, &patient.patient_uid).await
        }
        Selector::Place(place) => {
            if let Some(found) = store::by_place(&cx.db, org, place).await? {
                return Ok(Some(found));
            }
            // No bed named: the room's only care location.
            if place.bed().is_none() {
                let mut beds = store::in_room(&cx.db, org, place).await?;
                if beds.len() == 1 {
                    return Ok(beds.pop());
                }
            }
            Ok(None)
        }
    }
}

/// The care location's current request and its queue entry; a request
/// whose entry has ended is closed here.
async fn current(
    cx: &Ctx,
    actor: &Actor,
    location: &CareLocation,
) -> ApiResult<Option<(store::Request, Option<EntryView>)>> {
    let Some(row) = store::open_request(&cx.db, actor.org(), &location.care_location_uid).await?
    else {
        return Ok(None);
    };
    let Some(queue) = row.queue_uid.clone() else {
        let stale = DateTime::parse_from_rfc3339(&row.created_at)
            .map(|t| (cx.now - t.with_timezone(&Utc)).num_seconds() > UNQUEUED_GRACE_SECONDS)
            .unwrap_or(true);
        if stale {
            store::close(&cx.db, &row.request_uid, cx.now).await?;
            return Ok(None);
        }
        return Ok(Some((row, None)));
    };
    let entry = waiting_room::status(cx, actor, queue).await?;
    if matches!(
        entry.status,
        QueueStatus::Completed | QueueStatus::Cancelled
    ) {
        store::close(&cx.db, &row.request_uid, cx.now).await?;
        return Ok(None);
    }
    Ok(Some((row, Some(entry))))
}

async fn render(
    cx: &Ctx,
    actor: &Actor,
    location: &CareLocation,
    row: &store::Request,
    entry: Option<&EntryView>,
    finished: Option<QueueStatus>,
) -> ApiResult<AssistanceOut> {
    let org = actor.org();
    let patient = repo::patients::find(&cx.db, org, &row.patient_uid)
        .await?
        .map(|p| n::patient_out(p.patient_uid.as_str(), &p.body, cx.now.date_naive()));
    let shop = shops::find(&cx.db, org, &row.shop_uid).await?;
    let status = finished
        .or(entry.map(|e| e.status))
        .unwrap_or(QueueStatus::Waiting);
    let av_sessions = entry
        .and_then(|e| e.video_room_id.as_ref().map(|room| (room, e.allocated_at)))
        .map(|(room, at)| AvSession {
            id: room.as_str().to_owned(),
            started_at: at,
        })
        .into_iter()
        .collect();
    Ok(AssistanceOut {
        id: row.request_uid.clone(),
        device: row.device_serial.clone(),
        care_location: CareLocationRef {
            availability: "offline",
            id: location.care_location_uid.clone(),
            name: location.name.clone(),
            status: "active",
            video: Video {
                r#type: location.device_type.clone(),
                client_id: None,
                serial_number: location.device_serial.clone(),
                care_location_id: location.care_location_uid.clone(),
                skip_activation: true,
            },
        },
        practice: org.as_str().to_owned(),
        patient,
        assigned_to: entry
            .and_then(|e| e.doctor_uid.as_ref())
            .map(|d| d.as_str().to_owned()),
        room: location.room.clone(),
        status: n::status(status),
        created_at: row.created_at.clone(),
        finished_at: finished.map(|_| timestamp(cx.now)),
        location: LocationRef {
            id: row.shop_uid.as_str().to_owned(),
            name: shop.map(|s| s.name).unwrap_or_default(),
        },
        av_sessions,
        created_from_external_api: true,
    })
}

/// `POST /qapi/v1/request-assistance`: 201 with the new request, or 200
/// with the care location's current one (a call button pressed twice).
pub async fn create(req: &mut Request, cx: &Ctx, actor: &Actor) -> ApiResult<Response> {
    let origin = origin(req)?;
    let Some(selector) = n::selector(&fields(req).await?) else {
        return message(400, n::MISSING_PARAMETERS);
    };
    let Some(location) = locate(cx, actor, &selector).await? else {
        return message(404, n::NO_DEVICE);
    };
    let Some(patient) = location.patient_uid.clone() else {
        return message(409, n::NO_PATIENT);
    };
    if let Some((row, entry)) = current(cx, actor, &location).await? {
        return json(
            200,
            &render(cx, actor, &location, &row, entry.as_ref(), None).await?,
        );
    }
    let request_uid = format!("ar_{}", BASE32_DNSSEC.encode(&entropy::<16>()));
    if !store::open(
        &cx.db,
        actor.org(),
        &request_uid,
        &location,
        &patient,
        cx.now,
    )
    .await?
    {
        // Another request for this care location won the race: its answer.
        return match current(cx, actor, &location).await? {
            Some((row, entry)) => json(
                200,
                &render(cx, actor, &location, &row, entry.as_ref(), None).await?,
            ),
            None => Err(ApiError::conflict(
                ErrorCode::InvalidRequest,
                "Another request for this care location has just ended; send it again",
            )),
        };
    }
    let register = Register {
        shop_uid: location.shop_uid.clone(),
        patient_profile_uid: patient,
        preferred_doctor_uid: None,
        visit_reason: Some(format!("Assistance requested at {}", location.name)),
        notify_contact: None,
        language: None,
    };
    let registered =
        match waiting_room::register(cx, actor, register, Some(request_uid.clone()), &origin).await
        {
            Ok(registered) => registered,
            Err(e) => {
                store::close(&cx.db, &request_uid, cx.now).await?;
                return Err(e);
            }
        };
    let queue = registered.registered.queue_uid;
    store::joined(&cx.db, &request_uid, &queue).await?;
    let row = store::open_request(&cx.db, actor.org(), &location.care_location_uid)
        .await?
        .ok_or_else(|| ApiError::Internal("an assistance request was not stored".into()))?;
    let entry = waiting_room::status(cx, actor, queue).await?;
    json(
        201,
        &render(cx, actor, &location, &row, Some(&entry), None).await?,
    )
}

/// `GET /qapi/v1/request-assistance`: the care location's current request.
pub async fn get(req: &mut Request, cx: &Ctx, actor: &Actor) -> ApiResult<Response> {
    let Some(selector) = n::selector(&fields(req).await?) else {
        return message(400, n::MISSING_PARAMETERS);
    };
    let Some(location) = locate(cx, actor, &selector).await? else {
        return message(404, n::NO_DEVICE);
    };
    match current(cx, actor, &location).await? {
        Some((row, entry)) => json(
            200,
            &render(cx, actor, &location, &row, entry.as_ref(), None).await?,
        ),
        None => message(404, n::NO_REQUEST),
    }
}

/// `DELETE /qapi/v1/request-assistance`: cancels the care location's
/// current request (its queue entry leaves the nurses' queue) and answers
/// it as it ends.
pub async fn cancel(req: &mut Request, cx: &Ctx, actor: &Actor) -> ApiResult<Response> {
    let Some(selector) = n::selector(&fields(req).await?) else {
        return message(400, n::MISSING_PARAMETERS);
    };
    let Some(location) = locate(cx, actor, &selector).await? else {
        return message(404, n::NO_DEVICE);
    };
    let Some((row, entry)) = current(cx, actor, &location).await? else {
        return message(404, n::NO_REQUEST);
    };
    if let Some(queue) = row.queue_uid.clone() {
        waiting_room::cancel(cx, actor, queue).await?;
    }
    store::close(&cx.db, &row.request_uid, cx.now).await?;
    let out = render(
        cx,
        actor,
        &location,
        &row,
        entry.as_ref(),
        Some(QueueStatus::Cancelled),
    )
    .await?;
    json(200, &out)
}

fn out(location: CareLocation, waiting_room: String) -> CareLocationOut {
    CareLocationOut {
        id: location.care_location_uid,
        name: location.name,
        building: location.building,
        floor: location.floor,
        department: location.department,
        room: location.room,
        bed: location.bed,
        waiting_room,
        device: DeviceOut {
            serial_number: location.device_serial,
            r#type: location.device_type,
        },
        patient_id: location.patient_uid.map(|p| p.as_str().to_owned()),
    }
}

/// Checks a care location body against the organisation's others: its
/// waiting room, its patient, and that its place, device and patient are
/// no other care location's.
async fn checked(
    cx: &Ctx,
    actor: &Actor,
    input: &n::CareLocationIn,
    this: Option<&str>,
) -> ApiResult<(shops::Row, Option<PatientProfileUid>)> {
    let org = actor.org();
    let shop = room(cx, actor, &input.waiting_room, "waitingRoom").await?;
    let patient = match &input.patient_mrn {
        None => None,
        Some(mrn) => Some(
            repo::patients::by_mrn(&cx.db, org, mrn)
                .await?
                .into_iter()
                .next()
                .ok_or_else(|| {
                    bad(SoloError {
                        field: "patientMrn".into(),
                        problem: "No patient has this MRN.".into(),
                    })
                })?
                .patient_uid,
        ),
    };
    let other = |found: Option<CareLocation>| {
        found.is_some_and(|f| Some(f.care_location_uid.as_str()) != this)
    };
    if other(store::by_place(&cx.db, org, &input.place).await?) {
        return Err(taken("Another care location is at this place."));
    }
    if other(store::by_device(&cx.db, org, &input.device_serial).await?) {
        return Err(taken("Another care location has this device."));
    }
    if let Some(p) = &patient {
        if other(store::by_patient(&cx.db, org, p).await?) {
            return Err(taken("This patient is placed at another care location."));
        }
    }
    Ok((shop, patient))
}

fn taken(why: &str) -> ApiError {
    ApiError::conflict(ErrorCode::IdentifierTaken, why)
}

fn new_location<'a>(
    input: &'a n::CareLocationIn,
    place: &'a Place,
    shop: &'a shops::Row,
    patient: Option<&'a PatientProfileUid>,
) -> NewCareLocation<'a> {
    NewCareLocation {
        name: &input.name,
        place,
        shop: &shop.shop_uid,
        device_serial: &input.device_serial,
        device_type: &input.device_type,
        patient,
    }
}

pub async fn create_location(
    req: &mut Request,
    cx: &Ctx,
    caller: &Caller,
    actor: &Actor,
) -> ApiResult<Response> {
    let input = n::care_location_in(json_body(req).await?.into_value()).map_err(bad)?;
    let (shop, patient) = checked(cx, actor, &input, None).await?;
    let uid = format!("cl_{}", BASE32_DNSSEC.encode(&entropy::<16>()));
    let new = new_location(&input, &input.place, &shop, patient.as_ref());
    if !store::insert(&cx.db, &caller.org, &uid, &new, cx.now).await? {
        return Err(taken(
            "Another care location has just taken this place, device or patient.",
        ));
    }
    audited(cx, caller, "care_location.created", &uid).await?;
    let stored = store::find(&cx.db, &caller.org, &uid)
        .await?
        .ok_or_else(|| ApiError::Internal("a care location was not stored".into()))?;
    json(201, &out(stored, shop.name))
}

pub async fn list_locations(cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let names: std::collections::HashMap<String, String> = shops::all(&cx.db, &caller.org)
        .await?
        .into_iter()
        .map(|s| (s.shop_uid.as_str().to_owned(), s.name))
        .collect();
    let all: Vec<CareLocationOut> = store::all(&cx.db, &caller.org)
        .await?
        .into_iter()
        .map(|l| {
            let name = names.get(l.shop_uid.as_str()).cloned().unwrap_or_default();
            out(l, name)
        })
        .collect();
    json(200, &all)
}

pub async fn update_location(
    req: &mut Request,
    cx: &Ctx,
    caller: &Caller,
    actor: &Actor,
    uid: &str,
) -> ApiResult<Response> {
    if store::find(&cx.db, &caller.org, uid).await?.is_none() {
        return Err(ApiError::not_found("care location"));
    }
    let input = n::care_location_in(json_body(req).await?.into_value()).map_err(bad)?;
    let (shop, patient) = checked(cx, actor, &input, Some(uid)).await?;
    let new = new_location(&input, &input.place, &shop, patient.as_ref());
    if !store::replace(&cx.db, &caller.org, uid, &new, cx.now).await? {
        return Err(taken(
            "Another care location has just taken this place, device or patient.",
        ));
    }
    audited(cx, caller, "care_location.updated", uid).await?;
    let stored = store::find(&cx.db, &caller.org, uid)
        .await?
        .ok_or_else(|| ApiError::not_found("care location"))?;
    json(200, &out(stored, shop.name))
}

/// Refused while the care location has a current request: a nurse may be
/// on their way.
pub async fn delete_location(
    cx: &Ctx,
    caller: &Caller,
    actor: &Actor,
    uid: &str,
) -> ApiResult<Response> {
    let location = store::find(&cx.db, &caller.org, uid)
        .await?
        .ok_or_else(|| ApiError::not_found("care location"))?;
    if current(cx, actor, &location).await?.is_some() {
        return Err(ApiError::conflict(
            ErrorCode::InvalidTransition,
            "The care location has a current assistance request: cancel it first (DELETE /qapi/v1/request-assistance)",
        ));
    }
    store::delete(&cx.db, &caller.org, uid).await?;
    audited(cx, caller, "care_location.deleted", uid).await?;
    Ok(Response::empty()?.with_status(204))
}
