//! Handlers for notification subscriptions (admin scope), their delivery
//! log, and the local message outbox. How events are stored and delivered
//! is `publish` and `notifier`.

use frontdesk_core::view;
use frontdesk_core::view::webhooks::{CreatedSubscription, Subscription};
use frontdesk_core::wire::{Body, WebhookSettings};
use worker::{Env, Request, Response};

use crate::auth::Caller;
use crate::config::Config;
use crate::context::Ctx;
use crate::edge::{json, json_body};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::notifier;
use crate::paging::Page;
use crate::repo::{self, audit, messages};
use crate::service::webhooks::{self, Format};

/// A subscription's settings, as created or replaced.
fn parse_settings(env: &Env, body: &Body) -> ApiResult<WebhookSettings> {
    Ok(WebhookSettings::parse(
        body,
        Config::get(env)?.allow_private_webhook_urls,
    )?)
}

/// Creates a subscription; the signing secret is shown here only (and
/// stored sealed).
pub async fn create(req: &mut Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let settings = parse_settings(&cx.env, &json_body(req).await?)?;
    let made = webhooks::create(cx, caller, &settings, Format::Standard).await?;
    let created = CreatedSubscription {
        subscription: made.row.into(),
        secret: made.secret,
    };
    json(201, &created)
}

pub async fn list(req: &Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let page = Page::from_query(&req.url()?)?;
    json(
        200,
        &repo::webhooks::list_subscriptions(&cx.db, &caller.org, &page).await?,
    )
}

pub async fn get(cx: &Ctx, caller: &Caller, id: &str) -> ApiResult<Response> {
    json(
        200,
        &Subscription::from(webhooks::get(cx, caller, id).await?),
    )
}

/// Replaces url, event types, headers and `enabled` (re-enabling clears
/// the reason a 410 disabled it).
pub async fn update(req: &mut Request, cx: &Ctx, caller: &Caller, id: &str) -> ApiResult<Response> {
    webhooks::get(cx, caller, id).await?;
    let settings = parse_settings(&cx.env, &json_body(req).await?)?;
    let row = webhooks::update(cx, caller, id, &settings).await?;
    json(200, &Subscription::from(row))
}

pub async fn delete(cx: &Ctx, caller: &Caller, id: &str) -> ApiResult<Response> {
    webhooks::delete(cx, caller, id).await?;
    json(
        200,
        &view::webhooks::SubscriptionDeleted {
            subscription_id: id.to_owned(),
            deleted: true,
        },
    )
}

/// The delivery log: newest first, each delivery with every attempt's
/// status code and timing.
pub async fn deliveries(req: &Request, cx: &Ctx, caller: &Caller, id: &str) -> ApiResult<Response> {
    let Ctx { db, .. } = cx;
    webhooks::get(cx, caller, id).await?;
    let page = Page::from_query(&req.url()?)?;
    json(
        200,
        &repo::webhooks::deliveries(db, &caller.org, id, &page).await?,
    )
}

/// Sends a delivery again now, with a fresh retry schedule.
pub async fn redeliver(
    cx: &Ctx,
    caller: &Caller,
    id: &str,
    delivery_id: &str,
) -> ApiResult<Response> {
    let Ctx { env, db, .. } = cx;
    let sub = webhooks::get(cx, caller, id).await?;
    if !sub.enabled {
        return Err(ApiError::conflict(
            ErrorCode::SubscriptionDisabled,
            "enable the subscription before redelivering",
        ));
    }
    let at = cx.now;
    let entry = audit::Entry {
        actor: &caller.key_id,
        action: "webhook_delivery.redelivered",
        target: delivery_id,
        outcome: "ok",
    };
    let changed = db
        .commit_counted(vec![
            repo::webhooks::redeliver(db, &caller.org, id, delivery_id, at)?,
            audit::statement_if_changed(db, &caller.org, entry, at)?,
        ])
        .await?;
    if changed.first().copied().unwrap_or(0) == 0 {
        return Err(ApiError::not_found("delivery"));
    }
    notifier::kick(env, &caller.org).await?;
    json(
        202,
        &view::webhooks::RedeliveryAccepted {
            delivery_id: delivery_id.to_owned(),
            status: "pending",
        },
    )
}

/// The messages sent for reminders. With no provider configured (as under
/// `make dev`) this is the provider: a local outbox to read.
pub async fn messages(req: &Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let Ctx { db, .. } = cx;
    let page = Page::from_query(&req.url()?)?;
    let listing = messages::list(db, &caller.org, &page).await?;
    // Messages carry patients' addresses: reading them is audited.
    let entry = audit::Entry {
        actor: &caller.key_id,
        action: "messages.read",
        target: "sent_messages",
        outcome: "ok",
    };
    audit::record(db, &caller.org, entry, cx.now).await?;
    json(200, &listing)
}
