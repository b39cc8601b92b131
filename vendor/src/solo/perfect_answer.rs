//! Seed 002's perfect answer (`frontdesk_core::compat::perfect_answer`)
//! and the locations it is configured by: the patient is found by MRN (or
//! made), a visit is booked in the location's waiting room at its first
//! free time, and the reason's note template is filled from the request.

use std::collections::BTreeMap;

use data_encoding::BASE32_DNSSEC;
use frontdesk_core::auth::Scope;
use frontdesk_core::compat::perfect_answer::{
    self as pa, location_out, templates_from_text, templates_text, LocationOut, PerfectAnswer,
    PerfectAnswerOut, ALREADY_VISITED,
};
use frontdesk_core::compat::solo::{self, SoloError};
use frontdesk_core::endpoint::PatientUpdate;
use frontdesk_core::error_code::ErrorCode;
use frontdesk_core::ids::{PatientProfileUid, ShopUid};
use frontdesk_core::patient::Dialect;
use frontdesk_core::records::note::etag;
use frontdesk_core::wire::ReplaceNote;
use frontdesk_worker::ambient::entropy;
use frontdesk_worker::auth::Caller;
use frontdesk_worker::context::Ctx;
use frontdesk_worker::edge::{idempotency_key, json, json_body};
use frontdesk_worker::error::{ApiError, ApiResult};
use frontdesk_worker::repo::{self, perfect_answer as config, shops};
use frontdesk_worker::service::{patients, records, Actor};
use serde_json::{json, Map};
use worker::{Request, Response};

use super::appointments::{book_in, room};
use super::audited;
use super::patients::bad;

fn bad_location() -> ApiError {
    bad(SoloError {
        field: "locationId".into(),
        problem: "No location has this id: configure it with PUT /qapi/v1/perfect-answer/locations/{locationId}.".into(),
    })
}

fn already_visited() -> ApiError {
    ApiError::conflict(ErrorCode::PatientConflict, ALREADY_VISITED)
}

pub async fn create(
    req: &mut Request,
    cx: &Ctx,
    caller: &Caller,
    actor: &Actor,
) -> ApiResult<Response> {
    // It writes the patient's record as well as the visit.
    caller.require(Scope::PatientsWrite)?;
    let key = idempotency_key(req)?;
    let input = pa::perfect_answer_in(json_body(req).await?.into_value()).map_err(bad)?;
    let org = actor.org();
    // The seed's refusal comes first, whatever else is wrong.
    let known = repo::patients::by_mrn(&cx.db, org, &input.mrn).await?;
    if let Some(row) = known.first() {
        if config::recent(&cx.db, org, row.patient_uid.as_str(), cx.now).await? {
            return Err(already_visited());
        }
    }
    let location = config::location(&cx.db, org, &input.location_id)
        .await?
        .ok_or_else(bad_location)?;
    let shop = shops::find(&cx.db, org, &location.shop_uid)
        .await?
        .ok_or_else(bad_location)?;
    let wanted = templates_from_text(&location.templates)
        .remove(&input.reason)
        .unwrap_or_else(|| input.reason.default_template().to_owned());
    let template = records::templates(cx, actor, Some(&shop.shop_uid))
        .await?
        .into_iter()
        .find(|t| t.name == wanted)
        .ok_or_else(|| {
            ApiError::conflict(
                ErrorCode::TemplateNotForShop,
                format!("The location's waiting room has no note template named \"{wanted}\" for this reason: create it with POST /v1/management/note-templates"),
            )
        })?;
    let patient = patient(cx, actor, &input).await?;
    let claim = format!("pa_{}", BASE32_DNSSEC.encode(&entropy::<10>()));
    if !config::claim(&cx.db, org, patient.as_str(), &claim, cx.now).await? {
        return Err(already_visited());
    }
    let mut details = Map::new();
    details.insert("reasons".into(), json!([input.reason.as_str()]));
    let visit = solo::AppointmentIn {
        date: None,
        duration_minutes: None,
        waiting_room: Some(shop.name.clone()),
        details,
    };
    let placed = match book_in(cx, actor, patient.clone(), &shop, visit, key).await {
        Ok(placed) => placed,
        Err(e) => {
            config::release(&cx.db, &claim).await?;
            return Err(e);
        }
    };
    let uid = placed.appointment_uid.clone();
    config::settle(&cx.db, &claim, uid.as_str()).await?;
    let current = records::get_note(cx, actor, &uid).await?;
    let replace = ReplaceNote {
        template_uid: template.template_uid,
        answers: serde_json::to_value(input.answers(&template.flow))?,
    };
    records::replace_note(cx, actor, &uid, Some(etag(current.version)), replace).await?;
    json(
        201,
        &PerfectAnswerOut {
            patient_id: patient.as_str().to_owned(),
            encounter_id: uid.as_str().to_owned(),
        },
    )
}

