//! `events`, `webhook_subscriptions`, `webhook_deliveries` and
//! `webhook_attempts`. Storing an event makes one pending delivery per
//! enabled subscription that asks for its type, in the same statement set;
//! every insert is keyed by the event id, so a replay changes nothing.

use chrono::{DateTime, Utc};
use frontdesk_core::ids::OrgUid;
use frontdesk_core::time::timestamp;
use frontdesk_core::view::webhooks::{Attempt, Delivery, Subscription};
use frontdesk_core::view::Listing;
use serde::Deserialize;
use serde_json::{Map, Value};
use worker::wasm_bindgen::JsValue;

use super::{column, n, opt, s, Db, Statement};
use crate::error::ApiResult;
use crate::paging::{map_listing, Page};

/// An event about to be stored.
pub struct NewEvent<'a> {
    pub id: &'a str,
    pub org: &'a str,
    pub kind: &'a str,
    pub occurred_at: &'a str,
    /// The whole event, as receivers get it.
    pub payload: &'a str,
}

/// Stores the event once, and one pending delivery for each enabled
/// subscription of its organisation that asks for its type.
pub fn store_event(db: &Db, e: &NewEvent<'_>, now: DateTime<Utc>) -> ApiResult<[Statement; 2]> {
    Ok([
        db.prepare(
            "INSERT OR IGNORE INTO events (event_id, org_uid, type, occurred_at, payload) VALUES (?1, ?2, ?3, ?4, ?5)",
            &[s(e.id), s(e.org), s(e.kind), s(e.occurred_at), s(e.payload)],
        )?,
        // `instr`, not `LIKE`: LIKE ignores case and reads `_` as any
        // character, so `APPOINTMENT_CANCELLED` would match a subscription
        // to seed 002's `appointment:cancelled`.
        db.prepare(
            "INSERT OR IGNORE INTO webhook_deliveries
                 (delivery_id, org_uid, subscription_id, event_id, status, attempts, next_attempt_at, created_at)
             SELECT 'msg_' || substr(?1, 5) || '_' || substr(subscription_id, 5), org_uid, subscription_id, ?1,
                    'pending', 0, ?3, ?4
             FROM webhook_subscriptions
             WHERE org_uid = ?2 AND enabled = 1 AND instr(' ' || event_types || ' ', ' ' || ?5 || ' ') > 0",
            &[
                s(e.id),
                s(e.org),
                n(now.timestamp_millis()),
                s(&timestamp(now)),
                s(e.kind),
            ],
        )?,
    ])
}

#[derive(Deserialize)]
pub struct SubscriptionRow {
    pub subscription_id: String,
    pub url: String,
    #[serde(deserialize_with = "column::words")]
    pub event_types: Vec<String>,
    #[serde(deserialize_with = "column::json")]
    pub headers: Map<String, Value>,
    #[serde(deserialize_with = "column::flag")]
    pub enabled: bool,
    pub disabled_reason: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// `standard` or `solo` (migration 0020).
    pub format: String,
}

