//! Seed 002's appointments: create (for a patient named by id, HSID or
//! SPID), get, update, the provider's link and the video-call links, and
//! the slot search. Each books, reads or moves through the same services
//! as Frontdesk's `/v1`.
//!
//! Seed 002 names a waiting room and no doctor: its appointments are the
//! shop's pool appointments, taken by the first doctor who allocates the
//! checked-in patient. It names no appointment type either: they use the
//! organisation's first ([`repo::appointment_types::earliest`]), whose
//! length a `duration` overrides where the shop's workflow allows free
//! durations.

use chrono::{DateTime, TimeZone, Utc};
use frontdesk_core::calendar::appointment::PaymentMode;
use frontdesk_core::compat::check_in::{self, CheckInClaims};
use frontdesk_core::compat::solo::{
    self, AppointmentOut, AppointmentRef, GroupForm, PatientRef, Provider, ProviderLink, Slot,
    SoloError, VideoCall, VideoCallLinks, EXTERNAL_ID, HSID,
};
use frontdesk_core::error_code::ErrorCode;
use frontdesk_core::ids::{AppointmentUid, PatientProfileUid};
use frontdesk_core::view::calendar::AppointmentView;
use frontdesk_core::wire::calendar::{Book, Rebook, SlotSearch};
use frontdesk_core::wire::Body;
use frontdesk_worker::context::Ctx;
use frontdesk_worker::edge::{idempotency_key, json, json_body, origin, query};
use frontdesk_worker::error::{ApiError, ApiResult};
use frontdesk_worker::repo::{self, appointment_types, shops, vendor_ids};
use frontdesk_worker::service::{appointments, waiting_room, Actor};
use serde_json::{json, Value};
use worker::{Request, Response};

use super::patients::bad;
use super::{patient_by_spid, patient_uid};

fn missing(field: &str) -> ApiError {
    bad(SoloError {
        field: field.into(),
        problem: "This value should not be blank.".into(),
    })
}

/// The shop a waiting room's name names: exactly, or else ignoring case
/// when only one matches.
pub async fn room(cx: &Ctx, actor: &Actor, name: &str, field: &str) -> ApiResult<shops::Row> {
    let all = shops::all(&cx.db, actor.org()).await?;
    if let Some(exact) = all.iter().find(|s| s.name == name) {
        return Ok(exact.clone());
    }
    let mut loose = all
        .into_iter()
        .filter(|s| s.name.eq_ignore_ascii_case(name));
    match (loose.next(), loose.next()) {
        (Some(one), None) => Ok(one),
        _ => Err(bad(SoloError {
            field: field.into(),
            problem: "No waiting room has this name.".into(),
        })),
    }
}

/// The type seed 002's bookings use, and a payment mode it takes.
async fn default_type(cx: &Ctx, actor: &Actor) -> ApiResult<(appointment_types::Row, PaymentMode)> {
    let t = appointment_types::earliest(&cx.db, actor.org())
        .await?
        .ok_or_else(|| {
            ApiError::conflict(
                ErrorCode::InvalidRequest,
                "The organisation has no appointment type yet: create one with POST /v1/management/appointment-types",
            )
        })?;
    let mode = PaymentMode::ALL
        .into_iter()
        .find(|m| t.accepts(*m))
        .unwrap_or(PaymentMode::ALL[0]);
    Ok((t, mode))
}

fn instant(secs: i64, field: &str) -> ApiResult<DateTime<Utc>> {
    Utc.timestamp_opt(secs, 0).single().ok_or_else(|| {
        bad(SoloError {
            field: field.into(),
            problem: "This value should be a Unix timestamp in seconds.".into(),
        })
    })
}

pub async fn create(req: &mut Request, cx: &Ctx, actor: &Actor, id: &str) -> ApiResult<Response> {
    let patient = patient_uid(cx, actor, id).await?;
    book(req, cx, actor, patient).await
}

pub async fn create_by_spid(
    req: &mut Request,
    cx: &Ctx,
    actor: &Actor,
    spid: &str,
) -> ApiResult<Response> {
    let patient = patient_by_spid(cx, actor, spid).await?;
    book(req, cx, actor, patient).await
}

pub async fn create_by_hsid(
    req: &mut Request,
    cx: &Ctx,
    actor: &Actor,
    hsid: &str,
) -> ApiResult<Response> {
    let patient = repo::patients::by_identifier(&cx.db, actor.org(), HSID, hsid)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::not_found("patient"))?
        .patient_uid;
    book(req, cx, actor, patient).await
}

