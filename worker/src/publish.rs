//! Where events go: every event has one shape, is stored once in D1
//! `events`, and one `webhook_deliveries` row is made for each enabled
//! subscription that asks for its type; reminder events that ask Frontdesk
//! to send an email or SMS also queue a `sent_messages` row. The
//! organisation's notifier object then delivers them (see `notifier`).
//! Every step is an idempotent insert keyed by the event id, so an outbox
//! delivered twice changes nothing.
//!
//! Shops publish from their outbox, and services (patient records) in the
//! same D1 commit as their change; both sit above this module.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use data_encoding::BASE32_DNSSEC;
use frontdesk_core::ids::OrgUid;
use frontdesk_core::time::timestamp;
use serde_json::{json, Value};
use worker::Env;

use crate::ambient::entropy;
use crate::error::ApiResult;
use crate::notifier;
use crate::repo::{self, messages, Db, Statement};

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
pub async fn record(env: &Env, db: &Db, events: &[Value], now: DateTime<Utc>) -> ApiResult<()> {
    if events.is_empty() {
        return Ok(());
    }
    db.commit(statements(db, events, now)?).await?;
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
/// for a caller to run in the same D1 commit as the change they report.
pub fn statements(db: &Db, events: &[Value], now: DateTime<Utc>) -> ApiResult<Vec<Statement>> {
    let mut statements = Vec::new();
    for e in events {
        let id = e["id"].as_str().unwrap_or_default();
        let org = e["organization_uid"].as_str().unwrap_or_default();
        let kind = e["type"].as_str().unwrap_or_default();
        let event = repo::webhooks::NewEvent {
            id,
            org,
            kind,
            occurred_at: e["occurred_at"].as_str().unwrap_or_default(),
            payload: &e.to_string(),
        };
        statements.extend(repo::webhooks::store_event(db, &event, now)?);
        if kind == "APPOINTMENT_REMINDER_DUE" {
            let data = &e["data"];
            for (channel, wanted) in [
                ("email", data["send_email"] == true),
                ("sms", data["send_sms"] == true),
            ] {
                if wanted {
                    let message = messages::NewMessage {
                        event_id: id,
                        org,
                        channel,
                        recipient: data["recipient"].as_str().unwrap_or_default(),
                        body: &reminder_text(data),
                    };
                    statements.push(messages::queue(db, &message, now)?);
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
