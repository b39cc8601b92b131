//! Handlers for notification subscriptions (admin scope), their delivery
//! log, and the local message outbox. How events are stored and delivered
//! is `publish` and `notifier`.

use frontdesk_core::ids::OrgUid;
use frontdesk_core::sealed::seal;
use frontdesk_core::view;
use frontdesk_core::view::webhooks::{CreatedSubscription, Subscription};
use frontdesk_core::webhook::new_secret;
use frontdesk_core::wire::{Body, WebhookSettings};
use worker::{Env, Request, Response};

use crate::ambient::entropy;
use crate::auth::Caller;
use crate::config::Config;
use crate::context::Ctx;
use crate::edge::{json, json_body};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::notifier;
use crate::paging::Page;
use crate::repo::webhooks::SubscriptionRow;
use crate::repo::{self, audit, messages, Db};

/// A subscription's settings, as created or replaced.
fn parse_settings(env: &Env, body: &Body) -> ApiResult<WebhookSettings> {
    Ok(WebhookSettings::parse(
        body,
        Config::get(env)?.allow_private_webhook_urls,
    )?)
}

async fn own(db: &Db, org: &OrgUid, id: &str) -> ApiResult<SubscriptionRow> {
    repo::webhooks::find_subscription(db, org, id)
        .await?
        .ok_or_else(|| ApiError::not_found("subscription"))
}

fn settings_of(settings: &WebhookSettings) -> repo::webhooks::Settings<'_> {
    repo::webhooks::Settings {
        url: settings.url.as_str(),
        event_types: &settings.event_types,
        headers: &settings.headers,
        enabled: settings.enabled,
    }
}

/// Creates a subscription; the signing secret is shown here only (and
/// stored sealed).
pub async fn create(req: &mut Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let Ctx { env, db, .. } = cx;
    let settings = parse_settings(env, &json_body(req).await?)?;
    let id = format!(
        "whs_{}",
        data_encoding::BASE32_DNSSEC.encode(&entropy::<16>())
    );
    let secret = new_secret(&entropy::<24>());
    let aad = format!("{}/{id}", caller.org);
    let sealed = seal(
        &cx.config.master_key,
        &entropy::<12>(),
        secret.as_bytes(),
        aad.as_bytes(),
    );
    let at = cx.now;
    let limit = cx.config.limits.webhook_subscriptions_per_org;
    let insert = repo::webhooks::insert_subscription(
        db,
        &caller.org,
        &id,
        &sealed,
        &settings_of(&settings),
        limit,
        at,
    )?;
    let entry = audit::Entry {
        actor: &caller.key_id,
        action: "webhook_subscription.created",
        target: &id,
        outcome: "ok",
    };
    let changed = db
        .commit_counted(vec![
            insert,
            audit::statement_if_changed(db, &caller.org, entry, at)?,
        ])
        .await?;
    if changed.first().copied().unwrap_or(0) == 0 {
        return Err(ApiError::LimitReached {
            field: "url",
            message: format!(
                "an organisation may have at most {limit} webhook subscriptions; delete one first"
            ),
        });
    }
    let created = CreatedSubscription {
        subscription: own(db, &caller.org, &id).await?.into(),
        secret,
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
    let sub = own(&cx.db, &caller.org, id).await?;
    json(200, &Subscription::from(sub))
}

/// Replaces url, event types, headers and `enabled` (re-enabling clears
/// the reason a 410 disabled it).
pub async fn update(req: &mut Request, cx: &Ctx, caller: &Caller, id: &str) -> ApiResult<Response> {
    let Ctx { env, db, .. } = cx;
    own(db, &caller.org, id).await?;
    let settings = parse_settings(env, &json_body(req).await?)?;
    let at = cx.now;
    let entry = audit::Entry {
        actor: &caller.key_id,
        action: "webhook_subscription.updated",
        target: id,
        outcome: "ok",
    };
    let update =
        repo::webhooks::update_subscription(db, &caller.org, id, &settings_of(&settings), at)?;
    db.commit(vec![update, audit::statement(db, &caller.org, entry, at)?])
        .await?;
    json(200, &Subscription::from(own(db, &caller.org, id).await?))
}

pub async fn delete(cx: &Ctx, caller: &Caller, id: &str) -> ApiResult<Response> {
    let Ctx { db, .. } = cx;
    own(db, &caller.org, id).await?;
    let entry = audit::Entry {
        actor: &caller.key_id,
        action: "webhook_subscription.deleted",
        target: id,
        outcome: "ok",
    };
    let mut statements = Vec::from(repo::webhooks::delete_subscription(db, &caller.org, id)?);
    statements.push(audit::statement(db, &caller.org, entry, cx.now)?);
    db.commit(statements).await?;
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
    own(db, &caller.org, id).await?;
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
    let sub = own(db, &caller.org, id).await?;
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
