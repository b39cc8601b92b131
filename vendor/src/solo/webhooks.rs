//! Seed 002's webhooks: Frontdesk's subscriptions in the `solo` format,
//! whose deliveries the main Worker's notifier encrypts as seed 002 does
//! (`frontdesk_core::compat::solo_crypto`) and signs as every delivery.

use frontdesk_core::compat::solo::{self, WebhookOut};
use frontdesk_core::wire::{Body, WebhookSettings};
use frontdesk_worker::auth::Caller;
use frontdesk_worker::context::Ctx;
use frontdesk_worker::edge::{json, json_body};
use frontdesk_worker::error::{ApiError, ApiResult};
use frontdesk_worker::repo;
use frontdesk_worker::repo::webhooks::SubscriptionRow;
use frontdesk_worker::service::webhooks::{self, Format};
use worker::{Request, Response};

use super::patients::bad;

fn out(row: SubscriptionRow, encryption_key: Option<String>) -> WebhookOut {
    WebhookOut {
        id: row.subscription_id,
        endpoint: row.url,
        events: row.event_types,
        encryption_key,
    }
}

async fn settings(req: &mut Request, cx: &Ctx) -> ApiResult<WebhookSettings> {
    let body = solo::webhook_in(json_body(req).await?.into_value()).map_err(bad)?;
    let body = Body::from_value("body", Some(&body))?;
    Ok(WebhookSettings::parse(
        &body,
        cx.config.allow_private_webhook_urls,
    )?)
}

/// Seed 002's webhooks are the organisation's `solo` subscriptions.
async fn own(cx: &Ctx, caller: &Caller, id: &str) -> ApiResult<SubscriptionRow> {
    let row = webhooks::get(cx, caller, id).await?;
    if row.format != Format::Solo.as_str() {
        return Err(ApiError::not_found("subscription"));
    }
    Ok(row)
}

pub async fn create(req: &mut Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let settings = settings(req, cx).await?;
    let made = webhooks::create(cx, caller, &settings, Format::Solo).await?;
    json(201, &out(made.row, Some(made.secret)))
}

pub async fn list(cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let rows =
        repo::webhooks::subscriptions_of_format(&cx.db, &caller.org, Format::Solo.as_str()).await?;
    let listed: Vec<WebhookOut> = rows.into_iter().map(|r| out(r, None)).collect();
    json(200, &listed)
}

pub async fn get(cx: &Ctx, caller: &Caller, id: &str) -> ApiResult<Response> {
    let row = own(cx, caller, id).await?;
    let key = webhooks::secret(cx, caller, id).await?;
    json(200, &out(row, Some(key)))
}

pub async fn update(req: &mut Request, cx: &Ctx, caller: &Caller, id: &str) -> ApiResult<Response> {
    own(cx, caller, id).await?;
    let settings = settings(req, cx).await?;
    let row = webhooks::update(cx, caller, id, &settings).await?;
    json(200, &out(row, None))
}

pub async fn delete(cx: &Ctx, caller: &Caller, id: &str) -> ApiResult<Response> {
    own(cx, caller, id).await?;
    webhooks::delete(cx, caller, id).await?;
    Ok(Response::empty()?.with_status(204))
}
