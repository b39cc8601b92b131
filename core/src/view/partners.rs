//! Partners and their booking-token secrets (never a secret's value here).

use serde::Serialize;

use crate::ids::PartnerUid;

/// A partner: a named group of booking secrets whose customers keep their
/// patients across secret rotation.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Partner {
    pub partner_id: PartnerUid,
    pub name: String,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub created_at: String,
}

/// A booking secret as listed, without its value.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "BookingSecretInfo"))]
pub struct BookingSecret {
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::view::strings::BookingSecretKeyId")
    )]
    pub key_id: String,
    pub name: String,
    pub partner_id: PartnerUid,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub created_at: String,
    /// When a booking token naming this key was last presented (kept to the
    /// minute); `null` if never.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::api_doc::schema::Timestamp>")
    )]
    pub last_used_at: Option<String>,
    /// When the secret was revoked; `null` while active.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::api_doc::schema::Timestamp>")
    )]
    pub revoked_at: Option<String>,
}

/// A new booking secret, with its value.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BookingSecretCreated {
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::view::strings::BookingSecretKeyId")
    )]
    pub key_id: String,
    pub name: String,
    pub partner_id: PartnerUid,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::view::strings::BookingSecretValue")
    )]
    pub secret: String,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub created_at: String,
}

/// An active booking secret's value, shown again.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BookingSecretRevealed {
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::view::strings::BookingSecretKeyId")
    )]
    pub key_id: String,
    pub name: String,
    pub partner_id: PartnerUid,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::view::strings::BookingSecretValue")
    )]
    pub secret: String,
}