impl From<SubscriptionRow> for Subscription {
    fn from(r: SubscriptionRow) -> Self {
        Subscription {
            subscription_id: r.subscription_id,
            url: r.url,
            event_types: r.event_types,
            headers: r.headers,
            enabled: r.enabled,
            disabled_reason: r.disabled_reason,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

const COLUMNS: &str =
    "subscription_id, url, event_types, headers, enabled, disabled_reason, created_at, updated_at, format";

/// A subscription's settings, as created or replaced.
pub struct Settings<'a> {
    pub url: &'a str,
    pub event_types: &'a [String],
    pub headers: &'a Map<String, Value>,
    pub enabled: bool,
}

/// What a new subscription is besides its settings.
#[derive(Clone, Copy)]
pub struct NewSubscription<'a> {
    pub id: &'a str,
    pub sealed_secret: &'a str,
    /// `standard` or `solo`.
    pub format: &'a str,
}

/// A new subscription, unless the organisation has `limit` already (then
/// the statement changes nothing). The cap is checked by the insert
/// itself, so concurrent creations cannot pass it together.
pub fn insert_subscription(
    db: &Db,
    org: &OrgUid,
    new: &NewSubscription<'_>,
    settings: &Settings<'_>,
    limit: u32,
    now: DateTime<Utc>,
) -> ApiResult<Statement> {
    let NewSubscription {
        id,
        sealed_secret,
        format,
    } = *new;
    db.prepare(
        &format!(
            "INSERT INTO webhook_subscriptions (org_uid, sealed_secret, {COLUMNS})
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, ?8, ?8, ?10
             WHERE (SELECT COUNT(*) FROM webhook_subscriptions WHERE org_uid = ?1) < ?9"
        ),
        &[
            s(org.as_str()),
            s(sealed_secret),
            s(id),
            s(settings.url),
            s(&settings.event_types.join(" ")),
            s(&Value::Object(settings.headers.clone()).to_string()),
            JsValue::from(settings.enabled as i32),
            s(&timestamp(now)),
            JsValue::from(limit),
            s(format),
        ],
    )
}

/// The organisation's subscription, if it has one by that id.
pub async fn find_subscription(
    db: &Db,
    org: &OrgUid,
    id: &str,
) -> ApiResult<Option<SubscriptionRow>> {
    db.first(
        &format!("SELECT {COLUMNS} FROM webhook_subscriptions WHERE org_uid = ?1 AND subscription_id = ?2"),
        &[s(org.as_str()), s(id)],
    )
    .await
}

pub async fn list_subscriptions(
    db: &Db,
    org: &OrgUid,
    page: &Page,
) -> ApiResult<Listing<Subscription>> {
    let rows = db
        .page(
            &format!(
                "SELECT {COLUMNS} FROM webhook_subscriptions
                 WHERE org_uid = ?1 AND subscription_id > ?2 ORDER BY subscription_id LIMIT ?3"
            ),
            vec![s(org.as_str())],
            page,
            |r: &SubscriptionRow| &r.subscription_id,
        )
        .await?;
    Ok(map_listing(rows, Into::into))
}

/// Replaces a subscription's settings; re-enabling clears the reason a 410
/// disabled it.
pub fn update_subscription(
    db: &Db,
    org: &OrgUid,
    id: &str,
    settings: &Settings<'_>,
    now: DateTime<Utc>,
) -> ApiResult<Statement> {
    db.prepare(
        "UPDATE webhook_subscriptions SET url = ?3, event_types = ?4, headers = ?5, enabled = ?6,
             disabled_reason = CASE WHEN ?6 = 1 THEN NULL ELSE disabled_reason END, updated_at = ?7
         WHERE org_uid = ?1 AND subscription_id = ?2",
        &[
            s(org.as_str()),
            s(id),
            s(settings.url),
            s(&settings.event_types.join(" ")),
            s(&Value::Object(settings.headers.clone()).to_string()),
            JsValue::from(settings.enabled as i32),
            s(&timestamp(now)),
        ],
    )
}

/// Deletes a subscription and cancels its pending deliveries.
pub fn delete_subscription(db: &Db, org: &OrgUid, id: &str) -> ApiResult<[Statement; 2]> {
    Ok([
        cancel_pending(db, id)?,
        db.prepare(
            "DELETE FROM webhook_subscriptions WHERE org_uid = ?1 AND subscription_id = ?2",
            &[s(org.as_str()), s(id)],
        )?,
    ])
}

fn cancel_pending(db: &Db, subscription_id: &str) -> ApiResult<Statement> {
    db.prepare(
        "UPDATE webhook_deliveries SET status = 'cancelled', next_attempt_at = NULL
         WHERE subscription_id = ?1 AND status = 'pending'",
        &[s(subscription_id)],
    )
}

/// A subscription's delivery log, newest first, each delivery with every
/// attempt's status code and timing.
pub async fn deliveries(
    db: &Db,
    org: &OrgUid,
    subscription_id: &str,
    page: &Page,
) -> ApiResult<Listing<Delivery>> {
    #[derive(Deserialize)]
    struct Row {
        row: i64,
        delivery_id: String,
        event_id: String,
        event_type: String,
        status: String,
        attempts: i64,
        next_attempt_at: Option<i64>,
        created_at: String,
    }
    let rows: Listing<Row> = db
        .newest_first(
            "SELECT d.rowid AS row, d.delivery_id, d.event_id, e.type AS event_type, d.status, d.attempts,
                    d.next_attempt_at, d.created_at
             FROM webhook_deliveries d JOIN events e ON e.event_id = d.event_id
             WHERE d.subscription_id = ?2 AND d.org_uid = ?1 AND d.rowid < ?3
             ORDER BY d.rowid DESC LIMIT ?4",
            vec![s(org.as_str()), s(subscription_id)],
            page,
            |r: &Row| r.row,
        )
        .await?;
    #[derive(Deserialize)]
    struct AttemptRow {
        delivery_id: String,
        attempted_at: String,
        status_code: Option<i64>,
        duration_ms: i64,
        error: Option<String>,
    }
    // Every attempt of the page's deliveries, in one query.
    let ids: Vec<&str> = rows.data.iter().map(|r| r.delivery_id.as_str()).collect();
    let attempts: Vec<AttemptRow> = db
        .all(
            "SELECT delivery_id, attempted_at, status_code, duration_ms, error FROM webhook_attempts
             WHERE delivery_id IN (SELECT value FROM json_each(?1)) ORDER BY id",
            &[s(&serde_json::to_string(&ids)?)],
        )
        .await?;
    Ok(map_listing(rows, |r| Delivery {
        attempts: attempts
            .iter()
            .filter(|a| a.delivery_id == r.delivery_id)
            .map(|a| Attempt {
                attempted_at: a.attempted_at.clone(),
                status_code: a.status_code,
                duration_ms: a.duration_ms,
                error: a.error.clone(),
            })
            .collect(),
        delivery_id: r.delivery_id,
        event_id: r.event_id,
        event_type: r.event_type,
        status: r.status,
        attempt_count: r.attempts,
        next_attempt_at: r
            .next_attempt_at
            .map(|t| timestamp(DateTime::from_timestamp_millis(t).unwrap_or_default())),
        created_at: r.created_at,
    }))
}

/// Makes a delivery pending again now, with a fresh retry schedule
/// (changes nothing for a delivery the subscription does not have).
pub fn redeliver(
    db: &Db,
    org: &OrgUid,
    subscription_id: &str,
    delivery_id: &str,
    now: DateTime<Utc>,
) -> ApiResult<Statement> {
    db.prepare(
        "UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?4
         WHERE org_uid = ?1 AND subscription_id = ?2 AND delivery_id = ?3",
        &[
            s(org.as_str()),
            s(subscription_id),
            s(delivery_id),
            n(now.timestamp_millis()),
        ],
    )
}

/// A delivery due now, with what sending it needs.
#[derive(Deserialize)]
pub struct Due {
    pub delivery_id: String,
    pub subscription_id: String,
    pub attempts: i64,
    pub url: String,
    #[serde(deserialize_with = "column::json")]
    pub headers: Map<String, Value>,
    pub sealed_secret: String,
    pub payload: String,
    pub format: String,
}

/// The organisation's deliveries due by `now`, earliest first.
pub async fn due(db: &Db, org: &OrgUid, now: DateTime<Utc>, limit: u32) -> ApiResult<Vec<Due>> {
    db.all(
        "SELECT d.delivery_id, d.subscription_id, d.attempts, s.url, s.headers, s.sealed_secret, e.payload, s.format
         FROM webhook_deliveries d
         JOIN webhook_subscriptions s ON s.subscription_id = d.subscription_id AND s.enabled = 1
         JOIN events e ON e.event_id = d.event_id
         WHERE d.org_uid = ?1 AND d.status = 'pending' AND d.next_attempt_at <= ?2
         ORDER BY d.next_attempt_at LIMIT ?3",
        &[s(org.as_str()), n(now.timestamp_millis()), JsValue::from(limit)],
    )
    .await
}

/// When the organisation's next pending delivery falls due, if any.
pub async fn next_due(db: &Db, org: &OrgUid) -> ApiResult<Option<DateTime<Utc>>> {
    #[derive(Deserialize)]
    struct Next {
        at: Option<i64>,
    }
    let next: Option<Next> = db
        .first(
            "SELECT MIN(d.next_attempt_at) AS at FROM webhook_deliveries d
             JOIN webhook_subscriptions s ON s.subscription_id = d.subscription_id AND s.enabled = 1
             WHERE d.org_uid = ?1 AND d.status = 'pending'",
            &[s(org.as_str())],
        )
        .await?;
    Ok(next
        .and_then(|n| n.at)
        .and_then(DateTime::from_timestamp_millis))
}

/// One attempt at a delivery and what it decided.
pub struct AttemptRecord<'a> {
    pub delivery_id: &'a str,
    pub subscription_id: &'a str,
    pub started: DateTime<Utc>,
    pub finished: DateTime<Utc>,
    pub status_code: Option<u16>,
    pub error: Option<&'a str>,
    /// The delivery's attempts so far, this one included.
    pub attempts: i64,
    /// `pending`, `delivered` or `failed`.
    pub state: &'a str,
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// The endpoint answered 410 Gone: disable the subscription and cancel
    /// its pending deliveries.
    pub disable: bool,
}

