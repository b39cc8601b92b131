//! `audit_log`: append-only. A D1 change writes its row in the change's
//! own commit ([`statement`]); a shop's action writes it first to the
//! shop's outbox ([`Deferred`]).

use chrono::{DateTime, Utc};
use frontdesk_core::ids::OrgUid;
use frontdesk_core::time::timestamp;
use frontdesk_core::view::audit::AuditEntry;
use frontdesk_core::view::Listing;
use serde::{Deserialize, Serialize};

use super::{s, Db, Statement};
use crate::error::ApiResult;
use crate::paging::{map_listing, Page};

/// One thing that happened, as recorded.
pub struct Entry<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub target: &'a str,
    pub outcome: &'a str,
}

/// Records an action that changed nothing in D1 (a read, a refusal).
pub async fn record(db: &Db, org: &OrgUid, entry: Entry<'_>, now: DateTime<Utc>) -> ApiResult<()> {
    db.run(statement(db, org, entry, now)?).await?;
    Ok(())
}

/// The audit row of a D1 change, to run in the change's own commit: a
/// change whose audit row cannot be written is not made.
pub fn statement(
    db: &Db,
    org: &OrgUid,
    entry: Entry<'_>,
    now: DateTime<Utc>,
) -> ApiResult<Statement> {
    insert(db, org, entry, now, "")
}

/// [`statement`] for a commit whose previous statement may change nothing
/// (an update that finds no row, an insert over a limit): the row is
/// written only if that statement changed something.
pub fn statement_if_changed(
    db: &Db,
    org: &OrgUid,
    entry: Entry<'_>,
    now: DateTime<Utc>,
) -> ApiResult<Statement> {
    insert(db, org, entry, now, "WHERE changes() > 0")
}

/// The one INSERT of an audit row, with an optional condition.
fn insert(
    db: &Db,
    org: &OrgUid,
    entry: Entry<'_>,
    now: DateTime<Utc>,
    condition: &str,
) -> ApiResult<Statement> {
    db.prepare(
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

/// Records one action on several targets (a search's results) in one commit.
pub async fn record_many(
    db: &Db,
    org: &OrgUid,
    actor: &str,
    action: &str,
    targets: &[&str],
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let at = timestamp(now);
    let statements = targets
        .iter()
        .map(|t| {
            db.prepare(
                "INSERT INTO audit_log (org_uid, at, actor, action, target, outcome) VALUES (?1, ?2, ?3, ?4, ?5, 'ok')",
                &[s(org.as_str()), s(&at), s(actor), s(action), s(t)],
            )
        })
        .collect::<ApiResult<Vec<_>>>()?;
    db.commit(statements).await
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
pub async fn record_deferred(db: &Db, rows: &[Deferred]) -> ApiResult<()> {
    let statements = rows
        .iter()
        .map(|r| {
            db.prepare(
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
    db.commit(statements).await
}

#[derive(Deserialize)]
struct Row {
    id: i64,
    at: String,
    actor: String,
    action: String,
    target: String,
    outcome: String,
}

impl From<Row> for AuditEntry {
    fn from(r: Row) -> Self {
        AuditEntry {
            id: r.id,
            at: r.at,
            actor: r.actor,
            action: r.action,
            target: r.target,
            outcome: r.outcome,
        }
    }
}

/// The organisation's log, newest first.
pub async fn list(db: &Db, org: &OrgUid, page: &Page) -> ApiResult<Listing<AuditEntry>> {
    let rows = db
        .newest_first(
            "SELECT id, at, actor, action, target, outcome FROM audit_log
             WHERE org_uid = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3",
            vec![s(org.as_str())],
            page,
            |r: &Row| r.id,
        )
        .await?;
    Ok(map_listing(rows, Into::into))
}
