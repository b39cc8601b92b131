//! Partners and their booking-token secrets (never a secret's value here).

use serde::Serialize;

use crate::ids::PartnerUid;

#[derive(Debug, Clone, Serialize)]
pub struct Partner {
    pub partner_id: PartnerUid,
    pub name: String,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct BookingSecret {
    pub key_id: String,
    pub name: String,
    pub partner_id: PartnerUid,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}