async fn book(
    req: &mut Request,
    cx: &Ctx,
    actor: &Actor,
    patient: PatientProfileUid,
) -> ApiResult<Response> {
    let key = idempotency_key(req)?;
    let origin = origin(req)?;
    let input = solo::appointment_in(json_body(req).await?.into_value()).map_err(bad)?;
    let name = input
        .waiting_room
        .as_deref()
        .ok_or_else(|| missing("waitingRoom"))?;
    let shop = room(cx, actor, name, "waitingRoom").await?;
    let placed = book_in(cx, actor, patient, &shop, input, key).await?;
    let said = vendor_ids::said(&cx.db, actor.org(), &placed.appointment_uid).await?;
    json(
        201,
        &AppointmentRef {
            id: said,
            visit_url: link(cx, actor, &origin, &placed),
        },
    )
}

/// Books seed 002's appointment for the patient in the waiting room: at
/// `date`, or else the room's first free time.
pub async fn book_in(
    cx: &Ctx,
    actor: &Actor,
    patient: PatientProfileUid,
    shop: &shops::Row,
    input: solo::AppointmentIn,
    key: Option<String>,
) -> ApiResult<AppointmentView> {
    let (t, mode) = default_type(cx, actor).await?;
    let length = input.duration_minutes.filter(|m| *m != t.duration_minutes);
    let starts = match input.date {
        Some(secs) => vec![instant(secs, "date")?],
        None => first_free(cx, actor, shop, &t, length).await?,
    };
    let mut body = input.details;
    body.insert("shop_uid".into(), json!(shop.shop_uid));
    body.insert("appointment_type_uid".into(), json!(t.appointment_type_uid));
    body.insert("payment_mode".into(), json!(mode.as_str()));
    body.insert("status".into(), json!("confirmed"));
    if let Some(minutes) = length {
        body.insert("duration_minutes".into(), json!(minutes));
    }
    // The slot search lays out each doctor's free time; a time the pool's
    // visits already fill is refused by the shop, and the next is tried.
    let mut last = None;
    for start in starts {
        body.insert("start".into(), json!(start.to_rfc3339()));
        let parsed = Body::from_value("body", Some(&Value::Object(body.clone())))?;
        let booking = Book::parse_for_patient(&parsed, patient.clone())?;
        match appointments::place(cx, actor, booking, key.clone()).await {
            Err(e) if input.date.is_none() && time_taken(&e) => last = Some(e),
            done => return done,
        }
    }
    Err(last.unwrap_or_else(no_free_time))
}

/// Whether the shop refused the time itself (taken, or no doctor free),
/// so that a later one may do.
fn time_taken(e: &ApiError) -> bool {
    let (status, code, ..) = e.parts();
    status == 409 && matches!(code, ErrorCode::SlotUnavailable | ErrorCode::SlotTaken)
}

fn no_free_time() -> ApiError {
    ApiError::conflict(
        ErrorCode::SlotUnavailable,
        "No free time in this waiting room in the next two weeks",
    )
}

/// The patient's online check-in link, valid until the visit's end.
fn link(cx: &Ctx, actor: &Actor, origin: &str, a: &AppointmentView) -> String {
    let claims = CheckInClaims {
        org: actor.org().clone(),
        a: a.appointment_uid.clone(),
        exp: a.end.timestamp(),
    };
    check_in::link(origin, &claims, cx.config.watch_secret.as_bytes())
}

/// The room's first free times from now, over the next two weeks, in
/// order (at most [`FREE_TIMES_TRIED`]).
async fn first_free(
    cx: &Ctx,
    actor: &Actor,
    shop: &shops::Row,
    t: &appointment_types::Row,
    length: Option<i64>,
) -> ApiResult<Vec<DateTime<Utc>>> {
    let today = local_date(shop, cx.now);
    let search = SlotSearch {
        shop_uid: shop.shop_uid.clone(),
        appointment_type_uid: t.appointment_type_uid.clone(),
        doctor_uid: None,
        start_date: today,
        end_date: today + chrono::Days::new(13),
    };
    let found = appointments::slots_of_length(cx, actor, search, length).await?;
    let mut starts: Vec<DateTime<Utc>> = found
        .slots
        .into_iter()
        .map(|s| s.start)
        .filter(|s| *s > cx.now)
        .collect();
    starts.sort();
    starts.dedup();
    // Candidates a visit apart: times within one visit of each other are
    // refused for the same pool visit.
    let step = chrono::Duration::minutes(length.unwrap_or(t.duration_minutes).max(1));
    let mut spaced: Vec<DateTime<Utc>> = Vec::with_capacity(FREE_TIMES_TRIED);
    for start in starts {
        if spaced.last().is_none_or(|last| start >= *last + step) {
            spaced.push(start);
        }
        if spaced.len() == FREE_TIMES_TRIED {
            break;
        }
    }
    let starts = spaced;
    if starts.is_empty() {
        return Err(no_free_time());
    }
    Ok(starts)
}

