//! Handlers for the calendar (seeds 001 and 003): appointment types,
//! availability, slot search, booking and the appointment actions. Each
//! checks in D1 that the shop, doctor and type belong to the caller's
//! organisation (404 otherwise) and hands the decision to the shop's object.

use frontdesk_core::ids::{
    AppointmentTypeUid, AppointmentUid, DoctorUid, OrgUid, PatientProfileUid, ShopUid,
};
use frontdesk_core::time::timestamp;
use frontdesk_core::view::{self, Listing};
use frontdesk_core::wire::{
    parse_availability, parse_cancel_reason, Book, CreateAppointmentType, Overview, Rebook,
    SlotSearch,
};
use serde_json::Value;
use worker::{Request, Response};

use crate::ambient::entropy;
use crate::auth::Caller;
use crate::context::Ctx;
use crate::edge::{idempotency_key, json, json_body, query};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::paging::Page;
use crate::repo::{appointment_types, appointments, audit, doctors, shops, Db};
use crate::shop::{self, Booking, Command};
use crate::waiting_room::{shop_doctor, watch_links};

async fn shop_of(db: &Db, org: &OrgUid, shop: &ShopUid) -> ApiResult<shops::Row> {
    shops::find(db, org, shop).await?.ok_or(ApiError::NotFound {
        what: "shop",
        field: Some("shop_uid"),
    })
}

async fn doctor_of(
    db: &Db,
    org: &OrgUid,
    doctor: &DoctorUid,
    field: &'static str,
) -> ApiResult<doctors::Row> {
    doctors::find(db, org, doctor)
        .await?
        .ok_or(ApiError::NotFound {
            what: "doctor",
            field: Some(field),
        })
}

async fn type_of(
    db: &Db,
    org: &OrgUid,
    uid: &AppointmentTypeUid,
) -> ApiResult<appointment_types::Row> {
    appointment_types::find(db, org, uid)
        .await?
        .ok_or(ApiError::NotFound {
            what: "appointment type",
            field: Some("appointment_type_uid"),
        })
}

/// The organisation's doctor named in a path; anything else is a 404.
async fn doctor_in_path(
    db: &Db,
    org: &OrgUid,
    uid: DoctorUid,
) -> ApiResult<(DoctorUid, doctors::Row)> {
    let doctor = doctors::find(db, org, &uid)
        .await?
        .ok_or_else(|| ApiError::not_found("doctor"))?;
    Ok((uid, doctor))
}

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
    appointment_types::insert(&cx.db, &caller.org, &t).await?;
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
    let t = type_of(&cx.db, &caller.org, &uid).await?;
    json(200, &view::appointment_types::AppointmentType::from(t))
}

/// Doctors manage their own windows (seed 001): only a key bound to this
/// doctor may change them; admins read them.
pub async fn set_availability(
    req: &mut Request,
    cx: &Ctx,
    caller: &Caller,
    doctor_uid: DoctorUid,
) -> ApiResult<Response> {
    let Ctx { env, db, .. } = cx;
    let (doctor_uid, doctor) = doctor_in_path(db, &caller.org, doctor_uid).await?;
    if caller.doctor.as_ref() != Some(&doctor_uid) {
        return Err(ApiError::Forbidden {
            code: ErrorCode::NotThisDoctor,
            message: "only the doctor's own key can change their availability",
        });
    }
    let availability = parse_availability(&json_body(req).await?)?;
    let shop = doctor.shop_uid;
    let command = Command::SetAvailability {
        doctor_uid,
        availability,
    };
    shop::send(env, &caller.org, &shop, &command).await
}

pub async fn get_availability(
    cx: &Ctx,
    caller: &Caller,
    doctor_uid: DoctorUid,
) -> ApiResult<Response> {
    let Ctx { env, db, .. } = cx;
    let (doctor_uid, doctor) = doctor_in_path(db, &caller.org, doctor_uid).await?;
    shop::send(
        env,
        &caller.org,
        &doctor.shop_uid,
        &Command::GetAvailability { doctor_uid },
    )
    .await
}

pub async fn search_slots(req: &Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let search = SlotSearch::parse(&query(req)?)?;
    slots_for(cx, &caller.org, &search).await
}

