//! Seed 002's clinical records (episodes of care, attachments, patient
//! documents, reports) as its surface shows them. Frontdesk's `/v1`
//! already reads seed 002's bodies for these, so only the answers are
//! reshaped here.

use serde::Serialize;

use crate::records::episode::EpisodeStatus;
use crate::view::records::{Attachment, EncounterReport, Episode};

/// An episode, in seed 002's two forms: listed for a patient (with
/// `patientId`), or alone (with `soloPatientId` and `externalPatientId`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EpisodeOut {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patient_id: Option<String>,
    pub name: String,
    pub from: String,
    pub to: Option<String>,
    #[serde(rename = "type")]
    pub kind: String,
    /// Lower case, as seed 002 answers (`planning`).
    pub status: String,
    pub objective: Option<String>,
    pub reason_incomplete: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub solo_patient_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_patient_id: Option<String>,
}

/// Who the episode's patient is to seed 002.
pub enum EpisodeForm {
    /// In a patient's list: `patientId`, the client's id for them.
    Listed { patient_id: String },
    /// Alone: the SPID and the client's id.
    Alone { spid: Option<i64>, external: String },
}

pub fn status(s: EpisodeStatus) -> String {
    s.as_str().to_ascii_lowercase()
}

pub fn episode_out(e: Episode, form: EpisodeForm) -> EpisodeOut {
    let (patient_id, solo_patient_id, external_patient_id) = match form {
        EpisodeForm::Listed { patient_id } => (Some(patient_id), None, None),
        EpisodeForm::Alone { spid, external } => (None, spid, Some(external)),
    };
    EpisodeOut {
        id: e.episode_uid.as_str().to_owned(),
        patient_id,
        name: e.name,
        from: e.from,
        to: e.to,
        kind: e.kind,
        status: status(e.status),
        objective: e.objective,
        reason_incomplete: e.reason_incomplete,
        solo_patient_id,
        external_patient_id,
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EpisodeCreated {
    pub episode_id: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Episodes {
    pub episodes: Vec<EpisodeOut>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EpisodeAppointmentOut {
    /// The SAID.
    pub appointment_id: i64,
    /// Unix seconds.
    pub date: i64,
    pub reasons: Vec<String>,
    pub has_notes: bool,
    pub episode_of_care_id: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EpisodeAppointments {
    pub episode: EpisodeOut,
    pub appointments: Vec<EpisodeAppointmentOut>,
}

/// `PUT /qapi/v1/appointments/{id}/episode/assign`'s answer.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EpisodeAssigned {
    pub appointment_id: i64,
    pub episode_of_care_id: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentOut {
    pub id: String,
    pub appointment_id: String,
    pub title: String,
    pub mime_type: String,
    pub size: u64,
    pub uploaded_at: String,
    pub deleted: bool,
}

impl From<Attachment> for AttachmentOut {
    fn from(a: Attachment) -> Self {
        AttachmentOut {
            id: a.attachment_uid.as_str().to_owned(),
            appointment_id: a.appointment_uid.as_str().to_owned(),
            title: a.title,
            mime_type: a.mime_type,
            size: a.size,
            uploaded_at: a.uploaded_at,
            deleted: a.deleted,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AttachmentsOut {
    pub attachments: Vec<AttachmentOut>,
}

/// The types seed 002 takes, in its own words.
pub const MIME_TYPES: [&str; 5] = [
    "application/pdf",
    "application/x-pdf",
    "image/pdf",
    "image/png",
    "image/jpeg",
];

/// Seed 002's refusal of an upload of another type, word for word.
pub fn unsupported_mime(given: &str) -> String {
    let listed: Vec<String> = MIME_TYPES.iter().map(|m| format!("\"{m}\"")).collect();
    let given: String = given
        .chars()
        .filter(|c| !c.is_control())
        .take(100)
        .collect();
    format!(
        "Mime type \"{given}\" not supported. Available file mime-types: {}",
        listed.join(", ")
    )
}

/// Seed 002's error body, for the one refusal whose words the seed gives
/// (an upload's type).
#[derive(Debug, Clone, Serialize)]
pub struct SoloErrorBody {
    pub error: SoloMessage,
}

#[derive(Debug, Clone, Serialize)]
pub struct SoloMessage {
    pub message: String,
}

/// `{id, status}` of an encounter report.
#[derive(Debug, Clone, Serialize)]
pub struct ReportOut {
    pub id: String,
    pub status: String,
}

impl From<EncounterReport> for ReportOut {
    fn from(r: EncounterReport) -> Self {
        let status = serde_json::to_value(r.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        ReportOut {
            id: r.report_uid.as_str().to_owned(),
            status,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_lower_case_and_mime_refusals_read_as_the_seeds() {
        assert_eq!(status(EpisodeStatus::Onhold), "onhold");
        assert_eq!(
            unsupported_mime("text/plain"),
            "Mime type \"text/plain\" not supported. Available file mime-types: \"application/pdf\", \"application/x-pdf\", \"image/pdf\", \"image/png\", \"image/jpeg\""
        );
        assert!(!unsupported_mime("a\nb").contains('\n'));
    }
}
