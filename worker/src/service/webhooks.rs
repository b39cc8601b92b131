//! Webhook subscriptions, for the admin's key: created with a secret that
//! is shown once (sealed at rest), replaced, deleted. Frontdesk's own
//! `/v1` and seed 002's `/qapi/v1` share them; a subscription's `format`
//! says how its deliveries are written (`notifier`).

use data_encoding::BASE64;
use frontdesk_core::sealed::{open, seal};
use frontdesk_core::webhook::new_secret;
use frontdesk_core::wire::WebhookSettings;

use crate::ambient::entropy;
use crate::auth::Caller;
use crate::context::Ctx;
use crate::error::{ApiError, ApiResult};
use crate::repo::webhooks::{NewSubscription, Settings, SubscriptionRow};
use crate::repo::{self, audit};

/// How a subscription's deliveries are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The event as JSON, signed (Standard Webhooks); secret `whsec_…`.
    Standard,
    /// Seed 002's encrypted payload, signed too; the secret is its
    /// `encryptionKey`, 16 random bytes in base64.
    Solo,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Standard => "standard",
            Format::Solo => "solo",
        }
    }
}

pub struct Created {
    pub row: SubscriptionRow,
    /// Shown here only (and, for seed 002's, on its reads).
    pub secret: String,
}

fn settings_of(settings: &WebhookSettings) -> Settings<'_> {
    Settings {
        url: settings.url.as_str(),
        event_types: &settings.event_types,
        headers: &settings.headers,
        enabled: settings.enabled,
    }
}

fn aad(caller: &Caller, id: &str) -> String {
    format!("{}/{id}", caller.org)
}

pub async fn get(cx: &Ctx, caller: &Caller, id: &str) -> ApiResult<SubscriptionRow> {
    repo::webhooks::find_subscription(&cx.db, &caller.org, id)
        .await?
        .ok_or_else(|| ApiError::not_found("subscription"))
}

pub async fn create(
    cx: &Ctx,
    caller: &Caller,
    settings: &WebhookSettings,
    format: Format,
) -> ApiResult<Created> {
    let db = &cx.db;
    let id = format!(
        "whs_{}",
        data_encoding::BASE32_DNSSEC.encode(&entropy::<16>())
    );
    let secret = match format {
        Format::Standard => new_secret(&entropy::<24>()),
        Format::Solo => BASE64.encode(&entropy::<16>()),
    };
    let sealed = seal(
        &cx.config.master_key,
        &entropy::<12>(),
        secret.as_bytes(),
        aad(caller, &id).as_bytes(),
    );
    let at = cx.now;
    let limit = cx.config.limits.webhook_subscriptions_per_org;
    let new = NewSubscription {
        id: &id,
        sealed_secret: &sealed,
        format: format.as_str(),
    };
    let insert = repo::webhooks::insert_subscription(
        db,
        &caller.org,
        &new,
        &settings_of(settings),
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
    Ok(Created {
        row: get(cx, caller, &id).await?,
        secret,
    })
}

/// The subscription's secret, unsealed: seed 002's API shows its
/// `encryptionKey` on every read of the subscription.
pub async fn secret(cx: &Ctx, caller: &Caller, id: &str) -> ApiResult<String> {
    let sealed = repo::webhooks::sealed_secret(&cx.db, &caller.org, id)
        .await?
        .ok_or_else(|| ApiError::not_found("subscription"))?;
    let plain = open(&cx.config.master_key, &sealed, aad(caller, id).as_bytes())
        .map_err(|e| ApiError::Internal(format!("subscription secret: {e}")))?;
    Ok(String::from_utf8_lossy(&plain).into_owned())
}

/// Replaces url, event types, headers and `enabled` (re-enabling clears
/// the reason a 410 disabled it).
pub async fn update(
    cx: &Ctx,
    caller: &Caller,
    id: &str,
    settings: &WebhookSettings,
) -> ApiResult<SubscriptionRow> {
    let db = &cx.db;
    get(cx, caller, id).await?;
    let at = cx.now;
    let entry = audit::Entry {
        actor: &caller.key_id,
        action: "webhook_subscription.updated",
        target: id,
        outcome: "ok",
    };
    let update =
        repo::webhooks::update_subscription(db, &caller.org, id, &settings_of(settings), at)?;
    db.commit(vec![update, audit::statement(db, &caller.org, entry, at)?])
        .await?;
    get(cx, caller, id).await
}

/// Deletes the subscription and cancels its pending deliveries.
pub async fn delete(cx: &Ctx, caller: &Caller, id: &str) -> ApiResult<()> {
    let db = &cx.db;
    get(cx, caller, id).await?;
    let entry = audit::Entry {
        actor: &caller.key_id,
        action: "webhook_subscription.deleted",
        target: id,
        outcome: "ok",
    };
    let mut statements = Vec::from(repo::webhooks::delete_subscription(db, &caller.org, id)?);
    statements.push(audit::statement(db, &caller.org, entry, cx.now)?);
    db.commit(statements).await
}