/// Free slots of one doctor or of every doctor of a shop, for a type.
pub async fn slots_for(cx: &Ctx, org: &OrgUid, search: &SlotSearch) -> ApiResult<Response> {
    let Ctx { env, db, .. } = cx;
    let shop = shop_of(db, org, &search.shop_uid).await?;
    let rules = type_of(db, org, &search.appointment_type_uid)
        .await?
        .rules();
    let doctors = match &search.doctor_uid {
        Some(d) => {
            shop_doctor(db, org, &search.shop_uid, d, "doctor_uid").await?;
            vec![d.clone()]
        }
        None => doctors::of_shop(db, org, &search.shop_uid).await?,
    };
    // What one search may lay out, at most: every slot of every day of
    // every doctor. A wide search of a big shop is refused before the shop
    // does the work.
    let limit = cx.config.limits.slot_search_work;
    let days = (search.end_date - search.start_date)
        .num_days()
        .saturating_add(1);
    let per_day = (24 * 60) / rules.duration_minutes.max(1);
    let work = days
        .saturating_mul(per_day)
        .saturating_mul(i64::try_from(doctors.len()).unwrap_or(i64::MAX));
    if work > i64::from(limit) {
        return Err(ApiError::bad_field(
            "end_date",
            format!(
                "this search could lay out {work} slots, more than {limit}: search fewer days, or name a doctor_uid"
            ),
        ));
    }
    let command = Command::Slots {
        doctors,
        rules,
        time_zone: shop.time_zone.name().to_owned(),
        start_date: search.start_date,
        end_date: search.end_date,
    };
    shop::send(env, org, &search.shop_uid, &command).await
}

pub async fn book(req: &mut Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let idempotency_key = idempotency_key(req)?;
    let input = Book::parse(&json_body(req).await?)?;
    place(cx, &caller.org, input, idempotency_key, &caller.key_id).await
}

