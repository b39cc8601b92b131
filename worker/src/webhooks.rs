//! Notification subscriptions (admin scope) and where the shops' events go.
//!
//! An event leaving a shop's outbox is stored once in D1 `events`, and one
//! `webhook_deliveries` row is made for each enabled subscription that asks
//! for its type; reminder events that ask Frontdesk to send an email or SMS
//! also queue a `sent_messages` row. The organisation's notifier object then
//! delivers them (see `notifier`). Every step is an idempotent insert keyed
//! by the event id, so an outbox delivered twice changes nothing.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use data_encoding::BASE32_DNSSEC;

use frontdesk_core::ids::OrgUid;
use frontdesk_core::sealed::seal;
use frontdesk_core::webhook::new_secret;
use frontdesk_core::wire::{Body, WebhookSettings};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use worker::wasm_bindgen::JsValue;
use worker::{D1PreparedStatement, Env, Request, Response};

use crate::ambient::{entropy, now};
use crate::audit;
use crate::auth::Caller;
use crate::config::Config;
use crate::context::Ctx;
use crate::directory::{changes, s, timestamp, Directory, Listing, Page};
use crate::edge::{json, json_body};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::notifier;

/// A new event, in the one shape every event has: `data` holds ids, times
/// and statuses only, which is all a receiver needs to look the rest up
/// with its own credentials.
pub fn event(kind: &str, org: &str, data: Value, now: DateTime<Utc>) -> Value {
    json!({
        "id": format!("evt_{}", BASE32_DNSSEC.encode(&entropy::<16>())),
        "type": kind,
        "occurred_at": timestamp(now),
        "organization_uid": org,
        "data": data,
    })
}

/// Stores events and their pending deliveries, then wakes the
/// organisations' notifiers.
pub async fn record_events(env: &Env, dir: &Directory, events: &[Value]) -> ApiResult<()> {
    if events.is_empty() {
        return Ok(());
    }
    // Reached from the shop object, which reads its own clock.
    dir.batch(event_statements(dir, events, now())?).await?;
    wake(env, events).await
}

/// Wakes the notifier of each organisation among `events`, once their
/// statements are stored.
pub async fn wake(env: &Env, events: &[Value]) -> ApiResult<()> {
    let orgs: BTreeSet<&str> = events
        .iter()
        .filter_map(|e| e["organization_uid"].as_str())
        .collect();
    for org in orgs {
        if let Ok(org) = OrgUid::parse(org) {
            notifier::kick(env, &org).await?;
        }
    }
    Ok(())
}

/// The statements that store `events` with their deliveries and messages,
/// for a caller to run in the same D1 batch as the change they report.
pub fn event_statements(
    dir: &Directory,
    events: &[Value],
    now: DateTime<Utc>,
) -> ApiResult<Vec<D1PreparedStatement>> {
    let mut statements = Vec::new();
    for e in events {
        let id = e["id"].as_str().unwrap_or_default();
        let org = e["organization_uid"].as_str().unwrap_or_default();
        let kind = e["type"].as_str().unwrap_or_default();
        let at = e["occurred_at"].as_str().unwrap_or_default();
        statements.push(dir.stmt(
            "INSERT OR IGNORE INTO events (event_id, org_uid, type, occurred_at, payload) VALUES (?1, ?2, ?3, ?4, ?5)",
            &[s(id), s(org), s(kind), s(at), s(&e.to_string())],
        )?);
        statements.push(dir.stmt(
            "INSERT OR IGNORE INTO webhook_deliveries
                 (delivery_id, org_uid, subscription_id, event_id, status, attempts, next_attempt_at, created_at)
             SELECT 'msg_' || substr(?1, 5) || '_' || substr(subscription_id, 5), org_uid, subscription_id, ?1,
                    'pending', 0, ?3, ?4
             FROM webhook_subscriptions
             WHERE org_uid = ?2 AND enabled = 1 AND (' ' || event_types || ' ') LIKE ('% ' || ?5 || ' %')",
            &[
                s(id),
                s(org),
                JsValue::from(now.timestamp_millis() as f64),
                s(&timestamp(now)),
                s(kind),
            ],
        )?);
        if kind == "APPOINTMENT_REMINDER_DUE" {
            let data = &e["data"];
            for (channel, wanted) in [
                ("email", data["send_email"] == true),
                ("sms", data["send_sms"] == true),
            ] {
                if wanted {
                    statements.push(dir.stmt(
                        "INSERT OR IGNORE INTO sent_messages
                             (message_id, org_uid, event_id, channel, recipient, status, body, created_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, 'queued', ?6, ?7)",
                        &[
                            s(&format!("{id}:{channel}")),
                            s(org),
                            s(id),
                            s(channel),
                            s(data["recipient"].as_str().unwrap_or_default()),
                            s(&reminder_text(data)),
                            s(&timestamp(now)),
                        ],
                    )?);
                }
            }
        }
    }
    Ok(statements)
}

