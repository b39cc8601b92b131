//! Shops and doctors.

use serde::Serialize;

use crate::ids::{DoctorUid, OrgUid, ShopUid, VideoRoomId};
use crate::phone::E164;

/// One clinic location, with its own waiting room.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Shop {
    pub shop_uid: ShopUid,
    pub name: String,
    pub address: String,
    /// IANA time zone.
    pub time_zone: String,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub created_at: String,
    /// Seed 002's waiting-room classification (`serviceLine`), if set.
    pub service_line: Option<String>,
    /// Seed 002's `serviceType`, if set.
    pub service_type: Option<String>,
}

/// A doctor, who belongs to exactly one shop.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Doctor {
    pub doctor_uid: DoctorUid,
    pub shop_uid: ShopUid,
    pub name: String,
    /// The doctor's persistent room (seed 001's `persistent_per_provider`).
    /// Under the organisation's `per_visit` setting, each visit gets a fresh
    /// room instead. Never shown to patients: they join through their per-visit
    /// link.
    pub video_room_id: VideoRoomId,
    /// The doctor's mobile number in E.164, for SMS reminders (seed 001); set
    /// with `PUT /v1/management/doctors/{doctor_uid}/mobile-phone`.
    pub mobile_phone: Option<E164>,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub created_at: String,
}

/// `POST /v1/operator/organizations`' answer: the organisation and its
/// first admin key, whose secret is shown only here.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OrganizationCreated {
    pub organization_uid: OrgUid,
    pub name: String,
    /// The organisation's default country for phone numbers, upper case.
    #[cfg_attr(
        feature = "schema",
        schemars(regex(pattern = "^[A-Z]{2}$"), extend("example" = "US"))
    )]
    pub default_country: String,
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::api_doc::schema::Timestamp")
    )]
    pub created_at: String,
    /// The organisation's first key, named `Initial admin key`, with every
    /// scope and bound to no doctor. Shown only here.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "crate::view::strings::ApiKeySecret")
    )]
    pub api_key: String,
    #[cfg_attr(feature = "schema", schemars(with = "crate::view::strings::KeyId"))]
    pub key_id: String,
}

/// A doctor's mobile number after a change.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DoctorMobilePhone {
    pub doctor_uid: DoctorUid,
    /// The number as stored, in E.164; `null` when removed.
    pub mobile_phone: Option<E164>,
}
