//! Seed 002's `visitUrl`, the patient's online check-in link
//! (`frontdesk_core::compat::check_in`): opening it checks the patient in
//! (once) and redirects to their per-visit link, which shows the wait page
//! and then the call.

use frontdesk_core::compat::check_in;
use frontdesk_worker::context::Ctx;
use frontdesk_worker::edge::origin;
use frontdesk_worker::error::{ApiError, ApiResult};
use frontdesk_worker::service::{appointments, Actor};
use worker::{Request, Response};

pub async fn open(req: &Request, cx: &Ctx, token: &str) -> ApiResult<Response> {
    // Every way a link can be wrong gets the same answer.
    let claims = check_in::verify(token, cx.config.watch_secret.as_bytes(), cx.now).ok_or(
        ApiError::Gone("this check-in link is not valid or has expired"),
    )?;
    let origin = origin(req)?;
    // The signed claims are the authority: they name the organisation and
    // the appointment, and the patient acts through them.
    let actor = Actor::System(claims.org.clone());
    let a = appointments::get(cx, &actor, claims.a.clone())
        .await?
        .appointment;
    if a.queue_uid.is_none() {
        appointments::check_in(cx, &actor, claims.a.clone(), &origin).await?;
    }
    let links = appointments::visit_links(cx, &actor, claims.a, &origin).await?;
    let to = links
        .patient_visit_url
        .ok_or_else(|| ApiError::Internal("a checked-in visit has no patient link".into()))?;
    let mut resp = Response::empty()?.with_status(302);
    resp.headers_mut().set("Location", &to)?;
    Ok(resp)
}
