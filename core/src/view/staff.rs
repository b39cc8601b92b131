//! Staff users and their sessions.

use serde::{Deserialize, Serialize};

use crate::ids::{DoctorUid, OrgUid, ShopUid, StaffUid};
use crate::staff::Role;

/// A staff user of the organisation.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Staff {
    pub staff_uid: StaffUid,
    /// Lower-cased; one account per address in an organisation.
    pub email: String,
    pub name: String,
    pub role: Role,
    /// The doctor a `doctor` signs in as; `null` for an admin.
    pub doctor_uid: Option<DoctorUid>,
    /// `false` once deactivated: the user cannot sign in, and their
    /// sessions have ended.
    pub active: bool,
    /// For SMS reminders (E.164); `null` when none.
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::phone::E164>"))]
    pub mobile_phone: Option<String>,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub created_at: String,
}

/// The answer to a sign-in request: the same whether or not the address
/// belongs to anyone, so it tells a stranger nothing.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SignInRequested {
    pub message: &'static str,
}

/// The signed-in user, and where their session stands.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Session {
    pub organization_uid: OrgUid,
    pub staff: Staff,
    /// A doctor's shop, whose waiting room the doctor portal shows;
    /// `null` for an admin.
    pub shop_uid: Option<ShopUid>,
    /// That shop's IANA time zone, in which availability is kept.
    pub shop_time_zone: Option<String>,
    /// A doctor's mobile number for SMS reminders (E.164), as the doctor
    /// portal's settings show it; `null` when none or for an admin.
    pub mobile_phone: Option<String>,
    /// When the session ends unless used before (12 hours idle).
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub idle_expires_at: String,
}

/// How many sessions a sign-out ended.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SignedOut {
    pub sessions_ended: u32,
}