/// The patient with the request's MRN, their name and birth date brought
/// up to date; or a new patient. Two requests making the same new patient
/// at once: the MRN is unique, and the loser finds the winner's.
async fn patient(cx: &Ctx, actor: &Actor, input: &PerfectAnswer) -> ApiResult<PatientProfileUid> {
    let org = actor.org();
    let found = repo::patients::by_mrn(&cx.db, org, &input.mrn).await?;
    if let Some(row) = found.into_iter().next() {
        patients::update_with(
            cx,
            actor,
            &row.patient_uid,
            input.demographics(),
            PatientUpdate::MergePatch,
            Dialect::Solo,
        )
        .await?;
        return Ok(row.patient_uid);
    }
    match patients::create_with(cx, actor, input.demographics(), Dialect::Solo).await {
        Ok(created) => Ok(created.patient_uid),
        Err(e) => repo::patients::by_mrn(&cx.db, org, &input.mrn)
            .await?
            .into_iter()
            .next()
            .map(|row| row.patient_uid)
            .ok_or(e),
    }
}

async fn shown(cx: &Ctx, caller: &Caller, row: config::LocationRow) -> ApiResult<LocationOut> {
    let name = shops::find(&cx.db, &caller.org, &row.shop_uid)
        .await?
        .map(|s| s.name)
        .unwrap_or_default();
    Ok(location_out(
        &row.location_id,
        &name,
        &templates_from_text(&row.templates),
    ))
}

fn location_id(raw: &str) -> ApiResult<String> {
    pa::uuid(raw).ok_or_else(|| {
        bad(SoloError {
            field: "locationId".into(),
            problem: "This is not a valid UUID.".into(),
        })
    })
}

pub async fn list_locations(cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let rows = config::locations(&cx.db, &caller.org).await?;
    let mut out = Vec::with_capacity(rows.len());
    let names: BTreeMap<ShopUid, String> = shops::all(&cx.db, &caller.org)
        .await?
        .into_iter()
        .map(|s| (s.shop_uid, s.name))
        .collect();
    for row in rows {
        let name = names.get(&row.shop_uid).cloned().unwrap_or_default();
        out.push(location_out(
            &row.location_id,
            &name,
            &templates_from_text(&row.templates),
        ));
    }
    json(200, &out)
}

pub async fn put_location(
    req: &mut Request,
    cx: &Ctx,
    caller: &Caller,
    actor: &Actor,
    raw_id: &str,
) -> ApiResult<Response> {
    let id = location_id(raw_id)?;
    let input = pa::location_in(json_body(req).await?.into_value()).map_err(bad)?;
    let shop = room(cx, actor, &input.waiting_room, "waitingRoom").await?;
    config::put_location(
        &cx.db,
        &caller.org,
        &id,
        &shop.shop_uid,
        &templates_text(&input.templates),
        cx.now,
    )
    .await?;
    audited(cx, caller, "perfect_answer_location.saved", &id).await?;
    let row = config::location(&cx.db, &caller.org, &id)
        .await?
        .ok_or_else(|| ApiError::Internal("a perfect-answer location was not stored".into()))?;
    json(200, &shown(cx, caller, row).await?)
}

pub async fn delete_location(cx: &Ctx, caller: &Caller, raw_id: &str) -> ApiResult<Response> {
    let id = location_id(raw_id)?;
    if !config::delete_location(&cx.db, &caller.org, &id).await? {
        return Err(ApiError::not_found("perfect-answer location"));
    }
    audited(cx, caller, "perfect_answer_location.deleted", &id).await?;
    Ok(Response::empty()?.with_status(204))
}
