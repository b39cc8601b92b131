//! API keys, as an admin lists them (never their secret or its hash).

use serde::Serialize;

use crate::auth::Scope;
use crate::ids::DoctorUid;

/// An API key as listed; the secret is never shown again.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "ApiKeyInfo"))]
pub struct ApiKey {
    #[cfg_attr(feature = "schema", schemars(with = "crate::view::strings::KeyId"))]
    pub key_id: String,
    pub name: String,
    /// The doctor the key is bound to; `null` for an unbound key.
    pub doctor_uid: Option<DoctorUid>,
    /// The key's scopes. Unique, in the order `waiting_room:read`,
    /// `waiting_room:write`, `appointments:read`, `appointments:write`,
    /// `availability:write`, `admin`.
    pub scopes: Vec<Scope>,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub created_at: String,
    /// When the key was revoked; `null` while active.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::api_doc::schema::Timestamp>")
    )]
    pub revoked_at: Option<String>,
}

/// A new key: the only time its secret is shown.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ApiKeyCreated {
    #[cfg_attr(feature = "schema", schemars(with = "crate::view::strings::KeyId"))]
    pub key_id: String,
    pub name: String,
    /// Unique, in the order `waiting_room:read`, `waiting_room:write`,
    /// `appointments:read`, `appointments:write`, `availability:write`,
    /// `admin`.
    pub scopes: Vec<Scope>,
    /// The doctor the key is bound to; `null` for an unbound key.
    pub doctor_uid: Option<DoctorUid>,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub created_at: String,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::view::strings::ApiKeySecret")
    )]
    pub api_key: String,
}

/// A revoked key.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ApiKeyRevoked {
    pub key_id: String,
    /// Always `true`.
    #[cfg_attr(feature = "schema", schemars(extend("const" = true)))]
    pub revoked: bool,
}