/// Checks a booking's shop, doctor, type and payment mode against the
/// organisation, then asks the shop to hold or book the slot.
pub async fn place(
    cx: &Ctx,
    org: &OrgUid,
    input: Book,
    idempotency_key: Option<String>,
    actor: &str,
) -> ApiResult<Response> {
    let Ctx { env, db, .. } = cx;
    let shop = shop_of(db, org, &input.shop_uid).await?;
    let doctor = shop_doctor(db, org, &input.shop_uid, &input.doctor_uid, "doctor_uid").await?;
    let t = type_of(db, org, &input.appointment_type_uid).await?;
    if !t.accepts(input.payment_mode) {
        return Err(ApiError::bad_field(
            "payment_mode",
            format!(
                "this appointment type accepts {}",
                t.payment_modes
                    .iter()
                    .map(|m| m.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    let booking = Booking {
        org_uid: org.clone(),
        shop_uid: input.shop_uid.clone(),
        video_room_id: doctor.video_room_id,
        doctor_uid: input.doctor_uid,
        appointment_type_uid: input.appointment_type_uid,
        patient_profile_uid: input.patient_profile_uid,
        payment_mode: input.payment_mode,
        rules: t.rules(),
        time_zone: shop.time_zone.name().to_owned(),
        start: input.start,
        confirm: input.confirm,
        idempotency_key,
        actor: actor.to_owned(),
    };
    shop::send(env, org, &input.shop_uid, &Command::Book(Box::new(booking))).await
}

pub async fn overview(req: &Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let filter = Overview::parse(&query(req)?)?;
    let page = Page::from_query(&req.url()?)?;
    let listing = appointments::overview(&cx.db, &caller.org, &filter, cx.now, &page).await?;
    audit_listed(cx, &caller.org, &caller.key_id, &listing).await?;
    json(200, &listing)
}

/// Records each appointment a listing shows as read by `actor`.
pub async fn audit_listed(
    cx: &Ctx,
    org: &OrgUid,
    actor: &str,
    listing: &Listing<Value>,
) -> ApiResult<()> {
    let uids: Vec<&str> = listing
        .data
        .iter()
        .filter_map(|a| a.get("appointment_uid").and_then(Value::as_str))
        .collect();
    audit::record_many(&cx.db, org, actor, "appointment.read (list)", &uids, cx.now).await
}

/// Checks the appointment's shop is the caller's; another tenant's
/// appointment is a 404, like a malformed uid.
pub async fn own_appointment(
    db: &Db,
    org: &OrgUid,
    uid: AppointmentUid,
) -> ApiResult<(AppointmentUid, shops::Row)> {
    let shop = shops::find(db, org, &uid.shop())
        .await?
        .ok_or_else(|| ApiError::not_found("appointment"))?;
    Ok((uid, shop))
}

/// The appointment actions that need nothing but the uid and the actor.
pub async fn on_appointment(
    cx: &Ctx,
    caller: &Caller,
    uid: AppointmentUid,
    command: fn(AppointmentUid, String) -> Command,
) -> ApiResult<Response> {
    let Ctx { env, db, .. } = cx;
    let (uid, _) = own_appointment(db, &caller.org, uid).await?;
    let shop = uid.shop();
    shop::send(
        env,
        &caller.org,
        &shop,
        &command(uid, caller.key_id.clone()),
    )
    .await
}

/// An admin's cancellation: a reason is required; no notice period applies.
pub async fn cancel(
    req: &mut Request,
    cx: &Ctx,
    caller: &Caller,
    uid: AppointmentUid,
) -> ApiResult<Response> {
    let (uid, _) = own_appointment(&cx.db, &caller.org, uid).await?;
    let reason = parse_cancel_reason(&json_body(req).await?)?;
    cancel_appointment(cx, &caller.org, uid, reason, None, &caller.key_id).await
}

/// Cancels one of `org`'s appointments. With `owner` (a patient), only
/// that patient's, and only with the type's minimum notice.
pub async fn cancel_appointment(
    cx: &Ctx,
    org: &OrgUid,
    uid: AppointmentUid,
    reason: String,
    owner: Option<PatientProfileUid>,
    actor: &str,
) -> ApiResult<Response> {
    let Ctx { env, .. } = cx;
    let shop = uid.shop();
    let command = Command::Cancel {
        appointment_uid: uid,
        reason,
        by_patient: owner.is_some(),
        owner,
        actor: actor.to_owned(),
    };
    shop::send(env, org, &shop, &command).await
}

pub async fn rebook(
    req: &mut Request,
    cx: &Ctx,
    caller: &Caller,
    uid: AppointmentUid,
) -> ApiResult<Response> {
    let input = Rebook::parse(&json_body(req).await?)?;
    move_appointment(cx, &caller.org, uid, input, None, &caller.key_id).await
}

/// Rebooks one of `org`'s appointments; with `owner`, only that patient's.
pub async fn move_appointment(
    cx: &Ctx,
    org: &OrgUid,
    uid: AppointmentUid,
    input: Rebook,
    owner: Option<PatientProfileUid>,
    actor: &str,
) -> ApiResult<Response> {
    let Ctx { env, db, .. } = cx;
    let (uid, shop) = own_appointment(db, org, uid).await?;
    let doctor = match &input.doctor_uid {
        None => None,
        Some(d) => {
            let doctor = doctor_of(db, org, d, "doctor_uid").await?;
            if doctor.shop_uid != shop.shop_uid {
                return Err(ApiError::NotFound {
                    what: "doctor in this appointment's shop",
                    field: Some("doctor_uid"),
                });
            }
            Some((d.clone(), doctor.video_room_id))
        }
    };
    let shop_uid = uid.shop();
    let command = Command::Rebook {
        appointment_uid: uid,
        start: input.start,
        doctor,
        time_zone: shop.time_zone.name().to_owned(),
        owner,
        actor: actor.to_owned(),
    };
    shop::send(env, org, &shop_uid, &command).await
}

/// Check-in puts the patient in the waiting room; the response carries the
/// queue entry's watch link like a registration does.
pub async fn check_in(
    req: &Request,
    cx: &Ctx,
    caller: &Caller,
    uid: AppointmentUid,
) -> ApiResult<Response> {
    let command = |appointment_uid, actor| Command::CheckIn {
        appointment_uid,
        actor,
    };
    let mut resp = on_appointment(cx, caller, uid, command).await?;
    if resp.status_code() != 200 {
        return Ok(resp);
    }
    let mut body: Value = resp.json().await?;
    let queue_uid = serde_json::from_value(body["queue_uid"].clone())?;
    body["watch"] = watch_links(req, cx, &caller.org, &queue_uid)?;
    json(200, &body)
}