pub async fn record_attempt(db: &Db, a: &AttemptRecord<'_>) -> ApiResult<()> {
    let mut statements = vec![
        db.prepare(
            "INSERT INTO webhook_attempts (delivery_id, attempted_at, status_code, duration_ms, error)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            &[
                s(a.delivery_id),
                s(&timestamp(a.started)),
                a.status_code.map_or(JsValue::NULL, JsValue::from),
                n((a.finished - a.started).num_milliseconds()),
                opt(a.error),
            ],
        )?,
        db.prepare(
            "UPDATE webhook_deliveries SET status = ?2, attempts = ?3, next_attempt_at = ?4 WHERE delivery_id = ?1",
            &[
                s(a.delivery_id),
                s(a.state),
                n(a.attempts),
                a.next_attempt_at
                    .map_or(JsValue::NULL, |t| n(t.timestamp_millis())),
            ],
        )?,
    ];
    if a.disable {
        statements.push(db.prepare(
            "UPDATE webhook_subscriptions SET enabled = 0, disabled_reason = 'endpoint answered 410 Gone', updated_at = ?2
             WHERE subscription_id = ?1",
            &[s(a.subscription_id), s(&timestamp(a.finished))],
        )?);
        statements.push(cancel_pending(db, a.subscription_id)?);
    }
    db.commit(statements).await
}

