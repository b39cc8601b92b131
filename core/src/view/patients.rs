//! Patient records (seed 002), and a patient's past visits (seed 004).

use serde::Serialize;
use serde_json::{Map, Value};

use crate::ids::{AppointmentTypeUid, DoctorUid, PatientProfileUid, ShopUid};

/// A record as stored (seed 002's demographics, validated by
/// [`crate::patient::Demographics`] when written), with its uid and times.
#[derive(Debug, Clone, Serialize)]
pub struct Patient {
    pub patient_uid: PatientProfileUid,
    #[serde(flatten)]
    pub record: Map<String, Value>,
    pub created_at: String,
    pub updated_at: String,
}

/// A completed visit: the appointment as the shop last showed it, with the
/// names of its doctor and type and the clinic's address.
#[derive(Debug, Clone, Serialize)]
pub struct PastAppointment {
    #[serde(flatten)]
    pub appointment: Map<String, Value>,
    pub doctor: PastDoctor,
    pub appointment_type: NamedType,
    pub shop: Clinic,
}

#[derive(Debug, Clone, Serialize)]
pub struct PastDoctor {
    pub doctor_uid: DoctorUid,
    /// None when the doctor was removed since.
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NamedType {
    pub appointment_type_uid: AppointmentTypeUid,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Clinic {
    pub shop_uid: ShopUid,
    pub name: String,
    pub address: String,
}
