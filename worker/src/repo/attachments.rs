//! `attachments` (the metadata of visit files kept in R2),
//! `patient_documents`, and the R2 bucket itself ([`Files`]), which also
//! keeps the encounter reports' archives.

use frontdesk_core::ids::{
    AppointmentUid, AttachmentUid, DocumentUid, OrgUid, PatientProfileUid, ReportUid,
};
use frontdesk_core::records::attachment::PER_VISIT_MAX;
use frontdesk_core::view::records::{Attachment, DocumentResponse, PatientDocument};
use serde::Deserialize;

use super::{column, n, s, Db, Statement};
use crate::error::ApiResult;

/// The most documents one patient's list shows.
pub const DOCUMENTS_MAX: u32 = 500;

#[derive(Deserialize)]
struct Row {
    attachment_uid: AttachmentUid,
    appointment_uid: AppointmentUid,
    title: String,
    mime_type: String,
    size: f64,
    uploaded_at: String,
    #[serde(deserialize_with = "column::flag")]
    deleted: bool,
}

impl From<Row> for Attachment {
    fn from(r: Row) -> Self {
        Attachment {
            attachment_uid: r.attachment_uid,
            appointment_uid: r.appointment_uid,
            title: r.title,
            mime_type: r.mime_type,
            size: r.size as u64,
            uploaded_at: r.uploaded_at,
            deleted: r.deleted,
        }
    }
}

const COLUMNS: &str =
    "attachment_uid, appointment_uid, title, mime_type, size, uploaded_at, deleted";

/// The attachment's row, unless the visit has [`PER_VISIT_MAX`] already.
pub fn insert(db: &Db, org: &OrgUid, a: &Attachment) -> ApiResult<Statement> {
    db.prepare(
        "INSERT INTO attachments (attachment_uid, org_uid, appointment_uid, title, mime_type, size, uploaded_at, deleted) \
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, 0 WHERE (SELECT COUNT(*) FROM attachments WHERE org_uid = ?2 AND appointment_uid = ?3) < ?8",
        &[
            s(a.attachment_uid.as_str()),
            s(org.as_str()),
            s(a.appointment_uid.as_str()),
            s(&a.title),
            s(&a.mime_type),
            n(a.size as i64),
            s(&a.uploaded_at),
            n(PER_VISIT_MAX.into()),
        ],
    )
}

pub async fn list(
    db: &Db,
    org: &OrgUid,
    appointment: &AppointmentUid,
) -> ApiResult<Vec<Attachment>> {
    let rows: Vec<Row> = db
        .all(
            &format!("SELECT {COLUMNS} FROM attachments WHERE org_uid = ?1 AND appointment_uid = ?2 ORDER BY uploaded_at, attachment_uid LIMIT ?3"),
            &[s(org.as_str()), s(appointment.as_str()), n(PER_VISIT_MAX.into())],
        )
        .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

pub async fn find(
    db: &Db,
    org: &OrgUid,
    appointment: &AppointmentUid,
    uid: &AttachmentUid,
) -> ApiResult<Option<Attachment>> {
    let row: Option<Row> = db
        .first(
            &format!("SELECT {COLUMNS} FROM attachments WHERE org_uid = ?1 AND appointment_uid = ?2 AND attachment_uid = ?3"),
            &[s(org.as_str()), s(appointment.as_str()), s(uid.as_str())],
        )
        .await?;
    Ok(row.map(Into::into))
}

pub fn soft_delete(
    db: &Db,
    org: &OrgUid,
    appointment: &AppointmentUid,
    uid: &AttachmentUid,
) -> ApiResult<Statement> {
    db.prepare(
        "UPDATE attachments SET deleted = 1 WHERE org_uid = ?1 AND appointment_uid = ?2 AND attachment_uid = ?3 AND deleted = 0",
        &[s(org.as_str()), s(appointment.as_str()), s(uid.as_str())],
    )
}

pub fn insert_document(db: &Db, org: &OrgUid, d: &PatientDocument) -> ApiResult<Statement> {
    #[derive(serde::Serialize)]
    struct Pair<'a> {
        question: &'a str,
        response: &'a str,
    }
    let pairs: Vec<Pair<'_>> = d
        .responses
        .iter()
        .map(|r| Pair {
            question: &r.question,
            response: &r.response,
        })
        .collect();
    db.prepare(
        "INSERT INTO patient_documents (document_uid, org_uid, patient_uid, name, date_time, responses, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        &[
            s(d.document_uid.as_str()),
            s(org.as_str()),
            s(d.patient_uid.as_str()),
            s(&d.name),
            s(&d.date_time),
            s(&serde_json::to_string(&pairs)?),
            s(&d.created_at),
        ],
    )
}

