//! `note_templates`, `visit_notes` and `note_comments` (seed 002's visit
//! notes). A note's answers are replaced whole, and only over the version
//! the writer read: the `UPDATE … WHERE version = ?` (or the `INSERT` of
//! version 1 over none) changes one row or none, and none is a lost race.

use chrono::{DateTime, Utc};
use frontdesk_core::ids::{AppointmentUid, NoteTemplateUid, OrgUid, ShopUid};
use frontdesk_core::records::note::{Answer, Flow};
use frontdesk_core::time::timestamp;
use frontdesk_core::view::records::{Comment, NoteTemplate};
use serde::Deserialize;

use super::{column, n, s, Db, Statement};
use crate::error::ApiResult;

/// The most templates an organisation keeps, and so lists.
pub const TEMPLATES_MAX: u32 = 200;
/// The most comments a note keeps.
pub const COMMENTS_MAX: u32 = 500;

#[derive(Deserialize)]
pub struct TemplateRow {
    template_uid: NoteTemplateUid,
    name: String,
    #[serde(deserialize_with = "column::json")]
    pub flow: Flow,
    #[serde(deserialize_with = "column::words")]
    shop_uids: Vec<ShopUid>,
    created_at: String,
}

impl TemplateRow {
    /// Whether a visit of `shop` may use the template.
    pub fn serves(&self, shop: &ShopUid) -> bool {
        self.shop_uids.is_empty() || self.shop_uids.contains(shop)
    }
}

impl From<TemplateRow> for NoteTemplate {
    fn from(r: TemplateRow) -> Self {
        NoteTemplate {
            template_uid: r.template_uid,
            name: r.name,
            flow: r.flow,
            shop_uids: r.shop_uids,
            created_at: r.created_at,
        }
    }
}

const TEMPLATE_COLUMNS: &str = "template_uid, name, flow, shop_uids, created_at";

pub fn insert_template(db: &Db, org: &OrgUid, t: &NoteTemplate) -> ApiResult<Statement> {
    let shops: Vec<&str> = t.shop_uids.iter().map(|u| u.as_str()).collect();
    // Refused past the limit: the statement inserts nothing, and the
    // caller sees no row changed.
    db.prepare(
        "INSERT INTO note_templates (template_uid, org_uid, name, flow, shop_uids, created_at) \
         SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE (SELECT COUNT(*) FROM note_templates WHERE org_uid = ?2) < ?7",
        &[
            s(t.template_uid.as_str()),
            s(org.as_str()),
            s(&t.name),
            s(&serde_json::to_string(&t.flow)?),
            s(&shops.join(" ")),
            s(&t.created_at),
            n(TEMPLATES_MAX.into()),
        ],
    )
}

pub async fn template(
    db: &Db,
    org: &OrgUid,
    uid: &NoteTemplateUid,
) -> ApiResult<Option<TemplateRow>> {
    db.first(
        &format!("SELECT {TEMPLATE_COLUMNS} FROM note_templates WHERE org_uid = ?1 AND template_uid = ?2"),
        &[s(org.as_str()), s(uid.as_str())],
    )
    .await
}

pub async fn templates(db: &Db, org: &OrgUid) -> ApiResult<Vec<TemplateRow>> {
    db.all(
        &format!("SELECT {TEMPLATE_COLUMNS} FROM note_templates WHERE org_uid = ?1 ORDER BY template_uid LIMIT ?2"),
        &[s(org.as_str()), n(TEMPLATES_MAX.into())],
    )
    .await
}

#[derive(Deserialize)]
pub struct NoteRow {
    pub template_uid: NoteTemplateUid,
    #[serde(deserialize_with = "column::json")]
    pub answers: Vec<Answer>,
    pub version: i64,
}

pub async fn note(
    db: &Db,
    org: &OrgUid,
    appointment: &AppointmentUid,
) -> ApiResult<Option<NoteRow>> {
    db.first(
        "SELECT template_uid, answers, version FROM visit_notes WHERE org_uid = ?1 AND appointment_uid = ?2",
        &[s(org.as_str()), s(appointment.as_str())],
    )
    .await
}

pub async fn comments(
    db: &Db,
    org: &OrgUid,
    appointment: &AppointmentUid,
) -> ApiResult<Vec<Comment>> {
    #[derive(Deserialize)]
    struct Row {
        author: String,
        message: String,
        posted_at: String,
    }
    let rows: Vec<Row> = db
        .all(
            "SELECT author, message, posted_at FROM note_comments WHERE org_uid = ?1 AND appointment_uid = ?2 ORDER BY rowid LIMIT ?3",
            &[s(org.as_str()), s(appointment.as_str()), n(COMMENTS_MAX.into())],
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| Comment {
            author: r.author,
            message: r.message,
            posted_at: r.posted_at,
        })
        .collect())
}

/// Replaces the note's answers if it is still at `version` (0: no note
/// yet). Changes one row, or none when another write came first.
pub fn replace(
    db: &Db,
    org: &OrgUid,
    appointment: &AppointmentUid,
    template: &NoteTemplateUid,
    answers: &[Answer],
    version: i64,
    now: DateTime<Utc>,
) -> ApiResult<Statement> {
    let args = [
        s(appointment.as_str()),
        s(org.as_str()),
        s(template.as_str()),
        s(&serde_json::to_string(answers)?),
        n(i64::from(!answers.is_empty())),
        n(version),
        s(&timestamp(now)),
    ];
    if version == 0 {
        db.prepare(
            "INSERT INTO visit_notes (appointment_uid, org_uid, template_uid, answers, has_answers, version, updated_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, 1, ?7) ON CONFLICT (appointment_uid) DO NOTHING",
            &args,
        )
    } else {
        db.prepare(
            "UPDATE visit_notes SET template_uid = ?3, answers = ?4, has_answers = ?5, version = ?6 + 1, updated_at = ?7 \
             WHERE appointment_uid = ?1 AND org_uid = ?2 AND version = ?6",
            &args,
        )
    }
}

/// A comment, unless the note has [`COMMENTS_MAX`] already.
pub fn add_comment(
    db: &Db,
    org: &OrgUid,
    appointment: &AppointmentUid,
    author: &str,
    message: &str,
    now: DateTime<Utc>,
) -> ApiResult<Statement> {
    db.prepare(
        "INSERT INTO note_comments (appointment_uid, org_uid, author, message, posted_at) \
         SELECT ?1, ?2, ?3, ?4, ?5 WHERE (SELECT COUNT(*) FROM note_comments WHERE org_uid = ?2 AND appointment_uid = ?1) < ?6",
        &[
            s(appointment.as_str()),
            s(org.as_str()),
            s(author),
            s(message),
            s(&timestamp(now)),
            n(COMMENTS_MAX.into()),
        ],
    )
}
