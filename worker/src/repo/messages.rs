//! `sent_messages`: reminder emails and SMS, queued with their event and
//! sent by the organisation's notifier (or kept here without a provider).

use chrono::{DateTime, Utc};
use frontdesk_core::ids::OrgUid;
use frontdesk_core::time::timestamp;
use frontdesk_core::view::messages::Message;
use frontdesk_core::view::Listing;
use serde::Deserialize;
use worker::wasm_bindgen::JsValue;

use super::{opt, s, Db, Statement};
use crate::error::ApiResult;
use crate::paging::{map_listing, Page};

/// A message to queue for an event (once per event and channel).
pub struct NewMessage<'a> {
    pub event_id: &'a str,
    pub org: &'a str,
    pub channel: &'a str,
    pub recipient: &'a str,
    /// The email's subject; `None`: an appointment reminder's.
    pub subject: Option<&'a str>,
    pub body: &'a str,
    /// JSON of `[MessageAttachment]`, for an email with files.
    pub attachments: Option<&'a str>,
}

pub fn queue(db: &Db, m: &NewMessage<'_>, now: DateTime<Utc>) -> ApiResult<Statement> {
    db.prepare(
        "INSERT OR IGNORE INTO sent_messages
             (message_id, org_uid, event_id, channel, recipient, status, body, created_at, subject, attachments)
         VALUES (?1, ?2, ?3, ?4, ?5, 'queued', ?6, ?7, ?8, ?9)",
        &[
            s(&format!("{}:{}", m.event_id, m.channel)),
            s(m.org),
            s(m.event_id),
            s(m.channel),
            s(m.recipient),
            s(m.body),
            s(&timestamp(now)),
            opt(m.subject),
            opt(m.attachments),
        ],
    )
}

/// A message to someone reached at an address given with it (a waiting
/// patient's "my turn" contact), under its own `message_id`, so the same
/// message queued twice is stored once.
pub fn queue_addressed(
    db: &Db,
    message_id: &str,
    m: &NewMessage<'_>,
    address: &str,
    now: DateTime<Utc>,
) -> ApiResult<Statement> {
    db.prepare(
        "INSERT OR IGNORE INTO sent_messages
             (message_id, org_uid, event_id, channel, recipient, status, body, created_at, subject, address, attachments)
         VALUES (?1, ?2, ?9, ?3, ?4, 'queued', ?5, ?6, ?7, ?8, ?10)",
        &[
            s(message_id),
            s(m.org),
            s(m.channel),
            s(m.recipient),
            s(m.body),
            s(&timestamp(now)),
            opt(m.subject),
            s(address),
            s(m.event_id),
            opt(m.attachments),
        ],
    )
}

/// A message waiting to be sent.
#[derive(Deserialize)]
pub struct Queued {
    pub message_id: String,
    pub channel: String,
    pub recipient: String,
    pub subject: Option<String>,
    pub body: String,
    /// Set when the message came with its address.
    pub address: Option<String>,
    pub attachments: Option<String>,
}

/// The oldest `limit` queued messages of the organisation.
pub async fn queued(db: &Db, org: &OrgUid, limit: u32) -> ApiResult<Vec<Queued>> {
    db.all(
        "SELECT message_id, channel, recipient, subject, body, address, attachments FROM sent_messages
         WHERE org_uid = ?1 AND status = 'queued' ORDER BY created_at LIMIT ?2",
        &[s(org.as_str()), JsValue::from(limit)],
    )
    .await
}

/// What became of a message, and where it went.
pub async fn settle(
    db: &Db,
    message_id: &str,
    status: &str,
    address: Option<&str>,
) -> ApiResult<()> {
    db.run(db.prepare(
        "UPDATE sent_messages SET status = ?2, address = ?3 WHERE message_id = ?1",
        &[s(message_id), s(status), opt(address)],
    )?)
    .await?;
    Ok(())
}

#[derive(Deserialize)]
struct Row {
    row: i64,
    message_id: String,
    event_id: String,
    channel: String,
    recipient: String,
    address: Option<String>,
    status: String,
    body: String,
    attachments: Option<String>,
    created_at: String,
}

impl From<Row> for Message {
    fn from(r: Row) -> Self {
        Message {
            message_id: r.message_id,
            event_id: r.event_id,
            channel: r.channel,
            recipient: r.recipient,
            address: r.address,
            status: r.status,
            body: r.body,
            attachments: r
                .attachments
                .and_then(|a| serde_json::from_str(&a).ok())
                .unwrap_or_else(|| serde_json::Value::Array(Vec::new())),
            created_at: r.created_at,
        }
    }
}

/// The organisation's messages, newest first.
pub async fn list(db: &Db, org: &OrgUid, page: &Page) -> ApiResult<Listing<Message>> {
    let rows = db
        .newest_first(
            "SELECT rowid AS row, message_id, event_id, channel, recipient, address, status, body, attachments, created_at
             FROM sent_messages WHERE org_uid = ?1 AND rowid < ?2 ORDER BY rowid DESC LIMIT ?3",
            vec![s(org.as_str())],
            page,
            |r: &Row| r.row,
        )
        .await?;
    Ok(map_listing(rows, Into::into))
}