/// The reminder's wording: the time, and nothing a bystander should read.
fn reminder_text(data: &Value) -> String {
    format!(
        "Reminder: you have a telehealth appointment starting at {} (UTC).",
        data["start"].as_str().unwrap_or("the booked time")
    )
}

#[derive(Serialize, Deserialize)]
pub struct Subscription {
    pub subscription_id: String,
    pub url: String,
    #[serde(serialize_with = "words_as_list")]
    pub event_types: String,
    #[serde(serialize_with = "json_object")]
    pub headers: String,
    #[serde(serialize_with = "int_as_bool")]
    pub enabled: f64,
    pub disabled_reason: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

fn words_as_list<S: serde::Serializer>(v: &str, ser: S) -> Result<S::Ok, S::Error> {
    ser.collect_seq(v.split_whitespace())
}

fn json_object<S: serde::Serializer>(v: &str, ser: S) -> Result<S::Ok, S::Error> {
    serde_json::from_str::<Value>(v)
        .unwrap_or(Value::Null)
        .serialize(ser)
}

fn int_as_bool<S: serde::Serializer>(v: &f64, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_bool(*v != 0.0)
}

impl crate::directory::HasUid for Subscription {
    fn uid(&self) -> &str {
        &self.subscription_id
    }
}

const COLUMNS: &str =
    "subscription_id, url, event_types, headers, enabled, disabled_reason, created_at, updated_at";

/// A subscription's settings, as created or replaced.
fn parse_settings(env: &Env, body: &Body) -> ApiResult<WebhookSettings> {
    Ok(WebhookSettings::parse(
        body,
        Config::get(env)?.allow_private_webhook_urls,
    )?)
}

async fn own(dir: &Directory, org: &OrgUid, id: &str) -> ApiResult<Subscription> {
    dir.stmt(
        &format!("SELECT {COLUMNS} FROM webhook_subscriptions WHERE org_uid = ?1 AND subscription_id = ?2"),
        &[s(org.as_str()), s(id)],
    )?
    .first(None)
    .await?
    .ok_or_else(|| ApiError::not_found("subscription"))
}

/// Creates a subscription; the signing secret is shown here only (and
/// stored sealed).
pub async fn create(req: &mut Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let Ctx { env, dir, .. } = cx;
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
    let now = timestamp(at);
    let limit = cx.config.limits.webhook_subscriptions_per_org;
    // The cap is checked by the insert itself, so concurrent creations
    // cannot pass it together.
    let insert = dir.stmt(
        &format!(
            "INSERT INTO webhook_subscriptions (org_uid, sealed_secret, {COLUMNS})
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, ?8, ?8
             WHERE (SELECT COUNT(*) FROM webhook_subscriptions WHERE org_uid = ?1) < ?9"
        ),
        &[
            s(caller.org.as_str()),
            s(&sealed),
            s(&id),
            s(settings.url.as_str()),
            s(&settings.event_types.join(" ")),
            s(&Value::Object(settings.headers).to_string()),
            JsValue::from(settings.enabled as i32),
            s(&now),
            JsValue::from(limit),
        ],
    )?;
    let entry = audit::Entry {
        actor: &caller.key_id,
        action: "webhook_subscription.created",
        target: &id,
        outcome: "ok",
    };
    let results = dir
        .batch_results(vec![
            insert,
            audit::statement_if_changed(dir, &caller.org, entry, at)?,
        ])
        .await?;
    if changes(results.first())? == 0 {
        return Err(ApiError::LimitReached {
            field: "url",
            message: format!(
                "an organisation may have at most {limit} webhook subscriptions; delete one first"
            ),
        });
    }
    let mut body = serde_json::to_value(own(dir, &caller.org, &id).await?)?;
    body["secret"] = json!(secret);
    json(201, &body)
}

pub async fn list(req: &Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let Ctx { dir, .. } = cx;
    let page = Page::from_query(&req.url()?)?;
    let listing = dir
        .page::<Subscription>(
            &format!(
                "SELECT {COLUMNS} FROM webhook_subscriptions
                 WHERE org_uid = ?1 AND subscription_id > ?2 ORDER BY subscription_id LIMIT ?3"
            ),
            vec![s(caller.org.as_str())],
            &page,
        )
        .await?;
    json(200, &listing)
}

pub async fn get(cx: &Ctx, caller: &Caller, id: &str) -> ApiResult<Response> {
    let Ctx { dir, .. } = cx;
    json(200, &own(dir, &caller.org, id).await?)
}

/// Replaces url, event types, headers and `enabled` (re-enabling clears
/// the reason a 410 disabled it).
pub async fn update(req: &mut Request, cx: &Ctx, caller: &Caller, id: &str) -> ApiResult<Response> {
    let Ctx { env, dir, .. } = cx;
    own(dir, &caller.org, id).await?;
    let settings = parse_settings(env, &json_body(req).await?)?;
    let at = cx.now;
    let entry = audit::Entry {
        actor: &caller.key_id,
        action: "webhook_subscription.updated",
        target: id,
        outcome: "ok",
    };
    let update = dir.stmt(
        "UPDATE webhook_subscriptions SET url = ?3, event_types = ?4, headers = ?5, enabled = ?6,
             disabled_reason = CASE WHEN ?6 = 1 THEN NULL ELSE disabled_reason END, updated_at = ?7
         WHERE org_uid = ?1 AND subscription_id = ?2",
        &[
            s(caller.org.as_str()),
            s(id),
            s(settings.url.as_str()),
            s(&settings.event_types.join(" ")),
            s(&Value::Object(settings.headers).to_string()),
            JsValue::from(settings.enabled as i32),
            s(&timestamp(at)),
        ],
    )?;
    dir.batch(vec![update, audit::statement(dir, &caller.org, entry, at)?])
        .await?;
    json(200, &own(dir, &caller.org, id).await?)
}

pub async fn delete(cx: &Ctx, caller: &Caller, id: &str) -> ApiResult<Response> {
    let Ctx { dir, .. } = cx;
    own(dir, &caller.org, id).await?;
    dir.batch(vec![
        dir.stmt(
            "UPDATE webhook_deliveries SET status = 'cancelled', next_attempt_at = NULL
             WHERE subscription_id = ?1 AND status = 'pending'",
            &[s(id)],
        )?,
        dir.stmt(
            "DELETE FROM webhook_subscriptions WHERE org_uid = ?1 AND subscription_id = ?2",
            &[s(caller.org.as_str()), s(id)],
        )?,
        audit::statement(
            dir,
            &caller.org,
            audit::Entry {
                actor: &caller.key_id,
                action: "webhook_subscription.deleted",
                target: id,
                outcome: "ok",
            },
            cx.now,
        )?,
    ])
    .await?;
    json(200, &json!({ "subscription_id": id, "deleted": true }))
}

/// The delivery log: newest first, each delivery with every attempt's
/// status code and timing.
pub async fn deliveries(req: &Request, cx: &Ctx, caller: &Caller, id: &str) -> ApiResult<Response> {
    let Ctx { dir, .. } = cx;
    own(dir, &caller.org, id).await?;
    let page = Page::from_query(&req.url()?)?;
    #[derive(Deserialize)]
    struct Row {
        row: f64,
        delivery_id: String,
        event_id: String,
        event_type: String,
        status: String,
        attempts: f64,
        next_attempt_at: Option<f64>,
        created_at: String,
    }
    let rows: Listing<Row> = dir
        .newest_first(
            "SELECT d.rowid AS row, d.delivery_id, d.event_id, e.type AS event_type, d.status, d.attempts,
                    d.next_attempt_at, d.created_at
             FROM webhook_deliveries d JOIN events e ON e.event_id = d.event_id
             WHERE d.subscription_id = ?2 AND d.org_uid = ?1 AND d.rowid < ?3
             ORDER BY d.rowid DESC LIMIT ?4",
            vec![s(caller.org.as_str()), s(id)],
            &page,
            |r: &Row| r.row as i64,
        )
        .await?;
    #[derive(Deserialize)]
    struct Attempt {
        delivery_id: String,
        attempted_at: String,
        status_code: Option<f64>,
        duration_ms: f64,
        error: Option<String>,
    }
    // Every attempt of the page's deliveries, in one query.
    let ids: Vec<&str> = rows.data.iter().map(|r| r.delivery_id.as_str()).collect();
    let attempts: Vec<Attempt> = dir
        .stmt(
            "SELECT delivery_id, attempted_at, status_code, duration_ms, error FROM webhook_attempts
             WHERE delivery_id IN (SELECT value FROM json_each(?1)) ORDER BY id",
            &[s(&serde_json::to_string(&ids)?)],
        )?
        .all()
        .await?
        .results()?;
    let data: Vec<Value> = rows
        .data
        .iter()
        .map(|r| {
            json!({
                "delivery_id": r.delivery_id,
                "event_id": r.event_id,
                "event_type": r.event_type,
                "status": r.status,
                "attempt_count": r.attempts as i64,
                "next_attempt_at": r.next_attempt_at.map(|t| timestamp(chrono::DateTime::from_timestamp_millis(t as i64).unwrap_or_default())),
                "created_at": r.created_at,
                "attempts": attempts.iter().filter(|a| a.delivery_id == r.delivery_id).map(|a| json!({
                    "attempted_at": a.attempted_at,
                    "status_code": a.status_code.map(|c| c as i64),
                    "duration_ms": a.duration_ms as i64,
                    "error": a.error,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json(
        200,
        &Listing {
            data,
            next_cursor: rows.next_cursor,
        },
    )
}

/// Sends a delivery again now, with a fresh retry schedule.
pub async fn redeliver(
    cx: &Ctx,
    caller: &Caller,
    id: &str,
    delivery_id: &str,
) -> ApiResult<Response> {
    let Ctx { env, dir, .. } = cx;
    let sub = own(dir, &caller.org, id).await?;
    if sub.enabled == 0.0 {
        return Err(ApiError::conflict(
            ErrorCode::SubscriptionDisabled,
            "enable the subscription before redelivering",
        ));
    }
    let at = cx.now;
    let reset = dir.stmt(
        "UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?4
         WHERE org_uid = ?1 AND subscription_id = ?2 AND delivery_id = ?3",
        &[
            s(caller.org.as_str()),
            s(id),
            s(delivery_id),
            JsValue::from(at.timestamp_millis() as f64),
        ],
    )?;
    let entry = audit::Entry {
        actor: &caller.key_id,
        action: "webhook_delivery.redelivered",
        target: delivery_id,
        outcome: "ok",
    };
    let results = dir
        .batch_results(vec![
            reset,
            audit::statement_if_changed(dir, &caller.org, entry, at)?,
        ])
        .await?;
    if changes(results.first())? == 0 {
        return Err(ApiError::not_found("delivery"));
    }
    notifier::kick(env, &caller.org).await?;
    json(
        202,
        &json!({ "delivery_id": delivery_id, "status": "pending" }),
    )
}

/// The messages sent for reminders. With no provider configured (as under
/// `make dev`) this is the provider: a local outbox to read.
pub async fn messages(req: &Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let Ctx { dir, .. } = cx;
    let page = Page::from_query(&req.url()?)?;
    #[derive(Deserialize, Serialize)]
    struct Row {
        #[serde(skip_serializing)]
        row: f64,
        message_id: String,
        event_id: String,
        channel: String,
        recipient: String,
        address: Option<String>,
        status: String,
        body: String,
        created_at: String,
    }
    let listing: Listing<Row> = dir
        .newest_first(
            "SELECT rowid AS row, message_id, event_id, channel, recipient, address, status, body, created_at
             FROM sent_messages WHERE org_uid = ?1 AND rowid < ?2 ORDER BY rowid DESC LIMIT ?3",
            vec![s(caller.org.as_str())],
            &page,
            |r: &Row| r.row as i64,
        )
        .await?;
    // Messages carry patients' addresses: reading them is audited.
    let entry = audit::Entry {
        actor: &caller.key_id,
        action: "messages.read",
        target: "sent_messages",
        outcome: "ok",
    };
    audit::record(dir, &caller.org, entry, cx.now).await?;
    json(200, &listing)
}