/// Organisations with a delivery overdue since before `before` (the cron
/// wakes their notifiers). Each row is read on its own, so a malformed one
/// is one `Err`.
pub async fn orgs_with_overdue_deliveries(
    db: &Db,
    before: DateTime<Utc>,
) -> ApiResult<Vec<Result<OrgUid, String>>> {
    #[derive(Deserialize)]
    struct Overdue {
        org_uid: String,
    }
    let rows: Vec<Overdue> = db
        .all(
            "SELECT DISTINCT d.org_uid FROM webhook_deliveries d
             JOIN webhook_subscriptions s ON s.subscription_id = d.subscription_id AND s.enabled = 1
             WHERE d.status = 'pending' AND d.next_attempt_at <= ?1",
            &[n(before.timestamp_millis())],
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            OrgUid::parse(&r.org_uid)
                .map_err(|_| "a delivery has a malformed organisation uid".to_owned())
        })
        .collect())
}

/// A subscription's sealed secret, for showing a seed 002 subscription's
/// `encryptionKey` again (its API shows it on every read).
pub async fn sealed_secret(db: &Db, org: &OrgUid, id: &str) -> ApiResult<Option<String>> {
    #[derive(Deserialize)]
    struct Row {
        sealed_secret: String,
    }
    let row: Option<Row> = db
        .first(
            "SELECT sealed_secret FROM webhook_subscriptions WHERE org_uid = ?1 AND subscription_id = ?2",
            &[s(org.as_str()), s(id)],
        )
        .await?;
    Ok(row.map(|r| r.sealed_secret))
}

/// The organisation's subscriptions of one format, oldest first (seed
/// 002's list has no paging; an organisation has at most a few dozen).
pub async fn subscriptions_of_format(
    db: &Db,
    org: &OrgUid,
    format: &str,
) -> ApiResult<Vec<SubscriptionRow>> {
    db.all(
        &format!(
            "SELECT {COLUMNS} FROM webhook_subscriptions WHERE org_uid = ?1 AND format = ?2
             ORDER BY created_at, subscription_id LIMIT 1000"
        ),
        &[s(org.as_str()), s(format)],
    )
    .await
}