/// How many free times a booking without a `date` tries before it gives up.
const FREE_TIMES_TRIED: usize = 8;

fn local_date(shop: &shops::Row, t: DateTime<Utc>) -> chrono::NaiveDate {
    let offset = shop.time_zone.offset_at(t.timestamp());
    t.checked_add_signed(chrono::Duration::seconds(i64::from(offset)))
        .unwrap_or(t)
        .date_naive()
}

/// The appointment a seed 002 path names: its SAID, or Frontdesk's uid.
pub async fn appointment(cx: &Ctx, actor: &Actor, id: &str) -> ApiResult<AppointmentUid> {
    if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) {
        let said: i64 = id.parse().map_err(|_| ApiError::not_found("appointment"))?;
        return vendor_ids::by_said(&cx.db, actor.org(), said)
            .await?
            .ok_or_else(|| ApiError::not_found("appointment"));
    }
    AppointmentUid::parse(id).map_err(|_| ApiError::not_found("appointment"))
}

pub async fn get(cx: &Ctx, actor: &Actor, id: &str) -> ApiResult<Response> {
    let uid = appointment(cx, actor, id).await?;
    let a = appointments::get(cx, actor, uid).await?.appointment;
    let (stage, video_call) = match &a.queue_uid {
        Some(q) => {
            let entry = waiting_room::status(cx, actor, q.clone()).await?;
            let call = VideoCall {
                id: q.as_str().to_owned(),
                status: entry.call_status.as_str(),
            };
            (entry.stage, Some(call))
        }
        None => (solo::stage_before_check_in(a.status), None),
    };
    let record = repo::patients::find(&cx.db, actor.org(), &a.patient_profile_uid)
        .await?
        .ok_or_else(|| ApiError::not_found("patient"))?;
    let patient = PatientRef {
        id: solo::identifier(&record.body, EXTERNAL_ID)
            .unwrap_or(a.patient_profile_uid.as_str())
            .to_owned(),
        demographics: solo::patient_out(&record.body, GroupForm::Object),
    };
    let mut providers = Vec::new();
    if let Some(d) = &a.doctor_uid {
        if let Some(doctor) = repo::doctors::find(&cx.db, actor.org(), d).await? {
            let (first_name, middle_name, last_name) = solo::name_parts(&doctor.name);
            providers.push(Provider {
                id: d.as_str().to_owned(),
                email: repo::staff::doctor_email(&cx.db, actor.org(), d.as_str()).await?,
                first_name,
                middle_name,
                last_name,
            });
        }
    }
    json(
        200,
        &AppointmentOut {
            id: vendor_ids::said(&cx.db, actor.org(), &a.appointment_uid).await?,
            date: a.start.timestamp(),
            duration: (a.end - a.start).num_seconds(),
            reasons: a.reasons.clone(),
            status: stage.as_str(),
            video_call,
            external_id: a.external_id.clone(),
            patient,
            providers,
        },
    )
}

/// `date` moves the visit (Frontdesk rebooks it; the SAID and the external
/// id follow), `status: cancelled` cancels it.
pub async fn update(req: &mut Request, cx: &Ctx, actor: &Actor, id: &str) -> ApiResult<Response> {
    let origin = origin(req)?;
    let change = solo::appointment_update(json_body(req).await?.into_value()).map_err(bad)?;
    let mut uid = appointment(cx, actor, id).await?;
    let current = appointments::get(cx, actor, uid.clone()).await?.appointment;
    if !change.details.is_empty()
        || change
            .duration_minutes
            .is_some_and(|m| m * 60 != (current.end - current.start).num_seconds())
    {
        let field = change
            .details
            .keys()
            .next()
            .map_or("duration", |k| solo::field_name(k));
        return Err(ApiError::conflict(
            ErrorCode::InvalidTransition,
            format!("{field} cannot be changed after booking yet: cancel and book again"),
        ));
    }
    let mut latest = current;
    if let Some(secs) = change.date {
        let start = instant(secs, "date")?;
        if start != latest.start {
            let moved = appointments::rebook(
                cx,
                actor,
                uid.clone(),
                Rebook {
                    start,
                    doctor_uid: None,
                },
            )
            .await?;
            vendor_ids::moved(&cx.db, actor.org(), &uid, &moved.appointment_uid).await?;
            uid = moved.appointment_uid.clone();
            latest = moved;
        }
    }
    if change.cancel {
        latest = appointments::cancel(
            cx,
            actor,
            uid.clone(),
            "cancelled through seed 002's API".into(),
        )
        .await?;
    }
    json(
        200,
        &AppointmentRef {
            id: vendor_ids::said(&cx.db, actor.org(), &uid).await?,
            visit_url: link(cx, actor, &origin, &latest),
        },
    )
}

