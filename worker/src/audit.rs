//! The audit log: who did what to a sensitive object, when, and how it went.
//! Entries are only ever appended by the service; the API can list them
//! (admin scope) but offers no way to change or delete one.

use chrono::{DateTime, Utc};
use frontdesk_core::ids::OrgUid;
use serde::{Deserialize, Serialize};
use worker::wasm_bindgen::JsValue;
use worker::{Request, Response};

use crate::auth::Caller;
use crate::directory::{s, timestamp, Directory, Listing, Page};
use crate::edge::json;
use crate::error::ApiResult;

/// One thing that happened, as recorded.
pub struct Entry<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub target: &'a str,
    pub outcome: &'a str,
}

pub async fn record(
    dir: &Directory,
    org: &OrgUid,
    entry: Entry<'_>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    dir.stmt(
        "INSERT INTO audit_log (org_uid, at, actor, action, target, outcome) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        &[
            s(org.as_str()),
            s(&timestamp(now)),
            s(entry.actor),
            s(entry.action),
            s(entry.target),
            s(entry.outcome),
        ],
    )?
    .run()
    .await?;
    Ok(())
}

/// Records one action on several targets (a search's results) in one batch.
pub async fn record_many(
    dir: &Directory,
    org: &OrgUid,
    actor: &str,
    action: &str,
    targets: &[&str],
    now: DateTime<Utc>,
) -> ApiResult<()> {
    if targets.is_empty() {
        return Ok(());
    }
    let at = timestamp(now);
    let statements = targets
        .iter()
        .map(|t| {
            dir.stmt(
                "INSERT INTO audit_log (org_uid, at, actor, action, target, outcome) VALUES (?1, ?2, ?3, ?4, ?5, 'ok')",
                &[s(org.as_str()), s(&at), s(actor), s(action), s(t)],
            )
        })
        .collect::<ApiResult<Vec<_>>>()?;
    dir.batch(statements).await
}

#[derive(Serialize, Deserialize)]
struct Row {
    id: i64,
    at: String,
    actor: String,
    action: String,
    target: String,
    outcome: String,
}

/// `GET /v1/management/audit-log`: newest first.
pub async fn list(req: &Request, dir: &Directory, caller: &Caller) -> ApiResult<Response> {
    let page = Page::from_query(&req.url()?)?;
    let mut rows: Vec<Row> = dir
        .stmt(
            "SELECT id, at, actor, action, target, outcome FROM audit_log
             WHERE org_uid = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3",
            &[
                s(caller.org.as_str()),
                JsValue::from(page.before_rowid()?),
                JsValue::from(page.limit + 1),
            ],
        )?
        .all()
        .await?
        .results()?;
    let more = rows.len() > page.limit as usize;
    rows.truncate(page.limit as usize);
    let next_cursor = if more {
        rows.last().map(|r| r.id.to_string())
    } else {
        None
    };
    json(
        200,
        &Listing {
            data: rows,
            next_cursor,
        },
    )
}
