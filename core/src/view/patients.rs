//! Patient records (seed 002), and a patient's past visits (seed 004).

use serde::Serialize;
use serde_json::{Map, Value};

use crate::ids::{AppointmentTypeUid, DoctorUid, PatientProfileUid, ShopUid};

/// A patient record as stored (seed 002's demographics, validated by
/// `Demographics` when written): every field is present, phone numbers in
/// E.164, with the record's `patient_uid`, `created_at` and `updated_at`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Patient {
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::patient::schema::PatientUid")
    )]
    pub patient_uid: PatientProfileUid,
    #[serde(flatten)]
    #[cfg_attr(feature = "schema", schemars(with = "crate::patient::schema::Stored"))]
    pub record: Map<String, Value>,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub created_at: String,
    /// When the record was last created, replaced or patched.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub updated_at: String,
}

/// A completed appointment (as `Appointment`) with what a call-center
/// agent shows: the doctor's and the appointment type's names and the
/// clinic's name and address.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PastAppointment {
    /// The appointment as staff see it.
    #[serde(flatten)]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::view::calendar::AppointmentView")
    )]
    pub appointment: Map<String, Value>,
    /// `null` for a pool appointment completed before any doctor took it.
    pub doctor: Option<PastDoctor>,
    pub appointment_type: NamedType,
    pub shop: Clinic,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PastDoctor {
    pub doctor_uid: DoctorUid,
    /// `null` if the doctor no longer exists.
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NamedType {
    pub appointment_type_uid: AppointmentTypeUid,
    /// `null` if the type no longer exists.
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Clinic {
    pub shop_uid: ShopUid,
    pub name: String,
    pub address: String,
}

/// The patients a search found, ordered by `patient_uid`; not paged (a
/// phone search returns at most 100).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PatientSearchResult {
    pub data: Vec<Patient>,
}

/// A patient's completed visits.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "PastAppointmentListing"))]
pub struct PastAppointments {
    /// Newest first (by `start`); at most `limit`.
    pub data: Vec<PastAppointment>,
}

/// A new patient and their first appointment.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PatientWithAppointment {
    pub patient: Patient,
    /// Its `patient_profile_uid` is the new patient's `patient_uid`.
    pub appointment: crate::view::calendar::AppointmentView,
}
