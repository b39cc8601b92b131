//! Seed 002's patients: create, and get and update by id or by SPID.

use frontdesk_core::compat::solo::{self, GroupForm, SoloError, EXTERNAL_ID};
use frontdesk_core::endpoint::PatientUpdate;
use frontdesk_core::error_code::ErrorCode;
use frontdesk_core::ids::PatientProfileUid;
use frontdesk_core::patient::Dialect;
use frontdesk_worker::context::Ctx;
use frontdesk_worker::edge::{json, json_body};
use frontdesk_worker::error::{ApiError, ApiResult};
use frontdesk_worker::repo;
use frontdesk_worker::service::{patients, Actor};
use serde_json::Value;
use worker::{Request, Response};

use super::{patient_by_spid, patient_uid};

pub fn bad(e: SoloError) -> ApiError {
    ApiError::BadRequest {
        code: ErrorCode::InvalidRequest,
        field: Some(e.field),
        message: e.problem,
    }
}

/// `POST /qapi/v1/patients`: the client's `id` is required; the answer is
/// the new patient's SPID.
pub async fn create(req: &mut Request, cx: &Ctx, actor: &Actor) -> ApiResult<Response> {
    let body = json_body(req).await?.into_value();
    let input = solo::patient_in(body, None).map_err(bad)?;
    let Some(id) = input.id else {
        return Err(bad(SoloError {
            field: "id".into(),
            problem: "This value should not be blank.".into(),
        }));
    };
    let taken = repo::patients::by_identifier(&cx.db, actor.org(), EXTERNAL_ID, &id).await?;
    if !taken.is_empty() {
        return Err(ApiError::conflict(
            ErrorCode::IdentifierTaken,
            "A patient with this id already exists",
        ));
    }
    let created = patients::create_with(cx, actor, input.record, Dialect::Solo).await?;
    let spid = spid(cx, actor, &created.patient_uid).await?;
    json(201, &spid)
}

pub async fn get(cx: &Ctx, actor: &Actor, id: &str) -> ApiResult<Response> {
    let uid = patient_uid(cx, actor, id).await?;
    show(cx, actor, &uid, GroupForm::Object).await
}

pub async fn get_by_spid(cx: &Ctx, actor: &Actor, spid: &str) -> ApiResult<Response> {
    let uid = patient_by_spid(cx, actor, spid).await?;
    show(cx, actor, &uid, GroupForm::Flat).await
}

pub async fn update(req: &mut Request, cx: &Ctx, actor: &Actor, id: &str) -> ApiResult<Response> {
    let uid = patient_uid(cx, actor, id).await?;
    change(req, cx, actor, &uid).await
}

pub async fn update_by_spid(
    req: &mut Request,
    cx: &Ctx,
    actor: &Actor,
    spid: &str,
) -> ApiResult<Response> {
    let uid = patient_by_spid(cx, actor, spid).await?;
    change(req, cx, actor, &uid).await
}

async fn show(
    cx: &Ctx,
    actor: &Actor,
    uid: &PatientProfileUid,
    form: GroupForm,
) -> ApiResult<Response> {
    let patient = patients::get(cx, actor, uid).await?;
    json(200, &solo::patient_out(&patient.record, form))
}

/// Every field is optional on an update: what the body names replaces the
/// stored value, the rest stays. The answer is seed 002's `[]`.
async fn change(
    req: &mut Request,
    cx: &Ctx,
    actor: &Actor,
    uid: &PatientProfileUid,
) -> ApiResult<Response> {
    let body = json_body(req).await?.into_value();
    let stored = repo::patients::find(&cx.db, actor.org(), uid)
        .await?
        .ok_or_else(|| ApiError::not_found("patient"))?;
    let input = solo::patient_in(body, Some(&stored.body)).map_err(bad)?;
    if let Some(id) = &input.id {
        let holders = repo::patients::by_identifier(&cx.db, actor.org(), EXTERNAL_ID, id).await?;
        if holders.iter().any(|h| &h.patient_uid != uid) {
            return Err(ApiError::conflict(
                ErrorCode::IdentifierTaken,
                "A patient with this id already exists",
            ));
        }
    }
    patients::update_with(
        cx,
        actor,
        uid,
        input.record,
        PatientUpdate::MergePatch,
        Dialect::Solo,
    )
    .await?;
    json(200, &Value::Array(Vec::new()))
}

pub async fn spid(cx: &Ctx, actor: &Actor, uid: &PatientProfileUid) -> ApiResult<i64> {
    repo::patients::spid(&cx.db, actor.org(), uid)
        .await?
        .ok_or_else(|| ApiError::Internal("a patient has no SPID".into()))
}