pub async fn documents(
    db: &Db,
    org: &OrgUid,
    patient: &PatientProfileUid,
) -> ApiResult<Vec<PatientDocument>> {
    #[derive(Deserialize)]
    struct Pair {
        question: String,
        response: String,
    }
    #[derive(Deserialize)]
    struct DocRow {
        document_uid: DocumentUid,
        patient_uid: PatientProfileUid,
        name: String,
        date_time: String,
        #[serde(deserialize_with = "column::json")]
        responses: Vec<Pair>,
        created_at: String,
    }
    let rows: Vec<DocRow> = db
        .all(
            "SELECT document_uid, patient_uid, name, date_time, responses, created_at FROM patient_documents \
             WHERE org_uid = ?1 AND patient_uid = ?2 ORDER BY created_at, document_uid LIMIT ?3",
            &[s(org.as_str()), s(patient.as_str()), n(DOCUMENTS_MAX.into())],
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| PatientDocument {
            document_uid: r.document_uid,
            patient_uid: r.patient_uid,
            name: r.name,
            date_time: r.date_time,
            responses: r
                .responses
                .into_iter()
                .map(|p| DocumentResponse {
                    question: p.question,
                    response: p.response,
                })
                .collect(),
            created_at: r.created_at,
        })
        .collect())
}

/// The attachments' bytes, in R2 (binding `ATTACHMENTS`), under
/// `{org_uid}/{appointment_uid}/{attachment_uid}`.
pub struct Files(worker::Bucket);

impl Files {
    pub fn new(env: &worker::Env) -> ApiResult<Files> {
        Ok(Files(env.bucket("ATTACHMENTS")?))
    }

    fn key(org: &OrgUid, appointment: &AppointmentUid, uid: &AttachmentUid) -> String {
        format!("{org}/{appointment}/{uid}")
    }

    pub async fn put(
        &self,
        org: &OrgUid,
        appointment: &AppointmentUid,
        uid: &AttachmentUid,
        bytes: Vec<u8>,
    ) -> ApiResult<()> {
        self.0
            .put(Self::key(org, appointment, uid), bytes)
            .execute()
            .await?;
        Ok(())
    }

    /// The bytes as a stream for a response, if they are there.
    pub async fn get(
        &self,
        org: &OrgUid,
        appointment: &AppointmentUid,
        uid: &AttachmentUid,
    ) -> ApiResult<Option<worker::ResponseBody>> {
        let Some(object) = self
            .0
            .get(Self::key(org, appointment, uid))
            .execute()
            .await?
        else {
            return Ok(None);
        };
        Ok(object.body().map(|b| b.response_body()).transpose()?)
    }

    /// An encounter report's archive (`reports/{org_uid}/{report_uid}.zip`).
    pub async fn put_report(&self, org: &OrgUid, uid: &ReportUid, bytes: Vec<u8>) -> ApiResult<()> {
        self.0
            .put(format!("reports/{org}/{uid}.zip"), bytes)
            .execute()
            .await?;
        Ok(())
    }

    pub async fn get_report(
        &self,
        org: &OrgUid,
        uid: &ReportUid,
    ) -> ApiResult<Option<worker::ResponseBody>> {
        let Some(object) = self
            .0
            .get(format!("reports/{org}/{uid}.zip"))
            .execute()
            .await?
        else {
            return Ok(None);
        };
        Ok(object.body().map(|b| b.response_body()).transpose()?)
    }

    pub async fn delete_report(&self, org: &OrgUid, uid: &ReportUid) -> ApiResult<()> {
        self.0.delete(format!("reports/{org}/{uid}.zip")).await?;
        Ok(())
    }

    pub async fn delete(
        &self,
        org: &OrgUid,
        appointment: &AppointmentUid,
        uid: &AttachmentUid,
    ) -> ApiResult<()> {
        self.0.delete(Self::key(org, appointment, uid)).await?;
        Ok(())
    }
}
