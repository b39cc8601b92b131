//! Seed 002's MS Teams provider link (`frontdesk_core::compat::teams`):
//! the appointment's one online meeting, made through Microsoft Graph at
//! the configured `GRAPH_BASE_URL` with the caller's `Teams-Auth-Token`.

use frontdesk_core::compat::solo_records::{SoloErrorBody, SoloMessage};
use frontdesk_core::compat::teams::{self, MeetingRequest, TeamsLink};
use frontdesk_worker::context::Ctx;
use frontdesk_worker::edge::json;
use frontdesk_worker::error::{ApiError, ApiResult};
use frontdesk_worker::repo::{teams as meetings, vendor_ids};
use frontdesk_worker::service::{appointments, Actor};
use worker::wasm_bindgen::JsValue;
use worker::{Fetch, Headers, Method, Request, RequestInit, Response};

use super::appointments::appointment;

fn graph_failed(why: &str) -> ApiResult<Response> {
    let body = SoloErrorBody {
        error: SoloMessage {
            message: format!("Microsoft Graph did not make the meeting: {why}"),
        },
    };
    json(502, &body)
}

pub async fn provider_link(
    req: &Request,
    cx: &Ctx,
    actor: &Actor,
    id: &str,
) -> ApiResult<Response> {
    let token = req
        .headers()
        .get(teams::TOKEN_HEADER)?
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty() && t.len() <= 16 * 1024)
        .ok_or_else(|| ApiError::bad_field(teams::TOKEN_HEADER, "This header is required."))?;
    let uid = appointment(cx, actor, id).await?;
    let a = appointments::get(cx, actor, uid.clone()).await?.appointment;
    let said = vendor_ids::said(&cx.db, actor.org(), &uid).await?;
    if let Some(url) = meetings::join_url(&cx.db, actor.org(), &uid).await? {
        return json(
            200,
            &TeamsLink {
                id: said,
                ms_teams_provider_visit_url: url,
            },
        );
    }
    let body = serde_json::to_string(&MeetingRequest::new(uid.as_str(), a.start, a.end))?;
    let headers = Headers::new();
    headers.set("Authorization", &format!("Bearer {token}"))?;
    headers.set("Content-Type", "application/json")?;
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(headers)
        .with_body(Some(JsValue::from_str(&body)));
    let url = format!("{}{}", cx.config.graph_base_url, teams::CREATE_OR_GET);
    let mut resp = match Fetch::Request(Request::new_with_init(&url, &init)?)
        .send()
        .await
    {
        Ok(resp) => resp,
        Err(_) => return graph_failed("it could not be reached"),
    };
    match resp.status_code() {
        200 | 201 => {}
        401 | 403 => {
            return Err(ApiError::bad_field(
                teams::TOKEN_HEADER,
                "Microsoft Graph refused this token.",
            ))
        }
        status => return graph_failed(&format!("it answered {status}")),
    }
    let Some(join) = teams::join_url(&resp.bytes().await?) else {
        return graph_failed("its answer had no meeting link");
    };
    let kept = meetings::keep(&cx.db, actor.org(), &uid, &join, cx.now).await?;
    json(
        200,
        &TeamsLink {
            id: said,
            ms_teams_provider_visit_url: kept,
        },
    )
}
