//! The audit log: who did what to a sensitive object, when, and how it went.
//! Entries are only ever appended by the service; the API can list them
//! (admin scope) but offers no way to change or delete one.

use chrono::{DateTime, Utc};
use frontdesk_core::ids::OrgUid;
use serde::{Deserialize, Serialize};
use worker::{D1PreparedStatement, Request, Response};

use crate::auth::Caller;
use crate::context::Ctx;
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

/// Records an action that changed nothing in D1 (a read, a refusal).
pub async fn record(
    dir: &Directory,
    org: &OrgUid,
    entry: Entry<'_>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    statement(dir, org, entry, now)?.run().await?;
    Ok(())
}

/// The audit row of a D1 change, to run in the change's own batch: a change
/// whose audit row cannot be written is not made.
pub fn statement(
    dir: &Directory,
    org: &OrgUid,
    entry: Entry<'_>,
    now: DateTime<Utc>,
) -> ApiResult<D1PreparedStatement> {
    insert(dir, org, entry, now, "")
}

/// The one INSERT of an audit row, with an optional condition.
fn insert(
    dir: &Directory,
    org: &OrgUid,
    entry: Entry<'_>,
    now: DateTime<Utc>,
    condition: &str,
) -> ApiResult<D1PreparedStatement> {
    dir.stmt(
        &format!(
            "INSERT INTO audit_log (org_uid, at, actor, action, target, outcome)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6 {condition}"
        ),
        &[
            s(org.as_str()),
            s(&timestamp(now)),
            s(entry.actor),
            s(entry.action),
            s(entry.target),
            s(entry.outcome),
        ],
    )
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

/// An audit row written first in a shop's own storage and delivered by its
/// outbox. `source_id` makes a replayed delivery harmless.
#[derive(Serialize, Deserialize)]
pub struct Deferred {
    pub source_id: String,
    pub org_uid: String,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub outcome: String,
}

/// Stores rows delivered by a shop's outbox, each once.
pub async fn record_deferred(dir: &Directory, rows: &[Deferred]) -> ApiResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let statements = rows
        .iter()
        .map(|r| {
            dir.stmt(
                "INSERT OR IGNORE INTO audit_log (org_uid, at, actor, action, target, outcome, source_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                &[
                    s(&r.org_uid),
                    s(&r.at),
                    s(&r.actor),
                    s(&r.action),
                    s(&r.target),
                    s(&r.outcome),
                    s(&r.source_id),
                ],
            )
        })
        .collect::<ApiResult<Vec<_>>>()?;
    dir.batch(statements).await
}

/// [`statement`] for a batch whose previous statement may change nothing
/// (an update that finds no row, an insert over a limit): the row is
/// written only if that statement changed something.
pub fn statement_if_changed(
    dir: &Directory,
    org: &OrgUid,
    entry: Entry<'_>,
    now: DateTime<Utc>,
) -> ApiResult<D1PreparedStatement> {
    insert(dir, org, entry, now, "WHERE changes() > 0")
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
pub async fn list(req: &Request, cx: &Ctx, caller: &Caller) -> ApiResult<Response> {
    let Ctx { dir, .. } = cx;
    let page = Page::from_query(&req.url()?)?;
    let listing: Listing<Row> = dir
        .newest_first(
            "SELECT id, at, actor, action, target, outcome FROM audit_log
             WHERE org_uid = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3",
            vec![s(caller.org.as_str())],
            &page,
            |r: &Row| r.id,
        )
        .await?;
    json(200, &listing)
}
