//! The audit log, newest first.

use serde::Serialize;

/// One recorded action on a sensitive object.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AuditEntry {
    /// Increasing with time; the cursor of the next page is the last entry's
    /// id.
    pub id: i64,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub at: String,
    /// Who acted: the `key_id` of the API key.
    pub actor: String,
    /// What was done: `booking_secret.created`, `booking_secret.revealed`,
    /// `booking_secret.revoked`; for patient records `patient.created`,
    /// `patient.read`, `patient.read (search by phone)`, `patient.read (search
    /// by mrn)`, `patient.read (search by identifier)` (one entry per patient a
    /// search returned), `patient.read (past appointments)`, `patient.updated`
    /// (a replacement or a merge patch) and `patient.deactivated` (an update
    /// that set `active` from true to false). More kinds may be added.
    pub action: String,
    /// The object acted on: a booking secret's `key_id` or a patient's
    /// `patient_uid`.
    pub target: String,
    /// `ok`; `not_found` for a read or update of a `patient_uid` that does not
    /// exist; or `refused: <why>` for an attempt that was refused (e.g.
    /// `refused: revoked` for revealing a revoked secret).
    pub outcome: String,
}
