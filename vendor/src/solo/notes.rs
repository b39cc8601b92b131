//! Seed 002's visit note (`frontdesk_core::compat::solo_notes`) over the
//! visit-notes service `/v1` uses.

use frontdesk_core::compat::solo_notes::{self, note_out};
use frontdesk_core::records::note::etag;
use frontdesk_core::wire::ReplaceNote;
use frontdesk_worker::context::Ctx;
use frontdesk_worker::edge::{json, json_body};
use frontdesk_worker::error::{ApiError, ApiResult};
use frontdesk_worker::service::{records, Actor};
use serde_json::Value;
use worker::{Request, Response};

use super::appointments::appointment;
use super::patients::bad;

pub async fn get(cx: &Ctx, actor: &Actor, id: &str) -> ApiResult<Response> {
    let uid = appointment(cx, actor, id).await?;
    json(200, &note_out(records::get_note(cx, actor, &uid).await?))
}

/// Seed 002 sends no version: the answers replace the note as it is read
/// just before.
pub async fn update(req: &mut Request, cx: &Ctx, actor: &Actor, id: &str) -> ApiResult<Response> {
    let uid = appointment(cx, actor, id).await?;
    let update = solo_notes::note_update(json_body(req).await?.into_value()).map_err(bad)?;
    let templates = records::templates(cx, actor, Some(&uid.shop())).await?;
    let template = templates
        .into_iter()
        .find(|t| t.name == update.name)
        .ok_or_else(|| {
            ApiError::bad_field(
                "name",
                "No note template of the appointment's shop has this name.",
            )
        })?;
    let answers = solo_notes::answers(&template.flow, &update).map_err(bad)?;
    let current = records::get_note(cx, actor, &uid).await?;
    let replace = ReplaceNote {
        template_uid: template.template_uid,
        answers,
    };
    records::replace_note(cx, actor, &uid, Some(etag(current.version)), replace).await?;
    json(200, &Value::Array(Vec::new()))
}
