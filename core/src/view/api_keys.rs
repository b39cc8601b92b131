//! API keys, as an admin lists them (never their secret or its hash).

use serde::Serialize;

use crate::auth::Scope;
use crate::ids::DoctorUid;

#[derive(Debug, Clone, Serialize)]
pub struct ApiKey {
    pub key_id: String,
    pub name: String,
    pub doctor_uid: Option<DoctorUid>,
    pub scopes: Vec<Scope>,
    pub created_at: String,
    pub revoked_at: Option<String>,
}
