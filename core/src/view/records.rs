//! Clinical records as the API shows them (seed 002): episodes of care
//! and the appointments assigned to them. Seed 002's own field names
//! (`type`, `from`, `to`, `reasonIncomplete`) are kept, so the vendor
//! surface can render them unchanged.

use serde::Serialize;

use crate::calendar::appointment::AppointmentStatus;
use crate::ids::{
    AppointmentUid, AttachmentUid, DoctorUid, DocumentUid, EpisodeUid, NoteTemplateUid,
    PatientProfileUid, ShopUid,
};
use crate::records::episode::EpisodeStatus;
use crate::records::note::{Answer, Flow};

/// An episode of care.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Episode {
    pub episode_uid: EpisodeUid,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::patient::schema::PatientUid")
    )]
    pub patient_uid: PatientProfileUid,
    pub name: String,
    /// The clinic's own episode type (seed 002's "predefined string").
    #[serde(rename = "type")]
    pub kind: String,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::ScheduleDate")
    )]
    pub from: String,
    /// `null` while open-ended.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::api_doc::schema::ScheduleDate>")
    )]
    pub to: Option<String>,
    pub status: EpisodeStatus,
    pub objective: Option<String>,
    /// Why the episode did not finish, when it did not.
    #[serde(rename = "reasonIncomplete")]
    pub reason_incomplete: Option<String>,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub created_at: String,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub updated_at: String,
}

/// An appointment of an episode, as its list shows it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EpisodeAppointment {
    pub appointment_uid: AppointmentUid,
    pub status: AppointmentStatus,
    pub shop_uid: ShopUid,
    /// `null` while in the shop's pool.
    pub doctor_uid: Option<DoctorUid>,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub start: String,
    pub episode_of_care_uid: EpisodeUid,
    /// Whether the visit's note has an answer or a comment.
    #[serde(rename = "hasNotes")]
    pub has_notes: bool,
}

/// `GET /v1/management/episodes/{episode_uid}/appointments`: the episode
/// and its appointments, earliest first.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EpisodeAppointments {
    pub episode: Episode,
    pub appointments: Vec<EpisodeAppointment>,
}

/// `PUT /v1/management/appointments/{appointment_uid}/episode`: where the
/// appointment now belongs.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AppointmentEpisode {
    pub appointment_uid: AppointmentUid,
    /// `null` once taken out of its episode.
    pub episode_of_care_uid: Option<EpisodeUid>,
}

/// A visit-note template.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NoteTemplate {
    pub template_uid: NoteTemplateUid,
    pub name: String,
    pub flow: Flow,
    /// The shops whose visits may use it; `[]` for every shop.
    pub shop_uids: Vec<ShopUid>,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub created_at: String,
}

/// `GET /v1/management/note-templates`: every template (at most 200),
/// ordered by `template_uid`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NoteTemplates {
    pub data: Vec<NoteTemplate>,
}

/// A comment on a visit's note.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Comment {
    /// The API key or staff user who wrote it.
    pub author: String,
    pub message: String,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub posted_at: String,
}

/// A visit's note. Its `version` is also the `ETag` of the answer that
/// carries it (`"v{version}"`), to send back as `If-Match`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct VisitNote {
    pub appointment_uid: AppointmentUid,
    /// `null` until the note is first written.
    pub template: Option<NoteTemplate>,
    pub answers: Vec<Answer>,
    /// Oldest first.
    pub comments: Vec<Comment>,
    /// 0 before the first write; one more with each.
    pub version: i64,
}

/// A visit's attachment (seed 002), without its bytes.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Attachment {
    pub attachment_uid: AttachmentUid,
    pub appointment_uid: AppointmentUid,
    /// The file's name as shown (the upload's `fileName`, cleaned).
    pub title: String,
    /// `application/pdf`, `image/png` or `image/jpeg`, from the file's
    /// first bytes.
    pub mime_type: String,
    /// Bytes.
    pub size: u64,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub uploaded_at: String,
    /// Deleted attachments stay listed, and cannot be downloaded.
    pub deleted: bool,
}

/// A visit's attachments, oldest first.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Attachments {
    pub attachments: Vec<Attachment>,
}

/// A download link for one attachment.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DownloadLink {
    /// `GET` it, with no credential, before `expires_at`.
    #[cfg_attr(feature = "schema", schemars(url))]
    pub url: String,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub expires_at: String,
}

/// One question and its answer in a patient document.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DocumentResponse {
    pub question: String,
    pub response: String,
}

/// A patient document (seed 002): a named, dated set of answers.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PatientDocument {
    pub document_uid: DocumentUid,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::patient::schema::PatientUid")
    )]
    pub patient_uid: PatientProfileUid,
    pub name: String,
    #[serde(rename = "dateTime")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub date_time: String,
    pub responses: Vec<DocumentResponse>,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub created_at: String,
}

/// A patient's documents, oldest first.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PatientDocuments {
    pub data: Vec<PatientDocument>,
}

/// Where an encounter report stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum ReportStatus {
    Pending,
    Completed,
    Failed,
}

/// An encounter report, ordered and made in the background.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EncounterReport {
    pub report_uid: crate::ids::ReportUid,
    pub status: ReportStatus,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub from: String,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub to: String,
    /// The visits in it, once completed.
    pub rows: Option<u64>,
    /// The archive's bytes, once completed.
    pub size: Option<u64>,
    /// Why it failed, when it did.
    pub error: Option<String>,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub created_at: String,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::api_doc::schema::Timestamp>")
    )]
    pub completed_at: Option<String>,
    /// After this the archive is gone (410).
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::api_doc::schema::Timestamp>")
    )]
    pub expires_at: Option<String>,
}