/// The per-visit links exist once the patient has checked in.
fn checked_in(url: Option<String>) -> ApiResult<String> {
    url.ok_or_else(|| {
        ApiError::conflict(
            ErrorCode::NotStarted,
            "The patient has not checked in yet: the visit's links exist from check-in on",
        )
    })
}

pub async fn provider_link(
    req: &Request,
    cx: &Ctx,
    actor: &Actor,
    id: &str,
) -> ApiResult<Response> {
    let uid = appointment(cx, actor, id).await?;
    let links = appointments::visit_links(cx, actor, uid.clone(), &origin(req)?).await?;
    json(
        200,
        &ProviderLink {
            id: vendor_ids::said(&cx.db, actor.org(), &uid).await?,
            provider_visit_url: checked_in(links.provider_visit_url)?,
        },
    )
}

pub async fn video_call_links(
    req: &Request,
    cx: &Ctx,
    actor: &Actor,
    external_id: &str,
) -> ApiResult<Response> {
    let links =
        appointments::visit_links_by_external_id(cx, actor, external_id, &origin(req)?).await?;
    render_links(links)
}

pub async fn video_call_links_by_said(
    req: &Request,
    cx: &Ctx,
    actor: &Actor,
    said: &str,
) -> ApiResult<Response> {
    let said: i64 = said
        .parse()
        .map_err(|_| ApiError::not_found("appointment"))?;
    let uid = vendor_ids::by_said(&cx.db, actor.org(), said)
        .await?
        .ok_or_else(|| ApiError::not_found("appointment"))?;
    let links = appointments::visit_links(cx, actor, uid, &origin(req)?).await?;
    render_links(links)
}

fn render_links(links: frontdesk_core::view::calendar::VisitLinks) -> ApiResult<Response> {
    json(
        200,
        &VideoCallLinks {
            appointment_external_id: links.external_id,
            provider_visit_url: checked_in(links.provider_visit_url)?,
            patient_visit_url: checked_in(links.patient_visit_url)?,
        },
    )
}

/// `GET /qapi/v1/appointment-slots?after&before&waitingRoom&duration`: the
/// room's free times in the range, each once however many doctors are
/// free then.
pub async fn slots(req: &Request, cx: &Ctx, actor: &Actor) -> ApiResult<Response> {
    let q = query(req)?;
    let seconds = |field: &'static str| -> ApiResult<i64> {
        let raw = q.opt(field).ok_or_else(|| missing(field))?;
        raw.parse::<i64>().ok().filter(|t| *t >= 0).ok_or_else(|| {
            bad(SoloError {
                field: field.into(),
                problem: "This value should be a Unix timestamp in seconds.".into(),
            })
        })
    };
    let after = instant(seconds("after")?, "after")?;
    let before = instant(seconds("before")?, "before")?;
    if before <= after {
        return Err(bad(SoloError {
            field: "before".into(),
            problem: "This value should be later than after.".into(),
        }));
    }
    let name = q.opt("waitingRoom").ok_or_else(|| missing("waitingRoom"))?;
    let length = match q.opt("duration") {
        None => None,
        Some(raw) => {
            let body = json!({ "duration": raw.parse::<i64>().map_err(|_| bad(SoloError { field: "duration".into(), problem: "This value should be of type int.".into() }))? });
            solo::appointment_in(body).map_err(bad)?.duration_minutes
        }
    };
    let shop = room(cx, actor, name, "waitingRoom").await?;
    let (t, _) = default_type(cx, actor).await?;
    let length = length.filter(|m| *m != t.duration_minutes);
    if length.is_some() {
        let workflow = waiting_room::workflow(cx, actor, shop.shop_uid.clone()).await?;
        if !workflow.free_duration {
            return Err(ApiError::conflict(
                ErrorCode::FreeDurationOff,
                "This waiting room books its slot duration only: its shop's workflow has free_duration off",
            ));
        }
    }
    let search = SlotSearch {
        shop_uid: shop.shop_uid.clone(),
        appointment_type_uid: t.appointment_type_uid.clone(),
        doctor_uid: None,
        start_date: local_date(&shop, after),
        end_date: local_date(&shop, before),
    };
    let minutes = length.unwrap_or(t.duration_minutes);
    let found = appointments::slots_of_length(cx, actor, search, length).await?;
    let mut out: Vec<Slot> = Vec::new();
    for s in found.slots {
        if s.start < after
            || s.end > before
            || out.last().is_some_and(|l| l.date == s.start.timestamp())
        {
            continue;
        }
        out.push(Slot {
            date: s.start.timestamp(),
            duration: minutes * 60,
        });
    }
    json(200, &out)
}
