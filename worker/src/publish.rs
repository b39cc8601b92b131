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
use frontdesk_core::view::events::{Event, ReminderDue, REMINDER_DUE};
use serde_json::Value;
use worker::Env;

use crate::ambient::entropy;
use crate::error::ApiResult;
use crate::notifier;
use crate::repo::{self, messages, Db, Statement};

/// A new event of `kind` about `data`, in the one shape every event has.
pub fn event(kind: &str, org: &OrgUid, data: Value, now: DateTime<Utc>) -> Event {
    Event {
        id: format!("evt_{}", BASE32_DNSSEC.encode(&entropy::<16>())),
        kind: kind.to_owned(),
        occurred_at: now,
        organization_uid: org.clone(),
        data,
    }
}

/// Stores events and their pending deliveries, then wakes the
/// organisations' notifiers, if there is anything for them to send: an
/// organisation with no subscription for these events and no message to
/// send has nothing to wake for (the cron's backstop finds anything a
/// lost wake would have left).
pub async fn record(env: &Env, db: &Db, events: &[Event], now: DateTime<Utc>) -> ApiResult<()> {
    if events.is_empty() {
        return Ok(());
    }
    let (statements, sends) = statements_marked(db, events, now)?;
    let changed = db.commit_counted(statements).await?;
    let queued = changed
        .iter()
        .zip(&sends)
        .any(|(n, sends)| *sends && *n > 0);
    // The patients' confirmations, once the events they tell of are stored.
    let told = crate::booking_messages::statements(db, events, now).await?;
    let told = !told.is_empty() && db.commit_counted(told).await?.iter().any(|n| *n > 0);
    if queued || told {
        wake(env, events).await?;
    }
    Ok(())
}

/// Wakes the notifier of each organisation among `events`, once their
/// statements are stored.
pub async fn wake(env: &Env, events: &[Event]) -> ApiResult<()> {
    let orgs: BTreeSet<&OrgUid> = events.iter().map(|e| &e.organization_uid).collect();
    for org in orgs {
        notifier::kick(env, org).await?;
    }
    Ok(())
}

/// The statements that store `events` with their deliveries and messages,
/// for a caller to run in the same D1 commit as the change they report.
pub fn statements(db: &Db, events: &[Event], now: DateTime<Utc>) -> ApiResult<Vec<Statement>> {
    Ok(statements_marked(db, events, now)?.0)
}

/// [`statements`], each marked with whether it queues something to send
/// (a delivery or a message) rather than storing the event itself.
fn statements_marked(
    db: &Db,
    events: &[Event],
    now: DateTime<Utc>,
) -> ApiResult<(Vec<Statement>, Vec<bool>)> {
    let mut statements = Vec::new();
    let mut sends = Vec::new();
    for e in events {
        let org = e.organization_uid.as_str();
        let event = repo::webhooks::NewEvent {
            id: &e.id,
            org,
            kind: &e.kind,
            occurred_at: &timestamp(e.occurred_at),
            payload: &serde_json::to_string(e)?,
        };
        let [stored, deliveries] = repo::webhooks::store_event(db, &event, now)?;
        statements.push(stored);
        sends.push(false);
        statements.push(deliveries);
        sends.push(true);
        if e.kind == REMINDER_DUE {
            // A reminder whose data does not read is an error of ours: the
            // whole delivery is retried, and the log says why.
            let due: ReminderDue = serde_json::from_value(e.data.clone())?;
            for (channel, wanted) in [("email", due.send_email), ("sms", due.send_sms)] {
                if wanted {
                    let message = messages::NewMessage {
                        event_id: &e.id,
                        org,
                        channel,
                        recipient: &due.recipient,
                        subject: None,
                        body: &reminder_text(&due),
                        attachments: None,
                    };
                    statements.push(messages::queue(db, &message, now)?);
                    sends.push(true);
                }
            }
        }
    }
    Ok((statements, sends))
}

/// The reminder's wording: the time, and nothing a bystander should read.
fn reminder_text(due: &ReminderDue) -> String {
    format!(
        "Reminder: you have a telehealth appointment starting at {} (UTC).",
        timestamp(due.start)
    )
}
